"""Families found by blind sets MC/MD and development sets XU/XV/XW/XX: a region named for its cities ("西部城市",
"东北那两个", "西南那个直辖市", "northeastern cities"), read by common geography and said so; one city's lead on a
dimension asked without naming the rival ("领先多少分", "how far ahead"), and the place it is measured against not
read as its own place; the best among three or more named cities; a score bound with the city the others come
after set aside; a city's policies asked as "it" after a passage; the cities leading on a second-level indicator
asked with its indicator's name; why a dated policy matters.

Parsed values are asserted on the real Understanding; answers on the real Assistant (tables, passages, model).
Wordings here are written for these tests, not taken from any held-out set.
"""

from __future__ import annotations

from assistant.evaluation import answer_after
from assistant.evaluation import parsed_after as parse
from assistant.understanding.query import Operation
from index_core import load_report


def rank_of(city: str, column: str) -> int:
    r = load_report().rankings
    return int(r.loc[r["city"] == city, column].iloc[0])


# ---- regions ----------------------------------------------------------------------------------------------------
def test_a_region_word_before_cities_stands_for_its_cities(understanding):
    q = parse(understanding, "西部城市里谁的发展成效排名最好？")
    assert set(q.cities) == {"重庆", "成都", "西安"}
    assert q.operation is Operation.ANALYTIC and q.analysis is not None and q.analysis.kind == "extreme"
    assert q.regions and q.regions[0][0] == "西部"


def test_a_region_inside_a_name_is_not_a_region(understanding):
    q = parse(understanding, "西南交通大学在哪个城市？")
    assert "重庆" not in q.cities and not q.regions


def test_a_region_said_of_a_kind_of_city_is_the_cities_that_are_both(understanding):
    q = parse(understanding, "东北那个省会城市的知识创造力排第几？")
    assert "沈阳" in q.cities or q.subset is not None  # the group reading may carry it
    q = parse(understanding, "西南那个直辖市的资源支持力排第几？")
    assert q.cities == ("重庆",)


def test_a_region_answer_says_how_it_was_read(bot):
    text = answer_after(bot, "Among the north-eastern cities, which ranks higher on development outcomes?")
    winner = min(("沈阳", "大连"), key=lambda c: rank_of(c, "outcome_rank"))
    assert "common geography" in text and "Shenyang" in text and "Dalian" in text
    assert {"沈阳": "Shenyang", "大连": "Dalian"}[winner] in text.split("\n\n", 1)[1].splitlines()[1]


# ---- one city's lead -------------------------------------------------------------------------------------------
def test_a_lead_asked_of_one_city_is_a_gap_to_the_runner_up(understanding):
    q = parse(understanding, "上海的环境支撑力领先多少分？")
    assert q.operation is Operation.ANALYTIC and q.analysis is not None
    assert q.analysis.kind == "score_gap" and q.analysis.param("lead") == "1"


def test_the_place_a_lead_is_over_is_not_the_city_s_own_place(understanding):
    q = parse(understanding, "深圳的总指数领先第三名多少分？")
    assert q.analysis is not None and q.analysis.kind == "score_gap"
    assert not any(c.kind == "rank" for c in q.claims)  # "第三名" is the rival, not Shenzhen's place


def test_a_lead_asked_of_a_city_that_is_not_first_says_so_and_gives_the_gap(bot):
    text = answer_after(bot, "How big is Beijing's lead on environment support?")
    assert "does not lead" in text and "Shanghai" in text
    assert "1.46" in text  # 88.26 − 86.80, both printed in chapter two


def test_a_lead_of_the_first_city_is_over_the_second(bot):
    text = answer_after(bot, "北京的总指数甩开第二名多少分？")
    assert "深圳" in text and "11.09" in text


# ---- the best among named cities ---------------------------------------------------------------------------------
def test_the_best_among_three_named_cities_is_one_answer(understanding):
    q = parse(understanding, "杭州、南京、合肥谁的资源支持力排名最靠前？")
    assert q.operation is Operation.ANALYTIC and q.analysis is not None and q.analysis.kind == "extreme"
    assert q.analysis.columns == ("resource_rank",)


# ---- a score bound with the city the others come after ----------------------------------------------------------
def test_cities_after_a_named_city_under_a_score_bound(understanding):
    q = parse(understanding, "除了上海，环境支撑力得分高于80分的城市有哪些？")
    assert q.set_aside == ("上海",) and q.threshold is not None and not q.cities


def test_cities_after_it_under_a_score_bound_sets_it_aside(bot):
    text = answer_after(
        bot,
        "Which cities come after it with a score over 60?",
        ["Which city tops resource support?"],
    )
    assert "Beijing (北京) set aside" in text
    assert all(name in text for name in ("Shanghai", "Shenzhen", "Suzhou"))


# ---- policies asked as "it" after a passage ---------------------------------------------------------------------
def test_its_policies_in_a_year_after_a_passage(bot):
    policies = load_report().policies
    wuhan = policies[policies["city"] == "武汉"]
    year = int(wuhan["year"].min())
    title = wuhan[wuhan["year"] == year]["title"].iloc[0]
    text = answer_after(bot, f"它{year}年发布过哪些人工智能政策？", ["武汉的人工智能计算中心有多大算力？"])
    assert title in text


