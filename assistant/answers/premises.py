"""False premises corrected first: a rank, a top-N membership or a figure the question states is checked
against data/ before anything else is said."""

from __future__ import annotations

import re

from assistant.answers.base import GROUPS_EN, Context
from assistant.answers.evidence import fact_phrase, meta_phrase, rank_marker, score_phrase, subrank_phrase
from assistant.answers.passage import distinction_correction
from assistant.numerals import chinese_number
from assistant.understanding.grammar import EVENT_WORDS, LEVEL2_COLUMN, METRIC_COLUMN
from assistant.understanding.query import Claim, Operation
from index_core.dimensions import DIMENSIONS


def _level2_rank_correction(ctx: Context, claim: Claim) -> str | None:
    """'广州产业覆盖度排第二': the rank the report's text states for that city on that second-level indicator."""
    name = claim.column.removeprefix(LEVEL2_COLUMN)
    s = ctx.report.subranks
    rows = s[(s["city"] == claim.city) & (s["indicator"] == name) & s["rank"].notna()]
    if claim.value is None or claim.kind != "rank":
        return None
    # who the report's text puts at the claimed place on that indicator (北京 知识储备第1; 苏州 组织环境第2)
    holders = s[(s["indicator"] == name) & (s["rank"] == claim.value) & (s["city"] != claim.city)]
    holders = holders.drop_duplicates("city")
    held_by = ctx.t("、", ", ").join(
        subrank_phrase(ctx, r).replace(ctx.dim_name(name), ctx.city(str(r["city"])), 1)
        for _, r in holders.iterrows()
    )
    if rows.empty:
        return ctx.t(
            f"**报告没有给出{claim.city}在“{name}”上的排名，无法证实“第{int(claim.value)}”**"
            + (f"；报告写明“{name}”第{int(claim.value)}的是：{held_by}" if held_by else "")
            + "。",
            f"**The report states no rank for {ctx.city(claim.city)} on {ctx.dim_name(name)}, so {ctx.rank(int(claim.value))} "
            "cannot be confirmed**"
            + (f"; the report puts at {ctx.rank(int(claim.value))} on it: {held_by}" if held_by else "")
            + ".",
        )
    row = rows.iloc[0]
    if int(row["rank"]) == int(claim.value):
        return None
    # the rank claimed may be one the city holds on another indicator (广州企业规模第2): said, cited
    held = s[(s["city"] == claim.city) & (s["rank"] == claim.value) & (s["indicator"] != name)]
    elsewhere = ctx.t("；", "; ").join(subrank_phrase(ctx, r) for _, r in held.head(2).iterrows())
    also = ctx.t(
        f"；{claim.city}排第{int(claim.value)}的是{elsewhere}",
        f"; its {ctx.rank(int(claim.value))} is on {elsewhere}",
    )
    fix = ctx.t(
        f"**更正：报告写的是{subrank_phrase(ctx, row)}，不是第{int(claim.value)}**{also if elsewhere else ''}。",
        f"**Correction: the report states {subrank_phrase(ctx, row)}, not {ctx.rank(int(claim.value))}**{also if elsewhere else ''}.",
    )
    if held_by:
        return fix + ctx.t(
            f"报告写明“{name}”第{int(claim.value)}的是：{held_by}。",
            f" At {ctx.rank(int(claim.value))} on it the report puts {held_by}.",
        )
    return fix + (_level2_leaders_line(ctx, name) if int(claim.value) == 1 else "")


def _level2_leaders_line(ctx: Context, name: str) -> str:
    """Who leads a second-level indicator, where the report names its leaders instead of ranking it (chapter two)."""
    leaders = ctx.report.leaders[ctx.report.leaders["level2"] == name]
    if leaders.empty:
        return ""
    row = leaders.iloc[0]
    marker = ctx.cites.cite_row(row, label=f"{name} leaders", value_column="statement", table="leaders")
    names = ctx.t("、", ", ").join(ctx.city(c) for c in str(row["cities"]).split(";"))
    return ctx.t(
        f"报告第二章点名“{name}”领先的城市是{names}——“{row['statement']}”{marker}。",
        f" The report's chapter two names the leaders on {ctx.dim_name(name)}: {names} — “{row['statement']}”{marker}.",
    )


