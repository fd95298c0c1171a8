"""Analytic questions over the tables: filters, comparisons between a city's own ranks, gaps, extremes inside a
group, differences between cities or stated figures, and policy counts / dates / issuers.

Reads only `ctx.query` (operation ANALYTIC with its `analysis`) and `index_core.analytics`. Every answer states
the rule it applied in words, gives the result, a table with exactly the columns used, and cites each data/ row
behind it; an empty result is said plainly.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace

import pandas as pd

from assistant.answers.base import GROUPS_EN, MONTHS_EN, Context, fmt_value
from assistant.answers.evidence import metric_label_en, rank_marker, score_phrase, subrank_phrase, value_en
from assistant.answers.policies import prose_about
from assistant.numerals import ordinal
from assistant.reply import Reply
from assistant.understanding.analysis import AnalysisKind, analysis_scope, conditions_from_param
from assistant.understanding.query import Analysis
from index_core import analytics as an
from index_core.dimensions import DIMENSIONS, TOTAL, Dimension
from index_core.domain import city_ranks

K = AnalysisKind
_BY_COLUMN: dict[str, Dimension] = {d.column: d for d in DIMENSIONS}
_TOPIC_EN = {
    "技术研发": "R&D",
    "产业规划": "industry planning",
    "资金": "funding",
    "企业培育": "enterprise development",
    "试验区": "pilot zone",
    "园区载体": "parks and carriers",
    "机器人": "robotics",
    "创新平台": "innovation platforms",
    "应用示范": "application demonstration",
    "人才": "talent",
    "应用场景": "application scenarios",
    "空间布局": "spatial layout",
    "应用推广": "application promotion",
    "产业集群": "industry clusters",
    "产业促进": "industry promotion",
    "制造": "manufacturing",
    "融合应用": "integrated application",
    "数据": "data",
    "基础设施": "infrastructure",
    "先导区": "pilot area",
    "数字经济": "digital economy",
    "教育": "education",
    "新基建": "new infrastructure",
    "算力": "computing power",
    "无人系统": "unmanned systems",
    "创新生态": "innovation ecosystem",
    "示范区": "demonstration zone",
    "芯片": "chips",
    "智慧城市": "smart city",
    "产业基金": "industry funds",
    "产业生态": "industry ecosystem",
    "创新体系": "innovation system",
    "工业互联网": "industrial internet",
    "法规": "regulation",
    "治理": "governance",
    "开源平台": "open-source platforms",
    "智能网联汽车": "connected vehicles",
    "产学研": "industry-academia-research",
    "产业升级": "industrial upgrading",
}


# ---------------------------------------------------------------- wording helpers


def _dim(ctx: Context, column: str) -> str:
    return ctx.dim(_BY_COLUMN[column])


def _dims(ctx: Context, columns: list[str] | tuple[str, ...]) -> str:
    if tuple(columns) == an.FOUR_DIMENSIONS:
        return ctx.t(
            "四个一级维度（环境支撑力、资源支持力、知识创造力、发展成效）", "the four first-level dimensions"
        )
    names = [_dim(ctx, c) for c in columns]
    if ctx.en:
        return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
    return "、".join(names)


def _group_name(ctx: Context, group: str) -> str:
    return ctx.t(f"“{group}”", f"“{GROUPS_EN.get(group, group)}”")


def _scope_of(ctx: Context, analysis: Analysis) -> an.Scope:
    return analysis_scope(analysis, ctx.query)


def _scope_words(ctx: Context, scope: an.Scope) -> str:
    """'在总指数前5名的城市中' / 'among the top 5 cities on the Overall index' ('' for every city)."""
    if scope.also is not None:
        # "among the report's sample group X, and among the cities outside the top 10 on Y"
        first = _scope_words(ctx, replace(scope, also=None))
        second = _scope_words(ctx, scope.also)
        return ctx.t(f"{first.removesuffix('中')}、且{second.removeprefix('在')}", f"{first}, and {second}")
    if scope.excluded:
        within = _scope_words(ctx, replace(scope, excluded=()))
        aside = ctx.t("、".join(scope.excluded), ", ".join(ctx.city(c) for c in scope.excluded))
        return ctx.t(f"{within.removesuffix('中')}中（{aside}除外）", f"{within} ({aside} set aside)")
    if scope.kind == "group":
        return ctx.t(
            f"在报告的样本分组{_group_name(ctx, str(scope.group))}中",
            f"among the report's sample group {_group_name(ctx, str(scope.group))}",
        )
    if scope.kind == "not_group":
        return ctx.t(
            f"在报告样本分组{_group_name(ctx, str(scope.group))}以外的城市中",
            f"among the cities outside the report's sample group {_group_name(ctx, str(scope.group))}",
        )
    if scope.kind in ("top", "bottom"):
        column = _dim(ctx, scope.column)
        if scope.kind == "top":
            return ctx.t(
                f"在{column}排名前{scope.n}名的城市中", f"among the top {scope.n} cities on {column}"
            )
        return ctx.t(f"在{column}排名后{scope.n}名的城市中", f"among the bottom {scope.n} cities on {column}")
    if scope.kind == "range" and (scope.low or 1) > 1 and (scope.high or 0) >= len(ctx.report.rankings):
        column = _dim(ctx, scope.column)
        outside = int(scope.low or 1) - 1
        return ctx.t(
            f"在{column}排名前{outside}名以外（第{scope.low}至第{scope.high}名）的城市中",
            f"among the cities outside the top {outside} on {column} (ranked {scope.low} to {scope.high})",
        )
    if scope.kind == "range":
        column = _dim(ctx, scope.column)
        return ctx.t(
            f"在{column}排名第{scope.low}至第{scope.high}名的城市中",
            f"among the cities ranked {scope.low} to {scope.high} on {column}",
        )
    if scope.kind == "named":
        names = [ctx.city(c) for c in scope.cities]
        return ctx.t(f"在{'、'.join(names)}中", f"among {', '.join(names)}")
    return ctx.t("在全部20个样本城市中", "among all 20 sample cities")


def _group_note(ctx: Context, scope: an.Scope, analysis_result: an.AnalyticResult) -> str:
    """The sample grouping is the report's own: say so, cite its cities.csv rows, and warn about 省会城市."""
    if scope.kind not in ("group", "not_group"):
        return ""
    rows = analysis_result.used.get("cities")
    markers = ""
    if rows is not None:
        markers = "".join(
            dict.fromkeys(
                ctx.cites.cite_row(row, label=f"{scope.group} 样本分组", value_column="city", table="cities")
                for _, row in rows.iterrows()
            )
        )
    members = [] if rows is None else list(rows["city"])
    if scope.kind == "not_group":
        return ctx.t(
            f"（{scope.group}是报告选取样本时的分组；不属于它的{len(members)}个城市：{'、'.join(members)}{markers}。）",
            f"(“{GROUPS_EN.get(str(scope.group), scope.group)}” is the report's own grouping of its sample; the "
            f"{len(members)} cities outside it: {', '.join(ctx.city(c) for c in members)}{markers}.)",
        )
    note = ctx.t(
        f"（{scope.group}是报告选取样本时的分组：14个国家新一代人工智能创新发展试验区建设城市、3个省会城市、3个计划单列市；"
        f"本组{len(members)}个城市：{'、'.join(members)}{markers}。）",
        f"(“{GROUPS_EN.get(str(scope.group), scope.group)}” is the report's own grouping of its sample: 14 national AI "
        f"pilot-zone cities, 3 provincial capitals and 3 separately planned cities; this group has {len(members)} "
        f"cities: {', '.join(ctx.city(c) for c in members)}{markers}.)",
    )
    if scope.group == "省会城市":
        note += ctx.t(
            "注意：成都、武汉、杭州等同样是省会，但报告把它们归入试验区城市。",
            " Note: Chengdu, Wuhan, Hangzhou and others are also provincial capitals, but the report files them under pilot-zone cities.",
        )
    return note


def _scope_members(ctx: Context, scope: an.Scope, most: int = 10) -> str:
    """The cities a places-scope holds, with their places ('bottom five overall — and do any of them…' asks for
    the five as well as the filter); '' for groups (their note lists them) and for every city."""
    if scope.kind not in ("top", "bottom", "range"):
        return ""
    table, _ = an.scope_rankings(scope, ctx.report)
    if table.empty or len(table) > most:
        return ""
    column = scope.column
    ordered = table.sort_values([column, "total_rank"])
    places = [
        ctx.t(f"{row['city']}第{int(row[column])}", f"{ctx.city(row['city'])} {ordinal(int(row[column]))}")
        + rank_marker(ctx, row["city"])
        for _, row in ordered.iterrows()
    ]
    if scope.kind == "range":
        named = ctx.t(f"第{scope.low}至第{scope.high}名", f"ranked {scope.low} to {scope.high}")
    else:
        named = ctx.t(f"{'前' if scope.kind == 'top' else '后'}{scope.n}名", f"the {scope.kind} {scope.n}")
    return ctx.t(
        f"（{_dim(ctx, column)}{named}：{'、'.join(places)}。）",
        f"({named[:1].upper()}{named[1:]} on {_dim(ctx, column)}: {', '.join(places)}.)",
    )


def _cond_words(ctx: Context, op: str, value: int, high: int | None = None) -> str:
    if op == "<=":
        return ctx.t(f"在前{value}名以内（排名≤{value}）", f"in the top {value} (rank ≤ {value})")
    if op == "<":
        return ctx.t(f"高于第{value}名（排名<{value}）", f"ranked above {ctx.rank(value)} (rank < {value})")
    if op == ">":
        return ctx.t(f"在前{value}名之外（排名>{value}）", f"outside the top {value} (rank > {value})")
    if op == ">=":
        return ctx.t(
            f"在第{value}名或之后（排名≥{value}）", f"ranked {ctx.rank(value)} or lower (rank ≥ {value})"
        )
    if op == "==":
        return ctx.t(f"为第{value}名", f"at {ctx.rank(value)}")
    if op == "between":
        return ctx.t(f"在第{value}至第{high}名之间", f"ranked between {ctx.rank(value)} and {ctx.rank(high)}")
    if value == 1:
        return ctx.t("为倒数第一（最后一名）", "in last place")
    return ctx.t(f"在后{value}名（倒数{value}名以内）", f"in the bottom {value}")


def _ranks_of(ctx: Context, row, columns) -> str:
    sep = ctx.t("、", ", ")
    return sep.join(f"{_dim(ctx, c)}{ctx.t('', ' ')}{ctx.rank(int(row[c]))}" for c in columns)


def _markers(markers: list[str]) -> str:
    """[3][4][5][6] → [3]–[6]: runs of three or more consecutive numbers compressed."""
    numbers = sorted(int(m.strip("[]")) for m in dict.fromkeys(markers))
    out, run = [], []
    for n in numbers + [None]:
        if run and (n is None or n != run[-1] + 1):
            out.append(f"[{run[0]}]–[{run[-1]}]" if len(run) >= 3 else "".join(f"[{x}]" for x in run))
            run = []
        if n is not None:
            run.append(n)
    return "".join(out)


def _city_list(ctx: Context, cities: list[str]) -> str:
    return ctx.t("、", ", ").join(f"{ctx.city(c)}{rank_marker(ctx, c)}" for c in cities)


_HEADERS_ZH = {
    "city": "城市",
    "column": "维度",
    "rank": "名次",
    "met": "满足条件数",
    "gap": "差距（名次）",
    "spread": "最差与最好之差（名次）",
    "mean": "平均名次（计算值）",
    "policies": "政策数",
    "year": "年份",
    "month": "月份",
    "title": "政策名称",
    "issuer": "发布主体（据标题）",
    "topic": "主题",
    "metric_zh": "指标",
    "value": "数值",
    "unit": "单位",
    "period": "时期",
    "qualifier": "限定词",
}
_HEADERS_EN = {
    "city": "City",
    "column": "Dimension",
    "rank": "Rank",
    "met": "Conditions met",
    "gap": "Gap (places)",
    "spread": "Spread, worst − best (places)",
    "mean": "Average rank (computed)",
    "policies": "Policies listed",
    "year": "Year",
    "month": "Month",
    "title": "Title (as printed)",
    "issuer": "Issuing area (from the title)",
    "topic": "Topic",
    "metric_zh": "Metric",
    "value": "Value",
    "unit": "Unit",
    "period": "Period",
    "qualifier": "Qualifier",
}


def _display(ctx: Context, frame: pd.DataFrame) -> pd.DataFrame:
    """The result table for people: column headers in the answer's language, cities as the answer names them."""
    out = frame.copy()
    if ctx.en:
        if "city" in out:
            out["city"] = out["city"].map(lambda c: ctx.city(c) if c else "China (national)")
        if "topic" in out:
            out["topic"] = out["topic"].map(lambda t: f"{_TOPIC_EN.get(t, t)} ({t})")
        if "metric_zh" in out and "_metric" in out:
            out["metric_zh"] = out["_metric"].map(metric_label_en)
    elif "city" in out:
        out["city"] = out["city"].map(lambda c: c or "全国")
    out = out.drop(columns=[c for c in out.columns if str(c).startswith("_")])
    headers = _HEADERS_EN if ctx.en else _HEADERS_ZH
    names = {}
    for column in out.columns:
        if column in _BY_COLUMN:
            names[column] = ctx.t(f"{_BY_COLUMN[column].zh}排名", f"{_BY_COLUMN[column].en} rank")
        else:
            names[column] = headers.get(column, column)
    return out.rename(columns=names).reset_index(drop=True)


