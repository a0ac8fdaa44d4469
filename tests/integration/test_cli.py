"""The ``cmdai`` command end to end, as a user runs it: exit codes, one-line errors, no tracebacks."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from cmdai.errors import EXIT_BACKEND, EXIT_CONFIG, EXIT_USAGE


def cmdai(*args: str | bytes, input: bytes | None = None, env: dict | None = None,
          timeout: float = 240) -> subprocess.CompletedProcess:
    full_env = os.environ.copy()
    full_env.update(env or {})
    return subprocess.run([sys.executable, "-m", "cmdai", *args], input=input, capture_output=True,
                          env=full_env, timeout=timeout)


def one_line_error(r: subprocess.CompletedProcess) -> str:
    err = r.stderr.decode("utf-8", "replace")
    assert "Traceback" not in err, err
    lines = [ln for ln in err.splitlines() if ln.strip()]
    assert len(lines) == 1, err
    return lines[0]


def test_version_and_help() -> None:
    r = cmdai("--version")
    assert r.returncode == 0 and r.stdout.decode().startswith("cmdai ")
    r = cmdai("--help")
    out = r.stdout.decode()
    assert r.returncode == 0
    for word in ("--output", "--batch", "--execute", "Exit codes", "history", "check", "config"):
        assert word in out


def test_version_and_help_import_nothing_heavy() -> None:
    code = ("import sys, runpy; sys.argv=['cmdai', {flag!r}]\n"
            "try:\n    runpy.run_module('cmdai', run_name='__main__')\nexcept SystemExit:\n    pass\n"
            "heavy=[m for m in ('llama_cpp','numpy','httpx','prompt_toolkit') if m in sys.modules]\n"
            "sys.stderr.write('HEAVY=' + ','.join(heavy))")
    for flag in ("--version", "--help"):
        r = subprocess.run([sys.executable, "-c", code.format(flag=flag)], capture_output=True, text=True)
        assert r.stderr.strip().endswith("HEAVY="), r.stderr


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (("",), "empty request"),
        (("   \n\t ",), "empty request"),
        (("x" * 100_000,), "too long"),
        ((b"list \xff\xfe files",), "not valid UTF-8"),
    ],
)
def test_bad_requests_are_one_line(args: tuple, needle: str) -> None:
    r = cmdai(*args)
    assert r.returncode == EXIT_USAGE
    assert needle in one_line_error(r)


def test_missing_and_corrupt_model(tmp_path: Path) -> None:
    r = cmdai("list files", env={"CMDAI_EMBEDDED_MODEL_PATH": str(tmp_path / "nope.gguf")})
    assert r.returncode == EXIT_BACKEND
    assert "model file not found" in one_line_error(r)
    bad = tmp_path / "bad.gguf"
    bad.write_bytes(b"this is not a model" * 100)
    r = cmdai("list files", env={"CMDAI_EMBEDDED_MODEL_PATH": str(bad)})
    assert r.returncode == EXIT_BACKEND
    assert "not a GGUF" in one_line_error(r)
    trunc = tmp_path / "trunc.gguf"
    trunc.write_bytes(b"GGUF" + b"\x03\x00\x00\x00" + b"\x00" * 64)
    r = cmdai("list files", env={"CMDAI_EMBEDDED_MODEL_PATH": str(trunc)})
    assert r.returncode == EXIT_BACKEND
    assert "corrupt" in one_line_error(r)
    assert "truncated" in one_line_error(r) or "header" in one_line_error(r)


def test_unwritable_cache_and_config_dirs(tmp_path: Path, cmdai_home: Path) -> None:
    (cmdai_home / "cache").write_text("a file where the cache dir should be")
    r = cmdai("list files")
    assert r.returncode == EXIT_BACKEND
    assert "cannot create directory" in one_line_error(r)
    blocker = tmp_path / "file"
    blocker.write_text("x")
    r = cmdai("list files", env={"CMDAI_HOME": str(blocker / "home")})
    assert r.returncode == EXIT_CONFIG
    assert "cannot read" in one_line_error(r)
    r = cmdai("config", "set", "safety.policy", "strict", env={"CMDAI_HOME": str(blocker / "home")})
    assert r.returncode != 0
    assert "cannot" in one_line_error(r)


def test_bad_config_file_is_one_line(cmdai_home: Path) -> None:
    cfgdir = cmdai_home / "config"
    cfgdir.mkdir()
    (cfgdir / "config.yaml").write_text("safety:\n  polcy: strict\n")
    r = cmdai("list files")
    assert r.returncode == EXIT_CONFIG
    line = one_line_error(r)
    assert "config.yaml:2: safety.polcy: unknown key (did you mean 'safety.policy'?)" in line


def test_batch_missing_file() -> None:
    r = cmdai("--batch", "/nonexistent/requests.txt")
    assert r.returncode == EXIT_USAGE
    assert "no such file" in one_line_error(r)


def test_execute_refuses_without_terminal() -> None:
    r = cmdai("-x", "list files", input=b"")
    assert r.returncode == 8
    assert "needs a terminal" in one_line_error(r)


@pytest.mark.model
def test_suggest_json_fields(with_model: Path, tmp_path: Path) -> None:
    r = cmdai("-o", "json", "--cwd", str(tmp_path), "list python files changed today")
    assert r.returncode in (0, 5), r.stderr
    d = json.loads(r.stdout)
    for key in ("request", "command", "explanation", "risk_level", "blocked", "requires_confirmation",
                "warnings", "backend", "model", "latency_ms"):
        assert key in d
    assert d["request"] == "list python files changed today"
    assert d["command"] and "\x1b" not in d["command"]
    assert d["backend"] == "embedded"
    assert d["risk_level"] in ("safe", "moderate", "high", "critical")


@pytest.mark.model
def test_batch_fifty_requests_fifty_records(with_model: Path, tmp_path: Path) -> None:
    reqs = [f"show the last {n} lines of app.log" for n in range(1, 46)]
    reqs += ["", "bad \x00 request", "list files", "x" * 5000, "count words in notes.txt"]
    payload = "\n".join(reqs).encode() + b"\n"
    r = cmdai("--batch", "-", "-o", "jsonl", input=payload)
    lines = r.stdout.decode().splitlines()
    assert len(lines) == 50, r.stderr.decode()[-2000:]
    records = [json.loads(x) for x in lines]
    assert [rec["request"] for rec in records[:45]] == reqs[:45]
    assert records[45]["error"] and "empty" in records[45]["error"]
    assert records[46]["error"] and "NUL" in records[46]["error"]
    assert records[48]["error"] and "too long" in records[48]["error"]
    assert records[47]["command"] and not records[47]["error"]
    assert r.returncode == 1  # some records were errors
    assert "Traceback" not in r.stderr.decode()


@pytest.mark.model
def test_batch_invalid_utf8_line_is_an_error_record(with_model: Path) -> None:
    r = cmdai("--batch", "-", input=b"list files\n\xff\xfe\ncount lines in a.txt\n")
    recs = [json.loads(x) for x in r.stdout.decode().splitlines()]
    assert len(recs) == 3
    assert "UTF-8" in recs[1]["error"]
    assert recs[0]["command"] and recs[2]["command"]
