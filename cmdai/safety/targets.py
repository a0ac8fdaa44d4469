"""Resolve the targets of a destructive command and say how much losing them would hurt.

:func:`classify` takes an evaluated word (``~``, ``$HOME`` already turned into ``~``), the working
directory it is relative to (None: unknown) and returns a :class:`Target` with the level of a
*recursive* delete/overwrite of it (``rec``) and of a plain file delete (``file``), and words
describing it. Globs are judged by the directory whose contents they cover (``/*`` is ``/``).
"""

from __future__ import annotations

import os
import posixpath
from dataclasses import dataclass
from functools import lru_cache

from .types import CRITICAL, HIGH, MODERATE, SAFE, RiskLevel

SYSTEM_TOP = frozenset("""bin boot dev etc lib lib32 lib64 libx32 opt proc root run sbin srv sys usr var
 System Library Applications private snap nix cores Volumes""".split())
USER_TOP = frozenset(("home", "Users"))
TEMP_DIRS = ("/tmp", "/var/tmp", "/private/tmp", "/dev/shm", "/private/var/tmp")
# home sub-directories whose loss is cheap (caches, build output, trash)
DISPOSABLE = frozenset(""".cache .npm .yarn .pnpm-store .gradle .m2 .cargo/registry tmp .tmp Trash .Trash
 .local/share/Trash node_modules build dist target __pycache__ .pytest_cache .mypy_cache .ruff_cache
 .venv venv .tox Downloads/tmp .thumbnails""".split())
SECRET_DIRS = frozenset(".ssh .gnupg .aws .kube .password-store .docker .azure .config/gcloud".split())
SENSITIVE_FILES = frozenset("""/etc/passwd /etc/shadow /etc/group /etc/gshadow /etc/sudoers /etc/sudoers.d
 /etc/fstab /etc/hosts /etc/ssh/sshd_config /etc/pam.d /etc/crontab /etc/resolv.conf /etc/profile
 /etc/bash.bashrc /etc/environment /etc/ld.so.preload /etc/ld.so.conf /etc/security /etc/default/grub
 /etc/inittab /etc/systemd /etc/apt/sources.list""".split())
BIN_DIRS = ("/bin", "/sbin", "/usr/bin", "/usr/sbin", "/lib", "/lib64", "/usr/lib", "/usr/lib64", "/boot",
            "/usr/libexec", "/System", "/etc/init.d")
DATA_DIRS = ("/var/lib/dpkg", "/var/lib/rpm", "/var/lib/mysql", "/var/lib/postgresql", "/var/lib/docker",
             "/var/lib/etcd", "/var/lib/kubelet", "/var/lib/mongodb", "/var/lib/redis", "/var/lib/pgsql",
             "/var/lib/apt", "/var/lib/containerd", "/var/lib/libvirt", "/var/www", "/srv")
HOME_DOTFILES = frozenset(""".bashrc .bash_profile .profile .zshrc .zprofile .zshenv .bash_logout
 .gitconfig .vimrc .tmux.conf .inputrc .login .cshrc .config/fish/config.fish""".split())
HISTORY_FILES = frozenset(""".bash_history .zsh_history .history .sh_history .local/share/fish/fish_history
 .python_history .psql_history .mysql_history""".split())
_GLOBS = frozenset(("*", ".*", "*.*", "**", "*/", "{*,.*}", ".[!.]*", "..?*"))


@dataclass(frozen=True)
class Target:
    path: str  # resolved (absolute when the cwd is known), "" when unknown
    rec: RiskLevel  # level of deleting it recursively
    file: RiskLevel  # level of deleting / overwriting it as a file
    what: str  # e.g. "the root filesystem", "your home directory"


def home_dir() -> str:
    return os.environ.get("HOME") or posixpath.expanduser("~") or "/root"


def _tail_glob(path: str) -> tuple[str, bool]:
    """Strip a trailing ``/*``-like glob: ``/usr/*`` -> (``/usr``, True)."""
    head, tail = posixpath.split(path.rstrip("/") or "/")
    if tail in _GLOBS:
        return head or ("/" if path.startswith("/") else "."), True
    return path, False


def classify(text: str, cwd: str | None, *, dynamic: bool = False) -> Target:
    return _classify(text, cwd, dynamic, home_dir())


