"""The history store: files, migrations, writing, reading, search, retention, deletion."""

from __future__ import annotations

import os
import stat
import time

import apsw
import pytest

from cmdai.config.schema import Config
from cmdai.errors import HistoryError
from cmdai.history import Filters, HistoryStore
from cmdai.history import migrations as mig
from cmdai.history.store import fts_query


@pytest.fixture()
def home(tmp_path, monkeypatch):
    monkeypatch.setenv("CMDAI_HOME", str(tmp_path))
    monkeypatch.delenv("CMDAI_HISTORY_DB", raising=False)
    return tmp_path


@pytest.fixture()
def store(home):
    with HistoryStore() as s:
        yield s


def test_files_are_private_and_wal(home):
    with HistoryStore() as s:
        s.add("echo hi")
        assert s.db.execute("PRAGMA journal_mode").fetchall()[0][0] == "wal"
        path = s.path
    assert path == home / "data" / "history.db"
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert stat.S_IMODE(os.stat(path.parent).st_mode) == 0o700


def _rows_for(version: int) -> list[tuple]:
    return [(f"git commit -m 'v{version} n{i}'", "/repo", f"s{version}", i, 1_700_000_000.0 + i, i % 2)
            for i in range(5)]


@pytest.mark.parametrize("version", range(len(mig.MIGRATIONS)))
def test_every_earlier_schema_migrates_with_rows_intact(home, version):
    path = home / "old.db"
    db = apsw.Connection(str(path))
    mig.apply(db, path, target=version)
    assert mig.version(db) == version
    rows = _rows_for(version)
    if version >= 1:  # the history table exists from migration 1 on
        db.executemany("INSERT INTO history (command, cwd, session, seq, started_at, exit_code) "
                       "VALUES (?,?,?,?,?,?)", rows)
    db.close()
    with HistoryStore(path) as s:
        assert mig.version(s.db) == len(mig.MIGRATIONS)
        got = s.list(limit=None)
        if version == 0:
            assert got == []
            return
        assert [(e.command, e.cwd, e.session, e.seq, e.started_at, e.exit_code) for e in got] == rows
        assert all(e.source == "typed" and e.favourite is False for e in got)
        # the full-text index covers rows written before it existed
        hits = s.search(f"v{version}")
        assert len(hits) == 5
        s.set_favourite([got[0].id])
        assert s.get(got[0].id).favourite


def test_newer_schema_is_refused(home):
    path = home / "new.db"
    db = apsw.Connection(str(path))
    db.execute(f"PRAGMA user_version = {len(mig.MIGRATIONS) + 5}")
    db.close()
    with pytest.raises(HistoryError, match="newer"):
        HistoryStore(path)


def test_add_redacts_and_ignores(store):
    i = store.add("curl -H 'Authorization: Bearer abcdefghijklmnop' https://api.example.com",
                  request="call the api with token=hunter2secret", source="suggested")
    e = store.get(i)
    assert "abcdefghijklmnop" not in e.command and "[REDACTED]" in e.command
    assert e.request == "call the api with token=[REDACTED]"
    assert store.add(" secret-command-with-leading-space") is None
    assert store.add("ls") is None  # default history.ignore
    assert store.add("ls -la") is not None
    with pytest.raises(HistoryError):
        store.add("x", source="other")


def test_user_redact_patterns(home):
    cfg = Config()
    cfg.history.redact = [r"corp-[0-9]{6}"]
    with HistoryStore(config=cfg) as s:
        e = s.get(s.add("deploy --ticket corp-123456 now"))
    assert e.command == "deploy --ticket [REDACTED] now"


def test_search_prefix_bm25_and_filters(store):
    t = 1_700_000_000.0
    store.add("git push origin main", cwd="/a", started_at=t, exit_code=0, session="s1", seq=1)
    store.add("git pull --rebase", cwd="/a", started_at=t + 1, exit_code=1, session="s1", seq=2)
    store.add("docker compose up", cwd="/b", started_at=t + 2, exit_code=0, session="s2", seq=1)
    store.add("push it", cwd="/b", started_at=t + 3, exit_code=0, session="s2", seq=2,
              request="push the git thing", source="suggested")
    assert {e.command for e in store.search("git pu")} == {"git push origin main", "git pull --rebase",
                                                          "push it"}
    assert [e.command for e in store.search("git pu", Filters(exit="fail"))] == ["git pull --rebase"]
    assert [e.command for e in store.search("git", Filters(cwd="/b"))] == ["push it"]
    assert [e.command for e in store.search("pu", Filters(since=t + 0.5, until=t + 1.5))] == ["git pull --rebase"]
    assert [e.command for e in store.search("git", Filters(source="suggested"))] == ["push it"]
    # bm25: a command where the word is a larger share ranks first
    store.add("rebase", started_at=t + 4)
    assert store.search("rebase")[0].command == "rebase"
    hl = store.search("docker", highlight=("<", ">"))
    assert hl[0].highlighted == "<docker> compose up"
    assert [e.command for e in store.search("compose", limit=1)] == ["docker compose up"]
    # no words: substring match
    store.add("cat a | wc -l", started_at=t + 5)
    assert [e.command for e in store.search("|")] == ["cat a | wc -l"]
    assert fts_query('say "hi" x-y') == '"say"* AND "hi"* AND "x y"*'


