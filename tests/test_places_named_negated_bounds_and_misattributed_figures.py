"""Families found by blind sets MK/ML and development sets YG/YH: a city set against a place rather than a city
("比第二名高多少分"); a city's ranking in focus set against another of its own ("比它自己的总排名靠前几位"); an
English bound negated with the ranking named inside it ("without making the overall top 10", "missing from the
environmental-support top 10"); a group set aside "on top of" another; slang for a place ("排老几"); a reason asked
with no city ("为啥说…") is the report's own reasoning; a wrong figure that is another city's is said to be; the
kind of indicators (qualitative or quantitative); chapter two's sentences about a city beyond its printed score.

Parsed values are asserted on the real Understanding; answers on the real Assistant (tables, passages, model).
Wordings here are written for these tests, not taken from any held-out set.
"""

from __future__ import annotations

from assistant.evaluation import answer_after
from assistant.evaluation import parsed_after as parse
from assistant.understanding.query import Operation
from index_core import load_report


def _city_at(column: str, place: int) -> str:
    r = load_report().rankings
    return str(r.loc[r[column] == place, "city"].iloc[0])


def test_a_place_set_against_a_named_city_is_the_city_at_that_place(understanding):
    q = parse(understanding, "北京总指数比第三名高多少分？")
    assert q.operation is Operation.ANALYTIC and q.analysis is not None
    assert q.analysis.kind == "score_gap"
    assert set(q.cities) == {"北京", _city_at("total_rank", 3)}


def test_a_place_on_a_named_dimension_is_that_dimension_s_holder(understanding):
    q = parse(
        understanding, "How many places ahead of the 4th-placed city is Shenzhen on environment support?"
    )
    assert _city_at("env_rank", 4) in q.cities and "深圳" in q.cities


def test_a_stated_score_then_a_gap_to_a_place_computes_the_gap(bot):
    s = load_report().scores
    printed = (
        s[(s["kind"] == "score") & (s["dimension"] == "总指数")].set_index("city")["score"].astype(float)
    )
    first, second = _city_at("total_rank", 1), _city_at("total_rank", 2)
    text = answer_after(bot, f"{first}总指数得了98.5分，比第二名高多少分？")
    assert f"{printed[first] - printed[second]:.2f}" in text
    assert "不是98.5" in text


def test_its_own_other_ranking_in_a_follow_up_is_a_column_gap(understanding):
    q = parse(understanding, "比它自己的总排名高多少位？", ["西安知识创造力排第几？"])
    assert q.operation is Operation.ANALYTIC and q.analysis is not None
    assert q.analysis.kind == "column_gap"
    assert q.analysis.columns == ("knowledge_rank", "total_rank")
    assert q.cities == ("西安",)


def test_its_own_other_ranking_in_english_follow_up(understanding):
    q = parse(
        understanding,
        "How many places higher is that than its own overall rank?",
        ["Xi'an's knowledge creation rank?"],
    )
    assert q.analysis is not None and q.analysis.kind == "column_gap"


def test_the_gap_answer_gives_the_difference_of_the_two_ranks(bot):
    r = load_report().rankings.set_index("city")
    gap = int(r.loc["西安", "total_rank"] - r.loc["西安", "knowledge_rank"])
    text = answer_after(bot, "西安知识创造力排第几？比它自己的总排名靠前几位？")
    assert f"{gap}名" in text


def test_a_bound_negated_with_without_making(understanding):
    q = parse(
        understanding, "Which cities crack the resource-support top 10 without making the overall top 10?"
    )
    assert q.analysis is not None and q.analysis.kind == "rank_filter"
    conditions = q.analysis.param("conditions") or ""
    assert "resource_rank:<=:10" in conditions and "total_rank:>:10" in conditions


def test_missing_from_a_named_top_ten_is_outside_it(bot):
    r = load_report().rankings
    expected = set(r[(r["total_rank"] <= 10) & (r["knowledge_rank"] > 10)]["city"])
    text = answer_after(bot, "Which overall top-10 cities are missing from the knowledge-creation top 10?")
    listed = {c for c in r["city"] if f"({c}): Overall" in text}
    assert listed == expected


