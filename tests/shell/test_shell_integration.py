"""The shell integration in real zsh, bash and fish under pexpect (screen rendered by pyte).

Each test gets a temp HOME and CMDAI_HOME, installs with ``cmdai-shell install`` and starts
an interactive shell. The daemon serves a fake engine (``CMDAI_TEST_ENGINE``, honoured only
when ``CMDAI_HOME`` is set; see cmdai.engine.daemon.FakeEngine), except in the test marked
``model``, which runs the real embedded model end to end.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import time

import pytest
from harness import PROMPT, Env, Term, parse_spool, short_tmpdir

pytestmark = pytest.mark.shell

SHELLS = [pytest.param(s, marks=pytest.mark.skipif(shutil.which(s) is None, reason=f"{s} not installed"))
          for s in ("zsh", "bash", "fish")]


def fake_command(env: Env, request: str) -> str:
    """What cmdai.engine.daemon.FakeEngine answers for ``request``."""
    text = " ".join(request.split()).replace("'", "")
    return f"echo \"$(touch {env.cmdai_home / 'EVALUATED'})\" 'fake: {text}' && ls"


@pytest.fixture
def mkenv():
    made: list[Env] = []
    terms: list[Term] = []

    def _make(shell: str, engine: str | None = "echo", rc_extra: str = "", extra_env: dict | None = None,
              start: bool = True) -> tuple[Env, Term | None]:
        env = Env(short_tmpdir(), engine=engine, extra=extra_env)
        made.append(env)
        env.write_rc(shell, rc_extra)
        env.cmdai_shell("install", "--shell", shell)
        term = Term(shell, env) if start else None
        if term:
            terms.append(term)
        return env, term

    yield _make
    for t in terms:
        t.close()
    for e in made:
        e.cleanup()


def ping(env: Env) -> dict:
    r = subprocess.run([os.path.join(os.path.dirname(shutil.which("cmdai-shell", path=env.env["PATH"]) or ""),
                                     "cmdai"), "daemon", "status", "--json"],
                       env=env.env, capture_output=True, text=True, timeout=30)
    return json.loads(r.stdout)


# -- install / uninstall -------------------------------------------------------------------------

ENDINGS = {"newline": b"# mine\nalias ll='ls -l'\n", "no-newline": b"# mine\r\nexport X=1", "absent": None}


@pytest.mark.parametrize("shell", SHELLS)
def test_install_is_idempotent_and_uninstall_restores_bytes(shell: str) -> None:
    env = Env(short_tmpdir(), engine=None)
    try:
        rc = env.rc_path(shell)
        for original in ENDINGS.values():
            for f in rc.parent.glob(rc.name + "*"):
                f.unlink()
            if original is not None:
                rc.parent.mkdir(parents=True, exist_ok=True)
                rc.write_bytes(original)
            env.cmdai_shell("install", "--shell", shell)
            env.cmdai_shell("install", "--shell", shell)
            text = rc.read_text()
            assert sum(1 for ln in text.splitlines() if ln.rstrip().endswith("# cmdai")) == 1
            assert f"cmdai-shell init {shell}" in text
            if original is not None:
                backups = list(rc.parent.glob(rc.name + ".cmdai-backup-*"))
                assert len(backups) == 1 and backups[0].read_bytes() == original
            env.cmdai_shell("uninstall", "--shell", shell)
            if original is None:
                assert not rc.exists() or rc.read_bytes() == b""
            else:
                assert rc.read_bytes() == original
            assert "not installed" in env.cmdai_shell("uninstall", "--shell", shell)
    finally:
        env.cleanup()


@pytest.mark.parametrize("shell", SHELLS)
def test_init_bakes_settings_and_parses(shell: str) -> None:
    env = Env(short_tmpdir(), engine=None)
    try:
        script = env.cmdai_shell("init", shell)
        assert str(env.cmdai_home / "data" / "spool") in script
        assert "@SPOOL_DIR@" not in script and "@KEY@" not in script
        assert "^(ls|cd|pwd|exit|clear)$" in script
        r = subprocess.run([shell, "-n"], input=script, text=True, capture_output=True, timeout=30)
        assert r.returncode == 0, r.stderr
    finally:
        env.cleanup()


# -- Ctrl-G --------------------------------------------------------------------------------------

VI = {"zsh": "bindkey -v\n", "bash": "set -o vi\n", "fish": "fish_vi_key_bindings insert\n"}


@pytest.mark.parametrize("shell", SHELLS)
@pytest.mark.parametrize("keymap", ["emacs", "vi"])
def test_ctrl_g_replaces_the_line_literally_and_runs_nothing(mkenv, shell: str, keymap: str) -> None:
    # fish: conf.d (our line) loads before config.fish and its fish_vi_key_bindings, which erases
    # only preset bindings (fish >= 3.1): Ctrl-G keeps working with nothing for the user to do
    rc_extra = VI[shell] if keymap == "vi" else ""
    env, t = mkenv(shell, rc_extra=rc_extra)
    request = "show the files named \"a b\" with ünïcode"
    t.type(request)
    t.wait_for(lambda: t.cmdline() == request, what="the request on the line")
    t.type("\x07")
    want = fake_command(env, request)
    t.wait_for(lambda: t.cmdline() == want, timeout=20, what="the suggestion on the line")
    t.settle(0.3)
    assert t.cmdline() == want
    row = t.prompt_row()
    assert (t.screen.cursor.y, t.screen.cursor.x) == (row, len(PROMPT) + len(want))  # cursor at the end
    assert not (env.cmdai_home / "EVALUATED").exists(), "the suggestion was evaluated"
    assert parse_spool(env.spool_dir) == [], "something ran"


@pytest.mark.parametrize("shell", SHELLS)
def test_ctrl_g_outcomes_empty_high_blocked_failure(mkenv, shell: str) -> None:
    env, t = mkenv(shell)
    # empty line: a hint, no call
    t.type("\x07")
    t.wait_for(lambda: "type what you want in words" in t.text(), what="the hint")
    assert not (env.cmdai_home / "run" / "daemon.sock").exists(), "empty line must not call the daemon"
    # high risk: inserted, reasons shown
    t.type("danger clean the build")
    t.type("\x07")
    t.wait_for(lambda: t.cmdline() == "rm -rf ./build", timeout=20, what="the risky command")
    t.wait_for(lambda: "high risk" in t.text() and "recursive delete of ./build" in t.text(), what="the reasons")
    t.type("\x03")
    t.settle(0.3)
    # blocked: not inserted, the line keeps the request, the reason is shown
    t.type("blocked wipe everything")
    t.type("\x07")
    t.wait_for(lambda: "deletes every file on the system" in t.text(), timeout=20, what="the block reason")
    t.settle(0.3)
    assert t.cmdline() == "blocked wipe everything"
    t.type("\x03")
    t.settle(0.3)
    # no backend: the buffer is restored and one line says why
    t.type("fail please")
    t.type("\x07")
    t.wait_for(lambda: "no backend could answer" in t.text(), timeout=20, what="the failure line")
    t.settle(0.3)
    assert t.cmdline() == "fail please"
    assert parse_spool(env.spool_dir) == []


@pytest.mark.parametrize("shell", SHELLS)
def test_ctrl_c_while_waiting_cancels_and_restores(mkenv, shell: str) -> None:
    env, t = mkenv(shell, engine="slow")
    t.type("find big logs")
    t.type("\x02\x02")  # cursor two to the left: the restore keeps it there
    t.type("\x07")
    t.wait_for(lambda: "thinking" in t.text(), timeout=15, what="the placeholder")
    time.sleep(0.5)
    t.type("\x03")
    t.wait_for(lambda: "cmdai: cancelled" in t.text(), timeout=10, what="the cancel note")
    t.settle(0.3)
    assert t.cmdline() == "find big logs"
    t.type("X")
    t.wait_for(lambda: t.cmdline() == "find big loXgs", what="typing at the restored cursor")
    info = ping(env)
    assert info["running"] and info["cancelled"] == 1  # the daemon saw the cancel
    # again with the daemon already running (zsh then asks the socket itself, no Python client)
    t.type("\x07")
    t.wait_for(lambda: "thinking" in t.text(), timeout=15, what="the second placeholder")
    time.sleep(0.5)
    t.type("\x03")
    end = time.monotonic() + 10
    while ping(env)["cancelled"] < 2:
        assert time.monotonic() < end, "the second Ctrl-C did not cancel the generation"
        time.sleep(0.1)
    t.wait_for(lambda: "thinking" not in t.text(), timeout=10, what="the placeholder to go")
    t.settle(0.3)
    assert t.cmdline() == "find big loXgs"
    assert parse_spool(env.spool_dir) == []


ATUIN_LIKE = {
    # atuin's bash integration binds keys to macros that end in \a (Ctrl-G); the chained
    # sequences must keep reaching atuin's widget after cmdai binds Ctrl-G itself.
    "bash": r"""
