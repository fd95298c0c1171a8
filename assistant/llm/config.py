"""Which chat model to use, validated once from `Settings` so the rest of the package never guesses."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from assistant.config import Settings

Provider = Literal["openai", "ollama"]
PROVIDERS: tuple[Provider, ...] = ("openai", "ollama")
OFF_WORDS = frozenset({"", "off", "none", "no", "false", "0"})
OLLAMA_DEFAULT_URL = "http://localhost:11434"
NO_KEY = "not-needed"  # local OpenAI-compatible servers ignore the key, but the client insists on one


class LLMConfigError(ValueError):
    """The LLM env vars are set but inconsistent (unknown provider, no model, bad timeout)."""


@dataclass(frozen=True)
class LLMConfig:
    """A complete, checked description of the chat model to call."""

    provider: Provider
    model: str
    base_url: str | None
    api_key: str
    timeout: float

    def describe(self) -> str:
        """Human-readable mode for `city-ai` banners and logs (never shows the key)."""
        where = self.base_url or ("api.openai.com" if self.provider == "openai" else OLLAMA_DEFAULT_URL)
        return f"{self.provider}: {self.model} @ {where}"


def llm_config(settings: Settings) -> LLMConfig | None:
    """None when no provider is set (the default: deterministic answers only); raises on a half-done setup."""
    provider = (settings.llm_provider or "").strip().lower()
    if provider in OFF_WORDS:
        return None
    if provider not in PROVIDERS:
        raise LLMConfigError(f"CITY_AI_LLM_PROVIDER must be one of {', '.join(PROVIDERS)}, got {provider!r}")
    model = (settings.llm_model or "").strip()
    if not model:
        raise LLMConfigError("CITY_AI_LLM_MODEL is required when CITY_AI_LLM_PROVIDER is set")
    if not settings.llm_timeout or settings.llm_timeout <= 0:
        raise LLMConfigError(f"CITY_AI_LLM_TIMEOUT must be positive, got {settings.llm_timeout!r}")
    base_url = (settings.llm_base_url or "").strip().rstrip("/") or None
    if provider == "ollama" and base_url is None:
        base_url = OLLAMA_DEFAULT_URL
    return LLMConfig(
        provider=provider,  # type: ignore[arg-type]
        model=model,
        base_url=base_url,
        api_key=settings.llm_api_key or NO_KEY,
        timeout=float(settings.llm_timeout),
    )


def llm_mode(settings: Settings) -> str:
    """One line for the UI: "off", "openai: qwen2.5 @ http://…", or why the setup is unusable."""
    try:
        config = llm_config(settings)
    except LLMConfigError as err:
        return f"off (misconfigured: {err})"
    return "off" if config is None else config.describe()
