"""Words that say what a command does, added to the text that is embedded and searched.

A command line like ``ffmpeg -i in.mp4 -vcodec libx265 -crf 28 out.mp4`` shares no word with
"shrink my videos"; a small gloss per utility (and per well-known flag) bridges the gap for
both the word index and the embedding model ("document expansion"). The gloss is part of the
embedded text, so editing it re-embeds the affected rows lazily (their text hash changes).

Also here: :func:`normalise_query`, which drops the filler of a spoken query ("that command I
used to ... last week") and keeps the words that carry meaning.
"""

from __future__ import annotations

import re
import shlex

# utility -> what it is about (own words, kept short)
GLOSS: dict[str, str] = {
    "ls": "list files directory contents", "ll": "list files long", "cd": "change directory",
    "pwd": "print current directory", "cp": "copy files", "mv": "move rename files",
    "rm": "delete remove files", "rmdir": "remove empty directory", "mkdir": "create directory folder",
    "touch": "create empty file update timestamp", "ln": "link symlink shortcut",
    "cat": "print show file contents", "less": "page view file", "more": "page view file",
    "head": "first lines beginning of file", "tail": "last lines end of file follow log",
    "wc": "count lines words characters", "sort": "sort lines order", "uniq": "unique duplicate lines",
    "cut": "cut columns fields", "paste": "merge lines columns", "tr": "translate replace characters",
    "sed": "stream edit replace text substitute", "awk": "text columns fields processing",
    "grep": "search text pattern in files", "egrep": "search text regex", "rg": "ripgrep search text code",
    "ag": "search code text", "find": "find search files by name size time",
    "fd": "find files by name", "locate": "find files database", "xargs": "run command for each input",
    "diff": "compare differences between files", "cmp": "compare files bytes",
    "comm": "compare sorted files common lines", "patch": "apply diff patch",
    "tee": "write output to file and screen", "echo": "print text", "printf": "print formatted text",
    "chmod": "change permissions mode executable", "chown": "change owner ownership",
    "chgrp": "change group", "umask": "default permissions", "stat": "file status info size time",
    "file": "file type detect", "du": "disk usage size of folders space", "df": "disk free space filesystem",
    "mount": "mount filesystem drive", "umount": "unmount drive", "lsblk": "list disks block devices partitions",
    "fdisk": "partition disk", "mkfs": "format filesystem disk", "dd": "copy disk image raw bytes write usb",
    "tar": "archive tarball bundle compress extract", "gzip": "compress file gz", "gunzip": "decompress gz",
    "zip": "compress zip archive", "unzip": "extract zip archive", "xz": "compress xz",
    "bzip2": "compress bz2", "7z": "7zip archive compress extract", "zstd": "compress zstd",
    "rsync": "sync copy files backup remote mirror", "scp": "copy files over ssh remote",
    "sftp": "transfer files ssh", "ssh": "remote login server shell", "ssh-keygen": "generate ssh key pair",
    "ssh-copy-id": "install ssh key on server", "curl": "http request download url web api",
    "wget": "download file from web url", "ping": "network reachability latency host",
    "traceroute": "network route hops", "dig": "dns lookup domain records", "nslookup": "dns lookup domain",
    "host": "dns lookup", "whois": "domain registration owner", "netstat": "network connections ports",
    "ss": "sockets listening ports connections", "ip": "network interfaces addresses routes",
    "ifconfig": "network interfaces addresses", "nc": "netcat tcp port connect listen",
    "nmap": "scan network ports hosts", "iptables": "firewall rules", "ufw": "firewall allow deny",
    "openssl": "tls certificate encryption ssl", "gpg": "encrypt decrypt sign keys",
    "ps": "list processes running programs", "top": "processes cpu memory usage monitor",
    "htop": "processes cpu memory monitor", "kill": "stop terminate process signal",
    "pkill": "kill processes by name", "killall": "kill processes by name", "pgrep": "find process id by name",
    "nohup": "run in background after logout", "jobs": "background jobs", "bg": "background job",
    "fg": "foreground job", "nice": "process priority", "renice": "change process priority",
    "lsof": "open files ports which process uses", "strace": "trace system calls debug",
    "time": "measure how long command takes", "watch": "repeat command periodically monitor",
    "sleep": "wait pause delay", "timeout": "limit run time", "crontab": "schedule periodic jobs cron",
    "at": "schedule job later", "systemctl": "service start stop restart status systemd",
    "service": "start stop restart service", "journalctl": "system logs journal service log",
    "dmesg": "kernel messages log", "uptime": "how long system running load",
    "free": "memory ram usage", "vmstat": "memory cpu statistics", "iostat": "disk io statistics",
    "uname": "kernel system version info", "hostname": "machine name", "whoami": "current user name",
    "id": "user group ids", "who": "logged in users", "w": "logged in users activity",
    "last": "login history", "sudo": "run as root administrator", "su": "switch user",
    "passwd": "change password", "useradd": "create user account", "adduser": "create user account",
    "usermod": "modify user account group", "groupadd": "create group", "env": "environment variables",
    "export": "set environment variable", "alias": "command shortcut alias", "history": "shell history",
    "source": "load shell file", "which": "locate program path", "whereis": "locate program",
    "type": "command type", "man": "manual help page", "date": "date time clock",
    "cal": "calendar", "bc": "calculator math", "seq": "sequence of numbers", "yes": "repeat output",
    "base64": "encode decode base64", "md5sum": "checksum hash md5", "sha256sum": "checksum hash sha256 verify",
    "shasum": "checksum hash", "split": "split file into parts pieces", "shuf": "shuffle random lines",
    "rev": "reverse text", "column": "format table columns", "fold": "wrap lines", "iconv": "convert encoding charset",
    "dos2unix": "convert line endings", "jq": "json query filter parse", "yq": "yaml query",
    "xmllint": "xml validate format", "csvkit": "csv", "sqlite3": "sqlite database query",
    "psql": "postgres database sql query", "mysql": "mysql database sql query",
    "pg_dump": "postgres database backup dump export", "mysqldump": "mysql database backup dump export",
    "redis-cli": "redis key value database", "mongo": "mongodb database", "mongosh": "mongodb database shell",
    "git": "version control repository", "svn": "version control", "hg": "mercurial version control",
    "make": "build compile project", "cmake": "configure build", "gcc": "compile c program",
    "g++": "compile c++ program", "clang": "compile c program", "cargo": "rust build package",
    "rustc": "compile rust", "go": "golang build run", "javac": "compile java", "java": "run java program jar",
    "mvn": "maven java build", "gradle": "java build", "python": "python script", "python3": "python script",
    "pip": "install python packages", "pip3": "install python packages", "pytest": "run python tests",
    "node": "javascript node run", "npm": "node packages install javascript", "npx": "run node package",
    "yarn": "javascript packages install", "pnpm": "javascript packages install",
    "ruby": "ruby script", "gem": "ruby packages", "bundle": "ruby dependencies", "perl": "perl script text",
    "php": "php script", "composer": "php packages", "apt": "install packages debian ubuntu",
    "apt-get": "install packages debian ubuntu", "dpkg": "debian package", "yum": "install packages redhat",
    "dnf": "install packages fedora", "pacman": "install packages arch", "brew": "install packages mac homebrew",
    "snap": "install snap packages", "flatpak": "install flatpak apps", "docker": "container image",
    "docker-compose": "containers services compose", "podman": "container image",
    "kubectl": "kubernetes cluster pods deployments", "helm": "kubernetes charts deploy",
    "terraform": "infrastructure provision cloud", "ansible": "configuration automation remote hosts",
    "ansible-playbook": "run automation playbook", "aws": "amazon cloud", "gcloud": "google cloud",
    "az": "azure cloud", "vagrant": "virtual machine", "virsh": "virtual machines", "tmux": "terminal multiplexer sessions",
    "screen": "terminal sessions detach", "vim": "edit file editor", "vi": "edit file editor", "nano": "edit file editor",
    "emacs": "edit file editor", "code": "open editor vscode", "open": "open file app", "xdg-open": "open file app",
    "ffmpeg": "video audio convert encode transcode media", "ffprobe": "video audio media info",
    "convert": "image convert resize picture imagemagick", "magick": "image convert resize picture",
    "mogrify": "image batch resize picture", "identify": "image info dimensions",
    "exiftool": "photo image metadata exif", "youtube-dl": "download video", "yt-dlp": "download video youtube",
    "pdftotext": "pdf to text extract", "pdfunite": "merge pdf files", "qpdf": "pdf split merge",
    "gs": "ghostscript pdf compress", "pandoc": "convert documents markdown", "espeak": "speak text speech",
    "sox": "audio sound convert", "lame": "mp3 audio encode", "notify-send": "desktop notification",
    "xclip": "clipboard copy", "pbcopy": "clipboard copy", "clear": "clear screen terminal",
    "reboot": "restart computer", "shutdown": "power off computer", "history-clear": "history",
    "hexdump": "hex dump bytes binary", "xxd": "hex dump bytes binary", "strings": "printable text in binary",
    "objdump": "disassemble binary", "nm": "symbols binary", "ldd": "shared libraries dependencies",
    "tree": "directory tree structure", "basename": "file name from path", "dirname": "directory of path",
    "realpath": "absolute path", "readlink": "resolve link path", "mktemp": "temporary file",
    "shred": "securely delete overwrite", "truncate": "shrink extend file size", "fallocate": "preallocate file size",
    "install": "copy files set permissions", "nproc": "number of cpus cores", "lscpu": "cpu info",
    "lspci": "pci devices hardware", "lsusb": "usb devices", "sensors": "temperature hardware sensors",
    "hdparm": "disk speed parameters", "smartctl": "disk health smart", "parted": "partition disk",
    "blkid": "disk uuid filesystem type", "swapon": "enable swap", "sysctl": "kernel parameters",
    "modprobe": "load kernel module", "lsmod": "list kernel modules", "http": "http request api httpie",
    "ab": "http load benchmark", "wrk": "http load benchmark", "iperf3": "network bandwidth speed test",
    "speedtest-cli": "internet speed test", "certbot": "tls certificate letsencrypt", "nginx": "web server",
    "apachectl": "apache web server", "mail": "send email", "sendmail": "send email", "tcpdump": "capture network packets",
    "ncdu": "disk usage browse", "fzf": "fuzzy finder select", "bat": "show file syntax highlight",
    "entr": "run command when files change", "inotifywait": "watch file changes", "parallel": "run jobs in parallel",
    "pv": "progress of pipe transfer", "mkvmerge": "mkv video merge", "gifsicle": "gif optimize animate",
    "optipng": "optimize png image size", "jpegoptim": "optimize jpeg image size", "cwebp": "convert to webp image",
}

