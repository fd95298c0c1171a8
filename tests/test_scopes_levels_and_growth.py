"""Families found on blind sets YY/ZZ and development sets ZA/ZB: "the N lowest-ranked" as a scope, the scope's
cities shown, a city's own columns against its own overall rank, a second-level indicator compared (its stated
places and the figures that measure it), "each" as a plural reference, "占GDP多少" after R&D spending, the report's
named leaders of a second-level indicator asked as "which cities stand out", a group denied in brackets, a city
described in English, "the other two" after a question about the report, growth asked after figures.

Parsed values are asserted on the real Understanding; answers on the real Assistant (tables, passages, model).
Wordings here are written for these tests, not taken from any held-out or development set.
"""

from __future__ import annotations

import pytest

from assistant.evaluation import answer_after, conversation
from assistant.understanding.lexicon import lexicon
from assistant.understanding.query import Operation

answer = answer_after


# ---- scopes said as "the N lowest / highest" ---------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "kind", "n"),
    [
        ("Among the four lowest-ranked cities overall, who is best on knowledge creation?", "bottom", 4),
        ("Of the three highest ranked ones, which is weakest on environment support?", "top", 3),
        ("总排名最低的四个城市里，谁的知识创造力最好？", "bottom", 4),
        ("排名最靠前的三个城市中，谁的环境支撑力最弱？", "top", 3),
    ],
)
def test_the_n_lowest_or_highest_is_a_scope(understanding, text, kind, n):
    q = understanding.parse(text)
    assert q.analysis is not None
    assert q.analysis.param("scope") == f"{kind}:{n}:total_rank"


def test_the_best_of_the_lowest_is_computed_over_them(bot):
    text = answer(bot, "Among the four lowest-ranked cities overall, who is best on knowledge creation?")
    # Table 2: 17-20 are Zhengzhou, Xiamen, Shenyang, Dalian; knowledge creation 14, 16, 17, 20 -> Zhengzhou
    assert "Zhengzhou" in text.split("\n")[1] and "14th" in text.split("\n")[1]
    assert "Changsha" not in text


def test_a_places_scope_lists_its_cities(bot):
    text = answer(bot, "倒数四名的城市里，有没有哪个城市某一项进了前十？")
    assert "郑州第17" in text and "大连第20" in text


# ---- a city's own columns against its own overall rank ------------------------------------------------------
def test_own_columns_against_own_overall_rank_name_the_city(understanding):
    q = understanding.parse("长沙哪些维度的排名比它的总排名靠前？")
    assert q.cities == ("长沙",)
    assert q.analysis is not None and q.analysis.kind == "column_order"
    assert q.analysis.columns[-1] == "total_rank"


def test_own_columns_that_beat_the_overall_rank_are_named(bot):
    text = answer(bot, "长沙哪些维度的排名比它的总排名靠前？")
    # Table 2: Changsha 16th overall; environment support 14th and resource support 8th are ahead of it
    assert "满足的有2项**：环境支撑力第14名、资源支持力第8名" in text


# ---- a second-level indicator compared ---------------------------------------------------------------------
def test_level2_figures_name_real_indicators_and_metrics(bot):
    level2 = set(bot.report.indicators["level2"])
    metrics = set(bot.report.facts["metric"])
    for name, listed in lexicon().level2_figures.items():
        assert name in level2
        assert set(listed) <= metrics


def test_a_comparison_on_a_second_level_indicator_gives_its_places_and_figures(bot):
    text = answer(bot, "比较苏州和武汉的载体支持")
    # the profiles: Suzhou 载体支持 5th, Wuhan 8th; Wuhan has 18 provincial/national parks
    assert "载体支持第5名" in text and "载体支持第8名" in text
    assert "18" in text


def test_each_is_a_plural_reference(bot, understanding):
    history = ["Compare Hangzhou and Chengdu overall."]
    q = understanding.parse("How much PE/VC money did each get in 2020?", conversation(bot, history))
    assert set(q.cities) == {"杭州", "成都"}
    assert q.metrics[:1] == ("pevc_investment",)


def test_share_of_gdp_after_a_spending_figure_is_that_share(bot, understanding):
    q = understanding.parse("占GDP的比例是多少？", conversation(bot, ["深圳研发投入是多少？"]))
    assert q.metrics[:1] == ("rd_share_of_gdp",)


# ---- the named leaders of a second-level indicator ---------------------------------------------------------
@pytest.mark.parametrize(
    "text",
    ["哪些城市的研发环境比较突出？", "Which cities are strong on R&D environment?"],
)
def test_which_cities_stand_out_on_a_second_level_indicator_is_its_leaders(understanding, text):
    q = understanding.parse(text)
    assert q.operation is Operation.TOP and q.level2 == "研发环境"


def test_leaders_with_one_set_aside_name_the_others(bot):
    text = answer(bot, "除了深圳，还有哪些城市的组织环境比较突出？")
    assert "除深圳外" in text and "苏州、长沙" in text


# ---- groups and descriptions -------------------------------------------------------------------------------
def test_a_group_denied_in_brackets_is_outside_the_scope(understanding):
    q = understanding.parse(
        "How did the three separately planned cities (not pilot-zone cities) rank overall?"
    )
    assert q.subset is not None and (q.subset.kind, q.subset.group) == ("group", "计划单列市")


def test_a_city_described_in_an_english_sentence_before_the_question(understanding):
    q = understanding.parse(
        "The report mentions one prefecture-level city that made the overall top ten. Where is it on outcomes?"
    )
    assert q.cities == ("苏州",)


def test_the_other_two_after_a_question_about_the_report_asks_their_ranks(bot, understanding):
    history = ["样本里的三个省会城市是哪些？"]
    q = understanding.parse("另外两个呢？", conversation(bot, history))
    assert q.operation is Operation.RANK and len(q.cities) == 2


# ---- the report's sentence for growth and for what is special ----------------------------------------------
def test_growth_after_figures_is_the_sentence_that_gives_it(bot):
    text = answer(
        bot, "How fast did those grow?", ["What did Chengdu's AI enterprise scale look like in 2020?"]
    )
    assert "83%" in text and "67%" in text


def test_what_is_special_is_the_distinction_sentence(bot):
    text = answer(bot, "为啥说苏州工业园区比较特殊？")
    assert "全国首个" in text


# ---- why, for several cities and for two dimensions ----------------------------------------------------------
def test_why_several_cities_lead_is_the_reports_statement_naming_them(bot):
    text = answer(bot, "为什么深圳和武汉的产业覆盖度比较高？")
    assert "产业链环节较多" in text.split("\n")[0]
    assert "14.3%" in text and "13.3%" in text


def test_why_with_two_dimensions_named_explains_both(bot):
    text = answer(bot, "南京的发展成效排第15，知识创造力却是第6，为什么？")
    assert "发展成效（第15名）" in text or "知识创造力（第6名）" in text
    assert "高校" in text and "企业规模" in text


def test_its_best_dimension_is_over_the_four(understanding):
    q = understanding.parse(
        "Hangzhou's strength is said to be development outcomes. What's its rank there, and is that its best dimension?"
    )
    assert q.analysis is not None and q.analysis.kind == "own_extreme"
    assert q.analysis.param("level") != "2"


def test_a_rank_asked_after_a_figure_is_the_city_in_focus(bot, understanding):
    q = understanding.parse("它的GDP是多少？产业覆盖度排第几？", conversation(bot, ["杭州有哪些AI政策？"]))
    assert q.parts and q.parts[-1].operation is Operation.RANK and q.parts[-1].cities == ("杭州",)
