"""'武汉有哪些人工智能政策？': the policy table with dates, filtered by year or topic when asked."""

from __future__ import annotations

import re

import pandas as pd

from assistant.answers.base import Context
from assistant.reply import Reply
from assistant.understanding.lexicon import lexicon
from index_core.domain import policies as find_policies
from index_core.domain import policy_cities

# the policy columns an answer shows in its table
_SHOWN = ["city", "date_printed", "year", "month", "title", "summary"]


def policy_line(ctx: Context, row, full: bool = False) -> str:
    """One policy: date, title as printed, and the report's summary (whole when few policies are shown)."""
    marker = ctx.cites.cite_row(
        row, label=f"{row['city']} 政策 {row['title']}", value_column="date_printed", table="policies"
    )
    date = ctx.month(row["year"], row["month"])
    summary = str(row["summary"])
    summary = summary if full or len(summary) <= 80 or _asked_in(ctx, summary[80:]) else summary[:80] + "…"
    return f"- **{date}** 《{row['title']}》{marker}" + ctx.t(
        f"：{summary}", f" — in the report's words: “{summary}”"
    )


_GENERAL_POLICY_WORDS = re.compile(
    r"^(?:ai|人工智能|政策|措施|文件|polic(?:y|ies)|cit(?:y|ies)|城市|出台|发布|issued?|released?|latest|最新|所有|全部|"
    r"all|list|哪些|各)$"
)


def _specific_words(words) -> list[str]:
    """The words of a policy question that say what the policy does ('1+1+10', 'demonstration'), not that it is
    a policy ('AI', '政策', 'issued')."""
    return [w for w in words if len(w) >= 2 and not _GENERAL_POLICY_WORDS.match(w.lower())]


def _named_policies(ctx: Context) -> pd.DataFrame:
    """The policies a question names by a title in 《》 (the city's name and 市 may be left out of it)."""
    found = ctx.report.policies.head(0)
    for quoted in re.findall(r"《([^》]{4,})》", ctx.query.text or ""):
        core = re.sub(r"^(?:" + "|".join(ctx.report.sample) + r")市?", "", quoted.strip())
        if len(core) < 4:
            continue
        hits = ctx.report.policies[ctx.report.policies["title"].str.contains(core, regex=False)]
        found = pd.concat([found, hits]).drop_duplicates("id")
    return found


def _asked_in(ctx: Context, text: str) -> bool:
    """Whether a word the question asks about ('key projects' -> 重点项目, '1+1+N') is in this part of a summary."""
    from assistant.answers.passage import forms_of

    lowered = text.lower()
    return any(
        form in lowered
        for word in ctx.query.content_words
        if len(word) >= 2 and not ctx.report.resolver.try_resolve(word)
        for form in forms_of(word)
        if len(form) >= 2
    )


def prose_about(ctx: Context, rows: pd.DataFrame, limit: int = 2) -> list[str]:
    """What the report's running text says about the policies shown, beyond their table rows ("…促进条例(草案)》
    作为我国人工智能领域首部地方性法规"): the sentences that name a title, with section and page. Only for a
    few policies at a time (a long list would bury them)."""
    if rows.empty or len(rows) > 3:
        return []
    from assistant.answers.passage import report_sentences

    lines, used = [], []
    for title in rows["title"]:
        for sentence, source in report_sentences():
            # about this policy alone: a sentence listing several titles is not what the reader asked
            alone = sentence.count("《") == 1
            if f"《{title}》" in sentence and alone and "|" not in sentence and len(lines) < limit:
                page = ctx.t(f"，第{source.page}页", f", p.{source.page}") if source.page else ""
                label = ctx.t("报告正文：", "The report's text (Chinese original): ")
                lines.append(
                    f"  {label}「{sentence}」{ctx.t('（', ' (')}{source.section}{page}{ctx.t('）', ')')}"
                )
                used.append(source)
    ctx.use(used)
    return lines


