"""Describe a command by the requests of the knowledge-base templates closest to it.

The curated knowledge base (``cmdai/knowledge/data/*.yaml``) pairs ~1,700 command templates
with ~5,000 requests written in plain words ("shrink a video", "extract a tar.gz file"). A
history command such as ``ffmpeg -i in.mp4 -vcodec libx265 -crf 28 out.mp4`` is described by
the requests of the templates that use the same utility and the most of the same flags and
sub-commands; those requests are real paraphrases, so adding them to the text that is embedded
and word-indexed bridges "words vs. command line" far better than a per-utility gloss alone.

Matching is structural and cheap: a command becomes a set of features (``prog``,
``prog:sub``, ``prog:-x`` per short flag, ``prog:--long``, ``prog:word`` for literal words) per
pipeline stage; a template is scored by the cosine of the two feature sets and must share the
command's main utility. The YAML files are read once per process, only when documents are
built (indexing), never on the query path.
"""

from __future__ import annotations

import hashlib
import math
import re
import shlex
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

_SLOT = re.compile(r"\{\{([a-z_]+)(?::((?:[^{}]|\{[^{}]*\})*))?\}\}")
_SPLIT = re.compile(r"\|\||&&|[|;&]|\$\(|`|\)")
_WRAPPERS = {"sudo", "env", "exec", "command", "builtin", "doas", "stdbuf", "ionice", "nice"}
# wrappers that say something themselves: a feature (and a main utility) of their own, then the
# wrapped command is read as one more stage
_RUNNERS = {"nohup", "time", "xargs", "watch", "timeout", "parallel", "entr"}
_WORD = re.compile(r"^[a-z][a-z0-9_-]{1,30}$")
_MAX_INPUT = 4096
VERSION = "kb2"


def data_dir() -> Path:
    return Path(__file__).resolve().parents[1] / "knowledge" / "data"


def _tokens(segment: str) -> list[str]:
    if not any(c in segment for c in "'\"\\"):
        return segment.split()
    try:
        return shlex.split(segment, posix=True)
    except ValueError:
        return segment.split()


def features(command: str, *, slots: frozenset[str] = frozenset()) -> tuple[str, dict[str, float]]:
    """(main utility, weighted features) of a command line.

    ``slots`` are placeholder values of a template: they are not features (a user's file name
    says nothing about what the command does)."""
    text = command[:_MAX_INPUT]
    main = ""
    feats: dict[str, float] = {}
    for seg in _SPLIT.split(text):
        words = _tokens(seg)
        while words and (words[0] in _WRAPPERS or ("=" in words[0] and not words[0].startswith("-"))):
            words = words[1:]
            while words and words[0].startswith("-"):
                words = words[1:]
        while words and words[0] in ("(", "{", "!", "then", "do", "else", "if", "while", "for"):
            words = words[1:]
        while words and words[0] in _RUNNERS:
            runner = words[0]
            main = main or runner
            feats[runner] = feats.get(runner, 0.0) + 2.0
            words = words[1:]
            while words and (words[0].startswith("-") or words[0].replace(".", "").isdigit()):
                words = words[1:]
        if not words:
            continue
        prog = words[0].rsplit("/", 1)[-1].lower()
        if not prog or not (prog[0].isalnum() or prog[0] in "._"):
            continue
        if not main:
            main = prog
        feats[prog] = feats.get(prog, 0.0) + 2.0
        n_words = 0
        for i, w in enumerate(words[1:], 1):
            if w in slots:
                continue
            if w.startswith("--"):
                feats[f"{prog}:{w.split('=', 1)[0]}"] = 1.0
            elif w.startswith("-") and len(w) > 1 and not w[1].isdigit():
                body = w[1:]
                if len(body) <= 6 and body.isalpha():
                    for c in body:
                        feats[f"{prog}:-{c}"] = 1.0
                else:
                    feats[f"{prog}:{w}"] = 1.0
            elif prog == "tar" and i == 1 and w.isalpha() and len(w) <= 6:
                for c in w:
                    feats[f"{prog}:-{c}"] = 1.0
            elif w.startswith("+") and 1 < len(w) <= 12:
                feats[f"{prog}:{w}"] = 1.0  # date +%s, dig +short, find -size +1G
            else:
                lw = w.lower()
                if _WORD.match(lw) and n_words < 4:
                    # the first literal words carry sub-commands (git stash, kubectl get pods)
                    feats[f"{prog}:{lw}"] = 1.5 if n_words == 0 else 1.0
                    n_words += 1
    return main, feats


