"""Compose a ``find`` command from what a request says about the files it wants.

Most requests about files ("all .php files under /var/www modified in the last 2 days, and
gzip them") are one ``find`` with a few tests and maybe an action, a shape no fixed template
list covers in all its combinations. :func:`compose_find` reads the parts from the request:

    where      a path in the request ("under src", "in the 'my docs' directory"), else the current
               directory; -L when it says to follow symlinks
    name       a glob, an extension ("python files", ".py"), a quoted name ("named 'x'", "'build'
               directories"), "X in their names" (*X*); several names -> ( -name A -o -name B );
               left-out names -> -not -name; -path for "pathnames ending in"; -regex for "names
               matching the regex"; hidden files -> -name '.*'
    type       -type f for "regular files", -type d when directories are the object, -type l links;
               none when several kinds are asked for ("files/directories")
    time       -mtime/-mmin/-atime/-ctime (+N for "older than", -N for "in the last"; 24 h -> 1 day)
    size       -size +N / -N ("bigger than 10MB")
    owner      -user X, -group X, -nouser, -perm MODE, executables, -empty
    depth      -maxdepth N ("non-recursive" -> 1), -mindepth N; directories left out -> -not -path
    action     from the request's verbs (request_action): grep -l for "containing 'x'", chmod,
               chown, chgrp, gzip (-k, -9), gunzip, unzip, cp/mv to a destination, rm (xargs; -delete
               for empty entries), md5sum, wc -l, cat | wc -l for total lines, sed -i, dos2unix,
               php -l, dirname, basename, file, touch, ls -l, du, a program to run on each file
    then       post_pipeline: the N largest/smallest (du | sort | head), the newest/oldest
               (-printf | sort | tail/head), sorted, first/last N; "count" adds | wc -l; null
               separated output adds -print0

It returns the command and an intent strength in [0, 1.5] (how clearly the request is a file
search), which the ranker uses as the candidate's retrieval term.
"""

from __future__ import annotations

import re
import shlex
from typing import Any

from ..knowledge.slots import DOWNWARDS, ORDINALS, STOP, ordinal_number
from .cues import IGNORE_CASE, NOT_FILES_REMOVED, TEXT_REMOVED
from .shparse import installed

_DIRS_OBJECT = re.compile(r"\b(?:find|list|count|delete|remove|print|show|search for|get|display|locate|move|copy|"
                          r"compress|archive|how many)(?:s|es|ed|ing)?\s+(?:all\s+|the\s+|every\s+|number\s+of\s+|each\s+of\s+|only\s+|just\s+)*(?:\"[^\"]+\"\s+|'[^']+'\s+|[\w*.$-]+\s+)?(?:empty\s+|sub-?)*"
                          r"(?:director(?:y|ies)|folders?)\b(?!\s*(?:tree|paths?|names?)\b)"
                          r"|(?<!its )(?<!their )(?<!and )(?<!-)\b(?:sub-?)?directories\s+(?:named|called|matching|whose|that|"
                          r"with|older|newer)"
                          # "change the permissions of all directories under site"
                          r"|\b(?:permissions?|mode|owner(?:ship)?|group)\s+(?:of|on|for)\s+(?:all\s+|the\s+|every\s+|each\s+)*"
                          r"(?:sub-?)?(?:director(?:y|ies)|folders?)\b", re.I)
# several kinds of entries at once ("files/directories", "files, folders, symlinks"): no -type
_ANY_TYPE = re.compile(r"\bfiles?\s*(?:/|and|or|,|&)\s*(?:sub-?)?(?:director(?:y|ies)|folders?|dirs?|links?|symlinks?)\b"
                       r"|\b(?:director(?:y|ies)|folders?)\s*(?:/|and|or|,|&)\s*files?\b", re.I)
_LINKS = re.compile(r"\b(?:sym(?:bolic)?\s*links?|symlinks?)\b", re.I)
_REGULAR = re.compile(r"\b(?:regular|normal)(?:\s*/\s*(?:regular|normal))? files?\b|\bfiles only\b|\bonly files\b", re.I)
_FILEWORDS = re.compile(r"\b(files?|director(?:y|ies)|folders?|tree|recursively|subdirector\w*|sub-?folders?|under|named|"
                        r"extensions?|symlinks?|links)\b", re.I)
# what a ranking ranks ("the 5 largest files", "the 3 newest backups"): files, directories, or files by another name
_RANKED_OBJECTS = r"files?|director\w*|folders?|backups?|logs?|archives?|dumps?|snapshots?|reports?"
# files by another name, ranked ("delete all but the 3 newest backups in /backups")
_RANKED_ITEMS = re.compile(r"\b(?:newest|oldest|latest|largest|biggest|smallest)\s+(?:\d+\s+)?(?:backups|logs|archives|dumps|"
                           r"snapshots|reports)\b")
_DIRECTLY_IN = re.compile(r"\bdirectly (?:inside|in|under|within|below)\b"
                          r"|\bimmediate (?:sub-?director(?:y|ies)|sub-?folders?|children|child director(?:y|ies)|entries)\b")
_FINDVERB = re.compile(r"^\s*(?:\(gnu specific\)\s*)?(find|search|locate|look for|list|print|display|show|get|"
                       r"count|delete|remove|how many(?= (?:sub-?)?(?:director|folder)))\b", re.I)
# the request is about a whole tree of files: the strongest sign that `find` is the tool
# "files in D, counting subfolders", "including subdirectories": the search goes down, its object stays files
_WITH_SUBDIRS = re.compile(r"\b(?:counting|including|incl\.?|across|with|plus)\s+(?:all\s+|the\s+|their\s+|its\s+)*"
                           r"sub-?(?:director(?:y|ies)|folders?|dirs?)\b(?!\s+(?:named|called|that|which|whose))")
_RECURSIVE = re.compile(r"\bdirectory tree\b|\bfolder tree\b|\b(?:this|the|whole|entire) tree\b|\band below\b|\band (?:all )?"
                        r"(?:its |their )?sub-?(?:director\w*|folders?)\b|" + _WITH_SUBDIRS.pattern + r"|\brecursive(?:ly)?\b|\b(?:all|every|each) (?:the )?"
                        r"(?:[\w*.\"'-]+ )?(?:files?|director(?:y|ies)|folders?)\b.*\b(?:under|below|beneath)\b")
_NUL = re.compile(r"\bnull(?:[- ]character)?(?:[- ](?:separated|terminated|delimited)| as (?:the )?(?:delimiter|separator))"
                  r"|\bwhite ?space[- ]safe|\bnul-|\b(?:separat|terminat|delimit)\w*(?: [\w/]+){0,3} (?:with|by) "
                  r"(?:a |the )?(?:zero(?:e?s)?|null|nul|zero bytes?)\b"
                  # "handling names with spaces": names read whole, whatever they hold
                  r"|\b(?:handl|cop|deal|work|safe)\w*\b[^.;]{0,25}\b(?:spaces|white ?space|special characters|newlines)\b"
                  r"|\bnames? (?:with|containing) (?:spaces|white ?space)\b", re.I)
# actions that read or rewrite file contents: "-type f" keeps directories out
TYPE_F_ACTIONS = frozenset("sed dos2unix gzip bzip2 xz php cat md5sum sha256sum wc".split())  # grep: measured no better
# "here", "in this folder": the directory's own entries, unless the request goes down ("under here", "tree")
_HERE_ONLY = re.compile(r"(?<!under )(?<!below )\bhere\b|\b(?:in|of|inside) this (?:directory|folder|dir)\b|\btop[- ]level\b|"
                        r"\bwithout recursi\w+|\bnon-?recursive\w*|\bnot recursive\w*")

RECURSIVE_BONUS = 0.4
SINGLE_OBJECT_SCALE = 0.6
# Measured and left out: scaling a bare `find DIR` (no predicate, no recursion asked) by 0.5 so that
# "list all files in the folder" goes to ls: tuning rows -0.130 -> -0.129, but held-out rows 500-1029
# -0.240 -> -0.340 (47 rows moved off find). NL2Bash's listings are mostly `find`.
_DAYSTART = re.compile(r"\byesterday\b|\b(?:start|beginning) of (?:the |to)?day\b|\b00:00\b|\bdaystart\b|\bmidnight\b"
                       r"|\bday ?start\b", re.I)
# the request asks for the list in descending order ("sorted by number of lines, descending", "largest first")
DESCENDING = re.compile(r"\bdescending\b|\breverse\w*\b|\b(?:largest|biggest|highest|most|newest) (?:\w+ )?first\b",
                        re.I)
# ... or in ascending order ("sorted from smallest to largest", "fewest lines first")
ASCENDING = re.compile(r"\bascending\b|\b(?:smallest|lowest|least|fewest|oldest|shortest) (?:\w+ )?(?:first|on top)\b|"
                       r"\b(?:smallest|lowest|least|fewest|shortest) to (?:the )?(?:largest|biggest|highest|most|greatest|"
                       r"longest)\b", re.I)
_OLDER = re.compile(r"\b(older than|more than|at least|over|before|not (?:been )?(?:modified|accessed|assessed|changed|"
                    r"touched|used|updated|opened|read) (?:in|for|within|since))\b", re.I)
_OR_MORE = re.compile(r"\d+\s*(?:[a-z]+\s+)?or\s+(more|longer|older|less|fewer|newer)\b")
# "in the current directory": the place its own words name, as "here" and "in this folder" do (_HERE_ONLY)
_CURRENT_FOLDER = re.compile(r"\b(?:in|from|inside)\s+(?:the\s+current|the\s+present|my\s+current)\s+(?:folder|directory|dir)\b")


# a listing asked in order ("list, in sorted order, the files ...", "sorted alphabetically"): its lines through sort
SORTED_LIST = re.compile(r"\b(sort(?:ed|s)?|in (?:alphabetical|reverse|numeric\w*|sorted) order|alphabetically)\b", re.I)


def says_here(request: str) -> bool:
    """The request names this folder by "here" or "this folder" (not "the current directory", which NL2Bash-style
    requests say of a whole tree) and says nothing of going down into it."""
    low = request.lower()
    return bool(_HERE_ONLY.search(low)) and _stays_in(low)


def _stays_in(low: str) -> bool:
    """The lower-cased request says nothing of going down into the folder (recursively, under, the tree...)."""
    return not _RECURSIVE.search(low) and not DOWNWARDS.search(low)


def here_only(request: str) -> bool:
    """The request keeps to the one folder it names by "in this folder", "in the current directory", "here": a
    removal that says so removes nothing in its subfolders ("delete all .tmp files in this folder": rm *.tmp, or find
    -maxdepth 1, never find . -name '*.tmp' -delete)."""
    low = request.lower()
    return bool(_HERE_ONLY.search(low) or _CURRENT_FOLDER.search(low)) and _stays_in(low)


# a request that leads with removing (the generator's removal checks read it too)
REMOVAL_ASKED = re.compile(r"^\W*(?:please\s+)?(?:delete|remove|erase|rm|wipe|clean\s+(?:up|out)|purge|get\s+rid\s+of|truncate|"
                           r"empty|clear(?:\s+out)?)\b", re.I)
# a file whose modification time is the bound: "changed after config.yaml", "newer than build/stamp"
_NEWER_THAN_FILE = re.compile(r"\b(?:(?:modified|changed|updated|touched|written|edited)\s+(?:more\s+recently\s+than|later\s+than|"
                              r"after|since)|newer\s+than|more\s+recent\s+than)\s+(?:the\s+file\s+)?[\"'`]?"
                              r"((?:[\w.~-]*/)*[\w-][\w.-]*\.\w+|(?:[\w.~-]*/)+[\w.-]+)(?=[\"'`]?(?:[\s?.,!;]|$))", re.I)
_NEWER = re.compile(r"\b(in the (?:last|past)|within|less than|newer than|recent(?:ly)?|since|last|past)\b", re.I)
_BIGGER = re.compile(r"\b(bigger|larger|greater|more|over|above|exceed\w*|at least)\b", re.I)
_SMALLER = re.compile(r"\b(smaller|less|under|below|at most)\b", re.I)


# "having foo in their names", "whose name contains 'foo'", "with foo in the name"
_SPACE_IN_NAME = re.compile(r"\b(?:names?|files?|director(?:y|ies)|folders?)\b[^.;]{0,30}\b(?:contain\w*|with|having|includ\w*|"
                            r"that have)\s+(?:a\s+|any\s+|one or more\s+)?(?:spaces?|white ?spaces?|blanks?)\b", re.I)
_IN_NAME = re.compile(r"\b(?:having|with|contain(?:s|ing)?|that (?:have|contain))\s+(?:the\s+(?:string|word|text)\s+)?"
                      r"(?:\"([^\"]+)\"|'([^']+)'|`([^`']+)'|([\w.$-]+))(?:\s*\([^)]*\))?\s+(?:somewhere\s+|anywhere\s+)?in\s+"
                      r"(?:their|its|the(?:ir)?)\s+"
                      r"(?:file\s*)?names?\b"
                      r"|\bnames?\s+(?:contain(?:s|ing)?|includ(?:es|ing))\s+(?:the\s+(?:string|word|text)\s+)?"
                      r"(?:\"([^\"]+)\"|'([^']+)'|([\w.$-]+))", re.I)


_IGNORE_CASE = re.compile(IGNORE_CASE, re.I)