def _printed_score(ctx: Context, city: str, column: str) -> str:
    """', score 68.59[n]' when the report prints the city's exact score on that ranking ("and the city right
    behind it — what did it score?"); '' otherwise."""
    d = _BY_COLUMN.get(column)
    s = ctx.report.scores
    if d is None or not ((s["city"] == city) & (s["dimension"] == d.zh) & (s["kind"] == "score")).any():
        return ""
    return ctx.t("，", ", ") + score_phrase(ctx, city, d)


def _count_head(ctx: Context, count: int) -> str:
    """How many cities meet the rule, in words a reader takes in at once ("only one city" when it is one)."""
    if count == 1:
        return ctx.t("**只有1个城市**", "**Only one city**")
    return ctx.t(f"**共{count}个城市**", f"**{count} cities**")


def _empty_line(ctx: Context, result: an.AnalyticResult) -> str:
    checked = result.rule.get("checked")
    return ctx.t(
        f"**没有城市满足这一条件**（共检查{checked}个城市）。",
        f"**No city meets this rule** ({checked} cities checked).",
    )


# ---------------------------------------------------------------- rank questions


def _rank_filter(ctx: Context, a: Analysis) -> Reply:
    scope = _scope_of(ctx, a)
    raw = conditions_from_param(a.param("conditions"))
    if raw:
        conditions = [an.Condition(c, op, v, h) for c, op, v, h in raw]
    else:
        high = a.param("high")
        conditions = [
            an.Condition(c, a.op or "<=", int(a.value or 10), int(high) if high else None) for c in a.columns
        ]
    match = a.param("match", "all") or "all"
    at_least = int(a.param("at_least") or 0) or None
    result = an.rank_filter(conditions, match=match, at_least=at_least, scope=scope, report=ctx.report)

    same = len({(c.op, c.value, c.high) for c in conditions}) == 1
    if same:
        cond = conditions[0]
        where = _cond_words(ctx, cond.op, cond.value, cond.high)
        columns = [c.column for c in conditions]
        if len(columns) == 1:
            rule = ctx.t(f"{_dim(ctx, columns[0])}排名{where}", f"{_dim(ctx, columns[0])} rank {where}")
        elif match == "all":
            rule = ctx.t(
                f"{_dims(ctx, columns)}的排名都{where}", f"every one of {_dims(ctx, columns)} {where}"
            )
        elif match == "any":
            rule = ctx.t(
                f"{_dims(ctx, columns)}中至少一项排名{where}",
                f"at least one of {_dims(ctx, columns)} {where}",
            )
        elif match == "exactly":
            rule = ctx.t(
                f"{_dims(ctx, columns)}中恰好{at_least}项排名{where}（只在其中一个榜单上）",
                f"exactly {at_least} of {_dims(ctx, columns)} {where} (on one list, not the other)",
            )
        else:
            rule = ctx.t(
                f"{_dims(ctx, columns)}中至少{at_least}项排名{where}",
                f"at least {at_least} of {_dims(ctx, columns)} {where}",
            )
    else:
        parts = [
            ctx.t(
                f"{_dim(ctx, c.column)}排名{_cond_words(ctx, c.op, c.value, c.high)}",
                f"{_dim(ctx, c.column)} rank {_cond_words(ctx, c.op, c.value, c.high)}",
            )
            for c in conditions
        ]
        if match == "any":  # (each against its own bound: "ahead of Beijing on some dimension")
            rule = ctx.t("，或".join(parts) + "（满足其一即可）", "; or ".join(parts) + " (any one of them)")
        elif match == "exactly":
            rule = ctx.t(
                "，".join(parts) + f"：恰好满足{at_least}项",
                "; ".join(parts) + f": exactly {at_least} of these",
            )
        else:
            rule = ctx.t("，且".join(parts), "; and ".join(parts))
    lines = [_rule_line(ctx, scope, rule, rule)]
    lines.append(_group_note(ctx, scope, result))
    lines.append(_scope_members(ctx, scope))

    columns = [c for c in result.rows.columns if c in _BY_COLUMN]
    if scope.kind == "named":
        return _named_reply(ctx, scope, result, columns, lines, conditions)
    elif result.empty:
        lines.append(_empty_line(ctx, result))
    else:
        # (a few cities are shown with their places: "有没有哪个城市…？剩下那一列是多少" wants the row)
        count_only = a.param("count_only") == "1" and result.count > 3
        head = _count_head(ctx, result.count)
        if count_only:
            lines.append(
                head + ctx.t("：", ": ") + _city_list(ctx, list(result.rows["city"])) + ctx.t("。", ".")
            )
        else:
            lines.append(head + ctx.t("：", ":"))
            counted = match in ("any", "at_least", "exactly") and len(conditions) >= 2
            for _, row in result.rows.iterrows():
                met = _columns_met(ctx, row["city"], conditions) if counted else []
                tally = (
                    ctx.t(
                        f"（{len(met)}项满足：{'、'.join(_dim(ctx, c) for c in met)}）",
                        f" ({len(met)} of {len(conditions)}: {', '.join(_dim(ctx, c) for c in met)})",
                    )
                    if met
                    else ""
                )
                lines.append(
                    f"- {ctx.city(row['city'])}{ctx.t('：', ': ')}{_ranks_of(ctx, row, columns)}{tally}"
                    f"{rank_marker(ctx, row['city'])}"
                )
    return ctx.reply(
        "analytic",
        "\n".join(x for x in lines if x),
        cities=list(result.rows["city"]),
        table=_display(ctx, result.rows),
    )


def _rule_line(ctx: Context, scope: an.Scope, rule_zh: str, rule_en: str) -> str:
    """'规则：在全部20个样本城市中，找出…的城市。', or for named cities '规则：检查苏州是否…'."""
    if scope.kind == "named":
        names = [ctx.city(c) for c in scope.cities]
        return ctx.t(
            f"规则：检查{'、'.join(names)}是否满足：{rule_zh}。",
            f"Rule: check whether {', '.join(names)} {'meets' if len(names) == 1 else 'meet'}: {rule_en}.",
        )
    scope_text = _scope_words(ctx, scope)
    return ctx.t(
        f"规则：{scope_text}，找出{rule_zh}的城市。",
        f"Rule: {scope_text}, the cities with {rule_en}.",
    )


def _named_table(
    ctx: Context, scope: an.Scope, result: an.AnalyticResult, columns: list[str]
) -> pd.DataFrame:
    table = ctx.report.rankings
    rows = table[table["city"].isin(scope.cities)][["city", *columns]].copy()
    for column in columns:
        rows[column] = rows[column].astype(int)
    passed = set(result.rows["city"])
    rows["_meets"] = rows["city"].map(lambda c: ctx.t("是", "yes") if c in passed else ctx.t("否", "no"))
    shown = _display(ctx, rows.rename(columns={"_meets": "meets"}))
    return shown.rename(columns={"meets": ctx.t("是否满足", "Meets the rule")})


def _named_reply(
    ctx: Context,
    scope: an.Scope,
    result: an.AnalyticResult,
    columns: list[str],
    lines: list[str],
    conditions: list[an.Condition] = (),
) -> Reply:
    """A rule checked on named cities: how many of them meet it, each city's yes/no with its ranks, and their
    table."""
    passed = [c for c in scope.cities if c in set(result.rows["city"])]
    if len(scope.cities) >= 3:
        # "Of those, how many made the overall top 10?": the count first, then each city
        names = ctx.t("、", ", ").join(ctx.city(c) for c in passed)
        lines = lines + [
            ctx.t(
                f"**{len(scope.cities)}个城市中有{len(passed)}个满足**"
                + (f"：{names}。" if passed else "。"),
                f"**{len(passed)} of the {len(scope.cities)} cities meet it**"
                + (f": {names}." if passed else "."),
            )
        ]
    if len(scope.cities) == 1 and len(conditions) >= 2:
        lines.append(_columns_meeting(ctx, scope.cities[0], conditions))  # how many of its columns, first
    lines = lines + _named_check(ctx, scope, result, columns, conditions)
    return ctx.reply(
        "analytic",
        "\n".join(x for x in lines if x),
        cities=list(scope.cities),
        table=_named_table(ctx, scope, result, columns),
    )


def _columns_met(ctx: Context, city: str, conditions: list[an.Condition]) -> list[str]:
    """The columns of one city that meet their bound."""
    rows = ctx.report.rankings[ctx.report.rankings["city"] == city]
    size = len(ctx.report.rankings)
    return [c.column for c in conditions if not rows.empty and bool(c.holds(rows[c.column], size).iloc[0])]


def _columns_meeting(ctx: Context, city: str, conditions: list[an.Condition]) -> str:
    """'有几个一级指标垫底': how many of one city's columns meet their bound, and which."""
    if ctx.report.rankings[ctx.report.rankings["city"] == city].empty:
        return ""
    met = _columns_met(ctx, city, conditions)
    names = ctx.t("、", ", ").join(_dim(ctx, c) for c in met)
    return ctx.t(
        f"**{city}：{len(conditions)}项中有{len(met)}项满足**" + (f"（{names}）。" if met else "。"),
        f"**{ctx.city(city)}: {len(met)} of the {len(conditions)} meet it**"
        + (f" ({names})." if met else "."),
    )


def _named_check(
    ctx: Context,
    scope: an.Scope,
    result: an.AnalyticResult,
    columns: list[str],
    conditions: list[an.Condition] = (),
) -> list[str]:
    """Yes / no for each named city, with its ranks on the columns of the rule; where a first (or last) place is
    asked and the city does not hold it, who does."""
    lines = []
    passed = set(result.rows["city"])
    table = ctx.report.rankings
    for city in scope.cities:
        row = table[table["city"] == city]
        if row.empty:
            continue
        row = row.iloc[0]
        verdict = ctx.t("**是**" if city in passed else "**否**", "**Yes**" if city in passed else "**No**")
        lines.append(
            f"- {ctx.city(city)}{ctx.t('：', ': ')}{verdict}{ctx.t('，', ' — ')}{_ranks_of(ctx, row, columns)}{rank_marker(ctx, city)}"
        )
        for cond in conditions:
            place = (
                cond.value
                if cond.op == "=="
                else (len(table) if cond.op == "bottom" and cond.value == 1 else None)
            )
            if cond.op == ">" and cond.value == 1:
                place = 1  # "any dimension where it isn't first": who is, where it is not
                if int(row[cond.column]) == 1:
                    continue
            if place is None or (cond.op != ">" and int(row[cond.column]) == place):
                continue
            holder = table[table[cond.column] == place]
            if not holder.empty:
                other = str(holder.iloc[0]["city"])
                lines.append(
                    ctx.t(
                        f"  {_dim(ctx, cond.column)}第{place}名是{other}{rank_marker(ctx, other)}",
                        f"  {ctx.rank(place)} on {_dim(ctx, cond.column)} is {ctx.city(other)}{rank_marker(ctx, other)}",
                    )
                )
    return lines


def _order_words(ctx: Context, op: str) -> tuple[str, str]:
    return {
        "<": ("高于（名次数字更小）", "better than (a smaller rank number)"),
        "<=": ("不低于（名次数字不大于）", "at least as good as"),
        ">": ("低于（名次数字更大）", "worse than (a larger rank number)"),
        ">=": ("不高于（名次数字不小于）", "no better than"),
        "==": ("等于", "the same as"),
    }.get(op, (op, op))


def _column_order(ctx: Context, a: Analysis) -> Reply:
    scope = _scope_of(ctx, a)
    split = int(a.param("split") or 1)
    left, right = list(a.columns[:split]), list(a.columns[split:])
    match = a.param("match", "all") or "all"
    op = a.op or "<"
    result = an.column_order(left, right, op=op, match=match, scope=scope, report=ctx.report)
    zh_op, en_op = _order_words(ctx, op)
    pairs = len(left) * len(right)
    if pairs == 1:
        rule = ctx.t(
            f"{_dim(ctx, left[0])}排名{zh_op}{_dim(ctx, right[0])}排名",
            f"a {_dim(ctx, left[0])} rank {en_op} their {_dim(ctx, right[0])} rank",
        )
    else:
        quant = ctx.t(
            "都" if match == "all" else "至少有一项", "every one" if match == "all" else "at least one"
        )
        if len(left) > 1:
            rule = ctx.t(
                f"{_dims(ctx, left)}的排名{quant}{zh_op}{_dims(ctx, right)}排名",
                f"{quant} of {_dims(ctx, left)} ranked {en_op} their {_dims(ctx, right)} rank",
            )
        else:
            rule = ctx.t(
                f"{_dims(ctx, left)}排名{zh_op}{_dims(ctx, right)}中{'每一项' if match == 'all' else '至少一项'}的排名",
                f"a {_dims(ctx, left)} rank {en_op} {quant} of {_dims(ctx, right)}",
            )
    lines = [_rule_line(ctx, scope, rule, rule)]
    lines.append(_group_note(ctx, scope, result))
    columns = [c for c in result.rows.columns if c in _BY_COLUMN]
    if scope.kind == "named":
        if len(scope.cities) == 1 and len(left) >= 2 and len(right) == 1:
            lines.append(_own_columns_beyond(ctx, scope.cities[0], left, right[0], op))
        return _named_reply(ctx, scope, result, columns, lines)
    elif result.empty:
        lines.append(_empty_line(ctx, result))
    else:
        head = _count_head(ctx, result.count)
        lines.append(head + ctx.t("：", ":"))
        if a.param("count_only") == "1" and result.count > 6:
            lines.append(_city_list(ctx, list(result.rows["city"])))
        else:
            for _, row in result.rows.iterrows():
                lines.append(
                    f"- {ctx.city(row['city'])}{ctx.t('：', ': ')}{_ranks_of(ctx, row, columns)}{rank_marker(ctx, row['city'])}"
                )
    return ctx.reply(
        "analytic",
        "\n".join(x for x in lines if x),
        cities=list(result.rows["city"]),
        table=_display(ctx, result.rows),
    )


