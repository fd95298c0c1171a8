"""What every answer composer gets: the report, the parsed query, passage search, and bilingual wording helpers."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import pandas as pd

from assistant.citations import SOURCES_RULE, Citations
from assistant.numerals import ordinal
from assistant.reply import Reply, Source
from assistant.understanding.query import Query
from index_core.dimensions import LEVEL2_EN, Dimension
from index_core.report import Report

PassageSearch = Callable[..., list[Source]]
MONTHS_EN = "January February March April May June July August September October November December".split()
# The report's three sample groups, as an English reader knows them.
GROUP_EN = {
    "试验区城市": "national AI pilot-zone city",
    "省会城市": "provincial capital",
    "计划单列市": "separately planned city",
}
# ... and as a group of cities ("among the report's sample group “pilot-zone cities”").
GROUPS_EN = {
    "试验区城市": "pilot-zone cities",
    "省会城市": "provincial capitals",
    "计划单列市": "separately planned cities",
}


@dataclass
class Context:
    report: Report
    query: Query
    search: PassageSearch
    cites: Citations = field(default_factory=Citations)
    passages: list[Source] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def lang(self) -> str:
        return self.query.language

    @property
    def en(self) -> bool:
        return self.lang == "en"

    def t(self, zh: str, en: str) -> str:
        """Pick the wording for the question's language."""
        return en if self.en else zh

    def city(self, name: str) -> str:
        """A city as shown: 苏州 in Chinese answers, Suzhou (苏州) in English ones."""
        if not self.en:
            return name
        english = self.report.english_names
        return f"{english[name]} ({name})" if name in english else name

    def dim(self, d: Dimension) -> str:
        return d.en if self.en else d.zh

    def dim_name(self, zh_name: str) -> str:
        """A first- or second-level indicator name in the answer's language."""
        if not self.en:
            return zh_name
        from index_core.dimensions import DIMENSIONS

        for d in DIMENSIONS:
            if d.zh == zh_name:
                return d.en
        return LEVEL2_EN.get(zh_name, zh_name)

    def group(self, category: str) -> str:
        """A sample group (cities.csv category) in the answer's language."""
        return GROUP_EN.get(category, category) if self.en else category

    def group_plural(self, category: str) -> str:
        """A sample group as a group of cities ("the provincial capitals")."""
        return GROUPS_EN.get(category, category) if self.en else category

    def table_name(self, name: str) -> str:
        """'表11' as 'Table 11' in English answers."""
        return name.replace("表", "Table ") if self.en else name

    def month(self, year: int, month: int) -> str:
        """A policy date as the report prints it (2019年5月), or in English (May 2019)."""
        return self.t(f"{int(year)}年{int(month)}月", f"{MONTHS_EN[int(month) - 1]} {int(year)}")

    def rank(self, value: int) -> str:
        return ordinal(int(value)) if self.en else f"第{value}名"

    def find_passages(
        self,
        text: str,
        *,
        k: int = 3,
        city: str | None = None,
        dimension: str | None = None,
        kind: str | None = None,
    ) -> list[Source]:
        """Retrieve candidate passages; only those quoted or `use`d become the answer's sources."""
        try:
            return self.search(text, k=k, city=city, dimension=dimension, kind=kind)
        except Exception as exc:  # retrieval must never take an answer down: the numbers stand on their own
            self.notes.append(f"passage retrieval unavailable: {type(exc).__name__}")
            return []

    def city_passages(self, city: str, text: str, k: int = 6) -> tuple[list[Source], list[Source]]:
        """A city's profile opening paragraph (found by its place in the report, not by search) and the
        passages that best match `text` among the rest of its profile."""
        from assistant.retrieval.passages import load_passages

        heading = self.report.cities.loc[self.report.cities["city"] == city, "profile_heading"]
        heading = str(heading.iloc[0]) if len(heading) and str(heading.iloc[0]) else None
        intro = [
            Source(p["id"], p["section"], p.get("page"), p.get("city"), p["text"])
            for p in load_passages()
            if heading and p["section"].endswith(heading) and p.get("kind") == "prose"
        ]
        ids = {s.id for s in intro}
        return intro, [s for s in self.find_passages(text, k=k, city=city, kind="prose") if s.id not in ids]

    def use(self, sources: list[Source]) -> None:
        """Record passages as this answer's sources (once each)."""
        for source in sources:
            if source.id not in {p.id for p in self.passages}:
                self.passages.append(source)

    def quote_block(self, sources: list[Source], limit: int = 2, chars: int = 220) -> str:
        """Report passages quoted as Markdown block quotes with their section and page."""
        blocks = []
        self.use(sources[:limit])
        for source in sources[:limit]:
            text = source.text if len(source.text) <= chars else source.text[:chars].rstrip() + "…"
            page = self.t(f"，第{source.page}页", f", p.{source.page}") if source.page else ""
            blocks.append(f"> {text}\n>\n> — {source.section}{page} [{source.id}]")
        return "\n\n".join(blocks)

    def reply(
        self,
        intent: str,
        body: str,
        *,
        cities: list[str] | None = None,
        table: pd.DataFrame | None = None,
        chart=None,
    ) -> Reply:
        """Finish an answer: append the numbered sources and carry facts, passages and notes along."""
        text = body.strip() + self.cites.render(self.lang, self.passages)
        return Reply(
            text=text,
            intent=intent,
            cities=list(cities or []),
            table=table,
            chart=chart,
            sources=list(self.passages),
            facts=self.cites.facts,
            language=self.lang,
            notes=list(self.notes),
        )


def fmt_value(row) -> str:
    """A fact's value as the report prints it, with its qualifier and unit (超过1000亿元, 300余个, 三万个以上)."""
    qualifier = str(row.get("qualifier", "") or "")
    value = str(row["value"])
    unit = str(row.get("unit", "") or "")
    if qualifier in ("余", "多"):
        return f"{value}{qualifier}{unit}"
    if qualifier in ("以上", "左右"):
        return f"{value}{unit}{qualifier}"
    if qualifier == "前":
        return f"{qualifier}{value}"
    if unit in ("名", "位") and not qualifier and "rank" in str(row.get("metric", "")):
        return f"第{value}{unit}"  # a place (GDP 排第四名), not a head count (63名学者)
    return f"{qualifier}{value}{unit}"


def joined(replies: list[Reply]) -> Reply:
    """Several answers composed on one context as one reply: their bodies in order (one said twice, once), then
    the last one's sources, which list every citation (the numbering runs on through the context)."""
    last = replies[-1]
    bodies = [r.text.partition(SOURCES_RULE)[0].strip() for r in replies]
    sources = last.text.partition(SOURCES_RULE)[2]
    last.text = "\n\n".join(dict.fromkeys(bodies)) + (SOURCES_RULE + sources if sources else "")
    last.cities = list(dict.fromkeys(c for r in replies for c in r.cities))
    return last
