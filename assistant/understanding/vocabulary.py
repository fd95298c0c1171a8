"""One vocabulary and one matching rule for every name the assistant recognises.

Built at load from data/ (cities with aliases, English and pinyin; dimensions and Table 1; fact metrics;
policy topics; the report's sample groups) plus the synonyms in lexicon.toml. The matching rule is the same for
every kind of term:
- Chinese terms count only where they line up with jieba's word boundaries (the vocabulary is jieba's user
  dictionary), so 上市 inside 上市公司 is no city and 环境 inside 政策环境 is no dimension;
- Latin-script terms count only at word boundaries, with apostrophes, hyphens and spaces optional inside them
  (Xi'an, Xian and Xi An are one city);
- text and terms are folded the same way (NFKC, simplified characters, lower case).
Homophone typos (苏洲) and English near-misses (Shangai) come from the city resolver, as fuzzy mentions.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from functools import cached_property

import pandas as pd

from assistant.understanding.lexicon import Lexicon, lexicon
from index_core.dimensions import DIMENSIONS, Dimension
from index_core.report import Report
from index_core.vocabulary import names

CITY, DIMENSION, LEVEL2, LEVEL3, METRIC, TOPIC, GROUP, PLACE = (
    "city",
    "dimension",
    "level2",
    "level3",
    "metric",
    "topic",
    "group",
    "place",
)
_CJK = re.compile(r"[\u3400-\u9fff]")
_SEPARATORS = re.compile(r"[\s'’\-.]+")
_PLACE_TOKEN = re.compile(r"^[\u4e00-\u9fff]{2,4}(?:市|省)$")
_NOT_PLACES = {
    "城市",
    "省会城市",
    "计划单列市",
    "样本城市",
    "试验区城市",
    "地级市",
    "省市",
    "各省",
    "本市",
    "全市",
    "该市",
    "副省",
    "直辖市",  # a kind of city (the report groups its sample otherwise), not a place's name
}

log = logging.getLogger(__name__)

# what may follow a Chinese region word for it to mean the region's cities ("西部城市", "东北那两个", "长三角里谁",
# "华东的几个城市"), not part of a name ("西南交通大学", "珠三角数字经济产业集群", "东北大学")
_REGION_FOLLOWS_ZH = r"(?=(?:的)?(?:城市|地区|区域|片区|板块|样本|那|这|哪|谁|几|两|三|四|五|各|里|中|一带|省会|直辖市|计划单列))"
# an English compass region said of cities or with "the" ("northeastern cities", "in the southwest"); a named
# region ("Yangtze River Delta") anywhere
_REGION_FOLLOWS_EN = r"(?=\s+(?:china\b|chinese\b|cities\b|city\b|region\b|sample\b|ones\b|part\b))"
_REGION_AFTER_THE = r"(?<=\bthe )"
_COMPASS_EN = re.compile(r"^(?:north|south|west|east|central)")


def _regions_narrowed(
    regions: list[tuple[int, int, list[str]]], sets: list[tuple[int, int, list[str]]], lowered: str
) -> list[tuple[int, int, list[str]]]:
    """'西南那个直辖市': a region said of a kind of city is the cities that are both; the rest as found."""
    kept = list(sets)
    for start, end, cities in regions:
        joined = next(
            (
                (s, e, c)
                for s, e, c in kept
                if s >= end
                and re.fullmatch(r"(?:的|那个|那座|这个|这座|那一个|里的?|中的?)?", lowered[end:s])
            ),
            None,
        )
        both = [c for c in cities if joined is not None and c in joined[2]]
        if joined is not None and both:
            kept[kept.index(joined)] = (start, joined[1], both)
        else:
            kept.append((start, end, cities))
    return kept


_SENTENCE_END = re.compile(r"[。.!！?？]")
_QUESTION_WORD = re.compile(r"谁|哪|什么|吗|多少|几|\b(?:which|who|what|how|where|why|whether)\b")


def _in_a_statement(lowered: str, at: int) -> bool:
    """'我在写一篇中部城市AI发展的稿子。长沙…？', 'I manage a fund looking at western China. …': a region in a
    sentence the asker says about themselves is context, not the cities asked about."""
    start = max((m.end() for m in _SENTENCE_END.finditer(lowered, 0, at)), default=0)
    end = _SENTENCE_END.search(lowered, at)
    if end is None or end.group() in "?？":
        return False
    return not _QUESTION_WORD.search(lowered[start : end.start()])


def _region_matches(word: str, lowered: str) -> list[re.Match[str]]:
    """Where a region word stands for its cities, by the guard its script needs."""
    if _CJK.search(word):
        return list(re.finditer(re.escape(word) + _REGION_FOLLOWS_ZH, lowered))
    # ("north-east", "north east", "northeastern": one word)
    stem = re.sub(r"^(north|south)(east|west)", r"\1[- ]?\2", re.escape(word).replace(r"\-", "[- ]?"))
    bounded = r"(?<![\w-])" + stem + (r"(?:ern)?" if _COMPASS_EN.match(word) else "") + r"(?![\w-])"
    if not _COMPASS_EN.match(word):
        return list(re.finditer(bounded, lowered))
    return [
        *re.finditer(bounded + _REGION_FOLLOWS_EN, lowered),
        *re.finditer(_REGION_AFTER_THE + bounded + r"(?!\s+of\b(?!\s+china))", lowered),
    ]


@dataclass(frozen=True)
class Mention:
    kind: str
    key: str  # the canonical name: a city's short name, a dimension key, a metric id, a topic tag...
    surface: str
    start: int
    end: int
    fuzzy: bool = False
    region: bool = (
        False  # one of the cities a region word stands for ('西部城市'): general geography, not the report's
    )


@dataclass(frozen=True)
class Mentions:
    """Everything the vocabulary found in one text, in order of appearance."""

    items: tuple[Mention, ...]

    def keys(self, kind: str) -> tuple[str, ...]:
        return tuple(dict.fromkeys(m.key for m in self.items if m.kind == kind))

    def of(self, kind: str) -> tuple[Mention, ...]:
        return tuple(m for m in self.items if m.kind == kind)

    @property
    def cities(self) -> tuple[str, ...]:
        return self.keys(CITY)

    @property
    def dimensions(self) -> tuple[Dimension, ...]:
        keyed = {d.key: d for d in DIMENSIONS}
        return tuple(keyed[k] for k in self.keys(DIMENSION))

    @property
    def fuzzy(self) -> tuple[str, ...]:
        return tuple(m.surface for m in self.items if m.fuzzy)

    @property
    def regions(self) -> tuple[tuple[str, tuple[str, ...]], ...]:
        """Each region word read, with the cities it was read as ('西部' -> 重庆, 成都, 西安)."""
        read: dict[str, list[str]] = {}
        for m in self.items:
            if m.region:
                read.setdefault(m.surface, []).append(m.key)
        return tuple((word, tuple(dict.fromkeys(cities))) for word, cities in read.items())


def _is_latin(term: str) -> bool:
    return not _CJK.search(term)


def _latin_pattern(terms: list[str]) -> re.Pattern[str] | None:
    """Word-bounded alternatives, longest first, with separators optional inside a term."""
    parts = []
    for term in sorted(set(terms), key=len, reverse=True):
        pieces = [re.escape(p) for p in _SEPARATORS.split(term) if p]
        if pieces:
            parts.append(r"[\s'’\-.]*".join(pieces))
    if not parts:
        return None
    # A lookahead finds every start, so overlapping terms are all seen ("ai industry" and "industry coverage"
    # in "ai industry coverage"); the longest then wins.
    return re.compile(r"(?=(?<![a-z0-9])(" + "|".join(parts) + r")(?![a-z]))")


class Vocabulary:
    """Terms per kind -> canonical key, and `find` applying the one matching rule to a folded text."""

    def __init__(self, report: Report, lex: Lexicon | None = None):
        self.report = report
        self.lex = lex or lexicon()
        self.terms: dict[str, dict[str, str]] = {
            kind: {} for kind in (CITY, DIMENSION, LEVEL2, LEVEL3, METRIC, TOPIC, GROUP, PLACE)
        }
        self._build()
        self._latin = {
            kind: _latin_pattern([t for t in table if _is_latin(t)]) for kind, table in self.terms.items()
        }

    # ---- building ------------------------------------------------------------------------------------------
    def _add(self, kind: str, term: str, key: str) -> None:
        term = str(term).strip().lower()
        if term and term not in self.terms[kind]:
            self.terms[kind][term] = key

    def _build(self) -> None:
        n = names()
        for c in n.cities:
            for form in c.forms:
                if len(form) > 1:  # one-character abbreviations (沪, 京) are too ambiguous in running text
                    self._add(CITY, form, c.city)
            self._add(CITY, f"{c.name_en} city", c.city)
        for d in DIMENSIONS:
            for term in (d.zh, d.zh_full, d.en, *self.lex.dimensions.get(d.key, [])):
                self._add(DIMENSION, term, d.key)
        for i in n.indicators:
            self._add(LEVEL2, i.level2, i.level2)
            self._add(LEVEL2, i.level2_en, i.level2)
            self._add(LEVEL3, i.level3, i.level3)
            self._add(LEVEL3, i.level3_en, i.level3)
        for key, terms in self.lex.level2.items():
            for term in terms:
                self._add(LEVEL2, term, key)
        facts = self.report.facts
        for metric, label in facts[["metric", "metric_zh"]].drop_duplicates("metric").itertuples(index=False):
            self._add(METRIC, label, metric)
            for term in self.lex.metric_words.get(metric, []):
                self._add(METRIC, term, metric)
        for topic in _policy_topics(self.report.policies):
            self._add(TOPIC, topic, topic)
        for topic, words in self.lex.topic_words.items():
            for word in words:
                self._add(TOPIC, word, topic)
        for category in self.report.cities["category"].drop_duplicates():
            self._add(GROUP, category, category)
        for key, terms in self.lex.groups.items():
            for term in terms:
                self._add(GROUP, term, key)
        for place in self.lex.other_places_zh + self.lex.other_places_en:
            self._add(PLACE, place, place)

    @cached_property
    def _tokenizer(self):
        import jieba

        from assistant.retrieval.bm25 import _jieba, jieba_dir

        # A copy of the keyword index's dictionary, not a second load of jieba's 9 MB cache (~0.4 s): the
        # vocabulary's own terms are added to the copy only, so BM25's tokens do not depend on it.
        base = _jieba(str(jieba_dir()))
        tokenizer = jieba.Tokenizer()
        tokenizer.FREQ, tokenizer.total, tokenizer.initialized = dict(base.FREQ), base.total, True
        for table in self.terms.values():
            for term in table:
                if not _is_latin(term):
                    tokenizer.add_word(term, freq=300000)
        for word in _EXTRA_WORDS:
            tokenizer.add_word(word, freq=300000)
        return tokenizer

    @cached_property
    def _cjk_terms(self) -> dict[str, list[tuple[str, str]]]:
        """term -> [(kind, key)] for the Chinese terms."""
        out: dict[str, list[tuple[str, str]]] = {}
        for kind, table in self.terms.items():
            for term, key in table.items():
                if not _is_latin(term):
                    out.setdefault(term, []).append((kind, key))
        return out

    # ---- matching ------------------------------------------------------------------------------------------
    def tokens(self, text: str) -> list[tuple[str, int, int]]:
        """jieba words of a folded text with their spans (no HMM guessing of new words)."""
        return list(self._tokenizer.tokenize(text, HMM=False))

    def find(self, text: str) -> Mentions:
        """Every term of every kind in `text` (already cleaned by assistant.text.clean), longest first per kind."""
        lowered = text.lower()
        found: list[Mention] = []
        tokens = self.tokens(lowered) if _CJK.search(lowered) else []
        starts = {s for _, s, _ in tokens}
        ends = {e for _, _, e in tokens}
        max_len = max((len(t) for t in self._cjk_terms), default=0)
        for i in sorted(starts):
            for j in range(min(len(lowered), i + max_len), i, -1):
                if j not in ends:
                    continue
                hits = self._cjk_terms.get(lowered[i:j])
                if hits:
                    found += [Mention(kind, key, text[i:j], i, j) for kind, key in hits]
        for word, i, _end in tokens:
            # a city inside one jieba word with an administrative ending (深圳经济特区, 武汉市区): the city is named
            for size in (2, 3):
                rest = word[size:]
                if len(word) > size and rest in _CITY_ENDINGS:
                    found += [
                        Mention(kind, key, text[i : i + size], i, i + size)
                        for kind, key in self._cjk_terms.get(word[:size], ())
                        if kind == "city"
                    ]
        for kind, pattern in self._latin.items():
            if pattern is None:
                continue
            for m in pattern.finditer(lowered):
                start, end = m.span(1)
                key = self._latin_key(kind, m.group(1))
                if key:
                    found.append(Mention(kind, key, text[start:end], start, end))
        found += self._city_runs(text, lowered, starts, ends)
        found = _predicated_capital_dropped(_inside_indicator_dropped(_longest_per_kind(found)), lowered)
        found += self._fuzzy_cities(text, found)
        found += self._unknown_places(text, tokens, found)
        found.sort(key=lambda m: (m.start, -(m.end - m.start)))
        return Mentions(tuple(found))

    @cached_property
    def _one_char_forms(self) -> dict[str, str]:
        return {f: c.city for c in names().cities for f in c.forms if len(f) == 1}

    def _city_runs(self, text: str, lowered: str, starts: set[int], ends: set[int]) -> list[Mention]:
        """'京津沪渝', '京沪', '北上广深': several cities in one run of abbreviations, each its own mention.

        One character alone stays ambiguous ('京' inside 南京); a run of two or more that starts and ends on
        word boundaries is read as the cities, as people write them."""
        sets: list[tuple[int, int, list[str]]] = [
            (m.start(), m.end(), cities)
            for word, cities in self.lex.city_sets.items()
            for m in re.finditer(re.escape(word), lowered)
        ]
        regions = [
            (m.start(), m.end(), cities)
            for word, cities in self.lex.region_sets.items()
            for m in _region_matches(word, lowered)
            if not any(s <= m.start() < e for s, e, _ in sets) and not _in_a_statement(lowered, m.start())
        ]
        out: list[Mention] = []
        plain = {(s, e) for s, e, _ in sets}
        for start, end, cities in _regions_narrowed(regions, sets, lowered):
            width = (end - start) / len(cities)  # (each city its own stretch of the words)
            region = (start, end) not in plain
            out += [
                Mention(
                    CITY,
                    city,
                    text[start:end],
                    start + int(k * width),
                    start + int((k + 1) * width),
                    region=region,
                )
                for k, city in enumerate(cities)
            ]
        chars = "".join(self._one_char_forms)
        for m in re.finditer(f"[{re.escape(chars)}]{{2,}}", lowered):
            if (
                m.start() not in starts
                or m.end() not in ends
                or any(o.start <= m.start() < o.end for o in out)
            ):
                continue
            out += [
                Mention(CITY, self._one_char_forms[ch], text[i], i, i + 1)
                for i, ch in enumerate(lowered[m.start() : m.end()], start=m.start())
            ]
        return out

    def _latin_key(self, kind: str, surface: str) -> str | None:
        table = self.terms[kind]
        folded = _SEPARATORS.sub("", surface.lower())
        for term, key in table.items():
            if _is_latin(term) and _SEPARATORS.sub("", term) == folded:
                return key
        return None

    def _fuzzy_cities(self, text: str, found: list[Mention]) -> list[Mention]:
        """Homophone typos and English near-misses, where no exact term already stands."""
        taken = [(m.start, m.end) for m in found]
        out = []
        for m in self.report.resolver.find(text):
            if not m.fuzzy:
                continue
            end = m.start + len(m.surface)
            if all(end <= s or m.start >= e for s, e in taken):
                out.append(Mention(CITY, m.city, m.surface, m.start, end, fuzzy=True))
        return out

    @cached_property
    def _group_words(self) -> frozenset[str]:
        """The sample groups' names ("试点城市", "试验区城市"): kinds of city, not places."""
        return frozenset(t for terms in self.lex.groups.values() for t in terms)

    def _unknown_places(self, text: str, tokens, found: list[Mention]) -> list[Mention]:
        """'拉萨市', '东莞市': a place-shaped word that is not a sample city (named places come from the lexicon)."""
        taken = [(m.start, m.end) for m in found if m.kind == CITY]
        out = []
        for word, start, end in tokens:
            if not _PLACE_TOKEN.match(word) or word in _NOT_PLACES or word in self._group_words:
                continue
            if any(start < e and end > s for s, e in taken):
                continue
            if self.report.resolver.try_resolve(word) is None:
                out.append(Mention(PLACE, word, text[start:end], start, end))
        return out

    def resolve_city(self, name: str) -> str | None:
        return self.report.resolver.try_resolve(name)


