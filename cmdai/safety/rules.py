"""Per-utility rules, and the analyzer that looks through wrappers to apply them.

:class:`Analyzer` walks the simple commands of a :class:`~cmdai.safety.parser.Parsed` line. For
each one it first strips wrappers (``sudo``, ``env``, ``nohup``, ``time``, ``nice``, ``timeout``,
``command``, ``builtin``, ``exec``, ``xargs``, ``watch``, ``ssh host …``, ``find -exec``), parses
the strings that shells run (``bash -c``, ``eval``, here-docs and here-strings fed to a shell, text
piped into a shell, base64 decoded before it is piped into a shell), scans the code given to
``python -c`` / ``perl -e`` / ``ruby -e`` / ``node -e`` / ``php -r``, then applies the rule of the
utility (``HANDLERS``). Every finding has an id (``rm.root``, ``git.push.force``, ...), a level,
a sentence, the span of the command and, where one exists, a safer alternative.
"""

from __future__ import annotations

import base64
import binascii
import posixpath
import re
import shlex
from collections.abc import Callable
from dataclasses import dataclass

from . import parser as P
from .context import Context, is_prod_name, mount_points
from .parser import Cmd, Parsed, Word
from .targets import classify, is_block_device, is_temp
from .types import CRITICAL, HIGH, MODERATE, SAFE, RiskLevel


@dataclass
class Finding:
    level: RiskLevel
    rule_id: str
    text: str
    span: tuple[int, int] | None
    suggestion: str | None = None


def util(text: str) -> str:
    """``/bin/rm`` -> ``rm``; ``python3.11`` -> ``python3.11`` (callers group versions)."""
    name = text.lstrip("\\")
    if "/" in name:
        name = name.rsplit("/", 1)[1]
    return name


def split_opts(args: list[Word], with_value: frozenset[str] = frozenset()) -> tuple[set[str], set[str], list[Word]]:
    """Short option letters, long option names (without ``--``), positional words."""
    short: set[str] = set()
    long: set[str] = set()
    pos: list[Word] = []
    it = iter(range(len(args)))
    skip = False
    ended = False
    for i in it:
        a = args[i]
        t = a.text
        if skip:
            skip = False
            continue
        if ended or a.quoted and not t.startswith("-") or not t.startswith("-") or t == "-":
            pos.append(a)
            continue
        if t == "--":
            ended = True
            continue
        if t.startswith("--"):
            name = t[2:].split("=", 1)[0]
            long.add(name)
            if name in with_value and "=" not in t:
                skip = True
            continue
        letters = t[1:]
        for j, ch in enumerate(letters):
            short.add(ch)
            if ch in with_value:
                if j == len(letters) - 1:
                    skip = True
                break
    return short, long, pos


SHELLS = frozenset("sh bash zsh dash ksh mksh ash fish csh tcsh busybox yash".split())
DOWNLOADERS = frozenset("curl wget fetch aria2c http https xh lynx links axel httpie ftp tftp".split())
NETCAT = frozenset("nc ncat netcat socat telnet openssl cryptcat".split())
INTERP_FLAG = {"python": "c", "perl": "eE", "ruby": "e", "node": "ep", "nodejs": "ep", "php": "r",
               "deno": "", "bun": "e", "lua": "e", "Rscript": "e", "osascript": "e"}
DATA_ONLY = frozenset("""echo printf grep egrep fgrep rg ag ack man which type whereis whatis apropos help info
 tldr cat less more head tail wc sort uniq cut awk jq yq diff cmp file stat ls ll la tree du df pwd date
 true false test [ sleep history alias unalias export declare typeset local readonly set unset read
 basename dirname realpath readlink hostname whoami id uname uptime free ps top htop pgrep pstree lsof
 env_show look expr seq column fold fmt nl tac rev od hexdump xxd strings base32 md5sum sha1sum
 sha256sum sha512sum cksum tee_no mkdir touch cp ln""".split())


def _interp(name: str) -> str | None:
    base = re.sub(r"[\d.]+$", "", name)
    if base in ("python", "pypy", "pypy3"):
        return "python"
    if base in INTERP_FLAG:
        return base
    return None


class Analyzer:
    MAX_DEPTH = 6

    def __init__(self, ctx: Context):
        self.ctx = ctx
        self.findings: list[Finding] = []
        self.depth = 0
        self.force_recursive = False
        self.parsed_ok = True
        self.all_cmds: list[Cmd] = []
        self.scripts: dict[str, str] = {}  # files written earlier on the line with literal text

    # -- plumbing ----------------------------------------------------------------------------
    def add(self, level: RiskLevel, rule_id: str, text: str, span: tuple[int, int] | None,
            suggestion: str | None = None) -> None:
        self.findings.append(Finding(level, rule_id, text, span, suggestion))

    def run(self, parsed: Parsed, sudo: bool = False) -> None:
        if not parsed.ok:
            self.parsed_ok = False
        for f in parsed.functions:
            if f.name and f.name in f.calls and f.forks:
                self.add(CRITICAL, "forkbomb", f"the function {f.name} calls itself in the background without end "
                         "(a fork bomb): the machine runs out of processes", f.span)
        self.all_cmds.extend(parsed.cmds)
        for cmd in parsed.cmds:
            self.cmd(cmd, sudo)

    def text(self, text: str, span: tuple[int, int], cwd: str | None, sudo: bool, why: str = "") -> None:
        if self.depth >= self.MAX_DEPTH or not text.strip():
            return
        parsed = P.parse(text, cwd, span)
        self.depth += 1
        try:
            if parsed is None:
                from .patterns import fallback_findings
                for f in fallback_findings(text):
                    self.add(f.level, f.rule_id, f.text, span)
            else:
                self.run(parsed, sudo)
        finally:
            self.depth -= 1

    # -- a simple command --------------------------------------------------------------------
    def cmd(self, cmd: Cmd, sudo: bool) -> None:
        for op, target in cmd.redirects:
            self.redirect(cmd, op, target, sudo)
        if cmd.words:
            self.argv(cmd, cmd.words, sudo)

    def redirect(self, cmd: Cmd, op: str, w: Word, sudo: bool) -> None:
        if op.startswith("<") and op not in ("<>",):
            if w.text.startswith("/dev/tcp/") or w.text.startswith("/dev/udp/"):
                self.add(CRITICAL if cmd.name and util(cmd.name) in SHELLS else HIGH, "net.devtcp",
                         f"reads from a network socket ({w.text})", cmd.span)
            return
        if ">" not in op and op != "<>":
            return
        p = w.text
        if p.endswith("/") or p in ("/dev/null", "/dev/stdout", "/dev/stderr", "/dev/tty", "/dev/zero") or p.startswith("/dev/fd/") \
                or p.isdigit() or p == "-":
            return
        if p.startswith("/dev/tcp/") or p.startswith("/dev/udp/"):
            is_shell = bool(cmd.words) and util(cmd.words[0].text) in SHELLS
            self.add(CRITICAL if is_shell else HIGH, "net.reverse_shell" if is_shell else "net.devtcp",
                     "connects a shell to a remote machine (a reverse shell)" if is_shell
                     else f"sends output to a network socket ({p})", cmd.span)
            return
        if is_block_device(p):
            self.add(CRITICAL, "disk.redirect", f"overwrites the disk device {p}: everything on it is destroyed",
                     cmd.span)
            return
        if p.startswith("/proc/sysrq-trigger"):
            self.add(CRITICAL, "sys.sysrq", "writes to /proc/sysrq-trigger (can crash or reboot the machine)", cmd.span)
            return
        if p.startswith(("/proc/sys/", "/sys/")):
            self.add(MODERATE, "sys.kernel", f"changes kernel settings through {p}", cmd.span)
            return
        self.remember_script(cmd, p)
        self.write_target(cmd, w, truncate=op in (">", ">|", "&>", ">&"), verb="overwrites" if op != ">>" else
                          "appends to")

    def remember_script(self, cmd: Cmd, path: str) -> None:
        """``echo '…' > x.sh`` / ``cat > x.sh <<EOF``: keep the text, in case x.sh is run later on the line."""
        if not cmd.words or util(cmd.name) not in ("echo", "printf", "cat", "tee"):
            return
        src = self._literal_source(cmd) if util(cmd.name) != "cat" or cmd.stdin_text is None else cmd.stdin_text
        if src is None and util(cmd.name) == "cat" and cmd.stdin_text is not None:
            src = cmd.stdin_text
        if src is not None:
            self.scripts[posixpath.normpath(path)] = self.scripts.get(posixpath.normpath(path), "") + src + "\n"

    def run_script(self, cmd: Cmd, path: str, sudo: bool) -> None:
        src = self.scripts.get(posixpath.normpath(path))
        if src is not None:
            self.text(src, cmd.span, cmd.cwd, sudo)

    def write_target(self, cmd: Cmd, w: Word, truncate: bool, verb: str = "overwrites") -> None:
        """A file written by a redirection, tee, cp, dd, sed -i, ln -f... ``truncate``: its content is replaced."""
        p = w.text
        if verb == "tee":
            verb, tee = ("overwrites" if truncate else "appends to"), True
        else:
            tee = False
        if is_block_device(p):
            self.add(CRITICAL, "disk.write", f"writes onto the disk device {p}: everything on it is destroyed", cmd.span)
            return
        t = classify(p, cmd.cwd, dynamic=w.dynamic)
        if t.path.startswith("/var/log/") and truncate and not tee:
            self.add(HIGH, "fs.logs", f"erases the system log {t.path}", cmd.span)
            return
        if t.path in ("/etc/passwd", "/etc/shadow", "/etc/sudoers", "/etc/group", "/etc/fstab") and truncate:
            self.add(CRITICAL, "fs.system_file", f"{verb} {t.path}: the system may no longer boot or let anyone in",
                     cmd.span)
            return
        if _APPEND_SENSITIVE.search(t.path or p):
            rid = "fs.sudoers" if "sudoers" in t.path else "fs.persistence"
            self.add(HIGH, rid, f"{verb} {t.path or p} (who may log in or run as root)", cmd.span)
            return
        if t.file < HIGH:
            return
        strong = "the system file" in t.what or t.what.startswith("system files in") or "keys" in t.what or \
            "configuration ~/" in t.what or "shell history" in t.what or t.path == "/"
        if truncate and strong:
            self.add(HIGH, "fs.system_file", f"{verb} {t.what}", cmd.span)
        else:
            self.add(MODERATE, "fs.system_write", f"{verb} {t.what}", cmd.span)

    # -- argv, wrappers ----------------------------------------------------------------------
    def argv(self, cmd: Cmd, argv: list[Word], sudo: bool) -> None:
        if not argv:
            return
        w0 = argv[0]
        name = util(w0.text)
        if w0.dynamic and not name:
            return
        h = WRAPPERS.get(name)
        if h is not None:
            h(self, cmd, argv, sudo)
            return
        if name.startswith("mkfs") or name.startswith("mke2fs") or name in ("mkswap", "mkdosfs", "mkntfs", "newfs",
                                                                            "mkfs.vfat", "mkexfatfs"):
            h_mkfs(self, cmd, argv, sudo)
            return
        ip = _interp(name)
        if ip is not None:
            h_interp(self, cmd, argv, sudo, ip)
            return
        h = HANDLERS.get(name)
        if h is not None:
            h(self, cmd, argv, sudo)
        elif name in SHELLS:
            h_shell(self, cmd, argv, sudo)
        elif "/" in w0.text and self.scripts:
            self.run_script(cmd, w0.text, sudo)
        if sudo and name not in DATA_ONLY:
            self.add(MODERATE, "sudo", "runs as root", cmd.span)

    def inner(self, cmd: Cmd, argv: list[Word], sudo: bool) -> None:
        if self.depth >= self.MAX_DEPTH:
            return
        self.depth += 1
        try:
            self.argv(cmd, argv, sudo)
        finally:
            self.depth -= 1

    # -- what feeds stdin --------------------------------------------------------------------
    def upstream_chain(self, cmd: Cmd) -> list[Cmd]:
        out: list[Cmd] = []
        todo = list(cmd.upstream)
        while todo and len(out) < 20:
            c = todo.pop(0)
            out.append(c)
            todo.extend(c.upstream)
        return out

    def expand(self, w: Word) -> str:
        """The text of a word, with ``$(echo …)`` / ``$(printf …)`` replaced by what they print."""
        if not w.subst:
            return w.text
        if all(c.words and util(c.name) in ("echo", "printf") for c in w.subst):
            printed = " ".join(s for s in (self._literal_source(c) for c in w.subst) if s is not None)
            return printed if w.raw.startswith(("$(", "`", '"$(')) else w.text
        return w.text

    def fed_text(self, cmd: Cmd, sudo: bool, lang: str) -> None:
        """The command is an interpreter reading its program from stdin: judge that program."""
        if any(any(u is cmd for u in c.upstream) and c.words and util(c.name) in NETCAT for c in self.all_cmds):
            self.add(CRITICAL, "net.reverse_shell", "pipes a shell's input and output through a network connection "
                     "(a reverse shell)", cmd.span)
        if cmd.stdin_text is not None:
            self.program(lang, cmd.stdin_text, cmd, sudo)
        chain = self.upstream_chain(cmd)
        if not chain:
            return
        names = [util(c.name) for c in chain if c.words]
        for c in chain:
            for w in c.words[1:]:
                if w.text.startswith(("http://", "https://", "ftp://")) and util(c.name) not in DOWNLOADERS | NETCAT:
                    names.append("curl")
        if any(n in NETCAT for n in names):
            self.add(CRITICAL, "net.remote_shell", "runs commands received over a network connection "
                     "(a reverse or bind shell)", cmd.span)
            return
        if any(n in DOWNLOADERS for n in names):
            self.add(HIGH, "download.run", "runs a script downloaded from the internet without showing it to you "
                     "first", cmd.span, "download it to a file, read it, then run it")
        decoded = False
        for c in chain:
            n = util(c.name) if c.words else ""
            args = {w.text for w in c.words[1:]}
            if (n in ("base64", "base32", "openssl") and args & {"-d", "--decode", "-D", "-di", "-id"}) or (
                    n == "xxd" and "-r" in " ".join(args)) or n in ("rev", "gunzip", "zcat", "uudecode"):
                decoded = True
                self.add(HIGH, "obfuscated.run", "decodes hidden text and runs it as a program", cmd.span)
                src = self._literal_source(c)
                if src is not None and n in ("base64", "base32"):
                    try:
                        raw = (base64.b64decode if n == "base64" else base64.b32decode)(
                            src.strip() + "=" * (-len(src.strip()) % 4 if n == "base64" else 0))
                        self.program(lang, raw.decode("utf-8", "replace"), cmd, sudo)
                    except (binascii.Error, ValueError):
                        pass
                elif src is not None and n == "rev":
                    self.program(lang, src[::-1], cmd, sudo)
                break
        if not decoded:
            for c in chain[:1]:
                src = self._literal_source(c)
                if src is not None:
                    self.program(lang, src, cmd, sudo)

    def _literal_source(self, c: Cmd) -> str | None:
        if c.stdin_text is not None and util(c.name) in ("cat", "base64", "base32", "rev", "tee"):
            return c.stdin_text
        up = c if util(c.name) in ("echo", "printf") else (c.upstream[0] if c.upstream else None)
        if up is None or not up.words:
            return None
        n = util(up.name)
        if n == "echo":
            args = [w.text for w in up.words[1:] if w.text not in ("-n", "-e", "-E", "-ne", "-en")]
            return " ".join(args)
        if n == "printf":
            args = [w.text for w in up.words[1:]]
            if len(args) == 1:
                return args[0].replace("\\n", "\n")
            if args and args[0] in ("%s", "%s\\n", "%b"):
                return "\n".join(args[1:])
            return " ".join(args)
        if n == "cat" and up.stdin_text is not None:
            return up.stdin_text
        return None

    def program(self, lang: str, text: str, cmd: Cmd, sudo: bool) -> None:
        if lang == "sh":
            self.text(text, cmd.span, cmd.cwd, sudo)
        else:
            scan_code(self, lang, text, cmd, sudo)


