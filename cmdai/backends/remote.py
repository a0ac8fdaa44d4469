"""Common shape of the HTTP backends (Ollama, OpenAI-compatible).

A subclass implements :meth:`RemoteBackend._deltas` (yield text deltas of ONE sample, set
``state.finish``/``state.tokens``, raise :class:`~cmdai.backends.http.RemoteError` or
:class:`~cmdai.errors.Cancelled`) and :meth:`health`; this class turns it into ``generate``
(n samples, one after the other) and ``stream`` (events). ``close`` releases the HTTP pool.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from ..errors import Cancelled, CmdaiError
from .base import (
    CancellationToken,
    Capabilities,
    Completion,
    Event,
    GenerationRequest,
    GenerationResult,
    Health,
)
from .http import RemoteError, make_client

log = logging.getLogger(__name__)


@dataclass
class _SampleState:
    finish: str = "stop"
    tokens: int = 0


class RemoteBackend:
    name = "remote"

    def __init__(self, url: str, model: str = "", *, connect_timeout: float = 2.0,
                 read_timeout: float = 60.0):
        self.url = url.rstrip("/")
        self._model = model
        self.connect_timeout = connect_timeout
        self.read_timeout = read_timeout
        self._client: Any = None
        self._client_lock = threading.Lock()
        self._closed = False

    # -- plumbing ----------------------------------------------------------------------------
    @property
    def where(self) -> str:
        return f"{self.name} at {self.url}"

    @property
    def instance(self) -> str:
        return f"{self.name}@{self.url}"

    def _headers(self) -> dict[str, str]:
        return {}

    @property
    def client(self) -> Any:
        if self._client is None:
            with self._client_lock:
                if self._client is None:
                    self._client = make_client(self.url, self.connect_timeout, self.read_timeout,
                                               self._headers())
                    self._closed = False
        return self._client

    def close(self) -> None:
        with self._client_lock:
            client, self._client = self._client, None
            self._closed = True
        if client is not None:
            try:
                client.close()
            except Exception:
                pass

    def __repr__(self) -> str:  # never shows headers (an API key)
        return f"<{type(self).__name__} {self.url} model={self._model!r}>"

    @property
    def model(self) -> str:
        return self._model

    def capabilities(self) -> Capabilities:
        return Capabilities(completion=True, chat=True, streaming=True, scoring=False,
                            embeddings=True, local=False)

    def health(self) -> Health:  # pragma: no cover - overridden
        raise NotImplementedError

    def _deltas(self, req: GenerationRequest, cancel: CancellationToken | None,
                state: _SampleState, sample: int) -> Iterator[str]:  # pragma: no cover
        raise NotImplementedError
        yield ""

    # -- protocol ----------------------------------------------------------------------------
    def generate(self, req: GenerationRequest, cancel: CancellationToken | None = None) -> GenerationResult:
        t0 = time.perf_counter()
        ttft = None
        comps: list[Completion] = []
        for i in range(max(1, req.n)):
            state = _SampleState()
            parts: list[str] = []
            for d in self._deltas(req, cancel, state, i):
                if ttft is None:
                    ttft = (time.perf_counter() - t0) * 1000
                parts.append(d)
            comps.append(Completion("".join(parts), state.tokens or len(parts), None, state.finish))
        return GenerationResult(comps, self.name, self.model, (time.perf_counter() - t0) * 1000, ttft,
                                self.url)

    def stream(self, req: GenerationRequest, cancel: CancellationToken | None = None) -> Iterator[Event]:
        t0 = time.perf_counter()
        ttft = None
        parts: list[str] = []
        state = _SampleState()
        try:
            for d in self._deltas(req, cancel, state, 0):
                if ttft is None:
                    ttft = (time.perf_counter() - t0) * 1000
                parts.append(d)
                yield Event("partial", text=d)
        except Cancelled:
            yield Event("cancelled", text="".join(parts))
            return
        except RemoteError as e:
            yield Event("error", text=str(e), data={"kind": e.kind, "retry_after": e.retry_after,
                                                    "status": e.status, "after_first_token": bool(parts)})
            return
        except CmdaiError as e:
            yield Event("error", text=str(e), data={"kind": "error", "after_first_token": bool(parts)})
            return
        res = GenerationResult([Completion("".join(parts), state.tokens or len(parts), None, state.finish)],
                               self.name, self.model, (time.perf_counter() - t0) * 1000, ttft, self.url)
        yield Event("done", result=res)


def sampling_seed(req: GenerationRequest, sample: int) -> int | None:
    if req.seed is None:
        return None if sample == 0 else sample
    return req.seed + sample
