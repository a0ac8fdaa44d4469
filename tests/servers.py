"""Real and stand-in model servers on 127.0.0.1, as reusable pytest fixtures.

* :class:`LlamaServer` runs the real OpenAI-compatible server, ``python -m llama_cpp.server``,
  on the bundled Gemma GGUF on a free loopback port, waits until ``/v1/models`` answers and kills
  it at teardown (it can be stopped and restarted on the same port, to test recovery).
* :class:`OllamaStandIn` is a STAND-IN for Ollama: no Ollama server can be installed here, so
  this small threaded HTTP server speaks the documented Ollama API (``/api/chat`` and
  ``/api/generate`` with NDJSON streaming, ``/api/tags``, ``/api/embed``, ``/api/version``,
  ``{"error": ...}`` bodies, 404 for a model that is not pulled) with scripted answers. It does
  not run a model: it streams the text in ``reply`` token by token.
* :class:`OpenAIStandIn` is the same for the OpenAI API (``/v1/models``, ``/v1/completions``,
  ``/v1/chat/completions`` as SSE, ``/v1/embeddings``), used where a real server cannot be made
  to misbehave on purpose.

Both stand-ins can misbehave on demand (``mode``): ``ok``, ``invalid_json``, ``truncated``,
``http500``, ``http429`` (with ``Retry-After``), ``hang`` (accepts, never answers),
``error_midstream``; ``first_token_delay`` and ``token_delay`` slow them down. They record what
they receive in ``requests`` (path, headers, JSON body).

Fixtures: ``llama_server`` (session), ``llama_server_pair`` (session, two servers),
``ollama_standin`` and ``openai_standin`` (per test). Use them with
``from servers import llama_server, ...  # noqa: F401`` (``tests/`` is on ``sys.path``).
"""

from __future__ import annotations

import contextlib
import hashlib
import http.server
import json
import os
import re
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import pytest


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def closed_port_url() -> str:
    """A loopback URL where nothing listens (connection refused)."""
    return f"http://127.0.0.1:{free_port()}"


# -- the real llama.cpp server ---------------------------------------------------------------
class LlamaServer:
    """``python -m llama_cpp.server`` on 127.0.0.1; ``stop()``/``start()`` keep the port."""

    def __init__(self, model: Path, port: int | None = None, *, alias: str = "gemma", n_ctx: int = 1024,
                 threads: int = 1, log_path: Path | None = None):
        self.model = Path(model)
        self.port = port or free_port()
        self.alias = alias
        self.n_ctx = n_ctx
        self.threads = threads
        self.log_path = log_path
        self.proc: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 90.0) -> LlamaServer:
        cmd = [sys.executable, "-m", "llama_cpp.server", "--model", str(self.model), "--host", "127.0.0.1",
               "--port", str(self.port), "--model_alias", self.alias, "--n_ctx", str(self.n_ctx),
               "--n_threads", str(self.threads), "--n_threads_batch", str(self.threads),
               "--interrupt_requests", "False", "--verbose", "False"]
        out = open(self.log_path, "ab") if self.log_path else subprocess.DEVNULL
        env = {k: v for k, v in os.environ.items() if not k.lower().endswith("_proxy")}
        self.proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                     env=env, start_new_session=True)
        if out is not subprocess.DEVNULL:
            out.close()
        self.wait_ready(timeout)
        return self

    def wait_ready(self, timeout: float) -> None:
        import httpx

        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc is not None and self.proc.poll() is not None:
                raise RuntimeError(f"llama_cpp.server exited with {self.proc.returncode} "
                                   f"(log: {self.log_path})")
            try:
                r = httpx.get(self.url + "/v1/models", timeout=2.0, trust_env=False)
                if r.status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"llama_cpp.server did not answer on {self.url} within {timeout:.0f} s")

    def stop(self) -> None:
        p, self.proc = self.proc, None
        if p is None or p.poll() is not None:
            return
        p.terminate()
        try:
            p.wait(5)
        except subprocess.TimeoutExpired:
            p.kill()
            p.wait(5)

    def kill(self) -> None:
        """Abrupt death (SIGKILL), as a crashed server."""
        p, self.proc = self.proc, None
        if p is not None and p.poll() is None:
            p.kill()
            p.wait(5)

    @property
    def running(self) -> bool:
        return self.proc is not None and self.proc.poll() is None


