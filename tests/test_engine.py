"""Composite-index engine on tiny synthetic trees, with expected values worked out by hand."""

from __future__ import annotations

import argparse
import math
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from index_core.compute_cli import add_parser
from index_core.engine import (
    SAMPLE_CITIES,
    IndexConfig,
    MissingValueError,
    align_columns,
    compute_index,
    entropy_weights,
    load_tree,
    rank_scores,
    report_tree,
    template_frame,
    validate_tree,
    weight_table,
)
from index_core.engine.tree import INDICATORS_CSV

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = ROOT / "index_core" / "templates" / "raw_indicators_template.csv"

# A: (A1: x1, x2), B: (B1: x3)
TREE = pd.DataFrame({"level1": ["A", "A", "B"], "level2": ["A1", "A1", "B1"], "level3": ["x1", "x2", "x3"]})
RAW = pd.DataFrame(
    {"x1": [0.0, 1.0, 10.0], "x2": [2.0, 4.0, 3.0], "x3": [10.0, 0.0, 5.0]}, index=["P", "Q", "R"]
)


def totals(result) -> list[float]:
    return result.total.loc[["P", "Q", "R"]].tolist()


# --- the four variants, by hand -------------------------------------------------------------------------


def test_minmax_arithmetic_by_hand():
    # x1 -> 0, 10, 100; x2 -> 0, 100, 50; x3 -> 100, 0, 50
    # A = mean(x1, x2) = 0, 55, 75; B = x3; total = mean(A, B) = 50, 27.5, 62.5
    result = compute_index(RAW, TREE, IndexConfig())
    assert result.scores["level3"]["x1"].tolist() == pytest.approx([0, 10, 100])
    assert result.scores["level1"]["A"].tolist() == pytest.approx([0, 55, 75])
    assert totals(result) == pytest.approx([50, 27.5, 62.5])
    assert result.total_rank.loc[["P", "Q", "R"]].tolist() == [2, 3, 1]
    assert result.ranks["level1"]["B"].loc[["P", "Q", "R"]].tolist() == [1, 3, 2]


def test_zscore_arithmetic_by_hand():
    # x1 = 0, 1, 10: mean 11/3, deviations -11/3, -8/3, 19/3, population sd = sqrt(mean of squares)
    sd1 = math.sqrt(((11 / 3) ** 2 + (8 / 3) ** 2 + (19 / 3) ** 2) / 3)
    z1 = [(-11 / 3) / sd1, (-8 / 3) / sd1, (19 / 3) / sd1]
    k = math.sqrt(3 / 2)  # x2 = 2, 4, 3 and x3 = 10, 0, 5 are both +-1 sd apart: z = -k, k, 0 and k, -k, 0
    z2, z3 = [-k, k, 0], [k, -k, 0]
    expected = [((z1[i] + z2[i]) / 2 + z3[i]) / 2 for i in range(3)]
    result = compute_index(RAW, TREE, IndexConfig(normalisation="zscore"))
    assert totals(result) == pytest.approx(expected)
    assert result.total_rank.loc[["P", "Q", "R"]].tolist() == [2, 3, 1]


def test_rank_normalisation_by_hand():
    # only order counts: x1 -> 0, 50, 100 (not 0, 10, 100); A = 0, 75, 75; total = 50, 37.5, 62.5
    result = compute_index(RAW, TREE, IndexConfig(normalisation="rank"))
    assert result.scores["level3"]["x1"].tolist() == pytest.approx([0, 50, 100])
    assert totals(result) == pytest.approx([50, 37.5, 62.5])


def test_geometric_by_hand_with_floor():
    # min-max values below the floor 1 become 1: x1 = 1, 10, 100; x2 = 1, 100, 50; x3 = 100, 1, 50
    a = [1.0, math.sqrt(10 * 100), math.sqrt(100 * 50)]
    b = [100.0, 1.0, 50.0]
    result = compute_index(RAW, TREE, IndexConfig(aggregation="geometric"))
    assert result.scores["level1"]["A"].tolist() == pytest.approx(a)
    assert totals(result) == pytest.approx([math.sqrt(a[i] * b[i]) for i in range(3)])
    assert any("raised to it" in n for n in result.notes)