def policies(ctx: Context) -> Reply:
    q = ctx.query
    profiled = policy_cities(ctx.report)
    cities = q.cities or []
    lines: list[str] = []
    frames: list[pd.DataFrame] = []
    latest = int(ctx.report.policies["year"].max())
    named = _named_policies(ctx)
    if not named.empty:
        # "南京《打造人工智能产业地标行动计划》给2025年定了什么目标？": that policy, its whole summary and the prose on it
        lines = [policy_line(ctx, row, full=True) for _, row in named.iterrows()]
        lines += prose_about(ctx, named)
        table = named[_SHOWN]
        return ctx.reply("policies", "\n".join(lines), cities=list(dict.fromkeys(named["city"])), table=table)
    if q.year and q.year > latest:
        # "哪个提到了2025年的目标？": a year after every issue date is one a policy's summary aims at
        aiming = _aiming_at(ctx, q.year, cities)
        if not aiming.empty:
            lines = [
                ctx.t(
                    f"**报告政策表中提到{q.year}年的政策：{len(aiming)}项**",
                    f"**Policies in the report's tables that mention {q.year}: {len(aiming)}**",
                )
            ]
            lines += [policy_line(ctx, row, full=True) for _, row in aiming.iterrows()]
            table = aiming[_SHOWN]
            return ctx.reply(
                "policies", "\n".join(lines), cities=list(dict.fromkeys(aiming["city"])), table=table
            )
        # "…行动计划定的2025年目标是啥": 2025 is what a policy aims at, not when it was issued; its text answers
        from assistant.answers.passage import passage_answer, passage_hits

        if passage_hits(ctx):
            return passage_answer(ctx)
    for city in cities:
        if city not in profiled:
            lines.append(
                ctx.t(
                    f"报告只为十个重点分析城市（{'、'.join(profiled)}）列出政策表，**没有{city}的政策表**。",
                    f"The report lists policy tables only for the ten profiled cities ({', '.join(ctx.city(c) for c in profiled)}); **it does not list a policy table for {ctx.city(city)}**.",
                )
            )
            continue
        frames.append(_city_block(ctx, city, lines))
    if not cities:
        found = _in_months(ctx, find_policies(year=_years(q), topic=q.topic, report=ctx.report))
        found = found[~found["city"].isin(q.set_aside)]  # "除了青岛，还有哪个城市…"
        if _years(q) is None and q.topic is None and q.direction_stated:
            return _counts(ctx, profiled)
        if _years(q) is None and q.topic is None and _specific_words(q.content_words):
            # "Which city's policy sets up a '1+1+10' AI application demonstration system?": a policy found by
            # what it does, in the policy tables' rows
            from assistant.answers.passage import passage_answer, passage_hits

            if any("|" in hit.sentence for hit in passage_hits(ctx)):
                return passage_answer(ctx)
        if _years(q) is None and q.topic is None:
            lines.append(
                ctx.t(
                    f"报告列出了{len(ctx.report.policies)}项城市人工智能政策，分布在十个重点城市："
                    + "、".join(f"{c}{len(find_policies(c, report=ctx.report))}项" for c in profiled)
                    + "。请指定城市、年份或主题（如“2020年的政策”“教育相关的政策”）。",
                    f"The report lists {len(ctx.report.policies)} city AI policies across the ten profiled cities: "
                    + ", ".join(f"{ctx.city(c)} {len(find_policies(c, report=ctx.report))}" for c in profiled)
                    + ". Name a city, a year or a topic to narrow it down.",
                )
            )
            found = found.head(0)
        else:
            what = _filter_words(ctx)
            lines.append(
                ctx.t(f"**{what}的人工智能政策：{len(found)}项**", f"**AI policies {what}: {len(found)}**")
            )
            if found.empty:
                lines.append(
                    ctx.t("报告的政策表中没有符合条件的政策。", "No policy in the report's tables matches.")
                )
            for city, group in found.groupby("city", sort=False):
                lines.append(f"\n{ctx.city(city)}")
                lines += [policy_line(ctx, row, full=len(found) <= 3) for _, row in group.iterrows()]
        frames.append(found)
    table = pd.concat(frames, ignore_index=True) if frames else None
    if table is not None and not table.empty:
        table = table[_SHOWN]
    return ctx.reply("policies", "\n".join(lines), cities=cities, table=table)


def _aiming_at(ctx: Context, year: int, cities: list[str]) -> pd.DataFrame:
    """The listed policies (of the cities asked, else all) whose summary names `year`: a target year."""
    rows = ctx.report.policies
    if cities:
        rows = rows[rows["city"].isin(cities)]
    return rows[rows["summary"].str.contains(f"{year}年", regex=False)]


def _counts(ctx: Context, profiled: list[str]) -> Reply:
    """Policies listed per city. The tables are titled 部分人工智能政策 (selected policies), so counts are of listings."""
    counts = (
        ctx.report.policies.groupby("city")
        .size()
        .reindex(profiled)
        .sort_values(ascending=False, kind="stable")
    )
    fewest = ctx.query.direction.value == "bottom"
    top_n = counts.min() if fewest else counts.max()
    leaders = [c for c, n in counts.items() if n == top_n]
    lines = [
        ctx.t(
            f"**报告政策表中列出政策{'最少' if fewest else '最多'}的是{'、'.join(leaders)}（{top_n}项）。**",
            f"**{' and '.join(ctx.city(c) for c in leaders)} {'has' if len(leaders) == 1 else 'have'} the {'fewest' if fewest else 'most'} policies listed in the report's tables ({top_n}).**",
        ),
        ctx.t(
            "注意：报告的表3-表12标题是“部分人工智能政策”，只是各城市政策的节选，不代表政策总数；只有十个重点分析城市有政策表。",
            "Note: Tables 3-12 are titled “selected AI policies”, so these are counts of listed policies, not of all policies; only the ten profiled cities have a table.",
        ),
        "",
    ]
    for city, n in counts.items():
        row = ctx.report.policies[ctx.report.policies["city"] == city].iloc[0]
        lines.append(
            f"- {ctx.city(city)}{ctx.t('：', ': ')}{n}{ctx.t('项', '')}（{row['table']}）"
            if not ctx.en
            else f"- {ctx.city(city)}: {n} ({ctx.table_name(row['table'])})"
        )
    table = counts.rename_axis("city").reset_index(name="policies_listed")
    return ctx.reply("policies", "\n".join(lines), cities=leaders, table=table)


