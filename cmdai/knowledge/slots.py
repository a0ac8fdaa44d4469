"""Slots in command templates, and filling them from the words of a request.

A template marks the arguments a user varies as ``{{type:default}}`` (see
``notes/examples_format.md``)::

    find {{dir:.}} -type f -name '*.{{ext:py}}' -mtime -{{days:1}}

:func:`extract` reads typed values out of a request (quoted strings, paths, file names,
extensions, numbers, sizes, durations, ports, hosts, URLs, users, permissions, signals, names
after a keyword: "branch X", "container X"...). :func:`fill` assigns them to the template's
slots by type, in order of appearance, each value used once; a slot with no value keeps its
default. When the example request the template came with mentions the default, the words
around it are used as an anchor to find the user's value ("the word *error*" -> "the word
*timeout*").
"""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass, field

SLOT = re.compile(r"\{\{([a-z_]+)(?::((?:[^{}]|\{[^{}]*\})*))?\}\}")

STOP = frozenset("""a an the in on of to for from with by at into under below inside all any every
each my our this that these those it its is are be and or not no me i you please named called
file files dir directory directories folder folders current here there which what how do does
""".split())

_EXT_WORDS = {"python": "py", "py": "py", "javascript": "js", "js": "js", "typescript": "ts", "ts": "ts",
              "markdown": "md", "md": "md", "text": "txt", "txt": "txt", "java": "java", "shell": "sh",
              "bash": "sh", "json": "json", "yaml": "yaml", "yml": "yml", "html": "html", "css": "css",
              "jpg": "jpg", "jpeg": "jpg", "png": "png", "pdf": "pdf", "csv": "csv", "log": "log",
              "go": "go", "rust": "rs", "ruby": "rb", "php": "php", "xml": "xml", "c": "c", "cpp": "cpp",
              "header": "h", "image": "jpg", "mp3": "mp3", "mp4": "mp4", "zip": "zip", "sql": "sql",
              "conf": "conf", "config": "conf", "ini": "ini", "tmp": "tmp", "bak": "bak", "backup": "bak",
              "gif": "gif", "svg": "svg", "tex": "tex", "perl": "pl", "lua": "lua", "kotlin": "kt",
              "swift": "swift", "scala": "scala", "doc": "doc", "docx": "docx", "xls": "xls", "tsv": "tsv",
              "dat": "dat", "out": "out", "o": "o", "so": "so", "class": "class", "jar": "jar",
              "gz": "gz", "tar": "tar", "wav": "wav", "flac": "flac", "mkv": "mkv", "avi": "avi", "ogg": "ogg",
              "toml": "toml", "vue": "vue", "jsx": "jsx", "tsx": "tsx", "pyc": "pyc", "orig": "orig",
              "swp": "swp", "cs": "cs", "hpp": "hpp", "r": "r", "ipynb": "ipynb", "rst": "rst", "epub": "epub"}
SIZE = re.compile(r"(?<![\w.])([+-]?\d+(?:\.\d+)?)\s*(bytes?|b|k|kb|kib|kilobytes?|m|mb|mib|megs?|megabytes?|"
                   r"g|gb|gib|gigs?|gigabytes?|t|tb|tib|terabytes?)(?![\w])", re.I)
_DUR = re.compile(r"(?<![\w.])(\d+|an?|one|two|three|four|five|six|seven|ten|twelve|thirty)\s*"
                  r"(seconds?|secs?|minutes?|mins?|hours?|hrs?|days?|weeks?|months?|years?)\b", re.I)
_NUMWORD = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
            "ten": 10, "twelve": 12, "thirty": 30}
# an apostrophe between letters (bob's, o'clock) neither opens nor closes a single-quoted value
_QUOTED = re.compile(r"\"([^\"]+)\"|(?<![A-Za-z])'([^']+)'(?![A-Za-z])|`([^`]+)`|“([^”]+)”")
URL = re.compile(r"\b(?:https?|ftp|ssh|git)://[^\s'\"]+|\bgit@[\w.-]+:[\w./-]+")
_IP = re.compile(r"(?<![\w.@-])(?:[\w.-]+@)?(?:\d{1,3}\.){3}\d{1,3}(?:/\d{1,2})?\b")
_HOST = re.compile(r"\b(?:[\w-]+@)?(?:[a-z0-9-]+\.)+(?:com|org|net|io|dev|edu|gov|local|lan|internal|co|uk|de|"
                   r"fr|app|cloud|example)\b", re.I)
# a machine's own name: "from host web1", "on the server db01", "prod-server" (a digit or a dash says it is a name)
_NAMED_HOST = re.compile(r"\b(?:host|server|machine|box|node|vm)\s+(?:named\s+|called\s+)?"
                         r"([a-z][a-z0-9]*\d[a-z0-9-]*|[a-z][a-z0-9]*-[a-z0-9-]*[a-z0-9])(?![\w.@:/-])"
                         r"|(?<![\w.@/-])([a-z][a-z0-9]*-(?:server|host|box|node|vm)\d*)(?![\w.@:/-])")
# "copy /var/log/syslog from web02", "run uptime on db1": a bare name with a number after from/on is a machine (not an
# interface, a disk, an encoding, a format or a version)
NUMBERED_MACHINE = (r"(?!(?:eth|en[ops]|ens|eno|wlan|wlp|docker|virbr|tun|tap|bond|wg|sd[a-z]|nvme|vd[a-z]|"
                    r"xvd|mmcblk|md|loop|tty|pts|utf|latin|iso|sha|md5|mp[34]|h26|ipv|x86|i386|amd|arm|python|py|php|"
                    r"node|java|ruby|perl|gcc|ubuntu|debian|centos|fedora|rhel|win|windows|macos|ios|android|port|"
                    r"line|page|level|step|row|col|version|v)\d)([a-z][a-z]*-?\d{1,3}[a-z]?)(?![\w.@:/-])")
_FROM_HOST = re.compile(r"\b(?:from|on)\s+" + NUMBERED_MACHINE)
# ... and after of/at where the request goes over ssh ("check the uptime of db01 over ssh")
_SSH_HOST = re.compile(r"\b(?:of|at)\s+" + NUMBERED_MACHINE)
_OVER_SSH = re.compile(r"\bssh\b|\bremote(?:ly)?\b", re.I)
# a remote location "webhost:/var/www/site", "deploy@db01:~/dumps": its machine is a host (the path part is a path)
# (a machine, with its login or not, and the colon before its path)
REMOTE_PREFIX = r"(?:[\w.-]+@)?[A-Za-z][\w.-]*:"
_REMOTE = re.compile(r"(?<![\w/.:@-])((?!(?:https?|ftp|ssh|git|file|s3)://)" + REMOTE_PREFIX[:-1] + r"):(?=[/~])")
_PATH = re.compile(r"(?<![\w\"'])(~/?[\w./*-]*|\.{1,2}/[\w./*-]*|/[\w./*+-]*[\w*]/?|/|[\w.-]+/[\w./*-]+|[\w.-]+/(?![\w/]))")
# (an extension starts with a letter, so "version 2.1" names no file; 7z is the one that does not)
_FILENAME = re.compile(r"(?<![\w/.-])([\w-][\w.+-]*\.([A-Za-z][A-Za-z0-9]{0,9}|7z))(?![\w/])")
# a network interface by its usual names (eth0, enp3s0, wlan0, wlp2s0, ens33, docker0, wg0, tun0, lo)
_IFACE = re.compile(r"(?<![\w./-])(eth\d+|en[ops]\d\w*|ens\d+|eno\d+|wlan\d+|wlp\d\w*|docker\d+|br-[0-9a-f]+|virbr\d+|wg\d+|"
                    r"tun\d+|tap\d+|bond\d+|lo)(?![\w./-])")
# files people name without an extension (or with only a leading dot)
# (not Dockerfile: "build from the Dockerfile here" names the tool's default, which needs no -f)
_PLAIN_FILE = re.compile(r"(?<![\w/.-])(Makefile|GNUmakefile|Vagrantfile|Jenkinsfile|Gemfile|Rakefile|"
                         r"Procfile|Caddyfile|README|LICENSE|CHANGELOG|\.(?:bashrc|zshrc|profile|bash_profile|bash_aliases|"
                         r"gitignore|gitconfig|vimrc|npmrc|inputrc|env))(?![\w/.-])(?!(?<=\.env)\s+files\b)")
_GLOB = re.compile(r"(?<!\S)(\*[\w.*?-]*(?:\$\{?\w+\}?[\w.*?-]*)?|[\w-]*\*\.?[\w*]*|\*\.[\w]+|\*\.?\$\{?\w+\}?|"
                   r"[\w-]+\.[\w.-]*\*[\w.*-]*)(?!\S)")  # "*.$ext" too; "anaconda.*"
# a file known by a leading-dot name ("the .rhosts file", "all the .htaccess files"): the name, no extension
_DOTFILE = re.compile(r"(?<![\w/*.])(\.[A-Za-z][\w-]{1,20})(?=\s+(files?|director(?:y|ies)|folders?|dirs?)\b)")
# "all node_modules folders", "every __pycache__ directory": the name of the directories searched for (a word
# no English has: an underscore in it)
_DIRS_NAMED = re.compile(r"\b(?i:all|every|each|any)\s+(?i:of\s+)?(?i:the\s+)?([A-Za-z_][\w.-]*_[\w.-]*|[A-Z][A-Z0-9]+)\s+"
                         r"(?i:folders?|director(?:y|ies)|dirs?)\b")  # ("all CVS directories": a name in capitals)
# a step said in words: "every other line", "every third line"
_EVERY_NTH = re.compile(r"\bevery\s+(other|second|alternate|third|fourth|fifth|tenth)\s+(?:line|row|record|entry)\b", re.I)
# a name's last character said as a tilde: "files ending in ~", "names that end with a tilde"
_TILDE_SUFFIX = re.compile(r"\bend(?:s|ing)?\s+(?:in|with)\s+(?:an?\s+|the\s+)?(~|tilde)(?![\w/])", re.I)
# dotfiles people name without their dot ("the DS_Store files")
_DOTLESS = re.compile(r"(?<![\w/*.])(DS_Store|gitkeep|htaccess)(?=\s+files?\b)", re.I)
_DOTFILE_SINGLE = re.compile(r"\b(?:the|a|an|my|your|our|this|that|his|her|its|their)\s+$", re.I)
_NOT_DOTFILE = frozenset("deb rpm iso img apk exe msi dmg tgz bz2 xz 7z rar whl gem pkg bin run appimage".split())
_EXT_DOT = re.compile(r"(?<![\w/])\*?\.(tar\.(?:gz|bz2|xz|zst)\b|[A-Za-z][A-Za-z0-9]{0,5}|7z)\b")  # (.tar.gz is one)
# "move every pdf in Downloads to Documents", "all the mp3s": a format's own name stands for its files
_EXT_ALONE = re.compile(r"\b(?:every|all|each|any)\s+(?:(?:of\s+)?(?:the|my|your|our|these|those)\s+)?([A-Za-z0-9]{2,4}?)s?\b"
                        r"(?!\s+(?:files?|scripts?|sources?|documents?|images?|pages?|of)\b)", re.I)
# the bare formats a request keeps: "except png and jpg", "but not pdfs", "other than mp3s or wavs"
_EXCEPT_FORMATS = re.compile(r"\b(?:except(?:\s+for)?|but(?:\s+not)?|other\s+than|apart\s+from|besides|exclud\w*|"
                             r"not|keep(?:ing)?)\s+(?:the\s+|any\s+|all\s+)?((?:[A-Za-z0-9]{2,5}(?:\s*,\s*|\s+(?:and|or|&|nor)\s+|"
                             r"\s*,\s*(?:and|or)\s+))*[A-Za-z0-9]{2,5})\b(?![.\w/-])", re.I)
_NOUNS_NOT_FORMATS = frozenset("text config backup image header shell out so go".split())
_NOT_EXT_ALONE = frozenset({"so", "out", "go", "tmp", "log", "bak", "c", "o", "dat", "ini", "doc", "tar", "gz", "zip",
                            "jar", "md", "ts", "js", "py"})
_EXT_WORD = re.compile(r"\b([A-Za-z][A-Za-z0-9+]*)\s+(?:files?|scripts?|sources?|documents?|images?|pages?)\b", re.I)
_INT = re.compile(r"(?:(?<![\w.:/-])|(?<=\b\d-)|(?<=\b\d\d-)|(?<=\b\d{3}-))(\d+)(?![\w:/]|\.\w|\s*(?:%|bytes?|[kmgt]i?b?\b|seconds?|minutes?|hours?|days?|"
                  r"weeks?|months?|years?))", re.I)
# shell variables the request names ("in $DIR", "$DAYS days", "${FILE}"); "$1", "$@" too
_VAR = re.compile(r"(?<![\w$\\])\$(?:\{[A-Za-z_]\w*\}|[A-Za-z_]\w*|\d|@|\*)")
_VAR_DUR = re.compile(r"(\$\{?[A-Za-z_]\w*\}?)\s*(minutes?|mins?|days?)\b", re.I)
_VAR_PLACE = re.compile(r"(?:\b(?:in|under|below|from|into|to|inside|within|directory|dir|folder|path|at)\s+(?:the\s+)?)$",
                        re.I)
_PERM = re.compile(r"(?<![\w.])([0-7]{3,4})(?![\w.])")
_TIME = re.compile(r"\b(\d{1,2}:\d{2}(?::\d{2})?(?:\s*[ap]m)?|\d{1,2}\s*[ap]m)\b", re.I)
_DATE = re.compile(r"\b(\d{4}-\d{2}-\d{2}|\d{1,2}/\d{1,2}/\d{2,4})\b")
# a date written in words ("1 January 2000", "January 1st, 2000", "Mar 15 2024"): read as ISO (2000-01-01)
_MONTHS = "jan feb mar apr may jun jul aug sep oct nov dec".split()
_MONTH = r"(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|" \
         r"nov(?:ember)?|dec(?:ember)?)\.?"
_WORD_DATE = re.compile(rf"\b(?:(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH},?\s+(\d{{4}})|"
                        rf"{_MONTH}\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}}))\b", re.I)


def _word_date(m: re.Match[str]) -> str | None:
    day, month, year = (m[1], m[2], m[3]) if m[1] else (m[5], m[4], m[6])
    d = int(day)
    return f"{year}-{_MONTHS.index(month[:3].lower()) + 1:02d}-{d:02d}" if 1 <= d <= 31 else None
_COMMIT = re.compile(r"\b([0-9a-f]{6,40})\b")
_SIGNALS = {"kill": "KILL", "sigkill": "KILL", "term": "TERM", "sigterm": "TERM", "hup": "HUP",
            "sighup": "HUP", "int": "INT", "sigint": "INT", "usr1": "USR1", "sigusr1": "USR1",
            "stop": "STOP", "sigstop": "STOP", "cont": "CONT", "sigcont": "CONT"}
_DELIMS = {"comma": ",", "colon": ":", "semicolon": ";", "tab": "\\t", "space": " ", "whitespace": " ", "blank": " ",
           "pipe": "|", "dash": "-", "hyphen": "-", "period": ".", "dot": ".", "slash": "/", "equals": "="}
_DELIM_WORD = "(" + "|".join(_DELIMS) + ")"
# "comma-separated", "tab delimited", "colon as the separator", "separated by spaces"
_DELIMITER_SAID = re.compile(r"\b" + _DELIM_WORD + r"s?[- ]?(?:se?pa?rated|seperated|delimited|as (?:the )?(?:delimiter|separator))|"
                             r"\b(?:se?pa?rated|seperated|delimited) by (?:an? |the )?" + _DELIM_WORD + r"s?\b")


def said_delimiters(low: str) -> list[tuple[str, int, int]]:
    """The separators (value, start, end) the lower-cased request says its fields have ("space separated": " ")."""
    return [(_DELIMS[m.group(1) or m.group(2)], m.start(), m.end()) for m in _DELIMITER_SAID.finditer(low)]