def _order_correction(ctx: Context, claim: Claim) -> str | None:
    """'Why did Shenzhen beat Beijing?': when the first city in fact ranks below the other on that column."""
    rankings = ctx.report.rankings.set_index("city")
    if claim.other is None or claim.city not in rankings.index or claim.other not in rankings.index:
        return None
    a, b = int(rankings.at[claim.city, claim.column]), int(rankings.at[claim.other, claim.column])
    if a < b:
        return None
    d = next(d for d in DIMENSIONS if d.column == claim.column)
    ma, mb = rank_marker(ctx, claim.city), rank_marker(ctx, claim.other)
    return ctx.t(
        f"**更正：{claim.city}{d.zh}排名第{a}{ma}，并不在{claim.other}（第{b}{mb}）之前，而是在它之后。**",
        f"**Correction: {ctx.city(claim.city)} ranks {ctx.rank(a)}{ma} on {d.en}, not ahead of {ctx.city(claim.other)} "
        f"({ctx.rank(b)}{mb}): it is actually behind it.**",
    )


def _score_bound_correction(ctx: Context, claim: Claim) -> str | None:
    """'深圳也有85分以上，对吧？': the score the report prints for the city, where it breaks the stated bound; a city
    whose score the report does not print is said to have none (with any bound the report gives)."""
    d = next((d for d in DIMENSIONS if d.column == claim.column), None)
    if d is None or claim.value is None:
        return None
    s = ctx.report.scores
    own = s[(s["kind"] == "score") & (s["city"] == claim.city) & (s["dimension"] == d.zh)]
    above = claim.other != "<"
    said = f"{claim.value:g}"
    if own.empty:
        return ctx.t(
            f"**报告没有公布{claim.city}的{d.zh}得分（{score_phrase(ctx, claim.city, d)}），无法证实“{said}分{'以上' if above else '以下'}”**。",
            f"**The report prints no {d.en} score for {ctx.city(claim.city)} ({score_phrase(ctx, claim.city, d)}), "
            f"so “{'above' if above else 'below'} {said}” cannot be confirmed**.",
        )
    score = float(own.iloc[0]["score"])
    if (score > claim.value) if above else (score < claim.value):
        return None
    return ctx.t(
        f"**更正：{claim.city}{d.zh}{score_phrase(ctx, claim.city, d)}，{'没有超过' if above else '并不低于'}{said}分**。",
        f"**Correction: {ctx.city(claim.city)}'s {d.en} {score_phrase(ctx, claim.city, d)}, not "
        f"{'above' if above else 'below'} {said}**.",
    )


def _score_correction(ctx: Context, claim: Claim) -> str | None:
    """'北京总得分86.80分，对吧？': the score the report prints for that city on that ranking, where the stated one
    differs (and whose score the stated number is, if the report prints it for another); the report printing no
    score for it is said, with any bound it gives."""
    d = next((d for d in DIMENSIONS if d.column == claim.column), None)
    if d is None or claim.value is None:
        return None
    s = ctx.report.scores
    printed = s[(s["kind"] == "score")]
    own = printed[(printed["city"] == claim.city) & (printed["dimension"] == d.zh)]
    said = f"{claim.value:.2f}" if claim.value != int(claim.value) else str(int(claim.value))
    if not own.empty and abs(float(own.iloc[0]["score"]) - claim.value) < 0.005:
        return None
    holders = printed[(printed["score"].astype(float) - claim.value).abs() < 0.005]
    whose = ""
    if not holders.empty:
        row = holders.iloc[0]
        other = next(o for o in DIMENSIONS if o.zh == row["dimension"])
        marker = ctx.cites.cite_row(
            row, label=f"{row['city']} {row['dimension']} score", value_column="score", table="scores"
        )
        whose = ctx.t(
            f"；{said}分是{row['city']}{other.zh}的得分{marker}",
            f"; {said} is {ctx.city(str(row['city']))}'s {other.en} score{marker}",
        )
    if own.empty:
        bound = s[(s["city"] == claim.city) & (s["dimension"] == d.zh)]  # ("only that it is above 80")
        given = ctx.t(f"（{score_phrase(ctx, claim.city, d)}）", f" ({score_phrase(ctx, claim.city, d)})")
        return ctx.t(
            f"**报告没有公布{claim.city}的{d.zh}得分{given if not bound.empty else ''}，无法证实“{said}分”**{whose}。",
            f"**The report prints no {d.en} score for {ctx.city(claim.city)}{given if not bound.empty else ''}, so "
            f"{said} cannot be confirmed**{whose}.",
        )
    return ctx.t(
        f"**更正：{claim.city}{d.zh}{score_phrase(ctx, claim.city, d)}，不是{said}分**{whose}。",
        f"**Correction: {ctx.city(claim.city)}'s {d.en} {score_phrase(ctx, claim.city, d)}, not {said}**{whose}.",
    )


