"""``cmdai history``: list, search, stats, import, export, delete, prune, sync, repair, favourites.

Thin: parse flags, call :mod:`cmdai.history`, print. Every command that reads the history
first ingests the spool (a lock held elsewhere only delays that, with a note on stderr).
"""

from __future__ import annotations

import json
import os
import sys
import time
from collections.abc import Callable
from typing import Any

import click

from ..errors import EXIT_DECLINED, CmdaiError, HistoryError, UsageError

HL = ("\x1b[1;33m", "\x1b[0m")


# -- helpers -----------------------------------------------------------------------------------------

def _open(ingest: bool = True) -> Any:
    from ..history.store import HistoryStore

    store = HistoryStore()
    if ingest:
        _ingest(store, quiet=True)
    return store


def _ingest(store: Any, quiet: bool) -> Any:
    from ..history.spool import ingest_spool

    try:
        rep = ingest_spool(store)
    except HistoryError as e:
        if quiet and "locked" in str(e):
            click.echo(f"cmdai: note: {e}", err=True)
            return None
        raise
    if quiet and rep.malformed:
        click.echo(f"cmdai: note: skipped {rep.malformed} malformed spool record(s) "
                   f"(first: {rep.problems[0] if rep.problems else '?'})", err=True)
    return rep


def _emit(data: Any) -> None:
    click.echo(json.dumps(data, indent=2, ensure_ascii=False, default=str))


def _fmt_time(t: float | None) -> str:
    return time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(t)) if t is not None else " " * 19


def _fmt_dur(ms: int | None) -> str:
    if ms is None:
        return ""
    if ms < 1000:
        return f"{ms}ms"
    if ms < 60_000:
        return f"{ms / 1000:.1f}s"
    return f"{ms // 60_000}m{(ms // 1000) % 60:02d}s"


def _print_entries(entries: list[Any], *, highlighted: bool = False) -> None:
    for e in entries:
        cmd = e.highlighted if (highlighted and e.highlighted) else e.command
        code = "" if e.exit_code is None else str(e.exit_code)
        head = f"{e.id:>7}{'*' if e.favourite else ' '} {_fmt_time(e.started_at)}  {code:>4} {_fmt_dur(e.duration_ms):>7}  "
        lines = cmd.split("\n")
        click.echo(head + lines[0] + "".join("\n" + " " * len(head) + ln for ln in lines[1:]))


def _cwd_value(v: str | None) -> str | None:
    if v is None:
        return None
    if v == ".":
        pwd = os.environ.get("PWD")
        if pwd and os.path.isdir(pwd) and os.path.samefile(pwd, "."):
            return pwd
        return os.getcwd()
    return os.path.abspath(os.path.expanduser(v)) if v.startswith(("~", ".")) else v


def _exit_value(v: str | None) -> int | str | None:
    if v is None:
        return None
    low = v.lower()
    if low in ("ok", "success", "0"):
        return "ok" if low != "0" else 0
    if low in ("fail", "failed", "nonzero", "error"):
        return "fail"
    try:
        return int(v)
    except ValueError:
        raise UsageError(f"--exit takes an exit code, 'ok' or 'fail', not {v!r}") from None


def _filters(kw: dict[str, Any]) -> Any:
    from ..history.store import Filters
    from ..history.timeparse import parse_when

    return Filters(cwd=_cwd_value(kw.pop("cwd", None)), session=kw.pop("session", None),
                   exit=_exit_value(kw.pop("exit_code", None)),
                   since=parse_when(s) if (s := kw.pop("since", None)) else None,
                   until=parse_when(u) if (u := kw.pop("until", None)) else None,
                   source=kw.pop("source", None))


def filter_options(f: Callable[..., Any]) -> Callable[..., Any]:
    opts = [
        click.option("--cwd", metavar="DIR", help="Only commands run in DIR ('.' = here)."),
        click.option("--session", metavar="ID", help="Only commands of one shell session."),
        click.option("--exit", "exit_code", metavar="CODE", help="Only this exit code, or 'ok' / 'fail'."),
        click.option("--since", metavar="WHEN", help="Not before WHEN (2024-05-01, '3d', '12h', yesterday)."),
        click.option("--until", metavar="WHEN", help="Before WHEN."),
        click.option("--source", type=click.Choice(["typed", "suggested", "imported"]),
                     help="Only typed, suggested (Ctrl-G) or imported commands."),
    ]
    for o in reversed(opts):
        f = o(f)
    return f


def json_option(f: Callable[..., Any]) -> Callable[..., Any]:
    return click.option("--json", "json_out", is_flag=True, help="Print JSON.")(f)


