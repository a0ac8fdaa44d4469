"""The validator: one :class:`SafetyResult` from the parser rules, context, behavior, request and
user rules.

Policy table (``safety.policy``; the level is the highest level of any reason):

============  ============================  =================================
policy        blocked                       requires_confirmation
============  ============================  =================================
strict        high, critical                moderate
moderate      critical                      high               (the default)
permissive    never                         critical
============  ============================  =================================

A blocked command never also "requires confirmation": it is refused. ``safe`` never needs either.

How the level is reached:

1. the command is parsed (tree-sitter-bash) and every simple command it runs is judged by the rule
   of its utility, looking through wrappers and into strings that shells run
   (:mod:`cmdai.safety.rules`); targets are resolved against ``cwd`` (:mod:`cmdai.safety.targets`);
2. if the parser reports a syntax error (or is not installed) the fallback patterns run as well
   (:mod:`cmdai.safety.patterns`);
3. the behavioral analyzer looks at ``recent`` (:mod:`cmdai.safety.behavior`);
4. the request text is assessed; when it asks for something destructive and the command looks
   harmless, the command is raised to the request's level (a harmless-looking answer to "wipe the
   disk" is not waved through);
5. the user's rules: ``deny`` rules raise to their level, an ``allow`` rule that matches makes the
   command safe.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ..errors import ConfigError
from . import parser as P
from .behavior import analyze as behavior_analyze
from .context import Context
from .patterns import compile_rules, fallback_findings
from .request import assess_request
from .rules import Analyzer
from .types import CRITICAL, HIGH, MODERATE, SAFE, Reason, RiskLevel, SafetyResult

POLICIES = ("strict", "moderate", "permissive")
MAX_ANALYZED = 200_000


def decide(level: RiskLevel, policy: str) -> tuple[bool, bool]:
    """(blocked, requires_confirmation) for ``level`` under ``policy`` (see the module table)."""
    if policy == "strict":
        return level >= HIGH, level == MODERATE
    if policy == "permissive":
        return False, level >= CRITICAL
    return level >= CRITICAL, level == HIGH


def validate(command: str, *, cwd: str | None = None, shell: str = "bash", policy: str = "moderate",
             request: str | None = None, recent: Sequence[Any] = (), rules: Sequence[Any] = ()) -> SafetyResult:
    """Judge ``command``. Never raises on any command text; raises ConfigError for a bad policy or rule."""
    if policy not in POLICIES:
        raise ConfigError(f"safety.policy: must be one of {', '.join(POLICIES)}, not {policy!r}")
    compiled = compile_rules(rules) if rules else []
    if not isinstance(command, str):
        command = str(command)
    reasons: list[Reason] = []
    suggestions: list[str] = []
    parsed_ok = True
    text = command if len(command) <= MAX_ANALYZED else command[:MAX_ANALYZED]
    try:
        ctx = Context.make(cwd, shell)
        parsed = P.parse(text, ctx.cwd)
        an = Analyzer(ctx)
        if parsed is None:
            parsed_ok = False
        else:
            an.run(parsed)
            parsed_ok = parsed.ok
        for f in an.findings:
            reasons.append(Reason(f.rule_id, f.text, f.level, f.span))
            if f.suggestion and f.level >= HIGH and f.suggestion not in suggestions:
                suggestions.append(f.suggestion)
        if not parsed_ok:
            for h in fallback_findings(text):
                reasons.append(Reason(h.rule_id, h.text, h.level, h.span))
    except RecursionError:
        parsed_ok = False
        for h in fallback_findings(text):
            reasons.append(Reason(h.rule_id, h.text, h.level, h.span))
        reasons.append(Reason("parse.too_deep", "the command is nested too deeply to analyse", HIGH))
    if len(command) > MAX_ANALYZED:
        reasons.append(Reason("parse.too_long", f"the command is {len(command)} characters long; only the first "
                              f"{MAX_ANALYZED} were analysed", HIGH))
    try:
        reasons.extend(behavior_analyze(text, recent, is_suggestion=request is not None))
    except Exception:  # history items of unexpected shapes must not break a check
        pass
    level = max((r.level for r in reasons), default=SAFE)
    if request:
        asked = assess_request(request)
        if asked:
            top = max(r.level for r in asked)
            if level < top:
                reasons.append(Reason("request.mismatch", asked[0].text + ", but this command does not look like "
                                      "it does that: check it before running it", top))
                level = top
            else:
                reasons.extend(asked)
    for rule in compiled:
        m = rule.regex.search(command)
        if not m:
            continue
        if rule.action == "allow":
            reasons = [Reason(f"user.allow.{rule.index}", f"allowed by your rule: {rule.reason}", SAFE, m.span())]
            suggestions = []
            level = SAFE
            break
        reasons.append(Reason(f"user.{rule.index}", rule.reason, rule.level, m.span()))
        level = max(level, rule.level)
    reasons = _dedupe(reasons)
    if level >= HIGH:
        reasons = [r for r in reasons if r.level > SAFE and not (r.rule_id == "sudo" and r.level < level)]
    blocked, confirm = decide(level, policy)
    return SafetyResult(command, level, blocked, confirm, reasons, suggestions, parsed_ok, policy)


def _dedupe(reasons: list[Reason]) -> list[Reason]:
    seen: set[tuple[str, str]] = set()
    out = []
    for r in sorted(reasons, key=lambda r: -r.level):
        k = (r.rule_id, r.text)
        if k in seen:
            continue
        seen.add(k)
        out.append(r)
    return out


__all__ = ["MODERATE", "POLICIES", "decide", "validate"]
