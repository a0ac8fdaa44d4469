"""History benchmarks (prints figures; not a test).

    python tests/benchmarks/bench_history.py [--rows 1000000] [--keep]

1. ingest 100k spool records (50k commands: start + end records) vs a baseline of a plain
   executemany into a bare table (no FTS, no redaction, no parsing);
2. import a 100k-line zsh extended history (target <= 3 s);
3. FTS search p50/p95 over --rows rows (target p50 <= 20 ms), vs a LIKE '%word%' scan baseline;
4. database size per million rows.

Commands come from NL2Bash (<repo>/../shared/data/nl2bash/train.tsv) when present, else
synthetic. The big database is generated once into a temp dir (kept with --keep for reuse).
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

import apsw

from cmdai.config.schema import Config
from cmdai.history import HistoryStore, import_file, ingest_spool
from cmdai.history.importers import ImportedEntry, format_zsh
from cmdai.history.spool import end_record, start_record

DATA = Path(__file__).resolve().parents[2] / ".." / "shared" / "data" / "nl2bash" / "train.tsv"


def corpus(rnd: random.Random) -> list[str]:
    if DATA.exists():
        cmds = [ln.split("\t", 1)[1].strip() for ln in DATA.read_text(encoding="utf-8").splitlines() if "\t" in ln]
        cmds = [c for c in cmds if c]
        src = f"NL2Bash ({len(cmds)} commands)"
    else:
        progs = ["git", "ls", "grep", "find", "docker", "kubectl", "make", "python", "ssh", "tar", "curl"]
        words = ["status", "push", "pull", "log", "-la", "-r", "src", "build", "test", "deploy", "--force"]
        cmds = [" ".join([rnd.choice(progs)] + rnd.sample(words, 3)) for _ in range(5000)]
        src = "synthetic"
    print(f"commands from {src}")
    return cmds


def vary(rnd: random.Random, cmds: list[str], n: int) -> list[str]:
    out = []
    for i in range(n):
        c = rnd.choice(cmds)
        if rnd.random() < 0.5:
            c += f" {rnd.choice(['file', 'dir', 'node', 'pod', 'branch'])}{i % 997}"
        out.append(c)
    return out


def timed(fn):
    t = time.perf_counter()
    r = fn()
    return time.perf_counter() - t, r


def bench_ingest(rnd, cmds, tmp: Path) -> None:
    n = 50_000  # commands -> 100k records
    spool = tmp / "spool"
    spool.mkdir()
    texts = vary(rnd, cmds, n)
    per = n // 10
    for k in range(10):
        sid = f"1700000000-{k}-b"
        with open(spool / f"{sid}.spool", "wb") as f:
            f.write(b"".join(start_record(sid, i, texts[k * per + i - 1], cwd="/home/u/src", hostname="h",
                                          started_at=1700000000 + k * per + i) + end_record(sid, i, i % 7, 12)
                             for i in range(1, per + 1)))
    with HistoryStore(tmp / "ingest.db", config=Config()) as s:
        dt, rep = timed(lambda: ingest_spool(s, spool, remove_dead=False))
        assert rep.inserted + rep.ignored == n, rep
    base = apsw.Connection(str(tmp / "baseline.db"))
    base.execute("PRAGMA journal_mode=WAL").fetchall()
    base.execute("CREATE TABLE t(session, seq, cwd, started_at, command, exit_code, dur)")

    def plain():
        with base:
            base.executemany("INSERT INTO t VALUES (?,?,?,?,?,?,?)",
                             (("s", i, "/home/u/src", 1700000000 + i, texts[i], i % 7, 12) for i in range(n)))
    bt, _ = timed(plain)
    print(f"ingest 100k spool records ({n} commands): {dt:.2f} s = {2 * n / dt:,.0f} records/s "
          f"(baseline plain insert {bt:.2f} s; ratio {dt / bt:.1f}x)")


def bench_zsh_import(rnd, cmds, tmp: Path) -> None:
    texts = vary(rnd, cmds, 100_000)
    hist = tmp / "zsh_history"
    hist.write_bytes(format_zsh([ImportedEntry(t, 1600000000.0 + i, 1000 * (i % 5)) for i, t in enumerate(texts)]))
    lines = hist.read_bytes().count(b"\n")
    with HistoryStore(tmp / "import.db", config=Config()) as s:
        dt, rep = timed(lambda: import_file(s, "zsh", hist))
        again, rep2 = timed(lambda: import_file(s, "zsh", hist))
    print(f"import zsh extended history, {lines:,} lines ({rep.inserted:,} entries): {dt:.2f} s "
          f"(target <= 3 s: {'OK' if dt <= 3 else 'MISSED'}); re-import (adds {rep2.inserted}) {again:.2f} s")


def build_big(rnd, cmds, path: Path, rows: int) -> float:
    t = time.perf_counter()
    with HistoryStore(path, config=Config()) as s:
        have = s.count()
        if have >= rows:
            return 0.0
        db = s.db
        batch = 50_000
        dirs = [f"/home/u/proj{i}" for i in range(50)]
        for lo in range(have, rows, batch):
            texts = vary(rnd, cmds, min(batch, rows - lo))
            with db:
                db.executemany("INSERT INTO history (command, cwd, session, seq, started_at, exit_code, duration_ms,"
                               " source) VALUES (?,?,?,?,?,?,?, 'typed')",
                               ((c, dirs[(lo + j) % 50], f"s{(lo + j) // 1000}", (lo + j) % 1000,
                                 1500000000 + (lo + j) * 60, (lo + j) % 5 == 0, 100) for j, c in enumerate(texts)))
            print(f"  generated {min(lo + batch, rows):,} rows", file=sys.stderr, end="\r")
        db.execute("INSERT INTO history_fts(history_fts) VALUES ('optimize')")
    print(file=sys.stderr)
    return time.perf_counter() - t


def bench_search(rnd, cmds, path: Path, rows: int) -> None:
    gen = build_big(rnd, cmds, path, rows)
    if gen:
        print(f"generated {rows:,} rows in {gen:.0f} s")
    size = sum(os.path.getsize(str(path) + s) for s in ("", "-wal") if os.path.exists(str(path) + s))
    words = sorted({w for c in cmds for w in c.replace("/", " ").split() if w.isalpha() and len(w) >= 3})
    queries = []
    for _ in range(200):
        k = rnd.choice([1, 1, 2])
        queries.append(" ".join(rnd.choice(words)[: rnd.randint(2, 5)] for _ in range(k)))
    with HistoryStore(path, config=Config()) as s:
        lat, hits = [], []
        for q in queries[:5]:
            s.search(q)  # warm the cache
        for q in queries:
            dt, r = timed(lambda q=q: s.search(q, limit=20))
            lat.append(dt * 1000)
            hits.append(len(r))
        like = []
        for q in queries[:20]:
            w = q.split()[0]
            dt, _ = timed(lambda w=w: s.db.execute("SELECT id FROM history WHERE command LIKE ? ORDER BY started_at "
                                                   "DESC LIMIT 20", (f"%{w}%",)).fetchall())
            like.append(dt * 1000)
        uniq = []
        for q in queries[:50]:
            dt, _ = timed(lambda q=q: s.search(q, limit=20, unique=True))
            uniq.append(dt * 1000)
    q = statistics.quantiles(lat, n=20)
    p50, p95 = statistics.median(lat), q[18]
    print(f"FTS search over {rows:,} rows, {len(queries)} prefix queries (1-2 words, 2-5 letters), limit 20: "
          f"p50 {p50:.1f} ms, p95 {p95:.1f} ms, max {max(lat):.0f} ms (target p50 <= 20 ms: "
          f"{'OK' if p50 <= 20 else 'MISSED'}); median hits {statistics.median(hits):.0f}")
    print(f"  --unique search p50 {statistics.median(uniq):.1f} ms; baseline LIKE '%word%' scan p50 "
          f"{statistics.median(like):.1f} ms (FTS is {statistics.median(like) / p50:.1f}x faster)")
    print(f"database size: {size / 1e6:.0f} MB for {rows:,} rows = {size / 1e6 / rows * 1e6:.0f} MB per million rows")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--keep", action="store_true", help="keep the generated big database for the next run")
    ap.add_argument("--skip-search", action="store_true")
    a = ap.parse_args()
    rnd = random.Random(42)
    cmds = corpus(rnd)
    with tempfile.TemporaryDirectory() as d:
        tmp = Path(d)
        bench_ingest(rnd, cmds, tmp)
        bench_zsh_import(rnd, cmds, tmp)
        if not a.skip_search:
            big = Path(tempfile.gettempdir()) / f"cmdai-bench-history-{a.rows}.db" if a.keep else tmp / "big.db"
            bench_search(rnd, cmds, big, a.rows)


if __name__ == "__main__":
    main()