def test_user_weights_by_hand():
    # x1 twice x2 inside A1; B three times A: A = (2*x1 + x2)/3 = 0, 40, 83.33; total = (A + 3B)/4
    result = compute_index(RAW, TREE, IndexConfig(weights={"B": 3, "x1": 2}))
    a = [0, (2 * 10 + 100) / 3, (2 * 100 + 50) / 3]
    b = [100, 0, 50]
    assert totals(result) == pytest.approx([(a[i] + 3 * b[i]) / 4 for i in range(3)])
    w = result.weights.set_index("level3")
    assert w.loc["x1", "weight"] == pytest.approx(2 / 3 * 1 / 4)
    assert w["weight"].sum() == pytest.approx(1)


def test_negative_indicator_is_flipped():
    result = compute_index(RAW, TREE, IndexConfig(negatives=("x3",)))
    assert result.scores["level3"]["x3"].tolist() == pytest.approx([0, 100, 50])


# --- ties -----------------------------------------------------------------------------------------------


def test_ties_share_the_best_rank_and_skip():
    scores = pd.DataFrame({"s": [50.0, 70.0, 50.0, 40.0]}, index=list("PQRS"))
    assert rank_scores(scores, "min")["s"].tolist() == [2, 1, 2, 4]
    assert rank_scores(scores, "dense")["s"].tolist() == [2, 1, 2, 3]
    assert rank_scores(scores, "max")["s"].tolist() == [3, 1, 3, 4]


def test_floating_point_noise_is_a_tie():
    scores = pd.DataFrame({"s": [0.1 + 0.2, 0.3, 0.0]})
    assert rank_scores(scores)["s"].tolist() == [1, 1, 3]


def test_tied_totals_from_compute():
    tree = pd.DataFrame({"level1": ["A", "A"], "level2": ["A1", "A1"], "level3": ["x1", "x2"]})
    raw = pd.DataFrame({"x1": [0, 10, 5, 10], "x2": [10, 0, 5, 10]}, index=list("PQRS"))
    result = compute_index(raw, tree)
    assert result.total.tolist() == pytest.approx([50, 50, 50, 100])
    assert result.total_rank.tolist() == [2, 2, 2, 1]


# --- missing values -------------------------------------------------------------------------------------

HOLE = RAW.assign(x1=[0.0, np.nan, 10.0])


def test_missing_error_lists_cells():
    with pytest.raises(MissingValueError) as err:
        compute_index(HOLE, TREE)
    assert err.value.cells == [("Q", "x1")]
    assert "Q / x1" in str(err.value)


def test_missing_mean_imputes_and_notes():
    result = compute_index(HOLE, TREE, IndexConfig(missing="mean"))
    assert result.scores["level3"]["x1"].tolist() == pytest.approx([0, 50, 100])
    assert any("Q / x1 = 5" in n for n in result.notes)


def test_missing_min_is_worst_value():
    result = compute_index(HOLE, TREE, IndexConfig(missing="min"))
    assert result.scores["level3"]["x1"].tolist() == pytest.approx([0, 0, 100])
    flipped = compute_index(HOLE, TREE, IndexConfig(missing="min", negatives=("x1",)))
    assert flipped.scores["level3"]["x1"].loc["Q"] == pytest.approx(0)  # worst = largest when lower is better


def test_missing_drop_indicator_reweights_siblings():
    result = compute_index(HOLE, TREE, IndexConfig(missing="drop_indicator"))
    assert "x1" not in result.scores["level3"].columns
    assert result.scores["level1"]["A"].tolist() == pytest.approx([0, 100, 50])  # x2 alone
    assert any("dropped indicator x1" in n for n in result.notes)


def test_missing_whole_column_cannot_be_imputed():
    with pytest.raises(ValueError, match="nothing to impute"):
        compute_index(RAW.assign(x2=np.nan), TREE, IndexConfig(missing="mean"))


# --- entropy weights ------------------------------------------------------------------------------------


def test_entropy_weights_3x2_by_hand():
    # y1 = 1, 2, 3 -> min-max 0, .5, 1 -> p = 0, 1/3, 2/3 -> e1 = 1 - (2/3) ln 2 / ln 3
    # y2 = 0, 0, 1 -> p = 0, 0, 1 -> e2 = 0
    raw = pd.DataFrame({"y1": [1.0, 2.0, 3.0], "y2": [0.0, 0.0, 1.0]})
    d1, d2 = (2 / 3) * math.log(2) / math.log(3), 1.0
    w = entropy_weights(raw)
    assert w.tolist() == pytest.approx([d1 / (d1 + d2), d2 / (d1 + d2)])


