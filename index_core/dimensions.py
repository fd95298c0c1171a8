"""The index's five rank dimensions (total + four first-level indicators) and their names.

One table of names so every module, language and chart speaks of the same dimension the same way. Each
first-level dimension maps a rank column of the schema to its Table 1 name; its English name and its
second-level names come from data/ (`index_core.vocabulary.names()`).
"""

from __future__ import annotations

from dataclasses import dataclass

from index_core.vocabulary import names


@dataclass(frozen=True)
class Dimension:
    key: str
    column: str  # column in rankings.csv
    zh: str  # short Chinese name as used in data/ (without the 人工智能 prefix)
    en: str
    level2: tuple[str, ...] = ()

    @property
    def zh_full(self) -> str:
        return self.zh if self.key == "total" else f"人工智能{self.zh}"


def _first_level(key: str, column: str, zh: str) -> Dimension:
    """A first-level indicator, its English name and second-level names from Table 1 (data/indicators.csv)."""
    return Dimension(key, column, zh, names().english(zh) or zh, names().level2_of(zh))


TOTAL = Dimension("total", "total_rank", "总指数", "Overall index")
ENV = _first_level("env", "env_rank", "环境支撑力")
RESOURCE = _first_level("resource", "resource_rank", "资源支持力")
KNOWLEDGE = _first_level("knowledge", "knowledge_rank", "知识创造力")
OUTCOME = _first_level("outcome", "outcome_rank", "发展成效")

DIMENSIONS: tuple[Dimension, ...] = (TOTAL, ENV, RESOURCE, KNOWLEDGE, OUTCOME)
FIRST_LEVEL: tuple[Dimension, ...] = (ENV, RESOURCE, KNOWLEDGE, OUTCOME)
RANK_COLUMNS: tuple[str, ...] = tuple(d.column for d in DIMENSIONS)

LEVEL2_TO_LEVEL1: dict[str, str] = {name: d.zh for d in FIRST_LEVEL for name in d.level2}
LEVEL2_EN: dict[str, str] = {i.level2: i.level2_en for i in names().indicators}


def dimension(name: str) -> Dimension:
    """Look a dimension up by key, column, Chinese (with or without 人工智能) or English name."""
    wanted = name.strip().lower().removeprefix("人工智能")
    for d in DIMENSIONS:
        if wanted in {d.key, d.column, d.zh.lower(), d.en.lower()}:
            return d
    raise KeyError(f"unknown dimension {name!r}; expected one of {[d.zh for d in DIMENSIONS]}")
