"""Weights for each node of the indicator tree, relative to its siblings.

The report says only that weights follow "相对重要性", so three explicit schemes are offered: equal at every
level, entropy weights (data-driven: indicators that separate cities more weigh more) among the third-level
indicators of a second-level node, or the user's own mapping.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping

import numpy as np
import pandas as pd

from index_core.dimensions import FIRST_LEVEL
from index_core.engine.normalise import minmax
from index_core.engine.tree import canonical

# Short keys shared with the what-if module and the rankings table, so {"knowledge": 2} works everywhere.
LEVEL1_ALIASES = {d.key: d.zh for d in FIRST_LEVEL}


def entropy_weights(raw: pd.DataFrame, negatives: tuple[str, ...] = ()) -> pd.Series:
    """Entropy weight of each column, summing to 1 over the columns given.

    p_ij = x_ij / sum_i x_ij on min-max values in [0, 1]; e_j = -sum_i p_ij ln p_ij / ln n (0 ln 0 = 0);
    w_j = (1 - e_j) / sum_k (1 - e_k). A constant column has e = 1 and weight 0. If no column varies, the
    weights are equal (there is no information to prefer one).
    """
    n = len(raw)
    if n < 2:
        return pd.Series(1.0 / raw.shape[1], index=raw.columns)
    x = minmax(raw, negatives) / 100.0
    p = x / x.sum().where(x.sum() > 0)
    plogp = (p * np.log(p.where(p > 0))).fillna(0.0)
    e = -plogp.sum() / np.log(n)
    e = e.where(x.sum() > 0, 1.0)
    d = (1.0 - e).clip(lower=0.0)
    if d.sum() <= 0:
        return pd.Series(1.0 / raw.shape[1], index=raw.columns)
    return d / d.sum()


def _resolve_keys(tree: pd.DataFrame, mapping: Mapping[str, float]) -> dict[tuple[str, str], float]:
    """Map each user key to (level, node name); unknown or ambiguous keys: ValueError with suggestions."""
    names = {lvl: set(tree[lvl]) for lvl in ("level1", "level2", "level3")}
    resolved: dict[tuple[str, str], float] = {}
    given_as: dict[tuple[str, str], str] = {}
    for key, weight in mapping.items():
        typed = canonical(key)
        forms = (
            typed,
            LEVEL1_ALIASES.get(typed.removesuffix("_rank"), typed),
            typed.removeprefix("人工智能"),
        )
        name = next((f for f in forms if any(f in names[lvl] for lvl in names)), typed)
        hits = [lvl for lvl in names if name in names[lvl]]
        if not hits:
            everything = sorted(set().union(*names.values()))
            close = difflib.get_close_matches(name, everything, n=3, cutoff=0.5)
            hint = f"; did you mean {', '.join(close)}?" if close else ""
            raise ValueError(f"weight key {key!r} names no indicator in the tree{hint}")
        if len(hits) > 1:
            raise ValueError(f"weight key {key!r} is ambiguous: it names a node on {' and '.join(hits)}")
        value = float(weight)
        if not (value >= 0 and np.isfinite(value)):
            raise ValueError(f"weight of {key!r} must be a finite non-negative number, not {weight!r}")
        node = (hits[0], name)
        if node in resolved:
            raise ValueError(f"weight keys {given_as[node]!r} and {key!r} both name {name}; give it once")
        resolved[node], given_as[node] = value, key
    return resolved


def _share(raw_weight: pd.Series, groups: pd.Series, level: str) -> pd.Series:
    """Normalise weights to sum to 1 within each parent; a parent whose children all weigh 0 is an error.

    Each group is first divided by its largest weight, so huge finite weights (1e308 twice) cannot overflow
    the sum to infinity and turn every share into 0 or NaN.
    """
    if not np.isfinite(raw_weight).all() or (raw_weight < 0).any():
        raise ValueError(f"{level} weights must be finite non-negative numbers")
    largest = raw_weight.groupby(groups).transform("max")
    scaled = raw_weight / largest.where(largest > 0, 1.0)
    total = scaled.groupby(groups).transform("sum")
    if (total <= 0).any():
        parents = ", ".join(map(str, groups[total <= 0].unique()))
        raise ValueError(f"all {level} weights under {parents} are 0; at least one must be positive")
    return scaled / total


def weight_table(
    tree: pd.DataFrame,
    scheme: str | Mapping[str, float],
    raw: pd.DataFrame | None = None,
    negatives: tuple[str, ...] = (),
) -> tuple[pd.DataFrame, list[str]]:
    """One row per third-level indicator: its local weight at each level and its overall weight (product).

    `raw` (cities x indicators, no NaN) is needed only for entropy weights.
    """
    notes: list[str] = []
    table = tree[["level1", "level2", "level3"]].reset_index(drop=True)
    given = _resolve_keys(tree, scheme) if isinstance(scheme, Mapping) else {}

    def raw_weights(level: str) -> pd.Series:
        return table[level].map(lambda n: given.get((level, n), 1.0)).astype(float)

    if scheme == "entropy":
        if raw is None:
            raise ValueError("entropy weights need the raw data")
        by_group = [
            entropy_weights(raw[list(grp["level3"])], negatives)
            for _, grp in table.groupby("level2", sort=False)
        ]
        w3 = pd.concat(by_group).reindex(table["level3"]).to_numpy()
        w3 = pd.Series(w3, index=table.index)
        flat = table.groupby("level2", sort=False)["level3"].count()
        notes.append(
            "entropy weights computed on min-max values of the (imputed) raw data, within each level-2 node"
        )
        notes += [f"{g} has one indicator, weight 1" for g in flat[flat == 1].index]
    else:
        w3 = raw_weights("level3")
    table["w_level3"] = _share(w3, table["level2"], "third-level")

    nodes2 = table.drop_duplicates("level2")[["level1", "level2"]]
    w2 = _share(raw_weights("level2").loc[nodes2.index], nodes2["level1"], "second-level")
    table["w_level2"] = table["level2"].map(dict(zip(nodes2["level2"], w2, strict=True)))

    nodes1 = table.drop_duplicates("level1")[["level1"]]
    w1 = _share(
        raw_weights("level1").loc[nodes1.index], pd.Series("total", index=nodes1.index), "first-level"
    )
    table["w_level1"] = table["level1"].map(dict(zip(nodes1["level1"], w1, strict=True)))

    table["weight"] = table["w_level3"] * table["w_level2"] * table["w_level1"]
    return table, notes
