"""What-if weights on the report's own data — a rank-based APPROXIMATION, not the report's index.

The report prints first-level ranks for all 20 cities (Table 2) but almost no scores, so the real index cannot
be re-weighted. What can be done honestly: turn each first-level rank into points (n + 1 - rank, i.e. 21 - rank
for 20 cities), take a weighted mean of the four dimensions' points, and rank the result. `fidelity()` measures
how well this reproduces the published total ranking with equal weights; every number shown to a user should
carry `APPROXIMATION_LABEL`.

Method choice. Two aggregations of rank points are offered: the arithmetic mean (a Borda count, the analogue
of the report's 加权平均) and the geometric mean (punishes one weak dimension). `compare_variants()` scores
both against the published ranking with equal weights; the default is the one ranking first by Spearman's rho,
then smaller maximum rank error, then more exact matches (the test suite checks the default still wins).

Tie-break (the arithmetic mean of integer ranks ties often): the weighted mean of the squared dimension ranks,
lower first (a balanced profile beats a lopsided one with the same mean), then the city name in Unicode order.
The published total rank is never used: it is the answer being approximated.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

import numpy as np
import pandas as pd

from index_core.dimensions import FIRST_LEVEL, TOTAL
from index_core.engine.charts import rank_interval_chart, rank_shift_chart

RankAggregation = Literal["arithmetic", "geometric"]

DIMENSION_COLUMNS: tuple[str, ...] = tuple(d.column for d in FIRST_LEVEL)
TOTAL_COLUMN = TOTAL.column
DIMENSION_ZH = {d.column: d.zh for d in FIRST_LEVEL}
DEFAULT_AGGREGATION: RankAggregation = "arithmetic"
APPROXIMATION_LABEL = "基于一级指标排名的近似（名次点数加权平均），并非报告的原始得分"
TIE_BREAK = "weighted mean of squared dimension ranks (lower first), then city name (Unicode order)"
DECIMALS = 9  # scores equal to 9 decimals are ties, not floating-point leads

__all__ = [
    "APPROXIMATION_LABEL",
    "DEFAULT_AGGREGATION",
    "DIMENSION_COLUMNS",
    "Fidelity",
    "MonteCarloResult",
    "WhatIfResult",
    "compare_variants",
    "fidelity",
    "monte_carlo",
    "rank_approximation",
    "rank_interval_chart",
    "rank_shift_chart",
    "rank_table",
    "resolve_weights",
    "what_if",
]


# --- inputs ---------------------------------------------------------------------------------------------


def rank_table(ranks: pd.DataFrame) -> pd.DataFrame:
    """Table 2 as integers indexed by city; accepts a `city` column (data/rankings.csv) or a city index."""
    table = ranks.set_index("city") if "city" in ranks.columns else ranks
    missing = [c for c in (*DIMENSION_COLUMNS, TOTAL_COLUMN) if c not in table.columns]
    if missing:
        raise ValueError(f"rank table lacks column(s) {', '.join(missing)}")
    table = table[[TOTAL_COLUMN, *DIMENSION_COLUMNS]]
    if table.index.duplicated().any():
        raise ValueError(f"duplicate cities: {', '.join(table.index[table.index.duplicated()])}")
    values = table.apply(pd.to_numeric, errors="coerce")
    n = len(values)
    bad = values.isna() | (values < 1) | (values > n) | (values % 1 != 0)
    if bad.any().any():
        raise ValueError(
            f"ranks must be whole numbers from 1 to {n}; check {', '.join(values.index[bad.any(axis=1)])}"
        )
    out = values.astype(int)
    out.index.name = "city"
    return out


def resolve_weights(weights: Mapping[str, float] | None) -> pd.Series:
    """Normalised weight per dimension column; unnamed dimensions keep weight 1 (the equal-weight baseline).

    Keys may be env / resource / knowledge / outcome, the rank column names, or the Chinese first-level names
    (with or without the 人工智能 prefix).
    """
    aliases = {c: c for c in DIMENSION_COLUMNS}
    aliases |= {c.removesuffix("_rank"): c for c in DIMENSION_COLUMNS}
    aliases |= {zh: c for c, zh in DIMENSION_ZH.items()} | {
        f"人工智能{zh}": c for c, zh in DIMENSION_ZH.items()
    }
    raw = pd.Series(1.0, index=list(DIMENSION_COLUMNS))
    for key, value in (weights or {}).items():
        column = aliases.get(str(key).strip())
        if column is None:
            raise ValueError(f"unknown dimension {key!r}; use one of env, resource, knowledge, outcome")
        try:
            number = float(value)
        except (TypeError, ValueError, OverflowError):
            number = float("nan")
        if not (number >= 0 and np.isfinite(number)):  # NaN fails >= 0; infinity would zero the others
            raise ValueError(f"weight of {key!r} must be a finite non-negative number")
        raw[column] = number
    if not (raw > 0).any():
        raise ValueError("at least one dimension weight must be positive")
    raw = raw / raw.max()  # huge finite weights cannot overflow the sum
    return raw / raw.sum()


# --- the vectorised core: many weight vectors at once ---------------------------------------------------


def _scores(points: np.ndarray, weights: np.ndarray, how: str) -> np.ndarray:
    """(draws x cities) scores from (cities x 4) rank points and (draws x 4) normalised weights."""
    if how == "arithmetic":
        return weights @ points.T
    if how == "geometric":
        return np.exp(weights @ np.log(points).T)
    raise ValueError(f"aggregation {how!r} is not 'arithmetic' or 'geometric'")


def _rank_rows(scores: np.ndarray, tiebreak: np.ndarray, names: Sequence[str]) -> np.ndarray:
    """Strict ranks per row: higher score first, then lower tie-break value, then city name."""
    k, c = scores.shape
    order = np.broadcast_to(np.argsort(np.asarray(names, dtype=str), kind="stable"), (k, c))
    for key in (tiebreak, -scores.round(DECIMALS)):  # least significant key first, stable sorts keep it
        order = np.take_along_axis(
            order, np.argsort(np.take_along_axis(key, order, 1), axis=1, kind="stable"), 1
        )
    ranks = np.empty((k, c), dtype=int)
    np.put_along_axis(ranks, order, np.arange(1, c + 1)[None, :].repeat(k, 0), axis=1)
    return ranks


def _approximate(table: pd.DataFrame, weights: np.ndarray, how: str) -> tuple[np.ndarray, np.ndarray]:
    """Scores and ranks for each row of `weights` (draws x 4)."""
    dims = table[list(DIMENSION_COLUMNS)].to_numpy(dtype=float)
    points = len(table) + 1 - dims
    scores = _scores(points, weights, how)
    tiebreak = (weights @ (dims**2).T).round(DECIMALS)
    return scores, _rank_rows(scores, tiebreak, list(table.index))


# --- single weightings ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class WhatIfResult:
    """Approximate score and rank per city under `weights`, with shifts (positive = moves up).

    Columns: approx_score, approx_rank, equal_rank (same aggregation, equal weights), published_rank (Table 2),
    shift_vs_equal = equal_rank - approx_rank, shift_vs_published = published_rank - approx_rank.
    """

    table: pd.DataFrame
    weights: pd.Series
    aggregation: str
    label: str = APPROXIMATION_LABEL
    tie_break: str = TIE_BREAK


def rank_approximation(
    ranks: pd.DataFrame,
    weights: Mapping[str, float] | None = None,
    aggregation: RankAggregation = DEFAULT_AGGREGATION,
) -> WhatIfResult:
    """Approximate total ranking from the four first-level ranks (see the module docstring for the method)."""
    table = rank_table(ranks)
    w = resolve_weights(weights)
    both = np.vstack([w.to_numpy(), np.full(len(w), 1.0 / len(w))])
    scores, ranked = _approximate(table, both, aggregation)
    out = pd.DataFrame(
        {
            "approx_score": scores[0],
            "approx_rank": ranked[0],
            "equal_rank": ranked[1],
            "published_rank": table[TOTAL_COLUMN].to_numpy(),
        },
        index=table.index,
    )
    out["shift_vs_equal"] = out["equal_rank"] - out["approx_rank"]
    out["shift_vs_published"] = out["published_rank"] - out["approx_rank"]
    return WhatIfResult(table=out.sort_values("approx_rank"), weights=w, aggregation=aggregation)


def what_if(
    ranks: pd.DataFrame, weights: Mapping[str, float], aggregation: RankAggregation = DEFAULT_AGGREGATION
) -> WhatIfResult:
    """Each city's approximate rank under `weights` and how far it moves vs equal weights and vs Table 2."""
    return rank_approximation(ranks, weights, aggregation)


