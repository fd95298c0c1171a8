"""lexicon.toml read once: synonyms for the vocabulary, and the guard words (injection, off-topic)."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

LEXICON_PATH = Path(__file__).with_name("lexicon.toml")


@dataclass(frozen=True)
class Cue:
    """A guard word: a plain case-insensitive substring, or a regular expression written "re:..."."""

    text: str
    pattern: re.Pattern[str] | None

    def search(self, lowered: str) -> bool:
        if self.pattern is not None:
            return self.pattern.search(lowered) is not None
        return self.text in lowered


def cues(entries: list[str]) -> tuple[Cue, ...]:
    """Plain Chinese entries match as substrings; plain Latin ones at a word start; "re:" ones as written."""
    out = []
    for e in entries:
        if e.startswith("re:"):
            out.append(Cue(e, re.compile(e[3:], re.IGNORECASE)))
        elif e.isascii() and e[:1].isalpha():
            out.append(Cue(e.lower(), re.compile(r"(?<![a-z])" + re.escape(e.lower()))))
        else:
            out.append(Cue(e.lower(), None))
    return tuple(out)


@dataclass(frozen=True)
class Lexicon:
    operation_cues: dict[str, tuple[Cue, ...]]
    injection: tuple[Cue, ...]
    out_of_scope: tuple[Cue, ...]
    dimensions: dict[str, list[str]]
    level2: dict[str, list[str]]
    groups: dict[str, list[str]]
    other_places_zh: list[str]
    other_places_en: list[str]
    follow_up_add: tuple[Cue, ...]
    topic_words: dict[str, list[str]]
    metric_words: dict[str, list[str]]
    city_sets: dict[str, list[str]]  # a word standing for several sample cities ('北上广深')
    region_sets: dict[
        str, list[str]
    ]  # a region of China as commonly drawn ('西部', 'northeastern'), read with a guard
    # a figure the report gives for some cities in place of another (Beijing: all AI financing, not PE/VC money)
    related_metrics: dict[str, list[str]]
    related_topics: dict[str, list[str]]  # policy topics read alike ("pilot zone": 试验区 or 先导区)
    level2_figures: dict[str, list[str]]  # the facts.csv metrics that measure a second-level indicator
    publisher_words: list[
        str
    ]  # other ways to name the publishers data/metadata.csv names ("上奇", "Shangqi")


def _lower(table: dict[str, list[str]]) -> dict[str, list[str]]:
    return {k: [t.lower() for t in v] for k, v in table.items()}


@cache
def lexicon() -> Lexicon:
    raw = tomllib.loads(LEXICON_PATH.read_text(encoding="utf-8"))
    return Lexicon(
        operation_cues={k: cues(v["cues"]) for k, v in raw.get("cues", {}).items()},
        injection=cues(raw["injection"]["cues"]),
        out_of_scope=cues(raw["out_of_scope"]["cues"]),
        dimensions=_lower(raw["dimensions"]),
        level2=_lower(raw["level2"]),
        groups=_lower(raw.get("groups", {})),
        other_places_zh=list(raw["other_places"]["zh"]),
        other_places_en=[p.lower() for p in raw["other_places"]["en"]],
        follow_up_add=cues(raw["followup"]["add"]),
        topic_words=_lower(raw.get("topics", {})),
        metric_words=_lower(raw.get("metrics", {})),
        city_sets={k: list(v) for k, v in raw.get("city_sets", {}).items()},
        region_sets={k.lower(): list(v) for k, v in raw.get("region_sets", {}).items()},
        related_metrics={k: list(v) for k, v in raw.get("related_metrics", {}).items()},
        related_topics={k: list(v) for k, v in raw.get("related_topics", {}).items()},
        level2_figures={k: list(v) for k, v in raw.get("level2_figures", {}).items()},
        publisher_words=[w.lower() for w in raw.get("publishers", {}).get("words", [])],
    )
