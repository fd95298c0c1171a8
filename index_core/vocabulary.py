"""The report's names, read once from data/: the sample cities with their aliases, and Table 1's indicator tree.

The one place these names come from. Modules that need the 20 cities, a city's English name, the dimension
names or the indicator tree ask here instead of keeping their own copy. Read with the csv module (no pandas,
no validation) so light modules (passage splitting, the BM25 tokenizer, the engine's templates) can use it
before or without a full `load_report()`.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from index_core.paths import data_dir

DATA_DIR = data_dir()  # a checkout's data/, else the wheel's packaged copy, or CITY_AI_DATA_DIR


@dataclass(frozen=True)
class CityName:
    city: str  # the short Chinese name used everywhere in data/ (苏州)
    full_name: str  # 苏州市
    name_en: str  # Suzhou
    aliases: tuple[str, ...]
    category: str  # the report's sample group: 试验区城市 / 省会城市 / 计划单列市
    profiled: bool  # has a chapter-three profile and a policy table

    @property
    def forms(self) -> tuple[str, ...]:
        """Every way data/ spells the city, the short name first."""
        return tuple(dict.fromkeys([self.city, self.full_name, self.name_en, *self.aliases]))


@dataclass(frozen=True)
class Indicator:
    """One row of Table 1 (third-level indicator with its parents and unit)."""

    no: int
    level1: str
    level1_en: str
    level2: str
    level2_en: str
    level3: str
    level3_en: str
    unit: str


@dataclass(frozen=True)
class Names:
    cities: tuple[CityName, ...]
    indicators: tuple[Indicator, ...]
    publishers: tuple[str, ...] = ()  # the report's two publishers, full and short names (data/metadata.csv)

    @property
    def sample(self) -> tuple[str, ...]:
        """The 20 sample cities in data/cities.csv order (Table 2 order)."""
        return tuple(c.city for c in self.cities)

    @property
    def level1(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(i.level1 for i in self.indicators))

    @property
    def level2(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(i.level2 for i in self.indicators))

    def level2_of(self, level1: str) -> tuple[str, ...]:
        return tuple(dict.fromkeys(i.level2 for i in self.indicators if i.level1 == level1))

    def parent_of(self, level3: str) -> str | None:
        """The second-level indicator a third-level measure belongs to (组织环境 for 地方行业组织数量): the report
        names leading cities per second-level indicator, never per measure."""
        parents = {i.level2 for i in self.indicators if i.level3 == level3}
        return parents.pop() if len(parents) == 1 else None

    def english(self, zh_name: str) -> str | None:
        """The English name of a city, first- or second-level indicator, or third-level indicator."""
        for c in self.cities:
            if zh_name in (c.city, c.full_name):
                return c.name_en
        for i in self.indicators:
            for zh, en in ((i.level1, i.level1_en), (i.level2, i.level2_en), (i.level3, i.level3_en)):
                if zh_name == zh:
                    return en
        return None

    def city(self, short: str) -> CityName | None:
        return next((c for c in self.cities if c.city == short), None)


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return [{k: (v or "").strip() for k, v in row.items()} for row in csv.DictReader(handle)]


@cache
def names(data_dir: Path = DATA_DIR) -> Names:
    """data/cities.csv and data/indicators.csv as names (OSError if data/ is missing: callers report it)."""
    cities = tuple(
        CityName(
            city=r["city"],
            full_name=r.get("full_name", "") or r["city"] + "市",
            name_en=r.get("name_en", ""),
            aliases=tuple(a.strip() for a in r.get("aliases", "").split(";") if a.strip()),
            category=r.get("category", ""),
            profiled=r.get("profiled", "") == "yes",
        )
        for r in _rows(Path(data_dir) / "cities.csv")
        if r.get("city")
    )
    indicators = tuple(
        Indicator(
            no=int(r["no"]),
            level1=r["level1"],
            level1_en=r.get("level1_en", ""),
            level2=r["level2"],
            level2_en=r.get("level2_en", ""),
            level3=r["level3"],
            level3_en=r.get("level3_en", ""),
            unit=r.get("unit", ""),
        )
        for r in _rows(Path(data_dir) / "indicators.csv")
        if r.get("no")
    )
    publishers = tuple(
        r["value"]
        for r in _rows(Path(data_dir) / "metadata.csv")
        if re.fullmatch(r"publisher_\d+(?:_short)?", r.get("key", "")) and r.get("value")
    )
    return Names(cities, indicators, publishers)
