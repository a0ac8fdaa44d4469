"""Behavioral analyzer: what the session did just before this command.

``recent`` is the session's recent history, oldest first; each item is a command string, a
``(command, exit_code)`` pair or a mapping with ``command`` and ``exit_code`` keys. It looks for:
a file downloaded, made executable, then run; a burst of deletions; repeated failed ``sudo``; a
suggestion that repeats a command that just failed. The same download/chmod/run sequence inside the
one command line (``curl -o x … && chmod +x x && ./x``) is caught too.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from .types import HIGH, MODERATE, Reason

_DL = re.compile(r"\b(?:curl|wget|fetch|aria2c|scp)\b")
_DL_OUT = re.compile(r"(?:-o|-O|--output(?:-document)?)[ =]?\s*(\S+)")
_URL_NAME = re.compile(r"(?:https?|ftp)://\S*/([^/\s?#'\"]+)")
_CHMOD_X = re.compile(r"\bchmod\s+(?:-\S+\s+)*(?:[ugoa]*\+[rwX]*x\w*|[0-7]?[0-7]*[157][0-7]*)\s+(\S+)")
_DELETE = re.compile(r"(?:^|[;&|]\s*|sudo\s+)(?:rm|shred|unlink)\s|\bfind\b.*\s-delete\b")


def _item(x: Any) -> tuple[str, int | None]:
    if isinstance(x, str):
        return x, None
    if isinstance(x, dict):
        code = x.get("exit_code")
        return str(x.get("command", "")), (int(code) if isinstance(code, int) else None)
    if isinstance(x, (tuple, list)) and x:
        code = x[1] if len(x) > 1 else None
        return str(x[0]), (int(code) if isinstance(code, int) else None)
    return str(x), None


def _downloads(cmd: str) -> set[str]:
    names: set[str] = set()
    if not _DL.search(cmd):
        return names
    for m in _DL_OUT.finditer(cmd):
        names.add(m.group(1).strip("'\"").rsplit("/", 1)[-1])
    for m in _URL_NAME.finditer(cmd):
        names.add(m.group(1))
    names.discard("-")
    return names


def _runs(cmd: str, name: str) -> bool:
    n = re.escape(name)
    return bool(re.search(rf"(?:^|[;&|]\s*|\s)(?:\./|/\S*/|(?:sudo\s+)?(?:ba|z|da)?sh\s+(?:\S*/)?){n}(?:\s|$|;)", cmd)
                or re.search(rf"(?:^|[;&|]\s*)(?:sudo\s+)?(?:\./)?{n}(?:\s|$)", cmd) and "./" in cmd)


def analyze(command: str, recent: Sequence[Any], *, is_suggestion: bool = False) -> list[Reason]:
    reasons: list[Reason] = []
    items = [_item(x) for x in list(recent)[-20:]]
    # download -> chmod +x -> run (across the history and inside this line)
    parts = [c for c, _ in items] + re.split(r"\s*(?:&&|;|\|\||\n)\s*", command)
    downloaded: set[str] = set()
    for p in parts[:-1]:
        downloaded |= _downloads(p)
    if downloaded:
        here = re.split(r"\s*(?:&&|;|\|\||\n)\s*", command)
        made_exec = {m.group(1).strip("'\"").rsplit("/", 1)[-1] for p in parts for m in _CHMOD_X.finditer(p)}
        for name in downloaded:
            if any(_runs(p, name) for p in here) and (name in made_exec or re.search(r"(?:ba|z|da)?sh\s", command)):
                reasons.append(Reason("behavior.download_chmod_run", f"runs {name}, a file just downloaded from the "
                                      "internet and made executable, without reading it", HIGH))
                break
            if any(m.group(1).strip("'\"").rsplit("/", 1)[-1] == name for m in _CHMOD_X.finditer(command)):
                reasons.append(Reason("behavior.download_chmod", f"makes {name}, a file just downloaded, executable",
                                      MODERATE))
                break
    # a burst of deletions
    if _DELETE.search(command):
        n = sum(1 for c, _ in items[-6:] if _DELETE.search(c))
        if n >= 3:
            reasons.append(Reason("behavior.delete_burst", f"the {n + 1}th deletion in a row: slow down and check "
                                  "what is left", HIGH))
    # repeated failed sudo
    if re.match(r"\s*sudo\b", command):
        fails = sum(1 for c, code in items[-6:] if re.match(r"\s*sudo\b", c) and code not in (None, 0))
        if fails >= 2:
            reasons.append(Reason("behavior.sudo_failures", f"sudo failed {fails} times just before", HIGH))
    # repeating a command that just failed
    if is_suggestion and items:
        last, code = items[-1]
        if last.strip() == command.strip() and code not in (None, 0):
            reasons.append(Reason("behavior.repeat_failure", f"the same command just failed (exit {code})", MODERATE))
    return reasons