# --- fidelity -------------------------------------------------------------------------------------------


def _spearman(a: pd.Series, b: pd.Series) -> float:
    return float(np.corrcoef(a.rank().to_numpy(), b.rank().to_numpy())[0, 1])


@dataclass(frozen=True)
class Fidelity:
    """How closely an approximation reproduces the published total ranking (all computed, never typed in)."""

    aggregation: str
    n: int
    exact_matches: int
    spearman_rho: float
    max_abs_diff: int
    mean_abs_diff: float
    mismatches: pd.DataFrame = field(repr=False)

    def summary(self) -> str:
        return (
            f"{self.aggregation}: {self.exact_matches}/{self.n} exact ranks, Spearman rho {self.spearman_rho:.4f}, "
            f"max |rank difference| {self.max_abs_diff}, mean {self.mean_abs_diff:.2f}"
        )


def fidelity(
    ranks: pd.DataFrame,
    weights: Mapping[str, float] | None = None,
    aggregation: RankAggregation = DEFAULT_AGGREGATION,
) -> Fidelity:
    """Compare the approximation (equal weights by default) with the published total ranks."""
    table = rank_approximation(ranks, weights, aggregation).table
    diff = (table["approx_rank"] - table["published_rank"]).abs()
    return Fidelity(
        aggregation=aggregation,
        n=len(table),
        exact_matches=int((diff == 0).sum()),
        spearman_rho=_spearman(table["approx_rank"], table["published_rank"]),
        max_abs_diff=int(diff.max()),
        mean_abs_diff=float(diff.mean()),
        mismatches=table.loc[diff > 0, ["published_rank", "approx_rank"]],
    )


