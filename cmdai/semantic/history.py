"""Semantic and hybrid search over the command history.

This is the adapter between :mod:`cmdai.semantic` and the history store: it reads the
``history`` table and its ``history_fts`` index directly with SQL (the columns of migrations
1-3), embeds what is not embedded yet, keeps the vector matrix of the history in
``<cache>/semantic/`` as ``.npy`` (memory-mapped by a cold CLI, extended in place when only new
rows arrived), applies filters before ranking, fuses FTS5 and vector rankings, and folds
identical commands into one result with their count and last use.
"""

from __future__ import annotations

import hashlib
import math
import os
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from .. import paths
from .cache import EmbeddingCache, text_hash
from .describe import GLOSS, document_text, normalise_query, query_terms
from .index import Hit, SemanticIndex, rrf
from .models import EmbeddingModel

MODES = ("hybrid", "semantic", "fts")
FILTER_KEYS = ("cwd", "under", "exit", "failed", "since", "until", "source", "host", "session")
_GLOSS_VERSION = hashlib.blake2b(repr(sorted(GLOSS.items())).encode(), digest_size=4).hexdigest()


def doc_version() -> str:
    """Changes whenever the document text of a command would (gloss tables, KB files)."""
    from .kbdesc import kb_version

    return f"{_GLOSS_VERSION}-{kb_version()}"


@dataclass
class SearchResult:
    command: str
    score: float
    count: int
    last_used: float | None
    id: int
    cwd: str | None = None
    exit_code: int | None = None
    request: str = ""
    source: str = "typed"
    match: list[str] = field(default_factory=list)  # "vector", "fts"

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


# ------------------------------------------------------------------------------------------------
# filters


def filter_sql(filters: dict[str, Any] | None, alias: str = "h") -> tuple[str, list[Any]]:
    """``WHERE`` fragment (starting with `` AND``) and parameters for the history filters."""
    if not filters:
        return "", []
    parts: list[str] = []
    args: list[Any] = []
    f = {k: v for k, v in filters.items() if v is not None}
    unknown = set(f) - set(FILTER_KEYS)
    if unknown:
        from ..errors import UsageError

        raise UsageError(f"unknown search filter(s): {', '.join(sorted(unknown))}")
    if "cwd" in f:
        parts.append(f"{alias}.cwd = ?")
        args.append(str(f["cwd"]))
    if "under" in f:
        base = str(f["under"]).rstrip("/") or "/"
        parts.append(f"({alias}.cwd = ? OR substr({alias}.cwd, 1, ?) = ?)")
        prefix = base if base.endswith("/") else base + "/"
        args += [base, len(prefix), prefix]
    if "exit" in f:
        parts.append(f"{alias}.exit_code = ?")
        args.append(int(f["exit"]))
    if f.get("failed") is True:
        parts.append(f"{alias}.exit_code != 0")
    elif f.get("failed") is False:
        parts.append(f"{alias}.exit_code = 0")
    if "since" in f:
        parts.append(f"{alias}.started_at >= ?")
        args.append(float(f["since"]))
    if "until" in f:
        parts.append(f"{alias}.started_at < ?")
        args.append(float(f["until"]))
    for key, col in (("source", "source"), ("host", "hostname"), ("session", "session")):
        if key in f:
            parts.append(f"{alias}.{col} = ?")
            args.append(str(f[key]))
    return ("".join(" AND " + p for p in parts), args)


# ------------------------------------------------------------------------------------------------
# embedding the history


def history_count(db: Any) -> tuple[int, int]:
    n, mx = db.execute("SELECT count(*), coalesce(max(id), 0) FROM history").fetchall()[0]
    return int(n), int(mx)


def iter_documents(db: Any, after_id: int = 0, batch: int = 5000):
    """Yield (id, document text) for history rows with id > after_id, in id order."""
    last = after_id
    memo: dict[tuple[str, str], str] = {}
    while True:
        rows = db.execute("SELECT id, command, request FROM history WHERE id > ? ORDER BY id LIMIT ?",
                          (last, batch)).fetchall()
        if not rows:
            return
        for i, cmd, req in rows:
            key = (cmd, req or "")
            doc = memo.get(key)
            if doc is None:
                doc = document_text(cmd, req or "")
                if len(memo) < 200_000:
                    memo[key] = doc
            yield int(i), doc
        last = int(rows[-1][0])


