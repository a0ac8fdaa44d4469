"""The NLC2CMD metric, checked against hand-computed values of the published formula."""

from __future__ import annotations

import pytest

from cmdai.generation import nlc2cmd
from cmdai.generation.shparse import parses, split_flags, structure


def test_identical_commands_score_one() -> None:
    assert nlc2cmd.score("find . -name '*.py' -type f", ["find . -type f -name '*.py'"]) == 1.0


def test_arguments_are_ignored() -> None:
    assert nlc2cmd.score("grep -r foo /etc", ["grep -r bar ."]) == 1.0


def test_wrong_utility_is_minus_one() -> None:
    assert nlc2cmd.score("ls -l", ["du -sh ."]) == -1.0


def test_flag_score_formula() -> None:
    # predicted {-l}, reference {-l,-a}: S_F = (2*1 - 2) / 2 = 0 -> (1+0)/2 = 0.5
    assert nlc2cmd.score("ls -l", ["ls -la"]) == pytest.approx(0.5)
    # predicted {-name}, reference {-name,-type}: same 0.5
    assert nlc2cmd.score("find . -name x", ["find / -name y -type f"]) == pytest.approx(0.5)
    # disjoint flags: S_F = (0 - 2) / 1 = -2 -> (1-2)/2 = -0.5
    assert nlc2cmd.score("ls -l", ["ls -a"]) == pytest.approx(-0.5)


def test_padding_shorter_list_counts_minus_one() -> None:
    # find matches (1.0), the reference's wc has no partner (-1): mean 0
    assert nlc2cmd.score("find . -name x", ["find . -name x | wc -l"]) == pytest.approx(0.0)


def test_best_reference_counts() -> None:
    assert nlc2cmd.score("ls -a", ["du -sh", "ls -a"]) == 1.0


def test_xargs_and_find_exec_run_utilities() -> None:
    assert [u.utility for u in structure("find . -type f -exec gzip -9 {} \\; | xargs -0 wc -l")] == \
        ["find", "gzip", "xargs", "wc"]
    assert structure("sudo -u bob tar -xzf a.tgz")[1].flags == ["-x", "-z", "-f"]


def test_split_flags() -> None:
    assert split_flags("ls", "-la") == ["-l", "-a"]
    assert split_flags("find", "-name") == ["-name"]
    assert split_flags("find", "-7") == []
    assert split_flags("sort", "--key=2") == ["--key"]
    assert split_flags("head", "-n1") == ["-n"]


def test_parses() -> None:
    assert parses("echo 'a b' | wc -c")
    assert not parses("echo 'unterminated")
    assert not parses("for x in; do")
    assert not parses("")


def test_match_rates() -> None:
    assert nlc2cmd.exact_match("ls  -la", ["ls -la"])
    assert nlc2cmd.utility_match("ls -l | wc", ["ls -a | wc -l"])
    assert not nlc2cmd.utility_match("ls", ["ls | wc -l"])


def test_export_and_other_declarations_are_utilities() -> None:
    """tree-sitter reads `export X=1` as a declaration, not a command; bash (and the metric's own
    parser) run it as the command export, so identical commands score 1, not -1."""
    from cmdai.generation.shparse import utilities

    assert utilities("export EDITOR=vim") == ["export"]
    assert utilities("declare -x A=1; ls") == ["declare", "ls"]
    assert utilities("unset FOO") == ["unset"]
    assert nlc2cmd.score_pair("export EDITOR=vim", 'export EDITOR="vim"') == 1.0
