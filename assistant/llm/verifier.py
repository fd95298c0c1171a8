"""Hold a model's wording to the material it was given: no figure, rank, date or city may come from elsewhere.

Why: the report's value is its exact numbers. A rewording may change the words, never the figures. So every
number-like span in the model's text (Arabic and Chinese numerals, magnitudes like 亿/万/billion, percentages,
ranks such as 第六/6th/前十, dates such as 2020年3月/2021-04/March 2020) and every sample-city name is extracted,
normalised to a value, and looked up among the same kinds of spans extracted from the question, the draft, the
facts and the passages. In a sentence that names sample cities, each number, percentage and rank must also
come from a material sentence or fact about one of those cities, so "北京排名第二" fails even though 深圳's
第二 is in the material. Beyond that, meaning is not checked: which of two co-mentioned cities a figure is
attached to, or what it measures, rests on the prompt's instructions.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from assistant.numerals import cn_to_decimal
from index_core.vocabulary import names

# The Latin-script spellings a model may use for the 20 sample cities (lower case -> short name): the English
# names and aliases in data/cities.csv. Chinese nicknames (鹏城) are not claims of a city; short names are.
_LATIN_NAME = re.compile(r"[A-Za-z][A-Za-z' ’]*")
_CITY_ALIASES = {
    form.lower(): c.city for c in names().cities for form in c.forms if _LATIN_NAME.fullmatch(form)
}

# Words whose numeral characters are not quantities; removed before extraction.
LEXICAL_WORDS = tuple(
    "十分 万物 万众 百度 百姓 百花齐放 千方百计 千家万户 千行百业 第三方 第一时间 四川 三亚".split()
)
# Lone 一/one/零 are overwhelmingly lexical (一些, 之一, one of); every other numeral is a claim.
LEXICAL_NUMERALS = frozenset({"一", "零", "〇", "one"})

CN = "[零〇一二两三四五六七八九十百千万亿]+"
MAGNITUDES = {
    "万亿": Decimal(10) ** 12,
    "千万": Decimal(10) ** 7,
    "百万": Decimal(10) ** 6,
    "亿": Decimal(10) ** 8,
    "万": Decimal(10) ** 4,
    "trillion": Decimal(10) ** 12,
    "billion": Decimal(10) ** 9,
    "million": Decimal(10) ** 6,
    "thousand": Decimal(10) ** 3,
}
EN_CARDINALS = (
    "two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
    "seventeen eighteen nineteen twenty"
).split()
EN_ORDINALS = (
    "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth thirteenth "
    "fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth twentieth"
).split()
EN_NUMBER = {word: i for i, word in enumerate(["one", *EN_CARDINALS], start=1)}
EN_ORDINAL = {word: i for i, word in enumerate(EN_ORDINALS, start=1)}
MONTHS = {
    m: i
    for i, names in enumerate(
        [
            ("Jan", "January"),
            ("Feb", "February"),
            ("Mar", "March"),
            ("Apr", "April"),
            ("May",),
            ("Jun", "June"),
            ("Jul", "July"),
            ("Aug", "August"),
            ("Sep", "Sept", "September"),
            ("Oct", "October"),
            ("Nov", "November"),
            ("Dec", "December"),
        ],
        start=1,
    )
    for m in names
}
_MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))
_EN_SMALL = "|".join(sorted(EN_NUMBER, key=len, reverse=True))
_YEAR = r"(?P<y>(?:19|20)\d{2})"
_M = r"(?P<m>1[0-2]|0?[1-9])"
_D = r"(?P<d>3[01]|[12]\d|0?[1-9])"

SENTENCE_ENDS = "。！？；!?;\n"
BOUND_KINDS = frozenset({"number", "percent", "ordinal", "top", "bottom"})  # must sit with the right city
CJK_RE = re.compile(r"[\u3400-\u9fff]")
LATIN_RE = re.compile(r"[A-Za-z]")
ID_RE = re.compile(r"[A-Za-z][\w.:\-]*\d[\w.:\-]*")
BRACKET_RE = re.compile(r"[\[【]([^\[\]【】\n]{1,160})[\]】]")
ID_SPLIT_RE = re.compile(r"[,;，；、\s]+")
URL_RE = re.compile(r"(?:https?|ftp)://[^\s<>\"'()\[\]，。；]+", re.I)
MARKUP_RES = (
    re.compile(r"<\s*/?\s*[A-Za-z!?][^>]*>"),  # any HTML/XML tag or comment, <script> included
    re.compile(r"<\s*script", re.I),
    re.compile(r"(?:java|vb)script\s*:", re.I),
    re.compile(r"data\s*:\s*text/html", re.I),
    re.compile(r"!\[[^\]]*\]\("),  # markdown image: fetches a URL when rendered
)

DATE_RES = (
    re.compile(rf"{_YEAR}\s*年\s*{_M}\s*月(?:\s*{_D}\s*日)?"),
    re.compile(rf"(?<!\d){_YEAR}[-/]{_M}(?!\d)(?:[-/]{_D}(?!\d))?"),
    re.compile(rf"\b(?P<mon>{_MONTH})\.?\s+(?:{_D},?\s+)?{_YEAR}\b"),
    re.compile(rf"\b{_D}\s+(?P<mon>{_MONTH})\.?,?\s+{_YEAR}\b"),
    re.compile(r"(?P<cy>[〇零一二三四五六七八九]{4})\s*年\s*(?P<cm>十[一二]?|[一二三四五六七八九])\s*月"),
)
RANK_RES = (  # (kind, pattern with group n)
    ("top", re.compile(rf"(?<![目此之以提当眼空])前\s*(?P<n>\d+|{CN})")),
    ("top", re.compile(rf"(?P<n>\d+|{CN})\s*强")),
    ("top", re.compile(rf"\btop[\s-]+(?P<n>\d+|{_EN_SMALL})\b", re.I)),
    ("bottom", re.compile(rf"后\s*(?P<n>\d+|{CN})\s*[名位]")),
    ("bottom", re.compile(rf"\bbottom[\s-]+(?P<n>\d+|{_EN_SMALL})\b", re.I)),
    ("ordinal", re.compile(rf"第\s*(?P<n>\d+|{CN})")),
    ("ordinal", re.compile(r"\b(?P<n>\d+)(?:st|nd|rd|th)\b", re.I)),
    ("ordinal", re.compile(r"(?:\bNo\.|#)\s*(?P<n>\d+)", re.I)),
    ("ordinal", re.compile(rf"\b(?P<n>{'|'.join(EN_ORDINALS)})\b", re.I)),
)
PERCENT_CN_RE = re.compile(rf"百分之\s*(?P<n>{CN})")
NUMBER_RE = re.compile(
    r"(?<![\d.])(?P<n>\d+(?:,\d{3}(?!\d))*(?:\.\d+)?)"
    r"(?:\s*(?P<mag>万亿|千万|百万|亿|万)|\s+(?P<emag>trillion|billion|million|thousand)\b)?"
    r"(?:\s*(?P<pct>%|个百分点|percentage points?\b|percent\b|per\s*cent\b))?",
    re.I,
)
CN_RUN_RE = re.compile(CN)
EN_WORD_RE = re.compile(rf"\b(?P<n>{'|'.join(EN_CARDINALS)})\b", re.I)
CITY_RE = re.compile(
    "|".join(
        [*names().sample, *(rf"\b{re.escape(a)}\b" for a in sorted(_CITY_ALIASES, key=len, reverse=True))]
    ),
    re.I,
)

# Fact labels/units that make a fact's value a rank, so "第六" in the model's text may rest on {"value": 6}.
RANK_HINTS = ("排名", "排第", "名次", "位次", "rank")
RANK_UNITS = frozenset({"名", "位"})


@dataclass(frozen=True)
class Item:
    """One checkable span: kind (number, percent, ordinal, top, bottom, date, city, word, citation, url)."""

    kind: str
    key: Any
    raw: str


@dataclass(frozen=True)
class VerifyResult:
    """`ok` only when nothing is unsupported and no whole-text problem was found."""

    ok: bool
    unsupported: tuple[str, ...] = ()
    problems: tuple[str, ...] = ()

    def summary(self, limit: int = 4) -> str:
        """Short reason for a user-facing note, e.g. "unsupported: 37.5, 第三"."""
        parts = list(self.problems)
        if self.unsupported:
            shown = ", ".join(self.unsupported[:limit])
            more = f" (+{len(self.unsupported) - limit})" if len(self.unsupported) > limit else ""
            parts.append(f"unsupported: {shown}{more}")
        return "; ".join(parts) or "ok"


def normalise(text: str) -> str:
    """NFKC folds full-width digits, ％ and letters, so ８８．７２ and 88.72 compare equal."""
    return unicodedata.normalize("NFKC", text or "")


def _count(token: str) -> Decimal | None:
    token = token.strip()
    if token.isdigit():
        return Decimal(token)
    if token.lower() in EN_NUMBER:
        return Decimal(EN_NUMBER[token.lower()])
    if token.lower() in EN_ORDINAL:
        return Decimal(EN_ORDINAL[token.lower()])
    return cn_to_decimal(token)


def _blank(text: str, span: tuple[int, int]) -> str:
    """Replace a consumed span with spaces so later patterns neither see it nor glue its neighbours."""
    start, end = span
    return text[:start] + " " * (end - start) + text[end:]


def _scan(text: str, pattern: re.Pattern[str], make) -> tuple[str, list[Item]]:
    items: list[Item] = []
    for match in list(pattern.finditer(text)):
        item = make(match)
        if item is None:
            continue
        items.append(item)
        text = _blank(text, match.span())
    return text, items


def _date_item(match: re.Match[str]) -> Item | None:
    groups = match.groupdict()
    if groups.get("cy"):
        year, month = cn_to_decimal(groups["cy"]), cn_to_decimal(groups["cm"])
        if year is None or month is None:
            return None
        return Item("date", (int(year), int(month)), match.group(0))
    month = MONTHS[groups["mon"]] if groups.get("mon") else int(groups["m"])
    key: tuple[int, ...] = (int(groups["y"]), month)
    if groups.get("d"):
        key = (*key, int(groups["d"]))
    return Item("date", key, match.group(0))


def _rank_maker(kind: str):
    def make(match: re.Match[str]) -> Item | None:
        value = _count(match.group("n"))
        return None if value is None else Item(kind, int(value), match.group(0))

    return make


def _number_item(match: re.Match[str]) -> Item | None:
    try:
        value = Decimal(match.group("n").replace(",", ""))
    except InvalidOperation:
        return None
    magnitude = match.group("mag") or (match.group("emag") or "").lower()
    if magnitude:
        value *= MAGNITUDES[magnitude]
    kind = "percent" if match.group("pct") else "number"
    return Item(kind, value, match.group(0).strip())


def _cn_item(match: re.Match[str]) -> Item | None:
    run = match.group(0)
    if run in LEXICAL_NUMERALS:
        return None
    value = cn_to_decimal(run)
    return Item("word", run, run) if value is None else Item("number", value, run)


def _strip_ids(text: str, ids: Iterable[str]) -> str:
    for source_id in sorted(ids, key=len, reverse=True):
        text = re.sub(rf"(?<![A-Za-z0-9.\-]){re.escape(source_id)}(?![A-Za-z0-9.\-])", " ", text)
    return text


def _citations(text: str) -> tuple[str, list[Item]]:
    def make(match: re.Match[str]) -> Item | None:
        parts = [p for p in ID_SPLIT_RE.split(match.group(1)) if p]
        if not parts or not all(ID_RE.fullmatch(p) for p in parts):
            return None
        return Item("citation", tuple(parts), match.group(0))

    text, found = _scan(text, BRACKET_RE, make)
    return text, [Item("citation", part, item.raw) for item in found for part in item.key]


def extract(text: str, known_ids: Iterable[str] = ()) -> list[Item]:
    """Every checkable span in `text`, in a fixed order so each character is claimed by one pattern only."""
    text = normalise(text)
    text, items = _citations(text)
    text = _strip_ids(text, known_ids)
    text, urls = _scan(text, URL_RE, lambda m: Item("url", m.group(0), m.group(0)))
    items += urls
    items += [
        Item("city", _CITY_ALIASES.get(m.group(0).lower(), m.group(0)), m.group(0))
        for m in CITY_RE.finditer(text)
    ]
    for word in LEXICAL_WORDS:
        text = text.replace(word, " " * len(word))
    for pattern in DATE_RES:
        text, found = _scan(text, pattern, _date_item)
        items += found
    for kind, pattern in RANK_RES:
        text, found = _scan(text, pattern, _rank_maker(kind))
        items += found
    text, found = _scan(
        text,
        PERCENT_CN_RE,
        lambda m: None if (v := cn_to_decimal(m.group("n"))) is None else Item("percent", v, m.group(0)),
    )
    items += found
    for pattern, make in ((NUMBER_RE, _number_item), (CN_RUN_RE, _cn_item)):
        text, found = _scan(text, pattern, make)
        items += found
    items += [
        Item("number", Decimal(EN_NUMBER[m.group("n").lower()]), m.group(0))
        for m in EN_WORD_RE.finditer(text)
    ]
    return items


ABBREVIATIONS = ("No", "no", "e.g", "i.e", "vs", "approx", "etc")  # "No. 3" is one phrase, not two sentences


def boundaries(text: str) -> list[int]:
    """Ends of complete sentences: after 。！？；!?; or a newline, or a "." followed by whitespace.

    Never inside […] citation brackets, and a "." at the very end does not count yet (88. may become 88.72),
    so streaming can cut at the last boundary without splitting a number or a citation.
    """
    ends, depth = [], 0
    for i, ch in enumerate(text):
        if ch in "[【":
            depth += 1
        elif ch in "]】":
            depth = max(0, depth - 1)
        elif depth == 0 and ch in SENTENCE_ENDS:
            ends.append(i + 1)
        elif (
            depth == 0
            and ch == "."
            and text[i + 1 : i + 2].isspace()
            and not text[:i].endswith(ABBREVIATIONS)
        ):
            ends.append(i + 1)
    return ends


def split_sentences(text: str) -> list[str]:
    starts = [0, *boundaries(text)]
    pieces = [text[a:b] for a, b in zip(starts, [*starts[1:], len(text)], strict=True)]
    return [p for p in pieces if p.strip()]


def _is_rank_fact(fact: Mapping[str, Any]) -> bool:
    label = str(fact.get("label") or "").lower()
    return str(fact.get("unit") or "").strip() in RANK_UNITS or any(hint in label for hint in RANK_HINTS)


def _city_of(name: Any) -> str | None:
    name = str(name or "").strip().removesuffix("市")
    return name if name in names().sample else _CITY_ALIASES.get(name.lower())


def _key_in(keys: Iterable[tuple[str, Any]] | frozenset, item: Item) -> bool:
    """Same kind and value; a bare number may restate a percentage's value (20.5), not the reverse."""
    if item.kind == "number":
        return ("number", item.key) in keys or ("percent", item.key) in keys
    return (item.kind, item.key) in keys


