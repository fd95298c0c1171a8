"""`city-ai serve --workers 2`: two processes behind one port, one shared Chroma server, each carrying load.

Bounded: each server gets a fixed budget of requests and a time limit (benchmarks/load_test.py, loopback only).
"""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

import httpx
import pytest
from served import serve

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
import load_test  # noqa: E402

pytestmark = pytest.mark.slow


def test_two_workers_share_the_port_and_every_interface_works(tmp_path) -> None:
    with serve("--workers", "2", log=tmp_path / "serve.log") as url:
        pids = {httpx.get(url + "healthz").json()["pid"] for _ in range(8)}
        assert len(pids) == 2  # stateless paths go to both workers
        assert all(
            httpx.get(url + "healthz").json()["retrieval"] == "hybrid" for _ in range(2)
        )  # shared Chroma

        chat = httpx.post(
            url + "v1/chat/completions",
            json={"model": "city-ai", "messages": [{"role": "user", "content": "深圳的算力"}]},
            timeout=120,
        )
        assert chat.status_code == 200 and chat.json()["city_ai"]["sources"]

        from gradio_client import (
            Client,
        )  # the page's own API: its queue lives in one worker, kept by affinity

        for _ in range(3):
            reply = Client(url, verbose=False).predict("苏州排第几", "[]", api_name="/ask")
            assert "第6" in reply["text"]

        from mcp import Client as MCPClient

        async def call():
            async with MCPClient(url + "mcp") as client:
                return await client.call_tool("city_rank", {"city": "杭州"})

        assert asyncio.run(call()).structured_content["rank"] == 5


def test_one_and_two_workers_both_carry_a_concurrent_load() -> None:
    """Correctness under load only: the throughput gain of a second worker is a speed goal, measured and printed
    by `python benchmarks/load_test.py` (a timed assertion here would fail on a busy machine, not on a bug)."""
    one = load_test.one_server(1, n=300, clients=12, time_limit=90, seed=1, api="openai")
    two = load_test.one_server(2, n=300, clients=12, time_limit=90, seed=1, api="openai")
    for result in (one, two):  # wrong answers are tests/test_question_set.py's business; here: none failed
        assert not result["errors"] and not result["probe_failures"], result
        assert result["answered"] >= 250
    print(load_test.comparison(one, two))
