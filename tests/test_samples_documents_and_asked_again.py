"""Families found by blind sets RR/SS and development sets TA/TB: a place past the sample's last and a sample size
stated beside another ask, a policy found by what it says, the same question asked of another city, a share asked
right after a figure, a why-question worded as "how does X make …", a place held on several dimensions, two
stretches of one list, the report's reasons for a city it does not profile, a clause quoted with its subject.

Parsed values are asserted on the real Understanding; answers on the real Assistant (tables, passages, model).
Wordings here are written for these tests, not taken from any held-out or development set.
"""

from __future__ import annotations

import pytest

from assistant.core import Assistant
from assistant.evaluation import answer_after, conversation
from assistant.understanding.parser import Understanding
from assistant.understanding.query import Operation


def parse(u: Understanding, text: str, history: list[str] | None = None, bot: Assistant | None = None):
    return u.parse(text, conversation(bot, history) if history else [])


answer = answer_after


# ---- the sample's size and its places ---------------------------------------------------------------------
@pytest.mark.parametrize(
    "text", ["排第23名的那个城市研发投入是多少？", "Which city came 27th on knowledge creation?"]
)
def test_a_place_past_the_last_is_answered_with_the_sample(bot, understanding, text):
    q = parse(understanding, text)
    assert q.operation is Operation.METHOD and not q.cities
    assert any(c.kind == "beyond_sample" for c in q.claims)
    said = answer(bot, text)
    assert "20" in said and ("没有第2" in said or "no 2" in said)


def test_a_place_past_the_last_stated_of_a_city_is_corrected_as_its_rank(bot):
    said = answer(bot, "听说成都总排名第24？")
    assert "第8" in said and "不是第24" in said


def test_a_wrong_sample_size_beside_a_city_look_up_is_corrected_and_the_look_up_answered(bot, understanding):
    text = "This index covers 50 cities, doesn't it? And where is Jinan placed?"
    q = parse(understanding, text)
    assert q.cities == ("济南",) and any(c.kind == "sample_size" and c.value == 50 for c in q.claims)
    said = answer(bot, text)
    assert "not 50" in said and "15th" in said


# ---- a policy found by what it says -------------------------------------------------------------------------
def test_a_document_asked_for_by_its_content_is_the_policy_row(bot, understanding):
    text = (
        "Nanjing has a plan about an AI 'industry landmark' — which document is that and when was it issued?"
    )
    q = parse(understanding, text)
    assert q.operation is Operation.PASSAGE and q.cities == ("南京",)
    said = answer(bot, text)
    assert "产业地标" in said and "2019年6月" in said


# ---- the same question again -------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "city"),
    [("Same question for Hangzhou.", "杭州"), ("同样的问题，杭州呢？", "杭州")],
)
def test_the_same_question_for_another_city_is_the_last_question_with_that_city(
    bot, understanding, text, city
):
    q = parse(understanding, text, ["苏州2020年的GDP是多少？"], bot)
    assert q.cities == (city,) and q.metrics == ("gdp",)


def test_a_share_asked_right_after_a_figure_keeps_the_figure_and_its_city(bot, understanding):
    q = parse(understanding, "占全国多大比例？", ["北京有几家AI独角兽？"], bot)
    assert q.cities == ("北京",) and "ai_unicorns" in q.metrics
    assert "31%" in answer(bot, "占全国多大比例？", ["北京有几家AI独角兽？"])


# ---- why, worded as how ---------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "text",
    [
        "How did Wuhan get into the top ten when its resource support is only 13th?",
        "What's behind Chengdu making the top ten when its resource support is just 10th?",
    ],
)
def test_how_a_city_makes_the_top_ten_is_its_explanation(understanding, text):
    q = parse(understanding, text)
    assert q.operation is Operation.EXPLAIN and q.analysis is None
    assert all(c.column == "total_rank" for c in q.claims if c.kind in ("top", "not_top"))


def test_a_ranking_named_in_the_same_breath_as_overall_is_read_at_its_own_word(understanding):
    q = parse(understanding, "天津资源支持力都第六了，为什么总榜只有第十一？")
    assert not [c for c in q.claims if c.kind == "rank" and c.column == "resource_rank" and c.value == 11]


# ---- places held on several dimensions, stretches of a list ---------------------------------------------------
def test_a_place_held_on_k_of_the_four_dimensions(understanding, bot):
    q = parse(understanding, "哪个城市有三个一级指标都排第20名？")
    assert q.analysis is not None and q.analysis.op == "==" and q.analysis.value == 20
    assert q.analysis.param("at_least") == "3"
    assert "大连" in answer(bot, "哪个城市有三个一级指标都排第20名？")


def test_more_than_k_of_the_four_is_not_k_of_the_four(understanding):
    q = parse(understanding, "Which cities are in the top 5 on more than two of the four dimensions?")
    assert q.analysis is not None and q.analysis.param("at_least") == "3"


def test_two_stretches_of_one_list_are_two_answers(bot):
    said = answer(bot, "环境支撑力前两名是谁？第三和第四呢？")
    assert "上海" in said and "北京" in said and "深圳" in said and "广州" in said