__fake_atuin() { READLINE_LINE='atuin picked this'; READLINE_POINT=${#READLINE_LINE}; }
for m in emacs vi-insert; do
  bind -m $m '"\C-x\C-_A0\a": ""'
  bind -m $m -x '"\C-x\C-_A1\a": __fake_atuin'
  bind -m $m '"\C-r": "\C-x\C-_A1\a\C-x\C-_A0\a"'
done
""",
    "zsh": "__fake_atuin() { BUFFER='atuin picked this'; CURSOR=${#BUFFER}; }\nzle -N __fake_atuin\n"
           "bindkey '^R' __fake_atuin\n",
    "fish": "",
}


@pytest.mark.parametrize("shell", ["bash", "zsh"])
def test_coexists_with_atuin_like_bindings(mkenv, shell: str) -> None:
    env, t = mkenv(shell, rc_extra=ATUIN_LIKE[shell])
    t.type("\x12")
    t.wait_for(lambda: t.cmdline() == "atuin picked this", what="atuin's widget")
    t.type("\x07")
    want = fake_command(env, "atuin picked this")
    t.wait_for(lambda: t.cmdline() == want, timeout=20, what="cmdai's suggestion")


# -- history hooks -------------------------------------------------------------------------------

def commands_for(shell: str) -> list[tuple[str, str | None, int]]:
    """(typed text, recorded command or None if it must not be recorded, exit status)."""
    if shell == "fish":
        multi = ("for i in 1 2\recho $i\rend", "for i in 1 2\necho $i\nend", 0)
        fail = ("false; or true; false", "false; or true; false", 1)
        sub = ("set -l x (echo sub)", "set -l x (echo sub)", 0)
    else:
        multi_rec = "for i in 1 2; do\necho $i\ndone" if shell == "zsh" else "for i in 1 2; do echo $i; done"
        multi = ("for i in 1 2; do\recho $i\rdone", multi_rec, 0)
        fail = ("false || true; false", "false || true; false", 1)
        sub = ("x=$(echo sub)", "x=$(echo sub)", 0)
    return [
        ("echo hello", "echo hello", 0),
        (" echo secret-with-space", None, 0),
        ("ls", None, 0),  # default ignore rule ^(ls|cd|pwd|exit|clear)$
        ("ls -d .", "ls -d .", 0),
        ("false", "false", 1),
        fail,
        ("echo 'héllo wörld ✓ 日本'", "echo 'héllo wörld ✓ 日本'", 0),
        ("printf 'a\\tb\\n'", "printf 'a\\tb\\n'", 0),
        ("echo \"double $HOME\" 'single'", "echo \"double $HOME\" 'single'", 0),
        multi,
        ("cd /tmp", "cd /tmp", 0),
        ("pwd", None, 0),
        ("cd -", "cd -", 0),
        ("sh -c 'exit 3'", "sh -c 'exit 3'", 3),
        ("  echo two-spaces", None, 0),
        (sub[0], sub[1], 0),
        ("echo \\$literal", "echo \\$literal", 0),
        ("true", "true", 0),
        ("echo one; echo two", "echo one; echo two", 0),
        ("sleep 0.2", "sleep 0.2", 0),
    ]


@pytest.mark.parametrize("shell", SHELLS)
def test_hooks_record_exactly_what_ran(mkenv, shell: str) -> None:
    env, t = mkenv(shell)
    cmds = commands_for(shell)
    assert len(cmds) == 20
    for typed, _, _ in cmds:
        t.run(typed)
    # one more: a Ctrl-G suggestion, accepted with Enter
    t.type("say hi")
    t.type("\x07")
    sugg = fake_command(env, "say hi")
    t.wait_for(lambda: t.cmdline() == sugg, timeout=20, what="the suggestion")
    t.run("")
    recs = parse_spool(env.spool_dir)
    files = list(env.spool_dir.glob("*.spool"))
    assert len(files) == 1
    assert oct(files[0].stat().st_mode & 0o777) == "0o600"
    assert oct(env.spool_dir.stat().st_mode & 0o777) == "0o700"
    starts = [r for r in recs if r[0] == "S"]
    ends = [r for r in recs if r[0] == "E"]
    expected = [(rec, code) for _, rec, code in cmds if rec is not None] + [(sugg, 0)]
    assert [s[10] for s in starts] == [e[0] for e in expected]
    session = files[0].name[: -len(".spool")]
    for i, (s, e, (_, code)) in enumerate(zip(starts, ends, expected, strict=True), start=1):
        assert s[1] == "1" and s[2] == session and s[3] == str(i) and s[4] == shell
        assert s[5] and s[6].startswith("/")
        assert s[7] == "" if shell == "fish" else float(s[7]) > 1e9
        assert e[1:4] == ["1", session, str(i)]
        assert e[4] == str(code), (s[10], e)
        assert e[5].isdigit()
    assert [s[8] for s in starts] == ["typed"] * (len(starts) - 1) + ["suggested"]
    assert starts[-1][9] == "say hi"
    assert all(s[9] == "" for s in starts[:-1])
    sleep_end = ends[[s[10] for s in starts].index("sleep 0.2")]
    assert int(sleep_end[5]) >= 150
    assert not any("secret" in "\x1f".join(r) for r in recs)


# -- the real model ------------------------------------------------------------------------------

@pytest.mark.model
@pytest.mark.parametrize("shell", SHELLS)
def test_real_model_end_to_end(mkenv, model_path, shell: str) -> None:
    env, t = mkenv(shell, engine=None, extra_env={
        "CMDAI_EMBEDDED_MODEL_PATH": str(model_path), "CMDAI_GENERATION_CANDIDATES": "1"})
    request = "list all files in the current directory"
    t.type(request)
    t.wait_for(lambda: t.cmdline() == request, what="the request")
    t.type("\x07")
    t.wait_for(lambda: t.cmdline() != request and "thinking" not in t.text(), timeout=150,
               what="the model's suggestion")
    t.settle(0.5)
    line = t.cmdline()
    assert line and line != request, t.text()
    assert "cmdai: " not in t.text().replace("cmdai: thinking", ""), t.text()
    assert parse_spool(env.spool_dir) == []
