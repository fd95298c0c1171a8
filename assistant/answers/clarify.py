"""When the router is unsure: answer from the report's own sentences if one fits well, else ask one short
question offering the likeliest readings (never a guessed leaderboard)."""

from __future__ import annotations

from assistant.answers.base import Context
from assistant.answers.registry import spec
from assistant.reply import Reply
from assistant.understanding.query import Operation


def _suggestions(ctx: Context) -> list[str]:
    q = ctx.query
    out = []
    readings = [op for op, _ in q.alternatives] or []
    for op in readings:
        s = spec(op)
        if (
            s.needs_city
            and not q.cities
            or s.needs_cities > len(q.cities)
            or op in (Operation.UNKNOWN, Operation.HELP)
        ):
            continue
        label = s.label_en if ctx.en else s.label_zh
        if label:
            out.append(label)
    return out[:3]


def clarify(ctx: Context) -> Reply:
    try:
        from assistant.answers.passage import best_sentences

        hits = best_sentences(
            ctx, ctx.query.content_words, cities=ctx.query.cities, dimension=ctx.query.dimension, k=2
        )
    except ImportError:  # pragma: no cover
        hits = []
    if hits:
        from assistant.answers.passage import passage_answer

        return passage_answer(ctx)
    readings = _suggestions(ctx)
    options = ctx.t("、".join(f"“{r}”" for r in readings), ", ".join(f"“{r}”" for r in readings))
    body = ctx.t(
        "我不太确定你想问什么。"
        + (f"你是想了解{options}吗？" if readings else "")
        + "可以换个说法，或点名城市、指标（如“苏州的知识创造力排第几？”）。",
        "I'm not sure what you are asking. "
        + (f"Did you mean {options}? " if readings else "")
        + "Try naming a city or an indicator (e.g. “Where does Suzhou rank on knowledge creation?”).",
    )
    return ctx.reply("clarify", body, cities=list(ctx.query.cities))
