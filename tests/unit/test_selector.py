"""BackendSelector, CircuitBreaker and PerformanceMonitor with scripted in-process backends.

The real HTTP backends are exercised against real servers in tests/integration/test_backends*.py;
here each instance is a small scripted Backend so every ordering and failure path is exact.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator

import pytest

from cmdai.backends import create_backend
from cmdai.backends.base import (
    CancellationToken,
    Capabilities,
    Completion,
    Event,
    GenerationRequest,
    GenerationResult,
    Health,
)
from cmdai.backends.http import RemoteError, parse_retry_after
from cmdai.backends.monitor import PerformanceMonitor, percentile
from cmdai.backends.selector import BackendSelector, CircuitBreaker, fallback_order
from cmdai.errors import BackendError, Cancelled


class Clock:
    def __init__(self) -> None:
        self.t = 1000.0

    def __call__(self) -> float:
        return self.t


class Scripted:
    """A Backend whose next answers are scripted: 'ok', 'fail', 'midfail', 'rate', 'cancel'."""

    def __init__(self, name: str, url: str, text: str = "ls -la", *, default: str = "ok"):
        self.name = name
        self.url = url
        self.text = text
        self.default = default
        self.script: list[str] = []
        self.calls = 0
        self.health_calls = 0
        self.healthy = True
        self.closed = False
        self.gate: threading.Event | None = None

    @property
    def model(self) -> str:
        return "m"

    def capabilities(self) -> Capabilities:
        return Capabilities()

    def health(self) -> Health:
        self.health_calls += 1
        return Health(self.healthy, self.healthy, self.healthy, 1.0, "" if self.healthy else "down")

    def close(self) -> None:
        self.closed = True

    def _next(self) -> str:
        self.calls += 1
        return self.script.pop(0) if self.script else self.default

    def stream(self, req: GenerationRequest, cancel: CancellationToken | None = None) -> Iterator[Event]:
        what = self._next()
        if self.gate is not None:
            self.gate.wait(5)
        if what == "fail":
            yield Event("error", text=f"{self.url} refused", data={"kind": "connect"})
            return
        if what == "rate":
            yield Event("error", text=f"{self.url} 429", data={"kind": "rate_limited", "retry_after": 10})
            return
        if what == "cancel":
            yield Event("cancelled")
            return
        toks = self.text.split(" ")
        for i, t in enumerate(toks):
            if what == "midfail" and i == 1:
                yield Event("error", text=f"{self.url} died", data={"kind": "truncated"})
                return
            yield Event("partial", text=(" " if i else "") + t)
        yield Event("done", result=GenerationResult([Completion(self.text, len(toks))], self.name, "m", 10.0, 2.0,
                                                     self.url))

    def generate(self, req: GenerationRequest, cancel: CancellationToken | None = None) -> GenerationResult:
        res = None
        for ev in self.stream(req, cancel):
            if ev.kind == "error":
                raise RemoteError(ev.text, ev.data.get("kind", "http"), retry_after=ev.data.get("retry_after"))
            if ev.kind == "cancelled":
                raise Cancelled("cancelled")
            if ev.kind == "done":
                res = ev.result
        assert res is not None
        return res


REQ = GenerationRequest(prompt="Request: list files\nCommand:")


def make(backends: list[Scripted], **kw: object) -> BackendSelector:
    clock = kw.pop("clock", None) or Clock()
    return BackendSelector([(b.name, b) for b in backends], clock=clock, **kw)  # type: ignore[arg-type]


def test_fallback_before_first_token_is_silent() -> None:
    a, b = Scripted("ollama", "http://a", default="fail"), Scripted("openai", "http://b", "echo hi")
    sel = make([a, b])
    events = list(sel.stream(REQ))
    kinds = [e.kind for e in events]
    assert kinds == ["partial", "partial", "done"]
    assert events[-1].result.text == "echo hi" and events[-1].data["instance"] == "openai@http://b"
    stats = sel.monitor.summary()
    assert stats["ollama@http://a"]["errors"] == 1 and stats["openai@http://b"]["errors"] == 0
    assert sel.generate(REQ).backend == "openai"


def test_midstream_failure_is_reported_then_falls_through() -> None:
    a, b = Scripted("openai", "http://a", "rm nothing", default="midfail"), Scripted("embedded", "", "ls -la")
    sel = make([a, b])
    events = list(sel.stream(REQ))
    fb = [e for e in events if e.kind == "progress"]
    assert len(fb) == 1 and fb[0].data["mid_stream"] is True and fb[0].data["discard"] == "rm"
    assert "failed mid-answer" in fb[0].text
    assert events.index(fb[0]) == 1  # after the first partial of the failed instance
    assert events[-1].kind == "done" and events[-1].result.text == "ls -la"


def test_all_failed_is_one_line_naming_each() -> None:
    a, b = Scripted("ollama", "http://a", default="fail"), Scripted("openai", "http://b", default="fail")
    sel = make([a, b])
    with pytest.raises(BackendError) as ei:
        sel.generate(REQ)
    msg = str(ei.value)
    assert "\n" not in msg and "ollama@http://a" in msg and "openai@http://b" in msg
    last = list(sel.stream(REQ))[-1]
    assert last.kind == "error" and "no backend could answer" in last.text


def test_circuit_opens_half_opens_and_closes() -> None:
    clock = Clock()
    a, b = Scripted("openai", "http://a", default="fail"), Scripted("openai", "http://b")
    sel = make([a, b], failure_threshold=2, cooldown_s=30, clock=clock)
    for _ in range(2):
        assert sel.generate(REQ).instance == "http://b"
    assert sel.instances[0].breaker.state == "open" and a.calls == 2
    for _ in range(3):  # open: not even tried
        sel.generate(REQ)
    assert a.calls == 2
    clock.t += 31  # half-open: one trial, which fails -> open again
    sel.generate(REQ)
    assert a.calls == 3 and sel.instances[0].breaker.state == "open"
    clock.t += 31
    a.default = "ok"  # it came back
    assert sel.generate(REQ).instance == "http://a"
    assert sel.instances[0].breaker.state == "closed"


def test_half_open_allows_a_single_trial() -> None:
    clock = Clock()
    br = CircuitBreaker(1, 10, clock)
    br.failure()
    assert br.state == "open" and not br.acquire()
    clock.t += 10
    assert br.state == "half_open"
    assert br.acquire() is True and br.acquire() is False
    br.release()
    assert br.acquire() is True
    br.success()
    assert br.state == "closed"


def test_round_robin_spreads_and_priority_does_not() -> None:
    insts = [Scripted("openai", f"http://{i}") for i in range(3)]
    sel = make(insts, strategy="round_robin")
    used = [sel.generate(REQ).instance for _ in range(9)]
    assert {u: used.count(u) for u in used} == {"http://0": 3, "http://1": 3, "http://2": 3}
    insts2 = [Scripted("openai", f"http://{i}") for i in range(3)]
    sel2 = make(insts2, strategy="priority")
    assert {sel2.generate(REQ).instance for _ in range(5)} == {"http://0"}


def test_round_robin_keeps_chain_order_across_backends() -> None:
    remote = [Scripted("openai", f"http://{i}", default="fail") for i in range(2)]
    local = Scripted("embedded", "", "pwd")
    sel = make([*remote, local], strategy="round_robin", failure_threshold=100)
    for _ in range(4):
        assert sel.generate(REQ).text == "pwd"
    assert [r.calls for r in remote] == [4, 4]


def test_least_loaded_avoids_busy_instance() -> None:
    a, b = Scripted("openai", "http://a"), Scripted("openai", "http://b")
    sel = make([a, b], strategy="least_loaded")
    a.gate = threading.Event()
    t = threading.Thread(target=sel.generate, args=(REQ,))
    t.start()
    for _ in range(100):
        if sel.instances[0].inflight or sel.instances[1].inflight:
            break
        threading.Event().wait(0.01)
    busy = 0 if sel.instances[0].inflight else 1
    other = "http://b" if busy == 0 else "http://a"
    (b if busy == 0 else a).gate = None
    assert all(sel.generate(REQ).instance == other for _ in range(4))
    a.gate.set()
    t.join(5)
    assert sel.instances[0].inflight == sel.instances[1].inflight == 0


def test_fastest_prefers_lowest_p50() -> None:
    a, b = Scripted("openai", "http://a"), Scripted("openai", "http://b")
    sel = make([a, b], strategy="fastest")
    for _ in range(5):
        sel.monitor.record("openai@http://a", ok=True, latency_ms=500.0)
        sel.monitor.record("openai@http://b", ok=True, latency_ms=50.0)
    assert {sel.generate(REQ).instance for _ in range(4)} == {"http://b"}


def test_retry_after_skips_instance_until_it_expires() -> None:
    clock = Clock()
    a, b = Scripted("openai", "http://a"), Scripted("openai", "http://b")
    a.script = ["rate"]
    sel = make([a, b], clock=clock, failure_threshold=10)
    assert sel.generate(REQ).instance == "http://b"
    assert sel.generate(REQ).instance == "http://b" and a.calls == 1
    clock.t += 11
    assert sel.generate(REQ).instance == "http://a"


def test_health_is_cached_for_ttl_and_unhealthy_is_skipped() -> None:
    clock = Clock()
    a, b = Scripted("ollama", "http://a"), Scripted("openai", "http://b")
    a.healthy = False
    sel = make([a, b], clock=clock, health_ttl_s=30)
    for _ in range(5):
        assert sel.generate(REQ).instance == "http://b"
    assert a.calls == 0 and a.health_calls == 1 and b.health_calls == 1
    a.healthy = True
    clock.t += 31
    assert sel.generate(REQ).instance == "http://a" and a.health_calls == 2


def test_cancel_is_not_a_failure() -> None:
    a, b = Scripted("openai", "http://a"), Scripted("openai", "http://b")
    a.script = ["cancel"]
    sel = make([a, b], failure_threshold=1)
    with pytest.raises(Cancelled):
        sel.generate(REQ)
    assert sel.instances[0].breaker.state == "closed" and b.calls == 0
    tok = CancellationToken()
    tok.cancel()
    assert [e.kind for e in sel.stream(REQ, tok)] == ["cancelled"]


def test_close_closes_every_instance_and_saves_stats(tmp_path) -> None:
    a, b = Scripted("openai", "http://a"), Scripted("embedded", "")
    sel = make([a, b], monitor=PerformanceMonitor(tmp_path / "stats.json"))
    sel.generate(REQ)
    sel.close()
    assert a.closed and b.closed
    data = json.loads((tmp_path / "stats.json").read_text())
    assert data["instances"]["openai@http://a"]["requests"] == 1


def test_monitor_merges_processes_and_percentiles(tmp_path) -> None:
    path = tmp_path / "state" / "backend_stats.json"
    m1, m2 = PerformanceMonitor(path), PerformanceMonitor(path)
    for v in range(1, 101):
        m1.record("x", ok=True, latency_ms=float(v), ttft_ms=1.0, tokens=10)
    m2.record("x", ok=False, error_kind="timeout", error="no answer")
    m2.record("y", ok=True, latency_ms=5.0)
    m1.save()
    m2.save()
    m3 = PerformanceMonitor(path)
    s = m3.summary()
    assert s["x"]["requests"] == 101 and s["x"]["errors"] == 1 and s["x"]["errors_by_kind"] == {"timeout": 1}
    assert s["x"]["latency_p50_ms"] == pytest.approx(50.5) and s["x"]["latency_p95_ms"] == pytest.approx(95.05, abs=0.1)
    assert s["y"]["requests"] == 1
    assert oct(path.stat().st_mode & 0o777) == "0o600"
    assert not [p for p in path.parent.iterdir() if p.name.endswith(".tmp")]
    m1.save()  # nothing new: the file is unchanged
    assert PerformanceMonitor(path).summary()["x"]["requests"] == 101
    assert percentile([], 50) is None and percentile([3.0], 95) == 3.0


def test_corrupt_stats_file_is_ignored(tmp_path) -> None:
    path = tmp_path / "backend_stats.json"
    path.write_text("{not json")
    m = PerformanceMonitor(path)
    assert m.summary() == {}
    m.record("x", ok=True, latency_ms=1.0)
    m.save()
    assert json.loads(path.read_text())["instances"]["x"]["requests"] == 1


def test_retry_after_parsing() -> None:
    assert parse_retry_after("3") == 3.0
    assert parse_retry_after(None) is None and parse_retry_after("soon") is None
    assert 0 <= parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT") <= 0.001  # a date in the past


def test_create_backend_and_chain_order() -> None:
    from cmdai.backends.embedded import EmbeddedBackend
    from cmdai.config import load

    cfg = load()
    assert isinstance(create_backend("embedded", cfg), EmbeddedBackend)
    cfg = load(overrides={"backend.chain": "ollama,openai,embedded", "backend.default": "ollama",
                          "openai.urls": "http://127.0.0.1:1,http://127.0.0.1:2"})
    sel = create_backend("ollama", cfg)
    assert isinstance(sel, BackendSelector)
    assert [i.key for i in sel.instances] == ["ollama@http://127.0.0.1:11434", "openai@http://127.0.0.1:1",
                                              "openai@http://127.0.0.1:2", "embedded@gemma-3-270m-q4_k_m.gguf"]
    sel.close()
    assert fallback_order("openai", ["embedded", "openai", "ollama"]) == ["openai", "embedded", "ollama"]
