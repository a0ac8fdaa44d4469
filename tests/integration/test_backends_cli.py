"""``cmdai backends list|health|stats [--json]`` end to end (the Ollama here is the STAND-IN of
tests/servers.py: no Ollama server can be installed on this machine)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from servers import OllamaStandIn, closed_port_url

pytest_plugins = ["servers"]  # the fixtures: llama_server, ollama_standin, ...



def cmdai(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "cmdai", *args], capture_output=True, text=True,
                          env={**os.environ, **env}, timeout=120)


def test_list_health_stats(ollama_standin: OllamaStandIn) -> None:
    down = closed_port_url()
    env = {"CMDAI_BACKEND_DEFAULT": "ollama", "CMDAI_BACKEND_CHAIN": "[ollama, openai]",
           "CMDAI_BACKEND_STRATEGY": "round_robin",
           "CMDAI_OLLAMA_URLS": f"[{ollama_standin.url}, {down}]", "CMDAI_OPENAI_URLS": f"[{down}]"}
    r = cmdai("backends", "list", "--json", env=env)
    assert r.returncode == 0, r.stderr
    data = json.loads(r.stdout)
    assert data["strategy"] == "round_robin"
    assert [i["key"] for i in data["instances"]] == [f"ollama@{ollama_standin.url}", f"ollama@{down}",
                                                     f"openai@{down}"]
    assert cmdai("backends", "list", env=env).stdout.count("\n") == 4

    r = cmdai("backends", "health", "--json", env=env)
    assert r.returncode == 0, r.stderr
    health = {i["key"]: i["health"] for i in json.loads(r.stdout)["instances"]}
    assert health[f"ollama@{ollama_standin.url}"]["ok"] is True
    assert health[f"ollama@{down}"]["reachable"] is False and "connection refused" in health[f"ollama@{down}"]["detail"]
    r = cmdai("backends", "health", env={**env, "CMDAI_OLLAMA_URLS": f"[{down}]"})
    assert r.returncode == 4 and "down" in r.stdout and "Traceback" not in r.stderr

    r = cmdai("backends", "stats", env=env)
    assert r.returncode == 0 and "no statistics yet" in r.stderr
    for _ in range(2):
        assert cmdai("list all files", env=env).returncode == 0
    ollama_standin.mode = "http500"
    assert cmdai("list all files", env=env).returncode == 4
    r = cmdai("backends", "stats", "--json", env=env)
    assert r.returncode == 0, r.stderr
    st = json.loads(r.stdout)["instances"][f"ollama@{ollama_standin.url}"]
    assert st["requests"] == 3 and st["errors"] == 1 and st["errors_by_kind"] == {"http": 1}
    assert st["latency_p50_ms"] is not None and st["ttft_p50_ms"] is not None and st["tokens_per_s"] is not None
    text = cmdai("backends", "stats", env=env).stdout
    assert f"ollama@{ollama_standin.url}" in text and "HTTP 500" in text
    assert cmdai("backends", "stats", "--reset", env=env).returncode == 0
    assert json.loads(cmdai("backends", "stats", "--json", env=env).stdout)["instances"] == {}
