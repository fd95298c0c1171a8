"""'为什么苏州排名第六？': dimension ranks, what lifts and drags, the neighbours, and the report's own words."""

from __future__ import annotations

import re

from assistant.answers.base import Context
from assistant.answers.evidence import (
    best_subranks,
    level2_figures,
    level2_places,
    rank_marker,
    score_phrase,
    top_facts,
)
from assistant.charts import rank_radar
from assistant.reply import Reply, Source
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


def shared_reason(ctx: Context, cities: tuple[str, ...]) -> list[str]:
    """'Why do Shenzhen, Xi'an, Qingdao and Wuhan score high on industry coverage?': chapter two's statement that
    names two or more of the cities asked about on the second-level indicator asked, as the report's reason for
    them together, then each city's stated place on it and the figure that measures it."""
    level2 = ctx.query.level2
    if not level2 or len(cities) < 2:
        return []
    leaders = ctx.report.leaders[ctx.report.leaders["level2"] == level2]
    lines = []
    for _, row in leaders.iterrows():
        named = [c for c in cities if c in row["cities"].split(";")]
        if len(named) < 2:
            continue
        marker = ctx.cites.cite_row(row, label=f"{level2} leaders", value_column="statement", table="leaders")
        lines.append(
            ctx.t(
                f"**报告对它们的解释**（第二章，{level2}）：「{row['quote']}」{marker}",
                f"**The report's reason for them** (chapter two, {ctx.dim_name(level2)}; Chinese original): "
                f"「{row['quote']}」{marker}",
            )
        )
    if not lines:
        return []
    for city in cities:
        items = level2_places(ctx, city, level2) + level2_figures(ctx, city, level2)
        said = ctx.t("；", "; ").join(items) or ctx.t(
            "报告未给出该项名次或数据", "no place or figure stated on it"
        )
        lines.append(f"- {ctx.city(city)}{ctx.t('：', ': ')}{said}")
    return [*lines, ""]


def explain(ctx: Context) -> Reply:
    shared = shared_reason(ctx, ctx.query.cities)
    reply = _explain_first(ctx)
    if shared:
        reply.text = "\n".join(shared) + "\n" + reply.text
        reply.cities = list(dict.fromkeys([*ctx.query.cities, *reply.cities]))
    return reply


