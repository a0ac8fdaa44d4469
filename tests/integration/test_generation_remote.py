"""The full pipeline with a remote (OpenAI-compatible) backend: the model is consulted and its own
command counts (``generation.model_candidate``/``model_weight``). A stand-in server gives a fixed
reply (what a bigger model would answer); the real llama_cpp.server shows the call is made."""

from __future__ import annotations

from pathlib import Path

import pytest
from servers import LlamaServer, OpenAIStandIn

from cmdai.backends.openai import OpenAIBackend
from cmdai.config import load
from cmdai.engine.context import gather
from cmdai.generation import Generator

pytest_plugins = ["servers"]

CURATED = """
- utility: ls
  command: "ls -la {{dir:.}}"
  requests:
    - list all files including hidden ones
    - show hidden files in a folder
"""
REQ = "list the hidden files in /srv"


@pytest.fixture()
def curated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    from cmdai.knowledge import store

    monkeypatch.setenv("CMDAI_HOME", str(tmp_path / "home"))
    data = tmp_path / "curated"
    data.mkdir()
    (data / "t.yaml").write_text(CURATED)
    monkeypatch.setattr(store, "DATA_DIR", data)
    return tmp_path


def _run(backend: OpenAIBackend, tmp: Path, **gen: object) -> list:
    cfg = load(overrides={"backend.chain": ["openai"], **{f"generation.{k}": v for k, v in gen.items()}})
    g = Generator(cfg, backend, mode="full")
    try:
        return g.generate(REQ, gather(str(tmp), "bash", REQ)).candidates
    finally:
        g.close()


def test_a_remote_models_command_counts(curated: Path, openai_standin: OpenAIStandIn) -> None:
    openai_standin.reply = "ls -d /srv/.*"
    b = OpenAIBackend(openai_standin.url, "test-model")
    try:
        cands = _run(b, curated)  # auto + an OpenAI backend: consulted, weight 1.0
        model = next(c for c in cands if c.source == "model")
        assert model.command == "ls -d /srv/.*" and model.detail["retrieval"] == 1.0
        cands = _run(b, curated, model_weight=5.0)
        assert cands[0].command == "ls -d /srv/.*"
        cands = _run(b, curated, model_candidate="fallback", model_weight=5.0)
        # fallback: the model's command is only a last resort, retrieval's answer leads
        assert cands[0].command == "ls -la /srv"
        assert all(c.detail["retrieval"] == 0.0 for c in cands if c.source == "model")
        openai_standin.reply = "ls -la /srv"  # the model agrees with retrieval: that candidate is marked
        cands = _run(b, curated)
        assert cands[0].command == "ls -la /srv" and cands[0].source.endswith("+model")
    finally:
        b.close()


@pytest.mark.server
def test_the_real_server_is_consulted(curated: Path, llama_server: LlamaServer) -> None:
    b = OpenAIBackend(llama_server.url)
    try:
        cfg = load(overrides={"backend.chain": ["openai"]})
        g = Generator(cfg, b, mode="full")
        out = g.generate(REQ, gather(str(curated), "bash", REQ))
        g.close()
        assert out.backend == "openai" and out.model_ms > 0
        assert any("model" in c.source for c in out.candidates)
    finally:
        b.close()
