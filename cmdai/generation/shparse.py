"""A light tree-sitter-bash view of a command line: does it parse, which utilities with which flags.

This is what candidate checking, the NLC2CMD metric and ``cmdai explain`` need; the safety
engine has its own, deeper parser (:mod:`cmdai.safety.parser`).

``structure(cmd)`` returns the utilities in the order they run, each with its flags::

    structure("find . -name '*.py' | xargs grep -l foo")
    -> [Use("find", ["-name"]), Use("xargs", []), Use("grep", ["-l"])]

Commands run by ``xargs`` and by ``find -exec/-execdir/-ok`` count as utilities of their own,
as in the NLC2CMD reference implementation (bashlint).
"""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

_PARSER: Any = None

# utilities whose single-dash words are long options (-name, -type), never short-flag clusters
SINGLE_DASH_LONG = frozenset("""find java javac gcc g++ cc clang ffmpeg ffprobe convert mogrify identify
xmllint openssl tcpdump iptables ip6tables ip xrandr qemu-system-x86_64 mplayer mpv go dig
ps-compat""".split())
# words that are utilities but mostly plain English in a request ("list", "man", "find"): a request that says
# one does not name that program
PLAIN_WORDS = frozenset("""a at be do in is it go on of or to up all and any any are can for get has how its
let man new not now one out put run see set the top use was who why yes you each file find from give
have help head join just last less list look make more most name next only open over part read same
show size some sort sure tail take tell test than that them then this time type wait what when will
with word your echo print split watch write kill tree code date history screen tee yes nice cal
file files link links users who whoami groups dir directory path paths line lines size disk mount free
less more last touch install copy move fold expand paste join comm look print sum stat host hostname
mail seq rev column true false shift wall fmt pr nl od time clear reset kind service which compress uncompress""".split())
SHELL_BUILTINS = frozenset("""cd echo export source . alias unalias read set unset exit pwd history type printf
test [ [[ eval exec kill jobs fg bg wait true false ulimit umask trap shift return local declare typeset
let command builtin hash help times disown suspend pushd popd dirs shopt enable mapfile readarray compgen
complete getopts caller logout bind fc""".split())


def installed(utility: str) -> bool:
    """A command this shell can run: a builtin, a history expansion (``sudo !!``) or a program on PATH."""
    return utility in SHELL_BUILTINS or utility.startswith("!") or shutil.which(utility) is not None


# wrappers: the next word is the command they run
WRAPPERS = frozenset("sudo doas nohup time nice ionice env exec command builtin stdbuf timeout watch".split())
# options of wrappers that take a value (so the value is not the wrapped command)
_WRAPPER_VALUE_OPTS = {"sudo": {"-u", "-g", "-C", "-h", "-p", "-U"}, "nice": {"-n"}, "ionice": {"-c", "-n"},
                       "timeout": {"-s", "-k"}, "watch": {"-n", "-d"}, "stdbuf": {"-i", "-o", "-e"}}
_XARGS_VALUE_OPTS = {"-I", "-n", "-P", "-L", "-d", "-s", "-E", "-a"}
_FIND_EXEC = {"-exec", "-execdir", "-ok", "-okdir"}
_NUMERIC = re.compile(r"^[-+]\d+(\.\d+)?[a-zA-Z]?$")


def get_parser() -> Any:
    global _PARSER
    if _PARSER is None:
        import tree_sitter_bash as tsb
        from tree_sitter import Language, Parser

        _PARSER = Parser(Language(tsb.language()))
    return _PARSER


@dataclass
class Use:
    utility: str
    flags: list[str] = field(default_factory=list)
    args: list[str] = field(default_factory=list)  # every word after the utility, raw

    def to_dict(self) -> dict[str, Any]:
        return {"utility": self.utility, "flags": list(self.flags)}


def _tree(cmd: str) -> Any:
    return get_parser().parse(cmd.encode("utf-8", "surrogatepass"))


@lru_cache(maxsize=4096)
def parses(cmd: str) -> bool:
    """True when ``cmd`` is one complete bash command line (no syntax error, nothing missing)."""
    if not cmd or not cmd.strip():
        return False
    try:
        root = _tree(cmd).root_node
    except Exception:
        return False
    if root.has_error:
        return False
    # an unterminated here-doc or quote shows as a MISSING node
    stack = [root]
    while stack:
        n = stack.pop()
        if n.is_missing:
            return False
        stack.extend(n.children)
    return True


def _text(node: Any, src: bytes) -> str:
    return src[node.start_byte:node.end_byte].decode("utf-8", "replace")


def _unquote(word: str) -> str:
    if len(word) >= 2 and word[0] == word[-1] and word[0] in "'\"":
        return word[1:-1]
    return word.replace("\\", "") if word.startswith("\\") else word


