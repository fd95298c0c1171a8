"""The indicator tree (Table 1): which third-level indicator sits under which second- and first-level node.

Engine functions take the tree as a DataFrame so tests can use tiny synthetic trees. The report's own tree
and its 20 sample cities come from data/ (`index_core.vocabulary.names()`); `load_tree(path)` reads another
tree from a CSV with the same columns.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from index_core.vocabulary import DATA_DIR, names

INDICATORS_CSV = DATA_DIR / "indicators.csv"
TREE_COLUMNS = ("level1", "level2", "level3")

# The 20 sample cities in Table 2 order (data/cities.csv).
SAMPLE_CITIES: tuple[str, ...] = names().sample


def canonical(name: str) -> str:
    """Whitespace-free form used to match names typed by people, the CSV and the PDF text."""
    return re.sub(r"\s+", "", str(name))


def report_tree() -> pd.DataFrame:
    """Table 1 of the report as data/indicators.csv gives it: names as printed, whitespace removed, the report's
    own typo "人工之智能" kept so names match the corpus."""
    return pd.DataFrame(
        [(i.no, i.level1, i.level2, i.level3, i.unit) for i in names().indicators],
        columns=["no", "level1", "level2", "level3", "unit"],
    )


def validate_tree(tree: pd.DataFrame) -> pd.DataFrame:
    """A clean copy: names whitespace-free, blank cells filled down, names unique; ValueError otherwise."""
    missing = [c for c in TREE_COLUMNS if c not in tree.columns]
    if missing:
        raise ValueError(f"indicator tree lacks column(s) {', '.join(missing)}")
    clean = tree.copy()
    if "no" in clean.columns:
        clean = clean.sort_values("no", kind="stable")
    for col in TREE_COLUMNS:
        clean[col] = clean[col].map(lambda v: canonical(v) if pd.notna(v) else "").replace("", pd.NA).ffill()
    if clean[list(TREE_COLUMNS)].isna().any().any():
        raise ValueError("indicator tree has empty names that cannot be filled from the row above")
    if "unit" not in clean.columns:
        clean["unit"] = ""
    clean["unit"] = clean["unit"].fillna("").map(canonical)
    clean["level1"] = clean["level1"].str.replace(r"^人工智能(?=.)", "", regex=True)
    dup = clean.loc[clean["level3"].duplicated(), "level3"]
    if len(dup):
        raise ValueError(f"indicator tree: third-level name(s) not unique: {', '.join(dup.unique())}")
    parents = clean.groupby("level2")["level1"].nunique()
    if (parents > 1).any():
        shared = ", ".join(parents[parents > 1].index)
        raise ValueError(f"indicator tree: second-level name(s) under two first-level nodes: {shared}")
    return clean.reset_index(drop=True)


def load_tree(path: str | Path | None = None) -> pd.DataFrame:
    """The tree in the CSV at `path`, else the report's Table 1 (data/indicators.csv)."""
    if path is None:
        return validate_tree(report_tree())
    return validate_tree(
        pd.read_csv(Path(path), dtype={"level1": str, "level2": str, "level3": str, "unit": str})
    )


def header(level3: str, unit: str) -> str:
    """Column header of the raw-data template: name plus unit in brackets (CSV has no comment lines)."""
    return f"{level3}[{unit}]" if unit else level3


def header_name(text: str) -> str:
    """The indicator name in a template header, unit bracket dropped (accepts [], 【】 and ())."""
    return canonical(re.sub(r"\s*[\[【(（][^\[\]【】()（）]*[\]】)）]\s*$", "", str(text)))


def template_frame(tree: pd.DataFrame | None = None, cities: tuple[str, ...] = SAMPLE_CITIES) -> pd.DataFrame:
    """Empty raw-data table: a 城市 column and one column per third-level indicator."""
    tree = validate_tree(report_tree() if tree is None else tree)
    columns = [header(r.level3, r.unit) for r in tree.itertuples()]
    frame = pd.DataFrame("", index=range(len(cities)), columns=["城市", *columns])
    frame["城市"] = list(cities)
    return frame
