"""Shared pieces of wording for ranks, sub-ranks, facts and scores, each with its citation marker."""

from __future__ import annotations

import pandas as pd

from assistant.answers.base import MONTHS_EN, Context, fmt_value
from assistant.numerals import chinese_number, ordinal
from assistant.understanding.lexicon import lexicon
from index_core.dimensions import Dimension


def subrank_phrase(ctx: Context, row) -> str:
    """'组织环境第2名[3]' / 'Organisational environment: #2 [3]', bands as the report words them."""
    marker = ctx.cites.cite_row(
        row, label=f"{row['city']} {row['indicator']}", value_column="phrase", table="subranks"
    )
    name = ctx.dim_name(str(row["indicator"]))
    rank, high = row["rank"], row["rank_max"]
    tie = str(row.get("tied_with", "") or "")
    if pd.notna(rank):
        tie_text = ctx.t(f"（与{tie}并列）", f" (tied with {ctx.city(tie)})") if tie else ""
        return f"{name}{ctx.t('', ': ')}{ctx.rank(int(rank))}{tie_text}{marker}"
    if pd.notna(high):
        return f"{name}{ctx.t(f'前{int(high)}名', f': top {int(high)}')}{marker}"
    return f"{name}{ctx.t('：' + str(row['phrase']), ': ' + str(row['phrase']) + ' (as worded in the report)')}{marker}"


def best_subranks(ctx: Context, frame: pd.DataFrame, limit: int = 3) -> list[str]:
    """The most specific sub-rank statements: exact ranks before bands, one per indicator, capped."""
    if frame.empty:
        return []
    # (plain rows, not data-frame operations: this runs for every dimension of every explanation)
    rows = [row for _, row in frame.iterrows()]
    rows.sort(key=lambda row: (pd.isna(row["rank"]), 99 if pd.isna(row["rank_max"]) else row["rank_max"]))
    chosen, seen = [], set()
    for row in rows:
        if row["indicator"] in seen:
            continue
        seen.add(row["indicator"])
        # The chapter-two top-10 bands restate Table 2; skip them when they only repeat the first-level rank.
        if row["indicator"] != row["level1"]:
            chosen.append(row)
    return [subrank_phrase(ctx, row) for row in chosen[:limit]]


_VERB_QUALIFIERS = {"超过", "近", "约", "略高于", "最高", "最高不超过", "跨上", "前"}


_UNIT_EN = {
    "亿元": "100 million yuan",
    "万元": "10,000 yuan",
    "万亿元": "trillion yuan",
    "亿美元": "100 million USD",
    "万美元": "10,000 USD",
    "亿核小时": "100 million core-hours",
    "万核": "10,000 cores",
    "个百分点": "percentage points",
}
_ACRONYMS = {
    "gdp": "GDP",
    "ai": "AI",
    "rd": "R&D",
    "pevc": "PE/VC",
    "hpc": "HPC",
    "csrankings": "CSRankings",
    "hq": "HQ",
    "bigdata": "and big-data",
    "avg": "average",
}


def metric_label_en(metric: str) -> str:
    """An English label from the metric key (rd_share_of_gdp → R&D share of GDP)."""
    words = [_ACRONYMS.get(w, w) for w in metric.split("_")]
    text = " ".join(words)
    return text[:1].upper() + text[1:]


_COUNT_UNITS = {"家", "个", "件", "所", "名", "项", "次", "笔", "届", "轮", "位", "人次"}
# Chinese magnitudes as (factor, currency or unit in English); amounts are written out in English.
_SCALED = {
    "亿元": (1e8, "¥"),
    "万元": (1e4, "¥"),
    "万亿元": (1e12, "¥"),
    "元": (1, "¥"),
    "亿美元": (1e8, "US$"),
    "万美元": (1e4, "US$"),
    "万核": (1e4, " cores"),
    "亿核小时": (1e8, " core-hours"),
}
_QUALIFIER_EN = {
    "超过": "over ",
    "近": "nearly ",
    "约": "about ",
    "余": "over ",
    "多": "over ",
    "以上": "at least ",
    "左右": "about ",
    "略高于": "slightly over ",
    "最高": "up to ",
    "最高不超过": "at most ",
    "跨上": "past ",
    "前": "top ",
}


