"""The history store: one apsw connection to the history database, and queries over it."""

from __future__ import annotations

import json
import re
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from ..errors import HistoryError
from . import db as _db
from .redact import redact

SOURCES = ("typed", "suggested", "imported")
COLUMNS = ("id", "command", "request", "cwd", "hostname", "session", "seq", "shell", "started_at",
           "duration_ms", "exit_code", "source", "backend", "risk_level", "reasons", "favourite")
_SELECT = ", ".join(f"h.{c}" for c in COLUMNS)
PERIODS = {"hour": "%Y-%m-%d %H:00", "day": "%Y-%m-%d", "week": "%Y-W%W", "month": "%Y-%m", "year": "%Y"}


@dataclass
class Entry:
    """One command in the history."""

    id: int
    command: str
    request: str | None = None
    cwd: str | None = None
    hostname: str | None = None
    session: str | None = None
    seq: int | None = None
    shell: str | None = None
    started_at: float | None = None
    duration_ms: int | None = None
    exit_code: int | None = None
    source: str = "typed"
    backend: str | None = None
    risk_level: str | None = None
    reasons: list[Any] = field(default_factory=list)
    favourite: bool = False
    highlighted: str | None = None  # search results on a TTY: command with ANSI highlights
    score: float | None = None  # search results: bm25 (lower is better)

    @classmethod
    def from_row(cls, row: Sequence[Any]) -> Entry:
        d = dict(zip(COLUMNS, row, strict=False))
        d["request"] = d["request"] or None
        try:
            d["reasons"] = json.loads(d["reasons"]) if d["reasons"] else []
        except ValueError:
            d["reasons"] = []
        d["favourite"] = bool(d["favourite"])
        return cls(**d)

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d.pop("highlighted")
        if d["score"] is None:
            d.pop("score")
        return d


@dataclass
class Filters:
    """Filters shared by list, search, stats, export and delete."""

    cwd: str | None = None
    session: str | None = None
    exit: int | str | None = None  # an exit code, or "ok" / "fail"
    since: float | None = None
    until: float | None = None
    source: str | None = None
    hostname: str | None = None

    def where(self, alias: str = "h") -> tuple[str, list[Any]]:
        a = f"{alias}." if alias else ""
        parts: list[str] = []
        args: list[Any] = []
        if self.cwd is not None:
            parts.append(f"{a}cwd = ?")
            args.append(self.cwd)
        if self.session is not None:
            parts.append(f"{a}session = ?")
            args.append(self.session)
        if self.hostname is not None:
            parts.append(f"{a}hostname = ?")
            args.append(self.hostname)
        if self.exit is not None:
            if self.exit == "ok":
                parts.append(f"{a}exit_code = 0")
            elif self.exit == "fail":
                parts.append(f"{a}exit_code != 0")
            else:
                parts.append(f"{a}exit_code = ?")
                args.append(int(self.exit))
        if self.since is not None:
            parts.append(f"{a}started_at >= ?")
            args.append(float(self.since))
        if self.until is not None:
            parts.append(f"{a}started_at < ?")
            args.append(float(self.until))
        if self.source is not None:
            if self.source not in SOURCES:
                raise HistoryError(f"unknown source {self.source!r} (one of: {', '.join(SOURCES)})")
            parts.append(f"{a}source = ?")
            args.append(self.source)
        return (" AND ".join(parts) or "1"), args


_WORD = re.compile(r"[^\W_]+")


def fts_query(text: str) -> str | None:
    """Turn what the user typed into an FTS5 query: every word must match, as a prefix.

    ``git com`` -> ``"git"* AND "com"*``; ``docker-compose`` -> ``"docker compose"*`` (a phrase).
    Returns None when the text has no words (the caller falls back to a substring match).
    """
    terms = []
    for tok in text.split():
        words = _WORD.findall(tok)
        if words:
            terms.append('"' + " ".join(words) + '"*')
    return " AND ".join(terms) if terms else None


def _like_escape(s: str) -> str:
    return s.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


