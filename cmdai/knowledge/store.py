"""The knowledge base: request -> command examples the generator retrieves from.

Sources (column ``source``) and their default weights:

    curated      1.0   the YAML shipped in cmdai/knowledge/data (reloaded only when its hash changes)
    history      2.0   suggestions the user accepted and ran without failing (synced incrementally)
    tldr         0.7   local tldr pages (``cmdai kb import-tldr``)
    import:NAME  0.9   any TSV/JSONL corpus (``cmdai kb import FILE``)

Retrieval is BM25 over FTS5 (porter stemming), requests weighted above commands; the score of a
hit is ``-bm25 * weight``.
"""

from __future__ import annotations

import hashlib
import json
import re
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import CmdaiError, UsageError

DATA_DIR = Path(__file__).resolve().parent / "data"
LOADER_VERSION = "2"  # bump to force a reload of the curated YAML
WEIGHTS = {"curated": 1.0, "history": 2.0, "tldr": 0.7, "import": 0.9}

# words too common in requests to help BM25 (kept short: "all", "not", "only" can matter)
QUERY_STOP = frozenset("""a an the of to in on for from with by at and or is are be it its this that
these those me my i you your please can could would how do does what which who whose want need
using use via into onto as then than so just some""".split())
_TOKEN = re.compile(r"[A-Za-z0-9_]+")


@dataclass
class Hit:
    id: int
    source: str
    request: str
    command: str
    utility: str
    explain: str
    weight: float
    score: float

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "source": self.source, "request": self.request, "command": self.command,
                "utility": self.utility, "weight": self.weight, "score": round(self.score, 4)}


def fts_query(text: str, max_terms: int = 24) -> str | None:
    words = [w.lower() for w in _TOKEN.findall(text)]
    terms = list(dict.fromkeys(w for w in words if w not in QUERY_STOP and len(w) > 1 or w.isdigit()))
    if not terms:
        terms = list(dict.fromkeys(words))
    if not terms:
        return None
    return " OR ".join(f'"{t}"' for t in terms[:max_terms])


def utility_of(command: str) -> str:
    from ..generation.shparse import main_utility
    from .slots import render_default

    try:
        return main_utility(render_default(command))
    except Exception:
        return command.split()[0] if command.split() else ""