def _name_pattern(request: str, ex: Any) -> tuple[str | None, bool]:
    ci = bool(_IGNORE_CASE.search(request) or re.search(r"\bany case\b", request, re.I))
    negated = _negated_values(request, ex)
    if _SPACE_IN_NAME.search(request) and not _NUL.search(request):
        # "file names containing a space": no name with an "a" in it (but "handling names with spaces" is how the
        # names are read, not which ones)
        return "* *", ci
    m = _IN_NAME.search(request)
    if m:
        return f"*{next(g for g in m.groups() if g)}*", ci
    m = re.search(r"\b(?:start|begin)\w*\s+with\s+[\"'`]?([^\"'`\s]+)[\"'`]?\s+and\s+(?:end|finish)\w*\s+with\s+"
                  r"[\"'`]?([^\"'`\s]+)[\"'`]?", request, re.I)
    if m:
        return f"{m.group(1)}*{m.group(2)}", ci
    for v in ex.values:
        if v.kind == "glob" and v.start not in negated:
            return v.text, ci
    for v in ex.values:
        if v.kind == "quoted" and v.start not in negated:
            before = request[max(0, v.start - 40):v.start].lower()
            t = v.text
            if "/" in t and not t.startswith("*") and not (
                    "*" in t and re.search(r"(?:match\w*|pattern)\s*$", before.strip())):
                continue
            if re.search(r"\b(?:director(?:y|ies)|folders?|tree|under|below|beneath)\s*$", before):
                continue  # "search directory tree 'MyApp.app' for ...": where to search, not a name
            if re.search(r"\bextension\s*$", before) and re.fullmatch(r"\.?\w{1,8}", t):
                return f"*.{t.lstrip('.')}", ci  # filename extension "jpg"
            after = request[v.start + len(t) + 2:v.start + len(t) + 30].lower()
            if re.search(r"(named|called|name|matching|match|like|pattern|ending|ends? with|end in|begin\w*|start\w*)"
                         r"\s*(with\s*|in\s*|is\s*|are\s*)?$", before.strip()) or "*" in t or re.fullmatch(r"[\w.-]*\.\w{1,5}", t) \
                    or re.match(r"\s*(?:files?|directories|folders)\b", after):
                if re.fullmatch(r"\.\w{1,5}", t) and not re.search(r"(?:named|called)\s*$", before.strip()):
                    t = "*" + t  # ".txt" files, but a directory called ".svn"
                if re.search(r"ending|ends? with|ends? in", before) and "*" not in t:
                    t = "*" + t
                elif re.search(r"begin|start", before) and "*" not in t:
                    t = t + "*"
                return t, ci
    for v in ex.values:
        if v.kind == "ext" and v.start not in negated:
            return f"*.{v.text}", ci
    for v in ex.values:
        if v.kind == "var" and re.search(r"\b(?:named|called|name(?: pattern)?|matching)\s+[\"'`]?$", request[:v.start]):
            return v.text, ci
    for v in ex.values:
        if v.kind == "filename" and v.start not in negated and (
                re.search(r"(named|called|file|every|all|each|any)\s+(?:exactly\s+)?\"?$", request[:v.start].lower().strip() + " ")
                or re.fullmatch(r"\W*(?:please\s+)?(?:find|locate)\s+(?:the\s+)?[\"']?", request[:v.start].lower())
                or re.match(r"[\"']?\s+files?\b", request[v.start + len(v.text):])):
            return v.text, ci
    # "files whose names start with readme": a bare word a name starts (readme*) or ends (*_test) with
    m = re.search(r"\b(?:names?|files?)\s+(?:that\s+|which\s+)?(start|begin|end)\w*\s+(?:with|in)\s+"
                  r"(?:the\s+(?:prefix|suffix|string|word|letters?)\s+)?([A-Za-z0-9_][\w.-]*)(?![\w*/-])"
                  r"(?!\s+(?:[\w-]+\s+)?(?:letters?|alphabets?|digits?|numbers?|characters?|chars?|words?)\b)", request, re.I)
    if m and m.group(2).lower() not in _NOT_NAMED | _CHARACTER_CLASSES and not _negated(request, m.start(2)):
        return (f"*{m.group(2)}" if m.group(1).lower() == "end" else f"{m.group(2)}*"), ci
    # "find all directories named cache": a bare name, as written
    m = re.search(r"\b(?:named|called|with\s+the\s+name|whose\s+name\s+is)\s+(?:exactly\s+)?([A-Za-z_][\w-]*)(?![\w.*/-])",
                  request)
    if m and m.group(1).lower() not in _NOT_NAMED and not _negated(request, m.start(1)):
        return m.group(1), ci
    return None, ci


# what a name starts or ends with when it is a kind of character, not a text ("starting with a capital letter")
_CHARACTER_CLASSES = frozenset("capital uppercase lowercase upper lower digit number letter vowel consonant dot "
                               "underscore dash hyphen space alphabet".split())
_NOT_NAMED = STOP | frozenset("some them like after as something anything whatever same differently exactly".split())
# the words that leave something out ("excluding", "except", "skipping"...): the find composer's and the ranker's
LEAVING_OUT = r"exclud\w*|except|skip\w*|ignor\w*|other than|leav\w* out|omit\w*"
_NEG = re.compile(rf"(?:\b(?:{LEAVING_OUT}|except for|not|but(?: not)?|without|apart from|besides|save for)"
                  r"|n't)\s+(?:(?:the\s+|all\s+|any\s+)?(?:[a-z]+\s+(?=files?\b))?(?:files?\s+)?"
                  r"(?:named\s+|called\s+|matching\s+|with\s+|like\s+)?"
                  # "excluding backup files *~, *.orig": the list's items the value reader does not take (*~) come first
                  r"(?:[^\s,]*[*?~][^\s,]*\s*,?\s*(?:and\s+|or\s+)?)*"
                  # "except those ending with .bak", "excluding names ending with 'foo'", "whose names don't end in .txt"
                  # ("excluding all object files ending in .o")
                  r"|(?:(?:all\s+|the\s+|any\s+)?(?:[a-z]+\s+(?=files?\b))?"
                  r"(?:those|the ones|ones|names?|files?|anything|everything)\s+)?(?:(?:that|which)\s+)?"
                  r"(?:end|start|begin|match)\w*\s+(?:with\s+|in\s+)?(?:an?\s+|the\s+)?(?:extension\s+|suffix\s+|prefix\s+)?)"
                  r"[\"'`]?$", re.I)


def _regex_pattern(request: str, ex: Any) -> str | None:
    """The pattern of "matching the regex '...'" / "regular expression X" (quoted, or one word)."""
    m = re.search(r"\b(?:regex|regexp|regular expression)\b", request, re.I)
    if not m or not re.search(r"\b(?:their|its|the) (?:file ?|path ?)?names?\b|\bnames? match|\bpaths? match",
                              request[max(0, m.start() - 30):m.end() + 80], re.I) or \
            re.search(r"\bperl\b|\blines?\b|\bcontents?\b", request[max(0, m.start() - 30):m.start()], re.I):
        return None  # a pattern for what the files contain is grep's, not find's
    q = next((v for v in ex.values if v.kind == "quoted" and m.end() <= v.start <= m.end() + 6), None)
    if q is not None:
        return q.text
    w = re.match(r"\s+(\S+)", request[m.end():])
    if w and not re.fullmatch(r"(?:in|on|of|for|and|that|which|the|a)", w.group(1), re.I):
        return w.group(1).rstrip(",;")
    return None


def _name_opt(low: str, ci: bool) -> str:
    """-name, or -path when the pattern is about the whole path ("whose pathnames end in ...")."""
    path = re.search(r"\bpath ?names? (?:that )?(?:end|match|contain|like|begin|start)\w*"
                     r"|\bpattern\s+\S+\s+in (?:their|its) paths?\b|\bpaths? (?:that )?(?:start|begin)\w* with"
                     r"|\bmatch(?:es|ing)?\s+\S+\s+in (?:their|its) paths?\b", low)
    return ("-ipath" if ci else "-path") if path else ("-iname" if ci else "-name")


def _negated(request: str, start: int) -> bool:
    """The value at ``start`` is what the request wants left out ("excluding *.png files")."""
    return bool(_NEG.search(request[max(0, start - 45):start]))


_OR_NAMED = re.compile(r"\bor\s+(?:with\s+|having\s+)?(?:the\s+)?(?:file\s*)?(?:name[sd]?|called)\s+[\"'`]?$", re.I)


# the next item of a list ("except *.png and *.class", "not like *.itp, *ane.gro, *.top"): what the gap between two
# values says when the second belongs to the first one's list
_LIST_GAP = re.compile(r"^[\"'`]?\s*(?:,\s*(?:and\s+|or\s+|nor\s+)?|and\s+|or\s+|nor\s+|&\s*)(?:the\s+)?(?:files?\s+)?[\"'`]?\*?$",
                       re.I)


def _negated_values(request: str, ex: Any) -> set[int]:
    """The starts of the values the request leaves out: those after a negation, and the rest of its list ("delete all
    files except .txt and .md files": both kept)."""
    out: set[int] = set()
    prev: tuple[int, int, str] | None = None  # (start, end, kind) of the value before, by position
    for v in sorted(ex.values, key=lambda v: v.start):
        if prev is not None and (v.start == prev[0] or v.start < prev[1]):
            continue  # *.png is a glob and an ext at one place; the .py of test_*.py is no name of its own
        gap = request[prev[1]:v.start] if prev is not None else ""
        if _negated(request, v.start) or prev is not None and prev[0] in out and (
                _LIST_GAP.match(gap) or not gap.strip() and {prev[2], v.kind} <= {"ext", "glob"}):  # ".jpg .jpeg"
            out.add(v.start)
        j = request.find(v.text, v.start, v.start + len(v.text) + 2)  # ".jpg" starts at its dot, "x" at its quote
        end = j + len(v.text) if j >= 0 else v.start + len(v.text)
        while request[end:end + 1].isalnum():
            end += 1  # "pdfs": the word the format was read from
        if request[end:end + 1] in "\"'`" and request[end:end + 1]:
            end += 1
        prev = (v.start, end, v.kind)
    return out


def _names(request: str, ex: Any, kinds: tuple[str, ...] = ("glob", "ext")) -> tuple[list[str], list[str]]:
    """All name patterns of the request: (wanted, excluded), globs first, extensions as *.ext."""
    want: list[str] = []
    skip: list[str] = []
    negated = _negated_values(request, ex)
    for v in ex.values:
        if v.kind == "filename" and want and _OR_NAMED.search(request[:v.start]):
            want.append(v.text)  # "end with .o or with the name a.out": one more alternative
            continue
        if v.kind == "filename" and v.start in negated:
            skip.append(("*" if request[v.start - 1:v.start] == "*" else "") + v.text)  # "delete everything except config.yaml": a name kept
            continue
        if v.kind == "quoted" and "*" not in v.text and v.start in negated:
            # "excluding names ending with 'foo'": *foo, "not starting with 'tmp'": tmp*
            before = request[max(0, v.start - 45):v.start].lower()
            end = re.search(r"\bend\w*\s+(?:with|in)\s+\W?$", before)
            start = re.search(r"\b(?:start|begin)\w*\s+with\s+\W?$", before)
            if not (end or start) and not _negated(request, v.start):
                # the next of a list ('do not end in ".exe" and ".dll"'): the way the list's first one is matched
                clause = request[max(0, v.start - 80):v.start].lower()
                side = re.findall(r"\b(end|start|begin)\w*\s+(?:with|in)\b", clause)
                end, start = bool(side and side[-1] == "end"), bool(side and side[-1] != "end")
            if end or start:
                skip.append(f"*{v.text}" if end else f"{v.text}*")
            continue
        if v.kind not in kinds:
            continue
        pat = v.text if v.kind == "glob" else f"*.{v.text}"
        (skip if v.start in negated else want).append(pat)
    globs = [w for w in want if not w.startswith("*.") or "*" in w[2:]]
    want = [w for w in want if not (w.startswith("*.") and any(g != w and g.endswith(w[1:]) for g in globs))]
    return list(dict.fromkeys(want)), list(dict.fromkeys(skip))


_EXCL_DIR = re.compile(r"\b(?:exclud\w*|except(?: for)?|skip\w*|ignor\w*|not in|other than|outside(?: of)?|but not in)"
                       r"\s+(?:search(?:ing)?\s+(?:in\s+)?)?(?:the\s+)?(?:(?:sub-?)?director(?:y|ies)|folders?|dirs?|paths?)\s+[\"'`]?([\w./${}-]+)[\"'`]?"
                       r"|\b(?:exclud\w*|except(?: for)?|skip\w*|ignor\w*)\s+(?:the\s+)?[\"'`]?([\w./${}-]+)[\"'`]?\s+"
                       r"(?:(?:sub-?)?director(?:y|ies)|folders?|dirs?)\b", re.I)


# "under src", "below build/": a bare word after a place preposition (checked against _NOT_WHERE)
_UNDER_WORD = re.compile(r"\b(?:under|below|beneath|within|inside)\s+(?:the\s+)?(?:director(?:y|ies)\s+|folders?\s+)?"
                         r"([A-Za-z_][\w.-]*/?)(?=[\s,.;]|:(?!//)|$)")  # "under http://host/pub/" is a URL
_IN_WORD_LAST = re.compile(r"\b(?:in|under|inside|within)\s+(?:the\s+|my\s+)?([A-Za-z_][\w-]*/?)"
                           r"(?:\s+(?:folder|directory|dir))?\s*[.?!]?\s*$")
# "the files in downloads except ...", "files in build older than 3 days": a bare word between the files and a test
_FILES_IN_WORD = re.compile(r"\b(?:files|director(?:y|ies)|folders|everything|entries)\s+(?:in|inside|within)\s+"
                            r"(?:the\s+|my\s+)?([A-Za-z_][\w-]*/?)(?=\s*(?:,|;|except\b|but\b|other\s+than\b|that\b|"
                            r"which\b|older\b|newer\b|larger\b|smaller\b|bigger\b|modified\b|changed\b|not\b|"
                            r"without\b|whose\b|named\b|ending\b|starting\b|over\b|under\b|$))", re.I)
# words after "in" that name no place ("in parallel", "in bulk", "in the index", "in json"): for the find composer's
# place and the removal check's (generator._removal_places)
NOT_PLACES = frozenset("""place order bulk parallel background them there here one go git history index list
archive disk system memory ram use the it turn total present repo repository project workspace computer machine drive
filename name names size reverse detail details lowercase uppercase time seconds minutes hours days weeks months years
bytes kilobytes megabytes gigabytes kb mb gb human readable sequence alphabetical descending ascending""".split())


_NOT_WHERE = frozenset("""the a an all any each every this that these those it them current present working home
my your our their its root entire whole system file files directory directories folder folders tree path
given specified same other some which where there here and or with without one two level levels depth
maximum minimum max min last first past next previous""".split())


