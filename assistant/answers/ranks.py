"""Rank and score look-ups, top-N / bottom-N lists, a city on one dimension, and a city overview."""

from __future__ import annotations

import re

import pandas as pd

from assistant.answers.base import Context, joined
from assistant.answers.evidence import (
    best_subranks,
    fact_phrase,
    level2_places,
    rank_marker,
    score_phrase,
    subrank_phrase,
    top_facts,
)
from assistant.charts import rank_radar, top_bars
from assistant.reply import Reply
from index_core.analytics import Scope, scope_rankings
from index_core.dimensions import DIMENSIONS, FIRST_LEVEL, LEVEL2_TO_LEVEL1, TOTAL, Dimension, dimension
from index_core.domain import city_ranks, compare, policies, rank_table


def _four_ranks(ctx: Context, city: str) -> str:
    ranks = city_ranks(city, ctx.report)
    return ctx.t("、", ", ").join(f"{ctx.dim(d)}{ctx.t('', ' ')}{ctx.rank(ranks[d.zh])}" for d in FIRST_LEVEL)


def _ranks_table(ctx: Context, cities: list[str]) -> pd.DataFrame:
    return (
        compare(cities, ctx.report)
        if len(cities) > 1
        else compare(cities, ctx.report).drop(columns=["leader"])
    )


def _level2_statement(ctx: Context, city: str, level2: str) -> str:
    f = ctx.report.facts
    # a second-level indicator the report also measures as a figure (产业覆盖度 9.2%): the figure beside the rank
    figures = [
        fact_phrase(ctx, row)
        for _, row in f[(f["city"] == city) & (f["metric_zh"] == level2)].head(1).iterrows()
    ]
    figure = (
        ctx.t(f"报告给出的数值：{figures[0]}。", f" The report's figure: {figures[0]}.") if figures else ""
    )
    phrases = level2_places(ctx, city, level2)
    if not phrases:
        parent = LEVEL2_TO_LEVEL1.get(level2, "")
        return (
            ctx.t(
                f"报告没有给出{city}在二级指标“{level2}”上的排名（二级指标只对部分城市有文字说明；其所属一级指标{parent}的排名见上）。",
                f"The report states no rank for {ctx.city(city)} on the second-level indicator {ctx.dim_name(level2)} (it words such ranks for some cities only).",
            )
            + figure
        )
    return ctx.t(f"二级指标：{'；'.join(phrases)}。", f"Second-level: {'; '.join(phrases)}.") + figure


def rank(ctx: Context) -> Reply:
    """'苏州排第几？', '北京的总指数得分', 'Where does Wuhan rank on outcomes?'"""
    q = ctx.query
    d = q.dimension or (dimension(LEVEL2_TO_LEVEL1[q.level2]) if q.level2 else TOTAL)
    lines = []
    for city in q.cities:
        ranks = city_ranks(city, ctx.report)
        asked_level2 = q.level2 and q.dimension is None
        level2_line = (
            " ".join(_level2_statement(ctx, city, name) for name in (q.level2, *q.more_level2))
            if asked_level2
            else ""
        )  # cited first: shown first
        marker = rank_marker(ctx, city)
        head = ctx.t(
            f"**{city}{d.zh}排名第{ranks[d.zh]}**（共20个样本城市）{marker}，{score_phrase(ctx, city, d)}。",
            f"**{ctx.city(city)} ranks {ctx.rank(ranks[d.zh])} of 20 on {d.en}**{marker}; {score_phrase(ctx, city, d)}.",
        )
        if asked_level2:
            # the second-level indicator asked about first; its first-level dimension after it
            lines.append(level2_line)
            head = ctx.t("所属一级指标：", "Its first-level dimension: ") + head
        lines.append(head)
        if d is not TOTAL:
            lines.append(
                ctx.t(f"总指数排名第{ranks['总指数']}。", f"Overall it ranks {ctx.rank(ranks['总指数'])}.")
            )
        lines.append(
            ctx.t(
                f"四个一级指标：{_four_ranks(ctx, city)}。", f"First-level ranks: {_four_ranks(ctx, city)}."
            )
        )
        if q.level2 and q.dimension is not None:
            lines += [_level2_statement(ctx, city, name) for name in (q.level2, *q.more_level2)]
        tagline = ctx.report.profile_taglines.get(city)
        if d is TOTAL and tagline:
            # a profiled city: the report's one-line verdict on it, from its profile heading
            lines.append(
                ctx.t(
                    f"报告对它的概括（城市分析标题）：“{tagline}”。",
                    f"The report's headline for it (its profile heading): “{tagline}”.",
                )
            )
        lines.append("")
    chart = rank_radar({c: city_ranks(c, ctx.report) for c in q.cities}, ctx.lang)
    return ctx.reply(
        "rank", "\n".join(lines), cities=q.cities, table=_ranks_table(ctx, q.cities), chart=chart
    )


