"""Request words -> the utilities that usually do it ("bounce the nginx service" -> systemctl).

BM25 over the examples' words misses a request phrased with words no example uses; these cues are
a prior over utilities written from what the words mean. The generator (1) also retrieves the
examples of the cued utilities, so they are among the candidates, and (2) gives a candidate whose
main utility is cued the ``W_CUE`` term of the score.
"""

from __future__ import annotations

import re

from ..knowledge.slots import ASKED_ABOUT, SIZE, STARTED_SERVICE, VAR_NAME, asked_about

# a port of another machine: probed from here, not listed ("is port 5432 open on db.local")
_REMOTE_PORT = (r"(?:\bport\s+\d+\b.*\b(?:open|reachable|accessible|accepting)\b.*\b(?:on|at)\s+(?!(?:this|my|the|local)\b)"
                r"[\w-]+|\b(?:reach|connect to)\b.*\bport\s+\d+\b.*\b(?:on|at)\s+[\w-]+)")

# files or a listing "sorted by" some order, and the orders of size and time
_LISTING_BY = r"\b(?:files?|folders?|director(?:y|ies)|entries|listing|here)\b.*\bsort(?:ed)? by (?:their )?"
_SIZE_OR_TIME = r"(?:size|time|date|modification|mtime|age)"
# an amount of bytes ("1GB", "500 MiB", "2 gigabytes"), as the slot reader reads one
_SIZE = SIZE.pattern