# slot type -> words that introduce its value ("branch X", "user X", ...)
_KEYWORDS: dict[str, tuple[str, ...]] = {
    "user": ("user", "owner", "owned by", "as user", "username", "account"),
    "group": ("group",),
    "branch": ("branch",), "remote": ("remote",), "tag": ("tag", "release", "version"),
    "commit": ("commit",), "container": ("container",), "image": ("image", "tagged", "tagged as"), "volume": ("volume",),
    "network": ("network",), "namespace": ("namespace",), "pod": ("pod",), "deployment": ("deployment",),
    "service": ("service", "unit", "daemon"), "package": ("package", "install", "library", "module"),
    "process": ("process", "processes", "program", "app", "application", "kill"), "interface": ("interface", "nic"),
    "host": ("host", "server", "machine", "to", "on", "ssh into", "log into", "logged into", "login into"),
    "key": ("key",), "var": ("variable", "var", "env"),
    "name": ("named", "called", "name"), "pattern": ("word", "string", "pattern", "text", "containing",
                                                    "matching", "match", "contain", "contains", "for", "mention",
                                                    "mentions", "mentioning"),
    "text": ("text", "string", "say", "message", "line"), "message": ("message", "saying", "msg"),
    "device": ("device", "disk", "drive", "partition"), "mount": ("mount", "mountpoint"),
    "column": ("column", "field"), "shell": ("shell",), "cmd": ("command", "run", "running"),
    "pid": ("pid", "process id", "process"), "port": ("port",), "value": ("value", "to"),
    "dest": ("into", "to", "as"), "src": ("pointing to", "points to", "pointing at", "from"),
}
# "containing string", "matching": the words before a text searched for (a pattern slot's keywords), never a place
SEARCHED_TEXT = re.compile(r"\b(?:" + "|".join([w for w in _KEYWORDS["pattern"] if w != "for"] + ["regex"]) + r")\s*$",
                           re.I)
_FSTYPE = re.compile(r"\b(ext[234]|xfs|btrfs|vfat|exfat|ntfs(?:-3g)?|nfs4?|cifs|smb3|tmpfs|vboxsf|iso9660|squashfs|zfs|f2fs|"
                     r"hfsplus|udf|overlay|fuse\.sshfs)\b", re.I)


def _fs_named(request: str, x: Value) -> bool:
    """The quoted value names a filesystem type: "the "linprocfs" filesystem"."""
    return re.match(r"[\"'`]?" + re.escape(x.text) + r"[\"'`]?\s*(?:file ?system|fs)\b", request[x.start:], re.I) is not None


ORDINALS = "first second third fourth fifth sixth seventh eighth ninth tenth".split()
_ORDINAL_COLUMN = re.compile(r"\b(?:(\d+)(?:st|nd|rd|th)|(" + "|".join(ORDINALS) + r"))\s+(?:[\w-]+\s+)?(?:columns?|fields?|words?)\b",
                             re.I)
# a text encoding as people write it ("latin1", "utf8", "Windows-1251"), as iconv names it
_ENCODING = re.compile(r"(?<![\w.-])(utf-?(?:8|16|32)(?:-?[bl]e)?|latin-?[1-9]|iso-?8859-\d{1,2}|(?:us-)?ascii|"
                       r"windows-?12[5][0-8]|cp-?12[5][0-8]|cp-?437|gbk|gb2312|big5|shift[_-]jis|sjis|euc-?(?:jp|kr)|"
                       r"koi8-?[ru])(?![\w.-])", re.I)


_ORD = r"(?:\d+(?:st|nd|rd|th)|" + "|".join(ORDINALS) + r")"
# several columns named together: "the 1st and 7th fields", "the first, third and fifth columns", "fields 1 and 7"
_COLUMN_LIST = re.compile(rf"\b({_ORD}(?:\s*,\s*{_ORD})*\s*,?\s+and\s+{_ORD})\s+(?:[\w-]+\s+)?(?:columns|fields)\b|"
                          r"\b(?:columns|fields)\s+(\d+(?:\s*,\s*\d+)*\s*,?\s+and\s+\d+)\b", re.I)


def column_list(request: str) -> str | None:
    """The columns a request names together, as cut -f takes them ("the 1st and 7th fields": "1,7"), or None."""
    m = _COLUMN_LIST.search(request)
    if m is None:
        return None
    return ",".join(ordinal_number(w) for w in re.findall(r"\w+", m.group(1) or m.group(2)) if w.lower() != "and")


def ordinal_number(word: str) -> str:
    """The number an ordinal or a number says: "3rd", "third" and "3" are "3"."""
    w = word.lower()
    return re.sub(r"(?<=\d)(?:st|nd|rd|th)$", "", w) if w[:1].isdigit() else str(ORDINALS.index(w) + 1)


def ordinal_columns(request: str) -> list[str]:
    """The numbers of the columns a request names by their order ("the 3rd word", "the second field"): ["3"], ["2"]."""
    return [ordinal_number(m.group(1) or m.group(2)) for m in _ORDINAL_COLUMN.finditer(request)]


_WEEKDAYS = {d: i for i, d in enumerate("sunday monday tuesday wednesday thursday friday saturday".split())}
_CLOCK = re.compile(r"\b(?:at\s+)?(?:(noon|midday)|(midnight)|(\d{1,2})(?::(\d{2}))?\s*(a\.?m\.?|p\.?m\.?)(?!\w)"
                    r"|(?<=at\s)(\d{1,2}):(\d{2})\b|(?<=at\s)(\d{1,2})\s*o'?clock\b|(?<=at\s)([01]?\d|2[0-3])(?=\s*(?:$|[,.;]|"
                    r"\s(?:every|each|daily|on|in|with|and|using|from|to)\b)))", re.I)


def cron_schedule(request: str) -> str | None:
    """The five crontab fields (or @reboot) for the schedule the request says in words, None when it says none.

    "every 15 minutes" */15 * * * *, "every night at 2:30" 30 2 * * *, "every monday at 9am" 0 9 * * 1,
    "on weekdays at 18:00" 0 18 * * 1-5, "hourly" 0 * * * *, "on the 1st of every month" 0 0 1 * *, "at boot" @reboot."""
    low = request.lower()
    if re.search(r"\b(?:at|on|after|every)\s+(?:system\s+)?(?:re)?boot\b|\bon\s+start-?up\b|@reboot", low):
        return "@reboot"
    m = re.search(r"\bevery\s+(\d+)\s+min(?:ute)?s?\b", low)
    if m:
        return f"*/{m.group(1)} * * * *"
    if re.search(r"\bevery\s+minute\b", low):
        return "* * * * *"
    minute, hour, dom, dow = "", "", "*", "*"
    t = _CLOCK.search(low)
    if t:
        if t.group(1) or t.group(2):
            minute, hour = "0", "12" if t.group(1) else "0"
        elif t.group(3):
            h = int(t.group(3)) % 12 + (12 if t.group(5).startswith("p") else 0)
            minute, hour = str(int(t.group(4) or 0)), str(h)
        elif t.group(6):
            minute, hour = str(int(t.group(7))), str(int(t.group(6)))
        else:
            minute, hour = "0", str(int(t.group(8) or t.group(9)))
        if int(hour) > 23 or int(minute) > 59:
            return None
    m = re.search(r"\bevery\s+(\d+)\s+hours?\b", low)
    if m:
        return f"{minute or 0} */{m.group(1)} * * *"
    if re.search(r"\bhourly\b|\bevery\s+hour\b|\beach\s+hour\b", low):
        return f"{minute or 0} * * * *"
    days = [d for d in _WEEKDAYS if re.search(rf"\b(?:every|each|on)\s+(?:\w+\s+)?{d}s?\b|\b{d}s\b", low)]
    if re.search(r"\bweekdays?\b|\bmonday\s+(?:to|through|-)\s+friday\b|\bworking\s+days?\b|\bbusiness\s+days?\b", low):
        dow = "1-5"
    elif re.search(r"\bweekends?\b", low):
        dow = "0,6"
    elif days:
        dow = ",".join(str(_WEEKDAYS[d]) for d in days)
    elif re.search(r"\bweekly\b|\bevery\s+week\b|\bonce\s+a\s+week\b", low):
        dow = "0"
    m = re.search(r"\bon\s+the\s+(\d{1,2})(?:st|nd|rd|th)?\s+(?:day\s+)?of\s+(?:every|each|the)\s+month\b", low)
    if m and 1 <= int(m.group(1)) <= 31:
        dom = m.group(1)
    elif re.search(r"\bmonthly\b|\bevery\s+month\b|\bonce\s+a\s+month\b", low):
        dom = "1"
    daily = re.search(r"\b(?:daily|nightly|every\s+(?:day|night|morning|evening)|each\s+(?:day|night)|once\s+a\s+day)\b", low)
    if not (t or daily or dow != "*" or dom != "*"):
        return None
    if not t and re.search(r"\bevery\s+morning\b", low):
        minute, hour = "0", "8"
    return f"{minute or 0} {hour or 0} {dom} * {dow}"


def first_columns(request: str) -> list[str]:
    """The columns "the first N columns" names, as cut takes them ("the first three colon-separated fields": ["1-3"])."""
    return [f"1-{_NUMWORD.get(m.group(1).lower(), m.group(1))}" for m in _FIRST_COLUMNS.finditer(request)]


def _encoding_name(word: str) -> str:
    """"utf8" -> UTF-8, "latin1" -> LATIN1, "iso8859-1" -> ISO-8859-1, "windows-1251" -> WINDOWS-1251."""
    w = re.sub(r"^(UTF|ISO|WINDOWS|KOI8|EUC)-?", r"\1-", word.upper().replace("_", "-"))
    return re.sub(r"^(LATIN|CP)-", r"\1", w)


_FIRST_COLUMNS = re.compile(r"\bfirst\s+(\d+|two|three|four|five|six|seven)\s+(?:[\w-]+\s+)?(?:columns|fields)\b", re.I)
# the suffixes of common file types (a folder's name seldom ends so): config/app.ini, notes.txt; ".txt" alone is a type
COMMON_TYPE = re.compile(r"\.(?:txt|md|pdf|jpe?g|png|gif|svg|csv|tsv|json|ya?ml|xml|log|py|js|ts|html?|css|sh|c|h|cpp|"
                         r"java|go|rs|rb|php|zip|gz|tgz|tar|bz2|xz|7z|mp3|mp4|mkv|avi|wav|docx?|xlsx?|pptx?|odt|iso|"
                         r"bak|tmp|old|sql|db|conf|cfg|ini|toml|deb|rpm)$", re.I)
_NUMERIC = frozenset("num count lines pid column port days minutes size perm".split())
_NOT_PATH_WORDS = frozenset("files file directories directory dirs dir folders folder and or links link "
                            "user users groups read write input output regular normal hidden subdirectories "
                            "subdirectory subdirs subdir subfolders subfolder".split())
_PATH_TYPES = {"path", "dir", "src", "dest", "mount", "device"}
# a project's (or a home's) own folders, named bare ("under src", "files in app")
_PROJECT_DIRS = (r"src|lib|bin|docs|build|dist|tests|vendor|node_modules|public|static|assets|scripts|app|config|data|logs|"
                 r"include|templates|images|test|backups?")
# "the logs folder", "directory named build", "into the backup dir": a bare name used as a directory (not the word
# before a noun of its own: "prints folder where they are placed", "prepending directory names")
_NAMED_DIR = re.compile(r"\bthe\s+(?:(?:empty|new|old|hidden|temporary|whole|entire)\s+)?(?:folder|directory|dir)\s+"
                        # "sync the folder photos to backup", "remove the empty dir old_logs"
                        # (not a noun of the directory's own; _NOT_DIR_NAMES has tree, structure, listing...)
                        r"(?!(?:part|stack|name|path|entries|size|itself|permissions|owner|level|depth)\b)"
                        r"([A-Za-z_][\w-]*(?<!ing)(?:\.[\w-]+)*)"
                        r"(?=\s+(?:to|into|and|with|on)\b|\s*[,.;]?\s*$)"
                        r"|\b([A-Za-z_][\w.-]*)\s+(?:folder|directory|dir)\b(?!\s+(?:named|called|names?|paths?|where)\b)"
                        r"(?!\s+(?:tree|structure|layout)\s+of\b)"
                        r"|\b(?:folder|directory|dir)\s+(?:named\s+|called\s+)(?!(?:after|for|like|by)\b)([A-Za-z_][\w.-]*)"
                        # "under public_html": a word no English has, where a place goes
                        r"|\b(?:under|beneath|below|inside|within)\s+([A-Za-z][a-z0-9]*_[\w-]*|" + _PROJECT_DIRS + r")(?![\w.-])(?!\s+(?:folders?|director\w*|dirs?|files?)\b)"
                        # "sync photos to /mnt/backup": what a directory copy takes first is a folder
                        r"|^\W*(?:please\s+)?(?:sync|mirror|rsync|back\s*up)\s+(?:the\s+|my\s+)?([A-Za-z_][\w-]*)(?=\s+(?:to|into|onto|with)\s)"
                        # "list files in src", "remove everything in build": a project's own folders, after "in"
                        r"|\b(?:files?|everything|anything|all|contents|entries|lines|code|sources?|scripts?|[\w*]*\.\w+)\s+"
                        r"(?:(?:are|is|there)\s+)?(?:in|from|of)\s+(" + _PROJECT_DIRS + r")"
                        r"(?![\w./-])"
                        r"(?!\s+(?:folders?|director\w*|dirs?|files?)\b)"
                        # "move every pdf in Downloads to Documents", "from my desktop": the home's own folders
                        r"|\b(?:in|from|to|into|under|inside|within|onto|on)\s+(?:(?:the\s+)?(?-i:(Downloads|Documents|Desktop|"
                        r"Pictures|Music|Videos))|my\s+(downloads|documents|desktop|pictures|music|videos))"
                        r"(?![\w./-])(?!\s+(?:folders?|director\w*|dirs?|files?)\b)"
                        # "the size of node_modules", "everything in my_project": a word no English has, after a place's
                        # preposition
                        r"|\b(?:in|into|from|(?:size|contents?|usage) of)\s+(?-i:([a-z][a-z0-9]*_[a-z0-9_-]*))"
                        r"(?![\w./-])(?!\s+(?:folders?|director\w*|dirs?|files?)\b)"
                        # "show the directory tree of src": the folder drawn
                        r"|\b(?:directory|folder)\s+(?:tree|structure|layout)\s+of\s+(?!(?:the|this|my|a|our|your)\b)"
                        r"([A-Za-z_][\w.-]*[\w-])(?![\w./-])"
                        # "replace X with Y in all .html files under site": a bare word under which the files are, where
                        # the request goes on with what they are or ends
                        r"|\b(?:files?|director(?:y|ies)|folders?|everything|anything|[\w*]*\.\w+)\s+(?:\w+\s+)?"
                        r"(?:under|beneath|below)\s+(?-i:([a-z][a-z0-9_-]*))(?![\w./-])"
                        r"(?=\s*[,;:?]?\s*$|\s*[,;]|\s+(?:that|which|whose|with|for|and|to|contain\w*|modified|changed|"
                        r"larger|bigger|smaller|older|newer|owned|named|called|matching|except|excluding|but|recursively|"
                        r"sorted|ending|where|having|more|less|not|in|into|from|by)\b)",
                        re.I)
# "the nginx error log", "the auth log": where Debian and Ubuntu keep them
_KNOWN_LOG = re.compile(r"\b(?:(?:(nginx|apache2?|httpd)(?:'s)?\s+(error|access)|(auth(?:entication)?|kern|dpkg))\s+log\b(?!\s*\.)"
                        r"|(?:(?<=the )|(?<=of )|(?<=in )|(?<=from ))(sys)log\b(?![\w.-]|\s+(?:service|daemon|server|config\w*|facility|priority|protocol)\b))",
                        re.I)
# "compare the folders src and backup": two bare names after a plural, both directories
_DIR_PAIR = re.compile(r"\b(?:folders|directories|dirs)\s+([A-Za-z_][\w-]*(?:\.[\w-]+)*)\s+(?:and|&|with)\s+"
                       r"([A-Za-z_][\w-]*(?:\.[\w-]+)*)(?![\w/-])",
                       re.I)
# "copy the file notes to bob@server1:/tmp": a bare name after "the file", where what is done to it goes on (not
# where output goes: "writing the output to the file files_and_folders")
_NAMED_FILE = re.compile(r"(?<!\bto )(?<!\binto )(?<!\bin )\bthe\s+file\s+(?!(?:system|systems|names?|paths?|types?|sizes?|contents?|count|mode|modes|list|"
                         r"listing|tree|format|encoding|extension|owner|ownership|permissions|timestamps?|dates?|times?|"
                         r"attributes|descriptors?|handles?|manager|itself|level|structure|hierarchy)\b)"
                         r"([A-Za-z_][\w-]*(?<!ing))(?=\s+(?:to|into|onto|and|with|on|from|over)\b|\s*[,.;]?\s*$)", re.I)
