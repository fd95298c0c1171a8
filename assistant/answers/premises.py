"""False premises corrected first: a rank or a top-N membership the question states is checked against Table 2."""

from __future__ import annotations

from assistant.answers.base import Context
from assistant.answers.evidence import rank_marker
from index_core.dimensions import DIMENSIONS


def correct_premises(ctx: Context) -> str | None:
    """The correction to open the answer with, or None when every claim holds (or none was made)."""
    lines = []
    rankings = ctx.report.rankings
    for claim in ctx.query.claims:
        row = rankings[rankings["city"] == claim.city]
        if row.empty or claim.value is None:
            continue
        actual = int(row.iloc[0][claim.column])
        d = next(d for d in DIMENSIONS if d.column == claim.column)
        if claim.kind == "rank" and actual != claim.value:
            holder = rankings[rankings[claim.column] == claim.value]
            marker = rank_marker(ctx, claim.city)
            who = ""
            if not holder.empty:
                other = str(holder.iloc[0]["city"])
                other_marker = rank_marker(ctx, other)
                who = ctx.t(
                    f"；{d.zh}第{claim.value}是{other}{other_marker}",
                    f"; #{claim.value} on {d.en} is {ctx.city(other)}{other_marker}",
                )
            lines.append(
                ctx.t(
                    f"**更正：{claim.city}{d.zh}排名第{actual}，不是第{claim.value}**{marker}{who}。",
                    f"**Correction: {ctx.city(claim.city)} ranks #{actual} on {d.en}, not #{claim.value}**{marker}{who}.",
                )
            )
        elif claim.kind == "top" and actual > claim.value:
            marker = rank_marker(ctx, claim.city)
            lines.append(
                ctx.t(
                    f"**更正：{claim.city}{d.zh}排名第{actual}，并未进入前{claim.value}**{marker}。",
                    f"**Correction: {ctx.city(claim.city)} ranks #{actual} on {d.en}, so it is not in the top {claim.value}**{marker}.",
                )
            )
    return "\n".join(lines) or None
