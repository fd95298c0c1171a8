"""Rules every table in data/ must pass on load; each failure names the file, the CSV line and the rule.

A corrupted CSV must surface as a readable list of problems, never as a pandas traceback deep in an answer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

from index_core.dimensions import FIRST_LEVEL, RANK_COLUMNS, TOTAL
from index_core.errors import Problem
from index_core.names import CityResolver

_WS = re.compile(r"\s+")


def squash(text: str) -> str:
    """Remove all whitespace: the report's PDF text has stray spaces inside numbers and words."""
    return _WS.sub("", str(text))


@dataclass(frozen=True)
class TableSpec:
    """What one CSV must contain: required columns, the columns its quote must state, and typed columns."""

    name: str
    required: tuple[str, ...]
    value_columns: tuple[str, ...]
    int_columns: tuple[str, ...] = ()
    float_columns: tuple[str, ...] = ()
    has_city: bool = True
    sequence_columns: tuple[str, ...] = ()  # the quote's numbers, in order, must equal these columns
    keys: tuple[tuple[str, ...], ...] = ()  # each tuple of columns identifies a row: no two rows share one

    @property
    def file(self) -> str:
        return f"{self.name}.csv"


PROVENANCE = ("section", "quote")
SPECS: dict[str, TableSpec] = {
    s.name: s
    for s in (
        TableSpec(
            "cities",
            ("city", "full_name", "name_en", "aliases", "category", *PROVENANCE),
            ("city",),
            keys=(("city",), ("full_name",)),
        ),
        TableSpec(
            "indicators",
            ("no", "level1", "level2", "level3", "unit", *PROVENANCE),
            ("level3",),
            int_columns=("no",),
            has_city=False,
            keys=(("no",), ("level3",)),
        ),
        TableSpec(
            "rankings",
            ("city", *RANK_COLUMNS, *PROVENANCE),
            ("city",),
            int_columns=RANK_COLUMNS,
            sequence_columns=RANK_COLUMNS,
            keys=(("city",),),
        ),
        TableSpec(
            "scores",
            ("city", "dimension", "kind", "comparator", "score", *PROVENANCE),
            ("score",),
            float_columns=("score",),
            keys=(("city", "dimension", "kind", "comparator"),),
        ),
        TableSpec(
            "subranks",
            (
                "city",
                "level1",
                "indicator",
                "rank",
                "rank_min",
                "rank_max",
                "tied_with",
                "phrase",
                *PROVENANCE,
            ),
            ("phrase",),
            int_columns=("rank", "rank_min", "rank_max"),
            keys=(("city", "level1", "indicator", "phrase"),),
        ),
        TableSpec(
            "facts",
            ("id", "city", "metric", "metric_zh", "value", "unit", "period", "qualifier", *PROVENANCE),
            ("value",),
            keys=(("id",),),
        ),
        TableSpec(
            "policies",
            ("city", "date_printed", "year", "month", "title", "summary", *PROVENANCE),
            ("date_printed",),
            int_columns=("year", "month"),
            keys=(("city", "title", "date_printed"),),
        ),
        TableSpec("metadata", ("key", "value", *PROVENANCE), ("value",), has_city=False, keys=(("key",),)),
        TableSpec(
            "leaders",
            ("level1", "level2", "cities", "statement", *PROVENANCE),
            ("statement",),
            has_city=False,
            keys=(("level1", "level2"),),
        ),
    )
}


def line_of(index: int) -> int:
    """CSV line of a data row: line 1 is the header."""
    return int(index) + 2


def check_columns(spec: TableSpec, frame: pd.DataFrame) -> list[Problem]:
    missing = [c for c in spec.required if c not in frame.columns]
    return [Problem(spec.file, 1, "columns", f"missing column(s): {', '.join(missing)}")] if missing else []


def check_rows_present(spec: TableSpec, frame: pd.DataFrame) -> list[Problem]:
    """A table with a header and no data rows would load as an empty table and answer nothing."""
    if len(frame):
        return []
    return [Problem(spec.file, 1, "rows-present", "only a header, no data rows")]


