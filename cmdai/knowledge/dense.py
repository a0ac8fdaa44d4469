"""Meaning search over the knowledge base's example requests: the dense half of hybrid retrieval.

BM25 finds the examples that share words with a request; this finds the ones that mean the same
("bounce nginx" ~ "restart the nginx service"). The generator fuses the two (:func:`KBDense.fuse`)::

    score(example) = bm25 + DENSE_WEIGHT * B * max(0, cosine(request, example request))

where B is the best BM25 score for the request, so both halves are on one scale, and examples found
only by meaning enter with the second term alone. Measured (``generation.retrieval``, fresh KB,
retrieval mode, MiniLM; NL2Bash dev rows 0-499 / held-out rows 500-1029 / simple_tasks / short_tasks):
bm25 -0.250 / -0.307 / +0.684 / +0.784; weight 1.0: -0.241 / -0.294 / +0.724 / +0.751;
weight 2.0: -0.244 / -0.297 / +0.712 / +0.654; weight 4.0: -0.234 on rows 0-499.

Vectors come from the semantic embedding model (``semantic.model``), through the embedding cache
(``emb_vectors``), and are kept as a memory-mapped matrix in the state directory stamped with the
model and the knowledge base's content, so an import or an accepted suggestion re-embeds only the
new examples. ``generation.retrieval: auto`` uses meaning search when MiniLM is installed: the
hashed-words fallback model adds nothing over BM25.
"""

from __future__ import annotations

import logging
import sys
import time
from typing import Any

log = logging.getLogger(__name__)

DENSE_WEIGHT = 1.0
DETACH_MIN = 500  # more examples than this to embed: a one-shot CLI call builds in a detached process
RECHECK_S = 5.0  # how often the knowledge base's stamp is compared with the loaded index
RETRIEVAL_CHOICES = ("auto", "bm25", "hybrid")


def _notice(msg: str) -> None:
    if sys.stderr.isatty():
        print(f"cmdai: {msg}", file=sys.stderr, flush=True)
    log.info(msg)


