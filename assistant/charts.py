"""Plotly figures for answers: rank radars like the report's city figures, comparison bars, top-N bars.

Ranks are drawn as "points" (21 - rank) so that outward and taller mean better, with the rank itself on hover
and in the tick labels: a reader never has to invert the scale in their head.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio

from index_core.dimensions import FIRST_LEVEL

N_CITIES = 20
_PALETTE = ["#c0392b", "#2471a3", "#229954", "#d68910", "#7d3c98", "#17a589", "#566573", "#cb4335"]
# Set once: passing template= to every figure re-validates and copies the whole template (~7 ms per chart).
pio.templates.default = "plotly_white"
_FONT = "Noto Sans CJK SC, Microsoft YaHei, PingFang SC, sans-serif"


def _points(rank: int) -> int:
    return N_CITIES + 1 - int(rank)


def _labels(language: str) -> list[str]:
    return [d.en if language == "en" else d.zh for d in FIRST_LEVEL]


def _layout(fig: go.Figure, title: str) -> go.Figure:
    fig.update_layout(
        title={"text": title, "x": 0.5},
        font={"family": _FONT, "size": 13},
        margin={"l": 40, "r": 40, "t": 60, "b": 40},
        legend={"orientation": "h", "y": -0.1},
        height=420,
    )
    return fig


def rank_radar(ranks_by_city: dict[str, dict[str, int]], language: str = "zh") -> go.Figure:
    """One trace per city over the four first-level dimensions; ranks from Table 2."""
    labels = _labels(language)
    fig = go.Figure()
    for i, (city, ranks) in enumerate(ranks_by_city.items()):
        values = [ranks[d.zh] for d in FIRST_LEVEL]
        fig.add_trace(
            go.Scatterpolar(
                r=[_points(v) for v in values] + [_points(values[0])],
                theta=labels + labels[:1],
                fill="toself",
                name=city,
                opacity=0.55,
                line={"color": _PALETTE[i % len(_PALETTE)]},
                customdata=values + values[:1],
                hovertemplate="%{theta}: "
                + ("rank " if language == "en" else "第")
                + "%{customdata}"
                + ("" if language == "en" else "名")
                + "<extra>"
                + city
                + "</extra>",
            )
        )
    ticks = [1, 5, 10, 15, 20]
    fig.update_layout(
        polar={
            "radialaxis": {
                "angle": 45,  # rank ticks on a diagonal, clear of the first axis label
                "tickangle": 45,
                "tickfont": {"size": 10},
                "range": [0, N_CITIES],
                "tickvals": [_points(t) for t in ticks],
                "ticktext": [f"#{t}" if language == "en" else f"第{t}" for t in ticks],
            }
        },
        showlegend=True,
    )
    title = "Dimension ranks (outer = better)" if language == "en" else "一级指标排名雷达图（越靠外越好）"
    return _layout(fig, title)


def comparison_bars(table: pd.DataFrame, cities: list[str], language: str = "zh") -> go.Figure:
    """Grouped bars of ranks per dimension (taller = better) from a compare() frame."""
    fig = go.Figure()
    for i, city in enumerate(cities):
        ranks = [int(v) for v in table[city]]
        fig.add_trace(
            go.Bar(
                x=list(table["dimension"]),
                y=[_points(r) for r in ranks],
                name=city,
                text=[f"#{r}" if language == "en" else f"第{r}" for r in ranks],
                textposition="outside",
                marker_color=_PALETTE[i % len(_PALETTE)],
                customdata=ranks,
                hovertemplate="%{x}: %{customdata}<extra>" + city + "</extra>",
            )
        )
    fig.update_layout(barmode="group", yaxis={"range": [0, N_CITIES + 2], "showticklabels": False})
    return _layout(
        fig, "Ranks compared (taller = better)" if language == "en" else "排名对比（柱越高排名越靠前）"
    )


def top_bars(table: pd.DataFrame, dimension_label: str, language: str = "zh") -> go.Figure:
    """Horizontal bars for a top-N/bottom-N list; printed scores shown where the report gives them."""
    ranks = [int(r) for r in table["rank"]]
    scores = [str(s) for s in table.get("score", [""] * len(table))]
    text = [f"#{r}" + (f" ({s})" if s else "") for r, s in zip(ranks, scores, strict=True)]
    fig = go.Figure(
        go.Bar(
            x=[_points(r) for r in ranks],
            y=list(table["city"]),
            orientation="h",
            text=text,
            textposition="outside",
            marker_color=_PALETTE[1],
            hovertemplate="%{y}: %{text}<extra></extra>",
        )
    )
    fig.update_layout(
        yaxis={"autorange": "reversed"}, xaxis={"range": [0, N_CITIES + 3], "showticklabels": False}
    )
    title = f"{dimension_label}: ranking" if language == "en" else f"{dimension_label}排名"
    return _layout(fig, title)


def rank_heatmap(rankings: pd.DataFrame, language: str = "zh") -> go.Figure:
    """All 20 cities x 5 rank columns, darker = better: the overview tab."""
    from index_core.dimensions import DIMENSIONS

    columns = [d.column for d in DIMENSIONS]
    labels = [d.en if language == "en" else d.zh for d in DIMENSIONS]
    z = rankings[columns].astype(int).to_numpy()
    fig = go.Figure(
        go.Heatmap(
            z=z,
            x=labels,
            y=list(rankings["city"]),
            text=z,
            texttemplate="%{text}",
            colorscale="Blues",
            reversescale=True,
            showscale=False,
            hovertemplate="%{y} · %{x}: %{z}<extra></extra>",
        )
    )
    fig.update_layout(yaxis={"autorange": "reversed"}, height=620)
    return _layout(
        fig, "Rank heat-map (darker = better)" if language == "en" else "排名热力图（颜色越深越靠前）"
    )


def fact_bars(rows: pd.DataFrame, label: str, language: str = "zh") -> go.Figure:
    """Bars of one stated fact across the cities the report gives it for (values as printed)."""
    fig = go.Figure(
        go.Bar(
            x=list(rows["city"]),
            y=[float(v) for v in rows["value"]],
            text=[f"{v}{u}" for v, u in zip(rows["value"], rows["unit"], strict=True)],
            textposition="outside",
            marker_color=_PALETTE[2],
        )
    )
    unit = str(rows["unit"].iloc[0]) if len(rows) else ""
    fig.update_layout(yaxis={"title": unit})
    return _layout(fig, f"{label} ({unit})" if language == "en" else f"{label}（{unit}）")