def check_unique(spec: TableSpec, frame: pd.DataFrame) -> list[Problem]:
    """No row repeats an earlier one, whole or by any of the table's keys (a pasted-twice policy, a second
    rank row for one city); each repeat names the line it repeats."""
    problems: list[Problem] = []
    cells = frame.astype(str).apply(lambda col: col.str.strip())
    repeated: set[int] = set()
    whole = cells.duplicated(keep=False)
    for _, group in cells[whole].groupby(list(cells.columns), sort=False):
        first, *rest = group.index
        for idx in rest:
            repeated.add(idx)
            problems.append(
                Problem(spec.file, line_of(idx), "row-unique", f"repeats line {line_of(first)} exactly")
            )
    for key in spec.keys:
        if not all(c in cells.columns for c in key):
            continue
        keyed = cells[list(key)]
        filled = keyed.ne("").any(axis=1)
        dup = filled & keyed.duplicated(keep=False)
        for values, group in keyed[dup].groupby(list(key), sort=False):
            first, *rest = group.index
            values = values if isinstance(values, tuple) else (values,)
            shown = ", ".join(f"{c}={v[:40]!r}" for c, v in zip(key, values, strict=True))
            problems += [
                Problem(spec.file, line_of(idx), "row-unique", f"{shown} already on line {line_of(first)}")
                for idx in rest
                if idx not in repeated
            ]
    return problems


# Integers beyond this are not ranks, years or numbers of anything here, and would overflow the loader's Int64.
_INT_LIMIT = 2**53


def check_types(spec: TableSpec, frame: pd.DataFrame) -> list[Problem]:
    """Typed cells parse exactly as the loader will convert them: only a truly empty cell counts as missing
    (a cell of spaces is not a number), integers are whole and in range, numbers are finite."""
    problems: list[Problem] = []
    for column in spec.int_columns + spec.float_columns:
        values = frame[column].astype(str)
        present = values != ""
        parsed = pd.to_numeric(values.where(present), errors="coerce")
        bad = present & (parsed.isna() | ~np.isfinite(parsed.astype(float)))
        if column in spec.int_columns:
            bad |= present & ((parsed % 1 != 0) | (parsed.abs() >= _INT_LIMIT))
        for idx in frame.index[bad]:
            kind = "an integer" if column in spec.int_columns else "a finite number"
            problems.append(
                Problem(spec.file, line_of(idx), "type", f"{column}={frame.at[idx, column]!r} is not {kind}")
            )
    return problems


def check_quotes(spec: TableSpec, frame: pd.DataFrame, corpus: str) -> list[Problem]:
    """Every quote is verbatim in the corpus and states the row's value."""
    problems: list[Problem] = []
    squashed_corpus = None
    for idx, row in frame.iterrows():
        quote = str(row["quote"])
        if not quote.strip():
            problems.append(Problem(spec.file, line_of(idx), "quote-present", "empty quote"))
            continue
        if quote not in corpus:
            squashed_corpus = squashed_corpus or squash(corpus)
            hint = " (it matches only with whitespace removed)" if squash(quote) in squashed_corpus else ""
            problems.append(
                Problem(
                    spec.file,
                    line_of(idx),
                    "quote-verbatim",
                    f"quote not found in the report{hint}: {quote[:60]!r}",
                )
            )
            continue
        if spec.sequence_columns:
            printed = re.findall(r"\d+(?:\.\d+)?", quote)
            wanted = [str(row[c]).strip() for c in spec.sequence_columns]
            if printed != wanted:
                problems.append(
                    Problem(
                        spec.file,
                        line_of(idx),
                        "quote-states-value",
                        f"{', '.join(spec.sequence_columns)} = {wanted} but the quote prints {printed}",
                    )
                )
        for column in spec.value_columns:
            value = squash(row[column])
            if value and value not in squash(quote):
                problems.append(
                    Problem(
                        spec.file,
                        line_of(idx),
                        "quote-states-value",
                        f"{column}={row[column]!r} not in quote {quote[:60]!r}",
                    )
                )
    return problems