# words that stand for a place already named ("everything under it", "all .pyc files under here")
_HERE_WORDS = frozenset("it them here there this that these those".split())
_NOT_DIR_NAMES = frozenset("""a an the this that these those my your our their its his her current working
home parent same each every any all given specified target source destination dest entire whole root sub
empty new other another one some top base which what whose same named called tree structure and or of to in
into from with under below inside within for on at by is are be that where containing contents listing
hierarchy recursively only excluding except excluded skipping ignoring without same new old existing temporary specific particular user users system file files
directory directories folder folders dir dirs script output input first last next previous largest biggest smallest
oldest newest latest heaviest tiniest
list show display print view open delete remove erase create make copy move rename find search count check
get enter go change cd compress zip sync mirror clean clear whole""".split())
# ("the tmp folder" is as often ./tmp as /tmp: no alias, so "delete the tmp folder" never becomes rm -rf /tmp)
_DIR_ALIASES = {"temp": "/tmp", "downloads": "~/Downloads", "download": "~/Downloads",
                "desktop": "~/Desktop", "documents": "~/Documents", "pictures": "~/Pictures", "music": "~/Music",
                "videos": "~/Videos"}
_FILE_TYPES = {"file", "archive"}


@dataclass
class Value:
    text: str
    start: int
    kind: str  # quoted, path, filename, ext, size, days, minutes, int, url, host, ip, perm, ...
    used: bool = False
    weak: bool = False  # read off a plain word ("today" -> 1 day): fills a slot, but no template must take it


@dataclass
class Extracted:
    request: str
    values: list[Value] = field(default_factory=list)
    words: list[str] = field(default_factory=list)
    file_slots: int = 0  # how many file/path slots the template being filled has (set by fill)
    encoding_slots: int = 0  # how many text-encoding slots it has (iconv -f X -t Y: 2), and how many were read
    encodings_filled: int = 0
    slot_exts: set[str] = field(default_factory=set)  # extensions of its file slots' defaults (set by fill)
    has_dest: bool = False  # whether it has a destination slot (set by fill)
    has_place: bool = False  # ... or any place slot (a path, directory, source or destination)
    reads: bool = False  # whether the slot being filled is one a program reads the lines of (set by fill)
    literal: set[str] = field(default_factory=set)  # the words the template writes itself, paths' last parts too (fill)
    searched: set[str] = field(default_factory=set)  # the values its pattern slots took (set by fill)
    taken: set[str] = field(default_factory=set)  # values the template being filled already holds
    dirs: set[str] = field(default_factory=set)  # the names the request calls folders ("the src folder", "in src")
    tools: set[str] = field(default_factory=set)  # the programs it runs (set by fill, and taken): "prepend the date
    # to ping output" names no machine "ping", "the npm package express" no package "npm" (a quoted 'command "file"'
    # after its keyword still is the value)

    def of(self, *kinds: str) -> list[Value]:
        return [v for v in self.values if v.kind in kinds and not v.used]


def slots(template: str) -> list[tuple[str, str]]:
    """[(type, default)] of a template, in order."""
    return [(m.group(1), m.group(2) or "") for m in SLOT.finditer(template)]


def render_default(template: str) -> str:
    """The template with every slot replaced by its default."""
    return SLOT.sub(lambda m: m.group(2) or m.group(1).upper(), template)


def _dur_amount(num: str, unit: str) -> tuple[float, str]:
    n = float(_NUMWORD.get(num.lower(), num) if not num.isdigit() else num)
    u = unit.lower()
    if u.startswith(("min",)):
        return n, "minutes"
    if u.startswith(("hour", "hr")):
        return n * 60, "minutes"
    if u.startswith("day"):
        return n, "days"
    if u.startswith("week"):
        return n * 7, "days"
    if u.startswith("month"):
        return n * 30, "days"
    return n * 365, "days"


# lines that start or end with a text ("lines in access.log that start with 192.168", "lines ending in failed",
# "lines that don't start with #"): the text anchored, as a pattern (group 1 the side, group 3 the text)
_ANCHORED = re.compile(r"\b(?:lines?|rows?)\b(?:(?![.;]\s).)*?\b(?:that\s+|which\s+)?(?:(?:do|does)(?:n't|\s+not)\s+)?"
                       r"(start|begin|end)(?:s|ing)?\s+(?:with|in)\s+(?:an?\s+|the\s+)?(?:(?:word|string|text|character|"
                       r"prefix|suffix)\s+)?([\"'`]?)([^\s\"'`]+?)\2(?=[\s,;?!]|[.](?:\s|$)|$)", re.I)
_CHAR_NAMES = {"semicolon": ";", "colon": ":", "comma": ",", "period": "\\.", "dot": "\\.", "hash": "#", "space": " ",
               "slash": "/", "digit": "[0-9]", "number": "[0-9]", "tab": "\t", "letter": "[A-Za-z]"}
_BRE_SPECIAL = re.compile(r"[.\[\]*^$\\]")


def format_ext(word: str) -> str | None:
    """The extension a bare format word names ("pdfs", "png", "mp3s"), or None for a noun that is no format here
    ("config", "text", "backup": "except the config" keeps no *.conf)."""
    w = word.lower()
    w = w if w in _EXT_WORDS or not w.endswith("s") else w[:-1]
    return _EXT_WORDS.get(w) if re.fullmatch(r"[a-z0-9]+", w) and w not in _NOUNS_NOT_FORMATS else None


def extract(request: str) -> Extracted:
    """Typed values in ``request``, in order of appearance (overlaps resolved first-kind-wins)."""
    ex = Extracted(request)
    taken: list[tuple[int, int]] = []

    def free(a: int, b: int) -> bool:
        return all(b <= x or a >= y for x, y in taken)

    def add(kind: str, text: str, a: int, b: int, claim: bool = True, weak: bool = False) -> None:
        if free(a, b):
            ex.values.append(Value(text, a, kind, weak=weak))
            if claim:
                taken.append((a, b))

    for m in _ANCHORED.finditer(request):  # "lines that start with 192.168": the regular expression ^192\.168
        text = _CHAR_NAMES.get(m.group(3).lower()) or _BRE_SPECIAL.sub(r"\\\g<0>", m.group(3))
        add("anchored", f"^{text}" if m.group(1).lower() in ("start", "begin") else f"{text}$", m.start(3) - len(m.group(2)),
            m.end(3) + len(m.group(2)))
    for m in _EVERY_NTH.finditer(request):  # "every other line": a step of 2 (sed -n '1~2p'), "every third": 3
        add("int", "2" if m.group(1).lower() in ("other", "second", "alternate") else ordinal_number(m.group(1)),
            m.start(), m.end(), weak=True)
    for m in _TILDE_SUFFIX.finditer(request):  # "backup files ending in ~": the glob *~, not the home directory
        add("glob", "*~", m.start(1), m.end(1))
    for m in _QUOTED.finditer(request):
        text = next(g for g in m.groups() if g is not None)
        add("url" if URL.fullmatch(text) else "quoted", text, m.start(), m.end())  # "https://x/install.sh" is a URL
    for m in re.finditer(r"(?<![\w\"'`])#!\S+", request):  # "add #!/bin/bash as the first line": a line, no path
        add("shebang", m.group(0), m.start(), m.end())
    for m in URL.finditer(request):
        add("url", m.group(0).rstrip(".,)"), m.start(), m.end())
    for m in _IP.finditer(request):
        add("ip", m.group(0), m.start(), m.end())
    for m in SIZE.finditer(request):
        num, unit = m.group(1), m.group(2).lower()
        letter = {"b": "c", "k": "k", "m": "M", "g": "G", "t": "T"}[unit[0]] if not unit.startswith("byte") else "c"
        add("size", f"{num}{letter}", m.start(), m.end())
    for m in _VAR_DUR.finditer(request):
        add("minutes" if m.group(2).lower().startswith("min") else "days", m.group(1), m.start(), m.end())
    for m in _DUR.finditer(request):
        if m.group(2).lower().startswith("sec"):  # "10 seconds": a count of seconds (sleep 10), no 0.1667 minutes
            add("seconds", str(_NUMWORD.get(m.group(1).lower(), m.group(1))), m.start(), m.end())
            continue
        amount, unit = _dur_amount(m.group(1), m.group(2))
        txt = str(int(amount)) if amount == int(amount) else f"{amount:g}"
        add(unit, txt, m.start(), m.end())
    low = request.lower()
    for word, days in (("yesterday", 1), ("today", 1), ("last week", 7), ("past week", 7), ("last month", 30),
                       ("past month", 30), ("last year", 365), ("past year", 365), ("last day", 1), ("past day", 1),
                       ("an hour", 60), ("last hour", 60), ("past hour", 60)):
        i = low.find(word)
        if i >= 0:
            add("days" if not word.endswith("hour") else "minutes", str(days), i, i + len(word), claim=False, weak=True)
    for m in _TIME.finditer(request):
        add("time", m.group(1), m.start(), m.end())
    for m in _DATE.finditer(request):
        add("date", m.group(1), m.start(), m.end())
    for m in _WORD_DATE.finditer(request):
        iso = _word_date(m)
        if iso:
            add("date", iso, m.start(), m.end())
    for m in _HOST.finditer(request):
        add("host", m.group(0), m.start(), m.end())
    for m in _REMOTE.finditer(request):
        add("host", m.group(1), m.start(1), m.end(1))
    for m in _NAMED_HOST.finditer(request):
        g = 1 if m.group(1) else 2
        add("host", m.group(g), m.start(g), m.end(g))
    for m in _FROM_HOST.finditer(request):
        add("host", m.group(1), m.start(1), m.end(1))
    for m in _SSH_HOST.finditer(request) if _OVER_SSH.search(request) else ():
        add("host", m.group(1), m.start(1), m.end(1))
    for m in _ENCODING.finditer(request):
        add("encoding", m.group(1), m.start(1), m.end(1))
    for m in _IFACE.finditer(request):
        add("iface", m.group(1), m.start(1), m.end(1))
    for m in _PLAIN_FILE.finditer(request):
        add("filename", m.group(1), m.start(1), m.end(1))
    for m in _GLOB.finditer(request):
        add("glob", m.group(1), m.start(), m.end(), claim=False)
    for m in _DOTFILE.finditer(request):
        w = m.group(1)[1:].lower()
        if w in _EXT_WORDS or w in _EXT_WORDS.values() or w in _NOT_DOTFILE:
            continue
        if len(w) > 6 or not m.group(2).startswith("file") or \
                m.group(2) == "file" and _DOTFILE_SINGLE.search(request[:m.start()]):
            # more than an extension's length, a directory (which has none), or "the X file"
            add("filename", m.group(1), m.start(), m.end(1))
    for m in _DOTLESS.finditer(request):  # "remove all the DS_Store files": the files named .DS_Store
        add("filename", "." + m.group(1), m.start(1) - 1, m.end(1))  # (where the dot would be: its text ends at the name's end)
    for m in _DIRS_NAMED.finditer(request):
        add("filename", m.group(1), m.start(1), m.end(1))
    for m in _EXT_DOT.finditer(request):
        if m.group(0).startswith(("*", ".")):
            add("ext", m.group(1), m.start(), m.end())
    for m in _VAR.finditer(request):
        place = _VAR_PLACE.search(request[:m.start()]) and not re.match(r"\s*(?:files?|lines?)\b", request[m.end():])
        add("path" if place else "var", m.group(0), m.start(), m.end())
    for m in _PATH.finditer(request):
        p = m.group(1).rstrip(".,;:")
        if re.fullmatch(r"[A-Za-z]+/[A-Za-z]+", p) and set(p.lower().split("/")) <= _NOT_PATH_WORDS:
            continue
        if p and p not in ("/",) or (p == "/" and re.search(r"(?:^|\s)/(?:\s|$)", request)):
            add("path", p, m.start(), m.start() + len(p))
    for m in _KNOWN_LOG.finditer(request):
        server = {"apache": "apache2", "httpd": "apache2"}.get(m.group(1).lower(), m.group(1).lower()) if m.group(1) else ""
        if m.group(4):  # "the syslog"
            add("path", "/var/log/syslog", m.start(), m.end())
            continue
        add("path", f"/var/log/{server}/{m.group(2).lower()}.log" if server else
            f"/var/log/{'auth' if m.group(3).lower().startswith('auth') else m.group(3).lower()}.log", m.start(), m.end())
    for m in _NAMED_DIR.finditer(request):
        g = next(i for i in range(1, _NAMED_DIR.groups + 1) if m.group(i))
        name, a = m.group(g), m.start(g)
        if name and not name.isdigit() and (name.lower() not in _NOT_DIR_NAMES or g == 3 and name.lower() not in STOP) \
                and not (g == 11 and name.lower() in STOP | _HERE_WORDS):
            # after "folder named", any word is the name ("delete an empty folder named old")
            add("path", _DIR_ALIASES.get(name.lower(), name), a, a + len(name))
            ex.dirs.add(_DIR_ALIASES.get(name.lower(), name))
    for m in _NAMED_FILE.finditer(request):
        if m.group(1).lower() not in _NOT_DIR_NAMES:
            add("filename", m.group(1), m.start(1), m.end(1))
    for m in _DIR_PAIR.finditer(request):
        if not {m.group(1).lower(), m.group(2).lower()} & _NOT_DIR_NAMES:
            for g in (1, 2):
                add("path", m.group(g), m.start(g), m.end(g))
                ex.dirs.add(m.group(g))
    for m in _FILENAME.finditer(request):
        if re.fullmatch(r"tar\.\w+", m.group(1), re.I):
            continue  # "make a tar.gz of the website folder": a format, not a file
        if m.group(2).lower() in _EXT_WORDS or len(m.group(2)) <= 4 or \
                re.search(r"\b(?:named|called)\s+$", request[:m.start()], re.I):  # named orm.properties
            add("filename", m.group(1), m.start(), m.end())
    for m in _EXT_WORD.finditer(request):
        w = m.group(1).lower()
        if w == "config" and re.search(r"\b(?:its|their)\s+$", request[:m.start()], re.I):
            continue  # "remove nginx along with its config files": the program's own settings, not *.conf
        if w == "out" and re.search(r"\b(?:clean|clear|weed|sort|print|find|check|throw|filter|pick|sift|carry|"
                                    r"single|point|leave|cut|wipe)\w*\s+$", request[:m.start()], re.I):
            continue  # "clean out files older than 7 days", "weed out files": a verb's particle, no *.out
        if w in _EXT_WORDS:
            add("ext", _EXT_WORDS[w], m.start(), m.start() + len(m.group(1)), claim=False)
    for m in _EXT_ALONE.finditer(request):
        w = m.group(1).lower()
        if _EXT_WORDS.get(w) == w and w not in _NOT_EXT_ALONE:
            add("ext", w, m.start(1), m.end(1), claim=False)
    for m in _EXCEPT_FORMATS.finditer(request):
        # "delete all images except png and jpg", "everything in downloads except pdfs": the formats kept are extensions
        for w in re.finditer(r"[A-Za-z0-9]+", m.group(1)):
            ext = format_ext(w.group(0))
            if ext:
                add("ext", ext, m.start(1) + w.start(), m.start(1) + w.end(), claim=False)
    for m in _PERM.finditer(request):
        if re.search(r"perm|chmod|mode|access|755|644|700|600|777", low):
            add("perm", m.group(1), m.start(), m.end())
    for m in _DECIMALS.finditer(request):  # "to 4 decimal places": bc's scale, no other number
        add("decimals", m.group(1), m.start(), m.end())
    for m in _EXPR.finditer(request):  # "calculate 17.5 * 3.2", "divide 22 by 7": the arithmetic, as bc writes it
        if not m.group(1) or _MATH_ASKED.search(request):  # (not "lines 10-20", "on 10/3")
            add("expr", _arithmetic(m), m.start(), m.end())
    for m in _INT.finditer(request):
        add("int", m.group(1), m.start(), m.end())
    for m in re.finditer(r"(?<!\bevery )\b(\d+)(?:st|nd|rd|th)\s+(?=(?:line|row|column|field|word|char\w*|byte|entry|item|"
                         r"file)s?\b)", request, re.I):
        add("int", m.group(1), m.start(), m.end(1))  # "the 3rd line of notes.txt": line 3 (not "every 3rd line")
    for m in _COMMIT.finditer(request):
        if re.search(r"[a-f]", m.group(1)) and re.search(r"\d", m.group(1)):
            add("commit", m.group(1), m.start(), m.end())
    for m in re.finditer(r"\b(sig)?(kill|term|hup|int|usr1|stop|cont)\b", low):
        if "signal" in low or m.group(1) or m.group(2) in ("hup", "usr1"):
            add("signal", _SIGNALS[(m.group(1) or "") + m.group(2)], m.start(), m.end(), claim=False)
    for value, start, end in said_delimiters(low):
        add("delimiter", value, start, end, claim=False)
    m = re.search(r"\b(?:current|this|working|present) (?:working )?(?:dir|directory|folder)|\bhere\b", low)
    if m:
        ex.values.append(Value(".", m.start(), "herepath"))
    # not someone's home to be ("create user bob with a home directory", "delete the user and his home directory")
    m = re.search(r"(?<!\bwith )(?<!\bwithout )(?<!\ba )(?<!\bhis )(?<!\bher )(?<!\btheir )(?<!\bits )(?<!\bown )"
                  r"\bhome (?:dir|directory|folder)\b|\bmy home\b", low)
    if m:
        ex.values.append(Value("~", m.start(), "herepath"))
    ex.values.sort(key=lambda v: v.start)
    # a kind read from a noun that the request then defines by a pattern ("editor backup files ending in ~"): the
    # pattern is what it names, not the noun's usual extension (*.bak)
    ex.values = [v for v in ex.values if not (
        v.kind == "ext" and request[v.start:v.start + 1].isalpha() and
        _DEFINED_AFTER.match(request, v.start) and any(w.kind == "glob" and w.start > v.start for w in ex.values))]
    ex.words = re.findall(r"[\w.@/~*:+${}-]+", request)
    return ex


