"""Benchmark of semantic history search (issue 8).

    python tests/benchmarks/bench_semantic.py [--n 10000] [--models hash,minilm,embedded]
                                              [--latency-n 100000] [--skip-latency]

1. Recall: every query of tests/data/semantic_queries.yaml (a description in other words ->
   the command it should find) is searched in a deterministic synthetic history of ``--n``
   commands that contains all the targets; prints recall@1 and recall@5 for FTS only, semantic
   only and hybrid, for each embedding model, plus its embedding throughput.
2. Latency over ``--latency-n`` embedded entries: p50/p95 of an in-process search (the daemon
   figure: matrix and model loaded once), the cold CLI figure (a new process that maps the
   saved distinct rows of the matrix and the converted MiniLM weights, and searches), against
   ``python -c pass`` measured in the same run; and the memory of the loaded matrix. The latency history gets random unit vectors of
   the model's dimension (search cost does not depend on what the vectors say).
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

QUERIES = ROOT / "tests" / "data" / "semantic_queries.yaml"

# ---------------------------------------------------------------------------------------------
# synthetic history

FILES = ["main.py", "app.js", "README.md", "notes.txt", "data.csv", "report.pdf", "config.yaml", "index.html",
         "server.log", "Makefile", "setup.py", "photo.jpg", "video.mp4", "song.mp3", "backup.tar.gz", "db.sqlite",
         "styles.css", "test_api.py", "docker-compose.yml", "package.json", "Cargo.toml", "go.mod", "todo.md"]
DIRS = ["src", "tests", "docs", "build", "dist", "/tmp", "/var/log", "~/Downloads", "~/projects/api", "/etc/nginx",
        "assets", "scripts", "node_modules", "~/Pictures", "/opt/app", "lib", "cmd", "pkg", "../shared"]
HOSTS = ["web01", "web02", "db01", "bastion", "ci-runner", "10.0.0.12", "192.168.1.40", "staging.example.com",
         "prod-api-3", "build.local"]
BRANCHES = ["main", "develop", "feature/auth", "fix/login-bug", "release/2.1", "hotfix/payments", "refactor-db",
            "feature/search", "chore/deps"]
WORDS = ["error", "warning", "TODO", "deprecated", "timeout", "user_id", "password", "import", "def main",
         "FIXME", "localhost", "session", "cache", "retry", "null"]
SERVICES = ["nginx", "docker", "postgresql", "redis", "ssh", "cron", "apache2", "mysql", "grafana-server", "kubelet"]
PKGS = ["requests", "numpy", "flask", "django", "pytest", "black", "htop", "curl", "jq", "ripgrep", "tmux", "vim",
        "express", "react", "lodash", "typescript", "eslint", "pandas"]
PODS = ["api", "worker", "frontend", "payments", "auth", "search", "scheduler", "gateway"]
NS = ["default", "prod", "staging", "monitoring", "kube-system"]
IMAGES = ["nginx:alpine", "python:3.12-slim", "node:20", "redis:7", "ubuntu:24.04", "postgres:15", "golang:1.22"]


def _templates(r: random.Random) -> list:
    f = lambda: r.choice(FILES)  # noqa: E731
    d = lambda: r.choice(DIRS)  # noqa: E731
    h = lambda: r.choice(HOSTS)  # noqa: E731
    b = lambda: r.choice(BRANCHES)  # noqa: E731
    n = lambda lo=1, hi=100: r.randint(lo, hi)  # noqa: E731
    sha = lambda: f"{r.getrandbits(28):07x}"  # noqa: E731
    return [
        lambda: f"ls {r.choice(['-l', '-la', '-lh', '-1', '', '-R'])} {d()}".strip(),
        lambda: f"cd {d()}", lambda: f"cat {f()}", lambda: f"less {f()}", lambda: f"vim {f()}",
        lambda: f"nano {f()}", lambda: f"code {d()}", lambda: f"head -n {n()} {f()}", lambda: f"tail -n {n()} {f()}",
        lambda: f"cp {f()} {d()}/", lambda: f"mv {f()} {d()}/", lambda: f"rm {f()}", lambda: f"mkdir -p {d()}/{n()}",
        lambda: f"touch {f()}", lambda: f"grep -n '{r.choice(WORDS)}' {f()}",
        lambda: f"grep -ri '{r.choice(WORDS)}' {d()}", lambda: f"wc -l {f()}", lambda: f"sort {f()} | uniq",
        lambda: f"find {d()} -name '*.{r.choice(['py', 'js', 'md', 'log', 'txt'])}'",
        lambda: "git status", lambda: f"git add {f()}", lambda: f"git commit -m 'update {f()}'",
        lambda: f"git checkout {b()}", lambda: f"git checkout -b {b()}-{n()}", lambda: f"git push origin {b()}",
        lambda: f"git pull --rebase origin {b()}", lambda: f"git merge {b()}", lambda: f"git log -n {n(1, 30)}",
        lambda: f"git diff {f()}", lambda: f"git show {sha()}", lambda: f"git rebase -i HEAD~{n(2, 9)}",
        lambda: "git fetch --all", lambda: "git stash pop", lambda: f"git tag v{n(0, 3)}.{n(0, 20)}.{n(0, 9)}",
        lambda: f"ssh {h()}", lambda: f"ssh -p {n(2000, 2300)} deploy@{h()}", lambda: f"scp {f()} {h()}:/tmp/",
        lambda: f"rsync -av {d()}/ {h()}:{d()}/", lambda: f"ping -c {n(1, 10)} {h()}",
        lambda: f"curl -s http://localhost:{n(3000, 9000)}/health", lambda: f"curl https://{h()}/api/v{n(1, 3)}/status",
        lambda: f"wget https://example.com/files/{f()}",
        lambda: "docker ps", lambda: "docker ps -a", lambda: "docker images",
        lambda: f"docker run -it --rm {r.choice(IMAGES)} bash", lambda: f"docker pull {r.choice(IMAGES)}",
        lambda: f"docker stop {r.choice(PODS)}", lambda: f"docker restart {r.choice(PODS)}",
        lambda: f"docker compose logs {r.choice(PODS)}", lambda: "docker compose down",
        lambda: f"kubectl get pods -n {r.choice(NS)}", lambda: f"kubectl get svc -n {r.choice(NS)}",
        lambda: f"kubectl describe pod {r.choice(PODS)}-{sha()} -n {r.choice(NS)}",
        lambda: f"kubectl apply -f k8s/{r.choice(PODS)}.yaml", lambda: f"kubectl delete pod {r.choice(PODS)}-{sha()}",
        lambda: f"kubectl scale deploy/{r.choice(PODS)} --replicas={n(1, 6)}",
        lambda: f"sudo systemctl status {r.choice(SERVICES)}", lambda: f"sudo systemctl restart {r.choice(SERVICES)}",
        lambda: f"sudo systemctl stop {r.choice(SERVICES)}", lambda: f"journalctl -n {n(20, 500)}",
        lambda: f"pip install {r.choice(PKGS)}", lambda: f"pip install -U {r.choice(PKGS)}",
        lambda: f"npm install {r.choice(PKGS)}", lambda: f"npm run {r.choice(['build', 'dev', 'lint', 'test'])}",
        lambda: f"sudo apt install -y {r.choice(PKGS)}", lambda: f"brew install {r.choice(PKGS)}",
        lambda: f"python3 {r.choice(['main.py', 'manage.py runserver', 'setup.py sdist', 'scripts/migrate.py'])}",
        lambda: f"pytest tests/{r.choice(['unit', 'integration'])} -q", lambda: f"pytest -k {r.choice(WORDS).split()[0]}",
        lambda: f"make {r.choice(['', 'test', 'clean', 'install', 'lint', 'docs'])}".strip(),
        lambda: f"cargo {r.choice(['build', 'test', 'run', 'build --release', 'clippy'])}",
        lambda: f"go {r.choice(['build ./...', 'test ./...', 'mod tidy', 'run .'])}",
        lambda: f"chmod {r.choice(['644', '600', '755', '700'])} {f()}",
        lambda: f"tar -cf archive-{n()}.tar {d()}", lambda: f"zip -r {r.choice(PODS)}.zip {d()}",
        lambda: f"unzip {r.choice(PODS)}-{n()}.zip", lambda: f"gzip {f()}",
        lambda: f"ffmpeg -i clip{n()}.mp4 -c:v libx264 -preset fast out{n()}.mp4",
        lambda: f"ffmpeg -i track{n()}.wav track{n()}.flac", lambda: f"ffprobe video{n()}.mkv",
        lambda: f"convert image{n()}.png image{n()}.jpg", lambda: f"identify photo{n()}.jpg",
        lambda: f"echo ${r.choice(['PATH', 'HOME', 'SHELL', 'EDITOR', 'USER'])}",
        lambda: f"export {r.choice(['DEBUG', 'PORT', 'ENV', 'LOG_LEVEL'])}={n()}", lambda: "history | tail",
        lambda: f"man {r.choice(['tar', 'find', 'rsync', 'grep', 'ssh'])}", lambda: "clear", lambda: "exit",
        lambda: f"top -o {r.choice(['%CPU', '%MEM'])}", lambda: "htop", lambda: f"kill {n(1000, 99999)}",
        lambda: f"ps -ef | grep {r.choice(SERVICES)}", lambda: f"psql -U postgres -c 'select count(*) from {r.choice(PODS)}'",
        lambda: f"mysql -u root -p {r.choice(PODS)}", lambda: f"redis-cli get session:{n(1, 9999)}",
        lambda: f"terraform {r.choice(['init', 'apply', 'fmt', 'validate'])}",
        lambda: f"ansible-playbook site.yml -l {h()}", lambda: f"tmux new -s {r.choice(PODS)}",
        lambda: "watch df -h", lambda: "date", lambda: "whoami", lambda: f"sed -n '{n()},{n(101, 200)}p' {f()}",
        lambda: f"awk -F, '{{print ${n(1, 6)}}}' {f()}", lambda: f"jq '.{r.choice(PODS)}' {f()}",
        lambda: f"diff {f()} {f()}", lambda: f"du -sh {d()}", lambda: "sudo reboot",
    ]


def make_history(n: int, targets: list[str], seed: int = 8) -> list[str]:
    """``n`` commands: template fills plus every target, at deterministic positions."""
    r = random.Random(seed)
    tpl = _templates(r)
    cmds = [r.choice(tpl)() for _ in range(max(0, n - len(targets)))]
    for t in targets:
        cmds.insert(r.randrange(len(cmds) + 1), t)
    return cmds


def fill_db(db, cmds: list[str], seed: int = 8) -> None:
    from cmdai.history.db import write_txn

    r = random.Random(seed)
    t0 = 1_700_000_000.0
    with write_txn(db):
        db.executemany(
            "INSERT INTO history(command, cwd, hostname, session, seq, shell, started_at, duration_ms, exit_code,"
            " source) VALUES (?,?,?,?,?,?,?,?,?,?)",
            [(c, r.choice(DIRS), "laptop", f"s{i // 500}", i, "zsh", t0 + i * 37.0, r.randint(1, 5000),
              0 if r.random() > 0.1 else 1, "typed") for i, c in enumerate(cmds)])


# ---------------------------------------------------------------------------------------------


def load_queries() -> list[dict]:
    import yaml

    return yaml.safe_load(QUERIES.read_text())


def make_model(kind: str):
    from cmdai.semantic.models import HashingModel, LlamaEmbeddingModel

    if kind == "hash":
        return HashingModel()
    if kind == "minilm":
        from cmdai.semantic.minilm import MiniLMModel

        return MiniLMModel()
    if kind == "embedded":
        return LlamaEmbeddingModel()
    raise SystemExit(f"unknown model {kind}")


def recall(db, model, queries, mode: str, fts_w: float = 1.0, vec_w: float = 1.0) -> tuple[float, float, list]:
    from cmdai.semantic.history import HistorySearcher

    s = HistorySearcher(db, model, fts_weight=fts_w, vector_weight=vec_w)
    r1 = r5 = 0
    misses = []
    for q in queries:
        res = [x.command for x in s.search(q["query"], mode=mode, limit=5)]
        r1 += bool(res[:1] == [q["command"]])
        r5 += q["command"] in res
        if q["command"] not in res:
            misses.append(q["query"])
    return r1 / len(queries), r5 / len(queries), misses


def _row(name: str, mode: str, halves: dict, db, model) -> list:
    cells, misses = [], []
    for part in halves.values():
        a1, a5, m = recall(db, model, part, mode)
        cells += [a1, a5]
        misses += m
    print(f"{name[:34]:<34} {mode:<9} " + " ".join(f"{c:>6.3f}" for c in cells))
    return misses


def bench_recall(args) -> None:
    from cmdai.history.db import connect
    from cmdai.semantic.history import embed_history, sync_docs

    queries = load_queries()
    # the method was tuned on the even half (A); the odd half (B) was held out
    halves = {"A": queries[0::2], "B": queries[1::2], "all": queries}
    cmds = make_history(args.n, [q["command"] for q in queries])
    print(f"recall: {len(queries)} queries over a synthetic history of {len(cmds)} commands "
          f"({len(set(cmds))} distinct); A = even queries (tuning), B = odd queries (held out)")
    db = connect(Path(os.environ["CMDAI_HOME"]) / f"recall-{args.n}.db")
    if db.execute("SELECT count(*) FROM history").fetchall()[0][0] == 0:
        fill_db(db, cmds)
    t0 = time.perf_counter()
    nd = sync_docs(db)
    if nd:
        print(f"described {nd} distinct commands (KB requests + gloss, word-indexed) in "
              f"{time.perf_counter() - t0:.1f}s")
    print(f"{'model':<34} {'mode':<9} {'A R@1':>6} {'A R@5':>6} {'B R@1':>6} {'B R@5':>6} "
          f"{'R@1':>6} {'R@5':>6}")
    _row("-", "fts", halves, db, None)
    for kind in args.models.split(","):
        try:
            model = make_model(kind)
            t0 = time.perf_counter()
            done = embed_history(db, model, batch_size=64)
            secs = time.perf_counter() - t0
        except Exception as e:  # a model that is not installed: say so and go on
            print(f"{kind:<34} skipped: {e}")
            continue
        for mode in ("semantic", "hybrid"):
            misses = _row(model.model_id, mode, halves, db, model)
            if args.verbose and mode == "hybrid":
                for m in sorted(set(misses)):
                    print(f"      miss: {m}")
        if done:
            print(f"{'':<34} embedding throughput: {done / secs:.1f} entries/s ({done} distinct in {secs:.1f}s, "
                  f"{os.cpu_count()} cores)")
        else:
            print(f"{'':<34} (embeddings from the cache of an earlier run: no throughput figure)")


def bench_latency(args) -> None:
    import numpy as np

    from cmdai.history.db import connect
    from cmdai.semantic.cache import EmbeddingCache, text_hash
    from cmdai.semantic.history import HistorySearcher, iter_documents

    kind = args.latency_model
    model = make_model(kind)
    dim = model.dim
    db_path = Path(os.environ["CMDAI_HOME"]) / "latency.db"
    db = connect(db_path)
    queries = load_queries()
    cmds = make_history(args.latency_n, [q["command"] for q in queries], seed=80)
    if db.execute("SELECT count(*) FROM history").fetchall()[0][0] == 0:
        fill_db(db, cmds, seed=80)
    t0 = time.perf_counter()
    docs = list(iter_documents(db))
    hashes = list(dict.fromkeys(text_hash(t) for _, t in docs))
    t_docs = time.perf_counter() - t0
    rng = np.random.default_rng(0)
    cache = EmbeddingCache(db, model)
    for s in range(0, len(hashes), 5000):
        v = rng.standard_normal((len(hashes[s: s + 5000]), dim)).astype(np.float32)
        v /= np.linalg.norm(v, axis=1, keepdims=True)
        cache.put_many(hashes[s: s + 5000], v)
    print(f"\nlatency: {len(cmds)} entries ({len(hashes)} distinct documents), random unit vectors, dim {dim}, "
          f"query embedding by {model.model_id}")
    print(f"  documents + hashes for all rows: {t_docs * 1000:.0f} ms")
    from cmdai.semantic.history import sync_docs

    t0 = time.perf_counter()
    nd = sync_docs(db)
    print(f"  describe + word-index {nd} distinct commands: {(time.perf_counter() - t0) * 1000:.0f} ms")
    s = HistorySearcher(db, model)
    t0 = time.perf_counter()
    s.refresh()
    print(f"  first index build (read {len(s.index)} vectors from SQLite, save .npy): "
          f"{(time.perf_counter() - t0) * 1000:.0f} ms")
    print(f"  loaded matrix: {s.index.matrix.nbytes / 1e6:.1f} MB (+ ids {s.index.ids.nbytes / 1e6:.1f} MB)")
    qs = [q["query"] for q in queries][:50]
    for mode in ("semantic", "hybrid", "fts"):
        s.search(qs[0], mode=mode)
        times = []
        for q in qs:
            s._qcache.clear()  # every query pays for its embedding here
            t = time.perf_counter()
            s.search(q, mode=mode, limit=10)
            times.append((time.perf_counter() - t) * 1000)
        times.sort()
        print(f"  in-process (daemon) {mode:<8}: p50 {statistics.median(times):6.1f} ms  "
              f"p95 {times[int(len(times) * .95) - 1]:6.1f} ms")
    times = []
    for q in qs:  # the daemon answers a repeated query from its query-vector cache
        t = time.perf_counter()
        s.search(q, mode="hybrid", limit=10)
        times.append((time.perf_counter() - t) * 1000)
    print(f"  in-process hybrid, query vector cached: p50 {statistics.median(times):6.1f} ms")
    # the vector step alone (matrix-vector product + argpartition)
    qv = model.embed(["compress a video"])[0]
    times = []
    for _ in range(30):
        t = time.perf_counter()
        s.index.search_vector(qv, 200)
        times.append((time.perf_counter() - t) * 1000)
    print(f"  vector top-k alone: p50 {statistics.median(times):.1f} ms over {len(s.index)} rows")
    qe = []
    for q in qs[:20]:
        t = time.perf_counter()
        model.embed([q])
        qe.append((time.perf_counter() - t) * 1000)
    print(f"  query embedding alone: p50 {statistics.median(qe):.1f} ms")
    db.close()
    env = dict(os.environ)
    code = ("import sys; from cmdai.history.db import connect; from cmdai.cli.semantic import run_semantic_search;"
            "from cmdai.config import load;"
            f"sys.exit(run_semantic_search('that command I used to shrink videos', 'hybrid', {{}}, 10, True,"
            f" model_kind={kind!r}, db=connect({str(db_path)!r})) and 0)")
    cold, base = [], []
    for _ in range(4):
        t = time.perf_counter()
        subprocess.run([sys.executable, "-c", "pass"], env=env, check=True)
        base.append(time.perf_counter() - t)
        t = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], env=env, check=True, stdout=subprocess.DEVNULL)
        cold.append(time.perf_counter() - t)
    # the first new process may still write the caches (distinct rows of the matrix, converted
    # MiniLM weights); the others map them
    print(f"  cold CLI hybrid search, first process after the index build: {cold[0] * 1000:.0f} ms")
    cold = cold[1:]
    print(f"  cold CLI hybrid search (new process, mmap'd .npy): median {statistics.median(cold) * 1000:.0f} ms "
          f"(python -c pass: {statistics.median(base) * 1000:.0f} ms, ratio "
          f"{statistics.median(cold) / statistics.median(base):.1f}x)")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=10_000)
    ap.add_argument("--models", default="hash,minilm,embedded")
    ap.add_argument("--latency-n", type=int, default=100_000)
    ap.add_argument("--latency-model", default="minilm")
    ap.add_argument("--skip-latency", action="store_true")
    ap.add_argument("--skip-recall", action="store_true")
    ap.add_argument("-v", "--verbose", action="store_true")
    ap.add_argument("--home", default=None, help="keep the databases (and embedding cache) here for re-runs")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        home = args.home or tmp
        Path(home).mkdir(parents=True, exist_ok=True)
        os.environ["CMDAI_HOME"] = home
        if not args.skip_recall:
            bench_recall(args)
        if not args.skip_latency:
            bench_latency(args)


if __name__ == "__main__":
    main()
