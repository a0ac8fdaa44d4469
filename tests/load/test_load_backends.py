"""Load: 32 concurrent generations through the BackendSelector against two real llama_cpp.server
instances on 127.0.0.1, for a bounded time. Loopback only.

    python tests/load/test_load_backends.py [SECONDS] [CONCURRENCY]   # default 60 s, 32 workers
    pytest tests/load -m load                                          # 10 s (CMDAI_LOAD_SECONDS=60)

Checks that no request is lost (every request started ends as an answer or a reported error),
reports errors per instance, and prints latency p50/p95 overall and per instance.
"""

from __future__ import annotations

import os
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests/ (servers.py)

from servers import LlamaServer

from cmdai.backends.base import GenerationRequest
from cmdai.backends.monitor import PerformanceMonitor, percentile
from cmdai.backends.openai import OpenAIBackend
from cmdai.backends.selector import BackendSelector

pytest_plugins = ["servers"]  # the fixtures: llama_server, ollama_standin, ...

REQ = GenerationRequest(prompt="Request: list all files\nCommand: ls -la\n\nRequest: show the date\nCommand:",
                        max_tokens=8, stop=["\n"], seed=0)


def run_load(urls: list[str], seconds: float, concurrency: int = 32, strategy: str = "least_loaded",
             stats_path: Path | None = None) -> dict[str, Any]:
    sel = BackendSelector([("openai", OpenAIBackend(u, read_timeout=300)) for u in urls], strategy=strategy,
                          health_ttl_s=30, failure_threshold=3, cooldown_s=5,
                          monitor=PerformanceMonitor(stats_path))
    lock = threading.Lock()
    started = finished = 0
    lat: list[float] = []
    per: dict[str, list[float]] = {}
    errors: list[str] = []
    stop_at = time.monotonic() + seconds

    def worker() -> None:
        nonlocal started, finished
        while time.monotonic() < stop_at:
            with lock:
                started += 1
            t0 = time.perf_counter()
            try:
                res = sel.generate(REQ)
                ms = (time.perf_counter() - t0) * 1000
                with lock:
                    lat.append(ms)
                    per.setdefault(res.instance or "?", []).append(ms)
            except Exception as e:  # reported, never lost
                with lock:
                    errors.append(f"{type(e).__name__}: {e}")
            finally:
                with lock:
                    finished += 1

    threads = [threading.Thread(target=worker, name=f"load-{i}") for i in range(concurrency)]
    t0 = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join(seconds + 330)
    wall = time.monotonic() - t0
    summary = sel.monitor.summary()
    sel.close()
    return {"started": started, "finished": finished, "ok": len(lat), "errors": errors, "wall_s": wall,
            "p50_ms": percentile(lat, 50), "p95_ms": percentile(lat, 95),
            "per_instance": {u: {"n": len(v), "p50_ms": percentile(v, 50), "p95_ms": percentile(v, 95)}
                             for u, v in sorted(per.items())},
            "monitor": summary, "alive": [t.name for t in threads if t.is_alive()]}


def report(r: dict[str, Any], concurrency: int) -> None:
    print(f"load: {concurrency} concurrent workers, {r['wall_s']:.1f} s wall, {r['started']} started, "
          f"{r['finished']} finished, {r['ok']} ok, {len(r['errors'])} errors, "
          f"{r['ok'] / r['wall_s']:.2f} req/s")
    print(f"  latency p50 {r['p50_ms']:.0f} ms   p95 {r['p95_ms']:.0f} ms")
    for u, s in r["per_instance"].items():
        m = r["monitor"].get(f"openai@{u}", {})
        print(f"  {u}: {s['n']} answers, p50 {s['p50_ms']:.0f} ms, p95 {s['p95_ms']:.0f} ms, "
              f"errors {m.get('errors', 0)}, ttft p50 {m.get('ttft_p50_ms')} ms, tok/s {m.get('tokens_per_s')}")
    for e in sorted(set(r["errors"]))[:5]:
        print(f"  error: {e}")


@pytest.mark.load
@pytest.mark.server
def test_load_two_servers(llama_server_pair: tuple[LlamaServer, LlamaServer], tmp_path: Path) -> None:
    seconds = float(os.environ.get("CMDAI_LOAD_SECONDS", "10"))
    a, b = llama_server_pair
    r = run_load([a.url, b.url], seconds, 32, stats_path=tmp_path / "stats.json")
    report(r, 32)
    assert not r["alive"]
    assert r["started"] == r["finished"] == r["ok"] + len(r["errors"])  # no request lost
    assert not r["errors"], r["errors"][:3]
    assert set(r["per_instance"]) == {a.url, b.url}  # both instances carried load
    for u in (a.url, b.url):
        assert r["monitor"][f"openai@{u}"]["errors"] == 0


def main() -> int:
    seconds = float(sys.argv[1]) if len(sys.argv) > 1 else 60.0
    conc = int(sys.argv[2]) if len(sys.argv) > 2 else 32
    home = os.environ.get("CMDAI_TEST_MODEL_CACHE") or os.path.join(tempfile.gettempdir(), "cmdai-load-cache")
    os.environ["CMDAI_HOME"] = home
    from cmdai.backends.embedded import bundled_model_path

    model = bundled_model_path()
    servers = [LlamaServer(model).start(), LlamaServer(model).start()]
    try:
        r = run_load([s.url for s in servers], seconds, conc)
    finally:
        for s in servers:
            s.stop()
    report(r, conc)
    lost = r["started"] - r["finished"]
    return 1 if lost or r["alive"] else 0


if __name__ == "__main__":
    sys.exit(main())
