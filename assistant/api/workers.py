"""`city-ai serve --workers N`: N server processes behind one port, sharing one Chroma server.

Each worker is a whole server (`assistant.api.server.create_app`) on a private loopback port; it opens the
passage index and never builds it. The index is built once beforehand (`city-ai index`, run here as a
subprocess that exits before any worker starts). Without CITY_AI_CHROMA_HOST the embedded store's folder is
served by one local `chroma run` process for all workers (an embedded store is one process's).

The public port is a small front (asyncio, HTTP/1.1) that passes each request to a worker:
- /v1 and /mcp are stateless: the worker with the fewest requests in flight answers;
- everything else is the Gradio app, whose queue and session state live in the process that served the page:
  a browser is kept on one worker by a cookie (`city_ai_worker`), or by its Gradio session hash, and a
  `/gradio_api/call/<api>/<event_id>` result is fetched from the worker that issued that event id.
Any other load balancer in front of replicas needs the same: sticky sessions for the page, none for the APIs.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import itertools
import logging
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
import zlib
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path

log = logging.getLogger(__name__)

COOKIE = "city_ai_worker"
STATELESS = (b"/v1/", b"/v1?", b"/mcp", b"/healthz")
START_TIMEOUT = 240.0
_SESSION_QUERY = re.compile(rb"[?&]session_hash=([A-Za-z0-9_-]{1,100})")
_SESSION_PATH = re.compile(rb"^/gradio_api/heartbeat/([A-Za-z0-9_-]{1,100})")
_SESSION_BODY = re.compile(rb'"session_hash"\s*:\s*"([A-Za-z0-9_-]{1,100})"')
_CALL_POST = re.compile(rb"^/gradio_api/call/(?:v2/)?[A-Za-z0-9_-]+/?$")
_CALL_GET = re.compile(rb"^/gradio_api/call/[A-Za-z0-9_-]+/([A-Za-z0-9_-]{1,100})")
_EVENT_ID = re.compile(rb'"event_id"\s*:\s*"([A-Za-z0-9_-]{1,100})"')
_COOKIE = re.compile(COOKIE.encode() + rb"=(\d{1,3})")
MAX_HEAD = 64 * 1024
MAX_BODY = 2 * 1024 * 1024


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket() as s:
        s.bind((host, 0))
        return s.getsockname()[1]


# ---- the front ----------------------------------------------------------------------------------------
@dataclass
class Front:
    """Passes requests to the workers; see the module docstring for the routing rules."""

    backends: list[tuple[str, int]]
    inflight: list[int] = field(default_factory=list)
    events: OrderedDict[bytes, int] = field(default_factory=OrderedDict)
    served: list[int] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.inflight = [0] * len(self.backends)
        self.served = [0] * len(self.backends)
        self._turn = itertools.count()

    def least_busy(self) -> int:
        start = next(self._turn)
        n = len(self.backends)
        return min(((start + i) % n for i in range(n)), key=lambda i: self.inflight[i])

    def route(self, path: bytes, headers: dict[bytes, bytes], body: bytes) -> tuple[int, bool]:
        """(worker index, whether to pin the client with a cookie)."""
        n = len(self.backends)
        if path.startswith(STATELESS) or path == b"/v1":
            return self.least_busy(), False
        match = _CALL_GET.match(path)
        if match and match.group(1) in self.events:
            return self.events[match.group(1)], False
        cookie = _COOKIE.search(headers.get(b"cookie", b""))
        if cookie and int(cookie.group(1)) < n:
            return int(cookie.group(1)), False
        session = (
            _SESSION_QUERY.search(path) or _SESSION_PATH.match(path) or _SESSION_BODY.search(body[:4096])
        )
        if session:
            return zlib.crc32(session.group(1)) % n, True
        return self.least_busy(), True

    async def handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while await self._one(reader, writer):
                pass
        except (ConnectionError, asyncio.IncompleteReadError, asyncio.LimitOverrunError, OSError):
            pass
        finally:
            with contextlib.suppress(Exception):
                writer.close()

    async def _one(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> bool:
        try:
            head = await reader.readuntil(b"\r\n\r\n")
        except asyncio.IncompleteReadError:
            return False
        lines = head[:-4].split(b"\r\n")
        parts = lines[0].split(b" ")
        if len(parts) != 3:
            writer.write(b"HTTP/1.1 400 Bad Request\r\ncontent-length: 0\r\nconnection: close\r\n\r\n")
            return False
        method, path, version = parts
        headers: dict[bytes, bytes] = {}
        kept: list[bytes] = []
        for line in lines[1:]:
            name, _, value = line.partition(b":")
            key = name.strip().lower()
            headers[key] = value.strip()
            if key not in (b"connection", b"keep-alive", b"proxy-connection"):
                kept.append(line)
        if b"chunked" in headers.get(b"transfer-encoding", b"").lower():
            writer.write(b"HTTP/1.1 411 Length Required\r\ncontent-length: 0\r\nconnection: close\r\n\r\n")
            return False
        length = int(headers.get(b"content-length", b"0") or 0)
        if length > MAX_BODY:
            writer.write(b"HTTP/1.1 413 Payload Too Large\r\ncontent-length: 0\r\nconnection: close\r\n\r\n")
            return False
        body = await reader.readexactly(length) if length else b""
        keep_alive = version == b"HTTP/1.1" and headers.get(b"connection", b"").lower() != b"close"

        index, pin = self.route(path, headers, body)
        host, port = self.backends[index]
        self.inflight[index] += 1
        self.served[index] += 1
        try:
            back_reader, back_writer = await asyncio.open_connection(host, port, limit=MAX_HEAD)
        except OSError:
            self.inflight[index] -= 1
            writer.write(b"HTTP/1.1 502 Bad Gateway\r\ncontent-length: 0\r\nconnection: close\r\n\r\n")
            return False
        try:
            back_writer.write(b"\r\n".join([lines[0], *kept, b"connection: close"]) + b"\r\n\r\n" + body)
            await back_writer.drain()
            keep_alive = await self._relay(method, path, back_reader, writer, keep_alive, index, pin)
        finally:
            self.inflight[index] -= 1
            back_writer.close()
        return keep_alive

    async def _relay(
        self,
        method: bytes,
        path: bytes,
        back: asyncio.StreamReader,
        writer: asyncio.StreamWriter,
        keep_alive: bool,
        index: int,
        pin: bool,
    ) -> bool:
        """Copy the worker's response; the client's connection stays open when the response is framed."""
        head = await back.readuntil(b"\r\n\r\n")
        lines = head[:-4].split(b"\r\n")
        status = int(lines[0].split(b" ")[1]) if len(lines[0].split(b" ")) > 1 else 502
        names = {line.partition(b":")[0].strip().lower() for line in lines[1:]}
        chunked = any(
            line.lower().startswith(b"transfer-encoding:") and b"chunked" in line.lower()
            for line in lines[1:]
        )
        framed = b"content-length" in names or chunked or status in (204, 304) or method == b"HEAD"
        keep_alive = keep_alive and framed
        out = [lines[0], *(line for line in lines[1:] if not line.lower().startswith(b"connection:"))]
        if pin:
            out.append(b"set-cookie: " + COOKIE.encode() + b"=%d; Path=/; HttpOnly; SameSite=Lax" % index)
        if not keep_alive:
            out.append(b"connection: close")
        writer.write(b"\r\n".join(out) + b"\r\n\r\n")
        remember = method == b"POST" and _CALL_POST.match(path) is not None
        seen = b""
        while True:
            chunk = await back.read(65536)
            if not chunk:
                break
            if remember and len(seen) < 4096:
                seen += chunk
            writer.write(chunk)
            await writer.drain()
        if remember and (event := _EVENT_ID.search(seen)):
            self.events[event.group(1)] = index
            while len(self.events) > 10_000:
                self.events.popitem(last=False)
        return keep_alive


# ---- the processes ------------------------------------------------------------------------------------
def _wait_healthy(url: str, proc: subprocess.Popen, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"a server process exited early (code {proc.returncode}); see the log above")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise TimeoutError(f"no answer from {url} after {timeout:.0f} s")


def _stop(proc: subprocess.Popen, timeout: float = 15.0) -> None:
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def _chroma_cli() -> str | None:
    beside = Path(sys.executable).parent / "chroma"
    return str(beside) if beside.exists() else shutil.which("chroma")


def _ensure_index(env: dict[str, str]) -> None:
    """`city-ai index` once, in its own process, before any worker starts (an unchanged index: seconds)."""
    cmd = [sys.executable, "-m", "assistant.retrieval.indexing", "--quiet"]
    result = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=900)
    if result.returncode != 0:
        print(f"city-ai serve: indexing failed, workers will use keyword search only: {result.stderr.strip()}",
              file=sys.stderr)  # fmt: skip
    else:
        print(result.stdout.strip(), flush=True)


def serve_workers(host: str, port: int, workers: int, ui: bool = True) -> int:
    """Build the index once, share one Chroma server, start the workers, then run the front until stopped."""
    from assistant.config import Settings

    settings = Settings.from_env()
    env = dict(os.environ)
    children: list[subprocess.Popen] = []
    chroma: subprocess.Popen | None = None
    try:
        if not settings.server_mode:
            _ensure_index(env)
            cli = _chroma_cli()
            if cli is None:
                print("city-ai serve: the chroma CLI is missing; set CITY_AI_CHROMA_HOST", file=sys.stderr)
                return 2
            chroma_port = free_port()
            log_path = settings.home / "chroma-server.log"
            log_path.parent.mkdir(parents=True, exist_ok=True)
            with log_path.open("ab") as chroma_log:
                chroma = subprocess.Popen(
                    [
                        cli,
                        "run",
                        "--path",
                        str(settings.store_dir),
                        "--host",
                        "127.0.0.1",
                        "--port",
                        str(chroma_port),
                    ],
                    stdout=chroma_log,
                    stderr=subprocess.STDOUT,
                )
            _wait_healthy(f"http://127.0.0.1:{chroma_port}/api/v2/heartbeat", chroma, 90)
            env.update(CITY_AI_CHROMA_HOST="127.0.0.1", CITY_AI_CHROMA_PORT=str(chroma_port))
            print(f"shared Chroma server: 127.0.0.1:{chroma_port} serving {settings.store_dir}", flush=True)
        env.update(
            CITY_AI_SERVE_HOST=host, CITY_AI_SERVE_PORT=str(port), CITY_AI_SERVE_UI="1" if ui else "0",
            CITY_AI_SERVE_BUILD="0",  # workers open the index, never build it
        )  # fmt: skip
        ports = [free_port() for _ in range(workers)]
        for worker_port in ports:
            cmd = [sys.executable, "-m", "assistant.api.workers", "--child", "--port", str(worker_port)]
            children.append(subprocess.Popen(cmd, env=env))
        for worker_port, child in zip(ports, children, strict=True):
            _wait_healthy(f"http://127.0.0.1:{worker_port}/healthz", child, START_TIMEOUT)
        front = Front([("127.0.0.1", p) for p in ports])
        print(f"city-ai: http://{host}:{port}/  ({workers} workers; API /v1, MCP /mcp)", flush=True)
        asyncio.run(_run_front(front, host, port, children))
        return 0
    except KeyboardInterrupt:
        return 130
    finally:
        for child in children:
            _stop(child)
        if chroma is not None:
            _stop(chroma)


async def _run_front(front: Front, host: str, port: int, children: list[subprocess.Popen]) -> None:
    server = await asyncio.start_server(front.handle, host, port, limit=MAX_HEAD, backlog=512)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        with contextlib.suppress(NotImplementedError):
            loop.add_signal_handler(sig, stop.set)
    async with server:
        while not stop.is_set():
            if any(child.poll() is not None for child in children):
                print("city-ai serve: a worker stopped; shutting down", file=sys.stderr)
                break
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(stop.wait(), timeout=1.0)


def _child(port: int) -> None:
    import uvicorn

    from assistant.api.exposure import private_temp_dir

    private_temp_dir()  # here, in the main thread before uvicorn's signal handling: removed on SIGTERM too
    uvicorn.run(
        "assistant.api.server:app_from_env",
        factory=True,
        host="127.0.0.1",
        port=port,
        log_level="warning",
        access_log=False,
        timeout_keep_alive=30,
    )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(
        description="one city-ai worker (started by `city-ai serve --workers N`)"
    )
    parser.add_argument("--child", action="store_true")
    parser.add_argument("--port", type=int, required=True)
    args = parser.parse_args()
    _child(args.port)