@dataclass
class EmbedStatus:
    model_id: str
    entries: int  # history rows
    distinct: int  # distinct documents
    embedded: int  # distinct documents with a vector for this model
    pending: int
    cached_vectors: int
    other_models: list[dict[str, Any]]

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def embed_status(db: Any, model: EmbeddingModel) -> EmbedStatus:
    cache = EmbeddingCache(db, model)
    known = cache.known_hashes()
    hashes = {text_hash(t) for _, t in iter_documents(db)}
    n, _ = history_count(db)
    done = len(hashes & known)
    others = [{"model_id": m, "dim": d, "vectors": c} for m, d, c in cache.models() if m != cache.model_id]
    return EmbedStatus(cache.model_id, n, len(hashes), done, len(hashes) - done, len(known), others)


def embed_history(db: Any, model: EmbeddingModel, *, batch_size: int = 64,
                  on_total: Callable[[int], None] | None = None,
                  progress: Callable[[int], None] | None = None) -> int:
    """Embed every history document that has no vector for ``model`` yet (committed per batch)."""
    cache = EmbeddingCache(db, model)
    known = cache.known_hashes()
    todo: dict[bytes, str] = {}
    for _, t in iter_documents(db):
        h = text_hash(t)
        if h not in known and h not in todo:
            todo[h] = t
    if on_total:
        on_total(len(todo))
    return cache.embed_missing(todo.values(), batch_size=batch_size, known=known, progress=progress)


# ------------------------------------------------------------------------------------------------
# the history index


def index_dir() -> Path:
    return paths.cache_dir() / "semantic"


def _slug(model_id: str) -> str:
    return "hist-" + hashlib.blake2b(model_id.encode(), digest_size=6).hexdigest()


def _db_identity(db: Any) -> str:
    try:
        name = db.db_filename("main")
    except Exception:
        name = ""
    return hashlib.blake2b(str(name).encode(), digest_size=6).hexdigest()


def load_history_index(db: Any, model: EmbeddingModel, *, embed_pending: int = 256,
                       save: bool = True) -> tuple[SemanticIndex, int]:
    """The vector index of the history for ``model`` and the number of rows left out (no vector).

    Uses the saved ``.npy`` when it matches the database (same rows), extends it when rows were
    only added, rebuilds it otherwise. Up to ``embed_pending`` missing documents are embedded on
    the fly; more than that are left for ``cmdai history embed``.
    """
    import numpy as np

    cache = EmbeddingCache(db, model)
    mid = cache.model_id
    n, mx = history_count(db)
    name = _slug(mid + _db_identity(db))
    stamp = {"model_id": mid, "gloss": doc_version(), "db": _db_identity(db)}
    d = index_dir()
    saved = SemanticIndex.load(d, name, stamp)
    import json

    meta: dict[str, Any] = {}
    if saved is not None:
        try:
            meta = json.loads((d / (name + ".json")).read_text())
        except (OSError, ValueError):
            saved = None
    if saved is not None and meta.get("count") == n and meta.get("max_id") == mx and meta.get("missing") == 0:
        saved.unique = _load_unique(d, name, meta.get("dedup"), len(saved))
        if saved.unique is None and save:  # saved by an older version: add the distinct rows
            saved.unique = dedup_rows(saved.matrix)
            token = os.urandom(6).hex()
            try:
                _save_unique(d, name, token, saved.unique)
                tmp = d / (name + f".json.{os.getpid()}.tmp")
                tmp.write_text(json.dumps({**meta, "dedup": token}))
                os.replace(tmp, d / (name + ".json"))
                _prune_unique(d, name, token)
            except OSError:
                pass
        return saved, 0
    base_ids: Any = None
    after = 0
    if (saved is not None and meta.get("missing") == 0 and isinstance(meta.get("max_id"), int)
            and meta["max_id"] <= mx and n - meta.get("count", 0) == _count_after(db, meta["max_id"])):
        base_ids, after = saved, int(meta["max_id"])  # only appended rows: extend
    docs = list(iter_documents(db, after))
    hashes = [text_hash(t) for _, t in docs]
    vecs = cache.get_many(list(dict.fromkeys(hashes)))
    missing = {h: t for h, (_, t) in zip(hashes, docs, strict=True) if h not in vecs}
    if missing and len(missing) <= embed_pending:
        cache.embed_missing(missing.values(), known=set(vecs))
        vecs.update(cache.get_many(list(missing)))
        missing = {}
    keep = [(i, h) for (i, _), h in zip(docs, hashes, strict=True) if h in vecs]
    dim = next(iter(vecs.values())).shape[0] if vecs else (saved.matrix.shape[1] if saved is not None else 1)
    new_m = np.empty((len(keep), dim), dtype=np.float32)
    for r, (_, h) in enumerate(keep):
        new_m[r] = vecs[h]
    new_ids = np.fromiter((i for i, _ in keep), dtype=np.int64, count=len(keep))
    if base_ids is not None:
        new_m = np.concatenate([np.asarray(base_ids.matrix), new_m]) if len(keep) else np.asarray(base_ids.matrix)
        new_ids = np.concatenate([base_ids.ids.astype(np.int64), new_ids])
    idx = SemanticIndex(new_ids, new_m, mid)
    left_out = len({h for h in missing})
    if save:
        # the distinct vectors are saved with the matrix (a cold CLI maps them instead of
        # de-duplicating 100k rows again); the token ties them to this very save
        idx.unique = dedup_rows(idx.matrix)
        token = os.urandom(6).hex()
        try:
            _save_unique(d, name, token, idx.unique)
            idx.save(d, name, {**stamp, "count": n, "max_id": mx, "missing": left_out, "dedup": token})
            _prune_unique(d, name, token)
        except OSError:
            pass
    return idx, left_out


