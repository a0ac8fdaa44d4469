"""Parse a command line with tree-sitter-bash into the simple commands it runs.

``parse(text)`` returns a :class:`Parsed`: every simple command (:class:`Cmd`) found in pipelines,
lists, subshells, compound statements, function bodies and command/process substitutions, with
its words already evaluated (quotes removed, ``\\rm`` unescaped, ``$HOME``/``${HOME}`` turned into
``~``), its redirections, the literal text fed to its stdin by a here-doc or here-string, the
commands piped into it, and the working directory it runs in (``cd`` earlier on the line moves it).

tree_sitter is imported lazily (``cmdai --help`` must not pay for it) and the Language/Parser
objects are created once per process and reused.
"""

from __future__ import annotations

import bisect
import codecs
import re
from dataclasses import dataclass, field
from typing import Any

_PARSER: Any = None
_PARSER_FAILED = False


def get_parser() -> Any:
    """The cached tree-sitter Parser for bash, or None when tree-sitter is not installed."""
    global _PARSER, _PARSER_FAILED
    if _PARSER is None and not _PARSER_FAILED:
        try:
            import tree_sitter_bash as tsb
            from tree_sitter import Language, Parser

            _PARSER = Parser(Language(tsb.language()))
        except Exception:  # pragma: no cover - depends on the install
            _PARSER_FAILED = True
    return _PARSER


@dataclass
class Word:
    text: str  # evaluated: quotes removed, escapes resolved, $HOME -> ~
    raw: str
    start: int  # character offsets in the top-level command
    end: int
    quoted: bool = False
    dynamic: bool = False  # contains an expansion whose value we do not know
    glob: bool = False  # an unquoted * ? or [
    subst: list[Cmd] = field(default_factory=list)  # commands run by $(...) / <(...) inside it

    @property
    def span(self) -> tuple[int, int]:
        return (self.start, self.end)


@dataclass
class Cmd:
    words: list[Word]
    start: int
    end: int
    redirects: list[tuple[str, Word]] = field(default_factory=list)  # (operator, target)
    stdin_text: str | None = None  # literal here-doc / here-string content
    upstream: list[Cmd] = field(default_factory=list)  # commands piped into this one
    cwd: str | None = None  # effective working directory (None: unknown)
    assignments: list[tuple[str, str]] = field(default_factory=list)
    in_subst: bool = False

    @property
    def span(self) -> tuple[int, int]:
        return (self.start, self.end)

    @property
    def name(self) -> str:
        return self.words[0].text if self.words else ""


@dataclass
class FuncDef:
    name: str
    calls: set[str]
    forks: bool  # its body pipes or backgrounds
    span: tuple[int, int]


@dataclass
class Parsed:
    text: str
    cmds: list[Cmd]
    functions: list[FuncDef]
    ok: bool  # False: tree-sitter found a syntax error (or is unavailable)


_KNOWN_VARS = {"HOME": "~", "TMPDIR": "/tmp/.tmpdir", "TMP": "/tmp/.tmpdir", "TEMP": "/tmp/.tmpdir", "PWD": "."}
_ESC = re.compile(r"\\(.)", re.S)
_GLOB = re.compile(r"(?<!\\)[*?\[]")
_DQ_ESC = re.compile(r'\\([$`"\\\n])')


_ASCII_ONLY = bytes(range(128)) + b"x" * 128
_EXPANSION = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?=+])(.*))?", re.S)


def _printed(cmds: list[Cmd]) -> str | None:
    """What ``$(pwd)`` / ``$(echo literal)`` prints, when that is certain (None otherwise)."""
    if len(cmds) != 1:
        return None
    c = cmds[0]
    if not c.words or c.redirects or c.upstream or c.stdin_text is not None:
        return None
    name = c.words[0].text
    args = c.words[1:]
    if any(w.dynamic for w in c.words):
        return None
    if name == "pwd" and all(a.text in ("-P", "-L") for a in args):
        return "."
    if name == "echo":
        rest = [a.text for a in args]
        while rest and rest[0] in ("-n", "-E"):
            rest.pop(0)
        if rest and rest[0].startswith("-"):
            return None
        return " ".join(rest)
    return None


