"""The selector with real servers on 127.0.0.1: two llama_cpp.server instances balanced round
robin (one killed mid-run and brought back), and the fallback chain ollama -> openai -> embedded
through the real ``cmdai`` command. The Ollama here is down (a closed port) or a STAND-IN
(tests/servers.py: no Ollama server can be installed on this machine)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from servers import LlamaServer, OllamaStandIn, closed_port_url

from cmdai.backends.base import GenerationRequest
from cmdai.backends.monitor import PerformanceMonitor
from cmdai.backends.openai import OpenAIBackend
from cmdai.backends.selector import BackendSelector

pytest_plugins = ["servers"]  # the fixtures: llama_server, ollama_standin, ...

REQ = GenerationRequest(prompt="Request: list all files\nCommand: ls -la\n\nRequest: show the date\nCommand:",
                        max_tokens=12, stop=["\n"], seed=0)


def cmdai(*args: str, env: dict[str, str], timeout: float = 120) -> subprocess.CompletedProcess:
    full = os.environ.copy()
    full.update(env)
    return subprocess.run([sys.executable, "-m", "cmdai", *args], capture_output=True, text=True, env=full,
                          timeout=timeout)


@pytest.mark.server
def test_round_robin_kill_one_circuit_opens_then_closes(llama_server_pair: tuple[LlamaServer, LlamaServer],
                                                         tmp_path: Path) -> None:
    a, b = llama_server_pair
    sel = BackendSelector([("openai", OpenAIBackend(a.url, read_timeout=30)),
                           ("openai", OpenAIBackend(b.url, read_timeout=30))],
                          strategy="round_robin", health_ttl_s=600, failure_threshold=2, cooldown_s=3.0,
                          monitor=PerformanceMonitor(tmp_path / "stats.json"))
    try:
        used = [sel.generate(REQ).instance for _ in range(6)]
        assert used.count(a.url) == 3 and used.count(b.url) == 3  # round robin spreads

        b.kill()  # dies mid-run
        answers = [sel.generate(REQ) for _ in range(6)]  # nothing is lost
        assert all(r.instance == a.url and r.text.strip() for r in answers)
        inst_b = sel.instances[1]
        assert inst_b.breaker.state in ("open", "half_open") and inst_b.breaker.failures >= 2
        stats = sel.monitor.summary()
        errs = stats[f"openai@{b.url}"]["errors"]
        assert 2 <= errs < 6  # the open circuit stops trying it (at most one half-open trial)
        assert stats[f"openai@{b.url}"]["errors_by_kind"] == {"connect": errs}

        b.start()  # it comes back on the same port
        deadline = time.monotonic() + 30
        back = False
        while time.monotonic() < deadline and not back:
            back = sel.generate(REQ).instance == b.url
            if not back:
                time.sleep(0.2)
        assert back and inst_b.breaker.state == "closed"
    finally:
        sel.close()
        if not b.running:
            b.start()
    assert json.loads((tmp_path / "stats.json").read_text())["instances"][f"openai@{a.url}"]["requests"] >= 9


def _chain_env(ollama: str, openai: str) -> dict[str, str]:
    return {"CMDAI_BACKEND_DEFAULT": "ollama", "CMDAI_BACKEND_CHAIN": "[ollama, openai, embedded]",
            "CMDAI_OLLAMA_URLS": f"[{ollama}]", "CMDAI_OPENAI_URLS": f"[{openai}]",
            "CMDAI_BACKEND_CONNECT_TIMEOUT_S": "1", "CMDAI_BACKEND_READ_TIMEOUT_S": "60"}


@pytest.mark.server
def test_fallback_chain_answer_from_openai(llama_server: LlamaServer, with_model: Path) -> None:
    env = _chain_env(closed_port_url(), llama_server.url)
    r = cmdai("--output", "json", "show the current date", env=env)
    assert r.returncode == 0, r.stderr
    res = json.loads(r.stdout)
    assert res["backend"] == "openai" and res["command"]
    r = cmdai("show the current date", env=env)
    assert r.returncode == 0 and r.stderr == "" and len(r.stdout.splitlines()) == 1  # only the answer
    r = cmdai("--verbose", "show the current date", env=env)
    assert r.returncode == 0 and len(r.stdout.splitlines()) == 1
    about_ollama = [ln for ln in r.stderr.splitlines() if "ollama@" in ln]
    assert len(about_ollama) == 1 and "connection refused" in about_ollama[0], r.stderr
    assert "Traceback" not in r.stderr


@pytest.mark.server
def test_fallback_chain_both_remote_down_answer_from_embedded(with_model: Path) -> None:
    env = _chain_env(closed_port_url(), closed_port_url())
    r = cmdai("--output", "json", "list all files including hidden ones", env=env, timeout=240)
    assert r.returncode == 0 and r.stderr == "", r.stderr  # nothing but the answer
    assert json.loads(r.stdout)["backend"] == "embedded"


def test_chain_all_down_is_one_line_exit_4(ollama_standin: OllamaStandIn) -> None:
    ollama_standin.mode = "http500"
    env = {"CMDAI_BACKEND_DEFAULT": "ollama", "CMDAI_BACKEND_CHAIN": "[ollama, openai]",
           "CMDAI_OLLAMA_URLS": f"[{ollama_standin.url}]", "CMDAI_OPENAI_URLS": f"[{closed_port_url()}]"}
    r = cmdai("list files", env=env)
    lines = [ln for ln in r.stderr.splitlines() if ln.strip()]
    assert r.returncode == 4 and r.stdout == "" and "Traceback" not in r.stderr
    assert len(lines) == 1 and "no backend could answer" in lines[0] and "HTTP 500" in lines[0]


@pytest.mark.parametrize(("mode", "needle"), [("invalid_json", "invalid JSON"), ("truncated", "truncated"),
                                              ("http500", "HTTP 500"), ("http429", "retry after 3 s"),
                                              ("hang", "read timeout"), ("model_missing", "not pulled")])
def test_bad_responses_through_cmdai(ollama_standin: OllamaStandIn, mode: str, needle: str) -> None:
    """Each bad answer: one clear line, exit 4, never a hang or a traceback."""
    ollama_standin.retry_after = "3"
    ollama_standin.reply = "ls -la --color=never"
    if mode == "model_missing":
        ollama_standin.models = ["llama3:latest"]
    else:
        ollama_standin.mode = mode
    env = {"CMDAI_BACKEND_DEFAULT": "ollama", "CMDAI_BACKEND_CHAIN": "[ollama]",
           "CMDAI_OLLAMA_URLS": f"[{ollama_standin.url}]", "CMDAI_BACKEND_READ_TIMEOUT_S": "1"}
    for extra in ([], ["--stream"]):
        r = cmdai(*extra, "list files", env=env, timeout=60)
        lines = [ln for ln in r.stderr.splitlines() if ln.strip()]
        assert r.returncode == 4, (mode, r.stdout, r.stderr)
        assert len(lines) == 1 and needle in lines[0] and "Traceback" not in r.stderr, (mode, r.stderr)
