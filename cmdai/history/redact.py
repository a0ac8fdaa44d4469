"""Secret redaction: applied to every command and request before it is stored.

    >>> redact("curl -H 'Authorization: Bearer abc.def' https://u:pw@example.com")
    "curl -H 'Authorization: Bearer [REDACTED]' https://u:[REDACTED]@example.com"

Only the secret becomes ``[REDACTED]``; the rest of the command (the program, the flag or
variable name, the host) stays, so it remains searchable. ``extra_patterns`` are the user's
regexes from ``history.redact``: their whole match is replaced.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable

from ..errors import ConfigError

MARK = "[REDACTED]"

# A value after '=' or a space: a quoted string or a run of non-space characters.
_VAL = r"""(?:"[^"\n]*"|'[^'\n]*'|[^\s'"&;|]+)"""

# (pattern, replacement). Replacements keep the non-secret parts through groups.
_RULES: list[tuple[str, str]] = [
    # URLs with credentials: scheme://user:password@host
    (r"(?i)\b([a-z][a-z0-9+.\-]*://[^/\s:@'\"]*:)([^/\s@'\"]+)(@)", r"\1" + MARK + r"\3"),
    # Authorization headers (keep the scheme word) and bare Bearer tokens
    (r"(?i)(\b(?:proxy-)?authorization\s*:\s*(?:(?:bearer|basic|token|digest)\s+)?)([^\s'\"]+)",
     r"\1" + MARK),
    (r"(?i)(\bbearer\s+)([A-Za-z0-9._~+/=\-]{8,})", r"\1" + MARK),
    # AWS
    (r"\b(?:AKIA|ASIA|AGPA|AIDA|AROA|AIPA|ANPA|ANVA|ABIA|ACCA)[A-Z0-9]{16}\b", MARK),
    (r"(?i)(\baws_(?:secret_access_key|session_token)\b[\"']?\s*[=:]?\s*)" + _VAL, r"\1" + MARK),
    # GitHub, GitLab, Slack, Stripe, npm tokens
    (r"\bgh[pousr]_[A-Za-z0-9]{20,}\b", MARK),
    (r"\bgithub_pat_[A-Za-z0-9_]{20,}", MARK),
    (r"\bglpat-[A-Za-z0-9_\-]{20,}", MARK),
    (r"\bxox[abposre]-[A-Za-z0-9\-]{10,}", MARK),
    (r"\b[sr]k_(?:live|test)_[A-Za-z0-9]{10,}", MARK),
    (r"\bnpm_[A-Za-z0-9]{30,}\b", MARK),
    # --password X, --password=X, --token X, ...
    (r"(?i)((?:^|\s)--?(?:password|passwd|pass|token|api[-_]?key|secret|client[-_]secret)(?:=|\s+))"
     + _VAL, r"\1" + MARK),
    # password=..., PASSWORD=..., api_key: ..., MYSQL_PWD=...
    (r"(?i)(\b[A-Za-z_]*(?:password|passwd|pwd|secret|token|api[-_]?key|access[-_]?key)[\"']?\s*[=:]\s*)"
     + _VAL, r"\1" + MARK),
    # mysql -pSECRET (lower-case -p glued to its value; -P is the port)
    (r"(?i)(\b(?:mysql|mysqldump|mysqladmin|mariadb|mariadb-dump|mysqlimport|mysqlshow)\b[^|;&\n]*?\s-p)"
     r"(?!\s|$)(" + _VAL + ")", r"\1" + MARK),
]

# Cheap pre-check (plain substring tests on the lower-cased text): most commands contain none
# of these and skip the rules entirely. Every rule above needs one of them to match.
_TRIGGERS = ("://", "auth", "bearer", "akia", "asia", "agpa", "aida", "aroa", "aipa", "anpa", "anva", "abia",
             "acca", "aws_", "ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_", "glpat-", "xox", "k_live_",
             "k_test_", "npm_", "pass", "pwd", "secret", "token", "key", "mysql", "mariadb")


def _triggered(text: str) -> bool:
    low = text.lower()
    return any(t in low for t in _TRIGGERS)

_COMPILED = [(re.compile(p), r) for p, r in _RULES]


@functools.lru_cache(maxsize=32)
def _compile_extra(patterns: tuple[str, ...]) -> tuple[re.Pattern[str], ...]:
    out = []
    for p in patterns:
        try:
            out.append(re.compile(p))
        except re.error as e:
            raise ConfigError(f"history.redact: invalid regular expression {p!r}: {e}") from None
    return tuple(out)


def redact(text: str, extra_patterns: Iterable[str] = ()) -> str:
    """Return ``text`` with secrets replaced by ``[REDACTED]``."""
    if not text:
        return text
    if _triggered(text):
        for rx, repl in _COMPILED:
            text = rx.sub(repl, text)
    extra = tuple(extra_patterns)
    if extra:
        for rx in _compile_extra(extra):
            text = rx.sub(MARK, text)
    return text


def validate_patterns(patterns: Iterable[str]) -> None:
    """Raise :class:`ConfigError` if a user pattern does not compile."""
    _compile_extra(tuple(patterns))