# ---------------------------------------------------------------------------------------------
# wrappers

def _after_opts(args: list[Word], with_value: str = "", long_value: tuple[str, ...] = ()) -> list[Word]:
    i = 0
    while i < len(args):
        t = args[i].text
        if t == "--":
            return args[i + 1:]
        if not t.startswith("-") or t == "-":
            return args[i:]
        if t.startswith("--"):
            if t[2:] in long_value:
                i += 1
        elif t[-1] in with_value and len(t) == 2:
            i += 1
        i += 1
    return []


def w_sudo(an: Analyzer, cmd: Cmd, argv: list[Word], sudo: bool) -> None:
    args = argv[1:]
    rest = _after_opts(args, "ugCDhprtUTc", ("user", "group", "chdir", "host", "prompt", "role", "type",
                                              "other-user", "command-timeout", "close-from"))
    opts = {a.text for a in args[: len(args) - len(rest)]}
    name = util(argv[0].text)
    if not rest:
        if opts & {"-s", "-i", "--shell", "--login"} or name in ("su",):
            an.add(MODERATE, "sudo.shell", "opens a root shell", cmd.span)
        elif opts & {"-e", "--edit"}:
            an.add(MODERATE, "sudo.edit", "edits files as root", cmd.span)
        return
    if name == "sudoedit" or opts & {"-e", "--edit"}:
        for w in rest:
            an.write_target(cmd, w, truncate=False, verb="edits")
        an.add(MODERATE, "sudo.edit", "edits files as root", cmd.span)
        return
    an.add(MODERATE, "sudo", f"runs as root ({name})", cmd.span)
    an.inner(cmd, rest, True)


def w_su(an: Analyzer, cmd: Cmd, argv: list[Word], sudo: bool) -> None:
    args = argv[1:]
    for i, a in enumerate(args):
        if a.text in ("-c", "--command") and i + 1 < len(args):
            an.add(MODERATE, "sudo", "runs as another user (su)", cmd.span)
            an.text(args[i + 1].text, args[i + 1].span, cmd.cwd, True)
            return
        if a.text.startswith("--command="):
            an.add(MODERATE, "sudo", "runs as another user (su)", cmd.span)
            an.text(a.text.split("=", 1)[1], a.span, cmd.cwd, True)
            return
    an.add(MODERATE, "sudo.shell", "opens a shell as another user", cmd.span)


def w_env(an: Analyzer, cmd: Cmd, argv: list[Word], sudo: bool) -> None:
    args = argv[1:]
    i = 0
    while i < len(args):
        t = args[i].text
        if t in ("-u", "--unset", "-C", "--chdir", "-S", "--split-string"):
            if t in ("-S", "--split-string") and i + 1 < len(args):
                an.text(args[i + 1].text, args[i + 1].span, cmd.cwd, sudo)
                return
            i += 2
            continue
        if t.startswith("-") or ("=" in t and not t.startswith("=")):
            i += 1
            continue
        break
    if i < len(args):
        an.inner(cmd, args[i:], sudo)


def _skip_then_inner(with_value: str = "", long_value: tuple[str, ...] = (), positional: int = 0):
    def h(an: Analyzer, cmd: Cmd, argv: list[Word], sudo: bool) -> None:
        rest = _after_opts(argv[1:], with_value, long_value)
        rest = rest[positional:]
        if util(argv[0].text) == "command" and any(a.text in ("-v", "-V") for a in argv[1:2]):
            return
        if rest:
            an.inner(cmd, rest, sudo)
    return h


def w_watch(an: Analyzer, cmd: Cmd, argv: list[Word], sudo: bool) -> None:
    rest = _after_opts(argv[1:], "nd", ("interval", "differences"))
    if rest:
        an.text(" ".join(w.text for w in rest), cmd.span, cmd.cwd, sudo)


def w_ssh(an: Analyzer, cmd: Cmd, argv: list[Word], sudo: bool) -> None:
    rest = _after_opts(argv[1:], "BbcDEeFIiJLlmOoPpQRSWw")
    if len(rest) >= 2:
        remote = " ".join(w.text for w in rest[1:])
        an.text(remote, cmd.span, None, sudo)
    if util(argv[0].text) == "ssh":
        for a in argv[1:]:
            if a.text.startswith("-R"):
                an.add(MODERATE, "net.tunnel", "opens a reverse tunnel from the remote machine", cmd.span)


def w_xargs(an: Analyzer, cmd: Cmd, argv: list[Word], sudo: bool) -> None:
    rest = _after_opts(argv[1:], "IinLldsEaPe", ("max-args", "max-procs", "delimiter", "arg-file", "replace",
                                                 "max-lines", "max-chars", "eof"))
    if not rest:
        rest = [Word("echo", "echo", *cmd.span)]
    extra: list[Word] = []
    chain = an.upstream_chain(cmd)
    finds = [c for c in chain if c.words and util(_unwrapped(c.words)[0].text if _unwrapped(c.words) else "") == "find"]
    finds = [Cmd(_unwrapped(c.words), c.start, c.end, cwd=c.cwd) for c in finds]
    first = util(rest[0].text)
    up = cmd.upstream[0] if cmd.upstream and cmd.upstream[0].words else None
    literal = an._literal_source(up) if up is not None and util(up.name) in ("echo", "printf") else None
    if cmd.stdin_text is not None:
        extra = [Word(t, t, *cmd.span) for t in cmd.stdin_text.split()]
    elif finds:
        starts = _find_starts(finds[0].words[1:])
        if first in DELETERS:
            iflag = any(w.text.startswith("-") and not w.text.startswith("--") and "i" in w.text and "f" not in w.text
                        for w in rest[1:])
            mild = first == "rmdir" or iflag or any(w.text == "-empty" for w in finds[0].words)
            _find_delete(an, cmd, starts, f"xargs {first} deletes what find lists", mild)
            return
        extra = [Word("$(found)", "$(found)", *cmd.span, dynamic=True)]
    elif literal is not None:
        extra = [Word(t, t, *cmd.span) for t in literal.split()]
    elif up is not None and util(up.name) in ("ls", "ll") and not any(
            a.text.startswith("-") and set(a.text[1:]) & {"R", "d"} for a in up.words[1:]):
        dirs = [w for w in up.words[1:] if not w.text.startswith("-")] or [Word(".", ".", *cmd.span)]
        extra = [Word(d.text.rstrip("/") + "/*" if d.text != "." else "*", d.raw, *cmd.span, quoted=False,
                      dynamic=d.dynamic, glob=True) for d in dirs]
    else:
        extra = [Word("$(stdin)", "$(stdin)", *cmd.span, dynamic=True)]
        if first in DELETERS and first != "rmdir":
            short, long, _ = split_opts(rest[1:])
            if short & {"r", "R"} or "recursive" in long:
                an.add(HIGH, "xargs.rm_unknown", f"xargs {first} -r deletes, recursively, every path it reads at run "
                       "time: you cannot see what that is", cmd.span, "look at the list first (xargs echo)")
    ph = next((a.text[2:] or "{}" for a in argv[1:] if a.text.startswith("-I")), None) or (
        "{}" if any(a.text in ("-i", "--replace") for a in argv[1:]) else None)
    if ph:
        rest = [w if ph not in w.text else Word("$(found)", "$(found)", *w.span, dynamic=True) for w in rest]
        if not cmd.stdin_text:
            extra = []
    an.inner(cmd, list(rest) + extra, sudo)


def _unwrapped(words: list[Word]) -> list[Word]:
    """The words of a command without a leading ``sudo``/``doas``/``env``/``nice`` and their options."""
    for _ in range(3):
        if not words or util(words[0].text) not in ("sudo", "doas", "env", "nice", "nohup", "command", "time"):
            return words
        rest = words[1:]
        while rest and (rest[0].text.startswith("-") or "=" in rest[0].text):
            rest = rest[2:] if rest[0].text in ("-u", "-g", "-n", "-C", "-D") else rest[1:]
        words = rest
    return words


def w_time(an: Analyzer, cmd: Cmd, argv: list[Word], sudo: bool) -> None:
    rest = _after_opts(argv[1:], "fo", ("format", "output"))
    if rest:
        an.inner(cmd, rest, sudo)


def _decoded_subst(an: Analyzer, cmd: Cmd, w: Word, sudo: bool) -> None:
    """``$(… | base64 -d)`` in a word a shell runs: hidden text is run; judge the decoded text when literal."""
    for c in w.subst:
        if not c.words:
            continue
        n = util(c.name)
        args = {x.text for x in c.words[1:]}
        if n in ("base64", "base32", "openssl") and args & {"-d", "--decode", "-D", "-di", "-id"} or \
                n == "xxd" and any("r" in a for a in args if a.startswith("-")):
            an.add(HIGH, "obfuscated.run", "decodes hidden text and runs it as a program", cmd.span)
            src = an._literal_source(c)
            if src is not None and n in ("base64", "base32"):
                try:
                    raw = (base64.b64decode if n == "base64" else base64.b32decode)(
                        src.strip() + "=" * (-len(src.strip()) % 4 if n == "base64" else 0))
                    an.text(raw.decode("utf-8", "replace"), cmd.span, cmd.cwd, sudo)
                except (binascii.Error, ValueError):
                    pass
            return


def w_eval(an: Analyzer, cmd: Cmd, argv: list[Word], sudo: bool) -> None:
    args = argv[1:]
    if not args:
        return
    if any(w.subst and any(util(c.name) in DOWNLOADERS for c in w.subst if c.words) for w in args):
        an.add(HIGH, "download.run", "runs code downloaded from the internet", cmd.span)
    for w in args:
        _decoded_subst(an, cmd, w, sudo)
    an.text(" ".join(an.expand(w) for w in args), cmd.span if len(args) > 1 else args[0].span, cmd.cwd, sudo)


def w_source(an: Analyzer, cmd: Cmd, argv: list[Word], sudo: bool) -> None:
    for w in argv[1:2]:
        if w.subst and any(util(c.name) in DOWNLOADERS for c in w.subst if c.words):
            an.add(HIGH, "download.run", "runs a script downloaded from the internet without showing it", cmd.span)
        if w.text in ("/dev/stdin", "-"):
            an.fed_text(cmd, sudo, "sh")
        else:
            an.run_script(cmd, w.text, sudo)


