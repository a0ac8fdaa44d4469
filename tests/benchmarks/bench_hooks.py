"""Hook overhead: prompt-to-prompt time per command in real zsh and bash, with and without
cmdai's hooks, in one run (printed, not asserted).

    python tests/benchmarks/bench_hooks.py [N]     # N commands per shell and variant (default 300)

Each shell runs N times the builtin ``: <n>`` (so the command itself costs ~nothing); we time from
sending Enter to the next prompt. The two variants alternate in blocks of 25 to share drift.
"""

from __future__ import annotations

import shutil
import statistics
import sys
import time
from pathlib import Path

import pexpect

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "shell"))
from harness import Env, short_tmpdir

MARK = b"P> "


def spawn(shell: str, env: Env) -> pexpect.spawn:
    c = pexpect.spawn(shutil.which(shell), ["-i"], env=env.env, cwd=str(env.home), dimensions=(40, 160),
                      timeout=20)
    c.delaybeforesend = None
    c.expect_exact(MARK)
    time.sleep(0.3)
    try:
        c.read_nonblocking(100000, timeout=0.2)
    except pexpect.TIMEOUT:
        pass
    return c


_i = [0]


def one(c: pexpect.spawn) -> float:
    _i[0] += 1  # distinct commands: bash's ignoredups would otherwise skip the repeats
    t0 = time.perf_counter()
    c.send(b": %d\r" % _i[0])
    c.expect_exact(MARK)
    return (time.perf_counter() - t0) * 1000


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 300
    for shell in ("zsh", "bash"):
        if not shutil.which(shell):
            print(f"{shell}: not installed")
            continue
        envs = {}
        for variant in ("without", "with"):
            env = Env(short_tmpdir(), engine="echo")
            env.write_rc(shell)
            if variant == "with":
                env.cmdai_shell("install", "--shell", shell)
            envs[variant] = env
        shells = {v: spawn(shell, e) for v, e in envs.items()}
        times: dict[str, list[float]] = {"without": [], "with": []}
        for _ in range(3):  # warm-up
            for v in shells:
                one(shells[v])
        done = 0
        while done < n:
            for v in ("without", "with"):
                for _ in range(min(25, n - done)):
                    times[v].append(one(shells[v]))
            done += min(25, n - done)
        recs = sum(1 for f in envs["with"].spool_dir.glob("*.spool") for _ in f.read_bytes().split(b"\x1e\n")[:-1])
        med = {v: statistics.median(t) for v, t in times.items()}
        p95 = {v: sorted(t)[int(0.95 * len(t)) - 1] for v, t in times.items()}
        print(f"{shell}: {n} commands each; prompt-to-prompt median without hooks {med['without']:.3f} ms, "
              f"with hooks {med['with']:.3f} ms; added {med['with'] - med['without']:+.3f} ms/command "
              f"(p95 {p95['without']:.3f} vs {p95['with']:.3f} ms); spool records written: {recs}")
        for v, c in shells.items():
            c.close(force=True)
            envs[v].cleanup()


if __name__ == "__main__":
    main()
