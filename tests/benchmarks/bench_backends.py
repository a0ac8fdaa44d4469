"""Backend benchmarks: selection overhead and cancellation latency.

    python tests/benchmarks/bench_backends.py [--iterations N] [--no-cli]

1. Selection overhead with healthy, cached backends: ``BackendSelector.candidates()`` alone for a
   5-instance chain (ollama x2, openai x2, embedded) under each strategy, and end to end
   ``selector.generate`` against ``backend.generate`` (the baseline) on the same loopback
   stand-in server, measured in the same run, interleaved.
2. Cancellation latency: from ``CancellationToken.cancel()`` to the ``cancelled`` event, while a
   stream is between tokens and while it waits for a (30 s) first token; and for the CLI, from
   SIGINT (Ctrl-C on a pty) to the "cancelled" line and to process exit.
Target: overhead <= 5 ms; cancel <= 100 ms.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests/ (servers.py)

from servers import OllamaStandIn, OpenAIStandIn

from cmdai.backends.base import CancellationToken, GenerationRequest
from cmdai.backends.monitor import PerformanceMonitor
from cmdai.backends.ollama import OllamaBackend
from cmdai.backends.openai import OpenAIBackend
from cmdai.backends.selector import STRATEGIES, BackendSelector

REQ = GenerationRequest(prompt="Request: list files\nCommand:", max_tokens=8, stop=["\n"])


def pct(xs: list[float], q: float) -> float:
    s = sorted(xs)
    return s[min(len(s) - 1, int(round((len(s) - 1) * q / 100)))]


def bench_candidates(n: int) -> None:
    print("1a. candidates() for 5 instances, cached healthy (µs per call)")
    o1, o2, a1, a2 = OllamaStandIn().start(), OllamaStandIn().start(), OpenAIStandIn().start(), OpenAIStandIn().start()
    try:
        from cmdai.backends.embedded import EmbeddedBackend

        emb = EmbeddedBackend(Path(tempfile.gettempdir()) / "none.gguf")
        emb.health = lambda: __import__("cmdai.backends.base", fromlist=["Health"]).Health(True, True, True, 0.1)
        for strategy in STRATEGIES:
            sel = BackendSelector([("ollama", OllamaBackend(o1.url)), ("ollama", OllamaBackend(o2.url)),
                                   ("openai", OpenAIBackend(a1.url, "test-model")),
                                   ("openai", OpenAIBackend(a2.url, "test-model")), ("embedded", emb)],
                                  strategy=strategy, health_ttl_s=3600, monitor=PerformanceMonitor(None))
            sel.candidates()  # fills the health cache
            for inst in sel.instances:
                sel.monitor.record(inst.key, ok=True, latency_ms=10.0)
            ts = []
            for _ in range(n):
                t0 = time.perf_counter()
                c = sel.candidates()
                ts.append((time.perf_counter() - t0) * 1e6)
            assert len(c) == 5
            print(f"    {strategy:<13} median {statistics.median(ts):7.1f} µs   p95 {pct(ts, 95):7.1f} µs")
            sel.close()
    finally:
        for s in (o1, o2, a1, a2):
            s.stop()


def bench_end_to_end(n: int) -> None:
    print("1b. end to end on a loopback stand-in: selector.generate vs backend.generate (ms)")
    srv = OpenAIStandIn().start()
    try:
        direct = OpenAIBackend(srv.url, "test-model")
        inner = OpenAIBackend(srv.url, "test-model")
        sel = BackendSelector([("openai", inner), ("embedded", OpenAIBackend(srv.url, "test-model"))],
                              health_ttl_s=3600, monitor=PerformanceMonitor(None))
        for _ in range(20):  # warm both pools
            direct.generate(REQ)
            sel.generate(REQ)
        d, s = [], []
        for _ in range(n):
            t0 = time.perf_counter()
            direct.generate(REQ)
            d.append((time.perf_counter() - t0) * 1000)
            t0 = time.perf_counter()
            sel.generate(REQ)
            s.append((time.perf_counter() - t0) * 1000)
        md, ms = statistics.median(d), statistics.median(s)
        print(f"    direct   median {md:6.2f} ms  p95 {pct(d, 95):6.2f} ms   (baseline)")
        print(f"    selector median {ms:6.2f} ms  p95 {pct(s, 95):6.2f} ms   ratio {ms / md:.2f}x")
        print(f"    selection overhead (median difference): {ms - md:+.3f} ms   target <= 5 ms")
        direct.close()
        sel.close()
    finally:
        srv.stop()


def bench_cancel(n: int) -> None:
    print("2a. cancel() -> 'cancelled' event, library (ms)")
    srv = OllamaStandIn().start()
    try:
        srv.reply = " ".join(f"t{i}" for i in range(10_000))
        b = OllamaBackend(srv.url)
        for label, first_delay, tok_delay in (("between tokens (50 ms apart)", 0.0, 0.05),
                                              ("waiting 30 s for the first token", 30.0, 0.0)):
            srv.first_token_delay, srv.token_delay = first_delay, tok_delay
            ts = []
            for _ in range(n):
                tok = CancellationToken()
                when: list[float] = []

                def fire(tok: CancellationToken = tok, when: list[float] = when) -> None:
                    when.append(time.perf_counter())
                    tok.cancel()

                threading.Timer(0.15, fire).start()
                last = None
                for ev in b.stream(REQ, tok):
                    last = ev
                ts.append((time.perf_counter() - when[0]) * 1000)
                assert last is not None and last.kind == "cancelled"
            print(f"    {label:<34} median {statistics.median(ts):6.1f} ms  max {max(ts):6.1f} ms")
        b.close()
    finally:
        srv.stop()


def bench_cli_cancel(n: int) -> None:
    import pexpect

    print("2b. cmdai --stream on a pty: SIGINT -> 'cancelled' line / -> exit (ms)")
    srv = OllamaStandIn().start()
    srv.reply = " ".join(f"tok{i}" for i in range(10_000))
    srv.token_delay = 0.05
    home = tempfile.mkdtemp(prefix="cmdai-bench-")
    env = dict(os.environ, CMDAI_HOME=home, CMDAI_BACKEND_DEFAULT="ollama", CMDAI_BACKEND_CHAIN="[ollama]",
               CMDAI_OLLAMA_URLS=f"[{srv.url}]")
    line, exit_ = [], []
    try:
        for _ in range(n):
            child = pexpect.spawn(sys.executable, ["-m", "cmdai", "--stream", "list files"], env=env, timeout=120,
                                  dimensions=(24, 200))
            child.expect("tok3 ")
            t0 = time.perf_counter()
            child.sendintr()
            child.expect("cancelled")
            line.append((time.perf_counter() - t0) * 1000)
            child.expect(pexpect.EOF)
            exit_.append((time.perf_counter() - t0) * 1000)
            child.close()
            assert child.exitstatus == 130
        print(f"    to the 'cancelled' line  median {statistics.median(line):6.1f} ms  max {max(line):6.1f} ms")
        print(f"    to process exit          median {statistics.median(exit_):6.1f} ms  max {max(exit_):6.1f} ms")
    finally:
        srv.stop()


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--iterations", type=int, default=300)
    ap.add_argument("--no-cli", action="store_true")
    args = ap.parse_args()
    os.environ.setdefault("CMDAI_HOME", tempfile.mkdtemp(prefix="cmdai-bench-"))
    print(f"load average: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    bench_candidates(args.iterations * 10)
    bench_end_to_end(args.iterations)
    bench_cancel(5)
    if not args.no_cli:
        bench_cli_cancel(5)


if __name__ == "__main__":
    main()
