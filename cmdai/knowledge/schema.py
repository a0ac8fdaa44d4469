"""Tables of the knowledge base, kept in the history database (migration in cmdai.history.migrations).

kb_examples   one request -> command pair; ``command`` may hold ``{{type:default}}`` slots;
              ``source`` is curated | history | tldr | import:<name>; ``weight`` scales its score
kb_fts        FTS5 (porter stemming) over request and command, synced by triggers
kb_sources    one row per loaded source: content hash (so the curated YAML reloads only when it
              changes), row count, load time
"""

from __future__ import annotations

from typing import Any

KB_SCHEMA = """
CREATE TABLE IF NOT EXISTS kb_examples (
    id       INTEGER PRIMARY KEY,
    source   TEXT NOT NULL,
    request  TEXT NOT NULL,
    command  TEXT NOT NULL,
    utility  TEXT NOT NULL DEFAULT '',
    explain  TEXT NOT NULL DEFAULT '',
    weight   REAL NOT NULL DEFAULT 1.0,
    key      TEXT
);
CREATE UNIQUE INDEX IF NOT EXISTS kb_examples_key ON kb_examples(key) WHERE key IS NOT NULL;
CREATE INDEX IF NOT EXISTS kb_examples_source ON kb_examples(source);
CREATE INDEX IF NOT EXISTS kb_examples_utility ON kb_examples(utility);
CREATE VIRTUAL TABLE IF NOT EXISTS kb_fts USING fts5(
    request, command,
    content='kb_examples', content_rowid='id',
    tokenize="porter unicode61 remove_diacritics 2"
);
CREATE TRIGGER IF NOT EXISTS kb_fts_ai AFTER INSERT ON kb_examples BEGIN
    INSERT INTO kb_fts(rowid, request, command) VALUES (new.id, new.request, new.command);
END;
CREATE TRIGGER IF NOT EXISTS kb_fts_ad AFTER DELETE ON kb_examples BEGIN
    INSERT INTO kb_fts(kb_fts, rowid, request, command) VALUES ('delete', old.id, old.request, old.command);
END;
CREATE TRIGGER IF NOT EXISTS kb_fts_au AFTER UPDATE OF request, command ON kb_examples BEGIN
    INSERT INTO kb_fts(kb_fts, rowid, request, command) VALUES ('delete', old.id, old.request, old.command);
    INSERT INTO kb_fts(rowid, request, command) VALUES (new.id, new.request, new.command);
END;
CREATE TABLE IF NOT EXISTS kb_sources (
    name      TEXT PRIMARY KEY,
    hash      TEXT NOT NULL DEFAULT '',
    count     INTEGER NOT NULL DEFAULT 0,
    loaded_at REAL NOT NULL DEFAULT 0,
    cursor    INTEGER NOT NULL DEFAULT 0
);
"""


def create_kb_schema(db: Any) -> None:
    """Create the knowledge-base tables (idempotent; called by the history migration)."""
    db.execute(KB_SCHEMA)
