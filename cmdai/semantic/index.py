"""Similarity engine and hybrid ranking over any ``(id, text)`` corpus.

* :class:`SemanticIndex` - a contiguous float32 matrix (rows L2-normalised) and an id array;
  ``search`` is one matrix-vector product and ``argpartition`` for the top k, after an optional
  boolean mask (the filters) has removed rows. It can be saved as ``.npy`` files and loaded
  memory-mapped, so a cold process pays for the pages it touches, not for a rebuild.
* :class:`LexicalIndex` - BM25 over words, for corpora that have no FTS5 table (the knowledge
  base, tldr pages); history uses its FTS5 table instead.
* :func:`rrf` - weighted reciprocal rank fusion of ranked id lists.
* :func:`hybrid_search` - query -> fused ranking, for any corpus (generation retrieval uses it).
"""

from __future__ import annotations

import json
import math
import os
import re
from collections import Counter
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .describe import STOPWORDS, normalise_query, query_terms
from .models import EmbeddingModel

RRF_K = 60


@dataclass
class Hit:
    id: Any
    score: float
    vector_rank: int | None = None
    fts_rank: int | None = None


class SemanticIndex:
    def __init__(self, ids: Any, matrix: Any, model_id: str = ""):
        import numpy as np

        self.ids = np.asarray(ids)
        self.matrix = matrix if isinstance(matrix, np.memmap) else np.ascontiguousarray(matrix, dtype=np.float32)
        if self.matrix.ndim != 2 or len(self.ids) != self.matrix.shape[0]:
            raise ValueError("ids and matrix rows differ")
        self.model_id = model_id
        self.unique: tuple[Any, Any, Any] | None = None  # set by the history index

    def __len__(self) -> int:
        return int(self.matrix.shape[0])

    @property
    def nbytes(self) -> int:
        return int(self.matrix.nbytes + self.ids.nbytes)

    @classmethod
    def build(cls, corpus: Sequence[tuple[Any, str]], model: EmbeddingModel, *, cache: Any = None,
              batch_size: int = 64) -> SemanticIndex:
        """Embed a corpus (through ``cache``, an :class:`EmbeddingCache`, when given)."""
        import numpy as np

        ids = [i for i, _ in corpus]
        texts = [t for _, t in corpus]
        if cache is not None:
            m = cache.vectors_for(texts, batch_size=batch_size)
        elif texts:
            m = np.vstack([model.embed(texts[s: s + batch_size]) for s in range(0, len(texts), batch_size)])
        else:
            m = np.zeros((0, 1), dtype=np.float32)
        return cls(np.asarray(ids, dtype=object if ids and not isinstance(ids[0], int) else np.int64),
                   m, model.model_id)

    def search_vector(self, qvec: Any, k: int = 10, mask: Any = None) -> list[tuple[Any, float]]:
        """Top ``k`` (id, cosine) for a query vector, among rows where ``mask`` is true."""
        import numpy as np

        n = len(self)
        if n == 0 or k <= 0:
            return []
        q = np.asarray(qvec, dtype=np.float32).reshape(-1)
        if q.shape[0] != self.matrix.shape[1]:
            raise ValueError(f"query has dim {q.shape[0]}, index has {self.matrix.shape[1]}")
        if mask is not None:
            rows = np.flatnonzero(mask)
            if rows.size == 0:
                return []
            scores = self.matrix[rows] @ q if rows.size < n else self.matrix @ q
            if rows.size == n:
                rows = None
        else:
            rows = None
            scores = self.matrix @ q
        k = min(k, scores.shape[0])
        top = np.argpartition(-scores, k - 1)[:k] if k < scores.shape[0] else np.arange(scores.shape[0])
        top = top[np.argsort(-scores[top], kind="stable")]
        idx = rows[top] if rows is not None else top
        return [(self.ids[i].item() if hasattr(self.ids[i], "item") else self.ids[i], float(scores[t]))
                for i, t in zip(idx, top, strict=True)]

    def search(self, query: str, model: EmbeddingModel, k: int = 10, mask: Any = None) -> list[tuple[Any, float]]:
        qv = model.embed([normalise_query(query)])[0]
        return self.search_vector(qv, k, mask)

    # -- persistence -----------------------------------------------------------------------------

    def save(self, directory: Path, name: str, stamp: dict[str, Any]) -> None:
        """Write ``<name>.<token>.npy``, ``<name>.<token>.ids.npy``, then ``<name>.json`` (the stamp and the
        token) atomically. The matrix and its ids are a pair named by the token, so two processes saving
        at once can never leave one's matrix with the other's ids; older pairs are removed."""
        import time

        import numpy as np

        directory.mkdir(parents=True, exist_ok=True)
        token = f"{os.getpid()}-{time.time_ns()}"
        tmp = ".tmp"
        for suffix, arr in ((".npy", self.matrix), (".ids.npy", self.ids.astype(np.int64))):
            p = directory / f"{name}.{token}{suffix}{tmp}"
            with p.open("wb") as fh:
                np.save(fh, np.ascontiguousarray(arr))
            os.replace(p, directory / f"{name}.{token}{suffix}")
        p = directory / f"{name}.json.{token}{tmp}"
        p.write_text(json.dumps({**stamp, "model_id": self.model_id, "rows": len(self), "token": token}))
        os.replace(p, directory / (name + ".json"))
        try:  # another process may have saved after us: the pair its json names is the one to keep
            current = json.loads((directory / (name + ".json")).read_text()).get("token", token)
        except (OSError, ValueError):
            current = token
        own = re.compile(rf"{re.escape(name)}(?:\.\d+-\d+)?(?:\.ids)?\.npy")  # not history's .u/.inv parts
        for old in directory.glob(f"{name}.*npy"):
            if own.fullmatch(old.name) and f".{current}." not in old.name:
                try:  # a reader that mapped it keeps its copy (the inode lives until unmapped)
                    old.unlink()
                except OSError:
                    pass

    @classmethod
    def load(cls, directory: Path, name: str, stamp: dict[str, Any] | None = None,
             mmap: bool = True) -> SemanticIndex | None:
        """The saved index if its stamp matches ``stamp`` (None when absent or stale)."""
        import numpy as np

        try:
            meta = json.loads((directory / (name + ".json")).read_text())
            if stamp is not None and any(meta.get(k) != v for k, v in stamp.items()):
                return None
            base = f"{name}.{meta['token']}" if meta.get("token") else name
            m = np.load(directory / (base + ".npy"), mmap_mode="r" if mmap else None)
            ids = np.load(directory / (base + ".ids.npy"))
        except (OSError, ValueError, KeyError):
            return None
        if len(ids) != m.shape[0]:
            return None
        return cls(ids, m, meta.get("model_id", ""))


