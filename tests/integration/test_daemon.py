"""The engine daemon and its stdlib client, over a real Unix socket (fake engine: no model)."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from cmdai.engine import client
from cmdai.engine import daemon as dmod


@pytest.fixture
def short_home(monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    import shutil
    import tempfile

    d = Path(tempfile.mkdtemp(prefix="cmd", dir="/tmp"))
    monkeypatch.setenv("CMDAI_HOME", str(d))
    monkeypatch.setenv("CMDAI_NO_LOG_FILE", "1")
    yield d
    shutil.rmtree(d, ignore_errors=True)


def serve(idle: float = 60.0, mode: str = "echo") -> tuple[dmod.Daemon, threading.Thread]:
    from cmdai.config import load

    d = dmod.Daemon(load(), engine=dmod.FakeEngine(mode), idle_timeout_s=idle, ingest=False)
    t = threading.Thread(target=d.serve_forever, daemon=True)
    t.start()
    end = time.monotonic() + 10
    while client.ping() is None:
        assert time.monotonic() < end, "daemon did not come up"
        time.sleep(0.02)
    return d, t


def test_ping_suggest_and_modes(short_home: Path) -> None:
    d, t = serve()
    try:
        info = client.ping()
        assert info["ok"] and info["pid"] == os.getpid() and info["model"] == "fake-echo"
        sock = Path(client.socket_path())
        assert oct(sock.stat().st_mode & 0o777) == "0o600"
        assert oct(sock.parent.stat().st_mode & 0o777) == "0o700"
        st, msg, cmd = client.suggest("list  files", cwd="/tmp", shell="zsh", session="s1")
        assert st == "ok" and "fake: list files" in cmd
        st, msg, cmd = client.suggest("danger x", cwd="/tmp", shell="zsh")
        assert st == "warn" and cmd == "rm -rf ./build" and "recursive delete" in msg
        st, msg, cmd = client.suggest("blocked x", cwd="/tmp", shell="zsh")
        assert st == "blocked" and "deletes every file" in msg
        st, msg, cmd = client.suggest("fail x", cwd="/tmp", shell="zsh")
        assert st == "error" and "no backend" in msg and cmd == ""
        assert client.suggest("   ", cwd="/tmp", shell="zsh")[0] == "hint"
        resp = client.call({"op": "nope", "id": "1"})
        assert resp["ok"] is False and "unknown op" in resp["error"]
    finally:
        d.stop_event.set()
        t.join(5)
    assert not Path(client.socket_path()).exists()


def test_cancel_op_and_disconnect_cancel_the_generation(short_home: Path, monkeypatch) -> None:
    monkeypatch.setenv("CMDAI_TEST_ENGINE_DELAY", "30")
    d, t = serve(mode="slow")
    try:
        s = client.connect()
        s.sendall(b'{"op":"suggest","id":"a","request":"slow one","cwd":"/tmp","shell":"bash"}\n')
        time.sleep(0.3)
        t0 = time.monotonic()
        s.sendall(b'{"op":"cancel","id":"a"}\n')
        resp = client._recv_line(s, bytearray())
        assert resp == {"id": "a", "ok": False, "error": "cancelled", "exit_code": 130}
        assert time.monotonic() - t0 < 5
        s.close()
        # closing the socket cancels too
        s = client.connect()
        s.sendall(b'{"op":"suggest","id":"b","request":"slow two","cwd":"/tmp","shell":"bash"}\n')
        time.sleep(0.3)
        s.close()
        end = time.monotonic() + 5
        while d.cancelled < 2:
            assert time.monotonic() < end, "closing the connection did not cancel"
            time.sleep(0.02)
    finally:
        d.stop_event.set()
        t.join(5)


def test_one_instance_per_user(short_home: Path) -> None:
    d, t = serve()
    try:
        from cmdai.config import load

        other = dmod.Daemon(load(), engine=dmod.FakeEngine("echo"), idle_timeout_s=5, ingest=False)
        assert other.acquire_lock() is False
        assert other.serve_forever() == 0  # exits at once, leaves the running one alone
        assert client.ping()["pid"] == os.getpid()
    finally:
        d.stop_event.set()
        t.join(5)


def test_idle_timeout_exits(short_home: Path) -> None:
    d, t = serve(idle=1.0)
    t.join(10)
    assert not t.is_alive()
    assert client.ping() is None


@pytest.mark.skipif(os.getuid() != 0, reason="needs root to connect as another uid")
def test_other_uid_is_refused(short_home: Path) -> None:
    d, t = serve()
    try:
        path = client.socket_path()
        os.chmod(short_home, 0o711)
        os.chmod(os.path.dirname(path), 0o711)  # let the other user reach the socket: the uid check must hold
        os.chmod(path, 0o666)
        code = ("import socket,sys;s=socket.socket(socket.AF_UNIX);s.connect(sys.argv[1]);"
                "print(s.recv(4096).decode())")  # the daemon answers the refusal at accept
        import shutil

        py = shutil.which("python3", path="/usr/bin:/bin")
        if py is None:
            pytest.skip("no system python3 the other user can run")
        r = subprocess.run([py, "-c", code, path], capture_output=True, text=True, timeout=20,
                           user=65534, group=65534)
        assert "permission denied" in r.stdout, (r.stdout, r.stderr)
        assert '"pid"' not in r.stdout
    finally:
        d.stop_event.set()
        t.join(5)


def test_subprocess_daemon_sigterm_and_client_autostart(short_home: Path, monkeypatch) -> None:
    monkeypatch.setenv("CMDAI_TEST_ENGINE", "echo")
    st, msg, cmd = client.suggest("autostart me", cwd="/tmp", shell="bash", session="t1")
    assert st == "ok" and "fake: autostart me" in cmd and msg == ""
    info = client.ping()
    assert info and info["pid"] != os.getpid()
    os.kill(info["pid"], signal.SIGTERM)
    end = time.monotonic() + 10
    while True:  # the daemon is our child here (the client started it): reap it
        pid, status = os.waitpid(info["pid"], os.WNOHANG)
        if pid:
            assert os.waitstatus_to_exitcode(status) == 0
            break
        assert time.monotonic() < end, "daemon ignored SIGTERM"
        time.sleep(0.02)
    assert not Path(client.socket_path()).exists()


def test_falls_back_in_process_and_says_so_once(monkeypatch) -> None:
    import shutil
    import tempfile

    # a CMDAI_HOME so deep that the socket path cannot be bound: the daemon cannot start
    base = Path(tempfile.mkdtemp(prefix="cmd", dir="/tmp"))
    deep = base / ("d" * 60) / ("e" * 60)
    deep.mkdir(parents=True)
    monkeypatch.setenv("CMDAI_HOME", str(deep))
    monkeypatch.setenv("CMDAI_TEST_ENGINE", "echo")
    try:
        st, msg, cmd = client.suggest("no daemon here", cwd="/tmp", shell="zsh", session="fb1")
        assert st == "ok" and "fake: no daemon here" in cmd
        assert "ran the model in this process" in msg and "too long" in msg
        st, msg, cmd = client.suggest("again", cwd="/tmp", shell="zsh", session="fb1")
        assert st == "ok" and msg == ""
    finally:
        shutil.rmtree(base, ignore_errors=True)


def test_client_imports_only_the_stdlib(short_home: Path) -> None:
    path = Path(client.__file__)
    r = subprocess.run([sys.executable, "-X", "importtime", "-I", "-S", str(path), "ping"], capture_output=True,
                       text=True, timeout=30)
    mods = [ln.split("|")[-1].strip() for ln in r.stderr.splitlines() if ln.startswith("import time:")]
    assert mods, r.stderr
    banned = ("click", "yaml", "numpy", "llama_cpp", "cmdai", "httpx", "apsw", "platformdirs")
    assert not [m for m in mods if m.split(".")[0] in banned]


def test_client_cli_output_format(short_home: Path, monkeypatch) -> None:
    monkeypatch.setenv("CMDAI_TEST_ENGINE", "echo")
    d, t = serve()
    try:
        r = subprocess.run([sys.executable, "-I", "-S", client.__file__, "suggest", "--shell", "fish", "--",
                            "say", "it"], capture_output=True, text=True, timeout=30, env=dict(os.environ))
        st, msg, cmd = r.stdout.split("\x1f", 2)
        assert (st, msg) == ("ok", "") and "fake: say it" in cmd and not r.stdout.endswith("\n")
        out = subprocess.run([sys.executable, "-I", "-S", client.__file__, "ping"], capture_output=True,
                             text=True, timeout=30, env=dict(os.environ)).stdout
        assert json.loads(out)["ok"] is True
    finally:
        d.stop_event.set()
        t.join(5)


def test_ingests_spool_when_idle(short_home: Path, monkeypatch) -> None:
    history = pytest.importorskip("cmdai.history")
    if not hasattr(history, "ingest_spool"):
        pytest.skip("history ingest not available")
    from cmdai import paths
    from cmdai.config import load

    sd = paths.ensure_dir(paths.spool_dir())
    rec = "\x1f".join(["S", "1", "1-999999-1", "1", "bash", "h", "/tmp", "1700000000.5", "typed", "",
                       "echo from-spool"]) + "\x1e\n"
    (sd / "1-999999-1.spool").write_text(rec + "\x1f".join(["E", "1", "1-999999-1", "1", "0", "12"]) + "\x1e\n")
    monkeypatch.setattr(dmod, "INGEST_AFTER_IDLE_S", 0.0)
    d = dmod.Daemon(load(), engine=dmod.FakeEngine("echo"), idle_timeout_s=60, ingest=True)
    t = threading.Thread(target=d.serve_forever, daemon=True)
    t.start()
    try:
        end = time.monotonic() + 15
        while True:
            with history.HistoryStore(config=load()) as st:
                cmds = [e.command for e in st.list(limit=10)]
            if "echo from-spool" in cmds:
                break
            assert time.monotonic() < end, "spool not ingested"
            time.sleep(0.2)
    finally:
        d.stop_event.set()
        t.join(5)


def test_cli_start_status_stop(short_home: Path, monkeypatch) -> None:
    monkeypatch.setenv("CMDAI_TEST_ENGINE", "echo")
    cmdai = [sys.executable, "-m", "cmdai.cli.main"]
    env = dict(os.environ)
    r = subprocess.run([*cmdai, "daemon", "status", "--json"], capture_output=True, text=True, env=env, timeout=60)
    assert r.returncode == 7 and json.loads(r.stdout)["running"] is False
    r = subprocess.run([*cmdai, "daemon", "start"], capture_output=True, text=True, env=env, timeout=60)
    assert r.returncode == 0 and "started" in r.stdout, r.stderr
    r = subprocess.run([*cmdai, "daemon", "status", "--json"], capture_output=True, text=True, env=env, timeout=60)
    info = json.loads(r.stdout)
    assert r.returncode == 0 and info["running"] and info["model"] == "fake-echo"
    r = subprocess.run([*cmdai, "daemon", "stop"], capture_output=True, text=True, env=env, timeout=60)
    assert r.returncode == 0 and "stopped" in r.stdout
    assert client.ping() is None
    _ = socket
