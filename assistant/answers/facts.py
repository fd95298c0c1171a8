"""Single facts ('苏州2020年GDP', '北京AI独角兽数量') and 'which city has the highest X' over stated facts."""

from __future__ import annotations

import re

import pandas as pd

from assistant.answers.base import Context, fmt_value
from assistant.answers.evidence import fact_phrase, metric_label_en, rank_marker, subrank_phrase, value_en
from assistant.reply import Reply
from assistant.understanding.lexicon import lexicon
from index_core.sentences import sentence_around


def _numeric(value: str) -> float | None:
    match = re.fullmatch(r"\d+(?:\.\d+)?", str(value).strip())
    return float(match.group()) if match else None


_CJK_PAIR = re.compile(r"(?=([\u4e00-\u9fff]{2}))")


def _pairs(text: str) -> set[str]:
    return set(_CJK_PAIR.findall(text))


def _by_words(ctx: Context, city: str, words: list[str]) -> pd.DataFrame:
    """A city's facts whose label or subject contains one of the words that named the metric (独角兽)."""
    f = ctx.report.facts
    own = f[f["city"] == city]
    text = own["metric_zh"] + " " + own["subject"]
    hits = own[text.apply(lambda t: any(w in t.lower() for w in words))] if words else own.head(0)
    return hits


def _by_overlap(ctx: Context, city: str, question: str) -> pd.DataFrame:
    """A city's facts sharing the most two-character words with the question, ignoring pairs common to most
    facts (人工, 智能...); empty unless at least two distinctive pairs match."""
    f = ctx.report.facts
    own = f[f["city"] == city]
    if own.empty:
        return own
    labels = (f["metric_zh"] + f["subject"]).map(_pairs)
    common = {
        p for p, n in pd.Series([p for ps in labels for p in ps]).value_counts().items() if n > len(f) * 0.15
    }
    names = set().union(*(_pairs(n) for n in ctx.report.cities["full_name"]))
    wanted = _pairs(question) - common - names
    scores = (own["metric_zh"] + own["subject"]).map(lambda t: len(_pairs(t) & wanted))
    best = scores.max()
    return own[scores == best] if best >= 3 else own.head(0)


_GENERIC_KEY_PARTS = {"ai", "total", "in", "of", "and", "with"}


def _siblings(ctx: Context, city: str, metrics: list[str]) -> pd.DataFrame:
    """The city's facts of a metric named alike ("unicorns" when "ai_unicorns" was asked): the report states the
    same thing under another key for some cities."""
    f = ctx.report.facts
    own = f[f["city"] == city]
    parts = {p.rstrip("s") for m in metrics for p in m.split("_")} - _GENERIC_KEY_PARTS
    if not parts:
        return own.head(0)
    keys = own["metric"].map(lambda k: {p.rstrip("s") for p in str(k).split("_")})
    return own[keys.map(lambda ps: parts <= ps)]  # every distinctive part of the asked metric, not just one


def _same_unit(ctx: Context, rows: pd.DataFrame, metrics: list[str]) -> pd.DataFrame:
    """A figure named alike in another unit (企业融资总额 in 亿元, 企业占比 in % for 人工智能企业数 in 家) is another
    figure, not a stand-in for the one asked."""
    f = ctx.report.facts
    units = set(f.loc[f["metric"].isin(metrics), "unit"])
    return rows[rows["unit"].isin(units)] if units and not rows.empty else rows


