"""Deliberately corrupted copies of each table must fail with the file, line and rule named."""

from __future__ import annotations

import csv
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from index_core import DataValidationError, load_report_from
from index_core.report import DATA_DIR
from index_core.validation import SPECS


def _copy(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(DATA_DIR, target)
    return target


def _edit(path: Path, change: Callable[[list[list[str]]], None]) -> None:
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    change(rows)
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)


def _set(column: str, row: int, value: str) -> Callable[[list[list[str]]], None]:
    def change(rows: list[list[str]]) -> None:
        rows[row][rows[0].index(column)] = value

    return change


def _problems(data: Path) -> list:
    with pytest.raises(DataValidationError) as err:
        load_report_from(data)
    return err.value.problems


def test_pristine_copy_loads(tmp_path):
    assert len(load_report_from(_copy(tmp_path)).rankings) == 20


@pytest.mark.parametrize(
    ("file", "column", "row", "value", "rule"),
    [
        ("rankings.csv", "knowledge_rank", 1, "2", "quote-states-value"),
        ("rankings.csv", "total_rank", 3, "abc", "type"),
        ("scores.csv", "score", 1, "99.99", "quote-states-value"),
        ("facts.csv", "quote", 2, "这句话不在报告里", "quote-verbatim"),
        ("facts.csv", "city", 1, "拉萨", "city-resolves"),
        ("subranks.csv", "phrase", 1, "排名第十九", "quote-states-value"),
        ("policies.csv", "year", 1, "二〇一六", "type"),
        ("policies.csv", "date_printed", 2, "2099年1月", "quote-states-value"),
        ("indicators.csv", "level3", 4, "不存在的指标", "quote-states-value"),
        ("cities.csv", "quote", 1, "", "quote-present"),
        ("metadata.csv", "value", 1, "2030年1月", "quote-states-value"),
        ("leaders.csv", "cities", 4, "深圳;苏州;拉萨", "city-resolves"),
    ],
)
def test_corrupted_cell_is_named(tmp_path, file, column, row, value, rule):
    data = _copy(tmp_path)
    _edit(data / file, _set(column, row, value))
    problems = _problems(data)
    assert any(p.file == file and p.line == row + 1 and p.rule == rule for p in problems), problems


def test_rank_permutation_rule(tmp_path):
    data = _copy(tmp_path)

    def duplicate_rank(rows):
        # 北京's row twice and 深圳's gone: every row is self-consistent, only the permutation rule can catch it.
        rows[2] = list(rows[1])

    _edit(data / "rankings.csv", duplicate_rank)
    rules = {p.rule for p in _problems(data)}
    assert {"rank-permutation", "rank-cities"} <= rules


def test_prose_top10_rule(tmp_path):
    """Swap two cities' whole rows' ranks consistently in the table: only the prose check can notice."""
    data = _copy(tmp_path)
    corpus = (Path(__file__).resolve().parent.parent / "corpus" / "report.md").read_text(encoding="utf-8")
    fake = tmp_path / "report.md"
    fake.write_text(corpus.replace("青岛及南京", "南京及青岛", 1), encoding="utf-8")
    with pytest.raises(DataValidationError) as err:
        load_report_from(data, fake)
    assert any(p.rule == "prose-top10" for p in err.value.problems)


def test_missing_column_and_file(tmp_path):
    data = _copy(tmp_path)

    def drop_value_column(rows):
        i = rows[0].index("value")
        for row in rows:
            del row[i]

    _edit(data / "facts.csv", drop_value_column)
    (data / "policies.csv").unlink()
    problems = _problems(data)
    assert any(p.file == "facts.csv" and p.rule == "columns" for p in problems)
    assert any(p.file == "policies.csv" and p.rule == "file-present" for p in problems)


def test_binary_garbage_is_a_clear_error(tmp_path):
    data = _copy(tmp_path)
    (data / "scores.csv").write_bytes(b"\xff\xfe\x00garbage\x81")
    problems = _problems(data)
    assert any(p.file == "scores.csv" and p.rule == "csv-readable" for p in problems)
    assert "scores.csv" in str(DataValidationError(problems))


