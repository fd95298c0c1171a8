"""Data for the non-chat tabs: frames and figures from the report, no Gradio here.

Every number comes from index_core (the published tables) or the what-if engine (labelled approximation).
"""

from __future__ import annotations

import html
import re
from functools import lru_cache

import pandas as pd
import plotly.graph_objects as go

from assistant.app.tables import (
    LONG,
    NUM,
    TEXT,
    Cell,
    Column,
    HumanTable,
    Names,
    frame_table,
    number_cell,
    parse_printed,
    policy_date,
    printed_cell,
    qualified,
    signed_cell,
    text_cell,
)
from assistant.charts import rank_heatmap, rank_radar
from assistant.retrieval.passages import load_passages
from index_core import domain
from index_core.dimensions import DIMENSIONS, FIRST_LEVEL
from index_core.engine import whatif
from index_core.report import Report

ALL = "全部 All"
WEIGHT_KEYS = tuple(d.key for d in FIRST_LEVEL)
_FONT = "Noto Sans CJK SC, PingFang SC, Microsoft YaHei, sans-serif"


# --- rankings ------------------------------------------------------------------------------------------


def ranking_table(report: Report) -> pd.DataFrame:
    """Table 2 as printed: city, category and the five ranks, best total first."""
    cols = {d.column: d.zh for d in DIMENSIONS}
    table = report.rankings[["city", *cols]].rename(columns=cols | {"city": "城市"})
    category = report.cities.set_index("city")["category"]
    table.insert(1, "类别", table["城市"].map(category).fillna(""))
    return table.sort_values("总指数").reset_index(drop=True)


def ranking_view(report: Report) -> HumanTable:
    """Table 2 for reading: bilingual headers, ranks as numbers (sortable), best total first."""
    table = ranking_table(report)
    names = {"城市": "城市 City", "类别": "类别 Group"} | {d.zh: f"{d.zh} {d.en}" for d in DIMENSIONS}
    view = frame_table(table.rename(columns=names))
    view.note = "数字为名次，1 = 最好。 Numbers are ranks; 1 = best."
    return view


def heatmap(report: Report) -> go.Figure:
    fig = rank_heatmap(report.rankings.sort_values("total_rank"))
    # rank_heatmap's shared layout resets its height to 420, too short for 20 labelled rows.
    fig.update_layout(height=640, margin={"l": 60, "r": 20, "t": 60, "b": 40})
    return polish(fig)


# --- city profile --------------------------------------------------------------------------------------


def city_choices(report: Report) -> list[tuple[str, str]]:
    """(label, value) pairs in published rank order: "6. 苏州 Suzhou"."""
    names = report.cities.set_index("city")["name_en"]
    rows = report.rankings.sort_values("total_rank")
    return [
        (f"{r} · {c} {names.get(c, '')}".strip(), c)
        for c, r in zip(rows["city"], rows["total_rank"], strict=True)
    ]


def profile_header(profile: domain.CityProfile) -> str:
    ranks = "、".join(f"{d.zh}第{profile.ranks[d.zh]}名" for d in FIRST_LEVEL)
    heading = (
        f"报告专章：{profile.profile_heading}"
        if profile.profiled
        else "报告没有该城市的专章分析（只有前十名城市有）"
    )
    return (
        f"### {profile.full_name} {profile.name_en} — 总指数第{profile.ranks['总指数']}名\n"
        f"{profile.category} · {ranks}\n\n{heading}"
    )


def polish(fig: go.Figure | None) -> go.Figure | None:
    """Display fixes so a chart fits a 390 px phone as well as the desktop panel: room for a radar's axis
    names, long titles wrapped instead of cut off, a 1-20 rank axis labelled every five places."""
    if fig is None:
        return None
    if any(getattr(t, "type", "") == "scatterpolar" for t in fig.data):
        fig.update_layout(margin={"l": 75, "r": 75})
    title = str(fig.layout.title.text or "")
    if "<sup>" in title:
        fig.update_layout(meta={"note": chart_note(fig)})
    if "<sup>" in title or len(title) > 16:
        main = re.sub(r"(<br>)?<sup>.*?</sup>", "", title).strip()
        lines = wrap_title(main).split("<br>")
        if len(lines) > 1:
            _title_above_plot(fig, lines)
        else:
            fig.update_layout(title_text=main)
    for axis in ("xaxis", "yaxis"):
        ax = getattr(fig.layout, axis, None)
        name = str(ax.title.text or "").lower() if ax is not None else ""
        if ax is not None and ax.dtick == 1 and ("名次" in name or "rank" in name):
            fig.layout[axis].update(dtick=None, tickmode="array", tickvals=[1, 5, 10, 15, 20])
    return fig


