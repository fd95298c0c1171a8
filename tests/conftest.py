"""Shared fixtures: the real embedding model, once per session; a throwaway project home per test."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from assistant.config import Settings


@pytest.fixture(scope="session")
def model_ref() -> str:
    """The embedding model (converted once into the normal cache, reused by later runs) as a path or name."""
    from assistant.retrieval.embeddings import ensure_model

    return ensure_model(Settings.from_env())


def make_settings(home: Path, model_ref: str, **overrides: object) -> Settings:
    """Settings rooted at `home` (its own Chroma folder) with the shared model; embedded Chroma by default."""
    return Settings(home=home, model=model_ref, **overrides)


@pytest.fixture
def tmp_settings(tmp_path: Path, model_ref: str) -> Settings:
    return make_settings(tmp_path / "home", model_ref)


@pytest.fixture(scope="session")
def embedder(model_ref: str):
    """The real E5 embeddings (LangChain interface), loaded once per session."""
    from assistant.retrieval.embeddings import E5Embeddings, load_embedder

    return E5Embeddings(load_embedder(Settings(model=model_ref)))


def free_port() -> int:
    """A TCP port nothing listens on (right now)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def understanding():
    """The real question understanding over the real report tables (no model needed)."""
    from assistant.understanding.parser import Understanding
    from index_core.report import load_report

    return Understanding(load_report())


@pytest.fixture(scope="module")
def bot():
    """The real assistant with its default settings (tables, passages, embedding model)."""
    from assistant.core import Assistant

    return Assistant.from_defaults()
