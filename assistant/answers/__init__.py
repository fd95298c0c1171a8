"""Answer composers, one per operation; `compose` routes a parsed `Query` through the registry."""

from __future__ import annotations

from assistant.answers.base import Context, joined
from assistant.answers.claims import claim_evidence, claim_words
from assistant.answers.explain import quoted_block
from assistant.answers.guard import unknown_place
from assistant.answers.passage import coverage_block, coverage_hit, passage_hits
from assistant.answers.premises import correct_premises
from assistant.answers.registry import composer, spec
from assistant.citations import SOURCES_RULE as FOOTER
from assistant.reply import Reply
from assistant.understanding.query import Operation


def _ask_which_city(ctx: Context) -> Reply:
    body = ctx.t(
        f"请问是哪个城市？报告的20个样本城市是：{'、'.join(ctx.report.sample)}。",
        f"Which city do you mean? The report's 20 sample cities are: {', '.join(ctx.city(c) for c in ctx.report.sample)}.",
    )
    return ctx.reply("clarify", body)


# Answers that are already the report's own sentences, or about no content of the report.
_NO_COVERAGE = {
    Operation.INVALID,
    Operation.UNKNOWN,
    Operation.HELP,
    Operation.CLARIFY,
    Operation.PASSAGE,
    Operation.WHATIF,
    Operation.STABILITY,
}


def _add_coverage(ctx: Context, reply: Reply) -> None:
    """What the structured answer leaves out of the question, answered by the report's best sentence."""
    body, footer, rest = reply.text.partition(FOOTER)
    hit = coverage_hit(ctx, body, everything=reply.unanswered)
    if hit is None:
        return
    block = coverage_block(ctx, hit)
    reply.text = body.rstrip() + block + (footer + rest if footer else "")
    if hit.source.id not in {s.id for s in reply.sources}:
        reply.sources.append(hit.source)


# Answers that may carry the report's grounds for a claim about a city (the others ask nothing of it).
_NO_EVIDENCE = {"invalid", "unknown", "help", "clarify", "error"}


def _headline_words(ctx: Context, city: str) -> tuple[str, ...]:
    """The content words of a profiled city's headline (深圳：算力支撑能力较为突出 -> 算力, 支撑, 能力 ...)."""
    from assistant.understanding.content import content_words

    tagline = ctx.report.profile_taglines.get(city)
    return claim_words(content_words(tagline), (city,)) if tagline else ()


def _add_evidence(ctx: Context, reply: Reply) -> None:
    """'依据是什么 / what backs that up': the report's sentences behind the claim, for each city asked about."""
    q = ctx.query
    if "evidence" not in q.asked or not q.cities or reply.intent in _NO_EVIDENCE:
        return
    if q.analysis is not None and q.analysis.kind.startswith("policy"):
        return  # a computation over the policy tables: each policy's text and the report's sentence are shown
    body, footer, rest = reply.text.partition(FOOTER)
    stated = reply.intent != "passage" or bool(passage_hits(ctx))
    words = claim_words(q.content_words, q.cities)
    blocks: list[str] = []
    shown = body
    for city in q.cities[:2]:
        claim = words or _headline_words(ctx, city)  # "报告标题是怎么概括的": the headline is the claim
        pairs = claim_evidence(city, claim, ctx.report.sample, shown=shown)
        if not pairs:
            continue
        title = ctx.t(f"报告的相关原文（{city}）", f"What the report says ({ctx.city(city)})")
        lines = quoted_block(ctx, title, title, pairs)
        blocks.append("\n".join(lines))
        shown += "".join(s for s, _ in pairs)
    if not blocks:
        return
    # "the report does not state this" gives way to the report's sentences that do speak to it
    kept = body.rstrip() + "\n" if stated else ""
    reply.text = kept + "\n".join(blocks).lstrip() + (footer + rest if footer else "")
    known = {s.id for s in reply.sources}
    reply.sources += [s for s in ctx.passages if s.id not in known]


def compose(ctx: Context) -> Reply:
    """The answer to the query; a question asking two things gets each part answered in turn, numbered
    citations running on through both."""
    if not ctx.query.parts:
        return _compose_one(ctx)
    whole = ctx.query
    replies = []
    for part in whole.parts:
        ctx.query = part
        replies.append(_compose_one(ctx))
    ctx.query = whole
    reply = joined(replies)
    reply.cities = list(dict.fromkeys(c for p in whole.parts for c in p.cities))
    reply.sources = list(ctx.passages)
    reply.facts = ctx.cites.facts
    return reply


def _without_repeated_corrections(text: str, correction: str) -> str:
    """A composer's own correction head that the premise check already opened the answer with ("更正：报告这样说的是
    苏州，不是杭州。" under the same correction with its quote) is said once."""
    kept = []
    for block in text.split("\n\n"):
        core = block.strip().strip("*").rstrip("。.*").strip()
        said_before = block.lstrip().startswith(("**更正：", "**Correction:")) and core and core in correction
        if not said_before:
            kept.append(block)
    return "\n\n".join(kept)


def _compose_one(ctx: Context) -> Reply:
    q = ctx.query
    if q.operation is Operation.INVALID:
        return composer(Operation.INVALID)(ctx)
    if q.unknown_places and not q.cities:
        return unknown_place(ctx)
    if spec(q.operation).needs_city and not q.cities:
        return _ask_which_city(ctx)
    correction = correct_premises(ctx)
    op = q.operation
    if op is Operation.UNKNOWN and passage_hits(ctx):
        op = Operation.PASSAGE  # "没太明白" only for what the report does not speak to at all
    reply = composer(op)(ctx)
    _add_evidence(ctx, reply)
    if op not in _NO_COVERAGE:
        _add_coverage(ctx, reply)
    prefix = ""
    if correction:
        prefix += correction + "\n\n"
        reply.text = _without_repeated_corrections(reply.text, correction)
    if q.carried:
        names = ctx.t("、", ", ").join(ctx.city(c) for c in q.carried)
        prefix += ctx.t(f"（沿用上文：{names}）\n\n", f"(Carried over from the conversation: {names})\n\n")
    if q.regions:
        read = [(word, [c for c in cities if c in q.cities]) for word, cities in q.regions]
        read = [(word, cities) for word, cities in read if cities]
        if read:
            prefix += ctx.t(
                "（"
                + "；".join(f"“{w}”按通常的地理划分理解为{'、'.join(c)}" for w, c in read)
                + "；报告本身不按地区给城市分组。）\n\n",
                "("
                + "; ".join(
                    f"read “{w}” by common geography as {', '.join(ctx.city(x) for x in c)}" for w, c in read
                )
                + "; the report itself does not group cities by region.)\n\n",
            )
    if q.unknown_places:
        prefix += ctx.t(
            f"（注：{'、'.join(q.unknown_places)}不在报告的20个样本城市中，报告没有它的数据。）\n\n",
            f"(Note: {', '.join(q.unknown_places)} is not among the report's 20 sample cities; the report has no data on it.)\n\n",
        )
    if q.fuzzy:
        fixed = ctx.t(
            "、".join(f"“{s}”按“{ctx.report.resolver.try_resolve(s)}”理解" for s in q.fuzzy),
            ", ".join(f"read “{s}” as {ctx.city(ctx.report.resolver.try_resolve(s) or s)}" for s in q.fuzzy),
        )
        reply.notes.append(fixed)
        prefix += ctx.t(f"（{fixed}）\n\n", f"({fixed})\n\n")
    reply.text = prefix + reply.text
    return reply
