"""Turn raw model output into one clean shell command.

Nothing a model writes may reach the terminal as a control sequence: ANSI/OSC escapes and
C0/C1 control characters are removed, ``<think>`` blocks and markdown fences are dropped,
prompts (``$ ``), labels (``Command:``) and surrounding quotes/backticks are peeled off, and
only the first command line is kept (a trailing backslash continues it).
"""

from __future__ import annotations

import re

_THINK = re.compile(r"<think>.*?(</think>|$)", re.S | re.I)
# CSI ... final byte, OSC ... BEL/ST, other two-byte escapes
_ANSI = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(\x07|\x1b\\)?|\x1b[@-Z\\-_]|\x9b[0-?]*[ -/]*[@-~]")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_FENCE = re.compile(r"```[ \t]*([A-Za-z0-9_+-]*)[ \t]*\n?(.*?)(```|$)", re.S)
_LABEL = re.compile(r"^\s*(?:(?:command|cmd|answer|output|bash|shell|zsh|fish)\s*:|\$|#|>|%)\s+", re.I)


def strip_control(text: str) -> str:
    """Remove terminal escape sequences and control characters (keeps \\t and \\n)."""
    text = _ANSI.sub("", text)
    return _CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


def extract_command(raw: str) -> str:
    """The first shell command in ``raw`` (possibly empty)."""
    text = strip_control(raw or "")
    text = _THINK.sub("", text)
    m = _FENCE.search(text)
    if m and m.group(2).strip():
        text = m.group(2)
    else:
        text = text.replace("```", "")
    lines: list[str] = []
    for line in text.split("\n"):
        s = line.strip()
        if not lines:
            if not s:
                continue
            s = _LABEL.sub("", s).strip()
            if not s:
                continue
            lines.append(s)
        else:
            lines.append(s)
        if not s.endswith("\\"):
            break
    cmd = "\n".join(lines).strip()
    # peel one layer of wrapping backticks or matching quotes around the whole command
    if len(cmd) >= 2 and cmd[0] == cmd[-1] == "`":
        cmd = cmd[1:-1].strip()
    return cmd.replace("\t", " ").strip()
