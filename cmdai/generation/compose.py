"""Compose a ``find`` command from what a request says about the files it wants.

Most requests about files ("all .php files under /var/www modified in the last 2 days, and
gzip them") are one ``find`` with a few tests and maybe an action, a shape no fixed template
list covers in all its combinations. :func:`compose_find` reads the parts from the request:

    where      a path in the request, else the current directory
    name       a glob, an extension ("python files", ".py"), a quoted name ("named 'x'")
    type       -type f for "regular files", -type d when directories are the object, -type l links
    time       -mtime/-mmin/-atime (+N for "older than", -N for "in the last")
    size       -size +N / -N ("bigger than 10MB")
    owner      -user X, -perm MODE, -empty, -maxdepth N ("non-recursive" -> 1)
    action     -delete-like requests pipe to xargs rm; an action utility (taken from the best
               retrieved non-find template: gzip -9, chmod 755...) runs with -exec ... {} \\;
               "count" adds | wc -l

It returns the command and an intent strength in [0, 1.5] (how clearly the request is a file
search), which the ranker uses as the candidate's retrieval term.
"""

from __future__ import annotations

import re
import shlex
from typing import Any

_DIRS_OBJECT = re.compile(r"\b(?:find|list|count|delete|remove|print|show|search for|get|display|locate)\s+"
                          r"(?:all\s+|the\s+|every\s+)*(?:empty\s+|sub-?)*(?:director(?:y|ies)|folders?)\b"
                          r"|\b(?:sub)?directories\s+(?:named|called|matching|whose|that|with|older|newer)", re.I)
_LINKS = re.compile(r"\b(?:sym(?:bolic)?\s*links?|symlinks?)\b", re.I)
_REGULAR = re.compile(r"\bregular files?\b|\bfiles only\b|\bonly files\b", re.I)
_FILEWORDS = re.compile(r"\b(files?|director(?:y|ies)|folders?|tree|recursively|subdirector\w*|under|named|"
                        r"extensions?|symlinks?|links)\b", re.I)
_FINDVERB = re.compile(r"^\s*(?:\(gnu specific\)\s*)?(find|search|locate|look for|list|print|display|show|get|"
                       r"count|delete|remove)\b", re.I)
_OLDER = re.compile(r"\b(older than|more than|at least|over|before|not (?:been )?modified (?:in|for|within))\b", re.I)
_NEWER = re.compile(r"\b(in the (?:last|past)|within|less than|newer than|recent(?:ly)?|since|last|past)\b", re.I)
_BIGGER = re.compile(r"\b(bigger|larger|greater|more|over|above|exceed\w*|at least)\b", re.I)
_SMALLER = re.compile(r"\b(smaller|less|under|below|at most)\b", re.I)


def _name_pattern(request: str, ex: Any) -> tuple[str | None, bool]:
    ci = bool(re.search(r"case[- ]?insensitive|ignor\w* case|any case", request, re.I))
    for v in ex.values:
        if v.kind == "glob":
            return v.text, ci
    for v in ex.values:
        if v.kind == "quoted":
            before = request[max(0, v.start - 40):v.start].lower()
            t = v.text
            if "/" in t and not t.startswith("*"):
                continue
            if re.search(r"(named|called|name|matching|match|like|pattern|ending|ends with|begin\w*|start\w*)"
                         r"\s*(with\s*)?$", before.strip()) or "*" in t or re.fullmatch(r"[\w.-]*\.\w{1,5}", t):
                if re.fullmatch(r"\.\w{1,5}", t):
                    t = "*" + t  # ".txt" files
                if re.search(r"ending|ends with", before) and "*" not in t:
                    t = "*" + t
                elif re.search(r"begin|start", before) and "*" not in t:
                    t = t + "*"
                return t, ci
    for v in ex.values:
        if v.kind == "ext":
            return f"*.{v.text}", ci
    for v in ex.values:
        if v.kind == "filename" and re.search(r"(named|called|file)\s+\"?$", request[:v.start].lower().strip() + " "):
            return v.text, ci
    return None, ci


