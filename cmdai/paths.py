"""Where cmdai keeps its files (platformdirs; XDG_* variables are respected on Linux).

Every directory is created 0700 on first use. Tests point everything at a temp dir by
setting XDG_CONFIG_HOME, XDG_DATA_HOME, XDG_STATE_HOME, XDG_CACHE_HOME and XDG_RUNTIME_DIR,
or the single override ``CMDAI_HOME`` (then config/, data/, state/, cache/, run/ below it).
"""

from __future__ import annotations

import os
from pathlib import Path

from .errors import CmdaiError

APP = "cmdai"


def _home_override(sub: str) -> Path | None:
    base = os.environ.get("CMDAI_HOME")
    return Path(base) / sub if base else None


def _pd():
    import platformdirs

    return platformdirs


def config_dir() -> Path:
    return _home_override("config") or Path(_pd().user_config_dir(APP))


def data_dir() -> Path:
    return _home_override("data") or Path(_pd().user_data_dir(APP))


def state_dir() -> Path:
    return _home_override("state") or Path(_pd().user_state_dir(APP))


def cache_dir() -> Path:
    return _home_override("cache") or Path(_pd().user_cache_dir(APP))


def runtime_dir() -> Path:
    """Per-user runtime dir for the daemon socket and lock (0700)."""
    o = _home_override("run")
    if o:
        return o
    xdg = os.environ.get("XDG_RUNTIME_DIR")
    if xdg and os.path.isdir(xdg):
        return Path(xdg) / APP
    return Path(f"/tmp/{APP}-{os.getuid()}")


def config_file() -> Path:
    env = os.environ.get("CMDAI_CONFIG")
    return Path(env) if env else config_dir() / "config.yaml"


def history_db() -> Path:
    env = os.environ.get("CMDAI_HISTORY_DB")
    return Path(env) if env else data_dir() / "history.db"


def spool_dir() -> Path:
    """Where the shell hooks append their records (one file per session)."""
    return data_dir() / "spool"


def log_file() -> Path:
    return state_dir() / "cmdai.log"


def ensure_dir(path: Path) -> Path:
    """Create ``path`` (and parents) with mode 0700; fail with one clear line."""
    try:
        path.mkdir(parents=True, exist_ok=True, mode=0o700)
        if path.stat().st_uid == os.getuid():
            os.chmod(path, 0o700)
    except OSError as e:
        raise CmdaiError(f"cannot create directory {path}: {e.strerror or e}") from None
    if not os.access(path, os.W_OK | os.X_OK):
        raise CmdaiError(f"directory {path} is not writable")
    return path