def _magnitude(amount: float) -> str:
    for size, word in ((1e12, "trillion"), (1e9, "billion"), (1e6, "million")):
        if amount >= size:
            return f"{amount / size:,.4g} {word}"
    return f"{amount:,.0f}" if amount == int(amount) else f"{amount:,.2f}"


def value_en(row) -> str:
    """The value in English words with the report's own print beside it: over ¥100 billion (超过1000亿元),
    270,000 cores (27万核), 20.5%, 27 (27家). Non-numeric values (万亿级) stay as printed."""
    unit = str(row.get("unit", "") or "")
    qualifier = str(row.get("qualifier", "") or "")
    printed = fmt_value(row)
    if printed.startswith("第") and printed.endswith(("名", "位")):
        place = chinese_number(str(row["value"])) or 0
        return f"{ordinal(place)} ({printed})" if place else printed
    try:
        number = float(str(row["value"]).replace(",", ""))
    except ValueError:
        return printed
    lead = _QUALIFIER_EN.get(qualifier, "")
    if unit in _SCALED:
        factor, mark = _SCALED[unit]
        amount = _magnitude(number * factor)
        text = f"{mark}{amount}" if mark.strip() in ("¥", "US$") else f"{amount}{mark}"
        return f"{lead}{text} ({printed})"
    if unit == "%":
        return f"{lead}{number:g}%"
    if unit == "个百分点":
        return f"{lead}{number:g} percentage points ({printed})"
    if unit in _COUNT_UNITS or not unit:
        return f"{lead}{number:,.10g}" + (f" ({printed})" if unit or qualifier else "")
    return printed


_UNIT_WORDS_EN = {
    "项": "items",
    "亿元": "100 million yuan",
    "万元": "10,000 yuan",
    "家": "organisations",
    "件": "events",
    "个": "count",
    "所": "universities",
    "%": "%",
    "篇": "papers",
}


def unit_en(unit: str) -> str:
    """An indicator's unit (Table 1) in English."""
    return _UNIT_WORDS_EN.get(unit, unit)


_FEW_EN = dict(zip("一二三四五", ("one", "two", "three", "four", "five"), strict=True))


def period_en(period: str) -> str:
    """'截至2021年4月' → 'as of April 2021', '2021年6月' → 'June 2021', '2016-2020年' → '2016-2020'."""
    import re

    text = str(period or "")
    text = re.sub(
        r"(\d{4})\s*年\s*(\d{1,2})\s*月", lambda m: f"{MONTHS_EN[int(m.group(2)) - 1]} {m.group(1)}", text
    )
    text = re.sub(r"(\d{4})\s*年", r"\1", text)
    text = text.replace("截至", "as of ").replace("截止", "as of ").replace("至", " to ").replace("—", "-")
    text = re.sub(r"近([一二三四五])年", lambda m: f"the past {_FEW_EN[m.group(1)]} years", text)
    return text.strip()


def fact_phrase(ctx: Context, row, with_city: bool = False) -> str:
    marker = ctx.cites.cite_row(row, label=f"{row['city']} {row['metric_zh']}", table="facts")
    period = str(row.get("period", "") or "")
    label = str(row["metric_zh"])
    subject = str(row.get("subject", "") or "")
    named = str(row["city"]) in subject or str(row["city"]) in label
    who = f"{ctx.city(row['city'])} " if with_city and row["city"] and (ctx.en or not named) else ""
    if ctx.en:
        when = f" ({period_en(period)})" if period else ""
        return f"{who}{metric_label_en(str(row['metric']))}{when}: {value_en(row)}{marker}"
    when = f"{period}年" if period.isdigit() else (f"{period}，" if period else "")
    verb = "" if str(row.get("qualifier", "") or "") in _VERB_QUALIFIERS else "为"
    return f"{who}{when}{subject or label}{verb}{fmt_value(row)}{marker}"


