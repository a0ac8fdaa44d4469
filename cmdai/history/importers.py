"""Importers for bash, zsh and fish history files (and writers for those formats, used by tests
and benchmarks).

Each ``parse_*`` takes the raw bytes of a file and returns ``(entries, malformed)``; it never
raises anything but :class:`HistoryError`. Importing is idempotent: each entry gets a key made
of the shell, its timestamp, its text and how many identical (timestamp, text) entries came
before it in the file, so importing the same file again (or the same file with more lines
appended) adds only what is new.

Formats:
* bash: one command per line; with ``HISTTIMEFORMAT`` set, bash writes ``#<epoch>`` before each
  entry, and the lines between two such markers are one (multi-line) entry.
* zsh: plain lines, or ``: <start>:<duration>;<command>`` (EXTENDED_HISTORY). A line ending in a
  backslash continues on the next line (the backslash stands for a newline). Bytes are
  "metafied": 0x83 followed by a byte X means the byte X ^ 0x20.
* fish: ``- cmd: <text>`` then ``  when: <epoch>`` and ``  paths:`` / ``    - <path>``; in the text,
  ``\\n`` is a newline and ``\\\\`` a backslash.
"""

from __future__ import annotations

import hashlib
import os
import re
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import HistoryError

SHELLS = ("bash", "zsh", "fish")
META = 0x83


@dataclass
class ImportedEntry:
    command: str
    started_at: float | None = None
    duration_ms: int | None = None
    paths: list[str] = field(default_factory=list)


@dataclass
class ImportReport:
    shell: str
    file: str
    read: int = 0
    inserted: int = 0
    duplicates: int = 0
    malformed: int = 0

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)

    def summary(self) -> str:
        s = f"imported {self.inserted} of {self.read} {self.shell} history entries from {self.file}"
        if self.duplicates:
            s += f" ({self.duplicates} already present)"
        if self.malformed:
            s += f"; skipped {self.malformed} malformed line(s)"
        return s


def default_file(shell: str) -> Path:
    home = Path.home()
    if shell == "bash":
        return home / ".bash_history"
    if shell == "zsh":
        return Path(os.environ["HISTFILE"]) if os.environ.get("HISTFILE") else home / ".zsh_history"
    if shell == "fish":
        base = os.environ.get("XDG_DATA_HOME") or str(home / ".local" / "share")
        return Path(base) / "fish" / "fish_history"
    raise HistoryError(f"unknown shell {shell!r} (one of: {', '.join(SHELLS)})")


def _text(data: bytes, shell: str, where: str) -> str:
    if b"\x00" in data:
        raise HistoryError(f"{where} does not look like a {shell} history file (it contains NUL bytes)")
    return data.decode("utf-8", "replace")


# -- bash -----------------------------------------------------------------------------------------
_BASH_TS = re.compile(r"#(\d{1,12})")


def parse_bash(data: bytes, where: str = "<bash history>") -> tuple[list[ImportedEntry], int]:
    lines = _text(data, "bash", where).split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    has_ts = any(_BASH_TS.fullmatch(ln) for ln in lines[:200]) or any(_BASH_TS.fullmatch(ln) for ln in lines)
    out: list[ImportedEntry] = []
    malformed = 0
    if not has_ts:
        out = [ImportedEntry(ln) for ln in lines if ln.strip()]
        return out, 0
    cur: list[str] | None = None
    ts: float | None = None

    def flush() -> None:
        nonlocal malformed
        if cur is None:
            return
        cmd = "\n".join(cur).rstrip("\n")
        if cmd.strip():
            out.append(ImportedEntry(cmd, ts))
        elif ts is not None:
            malformed += 1  # a timestamp with no command

    for ln in lines:
        m = _BASH_TS.fullmatch(ln)
        if m:
            flush()
            ts, cur = float(m.group(1)), []
        elif cur is None:  # lines before the first timestamp: one entry each
            if ln.strip():
                out.append(ImportedEntry(ln))
        else:
            cur.append(ln)
    flush()
    return out, malformed