def h_at(an: Analyzer, cmd: Cmd, argv: list[Word], sudo: bool) -> None:
    """``at``/``batch`` run the script they read from stdin later (``-f file``: a file we cannot see)."""
    texts = [a.text for a in argv[1:]]
    if any(t in ("-l", "-d", "-r", "-c", "-f", "--help", "-V") or t.startswith("-f") for t in texts):
        return
    if util(argv[0].text) == "at" and not texts:
        return
    an.fed_text(cmd, sudo, "sh")


def h_shell(an: Analyzer, cmd: Cmd, argv: list[Word], sudo: bool) -> None:
    args = argv[1:]
    name = util(argv[0].text)
    if name == "busybox":
        if args:
            an.inner(cmd, args, sudo)
        return
    i = 0
    has_c = False
    while i < len(args):
        t = args[i].text
        if t in ("-o", "+o", "-O", "+O", "--init-file", "--rcfile"):
            i += 2
            continue
        if t == "--":
            i += 1
            break
        if t.startswith("-") and len(t) > 1 or t.startswith("+") and len(t) > 1:
            if not t.startswith("--") and "c" in t[1:]:
                has_c = True
            i += 1
            continue
        break
    rest = args[i:]
    if has_c:
        if rest:
            w = rest[0]
            if w.subst and any(util(c.name) in DOWNLOADERS for c in w.subst if c.words):
                an.add(HIGH, "download.run", "runs a script downloaded from the internet without showing it", cmd.span,
                       "download it to a file, read it, then run it")
            _decoded_subst(an, cmd, w, sudo)
            an.text(w.text, w.span, cmd.cwd, sudo)
        return
    if rest and rest[0].text not in ("-", "/dev/stdin") and not rest[0].text.startswith("-"):
        w = rest[0]
        an.run_script(cmd, w.text, sudo)
        if w.subst and any(util(c.name) in DOWNLOADERS | NETCAT for c in w.subst if c.words):
            an.add(HIGH, "download.run", "runs a script downloaded from the internet without showing it", cmd.span,
                   "download it to a file, read it, then run it")
        return
    an.fed_text(cmd, sudo, "sh")


# ---------------------------------------------------------------------------------------------
# interpreters with inline code

_DELETE_CALLS = {
    "python": re.compile(r"shutil\s*\.\s*rmtree|\bos\s*\.\s*(?:remove|unlink|rmdir|removedirs)\b|\.unlink\s*\(|"
                         r"\.rmdir\s*\(|send2trash|\brmtree\b"),
    "perl": re.compile(r"\bunlink\b|\brmtree\b|\bremove_tree\b|\brmdir\b"),
    "ruby": re.compile(r"FileUtils\s*\.\s*(?:rm_rf|rm_r|rm|remove_dir|remove_entry\w*|rmtree)|File\s*\.\s*(?:delete|"
                       r"unlink)|Dir\s*\.\s*(?:rmdir|delete|unlink)"),
    "node": re.compile(r"\b(?:rmSync|rmdirSync|unlinkSync|rimraf|rmdir|unlink|rm)\s*\(|fs\s*\.\s*promises\s*\.\s*rm"),
    "php": re.compile(r"\bunlink\s*\(|\brmdir\s*\("),
}
_RECURSIVE_CALL = re.compile(r"rmtree|rm_rf|rm_r\b|remove_tree|removedirs|recursive\s*:\s*true|rimraf|"
                             r"remove_dir|\brm\s*\(")
_SHELL_OUT = re.compile(r"(?:system|popen|exec[lv]?p?e?|call|run|check_output|check_call|Popen|spawn\w*|execSync|"
                        r"shell_exec|passthru|proc_open|getoutput|getstatusoutput)(?:\s*\(\s*|\s+)(?:\[\s*)?(?:r|f|b)?"
                        r"(['\"])(.*?)(?<!\\)\1")
_BACKTICK = re.compile(r"`([^`]+)`|%x\{([^}]+)\}|qx\{([^}]+)\}")
_PATH_LIT = re.compile(r"(['\"])((?:/|~|\.{1,2}(?:/|\1))[^'\"]*)\1")
# a deleting call whose first argument is a string literal: rmtree('build'), FileUtils.rm_rf("/"), unlink("/etc/x")
_CALL_PATH = re.compile(r"(?:rmtree|rm_rf|rm_r|\brm|remove_tree|removedirs|remove|unlink|rmdir|rmSync|rmdirSync|"
                        r"unlinkSync|rimraf|delete|remove_dir|remove_entry\w*|send2trash)\s*\(\s*(?:\[\s*)?"
                        r"(['\"])([^'\"]+)\1")
_SOCKET = re.compile(r"socket|Socket|fsockopen|TCPSocket|net\.connect|require\(['\"]net['\"]\)|/dev/tcp")
_SHELLY = re.compile(r"subprocess|pty\.spawn|dup2|/bin/(?:ba)?sh|\bexec\b|spawn|child_process|proc_open|cmd\.exe")
_FORK = re.compile(r"fork\s+while\s+fork|while\s*(?:True|1|\(1\)|true)\s*:?.*\bfork\b|loop\s*\{\s*fork|"
                   r"\bfork\b\s*while|for\s*\(\s*;;\s*\)\s*\{?\s*fork", re.S)


# option letters whose value is attached (``-MFile::Path``, ``-rsocket``, ``-i.bak``): the rest of the word is data
_VALUE_LETTERS = {"perl": "MmIxCdDi", "ruby": "rICEKTWxFi", "python": "WXQ", "node": "r"}


def _flag_letters(lang: str, letters: str) -> str:
    """The option letters of one ``-abc`` word, stopping at a letter that swallows the rest as its value."""
    stop = _VALUE_LETTERS.get(lang, "")
    for k, ch in enumerate(letters):
        if ch in stop:
            return letters[:k + 1]
        if ch in "l0" and lang in ("perl", "ruby"):
            j = k + 1
            while j < len(letters) and (letters[j].isdigit() or ch == "0" and letters[j] in "abcdefxABCDEF"):
                j += 1
            return letters[:k + 1] + _flag_letters(lang, letters[j:])
    return letters


def h_interp(an: Analyzer, cmd: Cmd, argv: list[Word], sudo: bool, lang: str) -> None:
    args = argv[1:]
    flags = INTERP_FLAG.get(lang, "c")
    code: Word | None = None
    i = 0
    while i < len(args):
        t = args[i].text
        if t.startswith("--") and lang == "node" and t in ("--eval", "--print") and i + 1 < len(args):
            code = args[i + 1]
            break
        if t.startswith("-") and len(t) >= 2 and not t.startswith("--"):
            letters = _flag_letters(lang, t[1:])
            hit = next((k for k, ch in enumerate(letters) if ch in flags), None)
            if hit is not None:
                tail = letters[hit + 1:]
                if tail and lang != "python":
                    code = Word(tail, tail, *args[i].span)
                elif i + 1 < len(args):
                    code = args[i + 1]
                break
            if lang == "python" and t in ("-m",):
                return
            i += 1
            continue
        if t == "-" or t == "--":
            break
        if not t.startswith("-"):
            if args[i].subst and any(util(c.name) in DOWNLOADERS for c in args[i].subst if c.words):
                an.add(HIGH, "download.run", "runs a program downloaded from the internet without showing it",
                       cmd.span)
            return  # a script file
        i += 1
    if code is not None:
        scan_code(an, lang, code.text, cmd, sudo, code.span)
        return
    an.fed_text(cmd, sudo, lang)


def scan_code(an: Analyzer, lang: str, code: str, cmd: Cmd, sudo: bool, span: tuple[int, int] | None = None) -> None:
    span = span or cmd.span
    if _FORK.search(code):
        an.add(CRITICAL, "forkbomb", f"{lang} code that forks without end (a fork bomb)", span)
    if _SOCKET.search(code) and _SHELLY.search(code):
        an.add(CRITICAL, "net.reverse_shell", f"{lang} code that connects a shell to a remote machine", span)
    for m in _SHELL_OUT.finditer(code):
        an.text(m.group(2).replace("\\'", "'").replace('\\"', '"'), span, cmd.cwd, sudo)
    for m in _BACKTICK.finditer(code):
        an.text(next(g for g in m.groups() if g), span, cmd.cwd, sudo)
    if "subprocess" in code or "system" in code:
        m = re.search(r"\[\s*((?:['\"][^'\"]*['\"]\s*,?\s*)+)\]", code)
        if m:
            parts = re.findall(r"['\"]([^'\"]*)['\"]", m.group(1))
            an.text(" ".join(shlex.quote(p) for p in parts), span, cmd.cwd, sudo)
    rx = _DELETE_CALLS.get(lang)
    if rx is None or not rx.search(code):
        return
    recursive = bool(_RECURSIVE_CALL.search(code))
    level = MODERATE
    what = "deletes files"
    calls = list(_CALL_PATH.finditer(code))
    for m in calls + list(_PATH_LIT.finditer(code)):
        t = classify(m.group(2), cmd.cwd)
        lv = t.rec if recursive else t.file
        if lv > level or (lv == level and what == "deletes files"):
            level, what = max(level, lv), f"deletes {t.what}"
    if recursive and level < HIGH and (not calls or len(calls) < len(rx.findall(code))):
        level = HIGH  # a recursive delete of a path computed at run time
    an.add(level, f"{lang}.delete", f"{lang} code that {what}", span)


# ---------------------------------------------------------------------------------------------
# file system

DELETERS = frozenset(("rm", "unlink", "shred", "srm", "wipe", "rmdir", "trash", "trash-put", "gio"))


def _rm_suggestion(argv: list[Word]) -> str:
    targets = [w.raw for w in argv[1:] if not w.text.startswith("-")]
    return "rm -ri " + " ".join(targets) if targets else "rm -ri"


def h_rm(an: Analyzer, cmd: Cmd, argv: list[Word], sudo: bool) -> None:
    name = util(argv[0].text)
    args = argv[1:]
    if any(a.text in ("--help", "--version", "-h") for a in args) and name != "rm" or any(
            a.text in ("--help", "--version") for a in args):
        return
    short, long, pos = split_opts(args)
    rec = bool(short & {"r", "R"}) or "recursive" in long or an.force_recursive or name == "rmdir" and "p" in short
    if "no-preserve-root" in long:
        an.add(CRITICAL, "rm.no_preserve_root", "--no-preserve-root lets rm delete the whole filesystem", cmd.span)
    if not pos:
        return
    worst = MODERATE
    worst_what = ""
    mounts = None
    for w in pos:
        t = classify(w.text, cmd.cwd, dynamic=w.dynamic)
        lv = t.rec if rec else t.file
        if name == "rmdir":
            lv = min(lv, MODERATE)
        if name in ("shred", "srm", "wipe") and is_block_device(w.text):
            lv = CRITICAL
        if rec and t.path.startswith("/") and lv < HIGH:
            if mounts is None:
                mounts = mount_points()
            if t.path in mounts:
                lv, t = HIGH, t.__class__(t.path, HIGH, HIGH, f"the mounted filesystem {t.path}")
        if lv > worst or not worst_what:
            worst, worst_what = max(worst, lv), t.what
    if rec and cmd.cwd is not None and is_temp(cmd.cwd) and worst == HIGH and all(
            not w.text.startswith(("/", "~")) and ".." not in w.text for w in pos):
        worst = MODERATE
    if "i" in short and "f" not in short and "force" not in long and worst == HIGH and not any(
            c.words and util(c.name) in ("yes", "echo", "printf") for c in an.upstream_chain(cmd)) and \
            cmd.stdin_text is None:
        worst = MODERATE  # rm -i asks before every file (unless something answers for the user)
    verb = {"shred": "shreds (unrecoverably)", "rmdir": "removes the directory"}.get(name, "deletes")
    if worst >= HIGH:
        rid = "rm.root" if worst_what == "the root filesystem" else "rm.home" if "home" in worst_what else \
            "rm.system" if "system" in worst_what else "rm.recursive" if rec else "rm.sensitive"
        sug = _rm_suggestion(argv) if name == "rm" and not short & {"i", "I"} and worst < CRITICAL else None
        an.add(worst, rid, f"{verb} {worst_what}" + (" and everything under it" if rec and "everything" not in
                                                     worst_what and "files in" not in worst_what else ""),
               cmd.span, sug)
    else:
        an.add(MODERATE if worst >= MODERATE or not rec else worst, "rm.files",
               f"{verb} files ({', '.join(w.raw for w in pos[:3])})", cmd.span)


def h_trash(an: Analyzer, cmd: Cmd, argv: list[Word], sudo: bool) -> None:
    if len(argv) > 1:
        an.add(SAFE, "trash", "moves files to the trash (recoverable)", cmd.span)


def _find_starts(args: list[Word]) -> list[Word]:
    starts: list[Word] = []
    i = 0
    while i < len(args):
        t = args[i].text
        if t in ("-H", "-L", "-P") or t.startswith("-O"):
            i += 1
            continue
        if t == "-D":
            i += 2
            continue
        if t.startswith(("-", "(", "!", ")")) and not args[i].quoted:
            break
        starts.append(args[i])
        i += 1
    return starts or [Word(".", ".", 0, 0)]


