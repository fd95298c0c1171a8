"""Missing raw values: stop, impute, or drop the indicator — always explicitly, always noted.

Silently filling a hole would change a city's rank without anyone knowing, so every policy reports what
it did.
"""

from __future__ import annotations

import pandas as pd

from index_core.engine.config import MissingPolicy


class MissingValueError(ValueError):
    """Raised under missing='error'; `cells` lists (city, indicator) pairs."""

    def __init__(self, cells: list[tuple[str, str]]):
        self.cells = cells
        listed = "; ".join(f"{city} / {ind}" for city, ind in cells)
        super().__init__(
            f"{len(cells)} missing value(s): {listed}. "
            "Choose missing='mean', 'min' or 'drop_indicator' to go on."
        )


def handle_missing(
    raw: pd.DataFrame, policy: MissingPolicy, negatives: tuple[str, ...] = ()
) -> tuple[pd.DataFrame, list[str]]:
    """Return the table with no NaN and one note per decision (imputed cell or dropped indicator)."""
    holes = raw.isna()
    if not holes.any().any():
        return raw, []
    stacked = holes.stack()
    cells = [(str(c), str(i)) for c, i in stacked[stacked].index]
    if policy == "error":
        raise MissingValueError(cells)
    if policy == "drop_indicator":
        dropped = [c for c in raw.columns if holes[c].any()]
        notes = [
            f"dropped indicator {c} (missing for {', '.join(map(str, raw.index[holes[c]]))})" for c in dropped
        ]
        return raw.drop(columns=dropped), notes
    empty = [c for c in raw.columns if holes[c].all()]
    if empty:
        raise ValueError(
            f"no city has a value for {', '.join(empty)}; nothing to impute from (use drop_indicator)"
        )
    if policy == "mean":
        fill = raw.mean()
        how = "mean"
    else:
        lower_better = raw.columns.isin(list(negatives))
        fill = raw.min().where(~lower_better, raw.max())
        how = "worst observed value"
    filled = raw.fillna(fill)
    notes = [f"imputed {city} / {ind} = {fill[ind]:.6g} ({how} of the other cities)" for city, ind in cells]
    return filled, notes
