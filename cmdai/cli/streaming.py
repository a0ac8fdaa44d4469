"""``cmdai --stream "REQUEST"``: tokens as they arrive, Ctrl-C cancels.

The engine runs in a worker thread (:func:`cmdai.engine.streaming.suggest_stream`); this
thread draws on stderr, and only when stderr is a terminal: a spinner until the first token,
then the text so far on one line. Ctrl-C sets the request's CancellationToken (the HTTP stream
is shut down, llama.cpp stops at the next token), the partial text is printed as partial on
stderr (it is not a checked command, so it never goes to stdout) and the exit code is 130.
When generation ends the preview line is cleared and the output is exactly the non-streamed
one: the command on stdout after the same safety check, notes on stderr.
"""

from __future__ import annotations

import queue
import signal
import sys
import threading
import time
from typing import Any

from ..errors import EXIT_BLOCKED, EXIT_INTERRUPTED, BackendError, Cancelled

SPINNER = "⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏"
TICK_S = 0.04  # how often the main thread looks at the cancel flag and redraws


class _Screen:
    def __init__(self, enabled: bool):
        self.enabled = enabled
        self.frame = 0
        self.dirty = False

    def _put(self, s: str) -> None:
        try:
            sys.stderr.write(s)
            sys.stderr.flush()
        except (OSError, ValueError):
            self.enabled = False

    def spin(self, label: str) -> None:
        if self.enabled:
            self.frame += 1
            self._put(f"\r\033[K{SPINNER[self.frame % len(SPINNER)]} {label}")
            self.dirty = True

    def text(self, partial: str) -> None:
        if self.enabled:
            import shutil

            width = max(20, shutil.get_terminal_size((80, 24)).columns - 1)
            shown = partial.replace("\n", " ⏎ ").lstrip()
            if len(shown) > width:
                shown = "…" + shown[-(width - 1):]
            self._put(f"\r\033[K{shown}")
            self.dirty = True

    def clear(self) -> None:
        if self.enabled and self.dirty:
            self._put("\r\033[K")
            self.dirty = False

    def line(self, msg: str) -> None:
        self.clear()
        try:
            print(msg, file=sys.stderr, flush=True)
        except (OSError, ValueError):
            pass


def run_stream(engine: Any, request: str, *, cwd: str | None = None, shell: str | None = None,
               policy: str | None = None) -> int:
    from ..backends.base import CancellationToken
    from ..engine.streaming import StreamingTap, suggest_stream
    from .suggest import _plain_notes

    token = CancellationToken()
    events: queue.Queue[Any] = queue.Queue()
    tap = StreamingTap(engine.backend, events.put)
    outcome: dict[str, Any] = {}

    def work() -> None:
        try:
            outcome["result"] = suggest_stream(engine, request, cwd=cwd, shell=shell, policy=policy,
                                               cancel=token, tap=tap)
        except BaseException as e:  # handed to the main thread
            outcome["error"] = e
        finally:
            events.put(None)

    screen = _Screen(sys.stderr.isatty())
    old_handler = None
    try:
        old_handler = signal.signal(signal.SIGINT, lambda *_: token.cancel())
    except ValueError:  # not the main thread: the caller cancels through the token
        pass
    worker = threading.Thread(target=work, name="cmdai-stream", daemon=True)
    t0 = time.monotonic()
    partial = ""
    try:
        worker.start()
        while not token.cancelled:
            try:
                ev = events.get(timeout=TICK_S)
            except queue.Empty:
                if not partial:
                    screen.spin(f"thinking… {time.monotonic() - t0:.1f}s")
                continue
            if ev is None:  # the worker is done
                break
            if ev.kind == "partial":
                partial += ev.text
                screen.text(partial)
            elif ev.kind == "progress" and ev.data.get("stage") == "generate":
                partial = ""
            elif ev.kind == "progress" and ev.data.get("stage") == "fallback" and ev.data.get("mid_stream"):
                screen.line(f"cmdai: {ev.text}")
                partial = ""
        if token.cancelled:
            screen.clear()
            shown = partial or tap.partial
            if shown.strip():
                screen.line(f"cmdai: cancelled; partial (unchecked, not run): {shown.strip()}")
            else:
                screen.line("cmdai: cancelled")
            worker.join(2.0)  # the stream is shut down; the worker ends at once
            return EXIT_INTERRUPTED
    finally:
        if old_handler is not None:
            signal.signal(signal.SIGINT, old_handler)
        screen.clear()
    worker.join()
    err = outcome.get("error")
    if isinstance(err, Cancelled):
        return EXIT_INTERRUPTED
    if err is not None:
        raise err
    result = outcome["result"]
    if result.error and not result.command:
        raise BackendError(result.error)
    if not result.blocked:
        print(result.command, flush=True)
    _plain_notes(result)
    return EXIT_BLOCKED if result.blocked else 0