def _own_columns_beyond(ctx: Context, city: str, left: list[str], right: str, op: str) -> str:
    """'西安哪些一级指标的排名比它的总排名靠前': which of one city's columns stand in that order to another of its
    own, named with their places."""
    table = ctx.report.rankings
    row = table[table["city"] == city]
    if row.empty or op not in an.COMPARE:
        return ""
    row = row.iloc[0]
    met = [c for c in left if an.COMPARE[op](int(row[c]), int(row[right]))]
    listed = ctx.t("、", ", ").join(
        ctx.t(f"{_dim(ctx, c)}第{int(row[c])}名", f"{_dim(ctx, c)} {ordinal(int(row[c]))}") for c in met
    )
    against = ctx.t(
        f"{_dim(ctx, right)}第{int(row[right])}名", f"{_dim(ctx, right)} {ordinal(int(row[right]))}"
    )
    return ctx.t(
        f"**{city}满足的有{len(met)}项**"
        + (f"：{listed}（对照{against}）。" if met else f"（对照{against}）。"),
        f"**{ctx.city(city)}: {len(met)} of {len(left)}**"
        + (f": {listed} (against {against})." if met else f" (against {against})."),
    )


def _gap_sentence(ctx: Context, row, col_a: str, col_b: str) -> str:
    gap = int(row["gap"])  # rank a - rank b
    ranks = _ranks_of(ctx, row, [col_a, col_b])
    if gap == 0:
        verdict = ctx.t("两项名次相同", "the same rank on both")
    else:
        better, worse = (col_a, col_b) if gap < 0 else (col_b, col_a)
        verdict = ctx.t(
            f"{_dim(ctx, better)}比{_dim(ctx, worse)}高{abs(gap)}名（{max(row[col_a], row[col_b])} − {min(row[col_a], row[col_b])} = {abs(gap)}）",
            f"{abs(gap)} places better on {_dim(ctx, better)} than on {_dim(ctx, worse)} ({max(row[col_a], row[col_b])} − {min(row[col_a], row[col_b])} = {abs(gap)})",
        )
    return f"{ctx.city(row['city'])}{ctx.t('：', ': ')}{ranks}{ctx.t('，', '; ')}{verdict}{rank_marker(ctx, row['city'])}"


def _column_gap(ctx: Context, a: Analysis) -> Reply:
    scope = _scope_of(ctx, a)
    extreme = a.param("extreme", "max")
    extreme = None if extreme in (None, "none") else extreme
    at_least = int(a.param("at_least")) if a.param("at_least") else None
    if extreme is None and at_least is None and scope.kind == "named":
        return _own_difference(ctx, a, scope)
    col_a, col_b = a.columns[0], a.columns[1]
    better = a.param("better")
    better = better if better in (col_a, col_b) else None
    n = int(a.param("n") or 1)
    result = an.column_gap(
        col_a, col_b, extreme=extreme, better=better, n=n, scope=scope, report=ctx.report, at_least=at_least
    )
    scope_text = _scope_words(ctx, scope)
    if better is not None:
        other = col_b if better == col_a else col_a
        b_name, o_name = _dim(ctx, better), _dim(ctx, other)
        measure = ctx.t(
            f"{b_name}排名比{o_name}排名高出的名次 = {o_name}名次 − {b_name}名次，只看{b_name}排名更靠前的城市",
            f"places by which the {b_name} rank is better than the {o_name} rank = {o_name} rank − {b_name} rank, "
            f"counting only cities ranked better on {b_name}",
        )
    else:
        measure = ctx.t(
            f"差距 = |{_dim(ctx, col_a)}排名 − {_dim(ctx, col_b)}排名|（名次之差）",
            f"gap = |{_dim(ctx, col_a)} rank − {_dim(ctx, col_b)} rank| (in places)",
        )
    if at_least is not None:
        lines = [
            ctx.t(
                f"规则：{measure}；{scope_text}取至少{at_least}名者。",
                f"Rule: {measure}; {scope_text}, those with at least {at_least} places.",
            )
        ]
    elif extreme is None:
        lines = [ctx.t(f"规则：{measure}。", f"Rule: {measure}.")]
    else:
        pick = ctx.t("最大" if extreme == "max" else "最小", "largest" if extreme == "max" else "smallest")
        if better is not None:
            pick = ctx.t("最多" if extreme == "max" else "最少", "most" if extreme == "max" else "fewest")
            lines = [
                ctx.t(
                    f"规则：{measure}；{scope_text}取高出{pick}者（并列全列出）。",
                    f"Rule: {measure}; {scope_text}, the {pick} places (ties all listed).",
                )
            ]
        else:
            lines = [
                ctx.t(
                    f"规则：{measure}，{scope_text}取差距{pick}者（并列全列出）。",
                    f"Rule: {measure}; {scope_text}, the {pick} gap (ties all listed).",
                )
            ]
    lines.append(_group_note(ctx, scope, result))
    if result.empty:
        if better is not None:
            lines.append(
                ctx.t(
                    f"**没有城市的{_dim(ctx, better)}排名比{_dim(ctx, other)}排名更靠前**（共检查{result.rule['checked']}个城市）。",
                    f"**No city ranks better on {_dim(ctx, better)} than on {_dim(ctx, other)}** "
                    f"({result.rule['checked']} cities checked).",
                )
            )
        else:
            lines.append(_empty_line(ctx, result))
    else:
        value = int(result.value or 0)
        if better is not None:
            lines.append(
                ctx.t(
                    f"**高出{value}名：**",
                    f"**{value} place{'s' if value != 1 else ''} better:**",
                )
            )
        elif extreme is not None:
            lines.append(
                ctx.t(
                    f"**差距{value}名：**",
                    f"**A gap of {value} place{'s' if value != 1 else ''}:**",
                )
            )
        lines += [f"- {_gap_sentence(ctx, row, col_a, col_b)}" for _, row in result.rows.iterrows()]
        if better is not None:
            lines.append(
                ctx.t(
                    f"（{scope_text}共有{result.rule['qualifying']}个城市的{_dim(ctx, better)}排名比{_dim(ctx, other)}排名靠前。）",
                    f"({result.rule['qualifying']} of the {result.rule['checked']} cities checked rank better on "
                    f"{_dim(ctx, better)} than on {_dim(ctx, other)}.)",
                )
            )
    table = result.rows.assign(gap=result.rows["gap"].abs())  # the text says which side is better
    return ctx.reply(
        "analytic",
        "\n".join(x for x in lines if x),
        cities=list(result.rows["city"]),
        table=_display(ctx, table),
    )


def _own_difference(ctx: Context, a: Analysis, scope: an.Scope) -> Reply:
    """A named city's own ranks compared column by column: '西安的知识创造力和发展成效比总排名高几位' =
    for each left column, how many places it is above (or below) the right one, both ranks cited."""
    split = max(1, min(int(a.param("split") or 1), len(a.columns) - 1))
    left, right = list(a.columns[:split]), list(a.columns[split:])
    cities = list(scope.cities)
    names = [ctx.city(c) for c in cities]
    lines = [
        ctx.t(
            f"规则：对{'、'.join(names)}，逐项比较{_dims(ctx, left)}排名与{_dims(ctx, right)}排名；"
            "名次差 = 两个名次数字之差，数字越小排名越高。",
            f"Rule: for {', '.join(names)}, compare the {_dims(ctx, left)} rank with the {_dims(ctx, right)} rank, "
            "one by one; the difference in places is the difference of the two rank numbers (a smaller number ranks higher).",
        )
    ]
    records = []
    for l_col in left:
        for r_col in right:
            if l_col == r_col:
                continue
            result = an.column_gap(l_col, r_col, extreme=None, scope=scope, report=ctx.report)
            for _, row in result.rows.iterrows():
                city = str(row["city"])
                rl, rr = int(row[l_col]), int(row[r_col])
                higher = -int(row["gap"])  # rank r − rank l: places l is above r
                records.append((city, l_col, rl, r_col, rr, higher))
    order = {c: i for i, c in enumerate(cities)}
    records.sort(key=lambda x: order.get(x[0], 99))
    for city, l_col, rl, r_col, rr, higher in records:
        ln, rn = _dim(ctx, l_col), _dim(ctx, r_col)
        if higher > 0:
            verdict = ctx.t(
                f"**{ln}比{rn}高{higher}名**（{rr} − {rl} = {higher}）",
                f"**{ln} is {higher} place{'s' if higher != 1 else ''} higher than {rn}** ({rr} − {rl} = {higher})",
            )
        elif higher < 0:
            verdict = ctx.t(
                f"**{ln}比{rn}低{-higher}名**（{rl} − {rr} = {-higher}）",
                f"**{ln} is {-higher} place{'s' if higher != -1 else ''} lower than {rn}** ({rl} − {rr} = {-higher})",
            )
        else:
            verdict = ctx.t(f"**{ln}与{rn}名次相同**", f"**{ln} and {rn} hold the same rank**")
        lines.append(
            ctx.t(
                f"- {city}：{ln}第{rl}名，{rn}第{rr}名；{verdict}{rank_marker(ctx, city)}",
                f"- {ctx.city(city)}: {ln} {ctx.rank(rl)}, {rn} {ctx.rank(rr)}; {verdict}{rank_marker(ctx, city)}",
            )
        )
    if not records:
        lines.append(ctx.t("**没有可比较的城市。**", "**There is no city to compare.**"))
    headers = (
        ("City", "Compared", "Rank", "Against", "Its rank", "Places higher (+) / lower (−)")
        if ctx.en
        else ("城市", "比较项", "名次", "对照项", "对照项名次", "高出名次（负数为低）")
    )
    table = pd.DataFrame(
        [(ctx.city(c), _dim(ctx, lc), rl, _dim(ctx, rc), rr, h) for c, lc, rl, rc, rr, h in records],
        columns=list(headers),
    )
    return ctx.reply(
        "analytic", "\n".join(lines), cities=list(dict.fromkeys(r[0] for r in records)), table=table
    )


def _imbalance(ctx: Context, a: Analysis) -> Reply:
    scope = _scope_of(ctx, a)
    columns = list(a.columns) or list(an.FOUR_DIMENSIONS)
    extreme = a.param("extreme", "max") or "max"
    n = int(a.param("n") or 1)
    named = extreme == "none"  # the named cities' own best, worst and spread, no ranking among them
    result = an.imbalance(columns, extreme=None if named else extreme, n=n, scope=scope, report=ctx.report)
    most = extreme == "max"
    scope_text = _scope_words(ctx, scope)
    if named:
        if scope is not None and len(scope.cities) == 1:
            scope_text = ctx.t(f"对{scope.cities[0]}", f"for {ctx.city(scope.cities[0])}")
        lines = [
            ctx.t(
                f"规则：{scope_text}，列出{_dims(ctx, columns)}中的最好与最差排名，以及两者之差（名次）。",
                f"Rule: {scope_text}, the best and the worst rank over {_dims(ctx, columns)} and the places between "
                "them.",
            ),
            _group_note(ctx, scope, result),
        ]
    else:
        lines = [
            ctx.t(
                f"规则：对每个城市，取{_dims(ctx, columns)}中最差排名与最好排名之差（名次）；差值越大越不均衡（偏科），"
                f"越小越均衡。{scope_text}取差值{'最大' if most else '最小'}者（并列全列出）。",
                f"Rule: for each city, its worst minus its best rank over {_dims(ctx, columns)} (in places); a larger spread "
                f"means more unbalanced, a smaller one more balanced. {scope_text[:1].upper() + scope_text[1:]}, the "
                f"{'largest' if most else 'smallest'} spread (ties all listed).",
            ),
            _group_note(ctx, scope, result),
        ]
    if result.empty:
        lines.append(_empty_line(ctx, result))
    else:
        label = ctx.t("最不均衡" if most else "最均衡", "Most unbalanced" if most else "Most balanced")
        if named:
            label = ctx.t("最好与最差", "Best and worst")
        lines.append(
            ctx.t(
                f"**{label}（相差{int(result.value or 0)}名）：**",
                f"**{label} (a spread of {int(result.value or 0)} place{'s' if int(result.value or 0) != 1 else ''}):**",
            )
        )
        for _, row in result.rows.iterrows():
            city = row["city"]
            best, worst = result.rule["best"][city], result.rule["worst"][city]
            lines.append(
                ctx.t(
                    f"- {city}：最好是{_dim(ctx, best)}第{int(row[best])}名，最差是{_dim(ctx, worst)}第{int(row[worst])}名"
                    f"（{int(row[worst])} − {int(row[best])} = {int(row['spread'])}）{rank_marker(ctx, city)}",
                    f"- {ctx.city(city)}: best {_dim(ctx, best)} {ctx.rank(int(row[best]))}, worst {_dim(ctx, worst)} {ctx.rank(int(row[worst]))} "
                    f"({int(row[worst])} − {int(row[best])} = {int(row['spread'])}){rank_marker(ctx, city)}",
                )
            )
        if named and len(result.rows) == 1:
            city = result.rows["city"].iloc[0]
            lines += _weakest_level2_line(ctx, city, best=True) + _weakest_level2_line(ctx, city)
    return ctx.reply(
        "analytic",
        "\n".join(x for x in lines if x),
        cities=list(result.rows["city"]),
        table=_display(ctx, result.rows),
    )


