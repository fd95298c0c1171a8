"""Limits at the edge, the same everywhere: body size, question and history caps, deep JSON, Host header.

A real `city-ai serve` on a free loopback port; every request goes to 127.0.0.1 and every loop is bounded.
"""

from __future__ import annotations

import glob
import http.client
import json
import os
import socket
import tempfile
import threading
import time
from pathlib import Path

import pytest
from served import serve

from assistant.api.server import allowed_hosts
from assistant.app.server import exposure_warning
from assistant.core import Assistant, capped_history
from assistant.text import MAX_BODY_BYTES, MAX_HISTORY_MESSAGES, MAX_MESSAGE_CHARS, MAX_QUESTION_CHARS

QUESTION = "苏州排第几？"


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    log = tmp_path_factory.mktemp("limits") / "serve.log"
    with serve(log=log) as url:
        yield url, log


def _port(url: str) -> int:
    return int(url.rstrip("/").rsplit(":", 1)[1])


def _rss_kb(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise RuntimeError("no VmRSS")


def _server_pid(port: int) -> int:
    """The pid listening on the port (the serve process the fixture started)."""
    inode = None
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            fields = line.split()
            if int(fields[1].rsplit(":", 1)[1], 16) == port and fields[3] == "0A":
                inode = fields[9]
    assert inode is not None
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            for fd in os.listdir(f"/proc/{pid}/fd"):
                if os.readlink(f"/proc/{pid}/fd/{fd}") == f"socket:[{inode}]":
                    return int(pid)
        except OSError:
            continue
    raise RuntimeError("server pid not found")


def _post(port: int, path: str, body: bytes, headers: dict[str, str] | None = None, timeout: float = 10):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.putrequest("POST", path)
        for name, value in {"Content-Type": "application/json", **(headers or {})}.items():
            conn.putheader(name, value)
        conn.putheader("Content-Length", str(len(body)))
        conn.endheaders()
        try:
            conn.send(body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # refused before the body was read: the answer is already waiting
        response = conn.getresponse()
        return response.status, response.read(), dict(response.getheaders())
    finally:
        conn.close()


def _chat(question: str, history: list[dict] | None = None) -> bytes:
    messages = [*(history or []), {"role": "user", "content": question}]
    return json.dumps({"model": "city-ai", "messages": messages}, ensure_ascii=False).encode()


def test_a_10_mb_request_is_refused_at_once_and_memory_stays_flat(served) -> None:
    url, _ = served
    port = _port(url)
    pid = _server_pid(port)
    big = b'{"model": "city-ai", "messages": [{"role": "user", "content": "' + b"x" * 10_000_000 + b'"}]}'
    status, body, _ = _post(port, "/v1/chat/completions", big)
    assert status == 413 and json.loads(body)["error"]["code"] == "request_too_large"
    before = _rss_kb(pid)
    slowest = 0.0
    for path in ["/v1/chat/completions", "/mcp", "/gradio_api/queue/join", "/ask"] * 5:
        start = time.perf_counter()
        status, body, _ = _post(port, path, big)
        slowest = max(slowest, time.perf_counter() - start)
        assert status == 413, (path, status, body[:200])
    after = _rss_kb(pid)
    print(f"10 MB refused: slowest {slowest * 1000:.0f} ms; RSS {before / 1024:.0f} -> {after / 1024:.0f} MB")
    assert slowest < 1.0
    assert after - before < 20 * 1024  # 20 x 10 MB = 200 MB if any of them were held


def test_the_page_queue_takes_a_saved_conversation_but_nothing_else_does(served) -> None:
    """A reload sends the conversation saved in the browser (~300 KB for 30 turns) to the page's queue."""
    port = _port(served[0])
    body = json.dumps({"data": ["x" * 300_000], "fn_index": 0, "session_hash": "limits"}).encode()
    assert _post(port, "/gradio_api/queue/join", body)[0] != 413
    assert _post(port, "/v1/chat/completions", body)[0] == 413
    assert _post(port, "/mcp", body)[0] == 413


def test_a_chunked_body_over_the_cap_is_refused_as_it_arrives(served) -> None:
    port = _port(served[0])
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(
            b"POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
            b"Transfer-Encoding: chunked\r\n\r\n"
        )
        chunk = b"x" * 16_384
        try:
            for _ in range(MAX_BODY_BYTES // len(chunk) + 2):
                sock.sendall(b"%x\r\n%s\r\n" % (len(chunk), chunk))
        except OSError:
            pass
        assert sock.recv(4096).startswith(b"HTTP/1.1 413")


def test_deeply_nested_json_is_a_clear_400(served) -> None:
    port = _port(served[0])
    status, body, _ = _post(port, "/v1/chat/completions", b"[" * 30_000 + b"]" * 30_000)
    assert status == 400 and "nested too deeply" in json.loads(body)["error"]["message"]
    status, _, _ = _post(port, "/mcp", b"[" * 30_000 + b"]" * 30_000,
                         {"Accept": "application/json, text/event-stream"})  # fmt: skip
    assert 400 <= status < 500
    deep = b'{"data": [], "fn_index": 0, "session_hash": "x", "x": ' + b"[" * 30_000 + b"]" * 30_000 + b"}"
    for path in ("/gradio_api/queue/join", "/gradio_api/call/ask", "/gradio_api/run/predict"):
        assert _post(port, path, deep)[0] == 400, path  # Gradio's own "error parsing the body", not a 500


def test_a_foreign_host_header_is_refused(served) -> None:
    port = _port(served[0])
    for host in ("evil.example", f"evil.example:{port}", "127.0.0.1.evil.example"):
        for path in ("/", "/v1/models", "/healthz"):
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            conn.request("GET", path, headers={"Host": host})
            response = conn.getresponse()
            assert response.status == 400, (host, path)
            conn.close()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    conn.request("GET", "/healthz", headers={"Host": f"localhost:{port}"})
    assert conn.getresponse().status == 200


def test_a_36_mb_history_does_not_delay_a_normal_question(served) -> None:
    port = _port(served[0])
    _post(port, "/v1/chat/completions", _chat(QUESTION))  # warm
    start = time.perf_counter()
    status, _, _ = _post(port, "/v1/chat/completions", _chat(QUESTION))
    alone = time.perf_counter() - start
    assert status == 200
    huge = _chat(QUESTION, [{"role": "user", "content": "深圳" * 9_000_000}])  # 36 MB+ of UTF-8
    statuses: list[int] = []
    stop = time.monotonic() + 8

    def flood() -> None:
        while time.monotonic() < stop:
            statuses.append(_post(port, "/v1/chat/completions", huge, timeout=30)[0])

    threads = [threading.Thread(target=flood) for _ in range(2)]
    for t in threads:
        t.start()
    time.sleep(0.3)
    start = time.perf_counter()
    status, body, _ = _post(port, "/v1/chat/completions", _chat(QUESTION))
    beside = time.perf_counter() - start
    for t in threads:
        t.join(timeout=40)
    print(f"normal question: {alone * 1000:.0f} ms alone, {beside * 1000:.0f} ms beside 36 MB histories")
    assert status == 200 and "苏州" in json.loads(body)["choices"][0]["message"]["content"]
    assert statuses and set(statuses) == {413}
    assert beside < alone + 1.0


def test_caps_apply_to_the_python_api_before_cleaning() -> None:
    bot = Assistant.from_defaults(build=False, lazy=True)
    history = [
        {"role": "user", "content": "深圳" * 18_000_000},
        {"role": "assistant", "content": "好" * 10**6},
    ]
    history += [{"role": "user", "content": "苏州排第几？"}] * 1000
    capped = capped_history(history)
    assert len(capped) <= MAX_HISTORY_MESSAGES
    assert all(len(m["content"]) <= MAX_MESSAGE_CHARS for m in capped)
    start = time.perf_counter()
    reply = bot.ask("它的GDP呢？", history=history)
    took = time.perf_counter() - start
    assert reply.intent != "error" and took < 5, (reply.intent, took)
    start = time.perf_counter()
    reply = bot.ask("苏" * 40_000_000)  # 40 M characters: refused on its length, never normalised
    assert time.perf_counter() - start < 1.0
    assert str(MAX_QUESTION_CHARS) in reply.text


def test_exposure_settings() -> None:
    assert allowed_hosts("127.0.0.1", "") == {"127.0.0.1", "localhost", "::1"}
    assert allowed_hosts("0.0.0.0", "") is None
    assert "city.example" in allowed_hosts("0.0.0.0", "city.example")
    assert allowed_hosts("127.0.0.1", "*") is None
    assert exposure_warning("127.0.0.1") is None
    assert "WARNING" in exposure_warning("0.0.0.0")


def test_login_key_and_allow_list_when_exposed(tmp_path) -> None:
    env = {
        "CITY_AI_AUTH": "ana:s3cret-pass",
        "CITY_AI_API_KEY": "k-123",
        "CITY_AI_ALLOWED_HOSTS": "city.example",
    }
    with serve("--no-ui", env=env, log=tmp_path / "serve.log") as url:
        port = _port(url)

        def get(path: str, host: str, headers: dict[str, str] | None = None) -> int:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            conn.request("GET", path, headers={"Host": host, **(headers or {})})
            status = conn.getresponse().status
            conn.close()
            return status

        assert get("/healthz", "city.example") == 200
        assert get("/healthz", f"city.example:{port}") == 200
        assert get("/healthz", "other.example") == 400
        assert get("/v1/models", "city.example") == 401
        assert get("/v1/models", "city.example", {"Authorization": "Bearer k-123"}) == 200
        folders = glob.glob(os.path.join(tempfile.gettempdir(), f"city-ai-{_server_pid(port)}-*"))
        assert len(folders) == 1  # the process's own temporary folder (GRADIO_TEMP_DIR, CSV downloads)
    assert not os.path.exists(folders[0])  # removed when the server stopped (SIGTERM)