def _in_months(ctx: Context, frame: pd.DataFrame) -> pd.DataFrame:
    """A year's policies narrowed to the month(s) asked ("2019年5月"); the report dates policies to the month."""
    months = ctx.query.months
    if not months or not ctx.query.year or frame.empty:
        return frame
    return frame[frame["month"].astype(int).isin(months)]


def _years(q) -> int | tuple[int, ...] | None:
    """The years a policy question filters by: one, several ("2019年以后": each listed year from it), or those on
    one side of a year ("2020年之前", possibly none); None when it names no year."""
    if q.year_span is not None or len(q.years) > 1:
        return q.years
    return q.year


_SPAN_WORDS = {
    "before": ("{}年以前", "before {}"),
    "through": ("{}年及以前", "in or before {}"),
    "after": ("{}年以后", "after {}"),
    "from": ("{}年起", "from {} on"),
}


def _filter_words(ctx: Context) -> str:
    q = ctx.query
    parts = []
    if q.year_span is not None:
        zh, en = _SPAN_WORDS[q.year_span[0]]
        parts.append(ctx.t(zh.format(q.year_span[1]), en.format(q.year_span[1])))
    elif len(q.years) > 1:
        parts.append(
            ctx.t("、".join(str(y) for y in q.years) + "年", "in " + ", ".join(str(y) for y in q.years))
        )
    elif q.year and q.months and len(q.months) == 1:
        parts.append(ctx.month(q.year, q.months[0]) if not ctx.en else f"in {ctx.month(q.year, q.months[0])}")
    elif q.year:
        parts.append(ctx.t(f"{q.year}年", f"in {q.year}"))
    if q.topic:
        parts.append(ctx.t(f"与“{q.topic}”相关", f"about “{q.topic}”"))
    if q.set_aside:
        parts.append(
            ctx.t(
                f"（{'、'.join(q.set_aside)}除外）",
                "(" + ", ".join(ctx.city(c) for c in q.set_aside) + " set aside)",
            )
        )
    return ctx.t("、".join(parts).replace("、（", "（"), " ".join(parts))


def _near_topic(ctx: Context, city: str) -> tuple[str | None, pd.DataFrame]:
    """A topic read alike (lexicon [related_topics]) under which the city does list policies."""
    q = ctx.query
    for topic in lexicon().related_topics.get(str(q.topic), []):
        found = _in_months(ctx, find_policies(city, year=_years(q), topic=topic, report=ctx.report))
        if not found.empty:
            return topic, found
    return None, find_policies(city, report=ctx.report).head(0)


def _city_block(ctx: Context, city: str, lines: list[str]) -> pd.DataFrame:
    q = ctx.query
    every = find_policies(city, report=ctx.report)
    found = _in_months(ctx, find_policies(city, year=_years(q), topic=q.topic, report=ctx.report))
    table_no = str(every.iloc[0].get("table", "")) if not every.empty else ""
    if _years(q) is not None or q.topic:
        what = _filter_words(ctx)
        lines.append(
            ctx.t(
                f"**{city}{what}的人工智能政策：{len(found)}项**（报告{table_no}共列出{len(every)}项）",
                f"**{ctx.city(city)}'s AI policies {what}: {len(found)}** (the report's {ctx.table_name(table_no)} lists {len(every)} in all)",
            )
        )
        near = _near_topic(ctx, city) if found.empty and q.topic else (None, found)
        if found.empty and near[0] is not None:
            # "the pilot zone implementation plan" of a city whose plan is for the other kind of pilot zone
            # (试验区 / 先导区): that one, named as what it is
            topic, found = near
            lines.append(
                ctx.t(
                    f"没有与“{q.topic}”相关的；相近的是与“{topic}”相关的{len(found)}项：",
                    f"None about “{q.topic}”; the nearest are {len(found)} about “{topic}”:",
                )
            )
        elif found.empty:
            years = "、".join(str(y) for y in sorted(set(every["year"])))
            lines.append(
                ctx.t(
                    f"没有符合条件的政策；{city}的政策发布年份为：{years}。",
                    f"None match; {ctx.city(city)}'s policies date from: {years}.",
                )
            )
    else:
        lines.append(
            ctx.t(
                f"**{city}的人工智能政策**（报告{table_no}，共{len(every)}项）：",
                f"**{ctx.city(city)}'s AI policies** (the report's {ctx.table_name(table_no)}, {len(every)} in all; titles as printed):",
            )
        )
    lines += [policy_line(ctx, row, full=len(found) <= 3) for _, row in found.iterrows()]
    lines += prose_about(ctx, found)
    lines.append("")
    return found
