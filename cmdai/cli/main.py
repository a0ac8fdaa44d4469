"""The ``cmdai`` command: ``cmdai "REQUEST"`` plus lazily loaded subcommands.

Startup matters (``cmdai --version`` is timed against ``python -c pass``), so this module
imports only click and the stdlib; every subcommand module is imported when it is used.
"""

from __future__ import annotations

import os
import sys
from typing import Any

import click

from .. import __version__
from ..errors import EXIT_CODES_HELP

# name -> "module:attribute"; each module is imported only when its command runs.
LAZY_COMMANDS: dict[str, str] = {
    "config": "cmdai.cli.config:config",
    "history": "cmdai.cli.history:history",
    "check": "cmdai.cli.check:check",
    "daemon": "cmdai.cli.daemon:daemon",
    "backends": "cmdai.cli.backends:backends",
    "kb": "cmdai.cli.kb:kb",
    "explain": "cmdai.cli.explain:explain",
    "bench": "cmdai.cli.bench:bench",
}

HELP_SUMMARY: dict[str, str] = {
    "config": "Show, change, import or export settings; 'config edit' opens the editor.",
    "history": "Search, list, import and export the commands you ran.",
    "check": "Say how dangerous a shell command is, and why.",
    "daemon": "Start, stop or inspect the warm engine daemon (used by Ctrl-G).",
    "backends": "List backends, check their health, show latency statistics.",
    "kb": "The knowledge base of examples the generator retrieves from.",
    "explain": "Explain what a shell command does, flag by flag.",
    "bench": "Measure suggestion quality on a dataset (NLC2CMD score).",
}

SUGGEST_OPTIONS = ("output", "shell", "cwd", "backend", "safety", "execute", "stream", "verbose")

EPILOG = f"""\b
Examples:
  cmdai "list python files changed today"
  cmdai -o json "show disk usage of each folder here"
  cmdai --batch requests.txt -o jsonl
  cmdai check 'rm -rf ~'
  eval "$(cmdai-shell init zsh)"     # then type words and press Ctrl-G

\b
{EXIT_CODES_HELP}
"""


def _suggest_options(f: Any) -> Any:
    opts = [
        click.option("-o", "--output", type=click.Choice(["plain", "json", "yaml", "jsonl"]),
                     default=None, help="Output format (default: plain, or general.output)."),
        click.option("--shell", type=click.Choice(["bash", "zsh", "fish"]), default=None,
                     help="Shell to write the command for (default: from $SHELL)."),
        click.option("--cwd", type=click.Path(file_okay=False), default=None,
                     help="Directory the command is for (default: the current one)."),
        click.option("--backend", "backend", default=None, metavar="NAME",
                     help="Backend to use: embedded, ollama or openai."),
        click.option("--safety", type=click.Choice(["strict", "moderate", "permissive"]), default=None,
                     help="Safety policy: what is blocked and what needs confirmation."),
        click.option("-x", "--execute", is_flag=True, default=None,
                     help="Run the command after you confirm it (needs a terminal)."),
        click.option("--stream/--no-stream", default=None, help="Show tokens as they arrive."),
        click.option("-v", "--verbose", is_flag=True, default=None, help="Say more on stderr."),
    ]
    for o in reversed(opts):
        f = o(f)
    return f


