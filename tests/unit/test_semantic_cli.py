"""`cmdai history embed` (Ctrl-C and resume), run_semantic_search, the HTTP and llama.cpp models."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import numpy as np
import pytest

from cmdai.history.db import connect, write_txn
from cmdai.semantic.cache import text_hash
from cmdai.semantic.history import HistorySearcher, embed_history, embed_status, iter_documents
from cmdai.semantic.models import HashingModel, OllamaEmbeddingModel, OpenAIEmbeddingModel

REPO = Path(__file__).resolve().parents[2]


def fill(db, n: int) -> None:
    with write_txn(db):
        db.executemany("INSERT INTO history(command, session, seq, started_at, exit_code) VALUES (?,?,?,?,0)",
                       [(f"echo entry number {i}", "s", i, 1_700_000_000 + i) for i in range(n)])


# A driver that runs the real `embed` click command with a slow deterministic model that
# records every text it embeds (one line each) in a log file.
DRIVER = textwrap.dedent("""
    import sys, time
    import cmdai.semantic.models as models
    from cmdai.semantic.models import HashingModel

    class Slow(HashingModel):
        def __init__(self):
            super().__init__(32)
            self.model_id = "slow-test:32"
        def embed(self, texts):
            time.sleep(0.25)
            with open(sys.argv[1], "a") as fh:
                fh.write("".join(t.replace("\\n", " ") + "\\n" for t in texts))
            return super().embed(texts)

    models.model_from_config = lambda cfg=None, kind=None: Slow()
    from cmdai.cli.semantic import embed
    embed.main(sys.argv[2:], prog_name="cmdai history embed")