def _top_n(ctx: Context) -> int:
    """How many cities to list: the N asked for, all 20 for a full ranking, one for 'which city', else ten."""
    q = ctx.query
    if q.n:
        return max(1, min(q.n, 20))
    if q.whole_list:
        return 20
    return 1 if q.single else 10


def top(ctx: Context) -> Reply:
    """Top-N / bottom-N on a dimension; second-level questions list what the report states."""
    q = ctx.query
    if q.level2 and (q.dimension is None or q.dimension.zh == LEVEL2_TO_LEVEL1.get(q.level2)):
        # ("Within environment support, which cities lead on organisational environment, and which on R&D
        # environment?": the second-level indicators named, each in turn)
        return joined([_level2_leaders(ctx, name) for name in dict.fromkeys((q.level2, *q.more_level2))])
    d = q.dimension or TOTAL
    if q.threshold is not None and q.threshold.column == "score":
        return _above_threshold(ctx, d, q.threshold.value)
    table = rank_table(d, ctx.report)
    group = q.subset.group if q.subset is not None and q.subset.kind == "group" else None
    if group:
        # "三个计划单列市分别排第几", "How did the provincial capitals rank?": the group's cities, their own ranks
        members = ctx.report.cities.loc[ctx.report.cities["category"] == group, "city"]
        table = table[table["city"].isin(set(members))]
    if group and not q.n and not q.single and not q.rank_range:
        chosen = table if q.order == "top" else table.iloc[::-1]
        n = len(chosen)
    elif q.rank_range:
        low, high = q.rank_range
        chosen = table[(table["rank"] >= low) & (table["rank"] <= high)]
        n = len(chosen)
    else:
        n = _top_n(ctx)
        chosen = table.head(n) if q.order == "top" else table.tail(n).iloc[::-1]
    aside = ""
    if q.set_aside:
        # "除了北京和上海，前五名还有谁？": the list without the cities set aside, their places unchanged
        kept = chosen[~chosen["city"].isin(q.set_aside)]
        if kept.empty:
            # ("除了北京，第一是谁？": every city listed is set aside; the next ones after them, as many as asked)
            rest = table[~table["city"].isin(q.set_aside)]
            kept = rest.head(len(chosen)) if q.order == "top" else rest.tail(len(chosen)).iloc[::-1]
        chosen = kept
        aside = ctx.t(
            f"（{'、'.join(q.set_aside)}除外）",
            " (" + ", ".join(ctx.city(c) for c in q.set_aside) + " set aside)",
        )
    for _, row in chosen.iterrows():
        rank_marker(ctx, row["city"])
    items = []
    for _, row in chosen.iterrows():
        score = ""
        if row["score"]:
            score = ctx.t(f"（{row['score']}分）", f" (score {row['score']})")
            s = ctx.report.scores
            srow = s[(s["city"] == row["city"]) & (s["dimension"] == d.zh) & (s["kind"] == "score")].iloc[0]
            score += ctx.cites.cite_row(
                srow, label=f"{row['city']} {d.zh} score", value_column="score", table="scores"
            )
        if group and not q.n and not q.rank_range:  # a group's places are not consecutive: say each one
            items.append(f"- {ctx.city(row['city'])}{ctx.t('：', ': ')}{ctx.rank(int(row['rank']))}{score}")
        else:
            items.append(f"{int(row['rank'])}. {ctx.city(row['city'])}{score}")
    if n == 1 and not q.rank_range and q.set_aside and not chosen.empty:
        row = chosen.iloc[0]
        place = int(row["rank"])
        aside = ""  # (the head says what is set aside)
        head = ctx.t(
            f"**除{'、'.join(q.set_aside)}外，{d.zh}排名{'最前' if q.order == 'top' else '最后'}的是{row['city']}（第{place}名）**。",
            f"**Setting aside {', '.join(ctx.city(c) for c in q.set_aside)}, "
            f"{'the highest' if q.order == 'top' else 'the lowest'} on {d.en} is {ctx.city(row['city'])} "
            f"({ctx.rank(place)})**.",
        )
    elif n == 1 and not q.rank_range:
        row = chosen.iloc[0]
        first = ctx.t("第一" if q.order == "top" else "最后一名", "first" if q.order == "top" else "last")
        head = ctx.t(
            f"**{d.zh}排名{first}的是{row['city']}**（共20个样本城市）。",
            f"**{ctx.city(row['city'])} is {first} on {d.en}** among the 20 sample cities.",
        )
    elif group and not q.n and not q.rank_range:
        head = ctx.t(
            f"**{group}（{len(chosen)}个）的{d.zh}排名**（20个样本城市中的名次）：",
            f"**The {ctx.group_plural(group)} ({len(chosen)}) on {d.en}** (their places among the 20 sample cities):",
        )
    elif q.rank_range:
        low, high = q.rank_range
        head = ctx.t(f"**{d.zh}排名第{low}至第{high}名的城市**：", f"**Ranks {low} to {high} on {d.en}**:")
    else:
        which = ctx.t("前" if q.order == "top" else "后", "Top" if q.order == "top" else "Bottom")
        head = ctx.t(f"**{d.zh}排名{which}{n}的城市**：", f"**{which} {n} on {d.en}**:")
    printed = int((chosen["score"] != "").sum())
    tail = ""
    if printed < len(chosen):
        tail = ctx.t(
            "\n\n报告只公布了少数城市的得分（如总指数前三名、环境支撑力前三名、资源支持力第一名），其余城市只有排名。",
            "\n\nThe report prints scores for only a few cities (overall top 3, environment top 3, resources #1); the rest have ranks only.",
        )
    if aside and head.endswith(("：", ":")):
        head = head[:-1] + aside + head[-1]
    elif aside:
        head += aside
    body = head + "\n\n" + "\n".join(items) + tail
    label = ctx.dim(d)
    return ctx.reply(
        "top",
        body,
        cities=list(chosen["city"]),
        table=chosen[["rank", "city", "score"]].reset_index(drop=True),
        chart=top_bars(chosen, label, ctx.lang),
    )


