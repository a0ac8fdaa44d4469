"""``cmdai explain 'CMD'``: what a command does, utility by utility and flag by flag."""

from __future__ import annotations

import json

import click


@click.command("explain")
@click.argument("command", nargs=-1, required=True)
@click.option("--json", "json_out", is_flag=True, help="Print JSON.")
def explain(command: tuple[str, ...], json_out: bool) -> None:
    """Explain what COMMAND does, flag by flag (from the knowledge base and local man pages).

    \b
    Example:
      cmdai explain 'find . -name "*.py" -mtime -1 | xargs wc -l'
    """
    from ..errors import UsageError
    from ..generation.explain import explain as run

    text = " ".join(command).strip()
    if not text:
        raise UsageError("nothing to explain: give a command, e.g. cmdai explain 'ls -la'")
    kb_text = ""
    try:
        from ..knowledge.store import KnowledgeBase

        k = KnowledgeBase.open()
        try:
            kb_text = k.explain_for(text)
        finally:
            k.close()
    except Exception:  # the explanation still works from man pages
        pass
    e = run(text, kb_explain=kb_text)
    if json_out:
        click.echo(json.dumps(e.to_dict(), indent=2, ensure_ascii=False))
        return
    if not e.parsed:
        click.echo("warning: this is not valid bash syntax; explaining what could be read", err=True)
    if kb_text:
        click.echo(kb_text)
    for p in e.parts:
        click.echo(f"{p.utility}: {p.summary or '(no description found)'}")
        for f in p.flags:
            click.echo(f"  {f.flag:<12} {f.text or '(no description found)'}")
