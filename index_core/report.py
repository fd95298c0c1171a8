"""Loading data/ into a typed, validated `Report`: the one place tables are read from disk."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path

import pandas as pd

from index_core.errors import DataValidationError, Problem
from index_core.names import CityResolver
from index_core.paths import CHECKOUT_ROOT, corpus_dir, data_dir
from index_core.validation import SPECS, TableSpec, validate_table

PROJECT_ROOT = CHECKOUT_ROOT
DATA_DIR = data_dir()  # a checkout's data/, else the wheel's packaged copy, or CITY_AI_DATA_DIR
CORPUS_PATH = corpus_dir() / "report.md"


class TableFrame(pd.DataFrame):
    """A data/ table. Printing shows the values (e.g. Table 2 for `rankings`); the provenance columns `section`
    and `quote` stay in the frame and are named in a footer, so a glance at a table is not a wall of quotes."""

    @property
    def _constructor(self):
        return TableFrame

    def __repr__(self) -> str:
        hidden = [c for c in ("section", "quote") if c in self.columns]
        if not hidden:
            return pd.DataFrame.__repr__(self)
        shown = pd.DataFrame(self.drop(columns=hidden))
        with pd.option_context("display.width", 200, "display.max_columns", 30):
            return f"{shown!r}\n[provenance columns: {', '.join(hidden)}]"


@dataclass(frozen=True)
class Report:
    """The report's published tables, validated, with city names already resolved to short names."""

    cities: pd.DataFrame
    indicators: pd.DataFrame
    rankings: pd.DataFrame
    scores: pd.DataFrame
    subranks: pd.DataFrame
    facts: pd.DataFrame
    policies: pd.DataFrame
    metadata: pd.DataFrame
    leaders: pd.DataFrame
    corpus: str

    @cached_property
    def resolver(self) -> CityResolver:
        return CityResolver(self.cities)

    @cached_property
    def english_names(self) -> dict[str, str]:
        """city -> English name (answers name cities hundreds of times; the table is not filtered each time)."""
        return dict(zip(self.cities["city"].astype(str), self.cities["name_en"].astype(str), strict=True))

    @cached_property
    def profile_taglines(self) -> dict[str, str]:
        """city -> the report's headline for a profiled city (its profile heading's verdict); absent otherwise."""
        rows = self.cities[["city", "profile_tagline"]].dropna()
        return {str(c): str(t) for c, t in zip(rows["city"], rows["profile_tagline"], strict=True) if str(t)}

    @property
    def sample(self) -> list[str]:
        return list(self.cities["city"])

    def meta(self, key: str) -> str | None:
        rows = self.metadata[self.metadata["key"] == key]
        return None if rows.empty else str(rows.iloc[0]["value"])


def read_table(path: Path, spec: TableSpec) -> tuple[pd.DataFrame | None, list[Problem]]:
    """Read one CSV as strings; a missing or unparsable file is a Problem, not an exception."""
    if not path.is_file():
        what = "does not exist" if not path.exists() else "is not a file (a directory?)"
        return None, [Problem(spec.file, None, "file-present", f"{path} {what}")]
    try:
        # utf-8-sig: a table saved by Excel starts with a byte-order mark that must not join the first header
        with path.open(encoding="utf-8-sig", newline="") as handle:
            rows = list(csv.reader(handle))
    except (UnicodeDecodeError, csv.Error, OSError) as exc:
        return None, [Problem(spec.file, None, "csv-readable", f"cannot read as UTF-8 CSV: {exc}")]
    if not rows:
        return None, [Problem(spec.file, None, "csv-readable", "the file is empty")]
    header, body = rows[0], rows[1:]
    problems = [
        Problem(spec.file, i + 2, "csv-shape", f"{len(r)} fields where the header has {len(header)}")
        for i, r in enumerate(body)
        if len(r) != len(header) and any(cell.strip() for cell in r)
    ]
    if problems:
        return None, problems
    # The index keeps each row's place in the file, so problems name the right line after a blank row.
    kept = [(i, r) for i, r in enumerate(body) if any(cell.strip() for cell in r)]
    frame = pd.DataFrame([r for _, r in kept], columns=header, dtype=str, index=[i for i, _ in kept])
    return frame.fillna(""), []


def _typed(spec: TableSpec, frame: pd.DataFrame) -> pd.DataFrame:
    """Convert integer and float columns once validation has proven they parse."""
    out = frame.copy()
    for column in spec.int_columns:
        out[column] = pd.to_numeric(out[column].replace("", None)).astype("Int64")
    for column in spec.float_columns:
        out[column + "_value"] = pd.to_numeric(out[column].replace("", None)).astype(float)
    return out


def _resolve_cities(frame: pd.DataFrame, resolver: CityResolver) -> pd.DataFrame:
    out = frame.copy()
    for column in ("city", "tied_with"):
        if column in out.columns:
            out[column] = out[column].map(lambda v: resolver.try_resolve(v) or "" if str(v).strip() else "")
    return out


def load_report_from(data_dir: Path, corpus_path: Path | None = None) -> Report:
    """Read and validate every table in `data_dir`; raise DataValidationError listing all problems."""
    corpus_path = corpus_path or CORPUS_PATH
    if not corpus_path.is_file():
        raise DataValidationError(
            [Problem("report.md", None, "file-present", f"{corpus_path} does not exist")]
        )
    corpus = corpus_path.read_text(encoding="utf-8")
    frames: dict[str, pd.DataFrame] = {}
    problems: list[Problem] = []
    for name, spec in SPECS.items():
        frame, read_problems = read_table(Path(data_dir) / spec.file, spec)
        problems += read_problems
        if frame is not None:
            frames[name] = frame
    resolver = None
    if "cities" in frames and not problems:
        resolver = CityResolver(frames["cities"])
    for name, frame in frames.items():
        problems += validate_table(SPECS[name], frame, corpus, resolver)
    if problems or resolver is None:
        raise DataValidationError(problems)
    typed = {
        name: TableFrame(_resolve_cities(_typed(SPECS[name], frame), resolver))
        for name, frame in frames.items()
    }
    typed["rankings"] = typed["rankings"].sort_values("total_rank").reset_index(drop=True)
    return Report(corpus=corpus, **typed)


@cache
def load_report() -> Report:
    """The project's report, loaded and validated once per process."""
    return load_report_from(DATA_DIR)
