"""A real loopback HTTP server that speaks just enough OpenAI and Ollama chat protocol to test the LLM path.

Why a server and not a mock: the rewriter must survive what real clients see (SSE framing, timeouts, broken
JSON, refused connections), and LangChain's ChatOpenAI/ChatOllama should run unmodified against it.
Replies are scripted in a FIFO queue; every request body is recorded for assertions on the prompt.
"""

from __future__ import annotations

import json
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class Scripted:
    """One scripted answer: text split into `chunks` (or pieces of `chunk_size`), or a raw body verbatim."""

    content: str = ""
    chunks: list[str] | None = None
    chunk_size: int = 5
    delay: float = 0.0  # before the response starts
    chunk_delay: float = 0.0  # between streamed chunks
    raw_body: str | None = None  # sent as-is with status 200 (malformed output)
    status: int = 200

    def pieces(self) -> list[str]:
        if self.chunks is not None:
            return list(self.chunks)
        size = max(1, self.chunk_size)
        return [self.content[i : i + size] for i in range(0, len(self.content), size)] or [""]


@dataclass
class Recorded:
    path: str
    body: dict[str, Any]


@dataclass
class FakeLLMServer:
    """Threaded server on 127.0.0.1:<free port>; use as a context manager."""

    replies: deque[Scripted] = field(default_factory=deque)
    requests: list[Recorded] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._stopping = threading.Event()
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self._httpd.daemon_threads = True
        self._httpd.fake = self  # type: ignore[attr-defined]
        self._thread = threading.Thread(target=self._httpd.serve_forever, name="fake-llm", daemon=True)

    @property
    def url(self) -> str:
        host, port = self._httpd.server_address[:2]
        return f"http://{host}:{port}"

    @property
    def openai_url(self) -> str:
        """What CITY_AI_LLM_BASE_URL would be for an OpenAI-compatible server (vLLM, llama.cpp)."""
        return f"{self.url}/v1"

    def script(self, *replies: Scripted | str) -> None:
        for reply in replies:
            self.replies.append(reply if isinstance(reply, Scripted) else Scripted(content=reply))

    def next_reply(self) -> Scripted | None:
        return self.replies.popleft() if self.replies else None

    def sleep(self, seconds: float) -> None:
        """Interruptible sleep, so stopping the server does not wait for a scripted delay."""
        if seconds > 0:
            self._stopping.wait(seconds)

    def __enter__(self) -> FakeLLMServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stopping.set()
        self._httpd.shutdown()
        self._httpd.server_close()


def _completion(model: str, content: str) -> dict[str, Any]:
    return {
        "id": "chatcmpl-fake",
        "object": "chat.completion",
        "created": int(time.time()),
        "model": model,
        "choices": [
            {"index": 0, "message": {"role": "assistant", "content": content}, "finish_reason": "stop"}
        ],
        "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
    }


def _chunk(model: str, delta: dict[str, Any], finish: str | None = None) -> dict[str, Any]:
    return {
        "id": "chatcmpl-fake",
        "object": "chat.completion.chunk",
        "created": int(time.time()),
        "model": model,
        "choices": [{"index": 0, "delta": delta, "finish_reason": finish}],
    }


def _ollama(model: str, content: str, done: bool) -> dict[str, Any]:
    message: dict[str, Any] = {
        "model": model,
        "created_at": "2021-09-01T00:00:00Z",
        "message": {"role": "assistant", "content": content},
        "done": done,
    }
    if done:
        message |= {"done_reason": "stop", "total_duration": 1, "eval_count": 1, "prompt_eval_count": 1}
    return message


class _Handler(BaseHTTPRequestHandler):
    server_version = "FakeLLM/1.0"

    def log_message(self, format: str, *args: Any) -> None:  # keep pytest output clean
        return

    @property
    def fake(self) -> FakeLLMServer:
        return self.server.fake  # type: ignore[attr-defined]

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length)
        try:
            body = json.loads(raw or b"{}")
        except json.JSONDecodeError:
            body = {"_raw": raw.decode("utf-8", "replace")}
        self.fake.requests.append(Recorded(self.path, body))
        reply = self.fake.next_reply()
        try:
            if reply is None:
                return self._send_json(500, {"error": {"message": "no scripted reply left"}})
            self.fake.sleep(reply.delay)
            if reply.raw_body is not None:
                return self._send_raw(reply.status, reply.raw_body.encode())
            model = str(body.get("model") or "fake")
            if self.path.rstrip("/") == "/v1/chat/completions":
                return self._openai(body, reply, model)
            if self.path.rstrip("/") == "/api/chat":
                return self._ollama(body, reply, model)
            return self._send_json(404, {"error": f"no route {self.path}"})
        except (BrokenPipeError, ConnectionResetError):
            return None  # the client gave up (timeout test): nothing to do

    def _openai(self, body: dict[str, Any], reply: Scripted, model: str) -> None:
        if not body.get("stream"):
            return self._send_json(reply.status, _completion(model, reply.content))
        self._start_stream("text/event-stream")
        self._event(_chunk(model, {"role": "assistant", "content": ""}))
        for piece in reply.pieces():
            self.fake.sleep(reply.chunk_delay)
            self._event(_chunk(model, {"content": piece}))
        self._event(_chunk(model, {}, finish="stop"))
        self.wfile.write(b"data: [DONE]\n\n")
        self.wfile.flush()

    def _ollama(self, body: dict[str, Any], reply: Scripted, model: str) -> None:
        if body.get("stream") is False:
            return self._send_json(reply.status, _ollama(model, reply.content, done=True))
        self._start_stream("application/x-ndjson")
        for piece in reply.pieces():
            self.fake.sleep(reply.chunk_delay)
            self._line(_ollama(model, piece, done=False))
        self._line(_ollama(model, "", done=True))

    def _start_stream(self, content_type: str) -> None:
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Cache-Control", "no-cache")
        self.end_headers()  # HTTP/1.0: closing the connection ends the body

    def _event(self, payload: dict[str, Any]) -> None:
        self.wfile.write(f"data: {json.dumps(payload, ensure_ascii=False)}\n\n".encode())
        self.wfile.flush()

    def _line(self, payload: dict[str, Any]) -> None:
        self.wfile.write((json.dumps(payload, ensure_ascii=False) + "\n").encode())
        self.wfile.flush()

    def _send_json(self, status: int, payload: dict[str, Any]) -> None:
        self._send_raw(status, json.dumps(payload, ensure_ascii=False).encode())

    def _send_raw(self, status: int, data: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)