def _find_delete(an: Analyzer, cmd: Cmd, starts: list[Word], how: str, mild: bool = False) -> None:
    """``mild``: only empty files/directories can go (``-empty``, ``rmdir``): one level lower."""
    level, what = MODERATE, ""
    for s in starts:
        t = classify(s.text, cmd.cwd, dynamic=s.dynamic)
        lv = t.rec
        if t.what.startswith(("something in a temporary", "files in /tmp")) or is_temp(t.path):
            lv = MODERATE if lv <= HIGH else lv
        elif lv < HIGH:
            lv = HIGH
        if lv >= level:
            level, what = lv, t.what
    if mild and level > MODERATE:
        level, how = RiskLevel(level - 1), how + " (only empty ones)"
    an.add(level, "find.delete", f"{how} under {what}", cmd.span,
           "run it first without -delete (or with -print) to see what matches")


def h_find(an: Analyzer, cmd: Cmd, argv: list[Word], sudo: bool) -> None:
    args = argv[1:]
    starts = _find_starts(args)
    expr_start = 0
    for i, a in enumerate(args):
        if a in starts:
            expr_start = i + 1
    expr = args[expr_start:]
    empty_only = any(e.text == "-empty" for e in expr)
    i = 0
    while i < len(expr):
        t = expr[i].text
        if t == "-delete":
            _find_delete(an, cmd, starts, "find -delete removes every match", empty_only)
        elif t in ("-exec", "-execdir", "-ok", "-okdir"):
            j = i + 1
            inner: list[Word] = []
            while j < len(expr) and expr[j].text not in (";", "+"):
                inner.append(expr[j])
                j += 1
            i = j
            if inner:
                n = util(inner[0].text)
                if n in DELETERS or n == "mv" and any(w.text == "/dev/null" for w in inner):
                    _find_delete(an, cmd, starts, f"find -exec {n} deletes every match", empty_only or n == "rmdir")
                else:
                    filtered = any(e.text in _FIND_FILTERS for e in expr)
                    found = Word("$(found)", "$(found)", *cmd.span, dynamic=True)
                    repl = [w if "{}" not in w.text else (found if filtered else starts[0]) for w in inner]
                    an.force_recursive = not filtered
                    try:
                        an.inner(cmd, repl, sudo)
                    finally:
                        an.force_recursive = False
        i += 1


_FIND_FILTERS = frozenset("""-name -iname -path -ipath -wholename -regex -iregex -perm -user -group -uid -gid -type
 -inum -newer -mtime -mmin -atime -amin -ctime -cmin -size -empty -nouser -nogroup -links -samefile -lname
 -maxdepth -used""".split())


_APPEND_SENSITIVE = re.compile(r"^/etc/(?:sudoers(?:\.d(?:/.*)?)?|passwd|shadow|gshadow|group|ld\.so\.preload|pam\.d/.*|"
                               r"crontab|cron\.d/.*|ssh/sshd_config|security/.*)$|/\.ssh/authorized_keys2?$|"
                               r"^/(?:var/spool/cron|etc/profile\.d)/")


def _mode_world_writable(mode: str) -> bool:
    if re.fullmatch(r"0*[0-7]{3,4}", mode):
        return mode[-1] in "2367"
    return bool(re.search(r"(?:^|,)[ao]*[ao][ugoa]*[+=][rwxXst]*w|(?:^|,)[+=][rwxXst]*w", mode))


def h_chmod(an: Analyzer, cmd: Cmd, argv: list[Word], sudo: bool) -> None:
    name = util(argv[0].text)
    args = argv[1:]
    if any(a.text in ("--help", "--version") for a in args):
        return
    short, long, pos = split_opts([a for a in args if not re.fullmatch(r"-[rwxXst]+", a.text)],
                                  frozenset(("reference",)))
    modes = [a.text for a in args if re.fullmatch(r"-[rwxXst]+", a.text)]
    rec = "R" in short or "recursive" in long or an.force_recursive
    if name in ("chmod",) and pos and not modes:
        mode = pos[0].text
        pos = pos[1:]
    elif name in ("chown", "chgrp") and pos and "reference" not in " ".join(long):
        mode = ""
        pos = pos[1:]
    else:
        mode = modes[0] if modes else ""
    ww = name == "chmod" and _mode_world_writable(mode)
    setuid = name == "chmod" and bool(re.search(r"[+=][rwx]*s|^[4-7][0-7]{3}$", mode))
    level, what = MODERATE, ""
    for w in pos:
        t = classify(w.text, cmd.cwd, dynamic=w.dynamic)
        if rec:
            lv = t.rec
            if lv == CRITICAL and t.what in ("a home directory", "your home directory"):
                lv = HIGH if ww else MODERATE
            elif lv == HIGH and not ww:
                lv = MODERATE
        else:
            lv = HIGH if t.file >= HIGH and ww and ("system" in t.what or "keys" in t.what) or t.path == "/" \
                else MODERATE
            if setuid and (t.path.startswith(("/bin", "/usr/bin", "/sbin", "/usr/sbin")) or util(w.text) in SHELLS):
                lv = HIGH
        if lv >= level:
            level, what = lv, t.what
    verb = {"chmod": "changes permissions of", "chown": "changes the owner of", "chgrp": "changes the group of"}[name]
    if level >= HIGH:
        an.add(level, f"{name}.system", f"{verb} {what}" + (" recursively" if rec else "") +
               (" (world-writable)" if ww else ""), cmd.span)
    else:
        an.add(MODERATE, f"{name}.files", f"{verb} files" + (" (world-writable)" if ww else ""), cmd.span)


def h_mv(an: Analyzer, cmd: Cmd, argv: list[Word], sudo: bool) -> None:
    short, long, pos = split_opts(argv[1:], frozenset(("t", "S", "target-directory", "suffix")))
    if any(a.text in ("--help", "--version") for a in argv[1:]):
        return
    if len(pos) < 2:
        an.add(MODERATE, "mv.files", "moves or renames files", cmd.span)
        return
    dest, srcs = pos[-1], pos[:-1]
    level, text = MODERATE, "moves or renames files"
    if dest.text == "/dev/null" or is_block_device(dest.text):
        level, text = HIGH, "moves files onto /dev/null (they are lost)"
        for s in srcs:
            t = classify(s.text, cmd.cwd, dynamic=s.dynamic)
            if t.rec >= CRITICAL:
                level, text = CRITICAL, f"moves {t.what} onto /dev/null (it is lost)"
    for s in srcs:
        t = classify(s.text, cmd.cwd, dynamic=s.dynamic)
        if t.rec == CRITICAL and level < CRITICAL:
            level, text = CRITICAL, f"moves {t.what} away: the system or your files stop working"
        elif level < HIGH and ("the system file" in t.what or "keys" in t.what):
            level, text = HIGH, f"moves {t.what}"
    t = classify(dest.text, cmd.cwd, dynamic=dest.dynamic)
    if level < HIGH and "the system file" in t.what and not dest.text.endswith("/"):
        level, text = HIGH, f"overwrites {t.what}"
    an.add(level, "mv.system" if level >= HIGH else "mv.files", text, cmd.span)


def h_cp(an: Analyzer, cmd: Cmd, argv: list[Word], sudo: bool) -> None:
    short, long, pos = split_opts(argv[1:], frozenset(("t", "S", "target-directory", "suffix")))
    if len(pos) >= 2:
        dest = pos[-1]
        if is_block_device(dest.text):
            an.add(CRITICAL, "disk.write", f"writes onto the disk device {dest.text}: everything on it is destroyed",
                   cmd.span)
            return
        t = classify(dest.text, cmd.cwd, dynamic=dest.dynamic)
        if t.file >= HIGH and ("the system file" in t.what or "configuration ~/" in t.what) and \
                not dest.text.endswith("/"):
            an.add(HIGH, "fs.system_file", f"overwrites {t.what}", cmd.span)


def h_tee(an: Analyzer, cmd: Cmd, argv: list[Word], sudo: bool) -> None:
    short, long, pos = split_opts(argv[1:])
    append = "a" in short or "append" in long
    for w in pos:
        if w.text.startswith(("/proc/sysrq", "/proc/sys/", "/sys/")):
            an.add(CRITICAL if "sysrq" in w.text else MODERATE, "sys.kernel", f"writes to {w.text}", cmd.span)
        else:
            an.write_target(cmd, w, truncate=not append, verb="tee")


def h_truncate(an: Analyzer, cmd: Cmd, argv: list[Word], sudo: bool) -> None:
    short, long, pos = split_opts(argv[1:], frozenset(("s", "size", "r", "reference")))
    for w in pos:
        an.write_target(cmd, w, truncate=True, verb="truncates")
    an.add(MODERATE, "truncate", "truncates files", cmd.span)


def h_sed(an: Analyzer, cmd: Cmd, argv: list[Word], sudo: bool) -> None:
    args = argv[1:]
    inplace = any(a.text.startswith("-i") or a.text.startswith("--in-place") or
                  (a.text.startswith("-") and not a.text.startswith("--") and "i" in a.text[1:]) for a in args)
    if not inplace:
        return
    short, long, pos = split_opts(args, frozenset(("e", "f", "expression", "file")))
    files = pos[1:] if not (short & {"e", "f"}) else pos
    for w in files:
        an.write_target(cmd, w, truncate=False, verb="edits")
    an.add(MODERATE, "sed.inplace", "edits files in place", cmd.span)


def h_dd(an: Analyzer, cmd: Cmd, argv: list[Word], sudo: bool) -> None:
    of = None
    for a in argv[1:]:
        if a.text.startswith("of="):
            of = a.text[3:]
    if of is None:
        return
    if is_block_device(of):
        an.add(CRITICAL, "dd.device", f"dd overwrites the disk device {of}: everything on it is destroyed", cmd.span,
               "double-check the device with lsblk first")
        return
    an.write_target(cmd, Word(of, of, *cmd.span), truncate=True)
    an.add(MODERATE, "dd.file", "dd writes a file", cmd.span)


def _devices(pos: list[Word]) -> list[str]:
    return [w.text for w in pos if w.text.startswith("/dev/")]


def h_mkfs(an: Analyzer, cmd: Cmd, argv: list[Word], sudo: bool) -> None:
    short, long, pos = split_opts(argv[1:], frozenset("tLbcCEgGIjJlmNoOrTUV") | {"type", "label"})
    if any(a.text in ("--help", "-V", "--version") for a in argv[1:]) or not pos:
        return
    name = util(argv[0].text)
    devs = _devices(pos)
    if devs or any(w.dynamic for w in pos):
        an.add(CRITICAL, "disk.format", f"{name} formats {', '.join(devs) or 'a device'}: everything on it is "
               "erased", cmd.span, "double-check the device with lsblk first")
    else:
        an.add(MODERATE, "disk.format_image", f"{name} formats the file {pos[0].text}", cmd.span)


def h_disk_tool(an: Analyzer, cmd: Cmd, argv: list[Word], sudo: bool) -> None:
    name = util(argv[0].text)
    args = [a.text for a in argv[1:]]
    joined = " ".join(args).lower()
    if not args or any(a in ("-l", "--list", "-p", "--print", "-V", "--version", "--help", "-h", "--show") or
                       a == "-s" and name != "parted" for a in args) or re.search(r"\bprint\b", joined) and not re.search(
                           r"\b(mklabel|mkpart|rm|resizepart|mkfs)\b", joined):
        return
    devs = _devices(argv[1:])
    if name == "wipefs":
        if any(a in ("-a", "--all", "-o", "--offset") or a.startswith("-a") for a in args):
            an.add(CRITICAL, "disk.wipe", f"wipefs erases the signatures of {', '.join(devs) or 'a device'}: the "
                   "data can no longer be found", cmd.span)
        return
    if name in ("blkdiscard", "badblocks") and (name == "blkdiscard" or "-w" in args):
        an.add(CRITICAL, "disk.wipe", f"{name} erases {', '.join(devs) or 'a device'}", cmd.span)
        return
    if name == "sgdisk" and not re.search(r"(?:^|\s)(-[ZzodnN]|--(?:zap|zap-all|clear|delete|new|mbrtogpt|"
                                          r"largest-new|load-backup))", " " + " ".join(args)):
        return
    if name == "parted" and not re.search(r"\b(mklabel|mkpart|rm|resizepart|mktable|rescue)\b", joined):
        if devs:
            an.add(HIGH, "disk.partition", f"opens {devs[0]} in the partition editor", cmd.span)
        return
    if name in ("hdparm",) and "security-erase" not in joined and "trim-sector" not in joined:
        return
    fed = cmd.stdin_text is not None or bool(cmd.upstream) or name in ("sgdisk", "parted", "sfdisk", "hdparm")
    if devs or fed:
        an.add(CRITICAL if fed else HIGH, "disk.partition", f"{name} rewrites the partition table of "
               f"{', '.join(devs) or 'a disk'}: the data on it can be lost", cmd.span,
               "print the table first (" + name + " -l)" if name == "fdisk" else None)