# (utility, flag or subcommand) -> gloss
FLAG_GLOSS: dict[tuple[str, str], str] = {
    ("tar", "x"): "extract unpack", ("tar", "c"): "create pack", ("tar", "t"): "list contents",
    ("tar", "z"): "gzip", ("tar", "j"): "bzip2", ("tar", "J"): "xz",
    ("grep", "-r"): "recursive in all files", ("grep", "-R"): "recursive in all files",
    ("grep", "-i"): "case insensitive ignore case", ("grep", "-v"): "exclude invert not matching",
    ("grep", "-c"): "count matches", ("grep", "-l"): "which files contain", ("grep", "-n"): "line numbers",
    ("grep", "-o"): "only matching part", ("grep", "-w"): "whole word",
    ("ls", "-a"): "hidden files", ("ls", "-S"): "sorted by size largest", ("ls", "-t"): "sorted by time newest",
    ("ls", "-R"): "recursive", ("ls", "-h"): "human readable sizes",
    ("rm", "-r"): "recursive whole directory", ("rm", "-f"): "force", ("cp", "-r"): "recursive directory",
    ("du", "-s"): "total summary", ("du", "-h"): "human readable", ("sort", "-n"): "numeric",
    ("sort", "-r"): "reverse descending", ("sort", "-h"): "human sizes", ("uniq", "-c"): "count occurrences",
    ("tail", "-f"): "follow live log", ("head", "-n"): "number of lines", ("find", "-mtime"): "modified days ago",
    ("find", "-size"): "by size big large", ("find", "-name"): "by name", ("find", "-delete"): "delete found",
    ("find", "-type"): "type", ("find", "-empty"): "empty", ("find", "-exec"): "run on each",
    ("find", "-newer"): "newer than", ("find", "-perm"): "permissions", ("find", "-user"): "owned by user",
    ("ffmpeg", "-crf"): "quality compress smaller size", ("ffmpeg", "libx265"): "hevc h265 compress smaller",
    ("ffmpeg", "-vn"): "audio only no video extract sound", ("ffmpeg", "-ss"): "start time cut clip trim",
    ("ffmpeg", "-t"): "duration", ("ffmpeg", "scale"): "resize resolution", ("ffmpeg", "-r"): "frame rate",
    ("ffmpeg", "-an"): "remove audio mute", ("ffmpeg", "gif"): "animated gif", ("ffmpeg", "concat"): "join merge",
    ("ffmpeg", "libmp3lame"): "mp3", ("ffmpeg", "-c"): "codec copy",
    ("convert", "-resize"): "resize scale smaller thumbnail", ("convert", "-rotate"): "rotate",
    ("convert", "-quality"): "compress quality", ("chmod", "+x"): "make executable runnable",
    ("chmod", "-R"): "recursive", ("chown", "-R"): "recursive", ("ssh", "-L"): "port forwarding tunnel",
    ("ssh", "-R"): "reverse tunnel", ("ssh", "-i"): "identity key", ("ssh", "-p"): "port",
    ("curl", "-O"): "download save file", ("curl", "-o"): "save to file", ("curl", "-I"): "headers only",
    ("curl", "-X"): "method", ("curl", "-d"): "post data send", ("curl", "-H"): "header",
    ("curl", "-L"): "follow redirects", ("curl", "-s"): "silent", ("wget", "-c"): "resume continue",
    ("wget", "-r"): "recursive mirror site", ("rsync", "--delete"): "mirror exact delete extra",
    ("rsync", "-z"): "compress transfer", ("rsync", "-n"): "dry run", ("rsync", "--progress"): "progress",
    ("ps", "aux"): "all processes", ("kill", "-9"): "force kill", ("df", "-h"): "human readable",
    ("free", "-h"): "human readable", ("docker", "-v"): "volume mount", ("docker", "-p"): "publish port",
    ("docker", "-d"): "detached background", ("docker", "-it"): "interactive terminal shell",
    ("docker", "--rm"): "remove after exit", ("ln", "-s"): "symbolic soft link", ("sed", "-i"): "in place edit",
    ("sed", "s"): "substitute replace", ("xargs", "-P"): "parallel", ("xargs", "-0"): "null separated",
    ("lsof", "-i"): "port network who is using", ("netstat", "-tulpn"): "listening ports",
    ("ss", "-tulpn"): "listening ports", ("ssh-keygen", "-t"): "key type", ("zip", "-r"): "recursive folder",
    ("unzip", "-l"): "list contents", ("unzip", "-d"): "into directory", ("openssl", "req"): "certificate request",
    ("openssl", "x509"): "certificate inspect dates", ("openssl", "rand"): "random password bytes",
    ("openssl", "s_client"): "connect tls check certificate", ("openssl", "enc"): "encrypt file",
    ("openssl", "genrsa"): "private key", ("gpg", "-c"): "symmetric encrypt password",
    ("gpg", "-d"): "decrypt", ("split", "-b"): "by size bytes", ("date", "+%s"): "unix epoch timestamp",
    ("journalctl", "-u"): "of a service unit", ("journalctl", "-f"): "follow live",
    ("journalctl", "--since"): "since time", ("journalctl", "--vacuum-size"): "shrink clean old logs",
    ("journalctl", "--vacuum-time"): "clean old logs", ("nmap", "-p"): "ports", ("nmap", "-sV"): "service versions",
    ("dd", "if"): "input", ("dd", "of"): "output write", ("dd", "bs"): "block size",
    ("kubectl", "-n"): "namespace", ("kubectl", "-f"): "file follow", ("watch", "-n"): "every seconds interval",
}

