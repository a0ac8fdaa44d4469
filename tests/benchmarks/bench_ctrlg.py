"""Ctrl-G latency with the real embedded model, in a real zsh under pexpect (printed, not asserted).

    python tests/benchmarks/bench_ctrlg.py [N]      # N warm requests (default 30)

- cold: no daemon running; keypress -> line replaced (daemon start + model load + generation)
- warm: N requests, keypress -> line replaced (read on the pyte-rendered screen), p50/p95,
  against the time the same requests spent inside the daemon (engine_ms / daemon_ms from its log)
"""

from __future__ import annotations

import os
import re
import select
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "shell"))
from harness import PROMPT, Env, Term, short_tmpdir

REQUESTS = [
    "list all files in the current directory", "show disk usage of this folder", "find python files",
    "count lines in all text files", "show the current date", "print working directory",
    "show running processes", "find files larger than 100MB", "show free memory", "list hidden files",
    "compress the logs folder into a tarball", "show the last 20 lines of syslog", "make a directory called build",
    "search for TODO in python files", "show network interfaces", "sort a file and remove duplicates",
    "show git status", "count files in this directory", "show environment variables", "find empty directories",
]


def pct(xs: list[float], p: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(p * (len(xs) - 1))))]


def _row(t: Term, y: int) -> str:
    line = t.screen.buffer[y]
    return "".join(line[x].data for x in range(t.screen.columns)).rstrip()


def _answered(t: Term, request: str) -> bool:
    """The line no longer holds the request, or a cmdai message (not the placeholder) is shown.

    Renders only the rows around the cursor (a full 160x40 pyte render costs ~6 ms, and this
    runs on every chunk the shell writes, so it would be counted as widget latency)."""
    cy = t.screen.cursor.y
    r = next((y for y in range(cy, max(-1, cy - 6), -1) if _row(t, y).startswith(PROMPT)), None)
    if r is None:
        return False
    rows = [_row(t, y) for y in range(r, min(t.screen.lines, r + 8))]
    line = "\n".join(rows[: max(0, cy - r) + 1])[len(PROMPT):].rstrip()
    below = "\n".join(rows).replace("cmdai: thinking", "")
    return line != request or "cmdai: " in below


def press(t: Term, request: str, timeout: float = 180.0) -> float:
    """Keypress -> line replaced, in ms.

    Measurement notes (both used to inflate this figure): pexpect sleeps ``delaybeforesend``
    (50 ms) inside every send(), so the clock is started after the Ctrl-G byte is written and
    the delay is off; and the screen is re-checked as soon as the shell writes (select on the
    pty), rendering pyte's display once per check instead of sleeping between polls."""
    t.type(request)
    t.wait_for(lambda: t.cmdline() == request, what="the request")
    t.pump(0.05)  # let the echo settle: nothing of the request may arrive after the clock starts
    fd = t.child.child_fd
    os.write(fd, b"\x07")
    t0 = time.perf_counter()
    end = time.monotonic() + timeout
    while True:
        r, _, _ = select.select([fd], [], [], 1.0)
        if r:
            try:
                data = os.read(fd, 65536)
            except OSError:
                raise AssertionError("the shell went away") from None
            t.stream.feed(data)
            if _answered(t, request):
                break
        if time.monotonic() > end:
            raise AssertionError("no answer")
    dt = (time.perf_counter() - t0) * 1000
    t.settle(0.2)
    t.type("\x03")
    t.settle(0.2)
    return dt


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 30
    env = Env(short_tmpdir(), engine=None)
    if not os.environ.get("CMDAI_EMBEDDED_MODEL_PATH"):
        os.environ["CMDAI_HOME"] = str(env.cmdai_home)
        from cmdai.backends.embedded import bundled_model_path

        env.env["CMDAI_EMBEDDED_MODEL_PATH"] = str(bundled_model_path())
    cand = os.environ.get("CMDAI_GENERATION_CANDIDATES")
    if cand:
        env.env["CMDAI_GENERATION_CANDIDATES"] = cand
    env.write_rc("zsh")
    env.cmdai_shell("install", "--shell", "zsh")
    t = Term("zsh", env)
    t.child.delaybeforesend = None  # pexpect's 50 ms sleep in send() is not the widget's
    try:
        cold = press(t, REQUESTS[0])
        log = env.cmdai_home / "state" / "daemon.log"
        warm: list[float] = []
        for i in range(n):
            warm.append(press(t, REQUESTS[(i + 1) % len(REQUESTS)]))
        text = log.read_text() if log.exists() else ""
        eng = [float(x) for x in re.findall(r"engine_ms=([\d.]+)", text)]
        dae = [float(x) for x in re.findall(r"daemon_ms=([\d.]+)", text)]
        eng_w, dae_w = eng[1:], dae[1:]
        print(f"settings: generation.candidates={cand or 'default'}, model {env.env['CMDAI_EMBEDDED_MODEL_PATH']}")
        print(f"cold Ctrl-G (no daemon): {cold:.0f} ms keypress->line replaced (inside daemon: "
              f"{dae[0] if dae else float('nan'):.0f} ms incl. waiting for the model load)")
        print(f"warm Ctrl-G x{n}: p50 {pct(warm, .5):.0f} ms, p95 {pct(warm, .95):.0f} ms keypress->line replaced")
        if eng_w:
            print(f"  inside daemon: engine p50 {pct(eng_w, .5):.0f} ms p95 {pct(eng_w, .95):.0f} ms; "
                  f"daemon p50 {pct(dae_w, .5):.0f} ms")
            over = [w - e for w, e in zip(warm, eng_w, strict=False)]
            print(f"  overhead (keypress->line minus engine time): median {statistics.median(over):.0f} ms = "
                  f"{100 * statistics.median(over) / statistics.median(eng_w):.1f} % of median engine time")
    finally:
        t.close()
        env.cleanup()


if __name__ == "__main__":
    main()
