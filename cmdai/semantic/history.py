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
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from .. import paths
from .cache import EmbeddingCache, text_hash
from .describe import GLOSS, document_text, query_terms
from .index import Hit, SemanticIndex, rrf
from .models import EmbeddingModel

MODES = ("hybrid", "semantic", "fts")
OR_ONLY_WEIGHT = 0.1  # weight of a word ranking in which no row had all the query words
FILTER_KEYS = ("cwd", "under", "exit", "failed", "since", "until", "source", "host", "session")
_GLOSS_VERSION = hashlib.blake2b(repr(sorted(GLOSS.items())).encode(), digest_size=4).hexdigest()


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
    while True:
        rows = db.execute("SELECT id, command, request FROM history WHERE id > ? ORDER BY id LIMIT ?",
                          (last, batch)).fetchall()
        if not rows:
            return
        for i, cmd, req in rows:
            yield int(i), document_text(cmd, req or "")
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
    stamp = {"model_id": mid, "gloss": _GLOSS_VERSION, "db": _db_identity(db)}
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
        try:
            idx.save(d, name, {**stamp, "count": n, "max_id": mx, "missing": left_out})
        except OSError:
            pass
    return idx, left_out


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
    return np.isin(index.ids, allowed)


class HistorySearcher:
    """Keeps the model and the history matrix loaded (the daemon holds one of these)."""

    def __init__(self, db: Any, model: EmbeddingModel | None, *, fts_weight: float = 1.0,
                 vector_weight: float = 1.0, embed_pending: int = 256):
        self.db = db
        self.model = model
        self.fts_weight = fts_weight
        self.vector_weight = vector_weight
        self.embed_pending = embed_pending
        self.index: SemanticIndex | None = None
        self.left_out = 0
        self._stamp: tuple[int, int] | None = None

    def refresh(self) -> None:
        if self.model is None:
            return
        stamp = history_count(self.db)
        if self.index is None or stamp != self._stamp:
            self.index, self.left_out = load_history_index(self.db, self.model,
                                                           embed_pending=self.embed_pending)
            self._stamp = stamp

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
            vec = commands(self.index.search(query, self.model, row_depth, mask))
        fts_w = self.fts_weight
        if mode != "semantic":
            # every word matching is a strong signal; any word matching is a weak one (a spoken
            # query shares filler words with many commands), so it counts for less in the fusion
            lex = commands(fts_search(self.db, query, row_depth, filters, op="AND"))
            if len(lex) < depth:
                seen = {c for c, _ in lex}
                more = [x for x in commands(fts_search(self.db, query, row_depth, filters)) if x[0] not in seen]
                if not lex:
                    fts_w *= OR_ONLY_WEIGHT
                lex += more[: depth - len(lex)]
        if mode == "semantic":
            hits = [Hit(c, s, vector_rank=r) for r, (c, s) in enumerate(vec, 1)]
        elif mode == "fts":
            hits = [Hit(c, s, fts_rank=r) for r, (c, s) in enumerate(lex, 1)]
        else:
            vr = {c: r for r, (c, _) in enumerate(vec, 1)}
            lr = {c: r for r, (c, _) in enumerate(lex, 1)}
            fused = rrf([([c for c, _ in vec], self.vector_weight), ([c for c, _ in lex], fts_w)])
            hits = [Hit(c, s, vr.get(c), lr.get(c)) for c, s in fused]
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


def has_embeddings(db: Any) -> bool:
    try:
        return bool(db.execute("SELECT 1 FROM emb_vectors LIMIT 1").fetchall())
    except Exception:
        return False


def format_age(ts: float | None, now: float | None = None) -> str:
    if not ts:
        return "-"
    d = max(0.0, (now or time.time()) - ts)
    for unit, secs in (("y", 365 * 86400), ("mo", 30 * 86400), ("d", 86400), ("h", 3600), ("m", 60)):
        if d >= secs:
            return f"{math.floor(d / secs)}{unit} ago"
    return "just now"