def _confirm(question: str, yes: bool) -> None:
    if yes:
        return
    if not sys.stdin.isatty():
        raise CmdaiError("refusing without confirmation: no terminal to ask on (pass --yes)",
                         exit_code=EXIT_DECLINED)
    if not click.confirm(question, default=False, err=True):
        raise CmdaiError("declined; nothing changed", exit_code=EXIT_DECLINED)


# -- the group ---------------------------------------------------------------------------------------

@click.group("history")
def history() -> None:
    """Search, list, import and export the commands you ran.

    \b
    The shell hooks append each command to a spool; every command here that reads the
    history ingests the spool first ('cmdai history sync' does only that).
    Secrets (tokens, passwords, credentials in URLs, your history.redact regexes) are
    replaced by [REDACTED] before anything is stored.
    """


@history.command("list")
@filter_options
@click.option("-n", "--limit", type=click.IntRange(min=0), default=50, show_default=True,
              help="How many of the most recent entries (0 = all).")
@json_option
def list_cmd(limit: int, json_out: bool, **kw: Any) -> None:
    """Show the most recent commands, oldest first."""
    filters = _filters(kw)
    with _open() as store:
        entries = store.list(filters, limit=limit or None)
    if json_out:
        _emit([e.to_dict() for e in entries])
    else:
        _print_entries(entries)


def _search(query: str, filters: Any, limit: int | None, unique: bool, json_out: bool,
            mode: str | None = None) -> int:
    """Search by words (``fts``), meaning (``semantic``) or both (``hybrid``). ``mode=None``:
    hybrid when the history has embeddings for the configured model, words otherwise."""
    highlight = HL if (not json_out and sys.stdout.isatty()) else None
    with _open() as store:
        model = None
        if mode != "fts":
            from ..semantic.history import active_model

            model = active_model(store.db)
            if mode is None:
                mode = "hybrid" if model is not None else "fts"
        if mode != "fts":
            return _semantic_search(store, model, query, filters, limit, mode, json_out)
        entries = store.search(query, filters, limit=limit, highlight=highlight, unique=unique)
    if json_out:
        _emit([e.to_dict() for e in entries])
    else:
        _print_entries(entries, highlighted=highlight is not None)
        if not entries:
            click.echo(f"cmdai: no commands match {query!r}", err=True)
    return 0


def _semantic_filters(f: Any) -> dict[str, Any]:
    out: dict[str, Any] = {"cwd": f.cwd, "session": f.session, "since": f.since, "until": f.until,
                           "source": f.source, "host": getattr(f, "hostname", None)}
    if f.exit == "ok":
        out["failed"] = False
    elif f.exit == "fail":
        out["failed"] = True
    elif f.exit is not None:
        out["exit"] = int(f.exit)
    return {k: v for k, v in out.items() if v is not None}


def _semantic_search(store: Any, model: Any, query: str, filters: Any, limit: int | None, mode: str,
                     json_out: bool) -> int:
    from ..config import load
    from ..semantic.history import HistorySearcher, format_age
    from ..semantic.models import model_from_config

    cfg = load()
    if model is None:
        model = model_from_config(cfg)
    s = HistorySearcher(store.db, model, fts_weight=cfg.semantic.fts_weight,
                        vector_weight=cfg.semantic.vector_weight, rrf_k=cfg.semantic.rrf_k)
    results = s.search(query, mode=mode, filters=_semantic_filters(filters), limit=limit or 1000)
    if json_out:
        _emit([r.to_dict() for r in results])
    else:
        now = time.time()
        for r in results:
            cmd = r.command.replace("\n", " \u23ce ")
            click.echo(f"{r.count:>5}x  {format_age(r.last_used, now):>9}  {cmd}")
        if not results:
            click.echo(f"cmdai: no commands match {query!r}", err=True)
    if s.left_out:
        click.echo(f"cmdai: note: {s.left_out} entries are not embedded yet; run 'cmdai history embed'",
                   err=True)
    return 0


@history.command("search")
@click.argument("query", nargs=-1, required=True)
@filter_options
@click.option("-n", "--limit", type=click.IntRange(min=0), default=20, show_default=True,
              help="How many results (0 = all).")
@click.option("-u", "--unique", is_flag=True, help="One result per distinct command.")
@click.option("--semantic", "mode", flag_value="semantic", help="Search by meaning only (embeddings).")
@click.option("--hybrid", "mode", flag_value="hybrid",
              help="Words and meaning, fused (the default once 'cmdai history embed' has run).")
@click.option("--fts", "--words", "mode", flag_value="fts", help="Words only (the default before embeddings).")
@json_option
def search_cmd(query: tuple[str, ...], limit: int, unique: bool, mode: str | None, json_out: bool,
               **kw: Any) -> None:
    """Find commands by words or by meaning.

    \b
    By words, every word matches as a prefix, best match first; by meaning (--semantic, or
    --hybrid = both, the default once embeddings exist) one line per distinct command with
    its count and last use.
      cmdai history search git pu        # git push, git pull ...
      cmdai history search docker --exit fail --since 7d
      cmdai history search --semantic "shrink a video"
    """
    _search(" ".join(query), _filters(kw), limit or None, unique, json_out, mode)


