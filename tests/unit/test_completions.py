"""The completion scripts in completions/ are current with the click commands."""

from __future__ import annotations

from pathlib import Path

from cmdai.cli.completion import expected_files

ROOT = Path(__file__).resolve().parents[2] / "completions"


def test_completion_scripts_are_current() -> None:
    expected = expected_files()
    assert sorted(p.name for p in ROOT.iterdir()) == sorted(expected), "run: python -m cmdai.cli.completion"
    for name, text in expected.items():
        assert (ROOT / name).read_text() == text, f"completions/{name} is stale: python -m cmdai.cli.completion"


def test_completion_scripts_cover_all_shells_and_programs() -> None:
    names = set(expected_files())
    assert {"cmdai.bash", "_cmdai", "cmdai.fish", "cmdai-shell.bash", "_cmdai-shell", "cmdai-shell.fish"} <= names


def test_bash_completion_answers_from_the_command_tree() -> None:
    import os
    import subprocess
    import sys

    def complete(words: str, cword: int) -> list[str]:
        env = dict(os.environ, COMP_WORDS=words, COMP_CWORD=str(cword), _CMDAI_COMPLETE="bash_complete")
        code = "import sys; sys.argv=['cmdai']; from cmdai.cli.main import cli; cli.main(prog_name='cmdai')"
        out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True).stdout
        return [line.split(",", 1)[1] for line in out.splitlines() if "," in line]

    assert "history" in complete("cmdai hi", 1)
    assert "search" in complete("cmdai history se", 2)
    assert "--safety" in complete("cmdai --sa", 1)