# ------------------------------------------------------------------------------------------------
# words


_TOKEN = re.compile(r"[a-z0-9]+")


def tokenize(text: str) -> list[str]:
    return [w for w in _TOKEN.findall(text.lower()) if w not in STOPWORDS]


class LexicalIndex:
    """BM25 (k1=1.2, b=0.75) over the words of a corpus."""

    def __init__(self, corpus: Sequence[tuple[Any, str]], k1: float = 1.2, b: float = 0.75):
        self.ids = [i for i, _ in corpus]
        self.k1, self.b = k1, b
        self.postings: dict[str, list[tuple[int, int]]] = {}
        self.lengths: list[int] = []
        for row, (_, text) in enumerate(corpus):
            toks = tokenize(text[:20_000])
            self.lengths.append(len(toks))
            for w, c in Counter(toks).items():
                self.postings.setdefault(w, []).append((row, c))
        self.avg = (sum(self.lengths) / len(self.lengths)) if self.lengths else 1.0

    def search(self, query: str, k: int = 10, allow: Callable[[Any], bool] | None = None
               ) -> list[tuple[Any, float]]:
        n = len(self.ids)
        scores: dict[int, float] = {}
        for w in query_terms(query):
            for term in tokenize(w):
                plist = self.postings.get(term)
                if not plist:
                    continue
                idf = math.log(1 + (n - len(plist) + 0.5) / (len(plist) + 0.5))
                for row, tf in plist:
                    norm = tf * (self.k1 + 1) / (tf + self.k1 * (1 - self.b + self.b * self.lengths[row] / self.avg))
                    scores[row] = scores.get(row, 0.0) + idf * norm
        ranked = sorted(scores.items(), key=lambda kv: -kv[1])
        out = []
        for row, s in ranked:
            if allow is None or allow(self.ids[row]):
                out.append((self.ids[row], s))
                if len(out) >= k:
                    break
        return out


# ------------------------------------------------------------------------------------------------
# fusion


def rrf(rankings: Sequence[tuple[Sequence[Hashable], float]], k: int = RRF_K) -> list[tuple[Hashable, float]]:
    """Weighted reciprocal rank fusion: sum of ``weight / (k + rank)`` (ranks from 1)."""
    scores: dict[Hashable, float] = {}
    for ids, weight in rankings:
        if weight <= 0:
            continue
        for r, i in enumerate(ids, 1):
            scores[i] = scores.get(i, 0.0) + weight / (k + r)
    return sorted(scores.items(), key=lambda kv: -kv[1])


def hybrid_search(query: str, *, model: EmbeddingModel | None, index: SemanticIndex | None,
                  lexical: LexicalIndex | Callable[[str, int], list[tuple[Any, float]]] | None = None,
                  k: int = 10, mode: str = "hybrid", fts_weight: float = 1.0, vector_weight: float = 1.0,
                  mask: Any = None, depth: int = 50) -> list[Hit]:
    """Rank a corpus for ``query``: ``mode`` is ``semantic``, ``fts`` or ``hybrid`` (RRF of both).

    ``lexical`` is a :class:`LexicalIndex` or any ``fn(query, n) -> [(id, score)]`` (history passes
    its FTS5 search). ``mask`` filters the vector side (boolean per index row).
    """
    vec: list[tuple[Any, float]] = []
    lex: list[tuple[Any, float]] = []
    if mode in ("semantic", "hybrid") and index is not None and model is not None and len(index):
        vec = index.search(query, model, depth, mask)
    if mode in ("fts", "hybrid") and lexical is not None:
        lex = lexical.search(query, depth) if isinstance(lexical, LexicalIndex) else lexical(query, depth)
    if mode == "semantic":
        return [Hit(i, s, vector_rank=r) for r, (i, s) in enumerate(vec[:k], 1)]
    if mode == "fts":
        return [Hit(i, s, fts_rank=r) for r, (i, s) in enumerate(lex[:k], 1)]
    vrank = {i: r for r, (i, _) in enumerate(vec, 1)}
    lrank = {i: r for r, (i, _) in enumerate(lex, 1)}
    fused = rrf([([i for i, _ in vec], vector_weight), ([i for i, _ in lex], fts_weight)])
    return [Hit(i, s, vrank.get(i), lrank.get(i)) for i, s in fused[:k]]