def compare_variants(
    ranks: pd.DataFrame, variants: Sequence[str] = ("arithmetic", "geometric")
) -> pd.DataFrame:
    """Fidelity of each aggregation with equal weights, best first (rho, then max error, then exact matches)."""
    rows = [fidelity(ranks, None, v) for v in variants]  # type: ignore[arg-type]
    frame = pd.DataFrame(
        {
            "aggregation": [f.aggregation for f in rows],
            "exact_matches": [f.exact_matches for f in rows],
            "n": [f.n for f in rows],
            "spearman_rho": [f.spearman_rho for f in rows],
            "max_abs_diff": [f.max_abs_diff for f in rows],
            "mean_abs_diff": [f.mean_abs_diff for f in rows],
        }
    )
    order = frame.sort_values(
        ["spearman_rho", "max_abs_diff", "exact_matches"], ascending=[False, True, False], kind="stable"
    )
    return order.reset_index(drop=True)


# --- Monte Carlo ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class MonteCarloResult:
    """Rank distribution per city over random weightings (and aggregations).

    `table` columns: published_rank, equal_rank, median_rank, p05_rank, p95_rank (observed ranks, so whole
    numbers), share_published (draws giving the Table 2 rank) and share_equal (draws giving the equal-weight
    approximate rank). `draws` holds every rank (draws x cities, columns in `table.index` order).
    """

    table: pd.DataFrame
    draws: np.ndarray
    weights: np.ndarray
    aggregation_used: np.ndarray
    noise: float | str
    seed: int
    label: str = APPROXIMATION_LABEL
    tie_break: str = TIE_BREAK


def _draw_weights(
    rng: np.random.Generator, base: np.ndarray, n: int, noise: float | Literal["dirichlet"]
) -> np.ndarray:
    """Dirichlet with mean `base` and concentration 4 (flat over all weightings when base is equal), or
    multiplicative log-normal noise exp(noise * N(0, 1)) on each weight, renormalised."""
    if noise == "dirichlet":
        return (
            rng.dirichlet(base * len(base), size=n) if (base > 0).all() else _masked_dirichlet(rng, base, n)
        )
    sigma = float(noise)
    if sigma < 0:
        raise ValueError("noise must be a non-negative number or 'dirichlet'")
    w = base[None, :] * np.exp(sigma * rng.standard_normal((n, len(base))))
    return w / w.sum(axis=1, keepdims=True)


def _masked_dirichlet(rng: np.random.Generator, base: np.ndarray, n: int) -> np.ndarray:
    """A zero base weight stays zero (that dimension was switched off on purpose)."""
    w = np.zeros((n, len(base)))
    on = base > 0
    w[:, on] = rng.dirichlet(base[on] * on.sum(), size=n)
    return w


def monte_carlo(
    ranks: pd.DataFrame,
    n: int = 2000,
    noise: float | Literal["dirichlet"] = 0.25,
    aggregations: Sequence[str] = ("arithmetic", "geometric"),
    seed: int = 0,
    weights: Mapping[str, float] | None = None,
) -> MonteCarloResult:
    """How stable is each rank when the weights (and the aggregation) are uncertain?

    Each draw perturbs the base weights (equal unless given) and picks one of `aggregations` at random;
    all draws are ranked at once with numpy.
    """
    if n < 1:
        raise ValueError("n must be at least 1")
    if not aggregations:
        raise ValueError("give at least one aggregation")
    table = rank_table(ranks)
    rng = np.random.default_rng(seed)
    base = resolve_weights(weights).to_numpy()
    w = _draw_weights(rng, base, n, noise)
    which = rng.integers(len(aggregations), size=n)
    draws = np.empty((n, len(table)), dtype=int)
    for i, how in enumerate(aggregations):  # at most two passes, each over all draws at once
        rows = which == i
        if rows.any():
            draws[rows] = _approximate(table, w[rows], how)[1]
    equal = rank_approximation(table, None, DEFAULT_AGGREGATION).table["approx_rank"].reindex(table.index)
    p05, median, p95 = np.quantile(draws, [0.05, 0.5, 0.95], axis=0, method="inverted_cdf")
    published = table[TOTAL_COLUMN].to_numpy()
    out = pd.DataFrame(
        {
            "published_rank": published,
            "equal_rank": equal.to_numpy(),
            "median_rank": median.astype(int),
            "p05_rank": p05.astype(int),
            "p95_rank": p95.astype(int),
            "share_published": (draws == published[None, :]).mean(axis=0),
            "share_equal": (draws == equal.to_numpy()[None, :]).mean(axis=0),
        },
        index=table.index,
    )
    return MonteCarloResult(
        table=out.sort_values("published_rank"),
        draws=draws,
        weights=w,
        aggregation_used=np.asarray(aggregations, dtype=object)[which],
        noise=noise,
        seed=seed,
    )