def _where(request: str, ex: Any) -> str:
    for v in ex.values:
        if v.kind == "path":
            return v.text
    for v in ex.values:
        if v.kind == "quoted" and " " not in v.text and ("/" in v.text or v.text.startswith("$")):
            return v.text
        if v.kind == "quoted" and " " not in v.text:
            before = request[max(0, v.start - 30):v.start].lower()
            if re.search(r"(director(y|ies)|folder|under|in|from)\s*(tree)?\s*$", before.strip()):
                return v.text
    m = re.search(r"\$\{?\w+\}?", request)
    if m and re.search(r"(under|in|from)\s+(directory\s+)?$", request[:m.start()].lower()):
        return m.group(0)
    if re.search(r"\b(entire|whole) (file ?system|system)\b|\bsystem[- ]wide\b|\bon the system\b", request, re.I):
        return "/"
    for v in ex.values:
        if v.kind == "herepath":
            return v.text
    if re.search(r"\bhome (dir|directory|folder)\b|\bmy home\b|\bin (?:the )?home\b", request, re.I):
        return "~"
    return "."


def _quote(value: str) -> str:
    if value.startswith("$") or value == "~" or value.startswith("~/"):
        return f'"{value}"' if value.startswith("$") else value
    return shlex.quote(value)


RM_TYPE_F = True  # "delete all files ..." -> find ... -type f (rm fails on directories)


def compose_find(request: str, ex: Any, action: tuple[Any, ...] | None = None) -> tuple[str, float]:
    """(find command, intent strength) for ``request``; ('', 0) when it is not about files."""
    low = request.lower()
    words = len(_FILEWORDS.findall(low))
    verb = _FINDVERB.match(low)
    if words == 0 and not re.search(r"\bfind\b", low):
        return "", 0.0
    where = _where(request, ex)
    if action is not None and len(action) == 3 and action[0] in ("cp", "mv") and where == action[1][-1]:
        others = [v.text for v in ex.values if v.kind == "path" and v.text != where]
        where = others[0] if others else "."
    parts = ["find", where]
    strength = 0.2 * min(words, 3) + (0.3 if verb else 0.0) + (0.4 if re.search(r"\bfind\b", low) else 0.0)
    if not verb and not re.search(r"\b(all|each|every|recursive\w*)\b", low):
        strength *= 0.5
    m = re.search(r"max(?:imum)?\s+(\d+)\s+levels?|(\d+)\s+levels?\s+deep|depth\s+(?:of\s+)?(\d+)", low)
    if m:
        parts += ["-maxdepth", next(g for g in m.groups() if g)]
    elif re.search(r"non-?recursive|not recursive|without (?:descending|recursing)|only in the current "
                   r"directory|in the current directory only", low):
        parts += ["-maxdepth", "1"]
    pat, ci = _name_pattern(request, ex)
    if _LINKS.search(low):
        parts += ["-type", "l"]
    elif _DIRS_OBJECT.search(low):
        parts += ["-type", "d"]
    elif _REGULAR.search(low):
        parts += ["-type", "f"]
    if re.search(r"\bempty\b", low):
        parts.append("-empty")
    if pat:
        parts += ["-iname" if ci else "-name", _quote(pat)]
        strength += 0.3
    for v in ex.values:
        if v.kind in ("days", "minutes"):
            before = low[max(0, v.start - 60):v.start]
            own = low[v.start:v.start + 12]
            sign = "+" if _OLDER.search(before) else "-" if _NEWER.search(before) else ""
            if not sign and own.startswith(("today", "last ", "past ", "this ")):
                sign = "-"  # "changed today" is the last 24 h (-mtime -1), not 24-48 h ago (-mtime 1)
            which = "a" if re.search(r"access", before + low[v.start:v.start + 40]) else "m"
            parts += [f"-{which}{'time' if v.kind == 'days' else 'min'}", f"{sign}{v.text}"]
            strength += 0.3
            break
    for v in ex.values:
        if v.kind == "size":
            before = low[max(0, v.start - 40):v.start]
            sign = "+" if _BIGGER.search(before) else "-" if _SMALLER.search(before) else ""
            size = v.text.lstrip("+-")
            parts += ["-size", f"{sign}{size}"]
            strength += 0.3
            break
    m = re.search(r"\b(?:owned by|belong\w* to|owner(?: is)?|user)\s+[\"']?([\w$.{}-]+)", request, re.I)
    if m and m.group(1).lower() not in ("the", "a", "any", "current", "root's", "of", "to", "and", "is") \
            and not (action is not None and action[0] in ("chown", "chgrp")):
        parts += ["-user", m.group(1)]
    perm = next((v.text for v in ex.values if v.kind == "perm"), None)
    if perm and re.search(r"\bpermissions?\b|\bmode\b", low) and not action:
        parts += ["-perm", perm]
    if action is not None and action[0] == "rm" and not action[1] and "-type" not in parts and RM_TYPE_F \
            and re.search(r"\bfiles\b", low):
        parts += ["-type", "f"]
    cmd = " ".join(parts)
    if action is not None and len(action) == 3:
        cmd = with_action(cmd, action)  # type: ignore[arg-type]
    elif action is not None:
        util, args = action[0], action[1]
        if util == "rm":
            cmd += " | xargs rm" + ("".join(" " + a for a in args if a.startswith("-")))
        else:
            cmd += " -exec " + " ".join([util, *args]) + " {} \\;"
    elif re.search(r"\b(delete|remove)\b", low):
        cmd += " | xargs rm"
    if re.search(r"\b(count|number of|how many)\b", low) and not (action is not None and action[0] == "wc"):
        cmd += " | wc -l"
    return cmd, min(strength, 1.5)


