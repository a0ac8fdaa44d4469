"""``cmdai config`` subcommands and the interactive editor, as a user runs them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pexpect
import pytest


def cmdai(*args: str, input: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "cmdai", *args], input=input, capture_output=True,
                          text=True, timeout=60)


def test_set_get_show_export_import_reset(cmdai_home: Path, tmp_path: Path) -> None:
    path = Path(cmdai("config", "path").stdout.strip())
    assert path == cmdai_home / "config" / "config.yaml"
    assert cmdai("config", "set", "safety.policy", "strict").returncode == 0
    assert cmdai("config", "get", "safety.policy").stdout.strip() == "strict"
    assert oct(path.stat().st_mode & 0o777) == "0o600"
    r = cmdai("config", "set", "history.retention.max_entries", "0")
    assert r.returncode == 3 and "must not be 0" in r.stderr and "Traceback" not in r.stderr
    r = cmdai("config", "set", "safety.polcy", "strict")
    assert r.returncode == 3 and "did you mean 'safety.policy'" in r.stderr
    shown = json.loads(cmdai("config", "show", "--json").stdout)
    assert shown["safety"]["policy"] == "strict" and shown["general"]["output"] == "plain"
    exported = tmp_path / "exported.yaml"
    assert cmdai("config", "export", "-o", str(exported)).returncode == 0
    assert "policy: strict" in exported.read_text()
    assert cmdai("config", "reset", "--yes").returncode == 0
    assert cmdai("config", "get", "safety.policy").stdout.strip() == "moderate"
    assert cmdai("config", "import", str(exported)).returncode == 0
    assert cmdai("config", "get", "safety.policy").stdout.strip() == "strict"
    bad = tmp_path / "bad.yaml"
    bad.write_text("general:\n  output: xml\n")
    r = cmdai("config", "import", str(bad))
    assert r.returncode == 3 and "bad.yaml:2: general.output" in r.stderr
    assert cmdai("config", "get", "safety.policy").stdout.strip() == "strict"  # nothing lost


def test_env_override_shows_in_get(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CMDAI_GENERAL_OUTPUT", "json")
    assert cmdai("config", "get", "general.output").stdout.strip() == "json"


class Screen:
    """A pexpect child rendered through pyte: what a person would see."""

    def __init__(self, child: pexpect.spawn, rows: int = 30, cols: int = 120):
        import pyte

        self.child = child
        self.screen = pyte.Screen(cols, rows)
        self.stream = pyte.Stream(self.screen)

    def text(self) -> str:
        return "\n".join(self.screen.display)

    def wait_for(self, needle: str, timeout: float = 20) -> str:
        import time

        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                data = self.child.read_nonblocking(65536, timeout=0.2)
                self.stream.feed(data)
            except pexpect.TIMEOUT:
                pass
            except pexpect.EOF:
                break
            if needle in self.text():
                return self.text()
        raise AssertionError(f"{needle!r} not on screen:\n{self.text()}")


def test_editor_validates_as_you_type_and_saves_atomically(cmdai_home: Path) -> None:
    env = dict(os.environ, TERM="xterm", COLUMNS="120", LINES="30")
    child = pexpect.spawn(sys.executable, ["-m", "cmdai", "config", "edit"], env=env,
                          encoding="utf-8", timeout=30, dimensions=(30, 120))
    scr = Screen(child)
    scr.wait_for("Ctrl-S save")
    scr.wait_for("✓ valid")
    child.send("\rbogus_key: 1")  # the cursor starts at the end of the text
    scr.wait_for("unknown key")
    child.send("\x13")  # Ctrl-S refuses while invalid
    scr.wait_for("unknown key")
    child.send("\x7f" * len("bogus_key: 1"))  # erase what we typed
    scr.wait_for("✓ valid")
    child.send("\x13")
    child.expect(pexpect.EOF)
    path = cmdai_home / "config" / "config.yaml"
    text = path.read_text()
    assert "bogus_key" not in text
    assert cmdai("config", "get", "safety.policy").returncode == 0
    assert not list(path.parent.glob(".*.tmp"))


def test_editor_refuses_without_terminal() -> None:
    r = cmdai("config", "edit", input="")
    assert r.returncode == 2 and "needs a terminal" in r.stderr
