"""The foundation: data/ against the report, cell by cell, and the domain functions over it."""

from __future__ import annotations

import pandas as pd
import pytest

from index_core import UnknownCityError, load_report
from index_core.domain import bottom, city_profile, compare, indicator_tree, policies, rank_table, top
from index_core.explain import explain_rank
from index_core.validation import squash

# Table 2 as printed in the report: city, total, env, resource, knowledge, outcome.
TABLE_2 = """
北京 1 2 1 1 1
深圳 2 3 3 2 2
上海 3 1 2 3 3
广州 4 4 5 4 5
杭州 5 9 7 5 4
苏州 6 6 4 15 10
武汉 7 8 13 10 6
成都 8 7 10 8 9
青岛 9 10 14 12 8
南京 10 11 11 6 15
天津 11 12 6 13 14
西安 12 16 15 7 7
重庆 13 5 12 19 11
合肥 14 13 18 9 13
济南 15 15 9 11 12
长沙 16 14 8 18 17
郑州 17 18 17 14 18
厦门 18 19 16 16 16
沈阳 19 17 20 17 19
大连 20 20 19 20 20
"""

# Table 1 as printed: level1, level2, level3 (whitespace removed), unit.
TABLE_1 = """
环境支撑力 政策环境 AI政策数量 项
环境支撑力 经济环境 年度GDP总量 亿元
环境支撑力 研发环境 年度R&D投入 万元
环境支撑力 组织环境 地方行业组织数量 家
资源支持力 资金支持 PE/VC机构年度投资规模 万元
资源支持力 资金支持 2020年投融资事件总数 件
资源支持力 资金支持 社会投资金额与国内生产总值之比 %
资源支持力 算力支持 国家级超算中心数量 个
资源支持力 载体支持 国家级、省级产业园区数量 家
资源支持力 载体支持 国家级众创空间及孵化器数量 家
知识创造力 知识储备 国家级研究机构、省级研究机构和技术中心数量 个
知识创造力 知识储备 设立AI专业的高校数量 所
知识创造力 知识储备 AI相关的国家重点学科数量 个
知识创造力 科研成果 AI专利数量 件
知识创造力 科研成果 AI发明专利占比 %
知识创造力 科研成果 专利申请人对外合作量 件
发展成效 企业规模 AI企业数量 家
发展成效 企业规模 AI上市企业和AI独角兽企业数量 家
发展成效 企业规模 AI高新技术企业 家
发展成效 创新发展 建设国家级人工之智能试验区或先导区 /
发展成效 创新发展 国家人工智能开放创新平台数量 个
发展成效 创新发展 AI企业中有发明专利的企业数量占比 %
发展成效 产业覆盖度 AI企业涉及到的整体产业链环节占比 %
"""


@pytest.fixture(scope="module")
def report():
    return load_report()


def test_counts(report):
    assert len(report.cities) == 20
    assert len(report.indicators) == 23
    assert report.indicators["level2"].nunique() == 12
    assert report.indicators["level1"].nunique() == 4
    assert len(report.policies) == 48
    assert len(report.rankings) == 20


def test_table_2_cell_by_cell(report):
    ranks = report.rankings.set_index("city")
    for line in TABLE_2.strip().splitlines():
        city, *values = line.split()
        got = [
            int(ranks.at[city, c])
            for c in ("total_rank", "env_rank", "resource_rank", "knowledge_rank", "outcome_rank")
        ]
        assert got == [int(v) for v in values], city


def test_table_1_cell_by_cell(report):
    rows = report.indicators.sort_values("no")
    expected = [line.split() for line in TABLE_1.strip().splitlines()]
    assert len(rows) == len(expected)
    for (_, row), (level1, level2, level3, unit) in zip(rows.iterrows(), expected, strict=True):
        assert (row["level1"], row["level2"], squash(row["level3"]), row["unit"]) == (
            level1,
            level2,
            level3,
            unit,
        )


def test_policy_counts_per_city(report):
    counts = report.policies.groupby("city").size().to_dict()
    assert counts == {
        "北京": 8,
        "深圳": 7,
        "上海": 6,
        "广州": 4,
        "杭州": 4,
        "苏州": 5,
        "武汉": 3,
        "成都": 4,
        "青岛": 3,
        "南京": 4,
    }


def test_every_quote_is_verbatim_and_states_its_value(report):
    for name in (
        "cities",
        "indicators",
        "rankings",
        "scores",
        "subranks",
        "facts",
        "policies",
        "metadata",
        "leaders",
    ):
        frame = getattr(report, name)
        assert frame["quote"].map(lambda q: q in report.corpus).all(), name


@pytest.mark.parametrize(
    ("city", "dimension", "score"),
    [
        ("北京", "总指数", "88.72"),
        ("深圳", "总指数", "77.63"),
        ("上海", "总指数", "68.59"),
        ("上海", "环境支撑力", "88.26"),
        ("北京", "环境支撑力", "86.80"),
        ("深圳", "环境支撑力", "84.05"),
        ("北京", "资源支持力", "77.10"),
    ],
)
def test_printed_scores(report, city, dimension, score):
    rows = report.scores[(report.scores["city"] == city) & (report.scores["dimension"] == dimension)]
    assert score in set(rows["score"])