class RootGroup(click.Group):
    """A group whose unknown first word starts a request instead of failing."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(LAZY_COMMANDS)

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name == "suggest":
            return suggest_cmd
        target = LAZY_COMMANDS.get(name)
        if target is None:
            return None
        mod_name, attr = target.split(":")
        import importlib

        try:
            mod = importlib.import_module(mod_name)
        except ModuleNotFoundError as e:
            if e.name == mod_name:
                return _missing_command(name)
            raise
        return getattr(mod, attr)

    def resolve_command(self, ctx: click.Context, args: list[str]) -> tuple[Any, Any, list[str]]:
        if args and args[0] in LAZY_COMMANDS:
            return args[0], self.get_command(ctx, args[0]), args[1:]
        return "suggest", suggest_cmd, args

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = [(name, HELP_SUMMARY.get(name, "")) for name in self.list_commands(ctx)]
        with formatter.section("Commands"):
            formatter.write_dl(rows)


def _missing_command(name: str) -> click.Command:
    @click.command(name, context_settings={"ignore_unknown_options": True})
    @click.argument("args", nargs=-1, type=click.UNPROCESSED)
    def missing(args: Any) -> None:
        from ..errors import CmdaiError

        raise CmdaiError(f"'cmdai {name}' is not available in this build")

    return missing


@click.group(cls=RootGroup, invoke_without_command=True, epilog=EPILOG,
             context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, "-V", "--version", prog_name="cmdai", message="%(prog)s %(version)s")
@_suggest_options
@click.option("--batch", type=str, default=None, metavar="FILE",
              help="One request per line ('-' = stdin); one output record per line, in order.")
@click.option("--search", "search_query", default=None, metavar="QUERY",
              help="Search your command history (same as 'cmdai history search').")
@click.option("--configure", is_flag=True, help="Open the interactive settings editor.")
@click.pass_context
def cli(ctx: click.Context, batch: str | None, search_query: str | None, configure: bool,
        **opts: Any) -> None:
    """Turn what you want, in words, into a shell command, checked for danger.

    \b
      cmdai "REQUEST"          print a suggested command for REQUEST
      cmdai COMMAND [ARGS]     run one of the commands below

    Nothing is run unless you pass --execute and confirm. The suggestion is checked by the
    safety engine: critical commands are blocked (exit 5) under the default policy.
    """
    ctx.ensure_object(dict)
    ctx.obj["opts"] = opts
    _setup_logging(bool(opts.get("verbose")))
    if ctx.invoked_subcommand is not None:
        return
    if configure:
        from .config import edit_config

        ctx.exit(edit_config())
    if search_query is not None:
        from .history import run_search

        ctx.exit(run_search(search_query, json_out=(opts.get("output") in ("json", "jsonl"))))
    if batch is not None:
        from .suggest import run_batch

        ctx.exit(run_batch(batch, opts))
    click.echo(ctx.get_help())


@click.command("suggest", hidden=True, context_settings={"ignore_unknown_options": False})
@_suggest_options
@click.argument("request", nargs=-1)
@click.pass_context
def suggest_cmd(ctx: click.Context, request: tuple[str, ...], **opts: Any) -> None:
    """Suggest a command for REQUEST."""
    parent = ctx.parent.obj["opts"] if ctx.parent and ctx.parent.obj else {}
    merged = {k: (opts.get(k) if opts.get(k) is not None else parent.get(k)) for k in SUGGEST_OPTIONS}
    if merged.get("verbose"):
        _setup_logging(True)
    from .suggest import run_suggest

    ctx.exit(run_suggest(" ".join(request), merged))


_LOGGING_READY = False


def _setup_logging(verbose: bool) -> None:
    """Structured log lines to <state>/cmdai.log; --verbose also to stderr."""
    global _LOGGING_READY
    import logging

    root = logging.getLogger("cmdai")
    if verbose and not any(getattr(h, "_cmdai_stderr", False) for h in root.handlers):
        h = logging.StreamHandler(sys.stderr)
        h.setFormatter(logging.Formatter("cmdai: %(levelname)s %(name)s: %(message)s"))
        h.setLevel(logging.DEBUG)
        h._cmdai_stderr = True  # type: ignore[attr-defined]
        root.addHandler(h)
        root.setLevel(logging.DEBUG)
    if _LOGGING_READY:
        return
    _LOGGING_READY = True
    if os.environ.get("CMDAI_NO_LOG_FILE"):
        return
    try:
        from .. import paths

        logfile = paths.log_file()
        paths.ensure_dir(logfile.parent)
        fh = logging.FileHandler(logfile, encoding="utf-8", delay=True)
        fh.setFormatter(logging.Formatter(
            '{"t":"%(asctime)s","level":"%(levelname)s","logger":"%(name)s","pid":%(process)d,'
            '"msg":%(message_json)s}'))
        fh.addFilter(_json_msg)
        fh.setLevel(logging.INFO)
        root.addHandler(fh)
        if root.level == logging.NOTSET or root.level > logging.INFO:
            root.setLevel(logging.INFO)
    except Exception:  # a log file must never stop the product
        pass


def _json_msg(record: Any) -> bool:
    import json

    try:
        msg = record.getMessage()
    except Exception:
        msg = str(record.msg)
    if record.exc_info:
        import traceback

        msg += "\n" + "".join(traceback.format_exception(*record.exc_info))
        record.exc_info = None
        record.exc_text = None
    record.message_json = json.dumps(msg, ensure_ascii=False)
    return True


def run(prog: Any, args: list[str] | None = None, prog_name: str = "cmdai") -> int:
    """Run a click command with cmdai's error handling: one line, documented exit code."""
    from ..errors import EXIT_ERROR, EXIT_INTERRUPTED, CmdaiError

    verbose = "-v" in (args or sys.argv[1:]) or "--verbose" in (args or sys.argv[1:])
    try:
        rv = prog.main(args=args, prog_name=prog_name, standalone_mode=False)
        return rv if isinstance(rv, int) else 0
    except click.exceptions.Exit as e:
        return e.exit_code
    except click.exceptions.Abort:
        print(file=sys.stderr)
        return EXIT_INTERRUPTED
    except click.ClickException as e:
        e.show()
        return e.exit_code
    except CmdaiError as e:
        msg = str(e).replace("\n", " ")
        print(f"{prog_name}: error: {msg}", file=sys.stderr)
        if e.hint:
            print(f"{prog_name}: hint: {e.hint}", file=sys.stderr)
        return e.exit_code
    except KeyboardInterrupt:
        print(f"\n{prog_name}: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        try:
            sys.stdout = open(os.devnull, "w")
        except OSError:
            pass
        return 0
    except Exception as e:  # a bug: still one line, the traceback goes to the log
        import logging

        logging.getLogger("cmdai").exception("unexpected error")
        print(f"{prog_name}: error: unexpected {type(e).__name__}: {e} (details in the log; "
              f"run with --verbose)", file=sys.stderr)
        if verbose:
            import traceback

            traceback.print_exc()
        return EXIT_ERROR


def main() -> None:
    sys.exit(run(cli))


if __name__ == "__main__":
    main()
