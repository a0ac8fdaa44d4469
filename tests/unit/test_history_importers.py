"""Importers: bash, zsh, fish formats, including files written by the real shells; idempotence."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from cmdai.errors import HistoryError
from cmdai.history import HistoryStore, import_file
from cmdai.history.importers import (
    ImportedEntry,
    format_fish,
    format_zsh,
    metafy,
    parse_bash,
    parse_fish,
    parse_zsh,
    unmetafy,
)


@pytest.fixture()
def store(tmp_path, monkeypatch):
    monkeypatch.setenv("CMDAI_HOME", str(tmp_path))
    with HistoryStore() as s:
        yield s


def cmds(entries):
    return [e.command for e in entries]


def test_bash_plain():
    entries, bad = parse_bash(b"ls -la\n\ngit status\n#not a timestamp\necho caf\xc3\xa9\n")
    assert cmds(entries) == ["ls -la", "git status", "#not a timestamp", "echo café"] and bad == 0
    assert all(e.started_at is None for e in entries)


def test_bash_timestamps_and_multiline():
    data = b"#1700000000\nls\n#1700000005\nfor i in 1 2\ndo echo $i\ndone\n#1700000009\n#1700000010\npwd\n"
    entries, bad = parse_bash(data)
    assert cmds(entries) == ["ls", "for i in 1 2\ndo echo $i\ndone", "pwd"]
    assert [e.started_at for e in entries] == [1700000000, 1700000005, 1700000010]
    assert bad == 1  # a timestamp without a command


def test_zsh_plain_extended_continuation_and_meta():
    data = (b": 1700000000:3;make test\n"
            b": 1700000010:0;for f in *; do\\\necho $f\\\ndone\n"
            b"plain command\n"
            b": 1700000020:0;echo \xd1\x83\xa4\n")  # zsh writes the 0x84 of U+0444 as 0x83 0xa4
    entries, _ = parse_zsh(data)
    assert cmds(entries) == ["make test", "for f in *; do\necho $f\ndone", "plain command", "echo ф"]
    assert entries[0].started_at == 1700000000 and entries[0].duration_ms == 3000
    assert entries[2].started_at is None


def test_metafy_roundtrip():
    raw = "ф é 日本 \x00 x".encode()
    assert unmetafy(metafy(raw)) == raw and 0x84 not in metafy(raw)


def test_fish_escaping_and_paths():
    data = (b"- cmd: echo hello\\nworld\n  when: 1700000000\n  paths:\n    - /tmp/a\n"
            b"- cmd: printf 'a\\\\nb'\n  when: 1700000001\n"
            b"- cmd: echo \\t stays\n  when: bogus\n"
            b"stray line\n")
    entries, bad = parse_fish(data)
    assert cmds(entries) == ["echo hello\nworld", "printf 'a\\nb'", "echo \\t stays"]
    assert entries[0].paths == ["/tmp/a"] and entries[1].started_at == 1700000001
    assert bad == 2
    assert parse_fish(format_fish(entries))[0] == entries


def test_nul_bytes_are_a_clear_error(tmp_path, store):
    p = tmp_path / "h"
    p.write_bytes(b"ls\x00\x01")
    for shell in ("bash", "zsh", "fish"):
        with pytest.raises(HistoryError, match="does not look like"):
            import_file(store, shell, p)
    with pytest.raises(HistoryError, match="no zsh history file"):
        import_file(store, "zsh", tmp_path / "missing")


def test_import_is_idempotent_and_redacts(tmp_path, store):
    p = tmp_path / "zsh_history"
    entries = [ImportedEntry("ls -l", 1700000000.0), ImportedEntry("ls -l", 1700000000.0),
               ImportedEntry("export GITHUB_TOKEN=ghp_abcdefghijklmnopqrstuvwxyz0123456789", 1700000001.0)]
    p.write_bytes(format_zsh(entries))
    r = import_file(store, "zsh", p)
    assert (r.read, r.inserted, r.duplicates) == (3, 3, 0)
    r = import_file(store, "zsh", p)
    assert (r.inserted, r.duplicates) == (0, 3)
    with open(p, "ab") as f:  # the shell appended one more entry
        f.write(format_zsh([ImportedEntry("make", 1700000002.0)]))
    assert import_file(store, "zsh", p).inserted == 1
    got = store.list(limit=None)
    assert [e.command for e in got] == ["ls -l", "ls -l", "export GITHUB_TOKEN=[REDACTED]", "make"]
    assert all(e.source == "imported" and e.shell == "zsh" for e in got)


def test_default_files(tmp_path, monkeypatch, store):
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.delenv("HISTFILE", raising=False)
    monkeypatch.delenv("XDG_DATA_HOME", raising=False)
    (tmp_path / ".bash_history").write_text("echo from-bash\n")
    (tmp_path / ".zsh_history").write_text(": 1:0;echo from-zsh\n")
    (tmp_path / ".local/share/fish").mkdir(parents=True)
    (tmp_path / ".local/share/fish/fish_history").write_text("- cmd: echo from-fish\n  when: 5\n")
    for shell in ("bash", "zsh", "fish"):
        assert import_file(store, shell).inserted == 1
    other = tmp_path / "histfile"
    other.write_text("echo via-HISTFILE\n")
    monkeypatch.setenv("HISTFILE", str(other))
    assert import_file(store, "zsh").inserted == 1
    assert store.search("via")[0].command == "echo via-HISTFILE"


@pytest.mark.skipif(shutil.which("zsh") is None, reason="zsh not installed")
def test_file_written_by_real_zsh(tmp_path, store):
    hist = tmp_path / "zh"
    script = (f"HISTFILE={hist}; SAVEHIST=100; HISTSIZE=100; setopt extended_history; "
              "print -s 'echo фыва é 日本'; print -s 'for x in 1 2; do\necho $x\ndone'; fc -W")
    subprocess.run(["zsh", "-f", "-i", "-c", script], check=True, capture_output=True, timeout=20)
    assert b"\x83" in hist.read_bytes()  # zsh really metafied it
    assert import_file(store, "zsh", hist).inserted == 2
    assert [e.command for e in store.list()] == ["echo фыва é 日本", "for x in 1 2; do\necho $x\ndone"]


@pytest.mark.skipif(shutil.which("bash") is None, reason="bash not installed")
def test_file_written_by_real_bash(tmp_path, store):
    hist = tmp_path / "bh"
    script = (f"HISTFILE={hist}; HISTTIMEFORMAT=%s; history -c; history -s 'echo héllo'; "
              "history -s 'multi\nline'; history -w")
    subprocess.run(["bash", "--norc", "--noprofile", "-i", "-c", script], check=True, capture_output=True,
                   timeout=20)
    assert hist.read_text().startswith("#")
    import_file(store, "bash", hist)
    assert {e.command for e in store.list()} == {"echo héllo", "multi\nline"}
    assert all(e.started_at and e.started_at > 1e9 for e in store.list())