_UNIQUE_PARTS = ("u", "inv", "first")


def dedup_rows(matrix: Any) -> tuple[Any, Any, Any]:
    """Distinct rows of ``matrix`` (a command run 100 times is one row), the row of each
    matrix row among them, and the first matrix row of each distinct row."""
    import numpy as np

    m = np.ascontiguousarray(matrix, dtype=np.float32)
    keys = m.view(np.dtype((np.void, m.dtype.itemsize * m.shape[1]))).ravel()
    _, first, inverse = np.unique(keys, return_index=True, return_inverse=True)
    return np.ascontiguousarray(m[first]), inverse.reshape(-1), first


def _unique_path(d: Path, name: str, token: str, part: str) -> Path:
    return d / f"{name}.{token}.{part}.npy"


def _save_unique(d: Path, name: str, token: str, unique: tuple[Any, Any, Any]) -> None:
    import numpy as np

    d.mkdir(parents=True, exist_ok=True)
    for part, arr in zip(_UNIQUE_PARTS, unique, strict=True):
        p = _unique_path(d, name, token, part)
        tmp = p.with_name(p.name + f".{os.getpid()}.tmp")
        with tmp.open("wb") as fh:
            np.save(fh, np.ascontiguousarray(arr))
        os.replace(tmp, p)


def _prune_unique(d: Path, name: str, token: str) -> None:
    for part in _UNIQUE_PARTS:
        for p in d.glob(f"{name}.*.{part}.npy"):
            if p.name != _unique_path(d, name, token, part).name:
                try:
                    p.unlink()
                except OSError:
                    pass


def _load_unique(d: Path, name: str, token: Any, rows: int) -> tuple[Any, Any, Any] | None:
    """The saved distinct rows of the index saved with ``token`` (memory-mapped), or None."""
    if not isinstance(token, str) or not token:
        return None
    import numpy as np

    try:
        u, inv, first = (np.load(_unique_path(d, name, token, part), mmap_mode="r") for part in _UNIQUE_PARTS)
    except (OSError, ValueError):
        return None
    if inv.shape != (rows,) or first.shape != (u.shape[0],) or u.ndim != 2:
        return None
    return u, inv, first


def _count_after(db: Any, after: int) -> int:
    return int(db.execute("SELECT count(*) FROM history WHERE id > ?", (after,)).fetchall()[0][0])


