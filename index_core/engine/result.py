"""What one run of the index returns: scores and ranks per level, plus how they were made."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from index_core.engine.config import IndexConfig

LEVELS: tuple[str, ...] = ("level3", "level2", "level1", "total")
LEVEL_LABELS = {"level3": "三级指标", "level2": "二级指标", "level1": "一级指标", "total": "总指数"}
TOTAL = "总指数"


@dataclass(frozen=True)
class IndexResult:
    """Scores and ranks (DataFrames indexed by city) for each level in LEVELS.

    `scores["level3"]` holds the normalised indicators; `scores["total"]` has one column, 总指数.
    `weights` is the weight table actually used and `notes` every data decision (imputed cells, dropped
    indicators, floors).
    """

    config: IndexConfig
    scores: dict[str, pd.DataFrame]
    ranks: dict[str, pd.DataFrame]
    weights: pd.DataFrame
    notes: tuple[str, ...] = field(default=())

    @property
    def total(self) -> pd.Series:
        """Total score per city."""
        return self.scores["total"][TOTAL]

    @property
    def total_rank(self) -> pd.Series:
        """Total rank per city."""
        return self.ranks["total"][TOTAL]

    def ranking(self) -> pd.DataFrame:
        """Cities by total rank: rank, total score and first-level scores side by side."""
        table = pd.concat([self.total_rank.rename("排名"), self.total, self.scores["level1"]], axis=1)
        return table.sort_values(["排名", TOTAL], ascending=[True, False])

    def describe(self) -> str:
        """Config and notes, for printing next to any number taken from this result."""
        notes = "\n".join(f"- {n}" for n in self.notes) or "- none"
        return f"{self.config.describe()}\nnotes:\n{notes}"