_DEFINED_AFTER = re.compile(r"\w+\s+files?\s+(?:(?:that|which)\s+)?(?:end(?:s|ing)?|start(?:s|ing)?|begin(?:s|ning)?|"
                            r"named|called|match(?:es|ing)?)\b", re.I)


def _after_keyword(ex: Extracted, keywords: tuple[str, ...], skip: frozenset[str] = frozenset(),
                   shape: re.Pattern[str] | None = None) -> str | None:
    """The word that follows one of ``keywords`` in the request (skipping articles; with ``skip``,
    also those words and numbers: a host is neither "port" nor "80"; with ``shape``, only a word of that shape)."""
    low = ex.request.lower()
    for kw in keywords:
        for m in re.finditer(rf"\b{re.escape(kw)}\s+(?:exactly\s+|precisely\s+)?(?:the\s+|a\s+|an\s+|named\s+|called\s+|tagged\s+)?"
                             r"(?:exactly\s+|precisely\s+)?"
                             r"([\"']?)([\w@.:/~+-]+)\1", low):
            word = ex.request[m.start(2):m.end(2)]
            if skip and re.fullmatch(r"\.\w{1,5}", word):
                continue  # "rename the .jpeg files to .jpg": an extension is no place, host or name
            if shape is not None and not shape.fullmatch(word.rstrip(".,")):
                continue
            quoted = bool(m.group(1))  # 'variable "a"': a quoted word is the value, even a short or common one
            if (quoted or word.lower() not in STOP | _NOT_ANCHORED and len(word) > 1) and \
                    word.rstrip(".,").lower() not in skip \
                    and not (skip and word.isdigit()) \
                    and (word.rstrip(".,") not in ex.taken or (quoted and word in ex.tools)):
                return word.rstrip(".,")
    return None


# words before "service"/"group" that name none ("the systemd service", "a new group")
_NOT_NAMES = frozenset("systemd new user users primary secondary my your this that every each same".split())
_NOT_CONTAINERS = _NOT_NAMES | frozenset("docker running stopped exited existing last latest old other first one".split())
# words that are no user's name, wherever a request seems to name one (the slot reader's and the ranker's)
NOT_USERS = _NOT_NAMES | frozenset("""current other another normal regular system logged unprivileged given specific
single non-root sudo linux unix local remote default first last one root-level admin-level ssh git ftp web
database groups group files file processes process home password passwords shell input interface guide manual agent
agents space id ids names name accounts account mode owns owned own has have is was runs ran started the a me myself
everyone list info information directory directories crontab level data sessions session logins login permissions
settings limits quota""".split())
_NOT_BRANCHES = _NOT_NAMES | frozenset("""current remote local default other git upstream tracking feature rename create
delete remove switch checkout merge push pull show list make a the""".split())
_NOT_PROCESS_NAMES = _NOT_NAMES | frozenset("""all any running zombie zombies defunct background foreground child parent
children root system other stuck hung frozen old long heavy busy active current those these several many the a kill stop
list show find count idle sleeping stopped suspended top biggest hungriest""".split())
# slot kind -> (its value written before a noun, words there that name none)
_SERVICE_BEFORE = re.compile(r"\b([A-Za-z][\w@.-]*)\s+(?:service|unit|daemon|group|server(?=\s+(?:start|run|launch|"
                             r"load|come|at|on|from|automatically)\b|\s*$))\b")
# "make the ssh server start at boot": words before "server" that name no service
_NOT_SERVERS = frozenset("""web remote file mail dns http database db game dev development production prod local test
staging build home media print proxy app application x display""".split())
_NAMED_BEFORE: dict[str, tuple[re.Pattern[str], frozenset[str]]] = {
    "service": (_SERVICE_BEFORE, _NOT_NAMES | _NOT_SERVERS), "group": (_SERVICE_BEFORE, _NOT_NAMES),
    "container": (re.compile(r"\b(?<!['’])([A-Za-z][\w@.-]*)\s+container\b"), _NOT_CONTAINERS),
    "branch": (re.compile(r"\b(?<!['’])([A-Za-z][\w@./-]*)\s+branch\b"), _NOT_BRANCHES),
    "package": (re.compile(r"\b(?<!['’])([A-Za-z][\w.+-]*)\s+package\b"), _NOT_NAMES),
    # "kill all python3 processes" (not "all running processes", "the zombie processes")
    "process": (re.compile(r"\b(?<!['’])([A-Za-z][\w.+-]*)\s+process(?:es)?\b(?!\s*(?:id|ids|list|tree|name)s?\b)"), _NOT_PROCESS_NAMES),
    # "the postgres user" (not "give user and group ...", "the groups user X belongs to")
    "user": (re.compile(r"\b(?:the|my|our|this|that)\s+([a-z_][\w.-]*)\s+user\b(?!\s*(?:name|id|account)s?\b)(?!\s+[\w.-]*[-_.\d][\w.-]*)"), NOT_USERS),
}


def _named_before(ex: Extracted, kind: str) -> tuple[str, int] | None:
    """(name, where) of the word written before the kind's noun ("the docker service", "the vim package"),
    when it is a name."""
    rx, none = _NAMED_BEFORE[kind]
    m = rx.search(ex.request)
    if m is None or m.group(1).lower() in STOP | none:
        return None
    return m.group(1), m.start(1)


# "forward port 8080 to port 80 on web01": words after "to"/"on" that name no machine
_NOT_HOSTS = frozenset("port ports server servers host hosts machine remote local file files folder directory container "
                       "disk screen stdout output background foreground "
                       # the verb of "need to see what's using port 3000": no machine
                       "see check know find get make do be use show list view look start stop run kill open read "
                       "watch test print count".split())


def _named_program(ex: Extracted) -> str | None:
    """A program the request names as an argument: a quoted installed command ('ls'), or one right
    after for/of/about/is/command... ("the man page for rsync", "where is python3 installed")."""
    import shutil

    from ..generation.shparse import PLAIN_WORDS

    def ok(w: str) -> bool:
        # a program on PATH, not shparse.installed: that also accepts builtins, and "of command 'x'" or
        # "the source" name no program (measured: held-out -0.2270 -> -0.2296 with it)
        w = w.lower()
        return len(w) > 1 and w not in STOP and w not in PLAIN_WORDS and shutil.which(w) is not None

    for v in ex.of("quoted"):
        if re.fullmatch(r"[a-z][\w.+-]*", v.text) and ok(v.text):
            return v.text
    for m in re.finditer(r"\b(?:for|of|about|is|does|command|program|tool|utility|binary|executable|how long)\s+"
                         r"(?:the\s+)?([a-z][\w.+-]*)", ex.request.lower()):
        if ok(m.group(1)):
            return m.group(1)
    return None


# "add bob to the sudo group", "add user alice to docker group": the user a group gains
ADDED_USER = re.compile(r"\b(?:add|put|place)\s+(?:the\s+)?(?:user\s+)?([A-Za-z_][\w.-]*)\s+(?:to|into|in)\s+(?:the\s+)?"
                        r"(?:[\w.-]+\s+)?groups?\b", re.I)
# "as deploy", "as the user 'admin'": a login name (group 1)
_AS_NAME = r"as\s+(?:(?:the\s+)?user\s+)?[\"'`]?([a-z_](?:[\w.-]*[\w-])?)"
# the user slot's readings, in order: "change the owner of all files in D to netinst" (the new owner), then
# "add bob to the sudo group"
_USER_READINGS = (re.compile(r"\bowner(?:ship)?\b(?:(?!\bgroup\b).)*?\bto\s+(?:(?:the\s+)?user\s+)?[\"'`]?"
                             r"([A-Za-z_$][\w.${}-]*)", re.I), ADDED_USER,
                  # "copy x to /srv on db01, logging in as ops"
                  re.compile(r"\blog(?:ging|ged)?\s*(?:in|on)\s+" + _AS_NAME, re.I),
                  # "reset the password for carol", "lock the account of bob", "change the login shell of dave"
                  re.compile(r"\b(?:password|passwd|account|(?:login\s+)?shell|crontab|quota|home\s+(?:directory|dir|folder))"
                             r"\s+(?:of|for)\s+(?:the\s+)?(?:user\s+)?[\"'`]?([a-z_](?:[\w.-]*[\w-])?)(?![\w./])", re.I),
                  # "let alice use docker", "allow bob to run sudo"
                  re.compile(r"^\W*(?:please\s+)?(?:let|allow)\s+([a-z_][\w-]*)\s+(?:to\s+)?(?:use|run|access|manage)\b", re.I))
# one name for both: "change the owner and group of app.conf to deploy" is deploy:deploy
_BOTH_TO = re.compile(r"\b(?:(?:owner(?:ship)?|user)\s+and\s+group|group\s+and\s+owner(?:ship)?)\b(?:(?![,;]).)*?\bto\s+"
                      r"(?:(?:the\s+)?user\s+)?[\"'`]?([A-Za-z_][\w.-]*[\w-]|[A-Za-z_])[\"'`]?(?=\s*(?:$|[,;!?]|\.(?:\s|$)|\s))", re.I)
# a line a request adds somewhere in a file, as it says it ("add #!/bin/bash as the first line of run.sh")
_LINE_ADDED = re.compile(r"^\W*(?:please\s+)?(?:add|insert|prepend|put|write|append)\s+(?:the\s+(?:line|text|string)\s+)?"
                         r"([^\s\"'`]\S*(?:\s+\S+){0,4}?)\s+(?:as\s+the\s+(?:new\s+)?(?:first|last|top)\s+line|"
                         r"(?:at|to)\s+the\s+(?:very\s+)?(?:top|beginning|start|end|bottom))\b", re.I)
_LINE_PREPENDED = re.compile(r"^\W*(?:please\s+)?prepend\s+(?:the\s+(?:line|text|string)\s+)?([^\s\"'`].*?)\s+to\s+\S+\s*$",
                             re.I)
# what a process's command line or name holds: "any process with celery in its command line"
_HELD_IN_LINE = re.compile(r"\bwith\s+[\"'`]?([\w.@/+-]+)[\"'`]?\s+in\s+(?:its|their|the)\s+(?:full\s+)?"
                           r"(?:command[- ]?lines?|cmdlines?|names?|arguments|args)\b", re.I)
# the group a request gives on its own: "... and its group to developers", "set the group of x.txt to staff"
_GROUP_TO = re.compile(r"\bgroup\b(?:\s+(?:of|for|on)\s+[\w./~\"'-]+)?\s+(?:to|as)\s+(?:the\s+)?[\"'`]?"
                       r"([A-Za-z_][\w.-]*[\w-]|[A-Za-z_])(?![\w:])", re.I)
# "user:group", as chown takes them ("to www-data:www-data"); no host:path ("db1:/srv") nor a file
_OWNER_PAIR = re.compile(r"(?<![\w/:.@-])([a-z_][\w-]*):([a-z_][\w-]*)(?![\w/:@.-])", re.I)
# the login of a remote command: "as deploy", "as the user admin," (the name ends the phrase or a clause follows),
# not "as soon as possible"
_LOGIN_AS = re.compile(r"\b" + _AS_NAME + r"[\"'`]?(?=\s*(?:$|[,;:!?]|\.(?:\s|$))|"
                       r"\s+(?:on|with|using|via|and|over|at|to|through|from|into|port|in)\b)", re.I)
_NOT_LOGINS = frozenset("possible usual well needed required expected before always follows shown root-only".split())


_SINCE = re.compile(r"\b(today|yesterday)\b|\b(?:last|past)\s+(?:(\d+|an?|one|two|three|few)\s+)?(minute|hour|day|week)s?\b"
                    r"|\b(\d+)\s+(minute|hour|day|week)s?\s+ago\b", re.I)


def _since(request: str) -> str | None:
    """A point in time as journalctl --since reads it: today, yesterday, "2 hours ago" ("in the last 2 hours")."""
    m = _SINCE.search(request)
    if m is None:
        return None
    if m.group(1):
        return m.group(1).lower()
    count, unit = (m.group(2), m.group(3)) if m.group(3) else (m.group(4), m.group(5))
    n = {"a": "1", "an": "1", "one": "1", "two": "2", "three": "3", "few": "3", None: "1"}.get(
        (count or "").lower() or None, count)
    return f"{n} {unit.lower()}{'s' if n != '1' else ''} ago"


# what follows "service" or "unit" and is about it, not its name ("the nginx service logs", "unit file")
_ABOUT_SERVICE = frozenset("""logs log status state config configuration file files is was has that which and or
restarts restart starts runs running failed since from for with on in at to""".split())


# "is postgres running?", "is curl installed": what the request asks about (a service, process or package)
def asked_about(states: str) -> str:
    """The pattern of "is X <state>" (its group 1 is X) for the states ``states`` (an alternation): X is a name, not a
    word like "currently" or "services" ("which services are currently running?"); "where is X installed" asks no
    yes or no."""
    return (r"(?<!\bwhere\s)(?<!\bwhen\s)(?<!\bhow\s)(?<!\bwhy\s)\b(?:is|are)\s+(?:the\s+)?(?!(?:currently|now|still|actually|really|all|there|they|it|you|we|processes|"
            r"services|containers|jobs|programs|apps)\b)([a-z][\w@.-]*)\s+(?:still\s+|already\s+)?(?:" + states + r")\b")


ASKED_ABOUT = re.compile(asked_about("running|up|alive|active|installed|enabled"), re.I)
# "make docker start automatically at boot", "stop bluetooth from starting on boot": a service by what it does
STARTED_SERVICE = re.compile(r"\b(?:make|have|let|get|stop|prevent|keep|disable)\s+([a-z][\w@.-]*)\s+(?:from\s+)?"
                             r"(?:start|run|launch|load|com)\w*(?:\s+up)?\b", re.I)


# words after "run"/"running" that are no command ("keeps running after I log out", "run in the background")
_NOT_COMMANDS = frozenset("""after before until while when whenever in on at as with without from for every each
again once forever fine ok well out away continuously automatically daily hourly weekly nightly background if unless
whether""".split())
# a python script run by its interpreter, as _value_for reads "start train.py in the background"
_SCRIPT_RUN = re.compile(r"python3 [\w./~-]+\.py")
_RUNS_COMMAND = re.compile(r"[A-Za-z_./][\w./+-]*(?:\s+[\w@%+=:,./~*?-]+)+")
_COMMAND_PLACE = re.compile(r"(?:^|[|;&]\s*|\b(?:do|then|else)\s+|\$\(\s*)$")
# per slot kind, the words after its keyword that are not its value (_after_keyword's skip)
# words that name no container or image, wherever they stand ("the running container", "container port 80")
_NOT_CONTAINER_NAMES = _NOT_CONTAINERS | _NOT_HOSTS
# the nouns "commit" makes compounds with ("the commit history of main.py", "commit message"): no commit
_NOT_COMMITS = frozenset("""history message messages log logs hash hashes id ids graph tree list changes change author
authors date dates time times diff count counts title titles info details""".split())
# "the process id of nginx", "the process list": the noun after "process" is no process name
_NOT_PROCESSES = frozenset("""id ids list tree name names count number table group that which whose running using
owned started with in on by for listening older newer sorted consuming eating taking are is was were of at from and or
to as whose belonging run process processes all every each any my""".split())
_NOT_AFTER_KEYWORD = {"commit": _NOT_COMMITS, "user": NOT_USERS, "process": _NOT_PROCESSES, "host": _NOT_HOSTS, "cmd": _NOT_COMMANDS, "dest": _NOT_HOSTS | _NOT_PATH_WORDS,
                      "src": _NOT_HOSTS | _NOT_PATH_WORDS, "service": _ABOUT_SERVICE, "container": _NOT_CONTAINER_NAMES}
