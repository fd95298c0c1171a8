"""Families found by blind sets MQ/MR and development sets YM/YN: a sample group joined with a bound, then a pick
inside both; two sample groups named together; the highest minus the lowest of several printed scores; a score
bound written "60+ points" or "过60分", asked after a ranking's leader ("which cities follow it"); "the top one"
as a place; what carries a city to its place (its strongest dimension); "of those two cities" after two single-city
policy turns; a measure's leaders asked under the indicator system's name.

Parsed values are asserted on the real Understanding; answers on the real Assistant (tables, passages, model).
Wordings here are written for these tests, not taken from any held-out set.
"""

from __future__ import annotations

import pytest

from assistant.evaluation import answer_after
from assistant.evaluation import parsed_after as parse
from assistant.understanding.analysis import analysis_scope
from assistant.understanding.grammar import PUBLISHER_NAMED
from assistant.understanding.parser import _places_named
from assistant.understanding.query import Analysis, Operation, Query
from index_core import analytics as an
from index_core import load_report


def _rank(city: str, column: str) -> int:
    return int(load_report().rankings.set_index("city").at[city, column])


def _printed(city: str, dimension_zh: str) -> float:
    s = load_report().scores
    row = s[(s["city"] == city) & (s["dimension"] == dimension_zh) & (s["kind"] == "score")]
    return float(row["score"].iloc[0])


# ---- scopes ----------------------------------------------------------------------------------------------------


def test_a_group_and_a_bound_together_scope_a_pick(understanding):
    q = parse(understanding, "在没进总排名前十的试验区城市中，哪个城市的知识创造力最靠前？")
    assert q.analysis is not None and q.analysis.kind == "extreme"
    assert q.analysis.columns == ("knowledge_rank",)
    assert q.analysis.param("scope") == "group:试验区城市&range:11:20:total_rank"


def test_the_pick_inside_a_group_and_a_bound_is_computed_over_both(bot):
    r = load_report().rankings
    cities = load_report().cities
    pilot = set(cities.loc[cities["category"] == "试验区城市", "city"])
    inside = r[r["city"].isin(pilot) & (r["total_rank"] > 10)]
    best = inside.sort_values("knowledge_rank").iloc[0]["city"]
    text = answer_after(bot, "在没进总排名前十的试验区城市中，哪个城市的知识创造力最靠前？")
    assert f"**{best}" in text
    outside = r[~r["city"].isin(set(inside["city"]))]["city"]
    assert not any(f"{c} 第" in text.split("比较的城市")[-1] for c in outside)


def test_a_scope_with_a_second_restriction_keeps_only_cities_meeting_both():
    scope = an.Scope(kind="group", group="省会城市", also=an.Scope(kind="top", n=10, column="total_rank"))
    table, _ = an.scope_rankings(scope)
    assert list(table["city"]) == ["南京"]
    assert scope.as_rule()["also"] == {"kind": "top", "n": 10, "column": "total_rank"}


@pytest.mark.parametrize(
    "text",
    [
        "How many of the provincial capitals and plan-listed cities reached the overall top ten?",
        "Which provincial capitals or plan-listed cities are inside the top 10?",
    ],
)
def test_two_sample_groups_named_together_are_the_cities_outside_the_third(understanding, text):
    q = parse(understanding, text)
    assert q.analysis is not None and q.analysis.param("scope") == "notgroup:试验区城市"


def test_the_scope_an_analysis_runs_over_leaves_out_the_cities_set_aside():
    query = Query(text="x", language="en", operation=Operation.ANALYTIC, set_aside=("北京",))
    scope = analysis_scope(Analysis(kind="extreme", extra=(("scope", "top:5:total_rank"),)), query)
    assert scope.kind == "top" and scope.n == 5 and scope.excluded == ("北京",)


# ---- printed scores ---------------------------------------------------------------------------------------------


def test_highest_minus_lowest_of_three_printed_scores(bot):
    scores = {c: _printed(c, "环境支撑力") for c in ("北京", "上海", "深圳")}
    spread = max(scores.values()) - min(scores.values())
    text = answer_after(bot, "上海、深圳、北京的环境支撑力得分分别多少？最高的和最低的相差多少分？")
    assert f"{spread:.2f}" in text
    assert all(f"{v:.2f}" in text for v in scores.values())


def test_spread_is_refused_when_a_score_is_not_printed():
    result = an.score_spread(["北京", "上海", "杭州"], "env_rank")
    assert result.value is None and "杭州" in str(result.refusal)


@pytest.mark.parametrize(
    "text",
    [
        "Which cities have 60+ points on resource support?",
        "资源支持力过60分的是哪些城市？",
        "哪些城市资源支持力达到60分？",
    ],
)
def test_score_bounds_written_as_plus_or_guo(understanding, text):
    q = parse(understanding, text)
    assert q.threshold is not None and q.threshold.column == "score" and q.threshold.value == 60.0


