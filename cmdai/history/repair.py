"""``cmdai history repair``: keep a copy of a broken database, rebuild it from what can still be
read plus the spool.

Steps: copy ``history.db`` (and its ``-wal``) to ``history.db.corrupt-<time>``; read every row
of the ``history`` table that SQLite can still reach (batch by batch, then row by row around
damaged pages) from a scratch copy; write them into a fresh database with the current schema;
move it into place; ingest the whole spool again (the (session, seq) key drops what the
salvaged rows already hold).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from ..errors import HistoryError
from . import db as _db

BATCH = 500


@dataclass
class RepairReport:
    path: str
    backup: str | None
    salvaged: int
    unreadable_batches: int
    from_spool: int

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def summary(self) -> str:
        s = f"rebuilt {self.path}: {self.salvaged} entries recovered, {self.from_spool} from the spool"
        if self.backup:
            s += f"; the damaged file is kept as {self.backup}"
        return s


def _salvage(src: Path) -> tuple[list[str], list[tuple[Any, ...]], int]:
    """Columns and rows readable from ``src`` (any schema version), and the number of failed reads."""
    import apsw

    try:
        con = apsw.Connection(str(src), flags=apsw.SQLITE_OPEN_READWRITE)
    except apsw.Error:
        return [], [], 0
    bad = 0
    try:
        try:
            cols = [r[1] for r in con.execute("PRAGMA table_info(history)").fetchall()]
        except apsw.Error:
            return [], [], 1
        if "id" not in cols or "command" not in cols:
            return [], [], 0
        sel = ", ".join(cols)
        try:
            max_id = con.execute("SELECT max(id) FROM history").fetchall()[0][0] or 0
        except apsw.Error:
            bad += 1
            max_id = 0
        rows: list[tuple[Any, ...]] = []
        if max_id == 0:  # cannot find the end: walk forward until it fails
            last = 0
            while True:
                try:
                    got = con.execute(f"SELECT {sel} FROM history WHERE id > ? ORDER BY id LIMIT ?",
                                      (last, BATCH)).fetchall()
                except apsw.Error:
                    bad += 1
                    break
                if not got:
                    break
                rows += got
                last = got[-1][0]
            return cols, rows, bad
        for lo in range(0, int(max_id) + 1, BATCH):
            try:
                rows += con.execute(f"SELECT {sel} FROM history WHERE id BETWEEN ? AND ?",
                                    (lo, lo + BATCH - 1)).fetchall()
            except apsw.Error:
                bad += 1
                for i in range(lo, lo + BATCH):
                    with contextlib.suppress(apsw.Error):
                        rows += con.execute(f"SELECT {sel} FROM history WHERE id = ?", (i,)).fetchall()
        return cols, rows, bad
    finally:
        with contextlib.suppress(Exception):
            con.close()


def _copy_db(src: Path, dst: Path) -> None:
    shutil.copy2(src, dst)
    os.chmod(dst, 0o600)
    for suf in ("-wal",):
        s = Path(str(src) + suf)
        if s.exists():
            shutil.copy2(s, str(dst) + suf)
            os.chmod(str(dst) + suf, 0o600)


def _remove_db(p: Path) -> None:
    for suf in ("", "-wal", "-shm", "-journal"):
        with contextlib.suppress(FileNotFoundError):
            os.unlink(str(p) + suf)


def repair(path: str | os.PathLike[str] | None = None, *, spool_dir: str | os.PathLike[str] | None = None,
           config: Any = None) -> RepairReport:
    from .spool import ingest_spool
    from .store import COLUMNS, HistoryStore

    p = _db.resolve_path(path)
    backup: Path | None = None
    cols: list[str] = []
    rows: list[tuple[Any, ...]] = []
    bad = 0
    if p.exists():
        stamp = time.strftime("%Y%m%d-%H%M%S")
        backup = p.with_name(f"{p.name}.corrupt-{stamp}")
        scratch = p.with_name(f"{p.name}.repair-read")
        new = p.with_name(f"{p.name}.repair-new")
        try:
            _copy_db(p, backup)
            _remove_db(scratch)
            _copy_db(p, scratch)
        except OSError as e:
            raise HistoryError(f"cannot copy {p} before repairing it: {e.strerror or e}") from None
        try:
            cols, rows, bad = _salvage(scratch)
        finally:
            _remove_db(scratch)
        _remove_db(new)
        keep = [c for c in cols if c in COLUMNS or c in ("import_key",)]
        idx = [cols.index(c) for c in keep]
        with HistoryStore(new, config=config) as st:
            if keep:
                sql = (f"INSERT OR IGNORE INTO history ({', '.join(keep)}) "
                       f"VALUES ({', '.join('?' * len(keep))})")
                with _db.guard(new), _db.write_txn(st.db):
                    for r in rows:
                        vals = [r[i] for i in idx]
                        with contextlib.suppress(Exception):
                            st.db.execute(sql, vals)
            salvaged = st.count()
        _remove_db(p)
        for suf in ("", "-wal"):
            if os.path.exists(str(new) + suf):
                os.replace(str(new) + suf, str(p) + suf)
        _remove_db(new)
    else:
        salvaged = 0
    with HistoryStore(p, config=config) as st:
        rep = ingest_spool(st, spool_dir)
    return RepairReport(path=str(p), backup=str(backup) if backup else None, salvaged=salvaged,
                        unreadable_batches=bad, from_spool=rep.inserted)
