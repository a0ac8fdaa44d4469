"""Drive a real interactive zsh / bash / fish under pexpect; read the screen with pyte.

The screen is what a person sees: pyte renders every byte the shell wrote, so assertions
read the command line as text, not as a stream of escape sequences.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import pexpect
import pyte

COLS, ROWS = 160, 40
PROMPT = "P> "
VENV_BIN = str(Path(sys.executable).parent)

RC_PRELUDE = {
    "zsh": "PROMPT='P> '\nRPROMPT=''\nunsetopt beep\nHISTFILE=$HOME/.zsh_history\nSAVEHIST=100\nHISTSIZE=100\n"
           "setopt hist_ignore_space\n",
    "bash": "PS1='P> '\nHISTCONTROL=ignoreboth\nHISTFILE=$HOME/.bash_history\nbind 'set bell-style none'\n",
    "fish": "set -g fish_greeting ''\nfunction fish_prompt; echo -n 'P> '; end\n"
            "function fish_right_prompt; end\nfunction fish_title; end\nfunction fish_mode_prompt; end\n",
}


def short_tmpdir(prefix: str = "cm") -> Path:
    """A short directory (Unix socket paths must stay under ~100 bytes)."""
    return Path(tempfile.mkdtemp(prefix=prefix, dir="/tmp"))


class Env:
    """A temp HOME and CMDAI_HOME, and the environment a shell under test gets."""

    def __init__(self, base: Path, engine: str | None = "echo", extra: dict[str, str] | None = None):
        self.base = base
        self.home = base / "h"
        self.cmdai_home = base / "c"
        self.home.mkdir(parents=True, exist_ok=True)
        self.cmdai_home.mkdir(parents=True, exist_ok=True)
        env = {k: v for k, v in os.environ.items() if not k.startswith(("CMDAI_", "XDG_", "ZDOTDIR", "HIST"))}
        env.update({
            "HOME": str(self.home), "CMDAI_HOME": str(self.cmdai_home), "TERM": "xterm-256color",
            "PATH": VENV_BIN + os.pathsep + env.get("PATH", "/usr/bin:/bin"), "LANG": "C.UTF-8",
            "LC_ALL": "C.UTF-8", "XDG_CONFIG_HOME": str(self.home / ".config"),
            "XDG_DATA_HOME": str(self.home / ".local/share"), "CMDAI_NO_LOG_FILE": "",
        })
        for k in ("CMDAI_EMBEDDED_MODEL_PATH", "CMDAI_TEST_MODEL_CACHE"):
            if os.environ.get(k):
                env[k] = os.environ[k]
        if engine:
            env["CMDAI_TEST_ENGINE"] = engine
        env.update(extra or {})
        self.env = env

    @property
    def spool_dir(self) -> Path:
        return self.cmdai_home / "data" / "spool"

    def cmdai_shell(self, *args: str) -> str:
        import subprocess

        r = subprocess.run([os.path.join(VENV_BIN, "cmdai-shell"), *args], env=self.env, capture_output=True,
                           text=True, timeout=60)
        assert r.returncode == 0, r.stderr
        return r.stdout

    def write_rc(self, shell: str, extra: str = "") -> None:
        rc = self.rc_path(shell)
        rc.parent.mkdir(parents=True, exist_ok=True)
        prelude = RC_PRELUDE[shell] + extra
        if shell == "fish":  # prompt settings live in config.fish; conf.d/cmdai.fish is install's
            cfg = self.home / ".config" / "fish" / "config.fish"
            cfg.write_text(prelude)
        else:
            rc.write_text(prelude)

    def rc_path(self, shell: str) -> Path:
        return {"zsh": self.home / ".zshrc", "bash": self.home / ".bashrc",
                "fish": self.home / ".config" / "fish" / "conf.d" / "cmdai.fish"}[shell]

    def stop_daemon(self) -> None:
        """SIGTERM the daemon this Env started (pid from its lock file) and wait for it."""
        import signal

        try:
            pid = int((self.cmdai_home / "run" / "daemon.lock").read_text().strip() or 0)
        except (OSError, ValueError):
            return
        if not pid:
            return
        try:
            os.kill(pid, signal.SIGTERM)
        except ProcessLookupError:
            return
        end = time.monotonic() + 5
        while time.monotonic() < end:
            try:
                os.kill(pid, 0)
            except ProcessLookupError:
                return
            time.sleep(0.02)

    def cleanup(self) -> None:
        self.stop_daemon()
        shutil.rmtree(self.base, ignore_errors=True)


class Term:
    """One interactive shell on a pty, rendered by pyte."""

    def __init__(self, shell: str, env: Env, args: list[str] | None = None):
        self.shell = shell
        argv = {"zsh": ["-i"], "bash": ["-i"], "fish": ["-i"]}[shell] + (args or [])
        self.screen = pyte.Screen(COLS, ROWS)
        self.stream = pyte.ByteStream(self.screen)
        self.child = pexpect.spawn(shutil.which(shell) or shell, argv, env=env.env, cwd=str(env.home),
                                   dimensions=(ROWS, COLS), encoding=None, timeout=10)
        self.wait_for(lambda: self.prompt_row() is not None, what="the first prompt")

    # -- reading the screen ---------------------------------------------------------------------
    def pump(self, duration: float = 0.05) -> None:
        end = time.monotonic() + duration
        while True:
            left = end - time.monotonic()
            try:
                data = self.child.read_nonblocking(65536, timeout=max(left, 0.01))
                self.stream.feed(data)
                # answer a cursor-position query (fish and some prompts ask)
                if b"\x1b[6n" in data:
                    self.child.send(f"\x1b[{self.screen.cursor.y + 1};{self.screen.cursor.x + 1}R")
            except pexpect.TIMEOUT:
                pass
            except pexpect.EOF:
                return
            if time.monotonic() >= end:
                return

    def lines(self) -> list[str]:
        return [ln.rstrip() for ln in self.screen.display]

    def text(self) -> str:
        return "\n".join(self.lines()).rstrip()

    def prompt_row(self) -> int | None:
        """The last row that starts with the prompt."""
        rows = [i for i, ln in enumerate(self.screen.display) if ln.startswith(PROMPT)]
        return rows[-1] if rows else None

    def cmdline(self) -> str:
        """Text after the last prompt, through any wrapped or continuation rows up to the cursor row."""
        r = self.prompt_row()
        if r is None:
            return ""
        rows = self.lines()[r: max(r, self.screen.cursor.y) + 1]
        return "\n".join(rows)[len(PROMPT):].rstrip()

    def wait_for(self, pred: Callable[[], bool], timeout: float = 10.0, what: str = "condition") -> None:
        end = time.monotonic() + timeout
        while True:
            self.pump(0.05)
            if pred():
                return
            if time.monotonic() > end:
                raise AssertionError(f"timed out waiting for {what}; screen:\n{self.text()}")

    def settle(self, quiet: float = 0.3, timeout: float = 5.0) -> None:
        """Read until the shell has been quiet for ``quiet`` seconds."""
        end = time.monotonic() + timeout
        last = self.text()
        t_last = time.monotonic()
        while time.monotonic() < end:
            self.pump(0.05)
            cur = self.text()
            if cur != last:
                last, t_last = cur, time.monotonic()
            elif time.monotonic() - t_last >= quiet:
                return

    # -- typing ---------------------------------------------------------------------------------
    def type(self, s: str) -> None:
        self.child.send(s.encode("utf-8"))
        self.pump(0.05)

    def run(self, cmd: str, timeout: float = 10.0) -> None:
        """Type ``cmd``, press Enter, wait for the next (empty) prompt."""
        self.child.send(cmd.encode("utf-8"))
        self.wait_for(lambda: self.cmdline() != "", timeout, what=f"the echo of {cmd!r}")
        self.child.send(b"\r")
        self.wait_for(self.at_empty_prompt, timeout, what=f"the prompt after {cmd!r}")

    def at_empty_prompt(self) -> bool:
        r = self.prompt_row()
        return r is not None and r == self.screen.cursor.y and self.cmdline() == ""

    def close(self) -> None:
        try:
            self.child.sendcontrol("c")
            self.child.sendline(b"exit")
            self.child.expect(pexpect.EOF, timeout=2)
        except Exception:
            pass
        self.child.close(force=True)


def parse_spool(d: Path) -> list[list[str]]:
    """All records in all spool files of ``d``: lists of fields."""
    out: list[list[str]] = []
    for f in sorted(d.glob("*.spool")):
        data = f.read_bytes().decode("utf-8")
        for rec in data.split("\x1e\n"):
            if rec:
                out.append(rec.split("\x1f"))
    return out