# "which path does not contain ./node_modules/* nor ./vendor/*", "excluding search in the paths ./foo, ./bar"
_EXCL_BEFORE = re.compile(r"(?:\bexclud\w*|\bexcept(?: for)?|\bignor\w*|\bskip\w*|\bneither|\bnor|\bother than"
                          r"|\boutside(?: of)?|\bbut not(?: in)?|\bnot in"
                          r"|\b(?:paths?|names?)\s+(?:names?\s+)?(?:does|do)(?: not|n't) contain\w*)\s+"
                          r"(?:(?:those\s+)?(?:search(?:ing)?\s+)?in\s+)?(?:the\s+)?"
                          r"(?:(?:sub-?)?director(?:y|ies)|folders?|dirs?|paths?)?\s*[\"'`]?\.?$", re.I)


def excluded_before(request: str, start: int) -> bool:
    """The place at ``start`` is one the request leaves out ("except in vendor", "not in /tmp")."""
    return bool(_EXCL_BEFORE.search(request[max(0, start - 50):start]))


def excluded_paths(request: str, ex: Any) -> list[Any]:
    """Paths the request keeps out of the search (a path listed after one of them is out too)."""
    out: list[Any] = []
    for v in ex.values:
        if v.kind not in ("path", "quoted") or (v.kind == "quoted" and " " in v.text):
            continue
        last = request.find(out[-1].text, out[-1].start) + len(out[-1].text) if out else -1
        if excluded_before(request, v.start) or (out and re.fullmatch(r"[\"'`]?\s*(?:,|and|or|nor)\s*(?:and\s+)?[\"'`]?\.?",
                                                               request[last:v.start])):
            out.append(v)
    return out


_DESTINATION = re.compile(r"\b(?:to|into|onto)\s+(?:the\s+|a\s+)?(?:(?:file|folder|directory|dir)\s+)?[\"'`]?$", re.I)




def _where(request: str, ex: Any, excluded: list[Any]) -> str:
    """Where the find searches from; never one of the ``excluded`` paths (excluded_paths)."""
    from ..knowledge.slots import SEARCHED_TEXT, search_roots

    out = {id(v) for v in excluded}
    for v in search_roots(ex, fresh=True):
        return v.text
    for v in ex.values:  # not where the results go ("append their names to /tmp/allfiles", "move them into /tmp/x")
        if v.kind == "path" and id(v) not in out and not _DESTINATION.search(request[max(0, v.start - 40):v.start]):
            return v.text
    for v in ex.values:
        if id(v) in out:
            continue
        if v.kind == "quoted" and " " not in v.text and "://" not in v.text and ("/" in v.text or v.text.startswith("$")) \
                and not \
                SEARCHED_TEXT.search(request[max(0, v.start - 30):v.start]):  # not 'containing string "#!/bin/ksh"'
            return v.text
        if v.kind == "quoted" and (" " not in v.text or re.match(r"\W?\s+(?:director(?:y|ies)|folder)\b(?!\s+named)",
                                                                   request[v.start + len(v.text) + 1:])):
            before = request[max(0, v.start - 30):v.start].lower()
            if re.search(r"(?:(?:director(?:y|ies)|folder|under|(?<!end )(?<!ends )(?<!ending )in|from)\s*(?:tree)?"
                         r"|(?:under|in|from|into)\s+(?:the\s+|a\s+)?(?:director(?:y|ies)|folder)\s+(?:named|called))\s*$",
                         before.strip()):
                return v.text
    m = _UNDER_WORD.search(request)
    if m and m.group(1).lower() not in _NOT_WHERE and not re.match(r"\s*(?:files?|director\w*|folders?|tree)?\s*"
                                                                    r"(?:files|[\w-]+ files)\b", request[m.end():]):
        return m.group(1)
    m = _IN_WORD_LAST.search(request)
    if m and "." not in m.group(1) and _bare_place(m.group(1)):
        return m.group(1)  # "find files modified in the last 7 days in src": the place the request ends on
    m = _FILES_IN_WORD.search(request)
    if m and _bare_place(m.group(1)):
        return m.group(1)  # "delete all regular files in downloads except the .pdf ones": the place, then a test
    if re.search(r"\b(entire|whole) (file ?system|system)\b|\bsystem[- ]wide\b|\bon the system\b|\b(?:in|from) the file ?system\b"
                 r"|\b(?:on|in) (?:this|the|my) (?:machine|computer|box|server)\b|\banywhere\b", request, re.I):
        return "/"
    for v in ex.values:
        if v.kind == "herepath":
            return v.text
    if re.search(r"\bhome (dir|directory|folder)\b|\bmy home\b|\bin (?:the )?home\b", request, re.I):
        return "~"
    return "."


def _bare_place(word: str) -> bool:
    """A bare word after "in" names a folder: not a word that names none ("in parallel", "in the index"), nor the
    subfolders ("everything in sub-directories") or "another" one."""
    return word.lower() not in _NOT_WHERE | NOT_PLACES and \
        not re.match(r"(?:sub-?\s?)?(?:director|folder|dir)|another\b", word, re.I)


def quote_path(value: str) -> str:
    from ..knowledge.slots import expanding

    if value == "~" or value.startswith("~/"):
        return value
    return expanding(value) or (f'"{value}"' if value.startswith("$") else shlex.quote(value))


RM_TYPE_F = True  # "delete all files ..." -> find ... -type f (rm fails on directories)


# links the find follows, or makes to the files it finds, are not the entries searched for
_NOT_SEARCHED_LINKS = re.compile(r"\bfollow\w* (?:the |all )?sym(?:bolic )?links?|"
                                 r"\b(?:create|make)s?\s+(?:sym(?:bolic)?\s*|soft\s+|hard\s+)?links?\b")


def searched_text(action: tuple[Any, ...] | None) -> str | None:
    """The text a grep action looks for inside the files (as grep takes it, quoted), else None."""
    return action[1][-1] if action is not None and action[0] == "grep" else None


# words after "owned by"/"belong to" that are not a user name ("belong to the users with ids...", "a specific user")
_NOT_USER = frozenset("""the a any current root's of to and is group no users specific some certain given
under in on at from with within below inside that which who whose or for only has have can read write execute
exec execution permission permissions id ids id's""".split())  # "for user under ..."


# a request that searches for what it names (a search verb, "all"/"every", or a word that goes down: slots.DOWNWARDS);
# without one, "the NAME file" is that one file
_SEARCHES = re.compile(r"\b(?:find\w*|search\w*|locate|look\w* for|within|wherever|anywhere|(?:all|every|each|any)\b"
                       # ("each line of the file sorted.txt" is no search for files)
                       r"(?!\s+(?:of\s+the\s+)?(?:lines?|words?|columns?|fields?|rows?|characters?|chars?|times?|"
                       r"occurrences?|values?|entr(?:y|ies))\b))\b")


def names_one_file(request: str, ex: Any) -> bool:
    """The request names one file, here ("show detailed info about the file config.yaml"): nothing to search for."""
    return _one_file(request.lower(), _name_pattern(request, ex)[0])


def _one_file(low: str, pat: str | None) -> bool:
    return bool(pat) and not _SEARCHES.search(low) and not DOWNWARDS.search(low) and not re.search(r"[*?\[]", pat) \
        and re.search(r"\bthe\s+(?:(?:[\w-]+\s+){0,3}?file\s+)?[\"'`]?" + re.escape(pat.lower()) + r"[\"'`]?(?!\S)", low) \
        is not None  # ("the already sorted file sorted.txt")


def names_its_root(find_cmd: str) -> bool:
    """``find X ... -name X``: the place searched and the name looked for are one thing ("rm the node_modules dir"
    read as a search of node_modules for node_modules), so the request names one entry, not a search."""
    m = re.match(r"find\s+(?:-[HLP]\s+)?(\S+).*?\s-i?name\s+(\S+)", find_cmd)
    return bool(m) and _one_entry(m.group(1), m.group(2))


def _one_entry(root: str, name: str) -> bool:
    """The root of a search and the name it looks for are the same entry (no pattern, not "." or "/")."""
    root, name = root.strip("'\"").rstrip("/"), name.strip("'\"")
    return root not in (".", "~", "/") and root == name and not re.search(r"[*?\[]", name)


def age_sign(low: str, start: int) -> str:
    """The sign of find's age test for the number of days or minutes at ``start`` of the lower-cased request: "+"
    for more than ("older than 30 days", "not accessed in over 180 days"), "-" for less ("in the last 7 days"), ""
    for exactly."""
    before = low[max(0, start - 60):start]
    sign = "+" if _OLDER.search(before) else "-" if _NEWER.search(before) else ""
    more = _OR_MORE.match(low, start)  # "modified 60 days or more ago", "60 or more minutes"
    if more:
        sign = "+" if more.group(1) in ("more", "longer", "older") else "-"
    if not sign and low[start:start + 12].startswith(("today", "last ", "past ", "this ")):
        sign = "-"  # "changed today" is the last 24 h (-mtime -1), not 24-48 h ago (-mtime 1)
    return sign


_EMPTIES_THEM = re.compile(r"^\W*(?:please\s+)?empty\s+(?:out\s+)?(?:all|every|each|the|my|these|those)\b(?!.*\bempty\b)")


# the special mode bits a search names ("setuid files", "SGID binaries", "directories with the sticky bit")
_SPECIAL_BITS = ((4, r"\bset-?uid\b|\bsuid\b|\bset[- ]user[- ]id\b"), (2, r"\bset-?gid\b|\bsgid\b|\bset[- ]group[- ]id\b"),
                 (1, r"\bsticky\b"))


