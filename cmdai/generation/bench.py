"""``cmdai bench generate``: suggestion quality on a TSV dataset (request<TAB>reference[<TAB>...]).

Figures: the NLC2CMD score (mean over requests, see :mod:`cmdai.generation.nlc2cmd`), exact-match
rate, utility-match rate, and latency p50/p95 of ``Generator.generate`` (plus the model's share).
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..errors import UsageError
from . import nlc2cmd


def read_dataset(path: str | Path, limit: int | None = None) -> list[tuple[str, list[str]]]:
    p = Path(path)
    if not p.is_file():
        raise UsageError(f"no such dataset: {p}")
    rows: list[tuple[str, list[str]]] = []
    for line in p.read_text(encoding="utf-8", errors="replace").splitlines():
        parts = [x.strip() for x in line.split("\t")]
        if len(parts) < 2 or not parts[0] or not parts[1]:
            continue
        rows.append((parts[0], [x for x in parts[1:] if x]))
        if limit and len(rows) >= limit:
            break
    if not rows:
        raise UsageError(f"{p}: no rows (expected request<TAB>reference[<TAB>reference...])")
    return rows


def percentile(xs: list[float], q: float) -> float:
    if not xs:
        return 0.0
    s = sorted(xs)
    k = min(len(s) - 1, max(0, int(round(q * (len(s) - 1)))))
    return s[k]


def run(rows: list[tuple[str, list[str]]], generator: Any, *, shell: str = "bash", cwd: str | None = None,
        progress: Callable[[int, int], None] | None = None, details: bool = False, sudo: bool = True) -> dict[str, Any]:
    from ..engine.context import gather

    scores: list[float] = []
    lat: list[float] = []
    model_ms: list[float] = []
    exact = util = 0
    per: list[dict[str, Any]] = []
    # one warm-up call so the figures are the warm daemon's, not the first load
    generator.generate("list files", gather(cwd, shell, "list files"))
    for i, (req, refs) in enumerate(rows, 1):
        ctx = gather(cwd, shell, req)
        # the suggestions of a user who is not root (``sudo``), or of root (no sudo in them): the figures must not depend
        # on who runs the benchmark (as root on a machine without sudo, cmdai leaves sudo out of what it suggests)
        ctx.sudo = sudo
        t0 = time.perf_counter()
        try:
            out = generator.generate(req, ctx)
            pred = out.best.command if out.best else ""
            mms = out.model_ms
        except Exception as e:  # a failure counts as a wrong answer, not a crash of the bench
            pred, mms = "", 0.0
            if details:
                per.append({"request": req, "error": f"{type(e).__name__}: {e}"})
        lat.append((time.perf_counter() - t0) * 1000)
        model_ms.append(mms)
        s = nlc2cmd.score(pred, refs) if pred else -1.0
        scores.append(s)
        exact += nlc2cmd.exact_match(pred, refs)
        util += nlc2cmd.utility_match(pred, refs)
        if details:
            per.append({"request": req, "predicted": pred, "references": refs, "score": round(s, 4)})
        if progress:
            progress(i, len(rows))
    n = len(rows)
    res: dict[str, Any] = {
        "n": n, "mode": getattr(generator, "mode", ""), "nlc2cmd": round(statistics.fmean(scores), 4),
        "exact_match": round(exact / n, 4), "utility_match": round(util / n, 4),
        "latency_ms": {"p50": round(percentile(lat, 0.5), 1), "p95": round(percentile(lat, 0.95), 1),
                       "mean": round(statistics.fmean(lat), 1)},
        "model_ms": {"p50": round(percentile(model_ms, 0.5), 1), "p95": round(percentile(model_ms, 0.95), 1)},
    }
    if details:
        res["rows"] = per
    return res
