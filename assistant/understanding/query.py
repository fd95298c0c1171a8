"""The typed result of understanding a question: what composers read, and nothing else.

Understanding ends here. Composers in `assistant/answers/` read a `Query` and `index_core`, never the raw
question: `text` is kept only as the retrieval string and for the optional LLM's wording.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from index_core.dimensions import Dimension


class Operation(StrEnum):
    """Every kind of question the assistant answers; each has one entry in `assistant.answers.registry`."""

    EXPLAIN = "explain"
    RANK = "rank"
    CITY_DIMENSION = "city_dimension"
    PROFILE = "profile"
    TOP = "top"
    COMPARE = "compare"
    POLICIES = "policies"
    FACT = "fact"
    FACT_MAX = "fact_max"
    ANALYTIC = "analytic"
    PASSAGE = "passage"
    INDICATORS = "indicators"
    METHOD = "method"
    RECOMMENDATIONS = "recommendations"
    WHATIF = "whatif"
    STABILITY = "stability"
    HELP = "help"
    CLARIFY = "clarify"
    UNKNOWN = "unknown"
    INVALID = "invalid"


class Direction(StrEnum):
    TOP = "top"  # best first (rank 1, highest figure, earliest when asked "first")
    BOTTOM = "bottom"  # worst first


@dataclass(frozen=True)
class Threshold:
    """'得分超过60分', 'ranked better than 10th': a bound on a score or a rank column."""

    column: str  # "score" or a rankings.csv rank column
    op: str  # one of < <= > >=, read on the column's own numbers (rank 3 < rank 10)
    value: float


@dataclass(frozen=True)
class Subset:
    """The group of cities a question is restricted to."""

    kind: str  # "group" (a sample category) | "not_group" (the cities outside it) | "top" | "bottom" | "range" | "named"
    group: str | None = None  # a cities.csv category (试验区城市, 省会城市, 计划单列市) for kind "group"
    n: int | None = None  # for top / bottom
    low: int | None = None  # for range
    high: int | None = None
    column: str = "total_rank"  # the rank column top/bottom/range refer to
    cities: tuple[str, ...] = ()  # for named
    also: Subset | None = (
        None  # a second restriction the cities meet too ("pilot-zone cities outside the top 10")
    )


@dataclass(frozen=True)
class Claim:
    """Something the question takes as given, checked before answering ('上海排第一，为什么？')."""

    kind: (
        # "rank" (holds rank `value` on `column`) | "top" / "not_top" (within the top `value`) | "number" |
        # "order" (ranks above city `other` on `column`) | "group" / "not_group" (filed, or said not to be filed, under sample group `column`) | "max" / "min" | "year" / "amount" (a year,
        # or an amount in the unit `column`, stated for confirmation; checked by the passage composer) |
        # "sample_size" (the report's sample said to be `value` cities) | "beyond_sample" (place `value` on `column`
        # named as held, past the sample's last: no city holds it)
        str
    )
    city: str
    column: str = "total_rank"  # a rank column, or a fact metric for "number"
    value: float | None = None
    other: str | None = None
    said: str | None = (
        None  # a stated number as the question wrote it, unit and all ("3 trillion yuan", "3万亿")
    )


@dataclass(frozen=True)
class Analysis:
    """A computation over the tables an analytic question asks for (planned in index_core.analytics)."""

    kind: str
    columns: tuple[str, ...] = ()
    op: str | None = None
    value: float | None = None
    extra: tuple[tuple[str, str], ...] = ()  # small typed-by-name parameters, e.g. (("count_only", "1"),)

    def param(self, name: str, default: str | None = None) -> str | None:
        return dict(self.extra).get(name, default)


@dataclass(frozen=True)
class Query:
    """What the question asks, as typed slots. Empty slots may be filled from the conversation focus."""

    text: str
    language: str
    operation: Operation
    cities: tuple[str, ...] = ()
    dimension: Dimension | None = None
    level2: str | None = None
    # every first-level dimension the question names, in its order ("知识创造力排第六，发展成效却只有十五": both sides)
    dimensions_named: tuple[Dimension, ...] = ()
    more_level2: tuple[
        str, ...
    ] = ()  # further second-level indicators named ('strong on A, but where is B?')
    level3: str | None = None
    metrics: tuple[str, ...] = ()
    metric_words: tuple[str, ...] = ()  # the words that named the metrics (独角兽)
    direction: Direction = Direction.TOP
    direction_stated: bool = False  # a direction word was said ('最', 'top', '倒数'), not just the default
    n: int | None = None
    rank_range: tuple[int, int] | None = None
    position: int | None = None  # '排名第六的城市': one rank asked for, no city named
    whole_list: bool = False  # '完整排名', 'all cities'
    single: bool = False  # 'which city' (one answer) rather than 'which cities'
    threshold: Threshold | None = None
    years: tuple[int, ...] = ()
    # a side of a year the question asks about ("2020年之前", "after 2019", "since 2019"): ("before" | "through" |
    # "after" | "from", year); `years` then holds the listed years on that side, possibly none
    year_span: tuple[str, int] | None = None
    months: tuple[int, ...] = ()
    # cities the question sets aside ("除了青岛，还有哪个城市…", "besides Qingdao, which other city…")
    set_aside: tuple[str, ...] = ()
    # a thing located by its place in the report's text ("the startup mentioned right after Pony.ai", "紧接着小马智行
    # 提到的那家公司"): ("after" | "before", the words of what it follows or precedes)
    beside_mention: tuple[str, str] | None = None
    topic: str | None = None
    aspects: tuple[str, ...] = ()  # the parts of the method asked about: method / sample / data / publisher
    weights: tuple[tuple[str, float], ...] = ()  # what-if: relative weight per first-level key, 1 = unchanged
    subset: Subset | None = None
    analysis: Analysis | None = None
    claims: tuple[Claim, ...] = ()
    content_words: tuple[str, ...] = ()
    # the previous question's content words, for a follow-up about what was just discussed ("它能达到什么级别的
    # 算力？" after a question on 成都人工智能计算中心): retrieval context, weighted below the question's own words
    context_words: tuple[str, ...] = ()
    content_parts: tuple[tuple[str, ...], ...] = ()  # per part of a question asking two things
    asked_parts: tuple[tuple[str, ...], ...] = ()  # what each of those parts asks for (same order)
    asked: tuple[
        str, ...
    ] = ()  # attributes asked for: time, count, amount, which, name, place, how, why, what
    asked_unit: str | None = None  # the counter a count question names: 多少笔 -> 笔
    unknown_places: tuple[str, ...] = ()
    fuzzy: tuple[str, ...] = ()  # surface forms matched fuzzily ("苏洲")
    # region words read as sample cities by common geography ("西部" -> 重庆, 成都, 西安): the report has no regions
    regions: tuple[tuple[str, tuple[str, ...]], ...] = ()
    confidence: float = 1.0
    alternatives: tuple[tuple[Operation, float], ...] = ()  # the router's next readings with probabilities
    follow_up: bool = False
    carried: tuple[str, ...] = ()  # what came from the conversation focus, for the answer's note
    context: Operation | None = (
        None  # the operation the conversation was in when this question took its cities
    )
    earlier_edition: bool = False  # a comparison with an earlier edition or year's ranking ("和上一版相比")
    problem: str | None = None  # empty / too-long / injection / out-of-scope
    parts: tuple[Query, ...] = ()  # a question asking two different things: each part, answered in turn
    scores: dict[str, float] = field(default_factory=dict, compare=False, hash=False)

    @property
    def intent(self) -> str:
        """The operation's name: what Reply.intent and the question sets speak of."""
        return self.operation.value

    @property
    def year(self) -> int | None:
        return self.years[0] if self.years else None

    @property
    def order(self) -> str:
        return self.direction.value