def _ansi_c(content: str) -> str:
    try:
        return codecs.decode(content.encode("latin-1", "backslashreplace"), "unicode_escape")
    except Exception:
        return content


class _Walker:
    def __init__(self, src: bytes, text: str, cwd: str | None, base: tuple[int, int] | None):
        self.src = src
        self.text = text
        self.cwd = cwd
        self.base = base  # when parsing an inner string: every span is the outer word's span
        self.cmds: list[Cmd] = []
        self.funcs: list[FuncDef] = []
        self._offsets: list[int] | None = None
        self.ascii = len(src) == len(text)
        self.subst_depth = 0
        self.vars: dict[str, str | None] = {}  # assigned on this line; None: assigned something unknown

    # -- spans -------------------------------------------------------------------------------
    def _char(self, b: int) -> int:
        if self.ascii:
            return b
        if self._offsets is None:
            offs, pos = [], 0
            for ch in self.text:
                offs.append(pos)
                pos += len(ch.encode("utf-8", "replace"))
            self._offsets = offs
        return bisect.bisect_right(self._offsets, b) - 1 if b < len(self.src) else len(self.text)

    def span(self, node: Any) -> tuple[int, int]:
        if self.base is not None:
            return self.base
        return (self._char(node.start_byte), self._char(node.end_byte))

    def raw(self, node: Any) -> str:
        return self.src[node.start_byte:node.end_byte].decode("utf-8", "replace")

    # -- words -------------------------------------------------------------------------------
    def word(self, node: Any) -> Word:
        parts: list[str] = []
        st = {"quoted": False, "dynamic": False, "glob": False, "subst": []}
        self._ev(node, parts, st, False)
        s, e = self.span(node)
        return Word("".join(parts), self.raw(node), s, e, st["quoted"], st["dynamic"], st["glob"], st["subst"])

    def _gaps(self, node: Any, parts: list[str], st: dict, in_dq: bool, lo: int, hi: int) -> None:
        cur = lo
        for c in node.named_children:
            if c.start_byte > cur:
                gap = self.src[cur:c.start_byte].decode("utf-8", "replace")
                parts.append(_DQ_ESC.sub(r"\1", gap) if in_dq else gap)
            self._ev(c, parts, st, in_dq)
            cur = c.end_byte
        if hi > cur:
            gap = self.src[cur:hi].decode("utf-8", "replace")
            parts.append(_DQ_ESC.sub(r"\1", gap) if in_dq else gap)

    def _ev(self, node: Any, parts: list[str], st: dict, in_dq: bool) -> None:
        t = node.type
        if t == "word":
            raw = self.raw(node)
            if not in_dq and _GLOB.search(raw):
                st["glob"] = True
            parts.append(_ESC.sub(r"\1", raw) if "\\" in raw else raw)
        elif t == "raw_string":
            st["quoted"] = True
            parts.append(self.raw(node)[1:-1])
        elif t in ("string", "translated_string"):
            st["quoted"] = True
            lo = node.start_byte + (2 if t == "translated_string" else 1)
            self._gaps(node, parts, st, True, lo, max(lo, node.end_byte - 1))
        elif t == "string_content":
            parts.append(_DQ_ESC.sub(r"\1", self.raw(node)))
        elif t == "ansi_c_string":
            st["quoted"] = True
            parts.append(_ansi_c(self.raw(node)[2:-1]))
        elif t == "concatenation":
            self._gaps(node, parts, st, in_dq, node.start_byte, node.end_byte)
        elif t in ("simple_expansion", "expansion"):
            raw = self.raw(node)
            value = self._expansion(raw)
            if value is None:
                st["dynamic"] = True
                parts.append(raw)
            else:
                if not in_dq and _GLOB.search(value):
                    st["glob"] = True
                parts.append(value)
        elif t in ("command_substitution", "process_substitution"):
            n0 = len(self.cmds)
            self.subst_depth += 1
            for c in node.named_children:
                self.visit(c)
            self.subst_depth -= 1
            inner = self.cmds[n0:]
            st["subst"].extend(inner)
            printed = _printed(inner) if t == "command_substitution" else None
            if printed is None or (not in_dq and any(ch.isspace() for ch in printed)):
                st["dynamic"] = True
                parts.append(self.raw(node))
            else:
                parts.append(printed)
        elif t == "number":
            parts.append(self.raw(node))
        else:
            raw = self.raw(node)
            if "$" in raw or "`" in raw:
                st["dynamic"] = True
            if not in_dq and _GLOB.search(raw):
                st["glob"] = True
            parts.append(raw)

    # -- statements --------------------------------------------------------------------------
    def visit(self, node: Any) -> None:
        t = node.type
        if t == "command":
            self.command(node, [])
        elif t == "redirected_statement":
            self.redirected(node)
        elif t == "pipeline":
            prev: list[Cmd] = []
            for c in node.named_children:
                n0 = len(self.cmds)
                self.visit(c)
                stage = self.cmds[n0:]
                for cmd in stage:
                    if not cmd.upstream and prev:
                        cmd.upstream = list(prev)
                if stage:
                    prev = stage
        elif t == "function_definition":
            self.function(node)
        elif t == "variable_assignment":
            self.assign(node)
        elif t == "for_statement":
            self.for_loop(node)
        elif t in ("heredoc_body", "comment", "heredoc_start", "heredoc_end"):
            return
        else:
            for c in node.named_children:
                self.visit(c)

    def _expansion(self, raw: str) -> str | None:
        """The value of ``$NAME`` / ``${NAME}`` / ``${NAME:-x}`` / ``${NAME:?}`` when it is known on this line
        (assigned earlier, or ``HOME``/``PWD``/``TMPDIR``), else None."""
        if raw.startswith("${") and raw.endswith("}"):
            inner = raw[2:-1]
        elif raw.startswith("$"):
            inner = raw[1:]
        else:
            return None
        m = _EXPANSION.fullmatch(inner)
        if m is None:
            return None
        name, op = m.group(1), m.group(2)
        value = self.vars[name] if name in self.vars else _KNOWN_VARS.get(name)
        if op is None or op in (":?", "?"):
            return value
        if op in (":-", "-", ":=", "="):
            return value if value else None  # set (and not empty): the default is not used
        return None  # ${X:+alt}: depends on the value

    def for_loop(self, node: Any) -> None:
        """``for f in a b *; do …; done``: the body is judged once per value (at most 8)."""
        var = node.child_by_field_name("variable")
        body = node.child_by_field_name("body")
        values = [self.word(c).text for c in node.children_by_field_name("value")]
        name = self.raw(var) if var is not None else ""
        if body is None:
            return
        if not name or not values or any(v == "" for v in values):
            if name:
                self.vars[name] = None
            self.visit(body)
            return
        for v in values[:8]:
            self.vars[name] = v
            self.visit(body)

    def assign(self, node: Any) -> None:
        """``NAME=value`` as a statement: later words on the line see the value when it is literal."""
        nm = node.child_by_field_name("name")
        if nm is None or nm.type != "variable_name":
            return
        name = self.raw(nm)
        val = node.child_by_field_name("value")
        if val is None:
            self.vars[name] = ""
            return
        if val.type == "array":
            self.vars[name] = None
            return
        w = self.word(val)
        self.vars[name] = None if w.dynamic else w.text

    def redirected(self, node: Any) -> None:
        body = node.child_by_field_name("body")
        redirs: list[Any] = []
        for c in node.named_children:
            if body is not None and c.id == body.id:
                continue
            if body is None and c.type not in ("file_redirect", "heredoc_redirect", "herestring_redirect"):
                body = c
                continue
            redirs.append(c)
        if body is not None and body.type == "command":
            self.command(body, redirs)
        else:
            n0 = len(self.cmds)
            if body is not None:
                self.visit(body)
            pseudo = Cmd([], *self.span(node), cwd=self.cwd, in_subst=self.subst_depth > 0)
            self._apply_redirects(pseudo, redirs)
            if body is not None and body.type in ("subshell", "compound_statement") and pseudo.stdin_text:
                for cmd in self.cmds[n0:]:
                    if cmd.stdin_text is None:
                        cmd.stdin_text = pseudo.stdin_text
            self.cmds.append(pseudo)

    def _apply_redirects(self, cmd: Cmd, redirs: list[Any]) -> None:
        for r in redirs:
            t = r.type
            if t == "file_redirect":
                op = ""
                for c in r.children:
                    if not c.is_named:
                        op += c.type
                dest = r.child_by_field_name("destination")
                if dest is None:
                    named = [c for c in r.named_children if c.type != "file_descriptor"]
                    dest = named[0] if named else None
                if dest is not None:
                    cmd.redirects.append((op, self.word(dest)))
            elif t == "heredoc_redirect":
                for c in r.named_children:
                    if c.type == "heredoc_body":
                        cmd.stdin_text = self.raw(c)
                    elif c.type == "file_redirect":
                        self._apply_redirects(cmd, [c])
                    elif c.type in ("pipeline", "command", "list", "redirected_statement"):
                        # `cat <<EOF | sh`: the grammar hangs the rest of the line on the redirect
                        n0 = len(self.cmds)
                        self.visit(c)
                        for later in self.cmds[n0:]:
                            if not later.upstream:
                                later.upstream = [cmd]
            elif t == "herestring_redirect":
                for c in r.named_children:
                    cmd.stdin_text = self.word(c).text

    def command(self, node: Any, redirs: list[Any]) -> None:
        s, e = self.span(node)
        cmd = Cmd([], s, e, cwd=self.cwd, in_subst=self.subst_depth > 0)
        inner_redirs = []
        for c in node.named_children:
            t = c.type
            if t == "variable_assignment":
                val = c.child_by_field_name("value")
                nm = c.child_by_field_name("name")
                cmd.assignments.append((self.raw(nm) if nm else "", self.word(val).text if val else ""))
                if val is not None and val.type not in ("word", "raw_string", "number"):
                    pass
            elif t == "command_name":
                inner = c.named_children
                cmd.words.append(self.word(inner[0] if inner else c))
            elif t in ("file_redirect", "herestring_redirect", "heredoc_redirect"):
                inner_redirs.append(c)
            elif t == "subscript":
                continue
            else:
                cmd.words.append(self.word(c))
        self._apply_redirects(cmd, inner_redirs + redirs)
        self.cmds.append(cmd)
        if cmd.words and cmd.words[0].text in ("cd", "pushd"):
            self.cwd = _cd(self.cwd, cmd.words[1:])

    def function(self, node: Any) -> None:
        name_node = node.child_by_field_name("name")
        name = self.raw(name_node) if name_node is not None else ""
        n0 = len(self.cmds)
        body = node.child_by_field_name("body")
        forks = False
        if body is not None:
            self.visit(body)
            raw = self.raw(body)
            forks = "|" in raw or "&" in raw
        calls = {c.name for c in self.cmds[n0:]}
        self.funcs.append(FuncDef(name, calls, forks, self.span(node)))


def _cd(cwd: str | None, args: list[Word]) -> str | None:
    args = [a for a in args if not a.text.startswith("-") or a.text == "-"]
    if not args:
        return "~"
    a = args[0]
    if a.dynamic or a.text == "-":
        return None
    if a.text.startswith(("/", "~")):
        return a.text
    if cwd is None:
        return None
    return cwd.rstrip("/") + "/" + a.text


def parse(text: str, cwd: str | None = None, base: tuple[int, int] | None = None) -> Parsed | None:
    """Parse ``text``; None when tree-sitter is unavailable."""
    parser = get_parser()
    if parser is None:
        return None
    src = text.encode("utf-8", "replace")
    # tree-sitter-bash 0.25's scanner can crash the process (SIGSEGV) on some non-ASCII text, e.g. "{" then
    # U+F55CE: it is given a copy where every non-ASCII byte is "x" (same byte offsets; bash treats both as
    # word characters), while the words are read from the real bytes.
    tree = parser.parse(src if src.isascii() else src.translate(_ASCII_ONLY))
    root = tree.root_node
    w = _Walker(src, text, cwd, base)
    w.visit(root)
    return Parsed(text, w.cmds, w.funcs, not root.has_error)
