"""The Ctrl-G widget's client: talks to the engine daemon over its Unix socket.

STANDARD LIBRARY ONLY. The widget runs ``python -I -S .../cmdai/engine/client.py suggest ...`` on
every Ctrl-G (a script path: no package __init__ imports, no site), so it must stay cheap: no
click, yaml, numpy, llama_cpp, no ``cmdai.config`` (check with
``python -X importtime -I -S cmdai/engine/client.py ping``). The only
heavy path is the in-process fallback, taken when the daemon cannot be started.

Output of ``suggest`` (for the shell scripts, on stdout, no trailing newline)::

    STATUS US MESSAGE US COMMAND

STATUS is one of ``ok`` (insert COMMAND), ``warn`` (insert COMMAND and show MESSAGE: high risk),
``blocked`` (do not insert; MESSAGE says why), ``error`` (restore the buffer, show MESSAGE),
``cancelled`` (Ctrl-C: restore the buffer), ``hint`` (empty request: show MESSAGE). MESSAGE may
hold several lines; COMMAND is last so it needs no escaping. US is the byte 0x1f.

Ctrl-C while waiting: when the client runs in the terminal's foreground process group it puts
``/dev/tty`` in a non-canonical, no-signal mode and watches it for the byte 0x03 (so the shell's
own SIGINT handling, which would discard the line, never fires); on 0x03 or SIGINT it sends
``{"op": "cancel"}`` to the daemon, closes the socket and prints ``cancelled``.
"""

# Latency: this file runs as a fresh ``python -I -S`` on every Ctrl-G, so every module imported on
# the hot path costs the user. ``socket``, ``json``, ``signal``, ``argparse``, ``subprocess`` and
# ``contextlib`` pull in enum, re, selectors, math... (~10-20 ms): the hot path uses their C cores
# (``_socket``, ``_json``, ``_signal``) instead and imports the rest only where it is needed.
import _signal
import _socket
import os
import sys
import time

US = "\x1f"
SOCKET_NAME = "daemon.sock"
START_TIMEOUT_S = 10.0
REQUEST_TIMEOUT_S = 180.0


# -- paths (mirrors cmdai.paths.runtime_dir(), stdlib only) ------------------------------------

def runtime_dir() -> str:
    base = os.environ.get("CMDAI_HOME")
    if base:
        return os.path.join(base, "run")
    xdg = os.environ.get("XDG_RUNTIME_DIR")
    if xdg and os.path.isdir(xdg):
        return os.path.join(xdg, "cmdai")
    return f"/tmp/cmdai-{os.getuid()}"


def socket_path() -> str:
    return os.path.join(runtime_dir(), SOCKET_NAME)


# -- low-level protocol ------------------------------------------------------------------------

class DaemonUnavailable(Exception):
    pass


def connect(path: str | None = None, timeout: float | None = 5.0) -> _socket.socket:
    path = path or socket_path()
    s = _socket.socket(_socket.AF_UNIX, _socket.SOCK_STREAM)
    s.settimeout(timeout)
    try:
        s.connect(path)
    except OSError as e:
        s.close()
        raise DaemonUnavailable(f"{path}: {e.strerror or e}") from None
    return s


class _JsonCtx:  # what _json.make_scanner reads (the same settings json.loads uses)
    strict = True
    object_hook = None
    object_pairs_hook = None
    parse_float = float
    parse_int = int
    parse_constant = float  # NaN, Infinity, -Infinity


_scanner = None


def dumps(obj: object) -> str:
    """JSON text of ``obj`` (str/int/float/bool/None, dicts and lists of them) without ``json``."""
    try:
        from _json import encode_basestring as enc
    except ImportError:  # pragma: no cover - CPython always has _json
        import json

        return json.dumps(obj, ensure_ascii=False)
    if isinstance(obj, str):
        return enc(obj)
    if obj is None:
        return "null"
    if obj is True or obj is False:
        return "true" if obj else "false"
    if isinstance(obj, int | float):
        return repr(obj) if obj == obj and obj not in (float("inf"), float("-inf")) else _json_const(obj)
    if isinstance(obj, dict):
        return "{" + ", ".join(f"{enc(str(k))}: {dumps(v)}" for k, v in obj.items()) + "}"
    if isinstance(obj, list | tuple):
        return "[" + ", ".join(dumps(v) for v in obj) + "]"
    raise TypeError(f"cannot encode {type(obj).__name__} as JSON")


def _json_const(x: float) -> str:
    return "NaN" if x != x else ("Infinity" if x > 0 else "-Infinity")


