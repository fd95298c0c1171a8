"""'为什么苏州排名第六？': dimension ranks, what lifts and drags, the neighbours, and the report's own words."""

from __future__ import annotations

from assistant.answers.base import Context
from assistant.answers.evidence import best_subranks, rank_marker, score_phrase, top_facts
from assistant.charts import rank_radar
from assistant.reply import Reply
from index_core.dimensions import FIRST_LEVEL, TOTAL, dimension
from index_core.domain import city_ranks, compare
from index_core.explain import DimensionEvidence, Neighbour, explain_rank


def _evidence_line(ctx: Context, e: DimensionEvidence, total: int) -> str:
    gap = abs(e.margin)
    if e.margin > 0:
        relation = ctx.t(f"比总排名高{gap}位", f"{gap} place{'s' if gap > 1 else ''} above its overall rank")
    elif e.margin < 0:
        relation = ctx.t(f"比总排名低{gap}位", f"{gap} place{'s' if gap > 1 else ''} below its overall rank")
    else:
        relation = ctx.t("与总排名持平", "level with its overall rank")
    d = dimension(e.dimension)
    line = f"- **{ctx.dim(d)} {ctx.rank(e.rank)}**{ctx.t('，', ', ')}{relation}"
    details = best_subranks(ctx, e.subranks) + top_facts(ctx, e.facts)
    if details:
        line += ctx.t("。", ". ") + ctx.t("；", "; ").join(details)
    return line + ctx.t("。", ".")


def _gap(ctx: Context, g) -> str:
    name = ctx.dim(dimension(g.dimension))
    return ctx.t(f"{name}（{g.city_rank} 对 {g.other_rank}）", f"{name} ({g.city_rank} vs {g.other_rank})")


def _neighbour_line(ctx: Context, city: str, n: Neighbour) -> str:
    above = n.position == "above"
    where = ctx.t("上一名" if above else "下一名", "One place above" if above else "One place below")
    parts = []
    if n.city_ahead_in:
        gaps = ctx.t("、", ", ").join(_gap(ctx, g) for g in n.city_ahead_in)
        parts.append(ctx.t(f"{city}领先于{gaps}", f"{ctx.city(city)} is ahead in {gaps}"))
    if n.other_ahead_in:
        gaps = ctx.t("、", ", ").join(_gap(ctx, g) for g in n.other_ahead_in)
        parts.append(ctx.t(f"{n.city}领先于{gaps}", f"{ctx.city(n.city)} is ahead in {gaps}"))
    if above and n.other_ahead_in:
        g = n.other_ahead_in[0]
        parts.append(
            ctx.t(
                f"最大差距在{g.dimension}（{-g.advantage}位）",
                f"the widest gap is {ctx.dim(dimension(g.dimension))} ({-g.advantage} places)",
            )
        )
    if not above and n.city_ahead_in:
        g = n.city_ahead_in[0]
        parts.append(
            ctx.t(
                f"{city}最大的领先在{g.dimension}（{g.advantage}位）",
                f"{ctx.city(city)}'s biggest lead is {ctx.dim(dimension(g.dimension))} ({g.advantage} places)",
            )
        )
    head = ctx.t(
        f"- {where} **{n.city}**（{ctx.rank(n.total_rank)}）：",
        f"- {where}: **{ctx.city(n.city)}** ({ctx.rank(n.total_rank)}): ",
    )
    return head + ctx.t("；", "; ").join(parts) + ctx.t("。", ".")


def explain(ctx: Context) -> Reply:
    city = ctx.query.cities[0]
    ex = explain_rank(city, ctx.report)
    marker = rank_marker(ctx, city)
    ranks = (
        "、".join(f"{d.zh}{ctx.rank(ex.ranks[d.zh])}" for d in FIRST_LEVEL)
        if not ctx.en
        else ", ".join(f"{d.en} {ctx.rank(ex.ranks[d.zh])}" for d in FIRST_LEVEL)
    )
    lines = [
        ctx.t(
            f"**{city}总指数排名第{ex.total_rank}**（20个样本城市）{marker}，{score_phrase(ctx, city, TOTAL)}。四个一级指标排名：{ranks}。",
            f"**{ctx.city(city)} ranks #{ex.total_rank} of 20** on the overall index{marker}; {score_phrase(ctx, city, TOTAL)}. Its four first-level ranks: {ranks}.",
        )
    ]
    if ex.profile_tagline:
        lines.append(
            ctx.t(
                f"报告对它的概括是“{ex.profile_tagline}”。",
                f"The report's own headline for it: “{ex.profile_tagline}”.",
            )
        )
    if ex.lifts:
        lines.append(ctx.t("\n**拉动排名的维度**", "\n**What lifts it**"))
        lines += [_evidence_line(ctx, e, ex.total_rank) for e in ex.lifts]
    if ex.drags:
        lines.append(ctx.t("\n**拖累排名的维度**", "\n**What holds it back**"))
        lines += [_evidence_line(ctx, e, ex.total_rank) for e in ex.drags]
    if ex.level:
        lines.append(ctx.t("\n**与总排名持平**", "\n**Level with the overall rank**"))
        lines += [_evidence_line(ctx, e, ex.total_rank) for e in ex.level]
    if ex.above or ex.below:
        lines.append(ctx.t("\n**与排名相邻的城市比较**", "\n**Against its neighbours in the ranking**"))
        lines += [_neighbour_line(ctx, city, n) for n in (ex.above, ex.below) if n is not None]
    reasons = _report_reasons(ctx, city)
    if reasons:
        lines.append(ctx.t("\n**报告自己的说法**", "\n**In the report's own words** (Chinese original)"))
        lines.append(reasons)
    if "not-profiled" in ex.notes:
        lines.append(
            ctx.t(
                f"\n报告只对前十名城市做了专题分析，{city}没有单独的城市分析章节，以上依据表2的排名。",
                f"\nThe report profiles only the top-10 cities; {ctx.city(city)} has no profile chapter, so the above rests on Table 2's ranks.",
            )
        )
    ranks_by_city = {
        c: city_ranks(c, ctx.report) for c in [city] + [n.city for n in (ex.above, ex.below) if n]
    }
    table = compare(list(ranks_by_city), ctx.report)
    return ctx.reply(
        "explain", "\n".join(lines), cities=[city], table=table, chart=rank_radar(ranks_by_city, ctx.lang)
    )


def _report_reasons(ctx: Context, city: str) -> str:
    """The profile's opening paragraph and any chapter-two sentence about the city's rank."""
    intro, rest = ctx.city_passages(city, f"{city} 人工智能发展水平 排名 第 优势 突出")
    chosen = (intro[:1] + rest[:1]) if intro else rest[:2]
    chapter_two = [
        s
        for s in ctx.find_passages(f"{city} 排名 二级指标情况", k=8, kind="prose")
        if city in s.text and s.city is None
    ]
    limit = 1 if chosen else 3  # cities without a profile: every chapter-two sentence that names them
    chosen += [s for s in chapter_two if s not in chosen][:limit]
    return ctx.quote_block(chosen, limit=3)
