"""Ranks from scores: 1 is best; tied scores share a rank as the config says (default: competition "min")."""

from __future__ import annotations

import pandas as pd

from index_core.engine.config import TieMethod

# Scores that differ only by floating-point noise (e.g. 0.1 + 0.2 vs 0.3) should tie.
DECIMALS = 9


def rank_scores(scores: pd.DataFrame, ties: TieMethod = "min") -> pd.DataFrame:
    """Rank every column, higher score first; integer ranks (nullable, NaN scores stay unranked)."""
    return scores.round(DECIMALS).rank(ascending=False, method=ties).astype("Int64")