@pytest.fixture(scope="session")
def llama_server(model_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Any:
    """One real llama_cpp.server for the session (OpenAI-compatible), on the bundled model."""
    pytest.importorskip("llama_cpp.server.app", reason="llama-cpp-python[server] is not installed")
    srv = LlamaServer(model_path, log_path=tmp_path_factory.mktemp("llama-server") / "server.log")
    srv.start()
    yield srv
    srv.stop()


@pytest.fixture(scope="session")
def llama_server_pair(model_path: Path, llama_server: LlamaServer,
                      tmp_path_factory: pytest.TempPathFactory) -> Any:
    """Two real servers (the session one and a second): two instances of one backend."""
    second = LlamaServer(model_path, log_path=tmp_path_factory.mktemp("llama-server-2") / "server.log")
    second.start()
    yield llama_server, second
    second.stop()
    if not llama_server.running:  # a test killed it: bring it back for the others
        llama_server.start()


# -- stand-ins -------------------------------------------------------------------------------
def tokens_of(text: str) -> list[str]:
    return re.findall(r"\s*\S+|\s+", text) or [""]


def fake_embedding(text: str, dim: int = 16) -> list[float]:
    """Deterministic unit vector from a hash (the stand-in runs no model)."""
    h = hashlib.sha256(text.encode()).digest()
    v = [(b - 127.5) / 127.5 for b in h[:dim]]
    n = sum(x * x for x in v) ** 0.5 or 1.0
    return [x / n for x in v]


class _QuietServer(http.server.ThreadingHTTPServer):
    """Clients that hang up (a cancelled stream) are normal here, not errors to print."""

    def handle_error(self, request: Any, client_address: Any) -> None:
        if isinstance(sys.exc_info()[1], ConnectionError):
            return
        super().handle_error(request, client_address)


class _StandIn:
    kind = "stand-in"

    def __init__(self) -> None:
        self.reply = "ls -la"
        self.mode = "ok"
        self.first_token_delay = 0.0
        self.token_delay = 0.0
        self.retry_after = "1"
        self.models = ["test-model"]
        self.requests: list[dict[str, Any]] = []
        self._stop = threading.Event()
        self._srv: http.server.ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None
        self.port = 0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, port: int = 0) -> _StandIn:
        owner = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            disable_nagle_algorithm = True

            def log_message(self, *a: Any) -> None:
                pass

            def do_GET(self) -> None:
                owner._record(self, None)
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                    owner.handle(self, "GET", None)

            def do_POST(self) -> None:
                n = int(self.headers.get("content-length") or 0)
                raw = self.rfile.read(n) if n else b""
                try:
                    body = json.loads(raw or b"{}")
                except ValueError:
                    body = None
                owner._record(self, body)
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):  # the client went away
                    owner.handle(self, "POST", body)

        self._stop.clear()
        self._srv = _QuietServer(("127.0.0.1", port), Handler)
        self._srv.daemon_threads = True
        self.port = self._srv.server_address[1]
        self._thread = threading.Thread(target=self._srv.serve_forever, kwargs={"poll_interval": 0.05},
                                        name=f"{type(self).__name__}-{self.port}", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        if self._srv is not None:
            self._srv.shutdown()
            self._srv.server_close()
            self._srv = None
        if self._thread is not None:
            self._thread.join(5)
            self._thread = None

    def _record(self, h: Any, body: Any) -> None:
        self.requests.append({"method": h.command, "path": h.path, "headers": dict(h.headers), "body": body})

    # helpers for handlers
    def send_json(self, h: Any, status: int, obj: Any, headers: dict[str, str] | None = None) -> None:
        data = json.dumps(obj).encode()
        h.send_response(status)
        h.send_header("Content-Type", "application/json")
        h.send_header("Content-Length", str(len(data)))
        for k, v in (headers or {}).items():
            h.send_header(k, v)
        h.end_headers()
        h.wfile.write(data)

    def start_chunked(self, h: Any, ctype: str) -> None:
        h.send_response(200)
        h.send_header("Content-Type", ctype)
        h.send_header("Transfer-Encoding", "chunked")
        h.end_headers()

    @staticmethod
    def chunk(h: Any, data: bytes) -> None:
        h.wfile.write(b"%x\r\n%s\r\n" % (len(data), data))
        h.wfile.flush()

    def end_chunked(self, h: Any) -> None:
        h.wfile.write(b"0\r\n\r\n")
        h.wfile.flush()

    def sleep(self, seconds: float) -> bool:
        """Sleep unless the server is stopping; True if it is."""
        return self._stop.wait(seconds) if seconds > 0 else self._stop.is_set()

    def hang(self, h: Any) -> None:
        self._stop.wait(3600)
        h.close_connection = True

    def common_failure(self, h: Any) -> bool:
        """Modes that fail before any answer; True if handled."""
        if self.mode == "hang":
            self.hang(h)
            return True
        if self.mode == "http500":
            self.send_json(h, 500, {"error": "internal error: the stand-in was told to fail"})
            return True
        if self.mode == "http429":
            self.send_json(h, 429, {"error": "too many requests"}, {"Retry-After": self.retry_after})
            return True
        return False

    def handle(self, h: Any, method: str, body: Any) -> None:  # pragma: no cover - overridden
        raise NotImplementedError


class OllamaStandIn(_StandIn):
    """A STAND-IN for an Ollama server (no real Ollama can be installed here).

    Speaks the documented API: ``GET /api/tags`` ({"models": [{"name", "model", ...}]}),
    ``GET /api/version``, ``POST /api/chat`` and ``POST /api/generate`` streaming NDJSON lines
    (``{"message": {"role", "content"}, "done": false}`` / ``{"response": ..., "done": false}``,
    then a final ``"done": true`` line with ``done_reason`` and ``eval_count``), non-streaming
    when ``"stream": false``, ``POST /api/embed`` ({"embeddings": [[...]]}), and errors as
    ``{"error": "..."}`` with 404 for a model that is not pulled.
    """

    def __init__(self) -> None:
        super().__init__()
        self.models = ["qwen2.5-coder:1.5b"]

    def _has(self, model: str) -> bool:
        return model in self.models or f"{model}:latest" in self.models

    def handle(self, h: Any, method: str, body: Any) -> None:
        path = h.path.split("?")[0]
        if method == "GET" and path == "/api/tags":
            if self.mode == "hang":
                return self.hang(h)
            if self.mode == "invalid_json":
                data = b'{"models": [ this is not json'
                h.send_response(200)
                h.send_header("Content-Length", str(len(data)))
                h.end_headers()
                h.wfile.write(data)
                return None
            return self.send_json(h, 200, {"models": [
                {"name": m, "model": m, "modified_at": "2025-01-01T00:00:00Z", "size": 1000,
                 "digest": hashlib.sha256(m.encode()).hexdigest(), "details": {"format": "gguf"}}
                for m in self.models]})
        if method == "GET" and path == "/api/version":
            return self.send_json(h, 200, {"version": "0.0.0-standin"})
        if method != "POST" or path not in ("/api/chat", "/api/generate", "/api/embed"):
            return self.send_json(h, 404, {"error": "404 page not found"})
        if body is None:
            return self.send_json(h, 400, {"error": "invalid JSON body"})
        model = str(body.get("model", ""))
        if not self._has(model):
            return self.send_json(h, 404, {"error": f'model "{model}" not found, try pulling it first'})
        if self.common_failure(h):
            return None
        if path == "/api/embed":
            inp = body.get("input", "")
            texts = [inp] if isinstance(inp, str) else list(inp)
            return self.send_json(h, 200, {"model": model, "embeddings": [fake_embedding(t) for t in texts]})
        chat = path == "/api/chat"
        toks = tokens_of(self.reply)
        if body.get("stream") is False:
            text = self.reply
            obj = {"model": model, "created_at": "2025-01-01T00:00:00Z", "done": True, "done_reason": "stop",
                   "eval_count": len(toks)}
            obj.update({"message": {"role": "assistant", "content": text}} if chat else {"response": text})
            return self.send_json(h, 200, obj)
        self.start_chunked(h, "application/x-ndjson")

        def line(obj: dict[str, Any]) -> None:
            self.chunk(h, json.dumps(obj).encode() + b"\n")

        if self.sleep(self.first_token_delay):
            return None
        for i, tok in enumerate(toks):
            if i and self.sleep(self.token_delay):
                return None
            if self.mode == "invalid_json" and i == 1:
                self.chunk(h, b'{"response": "oops" this is not json\n')
                return self.end_chunked(h)
            if self.mode == "truncated" and i == max(1, len(toks) // 2):
                h.close_connection = True
                h.wfile.flush()
                with contextlib.suppress(OSError):
                    h.connection.shutdown(socket.SHUT_RDWR)
                return None
            if self.mode == "error_midstream" and i == 1:
                line({"error": "the model runner crashed (stand-in)"})
                return self.end_chunked(h)
            obj = {"model": model, "created_at": "2025-01-01T00:00:00Z", "done": False}
            obj.update({"message": {"role": "assistant", "content": tok}} if chat else {"response": tok})
            line(obj)
        line({"model": model, "created_at": "2025-01-01T00:00:00Z", "done": True, "done_reason": "stop",
              "total_duration": 1000, "eval_count": len(toks),
              **({"message": {"role": "assistant", "content": ""}} if chat else {"response": ""})})
        self.end_chunked(h)
        return None


class OpenAIStandIn(_StandIn):
    """A stand-in OpenAI-compatible server, for failures a real one cannot be made to produce.

    ``GET /v1/models``, ``POST /v1/completions`` and ``/v1/chat/completions`` (SSE: ``data: {...}``
    events then ``data: [DONE]``), ``POST /v1/embeddings``; with ``api_key`` set, requests without
    ``Authorization: Bearer <api_key>`` get 401; ``completions=False`` makes ``/v1/completions``
    404 (a chat-only server).
    """

    def __init__(self) -> None:
        super().__init__()
        self.models = ["test-model"]
        self.api_key: str | None = None
        self.completions = True

    def handle(self, h: Any, method: str, body: Any) -> None:
        path = h.path.split("?")[0]
        if self.api_key and h.headers.get("authorization") != f"Bearer {self.api_key}":
            return self.send_json(h, 401, {"error": {"message": "invalid api key", "type": "auth"}})
        if method == "GET" and path == "/v1/models":
            if self.mode == "hang":
                return self.hang(h)
            return self.send_json(h, 200, {"object": "list", "data": [
                {"id": m, "object": "model", "owned_by": "stand-in"} for m in self.models]})
        if path == "/v1/completions" and not self.completions:
            return self.send_json(h, 404, {"detail": "Not Found"})
        if method != "POST" or path not in ("/v1/completions", "/v1/chat/completions", "/v1/embeddings"):
            return self.send_json(h, 404, {"detail": "Not Found"})
        if body is None:
            return self.send_json(h, 400, {"error": {"message": "invalid JSON body"}})
        model = str(body.get("model", ""))
        if model not in self.models:
            return self.send_json(h, 404, {"error": {"message": f"The model `{model}` does not exist"}})
        if self.common_failure(h):
            return None
        if path == "/v1/embeddings":
            inp = body.get("input", "")
            texts = [inp] if isinstance(inp, str) else list(inp)
            return self.send_json(h, 200, {"object": "list", "data": [
                {"object": "embedding", "index": i, "embedding": fake_embedding(t)} for i, t in enumerate(texts)]})
        chat = path == "/v1/chat/completions"
        toks = tokens_of(self.reply)
        if not body.get("stream"):
            choice = ({"message": {"role": "assistant", "content": self.reply}} if chat else {"text": self.reply})
            return self.send_json(h, 200, {"id": "x", "object": "chat.completion" if chat else "text_completion",
                                           "model": model, "choices": [{"index": 0, **choice,
                                                                        "finish_reason": "stop"}]})
        self.start_chunked(h, "text/event-stream")

        def event(obj: Any) -> None:
            payload = obj if isinstance(obj, str) else json.dumps(obj)
            self.chunk(h, f"data: {payload}\r\n\r\n".encode())

        if self.sleep(self.first_token_delay):
            return None
        self.chunk(h, b": ping\r\n\r\n")
        for i, tok in enumerate(toks):
            if i and self.sleep(self.token_delay):
                return None
            if self.mode == "invalid_json" and i == 1:
                event("{not json")
                return self.end_chunked(h)
            if self.mode == "truncated" and i == max(1, len(toks) // 2):
                h.close_connection = True
                with contextlib.suppress(OSError):
                    h.connection.shutdown(socket.SHUT_RDWR)
                return None
            if self.mode == "error_midstream" and i == 1:
                event({"error": {"message": "the model crashed (stand-in)"}})
                return self.end_chunked(h)
            delta = {"delta": {"content": tok}} if chat else {"text": tok}
            event({"id": "x", "model": model, "choices": [{"index": 0, **delta, "finish_reason": None}]})
        last = {"delta": {}} if chat else {"text": ""}
        event({"id": "x", "model": model, "choices": [{"index": 0, **last, "finish_reason": "stop"}]})
        event("[DONE]")
        self.end_chunked(h)
        return None


@pytest.fixture
def ollama_standin() -> Any:
    """An Ollama STAND-IN server on a free loopback port (see :class:`OllamaStandIn`)."""
    srv = OllamaStandIn().start()
    yield srv
    srv.stop()


@pytest.fixture
def openai_standin() -> Any:
    """An OpenAI-compatible stand-in server on a free loopback port (see :class:`OpenAIStandIn`)."""
    srv = OpenAIStandIn().start()
    yield srv
    srv.stop()
