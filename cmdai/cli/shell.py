"""``cmdai-shell``: print, install and check the shell integration (Ctrl-G widget + hooks).

    eval "$(cmdai-shell init zsh)"       # what the installed line runs
    cmdai-shell install [--shell S]      # add that one line to the rc file (idempotent, backed up)
    cmdai-shell uninstall [--shell S]    # remove exactly that line
    cmdai-shell doctor [--json]          # what is installed, do hooks fire, is the daemon up
"""

from __future__ import annotations

import json
import os
import re
import shutil
import sys
import time
from pathlib import Path
from typing import Any

import click

from ..errors import CmdaiError, UsageError

SHELLS = ("zsh", "bash", "fish")
MARK = "# cmdai"  # the marker that ends the one line install adds

INSTALL_LINES = {
    "zsh": 'eval "$(cmdai-shell init zsh)"  ' + MARK,
    "bash": 'eval "$(cmdai-shell init bash)"  ' + MARK,
    "fish": "cmdai-shell init fish | source  " + MARK,
}


# -- rendering ---------------------------------------------------------------------------------

def _q_posix(s: str) -> str:
    return "'" + s.replace("'", "'\\''") + "'"


def _q_fish(s: str) -> str:
    return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'"


_ERE = [(r"\d", "[0-9]"), (r"\D", "[^0-9]"), (r"\s", "[[:space:]]"), (r"\S", "[^[:space:]]"),
        (r"\w", "[[:alnum:]_]"), (r"\W", "[^[:alnum:]_]")]


def to_ere(regex: str) -> str:
    """Python regex -> POSIX ERE for zsh/bash ``=~`` (the common escapes; the rest is kept)."""
    out = regex
    for a, b in _ERE:
        out = out.replace(a, b)
    return out


def key_for(shell: str, key: str) -> str:
    """Config key (zsh notation, e.g. ``^G`` or ``^[g``) in the shell's own notation."""
    key = key.strip()
    if shell == "zsh":
        return key
    out = []
    i = 0
    while i < len(key):
        c = key[i]
        if c == "^" and i + 1 < len(key):
            n = key[i + 1]
            if n == "[":
                out.append("\\e")
            else:
                out.append(("\\C-" if shell == "bash" else "\\c") + n.lower())
            i += 2
            continue
        out.append(c)
        i += 1
    return "".join(out)


def _key_literal(shell: str, key: str) -> str:
    """fish needs the key as an unquoted escape (\\cg) so its parser turns it into the byte."""
    if shell == "fish":
        if not re.fullmatch(r"[\\A-Za-z0-9_\-\[\]]+", key):
            raise UsageError(f"shell.key {key!r} cannot be used in fish; use zsh notation like ^G")
        return key
    return _q_posix(key)


def script_text(shell: str) -> str:
    from importlib import resources

    try:
        return resources.files("cmdai.shellscripts").joinpath(f"cmdai.{shell}").read_text(encoding="utf-8")
    except (ModuleNotFoundError, FileNotFoundError):
        here = Path(__file__).resolve().parents[2] / "shell" / f"cmdai.{shell}"
        return here.read_text(encoding="utf-8")


def client_path() -> str:
    from ..engine import client

    return str(Path(client.__file__).resolve())


def render(shell: str, cfg: Any = None) -> str:
    """The integration script for ``shell`` with paths and settings baked in."""
    if shell not in SHELLS:
        raise UsageError(f"unknown shell {shell!r}: choose one of {', '.join(SHELLS)}")
    from .. import paths

    if cfg is None:
        from ..config import load

        cfg = load()
    for d in (paths.spool_dir(), paths.runtime_dir()):
        try:
            paths.ensure_dir(d)
        except CmdaiError:
            pass
    q = _q_fish if shell == "fish" else _q_posix
    ignore = [p if shell == "fish" else to_ere(p) for p in (cfg.history.ignore or [])]
    autostart = bool(cfg.daemon.autostart)
    if shell == "fish":
        auto = "1" if autostart else "0"
    else:
        auto = "" if autostart else "--no-autostart"
    subs = {
        "@PYTHON@": q(sys.executable),
        "@CLIENT@": q(client_path()),
        "@SPOOL_DIR@": q(str(paths.spool_dir())),
        "@RUN_DIR@": q(str(paths.runtime_dir())),
        "@KEY@": _key_literal(shell, key_for(shell, cfg.shell.key)),
        "@IGNORE@": " ".join(q(p) for p in ignore),
        "@HISTORY@": "1" if cfg.history.enabled else "0",
        "@IGNORE_SPACE@": "1" if cfg.history.ignore_space else "0",
        "@AUTOSTART@": q(auto),
    }
    text = script_text(shell)
    for k, v in subs.items():
        text = text.replace(k, v)
    return text


# -- rc files ----------------------------------------------------------------------------------

def home() -> Path:
    return Path(os.environ.get("HOME") or os.path.expanduser("~"))


