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
from fastapi.responses import JSONResponse, PlainTextResponse
from starlette.routing import Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from assistant.api.exposure import is_loopback
from assistant.api.openai_compat import ChatAPI, error_response
from assistant.text import MAX_BODY_BYTES

log = logging.getLogger(__name__)

PROTECTED = ("/v1", "/mcp", "/gradio_api/mcp")
# The one exception to the 64 KB cap: the page's own event queue, where a reload sends the conversation saved in
# the browser (up to 30 turns, encrypted: ~300 KB for 30 ordinary answers). The public /ask endpoint goes the
# same way, and the Assistant reads only the capped history of whatever arrives.
PAGE_BODY_LIMITS = {"/gradio_api/queue/join": 1024 * 1024}
QUEUE_MAX_SIZE = 64  # Gradio answers "queue full, try again" past this many waiting requests
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


WILDCARD_BINDS = ("0.0.0.0", "::", "")


def allowed_hosts(bind: str, extra: str | None = None) -> frozenset[str] | None:
    """The Host header names a request may carry (without port): the bind address, loopback names when bound
    to loopback, and CITY_AI_ALLOWED_HOSTS (comma-separated; '*' allows any). None means any host: a wildcard
    bind (0.0.0.0) without an allow-list, which `serve` warns about."""
    extra = extra if extra is not None else os.environ.get("CITY_AI_ALLOWED_HOSTS", "")
    names = {h.strip().lower() for h in extra.split(",") if h.strip()}
    if "*" in names or (bind in WILDCARD_BINDS and not names):
        return None
    if bind not in WILDCARD_BINDS:
        names.add(bind.lower().strip("[]"))
    if is_loopback(bind) or bind in WILDCARD_BINDS:
        names.update({"127.0.0.1", "localhost", "::1"})
    return frozenset(names)


def _host_name(value: str) -> str:
    value = value.strip().lower()
    if value.startswith("["):  # [::1]:7860
        return value[1 : value.find("]")] if "]" in value else value
    return value.rsplit(":", 1)[0] if value.count(":") == 1 else value


def _plain_or_openai(path: str, status: int, message: str, code: str) -> Any:
    if path == "/v1" or path.startswith("/v1/"):
        return error_response(status, message, code=code)
    return PlainTextResponse(message + "\n", status_code=status)


class EdgeLimits:
    """ASGI middleware in front of everything (Gradio, /v1, /mcp): the Host header must name this server
    (DNS-rebinding defence, 400 otherwise), and a request body over `max_body` bytes is refused with 413 before
    anything parses it: at once when Content-Length says so, else as soon as the arriving bytes pass the cap.
    Bodies are read here (at most `max_body` bytes are ever held) and replayed to the app."""

    def __init__(
        self,
        app: ASGIApp,
        max_body: int = MAX_BODY_BYTES,
        hosts: frozenset[str] | None = None,
        larger: dict[str, int] | None = None,
    ):
        self.app, self.max_body, self.hosts = app, max_body, hosts
        self.larger = dict(PAGE_BODY_LIMITS if larger is None else larger)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        path = scope.get("path", "")
        headers = dict(scope.get("headers") or [])
        if self.hosts is not None:
            host = _host_name(headers.get(b"host", b"").decode("latin-1"))
            if host not in self.hosts:
                if scope["type"] == "websocket":
                    await send({"type": "websocket.close", "code": 1008})
                    return
                response = _plain_or_openai(path, 400, "unknown Host header", "invalid_host")
                await response(scope, receive, send)
                return
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        length = headers.get(b"content-length")
        cap = self.larger.get(path, self.max_body)
        too_big = _plain_or_openai(path, 413, f"request body over {cap} bytes", "request_too_large")
        too_big.headers["Connection"] = "close"
        if length is not None:
            try:
                declared = int(length)
            except ValueError:
                declared = -1
            if declared < 0 or declared > cap:
                await too_big(scope, receive, send)
                return
        elif b"chunked" not in headers.get(b"transfer-encoding", b"").lower():
            await self.app(scope, receive, send)  # no body at all (GET, HEAD)
            return
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > cap:
                await too_big(scope, receive, send)
                return
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        body = b"".join(chunks)
        del chunks
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)


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
            "retrieval": getattr(retriever, "mode", None)
            or ("keyword-only" if getattr(retriever, "degraded", False) else "hybrid"),
        }

    if ui:
        _mount_ui(app, bot, host, port)
    app.add_middleware(BearerKey, key=key)
    app.add_middleware(EdgeLimits, max_body=MAX_BODY_BYTES, hosts=allowed_hosts(host))
    app.state.assistant = bot
    return app


def _mount_ui(app: FastAPI, bot: Any, host: str, port: int) -> None:
    import gradio as gr

    from assistant.app.layout import build_app
    from assistant.app.server import launch_options

    os.environ["GRADIO_ANALYTICS_ENABLED"] = "False"
    blocks = build_app(bot)
    blocks.queue(default_concurrency_limit=2, max_size=QUEUE_MAX_SIZE)
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
        auth=options.get("auth"),
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
    from assistant.api.exposure import private_temp_dir

    private_temp_dir()
    return create_app(host=host, port=port, ui=ui, build=build)
