"""Configuration: schema validation, precedence, one-line errors naming file, line and key."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from cmdai.config import load, parse_text, parse_value, save
from cmdai.config.loader import atomic_write, dump
from cmdai.errors import ConfigError


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a: [\n", ":2: invalid YAML"),
        ("histroy: {}\n", ":1: histroy: unknown key (did you mean 'history'?)"),
        ("safety:\n  policy: loose\n", ":2: safety.policy: must be one of strict, moderate, permissive"),
        ("embedded:\n  n_ctx: abc\n", ":2: embedded.n_ctx: must be an integer"),
        ("embedded:\n  n_ctx: 16\n", ":2: embedded.n_ctx: must be at least 128"),
        ("history:\n  retention:\n    max_entries: 0\n", ":3: history.retention.max_entries: must not be 0"),
        ("general:\n  streaming: maybe\n", ":2: general.streaming: must be a boolean"),
        ("history:\n  ignore: notalist\n", ":2: history.ignore: must be a list of string"),
        ("safety:\n  rules:\n    - pattern: '('\n", "safety.rules[0].pattern: invalid regular expression"),
        ("- 1\n- 2\n", ":1: (top level): must be a mapping"),
        ("safety:\n  policy: strict\n  policy: moderate\n", ":3: safety.policy: key given twice"),
    ],
)
def test_errors_name_file_line_and_key(text: str, expected: str) -> None:
    with pytest.raises(ConfigError) as ei:
        parse_text(text, "/etc/x/config.yaml")
    msg = str(ei.value)
    assert msg.startswith("config error: /etc/x/config.yaml")
    assert expected in msg
    assert "\n" not in msg


def test_defaults_and_empty_file() -> None:
    cfg = parse_text("", "f")
    assert cfg.safety.policy == "moderate"
    assert cfg.backend.chain == ["embedded"]
    assert parse_text("{}\n", "f").history.retention.max_entries > 0


def test_precedence_flag_env_file_default(cmdai_home: Path) -> None:
    path = cmdai_home / "config.yaml"
    path.write_text("safety:\n  policy: permissive\ngeneral:\n  output: yaml\n")
    assert load(path, env={}).safety.policy == "permissive"
    assert load(path, env={"CMDAI_SAFETY_POLICY": "strict"}).safety.policy == "strict"
    cfg = load(path, env={"CMDAI_SAFETY_POLICY": "strict"}, overrides={"safety.policy": "moderate"})
    assert cfg.safety.policy == "moderate"
    assert cfg.general.output == "yaml"  # untouched by env/flags
    assert load(cmdai_home / "missing.yaml", env={}).general.output == "plain"


def test_env_errors_name_the_variable(cmdai_home: Path) -> None:
    with pytest.raises(ConfigError, match="environment CMDAI_EMBEDDED_N_CTX: embedded.n_ctx"):
        load(cmdai_home / "none.yaml", env={"CMDAI_EMBEDDED_N_CTX": "lots"})


def test_parse_value_lists_and_null() -> None:
    assert parse_value("backend.chain", "[openai, embedded]") == ["openai", "embedded"]
    assert parse_value("backend.chain", "openai") == ["openai"]
    assert parse_value("embedded.model_path", "null") is None
    with pytest.raises(ConfigError, match="did you mean 'safety.policy'"):
        parse_value("safety.polcy", "strict")
    with pytest.raises(ConfigError, match="backend.chain\\[0\\]: must be one of"):
        parse_value("backend.chain", "[bogus]")


def test_save_roundtrip_only_changes(cmdai_home: Path) -> None:
    cfg = parse_text("safety:\n  policy: strict\n  rules:\n    - pattern: 'terraform destroy'\n"
                     "      level: critical\n      reason: no\n", "f")
    path = cmdai_home / "c" / "config.yaml"
    save(cfg, path)
    again = load(path, env={})
    assert again.safety.policy == "strict"
    assert again.safety.rules[0].pattern == "terraform destroy"
    assert "history" not in path.read_text()  # defaults are not written
    assert oct(path.stat().st_mode & 0o777) == "0o600"
    assert "policy: strict" in dump(again)


def test_atomic_write_never_leaves_half_a_file(cmdai_home: Path) -> None:
    """A writer killed mid-write leaves the old file intact (temp file + rename)."""
    path = cmdai_home / "config.yaml"
    path.write_text("safety:\n  policy: strict\n")
    code = (
        "import os, sys\n"
        "from pathlib import Path\n"
        "import cmdai.config.loader as L\n"
        "real = os.fsync\n"
        "def die(fd):\n"
        "    os._exit(9)\n"
        "os.fsync = die\n"
        f"L.atomic_write(Path({str(path)!r}), 'general:\\n  output: json\\n' * 1000)\n"
    )
    r = subprocess.run([sys.executable, "-c", code], env=os.environ.copy())
    assert r.returncode == 9
    assert path.read_text() == "safety:\n  policy: strict\n"
    assert load(path, env={}).safety.policy == "strict"


def test_unwritable_config_dir_is_one_line(cmdai_home: Path) -> None:
    if os.getuid() == 0:
        target = Path("/proc/cmdai-cannot-exist/config.yaml")
    else:
        ro = cmdai_home / "ro"
        ro.mkdir(mode=0o500)
        target = ro / "sub" / "config.yaml"
    with pytest.raises(Exception) as ei:
        atomic_write(target, "x: 1\n")
    assert "cannot" in str(ei.value) and "\n" not in str(ei.value)
