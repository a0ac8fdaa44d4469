"""Backends: one protocol (:mod:`.base`), three implementations, and the selector.

    from cmdai.backends import create_backend
    backend = create_backend("embedded", cfg)
"""

from __future__ import annotations

from typing import Any

from ..errors import UsageError
from .base import (
    Backend,
    CancellationToken,
    Capabilities,
    Completion,
    Event,
    GenerationRequest,
    GenerationResult,
    Health,
)

__all__ = ["Backend", "CancellationToken", "Capabilities", "Completion", "Event", "GenerationRequest",
           "GenerationResult", "Health", "create_backend"]


def create_backend(name: str, cfg: Any) -> Any:
    """One backend by name, configured from ``cfg`` (a cmdai.config.Config)."""
    if name == "embedded":
        from .embedded import EmbeddedBackend

        return EmbeddedBackend.from_config(cfg)
    raise UsageError(f"unknown backend '{name}' (available: embedded)")
