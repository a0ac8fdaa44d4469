"""``cmdai config``: show, get, set, path, export, import, reset, edit."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any

import click

from ..errors import ConfigError, UsageError


def _load(path: Path | None = None) -> Any:
    from ..config import load

    return load(path)


@click.group("config")
def config() -> None:
    """Show and change settings (YAML at 'cmdai config path').

    \b
    Precedence: command-line flag > CMDAI_* environment variable > file > default.
    Keys are dotted: safety.policy, history.retention.max_entries, embedded.model_path ...
    The environment variable for a key is CMDAI_ + the key in capitals with dots as
    underscores, e.g. CMDAI_SAFETY_POLICY=strict.
    """


@config.command("show")
@click.option("--json", "json_out", is_flag=True, help="Print JSON instead of YAML.")
@click.option("--changed", is_flag=True, help="Only settings that differ from the defaults.")
@click.option("--keys", is_flag=True, help="List every key with its type, default and help.")
def show(json_out: bool, changed: bool, keys: bool) -> None:
    """Print the effective configuration (file + environment)."""
    from ..config.loader import all_keys, diff_from_default, dump, env_name, to_dict, type_name
    from ..config.schema import Config

    if keys:
        defaults = Config()
        rows = []
        for key, (tp, f) in all_keys().items():
            rows.append({"key": key, "type": type_name(tp), "default": to_dict(defaults.get(key)),
                         "env": env_name(key), "help": f.metadata.get("help", ""),
                         "choices": list(f.metadata.get("choices") or [])})
        if json_out:
            click.echo(json.dumps(rows, indent=2))
        else:
            for r in rows:
                extra = f" [{'|'.join(r['choices'])}]" if r["choices"] else ""
                click.echo(f"{r['key']} ({r['type']}{extra}, default {r['default']!r}): {r['help']}")
        return
    cfg = _load()
    data = diff_from_default(cfg) if changed else to_dict(cfg)
    if json_out:
        click.echo(json.dumps(data, indent=2))
    else:
        click.echo(dump(data).rstrip("\n") if data else "{}")


@config.command("get")
@click.argument("key")
@click.option("--json", "json_out", is_flag=True, help="Print the value as JSON.")
def get(key: str, json_out: bool) -> None:
    """Print one setting, e.g. 'cmdai config get safety.policy'."""
    from ..config.loader import all_keys, to_dict

    cfg = _load()
    try:
        value = to_dict(cfg.get(key))
    except AttributeError:
        import difflib

        hint = difflib.get_close_matches(key, list(all_keys()), n=1)
        extra = f" (did you mean '{hint[0]}'?)" if hint else ""
        raise ConfigError(f"config error: unknown key '{key}'{extra}") from None
    if json_out or isinstance(value, dict | list):
        click.echo(json.dumps(value))
    else:
        click.echo("" if value is None else str(value).lower() if isinstance(value, bool) else value)


@config.command("set")
@click.argument("key")
@click.argument("value")
def set_(key: str, value: str) -> None:
    """Set KEY to VALUE in the config file (validated, written atomically).

    \b
    Lists take YAML flow syntax:  cmdai config set backend.chain '[openai, embedded]'
    Use 'null' to clear an optional setting.
    """
    from .. import paths
    from ..config import load_file, parse_value, save
    from ..config.loader import set_key

    path = paths.config_file()
    cfg = load_file(path)
    set_key(cfg, key, parse_value(key, value))
    save(cfg, path)
    click.echo(f"{key} = {value}  ({path})", err=True)


@config.command("path")
def path_cmd() -> None:
    """Print where the config file is (it may not exist yet)."""
    from .. import paths

    click.echo(str(paths.config_file()))


@config.command("export")
@click.option("--full", is_flag=True, help="Include every setting, not only changed ones.")
@click.option("--output", "-o", "out", type=click.Path(dir_okay=False), default=None,
              help="Write to this file instead of stdout.")
def export(full: bool, out: str | None) -> None:
    """Write the file's settings as YAML (to stdout or --output)."""
    from .. import paths
    from ..config import atomic_write, dump, load_file

    cfg = load_file(paths.config_file())
    text = dump(cfg, full=full)
    if text.strip() in ("", "{}"):
        text = "{}\n"
    if out:
        atomic_write(Path(out), text)
        click.echo(f"exported to {out}", err=True)
    else:
        click.echo(text, nl=False)