def _explain_first(ctx: Context) -> Reply:
    city = ctx.query.cities[0]
    d = ctx.query.dimension
    if d is not None and d is not TOTAL:
        return explain_dimension(ctx, city, d)
    ex = explain_rank(city, ctx.report)
    marker = rank_marker(ctx, city)
    ranks = _first_level_ranks(ctx, ex)
    lines = [
        ctx.t(
            f"**{city}总指数排名第{ex.total_rank}**（20个样本城市）{marker}，{score_phrase(ctx, city, TOTAL)}。四个一级指标排名：{ranks}。",
            f"**{ctx.city(city)} ranks {ctx.rank(ex.total_rank)} of 20** on the overall index{marker}; {score_phrase(ctx, city, TOTAL)}. Its four first-level ranks: {ranks}.",
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
        # the report's own summary of the strongest lift, from the city's profile ("青岛市人工智能产业覆盖度得分较高")
        lifted_by = dimension(ex.lifts[0].dimension)
        lead = profile_sentences(ctx, city, lifted_by, limit=1)[:1]
        best = _best_level2(ex.lifts[0])
        lead += _indicator_sentence(city, lifted_by, best) if best else []
        lines += sentence_lines(ctx, lead)
    if ex.drags:
        lines.append(ctx.t("\n**拖累排名的维度**", "\n**What holds it back**"))
        lines += [_evidence_line(ctx, e, ex.total_rank) for e in ex.drags]
    if ex.level:
        lines.append(ctx.t("\n**与总排名持平**", "\n**Level with the overall rank**"))
        lines += [_evidence_line(ctx, e, ex.total_rank) for e in ex.level]
    if ex.above or ex.below:
        lines.append(ctx.t("\n**与排名相邻的城市比较**", "\n**Against its neighbours in the ranking**"))
        lines += [_neighbour_line(ctx, city, n) for n in (ex.above, ex.below) if n is not None]
    lines += quoted_block(
        ctx,
        f"报告在总体排名分析中对{city}的说法",
        f"What the report's overall ranking analysis says of {ctx.city(city)}",
        _overall_commentary(ctx, city),
    )
    lines += quoted_block(ctx, "报告自己的说法", "In the report's own words", _report_reasons(ctx, city))
    if "not-profiled" in ex.notes:
        # (no profile: what the four dimensions' analyses say of it, most telling dimension first)
        telling = [dimension(e.dimension) for e in (*ex.lifts, *ex.drags)] + list(FIRST_LEVEL)
        named = [
            s for d in dict.fromkeys(telling) for s in named_in_dimension_analysis(ctx, city, d, limit=1)
        ]
        lines += quoted_block(
            ctx,
            f"报告在各维度的总体分析中提到{city}",
            f"The report's analyses of the four dimensions name {ctx.city(city)}",
            list(dict.fromkeys(named))[:3],
        )
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


def _report_reasons(ctx: Context, city: str) -> list[tuple[str, Source]]:
    """The profile's opening sentences (the report's own summary of the city, "…拥有资源利用率最高的国家级超算中心
    之一"); nothing for a city without a profile (chapter two's sentences about it are given by
    _overall_commentary)."""
    from assistant.answers.passage import split_sentences

    intro, _ = ctx.city_passages(city, f"{city} 人工智能发展水平 排名 第 优势 突出")
    if not intro:
        return []
    return [(sentence, intro[0]) for sentence in split_sentences(intro[0].text)[:3]]


def explain_dimension(ctx: Context, city: str, d) -> Reply:
    """'武汉的资源支持力为什么只排第13': that dimension's second-level ranks and figures for the city, its
    neighbours on that dimension's ranking, and the report's sentences about the city on that dimension."""
    ranks = city_ranks(city, ctx.report)
    marker = rank_marker(ctx, city)
    lines = [
        ctx.t(
            f"**{city}{d.zh}排名第{ranks[d.zh]}**（20个样本城市）{marker}，总指数排名第{ranks[TOTAL.zh]}；{score_phrase(ctx, city, d)}。",
            f"**{ctx.city(city)} ranks {ctx.rank(ranks[d.zh])} of 20 on {d.en}**{marker} (overall {ctx.rank(ranks[TOTAL.zh])}); {score_phrase(ctx, city, d)}.",
        )
    ]
    ex = explain_rank(city, ctx.report)
    lines.append(_four_ranks_line(ctx, ex, marker))
    s = ctx.report.subranks
    phrases = best_subranks(ctx, s[(s["city"] == city) & (s["level1"] == d.zh)], limit=4)
    level2 = ctx.t("、", ", ").join(ctx.dim_name(x) for x in d.level2)
    lines.append(
        ctx.t(f"\n**{d.zh}的二级指标**（{level2}）", f"\n**Its second-level indicators** ({level2})")
    )
    lines += [f"- {p}" for p in phrases] or [
        ctx.t(
            f"- 报告没有给出{city}在这些二级指标上的排名。",
            f"- The report states no second-level rank for {ctx.city(city)} here.",
        )
    ]
    f = ctx.report.facts
    facts = top_facts(ctx, f[(f["city"] == city) & f["section"].str.contains(d.zh, regex=False)], limit=4)
    if facts:
        lines.append(ctx.t("\n**报告给出的相关数据**", "\n**Figures the report gives here**"))
        lines += [f"- {x}" for x in facts]
    table = ctx.report.rankings
    neighbours = table[(table[d.column] - ranks[d.zh]).abs() == 1].sort_values(d.column)
    if not neighbours.empty:
        lines.append(ctx.t(f"\n**{d.zh}排名上的相邻城市**", f"\n**Its neighbours on {d.en}**"))
        for _, row in neighbours.iterrows():
            other = str(row["city"])
            overall = int(row["total_rank"])
            lines.append(
                f"- {ctx.city(other)} {ctx.rank(int(row[d.column]))}{rank_marker(ctx, other)}"
                + ctx.t(f"（总指数第{overall}）", f" (overall {ctx.rank(overall)})")
            )
    named = named_in_dimension_analysis(ctx, city, d)
    lines += quoted_block(
        ctx,
        f"报告在{d.zh}的总体分析中提到{city}",
        f"The report's overall analysis of {d.en} names {ctx.city(city)}",
        named,
    )
    own = profile_sentences(ctx, city, d, then_next=True)
    # the report's sentence behind its best second-level indicator there ("创新发展方面，以阿里巴巴、海康威视…")
    evidence = next((e for e in ex.dimensions if e.dimension == d.zh), None)
    best = _best_level2(evidence) if evidence is not None else None
    behind = _indicator_sentence(city, d, best) if best else []
    own += [pair for pair in behind if pair[0] not in {s for s, _ in own}]
    lines += quoted_block(ctx, "报告的解释", "The report's explanation", own)
    for other in (x for x in ctx.query.dimensions_named if x is not d):
        # "知识创造力排第六，发展成效却只有十五，怎么回事": the other side named, with the report's own summary of it
        place = city_ranks(city, ctx.report)[other.zh]
        lines += quoted_block(
            ctx,
            f"{other.zh}（第{place}名）：报告的说法",
            f"{other.en} ({ctx.rank(place)}): what the report says",
            profile_sentences(ctx, city, other, limit=2, then_next=True),
        )
    passages = (
        []
        if own
        else ctx.find_passages(f"{city} {d.zh} {' '.join(d.level2)}", k=2, city=city, dimension=d.zh)
    )
    if passages:
        lines.append(ctx.t("\n**报告自己的说法**", "\n**In the report's own words** (Chinese original)"))
        lines.append(ctx.quote_block(passages, limit=2, chars=320))
    elif not facts and not phrases and not named and not own:
        lines.append(
            ctx.t(
                f"\n报告没有对{city}的{d.zh}作专门分析（只对前十名城市做了专题分析）。",
                f"\nThe report has no specific analysis of {ctx.city(city)} on {d.en} (it profiles the top-10 cities only).",
            )
        )
    cities = [city, *[str(c) for c in neighbours["city"]]]
    ranks_by_city = {c: city_ranks(c, ctx.report) for c in cities}
    return ctx.reply(
        "explain",
        "\n".join(lines),
        cities=[city],
        table=compare(cities, ctx.report),
        chart=rank_radar(ranks_by_city, ctx.lang),
    )


def _first_level_ranks(ctx: Context, ex) -> str:
    """'环境支撑力第5名、资源支持力第12名…' / 'Environment support 5th, Resource support 12th, …'."""
    return ctx.t("、", ", ").join(
        f"{ctx.dim(x)}{ctx.t('', ' ')}{ctx.rank(ex.ranks[x.zh])}" for x in FIRST_LEVEL
    )


def _four_ranks_line(ctx: Context, ex, marker: str) -> str:
    """The city's four first-level ranks, with the strongest lift and the heaviest drag on its overall place: a
    "why" about one dimension is often asked against the overall place or another dimension ("总排名才13，环境支撑力
    却是第5", "top 10 overall but only 15th in outcomes … where is it strong?")."""
    ranks = _first_level_ranks(ctx, ex)
    line = ctx.t(f"四个一级指标排名：{ranks}{marker}", f"Its four first-level ranks: {ranks}{marker}")
    ends = (
        (ex.lifts, min, "最强的是", "拉动总排名", "strongest on", "which lifts its overall place"),
        (ex.drags, max, "最弱的是", "拖累总排名", "weakest on", "which holds its overall place back"),
    )
    said = []
    for evidence, pick, zh, zh_effect, en, en_effect in ends:
        if evidence:
            e = pick(evidence, key=lambda x: x.rank)
            name = ctx.dim(dimension(e.dimension))
            said.append(
                ctx.t(
                    f"{zh}{name}（第{e.rank}名），{zh_effect}",
                    f"{en} {name} ({ctx.rank(e.rank)}), {en_effect}",
                )
            )
    if said:
        line += ctx.t("；", "; ") + ctx.t("；", "; ").join(said)
    return line + ctx.t("。", ".")


def named_in_dimension_analysis(
    ctx: Context, city: str, d, limit: int = 2, level2: str | None = None
) -> list[tuple[str, Source]]:
    """Sentences outside the city's own profile that name it beside the dimension or one of its second-level
    indicators ("产业覆盖度：深圳、西安、青岛和武汉企业覆盖的人工智能产业链环节较多"): the report's reasons for a
    city it does not profile. With `level2`, only sentences naming that second-level indicator."""
    from assistant.answers.passage import report_sentences, start_of_sentence

    found = [
        (start_of_sentence(sentence, source.text) + sentence, source)
        for sentence, source in report_sentences()
        if source.city != city
        and city in sentence
        and any(
            w in start_of_sentence(sentence, source.text) + sentence
            for w in ((level2,) if level2 else d.level2)
        )
    ]
    return list(dict.fromkeys(found))[:limit]


def profile_sentences(
    ctx: Context, city: str, d, limit: int = 3, extra_words: tuple[str, ...] = (), then_next: bool = False
) -> list[tuple[str, Source]]:
    """The report's own reasons for a profiled city on one dimension, in its words: the lead sentence of that
    dimension's paragraph in the city's profile (its summary, e.g. "…创新发展得分较高，在样本城市中排第三名"),
    then the sentences of the paragraph that best match what the question asks about ("supercomputing")."""
    from assistant.answers.passage import report_sentences, rest_of_sentence, score_sentence

    paragraph = [
        (sentence, source)
        for sentence, source in report_sentences()
        if source.city == city and d.zh in source.section and "|" not in sentence
    ]
    paragraph = [(s, src) for s, src in paragraph if len(s.strip("*。 ")) > len(d.zh) + 2]
    if not paragraph:
        return []
    lead, source = paragraph[0]
    lead = re.sub(r"^\**人工智能[^。]{2,8}。\**", "", lead).strip()  # the paragraph's bold header
    chosen = [(lead + rest_of_sentence(paragraph[0][0], source.text), source)]
    words = [w for w in (*extra_words, *ctx.query.content_words) if w and w not in (city, d.zh)]
    if words:
        scored = sorted(
            (
                (score_sentence(s, src, words, cities=(city,))[0], i)
                for i, (s, src) in enumerate(paragraph[1:], 1)
            ),
            reverse=True,
        )
        chosen += [
            (paragraph[i][0] + rest_of_sentence(paragraph[i][0], paragraph[i][1].text), paragraph[i][1])
            for score, i in scored[: limit - 1]
            if score > 0.2
        ]
    if then_next and len(chosen) == 1 and len(paragraph) > 1:
        # why, with nothing asked in particular ("主要靠的是啥？"): the sentence after the lead, which says what lies
        # behind it
        following, src = paragraph[1]
        chosen.append((following + rest_of_sentence(following, src.text), src))
    return chosen


def quoted_block(ctx: Context, title_zh: str, title_en: str, pairs: list[tuple[str, Source]]) -> list[str]:
    """A bold heading and the report's sentences under it (nothing when there are none)."""
    if not pairs:
        return []
    heading = ctx.t(f"\n**{title_zh}**", f"\n**{title_en}** (Chinese original)")
    return [heading, *sentence_lines(ctx, pairs)]


def sentence_lines(ctx: Context, pairs: list[tuple[str, Source]]) -> list[str]:
    """Report sentences as answer lines, verbatim, each with its section and page; their passages become sources."""
    lines = []
    # (a sentence inside one already quoted is not quoted again: "创新发展得分较高，在样本城市中排第三名。" after the
    # whole sentence it ends)
    pairs = [
        (sentence, source)
        for i, (sentence, source) in enumerate(pairs)
        if not any(sentence.strip("。") in other for other, _ in pairs[:i])
    ]
    for sentence, source in pairs:
        page = ctx.t(f"，第{source.page}页", f", p.{source.page}") if source.page else ""
        lines.append(f"- 「{sentence}」{ctx.t('（', ' (')}{source.section}{page}{ctx.t('）', ')')}")
    ctx.use([source for _, source in pairs])
    return lines


def _indicator_sentence(city: str, d, level2: str) -> list[tuple[str, Source]]:
    """The sentence of the city's profile paragraph on `d` that the report opens with the indicator's name
    ("创新发展方面，以阿里巴巴、海康威视等为代表的企业…"): what lies behind that indicator's place."""
    from assistant.answers.passage import report_sentences, rest_of_sentence

    for sentence, source in report_sentences():
        if (
            source.city == city
            and d.zh in source.section
            and sentence.lstrip("*").startswith(f"{level2}方面")
        ):
            return [(sentence + rest_of_sentence(sentence, source.text), source)]
    return []


def _best_level2(evidence) -> str | None:
    """The second-level indicator the city ranks best on inside a dimension (None when none is ranked)."""
    sub = evidence.subranks
    ranked = sub.assign(place=sub["rank"].fillna(sub["rank_max"]))
    ranked = ranked[(ranked["indicator"] != evidence.dimension) & ranked["place"].notna()]
    if ranked.empty:
        return None
    return str(ranked.sort_values("place").iloc[0]["indicator"])


_PRINTED_SCORE = re.compile(r"\d+\.\d+\s*分")


def _overall_commentary(ctx: Context, city: str, limit: int = 3) -> list[tuple[str, Source]]:
    """Chapter two's sentences about the city (outside its profile): "苏州排名第六,是前十城市中唯一的地级市",
    "北京总体排名第一,主要指标发展均衡且得分领先…". Lists of many cities are left out."""
    from assistant.answers.passage import report_sentences, rest_of_sentence, start_of_sentence

    sample = ctx.report.sample
    found = []
    for sentence, source in report_sentences():
        if source.city not in (None, city) or not source.section.startswith("二") or city not in sentence:
            continue
        if "|" in sentence or sum(c in sentence for c in sample) >= 4:
            continue
        if _PRINTED_SCORE.search(sentence):
            continue  # the printed scores: the headline gives the city's, cited to this sentence
        clauses = re.split(r"[，,;；:：]", sentence)
        if not any(city in clause[:8] for clause in clauses):
            continue  # the city is the subject somewhere, not mentioned in passing ("深圳排名仅次于北京")
        whole = start_of_sentence(sentence, source.text) + sentence + rest_of_sentence(sentence, source.text)
        found.append((whole, source))
    found.sort(key=lambda item: "(一)" not in item[1].section)  # the overall ranking's own commentary first
    return list(dict.fromkeys(found))[:limit]