def run_search(query: str, json_out: bool = False) -> int:
    """``cmdai --search QUERY``: the same as ``cmdai history search QUERY`` (hybrid when the
    history has embeddings for the configured model). Returns the exit code; errors are raised
    as :class:`CmdaiError` for the caller to print."""
    from ..history.store import Filters

    return _search(query, Filters(), 20, False, json_out)


@history.command("stats")
@click.option("--cwd", metavar="DIR", help="Only commands run in DIR ('.' = here).")
@click.option("--session", metavar="ID", help="Only one shell session.")
@click.option("--since", metavar="WHEN", help="Not before WHEN.")
@click.option("--until", metavar="WHEN", help="Before WHEN.")
@click.option("--source", type=click.Choice(["typed", "suggested", "imported"]))
@click.option("--top", type=click.IntRange(1, 1000), default=10, show_default=True, help="Rows per table.")
@click.option("--period", type=click.Choice(["hour", "day", "week", "month", "year"]), default="month",
              show_default=True, help="Group counts by this period.")
@json_option
def stats_cmd(top: int, period: str, json_out: bool, **kw: Any) -> None:
    """Top commands and programs, busiest directories, failure rate, activity by period."""
    filters = _filters(kw)
    with _open() as store:
        s = store.stats(filters, top=top, period=period)
    if json_out:
        _emit(s)
        return
    click.echo(f"{s['total']} commands, {s['distinct_commands']} distinct, "
               f"{s['failures']} failed ({s['failure_rate']:.1%} of those with an exit code)")
    if s["total"]:
        click.echo(f"from {_fmt_time(s['first'])} to {_fmt_time(s['last'])}; "
                   + ", ".join(f"{k} {v}" for k, v in sorted(s["by_source"].items())))
    sections = [("Top commands", [(r["count"], r["command"].replace("\n", " ⏎ ")) for r in s["top_commands"]]),
                ("Top programs", [(r["count"], r["program"]) for r in s["top_programs"]]),
                ("Directories", [(r["count"], f"{r['cwd']}  ({r['failure_rate']:.0%} failed)")
                                 for r in s["directories"]]),
                (f"By {period}", [(r["count"], f"{r['period']}  ({r['failure_rate']:.0%} failed)")
                                  for r in s["by_period"]])]
    for title, rows in sections:
        if rows:
            click.echo(f"\n{title}:")
            for n, text in rows:
                click.echo(f"  {n:>7}  {text}")


@history.command("import")
@click.option("--from", "shell", type=click.Choice(["bash", "zsh", "fish"]), required=True,
              help="Which shell wrote the file.")
@click.argument("file", required=False, type=click.Path(dir_okay=False))
@json_option
def import_cmd(shell: str, file: str | None, json_out: bool) -> None:
    """Import a shell's history file (default: ~/.bash_history, $HISTFILE or ~/.zsh_history,
    ~/.local/share/fish/fish_history). Importing the same file again adds nothing."""
    from ..history.importers import import_file

    with _open(ingest=False) as store:
        rep = import_file(store, shell, file)
    if json_out:
        _emit(rep.to_dict())
    else:
        click.echo(rep.summary())


@history.command("export")
@click.option("--format", "fmt", type=click.Choice(["jsonl", "csv"]), default="jsonl", show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True), default=None,
              help="Write to FILE (0600) instead of stdout.")
