"""Answer composers, one per intent; `compose` routes a parsed question to the right one."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace

from assistant.answers.about import indicators, method, recommendations
from assistant.answers.base import Context
from assistant.answers.compare import compare
from assistant.answers.explain import explain
from assistant.answers.facts import fact, fact_max
from assistant.answers.guard import help_reply, invalid, unknown, unknown_place
from assistant.answers.policies import policies
from assistant.answers.ranks import city_dimension, profile, rank, top
from assistant.numerals import chinese_number
from assistant.reply import Reply
from index_core.dimensions import TOTAL

Composer = Callable[[Context], Reply]

COMPOSERS: dict[str, Composer] = {
    "explain": explain,
    "rank": rank,
    "top": top,
    "compare": compare,
    "policies": policies,
    "fact": fact,
    "fact_max": fact_max,
    "indicators": indicators,
    "method": method,
    "recommendations": recommendations,
    "profile": profile,
    "city_dimension": city_dimension,
    "help": help_reply,
    "unknown": unknown,
}
NEEDS_CITY = {"explain", "rank", "profile", "city_dimension"}


def _city_at_position(ctx: Context) -> str | None:
    """'排名第六的城市' / 'the 6th city': the city holding that rank on the asked dimension."""
    match = re.search(r"第\s*(\d+|[一二三四五六七八九十两]+)\s*(?:名|位)?", ctx.query.text) or re.search(
        r"\b(\d+)(?:st|nd|rd|th)\b|\bnumber\s+(\d+)\b|#(\d+)", ctx.query.text.lower()
    )
    if not match:
        return None
    position = chinese_number(next(g for g in match.groups() if g))
    if position is None or not 1 <= position <= len(ctx.report.rankings):
        return None
    d = ctx.query.dimension or TOTAL
    row = ctx.report.rankings[ctx.report.rankings[d.column] == position]
    return None if row.empty else str(row.iloc[0]["city"])


def _asks_for_a_position(ctx: Context) -> bool:
    """'排名第六的是哪个城市': one position on a first-level dimension (not a range, not a second-level list)."""
    q = ctx.query
    if q.intent not in ("rank", "top") or q.cities or q.rank_range or (q.level2 and not q.dimension):
        return False
    return bool(re.search(r"第\s*[\d一二三四五六七八九十两]+|\b\d+(?:st|nd|rd|th)\b", q.text))


def _ask_which_city(ctx: Context) -> Reply:
    body = ctx.t(
        f"请问是哪个城市？报告的20个样本城市是：{'、'.join(ctx.report.sample)}。",
        f"Which city do you mean? The report's 20 sample cities are: {', '.join(ctx.city(c) for c in ctx.report.sample)}.",
    )
    return ctx.reply("clarify", body)


def compose(ctx: Context) -> Reply:
    q = ctx.query
    if q.intent == "invalid":
        return invalid(ctx)
    if q.unknown_places and not q.cities:
        return unknown_place(ctx)
    if q.intent in ("whatif", "stability"):
        from assistant.answers.whatif import stability, whatif

        reply = (whatif if q.intent == "whatif" else stability)(ctx)
    elif _asks_for_a_position(ctx) and _city_at_position(ctx):
        ctx.query = replace(q, cities=[_city_at_position(ctx)])
        reply = rank(ctx)
    elif q.intent in NEEDS_CITY and not q.cities:
        city = _city_at_position(ctx)
        if city is None:
            return _ask_which_city(ctx) if q.intent != "rank" else top(ctx)
        ctx.query = replace(q, cities=[city])
        reply = COMPOSERS[q.intent](ctx)
    else:
        reply = COMPOSERS.get(q.intent, unknown)(ctx)
    if q.unknown_places:
        note = ctx.t(
            f"（注：{'、'.join(q.unknown_places)}不在报告的20个样本城市中，报告没有它的数据。）\n\n",
            f"(Note: {', '.join(q.unknown_places)} is not among the report's 20 sample cities; the report has no data on it.)\n\n",
        )
        reply.text = note + reply.text
    if q.fuzzy:
        fixed = ctx.t(
            "、".join(f"“{s}”按“{ctx.report.resolver.try_resolve(s)}”理解" for s in q.fuzzy),
            ", ".join(f"read “{s}” as {ctx.report.resolver.try_resolve(s)}" for s in q.fuzzy),
        )
        reply.notes.append(fixed)
        reply.text = ctx.t(f"（{fixed}）\n\n", f"({fixed})\n\n") + reply.text
    return reply