def format_bash(entries: list[ImportedEntry], timestamps: bool = True) -> bytes:
    parts = []
    for e in entries:
        if timestamps:
            parts.append(f"#{int(e.started_at or 0)}\n")
        parts.append(e.command + "\n")
    return "".join(parts).encode("utf-8")


# -- zsh ------------------------------------------------------------------------------------------
_ZSH_EXT = re.compile(r": *(\d{1,12}):(\d{1,12});(.*)", re.S)
_META_BYTES = bytes([0]) + bytes(range(0x83, 0xA3))


def unmetafy(data: bytes) -> bytes:
    if META not in data:
        return data
    parts = data.split(bytes([META]))
    out = [parts[0]]
    for p in parts[1:]:
        if p:
            out.append(bytes([p[0] ^ 0x20]) + p[1:])
    return b"".join(out)


def metafy(data: bytes) -> bytes:
    if not any(b in data for b in _META_BYTES):  # fast path for ASCII / most UTF-8
        return data
    out = bytearray()
    for b in data:
        if b == 0 or 0x83 <= b <= 0xA2:
            out += bytes((META, b ^ 0x20))
        else:
            out.append(b)
    return bytes(out)


def parse_zsh(data: bytes, where: str = "<zsh history>") -> tuple[list[ImportedEntry], int]:
    text = _text(unmetafy(data), "zsh", where)
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    out: list[ImportedEntry] = []
    buf: list[str] = []
    ext = _ZSH_EXT.match
    for ln in lines:
        if ln.endswith("\\"):
            buf.append(ln[:-1])  # the backslash stands for the newline zsh wrote after it
            continue
        if buf:
            buf.append(ln)
            ln = "\n".join(buf)
            buf = []
        m = ext(ln)
        if m:
            cmd = m.group(3)
            if cmd.strip():
                out.append(ImportedEntry(cmd, float(m.group(1)), int(m.group(2)) * 1000))
        elif ln.strip():
            out.append(ImportedEntry(ln))
    if buf:
        ln = "\n".join(buf)
        m = ext(ln)
        if m and m.group(3).strip():
            out.append(ImportedEntry(m.group(3), float(m.group(1)), int(m.group(2)) * 1000))
        elif not m and ln.strip():
            out.append(ImportedEntry(ln))
    return out, 0


def format_zsh(entries: list[ImportedEntry], extended: bool = True) -> bytes:
    parts = []
    for e in entries:
        body = e.command.replace("\n", "\\\n")
        if extended:
            parts.append(f": {int(e.started_at or 0)}:{(e.duration_ms or 0) // 1000};{body}\n")
        else:
            parts.append(body + "\n")
    return metafy("".join(parts).encode("utf-8"))


# -- fish -----------------------------------------------------------------------------------------

def _fish_unescape(s: str) -> str:
    if "\\" not in s:
        return s
    out = []
    i, n = 0, len(s)
    while i < n:
        c = s[i]
        if c == "\\" and i + 1 < n:
            nxt = s[i + 1]
            if nxt == "\\":
                out.append("\\")
                i += 2
                continue
            if nxt == "n":
                out.append("\n")
                i += 2
                continue
        out.append(c)
        i += 1
    return "".join(out)


def _fish_escape(s: str) -> str:
    return s.replace("\\", "\\\\").replace("\n", "\\n")