# subcommand glosses for tools whose meaning is in the subcommand
SUB_GLOSS: dict[str, dict[str, str]] = {
    "git": {
        "status": "changes state working tree", "add": "stage changes", "commit": "save commit changes message",
        "push": "upload publish to remote", "pull": "download update from remote", "fetch": "download remote refs",
        "clone": "copy repository download", "checkout": "switch branch restore file", "switch": "switch branch",
        "branch": "branches list create delete", "merge": "merge branches combine", "rebase": "rebase rewrite history",
        "log": "history of commits", "diff": "differences changes", "stash": "stash shelve save changes temporarily",
        "reset": "undo reset discard", "revert": "undo commit", "tag": "tag release version",
        "remote": "remotes origin url", "cherry-pick": "apply commit from another branch",
        "blame": "who changed each line author", "bisect": "find commit that introduced bug",
        "clean": "remove untracked files", "show": "show commit", "reflog": "recover lost commits",
        "grep": "search code in repo", "submodule": "submodules", "config": "settings name email",
        "worktree": "multiple working trees", "archive": "export snapshot", "shortlog": "summary authors",
        "gc": "garbage collect compact", "restore": "discard restore file changes", "init": "new repository",
        "rm": "remove file from repo", "mv": "rename file in repo", "describe": "version name",
    },
    "docker": {
        "run": "start new container", "ps": "list running containers", "images": "list images",
        "build": "build image from dockerfile", "exec": "run command shell inside container",
        "logs": "container logs output", "stop": "stop container", "rm": "remove container",
        "rmi": "remove image", "pull": "download image", "push": "upload image registry",
        "system": "disk cleanup prune", "prune": "cleanup remove unused", "volume": "volumes storage",
        "network": "networks", "inspect": "details info", "cp": "copy files container", "stats": "resource usage",
        "compose": "multi container services", "tag": "name image", "login": "registry login",
    },
    "kubectl": {
        "get": "list show resources", "describe": "details resource", "logs": "pod logs output",
        "apply": "deploy configuration manifest", "delete": "delete resource", "exec": "shell inside pod",
        "port-forward": "forward local port to pod", "scale": "change replicas", "rollout": "deployment restart status undo",
        "top": "cpu memory usage", "config": "context cluster switch", "create": "create resource", "edit": "edit resource",
    },
    "systemctl": {"start": "start", "stop": "stop", "restart": "restart", "status": "status state",
                  "enable": "start at boot", "disable": "not at boot", "daemon-reload": "reload unit files",
                  "list-units": "list services"},
    "npm": {"install": "install dependencies", "run": "run script", "test": "run tests", "start": "start app",
            "publish": "publish package", "update": "update dependencies", "audit": "security vulnerabilities",
            "ci": "clean install", "init": "new project", "outdated": "old dependencies"},
    "pip": {"install": "install package", "uninstall": "remove package", "freeze": "list installed versions requirements",
            "list": "installed packages", "show": "package info", "download": "download package"},
    "apt": {"install": "install", "remove": "uninstall remove", "update": "refresh package lists",
            "upgrade": "upgrade all packages", "search": "search package", "purge": "remove with config",
            "autoremove": "remove unused packages"},
    "cargo": {"build": "compile", "run": "compile run", "test": "run tests", "add": "add dependency",
              "clippy": "lint", "fmt": "format code"},
    "go": {"build": "compile", "run": "compile run", "test": "run tests", "mod": "modules dependencies", "get": "add dependency"},
    "terraform": {"plan": "preview changes", "apply": "apply changes provision", "destroy": "tear down delete",
                  "init": "initialize providers"},
    "tmux": {"attach": "reattach session", "new": "new session", "ls": "list sessions", "kill-session": "end session"},
    "brew": {"install": "install", "upgrade": "upgrade", "update": "refresh", "list": "installed"},
}
SUB_GLOSS["pip3"] = SUB_GLOSS["pip"]
SUB_GLOSS["apt-get"] = SUB_GLOSS["apt"]
SUB_GLOSS["podman"] = SUB_GLOSS["docker"]
SUB_GLOSS["docker-compose"] = {"up": "start services", "down": "stop remove services", "logs": "service logs",
                               "build": "build images", "ps": "list services"}

