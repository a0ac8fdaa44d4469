"""HTTP plumbing shared by the Ollama and OpenAI-compatible backends.

* one :class:`httpx.Client` per instance, with connect/read timeouts from config;
* every transport or protocol failure becomes one :class:`RemoteError` line (a
  :class:`~cmdai.errors.BackendError`) carrying a ``kind`` the selector acts on
  (``connect``, ``timeout``, ``http``, ``rate_limited``, ``bad_response``, ``truncated``,
  ``model_missing``, ``auth``) and, for HTTP 429/503, the ``Retry-After`` delay;
* :func:`cancel_guard` ties a :class:`~cmdai.backends.base.CancellationToken` to a streaming
  response: cancelling shuts the socket down, which wakes a read blocked on a silent server at
  once (closing the fd from another thread would not).

httpx is imported inside functions: importing this module costs nothing.
"""

from __future__ import annotations

import contextlib
import email.utils
import json
import socket
import threading
import time
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

from ..errors import BackendError, Cancelled


class RemoteError(BackendError):
    """A remote backend failed; ``kind`` says how, ``retry_after`` when to try again."""

    def __init__(self, message: str, kind: str = "http", *, status: int | None = None,
                 retry_after: float | None = None):
        super().__init__(message)
        self.kind = kind
        self.status = status
        self.retry_after = retry_after


def is_loopback(url: str) -> bool:
    host = (urlsplit(url).hostname or "").lower()
    return host in ("localhost", "::1") or host.startswith("127.")


def make_client(base_url: str, connect_timeout: float, read_timeout: float,
                headers: dict[str, str] | None = None) -> Any:
    import httpx

    timeout = httpx.Timeout(connect=connect_timeout, read=read_timeout, write=read_timeout,
                            pool=connect_timeout + read_timeout)
    # proxies from the environment never apply to loopback servers
    return httpx.Client(base_url=base_url.rstrip("/"), timeout=timeout, headers=headers or {},
                        limits=httpx.Limits(max_connections=64, max_keepalive_connections=16),
                        trust_env=not is_loopback(base_url), follow_redirects=False)


def parse_retry_after(value: str | None) -> float | None:
    """Seconds from a Retry-After header (delta-seconds or an HTTP date); None if absent/bad."""
    if not value:
        return None
    value = value.strip()
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when is None:
        return None
    return max(0.0, when.timestamp() - time.time())


def _error_text(body: bytes) -> str:
    """The server's own error message from a JSON body (Ollama or OpenAI shape), else ''."""
    try:
        data = json.loads(body.decode("utf-8", "replace"))
    except ValueError:
        text = body.decode("utf-8", "replace").strip()
        return " ".join(text.split())[:200]
    if isinstance(data, dict):
        err = data.get("error", data.get("detail", ""))
        if isinstance(err, dict):
            err = err.get("message", "") or json.dumps(err)[:200]
        return " ".join(str(err).split())[:200]
    return ""


def check_status(resp: Any, where: str, model: str = "") -> None:
    """Raise one :class:`RemoteError` line for a non-2xx response (reads the body)."""
    status = resp.status_code
    if 200 <= status < 300:
        return
    try:
        body = resp.read()
    except Exception:
        body = b""
    msg = _error_text(body)
    suffix = f": {msg}" if msg else ""
    if status == 429 or (status == 503 and "retry-after" in resp.headers):
        ra = parse_retry_after(resp.headers.get("retry-after"))
        when = f" (retry after {ra:.0f} s)" if ra is not None else ""
        raise RemoteError(f"{where} is rate limiting requests (HTTP {status}){when}{suffix}",
                          "rate_limited", status=status, retry_after=ra)
    if status in (401, 403):
        raise RemoteError(f"{where} refused the request (HTTP {status}): check the API key "
                          f"(openai.api_key_env){suffix}", "auth", status=status)
    if status == 404 and model and ("model" in msg.lower() or "not found" in msg.lower()):
        raise RemoteError(f"model '{model}' is not available on {where}{suffix}", "model_missing",
                          status=status)
    raise RemoteError(f"{where} answered HTTP {status}{suffix}", "http", status=status)


def map_transport_error(e: Exception, where: str, read_timeout: float) -> RemoteError:
    """One line for an httpx exception."""
    import httpx

    if isinstance(e, httpx.ConnectTimeout):
        return RemoteError(f"cannot connect to {where}: timed out", "connect")
    if isinstance(e, httpx.ConnectError):
        reason = str(e) or type(e).__name__
        if "refused" in reason.lower():
            reason = "connection refused"
        return RemoteError(f"cannot connect to {where}: {reason}", "connect")
    if isinstance(e, httpx.ReadTimeout | httpx.WriteTimeout | httpx.PoolTimeout):
        return RemoteError(f"no answer from {where} within {read_timeout:g} s (read timeout)", "timeout")
    if isinstance(e, httpx.RemoteProtocolError | httpx.ReadError):
        return RemoteError(f"{where} closed the connection mid-answer (truncated response)", "truncated")
    if isinstance(e, httpx.UnsupportedProtocol | httpx.InvalidURL):
        return RemoteError(f"bad URL for {where}: {e}", "connect")
    return RemoteError(f"request to {where} failed: {type(e).__name__}: {e}", "http")


def parse_json(raw: str | bytes, where: str) -> Any:
    try:
        return json.loads(raw)
    except ValueError:
        snippet = raw[:80] if isinstance(raw, str) else raw[:80].decode("utf-8", "replace")
        raise RemoteError(f"{where} sent invalid JSON: {' '.join(snippet.split())!r}",
                          "bad_response") from None


@contextlib.contextmanager
def cancel_guard(cancel: Any, resp: Any) -> Iterator[None]:
    """While active, cancelling ``cancel`` shuts down ``resp``'s socket (wakes a blocked read)."""
    if cancel is None:
        yield
        return
    lock = threading.Lock()
    active = [True]

    def kill() -> None:
        with lock:
            if not active[0]:
                return
            try:
                ns = resp.extensions.get("network_stream")
                sock = ns.get_extra_info("socket") if ns is not None else None
                if sock is not None:
                    sock.shutdown(socket.SHUT_RDWR)
            except Exception:
                pass

    cancel.on_cancel(kill)
    try:
        yield
    finally:
        with lock:
            active[0] = False


def iter_lines_cancellable(resp: Any, cancel: Any, where: str, read_timeout: float) -> Iterator[str]:
    """Lines of a streaming response; Cancelled if the token fires, RemoteError on failure."""
    try:
        for line in resp.iter_lines():
            if cancel is not None and cancel.cancelled:
                raise Cancelled("cancelled")
            yield line
    except Cancelled:
        raise
    except RemoteError:
        raise
    except Exception as e:
        if cancel is not None and cancel.cancelled:
            raise Cancelled("cancelled") from None
        import httpx

        if isinstance(e, httpx.HTTPError):
            raise map_transport_error(e, where, read_timeout) from None
        raise
    if cancel is not None and cancel.cancelled:
        raise Cancelled("cancelled")