def test_entropy_constant_column_weighs_zero_and_one_child_weighs_one():
    raw = RAW.assign(x2=7.0)
    table, notes = weight_table(validate_tree(TREE), "entropy", raw)
    w = table.set_index("level3")["w_level3"]
    assert w.tolist() == pytest.approx([1, 0, 1])
    assert any("B1 has one indicator" in n for n in notes)


def test_entropy_in_compute_uses_level3_only():
    result = compute_index(RAW, TREE, IndexConfig(weights="entropy"))
    table = result.weights
    assert table["w_level1"].tolist() == pytest.approx([0.5, 0.5, 0.5])
    assert table["w_level3"].iloc[:2].sum() == pytest.approx(1)


# --- config, weights keys, tree, template -------------------------------------------------------------


def test_config_rejects_bad_choices_and_describes_every_choice():
    with pytest.raises(ValueError, match="normalisation"):
        IndexConfig(normalisation="log")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="geometric"):
        IndexConfig(normalisation="zscore", aggregation="geometric")
    with pytest.raises(ValueError, match="non-negative"):
        IndexConfig(weights={"A": -1})
    cfg = IndexConfig(weights={"知识创造力": 2}, aggregation="geometric")
    text = cfg.describe()
    for word in (
        "normalisation",
        "missing",
        "weights",
        "aggregation",
        "ties",
        "direction",
        "知识创造力=2",
        "floor",
    ):
        assert word in text
    assert hash(cfg) == hash(IndexConfig(weights={"知识创造力": 2.0}, aggregation="geometric"))


def test_weight_keys_unknown_and_all_zero():
    with pytest.raises(ValueError, match="did you mean"):
        compute_index(RAW, TREE, IndexConfig(weights={"x4": 1}))
    with pytest.raises(ValueError, match="all third-level weights under A1"):
        compute_index(RAW, TREE, IndexConfig(weights={"x1": 0, "x2": 0}))


def test_level1_aliases_on_report_tree():
    table, _ = weight_table(validate_tree(report_tree()), {"knowledge": 2, "人工智能发展成效": 0})
    by_level1 = table.drop_duplicates("level1").set_index("level1")["w_level1"]
    assert by_level1.to_dict() == pytest.approx(
        {"环境支撑力": 0.25, "资源支持力": 0.25, "知识创造力": 0.5, "发展成效": 0}
    )


def test_report_tree_shape():
    tree = validate_tree(report_tree())
    assert len(tree) == 23 and tree["level2"].nunique() == 12 and tree["level1"].nunique() == 4


def test_tree_read_from_a_csv_file_matches_the_report_tree():
    cols = ["level1", "level2", "level3", "unit"]
    pd.testing.assert_frame_equal(load_tree(INDICATORS_CSV)[cols], load_tree()[cols])


def test_tree_fills_blank_cells_down_and_strips_spaces():
    tree = pd.DataFrame({"level1": ["人工智能 A", None], "level2": ["A1", ""], "level3": ["年度 GDP", "x"]})
    clean = validate_tree(tree)
    assert clean["level1"].tolist() == ["A", "A"] and clean["level3"].tolist() == ["年度GDP", "x"]


def test_columns_match_without_whitespace():
    raw = RAW.rename(columns={"x1": " x 1"})
    assert align_columns(raw, TREE).columns.tolist() == ["x1", "x2", "x3"]
    with pytest.raises(ValueError, match="missing column"):
        align_columns(RAW.drop(columns="x2"), TREE)


def test_template_file_is_the_generated_template():
    on_disk = pd.read_csv(TEMPLATE, dtype=str, keep_default_na=False)
    assert on_disk.equals(template_frame().astype(str))
    assert on_disk["城市"].tolist() == list(SAMPLE_CITIES) and on_disk.shape == (20, 24)
    assert "年度GDP总量[亿元]" in on_disk.columns
    assert (on_disk.iloc[:, 1:] == "").all().all()


# --- properties -----------------------------------------------------------------------------------------

values = st.integers(min_value=0, max_value=10**6).map(float)


@st.composite
def tables(draw, min_cities: int = 3, max_cities: int = 6) -> pd.DataFrame:
    n = draw(st.integers(min_cities, max_cities))
    cols = {c: draw(st.lists(values, min_size=n, max_size=n)) for c in ("x1", "x2", "x3")}
    return pd.DataFrame(cols, index=[f"c{i}" for i in range(n)])