_WRAPPERS = {"sudo", "env", "nohup", "time", "nice", "exec", "command", "builtin", "doas", "xargs", "watch"}
_SPLIT = re.compile(r"\|\||&&|[|;&]")
_MEDIA = {
    "mp4": "video", "mkv": "video", "avi": "video", "mov": "video", "webm": "video",
    "mp3": "audio music", "wav": "audio sound", "flac": "audio music", "ogg": "audio", "m4a": "audio",
    "jpg": "image photo picture", "jpeg": "image photo picture", "png": "image picture", "gif": "image animation",
    "webp": "image", "svg": "vector image", "pdf": "pdf document", "csv": "csv table spreadsheet",
    "json": "json", "yaml": "yaml config", "yml": "yaml config", "log": "log file", "gz": "gzip compressed",
    "tgz": "compressed archive", "zip": "zip archive", "iso": "disk image", "sql": "sql database dump",
    "py": "python", "js": "javascript", "ts": "typescript", "rs": "rust", "md": "markdown",
}
_EXT = re.compile(r"\.([A-Za-z0-9]{2,5})\b")
MAX_GLOSS_INPUT = 4096


def _words(segment: str) -> list[str]:
    try:
        return shlex.split(segment, posix=True)
    except ValueError:
        return segment.split()