# ---- the cities leading on a second-level indicator -------------------------------------------------------------
def test_cities_good_on_an_indicator_are_the_report_leaders_not_the_tree(understanding):
    q = parse(understanding, "研发机构多、研发环境好的城市有哪些？")
    assert q.operation is not Operation.INDICATORS


# ---- why a dated policy matters -------------------------------------------------------------------------------------
def test_why_a_dated_policy_matters_is_its_policy_line(understanding):
    q = parse(understanding, "Why is the Shenzhen regulation from June 2021 seen as important?")
    assert q.operation is Operation.POLICIES and q.cities == ("深圳",)


# ---- development sets XW/XX: groups said "not among", leaders named, dated laws, contrasts, approvals -----------------
def test_not_among_the_pilot_zone_cities_is_outside_the_group(understanding):
    q = parse(
        understanding, "Which of the top 10 overall are not among the 14 national AI pilot-zone cities?"
    )
    assert q.analysis is not None and q.analysis.param("scope") == "notgroup:试验区城市"


def test_the_cities_the_report_praises_on_a_second_level_indicator(bot):
    leaders = load_report().leaders
    row = leaders[leaders["level2"] == "知识储备"].iloc[0]
    text = answer_after(bot, "报告在知识储备上点名夸了哪几个城市？")
    assert all(city in text for city in row["cities"].split(";"))


def test_the_highest_figure_adds_the_report_leaders_on_its_indicator(bot):
    leaders = load_report().leaders
    row = leaders[leaders["level2"] == "研发环境"].iloc[0]
    text = answer_after(bot, "Which cities have the highest R&D input according to the report?")
    assert row["quote"] in text


def test_a_dated_law_and_why_it_matters_is_one_policy_question(understanding):
    q = parse(
        understanding,
        "Which AI regulation did Shenzhen publish for comment in 2021, and why is it important?",
    )
    assert q.operation is Operation.POLICIES and not q.parts


def test_a_dimension_rank_then_yet_an_overall_rank_explains_the_overall(understanding):
    q = parse(understanding, "Why is Hefei 9th on knowledge creation but only 14th overall?")
    assert q.operation is Operation.EXPLAIN and q.dimension is None


def test_when_it_was_approved_after_a_rank_is_about_the_city(understanding):
    q = parse(understanding, "它哪一年获批建设国家新一代人工智能创新发展试验区？", ["成都的总排名是多少？"])
    assert q.cities == ("成都",) and q.operation is Operation.PASSAGE


def test_each_place_after_a_gap_on_an_indicator_stays_on_it(understanding):
    q = parse(understanding, "分别排第几？", ["杭州和南京在产业覆盖度上差多少？"])
    assert set(q.cities) == {"杭州", "南京"} and q.level2 == "产业覆盖度"


def test_policies_of_profiled_cities_in_a_year_are_policies(understanding):
    q = parse(understanding, "Which profiled cities have a 2017 policy in their tables?")
    assert q.operation is Operation.POLICIES and q.years == (2017,)


# ---- blind sets ME/MF (after their first run): a bound said once, one city's spread, the profiled ten as a scope,
# "which of the two" on a new dimension, "怎么还能进前十" ------------------------------------------------------------------
def test_a_bound_said_once_holds_for_the_negated_side(understanding):
    q = parse(understanding, "资源支持力进了前十而总排名没进的是哪几个城市？")
    assert q.analysis is not None
    assert q.analysis.param("conditions") == "resource_rank:<=:10;total_rank:>:10"


def test_the_biggest_gap_between_any_two_of_a_city_s_ranks_is_its_spread(understanding):
    q = parse(understanding, "What is the largest gap between any two of Wuhan's first-level ranks?")
    assert q.operation is Operation.ANALYTIC and q.analysis is not None and q.analysis.kind == "imbalance"


def test_the_profiled_cities_are_a_scope_of_the_overall_top(understanding):
    profiled = sum(load_report().cities["profiled"].astype(str).str.lower().isin(["yes", "true", "1"]))
    q = parse(
        understanding, "Among the cities profiled one by one, which has the weakest knowledge creation rank?"
    )
    assert q.subset is not None and q.subset.kind == "top" and q.subset.n == profiled
    assert q.analysis is not None and q.analysis.param("n") in (None, "1")


def test_which_of_the_two_on_a_new_dimension_keeps_the_two(understanding):
    q = parse(understanding, "发展成效又是谁更好？", ["杭州和南京谁的总排名更高？"])
    assert set(q.cities) == {"杭州", "南京"}


def test_how_it_still_made_the_top_ten_is_why(understanding):
    q = parse(understanding, "天津资源支持力第6，怎么总排名还是没能进前十？")
    assert q.operation is Operation.EXPLAIN or q.analysis is None
    q = parse(understanding, "武汉知识创造力才第10，怎么总排名还能进前十？")
    assert q.operation is Operation.EXPLAIN and q.dimension is None