def _above_threshold(ctx: Context, d: Dimension, threshold: float) -> Reply:
    """Cities the report says score above a value: printed scores, plus its own threshold statements."""
    s = ctx.report.scores
    rows = s[s["dimension"] == d.zh]
    scope = ctx.query.subset
    if scope is not None and scope.kind != "named":
        # "Apart from the top three, which cities scored above 60 …": only the cities in the scope said
        inside, _ = scope_rankings(Scope.of(scope), report=ctx.report)
        rows = rows[rows["city"].isin(inside["city"])]
    if ctx.query.set_aside:
        rows = rows[
            ~rows["city"].isin(ctx.query.set_aside)
        ]  # "Besides Beijing, which cities scored above 60"
    exact = rows[(rows["kind"] == "score") & (rows["score_value"] > threshold)]
    stated = rows[
        (rows["kind"] == "threshold") & (rows["score_value"] >= threshold) & ~rows["city"].isin(exact["city"])
    ]
    lines = []
    for _, row in exact.sort_values("score_value", ascending=False).iterrows():
        marker = ctx.cites.cite_row(
            row, label=f"{row['city']} {d.zh} score", value_column="score", table="scores"
        )
        lines.append(f"- {ctx.city(row['city'])}{ctx.t('：', ': ')}{row['score']}{ctx.t('分', '')}{marker}")
    for _, row in stated.iterrows():
        marker = ctx.cites.cite_row(
            row, label=f"{row['city']} {d.zh} threshold", value_column="score", table="scores"
        )
        lines.append(
            ctx.t(
                f"- {row['city']}：报告说得分在{row['score']}分以上，未公布具体分数{marker}",
                f"- {ctx.city(row['city'])}: above {row['score']} per the report, exact score not printed{marker}",
            )
        )
    if not lines:
        body = ctx.t(
            f"报告没有说明哪些城市的{d.zh}得分超过{threshold:g}分（它只公布了少数得分）。",
            f"The report does not say which cities score above {threshold:g} on {d.en} (it prints only a few scores).",
        )
        return ctx.reply("top", body)
    n = len(lines)
    within = ""
    if ctx.query.set_aside:
        within = ctx.t(
            f"（{'、'.join(ctx.query.set_aside)}除外）",
            " (" + ", ".join(ctx.city(c) for c in ctx.query.set_aside) + " set aside)",
        )
    if scope is not None and scope.kind == "range" and scope.low:
        on = next(x for x in DIMENSIONS if x.column == scope.column)
        within = ctx.t(
            f"（{on.zh}第{scope.low}至第{scope.high}名的城市中）",
            f" (among the cities ranked {scope.low} to {scope.high} on {on.en})",
        )
    head = ctx.t(
        f"**报告中{d.zh}得分超过{threshold:g}分的城市{within}：共{n}个**",
        f"**Cities the report puts above {threshold:g} on {d.en}{within}: {n}**",
    )
    tail = ctx.t(
        "\n\n其余城市报告未公布得分，无法判断。",
        "\n\nThe report prints no scores for the other cities, so they cannot be placed against this threshold.",
    )
    cities = list(exact["city"]) + list(stated["city"])
    table = pd.concat([exact, stated])[["city", "dimension", "kind", "comparator", "score"]].reset_index(
        drop=True
    )
    return ctx.reply("top", head + "\n" + "\n".join(lines) + tail, cities=cities, table=table)