class KBDense:
    """The knowledge base's example requests as vectors; ``fuse()`` adds them to BM25 hits."""

    def __init__(self, kb: Any, model: Any, *, background: bool = False):
        self.kb = kb
        self.model = model
        # background (the daemon): a missing or stale index is built in a thread with its own
        # database connection while requests go on with the old index, or BM25 alone
        self.background = background
        self.detach = False  # set by the one-shot CLI: see ensure()
        self._thread: Any = None
        self.index: Any = None
        self._stamp: dict[str, Any] | None = None
        self._checked = 0.0
        self._qcache: dict[str, Any] = {}
        self._utility: Any = None  # numpy array of each row's utility, for the cue searches

    # -- building -------------------------------------------------------------------------------
    def stamp(self, kb: Any = None) -> dict[str, Any]:
        """What the saved index must match: the model and the KB's rows (of ``kb``, default ours)."""
        n, top, total = (kb or self.kb).db.execute(
            "SELECT count(*), coalesce(max(id), 0), coalesce(sum(id), 0) FROM kb_examples").fetchall()[0]
        return {"model": self.model.model_id, "rows": int(n), "max_id": int(top), "id_sum": int(total)}

    def _coverage(self, kb: Any) -> tuple[list[tuple[int, str]], Any, set[bytes], int]:
        """(rows (id, request), the embedding cache, its known hashes, distinct requests not embedded)."""
        from ..semantic.cache import EmbeddingCache, text_hash

        rows = kb.db.execute("SELECT id, request FROM kb_examples ORDER BY id").fetchall()
        cache = EmbeddingCache(kb.db, self.model)
        known = cache.known_hashes()
        return rows, cache, known, len({text_hash(r) for _, r in rows} - known)

    def _dir(self) -> Any:
        from .. import paths

        return paths.state_dir() / "kb_dense"

    def ensure(self) -> bool:
        """Load or (re)build the index when the knowledge base changed; False when it cannot."""
        now = time.monotonic()
        if self.index is not None and now - self._checked < RECHECK_S:
            return True
        self._checked = now
        st = self.stamp()
        if self.index is not None and st == self._stamp:
            return True
        from ..semantic.index import SemanticIndex

        idx = SemanticIndex.load(self._dir(), "kb", st)
        if idx is None and self.detach and self.index is None and self._coverage(self.kb)[3] > DETACH_MIN:
            # a one-off CLI suggestion must not wait ~15 s for the first build: answer with BM25 and let
            # a detached `cmdai kb embed` build the vectors for the next request
            self._spawn_builder()
            return False
        if idx is None and self.background:
            self._build_in_background()
            return self.index is not None  # the previous index (or none yet) until the thread is done
        if idx is None:
            idx = self._build(st, self.kb)[0]
        self.index, self._stamp, self._utility = idx, st, None
        return True

    def _build_in_background(self) -> None:
        import threading

        if self._thread is not None and self._thread.is_alive():
            return

        def run() -> None:
            from .store import KnowledgeBase

            kb = None
            try:
                kb = KnowledgeBase.open(self.kb.path, ensure_curated=False)
                self._build(self.stamp(kb), kb)
            except Exception as e:
                log.warning("building the knowledge-base vectors failed: %s", e)
            finally:
                if kb is not None:
                    kb.close()
                self._checked = 0.0  # the next request loads what was built

        self._thread = threading.Thread(target=run, name="kb-dense", daemon=True)
        self._thread.start()

    def _spawn_builder(self) -> bool:
        """Start ``python -m cmdai kb embed`` detached (once per 15 minutes); True when started."""
        import os
        import subprocess

        d = self._dir()
        marker = d / ".building"
        try:
            d.mkdir(parents=True, exist_ok=True)
            if marker.exists() and time.time() - marker.stat().st_mtime < 900:
                return False
            marker.write_text(str(os.getpid()))
            subprocess.Popen([sys.executable, "-m", "cmdai", "kb", "embed"], stdin=subprocess.DEVNULL,
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
                             env={**os.environ, "CMDAI_KB_EMBED_MARKER": str(marker)})
        except OSError as e:
            log.warning("could not start the knowledge-base vector build: %s", e)
            return False
        _notice("indexing the knowledge base by meaning in the background (once); this answer used words only")
        return True

    def wait(self, timeout: float | None = None) -> None:
        """Wait for a background build (tests, benchmarks)."""
        if self._thread is not None:
            self._thread.join(timeout)

    def status(self) -> dict[str, Any]:
        """How much of the knowledge base has vectors (``cmdai kb embed --status``)."""
        from ..semantic.index import SemanticIndex

        rows, _, known, pending = self._coverage(self.kb)
        distinct = len({r for _, r in rows})
        saved = SemanticIndex.load(self._dir(), "kb", self.stamp()) is not None
        return {"model_id": self.model.model_id, "examples": len(rows), "distinct_requests": distinct,
                "embedded": distinct - pending, "pending": pending, "index_current": saved}

    def refresh(self, *, on_total: Any = None, progress: Any = None) -> int:
        """Embed what is missing (committed in batches: an interrupt keeps them) and save the index;
        returns how many requests were embedded."""
        st = self.stamp()
        n = self._build(st, self.kb, on_total=on_total, progress=progress)[1]
        self.index, self._stamp, self._utility, self._checked = None, None, None, 0.0
        return n

    def _build(self, st: dict[str, Any], kb: Any, *, on_total: Any = None, progress: Any = None) -> Any:
        from ..semantic.index import SemanticIndex

        rows, cache, known, todo = self._coverage(kb)
        t0 = time.perf_counter()
        if todo > 200 and on_total is None:
            _notice(f"indexing {todo} knowledge-base examples by meaning (once; later only new ones; "
                    f"'cmdai kb embed' shows progress)")
        if on_total is not None:
            on_total(todo)
        cache.embed_missing([r for _, r in rows], known=known, progress=progress)
        idx = SemanticIndex.build([(int(i), r) for i, r in rows], self.model, cache=cache)
        if todo:
            log.info("embedded %d knowledge-base examples in %.1f s", todo, time.perf_counter() - t0)
        try:
            idx.save(self._dir(), "kb", st)
        except OSError as e:  # a read-only state dir costs speed, not answers
            log.warning("could not save the knowledge-base vectors: %s", e)
        return idx, todo

    # -- searching ------------------------------------------------------------------------------
    def _query_vector(self, text: str) -> Any:
        v = self._qcache.get(text)
        if v is None:
            if len(self._qcache) > 256:
                self._qcache.clear()
            v = self._qcache[text] = self.model.embed([text])[0]
        return v

    def _utilities(self) -> Any:
        import numpy as np

        if self._utility is None:
            by_id = dict(self.kb.db.execute("SELECT id, utility FROM kb_examples"))
            self._utility = np.array([by_id.get(int(i), "") for i in self.index.ids], dtype=object)
        return self._utility

    def search(self, text: str, limit: int, utilities: Any = None) -> list[tuple[int, float]]:
        mask = None
        if utilities:
            import numpy as np

            mask = np.isin(self._utilities(), list(utilities))
        return self.index.search_vector(self._query_vector(text), limit, mask)

    def fuse(self, hits: list[Any], text: str, limit: int, utilities: Any = None) -> list[Any]:
        """BM25 ``hits`` (knowledge-base ``Hit`` rows) with meaning added, best first, at most ``limit``."""
        from .store import Hit

        if not self.ensure() or self.index is None or len(self.index) == 0:
            return hits
        dense = self.search(text, limit, utilities)
        if not dense:
            return hits
        best = max((h.score for h in hits), default=0.0) or 1.0
        w = DENSE_WEIGHT * best
        cos = dict(dense)
        have = set()
        for h in hits:
            h.score += w * max(0.0, cos.get(h.id, 0.0))
            have.add(h.id)
        new = [i for i, _ in dense if i not in have]
        if new:
            q = ",".join("?" * len(new))
            for i, s, rq, c, u, ex, wt in self.kb.db.execute(
                    f"SELECT id, source, request, command, utility, explain, weight FROM kb_examples "
                    f"WHERE id IN ({q})", new):
                hits.append(Hit(i, s, rq, c, u, ex, wt, w * max(0.0, cos[i]) * wt))
        hits.sort(key=lambda h: -h.score)
        return hits[:limit]


def model_for(cfg: Any) -> Any:
    """The embedding model meaning search uses under ``generation.retrieval``, or None (BM25 only)."""
    mode = getattr(getattr(cfg, "generation", None), "retrieval", "auto") or "auto"
    if mode == "bm25":
        return None
    from ..semantic.models import HashingModel, model_from_config

    try:
        model = model_from_config(cfg)
    except Exception as e:  # a broken embedding set-up must not cost the suggestion
        log.warning("meaning search unavailable: %s", e)
        return None
    if mode == "auto" and isinstance(model, HashingModel):
        return None
    return model
