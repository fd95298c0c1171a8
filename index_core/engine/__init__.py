"""Composite-index engine: recompute the report's 综合指数 from raw indicators under explicit choices.

The rank-based what-if tools for the report's own Table 2 live in `index_core.engine.whatif` (not imported
here, so the compute CLI does not pay for importing plotly).
"""

from index_core.engine.compute import align_columns, compute_index
from index_core.engine.config import IndexConfig
from index_core.engine.missing import MissingValueError, handle_missing
from index_core.engine.normalise import minmax, normalise, rank_score, zscore
from index_core.engine.ranking import rank_scores
from index_core.engine.result import LEVELS, IndexResult
from index_core.engine.tree import SAMPLE_CITIES, load_tree, report_tree, template_frame, validate_tree
from index_core.engine.weights import entropy_weights, weight_table

__all__ = [
    "LEVELS",
    "SAMPLE_CITIES",
    "IndexConfig",
    "IndexResult",
    "MissingValueError",
    "align_columns",
    "compute_index",
    "entropy_weights",
    "handle_missing",
    "load_tree",
    "minmax",
    "normalise",
    "rank_score",
    "rank_scores",
    "report_tree",
    "template_frame",
    "validate_tree",
    "weight_table",
    "zscore",
]
