"""Families found by blind sets MA/MB and development sets XQ/XR: a bound said with "without being in"; the method's
prose asked in new words (how indicators become one score, why a data year, why the middle of a ranking is close
together); a city's thing asked after its rank ("那载体支持呢？有哪些园区？"); "which dimension is best" after a
dimension's rank; a conversational opener ("ok so …"); a city's other policies after one policy; a metric named
"coverage ratios" for four cities; a year that dates one of two figures; a stated score and a stated gap corrected
and computed; "the X dimension" naming one dimension; "that city" after a neighbour found; the bottom city carried
as "it"; "apart from Beijing, who is first"; English names the report says in Chinese (BAAI); a figure stated to be
checked in a report sentence.

Parsed values are asserted on the real Understanding; answers on the real Assistant (tables, passages, model).
Wordings here are written for these tests, not taken from any held-out set.
"""

from __future__ import annotations

from assistant.evaluation import answer_after
from assistant.evaluation import parsed_after as parse
from assistant.understanding.parser import _without_filler
from assistant.understanding.query import Operation
from index_core import load_report


def conditions(q) -> str:
    return str(q.analysis.param("conditions") or "") if q.analysis is not None else ""


# ---- "without being in the top N" ---------------------------------------------------------------------------
def test_without_being_in_the_top_ten_is_outside_it(understanding):
    q = parse(
        understanding, "Which cities are top 10 on resource support without being in the overall top 10?"
    )
    assert q.operation is Operation.ANALYTIC and q.analysis is not None
    assert conditions(q) == "resource_rank:<=:10;total_rank:>:10"


def test_without_being_in_the_top_ten_lists_only_the_cities_outside_it(bot):
    r = load_report().rankings
    outside = set(r[(r["resource_rank"] <= 10) & (r["total_rank"] > 10)]["city"])
    inside = set(r[(r["resource_rank"] <= 10) & (r["total_rank"] <= 10)]["city"])
    text = answer_after(
        bot, "Name the cities in the resource support top ten without being in the overall top ten."
    )
    assert outside and all(city in text for city in outside)
    assert not any(city in text for city in inside)


# ---- the method's prose ---------------------------------------------------------------------------------------
def test_many_indicators_into_one_number_is_the_method(understanding):
    q = parse(understanding, "How do they boil all those indicators down into a single score?")
    assert q.operation is Operation.METHOD


def test_why_an_older_data_year_is_the_data_periods(understanding):
    q = parse(understanding, "Why does the PE/VC indicator use 2020 numbers while R&D uses 2019 numbers?")
    assert q.operation is Operation.METHOD and "data" in q.aspects


def test_why_the_middle_of_a_ranking_is_close_together_quotes_the_report(bot):
    text = answer_after(bot, "总榜中间那些城市为啥分数拉不开？")
    assert "相差不大" in text


# ---- a city's things asked after its rank --------------------------------------------------------------------
def test_a_second_question_on_parks_after_a_rank_is_the_citys_sentence(understanding):
    q = parse(understanding, "那载体支持呢？有哪些重点园区？", ["武汉的资金支持排第几？"])
    assert len(q.parts) == 2
    assert q.parts[0].cities == ("武汉",) and q.parts[0].level2 == "载体支持"
    assert q.parts[1].operation is Operation.PASSAGE and q.parts[1].cities == ("武汉",)


def test_a_computed_second_part_stays_one_question(understanding):
    q = parse(understanding, "成都和武汉哪个总排名高？资源支持力谁强一点？")
    assert all(p.operation is not Operation.PASSAGE for p in q.parts)


def test_a_colloquial_second_question_is_asked_too(bot):
    sub = load_report().subranks
    place = int(sub[(sub["city"] == "南京") & (sub["indicator"] == "载体支持")]["rank"].dropna().iloc[0])
    text = answer_after(bot, "载体支持呢？有啥载体项目", ["南京资金支持排第几？"])
    assert f"第{place}名" in text and "产业园" in text


