"""Generation quality on the NL2Bash dev split: NLC2CMD score, exact/utility match, latency.

    python tests/benchmarks/bench_generate.py [--limit 200] [--modes retrieval,full,model] [--imports]

Runs in a temporary CMDAI_HOME (never the real one). ``--imports`` also imports the NL2Bash
train split and the tldr pages from ../shared/data (the "with imports" set-up); without it only
the built-in curated examples are used (the "fresh" set-up). The model-only mode (fixed
five-example prompt, one greedy continuation) is the baseline the other modes are compared to.
Set OMP_WAIT_POLICY=PASSIVE on a loaded machine (llama.cpp's OpenMP threads spin otherwise).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
DATA = REPO / ".." / "shared" / "data"


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--limit", type=int, default=200)
    ap.add_argument("--modes", default="retrieval,full,model")
    ap.add_argument("--imports", action="store_true")
    ap.add_argument("--dataset", default=str(DATA / "nl2bash" / "dev.tsv"))
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    if not Path(args.dataset).is_file():
        print(f"skipped: {args.dataset} not found", file=sys.stderr)
        return 0
    home = tempfile.mkdtemp(prefix="cmdai-bench-")
    os.environ["CMDAI_HOME"] = home
    os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
    sys.path.insert(0, str(REPO))
    from cmdai.config import load
    from cmdai.generation import Generator
    from cmdai.generation.bench import read_dataset, run
    from cmdai.knowledge.store import KnowledgeBase

    kb = KnowledgeBase.open()
    if args.imports:
        kb.import_file(DATA / "nl2bash" / "train.tsv")
        kb.import_tldr(DATA / "tldr-pages")
    setup = "with imports" if args.imports else "fresh"
    print(f"set-up: {setup}; knowledge base: {kb.stats()['by_source']}", file=sys.stderr)
    kb.close()
    cfg = load()
    rows = read_dataset(args.dataset, args.limit)
    results = {}
    backend = None
    for mode in args.modes.split(","):
        if mode != "retrieval" and backend is None:
            from cmdai.backends import create_backend

            backend = create_backend(cfg.backend.default, cfg)
        gen = Generator(cfg, backend if mode != "retrieval" else None, mode=mode)
        res = run(rows, gen)
        gen.close()
        results[mode] = res
        print(f"{setup:13} {mode:9} n={res['n']:4} nlc2cmd={res['nlc2cmd']:+.4f} exact={res['exact_match']:.3f} "
              f"utility={res['utility_match']:.3f} p50={res['latency_ms']['p50']:.0f}ms "
              f"p95={res['latency_ms']['p95']:.0f}ms model_p50={res['model_ms']['p50']:.0f}ms", flush=True)
    base = results.get("model")
    if base:
        for mode, res in results.items():
            print(f"{mode:9} vs model-only: nlc2cmd {res['nlc2cmd'] - base['nlc2cmd']:+.4f}")
    if backend is not None:
        backend.close()
    if args.json:
        print(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
