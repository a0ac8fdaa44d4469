"""Spool ingest: records in, exactly once; partial and malformed records; finished sessions."""

from __future__ import annotations

import os
import subprocess
import time

import pytest

from cmdai.history import HistoryStore, ingest_spool
from cmdai.history.spool import end_record, start_record


@pytest.fixture()
def env(tmp_path, monkeypatch):
    monkeypatch.setenv("CMDAI_HOME", str(tmp_path))
    spool = tmp_path / "data" / "spool"
    spool.mkdir(parents=True)
    with HistoryStore() as s:
        yield s, spool


def _dead_pid() -> int:
    p = subprocess.Popen(["true"])
    p.wait()
    return p.pid


def _append(path, data: bytes) -> None:
    with open(path, "ab") as f:
        f.write(data)


def test_records_in_order_with_exit_codes(env):
    s, spool = env
    f = spool / "1-1-a.spool"
    cmd = "printf 'a\\tb'\necho \"ünïcode\" | tr a b"
    _append(f, start_record("1-1-a", 1, cmd, shell="zsh", hostname="h", cwd="/tmp", started_at=1700000000.5)
            + end_record("1-1-a", 1, 0, 12)
            + start_record("1-1-a", 2, "false", started_at="1700000001") + end_record("1-1-a", 2, 1, 3)
            + start_record("1-1-a", 3, "make", request="build it", source="suggested", started_at=1700000002))
    r = ingest_spool(s)
    assert (r.inserted, r.malformed) == (3, 0)
    got = s.list(limit=None)
    assert [(e.command, e.exit_code, e.duration_ms, e.seq) for e in got] == [
        (cmd, 0, 12, 1), ("false", 1, 3, 2), ("make", None, None, 3)]
    assert got[0].cwd == "/tmp" and got[0].hostname == "h" and got[0].started_at == 1700000000.5
    assert got[2].source == "suggested" and got[2].request == "build it"
    _append(f, end_record("1-1-a", 3, 2, 900))  # the end record arrives in a later ingest
    r = ingest_spool(s)
    assert r.updated == 1 and s.list(limit=1)[0].exit_code == 2


def test_partial_trailing_record_is_left_for_next_time(env):
    s, spool = env
    f = spool / "1-1-b.spool"
    whole = start_record("1-1-b", 1, "echo one") + start_record("1-1-b", 2, "echo two")
    cut = len(whole) - 7
    _append(f, whole[:cut])
    r = ingest_spool(s)
    assert r.inserted == 1 and r.pending_bytes == cut - len(start_record("1-1-b", 1, "echo one"))
    _append(f, whole[cut:])
    assert ingest_spool(s).inserted == 1
    assert [e.command for e in s.list()] == ["echo one", "echo two"]


def test_malformed_records_are_skipped_and_reported(env):
    s, spool = env
    f = spool / "1-1-c.spool"
    good = start_record("1-1-c", 1, "echo ok")
    _append(f, b"garbage\x1e\n" + good + b"S\x1f2\x1fx\x1f1\x1e\n" + b"S\x1f1\x1f1-1-c\x1fNaN-seq\x1fzsh\x1fh\x1f/\x1f"
            b"\x1ftyped\x1f\x1fecho bad\x1e\n" + b"E\x1f1\x1f1-1-c\x1f1\x1fnot-int\x1f\x1e\n"
            + b"\xff\xfe" + start_record("1-1-c", 2, "echo after"))
    r = ingest_spool(s)
    assert r.malformed == 5 and r.inserted == 2
    assert all("1-1-c.spool: byte" in p for p in r.problems)
    assert [e.command for e in s.list()] == ["echo ok", "echo after"]
    assert ingest_spool(s).malformed == 0  # reported once


def test_replay_from_zero_is_idempotent(env):
    s, spool = env
    f = spool / "1-1-d.spool"
    for i in range(1, 51):
        _append(f, start_record("1-1-d", i, f"cmd {i}") + end_record("1-1-d", i, 0, i))
    assert ingest_spool(s).inserted == 50
    s.db.execute("DELETE FROM spool_state")  # a lost offset (or a repair) replays the whole file
    r = ingest_spool(s)
    assert (r.inserted, r.duplicates) == (0, 50) and s.count() == 50


def test_recreated_file_is_read_from_the_start(env):
    s, spool = env
    f = spool / "1-1-e.spool"
    _append(f, start_record("1-1-e", 1, "first") * 3)
    ingest_spool(s)
    f.unlink()
    _append(f, start_record("1-1-e", 2, "second"))  # a new inode, shorter than the old offset
    assert ingest_spool(s).inserted == 1 and s.count() == 2


def test_fish_without_clock_uses_mtime_minus_duration(env):
    s, spool = env
    f = spool / "1-1-f.spool"
    _append(f, start_record("1-1-f", 1, "sleep 2", shell="fish", started_at=None) + end_record("1-1-f", 1, 0, 2000))
    os.utime(f, (1_700_000_100, 1_700_000_100))
    ingest_spool(s)
    assert s.list()[0].started_at == pytest.approx(1_700_000_098)


def test_ignored_commands_are_consumed_not_stored(env):
    s, spool = env
    _append(spool / "1-1-g.spool", start_record("1-1-g", 1, "ls") + start_record("1-1-g", 2, " secret")
            + start_record("1-1-g", 3, "ls -l") + start_record("1-1-g", 4, "export TOKEN=abc123def"))
    r = ingest_spool(s)
    assert (r.inserted, r.ignored) == (2, 2)
    assert [e.command for e in s.list()] == ["ls -l", "export TOKEN=[REDACTED]"]


def test_finished_sessions_are_removed_live_ones_kept(env):
    s, spool = env
    dead = f"1700000000-{_dead_pid()}-x"
    live = f"1700000000-{os.getpid()}-y"
    old = time.time() - 3600
    for sid in (dead, live):
        p = spool / f"{sid}.spool"
        _append(p, start_record(sid, 1, f"echo {sid}") + b"S\x1f1\x1fincomplete")
        os.utime(p, (old, old))
    r = ingest_spool(s)
    assert r.inserted == 2
    assert r.removed_files == [f"{dead}.spool"] and not (spool / f"{dead}.spool").exists()
    assert (spool / f"{live}.spool").exists() and r.malformed == 1  # the dead one's incomplete tail
    assert [n for (n,) in s.db.execute("SELECT name FROM spool_state")] == [f"{live}.spool"]
    # a recently written file of a dead pid is kept until the grace period passes
    fresh = f"1700000000-{_dead_pid()}-z"
    _append(spool / f"{fresh}.spool", start_record(fresh, 1, "echo fresh"))
    assert ingest_spool(s).removed_files == []
    assert ingest_spool(s, dead_grace_s=0).removed_files == [f"{fresh}.spool"]
    assert s.count() == 3


def test_garbage_then_valid_record_salvages_the_valid_one(env):
    s, spool = env
    # a shell died mid-write, then the next record was appended to the same file
    _append(spool / "1-1-h.spool", b"S\x1f1\x1f1-1-h\x1f1\x1fzsh\x1fh" + start_record("1-1-h", 2, "echo later"))
    r = ingest_spool(s)
    assert r.inserted == 1 and r.malformed == 1 and s.list()[0].command == "echo later"
