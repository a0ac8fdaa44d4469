"""Spool ingest: move the records the shell hooks append to ``<session>.spool`` files into SQLite.

Exactly once
------------
The database keeps, per spool file, how many bytes of it have been consumed (table
``spool_state``: name, device, inode, offset). Ingesting a file is ONE transaction,
``BEGIN IMMEDIATE`` (so two ingesters serialise on the write lock), that

1. reads the stored offset (after taking the lock, so a concurrent ingester's commit is seen),
2. reads the file from that offset up to the last complete record (``RS \\n``); a partial
   trailing record is left for next time,
3. inserts the start records (``INSERT OR IGNORE`` keyed by (session, seq)) and applies the end
   records (exit code, duration),
4. stores the new offset,

and commits. A crash (``kill -9``) anywhere before the commit leaves both the rows and the
offset as they were; after it, both are there. Replaying a file from the start (a lost
offset, ``cmdai history repair``) is still harmless: the (session, seq) key drops duplicates.
Spool files are never rewritten: the hooks keep appending to them.

A file whose inode changed, or that is now shorter than the stored offset, is read from 0.

Removing spool files
--------------------
A file is removed only when it is fully consumed (an incomplete trailing record of a dead
session is reported and dropped) AND its session is dead: the session id is
``<epoch>-<pid>-<random>`` and no process ``pid`` exists, and the file has not been written for
``dead_grace_s`` seconds. Files whose name does not carry a pid are removed once consumed and
idle for 30 days. (With a home directory shared between hosts, a pid seen on this host says
nothing about another host's shells: such a file is kept until that idle limit.)

Malformed records are skipped, counted and reported (file and byte offset) and consumed, so
they are not reported again.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import socket
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from .. import paths
from . import db as _db

RS = b"\x1e\n"
US = "\x1f"
SUFFIX = ".spool"
MAX_PROBLEMS = 20
IDLE_UNKNOWN_S = 30 * 86400
_SESSION_PID = re.compile(r"^\d+-(\d+)-")
_HOST = socket.gethostname()


@dataclass
class IngestReport:
    """What one ingest did."""

    files: int = 0
    inserted: int = 0
    updated: int = 0
    duplicates: int = 0
    ignored: int = 0
    malformed: int = 0
    pending_bytes: int = 0  # incomplete trailing records left for next time
    removed_files: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    def problem(self, text: str) -> None:
        self.malformed += 1
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append(text)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def summary(self) -> str:
        s = (f"ingested {self.inserted} new command(s), {self.updated} completion(s) from "
             f"{self.files} spool file(s)")
        if self.duplicates:
            s += f", {self.duplicates} already present"
        if self.ignored:
            s += f", {self.ignored} ignored by config"
        if self.malformed:
            s += f", skipped {self.malformed} malformed record(s)"
        if self.removed_files:
            s += f", removed {len(self.removed_files)} finished spool file(s)"
        return s


# -- writing records (the hooks do this in shell; Python uses it in tests and benchmarks) ------

def _clean(v: Any) -> str:
    return "" if v is None else str(v).replace("\x1e", "").replace("\x1f", "")


def start_record(session: str, seq: int, command: str, *, shell: str = "zsh", hostname: str = "",
                 cwd: str = "", started_at: float | str | None = None, source: str = "typed",
                 request: str = "") -> bytes:
    f = ["S", "1", session, seq, shell, hostname, cwd, "" if started_at is None else started_at,
         source, request, command]
    return (US.join(_clean(x) for x in f)).encode("utf-8", "surrogateescape") + RS


def end_record(session: str, seq: int, exit_code: int, duration_ms: int | None = None) -> bytes:
    f = ["E", "1", session, seq, exit_code, "" if duration_ms is None else duration_ms]
    return (US.join(_clean(x) for x in f)).encode() + RS


# -- parsing --------------------------------------------------------------------------------------

class _Bad(Exception):
    pass


def _int(s: str, what: str, *, empty_ok: bool = False) -> int | None:
    if s == "" and empty_ok:
        return None
    try:
        return int(s)
    except ValueError:
        raise _Bad(f"{what} is not an integer: {s[:40]!r}") from None


def _parse(text: str) -> tuple[str, tuple[Any, ...]]:
    """One record (without RS) -> ("S", fields) or ("E", fields); raises _Bad."""
    kind = text[:2]
    if kind == "S" + US:
        f = text.split(US, 10)
        if len(f) != 11:
            raise _Bad(f"start record has {len(f)} fields, expected 11")
        _, ver, session, seq, shell, host, cwd, started, source, request, command = f
        if ver != "1":
            raise _Bad(f"unknown record version {ver[:10]!r}")
        if not session:
            raise _Bad("empty session id")
        seqn = _int(seq, "seq")
        st: float | None = None
        if started:
            try:
                st = float(started)
            except ValueError:
                raise _Bad(f"started_at is not a number: {started[:40]!r}") from None
            if st != st or st in (float("inf"), float("-inf")):
                raise _Bad("started_at is not finite")
        if source not in ("typed", "suggested"):
            raise _Bad(f"unknown source {source[:20]!r}")
        return "S", (session, seqn, shell or None, host or None, cwd or None, st, source, request, command)
    if kind == "E" + US:
        f = text.split(US)
        if len(f) != 6:
            raise _Bad(f"end record has {len(f)} fields, expected 6")
        _, ver, session, seq, code, dur = f
        if ver != "1":
            raise _Bad(f"unknown record version {ver[:10]!r}")
        return "E", (session, _int(seq, "seq"), _int(code, "exit code", empty_ok=True),
                     _int(dur, "duration", empty_ok=True))
    raise _Bad(f"unknown record kind {text[:12]!r}")


def _parse_salvage(text: str) -> tuple[tuple[str, tuple[Any, ...]] | None, str | None]:
    """Parse a record; if it is garbage followed by a valid record (a shell crashed mid-write,
    then the next record was appended), return the valid tail and the reason for the garbage."""
    try:
        return _parse(text), None
    except _Bad as e:
        reason = str(e)
    for m in re.finditer(r"[SE]\x1f1\x1f", text):
        if m.start() == 0:
            continue
        try:
            return _parse(text[m.start():]), reason
        except _Bad:
            continue
    return None, reason


def _pid_alive(pid: int) -> bool:
    if pid <= 0:
        return True  # be conservative
    try:
        os.kill(pid, 0)
    except OSError as e:
        return e.errno == errno.EPERM
    return True


def _session_dead(name: str, mtime: float, now: float, grace: float) -> bool:
    m = _SESSION_PID.match(name)
    if m:
        return now - mtime >= grace and not _pid_alive(int(m.group(1)))
    return now - mtime >= IDLE_UNKNOWN_S


# -- ingest ----------------------------------------------------------------------------------------

def ingest_spool(store: Any, spool_dir: str | os.PathLike[str] | None = None, *, remove_dead: bool = True,
                 dead_grace_s: float = 60.0, now: float | None = None) -> IngestReport:
    """Ingest every ``*.spool`` file of ``spool_dir`` (default: ``cmdai.paths.spool_dir()``)."""
    d = Path(spool_dir) if spool_dir is not None else paths.spool_dir()
    rep = IngestReport()
    try:
        names = sorted(n for n in os.listdir(d) if n.endswith(SUFFIX))
    except FileNotFoundError:
        names = []
    except OSError as e:
        from ..errors import HistoryError

        raise HistoryError(f"cannot read spool directory {d}: {e.strerror or e}") from None
    for name in names:
        _ingest_file(store, d, name, rep, remove_dead=remove_dead, grace=dead_grace_s,
                     now=time.time() if now is None else now)
    _forget_missing(store, set(names))
    return rep


def _forget_missing(store: Any, present: set[str]) -> None:
    db = store.db
    with _db.guard(store.path):
        known = [r[0] for r in db.execute("SELECT name FROM spool_state").fetchall()]
        gone = [n for n in known if n not in present]
        if gone:
            with _db.write_txn(db):
                for n in gone:
                    db.execute("DELETE FROM spool_state WHERE name = ?", (n,))


def _ingest_file(store: Any, d: Path, name: str, rep: IngestReport, *, remove_dead: bool, grace: float,
                 now: float) -> None:
    path = d / name
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0))
    except OSError:
        return  # vanished, a symlink, or unreadable: not ours to read
    db = store.db
    try:
        st = os.fstat(fd)
        if not (st.st_mode & 0o170000 == 0o100000):
            return
        rep.files += 1
        with _db.guard(store.path), _db.write_txn(db):
            row = db.execute("SELECT dev, ino, offset FROM spool_state WHERE name = ?", (name,)).fetchall()
            offset = 0
            if row and (row[0][0], row[0][1]) == (st.st_dev, st.st_ino) and row[0][2] <= st.st_size:
                offset = int(row[0][2])
            size = os.fstat(fd).st_size
            data = os.pread(fd, size - offset, offset) if size > offset else b""
            end = data.rfind(RS)
            consumed = end + len(RS) if end >= 0 else 0
            if consumed:
                _apply(store, data[:consumed], offset, name, st.st_mtime, rep)
            new_offset = offset + consumed
            pending = size - new_offset
            dead = remove_dead and _session_dead(name[:-len(SUFFIX)], st.st_mtime, now, grace)
            if dead and pending:
                rep.problem(f"{name}: byte {new_offset}: incomplete last record of a finished session "
                            f"({pending} bytes) dropped")
                pending = 0
                new_offset = size
            rep.pending_bytes += pending
            db.execute("INSERT INTO spool_state(name, dev, ino, offset, updated_at) VALUES (?,?,?,?,?) "
                       "ON CONFLICT(name) DO UPDATE SET dev=excluded.dev, ino=excluded.ino, "
                       "offset=excluded.offset, updated_at=excluded.updated_at",
                       (name, st.st_dev, st.st_ino, new_offset, now))
        if dead and new_offset == size:
            # the session is gone and everything it wrote is committed: the file can go
            with contextlib.suppress(FileNotFoundError):
                if os.stat(path).st_ino == st.st_ino and os.stat(path).st_size == size:
                    os.unlink(path)
                    rep.removed_files.append(name)
            with _db.guard(store.path), _db.write_txn(db):
                db.execute("DELETE FROM spool_state WHERE name = ?", (name,))
    finally:
        os.close(fd)


def _apply(store: Any, data: bytes, base: int, name: str, mtime: float, rep: IngestReport) -> None:
    """Parse complete records and write them (inside the caller's transaction)."""
    db = store.db
    starts: dict[tuple[str, int], list[Any]] = {}
    ends: list[tuple[Any, ...]] = []
    pos = base
    for raw in data.split(RS)[:-1]:
        here = pos
        pos += len(raw) + len(RS)
        text = raw.decode("utf-8", "replace")
        parsed, reason = _parse_salvage(text)
        if reason is not None:
            rep.problem(f"{name}: byte {here}: {reason}")
        if parsed is None:
            continue
        kind, f = parsed
        if kind == "S":
            key = (f[0], f[1])
            if key not in starts:
                starts[key] = [*f, None, None]  # + exit_code, duration_ms
        else:
            session, seq, code, dur = f
            s = starts.get((session, seq))
            if s is not None:
                s[9], s[10] = code, dur
            else:
                ends.append((code, dur, session, seq))
    with _db.bulk_fts(db, len(starts)):
        _insert_starts(store, starts, mtime, rep)
    for e in ends:
        db.execute("UPDATE history SET exit_code = ?, duration_ms = ? WHERE session = ? AND seq = ?", e)
        rep.updated += db.changes()


def _insert_starts(store: Any, starts: dict[tuple[str, int], list[Any]], mtime: float, rep: IngestReport) -> None:
    db = store.db
    insert = ("INSERT OR IGNORE INTO history (session, seq, shell, hostname, cwd, started_at, source, request, "
              "command, exit_code, duration_ms) VALUES (?,?,?,?,?,?,?,?,?,?,?)")
    for s in starts.values():
        session, seq, shell, host, cwd, st, source, request, command, code, dur = s
        if store.ignored(command):
            rep.ignored += 1
            continue
        if st is None:  # the shell had no clock (fish): end time (file mtime) minus duration
            st = mtime - (dur or 0) / 1000.0
        db.execute(insert, (session, seq, shell, host or _HOST, cwd, st, source,
                            store.clean(request), store.clean(command), code, dur))
        if db.changes():
            rep.inserted += 1
        else:
            rep.duplicates += 1