""")


def run_driver(tmp_path: Path, log: Path, *args: str, **kw):
    script = tmp_path / "driver.py"
    script.write_text(DRIVER)
    return subprocess.Popen([sys.executable, str(script), str(log), *args], env=dict(os.environ),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **kw)


def test_ctrl_c_during_embed_keeps_done_batches_and_resume_does_not_recompute(tmp_path):
    db = connect()
    fill(db, 200)
    log = tmp_path / "embedded.log"
    p = run_driver(tmp_path, log, "--batch-size", "10")
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:  # wait until a few batches are committed
        if log.exists() and len(log.read_text().splitlines()) >= 30:
            break
        time.sleep(0.05)
    p.send_signal(signal.SIGINT)
    out, err = p.communicate(timeout=60)
    assert p.returncode == 130, err
    assert "interrupted" in err and "Traceback" not in err
    first = log.read_text().splitlines()
    assert 30 <= len(first) < 200
    model = HashingModel(32)
    model.model_id = "slow-test:32"
    done = embed_status(db, model).embedded
    # committed batches survived; at most the batch in flight (10 texts, logged before its commit) is lost
    assert max(20, len(first) - 10) <= done <= len(first)
    # resume: only the rest is embedded, nothing that was stored is recomputed
    p2 = run_driver(tmp_path, log, "--batch-size", "50", "--json")
    out, err = p2.communicate(timeout=120)
    assert p2.returncode == 0, err
    assert json.loads(out)["embedded"] == 200 - done
    second = log.read_text().splitlines()[len(first):]
    assert len(second) == 200 - done
    stored_before = set(first[:done])
    assert not stored_before & set(second)
    st = embed_status(db, model)
    assert (st.embedded, st.pending) == (200, 0)


def test_embed_status_json_and_plain(tmp_path):
    db = connect()
    fill(db, 5)
    log = tmp_path / "e.log"
    p = run_driver(tmp_path, log, "--status", "--json")
    out, err = p.communicate(timeout=60)
    assert p.returncode == 0, err
    st = json.loads(out)
    assert st["entries"] == 5 and st["pending"] == 5 and st["embedded"] == 0
    p = run_driver(tmp_path, log)
    out, _ = p.communicate(timeout=60)
    assert p.returncode == 0 and "embedded 5 entries" in out
    p = run_driver(tmp_path, log, "--status")
    out, _ = p.communicate(timeout=60)
    assert "pending: 0" in out


def test_run_semantic_search_prints_deduped_results(capsys):
    from cmdai.cli.semantic import run_semantic_search
    from cmdai.config import load

    db = connect()
    with write_txn(db):
        db.executemany("INSERT INTO history(command, session, seq, started_at, exit_code) VALUES (?,?,?,?,0)",
                       [("tar -czf site.tar.gz site/", "s", 1, 1.0), ("tar -czf site.tar.gz site/", "s", 2, 2.0),
                        ("git status", "s", 3, 3.0)])
    cfg = load()
    rc = run_semantic_search("pack the site folder into an archive", "hybrid", {}, 5, True,
                             model_kind="hash", db=db, cfg=cfg)
    out = json.loads(capsys.readouterr().out)
    assert rc == 0 and out[0]["command"] == "tar -czf site.tar.gz site/" and out[0]["count"] == 2
    rc = run_semantic_search("archive", "fts", {}, 5, False, db=db, cfg=cfg)
    text = capsys.readouterr().out
    assert rc == 1 and text == ""  # 'archive' is not a word of any command
    rc = run_semantic_search("site", "fts", {}, 5, False, db=db, cfg=cfg)
    assert rc == 0 and "2x" in capsys.readouterr().out
    rc = run_semantic_search("x", "bogus", {}, 5, False, model_kind="hash", db=db, cfg=cfg)
    assert rc == 2


# -- HTTP models against a loopback stand-in that speaks the documented protocols -------------


class _Handler(BaseHTTPRequestHandler):
    model = HashingModel(48)

    def do_POST(self):
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        inputs = body["input"] if isinstance(body["input"], list) else [body["input"]]
        vecs = (self.model.embed(inputs) * 3.0).tolist()  # not normalised: the client must do it
        if self.path == "/api/embed":
            data = {"model": body["model"], "embeddings": vecs}
        elif self.path == "/v1/embeddings":
            data = {"object": "list", "data": [{"index": i, "embedding": v} for i, v in enumerate(vecs)][::-1]}
        else:
            self.send_response(404)
            self.end_headers()
            return
        raw = json.dumps(data).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(raw)))
        self.end_headers()
        self.wfile.write(raw)

    def log_message(self, *a):
        pass


@pytest.fixture
def server():
    srv = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    t = threading.Thread(target=srv.serve_forever, daemon=True)
    t.start()
    yield f"http://127.0.0.1:{srv.server_address[1]}"
    srv.shutdown()
    srv.server_close()


@pytest.mark.parametrize("cls", [OllamaEmbeddingModel, OpenAIEmbeddingModel])
def test_http_models(server, cls):
    from cmdai.errors import BackendError

    m = cls(["http://127.0.0.1:1", server], "tiny", batch_size=2)  # the first url is down: fall back
    texts = ["ls -la", "git status", "docker ps"]
    v = m.embed(texts)
    assert v.shape == (3, 48) and m.dim == 48
    assert np.allclose(np.linalg.norm(v, axis=1), 1.0, atol=1e-5)
    assert np.allclose(v, HashingModel(48).embed(texts), atol=1e-5)  # order kept
    with pytest.raises(BackendError):
        cls(["http://127.0.0.1:1"], "tiny").embed(["x"])


# -- the real llama.cpp embedding model -------------------------------------------------------


@pytest.mark.model
def test_llama_embedding_model_on_the_bundled_gguf(model_path):
    from cmdai.semantic.models import LlamaEmbeddingModel

    m = LlamaEmbeddingModel(model_path, n_threads=2)
    v = m.embed(["list files in a directory", "ls -la", "x" * 20_000])
    assert v.dtype == np.float32 and v.shape == (3, m.dim) and m.dim > 100
    assert np.allclose(np.linalg.norm(v, axis=1), 1.0, atol=1e-4)
    assert np.allclose(m.embed(["ls -la"])[0], v[1], atol=1e-4)  # deterministic, batch-independent
    assert m.model_id.startswith("llama:") and model_path.name in m.model_id
    db = connect()
    fill(db, 3)
    assert embed_history(db, m) == 3
    res = HistorySearcher(db, m).search("entry number 2", mode="hybrid", limit=3)
    assert res[0].command == "echo entry number 2"
    hashes = {text_hash(t) for _, t in iter_documents(db)}
    assert len(hashes) == 3


# -- wiring: cmdai history search --semantic/--hybrid, history embed, --search, sync ------------

WIRING_CMDS = [
    "ffmpeg -i in.mp4 -vcodec libx265 -crf 28 out.mp4",
    "tar -xzvf node-v20.tar.gz",
    "git stash push -m wip",
    "ls -la",
    "git status",
    "git status",
]


def _cli(*args: str, env_extra: dict | None = None):
    from click.testing import CliRunner

    from cmdai.cli.main import cli

    env = {"CMDAI_SEMANTIC_MODEL": "hash", **(env_extra or {})}
    return CliRunner().invoke(cli, list(args), env=env, catch_exceptions=False)


@pytest.fixture
def hist(tmp_path, monkeypatch):
    monkeypatch.setenv("CMDAI_HOME", str(tmp_path))
    db = connect()
    with write_txn(db):
        db.executemany("INSERT INTO history(command, session, seq, started_at, exit_code, cwd) "
                       "VALUES (?,?,?,?,?,?)",
                       [(c, "s", i, 1_700_000_000 + i, 1 if c.startswith("tar") else 0, "/w")
                        for i, c in enumerate(WIRING_CMDS)])
    return db


def test_history_search_is_fts_before_embeddings_and_hybrid_after(hist):
    r = _cli("history", "search", "compress", "a", "video", "--json")
    assert r.exit_code == 0, r.output
    assert json.loads(r.output) == []  # by words: no row says "compress a video"
    r = _cli("history", "embed", "--json")
    assert r.exit_code == 0, r.output
    out = json.loads(r.output)
    assert out["model_id"].startswith("hash:") and out["embedded"] >= 5
    r = _cli("history", "search", "compress", "a", "video", "--json")  # now hybrid by default
    res = json.loads(r.output)
    assert res[0]["command"].startswith("ffmpeg") and "fts" in res[0]["match"]
    r = _cli("history", "search", "--fts", "compress", "a", "video", "--json")
    assert json.loads(r.output) == []


def test_history_search_semantic_json_dedupes_and_filters(hist):
    assert _cli("history", "embed").exit_code == 0
    r = _cli("history", "search", "--semantic", "state of the working tree", "--json")
    res = json.loads(r.output)
    statuses = [x for x in res if x["command"] == "git status"]
    assert len(statuses) == 1 and statuses[0]["count"] == 2 and statuses[0]["last_used"] is not None
    assert res and all("vector" in x["match"] for x in res)
    r = _cli("history", "search", "--hybrid", "unpack the tarball", "--exit", "fail", "--json")
    assert [x["command"] for x in json.loads(r.output)] == ["tar -xzvf node-v20.tar.gz"]
    r = _cli("history", "search", "--semantic", "unpack the tarball", "--exit", "ok", "--json")
    assert "tar -xzvf node-v20.tar.gz" not in [x["command"] for x in json.loads(r.output)]


def test_root_search_option_uses_hybrid_once_embedded(hist):
    r = _cli("--search", "shelve my work", "--output", "json")
    assert r.exit_code == 0
    r = _cli("history", "embed")
    assert r.exit_code == 0
    r = _cli("--search", "shelve my work", "--output", "json")
    assert r.exit_code == 0, r.output
    res = json.loads(r.output)
    assert res[0]["command"] == "git stash push -m wip" and "count" in res[0]


def test_sync_embeds_new_rows_only_after_opt_in(hist):
    from cmdai.semantic.history import embed_pending

    assert embed_pending(hist, 10) == 0  # nothing embedded yet: the user has not opted in
    assert _cli("history", "embed").exit_code == 0
    with write_txn(hist):
        hist.execute("INSERT INTO history(command, session, seq, started_at) VALUES ('uptime', 's', 99, 1)")
    r = _cli("history", "sync", "--json")
    assert r.exit_code == 0, r.output
    assert json.loads(r.output)["embedded"] == 1
    r = _cli("history", "embed", "--status", "--json")
    assert json.loads(r.output)["pending"] == 0


def test_deleting_the_last_row_of_a_command_drops_its_description(hist):
    from cmdai.history.store import HistoryStore
    from cmdai.semantic.history import doc_search, sync_docs

    assert sync_docs(hist) == 5
    assert doc_search(hist, "unpack archive", 5)[0][0].startswith("tar ")
    store = HistoryStore()
    ids = [i for (i,) in store.db.execute("SELECT id FROM history WHERE command LIKE 'tar %'")]
    store.delete(ids, purge=True)
    store.close()
    assert hist.execute("SELECT count(*) FROM sem_doc WHERE command LIKE 'tar %'").fetchall()[0][0] == 0
    assert [c for c, _ in doc_search(hist, "unpack archive", 5)] == []


def test_query_vectors_are_cached(hist):
    calls = []

    class Counting(HashingModel):
        def embed(self, texts):
            calls.append(list(texts))
            return super().embed(texts)

    m = Counting()
    embed_history(hist, m)
    calls.clear()
    s = HistorySearcher(hist, m)
    a = s.search("that command I used to shrink videos", mode="semantic")
    b = s.search("that command I used to shrink videos", mode="semantic")
    assert a == b and len(calls) == 1