@lru_cache(maxsize=4096)
def _classify(text: str, cwd: str | None, dynamic: bool, home: str) -> Target:
    if dynamic:
        stripped = text.strip('"')
        if stripped.startswith("$"):
            name_end = 1
            while name_end < len(stripped) and (stripped[name_end].isalnum() or stripped[name_end] in "_{}"):
                name_end += 1
            rest = stripped[name_end:]
            if rest in ("/", "/*", "/.*", "/{*,.*}"):
                return Target("", HIGH, MODERATE, f"{stripped} (if {stripped[:name_end]} is empty this is /)")
        if "/" not in text or text.startswith("$("):
            return Target("", MODERATE, MODERATE, "a path computed at run time")
    if text.startswith("~"):
        rest = text[1:]
        if rest and not rest.startswith("/"):  # ~alice
            user, _, sub = rest.partition("/")
            base = posixpath.join(posixpath.dirname(home) or "/home", user)
            text = base + ("/" + sub if sub else "")
        else:
            text = home + rest
    elif not text.startswith("/"):
        if cwd is None:
            return _relative_unknown(text)
        base = cwd
        if base.startswith("~"):
            base = home + base[1:]
        if not base.startswith("/"):
            return _relative_unknown(text)
        text = posixpath.join(base, text)
    path, globbed = _tail_glob(text)
    path = posixpath.normpath(path)
    if path.startswith("//"):
        path = "/" + path.lstrip("/")
    t = _absolute(path, home)
    if globbed:
        if t.what.startswith(("a temporary", "something in a temporary", "the system temporary")):
            return Target(path + "/*", MODERATE if path in TEMP_DIRS else SAFE, SAFE, "files in " + path)
        # a recursive delete of everything in a directory wipes it, wherever it is (`rm -rf *` in a project is
        # as high as with no known directory); one whose contents are disposable (~/.cache) stays as it was
        inside = _absolute(posixpath.join(path, "_entry_"), home).rec
        return Target(path + "/*", t.rec if inside == SAFE else max(t.rec, HIGH),
                      max(t.file, HIGH if t.rec >= HIGH else MODERATE), "everything in " + t.what)
    return t


def _relative_unknown(text: str) -> Target:
    norm = posixpath.normpath(text) if text else "."
    path, globbed = _tail_glob(text)
    if globbed:
        base = posixpath.normpath(path)
        if base == ".":
            return Target(text, HIGH, HIGH if text.rstrip("/") in ("*", "./*", ".*") else MODERATE,
                          "everything in the current directory")
        if base.startswith(".."):
            return Target(text, HIGH, HIGH, "everything in a parent directory")
        return Target(text, MODERATE, MODERATE, "the files in " + base)
    if norm == ".":
        return Target(text, HIGH, MODERATE, "the current directory")
    if norm == ".." or norm.startswith("../..") and norm.strip("./") == "":
        return Target(text, HIGH, MODERATE, "the parent directory")
    last = posixpath.basename(norm)
    if last == ".git":
        return Target(text, HIGH, HIGH, "the repository's history (.git)")
    return Target(text, MODERATE, MODERATE, text)