def _rows(ctx: Context, city: str | None, metrics: list[str]) -> pd.DataFrame:
    f = ctx.report.facts
    rows = f[f["metric"].isin(metrics)]
    if city is not None:
        rows = rows[rows["city"] == city]
        # (a figure named alike stands in for the one asked, unless counts or cities are being compared)
        compared = "count" in ctx.query.asked or len(ctx.query.cities) >= 2
        if rows.empty:
            # (the words that named it, and the metric's Chinese words: "valuation" is 估值 in "…平均估值")
            chinese = [w for m in metrics for w in lexicon().metric_words.get(m, []) if not w.isascii()]
            rows = _by_words(ctx, city, [*ctx.query.metric_words, *chinese])
            rows = _same_unit(ctx, rows, metrics) if compared else rows
        if rows.empty and metrics:
            rows = _siblings(ctx, city, metrics)
            rows = _same_unit(ctx, rows, metrics) if compared else rows
        if rows.empty and metrics:
            # the figure the report gives for this city in place of the one asked (Beijing: all AI financing, not
            # PE/VC investment), shown as the nearest figure and never compared as the same one
            related = {r for m in metrics for r in lexicon().related_metrics.get(m, [])}
            rows = f[(f["city"] == city) & f["metric"].isin(related)]
        if rows.empty and not metrics:  # a named metric the report lacks for this city stays "not given"
            rows = _by_overlap(ctx, city, " ".join(ctx.query.content_words))
    year = ctx.query.year
    if year is not None and not rows.empty:
        # per metric: "2020年GDP、AI发明专利占比各是多少" dates the GDP; the patent share, undated, stays
        is_dated = rows["period"].astype(str).str.contains(str(year), regex=False) | rows["quote"].astype(
            str
        ).str.contains(f"{year}", regex=False)
        has_dated = is_dated.groupby(rows["metric"]).transform("any")
        rows = rows[is_dated | ~has_dated]
    return rows


def _in_running_text(label: str) -> str:
    """'Invention patent share' -> 'invention patent share' inside a sentence; 'GDP', 'R&D spending' keep their
    capitals."""
    first = label.split(" ", 1)[0]
    return label if first.isupper() or any(c.isupper() for c in first[1:]) else label[:1].lower() + label[1:]


def _metric_names(ctx: Context, metrics: tuple[str, ...]) -> str:
    """The asked figures' names in the answer's language ("人工智能企业数", "AI enterprises")."""
    f = ctx.report.facts
    return ctx.t("、", ", ").join(
        sorted(
            {
                f[f["metric"] == m]["metric_zh"].iloc[0]
                if not ctx.en
                else _in_running_text(metric_label_en(m))
                for m in metrics
            }
        )
    )


