"""Families found by blind sets NN/OO and development sets PA/PB: a place worded as where a city ended up, a
group's places asked as how it did, groups named together or negated, a lead in points asked or stated, a
figure's own place, a shared place and the city it is shared with, cities set aside before a score bound, the
premise sentence before a question across the sample, "drops" as a worse place, per-city sentences, fillers
before "and …?".

Parsed values are asserted on the real Understanding; answers on the real Assistant (tables, passages, model).
Wordings here are written for these tests, not taken from any held-out set.
"""

from __future__ import annotations

import pytest

from assistant.core import Assistant
from assistant.evaluation import conversation
from assistant.understanding.parser import Understanding
from assistant.understanding.query import Operation


def parse(u: Understanding, text: str, history: list[str] | None = None, bot: Assistant | None = None):
    return u.parse(text, conversation(bot, history) if history else [])


# ---- places ---------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("Where did Dalian finish on knowledge creation?", "knowledge"),
        ("So where does Hefei land overall?", None),
        ("郑州最后排到了哪里？", None),
    ],
)
def test_where_a_city_ended_up_is_its_place(understanding, text, key):
    q = parse(understanding, text)
    assert q.operation in (Operation.RANK, Operation.CITY_DIMENSION) and len(q.cities) == 1
    assert (q.dimension.key if q.dimension is not None and key else None) == key


def test_how_a_named_group_did_on_a_ranking_lists_its_places(understanding):
    q = parse(understanding, "How did the sample's separately planned cities fare in development outcomes?")
    assert q.operation is Operation.TOP and q.subset.group == "计划单列市" and q.whole_list


def test_how_a_group_was_chosen_stays_the_method(understanding):
    assert parse(understanding, "为什么要选计划单列市？").operation is Operation.METHOD


@pytest.mark.parametrize(
    "text",
    [
        "不属于试验区的那几个城市（也就是省会和计划单列市）里，发展成效谁最好？",
        "省会城市和计划单列市放在一起看，谁的总排名最高？",
    ],
)
def test_the_other_groups_together_are_the_cities_outside_the_third(understanding, text):
    q = parse(understanding, text)
    assert q.analysis is not None and q.analysis.param("scope") == "notgroup:试验区城市"


def test_one_group_narrowed_by_another_stays_that_group(understanding):
    q = parse(
        understanding, "Of the three provincial capitals, which aren't pilot-zone cities, who ranks best?"
    )
    assert q.analysis.param("scope") == "group:省会城市"


# ---- points and places between cities ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "cities", "column"),
    [
        ("知识创造力上北京比第三名高多少分？", None, None),
        ("北京总分比第二名高了大约十五分吧？", ("北京", "深圳"), "total_rank"),
        ("深圳领先上海多少分？", ("深圳", "上海"), "total_rank"),
    ],
)
def test_a_lead_in_points_is_a_score_gap(understanding, text, cities, column):
    q = parse(understanding, text)
    if cities is None:  # the report prints no knowledge-creation scores: still read as the gap asked
        assert q.analysis is not None and q.analysis.kind == "score_gap"
        return
    assert q.analysis.kind == "score_gap" and set(q.cities) == set(cities) and q.analysis.columns == (column,)


def test_the_lead_of_the_city_just_found_is_on_that_ranking(bot):
    reply = bot.ask("环境支撑力谁排第一？它领先北京多少分？")
    assert "1.46" in reply.text


def test_a_gap_asked_after_scores_is_between_those_scores(bot):
    reply = bot.ask(
        "What are Shanghai's and Shenzhen's environment support scores? And how much higher is Shanghai than Shenzhen?"
    )
    assert "4.21" in reply.text


# ---- figures ------------------------------------------------------------------------------------------------
def test_a_figures_place_is_the_place_the_report_gives_it(understanding):
    q = parse(understanding, "南京的GDP在样本城市中排第几？")
    assert q.operation is Operation.FACT and "gdp_rank_in_sample" in q.metrics and "gdp" in q.metrics


def test_the_place_of_the_figure_in_focus(understanding, bot):
    q = parse(understanding, "在样本城市里能排第几？", ["苏州2020年GDP是多少？"], bot)
    assert q.operation is Operation.FACT and q.cities == ("苏州",) and "gdp_rank_in_sample" in q.metrics


def test_a_place_figure_is_shown_as_a_place(bot):
    reply = bot.ask("Where does Nanjing's GDP rank among the sample cities?")
    assert "10th" in reply.text and "第十位" in reply.text


def test_two_cities_figures_say_which_is_lower_too(bot):
    reply = bot.ask("广州和深圳2020年GDP哪个高？")
    assert "较低" in reply.text


def test_two_cities_on_one_indicator_figure_are_both_given(understanding):
    q = parse(
        understanding, "Which is higher, Wuhan's or Shenzhen's industry coverage, and by what percentages?"
    )
    assert q.operation is Operation.FACT and set(q.cities) == {"武汉", "深圳"}


# ---- a shared place ---------------------------------------------------------------------------------------------
def test_the_city_a_place_is_shared_with(understanding, bot):
    q = parse(
        understanding,
        "Which city shares that first place with it?",
        ["What is Shenzhen's industry coverage?"],
        bot,
    )
    assert q.cities == ("武汉",) and q.level2 == "产业覆盖度"


def test_whether_a_place_is_shared_is_the_citys_own(understanding, bot):
    q = parse(understanding, "它这一项是并列的吗？", ["武汉的产业覆盖度怎么样？"], bot)
    assert q.operation is Operation.CITY_DIMENSION and q.cities == ("武汉",)


