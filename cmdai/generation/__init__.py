"""Generation: request + context -> ranked candidate commands.

The engine calls::

    gen = Generator(cfg, backend)
    out = gen.generate(request, ctx, cancel)   # -> GenerationOutput, candidates best first

Candidates come from the knowledge base (retrieved templates with their slots filled from the
request) and from the model; each is checked (parse, installed, safety) and ranked
(:mod:`cmdai.generation.generator` documents the score).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

from .parse import extract_command, strip_control

log = logging.getLogger(__name__)

__all__ = ["Candidate", "GenerationOutput", "Generator", "extract_command", "strip_control"]


@dataclass
class Candidate:
    command: str
    score: float = 0.0
    source: str = "model"  # model | retrieval | template | history
    explanation: str = ""
    detail: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        d = {"command": self.command, "score": round(self.score, 4), "source": self.source}
        if self.detail.get("not_installed"):
            d["not_installed"] = self.detail["not_installed"]  # it would run once that is installed
        return d


@dataclass
class GenerationOutput:
    candidates: list[Candidate]
    backend: str
    model: str
    model_ms: float = 0.0
    raw: str = ""

    @property
    def best(self) -> Candidate | None:
        return self.candidates[0] if self.candidates else None


_FEWSHOT = [
    ("list all files including hidden ones", "ls -la"),
    ("show disk usage of the current directory", "du -sh ."),
    ("find files named notes.txt under my home", "find ~ -name 'notes.txt'"),
    ("count the lines in app.log", "wc -l app.log"),
    ("search for the word error in all log files", "grep -r 'error' --include='*.log' ."),
]


def build_prompt(request: str, ctx: Any, examples: list[tuple[str, str]] | None = None) -> str:
    shell = getattr(ctx, "shell", "bash")
    lines = [f"# {shell} one-liners. Each request is followed by the single command that does it.", ""]
    for req, cmd in examples or _FEWSHOT:
        lines += [f"Request: {req}", f"Command: {cmd}", ""]
    lines += [f"Request: {request}", "Command:"]
    return "\n".join(lines)


class Generator:
    """``Generator(cfg, backend, mode="full").generate(request, ctx, cancel) -> GenerationOutput``.

    See :mod:`cmdai.generation.generator` for the pipeline and the ranking score.
    ``backend`` may be None in ``mode="retrieval"``.
    """

    def __init__(self, cfg: Any, backend: Any, *, mode: str | None = None, kb: Any = None):
        from .generator import Pipeline

        self.cfg = cfg
        self.backend = backend
        gen = getattr(cfg, "generation", None)
        self.mode = mode or getattr(gen, "mode", None) or "full"
        self.model_policy = getattr(gen, "model_candidate", "auto")
        self.model_weight = float(getattr(gen, "model_weight", 1.0))
        self.continuation_in_full = self.consults_model(cfg)
        self.pipe = Pipeline(cfg, backend, self.mode, kb)

    def consults_model(self, cfg: Any) -> bool:
        """Whether the full pipeline asks the model for its own command even when retrieval has some
        (``generation.model_candidate``; auto: when the first backend tried is not the embedded one)."""
        if self.model_policy == "always":
            return True
        if self.model_policy != "auto":
            return False
        b = getattr(cfg, "backend", None)
        first = getattr(b, "default", None) or next(iter(getattr(b, "chain", None) or ["embedded"]), "embedded")
        return first != "embedded"

    def generate(self, request: str, ctx: Any, cancel: Any = None) -> GenerationOutput:
        from . import generator as g

        p = self.pipe
        request = g.normalize_request(request)
        model_ms = 0.0
        raw = ""
        backend_name = getattr(self.backend, "name", "") if self.backend is not None else "kb"
        model_name = getattr(self.backend, "model", "") if self.backend is not None else ""
        tmpls = p.retrieve(request) if self.mode != "model" else []
        cands = p.candidates_from(request, tmpls)
        p.check(cands, request, ctx)
        use_model = self.mode != "retrieval" and self.backend is not None
        if use_model:
            if cancel is not None and getattr(cancel, "cancelled", False):
                from ..errors import Cancelled

                raise Cancelled("cancelled")
            prompt = p.model_prompt(request, ctx, tmpls)
            can_score = callable(getattr(self.backend, "score", None))
            if self.mode == "full" and can_score and g.W_MODEL > 0 and any(not c.dropped for c in cands):
                model_ms += p.model_scores(prompt, cands)
            had = any(not c.dropped for c in cands)
            if self.mode == "model" or self.continuation_in_full or not had:
                cmd, backend_name, model_name, ms = p.continuation(prompt, cancel)
                model_ms += ms
                raw = cmd
                # a consulted model (a bigger remote one, or `always`) counts like a retrieved example of
                # model_weight; the embedded model answering as a fallback (or for a failed remote) does not
                weight = self.model_weight if had and self.continuation_in_full and (
                    backend_name != "embedded" or self.model_policy == "always") else 0.0
                if cmd:
                    same = next((c for c in cands if c.command == cmd), None)
                    if same is not None:
                        same.m = 1.0 if same.m is None else same.m
                        same.r = max(same.r, weight)
                        same.source += "+model"
                    else:
                        mc = g._Cand(cmd, "model", m=1.0, r=weight)
                        p.check([mc], request, ctx)
                        cands.append(mc)
        p.agreement(cands)
        live = p.complete(sorted((c for c in cands if not c.dropped), key=lambda c: -c.total()), request)
        p.safety_filter(live[:6], request, ctx)
        live.sort(key=lambda c: -c.total())  # a change the request did not ask for moves down
        ok = reported(live)
        out: list[Candidate] = []
        from .explain import explain

        for i, c in enumerate(ok[:8]):
            expl = g._fill_explain(c.kb_explain, c.filled)
            if i < 3 or not expl:
                try:
                    expl = explain(c.command, kb_explain=expl, use_man=i < 3).text
                except Exception as e:  # an explanation must never cost the suggestion
                    log.debug("explain failed: %s", e)
            detail = {"retrieval": round(c.r, 4), "model": None if c.m is None else round(c.m, 4),
                      "logprob": None if c.lp is None else round(c.lp, 4), "agreement": round(c.a, 4),
                      "habit": round(c.h, 4), "named": c.n, "fill": round(c.f, 4), "fill_sibling": round(c.g, 4),
                      "cue": c.c, "lead": c.lv, "extra": round(c.e, 4), "unfilled": c.u, "absent": c.x,
                      "not_installed": c.absent,
                      "template": c.template, "example": c.example,
                      "filled": c.filled}
            out.append(Candidate(c.command, c.total(), c.source, expl, detail))
        return GenerationOutput(out, backend_name, model_name, model_ms, raw)

    def close(self) -> None:
        kb = self.pipe._kb
        self.pipe._dense = None
        if kb is not None:
            kb.close()
            self.pipe._kb = None


def reported(ranked: list[Any]) -> list[Any]:
    """The candidates to answer with, best first, from ``ranked`` (safety-checked, best first): the ones not
    dropped; and the best one although blocked when no other is a form of its reading. The engine then reports
    why it is blocked and a safer form, rather than answer with different tools that do something else ("delete
    old files in my home" must not become `find ~ ... -exec gzip`) or with the same tools on less of what the
    request names ("remove the .rhosts file in /home" is no `find ~/ -name 'core*' -exec rm`)."""
    from .generator import REMOVES_ANYHOW

    ok = [c for c in ranked if not c.dropped]
    if ranked and ranked[0].dropped and (not ok or tools(ok[0].command) != tools(ranked[0].command)
                                         or ok[0].f < ranked[0].f
                                         # (find ... -delete and a find that only lists are two readings)
                                         or bool(REMOVES_ANYHOW.search(ok[0].command)) !=
                                         bool(REMOVES_ANYHOW.search(ranked[0].command))):
        return [ranked[0], *ok]
    return ok


def tools(cmd: str) -> set[str]:
    """The programs a command runs (inside pipelines, -exec and wrappers), wrappers and xargs left out:
    two candidates with the same tools are two forms of one reading of the request."""
    from .shparse import WRAPPERS, utilities

    return set(utilities(cmd, inner=True)) - WRAPPERS - {"xargs"}