def fact(ctx: Context) -> Reply:
    q = ctx.query
    if not q.cities:
        if not q.metrics:
            from assistant.answers.guard import unknown

            return unknown(ctx)
        return fact_max(ctx)
    if not q.metrics and all(_rows(ctx, c, []).empty for c in q.cities):
        from assistant.answers.ranks import profile

        return profile(ctx)  # "厦门排多少" / "大连怎么样，有多少..." with nothing more specific to look up
    # ("What was Chongqing's 2020 GDP?" asks the figure as surely as "多少": a what without a which)
    figure_asked = bool({"amount", "count"} & set(q.asked)) or (set(q.asked) == {"what"} and bool(q.metrics))
    if not figure_asked and all(_rows(ctx, c, list(q.metrics)).empty for c in q.cities):
        # no figure in the tables for what was named ("成都哪些高校设有AI专业"): the report's prose may say it.
        # (Not for a figure asked for: the facts table holds the report's figures, so a prose sentence with
        # another number in it is a near miss, and the answer says the figure is not given.)
        from assistant.answers.passage import passage_answer, passage_hits

        if passage_hits(ctx):
            return passage_answer(ctx)
    lines: list[str] = []
    if "why" in q.asked:
        # "为什么深圳和武汉的产业覆盖度比较高？": chapter two's reason naming them, before their figures
        from assistant.answers.explain import shared_reason

        lines += shared_reason(ctx, q.cities)
    tables = []
    for city in q.cities:
        rows = _rows(ctx, city, q.metrics)
        if rows.empty:
            own = ctx.report.facts[ctx.report.facts["city"] == city].drop_duplicates("metric").head(8)
            stated = (
                own["metric_zh"] if not ctx.en else own["metric"].map(metric_label_en).map(_in_running_text)
            )
            what = _metric_names(ctx, q.metrics)
            lines.append(
                ctx.t(
                    f"报告没有给出{city}的{what}。"
                    + (f"报告给出的{city}数据包括：{'、'.join(stated)}。" if not stated.empty else ""),
                    f"The report does not give {ctx.city(city)}'s {what}."
                    + (
                        f" Figures it does give for {ctx.city(city)}: {', '.join(stated)}."
                        if not stated.empty
                        else ""
                    ),
                )
            )
            related = ctx.find_passages(q.text, k=1, city=city)
            if related:
                lines.append(
                    ctx.t("报告中相关的原文：", "The closest passage in the report (Chinese original):")
                )
                lines.append(ctx.quote_block(related, limit=1, chars=260))
            continue
        year = q.year
        if (
            year is not None
            and not rows["period"].astype(str).str.contains(str(year), regex=False).any()
            and not rows["quote"].astype(str).str.contains(str(year), regex=False).any()
        ):
            # "How much did Shenzhen spend on R&D in 2020?" when the report gives 2019's: said, not passed off
            periods = "、".join(dict.fromkeys(str(p) for p in rows["period"] if str(p) and str(p) != "nan"))
            lines.append(
                ctx.t(
                    f"**报告没有给出{city}{year}年的数据**"
                    + (
                        f"；它给出的是{periods}{'年' if periods.isdigit() else ''}的："
                        if periods
                        else "；它给出的是："
                    ),
                    f"**The report does not give {ctx.city(city)}'s figure for {year}**"
                    + (f"; it gives {periods}:" if periods else "; what it gives:"),
                )
            )
        if q.metrics and not rows["metric"].isin(q.metrics).any():
            lines.append(
                ctx.t(
                    f"报告没有直接给出{city}的{_metric_names(ctx, q.metrics)}，只有相近的数据：",
                    f"The report does not give {ctx.city(city)}'s {_metric_names(ctx, q.metrics)} as such; "
                    "the nearest figures it gives:",
                )
            )
        lines.append(
            ctx.t(f"**报告给出的{city}数据：**", f"**What the report states for {ctx.city(city)}:**")
        )
        for _, row in rows.iterrows():
            lines.append(f"- {fact_phrase(ctx, row)}")
        lines += _in_their_sentences(ctx, rows)
        lines += _rank_asked_too(ctx, city)
        lines += _same_figure_elsewhere(ctx, city, rows)
        tables.append(rows)
        if q.level2:
            s = ctx.report.subranks
            sub = s[(s["city"] == city) & s["indicator"].isin((q.level2, *q.more_level2))]
            lines += [f"- {subrank_phrase(ctx, row)}" for _, row in sub.drop_duplicates("rank").iterrows()]
    if len(tables) >= 2:
        # (compared: the figure asked only, not a nearest figure standing in for it)
        shown = pd.concat(tables)
        asked_rows = shown[shown["metric"].isin(q.metrics)] if q.metrics else shown
        lines.append(_who_is_higher(ctx, asked_rows if asked_rows["city"].nunique() >= 2 else shown))
    table = (
        pd.concat(tables)[
            ["city", "metric_zh", "value", "unit", "period", "qualifier", "section"]
        ].reset_index(drop=True)
        if tables
        else None
    )
    return ctx.reply("fact", "\n".join(lines), cities=q.cities, table=table)


