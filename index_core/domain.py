"""Pure look-ups over the report's tables: profiles, rank tables, top-N, comparisons, policies, indicators.

Every function returns structured data (frames or dataclasses), never prose: the assistant words them.
Each takes an optional `report` so tests and callers can pass a validated copy; by default the project's own.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

import pandas as pd

from index_core.dimensions import DIMENSIONS, FIRST_LEVEL, Dimension, dimension
from index_core.report import Report, load_report


def _report(report: Report | None) -> Report:
    return report if report is not None else load_report()


def _dim(dim: str | Dimension) -> Dimension:
    return dim if isinstance(dim, Dimension) else dimension(dim)


@dataclass(frozen=True)
class CityProfile:
    """Everything the tables hold about one city."""

    city: str
    full_name: str
    name_en: str
    category: str
    ranks: dict[str, int]  # dimension zh name -> rank
    scores: pd.DataFrame
    subranks: pd.DataFrame
    facts: pd.DataFrame
    policies: pd.DataFrame
    profiled: bool
    profile_heading: str
    rank_source: dict[str, str]  # section and quote of the Table 2 row


def resolve(city: str, report: Report | None = None) -> str:
    """Short name of a sample city; UnknownCityError (listing the sample) otherwise."""
    return _report(report).resolver.resolve(city)


def city_ranks(city: str, report: Report | None = None) -> dict[str, int]:
    r = _report(report)
    row = r.rankings[r.rankings["city"] == resolve(city, r)].iloc[0]
    return {d.zh: int(row[d.column]) for d in DIMENSIONS}


def city_profile(city: str, report: Report | None = None) -> CityProfile:
    r = _report(report)
    name = resolve(city, r)
    info = r.cities[r.cities["city"] == name].iloc[0]
    rank_row = r.rankings[r.rankings["city"] == name].iloc[0]
    return CityProfile(
        city=name,
        full_name=str(info["full_name"]),
        name_en=str(info["name_en"]),
        category=str(info["category"]),
        ranks=city_ranks(name, r),
        scores=r.scores[r.scores["city"] == name].reset_index(drop=True),
        subranks=r.subranks[r.subranks["city"] == name].reset_index(drop=True),
        facts=r.facts[r.facts["city"] == name].reset_index(drop=True),
        policies=policies(name, report=r),
        profiled=str(info.get("profiled", "")).lower() == "yes",
        profile_heading=str(info.get("profile_heading", "")),
        rank_source={"section": str(rank_row["section"]), "quote": str(rank_row["quote"])},
    )


def score_of(city: str, dim: str | Dimension, report: Report | None = None) -> pd.Series | None:
    """The printed score (or threshold statement) for a city on a dimension, or None when the report has none."""
    r = _report(report)
    d = _dim(dim)
    rows = r.scores[(r.scores["city"] == resolve(city, r)) & (r.scores["dimension"] == d.zh)]
    if rows.empty:
        return None
    exact = rows[rows["kind"] == "score"]
    return (exact if not exact.empty else rows).iloc[0]


def rank_table(dim: str | Dimension = "total", report: Report | None = None) -> pd.DataFrame:
    """All 20 cities ordered by one dimension: city, rank, printed score (if any), and provenance."""
    r = _report(report)
    d = _dim(dim)
    table = r.rankings[["city", d.column, "section", "quote"]].rename(columns={d.column: "rank"})
    scores = r.scores[(r.scores["dimension"] == d.zh) & (r.scores["kind"] == "score")][["city", "score"]]
    table = table.merge(scores, on="city", how="left")
    table["score"] = table["score"].fillna("")
    table.insert(0, "dimension", d.zh)
    return table.sort_values("rank").reset_index(drop=True)


def top(dim: str | Dimension = "total", n: int = 10, report: Report | None = None) -> pd.DataFrame:
    return rank_table(dim, report).head(max(0, n)).reset_index(drop=True)


def bottom(dim: str | Dimension = "total", n: int = 10, report: Report | None = None) -> pd.DataFrame:
    return rank_table(dim, report).tail(max(0, n)).iloc[::-1].reset_index(drop=True)


def compare(cities: list[str], report: Report | None = None) -> pd.DataFrame:
    """Ranks side by side: one row per dimension, one column per city, and the best-ranked city per row."""
    r = _report(report)
    names = list(dict.fromkeys(resolve(c, r) for c in cities))
    ranks = r.rankings.set_index("city").loc[names]
    rows = []
    for d in DIMENSIONS:
        values = {c: int(ranks.at[c, d.column]) for c in names}
        best = min(values.values())
        rows.append(
            {"dimension": d.zh, **values, "leader": "、".join(c for c, v in values.items() if v == best)}
        )
    return pd.DataFrame(rows)


def compare_facts(cities: list[str], report: Report | None = None) -> pd.DataFrame:
    """Comparable facts the report gives for at least one of the cities, side by side (empty cell = not stated)."""
    r = _report(report)
    names = list(dict.fromkeys(resolve(c, r) for c in cities))
    facts = r.facts[r.facts["city"].isin(names) & (r.facts.get("comparable", "yes") == "yes")]
    if facts.empty:
        return pd.DataFrame(columns=["metric_zh", "unit", *names])
    facts = facts.assign(shown=(facts["qualifier"].where(facts["qualifier"] != "", "") + facts["value"]))
    first = facts.drop_duplicates(["metric", "city"])
    wide = first.pivot(index=["metric", "metric_zh", "unit"], columns="city", values="shown").reset_index()
    for name in names:
        if name not in wide.columns:
            wide[name] = ""
    wide = wide.fillna("")
    wide["stated_for"] = (wide[names] != "").sum(axis=1)
    wide = wide.sort_values(["stated_for", "metric"], ascending=[False, True])
    return wide[["metric", "metric_zh", "unit", *names]].reset_index(drop=True)


def policies(
    city: str | None = None,
    year: int | Collection[int] | None = None,
    topic: str | None = None,
    report: Report | None = None,
) -> pd.DataFrame:
    """Policies from Tables 3-12, oldest first, filtered by city, year (one, or any of several: an empty
    collection matches none) and topic/keyword (title, summary, tags)."""
    r = _report(report)
    table = r.policies
    if city:
        table = table[table["city"] == resolve(city, r)]
    if year is not None and not isinstance(year, Collection):
        table = table[table["year"] == int(year)]
    elif year is not None:
        table = table[table["year"].astype(int).isin({int(y) for y in year})]
    if topic:
        text = table["title"] + " " + table["summary"] + " " + table.get("topics", "")
        table = table[text.str.contains(topic, regex=False, case=False)]
    return table.sort_values(["year", "month", "id"] if "id" in table else ["year", "month"]).reset_index(
        drop=True
    )


def policy_cities(report: Report | None = None) -> list[str]:
    """The cities that have a policy table (the ten profiled cities)."""
    r = _report(report)
    return list(dict.fromkeys(r.rankings[r.rankings["city"].isin(set(r.policies["city"]))]["city"]))


def indicator_tree(report: Report | None = None) -> pd.DataFrame:
    """Table 1 as a frame: level1, level2, level3, unit (and English names where present), in report order."""
    r = _report(report)
    columns = [
        c
        for c in ("no", "level1", "level1_en", "level2", "level2_en", "level3", "level3_en", "unit")
        if c in r.indicators
    ]
    return r.indicators[columns].sort_values("no").reset_index(drop=True)


def first_level_names() -> list[str]:
    return [d.zh for d in FIRST_LEVEL]
