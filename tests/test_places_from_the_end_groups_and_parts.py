"""Families found by development sets XA/XB and blind sets TT/II: a city named by its place counted from the
bottom or by its sample group inside a ranking's top N, a bound said as "missing the top 10" or shared by "both",
the extreme among named cities then a ratio against it, a date's month never read as a stated figure, an amount
stated as given and corrected, two parts that find the same sentence, a second thing asked as a bare noun
("and its GDP?"), policies by the target year they name, the particulars of what was just found, and a city the
report names beside the one asked about.

Parsed values are asserted on the real Understanding; answers on the real Assistant (tables, passages, model).
Wordings here are written for these tests, not taken from any held-out set.
"""

from __future__ import annotations

import pytest

from assistant.evaluation import answer_after
from assistant.understanding.parser import Understanding
from assistant.understanding.query import Operation


def parse(u: Understanding, text: str):
    return u.parse(text, [])


# ---- a city named by its place from the bottom, or by its group inside a top N ------------------------------
@pytest.mark.parametrize(
    ("text", "city"),
    [
        ("总排名倒数第二的那个城市，环境支撑力排第几？", "沈阳"),  # 19th of 20 overall
        ("倒数第一的城市在发展成效上排第几？", "大连"),
        ("Take the city that finished dead last overall: where is it on knowledge creation?", "大连"),
        ("总排名前十里的那个计划单列市，资源支持力排第几？", "青岛"),  # the report's group: 青岛、厦门、大连
        ("The provincial capital inside the overall top 10 - what's its environment support rank?", "南京"),
    ],
)
def test_a_city_named_by_its_place_from_the_end_or_its_group_in_a_top_n(understanding, text, city):
    q = parse(understanding, text)
    assert q.cities == (city,)
    assert q.operation is Operation.RANK


def test_a_city_described_by_a_place_name_only_its_sentences_hold(bot):
    # "东湖" appears only in Wuhan's policy table (东湖新技术开发区); a region word adds nothing
    text = answer_after(bot, "东湖开发区所在的那个华中城市，知识创造力排第几？")
    assert "武汉" in text and "第10" in text


# ---- bounds: "missing the top 10", one bound on both columns named ------------------------------------------
def test_missing_the_top_ten_bounds_from_below_and_both_columns_share_a_bound(understanding):
    q = parse(
        understanding,
        "Which cities are top 10 in both resource support and knowledge creation while missing the overall top 10?",
    )
    assert q.analysis is not None and q.analysis.kind == "rank_filter"
    conditions = set(q.analysis.param("conditions").split(";"))
    assert conditions == {"resource_rank:<=:10", "knowledge_rank:<=:10", "total_rank:>:10"}


# ---- the extreme among named cities, then a ratio against it --------------------------------------------------
def test_the_lowest_of_named_cities_then_a_ratio_against_it(bot):
    text = answer_after(bot, "深圳、上海、成都、武汉的PE/VC投资规模谁最低？上海是它的多少倍？")
    # 武汉 35亿元 is the lowest of the four; 上海 300亿元 ÷ 35 = 8.57
    assert "上海是武汉的8.57倍" in text


# ---- dates and amounts said in the question ----------------------------------------------------------------
def test_a_month_in_the_question_is_when_not_a_figure_to_check(understanding, bot):
    q = parse(understanding, "2020年9月南京图灵研究院孵化的项目估值多少？")
    assert q.metrics == ("incubated_project_valuation",)
    assert not [c for c in q.claims if c.kind == "number"]
    assert "24亿元" in answer_after(bot, "2020年9月南京图灵研究院孵化的项目估值多少？")


def test_an_amount_stated_as_given_is_checked_against_the_sentence(bot):
    text = answer_after(bot, "上海那只800亿的先导产业基金，主要投向哪些产业？")
    assert "更正" in text and "1000亿" in text and "集成电路" in text


# ---- two parts, one sentence each ------------------------------------------------------------------------
def test_two_parts_that_find_one_sentence_each_get_their_own(bot):
    text = answer_after(bot, "北京的超级云计算中心有多少核？它在HPC TOP100榜单上排第几？")
    assert "27万核" in text and "TOP3" in text


def test_a_second_thing_asked_as_a_bare_noun_is_its_own_part(bot):
    text = answer_after(
        bot, "And its score on it, and its GDP growth?", ["Who leads on environment support?"]
    )
    assert "88.26" in text and "1.7%" in text  # Shanghai: environment score, and GDP growth


# ---- policies: a target year, a month within the list, the particulars -----------------------------------
def test_a_year_after_every_issue_date_finds_the_policy_aiming_at_it(bot):
    text = answer_after(bot, "有没有哪项政策提到了2025年？", ["南京有哪些人工智能政策？"])
    assert "南京市打造人工智能产业地标行动计划" in text and "提到2025年的政策：1项" in text


def test_a_month_asked_of_the_list_just_given(bot):
    text = answer_after(bot, "这里面2021年4月出的是哪些？", ["苏州有哪些AI政策？"])
    assert "促进新一代人工智能产业发展的若干措施" in text
    assert "建设国家新一代人工智能创新发展试验区实施方案" in text


def test_the_particulars_of_what_was_just_found(bot):
    text = answer_after(bot, "具体目标是什么？", ["南京有哪些人工智能政策？", "哪一项说了2025年要达到什么？"])
    assert "全国前三" in text