def chart_note(fig: go.Figure | None) -> str:
    """A chart's subtitle as plain text: polish drops it from the figure (it runs off a phone) and keeps it
    in the layout's meta, so the page can show it as text."""
    if fig is None:
        return ""
    meta = fig.layout.meta
    if isinstance(meta, dict) and "note" in meta:
        return str(meta["note"])
    subs = re.findall(r"<sup>(.*?)</sup>", str(fig.layout.title.text or ""))
    return "；".join(re.sub(r"<[^>]+>", "", s) for s in subs)


def _title_above_plot(fig: go.Figure, lines: list[str]) -> None:
    """A title of several lines as an annotation standing on the plot area, centred, with the top margin
    sized to it (Plotly's own multi-line titles run into the plot or off the top)."""
    fig.update_layout(title_text="", margin_t=22 * len(lines) + 48)
    fig.add_annotation(
        text="<br>".join(lines),
        x=0.5,
        y=1,
        xref="paper",
        yref="paper",
        xanchor="center",
        yanchor="bottom",
        yshift=10,
        showarrow=False,
        font={"size": 15},
    )


_BREAK_AFTER = "、，；：）)"
_BREAK_BEFORE = "（("


def _wrap(text: str, width: int) -> list[str]:
    """Lines of about `width` CJK characters (Latin counts half), breaking after punctuation or before an
    opening bracket where one is near, and never leaving a stub of a few characters on the last line."""

    def size(t: str) -> float:
        return sum(1 if ord(c) > 0x2E80 else 0.55 for c in t)

    lines, rest = [], text
    while size(rest) > width + 2:
        n = 0
        while size(rest[: n + 1]) <= width:
            n += 1
        line = rest[:n]
        cuts = [line.rfind(p) + 1 for p in _BREAK_AFTER] + [line.rfind(p) for p in _BREAK_BEFORE]
        cut = max(cuts)
        if cut < n / 3:
            space = line.rfind(" ")
            cut = space + 1 if space > n / 3 else n
        lines.append(rest[:cut].rstrip())
        rest = rest[cut:].lstrip()
    return [*lines, rest] if rest else lines


def wrap_title(title: str, width: int = 16, sub_width: int = 24) -> str:
    """A Plotly title (main line, then <sup> subtitle parts) with <br> so no line runs past a phone."""
    parts = []
    for part in title.split("<br>"):
        sup = part.startswith("<sup>") and part.endswith("</sup>")
        text = part[5:-6] if sup else part
        if "<" in text:  # other markup: leave it alone
            parts.append(part)
            continue
        lines = _wrap(text, sub_width if sup else width)
        parts += [f"<sup>{line}</sup>" if sup else line for line in lines]
    return "<br>".join(parts)


def profile_radar(profile: domain.CityProfile) -> go.Figure:
    return polish(rank_radar({profile.city: profile.ranks}))


def profile_ranks_view(profile: domain.CityProfile) -> HumanTable:
    view = frame_table(profile_ranks(profile))
    view.note = "名次 1 = 最好；报告只印了少数城市的得分。 Rank 1 = best; the report prints few scores."
    return view


def profile_subranks_view(profile: domain.CityProfile) -> HumanTable:
    table = profile_subranks(profile).rename(columns={"一级指标": "一级指标 Level 1"})
    return frame_table(table, long=("报告说法 stated as", "原文 quote"))


def profile_facts_view(profile: domain.CityProfile) -> HumanTable:
    """The figures the report states about the city: the number sortable, its unit and qualifier kept."""
    names = Names(None, "zh")
    columns = [
        Column("指标 Metric"),
        Column("数值 Value", NUM),
        Column("单位 Unit"),
        Column("时期 Period"),
        Column("原文 Quote", LONG),
    ]
    rows = []
    for _, row in profile.facts.iterrows():
        printed = parse_printed(row.get("value"))
        if printed is not None:
            value = printed_cell(qualified(printed, row.get("qualifier"), ""), names)
        else:
            value = text_cell(row.get("value"))
        rows.append(
            [
                text_cell(row.get("metric_zh")),
                value,
                text_cell(row.get("unit")),
                text_cell(row.get("period")),
                text_cell(row.get("quote")),
            ]
        )
    return HumanTable(columns, rows)


