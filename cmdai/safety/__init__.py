"""The safety engine: is this shell command dangerous, and why.

    from cmdai.safety import validate, RiskLevel
    r = validate("rm -rf ~", cwd="/home/me")
    r.level is RiskLevel.critical; r.blocked; r.reasons[0].text

Modules: :mod:`.parser` (tree-sitter-bash -> simple commands), :mod:`.rules` (per-utility rules,
wrappers), :mod:`.targets` (what a path is), :mod:`.context` (cwd, git, mounts, kube/cloud),
:mod:`.behavior` (recent history), :mod:`.patterns` (user rules, fallback), :mod:`.request`
(the request's words), :mod:`.validator` (policy; the table is in its docstring).
tree_sitter is imported on the first call, not at import.
"""

from __future__ import annotations

from .request import assess_request
from .types import Reason, RiskLevel, SafetyResult
from .validator import POLICIES, decide, validate

__all__ = ["POLICIES", "Reason", "RiskLevel", "SafetyResult", "assess_request", "decide", "validate"]