def parse_fish(data: bytes, where: str = "<fish history>") -> tuple[list[ImportedEntry], int]:
    out: list[ImportedEntry] = []
    malformed = 0
    cur: ImportedEntry | None = None
    in_paths = False
    for ln in _text(data, "fish", where).split("\n"):
        if ln.startswith("- cmd:"):
            if cur is not None and cur.command.strip():
                out.append(cur)
            cur = ImportedEntry(_fish_unescape(ln[6:].lstrip(" ")))
            in_paths = False
        elif cur is not None and ln.startswith("  when:"):
            try:
                cur.started_at = float(int(ln[7:].strip()))
            except ValueError:
                malformed += 1
            in_paths = False
        elif cur is not None and ln.startswith("  paths:"):
            in_paths = True
        elif cur is not None and in_paths and ln.startswith("    - "):
            cur.paths.append(_fish_unescape(ln[6:]))
        elif ln.strip():
            malformed += 1
    if cur is not None and cur.command.strip():
        out.append(cur)
    return out, malformed


def format_fish(entries: list[ImportedEntry]) -> bytes:
    parts = []
    for e in entries:
        parts.append(f"- cmd: {_fish_escape(e.command)}\n")
        if e.started_at is not None:
            parts.append(f"  when: {int(e.started_at)}\n")
        if e.paths:
            parts.append("  paths:\n" + "".join(f"    - {_fish_escape(p)}\n" for p in e.paths))
    return "".join(parts).encode("utf-8")


PARSERS = {"bash": parse_bash, "zsh": parse_zsh, "fish": parse_fish}
FORMATTERS = {"bash": format_bash, "zsh": format_zsh, "fish": format_fish}


# -- import into the store ------------------------------------------------------------------------

def import_key(shell: str, e: ImportedEntry, occurrence: int) -> str:
    h = hashlib.blake2b(digest_size=16)
    h.update(f"{shell}\0{'' if e.started_at is None else int(e.started_at)}\0{occurrence}\0".encode())
    h.update(e.command.encode("utf-8", "surrogatepass"))
    return h.hexdigest()


def import_entries(store: Any, shell: str, entries: list[ImportedEntry], *, default_time: float | None = None,
                   report: ImportReport | None = None) -> ImportReport:
    """Insert parsed entries as source 'imported' (redacted, idempotent) in one transaction."""
    from . import db as _db

    rep = report or ImportReport(shell=shell, file="-")
    default_time = time.time() if default_time is None else default_time
    seen: dict[tuple[float | None, str], int] = {}
    rows = []
    for e in entries:
        k = (e.started_at, e.command)
        occ = seen.get(k, 0)
        seen[k] = occ + 1
        rows.append((store.clean(e.command), default_time if e.started_at is None else e.started_at,
                     e.duration_ms, shell, import_key(shell, e, occ)))
    rep.read += len(rows)
    db = store.db
    sql = ("INSERT OR IGNORE INTO history (command, started_at, duration_ms, shell, import_key, source) "
           "VALUES (?,?,?,?,?, 'imported')")
    with _db.guard(store.path), _db.write_txn(db):
        before = db.execute("SELECT count(*) FROM history").fetchall()[0][0]
        with _db.bulk_fts(db, len(rows)):
            db.executemany(sql, rows)
        after = db.execute("SELECT count(*) FROM history").fetchall()[0][0]
    rep.inserted += after - before
    rep.duplicates += len(rows) - (after - before)
    return rep


def import_file(store: Any, shell: str, path: str | os.PathLike[str] | None = None) -> ImportReport:
    """Import a bash, zsh or fish history file (default: that shell's usual file)."""
    if shell not in PARSERS:
        raise HistoryError(f"unknown shell {shell!r} (one of: {', '.join(SHELLS)})")
    p = Path(path) if path is not None else default_file(shell)
    try:
        data = p.read_bytes()
        mtime = p.stat().st_mtime
    except FileNotFoundError:
        raise HistoryError(f"no {shell} history file at {p}") from None
    except IsADirectoryError:
        raise HistoryError(f"{p} is a directory, not a {shell} history file") from None
    except OSError as e:
        raise HistoryError(f"cannot read {p}: {e.strerror or e}") from None
    entries, malformed = PARSERS[shell](data, str(p))
    rep = ImportReport(shell=shell, file=str(p), malformed=malformed)
    return import_entries(store, shell, entries, default_time=mtime, report=rep)
