"""Weighted means from children to parent, one tree level at a time (third → second → first → total).

Arithmetic means let a strong indicator compensate a weak one; geometric means punish imbalance. Both are
offered because the report names neither (综合指数分析法 only says 加权平均).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from index_core.engine.config import Aggregation


def aggregate(values: pd.DataFrame, weights: pd.Series, parent: pd.Series, how: Aggregation) -> pd.DataFrame:
    """Cities x parents from cities x children.

    `weights` and `parent` are indexed by child name; weights are renormalised within each parent so they need
    not sum to 1. Geometric aggregation needs positive values (the caller floors them first).
    """
    w = weights.reindex(values.columns)
    groups = parent.reindex(values.columns)
    w = w / w.groupby(groups).transform("sum")
    order = list(dict.fromkeys(groups))
    if how == "arithmetic":
        return values.mul(w).T.groupby(groups).sum().T[order]
    if (values <= 0).any().any():
        raise ValueError("geometric aggregation needs positive values")
    return np.exp(np.log(values).mul(w).T.groupby(groups).sum().T[order])
