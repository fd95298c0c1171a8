"""A real `city-ai serve` process on a free loopback port, for the API, MCP and worker tests.

Started as users start it (the console script's module, in a subprocess), waited for on /healthz, and stopped
by its own pid (SIGTERM, then SIGKILL after a grace period).
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_healthy(url: str, proc: subprocess.Popen, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"`city-ai serve` exited early with code {proc.returncode}")
        try:
            with urllib.request.urlopen(url + "healthz", timeout=3) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise TimeoutError(f"`city-ai serve` did not answer at {url} within {timeout:.0f} s")


@contextmanager
def serve(
    *args: str, env: dict[str, str] | None = None, timeout: float = 300.0, log: Path | None = None
) -> Iterator[str]:
    """Yield the base URL (ending in /) of `city-ai serve --port <free> *args`."""
    port = free_port()
    full_env = {**os.environ, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1", **(env or {})}
    out = log.open("w") if log else subprocess.DEVNULL
    cmd = [sys.executable, "-m", "assistant.cli", "serve", "--host", "127.0.0.1", "--port", str(port), *args]
    proc = subprocess.Popen(cmd, cwd=ROOT, env=full_env, stdout=out, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/"
    try:
        wait_healthy(url, proc, timeout)
        yield url
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        if log:
            out.close()
