"""Tables for people: the frames behind answers and tabs as readable, sortable HTML.

A composer's table keeps machine-friendly columns (`city`, `date_printed`, `metric_zh`, `qualifier`...) for
the CSV download and the API. What the page shows is built here: display names in the answer's language
("城市" / "City"), no internal columns, and every number a number with its unit in the header, so sorting is
numeric. Each cell carries its text and a sort key; the page's script sorts by the key when a header is
clicked (see `assistant.app.client`).
"""

from __future__ import annotations

import html
import math
import re
from dataclasses import dataclass, field

import pandas as pd

from index_core.dimensions import DIMENSIONS, LEVEL2_EN
from index_core.report import Report

NUM, TEXT, LONG = "num", "text", "long"  # LONG: prose cells (titles, summaries) that need room to wrap

# Internal column → (Chinese, English) header. Columns mapped to None are never shown.
COLUMNS: dict[str, tuple[str, str] | None] = {
    "city": ("城市", "City"),
    "leader": ("领先", "Leader"),
    "dimension": ("维度", "Dimension"),
    "indicator": ("指标", "Indicator"),
    "metric_zh": ("指标", "Metric"),
    "metric": ("指标", "Metric"),
    "value": ("数值", "Value"),
    "unit": ("单位", "Unit"),
    "period": ("时期", "Period"),
    "rank": ("名次", "Rank"),
    "score": ("得分", "Score"),
    "phrase": ("报告说法", "As the report words it"),
    "date_printed": ("日期", "Date"),
    "title": ("政策", "Policy"),
    "summary": ("要点", "Summary"),
    "topics": ("主题", "Topics"),
    "no": ("序号", "No."),
    "published_rank": ("公布名次", "Published rank"),
    "equal_rank": ("等权名次", "Equal-weight rank"),
    "approx_rank": ("新名次", "New rank"),
    "median_rank": ("中位名次", "Median rank"),
    "shift_vs_equal": ("较等权变化", "Shift vs equal weights"),
    "shift_vs_published": ("较公布变化", "Shift vs published"),
    "share_published": ("保持公布名次（%）", "Keeps published rank (%)"),
    "p05_rank": ("名次区间·好（5%）", "Rank range: best (5%)"),
    "p95_rank": ("名次区间·差（95%）", "Rank range: worst (95%)"),
    "category": ("类别", "Group"),
    "full_name": ("全称", "Full name"),
    "name_en": ("英文名", "English name"),
    "qualifier": None,
    "section": None,
    "quote": None,
    "id": None,
    "table": None,
    "year": None,
    "month": None,
    "rank_min": None,
    "rank_max": None,
    "tied_with": None,
    "subject": None,
    "comparable": None,
    "profiled": None,
    "aliases": None,
    "profile_heading": None,
    "profile_tagline": None,
}
LONG_COLUMNS = {"title", "summary", "phrase", "topics", "quote", "level3", "level3_en", "政策名称"}
UNIT_EN = {
    "亿元": "100M yuan",
    "万元": "10k yuan",
    "万亿元": "trillion yuan",
    "元": "yuan",
    "亿美元": "100M USD",
    "万美元": "10k USD",
    "万核": "10k cores",
    "亿核小时": "100M core-hours",
    "个百分点": "percentage points",
    "%": "%",
}
COUNT_UNITS = {"个", "家", "件", "所", "名", "项", "次", "笔", "届", "轮", "位", "人次"}
QUALIFIER_EN = {
    "超过": "over",
    "近": "nearly",
    "约": "about",
    "余": "over",
    "多": "over",
    "以上": "at least",
    "左右": "about",
    "略高于": "slightly over",
    "最高": "up to",
    "最高不超过": "at most",
    "跨上": "past",
    "前": "top",
}
_PRINTED = re.compile(
    r"(?P<pre>超过|近|约|略高于|最高不超过|最高|跨上|前)?\s*(?P<num>-?\d[\d,]*(?:\.\d+)?)\s*"
    r"(?P<mid>余|多)?(?P<unit>[^\d\s（(]*?)(?P<post>以上|左右)?"
)
_SNAKE = re.compile(r"^[a-z][a-z0-9]*(?:_[a-z0-9]+)+$")


