"""``cmdai bench generate``: measure suggestion quality (NLC2CMD score) on a TSV dataset."""

from __future__ import annotations

import json
import sys
from typing import Any

import click


@click.group("bench")
def bench() -> None:
    """Measure suggestion quality on a dataset (NLC2CMD score)."""


@bench.command("generate")
@click.option("--dataset", required=True, type=click.Path(dir_okay=False),
              help="TSV: request<TAB>reference[<TAB>reference...].")
@click.option("--limit", type=click.IntRange(min=1), default=None, help="Use only the first N rows.")
@click.option("--mode", type=click.Choice(["full", "retrieval", "model"]), default="full", show_default=True,
              help="full pipeline, knowledge-base retrieval only, or the model alone (ablation).")
@click.option("--backend", default=None, metavar="NAME", help="Backend (default: the configured one).")
@click.option("--details", type=click.Path(dir_okay=False), default=None,
              help="Also write every row (request, prediction, score) as JSON to this file.")
@click.option("--as-root", is_flag=True,
              help="Suggest as root would (no sudo before privileged commands); by default as a user with sudo, "
                   "whoever runs the benchmark.")
@click.option("--json", "json_out", is_flag=True, help="Print the figures as JSON.")
def generate(dataset: str, limit: int | None, mode: str, backend: str | None, details: str | None,
             as_root: bool, json_out: bool) -> None:
    """Run every request of DATASET through the generator and score the first suggestion.

    \b
    Example:
      cmdai bench generate --dataset ../shared/data/nl2bash/dev.tsv --limit 200 --mode full
    """
    from ..config import load
    from ..generation import Generator
    from ..generation.bench import read_dataset, run

    cfg = load(overrides={"backend.default": backend} if backend else None)
    rows = read_dataset(dataset, limit)
    be: Any = None
    if mode != "retrieval":
        from ..backends import create_backend

        be = create_backend(backend or cfg.backend.default, cfg)
    gen = Generator(cfg, be, mode=mode)

    def progress(i: int, n: int) -> None:
        if sys.stderr.isatty():
            print(f"\rcmdai: bench {i}/{n}", end="" if i < n else "\n", file=sys.stderr, flush=True)

    try:
        res = run(rows, gen, progress=progress, details=bool(details), sudo=not as_root)
    finally:
        gen.close()
        if be is not None:
            be.close()
    if details:
        with open(details, "w", encoding="utf-8") as fh:
            json.dump(res.pop("rows"), fh, indent=1, ensure_ascii=False)
    res["dataset"] = dataset
    res["as_root"] = as_root
    if json_out:
        click.echo(json.dumps(res, indent=2))
        return
    click.echo(f"dataset        {dataset} ({res['n']} requests, mode {mode})")
    click.echo(f"NLC2CMD score  {res['nlc2cmd']:+.4f}")
    click.echo(f"exact match    {100 * res['exact_match']:.1f}%")
    click.echo(f"utility match  {100 * res['utility_match']:.1f}%")
    click.echo(f"latency        p50 {res['latency_ms']['p50']:.0f} ms, p95 {res['latency_ms']['p95']:.0f} ms "
               f"(model p50 {res['model_ms']['p50']:.0f} ms)")