def test_ragged_row(tmp_path):
    data = _copy(tmp_path)
    with (data / "rankings.csv").open("a", encoding="utf-8") as handle:
        handle.write("拉萨,1,2\n")
    problems = _problems(data)
    assert any(p.file == "rankings.csv" and p.rule == "csv-shape" and p.line == 22 for p in problems)


# ---- empty tables, repeated rows, cells the loader cannot convert, cities that do not resolve ----------------
@pytest.mark.parametrize("file", sorted(SPECS[name].file for name in SPECS))
def test_a_header_only_table_is_refused(tmp_path, file):
    data = _copy(tmp_path)
    _edit(data / file, lambda rows: rows.__delitem__(slice(1, None)))
    problems = _problems(data)
    assert any(p.file == file and p.line == 1 and p.rule == "rows-present" for p in problems), problems


def test_a_policy_pasted_twice_is_refused(tmp_path):
    data = _copy(tmp_path)
    _edit(data / "policies.csv", lambda rows: rows.append(list(rows[1])))
    problems = _problems(data)
    assert [(p.file, p.line, p.rule) for p in problems] == [("policies.csv", 50, "row-unique")], problems
    assert "repeats line 2" in problems[0].detail


def test_a_policy_repeated_with_another_summary_is_refused(tmp_path):
    """Same city, title and date under a new id and summary: still the same policy twice."""
    data = _copy(tmp_path)

    def repeat(rows):
        copy = list(rows[3])
        copy[rows[0].index("id")] = "p99"
        copy[rows[0].index("summary")] = "另一段摘要"
        rows.append(copy)

    _edit(data / "policies.csv", repeat)
    problems = _problems(data)
    assert any(
        p.file == "policies.csv" and p.line == 50 and p.rule == "row-unique" and "line 4" in p.detail
        for p in problems
    ), problems


@pytest.mark.parametrize(
    ("file", "key", "row"),
    [
        ("facts.csv", "id", 5),
        ("metadata.csv", "key", 3),
        ("indicators.csv", "no", 2),
        ("cities.csv", "city", 4),
    ],
)
def test_a_repeated_key_is_refused(tmp_path, file, key, row):
    data = _copy(tmp_path)

    def repeat_key(rows):
        rows[row][rows[0].index(key)] = rows[1][rows[0].index(key)]

    _edit(data / file, repeat_key)
    problems = _problems(data)
    assert any(
        p.file == file and p.line == row + 1 and p.rule == "row-unique" and "already on line 2" in p.detail
        for p in problems
    ), problems


@pytest.mark.parametrize("value", [" ", "\u00a05", "99999999999999999999", "1e400", "inf"])
def test_a_typed_cell_the_loader_cannot_convert_is_a_type_problem(tmp_path, value):
    data = _copy(tmp_path)
    _edit(data / "policies.csv", _set("year", 3, value))
    problems = _problems(data)
    assert any(p.file == "policies.csv" and p.line == 4 and p.rule == "type" for p in problems), problems


@pytest.mark.parametrize("value", [" ", "inf", "1e400"])
def test_a_score_that_is_not_a_finite_number_is_a_type_problem(tmp_path, value):
    data = _copy(tmp_path)
    _edit(data / "scores.csv", _set("score", 2, value))
    assert any(p.file == "scores.csv" and p.line == 3 and p.rule == "type" for p in _problems(data))


def test_an_unresolvable_city_in_table_2_is_a_problem_not_a_type_error(tmp_path):
    data = _copy(tmp_path)
    _edit(data / "rankings.csv", _set("city", 5, "火星"))
    problems = _problems(data)  # a TypeError from the prose top-10 check used to escape here
    assert any(p.file == "rankings.csv" and p.line == 6 and p.rule == "city-resolves" for p in problems)
    assert any(p.rule == "prose-top10" and "火星" in p.detail for p in problems)
