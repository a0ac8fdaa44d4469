"""``cmdai "REQUEST"`` and ``cmdai --batch FILE``: thin wrappers over the engine."""

from __future__ import annotations

import json
import os
import sys
from typing import Any

from ..errors import (
    EXIT_BLOCKED,
    EXIT_DECLINED,
    EXIT_ERROR,
    BackendError,
    Cancelled,
    CmdaiError,
    UsageError,
)


def _config(opts: dict[str, Any]) -> Any:
    from ..config import load

    overrides = {"safety.policy": opts.get("safety"), "general.shell": opts.get("shell"),
                 "general.output": opts.get("output")}
    if opts.get("backend"):
        overrides["backend.default"] = opts["backend"]
    if opts.get("stream") is not None:
        overrides["general.streaming"] = "true" if opts["stream"] else "false"
    return load(overrides=overrides)


def _engine(cfg: Any, opts: dict[str, Any], *, one_shot: bool = False) -> Any:
    from ..engine import Engine

    engine = Engine.from_config(cfg, backend_name=opts.get("backend") or cfg.backend.default)
    pipe = getattr(getattr(engine, "generator", None), "pipe", None)
    if one_shot and pipe is not None:
        pipe.dense_detach = True  # a first meaning-index build runs detached, not on this request
    return engine


def _cwd(opts: dict[str, Any]) -> str | None:
    cwd = opts.get("cwd")
    if cwd is None:
        return None
    full = os.path.abspath(os.path.expanduser(cwd))
    if not os.path.isdir(full):
        raise UsageError(f"--cwd: not a directory: {cwd}")
    return full


def render(result: Any, fmt: str, *, single_line: bool = False) -> str:
    d = result.to_dict()
    if fmt in ("json", "jsonl"):
        if fmt == "jsonl" or single_line:
            return json.dumps(d, ensure_ascii=False)
        return json.dumps(d, ensure_ascii=False, indent=2)
    if fmt == "yaml":
        import yaml

        return yaml.safe_dump(d, sort_keys=False, allow_unicode=True).rstrip("\n") + ("\n---" if single_line else "")
    return result.command


def _plain_notes(result: Any) -> None:
    """Risk notes for plain output go to stderr so stdout is just the command."""
    if result.blocked:
        print(f"cmdai: blocked ({result.risk_level} risk): {result.command}", file=sys.stderr)
    elif result.risk_level in ("high", "critical"):
        print(f"cmdai: warning: {result.risk_level} risk", file=sys.stderr)
    for w in result.warnings:
        print(f"cmdai:   - {w}", file=sys.stderr)
    for s in result.suggestions[:2]:
        print(f"cmdai:   safer: {s}", file=sys.stderr)


def run_suggest(request: str, opts: dict[str, Any]) -> int:
    from ..engine import clean_request

    clean_request(request)  # fail fast, before any model is loaded
    cfg = _config(opts)
    fmt = opts.get("output") or cfg.general.output
    cwd = _cwd(opts)
    if opts.get("execute") and not (sys.stdin.isatty() and sys.stderr.isatty()):
        raise CmdaiError("--execute needs a terminal to confirm on; refusing to run from a pipe",
                         exit_code=EXIT_DECLINED)
    engine = _engine(cfg, opts, one_shot=True)
    try:
        if cfg.general.streaming and fmt == "plain" and not opts.get("execute"):
            try:
                from .streaming import run_stream
            except ImportError:
                pass
            else:
                return run_stream(engine, request, cwd=cwd, shell=opts.get("shell"), policy=opts.get("safety"))
        result = engine.suggest(request, cwd=cwd, shell=opts.get("shell"), policy=opts.get("safety"))
    finally:
        engine.close()
    if result.error and not result.command:
        raise BackendError(result.error)
    if fmt == "plain":
        if not result.blocked:
            print(result.command)
        _plain_notes(result)
    else:
        print(render(result, fmt))
    if result.blocked:
        return EXIT_BLOCKED
    if opts.get("execute"):
        return _execute(result, cwd, opts)
    return 0


