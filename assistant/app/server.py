"""Launching: loopback by default, no share link, no analytics, errors logged rather than shown."""

from __future__ import annotations

import atexit
import os
import shutil
import sys
import tempfile
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


def auth_from_env() -> tuple[str, str] | None:
    """CITY_AI_AUTH=user:password, or None (the page is open: keep it on loopback)."""
    value = os.environ.get("CITY_AI_AUTH", "")
    user, sep, password = value.partition(":")
    if not value:
        return None
    if not sep or not user or not password:
        raise SystemExit("city-ai serve: CITY_AI_AUTH must be user:password")
    return (user, password)


def private_temp_dir() -> str:
    """A temporary folder of this process's own for Gradio's files and the CSV downloads, removed at exit.

    Sets GRADIO_TEMP_DIR and the tempfile default, so it must run before the app is built. Idempotent."""
    current = os.environ.get("CITY_AI_TEMP_DIR")
    if current and os.environ.get("CITY_AI_TEMP_PID") == str(os.getpid()):
        return current
    folder = tempfile.mkdtemp(prefix=f"city-ai-{os.getpid()}-")
    os.environ.update(CITY_AI_TEMP_DIR=folder, CITY_AI_TEMP_PID=str(os.getpid()), GRADIO_TEMP_DIR=folder)
    tempfile.tempdir = folder
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    return folder


def exposure_warning(host: str) -> str | None:
    """The loud warning `serve` prints on a non-loopback bind; None on loopback."""
    from assistant.api.server import is_loopback

    if is_loopback(host):
        return None
    missing = []
    if not os.environ.get("CITY_AI_AUTH"):
        missing.append("the page has no login (set CITY_AI_AUTH=user:password)")
    if not os.environ.get("CITY_AI_API_KEY"):
        missing.append("/v1 and /mcp have no key (set CITY_AI_API_KEY)")
    if not os.environ.get("CITY_AI_ALLOWED_HOSTS"):
        missing.append("any Host header is accepted (set CITY_AI_ALLOWED_HOSTS=name1,name2)")
    lines = [f"WARNING: city-ai is listening on {host}, reachable from other machines."]
    lines += [f"WARNING: {m}" for m in missing] or ["WARNING: login, API key and Host allow-list are set."]
    return "\n".join(lines)


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
