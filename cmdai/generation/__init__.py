"""Generation: request + context -> ranked candidate commands.

The engine calls::

    gen = Generator(cfg, backend)
    out = gen.generate(request, ctx, cancel)   # -> GenerationOutput, candidates best first

This first version builds a fixed few-shot completion prompt for a base model and parses one
greedy continuation. Retrieval, slot filling, several candidates and ranking build on it.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

from .parse import extract_command, strip_control

__all__ = ["Candidate", "GenerationOutput", "Generator", "extract_command", "strip_control"]


@dataclass
class Candidate:
    command: str
    score: float = 0.0
    source: str = "model"  # model | retrieval | template | history
    explanation: str = ""
    detail: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {"command": self.command, "score": round(self.score, 4), "source": self.source}


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
    def __init__(self, cfg: Any, backend: Any):
        self.cfg = cfg
        self.backend = backend

    def generate(self, request: str, ctx: Any, cancel: Any = None) -> GenerationOutput:
        from ..backends.base import GenerationRequest

        prompt = build_prompt(request, ctx)
        t0 = time.perf_counter()
        res = self.backend.generate(GenerationRequest(prompt=prompt, max_tokens=self.cfg.embedded.max_tokens,
                                                      temperature=0.0, stop=["\n\n", "\nRequest:"]), cancel)
        ms = (time.perf_counter() - t0) * 1000
        cands = []
        for comp in res.completions:
            cmd = extract_command(comp.text)
            if cmd:
                cands.append(Candidate(cmd, 1.0, "model"))
        return GenerationOutput(cands, res.backend, res.model, ms, res.text)

    def close(self) -> None:
        pass