@pytest.mark.parametrize(
    ("city", "indicator", "rank"),
    [
        ("苏州", "组织环境", 2),
        ("深圳", "知识储备", 16),
        ("武汉", "产业覆盖度", 1),
        ("深圳", "产业覆盖度", 1),
        ("广州", "载体支持", 10),
        ("南京", "科研成果", 4),
    ],
)
def test_subrank_spot_checks(report, city, indicator, rank):
    rows = report.subranks[(report.subranks["city"] == city) & (report.subranks["indicator"] == indicator)]
    assert rank in set(rows["rank"].dropna().astype(int))


def test_band_subrank(report):
    rows = report.subranks[(report.subranks["city"] == "杭州") & (report.subranks["indicator"] == "经济环境")]
    assert (rows["rank_max"].dropna().astype(int) == 8).any()


@pytest.mark.parametrize(
    ("city", "metric_zh_part", "value"),
    [
        ("北京", "", "36102.6"),
        ("苏州", "", "20170.45"),
        ("深圳", "", "27670.24"),
        ("北京", "", "27"),
        ("武汉", "", "14.3"),
        ("杭州", "", "155"),
        ("北京", "", "430"),
    ],
)
def test_fact_spot_checks(report, city, metric_zh_part, value):
    rows = report.facts[(report.facts["city"] == city) & (report.facts["value"] == value)]
    assert not rows.empty


def test_facts_are_many(report):
    assert len(report.facts) >= 90
    assert report.facts["id"].is_unique


@pytest.mark.parametrize("name", ["苏州", "苏州市", "Suzhou", "suzhou", " SUZHOU ", "Soochow"])
def test_name_resolution(report, name):
    assert report.resolver.resolve(name) == "苏州"


def test_typo_resolution(report):
    assert report.resolver.resolve("苏洲") == "苏州"
    assert report.resolver.resolve("Hangzou") == "杭州"


@pytest.mark.parametrize(
    ("text", "city"), [("What was Hefie's overall placing?", "合肥"), ("Nanjnig rank", "南京")]
)
def test_two_swapped_letters_in_running_text_still_find_the_city(report, text, city):
    assert [m.city for m in report.resolver.find(text)] == [city]


def test_unknown_city_lists_the_sample(report):
    with pytest.raises(UnknownCityError) as err:
        report.resolver.resolve("拉萨")
    message = str(err.value)
    assert "拉萨" in message and all(c in message for c in report.sample)


def test_find_cities_in_text(report):
    found = [m.city for m in report.resolver.find("比较杭州和Nanjing，再加上深圳市")]
    assert found == ["杭州", "南京", "深圳"]
    assert report.resolver.find("申请专利的深度学习企业") == []


def test_rank_table_top_bottom():
    table = rank_table("资源支持力")
    assert list(table["city"][:4]) == ["北京", "上海", "深圳", "苏州"]
    assert table.loc[table["city"] == "北京", "score"].item() == "77.10"
    assert list(top("知识创造力", 3)["city"]) == ["北京", "深圳", "上海"]
    assert list(bottom("total", 2)["city"]) == ["大连", "沈阳"]


def test_compare_leaders():
    table = compare(["杭州", "南京"]).set_index("dimension")
    assert table.at["总指数", "杭州"] == 5 and table.at["总指数", "南京"] == 10
    assert table.at["知识创造力", "leader"] == "杭州"
    assert table.at["环境支撑力", "leader"] == "杭州"


def test_policies_filter():
    wuhan = policies("武汉")
    assert len(wuhan) == 3 and list(wuhan["year"]) == [2019, 2019, 2021]
    assert len(policies("武汉", year=2021)) == 1
    assert policies("深圳", year=2018).empty
    education = policies(topic="教育")
    assert set(education["city"]) >= {"北京", "青岛"}


def test_indicator_tree_shape():
    tree = indicator_tree()
    assert list(tree.groupby("level1", sort=False).size()) == [4, 6, 6, 7]


def test_city_profile_contents():
    profile = city_profile("Suzhou")
    assert profile.city == "苏州" and profile.ranks["总指数"] == 6 and profile.ranks["知识创造力"] == 15
    assert profile.profiled and len(profile.policies) == 5
    assert not profile.facts.empty


def test_explain_rank_suzhou():
    ex = explain_rank("苏州")
    assert ex.total_rank == 6
    assert ex.ranks == {"环境支撑力": 6, "资源支持力": 4, "知识创造力": 15, "发展成效": 10}
    assert [e.dimension for e in ex.lifts] == ["资源支持力"]
    assert [e.dimension for e in ex.drags] == ["知识创造力", "发展成效"]
    assert ex.above.city == "杭州" and ex.below.city == "武汉"
    above = {g.dimension: g.advantage for g in ex.above.gaps}
    assert above == {"环境支撑力": 3, "资源支持力": 3, "知识创造力": -10, "发展成效": -6}
    below = {g.dimension: g.advantage for g in ex.below.gaps}
    assert below == {"环境支撑力": 2, "资源支持力": 9, "知识创造力": -5, "发展成效": -4}
    organisation = ex.dimensions[0].subranks
    assert "组织环境" in set(organisation["indicator"])
    assert "20170.45" in set(ex.dimensions[0].facts["value"])


def test_explain_rank_edges():
    assert explain_rank("北京").above is None
    assert explain_rank("大连").below is None
    assert "not-profiled" in explain_rank("重庆").notes


def test_rank_frames_are_typed(report):
    assert pd.api.types.is_integer_dtype(report.rankings["total_rank"])