def _sample_correction(ctx: Context, claim: Claim) -> str | None:
    """'The report ranks 30 cities, right?', '总排名第25的那个城市…': the sample's size, when the question states
    another or names a place past its last."""
    size = ctx.report.meta("sample_size")
    if not size or claim.value is None or not size.isdigit():
        return None
    said = int(claim.value)
    if claim.kind == "sample_size" and said != int(size):
        return ctx.t(
            f"**更正：报告的样本是{meta_phrase(ctx, 'sample_size', '个城市')}，不是{said}个**。",
            f"**Correction: the report's sample is {meta_phrase(ctx, 'sample_size', ' cities')}, not {said}**.",
        )
    if claim.kind == "beyond_sample" and said > int(size):
        return ctx.t(
            f"**报告只对{meta_phrase(ctx, 'sample_size', '个样本城市')}排名（第1至第{size}名），没有第{said}名**。",
            f"**The report ranks only {meta_phrase(ctx, 'sample_size', ' sample cities')} (1st to {ctx.rank(int(size))}), "
            f"so there is no {ctx.rank(said)} place**.",
        )
    return None


def _printed_score(ctx: Context, city: str, d) -> str:
    """'（88.72分[n]）' where the report prints the city's score on that ranking, else ''."""
    s = ctx.report.scores
    row = s[(s["kind"] == "score") & (s["city"] == city) & (s["dimension"] == d.zh)]
    if row.empty:
        return ""
    marker = ctx.cites.cite_row(
        row.iloc[0], label=f"{city} {d.zh} score", value_column="score", table="scores"
    )
    score = f"{float(row.iloc[0]['score']):.2f}"
    return ctx.t(f"（{score}分{marker}）", f" (score {score}{marker})")


def _rank_correction(ctx: Context, claim: Claim) -> str | None:
    if claim.column.startswith(LEVEL2_COLUMN):
        return _level2_rank_correction(ctx, claim)
    if claim.column.startswith(METRIC_COLUMN):
        return _metric_rank_correction(ctx, claim)
    rankings = ctx.report.rankings
    row = rankings[rankings["city"] == claim.city]
    if row.empty or claim.value is None:
        return None
    value = int(claim.value)
    actual = int(row.iloc[0][claim.column])
    d = next(d for d in DIMENSIONS if d.column == claim.column)
    if claim.kind == "rank" and actual != value:
        holder = rankings[rankings[claim.column] == value]
        marker = rank_marker(ctx, claim.city)
        who = ""
        if not holder.empty:
            other = str(holder.iloc[0]["city"])
            other_marker = rank_marker(ctx, other)
            scored = _printed_score(ctx, other, d)
            who = ctx.t(
                f"；{d.zh}第{value}是{other}{other_marker}{scored}",
                f"; {ctx.rank(value)} on {d.en} is {ctx.city(other)}{other_marker}{scored}",
            )
        # the place claimed may be one the city holds on another dimension (重庆环境支撑力第5): said
        held = [o for o in DIMENSIONS if o.column != claim.column and int(row.iloc[0][o.column]) == value]
        if held:
            names = ctx.t("、", ", ").join(ctx.dim(o) for o in held)
            who += ctx.t(
                f"（{claim.city}排第{value}的是{names}）",
                f" ({ctx.city(claim.city)}'s {ctx.rank(value)} is on {names})",
            )
        return ctx.t(
            f"**更正：{claim.city}{d.zh}排名第{actual}，不是第{value}**{marker}{who}。",
            f"**Correction: {ctx.city(claim.city)} ranks {ctx.rank(actual)} on {d.en}, not {ctx.rank(value)}**{marker}{who}.",
        )
    if claim.kind == "not_top" and actual <= value:
        marker = rank_marker(ctx, claim.city)
        return ctx.t(
            f"**更正：{claim.city}{d.zh}排名第{actual}，进入了前{value}**{marker}。",
            f"**Correction: {ctx.city(claim.city)} ranks {ctx.rank(actual)} on {d.en}, so it is in the top {value}**{marker}.",
        )
    if claim.kind == "top" and actual > value:
        marker = rank_marker(ctx, claim.city)
        return ctx.t(
            f"**更正：{claim.city}{d.zh}排名第{actual}，并未进入前{value}**{marker}。",
            f"**Correction: {ctx.city(claim.city)} ranks {ctx.rank(actual)} on {d.en}, so it is not in the top {value}**{marker}.",
        )
    return None


