"""The pipeline with a scripted backend standing in for the model's raw text (the real model is
exercised in tests/integration): every kind of bad model answer ends in a clean command or a
clear error, never a control sequence on the terminal."""

from __future__ import annotations

import pytest

from cmdai.backends.base import Completion, GenerationResult, Health
from cmdai.config import Config
from cmdai.engine import Engine, clean_request
from cmdai.errors import UsageError


def model_only() -> Config:
    """The generator in model-only mode: the command comes from the (scripted) model's text."""
    cfg = Config()
    cfg.generation.mode = "model"
    return cfg


class ScriptedBackend:
    """Returns fixed raw text, as a model would."""

    name = "scripted"
    model = "scripted-1"

    def __init__(self, text: str):
        self.text = text
        self.closed = False

    def generate(self, req, cancel=None):
        return GenerationResult([Completion(self.text)], self.name, self.model, 1.0)

    def health(self):
        return Health(True, True, True)

    def close(self) -> None:
        self.closed = True


@pytest.mark.parametrize(
    ("raw", "command"),
    [
        ("```bash\nls -la\n```", "ls -la"),
        ("<think>hmm</think> du -sh .", "du -sh ."),
        ("\x1b[2J\x1b[Hwc -l a.txt", "wc -l a.txt"),
        ("find . -name '*.py'\nrm -rf /", "find . -name '*.py'"),
    ],
)
def test_model_answers_are_cleaned(raw: str, command: str) -> None:
    eng = Engine(model_only(), backend=ScriptedBackend(raw))
    res = eng.suggest("do the thing")
    assert res.command == command
    assert res.backend == "scripted" and res.model == "scripted-1"
    eng.close()


def test_empty_model_answer_is_an_error_not_a_crash() -> None:
    eng = Engine(model_only(), backend=ScriptedBackend("\n\n```\n```"))
    res = eng.suggest("qqq zzz")
    assert res.command == "" and res.error and "rephrase" in res.error


def test_dangerous_answer_is_blocked_with_reasons() -> None:
    eng = Engine(model_only(), backend=ScriptedBackend("rm -rf /"))
    res = eng.suggest("clean up")
    assert res.risk_level == "critical"
    assert res.blocked
    assert res.reasons


def test_close_releases_backend() -> None:
    b = ScriptedBackend("ls")
    eng = Engine(model_only(), backend=b)
    eng.suggest("list")
    eng.close()
    assert b.closed


@pytest.mark.parametrize(
    ("text", "msg"),
    [("", "empty"), ("  \n ", "empty"), ("a\x00b", "NUL"), ("x" * 5000, "too long"),
     ("list \udcff files", "UTF-8")],
)
def test_clean_request_rejects(text: str, msg: str) -> None:
    with pytest.raises(UsageError, match=msg):
        clean_request(text)


def test_clean_request_keeps_quotes_and_substitutions_as_text() -> None:
    assert clean_request('find "my file"\nwith $(whoami) `id`') == 'find "my file" with $(whoami) `id`'


def test_a_suggestion_that_needs_a_missing_program_says_so() -> None:
    """The model's `definitely-not-a-tool-xyz` is the only answer: it is given, with a warning naming the
    program to install (Ctrl-G shows warnings under the line)."""
    eng = Engine(model_only(), backend=ScriptedBackend("definitely-not-a-tool-xyz --go"))
    res = eng.suggest("do the thing")
    assert res.command == "definitely-not-a-tool-xyz --go"
    assert any("definitely-not-a-tool-xyz is not installed" in w for w in res.warnings)
    assert res.alternatives[0]["not_installed"] == "definitely-not-a-tool-xyz"
    eng.close()