# ------------------------------------------------------------------------------------------------
# search


def fts_query(query: str, op: str = "OR") -> str | None:
    terms = query_terms(query)
    if not terms:
        return None
    return f" {op} ".join('"' + t.replace('"', '""') + '"' for t in terms)


def fts_search(db: Any, query: str, limit: int, filters: dict[str, Any] | None = None, *,
               op: str = "OR") -> list[tuple[int, float]]:
    """Rows matching the query words in FTS5 (all of them with ``op="AND"``), best bm25 first."""
    q = fts_query(query, op)
    if q is None:
        return []
    where, args = filter_sql(filters)
    sql = (f"SELECT h.id, bm25(history_fts) AS s FROM history_fts JOIN history h ON h.id = history_fts.rowid "
           f"WHERE history_fts MATCH ?{where} ORDER BY s LIMIT ?")
    return [(int(i), -float(s)) for i, s in db.execute(sql, (q, *args, limit))]


def _mask_for(db: Any, index: SemanticIndex, filters: dict[str, Any] | None) -> Any:
    import numpy as np

    where, args = filter_sql(filters)
    if not where:
        return None
    allowed = np.fromiter((r[0] for r in db.execute(f"SELECT h.id FROM history h WHERE 1{where}", args)),
                          dtype=np.int64)
    allowed.sort()
    ids = np.asarray(index.ids, dtype=np.int64)
    if allowed.size == 0:
        return np.zeros(ids.shape[0], dtype=bool)
    pos = np.searchsorted(allowed, ids)
    pos[pos >= allowed.size] = allowed.size - 1
    return allowed[pos] == ids


# ------------------------------------------------------------------------------------------------
# the word index of described commands (table sem_doc / sem_doc_fts, migration m_sem_docs)


def has_doc_index(db: Any) -> bool:
    try:
        db.execute("SELECT 1 FROM sem_doc LIMIT 0").fetchall()
        return True
    except Exception:
        return False


def sync_docs(db: Any, limit: int | None = None) -> int:
    """Describe (and word-index) up to ``limit`` distinct commands that have no description
    yet, or one made by an older description method. Returns how many were added."""
    from ..history.db import write_txn

    if not has_doc_index(db):
        return 0
    ver = doc_version()
    if db.execute("SELECT 1 FROM sem_doc WHERE version != ? LIMIT 1", (ver,)).fetchall():
        with write_txn(db):
            db.execute("DELETE FROM sem_doc_fts WHERE rowid IN (SELECT id FROM sem_doc WHERE version != ?)",
                       (ver,))
            db.execute("DELETE FROM sem_doc WHERE version != ?", (ver,))
    sql = ("SELECT h.command, max(h.request) FROM history h WHERE NOT EXISTS "
           "(SELECT 1 FROM sem_doc d WHERE d.command = h.command) GROUP BY h.command")
    rows = db.execute(sql + (" LIMIT ?" if limit else ""), (limit,) if limit else ()).fetchall()
    done = 0
    for s in range(0, len(rows), 1000):
        chunk = [(c, document_text(c, r or "")[len(c) + 1:]) for c, r in rows[s: s + 1000]]
        with write_txn(db):
            for cmd, desc in chunk:
                db.execute("INSERT OR IGNORE INTO sem_doc(command, version) VALUES (?, ?)", (cmd, ver))
                if db.changes():
                    db.execute("INSERT INTO sem_doc_fts(rowid, command, description) VALUES (?, ?, ?)",
                               (db.last_insert_rowid(), cmd[:20_000], desc[:20_000]))
                    done += 1
    return done


def sync_docs_once(db: Any, stamp: tuple[int, int] | None = None) -> int:
    """``sync_docs(db)`` unless it already ran to the end over this very history (same row
    count and highest id, same description method): a new process then skips the scan of
    every command for undescribed ones. The stamp lives next to the saved index."""
    import json

    n, mx = stamp if stamp is not None else history_count(db)
    f = index_dir() / f"docs-{_db_identity(db)}.json"
    key = {"count": n, "max_id": mx, "version": doc_version()}
    try:
        if json.loads(f.read_text()) == key:
            return 0
    except (OSError, ValueError):
        pass
    done = sync_docs(db, None)
    if has_doc_index(db):
        try:
            f.parent.mkdir(parents=True, exist_ok=True)
            tmp = f.with_name(f.name + f".{os.getpid()}.tmp")
            tmp.write_text(json.dumps(key))
            os.replace(tmp, f)
        except OSError:
            pass
    return done