def split_flags(utility: str, word: str) -> list[str]:
    """The flag names in one word: ``-la`` -> [-l, -a]; ``--size=10`` -> [--size]; ``-n1`` -> [-n]."""
    if not word.startswith("-") or word in ("-", "--"):
        return []
    if word.startswith("--"):
        return [word.split("=", 1)[0]]
    if utility in SINGLE_DASH_LONG:
        if _NUMERIC.match(word):
            return []
        return [word.split("=", 1)[0]]
    if re.fullmatch(r"-\d+", word):
        return [word]
    m = re.match(r"-([A-Za-z]+)", word)
    if not m:
        return []
    letters = m.group(1)
    return [f"-{c}" for c in dict.fromkeys(letters)]


def _words_to_uses(words: list[str], out: list[Use]) -> None:
    """Turn the words of one simple command into uses (following wrappers, xargs, find -exec)."""
    i = 0
    while i < len(words):
        name = _unquote(words[i])
        # (a quoted command is one word: 'wget -q http://host/f.txt' is not a program f.txt)
        base = name.rsplit("/", 1)[-1] if "/" in name and not name.startswith("./") and " " not in name else name
        if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*=.*", words[i]):  # VAR=value prefix
            i += 1
            continue
        use = Use(base)
        out.append(use)
        rest = words[i + 1:]
        if base in WRAPPERS:
            vals = _WRAPPER_VALUE_OPTS.get(base, set())
            j = 0
            while j < len(rest) and (rest[j].startswith("-") or (base == "timeout" and j == 0) or
                                     (base == "env" and "=" in rest[j])):
                use.flags += split_flags(base, rest[j]) if rest[j].startswith("-") else []
                j += 1 + (1 if rest[j] in vals else 0)
            use.args = rest[:j]
            words = rest[j:]
            i = 0
            continue
        if base == "xargs":
            j = 0
            while j < len(rest) and rest[j].startswith("-"):
                use.flags += split_flags(base, rest[j])
                j += 1 + (1 if rest[j] in _XARGS_VALUE_OPTS else 0)
            use.args = rest[:j]
            words = rest[j:]
            i = 0
            continue
        if base == "find":
            j = 0
            while j < len(rest):
                w = rest[j]
                if w in _FIND_EXEC:
                    use.flags.append(w)
                    k = j + 1
                    while k < len(rest) and rest[k] not in (";", "\\;", "';'", '";"', "+"):
                        k += 1
                    inner = [x for x in rest[j + 1:k] if x not in ("{}", "'{}'", '"{}"')]
                    if inner:
                        _words_to_uses(inner, out)
                    j = k + 1
                    continue
                use.flags += split_flags(base, w)
                use.args.append(w)
                j += 1
            return
        for w in rest:
            use.flags += split_flags(base, w)
        use.args = list(rest)
        return


def _simple_commands(node: Any, src: bytes, out: list[Use]) -> None:
    if node.type == "command":
        words: list[str] = []
        for ch in node.children:
            if ch.type == "variable_assignment":
                continue
            if ch.type == "command_name":
                words.append(_text(ch, src))
            elif ch.type in ("word", "string", "raw_string", "concatenation", "number", "simple_expansion",
                             "expansion", "ansi_c_string", "command_substitution"):
                words.append(_text(ch, src))
        if words:
            _words_to_uses(words, out)
        # commands inside $(...) run too
        for ch in node.children:
            _substitutions(ch, src, out)
        return
    if node.type in ("declaration_command", "unset_command") and node.children:
        # export/declare/local/readonly/typeset/unset: a command of its own (as bash and the NLC2CMD
        # metric's parser count it), its assignments are arguments
        words = [_text(node.children[0], src)] + [_text(ch, src) for ch in node.children[1:]
                                                  if ch.type in ("word", "variable_assignment", "variable_name")]
        _words_to_uses(words, out)
        for ch in node.children:
            _substitutions(ch, src, out)
        return
    for ch in node.children:
        _simple_commands(ch, src, out)


def _substitutions(node: Any, src: bytes, out: list[Use]) -> None:
    if node.type in ("command_substitution", "process_substitution"):
        _simple_commands(node, src, out)
        return
    for ch in node.children:
        _substitutions(ch, src, out)


@lru_cache(maxsize=8192)
def _structure(cmd: str) -> tuple[Use, ...]:
    src = cmd.encode("utf-8", "surrogatepass")
    try:
        root = get_parser().parse(src).root_node
    except Exception:
        return ()
    out: list[Use] = []
    _simple_commands(root, src, out)
    return tuple(out)


def structure(cmd: str, *, inner: bool = False) -> list[Use]:
    """Utilities (in order) with their flags; [] when nothing can be read.

    A wrapper's quoted command (``watch -n 5 'df -h'``) is one word, as the NLC2CMD metric counts
    it; ``inner=True`` reads it as the commands it runs (what checks and explanations need)."""
    uses = list(_structure(cmd or ""))
    if not inner:
        return uses
    out: list[Use] = []
    for u in uses:
        out += list(_structure(u.utility)) if " " in u.utility.strip() else [u]
    return out


def utilities(cmd: str, *, inner: bool = False) -> list[str]:
    return [u.utility for u in structure(cmd, inner=inner)]


def main_utility(cmd: str) -> str:
    us = _structure(cmd or "")
    for u in us:
        if u.utility not in WRAPPERS:
            return u.utility
    return us[0].utility if us else ""