def _is_year(item: Item) -> bool:
    return item.kind == "number" and item.key == item.key.to_integral_value() and 1900 <= item.key <= 2100


@dataclass(frozen=True)
class Unit:
    """One sentence (or one fact) of the material: the figures it states and the cities it is about."""

    cities: frozenset[str]
    keys: frozenset[tuple[str, Any]]


def _unit(text: str, ids: Iterable[str], city: Any = None, extra: Iterable[tuple[str, Any]] = ()) -> Unit:
    items = extract(text, ids)
    cities = {i.key for i in items if i.kind == "city"} | ({c} if (c := _city_of(city)) else set())
    keys = {(i.kind, i.key) for i in items if i.kind != "citation"} | set(extra)
    for item in items:
        if item.kind == "date":
            keys |= {
                ("date", item.key[:2]),
                ("number", Decimal(item.key[0])),
            }  # 2021年6月1日 ⊢ 2021年6月, 2021
    return Unit(frozenset(cities), frozenset(keys))


@dataclass(frozen=True)
class Material:
    """Everything the model was shown, pre-extracted: the only allowed source of figures, dates and cities.

    `units` keep which sentence (or fact) stated which figure about which city, so a figure in a model
    sentence that names a city must come from material that names one of the same cities.
    """

    units: tuple[Unit, ...]
    keys: frozenset[tuple[str, Any]]
    text: str  # normalised, whitespace removed: for spans that are compared literally (URLs, odd numerals)
    source_ids: frozenset[str]
    draft_cites: bool
    question_zh: bool | None  # True Chinese, False English, None undecidable

    @classmethod
    def build(
        cls,
        question: str,
        draft: str,
        facts: Iterable[Mapping[str, Any]] = (),
        sources: Iterable[Any] = (),
    ) -> Material:
        """Extract from the same fields the prompt shows (pages excluded: the model is told not to cite them)."""
        sources, facts = list(sources), list(facts)
        ids = {s.id for s in sources}
        draft_cites = [i.key for i in extract(draft, ids) if i.kind == "citation"]
        ids |= set(draft_cites)
        units = [_unit(question, ids)]
        units += [_unit(sentence, ids) for sentence in split_sentences(normalise(draft))]
        texts = [question, draft]
        for fact in facts:
            value, unit, city = fact.get("value"), fact.get("unit") or "", fact.get("city")
            text = f"{fact.get('label') or ''} {value}{unit} {city or ''}"
            rank = _count(str(value)) if _is_rank_fact(fact) else None
            units.append(_unit(text, ids, city, [("ordinal", int(rank))] if rank is not None else []))
            units.append(_unit(str(fact.get("section") or ""), ids))
            texts += [text, str(fact.get("section") or "")]
        for source in sources:
            units.append(_unit(source.section or "", ids))
            units += [_unit(s, ids, source.city) for s in split_sentences(normalise(source.text or ""))]
            texts += [source.section or "", source.text or ""]
        has_script = CJK_RE.search(question) or LATIN_RE.search(question)
        return cls(
            units=tuple(units),
            keys=frozenset(k for u in units for k in u.keys) | {("city", c) for u in units for c in u.cities},
            text=re.sub(r"\s+", "", normalise(" ".join(texts))),
            source_ids=frozenset(ids),
            draft_cites=bool(draft_cites),
            question_zh=bool(CJK_RE.search(question)) if has_script else None,
        )

    def supports(self, item: Item) -> bool:
        """Does the figure (date, city, citation …) occur anywhere in the material?"""
        if item.kind == "citation":
            return item.key in self.source_ids
        if item.kind in ("url", "word"):
            return re.sub(r"\s+", "", item.key) in self.text
        return _key_in(self.keys, item)

    def binds(self, item: Item, cities: frozenset[str]) -> bool:
        """Is the figure stated in a material sentence or fact about one of `cities`? (Years are exempt.)"""
        if item.kind not in BOUND_KINDS or _is_year(item) or not cities:
            return True
        return any(unit.cities & cities and _key_in(unit.keys, item) for unit in self.units)