def doc_search(db: Any, query: str, limit: int, filters: dict[str, Any] | None = None
               ) -> list[tuple[str, float]]:
    """Distinct commands whose description matches any query word (stemmed), best bm25 first."""
    q = fts_query(query, "OR")
    if q is None or not has_doc_index(db):
        return []
    where, args = filter_sql(filters)
    exists = f" AND EXISTS (SELECT 1 FROM history h WHERE h.command = d.command{where})" if where else ""
    sql = (f"SELECT d.command, bm25(sem_doc_fts, {DOC_CMD_WEIGHT}, 1.0) AS s FROM sem_doc_fts "
           f"JOIN sem_doc d ON d.id = sem_doc_fts.rowid "
           f"WHERE sem_doc_fts MATCH ?{exists} ORDER BY s LIMIT ?")
    try:
        return [(c, -float(sc)) for c, sc in db.execute(sql, (q, *args, limit))]
    except Exception:  # a query FTS5 cannot parse: no word ranking
        return []


QUERY_CACHE_SIZE = 512
DOC_CMD_WEIGHT = 0.5  # bm25 weight of the command's own words against its description's


class HistorySearcher:
    """Keeps the model, the history matrix and recent query vectors loaded (the daemon holds
    one of these)."""

    def __init__(self, db: Any, model: EmbeddingModel | None, *, fts_weight: float = 1.0,
                 vector_weight: float = 1.0, embed_pending: int = 256, rrf_k: int = 5):
        from collections import OrderedDict

        self.db = db
        self.model = model
        self.fts_weight = fts_weight
        self.vector_weight = vector_weight
        self.embed_pending = embed_pending
        self.rrf_k = rrf_k
        self.index: SemanticIndex | None = None
        self.left_out = 0
        self._stamp: tuple[int, int] | None = None
        self._cheap: tuple[int, int] | None = None
        self._unique: tuple[Any, Any, Any] | None = None
        self._qcache: OrderedDict[str, Any] = OrderedDict()

    def refresh(self) -> None:
        if self.model is None:
            return
        # PRAGMA data_version changes when another connection commits; total_changes when
        # this one does: both are free, unlike counting the rows on every search
        cheap = (int(self.db.execute("PRAGMA data_version").fetchall()[0][0]), self.db.total_changes())
        if self.index is not None and cheap == self._cheap:
            return
        self._cheap = cheap
        stamp = history_count(self.db)
        if self.index is None or stamp != self._stamp:
            self.index, self.left_out = load_history_index(self.db, self.model,
                                                           embed_pending=self.embed_pending)
            if self._stamp is None:
                sync_docs_once(self.db, stamp)
            else:
                sync_docs(self.db, 10_000)
            self._cheap = (int(self.db.execute("PRAGMA data_version").fetchall()[0][0]), self.db.total_changes())
            self._stamp = stamp
            self._unique = None

    def _dedup(self) -> tuple[Any, Any, Any]:
        """Distinct vectors of the index (a command run 100 times is one row), the row of each
        index row in it, and a representative index row per distinct vector. Built once per
        refresh (or mapped from the files saved with the index); the matrix-vector product then
        costs per distinct command, not per run."""
        if self._unique is None:
            assert self.index is not None
            self._unique = getattr(self.index, "unique", None) or dedup_rows(self.index.matrix)
        return self._unique

    def _vector_rows(self, qvec: Any, k: int, mask: Any) -> list[tuple[int, float]]:
        """Top ``k`` (history id, cosine) over distinct vectors, among rows allowed by ``mask``."""
        import numpy as np

        assert self.index is not None
        umat, inverse, first = self._dedup()
        rep = first
        if mask is not None:
            rows = np.flatnonzero(mask)
            if rows.size == 0:
                return []
            allowed = np.zeros(umat.shape[0], dtype=bool)
            allowed[inverse[rows]] = True
            rep = np.empty(umat.shape[0], dtype=np.int64)
            rep[inverse[rows]] = rows  # an allowed row of each distinct vector
            cand = np.flatnonzero(allowed)
            scores = umat[cand] @ qvec
        else:
            cand = None
            scores = umat @ qvec
        k = min(k, scores.shape[0])
        top = np.argpartition(-scores, k - 1)[:k] if k < scores.shape[0] else np.arange(scores.shape[0])
        top = top[np.argsort(-scores[top], kind="stable")]
        u = cand[top] if cand is not None else top
        ids = self.index.ids
        return [(int(ids[rep[j]]), float(scores[t])) for j, t in zip(u, top, strict=True)]

    def query_vector(self, query: str) -> Any:
        """The embedding of a (normalised) query, from a small LRU cache when it was seen."""
        assert self.model is not None
        key = normalise_query(query)
        v = self._qcache.get(key)
        if v is not None:
            self._qcache.move_to_end(key)
            return v
        v = self.model.embed([key])[0]
        self._qcache[key] = v
        if len(self._qcache) > QUERY_CACHE_SIZE:
            self._qcache.popitem(last=False)
        return v

    def search(self, query: str, *, mode: str = "hybrid", filters: dict[str, Any] | None = None,
               limit: int = 10) -> list[SearchResult]:
        if mode not in MODES:
            from ..errors import UsageError

            raise UsageError(f"unknown search mode {mode!r} (one of {', '.join(MODES)})")
        if not query.strip():
            return []
        if mode != "fts":
            self.refresh()
        depth = max(50, limit * 5)
        mask = _mask_for(self.db, self.index, filters) if (self.index is not None and mode != "fts") else None
        row_depth = depth * 4
        rows_cache: dict[int, tuple[str, str]] = {}

        def commands(ranked: Sequence[tuple[int, float]]) -> list[tuple[str, float]]:
            need = [i for i, _ in ranked if i not in rows_cache]
            for s in range(0, len(need), 500):
                chunk = need[s: s + 500]
                for i, c, r in self.db.execute(
                        f"SELECT id, command, request FROM history WHERE id IN ({','.join('?' * len(chunk))})",
                        chunk):
                    rows_cache[int(i)] = (c, r or "")
            out: list[tuple[str, float]] = []
            seen: set[str] = set()
            for i, s in ranked:
                c = rows_cache.get(i, ("", ""))[0]
                if c and c not in seen:
                    seen.add(c)
                    out.append((c, s))
            return out[:depth]

        vec: list[tuple[str, float]] = []
        lex: list[tuple[str, float]] = []
        if mode != "fts" and self.index is not None and self.model is not None and len(self.index):
            vec = commands(self._vector_rows(self.query_vector(query), depth * 2, mask))
        if mode == "fts":
            lex = commands(fts_search(self.db, query, row_depth, filters, op="AND"))
            if len(lex) < depth:
                seen = {c for c, _ in lex}
                lex += [x for x in commands(fts_search(self.db, query, row_depth, filters))
                        if x[0] not in seen][: depth - len(lex)]
            hits = [Hit(c, s, fts_rank=r) for r, (c, s) in enumerate(lex, 1)]
        elif mode == "semantic":
            hits = [Hit(c, s, vector_rank=r) for r, (c, s) in enumerate(vec, 1)]
        else:
            lex = doc_search(self.db, query, depth, filters)
            if not lex or (self.index is not None and self.left_out):
                # commands not described yet are still found by their own words
                seen = {c for c, _ in lex}
                lex += [x for x in commands(fts_search(self.db, query, row_depth, filters, op="AND"))
                        if x[0] not in seen][: depth]
            hits = fuse(vec, lex, self.vector_weight, self.fts_weight, self.rrf_k)
        hits = hits[:limit]
        return self._describe(hits, filters)

    def _describe(self, hits: list[Any], filters: dict[str, Any] | None) -> list[SearchResult]:
        if not hits:
            return []
        where, args = filter_sql(filters)
        cmds = [h.id for h in hits]
        q = ",".join("?" * len(cmds))
        # one pass for all hits: count, last use and the newest row of each command
        stats: dict[str, tuple[int, float, tuple]] = {}
        for c, n, last, i, cwd, ex, req, src in self.db.execute(
                f"SELECT h.command, count(*), max(coalesce(h.started_at, 0)), h.id, h.cwd, h.exit_code, "
                f"h.request, h.source FROM history h WHERE h.command IN ({q}){where} GROUP BY h.command",
                (*cmds, *args)):
            stats[c] = (int(n), float(last), (int(i), cwd, ex, req, src))
        out = []
        for h in hits:
            if h.id not in stats:
                continue
            n, last, (i, cwd, ex, req, src) = stats[h.id]
            match = [m for m, r in (("vector", h.vector_rank), ("fts", h.fts_rank)) if r is not None]
            out.append(SearchResult(h.id, round(float(h.score), 6), n, last or None, i, cwd, ex, req or "",
                                    src or "typed", match))
        return out


