"""tldr pages as knowledge-base examples, and where local tldr caches live.

A page example is ``- description:`` followed by a backticked command; ``{{path/to/file}}``
placeholders become typed slots (``{{file:path/to/file}}``), option alternatives
``{{[-C|--directory]}}`` become their first form, and ``[c]reate`` mnemonics lose their brackets.

Caches looked for (first existing wins, all are returned by :func:`detect_caches`):
``$TLDR_CACHE_DIR`` (python client), ``$TEALDEER_CACHE_DIR``, ``~/.cache/tldr`` (python client),
``~/.tldr/cache`` (node client), ``~/.cache/tealdeer`` and ``~/Library/Caches/tealdeer`` (tealdeer),
plus ``generation.tldr_paths`` from the config.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

_PLACE = re.compile(r"\{\{(.*?)\}\}")
_ALT = re.compile(r"^\[([^\]|]+)\|[^\]]+\]$")

_TYPE_WORDS = [
    ("url", "url"), ("port", "port"), ("username", "user"), ("user", "user"), ("hostname", "host"),
    ("host", "host"), ("server", "host"), ("ip_address", "ip"), ("ip", "ip"), ("pid", "pid"),
    ("package", "package"), ("branch", "branch"), ("remote", "remote"), ("tag", "tag"), ("commit", "commit"),
    ("container", "container"), ("image", "image"), ("volume", "volume"), ("network", "network"),
    ("namespace", "namespace"), ("pod", "pod"), ("deployment", "deployment"), ("service", "service"),
    ("unit", "service"), ("interface", "interface"), ("/dev/", "device"), ("device", "device"),
    ("signal", "signal"), ("group", "group"), ("pattern", "pattern"), ("regex", "pattern"),
    ("search", "pattern"), ("command", "cmd"), ("variable", "var"), ("key", "key"), ("value", "value"),
    ("size", "size"), ("date", "date"), ("time", "time"), ("seconds", "num"), ("minutes", "minutes"),
    ("days", "days"), ("count", "count"), ("number", "num"), ("lines", "lines"), ("column", "column"),
    ("delimiter", "delimiter"), ("message", "message"), ("text", "text"), ("string", "text"),
    ("name", "name"), ("process", "process"), ("mode", "perm"), ("permissions", "perm"),
]


def slot_type(placeholder: str) -> str:
    p = placeholder.lower()
    if "path/to/" in p or p.startswith(("/", "~")):
        if "dir" in p or "folder" in p or p.rstrip("/").endswith(("directory", "mount_point")):
            return "dir"
        if re.search(r"\.(tar|tgz|zip|gz|bz2|xz|7z|rar)\b", p):
            return "archive"
        if "file" in p or re.search(r"\.\w+$", p):
            return "file"
        return "path"
    if re.fullmatch(r"\d+", p):
        return "num"
    for word, kind in _TYPE_WORDS:
        if word in p:
            return kind
    return "text"


def convert_command(cmd: str) -> str:
    def repl(m: re.Match[str]) -> str:
        inner = m.group(1).strip()
        alt = _ALT.match(inner)
        if alt:
            return alt.group(1)
        inner = inner.replace("{", "(").replace("}", ")")
        return "{{" + slot_type(inner) + ":" + inner + "}}"

    return _PLACE.sub(repl, cmd)


def clean_description(text: str) -> str:
    text = re.sub(r"\[([^\]]*)\]", r"\1", text)  # [c]reate -> create, g[z]ipped -> gzipped
    text = text.replace("`", "").strip()
    return text.rstrip(":").strip()


def parse_page(text: str) -> tuple[str, list[tuple[str, str]]]:
    """(utility, [(description, command template)]) of one tldr page."""
    name = ""
    out: list[tuple[str, str]] = []
    desc = None
    for line in text.splitlines():
        s = line.strip()
        if s.startswith("# ") and not name:
            name = s[2:].strip()
        elif s.startswith("- "):
            desc = clean_description(s[2:])
        elif s.startswith("`") and s.endswith("`") and len(s) > 2 and desc:
            out.append((desc, convert_command(s[1:-1])))
            desc = None
    return name, out


def page_dirs(root: Path, platforms: Iterable[str]) -> list[Path]:
    """The platform directories under a tldr checkout or cache (``pages``/``pages.en`` found below)."""
    plats = list(platforms)
    found: list[Path] = []
    for base in [root, root / "pages", root / "pages.en", root / "tldr-pages" / "pages",
                 root / "tldr-pages" / "pages.en", root / "tldr-master" / "pages", root / "cache" / "pages"]:
        for plat in plats:
            d = base / plat
            if d.is_dir() and d not in found:
                found.append(d)
    return found


def iter_pages(root: Path, platforms: Iterable[str] = ("common", "linux")) -> Iterator[tuple[str, str, str, str]]:
    """(request, command, utility, explain) rows for every page example under ``root``."""
    for d in page_dirs(root, platforms):
        for f in sorted(d.glob("*.md")):
            try:
                name, examples = parse_page(f.read_text(encoding="utf-8", errors="replace"))
            except OSError:
                continue
            util = (name or f.stem).split()[0]
            for desc, cmd in examples:
                yield desc, cmd, util, f"{util}: {desc}"


def detect_caches(extra: Iterable[str] = ()) -> list[Path]:
    """Local tldr page caches that exist on this machine."""
    home = Path.home()
    xdg = Path(os.environ.get("XDG_CACHE_HOME") or home / ".cache")
    cands: list[Path] = [Path(p).expanduser() for p in extra]
    for env in ("TLDR_CACHE_DIR", "TEALDEER_CACHE_DIR"):
        if os.environ.get(env):
            cands.append(Path(os.environ[env]).expanduser())
    cands += [xdg / "tldr", home / ".tldr" / "cache", xdg / "tealdeer", home / "Library" / "Caches" / "tealdeer",
              home / ".local" / "share" / "tldr"]
    out: list[Path] = []
    for c in cands:
        if c.is_dir() and page_dirs(c, ("common",)) and c not in out:
            out.append(c)
    return out
