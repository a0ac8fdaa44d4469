"""CLI pieces of semantic search, attached by ``cmdai history``:

* ``embed`` - the ``cmdai history embed`` command (progress bar on stderr when it is a TTY,
  resumable: every batch is committed; Ctrl-C keeps what was done; ``--status``; ``--json``).
* :func:`run_semantic_search` - what ``cmdai history search --semantic/--hybrid`` calls.
"""

from __future__ import annotations

import json
import sys
import time
from typing import Any

import click

from ..errors import EXIT_INTERRUPTED, CmdaiError


def _config(model: str | None = None) -> Any:
    from ..config import load

    return load()


def _open() -> Any:
    from ..history.db import connect

    return connect()


class _Bar:
    """A one-line progress bar on stderr, drawn only when stderr is a terminal."""

    def __init__(self, label: str):
        self.label = label
        self.total = 0
        self.done = 0
        self.t0 = time.monotonic()
        self.tty = sys.stderr.isatty()
        self._last = 0.0

    def start(self, total: int) -> None:
        self.total = total
        self.t0 = time.monotonic()
        self.draw(force=True)

    def advance(self, n: int) -> None:
        self.done += n
        self.draw()

    def draw(self, force: bool = False) -> None:
        if not self.tty:
            return
        now = time.monotonic()
        if not force and now - self._last < 0.1 and self.done < self.total:
            return
        self._last = now
        total = max(self.total, 1)
        width = 30
        fill = int(width * self.done / total)
        rate = self.done / max(now - self.t0, 1e-6)
        eta = (self.total - self.done) / rate if rate > 0 else 0
        sys.stderr.write(f"\r{self.label} [{'#' * fill}{'.' * (width - fill)}] {self.done}/{self.total} "
                         f"{rate:.0f}/s eta {eta:.0f}s ")
        sys.stderr.flush()

    def close(self) -> None:
        if self.tty:
            sys.stderr.write("\n")
            sys.stderr.flush()


def _fail(e: CmdaiError) -> None:
    click.echo(f"cmdai: error: {e.message}", err=True)
    sys.exit(e.exit_code)


@click.command("embed")
@click.option("--status", is_flag=True, help="Say how much of the history is embedded, and exit.")
@click.option("--model", "model_kind", default=None, metavar="KIND",
              help="Embedding model: auto, minilm, hash, embedded, ollama, openai (default: semantic.model).")
@click.option("--batch-size", default=64, show_default=True, type=click.IntRange(1, 4096),
              help="Texts per model call (each batch is committed).")
@click.option("--purge-other-models", is_flag=True, help="Delete cached vectors of other models.")
@click.option("--json", "json_out", is_flag=True, help="Print the result as JSON.")
def embed(status: bool, model_kind: str | None, batch_size: int, purge_other_models: bool,
          json_out: bool) -> None:
    """Compute embeddings for the history (resumable; Ctrl-C keeps finished batches)."""
    from ..semantic.cache import EmbeddingCache
    from ..semantic.history import embed_history, embed_status
    from ..semantic.models import model_from_config

    try:
        cfg = _config()
        model = model_from_config(cfg, model_kind)
        db = _open()
        if status:
            st = embed_status(db, model)
            if json_out:
                click.echo(json.dumps(st.to_dict()))
            else:
                click.echo(f"model:    {st.model_id}")
                click.echo(f"entries:  {st.entries} ({st.distinct} distinct)")
                click.echo(f"embedded: {st.embedded}  pending: {st.pending}")
                for o in st.other_models:
                    click.echo(f"other:    {o['model_id']} ({o['vectors']} vectors, dim {o['dim']})")
            return
        bar = _Bar("embedding")
        t0 = time.monotonic()
        interrupted = False
        done = 0
        try:
            done = embed_history(db, model, batch_size=batch_size, on_total=bar.start, progress=bar.advance)
        except KeyboardInterrupt:
            interrupted = True
            done = bar.done
        finally:
            bar.close()
        purged = EmbeddingCache(db, model).purge_other_models() if purge_other_models and not interrupted else 0
        secs = time.monotonic() - t0
        result = {"model_id": model.model_id, "embedded": done, "seconds": round(secs, 3),
                  "interrupted": interrupted, "purged": purged}
        if json_out:
            click.echo(json.dumps(result))
        elif interrupted:
            click.echo(f"interrupted: {done} embedded and kept; run again to resume", err=True)
        else:
            click.echo(f"embedded {done} entries in {secs:.1f}s with {model.model_id}")
        if interrupted:
            sys.exit(EXIT_INTERRUPTED)
    except CmdaiError as e:
        _fail(e)


def run_semantic_search(query: str, mode: str = "hybrid", filters: dict[str, Any] | None = None,
                        limit: int = 20, json_out: bool = False, *, model_kind: str | None = None,
                        db: Any = None, cfg: Any = None) -> int:
    """Search the history by meaning (``semantic``), by words (``fts``) or both (``hybrid``).

    Prints one line per distinct command (count and last use) or a JSON list; returns the exit
    code. Filters: cwd, under, exit, failed, since, until (epoch seconds), source, host, session.
    """
    from ..semantic.history import HistorySearcher, format_age
    from ..semantic.models import model_from_config

    try:
        cfg = cfg or _config()
        db = db or _open()
        model = model_from_config(cfg, model_kind) if mode != "fts" else None
        s = HistorySearcher(db, model, fts_weight=cfg.semantic.fts_weight,
                            vector_weight=cfg.semantic.vector_weight, rrf_k=cfg.semantic.rrf_k)
        results = s.search(query, mode=mode, filters=filters or {}, limit=limit)
        if json_out:
            click.echo(json.dumps([r.to_dict() for r in results]))
        else:
            now = time.time()
            for r in results:
                cmd = r.command if "\n" not in r.command else r.command.replace("\n", " \u23ce ")
                if len(cmd) > 300:
                    cmd = cmd[:297] + "..."
                click.echo(f"{r.count:>5}x  {format_age(r.last_used, now):>9}  {cmd}")
        if s.left_out and mode != "fts":
            click.echo(f"cmdai: {s.left_out} entries are not embedded yet; run `cmdai history embed`",
                       err=True)
        return 0 if results else 1
    except CmdaiError as e:
        click.echo(f"cmdai: error: {e.message}", err=True)
        return e.exit_code
