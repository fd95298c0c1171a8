"""Rank-based what-if approximation on Table 2 of the report: fidelity, shifts, Monte Carlo, charts."""

from __future__ import annotations

import time
from pathlib import Path

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pytest

from index_core.engine.whatif import (
    APPROXIMATION_LABEL,
    DEFAULT_AGGREGATION,
    compare_variants,
    fidelity,
    monte_carlo,
    rank_approximation,
    rank_interval_chart,
    rank_shift_chart,
    rank_table,
    resolve_weights,
    what_if,
)

RANKINGS_CSV = Path(__file__).resolve().parent.parent / "data" / "rankings.csv"

# Table 2: city, total, env, resource, knowledge, outcome
TABLE2 = """北京 1 2 1 1 1; 深圳 2 3 3 2 2; 上海 3 1 2 3 3; 广州 4 4 5 4 5; 杭州 5 9 7 5 4; 苏州 6 6 4 15 10;
武汉 7 8 13 10 6; 成都 8 7 10 8 9; 青岛 9 10 14 12 8; 南京 10 11 11 6 15; 天津 11 12 6 13 14; 西安 12 16 15 7 7;
重庆 13 5 12 19 11; 合肥 14 13 18 9 13; 济南 15 15 9 11 12; 长沙 16 14 8 18 17; 郑州 17 18 17 14 18;
厦门 18 19 16 16 16; 沈阳 19 17 20 17 19; 大连 20 20 19 20 20"""
COLUMNS = ["city", "total_rank", "env_rank", "resource_rank", "knowledge_rank", "outcome_rank"]


@pytest.fixture(scope="module")
def ranks() -> pd.DataFrame:
    rows = [r.split() for r in TABLE2.replace("\n", " ").split(";")]
    frame = pd.DataFrame(rows, columns=COLUMNS)
    return frame.astype({c: int for c in COLUMNS[1:]})


def test_accepts_city_column_or_city_index(ranks):
    a = rank_approximation(ranks).table
    b = rank_approximation(ranks.set_index("city")).table
    pd.testing.assert_frame_equal(a, b)


@pytest.mark.skipif(not RANKINGS_CSV.exists(), reason="data/rankings.csv not written yet")
def test_project_rankings_table_is_table2(ranks):
    pd.testing.assert_frame_equal(rank_table(pd.read_csv(RANKINGS_CSV)), rank_table(ranks))


def test_rank_table_rejects_bad_input(ranks):
    with pytest.raises(ValueError, match="lacks column"):
        rank_table(ranks.drop(columns="env_rank"))
    with pytest.raises(ValueError, match="whole numbers from 1 to 20"):
        rank_table(ranks.assign(env_rank=ranks["env_rank"].replace(20, 21)))
    with pytest.raises(ValueError, match="duplicate"):
        rank_table(pd.concat([ranks, ranks.head(1)]))


# --- fidelity: computed, sane and self-consistent -------------------------------------------------------


def test_fidelity_is_computed_and_sane(ranks):
    fid = fidelity(ranks)
    table = rank_approximation(ranks).table
    d = table["approx_rank"] - table["published_rank"]
    assert fid.n == 20
    assert fid.exact_matches == int((d == 0).sum())
    assert fid.max_abs_diff == int(d.abs().max())
    # both rankings are strict, so Spearman's rho = 1 - 6 sum d^2 / (n (n^2 - 1))
    assert fid.spearman_rho == pytest.approx(1 - 6 * (d**2).sum() / (20 * (20**2 - 1)))
    assert 0.9 < fid.spearman_rho <= 1
    assert fid.max_abs_diff <= 5  # a crude approximation, but not a wild one
    assert len(fid.mismatches) == 20 - fid.exact_matches
    assert f"{fid.exact_matches}/20" in fid.summary()


def test_default_aggregation_is_the_best_by_the_documented_criterion(ranks):
    table = compare_variants(ranks)
    assert table.loc[0, "aggregation"] == DEFAULT_AGGREGATION
    assert set(table["aggregation"]) == {"arithmetic", "geometric"}


def test_published_total_never_leaks_into_the_approximation(ranks):
    shuffled = ranks.assign(total_rank=21 - ranks["total_rank"])
    for how in ("arithmetic", "geometric"):
        a = rank_approximation(ranks, aggregation=how).table["approx_rank"]
        b = rank_approximation(shuffled, aggregation=how).table["approx_rank"]
        pd.testing.assert_series_equal(a, b.reindex(a.index))


# --- what-if --------------------------------------------------------------------------------------------


def test_equal_weights_give_a_permutation_and_no_shift(ranks):
    table = what_if(ranks, {}).table
    assert sorted(table["approx_rank"]) == list(range(1, 21))
    assert (table["shift_vs_equal"] == 0).all()
    assert (table["shift_vs_published"] == table["published_rank"] - table["approx_rank"]).all()


def test_doubling_knowledge_does_not_lift_suzhou(ranks):
    result = what_if(ranks, {"knowledge": 2})
    suzhou = result.table.loc["苏州"]  # knowledge rank 15, its weakest dimension
    assert suzhou["approx_rank"] >= suzhou["equal_rank"]
    assert suzhou["shift_vs_equal"] <= 0
    assert result.weights["knowledge_rank"] == pytest.approx(0.4)
    assert APPROXIMATION_LABEL == result.label


