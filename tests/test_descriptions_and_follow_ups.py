"""Families found on development sets YA/YB: a city described rather than named, a province's capital, "the
other two" of a list, a follow-up naming its own figure after policies, a neighbour's printed score, a city's own
ranks in order, two bounds relative to a city, "is it …" checked for the city in focus, short years, a gap said in
points, the nearest sentence for a premise the report does not bear out.

Parsed values are asserted on the real Understanding; answers on the real Assistant (tables, passages, model).
Wordings here are written for these tests, not taken from any held-out or development set.
"""

from __future__ import annotations

import pytest

from assistant.evaluation import answer_after, conversation
from assistant.text import clean
from assistant.understanding.query import Operation

answer = answer_after


# ---- a city described rather than named -------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "city"),
    [
        ("拥有鹏城实验室的那个城市，资源支持力排第几？", "深圳"),
        ("The city that launched WuDao 2.0 — what is its overall score?", "北京"),
        ("湖北省会的知识创造力排第几？", "武汉"),
        ("Where does the capital of Liaoning rank overall?", "沈阳"),
    ],
)
def test_a_described_city_is_the_one_the_report_points_at(understanding, text, city):
    assert understanding.parse(text).cities == (city,)


def test_a_capital_said_of_another_city_is_a_claim_about_it(bot, understanding):
    text = "合肥作为安徽的省会，为什么总排名只有第14？"
    q = understanding.parse(text)
    assert q.cities == ("合肥",)


# ---- follow-ups -------------------------------------------------------------------------------------------
def test_the_other_two_are_the_rest_of_the_list(bot, understanding):
    history = ["样本里的三个计划单列市是哪几个？", "青岛总排名第几？"]
    q = understanding.parse("另外两个呢？", conversation(bot, history))
    assert set(q.cities) == {"厦门", "大连"}


def test_a_follow_up_naming_its_own_figure_after_policies_is_that_figure(bot, understanding):
    history = ["杭州有哪些人工智能政策？", "武汉呢？"]
    q = understanding.parse("这两个城市GDP谁高？", conversation(bot, history))
    assert (
        q.operation in (Operation.FACT, Operation.FACT_MAX)
        and q.metrics[:1] == ("gdp",)
        and q.analysis is None
    )
    assert set(q.cities) == {"杭州", "武汉"}


def test_the_city_right_behind_comes_with_its_printed_score(bot):
    said = answer(bot, "And the one just behind it — what did it score?", ["What's Beijing's overall score?"])
    assert "Shenzhen" in said and "77.63" in said


# ---- a city's own ranks -----------------------------------------------------------------------------------
def test_own_ranks_put_in_order_list_them_strongest_first_with_the_overall(bot):
    said = answer(bot, "把成都的四个一级指标从强到弱排一下")
    assert "从强到弱" in said and "总指数第8名" in said
    assert said.index("环境支撑力第7名") < said.index("资源支持力第10名")


def test_two_bounds_relative_to_a_city_beat_it_is_not_its_neighbours(bot, understanding):
    q = understanding.parse("Which cities are behind Hangzhou overall but beat it on knowledge creation?")
    assert q.analysis is not None and q.analysis.kind == "rank_filter"
    assert q.analysis.param("conditions") == "total_rank:>:5;knowledge_rank:<:5"


def test_is_it_checks_the_city_in_focus_whatever_city_is_asked_after(bot):
    said = answer(
        bot,
        "Is it first on all four dimensions? If not, which city beats it there?",
        ["How is Beijing ranked?"],
    )
    assert "Beijing" in said and "Environment support" in said and "Shanghai" in said


# ---- words ------------------------------------------------------------------------------------------------
def test_a_short_year_is_read_in_full():
    assert clean("杭州19年底出了什么政策") == "杭州2019年底出了什么政策"
    assert clean("成立21年了") == "成立21年了"


def test_a_gap_said_in_points_is_a_score_gap(understanding):
    q = understanding.parse("北京比上海领先二十多分，差距在哪？")
    assert q.analysis is not None and q.analysis.kind == "score_gap"


def test_a_premise_the_report_does_not_bear_out_gets_its_nearest_sentence(bot):
    said = answer(bot, "深圳早在2018年就通过了全国首部人工智能地方性法规，叫什么名字？")
    assert "草案" in said and "2021年7月" in said


def test_put_in_order_is_no_rank_stated(understanding):
    assert understanding.parse("把西安的四项指标排一下").claims == ()


# ---- second-level leaders and figures said to lead ----------------------------------------------------------
@pytest.mark.parametrize(
    "text", ["研发环境排名前三的城市有哪些？", "Which cities rank highest on economic environment?"]
)
def test_the_head_of_a_second_level_indicator_is_a_list(understanding, text):
    q = understanding.parse(text)
    assert q.operation is Operation.TOP and q.level2 in ("研发环境", "经济环境")


def test_a_figure_said_to_lead_is_corrected_with_the_citys_place_on_it(bot):
    said = answer(bot, "成都的产业覆盖度高达21.2%，全国领先吧？")
    assert "11.2%" in said and "产业覆盖度" in said
