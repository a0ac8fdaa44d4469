"""Pattern engine: the user's own regex rules, and the fallback rules used when parsing fails.

User rules come from the config (``safety.rules``: pattern, level, reason, action). ``deny`` raises
the command to the rule's level; ``allow`` treats a matching command as safe (it overrides the
built-in rules, so write it narrowly). An invalid regex is a :class:`~cmdai.errors.ConfigError`
naming the key (``safety.rules[2].pattern``).

The fallback rules are deliberately few and broad: they only run when tree-sitter reports a
syntax error (or is not installed), on text we could not take apart.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from ..errors import ConfigError
from .types import CRITICAL, HIGH, RiskLevel


@dataclass(frozen=True)
class CompiledRule:
    regex: re.Pattern[str]
    level: RiskLevel
    reason: str
    action: str
    index: int


def _get(rule: Any, key: str, default: Any) -> Any:
    if isinstance(rule, dict):
        return rule.get(key, default)
    return getattr(rule, key, default)


def compile_rules(rules: Sequence[Any]) -> list[CompiledRule]:
    out = []
    for i, r in enumerate(rules):
        out.append(_compile_one(i, str(_get(r, "pattern", "")), str(_get(r, "level", "high")),
                                str(_get(r, "reason", "") or ""), str(_get(r, "action", "deny"))))
    return out


@lru_cache(maxsize=512)
def _compile_one(i: int, pattern: str, level: str, reason: str, action: str) -> CompiledRule:
    key = f"safety.rules[{i}]"
    if not pattern:
        raise ConfigError(f"{key}.pattern: empty pattern")
    try:
        rx = re.compile(pattern)
    except re.error as e:
        raise ConfigError(f"{key}.pattern: invalid regular expression {pattern!r}: {e}") from None
    try:
        lv = RiskLevel.parse(level)
    except ValueError as e:
        raise ConfigError(f"{key}.level: {e}") from None
    if action not in ("deny", "allow"):
        raise ConfigError(f"{key}.action: must be deny or allow, not {action!r}")
    return CompiledRule(rx, lv, reason or f"matches your rule {pattern!r}", action, i)


@dataclass(frozen=True)
class PatternHit:
    level: RiskLevel
    rule_id: str
    text: str
    span: tuple[int, int] | None


_FALLBACK: list[tuple[re.Pattern[str], RiskLevel, str, str]] = [
    (re.compile(r"\brm\s+(?:-\S+\s+)*-\S*[rR]\S*\s+(?:-\S+\s+)*(?:--\s+)?[\"']?(?:/|/\*|~/?|\$\{?HOME\}?/?|"
                r"\.\./?)[\"']?(?:\s|$|;|&|\|)"), CRITICAL, "fallback.rm_root", "recursive delete of / or the home "
     "directory"),
    (re.compile(r"--no-preserve-root"), CRITICAL, "fallback.rm_root", "rm --no-preserve-root"),
    (re.compile(r":\s*\(\s*\)\s*\{[^}]*:\s*\|\s*:"), CRITICAL, "fallback.forkbomb", "a fork bomb"),
    (re.compile(r"\bfunction\s+(\w+)\b[^\n]*\b\1\s*\|\s*\1\s*&"), CRITICAL, "fallback.forkbomb", "a fork bomb"),
    (re.compile(r"\bmkfs(?:\.\w+)?\s+\S*/dev/"), CRITICAL, "fallback.mkfs", "formats a disk"),
    (re.compile(r"\bdd\b[^\n]*\bof=/dev/(?:sd|hd|vd|xvd|nvme|mmcblk|disk|rdisk)"), CRITICAL, "fallback.dd",
     "dd onto a disk device"),
    (re.compile(r">\s*/dev/(?:sd|hd|vd|xvd|nvme|mmcblk|disk|rdisk)"), CRITICAL, "fallback.disk_redirect",
     "writes onto a disk device"),
    (re.compile(r"\b(?:curl|wget)\b[^|]*\|\s*(?:sudo\s+)?(?:ba|z|da|k)?sh\b"), HIGH, "fallback.download_run",
     "runs a script downloaded from the internet"),
    (re.compile(r"\bchmod\s+-R\s+\S+\s+/(?:\s|$)"), CRITICAL, "fallback.chmod_root", "recursive chmod of /"),
    (re.compile(r"\bgit\s+push\b[^\n;&|]*\s(?:--force|-f)\b"), HIGH, "fallback.git_force", "git force-push"),
    (re.compile(r"\bgit\s+reset\s+--hard\b"), HIGH, "fallback.git_reset", "git reset --hard"),
    (re.compile(r"(?i)\bdrop\s+(?:database|table|schema)\b"), HIGH, "fallback.sql", "drops a database or table"),
    (re.compile(r"/dev/tcp/"), HIGH, "fallback.devtcp", "opens a network socket from the shell"),
    (re.compile(r"\b(?:shutdown|reboot|halt|poweroff)\b"), HIGH, "fallback.power", "shuts the machine down"),
]


def fallback_findings(text: str) -> list[PatternHit]:
    hits = []
    for rx, lv, rid, why in _FALLBACK:
        m = rx.search(text)
        if m:
            hits.append(PatternHit(lv, rid, why + " (matched by pattern; the command did not parse)", m.span()))
    return hits