def fuse(vec: list[tuple[str, float]], lex: list[tuple[str, float]], vector_weight: float = 1.0,
         fts_weight: float = 1.0, k: int = 5) -> list[Hit]:
    """Weighted reciprocal rank fusion of the vector and word rankings of commands."""
    vr = {c: r for r, (c, _) in enumerate(vec, 1)}
    lr = {c: r for r, (c, _) in enumerate(lex, 1)}
    fused = rrf([([c for c, _ in vec], vector_weight), ([c for c, _ in lex], fts_weight)], k=k)
    return [Hit(c, sc, vr.get(c), lr.get(c)) for c, sc in fused]


def has_embeddings(db: Any, model_id: str | None = None) -> bool:
    """Whether the cache holds any vector (of ``model_id``, when given)."""
    try:
        if model_id is None:
            return bool(db.execute("SELECT 1 FROM emb_vectors LIMIT 1").fetchall())
        return bool(db.execute("SELECT 1 FROM emb_vectors WHERE model = ? LIMIT 1", (model_id,)).fetchall())
    except Exception:
        return False


def active_model(db: Any, cfg: Any = None, kind: str | None = None) -> EmbeddingModel | None:
    """The configured embedding model if the history already has vectors made by it (the user
    ran ``cmdai history embed``), else None. Cheap when nothing was ever embedded."""
    if not has_embeddings(db):
        return None
    from .models import model_from_config

    try:
        model = model_from_config(cfg, kind)
        return model if has_embeddings(db, model.model_id) else None
    except Exception:  # a model that cannot be named (file missing, server down): no vectors
        return None