def test_search_unique(store):
    for i in range(3):
        store.add("make test", started_at=1_700_000_000 + i)
    store.add("make build", started_at=1_700_000_010)
    assert len(store.search("make")) == 4
    assert sorted(e.command for e in store.search("make", unique=True)) == ["make build", "make test"]


def test_list_recent_and_library_api(store):
    t = 1_700_000_000.0
    for i in range(5):
        store.add(f"cmd {i}", session="s1", seq=i, started_at=t + i, cwd="/w", exit_code=0 if i else 2)
    store.add("other", session="s2", seq=1, started_at=t + 10, cwd="/x")
    assert [e.command for e in store.list(limit=3)] == ["cmd 3", "cmd 4", "other"]
    assert [e.command for e in store.recent(session="s1", limit=2)] == ["cmd 4", "cmd 3"]
    store.add("find . -name '*.py'", request="python files here", source="suggested", exit_code=0,
              started_at=t + 20)
    store.add("rm -rf build", request="clean build", source="suggested", exit_code=1, started_at=t + 21)
    store.add("du -sh *", request="sizes", source="suggested", started_at=t + 22)
    assert store.accepted_suggestions() == [("sizes", "du -sh *"), ("python files here", "find . -name '*.py'")]
    d = store.dir_summary("/w")
    assert d["count"] == 5 and d["failures"] == 1 and d["failure_rate"] == pytest.approx(0.2)
    assert d["recent"][0] == "cmd 4" and d["top_programs"] == [{"program": "cmd", "count": 5}]


def test_stats(store):
    t = time.time() - 100
    for i in range(6):
        store.add("make" if i % 2 else "git status", cwd=f"/p{i % 3}", exit_code=i % 3, started_at=t + i)
    s = store.stats(period="day")
    assert s["total"] == 6 and s["distinct_commands"] == 2
    assert s["failures"] == 4 and s["failure_rate"] == pytest.approx(4 / 6, abs=1e-3)
    assert {r["command"]: r["count"] for r in s["top_commands"]} == {"make": 3, "git status": 3}
    assert len(s["directories"]) == 3 and s["by_period"][-1]["count"] == 6
    with pytest.raises(HistoryError):
        store.stats(period="fortnight")


def test_prune_age_count_and_favourites(store):
    now = 1_800_000_000.0
    ids = [store.add(f"c{i}", started_at=now - (100 - i) * 86400) for i in range(100)]
    store.set_favourite([ids[0]])  # the oldest, a favourite
    r = store.prune(max_age_days=50, max_entries=1000, keep_favourites=True, now=now)
    assert r["deleted_by_age"] == 49  # 50 are older than 50 days, one of them a favourite
    assert store.get(ids[0]) is not None and store.count() == 51
    r = store.prune(max_age_days=1000, max_entries=10, keep_favourites=True, now=now)
    assert store.count() == 10 and store.get(ids[0]) is not None
    assert [e.command for e in store.list(limit=None)][-9:] == [f"c{i}" for i in range(91, 100)]
    dry = store.prune(max_age_days=1000, max_entries=1, keep_favourites=False, now=now, dry_run=True)
    assert dry["deleted"] == 9 and store.count() == 10


def test_prune_uses_config_retention(home):
    cfg = Config()
    cfg.history.retention.max_entries = 3
    with HistoryStore(config=cfg) as s:
        for i in range(5):
            s.add(f"c{i}", started_at=time.time() - 10 + i)
        assert s.prune()["deleted"] == 2 and s.count() == 3


def test_delete_purges_text_from_the_file(store):
    keep = store.add("echo keep-me")
    gone = store.add("echo zqxwvu-unique-marker")
    assert store.delete([gone], purge=True) == 1
    assert store.get(gone) is None and store.get(keep) is not None
    assert store.search("zqxwvu") == []
    raw = b"".join(p.read_bytes() for p in store.path.parent.iterdir() if p.name.startswith("history.db"))
    assert b"zqxwvu" not in raw


def test_triggers_follow_updates(store):
    i = store.add("old words here")
    with store.db:
        store.db.execute("UPDATE history SET command = 'new text' WHERE id = ?", (i,))
    assert store.search("old") == [] and [e.id for e in store.search("new")] == [i]
    assert store.db.execute("INSERT INTO history_fts(history_fts, rank) VALUES ('integrity-check', 1)") is not None


def test_corrupt_file_is_one_clear_error(home):
    path = home / "data" / "history.db"
    path.parent.mkdir(parents=True)
    path.write_bytes(b"this is not a database at all" * 200)
    with pytest.raises(HistoryError) as ei:
        HistoryStore()
    msg = str(ei.value)
    assert str(path) in msg and "cmdai history repair" in msg and "\n" not in msg
