"""Errors a user can cause, and the exit codes they map to.

Every error that reaches the CLI is a :class:`CmdaiError`: the CLI prints its message as one
line on stderr (``cmdai: error: ...``) and exits with its code. Keep this table in sync with
the README and ``cmdai --help``.
"""

from __future__ import annotations

EXIT_OK = 0
EXIT_ERROR = 1  # anything else that went wrong
EXIT_USAGE = 2  # bad flags or arguments (click's own code)
EXIT_CONFIG = 3  # the config file or an override is invalid
EXIT_BACKEND = 4  # no backend could answer (model missing/corrupt, server down)
EXIT_BLOCKED = 5  # the command was blocked by the safety policy
EXIT_HISTORY = 6  # the history database is unreadable or locked
EXIT_DAEMON = 7  # the engine daemon could not be reached or started
EXIT_DECLINED = 8  # --execute: the user declined, or no terminal to ask on
EXIT_RISK_HIGH = 10  # cmdai check: high risk
EXIT_RISK_CRITICAL = 11  # cmdai check: critical risk
EXIT_INTERRUPTED = 130  # Ctrl-C

EXIT_CODES_HELP = """\
Exit codes:
  0    success (cmdai check: safe or moderate)
  1    unexpected error
  2    bad usage (unknown flag, bad argument)
  3    invalid configuration (the message names file, line and key)
  4    no backend could answer (model missing or corrupt, server down)
  5    blocked by the safety policy
  6    history database error (see 'cmdai history repair')
  7    engine daemon unreachable
  8    execution declined or impossible (no terminal)
  10   cmdai check: high risk
  11   cmdai check: critical risk
  130  interrupted (Ctrl-C)"""


class CmdaiError(Exception):
    """An error a user can cause or fix; printed as one line."""

    exit_code = EXIT_ERROR

    def __init__(self, message: str, exit_code: int | None = None, hint: str | None = None):
        super().__init__(message)
        self.message = message
        self.hint = hint
        if exit_code is not None:
            self.exit_code = exit_code

    def __str__(self) -> str:
        return self.message


class UsageError(CmdaiError):
    exit_code = EXIT_USAGE


class ConfigError(CmdaiError):
    exit_code = EXIT_CONFIG


class BackendError(CmdaiError):
    exit_code = EXIT_BACKEND


class ModelError(BackendError):
    """The model file is missing, corrupt or cannot be assembled."""


class HistoryError(CmdaiError):
    exit_code = EXIT_HISTORY


class DaemonError(CmdaiError):
    exit_code = EXIT_DAEMON


class BlockedError(CmdaiError):
    exit_code = EXIT_BLOCKED


class Cancelled(CmdaiError):
    """The operation was cancelled (Ctrl-C or a CancellationToken)."""

    exit_code = EXIT_INTERRUPTED