class HistoryStore:
    """The history database (a context manager). See :mod:`cmdai.history` for the API."""

    def __init__(self, path: str | Path | None = None, *, config: Any = None,
                 busy_timeout_ms: int = _db.BUSY_TIMEOUT_MS):
        self.path = _db.resolve_path(path)
        if config is None:
            from ..config import load

            config = load()
        hist = getattr(config, "history", config)
        self.redact_patterns: tuple[str, ...] = tuple(getattr(hist, "redact", ()) or ())
        self.ignore_space: bool = bool(getattr(hist, "ignore_space", True))
        self.retention = getattr(hist, "retention", None)
        try:
            self._ignore = [re.compile(p) for p in (getattr(hist, "ignore", ()) or ())]
        except re.error as e:
            from ..errors import ConfigError

            raise ConfigError(f"history.ignore: invalid regular expression: {e}") from None
        from .redact import validate_patterns

        validate_patterns(self.redact_patterns)
        self.db = _db.connect(self.path, busy_timeout_ms=busy_timeout_ms)

    # -- lifecycle ------------------------------------------------------------------------------
    def close(self) -> None:
        if self.db is not None:
            self.db.close()
            self.db = None

    def __enter__(self) -> HistoryStore:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def _q(self, sql: str, args: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        with _db.guard(self.path):
            return self.db.execute(sql, args).fetchall()

    # -- writing --------------------------------------------------------------------------------
    def ignored(self, command: str) -> bool:
        """True if the config says this command is never recorded (spool and add())."""
        if not command.strip():
            return True
        if self.ignore_space and command[:1] == " ":
            return True
        return any(rx.search(command) for rx in self._ignore)

    def clean(self, text: str | None) -> str:
        return redact(text or "", self.redact_patterns)

    def add(self, command: str, *, request: str | None = None, cwd: str | None = None,
            hostname: str | None = None, session: str | None = None, seq: int | None = None,
            shell: str | None = None, started_at: float | None = None, duration_ms: int | None = None,
            exit_code: int | None = None, source: str = "typed", backend: str | None = None,
            risk_level: str | None = None, reasons: Iterable[Any] | None = None,
            favourite: bool = False) -> int | None:
        """Record one command (redacted). Returns its id, or None if ignored or already there."""
        if source not in SOURCES:
            raise HistoryError(f"unknown source {source!r} (one of: {', '.join(SOURCES)})")
        if self.ignored(command):
            return None
        row = (self.clean(command), self.clean(request), cwd, hostname, session, seq, shell,
               time.time() if started_at is None else float(started_at), duration_ms, exit_code,
               source, backend, risk_level, json.dumps(list(reasons), default=str) if reasons else None,
               1 if favourite else 0)
        with _db.guard(self.path), _db.write_txn(self.db):
            self.db.execute(
                "INSERT OR IGNORE INTO history (command, request, cwd, hostname, session, seq, shell, "
                "started_at, duration_ms, exit_code, source, backend, risk_level, reasons, favourite) "
                "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", row)
            if self.db.changes() == 0:
                return None
            return int(self.db.last_insert_rowid())

    def set_favourite(self, ids: Iterable[int], flag: bool = True) -> int:
        n = 0
        with _db.guard(self.path), _db.write_txn(self.db):
            for i in ids:
                self.db.execute("UPDATE history SET favourite = ? WHERE id = ?", (1 if flag else 0, int(i)))
                n += self.db.changes()
        return n

    def delete(self, ids: Iterable[int], *, purge: bool = False) -> int:
        """Delete entries by id. ``purge`` also rewrites the search index and checkpoints the
        WAL so the deleted text is gone from the files, not just unreachable."""
        n = 0
        ids = [int(i) for i in ids]
        with _db.guard(self.path):
            with _db.write_txn(self.db):
                for i in ids:
                    self.db.execute("DELETE FROM history WHERE id = ?", (i,))
                    n += self.db.changes()
            if purge and n:
                with _db.write_txn(self.db):
                    self.db.execute("INSERT INTO history_fts(history_fts) VALUES ('optimize')")
                    if self.db.execute("SELECT 1 FROM sqlite_master WHERE name = 'sem_doc_fts'").fetchall():
                        # the described commands (cmdai.semantic) lose the text too
                        self.db.execute("INSERT INTO sem_doc_fts(sem_doc_fts) VALUES ('optimize')")
                self.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        return n

    def prune(self, *, max_entries: int | None = None, max_age_days: float | None = None,
              keep_favourites: bool | None = None, now: float | None = None,
              dry_run: bool = False) -> dict[str, Any]:
        """Apply the retention policy (defaults: ``history.retention`` from the config)."""
        r = self.retention
        max_entries = max_entries if max_entries is not None else getattr(r, "max_entries", None)
        max_age_days = max_age_days if max_age_days is not None else getattr(r, "max_age_days", None)
        if keep_favourites is None:
            keep_favourites = bool(getattr(r, "keep_favourites", True))
        now = time.time() if now is None else now
        fav = " AND favourite = 0" if keep_favourites else ""
        by_age: list[int] = []
        if max_age_days:
            cutoff = now - float(max_age_days) * 86400
            by_age = [x[0] for x in self._q(f"SELECT id FROM history WHERE started_at < ?{fav}", (cutoff,))]
        by_count: list[int] = []
        if max_entries:
            total = self._q("SELECT count(*) FROM history")[0][0] - len(by_age)
            excess = total - int(max_entries)
            if excess > 0:
                aged = set(by_age)
                rows = self._q(f"SELECT id FROM history WHERE 1{fav} ORDER BY started_at, id "
                               f"LIMIT ?", (excess + len(aged),))
                by_count = [x[0] for x in rows if x[0] not in aged][:excess]
        if not dry_run:
            self.delete(by_age + by_count)
        return {"deleted_by_age": len(by_age), "deleted_by_count": len(by_count),
                "deleted": len(by_age) + len(by_count), "dry_run": dry_run,
                "max_entries": max_entries, "max_age_days": max_age_days,
                "keep_favourites": keep_favourites, "remaining": self.count() - (0 if not dry_run else
                                                                                  len(by_age) + len(by_count))}

    # -- reading --------------------------------------------------------------------------------
    def count(self) -> int:
        return int(self._q("SELECT count(*) FROM history")[0][0])

    def get(self, entry_id: int) -> Entry | None:
        rows = self._q(f"SELECT {_SELECT} FROM history h WHERE h.id = ?", (int(entry_id),))
        return Entry.from_row(rows[0]) if rows else None

    def list(self, filters: Filters | None = None, limit: int | None = 50) -> list[Entry]:
        """The most recent ``limit`` entries matching ``filters``, oldest first (0/None: all)."""
        w, args = (filters or Filters()).where()
        sql = f"SELECT {_SELECT} FROM history h WHERE {w} ORDER BY h.started_at DESC, h.id DESC"
        if limit:
            sql += " LIMIT ?"
            args.append(int(limit))
        out = [Entry.from_row(r) for r in self._q(sql, args)]
        out.reverse()
        return out

    def iter_entries(self, filters: Filters | None = None, batch: int = 2000) -> Iterator[Entry]:
        """Every matching entry, oldest first, read in batches (for export)."""
        w, args = (filters or Filters()).where()
        last = (-1e300, -1)
        while True:
            rows = self._q(f"SELECT {_SELECT} FROM history h WHERE {w} AND "
                           f"(coalesce(h.started_at, 0), h.id) > (?, ?) "
                           f"ORDER BY coalesce(h.started_at, 0), h.id LIMIT ?", [*args, *last, batch])
            if not rows:
                return
            for r in rows:
                yield Entry.from_row(r)
            e = rows[-1]
            last = (e[8] or 0, e[0])

    def search(self, query: str, filters: Filters | None = None, limit: int | None = 20, *,
               highlight: tuple[str, str] | None = None, unique: bool = False) -> list[Entry]:
        """Full-text search over command and request: every word as a prefix, best bm25 first.

        ``highlight=(start, end)`` fills ``Entry.highlighted`` with the command, matches wrapped.
        ``unique`` keeps the best entry of each distinct command.
        """
        w, fargs = (filters or Filters()).where()
        q = fts_query(query)
        hl = ", highlight(history_fts, 0, ?, ?)" if (highlight and q) else ", NULL"
        hl_args = list(highlight) if (highlight and q) else []
        if q is None:
            # no words at all (e.g. "|" or "--"): substring match on the command
            sql = (f"SELECT {_SELECT}, 0.0 AS score{hl} FROM history h WHERE h.command LIKE ? ESCAPE '\\' "
                   f"AND {w} ORDER BY h.started_at DESC, h.id DESC")
            args: list[Any] = [f"%{_like_escape(query.strip())}%", *fargs]
        else:
            sql = (f"SELECT {_SELECT}, bm25(history_fts, 1.0, 0.5) AS score{hl} FROM history_fts "
                   f"JOIN history h ON h.id = history_fts.rowid WHERE history_fts MATCH ? AND {w} "
                   f"ORDER BY score, h.started_at DESC")
            args = [*hl_args, q, *fargs]
        if unique:
            # bare columns come from the row holding min(score): the best entry of each command
            sql = (f"WITH m AS MATERIALIZED ({sql}) "
                   f"SELECT *, min(score) AS best FROM m GROUP BY command ORDER BY best, started_at DESC")
        if limit:
            sql += " LIMIT ?"
            args.append(int(limit))
        out = []
        for r in self._q(sql, args):
            e = Entry.from_row(r[:len(COLUMNS)])
            e.score = float(r[len(COLUMNS)])
            e.highlighted = r[len(COLUMNS) + 1]
            out.append(e)
        return out

    def matching_ids(self, query: str, filters: Filters | None = None) -> list[int]:
        return [e.id for e in self.search(query, filters, limit=None)]

    # -- the library API used by generation and safety ------------------------------------------
    def recent(self, session: str | None = None, limit: int = 20) -> list[Entry]:
        """The last ``limit`` commands (of one session if given), newest first."""
        return list(reversed(self.list(Filters(session=session), limit=limit)))

    def accepted_suggestions(self, limit: int = 200) -> list[tuple[str, str]]:
        """(request, command) pairs of suggestions the user ran and that did not fail, newest first,
        one per distinct pair: examples for few-shot retrieval."""
        rows = self._q(
            "SELECT request, command FROM history WHERE source = 'suggested' AND request != '' "
            "AND (exit_code IS NULL OR exit_code = 0) GROUP BY request, command "
            "ORDER BY max(started_at) DESC LIMIT ?", (int(limit),))
        return [(r[0], r[1]) for r in rows]

    def dir_summary(self, cwd: str, limit: int = 10) -> dict[str, Any]:
        """What happens in a directory: counts, failure rate, frequent and recent commands."""
        cwd = str(cwd)
        total, failed, with_exit, last = self._q(
            "SELECT count(*), sum(exit_code != 0), count(exit_code), max(started_at) FROM history "
            "WHERE cwd = ?", (cwd,))[0]
        top = self._q("SELECT command, count(*) AS n FROM history WHERE cwd = ? GROUP BY command "
                      "ORDER BY n DESC, max(started_at) DESC LIMIT ?", (cwd, limit))
        programs = self._q(f"SELECT {_PROGRAM} AS p, count(*) AS n FROM history WHERE cwd = ? "
                           f"GROUP BY p ORDER BY n DESC LIMIT ?", (cwd, limit))
        recent = self._q("SELECT command FROM history WHERE cwd = ? ORDER BY started_at DESC, id DESC "
                         "LIMIT ?", (cwd, limit))
        return {"cwd": cwd, "count": int(total or 0), "failures": int(failed or 0),
                "failure_rate": (failed or 0) / with_exit if with_exit else 0.0, "last_used": last,
                "top_commands": [{"command": c, "count": n} for c, n in top],
                "top_programs": [{"program": p, "count": n} for p, n in programs],
                "recent": [r[0] for r in recent]}

    def stats(self, filters: Filters | None = None, *, top: int = 10, period: str = "month",
              periods: int = 12) -> dict[str, Any]:
        """Top commands and programs, per directory, failure rate, counts by period."""
        if period not in PERIODS:
            raise HistoryError(f"unknown period {period!r} (one of: {', '.join(PERIODS)})")
        w, args = (filters or Filters()).where("")
        total, distinct, failed, with_exit, first, last = self._q(
            f"SELECT count(*), count(DISTINCT command), sum(exit_code != 0), count(exit_code), "
            f"min(started_at), max(started_at) FROM history WHERE {w}", args)[0]
        by_source = dict(self._q(f"SELECT source, count(*) FROM history WHERE {w} GROUP BY source", args))

        def rate(f: Any, n: Any) -> float:
            return round((f or 0) / n, 4) if n else 0.0

        top_cmd = self._q(f"SELECT command, count(*) AS n, sum(exit_code != 0), count(exit_code) FROM history "
                          f"WHERE {w} GROUP BY command ORDER BY n DESC LIMIT ?", [*args, top])
        top_prog = self._q(f"SELECT {_PROGRAM} AS p, count(*) AS n FROM history WHERE {w} GROUP BY p "
                           f"ORDER BY n DESC LIMIT ?", [*args, top])
        dirs = self._q(f"SELECT cwd, count(*) AS n, sum(exit_code != 0), count(exit_code) FROM history "
                       f"WHERE {w} AND cwd IS NOT NULL GROUP BY cwd ORDER BY n DESC LIMIT ?", [*args, top])
        fmt = PERIODS[period]
        per = self._q(f"SELECT strftime('{fmt}', started_at, 'unixepoch', 'localtime') AS p, count(*), "
                      f"sum(exit_code != 0), count(exit_code) FROM history WHERE {w} AND started_at IS NOT NULL "
                      f"GROUP BY p ORDER BY p DESC LIMIT ?", [*args, periods])
        return {
            "total": int(total or 0), "distinct_commands": int(distinct or 0), "failures": int(failed or 0),
            "failure_rate": rate(failed, with_exit), "first": first, "last": last, "by_source": by_source,
            "top_commands": [{"command": c, "count": n, "failure_rate": rate(f, e)} for c, n, f, e in top_cmd],
            "top_programs": [{"program": p, "count": n} for p, n in top_prog],
            "directories": [{"cwd": c, "count": n, "failure_rate": rate(f, e)} for c, n, f, e in dirs],
            "period": period,
            "by_period": [{"period": p, "count": n, "failures": int(f or 0), "failure_rate": rate(f, e)}
                          for p, n, f, e in reversed(per)],
        }


# The program of a command: its first word (after leading blanks).
_PROGRAM = ("CASE WHEN instr(ltrim(command), ' ') > 0 THEN substr(ltrim(command), 1, "
            "instr(ltrim(command), ' ') - 1) ELSE ltrim(command) END")
