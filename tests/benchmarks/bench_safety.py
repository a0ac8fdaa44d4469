"""Benchmark of the safety engine.

    python tests/benchmarks/bench_safety.py [--n 10000]

Prints: the dev.jsonl table (every row, its bounds and the level found); the median / p95 time of
one in-process ``validate()`` over N real commands (NL2Bash, or the dev set repeated when absent),
with the ratio against a baseline measured in the same run (``shlex.split`` of the same text:
the price of merely tokenising); and the throughput of ``cmdai check --json --stdin``.
"""

from __future__ import annotations

import argparse
import json
import os
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
DATA = REPO / ".." / "shared" / "data"
sys.path.insert(0, str(REPO))

from cmdai.safety import RiskLevel, validate  # noqa: E402


def dev_table() -> tuple[int, int]:
    path = DATA / "safety" / "dev.jsonl"
    if not path.exists():
        print("dev.jsonl: absent, skipped")
        return 0, 0
    rows = [json.loads(line) for line in path.read_text().splitlines() if line.strip()]
    ok = 0
    print(f"{'ok':3} {'found':9} {'bounds':19} command")
    for r in rows:
        res = validate(r["command"], cwd=r.get("cwd"))
        good = RiskLevel[r["min_level"]] <= res.level <= RiskLevel[r["max_level"]]
        ok += good
        cmd = r["command"].replace("\n", "\\n")
        print(f"{'ok' if good else 'NO':3} {res.level.name:9} {r['min_level'] + '..' + r['max_level']:19} "
              f"{cmd[:70]}" + (f"  (cwd {r['cwd']})" if r.get("cwd") else ""))
    print(f"dev.jsonl: {ok}/{len(rows)} within bounds")
    return ok, len(rows)


def corpus(n: int) -> list[str]:
    cmds: list[str] = []
    for name in ("train.tsv", "dev.tsv"):
        p = DATA / "nl2bash" / name
        if p.exists():
            cmds += [line.rstrip("\n").split("\t")[-1] for line in p.read_text().splitlines() if "\t" in line]
    if not cmds:
        p = DATA / "safety" / "dev.jsonl"
        cmds = [json.loads(x)["command"] for x in p.read_text().splitlines()] if p.exists() else ["rm -rf /", "ls"]
    out = []
    while len(out) < n:
        out += cmds
    return out[:n]


def timed(fn, cmds: list[str]) -> list[float]:
    times = []
    for c in cmds:
        t0 = time.perf_counter()
        fn(c)
        times.append(time.perf_counter() - t0)
    return times


def _shlex(c: str) -> None:
    try:
        shlex.split(c)
    except ValueError:
        pass


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=10_000)
    args = ap.parse_args()
    ok, total = dev_table()
    cmds = corpus(args.n)
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-c", "from cmdai.safety import validate; validate('ls')"], check=True)
    first = time.perf_counter() - t0
    levels: dict[str, int] = {}
    for c in cmds[:2000]:
        name = validate(c).level.name
        levels[name] = levels.get(name, 0) + 1
    v = timed(validate, cmds)
    b = timed(_shlex, cmds)
    med, p95 = statistics.median(v), sorted(v)[int(len(v) * 0.95)]
    bmed = statistics.median(b)
    print(f"\nin-process validate(): {len(cmds)} commands, a fresh process importing cmdai.safety and checking once: {first * 1000:.0f} ms")
    print(f"  median {med * 1000:.3f} ms   p95 {p95 * 1000:.3f} ms   mean {statistics.fmean(v) * 1000:.3f} ms"
          f"   (target median <= 0.5 ms: {'met' if med <= 0.0005 else 'MISSED'})")
    print(f"  baseline shlex.split median {bmed * 1000:.4f} ms; validate/shlex = {med / bmed:.1f}x")
    print(f"  level mix of the first 2000: {levels}")

    local = Path(sys.executable).parent / "cmdai"
    exe = str(local) if local.exists() else shutil.which("cmdai")
    cli = [exe, "check"] if exe else [sys.executable, "-c", "from cmdai.cli.check import check; check()"]
    lines = [c for c in cmds if "\n" not in c][:args.n]
    with tempfile.TemporaryDirectory() as home:
        env = {**os.environ, "CMDAI_HOME": home}
        t0 = time.perf_counter()
        p = subprocess.run(cli + ["--json", "--safety", "permissive", "--stdin"], input="\n".join(lines) + "\n",
                           capture_output=True, text=True, env=env)
        wall = time.perf_counter() - t0
        t0 = time.perf_counter()
        subprocess.run(cli + ["--json", "--stdin"], input="", capture_output=True, text=True, env=env)
        startup = time.perf_counter() - t0
    n_out = len(p.stdout.splitlines())
    print(f"\n`{' '.join(cli[:2]) if exe else 'check'} --json --stdin`: {n_out}/{len(lines)} lines answered in "
          f"{wall:.2f} s -> {n_out / wall:.0f} commands/s (process start with no input: {startup * 1000:.0f} ms)")
    print(f"\nsummary: dev {ok}/{total}; median {med * 1000:.3f} ms; stdin {n_out / wall:.0f} cmd/s")


if __name__ == "__main__":
    main()