def embed_pending(db: Any, limit: int = 256, model: EmbeddingModel | None = None, cfg: Any = None) -> int:
    """Embed up to ``limit`` of the newest history documents that have no vector yet, and
    describe (word-index) up to ``limit`` new commands. Cheap and bounded: for ``cmdai history
    sync`` and the daemon when idle. Does nothing (returns 0) unless the history already has
    vectors for ``model`` (default: the configured one), i.e. the user opted in with
    ``cmdai history embed``. Returns the number of vectors computed."""
    if limit <= 0:
        return 0
    sync_docs(db, limit)
    model = model if model is not None else active_model(db, cfg)
    if model is None or not has_embeddings(db, model.model_id):
        return 0
    cache = EmbeddingCache(db, model)
    rows = db.execute("SELECT command, request FROM history ORDER BY id DESC LIMIT ?", (limit * 4,)).fetchall()
    texts = list(dict.fromkeys(document_text(c, r or "") for c, r in rows))
    hashes = [text_hash(t) for t in texts]
    have = set(cache.get_many(hashes))
    todo = [t for t, h in zip(texts, hashes, strict=True) if h not in have][:limit]
    return cache.embed_missing(todo, known=have) if todo else 0


def format_age(ts: float | None, now: float | None = None) -> str:
    if not ts:
        return "-"
    d = max(0.0, (now or time.time()) - ts)
    for unit, secs in (("y", 365 * 86400), ("mo", 30 * 86400), ("d", 86400), ("h", 3600), ("m", 60)):
        if d >= secs:
            return f"{math.floor(d / secs)}{unit} ago"
    return "just now"
