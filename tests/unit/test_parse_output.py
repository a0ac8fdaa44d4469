"""Model output cleaning: nothing from a model reaches the terminal as a control sequence."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cmdai.generation.parse import extract_command, strip_control


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (" ls -la\n", "ls -la"),
        ("```bash\nfind . -name '*.py'\n```\nThis finds files.", "find . -name '*.py'"),
        ("```\ndu -sh *\n```", "du -sh *"),
        ("<think>the user wants files</think>\nls -t | head", "ls -t | head"),
        ("<think>never closed", ""),
        ("$ df -h", "df -h"),
        ("Command: grep -r foo .", "grep -r foo ."),
        ("`wc -l file.txt`", "wc -l file.txt"),
        ("\x1b[31mrm\x1b[0m -i x", "rm -i x"),
        ("ls\x07\x1b]0;title\x07 -l", "ls -l"),
        ("echo hi\nrm -rf /\n", "echo hi"),
        ("tar -czf a.tgz \\\n  dir", "tar -czf a.tgz \\\ndir"),
        ("", ""),
        ("\n\n   \n", ""),
        ("ls\r\nrm x", "ls"),
    ],
)
def test_extract_command(raw: str, expected: str) -> None:
    assert extract_command(raw) == expected


@given(st.text())
def test_no_control_characters_survive(raw: str) -> None:
    out = extract_command(raw)
    assert "\x1b" not in out
    assert not any(ord(c) < 32 and c != "\n" for c in out)
    assert not any(0x7F <= ord(c) <= 0x9F for c in out)
    assert not any(ord(c) < 32 and c not in "\t\n" for c in strip_control(raw))
