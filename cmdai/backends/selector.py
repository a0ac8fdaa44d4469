"""BackendSelector: one Backend made of several, with fallback, balancing and a circuit breaker.

Order of trial for each request:

1. **Groups** (one per backend name) in fallback-chain order: ``backend.default`` (when set) first, then the
   rest of ``backend.chain`` in config order (each name once).
2. **Instances** of a group (one per URL in ``ollama.urls`` / ``openai.urls``; embedded has one)
   ordered by ``backend.strategy``: ``priority`` (config order), ``round_robin`` (rotates per
   request), ``least_loaded`` (fewest requests in flight, ties rotate), ``fastest`` (lowest p50
   latency measured by the :class:`PerformanceMonitor`; instances never measured go first so they
   get measured).
3. An instance is skipped while its circuit is open, while a ``Retry-After`` it sent has not
   expired, or while its cached health check (trusted for ``backend.health_ttl_s``) says it is
   down or lacks the model.

A failure before the first token falls through to the next instance silently (it is logged:
one line on stderr with ``--verbose``). A failure after the first token is reported with a
``progress`` event (``data["stage"] == "fallback"``, ``data["mid_stream"] is True``: drop what
was shown so far) and falls through too; the next instance starts from the beginning. When every
instance failed the caller gets one :class:`~cmdai.errors.BackendError` line naming each failure.

Circuit breaker per instance: ``backend.failure_threshold`` consecutive failures open it; after
``backend.cooldown_s`` it is half-open and lets ONE trial request through; success closes it,
failure opens it again for another cool-down.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from ..errors import BackendError, Cancelled, CmdaiError
from .base import CancellationToken, Capabilities, Event, GenerationRequest, GenerationResult, Health
from .monitor import PerformanceMonitor

log = logging.getLogger(__name__)

CLOSED, OPEN, HALF_OPEN = "closed", "open", "half_open"
STRATEGIES = ("priority", "fastest", "round_robin", "least_loaded")


class CircuitBreaker:
    """Per-instance breaker; ``clock`` is injectable for tests."""

    def __init__(self, threshold: int = 3, cooldown_s: float = 30.0, clock: Callable[[], float] = time.monotonic):
        self.threshold = max(1, threshold)
        self.cooldown_s = cooldown_s
        self.clock = clock
        self.failures = 0
        self.opened_at: float | None = None
        self._trial = False  # a half-open trial request is in flight
        self._lock = threading.Lock()

    @property
    def state(self) -> str:
        with self._lock:
            return self._state()

    def _state(self) -> str:
        if self.opened_at is None:
            return CLOSED
        if self.clock() - self.opened_at >= self.cooldown_s:
            return HALF_OPEN
        return OPEN

    def acquire(self) -> bool:
        """May a request go to this instance now? Claims the single half-open trial."""
        with self._lock:
            st = self._state()
            if st == CLOSED:
                return True
            if st == HALF_OPEN and not self._trial:
                self._trial = True
                return True
            return False

    def available(self) -> bool:
        """Like :meth:`acquire` without claiming anything (for ordering and display)."""
        with self._lock:
            st = self._state()
            return st == CLOSED or (st == HALF_OPEN and not self._trial)

    def success(self) -> None:
        with self._lock:
            self.failures = 0
            self.opened_at = None
            self._trial = False

    def failure(self) -> None:
        with self._lock:
            self.failures += 1
            if self._trial or self.failures >= self.threshold:
                self.opened_at = self.clock()
            self._trial = False

    def release(self) -> None:
        """A trial ended without a verdict (cancelled): let another trial through."""
        with self._lock:
            self._trial = False


@dataclass
class Instance:
    group: str
    backend: Any
    breaker: CircuitBreaker
    key: str = ""
    health: Health | None = None
    health_at: float = 0.0
    inflight: int = 0
    retry_at: float = 0.0  # monotonic time before which a Retry-After asks us to wait
    lock: threading.Lock = field(default_factory=threading.Lock)

    def to_dict(self) -> dict[str, Any]:
        return {"key": self.key, "backend": self.group, "url": getattr(self.backend, "url", None),
                "model": _safe_model(self.backend), "circuit": self.breaker.state,
                "consecutive_failures": self.breaker.failures, "inflight": self.inflight,
                "health": self.health.to_dict() if self.health else None}


def _safe_model(backend: Any) -> str:
    try:
        return str(backend.model)
    except Exception:
        return ""


def instance_key(backend: Any) -> str:
    url = getattr(backend, "url", None)
    if url:
        return f"{backend.name}@{url}"
    return f"{backend.name}@{_safe_model(backend)}"


class _Failed(Exception):
    def __init__(self, message: str, kind: str = "error", retry_after: float | None = None):
        super().__init__(message)
        self.kind = kind
        self.retry_after = retry_after


class BackendSelector:
    """A Backend (see :mod:`.base`) that routes each request to one of its instances."""

    def __init__(self, instances: list[tuple[str, Any]], *, strategy: str = "priority",
                 health_ttl_s: float = 30.0, failure_threshold: int = 3, cooldown_s: float = 30.0,
                 monitor: PerformanceMonitor | None = None, clock: Callable[[], float] = time.monotonic):
        if strategy not in STRATEGIES:
            raise BackendError(f"unknown backend strategy '{strategy}' (use one of {', '.join(STRATEGIES)})")
        if not instances:
            raise BackendError("no backend configured")
        self.strategy = strategy
        self.health_ttl_s = health_ttl_s
        self.clock = clock
        self.monitor = monitor or PerformanceMonitor(None)
        self.instances = [Instance(g, b, CircuitBreaker(failure_threshold, cooldown_s, clock), instance_key(b))
                          for g, b in instances]
        self.groups: list[str] = []
        for g, _ in instances:
            if g not in self.groups:
                self.groups.append(g)
        self._rr = dict.fromkeys(self.groups, 0)
        self._rr_lock = threading.Lock()
        self._last: Instance | None = None
        self._closed = False

    def _peek(self) -> Instance | None:
        """The instance the next request would go to (cached health; no rotation)."""
        return next((i for i in self._ordered(rotate=False) if self._usable(i)), None)

    @property
    def name(self) -> str:  # type: ignore[override]
        """The backend that would answer now (what the engine reports as ``backend``)."""
        inst = self._peek() or self._last or self.instances[0]
        return inst.group

    @property
    def score(self) -> Any:
        """Log-likelihood scoring, offered only when the instance that would answer can score."""
        inst = self._peek()
        if inst is None or not callable(getattr(inst.backend, "score", None)):
            raise AttributeError("score")
        return self._score

    def _score(self, prompt: str, continuations: list[str]) -> list[float]:
        """Log-likelihoods from the first available instance that can score (embedded)."""
        errors: list[str] = []
        for inst in self._ordered(skipped=errors):
            fn = getattr(inst.backend, "score", None)
            if not callable(fn) or not self._usable(inst, errors) or not self._begin(inst):
                continue
            t0 = time.perf_counter()
            try:
                out = fn(prompt, continuations)
            except Cancelled:
                inst.breaker.release()
                raise
            except CmdaiError as e:
                errors.append(f"{inst.key}: {self._fail(inst, e, t0)}")
                continue
            finally:
                self._end(inst)
            inst.breaker.success()
            return out
        raise self._all_failed(errors)

    @classmethod
    def from_config(cls, cfg: Any, first: str | None = None, *, monitor: PerformanceMonitor | None = None,
                    backends: dict[str, Callable[[Any, str | None], Any]] | None = None) -> BackendSelector:
        b = cfg.backend
        order = fallback_order(first or b.default, b.chain)
        made = []
        for name in order:
            for url in instance_urls(cfg, name):
                made.append((name, make_backend(name, cfg, url, backends)))
        if monitor is None:
            from .monitor import default_path

            monitor = PerformanceMonitor(default_path())
        return cls(made, strategy=b.strategy, health_ttl_s=b.health_ttl_s, failure_threshold=b.failure_threshold,
                   cooldown_s=b.cooldown_s, monitor=monitor)

    # -- Backend protocol --------------------------------------------------------------------
    @property
    def model(self) -> str:
        inst = self._last or self.instances[0]
        return _safe_model(inst.backend)

    @property
    def last_instance(self) -> str | None:
        return self._last.key if self._last else None

    def capabilities(self) -> Capabilities:
        caps = [i.backend.capabilities() for i in self.instances]
        first = caps[0]
        return Capabilities(completion=first.completion, chat=first.chat, streaming=True, scoring=False,
                            embeddings=any(c.embeddings for c in caps), local=all(c.local for c in caps))

    def health(self) -> Health:
        """Healthy when at least one instance can answer now (uses the cache)."""
        t0 = time.perf_counter()
        details = []
        ok_any = reach_any = model_any = False
        for inst in self.instances:
            h = self._health(inst)
            ok_any |= h.ok and inst.breaker.available()
            reach_any |= h.reachable
            model_any |= h.model_present
            details.append(f"{inst.key}: {'ok' if h.ok else h.detail}")
        return Health(ok_any, reach_any, model_any, (time.perf_counter() - t0) * 1000, "; ".join(details))

    def health_all(self, refresh: bool = False) -> list[dict[str, Any]]:
        out = []
        for inst in self.instances:
            self._health(inst, refresh=refresh)
            out.append(inst.to_dict())
        return out

    def load(self) -> None:
        """Warm up (engine.warm): load the model when the first choice is the embedded one."""
        inst = self.instances[0]
        load = getattr(inst.backend, "load", None)
        if load is not None:
            load()

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        for inst in self.instances:
            try:
                inst.backend.close()
            except Exception as e:
                log.warning("closing %s: %s", inst.key, e)
        self.monitor.save()

    # -- selection ---------------------------------------------------------------------------
    def _health(self, inst: Instance, refresh: bool = False) -> Health:
        now = self.clock()
        h = inst.health
        if h is None or refresh or now - inst.health_at >= self.health_ttl_s:
            try:
                h = inst.backend.health()
            except Exception as e:  # a health check must never raise
                h = Health(False, False, False, None, f"health check failed: {type(e).__name__}: {e}")
            inst.health, inst.health_at = h, self.clock()
            if not h.ok:
                log.info("%s is not healthy, skipping it: %s", inst.key, h.detail)
        return h

    def _order(self, group: list[Instance], g: str, rotate: bool = True) -> list[Instance]:
        if len(group) == 1 or self.strategy == "priority":
            return group
        with self._rr_lock:
            start = self._rr[g] % len(group)
            if rotate:
                self._rr[g] += 1
        rotated = group[start:] + group[:start]
        if self.strategy == "round_robin":
            return rotated
        if self.strategy == "least_loaded":
            return sorted(rotated, key=lambda i: i.inflight)  # stable: ties keep the rotation
        # fastest: unmeasured first (so they get measured), then by p50 latency
        return sorted(rotated, key=lambda i: self.monitor.p50(i.key) or -1.0)

    def _ordered(self, rotate: bool = True, skipped: list[str] | None = None) -> list[Instance]:
        """Instances in trial order, without those whose circuit is open or that asked us to wait."""
        now = self.clock()
        out: list[Instance] = []
        for g in self.groups:
            group = [i for i in self.instances if i.group == g]
            for inst in self._order(group, g, rotate):
                why = ""
                if not inst.breaker.available():
                    br = inst.breaker
                    left = max(0.0, br.cooldown_s - (now - (br.opened_at or 0.0)))
                    why = f"circuit open after {br.failures} failures (next try in {left:.0f} s)"
                elif inst.retry_at > now:
                    why = f"rate limited (retry in {inst.retry_at - now:.0f} s)"
                if why:
                    if skipped is not None:
                        skipped.append(f"{inst.key}: {why}")
                    continue
                out.append(inst)
        return out

    def _usable(self, inst: Instance, skipped: list[str] | None = None) -> bool:
        """Health gate, checked lazily (only for instances actually reached), cached for the TTL.

        A half-open circuit gets its trial whatever the cached health says.
        """
        if inst.breaker.state != CLOSED:
            return True
        h = self._health(inst)
        if not h.ok and skipped is not None:
            skipped.append(f"{inst.key}: {h.detail or 'unhealthy'}")
        return h.ok

    def candidates(self, rotate: bool = True, skipped: list[str] | None = None) -> list[Instance]:
        """All instances to try, in order, for one request (health-checks each; claims nothing).

        ``skipped`` collects one line per instance left out, and why.
        """
        return [i for i in self._ordered(rotate, skipped) if self._usable(i, skipped)]

    def _begin(self, inst: Instance) -> bool:
        if not inst.breaker.acquire():
            return False
        with inst.lock:
            inst.inflight += 1
        return True

    def _end(self, inst: Instance) -> None:
        with inst.lock:
            inst.inflight -= 1

    def _fail(self, inst: Instance, err: _Failed | CmdaiError | Exception, t0: float) -> str:
        kind = getattr(err, "kind", "error")
        msg = str(err) or type(err).__name__
        inst.breaker.failure()
        ra = getattr(err, "retry_after", None)
        if ra:
            inst.retry_at = self.clock() + min(float(ra), 3600.0)
        if kind == "model_missing":  # will not heal by itself: skip until the health TTL expires
            inst.health = Health(False, True, False, None, msg)
            inst.health_at = self.clock()
        self.monitor.record(inst.key, ok=False, latency_ms=(time.perf_counter() - t0) * 1000,
                            error_kind=kind, error=msg)
        return msg

    def _ok(self, inst: Instance, res: GenerationResult) -> None:
        inst.breaker.success()
        if inst.health is not None and not inst.health.ok:
            inst.health = None  # re-check next time rather than trusting an old failure
        self._last = inst
        tokens = sum(c.tokens for c in res.completions)
        self.monitor.record(inst.key, ok=True, latency_ms=res.latency_ms, ttft_ms=res.ttft_ms, tokens=tokens)

    @staticmethod
    def _all_failed(errors: list[str]) -> BackendError:
        if not errors:
            return BackendError("no backend could answer: every instance is unhealthy or its circuit is "
                                "open (see 'cmdai backends health')")
        return BackendError("no backend could answer: " + "; ".join(errors))

    def generate(self, req: GenerationRequest, cancel: CancellationToken | None = None) -> GenerationResult:
        errors: list[str] = []
        for inst in self._ordered(skipped=errors):
            if cancel is not None and cancel.cancelled:
                raise Cancelled("cancelled")
            if not self._usable(inst, errors) or not self._begin(inst):
                continue
            t0 = time.perf_counter()
            try:
                res = inst.backend.generate(req, cancel)
            except Cancelled:
                inst.breaker.release()
                raise
            except CmdaiError as e:
                msg = self._fail(inst, e, t0)
                errors.append(f"{inst.key}: {msg}")
                log.info("%s failed, trying the next backend: %s", inst.key, msg)
                continue
            except Exception as e:  # a backend bug: still fall through
                msg = self._fail(inst, _Failed(f"{type(e).__name__}: {e}"), t0)
                errors.append(f"{inst.key}: {msg}")
                log.warning("%s failed unexpectedly, trying the next backend: %s", inst.key, msg, exc_info=True)
                continue
            finally:
                self._end(inst)
            self._ok(inst, res)
            res.instance = res.instance or getattr(inst.backend, "url", None)
            return res
        raise self._all_failed(errors)

    def stream(self, req: GenerationRequest, cancel: CancellationToken | None = None) -> Iterator[Event]:
        errors: list[str] = []
        cands = self._ordered(skipped=errors)
        for pos, inst in enumerate(cands):
            if cancel is not None and cancel.cancelled:
                yield Event("cancelled")
                return
            if not self._usable(inst, errors) or not self._begin(inst):
                continue
            t0 = time.perf_counter()
            shown: list[str] = []
            inner = inst.backend.stream(req, cancel)
            finished = False
            try:
                for ev in inner:
                    if ev.kind == "partial":
                        shown.append(ev.text)
                        yield ev
                    elif ev.kind == "done":
                        res = ev.result
                        if res is None:
                            raise _Failed("the stream ended without a result", "truncated")
                        self._ok(inst, res)
                        res.instance = res.instance or getattr(inst.backend, "url", None)
                        finished = True
                        yield Event("done", result=res, data={"instance": inst.key, **ev.data})
                        return
                    elif ev.kind == "cancelled":
                        inst.breaker.release()
                        finished = True
                        yield Event("cancelled", text="".join(shown))
                        return
                    elif ev.kind == "error":
                        raise _Failed(ev.text, ev.data.get("kind", "error"), ev.data.get("retry_after"))
                    else:
                        yield ev
                raise _Failed("the stream ended without a result", "truncated")
            except Cancelled:
                inst.breaker.release()
                finished = True
                yield Event("cancelled", text="".join(shown))
                return
            except (_Failed, CmdaiError) as e:
                msg = self._fail(inst, e, t0)
            except GeneratorExit:  # the caller stopped reading: no verdict on this instance
                if not finished:
                    inst.breaker.release()
                raise
            except Exception as e:  # a backend bug: still fall through
                log.warning("%s failed unexpectedly", inst.key, exc_info=True)
                msg = self._fail(inst, _Failed(f"{type(e).__name__}: {e}"), t0)
            finally:
                self._end(inst)
                inner.close()
            errors.append(f"{inst.key}: {msg}")
            if shown and pos < len(cands) - 1:  # the last one's failure is the final error
                yield Event("progress", text=f"{inst.key} failed mid-answer: {msg}; trying the next backend",
                            data={"stage": "fallback", "mid_stream": True, "instance": inst.key,
                                  "discard": "".join(shown)})
            else:
                log.info("%s failed before the first token, trying the next backend: %s", inst.key, msg)
        yield Event("error", text=str(self._all_failed(errors)), data={"kind": "all_failed"})


def fallback_order(first: str, chain: list[str]) -> list[str]:
    """``first`` then the chain in config order, each name once."""
    out: list[str] = []
    for n in [first, *chain]:
        if n and n not in out:
            out.append(n)
    return out


def instance_urls(cfg: Any, name: str) -> list[str | None]:
    if name == "ollama":
        urls = list(cfg.ollama.urls)
    elif name == "openai":
        urls = list(cfg.openai.urls)
    else:
        return [None]
    seen: list[str | None] = []
    for u in urls:
        if u and u not in seen:
            seen.append(u)
    if not seen:
        raise BackendError(f"{name}.urls is empty: configure at least one server URL")
    return seen


def make_backend(name: str, cfg: Any, url: str | None = None,
                 extra: dict[str, Callable[[Any, str | None], Any]] | None = None) -> Any:
    if extra and name in extra:
        return extra[name](cfg, url)
    if name == "embedded":
        from .embedded import EmbeddedBackend

        return EmbeddedBackend.from_config(cfg)
    if name == "ollama":
        from .ollama import OllamaBackend

        return OllamaBackend.from_config(cfg, url)
    if name == "openai":
        from .openai import OpenAIBackend

        return OpenAIBackend.from_config(cfg, url)
    from ..errors import UsageError

    raise UsageError(f"unknown backend '{name}' (available: embedded, ollama, openai)")
