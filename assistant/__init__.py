"""city-ai's assistant: question understanding, retrieval, answer composition with citations, CLI and app."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from assistant.core import Assistant
    from assistant.reply import Reply, Source

__all__ = ["Assistant", "Reply", "Source"]


def __getattr__(name: str):
    # Lazy, so `import assistant.config` does not pull in torch, chroma and gradio.
    if name == "Assistant":
        from assistant.core import Assistant

        return Assistant
    if name in ("Reply", "Source"):
        from assistant import reply

        return getattr(reply, name)
    raise AttributeError(name)