def check_cities(spec: TableSpec, frame: pd.DataFrame, resolver: CityResolver) -> list[Problem]:
    problems: list[Problem] = []
    if "cities" in frame.columns:  # a list of cities, each resolving and named in the quote
        for idx, row in frame.iterrows():
            for name in filter(None, (c.strip() for c in str(row["cities"]).split(";"))):
                if resolver.try_resolve(name) is None or name not in squash(row["quote"]):
                    problems.append(
                        Problem(
                            spec.file,
                            line_of(idx),
                            "city-resolves",
                            f"cities: {name!r} is not a sample city named in the quote",
                        )
                    )
    columns = [c for c in ("city", "tied_with") if c in frame.columns]
    for column in columns:
        for idx, value in frame[column].items():
            if str(value).strip() and resolver.try_resolve(str(value)) is None:
                problems.append(
                    Problem(
                        spec.file, line_of(idx), "city-resolves", f"{column}={value!r} is not a sample city"
                    )
                )
    return problems


def check_rankings(frame: pd.DataFrame, resolver: CityResolver) -> list[Problem]:
    """Each dimension's ranks are a permutation of 1..20 and every sample city has exactly one row."""
    file = SPECS["rankings"].file
    problems: list[Problem] = []
    n = len(resolver.sample)
    expected = set(range(1, n + 1))
    for column in RANK_COLUMNS:
        ranks = pd.to_numeric(frame[column], errors="coerce")
        seen = set(ranks.dropna().astype(int))
        if len(frame) != n or seen != expected or ranks.duplicated().any():
            dupes = sorted(set(ranks[ranks.duplicated()].dropna().astype(int)))
            problems.append(
                Problem(
                    file,
                    None,
                    "rank-permutation",
                    f"{column} must be a permutation of 1..{n}; missing {sorted(expected - seen)}, "
                    f"repeated {dupes}, out of range {sorted(seen - expected)}",
                )
            )
    cities = [resolver.try_resolve(str(c)) for c in frame["city"]]
    missing = sorted(set(resolver.sample) - set(cities))
    if missing:
        problems.append(Problem(file, None, "rank-cities", f"cities without a row: {'、'.join(missing)}"))
    return problems


_TOP10_TOTAL = re.compile(r"前十名城市分别为([^。]+)。")
_TOP10_DIM = re.compile(rf"({'|'.join(d.zh for d in FIRST_LEVEL)})排名前十的城市为([^；。]+)")


def prose_top10(corpus: str) -> dict[str, list[str]]:
    """The top-10 lists the report states in prose, keyed by rank column."""
    found: dict[str, list[str]] = {}
    split = re.compile(r"[、及和]")
    match = _TOP10_TOTAL.search(corpus)
    if match:
        found[TOTAL.column] = [c.strip() for c in split.split(match.group(1)) if c.strip()]
    columns = {d.zh: d.column for d in FIRST_LEVEL}
    for name, listed in _TOP10_DIM.findall(corpus):
        found[columns[name]] = [c.strip() for c in split.split(listed) if c.strip()]
    return found


def check_prose_top10(frame: pd.DataFrame, corpus: str, resolver: CityResolver) -> list[Problem]:
    """The report's prose top-10 lists must agree with Table 2, in order."""
    problems: list[Problem] = []
    # A city that does not resolve keeps its name as written (check_cities reports it with its line).
    cities = frame["city"].map(lambda c: resolver.try_resolve(str(c)) or str(c))
    for column, listed in prose_top10(corpus).items():
        ranks = pd.to_numeric(frame[column], errors="coerce")
        table_top = list(cities[ranks.sort_values().index][:10])
        prose = [resolver.try_resolve(c) or c for c in listed]
        if prose != table_top:
            problems.append(
                Problem(
                    SPECS["rankings"].file,
                    None,
                    "prose-top10",
                    f"{column}: the report's prose lists {'、'.join(prose)} but the table's top 10 is {'、'.join(table_top)}",
                )
            )
    return problems


def validate_table(
    spec: TableSpec, frame: pd.DataFrame, corpus: str, resolver: CityResolver | None
) -> list[Problem]:
    problems = check_columns(spec, frame) or check_rows_present(spec, frame)
    if problems:
        return problems
    problems += check_types(spec, frame)
    typed_ok = not problems
    problems += check_unique(spec, frame)
    problems += check_quotes(spec, frame, corpus)
    if (spec.has_city or "cities" in frame.columns) and resolver is not None:
        problems += check_cities(spec, frame, resolver)
    if spec.name == "rankings" and resolver is not None and typed_ok:
        problems += check_rankings(frame, resolver)
        problems += check_prose_top10(frame, corpus, resolver)
    return problems
