"""Conversation focus: what the conversation is about so far, carried into the next question.

After each turn the focus keeps every city in play (all cities the question named and, after a list answer,
every city the answer listed), the dimension, metrics, topic and years, and the operation. Plural references
(它们/这些/这几个/这两个/两者/they/these/both) take the whole set, singular ones (它/该市/this city/it) the last
city; a question that states its own scope (names cities, a group, or asks "which cities") does not inherit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.understanding.lexicon import lexicon
from assistant.understanding.query import Direction, Operation

PLURAL = re.compile(
    r"它们|他们|她们|它俩|他俩|她俩|这俩|那俩|俩城|这些|那些|其中|这里面|那里面|这当中|那当中|这之中|名单里|名单中|两个(?=加|一共|合计|相加|总共|的和|差|比|谁|哪)|这几个|那几个|这几座|这两|那两|这三|那三|两者|二者|三者|两市|两城|两个城市|三个城市|上述城市|以上城市|各自|分别"
    r"|(?<![a-z])(?:they|them|their|these|those|both|each of them|all of them|the two|the three|either|the former|"
    r"among (?:them|these|those)|of (?:them|these|those)|on (?:that|this|the) list|"
    r"the latter|respectively)(?![a-z])|前者|后者"
    # "how much did each pull in?": each of the cities (not "each dimension", "each year")
    r"|(?<![a-z])each(?![a-z])(?!\s+(?:of the (?:four|five|dimensions?|indicators?|years?|policies)|dimension|"
    r"indicator|pillar|year|sub|level|category|topic|policy|metric|ranking|column|measure|part|first|second|third))"
    # a comparison asked without naming its sides ("哪个更高？高多少？", "which is higher?") is about the cities
    # just discussed, all of them
    r"|哪个更|哪一个更|哪个城市更|谁更|谁的更|谁高|谁多|哪个高|哪个多|哪个大|(?:哪个|谁)的[^，。？?]{1,12}更|"
    r"(?<![a-z])which(?: one| city)?(?: (?:is|was|has|had|ranks?|got|received)|['’]s) (?:the )?(?:higher|larger|bigger|more|greater|ahead|better|lower|smaller|less)"
)
SINGULAR = re.compile(
    r"这个(?!城市)|那个(?!城市)|它|该市|该城市|这个城市|这座城市|这城市|那个城市|那座城市|此市|那里|那儿|这里|那条|这条|那项|这项|那一项|这一项|该政策|那份|这份"
    r"|同一个?城市|同一座城市|同城"
    r"|(?<![a-z])(?:it|its|this city|that city|there|the city|the same city|our|our city)(?![a-z])|我市|本市|我们市"
    # "that" / "this" standing for what was just said ("What share of the national total does that represent?")
    r"|(?<![a-z])(?:does|is|was|did|has) (?:that|this)(?![a-z])|(?<![a-z])(?:that|this|those|these) (?:figure|number|"
    r"amount|share|total|one|policy|platform|centre|center|event|expo|park|company|fund|project)s?(?![a-z])"
)
# the same question asked of another ("Same question for Shanghai.", "同一个口径，武汉是多少？"): its subject kept
SAME_QUESTION = re.compile(
    r"\bsame (?:question|thing|figure|number|measure|metric) (?:for|about|on)\b|\b(?:ditto|likewise) for\b|"
    r"同(?:一个?|样的?)(?:口径|问题|指标|标准)|一样的(?:问题|口径)|同样(?:地|的)?问"
)
_ABOUT = re.compile(
    # (no \b after a Chinese word: 那排第二 has no word boundary after 那; 那个 / 那些 / 那里 point, they do not ask again)
    r"^\s*(?:那么|那(?![个些里样时边儿就是])|还有|再说说|再看看|换成|改成)"
    # (a filler first: "ok and shanghai's?", "好的，那广州呢")
    r"|^\s*(?:(?:ok(?:ay)?|so|right|thanks|thank you|cool|great|got it|i see)[,.!]?\s+)?"
    r"(?:and|what about|how about|and what about|same for|now)\b|^\s*(?:好的|好|嗯|哦|明白了?|谢谢)[，,。!！]?\s*那|呢[？?]?\s*$|\bwhat about\b|\bhow about\b"
    r"|" + SAME_QUESTION.pattern
)
# Operations whose answer is a list of cities: after them "它们" means the cities listed.
LIST_OPERATIONS = {Operation.TOP, Operation.ANALYTIC, Operation.FACT_MAX}


@dataclass(frozen=True)
class Focus:
    operation: Operation | None = None
    cities: tuple[str, ...] = ()  # everything in play, in order
    last_city: str | None = None
    dimension: object | None = None
    level2: str | None = None
    metrics: tuple[str, ...] = ()
    metric_words: tuple[str, ...] = ()
    topic: str | None = None
    years: tuple[int, ...] = ()
    months: tuple[int, ...] = ()
    n: int | None = None
    direction: Direction = Direction.TOP
    rank_range: tuple[int, int] | None = None
    words: tuple[str, ...] = ()  # the last question's content words (and what it carried), for follow-ups
    recent: tuple[str, ...] = ()  # the cities of the last few turns, oldest first: "the two" after X, then Y
    # the last analysis asked for: "那广州呢？" after a policy count counts again
    analysis: object | None = None


def reference(text: str) -> str | None:
    """'plural', 'singular' or None: how the question points back at the conversation."""
    lowered = text.lower()
    if PLURAL.search(lowered):
        return "plural"
    found = [m.group(0) for m in SINGULAR.finditer(lowered)]
    if (
        found
        and set(found) == {"there"}
        and re.search(r"\b(?:which|what) (?:[a-z'-]+ ){0,2}cit|\bwho\b", lowered)
    ):
        return None  # "which cities fill out places 7 to 10 there?": "there" is the ranking, cities are asked
    if found:
        return "singular"
    return None


def is_about(text: str) -> bool:
    """'那广州呢？', 'what about Guangzhou?': the previous question again with something changed."""
    return bool(_ABOUT.search(text.lower()))


def is_add(text: str) -> bool:
    """'再加上深圳', 'add Shenzhen': the previous question with more cities (lexicon.toml [followup] add)."""
    lowered = text.lower()
    return any(cue.search(lowered) for cue in lexicon().follow_up_add)
