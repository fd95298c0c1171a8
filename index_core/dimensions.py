"""The index's five rank dimensions (total + four first-level indicators) and their names.

One table of names so every module, language and chart speaks of the same dimension the same way.
"""

from __future__ import annotations

from dataclasses import dataclass


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


TOTAL = Dimension("total", "total_rank", "总指数", "Overall index")
ENV = Dimension(
    "env", "env_rank", "环境支撑力", "Environment support", ("政策环境", "经济环境", "研发环境", "组织环境")
)
RESOURCE = Dimension(
    "resource", "resource_rank", "资源支持力", "Resource support", ("资金支持", "算力支持", "载体支持")
)
KNOWLEDGE = Dimension(
    "knowledge", "knowledge_rank", "知识创造力", "Knowledge creation", ("知识储备", "科研成果")
)
OUTCOME = Dimension(
    "outcome", "outcome_rank", "发展成效", "Development outcomes", ("企业规模", "创新发展", "产业覆盖度")
)

DIMENSIONS: tuple[Dimension, ...] = (TOTAL, ENV, RESOURCE, KNOWLEDGE, OUTCOME)
FIRST_LEVEL: tuple[Dimension, ...] = (ENV, RESOURCE, KNOWLEDGE, OUTCOME)
RANK_COLUMNS: tuple[str, ...] = tuple(d.column for d in DIMENSIONS)

LEVEL2_TO_LEVEL1: dict[str, str] = {name: d.zh for d in FIRST_LEVEL for name in d.level2}
LEVEL2_EN: dict[str, str] = {
    "政策环境": "Policy environment",
    "经济环境": "Economic environment",
    "研发环境": "R&D environment",
    "组织环境": "Organisational environment",
    "资金支持": "Funding support",
    "算力支持": "Computing-power support",
    "载体支持": "Carrier (park/incubator) support",
    "知识储备": "Knowledge reserve",
    "科研成果": "Research output",
    "企业规模": "Enterprise scale",
    "创新发展": "Innovative development",
    "产业覆盖度": "Industry-chain coverage",
}


def dimension(name: str) -> Dimension:
    """Look a dimension up by key, column, Chinese (with or without 人工智能) or English name."""
    wanted = name.strip().lower().removeprefix("人工智能")
    for d in DIMENSIONS:
        if wanted in {d.key, d.column, d.zh.lower(), d.en.lower()}:
            return d
    raise KeyError(f"unknown dimension {name!r}; expected one of {[d.zh for d in DIMENSIONS]}")