# a stated amount's scale, in 亿元 (the unit of the report's money figures)
_SCALE_IN_YI = (("万亿", 10000.0), ("trillion", 10000.0), ("billion", 10.0), ("亿", 1.0), ("million", 0.01))
_AT_LEAST = re.compile(
    r"crossed|over|more than|above|exceed|topp?ed|beyond|at least|超过|突破|跨上|跨过|逾|过了|以上|多|至少|不少于|不低于"
)
_AT_MOST = re.compile(r"less than|fewer than|under|below|at most|不到|少于|低于|以下|不超过|至多|最多")


def _same_amount(claim: Claim, number: float, unit: str) -> bool:
    """Whether a stated number agrees with the report's: the same number, or the same amount once its scale is
    read ("3 trillion", "2万亿" against 20170.45亿元: within 5%, or at least it when said to be 'over' it)."""
    if number == claim.value:
        return True
    said = (claim.said or "").lower()
    scale = next((factor for word, factor in _SCALE_IN_YI if word in said), None)
    if scale is None and claim.value is not None:
        # "more than 20 unicorns", "不到30家" against the report's 27: a bound, met or not
        if _AT_LEAST.search(said) and number >= claim.value:
            return True
        if _AT_MOST.search(said) and number <= claim.value:
            return True
    if claim.value is None or scale is None or unit != "亿元" or not number:
        return False
    stated = claim.value * scale
    if abs(stated - number) <= 0.05 * number:
        return True
    return bool(_AT_LEAST.search(said)) and number >= stated


def _holder_of(claim: Claim, others):
    """The other city whose figure of the same kind the stated number is ("北京GDP 38700亿元": Shanghai's
    38700.58亿元), the closest when several agree; None when none does."""
    agreeing = [
        row
        for _, row in others.iterrows()
        if row["city"] and row["number"] is not None and _same_amount(claim, row["number"], str(row["unit"]))
    ]
    if not agreeing or claim.value is None:
        return None
    return min(agreeing, key=lambda row: abs(row["number"] - claim.value))


def _number_correction(ctx: Context, claim: Claim) -> str | None:
    """'Shenzhen has 27 AI unicorns': the report's figure for that city, or whose figure 27 really is."""
    f = ctx.report.facts
    rows = f[f["metric"] == claim.column]
    numbers = rows.assign(number=rows["value"].map(_number))
    own = numbers[numbers["city"] == claim.city]
    if not own.empty:
        if any(
            _same_amount(claim, number, str(unit))
            for number, unit in zip(own["number"], own["unit"], strict=True)
        ):
            return None
        row = own.iloc[0]
        place = _indicator_place(ctx, claim.city, row)
        said = claim.said or f"{claim.value:g}"
        holder = _holder_of(claim, numbers[numbers["city"] != claim.city])
        whose = (
            ctx.t(
                f"；{said}是{holder['city']}的数字：{fact_phrase(ctx, holder, with_city=True)}",
                f"; {said} is {ctx.city(str(holder['city']))}'s figure: {fact_phrase(ctx, holder, with_city=True)}",
            )
            if holder is not None
            else ""
        )
        return ctx.t(
            f"**更正：报告给出的数字是：{fact_phrase(ctx, row, with_city=True)}**，不是{said}{place}{whose}。",
            f"**Correction: the report's figure is {fact_phrase(ctx, row, with_city=True)}**, not {said}{place}{whose}.",
        )
    # the city's own figure of the same kind, counted a little differently ("AI unicorns" against Hangzhou's "AI
    # unicorns and quasi-unicorns")
    kin = f[(f["city"] == claim.city) & f["metric"].astype(str).str.startswith(claim.column)]
    own_kind = (
        ctx.t(
            f"报告给出的{claim.city}同类数字是：{fact_phrase(ctx, kin.iloc[0], with_city=True)}。",
            f" What the report gives for {ctx.city(claim.city)} is {fact_phrase(ctx, kin.iloc[0], with_city=True)}.",
        )
        if not kin.empty
        else ""
    )
    same = numbers[numbers["number"] == claim.value]
    if not same.empty:
        row = same.iloc[0]
        return ctx.t(
            f"**更正：报告没有给出{claim.city}的这项数据；{claim.value:g}是{row['city'] or '全国'}的数字**：{fact_phrase(ctx, row, with_city=True)}。{own_kind}",
            f"**Correction: the report gives no such figure for {ctx.city(claim.city)}; {claim.value:g} is {ctx.city(row['city']) if row['city'] else 'the national figure'}'s**: {fact_phrase(ctx, row, with_city=True)}.{own_kind}",
        )
    if own_kind:
        return ctx.t(
            f"**更正：报告没有给出{claim.city}的这项数据，无法证实{claim.value:g}这个数字**；{own_kind}",
            f"**The report gives no such figure for {ctx.city(claim.city)}, so {claim.value:g} cannot be confirmed**.{own_kind}",
        )
    return ctx.t(
        f"**报告没有给出{claim.city}的这项数据，无法证实{claim.value:g}这个数字。**",
        f"**The report gives no such figure for {ctx.city(claim.city)}, so {claim.value:g} cannot be confirmed.**",
    )