def rc_file(shell: str) -> Path:
    h = home()
    if shell == "zsh":
        zd = os.environ.get("ZDOTDIR")
        return Path(zd) / ".zshrc" if zd else h / ".zshrc"
    if shell == "bash":
        return h / ".bashrc"
    xdg = os.environ.get("XDG_CONFIG_HOME")
    base = Path(xdg) if xdg else h / ".config"
    return base / "fish" / "conf.d" / "cmdai.fish"


def detect_shell() -> str:
    name = os.path.basename(os.environ.get("SHELL", ""))
    if name in SHELLS:
        return name
    raise UsageError(f"cannot tell your shell from SHELL={os.environ.get('SHELL', '')!r}; "
                     f"pass --shell {'|'.join(SHELLS)}")


def _is_ours(line: str) -> bool:
    return line.rstrip("\r\n").rstrip().endswith(MARK) and "cmdai-shell init" in line


def installed(shell: str) -> bool:
    f = rc_file(shell)
    try:
        return any(_is_ours(x) for x in f.read_text(encoding="utf-8", errors="replace").splitlines())
    except OSError:
        return False


def install(shell: str) -> dict[str, Any]:
    f = rc_file(shell)
    line = INSTALL_LINES[shell]
    if installed(shell):
        return {"shell": shell, "rc_file": str(f), "changed": False, "backup": None}
    backup = None
    try:
        if f.exists():
            data = f.read_bytes()
            backup = f.with_name(f.name + f".cmdai-backup-{time.strftime('%Y%m%d-%H%M%S')}")
            shutil.copy2(f, backup)
        else:
            f.parent.mkdir(parents=True, exist_ok=True)
            data = b""
        # a file without a final newline gets "\n" + line and no newline after it, so that
        # uninstall can tell the two cases apart and restore the bytes exactly
        add = line.encode() + b"\n" if not data or data.endswith(b"\n") else b"\n" + line.encode()
        with open(f, "ab") as fh:
            fh.write(add)
    except OSError as e:
        raise CmdaiError(f"cannot update {f}: {e.strerror or e}") from None
    return {"shell": shell, "rc_file": str(f), "changed": True, "backup": str(backup) if backup else None,
            "line": line}


def uninstall(shell: str) -> dict[str, Any]:
    """Remove exactly what install added (the marked line and, if install added it, the newline
    before it); a file install created and that is now empty is removed."""
    f = rc_file(shell)
    try:
        data = f.read_bytes()
    except FileNotFoundError:
        return {"shell": shell, "rc_file": str(f), "changed": False}
    except OSError as e:
        raise CmdaiError(f"cannot read {f}: {e.strerror or e}") from None
    keep: list[bytes] = []
    removed = 0
    parts = data.split(b"\n")
    for i, ln in enumerate(parts):
        if _is_ours(ln.decode("utf-8", "replace")):
            removed += 1
            if i == len(parts) - 1 and keep:  # last line, no newline after it: drop the one before
                keep[-1] += b"\x00DROPNL"
            continue
        keep.append(ln)
    if not removed:
        return {"shell": shell, "rc_file": str(f), "changed": False}
    new = b"\n".join(keep).replace(b"\x00DROPNL", b"")
    try:
        if not new.strip() and shell == "fish":
            f.unlink()
        else:
            tmp = f.with_name(f.name + ".cmdai-tmp")
            tmp.write_bytes(new)
            os.chmod(tmp, f.stat().st_mode & 0o7777)
            os.replace(tmp, f)
    except OSError as e:
        raise CmdaiError(f"cannot update {f}: {e.strerror or e}") from None
    return {"shell": shell, "rc_file": str(f), "changed": True, "removed_lines": removed}


# -- doctor ------------------------------------------------------------------------------------

def _conflicts(shell: str) -> list[str]:
    """Other tools known to bind keys in ``shell``, read from its rc file (best effort)."""
    out = []
    f = rc_file(shell)
    try:
        text = f.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return out
    for tool, pat in (("atuin", r"atuin init"), ("fzf", r"fzf"), ("zsh-autosuggestions", r"zsh-autosuggestions"),
                      ("bash-preexec", r"bash-preexec"), ("ble.sh", r"ble\.sh")):
        if re.search(pat, text):
            out.append(tool)
    if re.search(r"""(bindkey|bind)\s.*(\^G|\\C-g|\\cg)""", text):
        out.append("another binding for Ctrl-G in " + str(f))
    return out