def _same_figure_elsewhere(ctx: Context, city: str, rows: pd.DataFrame) -> list[str]:
    """'覆盖度是多少，和哪个城市一样？': the other cities the report gives the very same figure for (same metric,
    value and unit), each with its own citation; said plainly when there is none."""
    q = ctx.query
    if "same" not in q.asked:
        return []
    f = ctx.report.facts
    asked = rows[rows["metric"].isin(q.metrics)] if q.metrics else rows
    lines: list[str] = []
    for _, row in asked.drop_duplicates("metric").iterrows():
        same = f[
            (f["metric"] == row["metric"])
            & (f["value"].astype(str) == str(row["value"]))
            & (f["unit"].astype(str) == str(row["unit"]))
            & (f["city"].fillna("").astype(str) != "")
            & (f["city"] != city)
        ].drop_duplicates("city")
        label = row["metric_zh"] if not ctx.en else metric_label_en(row["metric"])
        if same.empty:
            lines.append(
                ctx.t(
                    f"- 报告给出{label}的其他城市中，没有与{city}数值相同的。",
                    f"- No other city the report gives {label} for has the same figure as {ctx.city(city)}.",
                )
            )
            continue
        lines.append(
            ctx.t(
                f"**与{city}{label}相同的城市：{'、'.join(same['city'])}**",
                f"**Cities with the same {label} as {ctx.city(city)}: "
                f"{', '.join(ctx.city(c) for c in same['city'])}**",
            )
        )
        lines += [
            f"- {ctx.t('', ctx.city(other['city']) + ' — ')}{fact_phrase(ctx, other)}"
            for _, other in same.iterrows()
        ]
    return lines


def _rank_asked_too(ctx: Context, city: str) -> list[str]:
    """'两者总排名和2020年GDP分别是多少？': a ranking named beside the figure is asked too — the city's place on it."""
    d = ctx.query.dimension
    if d is None:
        return []
    row = ctx.report.rankings[ctx.report.rankings["city"] == city]
    if row.empty:
        return []
    place = int(row.iloc[0][d.column])
    return [
        ctx.t(
            f"- {d.zh}排名：第{place}名{rank_marker(ctx, city)}",
            f"- {d.en} rank: {ctx.rank(place)}{rank_marker(ctx, city)}",
        )
    ]


def _in_their_sentences(ctx: Context, rows: pd.DataFrame, limit: int = 2) -> list[str]:
    """The report's whole sentences behind the figures, when they say more than the quoted clause (the deal
    count beside the amount, the national share beside the count): the reader often asked for exactly that."""
    said: dict[str, None] = {}
    for quote in rows["quote"]:
        sentence = sentence_around(ctx.report.corpus, str(quote), whole=True)
        if sentence and len(re.sub(r"\s+", "", sentence)) > len(re.sub(r"\s+", "", str(quote))) + 4:
            said.setdefault(sentence, None)
    label = ctx.t("报告原文：", "In the report's words (Chinese original): ")
    return [f"  {label}「{sentence}」" for sentence in list(said)[:limit]]


def _who_is_higher(ctx: Context, rows: pd.DataFrame) -> str:
    """For two or more cities' values of one metric in one unit, say which is higher; else nothing."""
    first = rows.drop_duplicates("city")
    numbers = first.assign(number=first["value"].map(_numeric)).dropna(subset=["number"])
    comparable = (
        first["metric"].nunique() == 1 and numbers["unit"].nunique() == 1 and len(numbers) == len(first)
    )
    if not comparable or len(numbers) < 2:
        return ""
    ordered = numbers.sort_values("number", ascending=False)
    best = ordered.iloc[0]
    if (ordered["number"] == best["number"]).all():
        names = ctx.t("、", ", ").join(ctx.city(c) for c in ordered["city"])
        return ctx.t(
            f"\n**{names}的{best['metric_zh']}相同**（都是{fmt_value(best)}）。",
            f"\n**{names} are the same** (both {value_en(best)}).",
        )
    if len(ordered) >= 3:
        # three or more: the whole order, highest first, each with its value
        chain_zh = " > ".join(f"{r['city']}（{fmt_value(r)}）" for _, r in ordered.iterrows())
        chain_en = " > ".join(f"{ctx.city(r['city'])} ({value_en(r)})" for _, r in ordered.iterrows())
        return ctx.t(
            f"\n**按{best['metric_zh']}从高到低：{chain_zh}**。",
            f"\n**From highest to lowest: {chain_en}**.",
        )
    low = ordered.iloc[-1]
    return ctx.t(
        f"\n**{best['city']}的{best['metric_zh']}更高**（{fmt_value(best)}），{low['city']}较低（{fmt_value(low)}）。",
        f"\n**{ctx.city(best['city'])} is higher** ({value_en(best)}); {ctx.city(low['city'])} is lower "
        f"({value_en(low)}).",
    )


