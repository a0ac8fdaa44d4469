"""The engine daemon: keeps one Engine (and its model) loaded for the Ctrl-G widget.

    python -m cmdai.engine.daemon run        # foreground server (what `cmdai daemon start` spawns)

Protocol: JSON lines over the Unix socket ``runtime_dir()/daemon.sock`` (see the common brief):
``suggest``, ``check``, ``ping``, ``cancel``, ``shutdown``. One request per line; answers carry
the request's ``id``. Extension: a ``suggest`` with ``"reply": "widget"`` is answered with the
raw line ``STATUS US MESSAGE US COMMAND RS`` (the client's stdout format, see client.py) instead
of JSON, so zsh's widget can ask with builtins only. Several connections are served at once, but generations run one at a time
(llama.cpp is not thread-safe); a connection that closes cancels its running requests.

Safety of the socket: the runtime dir is 0700, the socket 0600, and every connection's peer
uid (SO_PEERCRED) must equal ours or it is refused. One instance per user: an exclusive
``fcntl.flock`` on ``runtime_dir()/daemon.lock`` (which also holds the pid).

Lifecycle: the socket is bound first, then the model is loaded in a thread (requests wait for
it), so a client that started the daemon can send its request at once. The daemon exits after
``daemon.idle_timeout_s`` seconds without a request, and on SIGTERM / SIGINT / ``shutdown``.
When idle it ingests the shell hooks' spool files into the history database.

Tests only: when both ``CMDAI_HOME`` and ``CMDAI_TEST_ENGINE`` are set, the daemon serves a
fake engine instead of the model (see :class:`FakeEngine`): ``echo`` answers at once, ``slow``
waits ``CMDAI_TEST_ENGINE_DELAY`` seconds (default 30) unless cancelled. Nothing else reads it.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import logging
import os
import signal
import socket
import struct
import sys
import threading
import time
from pathlib import Path
from typing import Any

from .. import paths
from ..errors import CmdaiError, DaemonError

log = logging.getLogger("cmdai.engine.daemon")  # not __name__: it is __main__ under -m

SOCKET_NAME = "daemon.sock"
LOCK_NAME = "daemon.lock"
INGEST_AFTER_IDLE_S = 5.0
INGEST_EVERY_S = 60.0
MAX_LINE = 1 << 20


def socket_path() -> Path:
    return paths.runtime_dir() / SOCKET_NAME


def lock_path() -> Path:
    return paths.runtime_dir() / LOCK_NAME


def read_pid() -> int | None:
    """The pid recorded in the lock file by a running daemon (None if unknown)."""
    try:
        txt = lock_path().read_text().strip()
        return int(txt) if txt else None
    except (OSError, ValueError):
        return None


# -- the fake engine (tests only) --------------------------------------------------------------

class FakeEngine:
    """A stand-in engine for shell tests: deterministic, instant or slow, no model.

    Request words select the answer: ``fail`` -> a backend error; ``blocked`` -> a blocked
    critical command; ``danger`` -> a high-risk command; anything else -> an ``echo`` whose text
    would create a marker file if the shell ever evaluated it instead of inserting it."""

    def __init__(self, mode: str) -> None:
        self.mode = mode
        self.delay = float(os.environ.get("CMDAI_TEST_ENGINE_DELAY", "30"))
        self.model = f"fake-{mode}"

    def warm(self) -> None:
        pass

    def suggest(self, request: str, *, cwd: str | None = None, shell: str | None = None,
                policy: str | None = None, session: str | None = None, recent: Any = None,
                cancel: Any = None) -> Any:
        from ..errors import BackendError, Cancelled
        from .pipeline import Result, clean_request

        t0 = time.perf_counter()
        text = clean_request(request)
        if self.mode == "slow" and cancel is not None and cancel.wait(self.delay):
            raise Cancelled("cancelled")
        if "fail" in text:
            raise BackendError("no backend could answer (fake engine told to fail)")
        res = Result(request=text, backend="fake", model=self.model)
        if "blocked" in text:
            res.command = "rm -rf --no-preserve-root /"
            res.risk_level, res.blocked = "critical", True
            res.reasons = [{"rule_id": "fake.rm_root", "text": "deletes every file on the system",
                            "level": "critical"}]
        elif "danger" in text:
            res.command = "rm -rf ./build"
            res.risk_level, res.requires_confirmation = "high", True
            res.reasons = [{"rule_id": "fake.rm_rf", "text": "recursive delete of ./build",
                            "level": "high"}]
        else:
            marker = os.path.join(os.environ.get("CMDAI_HOME", "/tmp"), "EVALUATED")
            res.command = f"echo \"$(touch {marker})\" 'fake: {text.replace(chr(39), '')}' && ls"
        res.latency_ms = (time.perf_counter() - t0) * 1000
        return res

    def close(self) -> None:
        pass


def make_engine(cfg: Any) -> Any:
    mode = os.environ.get("CMDAI_TEST_ENGINE")
    if mode and os.environ.get("CMDAI_HOME"):
        return FakeEngine(mode)
    from .pipeline import Engine

    return Engine.from_config(cfg)


# -- the server --------------------------------------------------------------------------------

class _Conn:
    def __init__(self, sock: socket.socket) -> None:
        self.sock = sock
        self.wlock = threading.Lock()
        self.tokens: dict[str, Any] = {}
        self.closed = False

    def send(self, obj: dict[str, Any]) -> None:
        self.send_raw(json.dumps(obj, ensure_ascii=False).encode("utf-8") + b"\n")

    def send_raw(self, data: bytes) -> None:
        with self.wlock:
            if self.closed:
                return
            try:
                self.sock.sendall(data)
            except OSError:
                self.closed = True


def widget_line(status: str, msg: str, cmd: str) -> bytes:
    """The ``"reply": "widget"`` answer: ``STATUS US MESSAGE US COMMAND RS`` (the client's stdout
    format plus an RS end mark), so zsh's widget can talk to the socket with builtins alone
    (zsh/net/socket + sysread) instead of starting a Python client per Ctrl-G."""
    clean = str.maketrans({"\x1e": " ", "\x1f": " "})
    return f"{status}\x1f{msg.translate(clean)}\x1f{cmd.replace(chr(0x1e), '')}\x1e".encode()


class Daemon:
    def __init__(self, cfg: Any = None, engine: Any = None, *, idle_timeout_s: float | None = None,
                 ingest: bool = True) -> None:
        if cfg is None:
            from ..config import load

            cfg = load()
        self.cfg = cfg
        self.engine = engine if engine is not None else make_engine(cfg)
        self.idle_timeout_s = float(idle_timeout_s if idle_timeout_s is not None else cfg.daemon.idle_timeout_s)
        self.ingest_enabled = ingest and bool(getattr(cfg.history, "enabled", True))
        self.sock_path = socket_path()
        self.started = time.time()
        self.last_activity = time.monotonic()
        self.last_ingest = 0.0
        self.active = 0
        self.requests = 0
        self.cancelled = 0
        self.engine_lock = threading.Lock()
        self.state_lock = threading.Lock()
        self.stop_event = threading.Event()
        self.warm_error: str | None = None
        self.warm_done = threading.Event()
        self._lock_fd: int | None = None
        self._server: socket.socket | None = None
        self._ingesting = False

    # -- setup / teardown ------------------------------------------------------------------
    def acquire_lock(self) -> bool:
        """Take the per-user lock; False if another daemon holds it."""
        paths.ensure_dir(paths.runtime_dir())
        fd = os.open(lock_path(), os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(fd)
            return False
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode())
        self._lock_fd = fd
        return True

    def bind(self) -> None:
        path = str(self.sock_path)
        if len(path.encode()) > 100:
            raise DaemonError(f"socket path too long for a Unix socket ({len(path)} bytes): {path}; "
                              "set XDG_RUNTIME_DIR or CMDAI_HOME to a shorter directory")
        with contextlib.suppress(FileNotFoundError):
            os.unlink(path)  # stale: we hold the lock, so no live daemon owns it
        srv = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        old = os.umask(0o177)
        try:
            srv.bind(path)
        finally:
            os.umask(old)
        os.chmod(path, 0o600)
        srv.listen(16)
        srv.settimeout(0.5)
        self._server = srv

    def _warm(self) -> None:
        with self.engine_lock:
            try:
                t0 = time.perf_counter()
                warm = getattr(self.engine, "warm", None)
                if warm:
                    warm()
                log.info("engine warm in %.0f ms", (time.perf_counter() - t0) * 1000)
            except CmdaiError as e:
                self.warm_error = str(e)
                log.warning("engine warm-up failed: %s", e)
            except Exception as e:
                self.warm_error = f"{type(e).__name__}: {e}"
                log.exception("engine warm-up failed")
            finally:
                self.warm_done.set()

    def close(self) -> None:
        if self._server is not None:
            with contextlib.suppress(OSError):
                self._server.close()
            # remove the socket only if it is still ours (same inode as we bound)
            with contextlib.suppress(OSError):
                os.unlink(self.sock_path)
            self._server = None
        with contextlib.suppress(Exception):
            self.engine.close()
        if self._lock_fd is not None:
            with contextlib.suppress(OSError):
                os.ftruncate(self._lock_fd, 0)
                fcntl.flock(self._lock_fd, fcntl.LOCK_UN)
                os.close(self._lock_fd)
            self._lock_fd = None

    # -- main loop -------------------------------------------------------------------------
    def serve_forever(self) -> int:
        if not self.acquire_lock():
            log.info("another daemon is running (pid %s); exiting", read_pid())
            return 0
        try:
            self.bind()
            self._detach_stdio()
            threading.Thread(target=self._warm, name="warm", daemon=True).start()
            log.info("daemon %d listening on %s (idle timeout %.0f s)", os.getpid(), self.sock_path,
                     self.idle_timeout_s)
            while not self.stop_event.is_set():
                try:
                    conn, _ = self._server.accept()  # type: ignore[union-attr]
                except TimeoutError:
                    self._tick()
                    continue
                except OSError:
                    if self.stop_event.is_set():
                        break
                    raise
                if not self._peer_ok(conn):
                    continue
                threading.Thread(target=self._serve_conn, args=(conn,), daemon=True).start()
                self._tick()
        finally:
            log.info("daemon %d shutting down", os.getpid())
            self.close()
        return 0

    @staticmethod
    def _detach_stdio() -> None:
        """The starter reads our stderr only until the socket answers: stop writing to it."""
        for fd in (1, 2):
            with contextlib.suppress(OSError):
                if not os.isatty(fd):
                    null = os.open(os.devnull, os.O_WRONLY)
                    os.dup2(null, fd)
                    os.close(null)

    def _peer_ok(self, conn: socket.socket) -> bool:
        try:
            creds = conn.getsockopt(socket.SOL_SOCKET, socket.SO_PEERCRED, struct.calcsize("3i"))
            pid, uid, gid = struct.unpack("3i", creds)
        except (OSError, AttributeError):
            uid = -1
            pid = -1
        if uid != os.getuid():
            log.warning("refused a connection from uid %s (pid %s)", uid, pid)
            with contextlib.suppress(OSError):
                conn.sendall(b'{"ok": false, "error": "permission denied: not your daemon", "exit_code": 7}\n')
                conn.close()
            return False
        return True

    def _tick(self) -> None:
        now = time.monotonic()
        with self.state_lock:
            idle = now - self.last_activity if self.active == 0 else 0.0
        if idle >= self.idle_timeout_s:
            log.info("idle for %.0f s; exiting", idle)
            self.stop_event.set()
            return
        if (self.ingest_enabled and idle >= INGEST_AFTER_IDLE_S and not self._ingesting
                and time.time() - self.last_ingest >= INGEST_EVERY_S):
            self._ingesting = True
            self.last_ingest = time.time()
            threading.Thread(target=self._ingest, name="ingest", daemon=True).start()

    def _ingest(self) -> None:
        try:
            try:
                from ..history import HistoryStore, ingest_spool
            except ImportError:
                return
            with HistoryStore(config=self.cfg) as store:
                rep = ingest_spool(store)
                try:  # embed a bounded batch of new rows (only once the user ran `history embed`)
                    from ..semantic.history import embed_pending

                    embed_pending(store.db, 256, cfg=self.cfg)
                except Exception as e:
                    log.warning("embedding new history rows failed: %s", e)
            summary = getattr(rep, "summary", None)
            log.info("spool ingest: %s", summary() if callable(summary) else rep)
        except Exception as e:  # ingest must never kill the daemon
            log.warning("spool ingest failed: %s", e)
        finally:
            self._ingesting = False

    # -- connections -----------------------------------------------------------------------
    def _touch(self, delta: int) -> None:
        with self.state_lock:
            self.active += delta
            self.last_activity = time.monotonic()

    def _serve_conn(self, sock: socket.socket) -> None:
        conn = _Conn(sock)
        buf = bytearray()
        sock.settimeout(None)
        try:
            while not self.stop_event.is_set():
                try:
                    chunk = sock.recv(65536)
                except OSError:
                    break
                if not chunk:
                    break
                buf.extend(chunk)
                if len(buf) > MAX_LINE and b"\n" not in buf:
                    conn.send({"ok": False, "error": "request too large", "exit_code": 2})
                    break
                while b"\n" in buf:
                    line, _, rest = bytes(buf).partition(b"\n")
                    buf[:] = rest
                    if line.strip():
                        self._dispatch(conn, line)
        finally:
            # the client went away (Ctrl-C, closed terminal): cancel what it was waiting for
            with conn.wlock:
                conn.closed = True
                tokens = list(conn.tokens.values())
            for t in tokens:
                t.cancel()
            with contextlib.suppress(OSError):
                sock.close()

    def _dispatch(self, conn: _Conn, line: bytes) -> None:
        try:
            req = json.loads(line.decode("utf-8"))
            if not isinstance(req, dict):
                raise ValueError("not an object")
        except (ValueError, UnicodeDecodeError) as e:
            conn.send({"ok": False, "error": f"bad request: {e}", "exit_code": 2})
            return
        op = req.get("op")
        rid = req.get("id")
        self._touch(0)
        if op == "ping":
            conn.send({"id": rid, "ok": True, "pid": os.getpid(), "model": self._model_name(),
                       "uptime_s": round(time.time() - self.started, 1), "warm": self.warm_done.is_set(),
                       "warm_error": self.warm_error, "requests": self.requests, "cancelled": self.cancelled, "active": self.active,
                       "socket": str(self.sock_path), "idle_timeout_s": self.idle_timeout_s})
        elif op == "cancel":
            with conn.wlock:
                tok = conn.tokens.get(str(rid))
            if tok is not None:
                tok.cancel()
        elif op == "shutdown":
            conn.send({"id": rid, "ok": True, "pid": os.getpid()})
            self.stop_event.set()
        elif op == "suggest":
            from ..backends.base import CancellationToken

            tok = CancellationToken()
            with conn.wlock:
                conn.tokens[str(rid)] = tok
            self._touch(+1)
            threading.Thread(target=self._suggest, args=(conn, req, tok), daemon=True).start()
        elif op == "check":
            self._touch(+1)
            try:
                conn.send(self._check(req))
            finally:
                self._touch(-1)
        else:
            conn.send({"id": rid, "ok": False, "error": f"unknown op: {op!r}", "exit_code": 2})

    def _model_name(self) -> str:
        eng = self.engine
        m = getattr(eng, "model", None)
        if isinstance(m, str):
            return m
        be = getattr(eng, "_backend", None)
        with contextlib.suppress(Exception):
            if be is not None:
                return str(be.model)
        return str(getattr(getattr(self.cfg, "backend", None), "default", ""))

    def _suggest(self, conn: _Conn, req: dict[str, Any], tok: Any) -> None:
        from ..errors import Cancelled
        from .client import format_result

        rid = req.get("id")
        widget = req.get("reply") == "widget"
        t0 = time.perf_counter()
        try:
            self.warm_done.wait()
            with self.engine_lock:
                if tok.cancelled:
                    raise Cancelled("cancelled")
                t1 = time.perf_counter()
                res = self.engine.suggest(str(req.get("request", "")), cwd=req.get("cwd") or None,
                                          shell=req.get("shell") or None, policy=req.get("policy") or None,
                                          session=req.get("session") or None, cancel=tok)
                engine_ms = (time.perf_counter() - t1) * 1000
            self.requests += 1
            # answer first: logging (a file write) and bookkeeping happen after the widget has it
            daemon_ms = (time.perf_counter() - t0) * 1000
            if widget:
                conn.send_raw(widget_line(*format_result(res.to_dict())))
            else:
                conn.send({"id": rid, "ok": True, "result": res.to_dict(), "engine_ms": round(engine_ms, 1),
                           "daemon_ms": round(daemon_ms, 1)})
            log.info("suggest id=%s engine_ms=%.1f daemon_ms=%.1f", rid, engine_ms, daemon_ms)
        except Cancelled:
            self.cancelled += 1
            log.info("request %s cancelled", rid)
            if widget:
                conn.send_raw(widget_line("cancelled", "", ""))
            else:
                conn.send({"id": rid, "ok": False, "error": "cancelled", "exit_code": 130})
        except CmdaiError as e:
            err = str(e).replace("\n", " ")
            if widget:
                conn.send_raw(widget_line("error", f"cmdai: {err}", ""))
            else:
                conn.send({"id": rid, "ok": False, "error": err, "exit_code": e.exit_code})
        except Exception as e:
            log.exception("suggest failed")
            if widget:
                conn.send_raw(widget_line("error", f"cmdai: unexpected {type(e).__name__}: {e}", ""))
            else:
                conn.send({"id": rid, "ok": False, "error": f"unexpected {type(e).__name__}: {e}", "exit_code": 1})
        finally:
            with conn.wlock:
                conn.tokens.pop(str(rid), None)
            self._touch(-1)

    def _check(self, req: dict[str, Any]) -> dict[str, Any]:
        rid = req.get("id")
        try:
            from .. import safety

            res = safety.validate(str(req.get("command", "")), cwd=req.get("cwd") or None,
                                  shell=req.get("shell") or "bash",
                                  policy=req.get("policy") or self.cfg.safety.policy,
                                  rules=self.cfg.safety.rules)
            return {"id": rid, "ok": True, "result": res.to_dict()}
        except CmdaiError as e:
            return {"id": rid, "ok": False, "error": str(e), "exit_code": e.exit_code}
        except Exception as e:
            return {"id": rid, "ok": False, "error": f"check failed: {type(e).__name__}: {e}", "exit_code": 1}


def _setup_logging() -> None:
    root = logging.getLogger("cmdai")
    root.setLevel(logging.INFO)
    if os.environ.get("CMDAI_NO_LOG_FILE") is not None and os.environ.get("CMDAI_NO_LOG_FILE") != "":
        return
    try:
        f = paths.ensure_dir(paths.state_dir()) / "daemon.log"
        h = logging.FileHandler(f, encoding="utf-8")
        h.setFormatter(logging.Formatter("%(asctime)s %(levelname)s pid=%(process)d %(name)s: %(message)s"))
        root.addHandler(h)
        with contextlib.suppress(OSError):
            os.chmod(f, 0o600)
    except (OSError, CmdaiError):
        pass


def run(idle_timeout_s: float | None = None) -> int:
    """Run the daemon in the foreground until idle, SIGTERM or ``shutdown``."""
    _setup_logging()
    d = Daemon(idle_timeout_s=idle_timeout_s)

    def _stop(signum: int, frame: Any) -> None:
        d.stop_event.set()

    signal.signal(signal.SIGTERM, _stop)
    signal.signal(signal.SIGINT, _stop)
    signal.signal(signal.SIGHUP, signal.SIG_IGN)
    return d.serve_forever()


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if not args or args[0] != "run":
        print("usage: python -m cmdai.engine.daemon run [--idle-timeout SECONDS]", file=sys.stderr)
        return 2
    idle = None
    if "--idle-timeout" in args:
        idle = float(args[args.index("--idle-timeout") + 1])
    try:
        return run(idle)
    except CmdaiError as e:
        print(f"cmdai daemon: error: {e}", file=sys.stderr)
        return e.exit_code


if __name__ == "__main__":
    sys.exit(main())
