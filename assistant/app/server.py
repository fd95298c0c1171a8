"""Launching: loopback by default, no share link, no analytics, errors logged rather than shown."""

from __future__ import annotations

import os
import sys
from typing import Any

import gradio as gr

from assistant.api.exposure import auth_from_env, exposure_warning, private_temp_dir
from assistant.app.theme import CSS, theme

__all__ = [
    "auth_from_env",
    "exposure_warning",
    "launch_background",
    "launch_options",
    "private_temp_dir",
    "serve",
]


def launch_options(host: str = "127.0.0.1", port: int = 7860) -> dict[str, Any]:
    """Keyword arguments for Blocks.launch(): the safe settings shared by `serve` and the tests."""
    return {
        "server_name": host,
        "server_port": port,
        "share": False,
        "show_error": False,  # tracebacks stay in the server log; the Assistant already replies politely
        "inbrowser": False,
        "max_file_size": "1kb",  # nothing is uploaded (no upload field); this refuses anything that tries
        "auth": auth_from_env(),  # CITY_AI_AUTH=user:password puts the page behind Gradio's login
        "enable_monitoring": False,
        "state_session_capacity": 1000,  # per-session state copies: ~140 MB at most instead of ~1.4 GB under load
        "mcp_server": False,
        "pwa": False,
        "ssr_mode": False,
        "footer_links": ["api"],
        "theme": theme(),
        "css": CSS,
    }


def serve(host: str = "127.0.0.1", port: int = 7860, workers: int = 1, ui: bool = True) -> int:
    """`city-ai serve`: the Gradio app at /, the OpenAI-compatible API at /v1 and MCP tools at /mcp, on one port.

    One worker: one uvicorn process (builds the passage store if it is missing). Several: see
    assistant.api.workers (one shared Chroma server, the index built once first, a session-affine front).
    """
    os.environ["GRADIO_ANALYTICS_ENABLED"] = "False"
    auth_from_env()  # a malformed CITY_AI_AUTH stops here, before anything loads
    warning = exposure_warning(host)
    if warning:
        print(warning, file=sys.stderr, flush=True)
    if workers > 1:
        from assistant.api.workers import serve_workers

        return serve_workers(host, port, workers, ui=ui)
    import uvicorn

    from assistant.api.server import create_app

    private_temp_dir()

    app = create_app(host=host, port=port, ui=ui)
    print(
        f"city-ai: http://{host}:{port}/  (OpenAI-compatible API: /v1, MCP: /mcp, Gradio API: /ask; see README)",
        flush=True,
    )
    uvicorn.run(app, host=host, port=port, log_level="warning", access_log=False, timeout_keep_alive=30)
    return 0


def launch_background(app: gr.Blocks, host: str = "127.0.0.1", port: int = 7860) -> str:
    """Start the app without blocking (tests); returns its URL."""
    from assistant.api.server import QUEUE_MAX_SIZE

    app.queue(default_concurrency_limit=2, max_size=QUEUE_MAX_SIZE)
    app.launch(prevent_thread_lock=True, quiet=True, **launch_options(host, port))
    return f"http://{host}:{port}/"