positive = st.floats(min_value=0.01, max_value=100, allow_nan=False)


@settings(max_examples=150, deadline=None)
@given(
    raw=tables(),
    data=st.data(),
    aggregation=st.sampled_from(["arithmetic", "geometric"]),
    weights=st.fixed_dictionaries({"x1": positive, "x2": positive, "A": positive, "B": positive}),
)
def test_raising_an_indicator_never_lowers_own_total(raw, data, aggregation, weights):
    city = data.draw(st.sampled_from(list(raw.index)))
    col = data.draw(st.sampled_from(list(raw.columns)))
    bump = data.draw(st.integers(1, 10**6))
    cfg = IndexConfig(aggregation=aggregation, weights=weights)
    before = compute_index(raw, TREE, cfg).total[city]
    raised = raw.copy()
    raised.loc[city, col] += bump
    after = compute_index(raised, TREE, cfg).total[city]
    assert after >= before - 1e-9


@settings(max_examples=100, deadline=None)
@given(
    raw=tables(),
    factor=st.floats(min_value=1e-3, max_value=1e3),
    col=st.sampled_from(["x1", "x2", "x3"]),
    normalisation=st.sampled_from(["minmax", "zscore", "rank"]),
)
def test_scores_do_not_depend_on_units(raw, factor, col, normalisation):
    cfg = IndexConfig(normalisation=normalisation)
    before = compute_index(raw, TREE, cfg)
    after = compute_index(raw.assign(**{col: raw[col] * factor}), TREE, cfg)
    for level in ("level3", "level2", "level1", "total"):
        np.testing.assert_allclose(after.scores[level], before.scores[level], atol=1e-6)


@settings(max_examples=200, deadline=None)
@given(
    scores=st.lists(st.sampled_from([0.0, 1.5, 2.0, 50.0, 99.9]) | st.floats(0, 100), min_size=1, max_size=25)
)
def test_ranks_are_competition_ranks(scores):
    s = np.array(scores)
    ranks = rank_scores(pd.DataFrame({"s": s}))["s"].to_numpy()
    r = s.round(9)  # scores equal to 9 decimals tie by design (floating-point noise is not a lead)
    better = (r[None, :] > r[:, None]).sum(axis=1)  # for each city, how many score strictly higher
    assert (ranks == 1 + better).all()
    if len(set(r)) == len(r):
        assert sorted(ranks) == list(range(1, len(s) + 1))


@settings(max_examples=50, deadline=None)
@given(raw=tables(), weights=st.dictionaries(st.sampled_from(["x1", "x2", "x3", "A", "B", "A1"]), positive))
def test_weights_sum_to_one_per_parent(raw, weights):
    table, _ = weight_table(validate_tree(TREE), weights)
    assert table.groupby("level2")["w_level3"].sum().tolist() == pytest.approx([1, 1])
    assert table["weight"].sum() == pytest.approx(1)


# --- CLI ------------------------------------------------------------------------------------------------


def filled_template(seed: int = 0) -> pd.DataFrame:
    frame = template_frame()
    rng = np.random.default_rng(seed)
    frame.iloc[:, 1:] = rng.integers(1, 100, size=(len(frame), frame.shape[1] - 1)).astype(str)
    return frame


def run_cli(tmp_path: Path, frame: pd.DataFrame | None, *args: str, text: str | None = None):
    path = tmp_path / "raw.csv"
    if text is not None:
        path.write_text(text, encoding="utf-8")
    elif frame is not None:
        frame.to_csv(path, index=False, encoding="utf-8")
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    cmd = [sys.executable, "-m", "index_core.compute_cli", str(path), "--out", str(tmp_path / "out"), *args]
    return subprocess.run(
        cmd, cwd=ROOT, capture_output=True, text=True, encoding="utf-8", env=env, timeout=120
    )


def test_cli_valid_file_writes_every_level(tmp_path):
    proc = run_cli(
        tmp_path, filled_template(), "--weights", '{"知识创造力": 2}', "--aggregation", "geometric"
    )
    assert proc.returncode == 0, proc.stderr
    assert "总指数前十" in proc.stdout and "知识创造力=2" in proc.stdout
    for level in ("level3", "level2", "level1", "total"):
        assert (tmp_path / "out" / f"scores_{level}.csv").exists()
        assert (tmp_path / "out" / f"ranks_{level}.csv").exists()
    ranks = pd.read_csv(tmp_path / "out" / "ranks_total.csv", index_col=0)
    assert sorted(ranks.index) == sorted(SAMPLE_CITIES)


