"""Exposure settings `city-ai serve` reads before anything else loads: the login (CITY_AI_AUTH), the warning on a
non-loopback bind, and the process's own temporary folder (Gradio's files, CSV downloads), removed at exit.

Kept out of assistant.app so the temporary folder is in place before the app modules are imported.
"""

from __future__ import annotations

import atexit
import os
import shutil
import signal
import tempfile
import threading

LOOPBACK_NAMES = ("127.0.0.1", "localhost", "::1", "[::1]")


def is_loopback(host: str) -> bool:
    return host in LOOPBACK_NAMES or host.startswith("127.")


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
    # uvicorn re-raises SIGTERM after its graceful shutdown; with the default action the process would die
    # there without running atexit, so SIGTERM becomes a normal exit (status 143) that removes the folder.
    if (
        threading.current_thread() is threading.main_thread()
        and signal.getsignal(signal.SIGTERM) == signal.SIG_DFL
    ):
        signal.signal(signal.SIGTERM, _exit_on_signal)
    return folder


def _exit_on_signal(signum: int, _frame: object) -> None:
    raise SystemExit(128 + signum)


def exposure_warning(host: str) -> str | None:
    """The loud warning `serve` prints on a non-loopback bind; None on loopback."""
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