def compose_find(request: str, ex: Any, action: tuple[Any, ...] | None = None,
                 searched: str | None = None) -> tuple[str, float]:
    """(find command, intent strength) for ``request``; ('', 0) when it is not about files.

    ``searched`` is the text the request looks for inside the files (quoted as grep takes it, the grep action's
    by default): never their name."""
    if searched is None:
        searched = searched_text(action)
    low = request.lower()
    words = len(_FILEWORDS.findall(low))
    verb = _FINDVERB.match(low)
    if words == 0 and not re.search(r"\bfind\b", low) and not _RANKED_ITEMS.search(low):
        return "", 0.0
    if any(v.kind == "url" for v in ex.values) and not re.search(r"\bfind\b", low):
        return "", 0.0  # "download everything under http://host/pub/ recursively": the web's files, not this tree's
    excluded = excluded_paths(request, ex)
    where = _where(request, ex, excluded)
    if action is not None and (where == action[0] or where in action[1]):
        # the path is the program to run or the destination, not where to search
        used = {action[0], *action[1]}
        others = [v.text for v in ex.values if v.kind == "path" and v.text not in used]
        others += [v.text for v in ex.values if v.kind == "quoted" and v.text.startswith("$") and v.text not in used]
        where = others[0] if others else "."
    newer = _NEWER_THAN_FILE.search(request)
    if newer and where == newer.group(1):  # "files newer than build/stamp in src": the bound, not the place
        others = [v.text for v in ex.values if v.kind == "path" and v.text != where]
        where = others[0] if others else "."
    pat0, _ = _name_pattern(request, ex)
    if pat0 and where not in (".", "~", "/") and where in pat0 and (
            pat0 != where or re.search(r"\bmatch\w*\s+(?:the\s+)?(?:pattern\s+)?[\"'`]?" + re.escape(where), request)):
        # "paths starting with './sr'", "whose path names match pattern './sr*sc'": the value is part of the
        # pattern, not the place
        where = "."
    target = re.search(r"\b(hard |sym(?:bolic)? )?links? (?:to|pointing (?:to|at)) (?:the )?(?:file )?[\"'`]?([\w./~${}-]+)",
                       request, re.I)
    if target and target.group(2).lower() not in _NOT_WHERE and (where == target.group(2) or where == "."):
        # "find all links to path/to/file": entries that are the same file (-L: symlinks resolved too)
        hard = bool(target.group(1)) and target.group(1).lower().startswith("hard")
        base = "/" if re.search(r"\b(entire|whole) (file ?system|system)\b|\bon the system\b", request, re.I) else "."
        return f"find {'' if hard else '-L '}{base} -samefile {quote_path(target.group(2))}", 1.2
    parts = ["find", quote_path(where) if where.startswith("$") or re.search(r"[^\w/.~${}*-]", where) else where]
    strength = 0.2 * min(words, 3) + (0.3 if verb else 0.0) + (0.4 if re.search(r"\bfind\b", low) else 0.0)
    if _RECURSIVE.search(low) and re.search(r"\b(?:files|director(?:y tree|ies)|folders|sub-?\w+)\b", low):
        strength += RECURSIVE_BONUS
    if not verb and not re.search(r"\b(all|each|every|recursive\w*)\b", low):
        strength *= 0.5
    m = re.search(r"max(?:imum)?\s+(\d+|one|two|three|four|five)\s+levels?|(\d+|one|two|three|four|five)\s+levels?\s+deep"
                  r"|depth\s+(?:of\s+)?(\d+)", low)
    if m:
        parts += ["-maxdepth", _as_number(next(g for g in m.groups() if g))]
    elif re.search(r"non-?recursive|not recursive|without (?:descending|recursing|recursion)(?! into (?:other|different|"
                   r"another|other mounted) (?:file ?systems?|mounts?|partitions?|devices?))|only in the current "
                   r"directory|in the current directory only|(?:do not|don't|not) (?:search|look|descend|go|recurse)"
                   r"\w* (?:in|into) (?:the |any )?sub-? ?(?:folders?|director\w*|dirs?)"
                   r"|\bnot (?:in|into|from) (?:its|it's|it is|their|any) sub-? ?(?:folders|director(?:ies|y tree)|dirs)\b"
                   r"(?!\s*[\"'`]|\s+(?:named|called)\b)", low) or _DIRECTLY_IN.search(low) or \
            REMOVAL_ASKED.match(low) and here_only(request):
        parts += ["-maxdepth", "1"]  # ("delete all the log files in the current folder": none in its subfolders)
    if re.search(r"\b(?:other|different|another) (?:mounted )?(?:file ?systems?|mounts?|partitions?|devices?)\b|"
                 r"\b(?:same|one|this) (?:file ?system|partition)\b|\bdon'?t cross\b", low):
        parts.append("-xdev")  # "without descending into other filesystems"
    m = re.search(r"min(?:imum)?\s+(\d+)\s+levels?|at least (\d+)\s+levels?\s+(?:deep|down)", low)
    if m:
        parts += ["-mindepth", next(g for g in m.groups() if g)]
    if re.search(r"\bfollow(?:ing|s)? (?:the |all )?sym(?:bolic )?links?\b|\bdereferenc\w* (?:sym)?links?", low):
        parts.insert(1, "-L")
    pat, ci = _name_pattern(request, ex)
    if newer:  # "files modified more recently than config.yaml": -newer config.yaml, no search for config.yaml
        if pat is not None and pat.strip("'\"") == newer.group(1):
            pat = None
        parts += ["-newer", quote_path(newer.group(1))]
        strength += 0.6  # (a question as well: "which files here were modified more recently than config.yaml?")
    if pat and _one_entry(where, pat):
        return "", 0.0  # "rm the node_modules dir" names one entry: nothing to search
    if _one_file(low, pat):
        return "", 0.0  # "remove the .bashrc file" names one file, here: no search of the tree for every .bashrc
    if pat and pat == where:  # "paths like '*/*config'": the pattern is what is looked for, here
        parts[2 if parts[1] == "-L" else 1] = where = "."
    if searched is not None and not re.search(r"\bnames?\b[^.,;]{0,30}\bcase\b|\binsensitive\w* names?\b", low):
        ci = False  # "search the .c files for "x", ignoring the case": grep -i, not -iname
    if pat and searched is not None and shlex.quote(pat) == searched:
        # the text searched for inside the files, not their name ("the .js files under app that contain
        # "console.log"": their name is the other one, *.js)
        pat = next((w for w in _names(request, ex)[0] if shlex.quote(w) != searched), None)
    if _ANY_TYPE.search(low):
        pass
    elif _LINKS.search(_NOT_SEARCHED_LINKS.sub("", low)):
        # a broken link: -type l follows none, so -xtype l is a link whose target is missing
        parts += ["-xtype" if re.search(r"\b(?:broken|dangling|dead|orphan\w*)\s+(?:sym(?:bolic)?\s*)?links?", low)
                  else "-type", "l"]
    elif _DIRS_OBJECT.search(_WITH_SUBDIRS.sub("", low)):
        parts += ["-type", "d"]
        if "-maxdepth" in parts and "-mindepth" not in parts and _DIRECTLY_IN.search(low):
            # "how many subfolders are directly inside ~/projects": the ones in it, not the place itself
            parts[parts.index("-maxdepth"):parts.index("-maxdepth")] = ["-mindepth", "1"]
    elif _REGULAR.search(low):
        parts += ["-type", "f"]
    if re.search(r"\bempty\b", low) and not _EMPTIES_THEM.match(low):
        parts.append("-empty")  # ("empty all .log files in /tmp" empties them: truncate)
    elif re.search(r"(?<!\bto )\bzero[- ]?(?:bytes?|size[ds]?|length)\b", low):  # (not "truncate to zero length")
        parts += ["-size", "0"]  # "zero-byte files"
    want, skip = _names(request, ex)
    rx = _regex_pattern(request, ex)
    if rx is not None:
        if re.search(r"posix-?egrep|extended regex|\begrep\b", low):
            parts += ["-regextype", "posix-egrep"]
        parts += ["-iregex" if ci else "-regex", quote_path(rx)]
        strength += 0.3
        want, pat = [], None
    if re.search(r"\bhidden (?:files?|director\w*|folders?|entries)\b|\bdot ?files\b", low) and not pat and not want:
        if re.search(r"\b(?:exclud\w*|except|without|not|ignor\w*|skip\w*)\b[^.]{0,20}\bhidden\b", low):
            parts += ["-not", "-path", "'*/.*'"]
        else:
            parts += ["-name", "'.*'"]
    if len(want) >= 2 and re.search(r"\b(?:both|all) (?:the |of the )?(?:[\w-]+ ){0,2}patterns\b", low):
        for w in want[:4]:  # "matching both patterns A and B": every test must hold
            parts += [_name_opt(low, ci), quote_path(w)]
        strength += 0.3
    elif len(want) >= 2:
        opt = _name_opt(low, ci)
        group = ["\\("]
        for i, w in enumerate(want[:4]):
            group += (["-o"] if i else []) + [opt, quote_path(w)]
        parts += group + ["\\)"]
        strength += 0.3
    elif pat:
        parts += [_name_opt(low, ci), quote_path(pat)]
        strength += 0.3
    for w in skip[:3]:
        parts += ["-not", "-name", quote_path(w)]
    m = _EXCL_DIR.search(request)
    kept_out = [v.text for v in excluded if v.text != where][:3]
    if kept_out:
        for d in kept_out:  # "./node_modules/*" as written; "./dir" as everything below it, a bare "dir" anywhere
            parts += ["-not", "-path", quote_path(d if "*" in d else f"{d.rstrip('/')}/*" if "/" in d else f"*/{d}/*")]
    elif m:
        d = (m.group(1) or m.group(2)).rstrip("/.,;")
        if d and d not in (".", "~") and d.lower() not in ("the", "a", "any", "all", "hidden"):
            parts += ["-not", "-path", quote_path(f"*/{d.lstrip('./')}/*")]
    for v in ex.values:
        if v.kind in ("days", "minutes"):
            before = low[max(0, v.start - 60):v.start]
            own = low[v.start:v.start + 12]
            sign = age_sign(low, v.start)
            around = before + low[v.start:v.start + 40]
            which = "a" if re.search(r"access|assess", around) else \
                "c" if re.search(r"status (?:was |is |has been )?changed|changed? (?:its |their )?status|inode", around) \
                else "m"
            unit, amount = ("time" if v.kind == "days" else "min"), v.text
            if unit == "min" and amount.isdigit() and int(amount) >= 1440 and int(amount) % 1440 == 0:
                unit, amount = "time", str(int(amount) // 1440)  # "in the last 24 hours" -> -mtime -1
            if unit == "time" and _DAYSTART.search(low) and "before yesterday" not in low:
                # calendar days: "yesterday" is -daystart -mtime 1; "today, from 00:00" is -daystart -mtime 0
                parts.append("-daystart")
                if own.startswith("today") and amount == "1":
                    not_today = re.search(r"\bnot (?:been )?(?:modified|changed|accessed|touched)\s*$", before)
                    sign, amount = ("+" if not_today else ""), "0"
            parts += [f"-{which}{unit}", f"{sign}{amount}"]
            strength += 0.3
            break
    sizes = 0
    for v in ex.values:
        if v.kind == "size" and sizes < 2:  # "bigger than 50MB but smaller than 100MB": both bounds
            before = low[max(0, v.start - 40):v.start]
            sign = "+" if _BIGGER.search(before) else "-" if _SMALLER.search(before) else ""
            if sizes and sign and re.search(r"\b(?:but|and)\b", before):
                last = re.split(r"\b(?:but|and)\b", before)[-1]
                sign = "+" if _BIGGER.search(last) else "-" if _SMALLER.search(last) else sign
            size = v.text.lstrip("+-")
            parts += ["-size", f"{sign}{size}"]
            strength += 0.3 if not sizes else 0.0
            sizes += 1
    if not sizes and re.search(r"\b(?:big|large|huge|giant|massive)\s+(?:[\w.*-]+\s+)?files\b", low):
        parts += ["-size", "+100M"]  # "find big files in /var": with no size said, the knowledge base's big (100M)
        strength += 0.3
    owned = re.search(r"\bown(?:ed|er|s)\b|\bbelong", low) is not None  # (an owner test said as one)
    uid = re.search(r"\b(u|g)id\s*(?:of\s+|=\s*|is\s+)?(\d+)\b", low)
    if uid:  # "owned by the user with UID 1001": -uid 1001 (a group's: -gid)
        parts += [f"-{uid.group(1)}id", uid.group(2)]
    m = None if uid else next((x for x in re.finditer(r"\b(?:owned by|belong\w* to|owner(?: is)?|user)\s+(?:the\s+)?(?:user\s+)?[\"']?"
                                     r"([\w$.{}-]+)", request, re.I) if x.group(1).lower() not in _NOT_USER), None)
    nouser = re.search(r"\bnot owned by (?:a |any )?valid users?|\b(?:do(?:es)? not|don't|doesn't) belong to (?:a |any )?"
                       r"(?:valid |existing |known |real )?users?\b|\bowners?\s+(?:no longer|(?:does|do)(?: not|n't))\s+exists?\b"
                       r"|\b(?:deleted|removed|nonexistent|non-existent|missing)\s+(?:users?|owners?)\b|\bno(?: longer)? owned by (?:a |any )?valid user"
                       r"|\bno valid owner|\bwithout (?:a |an )?(?:valid )?owner|\bowned by no(?:body| user)|\borphan\w*", low)
    if m and m.group(1).lower() not in _NOT_USER \
            and not (action is not None and action[0] in ("chown", "chgrp") and m.group(1) in action[1][0].split(":")) \
            and not (nouser and m.group(1) == "nobody"):  # ("... owned by root to www-data": the owner now, not the new one)
        parts += ["-user", m.group(1)]
        # an owner the request names is a test, as a size or an age is ("files under /home owned by user deploy"); a
        # bare "user X" may be the account itself ("delete the user gina and her home directory")
        strength += 0.3 if owned else 0.0
    if nouser:
        parts.append("-nouser")
    if re.search(r"\bno valid group|\bnot owned by (?:a |any )?valid group", low):
        parts.append("-nogroup")
    m = re.search(r"\b(?:owned by|belong\w* to|in) (?:the )?group\s+[\"'`]?([\w$.{}-]+)", request, re.I)
    if m and not (action is not None and action[0] == "chgrp"):
        parts += ["-group", m.group(1)]
        strength += 0.3 if owned else 0.0
    special = [bit for bit, rx in _SPECIAL_BITS if re.search(rx, low)]
    if special and not (action is not None and action[0] == "chmod"):  # "all setuid files": -perm -4000
        parts += ["-perm", f"/{sum(special):o}000" if len(special) > 1 else f"-{special[0]:o}000"]
    if re.search(r"\bexecutable (?:files?|scripts?|programs?|binaries)\b|\bexecutables\b", low) and \
            not (action is not None and action[0] == "chmod"):
        parts += ["-perm", "/111"]
    m = re.search(r"\b(?:have|having|with) (\d+|one|two|three) (?:hard )?links?\b", low)
    if m:
        parts += ["-links", str(_NUM_WORDS.get(m.group(1), m.group(1)))]
    perm = next((v.text for v in ex.values if v.kind == "perm"), None)
    has = _HAS_PERM.search(low)
    if perm and re.search(r"\bpermissions?\b|\bmode\b", low) and (not action or perm not in action[1]):
        parts += ["-perm", perm]
    elif has:
        parts += ["-perm", f"-{_WHO[has.group(1)]}+{_perm_letters(has.group(2))}"]
    elif (pfor := _PERM_FOR.search(low)) and not re.search(r"\b(?:set|give|grant|add|change|remove)\w*\s+(?:the\s+)?$",
                                                         low[:pfor.start()]):
        # "read, write, execution permission for user" (but "set execute permission for the group" is the chmod)
        parts += ["-perm", f"-{_WHO[pfor.group(2)]}+{_perm_letters(pfor.group(1))}"]
    elif able := _ABLE_BY.search(low):  # "files writable by others"
        parts += ["-perm", f"-{_WHO[able.group(2)]}+{_ABLE_LETTER[able.group(1)]}"]
    if action is not None and action[0] in TYPE_F_ACTIONS and "-type" not in parts and \
            re.search(r"\bfiles?\b", low) and not _ANY_TYPE.search(low):
        parts += ["-type", "f"]  # edits file contents: directories would only be errors
    if action is not None and action[0] == "rm" and not action[1] and "-type" not in parts and RM_TYPE_F \
            and re.search(r"\bfiles\b", low):
        parts += ["-type", "f"]
    tests = " ".join(parts[2:]).replace("-maxdepth 1", "").replace("-type f", "").split()
    glob = tests[1].strip("'") if len(tests) == 2 and tests[0] == "-name" and re.fullmatch(r"'?\*\.[\w.]+'?", tests[1]) \
        else None
    if glob and REMOVAL_ASKED.match(low) and here_only(request) and parts[1] in (".", "./"):
        return f"rm {glob}", strength  # "delete all .tmp files in this folder": rm *.tmp
    if glob and action is not None and action[0] in ("cp", "mv") and len(action[1]) == 2 and action[1][0] == "{}" and \
            parts[1] != "-L" and not _RECURSIVE.search(low) and not DOWNWARDS.search(low):
        # "copy all the .png files in assets into dist/img": that folder's own files (cp assets/*.png dist/img), not
        # every .png below it, flattened into one folder where same names overwrite each other
        return f"{action[0]} {_in_folder(parts[1], glob)} {action[1][1]}", strength
    nul = _NUL.search(low) and not re.search(r"\bwithout (?:the )?(?:white ?space|null)", low)
    if nul and (action is None or (len(action) == 3 and action[2] == "exec")):
        parts.append("-print0")
    cmd = " ".join(parts)
    post = post_pipeline(request) if action is None or len(action) != 3 or action[2] not in ("pipe", "sum", "total") else ""
    if SIZED_DIRS_BY_DU and post.startswith(" -exec du") and action is None and re.search(
            r"\b(?:largest|biggest|heaviest|smallest|tiniest)\s+(?:[\w.*\"'-]+\s+){0,2}(?:director(?:y|ies)|folders?)\b", low):
        # "the 10 largest directories under /var": du's own totals (du -sh /var/* | sort -rh), not du run on every
        # directory find meets, nested ones counted again
        return "", 0.0
    removes = action[0] == "rm" if action is not None else _REMOVE_FILES.search(low) is not None
    ranked_removal = removes and post.startswith((" -exec du", " -printf"))
    if ranked_removal:
        # "delete the oldest file", "remove the 5 largest files": the ranked names, and only they, are removed;
        # "remove all files but the 5 newest": the others (head -n N <-> tail -n +N+1, tail -n N <-> head -n -N)
        if "-type" not in parts:
            cmd += " -type f"
        if _KEEPS_RANKED.search(low):
            post = re.sub(r"\| (head|tail) -n (\d+)$", lambda m: f"| head -n -{m.group(2)}" if m.group(1) == "tail"
                          else f"| tail -n +{int(m.group(2)) + 1}", post)
        cmd += post + (" | cut -d' ' -f2-" if post.startswith(" -printf") else " | cut -f2-") + " | xargs -d '\\n' rm"
        post = ""
    elif removes and _KEEPS.search(low) and not KEPT_OUT.search(cmd):
        # "delete all files except the 3 newest in backups": a removal that drops the exception the request makes
        # would remove what it keeps -- no removal is composed
        return "", 0.0
    elif action is not None and action[0] == "rm" and "-empty" in parts:
        cmd += " -delete"  # empty files/directories: find deletes them itself, depth first
    elif action is not None and len(action) == 3 and action[0] == "rm" and action[2] == "xargs":
        # ("delete all .tmp files using xargs, safely handling names with spaces": the xargs asked for)
        cmd += _xargs_rm(cmd, [a for a in action[1] if a.startswith("-")], "xargs" in low or bool(nul))
    elif action is not None and len(action) == 3:
        cmd = with_action(cmd, action)  # type: ignore[arg-type]
    elif action is not None:
        util, args = action[0], action[1]
        cmd = _files_only(cmd, util)
        if util == "rm":
            cmd += _xargs_rm(cmd, [a for a in args if a.startswith("-")], "xargs" in low or bool(nul))
        else:
            cmd += " -exec " + " ".join([util, *args]) + " {} \\;"
    elif _REMOVE_FILES.search(low):
        cmd += " -delete" if "-empty" in parts else _xargs_rm(cmd, [], "xargs" in low or bool(nul))
    elif re.search(r"\band (?:then )?list them\b", low):
        cmd += " -ls"
    if not re.search(r"\bfind\b|\b(?:files|directories|folders|entries|links|symlinks|everything|all|each|every|any)\b",
                     low):
        strength *= SINGLE_OBJECT_SCALE  # "copy the X directory to Y" is not a search
    if _HERE_ONLY.search(low) and not _RECURSIVE.search(low) and not DOWNWARDS.search(low):
        strength *= SINGLE_OBJECT_SCALE  # "the .jpg files in this directory", "the .py files here": its own files
    if post.startswith((" -", " | awk -F.")):  # ranking, or listing extensions: about files
        if action is None:
            if "-type" not in parts and re.search(r"\bfiles?\b", low):
                cmd += " -type f"  # ranking by size or age is about files
            cmd += post
    elif post:
        cmd += post
    elif (re.search(r"\b(count|number of|how many)\b", low) or action is not None and action[0] == "cat"
          and (_TOTAL_LINES.search(low) or _COUNT_WORDS.search(low))) and not ranked_removal and \
            not (action is not None and action[0] == "wc") and not (action is None and _COUNTS_INSIDE.search(low)):
        if action is None and "-type" not in parts and not {"-name", "-iname", "-regex", "-path"} & set(parts) and \
                re.search(r"\bfiles\b", low) and not _ANY_TYPE.search(low):
            # "how many files are in /data": the files (-type f, unless a name says what is counted)
            cmd = cmd.replace(" ".join(parts[:2]), " ".join(parts[:2]) + " -type f", 1)
        cmd += " | wc -w" if action is not None and action[0] == "cat" and _COUNT_WORDS.search(low) else " | wc -l"
    if cmd.endswith(" | wc -l") and PER_ITEM.search(low):
        strength *= PER_ITEM_SCALE  # "count files in each subdirectory": one count per directory, not one in all
    if action is None and not re.search(r"\s-(?:exec|execdir|ok|delete|ls|print0)\b|\|", cmd) and _CHANGE_UNDONE.match(low):
        # "remove trailing spaces from all .py files", "replace foo with bar in every .txt file": an edit no
        # action says -- the files found, and nothing done to them
        strength *= BARE_FIND_SCALE
    if BARE_FIND_SCALE != 1.0 and cmd == " ".join(parts[:2]) and (words == 0 or not _ENTRIES.search(low)
                                                                 or _HOLDS.search(low)):
        # "find duplicate lines in names.txt", "find all TODO comments in the src folder": the verb alone, with
        # nothing to test and no files, directories or entries to list, reads as a search of files only by that
        # word; "find which file in src defines main" asks what a file holds, which no bare find tests
        strength *= BARE_FIND_SCALE
    if " -exec rm -r" in cmd and " -type d" in cmd and " -mindepth " not in cmd and \
            not re.search(r"\s-i?(?:name|path|regex)\s", cmd):
        # the directories below the place, never the place itself ("delete backup folders in /backups older than 30
        # days" must not take /backups when it is that old too; a name test already leaves it out)
        cmd = re.sub(r"^(find(?: -L)? \S+)", r"\1 -mindepth 1", cmd, count=1)
    return cmd, min(strength, 1.5)


def _xargs_rm(cmd: str, opts: list[str], xargs: bool = False) -> str:
    """The ``-delete``, or ``-print0 | xargs -0 rm OPTS`` (rm's options, or ``xargs`` asked for), that removes what the
    find ``cmd`` lists; for directories
    ``-exec rm -rf {} +`` (a directory goes with what it holds, and one inside another found one is gone by the
    time rm gets to it: -f keeps that quiet)."""
    if " -type d" in cmd:  # (asked to confirm each: -ri)
        return " -exec rm -r" + ("i" if any(re.fullmatch(r"-\w*i\w*|--interactive", a) for a in opts) else "f") + " {} +"
    if DELETE_FILES and not opts and not xargs:
        return " -delete"  # find's own removal: no second program, no name that breaks a pipe (unless xargs is asked for)
    # (names already ended by a null: -print0 once)
    return ("" if cmd.endswith(" -print0") else " -print0") + " | xargs -0 rm" + "".join(" " + a for a in opts)


# files a find removes go by its -delete (rm's options, when asked for, by xargs rm). The everyday-task sets write
# -delete (simple_tasks*: 14 of 14 find removals), NL2Bash mostly xargs rm or -exec rm (dev: 11 -delete, 51 others).
DELETE_FILES = True


# one count of the lines of all the files ("total lines of code in all python files under src"): cat | wc -l
_TOTAL_LINES = re.compile(r"\b(?:total|combined|overall|altogether)\b.*\blines\b|\blines\b.*\b(?:total|combined|overall|"
                          r"altogether)\b")
# the words of all the files counted ("count the words in all .md files under docs"): one total (cat | wc -w), unless
# each file's is asked (wc -w each)
_COUNT_WORDS = re.compile(r"\b(?:count|number of|how many)\b(?:\s+(?:the|all(?:\s+the)?|total|combined))*\s+words\b")
# a count of what the files hold ("count the lines of all python files"): no count of the files (| wc -l) when no
# action (cat, grep) writes their lines
_COUNTS_INSIDE = re.compile(r"\b(?:count(?:s|ing)?|number of|how many)\s+(?:the\s+)?(?:total\s+)?(?:lines|words|characters|"
                            r"chars|bytes)\b|\b(?:line|word|character|char|byte)[- ]counts?\b")
# a request that leads with a change to the text of files (not their removal: that is rm)
_CHANGE_UNDONE = re.compile(rf"\s*(?:(?:delete|remove|strip|trim|erase)\b(?={TEXT_REMOVED})|(?:replace|substitute)\b)")
# a file known by what it holds ("the file that defines main", "which files mention TODO")
_HOLDS = re.compile(r"\b(?:defin|declar|mention|referenc|contain|import)(?:e|es|ing|s)?\s+(?!no\b|nothing\b|only\b)")
_ENTRIES = re.compile(r"\b(?:files?|directories|folders|dirs|entries|everything|anything|contents|subdirector\w*|"
                      r"sub-?folders|tree|recursive\w*|paths|links|symlinks)\b")
# Measured with the other find readings of its commit (retrieval mode, fresh KB): held +0.0018, simple_2 and simple_5
# +0.013 (dig for "find the MX records"), simple_4 -0.013 and simple_7 -0.006 (two near ties that flipped)
BARE_FIND_SCALE = 0.5
SIZED_DIRS_BY_DU = True


# the words of an exception to a removal ("all files except ...", "everything but ...", "keep the ..."); the
# generator's _REMOVAL_KEEPS reads them too
# ("but" only as one: "all but the 5 newest", "everything but x", "but not y" -- not "delete old.txt but ask me first")
EXCEPTIONS = (r"(?:except(?: for)?|(?<=all )but|(?<=everything )but|(?<=anything )but|(?<=files )but|"
              r"but(?=\s+(?:not|the|keep|leav|for|\d+|one|two|three|four|five|ten)\b)|other than|apart from|besides|keep(?:ing)?|leav(?:e|ing)|save for|"
              r"exclud\w*)")
_KEEPS = re.compile(rf"\b(?:{EXCEPTIONS}|not the)\b")
# a command that says an exception of its own: a test that leaves names out, one level only, a cut of a ranked list
KEPT_OUT = re.compile(r"\s(?:-not|!|-prune|-maxdepth)\s|\bgrep\s+(?:-\w+\s+)*-\w*v|--exclude|\bhead\s+-n\s+-|"
                      r"\btail\s+-n\s+\+|!\(|\s-I\s|--ignore")
# the ranked files are the ones kept ("remove all files but the 5 newest", "delete everything except the 3 largest")
_KEEPS_RANKED = re.compile(rf"\b{EXCEPTIONS}\s+(?:for\s+)?(?:the\s+)?(?:\d+|one|two|three|four|five|ten)?\s*"
                           r"(?:newest|latest|most recent|oldest|largest|biggest|smallest|heaviest|tiniest)\b")


# a count asked per directory ("in each subdirectory", "per folder"): one total of the whole tree answers none
PER_ITEM = re.compile(r"\b(?:in|for|of|inside|under)\s+(?:each|every)\s+(?:sub-?)?(?:director(?:y|ies)|folders?|dirs?)\b"
                       r"|\bper\s+(?:sub-?)?(?:director(?:y|ies)|folders?|dirs?)\b")
PER_ITEM_SCALE = 0.5


_NUM_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
              "ten": 10, "twenty": 20}
