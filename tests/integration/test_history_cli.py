"""`cmdai history ...` end to end: the real entry point in a subprocess, a real database."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from cmdai.history.importers import ImportedEntry, format_zsh
from cmdai.history.spool import end_record, start_record

CMDAI = str(Path(sys.executable).parent / "cmdai")


@pytest.fixture()
def home(tmp_path):
    spool = tmp_path / "data" / "spool"
    spool.mkdir(parents=True)
    env = {**os.environ, "CMDAI_HOME": str(tmp_path), "CMDAI_NO_LOG_FILE": "1"}
    env.pop("CMDAI_HISTORY_DB", None)
    sid = "1700000000-1-cli"
    (spool / f"{sid}.spool").write_bytes(
        start_record(sid, 1, "git push origin main", cwd="/repo", started_at=1700000000)
        + end_record(sid, 1, 0, 1500)
        + start_record(sid, 2, "git pull", cwd="/repo", started_at=1700000100) + end_record(sid, 2, 1, 20)
        + start_record(sid, 3, "find . -name '*.log' -size +100M", cwd="/var", started_at=1700000200,
                       source="suggested", request="logs bigger than 100MB")
        + end_record(sid, 3, 0, 80))
    return tmp_path, env


def run(env, *args, input=None):
    return subprocess.run([CMDAI, *args], capture_output=True, text=True, env=env, timeout=60, input=input)


def test_list_search_stats_json(home):
    _, env = home
    r = run(env, "history", "list", "--json")  # ingests the spool first
    assert r.returncode == 0, r.stderr
    rows = json.loads(r.stdout)
    assert [e["command"] for e in rows][:2] == ["git push origin main", "git pull"]
    assert rows[2]["source"] == "suggested" and rows[2]["request"] == "logs bigger than 100MB"
    r = run(env, "history", "list", "--exit", "fail", "--json")
    assert [e["command"] for e in json.loads(r.stdout)] == ["git pull"]
    r = run(env, "history", "list", "--cwd", "/var", "--source", "suggested", "--since", "2023-11-14",
            "--json")
    assert [e["id"] for e in json.loads(r.stdout)] == [3]
    r = run(env, "history", "search", "gi", "pu", "--json")
    assert {e["command"] for e in json.loads(r.stdout)} == {"git push origin main", "git pull"}
    r = run(env, "history", "search", "logs", "bigger")  # the request text is searchable too
    assert "find . -name" in r.stdout and "\x1b[" not in r.stdout  # no highlight off a TTY
    r = run(env, "--search", "push")
    assert r.returncode == 0 and "git push origin main" in r.stdout
    s = json.loads(run(env, "history", "stats", "--json").stdout)
    assert s["total"] == 3 and s["failures"] == 1 and s["top_programs"][0] == {"program": "git", "count": 2}
    assert "3 commands" in run(env, "history", "stats").stdout


def test_import_export_roundtrip_and_csv(home, tmp_path):
    _, env = home
    hist = tmp_path / "zh"
    hist.write_bytes(format_zsh([ImportedEntry("echo ф\nsecond line", 1600000000.0, 2000),
                                 ImportedEntry("ls -la", 1600000001.0)]))
    r = run(env, "history", "import", "--from", "zsh", str(hist), "--json")
    assert r.returncode == 0 and json.loads(r.stdout)["inserted"] == 2
    assert json.loads(run(env, "history", "import", "--from", "zsh", str(hist), "--json").stdout)["inserted"] == 0
    lines = run(env, "history", "export", "--source", "imported").stdout.splitlines()
    assert [json.loads(x)["command"] for x in lines] == ["echo ф\nsecond line", "ls -la"]
    out = tmp_path / "h.csv"
    r = run(env, "history", "export", "--format", "csv", "-o", str(out), "--json")
    assert json.loads(r.stdout)["exported"] == 5 and (out.stat().st_mode & 0o777) == 0o600
    rows = list(csv.DictReader(io.StringIO(out.read_text())))
    assert rows[0]["command"] == "echo ф\nsecond line" and rows[0]["duration_ms"] == "2000"


def test_delete_favourite_prune_sync(home):
    tmp, env = home
    assert run(env, "history", "sync", "--json").returncode == 0
    r = run(env, "history", "delete", "-q", "git")
    assert r.returncode == 8 and "--yes" in r.stderr  # no terminal to confirm on
    assert run(env, "history", "favourite", "1", "--json").returncode == 0
    assert run(env, "history", "favourite", "99").returncode == 6
    r = run(env, "history", "delete", "2", "--yes", "--json")
    assert json.loads(r.stdout)["deleted"] == 1
    (tmp / "config").mkdir(exist_ok=True)
    (tmp / "config" / "config.yaml").write_text("history:\n  retention:\n    max_entries: 1\n")
    r = run(env, "history", "prune", "--json")
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["deleted"] == 1
    ids = [e["id"] for e in json.loads(run(env, "history", "list", "--json").stdout)]
    assert ids == [1]  # the favourite survives
    r = run(env, "history", "unfavourite", "1", "--json")
    assert json.loads(r.stdout) == {"changed": 1, "ids": [1], "favourite": False}


def test_usage_errors_are_one_line(home):
    _, env = home
    r = run(env, "history", "list", "--since", "someday")
    assert r.returncode == 2 and "someday" in r.stderr and "Traceback" not in r.stderr
    r = run(env, "history", "import", "--from", "bash", "/nonexistent/file")
    assert r.returncode == 6 and "no bash history file" in r.stderr
