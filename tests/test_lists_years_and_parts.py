"""Families found after blind sets WW/XX: two lists and "the first but not the second", the place right after a
list just given, a side of a year in a policy question, a count of one said as such, a named sample group
described as outside the pilot zones, and each part of a two-part question about a city's prose answered.

Parsed values are asserted on the real Understanding; answers on the real Assistant (tables, passages, model).
Wordings here are written for these tests, not taken from any held-out or development set.
"""

from __future__ import annotations

import pytest

from assistant.evaluation import answer_after, conversation
from assistant.understanding.query import Operation
from index_core.domain import policies

answer = answer_after


# ---- two lists, one but not the other ---------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "inside", "outside"),
    [
        (
            "Put the knowledge-creation top 10 next to the overall top 10: which cities are in the first one but "
            "not the second?",
            "knowledge_rank",
            "total_rank",
        ),
        ("总排名前十和知识创造力前十放一起看，哪些城市在前者但不在后者？", "total_rank", "knowledge_rank"),
        ("总排名前十和知识创造力前十，后者有而前者没有的是哪几个？", "knowledge_rank", "total_rank"),
    ],
)
def test_the_first_list_but_not_the_second_reverses_the_second_bound(
    bot, understanding, text, inside, outside
):
    q = understanding.parse(text)
    assert q.operation is Operation.ANALYTIC and q.analysis is not None
    conditions = dict(q.analysis.param("conditions").split(";")[i].split(":", 1) for i in range(2))
    assert conditions == {inside: "<=:10", outside: ">:10"}
    rows = bot.report.rankings
    expected = set(rows[(rows[inside] <= 10) & (rows[outside] > 10)]["city"])
    said = answer(bot, text)
    assert expected and all(bot.report.english_names[c] in said or c in said for c in expected)


# ---- the place right after a list -------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("history", "text", "place"),
    [
        (["资源支持力前三名是谁"], "紧随其后的是哪个城市？", 4),
        (["Top five on environment support?"], "And who's next in line?", 6),
    ],
)
def test_the_place_after_a_list_is_the_city_there(bot, understanding, history, text, place):
    q = understanding.parse(text, conversation(bot, history))
    assert q.operation is Operation.RANK and q.position == place
    rows = bot.report.rankings
    column = "resource_rank" if "资源" in history[0] else "env_rank"
    city = rows[rows[column] == place]["city"].iloc[0]
    said = answer(bot, text, history)
    assert city in said or bot.report.english_names[city] in said


# ---- a side of a year -------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "kind", "year"),
    [
        ("深圳2019年之前出过哪些AI政策？", "before", 2019),
        ("Which Wuhan AI policies were issued in or before 2019?", "through", 2019),
        ("Any Hangzhou AI policy after 2020?", "after", 2020),
    ],
)
def test_a_side_of_a_year_filters_the_policies_on_that_side(bot, understanding, text, kind, year):
    q = understanding.parse(text)
    assert q.operation is Operation.POLICIES and q.year_span == (kind, year)
    city = q.cities[0]
    every = policies(city, report=bot.report)
    keep = {"before": every["year"] < year, "through": every["year"] <= year, "after": every["year"] > year}[
        kind
    ]
    said = answer(bot, text)
    assert all(str(title) in said for title in every[keep]["title"])
    assert not any(str(title) in said for title in every[~keep]["title"])


def test_a_side_of_a_year_with_no_policy_says_there_is_none(bot):
    said = answer(bot, "广州有没有2019年以前发布的人工智能政策？")
    assert "0项" in said and "没有" in said


# ---- a count of one ---------------------------------------------------------------------------------------
def test_a_count_of_one_is_said_as_only_one(bot):
    said = answer(bot, "How many cities make the development-outcomes top 10 but miss the overall top 10?")
    assert "Only one city" in said


# ---- a named group described as outside the pilot zones --------------------------------------------------
def test_a_named_group_called_non_pilot_is_that_group(bot, understanding):
    text = "Among the separately planned cities chosen as non-pilot-zone samples, which ranks lowest overall?"
    q = understanding.parse(text)
    assert q.analysis is not None and q.analysis.param("scope") == "group:计划单列市"
    said = answer(bot, text)
    assert "Dalian" in said and "Zhengzhou" not in said


# ---- each part of a two-part question about a city's prose -----------------------------------------------
def test_each_part_of_a_two_part_prose_question_gets_its_sentence(bot):
    said = answer(
        bot,
        "What's the 'first in the country' claim about its industrial park, and which zone is the core?",
        ["Which prefecture-level city made the top 10?"],
    )
    assert "全国首个" in said and "核心区" in said


# ---- a count the report answers by naming -----------------------------------------------------------------
def test_listed_names_reads_the_names_of_a_list_not_its_opening_words():
    from assistant.answers.enumeration import listed_names

    assert listed_names("主要有甲公司、乙公司、丙研究院和丁大学等机构参与。") == [
        "甲公司",
        "乙公司",
        "丙研究院",
        "丁大学",
    ]
    assert listed_names("包括北京、上海两地。") == []  # two names are no list to count


def test_how_many_answered_by_a_list_counts_its_names(bot):
    said = answer(bot, "报告里上海一共有多少家市级人工智能创新中心？")
    assert "列出了7个" in said and "优刻得" in said


# ---- words that look like comparisons but are not ---------------------------------------------------------
def test_a_leading_noun_is_not_a_city_ranked_ahead(bot, understanding):
    q = understanding.parse("深圳有哪些领先的科技企业？")
    assert q.operation is Operation.PASSAGE and q.cities == ("深圳",)
    assert "华为" in answer(bot, "深圳有哪些领先的科技企业？")


# ---- figures stated in the question -----------------------------------------------------------------------
def test_a_superlative_figure_stated_with_a_scope_after_it_is_checked(bot, understanding):
    text = "Nanjing is the wealthiest of the top-10 cities, isn't it?"
    q = understanding.parse(text)
    assert any(c.kind == "max" and c.column == "gdp" and c.city == "南京" for c in q.claims)
    said = answer(bot, text)
    assert "Correction" in said and "Shanghai" in said


@pytest.mark.parametrize(
    ("text", "corrected"),
    [
        ("成都2020年GDP突破1.7万亿了吧？", False),
        ("成都2020年GDP有2.5万亿吧？", True),
        ("Chengdu's 2020 GDP was about 1.77 trillion yuan?", False),
    ],
)
def test_a_stated_amount_is_read_at_its_scale(bot, text, corrected):
    said = answer(bot, text)
    assert ("更正" in said or "Correction" in said) is corrected


def test_a_place_stated_for_a_figure_is_checked_against_the_place_the_report_prints(bot):
    said = answer(bot, "南京的GDP在样本城市排第八，是吗？")
    assert "更正" in said and "第十" in said and "不是第8" in said


def test_a_figure_the_city_lacks_gets_its_own_figure_of_the_same_kind(bot):
    said = answer(bot, "杭州有27家AI独角兽，对吗？")
    assert "27是北京的数字" in said and "16家" in said


def test_a_rank_stated_as_the_premise_of_a_figure_asked_is_not_the_question(bot, understanding):
    text = "Wuhan is 7th overall, so what's its industry coverage figure?"
    q = understanding.parse(text)
    assert q.operation is Operation.FACT and "industry_coverage" in q.metrics
    assert "14.3%" in answer(bot, text)
