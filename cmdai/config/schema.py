"""The typed configuration schema.

Each section is a dataclass; each field carries its help text and bounds in ``metadata``.
Validation, YAML loading and the ``CMDAI_*`` environment mapping are generic over these
classes (see :mod:`cmdai.config.loader`), so adding a setting is adding a field here.

Field metadata keys:
    help      one line shown by ``cmdai config show --help`` and the editor
    choices   allowed values (strings)
    min, max  numeric bounds (inclusive)
    nonzero   True: 0 is refused (e.g. a retention of 0 would delete everything)
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any


def opt(default: Any = None, *, help: str = "", factory: Any = None, **meta: Any) -> Any:
    md = {"help": help, **meta}
    if factory is not None:
        return field(default_factory=factory, metadata=md)
    return field(default=default, metadata=md)


SHELLS = ("auto", "bash", "zsh", "fish")
OUTPUTS = ("plain", "json", "yaml", "jsonl")
POLICIES = ("strict", "moderate", "permissive")
LEVELS = ("safe", "moderate", "high", "critical")
STRATEGIES = ("priority", "fastest", "round_robin", "least_loaded")
BACKENDS = ("embedded", "ollama", "openai")


@dataclass
class GeneralConfig:
    shell: str = opt("auto", help="shell to write commands for (auto: from $SHELL)", choices=SHELLS)
    output: str = opt("plain", help="default output format", choices=OUTPUTS)
    streaming: bool = opt(False, help="show tokens as they arrive (cmdai --stream)")
    log_level: str = opt("info", help="level of the log file in the state dir",
                         choices=("debug", "info", "warning", "error"))


@dataclass
class SafetyRule:
    pattern: str = opt("", help="regular expression matched against the command")
    level: str = opt("high", help="risk level when it matches", choices=LEVELS)
    reason: str = opt("", help="why, in words a person understands")
    action: str = opt("deny", help="deny: raise to level; allow: treat a match as safe",
                      choices=("deny", "allow"))


@dataclass
class SafetyConfig:
    policy: str = opt("moderate", help="strict | moderate | permissive", choices=POLICIES)
    rules: list[SafetyRule] = opt(help="your own rules (regex, level, reason, action)", factory=list)
    check_request: bool = opt(True, help="also assess the words of the request")


@dataclass
class BackendConfig:
    default: str | None = opt(None, help="backend to try first (null: the first of the chain)",
                              choices=BACKENDS)
    chain: list[str] = opt(help="fallback chain, tried in order", factory=lambda: ["embedded"],
                           item_choices=BACKENDS)
    strategy: str = opt("priority", help="how to pick among instances", choices=STRATEGIES)
    health_ttl_s: float = opt(30.0, help="how long a health check result is trusted", min=0, max=3600)
    failure_threshold: int = opt(3, help="consecutive failures that open the circuit", min=1, max=100)
    cooldown_s: float = opt(30.0, help="seconds before an open circuit is tried again", min=0, max=3600)
    connect_timeout_s: float = opt(2.0, help="HTTP connect timeout", min=0.05, max=120)
    read_timeout_s: float = opt(60.0, help="HTTP read timeout", min=0.1, max=3600)


@dataclass
class EmbeddedConfig:
    model_path: str | None = opt(None, help="a GGUF file (default: the bundled Gemma 3 270M)")
    n_ctx: int = opt(2048, help="context window in tokens", min=128, max=131072)
    n_threads: int = opt(0, help="CPU threads (0: all cores)", min=0, max=512)
    max_tokens: int = opt(80, help="longest command in tokens", min=8, max=4096)
    temperature: float = opt(0.0, help="sampling temperature (0: greedy)", min=0.0, max=2.0)
    seed: int = opt(0, help="sampling seed", min=0)


@dataclass
class OllamaConfig:
    urls: list[str] = opt(help="one or more Ollama servers", factory=lambda: ["http://127.0.0.1:11434"])
    model: str = opt("qwen2.5-coder:1.5b", help="model name as Ollama knows it")
    keep_alive: str = opt("5m", help="how long Ollama keeps the model loaded")


@dataclass
class OpenAIConfig:
    urls: list[str] = opt(help="one or more OpenAI-compatible servers (vLLM, llama.cpp server)",
                          factory=lambda: ["http://127.0.0.1:8000"])
    model: str = opt("", help="model name ('' = the first one /v1/models lists)")
    api_key_env: str | None = opt(None, help="name of the environment variable holding the API key")


@dataclass
class RetentionConfig:
    max_entries: int = opt(1_000_000, help="keep at most this many entries", min=1, nonzero=True)
    max_age_days: int = opt(3650, help="drop entries older than this", min=1, nonzero=True)
    keep_favourites: bool = opt(True, help="never prune favourites")


@dataclass
class HistoryConfig:
    enabled: bool = opt(True, help="record the commands you run")
    ignore: list[str] = opt(help="regexes: matching commands are never recorded",
                            factory=lambda: [r"^(ls|cd|pwd|exit|clear)$"])
    ignore_space: bool = opt(True, help="commands starting with a space are not recorded")
    redact: list[str] = opt(help="extra regexes whose matches become [REDACTED]", factory=list)
    retention: RetentionConfig = opt(help="what 'cmdai history prune' keeps", factory=RetentionConfig)


@dataclass
class DaemonConfig:
    autostart: bool = opt(True, help="the Ctrl-G widget starts the daemon when needed")
    idle_timeout_s: int = opt(900, help="the daemon exits after this many idle seconds", min=5, max=604800)


@dataclass
class ShellConfig:
    key: str = opt("^G", help="key that turns the line into a command (zsh/bash notation)")


@dataclass
class GenerationConfig:
    candidates: int = opt(4, help="model continuations to sample per request", min=1, max=16)
    mode: str = opt("full", help="full: retrieval + model ranking; retrieval: no model; model: model only",
                    choices=("full", "retrieval", "model"))
    examples: int = opt(6, help="retrieved examples in the prompt", min=0, max=32)
    use_history: bool = opt(True, help="learn from accepted suggestions in your history")
    tldr_paths: list[str] = opt(help="extra tldr page directories", factory=list)
    retrieval: str = opt("auto", help="how examples are found: bm25 (shared words), hybrid (words and meaning, "
                         "with the semantic.model embeddings), auto (hybrid when MiniLM is installed)",
                         choices=("auto", "bm25", "hybrid"))
    model_candidate: str = opt("auto", help="when the model writes its own command besides the knowledge base's: "
                               "always; fallback (only when retrieval found none); auto (always with an Ollama or "
                               "OpenAI-compatible backend, usually a bigger model; fallback with the embedded 270M "
                               "model, whose own commands were measured to lower the score)",
                               choices=("auto", "always", "fallback"))
    model_weight: float = opt(1.0, help="how much the model's own command counts when it is consulted (1.0: as much "
                              "as the best-matching knowledge-base example)", min=0, max=10)


@dataclass
class SemanticConfig:
    model: str = opt("auto", help="embedding model: auto (minilm if installed, else hash) | minilm | "
                     "hash | embedded | ollama | openai",
                     choices=("auto", "minilm", "hash", "embedded", "ollama", "openai"))
    model_path: str | None = opt(None, help="a GGUF embedding model (default: the bundled model)")
    fts_weight: float = opt(1.0, help="weight of word search in hybrid ranking", min=0, max=100)
    vector_weight: float = opt(1.0, help="weight of meaning search in hybrid ranking", min=0, max=100)
    rrf_k: int = opt(5, help="rank constant of reciprocal rank fusion (smaller trusts top ranks more)",
                     min=1, max=1000)


@dataclass
class Config:
    general: GeneralConfig = opt(factory=GeneralConfig, help="output, shell, logging")
    safety: SafetyConfig = opt(factory=SafetyConfig, help="risk policy and your own rules")
    backend: BackendConfig = opt(factory=BackendConfig, help="which backend, fallback, balancing")
    embedded: EmbeddedConfig = opt(factory=EmbeddedConfig, help="the local llama.cpp model")
    ollama: OllamaConfig = opt(factory=OllamaConfig, help="Ollama servers")
    openai: OpenAIConfig = opt(factory=OpenAIConfig, help="OpenAI-compatible servers")
    history: HistoryConfig = opt(factory=HistoryConfig, help="what is recorded and kept")
    daemon: DaemonConfig = opt(factory=DaemonConfig, help="the warm engine daemon")
    shell: ShellConfig = opt(factory=ShellConfig, help="the Ctrl-G widget")
    generation: GenerationConfig = opt(factory=GenerationConfig, help="candidates and retrieval")
    semantic: SemanticConfig = opt(factory=SemanticConfig, help="search by meaning")

    def get(self, dotted: str) -> Any:
        obj: Any = self
        for part in dotted.split("."):
            obj = getattr(obj, part)
        return obj


def section_fields(cls: type) -> dict[str, Any]:
    return {f.name: f for f in fields(cls)}
