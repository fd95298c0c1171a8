"""'比较杭州和南京': ranks side by side, who leads where, comparable facts, and a chart."""

from __future__ import annotations

import pandas as pd

from assistant.answers.base import Context, fmt_value
from assistant.answers.evidence import (
    level2_figures,
    level2_places,
    metric_label_en,
    period_en,
    rank_marker,
    score_phrase,
    value_en,
)
from assistant.charts import comparison_bars, rank_radar
from assistant.reply import Reply
from index_core.dimensions import FIRST_LEVEL, TOTAL
from index_core.domain import city_ranks
from index_core.domain import compare as compare_ranks


def _leaders(ctx: Context, table: pd.DataFrame, cities: list[str]) -> list[str]:
    lines = []
    for _, row in table.iterrows():
        if row["dimension"] == TOTAL.zh:
            continue
        values = ctx.t("、", ", ").join(f"{ctx.city(c)} {ctx.rank(int(row[c]))}" for c in cities)
        name = ctx.dim_name(row["dimension"])
        leader = ctx.t("、", " and ").join(ctx.city(c) for c in row["leader"].split("、"))
        lines.append(ctx.t(f"- {name}：{leader}领先（{values}）", f"- {name}: {leader} leads ({values})"))
    return lines


def _facts_side_by_side(ctx: Context, cities: list[str]) -> tuple[list[str], pd.DataFrame]:
    """Comparable facts the report states for at least two of the cities, each value cited."""
    f = ctx.report.facts
    rows = f[f["city"].isin(cities) & (f["comparable"] == "yes")]
    lines, records = [], []
    for metric, group in rows.groupby("metric", sort=False):
        group = group.drop_duplicates("city")
        if group["city"].nunique() < 2:
            continue
        label = group.iloc[0]["metric_zh"]
        cells = []
        record = {"metric": label}
        for city in cities:
            hit = group[group["city"] == city]
            if hit.empty:
                cells.append(ctx.t(f"{city}：报告未给出", f"{ctx.city(city)}: not stated"))
                record[city] = ""
                continue
            row = hit.iloc[0]
            marker = ctx.cites.cite_row(row, label=f"{city} {label}", table="facts")
            period = f"{row['period']}" if row["period"] else ""
            value = value_en(row) if ctx.en else fmt_value(row)
            cells.append(
                f"{ctx.city(city)}{ctx.t('：', ': ')}{value}{ctx.t(f'（{period}）', f' ({period_en(period)})') if period else ''}{marker}"
            )
            record[city] = fmt_value(row)
        lines.append(
            f"- {label if not ctx.en else metric_label_en(metric)}{ctx.t('：', ': ')}"
            + ctx.t("；", "; ").join(cells)
        )
        records.append(record)
    return lines, pd.DataFrame(records)


def _level2_side_by_side(ctx: Context, cities: list[str]) -> list[str]:
    """'比较北京和深圳的载体支持', 'how did AI funding in A, B and C compare': each city's stated place on the
    second-level indicator, then the report's figures that measure it, each cited (none is made up)."""
    level2 = str(ctx.query.level2)
    name = ctx.dim_name(level2)
    lines = [ctx.t(f"**{name}（二级指标）**", f"**{name} (second-level indicator)**")]
    for city in cities:
        places = ctx.t("；", "; ").join(level2_places(ctx, city, level2))
        lines.append(
            f"- {ctx.city(city)}{ctx.t('：', ': ')}"
            + (places or ctx.t("报告未给出该项名次", "the report does not state its place on it"))
        )
    figures = {city: level2_figures(ctx, city, level2) for city in cities}
    if any(figures.values()):
        lines.append(ctx.t("\n**报告给出的相关数据**", "\n**The report's figures for it**"))
        for city, own in figures.items():
            said = ctx.t("；", "; ").join(own) or ctx.t("报告未给出", "not stated in the report")
            lines.append(f"- {ctx.city(city)}{ctx.t('：', ': ')}{said}")
    return [*lines, ""]


