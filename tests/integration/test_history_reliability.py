"""History reliability: concurrent writers and ingesters, kill -9 of the ingester, a held
write lock, a corrupt database file. Real processes, real shells, a real SQLite file."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import apsw
import pytest

from cmdai.errors import HistoryError
from cmdai.history import HistoryStore, ingest_spool

PY = sys.executable
CMDAI = str(Path(sys.executable).parent / "cmdai")

INGESTER = """
import sys, time
from cmdai.history import HistoryStore, ingest_spool
stop = sys.argv[1]
import os
with HistoryStore() as s:
    print("ready", flush=True)
    while True:
        done = os.path.exists(stop)
        ingest_spool(s)
        if done:
            break
        time.sleep(0.01)
"""

# a bash "hook": builtin printf appends one record per call, exactly like the shell integration
WRITER = r"""
sid=$1; f=$2
for ((i=1; i<=500; i++)); do
  printf 'S\x1f1\x1f%s\x1f%d\x1fbash\x1fhost\x1f/tmp\x1f%s\x1ftyped\x1f\x1fecho %s\n  line two %d\x1e\n' \
    "$sid" "$i" "$EPOCHREALTIME" "$sid" "$i" >> "$f"
  printf 'E\x1f1\x1f%s\x1f%d\x1f%d\x1f%d\x1e\n' "$sid" "$i" $((i % 3)) "$i" >> "$f"
