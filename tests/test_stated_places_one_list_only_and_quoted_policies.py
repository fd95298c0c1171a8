"""Families found by blind sets DD/FF and development sets XK/XL: several places stated for one city ("总排名12，可
A和B都排第7") taken as premises; the score gap asked after a dimension's scores ("谁的环境支撑力得分高？差几分？");
cities in exactly one of two top-N lists, or in the first but not the second said in English ("but not for");
a range typed with an en dash; a year stated to be checked while the question asks when; the national place of a
figure just given ("where does that put it among Chinese cities?"); a statement naming what "it" is; a profile's
headline quoted (its words name no dimension); a weight asked as a percentage; "the next one" after an event; the
policy-table row beside a sentence naming a policy; the recommendations' finding on model training; 北上深.

Parsed values are asserted on the real Understanding; answers on the real Assistant (tables, passages, model).
Wordings here are written for these tests, not taken from any held-out set.
"""

from __future__ import annotations

from assistant.evaluation import answer_after
from assistant.evaluation import parsed_after as parse
from assistant.text import clean
from assistant.understanding.query import Operation
from index_core import load_report


def rank_claims(q) -> dict[str, float]:
    return {c.column: c.value for c in q.claims if c.kind == "rank"}


# ---- several places stated for one city ---------------------------------------------------------------------
def test_two_dimensions_given_one_place_are_both_stated(understanding):
    q = parse(understanding, "杭州总排名第5，环境支撑力和资源支持力都排第4，那它最弱的是哪个维度？")
    assert rank_claims(q) == {"total_rank": 5, "env_rank": 4, "resource_rank": 4}
    assert q.analysis is not None and q.analysis.kind == "own_extreme"
    # the weak spot is sought beyond the two dimensions the question settles
    assert {"knowledge_rank", "outcome_rank"} <= set(q.analysis.columns)


def test_a_later_place_in_english_is_on_the_dimension_after_it(understanding):
    q = parse(
        understanding, "Wuhan is 7th overall but 6th in development outcomes; which dimension is its weakest?"
    )
    assert rank_claims(q) == {"total_rank": 7, "outcome_rank": 6}


def test_the_weakest_dimension_after_stated_places_is_the_true_one(bot):
    report = load_report()
    row = report.rankings.set_index("city").loc["西安"]
    text = answer_after(bot, "西安总排名第12，知识创造力和发展成效都是第7，它哪个维度最拖后腿？")
    weakest = max(("env_rank", "resource_rank"), key=lambda c: row[c])
    assert f"第{int(row[weakest])}名" in text


# ---- the score gap after a dimension's scores ----------------------------------------------------------------
def test_the_gap_asked_after_a_dimensions_scores_stays_on_that_dimension(understanding):
    q = parse(understanding, "上海和北京，谁的环境支撑力得分高？高多少分？")
    assert len(q.parts) == 2
    gap = q.parts[1].analysis
    assert gap is not None and gap.kind == "score_gap" and gap.columns == ("env_rank",)


def test_the_score_gap_on_a_dimension_is_computed_from_its_two_scores(bot):
    text = answer_after(bot, "上海和北京，谁的环境支撑力得分高？高多少分？")
    assert "88.26 − 86.80 = 1.46" in text


# ---- exactly one of two top-N lists ------------------------------------------------------------------------
def test_cities_on_one_list_only_are_an_exclusive_match(understanding):
    q = parse(understanding, "环境支撑力前十和资源支持力前十，哪些城市只在其中一个榜单上？")
    assert q.analysis is not None and q.analysis.kind == "rank_filter"
    assert q.analysis.param("match") == "exactly"


def test_cities_on_one_list_only_are_the_symmetric_difference(bot):
    ranks = load_report().rankings
    env, resource = ranks["env_rank"] <= 10, ranks["resource_rank"] <= 10
    expected = set(ranks.loc[env ^ resource, "city"])
    text = answer_after(bot, "环境支撑力前十和资源支持力前十，哪些城市只在其中一个榜单上？")
    assert f"共{len(expected)}个城市" in text
    assert all(city in text for city in expected)
    both = set(ranks.loc[env & resource, "city"])
    assert not any(f"- {city}：" in text for city in both)


def test_but_not_for_the_second_ranking_excludes_it(understanding):
    q = parse(
        understanding, "Which cities make the top 10 on environment support but not on resource support?"
    )
    assert q.analysis is not None
    assert q.analysis.param("conditions") == "env_rank:<=:10;resource_rank:>:10"


# ---- a range typed with an en dash --------------------------------------------------------------------------
def test_a_range_typed_with_an_en_dash_reads_as_a_range(understanding):
    assert clean("ranked 6–10 overall") == "ranked 6-10 overall"
    q = parse(understanding, "Of the cities ranked 6–10 overall, which has the best knowledge creation rank?")
    assert q.analysis is not None and q.analysis.param("scope") == "range:6:10:total_rank"


# ---- a year stated to be checked, while the question asks when --------------------------------------------
def test_a_year_stated_to_be_checked_does_not_filter_when_asked(understanding):
    q = parse(understanding, "武汉是2019年获批试验区的吧？它的试验区建设政策是什么时候出台的？")
    assert q.operation is Operation.POLICIES
    assert q.years == ()


# ---- the national place of a figure just given ----------------------------------------------------------
def test_the_national_place_of_a_figure_just_given(understanding):
    q = parse(
        understanding, "And where does it rank nationally?", ["How big was Shenzhen's economy (GDP) in 2020?"]
    )
    assert q.operation is Operation.FACT
    assert q.cities == ("深圳",)
    assert "gdp_rank_national" in q.metrics


