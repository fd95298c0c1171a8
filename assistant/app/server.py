"""Launching: loopback by default, no share link, no analytics, errors logged rather than shown."""

from __future__ import annotations

import os
from typing import Any

import gradio as gr

from assistant.app.theme import CSS, theme


def launch_options(host: str = "127.0.0.1", port: int = 7860) -> dict[str, Any]:
    """Keyword arguments for Blocks.launch(): the safe settings shared by `serve` and the tests."""
    return {
        "server_name": host,
        "server_port": port,
        "share": False,
        "show_error": False,  # tracebacks stay in the server log; the Assistant already replies politely
        "inbrowser": False,
        "max_file_size": "1mb",  # nothing is uploaded; this only bounds abuse
        "enable_monitoring": False,
        "state_session_capacity": 1000,  # per-session state copies: ~140 MB at most instead of ~1.4 GB under load
        "mcp_server": False,
        "pwa": False,
        "ssr_mode": False,
        "footer_links": ["api"],
        "theme": theme(),
        "css": CSS,
    }


def serve(host: str = "127.0.0.1", port: int = 7860) -> None:
    """`city-ai serve`: build the Assistant once (opens the passage store) and serve until interrupted."""
    os.environ["GRADIO_ANALYTICS_ENABLED"] = "False"
    from assistant.app.layout import build_app

    app = build_app()
    print(f"city-ai app: http://{host}:{port}/  (API: /ask, see docs/app.md)", flush=True)
    app.queue(default_concurrency_limit=2)
    app.launch(**launch_options(host, port))


def launch_background(app: gr.Blocks, host: str = "127.0.0.1", port: int = 7860) -> str:
    """Start the app without blocking (tests); returns its URL."""
    app.queue(default_concurrency_limit=2)
    app.launch(prevent_thread_lock=True, quiet=True, **launch_options(host, port))
    return f"http://{host}:{port}/"
