"""Families found by blind sets JJ/KK and development sets XG/XH: a city set aside before "does any city …", the
top N said before the noun ("which top-10 city …"), places asked after a leader on a dimension, a chain of gaps
between places, a place set against the city in focus ("跟第一差了多少分"), a sub-indicator's own sentences for
"what makes … stand out", a share asked of a figure the report's sentence gave, several second-level indicators
in one indicator question, a count beside an amount in focus ("投了多少次"), a city's figures after them
("另外载体方面有多少…"), a province's total said in the same sentence, and what deals the report mentions; then,
from development sets XI/XJ, a dimension's second-level places asked of a city, an earlier edition's ranking, a
topic said after a city's possessive ("Chengdu's computing infrastructure"), and "that" after a passage.

Parsed values are asserted on the real Understanding; answers on the real Assistant (tables, passages, model).
Wordings here are written for these tests, not taken from any held-out set.
"""

from __future__ import annotations

import pytest

from assistant.evaluation import answer_after
from assistant.evaluation import parsed_after as parse
from assistant.understanding.query import Operation


# ---- a city set aside before "does any city …" ------------------------------------------------------------
@pytest.mark.parametrize(
    "text",
    [
        "Apart from Beijing, is there any city that comes first on one of the four dimensions?",
        "除了北京，有没有城市在哪个一级指标上拿了第一？",
    ],
)
def test_a_city_set_aside_before_any_city(understanding, text):
    q = parse(understanding, text)
    assert q.set_aside == ("北京",)
    assert (
        q.analysis is not None and q.analysis.param("scope") != "named"
    )  # the others, not a check on Beijing


def test_the_city_set_aside_is_left_out_of_the_answer(bot):
    text = answer_after(bot, "Besides Beijing, does any city rank first on a first-level dimension?")
    assert "Shanghai" in text and "Environment support" in text
    assert "Beijing (北京): **Yes**" not in text


# ---- the top N said before the noun -----------------------------------------------------------------------
@pytest.mark.parametrize(
    "text",
    [
        "Which top-10 city does worst on development outcomes?",
        "Which top-10 overall city is lowest on development outcomes?",
        "总排名前十的城市谁的发展成效最差？",
    ],
)
def test_the_top_n_before_the_noun_is_the_scope_of_an_extreme(understanding, text):
    q = parse(understanding, text)
    assert q.operation is Operation.ANALYTIC
    assert q.analysis is not None and q.analysis.kind != "rank_filter"
    assert q.analysis.param("scope") == "top:10:total_rank"


# ---- places asked after a leader on a dimension; a chain of gaps; a place against the city in focus ---------
def test_places_asked_after_the_leader_on_a_dimension_stay_on_it(bot):
    text = answer_after(bot, "and who were 2nd and 3rd?", ["Who leads on knowledge creation?"])
    assert "Knowledge creation" in text and "Overall index" not in text


def test_gaps_between_places_said_twice_run_in_a_chain(understanding):
    q = parse(understanding, "How many points separate #2 from #3 overall, and #3 from #4?")
    assert q.cities == ("深圳", "上海", "广州")
    assert q.analysis is not None and q.analysis.param("chain") == "1"


def test_a_place_set_against_the_city_in_focus_is_a_score_gap(bot):
    text = answer_after(bot, "比第一低了多少分？", ["总排名第三是哪个城市？"])
    assert "上海" in text and "北京" in text
    assert "20.13" in text  # 88.72 - 68.59, both printed in the report


# ---- what makes a city's sub-indicator stand out; a share of a figure the report gave ------------------------
def test_what_makes_a_sub_indicator_stand_out_quotes_its_topic(bot):
    text = answer_after(bot, "What makes Suzhou's computing power support stand out?")
    assert "超算" in text  # the report's 算力支持方面 sentences for Suzhou


def test_a_share_asked_after_a_figure_from_a_sentence_is_that_sentence(bot):
    # "total" in "the national total" is no ranking: the share is in the report's sentence about the institutes
    history = ["What does the report say about Beijing's research institutes?", "and its AI 2000 scholars?"]
    text = answer_after(bot, "what share of all person-times nationally was that?", history)
    assert "36%" in text
    assert "ranks 1st of 20 on Overall index" not in text


