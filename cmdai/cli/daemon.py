"""``cmdai daemon start|stop|status``: the warm engine daemon the Ctrl-G widget talks to."""

from __future__ import annotations

import json
import os
import signal
import time

import click

from ..errors import DaemonError


@click.group("daemon")
def daemon() -> None:
    """Start, stop or inspect the warm engine daemon (used by Ctrl-G)."""


@daemon.command("start")
@click.option("--json", "json_out", is_flag=True)
@click.option("--wait-warm", is_flag=True, help="Return only when the model is loaded.")
def start(json_out: bool, wait_warm: bool) -> None:
    """Start the daemon in the background (no-op if it is running)."""
    from ..engine import client

    was = client.ping()
    try:
        pid = client.start_daemon()
    except client.DaemonUnavailable as e:
        raise DaemonError(str(e)) from None
    info = client.ping() or {"pid": pid}
    if wait_warm:
        deadline = time.monotonic() + 120
        while not info.get("warm") and time.monotonic() < deadline:
            time.sleep(0.1)
            info = client.ping() or info
    if json_out:
        click.echo(json.dumps({"started": was is None, **info}))
    elif was:
        click.echo(f"daemon already running (pid {info.get('pid')})")
    else:
        click.echo(f"daemon started (pid {info.get('pid')}, socket {client.socket_path()})")


@daemon.command("stop")
@click.option("--json", "json_out", is_flag=True)
def stop(json_out: bool) -> None:
    """Stop the daemon (asks it to shut down; SIGTERM if it does not answer)."""
    from ..engine import client
    from ..engine.daemon import read_pid

    info = client.ping()
    pid = (info or {}).get("pid") or read_pid()
    stopped = False
    if info:
        try:
            client.call({"op": "shutdown", "id": "stop"})
        except client.DaemonUnavailable:
            pass
    elif pid:
        try:
            os.kill(int(pid), signal.SIGTERM)
        except ProcessLookupError:
            pid = None
    if pid:
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                os.kill(int(pid), 0)
            except ProcessLookupError:
                stopped = True
                break
            time.sleep(0.05)
        if not stopped:
            raise DaemonError(f"the daemon (pid {pid}) did not stop within 10 s")
    if json_out:
        click.echo(json.dumps({"stopped": stopped, "pid": pid}))
    else:
        click.echo(f"daemon stopped (pid {pid})" if stopped else "daemon not running")


@daemon.command("status")
@click.option("--json", "json_out", is_flag=True)
def status(json_out: bool) -> int:
    """Say whether the daemon runs, its pid, model and uptime (exit 7 if not running)."""
    from ..engine import client

    info = client.ping()
    if json_out:
        click.echo(json.dumps({"running": info is not None, "socket": client.socket_path(), **(info or {})}))
    elif info:
        warm = "loaded" if info.get("warm") else "loading"
        click.echo(f"daemon running: pid {info.get('pid')}, model {info.get('model')} ({warm}), "
                   f"up {info.get('uptime_s')} s, {info.get('requests')} request(s), socket {info.get('socket')}")
        if info.get("warm_error"):
            click.echo(f"model failed to load: {info['warm_error']}")
    else:
        click.echo(f"daemon not running (socket {client.socket_path()})")
    return 0 if info else 7


@daemon.command("run", hidden=True)
@click.option("--idle-timeout", type=float, default=None)
def run_cmd(idle_timeout: float | None) -> int:
    """Run the daemon in the foreground."""
    from ..engine.daemon import run

    return run(idle_timeout)