def test_weight_keys_and_scale_invariance(ranks):
    a = what_if(ranks, {"知识创造力": 3, "人工智能发展成效": 0.5}).table
    b = what_if(ranks, {"knowledge_rank": 6, "outcome": 1, "env": 2, "resource": 2}).table
    pd.testing.assert_series_equal(a["approx_rank"], b["approx_rank"])
    with pytest.raises(ValueError, match="unknown dimension"):
        resolve_weights({"talent": 1})
    with pytest.raises(ValueError, match="non-negative"):
        resolve_weights({"env": -1})
    with pytest.raises(ValueError, match="positive"):
        resolve_weights({"env": 0, "resource": 0, "knowledge": 0, "outcome": 0})


def test_only_one_dimension_reproduces_that_dimension(ranks):
    table = what_if(ranks, {"env": 1, "resource": 0, "knowledge": 0, "outcome": 0}).table
    assert (table["approx_rank"] == ranks.set_index("city")["env_rank"].reindex(table.index)).all()


def test_tie_break_prefers_balance_then_name():
    tiny = pd.DataFrame(
        {
            "city": ["乙", "甲", "丙", "丁"],
            "total_rank": [1, 2, 3, 4],
            "env_rank": [1, 2, 2, 4],
            "resource_rank": [1, 2, 2, 4],
            "knowledge_rank": [3, 2, 2, 1],
            "outcome_rank": [3, 2, 2, 4],
        }
    )
    table = rank_approximation(tiny).table
    # 乙 (1,1,3,3) and 甲, 丙 (2,2,2,2) all average rank 2; the balanced two win; 丙 < 甲 in Unicode
    assert ("丙" < "甲") and table["approx_rank"].to_dict() == {"丙": 1, "甲": 2, "乙": 3, "丁": 4}


# --- Monte Carlo ----------------------------------------------------------------------------------------


def test_monte_carlo_is_reproducible_and_fast(ranks):
    start = time.perf_counter()
    a = monte_carlo(ranks, n=2000, seed=7)
    elapsed = time.perf_counter() - start
    b = monte_carlo(ranks, n=2000, seed=7)
    c = monte_carlo(ranks, n=2000, seed=8)
    assert elapsed < 1.0
    np.testing.assert_array_equal(a.draws, b.draws)
    pd.testing.assert_frame_equal(a.table, b.table)
    assert not np.array_equal(a.draws, c.draws)
    assert set(a.aggregation_used) == {"arithmetic", "geometric"}


@pytest.mark.parametrize("noise", [0.25, 1.0, "dirichlet"])
def test_monte_carlo_intervals_contain_the_median(ranks, noise):
    mc = monte_carlo(ranks, n=500, noise=noise, seed=0)
    t = mc.table
    assert ((t["p05_rank"] <= t["median_rank"]) & (t["median_rank"] <= t["p95_rank"])).all()
    assert t["share_published"].between(0, 1).all() and t["share_equal"].between(0, 1).all()
    assert (np.sort(mc.draws, axis=1) == np.arange(1, 21)).all()  # every draw is a permutation
    np.testing.assert_allclose(mc.weights.sum(axis=1), 1)


def test_monte_carlo_without_noise_is_the_equal_weight_approximation(ranks):
    mc = monte_carlo(ranks, n=50, noise=0.0, aggregations=("arithmetic",))
    assert (mc.table["share_equal"] == 1).all()
    assert (mc.table["median_rank"] == mc.table["equal_rank"]).all()
    published = mc.table["published_rank"] == mc.table["equal_rank"]
    assert (mc.table.loc[published, "share_published"] == 1).all()


def test_dirichlet_keeps_a_switched_off_dimension_off(ranks):
    mc = monte_carlo(ranks, n=200, noise="dirichlet", weights={"knowledge": 0})
    assert (mc.weights[:, 2] == 0).all()


# --- charts ---------------------------------------------------------------------------------------------


def test_rank_interval_chart(ranks):
    mc = monte_carlo(ranks, n=300)
    fig = rank_interval_chart(mc)
    assert isinstance(fig, go.Figure) and len(fig.data) == 2
    dots, published = fig.data
    assert list(dots.y) == list(mc.table.sort_values("published_rank").index)
    assert list(published.x) == list(range(1, 21))
    assert (np.asarray(dots.error_x.array) >= 0).all() and (np.asarray(dots.error_x.arrayminus) >= 0).all()
    assert "名次" in fig.layout.xaxis.title.text and "近似" in fig.layout.title.text


def test_rank_shift_chart(ranks):
    result = what_if(ranks, {"knowledge": 2})
    fig = rank_shift_chart(result)
    bars = fig.data[0]
    assert bars.orientation == "h"
    assert list(bars.x) == list(result.table.sort_values("approx_rank")["shift_vs_equal"])
    assert "上升" in fig.layout.xaxis.title.text and "知识创造力 40%" in fig.layout.title.text
    vs_published = rank_shift_chart(result, against="published")
    assert "报告公布名次" in vs_published.layout.title.text