ACTION_UTILS = frozenset("""gzip gunzip bzip2 xz zip chmod chown chgrp rm cp mv grep du wc md5sum sha1sum sha256sum
cat stat file sed touch rmdir dos2unix readlink""".split())


def action_from(template_cmd: str, request: str) -> tuple[str, list[str]] | None:
    """The action part of a retrieved non-find command (utility and its options, values kept)."""
    from .shparse import structure

    uses = structure(template_cmd)
    if not uses or uses[0].utility == "find" or uses[0].utility not in ACTION_UTILS:
        return None
    u = uses[0]
    keep: list[str] = []
    args = u.args
    i = 0
    while i < len(args):
        a = args[i]
        if a.startswith("-"):
            keep.append(a)
        elif u.utility in ("chmod", "chown", "chgrp") and i == 0:
            keep.append(a)  # the mode / owner
        elif u.utility in ("grep",) and not any(not k.startswith("-") for k in keep):
            keep.append(a)  # the pattern
        elif u.utility in ("cp", "mv") and i == len(args) - 1 and len(args) > 1:
            keep = [*keep, "-t", a] if "-t" not in keep else keep
        i += 1
    if u.utility == "rm":
        keep = [k for k in keep if k.startswith("-")]
    return u.utility, keep


_MODE = re.compile(r"(?<![\w.])([0-7]{3,4}|[ugoa]*[+-=][rwxXst]+)(?![\w.])")
_TO_PATH = re.compile(r"\b(?:to|into|in(?:to)? the|under)\s+(?:the\s+)?(?:directory\s+|folder\s+)?"
                      r"[\"'`]?([~/.$][\w./${}~-]*|[\w.-]+/[\w./-]*)", re.I)


def _dest(request: str, ex: Any) -> str | None:
    """The destination of a copy/move: the path after "to"/"into" (else the last path named)."""
    found = list(_TO_PATH.finditer(request))
    if found:
        return found[-1].group(1).rstrip(".,;:")
    paths = [v for v in ex.values if v.kind == "path"]
    return paths[-1].text if len(paths) >= 2 else None


def _pattern_after(request: str, ex: Any, start: int) -> str | None:
    for v in ex.values:
        if v.kind == "quoted" and v.start >= start:
            return v.text
    m = re.match(r"\s*(?:the\s+)?(?:text|word|string|pattern|line)?\s*([\w.@:-]+)", request[start:])
    if m and m.group(1).lower() not in ("a", "an", "the", "text", "word", "string", "pattern", "that", "any"):
        return m.group(1)
    return None


