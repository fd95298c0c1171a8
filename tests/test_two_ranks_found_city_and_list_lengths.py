"""Families found by blind set MN and development sets YI/YJ: a why stated with two rankings (the rank said after
"X却是" is X's, the why-clause's ranking is the one explained, and the answer shows all four first-level ranks with
the strongest and weakest); a city found by a best/worst pick is what "it" means in the next part; the longest or
shortest policy list is the most or fewest policies.

Parsed values are asserted on the real Understanding; answers on the real Assistant (tables, passages, model).
Wordings here are written for these tests, not taken from any held-out set.
"""

from __future__ import annotations

from assistant.evaluation import answer_after
from assistant.evaluation import parsed_after as parse
from assistant.understanding.query import Operation
from index_core import load_report
from index_core.dimensions import FIRST_LEVEL, dimension


def _ranks(city: str) -> dict[str, int]:
    r = load_report().rankings.set_index("city")
    return {c: int(r.loc[city, c]) for c in r.columns if c.endswith("_rank")}


def test_a_rank_said_after_que_belongs_to_the_ranking_before_it(understanding):
    env = _ranks("重庆")["env_rank"]
    q = parse(understanding, f"重庆总排名靠后，资源支持力一般，环境支撑力却是第{env}，这是为什么？")
    ranked = [c for c in q.claims if c.kind == "rank"]
    assert ranked and all(c.column == "env_rank" and c.value == env for c in ranked)


def test_a_true_rank_said_after_que_gets_no_correction(bot):
    ranks = _ranks("重庆")
    text = answer_after(
        bot, f"重庆总排名才{ranks['total_rank']}，环境支撑力却是第{ranks['env_rank']}，咋回事？"
    )
    assert "更正" not in text and "不是" not in text.split("\n")[0]


def test_of_two_dimensions_the_why_clause_names_the_one_explained(understanding):
    ranks = _ranks("杭州")
    q = parse(
        understanding,
        f"Hangzhou is {ranks['env_rank']}th on environment support and {ranks['outcome_rank']}th on outcomes. "
        "What is behind its outcomes?",
    )
    assert q.operation is Operation.EXPLAIN and q.dimension is not None and q.dimension.key == "outcome"


def test_a_dimension_explanation_shows_the_four_ranks_strongest_and_weakest(bot):
    ranks = _ranks("南京")
    text = answer_after(bot, "为什么南京的发展成效排得这么低？")
    four = {d.zh: ranks[d.column] for d in FIRST_LEVEL}
    assert all(f"{name}第{place}名" in text for name, place in four.items())
    strongest = min(four, key=four.get)
    assert f"最强的是{strongest}（第{four[strongest]}名）" in text


def test_english_dimension_explanation_names_where_it_is_strong(bot):
    ranks = _ranks("南京")
    best = min(FIRST_LEVEL, key=lambda d: ranks[d.column])
    text = answer_after(bot, "Why is Nanjing so low on development outcomes, and where is it strong?")
    assert f"strongest on {best.en}" in text


def test_a_sentence_inside_one_already_quoted_is_not_quoted_again_under_the_same_heading(bot):
    text = answer_after(bot, "What explains Hangzhou's development outcomes rank?")
    blocks: list[list[str]] = [[]]
    for line in text.splitlines():
        if line.startswith("**") or not line.strip():
            blocks.append([])
        elif line.startswith("- 「"):
            blocks[-1].append(line.split("」")[0].removeprefix("- 「").strip("。"))
    assert sum(len(b) for b in blocks) >= 3
    for quoted in blocks:
        assert not any(i != j and a in b for i, a in enumerate(quoted) for j, b in enumerate(quoted))


def test_it_after_a_best_pick_is_the_city_found(understanding):
    r = load_report()
    capitals = set(r.cities.loc[r.cities["category"] == "省会城市", "city"])
    best = r.rankings[r.rankings["city"].isin(capitals)].sort_values("total_rank")["city"].iloc[0]
    q = parse(understanding, "省会城市里谁总排名最高？它的知识创造力排第几？")
    assert len(q.parts) == 2
    assert q.parts[1].cities == (best,)
    assert q.parts[1].dimension is dimension("knowledge")


def test_its_rank_after_a_worst_pick_is_the_found_city_s_not_another_pick(understanding):
    r = load_report()
    top5 = r.rankings[r.rankings["total_rank"] <= 5]
    worst = top5.sort_values("resource_rank", ascending=False)["city"].iloc[0]
    q = parse(
        understanding, "Among the top five, who is weakest on resource support, and what is its overall rank?"
    )
    assert len(q.parts) == 2
    assert q.parts[1].cities == (worst,)
    assert q.parts[1].analysis is None


def test_the_longest_policy_list_is_the_most_policies(understanding, bot):
    q = parse(understanding, "Whose list of AI policies is the longest?")
    assert q.analysis is not None and q.analysis.kind == "policy_count"
    assert q.analysis.param("by") == "city" and q.analysis.param("extreme") == "max"
    p = load_report().policies
    counts = p.groupby("city").size()
    leader = counts.idxmax()
    text = answer_after(bot, "Which city's policy table is the shortest?")
    fewest = counts[counts == counts.min()]
    assert all(load_report().cities.set_index("city").loc[c, "name_en"] in text for c in fewest.index)
    assert f"{counts.min()} policies" in text
    assert leader not in fewest.index


# ---- development sets YK/YL ------------------------------------------------------------------------------------