def _extreme(ctx: Context, a: Analysis) -> Reply:
    scope = _scope_of(ctx, a)
    column = a.columns[0] if a.columns else "total_rank"
    best = a.param("best", "1") == "1"
    n = int(a.param("n") or 1)
    result = an.extreme(column, best=best, n=n, scope=scope, report=ctx.report)
    scope_text = _scope_words(ctx, scope)
    which = ctx.t(
        "最好（名次数字最小）" if best else "最弱（名次数字最大）",
        "best (smallest rank number)" if best else "weakest (largest rank number)",
    )
    lines = [
        ctx.t(
            f"规则：{scope_text}比较{_dim(ctx, column)}排名，取{which}者。",
            f"Rule: {scope_text}, compare the {_dim(ctx, column)} ranks and take the {which}.",
        ),
        _group_note(ctx, scope, result),
    ]
    compared = result.used["rankings"]
    shown = list(dict.fromkeys([c for c in (scope.rank_column, column) if c]))
    if result.empty:
        lines.append(ctx.t("**这一范围内没有城市。**", "**There is no city in this range.**"))
    else:
        winners = [
            f"{ctx.city(row['city'])}（{_dim(ctx, column)}第{int(row[column])}名）"
            if not ctx.en
            else f"{ctx.city(row['city'])} ({_dim(ctx, column)} {ctx.rank(int(row[column]))})"
            for _, row in result.rows.iterrows()
        ]
        lines.append(ctx.t(f"**{'、'.join(winners)}**", f"**{', '.join(winners)}**"))
        if a.param("score") == "1":
            # the score asked with the winner: printed, bounded, or said not to be printed
            d = next(d for d in DIMENSIONS if d.column == column)
            lines += [
                f"{ctx.city(row['city'])}{ctx.t('：', ': ')}{score_phrase(ctx, str(row['city']), d)}"
                for _, row in result.rows.iterrows()
            ]
        ordered = compared.sort_values([column, "total_rank"])
        lines.append(
            ctx.t("比较的城市：", "Cities compared: ")
            + ctx.t("、", ", ").join(
                f"{ctx.city(row['city'])} {ctx.rank(int(row[column]))}{rank_marker(ctx, row['city'])}"
                for _, row in ordered.iterrows()
            )
        )
    table = compared.sort_values([column, "total_rank"])[["city", *shown]].copy()
    for c in shown:
        table[c] = table[c].astype(int)
    return ctx.reply(
        "analytic",
        "\n".join(x for x in lines if x),
        cities=list(result.rows["city"]),
        table=_display(ctx, table),
    )


def _leaders(ctx: Context, a: Analysis) -> Reply:
    """Who holds first (last) place on each column: '各个一级指标的第一名分别是谁', '各维度倒数第一'."""
    scope = _scope_of(ctx, a)
    columns = list(a.columns) or list(an.FOUR_DIMENSIONS)
    best = a.param("best", "1") != "0"
    result = an.column_leaders(columns, best=best, scope=scope, report=ctx.report)
    scope_text = _scope_words(ctx, scope)
    place = ctx.t(
        "第一名（名次数字最小）" if best else "倒数第一（名次数字最大）",
        "first place, i.e. the smallest rank number" if best else "last place, i.e. the largest rank number",
    )
    lines = [
        ctx.t(
            f"规则：{scope_text}，对{_dims(ctx, columns)}逐项单独比较排名，每一项取{place}的城市（并列全列出）。",
            f"Rule: {scope_text}, each of {_dims(ctx, columns)} on its own: the city in {place} (ties all listed).",
        ),
        _group_note(ctx, scope, result),
    ]
    if result.empty:
        lines.append(ctx.t("**这一范围内没有城市。**", "**There is no city in this range.**"))
    else:
        lines.append(
            ctx.t(
                f"**各项{'第一名' if best else '倒数第一'}：**",
                f"**{'First' if best else 'Last'} place on each:**",
            )
        )
        for column in columns:
            held = result.rows[result.rows["column"] == column]
            names = ctx.t("、", ", ").join(
                ctx.t(
                    f"{row['city']}（第{int(row['rank'])}名）",
                    f"{ctx.city(row['city'])} {ctx.rank(int(row['rank']))}",
                )
                + rank_marker(ctx, row["city"])
                for _, row in held.iterrows()
            )
            lines.append(f"- {_dim(ctx, column)}{ctx.t('：', ': ')}{names}")
        held_by = result.rule["held"]
        parts = []
        for city, held_columns in held_by.items():
            count = len(held_columns)
            zh_count = f"{_chinese_count(count)}项" if count > 1 else ""
            parts.append(
                ctx.t(
                    f"{city}在{_dims(ctx, held_columns)}{zh_count}排{'第一' if best else '倒数第一'}",
                    f"{ctx.city(city)} on {_dims(ctx, held_columns)}"
                    + (f" ({count} of {len(columns)})" if count > 1 else ""),
                )
            )
        if ctx.en:
            summary = "; ".join(parts)
            lines.append(f"In sum: {'first' if best else 'last'} place is held by {summary}.")
        else:
            lines.append("归纳：" + "；".join(parts) + "。")
        counts = {city: len(held_columns) for city, held_columns in held_by.items()}
        most = max(counts.values(), default=0)
        holders = [city for city, count in counts.items() if count == most]
        if most > 1 and len(holders) == 1:
            # "Which city comes last in the most dimensions, and in how many?": the tally's top, said once
            lines.append(
                ctx.t(
                    f"**{'第一' if best else '倒数第一'}次数最多的是{holders[0]}：{len(columns)}项中占{most}项。**",
                    f"**Most often {'first' if best else 'last'}: {ctx.city(holders[0])}, on {most} of the "
                    f"{len(columns)}.**",
                )
            )
        if scope.kind != "all":
            lines.append(
                ctx.t(
                    "（名次为报告表2中的全国样本排名。）",
                    "(Ranks are those of the report's Table 2, over the whole sample.)",
                )
            )
    table = result.rows.assign(column=result.rows["column"].map(lambda c: _dim(ctx, c)))
    return ctx.reply(
        "analytic",
        "\n".join(x for x in lines if x),
        cities=list(held_by) if not result.empty else [],
        table=_display(ctx, table),
    )


def _chinese_count(n: int) -> str:
    return "零一二三四五六七八九十"[n] if 0 <= n <= 10 else str(n)


def _own_extreme(ctx: Context, a: Analysis) -> Reply:
    """A named city's own best / worst column: '青岛哪个维度最强', "What is Hefei's weakest dimension?"."""
    cities = list(dict.fromkeys(ctx.query.cities))
    if not cities:
        return ctx.reply(
            "analytic",
            ctx.t(
                "请说明是哪个城市（例如“青岛哪个维度最强”）。",
                "Please name the city (e.g. “Which is Qingdao's strongest dimension?”).",
            ),
        )
    if a.param("level") == "2":
        return _own_level2_extreme(ctx, cities, best=a.param("best", "1") == "1", within=a.param("within"))
    columns = list(a.columns) or list(an.FOUR_DIMENSIONS)
    best = a.param("best", "1") == "1"
    dimensions = set(columns) <= set(an.FOUR_DIMENSIONS)
    item = ctx.t("维度" if dimensions else "一项", "dimension" if dimensions else "one")
    which = ctx.t(
        "最强（名次数字最小）" if best else "最弱（名次数字最大）",
        "strongest (smallest rank number)" if best else "weakest (largest rank number)",
    )
    names = [ctx.city(c) for c in cities]
    lines = [
        ctx.t(
            f"规则：比较{'、'.join(names)}自身的{_dims(ctx, columns)}排名，取{which}的{item}（并列全列出）。",
            f"Rule: compare the own ranks of {', '.join(names)} on {_dims(ctx, columns)} and take the {which} "
            f"{item} (ties all listed).",
        )
    ]
    rows = []
    for city in cities:
        result = an.own_extreme(city, columns, best=best, report=ctx.report)
        name = result.rule["city"]
        ranks = result.rule["ranks"]
        chosen = result.rule["chosen"]
        marker = rank_marker(ctx, name)
        target = int(result.value or 0)
        picked = _dims(ctx, chosen)
        tied = len(chosen) > 1
        if len(columns) == 2:
            word_zh, word_en = ("更强", "stronger") if best else ("更弱", "weaker")
        else:
            word_zh, word_en = ("最强", "strongest") if best else ("最弱", "weakest")
        lines.append(
            ctx.t(
                f"**{name}{word_zh}的{item}是{picked}（{'并列' if tied else ''}第{target}名）**{marker}",
                f"**{ctx.city(name)}: the {word_en} {item} {'are' if tied else 'is'} {picked} "
                f"({'tied at ' if tied else ''}{ctx.rank(target)})**{marker}",
            )
        )
        ordered = sorted(columns, key=lambda c: (ranks[c], columns.index(c)))
        total = city_ranks(name, ctx.report)[TOTAL.zh]
        overall = "" if TOTAL.column in columns else ctx.t("；总指数", "; overall ") + ctx.rank(total)
        lines.append(
            ctx.t("各项排名（从强到弱）：", "Its ranks, strongest first: ")
            + ctx.t("、", ", ").join(f"{_dim(ctx, c)}{ctx.t('', ' ')}{ctx.rank(ranks[c])}" for c in ordered)
            + overall
            + ctx.t("。", ".")
        )
        headline = ctx.report.profile_taglines.get(name) if best else None
        if headline:
            # "报告说它哪方面最突出": the report's own words for what stands out, beside the ranks
            lines.append(
                ctx.t(
                    f"报告对它的概括（城市分析标题）：“{headline}”。",
                    f"The report's own headline for it: “{headline}”.",
                )
            )
        rows.append({"city": name, **{c: ranks[c] for c in columns}})
        if a.param("also_level2") == "1" and best:
            lines += _what_carries_it(ctx, name, chosen[0])
        elif a.param("also_level2") == "1":
            lines += _weakest_level2_line(ctx, name)
    table = pd.DataFrame(rows, columns=["city", *columns])
    return ctx.reply(
        "analytic", "\n".join(lines), cities=[r["city"] for r in rows], table=_display(ctx, table)
    )


def _what_carries_it(ctx: Context, city: str, column: str) -> list[str]:
    """'青岛主要靠哪方面撑起来的': the report's own reasons in the city's profile paragraph on its strongest
    dimension (its lead sentence and the one after it); nothing for a city the report does not profile."""
    from assistant.answers.explain import profile_sentences, quoted_block
    from index_core.dimensions import dimension

    d = dimension(column)
    return quoted_block(
        ctx,
        f"报告对{city}{d.zh}的说法",
        f"What the report says of {ctx.city(city)} on {d.en}",
        profile_sentences(ctx, city, d, limit=2, then_next=True),
    )


def _weakest_level2_line(ctx: Context, city: str, *, best: bool = False) -> list[str]:
    """'它有哪方面明显拖后腿': below the four dimensions, the second-level indicator the text ranks lowest (or,
    with `best`, highest)."""
    result = an.own_level2_extreme(city, best=best, report=ctx.report)
    if result.refusal:
        return []
    chosen = [subrank_phrase(ctx, row) for _, row in result.rows.iterrows()]
    zh, en = ("最强", "strongest") if best else ("最弱", "weakest")
    return [
        ctx.t(
            f"**往下一层看，报告正文写明的二级指标里{city}{zh}的是：{'、'.join(chosen)}**",
            f"**One level down, its {en} second-level indicator the report's text states: {', '.join(chosen)}**",
        )
    ]


