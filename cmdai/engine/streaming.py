"""Streaming suggestions: ``Engine.suggest`` with the model's tokens delivered as they arrive.

    res = suggest_stream(engine, "list python files", on_event=print, cancel=token)

The pipeline is NOT duplicated: the engine's own ``suggest`` runs (context, prompt, parsing,
ranking, the safety check); only the backend its generator talks to is wrapped in a
:class:`StreamingTap`, which calls ``backend.stream`` instead of ``backend.generate`` and hands
every event to ``on_event`` on the way. The final command therefore goes through exactly the
same safety check as a non-streamed one.

Events passed to ``on_event`` (:class:`cmdai.backends.base.Event`):
  ``progress`` with ``data["stage"] == "generate"`` when a model call starts (clear what was shown);
  ``partial`` with the new text; ``progress`` with ``data["stage"] == "fallback"`` when a backend
  failed (``data["mid_stream"]``: what was shown is void, another backend starts over).
Cancellation (``cancel.cancel()``) raises :class:`cmdai.errors.Cancelled`; the tokens shown so far
are in ``StreamingTap.partial``.
"""

from __future__ import annotations

import copy
import dataclasses
from collections.abc import Callable
from typing import Any

from ..backends.base import CancellationToken, Event, GenerationRequest, GenerationResult
from ..errors import BackendError, Cancelled


class StreamingTap:
    """A Backend that streams from ``inner`` and reports events; delegates everything else."""

    def __init__(self, inner: Any, on_event: Callable[[Event], None] | None):
        self.inner = inner
        self.on_event = on_event or (lambda ev: None)
        self.partial = ""

    def __getattr__(self, name: str) -> Any:  # model, capabilities, health, score, ...
        return getattr(self.inner, name)

    @property
    def name(self) -> str:
        return getattr(self.inner, "name", "backend")

    @property
    def model(self) -> str:
        return self.inner.model

    def generate(self, req: GenerationRequest, cancel: CancellationToken | None = None) -> GenerationResult:
        first = dataclasses.replace(req, n=1)
        self.partial = ""
        self.on_event(Event("progress", data={"stage": "generate"}))
        result: GenerationResult | None = None
        for ev in self.inner.stream(first, cancel):
            if ev.kind == "partial":
                self.partial += ev.text
                self.on_event(ev)
            elif ev.kind == "progress":
                if ev.data.get("mid_stream"):
                    self.partial = ""
                self.on_event(ev)
            elif ev.kind == "done":
                result = ev.result
            elif ev.kind == "cancelled":
                raise Cancelled("cancelled")
            elif ev.kind == "error":
                raise BackendError(ev.text or "generation failed")
        if cancel is not None and cancel.cancelled:
            raise Cancelled("cancelled")
        if result is None:
            raise BackendError("the backend's stream ended without a result")
        if req.n > 1:  # the other samples, not streamed
            base_seed = req.seed if req.seed is not None else 0
            rest = self.inner.generate(dataclasses.replace(req, n=req.n - 1, seed=base_seed + 1), cancel)
            result = dataclasses.replace(result, completions=list(result.completions) + list(rest.completions),
                                         latency_ms=result.latency_ms + rest.latency_ms)
        return result

    def stream(self, req: GenerationRequest, cancel: CancellationToken | None = None) -> Any:
        return self.inner.stream(req, cancel)

    def close(self) -> None:  # the engine owns and closes the real backend
        pass


def suggest_stream(engine: Any, request: str, *, cwd: str | None = None, shell: str | None = None,
                   policy: str | None = None, session: str | None = None, recent: list[str] | None = None,
                   cancel: CancellationToken | None = None,
                   on_event: Callable[[Event], None] | None = None, tap: StreamingTap | None = None) -> Any:
    """Run ``engine.suggest`` with the tokens streamed to ``on_event``; returns the engine Result.

    Thread-safe with respect to other calls on the same engine: shallow copies of the engine, of
    its generator and of the generator's parts that hold the backend carry the tap; the shared
    engine is not modified.
    """
    tap = tap or StreamingTap(engine.backend, on_event)
    if on_event is not None:
        tap.on_event = on_event
    gen = engine.generator
    if not hasattr(gen, "backend"):  # a generator we cannot tap: no tokens, same result
        return engine.suggest(request, cwd=cwd, shell=shell, policy=policy, session=session, recent=recent,
                              cancel=cancel)
    gen2 = _retarget(gen, engine.backend, tap)
    eng2 = copy.copy(engine)
    eng2._generator = gen2
    return eng2.suggest(request, cwd=cwd, shell=shell, policy=policy, session=session, recent=recent,
                        cancel=cancel)


def _retarget(obj: Any, old: Any, new: Any, depth: int = 2) -> Any:
    """A shallow copy of ``obj`` where every attribute that is ``old`` becomes ``new``.

    Looks ``depth`` levels into attributes that are cmdai objects (the generator keeps the
    backend in its pipeline too); everything else is shared with the original.
    """
    dup = copy.copy(obj)
    attrs = getattr(dup, "__dict__", None)
    if not isinstance(attrs, dict):
        return dup
    for key, val in list(attrs.items()):
        if val is old:
            attrs[key] = new
        elif depth > 0 and _is_cmdai_object(val) and _holds(val, old, depth - 1):
            attrs[key] = _retarget(val, old, new, depth - 1)
    return dup


def _is_cmdai_object(val: Any) -> bool:
    return (type(val).__module__.startswith("cmdai.") and hasattr(val, "__dict__")
            and not isinstance(val, type))


def _holds(obj: Any, target: Any, depth: int) -> bool:
    for val in vars(obj).values():
        if val is target:
            return True
        if depth > 0 and _is_cmdai_object(val) and _holds(val, target, depth - 1):
            return True
    return False