def test_which_cities_follow_the_leader_over_a_score_is_that_ranking_list(understanding):
    q = parse(
        understanding,
        "And which cities come after it with 60-plus points?",
        ["Who leads on resource support?"],
    )
    assert q.operation is Operation.TOP and q.threshold is not None
    assert q.dimension is not None and q.dimension.key == "resource" and not q.cities


def test_a_score_bound_in_a_follow_up_is_on_the_ranking_in_focus(bot):
    text = answer_after(bot, "它多少分？后面60分以上的还有哪些城市？", ["资源支持力谁排第一？"])
    assert "资源支持力得分超过60分" in text and "总指数得分超过60分" not in text


def test_the_top_one_is_the_first_place():
    assert _places_named("By how much does the top one lead the third?") == [1, 3]


def test_how_far_ahead_the_top_one_is_over_the_third_on_the_ranking_in_focus(bot):
    first, third = _printed("上海", "环境支撑力"), _printed("深圳", "环境支撑力")
    text = answer_after(
        bot,
        "By how much does the top one lead the third?",
        ["Which cities scored above 60 on environment support?", "And the top three scores?"],
    )
    assert f"{first - third:.2f}" in text


# ---- what carries a city -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    ["Which dimension gets Nanjing into the top ten?", "南京是靠哪个维度进的前十？"],
)
def test_what_carries_a_city_is_its_strongest_dimension(understanding, text):
    q = parse(understanding, text)
    assert q.analysis is not None and q.analysis.kind == "own_extreme" and q.analysis.param("best") == "1"


# ---- follow-ups and measures -------------------------------------------------------------------------------------


def test_of_those_two_cities_after_two_single_city_policy_turns_takes_both(bot):
    text = answer_after(
        bot,
        "这两个城市谁的第一项政策出得更早？",
        ["报告列了南京几项政策？", "那青岛呢？"],
    )
    assert "南京" in text and "青岛" in text
    assert "这几个城市中，南京的最早" in text


def test_a_measures_leaders_asked_under_the_indicator_systems_name(understanding):
    q = parse(understanding, "Under the environment sub-indicators, which cities lead on R&D spending?")
    assert q.operation is Operation.FACT_MAX and q.metrics == ("rd_spending",)


def test_publisher_names_come_from_the_metadata_table():
    meta = load_report().metadata.set_index("key")["value"]
    assert PUBLISHER_NAMED.search(str(meta["publisher_2"]).lower())
    assert PUBLISHER_NAMED.search(str(meta["publisher_1_short"]).lower())
    assert PUBLISHER_NAMED.search("what does shangqi do?") and not PUBLISHER_NAMED.search("shangqiu")


# ---- found by development sets YO/YP ------------------------------------------------------------------------------


def test_the_two_after_two_single_city_turns_are_the_cities_not_two_rankings(bot):
    r = load_report().rankings.set_index("city")
    gap = abs(int(r.at["成都", "outcome_rank"]) - int(r.at["武汉", "outcome_rank"]))
    text = answer_after(
        bot,
        "What's the gap between the two on development outcomes?",
        ["Where is Chengdu overall?", "And Wuhan?"],
    )
    assert "Chengdu" in text and "Wuhan" in text and f"{gap} place" in text


def test_not_squeezing_into_the_top_ten_is_outside_it(understanding):
    q = parse(understanding, "哪些省会城市没能挤进总排名前十？")
    assert q.analysis is not None and q.analysis.op == ">" and q.analysis.value == 10.0


def test_a_later_edition_of_the_report_is_said_to_be_outside_it(bot):
    text = answer_after(bot, "Where was Shenzhen in the 2023-2024 edition?")
    assert text.startswith("**Note: the report is the 2020-2021 edition")


def test_a_homophone_typo_with_a_polyphonic_character_finds_the_city():
    resolver = load_report().resolver
    assert [m.city for m in resolver.find("长纱的发展成效怎么样")] == ["长沙"]
    assert not resolver.find("这个表长啥样")


def test_what_carries_a_city_quotes_the_reports_reasons_on_its_strongest_dimension(bot):
    r = load_report().rankings.set_index("city")
    four = {c: int(r.at["青岛", c]) for c in ("env_rank", "resource_rank", "knowledge_rank", "outcome_rank")}
    strongest = min(four, key=four.get)
    text = answer_after(bot, "青岛能进前十，主要靠的是哪个维度？")
    from index_core.dimensions import dimension

    assert f"报告对青岛{dimension(strongest).zh}的说法" in text and "「" in text