_NUM = r"(\d+|" + "|".join(_NUM_WORDS) + r")"  # a count, in digits or words (one capture group)


def _as_number(word: str) -> str:
    """"5" -> "5", "five" -> "5"."""
    return word if word.isdigit() else str(_NUM_WORDS[word])


def _count_near(text: str) -> str | None:
    m = re.search(r"\b" + _NUM + r"\b", text)
    return _as_number(m.group(1)) if m else None


# an order by size asked, not a ranking ("largest first", "from smallest to largest")
_SIZE_ORDER = re.compile(r"\b(?:largest|biggest|smallest)\s+(?:ones?\s+)?(?:first|on top|at the top)\b|"
                         r"\b(?:smallest|largest|biggest)\s+to\s+(?:the\s+)?(?:largest|smallest|biggest)\b")


def post_pipeline(request: str) -> str:
    """What follows the search when the request ranks, sorts or cuts the list of files found.

    Returns a suffix for the ``find`` command: ``-exec du ... | sort | head`` for "the 5 largest
    files", ``-printf ... | sort -n | tail -n 1`` for "the newest file", ``| sort`` for "sorted",
    ``| head -n N`` / ``| tail -n N`` for "the first/last N", ``| awk -F. '{print $NF}' | sort -u`` for
    "the list of extensions" (``| sort | uniq -c | sort -rn`` when counted), or '' when the request does none
    of these.
    """
    low = request.lower()
    if re.search(r"\b(?:list|set|kinds?|types?|number) of (?:the |all |unique |distinct |different |file )*extensions\b"
                 r"|\b(?:unique|distinct|different|all (?:the )?|which) (?:file(?:name)? )?extensions\b"
                 r"|\b(?:for each|of each|each|per|by)\s+(?:file\s+)?(?:name\s+)?extension\b", low):
        # ("count the files under src for each file extension": the files counted per extension)
        counted = re.search(r"\bcounts?\b|\bhow many\b|\bnumber of\b|\bper extension\b", low)
        return " | awk -F. '{print $NF}' | " + ("sort | uniq -c | sort -rn" if counted else "sort -u")
    m = re.search(r"\b(?:(?:top|the)\s+)?" + _NUM + r"?\s*(?:of the\s+)?"
                  r"(largest|biggest|heaviest|smallest|tiniest)\b"
                  r"|\btop\s+" + _NUM + r"\s+(large|big|small)\b", low)  # "the top 5 small files"
    if m and re.search(rf"\b(?:{_RANKED_OBJECTS})\b", low[m.end():m.end() + 40] + " " + low):
        n, word = m.group(1) or m.group(3), m.group(2) or m.group(4)
        after = re.match(r"\s+" + _NUM + r"\s+(?:[\w.*\"'-]+\s+)?(?:files|director|folders)",
                         low[m.end():])
        n = n or (after.group(1) if after else None)  # "the largest 20 files"
        if n is None and _SIZE_ORDER.search(low):  # "the sizes of the .sql files, largest first": all, in that order
            return f" -exec du -h {{}} + | sort {'-h' if word in ('smallest', 'tiniest', 'small') else '-rh'}"
        n = _as_number(n) if n else ("1" if re.search(
            r"\b(?:largest|biggest|heaviest|smallest|tiniest)\s+(?:[\w.*\"'-]+\s+){0,2}(?:file|directory|folder)\b(?!s)",
            low) else "10")
        small = word in ("smallest", "tiniest", "small")
        if re.search(r"\b(?:in|as)\s+bytes\b", low):  # "the 10 largest files under /var with their sizes in bytes"
            return f" -printf '%s %p\\n' | sort {'-n' if small else '-rn'} | head -n {n}"
        return f" -exec du -h {{}} + | sort {'-h' if small else '-rh'} | head -n {n}"
    m = re.search(r"\b(?:the|\d+)\s+(newest|latest|most recent(?:ly)?(?: modified| changed| updated)?|last modified|"
                  r"oldest|least recent(?:ly)?(?: modified)?)\b(?!\s+(?:within|in\s+the\s+(?:last|past)|since|before|after|more|less))", low)
    if m and re.search(rf"\b(?:{_RANKED_OBJECTS})\b", low):
        after = re.match(r"\s+" + _NUM + r"\b", low[m.end():])  # "all but the newest 3 files"
        n = _count_near(m.group(0)) or _count_near(low[max(0, m.start() - 12):m.start()]) or \
            (_as_number(after.group(1)) if after else None) or "1"  # "5 oldest files"
        first = m.group(1).startswith(("oldest", "least"))
        if not first and n != "1" and DOWNWARDS.search(low):
            # "the 20 most recently modified files under src": newest first, at the top
            return f" -printf '%T@ %p\\n' | sort -rn | head -n {n}"
        return f" -printf '%T@ %p\\n' | sort -n | {'head' if first else 'tail'} -n {n}"
    if re.search(r"\b(?:sort(?:ed|s|ing)?|order(?:ed|s|ing)?|rank(?:ed|s|ing)?)\s+by\s+(?:the\s+|their\s+|its\s+)?(?:last\s+)?"
                 r"(?:modification|modified|mtime|change|date|time|age)\b", low):
        # "the files in this tree ordered by modification time, newest first": their times, sorted (oldest first: -n)
        oldest = re.search(r"\boldest (?:first|on top|at the top)\b|\bascending\b", low)
        return f" -printf '%T@ %p\\n' | sort -{'n' if oldest else 'nr'}"
    suffix = ""
    m = SORTED_LIST.search(low)
    if m and not re.search(r"\bsort\w* by (?:size|date|time|modification)", low):
        flags = ("r" if DESCENDING.search(low) else "") + \
                ("n" if re.search(r"\bnumeric\w*\b|\bsort\w* by (?:the )?number of\b", low) else "")
        suffix += " | sort" + (f" -{flags}" if flags else "")
    m = re.search(r"\b(first|last)\s+" + _NUM + r"\b(?!\s+(?:lines?|levels?|bytes?|characters?|days?|hours?|"
                  r"minutes?|mins?|weeks?|months?|years?|seconds?|secs?))",
                  low)
    if m and re.search(r"\b(files?|director\w*|folders?|results?|found|matches|entries|paths?)\b", low[m.end():]):
        n = _as_number(m.group(2))
        suffix += f" | {'head' if m.group(1) == 'first' else 'tail'} -n {n}"
    elif re.search(r"\b(?:the )?first (?:file|one|match|result|directory)\b", low):
        suffix += " | head -n 1"
    else:
        m = re.search(r"\b(first|last|top)\s+" + _NUM + r"\s+lines\s+of\s+(?:the\s+)?(?:output|results?|list)\b",
                      low)  # "... and show the last 5 lines of output"
        if m:
            suffix += f" | {'tail' if m.group(1) == 'last' else 'head'} -n {_as_number(m.group(2))}"
    if suffix and re.search(r"\b(count|number of|how many)\b", low) and not _COUNTS_INSIDE.search(low):
        suffix += " | wc -l"  # (not "the line count of each .py file, sorted": wc -l's own counts, sorted)
    return suffix


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
        elif u.utility == "sed" and (keep[-1:] in (["-e"], ["-f"]) or not any(not k.startswith("-") for k in keep)
                                     and not {"-e", "-f"} & set(keep)):
            keep.append(a)  # the script: "remove trailing spaces from all .py files" is its edit
        elif u.utility in ("cp", "mv") and i == len(args) - 1 and len(args) > 1:
            keep = [*keep, "-t", a] if "-t" not in keep else keep
        i += 1
    if u.utility == "rm":
        keep = [k for k in keep if k.startswith("-")]
    if u.utility == "sed" and not any(k.startswith(("-i", "--in-place")) for k in keep) and \
            not re.search(r"\b(?:print|show|display|preview|output|stdout)\b", request, re.I):
        keep.insert(0, "-i")  # the files found are edited where they are, not printed one after another
    return u.utility, keep