@config.command("import")
@click.argument("file", type=click.Path(dir_okay=False, allow_dash=True))
@click.option("--merge", is_flag=True, help="Merge into the current file instead of replacing it.")
def import_(file: str, merge: bool) -> None:
    """Replace (or --merge into) the config with FILE, after validating it ('-' = stdin)."""
    from .. import paths
    from ..config import load_file, parse_text, save
    from ..config.loader import all_keys, set_key, to_dict

    try:
        text = sys.stdin.read() if file == "-" else Path(file).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise UsageError(f"no such file: {file}") from None
    except (OSError, UnicodeDecodeError) as e:
        raise UsageError(f"cannot read {file}: {e}") from None
    new = parse_text(text, file)
    target = paths.config_file()
    if merge:
        import yaml

        cfg = load_file(target)
        given = yaml.safe_load(text) or {}

        def walk(d: dict, prefix: str) -> None:
            for k, v in d.items():
                key = f"{prefix}{k}"
                if isinstance(v, dict) and key not in all_keys():
                    walk(v, key + ".")
                else:
                    set_key(cfg, key, to_dict(new.get(key)))

        walk(given, "")
        # nested dataclass lists (safety.rules) come back as dataclasses from `new`
        cfg.safety.rules = new.safety.rules if "safety" in given and "rules" in given["safety"] else cfg.safety.rules
        new = cfg
    save(new, target)
    click.echo(f"imported {file} -> {target}", err=True)


@config.command("reset")
@click.option("--yes", "-y", is_flag=True, help="Do not ask for confirmation.")
def reset(yes: bool) -> None:
    """Restore the defaults (the old file is kept as config.yaml.bak)."""
    from .. import paths

    target = paths.config_file()
    if not target.exists():
        click.echo("already at defaults (no config file)", err=True)
        return
    if not yes:
        if not sys.stdin.isatty():
            raise UsageError("refusing to reset without confirmation; pass --yes")
        click.confirm(f"Reset {target} to defaults?", abort=True, err=True)
    backup = target.with_name(target.name + ".bak")
    try:
        os.replace(target, backup)
    except OSError as e:
        raise ConfigError(f"config error: cannot reset {target}: {e.strerror}") from None
    click.echo(f"reset to defaults; the old file is {backup}", err=True)


@config.command("edit")
def edit() -> None:
    """Edit the config in a full-screen editor that validates as you type."""
    sys.exit(edit_config())


def edit_config() -> int:
    """The interactive editor (also ``cmdai --configure``). Returns an exit code."""
    from .. import paths
    from ..config import atomic_write, parse_text

    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        raise UsageError("the editor needs a terminal; use 'cmdai config set KEY VALUE' in scripts")
    target = paths.config_file()
    try:
        text = target.read_text(encoding="utf-8") if target.exists() else _template()
    except (OSError, UnicodeDecodeError) as e:
        raise ConfigError(f"config error: cannot read {target}: {e}") from None

    return _run_editor(target, text, parse_text, atomic_write)


def _run_editor(target: Path, text: str, parse_text: Any, atomic_write: Any) -> int:
    """Full-screen prompt-toolkit editor: validates on every keystroke, saves only valid YAML."""
    from prompt_toolkit.application import Application
    from prompt_toolkit.key_binding import KeyBindings
    from prompt_toolkit.layout import HSplit, Layout, Window
    from prompt_toolkit.layout.controls import FormattedTextControl
    from prompt_toolkit.styles import Style
    from prompt_toolkit.widgets import TextArea

    state = {"error": "", "saved": False, "note": ""}

    def check(_: Any = None) -> None:
        try:
            parse_text(area.text, str(target))
            state["error"] = ""
        except ConfigError as e:
            state["error"] = str(e).replace(f"config error: {target}", "line", 1)

    area = TextArea(text=text, multiline=True, scrollbar=True, line_numbers=True, focus_on_click=True)
    area.buffer.on_text_changed += check

    def status() -> Any:
        if state["error"]:
            return [("class:error", f" ✗ {state['error']} ")]
        return [("class:ok", f" ✓ valid {state['note']}")]

    help_bar = f" {target}   Ctrl-S save   Ctrl-Q quit without saving "
    kb = KeyBindings()

    @kb.add("c-s")
    def _save(event: Any) -> None:
        check()
        if state["error"]:
            state["note"] = ""
            return
        state["saved"] = True
        event.app.exit()

    @kb.add("c-q")
    @kb.add("c-c")
    def _quit(event: Any) -> None:
        event.app.exit()

    layout = Layout(HSplit([
        area,
        Window(FormattedTextControl(status), height=1, style="class:status"),
        Window(FormattedTextControl(help_bar), height=1, style="class:help"),
    ]), focused_element=area)
    style = Style.from_dict({"error": "bg:#aa0000 #ffffff", "ok": "bg:#005f00 #ffffff",
                             "help": "reverse"})
    check()
    Application(layout=layout, key_bindings=kb, full_screen=True, style=style, mouse_support=False).run()
    if not state["saved"]:
        print("not saved", file=sys.stderr)
        return 130
    new = area.text
    atomic_write(target, new if new.endswith("\n") else new + "\n")
    print(f"saved {target}", file=sys.stderr)
    return 0


def _template() -> str:
    from ..config.loader import dump
    from ..config.schema import Config

    body = dump(Config())
    return ("# cmdai configuration. Every key is optional; delete what you don't change.\n"
            "# 'cmdai config show --keys' lists them all with their meaning.\n" + body)