def _filed_under(ctx: Context, city: str) -> tuple[str, str] | None:
    """The sample group the report files a city under (cities.csv), with its citation marker; None when unknown."""
    rows = ctx.report.cities[ctx.report.cities["city"] == city]
    if rows.empty:
        return None
    row = rows.iloc[0]
    return str(row["category"]), ctx.cites.cite_row(
        row, label=f"{city} 样本分组", value_column="category", table="cities"
    )


def _group_correction(ctx: Context, claim: Claim) -> str | None:
    """'青岛作为省会城市': the sample group the report actually files the city under (cities.csv), cited."""
    filed = _filed_under(ctx, claim.city)
    if filed is None or filed[0] == claim.column:
        return None
    actual, marker = filed
    return ctx.t(
        f"**更正：{claim.city}不是{claim.column}；报告把{claim.city}列为{actual}**{marker}。",
        f"**Correction: {ctx.city(claim.city)} is not one of the report's “{GROUPS_EN.get(claim.column, claim.column)}”; "
        f"the report files it under “{GROUPS_EN.get(actual, actual)}”**{marker}.",
    ) + _kind_of_city(ctx, claim.city)


_ONLY_KIND = re.compile(r"唯一的(?:地级市|省会城市|直辖市|计划单列市|副省级城市)")


def _kind_of_city(ctx: Context, city: str) -> str:
    """What kind of city chapter two says the city is, where it singles it out ("苏州排名第六,是前十城市中唯一的
    地级市"): quoted, so a city taken for a provincial capital is set right in the report's words."""
    from assistant.answers.passage import report_sentences, section_and_page

    for sentence, source in report_sentences():
        if city in sentence and source.section.startswith("二") and _ONLY_KIND.search(sentence):
            clause = next(
                (c for c in re.split(r"[;；。]", sentence) if city in c and _ONLY_KIND.search(c)), None
            )
            if clause is None:
                continue
            ctx.use([source])
            return ctx.t(
                f"报告原文：「{clause}」（{section_and_page(ctx, source)}）",
                f" The report (in Chinese): 「{clause}」 ({section_and_page(ctx, source)}): a prefecture-level city (地级市)."
                if "地级市" in clause
                else f" The report (in Chinese): 「{clause}」 ({section_and_page(ctx, source)}).",
            )
    return ""


def _denied_group_correction(ctx: Context, claim: Claim) -> str | None:
    """'南京和青岛都不是试验区城市': wrong only for a city the report does file under that group."""
    filed = _filed_under(ctx, claim.city)
    if filed is None or filed[0] != claim.column:
        return None
    marker = filed[1]
    return ctx.t(
        f"**更正：报告把{claim.city}列为{claim.column}**{marker}。",
        f"**Correction: the report does file {ctx.city(claim.city)} under “{GROUPS_EN.get(claim.column, claim.column)}”**{marker}.",
    ) + _what_is_only_of(ctx, claim.city)