# what a word after its keyword must look like to be the value: a machine is no path ("copy it to /tmp on web1")
_KEYWORD_SHAPE = {"host": re.compile(r"(?:[\w.-]+@)?[A-Za-z0-9][\w.-]*")}


def _keyword_value(ex: Extracted, kind: str) -> str | None:
    """The value of a ``kind`` slot read after one of its keywords ("on web01" for a host), as that kind takes it."""
    return _after_keyword(ex, _KEYWORDS[kind], _NOT_AFTER_KEYWORD.get(kind, frozenset()), _KEYWORD_SHAPE.get(kind))


def named_user(ex: Extracted) -> str | None:
    """The user the request names after a keyword of the user slot ("what processes is user bob running": bob),
    read as the slot would read it, without claiming it."""
    return _keyword_value(ex, "user")


# "enable redis and start it right now", "restart postgresql", "stop and disable bluetooth": the object of the service
# verbs that lead the request
SERVICE_VERB_OBJECT = re.compile(r"^\W*(?:please\s+)?(?:(?:enable|disable|start|stop|restart|reload|mask|unmask)"
                                  r"(?:\s*,\s*|\s+and\s+|\s+&\s+|\s*$))*(?:enable|disable|start|stop|restart|"
                                  r"reload|mask|unmask)\s+([a-z][\w@.-]*)\b", re.I)
# the last readings of a name slot, after its keyword and the word before its noun, in order
_LAST_READINGS = {"service": (STARTED_SERVICE, ASKED_ABOUT, SERVICE_VERB_OBJECT), "package": (ASKED_ABOUT,)}


# what a request counts or measures ("the number of lines recursively"): never the value an example had there
_UNITS = frozenset("line lines word words character characters chars byte bytes number count total".split())


# words that stand for something said elsewhere, or join words: never a value read off its position
_NOT_ANCHORED = frozenset("""them they their itself themselves whose whom who as without than then also only just such
very too same own both either neither other others another some something anything nothing everything""".split())


def _anchor(ex: Extracted, example_request: str, default: str) -> str | None:
    """Align the example's phrasing: the user word in the position of ``default``."""
    v = _aligned(ex, example_request, default)
    v = v.rstrip(".,;:") if v is not None and not re.search(r"\.\w", v) else v  # "diff them. file2": "them"
    if v is not None and v.lower() in ("as", "named", "called"):  # "tag the current commit as v1.2.0": what follows
        m = re.search(rf"\b{v}\s+[\"'`]?([\w.@/~+-]*[\w/~])", ex.request, re.I)
        v = m.group(1) if m else None
    if v is not None and re.search(rf"\w['’]{re.escape(v)}(?!\w)", ex.request) and len(v) <= 2:
        return None  # the end of "bob's", "don't": no word of its own
    return v if v and v.lower() not in _NOT_ANCHORED | STOP else None


_PLURAL_OBJECTS = frozenset("files directories folders dirs".split())
# nouns that say what kind of thing the next word names ("user nginx", "group staff", "branch main")
_KIND_NOUNS = frozenset("user group branch container service package process host server port".split())


def _aligned(ex: Extracted, example_request: str, default: str) -> str | None:
    if not example_request or not default:
        return None
    ew = re.findall(r"[\w.@/~*:+-]+", example_request.lower())
    uw = [w for w in ex.words]
    ulow = [w.lower() for w in uw]
    d = default.lower()
    try:
        k = next(i for i, w in enumerate(ew) if w == d or w.strip("*.") == d.strip("*."))
    except StopIteration:
        return None
    if k > 0 and ew[k - 1] not in STOP or k > 0:
        prev = ew[k - 1]
        for i, w in enumerate(ulow[:-1]):
            if w == prev:
                cand = uw[i + 1]
                if i + 2 < len(ulow) and ulow[i + 2] in _PLURAL_OBJECTS and not re.search(r"[./*~$]", cand):
                    continue  # "delete old files": a word that says which files, no file's name
                if cand.lower() in _KIND_NOUNS and i + 2 < len(uw) and d not in _KIND_NOUNS:
                    cand = uw[i + 2]  # "give user nginx ownership" for "give alice ownership": nginx, not "user"
                if cand.lower() not in STOP | _UNITS and cand.lower() != d:
                    return cand
    if k + 1 < len(ew):
        nxt = ew[k + 1]
        for i, w in enumerate(ulow[1:], 1):
            if w == nxt and nxt not in STOP:
                cand = uw[i - 1]
                if cand.lower() not in STOP | _UNITS and cand.lower() != d:
                    return cand
    return None


# an environment variable's name as people write it bare (PATH, JAVA_HOME, PYTHON3); cues use it too
VAR_NAME = r"[A-Z][A-Z0-9]*_?[A-Z0-9_]*[A-Z0-9]"
# upper-case words that are not variable names ("I", "OK", "USB", "DNS", ...)
NOT_VARS = frozenset("I OK USB DNS IP CPU RAM SSH HTTP HTTPS URL PDF CSV JSON XML YAML HTML CSS TCP UDP GB MB KB TB "
                     "UTC GMT API SQL ID PID UID GID ISO DVD CD TTY LAN MAC".split())


# a set of files ("all .txt files", "every log file", "each of the python files"), and the words that make it a tree's
FILE_SET = re.compile(r"\b(?:all|every|each)\s+(?:of\s+)?(?:the\s+|my\s+|these\s+|those\s+)?(?:[\w.*-]+\s+){0,2}files?\b",
                      re.I)
_ANY_FILES = frozenset("of the my these those regular normal other".split())
# the words that take a search below the directory it starts in
DOWNWARDS = re.compile(r"\b(?:under|below|beneath|recursive\w*|sub-?\s?(?:director\w*|folders?|dirs?)|tree|everywhere|"
                       r"all levels|any depth|nested|deep)\b", re.I)


def _take(vals: list[Value]) -> str | None:
    for v in vals:
        if not v.used:
            v.used = True
            return v.text
    return None


def _shape(kind: str, value: str, default: str) -> str:
    """Make ``value`` look like the default does (size prefix, ext without dot...)."""
    if kind == "shell" and default.startswith("/") and "/" not in value:
        return default.rsplit("/", 1)[0] + "/" + value  # chsh -s takes a path: "zsh" as /bin/zsh
    if kind == "size":
        m = re.match(r"^([+-]?)", default)
        prefix = m.group(1) if m else ""
        if prefix and not value.startswith(("+", "-")):
            value = prefix + value
        if default and default[-1:].isalpha() and default[-1:].isupper() is False and value[-1:] in "MGT":
            value = value[:-1] + value[-1].lower()
        return value
    if kind == "ext":
        return value.lstrip("*.")
    return value


# "convert video.mp4 to mp3", "save it as a png": a format named by its bare extension
_TO_FORMAT = re.compile(r"\b(?:to|into|as)\s+(?:an?\s+)?(mp3|mp4|wav|flac|ogg|opus|aac|m4a|mkv|avi|mov|webm|gif|png|jpe?g|webp|"
                        r"bmp|tiff?|svg|ico|pdf|txt|csv|json|ya?ml|html|md|docx|odt|epub)\b(?!\.)", re.I)


_INTO_NAME = re.compile(r"\binto\s+(?:the\s+|a\s+)?(?:(?:new\s+)?(?:folder|directory|dir)\s+)?([A-Za-z_][\w.-]*?)/?"
                        r"(?:\s+(?:folder|directory|dir))?\s*[.!?]?\s*$", re.I)
_NOT_INTO = frozenset("it them here there home root disk stdout stdin file files one place".split())


def into_name(request: str) -> str | None:
    """The bare name a request ends on after "into" ("extract photos.zip into pics"): a directory."""
    m = _INTO_NAME.search(request)
    return m.group(1) if m and m.group(1).lower() not in STOP | _NOT_PATH_WORDS | _NOT_INTO else None


def _converted_name(ex: Extracted, default: str) -> str | None:
    """The output file of a conversion to a format the request names by its extension: the input's name with that
    extension ("convert video.mp4 to mp3" -> video.mp3), or the example's ("audio.mp3") when no file is named."""
    m = _TO_FORMAT.search(ex.request)
    if m is None:
        return None
    src = next((x.text for x in ex.values if x.kind in ("filename", "path") and _ext(x.text)), None)
    stem = (src or default).rsplit("/", 1)[-1].rsplit(".", 1)[0]
    return f"{stem}.{m.group(1).lower()}"


def _ext(name: str) -> str:
    """The extension of a file name ("train.log" -> "log"; "" for none, a directory or a glob)."""
    m = re.search(r"\.([A-Za-z][A-Za-z0-9]{0,5}|7z)$", name.rsplit("/", 1)[-1])
    return m.group(1).lower() if m and "*" not in name else ""


def _looks_like_file(text: str) -> bool:
    """A file name (".bashrc" too) or a path, as the extractor reads them."""
    return " " not in text and bool(_FILENAME.fullmatch(text.lstrip(".")) or ("/" in text and _PATH.fullmatch(text)))


_SPACED_FILE = re.compile(r"[^*?\n]*\S\.[A-Za-z][A-Za-z0-9]{0,5}|[~.]?/[^*?\n]*|[^*?\n/]*\w/[^*?\n]*")
_DIR_WORD = re.compile(r"\s*(?:folder|directory|dir)\b", re.I)


def _spaced_path(v: Value, request: str, kind: str) -> bool:
    """A quoted value with spaces that names a file or a directory: one with an extension or a
    slash ("my notes.txt", "/Applications/Sublime Text.app/..."), or, for a directory, one the
    request calls a folder ("the 'My Documents' folder"). Other quoted phrases are patterns."""
    t = v.text.strip()
    if " " not in t or len(t.split()) > 6:
        return False
    if _SPACED_FILE.fullmatch(t):
        return True
    if kind not in ("dir", "path", "src", "dest"):
        return False
    end = request.find(t, v.start) + len(t) + 1
    return bool(_DIR_WORD.match(request, end) or re.search(r"\b(?:folder|directory|dir)\s+$", request[:v.start]))


# "replace http:// with https://", "change 8080 to 9090": the old and the new text, written bare
_REPLACE_PAIR = re.compile(r"\b(?:replace|substitute|change|swap)\s+(?:all\s+|every\s+|each\s+)?(?:(?:occurrences?|instances?)"
                           r"\s+of\s+)?(?:the\s+)?(?:(?:string|word|text)\s+)?(\S+)\s+(?:with|by|to|into)\s+(?:the\s+)?"
                           r"(?:(?:string|word|text)\s+)?(\S+?)(?=[\s,;]|\.?$)", re.I)


def _replaced(ex: Extracted, which: int) -> str | None:
    """The old (1) or new (2) text of a bare "replace X with Y" whose words are not plain English (one of
    them has a character other than a letter): "tabs" and "spaces" name characters, not text to match."""
    m = _REPLACE_PAIR.search(ex.request)
    if not m or m.group(which) in ex.taken:
        return None
    if all(re.fullmatch(r"[A-Za-z]+", g) for g in m.groups()) and (
            any(g.lower().rstrip("s") in _CHARACTER_WORDS for g in m.groups()) or
            not re.match(r"\s*(?:replace|substitute)\b", ex.request[m.start():], re.I)):
        return None  # "replace tabs with spaces", "change owner to root": no texts; "replace staging with prod": texts
    return m.group(which)


_CHARACTER_WORDS = frozenset("""tab space newline line comma dot period colon semicolon underscore dash hyphen slash
backslash quote apostrophe pipe blank whitespace character char letter digit number uppercase lowercase upper lower
crlf lf cr null""".split())


def _text_first(ex: Extracted) -> list[Value]:
    """Quoted values for a pattern/text slot: when the template also takes a file, the ones that look
    like file names ("app.log") are left for it ('lines of "app.log" that contain "ERROR"')."""
    quoted = ex.of("quoted")
    if not ex.file_slots:
        return quoted
    return sorted(quoted, key=lambda x: _looks_like_file(x.text))


_ALTERNATIVES = re.compile(r"(?:\beither\s+)?((?:[\"']?[\w.@-]+[\"']?\s*,\s*)*[\"']?[\w.@-]+[\"']?)\s*,?\s+or\s+"
                           r"([\"']?)([\w.@-]+)\2")


def _alternation(ex: Extracted) -> str | None:
    """"error or warning", "either foo or bar", "TODO, FIXME or XXX": the words a request accepts any of, as
    one extended regular expression (error|warning) -- for a pattern whose example is one (grep -E)."""
    for m in _ALTERNATIVES.finditer(ex.request):
        parts = [p.strip("\"'") for p in re.split(r"\s*,\s*", m.group(1))] + [m.group(3)]
        if all(p.lower() not in STOP and p.lower() not in ("either", "and") and p not in ex.taken for p in parts):
            for p in parts:
                _claim(ex, p)
            return "|".join(parts)
    return None


def _claim(ex: Extracted, text: str) -> None:
    """``text`` is spoken for: the extracted values with that text are used, and no keyword gives it again."""
    for x in ex.values:
        if x.text == text:
            x.used = True
    ex.taken.add(text)


def _said_otherwise(default: str, ex: Extracted) -> str | None:
    """The request's own casing of the example's search word ("each ERROR in worker.log" for 'error'): grep
    matches case, so the request's spelling is the pattern."""
    if len(default) < 3 or not default.isalpha() or default.lower() in STOP:
        return None
    m = re.search(_own_word(default), ex.request, re.I)  # (not log of /var/log/app)
    return m.group(0) if m and m.group(0) not in ex.taken else None


def _said(default: str, ex: Extracted) -> bool:
    """The request names the example's own value as a word of its own (not "folder", not main of main.py); a value
    of several plain words in any inflection ("imports requests" says 'import requests')."""
    default = re.sub(r"^\[(\w)\]", r"\1", default)  # ([n]ginx, ps | grep's pattern that skips grep, says nginx)
    if not default or default.lower() in STOP | _NOT_PATH_WORDS:
        return False
    if re.fullmatch(r"[A-Za-z]+(?: [A-Za-z]+)+", default):
        said = r"\s+".join(re.escape(w) + r"(?:s|es|ed|ing)?" for w in default.split())
        return re.search(rf"(?<![\w.-]){said}(?![\w-])", ex.request) is not None
    # (a part of a path is no word of its own: "/var/log" says no extension log)
    return re.search(_own_word(default), ex.request) is not None


def _said_own(kind: str, default: str, ex: Extracted) -> bool:
    """The request says the example's own value as this slot's: said, not already another slot's when said once
    ("which groups is user bob in" is no groups bob bob), not said as the other of user and group."""
    return _said(default, ex) and not (default in ex.taken and _said_once(default, ex)) and \
        not _said_as_other(kind, default, ex)


_OTHER_OWNER_WORD = {"group": r"users?|owners?|owned\s+by", "user": r"groups?"}


def _said_as_other(kind: str, default: str, ex: Extracted) -> bool:
    """The example's user or group is the request's word only as the other one: "files owned by user www-data"
    names no group www-data (the example's "owned by group www-data")."""
    other = _OTHER_OWNER_WORD.get(kind)
    own = _KEYWORDS.get(kind, ())
    at = rf"\s+[\"'`]?{re.escape(default)}(?![\w-])"
    return other is not None and re.search(rf"\b(?:{other}){at}", ex.request, re.I) is not None and \
        not re.search(r"\b(?:" + "|".join(re.escape(k) for k in own) + r")s?" + at, ex.request, re.I)


def _own_word(value: str) -> str:
    """A pattern for ``value`` as a word of its own (not "folder", not main of main.py, not log of /var/log)."""
    return rf"(?<![\w./-]){re.escape(value)}(?![\w/-]|\.\w)"


def _said_once(default: str, ex: Extracted) -> bool:
    """The request names ``default`` as a word of its own at most once."""
    return len(re.findall(_own_word(default), ex.request)) <= 1