def profile_ranks(profile: domain.CityProfile) -> pd.DataFrame:
    """Table 2's five ranks, with the printed score where the report gives one (most cities: none)."""
    scores = profile.scores[profile.scores["kind"] == "score"].drop_duplicates("dimension")
    printed = dict(zip(scores["dimension"], scores["score"].astype(str), strict=True))
    return pd.DataFrame(
        {
            "维度 dimension": [d.zh for d in DIMENSIONS],
            "名次 rank": [profile.ranks[d.zh] for d in DIMENSIONS],
            "得分 score": [printed.get(d.zh, "—") for d in DIMENSIONS],
        }
    )


def profile_subranks(profile: domain.CityProfile) -> pd.DataFrame:
    """Second-level placings as the report words them (exact rank or a band such as 前六名)."""
    cols = {
        "level1": "一级指标",
        "indicator": "指标 indicator",
        "phrase": "报告说法 stated as",
        "quote": "原文 quote",
    }
    table = profile.subranks.drop_duplicates(["indicator", "phrase"])
    return table.reindex(columns=list(cols)).rename(columns=cols).fillna("").reset_index(drop=True)


def policy_view(table: pd.DataFrame) -> HumanTable:
    """Policies for reading: city, date as 2019-05 (sorts by time), title, summary, topics."""
    columns = [
        Column("城市 City"),
        Column("日期 Date"),
        Column("政策 Policy", LONG),
        Column("要点 Summary", LONG),
        Column("主题 Topics", TEXT),
    ]
    rows = [
        [
            text_cell(row.get("city")),
            policy_date(row),
            text_cell(row.get("title")),
            text_cell(row.get("summary")),
            text_cell(row.get("topics")),
        ]
        for _, row in table.iterrows()
    ]
    return HumanTable(columns, rows)


def _short(text: str, n: int = 20) -> str:
    """Head and tail of a long title: policy titles share long prefixes (武汉东湖新技术开发区关于…)."""
    if len(text) <= n:
        return text
    tail = n // 3
    return text[: n - tail - 1] + "…" + text[-tail:]


def policy_timeline(table: pd.DataFrame, title: str) -> go.Figure | None:
    """One row per policy, a dot at its date; full title and summary on hover. None when there are none."""
    if table.empty:
        return None
    t = table.sort_values(["year", "month"]).reset_index(drop=True)
    dates = pd.to_datetime(
        {"year": t["year"].astype(int), "month": t["month"].fillna(1).astype(int).clip(1, 12), "day": 1}
    )
    labels = [f"{i + 1}. {_short(x, 14)}" for i, x in enumerate(t["title"])]
    hover = [
        f"<b>{html.escape(str(ti))}</b><br>{html.escape(str(d))} · {html.escape(str(c))}<br>{html.escape(_short(str(s), 60))}"
        for ti, d, c, s in zip(t["title"], t["date_printed"], t["city"], t["summary"], strict=True)
    ]
    fig = go.Figure(
        go.Scatter(
            x=dates,
            y=labels,
            mode="markers",
            marker={"size": 11, "color": "#2471a3", "line": {"width": 1, "color": "white"}},
            hovertext=hover,
            hoverinfo="text",
        )
    )
    fig.update_layout(
        title={"text": title, "x": 0.5},
        font={"family": _FONT, "size": 12},
        template="plotly_white",
        height=max(260, 30 * len(t) + 110),
        margin={"l": 10, "r": 20, "t": 50, "b": 40},
        yaxis={"autorange": "reversed", "automargin": True},
        xaxis={
            "title": "发布时间 date",
            "automargin": True,
            "tickformat": "%Y",
            "dtick": "M12",
            # Pad by a quarter so one date (or one month) still shows a readable span of time.
            "range": [dates.min() - pd.DateOffset(months=3), dates.max() + pd.DateOffset(months=3)],
        },
        showlegend=False,
    )
    return polish(fig)