_CUES: list[tuple[str, tuple[str, ...]]] = [
    (r"\bservices?\b|\bunits?\b|\bon (?:every )?boot\b|\bat boot\b|\bsystemd\b|\bdaemon\b", ("systemctl", "journalctl")),
    (r"\blines?\s+\d+\s*(?:to|through|thru|-|and)\s*\d+\b", ("sed", "awk")),  # "show lines 10 to 20 of main.c"
    (r"\b(?:which|what) package\b.*\b(?:provides?|owns?|contains?|installed|ships?|comes? from|belongs? to)\b"
     r"|\bpackage (?:that )?(?:owns|provides|ships)\b", ("dpkg", "apt-file", "rpm", "dnf")),
    (r"\bjournal\b|\blogs? of (?:the )?\w+ (?:service|unit)\b", ("journalctl",)),
    (r"\bcompare\b|\bdifferences?\b|\bdiff\b", ("diff", "cmp", "comm")),
    (r"\bline numbers?\b|\bnumber(?:ed)? lines\b", ("cat", "nl", "grep")),
    (r"\bfirst \d+ lines\b|\bfirst lines?\b|\bbeginning of\b|\btop \d+ lines\b", ("head",)),
    (r"\b(?:last|final) \d+ lines\b|\blast lines?\b(?! first)|\bend of (?:the )?file\b|\bappended\b", ("tail",)),
    (r"\blast line first\b|\breverse(?:d)? (?:line )?order\b|\bupside down\b|\bbottom to top\b", ("tac",)),
    (r"\b(?:upper|lower)\s?-?case\b", ("tr", "awk", "sed")),
    (r"\bdns\b|\bresolve\b|\bname ?servers?\b|\bdns records?\b", ("dig", "nslookup", "host")),
    (r"\bpartitions?\b|\bblock devices?\b", ("fdisk", "lsblk", "parted", "mount")),
    (r"\bcron\b|\bcrontab\b|\bscheduled jobs?\b", ("crontab",)),
    (r"\bunmount\b|\bdetach\b.*\b(?:filesystem|mount\w*|drive|disk)\b", ("umount",)),
    (r"\bmount\b|\battach\b.*\b(?:partition|drive|disk)\b", ("mount",)),
    (r"\b(?:un)?install\b|\bpackages?\b|\bupgrade\b|\bapt\b|\bdnf\b|\byum\b|\bpip\b|\bnpm\b|\bbrew\b",
     ("apt", "apt-get", "apt-cache", "dnf", "yum", "pip", "pip3", "npm", "brew", "pacman", "snap")),
    (r"\bwho am i\b|\bmy user ?name\b|\blogged in as\b|\bcurrent user\b", ("whoami", "id", "crontab")),
    (r"\bcommits?\b|\bbranch(?:es)?\b|\bstash\b|\bshelve\b|\b(?:un)?staged?\b|\brepo(?:sitory)?\b|"
     r"\bclone\b|(?<!\.)\bgit\b|\b(?:tags?|releases?)\s+v?\d+(?:\.\d+)+\b|\bpull\b(?!\s+out\b)(?!.*\bout\s+of\b)|\bpush\b|\bmerge\b|\brebase\b", ("git",)),
    (r"\bcontainers?\b|\bdocker\b(?!\s+(?:service|daemon|unit)s?\b)|\bcompose\b", ("docker", "docker-compose")),
    (r"\b(?:copy|upload|send|transfer)\b.*\b(?:server|remote|host)\b|\bscp\b"
     r"|\b(?:copy|upload|transfer)\b.*\b[a-z_][\w.-]*@[\w-]+(?:\.[\w-]+)+", ("scp", "rsync")),  # "... to alice@10.0.0.5"
    (r"\bsync\b|\bmirror\w*\b|\brsync\b", ("rsync",)),
    # not when links are what a search looks for ("find all symlinks in /usr/local/bin", "list broken symlinks")
    (r"^(?!\W*(?:please\s+)?(?:find|list|show|search|locate|count|display|print|get)\b)"
     r".*(?:\bsym\w*\s*links?\b|\bsoft links?\b|\bhard links?\b|\bsymlinks?\b)", ("ln",)),
    (r"\bssh[- ]?key\b.*\b(?:to|on(?:to)?)\s+(?:the\s+)?(?:\S+@\S+|server|host|machine|remote)", ("ssh-copy-id",)),
    (r"\brename\b", ("mv", "rename")),
    (r"\bevery (?:\d+ |few |couple of )?(?:seconds?|secs?|minutes?)\b|\brepeatedly\b|\bperiodically\b", ("watch",)),
    (r"\bgo (?:in)?to\b.*\b(?:director\w*|folders?|dir|location|path)\b|\bchange (?:the )?(?:current |working )*"
     r"director\w*\b|\bchange (?:in)?to\b|\benter (?:the |into )?(?:\w+ )?(?:director\w*|folder)", ("cd", "pushd")),
    (r"\btree[- ]like\b|\bas a tree\b|\bin a tree (?:format|view)\b", ("tree",)),
    (r"\bmac address\w*\b|\bhwaddr\b|\bhardware address\b", ("ip", "ifconfig")),
    (r"\b(?:create|make|new)\b.*\b(?:folders?|director(?:y|ies))\b|\bmkdir\b", ("mkdir",)),
    # "set my key ~/.ssh/id_ed25519 to 600": a mode
    (r"\bpermissions?\b|\bexecutable\b|\brunnable\b|\bchmod\b|\bto\s+0?[4-7][0-7]{2}\b(?![\w%.:/-])", ("chmod",)),
    (r"\bownership\b|\bowner\b|\bchown\b", ("chown",)),
    (r"\bdisk usage\b|\bspace\b.*\b(?:take|use)|\bhow big\b|\bsize of (?:each|every|the)?\s*(?:sub-?)?(?:folder|director)"
     r"|\b(?:sub-?)?(?:folder|director(?:y|ies)) sizes?\b",
     ("du",)),
    (r"\bfree (?:disk )?space\b|\bdisk space\b|\bmounted filesystems\b|\b(?:space|room|storage)\s+(?:is\s+)?(?:left|free"
     r"|available|remaining)\b", ("df",)),
    (r"\bmemory\b|\bram\b", ("free", "ps", "top")),
    (r"\bnice(?:ness| level| value)\b|\b(?:cpu |scheduling )?priority\b", ("nice", "renice")),
    (asked_about("running|alive"), ("pgrep", "pidof", "ps", "systemctl")),  # "is postgres running?"
    (r"\bprocess(?:es)?\b|\bpid\b|\bprograms?\b", ("ps", "pgrep", "pkill", "kill", "pidof", "top", "pstree", "killall")),
    (r"^(?!.*" + _REMOTE_PORT + r").*(?:\bports?\b|\blistening\b)", ("ss", "lsof", "netstat")),
    (_REMOTE_PORT, ("nc", "nmap", "telnet")),
    (r"\bdownload\b|\bfetch\b|\bhttp headers?\b|\bresponse headers?\b", ("curl", "wget")),
    # "check if the web server on localhost port 3000 responds", "is the website up?"
    (r"\b(?:check|test|see|verify|confirm|whether|if|is|are|does)\b.*\b(?:web ?(?:server|site|app|page)|website|http|https|"
     r"endpoint|api|url)\b.*\b(?:respond\w*|up|down|reachable|status code|alive|working)\b", ("curl",)),
    (r"\bfile ?types?\b|\b(?:what|which) (?:kind|type|sort) of (?:a )?(?:file|data)\b|"
     r"\bis\s+\S+\s+an? (?:image|text|binary|executable|script|archive)\b", ("file",)),
    (r"\bpings?\b|\breachable\b", ("ping",)),
    (r"\barchive\b|\btarball\b|\btar\b|\.tar\b|\.tgz\b", ("tar",)),
    (r"\bunpack\b|\bextract\b|\bdecompress\b", ("tar", "unzip", "gunzip")),
    (r"\bzip\b|\.zip\b", ("zip", "unzip")),
    (r"\bthe word\b|\blook for\b|\bsearch\b.*\bfor\b|\bmention\w*\b|\bcontain\w*\b|\bgrep\b", ("grep",)),
    (r"\bcount\b.*\blines\b|\bhow many lines\b|\bline count\b", ("wc", "grep")),
    # "lines in access.log that start with 192.168", "lines ending in failed": lines picked by how they begin or end
    (r"\b(?:lines?|rows?)\b.*\b(?:start|begin|end)(?:s|ing)?\s+(?:with|in)\b", ("grep", "sed", "awk")),
    # "files here sorted by size": a listing in an order (ls -S, ls -t), not text for sort
    (r"^(?!.*" + _LISTING_BY + r"(?:" + _SIZE_OR_TIME + r"|name)\b)(?:.*\bsort\w*\b|.*\balphabetical\w*\b)", ("sort",)),
    (_LISTING_BY + _SIZE_OR_TIME + r"\b", ("ls", "du", "find")),
    (r"\bcolumns?\b|\bfields?\b", ("awk", "cut")),
    (r"\breplace\b|\bsubstitute\b", ("sed",)),
    (r"\bchecksum\b|\bsha-?256\b|\bmd5\b|\bhash of\b", ("sha256sum", "md5sum", "sha1sum")),
    (r"\bssh keys?\b|\bkey ?pair\b", ("ssh-keygen",)),
    (r"\bssh\b|\blog ?in to\b|\bconnect\b.*\b(?:server|host)\b", ("ssh",)),
    (r"\buptime\b|\bbeen up\b|\brunning since\b|\b(?:last )?boot(?:ed)?\b.*\b(?:since|ago|how long|when)\b|"
     r"\b(?:since|how long|when)\b.*\b(?:last )?boot(?:ed)?\b", ("uptime", "who")),
    # "create a 1GB empty file called disk.img": a file of a size is no touch
    (r"^(?!.*" + _SIZE + r")\b(?:need|want|create|make|give me)\b.*\b(?:new |blank |empty )+file\b(?! ?system)", ("touch",)),
    (r"\b(?:need|want|create|make|give me|allocate|reserve)\b.*(?:" + _SIZE + r".*\bfile\b|\bfile\b.*\b(?:of|with)\s+(?:a\s+)?"
     r"(?:size\s+(?:of\s+)?)?" + _SIZE + ")", ("truncate", "fallocate", "dd")),
    (r"\b(?:file ?name|base ?name)\b.*\bwithout (?:the |its )?(?:director\w*|path|folder)|\bjust the (?:file ?name|name)\b",
     ("basename",)),
    (r"\bparent director(?:y|ies) of\b|\bdirectory (?:part|portion|component) of\b|\bcontaining director(?:y|ies) of\b",
     ("dirname",)),
    (r"^(?!.*\b(?:current|working|present) (?:working )?(?:director\w*|folder)|.*\b(?:i'?m|i am) in\b)"
     r".*\b(?:full|absolute|canonical|real) (?:absolute )?path\b", ("realpath", "readlink")),
    (r"\b(?:binary|executable)\s+(?:of|for)\b|\bwhere\b.*\b(?:binary|executable)\b|\bpath (?:of|to) (?:the )?(?:\w+ )?"
     r"(?:binary|executable|command|program)\b", ("which", "whereis", "command", "type")),  # "where is the nginx binary"
    (r"\bkernel\b", ("uname",)),
    (r"\bpassword\b", ("passwd",)),
    (r"\b(?:add|create|new)\b(?: a| the)? users?\b", ("useradd", "adduser")),
    (r"\bcontents? of\b|\bprint (?:out )?the file\b", ("cat", "less")),
    # (not the addresses a file holds: "the ip addresses in access.log")
    (r"(?<!public )(?<!external )\bip address\w*\b(?!\s+(?:in|from|of|inside)\s+(?:the\s+)?(?:file\s+)?[\w./~-]+\.\w+)"
     r"|\bmy ip\b|\binterfaces?\b", ("ip", "ifconfig", "hostname")),
    # the address the internet sees is no interface's: a web service or a DNS trick tells it
    (r"\b(?:public|external|internet[- ]facing|outside|wan)\s+ip\b", ("curl", "dig", "wget")),
    (r"\bcommands? (?:i|we|you) (?:ran|run|typed|used|executed|entered)\b|\b(?:command|shell|bash) history\b"
     r"|\bpreviously (?:run|typed|used) commands?\b", ("history",)),
    (r"\bin both\b|\bcommon (?:to|lines?|in)\b|\blines? (?:shared|common)\b", ("comm", "grep")),
    (r"\bmy (?:default |login )?shell\b|\bdefault shell\b|\bshell to (?:zsh|bash|fish)\b", ("chsh", "usermod")),
    (r"\b(?:set|export|define)\s+(?-i:" + VAR_NAME + r")\s+(?:to|=)|\benv(?:ironment)? var\w*",
     ("export", "env")),
    (r"^(?!.*\b(?:set|export|define|add|append|prepend|unset|change)\b).*\benv(?:ironment)? var\w*", ("printenv", "echo")),
    (r"\btrace\w*\b.*\broute\b|\btraceroute\b|\bhops?\b.*\bto\b", ("traceroute", "tracepath", "mtr")),
    (r"\broutes?\b|\brouting\b|\bdefault gateway\b", ("ip", "route", "netstat")),
]
_COMPILED = [(re.compile(p, re.I), u) for p, u in _CUES]