# "under /var", "in the current directory", "throughout /home": where a search or a listing happens;
# "specified in /tmp/list", "to ./out", "excluding build/" name other places
_WHERE = re.compile(r"\b(?:under|in|inside|within|below|beneath|throughout|from|on|at)\s+(?:the\s+)?"
                    r"(?:(?:directory|folder|dir|path)\s+)?[\"'`]?$", re.I)
_ELSEWHERE = re.compile(r"\b(?:specified|listed|given|named|contained|mentioned|saved|stored|written|excluding|"
                       r"except)\s+(?:in|on|at)\s+(?:the\s+)?[\"'`]?$", re.I)


def _set_glob(ex: Extracted, going: bool = True) -> str | None:
    """The files of one kind a request names, as the shell names them. ``going`` (a copy or a move somewhere):
    "move every pdf in Downloads to Documents" -> ~/Downloads/*.pdf, "copy all .txt files to backup/" -> *.txt, None
    for "move all pdfs in Downloads" (where they go is not said). Otherwise the one folder they are in must be named:
    "all .log files in /var/log/app" -> /var/log/app/*.log. None when it names a file of its own, no kind, or goes down
    the tree (a glob does not: find does)."""
    ext = next((x for x in ex.of("ext") if not x.used), None)
    if ext is None or any(not x.used for x in ex.of("filename")) or DOWNWARDS.search(ex.request) or not (
            FILE_SET.search(ex.request) or _EXT_ALONE.search(ex.request)):
        return None
    paths = [x for x in ex.of("path") if not x.used]
    places = [x for x in paths if not _ext(x.text) and re.fullmatch(r"[\w./~$-]+", x.text)
              and _WHERE.search(ex.request[:x.start]) and not _TOWARDS.search(ex.request[:x.start])]
    where = places[0] if places else None
    if going and where is not None and len(paths) < 2 or not going and len(places) != 1:
        return None
    ext.used = True
    if where is None:
        return f"*.{ext.text}"
    where.used = True
    if not going:
        ex.taken.add(where.text)
    return f"{where.text.rstrip('/')}/*.{ext.text}"


_TOWARDS = re.compile(r"\b(?:to|into|onto)\s+(?:the\s+|my\s+)?(?:(?:directory|folder|dir)\s+)?[\"'`]?"
                      rf"(?:{REMOTE_PREFIX})?$", re.I)  # (or its place on a machine: "to bob@server1:/tmp")


def search_roots(ex: Extracted, fresh: bool = False) -> list[Value]:
    """The directories a request places its search in ("under /var", "in the current directory"),
    when one comes after a path in another role ("files listed in /tmp/list ... under the current
    directory"): otherwise the plain order of paths decides, and this gives nothing. Paths another slot
    holds are out, unless ``fresh`` (a command composed anew)."""
    places = [x for x in ex.values if x.kind in ("path", "herepath") and (fresh or not x.used)]
    paths = [x for x in places if x.kind == "path"]
    if len(places) < 2 or not paths:
        return []
    where = [x for x in places if _WHERE.search(ex.request[:x.start]) and not _ELSEWHERE.search(ex.request[:x.start])]
    return where[:1] if where and where[0] is not paths[0] else []


_PID_BEFORE = re.compile(r"\b(?:pid|process(?: id)?)\s*#?\s*$", re.I)


# what a number counts, when it counts things ("the 5 oldest files", "10 lines"): no duration
_COUNTED = re.compile(r"\s+(?:oldest|newest|largest|biggest|smallest|latest|most|least|files?|lines?|entries|items|"
                      r"director(?:y|ies)|folders?|results?|processes|times)\b", re.I)


# a packed file's name, by its format (the generator reads the format from it too)
PACKED = re.compile(r"\.(tar\.gz|tgz|tar\.bz2|tbz2?|tar\.xz|txz|tar\.zst|tar|zip|gz|bz2|xz|zst|7z|rar)$", re.I)
_ARCHIVE_NAME = re.compile(rf"(?:{PACKED.pattern[:-1]}|\.(?:jar|war))$", re.I)  # (a jar is a zip)


_CALLED_DIR = re.compile(r"\s+(?:director(?:y|ies)|folders?|dirs?)\b", re.I)
# the directories every Linux system has, and a path the request calls a folder ("the directory /srv/app")
SYSTEM_DIRS = frozenset("""/ /bin /boot /dev /etc /home /lib /lib64 /media /mnt /opt /proc /root /run /sbin /srv /sys /tmp
/usr /var /usr/bin /usr/lib /usr/local /usr/local/bin /usr/local/lib /usr/share /usr/src /var/log /var/www /var/lib
/var/tmp /var/cache /var/mail /var/spool /var/backups /var/run /var/opt /etc/nginx /etc/apache2 /etc/systemd
/etc/ssh /etc/cron.d /etc/default /etc/init.d /var/www/html /var/lib/docker ~ ~/Downloads ~/Documents ~/Desktop
~/Pictures ~/Music ~/Videos""".split())
# a slot a program reads the lines of, which no directory fills ("size of each folder in /home, smallest to largest"
# is no `sort -rn /home`)
_LINE_READER = re.compile(r"(?:^|[|;&(]\s*)(?:sort|uniq|cut|head|tail|cat|wc|awk|sed|tr|nl|paste|tac|rev|fold|fmt|"
                          r"column|jq|less|more)\b[^|;&]*$")
_DIR_BEFORE = re.compile(r"\b(?:director(?:y|ies)|folders?|dirs?)\s+$", re.I)


def is_dir_path(v: Value, request: str) -> bool:
    """``v`` (a path the request names) is a directory: one every system has or one the request calls a folder."""
    return v.text.rstrip("/") in SYSTEM_DIRS or bool(_DIR_BEFORE.search(request[:v.start])) or bool(
        _CALLED_DIR.match(request, v.start + len(v.text)))


# (not UTC: "what time is it in UTC?" is date -u)
_ZONE = re.compile(r"\b(?:Africa|America|Antarctica|Asia|Atlantic|Australia|Europe|Indian|Pacific|Etc)/[A-Za-z_]+(?:/[A-Za-z_]+)?\b")
# the time zones of the cities people ask the time of
_CITY_ZONES = {"tokyo": "Asia/Tokyo", "london": "Europe/London", "new york": "America/New_York", "paris": "Europe/Paris",
               "berlin": "Europe/Berlin", "sydney": "Australia/Sydney", "los angeles": "America/Los_Angeles",
               "san francisco": "America/Los_Angeles", "seattle": "America/Los_Angeles", "chicago": "America/Chicago",
               "denver": "America/Denver", "toronto": "America/Toronto", "sao paulo": "America/Sao_Paulo",
               "singapore": "Asia/Singapore", "hong kong": "Asia/Hong_Kong", "shanghai": "Asia/Shanghai",
               "beijing": "Asia/Shanghai", "seoul": "Asia/Seoul", "mumbai": "Asia/Kolkata", "delhi": "Asia/Kolkata",
               "kolkata": "Asia/Kolkata", "dubai": "Asia/Dubai", "moscow": "Europe/Moscow", "madrid": "Europe/Madrid",
               "rome": "Europe/Rome", "amsterdam": "Europe/Amsterdam", "stockholm": "Europe/Stockholm",
               "auckland": "Pacific/Auckland"}


_CITY = re.compile(r"\b(" + "|".join(_CITY_ZONES) + r")\b", re.I)
_ABOUT_TIME = re.compile(r"\b(?:time|date|clock|timezone|zone)\b", re.I)


def zone_of(request: str) -> str | None:
    """The time zone a request names, as a zone or by its city ("what time is it in Tokyo": Asia/Tokyo)."""
    m = _ZONE.search(request)
    city = None if m else _CITY.search(request)
    return m[0] if m else _CITY_ZONES[city[1].lower()] if city else None


def asked_zone(request: str) -> str | None:
    """The zone of a request about the time ("what time is it in London": Europe/London), None for others."""
    return zone_of(request) if _ABOUT_TIME.search(request) else None


ALIAS = re.compile(r"\b(?:make|set|define)\s+[\"'`]?([\w.-]+)[\"'`]?\s+(?:an?\s+)?(?:alias|shortcut)\s+(?:for|to|of)\s+"
                    r"[\"'`]?(.+?)[\"'`]?\s*$|\balias\s+(?:called\s+|named\s+)?[\"'`]?([\w.-]+)[\"'`]?\s+(?:for|to|that runs|"
                    r"=)\s+[\"'`]?(.+?)[\"'`]?\s*$", re.I)
_TAG_NAME = re.compile(r"(?<![\w./-])v\d+(?:\.\d+)+(?:-[\w.]+)?(?![\w/])")
_REMOTE_BRANCH = re.compile(r"(?<![\w./-])(origin|upstream|fork)/([A-Za-z0-9][\w.-]*(?:/[\w.-]+)*)(?![\w/])")


# a shell's own name or path (chsh -s, usermod -s)
_SHELL_NAME = re.compile(r"(?<![\w.-])(?:/(?:usr/)?(?:local/)?bin/)?(?:bash|zsh|fish|sh|dash|ksh|mksh|tcsh|csh|nu|pwsh|"
                         r"elvish|xonsh)(?![\w.-])")
# a variable given its value as the shell writes it ("EDITOR=vim", "NODE_ENV='production'")
_ASSIGNED = re.compile(r"(?<![\w$-])([A-Za-z_]\w*)=(\"[^\"]*\"|'[^']*'|[^\s'\";|&]+)")


# the things a request names that are no file or directory ("a user named deploy", "a branch called fix")
_NAMED_NOT_FILE = (r"\b(?:user|group|branch|container|service|database|db|volume|network|image|tag|remote|alias|session|"
                   r"window|pane|account|role|table|queue|topic|bucket|namespace|pod|deployment|cluster|host|machine|vm)")


# arithmetic a request asks for: written out ("17.5 * 3.2", "(3+4)/2") or in words ("divide 22 by 7", "12 times 4")
_NUM = r"\(?-?\d+(?:\.\d+)?\)?"
_EXPR = re.compile(rf"(?<![\w./:-])({_NUM}(?:\s*[-+*/%^]\s*{_NUM})+)(?![\w./:-])|"
                   rf"\b(divide|multiply)\s+(-?\d+(?:\.\d+)?)\s+by\s+(-?\d+(?:\.\d+)?)\b|"
                   rf"(?<![\w.])(-?\d+(?:\.\d+)?)\s+(plus|minus|times|divided by|multiplied by|mod|modulo|to the power of)\s+"
                   rf"(-?\d+(?:\.\d+)?)(?![\w.])", re.I)
_MATH_ASKED = re.compile(r"\b(?:calculat\w*|comput\w*|evaluat\w*|what(?:'s| is)|how much is|math\w*|arithmetic|"
                         r"result of|bc|solve|equals?)\b", re.I)
_OPERATORS = {"divide": "/", "multiply": "*", "plus": "+", "minus": "-", "times": "*", "divided by": "/",
              "multiplied by": "*", "mod": "%", "modulo": "%", "to the power of": "^"}
_ARITHMETIC_DEFAULT = re.compile(r"[\d.\s+*/%^()-]*\d[\d.\s]*[-+*/%^][\d.\s+*/%^()-]*")
_DECIMALS = re.compile(r"\b(\d+)\s+(?:decimal\s+(?:places?|digits?|points?)|decimals|digits after the (?:decimal )?point)\b",
                       re.I)


def _arithmetic(m: re.Match[str]) -> str:
    if m.group(1):
        return m.group(1)
    if m.group(2):
        return f"{m.group(3)}{_OPERATORS[m.group(2).lower()]}{m.group(4)}"
    return f"{m.group(5)}{_OPERATORS[m.group(6).lower()]}{m.group(7)}"