# ---- the best dimension after one dimension's rank ------------------------------------------------------------
def test_which_dimension_is_best_after_a_dimensions_rank_is_over_the_four(understanding):
    q = parse(understanding, "那它哪个维度最强？", ["郑州知识创造力排第几？"])
    assert q.analysis is not None and q.analysis.kind == "own_extreme"
    assert q.analysis.param("level") != "2"


def test_this_dimension_stays_on_the_dimension_in_focus(understanding):
    q = parse(understanding, "这个维度下它哪一项最强？", ["杭州资源支持力排第几？"])
    assert q.analysis is not None and q.analysis.param("within") == "resource_rank"


# ---- a conversational opener -----------------------------------------------------------------------------------
def test_an_opener_is_dropped_and_a_bare_one_kept():
    assert (
        _without_filler("ok so how far behind Shenzhen is Shanghai?")
        == "how far behind Shenzhen is Shanghai?"
    )
    assert _without_filler("好的，那广州呢？") == "那广州呢？"
    assert _without_filler("ok") == "ok"


def test_a_gap_after_an_opener_is_the_score_gap_in_focus(bot):
    text = answer_after(
        bot, "alright, so how far behind the #3 city is Guangzhou?", ["What is Shanghai's overall score?"]
    )
    assert "Guangzhou" in text or "广州" in text


# ---- other policies after one ---------------------------------------------------------------------------------
def test_a_citys_other_policies_after_one_policy_are_listed(understanding):
    q = parse(understanding, "成都建设试验区实施方案是哪个月发布的？成都另外还有哪些人工智能政策？")
    assert len(q.parts) == 2
    assert q.parts[1].operation is Operation.POLICIES and q.parts[1].topic is None


# ---- several cities' figure, a figure per year ------------------------------------------------------------------
def test_coverage_ratios_of_four_cities_name_the_figure(bot):
    report = load_report()
    f = report.facts
    rows = f[(f["metric"] == "industry_coverage") & f["city"].isin(["杭州", "广州", "成都", "上海"])]
    assert len(rows) == 4
    text = answer_after(
        bot, "Compare the industry coverage ratios of Hangzhou, Guangzhou, Chengdu and Shanghai."
    )
    for value in rows["value"].astype(str):
        assert value.rstrip("0").rstrip(".") in text


def test_a_year_dates_one_figure_and_leaves_the_undated_one(bot):
    text = answer_after(bot, "北京和深圳比一比：2020年GDP、AI领域发明专利占比各是多少？")
    assert "20.5" in text and "17.15" in text


# ---- a stated score and a stated gap --------------------------------------------------------------------------
def test_a_wrong_score_and_a_stated_gap_are_corrected_and_computed(bot):
    text = answer_after(bot, "深圳总指数87.63分，甩了上海十几分，差距怎么这么大？")
    assert "77.63" in text and "9.04" in text


# ---- one dimension named with its noun -----------------------------------------------------------------------
def test_the_x_dimension_names_one_dimension(understanding):
    q = parse(understanding, "Which four cities top the knowledge creation dimension?")
    assert q.operation is Operation.TOP and q.n == 4 and q.dimension is not None
    assert q.dimension.column == "knowledge_rank"


# ---- focus after a neighbour, the bottom city as "it", first among the others -------------------------------
def test_that_city_after_a_neighbour_is_the_neighbour(bot):
    r = load_report().rankings.set_index("city")
    second_last = str(r[r["total_rank"] == len(r) - 1].index[0])
    text = answer_after(
        bot,
        "What's that city's knowledge creation rank?",
        ["Which city is last overall?", "And the one just above it?"],
    )
    english = load_report().english_names
    name = english.get(second_last, second_last) if isinstance(english, dict) else second_last
    assert second_last in text or name in text
    assert f"{int(r.loc[second_last, 'knowledge_rank'])}th" in text


