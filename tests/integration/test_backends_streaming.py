"""``cmdai --stream`` on a real terminal (pexpect), Ctrl-C cancellation, and graceful shutdown.

The model server here is the Ollama STAND-IN of tests/servers.py (no Ollama can be installed on
this machine) because its pace can be set: a slow first token, then one token every 50 ms.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pexpect
import pytest
from servers import LlamaServer, OllamaStandIn, OpenAIStandIn

pytest_plugins = ["servers"]  # the fixtures: llama_server, ollama_standin, ...



def _env(ollama: str, *, chain: str = "[ollama]", openai: str | None = None) -> dict[str, str]:
    env = os.environ.copy()
    env.update({"CMDAI_BACKEND_DEFAULT": "ollama", "CMDAI_BACKEND_CHAIN": chain,
                "CMDAI_OLLAMA_URLS": f"[{ollama}]", "CMDAI_BACKEND_READ_TIMEOUT_S": "30"})
    if openai:
        env["CMDAI_OPENAI_URLS"] = f"[{openai}]"
        env["CMDAI_OPENAI_MODEL"] = "test-model"
    return env


def _session_procs(sid: int) -> list[int]:
    out = []
    for d in os.listdir("/proc"):
        if d.isdigit():
            try:
                fields = Path(f"/proc/{d}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[3]) == sid:  # field 6 of stat: session id
                out.append(int(d))
    return out


def test_stream_on_tty_spinner_tokens_then_ctrl_c(ollama_standin: OllamaStandIn) -> None:
    ollama_standin.reply = " ".join(f"tok{i}" for i in range(300))
    ollama_standin.first_token_delay = 1.0
    ollama_standin.token_delay = 0.05
    child = pexpect.spawn(sys.executable, ["-m", "cmdai", "--stream", "list files"], env=_env(ollama_standin.url),
                          timeout=60, dimensions=(24, 200))
    try:
        child.expect("thinking")  # the spinner, before the first token
        child.expect("tok5 ")  # tokens as they arrive
        t0 = time.monotonic()
        child.sendintr()
        child.expect(r"cancelled; partial \(unchecked, not run\): tok0 tok1 tok2 tok3 tok4 tok5")
        child.expect(pexpect.EOF)
        elapsed = time.monotonic() - t0
    finally:
        child.close()
    assert child.exitstatus == 130
    assert "Traceback" not in child.before.decode("utf-8", "replace")
    print(f"Ctrl-C to exit: {elapsed * 1000:.0f} ms")
    assert not _session_procs(child.pid)  # nothing left behind in its session


def test_stream_without_tty_prints_only_the_checked_command(ollama_standin: OllamaStandIn) -> None:
    ollama_standin.reply = "ls -la"
    ollama_standin.token_delay = 0.02
    env = _env(ollama_standin.url)
    r1 = subprocess.run([sys.executable, "-m", "cmdai", "--stream", "list all files including hidden ones"],
                        capture_output=True, text=True, env=env, timeout=120)
    r2 = subprocess.run([sys.executable, "-m", "cmdai", "list all files including hidden ones"],
                        capture_output=True, text=True, env=env, timeout=120)
    assert r1.returncode == 0 and r1.stderr == "" and len(r1.stdout.splitlines()) == 1, r1.stderr
    assert (r1.returncode, r1.stdout) == (r2.returncode, r2.stdout)


def test_streamed_dangerous_answer_goes_through_the_safety_check(ollama_standin: OllamaStandIn) -> None:
    ollama_standin.reply = "rm -rf /"
    env = _env(ollama_standin.url)
    req = "wipe the whole root filesystem"
    r1 = subprocess.run([sys.executable, "-m", "cmdai", "--stream", req], capture_output=True, text=True, env=env,
                        timeout=120)
    r2 = subprocess.run([sys.executable, "-m", "cmdai", req], capture_output=True, text=True, env=env, timeout=120)
    assert (r1.returncode, r1.stdout) == (r2.returncode, r2.stdout)
    assert "rm -rf /" not in r1.stdout.replace("rm -rf /tmp", "")
    assert "Traceback" not in r1.stderr


def test_mid_stream_failure_is_reported_and_falls_through(ollama_standin: OllamaStandIn,
                                                           openai_standin: OpenAIStandIn) -> None:
    ollama_standin.reply = "ls -l -a -h"
    ollama_standin.mode = "error_midstream"
    ollama_standin.token_delay = 0.05
    openai_standin.reply = "ls -la"
    child = pexpect.spawn(sys.executable, ["-m", "cmdai", "--stream", "list all files including hidden ones"],
                          env=_env(ollama_standin.url, chain="[ollama, openai]", openai=openai_standin.url),
                          timeout=90, dimensions=(24, 200))
    child.expect(r"failed mid-answer: .*crashed.*trying the next backend")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert any(r["path"] == "/v1/completions" for r in openai_standin.requests)


CHILD = textwrap.dedent('''
    import os, sys, threading, time
    from cmdai.backends.base import CancellationToken, GenerationRequest
    from cmdai.backends.embedded import EmbeddedBackend
    from cmdai.backends.ollama import OllamaBackend
    from cmdai.backends.openai import OpenAIBackend
    from cmdai.backends.selector import BackendSelector
    ollama_url, openai_url, model = sys.argv[1:4]
    req = GenerationRequest(prompt="Request: list files\\nCommand:", max_tokens=8, stop=["\\n"])
    backs = [OllamaBackend(ollama_url), OpenAIBackend(openai_url), EmbeddedBackend(model)]
    for b in backs:
        assert b.generate(req).completions, b
        tok = CancellationToken()
        for ev in b.stream(req, tok):
            tok.cancel()
    sel = BackendSelector([("ollama", OllamaBackend(ollama_url)), ("openai", OpenAIBackend(openai_url))],
                          strategy="round_robin")
    for _ in range(4):
        sel.generate(req)
    for b in backs:
        b.close()
    sel.close()
    assert all(b._client is None for b in backs[:2]) and not backs[2].loaded
    time.sleep(0.2)
    kids = [d for d in os.listdir("/proc") if d.isdigit() and
            open(f"/proc/{d}/stat").read().rsplit(")", 1)[1].split()[1] == str(os.getpid())]
    print("THREADS", sorted(t.name for t in threading.enumerate()))
    print("CHILDREN", kids)
''')


@pytest.mark.server
def test_close_leaves_no_thread_or_process(ollama_standin: OllamaStandIn, llama_server: LlamaServer,
                                           with_model: Path) -> None:
    r = subprocess.run([sys.executable, "-c", CHILD, ollama_standin.url, llama_server.url, str(with_model)],
                       capture_output=True, text=True, timeout=240)
    assert r.returncode == 0, r.stderr
    assert "THREADS ['MainThread']" in r.stdout, r.stdout
    assert "CHILDREN []" in r.stdout, r.stdout