def test_cli_reports_every_problem_with_line_and_column(tmp_path):
    frame = filled_template()
    frame.loc[2, "年度GDP总量[亿元]"] = "abc"
    frame.loc[3, "AI专利数量[件]"] = "-5"
    frame.loc[4, "城市"] = "东莞"
    frame.loc[6, "城市"] = "北京市"  # same city as line 2 once 市 is dropped
    frame.loc[7, "AI发明专利占比[%]"] = "130"
    frame = frame.drop(columns=["AI企业数量[家]"])
    proc = run_cli(tmp_path, frame)
    assert proc.returncode == 2
    err = proc.stderr
    assert "Traceback" not in err
    assert 'missing column "AI企业数量[家]"' in err
    assert 'raw.csv, line 1: [columns] missing column "AI企业数量[家]"' in err
    assert 'raw.csv, line 4: [number] 上海, column "年度GDP总量[亿元]": "abc" is not a finite number' in err
    assert 'raw.csv, line 5: [non-negative] 广州, column "AI专利数量[件]": -5 is negative' in err
    assert 'raw.csv, line 6: [city-known] unknown city "东莞"' in err
    assert "raw.csv, line 8: [city-unique] duplicate city 北京 (also on line 2)" in err
    assert 'raw.csv, line 9: [share-max] 成都, column "AI发明专利占比[%]": 130 is a share above 100%' in err


def test_cli_missing_cells_need_a_policy(tmp_path):
    frame = filled_template()
    frame.loc[0, "AI政策数量[项]"] = ""
    proc = run_cli(tmp_path, frame)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert 'raw.csv, line 2: [value-present] 北京, column "AI政策数量[项]": empty' in proc.stderr
    proc = run_cli(tmp_path, frame, "--missing", "mean")
    assert proc.returncode == 0, proc.stderr
    assert "imputed 北京 / AI政策数量" in proc.stdout


def test_cli_unknown_column_and_bad_weights(tmp_path):
    frame = filled_template().rename(columns={"AI专利数量[件]": "AI专利数[件]"})
    proc = run_cli(tmp_path, frame)
    assert proc.returncode == 2
    assert 'unknown indicator (did you mean "AI专利数量[件]"?)' in proc.stderr
    proc = run_cli(tmp_path, filled_template(), "--weights", "{not json")
    assert proc.returncode == 2 and "invalid JSON" in proc.stderr and "Traceback" not in proc.stderr
    proc = run_cli(tmp_path, filled_template(), "--weights", '{"知识创造": 2}')
    assert proc.returncode == 2 and "did you mean 知识创造力" in proc.stderr


def test_cli_ragged_and_empty_files(tmp_path):
    proc = run_cli(tmp_path, None, text="")
    assert proc.returncode == 2 and "empty file" in proc.stderr
    header = ",".join(template_frame().columns)
    proc = run_cli(tmp_path, None, text=f"{header}\n北京,1,2\n")
    assert (
        proc.returncode == 2 and "raw.csv, line 2: [csv-shape] 3 cells, but the header has 24" in proc.stderr
    )


def test_add_parser_runs_in_process(tmp_path, capsys):
    path = tmp_path / "raw.csv"
    filled_template(1).head(5).to_csv(path, index=False)
    parser = argparse.ArgumentParser(prog="city-ai")
    add_parser(parser.add_subparsers(dest="command"))
    args = parser.parse_args(["compute", str(path), "--normalise", "rank", "--out", str(tmp_path / "o")])
    assert args.func(args) == 0
    out = capsys.readouterr().out
    assert "5 of 20 sample cities" in out and "normalisation: rank" in out


# --- hostile weights and numbers: refused with a clear message, or computed without overflow ------------------


@pytest.mark.parametrize("bad", [math.inf, -math.inf, math.nan, -1.0])
def test_config_refuses_weights_that_are_not_finite_and_non_negative(bad):
    with pytest.raises(ValueError, match="finite non-negative"):
        IndexConfig(weights={"知识创造力": bad})