@dataclass
class Template:
    command: str
    utility: str
    feats: dict[str, float]
    norm: float
    requests: list[str]


class KBDescriber:
    """Nearest curated templates of a command, and their requests."""

    def __init__(self, templates: list[Template], version: str):
        self.templates = templates
        self.version = version
        self.by_utility: dict[str, list[Template]] = {}
        for t in templates:
            self.by_utility.setdefault(t.utility, []).append(t)

    @classmethod
    def from_files(cls, files: Iterable[Path]) -> KBDescriber:
        import yaml

        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
        h = hashlib.blake2b(VERSION.encode(), digest_size=8)
        templates: list[Template] = []
        for f in sorted(files):
            raw = f.read_bytes()
            h.update(raw)
            try:
                entries = yaml.load(raw, Loader=loader) or []
            except yaml.YAMLError:
                continue
            for e in entries:
                if not isinstance(e, dict) or not e.get("command") or not e.get("requests"):
                    continue
                tpl = str(e["command"])
                slots = frozenset(v for _, v in _SLOT.findall(tpl) if v)
                concrete = _SLOT.sub(lambda m: m.group(2) or m.group(1), tpl)
                main, feats = features(concrete, slots=slots)
                if not main:
                    continue
                norm = math.sqrt(sum(v * v for v in feats.values())) or 1.0
                templates.append(Template(tpl, main, feats, norm, [str(r) for r in e["requests"]]))
        return cls(templates, h.hexdigest())

    def nearest(self, command: str, k: int = 2, min_score: float = 0.3) -> list[tuple[float, Template]]:
        main, feats = features(command)
        cands = self.by_utility.get(main)
        if not cands:
            return []
        norm = math.sqrt(sum(v * v for v in feats.values())) or 1.0
        scored = []
        for t in cands:
            dot = sum(v * t.feats[f] for f, v in feats.items() if f in t.feats)
            s = dot / (norm * t.norm)
            if s >= min_score:
                scored.append((s, t))
        scored.sort(key=lambda st: -st[0])
        return scored[:k]

    def describe(self, command: str, k: int = 2, max_requests: int = 6) -> str:
        """The requests of the ``k`` nearest templates (best first, at most ``max_requests``)."""
        out: list[str] = []
        seen: set[str] = set()
        near = self.nearest(command, k)
        if not near:
            return ""
        best = near[0][0]
        for s, t in near:
            if s < best * 0.8:
                break
            for r in t.requests:
                key = r.lower()
                if key not in seen:
                    seen.add(key)
                    out.append(r)
        return "; ".join(out[:max_requests])


_LOCK = threading.Lock()
_DEFAULT: KBDescriber | None = None


def default_describer() -> KBDescriber | None:
    """The describer over the curated KB files shipped with cmdai (None if they are absent)."""
    global _DEFAULT
    with _LOCK:
        if _DEFAULT is None:
            files = sorted(data_dir().glob("*.yaml")) if data_dir().is_dir() else []
            if not files:
                return None
            _DEFAULT = KBDescriber.from_files(files)
        return _DEFAULT


def kb_version() -> str:
    """A cheap stamp of the KB files (names, sizes, mtimes) and of this module's method."""
    h = hashlib.blake2b(VERSION.encode(), digest_size=6)
    d = data_dir()
    for f in sorted(d.glob("*.yaml")) if d.is_dir() else []:
        try:
            st = f.stat()
        except OSError:
            continue
        h.update(f"{f.name}:{st.st_size}:{st.st_mtime_ns};".encode())
    return h.hexdigest()