def h_diskutil(an: Analyzer, cmd: Cmd, argv: list[Word], sudo: bool) -> None:
    words = [a.text for a in argv[1:] if not a.text.startswith("-")]
    verb = words[0].lower() if words else ""
    if words[:1] == ["apfs"] and len(words) > 1:
        verb = words[1].lower()
    if re.match(r"(erase|zero|random|secureerase|partitiondisk|reformat|deletecontainer|deletevolume|"
                r"resizecontainer)", verb):
        an.add(CRITICAL if "delete" not in verb else HIGH, "disk.format", f"diskutil {verb} erases "
               f"{words[-1] if len(words) > 1 else 'a disk'}: everything on it is lost", cmd.span,
               "diskutil list first, to be sure of the disk")


def h_lvm(an: Analyzer, cmd: Cmd, argv: list[Word], sudo: bool) -> None:
    name = util(argv[0].text)
    args = [a.text for a in argv[1:]]
    if name in ("zpool", "zfs", "nvme", "cryptsetup", "mdadm", "btrfs"):
        sub = " ".join(args)
        if re.search(r"\b(destroy|labelclear|format|sanitize|luksFormat|erase|luksErase|subvolume delete)\b|"
                     r"--zero-superblock", sub):
            an.add(CRITICAL if re.search(r"zpool|nvme|cryptsetup|mdadm", name) or "-r" in args else HIGH,
                   "disk.destroy", f"{name} {sub.split()[0] if sub else ''} destroys a volume and its data", cmd.span)
        return
    if args and not any(a in ("--help", "-h") for a in args):
        an.add(HIGH, "disk.lvm_remove", f"{name} removes a volume and the data on it", cmd.span)


# ---------------------------------------------------------------------------------------------
# version control

def _git_sub(args: list[Word]) -> tuple[str, list[Word], str | None]:
    i = 0
    cdir = None
    while i < len(args):
        t = args[i].text
        if t in ("-C", "-c", "--git-dir", "--work-tree", "--namespace"):
            if t == "-C" and i + 1 < len(args):
                cdir = args[i + 1].text
            i += 2
            continue
        if t.startswith("-"):
            i += 1
            continue
        return t, args[i + 1:], cdir
    return "", [], cdir


def h_git(an: Analyzer, cmd: Cmd, argv: list[Word], sudo: bool) -> None:
    sub, rest, cdir = _git_sub(argv[1:])
    texts = [w.text for w in rest]
    sp = cmd.span

    def dirty() -> bool | None:
        base = cmd.cwd or an.ctx.cwd
        if cdir:
            base = cdir if cdir.startswith(("/", "~")) or base is None else base.rstrip("/") + "/" + cdir
        return an.ctx.git_dirty(base)

    if sub == "reset" and "--hard" in texts:
        d = dirty()
        an.add(HIGH, "git.reset_hard", "git reset --hard throws away uncommitted changes" +
               (" (this work tree has some)" if d else "") + (" and moves the branch back" if any(
                   "~" in t or "^" in t for t in texts) else ""), sp, "git stash (keeps the changes), then git reset")
    elif sub == "clean":
        short, long, _ = split_opts(rest)
        if ("f" in short or "force" in long) and not ("n" in short or "dry-run" in long or "i" in short):
            an.add(HIGH, "git.clean", "git clean -f deletes untracked files" + (" and ignored files" if "x" in short
                   or "X" in short else "") + " for good", sp, "git clean -n (shows what would be deleted)")
    elif sub == "push":
        short, long, pos = split_opts(rest, frozenset(("o", "push-option", "repo", "receive-pack", "exec")))
        if "force" in long or "f" in short or "mirror" in long or any(p.text.startswith("+") for p in pos[1:]):
            an.add(HIGH, "git.push.force", "force-push overwrites the remote branch and can erase other people's "
                   "commits", sp, "git push --force-with-lease")
        elif "force-with-lease" in long or "force-if-includes" in long:
            an.add(MODERATE, "git.push.lease", "force-push (with lease) rewrites the remote branch", sp)
        elif "delete" in long or "d" in short or any(p.text.startswith(":") and len(p.text) > 1 for p in pos[1:]):
            an.add(HIGH, "git.push.delete", "deletes a branch or tag on the remote", sp)
        elif "prune" in long:
            an.add(MODERATE, "git.push.prune", "deletes remote branches that have no local counterpart", sp)
    elif sub == "branch":
        short, long, _ = split_opts(rest)
        if "D" in short or ("delete" in long or "d" in short) and ("force" in long or "f" in short):
            an.add(HIGH, "git.branch.force_delete", "git branch -D deletes a branch even if its commits are not merged",
                   sp, "git branch -d (refuses to delete unmerged work)")
        elif "d" in short or "delete" in long:
            an.add(MODERATE, "git.branch.delete", "deletes a local branch", sp)
    elif sub in ("checkout", "restore", "switch"):
        short, long, pos = split_opts(rest, frozenset(("b", "B", "s", "source", "c", "C")))
        if sub == "switch":
            if "discard-changes" in long or "f" in short or "force" in long:
                an.add(HIGH, "git.discard", "discards uncommitted changes", sp, "git stash")
            return
        if sub == "restore" and ("staged" in long or "S" in short) and not ("worktree" in long or "W" in short):
            return
        if short & {"b", "B"} or "orphan" in long:
            return
        has_dd = any(w.text == "--" for w in rest)
        paths = pos if sub == "restore" else (pos if has_dd and not pos else [w for w in rest[
            [x.text for x in rest].index("--") + 1:]] if has_dd else [p for p in pos if p.text in (".", "*", ":/")])
        forced = "f" in short or "force" in long
        if paths or forced:
            d = dirty()
            everything = forced or any(p.text in (".", "*", ":/", "./") for p in paths)
            lv = HIGH if everything or d else MODERATE
            an.add(lv, "git.discard", f"git {sub} overwrites uncommitted changes in "
                   f"{'the whole work tree' if everything else ', '.join(p.text for p in paths[:3])}" +
                   (" (this work tree has uncommitted changes)" if d else ""), sp, "git stash")
    elif sub in ("filter-branch", "filter-repo"):
        an.add(HIGH, "git.rewrite_history", f"git {sub} rewrites the whole history of the repository", sp)
    elif sub == "reflog" and "expire" in texts:
        an.add(HIGH if any("now" in t or "all" in t for t in texts) else MODERATE, "git.reflog_expire",
               "expires the reflog: lost commits can no longer be recovered", sp)
    elif sub == "gc" and any(t.startswith("--prune=now") or t == "--prune=all" for t in texts):
        an.add(MODERATE, "git.gc_prune", "prunes unreachable commits now", sp)
    elif sub == "stash" and texts[:1] == ["clear"]:
        an.add(HIGH, "git.stash_clear", "deletes every stash", sp)
    elif sub == "stash" and texts[:1] == ["drop"]:
        an.add(MODERATE, "git.stash_drop", "deletes a stash", sp)
    elif sub == "update-ref" and "-d" in texts:
        an.add(HIGH, "git.update_ref", "deletes a ref", sp)
    elif sub == "rm":
        short, long, _ = split_opts(rest)
        if "cached" not in long:
            an.add(MODERATE, "git.rm", "deletes tracked files from the work tree", sp)
    elif sub in ("rebase", "merge", "cherry-pick", "revert", "commit", "pull", "am", "tag") and (
            "-D" in texts or "--delete" in texts and sub == "tag"):
        an.add(MODERATE, "git.tag_delete", "deletes a tag", sp)


# ---------------------------------------------------------------------------------------------
# containers, clusters, infrastructure

def h_docker(an: Analyzer, cmd: Cmd, argv: list[Word], sudo: bool) -> None:
    args = [a for a in argv[1:]]
    texts = [a.text for a in args]
    words = [t for t in texts if not t.startswith("-")]
    sp = cmd.span
    name = util(argv[0].text)
    if name in ("docker-compose",) or words[:1] == ["compose"]:
        if "down" in words and any(t in ("-v", "--volumes") for t in texts):
            an.add(HIGH, "docker.compose_down_volumes", "deletes the volumes (the data) of the compose project", sp)
        elif "down" in words or "rm" in words:
            an.add(MODERATE, "docker.compose_down", "stops and removes the project's containers", sp)
        return
    if not words:
        return
    sub = words[0]
    flags = {t for t in texts if t.startswith("-")}
    short = {ch for t in flags if not t.startswith("--") for ch in t[1:]}
    force = "f" in short or "--force" in flags
    if "prune" in words:
        what = words[0] if words[0] != "prune" else "system"
        if what in ("system", "volume") and ("a" in short or "--all" in flags or "--volumes" in flags or
                                             what == "volume"):
            an.add(HIGH, "docker.prune", f"{name} {what} prune deletes " + ("volumes (data), " if "--volumes" in flags
                   or what == "volume" else "") + "images and stopped containers for good", sp)
        else:
            an.add(MODERATE, "docker.prune", f"{name} {what} prune deletes unused objects", sp)
    elif sub in ("rm", "rmi", "container", "image", "volume", "network", "kill", "stop"):
        verb = words[1] if sub in ("container", "image", "volume", "network") and len(words) > 1 else sub
        if verb not in ("rm", "rmi", "remove", "kill", "stop"):
            return
        many = any(a.subst for a in args) or "-a" in texts
        if sub == "volume" or "-v" in texts or "--volumes" in flags:
            an.add(HIGH, "docker.volume_rm", "deletes volumes and the data in them", sp)
        elif force and many and verb in ("rm", "rmi", "remove"):
            an.add(HIGH, "docker.rm_all", "force-removes every container/image listed", sp)
        else:
            an.add(MODERATE, "docker.rm", f"{name} {verb} removes or stops containers/images", sp)
    elif sub == "run":
        joined = " ".join(texts)
        if "--privileged" in flags and re.search(r"-v\s*/:|--volume[= ]/:", joined) or re.search(
                r"(?:-v|--volume)[= ]?/:/", joined) or "--pid=host" in texts and "--privileged" in flags:
            an.add(HIGH, "docker.host_root", "gives a container full access to the host filesystem", sp)


def _prod_flag(texts: list[str], names: tuple[str, ...]) -> str | None:
    for i, t in enumerate(texts):
        for n in names:
            if t == n and i + 1 < len(texts):
                return texts[i + 1]
            if t.startswith(n + "="):
                return t.split("=", 1)[1]
    return None


def h_kubectl(an: Analyzer, cmd: Cmd, argv: list[Word], sudo: bool) -> None:
    texts = [a.text for a in argv[1:]]
    words = []
    skip = False
    for t in texts:
        if skip:
            skip = False
            continue
        if t in ("-n", "--namespace", "--context", "--cluster", "--kubeconfig", "-l", "--selector", "-f", "--filename",
                 "-o", "--output", "--user", "-c", "--container"):
            skip = True
            continue
        if not t.startswith("-"):
            words.append(t)
    if not words:
        return
    sub = words[0]
    sp = cmd.span
    ctx_name = _prod_flag(texts, ("--context", "--cluster"))
    ns = _prod_flag(texts, ("-n", "--namespace")) or ""
    prod_ctx = is_prod_name(ctx_name) if ctx_name else None
    level, text = SAFE, ""
    if sub == "delete":
        kinds = " ".join(words[1:]).lower()
        allf = "--all" in texts or "-A" in texts or "--all-namespaces" in texts
        if re.search(r"\b(ns|namespaces?|projects?|pv|pvc|persistentvolumes?|persistentvolumeclaims?|nodes?|crd|"
                     r"customresourcedefinitions?|all|deployments?|deploy|statefulsets?|sts|secrets?|"
                     r"clusterroles?|services?|svc)\b", kinds) or allf or "-f" in texts or "--filename" in texts:
            level, text = HIGH, f"kubectl delete removes {' '.join(words[1:3]) or 'resources'} from the cluster"
        else:
            level, text = MODERATE, f"kubectl delete {' '.join(words[1:3])}"
        if is_prod_name(kinds) or is_prod_name(ns):
            level = CRITICAL if level >= HIGH else HIGH
            text += " (production)"
    elif sub in ("drain", "cordon", "taint"):
        level, text = MODERATE if sub != "drain" else HIGH, f"kubectl {sub} takes a node out of service"
    elif sub in ("apply", "replace", "patch", "edit", "scale", "rollout", "set", "create", "label", "annotate",
                 "autoscale", "expose", "run"):
        level, text = MODERATE, f"kubectl {sub} changes the cluster"
        if sub == "scale" and any(t.endswith("replicas=0") for t in texts):
            level, text = HIGH, "scales a workload to zero replicas"
        if sub == "replace" and "--force" in texts:
            level, text = HIGH, "kubectl replace --force deletes and recreates resources"
    elif sub == "exec" or sub == "cp" or sub == "port-forward":
        level, text = SAFE, ""
    if level == SAFE:
        return
    if prod_ctx is None and level >= MODERATE:
        prod_ctx = is_prod_name(an.ctx.kube_context())
    if prod_ctx:
        level = min(CRITICAL, RiskLevel(level + 1))
        text += " in a production context"
    an.add(level, f"kubectl.{sub}", text, sp)


