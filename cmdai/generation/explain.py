"""Explain a command from its parse: each utility (what it is) and each of its flags.

Sources, best first: the knowledge base's explanation of the template the command came from, the
local man page (``man -P cat``; never the program itself: running ``X --help`` on an arbitrary
``X`` could do anything) for the NAME line and the paragraph of each option, and ``whatis``.
Man text is cached in ``<cache>/man/`` so later explanations cost a file read.
"""

from __future__ import annotations

import os
import re
import subprocess
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from .shparse import structure

_SAFE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.+-]{0,63}$")
_OVERSTRIKE = re.compile(r".\x08")
_BUILTINS = {
    "cd": "change the current directory", "echo": "print its arguments", "export": "set an environment variable",
    "source": "run a file in the current shell", ".": "run a file in the current shell",
    "alias": "define a command alias", "read": "read a line from input", "set": "set shell options",
    "unset": "remove a variable", "exit": "leave the shell", "pwd": "print the current directory",
    "history": "show the shell history", "type": "say how a name would be run", "printf": "print formatted text",
    "test": "evaluate a condition", "[": "evaluate a condition", "eval": "run a string as a command",
    "exec": "replace the shell with a command", "kill": "send a signal to processes",
    "jobs": "list background jobs", "fg": "bring a job to the foreground", "bg": "resume a job in the background",
    "wait": "wait for background jobs", "true": "do nothing, successfully", "false": "do nothing, unsuccessfully",
    "sudo": "run a command as another user (root by default)", "xargs": "build command lines from its input",
}


@dataclass
class FlagNote:
    flag: str
    text: str


@dataclass
class Part:
    utility: str
    summary: str = ""
    flags: list[FlagNote] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"utility": self.utility, "summary": self.summary,
                "flags": [{"flag": f.flag, "text": f.text} for f in self.flags]}


@dataclass
class Explanation:
    command: str
    parts: list[Part]
    text: str
    parsed: bool

    def to_dict(self) -> dict[str, Any]:
        return {"command": self.command, "parsed": self.parsed, "explanation": self.text,
                "parts": [p.to_dict() for p in self.parts]}


def _cache_file(utility: str) -> Any:
    from .. import paths

    return paths.cache_dir() / "man" / f"{utility}.txt"


@lru_cache(maxsize=256)
def man_text(utility: str, allow_run: bool = True) -> str:
    """The plain text of ``utility``'s man page ('' when there is none)."""
    if not _SAFE_NAME.match(utility):
        return ""
    f = _cache_file(utility)
    try:
        return f.read_text(encoding="utf-8", errors="replace")
    except OSError:
        pass
    if not allow_run:
        return ""
    env = dict(os.environ, MANWIDTH="120", MAN_KEEP_FORMATTING="0", LC_ALL="C.UTF-8", MANPAGER="cat", PAGER="cat")
    try:
        out = subprocess.run(["man", "-P", "cat", utility], capture_output=True, text=True, timeout=3,
                             env=env, stdin=subprocess.DEVNULL).stdout
    except (OSError, subprocess.SubprocessError):
        out = ""
    out = _OVERSTRIKE.sub("", out)
    try:
        from .. import paths

        paths.ensure_dir(f.parent)
        f.write_text(out, encoding="utf-8")
    except OSError:
        pass
    return out


def summary_from_man(text: str) -> str:
    m = re.search(r"^NAME\s*\n\s+(.+?)(?:\n\s*\n|\nSYNOPSIS)", text, re.M | re.S)
    if not m:
        return ""
    line = " ".join(m.group(1).split())
    return line.split(" - ", 1)[1].strip() if " - " in line else line


def flag_from_man(text: str, flag: str) -> str:
    """The first sentence describing ``flag`` in a man page."""
    if not text:
        return ""
    esc = re.escape(flag)
    pat = re.compile(rf"^\s{{2,}}(?:[-+]\S+(?:[ =][^\s,]+)?,\s+)*{esc}(?![\w-])[^\n]*", re.M)
    m = pat.search(text)
    if not m:
        return ""
    head = m.group(0).strip()
    # description on the same line after 2+ spaces, else the following indented lines
    same = re.split(r"\s{2,}", head, maxsplit=1)
    if len(same) == 2 and same[1]:
        desc = same[1]
    else:
        rest = text[m.end():].lstrip("\n")
        lines = []
        for line in rest.split("\n"):
            if not line.strip():
                break
            lines.append(line.strip())
        desc = " ".join(lines)
    desc = " ".join(desc.split())
    sent = re.split(r"(?<=[\w)][.;])\s", desc, maxsplit=1)[0]
    return sent[:200]


def explain(command: str, *, kb_explain: str = "", use_man: bool = True) -> Explanation:
    from .shparse import parses

    ok = parses(command)
    parts: list[Part] = []
    for use in structure(command, inner=True):
        p = Part(use.utility)
        text = man_text(use.utility, use_man) if use.utility not in ("cd", "export", "source", ".") else ""
        p.summary = summary_from_man(text) or _BUILTINS.get(use.utility, "")
        for fl in dict.fromkeys(use.flags):
            note = flag_from_man(text, fl)
            if not note and fl.startswith("-") and len(fl) == 2 and use.utility in ("tar",):
                note = flag_from_man(text, fl)
            p.flags.append(FlagNote(fl, note))
        parts.append(p)
    if kb_explain:
        text = kb_explain
    else:
        bits = []
        for p in parts:
            s = f"{p.utility}: {p.summary}" if p.summary else p.utility
            fl = [f"{f.flag} ({f.text.rstrip('.')})" if f.text else f.flag for f in p.flags]
            if fl:
                s += "; " + ", ".join(fl)
            bits.append(s)
        text = " | ".join(bits)
    return Explanation(command, parts, text, ok)