def test_a_bare_list_of_places_after_a_top_list_is_a_range_not_one_city(bot, understanding):
    q = parse(understanding, "第六第七呢？", ["资源支持力前五是哪些城市？"], bot)
    assert q.operation is Operation.TOP and q.rank_range == (6, 7) and not q.cities


def test_a_negated_top_ten_in_english_contraction_is_a_bound(understanding):
    q = parse(understanding, "Which cities are top 10 on knowledge creation but aren't top 10 overall?")
    conditions = q.analysis.param("conditions") or ""
    assert "total_rank:>:10" in conditions and "knowledge_rank:<=:10" in conditions


def test_is_a_city_last_is_its_look_up(understanding):
    q = parse(understanding, "Is Shenyang dead last on resource support?")
    assert q.operation is Operation.RANK and q.cities == ("沈阳",)


# ---- the report's own sentences ----------------------------------------------------------------------------------
def test_a_city_without_a_profile_gets_the_dimension_analyses_that_name_it(bot):
    said = answer(bot, "为什么合肥总排名第14？")
    assert "知识储备" in said and "合肥和西安的实力也较为突出" in said


def test_a_quoted_clause_keeps_the_start_of_its_sentence():
    from assistant.answers.passage import start_of_sentence

    text = "二级指标情况。知识储备：北京最为雄厚；合肥和西安的实力也较为突出。科研成果：北京仍然占据首位。"
    assert start_of_sentence("合肥和西安的实力也较为突出。", text) == "知识储备：北京最为雄厚；"
    assert start_of_sentence("科研成果：北京仍然占据首位。", text) == ""


def test_the_indicators_under_a_dimension_with_one_of_them_named_show_the_whole_branch(bot):
    said = answer(bot, "环境支撑力有哪些二级指标？其中研发环境用什么衡量？")
    assert all(name in said for name in ("政策环境", "经济环境", "研发环境", "组织环境"))


# ---- development sets TC/TD ------------------------------------------------------------------------------------
def test_a_one_character_slip_in_a_dimension_name_is_read_as_the_name(understanding):
    q = parse(understanding, "环境支称力前五是哪几个城市？")
    assert q.dimension is not None and q.dimension.key == "env"


def test_a_phrase_the_report_uses_is_no_slip():
    from assistant.understanding.spelling import corrected

    assert corrected("苏州的产业规模有多大？") == "苏州的产业规模有多大？"


def test_a_place_held_on_any_one_dimension(understanding):
    q = parse(understanding, "有没有哪个城市在某个一级指标上拿了第一？")
    assert q.analysis is not None and q.analysis.param("match") == "any" and q.analysis.value == 1


def test_for_the_cities_in_a_range_is_the_scope(understanding):
    q = parse(
        understanding,
        "For the cities ranked 6th to 10th overall, which one is weakest on knowledge creation?",
    )
    assert q.analysis is not None and q.analysis.kind == "extreme"
    assert (q.analysis.param("scope") or "").startswith("range:6:10")


def test_two_cities_named_by_their_places_are_both_written_in(understanding):
    q = parse(
        understanding, "How many points separate the first-placed city and the second-placed one overall?"
    )
    assert set(q.cities) == {"北京", "深圳"}


def test_its_score_plus_the_runner_ups_gives_both(bot, understanding):
    q = parse(
        understanding, "What did it score, plus the runner-up?", ["Who leads on environment support?"], bot
    )
    assert q.cities == ("上海", "北京")


def test_two_cities_after_a_dated_event_ask_the_event_of_each(bot, understanding):
    history = ["武汉是哪一年获批建设国家新一代人工智能创新发展试验区的？"]
    q = parse(understanding, "那杭州和成都呢？", history, bot)
    assert q.operation is Operation.PASSAGE and set(q.cities) == {"杭州", "成都"}


def test_a_look_up_then_which_is_bigger_in_one_message(bot):
    said = answer(bot, "and Guangzhou's? which is larger", ["What was Shenzhen's 2020 GDP?"])
    assert "27670.24" in said and "25019.11" in said and "higher" in said


def test_a_rank_named_as_improved_most_over_the_overall_is_a_gap(understanding):
    q = parse(understanding, "哪个城市的知识创造力名次比总名次提升得最多？")
    assert q.analysis is not None and q.analysis.kind == "column_gap" and q.analysis.param("extreme") == "max"


# ---- blind sets UU/VV ---------------------------------------------------------------------------------------------
def test_a_column_named_right_before_its_top_n_in_english_is_that_bounds_column(understanding):
    q = parse(
        understanding, "Which cities are in the knowledge-creation top 10 but not in the overall top 10?"
    )
    conditions = q.analysis.param("conditions") or ""
    assert "knowledge_rank:<=:10" in conditions and "total_rank:>:10" in conditions


def test_a_rank_asked_specifically_on_a_dimension_is_the_look_up(understanding):
    q = parse(understanding, "What is Qingdao's rank on knowledge creation, specifically?")
    assert q.operation in (Operation.RANK, Operation.CITY_DIMENSION) and q.dimension.key == "knowledge"