# ---- a statement naming what "it" is ----------------------------------------------------------------------
def test_a_statement_names_what_it_is(bot):
    text = answer_after(
        bot, "Qingdao issued an implementation opinion on AI education. When was it released?"
    )
    assert "2020年8月" in text or "2020 年 8 月" in text


# ---- a profile's headline quoted ------------------------------------------------------------------------
def test_a_quoted_headline_names_no_dimension(understanding):
    q = parse(understanding, "关于青岛，报告用了“产业环境持续优化”这个标题，怎么理解？")
    assert q.dimension is None
    assert q.operation is not Operation.RANK


# ---- a weight asked ---------------------------------------------------------------------------------------
def test_a_weight_asked_as_a_percentage_is_the_method(bot):
    text = answer_after(bot, "How heavily is resource support weighted in the overall index, in percent?")
    assert "does not publish" in text and "weights" in text


# ---- the next edition of an event in focus ------------------------------------------------------------------
def test_the_next_one_after_an_event_is_that_citys_sentence(bot):
    text = answer_after(bot, "下一届上要揭牌什么？", ["苏州举办过几届全球人工智能产品应用博览会？"])
    assert "协同创新中心" in text


# ---- the policy-table row beside a sentence naming a policy -------------------------------------------------
def test_a_policy_named_in_the_quoted_sentence_shows_its_table_row(bot):
    text = answer_after(bot, "深圳首部人工智能地方性法规主要围绕哪些内容？")
    assert "促进条例" in text and "明确范围" in text


# ---- the recommendations' finding on model training --------------------------------------------------------
def test_the_recommendations_give_the_finding_on_model_training(bot):
    text = answer_after(bot, "报告为什么建议城市布局算力基础设施？")
    assert "模型训练对算力要求" in text


# ---- 北上深 ------------------------------------------------------------------------------------------------
def test_bei_shang_shen_names_three_cities(understanding):
    q = parse(understanding, "北上深的总排名分别是多少？")
    assert set(q.cities) == {"北京", "上海", "深圳"}


# ---- two places said together --------------------------------------------------------------------------
def test_two_places_said_together_are_the_cities_at_them(understanding):
    ranks = load_report().rankings.set_index("knowledge_rank")
    q = parse(understanding, "知识创造力排第3和第4的分别是谁？")
    assert q.operation is Operation.RANK
    assert q.cities == (ranks.loc[3, "city"], ranks.loc[4, "city"])


# ---- a figure's word inside the name of a thing -----------------------------------------------------------
def test_a_figure_word_naming_a_thing_is_the_reports_sentence(bot):
    text = answer_after(bot, "深圳那个E级AI算力的平台是谁建设的？")
    assert "鹏城" in text
    assert "报告没有给出深圳的" not in text


# ---- the same figure as another city --------------------------------------------------------------------
def test_the_cities_with_the_same_figure_are_listed(bot):
    facts = load_report().facts
    coverage = facts[facts["metric"] == "industry_coverage"].drop_duplicates("city")
    value = coverage.loc[coverage["city"] == "上海", "value"].iloc[0]
    same = set(coverage.loc[(coverage["value"] == value) & (coverage["city"] != "上海"), "city"])
    text = answer_after(bot, "上海的产业覆盖度是多少？跟哪个城市一样？")
    assert same and all(city in text for city in same)
    assert "与上海产业覆盖度相同的城市" in text


def test_the_same_figure_asked_after_a_figure_stays_on_its_city(understanding):
    q = parse(understanding, "和哪个城市一样？", ["杭州的产业覆盖度是多少？"])
    assert q.operation is Operation.FACT
    assert q.cities == ("杭州",) and "industry_coverage" in q.metrics


# ---- a city's own columns counted, the city carried as "it" ----------------------------------------------
def test_columns_counted_of_the_city_just_found(bot):
    ranks = load_report().rankings
    last = ranks.loc[ranks["total_rank"] == ranks["total_rank"].max()].iloc[0]
    count = sum(
        int(last[c]) == len(ranks) for c in ("env_rank", "resource_rank", "knowledge_rank", "outcome_rank")
    )
    text = answer_after(
        bot, "Which city is ranked last overall? In how many of the four dimensions is it last as well?"
    )
    assert f"{count} of the 4 meet it" in text


def test_columns_counted_of_the_first_of_a_top_list(bot):
    ranks = load_report().rankings
    first = ranks.loc[ranks["total_rank"] == 1].iloc[0]
    count = sum(int(first[c]) == 1 for c in ("env_rank", "resource_rank", "knowledge_rank", "outcome_rank"))
    text = answer_after(bot, "Who is first overall, and on how many of the four dimensions is it also first?")
    assert f"{count} of the 4 meet it" in text


# ---- chapter two's sentence naming a city on a second-level indicator --------------------------------------
def test_a_second_level_indicator_asked_of_an_unprofiled_city_quotes_chapter_two(bot):
    text = answer_after(bot, "报告有没有提到西安的产业覆盖度？")
    assert "深圳、西安、青岛和武汉企业覆盖的人工智能产业链环节较多" in text


# ---- every listed city set aside ---------------------------------------------------------------------------
def test_the_first_place_with_its_holder_set_aside_is_the_next_city(bot):
    ranks = load_report().rankings.sort_values("total_rank")
    second = ranks.iloc[1]["city"]
    text = answer_after(bot, "Apart from Beijing, who is top overall?")
    assert "went wrong" not in text
    assert f"({second})" in text and "(2nd)" in text