def test_a_group_added_on_top_of_another_is_the_scope(understanding):
    q = parse(
        understanding,
        "Among the separately planned cities added on top of the pilot-zone cities, which ranks lowest?",
    )
    assert q.subset is not None and q.subset.kind == "group" and q.subset.group == "计划单列市"


def test_slang_for_a_place_is_a_rank_question(understanding):
    q = parse(understanding, "郑州资源支持力排老几？")
    assert q.operation is Operation.RANK and q.cities == ("郑州",)
    assert q.dimension is not None and q.dimension.column == "resource_rank"


def test_a_reason_asked_with_no_city_is_the_report_s_reasoning(understanding):
    q = parse(understanding, "为什么说排名居中的城市之间分数相差不大？")
    assert q.operation is Operation.PASSAGE


def test_a_wrong_figure_that_is_another_city_s_says_whose(bot):
    f = load_report().facts
    gdp = f[f["metric"] == "gdp"].set_index("city")["value"]
    text = answer_after(bot, f"广州2020年GDP是{str(gdp['深圳']).split('.')[0]}亿元吧？")
    assert "更正" in text and "是深圳的数字" in text


def test_the_kind_of_indicators_is_answered(bot):
    text = answer_after(bot, "What is the data source, and is anything measured qualitatively?")
    assert "定量" in text and "quantitative" in text


def test_overall_commentary_skips_the_printed_scores_sentence(bot):
    text = answer_after(bot, "深圳为什么排第二？")
    block = text.split("总体排名分析中", 1)[1].split("**报告自己的说法**", 1)[0]
    assert "条例" in block
    assert "88.72" not in block


def test_a_city_taken_for_a_capital_is_set_right_in_the_report_s_words(bot):
    text = answer_after(bot, "苏州是省会城市吧？它总排名第几？")
    assert "更正" in text and "唯一的地级市" in text


def test_a_wrong_first_place_names_the_holder_with_its_printed_score(bot):
    s = load_report().scores
    first = _city_at("total_rank", 1)
    score = float(
        s[(s["kind"] == "score") & (s["city"] == first) & (s["dimension"] == "总指数")]["score"].iloc[0]
    )
    text = answer_after(bot, "广州总排名第一，对吗？")
    assert f"{first}" in text and f"{score:.2f}" in text


def test_what_makes_it_stand_out_after_a_wrong_group_is_an_explanation(understanding):
    q = parse(understanding, "Since Qingdao is a provincial capital, what makes it stand out?")
    assert q.operation is Operation.EXPLAIN and q.cities == ("青岛",)


def test_the_two_rankings_of_a_conversation_are_the_gap_s_sides(understanding):
    q = parse(understanding, "那它的资源支持力排第几？两者差几位？", ["发展成效排第3的是哪个城市？"])
    gap = next((p for p in q.parts if p.analysis is not None), q)
    assert gap.analysis is not None and gap.analysis.kind == "column_gap"
    assert set(gap.analysis.columns) == {"resource_rank", "outcome_rank"}


def test_why_these_cities_with_no_city_is_the_sample(understanding):
    q = parse(understanding, "为啥偏偏挑了这20个城市？怎么凑成的？")
    assert q.operation is Operation.METHOD and "sample" in q.aspects


def test_rank_so_high_after_a_weak_dimension_explains_the_overall_place(understanding):
    q = parse(understanding, "青岛总排名第九，可资源支持力只排14，它凭什么能排这么靠前？")
    assert q.operation is Operation.EXPLAIN and q.cities == ("青岛",)
    assert q.dimension is None or q.dimension.key == "total"


def test_the_strongest_lift_quotes_the_report_on_its_best_second_level_indicator(bot):
    text = answer_after(bot, "杭州为什么排第五？")
    lifts = text.split("拉动排名的维度", 1)[1].split("拖累排名的维度", 1)[0]
    assert "创新发展方面" in lifts


def test_one_place_on_at_least_one_ranking_is_a_filter(bot):
    r = load_report().rankings
    columns = ["env_rank", "resource_rank", "knowledge_rank", "outcome_rank"]
    expected = set(r[(r[columns] == 1).any(axis=1)]["city"])
    text = answer_after(bot, "Which cities are ranked 1st on at least one of the dimensions?")
    listed = {c for c in r["city"] if f"({c}): Environment" in text}
    assert listed == expected