def _level2_leaders(ctx: Context, level2: str) -> Reply:
    """No full ranking exists below the first level: give the report's chapter-two leaders, then stated ranks."""
    s = ctx.report.subranks
    rows = (
        s[s["indicator"] == level2]
        .sort_values(["rank", "rank_max"], na_position="last")
        .drop_duplicates(["city", "rank", "rank_max"])
    )
    parent = LEVEL2_TO_LEVEL1.get(level2, "")
    lines = []
    leaders = ctx.report.leaders[ctx.report.leaders["level2"] == level2]
    if leaders.empty and rows.empty:
        # ("Which cities are strong on computing-power support?": chapter two names none and no place is stated;
        # the report's own sentences about it answer)
        from assistant.answers.passage import passage_answer, passage_hits

        if passage_hits(ctx):
            return passage_answer(ctx)
    place = ctx.query.position
    if place:
        # "组织环境排第二的是哪个城市？": the cities the report's text places there, each with its own words
        at = s[(s["indicator"] == level2) & (s["rank"] == place)]
        ahead = [c for c in ctx.query.set_aside if at["quote"].str.contains(f"次于{c}", regex=False).any()]
        if ahead:
            # "the second-most …, after Shenzhen": the one the report says comes after it ("仅次于深圳")
            at = at[at["quote"].str.contains(f"次于{ahead[0]}", regex=False)]
        at = at.drop_duplicates("city")
        if at.empty:
            lines.append(
                ctx.t(
                    f"**报告没有写明哪个城市的{level2}排第{place}名。**",
                    f"**The report does not say which city is {ctx.rank(place)} on {ctx.dim_name(level2)}.**",
                )
            )
        else:
            said = ctx.t("；", "; ").join(
                ctx.t(f"{row['city']}（{row['phrase']}）", f"{ctx.city(row['city'])} (“{row['phrase']}”)")
                for _, row in at.iterrows()
            )
            markers = "".join(
                ctx.cites.cite_row(
                    row, label=f"{row['city']} {level2}", value_column="phrase", table="subranks"
                )
                for _, row in at.iterrows()
            )
            lines.append(
                ctx.t(
                    f"**报告写明{level2}排第{place}名的：{said}**{markers}",
                    f"**Stated {ctx.rank(place)} on {ctx.dim_name(level2)} in the report's text: {said}**{markers}",
                )
            )
    aside = set(ctx.query.set_aside)
    for _, row in leaders.iterrows():
        marker = ctx.cites.cite_row(row, label=f"{level2} leaders", value_column="statement", table="leaders")
        named = row["cities"].split(";")
        names = ctx.t("、", ", ").join(ctx.city(c) for c in named)
        lines.append(
            ctx.t(
                f"**报告第二章点名{level2}领先的城市：{names}**——“{row['statement']}”{marker}。",
                f"**The report's chapter two names the leaders on {ctx.dim_name(level2)}: {names}** — “{row['statement']}”{marker}.",
            )
        )
        rest = [c for c in named if c not in aside]
        if aside & set(named) and rest:
            # "除了北京，还点名了哪些城市…": the others it names
            lines.append(
                ctx.t(
                    f"除{'、'.join(sorted(aside & set(named)))}外，报告点名的是：**{'、'.join(rest)}**。",
                    f"Besides {', '.join(ctx.city(c) for c in named if c in aside)}, it names: "
                    f"**{', '.join(ctx.city(c) for c in rest)}**.",
                )
            )
    lines.append(
        ctx.t(
            f"\n报告没有公布二级指标“{level2}”的完整排名（所属一级指标：{parent}）。文字中给出的排名：",
            f"\nThe report publishes no full ranking for {ctx.dim_name(level2)} (part of {dimension(parent).en if parent else ''}). Ranks its text states:",
        )
    )
    items = [
        f"- {ctx.city(row['city'])}{ctx.t('：', ': ')}{subrank_phrase(ctx, row)}"
        for _, row in rows.iterrows()
    ]
    lines += items or [ctx.t("（没有城市的排名陈述）", "(no city's rank is stated)")]
    placed = list(at["city"]) if place else []
    cities = list(
        dict.fromkeys([*placed, *[c for r in leaders["cities"] for c in r.split(";")], *list(rows["city"])])
    )
    table = rows[["city", "indicator", "rank", "rank_min", "rank_max", "phrase"]].reset_index(drop=True)
    return ctx.reply("top", "\n".join(lines), cities=cities, table=table)


