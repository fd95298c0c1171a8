"""The index domain: the report's published tables, validated, and pure functions over them."""

from index_core.dimensions import DIMENSIONS, FIRST_LEVEL, Dimension, dimension
from index_core.errors import DataValidationError, Problem, UnknownCityError
from index_core.report import Report, load_report, load_report_from

__all__ = [
    "DIMENSIONS",
    "FIRST_LEVEL",
    "DataValidationError",
    "Dimension",
    "Problem",
    "Report",
    "UnknownCityError",
    "dimension",
    "load_report",
    "load_report_from",
]
