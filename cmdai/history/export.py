"""Export the history as JSON lines or CSV (oldest first)."""

from __future__ import annotations

import csv
import json
from typing import Any, TextIO

from ..errors import HistoryError
from .store import COLUMNS, Filters

FORMATS = ("jsonl", "csv")


def export(store: Any, out: TextIO, fmt: str = "jsonl", filters: Filters | None = None) -> int:
    """Write every matching entry to ``out``; returns how many."""
    if fmt not in FORMATS:
        raise HistoryError(f"unknown export format {fmt!r} (one of: {', '.join(FORMATS)})")
    n = 0
    if fmt == "jsonl":
        for e in store.iter_entries(filters):
            out.write(json.dumps(e.to_dict(), ensure_ascii=False) + "\n")
            n += 1
        return n
    w = csv.writer(out, lineterminator="\n")
    w.writerow(COLUMNS)
    for e in store.iter_entries(filters):
        d = e.to_dict()
        d["reasons"] = json.dumps(d["reasons"], ensure_ascii=False) if d["reasons"] else ""
        d["favourite"] = int(d["favourite"])
        w.writerow(["" if d[c] is None else d[c] for c in COLUMNS])
        n += 1
    return n
