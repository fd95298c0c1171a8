"""The indicator tree (Table 1): which third-level indicator sits under which second- and first-level node.

Engine functions take the tree as a DataFrame so tests can use tiny synthetic trees. `load_tree()` reads
data/indicators.csv when it exists and falls back to a copy of Table 1 typed in here, so the CLI and the
template work before (or without) the data tables.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

PROJECT_ROOT = Path(__file__).resolve().parents[2]
INDICATORS_CSV = PROJECT_ROOT / "data" / "indicators.csv"
TREE_COLUMNS = ("level1", "level2", "level3")

# The 20 sample cities in Table 2 order.
SAMPLE_CITIES: tuple[str, ...] = (
    "北京", "深圳", "上海", "广州", "杭州", "苏州", "武汉", "成都", "青岛", "南京",
    "天津", "西安", "重庆", "合肥", "济南", "长沙", "郑州", "厦门", "沈阳", "大连",
)  # fmt: skip

# Table 1 as printed, whitespace removed (the PDF text splits words, e.g. "年度 GDP 总量");
# "人工之智能" is the report's own typo, kept so names match the corpus.
_TABLE1: tuple[tuple[int, str, str, str, str], ...] = (
    (1, "环境支撑力", "政策环境", "AI政策数量", "项"),
    (2, "环境支撑力", "经济环境", "年度GDP总量", "亿元"),
    (3, "环境支撑力", "研发环境", "年度R&D投入", "万元"),
    (4, "环境支撑力", "组织环境", "地方行业组织数量", "家"),
    (5, "资源支持力", "资金支持", "PE/VC机构年度投资规模", "万元"),
    (6, "资源支持力", "资金支持", "2020年投融资事件总数", "件"),
    (7, "资源支持力", "资金支持", "社会投资金额与国内生产总值之比", "%"),
    (8, "资源支持力", "算力支持", "国家级超算中心数量", "个"),
    (9, "资源支持力", "载体支持", "国家级、省级产业园区数量", "家"),
    (10, "资源支持力", "载体支持", "国家级众创空间及孵化器数量", "家"),
    (11, "知识创造力", "知识储备", "国家级研究机构、省级研究机构和技术中心数量", "个"),
    (12, "知识创造力", "知识储备", "设立AI专业的高校数量", "所"),
    (13, "知识创造力", "知识储备", "AI相关的国家重点学科数量", "个"),
    (14, "知识创造力", "科研成果", "AI专利数量", "件"),
    (15, "知识创造力", "科研成果", "AI发明专利占比", "%"),
    (16, "知识创造力", "科研成果", "专利申请人对外合作量", "件"),
    (17, "发展成效", "企业规模", "AI企业数量", "家"),
    (18, "发展成效", "企业规模", "AI上市企业和AI独角兽企业数量", "家"),
    (19, "发展成效", "企业规模", "AI高新技术企业", "家"),
    (20, "发展成效", "创新发展", "建设国家级人工之智能试验区或先导区", "/"),
    (21, "发展成效", "创新发展", "国家人工智能开放创新平台数量", "个"),
    (22, "发展成效", "创新发展", "AI企业中有发明专利的企业数量占比", "%"),
    (23, "发展成效", "产业覆盖度", "AI企业涉及到的整体产业链环节占比", "%"),
)


def canonical(name: str) -> str:
    """Whitespace-free form used to match names typed by people, the CSV and the PDF text."""
    return re.sub(r"\s+", "", str(name))


def report_tree() -> pd.DataFrame:
    """Table 1 of the report, as typed into this module."""
    return pd.DataFrame(list(_TABLE1), columns=["no", "level1", "level2", "level3", "unit"])


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
    """The project's tree: `path`, else data/indicators.csv if present, else Table 1 typed in here."""
    source = Path(path) if path is not None else INDICATORS_CSV
    if path is None and not source.exists():
        return validate_tree(report_tree())
    return validate_tree(
        pd.read_csv(source, dtype={"level1": str, "level2": str, "level3": str, "unit": str})
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
