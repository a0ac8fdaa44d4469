"""OpenAI-compatible backend against a REAL llama_cpp.server on 127.0.0.1 (the bundled Gemma GGUF),
and against a stand-in for what a real server cannot be made to do (reject a key, lack
/v1/completions)."""

from __future__ import annotations

import logging

import pytest
from servers import LlamaServer, OpenAIStandIn

from cmdai.backends.base import CancellationToken, GenerationRequest
from cmdai.backends.openai import OpenAIBackend
from cmdai.errors import BackendError

pytest_plugins = ["servers"]  # the fixtures: llama_server, ollama_standin, ...

FEWSHOT = ("Request: list all files including hidden ones\nCommand: ls -la\n\n"
           "Request: show disk usage of the current directory\nCommand: du -sh .\n\n"
           "Request: count the lines in app.log\nCommand:")
RAW = GenerationRequest(prompt=FEWSHOT, max_tokens=16, stop=["\n"], seed=0)
LONG = GenerationRequest(prompt="Here is a long story about a cat.\n\nOnce upon a time", max_tokens=200, seed=0)


@pytest.mark.server
def test_models_health_generate_stream(llama_server: LlamaServer) -> None:
    b = OpenAIBackend(llama_server.url)  # model '' = the first one /v1/models lists
    try:
        assert b.list_models() == ["gemma"]
        h = b.health()
        assert h.ok and h.reachable and h.model_present and b.model == "gemma"
        res = b.generate(RAW)
        assert res.backend == "openai" and res.model == "gemma" and res.instance == llama_server.url
        assert res.text.strip() and res.completions[0].tokens > 0 and res.ttft_ms is not None
        events = list(b.stream(RAW))
        parts = [e.text for e in events if e.kind == "partial"]
        assert parts and events[-1].kind == "done" and events[-1].result.text == "".join(parts)
        assert "".join(parts) == res.text  # greedy: same answer both ways
        chat = b.generate(GenerationRequest(messages=[{"role": "user", "content": "Say hello."}], max_tokens=8))
        assert chat.completions[0].finish_reason in ("stop", "length")
        missing = OpenAIBackend(llama_server.url, "no-such-model").health()
        assert not missing.ok and missing.reachable and "not served" in missing.detail
    finally:
        b.close()


@pytest.mark.server
def test_cancel_mid_stream_then_server_still_serves(llama_server: LlamaServer) -> None:
    b = OpenAIBackend(llama_server.url)
    tok = CancellationToken()
    try:
        n = 0
        kinds = []
        for ev in b.stream(LONG, tok):
            kinds.append(ev.kind)
            if ev.kind == "partial":
                n += 1
                if n == 3:
                    tok.cancel()
        assert kinds[-1] == "cancelled" and "done" not in kinds and 3 <= n < 200
        assert b.generate(RAW).text.strip()  # the server is fine and the pool usable
    finally:
        b.close()


def test_api_key_from_env_is_sent_and_never_logged(openai_standin: OpenAIStandIn, monkeypatch: pytest.MonkeyPatch,
                                                    caplog: pytest.LogCaptureFixture) -> None:
    secret = "sk-test-5ecret-value-0123456789"
    openai_standin.api_key = secret
    caplog.set_level(logging.DEBUG)
    monkeypatch.setenv("MY_LLM_KEY", secret)
    b = OpenAIBackend(openai_standin.url, "test-model", api_key_env="MY_LLM_KEY")
    try:
        assert b.generate(RAW).text == "ls -la"
        assert openai_standin.requests[-1]["headers"]["Authorization"] == f"Bearer {secret}"
        assert secret not in repr(b)
    finally:
        b.close()
    monkeypatch.setenv("MY_LLM_KEY", "wrong")
    bad = OpenAIBackend(openai_standin.url, "test-model", api_key_env="MY_LLM_KEY")
    try:
        with pytest.raises(BackendError) as ei:
            bad.generate(RAW)
        assert "HTTP 401" in str(ei.value) and "API key" in str(ei.value) and "wrong" not in str(ei.value)
    finally:
        bad.close()
    assert secret not in caplog.text


def test_chat_only_server_gets_chat(openai_standin: OpenAIStandIn) -> None:
    openai_standin.completions = False
    b = OpenAIBackend(openai_standin.url)
    try:
        assert b.generate(RAW).text == "ls -la" and b.generate(RAW).text == "ls -la"
        paths = [r["path"] for r in openai_standin.requests if r["method"] == "POST"]
        assert paths == ["/v1/completions", "/v1/chat/completions", "/v1/chat/completions"]
        assert openai_standin.requests[-1]["body"]["messages"] == [{"role": "user", "content": FEWSHOT}]
        assert b.embed(["a"])[0]
    finally:
        b.close()


def test_bad_responses_are_one_line_errors(openai_standin: OpenAIStandIn) -> None:
    b = OpenAIBackend(openai_standin.url, "test-model", read_timeout=0.5)
    openai_standin.reply = "a b c d e f"
    expect = {"invalid_json": "invalid JSON", "truncated": "truncated", "http500": "HTTP 500",
              "http429": "rate limiting", "hang": "read timeout", "error_midstream": "crashed"}
    try:
        for mode, needle in expect.items():
            openai_standin.mode = mode
            ev = list(b.stream(RAW))[-1]
            assert ev.kind == "error" and needle in ev.text and "\n" not in ev.text, (mode, ev.text)
    finally:
        b.close()
