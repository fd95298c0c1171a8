"""Families found by blind sets MG/MH: a city's two ranks said to agree ("完全一致", "吻合") is the equality of the
two columns; a sample group followed by 里/中 and a superlative ("大连是计划单列市里排名最高的吧") is where the
superlative holds, not a group the city is said to belong to; the pinyin initials people type for cities ("BJ vs
SZ"); "locate there" is the report's 迁入 as well as 落户.

Parsed values are asserted on the real Understanding; answers on the real Assistant (tables, passages, model).
Wordings here are written for these tests, not taken from any held-out set.
"""

from __future__ import annotations

from assistant.evaluation import answer_after
from assistant.evaluation import parsed_after as parse
from assistant.understanding.query import Operation
from index_core import load_report


def test_two_ranks_said_to_agree_are_equal_columns(understanding):
    q = parse(understanding, "哪些城市的知识创造力名次跟总排名一致？")
    assert q.operation is Operation.ANALYTIC and q.analysis is not None
    assert q.analysis.kind == "column_order" and q.analysis.op == "=="
    assert set(q.analysis.columns) == {"knowledge_rank", "total_rank"}


def test_equal_columns_answer_lists_exactly_the_cities_with_equal_ranks(bot):
    r = load_report().rankings
    equal = set(r.loc[r["env_rank"] == r["total_rank"], "city"])
    text = answer_after(bot, "环境支撑力排名与总排名吻合的城市有哪些？")
    listed = {c for c in r["city"] if f"- {c}：" in text}
    assert listed == equal


def test_a_group_followed_by_a_superlative_is_its_scope(understanding):
    q = parse(understanding, "厦门算是三个计划单列市中排名最靠前的吗？")
    assert q.operation is Operation.ANALYTIC and q.analysis is not None and q.analysis.kind == "extreme"
    assert q.subset is not None and q.subset.group == "计划单列市"
    assert not any(c.kind == "group" for c in q.claims)


def test_a_group_said_of_a_city_is_still_a_claim(understanding):
    q = parse(understanding, "青岛作为省会城市，为什么能进前十？")
    assert any(c.kind == "group" and c.city == "青岛" for c in q.claims)


def test_the_best_of_a_group_answer_names_the_group_s_best(bot):
    r = load_report().rankings
    cities = load_report().cities
    group = set(cities.loc[cities["category"] == "计划单列市", "city"])
    best = r[r["city"].isin(group)].sort_values("total_rank")["city"].iloc[0]
    text = answer_after(bot, "厦门是计划单列市里总排名最高的吗？")
    assert f"**{best}" in text


def test_pinyin_initials_name_cities(understanding):
    q = parse(understanding, "GZ vs CD on knowledge creation?")
    assert q.cities == ("广州", "成都")
    q = parse(understanding, "Which DL frameworks does the report mention?")
    assert not q.cities


def test_locate_there_finds_the_relocation_sentence(bot):
    text = answer_after(bot, "Why is Wuhan said to be strong at getting companies to locate there?")
    assert "迁入武汉" in text


def test_every_city_of_a_set_aside_list_is_set_aside(understanding):
    q = parse(
        understanding, "Except for Guangzhou, Hangzhou and Wuhan, which other cities made the top 8 overall?"
    )
    assert set(q.set_aside) == {"广州", "杭州", "武汉"} and not q.cities
    q = parse(understanding, "除了广州、杭州和武汉，还有哪些城市进了总排名前八？")
    assert set(q.set_aside) == {"广州", "杭州", "武汉"} and not q.cities


def test_a_chinese_comma_ends_the_set_aside_clause(understanding):
    q = parse(understanding, "除了深圳，广州和杭州哪个总排名更靠前？")
    assert q.set_aside == ("深圳",) and set(q.cities) == {"广州", "杭州"}


# ---- from development set YC ------------------------------------------------------------------------------------
def test_a_dimension_after_a_profile_is_the_city_on_that_dimension(understanding):
    q = parse(understanding, "How about its development outcomes?", ["Give me an overview of Chengdu."])
    assert q.operation is Operation.CITY_DIMENSION and q.cities == ("成都",)
    assert q.dimension is not None and q.dimension.key == "outcome"


def test_asking_for_the_figure_too_keeps_the_follow_up(understanding):
    history = ["Give me an overview of Chengdu.", "How about its development outcomes?"]
    q = parse(understanding, "and on enterprise scale? please show me the exact figures as well", history)
    assert q.cities == ("成都",) and q.follow_up