def _execute(result: Any, cwd: str | None, opts: dict[str, Any]) -> int:
    import click

    from ..engine.context import detect_shell

    if result.risk_level in ("high", "critical") or result.requires_confirmation:
        answer = click.prompt(f"{result.risk_level.upper()} risk. Type 'yes' to run it", default="",
                              show_default=False, err=True)
        ok = answer.strip().lower() == "yes"
    else:
        ok = click.confirm("Run this command?", default=False, err=True)
    if not ok:
        print("cmdai: not run", file=sys.stderr)
        return EXIT_DECLINED
    import subprocess
    import time

    shell = detect_shell(opts.get("shell"))
    exe = {"zsh": "zsh", "fish": "fish"}.get(shell, "bash")
    started = time.time()
    proc = subprocess.run([exe, "-c", result.command], cwd=cwd)
    _record(result, cwd or os.getcwd(), shell, started, proc.returncode)
    return proc.returncode


def _record(result: Any, cwd: str, shell: str, started: float, exit_code: int) -> None:
    """What --execute ran goes into the history as an accepted suggestion (never fails the run)."""
    import logging
    import socket
    import time

    try:
        from ..history import HistoryStore

        with HistoryStore() as h:
            h.add(result.command, request=result.request, cwd=cwd, hostname=socket.gethostname(),
                  shell=shell, started_at=started, duration_ms=int((time.time() - started) * 1000),
                  exit_code=exit_code, source="suggested", backend=result.backend,
                  risk_level=result.risk_level, reasons=result.reasons)
    except Exception as e:
        logging.getLogger(__name__).warning("could not record the executed command: %s", e)


def _read_batch(source: str) -> list[tuple[str | None, str | None]]:
    """Lines of the batch file as (text, error); invalid UTF-8 is an error for that line only."""
    try:
        if source == "-":
            data = sys.stdin.buffer.read()
        else:
            with open(os.path.expanduser(source), "rb") as fh:
                data = fh.read()
    except FileNotFoundError:
        raise UsageError(f"--batch: no such file: {source}") from None
    except IsADirectoryError:
        raise UsageError(f"--batch: is a directory: {source}") from None
    except PermissionError:
        raise UsageError(f"--batch: permission denied: {source}") from None
    out: list[tuple[str | None, str | None]] = []
    for raw in data.split(b"\n"):
        out.append(_decode_line(raw))
    if out and out[-1] == ("", None):  # the newline that ends the file
        out.pop()
    return out


def _decode_line(raw: bytes) -> tuple[str | None, str | None]:
    raw = raw.rstrip(b"\r")
    try:
        return raw.decode("utf-8"), None
    except UnicodeDecodeError as e:
        return raw.decode("utf-8", "replace"), f"line is not valid UTF-8 (byte {e.start})"


def run_batch(source: str, opts: dict[str, Any]) -> int:
    from ..engine import Result

    cfg = _config(opts)
    fmt = opts.get("output") or "jsonl"
    cwd = _cwd(opts)
    lines = _read_batch(source)
    engine = _engine(cfg, opts)
    failed = 0
    interactive = sys.stderr.isatty()
    try:
        for i, (text, err) in enumerate(lines, 1):
            if interactive:
                print(f"\rcmdai: {i}/{len(lines)}", end="", file=sys.stderr, flush=True)
            if err is not None:
                result = Result.from_error(text or "", UsageError(err))
            else:
                try:
                    result = engine.suggest(text or "", cwd=cwd, shell=opts.get("shell"),
                                            policy=opts.get("safety"))
                except Cancelled:
                    raise
                except CmdaiError as e:
                    result = Result.from_error(text or "", e)
                except Exception as e:  # one bad request must not end the batch
                    result = Result.from_error(text or "", CmdaiError(f"{type(e).__name__}: {e}"))
            if result.error:
                failed += 1
            if fmt == "plain":
                if result.error:
                    print(f"cmdai: line {i}: {result.error}", file=sys.stderr)
                print("" if (result.error or result.blocked) else result.command, flush=True)
            else:
                print(render(result, fmt, single_line=True), flush=True)
    finally:
        if interactive:
            print("\r\033[K", end="", file=sys.stderr, flush=True)
        engine.close()
    return EXIT_ERROR if failed else 0