_WHO = {"owner": "u", "user": "u", "group": "g", "other": "o", "others": "o", "everyone": "a", "all": "a",
        "world": "o", "anyone": "a", "everybody": "a"}
_WHO_WORDS = r"owner|user|group|others?|everyone|everybody|all|world|anyone"
_PERM_LETTER = {"read": "r", "write": "w", "execute": "x", "execution": "x", "exec": "x"}
_PERM_WORD = r"(?:read|write|execution|execute|exec)"
_PERM_WORDS = rf"{_PERM_WORD}(?:\s*(?:,|and|&)\s*{_PERM_WORD})*"  # "read, write and execute"


def _mode_from_words(low: str) -> str | None:
    """A symbolic mode from words: "set execute permission for the group" -> g+x, "strip write
    permission for others" -> o-w, "add read and write permission for the owner" -> u+rw."""
    m = re.search(rf"\b(set|add|give|grant|strip|remove|revoke|take away|deny)\b\s+(?:the\s+)?({_PERM_WORDS})\s+"
                  r"(?:permissions?|access|bits?|rights?)"
                  rf"\s+(?:for|to|from|of)\s+(?:the\s+|their\s+|its\s+)?['\"`]?({_WHO_WORDS})\b",
                  low)
    if not m:  # "give everyone read access", "make it readable by the group"
        m2 = re.search(rf"\b(give|grant|add|remove|revoke|take away|deny)\s+(?:the\s+)?({_WHO_WORDS})\s+"
                       rf"({_PERM_WORDS})\s+(?:permissions?|access|bits?|rights?)\b", low) or \
            (re.search(r"\bmake\b", low) and _ABLE_BY.search(low))
        if m2 and m2.re is _ABLE_BY:
            return f"{_WHO[m2.group(2)]}+{_ABLE_LETTER[m2.group(1)]}"
        if m2:
            op = "-" if m2.group(1) in ("remove", "revoke", "take away", "deny") else "+"
            return f"{_WHO[m2.group(2)]}{op}{_perm_letters(m2.group(3))}"
        has = _HAS_PERM.search(low)  # "files with group write permission ... remove the permission" -> g-w
        if has and re.search(r"\b(?:strip|remove|revoke|take away)\s+(?:the|that|this|it|them|those)\b", low):
            return f"{_WHO[has.group(1)]}-{_perm_letters(has.group(2))}"
        return None
    op = "-" if m.group(1) in ("strip", "remove", "revoke", "take away", "deny") else "+"
    return f"{_WHO[m.group(3)]}{op}{_perm_letters(m.group(2))}"


def _perm_letters(words: str) -> str:
    return "".join(dict.fromkeys(_PERM_LETTER[w] for w in re.findall(_PERM_WORD, words)))


# "read, write, execution permission for user": a search for those bits (-perm -u+rwx)
_PERM_FOR = re.compile(rf"\b({_PERM_WORDS})"
                       rf"\s+(?:permissions?|access|bits?)\s+for\s+(?:the\s+|their\s+|its\s+)?({_WHO_WORDS})\b")
# "files with group write permission": a search for that bit (-perm -g+w)
_HAS_PERM = re.compile(rf"\b(?:with|having|that have|which have)\s+(?:the\s+)?({_WHO_WORDS})"
                       rf"(?:'s)?\s+({_PERM_WORDS})\s+"
                       r"(?:permissions?|access|bits?)\b")


# "files writable for others", "readable by the group": a search for that bit (-perm -o+w)
_ABLE_BY = re.compile(r"\b(readable|writable|writeable|executable)\s+(?:by|for|to)\s+(?:the\s+)?[\"'`]?"
                      rf"({_WHO_WORDS})\b")
_ABLE_LETTER = {"readable": "r", "writable": "w", "writeable": "w", "executable": "x"}


_MODE = re.compile(r"(?<![\w.])([0-7]{3,4}|[ugoa]*[+-=][rwxXst]+)(?![\w.])")
_TO_PATH = re.compile(r"\b(?:to|into|in(?:to)? the|under)\s+(?:the\s+)?(?:directory\s+|folder\s+)?"
                      r"[\"'`]?([~/.$][\w./${}~-]*|[\w.-]+/[\w./-]*)", re.I)


_TO_NAMED = re.compile(r"\b(?:to|into)\s+(?:the\s+)?(?:(?:directory|folder)\s+)?[\"'`]?$", re.I)


def _dest(request: str, ex: Any) -> str | None:
    """The destination of a copy/move: the path after "to"/"into" (else the last path named)."""
    found = list(_TO_PATH.finditer(request))
    if found:
        return found[-1].group(1).rstrip(".,;:")
    paths = [v for v in ex.values if v.kind == "path"]
    for v in reversed(paths):  # "find X and move them to temp folder": a named directory after "to"
        before = request[:v.start]
        if re.search(r"\b(?:them|these|those)\b", before, re.I) and _TO_NAMED.search(before):
            return v.text
    return paths[-1].text if len(paths) >= 2 else None


def _pattern_after(request: str, ex: Any, start: int) -> str | None:
    for v in ex.values:
        if v.kind == "quoted" and v.start >= start:
            return v.text
    m = re.match(r"\s*(?:the\s+)?(?:text|word|string|pattern|line)?\s*([\w.@:-]+)", request[start:])
    if m and m.group(1).lower() not in _NOT_PATTERN:
        return m.group(1)
    return None


# words after "search for a word" that start the rest of the sentence, not the text searched for
_NOT_PATTERN = frozenset("""a an the text word string pattern that any in inside within from across throughout on of
for under all every each and or with file files filename filenames name names directory directories folder
folders""".split())


_CONTAINS = re.compile(
    r"\b(?:contain(?:s|ing)?|(?<!end )(?<!ends )(?<!ending )(?<!start )(?<!starts )(?<!starting )"
    r"(?<!begin )(?<!begins )(?<!beginning )with|that (?:have|mention|include)|having|mentioning|import(?:s|ing)?|grep(?: for)?"
    r"|(?:search(?:ing)?|look(?:ing)?|hunt(?:ing)?|scan(?:ning)?) for|match(?:es|ing)?"
    # "find TODO in all files under src": a word found in files, not a file's name
    r"|^\W*find(?=\s+[\w@:-]+\s+in\s+(?:all\s+|every\s+|each\s+|the\s+|any\s+)*(?:[\w.*-]+\s+)?files?\b))\s+(?:lines?\s+(?:matching\s+|that match\s+)?)?"
    r"(?:the\s+|a\s+)?(?:case[- ]?insensitive\s+)?(text|word|string(?: literal)?|pattern|regex|"
    r"regular expression|expression)?")
# "search all regular files under DIR for "X"": the files come between the verb and what is searched for
_SEARCH_FILES_FOR = re.compile(r"^\W*(?:recursively\s+)?search(?:es)?\s+(?:(?:in|through|inside)\s+)?(?:(?:all|the|every|each)\b|(?=\*?\.\w))(?:[^\"'.,;]|\.\S|[\"']_*[\"'])*?\bfiles?\b"
                               r"(?:[^\"'.,;]|\.\S|[\"']_*[\"'])*?\bfor\s+"
                               r"(?:the\s+|a\s+)?(text|word|string|pattern|regex|expression)?")
_FILE_NAMES = re.compile(r"\bfile ?names?\b|\bnames of\b|\b(?:matched|matching) files\b|\blist of (?:the )?files\b"
                         r"|\bwhich files\b|\bfiles (?:that|which) (?:contain|have|match)|\bfile paths?\b", re.I)


_REPLACES = re.compile(r"\W*(?:please\s+)?(?:replace|substitute|swap)\b")


def _grep_action(request: str, low: str, ex: Any) -> tuple[str, list[str], str] | None:
    """grep as the action: "files containing X" (-l, the files' names), "search for X in all files" (the lines)."""
    if not re.search(r"\b(?:files?|scripts?|sources?|documents?)\b", low) or _REPLACES.match(low):
        return None  # ("replace X with Y in all .html files": Y is the new text, no text searched for)
    able = _ABLE_BY.search(request.lower())  # (low has its quoted words blanked)
    for i, m in enumerate((*_CONTAINS.finditer(low), *_SEARCH_FILES_FOR.finditer(low))):
        if i and m.re is _CONTAINS and not re.match(r"contain|mention|grep|import", m.group(0)):
            continue  # past the first: only a verb that must mean the contents ("print them with the string X")
        if re.search(r"^\s*\S*\s*(?:\w+\s+)?(?:extensions?|suffix|prefix)\b|\bin (?:their|its|the) "
                              r"(?:file ?|path ?)?(?:names?|paths?)\b", low[m.end():]):
            continue
        before = low[:m.start()]
        if re.search(r"\b(?:(?:file|path) ?names?|names?|paths?)\s+(?:that\s+|which\s+)?(?:do(?:es)?\s+not\s+|don't\s+"
                     r"|doesn't\s+)?$", before):
            continue  # "paths containing 'a'", "names with 'bad' characters": not what is inside the files
        if re.search(r"\bwithout\s+$", before):
            continue  # "the basename (without containing path)"
        negated = re.search(r"\b(?:not|n't)\s+$", before)
        if negated and not m.group(0).startswith("contain"):
            continue
        q = next((v for v in ex.values if v.kind == "quoted" and v.start >= m.end() - 1), None)  # the next quoted
        rest = request[m.end():]
        bare = re.match(r"\s*([\w.@:-]+)", rest)
        word = bare.group(1) if bare and bare.group(1).lower() not in _NOT_PATTERN else None
        searching = re.match(r"\W*(?:recursively\s+)?(?:search|look|hunt|scan|find)", m.group(0)) is not None
        pat: str | None = None
        if q is not None and re.fullmatch(r"\s*", low[m.end():q.start]):
            pat = q.text
        elif m.group(1):
            pat = _pattern_after(request, ex, m.end())
            if pat is None and m.group(1) in ("text", "word", "string", "pattern") and \
                    not re.match(r"\s*(?:files?|documents?)\b", rest, re.I):  # "search for text files": a kind of file
                pat = m.group(1)  # "search for a word in all files": no word given, the noun stands in for it
        elif word and m.group(0).startswith("import"):
            pat = f"import {word}"  # "python files that import requests"
        elif word and (re.match(r"contain|mention|grep", m.group(0)) or (searching and re.match(r"\s*\S+\s+in\b", rest))
                       or (m.re is _SEARCH_FILES_FOR and  # "search the .java files in D for TODO lines"
                           re.match(r"\s*\S+\s*(?:lines?|text|strings?|words?)?\s*(?:$|[,;.]|and\b)", rest))):
            pat = q.text if q is not None else word  # "files containing foo", "search for ERROR in all btree*.c files"
        elif searching and q is not None and not re.search(r"\bfiles?\b|\bdirector|\bfolders?\b", low[m.end():q.start]):
            pat = q.text  # "search for first match of the regex 're'"; not "search for .pdf files", "for the file 'x'"
        if able and pat and pat.lower() == able.group(2):
            continue  # "files writable for 'others'": who may write (-perm), not a text to look for
        if pat and not re.fullmatch(r"(?:files?|director\w*|folders?|\d+)", pat.lower()) and "*" not in pat:
            lines = ((searching or m.group(0).startswith("grep")) and not _FILE_NAMES.search(low)) or \
                re.search(r"\b(?:matched|matching) lines\b", low) is not None or \
                re.search(r"\blines\s+(?:that\s+|which\s+)?(?:contain|match|mention)", low) is not None
            # ("... along with the file names"; "count the lines containing "timeout" in all .log files": the lines)
            opts = ("L" if negated else "" if lines else "l") + \
                ("i" if _IGNORE_CASE.search(low) else "") + \
                ("F" if re.search(r"\bliteral\b|\bfixed string", low) else "")
            return "grep", ([f"-{opts}"] if opts else []) + [shlex.quote(pat)], "exec"
    return None