def gloss(command: str) -> str:
    """Words describing ``command`` (empty when nothing is known about it)."""
    text = command[:MAX_GLOSS_INPUT]
    out: list[str] = []
    for seg in _SPLIT.split(text):
        words = _words(seg)
        while words and (words[0] in _WRAPPERS or "=" in words[0] and not words[0].startswith("-")):
            words = words[1:]
            while words and words[0].startswith("-"):  # sudo -u x, nice -n 5 ...
                words = words[1:]
        if not words:
            continue
        prog = words[0].rsplit("/", 1)[-1]
        g = GLOSS.get(prog)
        if g:
            out.append(g)
        subs = SUB_GLOSS.get(prog)
        rest = words[1:]
        if subs:
            for w in rest[:3]:
                if w in subs:
                    out.append(subs[w])
                    break
        for w in rest:
            key = w.split("=", 1)[0]
            fg = FLAG_GLOSS.get((prog, key))
            if fg is None and prog == "tar" and key and not key.startswith("--"):
                letters = key.lstrip("-")
                if letters.isalpha() and len(letters) <= 6:
                    fg = " ".join(FLAG_GLOSS[("tar", c)] for c in letters if ("tar", c) in FLAG_GLOSS)
            if fg is None and key.startswith("-") and not key.startswith("--") and 2 < len(key) <= 6:
                fg = " ".join(FLAG_GLOSS.get((prog, "-" + c), "") for c in key[1:]).strip() or None
            if fg is None:
                for frag in ("libx265", "scale", "gif", "concat", "libmp3lame"):
                    if frag in w and (prog, frag) in FLAG_GLOSS:
                        fg = FLAG_GLOSS[(prog, frag)]
                        break
            if fg:
                out.append(fg)
    media = {_MEDIA[m.lower()] for m in _EXT.findall(text) if m.lower() in _MEDIA}
    out.extend(sorted(media))
    seen: set[str] = set()
    words_out = []
    for w in " ".join(out).split():
        if w not in seen:
            seen.add(w)
            words_out.append(w)
    return " ".join(words_out)