@dataclass(frozen=True)
class Cell:
    text: str
    key: float | str | None  # what sorting compares; None sorts last


@dataclass(frozen=True)
class Column:
    """A column: its name and, for numbers, the unit (shown under the name: 名次, 亿元, %)."""

    name: str
    kind: str = TEXT
    unit: str = ""

    @property
    def header(self) -> str:
        if not self.unit:
            return self.name
        return f"{self.name}（{self.unit}）" if re_cjk(self.name) else f"{self.name} ({self.unit})"


def re_cjk(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


@dataclass
class HumanTable:
    columns: list[Column]
    rows: list[list[Cell]]
    note: str = ""  # one line under the table: what the numbers are ("1 = 最好")
    best: set[tuple[int, int]] = field(default_factory=set)  # (row, column) cells to emphasise

    @property
    def headers(self) -> list[str]:
        return [c.header for c in self.columns]


# --- names in the answer's language ----------------------------------------------------------------------


class Names:
    """City, dimension and metric names in one language, from the report's own tables."""

    def __init__(self, report: Report | None, language: str):
        self.en = language == "en"
        self._city_en = report.english_names if report is not None else {}
        self._metric_en = _metric_names(report) if report is not None else {}

    def t(self, zh: str, en: str) -> str:
        return en if self.en else zh

    def header(self, column: str) -> str:
        names = COLUMNS.get(column)
        if names:
            return names[1] if self.en else names[0]
        return humanize(column)

    def city(self, name: object) -> str:
        text = "" if _missing(name) else str(name)
        if not self.en or not text:
            return text
        return "、".join(self._city_en.get(part, part) for part in text.split("、")).replace("、", ", ")

    def dimension(self, name: object) -> str:
        text = "" if _missing(name) else str(name)
        if not self.en:
            return text
        for d in DIMENSIONS:
            if text in (d.zh, d.zh_full):
                return d.en
        return LEVEL2_EN.get(text) or self._metric_en.get(text) or text

    def unit(self, unit: str) -> str:
        if not self.en:
            return unit
        return UNIT_EN.get(unit, "" if unit in COUNT_UNITS else unit)

    def period(self, value: object) -> str:
        if _missing(value) or not self.en:
            return "" if _missing(value) else str(value)
        from assistant.answers.evidence import period_en

        return period_en(str(value))

    def qualifier(self, word: str) -> str:
        return QUALIFIER_EN.get(word, word) if self.en else word


def _metric_names(report: Report) -> dict[str, str]:
    from assistant.answers.evidence import metric_label_en

    facts = report.facts.drop_duplicates("metric_zh")
    return {
        str(zh): metric_label_en(str(key))
        for zh, key in zip(facts["metric_zh"], facts["metric"], strict=True)
    }


def humanize(column: str) -> str:
    """An unknown snake_case column as words ("rank_min" → "Rank min"); other names unchanged."""
    if _SNAKE.match(column) or re.fullmatch(r"[a-z]+", column):
        text = column.replace("_", " ")
        return text[:1].upper() + text[1:]
    return column


# --- cells ---------------------------------------------------------------------------------------------


def _missing(value: object) -> bool:
    if value is None or value is pd.NA:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    return isinstance(value, str) and not value.strip()


def fmt_number(value: float) -> str:
    """As the report prints numbers: no exponent, no thousands separator, no trailing zeros."""
    if float(value).is_integer():
        return f"{int(value)}"
    return f"{value:.10g}"


def number_cell(value: object, prefix: str = "", suffix: str = "") -> Cell:
    if _missing(value):
        return Cell("—", None)
    try:
        number = float(str(value).replace(",", ""))
    except ValueError:
        return Cell(str(value), None)
    return Cell(f"{prefix}{fmt_number(number)}{suffix}", number)


def text_cell(value: object) -> Cell:
    if _missing(value):
        return Cell("—", None)
    text = " ".join(str(value).split())
    return Cell(text, text)


def signed_cell(value: object) -> Cell:
    """A rank shift: +2 (up), -1 (down), 0."""
    if _missing(value):
        return Cell("—", None)
    number = int(value)
    return Cell(f"{number:+d}" if number else "0", number)


@dataclass(frozen=True)
class Printed:
    """A value as the report prints it (超过1000家, 300余个, 9.2%) split into number, unit and qualifiers."""

    number: float
    unit: str
    pre: str = ""
    post: str = ""
    digits: str = ""  # the number as printed (14817.95, not 1.48e+04)


def parse_printed(text: object) -> Printed | None:
    if _missing(text):
        return None
    m = _PRINTED.fullmatch(str(text).strip())
    if not m:
        return None
    return Printed(
        number=float(m["num"].replace(",", "")),
        unit=m["unit"] or "",
        pre=m["pre"] or "",
        post=(m["mid"] or "") + (m["post"] or ""),
        digits=m["num"],
    )


def qualified(p: Printed, qualifier: object, unit: str) -> Printed:
    """A data/ row's value with its qualifier column (超过, 余, 以上...) where the report prints it."""
    word = "" if _missing(qualifier) else str(qualifier)
    pre, post = ("", word) if word in ("余", "多", "以上", "左右") else (word, "")
    return Printed(p.number, unit, pre or p.pre, post or p.post, p.digits)


def printed_cell(p: Printed | None, names: Names, *, with_unit: bool = False) -> Cell:
    """The number in a column whose header carries the unit; the report's qualifier stays visible."""
    if p is None:
        return Cell("—", None)
    unit = names.unit(p.unit) if with_unit else ""
    digits = p.digits or fmt_number(p.number)
    if names.en:
        words = [names.qualifier(q) for q in (p.pre, p.post) if q]
        text = " ".join([*words, digits]) + (f" {unit}" if unit else "")
    else:
        text = f"{p.pre}{digits}{p.post}{unit}"
    return Cell(text, p.number)


def rank_unit(names: Names) -> str:
    return names.t("名次", "rank")


# --- the tables behind answers ---------------------------------------------------------------------------


def human_table(frame: pd.DataFrame | None, language: str, report: Report) -> HumanTable | None:
    """The table a person reads for one answer; None without a table."""
    if frame is None or frame.empty:
        return None
    names = Names(report, language)
    cols = set(frame.columns)
    if "dimension" in cols:
        return _dimension_table(frame, names)
    if {"metric_zh", "value"} <= cols:
        return _fact_table(frame, names)
    if {"title", "city"} <= cols and ({"year", "date_printed"} & cols):
        return _policy_table(frame, names)
    if "level1" in cols and "level3" in cols:
        return _indicator_table(frame, names)
    if {"rank", "rank_max", "phrase"} <= cols:
        return _band_table(frame, names)
    return generic_table(frame, names)


def _city_columns(frame: pd.DataFrame) -> list[str]:
    return [c for c in frame.columns if c not in ("dimension", "leader")]


def _dimension_table(frame: pd.DataFrame, names: Names) -> HumanTable:
    """Rows of dimensions (and figures) by city columns. One city: rows stay dimensions. Several cities: the
    report's Table 2 layout, one row per city and one column per measure, each with its unit in the header
    (ranks are 名次, figures in their unit), so every column sorts numerically."""
    cities = _city_columns(frame)
    rank_note = names.t("名次：1 = 最好。", "Ranks: 1 = best.")
    if len(cities) == 1:
        city = cities[0]
        measures = [_measure(row["dimension"], [row[city]], names) for _, row in frame.iterrows()]
        rows = [[Cell(column.name, column.name), cells[0]] for column, cells in measures]
        all_ranks = all(column.unit == rank_unit(names) for column, _ in measures)
        unit = rank_unit(names) if all_ranks else ""
        return HumanTable(
            [Column(names.header("dimension")), Column(names.city(city), NUM, unit)], rows, note=rank_note
        )
    columns = [Column(names.header("city"))]
    per_measure = []
    for _, row in frame.iterrows():
        column, cells = _measure(row["dimension"], [row[c] for c in cities], names)
        columns.append(column)
        per_measure.append(cells)
    rows = [
        [Cell(names.city(city), names.city(city)), *[cells[i] for cells in per_measure]]
        for i, city in enumerate(cities)
    ]
    note = rank_note + names.t("粗体：每列名次最好的城市。", " Bold: the best rank in each column.")
    table = HumanTable(columns, rows, note=note)
    for j, (column, cells) in enumerate(zip(columns[1:], per_measure, strict=True), start=1):
        keys = [c.key for c in cells if isinstance(c.key, float | int)]
        if len(keys) >= 2 and column.unit == rank_unit(names):
            table.best |= {(i, j) for i, c in enumerate(cells) if c.key == min(keys)}
    return table


def _measure(label: object, values: list[object], names: Names) -> tuple[Column, list[Cell]]:
    """One row of a dimension table as a column (name and unit) and its cells. Integers on a dimension row
    are ranks; printed figures (16106亿元, 9.2%) keep their number and move the unit to the header."""
    name = names.dimension(label)
    parsed = [parse_printed(v) for v in values]
    present = [p for p in parsed if p is not None]
    is_rank = all(p.unit == "" and not p.pre and not p.post and p.number.is_integer() for p in present)
    if present and is_rank:
        return Column(name, NUM, rank_unit(names)), [
            number_cell(p.number) if p else Cell("—", None) for p in parsed
        ]
    units = {p.unit for p in present}
    if len(units) == 1:
        return Column(name, NUM, names.unit(units.pop())), [printed_cell(p, names) for p in parsed]
    # Mixed units in one row: each cell keeps its unit; the number still sorts.
    return Column(name, NUM), [printed_cell(p, names, with_unit=True) for p in parsed]


def _fact_table(frame: pd.DataFrame, names: Names) -> HumanTable:
    """City, metric, value (unit in the header when all rows share it), period."""
    units = {str(u) for u in frame.get("unit", pd.Series([""] * len(frame))).fillna("")}
    one_unit = len(units) == 1
    unit = units.pop() if one_unit else ""
    value = Column(names.header("value"), NUM, names.unit(unit) if one_unit else "")
    columns = [Column(names.header("city")), Column(names.header("metric_zh")), value]
    has_period = "period" in frame.columns and frame["period"].fillna("").astype(str).str.strip().any()
    if has_period:
        columns.append(Column(names.header("period")))
    rows = []
    for _, row in frame.iterrows():
        printed = parse_printed(row["value"])
        if printed is not None:
            row_unit = "" if _missing(row.get("unit")) else str(row.get("unit"))
            cell = printed_cell(
                qualified(printed, row.get("qualifier"), row_unit), names, with_unit=not one_unit
            )
        else:
            cell = text_cell(row["value"])
        cells = [text_cell(names.city(row.get("city"))), text_cell(names.dimension(row["metric_zh"])), cell]
        if has_period:
            cells.append(text_cell(names.period(row.get("period"))))
        rows.append(cells)
    return HumanTable(columns, rows)


def policy_date(row: pd.Series) -> Cell:
    """2019-05 (sorts by time, unlike 2019年5月 / 2019年12月); the printed date when year is missing."""
    year, month = row.get("year"), row.get("month")
    if _missing(year):
        return text_cell(row.get("date_printed"))
    text = f"{int(year)}" if _missing(month) else f"{int(year)}-{int(month):02d}"
    return Cell(text, text)


def _policy_table(frame: pd.DataFrame, names: Names) -> HumanTable:
    columns = [
        Column(names.header("city")),
        Column(names.header("date_printed")),
        Column(names.header("title"), LONG),
    ]
    keep = [c for c in ("summary", "topics") if c in frame.columns]
    columns += [Column(names.header(c), LONG) for c in keep]
    rows = [
        [
            text_cell(names.city(row.get("city"))),
            policy_date(row),
            text_cell(row.get("title")),
            *[text_cell(row.get(c)) for c in keep],
        ]
        for _, row in frame.iterrows()
    ]
    return HumanTable(columns, rows)


def _indicator_table(frame: pd.DataFrame, names: Names) -> HumanTable:
    suffix = "_en" if names.en and "level1_en" in frame.columns else ""
    headers = names.t("一级指标|二级指标|三级指标", "Level 1|Level 2|Level 3 indicator").split("|")
    columns = [
        Column(names.header("no"), NUM),
        *[Column(h, LONG if i == 2 else TEXT) for i, h in enumerate(headers)],
    ]
    if "unit" in frame.columns:
        columns.append(Column(names.header("unit")))
    rows = []
    for _, row in frame.iterrows():
        cells = [number_cell(row.get("no")), *[text_cell(row.get(f"level{k}{suffix}")) for k in (1, 2, 3)]]
        if "unit" in frame.columns:
            cells.append(text_cell(row.get("unit")))
        rows.append(cells)
    return HumanTable(columns, rows)


def _band_table(frame: pd.DataFrame, names: Names) -> HumanTable:
    """'Who leads X' over second-level placings: an exact rank, or a band such as 前6 (sorted by its bound)."""
    columns = [
        Column(names.header("city")),
        Column(names.header("indicator")),
        Column(names.header("rank"), NUM),
        Column(names.header("phrase"), LONG),
    ]
    rows = []
    for _, row in frame.iterrows():
        if not _missing(row.get("rank")):
            rank = number_cell(row["rank"])
        elif not _missing(row.get("rank_max")):
            bound = int(row["rank_max"])
            rank = Cell(names.t(f"前{bound}", f"top {bound}"), float(bound))
        else:
            rank = Cell("—", None)
        rows.append(
            [
                text_cell(names.city(row.get("city"))),
                text_cell(names.dimension(row.get("indicator"))),
                rank,
                text_cell(row.get("phrase")),
            ]
        )
    return HumanTable(columns, rows)


def generic_table(frame: pd.DataFrame, names: Names) -> HumanTable:
    """Any other frame: internal columns dropped, known ones renamed, numbers numeric, cities translated."""
    shown = [c for c in frame.columns if COLUMNS.get(c, ()) is not None and not str(c).endswith("_en")]
    columns, makers = [], []
    for c in shown:
        series = frame[c]
        numeric = (
            pd.api.types.is_numeric_dtype(series) and not pd.api.types.is_bool_dtype(series)
        ) or _numbers(series)
        if c == "share_published":
            columns.append(Column(names.header(c), NUM))
            makers.append(lambda v: number_cell(None if _missing(v) else round(float(v) * 100, 1)))
        elif c.startswith("shift_"):
            columns.append(Column(names.header(c), NUM))
            makers.append(signed_cell)
        elif c in ("city", "leader"):
            columns.append(Column(names.header(c)))
            makers.append(lambda v: text_cell(names.city(v)))
        elif c in ("dimension", "indicator", "metric_zh"):
            columns.append(Column(names.header(c)))
            makers.append(lambda v: text_cell(names.dimension(v)))
        elif numeric:
            columns.append(Column(names.header(c), NUM))
            makers.append(number_cell)
        else:
            columns.append(Column(names.header(c), LONG if c in LONG_COLUMNS else TEXT))
            makers.append(text_cell)
    rows = [
        [make(v) for make, v in zip(makers, values, strict=True)]
        for values in frame[shown].itertuples(index=False)
    ]
    # A column the composer left empty (e.g. scores the report does not print) says nothing: drop it.
    keep = [j for j in range(len(columns)) if any(r[j].key is not None for r in rows)] or list(
        range(len(columns))
    )
    return HumanTable([columns[j] for j in keep], [[r[j] for j in keep] for r in rows])


def _numbers(series: pd.Series) -> bool:
    """A text column holding only numbers (scores printed as text, blanks where none is printed)."""
    values = [v for v in series if not _missing(v)]
    if not values:
        return False
    try:
        [float(str(v).replace(",", "")) for v in values]
    except ValueError:
        return False
    return True


def frame_table(
    frame: pd.DataFrame, *, long: tuple[str, ...] = (), signed: tuple[str, ...] = ()
) -> HumanTable:
    """A frame whose headers are already display names (the data tabs): numbers numeric, text as text."""
    numeric = {
        c: (pd.api.types.is_numeric_dtype(frame[c]) and not pd.api.types.is_bool_dtype(frame[c]))
        or _numbers(frame[c].replace({"—": None}))
        for c in frame.columns
    }
    columns = [
        Column(str(c), NUM if numeric[c] or c in signed else LONG if c in long else TEXT)
        for c in frame.columns
    ]
    rows = []
    for values in frame.itertuples(index=False):
        row = []
        for c, v in zip(frame.columns, values, strict=True):
            if c in signed:
                row.append(signed_cell(v))
            elif numeric[c]:
                row.append(number_cell(None if v == "—" else v))
            else:
                row.append(text_cell(v))
        rows.append(row)
    return HumanTable(columns, rows)


# --- HTML ----------------------------------------------------------------------------------------------


def table_html(
    table: HumanTable | None, *, elem_id: str = "", caption: str = "", empty: str = "", max_height: int = 420
) -> str:
    """A sortable table: a button in each header sorts by that column (numbers as numbers, text by pinyin
    collation, blanks last), click again to reverse. Everything escaped."""
    if table is None or not table.rows:
        return f'<div class="ca-empty">{html.escape(empty)}</div>' if empty else ""
    ident = f' id="{html.escape(elem_id)}"' if elem_id else ""
    head = "".join(
        f'<th role="columnheader" scope="col" class="k-{c.kind}" aria-sort="none" data-type="{c.kind}" '
        f'aria-label="{html.escape(c.header)}"><button type="button" class="ca-sort" title="排序 Sort">'
        f'<span class="h-name">{html.escape(c.name)}<span class="ca-arrow" aria-hidden="true"></span></span>'
        + (f'<span class="h-unit">{html.escape(c.unit)}</span>' if c.unit else "")
        + "</button></th>"
        for c in table.columns
    )
    body = []
    for i, row in enumerate(table.rows):
        cells = []
        for j, (cell, column) in enumerate(zip(row, table.columns, strict=True)):
            key = (
                ""
                if cell.key is None
                else (
                    repr(float(cell.key))
                    if column.kind == NUM and not isinstance(cell.key, str)
                    else str(cell.key)
                )
            )
            best = " best" if (i, j) in table.best else ""
            cells.append(
                f'<td class="k-{column.kind}{best}" data-key="{html.escape(key)}">{html.escape(cell.text)}</td>'
            )
        body.append(f'<tr role="row">{"".join(cells)}</tr>')
    cap = f'<div class="ca-cap">{html.escape(caption)}</div>' if caption else ""
    note = f'<div class="ca-note">{html.escape(table.note)}</div>' if table.note else ""
    return (
        f'<div class="ca-table-block"{ident}>{cap}<div class="ca-scroll" style="max-height:{int(max_height)}px">'
        f'<table class="ca-table" role="table"><thead><tr role="row">{head}</tr></thead>'
        f"<tbody>{''.join(body)}</tbody></table></div>{note}</div>"
    )
