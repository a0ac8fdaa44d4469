"""Opening the history database: file modes, pragmas, migrations, error translation.

Every module that keeps tables in the history database (the history itself, the knowledge
base, the embedding cache) opens it through :func:`connect`, so they all get the same
pragmas and the same migrations (see :mod:`cmdai.history.migrations`).
"""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from .. import paths
from ..errors import HistoryError

BUSY_TIMEOUT_MS = 15_000
REPAIR_HINT = "run `cmdai history repair`"


def _apsw() -> Any:
    import apsw

    return apsw


def resolve_path(path: str | os.PathLike[str] | None) -> Path:
    return Path(path) if path is not None else paths.history_db()


def _prepare_file(path: Path) -> None:
    """Create the parent dir (0700) and the database file (0600) before SQLite touches them."""
    parent = path.parent
    if not parent.exists() or parent == paths.data_dir():
        paths.ensure_dir(parent)
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT | getattr(os, "O_CLOEXEC", 0), 0o600)
    except OSError as e:
        raise HistoryError(f"cannot open history database {path}: {e.strerror or e}") from None
    try:
        st = os.fstat(fd)
        if st.st_uid == os.getuid() and (st.st_mode & 0o077):
            os.fchmod(fd, 0o600)
    finally:
        os.close(fd)


def translate(exc: BaseException, path: Path) -> HistoryError:
    """Turn an apsw exception into one clear line naming the file."""
    apsw = _apsw()
    if isinstance(exc, (apsw.CorruptError, apsw.NotADBError)):
        return HistoryError(f"history database {path} is corrupt ({exc}); {REPAIR_HINT}",
                            hint=REPAIR_HINT)
    if isinstance(exc, (apsw.BusyError, apsw.LockedError)):
        return HistoryError(f"history database {path} is locked by another process; try again "
                            f"(records stay in the spool until then)")
    if isinstance(exc, apsw.CantOpenError):
        return HistoryError(f"cannot open history database {path}: {exc}")
    if isinstance(exc, apsw.FullError):
        return HistoryError(f"cannot write history database {path}: disk full")
    if isinstance(exc, apsw.ReadOnlyError):
        return HistoryError(f"history database {path} is read-only")
    return HistoryError(f"history database {path}: {exc}")


@contextlib.contextmanager
def guard(path: Path) -> Iterator[None]:
    """Re-raise any apsw error as a :class:`HistoryError` that names ``path``."""
    apsw = _apsw()
    try:
        yield
    except apsw.Error as e:
        raise translate(e, path) from None


def _switch_to_wal(db: Any, busy_timeout_ms: int) -> list[Any]:
    """``PRAGMA journal_mode=WAL``, retried while another connection holds the lock.

    On a file still in rollback mode the switch reads page 1 and then upgrades to a write
    lock; SQLite never calls the busy handler for that upgrade (it could deadlock), so when
    two processes open a fresh database at once one of them gets SQLITE_BUSY at once, busy
    timeout or not. Once any connection has switched, the mode is stored in the file and
    this is a plain read.
    """
    apsw = _apsw()
    deadline = time.monotonic() + busy_timeout_ms / 1000
    pause = 0.002
    while True:
        try:
            return db.execute("PRAGMA journal_mode=WAL").fetchall()
        except apsw.BusyError:
            if time.monotonic() + pause > deadline:
                raise
            time.sleep(pause)
            pause = min(pause * 2, 0.05)


def connect(path: str | os.PathLike[str] | None = None, *, migrate: bool = True,
            busy_timeout_ms: int = BUSY_TIMEOUT_MS) -> Any:
    """Open (creating if needed) the history database and bring its schema up to date.

    Returns an ``apsw.Connection`` in WAL mode with a busy timeout, foreign keys on and
    ``secure_delete`` on (deleted history is overwritten, not left in free pages).
    Raises :class:`HistoryError` for anything that goes wrong, naming the file.
    """
    apsw = _apsw()
    p = resolve_path(path)
    _prepare_file(p)
    with guard(p):
        db = apsw.Connection(str(p))
        try:
            db.setbusytimeout(busy_timeout_ms)
            db.execute("PRAGMA foreign_keys=ON")
            db.execute("PRAGMA secure_delete=ON")
            mode = _switch_to_wal(db, busy_timeout_ms)
            if mode and str(mode[0][0]).lower() != "wal":
                raise HistoryError(f"history database {p}: cannot switch to WAL mode")
            db.execute("PRAGMA synchronous=NORMAL")
            if migrate:
                from .migrations import apply

                apply(db, p)
        except BaseException:
            db.close()
            raise
    return db


@contextlib.contextmanager
def write_txn(db: Any) -> Iterator[None]:
    """``BEGIN IMMEDIATE`` ... ``COMMIT`` (``ROLLBACK`` on any exception).

    IMMEDIATE takes the write lock up front, so the busy timeout applies to it and a
    transaction never fails half-way on a lock upgrade.
    """
    db.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        with contextlib.suppress(Exception):
            db.execute("ROLLBACK")
        raise
    db.execute("COMMIT")


BULK_MIN_ROWS = 1000


@contextlib.contextmanager
def bulk_fts(db: Any, rows: int) -> Iterator[None]:
    """Inside a write transaction: insert many history rows, then index them in one set-based
    statement instead of one trigger call per row (several times faster for imports).

    The insert trigger is dropped and re-created from its own stored SQL within the same
    transaction, so no other connection ever sees the database without it.
    """
    if rows < BULK_MIN_ROWS:
        yield
        return
    trig = db.execute("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = 'history_fts_ai'").fetchall()
    if not trig:
        yield
        return
    lo = db.execute("SELECT coalesce(max(id), 0) FROM history").fetchall()[0][0]
    db.execute("DROP TRIGGER history_fts_ai")
    yield
    db.execute("INSERT INTO history_fts(rowid, command, request) SELECT id, command, request FROM history "
               "WHERE id > ?", (lo,))
    db.execute(trig[0][0])