def _what_is_only_of(ctx: Context, city: str) -> str:
    """'苏州是前十里唯一一个不是试验区的城市': the distinction the report does give the city ("是前十城市中唯一的地级市"),
    quoted, when the question singles it out with "only" and the report singles it out for something else."""
    if not re.search(r"唯一|\bonly\b|\bsole\b", (ctx.query.text or "").lower()):
        return ""
    from assistant.answers.passage import report_sentences, where_bracketed

    for sentence, source in report_sentences():
        if "唯一" in sentence and city in sentence:
            ctx.use([source])
            where = where_bracketed(ctx, source)
            return ctx.t(
                f"报告单独指出的是：「{sentence}」{where}",
                f" What the report singles it out for (quoted in the original Chinese): 「{sentence}」{where}",
            )
    return ""


def _indicator_place(ctx: Context, city: str, fact_row) -> str:
    """'; Industry coverage: 18th[n]' when the figure is also a second-level indicator the report ranks the city
    on (产业覆盖度): a figure said to lead is answered with the place too."""
    s = ctx.report.subranks
    placed = s[(s["city"] == city) & (s["indicator"] == str(fact_row.get("metric_zh", "")))]
    return ctx.t("；", "; ") + subrank_phrase(ctx, placed.iloc[0]) if not placed.empty else ""


def _extreme_correction(ctx: Context, claim: Claim) -> str | None:
    """'Given Shenzhen had the biggest 2020 GDP': among the cities the report gives the figure for (in one unit),
    who really holds it; None when the claim holds or cannot be checked."""
    numbers = _stated_figures(ctx, claim.column)
    if numbers is None:
        return None  # one city's figure cannot show who has the most
    highest = claim.kind == "max"
    best = numbers.sort_values("number", ascending=not highest).iloc[0]
    if best["city"] == claim.city:
        return None
    word_zh, word_en = ("最高", "highest") if highest else ("最低", "lowest")
    if claim.city not in set(numbers["city"]):
        return ctx.t(
            f"**报告没有给出{claim.city}的这项数据，无法证实它{word_zh}；在报告给出这项数据的{len(numbers)}个城市中，"
            f"{word_zh}的是{best['city']}**：{fact_phrase(ctx, best, with_city=True)}。",
            f"**The report gives no such figure for {ctx.city(claim.city)}, so that cannot be confirmed; of the "
            f"{len(numbers)} cities it gives the figure for, the {word_en} is {ctx.city(best['city'])}**: "
            f"{fact_phrase(ctx, best, with_city=True)}.",
        )
    own = numbers[numbers["city"] == claim.city].iloc[0]
    place = _indicator_place(ctx, claim.city, own)
    return ctx.t(
        f"**更正：在报告给出这项数据的{len(numbers)}个城市中，{word_zh}的是{best['city']}，不是{claim.city}**："
        f"{fact_phrase(ctx, best, with_city=True)}；{fact_phrase(ctx, own, with_city=True)}{place}。",
        f"**Correction: of the {len(numbers)} cities the report gives this figure for, the {word_en} is "
        f"{ctx.city(best['city'])}, not {ctx.city(claim.city)}**: {fact_phrase(ctx, best, with_city=True)}; "
        f"{fact_phrase(ctx, own, with_city=True)}{place}.",
    )


