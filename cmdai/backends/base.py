"""The Backend protocol shared by embedded (llama.cpp), ollama and openai-compatible backends.

A backend turns a :class:`GenerationRequest` into text. ``generate`` returns the whole
answer; ``stream`` yields :class:`Event` objects (``progress``, ``partial``, ``done``,
``error``, ``cancelled``); ``health`` says whether it can answer now; ``capabilities`` what it
can do (raw completion for base models, chat, log-likelihood scoring, embeddings).

Requests carry both forms of the prompt: ``prompt`` (a raw completion prompt, what a base model
like the bundled Gemma 3 270M needs) and ``messages`` (chat form, what instruction-tuned servers
prefer). A backend uses the form it is best at and falls back to the other.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, Protocol, runtime_checkable


class CancellationToken:
    """Thread-safe cancel flag shared by a caller and a running generation.

    ``cancel()`` may be called from any thread (a signal handler, the daemon's reader);
    backends poll ``cancelled`` between tokens and close their HTTP stream or stop llama.cpp.
    """

    def __init__(self) -> None:
        self._event = threading.Event()
        self._callbacks: list[Any] = []
        self._lock = threading.Lock()

    def cancel(self) -> None:
        with self._lock:
            if self._event.is_set():
                return
            self._event.set()
            callbacks = list(self._callbacks)
        for cb in callbacks:
            try:
                cb()
            except Exception:  # a callback must never break cancellation
                pass

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()

    def on_cancel(self, cb: Any) -> None:
        """Run ``cb()`` when cancelled (immediately if already cancelled)."""
        with self._lock:
            if not self._event.is_set():
                self._callbacks.append(cb)
                return
        cb()

    def wait(self, timeout: float | None = None) -> bool:
        return self._event.wait(timeout)


@dataclass
class GenerationRequest:
    prompt: str | None = None
    messages: list[dict[str, str]] | None = None
    max_tokens: int = 80
    temperature: float = 0.0
    top_p: float = 0.95
    stop: list[str] = field(default_factory=list)
    n: int = 1  # number of samples (backends without native n loop)
    seed: int | None = None

    def as_messages(self) -> list[dict[str, str]]:
        if self.messages:
            return self.messages
        return [{"role": "user", "content": self.prompt or ""}]

    def as_prompt(self) -> str:
        if self.prompt is not None:
            return self.prompt
        return "\n\n".join(m.get("content", "") for m in self.messages or []) + "\n"


@dataclass
class Completion:
    text: str
    tokens: int = 0
    logprob: float | None = None  # sum of token log-probabilities, when known
    finish_reason: str = "stop"


@dataclass
class GenerationResult:
    completions: list[Completion]
    backend: str
    model: str
    latency_ms: float
    ttft_ms: float | None = None  # time to first token
    instance: str | None = None  # URL or model path that answered

    @property
    def text(self) -> str:
        return self.completions[0].text if self.completions else ""


@dataclass
class Event:
    """A streaming event: kind is progress | partial | done | error | cancelled."""

    kind: str
    text: str = ""  # partial: the new text; error: the message
    result: GenerationResult | None = None  # done
    data: dict[str, Any] = field(default_factory=dict)


@dataclass
class Health:
    ok: bool
    reachable: bool
    model_present: bool
    latency_ms: float | None = None
    detail: str = ""
    checked_at: float = field(default_factory=time.time)

    def to_dict(self) -> dict[str, Any]:
        return {"ok": self.ok, "reachable": self.reachable, "model_present": self.model_present,
                "latency_ms": self.latency_ms, "detail": self.detail, "checked_at": self.checked_at}


@dataclass
class Capabilities:
    completion: bool = True  # raw prompt completion (base models)
    chat: bool = True
    streaming: bool = True
    scoring: bool = False  # log-likelihood of a continuation
    embeddings: bool = False
    local: bool = False


@runtime_checkable
class Backend(Protocol):
    name: str

    @property
    def model(self) -> str: ...

    def generate(self, req: GenerationRequest, cancel: CancellationToken | None = None) -> GenerationResult: ...

    def stream(self, req: GenerationRequest, cancel: CancellationToken | None = None) -> Iterator[Event]: ...

    def health(self) -> Health: ...

    def capabilities(self) -> Capabilities: ...

    def close(self) -> None: ...


def stream_from_generate(backend: Any, req: GenerationRequest,
                         cancel: CancellationToken | None = None) -> Iterator[Event]:
    """A ``stream`` for backends that can only ``generate``: one partial then done."""
    from ..errors import Cancelled, CmdaiError

    try:
        res = backend.generate(req, cancel)
    except Cancelled:
        yield Event("cancelled")
        return
    except CmdaiError as e:
        yield Event("error", text=str(e))
        return
    yield Event("partial", text=res.text)
    yield Event("done", result=res)
