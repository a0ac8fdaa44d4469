"""The pipeline: request -> context -> generate -> check -> result.

    engine = Engine.from_config(cfg)
    result = engine.suggest("list python files changed today", cwd="/src", shell="zsh")
    engine.close()

The engine owns its backend (the model stays loaded between calls: the daemon keeps one
engine alive) and never runs a command: it only proposes one and says how risky it is.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from typing import Any

from ..errors import BackendError, Cancelled, UsageError

log = logging.getLogger(__name__)

MAX_REQUEST_CHARS = 4000


@dataclass
class Result:
    request: str
    command: str = ""
    explanation: str = ""
    risk_level: str = "safe"
    blocked: bool = False
    requires_confirmation: bool = False
    warnings: list[str] = field(default_factory=list)
    reasons: list[dict[str, Any]] = field(default_factory=list)
    suggestions: list[str] = field(default_factory=list)
    backend: str = ""
    model: str = ""
    latency_ms: float = 0.0
    alternatives: list[dict[str, Any]] = field(default_factory=list)
    partial: bool = False
    error: str | None = None
    exit_code: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {
            "request": self.request, "command": self.command, "explanation": self.explanation,
            "risk_level": self.risk_level, "blocked": self.blocked,
            "requires_confirmation": self.requires_confirmation, "warnings": list(self.warnings),
            "reasons": list(self.reasons), "suggestions": list(self.suggestions),
            "backend": self.backend, "model": self.model, "latency_ms": round(self.latency_ms, 1),
            "alternatives": list(self.alternatives), "partial": self.partial, "error": self.error,
        }

    @classmethod
    def from_error(cls, request: str, err: Exception, latency_ms: float = 0.0) -> Result:
        code = getattr(err, "exit_code", 1)
        return cls(request=request, error=str(err), exit_code=code, latency_ms=latency_ms)


def clean_request(text: str) -> str:
    """Validate the words of a request; one clear UsageError for each kind of bad input."""
    if text is None:
        raise UsageError("empty request: say what you want, e.g. cmdai \"list python files changed today\"")
    if "\x00" in text:
        raise UsageError("the request contains a NUL byte; remove it and try again")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise UsageError("the request is not valid UTF-8; retype it or fix your terminal's encoding") from None
    # newlines and tabs become spaces; other control characters are dropped
    text = "".join(" " if c in "\n\r\t\v\f" else c for c in text if c >= " " or c in "\n\r\t\v\f")
    text = " ".join(text.split())
    if not text:
        raise UsageError("empty request: say what you want, e.g. cmdai \"list python files changed today\"")
    if len(text) > MAX_REQUEST_CHARS:
        raise UsageError(f"the request is too long ({len(text)} characters; the limit is "
                         f"{MAX_REQUEST_CHARS}): describe the command in a sentence or two")
    return text


class Engine:
    def __init__(self, cfg: Any, backend: Any = None, backend_name: str | None = None):
        self.cfg = cfg
        self.backend_name = backend_name or cfg.backend.default or cfg.backend.chain[0]
        self._backend = backend
        self._generator: Any = None
        self._history: Any = None
        self._verified = False

    @classmethod
    def from_config(cls, cfg: Any = None, backend_name: str | None = None) -> Engine:
        if cfg is None:
            from ..config import load

            cfg = load()
        return cls(cfg, backend_name=backend_name)

    @property
    def backend(self) -> Any:
        if self._backend is None:
            from ..backends import create_backend

            self._backend = create_backend(self.backend_name, self.cfg)
        return self._backend

    @property
    def generator(self) -> Any:
        if self._generator is None:
            from ..generation import Generator

            self._generator = Generator(self.cfg, self.backend)
        return self._generator

    def warm(self) -> None:
        """Load the model now (the daemon does this at start)."""
        load = getattr(self.backend, "load", None)
        if load:
            load()
        pipe = getattr(self.generator, "pipe", None)
        if pipe is not None and hasattr(pipe, "dense"):
            pipe.dense_background = True  # a first-run vector build must not hold requests
            try:
                pipe.dense()
            except Exception as e:  # meaning search is optional
                log.warning("meaning search not prepared: %s", e)

    def suggest(self, request: str, *, cwd: str | None = None, shell: str | None = None,
                policy: str | None = None, session: str | None = None, recent: list[str] | None = None,
                cancel: Any = None) -> Result:
        t0 = time.perf_counter()
        text = clean_request(request)
        from . import context as ctxmod

        if recent is None and session:
            recent = self.recent_commands(session)
        if not self._verified:
            verify = getattr(self.backend, "verify", None)  # the embedded model: header check
            if verify is not None:
                verify()
            self._verified = True

        ctx = ctxmod.gather(cwd, shell or self.cfg.general.shell, text, session, recent)
        try:
            out = self.generator.generate(text, ctx, cancel)
        except Cancelled:
            raise
        except BackendError:
            raise
        except Exception as e:  # a backend bug must still end in one line
            log.exception("generation failed")
            raise BackendError(f"generation failed: {type(e).__name__}: {e}") from None
        res = Result(request=text, backend=out.backend, model=out.model)
        best = out.best
        if best is None:
            res.error = "the model gave no usable command; rephrase the request"
            res.exit_code = 4
            res.warnings.append("no usable command in the model's answer")
        else:
            res.command = best.command
            res.explanation = best.explanation
            res.alternatives = [c.to_dict() for c in out.candidates[:5]]
            if best.detail.get("not_installed"):
                res.warnings.append(f"{best.detail['not_installed']} is not installed here: install it to run this")
            self._check(res, text, ctx, policy)
        res.latency_ms = (time.perf_counter() - t0) * 1000
        log.info("suggest %r -> %r (%s, %.0f ms)", text[:200], res.command[:200], res.risk_level, res.latency_ms)
        return res

    def recent_commands(self, session: str, limit: int = 10) -> list[Any]:
        """The session's last commands with exit codes, for the behavioral analyzer.

        Ingests the spool first so the command run a second ago counts. History never breaks a
        suggestion: any failure is logged and the analyzer just sees nothing.
        """
        if not self.cfg.history.enabled:
            return []
        try:
            from ..history import HistoryStore, ingest_spool

            if self._history is None:
                self._history = HistoryStore(config=self.cfg)
            ingest_spool(self._history)
            return [{"command": e.command, "exit_code": e.exit_code}
                    for e in reversed(self._history.recent(session=session, limit=limit))]
        except Exception as e:
            log.warning("recent commands unavailable: %s", e)
            return []

    def _check(self, res: Result, request: str, ctx: Any, policy: str | None) -> None:
        from .. import safety

        sres = safety.validate(res.command, cwd=ctx.cwd, shell=ctx.shell,
                               policy=policy or self.cfg.safety.policy, request=request,
                               recent=ctx.recent, rules=self.cfg.safety.rules)
        d = sres.to_dict()
        res.risk_level = d["risk_level"]
        res.blocked = d["blocked"]
        res.requires_confirmation = d["requires_confirmation"]
        res.reasons = d.get("reasons", [])
        res.suggestions = d.get("suggestions", [])
        res.warnings.extend(r["text"] for r in res.reasons if r.get("text"))
        if getattr(safety, "IS_STUB", False):
            res.warnings.append("safety check is a stub: the command was NOT analysed")

    def close(self) -> None:
        if self._history is not None:
            try:
                self._history.close()
            except Exception:
                pass
            self._history = None
        if self._generator is not None:
            self._generator.close()
        if self._backend is not None:
            self._backend.close()
            self._backend = None
