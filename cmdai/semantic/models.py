"""Embedding models: one protocol, several implementations.

Every model turns a list of texts into a float32 matrix ``[n, dim]`` whose rows are
L2-normalised (so a dot product is the cosine similarity), and names itself with a
``model_id`` that changes whenever its vectors would (the cache is keyed by it).

* :class:`LlamaEmbeddingModel` - llama.cpp on a GGUF (default: the bundled Gemma 3 270M),
  mean pooling.
* :class:`OllamaEmbeddingModel` - ``POST /api/embed`` on the configured Ollama servers.
* :class:`OpenAIEmbeddingModel` - ``POST /v1/embeddings`` on OpenAI-compatible servers.
* :class:`~cmdai.semantic.minilm.MiniLMModel` - all-MiniLM-L6-v2 in numpy (extra ``minilm``).
* :class:`HashingModel` - hashed bag of words and character n-grams; no model file, fully
  deterministic; used by tests and as the always-available fallback.
"""

from __future__ import annotations

import hashlib
import os
import re
import threading
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

from ..errors import BackendError, ConfigError, ModelError

MODEL_KINDS = ("auto", "embedded", "minilm", "ollama", "openai", "hash")


@runtime_checkable
class EmbeddingModel(Protocol):
    model_id: str
    dim: int

    def embed(self, texts: list[str]) -> Any:  # numpy.ndarray float32 [n, dim], rows L2-normalised
        ...


def normalise_rows(m: Any) -> Any:
    import numpy as np

    m = np.ascontiguousarray(m, dtype=np.float32)
    if m.ndim == 1:
        m = m.reshape(1, -1)
    norms = np.linalg.norm(m, axis=1, keepdims=True)
    m /= np.maximum(norms, 1e-12)
    return m


# --------------------------------------------------------------------------------------------
# hashed bag of words


_WORD = re.compile(r"[a-z0-9]+")


class HashingModel:
    """Feature hashing of words and character trigrams into ``dim`` buckets (signed)."""

    def __init__(self, dim: int = 256, *, ngrams: bool = True):
        self.dim = dim
        self.ngrams = ngrams
        self.model_id = f"hash:v1:{dim}:{int(ngrams)}"

    def _features(self, text: str) -> list[str]:
        words = _WORD.findall(text.lower()[:100_000])
        feats = list(words)
        if self.ngrams:
            for w in words:
                p = f"<{w}>"
                feats.extend(p[i: i + 3] for i in range(len(p) - 2))
        return feats

    def embed(self, texts: list[str]) -> Any:
        import numpy as np

        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for r, t in enumerate(texts):
            for f in self._features(t):
                h = int.from_bytes(hashlib.blake2b(f.encode(), digest_size=8).digest(), "little")
                out[r, h % self.dim] += 1.0 if (h >> 63) else -1.0
        return normalise_rows(out)


# --------------------------------------------------------------------------------------------
# llama.cpp


