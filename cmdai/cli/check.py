"""``cmdai check``: say how dangerous a shell command is, and why.

    cmdai check 'rm -rf ~'                 readable verdict
    cmdai check --json -- git push -f      one JSON object
    cmdai check --json --stdin < cmds.txt  one command per line -> one JSON object per line, in order

Exit code: 0 safe or moderate; 5 blocked by the policy; otherwise 10 high, 11 critical. With
``--stdin`` the code reflects the worst line.
"""

from __future__ import annotations

import json
import sys

import click

from ..errors import EXIT_BLOCKED, EXIT_OK, EXIT_RISK_CRITICAL, EXIT_RISK_HIGH, UsageError

_COLORS = {"safe": "green", "moderate": "yellow", "high": "red", "critical": "magenta"}


def exit_code_for(level: int, blocked: bool) -> int:
    if blocked:
        return EXIT_BLOCKED
    if level >= 3:
        return EXIT_RISK_CRITICAL
    if level >= 2:
        return EXIT_RISK_HIGH
    return EXIT_OK


def _render(result, color: bool) -> str:
    name = result.level.name
    head = name.upper()
    if result.blocked:
        head += "  blocked by the safety policy"
    elif result.requires_confirmation:
        head += "  needs confirmation"
    lines = [click.style(head, fg=_COLORS[name], bold=True) if color else head, f"  {result.command}"]
    for r in result.reasons:
        span = ""
        if r.span is not None and r.span != (0, len(result.command)):
            span = f"  [{result.command[r.span[0]:r.span[1]]}]"
        lines.append(f"  - {r.text} ({r.level.name}, {r.rule_id}){span}")
    for s in result.suggestions:
        lines.append(f"  safer: {s}")
    if not result.reasons:
        lines.append("  no known risk")
    return "\n".join(lines)


@click.command("check", context_settings={"ignore_unknown_options": True, "allow_interspersed_args": False,
                                          "help_option_names": ["-h", "--help"]})
@click.option("--json", "as_json", is_flag=True, help="Print JSON (one object per command).")
@click.option("--cwd", type=click.Path(file_okay=False), default=None,
              help="Directory the command would run in (default: the current one).")
@click.option("--shell", type=click.Choice(["bash", "zsh", "fish", "sh"]), default="bash", show_default=True,
              help="Shell the command is written for.")
@click.option("--safety", "policy", type=click.Choice(["strict", "moderate", "permissive"]), default=None,
              help="Safety policy (default: safety.policy from the config).")
@click.option("--stdin", "from_stdin", is_flag=True, help="Read commands from stdin, one per line.")
@click.argument("command", nargs=-1, type=click.UNPROCESSED)
def check(as_json: bool, cwd: str | None, shell: str, policy: str | None, from_stdin: bool,
          command: tuple[str, ...]) -> None:
    """Say how dangerous COMMAND is, and why (exit 0 safe/moderate, 5 blocked, 10 high, 11 critical)."""
    import os

    from ..config import load
    from ..safety import validate

    cfg = load(overrides={"safety.policy": policy} if policy else None)
    pol = cfg.safety.policy
    rules = cfg.safety.rules
    where = os.path.abspath(cwd) if cwd else os.getcwd()
    if from_stdin and command:
        raise UsageError("give COMMAND or --stdin, not both")
    if not from_stdin and not command:
        raise UsageError("nothing to check: give a COMMAND (or --stdin)")
    color = sys.stdout.isatty() and not os.environ.get("NO_COLOR")
    if not from_stdin:
        text = " ".join(command)
        r = validate(text, cwd=where, shell=shell, policy=pol, rules=rules)
        if as_json:
            click.echo(json.dumps(r.to_dict(), ensure_ascii=False))
        else:
            click.echo(_render(r, color))
        sys.exit(exit_code_for(int(r.level), r.blocked))
    worst, any_blocked = 0, False
    out = sys.stdout
    for line in sys.stdin:
        text = line.rstrip("\n").rstrip("\r")
        r = validate(text, cwd=where, shell=shell, policy=pol, rules=rules)
        worst = max(worst, int(r.level))
        any_blocked = any_blocked or r.blocked
        if as_json:
            out.write(json.dumps(r.to_dict(), ensure_ascii=False) + "\n")
        else:
            out.write(f"{r.level.name}\t{'blocked' if r.blocked else '-'}\t{text}\n")
    out.flush()
    sys.exit(exit_code_for(worst, any_blocked))