def city_dimension(ctx: Context) -> Reply:
    """'深圳的算力', 'Suzhou's knowledge creation': the rank, sub-ranks and facts under one dimension, with passages."""
    q = ctx.query
    city = q.cities[0]
    d: Dimension = q.dimension or (dimension(LEVEL2_TO_LEVEL1[q.level2]) if q.level2 else TOTAL)
    if d is TOTAL:
        return profile(ctx)
    ranks = city_ranks(city, ctx.report)
    marker = rank_marker(ctx, city)
    lines = [
        ctx.t(
            f"**{city}{d.zh}排名第{ranks[d.zh]}**{marker}（总指数第{ranks['总指数']}）。",
            f"**{ctx.city(city)} ranks {ctx.rank(ranks[d.zh])} on {d.en}**{marker} (overall {ctx.rank(ranks['总指数'])}).",
        )
    ]
    s = ctx.report.subranks
    sub = s[(s["city"] == city) & (s["level1"] == d.zh)]
    if q.level2:
        lines.append(_level2_statement(ctx, city, q.level2))
    else:
        phrases = best_subranks(ctx, sub, limit=4)
        if phrases:
            lines.append(ctx.t(f"二级指标：{'；'.join(phrases)}。", f"Second-level: {'; '.join(phrases)}."))
    f = ctx.report.facts
    facts = f[(f["city"] == city) & f["section"].str.contains(d.zh, regex=False)]
    if q.level2:
        words = [q.level2[:2]] + [w for w in q.content_words if len(w) >= 2]
        focused = facts[
            facts["quote"].str.contains("|".join(re.escape(w) for w in words), regex=True)
            | facts["subject"].str.contains("|".join(re.escape(w) for w in words), regex=True)
        ]
        facts = focused if not focused.empty else facts
    fact_lines = [f"- {fact_phrase(ctx, row)}" for _, row in facts.head(5).iterrows()]
    if fact_lines:
        lines.append(ctx.t("\n**报告给出的数据**", "\n**Figures the report gives**"))
        lines += fact_lines
    topic = q.level2 or d.zh
    from assistant.answers.explain import named_in_dimension_analysis, profile_sentences, quoted_block

    own = profile_sentences(ctx, city, d, extra_words=(q.level2,) if q.level2 else ())
    lines += quoted_block(ctx, "报告的说法", "What the report says", own)
    # ("Does the report say anything about Xi'an's industry coverage?": chapter two's sentence naming it)
    named = named_in_dimension_analysis(ctx, city, d, level2=q.level2) if q.level2 else []
    lines += quoted_block(
        ctx,
        f"报告在{d.zh}的总体分析中提到{city}",
        f"The report's overall analysis of {d.en} names {ctx.city(city)}",
        named,
    )
    own = own or named
    passages = [] if own else ctx.find_passages(f"{city} {topic}", k=2, city=city, dimension=d.zh)
    if passages:
        lines.append(ctx.t("\n**报告原文**", "\n**From the report** (Chinese original)"))
        lines.append(ctx.quote_block(passages, limit=2, chars=300))
    elif not fact_lines and not own:
        lines.append(
            ctx.t(
                f"报告没有关于{city}{topic}的专门分析。",
                f"The report has no specific analysis of {ctx.city(city)} on this.",
            )
        )
    chart = rank_radar({city: ranks}, ctx.lang)
    return ctx.reply(
        "city_dimension", "\n".join(lines), cities=[city], table=_ranks_table(ctx, [city]), chart=chart
    )


