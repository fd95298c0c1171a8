"""city-ai over HTTP for the tools people already have: an OpenAI-compatible chat API (/v1), MCP tools (/mcp)
and the Gradio app (/), served together by `city-ai serve` (uvicorn), one process or several.

- `openai_compat.py`: GET /v1/models, POST /v1/chat/completions (plain and SSE streaming), OpenAI error shapes
- `tools.py`: the MCP tools (city_rank, compare_cities, city_policies, top_cities, explain_rank, search_report, ask)
- `server.py`: `create_app()` puts them and the Gradio Blocks on one FastAPI app; bearer key; loopback default
- `workers.py`: `--workers N`: N server processes behind a small session-affine front on the public port
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from assistant.api.server import create_app

__all__ = ["create_app"]


def __getattr__(name: str):
    if name == "create_app":
        from assistant.api.server import create_app

        return create_app
    raise AttributeError(name)