def loads(text: str) -> object:
    """Parse one JSON document (the C scanner behind json.loads, without importing json/re)."""
    global _scanner
    if _scanner is None:
        try:
            from _json import make_scanner
        except ImportError:  # pragma: no cover
            import json

            return json.loads(text)
        _scanner = make_scanner(_JsonCtx)
    text = text.strip(" \t\r\n")
    try:
        obj, end = _scanner(text, 0)
    except StopIteration as e:
        raise ValueError(f"invalid JSON at {e.value}") from None
    if end != len(text):
        raise ValueError(f"extra data after JSON at {end}")
    return obj


def _send(s: _socket.socket, obj: dict) -> None:
    s.sendall(dumps(obj).encode("utf-8") + b"\n")


def _recv_line(s: _socket.socket, buf: bytearray) -> dict | None:
    """One JSON line from the socket, or None at EOF; ``buf`` keeps what follows it."""
    while b"\n" not in buf:
        chunk = s.recv(65536)
        if not chunk:
            return None
        buf.extend(chunk)
    line, _, rest = bytes(buf).partition(b"\n")
    buf[:] = rest
    return loads(line.decode("utf-8"))


def call(obj: dict, path: str | None = None, timeout: float = 5.0) -> dict:
    """Send one request and return the response (no cancellation handling)."""
    s = connect(path, timeout)
    try:
        _send(s, obj)
        resp = _recv_line(s, bytearray())
    except OSError as e:
        raise DaemonUnavailable(f"daemon connection failed: {e}") from None
    finally:
        s.close()
    if resp is None:
        raise DaemonUnavailable("the daemon closed the connection")
    return resp


def ping(path: str | None = None, timeout: float = 2.0) -> dict | None:
    try:
        return call({"op": "ping", "id": "ping"}, path, timeout)
    except (DaemonUnavailable, ValueError):
        return None


# -- starting the daemon -----------------------------------------------------------------------

def start_daemon(path: str | None = None, timeout: float = START_TIMEOUT_S) -> int:
    """Start the daemon in the background and wait until it answers; return its pid.

    Raises DaemonUnavailable with one line when it cannot be started."""
    path = path or socket_path()
    if ping(path):
        return int(ping(path).get("pid", 0))  # type: ignore[union-attr]
    import subprocess

    env = dict(os.environ)
    try:
        proc = subprocess.Popen(
            [sys.executable, "-m", "cmdai.engine.daemon", "run"],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
            start_new_session=True, close_fds=True, env=env)
    except OSError as e:
        raise DaemonUnavailable(f"cannot run {sys.executable}: {e.strerror or e}") from None
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        info = ping(path, timeout=1.0)
        if info:
            if proc.stderr:
                proc.stderr.close()
            return int(info.get("pid", proc.pid))
        rc = proc.poll()
        if rc is not None:
            err = proc.stderr.read().decode("utf-8", "replace").strip() if proc.stderr else ""
            # exit 0 with no socket: another instance won the lock; keep waiting for it
            if rc != 0:
                last = err.splitlines()[-1] if err else f"exit status {rc}"
                raise DaemonUnavailable(f"the daemon did not start: {last}")
        time.sleep(0.02)
    raise DaemonUnavailable(f"the daemon did not answer within {timeout:.0f} s")


# -- Ctrl-C watching ---------------------------------------------------------------------------

class TtyWatch:
    """Make /dev/tty deliver Ctrl-C as a byte (ISIG off) while we wait; restore it after."""

    def __init__(self) -> None:
        self.fd: int | None = None
        self._saved = None

    def __enter__(self) -> "TtyWatch":
        try:
            import termios

            fd = os.open("/dev/tty", os.O_RDWR | os.O_NOCTTY | os.O_NONBLOCK)
        except (OSError, ImportError):
            return self
        try:
            if os.tcgetpgrp(fd) != os.getpgrp():  # reading would stop us with SIGTTIN
                os.close(fd)
                return self
            self._saved = termios.tcgetattr(fd)
            new = termios.tcgetattr(fd)
            new[3] &= ~(termios.ICANON | termios.ECHO | termios.ISIG)
            new[6][termios.VMIN] = 1
            new[6][termios.VTIME] = 0
            termios.tcsetattr(fd, termios.TCSANOW, new)
            self.fd = fd
        except OSError:
            os.close(fd)
        return self

    def interrupted(self) -> bool:
        """Read what was typed; True if it holds Ctrl-C."""
        if self.fd is None:
            return False
        try:
            data = os.read(self.fd, 1024)
        except OSError:
            return False
        return b"\x03" in data

    def __exit__(self, *exc: object) -> None:
        if self.fd is not None:
            import termios

            try:
                termios.tcsetattr(self.fd, termios.TCSANOW, self._saved)
            except OSError:
                pass
            os.close(self.fd)
            self.fd = None


