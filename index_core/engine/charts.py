"""Plotly figures for the what-if results, labelled in Chinese and marked as approximations."""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

import plotly.graph_objects as go

from index_core.dimensions import dimension

if TYPE_CHECKING:
    from index_core.engine.whatif import MonteCarloResult, WhatIfResult

_UP, _DOWN, _SAME = "#2b6cb0", "#dd6b20", "#a0aec0"


def _noise_text(noise: float | str) -> str:
    return "Dirichlet 随机权重" if noise == "dirichlet" else f"权重对数正态扰动 σ={float(noise):g}"


def rank_interval_chart(mc: MonteCarloResult) -> go.Figure:
    """Median rank (dot) and 5%-95% interval (bar) per city, published rank (×) for reference."""
    t = mc.table.sort_values("published_rank")
    cities = list(t.index)
    hover = [
        f"{c}<br>中位名次 {m}<br>90% 区间 {lo}–{hi}<br>公布名次 {p}<br>保持公布名次的比例 {s:.0%}"
        for c, m, lo, hi, p, s in zip(
            cities,
            t["median_rank"],
            t["p05_rank"],
            t["p95_rank"],
            t["published_rank"],
            t["share_published"],
            strict=True,
        )
    ]
    fig = go.Figure()
    fig.add_trace(
        go.Scatter(
            x=t["median_rank"],
            y=cities,
            mode="markers",
            marker={"size": 9, "color": _UP},
            error_x={
                "type": "data",
                "symmetric": False,
                "array": t["p95_rank"] - t["median_rank"],
                "arrayminus": t["median_rank"] - t["p05_rank"],
                "thickness": 3,
                "width": 0,
            },
            name="近似名次中位数（横线：5%–95% 区间）",
            hovertext=hover,
            hoverinfo="text",
        )
    )
    fig.add_trace(
        go.Scatter(
            x=t["published_rank"],
            y=cities,
            mode="markers",
            marker={"symbol": "x", "size": 9, "color": "#c53030"},
            name="报告公布的总指数名次",
            hoverinfo="skip",
        )
    )
    n = len(cities)
    fig.update_layout(
        title={
            "text": f"排名稳定性：{len(mc.draws)} 次随机权重下的名次区间<br>"
            f"<sup>{_noise_text(mc.noise)}；{mc.label}</sup>"
        },
        xaxis={"title": "名次（1 = 最好）", "range": [0.5, n + 0.5], "dtick": 1},
        yaxis={"title": "城市", "categoryorder": "array", "categoryarray": cities, "autorange": "reversed"},
        legend={"orientation": "h", "y": -0.15},
        height=max(400, 28 * n + 160),
        template="plotly_white",
    )
    return fig


def rank_shift_chart(result: WhatIfResult, against: Literal["equal", "published"] = "equal") -> go.Figure:
    """Horizontal bars: how many places each city moves under the what-if weights (positive = up)."""
    column = {"equal": "shift_vs_equal", "published": "shift_vs_published"}[against]
    reference = {"equal": "等权近似名次", "published": "报告公布名次"}[against]
    t = result.table.sort_values("approx_rank")
    shifts = t[column]
    colours = [_UP if s > 0 else _DOWN if s < 0 else _SAME for s in shifts]
    labels = [f"{c}（{r}）" for c, r in zip(t.index, t["approx_rank"], strict=True)]
    weights = "、".join(f"{dimension(k).zh} {v:.0%}" for k, v in result.weights.items())
    fig = go.Figure(
        go.Bar(
            x=shifts,
            y=labels,
            orientation="h",
            marker_color=colours,
            text=[f"{s:+d}" if s else "0" for s in shifts],
            textposition="outside",
            hovertemplate="%{y}<br>名次变化 %{x:+d}<extra></extra>",
            name="名次变化",
        )
    )
    fig.update_layout(
        title={
            "text": f"调整权重后的名次变化（相对{reference}）<br><sup>权重：{weights}；{result.label}</sup>"
        },
        xaxis={"title": "名次变化（正数 = 上升，负数 = 下降）", "zeroline": True, "dtick": 1},
        yaxis={"title": "城市（新近似名次）", "autorange": "reversed"},
        height=max(400, 28 * len(t) + 160),
        template="plotly_white",
        showlegend=False,
    )
    return fig
