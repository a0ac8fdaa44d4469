"""OpenAI-compatible backend (vLLM, llama.cpp server, LM Studio, ...): SSE streaming.

* raw completion prompts (``GenerationRequest.prompt``) go to ``POST /v1/completions`` when the
  server has it (the few-shot prompt of a base model is a completion); a server that answers
  404/405 there is remembered and asked ``/v1/chat/completions`` instead;
* chat requests (``GenerationRequest.messages``) go to ``POST /v1/chat/completions``;
* ``GET /v1/models`` is the health check; with ``openai.model: ''`` the first model listed is used;
* ``POST /v1/embeddings`` gives embeddings (``embed``).

The API key is read from the environment variable NAMED by ``openai.api_key_env`` when the
client is created; it lives only in the client's headers, never in a repr, a log line, an
error message or the history.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Iterator
from typing import Any

from .base import CancellationToken, GenerationRequest, Health
from .http import (
    RemoteError,
    cancel_guard,
    check_status,
    iter_lines_cancellable,
    map_transport_error,
    parse_json,
)
from .remote import RemoteBackend, _SampleState, sampling_seed

log = logging.getLogger(__name__)


class OpenAIBackend(RemoteBackend):
    name = "openai"

    def __init__(self, url: str = "http://127.0.0.1:8000", model: str = "", *, api_key_env: str | None = None,
                 connect_timeout: float = 2.0, read_timeout: float = 60.0):
        super().__init__(url, model, connect_timeout=connect_timeout, read_timeout=read_timeout)
        self.api_key_env = api_key_env
        self._completions_ok: bool | None = None  # None: not tried yet
        self._served: str | None = None  # model id from /v1/models when config says ''

    @classmethod
    def from_config(cls, cfg: Any, url: str | None = None) -> OpenAIBackend:
        o, b = cfg.openai, cfg.backend
        return cls(url or o.urls[0], o.model, api_key_env=o.api_key_env,
                   connect_timeout=b.connect_timeout_s, read_timeout=b.read_timeout_s)

    def _base_url(self) -> str:
        return self.url[:-3] if self.url.endswith("/v1") else self.url

    @property
    def client(self) -> Any:
        if self._client is None:
            with self._client_lock:
                if self._client is None:
                    from .http import make_client

                    self._client = make_client(self._base_url(), self.connect_timeout, self.read_timeout,
                                               self._headers())
        return self._client

    def _headers(self) -> dict[str, str]:
        if not self.api_key_env:
            return {}
        key = os.environ.get(self.api_key_env, "")
        if not key:
            log.warning("openai.api_key_env names %s but it is not set; sending no API key", self.api_key_env)
            return {}
        return {"Authorization": f"Bearer {key}"}

    @property
    def model(self) -> str:
        return self._model or self._served or ""

    # -- health ------------------------------------------------------------------------------
    def list_models(self) -> list[str]:
        import httpx

        try:
            resp = self.client.get("/v1/models")
        except httpx.HTTPError as e:
            raise map_transport_error(e, self.where, self.read_timeout) from None
        check_status(resp, self.where)
        data = parse_json(resp.content, self.where)
        items = data.get("data") if isinstance(data, dict) else None
        if not isinstance(items, list):
            raise RemoteError(f"{self.where} sent an unexpected /v1/models answer", "bad_response")
        return [str(m.get("id")) for m in items if isinstance(m, dict) and m.get("id")]

    def health(self) -> Health:
        t0 = time.perf_counter()
        try:
            ids = self.list_models()
        except RemoteError as e:
            reachable = e.kind not in ("connect", "timeout")
            return Health(False, reachable, False, None, str(e))
        ms = (time.perf_counter() - t0) * 1000
        if self._model:
            if self._model not in ids:
                return Health(False, True, False, ms, f"model '{self._model}' is not served by {self.url}"
                              f" (it serves: {', '.join(ids[:5]) or 'nothing'})")
        elif not ids:
            return Health(False, True, False, ms, f"{self.url} serves no model")
        else:
            self._served = ids[0]
        return Health(True, True, True, ms, f"{self.model} on {self.url}")

    def _model_for_request(self) -> str:
        if not self._model and self._served is None:
            try:
                ids = self.list_models()
                self._served = ids[0] if ids else ""
            except RemoteError:
                raise
        return self.model

    # -- generation --------------------------------------------------------------------------
    def _deltas(self, req: GenerationRequest, cancel: CancellationToken | None,
                state: _SampleState, sample: int) -> Iterator[str]:
        from ..errors import Cancelled

        if cancel is not None and cancel.cancelled:
            raise Cancelled("cancelled")
        model = self._model_for_request()
        body: dict[str, Any] = {"model": model, "stream": True, "max_tokens": req.max_tokens,
                                "temperature": req.temperature, "top_p": req.top_p}
        if req.stop:
            body["stop"] = list(req.stop)[:4]  # the OpenAI API allows at most 4
        seed = sampling_seed(req, sample)
        if seed is not None:
            body["seed"] = seed
        use_completions = req.prompt is not None and self._completions_ok is not False
        if use_completions:
            try:
                yield from self._sse("/v1/completions", {**body, "prompt": req.prompt}, False, cancel, state)
                self._completions_ok = True
                return
            except RemoteError as e:
                if e.status in (404, 405, 501) and not state.tokens:
                    log.info("%s has no /v1/completions (HTTP %s); using chat", self.url, e.status)
                    self._completions_ok = False
                else:
                    raise
        yield from self._sse("/v1/chat/completions", {**body, "messages": req.as_messages()}, True, cancel, state)

    def _sse(self, path: str, body: dict[str, Any], chat: bool, cancel: CancellationToken | None,
             state: _SampleState) -> Iterator[str]:
        import httpx

        from ..errors import Cancelled

        try:
            with self.client.stream("POST", path, json=body) as resp, cancel_guard(cancel, resp):
                check_status(resp, self.where, self.model)
                finished = False
                for line in iter_lines_cancellable(resp, cancel, self.where, self.read_timeout):
                    if not line.startswith("data:"):
                        continue  # blank separators, ': ping' comments, 'event:' lines
                    payload = line[5:].strip()
                    if payload == "[DONE]":
                        finished = True
                        break
                    obj = parse_json(payload, self.where)
                    if not isinstance(obj, dict):
                        raise RemoteError(f"{self.where} sent an unexpected stream event", "bad_response")
                    if obj.get("error"):
                        err = obj["error"]
                        msg = err.get("message", "") if isinstance(err, dict) else str(err)
                        raise RemoteError(f"{self.where} failed: {' '.join(str(msg).split())[:200]}", "http")
                    choices = obj.get("choices") or []
                    if not choices:
                        continue
                    ch = choices[0]
                    text = (ch.get("delta") or {}).get("content") if chat else ch.get("text")
                    if text:
                        state.tokens += 1
                        yield str(text)
                    if ch.get("finish_reason"):
                        state.finish = str(ch["finish_reason"])
                        finished = True
                if not finished:
                    raise RemoteError(f"{self.where} ended the stream before it was done (truncated answer)",
                                      "truncated")
        except httpx.HTTPError as e:
            if cancel is not None and cancel.cancelled:
                raise Cancelled("cancelled") from None
            raise map_transport_error(e, self.where, self.read_timeout) from None

    # -- embeddings --------------------------------------------------------------------------
    def embed(self, texts: list[str], model: str | None = None) -> list[list[float]]:
        import httpx

        try:
            resp = self.client.post("/v1/embeddings", json={"model": model or self._model_for_request(),
                                                            "input": list(texts)})
        except httpx.HTTPError as e:
            raise map_transport_error(e, self.where, self.read_timeout) from None
        check_status(resp, self.where, model or self.model)
        data = parse_json(resp.content, self.where)
        items = data.get("data") if isinstance(data, dict) else None
        if not isinstance(items, list) or len(items) != len(texts):
            raise RemoteError(f"{self.where} sent an unexpected /v1/embeddings answer", "bad_response")
        items = sorted(items, key=lambda d: d.get("index", 0))
        out = []
        for d in items:
            e = d.get("embedding") if isinstance(d, dict) else None
            if not isinstance(e, list) or not e:
                raise RemoteError(f"{self.where} sent an embedding that is not a list", "bad_response")
            if isinstance(e[0], list):  # llama.cpp server without pooling: one vector per token
                e = [sum(col) / len(e) for col in zip(*e, strict=True)]
            out.append([float(x) for x in e])
        return out
