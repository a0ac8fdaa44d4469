"""The engine: the suggestion pipeline, the daemon and its stdlib-only client."""

from .pipeline import Engine, Result, clean_request

__all__ = ["Engine", "Result", "clean_request"]
