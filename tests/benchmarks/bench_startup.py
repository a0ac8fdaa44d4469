"""Startup cost of ``cmdai --version`` and ``cmdai --help`` against ``python -c pass``.

Median of 20 runs each, interleaved so machine noise hits all alike; prints ms and the ratio.
Also checks (and prints) that neither imports llama_cpp, numpy, httpx or prompt_toolkit.
Target: cmdai --version <= 80 ms.

    python tests/benchmarks/bench_startup.py [--runs 20]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import time

HEAVY = ("llama_cpp", "numpy", "httpx", "prompt_toolkit")


def timed(cmd: list[str]) -> float:
    t0 = time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    return (time.perf_counter() - t0) * 1000


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=20)
    args = ap.parse_args()
    from pathlib import Path

    local = Path(sys.executable).parent / "cmdai"
    exe = str(local) if local.exists() else shutil.which("cmdai")
    cmds = {
        "python -c pass": [sys.executable, "-c", "pass"],
        "cmdai --version": [exe, "--version"] if exe else [sys.executable, "-m", "cmdai", "--version"],
        "cmdai --help": [exe, "--help"] if exe else [sys.executable, "-m", "cmdai", "--help"],
    }
    times: dict[str, list[float]] = {k: [] for k in cmds}
    for _ in range(2):  # warm the page cache
        for c in cmds.values():
            timed(c)
    for _ in range(args.runs):
        for k, c in cmds.items():
            times[k].append(timed(c))
    base = statistics.median(times["python -c pass"])
    print(f"{'command':<18} {'median ms':>10} {'p90 ms':>8} {'ratio':>6}")
    for k, v in times.items():
        med = statistics.median(v)
        p90 = sorted(v)[int(0.9 * (len(v) - 1))]
        print(f"{k:<18} {med:10.1f} {p90:8.1f} {med / base:6.2f}")
    print(f"cmdai --version added over python: {statistics.median(times['cmdai --version']) - base:.1f} ms")
    for flag in ("--version", "--help"):
        out = subprocess.run([sys.executable, "-X", "importtime", "-m", "cmdai", flag],
                             capture_output=True, text=True)
        heavy = sorted({m for line in out.stderr.splitlines() for m in HEAVY
                        if line.rstrip().endswith(f"| {m}") or f"| {m}." in line or line.rstrip().endswith(f" {m}")})
        print(f"heavy modules imported by cmdai {flag}: {', '.join(heavy) or 'none'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