def _own_level2_extreme(ctx: Context, cities: list[str], *, best: bool, within: str | None = None) -> Reply:
    """'深圳有没有哪个二级指标拖后腿？': each city's strongest / weakest second-level indicator by the ranks the
    report's text states (a band counts at its worst place), every stated second-level rank listed after it."""
    which = ctx.t("最强（名次最靠前）" if best else "最弱（名次最靠后）", "strongest" if best else "weakest")
    inside = ctx.t(f"{_dim(ctx, within)}下的", f" under {_dim(ctx, within)}") if within else ""
    lines = [
        ctx.t(
            f"规则：比较报告正文写明的{'、'.join(cities)}{inside}二级指标排名，取{which}的一项（“前N名”按第N名计，并列全列出）。",
            f"Rule: compare the second-level ranks{inside} the report's text states for "
            f"{', '.join(ctx.city(c) for c in cities)} and take the {which} (a band “top N” counts as #N; ties "
            "all listed).",
        )
    ]
    shown: list[pd.DataFrame] = []
    for city in cities:
        result = an.own_level2_extreme(city, best=best, within=within, report=ctx.report)
        if result.refusal:
            lines.append(
                ctx.t(
                    f"- **报告正文没有给出{city}的二级指标排名**（只对十强城市逐项分析）；它的一级维度排名见表2。",
                    f"- **The report's text states no second-level ranks for {ctx.city(city)}** (it profiles only "
                    "the top ten cities); its first-level ranks are in Table 2.",
                )
            )
            continue
        chosen = [subrank_phrase(ctx, row) for _, row in result.rows.iterrows()]
        compared = result.used["subranks"]
        others = [
            subrank_phrase(ctx, row)
            for _, row in compared.iterrows()
            if row["indicator"] not in set(result.rows["indicator"])
        ]
        word = ctx.t("最强" if best else "最弱", "strongest" if best else "weakest")
        lines.append(
            ctx.t(
                f"**{city}{word}的二级指标：{'、'.join(chosen)}**",
                f"**{ctx.city(city)}'s {word} second-level indicator: {', '.join(chosen)}**",
            )
        )
        if others:
            lines.append(
                ctx.t("其他写明的二级指标排名：", "Its other stated second-level ranks: ")
                + ctx.t("、", "; ").join(others)
            )
        shown.append(compared.assign(city=city))
    table = pd.concat(shown) if shown else None
    display = None
    if table is not None:
        display = table[["city", "level1", "indicator", "phrase"]].rename(
            columns=ctx.t(
                {"city": "城市", "level1": "一级指标", "indicator": "二级指标", "phrase": "报告原话"},
                {
                    "city": "City",
                    "level1": "First-level",
                    "indicator": "Second-level",
                    "phrase": "Report's wording",
                },
            )
        )
    return ctx.reply("analytic", "\n".join(lines), cities=cities, table=display)


