"""What the generator is told about where the user is: cwd, shell, OS, installed utilities."""

from __future__ import annotations

import os
import platform
import re
import shutil
from dataclasses import dataclass, field
from typing import Any

_WORD = re.compile(r"[A-Za-z][A-Za-z0-9_.+-]{1,30}")

# words that are also commands but almost never meant as one in a request
_NOT_UTILS = frozenset("""a all and any are as at be by can do each every file files find for from get
give how i in into is it its last list make me my new of off on one only or out over please print show
some than that the them then this to top up use what when where which with without you your yes no
time test which who more less head tail sort join split cut watch kill file type read write""".split())


@dataclass
class Context:
    cwd: str
    shell: str
    os: str
    installed: dict[str, bool] = field(default_factory=dict)  # utility -> installed?
    session: str | None = None
    recent: list[Any] = field(default_factory=list)  # str or {command, exit_code}, oldest first
    # whether privileged commands go through sudo; None: as this machine is (not as root on one without sudo)
    sudo: bool | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"cwd": self.cwd, "shell": self.shell, "os": self.os, "installed": self.installed}


def detect_shell(explicit: str | None = None) -> str:
    if explicit and explicit != "auto":
        return explicit
    name = os.path.basename(os.environ.get("SHELL", "") or "bash")
    return name if name in ("bash", "zsh", "fish") else "bash"


def mentioned_utilities(request: str) -> dict[str, bool]:
    """Words of the request that are commands on this machine's PATH (or look like one)."""
    out: dict[str, bool] = {}
    for w in _WORD.findall(request):
        lw = w.lower()
        if lw in _NOT_UTILS or lw in out or "." in lw:
            continue
        path = shutil.which(lw)
        if path:
            out[lw] = True
    return out


def gather(cwd: str | None = None, shell: str | None = None, request: str = "",
           session: str | None = None, recent: list[Any] | None = None) -> Context:
    cwd = os.path.abspath(os.path.expanduser(cwd)) if cwd else os.getcwd()
    return Context(cwd=cwd, shell=detect_shell(shell), os=platform.system().lower() or "linux",
                   installed=mentioned_utilities(request), session=session, recent=list(recent or []))
