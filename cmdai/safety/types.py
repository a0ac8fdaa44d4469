"""Result types of the safety engine: :class:`RiskLevel`, :class:`Reason`, :class:`SafetyResult`."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import IntEnum
from typing import Any


class RiskLevel(IntEnum):
    """Ordered risk levels; ``.name`` is lower-case (``"safe"`` ... ``"critical"``)."""

    safe = 0
    moderate = 1
    high = 2
    critical = 3

    @classmethod
    def parse(cls, value: str | int | RiskLevel) -> RiskLevel:
        if isinstance(value, RiskLevel):
            return value
        if isinstance(value, int):
            return cls(value)
        try:
            return cls[str(value).strip().lower()]
        except KeyError:
            raise ValueError(f"unknown risk level {value!r} (safe, moderate, high, critical)") from None

    def __str__(self) -> str:  # "high", not "RiskLevel.high"
        return self.name


SAFE, MODERATE, HIGH, CRITICAL = RiskLevel.safe, RiskLevel.moderate, RiskLevel.high, RiskLevel.critical


@dataclass(frozen=True)
class Reason:
    """Why a command got its level: a rule id, words a person understands, the level, and the
    ``(start, end)`` character span of the command it concerns (``None`` when it concerns all of it)."""

    rule_id: str
    text: str
    level: RiskLevel
    span: tuple[int, int] | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"rule_id": self.rule_id, "text": self.text, "level": self.level.name,
                "span": list(self.span) if self.span is not None else None}


@dataclass
class SafetyResult:
    command: str
    level: RiskLevel = SAFE
    blocked: bool = False
    requires_confirmation: bool = False
    reasons: list[Reason] = field(default_factory=list)
    suggestions: list[str] = field(default_factory=list)
    parsed: bool = True
    policy: str = "moderate"

    @property
    def risk_level(self) -> str:
        return self.level.name

    def to_dict(self) -> dict[str, Any]:
        return {"command": self.command, "risk_level": self.level.name, "blocked": self.blocked,
                "requires_confirmation": self.requires_confirmation,
                "reasons": [r.to_dict() for r in self.reasons], "suggestions": list(self.suggestions)}