@filter_options
@json_option
def export_cmd(fmt: str, output: str | None, json_out: bool, **kw: Any) -> None:
    """Write the history (oldest first) as JSON lines or CSV. With --output, --json prints a
    summary object; on stdout the data itself is already machine-readable."""
    from ..history.export import export

    filters = _filters(kw)
    with _open() as store:
        if output is None:
            export(store, sys.stdout, fmt, filters)
            return
        try:
            fd = os.open(output, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        except OSError as e:
            raise HistoryError(f"cannot write {output}: {e.strerror or e}") from None
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            n = export(store, fh, fmt, filters)
    if json_out:
        _emit({"exported": n, "format": fmt, "file": output})
    else:
        click.echo(f"exported {n} entries to {output}", err=True)


@history.command("delete")
@click.argument("ids", nargs=-1, type=int)
@click.option("-q", "--query", metavar="WORDS", help="Delete every entry matching a search.")
@filter_options
@click.option("-y", "--yes", is_flag=True, help="Do not ask for confirmation.")
@json_option
def delete_cmd(ids: tuple[int, ...], query: str | None, yes: bool, json_out: bool, **kw: Any) -> None:
    """Delete entries by id, or all entries matching --query (with the usual filters).
    The text is wiped from the database file, not only hidden."""
    filters = _filters(kw)
    if not ids and not query:
        raise UsageError("say what to delete: entry ids, or --query WORDS")
    with _open() as store:
        targets = [e for i in ids if (e := store.get(i)) is not None]
        missing = [i for i in ids if all(e.id != i for e in targets)]
        if query:
            targets += [e for e in store.search(query, filters, limit=None) if e.id not in set(ids)]
        if not targets:
            raise HistoryError("nothing matches: no entry deleted"
                               + (f" (no entry with id {', '.join(map(str, missing))})" if missing else ""))
        if not yes and not json_out:
            for e in targets[:10]:
                click.echo(f"  {e.id:>7}  {e.command.splitlines()[0] if e.command else ''}", err=True)
            if len(targets) > 10:
                click.echo(f"  ... and {len(targets) - 10} more", err=True)
        _confirm(f"Delete {len(targets)} entr{'y' if len(targets) == 1 else 'ies'}?", yes)
        n = store.delete([e.id for e in targets], purge=True)
    if json_out:
        _emit({"deleted": n, "ids": [e.id for e in targets], "missing": missing})
    else:
        click.echo(f"deleted {n} entr{'y' if n == 1 else 'ies'}")


@history.command("prune")
@click.option("--dry-run", is_flag=True, help="Only say what would be deleted.")
@json_option
def prune_cmd(dry_run: bool, json_out: bool) -> None:
    """Apply the retention policy: history.retention.max_entries, .max_age_days and
    .keep_favourites (see 'cmdai config show')."""
    with _open() as store:
        r = store.prune(dry_run=dry_run)
    if json_out:
        _emit(r)
    else:
        verb = "would delete" if dry_run else "deleted"
        click.echo(f"{verb} {r['deleted']} entries ({r['deleted_by_age']} older than {r['max_age_days']} days, "
                   f"{r['deleted_by_count']} beyond {r['max_entries']} entries); {r['remaining']} remain")


@history.command("sync")
@json_option
def sync_cmd(json_out: bool) -> None:
    """Ingest the shell hooks' spool now."""
    with _open(ingest=False) as store:
        rep = _ingest(store, quiet=False)
        embedded = _embed_new(store)
    if json_out:
        _emit({**rep.to_dict(), "embedded": embedded})
    else:
        click.echo(rep.summary())
        if embedded:
            click.echo(f"embedded {embedded} new entries")
        for p in rep.problems:
            click.echo(f"  {p}", err=True)


SYNC_EMBED_LIMIT = 256


def _embed_new(store: Any) -> int:
    """Embed a bounded batch of new entries when the user has opted in to embeddings (there are
    vectors for the configured model). Never fails the sync."""
    try:
        from ..semantic.history import embed_pending

        return embed_pending(store.db, SYNC_EMBED_LIMIT)
    except CmdaiError as e:
        click.echo(f"cmdai: note: new entries not embedded: {e.message}", err=True)
        return 0


@history.command("repair")
@json_option
def repair_cmd(json_out: bool) -> None:
    """Rebuild a damaged database: keep a copy, recover what can be read, re-ingest the spool."""
    from ..history.repair import repair

    rep = repair()
    if json_out:
        _emit(rep.to_dict())
    else:
        click.echo(rep.summary())


def _fav(ids: tuple[int, ...], flag: bool, json_out: bool) -> None:
    with _open(ingest=False) as store:
        missing = [i for i in dict.fromkeys(ids) if store.get(i) is None]
        if missing:
            raise HistoryError(f"no entry with id {', '.join(map(str, missing))}; nothing changed")
        n = store.set_favourite(dict.fromkeys(ids), flag)
    if json_out:
        _emit({"changed": n, "ids": list(ids), "favourite": flag})
    else:
        click.echo(f"{'marked' if flag else 'unmarked'} {n} entr{'y' if n == 1 else 'ies'}")


@history.command("favourite")
@click.argument("ids", nargs=-1, type=int, required=True)
@json_option
def favourite_cmd(ids: tuple[int, ...], json_out: bool) -> None:
    """Mark entries as favourites (prune keeps them)."""
    _fav(ids, True, json_out)


@history.command("unfavourite")
@click.argument("ids", nargs=-1, type=int, required=True)
@json_option
def unfavourite_cmd(ids: tuple[int, ...], json_out: bool) -> None:
    """Remove the favourite mark."""
    _fav(ids, False, json_out)


def _attach_embed() -> None:
    from .semantic import embed

    history.add_command(embed)


_attach_embed()