class KnowledgeBase:
    """Open with ``KnowledgeBase.open()`` (the history database) or ``KnowledgeBase(db)``."""

    def __init__(self, db: Any, path: Any = None):
        self.db = db
        self.path = path
        self._history_checked = 0.0

    @classmethod
    def open(cls, path: Any = None, *, ensure_curated: bool = True) -> KnowledgeBase:
        from ..history.db import connect, resolve_path

        p = resolve_path(path)
        kb = cls(connect(p), p)
        if ensure_curated:
            kb.ensure_curated()
        return kb

    def close(self) -> None:
        try:
            self.db.close()
        except Exception:
            pass

    # -- writing ---------------------------------------------------------------------------------
    def _txn(self) -> Any:
        from ..history.db import write_txn

        return write_txn(self.db)

    def add(self, rows: Iterable[tuple[str, str, str, str]], source: str, weight: float | None = None,
            *, key_prefix: str | None = None) -> int:
        """Insert (request, command, utility, explain) rows; duplicates (same source, request and
        command) are skipped. Returns the number inserted. Call inside a transaction."""
        w = weight if weight is not None else WEIGHTS.get(source.split(":")[0], 1.0)
        n = 0
        prefix = key_prefix or source
        for req, cmd, util, expl in rows:
            req = " ".join((req or "").split())
            cmd = (cmd or "").strip()
            if not req or not cmd:
                continue
            key = prefix + ":" + hashlib.blake2b(f"{req}\x1f{cmd}".encode(), digest_size=12).hexdigest()
            self.db.execute("INSERT OR IGNORE INTO kb_examples(source, request, command, utility, explain, "
                            "weight, key) VALUES (?, ?, ?, ?, ?, ?, ?)",
                            (source, req, cmd, util or utility_of(cmd), expl or "", w, key))
            n += self.db.changes()
        return n

    def _set_source(self, name: str, hash_: str, count: int, cursor: int = 0) -> None:
        self.db.execute("INSERT INTO kb_sources(name, hash, count, loaded_at, cursor) VALUES (?, ?, ?, ?, ?) "
                        "ON CONFLICT(name) DO UPDATE SET hash=excluded.hash, count=excluded.count, "
                        "loaded_at=excluded.loaded_at, cursor=excluded.cursor",
                        (name, hash_, count, time.time(), cursor))

    def _source_row(self, name: str) -> tuple[str, int, int] | None:
        rows = self.db.execute("SELECT hash, count, cursor FROM kb_sources WHERE name = ?", (name,)).fetchall()
        return (rows[0][0], rows[0][1], rows[0][2]) if rows else None

    def delete_source(self, source: str) -> int:
        with self._txn():
            self.db.execute("DELETE FROM kb_examples WHERE source = ?", (source,))
            n = self.db.changes()
            self.db.execute("DELETE FROM kb_sources WHERE name = ?", (source,))
        return n

    # -- curated YAML -----------------------------------------------------------------------------
    @staticmethod
    def curated_files() -> list[Path]:
        return sorted(DATA_DIR.glob("*.yaml")) if DATA_DIR.is_dir() else []

    @classmethod
    def curated_hash(cls) -> str:
        h = hashlib.sha256(LOADER_VERSION.encode())
        for f in cls.curated_files():
            h.update(f.name.encode())
            h.update(f.read_bytes())
        return h.hexdigest()

    def ensure_curated(self, force: bool = False) -> bool:
        """Load the curated YAML if it changed since the last load. True when it (re)loaded."""
        digest = self.curated_hash()
        row = self._source_row("curated")
        if row and row[0] == digest and not force:
            return False
        by_weight: dict[float, list[tuple[str, str, str, str]]] = {}
        for f in self.curated_files():
            w: dict[Path, float] = {}
            rows = list(iter_curated([f], w))
            by_weight.setdefault(w.get(f, 1.0), []).extend(rows)
        with self._txn():
            row = self._source_row("curated")  # another process may have loaded it meanwhile
            if row and row[0] == digest and not force:
                return False
            self.db.execute("DELETE FROM kb_examples WHERE source = 'curated'")
            n = sum(self.add(rows, "curated", weight * WEIGHTS["curated"]) for weight, rows in by_weight.items())
            self._set_source("curated", digest, n)
        return True

    # -- history ----------------------------------------------------------------------------------
    def sync_history(self, min_interval_s: float = 5.0) -> int:
        """Add accepted suggestions (source=suggested, exit 0) newer than the last sync."""
        now = time.monotonic()
        if now - self._history_checked < min_interval_s:
            return 0
        self._history_checked = now
        try:
            top = self.db.execute("SELECT max(id) FROM history").fetchall()[0][0] or 0
        except Exception:
            return 0
        row = self._source_row("history")
        cursor = row[2] if row else 0
        if top <= cursor:
            return 0
        rows = self.db.execute(
            "SELECT request, command FROM history WHERE id > ? AND source = 'suggested' AND request != '' "
            "AND (exit_code IS NULL OR exit_code = 0)", (cursor,)).fetchall()
        with self._txn():
            n = self.add(((r, c, "", "") for r, c in rows), "history")
            total = (row[1] if row else 0) + n
            self._set_source("history", "", total, top)
        return n

    def habits(self, limit: int = 300) -> dict[str, int]:
        """How often the user ran each utility (first word of typed and accepted commands)."""
        try:
            rows = self.db.execute(
                "SELECT command FROM history ORDER BY id DESC LIMIT 5000").fetchall()
        except Exception:
            return {}
        counts: dict[str, int] = {}
        for (cmd,) in rows:
            w = (cmd or "").split()
            if w:
                u = w[1] if w[0] == "sudo" and len(w) > 1 else w[0]
                counts[u] = counts.get(u, 0) + 1
        return dict(sorted(counts.items(), key=lambda kv: -kv[1])[:limit])

    # -- imports ------------------------------------------------------------------------------------
    def import_file(self, path: str | Path, name: str | None = None, weight: float | None = None) -> int:
        """Import a TSV (description<TAB>command) or JSONL ({"request"/"description"/"nl",
        "command"/"cmd"/"bash"}) corpus as source ``import:NAME``."""
        p = Path(path)
        if not p.is_file():
            raise UsageError(f"no such file: {p}")
        source = f"import:{name or p.stem}"
        rows = list(read_corpus(p))
        if not rows:
            raise UsageError(f"{p}: no request/command pairs found (TSV: description<TAB>command; "
                             f"JSONL: {{\"request\": ..., \"command\": ...}})")
        with self._txn():
            n = self.add(((r, c, "", "") for r, c in rows), source, weight)
            prev = self._source_row(source)
            self._set_source(source, hashlib.sha256(p.read_bytes()).hexdigest(), (prev[1] if prev else 0) + n)
        return n

    def import_tldr(self, root: str | Path, platforms: Iterable[str] = ("common", "linux"),
                    weight: float | None = None) -> int:
        from .tldr import iter_pages

        rows = list(iter_pages(Path(root), platforms))
        if not rows:
            raise UsageError(f"{root}: no tldr pages found (expected pages/common/*.md or */*.md)")
        with self._txn():
            n = self.add(rows, "tldr", weight)
            prev = self._source_row("tldr")
            self._set_source("tldr", str(root), (prev[1] if prev else 0) + n)
        return n

    # -- reading ------------------------------------------------------------------------------------
    # Measured and left out: scoring a hit without the query words that are only its template's one-word
    # sample values ("install nginx" meeting "is package nginx installed", dpkg -l | grep {{pattern:nginx}}),
    # with the examples they crowded out fetched again. simple_tasks_5 (fresh) +0.606 -> +0.583, simple_tasks_4
    # +0.689 -> +0.616, dev 0-499 -0.079 -> -0.085: the sample values carry meaning too ("alice's home on
    # 192.168.0.10" -> scp alice@host, "push main" -> git push origin main).
    def search(self, query: str, limit: int = 20, *, sources: Iterable[str] | None = None,
               command_weight: float = 0.25, utilities: Iterable[str] | None = None) -> list[Hit]:
        """BM25 hits for ``query``, best first; ``sources``/``utilities`` restrict which examples count."""
        q = fts_query(query)
        if q is None:
            return []
        where = ""
        args: list[Any] = [q]
        if utilities:
            us = list(utilities)
            where += " AND e.utility IN (" + ", ".join("?" for _ in us) + ")"
            args += us
        if sources:
            srcs = list(sources)
            where += " AND (" + " OR ".join("e.source = ? OR e.source LIKE ?" for _ in srcs) + ")"
            for s in srcs:
                args += [s, s + ":%"]
        args.append(int(limit))
        sql = (f"SELECT e.id, e.source, e.request, e.command, e.utility, e.explain, e.weight, "
               f"bm25(kb_fts, 1.0, {float(command_weight)}) AS r FROM kb_fts JOIN kb_examples e "
               f"ON e.id = kb_fts.rowid WHERE kb_fts MATCH ?{where} ORDER BY r * e.weight LIMIT ?")
        return [Hit(i, s, rq, c, u, ex, w, -r * w) for i, s, rq, c, u, ex, w, r in self.db.execute(sql, args)]

    def list(self, source: str | None = None, utility: str | None = None, limit: int = 50,
             offset: int = 0) -> list[Hit]:
        cond, args = [], []
        if source:
            cond.append("(source = ? OR source LIKE ?)")
            args += [source, source + ":%"]
        if utility:
            cond.append("utility = ?")
            args.append(utility)
        where = ("WHERE " + " AND ".join(cond)) if cond else ""
        rows = self.db.execute(f"SELECT id, source, request, command, utility, explain, weight FROM kb_examples "
                               f"{where} ORDER BY id LIMIT ? OFFSET ?", [*args, int(limit), int(offset)])
        return [Hit(*r, 0.0) for r in rows]

    def has_utility(self, name: str) -> bool:
        """Some example runs ``name`` as its utility (it is a program, not a plain word)."""
        return self.db.execute("SELECT 1 FROM kb_examples WHERE utility = ? LIMIT 1", (name,)).fetchone() is not None

    def explain_for(self, command_template: str) -> str:
        rows = self.db.execute("SELECT explain FROM kb_examples WHERE command = ? AND explain != '' LIMIT 1",
                               (command_template,)).fetchall()
        return rows[0][0] if rows else ""

    def stats(self) -> dict[str, Any]:
        by_source = {s: n for s, n in self.db.execute(
            "SELECT source, count(*) FROM kb_examples GROUP BY source ORDER BY source")}
        total = sum(by_source.values())
        commands = self.db.execute("SELECT count(DISTINCT command) FROM kb_examples").fetchall()[0][0]
        utils = self.db.execute("SELECT count(DISTINCT utility) FROM kb_examples").fetchall()[0][0]
        top = [{"utility": u, "examples": n} for u, n in self.db.execute(
            "SELECT utility, count(*) AS n FROM kb_examples GROUP BY utility ORDER BY n DESC LIMIT 15")]
        loaded = {n: {"count": c, "loaded_at": t} for n, c, t in self.db.execute(
            "SELECT name, count, loaded_at FROM kb_sources ORDER BY name")}
        return {"path": str(self.path) if self.path else None, "examples": total, "commands": commands,
                "utilities": utils, "by_source": by_source, "sources": loaded, "top_utilities": top}


