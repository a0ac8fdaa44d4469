"""PerformanceMonitor: latency, time to first token, tokens/s and errors per backend instance.

Figures are kept in memory (the last :data:`WINDOW` samples per instance) and persisted across
runs in ``<state dir>/backend_stats.json``. Several processes (the daemon, one-shot CLI calls)
may save at once: a save takes an exclusive ``flock`` on a side lock file, re-reads the file,
merges in only what this process recorded since its last save, and replaces the file
atomically (temp file + ``os.replace``), so no process loses another's samples and a crash
never leaves a half-written file.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

WINDOW = 500  # samples kept per instance
FORMAT = 1


def percentile(values: list[float], q: float) -> float | None:
    """Nearest-rank-interpolated percentile (q in 0..100) of ``values``; None if empty."""
    if not values:
        return None
    s = sorted(values)
    if len(s) == 1:
        return s[0]
    k = (len(s) - 1) * q / 100.0
    lo = int(k)
    hi = min(lo + 1, len(s) - 1)
    return s[lo] + (s[hi] - s[lo]) * (k - lo)


@dataclass
class InstanceStats:
    latency_ms: list[float] = field(default_factory=list)
    ttft_ms: list[float] = field(default_factory=list)
    tokens_per_s: list[float] = field(default_factory=list)
    requests: int = 0
    errors: int = 0
    errors_by_kind: dict[str, int] = field(default_factory=dict)
    last_error: str = ""
    last_used: float = 0.0

    def merge(self, other: InstanceStats) -> None:
        self.latency_ms = (self.latency_ms + other.latency_ms)[-WINDOW:]
        self.ttft_ms = (self.ttft_ms + other.ttft_ms)[-WINDOW:]
        self.tokens_per_s = (self.tokens_per_s + other.tokens_per_s)[-WINDOW:]
        self.requests += other.requests
        self.errors += other.errors
        for k, v in other.errors_by_kind.items():
            self.errors_by_kind[k] = self.errors_by_kind.get(k, 0) + v
        if other.last_used >= self.last_used:
            self.last_used = other.last_used
            if other.last_error:
                self.last_error = other.last_error

    def summary(self) -> dict[str, Any]:
        def r(x: float | None) -> float | None:
            return None if x is None else round(x, 1)

        return {
            "requests": self.requests, "errors": self.errors,
            "error_rate": round(self.errors / self.requests, 4) if self.requests else 0.0,
            "errors_by_kind": dict(self.errors_by_kind),
            "latency_p50_ms": r(percentile(self.latency_ms, 50)),
            "latency_p95_ms": r(percentile(self.latency_ms, 95)),
            "ttft_p50_ms": r(percentile(self.ttft_ms, 50)),
            "ttft_p95_ms": r(percentile(self.ttft_ms, 95)),
            "tokens_per_s": r(percentile(self.tokens_per_s, 50)),
            "samples": len(self.latency_ms), "last_error": self.last_error, "last_used": self.last_used,
        }

    def to_json(self) -> dict[str, Any]:
        return {"latency_ms": [round(x, 2) for x in self.latency_ms],
                "ttft_ms": [round(x, 2) for x in self.ttft_ms],
                "tokens_per_s": [round(x, 2) for x in self.tokens_per_s],
                "requests": self.requests, "errors": self.errors, "errors_by_kind": self.errors_by_kind,
                "last_error": self.last_error, "last_used": self.last_used}

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> InstanceStats:
        def floats(key: str) -> list[float]:
            v = d.get(key) or []
            return [float(x) for x in v if isinstance(x, int | float)][-WINDOW:]

        ebk = d.get("errors_by_kind") or {}
        return cls(floats("latency_ms"), floats("ttft_ms"), floats("tokens_per_s"),
                   int(d.get("requests") or 0), int(d.get("errors") or 0),
                   {str(k): int(v) for k, v in ebk.items() if isinstance(v, int)} if isinstance(ebk, dict) else {},
                   str(d.get("last_error") or ""), float(d.get("last_used") or 0.0))


def default_path() -> Path:
    from .. import paths

    return paths.state_dir() / "backend_stats.json"


class PerformanceMonitor:
    """Thread-safe per-instance figures; ``save()`` merges into the shared file."""

    def __init__(self, path: Path | None = None, *, autosave_s: float = 30.0):
        self.path = path
        self.autosave_s = autosave_s
        self._lock = threading.Lock()
        self._stats: dict[str, InstanceStats] = {}  # everything known (file + this process)
        self._delta: dict[str, InstanceStats] = {}  # recorded since the last save
        self._last_save = time.monotonic()
        if path is not None:
            self._stats = self._read(path)

    # -- recording ---------------------------------------------------------------------------
    def record(self, instance: str, *, ok: bool, latency_ms: float | None = None,
               ttft_ms: float | None = None, tokens: int = 0, error_kind: str = "",
               error: str = "") -> None:
        with self._lock:
            for table in (self._stats, self._delta):
                st = table.setdefault(instance, InstanceStats())
                st.requests += 1
                st.last_used = time.time()
                if ok:
                    if latency_ms is not None:
                        st.latency_ms.append(latency_ms)
                        del st.latency_ms[:-WINDOW]
                        if tokens and latency_ms > 0:
                            gen_ms = latency_ms - (ttft_ms or 0.0)
                            if gen_ms > 0 and tokens > 1:
                                st.tokens_per_s.append((tokens - 1) * 1000.0 / gen_ms)
                            else:
                                st.tokens_per_s.append(tokens * 1000.0 / latency_ms)
                            del st.tokens_per_s[:-WINDOW]
                    if ttft_ms is not None:
                        st.ttft_ms.append(ttft_ms)
                        del st.ttft_ms[:-WINDOW]
                else:
                    st.errors += 1
                    k = error_kind or "error"
                    st.errors_by_kind[k] = st.errors_by_kind.get(k, 0) + 1
                    st.last_error = error[:300]
            due = self.path is not None and time.monotonic() - self._last_save >= self.autosave_s
        if due:
            self.save()

    def p50(self, instance: str) -> float | None:
        with self._lock:
            st = self._stats.get(instance)
            return percentile(st.latency_ms, 50) if st else None

    def summary(self) -> dict[str, dict[str, Any]]:
        with self._lock:
            return {k: v.summary() for k, v in sorted(self._stats.items())}

    # -- persistence -------------------------------------------------------------------------
    @staticmethod
    def _read(path: Path) -> dict[str, InstanceStats]:
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {}
        except (OSError, ValueError) as e:
            log.warning("ignoring unreadable backend stats %s: %s", path, e)
            return {}
        inst = raw.get("instances") if isinstance(raw, dict) else None
        if not isinstance(inst, dict):
            return {}
        out = {}
        for k, v in inst.items():
            if isinstance(v, dict):
                try:
                    out[str(k)] = InstanceStats.from_json(v)
                except (TypeError, ValueError):
                    continue
        return out

    def save(self) -> None:
        if self.path is None:
            return
        with self._lock:
            delta, self._delta = self._delta, {}
            self._last_save = time.monotonic()
        if not delta:
            return
        from .. import paths

        try:
            paths.ensure_dir(self.path.parent)
            with _flock(self.path.with_name(self.path.name + ".lock")):
                merged = self._read(self.path)
                for k, v in delta.items():
                    merged.setdefault(k, InstanceStats()).merge(v)
                data = {"format": FORMAT, "saved_at": time.time(),
                        "instances": {k: v.to_json() for k, v in sorted(merged.items())}}
                tmp = self.path.with_name(f".{self.path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
                fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
                with os.fdopen(fd, "w", encoding="utf-8") as fh:
                    json.dump(data, fh, separators=(",", ":"))
                    fh.flush()
                    os.fsync(fh.fileno())
                os.replace(tmp, self.path)
            with self._lock:
                for k, v in merged.items():
                    mine = self._delta.get(k)
                    self._stats[k] = v
                    if mine is not None:  # recorded while we were saving
                        self._stats[k] = InstanceStats.from_json(v.to_json())
                        self._stats[k].merge(mine)
        except OSError as e:  # statistics must never break generation
            log.warning("cannot save backend stats to %s: %s", self.path, e)
            with self._lock:
                for k, v in delta.items():
                    self._delta.setdefault(k, InstanceStats()).merge(v)

    def reset(self) -> None:
        with self._lock:
            self._stats.clear()
            self._delta.clear()
        if self.path is not None:
            with contextlib.suppress(FileNotFoundError):
                self.path.unlink()


@contextlib.contextmanager
def _flock(path: Path) -> Any:
    import fcntl

    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        try:
            fcntl.flock(fd, fcntl.LOCK_UN)
        finally:
            os.close(fd)
