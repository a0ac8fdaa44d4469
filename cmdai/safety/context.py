"""Context analyzer: where the command runs and against what.

Everything here is cheap and cached: the git state is asked only when a git rule needs it
(``git status --porcelain``, cached a few seconds per directory), mount points come from
``/proc/self/mounts`` (cached by mtime), the kube context is read from ``$KUBECONFIG`` or
``~/.kube/config`` with a line scan (no YAML parser, never ``kubectl``), the cloud profile from
``AWS_PROFILE`` / ``AWS_DEFAULT_PROFILE`` / ``CLOUDSDK_ACTIVE_CONFIG_NAME`` / gcloud's
``active_config`` / ``AZURE_*`` variables.
"""

from __future__ import annotations

import os
import re
import subprocess
import time
from dataclasses import dataclass, field

from .targets import home_dir

_PROD = re.compile(r"(?i)(?:^|[^a-z])(prod|production|prd|live)(?:$|[^a-z])")
_git_cache: dict[str, tuple[float, bool | None]] = {}
_mounts_cache: tuple[float, frozenset[str]] | None = None
_kube_cache: dict[str, tuple[float, str | None]] = {}


def is_prod_name(name: str | None) -> bool:
    return bool(name) and bool(_PROD.search(name or ""))


@dataclass
class Context:
    cwd: str | None  # absolute, ~ expanded; None: unknown
    shell: str = "bash"
    _facts: dict[str, object] = field(default_factory=dict)

    @classmethod
    def make(cls, cwd: str | None, shell: str = "bash") -> Context:
        if cwd:
            if cwd.startswith("~"):
                cwd = home_dir() + cwd[1:]
            cwd = os.path.normpath(cwd) if cwd.startswith("/") else None
        return cls(cwd, shell)

    def git_dirty(self, cwd: str | None = None) -> bool | None:
        """True: a git work tree with uncommitted changes; False: clean or not a repo; None: unknown."""
        d = cwd or self.cwd
        if not d:
            return None
        if d.startswith("~"):
            d = home_dir() + d[1:]
        now = time.monotonic()
        hit = _git_cache.get(d)
        if hit and now - hit[0] < 3.0:
            return hit[1]
        val: bool | None
        if not _in_git_tree(d):
            val = False
        else:
            try:
                out = subprocess.run(["git", "-C", d, "status", "--porcelain", "--untracked-files=no"],
                                     capture_output=True, timeout=1.5, text=True)
                val = bool(out.stdout.strip()) if out.returncode == 0 else None
            except (OSError, subprocess.SubprocessError):
                val = None
        _git_cache[d] = (now, val)
        return val

    def kube_context(self) -> str | None:
        return kube_context()

    def cloud_profile(self) -> str | None:
        return cloud_profile()


def _in_git_tree(d: str) -> bool:
    cur = d
    for _ in range(40):
        if os.path.exists(os.path.join(cur, ".git")):
            return True
        parent = os.path.dirname(cur)
        if parent == cur:
            return False
        cur = parent
    return False


def mount_points() -> frozenset[str]:
    global _mounts_cache
    path = "/proc/self/mounts"
    try:
        mt = os.stat(path).st_mtime
    except OSError:
        return frozenset()
    if _mounts_cache is not None and _mounts_cache[0] == mt:
        return _mounts_cache[1]
    pts: set[str] = set()
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            for line in f:
                bits = line.split()
                if len(bits) >= 3 and bits[2] not in ("proc", "sysfs", "cgroup", "cgroup2", "devpts", "mqueue",
                                                      "tmpfs", "securityfs", "debugfs", "tracefs", "overlay"):
                    pts.add(bits[1].replace("\\040", " "))
    except OSError:
        pass
    pts.discard("/")
    _mounts_cache = (mt, frozenset(pts))
    return _mounts_cache[1]


def kube_context() -> str | None:
    paths = os.environ.get("KUBECONFIG") or os.path.join(home_dir(), ".kube", "config")
    for p in paths.split(os.pathsep):
        if not p:
            continue
        try:
            mt = os.stat(p).st_mtime
        except OSError:
            continue
        hit = _kube_cache.get(p)
        if hit and hit[0] == mt:
            if hit[1]:
                return hit[1]
            continue
        ctx = None
        try:
            with open(p, encoding="utf-8", errors="replace") as f:
                for line in f:
                    if line.startswith("current-context:"):
                        ctx = line.split(":", 1)[1].strip().strip("'\"") or None
                        break
        except OSError:
            pass
        _kube_cache[p] = (mt, ctx)
        if ctx:
            return ctx
    return None


def cloud_profile() -> str | None:
    for var in ("AWS_PROFILE", "AWS_DEFAULT_PROFILE", "CLOUDSDK_ACTIVE_CONFIG_NAME", "CLOUDSDK_CORE_PROJECT",
                "GOOGLE_CLOUD_PROJECT", "AZURE_SUBSCRIPTION_ID", "ARM_SUBSCRIPTION_ID"):
        v = os.environ.get(var)
        if v:
            return v
    p = os.path.join(os.environ.get("CLOUDSDK_CONFIG") or os.path.join(home_dir(), ".config", "gcloud"),
                     "active_config")
    try:
        with open(p, encoding="utf-8", errors="replace") as f:
            return f.read(200).strip() or None
    except OSError:
        return None