# -- readers ------------------------------------------------------------------------------------------
_FILE_WEIGHT = re.compile(r"^#\s*weight:\s*([0-9]+(?:\.[0-9]+)?)\b", re.M)


def curated_weight(text: str) -> float:
    """A curated file's weight: ``# weight: 0.8`` in its header comments (default 1.0). Files of
    specialised idioms weigh less, so a plain request still finds the plain command first."""
    head = text[:2000]
    m = _FILE_WEIGHT.search(head)
    try:
        return float(m.group(1)) if m else 1.0
    except ValueError:
        return 1.0


def iter_curated(files: Iterable[Path], weights: dict[Path, float] | None = None
                 ) -> Iterator[tuple[str, str, str, str]]:
    """(request, command, utility, explain) of every curated entry; ``weights`` (when given) is
    filled with each file's weight (``# weight: X`` header)."""
    import yaml

    for f in files:
        try:
            loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
            text = f.read_text(encoding="utf-8")
            if weights is not None:
                weights[f] = curated_weight(text)
            data = yaml.load(text, Loader=loader) or []
        except Exception as e:  # a broken file must not take the whole KB down
            import logging

            logging.getLogger(__name__).warning("skipping %s: %s", f, e)
            continue
        if not isinstance(data, list):
            continue
        for entry in data:
            if not isinstance(entry, dict):
                continue
            cmd = str(entry.get("command") or "").strip()
            util = str(entry.get("utility") or "")
            expl = str(entry.get("explain") or "")
            for req in entry.get("requests") or []:
                if isinstance(req, str | int | float):
                    yield str(req), cmd, util, expl