def test_a_tagged_premise_then_its_own_question_answers_the_question(understanding):
    q = parse(
        understanding,
        "Shanghai ranked first on all four dimensions, right? What is its knowledge creation score?",
    )
    assert q.operation is Operation.RANK and q.cities == ("上海",) and q.analysis is None
    assert q.dimension is not None and q.dimension.key == "knowledge"
    assert any(c.kind == "rank" for c in q.claims)


def test_the_city_most_often_last_is_counted(bot):
    r = load_report().rankings
    columns = ["env_rank", "resource_rank", "knowledge_rank", "outcome_rank"]
    tally: dict[str, int] = {}
    for column in columns:
        for city in r.loc[r[column] == r[column].max(), "city"]:
            tally[city] = tally.get(city, 0) + 1
    city, most = max(tally.items(), key=lambda kv: kv[1])
    text = answer_after(bot, "哪个城市在最多的一级指标上垫底？垫底了几项？")
    assert f"倒数第一次数最多的是{city}：4项中占{most}项" in text


def test_which_of_the_two_with_the_dimension_between_compares_the_two(understanding):
    history = ["郑州和长沙分别排第几？"]
    q = parse(understanding, "这俩城市哪个资源支持力更强一些？", history)
    assert q.operation is Operation.COMPARE and set(q.cities) == {"郑州", "长沙"}
    q = parse(
        understanding,
        "Which city has the better resource support?",
        ["Where do Zhengzhou and Changsha rank?"],
    )
    assert q.operation is Operation.COMPARE and set(q.cities) == {"郑州", "长沙"}


# ---- from development sets YE/YF --------------------------------------------------------------------------------
def test_a_measure_that_is_its_indicator_s_only_one_asks_the_indicator_s_leaders(understanding):
    q = parse(understanding, "哪些城市的地方行业组织数量比较多？")
    assert q.operation is Operation.TOP and q.level2 == "组织环境"


def test_the_cities_whose_own_best_dimension_is_the_one_named(understanding, bot):
    q = parse(understanding, "Which cities have environment support as their strongest dimension?")
    assert q.analysis is not None and q.analysis.kind == "column_order"
    assert q.analysis.columns[0] == "env_rank" and q.analysis.op == "<" and q.analysis.param("split") == "1"
    r = load_report().rankings
    others = ["resource_rank", "knowledge_rank", "outcome_rank"]
    expected = {row.city for row in r.itertuples() if all(row.env_rank < getattr(row, c) for c in others)}
    text = answer_after(bot, "哪些城市的环境支撑力是它四个一级指标里最好的一项？")
    assert {c for c in r["city"] if f"- {c}：" in text} == expected


def test_an_issuer_named_by_translation_finds_its_policies(bot):
    text = answer_after(bot, "Which AI policies did Wuhan's East Lake high-tech zone issue?")
    assert "东湖新技术开发区" in text and "No listed policy matches" not in text


def test_telling_cities_what_to_do_is_the_recommendations(understanding):
    q = parse(understanding, "Why does the report tell cities to pay attention to energy use?")
    assert q.operation is Operation.RECOMMENDATIONS


def test_why_two_cities_are_said_to_stand_out_is_explained(understanding):
    q = parse(understanding, "为什么说北京和深圳的发展成效很突出？")
    assert q.operation is Operation.EXPLAIN and set(q.cities) == {"北京", "深圳"}
    q = parse(understanding, "北京和深圳谁的发展成效更突出？")
    assert q.operation is not Operation.EXPLAIN


# ---- from blind sets MI/MJ (after their first run) --------------------------------------------------------------
def test_a_place_s_score_after_a_list_on_a_dimension_stays_on_it(understanding):
    history = ["知识创造力前五是哪几个城市？"]
    q = parse(understanding, "第二名得了多少分？", history)
    assert q.dimension is not None and q.dimension.key == "knowledge"
    q = parse(
        understanding, "What did the second one score?", ["Who are the top five on knowledge creation?"]
    )
    assert q.dimension is not None and q.dimension.key == "knowledge"


def test_which_of_two_cities_asked_in_two_turns_compares_them(understanding):
    q = parse(understanding, "这俩哪个发展成效更好？", ["郑州总排名第几？", "长沙呢？"])
    assert q.operation is Operation.COMPARE and set(q.cities) == {"郑州", "长沙"}


def test_set_up_said_in_two_words_finds_the_relocation_award(bot):
    text = answer_after(bot, "Why is Wuhan's headline about backing companies that set up there?")
    assert "设立区域总部" in text