_FIND_GREP = re.compile(r"^find\s+(?P<dir>\S+)(?:\s+-type\s+f)?(?:\s+-name\s+(?P<glob>'[^']*'|\S+))?\s+-exec\s+grep\s+"
                        r"(?:-(?P<opts>\w+)\s+)?(?P<pat>'[^']*'|[^\s']+)\s+\{\}\s+(?:\\;|\+)$")


def recursive_grep(cmd: str) -> str | None:
    """``find D [-type f] [-name G] -exec grep [-OPTS] P {} \\;`` (the lines that say P) as grep's own recursion,
    ``grep -r[OPTS] P [--include=G] D`` ("search all python files recursively for TODO"), None for another find
    (the names of the files, a test grep has no option for)."""
    m = _FIND_GREP.match(cmd)
    if not m or set(m["opts"] or "") & set("lLc"):
        return None
    include = f" --include={m['glob']}" if m["glob"] else ""
    return f"grep -r{m['opts'] or ''} {m['pat']}{include} {m['dir']}"


# a find of one folder's files of a name, with the action the request asks (xargs or -exec), and what follows it
_FIND_ACTING = re.compile(r"^find (?P<dir>[\w./~-]+) -name (?P<pat>'[^'/]+'|[\w.*-]+) -type f "
                          r"(?:-print0 \| xargs -0 (?P<x>[^|]+?)|-exec (?P<e>[^|{}]+?) \{\} (?:\+|\\;))(?P<rest>(?: \|.*)?)$")
# the utilities that take a folder's files as the shell lists them (wc -l docs/*.md, cat /var/log/app/*.log)
_GLOB_TAKERS = frozenset("wc cat grep du ls head tail md5sum sha1sum sha256sum stat file gzip gunzip chmod chown "
                         "chgrp rm touch dos2unix".split())


def _in_folder(root: str, glob: str) -> str:
    """The shell's glob of a folder's files: ``*.png`` here, ``assets/*.png`` in assets ("" for no glob: the folder)."""
    if root in (".", "./"):
        return glob
    return root.rstrip("/") + (f"/{glob}" if glob else "")


# a find of one folder's files ranked by size (du -h | sort -h) or by age (-printf '%T@ %p' | sort -n), the first N
_FIND_RANKED = re.compile(r"^find (?P<dir>[\w./~-]+)(?: -name (?P<pat>'[^'/]+'|[\w.*-]+))? -type f "
                          r"(?:-exec du -h \{\} \+ \| sort -(?P<size>r?h)|-printf '%T@ %p\\n' \| sort -(?P<age>r?n)) "
                          r"\| (?P<end>head|tail) -n (?P<n>\d+)$")


def folder_glob(cmd: str, request: str) -> str | None:
    """``find D -name G -type f -exec U {} +`` as ``U D/G`` when the request keeps to the one folder it names by its
    path or as "here" ("count the lines of all .log files in /var/log/app": cat /var/log/app/*.log | wc -l), not "the
    current directory", which NL2Bash-style requests say of the whole tree; the first N of a folder's files ranked by
    size or age as ls ranks them ("the names of the 5 largest files in the current directory": ls -S | head -n 5),
    when the request asks no sizes or times shown. None for another find."""
    low = request.lower()
    if not _stays_in(low) or re.match(r"\W*(?:please\s+)?(?:find|locate|search|look)\b", low):
        return None
    root = re.match(r"find (\S+)", cmd)
    if root and root[1] not in (".", "./") and not re.search(rf"(?<![\w/.~-]){re.escape(root[1])}(?![\w-])", request):
        return None  # a folder named by words ("in the home directory"), as NL2Bash-style requests name a whole tree
    r = _FIND_RANKED.match(cmd)
    if r and not re.search(r"\b(?:sizes?|bytes|times?|dates?|timestamps?|details|long)\b", low):
        first = r["end"] == "head"
        order = ("S" if r["size"] == "rh" else "Sr") if r["size"] else ("t" if r["age"] == "rn" or not first else "tr")
        where = _in_folder(r["dir"], r["pat"].strip("'") if r["pat"] else "")
        return f"ls -{order}{' ' + where if where else ''} | head -n {r['n']}"
    m = _FIND_ACTING.match(cmd)
    if not m:
        return None
    act = (m["x"] or m["e"]).strip()
    if act.split()[0] not in _GLOB_TAKERS or (m["dir"] in (".", "./") and not says_here(request)):
        return None
    pat = m["pat"].strip("'")
    return f"{act} {_in_folder(m['dir'], pat)}{m['rest']}"


# a verb of deleting whose object is files (not "remove all permission denied statements", "remove trailing spaces")
_REMOVE_FILES = re.compile(r"\b(?:delet(?:e|es|ed|ing)|remov(?:e|es|ed|ing)|rm|clean(?:s|ed|ing)? (?:up|out)|purg(?:e|es|ing)|eras(?:e|es|ing)|get rid of)\b"
                           + NOT_FILES_REMOVED)


# "using 4 parallel processes", "with 8 parallel jobs", "4 at a time in parallel": xargs -P N
_PARALLEL = re.compile(r"\b(\d+)\s+(?:parallel\s+(?:processes|jobs|workers|threads)|(?:processes|jobs)\s+in\s+parallel)\b"
                       r"|\bin\s+parallel\b[^.;]*?\b(\d+)\s+at\s+a\s+time\b", re.I)


def request_action(request: str, ex: Any) -> tuple[str, list[str], str] | None:
    """What to do with the files found, read from the request's verbs: (utility, args, style).

    style is ``exec`` (``-exec UTIL ARGS {} \\;``, ``{}`` placed where ARGS has it), ``xargs``
    (``-print0 | xargs -0 UTIL ARGS``), ``pipe`` (``| UTIL ARGS``), or ``parallel N`` (``-print0 | xargs -0 -P N -n 1
    UTIL ARGS``: "gzip every .txt file under logs using 4 parallel processes")."""
    action = _request_action(request, ex)
    parallel = _PARALLEL.search(request) if action is not None and action[2] in ("exec", "xargs") else None
    if parallel and "{}" not in action[1]:
        return action[0], action[1], f"parallel {parallel[1] or parallel[2]}"
    return action


def _request_action(request: str, ex: Any) -> tuple[str, list[str], str] | None:
    # verbs inside quoted names ("*prefs copy") are not the request's verbs
    low = re.sub(r"\"[^\"]*\"|'[^']*'|`[^`]*`", lambda q: '"' + "_" * (len(q.group(0)) - 2) + '"',
                 request).lower()
    grep = _grep_action(request, low, ex)
    if grep is not None:
        return grep
    if re.search(r"\b(?:change|set|give|make|add|grant|strip|remove|revoke)\b.*\b(?:permissions?|mode)\b|\bchmod\b",
                 low):
        # "strip write permission for others" names the change; "777 permission" may be the search's
        mode = _mode_from_words(request.lower()) or next((v.text for v in ex.values if v.kind == "perm"), None)
        if mode is None:
            mm = _MODE.search(request)
            mode = mm.group(1) if mm else None
        if mode:
            return "chmod", [mode], "exec"
    m = re.search(r"\b(?:permissions?|perms|mode)\b.*\b(?:change|set|fix|reset)\s+(?:them|it|those|these|each|"
                  r"(?:their|its)\s+(?:permissions?|perms|mode))\s+to\s+([0-7]{3,4})\b", low)
    if m:  # "the files with permissions 777 ... and change them to 755": the new mode comes last
        return "chmod", [m.group(1)], "exec"
    if re.search(r"\bmake\b.*\bexecutable\b|\bexecutable\b.*\bmake\b", low):
        return "chmod", ["+x"], "exec"
    m = re.search(r"\b(?:change|set)\b.*\b(?:owner(?:ship)?|chown)\b.*?\bto\s+(?:(?:the\s+)?user\s+)?[\"']?([\w.${}-]+(?::[\w.${}-]+)?)",
                  request, re.I)
    if m:
        return "chown", [m.group(1)], "exec"
    m = re.search(r"\b(?:change|set)\b.*\bgroup\b.*?\bto\s+[\"']?([\w.${}-]+)", request, re.I)
    if m:
        return "chgrp", [m.group(1)], "exec"
    if re.search(r"\b(?:decompress|uncompress|gunzip|unzip)\b", low) and re.search(r"\.?gz\b|gzip", low):
        return "gunzip", [], "exec"
    if re.search(r"\bunzip\b", low):
        return "unzip", [], "exec"
    if re.search(r"\b(?:create|make|build|put|add|append|pack|archive)\w*\b.*\b(?:tar ?ball|tar archive|tar file|archive)\b"
                 r"|\barchive (?:them|these|those|it|all)\b", low):
        # "... and create a tar ball of all these files": each one appended to the archive (tar -r makes it when missing)
        name = next((v.text for v in ex.values if v.kind in ("filename", "path") and
                     re.search(r"\.(?:tar(?:\.(?:gz|bz2|xz))?|tgz)$", v.text)), "archive.tar")
        z = "z" if name.endswith(("gz", ".tgz")) else "j" if name.endswith("bz2") else "J" if name.endswith("xz") else ""
        if z:  # a compressed archive is written once: every name found, read from the pipe (-T -)
            return "tar", [f"-c{z}f", quote_path(name), "-T", "-"], "pipe"
        return "tar", ["-rvf", name], "exec"
    if re.search(r"\b(?:compress|gzip)\b", low):
        keep = ["-k"] if re.search(r"\bkeep(?:ing)? (?:the )?originals?\b", low) else []
        best = ["-9"] if re.search(r"\bbest compression\b|\bmaximum compression\b", low) else []
        return ("bzip2" if "bzip2" in low else "xz" if re.search(r"\bxz\b", low) else "gzip"), best + keep, "exec"
    if re.search(r"\b(?:cop(?:y|ies|ied|ying)|cp)\b", low):
        d = _dest(request, ex)
        if d:
            return "cp", ["{}", d], "exec"
    m = re.search(r"\b(?:create|make)s?\s+(sym(?:bolic)?\s*|soft\s+|hard\s+)?links?\b(.*?)\b(?:to|for)\s+(?:all|every|each)\b",
                  low)
    if m:  # "create symbolic links in the current directory to all files in dir": ln each one found, into D
        into = re.search(r"\bin\s+(?:the\s+)?(?:directory\s+|folder\s+)?(?:current (?:working )?(?:director\w*|folder)|"
                         r"[\"']([^\"']+)[\"']|([\w./~${}-]+))", request[m.start(2):m.end(2)], re.I)
        d = (into.group(1) or into.group(2) or ".") if into else "."
        return "ln", (["-s"] if m.group(1) and not m.group(1).startswith("hard") else []) + ["{}", d], "exec"
    if re.search(r"\b(?:mov(?:e|es|ed|ing)|mv)\b", low):
        d = _dest(request, ex)
        if d:
            return "mv", ["{}", d], "exec"
    if _REMOVE_FILES.search(low):
        dirs = _DIRS_OBJECT.search(low) is not None
        if re.search(r"\bforce\w*\b", low):
            return "rm", ["-rf"] if dirs else ["-f"], "xargs"
        if re.search(r"\b(?:confirm\w*|ask(?:s|ing)?\b.*\b(?:first|before|each|every)|prompt(?:s|ing)?|interactive\w*)\b", low):
            return "rm", ["-ri"] if dirs else ["-i"], "exec"  # "asking for confirmation for each one": rm -i, one by one
        return "rm", ["-r"] if dirs else [], "xargs"
    if re.search(r"\blong (?:[\w-]+ ){0,3}format\b|\blong listing\b", low):
        # "list in long human readable format all files under /home larger than 1G": each one found, ls -l'd
        return "ls", ["-lh" if re.search(r"\bhuman\b", low) else "-l"], "exec"
    if re.search(r"\b(?:md5|md5sum|checksums?)\b", low):
        return "md5sum", [], "exec"
    if re.search(r"\bsha-?256\b", low):
        return "sha256sum", [], "exec"
    m = re.search(r"\b(?:count|number of)\b.*\blines\b(?:\s+in\s+(?:them|each(?: of them)?|the files?))?\s+(?:that\s+)?"
                  r"(match(?:es|ing)?|begin(?:s|ning)? with|start(?:s|ing)? with|contain(?:s|ing)?)\s+"
                  r"(?:the\s+)?(?:(?:regular expression|regex|pattern|string|text|word)\s+)?", low)
    if m:  # "count the lines in them beginning with X": grep's matches, then | wc -l
        pat = _pattern_after(request, ex, m.end())
        if pat:
            return "grep", [shlex.quote(("^" if m.group(1).startswith(("begin", "start")) else "") + pat)], "exec"
    if _TOTAL_LINES.search(low):
        return "cat", [], "xargs"  # with "| wc -l" added for the count: one total, not a line per file
    if _COUNT_WORDS.search(low):
        return ("wc", ["-w"], "xargs") if re.search(r"\b(?:each|every|per)\s+(?:[\w.*-]+\s+)?file\b", low) else ("cat", [], "xargs")
    if re.search(r"\b(?:count|number of)\b.*\blines\b|\blines of code\b|\bline ?counts?\b", low):
        return "wc", ["-l"], "xargs"
    text = r"(?:\"([^\"]+)\"|'([^']+)'|([^\"'\s]+))"  # (a quoted text may hold spaces: "Copyright 2023")
    m = re.search(rf"\breplace\s+{text}\s+with\s+{text}", request, re.I) or \
        re.search(rf"\b(?:rename|change)\s+(?:every\s+|all\s+|each\s+)?{text}\s+to\s+{text}"
                  r"\s+(?:in|inside|throughout)\s+(?:every|all|each)\b", request, re.I)  # (a text in the files, no name)
    if m and re.search(r"\b(?:in|of)\s+(?:the\s+|their\s+|its\s+)?(?:file\s*)?names\b", low):
        m = None  # "replace spaces with underscores in the names of all files": a rename, not the files' text
    if m:  # (a delimiter neither text holds: "replace http:// with https://" is s|http://|https://|g)
        old, new = next(g for g in m.groups()[:3] if g is not None), next(g for g in m.groups()[3:] if g is not None)
        d = next((d for d in "/|#," if d not in old + new), "/")
        return "sed", ["-i", shlex.quote(f"s{d}{old}{d}{new}{d}g")], "exec"
    if re.search(r"^\W*(?:please\s+)?(?:truncate|empty)\b", low) and \
            re.search(r"\b(?:to\s+(?:zero|0|nothing|empty)|empty)\b", low):
        return "truncate", ["-s", "0"], "exec"  # "truncate every .log file under D to zero length": each found, emptied
    if re.search(r"\bdos2unix\b|\bdos\b.*\bunix\b|\bline endings\b", low):
        return "dos2unix", [], "exec"
    if re.search(r"\bunzip\b", low):
        return "unzip", [], "exec"
    if re.search(r"\bsyntax\b", low) and re.search(r"\bphp\b", low):
        return "php", ["-l"], "exec"
    if re.search(r"\b(?:print|list|show|display|get|output)\b.*(?:\b(?:parent|containing) director(?:y|ies)\b"
                 r"|\bdirector(?:y|ies) (?:names?|paths?) of\b)", low):
        return "dirname", [], "exec"
    if re.search(r"\b(?:file)?names? only\b|\bonly (?:the |their )?(?:file)?names\b|\bbase ?names?\b"
                 r"|\bwithout (?:the |their )?(?:full |leading )?(?:paths?|director\w*)\b", low):
        return "basename", [], "exec"
    if re.search(r"\bfile ?types?\b|\btype of (?:each|every|the) file", low):
        return "file", [], "exec"
    if re.search(r"\btouch\b|\bupdate (?:the |their )?(?:timestamps?|modification time\w*|access time\w*)", low):
        return "touch", [], "exec"
    run = _run_target(request)
    if run:
        each = re.search(r"\b(?:for|on) (?:each|every)\b|\beach of them\b|\bone by one\b", low)
        return run, [], "exec" if each else "xargs"
    if re.search(r"\blong list\w*|\bls -l\b|\bdetails?\b|\bdetailed\b|\bwith (?:their )?(?:permissions|attributes|info)",
                 low):
        return "ls", ["-l"], "exec"
    if re.search(r"\b(?:total|combined|overall|sum of the|summed)\s+(?:disk\s+)?(?:size|space|disk usage|bytes)\b", low) and \
            not re.search(r"\b(?:each|every|per)\s+(?:[\w.*-]+\s+)?(?:file|director\w*|folder)\b", low):
        # "the total size of all .mp4 files under /media": du -c's last line; in bytes ("the total size in bytes of
        # all .png files under images"), their sizes summed
        in_bytes = re.search(r"\bin\s+bytes\b|\bbytes\b", low)
        return ("awk", ["'{s+=$1} END {print s}'"], "sum") if in_bytes else ("du", ["-ch"], "total")
    if re.search(r"\b(?:disk usage|sizes?)\b.*\b(?:each|every|all)\b|\b(?:each|every)\b.*\b(?:disk usage|sizes?)\b",
                 low):
        return "du", ["-sh"], "exec"
    if re.search(r"\b(?:contents? of(?! (?:the |this |that |a |my |current |working |present |home |parent )*(?:director|folder|dir\b))"
                 r"|print (?:their|the) content|concatenate|cat)\b", low):  # a directory's contents are a listing
        return "cat", [], "exec"
    return None


