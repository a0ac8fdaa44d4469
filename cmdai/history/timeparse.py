"""Parse the times users type for --since/--until: epochs, ISO dates, '2h', '3d', 'yesterday'."""

from __future__ import annotations

import re
import time
from datetime import datetime, timedelta

from ..errors import UsageError

_REL = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(s|sec|m|min|h|hr|d|day|days|w|week|weeks|mo|month|months|y|year|years)"
                  r"(?:\s+ago)?\s*$", re.I)
_UNITS = {"s": 1, "sec": 1, "m": 60, "min": 60, "h": 3600, "hr": 3600, "d": 86400, "day": 86400,
          "days": 86400, "w": 604800, "week": 604800, "weeks": 604800, "mo": 2592000, "month": 2592000,
          "months": 2592000, "y": 31536000, "year": 31536000, "years": 31536000}


def parse_when(text: str, *, now: float | None = None) -> float:
    """Return Unix epoch seconds for ``text``; raise :class:`UsageError` if it is not a time."""
    now = time.time() if now is None else now
    t = text.strip()
    low = t.lower()
    if low == "now":
        return now
    midnight = datetime.fromtimestamp(now).replace(hour=0, minute=0, second=0, microsecond=0)
    if low == "today":
        return midnight.timestamp()
    if low == "yesterday":
        return (midnight - timedelta(days=1)).timestamp()
    if re.fullmatch(r"\d{9,11}(\.\d+)?", t):
        return float(t)
    m = _REL.match(t)
    if m:
        return now - float(m.group(1)) * _UNITS[m.group(2).lower()]
    try:
        dt = datetime.fromisoformat(t)
    except ValueError:
        raise UsageError(f"cannot understand the time {text!r} (try 2024-05-01, '2024-05-01 13:00', "
                         f"3d, 12h, yesterday or an epoch)") from None
    return dt.timestamp()
