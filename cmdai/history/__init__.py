"""The command history: an apsw (SQLite) store, spool ingest, FTS5 search, retention,
importers, export and secret redaction.

Library API (importing this package is cheap; apsw loads when a store opens)::

    from cmdai.history import HistoryStore, Filters, ingest_spool

    with HistoryStore() as h:                   # path=None: cmdai.paths.history_db(); config=None: load()
        ingest_spool(h)                         # -> IngestReport (spool dir: cmdai.paths.spool_dir())
        h.add("ls -la", cwd="/tmp", session="s1", seq=1, exit_code=0)   # redacted; -> id or None
        h.recent(session="s1", limit=10)        # -> list[Entry], newest first
        h.accepted_suggestions(limit=200)       # -> list[(request, command)] ran and did not fail
        h.dir_summary("/srv/app")               # -> {count, failures, failure_rate, last_used,
                                                #     top_commands, top_programs, recent}
        h.search("git pu", Filters(exit="ok"), limit=20)   # FTS5, every word a prefix, bm25 first
        h.list(Filters(cwd="/tmp", since=t0), limit=50)    # most recent, oldest first
        h.stats(period="month")                 # totals, top commands/programs/dirs, by period
        h.prune()                               # history.retention from the config
        h.set_favourite([id]); h.delete([id], purge=True); h.get(id); h.count()

    Entry fields: id, command, request, cwd, hostname, session, seq, shell, started_at (epoch s),
    duration_ms, exit_code, source (typed|suggested|imported), backend, risk_level, reasons (list),
    favourite; ``Entry.to_dict()`` is JSON-able.

Other pieces: :func:`cmdai.history.redact.redact` (``redact(text, extra_patterns=()) -> str``),
:func:`cmdai.history.importers.import_file` (bash/zsh/fish), :func:`cmdai.history.export.export`
(jsonl/csv), :func:`cmdai.history.repair.repair`, and :func:`cmdai.history.db.connect` for other
modules that keep tables in this database (add their schema by appending a migration to
:mod:`cmdai.history.migrations`). Every failure is a :class:`cmdai.errors.HistoryError` (one
line; a corrupt file is named together with ``cmdai history repair``).
"""

from __future__ import annotations

from typing import Any

__all__ = ["Entry", "Filters", "HistoryStore", "ImportReport", "IngestReport", "import_file",
           "ingest_spool", "redact", "repair"]

_LAZY = {
    "Entry": "store", "Filters": "store", "HistoryStore": "store",
    "IngestReport": "spool", "ingest_spool": "spool",
    "ImportReport": "importers", "import_file": "importers",
    "redact": "redact", "repair": "repair",
}


def __getattr__(name: str) -> Any:
    mod = _LAZY.get(name)
    if mod is None:
        raise AttributeError(f"module 'cmdai.history' has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(f"{__name__}.{mod}"), name)
