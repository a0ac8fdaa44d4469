"""Ollama backend against an Ollama STAND-IN (tests/servers.py: OllamaStandIn).

No Ollama server can be installed on this machine, so a small threaded HTTP server that speaks
the documented Ollama API (NDJSON /api/chat and /api/generate, /api/tags, /api/embed, error
bodies, slow first token) stands in for it. These tests check our client against that protocol.
"""

from __future__ import annotations

import threading
import time

from servers import OllamaStandIn, closed_port_url

from cmdai.backends.base import CancellationToken, GenerationRequest
from cmdai.backends.ollama import OllamaBackend
from cmdai.errors import BackendError

pytest_plugins = ["servers"]  # the fixtures: llama_server, ollama_standin, ...

PROMPT = GenerationRequest(prompt="Request: list files\nCommand:", max_tokens=32, stop=["\n"], seed=3)
CHAT = GenerationRequest(messages=[{"role": "system", "content": "one command"},
                                   {"role": "user", "content": "list files"}], max_tokens=32)


def test_chat_streams_ndjson_and_sends_keep_alive(ollama_standin: OllamaStandIn) -> None:
    ollama_standin.reply = "find . -name '*.py' -mtime -1"
    b = OllamaBackend(ollama_standin.url, "qwen2.5-coder:1.5b", keep_alive="10m")
    try:
        events = list(b.stream(CHAT))
        parts = [e.text for e in events if e.kind == "partial"]
        assert len(parts) > 3 and "".join(parts) == ollama_standin.reply
        assert events[-1].kind == "done" and events[-1].result.text == ollama_standin.reply
        assert events[-1].result.completions[0].tokens == len(parts)
        req = ollama_standin.requests[-1]
        assert req["path"] == "/api/chat" and req["body"]["keep_alive"] == "10m"
        assert req["body"]["stream"] is True and req["body"]["messages"][1]["content"] == "list files"
        assert req["body"]["options"]["num_predict"] == 32
    finally:
        b.close()


def test_raw_prompt_uses_generate_raw(ollama_standin: OllamaStandIn) -> None:
    b = OllamaBackend(ollama_standin.url)
    try:
        res = b.generate(PROMPT)
        assert res.text == "ls -la" and res.backend == "ollama" and res.instance == ollama_standin.url
        body = ollama_standin.requests[-1]["body"]
        assert ollama_standin.requests[-1]["path"] == "/api/generate"
        assert body["raw"] is True and body["prompt"] == PROMPT.prompt
        assert body["options"]["stop"] == ["\n"] and body["options"]["seed"] == 3
    finally:
        b.close()


def test_health_uses_tags_and_sees_missing_model(ollama_standin: OllamaStandIn) -> None:
    ok = OllamaBackend(ollama_standin.url, "qwen2.5-coder")  # ':latest' is implied
    ollama_standin.models = ["qwen2.5-coder:latest"]
    missing = OllamaBackend(ollama_standin.url, "llama3:8b")
    down = OllamaBackend(closed_port_url(), "x")
    try:
        h = ok.health()
        assert h.ok and h.reachable and h.model_present and h.latency_ms is not None
        h = missing.health()
        assert not h.ok and h.reachable and not h.model_present and "ollama pull llama3:8b" in h.detail
        h = down.health()
        assert not h.ok and not h.reachable and "connection refused" in h.detail
        events = list(missing.stream(PROMPT))
        assert [e.kind for e in events] == ["error"]
        assert "model 'llama3:8b' is not available" in events[0].text and events[0].data["kind"] == "model_missing"
    finally:
        for b in (ok, missing, down):
            b.close()


def test_slow_first_token_within_read_timeout(ollama_standin: OllamaStandIn) -> None:
    ollama_standin.first_token_delay = 0.6
    ollama_standin.token_delay = 0.01
    b = OllamaBackend(ollama_standin.url, read_timeout=5.0)
    try:
        res = b.generate(PROMPT)
        assert res.text == "ls -la" and res.ttft_ms is not None and res.ttft_ms >= 500
    finally:
        b.close()
    b = OllamaBackend(ollama_standin.url, read_timeout=0.2)
    try:
        ev = list(b.stream(PROMPT))[-1]
        assert ev.kind == "error" and ev.data["kind"] == "timeout" and "read timeout" in ev.text
    finally:
        b.close()


def test_cancel_while_waiting_for_first_token(ollama_standin: OllamaStandIn) -> None:
    """A read blocked on a silent server is woken by the token (the socket is shut down)."""
    ollama_standin.first_token_delay = 30
    b = OllamaBackend(ollama_standin.url, read_timeout=60)
    tok = CancellationToken()
    try:
        threading.Timer(0.2, tok.cancel).start()
        t0 = time.monotonic()
        events = list(b.stream(PROMPT, tok))
        assert [e.kind for e in events] == ["cancelled"]
        assert time.monotonic() - t0 < 20  # a hang guard, not a measurement: the server waits 30 s
        ollama_standin.first_token_delay = 0
        assert b.generate(PROMPT).text == "ls -la"  # the client is still usable
    finally:
        b.close()


def test_cancel_mid_stream_keeps_partial(ollama_standin: OllamaStandIn) -> None:
    ollama_standin.reply = " ".join(f"w{i}" for i in range(200))
    ollama_standin.token_delay = 0.02
    b = OllamaBackend(ollama_standin.url)
    tok = CancellationToken()
    try:
        kinds = []
        for ev in b.stream(CHAT, tok):
            kinds.append(ev.kind)
            if kinds.count("partial") == 3:
                tok.cancel()
        assert kinds[:3] == ["partial"] * 3 and kinds[-1] == "cancelled" and "done" not in kinds
        assert kinds.count("partial") < 10
    finally:
        b.close()


def test_bad_responses_are_one_line_errors(ollama_standin: OllamaStandIn) -> None:
    b = OllamaBackend(ollama_standin.url, read_timeout=0.5)
    expect = {"invalid_json": "invalid JSON", "truncated": "truncated", "http500": "HTTP 500",
              "http429": "retry after 7 s", "hang": "read timeout", "error_midstream": "crashed"}
    ollama_standin.retry_after = "7"
    ollama_standin.reply = "a b c d e f"
    try:
        for mode, needle in expect.items():
            ollama_standin.mode = mode
            ev = list(b.stream(PROMPT))[-1]
            assert ev.kind == "error", mode
            assert needle in ev.text and "\n" not in ev.text, (mode, ev.text)
            if mode == "http429":
                assert ev.data["retry_after"] == 7.0
            try:
                b.generate(PROMPT)
            except BackendError as e:
                assert needle in str(e)
            else:
                raise AssertionError(f"{mode}: no error")
    finally:
        b.close()


def test_embed(ollama_standin: OllamaStandIn) -> None:
    b = OllamaBackend(ollama_standin.url)
    try:
        vecs = b.embed(["list files", "remove a directory"])
        assert len(vecs) == 2 and len(vecs[0]) == 16 and vecs[0] != vecs[1]
        assert ollama_standin.requests[-1]["path"] == "/api/embed"
        assert b.capabilities().embeddings and not b.capabilities().local
    finally:
        b.close()