def document_text(command: str, request: str = "", *, kb: bool = True) -> str:
    """The text embedded (and word-indexed) for one history entry: the command, the request,
    the requests of the nearest knowledge-base templates (see :mod:`.kbdesc`), the gloss."""
    parts = [command]
    if request:
        parts.append(request)
    if kb:
        from .kbdesc import default_describer

        d = default_describer()
        desc = d.describe(command) if d is not None else ""
        if desc:
            parts.append(desc)
    g = gloss(command)
    if g:
        parts.append(g)
    return "\n".join(parts)


# ---------------------------------------------------------------------------------------------
# queries

_FILLER = re.compile(
    r"\b(?:that|the|this|a|an|some)?\s*(?:command|cmd|thing|one|line|incantation|invocation|trick)s?\s+"
    r"(?:i|we|you)\s+(?:used|ran|run|typed|did|had|wrote|use)\s*(?:to|for)?\b"
    r"|\b(?:how\s+(?:did|do|can)\s+i|what\s+(?:was|is)\s+(?:the|that)\s+(?:command|thing)\s+(?:to|for)?)\b"
    r"|\b(?:i\s+(?:used|ran|typed|did)|remind\s+me|the\s+one\s+(?:with|that|where|which))\b"
    r"|\b(?:last|this|past|previous)\s+(?:spring|summer|autumn|fall|winter|week|month|year|time|night|friday"
    r"|monday|tuesday|wednesday|thursday|saturday|sunday)\b"
    r"|\b(?:yesterday|today|earlier|recently|ago|again|before|once|sometime)\b",
    re.IGNORECASE)
STOPWORDS = frozenset(
    "a an the to of for in on at by with from into onto and or but is are was were be been it its "
    "my me i we you your our that this these those which what how do does did can could would should "
    "some any all thing stuff command commands cmd please just then there here so up about again "
    "used use using ran run typed when where who whom whose".split())


def normalise_query(query: str) -> str:
    """Lower-case, drop filler phrases, collapse whitespace; keep the query if nothing remains."""
    q = " ".join(query.split())
    stripped = _FILLER.sub(" ", q)
    stripped = " ".join(stripped.split()).strip(" ,.?!")
    return stripped or q


def query_terms(query: str) -> list[str]:
    """The meaningful words of a query (for the word index)."""
    words = re.findall(r"[\w.+-]+", normalise_query(query).lower())
    out = []
    for w in words:
        w = w.strip(".-+")
        if (len(w) > 1 or w.isdigit()) and w not in STOPWORDS and w not in out:
            out.append(w)
    return out