def _metric_rank_correction(ctx: Context, claim: Claim) -> str | None:
    """'广州2020年GDP是27670亿元，在样本城市里排第三': the city's place among the cities the report gives the figure
    for (one unit, highest first); None when it holds, cannot be checked, or the claim is not a place."""
    if claim.kind != "rank" or claim.value is None:
        return None
    metric = claim.column.removeprefix(METRIC_COLUMN)
    f = ctx.report.facts
    printed = f[(f["metric"] == f"{metric}_rank_in_sample") & (f["city"] == claim.city)]
    if not printed.empty:
        # "青岛GDP在样本城市里排第12": the place the report itself prints for the figure decides
        row = printed.iloc[0]
        place = _number(row["value"]) or chinese_number(str(row["value"]))
        if place is None or int(place) == int(claim.value):
            return None
        value = int(claim.value)
        numbers = _stated_figures(ctx, metric)
        ordered = numbers.sort_values("number", ascending=False) if numbers is not None else None
        holder = ordered.iloc[value - 1] if ordered is not None and 0 < value <= len(ordered) else None
        return ctx.t(
            f"**更正：{fact_phrase(ctx, row, with_city=True)}，不是第{value}**"
            + (
                f"；在报告给出这项数据的{len(ordered)}个城市中排第{value}的是{fact_phrase(ctx, holder, with_city=True)}"
                if holder is not None
                else ""
            )
            + "。",
            f"**Correction: {fact_phrase(ctx, row, with_city=True)}, not {ctx.rank(value)}**"
            + (
                f"; of the {len(ordered)} cities the report gives this figure for, {ctx.rank(value)} is "
                f"{fact_phrase(ctx, holder, with_city=True)}"
                if holder is not None
                else ""
            )
            + ".",
        )
    numbers = _stated_figures(ctx, metric)
    if numbers is None or claim.city not in set(numbers["city"]):
        return None
    ordered = numbers.sort_values("number", ascending=False).reset_index(drop=True)
    place = int(ordered.index[ordered["city"] == claim.city][0]) + 1
    value = int(claim.value)
    if place == value:
        return None
    holder = ordered.iloc[value - 1] if 0 < value <= len(ordered) else None
    own = ordered.iloc[place - 1]
    who_zh = f"；第{value}是{fact_phrase(ctx, holder, with_city=True)}" if holder is not None else ""
    who_en = (
        f"; {ctx.rank(value)} is {fact_phrase(ctx, holder, with_city=True)}" if holder is not None else ""
    )
    return ctx.t(
        f"**更正：在报告给出这项数据的{len(ordered)}个城市中，{claim.city}排第{place}，不是第{value}**："
        f"{fact_phrase(ctx, own, with_city=True)}{who_zh}。",
        f"**Correction: of the {len(ordered)} cities the report gives this figure for, {ctx.city(claim.city)} is "
        f"{ctx.rank(place)}, not {ctx.rank(value)}**: {fact_phrase(ctx, own, with_city=True)}{who_en}.",
    )


def _stated_figures(ctx: Context, metric: str):
    """The cities' figures the report states for a metric, one per city, with a numeric `number` column; None
    when fewer than two or in more than one unit (no order can be read from them)."""
    f = ctx.report.facts
    rows = f[(f["metric"] == metric) & (f["city"] != "")].drop_duplicates("city")
    numbers = rows.assign(number=rows["value"].map(_number)).dropna(subset=["number"])
    return None if len(numbers) < 2 or numbers["unit"].nunique() != 1 else numbers


def _number(value: object) -> float | None:
    try:
        return float(str(value).replace(",", ""))
    except ValueError:
        return None


# a later year that is a target or a plan's span, not a time the question asks the report about
_GOAL_YEAR = re.compile(
    r"到\s*20\d\d|目标|规划|计划|\bby\s+20\d\d|\baim|\bgoal|\btarget|\bplan|20\d\d\s*[-–—至~]\s*20\d\d"
)


# an edition of the report named ("the 2022-2023 edition", "2022年版", "下一期报告")
_AN_EDITION = re.compile(r"\beditions?\b|\bissue of\b|年版|版本|版的|(?:新|下)一?(?:版|期)")


def _month_of(ctx: Context, printed: str) -> str:
    """'2021 年 6 月' as the answer writes a month ('2021年6月', 'June 2021'); other text as printed."""
    found = re.search(r"(20\d\d)\s*年\s*(\d{1,2})\s*月", printed)
    return ctx.month(int(found.group(1)), int(found.group(2))) if found else printed


def _edition_span(ctx: Context) -> str:
    """The report's edition as its title gives it ("…报告 (2020-2021)" -> "2020-2021")."""
    edition = re.search(r"\((\d{4}\s*-\s*\d{4})\)", ctx.report.meta("title") or "")
    return edition.group(1).replace(" ", "") if edition else ""