class _Interrupt(Exception):
    pass


def _on_sigint(signum: int, frame: object) -> None:
    raise _Interrupt()


def request_with_cancel(req: dict, path: str | None = None, timeout: float = REQUEST_TIMEOUT_S) -> dict | None:
    """Send ``req`` and wait for its answer; None if the user pressed Ctrl-C (cancel is sent)."""
    from select import select

    s = connect(path, 5.0)
    buf = bytearray()
    old = _signal.signal(_signal.SIGINT, _on_sigint)
    try:
        with TtyWatch() as tty:
            try:
                _send(s, req)
                s.setblocking(False)
                deadline = time.monotonic() + timeout
                while True:
                    left = deadline - time.monotonic()
                    if left <= 0:
                        raise DaemonUnavailable(f"no answer from the daemon within {timeout:.0f} s")
                    fds = [s] + ([tty.fd] if tty.fd is not None else [])
                    r, _, _ = select(fds, [], [], min(left, 0.5))
                    if tty.fd is not None and tty.fd in r and tty.interrupted():
                        raise _Interrupt()
                    if s in r:
                        try:
                            chunk = s.recv(65536)
                        except BlockingIOError:
                            continue
                        if not chunk:
                            raise DaemonUnavailable("the daemon closed the connection")
                        buf.extend(chunk)
                        if b"\n" in buf:
                            line = bytes(buf).partition(b"\n")[0]
                            return loads(line.decode("utf-8"))  # type: ignore[return-value]
            except _Interrupt:
                try:
                    s.settimeout(0.5)
                    _send(s, {"op": "cancel", "id": req.get("id")})
                except OSError:
                    pass
                return None
    finally:
        _signal.signal(_signal.SIGINT, old)
        s.close()


# -- suggest -----------------------------------------------------------------------------------

def _reasons(result: dict) -> list[str]:
    out = []
    for r in result.get("reasons") or []:
        text = r.get("text") if isinstance(r, dict) else str(r)
        if text:
            out.append(text)
    if not out:
        out = [w for w in result.get("warnings") or [] if w]
    return out


def format_result(result: dict) -> tuple[str, str, str]:
    """(status, message, command) for a Result.to_dict()."""
    cmd = result.get("command") or ""
    risk = result.get("risk_level") or "safe"
    if result.get("error") and not cmd:
        return "error", f"cmdai: {result['error']}", ""
    reasons = _reasons(result)
    if result.get("blocked"):
        lines = [f"cmdai: blocked ({risk} risk), not inserted: {cmd}"]
        lines += [f"  - {t}" for t in reasons]
        lines += [f"  safer: {s}" for s in (result.get("suggestions") or [])[:2]]
        return "blocked", "\n".join(lines), cmd
    if risk in ("high", "critical") or result.get("requires_confirmation"):
        lines = [f"cmdai: {risk} risk - read it before you press Enter"]
        lines += [f"  - {t}" for t in reasons]
        return "warn", "\n".join(lines), cmd
    notes = [f"cmdai: {w}" for w in result.get("warnings") or [] if w]
    return "ok", "\n".join(notes), cmd


def _in_process(req: dict, why: str) -> tuple[str, str, str]:
    """The fallback when no daemon can run: load the engine here, once."""
    if "cmdai" not in sys.modules:  # run as a script with -I -S: find the package and its deps
        import site

        site.main()
        root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
        if root not in sys.path:
            sys.path.insert(0, root)
    try:
        from cmdai.config import load
        from cmdai.engine.daemon import make_engine
        from cmdai.errors import CmdaiError
    except Exception as e:  # a broken install: still one line
        return "error", f"cmdai: daemon unavailable ({why}) and the engine cannot load: {e}", ""
    try:
        cfg = load()
        eng = make_engine(cfg)
        try:
            res = eng.suggest(req["request"], cwd=req.get("cwd"), shell=req.get("shell"),
                              session=req.get("session"))
        finally:
            eng.close()
    except KeyboardInterrupt:
        return "cancelled", "", ""
    except CmdaiError as e:
        return "error", f"cmdai: {e}", ""
    except Exception as e:
        return "error", f"cmdai: unexpected {type(e).__name__}: {e}", ""
    return format_result(res.to_dict())


def _fallback_notice(session: str, why: str) -> str:
    """Say that we ran in-process, once per shell session."""
    marker = os.path.join(runtime_dir(), f"fallback-{session or 'nosession'}")
    if os.path.exists(marker):
        return ""
    try:
        os.makedirs(runtime_dir(), mode=0o700, exist_ok=True)
        with open(marker, "w"):
            pass
    except OSError:
        pass
    return f"cmdai: daemon unavailable ({why}); ran the model in this process (slower)"