def request_action(request: str, ex: Any) -> tuple[str, list[str], str] | None:
    """What to do with the files found, read from the request's verbs: (utility, args, style).

    style is ``exec`` (``-exec UTIL ARGS {} \\;``, ``{}`` placed where ARGS has it), ``xargs``
    (``-print0 | xargs -0 UTIL ARGS``) or ``pipe`` (``| UTIL ARGS``)."""
    # verbs inside quoted names ("*prefs copy") are not the request's verbs
    low = re.sub(r"\"[^\"]*\"|'[^']*'|`[^`]*`", lambda q: '"' + "_" * (len(q.group(0)) - 2) + '"',
                 request).lower()
    m = re.search(r"\b(?:contain(?:s|ing)?|with|that (?:have|mention|include)|having|mentioning|grep(?: for)?"
                  r"|search(?:ing)? for|match(?:es|ing)?)\s+(?:the\s+|a\s+)?(text|word|string|pattern|regex)?", low)
    if m and re.search(r"\b(?:files?|scripts?|sources?|documents?)\b", low):
        q = next((v for v in ex.values if v.kind == "quoted" and v.start >= m.end() - 1), None)
        pat: str | None = None
        if q is not None and re.fullmatch(r"\s*", low[m.end():q.start]):
            pat = q.text
        elif m.group(1):
            pat = _pattern_after(request, ex, m.end())
        if pat and not re.fullmatch(r"(?:files?|director\w*|folders?|\d+)", pat.lower()) and "*" not in pat:
            return "grep", ["-l", shlex.quote(pat)], "exec"
    if re.search(r"\b(?:change|set|give|make)\b.*\b(?:permissions?|mode)\b|\bchmod\b", low):
        mode = next((v.text for v in ex.values if v.kind == "perm"), None)
        if mode is None:
            mm = _MODE.search(request)
            mode = mm.group(1) if mm else None
        if mode:
            return "chmod", [mode], "exec"
    if re.search(r"\bmake\b.*\bexecutable\b|\bexecutable\b.*\bmake\b", low):
        return "chmod", ["+x"], "exec"
    m = re.search(r"\b(?:change|set)\b.*\b(?:owner(?:ship)?|chown)\b.*?\bto\s+[\"']?([\w.${}-]+(?::[\w.${}-]+)?)", request, re.I)
    if m:
        return "chown", [m.group(1)], "exec"
    m = re.search(r"\b(?:change|set)\b.*\bgroup\b.*?\bto\s+[\"']?([\w.${}-]+)", request, re.I)
    if m:
        return "chgrp", [m.group(1)], "exec"
    if re.search(r"\b(?:decompress|uncompress|gunzip|unzip)\b", low) and re.search(r"\.?gz\b|gzip", low):
        return "gunzip", [], "exec"
    if re.search(r"\b(?:compress|gzip)\b", low):
        return ("bzip2" if "bzip2" in low else "xz" if re.search(r"\bxz\b", low) else "gzip"), [], "exec"
    if re.search(r"\b(?:copy|cp)\b", low):
        d = _dest(request, ex)
        if d:
            return "cp", ["{}", d], "exec"
    if re.search(r"\b(?:move|mv)\b", low):
        d = _dest(request, ex)
        if d:
            return "mv", ["{}", d], "exec"
    if re.search(r"\b(?:delete|remove|rm|clean up|erase|get rid of)\b", low):
        dirs = _DIRS_OBJECT.search(low) is not None
        return "rm", ["-r"] if dirs else [], "xargs"
    if re.search(r"\b(?:md5|md5sum|checksums?)\b", low):
        return "md5sum", [], "exec"
    if re.search(r"\bsha-?256\b", low):
        return "sha256sum", [], "exec"
    if re.search(r"\b(?:count|number of|total)\b.*\blines\b|\blines of code\b", low):
        return "wc", ["-l"], "xargs"
    m = re.search(r"\breplace\s+[\"']?([^\"'\s]+)[\"']?\s+with\s+[\"']?([^\"'\s]+)[\"']?", request, re.I)
    if m:
        return "sed", ["-i", shlex.quote(f"s/{m.group(1)}/{m.group(2)}/g")], "exec"
    if re.search(r"\bdos2unix\b|\bdos\b.*\bunix\b|\bline endings\b", low):
        return "dos2unix", [], "exec"
    if re.search(r"\blong list\w*|\bls -l\b|\bdetails\b|\bwith (?:their )?(?:permissions|attributes|info)", low):
        return "ls", ["-l"], "exec"
    if re.search(r"\b(?:disk usage|sizes?)\b.*\b(?:each|every|all)\b|\b(?:each|every)\b.*\b(?:disk usage|sizes?)\b",
                 low):
        return "du", ["-sh"], "exec"
    if re.search(r"\b(?:contents? of|print (?:their|the) content|concatenate|cat)\b", low):
        return "cat", [], "exec"
    return None


def with_action(cmd: str, action: tuple[str, list[str], str]) -> str:
    util, args, style = action
    if style == "xargs":
        return cmd + " -print0 | xargs -0 " + " ".join([util, *args])
    if style == "pipe":
        return cmd + " | " + " ".join([util, *args])
    if "{}" in args:
        return cmd + " -exec " + " ".join([util, *args]) + " \\;"
    return cmd + " -exec " + " ".join([util, *args]) + " {} \\;"
