"""Fixture helpers: the real app (real Assistant, real store) served on 127.0.0.1 at a free port.

Both app test modules import `app_server`; the server is started once per test session and shared (pytest
would otherwise build one per importing module), then closed when the last user tears down.
"""

from __future__ import annotations

import os
import socket
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass

import pytest

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

STARTUP_TIMEOUT = 120.0


@dataclass
class Served:
    """A running app: its URL, the Blocks and the Assistant behind it."""

    url: str
    app: object
    bot: object
    users: int = 0


_served: Served | None = None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until_up(url: str, timeout: float = STARTUP_TIMEOUT) -> None:
    """Poll the page until it answers 200 (launch returns before uvicorn is always ready)."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        if time.monotonic() > deadline:
            raise RuntimeError(f"the app did not come up at {url} within {timeout:.0f}s")
        time.sleep(0.25)


def start() -> Served:
    """Build the Assistant from defaults (opens, or if needed builds, the passage store) and launch."""
    global _served
    if _served is None:
        from assistant.app import build_app, launch_background
        from assistant.core import Assistant

        bot = Assistant.from_defaults()
        app = build_app(bot)
        url = launch_background(app, host="127.0.0.1", port=free_port())
        wait_until_up(url)
        _served = Served(url=url, app=app, bot=bot)
    return _served


def stop(served: Served) -> None:
    global _served
    served.users -= 1
    if served.users <= 0 and _served is served:
        served.app.close()
        _served = None


@pytest.fixture(scope="session")
def app_server() -> Iterator[Served]:
    """The real app, shared by the whole session; closed at the end."""
    served = start()
    served.users += 1
    yield served
    stop(served)
