"""Why a city ranks where it does: dimension lifts and drags, neighbours, and the evidence behind each point.

Structured only; the assistant turns it into an analyst's paragraph with citations.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from index_core.dimensions import FIRST_LEVEL
from index_core.domain import _report, city_ranks, resolve
from index_core.report import Report


@dataclass(frozen=True)
class DimensionGap:
    """One dimension of a comparison; `advantage` > 0 means the city is ahead of the other by that many places."""

    dimension: str
    city_rank: int
    other_rank: int

    @property
    def advantage(self) -> int:
        return self.other_rank - self.city_rank


@dataclass(frozen=True)
class Neighbour:
    city: str
    total_rank: int
    position: str  # "above" or "below"
    gaps: list[DimensionGap]

    @property
    def city_ahead_in(self) -> list[DimensionGap]:
        return sorted((g for g in self.gaps if g.advantage > 0), key=lambda g: -g.advantage)

    @property
    def other_ahead_in(self) -> list[DimensionGap]:
        return sorted((g for g in self.gaps if g.advantage < 0), key=lambda g: g.advantage)


@dataclass(frozen=True)
class DimensionEvidence:
    """A first-level dimension's rank for the city, and the sub-ranks and facts the report gives under it."""

    dimension: str
    rank: int
    margin: int  # total rank minus this rank: > 0 lifts the city, < 0 drags it
    subranks: pd.DataFrame
    facts: pd.DataFrame


@dataclass(frozen=True)
class RankExplanation:
    city: str
    total_rank: int
    dimensions: list[DimensionEvidence]
    above: Neighbour | None
    below: Neighbour | None
    scores: pd.DataFrame
    profile_heading: str
    profile_tagline: str
    rank_source: dict[str, str]
    notes: list[str] = field(default_factory=list)

    @property
    def ranks(self) -> dict[str, int]:
        return {e.dimension: e.rank for e in self.dimensions}

    @property
    def lifts(self) -> list[DimensionEvidence]:
        """Dimensions ranked better than the overall rank, strongest first."""
        return sorted((e for e in self.dimensions if e.margin > 0), key=lambda e: -e.margin)

    @property
    def drags(self) -> list[DimensionEvidence]:
        """Dimensions ranked worse than the overall rank, weakest first."""
        return sorted((e for e in self.dimensions if e.margin < 0), key=lambda e: e.margin)

    @property
    def level(self) -> list[DimensionEvidence]:
        return [e for e in self.dimensions if e.margin == 0]


def _neighbour(report: Report, city: str, total_rank: int, offset: int) -> Neighbour | None:
    rankings = report.rankings
    other = rankings[rankings["total_rank"] == total_rank + offset]
    if other.empty:
        return None
    other_city = str(other.iloc[0]["city"])
    mine, theirs = city_ranks(city, report), city_ranks(other_city, report)
    gaps = [DimensionGap(d.zh, mine[d.zh], theirs[d.zh]) for d in FIRST_LEVEL]
    return Neighbour(other_city, total_rank + offset, "above" if offset < 0 else "below", gaps)


def _facts_under(facts: pd.DataFrame, dimension: str) -> pd.DataFrame:
    """Facts the report states in the city's paragraph on this dimension (found through the section path)."""
    return facts[facts["section"].str.contains(dimension, regex=False)].reset_index(drop=True)


# explain_rank's results per report object (the tables never change once loaded): id -> (the report, {city: result})
_EXPLAINED: dict[int, tuple[Report, dict[str, RankExplanation]]] = {}


def explain_rank(city: str, report: Report | None = None) -> RankExplanation:
    """The city's rank explained from the tables; computed once per city and report (a dozen data-frame filters
    that every why-question and profile would otherwise repeat)."""
    r = _report(report)
    held = _EXPLAINED.get(id(r))
    if held is None or held[0] is not r:
        if len(_EXPLAINED) >= 4:
            _EXPLAINED.clear()  # (bounded: it holds each report it was asked about, so none is ever freed)
        held = _EXPLAINED[id(r)] = (r, {})
    if city not in held[1]:
        held[1][city] = _explained(city, r)
    return held[1][city]


def _explained(city: str, r: Report) -> RankExplanation:
    name = resolve(city, r)
    ranks = city_ranks(name, r)
    total = ranks["总指数"]
    subranks = r.subranks[r.subranks["city"] == name]
    facts = r.facts[r.facts["city"] == name]
    evidence = [
        DimensionEvidence(
            dimension=d.zh,
            rank=ranks[d.zh],
            margin=total - ranks[d.zh],
            subranks=subranks[subranks["level1"] == d.zh].reset_index(drop=True),
            facts=_facts_under(facts, d.zh),
        )
        for d in FIRST_LEVEL
    ]
    info = r.cities[r.cities["city"] == name].iloc[0]
    rank_row = r.rankings[r.rankings["city"] == name].iloc[0]
    notes = []
    if str(info.get("profiled", "")).lower() != "yes":
        notes.append("not-profiled")
    return RankExplanation(
        city=name,
        total_rank=total,
        dimensions=evidence,
        above=_neighbour(r, name, total, -1),
        below=_neighbour(r, name, total, +1),
        scores=r.scores[r.scores["city"] == name].reset_index(drop=True),
        profile_heading=str(info.get("profile_heading", "")),
        profile_tagline=str(info.get("profile_tagline", "")),
        rank_source={"section": str(rank_row["section"]), "quote": str(rank_row["quote"])},
        notes=notes,
    )