@pytest.mark.parametrize("bad", [math.inf, math.nan, -2.0])
def test_weight_table_refuses_a_weight_that_is_not_finite(bad):
    with pytest.raises(ValueError, match="finite non-negative"):
        weight_table(TREE, {"x1": bad})


def test_two_keys_for_one_node_are_refused():
    with pytest.raises(ValueError, match="both name 知识创造力"):
        weight_table(validate_tree(report_tree()), {"knowledge": 2, "知识创造力": 3})


def test_huge_finite_weights_do_not_overflow_into_equal_ranks():
    """Weights whose sum overflows (1.5e308 + 1e308) used to make every share 0 or NaN: every city ranked 1."""
    huge = compute_index(RAW, TREE, IndexConfig(weights={"A": 1.5e308, "B": 1e308, "x1": 1e308, "x2": 1e308}))
    plain = compute_index(RAW, TREE, IndexConfig(weights={"A": 3, "B": 2}))
    assert np.isfinite(huge.weights["weight"]).all() and huge.weights["weight"].sum() == pytest.approx(1)
    assert totals(huge) == pytest.approx(totals(plain))
    assert huge.ranks["total"].iloc[:, 0].nunique() == 3


@pytest.mark.parametrize("normalisation", ["minmax", "zscore"])
def test_huge_raw_values_do_not_overflow(normalisation):
    raw = RAW * 1e306  # spans, sums and squares of these overflow unless each column is scaled first
    big = compute_index(raw, TREE, IndexConfig(normalisation=normalisation))
    small = compute_index(RAW, TREE, IndexConfig(normalisation=normalisation))
    assert totals(big) == pytest.approx(totals(small))


@pytest.mark.parametrize("bad", [math.inf, math.nan, -1, "abc", 10**400])
def test_what_if_refuses_weights_that_are_not_finite_and_non_negative(bad):
    from index_core.engine.whatif import resolve_weights

    with pytest.raises(ValueError, match="finite non-negative"):
        resolve_weights({"knowledge": bad})
    assert resolve_weights({"knowledge": 1e308, "env": 1e308}).sum() == pytest.approx(1)


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ('{"知识创造力": Infinity}', "Infinity is not a weight"),
        ('{"知识创造力": NaN}', "NaN is not a weight"),
        ('{"知识创造力": 1e999}', "finite non-negative numbers; check 知识创造力"),
        ('{"知识创造力": 1' + "0" * 400 + "}", "finite non-negative numbers; check 知识创造力"),
        ('{"知识创造力": -1}', "finite non-negative numbers; check 知识创造力"),
        ('{"知识创造力": "2"}', "finite non-negative numbers; check 知识创造力"),
        ('{"知识创造力": 2, "知识创造力": 3}', "'知识创造力' is given twice"),
        ('{"a":' * 50_000 + "1" + "}" * 50_000, "nested too deeply"),
    ],
)
def test_parse_weights_refuses_hostile_json(text, words):
    from index_core.compute_cli import UsageError, parse_weights

    with pytest.raises(UsageError, match=words):
        parse_weights(text)


# --- raw files that are not what they seem --------------------------------------------------------------------


def _raw_problems(path: Path) -> list:
    from index_core.engine.rawfile import RawFileError, read_raw

    with pytest.raises(RawFileError) as err:
        read_raw(path, load_tree())
    return err.value.problems


@pytest.mark.parametrize(("sep", "name"), [(";", "semicolons"), ("\t", "tabs")])
def test_raw_file_separated_by_something_else_is_named(tmp_path, sep, name):
    path = tmp_path / "raw.csv"
    filled_template().to_csv(path, index=False, sep=sep)
    [problem] = _raw_problems(path)
    assert (problem.file, problem.line, problem.rule) == ("raw.csv", 1, "csv-separator")
    assert name in problem.detail


def test_raw_file_without_a_share_column_lists_the_column(tmp_path):
    path = tmp_path / "raw.csv"
    filled_template().drop(columns=["AI发明专利占比[%]"]).to_csv(path, index=False)
    problems = _raw_problems(path)  # a KeyError used to escape from the share check
    assert [(p.line, p.rule) for p in problems] == [(1, "columns")]
    assert 'missing column "AI发明专利占比[%]"' in problems[0].detail


def test_raw_file_that_is_a_directory(tmp_path):
    (tmp_path / "raw.csv").mkdir()
    [problem] = _raw_problems(tmp_path / "raw.csv")
    assert problem.rule == "file-present" and "is a directory" in problem.detail