def _longest_per_kind(found: list[Mention]) -> list[Mention]:
    """Within one kind, a term inside a longer matched term is the same evidence: keep the longer one."""
    kept: list[Mention] = []
    for m in sorted(found, key=lambda m: (-(m.end - m.start), m.start)):
        if any(k.kind == m.kind and m.start < k.end and k.start < m.end for k in kept):
            continue  # inside or overlapping a longer term of the same kind ("ai industry coverage")
        kept.append(m)
    return kept


def _inside_indicator_dropped(found: list[Mention]) -> list[Mention]:
    """'knowledge reserve' names a second-level indicator, not also the dimension 'knowledge' inside it."""
    names = [m for m in found if m.kind in ("level2", "level3")]
    return [
        m
        for m in found
        if m.kind != "dimension"
        or not any(
            n.start <= m.start and m.end <= n.end and (n.end - n.start) > (m.end - m.start) for n in names
        )
    ]


# what may follow a city's name inside one word: 深圳经济特区, 北京市区, 苏州新区
_CITY_ENDINGS = frozenset(
    {"经济特区", "特区", "市区", "地区", "新区", "高新区", "市委", "市政府", "全市", "市域"}
)


def _policy_topics(policies: pd.DataFrame) -> list[str]:
    tags = policies.get("topics", pd.Series(dtype=str)).fillna("").str.split(";").explode().str.strip()
    return sorted({t for t in tags if t}, key=len, reverse=True)