def _wins_sentence(ctx: Context, ordered: list[str], wins: dict[str, int]) -> str:
    """Who leads on how many of the four first-level dimensions, worded for sweeps and splits."""
    sweep = [c for c in ordered if wins[c] == len(FIRST_LEVEL)]
    if sweep:
        return ctx.t(
            f"{sweep[0]}在全部4个一级指标上都领先。",
            f"{ctx.city(sweep[0])} leads on all four first-level dimensions.",
        )
    parts = [
        ctx.t(f"{c}在{wins[c]}个一级指标上领先", f"{ctx.city(c)} leads on {wins[c]}")
        for c in ordered
        if wins[c]
    ]
    return ctx.t("，".join(parts) + "。", "; ".join(parts) + " of the four first-level dimensions.")


def compare(ctx: Context) -> Reply:
    cities = ctx.query.cities
    if len(cities) == 1:
        from assistant.answers.ranks import profile

        return profile(ctx)
    if not cities:
        body = ctx.t(
            f"请告诉我要比较哪些城市，例如“比较杭州和南京”。报告的20个样本城市：{'、'.join(ctx.report.sample)}。",
            "Which cities should I compare? For example “Compare Hangzhou and Nanjing”. The 20 sample cities: "
            + ", ".join(ctx.city(c) for c in ctx.report.sample)
            + ".",
        )
        return ctx.reply("clarify", body)
    table = compare_ranks(cities, ctx.report)
    ranks = {c: city_ranks(c, ctx.report) for c in cities}
    markers = {c: rank_marker(ctx, c) for c in cities}
    ordered = sorted(cities, key=lambda c: ranks[c]["总指数"])
    overall = ctx.t(
        "，".join(f"{c}第{ranks[c]['总指数']}{markers[c]}" for c in ordered),
        ", ".join(f"{ctx.city(c)} {ctx.rank(ranks[c]['总指数'])}{markers[c]}" for c in ordered),
    )
    wins = {
        c: sum(1 for d in FIRST_LEVEL if ranks[c][d.zh] == min(ranks[x][d.zh] for x in cities))
        for c in cities
    }
    lines = _level2_side_by_side(ctx, cities) if ctx.query.level2 else []
    d = ctx.query.dimension
    if d is not None and d is not TOTAL:
        by_dim = sorted(cities, key=lambda c: ranks[c][d.zh])
        cells = [
            f"{ctx.city(c)} {ctx.rank(ranks[c][d.zh])}（{score_phrase(ctx, c, d)}）"
            if not ctx.en
            else f"{ctx.city(c)} {ctx.rank(ranks[c][d.zh])} ({score_phrase(ctx, c, d)})"
            for c in by_dim
        ]
        lines.append(
            ctx.t(
                f"**{d.zh}：{by_dim[0]}更靠前。** " + "；".join(cells) + "。",
                f"**{d.en}: {ctx.city(by_dim[0])} ranks higher.** " + "; ".join(cells) + ".",
            )
            + "\n"
        )
    lines += [
        ctx.t(f"**总指数：{overall}。**", f"**Overall: {overall}.**"),
        _wins_sentence(ctx, ordered, wins),
        ctx.t("\n**分维度**", "\n**Dimension by dimension**"),
        *_leaders(ctx, table, cities),
    ]
    scores = [f"{ctx.city(c)}{ctx.t('：', ': ')}{score_phrase(ctx, c, TOTAL)}" for c in cities]
    lines.append(ctx.t("\n**得分**：", "\n**Scores**: ") + ctx.t("；", "; ").join(scores) + ctx.t("。", "."))
    fact_lines, facts = _facts_side_by_side(ctx, cities)
    if fact_lines:
        lines.append(ctx.t("\n**报告给出的可比数据**", "\n**Comparable figures the report gives**"))
        lines += fact_lines
    else:
        lines.append(
            ctx.t(
                "\n报告没有同时给出这些城市的可比数据（如GDP、专利占比）。",
                "\nThe report gives no comparable figures (GDP, patent shares...) for these cities together.",
            )
        )
    chart = comparison_bars(table, cities, ctx.lang) if len(cities) > 3 else rank_radar(ranks, ctx.lang)
    wide = table.copy()
    if not facts.empty:
        facts = facts.rename(columns={"metric": "dimension"})
        facts["leader"] = ""
        wide = pd.concat([wide.astype(str), facts.astype(str)], ignore_index=True)
    return ctx.reply("compare", "\n".join(lines), cities=cities, table=wide, chart=chart)