def _period_note(ctx: Context) -> str | None:
    """A year after the report's own ('2022年的排名', 'the 2022 edition'): it is the 2020-2021 edition, published in
    2021 with data to mid-2021, so it says nothing of that year; the answer then gives what it does say."""
    published = ctx.report.meta("publication_month") or ""
    edition = re.search(r"20\d\d", published)
    later = [y for y in ctx.query.years if edition and y > int(edition.group())]
    text = ctx.query.text or ""
    if not later or (_GOAL_YEAR.search(text) and not _AN_EDITION.search(text.lower())):
        return None  # ("到2025年的目标": a plan's year; "the 2022-2023 edition": a later report, which this is not)
    rows = ctx.report.metadata[ctx.report.metadata["key"].isin(["title", "publication_month", "data_cutoff"])]
    markers = "".join(
        ctx.cites.cite_row(row, label=str(row["key"]), value_column="value", table="metadata")
        for _, row in rows.iterrows()
    )
    published, cutoff = (
        _month_of(ctx, ctx.report.meta(k) or "") for k in ("publication_month", "data_cutoff")
    )
    years = ctx.t("、", ", ").join(str(y) for y in later)
    span = _edition_span(ctx)
    return ctx.t(
        f"**注意：报告是{span}年版（{published}发布，数据截至{cutoff}），没有{years}年的数据**{markers}；以下是报告给出的情况。",
        f"**Note: the report is the {span} edition (published {published}, data to {cutoff}); it has no data for "
        f"{years}**{markers}. What it does state:",
    )


def _edition_note(ctx: Context) -> str | None:
    """'和上一版报告相比，深圳的排名上升了几位？': the report is one edition with one ranking; it gives no earlier one."""
    if not ctx.query.earlier_edition:
        return None
    rows = ctx.report.metadata[ctx.report.metadata["key"] == "title"]
    marker = "".join(
        ctx.cites.cite_row(r, label="title", value_column="value", table="metadata")
        for _, r in rows.iterrows()
    )
    span = _edition_span(ctx)
    return ctx.t(
        f"**注意：报告只有本版（{span}）的一次排名，没有给出上一版或往年的排名，无法比较名次变化**{marker}；以下是本版的情况。",
        f"**Note: the report has one ranking, this edition's ({span}); it does not give an earlier edition's or "
        f"year's ranking, so no change in rank can be stated**{marker}. What it does state:",
    )


def _distinction_note(ctx: Context) -> str | None:
    """ "Since Nanjing is the only prefecture-level city in the top ten, …": what the report says of another city,
    corrected before the answer (the passage answer makes the same check itself)."""
    q = ctx.query
    if q.operation is Operation.PASSAGE or not q.cities:
        return None
    return distinction_correction(ctx, q.content_words, list(dict.fromkeys(q.cities)))


def _stated_year_note(ctx: Context) -> str | None:
    """A year the question states for an event, answered from the tables: checked against the report's sentence
    (the passage composer checks it itself)."""
    if ctx.query.operation is Operation.PASSAGE or not any(c.kind == "year" for c in ctx.query.claims):
        return None
    if not re.search(EVENT_WORDS, ctx.query.text.lower()):
        return None  # ("北京在2020年排第一，对吧？": the year of a ranking, not of an event a sentence dates)
    from assistant.answers.passage import stated_year_correction

    return stated_year_correction(ctx)


def correct_premises(ctx: Context) -> str | None:
    """The correction to open the answer with, or None when every claim holds (or none was made)."""
    lines = [
        note
        for note in (_period_note(ctx), _edition_note(ctx), _distinction_note(ctx), _stated_year_note(ctx))
        if note
    ]
    for claim in ctx.query.claims:
        if claim.kind in ("year", "amount"):
            continue  # (the passage composer checks it against the sentence it quotes)
        if claim.kind in ("sample_size", "beyond_sample"):
            fix = _sample_correction(ctx, claim)
        elif claim.kind == "group":
            fix = _group_correction(ctx, claim)
        elif claim.kind == "not_group":
            fix = _denied_group_correction(ctx, claim)
        elif claim.kind == "number":
            fix = _number_correction(ctx, claim)
        elif claim.kind in ("max", "min"):
            fix = _extreme_correction(ctx, claim)
        elif claim.kind == "order":
            fix = _order_correction(ctx, claim)
        elif claim.kind == "score":
            fix = _score_correction(ctx, claim)
        elif claim.kind == "score_bound":
            fix = _score_bound_correction(ctx, claim)
        else:
            fix = _rank_correction(ctx, claim)
        if fix:
            lines.append(fix)
    return "\n".join(lines) or None