def _problems(text: str, material: Material, items: list[Item], final: bool) -> list[str]:
    problems = []
    if not text.strip():
        return ["empty output"] if final else []
    if any(pattern.search(text) for pattern in MARKUP_RES):
        problems.append("markup or script in output")
    cjk, latin = len(CJK_RE.findall(text)), len(LATIN_RE.findall(text))
    if material.question_zh is True and cjk == 0:
        problems.append("Chinese question answered without Chinese")
    if material.question_zh is False and cjk > latin:
        problems.append("English question answered in Chinese")
    if final and material.draft_cites and not any(i.kind == "citation" for i in items):
        problems.append("citations dropped")
    return problems


def verify(text: str, material: Material, *, final: bool = True) -> VerifyResult:
    """Check a model's text (or, with final=False, a shown-so-far prefix) against the material it was given.

    Two levels: every item must occur in the material; and in a sentence that names sample cities, every
    number, percentage and rank must occur in a material sentence or fact about one of those cities.
    """
    normalised = normalise(text)
    items, unsupported = [], []
    for sentence in split_sentences(normalised):
        found = extract(sentence, material.source_ids)
        items += found
        cities = frozenset(i.key for i in found if i.kind == "city")
        for item in found:
            if not material.supports(item):
                unsupported.append(item.raw)
            elif not material.binds(item, cities):
                unsupported.append(f"{item.raw} ({'/'.join(sorted(cities))})")
    unique = tuple(dict.fromkeys(unsupported))
    problems = tuple(_problems(normalised, material, items, final))
    return VerifyResult(ok=not unique and not problems, unsupported=unique, problems=problems)
