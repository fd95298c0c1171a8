"""Reading a user's raw-indicator CSV (the template filled in) with errors a person can act on.

Every problem is reported at once with its line and column, because fixing a 20 x 23 table one error per run
is miserable. Numbers are parsed column-wise with pandas; only the CSV rows themselves are read one by one
(to know their line numbers).
"""

from __future__ import annotations

import csv
import difflib
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from index_core.engine.tree import SAMPLE_CITIES, canonical, header, header_name
from index_core.errors import Problem

CITY_HEADERS = ("城市", "city")
MISSING_TOKENS = ("", "na", "n/a", "nan", "null", "none", "-", "—", "缺失")


class RawFileError(ValueError):
    """The file cannot be used; `problems` lists each one as a Problem (file, line, rule, detail)."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        super().__init__("\n".join(map(str, self.problems)))


@dataclass(frozen=True)
class RawTable:
    """Parsed values (cities x level-3 names, NaN where empty) and the file line of each city."""

    values: pd.DataFrame
    lines: pd.Series


_SEPARATORS = {";": "semicolons", "\t": "tabs", "|": "vertical bars"}


def _read_rows(path: Path) -> tuple[list[str], list[tuple[int, list[str]]]]:
    file = path.name or str(path)

    def fail(line: int | None, rule: str, detail: str) -> RawFileError:
        return RawFileError([Problem(file, line, rule, detail)])

    if path.is_dir():
        raise fail(None, "file-present", f"{path} is a directory, not a CSV file")
    try:
        with path.open(encoding="utf-8-sig", newline="") as fh:
            reader = csv.reader(fh)
            head = next(reader, None)
            rows = [(reader.line_num, row) for row in reader if any(cell.strip() for cell in row)]
    except FileNotFoundError:
        raise fail(None, "file-present", f"no such file: {path}") from None
    except UnicodeDecodeError:
        raise fail(None, "csv-readable", "not UTF-8 text (save the CSV as UTF-8)") from None
    except csv.Error as exc:
        raise fail(None, "csv-readable", f"not a readable CSV file ({exc})") from None
    except OSError as exc:
        raise fail(None, "csv-readable", f"cannot read {path}: {exc.strerror or exc}") from None
    if not head or not any(h.strip() for h in head):
        raise fail(1, "header", "empty file, expected a header row (see the template)")
    if len(head) == 1:
        used = [name for sep, name in _SEPARATORS.items() if sep in head[0]]
        if used:
            raise fail(
                1,
                "csv-separator",
                f"the header is a single cell separated by {used[0]}; save the file as comma-separated "
                "CSV (UTF-8), one column per indicator",
            )
    return [h.strip() for h in head], rows


def _match_columns(head: list[str], tree: pd.DataFrame, file: str) -> tuple[dict[int, str], list[Problem]]:
    """Header position -> level-3 name, and the problems (unknown, duplicate or missing columns)."""
    problems: list[str] = []
    wanted = {name: header(name, unit) for name, unit in zip(tree["level3"], tree["unit"], strict=True)}
    positions: dict[int, str] = {}
    for pos, text in enumerate(head[1:], start=2):
        name = header_name(text)
        if name not in wanted:
            close = difflib.get_close_matches(name, list(wanted), n=1, cutoff=0.6)
            hint = f' (did you mean "{wanted[close[0]]}"?)' if close else ""
            problems.append(f'column {pos} "{text}": unknown indicator{hint}')
        elif name in positions.values():
            problems.append(f'column {pos} "{text}": duplicate column for indicator "{wanted[name]}"')
        else:
            positions[pos - 1] = name
    seen = set(positions.values())
    problems += [f'missing column "{h}"' for name, h in wanted.items() if name not in seen]
    return positions, [Problem(file, 1, "columns", p) for p in problems]


def _check_cities(cities: pd.Series, lines: pd.Series, file: str) -> list[Problem]:
    problems = [Problem(file, int(ln), "city-present", "empty city name") for ln in lines[cities.eq("")]]
    unknown = cities.ne("") & ~cities.isin(SAMPLE_CITIES)
    problems += [
        Problem(
            file,
            int(ln),
            "city-known",
            f'unknown city "{c}" (the sample cities are {"、".join(SAMPLE_CITIES)})',
        )
        for ln, c in zip(lines[unknown], cities[unknown], strict=True)
    ]
    dup = cities.ne("") & cities.duplicated(keep=False)
    for city, group in lines[dup].groupby(cities[dup], sort=False):
        first, *rest = list(group)
        problems += [
            Problem(file, int(ln), "city-unique", f"duplicate city {city} (also on line {first})")
            for ln in rest
        ]
    return problems


def read_raw(path: str | Path, tree: pd.DataFrame, allow_missing: bool = False) -> RawTable:
    """Parse and validate; RawFileError listing every problem if anything is wrong."""
    path = Path(path)
    file = path.name or str(path)
    head, rows = _read_rows(path)
    problems: list[Problem] = []
    if canonical(head[0]).lower() not in CITY_HEADERS:
        problems.append(
            Problem(file, 1, "city-column", f'column 1 must be "城市" (the city), found "{head[0]}"')
        )
    positions, column_problems = _match_columns(head, tree, file)
    problems += column_problems
    ragged = [
        Problem(file, int(ln), "csv-shape", f"{len(r)} cells, but the header has {len(head)}")
        for ln, r in rows
        if len(r) != len(head)
    ]
    if ragged or not rows or not positions:
        # cells cannot be told apart (or there are none to check): report the shape problems only
        empty = [] if rows else [Problem(file, 1, "rows-present", "no data rows (one row per city expected)")]
        raise RawFileError(problems + ragged + empty)

    lines = pd.Series([ln for ln, _ in rows])
    cells = pd.DataFrame([r for _, r in rows]).apply(lambda col: col.str.strip())
    cities = cells[0].str.removesuffix("市")
    problems += _check_cities(cities, lines, file)

    text = cells[list(positions)].set_axis(list(positions.values()), axis=1)
    blank = text.apply(lambda col: col.str.lower().isin(MISSING_TOKENS))
    numbers = text.apply(lambda col: pd.to_numeric(col.str.replace(",", "", regex=False), errors="coerce"))
    numbers = numbers.where(np.isfinite(numbers.astype(float)))
    labels = {name: header(name, unit) for name, unit in zip(tree["level3"], tree["unit"], strict=True)}

    def where(mask: pd.DataFrame, rule: str, message: str) -> list[Problem]:
        hits = mask.stack()
        return [
            Problem(
                file,
                int(lines[i]),
                rule,
                f'{cities[i]}, column "{labels[col]}": ' + message.format(text.at[i, col]),
            )
            for i, col in hits[hits].index
        ]

    problems += where(~blank & numbers.isna(), "number", '"{}" is not a finite number')
    problems += where(numbers.lt(0), "non-negative", "{} is negative, impossible for this indicator")
    shares = [
        n
        for n, u in zip(tree["level3"], tree["unit"], strict=True)
        if u == "%" and "占比" in n and n in numbers.columns
    ]
    problems += where(
        numbers[shares].gt(100).reindex(columns=text.columns, fill_value=False),
        "share-max",
        "{} is a share above 100%",
    )
    if not allow_missing:
        problems += where(
            blank, "value-present", "empty (fill it in, or choose --missing mean|min|drop_indicator)"
        )
    if problems:
        raise RawFileError(sorted(problems, key=lambda p: p.line or 0))
    values = numbers.set_axis(cities.to_numpy(), axis=0)[list(tree["level3"])]
    values.index.name = "城市"
    return RawTable(values=values.astype(float), lines=lines.set_axis(cities.to_numpy()))