def top_facts(ctx: Context, frame: pd.DataFrame, limit: int = 2) -> list[str]:
    """Comparable facts first (GDP, patents, PE/VC...), then others, in report order."""
    if frame.empty:
        return []
    ordered = frame.assign(_cmp=frame.get("comparable", "no") != "yes").sort_values(["_cmp", "id"])
    return [fact_phrase(ctx, row) for _, row in ordered.head(limit).iterrows()]


def rank_marker(ctx: Context, city: str) -> str:
    """Cite the city's Table 2 line (all five ranks) and return its marker."""
    r = ctx.report.rankings
    row = r[r["city"] == city].iloc[0]
    ranks = " ".join(
        str(int(row[c]))
        for c in ("total_rank", "env_rank", "resource_rank", "knowledge_rank", "outcome_rank")
    )
    return ctx.cites.cite(
        row["section"], row["quote"], label=f"{city} 表2排名", value=ranks, city=city, table="rankings"
    )


def rank_with_source(ctx: Context, city: str, d: Dimension) -> str:
    """'第6名[1]' citing the city's Table 2 line."""
    row = ctx.report.rankings[ctx.report.rankings["city"] == city].iloc[0]
    return f"{ctx.rank(int(row[d.column]))}{rank_marker(ctx, city)}"


def score_phrase(ctx: Context, city: str, d: Dimension) -> str:
    """The printed score, a stated threshold, or a plain statement that the report prints none."""
    s = ctx.report.scores
    rows = s[(s["city"] == city) & (s["dimension"] == d.zh)]
    exact = rows[rows["kind"] == "score"]
    if not exact.empty:
        row = exact.iloc[0]
        marker = ctx.cites.cite_row(row, label=f"{city} {d.zh} score", value_column="score", table="scores")
        return ctx.t(f"得分 {row['score']} 分{marker}", f"score {row['score']}{marker}")
    if not rows.empty:
        row = rows.iloc[0]
        marker = ctx.cites.cite_row(
            row, label=f"{city} {d.zh} threshold", value_column="score", table="scores"
        )
        above = "超过" if row["comparator"] == ">" else "不低于"
        return ctx.t(
            f"报告未公布具体得分，只说明其{d.zh}得分{above}{row['score']}分{marker}",
            f"the report prints no exact score, only that it is {'above' if row['comparator'] == '>' else 'at least'} {row['score']}{marker}",
        )
    return ctx.t(
        f"报告未公布{city}的{d.zh}得分", f"the report does not print {ctx.city(city)}'s {d.en} score"
    )


def meta_phrase(ctx: Context, key: str, unit: str = "") -> str:
    """A metadata value with its citation marker (after the unit: "20个城市[4]", not "20[4]个城市")."""
    rows = ctx.report.metadata[ctx.report.metadata["key"] == key]
    if rows.empty:
        return ""
    row = rows.iloc[0]
    return f"{row['value']}{unit}{ctx.cites.cite_row(row, label=key, table='metadata')}"


def level2_places(ctx: Context, city: str, level2: str) -> list[str]:
    """The places the report's text states for a city on a second-level indicator, one per distinct place, cited."""
    s = ctx.report.subranks
    rows = s[(s["city"] == city) & (s["indicator"] == level2)].drop_duplicates(["rank", "rank_max"])
    return [subrank_phrase(ctx, row) for _, row in rows.iterrows()]


def level2_figures(ctx: Context, city: str, level2: str) -> list[str]:
    """The report's figures for a city that measure a second-level indicator (lexicon.toml [level2_figures]),
    one per figure, cited."""
    f = ctx.report.facts
    measures = lexicon().level2_figures.get(level2, [])
    rows = f[(f["city"] == city) & f["metric"].isin(measures)].drop_duplicates("metric")
    return [fact_phrase(ctx, row) for _, row in rows.iterrows()]