# ---- a city named beside the one asked about ----------------------------------------------------------------
def test_another_city_sharing_something_is_read_from_the_report_sentence(bot):
    text = answer_after(
        bot, "Which other city is part of that pilot zone with it?", ["What AI policies does Qingdao have?"]
    )
    assert "济南" in text


# ---- which one's bigger, said with a contraction ----------------------------------------------------------
def test_which_ones_bigger_compares_the_cities_in_play(bot):
    text = answer_after(
        bot, "and shanghai? which one's bigger", ["What was Shenzhen's PE/VC investment in 2020?"]
    )
    assert "Shanghai (上海) is higher" in text


def test_this_company_is_not_a_word_to_search_for(bot):
    text = answer_after(bot, "以萨这家企业拿到的是哪一轮投资？")
    assert "Pre-IPO" in text


# ---- the back page's contact lines --------------------------------------------------------------------------
def test_the_publishers_contact_lines_are_on_the_back_page(bot):
    text = answer_after(bot, "How can I reach ShangQi — what's their phone number and office address?")
    assert "010-82282177" in text and "花园路" in text


# ---- places written as numbers, the runners-up, a list's cities asked about next ---------------------------
def test_places_written_as_numbers_are_the_cities_there(bot):
    text = answer_after(bot, "What is the score gap between No.2 and No.3 overall?")
    assert "77.63 − 68.59 = 9.04" in text


def test_the_runners_up_after_the_leader(bot):
    text = answer_after(bot, "And the two runners-up, with their scores?", ["Which city is first overall?"])
    assert "77.63" in text and "68.59" in text


def test_their_figures_after_a_top_list_are_the_listed_cities(understanding):
    q = parse(understanding, "Who are the top two on development outcomes? what are their GDPs?")
    assert len(q.parts) == 2 and q.parts[1].metrics == ("gdp",)
    assert q.parts[1].cities == ("北京", "深圳")  # development outcomes: Beijing 1st, Shenzhen 2nd


# ---- first on all four, stated as given ---------------------------------------------------------------------
def test_first_on_all_four_dimensions_is_checked_on_each(understanding, bot):
    q = parse(understanding, "Since Beijing leads on all four dimensions, where is its lead smallest?")
    assert {(c.column, int(c.value)) for c in q.claims if c.kind == "rank"} >= {
        ("env_rank", 1),
        ("outcome_rank", 1),
    }
    text = answer_after(bot, "Since Beijing leads on all four dimensions, where is its lead smallest?")
    assert "Correction" in text and "Shanghai" in text


# ---- a column falling furthest against the city's own overall rank ---------------------------------------
def test_the_city_falling_furthest_on_a_column_against_its_overall_rank(understanding):
    q = parse(understanding, "哪个城市的环境支撑力相对自己的总排名掉得最厉害？")
    assert q.analysis is not None and q.analysis.kind == "column_gap"
    assert q.analysis.param("better") == "total_rank"


# ---- that dimension, after an answer that named it ------------------------------------------------------
def test_that_dimension_after_an_answer_naming_it(bot):
    text = answer_after(bot, "这方面报告举了什么例子？", ["武汉最强的一级指标是哪个？"])
    assert "武汉发展成效排名第6" in text and "报告的相关原文（武汉）" in text


def test_last_on_all_four_is_checked_and_the_place_asked_is_answered(bot):
    text = answer_after(bot, "既然沈阳四个一级指标都垫底，那资源支持力倒数第二是谁？")
    # 沈阳 is last on resource support only (19th on environment, 17th on knowledge, 19th on outcomes); 大连 is 19th
    assert "更正" in text and "大连资源支持力排名第19" in text


def test_contact_details_asked_after_the_publishers(bot):
    text = answer_after(bot, "他们的联系电话和地址是什么？", ["这份报告是谁发布的？"])
    assert "010-82282177" in text and "花园路" in text


def test_a_publisher_stated_for_checking_gets_the_reports_own(bot):
    text = answer_after(bot, "Someone told me this report was written by IDC — is that right?")
    assert "北京上奇数字科技有限公司" in text and "新一代人工智能产业技术创新战略联盟" in text


# ---- development sets XE/XF ---------------------------------------------------------------------------------
def test_the_cities_profiled_one_by_one_and_the_last_of_them(bot):
    text = answer_after(bot, "报告里单独分析了哪些城市？")
    assert text.index("北京") < text.index("南京") and "(十) 南京：本土优质企业不断壮大" in text
    after = answer_after(
        bot, "The last one on that list — what's its overall rank?", ["Which cities get a detailed profile?"]
    )
    assert "Nanjing (南京) ranks 10th" in after


def test_it_together_with_a_named_city_is_both(bot):
    text = answer_after(bot, "报告说它和济南共同建设了什么？", ["青岛总排名第几？"])
    assert "济南-青岛人工智能创新应用先导区" in text


def test_what_a_city_plans_on_a_sub_indicator_is_its_sentence(bot):
    text = answer_after(bot, "那它在算力方面准备做什么？", ["青岛排第几？", "它的知识创造力呢？"])
    assert "超级计算中心" in text


def test_how_many_cities_it_covers_is_the_sample(bot):
    text = answer_after(bot, "And how many cities does it cover?", ["Who published this report?"])
    assert "20 cities" in text