def _value_for(kind: str, default: str, ex: Extracted, example_request: str) -> str | None:
    if kind in ("path", "file") and _KEY_FILE.search(default):  # an ssh key: only a name that is one, or none
        return _take([x for x in ex.of("path", "filename") if _KEY_NAME.search(x.text)])
    v: str | None = None
    remote_branch = _REMOTE_BRANCH.search(ex.request) if kind in ("remote", "branch") else None
    if remote_branch:  # "match origin/main", "rebase onto upstream/dev": the remote and its branch
        return remote_branch[1] if kind == "remote" else remote_branch[2]
    aliased = ALIAS.search(ex.request) if kind in ("name", "cmd") else None
    if aliased:  # "make gs an alias for git status", "alias k to kubectl": the alias and what it runs
        return (aliased[1] or aliased[3]) if kind == "name" else (aliased[2] or aliased[4])
    if kind == "zone":  # "current time in Tokyo", "set the timezone to America/New_York", "... to UTC"
        return zone_of(ex.request) or ("UTC" if re.search(r"\bUTC\b", ex.request) else None)
    if kind == "shell":  # "make zsh my login shell": a shell's name, never the word after "shell" ("this shell session")
        m = _SHELL_NAME.search(ex.request)
        return _shape(kind, m[0], default) if m else None
    assigned = _ASSIGNED.search(ex.request) if kind == "value" else None
    if assigned and assigned[1] in ex.taken:  # "append export EDITOR=vim to ~/.bashrc": the value EDITOR gets
        return assigned[2]
    for m in _TAG_NAME.finditer(ex.request) if kind == "tag" else ():
        if m[0] not in ex.taken:  # "what changed between tags v1.0 and v1.1": each in turn
            _claim(ex, m[0])
            return m[0]
    held = _HELD_IN_LINE.search(ex.request) if kind in ("pattern", "process") else None
    if held and held.group(1) not in ex.taken and held.group(1).lower() not in STOP:
        _claim(ex, held.group(1))  # "is there any process with celery in its command line?"
        return held.group(1)
    if kind in ("days", "minutes"):
        v = _take(ex.of(kind))
        if v is None:  # a bare number, when it counts no things ("remove the 5 oldest files": five files)
            v = _take([x for x in ex.of("int") if not _COUNTED.match(ex.request, x.start + len(x.text))])
    elif kind == "size":
        v = _take(ex.of("size"))
    elif kind == "interface":
        v = _take(ex.of("iface"))
    elif kind == "ext":
        v = _take(ex.of("ext"))
        if v is None:
            for g in ex.of("glob"):
                m = re.fullmatch(r"\*\.(\w+)", g.text)
                if m:
                    g.used = True
                    v = m.group(1)
                    break
    elif kind in _PATH_TYPES:
        if kind == "dest" and _ext(default):
            v = _converted_name(ex, default)
        if kind == "dir":  # where a search happens, when an earlier path has another role
            v = _take(search_roots(ex))
        if kind == "src" and ex.has_dest:
            v = _set_glob(ex)
        if v is None:  # the source is what the request names first ("copy report.pdf into the backup folder")
            pool = ex.of("path", "filename") if kind == "src" else ex.of("path")
            if kind in ("src", "dir") and ex.has_dest and "ln" not in ex.tools:
                # but not where things go ("copy all the jpgs to /mnt/usb"; a link points to its source)
                pool = [x for x in pool if not _TOWARDS.search(ex.request[:x.start])]
            v = _take(pool)
        if v is None and kind in ("dir", "path", "src"):
            # (not "DIR: ", text to write; "coreutils-8.9" is a version, no extension)
            v = _take([x for x in ex.of("quoted") if (" " not in x.text and "*" not in x.text) and x.text not in ex.taken
                       and not x.text.startswith("#!")
                       and not SEARCHED_TEXT.search(ex.request[max(0, x.start - 30):x.start])
                       and ("." not in x.text or "/" in x.text or re.search(r"\d\.\d+$", x.text)
                            or (kind == "src" and _looks_like_file(x.text)))])
        if v is None and kind in ("device", "mount"):  # mount "/dev/xvdf" on "/vol", the "vboxsf" share "D:\x" on "\y"
            v = _take([x for x in ex.of("quoted") if re.fullmatch(r"\S+", x.text) and not _fs_named(ex.request, x) and
                       not (kind == "device" and re.search(r"\b(?:on|to|at|onto|into)\s+\W?$", ex.request[:x.start]))])
        if v is None:  # a quoted name with spaces: "my notes.txt", "/Applications/Sublime Text.app"
            v = _take([x for x in ex.of("quoted") if _spaced_path(x, ex.request, kind)])
        if v is None and kind in ("dir", "path"):
            v = _take(ex.of("herepath"))
        if v is None and kind == "dir":  # "extract photos.zip into pics": a bare name the request ends on
            v = into_name(ex.request)
            v = v if v not in ex.taken else None
        if v is None and kind == "dir":  # "remove the .git directory": a dot name the request calls a directory
            v = _take([x for x in ex.of("filename") if x.text.startswith(".") and not FILE_SET.search(ex.request)
                       and _CALLED_DIR.match(ex.request, x.start + len(x.text))])
        if v is None and kind in ("path", "src", "dest"):
            v = _take(ex.of("filename"))
    elif kind in _FILE_TYPES:
        if kind == "file" and ex.file_slots >= 2:
            # "copy all .conf files from /etc/nginx to /tmp/x on 10.0.0.8": scp /etc/nginx/*.conf, the files of
            # the kind, where the template takes one file and a place they go
            v = _set_glob(ex)
        if v is None and len(ex.slot_exts) >= 2 and _ext(default):
            # "run ./train.sh ..., logging to train.log" into "nohup python3 {{file:train.py}} >> {{file:train.log}}":
            # no value has this slot's extension, so not the one with another slot's (train.log is the log);
            # when one has it, the request's order decides ("convert a.jpg to a.png" into in.png/out.jpg)
            pool = [x for x in ex.of("filename", "path") if not x.text.endswith("/") and _ext(x.text)]
            if not any(_ext(x.text) == _ext(default) for x in pool):
                v = _take([x for x in pool if _ext(x.text) not in ex.slot_exts])
        if v is None and kind == "file" and ex.file_slots == 1 and not ex.of("filename"):
            # "count the lines containing "timeout" in all .log files in /var/log/app": that folder's files of the kind
            v = _set_glob(ex, going=False)
        if v is None and kind == "archive":  # "add notes.txt to the archive files.zip": the archive is files.zip
            v = _take([x for x in ex.of("filename", "path") if _ARCHIVE_NAME.search(x.text)])
        if v is None:
            v = _take(ex.of("filename"))
        if v is None:
            v = _take([x for x in ex.of("quoted") if _spaced_path(x, ex.request, kind)])
        dirs = [x for x in ex.of("path") if "." not in x.text.rstrip("/").rsplit("/", 1)[-1]]
        if v is None and kind == "archive" and dirs and "." in default and not re.search(
                r"\b(?:extract|unpack|decompress|untar|unzip|list|inside|contents?|view|open)\b", ex.request, re.I) and \
                re.search(r"(?<![./\w])(?:compress|archiv|pack|bundle|back\s?up|backing|creat|make|put|zip|tar|gzip)\w*(?![.\w])",
                          ex.request, re.I):
            # (a request that makes one: "size of each .tar.gz file in /backups" names no backups.tar.gz)
            # "a tarball of the project folder": project.tar.gz, and the folder stays for the directory slot
            v = dirs[0].text.rstrip("/").rsplit("/", 1)[-1] + default[default.index("."):]
        if v is None:  # an archive is no directory ("extract the archive into /opt/app")
            # (nor where files go, when the template has a place of its own: scp FILE user@host:DIR)
            v = _take([x for x in ex.of("path") if not x.text.endswith("/") and (kind != "archive" or x not in dirs)
                       and not (ex.reads and is_dir_path(x, ex.request))
                       and not (ex.has_place and _TOWARDS.search(ex.request[:x.start]))])
        if v is None:  # (not a number: "lines that do not contain "404"" names no file 404)
            v = _take(sorted([x for x in ex.of("quoted") if not x.text.isdigit() and not x.text.startswith("#!")],
                             key=lambda x: not _looks_like_file(x.text)))
        if v is None:
            v = _take(ex.of("var"))
        fileset = FILE_SET.search(ex.request) if v is None and kind == "file" and ex.file_slots == 1 else None
        if fileset and not DOWNWARDS.search(ex.request):
            # "print a frequency count of column two for every file in the current directory", "replace foo with
            # bar in all .txt files": the files of this directory, as the shell names them (*, *.txt)
            ext = _take(ex.of("ext"))
            kinds = set(re.findall(r"[\w.*-]+", fileset.group(0).lower())[1:-1]) - _ANY_FILES
            v = f"*.{ext}" if ext else "*" if not kinds else None  # (not "all DOS files")
    elif kind == "var":
        v = _take(ex.of("var"))
        if v is not None:
            v = v.strip("${}")
        else:  # "the PATH environment variable", "set JAVA_HOME to ...": a bare upper-case name
            m = re.search(r"(?<![\w$/.-])(?-i:(" + VAR_NAME + r"))(?![\w/.-])", ex.request)
            v = m.group(1) if m and m.group(1) not in ex.taken and m.group(1) not in NOT_VARS else None
    elif kind in ("pattern",):
        v = _take(ex.of("anchored"))
        v = v or (_alternation(ex) if "|" in default and not re.search(r"[\\(\[]", default) else None)
        v = v or _take(_text_first(ex))
        if v is None:
            v = _replaced(ex, 1)
        if v is None and ("*" in default or "?" in default):
            v = _take(ex.of("glob"))
        if v is None and re.fullmatch(r"\*\.\w+", default):
            e = _take(ex.of("ext"))  # "extract only the .jpg files from photos.zip": unzip photos.zip '*.jpg'
            v = f"*.{e}" if e else None
        if v is None:
            v = default if _said(default, ex) else _said_otherwise(default, ex)
            aligned = _anchor(ex, example_request, default) if v is None else None
            if aligned is not None and ex.file_slots and any(x.text == aligned for x in ex.of("filename", "path")):
                aligned = None  # "lines containing foo in notes.txt ignoring case" aligned with "find error ignoring
                # case": the file the template also takes is no text to search for
            v = v or aligned or _after_keyword(ex, _KEYWORDS["pattern"])
    elif kind == "text" and _ARITHMETIC_DEFAULT.fullmatch(default) and ex.of("expr"):
        v = _take(ex.of("expr"))  # echo '{{text:2^10}}' | bc given "calculate 17.5 * 3.2"
    elif kind in ("text", "message", "name"):
        v = _take(_text_first(ex) if kind != "name" else ex.of("quoted"))
        if v is None and kind == "text":
            v = _replaced(ex, 2)
        line = (_LINE_ADDED.search(ex.request) or _LINE_PREPENDED.search(ex.request)) if v is None and kind == "text" \
            else None
        if line and line.group(1) not in ex.taken:
            v = line.group(1)  # "add #!/bin/bash as the first line of run.sh": the line, unquoted
            _claim(ex, v)
        if v is None and kind == "name":
            v = _take(ex.of("filename"))
        if v is None and kind == "message":  # "commit with message fix typo": the rest of the request
            m = re.search(r"\b(?:with (?:the )?message|message|saying|titled)\s+(?!the\b|a\b)(\w.*?)[.!]?$",
                          ex.request, re.I)
            v = m.group(1) if m else None
    elif kind == "fstype":  # "mount the "ext4" filesystem ...": a type mount -t knows, or a quoted name before "filesystem"
        m = _FSTYPE.search(ex.request)
        if m:
            v = m.group(1).lower()
            _claim(ex, m.group(1))
        else:
            v = _take([x for x in ex.of("quoted") if _fs_named(ex.request, x)])
    elif kind == "cron":
        v = cron_schedule(ex.request)  # "every night at 2:30": 30 2 * * *
    elif kind == "url":
        v = _take(ex.of("url"))
    elif kind == "host":
        v = _take(ex.of("host", "ip"))
    elif kind == "cmd":
        v = _named_program(ex)
        if v is None:  # a script the request names: "./build.sh", "deploy.sh" (run as ./deploy.sh)
            v = _take([x for x in ex.of("path", "filename") if re.fullmatch(r"\.{1,2}/\S+|[\w.~/-]+\.(?:sh|bash)", x.text)])
            if v is not None and "/" not in v:
                v = "./" + v
        if v is None:  # "start train.py in the background": a python script runs with python
            py = _take([x for x in ex.of("path", "filename") if re.fullmatch(r"[\w./~-]+\.py", x.text)])
            v = f"python3 {py}" if py is not None else None  # (fill writes it as two words: _SCRIPT_RUN)
    elif kind == "ip":
        v = _take(ex.of("ip"))
    elif kind == "perm":
        v = _take(ex.of("perm"))
    elif kind in ("time", "date"):
        v = _take(ex.of(kind))
        if v is None and re.search(r"\bago\b", default):  # journalctl/git log --since: "today's logs", "the last week"
            v = _since(ex.request)
        elif v is None and re.match(r"\d{4}-\d\d-\d\d\b", default) and re.search(
                r"\b(?:yesterday|today|tomorrow|ago)\b", ex.request, re.I):
            v = _since(ex.request)  # touch -d, find -newermt, date -d read "yesterday" and "3 days ago" too
    elif kind == "signal":
        v = _take(ex.of("signal"))
        if v and default.isdigit():
            v = {"KILL": "9", "TERM": "15", "HUP": "1", "INT": "2"}.get(v, default)
    elif kind == "encoding":  # "from latin1 to utf-8": the one after "from" is the first (iconv -f), then in order
        vals = sorted(ex.of("encoding"), key=lambda x: not re.search(r"\bfrom\s+$", ex.request[:x.start], re.I))
        first, ex.encodings_filled = ex.encodings_filled == 0, ex.encodings_filled + 1
        if first and ex.encoding_slots == 2 and len(vals) == 1 and \
                re.search(r"\b(?:to|into|as)\s+$", ex.request[:vals[0].start], re.I):
            vals = []  # "convert x.txt to UTF-16": the encoding to convert to, not from
        if vals:
            _claim(ex, vals[0].text)
            v = _encoding_name(vals[0].text)
    elif kind == "delimiter":
        v = _take(ex.of("delimiter"))
        if v is None and any(x.text.lower().endswith(".tsv") for x in ex.of("filename", "path")):
            v = "\\t"  # data.tsv: its fields are tab-separated
    elif kind == "commit":
        v = _take(ex.of("commit"))
    elif kind == "port":
        m = re.search(r"\bport\s+(\d{1,5})\b|:(\d{2,5})\b", ex.request, re.I)
        if m:
            v = m.group(1) or m.group(2)
            for x in ex.values:
                if x.text == v:
                    x.used = True
        else:
            v = _take([x for x in ex.of("int") if len(x.text) >= 2])
    elif kind == "num" and re.search(r"\bdecimals?\b", example_request, re.I) and ex.of("decimals"):
        v = _take(ex.of("decimals"))  # 'scale={{num:4}}; ...' for "divide 22 by 7 to 4 decimal places"
    elif kind in ("num", "count", "lines", "pid", "column"):
        # "set the niceness of pid 2222 to 10": the number after "pid" is the pid, and another slot's
        # number is another one when there is one
        # (a port is no count, line or pid: "kill the process on port 3000" is not kill 3000)
        ints = [x for x in ex.of("int") if not re.search(r"\bports?\s+(?:number\s+)?$|:$", ex.request[:x.start], re.I)
                and not (kind != "num" and re.search(r"\bsig(?:nal)?\s*(?:number\s+)?$", ex.request[:x.start], re.I))]
        # (nor is a signal's number: "send SIGTERM (signal 15) to ..." is no kill 15)
        pids = [x for x in ints if _PID_BEFORE.search(ex.request[:x.start])]
        rest = [x for x in ints if x not in pids] + (ex.of("seconds") if kind == "num" else [])
        if kind == "column":  # (a count is no column: "the 10 most frequent IP addresses", "top 5")
            rest = [x for x in rest if not _COUNTED.match(ex.request, x.start + len(x.text))
                    and not re.search(r"\b(?:top|first|last)\s+$", ex.request[:x.start], re.I)]
        first = _FIRST_COLUMNS.search(ex.request) if kind == "column" else None
        if first:
            _claim(ex, first.group(1))
        v = f"1-{_NUMWORD.get(first.group(1).lower(), first.group(1))}" if first else \
            _take(pids + rest if kind == "pid" else rest + pids if kind == "num" else rest)  # "the first 3 columns": 1-3
        # (a pid is no count of lines or items, nor a column: "how much memory is pid 4242 using?" is no head -n 4242)
        if v is None and kind == "column":  # "the second column", "the 3rd field"
            m = _ORDINAL_COLUMN.search(ex.request)
            v = ordinal_number(m.group(1) or m.group(2)) if m else None
    pair = _OWNER_PAIR.search(ex.request) if v is None and kind in ("user", "group") else None
    if pair and re.search(r"\b(?:own|owners?|ownership|chown|groups?)\b", ex.request, re.I):
        v = pair.group(1 if kind == "user" else 2)  # "... to www-data:www-data": the owner and the group
        _claim(ex, v)
    both = _BOTH_TO.search(ex.request) if v is None and kind in ("user", "group") else None
    if both and both.group(1).lower() not in STOP | _NOT_NAMES and ":" not in both.group(1):
        v = both.group(1)
        _claim(ex, v)
    group_to = _GROUP_TO.search(ex.request) if kind in ("user", "group") and not both else None
    if v is None and kind == "group" and group_to and group_to.group(1).lower() not in STOP | _NOT_NAMES:
        v = group_to.group(1)  # "change the owner of app.log to alice and its group to developers"
        _claim(ex, v)
    for rx in _USER_READINGS if v is None and kind == "user" else ():
        m = rx.search(ex.request)
        if m and m.group(1).lower() not in STOP | _NOT_NAMES | NOT_USERS and m.group(1) not in ex.taken:
            v = m.group(1)
            _claim(ex, v)
            break
    before = _named_before(ex, kind) if kind in _NAMED_BEFORE else None
    if v is None and before is not None and before[0] not in ex.taken and \
            re.search(r"\b(?:the|my|our|this|that)\s+$", ex.request[:before[1]], re.I):
        v = before[0]  # "is the docker service running": "the" X noun, whatever word follows the noun
        _claim(ex, v)
    if v is None and kind in _KEYWORDS and kind not in ("pattern",):
        v = _keyword_value(ex, kind)
        if v is None and kind in _NAMED_BEFORE:  # "the docker service", "the db container", "the vim package"
            v = before[0] if before is not None else None
            for rx in _LAST_READINGS.get(kind, ()) if v is None else ():
                m = rx.search(ex.request)  # "make docker start automatically at boot", "is postgres running?"
                v = m.group(1) if m and m.group(1).lower() not in STOP | _NOT_NAMES else None
                if v is not None:
                    break
        if v is not None:
            _claim(ex, v)
            opts = re.search(rf"(?<![\w-]){re.escape(v)}((?:\s+--?[A-Za-z][\w=-]*)+)", ex.request) if kind == "cmd" else None
            v = v + opts.group(1) if opts else v  # "run df -h every 5 seconds": the command with its options
    if v is None and kind == "user":  # "alice's processes"
        m = re.search(r"\b([a-z][\w.-]*)'s\b", ex.request)
        v = m.group(1) if m and m.group(1).lower() not in STOP | _NOT_NAMES else None
    if v is None and _said_own(kind, default, ex):
        # (once said and already another slot's: "which groups is user bob in" is no groups bob bob)
        v = default  # the request says the example's own value ("lines that don't contain DEBUG")
    if v is None:
        v = _anchor(ex, example_request, default)
        if v is not None and kind in _NUMERIC and not re.fullmatch(r"[\d.]+|\$\{?\w+\}?", v):
            v = None  # a word aligned with the example's number ("show the last 50 ...": not "show")
        if v is not None and (kind in _PATH_TYPES or kind in _FILE_TYPES) and v.isdigit():
            v = None  # a bare number is no file ("set my ssh key to 600" aligned with "write it to KEY.pub": a mode)
        if v is not None and kind == "ext" and not re.fullmatch(r"\*?\.?[A-Za-z0-9]{1,10}", v):
            v = None  # an extension is no file name ("rename draft.md to final.md" aligned with "rename txt to md")
        if v is not None and kind == "device" and not re.match(r"[/$~.]", v):
            v = None  # a device is a path ("mount ext4 ..." aligned with /dev/sdb1 is no device)
        if v is not None and kind in ("container", "image") and v.lower() in _NOT_CONTAINER_NAMES:
            v = None  # "the running container webapp" aligned with "a new ubuntu container": not "running"
        if v is not None and kind == "commit" and v.lower() in _NOT_COMMITS:
            v = None  # "the commit history of main.py" aligned with "from commit abc1234": no commit "history"
        if v is not None and kind == "cmd" and _ext(v) and not re.search(r"\.(?:sh|py|pl|rb|js|bash)$", v):
            v = None  # "the sha256 of release.tar.gz" aligned with "... of kubectl executable": a file, no program
        if v is not None and v.lower() in ex.literal:
            v = None  # "... and bash as the shell" aligned with "with bash and sudo group": the template's /bin/bash
        if v is not None and kind == "user" and (group_to and group_to.group(1) == v or v.lower() in NOT_USERS):
            # "set the group of x.txt to staff": staff is the group, no owner; "which user owns process 8123" aligned
            # with "processes of user alice": no user "owns"
            v = None
    if v is not None and kind == "dir" and COMMON_TYPE.search(v) and not re.search(
            rf"\b(?:into|to|in)\s+(?:the\s+)?(?:directory\s+|folder\s+|dir\s+)?[\"'`]?{re.escape(v)}", ex.request, re.I):
        v = None  # "extract only config/app.ini from bundle.tar.gz": a file the request names, no folder to put things in
    if v is not None and kind in _PATH_TYPES and v in ex.searched:
        v = None  # "search recursively for "password"": the quoted text searched for is no place as well
    if v is not None and (kind in _PATH_TYPES or kind in _FILE_TYPES) and \
            re.search(rf"{_NAMED_NOT_FILE}\s+(?:named|called)\s+[\"'`]?{re.escape(v)}(?![\w.-])", ex.request, re.I):
        v = None  # "create a user named deploy with a home directory": a user's name, no directory to make
    if v is not None and (kind in _PATH_TYPES or kind in _FILE_TYPES) and \
            re.search(rf"\b(?:string|text|phrase|message|sentence)\s+[\"'`]{re.escape(v)}[\"'`]", ex.request, re.I):
        v = None  # "the MD5 hash of the string "hello"": a text, no file named hello
    if v is not None and (kind in _PATH_TYPES or kind in _FILE_TYPES) and re.fullmatch(r"[\w.-]+@[\w.-]+", v):
        v = None  # a login at a machine is no path on this one (scp takes it as user@host:path)
    if v is not None and kind in ("pid", "port") and not re.fullmatch(r"\d+|\$[{(]?[\w!$].*", v):
        v = None  # "open an interactive process monitor": a word after "process" is no pid (top -p monitor)
    if v is not None and kind in ("service", "container", "image", "package", "process", "pod") and \
            re.match(r"[/~]|\.{1,2}/", v) and not (kind == "process" and re.search(r"[\w.-]$", v) and "/" in v[1:] and
                                                  re.search(r"\b(?:bin|sbin)/", v)):
        v = None  # a path is no service, container or package ("the file name part of /var/log/nginx/error.log")
    return _shape(kind, v, default) if v is not None else None


