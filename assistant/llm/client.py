"""Build a LangChain chat model from settings, so callers depend on `BaseChatModel` and not on a vendor SDK."""

from __future__ import annotations

from typing import TYPE_CHECKING

from assistant.config import Settings
from assistant.llm.config import LLMConfig, llm_config

if TYPE_CHECKING:
    from langchain_core.language_models.chat_models import BaseChatModel

TEMPERATURE = 0.0  # rewording, not creative writing: keep it repeatable


def chat_model_from_config(config: LLMConfig) -> BaseChatModel:
    """Construct the provider's LangChain chat model; imports lazily so the default path never loads them."""
    if config.provider == "ollama":
        from langchain_ollama import ChatOllama

        return ChatOllama(
            model=config.model,
            base_url=config.base_url,
            temperature=TEMPERATURE,
            client_kwargs={"timeout": config.timeout},
        )
    from langchain_openai import ChatOpenAI

    # Any OpenAI-compatible server (vLLM, llama.cpp server, LM Studio, a hosted API). No retries: a slow or
    # failing model must fall back to the deterministic answer quickly, not be hammered again.
    return ChatOpenAI(
        model=config.model,
        base_url=config.base_url,
        api_key=config.api_key,
        timeout=config.timeout,
        max_retries=0,
        temperature=TEMPERATURE,
    )


def make_chat_model(settings: Settings) -> BaseChatModel | None:
    """The configured chat model, or None when the LLM is off. Raises `LLMConfigError` on a broken setup."""
    config = llm_config(settings)
    return None if config is None else chat_model_from_config(config)
