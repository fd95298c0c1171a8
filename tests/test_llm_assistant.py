"""The optional LLM wired into the real Assistant: a verified rewording is shown, a wrong figure never is."""

from __future__ import annotations

import pytest
from fake_openai_server import FakeLLMServer  # tests/ is on sys.path under pytest (rootdir conftest)

from assistant.config import Settings
from assistant.core import Assistant
from assistant.retrieval.hybrid import HybridRetriever
from index_core import load_report


@pytest.fixture(autouse=True)
def direct_loopback(monkeypatch):
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    monkeypatch.setenv("no_proxy", "127.0.0.1,localhost")


def _bot(url: str) -> Assistant:
    settings = Settings(llm_provider="openai", llm_base_url=url, llm_model="scripted", llm_timeout=5.0)
    return Assistant(load_report(), HybridRetriever(settings, dense=False), settings)


def test_verified_rewording_is_shown_and_wrong_figure_falls_back():
    with FakeLLMServer() as server:
        bot = _bot(server.openai_url)
        deterministic = bot.answer("苏州排第几？")
        server.script("苏州在20个样本城市中总指数排名第6名[1]。")
        reply = bot.ask("苏州排第几？")
        assert reply.text.startswith("苏州在20个样本城市中总指数排名第6名")
        assert any("数字已核对" in n or "numbers checked" in n for n in reply.notes)
        server.script("苏州总指数排名第3名[1]。")  # a wrong rank
        wrong = bot.ask("苏州排第几？")
        assert wrong.text == deterministic.text
        assert "第3名" not in wrong.text


def test_streaming_through_the_assistant_ends_in_verified_text():
    with FakeLLMServer() as server:
        bot = _bot(server.openai_url)
        server.script("苏州在20个样本城市中总指数排名第6名[1]。四个一级指标中资源支持力第4名。")
        stream = bot.ask_stream("苏州排第几？")
        shown = list(stream)
        assert shown and shown[-1].startswith("苏州在20个样本城市中总指数排名第6名")
        assert all("第3" not in s for s in shown)


def test_llm_off_is_the_default():
    assert Assistant(load_report(), HybridRetriever(dense=False), Settings()).llm_mode == "off"


# ---- optional LLM parsing: the model may fill the Query when the router is unsure ---------------------------
def _unsure(bot: Assistant, text: str):
    from dataclasses import replace

    from assistant.understanding.query import Operation

    return replace(bot.parse(text), operation=Operation.CLARIFY, confidence=0.2)


def test_llm_reading_fills_the_query_when_valid():
    from assistant.llm.parse import llm_query
    from assistant.understanding.query import Operation

    with FakeLLMServer() as server:
        bot = _bot(server.openai_url)
        server.script(
            '{"operation": "rank", "cities": ["Suzhou"], "dimension": "knowledge", "metric": null, "n": null, "direction": "top", "years": []}'
        )
        query = llm_query(_unsure(bot, "姑苏那边知识这块咋样"), bot._chat_model(), bot.understanding)
        assert (
            query.operation is Operation.RANK
            and query.cities == ("苏州",)
            and query.dimension.key == "knowledge"
        )
        prompt = str(server.requests[-1].body)
        assert "JSON" in prompt and "苏州" in prompt  # the vocabulary is what the model chooses from


@pytest.mark.parametrize(
    "raw",
    [
        '{"operation": "rank", "cities": ["Lhasa"], "dimension": null}',  # not a sample city
        '{"operation": "drop_tables", "cities": ["北京"]}',  # not an operation
        '{"operation": "compare", "cities": ["北京"]}',  # a comparison needs two cities
        "__import__('os').system('ls')",  # not JSON: nothing is executed
        '{"operation": "fact", "cities": ["北京"], "metric": "made_up_metric"}',
    ],
)
def test_llm_reading_that_does_not_check_out_is_dropped(raw):
    from assistant.llm.parse import llm_query

    with FakeLLMServer() as server:
        bot = _bot(server.openai_url)
        before = _unsure(bot, "那个北京怎么说")
        server.script(raw)
        assert llm_query(before, bot._chat_model(), bot.understanding) == before
