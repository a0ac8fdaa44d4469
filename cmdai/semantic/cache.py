"""The embedding cache: float32 L2-normalised vectors in SQLite keyed by (model id, text hash).

The table ``emb_vectors`` lives in the history database (migration ``m_emb_cache``), so it is
backed up, locked and migrated with it. A text is embedded once per model; a model change simply
misses the cache (its id differs) and re-embeds lazily. Writes go in batches, each in its own
transaction, so an interrupted run keeps everything it finished.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from .models import EmbeddingModel

DEFAULT_BATCH = 64


def text_hash(text: str) -> bytes:
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).digest()


class EmbeddingCache:
    def __init__(self, db: Any, model: EmbeddingModel):
        self.db = db
        self.model = model
        self._model_id: str | None = None
        self.hits = 0
        self.misses = 0

    @property
    def model_id(self) -> str:
        if self._model_id is None:
            self._model_id = self.model.model_id
        return self._model_id

    # -- reading -------------------------------------------------------------------------------

    def known_hashes(self) -> set[bytes]:
        rows = self.db.execute("SELECT hash FROM emb_vectors WHERE model = ?", (self.model_id,))
        return {bytes(r[0]) for r in rows}

    def get_many(self, hashes: Sequence[bytes]) -> dict[bytes, Any]:
        import numpy as np

        out: dict[bytes, Any] = {}
        mid = self.model_id
        for s in range(0, len(hashes), 500):
            chunk = list(hashes[s: s + 500])
            q = ",".join("?" * len(chunk))
            for h, blob in self.db.execute(
                    f"SELECT hash, vec FROM emb_vectors WHERE model = ? AND hash IN ({q})", (mid, *chunk)):
                out[bytes(h)] = np.frombuffer(blob, dtype="<f4")
        return out

    def count(self) -> int:
        return int(self.db.execute("SELECT count(*) FROM emb_vectors WHERE model = ?",
                                   (self.model_id,)).fetchall()[0][0])

    def models(self) -> list[tuple[str, int, int]]:
        """(model id, dim, vectors) for every model in the cache."""
        return [(m, int(d), int(n)) for m, d, n in self.db.execute(
            "SELECT model, max(dim), count(*) FROM emb_vectors GROUP BY model ORDER BY model")]

    # -- writing -------------------------------------------------------------------------------

    def put_many(self, hashes: Sequence[bytes], vectors: Any) -> None:
        import numpy as np

        from ..history.db import write_txn

        v = np.ascontiguousarray(vectors, dtype="<f4")
        mid, now, dim = self.model_id, time.time(), int(v.shape[1]) if v.ndim == 2 else 0
        with write_txn(self.db):
            self.db.executemany(
                "INSERT OR REPLACE INTO emb_vectors(model, hash, dim, vec, created_at) VALUES (?,?,?,?,?)",
                [(mid, h, dim, v[i].tobytes(), now) for i, h in enumerate(hashes)])

    def embed_missing(self, texts: Iterable[str], *, batch_size: int = DEFAULT_BATCH,
                      known: set[bytes] | None = None,
                      progress: Callable[[int], None] | None = None) -> int:
        """Embed (in committed batches) the texts not yet cached; returns how many were embedded.

        Identical texts are embedded once. ``progress(n)`` is called after each batch with the
        number just stored. A KeyboardInterrupt between or during batches loses at most the
        batch in flight.
        """
        known = self.known_hashes() if known is None else known
        todo: dict[bytes, str] = {}
        for t in texts:
            h = text_hash(t)
            if h not in known and h not in todo:
                todo[h] = t
        self.misses += len(todo)
        items = list(todo.items())
        done = 0
        for s in range(0, len(items), batch_size):
            chunk = items[s: s + batch_size]
            vecs = self.model.embed([t for _, t in chunk])
            self.put_many([h for h, _ in chunk], vecs)
            known.update(h for h, _ in chunk)
            done += len(chunk)
            if progress:
                progress(len(chunk))
        return done

    def vectors_for(self, texts: Sequence[str], *, batch_size: int = DEFAULT_BATCH) -> Any:
        """A ``[len(texts), dim]`` matrix, from the cache where possible, embedding the rest."""
        import numpy as np

        hashes = [text_hash(t) for t in texts]
        found = self.get_many(hashes)
        missing = {h: t for h, t in zip(hashes, texts, strict=True) if h not in found}
        self.hits += len(hashes) - sum(1 for h in hashes if h in missing)
        if missing:
            self.misses += len(missing)
            items = list(missing.items())
            for s in range(0, len(items), batch_size):
                chunk = items[s: s + batch_size]
                vecs = self.model.embed([t for _, t in chunk])
                self.put_many([h for h, _ in chunk], vecs)
                for i, (h, _) in enumerate(chunk):
                    found[h] = np.asarray(vecs[i], dtype=np.float32)
        if not texts:
            return np.zeros((0, 1), dtype=np.float32)
        return np.vstack([found[h] for h in hashes]).astype(np.float32, copy=False)

    def purge_other_models(self) -> int:
        from ..history.db import write_txn

        with write_txn(self.db):
            self.db.execute("DELETE FROM emb_vectors WHERE model != ?", (self.model_id,))
            return int(self.db.changes())