_RUN = re.compile(r"\b(?:run|runs|execute|executes|executing|call|invoke|apply)\s+(?:the\s+)?"
                  r"(?:(?:command|script|program|utility|tool)\s+)?(?:\"([^\"\s]+)\"|'([^'\s]+)'|`([^`\s]+)`|"
                  r"([\w./${}-]+))", re.I)
_NOT_RUN = frozenset("""a an the it them this that these those each every all any command commands script program
on for with in multiple several some find search permission permissions bit bits access by as at from under
out away""".split())  # ("every process run by user deploy": who runs it, no program "by")


def _run_target(request: str) -> str | None:
    """The program a request says to run on each file found ("run mplayer with these files")."""
    m = _RUN.search(request)
    if not m:
        return None
    prog = next(g for g in m.groups() if g)
    if prog.lower() in _NOT_RUN or prog.lower() == "find" or len(prog) < 2:
        return None
    if m.group(4) and re.fullmatch(r"[a-z]+ing", prog.lower()) and not installed(prog):
        return None  # "dry run making directories": a verb, not a program
    return prog


def _files_only(cmd: str, util: str) -> str:
    """A search for directories whose results a reader of file contents takes (grep, sed, md5sum...) searches files:
    "files containing X ... and print the folder they are in" is no grep of directories."""
    return re.sub(r"(\s-type\s+)d\b", r"\1f", cmd) if util in TYPE_F_ACTIONS or util == "grep" else cmd


def with_action(cmd: str, action: tuple[str, list[str], str]) -> str:
    util, args, style = action
    cmd = _files_only(cmd, util)
    if style == "xargs":
        return cmd + (_xargs_rm(cmd, args) if util == "rm" else " -print0 | xargs -0 " + " ".join([util, *args]))
    if style == "pipe":
        return cmd + " | " + " ".join([util, *args])
    if style.startswith("parallel "):
        return cmd + f" -print0 | xargs -0 -P {style.split()[1]} -n 1 " + " ".join([util, *args])
    if style == "sum":  # their sizes in bytes, summed
        return cmd + " -printf '%s\\n' | " + " ".join([util, *args])
    if style == "total":  # du -c's total, its last line
        return cmd + " -exec " + " ".join([util, *args]) + " {} + | tail -n 1"
    if "{}" in args:
        return cmd + " -exec " + " ".join([util, *args]) + " \\;"
    return cmd + " -exec " + " ".join([util, *args]) + " {} \\;"


# an ordinal as the slot reader reads one ("3rd", "third"), or "last"
_ORD = r"(?:(\d+)(?:st|nd|rd|th)|(" + "|".join(ORDINALS) + r"|last))"
# "lines of data.csv whose third comma-separated field is "NY"", "rows where column 4 is greater than 100": the field
# (an ordinal before "field"/"column" or a number after it), the comparison and the value
_FIELD_TEST = re.compile(
    r"\b(?:lines?|rows?|records?|entries|users?|accounts?)\b(?:[^.;]|\.(?=\w)){0,40}?\b(?:whose|where|in which|with|that have|having)\s+"
    r"(?:the\s+|its\s+|their\s+|a\s+)?(?:" + _ORD + r"\s+(?:[\w-]+[- ]separated\s+|[\w-]+\s+)?(?:field|column)"
    r"|(?:field|column)\s+(?:number\s+)?(\d+))\s+"
    r"(?:value\s+)?(is\s+(?:greater|larger|more|bigger|higher)\s+than(?:\s+or\s+equal\s+to)?|is\s+(?:less|smaller|lower|fewer)"
    r"\s+than(?:\s+or\s+equal\s+to)?|exceeds|is\s+(?:over|above)|is\s+(?:under|below)|is\s+at\s+least|is\s+at\s+most"
    r"|is\s+not(?:\s+equal\s+to)?|does\s+not\s+equal|equals|is\s+equal\s+to|is|==|>=|<=|!=|>|<|contains|matches|"
    r"starts\s+with|begins\s+with|ends\s+with)\s+"
    r"(?:\"([^\"]*)\"|'([^']*)'|([\w.@:/+-]+))", re.I)
_FIELD_OPS = (("greater", ">"), ("larger", ">"), ("more", ">"), ("bigger", ">"), ("higher", ">"), ("exceeds", ">"),
              ("over", ">"), ("above", ">"), ("less", "<"), ("smaller", "<"), ("lower", "<"), ("fewer", "<"),
              ("under", "<"), ("below", "<"), ("at least", ">="), ("at most", "<="), ("not", "!="), ("contains", "~"),
              ("matches", "~"), ("starts", "~^"), ("begins", "~^"), ("ends", "~$"))
_SEP_WORDS = r"(?:(?:\"([^\"]{1,3})\"|'([^']{1,3})'|[\w]+)[- ]separated\s+|[\w-]+\s+)?"
_PRINTED_FIELD = re.compile(r"\b(?:print|show|display|output|list|get|extract)\s+(?:only\s+|just\s+)?(?:the\s+)?" + _ORD +
                            r"\s+" + _SEP_WORDS + r"(?:field|column|component|part)s?\b"
                            r"|\b(?:print|show|display|output|list|get|extract)\s+(?:only\s+|just\s+)?(?:the\s+)?(?:field|column)\s+(\d+)\b",
                            re.I)
# "the lines of main.c longer than 80 characters"
_LENGTH_TEST = re.compile(r"\blines?\b(?:[^.;]|\.(?=\w)){0,40}?\b(longer|more|shorter|fewer|less)\s+than\s+(\d+)\s+"
                          r"(?:characters|chars|columns|bytes)\b", re.I)
# "... of every line in data.csv containing "active"": the lines kept, by a text they hold
_LINES_HOLDING = re.compile(r"\b(?:lines?|rows?)\b(?:[^.;]|\.(?=\w)){0,40}?\b(?:containing|that contains?|which contains?|"
                            r"matching|that match(?:es)?|with)\s+(?:the\s+(?:word|string|text)\s+)?"
                            r"(?:\"([^\"]+)\"|'([^']+)')", re.I)


def _field_number(ordinal: str | None, word: str | None) -> str:
    if ordinal:
        return ordinal
    return "NF" if word.lower() == "last" else ordinal_number(word)


def compose_field_filter(request: str, ex: Any, separator: str | None) -> str | None:
    """awk printing the lines (or one field of them) whose field passes a test the request states: "print the lines
    of data.csv whose third comma-separated field is "NY"" -> awk -F, '$3 == "NY"' data.csv; "print the 2nd column
    of data.tsv for rows whose 4th column is greater than 100" -> awk -F'\\t' '$4 > 100 {print $2}' data.tsv; the
    lines longer than N characters (awk 'length > N'); a field of the lines holding a text (grep 'X' F | cut -f N);
    the last field of each line (awk '{print $NF}'). None when the request asks none of these or names no file."""
    files = [v for v in ex.values if v.kind in ("filename", "path") and not v.text.endswith("/")]
    if not files:
        return None
    file = quote_path(files[0].text)
    m = _FIELD_TEST.search(request)
    p = _PRINTED_FIELD.search(request[:m.start()] + " " + request[m.end():] if m else request)
    sep = separator or (next((g for g in (p.group(3), p.group(4)) if g), None) if p else None) or (
        ":" if file.endswith(("passwd", "/group")) else "," if file.endswith(".csv") else "\\t" if file.endswith(".tsv")
        else None)
    opt = "" if sep in (None, " ") else f" -F'{sep}'" if not re.fullmatch(r"[\w:,]", sep) else f" -F{sep}"
    printed = ("$" + (p.group(5) or _field_number(p.group(1), p.group(2)))) if p else ""
    if m:
        field = "$" + (m.group(3) or _field_number(m.group(1), m.group(2)))
        words, value = m.group(4).lower(), next(g for g in (m.group(5), m.group(6), m.group(7)) if g is not None)
        op = next((o for w, o in _FIELD_OPS if re.search(rf"\b{w}\b", words)), "==")
        if words in (">", "<", ">=", "<=", "!=", "=="):
            op = words
        if op.startswith("~"):
            text = re.sub(r"([/\\.^$*+?()[\]{}|])", r"\\\1", value)
            test = f"{field} ~ /{'^' if op == '~^' else ''}{text}{'$' if op == '~$' else ''}/"
        elif re.fullmatch(r"-?\d+(?:\.\d+)?", value):
            test = f"{field} {op} {value}"
        else:
            test = f'{field} {op} "{value}"'
        body = f"{test} {{print {printed}}}" if printed else test
        return f"awk{opt} '{body}' {file}"
    length = _LENGTH_TEST.search(request)
    if length:
        numbered = re.search(r"\bline numbers?\b|\bnumbered\b", request, re.I)
        test = f"length {'>' if length.group(1).lower() in ('longer', 'more') else '<'} {length.group(2)}"
        action = ' {print NR ": " $0}' if numbered else ""
        return f"awk '{test}{action}' {file}"
    if not p:
        return None
    holding = _LINES_HOLDING.search(request)
    if holding and printed != "$NF":
        text = holding.group(1) or holding.group(2)
        cut = f" | cut -d'{sep}' -f {printed[1:]}" if sep not in (None, " ") else f" | awk '{{print {printed}}}'"
        return f"grep {shlex.quote(text)} {file}{cut}"
    if printed == "$NF":
        return f"awk{opt} '{{print $NF}}' {file}"
    return None