@lru_cache(maxsize=1)
def _passages() -> tuple[dict, ...]:
    return tuple(load_passages())


def profile_text_html(profile: domain.CityProfile) -> str:
    """The report's own text about the city (its passages in reading order), escaped."""
    passages = [p for p in _passages() if p.get("city") == profile.city]
    if not passages:
        return (
            f'<div class="profile-text"><p>报告没有{html.escape(profile.city)}的专章文字（只分析了前十名城市）；'
            "排名见上表。 The report has no profile chapter for this city.</p></div>"
        )
    parts = []
    last = None
    for p in passages:
        section = str(p.get("section", ""))
        if section != last:
            page = f"（第{p['page']}页）" if p.get("page") else ""
            parts.append(f"<h4>{html.escape(section)}{page}</h4>")
            last = section
        parts.append(f"<p>{html.escape(str(p.get('text', '')))}</p>")
    return '<div class="profile-text">' + "".join(parts) + "</div>"


# --- policies ------------------------------------------------------------------------------------------


def policy_years(report: Report) -> list[str]:
    return [ALL, *[str(y) for y in sorted(report.policies["year"].dropna().astype(int).unique())]]


def filter_policies(report: Report, city: str | None, year: str | None, keyword: str | None) -> pd.DataFrame:
    """Tables 3-12 filtered; 'all' or blank means no filter on that field."""
    return domain.policies(
        city=None if not city or city == ALL else city,
        year=None if not year or year == ALL else int(year),
        topic=(keyword or "").strip() or None,
        report=report,
    )


def policy_count(table: pd.DataFrame) -> str:
    cities = table["city"].nunique() if not table.empty else 0
    return f"共 {len(table)} 条政策，涉及 {cities} 个城市 · {len(table)} policies from {cities} cities"


# --- what-if -------------------------------------------------------------------------------------------


def weights_of(env: float, resource: float, knowledge: float, outcome: float) -> dict[str, float]:
    return dict(
        zip(WEIGHT_KEYS, (float(env), float(resource), float(knowledge), float(outcome)), strict=True)
    )


def whatif_view(result: whatif.WhatIfResult) -> HumanTable:
    """New, equal-weight and published ranks with the shifts (+ = up), all numeric."""
    t = result.table.reset_index()
    columns = [
        Column("城市 City"),
        Column("新名次 New rank", NUM),
        Column("等权 Equal weights", NUM),
        Column("公布 Published", NUM),
        Column("较等权 vs equal", NUM),
        Column("较公布 vs published", NUM),
    ]
    rows = [
        [
            Cell(str(r.city), str(r.city)),
            number_cell(r.approx_rank),
            number_cell(r.equal_rank),
            number_cell(r.published_rank),
            signed_cell(r.shift_vs_equal),
            signed_cell(r.shift_vs_published),
        ]
        for r in t.itertuples(index=False)
    ]
    return HumanTable(columns, rows, note="名次 1 = 最好；变化 + = 上升。 Rank 1 = best; + = moves up.")


def weights_text(weights: dict[str, float]) -> str:
    if sum(weights.values()) <= 0:
        return "至少要有一个维度的权重大于 0。 At least one weight must be above 0."
    normalised = whatif.resolve_weights(weights)
    shares = "、".join(f"{whatif.DIMENSION_ZH[k]} {v:.0%}" for k, v in normalised.items())
    return f"**当前权重（归一化）Weights:** {shares}"


def fidelity_text(report: Report) -> str:
    """The method and how well it reproduces Table 2, stated plainly (computed, not typed in)."""
    f = whatif.fidelity(report.rankings)
    return (
        f"**{whatif.APPROXIMATION_LABEL}。** 报告没有公布原始指标值和权重，这里把表2四个一级指标的名次折算为点数"
        f"（21−名次）后加权平均再排名。等权时它与报告公布的总排名：Spearman ρ = {f.spearman_rho:.3f}，"
        f"{f.n} 个城市中 {f.exact_matches} 个名次完全一致，最多相差 {f.max_abs_diff} 位。\n\n"
        f"*Approximation from the four first-level ranks, not the report's index. With equal weights it matches "
        f"the published ranking for {f.exact_matches} of {f.n} cities (Spearman rho {f.spearman_rho:.3f}, "
        f"largest difference {f.max_abs_diff} places).*"
    )