def test_the_bottom_city_is_it_in_the_next_part(bot):
    text = answer_after(bot, "Who is last overall, and in how many of the four dimensions is it last too?")
    assert "3 of the 4" in text


def test_first_apart_from_a_city_is_the_next_one(understanding):
    q = parse(understanding, "除了北京，知识创造力第一名是谁？")
    assert q.operation is Operation.TOP and q.set_aside == ("北京",)


# ---- passages: English names and stated figures -------------------------------------------------------------
def test_an_english_name_the_report_says_in_chinese_is_found(bot):
    text = answer_after(bot, "Which large model did BAAI put out, according to the report?")
    assert "悟道" in text


def test_a_stated_figure_is_checked_not_searched(bot):
    text = answer_after(bot, "报告说北京2020年AI企业融资大概800亿、300多笔，是这样吗？")
    assert "1000" in text and "430" in text


def test_second_after_a_city_set_aside_is_the_city_at_that_place(understanding):
    r = load_report().rankings
    second = str(r[r["knowledge_rank"] == 2]["city"].iloc[0])
    q = parse(understanding, "Which city comes second in knowledge creation after Beijing?")
    assert q.cities == (second,)


# ---- a second question joined by "and", a place on an outside list, general words for what a city does -------
def test_a_second_question_joined_by_and_alone_is_asked_too(bot):
    text = answer_after(
        bot,
        "And its enterprise scale - where does it rank and how many AI firms does it have?",
        ["杭州的AI发展怎么样？"],
    )
    assert "企业" in text and ("2nd" in text or "rank" in text.lower())
    assert "家" in text  # the count is quoted from the report's sentence


def test_a_place_on_an_outside_list_is_the_reports_sentence(bot):
    text = answer_after(bot, "总核心数有多少？在HPC TOP100榜单上排第几？", ["北京算力支持怎么样？"])
    assert "27万核" in text and "TOP3" in text


def test_what_a_city_lays_out_for_computing_is_what_it_built(bot):
    text = answer_after(bot, "成都在算力上有什么布局？")
    assert "Atlas 900" in text


def test_two_places_said_in_words_name_the_cities_at_them(understanding):
    r = load_report().rankings
    expected = tuple(str(r[r["total_rank"] == n]["city"].iloc[0]) for n in (3, 4))
    q = parse(understanding, "总榜第三和第四分别是谁？")
    assert q.operation is Operation.RANK and q.cities == expected


def test_which_and_what_of_one_group_stay_one_question(understanding):
    q = parse(
        understanding,
        "The sample has three separately planned cities. Which are they and what overall ranks did they get?",
    )
    assert not q.parts


# ---- after the MC/MD measurement: the end of a list in idiom, a premise before "so what keeps it", the slope ----
def test_the_rear_of_a_ranking_is_its_bottom(understanding):
    q = parse(understanding, "Which four cities bring up the rear on development outcomes?")
    assert q.operation is Operation.TOP and q.n == 4 and q.direction.value == "bottom"


def test_a_stated_place_then_so_what_keeps_it_explains_the_overall_place(understanding):
    q = parse(
        understanding, "Nanjing's development outcomes are only 15th, so what keeps it in the overall top 10?"
    )
    assert q.operation is Operation.EXPLAIN and q.cities == ("南京",) and q.dimension is None and not q.parts


def test_how_did_it_end_up_in_the_top_ten_is_explained(understanding):
    q = parse(understanding, "武汉资源支持力才第13，它是怎么进的前十？")
    assert q.operation is Operation.EXPLAIN and q.cities == ("武汉",)


def test_how_scores_fall_off_quotes_the_slope_sentence(bot):
    text = answer_after(
        bot, "How do the overall scores taper off down the ranking - what pattern does the report describe?"
    )
    assert "坡度" in text


def test_links_of_the_industry_chain_are_industry_coverage(bot):
    text = answer_after(
        bot, "Which cities' firms cover the most links of the AI industry chain, per the report?"
    )
    assert all(city in text for city in ("深圳", "西安", "青岛", "武汉"))
