"""The /ask API through gradio_client against the real app (no mocks)."""

from __future__ import annotations

import json

import pytest
from app_server import app_server  # noqa: F401  (session fixture)

gradio_client = pytest.importorskip("gradio_client")


@pytest.fixture(scope="module")
def client(app_server):  # noqa: F811
    return gradio_client.Client(app_server.url, verbose=False)


def ask(client, question: str, history: list[dict] | str = "[]") -> dict:
    history_json = history if isinstance(history, str) else json.dumps(history, ensure_ascii=False)
    result = client.predict(question, history_json, api_name="/ask")
    assert isinstance(result, dict)
    return result


def test_endpoint_is_listed(client):
    api = client.view_api(print_info=False, return_format="dict")
    assert "/ask" in api["named_endpoints"]
    names = [p["parameter_name"] for p in api["named_endpoints"]["/ask"]["parameters"]]
    assert names == ["question", "history_json"]


def test_rank_question(client):
    result = ask(client, "苏州排第几？")
    assert result["intent"] == "rank"
    assert result["cities"] == ["苏州"]
    assert "苏州总指数排名第6" in result["text"]
    assert "环境支撑力第6名" in result["text"] and "知识创造力第15名" in result["text"]
    rows = {row["dimension"]: row["苏州"] for row in result["table"]}
    assert rows["总指数"] == 6 and rows["资源支持力"] == 4


def test_compare_returns_table_records_and_sources(client):
    result = ask(client, "比较杭州和南京")
    assert result["intent"] == "compare"
    assert set(result["cities"]) == {"杭州", "南京"}
    total = next(row for row in result["table"] if row["dimension"] == "总指数")
    assert (str(total["杭州"]), str(total["南京"])) == ("5", "10")
    assert "\n---\n" in result["text"]  # the numbered sources block follows the answer
    json.dumps(result)  # everything is JSON-able


def test_explain_cites_report_passages(client):
    result = ask(client, "为什么苏州排名第六？")
    sections = [s["section"] for s in result["sources"]]
    assert any("苏州：产业支撑资源丰富" in s for s in sections)
    assert all({"id", "section", "page", "text"} <= set(s) for s in result["sources"])


def test_follow_up_uses_history(client):
    first = ask(client, "为什么苏州排名第六？")
    history = [
        {"role": "user", "content": "为什么苏州排名第六？"},
        {"role": "assistant", "content": first["text"]},
    ]
    follow = ask(client, "那武汉呢？", history)
    assert follow["cities"] == ["武汉"]
    assert "武汉总指数排名第7" in follow["text"]


def test_english_question(client):
    result = ask(client, "Why does Suzhou rank 6th?")
    assert result["language"] == "en"
    assert "#6" in result["text"]


def test_empty_question_gets_a_clear_reply(client):
    result = ask(client, "")
    assert result["intent"] == "invalid"
    assert "请输入一个问题" in result["text"]


def test_very_long_question_gets_a_clear_reply(client):
    result = ask(client, "苏" * 20_000)
    assert result["intent"] == "invalid"
    assert "太长" in result["text"]


def test_bad_history_json_is_ignored_with_a_note(client):
    result = ask(client, "苏州排第几？", "{not json")
    assert "苏州总指数排名第6" in result["text"]
    assert any("history_json" in n for n in result["notes"])


# --- the pure helpers behind the page (no server needed) ------------------------------------------------


def test_helpers_escape_what_reaches_the_browser():
    from assistant.app.render import escape_user, sources_html
    from assistant.reply import Source

    assert "<" not in escape_user("<script>alert(1)</script>")
    assert escape_user("**x**").startswith("\\*\\*")
    card = sources_html([Source("a", "节 <b>", 3, None, "<img src=x onerror=alert(1)>")])
    assert "<img" not in card and "&lt;img" in card and "第3页" in card


def test_parse_history_never_raises():
    from assistant.app.chat import parse_history

    assert parse_history("") == ([], None)
    assert parse_history('[{"role": "user", "content": "苏州排第几？"}, 5, {"x": 1}]')[0] == [
        {"role": "user", "content": "苏州排第几？"}
    ]
    assert parse_history('{"role": "user"}')[1]
    assert parse_history("[")[1]