def h_helm(an: Analyzer, cmd: Cmd, argv: list[Word], sudo: bool) -> None:
    words = [a.text for a in argv[1:] if not a.text.startswith("-")]
    if not words:
        return
    sub = words[0]
    if sub in ("uninstall", "delete", "del", "un"):
        lv = HIGH
        if is_prod_name(an.ctx.kube_context()) or any(is_prod_name(w) for w in words[1:]):
            lv = CRITICAL
        an.add(lv, "helm.uninstall", f"helm {sub} removes the release {' '.join(words[1:2])} and its resources",
               cmd.span)
    elif sub in ("upgrade", "install", "rollback"):
        an.add(MODERATE, f"helm.{sub}", f"helm {sub} changes the cluster", cmd.span)


def h_terraform(an: Analyzer, cmd: Cmd, argv: list[Word], sudo: bool) -> None:
    texts = [a.text for a in argv[1:]]
    words = [t for t in texts if not t.startswith("-")]
    name = util(argv[0].text)
    if not words:
        return
    sub = words[0]
    auto = any(t.lstrip("-") in ("auto-approve", "yes", "y", "force") for t in texts)
    prod = is_prod_name(an.ctx.cloud_profile()) or any(is_prod_name(t) for t in texts)
    lv = SAFE
    if sub == "destroy" or sub == "apply" and "-destroy" in texts:
        lv, text = HIGH, f"{name} destroy deletes the infrastructure it manages" + (" without asking" if auto else "")
    elif sub in ("apply", "up", "deploy") and auto:
        lv, text = HIGH, f"{name} {sub} changes real infrastructure without asking"
    elif sub in ("apply", "up", "import", "taint", "deploy"):
        lv, text = MODERATE, f"{name} {sub} changes real infrastructure"
    elif sub == "state" and len(words) > 1 and words[1] in ("rm", "push", "mv"):
        lv, text = HIGH, f"{name} state {words[1]} edits the state file"
    elif sub == "workspace" and len(words) > 1 and words[1] == "delete":
        lv, text = HIGH, f"{name} workspace delete"
    elif sub in ("stack",) and len(words) > 1 and words[1] == "rm":
        lv, text = HIGH, f"{name} stack rm deletes a stack"
    if lv == SAFE:
        return
    if prod and lv >= HIGH:
        lv, text = CRITICAL, text + " (production)"
    an.add(lv, f"{name}.{sub}", text, cmd.span)


_SQL_DANGER = re.compile(r"\bdrop\s+(database|schema|table|user|role|owned|keyspace|collection|index|view)\b|"
                         r"\btruncate\s+(?:table\s+)?[\w\"`.]+|\bdelete\s+from\s+[\w\"`.]+\s*(?:;|$)|"
                         r"\bupdate\s+[\w\"`.]+\s+set\s+(?:(?!\bwhere\b).)*?(?:;|$)|dropDatabase\s*\(|\.drop\s*\(\s*\)|"
                         r"deleteMany\s*\(\s*\{\s*\}\s*\)|\bflushall\b|\bflushdb\b", re.I | re.S)


def sql_findings(an: Analyzer, sql: str, span: tuple[int, int], tool: str) -> None:
    m = _SQL_DANGER.search(sql)
    if not m:
        return
    word = m.group(0).strip().rstrip(";")
    lv = HIGH
    if word.lower().startswith("update"):
        lv = MODERATE
    an.add(lv, "sql.destructive", f"{tool} runs '{word[:40]}': data is deleted for good", span,
           "take a backup first (pg_dump / mysqldump)")


def h_sql(an: Analyzer, cmd: Cmd, argv: list[Word], sudo: bool) -> None:
    name = util(argv[0].text)
    texts = [a.text for a in argv[1:]]
    sql = []
    for i, t in enumerate(texts):
        if t in ("-c", "--command", "-e", "--execute", "--eval", "-Q", "-q", "--query") and i + 1 < len(texts):
            sql.append(texts[i + 1])
        elif t.startswith(("--command=", "--execute=", "--eval=", "--query=")):
            sql.append(t.split("=", 1)[1])
        elif t.startswith("-e") and len(t) > 2 and name in ("mysql", "mariadb"):
            sql.append(t[2:])
    if name in ("sqlite3", "duckdb", "redis-cli", "mysqladmin", "cqlsh"):
        pos = [t for t in texts if not t.startswith("-")]
        if name in ("redis-cli",):
            sql.append(" ".join(pos))
            joined = " ".join(pos).lower()
            if re.search(r"\b(shutdown|config\s+set\s+dir|debug\s+segfault)\b", joined):
                an.add(HIGH, "redis.shutdown", "stops or reconfigures the redis server", cmd.span)
        elif name == "mysqladmin":
            if "drop" in pos:
                an.add(HIGH, "sql.destructive", "mysqladmin drop deletes a database", cmd.span)
            if "shutdown" in pos:
                an.add(HIGH, "sql.shutdown", "stops the database server", cmd.span)
        else:
            sql.append(" ".join(pos[1:]))
    if cmd.stdin_text:
        sql.append(cmd.stdin_text)
    for c in an.upstream_chain(cmd)[:1]:
        src = an._literal_source(c)
        if src:
            sql.append(src)
    for s in sql:
        sql_findings(an, s, cmd.span, name)


def h_dropdb(an: Analyzer, cmd: Cmd, argv: list[Word], sudo: bool) -> None:
    if any(not a.text.startswith("-") for a in argv[1:]):
        an.add(HIGH, "sql.destructive", f"{util(argv[0].text)} deletes a database or role for good", cmd.span)


def h_cloud(an: Analyzer, cmd: Cmd, argv: list[Word], sudo: bool) -> None:
    name = util(argv[0].text)
    texts = [a.text for a in argv[1:]]
    words = [t.lower() for t in texts if not t.startswith("-")]
    flags = {t for t in texts if t.startswith("-")}
    joined = " ".join(words)
    lv, text = SAFE, ""
    if name == "aws":
        if words[:2] == ["s3", "rb"]:
            lv, text = HIGH, "deletes an S3 bucket" + (" and everything in it" if "--force" in flags else "")
        elif words[:2] == ["s3", "rm"]:
            lv, text = (HIGH, "deletes every object under an S3 prefix") if "--recursive" in flags else \
                (MODERATE, "deletes an S3 object")
        elif words[:2] == ["s3", "sync"] and "--delete" in flags:
            lv, text = MODERATE, "s3 sync --delete deletes files missing from the source"
        elif len(words) >= 2 and re.match(r"(delete|terminate|remove|deregister|purge|batch-delete|disable)-",
                                          words[1]):
            lv, text = HIGH, f"aws {words[0]} {words[1]} deletes cloud resources"
        elif len(words) >= 2 and re.match(r"(stop|reboot|modify|put|update|revoke|detach)-", words[1]):
            lv, text = MODERATE, f"aws {words[0]} {words[1]} changes cloud resources"
        profile = _prod_flag(texts, ("--profile",))
        prod = is_prod_name(profile) if profile else is_prod_name(an.ctx.cloud_profile()) if lv else False
    elif name in ("gsutil", "gcloud", "az", "doctl", "heroku", "firebase", "s3cmd", "mc", "rclone", "gh", "flyctl",
                  "fly", "vercel", "netlify", "oci", "ibmcloud", "linode-cli", "hcloud", "scw", "npm", "yarn", "pnpm"):
        short = {ch for t in flags if not t.startswith("--") for ch in t[1:]}
        if name == "gsutil":
            if words[:1] == ["rb"] or words[:1] == ["rm"] and (short & {"r", "R", "a"} or "--recursive" in flags):
                lv, text = HIGH, "gsutil " + words[0] + " deletes a bucket or every object under it"
            elif words[:1] == ["rm"]:
                lv, text = MODERATE, "gsutil rm deletes objects"
            elif words[:1] == ["rsync"] and "d" in short:
                lv, text = MODERATE, "gsutil rsync -d deletes files missing from the source"
        elif name in ("npm", "yarn", "pnpm"):
            if words[:1] == ["unpublish"]:
                lv, text = HIGH, f"{name} unpublish removes a published package"
            elif words[:1] in (["install"], ["i"], ["add"], ["ci"]) or words[:2] == ["global", "add"]:
                lv, text = MODERATE, f"{name} installs packages (their scripts run)"
        elif name == "rclone":
            if words[:1] in (["purge"], ["delete"], ["deletefile"], ["rmdirs"]):
                lv, text = HIGH, f"rclone {words[0]} deletes remote files"
            elif words[:1] == ["sync"]:
                lv, text = MODERATE, "rclone sync deletes files missing from the source"
        elif name in ("mc", "s3cmd"):
            if words[:1] in (["rb"], ["del"], ["rm"]) and ("--force" in flags or "--recursive" in flags or "r" in short
                                                          or words[0] == "rb"):
                lv, text = HIGH, f"{name} {words[0]} deletes a bucket or everything in it"
        elif name == "heroku":
            if any(w in ("apps:destroy", "pg:reset", "apps:delete", "destroy") for w in words):
                lv, text = HIGH, "destroys a heroku app or database"
        elif name == "firebase":
            if any(w.endswith(":delete") for w in words):
                lv, text = HIGH, "deletes firebase data"
        elif name == "gh":
            if re.search(r"\b(repo|release|gist|secret|ssh-key|run|cache|label|codespace) delete\b", joined):
                lv, text = HIGH, f"gh {' '.join(words[:2])} deletes it on GitHub"
        elif re.search(r"\b(delete|destroy|remove|purge|terminate)\b", joined) or "rm" in words and (
                short & {"r", "R"} or "--recursive" in flags):
            lv, text = HIGH, f"{name} {' '.join(words[:3])} deletes cloud resources"
            if name == "az" and words[:2] == ["group", "delete"]:
                text = "az group delete deletes the resource group and everything in it"
        prod = lv > SAFE and (is_prod_name(joined) or is_prod_name(an.ctx.cloud_profile()))
    else:
        return
    if lv == SAFE:
        return
    if prod and lv >= MODERATE:
        lv, text = min(CRITICAL, RiskLevel(lv + 1)), text + " (production profile)"
    an.add(lv, f"{name}.delete" if lv >= HIGH else f"{name}.change", text, cmd.span)


# ---------------------------------------------------------------------------------------------
# system administration

CRITICAL_SERVICES = re.compile(r"^(sshd?|openssh(-server)?|networking|network|NetworkManager|systemd-networkd|"
                               r"systemd-resolved|firewalld|ufw|iptables|nftables|apparmor|auditd|selinux|dbus|"
                               r"systemd-logind|fail2ban|wpa_supplicant|kubelet|docker|containerd)(\.service)?$")


def h_systemctl(an: Analyzer, cmd: Cmd, argv: list[Word], sudo: bool) -> None:
    words = [a.text for a in argv[1:] if not a.text.startswith("-")]
    if not words:
        return
    sub = words[0]
    units = words[1:]
    if sub in ("poweroff", "reboot", "halt", "kexec", "rescue", "emergency", "soft-reboot"):
        an.add(HIGH, "power", f"systemctl {sub} stops the machine and everything running on it", cmd.span)
    elif sub == "isolate" and any(re.match(r"(rescue|emergency|poweroff|halt|reboot)", u) for u in units):
        an.add(HIGH, "power", "switches the machine to " + units[0], cmd.span)
    elif sub in ("stop", "disable", "mask", "kill"):
        crit = [u for u in units if CRITICAL_SERVICES.match(u)]
        if crit:
            an.add(HIGH, "service.critical", f"systemctl {sub} {crit[0]}: you can lose remote access or protection",
                   cmd.span)
        else:
            an.add(MODERATE, "service.stop", f"systemctl {sub} {' '.join(units[:2])}", cmd.span)
    elif sub in ("start", "restart", "reload", "enable", "daemon-reload", "try-restart", "reload-or-restart", "unmask",
                 "edit", "set-default"):
        an.add(MODERATE, "service.change", f"systemctl {sub} changes running services", cmd.span)


def h_service(an: Analyzer, cmd: Cmd, argv: list[Word], sudo: bool) -> None:
    words = [a.text for a in argv[1:] if not a.text.startswith("-")]
    if len(words) >= 2:
        if words[1] == "stop" and CRITICAL_SERVICES.match(words[0]):
            an.add(HIGH, "service.critical", f"stops {words[0]}: you can lose remote access or protection", cmd.span)
        elif words[1] in ("stop", "restart", "start", "reload"):
            an.add(MODERATE, "service.change", f"service {words[0]} {words[1]}", cmd.span)


def h_power(an: Analyzer, cmd: Cmd, argv: list[Word], sudo: bool) -> None:
    name = util(argv[0].text)
    texts = [a.text for a in argv[1:]]
    if any(t in ("-c", "--help", "--version", "-h") and not (name == "shutdown" and t == "-h" and len(texts) > 1)
           for t in texts) and name == "shutdown" and "-c" in texts:
        return
    if any(t in ("--help", "--version") for t in texts):
        return
    if name in ("init", "telinit"):
        if texts[:1] and texts[0] in ("0", "6", "1", "s", "S"):
            an.add(HIGH, "power", f"{name} {texts[0]} shuts down or reboots the machine", cmd.span)
        return
    an.add(HIGH, "power", f"{name} stops the machine and everything running on it", cmd.span,
           "shutdown -r +5 (gives users time, and can be cancelled with shutdown -c)")