def _mean_text(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")


def _mean_over_cities(ctx: Context, a: Analysis) -> Reply:
    """'三个计划单列市总排名的平均名次': one rank column averaged over the cities in scope, shown as arithmetic."""
    scope = _scope_of(ctx, a)
    column = a.columns[0] if a.columns else "total_rank"
    result = an.mean_rank_of_cities(column, scope=scope, report=ctx.report)
    ranks = [int(v) for v in result.rows[column]]
    mean = _mean_text(float(result.value or 0))
    added = " + ".join(str(r) for r in ranks)
    scope_text = _scope_words(ctx, scope)
    lines = [
        ctx.t(
            f"规则：{scope_text}{_dim(ctx, column)}名次的平均值 = 名次之和 ÷ 城市数（据表2计算，不是报告给出的数字）。",
            f"Rule: {scope_text}, the mean of the {_dim(ctx, column)} ranks = their sum ÷ the number of cities "
            "(computed from Table 2, not a figure the report gives).",
        ),
        _group_note(ctx, scope, result),
        ctx.t(
            f"**平均第{mean}名**（({added}) ÷ {len(ranks)} = {mean}）",
            f"**Average rank {mean}** (({added}) ÷ {len(ranks)} = {mean})",
        ),
    ]
    for _, row in result.rows.iterrows():
        city = str(row["city"])
        lines.append(
            ctx.t(
                f"- {city}：{_dim(ctx, column)}第{int(row[column])}名{rank_marker(ctx, city)}",
                f"- {ctx.city(city)}: {_dim(ctx, column)} {ctx.rank(int(row[column]))}{rank_marker(ctx, city)}",
            )
        )
    return ctx.reply(
        "analytic",
        "\n".join(x for x in lines if x),
        cities=list(result.rows["city"]),
        table=_display(ctx, result.rows),
    )


def _average(ctx: Context, a: Analysis) -> Reply:
    """Mean (or sum) of ranks over several columns: one city's own ('合肥四个维度的平均名次', '苏州四项排名加起来'),
    or the best / worst ones. Sums and means order the cities alike (same number of columns)."""
    if a.param("over") == "cities":
        return _mean_over_cities(ctx, a)
    scope = _scope_of(ctx, a)
    columns = list(a.columns) or list(an.FOUR_DIMENSIONS)
    extreme = a.param("extreme", "none")
    n = int(a.param("n") or 1)
    summed = a.param("sum") == "1"
    result = an.average_rank(
        columns, extreme=None if extreme in (None, "none") else extreme, n=n, scope=scope, report=ctx.report
    )
    if summed:
        rule = ctx.t(
            f"规则：排名之和 = {_dims(ctx, columns)}的名次相加（报告只公布名次，和是据表2计算的，不是报告给出的数字）。",
            f"Rule: sum of ranks = the ranks on {_dims(ctx, columns)} added up (the report publishes ranks only; the "
            "sum is computed from Table 2, not a figure the report gives).",
        )
        what = ctx.t("排名之和", "sum of ranks")
    else:
        rule = ctx.t(
            f"规则：平均名次 = {_dims(ctx, columns)}排名之和 ÷ {len(columns)}（报告只公布名次，平均值是据表2计算的，"
            "不是报告给出的数字）。",
            f"Rule: average rank = the sum of the ranks on {_dims(ctx, columns)} ÷ {len(columns)} (the report publishes "
            "ranks only; the average is computed from Table 2, not a figure the report gives).",
        )
        what = ctx.t("平均名次", "average")
    lines = [rule]
    if extreme in ("min", "max"):
        scope_text = _scope_words(ctx, scope)
        lines.append(
            ctx.t(
                f"{scope_text}取{what}{'最小（最好）' if extreme == 'min' else '最大（最差）'}者（并列全列出）。",
                f"{scope_text[:1].upper() + scope_text[1:]}, the {'smallest (best)' if extreme == 'min' else 'largest (worst)'} "
                f"{what} (ties all listed).",
            )
        )
        lines.append(_group_note(ctx, scope, result))
    shown = result
    if extreme in ("min", "max") and scope is not None and scope.kind == "named" and not result.empty:
        # 'which of the two has the smaller sum': the answer, then every named city's own arithmetic
        winners = ctx.t("、", ", ").join(ctx.city(c) for c in result.cities)
        lines.append(ctx.t(f"**答案：{winners}**。", f"**Answer: {winners}.**"))
        shown = an.average_rank(columns, extreme=None, scope=scope, report=ctx.report)
    if result.empty:
        lines.append(_empty_line(ctx, result))
    for _, row in shown.rows.iterrows():
        city = row["city"]
        ranks = [int(row[c]) for c in columns]
        total = sum(ranks)
        mean = _mean_text(float(row["mean"]))
        added = " + ".join(str(r) for r in ranks)
        if summed:
            head = ctx.t(
                f"- **{city}：排名之和 {total}**（{added} = {total}）；",
                f"- **{ctx.city(city)}: sum of ranks {total}** ({added} = {total}); ",
            )
        else:
            head = ctx.t(
                f"- **{city}：平均第{mean}名**（{added} = {total}，{total} ÷ {len(columns)} = {mean}）；",
                f"- **{ctx.city(city)}: average rank {mean}** ({added} = {total}; {total} ÷ {len(columns)} = {mean}); ",
            )
        # beside an average of the dimensions, the overall rank it is naturally set against
        total = city_ranks(city, ctx.report)[TOTAL.zh]
        overall = (
            ctx.t(f"（总指数第{total}名）", f" (overall: {ctx.rank(total)})")
            if "total_rank" not in columns
            else ""
        )
        lines.append(
            head
            + ctx.t(
                "、".join(f"{_dim(ctx, c)}第{int(row[c])}名" for c in columns),
                ", ".join(f"{_dim(ctx, c)} {ctx.rank(int(row[c]))}" for c in columns),
            )
            + overall
            + rank_marker(ctx, city)
        )
    return ctx.reply(
        "analytic",
        "\n".join(x for x in lines if x),
        cities=list(shown.rows["city"]),
        table=_display(ctx, shown.rows),
    )


def _neighbours(ctx: Context, a: Analysis) -> Reply:
    """The cities just above and below a named one: '南京前面一位和后面一位是谁'."""
    cities = list(dict.fromkeys(ctx.query.cities))
    if not cities:
        return ctx.reply(
            "analytic",
            ctx.t(
                "请说明是哪个城市（例如“南京前后各是谁”）。",
                "Please name the city (e.g. “Who ranks just above and below Nanjing?”).",
            ),
        )
    column = a.columns[0] if a.columns else "total_rank"
    places = int(a.param("places") or 1)
    side = a.param("side", "both") or "both"
    where_zh = {"above": "前面（名次数字更小）", "below": "后面（名次数字更大）", "both": "前面和后面"}[side]
    where_en = {"above": "above", "below": "below", "both": "above and below"}[side]
    lines = [
        ctx.t(
            f"规则：在{_dim(ctx, column)}排名中，取紧挨在该城市{where_zh}的{places}个名次上的城市。",
            f"Rule: on the {_dim(ctx, column)} ranking, the cities up to {places} place{'s' if places != 1 else ''} "
            f"{where_en}.",
        )
    ]
    frames, named = [], []
    for city in cities:
        result = an.rank_neighbours(city, column, places=places, report=ctx.report)
        rule = result.rule
        name, rank = rule["city"], int(rule["rank"])
        ranks = dict(zip(result.rows["city"], result.rows[column], strict=True))

        def listed(group: list[str], ranks: dict = ranks) -> str:
            if not group:
                return ctx.t("（无，已是首位）", "(none)")
            return ctx.t("、", ", ").join(
                ctx.t(f"{c}（第{int(ranks[c])}名）", f"{ctx.city(c)} ({ctx.rank(int(ranks[c]))})")
                + rank_marker(ctx, c)
                + _printed_score(ctx, c, column)
                for c in group
            )

        above = listed(rule["above"]) if rule["above"] else ctx.t("无（已是第一）", "none (it is first)")
        below = listed(rule["below"]) if rule["below"] else ctx.t("无（已是最后一名）", "none (it is last)")
        n_zh = "一位" if places == 1 else f"{places}位"
        said_zh = {
            "above": f"前面{n_zh}是{above}",
            "below": f"后面{n_zh}是{below}",
            "both": f"前面{n_zh}是{above}；后面{n_zh}是{below}",
        }[side]
        n_en = "" if places == 1 else f" {places}"
        said_en = {
            "above": f"just above{n_en}: {above}",
            "below": f"just below{n_en}: {below}",
            "both": f"just above{n_en}: {above}; just below{n_en}: {below}",
        }[side]
        lines.append(
            ctx.t(
                f"**{name}{_dim(ctx, column)}第{rank}名**{rank_marker(ctx, name)}：{said_zh}。",
                f"**{ctx.city(name)} is {ctx.rank(rank)} on {_dim(ctx, column)}**{rank_marker(ctx, name)}: {said_en}.",
            )
        )
        if rule["tied"]:
            lines.append(ctx.t("并列：", "Tied: ") + listed(rule["tied"]))
        frames.append(result.rows)
        named += [
            name,
            *(rule["above"] if side != "below" else []),
            *(rule["below"] if side != "above" else []),
        ]
    table = pd.concat(frames).drop_duplicates("city").sort_values(column)
    return ctx.reply(
        "analytic", "\n".join(lines), cities=list(dict.fromkeys(named)), table=_display(ctx, table)
    )


def _need_cities(ctx: Context, n: int, what: str, what_en: str) -> Reply:
    body = ctx.t(
        f"请说明要比较哪{n}个城市的{what}（例如“广州和成都”）。",
        f"Please name the {n} cities whose {what_en} to compare (e.g. “Guangzhou and Chengdu”).",
    )
    return ctx.reply("analytic", body)


def _rank_difference(ctx: Context, a: Analysis) -> Reply:
    cities = list(dict.fromkeys(ctx.query.cities))
    if len(cities) < 2:
        return _need_cities(ctx, 2, "排名", "ranks")
    first, second = cities[0], cities[1]
    lines = [
        ctx.t(
            "规则：名次差 = 两市名次数字之差；名次数字越小排名越高。",
            "Rule: the difference in places is the difference of the two rank numbers; a smaller number ranks higher.",
        )
    ]
    frames = []
    for column in a.columns or ("total_rank",):
        result = an.rank_difference(first, second, column, report=ctx.report)
        ra, rb = (int(v) for v in result.rows[column])
        ma, mb = rank_marker(ctx, first), rank_marker(ctx, second)
        name = _dim(ctx, column)
        if ra == rb:
            verdict = ctx.t("两市名次相同", "they hold the same rank")
        else:
            ahead, behind = (first, second) if ra < rb else (second, first)
            verdict = ctx.t(
                f"**{ahead}比{behind}高{abs(rb - ra)}名**（{max(ra, rb)} − {min(ra, rb)} = {abs(rb - ra)}）",
                f"**{ctx.city(ahead)} is {abs(rb - ra)} place{'s' if abs(rb - ra) != 1 else ''} ahead of {ctx.city(behind)}** ({max(ra, rb)} − {min(ra, rb)} = {abs(rb - ra)})",
            )
        lines.append(
            ctx.t(
                f"- {name}：{first}第{ra}名{ma}，{second}第{rb}名{mb}；{verdict}。",
                f"- {name}: {ctx.city(first)} {ctx.rank(ra)}{ma}, {ctx.city(second)} {ctx.rank(rb)}{mb}; {verdict}.",
            )
        )
        frames.append(result.rows.set_index("city")[[column]])
    asked = set(a.columns or ("total_rank",))
    rest = [d.column for d in DIMENSIONS if d.column not in asked]
    if rest:
        # the other columns in one line each way: where each city leads ("on which dimensions does the
        # lower-ranked one beat the other", "yet Shenzhen ranks higher overall — why?")
        table = ctx.report.rankings.set_index("city")
        leads = {
            c: [col for col in rest if int(table.at[c, col]) < int(table.at[o, col])]
            for c, o in ((first, second), (second, first))
        }
        parts = []
        for c in (first, second):
            if leads[c]:
                shown = ctx.t("、", ", ").join(
                    f"{_dim(ctx, col)}（{int(table.at[c, col])} vs {int(table.at[o, col])}）"
                    if not ctx.en
                    else f"{_dim(ctx, col)} ({ctx.rank(int(table.at[c, col]))} vs {ctx.rank(int(table.at[o, col]))})"
                    for col in leads[c]
                    for o in [second if c == first else first]
                )
                parts.append(ctx.t(f"{c}领先：{shown}", f"{ctx.city(c)} ahead on: {shown}"))
        if parts:
            lines.append(
                ctx.t("其余排名：", "The other rankings: ") + ctx.t("；", "; ").join(parts) + ctx.t("。", ".")
            )
        frames.append(table.loc[[first, second], rest])
    table = pd.concat(frames, axis=1).reset_index()
    return ctx.reply("analytic", "\n".join(lines), cities=[first, second], table=_display(ctx, table))


def _score_gap(ctx: Context, a: Analysis) -> Reply:
    """'深圳和上海的总指数得分相差多少分': the difference of the two printed scores, shown over the cited values;
    where the report prints no exact score for a city, it says so and gives what it does print. With more than
    two cities, each is set against the first ('Beijing from Shenzhen, and Beijing from Shanghai')."""
    from index_core.dimensions import dimension

    cities = list(dict.fromkeys(ctx.query.cities))
    column = a.columns[0] if a.columns else "total_rank"
    d = dimension(column)
    name = ctx.dim(d)
    lead_lines: list[str] = []
    if len(cities) == 1 and a.param("lead") == "1":
        cities, lead_lines = _lead_rival(ctx, cities[0], column)
    if len(cities) < 2:
        return _need_cities(ctx, 2, "得分", "scores")
    if a.param("spread") == "1" and len(cities) >= 3:
        spread = _score_spread(ctx, cities, column)
        if spread is not None:
            return spread
    lines = [
        *lead_lines,
        ctx.t(
            f"规则：分差 = 报告公布的两市{name}得分之差。",
            f"Rule: the gap = the difference of the two printed {name} scores.",
        ),
    ]
    tables = []
    chain = a.param("chain") == "1"  # ("A比B高多少？B又比C高多少？": each next pair)
    for i, second in enumerate(cities[1:], start=1):
        pair_lines, rows = _one_score_gap(ctx, cities[i - 1] if chain else cities[0], second, column)
        lines += pair_lines
        tables.append(rows)
    rows = pd.concat(tables).drop_duplicates("city") if len(tables) > 1 else tables[0]
    return ctx.reply("analytic", "\n".join(lines), cities=cities, table=_display(ctx, rows))


def _score_spread(ctx: Context, cities: list[str], column: str) -> Reply | None:
    """'最高和最低差几分' over three or more cities: each printed score, then the highest minus the lowest over the
    cited values. None when a city's score is not printed (the pairwise answer then says whose is missing)."""
    from index_core.dimensions import dimension

    result = an.score_spread(cities, column, report=ctx.report)
    if result.value is None:
        return None
    d = dimension(column)
    name = ctx.dim(d)
    high, low = str(result.rule["highest"]), str(result.rule["lowest"])
    printed = result.rows.set_index("city")["score"].astype(float)
    lines = [
        ctx.t(
            f"规则：差距 = 这几个城市中报告公布的{name}最高分减最低分。",
            f"Rule: the spread = the highest printed {name} score among these cities minus the lowest.",
        ),
        *(f"- {ctx.city(c)}: {score_phrase(ctx, c, d)}" for c in cities),
        ctx.t(
            f"**{name}得分：最高的{high}比最低的{low}高 {result.value:.2f} 分**（{printed[high]:.2f} − "
            f"{printed[low]:.2f} = {result.value:.2f}，据报告公布的得分计算）。",
            f"**{name} score: the highest, {ctx.city(high)}, is {result.value:.2f} points above the lowest, "
            f"{ctx.city(low)}** ({printed[high]:.2f} − {printed[low]:.2f} = {result.value:.2f}, computed from the "
            "printed scores).",
        ),
    ]
    return ctx.reply("analytic", "\n".join(lines), cities=cities, table=_display(ctx, result.rows))


def _lead_rival(ctx: Context, city: str, column: str) -> tuple[list[str], list[str]]:
    """'北京总指数领先多少分': a lead is over the runner-up; asked of a city that is not first, the lead is the
    leader's, and the answer says so first. Returns the pair to set against each other and the opening line."""
    from assistant.answers.evidence import rank_marker
    from index_core.dimensions import dimension

    table = ctx.report.rankings.set_index("city")
    if city not in table.index:
        return [city], []
    rank = int(table.at[city, column])
    name = ctx.dim(dimension(column))
    at = {int(r): c for c, r in table[column].items()}
    other = at.get(2 if rank == 1 else 1)  # the runner-up, or the leader when the city is not first
    if other is None:
        return [city], []
    marks = rank_marker(ctx, city) + rank_marker(ctx, other)
    if rank == 1:
        line = ctx.t(
            f"{city}{name}排名第1，领先的是第2名{other}{marks}。",
            f"{ctx.city(city)} is 1st on {name}; its lead is over the 2nd, {ctx.city(other)}{marks}.",
        )
        return [city, other], [line]
    line = ctx.t(
        f"**{city}{name}排名第{rank}，并不领先；第1是{other}**{marks}。",
        f"**{ctx.city(city)} is {ctx.rank(rank)} on {name}, so it does not lead; 1st is {ctx.city(other)}**{marks}.",
    )
    return [other, city], [line]


def _one_score_gap(ctx: Context, first: str, second: str, column: str) -> tuple[list[str], pd.DataFrame]:
    from assistant.answers.evidence import score_phrase
    from index_core.dimensions import dimension

    d = dimension(column)
    result = an.score_gap(first, second, column, report=ctx.report)
    phrases = {c: score_phrase(ctx, c, d) for c in (first, second)}
    name = ctx.dim(d)
    if result.value is None:
        lines = [
            ctx.t(
                f"报告没有同时公布{first}和{second}的{name}得分，无法计算分差（只有少数城市有具体得分，其余只有排名）。",
                f"The report does not print both {ctx.city(first)}'s and {ctx.city(second)}'s {name} scores, so "
                "no gap can be computed (it prints exact scores for a few cities only; the rest have ranks).",
            ),
        ]
    else:
        printed = result.rows.set_index("city")["score"].astype(float)
        sa, sb = float(printed[first]), float(printed[second])
        gap = abs(result.value)
        ahead, behind = (first, second) if result.value >= 0 else (second, first)
        lines = [
            ctx.t(
                f"**{name}得分：{ahead}比{behind}高 {gap:.2f} 分**（{max(sa, sb):.2f} − {min(sa, sb):.2f} = {gap:.2f}，"
                "据报告公布的两个得分计算）。",
                f"**{name} score: {ctx.city(ahead)} is {gap:.2f} points above {ctx.city(behind)}** "
                f"({max(sa, sb):.2f} − {min(sa, sb):.2f} = {gap:.2f}, computed from the two printed scores).",
            ),
        ]
    lines += [f"- {ctx.city(first)}: {phrases[first]}", f"- {ctx.city(second)}: {phrases[second]}"]
    return lines, result.rows


# ---------------------------------------------------------------- differences between stated figures

_REFUSALS = {
    "missing_value": (
        "报告没有给出{missing}的这一数据，无法计算。",
        "The report gives no such figure for {missing}, so nothing can be computed.",
    ),
    "not_numeric": (
        "报告对这一数值只有约数或文字表述（{values}），无法计算。",
        "The report states this figure only in words or as a range ({values}), so it cannot be computed.",
    ),
    "unit_mismatch": (
        "两个数值的单位不同（{units}），不直接相减。",
        "The two figures are in different units ({units}); they are not subtracted.",
    ),
    "period_mismatch": (
        "两个数值的时期不同（{periods}），不可直接比较。",
        "The two figures refer to different periods ({periods}); they are not comparable.",
    ),
    "not_comparable": (
        "报告对两市这一数据的统计口径不同（见下方各自的说明），不作直接比较。",
        "The report measures this differently for the two cities (see each description below), so they are not compared.",
    ),
    "ambiguous": (
        "报告给出了不同时期的多个数值，请指明年份。",
        "The report gives several figures for different periods; please name the year.",
    ),
    "division_by_zero": ("分母为零，无法计算倍数。", "The second figure is zero; no ratio can be computed."),
}


def _fact_line(ctx: Context, row) -> str:
    marker = ctx.cites.cite_row(row, label=f"{row['city'] or '全国'} {row['metric_zh']}", table="facts")
    who = ctx.city(row["city"]) if row["city"] else ctx.t("全国", "China (national)")
    period = str(row.get("period", "") or "")
    if ctx.en:
        when = f" ({period})" if period else ""
        return f"- {who}{when}: {value_en(row)}{marker}"
    subject = str(row.get("subject", "") or row["metric_zh"])
    when = f"{period}年" if period.isdigit() else (f"{period}，" if period else "")
    return f"- {who}：{when}{subject} {fmt_value(row)}{marker}"


def _bound_en(value: float, unit: str | None) -> str:
    """A bound in English, the report's print beside it: 100 亿元 -> "¥10 billion (100亿元)"."""
    scaled = {"万亿元": (1.0, "trillion"), "亿元": (0.1, "billion"), "万元": (0.01, "million")}
    if unit in scaled:
        factor, word = scaled[unit]
        return f"¥{value * factor:g} {word} ({value:g}{unit})"
    return f"{value:g}%" if unit == "%" else f"{value:g}"


def _refusal_text(ctx: Context, result) -> str:
    """Why a computation over stated figures was not made, in the reader's language."""
    rule = result.rule
    zh, en = _REFUSALS.get(result.refusal, ("无法计算。", "This cannot be computed."))
    missing = ctx.t("、", ", ").join(
        ctx.city(c) if c else ctx.t("全国", "the national level") for c in rule.get("missing", [])
    )
    values = ctx.t("、", ", ").join(rule.get("not_numeric", []))
    units = " / ".join(rule.get("units", []))
    periods = " / ".join(str(p) or ctx.t("未注明", "not stated") for p in rule.get("periods", []))
    return ctx.t(zh, en).format(missing=missing, values=values, units=units, periods=periods)


def _refused(
    ctx: Context, result, lines: list[str], facts: list[str], metric: str, cities: list[str]
) -> Reply:
    """A computation over stated figures not made: the rule, why not, and what the report does state."""
    lines.append(f"**{_refusal_text(ctx, result)}**")
    if facts:
        lines += [ctx.t("报告中的相关数据：", "What the report states:"), *facts]
    table = result.rows.assign(_metric=metric)
    reply = ctx.reply("analytic", "\n".join(lines), cities=cities, table=_display(ctx, table))
    reply.unanswered = True
    return reply


def _fact_total(ctx: Context, a: Analysis) -> Reply:
    """'把杭州、苏州、成都、武汉2020年PE/VC投资加起来': the sum (or mean) over the cited figures, the computation shown."""
    q = ctx.query
    cities = list(dict.fromkeys(q.cities))
    if not q.metrics:
        return ctx.reply(
            "analytic",
            ctx.t(
                "请说明要合计哪项数据（例如GDP、PE/VC投资规模）。",
                "Please name the figure to add up (e.g. GDP).",
            ),
        )
    if len(cities) < 2 and a.param("scope") == "stated":
        # "十强城市的GDP加起来": every city the report gives the figure for
        f = ctx.report.facts
        cities = list(dict.fromkeys(f.loc[(f["metric"] == q.metrics[0]) & (f["city"] != ""), "city"]))
    if len(cities) < 2:
        return _need_cities(ctx, 2, "数据", "figures")
    op = a.op or "sum"
    results = [(m, an.fact_total(cities, m, year=q.year, op=op, report=ctx.report)) for m in q.metrics]
    metric, result = next(((m, r) for m, r in results if r.refusal is None), results[0])
    rule = result.rule
    label = ctx.t(str(rule["metric_zh"]), metric_label_en(metric))
    names = ctx.t("、", ", ").join(ctx.city(c) for c in cities)
    what = ctx.t(
        "合计 = 各数值相加" if op == "sum" else "平均 = 合计 ÷ 城市数",
        "total = the figures added" if op == "sum" else "mean = total ÷ number of cities",
    )
    lines = [
        ctx.t(
            f"规则：报告给出的{names}的“{label}”，{what}；只在单位和时期相同时计算。",
            f"Rule: the report's {label} for {names}; {what}; computed only when units and periods match.",
        )
    ]
    facts = [_fact_line(ctx, row) for _, row in result.used["facts"].iterrows()]
    if result.refusal:
        return _refused(ctx, result, lines, facts, metric, cities)
    unit = str(rule["result_unit"])
    amount = (
        value_en({"value": rule["result"], "unit": unit, "qualifier": ""})
        if ctx.en
        else f"{rule['result']}{unit}"
    )
    lines += facts
    lines.append(
        ctx.t(
            f"**{len(cities)}个城市{'合计' if op == 'sum' else '平均'}{amount}**（{rule['computation']}，据报告的数值计算，不是报告给出的数字）。",
            f"**{'Total' if op == 'sum' else 'Mean'} over the {len(cities)} cities: {amount}** ({rule['computation']}, "
            "computed from the stated figures; not a figure the report gives).",
        )
    )
    if rule.get("approximate"):
        lines.append(
            ctx.t(
                "报告原文带有“超过/多/余/约”等限定，结果只是近似。",
                "The report qualifies some figures (“more than / about”), so the result is approximate.",
            )
        )
    return ctx.reply(
        "analytic", "\n".join(lines), cities=cities, table=_display(ctx, result.rows.assign(_metric=metric))
    )


def _score_total(ctx: Context, a: Analysis) -> Reply:
    """'北京、深圳、上海三城总指数的平均分': the mean (or sum) of the printed scores, the computation shown; where a
    city's exact score is not printed, says so and gives what is printed."""
    from assistant.answers.evidence import score_phrase
    from index_core.dimensions import dimension

    cities = list(dict.fromkeys(ctx.query.cities))
    if len(cities) < 2 and a.param("scope"):
        # '前三名城市总指数得分的平均分': the cities the scope names
        table, _ = an.scope_rankings(_scope_of(ctx, a), ctx.report)
        cities = list(table.sort_values(_scope_of(ctx, a).column or "total_rank")["city"])
    if len(cities) < 2:
        return _need_cities(ctx, 2, "得分", "scores")
    column = a.columns[0] if a.columns else "total_rank"
    d = dimension(column)
    op = a.op or "mean"
    result = an.score_total(cities, column, op=op, report=ctx.report)
    name = ctx.dim(d)
    word = ctx.t("平均分" if op == "mean" else "得分合计", "mean score" if op == "mean" else "total score")
    lines = [
        ctx.t(
            f"规则：{word} = 报告公布的各城市{name}得分{'之和 ÷ 城市数' if op == 'mean' else '之和'}。",
            f"Rule: the {word} = the printed {name} scores {'added and divided by the number of cities' if op == 'mean' else 'added'}.",
        )
    ]
    if result.value is None:
        lines.append(
            ctx.t(
                f"报告没有公布所有这些城市的{name}得分，无法计算（只有少数城市有具体得分，其余只有排名）。",
                f"The report does not print every one of these cities' {name} scores, so this cannot be computed (it "
                "prints exact scores for a few cities only; the rest have ranks).",
            )
        )
    else:
        lines.append(
            ctx.t(
                f"**{name}{word}：{result.rule['result']} 分**（{result.rule['computation']}，据报告公布的得分计算）。",
                f"**{name} {word}: {result.rule['result']} points** ({result.rule['computation']}, computed from the "
                "printed scores).",
            )
        )
    lines += [f"- {ctx.city(c)}: {score_phrase(ctx, c, d)}" for c in cities]
    return ctx.reply("analytic", "\n".join(lines), cities=cities, table=_display(ctx, result.rows))


def _fact_filter(ctx: Context, a: Analysis) -> Reply:
    """'GDP超过2万亿元的有哪几个': the cities whose stated figure passes the bound, among those the report gives."""
    metric = ctx.query.metrics[0]
    unit = a.param("unit")
    result = an.fact_filter(
        metric, a.op or ">", float(a.value or 0), unit, year=ctx.query.year, report=ctx.report
    )
    label = result.rule["metric_zh"] if not ctx.en else metric_label_en(metric)
    bound = _bound_en(float(a.value or 0), unit) if ctx.en else f"{a.value:g}{unit or ''}"
    words = {
        ">": ("超过", "above"),
        ">=": ("不低于", "at least"),
        "<": ("低于", "below"),
        "<=": ("不超过", "at most"),
        "==": ("等于", "equal to"),
    }
    zh, en = words.get(a.op or ">", ("超过", "above"))
    checked = result.rule["checked"]
    lines = [
        ctx.t(
            f"规则：在报告给出{label}的{checked}个城市中，找出{label}{zh}{bound}的城市（按报告所印数值比较）。",
            f"Rule: among the {checked} cities the report gives {label} for, those {en} {bound} (compared on the "
            "printed values).",
        )
    ]
    if result.empty:
        lines.append(ctx.t("**没有城市满足。**", "**No city meets it.**"))
    else:
        lines.append(ctx.t(f"**共{len(result.rows)}个：**", f"**{len(result.rows)} cities:**"))
        passed = set(result.rows["city"])
        ordered = result.used["facts"].sort_values("number", ascending=False)
        lines += [_fact_line(ctx, row) for _, row in ordered.iterrows() if row["city"] in passed]
    others = [c for c in ctx.report.sample if c not in set(result.rule["cities_checked"])]
    if others:
        lines.append(
            ctx.t(
                f"报告没有给出其余{len(others)}个城市的这项数据，无法判断。",
                f"The report does not give this figure for the other {len(others)} cities, so they cannot be judged.",
            )
        )
    return ctx.reply(
        "analytic", "\n".join(lines), cities=list(result.rows["city"]), table=_display(ctx, result.rows)
    )


def _fact_difference(ctx: Context, a: Analysis) -> Reply:
    q = ctx.query
    if not q.metrics:
        return ctx.reply(
            "analytic",
            ctx.t(
                "请说明要比较哪项数据（例如GDP、PE/VC投资规模）。",
                "Please name the figure to compare (e.g. GDP, PE/VC investment).",
            ),
        )
    cities = list(dict.fromkeys(q.cities))
    national = a.param("national") == "1"
    if national and len(cities) >= 1:
        pair = (cities[0], "")
    elif len(cities) >= 2:
        pair = (cities[0], cities[1])
    else:
        return _need_cities(ctx, 2, "数据", "figures")
    op = a.op or "difference"
    # several metrics named (GDP in "研发投入占GDP比重"): the first the report states for both sides
    results = [
        (m, an.fact_difference(pair[0], pair[1], m, year=q.year, op=op, report=ctx.report)) for m in q.metrics
    ]
    metric, result = next(((m, r) for m, r in results if r.refusal != "missing_value"), results[0])
    rule = result.rule
    label = ctx.t(str(rule["metric_zh"]), metric_label_en(metric))
    names = [ctx.city(c) if c else ctx.t("全国", "China (national)") for c in pair]
    what = ctx.t(
        {"difference": "差值 = 前者 − 后者", "ratio": "倍数 = 前者 ÷ 后者"}[op],
        {"difference": "difference = first − second", "ratio": "ratio = first ÷ second"}[op],
    )
    lines = [
        ctx.t(
            f"规则：比较报告给出的{names[0]}与{names[1]}的“{label}”，{what}；只在单位和时期相同时计算。",
            f"Rule: compare the report's {label} for {names[0]} and {names[1]}; {what}; computed only when units and periods match.",
        )
    ]
    facts = [_fact_line(ctx, row) for _, row in result.used["facts"].iterrows()]
    if result.refusal:
        return _refused(ctx, result, lines, facts, metric, [c for c in pair if c])
    lines += facts
    unit = str(rule["result_unit"])
    if op == "ratio":
        lines.append(
            ctx.t(
                f"**{names[0]}是{names[1]}的{rule['result']}倍**（{rule['computation']}，保留两位小数）。",
                f"**{names[0]} is {rule['result']} times {names[1]}** ({rule['computation']}, rounded to two decimals).",
            )
        )
    else:
        larger = rule.get("larger")
        if larger is None:
            lines.append(ctx.t("**两者相同。**", "**The two figures are equal.**"))
        else:
            big, small = (names[0], names[1]) if larger == pair[0] else (names[1], names[0])
            if ctx.en:
                amount = (
                    f"{rule['result']} percentage points"
                    if unit == "个百分点"
                    else value_en({"value": rule["result"], "unit": unit, "qualifier": ""})
                )
                lines.append(f"**{big} is higher than {small} by {amount}** ({rule['computation']}).")
            else:
                lines.append(f"**{big}比{small}高{rule['result']}{unit}**（{rule['computation']}）。")
    notes = []
    if rule.get("approximate"):
        printed = ctx.t("、", ", ").join(
            fmt_value(row) for _, row in result.used["facts"].iterrows() if str(row["qualifier"] or "")
        )
        notes.append(
            ctx.t(
                f"报告原文带有“超过/多/余/约”等限定（{printed}），差值只是近似。",
                f"The report qualifies the figures (“more than / about”: {printed}), so the result is approximate.",
            )
        )
    if rule.get("period_unstated"):
        who = ctx.t("、", ", ").join(
            ctx.city(c) if c else ctx.t("全国", "national") for c in rule["period_unstated"]
        )
        notes.append(
            ctx.t(
                f"报告未注明{who}这一数据的时期。", f"The report does not state the period of {who}'s figure."
            )
        )
    if notes:
        lines.append(ctx.t("注：", "Note: ") + " ".join(notes))
    # the other figures the question names ("…and what was each city's R&D-to-GDP ratio?"): each side's, cited
    others = [r for m, r in results if m != metric and not r.used["facts"].empty]
    for other in others:
        lines.append(
            ctx.t(f"报告给出的“{other.rule['metric_zh']}”：", "Also asked: ") if not ctx.en else "Also asked:"
        )
        lines += [_fact_line(ctx, row) for _, row in other.used["facts"].iterrows()]
    table = result.rows.assign(_metric=metric)
    return ctx.reply("analytic", "\n".join(lines), cities=[c for c in pair if c], table=_display(ctx, table))


# ---------------------------------------------------------------- policies


def _policy_filters(ctx: Context) -> tuple[list[str], list[int], str | None, str]:
    q = ctx.query
    cities = list(dict.fromkeys(q.cities))
    years = list(q.years)
    parts = []
    if cities:
        parts.append(ctx.t("、".join(cities), ", ".join(ctx.city(c) for c in cities)))
    if years or q.months:
        months_zh = "、".join(f"{m}月" for m in q.months)
        months_en = ", ".join(MONTHS_EN[m - 1] for m in q.months if 1 <= m <= 12)
        parts.append(
            ctx.t(
                "、".join(f"{y}年" for y in years) + months_zh,
                "in " + " ".join(x for x in (months_en, ", ".join(str(y) for y in years)) if x),
            )
        )
    if q.topic:
        parts.append(ctx.t(f"与“{q.topic}”相关", f"about “{_TOPIC_EN.get(q.topic, q.topic)}”"))
    return cities, years, q.topic, ctx.t("".join(parts), " ".join(parts))


def _policy_caveat(ctx: Context, cities: list[str]) -> str:
    profiled = set(ctx.report.policies["city"])
    missing = [c for c in cities if c not in profiled]
    text = ctx.t(
        "说明：报告表3-表12标题为“部分人工智能政策”，只列出十个重点分析城市的部分政策，计数是报告所列条目数，不是政策总数。",
        "Note: Tables 3-12 are titled “selected AI policies” and cover only the ten profiled cities; counts are of the report's listings, not of all policies.",
    )
    if missing:
        text += ctx.t(
            f"{'、'.join(missing)}没有政策表。",
            f" {', '.join(ctx.city(c) for c in missing)} {'has' if len(missing) == 1 else 'have'} no policy table.",
        )
    return text


def _policy_marker(ctx: Context, row) -> str:
    return ctx.cites.cite_row(
        row, label=f"{row['city']} 政策 {row['title']}", value_column="date_printed", table="policies"
    )


def _policy_item(ctx: Context, row, with_summary: bool = False) -> str:
    date = ctx.month(row["year"], row["month"])
    item = f"- {ctx.city(row['city'])} **{date}** 《{row['title']}》{_policy_marker(ctx, row)}"
    if with_summary and str(row.get("summary", "") or ""):
        summary = str(row["summary"])
        item += ctx.t(f"：{summary}", f" — in the report's words: 「{summary}」")
    return item


def _policy_count(ctx: Context, a: Analysis) -> Reply:
    cities, years, topic, words = _policy_filters(ctx)
    by = a.param("by", "all") or "all"
    extreme = a.param("extreme")
    months = ctx.query.months
    result = an.policy_counts(
        by=by, cities=cities, years=years, topic=topic, extreme=extreme, months=months, report=ctx.report
    )
    used = result.used["policies"]
    group = {
        "city": ("城市", "city"),
        "year": ("年份", "year"),
        "topic": ("主题标签", "topic tag"),
        "issuer": ("标题中点名的区、开发区或园区", "district, zone or park named in the title"),
    }.get(by, ("", ""))
    lines = []
    if by == "all":
        lines.append(
            ctx.t(
                f"规则：统计报告政策表中{words or '全部'}的政策条目数。",
                f"Rule: count the policies listed in the report's tables{(' ' + words) if words else ''}.",
            )
        )
        count = int(result.value or 0)
        lines.append(
            ctx.t(f"**共{count}项。**", f"**{count} {'policy' if count == 1 else 'policies'} in all.**")
        )
        if used.empty:
            lines.append(ctx.t("没有符合条件的政策。", "No listed policy matches."))
        elif len(used) <= 12:
            # one to three policies: what each says too ("那份政策提了多少条具体举措" is answered by its summary)
            lines += [_policy_item(ctx, row, with_summary=len(used) <= 3) for _, row in used.iterrows()]
        else:
            lines.append(
                ctx.t("出处：", "Sources: ")
                + _markers([_policy_marker(ctx, row) for _, row in used.iterrows()])
            )
    else:
        pick = ""
        if extreme == "zero":
            pick = ctx.t(
                "，列出一项都没有的城市（只有十个重点城市有政策表）", ", naming the profiled cities with none"
            )
        elif extreme:
            zh = {"max": "最多", "min": "最少", "both": "最多和最少"}.get(extreme, "最多")
            en = {"max": "most", "min": "fewest", "both": "most and the fewest"}.get(extreme, "most")
            pick = ctx.t(f"，取{zh}者（并列全列出）", f", keeping the {en} (ties all listed)")
        lines.append(
            ctx.t(
                f"规则：按{group[0]}统计报告政策表中{words}的政策条目数{pick}"
                + ("（一项政策可带多个主题标签）" if by == "topic" else "")
                + "。",
                f"Rule: count the listed policies{(' ' + words) if words else ''} per {group[1]}{pick}"
                + (" (a policy may carry several topic tags)" if by == "topic" else "")
                + ".",
            )
        )
        if result.empty:
            lines.append(
                ctx.t("每个城市都至少有一项。", "Every profiled city has at least one.")
                if extreme == "zero"
                else ctx.t("没有符合条件的政策。", "No listed policy matches.")
            )
        city_names = [*ctx.report.cities["full_name"], *ctx.report.cities["city"]]
        for _, row in used.sort_values("id").iterrows():  # numbered in the report's order
            _policy_marker(ctx, row)
        for _, row in result.rows.iterrows():
            key = row[by]
            if by == "city":
                members = used[used["city"] == key]
                name = ctx.city(key)
            elif by == "year":
                members = used[used["year"] == key]
                name = ctx.t(f"{int(key)}年", str(int(key)))
            elif by == "issuer":
                issuers = used["title"].map(lambda t: an.policy_issuer(t, city_names)[0])
                members = used[(issuers == key) & (used["city"] == row["city"])]
                name = ctx.t(f"{key}（{row['city']}）", f"{key} ({ctx.city(row['city'])})")
            else:
                members = used[used["topics"].str.split(";").map(lambda ts, k=key: k in ts)]
                name = ctx.t(str(key), f"{_TOPIC_EN.get(str(key), key)} ({key})")
            marks = _markers([_policy_marker(ctx, r) for _, r in members.iterrows()])
            n = int(row["policies"])
            unit = ctx.t("项", " policy" if n == 1 else " policies")
            lines.append(f"- {name}{ctx.t('：', ': ')}{n}{unit} {marks}")
            if len(result.rows) == 1 and len(members) <= 12:
                # one city (or year) counted ("北京2019年出了几项？分别叫什么？"): the policies themselves too
                lines += [_policy_item(ctx, r, with_summary=False) for _, r in members.iterrows()]
        if by in ("city", "year") and extreme != "zero" and not used.empty:
            # the whole the groups are counted from ("how many in total, and which city has the most?")
            total = int(
                an.policy_counts(
                    by="all", cities=cities, years=years, topic=topic, months=months, report=ctx.report
                ).value
                or 0
            )
            lines.append(
                ctx.t(f"合计：政策表共列{total}项。", f"In all: {total} policies listed in the tables.")
            )
        if by == "city" and len(cities) == 2 and len(result.rows) == 2:
            # two named cities: how many more the first has, as the computation
            counts = dict(zip(result.rows["city"], result.rows["policies"].astype(int), strict=True))
            a, b = cities
            if a in counts and b in counts and counts[a] != counts[b]:
                more, less = (a, b) if counts[a] > counts[b] else (b, a)
                diff = counts[more] - counts[less]
                lines.append(
                    ctx.t(
                        f"**{more}比{less}多{diff}项**（{counts[more]} − {counts[less]} = {diff}）。",
                        f"**{ctx.city(more)} has {diff} more than {ctx.city(less)}** "
                        f"({counts[more]} − {counts[less]} = {diff}).",
                    )
                )
    lines.append(_policy_caveat(ctx, cities))
    cities_out = list(result.rows["city"]) if "city" in result.rows else cities
    return ctx.reply("analytic", "\n".join(lines), cities=cities_out, table=_display(ctx, result.rows))


def _policy_extreme(ctx: Context, a: Analysis) -> Reply:
    cities, years, topic, words = _policy_filters(ctx)
    asked = a.param("which", "earliest") or "earliest"
    per_city = a.param("per_city") == "1"
    if per_city:
        scope = ctx.t("每个城市", "for each city")
    elif cities:
        scope = ""  # the cities are in the filter words already
    else:
        scope = ctx.t("所有城市中", "across all cities")
    lines: list[str] = []
    frames, named = [], []
    for which in ("earliest", "latest") if asked == "both" else (asked,):
        result = an.policy_extreme(
            which=which, per_city=per_city, cities=cities, years=years, topic=topic, report=ctx.report
        )
        first = which == "earliest"
        lines.append(
            ctx.t(
                f"规则：在报告政策表{words and '中' + words + '的政策'}里，{scope}按发布年月取{'最早' if first else '最新'}的一项"
                "（报告只写到月份，同月的并列全列出）。",
                f"Rule: among the listed policies{(' of ' + words) if words else ''}{', ' + scope if scope else ''}, the "
                f"{'earliest' if first else 'latest'} by year and month (the report dates them to the month; ties are all listed).",
            )
        )
        if result.empty:
            lines.append(ctx.t("没有符合条件的政策。", "No listed policy matches."))
        else:
            shown = result.used["policies"]
            few = len(shown) <= 3
            lines += _first_of_the_cities(ctx, result.rule.get("across_cities"), first)
            lines += [_policy_item(ctx, row, with_summary=few) for _, row in shown.iterrows()]
            lines += prose_about(ctx, shown)
        frames.append(result.rows)
        named += list(result.rows["city"])
    lines.append(_policy_caveat(ctx, cities))
    return ctx.reply(
        "analytic",
        "\n".join(lines),
        cities=list(dict.fromkeys(named)),
        table=_display(ctx, pd.concat(frames, ignore_index=True)),
    )


def _first_of_the_cities(ctx: Context, across: dict | None, earliest: bool) -> list[str]:
    """Each city's earliest (latest) policy, set against each other (index_core's `across_cities`): "whose came
    first" is answered in a line."""
    if not across:
        return []
    names = list(across["cities"])
    date = ctx.month(across["year"], across["month"])
    who = ctx.t("、".join(names), ", ".join(ctx.city(c) for c in names))
    if len(names) > 1:
        return [ctx.t(f"**{who}同为最{'早' if earliest else '新'}（{date}）。**", f"**{who} tie ({date}).**")]
    return [
        ctx.t(
            f"**这几个城市中，{who}的最{'早' if earliest else '新'}：{date}。**",
            f"**Of these cities, {who}'s came {'first' if earliest else 'last'}: {date}.**",
        )
    ]


def _policy_issuer(ctx: Context, a: Analysis) -> Reply:
    cities, years, _, words = _policy_filters(ctx)
    term = a.param("term")
    level = a.param("level")
    result = an.policies_by_issuer(term, level=level, cities=cities, years=years, report=ctx.report)
    if term:
        rule = ctx.t(
            f"规则：政策标题中点名“{term}”的政策（报告未单列发文机关，发布主体按标题判断）。",
            f"Rule: policies whose title names “{term}” (the report does not list issuing bodies; the issuer is read from the title).",
        )
    elif level == "district":
        rule = ctx.t(
            "规则：标题点名某个区、开发区、园区或科学城的政策，即区或园区层面的政策（报告未单列发文机关，按标题判断）。",
            "Rule: policies whose title names a district, development zone, park or science city, i.e. sub-city policies (the report lists no issuing body; read from the title).",
        )
    else:
        rule = ctx.t(
            "规则：标题没有点名区、开发区或园区的政策，即市级层面的政策（按标题判断）。",
            "Rule: policies whose title names no district, zone or park, i.e. city-level policies (read from the title).",
        )
    lines = [rule]
    if words:
        lines.append(ctx.t(f"范围：{words}。", f"Within: {words}."))
    if result.empty:
        lines.append(ctx.t("**报告政策表中没有这样的政策。**", "**No listed policy matches.**"))
    else:
        lines.append(ctx.t(f"**共{result.count}项：**", f"**{result.count} in all:**"))
        for _, row in result.used["policies"].iterrows():
            issuer = result.rows.loc[result.rows["title"] == row["title"], "issuer"]
            who = (
                f"（{issuer.iloc[0]}）"
                if len(issuer) and issuer.iloc[0] and not ctx.en
                else (f" ({issuer.iloc[0]})" if len(issuer) and issuer.iloc[0] else "")
            )
            # a few policies: what each says (the measures asked about), in the report's words
            lines.append(_policy_item(ctx, row, with_summary=result.count <= 3) + who)
    lines.append(_policy_caveat(ctx, cities))
    shown = result.rows if level != "city" else result.rows.drop(columns="issuer")
    return ctx.reply(
        "analytic",
        "\n".join(lines),
        cities=list(dict.fromkeys(result.rows["city"])),
        table=_display(ctx, shown),
    )


def _policy_same_month(ctx: Context, a: Analysis) -> Reply:
    cities, years, _, words = _policy_filters(ctx)
    result = an.same_month_policies(cities=cities, years=years, report=ctx.report)
    lines = [
        ctx.t(
            f"规则：同一城市在同一年同一月列出两项及以上政策（报告政策表{words and '中' + words}，日期只写到月份）。",
            f"Rule: one city with two or more listed policies in the same year and month{(' (' + words + ')') if words else ''}; the report dates policies to the month.",
        )
    ]
    if result.empty:
        lines.append(ctx.t("**没有这样的情况。**", "**There is no such case.**"))
    else:
        groups = result.used["policies"].groupby(["city", "year", "month"], sort=False)
        lines.append(
            ctx.t(f"**共{len(groups)}组：**", f"**{len(groups)} case{'s' if len(groups) != 1 else ''}:**")
        )
        for (city, year, month), rows in groups:
            lines.append(
                ctx.t(
                    f"- {city} {int(year)}年{int(month)}月：{len(rows)}项",
                    f"- {ctx.city(city)}, {int(year)}-{int(month):02d}: {len(rows)} policies",
                )
            )
            lines += ["  " + _policy_item(ctx, row) for _, row in rows.iterrows()]
    lines.append(_policy_caveat(ctx, cities))
    return ctx.reply(
        "analytic",
        "\n".join(lines),
        cities=list(dict.fromkeys(result.rows["city"])),
        table=_display(ctx, result.rows),
    )


# ---------------------------------------------------------------- entry point

_HANDLERS: dict[str, Callable[[Context, Analysis], Reply]] = {
    K.RANK_FILTER.value: _rank_filter,
    K.COLUMN_ORDER.value: _column_order,
    K.COLUMN_GAP.value: _column_gap,
    K.IMBALANCE.value: _imbalance,
    K.EXTREME.value: _extreme,
    K.LEADERS.value: _leaders,
    K.OWN_EXTREME.value: _own_extreme,
    K.RANK_DIFFERENCE.value: _rank_difference,
    K.FACT_DIFFERENCE.value: _fact_difference,
    K.POLICY_COUNT.value: _policy_count,
    K.POLICY_EXTREME.value: _policy_extreme,
    K.POLICY_ISSUER.value: _policy_issuer,
    K.POLICY_SAME_MONTH.value: _policy_same_month,
    K.AVERAGE.value: _average,
    K.FACT_FILTER.value: _fact_filter,
    K.NEIGHBOURS.value: _neighbours,
    K.SCORE_GAP.value: _score_gap,
    K.SCORE_TOTAL.value: _score_total,
    K.FACT_TOTAL.value: _fact_total,
}


def analytic(ctx: Context) -> Reply:
    """Answer an analytic question from its planned `Analysis`."""
    analysis = ctx.query.analysis
    handler = _HANDLERS.get(analysis.kind) if analysis is not None else None
    if handler is None:
        body = ctx.t(
            "这个问题需要的计算我还不会做。可以问例如“哪些城市四项都进了前十”“前五名里谁的发展成效最弱”。",
            "I cannot compute that yet. Try e.g. “Which cities are in the top 10 on all four dimensions?”.",
        )
        return ctx.reply("analytic", body)
    try:
        return handler(ctx, analysis)
    except (ValueError, KeyError, IndexError) as exc:  # a plan the tables cannot answer: say so, never guess
        body = ctx.t(
            f"无法按这个条件计算：{_plain_error(exc)}。",
            f"This cannot be computed as asked: {_plain_error(exc)}.",
        )
        return ctx.reply("analytic", body)


def _plain_error(exc: Exception) -> str:
    return re.sub(r"\s+", " ", str(exc).strip("'\""))[:200]