def doctor() -> dict[str, Any]:
    from .. import paths
    from ..config import load
    from ..engine import client

    cfg = load()
    rep: dict[str, Any] = {"shells": {}, "spool_dir": str(paths.spool_dir()), "problems": []}
    for sh in SHELLS:
        rep["shells"][sh] = {"rc_file": str(rc_file(sh)), "installed": installed(sh),
                             "available": shutil.which(sh) is not None, "conflicts": _conflicts(sh)}
    # hooks fire if spool files were written recently
    sd = paths.spool_dir()
    spools = sorted(sd.glob("*.spool"), key=lambda p: p.stat().st_mtime, reverse=True) if sd.is_dir() else []
    rep["spool_files"] = len(spools)
    rep["last_hook_write"] = spools[0].stat().st_mtime if spools else None
    rep["hooks_fire"] = bool(spools and spools[0].stat().st_size > 0)
    if sd.is_dir() and (sd.stat().st_mode & 0o077):
        rep["problems"].append(f"spool dir {sd} is readable by others (mode {oct(sd.stat().st_mode & 0o777)})")
    info = client.ping()
    rep["daemon"] = {"running": info is not None, **(info or {})}
    rep["daemon"]["socket"] = client.socket_path()
    model = None
    first_backend = cfg.backend.default or cfg.backend.chain[0]
    with_model = first_backend == "embedded"
    if with_model:
        try:
            from ..backends.embedded import bundled_model_path  # type: ignore[attr-defined]

            mp = getattr(cfg.embedded, "model_path", None) or None
            model = str(mp) if mp else str(bundled_model_path())
        except Exception as e:
            rep["problems"].append(f"model: {e}")
    rep["backend"] = first_backend
    rep["model"] = model
    rep["key"] = cfg.shell.key
    if not any(v["installed"] for v in rep["shells"].values()):
        rep["problems"].append("not installed in any shell: run cmdai-shell install")
    if not rep["hooks_fire"] and any(v["installed"] for v in rep["shells"].values()):
        rep["problems"].append("no spool records yet: open a new shell and run a command")
    return rep


# -- the CLI -----------------------------------------------------------------------------------

@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(prog_name="cmdai-shell", package_name="cmdai")
def cli() -> None:
    """cmdai's shell integration: Ctrl-G suggestions and history capture hooks."""


@cli.command("init")
@click.argument("shell", type=click.Choice(SHELLS))
def init_cmd(shell: str) -> None:
    """Print the integration script for SHELL (eval it in your rc file)."""
    click.echo(render(shell), nl=False)


@cli.command("install")
@click.option("--shell", "shell", type=click.Choice(SHELLS), default=None, help="default: from $SHELL")
@click.option("--json", "json_out", is_flag=True)
def install_cmd(shell: str | None, json_out: bool) -> None:
    """Add one marked line to your shell's rc file (idempotent; backs the file up first)."""
    res = install(shell or detect_shell())
    if json_out:
        click.echo(json.dumps(res))
    elif res["changed"]:
        click.echo(f"added to {res['rc_file']}: {res['line']}")
        if res["backup"]:
            click.echo(f"backup: {res['backup']}")
        click.echo("open a new shell (or source the file), type a request and press Ctrl-G")
    else:
        click.echo(f"already installed in {res['rc_file']}")


@cli.command("uninstall")
@click.option("--shell", "shell", type=click.Choice(SHELLS), default=None, help="default: from $SHELL")
@click.option("--json", "json_out", is_flag=True)
def uninstall_cmd(shell: str | None, json_out: bool) -> None:
    """Remove the line install added."""
    res = uninstall(shell or detect_shell())
    if json_out:
        click.echo(json.dumps(res))
    elif res["changed"]:
        click.echo(f"removed from {res['rc_file']}")
    else:
        click.echo(f"not installed in {res['rc_file']}")


@cli.command("doctor")
@click.option("--json", "json_out", is_flag=True)
def doctor_cmd(json_out: bool) -> int:
    """Report what is installed, whether hooks fire, and whether the daemon and model are there."""
    rep = doctor()
    if json_out:
        click.echo(json.dumps(rep, indent=2))
        return 0
    for sh, v in rep["shells"].items():
        state = "installed" if v["installed"] else "not installed"
        avail = "" if v["available"] else " (shell not found)"
        click.echo(f"{sh:5} {state} in {v['rc_file']}{avail}")
        for c in v["conflicts"]:
            click.echo(f"      also loaded: {c} (cmdai binds {rep['key']}; check it does not clash)")
    hw = rep["last_hook_write"]
    click.echo(f"hooks: {'firing' if rep['hooks_fire'] else 'no records yet'}"
               + (f" (last write {time.strftime('%Y-%m-%d %H:%M:%S', time.localtime(hw))})" if hw else "")
               + f"; {rep['spool_files']} spool file(s) in {rep['spool_dir']}")
    d = rep["daemon"]
    if d["running"]:
        click.echo(f"daemon: running, pid {d.get('pid')}, model {d.get('model')}, up {d.get('uptime_s')} s")
    else:
        click.echo(f"daemon: not running (socket {d['socket']}); Ctrl-G starts it")
    click.echo(f"backend: {rep['backend']}" + (f", model {rep['model']}" if rep["model"] else ""))
    for p in rep["problems"]:
        click.echo(f"problem: {p}")
    return 1 if rep["problems"] else 0


def main() -> None:
    from .main import run

    sys.exit(run(cli, prog_name="cmdai-shell"))


if __name__ == "__main__":
    main()