done
"""


@pytest.fixture()
def home(tmp_path, monkeypatch):
    monkeypatch.setenv("CMDAI_HOME", str(tmp_path))
    spool = tmp_path / "data" / "spool"
    spool.mkdir(parents=True)
    return tmp_path, spool


def _check_exact(store, expected: dict[str, int]) -> None:
    rows = store.db.execute("SELECT session, count(*), count(DISTINCT seq), min(seq), max(seq), "
                            "count(exit_code) FROM history GROUP BY session").fetchall()
    got = {r[0]: r[1:] for r in rows}
    assert got == {sid: (n, n, 1, n, n) for sid, n in expected.items()}


def test_8_writers_2_ingesters_exactly_4000(home):
    tmp, spool = home
    stop = tmp / "stop"
    ingesters = [subprocess.Popen([PY, "-c", INGESTER, str(stop)]) for _ in range(2)]
    sids = [f"1700000000-{900000 + k}-w{k}" for k in range(8)]
    writers = [subprocess.Popen(["bash", "--norc", "-c", WRITER, "w", sid, str(spool / f"{sid}.spool")])
               for sid in sids]
    for w in writers:
        assert w.wait(timeout=120) == 0
    stop.touch()
    for p in ingesters:
        assert p.wait(timeout=120) == 0
    with HistoryStore() as s:
        ingest_spool(s, remove_dead=False)
        assert s.count() == 4000
        _check_exact(s, {sid: 500 for sid in sids})
        e = s.search("w3 line two 250")
        assert e and e[0].command == f"echo {sids[3]}\n  line two 250" and e[0].exit_code == 250 % 3


def _consistent_with_offsets(store, spool: Path) -> None:
    """Rows and offsets were committed together: the rows of each file are exactly the start
    records before its stored offset (no more, no less)."""
    for name, offset in store.db.execute("SELECT name, offset FROM spool_state").fetchall():
        data = (spool / name).read_bytes()[:offset]
        starts = sum(1 for r in data.split(b"\x1e\n") if r.startswith(b"S\x1f"))
        sid = name[:-len(".spool")]
        n = store.db.execute("SELECT count(*) FROM history WHERE session = ?", (sid,)).fetchall()[0][0]
        assert n == starts, (name, n, starts)


def test_kill_9_of_the_ingester_loses_and_duplicates_nothing(home):
    tmp, spool = home
    rnd = random.Random(1234)
    expected: dict[str, int] = {}
    interrupted = 0
    with HistoryStore():
        pass  # create the schema once, so each trial spends its time ingesting
    from cmdai.history.spool import end_record, start_record

    for trial in range(20):
        for k in range(2):
            sid = f"1700000000-{800000 + k}-t"
            n0 = expected.get(sid, 0)
            with open(spool / f"{sid}.spool", "ab") as f:
                f.write(b"".join(start_record(sid, i, f"trial {trial} cmd {i} " + "x" * rnd.randrange(200),
                                              started_at=1700000000 + i) + end_record(sid, i, 0, 1)
                                 for i in range(n0 + 1, n0 + 1501)))
            expected[sid] = n0 + 1500
        p = subprocess.Popen([PY, "-c", INGESTER, str(tmp / "stop-now")], stdout=subprocess.PIPE, text=True)
        (tmp / "stop-now").touch()
        assert p.stdout.readline().strip() == "ready"  # store open: ingesting 3000 records starts now
        time.sleep(rnd.uniform(0.0, 0.08))  # most kills land mid-ingest, whatever the machine's speed
        p.send_signal(signal.SIGKILL)
        p.wait()
        p.stdout.close()
        (tmp / "stop-now").unlink()
        with HistoryStore() as s:
            _consistent_with_offsets(s, spool)
            offsets = dict(s.db.execute("SELECT name, offset FROM spool_state").fetchall())
        if any(offsets.get(f.name, 0) < f.stat().st_size for f in spool.iterdir()):
            interrupted += 1
    with HistoryStore() as s:
        ingest_spool(s, remove_dead=False)
        _check_exact(s, expected)
        assert s.db.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    assert interrupted >= 3  # the kills really did land before the ingest finished


LOCKER = """
import sys, time, apsw
db = apsw.Connection(sys.argv[1])
db.execute("BEGIN IMMEDIATE")
db.execute("INSERT INTO history (command) VALUES ('from the locker')")
print("locked", flush=True)
time.sleep(float(sys.argv[2]))
db.execute("COMMIT")
"""


def test_a_held_write_lock_makes_ingest_wait_not_fail(home):
    """The issue asks for a 5 s hold; ingest (busy timeout 15 s) waits for it."""
    tmp, spool = home
    with HistoryStore() as s:
        path = s.path
    locker = subprocess.Popen([PY, "-c", LOCKER, str(path), "5"], stdout=subprocess.PIPE, text=True)
    assert locker.stdout.readline().strip() == "locked"
    sid = "1700000000-1-lock"
    # the hook (bash printf) keeps working while the database is locked
    hook = subprocess.run(["bash", "--norc", "-c", WRITER, "w", sid, str(spool / f"{sid}.spool")], timeout=60)
    assert hook.returncode == 0
    assert locker.poll() is None  # still holding the lock when ingest starts
    with HistoryStore() as s:
        r = ingest_spool(s, remove_dead=False)
        assert r.inserted == 500 and s.count() == 501
    assert locker.wait(timeout=30) == 0


FRESH_LOCKER = """
import sys, time, apsw
db = apsw.Connection(sys.argv[1])  # a file nobody has switched to WAL yet
db.execute("BEGIN IMMEDIATE")
db.execute("CREATE TABLE early (x)")
print("locked", flush=True)
time.sleep(float(sys.argv[2]))
db.execute("COMMIT")
"""


def test_opening_a_fresh_database_waits_for_another_opener(home, tmp_path):
    """Two processes opening a new database at once both switch it to WAL; SQLite answers the
    second one's lock upgrade with SQLITE_BUSY without calling the busy handler. connect() has
    to wait for the first instead of failing (seen once as a flake of the 8-writer test)."""
    path = tmp_path / "fresh.db"
    locker = subprocess.Popen([PY, "-c", FRESH_LOCKER, str(path), "0.5"], stdout=subprocess.PIPE, text=True)
    assert locker.stdout.readline().strip() == "locked"
    with HistoryStore(path) as s:
        assert s.db.execute("PRAGMA journal_mode").fetchall() == [("wal",)]
        assert s.count() == 0
    assert locker.wait(timeout=30) == 0


def test_lock_timeout_is_a_clear_error_and_keeps_the_records(home):
    tmp, spool = home
    with HistoryStore() as s:
        path = s.path
    locker = subprocess.Popen([PY, "-c", LOCKER, str(path), "1.5"], stdout=subprocess.PIPE, text=True)
    assert locker.stdout.readline().strip() == "locked"
    from cmdai.history.spool import start_record

    (spool / "1-1-k.spool").write_bytes(start_record("1-1-k", 1, "echo kept"))
    with HistoryStore(busy_timeout_ms=100) as s, pytest.raises(HistoryError, match="locked"):
        ingest_spool(s)
    assert locker.wait(timeout=30) == 0
    with HistoryStore() as s:
        assert ingest_spool(s).inserted == 1 and s.search("kept")


def _cli(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([CMDAI, "history", *args], capture_output=True, text=True, timeout=60,
                          env={**os.environ, **(env or {})})


def test_corrupt_database_clear_error_then_repair(home):
    tmp, spool = home
    from cmdai.history.spool import start_record

    sid = "1700000000-2-c"
    (spool / f"{sid}.spool").write_bytes(b"".join(start_record(sid, i, f"spooled {i}") for i in range(1, 11)))
    with HistoryStore() as s:
        for i in range(3000):
            s.add(f"stored command number {i} " + "y" * 100, started_at=1600000000 + i)
        assert ingest_spool(s).inserted == 10
        path = s.path
    # damage pages in the middle of the file (not the header)
    size = path.stat().st_size
    with open(path, "r+b") as f:
        for frac in (0.3, 0.6):
            f.seek(int(size * frac) // 4096 * 4096)
            f.write(os.urandom(4096))
    r = _cli("search", "stored", "-n", "0")
    if r.returncode == 0:  # the damage missed what search reads: a full check must still see it
        r = _cli("export")
    assert r.returncode == 6, r.stderr
    line = r.stderr.strip().splitlines()[0]
    assert str(path) in line and "cmdai history repair" in line and "Traceback" not in r.stderr
    r = _cli("repair", "--json")
    assert r.returncode == 0, r.stderr
    import json

    rep = json.loads(r.stdout)
    assert Path(rep["backup"]).exists() and rep["salvaged"] > 1000
    with HistoryStore() as s:
        assert s.db.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert len(s.search("spooled", limit=None)) == 10  # everything in the spool is back
        assert s.count() == rep["salvaged"] + rep["from_spool"]


def test_garbage_database_file_then_repair_from_spool(home):
    tmp, spool = home
    from cmdai.history.spool import start_record

    path = tmp / "data" / "history.db"
    path.write_bytes(os.urandom(50_000))
    (spool / "1-1-g.spool").write_bytes(start_record("1-1-g", 1, "echo survived"))
    r = _cli("list")
    assert r.returncode == 6 and str(path) in r.stderr and "cmdai history repair" in r.stderr
    assert _cli("repair").returncode == 0
    r = _cli("list", "--json")
    assert r.returncode == 0 and "echo survived" in r.stdout
    assert len(list(path.parent.glob("history.db.corrupt-*"))) == 1
    with pytest.raises(apsw.NotADBError):
        apsw.Connection(str(next(path.parent.glob("history.db.corrupt-*")))).execute("PRAGMA user_version")
