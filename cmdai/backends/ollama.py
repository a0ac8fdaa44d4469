"""Ollama backend: the documented Ollama HTTP API, NDJSON streaming.

* chat requests (``GenerationRequest.messages``) go to ``POST /api/chat``;
* raw completion prompts (``GenerationRequest.prompt``, what the few-shot prompt for a base
  model is) go to ``POST /api/generate`` with ``"raw": true`` so Ollama applies no chat
  template and the model continues the text exactly as the embedded backend would;
* ``GET /api/tags`` is the health check and says whether the model is pulled;
* ``POST /api/embed`` gives embeddings (``embed``);
* every request carries ``keep_alive`` from config (how long Ollama keeps the model loaded).

A stream must end with a ``"done": true`` line; one that stops before is a truncated answer.
"""

from __future__ import annotations

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


class OllamaBackend(RemoteBackend):
    name = "ollama"

    def __init__(self, url: str = "http://127.0.0.1:11434", model: str = "qwen2.5-coder:1.5b", *,
                 keep_alive: str = "5m", connect_timeout: float = 2.0, read_timeout: float = 60.0):
        super().__init__(url, model, connect_timeout=connect_timeout, read_timeout=read_timeout)
        self.keep_alive = keep_alive

    @classmethod
    def from_config(cls, cfg: Any, url: str | None = None) -> OllamaBackend:
        o, b = cfg.ollama, cfg.backend
        return cls(url or o.urls[0], o.model, keep_alive=o.keep_alive,
                   connect_timeout=b.connect_timeout_s, read_timeout=b.read_timeout_s)

    # -- health ------------------------------------------------------------------------------
    def list_models(self) -> list[str]:
        import httpx

        try:
            resp = self.client.get("/api/tags")
        except httpx.HTTPError as e:
            raise map_transport_error(e, self.where, self.read_timeout) from None
        check_status(resp, self.where)
        data = parse_json(resp.content, self.where)
        models = data.get("models") if isinstance(data, dict) else None
        if not isinstance(models, list):
            raise RemoteError(f"{self.where} sent an unexpected /api/tags answer", "bad_response")
        names = []
        for m in models:
            if isinstance(m, dict):
                names.extend(str(m[k]) for k in ("name", "model") if m.get(k))
        return sorted(set(names))

    def _has_model(self, names: list[str]) -> bool:
        want = self._model
        if ":" not in want:
            return want in names or f"{want}:latest" in names
        return want in names or (want.endswith(":latest") and want[: -len(":latest")] in names)

    def health(self) -> Health:
        t0 = time.perf_counter()
        try:
            names = self.list_models()
        except RemoteError as e:
            reachable = e.kind not in ("connect", "timeout")
            return Health(False, reachable, False, None, str(e))
        ms = (time.perf_counter() - t0) * 1000
        if not self._has_model(names):
            return Health(False, True, False, ms,
                          f"model '{self._model}' is not pulled on {self.url} (ollama pull {self._model})")
        return Health(True, True, True, ms, f"{self._model} on {self.url}")

    # -- generation --------------------------------------------------------------------------
    def _options(self, req: GenerationRequest, sample: int) -> dict[str, Any]:
        opts: dict[str, Any] = {"temperature": req.temperature, "top_p": req.top_p,
                                "num_predict": req.max_tokens}
        if req.stop:
            opts["stop"] = list(req.stop)
        seed = sampling_seed(req, sample)
        if seed is not None:
            opts["seed"] = seed
        return opts

    def _deltas(self, req: GenerationRequest, cancel: CancellationToken | None,
                state: _SampleState, sample: int) -> Iterator[str]:
        import httpx

        from ..errors import Cancelled

        if cancel is not None and cancel.cancelled:
            raise Cancelled("cancelled")
        chat = req.prompt is None and bool(req.messages)
        body: dict[str, Any] = {"model": self._model, "stream": True, "keep_alive": self.keep_alive,
                                "options": self._options(req, sample)}
        if chat:
            path = "/api/chat"
            body["messages"] = req.as_messages()
        else:
            path = "/api/generate"
            body["prompt"] = req.as_prompt()
            body["raw"] = True
        try:
            with self.client.stream("POST", path, json=body) as resp, cancel_guard(cancel, resp):
                check_status(resp, self.where, self._model)
                done = False
                for line in iter_lines_cancellable(resp, cancel, self.where, self.read_timeout):
                    if not line.strip():
                        continue
                    obj = parse_json(line, self.where)
                    if not isinstance(obj, dict):
                        raise RemoteError(f"{self.where} sent an unexpected stream line", "bad_response")
                    if obj.get("error"):
                        err = " ".join(str(obj["error"]).split())[:200]
                        kind = "model_missing" if "not found" in err and "model" in err else "http"
                        raise RemoteError(f"{self.where} failed: {err}", kind)
                    text = (obj.get("message") or {}).get("content", "") if chat else obj.get("response", "")
                    if text:
                        state.tokens += 1
                        yield str(text)
                    if obj.get("done"):
                        state.finish = str(obj.get("done_reason") or "stop")
                        if isinstance(obj.get("eval_count"), int):
                            state.tokens = obj["eval_count"]
                        done = True
                        break
                if not done:
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
            resp = self.client.post("/api/embed", json={"model": model or self._model, "input": list(texts),
                                                        "keep_alive": self.keep_alive, "truncate": True})
        except httpx.HTTPError as e:
            raise map_transport_error(e, self.where, self.read_timeout) from None
        check_status(resp, self.where, model or self._model)
        data = parse_json(resp.content, self.where)
        vecs = data.get("embeddings") if isinstance(data, dict) else None
        if not isinstance(vecs, list) or len(vecs) != len(texts):
            raise RemoteError(f"{self.where} sent an unexpected /api/embed answer", "bad_response")
        return [[float(x) for x in v] for v in vecs]