# ---- several second-level indicators; a count beside an amount; a city's figures after it ---------------------
def test_every_second_level_indicator_named_gets_its_third_level_lines(bot):
    text = answer_after(
        bot, "Which third-level indicators belong to funding support and computing power support?"
    )
    assert "supercomputing" in text.lower() and "PE/VC" in text


def test_a_count_beside_the_amount_in_focus(understanding):
    q = parse(understanding, "一共多少次？", ["深圳PE/VC投资规模有多大？"])
    assert q.operation is Operation.FACT
    assert q.metrics == ("pevc_deals",) and q.cities == ("深圳",)


def test_figures_asked_after_a_city_are_its_figures_not_table_one(understanding):
    q = parse(understanding, "那众创空间和孵化器有多少个？", ["深圳PE/VC投资规模有多大？"])
    assert q.operation is Operation.FACT and q.cities == ("深圳",)
    assert "incubators" in q.metrics


def test_a_province_total_after_a_city_figure_is_the_same_sentence(bot):
    history = ["广州有多少个园区是省级人工智能产业园？"]
    text = answer_after(bot, "整个广东省呢，有多少个？", history)
    assert "广东省8个" in text.replace(" ", "")


def test_deals_the_report_mentions_are_its_sentence_not_a_missing_count(bot):
    text = answer_after(bot, "Which financing deals does the report mention for Qingdao?")
    assert "创新奇智" in text


def test_a_top_list_leaves_out_the_cities_set_aside(bot):
    text = answer_after(bot, "除了北京，知识创造力前四名还有谁？")
    assert "（北京除外）" in text
    assert "深圳" in text and "上海" in text and "广州" in text
    assert "1. 北京" not in text


def test_why_a_city_scores_high_on_a_second_level_indicator_has_the_reports_reason(understanding):
    q = parse(understanding, "上海的政策环境这个二级指标为啥得分高？")
    assert "why" in q.asked  # 为啥 is a why
    assert q.operation is Operation.CITY_DIMENSION
    assert q.cities == ("上海",) and q.level2 == "政策环境" and q.dimension is not None
    assert q.dimension.key == "env"


def test_a_growth_asked_after_a_figure_is_that_figures_growth(understanding):
    history = ["深圳龙华区2020年重点AI企业的产值/营收是多少？"]
    q = parse(understanding, "比上一年增长了多少？", history)
    assert q.operation is Operation.FACT
    assert q.metrics == ("district_ai_output_growth",) and q.cities == ("深圳",)


def test_the_alliance_the_publisher_was_built_on_is_from_the_back_page(bot):
    text = answer_after(
        bot, "Which older alliance was the report's publishing alliance set up on the basis of?"
    )
    assert "AVS" in text


def test_which_one_comes_last_in_the_list_just_given(bot):
    text = answer_after(
        bot, "Which one is profiled last? What does its section say?", ["Which cities are profiled?"]
    )
    assert (
        "Nanjing" in text and "本土优质企业不断壮大" in text
    )  # chapter three's tenth and last profile, its heading
    assert "Beijing" not in text


# ---- XI/XJ: second-level places under a dimension, other editions, a city's topic, "that" after a passage --------
def test_second_level_places_under_a_dimension_asked(understanding):
    q = parse(understanding, "苏州资源支持力下面几个二级指标各排第几？")
    assert q.operation is Operation.CITY_DIMENSION
    assert q.cities == ("苏州",) and q.dimension is not None and q.dimension.key == "resource"


@pytest.mark.parametrize(
    "text",
    [
        "What was Shanghai's rank in the previous (2019-2020) edition?",
        "上海2019年的排名是多少？",
    ],
)
def test_an_earlier_edition_is_said_to_be_absent(understanding, text):
    assert parse(understanding, text).earlier_edition


def test_a_city_topic_after_its_possessive_is_the_reports_sentences(understanding):
    assert (
        parse(understanding, "Tell me about Suzhou's supercomputing centre.").operation is Operation.PASSAGE
    )
    assert parse(understanding, "Tell me about Suzhou's AI development.").operation is Operation.PROFILE


def test_that_after_a_passage_is_the_thing_just_found_for_its_city(bot):
    history = ["Tell me about Suzhou's supercomputing centre."]
    text = answer_after(bot, "When was that unveiled, and what did it cost?", history)
    assert "2.1" in text  # 苏州超算中心于2020年3月揭牌，项目总投资2.1亿元
