"""Schema migrations of the history database, applied in order with ``PRAGMA user_version``.

HOW TO ADD A MIGRATION (other modules keep their tables in this database too):

    Append ONE function at the END of this file, decorated with ``@migration``:

        @migration
        def m004_kb_tables(db):
            db.execute("CREATE TABLE kb_doc (...)")

    That is the whole change. Rules:
    * never edit, reorder or delete a migration that has shipped: the position in the list
      is the schema version (``user_version`` = number of migrations applied);
    * a migration receives an ``apsw.Connection`` already inside ``BEGIN IMMEDIATE``; it must
      not BEGIN/COMMIT itself; it runs exactly once per database;
    * prefix table names with your area (``kb_*``, ``emb_*``); keep each migration small.

:func:`apply` runs every pending migration, each in its own transaction, re-checking the
version after taking the write lock so two processes opening an old database at the same
time do not both migrate it.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..errors import HistoryError

Migration = Callable[[Any], None]
MIGRATIONS: list[Migration] = []


def migration(fn: Migration) -> Migration:
    MIGRATIONS.append(fn)
    return fn


def version(db: Any) -> int:
    return int(db.execute("PRAGMA user_version").fetchall()[0][0])


def apply(db: Any, path: Path | str = "<history>", *, target: int | None = None) -> int:
    """Run the pending migrations up to ``target`` (default: all). Returns the new version."""
    target = len(MIGRATIONS) if target is None else target
    current = version(db)
    if current > len(MIGRATIONS):
        raise HistoryError(f"history database {path} has schema version {current}, newer than this "
                           f"cmdai understands ({len(MIGRATIONS)}); upgrade cmdai")
    while current < target:
        db.execute("BEGIN IMMEDIATE")
        try:
            current = version(db)  # another process may have migrated while we waited
            if current < target:
                MIGRATIONS[current](db)
                current += 1
                db.execute(f"PRAGMA user_version = {current:d}")
        except BaseException:
            db.execute("ROLLBACK")
            raise
        db.execute("COMMIT")
    return current


# ---------------------------------------------------------------------------------------------
# 1: the history table and the spool bookkeeping.


@migration
def m001_history(db: Any) -> None:
    db.execute("""
        CREATE TABLE history (
            id          INTEGER PRIMARY KEY,
            command     TEXT NOT NULL,
            request     TEXT NOT NULL DEFAULT '',
            cwd         TEXT,
            hostname    TEXT,
            session     TEXT,
            seq         INTEGER,
            shell       TEXT,
            started_at  REAL,
            duration_ms INTEGER,
            exit_code   INTEGER,
            source      TEXT NOT NULL DEFAULT 'typed'
                        CHECK (source IN ('typed', 'suggested', 'imported'))
        );
        CREATE UNIQUE INDEX history_session_seq ON history(session, seq);
        CREATE INDEX history_started_at ON history(started_at);
        CREATE INDEX history_cwd ON history(cwd);

        -- one row per spool file: how far it has been consumed (committed with the rows)
        CREATE TABLE spool_state (
            name       TEXT PRIMARY KEY,
            dev        INTEGER NOT NULL,
            ino        INTEGER NOT NULL,
            offset     INTEGER NOT NULL,
            updated_at REAL NOT NULL
        );
    """)


# ---------------------------------------------------------------------------------------------
# 2: full-text index over command and request, kept in sync by triggers.


@migration
def m002_fts(db: Any) -> None:
    db.execute("""
        CREATE VIRTUAL TABLE history_fts USING fts5(
            command, request,
            content='history', content_rowid='id',
            tokenize="unicode61 remove_diacritics 2",
            prefix='2 3'
        );
        CREATE TRIGGER history_fts_ai AFTER INSERT ON history BEGIN
            INSERT INTO history_fts(rowid, command, request) VALUES (new.id, new.command, new.request);
        END;
        CREATE TRIGGER history_fts_ad AFTER DELETE ON history BEGIN
            INSERT INTO history_fts(history_fts, rowid, command, request)
                VALUES ('delete', old.id, old.command, old.request);
        END;
        CREATE TRIGGER history_fts_au AFTER UPDATE OF command, request ON history BEGIN
            INSERT INTO history_fts(history_fts, rowid, command, request)
                VALUES ('delete', old.id, old.command, old.request);
            INSERT INTO history_fts(rowid, command, request) VALUES (new.id, new.command, new.request);
        END;
        INSERT INTO history_fts(history_fts) VALUES ('rebuild');
    """)


# ---------------------------------------------------------------------------------------------
# 3: what the engine knew about a suggestion, favourites, and idempotent imports.


@migration
def m003_safety_favourite_import(db: Any) -> None:
    db.execute("""
        ALTER TABLE history ADD COLUMN backend TEXT;
        ALTER TABLE history ADD COLUMN risk_level TEXT;
        ALTER TABLE history ADD COLUMN reasons TEXT;            -- JSON list of safety reasons
        ALTER TABLE history ADD COLUMN favourite INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE history ADD COLUMN import_key TEXT;         -- identity of an imported line
        CREATE UNIQUE INDEX history_import_key ON history(import_key) WHERE import_key IS NOT NULL;
        CREATE INDEX history_favourite ON history(favourite) WHERE favourite = 1;
    """)


# ---------------------------------------------------------------------------------------------
# Append new migrations below this line (see the top of this file).


# ---------------------------------------------------------------------------------------------
# embedding cache (cmdai.semantic): one float32 L2-normalised vector per (model, text hash).


@migration
def m_emb_cache(db: Any) -> None:
    db.execute("""
        CREATE TABLE emb_vectors (
            model      TEXT NOT NULL,
            hash       BLOB NOT NULL,          -- blake2b-128 of the embedded text
            dim        INTEGER NOT NULL,
            vec        BLOB NOT NULL,          -- dim little-endian float32, L2-normalised
            created_at REAL NOT NULL,
            PRIMARY KEY (model, hash)
        ) WITHOUT ROWID;
    """)


# ---------------------------------------------------------------------------------------------
# knowledge base (cmdai.knowledge): examples with source + weight, FTS5 index, loaded sources.


@migration
def m_kb_tables(db: Any) -> None:
    from ..knowledge.schema import create_kb_schema

    create_kb_schema(db)


# ---------------------------------------------------------------------------------------------
# semantic search (cmdai.semantic): an index on history(command) (count and last use of a
# command without a table scan), and the word index of the *described* commands (the command
# plus the requests of the nearest knowledge-base templates and a gloss) for hybrid ranking.
# A command's description goes away with its last history row (trigger).


@migration
def m_sem_docs(db: Any) -> None:
    db.execute("""
        CREATE INDEX IF NOT EXISTS history_command ON history(command);
        CREATE TABLE sem_doc (
            id      INTEGER PRIMARY KEY,
            command TEXT NOT NULL UNIQUE,
            version TEXT NOT NULL
        );
        CREATE VIRTUAL TABLE sem_doc_fts USING fts5(
            command, description, tokenize="porter unicode61 remove_diacritics 2"
        );
        CREATE TRIGGER sem_doc_gc AFTER DELETE ON history
            WHEN NOT EXISTS (SELECT 1 FROM history WHERE command = old.command)
        BEGIN
            DELETE FROM sem_doc_fts WHERE rowid IN (SELECT id FROM sem_doc WHERE command = old.command);
            DELETE FROM sem_doc WHERE command = old.command;
        END;
    """)