# "grab https://host/tool.tar.gz", "get https://...": a URL to fetch (seen before paths are cut to their last part)
_URL_FETCH = re.compile(r"^\W*(?:please\s+)?(?:grab|get|pull|save|fetch)\b.*\b(?:https?|ftp)://", re.I)
_PATHS = re.compile(r"[^\s\"'`]*/([^\s\"'`]*)")
_PROGRAM_DIR = re.compile(r"(?:^|/)s?bin/$")


def without_paths(text: str, files: bool = False) -> str:
    """``text`` without its paths, for what it names: "/opt/java" is a directory, not java, "/var/lib/docker" not
    docker, and "/etc/apt/sources.list" a file, not apt; but a program's path names the program (/usr/bin/python3),
    and with ``files`` a file keeps its name ("extract backups/site.tar.gz": site.tar.gz, whose type says tar)."""
    def last(m: re.Match[str]) -> str:
        keep = _PROGRAM_DIR.search(m[0][: m.start(1) - m.start()]) or files and "." in m[1].strip(".")
        return m[1] if keep else ""

    return _PATHS.sub(last, text)


def cued_utilities(request: str) -> list[str]:
    """Utilities the request's words point to, most specific cue first (no duplicates).

    A path's directories are no words of the request: "/etc/apt/sources.list" does not ask for apt, and
    neither is what it quotes."""
    out: list[str] = ["wget", "curl"] if _URL_FETCH.search(request) else []
    request = without_paths(request, files=True)
    request = re.sub(r"\"[^\"]*\"|'[^']*'|`[^`]*`", " ", request)  # nor are quoted names: "x.tar.bz2" asks for no tar
    for rx, utils in _COMPILED:
        if rx.search(request):
            out += [u for u in utils if u not in out]
    return out


