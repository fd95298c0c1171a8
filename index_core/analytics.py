"""Analytic questions over the report's tables: pure functions, each returning an `AnalyticResult`.

Every result carries
- `rule`: the rule applied, in machine form (a dict of plain values) that a composer words in any language;
- `rows`: the result rows, with exactly the columns the rule used (`city` first where there is one);
- `used`: the data/ rows behind the result, by table name ("rankings", "facts", "policies", "cities"), each with
  its own `section` and `quote`, so every figure can be cited;
- `value`: the one number the question asks for, when there is one (a count, a difference);
- `refusal`: a machine reason when nothing can be computed honestly (different units, periods, a missing value).

Ranks: a smaller number is better (rank 1 is first). Conditions are read on the numbers themselves
(`resource_rank < knowledge_rank` means "ranks higher on resources than on knowledge").
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

import pandas as pd

from index_core.dimensions import FIRST_LEVEL, RANK_COLUMNS
from index_core.report import Report, load_report

FOUR_DIMENSIONS: tuple[str, ...] = tuple(d.column for d in FIRST_LEVEL)
OPS: tuple[str, ...] = ("<=", "<", ">=", ">", "==", "between", "bottom")
GROUPS: tuple[str, ...] = (
    "试验区城市",
    "省会城市",
    "计划单列市",
)  # cities.csv `category`: the sample grouping

# Qualifiers that make a printed figure approximate or a bound rather than an exact value.
APPROXIMATE_QUALIFIERS = frozenset(
    {"超过", "多", "余", "约", "近", "左右", "以上", "略高于", "最高", "最高不超过"}
)


def _report(report: Report | None) -> Report:
    return report if report is not None else load_report()


def _check_columns(columns: Sequence[str]) -> None:
    for column in columns:
        if column not in RANK_COLUMNS:
            raise ValueError(f"unknown rank column {column!r}; expected one of {RANK_COLUMNS}")


@dataclass(frozen=True)
class Condition:
    """A bound on one rank column. `bottom` means 'among the last `value`'; `between` is `value`..`high`."""

    column: str
    op: str
    value: int
    high: int | None = None

    def __post_init__(self) -> None:
        _check_columns([self.column])
        if self.op not in OPS:
            raise ValueError(f"unknown operator {self.op!r}; expected one of {OPS}")
        if self.op == "between" and self.high is None:
            raise ValueError("a 'between' condition needs `high`")

    def holds(self, ranks: pd.Series, size: int) -> pd.Series:
        v = self.value
        if self.op == "<=":
            return ranks <= v
        if self.op == "<":
            return ranks < v
        if self.op == ">=":
            return ranks >= v
        if self.op == ">":
            return ranks > v
        if self.op == "==":
            return ranks == v
        if self.op == "between":
            low, high = sorted((v, int(self.high or v)))
            return (ranks >= low) & (ranks <= high)
        return ranks > size - v  # bottom

    def as_rule(self) -> dict[str, Any]:
        out: dict[str, Any] = {"column": self.column, "op": self.op, "value": self.value}
        if self.op == "between":
            out["high"] = self.high
        return out


@dataclass(frozen=True)
class Scope:
    """The cities a question is restricted to (mirrors the query's Subset; index_core does not import it).

    kind: "all" | "group" (a cities.csv category) | "not_group" (every city outside that category) | "top" |
    "bottom" (first/last n on `column`) | "range" (ranks low..high on `column`) | "named" (`cities`).
    """

    kind: str = "all"
    group: str | None = None
    n: int | None = None
    low: int | None = None
    high: int | None = None
    column: str = "total_rank"
    cities: tuple[str, ...] = ()
    excluded: tuple[str, ...] = ()  # cities set aside from whatever the kind selects ("除了北京，还有哪些…")
    also: Scope | None = (
        None  # a second restriction the cities meet too ("pilot-zone cities outside the top 10")
    )

    @classmethod
    def of(cls, subset: Any | None) -> Scope:
        """A Scope from anything with Subset's attributes (or None: every city)."""
        if subset is None:
            return cls()
        if isinstance(subset, Scope):
            return subset
        return cls(
            kind=str(getattr(subset, "kind", "all") or "all"),
            group=getattr(subset, "group", None),
            n=getattr(subset, "n", None),
            low=getattr(subset, "low", None),
            high=getattr(subset, "high", None),
            column=str(getattr(subset, "column", "total_rank") or "total_rank"),
            cities=tuple(getattr(subset, "cities", ()) or ()),
            also=cls.of(also) if (also := getattr(subset, "also", None)) is not None else None,
        )

    def as_rule(self) -> dict[str, Any]:
        if self.kind == "all":
            return {"kind": "all"}
        out: dict[str, Any] = {"kind": self.kind}
        if self.kind in ("group", "not_group"):
            out["group"] = self.group
        elif self.kind in ("top", "bottom"):
            out.update(n=self.n, column=self.column)
        elif self.kind == "range":
            out.update(low=self.low, high=self.high, column=self.column)
        elif self.kind == "named":
            out["cities"] = list(self.cities)
        if self.excluded:
            out["excluded"] = list(self.excluded)
        if self.also is not None:
            out["also"] = self.also.as_rule()
        return out

    @property
    def rank_column(self) -> str | None:
        """The rank column that selects the scope's cities (top / bottom / range), if any."""
        return self.column if self.kind in ("top", "bottom", "range") else None


@dataclass(frozen=True)
class AnalyticResult:
    kind: str
    rule: dict[str, Any]
    rows: pd.DataFrame
    used: dict[str, pd.DataFrame] = field(default_factory=dict)
    value: float | None = None
    refusal: str | None = None

    @property
    def empty(self) -> bool:
        return self.rows.empty

    @property
    def count(self) -> int:
        return len(self.rows)

    @property
    def cities(self) -> list[str]:
        return list(dict.fromkeys(self.rows["city"])) if "city" in self.rows else []


# ---------------------------------------------------------------- scope


def scope_rankings(scope: Scope | None, report: Report | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Table 2 rows of the cities in scope (in overall order), and the cities.csv rows that define a group."""
    r = _report(report)
    scope = scope or Scope()
    table = r.rankings
    group_rows = r.cities.head(0)
    if scope.kind in ("group", "not_group"):
        if scope.group not in set(r.cities["category"]):
            raise ValueError(f"unknown sample group {scope.group!r}; expected one of {GROUPS}")
        inside = r.cities["category"] == scope.group
        group_rows = r.cities[inside if scope.kind == "group" else ~inside]
        table = table[table["city"].isin(set(group_rows["city"]))]
    elif scope.kind in ("top", "bottom", "range"):
        _check_columns([scope.column])
        ranks = table[scope.column]
        if scope.kind == "top":
            table = table[ranks <= int(scope.n or 0)]
        elif scope.kind == "bottom":
            table = table[ranks > len(r.rankings) - int(scope.n or 0)]
        else:
            low, high = sorted((int(scope.low or 1), int(scope.high or scope.low or 1)))
            table = table[(ranks >= low) & (ranks <= high)]
    elif scope.kind == "named":
        names = [r.resolver.resolve(c) for c in scope.cities]
        table = table[table["city"].isin(names)]
    elif scope.kind != "all":
        raise ValueError(f"unknown scope kind {scope.kind!r}")
    if scope.excluded:
        table = table[~table["city"].isin([r.resolver.resolve(c) for c in scope.excluded])]
    if scope.also is not None:
        also_table, _ = scope_rankings(scope.also, r)
        table = table[table["city"].isin(set(also_table["city"]))]
    return table.sort_values("total_rank").reset_index(drop=True), group_rows.reset_index(drop=True)


def _shown(frame: pd.DataFrame, columns: list[str], *extra: str) -> pd.DataFrame:
    """The result rows: city, the rank columns used (as integers), then any computed columns."""
    rows = frame[["city", *columns, *extra]].reset_index(drop=True)
    return rows.astype({column: int for column in columns})


def _columns_used(scope: Scope, columns: Sequence[str]) -> list[str]:
    """The columns a result shows: the scope's selecting column first (it was used), then the rule's."""
    ordered = ([scope.rank_column] if scope.rank_column else []) + list(columns)
    return list(dict.fromkeys(ordered))


def _used(
    rankings: pd.DataFrame, group_rows: pd.DataFrame, cities: Sequence[str], *, scope_rows: pd.DataFrame
) -> dict[str, pd.DataFrame]:
    """Table 2 rows of the result cities (or, for an empty result over a small scope, of the scope), and the
    cities.csv rows that defined a group."""
    rows = rankings[rankings["city"].isin(list(cities))]
    if rows.empty and len(scope_rows) <= 10:
        rows = scope_rows
    used = {"rankings": rows.reset_index(drop=True)}
    if not group_rows.empty:
        used["cities"] = group_rows
    return used


# ---------------------------------------------------------------- rank filters and comparisons


def rank_filter(
    conditions: Sequence[Condition],
    *,
    match: str = "all",
    at_least: int | None = None,
    scope: Scope | None = None,
    report: Report | None = None,
) -> AnalyticResult:
    """Cities meeting all / any / at least k / exactly k of the conditions ('四项都进前十', 'at least one dimension in
    the top 3', '知识创造力排名在5到10名之间', 'in one of the two top 10s only'). Rows: city, the scope column, each condition column, and `met` for any/at-least."""
    r = _report(report)
    scope = scope or Scope()
    if not conditions:
        raise ValueError("rank_filter needs at least one condition")
    if match not in ("all", "any", "at_least", "exactly"):
        raise ValueError(f"match must be all, any, at_least or exactly, not {match!r}")
    table, group_rows = scope_rankings(scope, r)
    size = len(r.rankings)
    hits = pd.concat([c.holds(table[c.column], size).rename(i) for i, c in enumerate(conditions)], axis=1)
    met = hits.sum(axis=1)
    need = len(conditions) if match == "all" else (1 if match == "any" else int(at_least or 1))
    # ("in one of the two top 10s and not the other": exactly `need` conditions met)
    kept = met == need if match == "exactly" else met >= need
    chosen = table[kept].assign(met=met[kept])
    columns = _columns_used(scope, [c.column for c in conditions])
    show = ["city", *columns] + (["met"] if match != "all" and len(conditions) > 1 else [])
    order = (
        [conditions[0].column, "total_rank"] if len({c.column for c in conditions}) == 1 else ["total_rank"]
    )
    rows = chosen.sort_values(order)[show].reset_index(drop=True)
    for column in columns:
        rows[column] = rows[column].astype(int)
    rule = {
        "conditions": [c.as_rule() for c in conditions],
        "match": match,
        "at_least": need if match in ("at_least", "exactly") else None,
        "scope": scope.as_rule(),
        "checked": len(table),
        "size": size,
    }
    used = _used(r.rankings, group_rows, rows["city"], scope_rows=table)
    return AnalyticResult("rank_filter", rule, rows, used, value=float(len(rows)))


# a rank comparison by its operator (also what an answer uses to say which of a city's own columns meet it)
COMPARE = {
    "<": lambda a, b: a < b,
    "<=": lambda a, b: a <= b,
    ">": lambda a, b: a > b,
    ">=": lambda a, b: a >= b,
    "==": lambda a, b: a == b,
}


def column_order(
    left: Sequence[str],
    right: Sequence[str],
    *,
    op: str = "<",
    match: str = "all",
    scope: Scope | None = None,
    report: Report | None = None,
) -> AnalyticResult:
    """Cities whose own ranks satisfy `left op right` for all / any of the (left, right) pairs
    ('资源支持力排名高于知识创造力排名' = resource_rank < knowledge_rank; 'every dimension better than overall' =
    each of the four < total_rank, match all)."""
    r = _report(report)
    scope = scope or Scope()
    left, right = list(left), list(right)
    _check_columns(left + right)
    if op not in COMPARE:
        raise ValueError(f"unknown operator {op!r}")
    pairs = [(a, b) for a in left for b in right if a != b]
    if not pairs:
        raise ValueError("column_order needs two different columns")
    table, group_rows = scope_rankings(scope, r)
    hits = pd.concat(
        [COMPARE[op](table[a], table[b]).rename(f"{a}{op}{b}") for a, b in pairs], axis=1
    ).astype(bool)
    ok = hits.all(axis=1) if match == "all" else hits.any(axis=1)
    columns = _columns_used(scope, left + right)
    rows = _shown(table[ok], columns)
    rule = {
        "left": left,
        "right": right,
        "op": op,
        "match": match,
        "scope": scope.as_rule(),
        "checked": len(table),
    }
    used = _used(r.rankings, group_rows, rows["city"], scope_rows=table)
    return AnalyticResult("column_order", rule, rows, used, value=float(len(rows)))


def _pick(frame: pd.DataFrame, key: str, *, largest: bool, n: int | None) -> pd.DataFrame:
    """The n rows with the largest (smallest) `key`, keeping ties with the n-th; all rows when n is None."""
    ordered = frame.sort_values([key, "total_rank"], ascending=[not largest, True])
    if n is None or ordered.empty:
        return ordered
    cutoff = ordered[key].iloc[min(n, len(ordered)) - 1]
    keep = ordered[key] >= cutoff if largest else ordered[key] <= cutoff
    return ordered[keep]


def column_gap(
    a: str,
    b: str,
    *,
    extreme: str | None = "max",
    absolute: bool = True,
    better: str | None = None,
    n: int | None = 1,
    scope: Scope | None = None,
    report: Report | None = None,
    at_least: int | None = None,
) -> AnalyticResult:
    """The gap `a - b` between two of each city's own ranks (places; positive = better on b than on a).
    `at_least` keeps the cities whose gap (or places better, with `better`) is at least that many, instead of an
    extreme ('知识创造力比总排名至少高5名').
    `extreme` "max" / "min" picks the cities with the largest / smallest gap (|gap| when `absolute`), ties kept;
    None returns every city in scope (e.g. one named city's own gap).
    `better` (a or b) makes the gap signed: only cities that rank better on that column than on the other count,
    and the key is how many places better ('知识创造力比总排名高出最多' = better "knowledge_rank")."""
    r = _report(report)
    scope = scope or Scope()
    _check_columns([a, b])
    if a == b:
        raise ValueError("column_gap needs two different columns")
    if better is not None and better not in (a, b):
        raise ValueError(f"better must be one of the two columns {a!r}, {b!r}, not {better!r}")
    table, group_rows = scope_rankings(scope, r)
    gaps = (table[a] - table[b]).astype(int)
    if better is not None:
        ahead = (-gaps if better == a else gaps).astype(int)  # places better on `better` than on the other
        frame = table.assign(gap=gaps, _key=ahead)
        frame = frame[frame["_key"] > 0]
    else:
        frame = table.assign(gap=gaps, _key=gaps.abs() if absolute else gaps)
    if at_least is not None:
        frame = frame[frame["_key"] >= at_least].sort_values("_key", ascending=False, kind="stable")
    elif extreme is not None:
        frame = _pick(frame, "_key", largest=extreme == "max", n=n)
    columns = _columns_used(scope, [a, b])
    rows = _shown(frame, columns, "gap")
    rule = {
        "a": a,
        "b": b,
        "extreme": extreme,
        "absolute": absolute,
        "better": better,
        "n": n,
        "at_least": at_least,
        "scope": scope.as_rule(),
        "checked": len(table),
    }
    if better is not None:
        rule["qualifying"] = int((((table[a] - table[b]) * (-1 if better == a else 1)) > 0).sum())
    used = _used(r.rankings, group_rows, rows["city"], scope_rows=table)
    if not len(rows):
        value = None
    elif better is not None or absolute:
        value = float(rows["gap"].abs().iloc[0])
    else:
        value = float(rows["gap"].iloc[0])
    return AnalyticResult("column_gap", rule, rows, used, value=value)


def imbalance(
    columns: Sequence[str] = FOUR_DIMENSIONS,
    *,
    extreme: str | None = "max",
    n: int | None = 1,
    scope: Scope | None = None,
    report: Report | None = None,
) -> AnalyticResult:
    """How unbalanced each city is across its ranks: spread = worst rank - best rank over `columns` (by default
    the four first-level dimensions). "max" = most unbalanced (偏科), "min" = most balanced; ties kept."""
    r = _report(report)
    scope = scope or Scope()
    columns = list(columns)
    _check_columns(columns)
    if len(columns) < 2:
        raise ValueError("imbalance needs at least two columns")
    table, group_rows = scope_rankings(scope, r)
    values = table[columns].astype(int)
    frame = table.assign(spread=(values.max(axis=1) - values.min(axis=1)).astype(int))
    if extreme is not None:
        frame = _pick(frame, "spread", largest=extreme == "max", n=n)
    shown = _columns_used(scope, columns)
    rows = _shown(frame, shown, "spread")
    best = values.idxmin(axis=1)
    worst = values.idxmax(axis=1)
    rule = {
        "columns": columns,
        "extreme": extreme,
        "n": n,
        "scope": scope.as_rule(),
        "checked": len(table),
        # each result city's best and worst column, for the wording ("strongest on X, weakest on Y")
        "best": {str(table.at[i, "city"]): best[i] for i in frame.index},
        "worst": {str(table.at[i, "city"]): worst[i] for i in frame.index},
    }
    used = _used(r.rankings, group_rows, rows["city"], scope_rows=table)
    value = float(rows["spread"].iloc[0]) if len(rows) else None
    return AnalyticResult("imbalance", rule, rows, used, value=value)


def extreme(
    column: str,
    *,
    best: bool = True,
    n: int = 1,
    scope: Scope | None = None,
    report: Report | None = None,
) -> AnalyticResult:
    """The best (smallest rank) or worst city on `column` inside the scope ('前五名里谁的发展成效最弱'); ties kept.
    Every city in scope was compared, so all their Table 2 rows are `used`."""
    r = _report(report)
    scope = scope or Scope()
    _check_columns([column])
    table, group_rows = scope_rankings(scope, r)
    frame = _pick(table.assign(_key=table[column]), "_key", largest=not best, n=max(1, n))
    columns = _columns_used(scope, [column])
    rows = _shown(frame, columns)
    rule = {"column": column, "best": best, "n": n, "scope": scope.as_rule(), "checked": len(table)}
    used = {"rankings": table}
    if not group_rows.empty:
        used["cities"] = group_rows
    value = float(rows[column].iloc[0]) if len(rows) else None
    return AnalyticResult("extreme", rule, rows, used, value=value)


def column_leaders(
    columns: Sequence[str] = FOUR_DIMENSIONS,
    *,
    best: bool = True,
    scope: Scope | None = None,
    report: Report | None = None,
) -> AnalyticResult:
    """Who holds first (`best`) or last place on each column, each column on its own ('各个一级指标的第一名分别是谁',
    'Who is No. 1 on each of the four dimensions?', '各维度倒数第一'); inside a scope, the best (worst) of its cities.
    Rows: one per column and holder (column, city, rank), ties all kept; `used` holds the holders' Table 2 rows.
    `value` is the number of different cities holding a place."""
    r = _report(report)
    scope = scope or Scope()
    columns = list(dict.fromkeys(columns))
    _check_columns(columns)
    if not columns:
        raise ValueError("column_leaders needs at least one column")
    table, group_rows = scope_rankings(scope, r)
    records: list[dict[str, Any]] = []
    for column in columns:
        if table.empty:
            break
        ranks = table[column].astype(int)
        target = int(ranks.min() if best else ranks.max())
        for city in table.loc[ranks == target, "city"]:
            records.append({"column": column, "city": str(city), "rank": target})
    rows = pd.DataFrame(records, columns=["column", "city", "rank"])
    holders = list(dict.fromkeys(rows["city"]))
    rule = {
        "columns": columns,
        "best": best,
        "scope": scope.as_rule(),
        "checked": len(table),
        "size": len(r.rankings),
        # each holder's columns, in the order asked
        "held": {city: [c for c in rows.loc[rows["city"] == city, "column"]] for city in holders},
    }
    used = {"rankings": r.rankings[r.rankings["city"].isin(holders)].reset_index(drop=True)}
    if not group_rows.empty:
        used["cities"] = group_rows
    return AnalyticResult("column_leaders", rule, rows, used, value=float(len(holders)))


def own_extreme(
    city: str,
    columns: Sequence[str] = FOUR_DIMENSIONS,
    *,
    best: bool = True,
    report: Report | None = None,
) -> AnalyticResult:
    """One city's own best (smallest rank) or worst column among `columns` (by default the four first-level
    dimensions): '青岛哪个维度最强', "What is Hefei's weakest dimension?". Ties are all kept.
    Rows: one per chosen column (city, column, rank); rule["ranks"] holds every compared column's rank."""
    r = _report(report)
    columns = list(dict.fromkeys(columns))
    _check_columns(columns)
    if len(columns) < 2:
        raise ValueError("own_extreme needs at least two columns to compare")
    name = r.resolver.resolve(city)
    table = r.rankings[r.rankings["city"] == name]
    if table.empty:
        raise ValueError(f"no Table 2 row for {city!r}")
    row = table.iloc[0]
    ranks = {c: int(row[c]) for c in columns}
    target = min(ranks.values()) if best else max(ranks.values())
    chosen = [c for c in columns if ranks[c] == target]
    rows = pd.DataFrame({"city": [name] * len(chosen), "column": chosen, "rank": [target] * len(chosen)})
    rule = {"city": name, "columns": columns, "best": best, "ranks": ranks, "chosen": chosen}
    return AnalyticResult(
        "own_extreme", rule, rows, {"rankings": table.reset_index(drop=True)}, value=float(target)
    )


def own_level2_extreme(
    city: str, *, best: bool = True, within: str | None = None, report: Report | None = None
) -> AnalyticResult:
    """One city's strongest or weakest second-level indicator by the ranks the report's text states for it
    (data/subranks.csv): '深圳哪个二级指标拖后腿' -> 知识储备 (16th). Per indicator the most specific statement
    counts: an exact rank, else the narrowest band ("前三名" is at worst 3rd). Ties are all kept. Refused
    ("no_subranks") when the text states no second-level rank for the city (it profiles only the top ten).
    `within` (a first-level column) keeps that dimension's indicators: "Shenzhen's weak spot within knowledge
    creation" -> 知识储备."""
    r = _report(report)
    name = r.resolver.resolve(city)
    indicators = r.indicators
    if within is not None:
        from index_core.dimensions import dimension

        indicators = indicators[indicators["level1"] == dimension(within).zh]
    level2 = set(indicators["level2"])
    s = r.subranks
    rows = s[(s["city"] == name) & s["indicator"].isin(level2)].copy()
    rule: dict[str, Any] = {"city": name, "best": best, "within": within}
    if rows.empty:
        return AnalyticResult("own_level2_extreme", rule, rows, {}, refusal="no_subranks")
    rank = pd.to_numeric(rows["rank"], errors="coerce")
    high = pd.to_numeric(rows["rank_max"], errors="coerce")
    rows["_bound"] = rank.fillna(high)
    rows["_exact"] = rank.notna()
    rows = rows.dropna(subset=["_bound"])
    rows = rows.sort_values(["_exact", "_bound"], ascending=[False, True]).drop_duplicates("indicator")
    target = rows["_bound"].min() if best else rows["_bound"].max()
    chosen = rows[rows["_bound"] == target]
    rule |= {"compared": list(rows["indicator"]), "chosen": list(chosen["indicator"])}
    used = {"subranks": rows.drop(columns=["_bound", "_exact"]).reset_index(drop=True)}
    return AnalyticResult(
        "own_level2_extreme",
        rule,
        chosen.drop(columns=["_bound", "_exact"]).reset_index(drop=True),
        used,
        value=float(target),
    )


def rank_difference(
    a: str, b: str, column: str = "total_rank", *, report: Report | None = None
) -> AnalyticResult:
    """How many places city `a` is ahead of city `b` on `column`: value = rank(b) - rank(a)
    (广州 4th, 成都 8th on total → 4; negative when `a` is behind)."""
    r = _report(report)
    _check_columns([column])
    names = [r.resolver.resolve(a), r.resolver.resolve(b)]
    if names[0] == names[1]:
        raise ValueError("rank_difference needs two different cities")
    table = r.rankings.set_index("city").loc[names].reset_index()
    rows = table[["city", column]].copy()
    rows[column] = rows[column].astype(int)
    diff = int(rows[column].iloc[1]) - int(rows[column].iloc[0])
    ahead = names[0] if diff > 0 else (names[1] if diff < 0 else None)
    rule = {"a": names[0], "b": names[1], "column": column, "ahead": ahead, "places": abs(diff)}
    return AnalyticResult("rank_difference", rule, rows, {"rankings": table}, value=float(diff))


def _printed_scores(
    r: Report, column: str, names: Sequence[str]
) -> tuple[str, pd.DataFrame, pd.DataFrame, dict[str, Decimal]]:
    """(dimension name, its score rows for the cities, one row per city in order, the exact printed scores)."""
    from index_core.dimensions import dimension

    zh = dimension(column).zh
    scores = r.scores[(r.scores["dimension"] == zh) & r.scores["city"].isin(names)]
    rows = scores.set_index("city").reindex(names).reset_index()[["city", "kind", "comparator", "score"]]
    exact = {
        str(row["city"]): Decimal(str(row["score"]))
        for _, row in scores.iterrows()
        if row["kind"] == "score" and row["comparator"] == "="
    }
    return zh, scores, rows, exact


def score_gap(a: str, b: str, column: str = "total_rank", *, report: Report | None = None) -> AnalyticResult:
    """How many points city `a`'s printed score is above city `b`'s on `column`'s dimension: value = score(a) -
    score(b), rounded to the report's two decimals (北京 88.72, 深圳 77.63 on the overall index -> 11.09). The report
    prints exact scores for a few cities only: when either is missing, value is None and `refusal` names whose
    (rows then hold what the report does print for each: an exact score or a stated bound)."""

    r = _report(report)
    _check_columns([column])
    names = [r.resolver.resolve(a), r.resolver.resolve(b)]
    if names[0] == names[1]:
        raise ValueError("score_gap needs two different cities")
    zh, scores, rows, exact = _printed_scores(r, column, names)
    rule = {"a": names[0], "b": names[1], "column": column, "dimension": zh}
    missing = [c for c in names if c not in exact]
    if missing:
        return AnalyticResult(
            "score_gap", rule, rows, {"scores": scores}, refusal="no printed score: " + ",".join(missing)
        )
    value = round(float(exact[names[0]]) - float(exact[names[1]]), 2)
    return AnalyticResult("score_gap", rule, rows, {"scores": scores}, value=value)


def _printed_of_several(
    cities: Sequence[str], column: str, report: Report | None, what: str
) -> tuple[list[str], str, pd.DataFrame, pd.DataFrame, dict[str, Decimal], list[str]]:
    """The cities resolved, and their printed scores on `column`'s dimension: (names, dimension name, score rows,
    one row per city, the exact scores, the cities with none)."""
    r = _report(report)
    _check_columns([column])
    names = list(dict.fromkeys(r.resolver.resolve(c) for c in cities))
    if len(names) < 2:
        raise ValueError(f"{what} needs at least two cities")
    zh, scores, rows, exact = _printed_scores(r, column, names)
    return names, zh, scores, rows, exact, [c for c in names if c not in exact]


def score_spread(
    cities: Sequence[str], column: str = "total_rank", *, report: Report | None = None
) -> AnalyticResult:
    """The highest printed score minus the lowest among several cities on `column`'s dimension (上海 88.26, 北京
    86.80, 深圳 84.05 on environment support -> 88.26 - 84.05 = 4.21). When a city's exact score is not printed,
    value is None and `refusal` names whose (the spread of the others would not be the one asked)."""
    names, zh, scores, rows, exact, missing = _printed_of_several(cities, column, report, "score_spread")
    rule: dict[str, Any] = {"cities": names, "column": column, "dimension": zh}
    if missing:
        return AnalyticResult(
            "score_spread", rule, rows, {"scores": scores}, refusal="no printed score: " + ",".join(missing)
        )
    highest = max(names, key=lambda c: exact[c])
    lowest = min(names, key=lambda c: exact[c])
    rule.update(highest=highest, lowest=lowest)
    value = round(float(exact[highest]) - float(exact[lowest]), 2)
    return AnalyticResult("score_spread", rule, rows, {"scores": scores}, value=value)


def score_total(
    cities: Sequence[str], column: str = "total_rank", *, op: str = "mean", report: Report | None = None
) -> AnalyticResult:
    """The mean (or sum) of several cities' printed scores on `column`'s dimension ('北京、深圳、上海三城总指数的平
    均分': (88.72 + 77.63 + 68.59) / 3 = 78.31). Arithmetic over the printed scores, not a figure the report gives;
    when a city's exact score is not printed, value is None and `refusal` names whose."""

    if op not in ("mean", "sum"):
        raise ValueError(f"op must be mean or sum, not {op!r}")
    names, zh, scores, rows, exact, missing = _printed_of_several(cities, column, report, "score_total")
    rule: dict[str, Any] = {"cities": names, "column": column, "dimension": zh, "op": op}
    if missing:
        rule["missing"] = missing
        return AnalyticResult(
            "score_total", rule, rows, {"scores": scores}, refusal="no printed score: " + ",".join(missing)
        )
    total = sum(exact[c] for c in names)
    value = total if op == "sum" else (total / len(names)).quantize(Decimal("0.01"))
    added = " + ".join(_plain(exact[c]) for c in names)
    rule["result"] = _plain(value)
    rule["computation"] = (
        f"{added} = {_plain(total)}" if op == "sum" else f"({added}) / {len(names)} = {rule['result']}"
    )
    return AnalyticResult("score_total", rule, rows, {"scores": scores}, value=float(value))


def mean_rank_of_cities(
    column: str = "total_rank", *, scope: Scope | None = None, report: Report | None = None
) -> AnalyticResult:
    """The mean of one rank column over the cities in scope ('三个计划单列市总排名的平均名次': (9 + 18 + 20) / 3 =
    15.67). Arithmetic over Table 2, not a figure the report gives. Rows: the cities with that rank."""
    r = _report(report)
    _check_columns([column])
    table, group_rows = scope_rankings(scope or Scope(), r)
    if table.empty:
        raise ValueError("no city in scope")
    rows = table[["city", column]].copy()
    rows[column] = rows[column].astype(int)
    value = round(float(rows[column].mean()), 2)
    rule = {"column": column, "scope": (scope or Scope()).as_rule(), "checked": len(rows)}
    used = _used(r.rankings, group_rows, rows["city"], scope_rows=table)
    return AnalyticResult("mean_rank_of_cities", rule, rows.reset_index(drop=True), used, value=value)


def average_rank(
    columns: Sequence[str] = FOUR_DIMENSIONS,
    *,
    extreme: str | None = None,
    n: int | None = 1,
    scope: Scope | None = None,
    report: Report | None = None,
) -> AnalyticResult:
    """Each city's mean rank over `columns` (by default the four first-level dimensions; 合肥 (13+18+9+13)/4 =
    13.25). The report publishes ranks, not an average: this is arithmetic over Table 2, shown as such.
    extreme "min" = the best average (smallest mean), "max" = the worst, None = every city in scope."""
    r = _report(report)
    scope = scope or Scope()
    columns = list(dict.fromkeys(columns))
    _check_columns(columns)
    if len(columns) < 2:
        raise ValueError("an average rank needs at least two columns")
    table, group_rows = scope_rankings(scope, r)
    values = table[columns].astype(int)
    frame = table.assign(mean=values.mean(axis=1).round(2))
    if extreme is not None:
        frame = _pick(frame, "mean", largest=extreme == "max", n=n)
    rows = _shown(frame, _columns_used(scope, columns), "mean")
    rule = {"columns": columns, "extreme": extreme, "n": n, "scope": scope.as_rule(), "checked": len(table)}
    used = _used(r.rankings, group_rows, rows["city"], scope_rows=table)
    value = float(rows["mean"].iloc[0]) if len(rows) else None
    return AnalyticResult("average", rule, rows, used, value=value)


def rank_neighbours(
    city: str, column: str = "total_rank", *, places: int = 1, report: Report | None = None
) -> AnalyticResult:
    """The cities up to `places` ranks above and below `city` on `column` (南京 10th overall: 青岛 9th, 天津 11th).
    Rows in rank order, the city itself included; rule["above"] / rule["below"] name the neighbours."""
    r = _report(report)
    _check_columns([column])
    name = r.resolver.resolve(city)
    table = r.rankings
    own = table[table["city"] == name]
    if own.empty:
        raise ValueError(f"no Table 2 row for {city!r}")
    rank = int(own.iloc[0][column])
    ranks = table[column].astype(int)
    window = table[(ranks >= rank - places) & (ranks <= rank + places)].sort_values([column, "total_rank"])
    rows = window[["city", column]].astype({column: int}).reset_index(drop=True)
    above = [str(c) for c, v in zip(rows["city"], rows[column], strict=True) if v < rank]
    below = [str(c) for c, v in zip(rows["city"], rows[column], strict=True) if v > rank]
    tied = [str(c) for c, v in zip(rows["city"], rows[column], strict=True) if v == rank and c != name]
    rule = {"city": name, "column": column, "rank": rank, "above": above, "below": below, "tied": tied}
    return AnalyticResult(
        "neighbours", rule, rows, {"rankings": window.reset_index(drop=True)}, value=float(rank)
    )


# ---------------------------------------------------------------- differences between stated figures


def _number(value: str) -> Decimal | None:
    text = str(value).strip().replace(",", "")
    if not re.fullmatch(r"\d+(?:\.\d+)?", text):
        return None
    try:
        return Decimal(text)
    except InvalidOperation:
        return None


def _period_key(period: str) -> str:
    """Periods compared without decoration: 截至2020 ~ 2020年 ~ 2020 (all 'the year 2020')."""
    text = re.sub(r"截至|截止|年底|年末|底|年$", "", str(period or "").strip())
    return text.replace("年", "-").strip("-")


def _candidates(facts: pd.DataFrame, city: str, metric: str, year: int | None) -> pd.DataFrame:
    rows = facts[(facts["metric"] == metric) & (facts["city"] == city)]
    if year is not None and not rows.empty:
        dated = rows[rows["period"].str.contains(str(year), regex=False)]
        rows = dated if not dated.empty else rows
    # the same figure stated twice (chapter two and the city profile) counts once
    return rows.drop_duplicates(["value", "unit", "period", "qualifier"])


def _plain(d: Decimal) -> str:
    text = format(d.normalize(), "f")
    return text


_SCALE = {"万亿元": 1e12, "亿元": 1e8, "万元": 1e4, "元": 1.0, "亿美元": None}


def fact_extreme_city(
    cities: Sequence[str], metric: str, *, lowest: bool, report: Report | None = None
) -> str | None:
    """The city with the lowest (or highest) stated figure for `metric` among `cities` ('杭州、苏州、成都、武汉谁最
    少'); None when the report gives it for none of them as a plain number, or in different units or periods."""
    r = _report(report)
    rows = r.facts[(r.facts["metric"] == metric) & r.facts["city"].isin(list(cities))]
    if rows.empty or rows["unit"].nunique() != 1 or rows["period"].nunique() > 1:
        return None
    numbers = {city: _number(value) for city, value in rows.groupby("city")["value"].first().items()}
    known = {city: n for city, n in numbers.items() if n is not None}
    if not known:
        return None
    return str((min if lowest else max)(known, key=known.__getitem__))


def fact_filter(
    metric: str,
    op: str,
    value: float,
    unit: str | None = None,
    *,
    year: int | None = None,
    report: Report | None = None,
) -> AnalyticResult:
    """The cities whose stated figure for `metric` passes `op value` ('GDP超过2万亿元的城市'). `unit` is the
    question's ("万亿元", "%"); amounts in yuan are compared on one scale, other units only when equal. Only the
    cities the report gives the figure for are checked (rule["checked"]); a printed 超过 / 多 / 余 value counts
    at its number. Rows: the figures that pass, largest first."""
    r = _report(report)
    if op not in ("<", "<=", ">", ">=", "=="):
        raise ValueError(f"op must be one of < <= > >= ==, not {op!r}")
    rows = r.facts[(r.facts["metric"] == metric) & (r.facts["city"] != "")]
    if year is not None:
        dated = rows[rows["period"].astype(str).str.contains(str(year), regex=False)]
        rows = dated if not dated.empty else rows
    rows = rows.drop_duplicates("city").copy()
    rows["number"] = pd.to_numeric(rows["value"].astype(str).str.replace(",", ""), errors="coerce")
    rows = rows.dropna(subset=["number"])
    threshold = float(value)

    def scaled(number: float, row_unit: str) -> float | None:
        if unit is None or unit == row_unit:
            return number
        a, b = _SCALE.get(row_unit), _SCALE.get(unit)
        return number * a / b if a and b else None

    rows["compared"] = [scaled(float(n), str(u)) for n, u in zip(rows["number"], rows["unit"], strict=True)]
    rows = rows.dropna(subset=["compared"])
    ops = {
        "<": rows["compared"] < threshold,
        "<=": rows["compared"] <= threshold,
        ">": rows["compared"] > threshold,
        ">=": rows["compared"] >= threshold,
        "==": (rows["compared"] - threshold).abs() < 1e-9,  # the printed value itself ('都是12.2%')
    }
    passed = rows[ops[op]].sort_values("number", ascending=False)
    rule = {
        "metric": metric,
        "op": op,
        "value": threshold,
        "unit": unit,
        "year": year,
        "checked": len(rows),
        "cities_checked": list(rows["city"]),
    }
    label = r.facts.loc[r.facts["metric"] == metric, "metric_zh"]
    rule["metric_zh"] = str(label.iloc[0]) if len(label) else metric
    shown = passed[["city", "metric_zh", "value", "unit", "period", "qualifier"]].reset_index(drop=True)
    return AnalyticResult(
        "fact_filter", rule, shown, {"facts": rows.reset_index(drop=True)}, value=float(len(passed))
    )


def fact_difference(
    a: str,
    b: str,
    metric: str,
    *,
    year: int | None = None,
    op: str = "difference",
    report: Report | None = None,
) -> AnalyticResult:
    """The difference `a - b` (or the ratio a / b) between two stated figures of one metric ('两市GDP差多少',
    '深圳是广州的几倍'); sums and means over several cities are fact_total's.
    A city "" means the national figure where the report gives one. Refuses (with `refusal` set and the rows it
    found) when a value is missing or not a plain number, or when units or periods differ. A figure printed
    with 超过 / 多 / 余 / 约 ... makes the result approximate (rule["approximate"])."""
    r = _report(report)
    if op not in ("difference", "ratio"):
        raise ValueError(f"op must be difference or ratio, not {op!r}")
    names = [r.resolver.resolve(c) if c else "" for c in (a, b)]
    found = [_candidates(r.facts, c, metric, year) for c in names]
    rule: dict[str, Any] = {"a": names[0], "b": names[1], "metric": metric, "op": op, "year": year}
    label = r.facts.loc[r.facts["metric"] == metric, "metric_zh"]
    rule["metric_zh"] = str(label.iloc[0]) if len(label) else metric
    columns = ["city", "metric_zh", "value", "unit", "period", "qualifier"]

    def result(rows: pd.DataFrame, refusal: str | None = None, value: float | None = None) -> AnalyticResult:
        shown = rows[columns].reset_index(drop=True) if not rows.empty else pd.DataFrame(columns=columns)
        return AnalyticResult(
            "fact_difference",
            rule,
            shown,
            {"facts": rows.reset_index(drop=True)},
            value=value,
            refusal=refusal,
        )

    if names[0] == names[1]:
        raise ValueError("fact_difference needs two different cities")
    missing = [n for n, rows in zip(names, found, strict=True) if rows.empty]
    if missing:
        rule["missing"] = missing
        return result(pd.concat(found), "missing_value")
    pair = _choose_pair(found[0], found[1])
    if pair is None:
        rule["periods"] = [sorted(set(rows["period"])) for rows in found]
        return result(pd.concat(found), "ambiguous")
    rows = pd.concat([pair[0].to_frame().T, pair[1].to_frame().T])
    values = [_number(row["value"]) for row in pair]
    units = [str(row["unit"]) for row in pair]
    periods = [str(row["period"]) for row in pair]
    rule.update(values=[str(row["value"]) for row in pair], units=units, periods=periods)
    rule["qualifiers"] = [str(row["qualifier"] or "") for row in pair]
    rule["comparable"] = all(str(row.get("comparable", "yes")) == "yes" for row in pair)
    if any(v is None for v in values):
        rule["not_numeric"] = [str(row["value"]) for row, v in zip(pair, values, strict=True) if v is None]
        return result(rows, "not_numeric")
    if units[0] != units[1]:
        return result(rows, "unit_mismatch")
    keys = [_period_key(p) for p in periods]
    if keys[0] and keys[1] and keys[0] != keys[1]:
        return result(rows, "period_mismatch")
    if not rule["comparable"]:
        return result(rows, "not_comparable")
    rule["period_unstated"] = [n for n, k in zip(names, keys, strict=True) if not k] if any(keys) else []
    rule["approximate"] = any(q in APPROXIMATE_QUALIFIERS for q in rule["qualifiers"])
    x, y = values  # type: ignore[misc]
    if op == "ratio":
        if y == 0:
            return result(rows, "division_by_zero")
        outcome = (x / y).quantize(Decimal("0.01"))
        rule["result"] = _plain(outcome)
        rule["result_unit"] = "倍"
    else:
        outcome = x - y
        rule["result"] = _plain(abs(outcome))
        rule["result_unit"] = "个百分点" if units[0] == "%" else units[0]
        rule["larger"] = names[0] if outcome > 0 else (names[1] if outcome < 0 else None)
    if op == "ratio" or outcome >= 0:
        rule["computation"] = f"{_plain(x)} {'÷' if op == 'ratio' else '−'} {_plain(y)} = {rule['result']}"
    else:  # the larger figure first, so the computation reads as a positive difference
        rule["computation"] = f"{_plain(y)} − {_plain(x)} = {rule['result']}"
    return result(rows, None, float(outcome))


def fact_total(
    cities: Sequence[str],
    metric: str,
    *,
    year: int | None = None,
    op: str = "sum",
    report: Report | None = None,
) -> AnalyticResult:
    """The sum (or mean) of one metric's stated figures over two or more cities ('把杭州、苏州、成都、武汉2020年
    PE/VC投资加起来'). One figure per city: the only one, else the period most cities share (latest first).
    Refuses like fact_difference (missing, not numeric, units or periods differ, not comparable); a figure
    printed with 超过 / 多 / 约 makes the result approximate."""
    if op not in ("sum", "mean"):
        raise ValueError(f"op must be sum or mean, not {op!r}")
    r = _report(report)
    names = list(dict.fromkeys(r.resolver.resolve(c) for c in cities))
    if len(names) < 2:
        raise ValueError("fact_total needs at least two cities")
    found = {c: _candidates(r.facts, c, metric, year) for c in names}
    label = r.facts.loc[r.facts["metric"] == metric, "metric_zh"]
    rule: dict[str, Any] = {"cities": names, "metric": metric, "op": op, "year": year}
    rule["metric_zh"] = str(label.iloc[0]) if len(label) else metric
    columns = ["city", "metric_zh", "value", "unit", "period", "qualifier"]

    def result(rows: pd.DataFrame, refusal: str | None = None, value: float | None = None) -> AnalyticResult:
        shown = rows[columns].reset_index(drop=True) if not rows.empty else pd.DataFrame(columns=columns)
        return AnalyticResult(
            "fact_total", rule, shown, {"facts": rows.reset_index(drop=True)}, value, refusal
        )

    missing = [c for c, rows in found.items() if rows.empty]
    if missing:
        rule["missing"] = missing
        return result(pd.concat(found.values()), "missing_value")
    keys = pd.concat(found.values())["period"].map(_period_key).value_counts()
    chosen = []
    for rows in found.values():
        if len(rows) > 1:
            for key in sorted(keys.index, key=lambda k: (keys[k], str(k)), reverse=True):
                match = rows[rows["period"].map(_period_key) == key]
                if len(match) == 1:
                    rows = match
                    break
        if len(rows) != 1:
            rule["periods"] = [sorted(set(rows["period"]))]
            return result(pd.concat(found.values()), "ambiguous")
        chosen.append(rows.iloc[0])
    rows = pd.DataFrame(chosen)
    values = [_number(row["value"]) for row in chosen]
    units = sorted({str(row["unit"]) for row in chosen})
    periods = sorted({_period_key(str(row["period"])) for row in chosen} - {""})
    rule.update(values=[str(row["value"]) for row in chosen], units=units, periods=periods)
    rule["approximate"] = any(str(row["qualifier"] or "") in APPROXIMATE_QUALIFIERS for row in chosen)
    if any(v is None for v in values):
        rule["not_numeric"] = [str(row["value"]) for row, v in zip(chosen, values, strict=True) if v is None]
        return result(rows, "not_numeric")
    if len(units) > 1:
        return result(rows, "unit_mismatch")
    if len(periods) > 1:
        return result(rows, "period_mismatch")
    if not all(str(row.get("comparable", "yes")) == "yes" for row in chosen):
        return result(rows, "not_comparable")
    total = sum(values)  # type: ignore[arg-type]
    outcome = total if op == "sum" else (total / len(values)).quantize(Decimal("0.01"))
    added = " + ".join(_plain(v) for v in values)  # type: ignore[arg-type]
    rule["result"] = _plain(outcome)
    rule["result_unit"] = units[0]
    rule["computation"] = (
        f"{added} = {rule['result']}" if op == "sum" else f"({added}) / {len(values)} = {rule['result']}"
    )
    return result(rows, None, float(outcome))


def _choose_pair(a: pd.DataFrame, b: pd.DataFrame) -> tuple[pd.Series, pd.Series] | None:
    """One row per side: the only ones, or the latest period both sides state; None when that is ambiguous."""
    if len(a) == 1 and len(b) == 1:
        return a.iloc[0], b.iloc[0]
    common = sorted(set(a["period"].map(_period_key)) & set(b["period"].map(_period_key)), reverse=True)
    for key in common:
        left = a[a["period"].map(_period_key) == key]
        right = b[b["period"].map(_period_key) == key]
        if len(left) == 1 and len(right) == 1:
            return left.iloc[0], right.iloc[0]
    return None


# ---------------------------------------------------------------- policies

# A sub-city issuing area or body named in a title: districts, development zones, parks, science cities.
_ISSUER = re.compile(
    r"(中关村(?:国家自主创新示范区|科学城)?"
    r"|[\u4e00-\u9fff]{2}(?:新技术开发区|高新技术产业开发区)(?:管理委员会)?"
    r"|[\u4e00-\u9fff]{2}新片区"
    r"|[\u4e00-\u9fff]{2}科创大走廊"
    r"|[\u4e00-\u9fff]{2}(?<!试验)(?<!示范)(?<!先导)(?<!特)区(?=关于|打造|支持|人工智能|促进))"
)
_ISSUER_SUFFIX = re.compile(
    r"(?:新技术开发区|高新技术产业开发区|高新区|开发区|工业园区|新片区|科学城|管委会|管理委员会|区)$"
)
_LEADING = re.compile(r"^(?:关于(?:加快|促进|推动|支持|通过)?|\d{4}年)+")


def policy_issuer(title: str, city_names: Sequence[str] = ()) -> tuple[str, str]:
    """(issuing area or body, level) read from a policy title: ("福田区", "district") when the title names a
    district, development zone, park or science city; (city, "city") otherwise."""
    text = _LEADING.sub("", str(title))
    park = re.search(
        r"[\u4e00-\u9fff]{2}工业园区", text
    )  # 苏州工业园区: the city's name is part of the park's
    if park:
        return park.group(0), "district"
    for name in sorted(city_names, key=len, reverse=True):
        text = text.removeprefix(name)
    match = _ISSUER.search(text)
    if match:
        return match.group(1), "district"
    return "", "city"


def _policy_frame(
    r: Report,
    cities: Sequence[str] = (),
    years: Sequence[int] = (),
    topic: str | None = None,
    months: Sequence[int] = (),
) -> pd.DataFrame:
    table = r.policies
    if cities:
        table = table[table["city"].isin([r.resolver.resolve(c) for c in cities])]
    if years:
        table = table[table["year"].isin([int(y) for y in years])]
    if months:  # "2019年5月发布的政策": the month printed with each policy
        table = table[table["month"].isin([int(m) for m in months])]
    if topic:
        text = table["title"] + " " + table["summary"] + " " + table["topics"]
        table = table[text.str.contains(topic, regex=False, case=False)]
    return table.sort_values(["year", "month", "id"]).reset_index(drop=True)


def _filters(
    cities: Sequence[str], years: Sequence[int], topic: str | None, r: Report, months: Sequence[int] = ()
) -> dict[str, Any]:
    return {
        "cities": [r.resolver.resolve(c) for c in cities],
        "years": [int(y) for y in years],
        "topic": topic,
        **({"months": [int(m) for m in months]} if months else {}),
    }


def _at_extreme(counts: pd.Series, extreme: str) -> pd.Series:
    """Which counts are the most ("max"), the fewest ("min"), or either ("both": '最多的是哪个，最少的呢')."""
    keep = pd.Series(False, index=counts.index)
    if extreme in ("max", "both"):
        keep |= counts == counts.max()
    if extreme in ("min", "both"):
        keep |= counts == counts.min()
    return keep


def policy_counts(
    *,
    by: str = "all",
    cities: Sequence[str] = (),
    years: Sequence[int] = (),
    topic: str | None = None,
    extreme: str | None = None,
    months: Sequence[int] = (),
    report: Report | None = None,
) -> AnalyticResult:
    """Policies listed in Tables 3-12, counted in all or per city / year / topic tag / sub-city issuing area
    (read from the title, see `policy_issuer`), after the filters.
    `extreme` "max" / "min" keeps only the groups with the most / fewest (ties kept); "zero" (per city) the
    profiled cities with none after the filters ("哪些城市没有2021年的政策"). Counts are of the report's
    listings (its tables are titled 部分人工智能政策, a selection), and only the ten profiled cities have one."""
    r = _report(report)
    if by not in ("all", "city", "year", "topic", "issuer"):
        raise ValueError(f"by must be all, city, year, topic or issuer, not {by!r}")
    table = _policy_frame(r, cities, years, topic, months)
    rule = {"by": by, "extreme": extreme, **_filters(cities, years, topic, r, months)}
    if by == "all":
        rows = pd.DataFrame({"policies": [len(table)]})
        return AnalyticResult("policy_counts", rule, rows, {"policies": table}, value=float(len(table)))
    if by == "issuer":  # sub-city issuing areas named in titles; city-level policies are not counted here
        table = _with_issuer(r, table)
        table = table[table["level"] == "district"]
        rows = table.groupby(["city", "issuer"], sort=False).size().reset_index(name="policies")
        rows = rows.sort_values("policies", ascending=False, kind="stable")
        if extreme is not None and not rows.empty:
            rows = rows[_at_extreme(rows["policies"], extreme)]
        rows = rows.reset_index(drop=True)
        used = table[table["issuer"].isin(set(rows["issuer"]))].drop(columns=["issuer", "level"])
        return AnalyticResult(
            "policy_counts", rule, rows, {"policies": used.reset_index(drop=True)}, value=float(len(table))
        )
    if by == "topic":
        exploded = table.assign(topic=table["topics"].str.split(";")).explode("topic")
        exploded = exploded[exploded["topic"].fillna("") != ""]
        if topic:  # a topic filter counts that tag only, not the others its policies carry
            exploded = exploded[exploded["topic"].str.contains(topic, regex=False, case=False)]
        counts = exploded.groupby("topic").size()
    elif by == "city":
        counts = table.groupby("city").size()
        if extreme == "zero":  # every profiled city, so that the ones with none can be named
            profiled = set(r.policies["city"])
            counts = counts.reindex([c for c in r.rankings["city"] if c in profiled], fill_value=0)
        order = [c for c in r.rankings["city"] if c in counts.index]
        counts = counts.reindex(order)
    else:
        counts = table.groupby("year").size()
    rows = counts.rename_axis(by).reset_index(name="policies")
    if by == "topic":
        rows = rows.sort_values(["policies", "topic"], ascending=[False, True])
    elif by == "city":
        rows = rows.sort_values("policies", ascending=False, kind="stable")
    if extreme == "zero":
        rows = rows[rows["policies"] == 0]
    elif extreme is not None and not rows.empty:
        rows = rows[_at_extreme(rows["policies"], extreme)]
    rows = rows.reset_index(drop=True)
    if by == "year":
        rows["year"] = rows["year"].astype(int)
    keys = set(rows[by])
    if by == "topic":
        used = table[table["topics"].str.split(";").map(lambda ts: bool(set(ts) & keys))]
    else:
        used = table[table[by].isin(keys)]
    return AnalyticResult(
        "policy_counts", rule, rows, {"policies": used.reset_index(drop=True)}, value=float(len(table))
    )


def policy_extreme(
    *,
    which: str = "earliest",
    per_city: bool = False,
    cities: Sequence[str] = (),
    years: Sequence[int] = (),
    topic: str | None = None,
    report: Report | None = None,
) -> AnalyticResult:
    """The earliest or latest listed policy, overall or per city. Dates are printed to the month, so policies
    of the same month tie and are all kept. Per city, with two or more cities, `rule["across_cities"]` says whose
    comes first (last) of all: {"cities", "year", "month"} ("whose earliest policy came first?")."""
    r = _report(report)
    if which not in ("earliest", "latest"):
        raise ValueError(f"which must be earliest or latest, not {which!r}")
    table = _policy_frame(r, cities, years, topic)
    stamp = table["year"].astype(int) * 100 + table["month"].astype(int)
    table = table.assign(_stamp=stamp)
    target = table.groupby("city")["_stamp"].transform("min" if which == "earliest" else "max")
    if not per_city:
        target = pd.Series(
            stamp.min() if which == "earliest" else stamp.max(), index=table.index, dtype="float"
        )
    chosen = table[table["_stamp"] == target]
    across: dict[str, Any] | None = None
    if per_city:
        order = {c: i for i, c in enumerate(r.rankings["city"])}
        chosen = chosen.sort_values(["city", "id"], key=lambda s: s.map(order) if s.name == "city" else s)
        if chosen["city"].nunique() >= 2:
            extreme = chosen["_stamp"].min() if which == "earliest" else chosen["_stamp"].max()
            winners = chosen[chosen["_stamp"] == extreme]
            across = {
                "cities": list(dict.fromkeys(winners["city"])),
                "year": int(winners["year"].iloc[0]),
                "month": int(winners["month"].iloc[0]),
            }
    chosen = chosen.drop(columns="_stamp").reset_index(drop=True)
    rows = chosen[["city", "year", "month", "title"]].copy()
    rows[["year", "month"]] = rows[["year", "month"]].astype(int)
    rule = {"which": which, "per_city": per_city, **_filters(cities, years, topic, r), "checked": len(table)}
    if across is not None:
        rule["across_cities"] = across
    return AnalyticResult("policy_extreme", rule, rows, {"policies": chosen}, value=float(len(rows)))


def _pinyin(text: str) -> str:
    try:
        from pypinyin import lazy_pinyin
    except ImportError:  # pragma: no cover - pypinyin is a project dependency
        return text
    return "".join(lazy_pinyin(text)).lower()


def _with_issuer(r: Report, table: pd.DataFrame) -> pd.DataFrame:
    names = [*r.cities["full_name"], *r.cities["city"]]
    found = table["title"].map(lambda t: policy_issuer(t, names))
    return table.assign(issuer=found.map(lambda x: x[0]), level=found.map(lambda x: x[1]))


# place-name words translated rather than spelled in pinyin ("East Lake" for 东湖): a term made only of these is read
# as the characters they stand for
_EN_PLACE_GLOSS = {"east": "东", "west": "西", "south": "南", "north": "北", "lake": "湖", "coast": "海岸"}


def policies_by_issuer(
    term: str | None = None,
    *,
    level: str | None = None,
    cities: Sequence[str] = (),
    years: Sequence[int] = (),
    report: Report | None = None,
) -> AnalyticResult:
    """Policies by issuing district or body, read from the title: those whose title names `term` (福田区, 中关村,
    东湖; an English/pinyin term such as "futian" matches the issuer's pinyin), or, without a term, those of
    `level` "district" (issued for a district, zone or park) or "city"; rows carry the `issuer` found."""
    r = _report(report)
    table = _with_issuer(r, _policy_frame(r, cities, years))
    if term:
        wanted = term.strip().lower()
        flat = re.sub(r"[\s\-_]", "", wanted)
        core = _ISSUER_SUFFIX.sub("", wanted)  # 东湖高新区 → 东湖: the place names the body
        hit = table["title"].str.lower().str.contains(wanted, regex=False)
        if len(core) >= 2 and core != wanted and not core.isascii():
            hit |= table["title"].str.contains(core, regex=False)
        if flat.isascii() and flat:
            # "futian" in 福田区's pinyin, or the issuer's place name inside a longer English term
            # ("shenzhen's futian", "Jianye District")
            hit |= table["issuer"].map(
                lambda s: (
                    bool(s) and (flat in _pinyin(s) or (len(_pinyin(s[:2])) >= 4 and _pinyin(s[:2]) in flat))
                )
            )
        glossed = [_EN_PLACE_GLOSS.get(w) for w in re.findall(r"[a-z]+", wanted)]
        if glossed and all(glossed):
            hit |= table["title"].str.contains("".join(glossed), regex=False)  # East Lake → 东湖
        table = table[hit]
    if level:
        table = table[table["level"] == level]
    table = table.reset_index(drop=True)
    rows = table[["city", "issuer", "year", "month", "title"]].copy()
    rows[["year", "month"]] = rows[["year", "month"]].astype(int)
    rule = {"term": term, "level": level, **_filters(cities, years, None, r)}
    return AnalyticResult(
        "policies_by_issuer",
        rule,
        rows,
        {"policies": table.drop(columns=["issuer", "level"])},
        value=float(len(rows)),
    )


def same_month_policies(
    *, cities: Sequence[str] = (), years: Sequence[int] = (), report: Report | None = None
) -> AnalyticResult:
    """Two or more policies of one city listed in the same month (year and month as printed)."""
    r = _report(report)
    table = _policy_frame(r, cities, years)
    size = table.groupby(["city", "year", "month"])["id"].transform("size")
    chosen = table[size >= 2].reset_index(drop=True)
    rows = chosen[["city", "year", "month", "title"]].copy()
    rows[["year", "month"]] = rows[["year", "month"]].astype(int)
    groups = chosen.groupby(["city", "year", "month"]).size()
    rule = {**_filters(cities, years, None, r), "groups": len(groups)}
    return AnalyticResult("same_month_policies", rule, rows, {"policies": chosen}, value=float(len(groups)))