def profile(ctx: Context) -> Reply:
    """'介绍一下成都' / 'Tell me about Qingdao': ranks, the report's headline, key figures and policies."""
    city = ctx.query.cities[0]
    info = ctx.report.cities[ctx.report.cities["city"] == city].iloc[0]
    ranks = city_ranks(city, ctx.report)
    marker = rank_marker(ctx, city)
    lines = [
        ctx.t(
            f"**{city}**（{info['category']}）总指数排名第{ranks['总指数']}{marker}，{score_phrase(ctx, city, TOTAL)}。四个一级指标：{_four_ranks(ctx, city)}。",
            f"**{ctx.city(city)}** ({ctx.group(info['category'])}) ranks {ctx.rank(ranks['总指数'])} overall{marker}; {score_phrase(ctx, city, TOTAL)}. First-level ranks: {_four_ranks(ctx, city)}.",
        )
    ]
    if str(info.get("profiled", "")) == "yes":
        lines.append(
            ctx.t(
                f"报告的城市分析标题：“{info['profile_heading']}”。",
                f"The report's profile heading: “{info['profile_heading']}”.",
            )
        )
        f = ctx.report.facts
        facts = top_facts(ctx, f[f["city"] == city], limit=4)
        if facts:
            lines.append(ctx.t("\n**主要数据**", "\n**Key figures**"))
            lines += [f"- {x}" for x in facts]
        n_policies = len(policies(city, report=ctx.report))
        lines.append(
            ctx.t(
                f"\n报告列出了{city}的{n_policies}项人工智能政策（可以问“{city}有哪些人工智能政策？”）。",
                f"\nThe report lists {n_policies} AI policies for {ctx.city(city)} (ask “What AI policies does {info['name_en']} have?”).",
            )
        )
        intro, rest = ctx.city_passages(city, f"{city} 人工智能发展水平 排名", k=4)
        intro = intro or rest
        lines.append(ctx.t("\n**报告原文**", "\n**From the report** (Chinese original)"))
        lines.append(ctx.quote_block(intro, limit=1, chars=600))
        # each dimension paragraph opens with the report's own summary of the city on it
        from assistant.answers.explain import profile_sentences, quoted_block

        leads = [pair for d in FIRST_LEVEL for pair in profile_sentences(ctx, city, d, limit=1)]
        lines += quoted_block(ctx, "报告对各维度的概括", "The report's summary of each dimension", leads)
    else:
        lines.append(
            ctx.t(
                f"\n报告只对前十名城市做专题分析，{city}没有城市分析章节和政策表；以上排名来自表2。",
                f"\nThe report profiles only the top-10 cities; {ctx.city(city)} has no profile chapter or policy table. The ranks above come from Table 2.",
            )
        )
        s = ctx.report.subranks
        phrases = best_subranks(ctx, s[s["city"] == city], limit=3)
        if phrases:
            lines.append(
                ctx.t(
                    f"报告文字中提到：{'；'.join(phrases)}。",
                    f"The report's text also states: {'; '.join(phrases)}.",
                )
            )
    chart = rank_radar({city: ranks}, ctx.lang)
    return ctx.reply("profile", "\n".join(lines), cities=[city], table=_ranks_table(ctx, [city]), chart=chart)


def dimension_names() -> list[str]:
    return [d.zh for d in DIMENSIONS]
