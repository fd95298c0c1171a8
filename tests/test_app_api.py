"""The /ask API through gradio_client against the real app (no mocks)."""

from __future__ import annotations

import json
import re

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


def test_numbered_body_and_references(client):
    """`body` is the answer for readers: every citation a [n], passage ids included, one reference per number."""
    result = ask(client, "为什么苏州排名第六？")
    assert "[s3.6-p01]" in result["text"]  # the text keeps its ids for existing clients
    assert "[s3." not in result["body"] and "\n---\n" not in result["body"]
    numbers = [r["n"] for r in result["references"]]
    assert numbers == sorted(set(numbers))
    cited = {int(n) for n in re.findall(r"\[(\d+)\]", result["body"])}
    assert set(numbers) == cited
    passage = next(r for r in result["references"] if r["kind"] == "passage")
    assert passage["source_id"] and passage["page"]


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
    assert "6th" in result["text"]


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


def test_reference_numbering_rules():
    """One number per source; passage ids and section-and-page citations become numbers; nothing uncited."""
    from assistant.citations import reference
    from assistant.reply import Source

    facts = [
        {
            "n": 1,
            "label": "北京 表2排名",
            "value": "1",
            "city": "北京",
            "section": "表2",
            "quote": "北京市 1",
        },
        {
            "n": 2,
            "label": "苏州 GDP",
            "value": "20170.45",
            "unit": "亿元",
            "city": "苏州",
            "section": "苏州",
            "quote": "GDP 20170.45亿元，增长3.4%",
        },
        {
            "n": 2,
            "label": "苏州 增速",
            "value": "3.4",
            "unit": "%",
            "city": "苏州",
            "section": "苏州",
            "quote": "GDP 20170.45亿元，增长3.4%",
        },
    ]
    sources = [
        Source("s1-p01", "一、总体", 3, None, "全文一"),
        Source("s2-p02", "二、苏州", 27, "苏州", "全文二"),
        Source("s9-p09", "九、别处", 40, None, "全文三"),
    ]
    text = "1. 北京\n苏州GDP为20170.45亿元[2]，增长3.4%[2]。\n> 引文 — 一、总体，第3页 [s1-p01]\n**答**（二、苏州，第27页）\n---\n出处"
    ref = reference(text, facts, sources, "zh")
    assert [r.n for r in ref.references] == [1, 2, 3, 4, 5]
    assert ref.references[1].figures == (("苏州 GDP", "20170.45亿元"), ("苏州 增速", "3.4%"))
    assert "1. 北京[1]" in ref.body  # an uncited row gets its marker on the line naming its city
    assert "第3页 [3]" in ref.body and "[s1-p01]" not in ref.body
    assert "第27页 [4]" in ref.body
    assert ref.body.endswith("相关出处：[5]")  # a passage the body never names is still cited
    assert ref.cited() == {1, 2, 3, 4, 5}


def test_tables_show_people_names_and_numbers(app_server):  # noqa: F811
    from assistant.app.tables import human_table

    bot = app_server.bot
    snake = re.compile(r"^[a-z][a-z0-9]*(?:_[a-z0-9]+)+$")
    for question in (
        "比较杭州和南京",
        "Compare Hangzhou and Nanjing",
        "武汉有哪些人工智能政策？",
        "苏州有多少人工智能企业",
        "苏州的排名稳吗",
        "如果知识创造力权重加倍，苏州排第几？",
        "指标体系是怎样的",
        "哪个城市的组织环境最好",
    ):
        reply = bot.ask(question)
        table = human_table(reply.table, reply.language, bot.report)
        assert table is not None, question
        assert not [h for h in table.headers if snake.match(h) or h in ("city", "leader", "qualifier")], (
            question
        )
        for j, column in enumerate(table.columns):
            if column.kind == "num":  # numbers sort as numbers
                assert all(
                    c.key is None or isinstance(c.key, float | int) for c in (r[j] for r in table.rows)
                )
    compare = human_table(bot.ask("比较杭州和南京").table, "zh", bot.report)
    gdp = next(c for c in compare.columns if c.name == "地区生产总值")
    assert gdp.unit == "亿元" and gdp.kind == "num"
    english = human_table(bot.ask("Compare Hangzhou and Nanjing").table, "en", bot.report)
    assert english.headers[0] == "City" and english.rows[0][0].text == "Hangzhou"
    enterprises = human_table(bot.ask("苏州有多少人工智能企业").table, "zh", bot.report)
    value = next(j for j, c in enumerate(enterprises.columns) if c.name == "数值")
    assert enterprises.rows[0][value].text == "超过1000" and enterprises.rows[0][value].key == 1000


def test_follow_up_suggestions_are_answerable(app_server):  # noqa: F811
    from assistant.app.suggest import suggestions

    bot = app_server.bot
    cases = {
        "苏州排第几？": ("为什么苏州排第6？", "苏州有哪些人工智能政策？", "比较苏州和武汉"),
        "Compare Hangzhou and Nanjing": ("Why does Hangzhou rank 5th?",),
        "大连排第几名？": ("大连的知识创造力排第几？",),  # no policy table for cities outside the top ten
    }
    for question, expected in cases.items():
        reply = bot.ask(question)
        shown = suggestions(reply.intent, reply.cities, reply.language, question, bot.report)
        assert 1 <= len(shown) <= 3 and question not in shown
        for s in expected:
            assert s in shown, (question, shown)
        history = [{"role": "user", "content": question}, {"role": "assistant", "content": reply.text}]
        for s in shown:
            follow = bot.ask(s, history=history)
            assert follow.intent not in ("unknown", "clarify", "invalid", "help"), (s, follow.intent)
            assert follow.language == reply.language


def test_chat_markdown_links_and_escapes():
    """An answer in the Chatbot: [n] become links carrying the quote, ids never show, follow-ups are links."""
    from assistant.app.render import answer_markdown
    from assistant.citations import reference

    facts = [
        {"n": 1, "label": "x", "value": "1", "city": None, "section": "节 <b>", "quote": 'a "quote" <img>'}
    ]
    ref = reference("值为1[1] <script>\n---\n", facts, [], "zh")
    md = answer_markdown(4, ref, "zh", ["为什么苏州排第6？"])
    assert '[\\[1\\]](#cite-4-1 "' in md and "<" not in md
    assert "](#ev-4)" in md and "](#ask-4-0)" in md
