"""Request words -> the utilities that usually do it ("bounce the nginx service" -> systemctl).

BM25 over the examples' words misses a request phrased with words no example uses; these cues are
a prior over utilities written from what the words mean. The generator (1) also retrieves the
examples of the cued utilities, so they are among the candidates, and (2) gives a candidate whose
main utility is cued the ``W_CUE`` term of the score.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..knowledge.slots import (
    ASKED_ABOUT,
    NUMBERED_MACHINE,
    SERVICE_VERB_OBJECT,
    SIZE,
    STARTED_SERVICE,
    VAR_NAME,
    asked_about,
    asked_zone,
)

# a port of another machine: probed from here, not listed ("is port 5432 open on db.local")
_REMOTE_PORT = (r"(?:\bport\s+\d+\b.*\b(?:open|reachable|accessible|accepting)\b.*\b(?:on|at)\s+(?!(?:this|my|the|local)\b)"
                r"[\w-]+|\b(?:reach|connect to)\b.*\bport\s+\d+\b.*\b(?:on|at)\s+[\w-]+)")

# files or a listing "sorted by" some order, and the orders of size and time
_LISTING_BY = r"\b(?:files?|folders?|director(?:y|ies)|entries|listing|here)\b.*\bsort(?:ed)? by (?:their )?"
_SIZE_OR_TIME = r"(?:size|time|date|modification|mtime|age)"
# an amount of bytes ("1GB", "500 MiB", "2 gigabytes"), as the slot reader reads one
_SIZE = SIZE.pattern

# the address of a named host ("the IP for example.org", "the ip of db.internal"): a DNS question, no ip command
IP_OF_NAME = (r"\bip\b(?:\s+address(?:es)?)?\s+(?:for|of|behind)\s+(?:the\s+)?(?:host\s+|domain\s+|site\s+)?"
              r"[a-z][\w-]*(?:\.[\w-]+)*\.[a-z]{2,}\b")

# the lines a request leaves out ("except the last 3 lines", "all but the first line", "without its last 5 lines")
_BUT = r"\b(?:except|but|without|minus|drop(?:ping)?|skip(?:ping)?|omit(?:ting)?|excluding|delet(?:e|ing)|remov(?:e|ing)|" \
    r"strip(?:ping)?)\s+(?:the\s+|its\s+)?"
_NOT_BUT = (r"(?<!except the )(?<!but the )(?<!without the )(?<!without its )(?<!skip the )(?<!drop the )(?<!except )"
            r"(?<!but )(?<!without )(?<!delete the )(?<!remove the )(?<!strip the )(?<!delete )(?<!remove )")

# characters named by their names, as tr takes them
_CHARS = (r"(?:commas?|tabs?|spaces?|newlines?|new lines?|line ?breaks?|semicolons?|colons?|pipes?|dots?|periods?|underscores?|"
          r"dashes?|hyphens?|slashes?|backslashes?|quotes?|upper ?case|lower ?case|uppercase|lowercase)")
# the length of the longest line (wc -L), not the line itself
_LONGEST_LINE = (r"\b(?:length|size|width) of the longest line\b|\blongest line(?:'s)? (?:length|width)\b"
                 r"|\bhow long is the longest line\b")
# numbering only the lines that have text ("number only the non-empty lines of poem.txt": nl, or cat -b)
_NUMBERS_NONEMPTY = (r"\bnumber\w*\b.*\bnon-?(?:empty|blank)\s+lines\b|\bnon-?(?:empty|blank)\s+lines\b.*\bnumber\w*\b")
# "rename get_user to fetch_user in every .py file": a text renamed inside files (sed), no file renamed
_NOT_TEXT_RENAME = r"(?!.*\brename\s+\S+\s+to\s+\S+\s+(?:in|inside|throughout)\s+(?:every|all|each)\b)"
_CUES: list[tuple[str, tuple[str, ...]]] = [
    (r"\bservices?\b|\bunits?\b|\bon (?:every )?boot\b|\bat boot\b|\bsystemd\b|\bdaemon\b", ("systemctl", "journalctl")),
    (r"\blines?\s+\d+\s*(?:to|through|thru|-|and)\s*\d+\b", ("sed", "awk")),
    # "the lines of main.c longer than 80 characters": a test of each line's length
    (r"\blines?\b.*\b(?:longer|shorter|more|fewer|less) than \d+ (?:characters|chars|columns)\b", ("awk",)),  # "show lines 10 to 20 of main.c"
    (r"\b(?:line|row)\s+(?:number\s+)?\d+\s+(?:of|in|from)\b|\b\d+(?:st|nd|rd|th)\s+line\b", ("sed", "awk")),  # "print line 42 of main.c"
    (r"\b(?:which|what) package\b.*\b(?:provides?|owns?|contains?|installed|ships?|comes? from|belongs? to)\b"
     r"|\bpackage (?:that )?(?:owns|provides|ships)\b", ("dpkg", "apt-file", "rpm", "dnf")),
    (r"\bjournal\b|\blogs? of (?:the )?\w+ (?:service|unit)\b", ("journalctl",)),
    (r"\bcompare\b|\bdifferences?\b|\bdiff\b", ("diff", "cmp", "comm")),
    # (not the odd- or even-numbered lines: a selection, no numbering)
    (r"\bline numbers?\b|(?<!-)(?<!odd )(?<!even )\bnumber(?:ed)? lines\b", ("cat", "nl", "grep")),
    (r"^\W*(?:please\s+)?number (?:the |all (?:the )?|each of the |every )?lines\b", ("nl", "cat")),  # "number the lines of x.py"
    (_NUMBERS_NONEMPTY, ("nl", "cat")),  # "number only the non-empty lines of poem.txt"
    # a range between two matching lines ("from the first line containing BEGIN through the next one containing END")
    (r"\b(?:from|starting (?:at|with)) (?:the )?(?:first )?lines? (?:containing|matching|with|that (?:contains|matches))\b.*"
     r"\b(?:to|through|thru|until|till|up to)\b|\bbetween (?:the )?lines? (?:containing|matching|with)\b", ("sed", "awk")),
    # "the length of the longest line in code.c": wc -L
    (_LONGEST_LINE, ("wc",)),
    # "10 randomly chosen lines of questions.txt", "a random sample of lines", "shuffle the lines"
    (r"\brandom(?:ly)?\s+(?:(?:chosen|picked|selected|sampled)\s+)?(?:lines?|rows?|entries|words?)\b"
     r"|\blines?\b.*\b(?:at random|randomly|in (?:a )?random order)\b|\bshuffl\w*\b", ("shuf",)),
    # "the 10 most common words in book.txt", "word frequencies of a.txt": split into words first
    (r"\b(?:most|least) (?:common|frequent|used|popular)\s+words\b|\bword (?:frequenc\w+|counts? of each)\b|"
     r"\bfrequen\w+ of (?:each |every |all )?(?:the )?words\b|\beach word (?:occurs|appears)\b", ("tr", "grep")),
    # a search of a gzipped file ("search the rotated log auth.log.2.gz for ...")
    (r"\b(?:search|grep|look|find|count|lines?)\b.*\w(?<!\.tar)\.gz\b|\w(?<!\.tar)\.gz\b.*\b(?:for|containing|matching|"
     r"mention\w*|with)\b"
     # ("search all gzip-compressed files in /var/log/app for timeout", "grep the gzipped logs")
     r"|\b(?:search|grep|look|find|count)\w*\b.*\b(?:gzip(?:ped)?(?:[- ]compressed)?|gz|gzip'd)\s+(?:\w+\s+)?(?:files|logs?)\b",
     ("zgrep", "zcat")),
    (_NOT_BUT + r"(?:\bfirst \d+ lines\b|\bfirst lines?\b|\bbeginning of\b|\btop \d+ lines\b)", ("head",)),
    (_NOT_BUT + r"(?:\b(?:last|final) \d+ lines\b|\blast lines?\b(?! first)|\bend of (?:the )?file\b|\bappended\b)", ("tail",)),
    # "everything except the last 3 lines" (head -n -3), "all but the first 2 lines" (tail -n +3): the rest of the file
    (_BUT + r"(?:last|final) (?:\d+ |\w+ )?lines?\b", ("head", "sed")),
    (_BUT + r"(?:first|top) (?:\d+ |\w+ )?lines?\b", ("tail", "sed")),
    (r"\blast line first\b|\breverse(?:d)? (?:line )?order\b|\bupside down\b|\bbottom to top\b", ("tac",)),
    (r"\b(?:upper|lower)\s?-?case\b", ("tr", "awk", "sed")),
    (r"\bdns\b|\bresol(?:ve[sd]?|ving|ution)\b|\bname ?servers?\b|\bdns records?\b|"
     r"\b(?:a|aaaa|mx|txt|ns|cname|soa|ptr|srv|caa)\s+records?\b|" + IP_OF_NAME, ("dig", "nslookup", "host")),
    (r"\bpartitions?\b|\bblock devices?\b", ("fdisk", "lsblk", "parted", "mount")),
    (r"\bcron\b|\bcrontab\b|\bscheduled jobs?\b", ("crontab",)),
    (r"\bunmount\b|\bdetach\b.*\b(?:filesystem|mount\w*|drive|disk)\b", ("umount",)),
    (r"\bmount\b|\battach\b.*\b(?:partition|drive|disk)\b", ("mount",)),
    (r"\b(?:un)?install\b|\bpackages?\b|\bupgrade\b|\bapt\b|\bdnf\b|\byum\b|\bpip\b|\bnpm\b|\bbrew\b",
     ("apt", "apt-get", "apt-cache", "dnf", "yum", "pip", "pip3", "npm", "brew", "pacman", "snap")),
    (r"\bwho am i\b|\bmy user ?name\b|\blogged in as\b|\bcurrent user\b", ("whoami", "id", "crontab")),
    (r"\bcommits?\b|\bbranch(?:es)?\b|\bstash\b|\bshelve\b|\b(?:un)?staged?\b|"
     r"(?<!\bin this )(?<!\bin the )(?<!\bin my )(?<!\bacross this )(?<!\bacross the )\brepo(?:sitory)?\b|"
     r"\bclone\b|(?<!\.)\bgit\b|\b(?:tags?|releases?)\s+v?\d+(?:\.\d+)+\b|\bpull\b(?!\s+out\b)(?!.*\bout\s+of\b)|\bpush\b|\bmerge\b|\brebase\b", ("git",)),
    (r"\bcontainers?\b|\bdocker\b(?!\s+(?:service|daemon|unit)s?\b)|\bcompose\b", ("docker", "docker-compose")),
    (r"\b(?:copy|upload|send|transfer)\b.*\b(?:server|remote|host)\b|\bscp\b"
     r"|\b(?:copy|upload|transfer)\b.*\b[a-z_][\w.-]*@[\w-]+(?:\.[\w-]+)+"  # "... to alice@10.0.0.5"
     # "copy /var/log/syslog from web02 to here": a machine's name after from (slots' _FROM_HOST reads it as a host)
     r"|\b(?:copy|download|fetch|grab|transfer)\b.*\bfrom\s+(?:the\s+)?(?:server\s+|host\s+|machine\s+)?"
     + NUMBERED_MACHINE +
     # "copy project/ to /backups on backup.example.com", "... on host web01": a place on another machine
     r"|\b(?:copy|upload|send|transfer|push)\b.*\b(?:on|onto|at)\s+(?:the\s+)?(?:server\s+|host\s+|machine\s+)?"
     r"(?:[a-z][\w-]*(?:\.[\w-]+)*\.(?:com|org|net|io|dev|local|lan|internal|example)\b|\d{1,3}(?:\.\d{1,3}){3}\b|"
     + NUMBERED_MACHINE + ")",
     ("scp", "rsync")),
    (r"\bsync\b|\bmirror\w*\b|\brsync\b", ("rsync",)),
    # not when links are what a search looks for ("find all symlinks in /usr/local/bin", "list broken symlinks")
    (r"^(?!\W*(?:please\s+)?(?:find|list|show|search|locate|count|display|print|get|how|which|what|where|is|are|does|"
     r"do|remove|delete|unlink|rm|drop)\b)"
     r".*(?:\bsym\w*\s*links?\b|\bsoft links?\b|\bhard links?\b|\bsymlinks?\b)", ("ln",)),
    (r"\bssh[- ]?key\b.*\b(?:to|on(?:to)?)\s+(?:the\s+)?(?:\S+@\S+|server|host|machine|remote)", ("ssh-copy-id",)),
    (_NOT_TEXT_RENAME + r"\brename\b", ("mv", "rename")),
    # "remove the symlink current without touching what it points to": the link goes, not what it points to
    (r"^\W*(?:please\s+)?(?:remove|delete|unlink|drop)\s+(?:the\s+|a\s+|this\s+|that\s+)?(?:sym(?:bolic)?\s*|soft\s+)?links?\b",
     ("rm", "unlink")),
    # "lines that are in only one of the sorted files x.txt and y.txt": comm compares sorted files line by line
    (r"\b(?:only in|in only one|not in|in both|common to|unique to|in either)\b.*\bsorted\b|"
     r"\bsorted\b.*\b(?:only in|in only one|not in|in both|common to|unique to|in either)\b", ("comm",)),
    # "search my command history for docker" (not "git history": commits)
    (r"(?<!\bgit )(?<!\bcommit )(?<!\bbrowser )\b(?:(?:my|the)\s+)?(?:command|shell|bash|zsh|terminal)\s+history\b", ("history", "fc")),
    (r"\bbuilt-?ins?\b|\bshell keyword\b|\b(?:an? )?alias or (?:a )?(?:program|command|binary)\b", ("type",)),
    # "replace the commas in data.csv with tabs", "turn spaces into newlines": one character for another, tr
    (r"\b(?:replace|convert|change|turn|translate|swap)\b.*\b" + _CHARS + r"\b.*\b(?:with|to|into|for)\s+(?:an?\s+|the\s+)?"
     + _CHARS + r"\b", ("tr", "sed")),
    (r"\bevery (?:\d+ |few |couple of )?(?:seconds?|secs?|minutes?)\b|\brepeatedly\b|\bperiodically\b", ("watch",)),
    (r"\bgo (?:in)?to\b.*\b(?:director\w*|folders?|dir|location|path)\b|\bchange (?:the )?(?:current |working )*"
     r"director\w*\b|\bchange (?:in)?to\b|\benter (?:the |into )?(?:\w+ )?(?:director\w*|folder)", ("cd", "pushd")),
    # ("show the directory tree of src": the tree drawn; not "find all files in the directory tree")
    (r"\btree[- ]like\b|\bas a tree\b|\bin a tree (?:format|view)\b|^\W*(?:please\s+)?(?:show|display|print|draw|view)\s+"
     r"(?:me\s+)?(?:the\s+)?(?:directory|folder|file|project)\s+(?:tree|structure)\b(?!\s+(?:for|containing|with|that)\b)",
     ("tree",)),
    (r"\bmac address\w*\b|\bhwaddr\b|\bhardware address\b", ("ip", "ifconfig")),
    (r"\b(?:create|make|new)\b.*\b(?:folders?|director(?:y|ies))\b|\bmkdir\b", ("mkdir",)),
    # "set my key ~/.ssh/id_ed25519 to 600": a mode
    (r"\bpermissions?\b|\bexecutable\b|\brunnable\b|\bchmod\b|\bto\s+0?[4-7][0-7]{2}\b(?![\w%.:/-])", ("chmod",)),
    (r"\bownership\b|\bowner\b|\bchown\b", ("chown",)),
    (r"\bdisk usage\b|\bspace\b.*\b(?:take|use)|\bhow big\b|\bsize of (?:each|every|the)?\s*(?:sub-?)?(?:folder|director)"
     r"|\b(?:sub-?)?(?:folder|director(?:y|ies)) sizes?\b"
     r"|\bsizes? of (?:each|every|all(?: the)?|the)\s+(?:sub-?)?(?:folders?|director(?:y|ies)|dirs?)\b"
     # "size of node_modules", "how large is the build folder": a directory's, by its name with no extension
     r"|^\W*(?:(?:what(?:'s| is)|show|get|print|check)\s+)?(?:the\s+)?(?:total\s+)?size of\s+(?:the\s+)?(?:folder\s+|directory\s+|dir\s+)?"
     r"(?![\w./~-]*\.[a-z]\w{0,4}\b)[\w./~-]*[\w~/-](?:\s+(?:folder|directory|dir))?\s*\??$",
     ("du",)),
    (r"\bfree (?:disk )?space\b|\bdisk space\b|\bmounted filesystems\b|\b(?:space|room|storage)\s+(?:is\s+)?(?:left|free"
     r"|available|remaining)\b"
     # "disk usage of the root filesystem", "disk usage with each filesystem's type": a file system's is df's
     r"|\b(?:disk\s+)?(?:usage|space)\b.*\b(?:file\s?systems?|partitions?)\b(?!.*\bfiles?\b)"
     r"|\b(?:file\s?systems?|partitions?)(?:'s?)?\s+(?:disk\s+)?(?:usage|space)\b"
     # "what filesystem type is the root partition?" (one place's; "partitions with their filesystem types" is lsblk -f)
     r"|\bwhat\s+(?:file\s?system\s+)?types?\s+(?:of\s+file\s?system\s+)?(?:is|does)\b|\bfile\s?system\s+type\s+of\b",
     ("df",)),
    (r"\bmemory\b|\bram\b", ("free", "ps", "top")),
    (r"\bnice(?:ness| level| value)\b|\b(?:cpu |scheduling )?priority\b", ("nice", "renice")),
    (asked_about("running|alive"), ("pgrep", "pidof", "ps", "systemctl")),  # "is postgres running?"
    (r"\bprocess(?:es)?\b|\bpids?\b|\bprograms?\b", ("ps", "pgrep", "pkill", "kill", "pidof", "top", "pstree", "killall")),
    (r"^(?!.*" + _REMOTE_PORT + r").*(?:\bports?\b|\blistening\b)", ("ss", "lsof", "netstat")),
    (_REMOTE_PORT, ("nc", "nmap", "telnet")),
    (r"\bdownload\b|\bfetch\b|\bhttp headers?\b|\bresponse headers?\b", ("curl", "wget")),
    # "check if the web server on localhost port 3000 responds", "is the website up?"
    (r"\b(?:check|test|see|verify|confirm|whether|if|is|are|does)\b.*\b(?:web ?(?:server|site|app|page)|website|http|https|"
     r"endpoint|api|url)\b.*\b(?:respond\w*|up|down|reachable|status code|alive|working)\b", ("curl",)),
    (r"\bfile ?types?\b|\bmime[- ]?types?\b|\b(?:what|which) (?:kind|type|sort) of (?:a )?(?:file|data)\b|"
     r"\bis\s+\S+\s+an? (?:image|text|binary|executable|script|archive)\b", ("file",)),
    (r"\bpings?\b|\breachable\b", ("ping",)),
    # "merge names.txt and ages.txt line by line into columns": paste
    (r"\b(?:merg|join|combin|glu|zip|interleav)\w*\b.*\b(?:line by line|side by side|(?:as|into) (?:\w+[- ]separated )?"
     r"columns)\b|\bside by side\b.*\bcolumns?\b", ("paste",)),
    # ("into the archive directory": a place named archive, no tarball)
    (r"\barchive\b(?!\s*/|\s+(?:folder|directory|dir)\b)|\btarball\b|\btar\b|\.tar\b|\.tgz\b", ("tar",)),
    (r"\bunpack\b|\bextract\b|\bdecompress\b", ("tar", "unzip", "gunzip")),
    (r"\bzip\b|\.zip\b", ("zip", "unzip")),
    (r"\bthe word\b|\blook for\b|\bsearch\b.*\bfor\b|\bmention\w*\b|\bcontain\w*\b|\bgrep\b", ("grep",)),
    (r"\bcount\b.*\blines\b|\bhow many lines\b|\bline count\b", ("wc", "grep")),
    # "lines in access.log that start with 192.168", "lines ending in failed": lines picked by how they begin or end
    (r"\b(?:lines?|rows?)\b.*\b(?:start|begin|end)(?:s|ing)?\s+(?:with|in)\b", ("grep", "sed", "awk")),
    # "files here sorted by size": a listing in an order (ls -S, ls -t), not text for sort
    # (not a listing of files in some order: "list the files here in reverse alphabetical order" is ls -r)
    (r"^(?!.*" + _LISTING_BY + r"(?:" + _SIZE_OR_TIME + r"|name)\b)(?!\W*(?:list|show|display)\s+(?:all\s+)?(?:the\s+)?"
     r"(?:files|folders|director(?:y|ies)|entries|contents)\b)(?:.*\bsort\w*\b|.*\balphabetical\w*\b)", ("sort",)),
    (_LISTING_BY + _SIZE_OR_TIME + r"\b", ("ls", "du", "find")),
    # "where is docker-compose.yml somewhere under /srv": a file's whereabouts (its name says no tool)
    (r"\bwhere(?:'s|\s+is|\s+are)\s+(?:the\s+|my\s+)?(?:file\s+)?[\w-][\w.-]*\.[A-Za-z]\w{0,4}\b(?!\s+installed)",
     ("find", "locate")),
    (r"\bcolumns?\b|\bfields?\b|\b(?:\d+(?:st|nd|rd|th)|first|second|third|fourth|fifth|sixth|last)\s+(?:[\w-]+\s+)?words?\b",
     ("awk", "cut")),  # ("the 3rd whitespace-separated word of each line": a column)
    (r"\breplace\b|\bsubstitute\b"
     # "change http:// to https:// everywhere in links.txt", "change 8080 to 9090 in all .conf files"
     r"|\b(?:change|turn|swap|rename)\s+(?:every\s+|all\s+(?:the\s+)?|each\s+)?\S*\s+(?:to|into|with|for)\s+\S*\s+(?:everywhere\s+)?"
     r"(?:in|throughout|across)\b", ("sed",)),
    # (the algorithm named: that one's tool)
    (r"^(?!.*\b(?:md5|sha-?1|sha-?256)\b).*(?:\bchecksum\b|\bhash of\b)", ("sha256sum", "md5sum", "sha1sum")),
    (r"\bmd5\b", ("md5sum",)), (r"\bsha-?256\b", ("sha256sum",)), (r"\bsha-?1\b", ("sha1sum",)),
    (r"\bssh keys?\b|\bkey ?pair\b", ("ssh-keygen",)),
    # ("connect to 10.0.0.5 as user deploy", "log into deploy@web01"; not to a port: nc, telnet)
    # ("run uptime on host db01": a command run there)
    (r"\bssh\b|\blog ?in to\b|\bconnect\b.*\b(?:server|host)\b|\b(?:run|execute|exec)\b.*\bon (?:the )?(?:remote )?"
     r"(?:host|server|machine|box)\s+[\w.@-]+|^(?!.*\bports?\b).*\b(?:connect|log ?in)(?: to| into)?\s+"
     r"(?:[\w.-]+@)?(?:\d{1,3}(?:\.\d{1,3}){3}|[a-z][\w-]*(?:\.[\w-]+)+)\b", ("ssh",)),
    (r"\buptime\b|\bbeen up\b|\brunning since\b|\b(?:last )?boot(?:ed)?\b.*\b(?:since|ago|how long|when)\b|"
     r"\b(?:since|how long|when)\b.*\b(?:last )?boot(?:ed)?\b", ("uptime", "who")),
    # "create a 1GB empty file called disk.img": a file of a size is no touch
    (r"^(?!.*" + _SIZE + r")(?:\W*(?:an?\s+)?|.*\b(?:need|want|create|make|give me)\b.*\b)(?:new |blank |empty )+file\b(?! ?system)",
     ("touch",)),
    (r"\b(?:need|want|create|make|give me|allocate|reserve)\b.*(?:" + _SIZE + r".*\bfile\b|\bfile\b.*\b(?:of|with)\s+(?:a\s+)?"
     r"(?:size\s+(?:of\s+)?)?" + _SIZE + ")", ("truncate", "fallocate", "dd")),
    (r"\b(?:file ?name|base ?name)\b.*\bwithout (?:the |its )?(?:director\w*|path|folder)|\bjust the (?:file ?name|name)\b"
     r"|\b(?:file ?name|base ?name|last) (?:part|portion|component) of\b", ("basename",)),
    (r"\bparent director(?:y|ies) of\b|\bdirectory (?:part|portion|component) of\b|\bcontaining director(?:y|ies) of\b",
     ("dirname",)),
    (r"^(?!.*\b(?:current|working|present) (?:working )?(?:director\w*|folder)|.*\b(?:i'?m|i am) in\b)"
     r".*\b(?:full|absolute|canonical|real) (?:absolute )?path\b", ("realpath", "readlink")),
    (r"\b(?:binary|executable)\s+(?:of|for)\b|\bwhere\b.*\b(?:binary|executable)\b|\bwhere\s+(?:is|are)\s+[\w.+-]+\s+"
     r"installed\b|\bpath (?:of|to) (?:the )?(?:\w+ )?"
     r"(?:binary|executable|command|program)\b", ("which", "whereis", "command", "type")),  # "where is the nginx binary"
    # "is curl installed?", "check whether jq is installed": the package's record, or the program on the PATH
    (r"^\W*(?:is|are)\s+(?:the\s+)?(?:package\s+|program\s+|command\s+)?[\w.+-]+\s+installed\b"
     r"|\b(?:check|see|find out|tell me|verify)\s+(?:if|whether)\s+(?:the\s+)?(?:package\s+|program\s+)?[\w.+-]+\s+"
     r"(?:is|are)\s+installed\b", ("dpkg", "command", "which")),
    (r"\bkernel(?:'s)? (?:messages?|logs?|ring ?buffer|errors?|warnings?)\b|\bboot messages\b", ("dmesg",)),
    (r"\bimmutable\b|\bappend[- ]only\b", ("chattr",)),  # "make /etc/resolv.conf immutable"
    # "add #!/bin/bash as the first line of run.sh", "prepend a line to notes.txt"
    (r"\b(?:as|to be) the (?:first|top|new first) line\b|\bprepend\w*\b.*\bline\b|\binsert\b.*\bline\b.*\b(?:top|beginning|start)\b",
     ("sed",)),
    (r"\bkernel\b", ("uname",)),
    (r"\bpassword\b", ("passwd",)),
    (r"\b(?:add|create|new)\b(?: a| the)? users?\b", ("useradd", "adduser")),
    (r"\bcontents? of\b|\bprint (?:out )?the file\b", ("cat", "less")),
    # "join part1.txt and part2.txt into full.txt": one file after the other (join pairs lines on a common field)
    (r"\b(?:join|merge|combine|concatenat\w*|glue|stitch)\b(?!.*\b(?:on|by)\s+(?:the\s+)?(?:first\s+|common\s+|\w+\s+)?"
     r"(?:field|column|key)s?\b).*\binto\s+(?:a\s+(?:new\s+)?(?:file\s+)?)?[\w./~-]+\.\w+\b", ("cat",)),
    # "make gs an alias for git status" (not a git alias: git config alias.x)
    # ("is ls an alias, a builtin or a program" asks type)
    (r"^(?!.*\bgit\s+(?:config|alias))(?:.*\b(?:make|create|set|define|add)\b.*\balias\b|.*\balias\s+\S+\s+(?:to|for|=)"
     r"|.*\b(?:list|show|my|all)\b.*\baliases\b)", ("alias",)),
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


# Request words -> the option of a utility that does what they say ("regardless of case": grep -i, find -iname;
# "force kill": kill -9). A candidate whose main utility is a key and whose arguments carry the option gets the
# W_OPTION term of the score: among the examples of the right utility, the one that does what the words ask.
_KILL_HARD = r"\s-(?:9|KILL|SIGKILL|s\s+(?:9|KILL|SIGKILL))\b"
# the words that say the case of letters does not matter (the find composer's -iname and grep -i read these too)
IGNORE_CASE = (r"case[- ]?insensitive|ignor\w* (?:the )?case|regardless of (?:the )?case|no matter (?:the|what) case|"
               r"case (?:doesn't|does not|don't|do not) matter|whatever (?:the |their |its )?case\b(?! (?:may|might))|"
               r"\b(?:any|regardless of|ignor\w*(?: the)?|whatever(?: the)?)\s+capitali[sz]ation\b|"
               r"\bcapitali[sz]ation (?:doesn't|does not|don't|do not) matter")
# "print each one as it's removed": what a verbose option does (an option cue asks it, the unasked check allows it)
EACH_AS_IT_GOES = (r"\bas (?:it|they|each(?: one)?)(?:'s|'re| is| are| gets?) (?:removed|deleted|copied|moved|created|"
                   r"changed|made)\b")
# "ask before each one": what an interactive option (-i) does (an option cue asks it; the unasked check allows it on
# these words and looser ones)
CONFIRM_ASKED = (r"\b(?:ask|prompt)\w* (?:me )?(?:before|first|for confirmation)\b|\binteractive(?:ly)?\b|"
                 r"\bwith confirmation\b|\bconfirm(?:ing)? (?:each|every|before)\b")
_OPTION_CUES: list[tuple[str, dict[str, str]]] = [
    (_LONGEST_LINE, {"wc": r"\s-\w*L|\s--max-line-length\b"}),
    # "delete the .o files and print each one as it's removed": rm -v
    (r"\bverbos\w*|" + EACH_AS_IT_GOES + r"|\b(?:print|show|list|report)\w* (?:each|every) (?:one|file|name)\b.*"
     r"\b(?:as|while|when)\b",
     {u: r"\s-\w*v|\s--verbose\b" for u in ("rm", "cp", "mv", "mkdir", "rmdir", "chmod", "chown", "chgrp")}),
    (IGNORE_CASE + r"|\bcase[- ]?insensitiv\w*|\bignor\w* (?:the |letter )?case\b|\bregardless of (?:the )?(?:letter )?case\b|"
     r"\b(?:in )?any case\b|\b(?:upper|lower)\s?(?:case\s)?or (?:upper|lower)\s?case\b|\bwhatever the case\b",
     {"grep": r"\s-\w*i|\s--ignore-case\b", "egrep": r"\s-\w*i", "rg": r"\s-\w*i", "sort": r"\s-\w*f",
      "uniq": r"\s-\w*i", "diff": r"\s-\w*i", "locate": r"\s-\w*i", "find": r"\s-i(?:name|path|regex|wholename)\b"}),
    (r"\bforce(?:fully|d)?[- ]?(?:kill|stop|quit|terminate|end)\w*\b|\b(?:kill|terminate|stop|end)\w*\b.*\b(?:forcefully|"
     r"by force|hard|with sigkill|with signal 9|no matter what)\b|\bsigkill\b",
     {"kill": _KILL_HARD, "pkill": _KILL_HARD, "killall": _KILL_HARD}),
    (r"\bhuman[- ]?readabl\w*|\breadable (?:sizes?|units|format|numbers)\b",
     {"du": r"\s-\w*h", "df": r"\s-\w*h", "free": r"\s-\w*h", "ls": r"\s-\w*h"}),
    # (sort -h only for a request that sorts: "how big is movie.mkv in human readable units" sorts nothing)
    (r"^(?=.*\b(?:sort\w*|order\w*|rank\w*|biggest|largest|smallest)\b).*(?:\bhuman[- ]?readabl\w*|\breadable "
     r"(?:sizes?|units|format|numbers)\b)", {"sort": r"\s-\w*h"}),
    (r"\bline numbers?\b|(?<!-)(?<!odd )(?<!even )\bnumber(?:ed|s)? (?:the |all |each |every )?lines?\b|\bwith (?:their |the )?numbers?\b",
     {"grep": r"\s-\w*n", "cat": r"\s-\w*n", "less": r"\s-\w*N"}),
    (r"\bwhole words?\b|\bas (?:a |an )?(?:whole |separate |complete |exact )?words?\b|\bexact words?\b",
     {"grep": r"\s-\w*w"}),
    # "the lines of access.log that do not contain 404": grep -v; "which files under /etc mention listen, just the
    # names": grep -l, and -L for the files that do not; "with the 3 lines that follow it": -A (a number, so only
    # ranked, never added)
    (r"\blines?\b(?:(?!\bfiles?\b).)*\b(?:do(?:es)?\s+not|don'?t|doesn'?t|not|never)\s+(?:contain|match|mention|"
     r"includ|hav|start|begin|end)\w*", {"grep": r"\s-\w*v|\s--invert-match\b"}),
    (r"^(?!.*\b(?:do(?:es)?\s+not|don'?t|doesn'?t|not|never|without)\b)(?:.*\b(?:only|just)\s+(?:list\s+|print\s+|show\s+)?"
     r"(?:the\s+)?(?:file\s*)?names\b|.*\bnames? of (?:the )?(?:matching )?files\b|.*\b(?:list|show|print|which)\s+"
     r"(?:all\s+)?(?:the\s+)?files\s+(?:[\w./~-]+\s+){0,3}(?:that|which)\s+(?:contain|mention|match|includ)\w*)",
     {"grep": r"\s-\w*l|\s--files-with-matches\b"}),
    (r"\bfiles?\s+(?:[\w./~-]+\s+){0,3}(?:that|which)\s+(?:do(?:es)?\s+not|don'?t|doesn'?t|never)\s+(?:contain|mention|match|includ)\w*",
     {"grep": r"\s-\w*L|\s--files-without-match\b"}),
    (r"^(?!.*\b(?:before and after|after and before)\b)(?:.*\blines?\s+(?:that\s+|which\s+)?(?:follow\w*|after)\b|"
     r".*\bafter (?:each|every|the) match)", {"grep": r"\s-A\s*(?:\d|\{\{)"}),
    (r"^(?!.*\b(?:before and after|after and before)\b)(?:.*\blines?\s+(?:that\s+|which\s+)?(?:precede\w*|before)\b|"
     r".*\bbefore (?:each|every|the) match)", {"grep": r"\s-B\s*(?:\d|\{\{)"}),
    (r"\blines?\b.*\b(?:before and after|after and before|around (?:it|them|each|every|the)|surrounding)\b|"
     r"\bcontext\b", {"grep": r"\s-C\s*(?:\d|\{\{)|\s-B\s*(?:\d|\{\{)[^|]*\s-A\b"}),
    (r"\b(?:only|just) (?:the )?(?:count|number)\b", {"grep": r"\s-\w*c|\s--count\b"}),
    (r"\beither\b.*\bor\b", {"grep": r"\s-(?:\w*E\b|e\b.*\s-e\b)"}),
    # "the fully resolved target of the link /usr/bin/python": readlink -f (plain readlink reads one link)
    # (not "the absolute path of config.yaml": realpath's as much)
    (r"\b(?:fully|finally|completely|ultimately|recursively) resolv\w*|\bfinal (?:target|destination)\b|"
     r"\bcanonical\w*\b|\b(?:full|real) target\b|\bfollow\w* (?:all|every|each) (?:the )?(?:sym)?links\b",
     {"readlink": r"\s-\w*[fem]|\s--canonicalize\b"}),
    (_NUMBERS_NONEMPTY, {"cat": r"\s-\w*b"}),
    # "compare dir1 and dir2 and report only which files differ": diff -q
    # (not "names of files that differ between main and develop": git diff --name-only)
    (r"\b(?:only|just) (?:report |say |tell |show |list )?(?:which|whether|if)\b.*\bdiffer\w*|\bbrief(?:ly)?\b",
     {"diff": r"\s-\w*q|\s--brief\b"}),
    (r"\bmime[- ]?types?\b", {"file": r"\s-\w*i|\s--mime(?:-type)?\b"}),
    # "kill all processes named exactly firefox": the whole name (pkill -x), not every name containing it
    (r"\b(?:named|called|name is|name)\s+(?:exactly|precisely)\b|\bexact(?:ly)?\s+(?:the\s+)?(?:process\s+)?name\b|"
     r"\bexact match\b", {"pkill": r"\s-\w*x|\s--exact\b", "pgrep": r"\s-\w*x|\s--exact\b"}),
    # "any process with celery in its command line": the whole command line matched (pgrep -f), not the name
    # (not "with their command lines": pgrep -a shows them)
    (r"\bin\s+(?:its|their|the)\s+(?:full\s+)?command[- ]?lines?\b|\bcommand[- ]?lines?\s+(?:contains?|containing|"
     r"matches|matching|includes?|has)\b", {"pkill": r"\s-\w*f|\s--full\b", "pgrep": r"\s-\w*f|\s--full\b"}),
    (r"\bunified\b", {"diff": r"\s-\w*u|\s--unified\b", "git": r"\s-\w*u|\s--unified\b"}),
    (r"\bside[- ]by[- ]side\b", {"diff": r"\s-\w*y|\s--side-by-side\b"}),
    # (with the usage asked: "partitions with their filesystem types and UUIDs" is lsblk -f)
    (r"^(?=.*\b(?:usage|space|free|used|full|df)\b)(?:.*\b(?:file\s?systems?|partitions?)(?:'s?)?\s+types?\b|.*\btypes? of "
     r"(?:the |each |every )?(?:file\s?systems?|partitions?)\b|.*\bwith (?:the |their |its )?(?:file\s?system )?types?\b)",
     {"df": r"\s-\w*T|\s--print-type\b"}),
    (r"\bkernel (?:version|release)\b", {"uname": r"\s-\w*r"}),
    (r"(?<!lines )(?<!line )(?<!that )(?<!which )\bfollow(?:ing)?\b(?!.*\bsym\w*\s*links?\b)|\bas (?:it|they) (?:grows?|(?:is|are) written)\b|\bin real[- ]?time\b|"
     r"\blive\b|\bkeep (?:watching|showing|printing)\b|\bnew lines as\b|\bstream\w*\b",
     {"tail": r"\s-\w*[fF]|\s--follow\b", "journalctl": r"\s-\w*f|\s--follow\b", "docker": r"\s-\w*f|\s--follow\b",
      "kubectl": r"\s-\w*f|\s--follow\b"}),
    (r"\b(?:including|with|and|show\w*|incl\.?) (?:the )?(?:hidden|dot) ?(?:files|ones|entries)?\b|\bdotfiles\b",
     {"ls": r"\s-\w*[aA]"}),
    (r"\brecursive(?:ly)?\b|\band everything (?:in|inside|under|below|within) (?:it|them)\b|\bwith everything (?:in|inside) "
     r"(?:it|them)\b|\band (?:all )?(?:its|their) (?:contents|subfolders|subdirectories)\b",
     # (not grep or ls: "search the current directory recursively for files writable by others" is no grep -r, and a
     # recursive listing is often find or tree)
     {"cp": r"\s-\w*[rRa]", "chmod": r"\s-\w*R", "chown": r"\s-\w*R", "chgrp": r"\s-\w*R", "diff": r"\s-\w*r",
      "rm": r"\s-\w*[rR]", "zip": r"\s-\w*r", "scp": r"\s-\w*r", "rsync": r"\s-\w*[ra]"}),
    (r"\bone (?:per|a|on each) line\b|\bone (?:name|file|entry) per line\b|\bsingle column\b", {"ls": r"\s-\w*1"}),
    (r"\breverse(?:d)?\b.*\border\b|\bin reverse\b|\breversed?\b.*\b(?:alphabetical|sort\w*)\b|\bz to a\b|\bdescending\b",
     {"ls": r"\s-\w*r", "sort": r"\s-\w*r"}),
    (r"\b(?:follow\w*|across|through|despite)\s+(?:the\s+|its\s+|any\s+)?renam\w*", {"git": r"\s--follow\b"}),
    (r"\b(?:director(?:y|ies)|folders?|dir)\b.*\bitself\b|\bnot (?:its|the(?:ir)?) contents\b|"
     r"\b(?:directory|folder) entry\b", {"ls": r"\s-\w*d"}),
    (r"\b(?:grouped|sorted|ordered|sort)\s+by\s+(?:their\s+|file\s+)?extensions?\b", {"ls": r"\s-\w*X|\s--sort=extension\b"}),
    # a listing in the order of size or time ("list files by size, biggest first": ls -S)
    (r"\bby (?:their |file )?size\b|\b(?:biggest|largest|smallest) (?:ones? |files? )?(?:first|on top)\b|\bsize order\b",
     {"ls": r"\s-\w*S|\s--sort=size\b"}),
    (r"\bby (?:their )?(?:modification |modified |mod |change )?(?:time|date)\b|\b(?:newest|oldest|latest|most recent\w*"
     r"(?: (?:modified|changed|updated))?) (?:ones? |files? )?(?:first|on top)\b",
     {"ls": r"\s-\w*t|\s--sort=time\b"}),
    (r"\bwith (?:all )?(?:the |their |full )?details\b|\blong (?:listing|format)\b|\bdetailed\b",
     {"ls": r"\s-\w*l"}),
    (r"\bprogress\b", {"rsync": r"\s--progress\b|\s-\w*P|\s--info=progress2\b"}),
    # ("compress dump.sql with xz but keep the original file": xz -k)
    (r"\bkeep(?:ing)? (?:the |a |its )?(?:original|source|input|uncompressed|compressed)\b|\bwithout (?:deleting|removing|"
     r"losing|replacing) (?:the |its )?(?:original|source|input)\b|\bleav\w* (?:the |its )?original\b",
     {t: r"\s-\w*k|\s--keep\b" for t in ("gzip", "gunzip", "xz", "unxz", "bzip2", "bunzip2")}),
    (r"\bin (?:mb|megabytes|mib|megs)\b", {"free": r"\s-\w*m", "du": r"\s-\w*m", "df": r"\s-\w*m"}),
    (r"\bin (?:gb|gigabytes|gib|gigs)\b", {"free": r"\s-\w*g", "df": r"\s-\w*BG|\s-\w*h"}),
    (r"\boutdated\b|\bnewer versions?\b|\bupdates? (?:are )?available\b|\bcan be (?:upgraded|updated)\b|\bupgradable\b",
     {"pip": r"\s(?:-\w*o\b|--outdated\b)", "pip3": r"\s(?:-\w*o\b|--outdated\b)", "npm": r"\soutdated\b",
      "apt": r"\s--upgradable\b"}),
    (r"\bmore than once\b|\bduplicat\w*\b|\brepeated\b|\bappear\w* (?:twice|several times|multiple times)\b",
     {"uniq": r"\s-\w*[dD]|\s-c\b"}),
    # ("the unique lines" are the lines without their repeats, sort -u: no cue)
    (r"\b(?:only|exactly) once\b|\bnot (?:repeated|duplicated)\b|\bnever repeated\b",
     {"uniq": r"\s-\w*u"}),
    (r"\bwithout (?:extracting|unpacking|decompressing)\b|\b(?:list|show|see|what)\b.*\b(?:inside|contents? of|files in)\b",
     {"unzip": r"\s-\w*[lZ]", "tar": r"\s-\w*t|\s--list\b", "7z": r"\sl\b", "unrar": r"\sl\b"}),
    (r"\boccurrences?\b|\bnot (?:just |only )?(?:the )?(?:matching )?lines\b|\bhow many times\b|\bseveral per line\b",
     {"grep": r"\s-\w*o"}),
    (r"\bsym(?:bolic\s*)?links?\s+resolved\b|\bresolv\w*\s+(?:the\s+|all\s+|any\s+)?sym(?:bolic\s*)?links?\b|"
     r"\bphysical\b|\breal (?:path|directory|location)\b",
     {"pwd": r"\s-\w*P", "cd": r"\s-\w*P"}),
    (r"\bliteral(?:ly)?\b|\bfixed[- ]strings?\b|\bnot (?:as )?a (?:regex|regular expression|pattern)\b|\bas plain text\b",
     {"grep": r"\s-\w*F|\s--fixed-strings\b", "rg": r"\s-\w*F"}),
    (r"\bnumerically\b|\bnumeric(?:al)? (?:order|sort)\b|\bby (?:their )?(?:numeric|number) value\b",
     {"sort": r"\s-\w*[nghV]"}),
    (CONFIRM_ASKED,
     {"rm": r"\s-\w*[iI]", "cp": r"\s-\w*i", "mv": r"\s-\w*i", "ln": r"\s-\w*i"}),
    (r"\b(?:don'?t|do not|never|without) (?:overwrit|clobber|replac)\w*|\bno[- ]?clobber\b|\bonly if (?:it|they) "
     r"(?:doesn'?t|does not|don'?t|do not) (?:already )?exist",
     {"cp": r"\s-\w*n|\s--no-clobber\b|\s--update=none\b", "mv": r"\s-\w*n|\s--no-clobber\b"}),
    (r"\b(?:parents?|intermediate|nested|missing)\b.*\b(?:director\w*|folders?|dirs?)\b|\b(?:director\w*|folders?|dirs?)\b"
     r".*\b(?:parents?|intermediate|nested|as needed|along the way|if missing)\b|/\w+/\w+/",
     {"mkdir": r"\s-\w*p|\s--parents\b"}),
    (r"\bpreserv\w*\b|\bkeep(?:ing)? (?:the |their |its |all )?(?:permissions|timestamps|attributes|ownership|"
     r"modes?|times?|owners?)\b|\barchive mode\b",
     {"cp": r"\s-\w*[pa]|\s--preserve\b|\s--archive\b", "rsync": r"\s-\w*a|\s--archive\b", "scp": r"\s-\w*p"}),
    (r"\bdry[- ]?run\b|\bwhat would\b|\bwithout (?:actually )?(?:doing|deleting|removing|changing|copying|syncing)\b|"
     r"\bsimulat\w*\b|\bpreview\b",
     {"rsync": r"\s-\w*n|\s--dry-run\b", "git": r"\s-\w*n\b|\s--dry-run\b", "apt": r"\s-\w*s\b|\s--simulate\b",
      "apt-get": r"\s-\w*s\b|\s--simulate\b", "make": r"\s-\w*n\b"}),
]
_OPTION_COMPILED = [(re.compile(p, re.I), {u: re.compile(o) for u, o in opts.items()}) for p, opts in _OPTION_CUES]

# The options a candidate may be given when it lacks one the request asks for ("list /opt including hidden files with
# human readable sizes": ls -lh /opt becomes ls -lha /opt). Only utilities whose options mean the same whatever the
# rest of the line (no subcommands: git's -n is not docker's), and the short options of theirs that take a value,
# which a letter must not follow in a cluster (grep -e PATTERN: -ew would read w as the pattern). Not uniq, whose
# cued options are one reading or another (-d, -u), never one more.
COMPLETED_OPTIONS: dict[str, str] = {
    "ls": "ITw", "grep": "efmABCdD", "egrep": "efmABCdD", "rm": "", "cp": "tS", "mv": "tS", "du": "dBtX", "df": "Bt",
    "free": "cs", "sort": "ktoST", "tail": "ncs", "cat": "", "less": "bhjpPtxyz", "chmod": "",
    "chown": "", "chgrp": "", "zip": "bntx", "scp": "cFiJlPoS", "rsync": "eBfT", "mkdir": "m", "ln": "tS",
    "gzip": "S", "gunzip": "S", "xz": "T", "unxz": "T", "bzip2": "", "bunzip2": "", "zstd": "o", "pwd": "", "make": "CfIjlo",
    "readlink": "", "diff": "CDUxXILFWS", "pkill": "gGPstuUF", "pgrep": "dgGPstuUF",
}
_FLAG_FORM = re.compile(r"^\\s(?:-\\w\*(?:\[(\w)|(\w))|(--[\w-]+)\\b)")


def option_form(pattern: re.Pattern[str]) -> str | None:
    """The option to add for a cued option pattern: its first short letter ("-h" for ``\\s-\\w*h``, "-a" for
    ``\\s-\\w*[ap]``) or its long form ("--progress"); None when the pattern names no single one."""
    m = _FLAG_FORM.match(pattern.pattern)
    if not m:
        return None
    return m[3] or "-" + (m[1] or m[2])


@lru_cache(maxsize=64)
def option_cues(request: str) -> dict[str, list[re.Pattern[str]]]:
    """Utility -> the patterns of the options the request's words ask of it (none for most requests). Read once per
    request (Pipeline.check ranks by them, Pipeline.complete adds the missing ones): callers must not change it."""
    request = re.sub(r"\"[^\"]*\"|'[^']*'|`[^`]*`", " ", without_paths(request, files=True))
    out: dict[str, list[re.Pattern[str]]] = {}
    for rx, opts in _OPTION_COMPILED:
        if rx.search(request):
            for u, o in opts.items():
                out.setdefault(u, []).append(o)
    return out


def has_cued_option(cues: dict[str, list[re.Pattern[str]]], utility: str, args: list[str]) -> float:
    """The share of the options ``cues`` asks of ``utility`` that ``args`` carry (0 when it asks none)."""
    pats = cues.get(utility)
    if not pats:
        return 0.0
    text = " " + " ".join(args) + " "
    return sum(1 for p in pats if p.search(text)) / len(pats)


# The other way round: options that change what a command does in a way the request must say ("copy all .conf files to
# ~/backup" is no `cp -v`, "create a symlink called latest" no `ln -sfn`, which replaces one): (utilities, the option in
# their arguments, the words that ask for it). A candidate carrying one the request does not ask for gets the
# W_UNASKED_OPTION term.
_VERBOSE_SAID = (r"\bverbos\w*|\b(?:show|print|list|display|see|tell|report)\w*\s+(?:me\s+)?(?:what|each|every|which|"
                 r"the names?|progress)\b|\bprogress\b|\bone by one\b|\bas (?:it|they) (?:go|goes|are|is)\b|\bloudly\b|"
                 + EACH_AS_IT_GOES)
_UNASKED_OPTIONS: list[tuple[tuple[str, ...], str, str]] = [
    (("cp", "mv", "rm", "ln", "mkdir", "rmdir", "chmod", "chown", "chgrp"), r"\s-\w*v|\s--verbose\b", _VERBOSE_SAID),
    (("ln",), r"\s-\w*[fn]\w*\s|\s--force\b", r"\b(?:replac|overwrit|forc|updat|switch|repoint|re-point|chang|exist|"
     r"already|move|redirect|retarget)\w*"),
    (("timeout",), r"\s-(?:s|k|-signal|-kill-after)\b", r"\b(?:kill\w*|sigkill|signal|force\w*|hard)\b"),
    (("cp", "scp"), r"\s-\w*p|\s-\w*a(?=\s)", r"\b(?:preserv\w*|keep\w*|permissions?|timestamps?|modes?|attributes?|"
     r"ownership|archiv\w*|exact|mirror\w*|as (?:it|they) (?:is|are)|everything|recursive\w*|whole|entire|"
     r"director\w*|folders?|trees?|dirs?)\b"),
    (("kill", "pkill", "killall"), _KILL_HARD, r"\b(?:force\w*|hard|sigkill|9|immediately|won'?t (?:die|stop|quit)|"
     r"(?:hung|stuck|frozen|unresponsive)|no matter what|kill\s+-9|can'?t be stopped)\b"),
    (("git",), r"\spush\b.*\s(?:-f|--force\S*)(?=\s)", r"\b(?:force\w*|overwrit\w*|rewrit\w*|rebased?)\b"),
    (("killall", "rm", "cp", "mv"), r"\s-\w*i\b|\s--interactive\b", CONFIRM_ASKED + r"|\b(?:ask\w*|confirm\w*|prompt\w*|"
     r"interactiv\w*|careful\w*|safe\w*|one by one|y/n|yes or no|before)\b"),
    (("shutdown",), r"\s-\w*r\b|\s--reboot\b", r"\b(?:reboot\w*|restart\w*|come back|back up)\b"),
    (("touch",), r"\s-\w*[am]\b", r"\b(?:access\w*|modif\w*|mtime|atime|only)\b"),
    (("touch",), r"\s-\w*c\b|\s--no-create\b", r"\b(?:(?:don'?t|do not|never|without) creat\w*|only if (?:it|they) "
     r"exists?|existing)\b"),
    (("cp",), r"\s-\w*u", r"\b(?:updat\w*|newer|changed|only new|missing|sync\w*)\b"),  # cp -u: only what is newer
    # "the 3 lines that follow it": no lines before each match (grep -B), nor after for "the lines before"
    (("grep", "zgrep"), r"\s-B\s*\d", r"\b(?:before|preced\w*|around|surround\w*|context|prior|above|leading|either side)\b"),
    (("grep", "zgrep"), r"\s-A\s*\d", r"\b(?:after|follow\w*|around|surround\w*|context|below|next|trailing|either side)\b"),
    (("tail",), r"\s-\w*[fF]\b|\s--follow\b", r"\b(?:follow\w*|live|real[- ]?time|watch\w*|keep\w*|new lines?|grows?|"
     r"growing|monitor\w*|stream\w*|continu\w*|appear\w*|arriv\w*|written|incoming|as it happens|tail -f)\b"),
]
_UNASKED_COMPILED = [(u, re.compile(o), re.compile(w, re.I)) for u, o, w in _UNASKED_OPTIONS]


def unasked_options(request: str) -> list[tuple[tuple[str, ...], re.Pattern[str]]]:
    """(utilities, option pattern) of the options above that ``request`` does not ask for."""
    return [(u, o) for u, o, w in _UNASKED_COMPILED if not w.search(request)]


def carries_unasked(unasked: list[tuple[tuple[str, ...], re.Pattern[str]]], utility: str, args: list[str]) -> float:
    """1 when ``args`` of ``utility`` carry one of the ``unasked`` options, else 0."""
    text = " " + " ".join(args) + " "
    return float(any(utility in u and o.search(text) for u, o in unasked))


# "grab https://host/tool.tar.gz", "get https://...": a URL to fetch (seen before paths are cut to their last part)
_URL_FETCH = re.compile(r"^\W*(?:please\s+)?(?:grab|get|pull|save|fetch)\b.*\b(?:https?|ftp)://", re.I)
_PATHS = re.compile(r"[^\s\"'`]*/([^\s\"'`]*)")
_PROGRAM_DIR = re.compile(r"(?:^|/)s?bin/$")


def without_paths(text: str, files: bool = False) -> str:
    """``text`` without its paths, for what it names: "/opt/java" is a directory, not java, "/var/lib/docker" not
    docker, and "/etc/apt/sources.list" a file, not apt; but a program's path names the program (/usr/bin/python3),
    and with ``files`` a file keeps its name ("extract backups/site.tar.gz": site.tar.gz, whose type says tar)."""
    def last(m: re.Match[str]) -> str:
        if m[0].startswith("#!"):
            return ""  # "add #!/bin/bash as the first line": a line of text, no program to run
        keep = _PROGRAM_DIR.search(m[0][: m.start(1) - m.start()]) or files and "." in m[1].strip(".")
        return m[1] if keep else ""

    return _PATHS.sub(last, text)


# "copy report.pdf into backup/2024", "copy the contents of src into dest" (not "copy my ssh key to the server": a
# machine is scp's or ssh-copy-id's; nor "copy the output to the clipboard")
_COPIES_FILE = re.compile(r"^\W*(?:please\s+)?copy\s+(?!.*\b(?:server|host|machine|remote|clipboard|ssh|key|container|pod|"
                          r"bucket|s3)\b)(?!.*@)\S.*?\s(?:to|into)\s", re.I)
# "move phantomjs.tar.bz2 to /usr/local/share": the file goes there (not "move up two directories": cd)
_MOVES_FILE = re.compile(r"^\W*(?:please\s+)?move\s+(?!up\b|down\b|back\b|to\b|into\b|on\b|forward\b|the cursor\b)\S.*?\s"
                         r"(?:to|into|under)\s", re.I)

# "the total size of /var/lib/docker in human readable form": a directory's size, by its path (no extension)
_DIR_SIZE = re.compile(r"^\W*(?:(?:what(?:'s| is)|show|get|print|check|display)\s+)?(?:the\s+|me\s+the\s+)?(?:total\s+)?"
                       r"(?:disk\s+)?size\s+of\s+(?:the\s+)?(?:folder\s+|directory\s+|dir\s+)?[\"'`]?"
                       r"(?:~|\.{1,2})?/(?![\w./~-]*\.[a-z]\w{0,4}\b)[\w./~-]*[\"'`]?"
                       r"(?:\s*,?\s+in\s+(?:a\s+)?(?:human[- ]readable|readable|[kmg]b|kilobytes|megabytes|gigabytes|bytes)"
                       r"(?:\s+(?:form|format|units))?)?\s*[?.]?$", re.I)
# "copy notes to bob@server1:/tmp": a place on another machine, as scp writes it (the path goes with the other paths),
# or a copy over ssh ("copy backup.sql to web2 over ssh")
_REMOTE_PLACE = re.compile(r"\b(?:copy|upload|send|transfer|push)\b.*(?:\s[a-z_][\w.-]*@[\w.-]+:|"
                           r"\b(?:over|via|using|with|through)\s+(?:an?\s+)?ssh\b)", re.I)
# the cues read on the request as written, quoted names and all: "move "x.tar.bz2" to /usr/local/share" is a move
_WHOLE_REQUEST_CUES = ((_MOVES_FILE, "mv"), (_COPIES_FILE, "cp"), (_DIR_SIZE, "du"), (_REMOTE_PLACE, "scp"))


def cued_utilities(request: str) -> list[str]:
    """Utilities the request's words point to, most specific cue first (no duplicates).

    A path's directories are no words of the request: "/etc/apt/sources.list" does not ask for apt, and
    neither is what it quotes."""
    out: list[str] = ["wget", "curl"] if _URL_FETCH.search(request) else []
    if asked_zone(request):
        out.append("date")  # "what time is it in London right now": TZ=Europe/London date
    out += [u for rx, u in _WHOLE_REQUEST_CUES if rx.search(request)]  # (read before quoted names go)
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
    started = STARTED_SERVICE.search(request) or SERVICE_VERB_OBJECT.search(request)
    if started and re.search(r"\b(?:boot|startup|automatically|login)\b", request, re.I):
        names.add(started.group(1).lower())  # "stop bluetooth from starting on boot", "start docker at boot"
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
    (_NOT_TEXT_RENAME + r"rename", ("mv", "rename")),
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
    # "split big.tar into 1 GB chunks" (not "split the string/each line on commas": a text's fields)
    (r"split(?!\s+(?:the\s+|a\s+|each\s+|every\s+)?(?:strings?|lines?|text|words?|paths?|names?|fields?|\$))", ("split", "csplit")),
    (r"reassemble|concatenate|concat", ("cat",)),  # "reassemble the chunks big.tar.part_* into big.tar"
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
    (r"echo", ("echo",)),  # "echo the value of my PATH variable"
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