def h_kill(an: Analyzer, cmd: Cmd, argv: list[Word], sudo: bool) -> None:
    name = util(argv[0].text)
    texts = [a.text for a in argv[1:]]
    if name == "kill":
        if texts[:1] in (["-l"], ["-L"]):
            return
        targets = []
        i = 0
        while i < len(texts):
            t = texts[i]
            if t in ("-s", "-n", "--signal"):
                i += 2
                continue
            if t == "--":
                targets.extend(texts[i + 1:])
                break
            if t.startswith("-") and not re.fullmatch(r"-1", t) or t.startswith("-") and i == 0 and len(texts) > 1 \
                    and t == "-1" and not any(x == "-1" for x in texts[1:]) and texts[1:2] != ["-1"] and False:
                i += 1
                continue
            targets.append(t)
            i += 1
        sig_first = texts[:1] and texts[0].startswith("-") and len(texts) > 1
        if sig_first and texts[0] == "-1":
            targets = texts[1:]
        if "-1" in targets or "1" in targets:
            an.add(HIGH, "kill.all", "kills every process you can (or init): the session or the machine goes down",
                   cmd.span)
        elif targets:
            an.add(MODERATE, "kill", "stops processes", cmd.span)
        return
    if name == "killall5":
        an.add(HIGH, "kill.all", "killall5 kills every process", cmd.span)
        return
    pos = [t for t in texts if not t.startswith("-")]
    if any(CRITICAL_SERVICES.match(p) or p in ("systemd", "init", "Xorg", "gnome-shell", "loginwindow",
                                               "WindowServer", "launchd", "bash", "zsh", "sshd") for p in pos) or \
            any(t in ("-u", "--user") for t in texts) and re.search(r"-(9|KILL)\b", " ".join(texts)):
        an.add(HIGH, "kill.critical", f"{name} kills {' '.join(pos[:2]) or 'processes'} (sessions or remote access "
               "go down)", cmd.span)
    elif pos:
        an.add(MODERATE, "kill", f"{name} stops processes", cmd.span)


def h_crontab(an: Analyzer, cmd: Cmd, argv: list[Word], sudo: bool) -> None:
    short, long, pos = split_opts(argv[1:], frozenset("u"))
    if "r" in short:
        an.add(HIGH if "i" not in short else MODERATE, "crontab.remove", "crontab -r deletes all your scheduled jobs "
               "without asking", cmd.span, "crontab -l > crontab.bak first")
    elif pos or "e" in short:
        an.add(MODERATE, "crontab.replace", "replaces or edits your crontab", cmd.span)
        if pos and pos[0].text == "-":
            src = cmd.stdin_text
            if src is None and cmd.upstream and cmd.upstream[0].words:
                src = an._literal_source(cmd.upstream[0])
            for line in (src or "").splitlines():
                job = _cron_command(line)
                if job:
                    an.text(job, cmd.span, "~", sudo)


def _cron_command(line: str) -> str:
    """The command of one crontab line (after the five time fields or an ``@reboot``-like word)."""
    line = line.strip()
    if not line or line.startswith("#") or re.match(r"^[A-Za-z_]\w*=", line):
        return ""
    n = 1 if line.startswith("@") else 5
    fields = line.split(None, n)
    return fields[-1] if len(fields) == n + 1 else ""


def h_firewall(an: Analyzer, cmd: Cmd, argv: list[Word], sudo: bool) -> None:
    name = util(argv[0].text)
    texts = [a.text for a in argv[1:]]
    joined = " ".join(texts)
    if name in ("iptables", "ip6tables", "iptables-legacy", "iptables-nft"):
        if re.search(r"(?:^|\s)(-F|--flush|-X|--delete-chain)(\s|$)", joined) or re.search(
                r"-P\s+(INPUT|FORWARD|OUTPUT)\s+(ACCEPT|DROP)", joined):
            an.add(HIGH, "firewall.off", f"{name} flushes the firewall rules or changes the default policy", cmd.span)
        elif re.search(r"(?:^|\s)-[AIDR](\s|$)", joined):
            an.add(MODERATE, "firewall.change", "changes firewall rules", cmd.span)
    elif name == "nft":
        if re.search(r"\b(flush|delete)\s+(ruleset|table|chain)", joined):
            an.add(HIGH, "firewall.off", "nft flushes the firewall rules", cmd.span)
    elif name == "ufw":
        texts = [t for t in texts if not t.startswith("-")]
        if texts[:1] in (["disable"], ["reset"]):
            an.add(HIGH, "firewall.off", f"ufw {texts[0]} turns the firewall off", cmd.span)
        elif texts[:1] in (["allow"], ["deny"], ["delete"], ["default"]):
            an.add(MODERATE, "firewall.change", "changes firewall rules", cmd.span)
    elif name == "setenforce":
        if texts[:1] in (["0"], ["Permissive"], ["permissive"]):
            an.add(HIGH, "selinux.off", "turns SELinux enforcement off", cmd.span)
    elif name in ("aa-teardown", "aa-disable", "aa-complain"):
        an.add(HIGH, "apparmor.off", f"{name} disables AppArmor protection", cmd.span)
    elif name == "spctl" and "--master-disable" in texts or name == "csrutil" and "disable" in texts:
        an.add(HIGH, "macos.protection_off", f"{name} turns off a macOS protection", cmd.span)
    elif name == "firewall-cmd" and ("--panic-on" in texts or "--set-default-zone=trusted" in texts):
        an.add(HIGH, "firewall.off", "firewall-cmd opens or locks the machine", cmd.span)


def h_user(an: Analyzer, cmd: Cmd, argv: list[Word], sudo: bool) -> None:
    name = util(argv[0].text)
    texts = [a.text for a in argv[1:]]
    if name == "passwd":
        short, long, pos = split_opts(argv[1:])
        if "d" in short or "delete" in long:
            an.add(HIGH, "user.no_password", "passwd -d removes the password: anyone can log in", cmd.span)
        elif "l" in short and "root" in [p.text for p in pos]:
            an.add(HIGH, "user.lock_root", "locks the root account", cmd.span)
        elif pos:
            an.add(MODERATE, "user.passwd", f"changes the password of {pos[0].text}", cmd.span)
        return
    if name in ("usermod", "chpasswd", "chsh", "gpasswd", "useradd", "adduser", "groupadd", "visudo", "vipw"):
        if name == "usermod" and any(t in ("-L", "--lock", "-e", "--expiredate") for t in texts) and "root" in texts:
            an.add(HIGH, "user.lock_root", "locks the root account", cmd.span)
        elif name in ("usermod", "useradd", "adduser") and any(
                t in ("-u0", "--uid=0") or t in ("-u", "--uid") and texts[i + 1:i + 2] == ["0"]
                for i, t in enumerate(texts)):
            an.add(HIGH, "user.uid0", f"{name} gives an account user id 0: a second root account", cmd.span)
        else:
            an.add(MODERATE, "user.change", f"{name} changes accounts", cmd.span)
        return
    if name == "dscl" and "-delete" in texts or name == "sysadminctl" and "-deleteUser" in texts:
        an.add(HIGH, "user.delete", "deletes a user account", cmd.span)
        return
    if name in ("userdel", "deluser", "groupdel", "delgroup"):
        if any(t in ("--help", "-h") for t in texts) or not [t for t in texts if not t.startswith("-")]:
            return
        an.add(HIGH, "user.delete", f"{name} deletes an account" + (" and its home directory" if any(
            t in ("-r", "--remove", "--remove-home", "--remove-all-files") for t in texts) else ""), cmd.span)


def h_netcat(an: Analyzer, cmd: Cmd, argv: list[Word], sudo: bool) -> None:
    name = util(argv[0].text)
    texts = [a.text for a in argv[1:]]
    joined = " ".join(texts)
    if name in ("nc", "ncat", "netcat"):
        for i, t in enumerate(texts):
            prog = None
            if t in ("-e", "-c", "--exec", "--sh-exec", "--lua-exec") and i + 1 < len(texts):
                prog = texts[i + 1]
            elif t.startswith(("--exec=", "--sh-exec=")):
                prog = t.split("=", 1)[1]
            if prog is None:
                continue
            first = util(prog.split()[0]) if prog.split() else ""
            if first in SHELLS or _interp(first) or first in ("cmd.exe", "cmd", "powershell", "pwsh"):
                an.add(CRITICAL, "net.reverse_shell", f"{name} {t} hands a shell to a remote machine (a reverse/bind "
                       "shell)", cmd.span)
            else:
                an.add(MODERATE, "net.serve_program", f"{name} {t} connects a program to the network", cmd.span)
                an.text(prog, cmd.span, cmd.cwd, sudo)
            return
    if name == "socat" and re.search(r"(?i)\b(exec|system):", joined) and re.search(r"(?i)tcp|udp|ssl|openssl", joined):
        an.add(CRITICAL, "net.reverse_shell", "socat connects a program to a network socket (a remote shell)", cmd.span)
        return
    if name == "telnet" or name in ("nc", "ncat", "netcat", "socat", "openssl"):
        exfil(an, cmd, argv, sudo)


SECRET_RX = re.compile(r"(?:^|/)(?:\.ssh(?:/|$)|id_(?:rsa|dsa|ecdsa|ed25519)(?!\.pub)|\.aws/credentials|\.aws(?:/|$)|"
                       r"\.kube/config|\.docker/config\.json|\.netrc|\.pgpass|\.git-credentials|\.gnupg|"
                       r"\.password-store|\.config/gcloud|shadow$|gshadow$|\.env$|\.vault-token|credentials\.json|"
                       r"[^/]*\.pem$|[^/]*\.key$|\.npmrc|\.pypirc|keychain|\.bash_history|\.zsh_history|"
                       r"master\.key|secrets?\.(?:ya?ml|json|txt)$)")


def _is_secret(text: str) -> bool:
    text = text.lstrip("@<")
    if text.endswith((".pub", "/known_hosts")):
        return False
    return bool(SECRET_RX.search(text))


def _reads_secret(c: Cmd) -> bool:
    n = util(c.name) if c.words else ""
    if n in ("env", "printenv", "set", "export") and len(c.words) == 1:
        return True
    if n in ("cat", "tar", "zip", "base64", "gpg", "head", "tail", "xxd", "openssl", "gzip", "sudo"):
        return any(_is_secret(w.text) for w in c.words[1:])
    if any(op.startswith("<") and _is_secret(w.text) for op, w in c.redirects):
        return True
    return False


def exfil(an: Analyzer, cmd: Cmd, argv: list[Word], sudo: bool) -> None:
    name = util(argv[0].text)
    for w in argv[1:]:
        t = w.text
        if (t.startswith("@") or "=@" in t or t.startswith("<")) and _is_secret(t.split("@", 1)[-1]):
            an.add(HIGH, "secrets.upload", f"{name} uploads a secret ({t.split('@', 1)[-1]}) to another machine",
                   cmd.span)
            return
        if any(_reads_secret(c) for c in w.subst):
            an.add(HIGH, "secrets.upload", f"{name} sends a secret to another machine", cmd.span)
            return
    texts = [w.text for w in argv[1:]]
    for i, t in enumerate(texts):
        if t in ("-T", "--upload-file", "-F", "--form", "-d", "--data", "--data-binary", "--post-file", "--body-file",
                 "--data-raw", "--data-urlencode") and i + 1 < len(texts) and _is_secret(texts[i + 1].split("@")[-1]):
            an.add(HIGH, "secrets.upload", f"{name} uploads a secret ({texts[i + 1]}) to another machine", cmd.span)
            return
        if t.startswith(("--post-file=", "--body-file=", "--upload-file=")) and _is_secret(t.split("=", 1)[1]):
            an.add(HIGH, "secrets.upload", f"{name} uploads a secret to another machine", cmd.span)
            return
    if any(op.startswith("<") and _is_secret(w.text) for op, w in cmd.redirects):
        an.add(HIGH, "secrets.upload", f"{name} sends a secret file to another machine", cmd.span)
        return
    for c in an.upstream_chain(cmd):
        if _reads_secret(c):
            an.add(HIGH, "secrets.upload", f"{name} sends a secret read by {util(c.name)} to another machine",
                   cmd.span)
            return


def h_download(an: Analyzer, cmd: Cmd, argv: list[Word], sudo: bool) -> None:
    exfil(an, cmd, argv, sudo)
    texts = [w.text for w in argv[1:]]
    for i, t in enumerate(texts):
        if t in ("-o", "-O", "--output", "--output-document") and i + 1 < len(texts) and texts[i + 1] != "-":
            an.write_target(cmd, argv[i + 2], truncate=True)


