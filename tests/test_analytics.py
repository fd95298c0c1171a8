"""Analytic questions: index_core.analytics against the real data/, parse_analysis on many wordings, and the
analytic composer end to end.

Expectations are computed here from the CSV files read by hand (csv module), never by the functions under test.
"""

from __future__ import annotations

import csv
import re
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pandas as pd
import pytest

from assistant.answers.analytic import analytic
from assistant.answers.base import Context
from assistant.numerals import ordinal
from assistant.understanding.analysis import (
    AnalysisKind,
    conditions_from_param,
    parse_analysis,
    scope_param,
    subset_from_param,
)
from assistant.understanding.query import Analysis, Direction, Operation, Query, Subset
from index_core import analytics as an
from index_core import load_report

DATA = Path(__file__).resolve().parent.parent / "data"
FOUR = ["env_rank", "resource_rank", "knowledge_rank", "outcome_rank"]
FIVE = ["total_rank", *FOUR]


def _csv(name: str) -> list[dict[str, str]]:
    with (DATA / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


RANKS: dict[str, dict[str, int]] = {
    row["city"]: {c: int(row[c]) for c in FIVE} for row in _csv("rankings.csv")
}
CATEGORY: dict[str, str] = {row["city"]: row["category"] for row in _csv("cities.csv")}
POLICIES = _csv("policies.csv")
FACTS = _csv("facts.csv")


@pytest.fixture(scope="module")
def report():
    return load_report()


def _where(predicate) -> set[str]:
    return {city for city, r in RANKS.items() if predicate(r)}


# ---------------------------------------------------------------- index_core.analytics


def test_all_four_dimensions_in_top_ten(report):
    expected = _where(lambda r: all(r[c] <= 10 for c in FOUR))
    assert expected == {"北京", "深圳", "上海", "广州", "杭州", "成都"}  # what Table 2 shows
    result = an.rank_filter([an.Condition(c, "<=", 10) for c in FOUR], report=report)
    assert set(result.rows["city"]) == expected
    assert list(result.rows.columns) == ["city", *FOUR]
    assert result.value == len(expected)
    # every result city cites its own Table 2 line
    used = result.used["rankings"]
    assert set(used["city"]) == expected
    for _, row in used.iterrows():
        assert " ".join(str(RANKS[row["city"]][c]) for c in FIVE) in " ".join(row["quote"].split())


def test_two_named_columns_both_in_top_ten(report):
    expected = _where(lambda r: r["env_rank"] <= 10 and r["outcome_rank"] <= 10)
    result = an.rank_filter(
        [an.Condition("env_rank", "<=", 10), an.Condition("outcome_rank", "<=", 10)], report=report
    )
    assert set(result.rows["city"]) == expected
    assert list(result.rows.columns) == ["city", "env_rank", "outcome_rank"]


def test_any_and_at_least(report):
    any3 = _where(lambda r: any(r[c] <= 3 for c in FOUR))
    result = an.rank_filter([an.Condition(c, "<=", 3) for c in FOUR], match="any", report=report)
    assert set(result.rows["city"]) == any3
    assert "met" in result.rows.columns
    two5 = _where(lambda r: sum(r[c] <= 5 for c in FOUR) >= 2)
    result = an.rank_filter(
        [an.Condition(c, "<=", 5) for c in FOUR], match="at_least", at_least=2, report=report
    )
    assert set(result.rows["city"]) == two5
    for _, row in result.rows.iterrows():
        assert row["met"] == sum(RANKS[row["city"]][c] <= 5 for c in FOUR)


def test_ranges_bottom_and_mixed_conditions(report):
    between = _where(lambda r: 5 <= r["knowledge_rank"] <= 10)
    result = an.rank_filter([an.Condition("knowledge_rank", "between", 5, 10)], report=report)
    assert set(result.rows["city"]) == between
    assert list(result.rows["knowledge_rank"]) == sorted(result.rows["knowledge_rank"])
    bottom = _where(lambda r: r["env_rank"] > 20 - 5)
    assert set(an.rank_filter([an.Condition("env_rank", "bottom", 5)], report=report).rows["city"]) == bottom
    mixed = _where(lambda r: r["total_rank"] <= 10 and r["knowledge_rank"] > 10)
    result = an.rank_filter(
        [an.Condition("total_rank", "<=", 10), an.Condition("knowledge_rank", ">", 10)], report=report
    )
    assert set(result.rows["city"]) == mixed == {"苏州", "青岛"}


def test_group_scope_is_the_reports_sample_grouping(report):
    group = {c for c, cat in CATEGORY.items() if cat == "省会城市"}
    expected = {c for c in group if RANKS[c]["total_rank"] <= 10}
    scope = an.Scope(kind="group", group="省会城市")
    result = an.rank_filter([an.Condition("total_rank", "<=", 10)], scope=scope, report=report)
    assert set(result.rows["city"]) == expected
    assert set(result.used["cities"]["city"]) == group  # the cities.csv rows behind the grouping are cited
    assert result.rule["checked"] == len(group)
    with pytest.raises(ValueError):
        an.scope_rankings(an.Scope(kind="group", group="直辖市"), report)


def test_column_order(report):
    expected = _where(lambda r: r["resource_rank"] < r["knowledge_rank"])
    result = an.column_order(["resource_rank"], ["knowledge_rank"], report=report)
    assert set(result.rows["city"]) == expected
    assert list(result.rows.columns) == ["city", "resource_rank", "knowledge_rank"]
    # every dimension better than overall: nobody; at least one dimension better than overall: most
    assert an.column_order(FOUR, ["total_rank"], match="all", report=report).empty
    some = _where(lambda r: any(r[c] < r["total_rank"] for c in FOUR))
    assert set(an.column_order(FOUR, ["total_rank"], match="any", report=report).rows["city"]) == some
    same = _where(lambda r: r["env_rank"] == r["total_rank"])
    assert set(an.column_order(["env_rank"], ["total_rank"], op="==", report=report).rows["city"]) == same


def test_gap_and_imbalance(report):
    gaps = {c: abs(r["resource_rank"] - r["knowledge_rank"]) for c, r in RANKS.items()}
    widest = max(gaps.values())
    result = an.column_gap("resource_rank", "knowledge_rank", report=report)
    assert set(result.rows["city"]) == {c for c, g in gaps.items() if g == widest}
    assert result.value == widest
    narrowest = min(gaps.values())
    result = an.column_gap("resource_rank", "knowledge_rank", extreme="min", report=report)
    assert set(result.rows["city"]) == {c for c, g in gaps.items() if g == narrowest}
    own = an.column_gap(
        "knowledge_rank",
        "total_rank",
        extreme=None,
        scope=an.Scope(kind="named", cities=("苏州",)),
        report=report,
    )
    assert list(own.rows["gap"]) == [RANKS["苏州"]["knowledge_rank"] - RANKS["苏州"]["total_rank"]]

    spread = {c: max(r[x] for x in FOUR) - min(r[x] for x in FOUR) for c, r in RANKS.items()}
    result = an.imbalance(report=report)
    assert set(result.rows["city"]) == {c for c, s in spread.items() if s == max(spread.values())}
    assert list(result.rows.columns) == ["city", *FOUR, "spread"]
    result = an.imbalance(extreme="min", report=report)
    assert set(result.rows["city"]) == {c for c, s in spread.items() if s == min(spread.values())}
    top3 = an.imbalance(n=3, report=report)
    assert len(top3.rows) >= 3 and top3.rows["spread"].is_monotonic_decreasing


def test_extreme_inside_a_subset(report):
    top5 = [c for c, r in RANKS.items() if r["total_rank"] <= 5]
    worst = max(RANKS[c]["outcome_rank"] for c in top5)
    result = an.extreme("outcome_rank", best=False, scope=an.Scope(kind="top", n=5), report=report)
    assert set(result.rows["city"]) == {c for c in top5 if RANKS[c]["outcome_rank"] == worst}
    assert list(result.rows.columns) == ["city", "total_rank", "outcome_rank"]
    assert set(result.used["rankings"]["city"]) == set(top5)  # every compared city is cited
    pilots = [c for c, cat in CATEGORY.items() if cat == "试验区城市"]
    best = min(RANKS[c]["knowledge_rank"] for c in pilots)
    result = an.extreme("knowledge_rank", scope=an.Scope(kind="group", group="试验区城市"), report=report)
    assert set(result.rows["city"]) == {c for c in pilots if RANKS[c]["knowledge_rank"] == best}
    rng = [c for c, r in RANKS.items() if 5 <= r["total_rank"] <= 10]
    result = an.extreme("knowledge_rank", scope=an.Scope(kind="range", low=5, high=10), report=report)
    assert set(result.rows["city"]) == {min(rng, key=lambda c: RANKS[c]["knowledge_rank"])}


def test_rank_difference_between_cities(report):
    result = an.rank_difference("广州", "成都", report=report)
    assert result.value == RANKS["成都"]["total_rank"] - RANKS["广州"]["total_rank"] == 4
    assert result.rule["ahead"] == "广州" and result.rule["places"] == 4
    assert an.rank_difference("成都", "广州", report=report).value == -4
    kn = an.rank_difference("Guangzhou", "成都市", "knowledge_rank", report=report)
    assert kn.value == RANKS["成都"]["knowledge_rank"] - RANKS["广州"]["knowledge_rank"]


def _fact(city: str, metric: str) -> dict[str, str]:
    return next(r for r in FACTS if r["city"] == city and r["metric"] == metric)


def test_fact_difference_and_ratio(report):
    bj, sh = _fact("北京", "gdp"), _fact("上海", "gdp")
    result = an.fact_difference("北京", "上海", "gdp", report=report)
    assert result.refusal is None
    expected = Decimal(bj["value"]) - Decimal(sh["value"])
    assert Decimal(str(result.value)) == expected
    assert result.rule["larger"] == "上海"
    assert result.rule["computation"] == f"{sh['value']} − {bj['value']} = {abs(expected)}"
    assert result.rule["result_unit"] == "亿元"
    assert set(result.used["facts"]["id"]) == {bj["id"], sh["id"]}
    ratio = an.fact_difference("北京", "杭州", "gdp", op="ratio", report=report)
    hz = _fact("杭州", "gdp")
    assert ratio.rule["result"] == str(
        (Decimal(bj["value"]) / Decimal(hz["value"])).quantize(Decimal("0.01"))
    )
    pct = an.fact_difference("深圳", "", "rd_share_of_gdp", report=report)  # against the national figure
    national = next(r for r in FACTS if r["city"] == "" and r["metric"] == "rd_share_of_gdp")
    assert Decimal(str(pct.value)) == Decimal(_fact("深圳", "rd_share_of_gdp")["value"]) - Decimal(
        national["value"]
    )
    assert pct.rule["result_unit"] == "个百分点"
    approx = an.fact_difference("深圳", "上海", "pevc_investment", report=report)
    assert approx.refusal is None and approx.rule["approximate"]


def test_fact_difference_refusals(report):
    assert an.fact_difference("上海", "重庆", "gdp", report=report).refusal == "missing_value"
    assert (
        an.fact_difference("深圳", "上海", "industrial_parks", report=report).refusal == "not_numeric"
    )  # 百余
    assert an.fact_difference("上海", "苏州", "ai_industry_scale", report=report).refusal == "not_comparable"
    facts = report.facts.copy()
    row = facts.index[(facts["city"] == "广州") & (facts["metric"] == "gdp")][0]
    facts.loc[row, "unit"] = "万元"
    assert (
        an.fact_difference("北京", "广州", "gdp", report=replace(report, facts=facts)).refusal
        == "unit_mismatch"
    )
    facts = report.facts.copy()
    facts.loc[row, "period"] = "2019"
    refused = an.fact_difference("北京", "广州", "gdp", report=replace(report, facts=facts))
    assert refused.refusal == "period_mismatch"
    assert len(refused.rows) == 2  # the values found are still shown and cited


def test_policy_counts(report):
    assert an.policy_counts(report=report).value == len(POLICIES)
    per_city = an.policy_counts(by="city", report=report)
    hand = pd.Series([p["city"] for p in POLICIES]).value_counts()
    assert dict(zip(per_city.rows["city"], per_city.rows["policies"], strict=True)) == hand.to_dict()
    per_year = an.policy_counts(by="year", report=report)
    years = pd.Series([int(p["year"]) for p in POLICIES]).value_counts()
    assert dict(zip(per_year.rows["year"], per_year.rows["policies"], strict=True)) == years.to_dict()
    most = an.policy_counts(by="year", extreme="max", report=report)
    assert set(most.rows["year"]) == {y for y, n in years.items() if n == years.max()}
    edu = an.policy_counts(by="topic", topic="教育", report=report)
    assert list(edu.rows["topic"]) == ["教育"]
    assert int(edu.rows["policies"].iloc[0]) == sum("教育" in p["topics"].split(";") for p in POLICIES)
    nj = an.policy_counts(cities=["南京"], report=report)
    assert nj.value == sum(p["city"] == "南京" for p in POLICIES)
    y2019 = an.policy_counts(years=[2019], report=report)
    assert y2019.value == sum(p["year"] == "2019" for p in POLICIES)


def test_policy_dates(report):
    stamp = {p["id"]: int(p["year"]) * 100 + int(p["month"]) for p in POLICIES}
    first = min(stamp.values())
    result = an.policy_extreme(report=report)
    assert set(result.used["policies"]["id"]) == {i for i, s in stamp.items() if s == first}
    last = max(stamp.values())
    assert set(an.policy_extreme(which="latest", report=report).used["policies"]["id"]) == {
        i for i, s in stamp.items() if s == last
    }
    per_city = an.policy_extreme(which="latest", per_city=True, report=report)
    for city in {p["city"] for p in POLICIES}:
        mine = {p["id"]: stamp[p["id"]] for p in POLICIES if p["city"] == city}
        newest = {i for i, s in mine.items() if s == max(mine.values())}
        got = set(per_city.used["policies"].loc[per_city.used["policies"]["city"] == city, "id"])
        assert got == newest


def test_policies_counted_by_issuer(report):
    result = an.policy_counts(by="issuer", report=report)
    hand = {"福田区": 2, "东湖新技术开发区": 2, "建邺区": 1, "临港新片区": 1}
    got = dict(zip(result.rows["issuer"], result.rows["policies"], strict=True))
    assert {k: got.get(k) for k in hand} == hand
    assert sum(got.values()) == len(result.used["policies"])
    most = an.policy_counts(by="issuer", extreme="max", report=report)
    assert set(most.rows["issuer"]) == {"福田区", "东湖新技术开发区"}


def test_same_month_and_issuers(report):
    months: dict[tuple[str, str, str], list[str]] = {}
    for p in POLICIES:
        months.setdefault((p["city"], p["year"], p["month"]), []).append(p["id"])
    expected = {i for ids in months.values() if len(ids) >= 2 for i in ids}
    result = an.same_month_policies(report=report)
    assert set(result.used["policies"]["id"]) == expected
    assert result.value == sum(len(ids) >= 2 for ids in months.values())

    futian = {p["id"] for p in POLICIES if "福田区" in p["title"]}
    assert set(an.policies_by_issuer("福田区", report=report).used["policies"]["id"]) == futian
    assert set(an.policies_by_issuer("futian", report=report).used["policies"]["id"]) == futian
    donghu = {p["id"] for p in POLICIES if "东湖" in p["title"]}
    assert set(an.policies_by_issuer("东湖高新区", report=report).used["policies"]["id"]) == donghu
    district = an.policies_by_issuer(level="district", report=report)
    titles = set(district.rows["title"])
    assert {"建邺区关于加快人工智能示范区发展建设若干措施", "杭州城西科创大走廊规划"} <= titles
    assert not any("试验区建设总体方案" in t for t in titles)  # a pilot zone is a programme, not an issuer
    assert an.policy_issuer("2020年深圳市福田区支持新一代人工智能产业发展若干措施", ["深圳市", "深圳"]) == (
        "福田区",
        "district",
    )
    assert an.policy_issuer("苏州市人工智能产业发展规划", ["苏州市", "苏州"]) == ("", "city")


def test_bad_plans_raise(report):
    with pytest.raises(ValueError):
        an.Condition("gdp_rank", "<=", 10)
    with pytest.raises(ValueError):
        an.Condition("total_rank", "~", 10)
    with pytest.raises(ValueError):
        an.column_gap("env_rank", "env_rank", report=report)
    with pytest.raises(ValueError):
        an.policy_counts(by="month", report=report)


# ---------------------------------------------------------------- parse_analysis


def P(
    text: str,
    *,
    cities: tuple[str, ...] = (),
    columns: tuple[str, ...] = (),
    metrics: tuple[str, ...] = (),
    subset: Subset | None = None,
    n: int | None = None,
    direction: Direction = Direction.TOP,
    years: tuple[int, ...] = (),
    topic: str | None = None,
) -> Analysis | None:
    return parse_analysis(
        text.lower(),
        cities=cities,
        columns=columns,
        metrics=metrics,
        subset=subset,
        n=n,
        direction=direction,
        years=years,
        topic=topic,
    )


E, R, KN, OC, T = "env_rank", "resource_rank", "knowledge_rank", "outcome_rank", "total_rank"
K = AnalysisKind

# (question, slots the caller found, expected kind, expected columns or None, expected op or None, extra subset)
CASES = [
    # thresholds: all / any / at least, several columns, ranges, groups, named cities
    (
        "哪些城市四项都进了前十？",
        {"n": 10},
        K.RANK_FILTER,
        tuple(FOUR),
        "<=",
        {"match": "all", "scope": "all"},
    ),
    (
        "四个维度排名均在前十名以内的城市有几个",
        {},
        K.RANK_FILTER,
        tuple(FOUR),
        "<=",
        {"match": "all", "count_only": "1"},
    ),
    (
        "环境支撑力和发展成效都进前十的城市",
        {"columns": (E, OC)},
        K.RANK_FILTER,
        (E, OC),
        "<=",
        {"match": "all"},
    ),
    (
        "Which cities made the top ten in both environment and outcomes?",
        {"columns": (E, OC)},
        K.RANK_FILTER,
        (E, OC),
        "<=",
        {"match": "all"},
    ),
    (
        "Which cities are in the top 3 on at least one dimension?",
        {"n": 3},
        K.RANK_FILTER,
        tuple(FOUR),
        "<=",
        {"match": "any"},
    ),
    ("有至少一个维度排进前三的城市吗", {}, K.RANK_FILTER, tuple(FOUR), "<=", {"match": "any"}),
    ("至少两项进前五的城市", {}, K.RANK_FILTER, tuple(FOUR), "<=", {"match": "at_least", "at_least": "2"}),
    (
        "how many cities have all four dimensions in the top ten",
        {},
        K.RANK_FILTER,
        tuple(FOUR),
        "<=",
        {"count_only": "1"},
    ),
    ("五项排名全部在前五的城市", {}, K.RANK_FILTER, tuple(FIVE), "<=", {"match": "all"}),
    ("苏州四项都进前十了吗", {"cities": ("苏州",)}, K.RANK_FILTER, tuple(FOUR), "<=", {"scope": "named"}),
    (
        "Are all of Chengdu's dimension ranks inside the top 10?",
        {"cities": ("成都",)},
        K.RANK_FILTER,
        tuple(FOUR),
        "<=",
        {"scope": "named"},
    ),
    (
        "省会城市中有几个进了前十",
        {"subset": Subset(kind="group", group="省会城市"), "n": 10},
        K.RANK_FILTER,
        (T,),
        "<=",
        {"scope": "group:省会城市", "count_only": "1"},
    ),
    ("前十名中有几个是计划单列市", {"n": 10}, K.RANK_FILTER, (T,), "<=", {"scope": "group:计划单列市"}),
    (
        "总排名前十但知识创造力不在前十的城市",
        {"columns": (T, KN)},
        K.RANK_FILTER,
        (T, KN),
        None,
        {"conditions": "total_rank:<=:10;knowledge_rank:>:10"},
    ),
    (
        "Which cities are outside the top 10 overall but in the top 10 for knowledge creation?",
        {"columns": (T, KN)},
        K.RANK_FILTER,
        (T, KN),
        None,
        {"conditions": "total_rank:>:10;knowledge_rank:<=:10"},
    ),
    (
        "知识创造力排名在第5到第10名之间、而且资源支持力进入前五的城市",
        {"columns": (KN, R)},
        K.RANK_FILTER,
        (KN, R),
        None,
        {"conditions": "knowledge_rank:between:5:10;resource_rank:<=:5"},
    ),
    (
        "试验区城市里哪些城市的发展成效排在后五名",
        {"columns": (OC,)},
        K.RANK_FILTER,
        (OC,),
        "bottom",
        {"scope": "group:试验区城市"},
    ),
    # comparisons between a city's own columns
    (
        "资源支持力排名高于知识创造力排名的城市有哪些",
        {"columns": (R, KN)},
        K.COLUMN_ORDER,
        (R, KN),
        "<",
        {"split": "1"},
    ),
    ("知识创造力不如资源支持力的城市", {"columns": (KN, R)}, K.COLUMN_ORDER, (KN, R), ">", {}),
    (
        "发展成效排名比总排名靠前的城市有几个",
        {"columns": (OC, T)},
        K.COLUMN_ORDER,
        (OC, T),
        "<",
        {"count_only": "1"},
    ),
    (
        "Which cities rank higher on knowledge creation than on resources?",
        {"columns": (KN, R)},
        K.COLUMN_ORDER,
        (KN, R),
        "<",
        {},
    ),
    (
        "Which cities do worse on the environment than overall?",
        {"columns": (E, T)},
        K.COLUMN_ORDER,
        (E, T),
        ">",
        {},
    ),
    (
        "哪些城市的维度排名都高于总排名",
        {"columns": (T,)},
        K.COLUMN_ORDER,
        (*FOUR, T),
        "<",
        {"split": "4", "match": "all"},
    ),
    (
        "Which cities rank better on every dimension than overall?",
        {"columns": (T,)},
        K.COLUMN_ORDER,
        (*FOUR, T),
        "<",
        {"match": "all"},
    ),
    (
        "有没有城市至少一个维度排名比总排名高",
        {"columns": (T,)},
        K.COLUMN_ORDER,
        (*FOUR, T),
        "<",
        {"match": "any"},
    ),
    ("环境支撑力和总排名一样的城市", {"columns": (E, T)}, K.COLUMN_ORDER, (E, T), "==", {}),
    (
        "苏州的资源支持力排名是否高于知识创造力",
        {"cities": ("苏州",), "columns": (R, KN)},
        K.COLUMN_ORDER,
        (R, KN),
        "<",
        {"scope": "named"},
    ),
    # gaps and imbalance
    (
        "哪个城市的资源支持力和知识创造力差距最大",
        {"columns": (R, KN)},
        K.COLUMN_GAP,
        (R, KN),
        None,
        {"extreme": "max"},
    ),
    (
        "Which city has the smallest gap between resource and knowledge ranks?",
        {"columns": (R, KN)},
        K.COLUMN_GAP,
        (R, KN),
        None,
        {"extreme": "min"},
    ),
    (
        "哪个城市知识创造力和总排名落差最大",
        {"columns": (KN, T)},
        K.COLUMN_GAP,
        (KN, T),
        None,
        {"extreme": "max"},
    ),
    (
        "苏州的知识创造力和资源支持力差几名",
        {"cities": ("苏州",), "columns": (KN, R)},
        K.COLUMN_GAP,
        (KN, R),
        None,
        {"extreme": "none", "scope": "named"},
    ),
    ("哪个城市最偏科", {}, K.IMBALANCE, tuple(FOUR), None, {"extreme": "max"}),
    ("哪三个城市各维度排名差距最大", {}, K.IMBALANCE, tuple(FOUR), None, {"extreme": "max", "n": "3"}),
    (
        "Which city is the most balanced across the four dimensions?",
        {},
        K.IMBALANCE,
        tuple(FOUR),
        None,
        {"extreme": "min"},
    ),
    ("Which city is the most unbalanced?", {}, K.IMBALANCE, tuple(FOUR), None, {"extreme": "max"}),
    # the best / worst inside a subset
    (
        "前五名里谁的发展成效最弱",
        {"columns": (OC,), "subset": Subset(kind="top", n=5), "n": 5},
        K.EXTREME,
        (OC,),
        None,
        {"best": "0", "scope": "top:5:total_rank"},
    ),
    (
        "Among the top 5, which city is weakest on outcomes?",
        {"columns": (OC,), "n": 5},
        K.EXTREME,
        (OC,),
        None,
        {"best": "0", "scope": "top:5:total_rank"},
    ),
    (
        "知识创造力前五名里谁的总排名最低",
        {"columns": (KN, T)},
        K.EXTREME,
        (T,),
        None,
        {"best": "0", "scope": "top:5:knowledge_rank"},
    ),
    (
        "后五名中谁的环境支撑力最好",
        {"columns": (E,)},
        K.EXTREME,
        (E,),
        None,
        {"best": "1", "scope": "bottom:5:total_rank"},
    ),
    (
        "试验区城市中谁的知识创造力最强",
        {"columns": (KN,)},
        K.EXTREME,
        (KN,),
        None,
        {"best": "1", "scope": "group:试验区城市"},
    ),
    (
        "Among the provincial capitals, which ranks lowest on knowledge creation?",
        {"columns": (KN,)},
        K.EXTREME,
        (KN,),
        None,
        {"best": "0", "scope": "group:省会城市"},
    ),
    (
        "北京、上海、深圳中谁的知识创造力最强",
        {"cities": ("北京", "上海", "深圳"), "columns": (KN,)},
        K.EXTREME,
        (KN,),
        None,
        {"scope": "named"},
    ),
    (
        "排名第5到第10名的城市中谁的资源支持力最弱",
        {"columns": (R,)},
        K.EXTREME,
        (R,),
        None,
        {"best": "0", "scope": "range:5:10:total_rank"},
    ),
    # differences between cities
    ("广州比成都高几名", {"cities": ("广州", "成都")}, K.RANK_DIFFERENCE, (T,), None, {}),
    (
        "How many places is Guangzhou ahead of Chengdu?",
        {"cities": ("广州", "成都")},
        K.RANK_DIFFERENCE,
        (T,),
        None,
        {},
    ),
    (
        "广州和成都在知识创造力上相差几名",
        {"cities": ("广州", "成都"), "columns": (KN,)},
        K.RANK_DIFFERENCE,
        (KN,),
        None,
        {},
    ),
    (
        "北京和上海的GDP差多少",
        {"cities": ("北京", "上海"), "metrics": ("gdp",)},
        K.FACT_DIFFERENCE,
        (),
        "difference",
        {},
    ),
    (
        "How much higher is Shanghai's GDP than Beijing's?",
        {"cities": ("上海", "北京"), "metrics": ("gdp",)},
        K.FACT_DIFFERENCE,
        (),
        "difference",
        {},
    ),
    (
        "北京GDP是杭州的几倍",
        {"cities": ("北京", "杭州"), "metrics": ("gdp",)},
        K.FACT_DIFFERENCE,
        (),
        "ratio",
        {},
    ),
    (
        "深圳研发投入占GDP比重比全国高多少",
        {"cities": ("深圳",), "metrics": ("rd_share_of_gdp",)},
        K.FACT_DIFFERENCE,
        (),
        "difference",
        {"national": "1"},
    ),
    ("两市GDP差多少", {"metrics": ("gdp",)}, K.FACT_DIFFERENCE, (), "difference", {}),
    # policies
    ("报告一共列了多少项政策", {}, K.POLICY_COUNT, (), None, {"by": "all"}),
    ("每年出台了多少政策", {}, K.POLICY_COUNT, (), None, {"by": "year"}),
    ("哪一年出台的政策最多", {}, K.POLICY_COUNT, (), None, {"by": "year", "extreme": "max"}),
    ("各城市分别有几项政策", {}, K.POLICY_COUNT, (), None, {"by": "city"}),
    ("How many policies per topic?", {}, K.POLICY_COUNT, (), None, {"by": "topic"}),
    ("Which city lists the fewest policies?", {}, K.POLICY_COUNT, (), None, {"by": "city", "extreme": "min"}),
    ("2019年出台了多少项政策", {"years": (2019,)}, K.POLICY_COUNT, (), None, {"by": "all"}),
    ("哪个城市最早出台人工智能政策", {}, K.POLICY_EXTREME, (), None, {"which": "earliest", "per_city": "0"}),
    ("各城市最新的政策是什么", {}, K.POLICY_EXTREME, (), None, {"which": "latest", "per_city": "1"}),
    (
        "What is the most recent policy of each city?",
        {},
        K.POLICY_EXTREME,
        (),
        None,
        {"which": "latest", "per_city": "1"},
    ),
    ("福田区发布了哪些政策", {}, K.POLICY_ISSUER, (), None, {"term": "福田区"}),
    ("深圳市福田区出台的政策有几项", {"cities": ("深圳",)}, K.POLICY_ISSUER, (), None, {"term": "福田区"}),
    ("中关村有哪些政策", {"cities": ("北京",)}, K.POLICY_ISSUER, (), None, {"term": "中关村"}),
    ("Which policies were issued by Futian district?", {}, K.POLICY_ISSUER, (), None, {"term": "futian"}),
    ("哪些政策是区级发布的", {}, K.POLICY_ISSUER, (), None, {"level": "district"}),
    ("哪些城市在同一个月出台了两项政策", {}, K.POLICY_SAME_MONTH, (), None, {}),
    ("Did any city issue two policies in the same month?", {}, K.POLICY_SAME_MONTH, (), None, {}),
    # more families: negation, single-column bounds other than top-N, issuers counted, 'furthest'
    ("Which cities have no dimension in the top 10?", {}, K.RANK_FILTER, tuple(FOUR), ">", {"match": "all"}),
    ("没有一项进前十的城市有哪些", {}, K.RANK_FILTER, tuple(FOUR), ">", {"match": "all"}),
    ("有几个城市的环境支撑力排在前十之外", {"columns": (E,)}, K.RANK_FILTER, (E,), ">", {"count_only": "1"}),
    ("Which cities rank better than 5th on resources?", {"columns": (R,)}, K.RANK_FILTER, (R,), "<", {}),
    (
        "In which city is the outcome rank furthest from the overall rank?",
        {"columns": (OC, T)},
        K.COLUMN_GAP,
        (OC, T),
        None,
        {"extreme": "max"},
    ),
    ("哪个区发布的政策最多", {}, K.POLICY_COUNT, (), None, {"by": "issuer", "extreme": "max"}),
    (
        "Which policies came out in 2020, counted by city?",
        {"years": (2020,)},
        K.POLICY_COUNT,
        (),
        None,
        {"by": "city"},
    ),
]

# ---------------------------------------------------------------- wording families (parse and answer)

BOTTOM = Direction.BOTTOM
TOP10, TOP5 = Subset(kind="top", n=10), Subset(kind="top", n=5)
OUTSIDE10 = Subset(kind="range", low=11, high=20)  # what the caller reads from 前十以外 / outside the top ten


def _top(n: int):
    return lambda c, r: r[T] <= n


def _outside(n: int):
    return lambda c, r: r[T] > n


def _group(name: str):
    return lambda c, r: CATEGORY[c] == name


# 1. the best / worst on a column inside a subset: (question, slots, column, best, scope, members)
SUBSET_EXTREMES = [
    (
        "前十名里谁的知识创造力最弱",
        {"columns": (KN,), "subset": TOP10, "direction": BOTTOM},
        KN,
        False,
        "top:10:total_rank",
        _top(10),
    ),
    (
        "前十名当中谁的资源支持力最差",
        {"columns": (R,), "subset": TOP10, "direction": BOTTOM},
        R,
        False,
        "top:10:total_rank",
        _top(10),
    ),
    (
        "总榜前十以外的城市里知识创造力最强的是哪个",
        {"columns": (KN,), "subset": OUTSIDE10},
        KN,
        True,
        "range:11:20:total_rank",
        _outside(10),
    ),
    (
        "没进前十的城市中，谁的环境支撑力最靠前",
        {"columns": (E,), "subset": TOP10},
        E,
        True,
        "range:11:20:total_rank",
        _outside(10),
    ),
    (
        "在总排名前五的城市当中，发展成效最差的是哪一个",
        {"columns": (T, OC), "subset": TOP5, "n": 1, "direction": BOTTOM},
        OC,
        False,
        "top:5:total_rank",
        _top(5),
    ),
    (
        "后五名当中谁的知识创造力最强",
        {"columns": (KN,), "subset": Subset(kind="bottom", n=5)},
        KN,
        True,
        "bottom:5:total_rank",
        _outside(15),
    ),
    (
        "计划单列市里哪个城市的资源支持力最弱",
        {"columns": (R,), "subset": Subset(kind="group", group="计划单列市"), "direction": BOTTOM},
        R,
        False,
        "group:计划单列市",
        _group("计划单列市"),
    ),
    (
        "前十个城市内谁的知识创造力最弱",
        {"columns": (KN,), "subset": TOP10, "direction": BOTTOM},
        KN,
        False,
        "top:10:total_rank",
        _top(10),
    ),
    (
        "Among the overall top ten, who is weakest in knowledge creation?",
        {"columns": (T, KN), "subset": TOP10, "direction": BOTTOM},
        KN,
        False,
        "top:10:total_rank",
        _top(10),
    ),
    (
        "Among the overall top 10, who ranks lowest on knowledge creation?",
        {"columns": (T, KN), "direction": BOTTOM},
        KN,
        False,
        "top:10:total_rank",
        _top(10),
    ),
    (
        "Of the bottom five overall, which is strongest on resources?",
        {"columns": (T, R), "n": 5, "direction": BOTTOM},
        R,
        True,
        "bottom:5:total_rank",
        _outside(15),
    ),
    (
        "Among cities outside the top ten, which is strongest in environment support?",
        {"columns": (E,), "subset": OUTSIDE10},
        E,
        True,
        "range:11:20:total_rank",
        _outside(10),
    ),
    (
        "In the top 10, which city has the worst environment rank?",
        {"columns": (E,), "subset": TOP10, "direction": BOTTOM},
        E,
        False,
        "top:10:total_rank",
        _top(10),
    ),
    (
        "For cities ranked outside the top 10 overall, which has the best knowledge creation rank?",
        {"columns": (T, KN), "subset": OUTSIDE10},
        KN,
        True,
        "range:11:20:total_rank",
        _outside(10),
    ),
    (
        "Which provincial capital is strongest on knowledge creation?",
        {"columns": (KN,), "subset": Subset(kind="group", group="省会城市")},
        KN,
        True,
        "group:省会城市",
        _group("省会城市"),
    ),
    (
        "Of the top five cities, which one has the lowest development outcomes rank?",
        {"columns": (OC,), "subset": TOP5, "direction": BOTTOM},
        OC,
        False,
        "top:5:total_rank",
        _top(5),
    ),
]

# 1b. the threshold said of the asked column itself stays a filter: (question, slots, expected cities)
THRESHOLD_ON_THE_COLUMN = [
    (
        "总排名前十、知识创造力也进了前十的城市",
        {"columns": (T, KN), "n": 10},
        lambda r: r[T] <= 10 and r[KN] <= 10,
    ),
    (
        "Which cities are in the top 10 both overall and on knowledge creation?",
        {"columns": (T, KN), "n": 10},
        lambda r: r[T] <= 10 and r[KN] <= 10,
    ),
    (
        "前十名里知识创造力也进了前十的有哪些",
        {"columns": (KN,), "subset": TOP10, "n": 10},
        lambda r: r[T] <= 10 and r[KN] <= 10,
    ),
    (
        "Among the top ten, which cities are also in the top ten on knowledge creation?",
        {"columns": (KN,), "subset": TOP10, "n": 10},
        lambda r: r[T] <= 10 and r[KN] <= 10,
    ),
    (
        "前十名中资源支持力同样进入前五的城市有哪些",
        {"columns": (R,), "subset": TOP10, "n": 10},
        lambda r: r[T] <= 10 and r[R] <= 5,
    ),
]

# 2. the largest / smallest gap between two named columns across cities: (question, columns, better, extreme)
GAPS = [
    ("哪个城市的资源支持力和知识创造力差得最多", (R, KN), None, "max"),
    ("知识创造力和总排名相差最远的是哪个城市", (KN, T), None, "max"),
    ("哪个城市发展成效与总排名偏离最大", (OC, T), None, "max"),
    ("环境支撑力和资源支持力排名落差最大的城市", (E, R), None, "max"),
    ("哪个城市知识创造力和发展成效的差别最大", (KN, OC), None, "max"),
    ("哪个城市的环境支撑力和总排名差得最少", (E, T), None, "min"),
    ("Which city's knowledge and resource ranks differ the most?", (KN, R), None, "max"),
    (
        "Which city has the biggest difference between its knowledge rank and its overall rank?",
        (KN, T),
        None,
        "max",
    ),
    ("Which city's outcome rank is most out of line with its overall rank?", (OC, T), None, "max"),
    ("Where is the discrepancy between environment and resource ranks largest?", (E, R), None, "max"),
    (
        "Which city shows the greatest disparity between knowledge creation and development outcomes?",
        (KN, OC),
        None,
        "max",
    ),
    # signed: the column better than the other by the most places
    ("哪个城市知识创造力比总排名高出最多", (KN, T), KN, "max"),
    ("哪个城市的知识创造力排名比总排名靠前最多", (KN, T), KN, "max"),
    ("哪个城市知识创造力比总排名落后最多", (KN, T), T, "max"),
    ("哪个城市资源支持力比知识创造力领先最多", (R, KN), R, "max"),
    ("Which city's knowledge rank is furthest ahead of its overall rank?", (KN, T), KN, "max"),
    (
        "Which city ranks better on resources than on knowledge creation by the most places?",
        (R, KN),
        R,
        "max",
    ),
    ("Which city's overall rank trails its outcome rank by the most places?", (T, OC), OC, "max"),
]

# 3. a named city's own columns compared: (question, city, columns slot, left, right)
OWN_DIFFERENCES = [
    ("西安的知识创造力和发展成效排名比它的总排名高出几位", "西安", (KN, OC, T), (KN, OC), (T,)),
    ("苏州资源支持力比知识创造力高几名", "苏州", (R, KN), (R,), (KN,)),
    ("南京的知识创造力比总排名高多少名", "南京", (KN, T), (KN,), (T,)),
    ("与总排名相比，合肥的知识创造力靠前几位", "合肥", (T, KN), (KN,), (T,)),
    ("重庆的环境支撑力排名比总排名高几个名次", "重庆", (E, T), (E,), (T,)),
    ("西安各维度排名比总排名高几名", "西安", (T,), tuple(FOUR), (T,)),
    (
        "How many places better is Nanjing's knowledge rank than its overall rank?",
        "南京",
        (KN, T),
        (KN,),
        (T,),
    ),
    (
        "By how many places does Chongqing's environment rank beat its overall rank?",
        "重庆",
        (E, T),
        (E,),
        (T,),
    ),
    (
        "How many places higher is Xi'an on knowledge creation and development outcomes than overall?",
        "西安",
        (KN, OC, T),
        (KN, OC),
        (T,),
    ),
    (
        "Compared with its overall rank, how many places lower is Nanjing's outcome rank?",
        "南京",
        (T, OC),
        (OC,),
        (T,),
    ),
    ("How far apart are Suzhou's resource and knowledge ranks?", "苏州", (R, KN), (R,), (KN,)),
]

# 4. a named city's own best / worst column: (question, city, columns slot, best, compared)
OWN_EXTREMES = [
    ("青岛哪个维度最强", "青岛", (), True, tuple(FOUR)),
    ("它哪个维度表现最好", "合肥", (), True, tuple(FOUR)),
    ("苏州最拖后腿的一级指标是哪个", "苏州", (), False, tuple(FOUR)),
    ("重庆的短板是哪个维度", "重庆", (), False, tuple(FOUR)),
    ("武汉在哪个方面排名最靠前", "武汉", (), True, tuple(FOUR)),
    ("杭州排名最低的一级指标", "杭州", (), False, tuple(FOUR)),
    ("西安哪个维度最强", "西安", (), True, tuple(FOUR)),  # a tie: knowledge and outcomes both 7th
    ("苏州的资源支持力和知识创造力哪个更强", "苏州", (R, KN), True, (R, KN)),
    ("What is Hefei's weakest dimension?", "合肥", (), False, tuple(FOUR)),
    ("Which dimension is Qingdao strongest in?", "青岛", (), True, tuple(FOUR)),
    ("In which pillar does Wuhan rank highest?", "武汉", (), True, tuple(FOUR)),
    ("Which of Suzhou's four dimensions holds it back the most?", "苏州", (), False, tuple(FOUR)),
    ("What is Chongqing's best-ranked dimension?", "重庆", (), True, tuple(FOUR)),
    ("Where does Tianjin rank lowest among the four dimensions?", "天津", (), False, tuple(FOUR)),
]

# 5. which of two cities ranks higher: (question, cities, columns slot, column)
WHICH_HIGHER = [
    ("天津和重庆谁排名更靠前", ("天津", "重庆"), (), T),
    ("杭州南京哪个总排名高", ("杭州", "南京"), (T,), T),
    ("济南和长沙哪个城市排名靠前", ("济南", "长沙"), (), T),
    ("武汉与成都相比，谁的知识创造力排名更高", ("武汉", "成都"), (KN,), KN),
    ("郑州和厦门的排名谁高", ("郑州", "厦门"), (), T),
    ("Tianjin or Chongqing: which ranks higher?", ("天津", "重庆"), (), T),
    ("Nanjing or Hangzhou, which ranks higher on knowledge creation?", ("南京", "杭州"), (KN,), KN),
    ("Who is ranked higher overall, Jinan or Changsha?", ("济南", "长沙"), (T,), T),
    ("Between Wuhan and Chengdu, which city is placed higher?", ("武汉", "成都"), (), T),
    ("Does Zhengzhou rank higher than Xiamen?", ("郑州", "厦门"), (), T),
    ("Which is higher-ranked, Shenyang or Dalian?", ("沈阳", "大连"), (), T),
    ("Which one is higher in the overall ranking, Tianjin or Chongqing?", ("天津", "重庆"), (T,), T),
]

CASES += [
    (q, s, K.EXTREME, (col,), None, {"best": "1" if best else "0", "scope": scope})
    for q, s, col, best, scope, _ in SUBSET_EXTREMES
]
CASES += [
    (
        q,
        {"columns": cols},
        K.COLUMN_GAP,
        cols,
        None,
        {"extreme": extreme, "absolute": "0" if better else "1", **({"better": better} if better else {})},
    )
    for q, cols, better, extreme in GAPS
]
CASES += [
    (
        q,
        {"cities": (city,), "columns": cols},
        K.COLUMN_GAP,
        (*left, *right),
        None,
        {"extreme": "none", "scope": "named", "split": str(len(left))},
    )
    for q, city, cols, left, right in OWN_DIFFERENCES
]
CASES += [
    (q, {"cities": (city,), "columns": cols}, K.OWN_EXTREME, compared, None, {"best": "1" if best else "0"})
    for q, city, cols, best, compared in OWN_EXTREMES
]
CASES += [
    (q, {"cities": cities, "columns": cols}, K.RANK_DIFFERENCE, (col,), None, {})
    for q, cities, cols, col in WHICH_HIGHER
]

# 6. bounds written as places ('第16名及以后', '15名以后', '十五名开外', '不低于第十名', 'no lower than 10th') over the
# four dimensions, all / any / counted: (question, slots, op, value, match, count_only, wanted)
BOUNDS_ON_FOUR = [
    (
        "四个一级指标排名全部在第16名及以后的城市有几个",
        {},
        ">=",
        16,
        "all",
        True,
        lambda r: all(r[c] >= 16 for c in FOUR),
    ),
    ("哪些城市四个维度都排在15名以后", {}, ">", 15, "all", False, lambda r: all(r[c] > 15 for c in FOUR)),
    ("至少有一个维度进前三的城市", {"n": 3}, "<=", 3, "any", False, lambda r: any(r[c] <= 3 for c in FOUR)),
    ("四项排名都在十五名开外的城市", {}, ">", 15, "all", False, lambda r: all(r[c] > 15 for c in FOUR)),
    (
        "哪些城市的四个一级指标都不低于第十名",
        {},
        "<=",
        10,
        "all",
        False,
        lambda r: all(r[c] <= 10 for c in FOUR),
    ),
    (
        "四个维度至少有一项排在第3名及以前的城市有哪些",
        {},
        "<=",
        3,
        "any",
        False,
        lambda r: any(r[c] <= 3 for c in FOUR),
    ),
    (
        "四个维度都至少是第10名的城市有几个",
        {},
        "<=",
        10,
        "all",
        True,
        lambda r: all(r[c] <= 10 for c in FOUR),
    ),
    ("有没有城市四个维度都排在第五名之后", {}, ">", 5, "all", False, lambda r: all(r[c] > 5 for c in FOUR)),
    (
        "一级指标里有一项排在第18名及以后的城市有哪些",
        {},
        ">=",
        18,
        "any",
        False,
        lambda r: any(r[c] >= 18 for c in FOUR),
    ),
    ("四项都不高于第八名的城市", {}, ">=", 8, "all", False, lambda r: all(r[c] >= 8 for c in FOUR)),
    (
        "四个维度排名全部在前5名以内的城市",
        {"n": 5},
        "<=",
        5,
        "all",
        False,
        lambda r: all(r[c] <= 5 for c in FOUR),
    ),
    (
        "Which cities rank 16th or lower on all four dimensions?",
        {},
        ">=",
        16,
        "all",
        False,
        lambda r: all(r[c] >= 16 for c in FOUR),
    ),
    (
        "How many cities are ranked below 15th on every dimension?",
        {},
        ">",
        15,
        "all",
        True,
        lambda r: all(r[c] > 15 for c in FOUR),
    ),
    (
        "Which cities rank no lower than 10th on all four dimensions?",
        {},
        "<=",
        10,
        "all",
        False,
        lambda r: all(r[c] <= 10 for c in FOUR),
    ),
    (
        "Which cities are ranked after 15th in all four pillars?",
        {},
        ">",
        15,
        "all",
        False,
        lambda r: all(r[c] > 15 for c in FOUR),
    ),
    # the caller reads '3rd' / '18th' as a position and finds the city there; the question names no city
    (
        "Which cities rank at least 3rd on at least one dimension?",
        {"cities": ("上海",), "direction": BOTTOM},
        "<=",
        3,
        "any",
        False,
        lambda r: any(r[c] <= 3 for c in FOUR),
    ),
    (
        "How many cities have all four dimension ranks at 16th or below?",
        {},
        ">=",
        16,
        "all",
        True,
        lambda r: all(r[c] >= 16 for c in FOUR),
    ),
    (
        "Which cities place 18th or later on at least one dimension?",
        {"cities": ("厦门",), "direction": BOTTOM},
        ">=",
        18,
        "any",
        False,
        lambda r: any(r[c] >= 18 for c in FOUR),
    ),
]

# 7. who holds first (last) place on each column: (question, slots, columns, best, scope, members)
LEADERS = [
    ("有没有城市在哪个一级指标上拿了第一？分别是谁、哪项？", {}, tuple(FOUR), True, "all", None),
    ("各个一级指标的第一名分别是谁", {}, tuple(FOUR), True, "all", None),
    (
        "每个维度排第一的城市",
        {"cities": ("北京",)},
        tuple(FOUR),
        True,
        "all",
        None,
    ),  # the caller's 'first' city
    ("各维度倒数第一", {"cities": ("大连",), "direction": BOTTOM}, tuple(FOUR), False, "all", None),
    ("四个维度分别是哪个城市垫底", {"direction": BOTTOM}, tuple(FOUR), False, "all", None),
    ("四项一级指标的榜首各是哪座城市", {}, tuple(FOUR), True, "all", None),
    (
        "知识创造力和发展成效的第一名分别是谁",
        {"cities": ("北京",), "columns": (KN, OC)},
        (KN, OC),
        True,
        "all",
        None,
    ),
    (
        "总排名和各维度排第一的分别是哪个城市",
        {"cities": ("北京",), "columns": (T,)},
        tuple(FIVE),
        True,
        "all",
        None,
    ),
    (
        "试验区城市中各维度第一分别是谁",
        {"subset": Subset(kind="group", group="试验区城市")},
        tuple(FOUR),
        True,
        "group:试验区城市",
        _group("试验区城市"),
    ),
    (
        "计划单列市里每个维度排最后的是哪个城市",
        {"subset": Subset(kind="group", group="计划单列市"), "direction": BOTTOM},
        tuple(FOUR),
        False,
        "group:计划单列市",
        _group("计划单列市"),
    ),
    ("Who is No. 1 on each of the four dimensions?", {}, tuple(FOUR), True, "all", None),
    ("Which city comes last on each dimension?", {"direction": BOTTOM}, tuple(FOUR), False, "all", None),
    ("Which cities top each of the four first-level dimensions?", {}, tuple(FOUR), True, "all", None),
    ("Which city ranks first on each pillar?", {"cities": ("北京",)}, tuple(FOUR), True, "all", None),
    ("Who holds the top spot in each dimension, respectively?", {}, tuple(FOUR), True, "all", None),
    (
        "Which city is at the bottom of each of the four dimensions?",
        {"direction": BOTTOM},
        tuple(FOUR),
        False,
        "all",
        None,
    ),
    ("Which city leads each sub-index?", {}, tuple(FOUR), True, "all", None),
]

# 7b. first (last) place on every column, or on at least k of them, is a filter on that place:
# (question, slots, op, value, match, at_least, wanted)
PLACE_ON_EVERY_COLUMN = [
    ("四个维度都排第一的城市", {}, "==", 1, "all", None, lambda r: all(r[c] == 1 for c in FOUR)),
    (
        "至少两个维度排第一的城市有几个",
        {},
        "==",
        1,
        "at_least",
        "2",
        lambda r: sum(r[c] == 1 for c in FOUR) >= 2,
    ),
    ("有没有城市四项都垫底", {}, "bottom", 1, "all", None, lambda r: all(r[c] == 20 for c in FOUR)),
    (
        "Which city is first on all four dimensions?",
        {},
        "==",
        1,
        "all",
        None,
        lambda r: all(r[c] == 1 for c in FOUR),
    ),
    (
        "Which cities come last on at least two of the four dimensions?",
        {"direction": BOTTOM},
        "bottom",
        1,
        "at_least",
        "2",
        lambda r: sum(r[c] == 20 for c in FOUR) >= 2,
    ),
]

# 8. how many cities sit in a band of places on one column: (question, slots, column, low, high)
BANDS = [
    ("发展成效排在第11到第15名的有几个城市", {"columns": (OC,)}, OC, 11, 15),
    ("资源支持力第5至第10名之间的城市一共多少个", {"columns": (R,)}, R, 5, 10),
    ("环境支撑力排名在6到12名的城市数量", {"columns": (E,)}, E, 6, 12),
    ("知识创造力排第十一到第十五名的城市有几座", {"columns": (KN,)}, KN, 11, 15),
    ("总排名第3到第8名的城市共有多少个", {"columns": (T,)}, T, 3, 8),
    ("how many cities are ranked between 5 and 10 on resources", {"columns": (R,)}, R, 5, 10),
    ("How many cities rank 11th to 15th on knowledge creation?", {"columns": (KN,)}, KN, 11, 15),
    (
        "What is the number of cities placed between 16 and 20 on the overall index?",
        {"columns": (T,)},
        T,
        16,
        20,
    ),
    ("How many cities have an environment rank between 3 and 9?", {"columns": (E,)}, E, 3, 9),
    ("Count the cities ranked 6th through 12th on development outcomes.", {"columns": (OC,)}, OC, 6, 12),
]

CASES += [
    (
        q,
        s,
        K.RANK_FILTER,
        tuple(FOUR),
        op,
        {"match": match, "scope": "all", **({"count_only": "1"} if count else {})},
    )
    for q, s, op, _, match, count, _ in BOUNDS_ON_FOUR
]
CASES += [
    (q, s, K.LEADERS, cols, None, {"best": "1" if best else "0", "scope": scope})
    for q, s, cols, best, scope, _ in LEADERS
]
CASES += [
    (q, s, K.RANK_FILTER, tuple(FOUR), op, {"match": match, **({"at_least": k} if k else {})})
    for q, s, op, _, match, k, _ in PLACE_ON_EVERY_COLUMN
]
CASES += [
    (q, s, K.RANK_FILTER, (col,), "between", {"high": str(high), "count_only": "1", "scope": "all"})
    for q, s, col, _, high in BANDS
]

NOT_ANALYTIC = [
    ("苏州排第几", {"cities": ("苏州",)}),
    ("前十名有哪些城市", {"n": 10, "subset": Subset(kind="top", n=10)}),
    ("知识创造力前五的城市", {"columns": (KN,), "n": 5}),
    ("北京的GDP是多少", {"cities": ("北京",), "metrics": ("gdp",)}),
    ("哪个城市GDP最高", {"metrics": ("gdp",)}),
    ("Which city has the highest GDP?", {"metrics": ("gdp",)}),
    ("武汉有哪些政策", {"cities": ("武汉",)}),
    ("What are Beijing's AI policies?", {"cities": ("北京",)}),
    ("深圳2021年发布了哪些政策？", {"cities": ("深圳",), "years": (2021,)}),
    ("关于建设国家新一代人工智能创新发展试验区的政策都有哪些", {"topic": "试验区"}),
    ("比较杭州和南京", {"cities": ("杭州", "南京")}),
    ("北京和上海谁的知识创造力更强", {"cities": ("北京", "上海"), "columns": (KN,)}),
    ("为什么苏州排名第六", {"cities": ("苏州",)}),
    ("苏州进前十了吗", {"cities": ("苏州",), "n": 10}),
    ("How many cities does the report cover?", {}),
    ("Which city ranks first on knowledge creation?", {"columns": (KN,)}),
    ("报告的建议有哪些", {}),
    ("哪个国家开发区首个明确提出聚焦人工智能并出台专门政策？", {}),  # the report's prose, not its tables
    ("苏州的排名稳定吗", {"cities": ("苏州",)}),
    ("苏州的人工智能发展有什么特点", {"cities": ("苏州",)}),
    ("哪个城市的知识创造力最强", {"columns": (KN,)}),
    ("北京和上海哪个城市的知识创造力更强", {"cities": ("北京", "上海"), "columns": (KN,)}),
    ("Which dimension matters most in the index?", {}),
    # a band on one column, listed rather than counted, is a ranking list; one column's first place is a look-up
    ("发展成效排在第11到第15名的城市有哪些", {"columns": (OC,)}),
    ("排名第一的城市是哪个", {"cities": ("北京",)}),
    ("知识创造力排第一的是谁", {"columns": (KN,)}),
    (
        "Which is better on knowledge creation, Beijing or Shanghai?",
        {"cities": ("北京", "上海"), "columns": (KN,)},
    ),
]

# a mean over ranks (the report gives none: computed), and a city's neighbours in a ranking
CASES += [
    ("长沙四个一级指标的平均排名", {"cities": ("长沙",)}, K.AVERAGE, tuple(FOUR), None, {"scope": "named"}),
    (
        "What is Xiamen's mean rank over the four dimensions?",
        {"cities": ("厦门",)},
        K.AVERAGE,
        tuple(FOUR),
        None,
        {"extreme": "none", "scope": "named"},
    ),
    ("四个维度平均名次最差的城市", {}, K.AVERAGE, tuple(FOUR), None, {"extreme": "max", "scope": "all"}),
    ("哪个城市的四项平均排名最靠前", {}, K.AVERAGE, tuple(FOUR), None, {"extreme": "min"}),
    (
        "Among provincial capitals, which has the best average rank across the dimensions?",
        {},
        K.AVERAGE,
        tuple(FOUR),
        None,
        {"extreme": "min", "scope": "group:省会城市"},
    ),
    ("郑州排名前后相邻的是哪两个城市", {"cities": ("郑州",)}, K.NEIGHBOURS, (T,), None, {"places": "1"}),
    (
        "Who ranks just above and just below Hefei on knowledge creation?",
        {"cities": ("合肥",), "columns": (KN,)},
        K.NEIGHBOURS,
        (KN,),
        None,
        {},
    ),
    ("长沙总排名前后各两名是谁", {"cities": ("长沙",)}, K.NEIGHBOURS, (T,), None, {"places": "2"}),
]
# sums of ranks (computed like means), and gaps between two printed scores
CASES += [
    (
        "三个计划单列市总排名的平均名次是多少",
        {"subset": Subset(kind="group", group="计划单列市"), "columns": (T,)},
        K.AVERAGE,
        (T,),
        None,
        {"over": "cities", "scope": "group:计划单列市"},
    ),
    (
        "杭州和苏州的PE/VC投资规模加起来多少",
        {"cities": ("杭州", "苏州"), "metrics": ("pevc_investment",)},
        K.FACT_TOTAL,
        None,
        "sum",
        {},
    ),
    ("合肥四个一级指标的排名加起来是多少", {"cities": ("合肥",)}, K.AVERAGE, tuple(FOUR), None, {"sum": "1"}),
    (
        "Add up the four dimension ranks of Xiamen and Jinan: which total is lower?",
        {"cities": ("厦门", "济南")},
        K.AVERAGE,
        tuple(FOUR),
        None,
        {"sum": "1", "extreme": "min", "scope": "named"},
    ),
    ("北京和上海的总指数得分相差多少分", {"cities": ("北京", "上海")}, K.SCORE_GAP, (T,), None, {}),
    (
        "北京的总指数比上海高出多少分？",
        {"cities": ("北京", "上海"), "columns": (T,)},
        K.SCORE_GAP,
        (T,),
        None,
        {},
    ),
    (
        "How many points apart are Beijing and Shanghai on environment support?",
        {"cities": ("北京", "上海"), "columns": ("env_rank",)},
        K.SCORE_GAP,
        ("env_rank",),
        None,
        {},
    ),
    # means and sums over two or more cities: of printed scores, of stated figures
    (
        "北京、深圳、上海三城总指数的平均分是多少",
        {"cities": ("北京", "深圳", "上海")},
        K.SCORE_TOTAL,
        (T,),
        "mean",
        {},
    ),
    (
        "What is the combined environment support score of Beijing and Shanghai?",
        {"cities": ("北京", "上海"), "columns": ("env_rank",)},
        K.SCORE_TOTAL,
        ("env_rank",),
        "sum",
        {},
    ),
    (
        "把杭州、苏州、成都、武汉的PE/VC投资规模加起来是多少",
        {"cities": ("杭州", "苏州", "成都", "武汉"), "metrics": ("pevc_investment",)},
        K.FACT_TOTAL,
        None,
        "sum",
        {},
    ),
    (
        "What's the average GDP of Beijing, Shanghai and Shenzhen?",
        {"cities": ("北京", "上海", "深圳"), "metrics": ("gdp",)},
        K.FACT_TOTAL,
        None,
        "mean",
        {},
    ),
]
NOT_ANALYTIC += [
    ("杭州人工智能企业的平均估值是多少", {"cities": ("杭州",)}),  # a figure in the prose, not a mean of ranks
    ("北京的GDP是多少", {"cities": ("北京",), "metrics": ("gdp",)}),  # a look-up, no bound
]
# a bound on a stated figure, with the question's unit (billion yuan = 10 亿元)
CASES += [
    ("GDP超过2万亿元的城市有哪些", {"metrics": ("gdp",)}, K.FACT_FILTER, None, ">", {"unit": "万亿元"}),
    (
        "Which cities had PE/VC investment above 10 billion yuan?",
        {"metrics": ("pevc_investment",)},
        K.FACT_FILTER,
        None,
        ">",
        {"unit": "亿元"},
    ),
    ("哪些城市的GDP低于1.5万亿", {"metrics": ("gdp",)}, K.FACT_FILTER, None, "<", {}),
    ("AI独角兽不少于20家的城市", {"metrics": ("ai_unicorns",)}, K.FACT_FILTER, None, ">=", {}),
    (
        "哪两个城市的产业覆盖度都是12.2%",
        {"metrics": ("industry_coverage",)},
        K.FACT_FILTER,
        None,
        "==",
        {"unit": "%"},
    ),
]
# the cities outside a sample group
CASES += [
    (
        "非试验区城市里知识创造力最强的是哪个",
        {"columns": (KN,)},
        K.EXTREME,
        (KN,),
        None,
        {"scope": "notgroup:试验区城市"},
    ),
    (
        "除了试验区城市以外，总排名最高的是哪个城市",
        {"columns": (T,)},
        K.EXTREME,
        (T,),
        None,
        {"scope": "notgroup:试验区城市"},
    ),
    (
        "Among cities that are not pilot-zone cities, which ranks best overall?",
        {"columns": (T,)},
        K.EXTREME,
        (T,),
        None,
        {"scope": "notgroup:试验区城市"},
    ),
]


@pytest.mark.parametrize(
    ("question", "slots", "kind", "columns", "op", "extra"), CASES, ids=[c[0] for c in CASES]
)
def test_parse_analysis(question, slots, kind, columns, op, extra):
    analysis = P(question, **slots)
    assert analysis is not None, question
    assert analysis.kind == kind.value
    if columns is not None and columns:
        assert analysis.columns == columns
    if op is not None:
        assert analysis.op == op
    for key, value in extra.items():
        assert analysis.param(key) == value, (key, analysis.extra)


@pytest.mark.parametrize(("question", "slots"), NOT_ANALYTIC, ids=[c[0] for c in NOT_ANALYTIC])
def test_not_analytic(question, slots):
    assert P(question, **slots) is None


def test_case_counts_and_kinds():
    assert len(CASES) >= 40 and len(NOT_ANALYTIC) >= 10
    assert {c[2] for c in CASES} == set(AnalysisKind)
    languages = {"en" if re.fullmatch(r"[\x00-\x7f]+", c[0]) else "zh" for c in CASES}
    assert languages == {"zh", "en"}


def test_scope_parameter_round_trip():
    for subset in (
        Subset(kind="group", group="试验区城市"),
        Subset(kind="top", n=5, column="knowledge_rank"),
        Subset(kind="bottom", n=3),
        Subset(kind="range", low=5, high=10),
    ):
        assert subset_from_param(scope_param(subset)) == subset
    assert subset_from_param("named", ("北京", "上海")) == Subset(kind="named", cities=("北京", "上海"))
    assert subset_from_param("all") is None and scope_param(None) == "all"
    assert conditions_from_param("total_rank:<=:10;knowledge_rank:between:5:10") == [
        ("total_rank", "<=", 10, None),
        ("knowledge_rank", "between", 5, 10),
    ]


def test_callers_top_n_is_not_taken_as_a_restriction():
    """The caller may read '前十' as a subset; in '四项都进前十' it is the threshold, so the scope is all."""
    analysis = P("哪些城市四项都进了前十", subset=Subset(kind="top", n=10), n=10)
    assert analysis is not None and analysis.param("scope") == "all" and analysis.value == 10


# ---------------------------------------------------------------- the composer, end to end


def ask(report, question: str, language: str = "zh", **slots):
    analysis = P(question, **slots)
    assert analysis is not None, question
    query = Query(
        text=question,
        language=language,
        operation=Operation.ANALYTIC,
        cities=slots.get("cities", ()),
        metrics=slots.get("metrics", ()),
        years=slots.get("years", ()),
        topic=slots.get("topic"),
        subset=slots.get("subset"),
        analysis=analysis,
    )
    ctx = Context(report=report, query=query, search=lambda *a, **k: [])
    return analytic(ctx)


def _body(reply) -> str:
    return reply.text.split("\n---\n")[0]


def test_composer_all_four_in_top_ten(report):
    reply = ask(report, "哪些城市四项都进了前十？", n=10)
    expected = _where(lambda r: all(r[c] <= 10 for c in FOUR))
    assert reply.intent == "analytic"
    assert set(reply.cities) == expected
    body = _body(reply)
    assert "规则" in body and "前10名以内" in body and f"共{len(expected)}个城市" in body
    assert list(reply.table.columns) == [
        "城市",
        "环境支撑力排名",
        "资源支持力排名",
        "知识创造力排名",
        "发展成效排名",
    ]
    # each listed city carries the marker of its Table 2 line, and the sources list quotes it
    assert len(reply.facts) >= len(expected)
    assert {f["city"] for f in reply.facts} == expected
    for city in expected:
        assert re.search(rf"{city}：[^\n]*\[\d+\]", body)


def test_composer_english_is_english(report):
    reply = ask(report, "Which cities are in the top 3 on at least one dimension?", language="en", n=3)
    body = _body(reply)
    assert "Rule:" in body and "at least one of" in body and "top 3" in body
    without_names = re.sub(r"\([\u4e00-\u9fff]+\)", "", body)  # ctx.city: Beijing (北京)
    assert not re.search(r"[\u4e00-\u9fff]", without_names)
    assert list(reply.table.columns)[0] == "City"
    assert all(re.fullmatch(r"[\x00-\x7f]+", str(c)) for c in reply.table.columns)


def test_composer_empty_result_is_said(report):
    reply = ask(
        report, "Which cities rank better on every dimension than overall?", language="en", columns=(T,)
    )
    assert "No city meets this rule" in reply.text
    assert reply.table is not None and reply.table.empty
    zh = ask(report, "哪些城市的维度排名都高于总排名", columns=(T,))
    assert "没有城市满足这一条件" in zh.text


def test_composer_extreme_in_subset(report):
    reply = ask(report, "前五名里谁的发展成效最弱", columns=(OC,), subset=Subset(kind="top", n=5), n=5)
    body = _body(reply)
    assert reply.cities == ["广州"]
    assert "前5名" in body and "发展成效" in body and "最弱" in body
    assert list(reply.table.columns) == ["城市", "总指数排名", "发展成效排名"]
    assert len({f["n"] for f in reply.facts}) == 5  # the five compared cities are each cited


def test_composer_rank_difference_direction(report):
    reply = ask(report, "广州比成都高几名", cities=("广州", "成都"))
    assert "广州比成都高4名" in reply.text and "8 − 4 = 4" in reply.text
    # asked the wrong way round, the answer still words the direction from the data
    flipped = ask(report, "成都比广州低几名", cities=("成都", "广州"))
    assert "广州比成都高4名" in flipped.text
    en = ask(report, "How many places is Guangzhou ahead of Chengdu?", language="en", cities=("广州", "成都"))
    assert "is 4 places ahead of" in en.text


def test_composer_fact_difference_and_refusal(report):
    reply = ask(report, "北京和上海的GDP差多少", cities=("北京", "上海"), metrics=("gdp",))
    assert "上海比北京高2597.98亿元" in reply.text and "38700.58 − 36102.6 = 2597.98" in reply.text
    assert len({f["n"] for f in reply.facts}) == 2
    refused = ask(report, "上海和重庆的GDP差多少", cities=("上海", "重庆"), metrics=("gdp",))
    assert "没有给出重庆" in refused.text and "无法计算" in refused.text
    approx = ask(report, "深圳和上海的PE/VC投资差多少", cities=("深圳", "上海"), metrics=("pevc_investment",))
    assert "近似" in approx.text
    pct = ask(
        report,
        "北京和深圳的发明专利占比相差多少",
        cities=("北京", "深圳"),
        metrics=("invention_patent_share",),
    )
    assert "个百分点" in pct.text


def test_composer_group_is_the_reports_grouping(report):
    reply = ask(report, "省会城市中有几个进了前十", subset=Subset(kind="group", group="省会城市"), n=10)
    body = _body(reply)
    assert "报告选取样本时的分组" in body and "南京" in body
    assert any(f["table"] == "cities" for f in reply.facts)


def test_composer_policies(report):
    per_year = ask(report, "每年出台了多少政策")
    assert "2019年：16项" in per_year.text and "部分人工智能政策" in per_year.text
    assert len({f["n"] for f in per_year.facts}) == len(POLICIES)
    same = ask(report, "哪些城市在同一个月出台了两项政策")
    assert "共2组" in same.text and "苏州 2021年4月" in same.text
    futian = ask(report, "Which policies were issued by Futian district?", language="en")
    assert "2 in all" in futian.text and "福田区打造人工智能应用示范区" in futian.text
    nanjing = ask(report, "南京一共列了几项政策", cities=("南京",))
    assert "共4项" in nanjing.text
    earliest = ask(report, "哪个城市最早出台人工智能政策")
    assert ("2016-04" in earliest.text or "2016年4月" in earliest.text) and "北京" in earliest.cities


def test_composer_named_check(report):
    reply = ask(report, "苏州四项都进前十了吗", cities=("苏州",))
    assert "**否**" in reply.text and "知识创造力第15名" in reply.text
    assert list(reply.table.columns)[-1] == "是否满足"


def test_composer_without_a_plan(report):
    query = Query(text="?", language="zh", operation=Operation.ANALYTIC, analysis=None)
    reply = analytic(Context(report=report, query=query, search=lambda *a, **k: []))
    assert reply.intent == "analytic" and reply.text


@pytest.mark.parametrize(
    ("question", "slots", "kind", "columns", "op", "extra"), CASES, ids=[c[0] for c in CASES]
)
def test_composer_answers_every_case(report, question, slots, kind, columns, op, extra):
    """Every planned case is answered: a rule stated, a table when there is a result, and no crash; English
    answers carry no Chinese outside city names and policy titles."""
    english = bool(re.fullmatch(r"[\x00-\x7f]+", question))
    reply = ask(report, question, language="en" if english else "zh", **slots)
    assert reply.intent == "analytic" and reply.text
    body = _body(reply)
    assert ("Rule:" in body or "Please name" in body) if english else ("规则" in body or "请说明" in body)
    if english:
        # city names, policy titles, quoted terms and the report's own print beside an amount ((38700.58亿元))
        plain = re.sub(
            r"\([\u4e00-\u9fff]+\)|\((?:超过|约|近|逾)?[\d.,]+[\u4e00-\u9fff]+\)|《[^》]*》|（[^）]*）",
            "",
            body,
        )
        plain = re.sub(r"「[^」]*」|“[^”]*”|[\u4e00-\u9fff]+(?=\s*\()", "", plain)
        assert not re.search(r"[\u4e00-\u9fff]", plain), plain
        if reply.table is not None:
            assert not any(re.search(r"[\u4e00-\u9fff]", str(c)) for c in reply.table.columns)


def test_parse_analysis_never_raises():
    """Any text with any slots: an Analysis or None, never an exception."""
    from hypothesis import given, settings
    from hypothesis import strategies as st

    words = st.sampled_from(
        [
            "前十",
            "四项都",
            "高于",
            "最",
            "差距",
            "几名",
            "政策",
            "同一个月",
            "区",
            "top 3",
            "at least",
            "倒数",
            "第5到第10",
            "among the",
            "试验区城市",
            "多少",
            "倍",
            "earliest",
            "issued by",
            "没有一项",
            " ",
            "，",
        ]
    )
    text = st.one_of(st.text(max_size=60), st.lists(words, max_size=8).map("".join))
    columns = st.lists(st.sampled_from(FIVE), max_size=3).map(tuple)
    cities = st.lists(st.sampled_from(["北京", "上海", "苏州", "广州"]), max_size=3).map(tuple)

    @settings(max_examples=300, deadline=None)
    @given(text, columns, cities, st.sampled_from([(), ("gdp",)]), st.one_of(st.none(), st.integers(1, 20)))
    def check(question, cols, names, metrics, n):
        result = P(question, cities=names, columns=cols, metrics=metrics, n=n)
        assert result is None or result.kind in {k.value for k in AnalysisKind}

    check()


# ---------------------------------------------------------------- wording families, end to end

NAME_ZH = {T: "总指数", E: "环境支撑力", R: "资源支持力", KN: "知识创造力", OC: "发展成效"}
NAME_EN = {
    T: "Overall index",
    E: "Environment support",
    R: "Resource support",
    KN: "Knowledge creation",
    OC: "Development outcomes",
}


def _english(question: str) -> bool:
    return bool(re.fullmatch(r"[\x00-\x7f]+", question))


def _cited_cities(reply) -> set[str]:
    return {f["city"] for f in reply.facts if f.get("table") == "rankings"}


def test_signed_gap_and_own_extreme_in_index_core(report):
    ahead = {c: r[T] - r[KN] for c, r in RANKS.items() if r[T] - r[KN] > 0}  # knowledge better than overall
    result = an.column_gap(KN, T, better=KN, report=report)
    assert set(result.rows["city"]) == {c for c, g in ahead.items() if g == max(ahead.values())}
    assert result.value == max(ahead.values()) and result.rule["qualifying"] == len(ahead)
    behind = {c: r[KN] - r[T] for c, r in RANKS.items() if r[KN] - r[T] > 0}
    result = an.column_gap(KN, T, better=T, report=report)
    assert set(result.rows["city"]) == {c for c, g in behind.items() if g == max(behind.values())} == {"苏州"}
    with pytest.raises(ValueError):
        an.column_gap(KN, T, better=E, report=report)

    for city, row in RANKS.items():
        for best in (True, False):
            target = (min if best else max)(row[c] for c in FOUR)
            result = an.own_extreme(city, best=best, report=report)
            assert list(result.rows["column"]) == [c for c in FOUR if row[c] == target]
            assert result.value == target and result.rule["ranks"] == {c: row[c] for c in FOUR}
            assert list(result.used["rankings"]["city"]) == [city]
    assert list(an.own_extreme("西安", report=report).rows["column"]) == [KN, OC]  # tied at 7th
    with pytest.raises(ValueError):
        an.own_extreme("西安", [KN], report=report)


@pytest.mark.parametrize(
    ("question", "slots", "column", "best", "scope", "members"),
    SUBSET_EXTREMES,
    ids=[c[0] for c in SUBSET_EXTREMES],
)
def test_family_extreme_inside_a_subset(report, question, slots, column, best, scope, members):
    """The subset phrase restricts; the superlative picks on the other column; the phrase is no bound on it."""
    analysis = P(question, **slots)
    assert analysis is not None and analysis.kind == "extreme", analysis
    assert analysis.columns == (column,) and analysis.param("scope") == scope
    assert analysis.param("best") == ("1" if best else "0")
    pool = {c: r[column] for c, r in RANKS.items() if members(c, r)}
    target = (min if best else max)(pool.values())
    expected = {c for c, v in pool.items() if v == target}
    english = _english(question)
    reply = ask(report, question, language="en" if english else "zh", **slots)
    body = _body(reply)
    assert set(reply.cities) == expected, body
    assert _cited_cities(reply) == set(pool)  # every compared city's Table 2 row is cited
    name = NAME_EN[column] if english else NAME_ZH[column]
    assert name in body
    for city in expected:
        shown = ordinal(target) if english else f"第{target}名"
        assert re.search(rf"\*\*[^\n]*{city}[^\n]*{shown}", body), body
    if scope.startswith("range:11:20"):
        assert ("outside the top 10" if english else "前10名以外") in body
    assert "rank >" not in body and "排名>" not in body  # not read as a threshold on the column


@pytest.mark.parametrize(
    ("question", "slots", "wanted"), THRESHOLD_ON_THE_COLUMN, ids=[c[0] for c in THRESHOLD_ON_THE_COLUMN]
)
def test_family_threshold_said_of_the_column_is_a_filter(report, question, slots, wanted):
    analysis = P(question, **slots)
    assert analysis is not None and analysis.kind == "rank_filter", analysis
    reply = ask(report, question, language="en" if _english(question) else "zh", **slots)
    assert set(reply.cities) == _where(wanted)


@pytest.mark.parametrize(("question", "columns", "better", "extreme"), GAPS, ids=[c[0] for c in GAPS])
def test_family_largest_gap_between_two_columns(report, question, columns, better, extreme):
    a, b = columns
    analysis = P(question, columns=columns)
    assert analysis is not None and analysis.kind == "column_gap", analysis
    assert analysis.columns == columns and analysis.param("extreme") == extreme
    assert analysis.param("better") == better
    if better is None:
        gaps = {c: abs(r[a] - r[b]) for c, r in RANKS.items()}
    else:
        other = b if better == a else a
        gaps = {c: r[other] - r[better] for c, r in RANKS.items() if r[other] - r[better] > 0}
    target = (max if extreme == "max" else min)(gaps.values())
    expected = {c for c, g in gaps.items() if g == target}
    english = _english(question)
    reply = ask(report, question, language="en" if english else "zh", columns=columns)
    body = _body(reply)
    assert set(reply.cities) == expected, body
    for city in expected:
        ra, rb = RANKS[city][a], RANKS[city][b]
        if target:
            assert f"{max(ra, rb)} − {min(ra, rb)} = {target}" in body
        else:
            assert ("the same rank on both" if english else "两项名次相同") in body
    if better is not None:
        other = b if better == a else a
        if english:
            assert (
                f"{target} place{'s' if target != 1 else ''} better on {NAME_EN[better]} than on {NAME_EN[other]}"
                in body
            )
        else:
            assert f"{NAME_ZH[better]}比{NAME_ZH[other]}高{target}名" in body


@pytest.mark.parametrize(
    ("question", "city", "columns", "left", "right"), OWN_DIFFERENCES, ids=[c[0] for c in OWN_DIFFERENCES]
)
def test_family_a_citys_own_difference(report, question, city, columns, left, right):
    """Each left column against the right one: places higher (or lower), both ranks shown, the row cited."""
    analysis = P(question, cities=(city,), columns=columns)
    assert analysis is not None and analysis.kind == "column_gap", analysis
    assert analysis.param("extreme") == "none" and analysis.param("scope") == "named"
    assert analysis.columns == (*left, *right) and analysis.param("split") == str(len(left))
    english = _english(question)
    reply = ask(report, question, language="en" if english else "zh", cities=(city,), columns=columns)
    body = _body(reply)
    assert reply.cities == [city]
    assert _cited_cities(reply) == {city}
    row = RANKS[city]
    for l_col in left:
        for r_col in right:
            higher = row[r_col] - row[l_col]
            if english:
                ln, rn = NAME_EN[l_col], NAME_EN[r_col]
                assert f"{ln} {ordinal(row[l_col])}, {rn} {ordinal(row[r_col])}" in body
                if higher:
                    word = "higher" if higher > 0 else "lower"
                    plural = "s" if abs(higher) != 1 else ""
                    assert f"{ln} is {abs(higher)} place{plural} {word} than {rn}" in body, body
            else:
                ln, rn = NAME_ZH[l_col], NAME_ZH[r_col]
                assert f"{ln}第{row[l_col]}名，{rn}第{row[r_col]}名" in body
                if higher:
                    assert f"{ln}比{rn}{'高' if higher > 0 else '低'}{abs(higher)}名" in body, body
    assert len(reply.table) == len(left) * len(right)
    assert list(reply.table.iloc[:, -1]) == [row[r] - row[lc] for lc in left for r in right]


def test_family_own_difference_worked_example(report):
    """西安: overall 12th, knowledge 7th, outcomes 7th → both 5 places higher than overall."""
    reply = ask(
        report, "西安的知识创造力和发展成效排名比它的总排名高出几位", cities=("西安",), columns=(KN, OC, T)
    )
    assert "知识创造力比总指数高5名**（12 − 7 = 5）" in reply.text
    assert "发展成效比总指数高5名**（12 − 7 = 5）" in reply.text


@pytest.mark.parametrize(
    ("question", "city", "columns", "best", "compared"), OWN_EXTREMES, ids=[c[0] for c in OWN_EXTREMES]
)
def test_family_a_citys_best_or_worst_dimension(report, question, city, columns, best, compared):
    analysis = P(question, cities=(city,), columns=columns)
    assert analysis is not None and analysis.kind == "own_extreme", analysis
    assert analysis.columns == compared and analysis.param("best") == ("1" if best else "0")
    row = RANKS[city]
    target = (min if best else max)(row[c] for c in compared)
    chosen = [c for c in compared if row[c] == target]
    english = _english(question)
    reply = ask(report, question, language="en" if english else "zh", cities=(city,), columns=columns)
    body = _body(reply)
    assert reply.cities == [city]
    assert _cited_cities(reply) == {city}  # its Table 2 row
    verdict = next(line for line in body.splitlines() if line.startswith("**"))
    names = NAME_EN if english else NAME_ZH
    for column in compared:
        assert (names[column] in verdict) == (column in chosen), verdict
    assert (ordinal(target) if english else f"第{target}名") in verdict
    if len(chosen) > 1:
        assert ("tied" if english else "并列") in verdict
    assert list(reply.table.iloc[0, 1:]) == [row[c] for c in compared]


@pytest.mark.parametrize(
    ("question", "cities", "columns", "column"), WHICH_HIGHER, ids=[c[0] for c in WHICH_HIGHER]
)
def test_family_which_of_two_ranks_higher(report, question, cities, columns, column):
    analysis = P(question, cities=cities, columns=columns)
    assert analysis is not None and analysis.kind == "rank_difference", analysis
    assert analysis.columns == (column,)
    a, b = cities
    ahead, behind = (a, b) if RANKS[a][column] < RANKS[b][column] else (b, a)
    places = abs(RANKS[a][column] - RANKS[b][column])
    english = _english(question)
    reply = ask(report, question, language="en" if english else "zh", cities=cities, columns=columns)
    if english:
        assert re.search(
            rf"\*\*[^*]*\({ahead}\) is {places} places? ahead of [^*]*\({behind}\)\*\*", reply.text
        )
    else:
        assert f"**{ahead}比{behind}高{places}名**" in reply.text
    assert _cited_cities(reply) == {a, b}


def test_family_own_difference_for_two_named_cities(report):
    """'X比Y' between columns with two cities named: each city's own difference, not a difference between them."""
    question = "苏州和南京的知识创造力比总排名高几名"
    slots = {"cities": ("苏州", "南京"), "columns": (KN, T)}
    analysis = P(question, **slots)
    assert analysis is not None and analysis.kind == "column_gap" and analysis.param("scope") == "named"
    reply = ask(report, question, **slots)
    assert reply.cities == ["苏州", "南京"]
    assert "知识创造力比总指数低9名" in reply.text and "知识创造力比总指数高4名" in reply.text
    # one column, two cities: still the places between the cities
    assert P("北京和上海的知识创造力差几名", cities=("北京", "上海"), columns=(KN,)).kind == "rank_difference"


# ---------------------------------------------------------------- places as bounds, first / last place, bands


def _count_line(english: bool, count: int) -> str:
    if english:
        return f"**{count} {'city' if count == 1 else 'cities'}**"
    return f"**共{count}个城市**"


def _empty_said(english: bool) -> str:
    return "No city meets this rule" if english else "没有城市满足这一条件"


def test_places_as_bounds_worked_examples():
    """The brief's own wordings, checked against Table 2 read by hand."""
    # 厦门 19/16/16/16, 沈阳 17/20/17/19, 大连 20/19/20/20; 郑州 is out (knowledge 14th)
    assert _where(lambda r: all(r[c] >= 16 for c in FOUR)) == {"厦门", "沈阳", "大连"}
    assert _where(lambda r: all(r[c] > 15 for c in FOUR)) == {"厦门", "沈阳", "大连"}
    # 发展成效 11-15: 重庆 11, 济南 12, 合肥 13, 天津 14, 南京 15; 资源支持力 5-10: 广州 天津 杭州 长沙 济南 成都
    assert _where(lambda r: 11 <= r[OC] <= 15) == {"重庆", "济南", "合肥", "天津", "南京"}
    assert _where(lambda r: 5 <= r[R] <= 10) == {"广州", "天津", "杭州", "长沙", "济南", "成都"}


@pytest.mark.parametrize(
    ("question", "slots", "op", "value", "match", "count_only", "wanted"),
    BOUNDS_ON_FOUR,
    ids=[c[0] for c in BOUNDS_ON_FOUR],
)
def test_family_places_as_bounds_on_the_four(report, question, slots, op, value, match, count_only, wanted):
    analysis = P(question, **slots)
    assert analysis is not None and analysis.kind == "rank_filter", analysis
    assert analysis.columns == tuple(FOUR) and analysis.op == op and analysis.value == value
    assert analysis.param("match") == match and analysis.param("scope") == "all"
    assert (analysis.param("count_only") == "1") == count_only
    expected = _where(wanted)
    english = _english(question)
    reply = ask(report, question, language="en" if english else "zh", **slots)
    body = _body(reply)
    assert set(reply.cities) == expected, body
    assert _cited_cities(reply) == expected
    if expected:
        assert _count_line(english, len(expected)) in body, body
    else:
        assert _empty_said(english) in body
    # the rule says the bound as read
    shown = {"<=": f"≤ {value}" if english else f"≤{value}", ">": f"> {value}" if english else f">{value}"}
    shown[">="] = f"≥ {value}" if english else f"≥{value}"
    assert shown[op] in body, body


def test_places_as_bounds_read_one_way():
    """'第N名及以后' includes N, 'N名以后 / 开外 / 之后' do not; '不低于第N名' is not '低于第N名'."""
    cases = {
        "四个维度都在第16名及以后的城市": (">=", 16),
        "四个维度都在16名以后的城市": (">", 16),
        "四个维度都在十六名开外的城市": (">", 16),
        "四个维度都排在16名之后的城市": (">", 16),
        "四个维度都不低于第5名的城市": ("<=", 5),
        "四个维度都至少第5名的城市": ("<=", 5),
        "四个维度都不高于第5名的城市": (">=", 5),
        "四个维度都在5名及以前的城市": ("<=", 5),
        "cities ranked no worse than 5th on all four dimensions": ("<=", 5),
        "cities ranked no better than 5th on all four dimensions": (">=", 5),
        "cities ranked below 16th on all four dimensions": (">", 16),
        "cities ranked 16th or later on all four dimensions": (">=", 16),
    }
    for question, (op, value) in cases.items():
        analysis = P(question)
        assert analysis is not None and analysis.kind == "rank_filter", question
        assert (analysis.op, analysis.value, analysis.columns) == (op, value, tuple(FOUR)), question
    # one column: a bound other than a plain top N is a filter too
    for question, (op, value) in {
        "总排名16名以后的城市": (">", 16),
        "总排名不高于第5名的城市": (">=", 5),
    }.items():
        analysis = P(question, columns=(T,))
        assert analysis is not None and (analysis.op, analysis.value, analysis.columns) == (op, value, (T,))
    # after a place, as a restriction: '第16名及以后的城市中' is 16-20, '15名以后的城市里' 16-20
    one = P("第16名及以后的城市中谁的知识创造力最强", cities=("厦门",), columns=(KN,))
    assert one is not None and one.kind == "extreme" and one.param("scope") == "range:16:20:total_rank"
    two = P("总排名15名以后的城市里谁的资源支持力最好", columns=(T, R))
    assert two is not None and two.kind == "extreme" and two.param("scope") == "range:16:20:total_rank"
    assert two.columns == (R,)


def test_column_leaders_in_index_core(report):
    for best in (True, False):
        result = an.column_leaders(FIVE, best=best, report=report)
        expected = []
        for column in FIVE:
            target = (min if best else max)(r[column] for r in RANKS.values())
            expected += [(column, c, target) for c, r in RANKS.items() if r[column] == target]
        got = list(zip(result.rows["column"], result.rows["city"], result.rows["rank"], strict=True))
        assert got == expected
        holders = {c for _, c, _ in expected}
        assert set(result.used["rankings"]["city"]) == holders and result.value == len(holders)
        for _, row in result.used["rankings"].iterrows():  # each holder's own Table 2 line
            assert " ".join(str(RANKS[row["city"]][c]) for c in FIVE) in " ".join(row["quote"].split())
    first = an.column_leaders(report=report)
    assert dict(zip(first.rows["column"], first.rows["city"], strict=True)) == {
        E: "上海",
        R: "北京",
        KN: "北京",
        OC: "北京",
    }
    assert first.rule["held"] == {"上海": [E], "北京": [R, KN, OC]}
    last = an.column_leaders(best=False, report=report)
    assert dict(zip(last.rows["column"], last.rows["city"], strict=True)) == {
        E: "大连",
        R: "沈阳",
        KN: "大连",
        OC: "大连",
    }
    # inside a group: the best of its cities, ranks as printed in Table 2
    capitals = [c for c, cat in CATEGORY.items() if cat == "省会城市"]
    scoped = an.column_leaders(scope=an.Scope(kind="group", group="省会城市"), report=report)
    for _, row in scoped.rows.iterrows():
        assert row["rank"] == min(RANKS[c][row["column"]] for c in capitals)
        assert row["city"] in capitals
    assert set(scoped.used["cities"]["city"]) == set(capitals)
    # a tie keeps both holders
    tied = report.rankings.copy()
    tied.loc[tied["city"] == "深圳", E] = 1
    both = an.column_leaders([E], report=replace(report, rankings=tied))
    assert set(both.rows["city"]) == {"上海", "深圳"}
    with pytest.raises(ValueError):
        an.column_leaders(["gdp_rank"], report=report)


@pytest.mark.parametrize(
    ("question", "slots", "columns", "best", "scope", "members"), LEADERS, ids=[c[0] for c in LEADERS]
)
def test_family_first_or_last_on_each_column(report, question, slots, columns, best, scope, members):
    analysis = P(question, **slots)
    assert analysis is not None and analysis.kind == "leaders", analysis
    assert analysis.columns == columns and analysis.param("best") == ("1" if best else "0")
    assert analysis.param("scope") == scope
    pool = {c: r for c, r in RANKS.items() if members is None or members(c, r)}
    english = _english(question)
    reply = ask(report, question, language="en" if english else "zh", **slots)
    body = _body(reply)
    names = NAME_EN if english else NAME_ZH
    holders: dict[str, list[str]] = {}
    lines = body.splitlines()
    for column in columns:
        target = (min if best else max)(r[column] for r in pool.values())
        held = [c for c, r in pool.items() if r[column] == target]
        line = next(x for x in lines if x.startswith(f"- {names[column]}"))
        for city in held:
            holders.setdefault(city, []).append(column)
            assert city in line and (ordinal(target) if english else f"第{target}名") in line, line
            assert re.search(r"\[\d+\]", line)
        assert all(c in held for c in pool if c in line)  # nobody else on the line
    assert set(reply.cities) == set(holders)
    assert _cited_cities(reply) == set(holders)  # the holders' Table 2 rows
    assert len(reply.table) == sum(len(v) for v in holders.values())
    summary = next(x for x in lines if x.startswith("In sum:" if english else "归纳："))
    for city in holders:
        assert city in summary
    if not english:
        word = "排第一" if best else "排倒数第一"
        assert word in summary


def test_family_first_place_worked_example(report):
    reply = ask(report, "有没有城市在哪个一级指标上拿了第一？分别是谁、哪项？")
    body = _body(reply)
    assert "- 环境支撑力：上海（第1名）" in body and "- 资源支持力：北京（第1名）" in body
    assert "北京在资源支持力、知识创造力、发展成效三项排第一" in body and "上海在环境支撑力排第一" in body
    last = ask(report, "各维度倒数第一", cities=("大连",), direction=BOTTOM)
    assert "沈阳在资源支持力排倒数第一" in last.text and "- 知识创造力：大连（第20名）" in last.text
    en = ask(report, "Who is No. 1 on each of the four dimensions?", language="en")
    assert "- Environment support: Shanghai (上海) 1st" in en.text
    assert list(en.table.columns) == ["Dimension", "City", "Rank"]


@pytest.mark.parametrize(
    ("question", "slots", "op", "value", "match", "at_least", "wanted"),
    PLACE_ON_EVERY_COLUMN,
    ids=[c[0] for c in PLACE_ON_EVERY_COLUMN],
)
def test_family_one_place_on_every_column(report, question, slots, op, value, match, at_least, wanted):
    analysis = P(question, **slots)
    assert analysis is not None and analysis.kind == "rank_filter", analysis
    assert (analysis.op, analysis.value, analysis.param("match")) == (op, value, match)
    assert analysis.param("at_least") == at_least
    expected = _where(wanted)
    english = _english(question)
    reply = ask(report, question, language="en" if english else "zh", **slots)
    body = _body(reply)
    assert set(reply.cities) == expected, body
    if not expected:
        assert _empty_said(english) in body
    assert (
        ("1st" if english else "第1名") in body
        if op == "=="
        else ("last place" if english else "倒数第一") in body
    )


@pytest.mark.parametrize(("question", "slots", "column", "low", "high"), BANDS, ids=[c[0] for c in BANDS])
def test_family_cities_counted_in_a_band(report, question, slots, column, low, high):
    analysis = P(question, **slots)
    assert analysis is not None and analysis.kind == "rank_filter", analysis
    assert analysis.columns == (column,) and analysis.op == "between"
    assert (analysis.value, analysis.param("high")) == (low, str(high))
    assert analysis.param("count_only") == "1"
    expected = _where(lambda r: low <= r[column] <= high)
    assert len(expected) == high - low + 1  # Table 2 has no ties
    english = _english(question)
    reply = ask(report, question, language="en" if english else "zh", **slots)
    body = _body(reply)
    assert set(reply.cities) == expected
    assert _count_line(english, len(expected)) in body, body
    name = NAME_EN[column] if english else NAME_ZH[column]
    between = f"between {ordinal(low)} and {ordinal(high)}" if english else f"在第{low}至第{high}名之间"
    assert name in body and between in body
    assert _cited_cities(reply) == expected
    assert list(reply.table.iloc[:, 1]) == sorted(RANKS[c][column] for c in expected)


# ---- this round's computations, checked against Table 2 / the facts table directly --------------------------
def test_average_rank_is_the_mean_of_the_columns() -> None:
    from index_core import analytics as an
    from index_core.report import load_report

    table = load_report().rankings.set_index("city")
    result = an.average_rank(scope=an.Scope(kind="named", cities=("长沙",)))
    expected = table.loc["长沙", list(an.FOUR_DIMENSIONS)].astype(int).mean()
    assert result.rows.iloc[0]["mean"] == round(expected, 2)
    best = an.average_rank(extreme="min", n=1)
    means = table[list(an.FOUR_DIMENSIONS)].astype(int).mean(axis=1)
    assert set(best.rows["city"]) == set(means[means == means.min()].index)


def test_rank_neighbours_are_one_place_either_side() -> None:
    from index_core import analytics as an
    from index_core.report import load_report

    table = load_report().rankings
    for city in ("北京", "合肥", "大连"):
        rule = an.rank_neighbours(city, "knowledge_rank").rule
        rank = rule["rank"]
        above = set(table[table["knowledge_rank"] == rank - 1]["city"])
        below = set(table[table["knowledge_rank"] == rank + 1]["city"])
        assert set(rule["above"]) == above and set(rule["below"]) == below


def test_fact_filter_compares_on_one_yuan_scale() -> None:
    from index_core import analytics as an
    from index_core.report import load_report

    facts = load_report().facts
    gdp = facts[(facts["metric"] == "gdp") & (facts["city"] != "")].drop_duplicates("city")
    over = {c for c, v in zip(gdp["city"], gdp["value"], strict=True) if float(v) > 20000}  # 亿元
    assert set(an.fact_filter("gdp", ">", 2, "万亿元").rows["city"]) == over
    assert set(an.fact_filter("gdp", ">", 20000, "亿元").rows["city"]) == over
    assert an.fact_filter("gdp", "<", 0, "亿元").empty


def test_not_group_scope_is_the_complement() -> None:
    from index_core import analytics as an
    from index_core.report import load_report

    r = load_report()
    inside, _ = an.scope_rankings(an.Scope(kind="group", group="试验区城市"), r)
    outside, _ = an.scope_rankings(an.Scope(kind="not_group", group="试验区城市"), r)
    assert set(inside["city"]).isdisjoint(outside["city"])
    assert len(inside) + len(outside) == len(r.rankings)


def test_sentence_around_a_quote_is_the_reports_sentence() -> None:
    from index_core.report import load_report
    from index_core.sentences import sentence_around

    r = load_report()
    for quote in r.facts["quote"]:
        sentence = sentence_around(r.corpus, str(quote))
        assert sentence is not None
        assert re.sub(r"\s+", "", str(quote)) in re.sub(r"\s+", "", sentence)


def test_score_gap_is_the_difference_of_two_printed_scores() -> None:
    scores = {(r["city"], r["dimension"]): r for r in _csv("scores.csv") if r["kind"] == "score"}
    result = an.score_gap("北京", "上海")
    expected = Decimal(scores[("北京", "总指数")]["score"]) - Decimal(scores[("上海", "总指数")]["score"])
    assert Decimal(str(result.value)) == expected and result.refusal is None
    env = an.score_gap("北京", "上海", "env_rank")
    assert env.value is not None and env.value < 0  # Shanghai's environment score is the higher one


def test_score_gap_refuses_where_the_report_prints_no_score() -> None:
    result = an.score_gap("杭州", "北京")
    assert result.value is None and "杭州" in (result.refusal or "")
    assert list(result.rows["city"]) == ["杭州", "北京"]


def test_fact_filter_equal_is_the_printed_value() -> None:
    rows = [r for r in _csv("facts.csv") if r["metric"] == "industry_coverage" and r["city"]]
    value = float(rows[0]["value"])
    expected = {r["city"] for r in rows if float(r["value"]) == value}
    result = an.fact_filter("industry_coverage", "==", value, "%")
    assert set(result.rows["city"]) == expected and len(expected) >= 1


def test_mean_rank_of_cities_is_their_mean() -> None:
    table = {r["city"]: r for r in _csv("rankings.csv")}
    group = [r["city"] for r in _csv("cities.csv") if r["category"] == "计划单列市"]
    result = an.mean_rank_of_cities("total_rank", scope=an.Scope(kind="group", group="计划单列市"))
    expected = sum(int(table[c]["total_rank"]) for c in group) / len(group)
    assert result.value == round(expected, 2) and set(result.rows["city"]) == set(group)


def test_fact_total_adds_the_stated_figures_of_every_named_city() -> None:
    facts = {(r["city"], r["metric"]): r for r in _csv("facts.csv")}
    named = ("杭州", "苏州", "成都", "武汉")
    values = [Decimal(facts[(c, "pevc_investment")]["value"]) for c in named]
    result = an.fact_total(named, "pevc_investment", year=2020)
    assert Decimal(str(result.value)) == sum(values) and result.rule["computation"].endswith(
        f"= {sum(values)}"
    )
    mean = an.fact_total(named[:2], "pevc_investment", op="mean")
    assert Decimal(str(mean.value)) == (values[0] + values[1]) / 2


def test_fact_total_refuses_when_a_city_has_no_figure() -> None:
    stated = {r["city"] for r in _csv("facts.csv") if r["metric"] == "pevc_investment"}
    absent = next(r["city"] for r in _csv("cities.csv") if r["city"] not in stated)
    result = an.fact_total(["杭州", absent], "pevc_investment")
    assert result.value is None and result.refusal == "missing_value" and result.rule["missing"] == [absent]


def test_score_total_is_the_mean_of_the_printed_scores_or_refuses() -> None:
    printed = {
        r["city"]: Decimal(r["score"])
        for r in _csv("scores.csv")
        if r["dimension"] == "总指数" and r["kind"] == "score" and r["comparator"] == "="
    }
    named = list(printed)[:3]
    result = an.score_total(named, "total_rank", op="mean")
    assert Decimal(str(result.value)) == (sum(printed[c] for c in named) / 3).quantize(Decimal("0.01"))
    unprinted = next(r["city"] for r in _csv("rankings.csv") if r["city"] not in printed)
    assert an.score_total([named[0], unprinted]).value is None


def test_column_gap_at_least_keeps_every_city_past_the_bound() -> None:
    table = {r["city"]: r for r in _csv("rankings.csv")}
    expected = {c for c, r in table.items() if int(r["total_rank"]) - int(r["knowledge_rank"]) >= 4}
    result = an.column_gap("knowledge_rank", "total_rank", better="knowledge_rank", at_least=4, extreme=None)
    assert set(result.rows["city"]) == expected


def test_a_citys_weakest_second_level_indicator_by_the_ranks_its_text_states(report) -> None:
    weakest = an.own_level2_extreme("深圳", best=False, report=report)
    assert weakest.rule["chosen"] == ["知识储备"] and weakest.value == 16
    strongest = an.own_level2_extreme("深圳", best=True, report=report)
    assert "产业覆盖度" in strongest.rule["chosen"] and strongest.value == 1
    assert an.own_level2_extreme("合肥", best=False, report=report).refusal == "no_subranks"


def test_second_level_extreme_inside_one_dimension(report) -> None:
    indicators = report.indicators
    for city in ("深圳", "杭州", "南京"):
        for column, zh in (("knowledge_rank", "知识创造力"), ("resource_rank", "资源支持力")):
            result = an.own_level2_extreme(city, best=False, within=column, report=report)
            if result.refusal:
                continue
            own = set(indicators.loc[indicators["level1"] == zh, "level2"])
            assert (
                set(result.used["subranks"]["indicator"]) <= own
            )  # only that dimension's indicators compared
    assert an.own_level2_extreme("深圳", best=False, within="knowledge_rank", report=report).rule[
        "chosen"
    ] == ["知识储备"]


def test_fact_extreme_city_among_named_cities():
    from index_core.analytics import fact_extreme_city

    four = ["杭州", "苏州", "成都", "武汉"]  # PE/VC 2020: 155, 115, 48, 35 亿元
    assert fact_extreme_city(four, "pevc_investment", lowest=True) == "武汉"
    assert fact_extreme_city(four, "pevc_investment", lowest=False) == "杭州"
    # not stated for either
    assert fact_extreme_city(["大连", "沈阳"], "pevc_investment", lowest=True) is None
