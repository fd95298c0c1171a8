"""normalise → weight → aggregate up the tree → rank: the 综合指数分析法 as one pure function."""

from __future__ import annotations

import pandas as pd

from index_core.engine.aggregate import aggregate
from index_core.engine.config import IndexConfig
from index_core.engine.missing import handle_missing
from index_core.engine.normalise import normalise
from index_core.engine.ranking import rank_scores
from index_core.engine.result import TOTAL, IndexResult
from index_core.engine.tree import canonical, validate_tree
from index_core.engine.weights import weight_table


def align_columns(raw: pd.DataFrame, tree: pd.DataFrame) -> pd.DataFrame:
    """Raw columns renamed to the tree's third-level names (whitespace-insensitive) and put in tree order."""
    by_name = {canonical(c): c for c in raw.columns}
    wanted = list(tree["level3"])
    missing = [n for n in wanted if n not in by_name]
    extra = [c for k, c in by_name.items() if k not in set(wanted)]
    if missing or extra:
        parts = [f"missing column(s): {', '.join(missing)}"] if missing else []
        parts += [f"unknown column(s): {', '.join(map(str, extra))}"] if extra else []
        raise ValueError("raw data does not match the indicator tree; " + "; ".join(parts))
    aligned = raw[[by_name[n] for n in wanted]]
    aligned.columns = wanted
    return aligned.apply(pd.to_numeric, errors="raise").astype(float)


def compute_index(raw: pd.DataFrame, tree: pd.DataFrame, config: IndexConfig | None = None) -> IndexResult:
    """Scores and ranks of every city at every level of `tree`, from `raw` (cities x level-3 indicators)."""
    config = config or IndexConfig()
    tree = validate_tree(tree)
    negatives = tuple(canonical(n) for n in config.negatives)
    unknown = sorted(set(negatives) - set(tree["level3"]))
    if unknown:
        raise ValueError(f"negative indicator(s) not in the tree: {', '.join(unknown)}")
    data, notes = handle_missing(align_columns(raw, tree), config.missing, negatives)
    tree = tree[tree["level3"].isin(data.columns)]
    if tree.empty:
        raise ValueError("no indicator left after handling missing values")
    if len(data) < 2:
        notes.append("fewer than 2 cities: normalised values are degenerate")

    scheme = config.weight_mapping if config.weight_mapping is not None else config.weights
    weights, weight_notes = weight_table(tree, scheme, data, negatives)
    notes += weight_notes

    level3 = normalise(data, config.normalisation, negatives)
    inputs = level3
    if config.aggregation == "geometric":
        floored = level3 < config.geometric_floor
        if floored.any().any():
            notes.append(
                f"geometric mean: {int(floored.sum().sum())} normalised value(s) below "
                f"{config.geometric_floor:g} raised to it (log of 0 is undefined)"
            )
        inputs = level3.clip(lower=config.geometric_floor)

    w = weights.set_index("level3")
    level2 = aggregate(inputs, w["w_level3"], w["level2"], config.aggregation)
    n2 = weights.drop_duplicates("level2").set_index("level2")
    level1 = aggregate(level2, n2["w_level2"], n2["level1"], config.aggregation)
    n1 = weights.drop_duplicates("level1").set_index("level1")
    total = aggregate(level1, n1["w_level1"], pd.Series(TOTAL, index=n1.index), config.aggregation)

    scores = {"level3": level3, "level2": level2, "level1": level1, "total": total}
    ranks = {level: rank_scores(frame, config.ties) for level, frame in scores.items()}
    return IndexResult(config=config, scores=scores, ranks=ranks, weights=weights, notes=tuple(notes))