def h_copy_remote(an: Analyzer, cmd: Cmd, argv: list[Word], sudo: bool) -> None:
    name = util(argv[0].text)
    short, long, pos = split_opts(argv[1:], frozenset("PiFoclSJe") | {"rsh", "exclude", "include", "port"})
    if len(pos) >= 2 and ":" in pos[-1].text:
        if any(_is_secret(p.text) and ":" not in p.text for p in pos[:-1]):
            an.add(HIGH, "secrets.upload", f"{name} copies a secret to another machine", cmd.span)
    if name == "rsync" and any(x.startswith("delete") for x in long) and pos:
        t = classify(pos[-1].text, cmd.cwd, dynamic=pos[-1].dynamic)
        lv = t.rec if t.rec >= CRITICAL else MODERATE
        an.add(lv, "rsync.delete", f"rsync --delete deletes files in {t.what} that are missing from the source",
               cmd.span)


def h_pkg(an: Analyzer, cmd: Cmd, argv: list[Word], sudo: bool) -> None:
    name = util(argv[0].text)
    texts = [a.text for a in argv[1:]]
    words = [t for t in texts if not t.startswith("-")]
    joined = " ".join(texts)
    essential = re.compile(r"^(libc6|glibc|systemd|sudo|bash|coreutils|dpkg|apt|rpm|yum|dnf|python3?|openssh-server|"
                           r"linux-image.*|kernel|grub.*|util-linux|login|passwd|init|base-files|libc|pacman|"
                           r"\*|.*\*)$")
    if name in ("apt", "apt-get", "aptitude", "yum", "dnf", "zypper", "pacman", "rpm", "dpkg", "snap", "brew", "port",
                "apk", "emerge", "nix-env", "flatpak"):
        removing = bool(words[:1] and words[0] in ("remove", "purge", "autoremove", "erase", "uninstall", "del")) or (
            name == "pacman" and re.search(r"(?:^|\s)-R", joined)) or (name == "rpm" and re.search(
                r"(?:^|\s)-e|--erase", joined)) or (name == "dpkg" and re.search(r"(?:^|\s)(-r|-P|--purge|--remove)",
                                                                                 joined))
        if removing:
            pk = words[1:] if words[:1] and words[0] in ("remove", "purge", "autoremove", "erase", "uninstall", "del") \
                else words
            if any(essential.match(p) for p in pk) or "--force-remove-essential" in joined or "--nodeps" in joined \
                    or re.search(r"-R\w*dd", joined):
                an.add(HIGH, "pkg.remove_essential", f"{name} removes packages the system needs to run", cmd.span)
            else:
                an.add(MODERATE, "pkg.remove", f"{name} removes packages", cmd.span)
        elif words[:1] and words[0] in ("install", "upgrade", "dist-upgrade", "full-upgrade", "update", "add",
                                         "reinstall", "refresh") or (
                # pacman -S/-Syu installs (-Ss/-Si/-Sg/-Sl/-Sp only look); dpkg -S searches, dpkg -i installs
                name == "pacman" and re.search(r"(?:^|\s)-S(?![A-Za-z]*[sigpl])", joined)) or (
                name == "dpkg" and re.search(r"(?:^|\s)(?:-i|--install|--unpack)\b", joined)) or (
                name == "rpm" and re.search(r"(?:^|\s)(?:-[A-Za-z]*[iUF][A-Za-z]*|--install|--upgrade|--freshen)\b",
                                            joined) and not re.search(r"(?:^|\s)-q", joined)):
            if words[0:1] != ["update"] or name not in ("apt", "apt-get", "brew"):
                an.add(MODERATE, "pkg.install", f"{name} installs or upgrades software", cmd.span)
    else:  # pip, gem, cargo, go, pipx, conda
        if words[:1] and words[0] in ("install", "add", "get", "uninstall", "remove"):
            an.add(MODERATE, "pkg.install", f"{name} {words[0]} changes installed software", cmd.span)


def h_history(an: Analyzer, cmd: Cmd, argv: list[Word], sudo: bool) -> None:
    if any(a.text in ("-c", "-cw", "-wc") for a in argv[1:]):
        an.add(HIGH, "history.clear", "clears the shell history (the record of what was run is lost)", cmd.span)


def h_chattr(an: Analyzer, cmd: Cmd, argv: list[Word], sudo: bool) -> None:
    args = argv[1:]
    rec = any(a.text.startswith("-") and "R" in a.text[1:] for a in args)
    pos = [a for a in args if not a.text.startswith(("-", "+", "=")) or a.quoted]
    for w in pos:
        t = classify(w.text, cmd.cwd, dynamic=w.dynamic)
        if rec and t.rec >= HIGH and ("system" in t.what or t.path == "/"):
            an.add(HIGH, "chattr.system", f"changes the attributes of {t.what} recursively: the system can no "
                   "longer update itself", cmd.span)
            return
        if _APPEND_SENSITIVE.search(t.path or w.text):
            an.add(HIGH, "chattr.system", f"changes the attributes of {t.path} (accounts, sudo or logins stop "
                   "being editable)", cmd.span)
            return
    if pos:
        an.add(MODERATE, "chattr", "changes file attributes", cmd.span)


def h_mount(an: Analyzer, cmd: Cmd, argv: list[Word], sudo: bool) -> None:
    name = util(argv[0].text)
    texts = [a.text for a in argv[1:]]
    if name in ("umount",) and any(t in ("-a", "/", "--all") for t in texts):
        an.add(HIGH, "fs.umount_all", "unmounts every filesystem", cmd.span)
    elif name in ("swapoff",) and "-a" in texts:
        an.add(MODERATE, "swapoff", "turns off all swap", cmd.span)
    elif texts:
        an.add(MODERATE, f"{name}", f"{name} changes what is mounted", cmd.span)


def h_modules(an: Analyzer, cmd: Cmd, argv: list[Word], sudo: bool) -> None:
    if len(argv) > 1:
        an.add(MODERATE, "kernel.module", f"{util(argv[0].text)} changes the running kernel", cmd.span)


def h_sysctl(an: Analyzer, cmd: Cmd, argv: list[Word], sudo: bool) -> None:
    if any(a.text in ("-w", "--write", "-p", "--load") or "=" in a.text for a in argv[1:]):
        an.add(MODERATE, "sysctl", "changes kernel settings", cmd.span)


def h_ln(an: Analyzer, cmd: Cmd, argv: list[Word], sudo: bool) -> None:
    short, long, pos = split_opts(argv[1:], frozenset("tS"))
    if ("f" in short or "force" in long) and len(pos) >= 2:
        an.write_target(cmd, pos[-1], truncate=False, verb="replaces")


WRAPPERS: dict[str, Callable[[Analyzer, Cmd, list[Word], bool], None]] = {
    "sudo": w_sudo, "doas": w_sudo, "pkexec": w_sudo, "run0": w_sudo, "sudoedit": w_sudo, "su": w_su,
    "env": w_env, "nohup": _skip_then_inner(), "time": w_time, "nice": _skip_then_inner("n", ("adjustment",)),
    "ionice": _skip_then_inner("cnp", ("class", "classdata", "pid")), "timeout": _skip_then_inner(
        "sk", ("signal", "kill-after"), 1), "command": _skip_then_inner(), "builtin": _skip_then_inner(),
    "exec": _skip_then_inner("a"), "stdbuf": _skip_then_inner("ioe"), "setsid": _skip_then_inner(),
    "unbuffer": _skip_then_inner(), "caffeinate": _skip_then_inner("tw"), "chrt": _skip_then_inner("", (), 1),
    "taskset": _skip_then_inner("", (), 1), "flock": _skip_then_inner("wEc", (), 1),
    "chroot": _skip_then_inner("", ("userspec", "groups"), 1), "runuser": _skip_then_inner("ugc", ("user", "group")),
    "strace": _skip_then_inner("opeEsuIb"), "ltrace": _skip_then_inner("ope"), "noglob": _skip_then_inner(),
    "nocorrect": _skip_then_inner(), "xargs": w_xargs, "parallel": w_xargs, "watch": w_watch, "eval": w_eval,
    "ssh": w_ssh, "mosh": w_ssh, "source": w_source, ".": w_source, "firejail": _skip_then_inner(),
    "proxychains": _skip_then_inner(), "proxychains4": _skip_then_inner(), "torsocks": _skip_then_inner(),
    "faketime": _skip_then_inner("", (), 1), "fakeroot": _skip_then_inner(), "script": _skip_then_inner("c"),
}

HANDLERS: dict[str, Callable[[Analyzer, Cmd, list[Word], bool], None]] = {
    "rm": h_rm, "unlink": h_rm, "rmdir": h_rm, "shred": h_rm, "srm": h_rm, "wipe": h_rm,
    "trash": h_trash, "trash-put": h_trash,
    "find": h_find, "chmod": h_chmod, "chown": h_chmod, "chgrp": h_chmod, "mv": h_mv, "cp": h_cp, "install": h_cp,
    "tee": h_tee, "truncate": h_truncate, "sed": h_sed, "gsed": h_sed, "dd": h_dd, "ln": h_ln,
    "wipefs": h_disk_tool, "fdisk": h_disk_tool, "sfdisk": h_disk_tool, "cfdisk": h_disk_tool, "gdisk": h_disk_tool,
    "sgdisk": h_disk_tool, "parted": h_disk_tool, "blkdiscard": h_disk_tool, "badblocks": h_disk_tool,
    "hdparm": h_disk_tool, "diskutil": h_diskutil,
    "zpool": h_lvm, "zfs": h_lvm, "nvme": h_lvm, "cryptsetup": h_lvm, "mdadm": h_lvm, "btrfs": h_lvm,
    "lvremove": h_lvm, "vgremove": h_lvm, "pvremove": h_lvm,
    "git": h_git, "docker": h_docker, "podman": h_docker, "nerdctl": h_docker, "docker-compose": h_docker,
    "kubectl": h_kubectl, "oc": h_kubectl, "k": h_kubectl, "helm": h_helm,
    "terraform": h_terraform, "tofu": h_terraform, "terragrunt": h_terraform, "pulumi": h_terraform,
    "cdk": h_terraform,
    "psql": h_sql, "mysql": h_sql, "mariadb": h_sql, "sqlite3": h_sql, "duckdb": h_sql, "sqlcmd": h_sql,
    "mongo": h_sql, "mongosh": h_sql, "clickhouse-client": h_sql, "cqlsh": h_sql, "redis-cli": h_sql,
    "mysqladmin": h_sql, "dropdb": h_dropdb, "dropuser": h_dropdb,
    "aws": h_cloud, "gsutil": h_cloud, "gcloud": h_cloud, "az": h_cloud, "doctl": h_cloud, "heroku": h_cloud,
    "firebase": h_cloud, "s3cmd": h_cloud, "mc": h_cloud, "rclone": h_cloud, "gh": h_cloud, "flyctl": h_cloud,
    "oci": h_cloud, "hcloud": h_cloud, "npm": h_cloud, "yarn": h_cloud, "pnpm": h_cloud,
    "systemctl": h_systemctl, "service": h_service,
    "shutdown": h_power, "reboot": h_power, "halt": h_power, "poweroff": h_power, "init": h_power,
    "telinit": h_power,
    "kill": h_kill, "killall": h_kill, "pkill": h_kill, "killall5": h_kill, "crontab": h_crontab,
    "iptables": h_firewall, "ip6tables": h_firewall, "iptables-legacy": h_firewall, "iptables-nft": h_firewall,
    "nft": h_firewall, "ufw": h_firewall, "setenforce": h_firewall, "aa-teardown": h_firewall,
    "aa-disable": h_firewall, "aa-complain": h_firewall, "spctl": h_firewall, "csrutil": h_firewall,
    "firewall-cmd": h_firewall,
    "userdel": h_user, "deluser": h_user, "groupdel": h_user, "delgroup": h_user, "passwd": h_user,
    "usermod": h_user, "chpasswd": h_user, "visudo": h_user, "dscl": h_user, "sysadminctl": h_user,
    "useradd": h_user, "adduser": h_user,
    "nc": h_netcat, "ncat": h_netcat, "netcat": h_netcat, "socat": h_netcat, "telnet": h_netcat,
    "curl": h_download, "wget": h_download, "http": h_download, "xh": h_download,
    "scp": h_copy_remote, "rsync": h_copy_remote, "sftp": h_copy_remote,
    "apt": h_pkg, "apt-get": h_pkg, "aptitude": h_pkg, "yum": h_pkg, "dnf": h_pkg, "zypper": h_pkg,
    "pacman": h_pkg, "rpm": h_pkg, "dpkg": h_pkg, "snap": h_pkg, "brew": h_pkg, "apk": h_pkg, "pip": h_pkg,
    "pip3": h_pkg, "pipx": h_pkg, "gem": h_pkg, "cargo": h_pkg, "go": h_pkg, "conda": h_pkg, "port": h_pkg,
    "history": h_history, "chattr": h_chattr, "at": h_at, "batch": h_at, "umount": h_mount, "swapoff": h_mount, "mount": h_mount,
    "insmod": h_modules, "rmmod": h_modules, "modprobe": h_modules, "sysctl": h_sysctl,
}


def is_posix_path(text: str) -> bool:
    return text.startswith("/") or posixpath.isabs(text)