# package managers: "install X" leads to their install subcommand (the ranker checks the subcommand)
INSTALLERS = ("apt", "apt-get", "pip", "dnf", "yum", "npm", "brew")
# the system's own: what "install htop" / "uninstall firefox" means when no language's packages are named
SYSTEM_INSTALLERS = ("apt", "apt-get", "dnf", "yum")
_ECOSYSTEM = re.compile(r"\b(?:pip3?|python\d?|py|pypi|npm|node(?:\.?js)?|javascript|typescript|js|yarn|pnpm|gem|ruby|"
                        r"cargo|rust|crate|go|brew|homebrew|conda|library|libraries|module|modules|dependency|"
                        r"dependencies|globally|requirements\S*|venv|virtualenv)\b", re.I)
# the subcommands a package operation's lead asks for
PACKAGE_VERBS = {"install": frozenset({"install", "i"}),
                 "uninstall": frozenset({"remove", "uninstall", "purge", "erase", "rm"})}
# what a "which package ..." question asks about: a program or file, not the program to run ("which package does
# /usr/bin/rsync come from?" is no rsync)
_PACKAGED = re.compile(r"\b(?:which|what)\s+package\b.*?\b(?:provides?|owns?|contains?|installed|ships?|does|did|is)\s+"
                       r"(?:the\s+)?(?:file\s+|command\s+|program\s+|binary\s+)?[\w./+-]*?([\w+-]+)\b(?![./])", re.I)
