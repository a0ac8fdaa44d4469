"""``cmdai backends list|health|stats [--json]``: what is configured, what answers, how fast."""

from __future__ import annotations

import json
import time
from typing import Any

import click


def _selector(ctx: click.Context) -> tuple[Any, Any]:
    from ..backends.monitor import PerformanceMonitor, default_path
    from ..backends.selector import BackendSelector
    from ..config import load

    root = ctx.find_root().obj
    opts = root.get("opts", {}) if isinstance(root, dict) else {}
    overrides = {}
    if opts.get("backend"):
        overrides["backend.default"] = opts["backend"]
    cfg = load(overrides=overrides)
    return BackendSelector.from_config(cfg, monitor=PerformanceMonitor(default_path())), cfg


def _fmt_ms(v: float | None) -> str:
    return "-" if v is None else f"{v:.0f}ms"


@click.group("backends")
def backends() -> None:
    """List backends, check their health, show latency statistics.

    \b
    The fallback chain is backend.default (when set), then backend.chain in order; the
    instances of one backend (ollama.urls, openai.urls) are balanced by
    backend.strategy. Statistics are kept in the state dir across runs.
    """


@backends.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_context
def list_cmd(ctx: click.Context, as_json: bool) -> None:
    """The configured instances, in the order they are tried (no network access)."""
    sel, cfg = _selector(ctx)
    try:
        rows = []
        for pos, inst in enumerate(sel.instances, 1):
            rows.append({"order": pos, "backend": inst.group, "key": inst.key,
                         "url": getattr(inst.backend, "url", None), "model": _model(inst.backend, cfg),
                         "circuit": inst.breaker.state})
        if as_json:
            click.echo(json.dumps({"strategy": sel.strategy, "instances": rows}, indent=2))
            return
        click.echo(f"strategy: {sel.strategy}")
        for r in rows:
            click.echo(f"{r['order']:>2}. {r['backend']:<9} {r['url'] or '(local)':<32} {r['model']}")
    finally:
        sel.close()


def _model(backend: Any, cfg: Any) -> str:
    if backend.name == "embedded":
        return cfg.embedded.model_path or "bundled gemma-3-270m (q4_k_m)"
    return getattr(backend, "_model", "") or "(first listed by the server)"


@backends.command("health")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_context
def health_cmd(ctx: click.Context, as_json: bool) -> None:
    """Check every instance now: reachable, model present, latency. Exit 4 if none is usable."""
    from ..errors import EXIT_BACKEND

    sel, _cfg = _selector(ctx)
    try:
        rows = sel.health_all(refresh=True)
    finally:
        sel.close()
    ok = any(r["health"] and r["health"]["ok"] for r in rows)
    if as_json:
        click.echo(json.dumps({"ok": ok, "instances": rows}, indent=2))
    else:
        for r in rows:
            h = r["health"] or {}
            state = "ok" if h.get("ok") else ("down" if not h.get("reachable") else "no model")
            click.echo(f"{state:<8} {r['key']:<40} {_fmt_ms(h.get('latency_ms')):>7}  {h.get('detail', '')}")
    if not ok:
        ctx.exit(EXIT_BACKEND)


@backends.command("stats")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.option("--reset", is_flag=True, help="Forget all recorded figures.")
def stats_cmd(as_json: bool, reset: bool) -> None:
    """Latency p50/p95, time to first token, tokens/s and errors per instance (kept across runs)."""
    from ..backends.monitor import PerformanceMonitor, default_path

    mon = PerformanceMonitor(default_path())
    if reset:
        mon.reset()
        click.echo("backend statistics cleared", err=True)
        return
    summary = mon.summary()
    if as_json:
        click.echo(json.dumps({"path": str(mon.path), "instances": summary}, indent=2))
        return
    if not summary:
        click.echo("no statistics yet (they are recorded when a backend answers)", err=True)
        return
    click.echo(f"{'instance':<40} {'req':>5} {'err':>4} {'p50':>7} {'p95':>7} {'ttft50':>7} {'tok/s':>6}  last used")
    for key, s in summary.items():
        last = time.strftime("%Y-%m-%d %H:%M", time.localtime(s["last_used"])) if s["last_used"] else "-"
        tps = "-" if s["tokens_per_s"] is None else f"{s['tokens_per_s']:.0f}"
        click.echo(f"{key:<40} {s['requests']:>5} {s['errors']:>4} {_fmt_ms(s['latency_p50_ms']):>7} "
                   f"{_fmt_ms(s['latency_p95_ms']):>7} {_fmt_ms(s['ttft_p50_ms']):>7} {tps:>6}  {last}")
        if s["errors"] and s["last_error"]:
            click.echo(f"{'':<40} last error: {s['last_error']}")