# ---- scopes -----------------------------------------------------------------------------------------------------
def test_cities_set_aside_before_a_score_bound(bot):
    reply = bot.ask("除了北京，资源支持力得分超过60分的还有哪些城市？")
    head = reply.text.split("\n")[0]
    assert "北京除外" in head and "苏州" in reply.text


def test_a_city_in_the_sentence_before_is_context(understanding):
    q = parse(
        understanding,
        "Chengdu is 8th overall. Which cities are in the top 10 on environment support but not in the overall top 10?",
    )
    conditions = q.analysis.param("conditions")
    assert (
        "env_rank:<=:10" in conditions
        and "total_rank:>:10" in conditions
        and q.analysis.param("scope") == "all"
    )


def test_which_cities_after_a_city_asks_across_the_sample(understanding, bot):
    q = parse(
        understanding,
        "and which other cities also scored above 60 there?",
        ["北京的资源支持力得分是多少？"],
        bot,
    )
    assert not q.cities and q.threshold is not None


def test_dropping_is_a_worse_place(understanding):
    q = parse(understanding, "哪个城市的知识创造力排名比总排名跌得最多？")
    assert q.analysis.kind == "column_gap"


def test_conversely_opens_the_next_question(understanding):
    q = parse(understanding, "哪个城市知识创造力比总排名低得最多？反过来，哪些城市知识创造力高于总排名？")
    assert len(q.parts) == 2


# ---- the report's sentences ---------------------------------------------------------------------------------------
def test_each_named_city_gets_its_own_sentence(bot):
    reply = bot.ask(
        "and Suzhou and Guangzhou?", history=conversation(bot, ["成都是什么时候获批建设试验区的？"])
    )
    assert "Suzhou" in reply.text and "2021年3月" in reply.text and "2020年广州获批" in reply.text


def test_a_filler_before_and_is_still_a_follow_up(understanding, bot):
    q = parse(understanding, "okay, and Beijing's?", ["What is Shanghai's 2020 GDP?"], bot)
    assert q.cities == ("北京",) and "gdp" in q.metrics


def test_examples_is_not_a_word_to_find(bot):
    reply = bot.ask("南京有哪些融资的例子？")
    assert "后摩" in reply.text


# ---- development sets QA / QB ---------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "city"),
    [
        ("知识创造力排名第二的那个城市，2020年GDP是多少？", "深圳"),
        ("For the city in 5th place overall, how many AI unicorns does the report count?", "杭州"),
    ],
)
def test_a_city_named_by_its_place_is_that_city(understanding, text, city):
    q = parse(understanding, text)
    assert q.cities == (city,) and q.operation is Operation.FACT


def test_the_city_at_a_place_asked_for_is_not_written_in(understanding):
    q = parse(understanding, "资源支持力排名第二的城市是哪个？")
    assert not q.cities or q.operation is Operation.RANK


def test_it_compared_with_a_named_city_is_the_city_in_focus(understanding, bot):
    q = parse(understanding, "它跟合肥比，知识创造力谁更靠前？", ["西安总排名第几？"], bot)
    assert set(q.cities) == {"西安", "合肥"} and q.analysis is not None


def test_the_levels_of_the_indicator_system_named(understanding):
    assert parse(
        understanding, "Are there really six second-level indicators under each dimension?"
    ).operation is (Operation.INDICATORS)


def test_a_citys_weak_spot_one_level_down(understanding):
    q = parse(understanding, "广州哪个二级指标最弱？")
    assert q.operation in (Operation.EXPLAIN, Operation.ANALYTIC) and q.cities == ("广州",)


def test_a_homophone_slip_for_weak_spot(understanding):
    q = parse(understanding, "杭州的短版是什么？")
    assert q.operation is Operation.EXPLAIN


def test_what_kind_of_city_is_the_sample_grouping(understanding):
    q = parse(understanding, "那些不属于试验区的城市都是什么类型的？")
    assert q.operation is Operation.METHOD and "sample" in q.aspects


def test_a_year_stated_with_a_tag_is_checked(bot):
    reply = bot.ask("成都是2019年拿到试验区批复的吧？后来怎么样了？")
    assert "2020" in reply.text.split("\n")[0]


def test_the_only_one_among_those_listed_is_the_reports_sentence(understanding, bot):
    q = parse(
        understanding, "Which of those is the only prefecture-level city?", ["List the overall top ten."], bot
    )
    assert q.operation is Operation.PASSAGE


def test_a_citys_edge_is_its_strengths(understanding):
    assert parse(understanding, "What is Chengdu's main edge, per the report?").operation is Operation.EXPLAIN


def test_growth_of_the_figure_in_focus(understanding, bot):
    q = parse(understanding, "how fast did that grow?", ["What was Suzhou's GDP in 2020?"], bot)
    assert q.operation is Operation.FACT and q.metrics[0] == "gdp_growth" and q.cities == ("苏州",)


def test_a_year_and_every_one_after(understanding):
    q = parse(understanding, "北京2018年以后出台了哪些人工智能政策？")
    assert q.years[0] == 2018 and len(q.years) >= 3


def test_the_rest_of_a_group_just_counted(understanding):
    q = parse(understanding, "资源支持力前十里有几个是省会城市？不是的有哪些？")
    assert len(q.parts) == 2 and q.parts[1].analysis.param("scope") == "notgroup:省会城市"