@lru_cache(maxsize=4096)
def _absolute(path: str, home: str) -> Target:
    if path == "/":
        return Target(path, CRITICAL, HIGH, "the root filesystem")
    parts = path.strip("/").split("/")
    home_n = posixpath.normpath(home)
    if path == home_n or (len(parts) == 2 and parts[0] in USER_TOP) or path == "/root":
        return Target(path, CRITICAL, HIGH, "a home directory" if path != home_n else "your home directory")
    for tmp in TEMP_DIRS:
        if path == tmp:
            return Target(path, HIGH, MODERATE, "the system temporary directory")
        if path.startswith(tmp + "/"):
            return Target(path, SAFE, SAFE, "something in a temporary directory")
    if path.startswith(home_n + "/"):
        rel = path[len(home_n) + 1:]
        return _in_home(path, rel)
    if len(parts) == 1:
        if parts[0] in SYSTEM_TOP or parts[0] in USER_TOP:
            return Target(path, CRITICAL, HIGH, f"the system directory {path}")
        if parts[0] in ("mnt", "media", "data", "workspace"):
            return Target(path, HIGH, MODERATE, f"the top-level directory {path}")
        return Target(path, HIGH, MODERATE, f"the top-level directory {path}")
    if parts[0] in USER_TOP and len(parts) >= 3:  # another user's home contents
        return _in_home(path, "/".join(parts[2:]))
    for s in SENSITIVE_FILES:
        if path == s or path.startswith(s + "/"):
            return Target(path, CRITICAL if path == s and s.count("/") == 2 else HIGH, HIGH,
                          f"the system file {path}")
    for b in BIN_DIRS:
        if path == b:
            return Target(path, CRITICAL, HIGH, f"the system directory {path}")
        if path.startswith(b + "/"):
            return Target(path, HIGH, HIGH, f"system files in {b}")
    for d in DATA_DIRS:
        if path == d or path.startswith(d + "/"):
            # the files of a package or database store are its state: losing one breaks it (not so /var/www)
            base = posixpath.basename(path)
            state = d not in ("/var/www", "/srv") and not ("lock" in base or base.endswith((".pid", ".sock", ".log")))
            # (stale lock/pid files are removed on purpose)
            return Target(path, HIGH, HIGH if path == d or state else MODERATE, f"system data in {d}")
    if parts[0] in SYSTEM_TOP:
        if len(parts) == 2:
            return Target(path, HIGH, HIGH if parts[0] in ("etc", "boot") else MODERATE, f"the system directory {path}")
        if parts[0] in ("etc", "boot"):
            return Target(path, HIGH if len(parts) == 3 else MODERATE, MODERATE, f"system configuration {path}")
        return Target(path, MODERATE, MODERATE, path)
    if parts[0] == "dev":
        return Target(path, HIGH, HIGH, f"the device {path}")
    return Target(path, HIGH if len(parts) == 2 and parts[0] in ("mnt", "media", "Volumes") else MODERATE,
                  MODERATE, path)


def _in_home(path: str, rel: str) -> Target:
    parts = rel.split("/")
    first = parts[0]
    if first in SECRET_DIRS or "/".join(parts[:2]) in SECRET_DIRS:
        return Target(path, HIGH, HIGH, f"your keys or credentials in ~/{first}")
    if rel in HISTORY_FILES:
        return Target(path, HIGH, HIGH, f"your shell history ~/{rel}")
    if rel in HOME_DOTFILES:
        return Target(path, HIGH, HIGH, f"your shell/tool configuration ~/{rel}")
    if parts[-1] == ".git":
        return Target(path, HIGH, HIGH, f"the history of the repository ~/{posixpath.dirname(rel)}")
    for d in DISPOSABLE:
        if rel == d or rel.startswith(d + "/") or parts[-1] == d:
            return Target(path, SAFE if rel != d else MODERATE, SAFE, f"disposable files in ~/{rel}")
    if len(parts) == 1:
        if first.startswith(".") and first not in (".config", ".local", ".mozilla", ".thunderbird", ".git"):
            return Target(path, MODERATE, MODERATE, f"~/{rel}")
        return Target(path, HIGH, MODERATE, f"the folder ~/{rel} in your home directory")
    if len(parts) == 2 and first in ("Documents", "Desktop", "Pictures", "Photos", "Music", "Videos", "Movies",
                                      ".config", ".local", "Library"):
        return Target(path, HIGH, MODERATE, f"~/{rel}")
    return Target(path, MODERATE, MODERATE, f"~/{rel}")


def is_temp(path: str | None) -> bool:
    if not path:
        return False
    if path.startswith("~"):
        path = home_dir() + path[1:]
    return any(path == t or path.startswith(t + "/") for t in TEMP_DIRS)


BLOCK_DEV_PREFIXES = ("/dev/sd", "/dev/hd", "/dev/vd", "/dev/xvd", "/dev/nvme", "/dev/mmcblk", "/dev/disk",
                      "/dev/rdisk", "/dev/mapper/", "/dev/md", "/dev/dm-", "/dev/loop", "/dev/sr", "/dev/nbd",
                      "/dev/zd", "/dev/bcache", "/dev/mem", "/dev/kmem", "/dev/port")


def is_block_device(path: str) -> bool:
    return path.startswith(BLOCK_DEV_PREFIXES) or path.startswith("/dev/") and "/by-" in path
