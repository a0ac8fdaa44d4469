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
           "GenerationResult", "Health", "create_backend", "BACKEND_NAMES"]

BACKEND_NAMES = ("embedded", "ollama", "openai")


def create_backend(name: str, cfg: Any) -> Any:
    """The backend the engine uses, configured from ``cfg`` (a cmdai.config.Config).

    ``name`` is tried first, then the rest of ``cfg.backend.chain`` in config order. A single
    instance (one backend, one URL) is returned as it is; anything more is wrapped in a
    :class:`~cmdai.backends.selector.BackendSelector` (fallback, balancing, circuit breaker,
    statistics in the state dir), which satisfies the same protocol.
    """
    from .selector import BackendSelector, fallback_order, instance_urls, make_backend

    order = fallback_order(name, list(cfg.backend.chain))
    for n in order:
        if n not in BACKEND_NAMES:
            raise UsageError(f"unknown backend '{n}' (available: {', '.join(BACKEND_NAMES)})")
    if len(order) == 1 and len(instance_urls(cfg, order[0])) == 1 and order[0] == "embedded":
        return make_backend(order[0], cfg, instance_urls(cfg, order[0])[0])
    return BackendSelector.from_config(cfg, name)