def test_its_after_a_best_pick_in_the_turn_before_is_the_city_picked(understanding):
    r = load_report()
    planned = set(r.cities.loc[r.cities["category"] == "计划单列市", "city"])
    best = r.rankings[r.rankings["city"].isin(planned)].sort_values("total_rank")["city"].iloc[0]
    q = parse(
        understanding,
        "What is its weakest dimension?",
        [
            "Which cities are the separately planned cities in the sample?",
            "Which of them ranks best overall?",
        ],
    )
    assert q.cities == (best,)


def test_a_score_gap_to_a_named_city_after_which_city_scores_highest(understanding):
    s = load_report().scores
    env = s[(s["kind"] == "score") & (s["dimension"] == "环境支撑力")].sort_values("score", ascending=False)
    leader = str(env["city"].iloc[0])
    q = parse(understanding, "环境支撑力得分最高的是哪个城市？比深圳高几分？")
    assert len(q.parts) == 2
    second = q.parts[1]
    assert second.analysis is not None and second.analysis.kind == "score_gap"
    assert second.cities == (leader, "深圳") and second.analysis.columns == ("env_rank",)


def test_places_behind_a_named_city_after_who_is_last(understanding):
    r = load_report().rankings
    last = str(r.sort_values("knowledge_rank")["city"].iloc[-1])
    q = parse(understanding, "Who is last on knowledge creation, and how many places behind Xiamen is it?")
    assert len(q.parts) == 2
    second = q.parts[1]
    assert second.analysis is not None and second.analysis.kind == "rank_difference"
    assert second.cities == (last, "厦门") and second.analysis.columns == ("knowledge_rank",)


def test_the_other_members_of_a_group_a_city_is_said_to_belong_to(understanding, bot):
    q = parse(
        understanding,
        "Given that Zhengzhou is one of the provincial capitals in the sample, which are the others?",
    )
    assert q.operation is Operation.METHOD and q.subset is not None and q.subset.group == "省会城市"
    r = load_report().cities
    members = r.loc[r["category"] == "省会城市", "name_en"]
    text = answer_after(bot, "既然合肥是样本里的省会城市之一，另外几个省会城市是哪些？")
    assert "更正" in text
    assert all(c in text for c in r.loc[r["category"] == "省会城市", "city"])
    assert len(members) == 3


def test_an_english_statement_before_a_dash_question_stays_one_question(understanding):
    q = parse(understanding, "Shenzhen is 2nd overall and 2nd on outcomes — what's driving its outcomes?")
    assert not q.parts
    assert q.operation is Operation.EXPLAIN and q.dimension is dimension("outcome")


def test_who_put_the_report_together_is_the_publisher(understanding):
    q = parse(understanding, "Who put this report together?")
    assert q.operation is Operation.METHOD and "publisher" in q.aspects


def test_which_cities_the_report_says_lead_a_sub_indicator_is_that_list(understanding):
    q = parse(understanding, "报告里说哪几个城市的政策环境比较好？")
    assert q.operation is Operation.TOP and q.level2 == "政策环境"


def test_the_second_publisher_followed_up_is_the_publishers_answer(understanding, bot):
    q = parse(understanding, "What does the second organisation do?", ["Who published the report?"])
    assert q.operation is Operation.METHOD and "publisher" in q.aspects
    text = answer_after(bot, "那家公司是做什么的？", ["这份报告是谁发布的？"])
    assert "产业知识计算引擎" in text


def test_a_dimension_explanation_quotes_the_sentence_behind_its_best_sub_indicator(bot):
    s = load_report().subranks
    own = s[(s["city"] == "杭州") & (s["level1"] == "发展成效") & (s["indicator"] != "发展成效")]
    best = own.assign(place=own["rank"].fillna(own["rank_max"])).dropna(subset=["place"])
    best_name = str(best.sort_values("place")["indicator"].iloc[0])
    text = answer_after(bot, "杭州发展成效为什么能排到前五？靠什么？")
    assert f"「{best_name}方面" in text


# ---- blind sets MP/MQ ------------------------------------------------------------------------------------------


def test_industry_coverage_said_as_covering_the_industry_chain(understanding):
    q = parse(understanding, "Between Hangzhou and Nanjing, whose AI firms span more of the industry chain?")
    assert "industry_coverage" in q.metrics


def test_cities_set_aside_from_the_list_in_focus_leave_the_rest_as_scope(bot):
    r = load_report()
    pilots = r.cities.loc[r.cities["category"] == "试验区城市", ["city", "name_en"]]
    kept = pilots[~pilots["city"].isin(["北京", "上海"])]
    rankings = r.rankings.set_index("city")
    best = str(rankings.loc[list(kept["city"]), "knowledge_rank"].idxmin())
    text = answer_after(
        bot,
        "Of those, apart from Beijing and Shanghai, which ranks best on knowledge creation?",
        ["Which cities are the pilot-zone cities in the sample?"],
    )
    rule = next(line for line in text.splitlines() if line.startswith("Rule:"))
    assert all(name in rule for name in kept["name_en"])
    assert "set aside" in rule
    assert r.cities.set_index("city").loc[best, "name_en"] in text.split("Cities compared")[0]


def test_a_superlative_asked_after_a_question_mark_is_no_claim_about_the_city_before_it(understanding):
    q = parse(understanding, "广州、杭州、南京的知识创造力各排第几？最高和最低差几名？")
    assert not [c for c in q.claims if c.kind == "rank" and c.value == 1]


def test_a_superlative_paired_with_its_opposite_is_asked(understanding):
    q = parse(
        understanding,
        "Among Suzhou, Wuhan and Chengdu, what separates the highest and lowest on resource support?",
    )
    assert not [c for c in q.claims if c.kind in ("rank", "max", "min")]