_MANAGED = re.compile(r"\b([\w.-]+)\s+(?:service|daemon|unit|package|var|variable)s?\b", re.I)
# what "install ..." installs (or "uninstall ..." removes): the words up to the one that says how or where ("with pip", "on fedora")
_INSTALLED = re.compile(r"\b(?:(?:un)?install|remove|purge)\s+((?:(?!(?:with|using|via|from|on|for|in|to|into)\b)[\w.+-]+\s*)+)", re.I)


def managed_names(request: str) -> set[str]:
    """Words the request names as a service, package or variable ("restart the docker service", "install the
    git package", "install tmux", "the env var HOME"): what a command acts on, not the tool to run."""
    names = {m.lower() for m in _MANAGED.findall(request)}
    names |= {m.lower() for m in ASKED_ABOUT.findall(request)}
    names |= {m.lower() for m in _PACKAGED.findall(request)}
    started = STARTED_SERVICE.search(request)
    if started and re.search(r"\b(?:boot|startup|automatically|login)\b", request, re.I):
        names.add(started.group(1).lower())  # "stop bluetooth from starting on boot"
    if package_operation(request):
        m = _INSTALLED.search(request)
        names |= {w.lower() for w in m.group(1).split()} if m else set()
    return names


# "uninstall X", "remove the X package": the package operation that takes a package away
_UNINSTALL = r"uninstall|(?:remove|purge)\s+(?:the\s+)?(?:[\w.+-]+\s+)?packages?\b"
# after a verb of removing, what it removes when that is no file: "remove empty lines from todo.txt", "delete all
# permission denied messages" (the lead is then no rm, and a composed find deletes nothing)
TEXT_REMOVED = (r"\s+(?:all\s+)?(?:the\s+)?(?:\w+\s+){0,2}(?:statements?|messages?|errors?|warnings?|"
                r"lines?|output|comments?|spaces?|whitespace|duplicates?|prefix|suffix|extensions?|entries|"
                r"permissions?|rights?|privileges?|access|characters?|chars?|words?|columns?|fields?|"
                r"newlines?|tabs?|quotes?|commas?)\b")
