"""Hypothesis: importers take any bytes without crashing; valid files round-trip through
import and export."""

from __future__ import annotations

import io
import json
import re
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cmdai.config.schema import Config
from cmdai.errors import HistoryError
from cmdai.history import HistoryStore, import_file
from cmdai.history.export import export
from cmdai.history.importers import FORMATTERS, PARSERS, ImportedEntry, format_bash
from cmdai.history.redact import redact

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(data=st.binary(max_size=2000), shell=st.sampled_from(["bash", "zsh", "fish"]))
def test_arbitrary_bytes_parse_or_clear_error(data, shell):
    try:
        entries, malformed = PARSERS[shell](data, "f")
    except HistoryError as e:
        assert "\n" not in str(e)
        return
    assert malformed >= 0
    assert all(isinstance(e.command, str) and e.command.strip() for e in entries)


@settings(max_examples=15, deadline=None)
@given(data=st.binary(max_size=3000), shell=st.sampled_from(["bash", "zsh", "fish"]))
def test_arbitrary_bytes_import_file_or_clear_error(data, shell):
    with tempfile.TemporaryDirectory() as d:
        p = Path(d) / "hist"
        p.write_bytes(data)
        with HistoryStore(Path(d) / "h.db", config=Config()) as s:
            try:
                import_file(s, shell, p)
            except HistoryError as e:
                assert str(p) in str(e)


_line = st.text(st.characters(blacklist_categories=("Cs", "Cc")) | st.sampled_from("\t'\"\\$|&;"),
                min_size=1, max_size=40)


def _valid(shell: str, cmd: str) -> bool:
    if not cmd.strip() or cmd != cmd.strip() or cmd.strip(" \t") != cmd:
        return False
    lines = cmd.split("\n")
    if any(ln.endswith("\\") for ln in lines) and shell == "zsh":
        return False  # zsh itself cannot tell such a line from a continuation
    if shell == "bash" and any(re.fullmatch(r"#\d{1,12}", ln) for ln in lines):
        return False  # would read as a timestamp line, in bash too
    return True


@st.composite
def histories(draw):
    shell = draw(st.sampled_from(["bash", "zsh", "fish"]))
    cmds = draw(st.lists(st.lists(_line, min_size=1, max_size=3).map("\n".join), min_size=1, max_size=12))
    cmds = [c for c in cmds if _valid(shell, c)]
    times = draw(st.lists(st.integers(1_000_000_000, 2_000_000_000), min_size=len(cmds), max_size=len(cmds)))
    return shell, [ImportedEntry(c, float(t)) for c, t in zip(cmds, sorted(times), strict=True)]


@SETTINGS
@given(h=histories())
def test_valid_file_roundtrips_through_import_and_export(h):
    shell, entries = h
    with tempfile.TemporaryDirectory() as d:
        p = Path(d) / "hist"
        p.write_bytes(format_bash(entries) if shell == "bash" else FORMATTERS[shell](entries))
        with HistoryStore(Path(d) / "h.db", config=Config()) as s:
            rep = import_file(s, shell, p)
            assert rep.inserted == len(entries)
            assert import_file(s, shell, p).inserted == 0
            out = io.StringIO()
            export(s, out, "jsonl")
    got = [json.loads(x) for x in out.getvalue().splitlines()]
    assert [(g["command"], g["started_at"]) for g in got] == [(redact(e.command), e.started_at) for e in entries]
