"""One FastAPI app: the OpenAI-compatible API at /v1, the MCP tools at /mcp, the Gradio app at /.

`create_app()` is what every `city-ai serve` process runs (uvicorn). The Gradio Blocks keep their element ids,
their `/ask` endpoint and the launch safety settings of `assistant.app.server.launch_options` (no share link,
errors not shown, no monitoring, bounded uploads and session state). With CITY_AI_API_KEY set, /v1 and /mcp
require `Authorization: Bearer <key>`; the page itself stays open (bind it to loopback, the default).
"""

from __future__ import annotations

import contextlib
import hmac
import logging
import os
from collections.abc import AsyncIterator
from typing import Any

from fastapi import FastAPI
from fastapi.responses import JSONResponse
from starlette.routing import Route
from starlette.types import ASGIApp, Receive, Scope, Send

from assistant.api.openai_compat import ChatAPI, error_response

log = logging.getLogger(__name__)

PROTECTED = ("/v1", "/mcp", "/gradio_api/mcp")
MCP_PATHS = ("/mcp", "/mcp/", "/gradio_api/mcp", "/gradio_api/mcp/")  # the footer's "MCP" tab uses the latter


class BearerKey:
    """ASGI middleware: the API paths need `Authorization: Bearer <key>` when a key is configured."""

    def __init__(self, app: ASGIApp, key: str | None) -> None:
        self.app, self.key = app, key

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if self.key and scope["type"] == "http" and _protected(scope.get("path", "")):
            headers = dict(scope.get("headers") or [])
            given = headers.get(b"authorization", b"").decode("latin-1")
            scheme, _, token = given.partition(" ")
            if scheme.lower() != "bearer" or not hmac.compare_digest(
                token.strip().encode(), self.key.encode()
            ):
                message = (
                    "Incorrect API key provided"
                    if given
                    else "Missing API key: send Authorization: Bearer <key>"
                )
                response = error_response(401, message, code="invalid_api_key")
                await response(scope, receive, send)
                return
        await self.app(scope, receive, send)


def _protected(path: str) -> bool:
    return any(path == p or path.startswith(p + "/") for p in PROTECTED)


def mcp_schema(server: Any) -> list[dict[str, Any]]:
    """The tool list in the shape the Gradio footer's API panel reads from /gradio_api/mcp/schema."""
    tools = server._tool_manager.list_tools()
    return [
        {
            "name": t.name,
            "description": t.description or "",
            "inputSchema": t.parameters,
            "meta": {"file_data_present": False},
        }
        for t in tools
    ]


def create_app(
    assistant: Any = None,
    *,
    host: str = "127.0.0.1",
    port: int = 7860,
    ui: bool = True,
    api_key: str | None = None,
    build: bool = True,
) -> FastAPI:
    """The whole server around one Assistant (built from defaults, store opened now, when none is given).

    `build=False` opens the passage index but never builds it (workers: the index is built once by
    `city-ai index`). `ui=False` serves the APIs only.
    """
    from assistant.api.tools import build_mcp_server
    from assistant.core import Assistant

    bot = assistant or Assistant.from_defaults(build=build)
    if getattr(bot, "retriever", None) is not None and hasattr(bot.retriever, "warm"):
        bot.retriever.warm()  # the first request must not pay for loading the model
    settings = bot.settings
    key = api_key if api_key is not None else getattr(settings, "api_key", None)

    mcp = build_mcp_server(bot)
    mcp_http = mcp.streamable_http_app(
        streamable_http_path="/mcp", stateless_http=True, json_response=True, host=host
    )
    mcp_endpoint = next(r.endpoint for r in mcp_http.routes if isinstance(r, Route) and r.path == "/mcp")

    @contextlib.asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        async with mcp.session_manager.run():
            yield

    app = FastAPI(title="city-ai", lifespan=lifespan, docs_url=None, redoc_url=None, openapi_url=None)
    chat = ChatAPI(bot)
    app.include_router(chat.router)
    for path in MCP_PATHS:
        app.router.routes.append(Route(path, endpoint=mcp_endpoint, methods=["GET", "POST", "DELETE"]))

    schema = mcp_schema(mcp)

    @app.get("/gradio_api/mcp/schema", include_in_schema=False)
    async def _schema() -> JSONResponse:
        return JSONResponse(schema)

    @app.get("/healthz", include_in_schema=False)
    async def _health() -> dict[str, Any]:
        retriever = bot.retriever
        return {
            "status": "ok",
            "pid": os.getpid(),
            "retrieval": "keyword-only" if getattr(retriever, "degraded", False) else "hybrid",
        }

    if ui:
        _mount_ui(app, bot, host, port)
    app.add_middleware(BearerKey, key=key)
    app.state.assistant = bot
    return app


def _mount_ui(app: FastAPI, bot: Any, host: str, port: int) -> None:
    import gradio as gr

    from assistant.app.layout import build_app
    from assistant.app.server import launch_options

    os.environ["GRADIO_ANALYTICS_ENABLED"] = "False"
    blocks = build_app(bot)
    blocks.queue(default_concurrency_limit=2)
    options = launch_options(host, port)
    blocks.state_session_capacity = options["state_session_capacity"]
    gr.mount_gradio_app(
        app,
        blocks,
        path="/",
        server_name=host,
        server_port=port,
        footer_links=options["footer_links"],
        run_history=False,
        show_error=options["show_error"],
        max_file_size=options["max_file_size"],
        ssr_mode=options["ssr_mode"],
        enable_monitoring=options["enable_monitoring"],
        pwa=options["pwa"],
        mcp_server=False,  # our own MCP server answers at /mcp and /gradio_api/mcp
        theme=options["theme"],
        css=options["css"],
    )
    app.state.blocks = blocks


def app_from_env() -> FastAPI:
    """uvicorn's factory for worker processes: settings come from the environment `city-ai serve` set."""
    host = os.environ.get("CITY_AI_SERVE_HOST", "127.0.0.1")
    port = int(os.environ.get("CITY_AI_SERVE_PORT", "7860"))
    ui = os.environ.get("CITY_AI_SERVE_UI", "1") == "1"
    build = os.environ.get("CITY_AI_SERVE_BUILD", "1") == "1"
    return create_app(host=host, port=port, ui=ui, build=build)
