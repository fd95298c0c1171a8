"""无量纲化: put indicators with different units on one scale, column by column.

All three methods depend only on the order and spacing of a column's values, never on its unit, so expressing
GDP in 亿元 or 万元 gives the same scores (a property the tests check).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from index_core.engine.config import Normalisation


def _oriented(raw: pd.DataFrame, negatives: tuple[str, ...]) -> pd.DataFrame:
    """Flip lower-is-better columns so that higher is better everywhere."""
    sign = np.where(raw.columns.isin(list(negatives)), -1.0, 1.0)
    return raw.astype(float) * sign


def _unit_scale(x: pd.DataFrame) -> pd.DataFrame:
    """Each column divided by its largest absolute value. Min-max and z-scores do not change under a positive
    scale, but huge values (1e308) would overflow their spans, sums and squares to infinity on the way."""
    largest = x.abs().max()
    return x.div(largest.where(largest > 0, 1.0))


def minmax(raw: pd.DataFrame, negatives: tuple[str, ...] = ()) -> pd.DataFrame:
    """0 for the worst city, 100 for the best; a constant column gives all 100 (all share the best value)."""
    x = _unit_scale(_oriented(raw, negatives))
    lo, span = x.min(), x.max() - x.min()
    scaled = x.sub(lo).div(span.where(span > 0)).mul(100.0)
    return scaled.fillna({c: 100.0 for c in x.columns[span.eq(0)]})


def zscore(raw: pd.DataFrame, negatives: tuple[str, ...] = ()) -> pd.DataFrame:
    """Distance from the mean in population standard deviations; a constant column gives everyone 0."""
    x = _unit_scale(_oriented(raw, negatives))
    sd = x.std(ddof=0)
    scaled = x.sub(x.mean()).div(sd.where(sd > 0))
    return scaled.fillna({c: 0.0 for c in x.columns[sd.eq(0)]})


def rank_score(raw: pd.DataFrame, negatives: tuple[str, ...] = ()) -> pd.DataFrame:
    """Average rank mapped to 0-100 (worst 0, best 100): only the order counts, outliers cannot dominate."""
    x = _oriented(raw, negatives)
    n = len(x)
    if n < 2:
        return pd.DataFrame(100.0, index=x.index, columns=x.columns)
    return x.rank(method="average", ascending=True).sub(1.0).mul(100.0 / (n - 1))


def normalise(raw: pd.DataFrame, method: Normalisation, negatives: tuple[str, ...] = ()) -> pd.DataFrame:
    """Dispatch on the configured method."""
    funcs = {"minmax": minmax, "zscore": zscore, "rank": rank_score}
    return funcs[method](raw, negatives)
