"""Question understanding: entities (cities, dimensions, indicators, metrics, years, N) and the intent.

Intent scores come from the cue lexicon in lexicon.toml plus the slots found in the question; follow-ups
("那广州呢？", "它的政策呢？", "再加上深圳") borrow what is missing from earlier user turns.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path

import pandas as pd

from assistant.numerals import chinese_number
from assistant.text import MAX_QUESTION_CHARS, clean, language_of
from index_core.dimensions import DIMENSIONS, Dimension
from index_core.report import Report

LEXICON_PATH = Path(__file__).with_name("lexicon.toml")
_EN_NUMBERS = {
    w: i
    for i, w in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen twenty".split()
    )
}
_EN_NUMBER_WORDS = re.compile(
    r"(?<![a-z])(" + "|".join(sorted(_EN_NUMBERS, key=len, reverse=True)) + r")(?![a-z])"
)
NEEDS_ONE_CITY = {"explain", "rank", "profile", "city_dimension", "policies", "whatif", "stability"}
_NOT_IN_PLACE_NAMES = set("哪些个城的是各该其每全本样等级辖列会大小中几有在和与及或比")


@dataclass(frozen=True)
class Cue:
    text: str
    pattern: re.Pattern[str] | None

    def search(self, lowered: str) -> re.Match[str] | None | bool:
        if self.pattern is not None:
            return self.pattern.search(lowered)
        return self.text in lowered


def _cues(entries: list[str]) -> list[Cue]:
    out = []
    for entry in entries:
        if entry.startswith("re:"):
            out.append(Cue(entry, re.compile(entry[3:], re.IGNORECASE)))
        else:
            out.append(Cue(entry.lower(), None))
    return out


@dataclass(frozen=True)
class Lexicon:
    intents: dict[str, tuple[float, list[Cue]]]
    injection: list[Cue]
    out_of_scope: list[Cue]
    dimensions: dict[str, list[str]]
    level2: dict[str, list[str]]
    other_places_zh: list[str]
    other_places_en: list[str]
    follow_up_add: list[Cue]
    topic_words: dict[str, list[str]]
    metric_words: dict[str, list[str]]


@cache
def lexicon() -> Lexicon:
    raw = tomllib.loads(LEXICON_PATH.read_text(encoding="utf-8"))
    return Lexicon(
        intents={k: (float(v.get("weight", 1.0)), _cues(v["cues"])) for k, v in raw["intents"].items()},
        injection=_cues(raw["injection"]["cues"]),
        out_of_scope=_cues(raw["out_of_scope"]["cues"]),
        dimensions={k: [t.lower() for t in v] for k, v in raw["dimensions"].items()},
        level2={k: [t.lower() for t in v] for k, v in raw["level2"].items()},
        other_places_zh=raw["other_places"]["zh"],
        other_places_en=[p.lower() for p in raw["other_places"]["en"]],
        follow_up_add=_cues(raw["followup"]["add"]),
        topic_words={k: [w.lower() for w in v] for k, v in raw.get("topics", {}).items()},
        metric_words={k: [w.lower() for w in v] for k, v in raw.get("metrics", {}).items()},
    )


@dataclass(frozen=True)
class Query:
    """What the question asks, as slots. Empty slots may be filled from history."""

    text: str
    language: str
    intent: str
    cities: list[str] = field(default_factory=list)
    dimension: Dimension | None = None
    level2: str | None = None
    metrics: list[str] = field(default_factory=list)
    year: int | None = None
    n: int | None = None
    order: str = "top"  # or "bottom"
    rank_range: tuple[int, int] | None = None
    metric_words: list[str] = field(default_factory=list)  # the words that named the metrics (独角兽)
    topic: str | None = None
    unknown_places: list[str] = field(default_factory=list)
    fuzzy: list[str] = field(default_factory=list)  # surface forms matched fuzzily ("苏洲")
    scores: dict[str, float] = field(default_factory=dict)
    follow_up: bool = False
    problem: str | None = None  # empty / too-long / injection / out-of-scope


def _find_terms(lowered: str, table: dict[str, list[str]]) -> list[tuple[int, str]]:
    """(position, key) of each key whose term occurs, the longest term winning at a position."""
    hits: list[tuple[int, int, str]] = []
    for key, terms in table.items():
        for term in terms:
            if re.fullmatch(r"[a-z ]+", term):
                match = re.search(rf"(?<![a-z]){re.escape(term)}(?![a-z])", lowered)
                pos = match.start() if match else -1
            else:
                pos = lowered.find(term)
            if pos >= 0:
                hits.append((pos, -len(term), key))
    hits.sort()
    taken: list[tuple[int, int]] = []
    found: list[tuple[int, str]] = []
    for pos, neg_len, key in hits:
        end = pos - neg_len
        if all(end <= s or pos >= e for s, e in taken) and key not in [k for _, k in found]:
            taken.append((pos, end))
            found.append((pos, key))
    return found


class Understanding:
    """Parses questions against the report's vocabulary (cities, indicators, fact metrics) and the lexicon."""

    def __init__(self, report: Report):
        self.report = report
        self.lex = lexicon()
        self.metric_terms = _metric_terms(report.facts, self.lex.metric_words)
        self.topics = _policy_topics(report.policies)

    # ---- slots -------------------------------------------------------------------------------------------
    def _dimension(self, lowered: str) -> Dimension | None:
        """First-level dimension named in the question, ignoring words inside second-level names (组织环境)."""
        for terms in self.lex.level2.values():
            for term in terms:
                lowered = lowered.replace(term, " " * len(term))
        found = _find_terms(lowered, self.lex.dimensions)
        keyed = {d.key: d for d in DIMENSIONS}
        non_total = [k for _, k in found if k != "total"]
        if non_total:
            return keyed[non_total[0]]
        return keyed["total"] if found else None

    def _level2(self, lowered: str) -> str | None:
        found = _find_terms(lowered, self.lex.level2)
        return found[0][1] if found else None

    def _metrics(self, lowered: str) -> list[str]:
        return [key for _, key in _find_terms(lowered, self.metric_terms)]

    def _metric_words(self, lowered: str, metrics: list[str]) -> list[str]:
        return [t for m in metrics for t in self.metric_terms.get(m, []) if t in lowered]

    @staticmethod
    def _year(text: str) -> int | None:
        match = re.search(r"(20[12]\d)\s*年?", text)
        return int(match.group(1)) if match else None

    @staticmethod
    def _rank_range(text: str) -> tuple[int, int] | None:
        """'第4到第6', '4-6名', 'ranks 4 to 6', '4th to 6th' as (4, 6)."""
        num = r"(\d+|[一二三四五六七八九十两]+)"
        for pattern in (
            rf"第\s*{num}\s*(?:名|位)?\s*(?:到|至|-|~|—)\s*第?\s*{num}",
            rf"{num}\s*(?:-|~|—|到|至)\s*{num}\s*(?:名|位)",
            r"(?:ranks?|places?|positions?)\s*(\d+)\s*(?:to|-|through)\s*(\d+)",
            r"(\d+)(?:st|nd|rd|th)\s*(?:to|-|through)\s*(\d+)(?:st|nd|rd|th)",
        ):
            match = re.search(pattern, text.lower())
            if match:
                low, high = chinese_number(match.group(1)), chinese_number(match.group(2))
                if low and high and 1 <= low <= high <= 20:
                    return low, high
        return None

    @staticmethod
    def _n(text: str) -> tuple[int | None, str]:
        lowered = _EN_NUMBER_WORDS.sub(lambda m: str(_EN_NUMBERS[m.group(0)]), text.lower())
        for pattern, order in (
            (r"前\s*(\d+|[一二三四五六七八九十两]+)\s*(?:名|位|强|个|座)?", "top"),
            (r"(?<![a-z])top\s*-?\s*(\d+)", "top"),
            (r"(?:后|倒数)\s*(\d+|[一二三四五六七八九十两]+)\s*(?:名|位|个|座)?", "bottom"),
            (r"(?<![a-z])(?:bottom|last)\s*-?\s*(\d+)", "bottom"),
            (r"(?<![a-z])(?:first|leading)\s+(\d+)", "top"),
            (r"(?<![a-z])(?:which|name|list|top|the)\s+(1?\d)\s+(?:\w+\s+)?(?:cities|ones)\b", "top"),
        ):
            match = re.search(pattern, lowered)
            if match:
                return chinese_number(match.group(1)), order
        bottom_words = (
            "最低",
            "最弱",
            "最差",
            "最少",
            "垫底",
            "倒数",
            "lowest",
            "weakest",
            "worst",
            "bottom",
            "last",
        )
        order = "bottom" if any(w in lowered for w in bottom_words) else "top"
        return None, order

    def _unknown_places(self, text: str, lowered: str, known_spans: list[tuple[int, int]]) -> list[str]:
        found = [p for p in self.lex.other_places_zh if p in text]
        found += [
            p for p in self.lex.other_places_en if re.search(rf"(?<![a-z]){re.escape(p)}(?![a-z])", lowered)
        ]
        for match in re.finditer(r"([\u4e00-\u9fff]{2,3})市", text):
            name = match.group(1)
            if any(ch in _NOT_IN_PLACE_NAMES for ch in name):
                continue  # 哪个城市, 地级市, 计划单列市: words, not places
            if (
                self.report.resolver.try_resolve(name) is None
                and name + "市" not in found
                and name not in found
            ):
                found.append(name + "市")
        return found

    def _topic(self, lowered: str) -> str | None:
        for topic in self.topics:
            if topic.lower() in lowered:
                return topic
        for topic, words in self.lex.topic_words.items():
            if any(re.search(rf"(?<![a-z]){re.escape(w)}", lowered) for w in words):
                return topic
        return None

    # ---- intent ------------------------------------------------------------------------------------------
    def _intent_scores(self, lowered: str, slots: dict) -> dict[str, float]:
        scores: dict[str, float] = {}
        for intent, (weight, cues) in self.lex.intents.items():
            matched = [cue.text for cue in cues if cue.search(lowered)]
            # A cue inside a longer matched cue (样本 in 样本城市) is the same evidence, counted once.
            hits = sum(1 for m in matched if not any(m != other and m in other for other in matched))
            if hits:
                scores[intent] = weight * hits
        n_cities = len(slots["cities"])
        if n_cities >= 2:
            scores["compare"] = scores.get("compare", 0) + 2.0
        if slots["metrics"]:
            scores["fact"] = scores.get("fact", 0) + 2.5
        if slots["dimension"] is not None or slots["level2"] is not None:
            scores["rank"] = scores.get("rank", 0) + 0.5
            if n_cities == 1:
                scores["city_dimension"] = scores.get("city_dimension", 0) + 1.2
        if (
            n_cities == 0
            and "top" in scores
            and (slots["dimension"] is not None or slots["level2"] is not None)
        ):
            scores["top"] += 1.0
        if "policies" in scores and slots.get("topic"):
            scores["policies"] += 1.0
        for intent in ("method", "indicators"):  # about the report itself, rarely about one city
            if intent in scores:
                scores[intent] += 1.0 if n_cities == 0 else -1.0
        if slots.get("rank_range"):
            scores["top"] = scores.get("top", 0) + 2.0
        if n_cities == 1 and not scores:
            scores["profile"] = 1.0
        return scores

    @staticmethod
    def _choose(scores: dict[str, float], slots: dict) -> str:
        if not scores:
            return "unknown"
        n_cities = len(slots["cities"])
        # Consistency with the slots: some intents need cities, some need none.
        if n_cities < 2 and "compare" in scores and not slots.get("follow_up_add"):
            scores = {k: v - 1.0 if k == "compare" else v for k, v in scores.items()}
        if n_cities == 0 and "policies" in scores and "top" in scores:
            scores["policies"] += scores.pop(
                "top"
            )  # "哪个城市的政策最多": a question about the policy tables
        if slots["metrics"] and "top" in scores:
            scores["fact_max"] = scores.pop("top") + scores.get("fact", 0)
            scores.pop("fact", None)
        if n_cities >= 1 and "top" in scores and not slots["metrics"] and not slots.get("rank_range"):
            scores["top"] -= (
                1.0  # "苏州最强的是哪个维度" / "厦门是不是倒数的": about the city, not a leaderboard
            )
        priority = [
            "whatif",
            "stability",
            "policies",
            "explain",
            "recommendations",
            "indicators",
            "method",
            "compare",
            "fact_max",
            "fact",
            "top",
            "city_dimension",
            "rank",
            "profile",
            "help",
        ]
        best = max(scores.values())
        for intent in priority:
            if scores.get(intent) == best:
                return intent
        return max(scores, key=scores.get)

    # ---- public ------------------------------------------------------------------------------------------
    def parse(self, question: object, history: list[dict] | None = None) -> Query:
        text = clean(question)
        language = language_of(text)
        if not text:
            return Query(text="", language="zh", intent="invalid", problem="empty")
        if len(text) > MAX_QUESTION_CHARS:
            return Query(text=text[:80], language=language, intent="invalid", problem="too-long")
        lowered = text.lower()
        if any(c.search(lowered) for c in self.lex.injection):
            return Query(text=text, language=language, intent="invalid", problem="injection")
        mentions = self.report.resolver.find(text)
        cities = list(dict.fromkeys(m.city for m in mentions))
        spans = [(m.start, m.start + len(m.surface)) for m in mentions]
        n, order = self._n(text)
        slots = {
            "cities": cities,
            "dimension": self._dimension(lowered),
            "level2": self._level2(lowered),
            "metrics": self._metrics(lowered),
            "topic": self._topic(lowered),
            "rank_range": self._rank_range(text),
        }
        unknown = self._unknown_places(text, lowered, spans)
        scores = self._intent_scores(lowered, slots)
        query = Query(
            text=text,
            language=language,
            intent=self._choose(dict(scores), slots),
            cities=cities,
            dimension=slots["dimension"],
            level2=slots["level2"],
            metrics=slots["metrics"],
            metric_words=self._metric_words(lowered, slots["metrics"]),
            rank_range=slots["rank_range"],
            year=self._year(text),
            n=n,
            order=order,
            topic=slots["topic"],
            unknown_places=unknown,
            fuzzy=[m.surface for m in mentions if m.fuzzy],
            scores=scores,
        )
        report_cues = [k for k in scores if k not in ("profile", "help", "city_dimension", "rank")]
        about_report = slots["dimension"] or slots["level2"] or slots["metrics"] or report_cues
        if not about_report and any(c.search(lowered) for c in self.lex.out_of_scope):
            return replace(query, intent="invalid", problem="out-of-scope")
        return self._with_history(query, history or [])

    # ---- follow-ups --------------------------------------------------------------------------------------
    def _previous(self, history: list[dict]) -> Query | None:
        """The most recent earlier user question that parsed into a real intent."""
        for message in reversed(history):
            if message.get("role") != "user":
                continue
            content = message.get("content")
            if not isinstance(content, str):
                continue
            previous = self.parse(content, None)
            if previous.intent not in ("invalid", "unknown", "help"):
                return previous
        return None

    def _with_history(self, query: Query, history: list[dict]) -> Query:
        if not history:
            return query
        lowered = query.text.lower()
        is_add = any(cue.search(lowered) for cue in self.lex.follow_up_add)
        short = len(query.text) <= 20
        needs_city = (
            query.intent
            in (
                "policies",
                "rank",
                "explain",
                "profile",
                "city_dimension",
                "fact",
                "unknown",
                "whatif",
                "stability",
            )
            and not query.cities
        )
        bare_city = query.cities and (
            query.intent in ("unknown", "profile")
            or (short and re.search(r"呢|怎么样|如何|what about|how about|and\s", lowered))
        )
        if not (needs_city or bare_city or is_add):
            return query
        previous = self._previous(history)
        if previous is None:
            return query
        if previous.intent == "top" and not query.cities and (query.dimension or query.level2) and short:
            # "那发展成效呢？" after a top-5 question: the same list on another dimension
            return replace(query, intent="top", n=query.n or previous.n, order=previous.order, follow_up=True)
        if is_add and query.cities:
            cities = list(dict.fromkeys(previous.cities + query.cities))
            metrics = query.metrics or previous.metrics
            if metrics and previous.intent in ("fact", "fact_max"):
                intent = "fact"  # "再加上深圳" after a GDP question: the same figure for the cities named
            elif len(cities) >= 2:
                intent = "compare"
            else:
                intent = previous.intent if previous.intent in NEEDS_ONE_CITY else "profile"
            return replace(
                query,
                intent=intent,
                cities=cities,
                dimension=query.dimension or previous.dimension,
                metrics=metrics,
                metric_words=query.metric_words or previous.metric_words,
                year=query.year or previous.year,
                follow_up=True,
            )
        if bare_city:
            return replace(
                query,
                intent=previous.intent
                if previous.intent != "compare"
                else ("compare" if len(query.cities) > 1 else "profile"),
                dimension=query.dimension or previous.dimension,
                level2=query.level2 or previous.level2,
                metrics=query.metrics or previous.metrics,
                year=query.year or previous.year,
                topic=query.topic or previous.topic,
                follow_up=True,
            )
        # needs_city: "它的政策呢？" / "2021年的呢？" keep the earlier cities (and intent if none was recognised)
        intent = query.intent if query.intent != "unknown" else previous.intent
        return replace(
            query,
            intent=intent,
            cities=previous.cities,
            dimension=query.dimension or (previous.dimension if intent == previous.intent else None),
            level2=query.level2 or (previous.level2 if intent == previous.intent else None),
            metrics=query.metrics or (previous.metrics if intent == previous.intent else []),
            year=query.year or (previous.year if intent == previous.intent else None),
            follow_up=True,
        )


def _metric_terms(facts: pd.DataFrame, synonyms: dict[str, list[str]]) -> dict[str, list[str]]:
    """Words for each fact metric: its Chinese label from facts.csv plus the synonyms in the lexicon."""
    terms: dict[str, list[str]] = {}
    for metric, label in facts[["metric", "metric_zh"]].drop_duplicates("metric").itertuples(index=False):
        words = [str(label).lower()] + synonyms.get(metric, [])
        terms[metric] = [w for w in dict.fromkeys(words) if w]
    return terms


def _policy_topics(policies: pd.DataFrame) -> list[str]:
    tags = policies.get("topics", pd.Series(dtype=str)).fillna("").str.split(";").explode().str.strip()
    return sorted({t for t in tags if t}, key=len, reverse=True)
