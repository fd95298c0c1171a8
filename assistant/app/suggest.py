"""Follow-up questions under each answer, derived from what it was about (intent, cities), in its language.

Every suggestion is a question the assistant answers from the report (the tests ask each one), worded the
way a user would type it, never the question just asked.
"""

from __future__ import annotations

from assistant.numerals import ordinal
from index_core import domain
from index_core.report import Report

MAX_SUGGESTIONS = 3
_GENERAL = {
    "zh": [
        "为什么苏州排名第六？",
        "知识创造力前五名是哪些城市？",
        "报告给了哪些建议？",
        "指标体系是怎样的？",
    ],
    "en": [
        "Why does Suzhou rank 6th?",
        "Which five cities lead on knowledge creation?",
        "What does the report recommend?",
        "What is the indicator system?",
    ],
}


class _Wording:
    def __init__(self, report: Report, language: str):
        self.en = language == "en"
        ranks = report.rankings.set_index("city")["total_rank"]
        self.rank = {str(c): int(r) for c, r in ranks.items()}
        self.by_rank = {r: c for c, r in self.rank.items()}
        self.names = report.english_names
        self.with_policies = set(domain.policy_cities(report))

    def name(self, city: str) -> str:
        return self.names.get(city, city) if self.en else city

    def why(self, city: str) -> str:
        r = self.rank[city]
        return f"Why does {self.name(city)} rank {ordinal(r)}?" if self.en else f"为什么{city}排第{r}？"

    def policies(self, city: str) -> str:
        if city not in self.with_policies:  # the report lists policies for the top ten only
            return (
                f"Where does {self.name(city)} rank on knowledge creation?"
                if self.en
                else f"{city}的知识创造力排第几？"
            )
        return f"What AI policies does {self.name(city)} have?" if self.en else f"{city}有哪些人工智能政策？"

    def compare(self, a: str, b: str) -> str:
        return f"Compare {self.name(a)} and {self.name(b)}" if self.en else f"比较{a}和{b}"

    def add(self, city: str) -> str:
        return f"Add {self.name(city)}" if self.en else f"再加上{city}"

    def stable(self, city: str) -> str:
        return f"Is {self.name(city)}'s rank stable?" if self.en else f"{city}的排名稳吗？"

    def whatif(self, city: str) -> str:
        return (
            f"If resource support counted double, where would {self.name(city)} rank?"
            if self.en
            else f"如果资源支持力权重加倍，{city}排第几？"
        )

    def neighbour(self, city: str, skip: set[str] = frozenset()) -> str | None:
        """The next city down the overall ranking (the one above for the last), not in `skip`."""
        r = self.rank[city]
        for step in (1, -1, 2, -2, 3):
            other = self.by_rank.get(r + step)
            if other and other not in skip and other != city:
                return other
        return None

    def bottom(self) -> str:
        return "Which five cities rank lowest overall?" if self.en else "总排名后五名是哪些城市？"


def suggestions(
    intent: str, cities: list[str] | tuple[str, ...], language: str, question: str, report: Report
) -> list[str]:
    """Up to three follow-ups for an answer: for a rank, "为什么X排第N？", "X有哪些人工智能政策？", a comparison with
    the next city; for a comparison, why the first ranks where it does and adding the next city; and so on."""
    w = _Wording(report, language)
    known = [c for c in cities if c in w.rank]
    out: list[str] = []
    if known:
        first = known[0]
        near = w.neighbour(first, set(known))
        if intent == "explain":
            out = [w.policies(first), w.compare(first, near) if near else "", w.stable(first)]
        elif intent == "compare" and len(known) >= 2:
            worst = max(known, key=lambda c: w.rank[c])
            extra = w.neighbour(worst, set(known))
            out = [w.why(known[0]), w.policies(known[0]), w.add(extra) if extra else ""]
        elif intent in ("top", "fact_max"):
            out = [w.why(known[0]), w.compare(known[0], known[1]) if len(known) > 1 else "", w.bottom()]
        elif intent in ("whatif", "stability"):
            out = [
                w.why(first),
                w.whatif(first) if intent == "stability" else w.stable(first),
                w.policies(first),
            ]
        elif intent == "policies":
            out = [w.why(first), w.compare(first, near) if near else "", w.stable(first)]
        else:  # rank, profile, fact, fact_max, analytic, passage...
            out = [w.why(first), w.policies(first), w.compare(first, near) if near else ""]
    general = _GENERAL["en" if w.en else "zh"]
    if intent == "method":
        general = [general[3], general[2], general[0]]
    out += general
    asked = _plain(question)
    unique = []
    for s in out:
        if s and _plain(s) != asked and s not in unique:
            unique.append(s)
    return unique[:MAX_SUGGESTIONS]


def _plain(text: str) -> str:
    return "".join(ch for ch in str(text).lower() if ch.isalnum())