NOT_FILES_REMOVED = f"(?!{TEXT_REMOVED})"
# the request's leading verb, when it names an operation one utility family does
_LEAD: list[tuple[str, tuple[str, ...]]] = [
    (r"(?:un|u)mount|detach", ("umount",)),
    (r"mount", ("mount",)),
    (r"move|mv", ("mv",)),
    (r"rsync", ("rsync",)),
    (r"scp", ("scp",)),
    (r"rename", ("mv", "rename")),
    (r"copy|cp|duplicate", ("cp", "rsync", "scp")),
    (r"download|fetch", ("wget", "curl")),
    (r"kill|terminate", ("kill", "pkill", "killall")),
    # "stop apache2": a service, container or process, not the package ("uninstall apache2 and configs")
    (r"stop|restart|reload", ("systemctl", "docker", "docker-compose", "podman", "kubectl", "kill", "pkill",
                              "killall", "reboot", "shutdown")),
    (r"gunzip", ("gunzip", "gzip")),
    (r"unzip", ("unzip",)),
    (r"untar", ("tar",)),
    (r"gzip", ("gzip",)),
    (r"decompress|uncompress|unpack", ("gunzip", "tar", "unzip", "bzip2", "xz", "zstd")),
    (r"compress", ("gzip", "tar", "zip", "bzip2", "xz")),
    (r"archive|tar", ("tar",)),
    (r"sort", ("sort",)),
    (r"ping", ("ping",)),
    (r"(?:force\w*\s+)?(?:create|make|add)\s+(?:a\s+|the\s+)?(?:new\s+)?(?:sym\w*\s*|soft\s+|hard\s+)?links?",
     ("ln",)),
    (r"(?:create|make)\s+(?:a\s+|the\s+|\d+\s+)?(?:new\s+)?(?:empty\s+)?(?:director(?:y|ies)|folders?|dirs?)\b",
     ("mkdir",)),
    (r"(?:create|make)\s+(?:a\s+|an\s+)?(?:new\s+)?(?:empty\s+)?file(?!.*" + _SIZE + ")", ("touch",)),
    (r"change\s+(?:the\s+)?(?:current\s+)?(?:working\s+)?director\w*|change\s+(?:in)?to|go\s+(?:in)?to|cd", ("cd",)),
    (r"shred|overwrite|securely\s+(?:delete|erase|wipe|remove)|wipe", ("shred",)),
    (_UNINSTALL, INSTALLERS),
    (r"(?:delete|remove|erase)" + NOT_FILES_REMOVED, ("rm", "rmdir", "find")),
    (r"exit|log\s*out|logout|quit\s+(?:the\s+)?(?:login\s+)?shell", ("exit", "logout")),
    (r"(?:change|set)\s+(?:the\s+)?(?:permissions?|mode)|chmod", ("chmod",)),
    (r"(?:change|set)\s+(?:the\s+)?owner(?:ship)?|chown", ("chown",)),
    (r"(?:change|set)\s+(?:the\s+)?group|chgrp", ("chgrp",)),
    (r"replace|substitute", ("sed",)),
    (r"compare|diff", ("diff", "cmp", "comm")),
    (r"install", INSTALLERS),
]
_LEAD_RX = [(re.compile(r"^\s*(?:\([^)]*\)\s*)?(?:please\s+|how\s+(?:do\s+i|to|can\s+i)\s+|i\s+want\s+to\s+)?"
                        r"(?:" + p + r")\b", re.I), u) for p, u in _LEAD]


def _leading(request: str) -> tuple[str, tuple[str, ...]] | None:
    """The _LEAD entry (verb pattern, utilities) of the request's leading verb."""
    for (verb, utils), (rx, _) in zip(_LEAD, _LEAD_RX, strict=True):
        if rx.search(request):
            return verb, utils
    return None


def lead_utilities(request: str) -> tuple[str, ...]:
    """Utilities the request's leading verb asks for ("Move X to Y" -> mv), () when it names none.

    A package operation leads to the system's package manager unless the request names a language's
    packages or their manager ("install htop": apt; "install requests with pip", "add express to my node
    project": any)."""
    lead = _leading(request)
    if lead is None:
        return ()
    if lead[1] == INSTALLERS and not _ECOSYSTEM.search(request):
        return SYSTEM_INSTALLERS
    return lead[1]


def package_operation(request: str) -> str | None:
    """"install" or "uninstall" when the request's leading verb is that package operation (the key of
    PACKAGE_VERBS), else None."""
    lead = _leading(request)
    if lead is None or lead[1] != INSTALLERS:
        return None
    return "uninstall" if lead[0] == _UNINSTALL else "install"