def test_a_score_bound_stated_for_a_second_city_is_checked(bot):
    text = answer_after(bot, "总指数北京超过80分，深圳也有80分以上，没错吧？")
    shenzhen = _printed("深圳", "总指数")
    assert f"深圳总指数得分 {shenzhen:.2f} 分" in text and "没有超过80分" in text
    assert "北京总指数" not in text.split("\n")[0]  # (Beijing's bound holds: nothing to correct)


@pytest.mark.parametrize(
    ("text", "corrected"),
    [
        ("Beijing has more than 20 AI unicorns, right?", False),
        ("北京的AI独角兽不到30家吧？", False),
        ("北京的AI独角兽超过30家吧？", True),
    ],
)
def test_a_bound_on_a_figure_is_checked_as_a_bound(bot, text, corrected):
    answer = answer_after(bot, text)
    assert ("Correction" in answer or "更正" in answer) is corrected


# ---- found by development sets YS/YT -------------------------------------------------------------------------------


def test_a_bound_alone_scopes_a_pick_on_another_ranking(understanding):
    q = parse(
        understanding, "Among cities outside the overall top ten, which has the best knowledge creation rank?"
    )
    assert q.analysis is not None and q.analysis.kind == "extreme"
    assert q.analysis.columns == ("knowledge_rank",) and q.analysis.param("scope") == "range:11:20:total_rank"


def test_coming_out_on_top_is_a_first_place_claimed(bot):
    text = answer_after(bot, "Given that Shenzhen ended up on top of the overall ranking, what explains it?")
    assert text.startswith("**Correction: Shenzhen (深圳) ranks 2nd on Overall index, not 1st**")


def test_a_group_pointed_at_with_na_ji_ge_is_a_scope_not_a_question(bot):
    text = answer_after(bot, "那几个省会城市，谁的知识创造力最好？")
    assert text.startswith("规则：在报告的样本分组“省会城市”中比较知识创造力排名")


def test_a_denied_group_said_with_only_quotes_what_the_report_singles_the_city_out_for(bot):
    text = answer_after(bot, "Suzhou is the only top-ten city that isn't a pilot-zone city, correct?")
    assert "Correction: the report does file Suzhou" in text and "唯一的地级市" in text


def test_ai_and_big_data_companies_are_a_figure_the_tables_hold(understanding):
    q = parse(understanding, "How many AI and big data companies are on record in Guangzhou?")
    assert q.metrics == ("ai_bigdata_enterprises",)


# ---- found by development sets YU/YV -------------------------------------------------------------------------------


def test_leaving_out_the_top_ten_is_a_real_word_not_a_typo_of_leading(understanding):
    q = parse(understanding, "Leaving out the overall top 10, who is best on knowledge creation?")
    assert q.analysis is not None and q.analysis.param("scope") == "range:11:20:total_rank"


def test_real_english_words_are_not_corrected_but_typos_are():
    from assistant.understanding.spelling import corrected

    assert corrected("sending and loading") == "sending and loading"
    assert "knowledge" in corrected("knowlege creation")


def test_a_span_of_years_is_no_bound_on_a_rank(understanding):
    q = parse(understanding, "How fast has Suzhou's AI industry grown over the past three years?")
    assert q.analysis is None or q.analysis.kind != "rank_filter"


def test_a_citys_figure_asked_with_tell_me_about_is_that_figure(bot):
    text = answer_after(
        bot, "How fast has it grown over the past three years?", ["Tell me about Suzhou's AI industry scale."]
    )
    assert "24.8%" in text and "the past three years" in text


# ---- found by development sets YW/YX -------------------------------------------------------------------------------


def test_a_description_checked_of_it_is_not_read_as_naming_the_city(bot):
    text = answer_after(
        bot,
        "Is it the only prefecture-level city in the top ten? And when did it get its pilot zone?",
        ["Who is 6th overall?"],
    )
    assert "唯一的地级市" in text and "2021年3月" in text


def test_the_cities_the_report_profiles_are_a_scope_and_their_number_is_not_n(understanding):
    q = parse(
        understanding,
        "Among the ten cities the report profiles in detail, which has the best knowledge creation rank?",
    )
    assert (
        q.analysis is not None
        and q.analysis.param("scope") == "top:10:total_rank"
        and q.analysis.param("n") == "1"
    )


# ---- found by development sets YY/YZ -------------------------------------------------------------------------------


def test_a_pinyin_name_written_apart_is_the_city():
    resolver = load_report().resolver
    assert [m.city for m in resolver.find("Compare Bei Jing with Guang-zhou")] == ["北京", "广州"]
    assert not resolver.find("which one is best")


def test_a_score_gap_between_two_cities_after_a_ranking_is_on_that_ranking(bot):
    gap = _printed("北京", "环境支撑力") - _printed("深圳", "环境支撑力")
    text = answer_after(bot, "北京比深圳高几分？", ["环境支撑力前三名各多少分？"])
    assert f"{gap:.2f}" in text and "环境支撑力得分" in text
