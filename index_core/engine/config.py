"""Every modelling choice of the composite index in one frozen value.

The report only says "无量纲化处理 … 权重根据其相对重要性确定"; it does not say which normalisation,
weights or aggregation it used. So each choice is explicit here, printed by `describe()` and carried by
every result, and a reader can always tell which variant produced a number.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

Normalisation = Literal["minmax", "zscore", "rank"]
MissingPolicy = Literal["error", "mean", "min", "drop_indicator"]
Aggregation = Literal["arithmetic", "geometric"]
TieMethod = Literal["min", "dense", "max"]

NORMALISATIONS: tuple[str, ...] = ("minmax", "zscore", "rank")
MISSING_POLICIES: tuple[str, ...] = ("error", "mean", "min", "drop_indicator")
AGGREGATIONS: tuple[str, ...] = ("arithmetic", "geometric")
WEIGHT_SCHEMES: tuple[str, ...] = ("equal", "entropy")
TIE_METHODS: tuple[str, ...] = ("min", "dense", "max")

_DESCRIPTIONS = {
    "minmax": "min-max to 0-100 (worst observed city = 0, best = 100; a constant indicator gives all 100)",
    "zscore": "z-score (mean 0, population standard deviation 1; a constant indicator gives everyone 0)",
    "rank": "rank scores 0-100 (worst city = 0, best = 100, ties share the average rank)",
    "error": "stop and list every missing cell",
    "mean": "impute the indicator's mean over the other cities (each imputed cell is noted)",
    "min": "impute the indicator's worst observed value (min; max for lower-is-better indicators)",
    "drop_indicator": "drop every indicator with a missing cell; its siblings share its weight",
    "arithmetic": "weighted arithmetic mean at every level",
    "geometric": "weighted geometric mean at every level (indicator values floored at `geometric_floor`)",
    "equal": "equal within each level of the tree (each child of a node weighs the same)",
    "entropy": "entropy weight method among the level-3 indicators of each level-2 node, equal above",
    "min_ties": "competition ranking: tied cities share the best rank, the next rank is skipped (1, 2, 2, 4)",
    "dense_ties": "dense ranking: tied cities share a rank, no rank is skipped (1, 2, 2, 3)",
    "max_ties": "tied cities share the worst rank (1, 3, 3, 4)",
}


def _check(name: str, value: str, allowed: tuple[str, ...]) -> None:
    if value not in allowed:
        raise ValueError(f"{name}={value!r} is not one of {', '.join(allowed)}")


@dataclass(frozen=True)
class IndexConfig:
    """How raw indicators become scores and ranks.

    `weights` is "equal", "entropy" or a mapping {name: relative weight} where a name is a third-, second- or
    first-level indicator; a weight is relative to its siblings and unnamed nodes keep weight 1. The mapping
    is stored as a sorted tuple of pairs so the config stays hashable.
    """

    normalisation: Normalisation = "minmax"
    missing: MissingPolicy = "error"
    weights: str | Mapping[str, float] | tuple[tuple[str, float], ...] = "equal"
    aggregation: Aggregation = "arithmetic"
    ties: TieMethod = "min"
    negatives: tuple[str, ...] = field(default=())
    geometric_floor: float = 1.0

    def __post_init__(self) -> None:
        _check("normalisation", self.normalisation, NORMALISATIONS)
        _check("missing", self.missing, MISSING_POLICIES)
        _check("aggregation", self.aggregation, AGGREGATIONS)
        _check("ties", self.ties, TIE_METHODS)
        if isinstance(self.weights, str):
            _check("weights", self.weights, WEIGHT_SCHEMES)
        else:
            pairs = self.weights.items() if isinstance(self.weights, Mapping) else self.weights
            cleaned = tuple(sorted((str(k), float(v)) for k, v in pairs))
            # NaN fails `>= 0`; an infinite weight would zero its siblings and tie every city at rank 1
            bad = [k for k, v in cleaned if not (v >= 0 and math.isfinite(v))]
            if bad:
                raise ValueError(f"weights must be finite non-negative numbers; check {', '.join(bad)}")
            object.__setattr__(self, "weights", cleaned)
        object.__setattr__(self, "negatives", tuple(self.negatives))
        if self.aggregation == "geometric" and self.normalisation == "zscore":
            raise ValueError(
                "geometric aggregation needs non-negative normalised values; "
                "use normalisation 'minmax' or 'rank'"
            )
        if not self.geometric_floor > 0:
            raise ValueError("geometric_floor must be positive (logarithms of 0 are undefined)")

    @property
    def weight_mapping(self) -> dict[str, float] | None:
        """The user's weights as a dict, or None for the named schemes."""
        return None if isinstance(self.weights, str) else dict(self.weights)

    def describe(self) -> str:
        """Every choice, one line each, in words (returned, for the caller to print or log)."""
        if isinstance(self.weights, str):
            weights = f"{self.weights}: {_DESCRIPTIONS[self.weights]}"
        else:
            listed = ", ".join(f"{k}={v:g}" for k, v in self.weights)
            weights = f"user mapping ({listed}); relative to siblings, unnamed nodes weigh 1"
        lines = [
            f"normalisation: {self.normalisation}: {_DESCRIPTIONS[self.normalisation]}",
            f"missing values: {self.missing}: {_DESCRIPTIONS[self.missing]}",
            f"weights: {weights}",
            f"aggregation: {self.aggregation}: {_DESCRIPTIONS[self.aggregation]}",
            f"ties: {self.ties}: {_DESCRIPTIONS[self.ties + '_ties']}",
            "direction: higher is better for every indicator"
            + (f" except {', '.join(self.negatives)} (lower is better)" if self.negatives else ""),
        ]
        if self.aggregation == "geometric":
            lines.append(
                f"geometric floor: {self.geometric_floor:g} (normalised values below it are raised to it)"
            )
        return "\n".join(lines)