def expanding(value: str) -> str | None:
    """``value`` double-quoted when it holds a shell variable ("$DIR", "*.$ext") and nothing that
    double quotes would change: the variable expands, the rest stays one word. None otherwise."""
    if re.search(r"\$(?:\{?[A-Za-z_]|\d|@|\*)", value) and not re.search(r"[\"`\\]", value):
        return f'"{value}"'
    return None


def _quote_for(template: str, start: int, end: int, value: str) -> str:
    """Quote ``value`` for where the slot sits (inside quotes: as is; bare: shell-quoted)."""
    before = template[:start]
    in_single = before.count("'") % 2 == 1
    in_double = before.count('"') % 2 == 1
    if in_single:
        return value.replace("'", "'\\''")
    if in_double:
        if _VAR.fullmatch(value):
            return value  # a variable the user named: it should expand
        return re.sub(r'(["\\$`])', r"\\\1", value)
    if re.fullmatch(r"[\w@%+=:,./~*?-]+", value) or value.startswith("~/") and " " not in value:
        return value
    if _VAR.fullmatch(value) or re.search(r"\$\{?[A-Za-z_]", value):  # "$HOME/bin", "${DEST}${file}": they expand
        return expanding(value) or shlex.quote(value)
    if "\\ " in value and re.fullmatch(r"(?:[\w@%+=:,./~-]|\\[ ()&'])+", value):
        return value  # already escaped for the shell ("Sublime\ Text.app")
    if value in ("\\t",):
        return "$'\\t'"
    return shlex.quote(value)


def _in_sed_slashes(template: str, start: int) -> bool:
    """The slot at ``start`` sits inside a sed ``s/…/…/`` or ``/…/`` address of a sed expression."""
    m = re.search(r"\bsed\b[^|;&]*$", template[:start])
    if not m:
        return False
    expr = template[m.start():start]
    q = max(expr.rfind("'"), expr.rfind('"'))
    inner = expr[q + 1:] if q >= 0 else expr.split()[-1] if expr.split() else ""
    return bool(re.search(r"(?:^|[;\s])(?:\d*,?)?(?:s/(?:[^/]|\\/)*(?:/(?:[^/]|\\/)*)?|/(?:[^/]|\\/)*)$", inner))


def _link_name(template: str, ex: Extracted) -> str | None:
    """ln's link name, when the request says it ("a symlink named latest pointing to release-2.1",
    'named "$LINK"', "a link in ~/bin to ..."): kept for the ``dest`` slot, so the target slot,
    filled first, does not take it."""
    if not re.match(r"(?:sudo\s+)?ln\s", template) or "{{dest" not in template:
        return None
    value = r"(?:\"([^\"]+)\"|'([^']+)'|([\w.@~/+${}-]+))"
    m = re.search(r"\b(?:named|called)\s+(?:as\s+)?" + value, ex.request, re.I)
    if not m and re.search(r"\blin?ks?\s+in(?:side)?\s+(?:the\s+)?(?:current|this|working|present)\s+"
                           r"(?:directory|folder|dir)\b", ex.request, re.I):
        return "."
    if not m:
        m = re.search(r"\blin?ks?\s+in(?:side)?\s+(?:the\s+)?(?:target\s+)?(?:directory\s+|folder\s+)?" + value,
                      ex.request, re.I)
    if not m:
        return None
    name = m.group(1) or m.group(2) or m.group(3).rstrip(".,")
    _claim(ex, name)
    return name


_PORT_OPTION = re.compile(r"\s+(?:-[pP]|--port(?:=|\s+))\s*$")
# ssh's (scp's, rsync -e 'ssh ...''s) identity file option: without a key the request names, ssh's own keys
_KEY_OPTION = re.compile(r"\s+-i\s*$")
_KEY_FILE = re.compile(r"~/\.ssh/|\.pem$")
_KEY_NAME = re.compile(r"(?:^|/)\.ssh/|\.(?:pem|key)$|(?:^|/)id_\w+$|_key$", re.I)


def _login_slot(template: str, m: re.Match[str]) -> bool:
    """Slot ``m`` is the login of ``{{user}}@{{host}}``."""
    return m.group(1) == "user" and template[m.end():m.end() + 1] == "@"


_AWK_FS = re.compile(r" -F ?(['\"]?)$")
_CSV_SAID = re.compile(r"\bcsv\b|\.csv\b", re.I)


# the utilities whose file operands are a list, none with a role of its own (never diff a b, cp a b, mv a b, or grep's
# -f file): a template's later file the request gives none for can go (compose.folder_glob's list differs: it hands a
# glob to the utilities that read files, grep and head among them)
_TAKES_FILES = frozenset("scp cat rm zip tar gzip bzip2 xz wc ls chmod chown chgrp touch md5sum sha1sum sha256sum du "
                         "file stat".split())


def _left_out(template: str, pos: int, m: re.Match[str], ex: Extracted) -> tuple[int, int] | None:
    """The span of ``template`` that goes when slot ``m`` gets no value, when the slot is an optional part: the
    login of ``{{user}}@{{host}}`` (with its "@"; only when the request names a machine, by its address or after
    "on"/"to"/"server"...), a later file of a list of them, or a port option
    (``-P {{port}}``, ``-e 'ssh -p {{port}}'``; not the half of a mapping, ``-p {{port}}:80``) or an ssh identity
    file (``-i {{path:~/.ssh/deploy_key}}``: ssh tries the user's own keys). None otherwise."""
    kind = m.group(1)
    if _login_slot(template, m):
        named = any(x.kind in ("host", "ip") for x in ex.values) or _keyword_value(ex, "host") is not None
        return (m.start(), m.end() + 1) if named else None
    if template[m.end():m.end() + 1] not in ("", " ", "'", '"'):
        return None
    if kind == "port":
        opt = _PORT_OPTION.search(template, pos, m.start())
        return (opt.start(), m.end()) if opt else None
    if kind in _FILE_TYPES and ex.tools & _TAKES_FILES and \
            re.search(r"\{\{" + kind + r"(?::[^}]*)?\}\}\s+$", template[:m.start()]):
        # a list's later file the request gives none for ("copy the file notes to bob@server1:/tmp" into
        # scp {{file:a.txt}} {{file:b.txt}} ...: one file, not the example's b.txt as well)
        return len(template[:m.start()].rstrip()), m.end()
    if kind in ("path", "file", "key") and _KEY_FILE.search(m.group(2) or ""):
        opt = _KEY_OPTION.search(template, pos, m.start())
        return (opt.start(), m.end()) if opt else None
    if kind == "delimiter" and m.group(2) == "," and "awk" in ex.tools and not _CSV_SAID.search(ex.request):
        # "sum the numbers in the third column of sales.txt": awk's own whitespace split, not the example's csv comma
        opt = _AWK_FS.search(template, pos, m.start())
        if opt:
            return opt.start(), m.end() + (1 if opt.group(1) and template[m.end():m.end() + 1] == opt.group(1) else 0)
    return None


_TOOL_WORD = re.compile(r"(?:^|[|;&(`]\s*)([A-Za-z][\w.+-]*)")


def tools_of(command: str) -> set[str]:
    """The programs a command or template runs, by the words in command position (ping; sort of `cut ... | sort`)."""
    return set(_TOOL_WORD.findall(SLOT.sub("", command)))


def fill(template: str, request: str, example_request: str = "",
         ex: Extracted | None = None) -> tuple[str, dict[str, str]]:
    """Fill the slots of ``template`` from ``request``; returns (command, {slot#: value used})."""
    ex = ex if ex is not None else extract(request)
    for v in ex.values:
        v.used = False
    ex.tools = tools_of(template)
    ex.taken = set(ex.tools)
    ex.literal = {w.lower().rsplit("/", 1)[-1] for w in re.findall(r"[\w./-]+", SLOT.sub(" ", template))
                  if re.search(r"[A-Za-z]{2}", w)} - {""}
    kinds = slots(template)
    ex.encoding_slots, ex.encodings_filled = sum(1 for k, _ in kinds if k == "encoding"), 0
    ex.file_slots = sum(1 for k, _ in kinds if k in _FILE_TYPES or k in _PATH_TYPES)
    ex.slot_exts = {_ext(d) for k, d in kinds if k in _FILE_TYPES} - {""}
    has_place = any(k in _PATH_TYPES for k, _ in kinds)
    ex.has_dest = any(k == "dest" for k, _ in kinds)
    ex.has_place = has_place
    ex.searched = set()
    only_dest = {k for k, _ in kinds if k in _PATH_TYPES} == {"dest"}
    filled: dict[str, str] = {}
    seen: dict[tuple[str, str], str | None] = {}
    out: list[str] = []
    pos = 0
    link = _link_name(template, ex)
    for i, m in enumerate(SLOT.finditer(template)):
        kind, default = m.group(1), m.group(2) or ""
        login_slot = _login_slot(template, m)
        if (kind, default) in seen:  # the same slot written twice (-k {{column:2}},{{column:2}}): one value
            val = seen[(kind, default)]
        elif kind == "dest" and link:
            val, link = link, None
        elif login_slot:
            at = next((x.text for x in ex.values if x.kind in ("ip", "host") and "@" in x.text), None)
            login = _LOGIN_AS.search(ex.request)  # "ssh into 10.0.0.5 as deploy on port 2222"
            val = at.split("@", 1)[0] if at else \
                login.group(1) if login and login.group(1).lower() not in STOP | _NOT_NAMES | _NOT_LOGINS else \
                _value_for(kind, default, ex, example_request)
        elif kind == "column" and re.search(r"\s-f\s*$", template[:m.start()]) and column_list(ex.request):
            val = column_list(ex.request)  # cut -f 1,7 for "the 1st and 7th fields"
        else:
            ex.reads = kind == "file" and _LINE_READER.search(template[:m.start()]) is not None
            val = _value_for(kind, default, ex, example_request)
            if val and val.startswith("*") and kind == "file" and re.search(r"[<>]\s*$", template[:m.start()]):
                val = None  # "wc -l < *": a redirection takes one file, not a glob
        seen.setdefault((kind, default), val)
        cut = _left_out(template, pos, m, ex) if not val and not _said(default, ex) else None
        if cut:
            # a login with a machine the request names but no login: ssh's own default (the user's name); an option
            # for a port the request does not give: the tool's own (22) -- not the example's. (A left-out login is
            # still an unfilled slot to the ranker: the example was about logging in as someone. Measured and left
            # out, session 14: counted as filled, simple_7 -0.013, simple_10 -0.005 -- "is port 5432 open on
            # db.local" met the ssh -L tunnel of an example about logging in, where the nc check had been the pick)
            out.append(template[pos:cut[0]])
            pos = cut[1]
            continue
        if val:
            ex.taken.add(val)
            if kind == "pattern":
                ex.searched.add(val)
        if val and kind == "ext" and (not has_place or only_dest) and re.search(r"(?:^|\s)\*\.$", template[:m.start()]):
            # "gzip every .log file in /var/log/app": the glob of the directory the request names
            # (gzip /var/log/app/*.log), when the template has no place of its own; or only a destination, and the
            # request says where the files are and where they go ("move every pdf in Downloads to Documents")
            from ..generation.compose import excluded_before

            where = next((x for x in ex.of("path") if not _ext(x.text) and x.text not in ex.taken and x.text != "/"
                          and re.fullmatch(r"[\w./~$-]+", x.text) and not excluded_before(ex.request, x.start)
                          and (not only_dest or _WHERE.search(ex.request[:x.start])
                               and any(y is not x and not y.used for y in ex.of("path")))), None)
            if where is not None:
                where.used = True
                ex.taken.add(where.text)
                out.append(template[pos:m.start() - 2] + where.text.rstrip("/") + "/*.")
                pos = m.start()
        if val and kind in ("host", "ip") and "@" in val and template[:m.start()].endswith("@"):
            val = val.split("@", 1)[1]  # "deploy@10.0.0.5" into "{{user}}@{{host}}"
        remote = re.fullmatch(REMOTE_PREFIX + r"([/~]\S*)", val) if val and template[:m.start()].endswith(":") else None
        if remote:
            val = remote.group(1)  # "to bob@server1:/tmp" into "{{user}}@{{host}}:{{dest}}": the machine's own path
        out.append(template[pos:m.start()])
        if val is None or not val.strip() and kind != "delimiter":  # (a space is a delimiter: seq -s ' ')
            out.append(default or kind.upper())
            if _said_own(kind, default, ex):
                filled[f"{i}:{kind}"] = default  # the example's value is the request's own (alice, docker)
        else:
            filled[f"{i}:{kind}"] = val
            if kind == "pattern" and re.match(r"\[\w\]", default) and re.match(r"\w", val):
                val = f"[{val[0]}]{val[1:]}"  # ps aux | grep '[n]ode server.js': a pattern grep's own line does not match
            if kind == "pattern" and val[:1] == "^" and template[m.start() - 1:m.start()] == "^":
                val = val[1:]  # the template anchors it already: grep '^{{pattern}}'
            if kind == "pattern" and val.endswith("$") and not val.endswith("\\$") and template[m.end():m.end() + 1] == "$":
                val = val[:-1]
            if "/" in val and _in_sed_slashes(template, m.start()):
                val = val.replace("/", "\\/")  # s/a\/b/c/: a '/' in the value would end the expression
            if val == "\\t" and template[m.start() - 1:m.start()] == "'" == template[m.end():m.end() + 1]:
                # '{{delimiter}}' given "tab": cut, sort and column take no '\t' escape, so a real TAB
                out[-1] = out[-1][:-1]
                out.append("$'\\t'")
                pos = m.end() + 1
                continue
            if kind == "cmd" and (_SCRIPT_RUN.fullmatch(val) or _RUNS_COMMAND.fullmatch(val) and (
                    " " in default or _COMMAND_PLACE.search(template[:m.start()]))):
                # the interpreter and its script (_value_for's reading), or a command with its arguments where the
                # template runs one ("save the output of "ls -l" to listing.txt": ls -l | tee, not 'ls -l' | tee)
                out.append(val)
            else:
                out.append(_quote_for(template, m.start(), m.end(), val))
        pos = m.end()
    out.append(template[pos:])
    return "".join(out), filled