_REQ_KEYS = ("request", "description", "nl", "invocation", "text", "query", "input")
_CMD_KEYS = ("command", "cmd", "bash", "code", "output", "target")


def read_corpus(p: Path) -> Iterator[tuple[str, str]]:
    """(request, command) pairs of a TSV or JSONL file."""
    try:
        text = p.read_text(encoding="utf-8", errors="replace")
    except OSError as e:
        raise CmdaiError(f"cannot read {p}: {e.strerror or e}") from None
    jsonl = p.suffix.lower() in (".jsonl", ".json", ".ndjson") or text.lstrip().startswith("{")
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        if jsonl:
            try:
                obj = json.loads(line)
            except json.JSONDecodeError:
                raise UsageError(f"{p}:{n}: not valid JSON") from None
            if not isinstance(obj, dict):
                continue
            req = next((str(obj[k]) for k in _REQ_KEYS if obj.get(k)), "")
            cmd = next((str(obj[k]) for k in _CMD_KEYS if obj.get(k)), "")
            if req and cmd:
                yield req, cmd
        else:
            parts = line.split("\t")
            if len(parts) >= 2 and parts[0].strip() and parts[1].strip():
                if n == 1 and parts[0].strip().lower() in _REQ_KEYS:
                    continue  # a header
                yield parts[0].strip(), parts[1].strip()
