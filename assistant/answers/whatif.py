"""'如果知识创造力权重加倍，苏州排第几？' and '苏州的第六名稳吗？' on a rank-based approximation of the index.

The report publishes neither raw indicator values nor weights, so these answers re-weight the four first-level
ranks of Table 2 (index_core.engine.whatif) and say so once, with how well the approximation reproduces the
published ranking.
"""

from __future__ import annotations

import pandas as pd

from assistant.answers.base import Context
from assistant.answers.evidence import rank_marker
from assistant.reply import Reply
from index_core.dimensions import FIRST_LEVEL
from index_core.engine.whatif import fidelity, monte_carlo, rank_interval_chart, rank_shift_chart, what_if
from index_core.report import Report

_KEYS = {d.key: d for d in FIRST_LEVEL}
_CACHE: dict[tuple[int, str], object] = {}


def _cached(report: Report, name: str, make):
    """Per-report memo (Report holds frames, so it cannot be an lru_cache key)."""
    key = (id(report), name)
    if key not in _CACHE:
        _CACHE[key] = make()
    return _CACHE[key]


def _fidelity_text(report: Report, language: str) -> str:
    f = _cached(report, "fidelity", lambda: fidelity(report.rankings))
    if language == "en":
        return (
            f"Approximation, stated once: the report publishes neither raw indicator values nor weights, so this re-weights "
            f"the four first-level ranks of Table 2 (points = 21 − rank, weighted mean, re-ranked). With equal weights it "
            f"reproduces the published overall ranking with Spearman's rho = {f.spearman_rho:.3f}, {f.exact_matches} of {f.n} "
            f"ranks exactly and at most {f.max_abs_diff} places off."
        )
    return (
        f"说明（近似）：报告没有公布原始指标数值和权重，这里把表2的四个一级指标排名折算为名次点数（21−名次）后加权平均再排名。"
        f"等权时该近似与报告公布的总排名 Spearman ρ = {f.spearman_rho:.3f}，{f.n}个城市中{f.exact_matches}个名次完全一致，最多相差{f.max_abs_diff}位。"
    )


def _monte_carlo(report: Report):
    return _cached(report, "monte_carlo", lambda: monte_carlo(report.rankings, n=2000, noise=0.25, seed=0))


def _weights_text(ctx: Context, weights: pd.Series) -> str:
    names = {d.column: ctx.dim(d) for d in FIRST_LEVEL}
    return ctx.t("、", ", ").join(f"{names[c]} {w:.0%}" for c, w in weights.items())


def whatif(ctx: Context) -> Reply:
    q = ctx.query
    weights = dict(q.weights) or {d.key: 1.0 for d in FIRST_LEVEL}
    result = what_if(ctx.report.rankings, weights)
    table = result.table
    lines: list[str] = []
    changed = any(abs(v - 1.0) > 1e-9 for v in weights.values())
    if not changed:
        lines.append(
            ctx.t(
                "没有从问题中读出权重的变化（例如“知识创造力权重加倍”“环境支撑力权重为40%”“只看发展成效”），以下按等权计算。",
                "I could not read a weight change from the question (e.g. “double knowledge creation's weight”, “environment at 40%”, “only outcomes”), so equal weights are used.",
            )
        )
    lines.append(ctx.t("**权重**：", "**Weights**: ") + _weights_text(ctx, result.weights))
    for city in q.cities:
        row = table.loc[city]
        marker = rank_marker(ctx, city)
        lines.append(
            ctx.t(
                f"\n**{city}：近似排名第{int(row['approx_rank'])}名**（等权近似下第{int(row['equal_rank'])}名，报告公布第{int(row['published_rank'])}名{marker}）。",
                f"\n**{ctx.city(city)}: approximately {ctx.rank(int(row['approx_rank']))}** ({ctx.rank(int(row['equal_rank']))} under equal weights in the same approximation; published {ctx.rank(int(row['published_rank']))}{marker}).",
            )
        )
    movers = table[table["shift_vs_equal"] != 0].sort_values("shift_vs_equal", key=lambda s: -s.abs()).head(5)
    if not movers.empty:
        lines.append(ctx.t("\n**与等权近似相比变化最大的城市**", "\n**Biggest moves against equal weights**"))
        for city, row in movers.iterrows():
            arrow = "↑" if row["shift_vs_equal"] > 0 else "↓"
            lines.append(
                f"- {ctx.city(city)} {arrow}{abs(int(row['shift_vs_equal']))}（{int(row['equal_rank'])} → {int(row['approx_rank'])}）"
                if not ctx.en
                else f"- {ctx.city(city)} {arrow}{abs(int(row['shift_vs_equal']))} ({int(row['equal_rank'])} → {int(row['approx_rank'])})"
            )
    elif changed:
        lines.append(
            ctx.t(
                "\n这个权重变化没有改变任何城市的近似名次。",
                "\nThis change of weights moves no city in the approximation.",
            )
        )
    lines.append("\n" + _fidelity_text(ctx.report, ctx.lang))
    frame = table.reset_index()[["city", "published_rank", "equal_rank", "approx_rank", "shift_vs_equal"]]
    return ctx.reply("whatif", "\n".join(lines), cities=q.cities, table=frame, chart=rank_shift_chart(result))