class LlamaEmbeddingModel:
    """Mean-pooled embeddings from a GGUF through llama-cpp-python."""

    def __init__(self, model_path: str | Path | None = None, *, n_ctx: int = 512, n_threads: int = 0,
                 batch_size: int = 32, max_chars: int = 1000):
        self._path = Path(model_path).expanduser() if model_path else None
        self.n_ctx = n_ctx
        self.n_threads = n_threads or max(1, os.cpu_count() or 1)
        self.batch_size = batch_size
        self.max_chars = max_chars
        self._llm: Any = None
        self._lock = threading.Lock()
        self._dim: int | None = None
        name = self._path.name if self._path else "bundled"
        self._id_base = f"llama:{name}:mean"

    @property
    def path(self) -> Path:
        if self._path is None:
            from ..backends.embedded import bundled_model_path

            self._path = bundled_model_path()
        return self._path

    @property
    def model_id(self) -> str:
        p = self.path
        try:
            size = p.stat().st_size
        except OSError as e:
            raise ModelError(f"embedding model {p}: {e.strerror or e}") from None
        return f"llama:{p.name}:{size}:mean"

    def _load(self) -> Any:
        if self._llm is None:
            p = self.path
            if not p.is_file():
                raise ModelError(f"embedding model {p} does not exist")
            try:
                import llama_cpp
            except ImportError:
                raise ModelError("llama-cpp-python is not installed") from None
            try:
                self._llm = llama_cpp.Llama(
                    model_path=str(p), embedding=True, n_ctx=self.n_ctx, n_batch=self.n_ctx,
                    n_ubatch=self.n_ctx, n_threads=self.n_threads, n_threads_batch=self.n_threads,
                    pooling_type=llama_cpp.LLAMA_POOLING_TYPE_MEAN, verbose=False)
            except Exception as e:
                raise ModelError(f"cannot load embedding model {p}: {e}") from None
        return self._llm

    @property
    def dim(self) -> int:
        if self._dim is None:
            self._dim = int(self._load().n_embd())
        return self._dim

    def embed(self, texts: list[str]) -> Any:
        import numpy as np

        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        llm = self._load()
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        # llama.cpp puts a whole batch in one context: cut each text so a batch fits
        with self._lock:
            for s in range(0, len(texts), self.batch_size):
                chunk = [self._fit(llm, t) for t in texts[s: s + self.batch_size]]
                try:
                    vecs = llm.embed(chunk, normalize=False, truncate=True)
                except Exception as e:
                    raise ModelError(f"embedding failed: {e}") from None
                out[s: s + len(chunk)] = np.asarray(vecs, dtype=np.float32).reshape(len(chunk), -1)
        return normalise_rows(out)

    def _fit(self, llm: Any, text: str) -> str:
        text = text[: self.max_chars] or " "
        limit = max(8, self.n_ctx // self.batch_size - 2)
        toks = llm.tokenize(text.encode("utf-8", "replace"), add_bos=False)
        if len(toks) > limit:
            text = llm.detokenize(toks[:limit]).decode("utf-8", "replace") or " "
        return text


# --------------------------------------------------------------------------------------------
# HTTP servers


class _HttpModel:
    kind = "http"

    def __init__(self, urls: list[str], model: str, *, timeout: float = 60.0, batch_size: int = 64):
        if not urls:
            raise ConfigError(f"semantic.model={self.kind}: no {self.kind} urls configured")
        self.urls = [u.rstrip("/") for u in urls]
        self.model = model
        self.timeout = timeout
        self.batch_size = batch_size
        self._dim: int | None = None
        self.model_id = f"{self.kind}:{model}"
        self._backends: list[Any] | None = None

    def _make_backend(self, url: str) -> Any:
        raise NotImplementedError

    def _vectors(self, texts: list[str]) -> list[list[float]]:
        """The backends' own ``embed`` (cmdai.backends), each configured url in turn."""
        if self._backends is None:
            self._backends = [self._make_backend(u) for u in self.urls]
        last: Exception | None = None
        for b in self._backends:
            try:
                return b.embed(texts, self.model)
            except BackendError as e:
                last = e
        raise BackendError(f"{self.kind} embeddings failed on {', '.join(self.urls)}: {last}")

    def embed(self, texts: list[str]) -> Any:
        import numpy as np

        if not texts:
            return np.zeros((0, self._dim or 1), dtype=np.float32)
        rows: list[list[float]] = []
        for s in range(0, len(texts), self.batch_size):
            chunk = [t[:8000] or " " for t in texts[s: s + self.batch_size]]
            vecs = self._vectors(chunk)
            if len(vecs) != len(chunk):
                raise BackendError(f"{self.kind} returned {len(vecs)} embeddings for {len(chunk)} texts")
            rows.extend(vecs)
        m = normalise_rows(np.asarray(rows, dtype=np.float32))
        self._dim = m.shape[1]
        return m

    @property
    def dim(self) -> int:
        if self._dim is None:
            self.embed(["dimension probe"])
        assert self._dim is not None
        return self._dim


class OllamaEmbeddingModel(_HttpModel):
    """Ollama's ``POST /api/embed``, through :class:`cmdai.backends.ollama.OllamaBackend`."""

    kind = "ollama"

    def __init__(self, urls: list[str], model: str = "nomic-embed-text", **kw: Any):
        super().__init__(urls, model, **kw)

    def _make_backend(self, url: str) -> Any:
        from ..backends.ollama import OllamaBackend

        return OllamaBackend(url, self.model, read_timeout=self.timeout)


class OpenAIEmbeddingModel(_HttpModel):
    """OpenAI-compatible ``POST /v1/embeddings`` (vLLM, llama.cpp server, LM Studio), through
    :class:`cmdai.backends.openai.OpenAIBackend` (API key read from the variable it names)."""

    kind = "openai"

    def __init__(self, urls: list[str], model: str = "", api_key_env: str | None = None, **kw: Any):
        super().__init__(urls, model or "default", **kw)
        self.api_key_env = api_key_env

    def _make_backend(self, url: str) -> Any:
        from ..backends.openai import OpenAIBackend

        return OpenAIBackend(url, self.model, api_key_env=self.api_key_env, read_timeout=self.timeout)


# --------------------------------------------------------------------------------------------


def model_from_config(cfg: Any = None, kind: str | None = None) -> EmbeddingModel:
    """The embedding model that ``semantic.model`` names (``kind`` overrides it)."""
    if cfg is None:
        from ..config import load

        cfg = load()
    sem = cfg.semantic
    kind = (kind or getattr(sem, "model", "auto") or "auto").lower()
    path = getattr(sem, "model_path", None)
    if kind == "auto":
        # MiniLM when its files are installed (clearly the best measured here), else the hashed
        # bag of words: fast, and good with the knowledge-base descriptions; never the 270M
        # generation model, whose embeddings measured poorly and slowly (~2 entries/s).
        try:
            from .minilm import MiniLMModel, default_model_dir

            return MiniLMModel(path or default_model_dir())
        except ModelError:
            return HashingModel()
    if kind in ("embedded", "llama", "gguf"):
        path = path or getattr(cfg.embedded, "model_path", None)  # the generation model by default
        return LlamaEmbeddingModel(path, n_threads=getattr(cfg.embedded, "n_threads", 0) or 0)
    if kind == "minilm":
        from .minilm import MiniLMModel

        return MiniLMModel(path)
    if kind == "ollama":
        o = cfg.ollama
        return OllamaEmbeddingModel(list(o.urls), getattr(sem, "ollama_model", None) or "nomic-embed-text")
    if kind == "openai":
        o = cfg.openai
        return OpenAIEmbeddingModel(list(o.urls), getattr(sem, "openai_model", None) or o.model or "",
                                    api_key_env=o.api_key_env)
    if kind == "hash":
        return HashingModel()
    raise ConfigError(f"semantic.model: unknown embedding model {kind!r} (one of {', '.join(MODEL_KINDS)})")