# Words jieba must keep whole so that vocabulary terms inside them are not matched.
_EXTRA_WORDS = (
    "上市公司",
    "上市企业",
    "城市群",
    "都市圈",
    "市场",
    "市民",
    "京津冀",
    "长三角",
    "珠三角",
    "粤港澳",
)


# a province's capital said of another city named just before it ("苏州作为江苏的省会", "Suzhou, as Jiangsu's
# capital"): what the question says that city is, not a second city
_AS_BEFORE = re.compile(r"(?:作为|是|身为|乃|\bas|\bis|\bwas|,)\s*(?:the\s+)?$")


def _predicated_capital_dropped(found: list[Mention], lowered: str) -> list[Mention]:
    cities = [m for m in found if m.kind == "city"]
    keep = []
    for m in found:
        capital = m.kind == "city" and ("省会" in m.surface or "capital" in m.surface.lower())
        before = [c for c in cities if c.end <= m.start and m.start - c.end <= 8 and c.key != m.key]
        if capital and any(_AS_BEFORE.search(lowered[c.end : m.start]) for c in before):
            # (said as what that city is: the sample group, checked as a claim about it)
            # (from its group word: "is Shandong's | provincial capital" reads as a claim the way "is a provincial
            # capital" does)
            at = max(
                m.surface.find("省会"),
                m.surface.lower().find("provincial capital"),
                m.surface.lower().find("capital"),
            )
            at = at if at >= 0 else 0
            keep.append(Mention(GROUP, "省会城市", m.surface[at:], m.start + at, m.end))
            continue
        keep.append(m)
    return keep