def _leaders_on_the_figure(ctx: Context, metric: str) -> list[str]:
    """'Which cities does the report name as having the highest R&D input?': the figure ranks only the cities it is
    printed for; chapter two's statement naming the leaders on the second-level indicator it measures is added."""
    leaders = ctx.report.leaders
    lines = []
    for level2, measures in lexicon().level2_figures.items():
        if metric not in measures:
            continue
        for _, row in leaders[leaders["level2"] == level2].iterrows():
            marker = ctx.cites.cite_row(
                row, label=f"{level2} leaders", value_column="statement", table="leaders"
            )
            lines.append(
                ctx.t(
                    f"\n**报告第二章点名{level2}领先的城市**：「{row['quote']}」{marker}",
                    f"\n**The cities chapter two names as leading on {ctx.dim_name(level2)}** (Chinese original): "
                    f"「{row['quote']}」{marker}",
                )
            )
    return lines


def fact_max(ctx: Context) -> Reply:
    """Order the cities the report gives the metric for; say how many it covers and that others are unstated."""
    q = ctx.query
    if not q.metrics:
        from assistant.answers.guard import unknown

        return unknown(ctx)
    metric = q.metrics[0]
    rows = _rows(ctx, None, [metric])
    rows = rows[rows["city"] != ""].drop_duplicates("city")
    label = (
        (rows.iloc[0]["metric_zh"] if not rows.empty else metric) if not ctx.en else metric_label_en(metric)
    )
    numeric = rows.assign(number=rows["value"].map(_numeric)).dropna(subset=["number"])
    units = set(numeric["unit"])
    if numeric.empty or len(units) > 1:
        lines = [ctx.t(f"报告给出的“{label}”数据：", f"What the report gives for {label}:")]
        lines += [f"- {fact_phrase(ctx, row, with_city=True)}" for _, row in rows.iterrows()]
        if len(units) > 1:
            lines.append(
                ctx.t(
                    "这些数值口径或单位不同，不能直接排序。",
                    "These use different units or scopes, so they are not ranked.",
                )
            )
        return ctx.reply(
            "fact_max",
            "\n".join(lines),
            cities=list(rows["city"]),
            table=rows[["city", "metric_zh", "value", "unit", "period"]].reset_index(drop=True),
        )
    ascending = q.order == "bottom"
    ordered = numeric.sort_values("number", ascending=ascending)
    best = ordered.iloc[0]
    n = len(ordered)
    word = ctx.t("最低" if ascending else "最高", "lowest" if ascending else "highest")
    lines = [
        ctx.t(
            f"**在报告给出{label}的{n}个城市中，{best['city']}{word}：{fmt_value(best)}**。",
            f"**Of the {n} cities the report gives {label} for, {ctx.city(best['city'])} is {word}: {value_en(best)}**.",
        ),
        "",
    ]
    lines += [
        f"{i}. {fact_phrase(ctx, row, with_city=True)}" for i, (_, row) in enumerate(ordered.iterrows(), 1)
    ]
    missing = [c for c in ctx.report.sample if c not in set(ordered["city"])]
    if missing:
        lines.append(
            ctx.t(
                f"\n报告没有给出其余{len(missing)}个城市（{'、'.join(missing)}）的这项数据，因此这只是报告所列城市之间的比较。",
                f"\nThe report does not give this figure for the other {len(missing)} cities ({', '.join(ctx.city(c) for c in missing)}), so this compares only the cities it lists.",
            )
        )
    lines += _leaders_on_the_figure(ctx, metric)
    from assistant.charts import fact_bars

    table = ordered[["city", "metric_zh", "value", "unit", "period"]].reset_index(drop=True)
    return ctx.reply(
        "fact_max",
        "\n".join(lines),
        cities=list(ordered["city"]),
        table=table,
        chart=fact_bars(ordered, label, ctx.lang),
    )