def stability(ctx: Context) -> Reply:
    q = ctx.query
    mc = _monte_carlo(ctx.report)
    table = mc.table
    lines = [
        ctx.t(
            "在2000次模拟中随机扰动四个一级指标的权重（对数正态噪声，约±25%），并在算术/几何两种聚合方式间随机选择：",
            "Across 2,000 simulations that perturb the four first-level weights (log-normal noise, about ±25%) and pick arithmetic or geometric aggregation at random:",
        )
    ]
    cities = q.cities or []
    for city in cities:
        row = table.loc[city]
        share = float(row["share_published"])
        verdict = ctx.t(
            "很稳" if share >= 0.8 else ("较稳" if share >= 0.5 else "不太稳"),
            "very stable" if share >= 0.8 else ("fairly stable" if share >= 0.5 else "not very stable"),
        )
        marker = rank_marker(ctx, city)
        lines.append(
            ctx.t(
                f"\n**{city}的第{int(row['published_rank'])}名{verdict}**{marker}：近似排名中位数第{int(row['median_rank'])}名，90%区间第{int(row['p05_rank'])}–{int(row['p95_rank'])}名，{share:.0%}的模拟保持第{int(row['published_rank'])}名。",
                f"\n**{ctx.city(city)}'s {ctx.rank(int(row['published_rank']))} is {verdict}**{marker}: median approximate rank {ctx.rank(int(row['median_rank']))}, 90% interval {ctx.rank(int(row['p05_rank']))}–{ctx.rank(int(row['p95_rank']))}; {share:.0%} of draws keep {ctx.rank(int(row['published_rank']))}.",
            )
        )
    if not cities:
        steady = table[table["share_published"] >= 0.99].index.tolist()
        shaky = table.sort_values("share_published").head(3).index.tolist()
        lines.append(
            ctx.t(
                f"\n几乎总保持公布名次的城市：{'、'.join(steady) or '无'}；最不稳定的：{'、'.join(shaky)}。",
                f"\nCities that almost always keep their published rank: {', '.join(ctx.city(c) for c in steady) or 'none'}; least stable: {', '.join(ctx.city(c) for c in shaky)}.",
            )
        )
    lines.append("\n" + _fidelity_text(ctx.report, ctx.lang))
    frame = table.reset_index()[
        ["city", "published_rank", "equal_rank", "median_rank", "p05_rank", "p95_rank", "share_published"]
    ]
    frame["share_published"] = frame["share_published"].round(3)
    return ctx.reply("stability", "\n".join(lines), cities=cities, table=frame, chart=rank_interval_chart(mc))