def suggest(request: str, *, cwd: str, shell: str, session: str = "", autostart: bool = True,
            path: str | None = None) -> tuple[str, str, str]:
    if not request.strip():
        return "hint", "cmdai: type what you want in words, then press Ctrl-G", ""
    req = {"op": "suggest", "id": os.urandom(6).hex(), "request": request, "cwd": cwd,
           "shell": shell, "session": session}
    path = path or socket_path()
    why = ""
    resp: dict | None = None
    for attempt in (0, 1):
        try:
            resp = request_with_cancel(req, path)
            if resp is None:
                return "cancelled", "", ""
            break
        except DaemonUnavailable as e:
            why = str(e)
            if attempt or not autostart:
                break
            try:
                start_daemon(path)
            except DaemonUnavailable as e2:
                why = str(e2)
                break
        except ValueError as e:
            why = f"bad answer from the daemon: {e}"
            break
    if resp is None:
        if not autostart:
            return "error", f"cmdai: daemon not running ({why}); start it: cmdai daemon start", ""
        try:
            status, msg, cmd = _in_process(req, why)
        except KeyboardInterrupt:
            return "cancelled", "", ""
        note = _fallback_notice(session, why)
        return status, "\n".join(x for x in (note, msg) if x), cmd
    if not resp.get("ok"):
        return "error", f"cmdai: {resp.get('error') or 'the daemon failed'}", ""
    return format_result(resp.get("result") or {})


def _clean(s: str) -> str:
    return s.replace(US, " ")


USAGE = ("usage: python -I -S client.py suggest [--shell S] [--cwd DIR] [--session ID] [--socket PATH]\n"
         "                                      [--no-autostart] [--] REQUEST...\n"
         "       python -I -S client.py ping [--socket PATH]")


class _Args:
    def __init__(self, cmd: str) -> None:
        self.cmd = cmd
        self.shell = "bash"
        self.cwd: str | None = None
        self.session = ""
        self.socket: str | None = None
        self.no_autostart = False
        self.request: list[str] = []


def parse_args(argv: list[str]) -> _Args:
    """The two commands' options (argparse costs ~5 ms of imports per Ctrl-G). ValueError on misuse."""
    if not argv or argv[0] not in ("suggest", "ping"):
        raise ValueError("expected a command: suggest or ping")
    a = _Args(argv[0])
    valued = {"--socket": "socket"} if a.cmd == "ping" else {
        "--shell": "shell", "--cwd": "cwd", "--session": "session", "--socket": "socket"}
    rest = argv[1:]
    i = 0
    while i < len(rest):
        arg = rest[i]
        i += 1
        if arg == "--":
            a.request.extend(rest[i:])
            break
        name, eq, val = arg.partition("=")
        if name in valued:
            if not eq:
                if i >= len(rest):
                    raise ValueError(f"{name} needs a value")
                val = rest[i]
                i += 1
            setattr(a, valued[name], val)
        elif arg == "--no-autostart" and a.cmd == "suggest":
            a.no_autostart = True
        elif arg.startswith("-") and arg != "-":
            raise ValueError(f"unknown option {arg}")
        elif a.cmd == "suggest":
            a.request.append(arg)
        else:
            raise ValueError(f"unexpected argument {arg!r}")
    return a


def main(argv: list[str] | None = None) -> int:
    try:
        a = parse_args(list(sys.argv[1:] if argv is None else argv))
    except ValueError as e:
        sys.stderr.write(f"{USAGE}\nerror: {e}\n")
        return 2
    if a.cmd == "ping":
        info = ping(a.socket)
        if info is None:
            print("cmdai: daemon not running", file=sys.stderr)
            return 7
        print(dumps(info))
        return 0
    try:
        status, msg, cmd = suggest(" ".join(a.request), cwd=a.cwd or os.getcwd(), shell=a.shell,
                                   session=a.session, autostart=not a.no_autostart, path=a.socket)
    except KeyboardInterrupt:
        status, msg, cmd = "cancelled", "", ""
    except Exception as e:  # never a traceback into the user's prompt
        status, msg, cmd = "error", f"cmdai: unexpected {type(e).__name__}: {e}", ""
    out = f"{status}{US}{_clean(msg)}{US}{cmd}"
    sys.stdout.write(out)
    sys.stdout.flush()
    return 0


if __name__ == "__main__":
    try:
        rc = main()
    except BrokenPipeError:
        rc = 0
    sys.exit(rc)
