"""A small grammar for the quantities in a question: direction, N, ranges, positions, thresholds, subsets,
years and months, weight changes, claims, and the aspects of method questions.

Each rule reads the whole question, so words combine ("前十里最弱的" is a top-10 subset and the bottom
direction; "倒数五名" is N=5 from the bottom; "ranked 6 to 10" a range). Direction is decided by every cue in
the question, not by the first regular expression that matched, and English cues are whole words ("what stops"
is not "top", "last year" is not "last").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from assistant.numerals import chinese_number
from assistant.understanding.lexicon import lexicon
from assistant.understanding.query import Claim, Direction, Subset, Threshold
from assistant.understanding.vocabulary import GROUP, Mentions
from index_core.dimensions import FIRST_LEVEL, TOTAL, dimension

NUM = r"(\d{1,2}|[一二三四五六七八九十两]{1,3})"
_EN_NUMBERS = {
    w: i
    for i, w in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen"
        " seventeen eighteen nineteen twenty".split()
    )
}
_EN_ORDINALS = {
    w: i
    for i, w in enumerate(
        "zeroth first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth thirteenth"
        " fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth twentieth".split()
    )
}
_EN_NUMBER_WORDS = re.compile(
    r"(?<![a-z])(" + "|".join(sorted(_EN_NUMBERS, key=len, reverse=True)) + r")(?![a-z])"
)
_EN_ORDINAL_WORDS = re.compile(
    r"(?<![a-z])(" + "|".join(sorted(_EN_ORDINALS, key=len, reverse=True)) + r")(?![a-z])"
)

# Direction cues. Chinese as substrings, English as whole words; "last" only where it means a position.
_BOTTOM = re.compile(
    r"倒数|垫底|末尾|末位|最后|最末|靠后|最低|最弱|最差|最少|最落后|最不|较弱|较差|偏弱|后\s*"
    + NUM
    + r"\s*[名位个座]"
    r"|(?<![a-z])(?:bottom|weakest|worst|lowest|least|fewest|trail|trails|trailing|laggards?|lag|lags|poorest|lagging|behind)(?![a-z])"
    # idioms for the end of a list ("bring up the rear", "prop up the table", "吊车尾")
    r"|(?<![a-z])(?:brings?|bringing|brought) up the rear\b|\bat the rear\b|\bprop(?:s|ping)? up the\b|吊车尾|拖后腿的几个"
    r"|(?<![a-z])last(?!\s+(?:year|month|time|update|revised|published))(?![a-z])"
)
_TOP = re.compile(
    r"最高|最强|最好|最多|最大|最领先|最突出|第一名|排第一|领先|前\s*" + NUM + r"|头部"
    r"|(?<![a-z])(?:top|best|strongest|highest|most|leading|leaders?|first)(?![a-z])"
)
_SUBSET_AFTER = (
    r"\s*(?:名|位|强|个|座)?\s*(?:的城市|城市)?\s*(?:里面|里头|里|中间|之中|当中|中|以内的城市中|内)"
)
_OUTSIDE = r"\s*(?:名|位|强)?\s*(?:以外|之外|以后|之后|开外)"


@dataclass(frozen=True)
class Quantities:
    """What the grammar read from one question."""

    direction: Direction = Direction.TOP
    direction_stated: bool = False
    n: int | None = None
    rank_range: tuple[int, int] | None = None
    position: int | None = None
    whole_list: bool = False
    single: bool = False
    threshold: Threshold | None = None
    subset: Subset | None = None
    years: tuple[int, ...] = ()
    months: tuple[int, ...] = ()


def number_word(word: str) -> int | None:
    """A count or place written as an English word, an ordinal or Chinese numerals ("two", "third", "两")."""
    word = word.strip().lower()
    if word in _EN_NUMBERS:
        return _EN_NUMBERS[word]
    if word in _EN_ORDINALS:
        return _EN_ORDINALS[word]
    value = chinese_number(word)
    return int(value) if value is not None else None


def _english_digits(lowered: str) -> str:
    """'top five' -> 'top 5', 'the third' -> 'the 3rd' (same length is not kept; callers re-search)."""
    lowered = _EN_ORDINAL_WORDS.sub(lambda m: f"{_EN_ORDINALS[m.group(0)]}th", lowered)
    return _EN_NUMBER_WORDS.sub(lambda m: str(_EN_NUMBERS[m.group(0)]), lowered)


def _column_near(mentions: Mentions, start: int, end: int) -> str:
    """The rank column a subset phrase refers to: a dimension named just before it, else the overall rank."""
    best = None
    for m in mentions.of("dimension"):
        if m.end <= start and start - m.end <= 4:
            best = m.key
    return dimension(best).column if best else TOTAL.column


# a group the question sets aside rather than selects ('省会城市（不算试验区城市）', 'excluding pilot-zone cities',
# '不属于试验区的那几个城市'): read just before the group's name
OUTSIDE_GROUP = re.compile(
    r"(?:not (?:one )?of the|not an?|isn't an?|aren't|is not an?|are not|other than the|non-|\bnot|非|不是|不属于|不在|除了?)\s*"
    # ("not among the 14 national AI pilot-zone cities", "不在14个国家新一代人工智能创新发展试验区")
    r"(?:(?:among|in|within|inside|part of|one of)\s+)?(?:the\s+)?(?:(?:\d{1,2}|十四)\s*个?\s*)?"
    r"(?:(?:national|state|ai|国家|新一代)\s*)*(?:人工智能)?(?:创新发展)?$"
)
NON_PILOT = re.compile(r"non-?\s?pilot[- ]zone|non-?\s?pilot cit|非试验区")
# English words that set cities aside ("leaving out the overall top ten", "apart from Beijing")
SET_ASIDE_EN = (
    r"besides|apart from|other than|aside from|except(?: for)?|excluding|not counting|leaving out|leave out|"
    r"setting aside|set aside|ignoring|without counting|putting aside|put aside"
)
SET_ASIDE = re.compile(
    r"(?:不算|不包括|不含|除了|除去|排除|去掉|除|"
    + SET_ASIDE_EN
    + r"|on top of|in addition to)\s*(?:the\s+)?$"
)
SET_ASIDE_REACH = (
    18  # characters before a group's name read for SET_ASIDE ("on top of the pilot-zone cities")
)


def non_pilot_group(named: list[str]) -> str | None:
    """The one sample group named beside "non-pilot-zone" ("the three provincial capitals that were picked as
    non-pilot-zone samples": the capitals, all of them outside the pilot zones); None when none or several are."""
    others = {key for key in named if key != "试验区城市"}
    return next(iter(others)) if len(others) == 1 else None


def groups_scope(selected: list[str], outside: list[str]) -> Subset | None:
    """The sample groups named, read as one scope. A group said not to be meant, with the others named beside it
    ("不是试验区的城市（省会和计划单列市）"), or all groups but one named together ("省会和计划单列市里谁最靠前") are
    the cities outside the remaining group, not the first group named."""
    known = set(lexicon().groups)
    chosen = list(dict.fromkeys(selected))
    # ("three provincial capitals that aren't pilot-zone cities" is the capitals: one group, said of it)
    if outside and (not chosen or set(chosen) == known - {outside[0]}):
        return Subset("not_group", group=outside[0])
    left = known - set(chosen)
    if len(chosen) >= 2 and len(left) == 1:
        return Subset("not_group", group=left.pop())
    if chosen:
        return Subset("group", group=chosen[0])
    return Subset("not_group", group=outside[0]) if outside else None


# not making it into a top N, said with a verb of squeezing or climbing ("没挤进前十", "未能跻身前十", "无缘前十")
NOT_SQUEEZED_IN = r"没有?挤进|挤不进|没能挤进|未能跻身|没能跻身|没有?跻身|无缘"

# the cities chapter three profiles, named as a scope ("of the ten cities profiled in detail", "重点分析的十个城市里")
_PROFILED_SCOPE = re.compile(
    r"(?:(?:ten|10) )?(?:cities|ones) (?:that (?:are|were|get|got) )?profiled(?: in detail| one by one| individually)?|"
    r"profiled (?:cities|ones)|(?:(?:ten|10) )?(?:cities|ones) (?:that )?(?:the report|it) (?:profiles|covers|analy[sz]es|examines)"
    r"(?: (?:in depth|in detail|one by one|individually|separately))?|"
    r"(?:重点|详细|专门|单独|逐一)(?:分析|介绍)(?:了)?的(?:那)?(?:十|10)?个?城市|十强城市(?:里|中|之中)"
)


def _subset(text: str, lowered: str, mentions: Mentions) -> tuple[Subset | None, tuple[int, int] | None]:
    """The group the question is restricted to, and the span of text that said so (read no further for N).

    With exactly one city named, "前十以外" / "outside the top ten" is said about that city (a claim), not a
    group to search in."""
    one_city = len(mentions.cities) == 1
    for pattern, kind in (
        (
            r"(?:没进|没有进|未进|不在|没能进|没有进入|未进入|"
            + NOT_SQUEEZED_IN
            + r")\s*(?:前)"
            + NUM
            + _SUBSET_AFTER,
            "outside",
        ),
        # the top N set aside ("除了前三名，…", "apart from the top three"): the cities after them
        (r"(?:除了|除去|不算|不包括|不含|排除|去掉)\s*(?:排名|总排名|总榜)?\s*前\s*" + NUM, "outside"),
        (
            r"(?:" + SET_ASIDE_EN + r")\s+the\s+(?:overall\s+)?top\s*(\d{1,2})",
            "outside",
        ),
        (r"(?:前|top\s*)" + NUM + _SUBSET_AFTER, "top"),
        (r"(?:倒数|后|bottom\s*)" + NUM + _SUBSET_AFTER, "bottom"),
        (r"(?:前)" + NUM + _OUTSIDE, "outside"),
        (
            r"(?:among|of|in|within)\s+the\s+(?:overall\s+)?top\s*(\d{1,2})\s*(?:cities)?\s*(?:,|who|which|what|whose|is|are|has|does)",
            "top",
        ),
        (
            r"(?:among|of|in|within)\s+the\s+(?:overall\s+)?bottom\s*(\d{1,2})\s*(?:cities)?\s*(?:,|who|which|what|whose|is|are|has|does)",
            "bottom",
        ),
        (r"(?:outside|beyond|below)\s+the\s+(?:overall\s+)?top\s*(\d{1,2})", "outside"),
    ):
        match = re.search(pattern, lowered)
        if not match or one_city:
            continue
        n = number_word(match.group(1))
        if not n or not 1 <= n <= 20:
            continue
        column = _column_near(mentions, match.start(), match.end())
        if kind == "outside":
            return Subset("range", low=n + 1, high=20, column=column), match.span()
        return Subset(kind, n=n, column=column), match.span()
    profiled = _PROFILED_SCOPE.search(lowered)
    if profiled and not one_city:
        # "Of the ten cities profiled in detail, which …", "报告重点分析的十个城市里": chapter three's cities
        from index_core.vocabulary import names

        # (the report profiles its overall top N, one section each: the same cities as that top N)
        return Subset("top", n=sum(c.profiled for c in names().cities), column=TOTAL.column), profiled.span()
    non_pilot = NON_PILOT.search(lowered)
    if non_pilot:  # "the non-pilot-zone sample cities (provincial capitals and separately planned cities)"
        named = non_pilot_group([g.key for g in mentions.of(GROUP)])
        if named is not None:
            g = next(g for g in mentions.of(GROUP) if g.key == named)
            return Subset("group", group=named), (
                min(g.start, non_pilot.start()),
                max(g.end, non_pilot.end()),
            )
        return Subset("not_group", group="试验区城市"), non_pilot.span()
    named = mentions.of(GROUP)
    said = text.lower()  # (the mentions' offsets are the text's: `lowered` has its number words as digits)
    outside = [g for g in named if OUTSIDE_GROUP.search(said[max(0, g.start - 36) : g.start])]
    groups = [
        g
        for g in named
        if g not in outside and not SET_ASIDE.search(said[max(0, g.start - SET_ASIDE_REACH) : g.start])
    ]
    # ("其中不属于试验区的那几个城市里": the cities outside the group)
    scope = groups_scope([g.key for g in groups], [g.key for g in outside])
    if scope is not None:
        spans = [*groups, *outside]
        return scope, (min(g.start for g in spans), max(g.end for g in spans))
    cities = mentions.cities
    if len(cities) >= 2 and re.search(
        r"(?:这几个|这些|这\s*[\d两三四五六七八九十]+\s*个[^，,？?]{0,6}?|[中里]|之中|当中)\s*(?:谁|哪|的?城市)|\bamong\b|"
        r"\bof (?:these|them|those)\b",
        lowered,
    ):
        return Subset("named", cities=cities), None
    return None, None


def _blank(text: str, span: tuple[int, int] | None) -> str:
    if not span:
        return text
    return text[: span[0]] + " " * (span[1] - span[0]) + text[span[1] :]


def _rank_range(lowered: str) -> tuple[int, int] | None:
    """'第4到第6', '4-6名', '排名6至10', 'ranks 4 to 6', '4th to 6th', 'ranked 6-10' as (4, 6)."""
    for pattern in (
        rf"第\s*{NUM}\s*(?:名|位)?\s*(?:到|至|-|~|—|～)\s*第?\s*{NUM}",
        rf"{NUM}\s*(?:-|~|—|～|到|至)\s*{NUM}\s*(?:名|位)",
        rf"(?:排名|名次|排在)\s*{NUM}\s*(?:-|~|—|～|到|至)\s*{NUM}",
        r"(?:ranks?|ranked|places?|positions?|spots?|between)\s*#?(\d{1,2})(?:st|nd|rd|th)?\s*(?:to|-|–|through|and|thru)\s*#?(\d{1,2})",
        # a list of neighbouring places: "4th, 5th and 6th", "第4、5、6名"
        r"(\d{1,2})(?:st|nd|rd|th)(?:\s*,\s*\d{1,2}(?:st|nd|rd|th))*\s*,?\s*and\s*(\d{1,2})(?:st|nd|rd|th)",
        r"(\d{1,2})(?:st|nd|rd|th)\s*(?:to|-|–|through|and)\s*(\d{1,2})(?:st|nd|rd|th)",
        rf"第\s*{NUM}(?:\s*[、,，]\s*第?\s*{NUM})*?\s*[、,，和及]\s*第?\s*{NUM}\s*(?:名|位)",
    ):
        match = re.search(pattern, lowered)
        if match:
            groups = [g for g in match.groups() if g]
            low, high = number_word(groups[0]), number_word(groups[-1])
            if low and high and 1 <= low <= high <= 20:
                return low, high
    return None


def _n(lowered: str) -> int | None:
    for pattern in (
        rf"(?:前|倒数|后)\s*{NUM}\s*(?:名|位|强|个|座|大)?",
        rf"{NUM}\s*强",
        r"(?<![a-z])(?:top|bottom|last|first|leading|lowest|highest|weakest|strongest|best|worst)\s*-?\s*(\d{1,2})(?![0-9a-z])",
        r"(?<![a-z])(?:which|name|list|show|give|the|what are the)\s+(\d{1,2})\s+(?:\w+\s+){0,2}(?:cities|ones|places)\b",
        rf"哪\s*{NUM}\s*(?:个|座|家)",  # (not 那: "那三个城市里" points at a group, it asks for no count)
        rf"(?<![那这])(?<![那这][\s的])(?<!前)(?<!后){NUM}\s*(?:个|座)\s*(?:城市|地方)",
    ):
        match = re.search(pattern, lowered)
        if match:
            n = number_word(match.group(1))
            if n and 1 <= n <= 20:
                return n
    if re.search(r"top half|upper half|前一半|前半", lowered):
        return 10
    if re.search(r"bottom half|lower half|后一半|后半", lowered):
        return 10
    return None


_POSITION_PATTERNS = (
    # a rank, said as one: 第6名, 排第六, 排名第6, 位列第三, 第六的城市 — not 第一部 (the first law), 第三届
    rf"第\s*{NUM}\s*(?:名|位(?!于))",
    rf"(?:排|排名|排在|排行|名次|位列|位居|名列|位次)\s*(?:是|为|在)?\s*第?\s*{NUM}(?![0-9一二三四五六七八九十])(?!\s*(?:部|届|批|次|个|家|轮|项|条|年|下|排|遍|番))",
    rf"(?<![、和及])第\s*{NUM}\s*(?=的城市|的是|是哪|是谁|呢|[，,？?]|$)",
    r"(?<![0-9])(\d{1,2})(?:st|nd|rd|th)(?![\s-]+(?:law|regulation|polic|batch|time|round|edition|session|conference|expo|world|generation|level|tier))"
    # "the first city to build …" is a distinction, not a rank ("5th overall thanks to its …" is one)
    r"(?!\s+(?:(?!thanks\b|due\b|owing\b|close\b|next\b|compared\b|relative\b|according\b)[a-z]+\s+){0,4}to\s+[a-z])\b",
    r"\b(?:number|no\.|#)\s*(\d{1,2})\b|#(\d{1,2})\b",
)


_FROM_BOTTOM = re.compile(
    rf"倒数\s*第\s*{NUM}|(\d{{1,2}})(?:st|nd|rd|th)[\s-]+(?:from\s+(?:the\s+)?(?:bottom|last)|to[\s-]+last|last)"
)
SAMPLE_SIZE = 20
# the last place, said without a number ("came dead last", "垫底")
_LAST_PLACE = re.compile(
    r"\b(?:dead last|(?:came|comes|come|ranked|ranks|rank|finished|finishes|placed) (?:dead )?last\b(?! year)|"
    r"last place|in last\b|at the (?:very )?bottom)|垫底|最后一名|排最后|排在最后|排名最后"
)


def _position(lowered: str) -> tuple[int, int] | None:
    """One rank and where it was said: '第6名', '排第六', '6th', 'number 6', '#6', 'sixth place';
    '倒数第二' / '2nd from the bottom' / 'second to last' count from the end (19)."""
    match = _FROM_BOTTOM.search(lowered)
    if match:
        value = number_word(next(g for g in match.groups() if g))
        if value and 1 <= value <= SAMPLE_SIZE:
            return SAMPLE_SIZE + 1 - value, match.start()
    found: list[tuple[int, int]] = []
    last = _LAST_PLACE.search(lowered)
    if last:
        found.append((last.start(), SAMPLE_SIZE))
    for pattern in _POSITION_PATTERNS:
        for match in re.finditer(pattern, lowered):
            value = number_word(next(g for g in match.groups() if g))
            if (
                value
                and 1 <= value <= SAMPLE_SIZE
                and not _MEASURED_AGAINST.search(lowered[: match.start()])
                and not _NEGATED_PLACE.search(lowered[: match.start()])
            ):
                found.append((match.start(), value))
                break
    if not found:
        return None
    start, value = min(found)  # the place said first ("拿了总榜第一，比第二名高出多少": 第一)
    return value, start


def place_beyond_sample(lowered: str) -> tuple[int, int] | None:
    """'总排名第25的那个城市', 'ranked 30th': a place past the sample's last, said as a place held (the report ranks
    only its 20 cities, so no city holds it); (place, where it was said)."""
    for pattern in _POSITION_PATTERNS:
        for match in re.finditer(pattern, lowered):
            value = number_word(next(g for g in match.groups() if g))
            if (
                value
                and SAMPLE_SIZE < value < 100
                and not re.match(r"\s*centur", lowered[match.end() :])
                and not _MEASURED_AGAINST.search(lowered[: match.start()])
                and not _NEGATED_PLACE.search(lowered[: match.start()])
            ):
                return value, match.start()
    return None


# a place said not to be held ("where Shanghai isn't number one", "没拿第一"): no place stated
_NEGATED_PLACE = re.compile(
    r"(?:\bisn't|\bis not|\bnot|\bwasn't|\baren't|\bnever|没有?|不是|并非|未能?)\s*(?:ranked\s*|拿|排|进)?$"
)
# a place named as what another is measured against ("比第二名高出多少", "ahead of the 2nd"), not a place held
_MEASURED_AGAINST = re.compile(
    r"(?:比|较|于|领先|落后|甩开|甩了|超过|超出|than|over|ahead of|behind|lead(?:s|ing)?)\s*(?:了|the\s*)?$"
)


def _threshold(lowered: str) -> Threshold | None:
    match = re.search(
        r"(?:超过|高于|大于|不低于|多于|突破|超出|过了?|达到|达|above|over|more than|at least|higher than|clear(?:ed|s)?|"
        r"exceed(?:ed|s)?|top(?:ped|s)?|pass(?:ed|es)?|cross(?:ed|es)?|beyond|broke|break|reach(?:ed|es)?|hit|"
        r"surpass(?:ed|es)?)\s*(?:the\s+)?"
        r"(\d+(?:\.\d+)?)\s*(?:分|-?points?|-point mark|mark)",
        lowered,
    )
    match = match or re.search(r"(\d+(?:\.\d+)?)\s*分\s*(?:以上|及以上)", lowered)
    # "with 60+ points", "60-plus points", "60 points or more"
    match = match or re.search(
        r"(\d+(?:\.\d+)?)\s*(?:\+|-?plus\b|or (?:more|above|higher)\b|and (?:above|up|over)\b)\s*(?:分|-?points?)|"
        r"(\d+(?:\.\d+)?)\s*(?:分|-?points?)\s*(?:\+|or (?:more|above|higher)\b|and (?:above|up|over)\b|plus\b)",
        lowered,
    )
    if not match and re.search(r"\bscor|分值|得分|分数", lowered):
        # "which cities scored above 60": a score named, the bound without its unit
        match = re.search(
            r"(?:超过|高于|大于|不低于|突破|above|over|more than|at least|higher than|clear(?:ed|s)?|exceed(?:ed|s)?)"
            r"\s*(?:the\s+)?(\d+(?:\.\d+)?)(?!\s*(?:%|个|家|亿|名|cities|billion|th\b))",
            lowered,
        )
    if match:
        return Threshold("score", ">", float(next(g for g in match.groups() if g)))
    match = re.search(r"(?:低于|少于|不到|below|under|less than)\s*(\d+(?:\.\d+)?)\s*(?:分|points?)", lowered)
    if match:
        return Threshold("score", "<", float(match.group(1)))
    return None


def _years(lowered: str) -> tuple[int, ...]:
    return tuple(dict.fromkeys(int(y) for y in re.findall(r"(?<![0-9])(20[0-2]\d)(?![0-9])", lowered)))


_MONTHS_EN = "january february march april may june july august september october november december".split()


def _months(lowered: str) -> tuple[int, ...]:
    found = [
        chinese_number(m)
        for m in re.findall(r"(?<![0-9])(\d{1,2}|十[一二]?|[一二三四五六七八九])\s*月", lowered)
    ]
    found += [
        i + 1 for i, name in enumerate(_MONTHS_EN) if re.search(rf"\b{name[:3]}(?:{name[3:]})?\b", lowered)
    ]
    found += [int(m) for m in re.findall(r"20[0-2]\d[-/.](\d{1,2})(?![0-9])", lowered)]
    return tuple(dict.fromkeys(int(m) for m in found if m and 1 <= int(m) <= 12))


_WHOLE = re.compile(
    r"全部|所有城市|完整|整个排名|全排名|排行榜|榜单|20个城市的排名|每个城市|\ball (?:20 |twenty )?cities\b|\bfull (?:ranking|list|table)\b|\bleaderboard\b|\bevery city\b|\bcomplete (?:ranking|list)\b"
)
_SINGLE = re.compile(r"哪个|哪座|哪一个|哪家|谁|\bwhich city\b|\bwho\b|\bwhat city\b")
_PLURAL = re.compile(r"哪些|哪几|\bwhich cities\b|\bwhat cities\b|\bwho are\b")


def quantities(text: str, mentions: Mentions) -> Quantities:
    lowered = _english_digits(text.lower())
    subset, span = _subset(text, lowered, mentions)
    rest = _blank(lowered, span)
    bottom = [m.start() for m in _BOTTOM.finditer(rest)]
    top = [m.start() for m in _TOP.finditer(rest)]
    if subset is not None and subset.kind in ("top", "bottom"):
        top = [p for p in top if not (span and span[0] <= p < span[1])]
    direction = (
        Direction.BOTTOM
        if bottom and (not top or max(bottom) >= max(top) or len(bottom) >= len(top))
        else Direction.TOP
    )
    rank_range = _rank_range(rest)
    n = None if rank_range else _n(rest)
    found = None if (rank_range or n) else _position(rest)
    position = found[0] if found else None
    single = bool(_SINGLE.search(rest)) and not _PLURAL.search(rest)
    return Quantities(
        direction=direction,
        direction_stated=bool(bottom or top),
        n=n,
        rank_range=rank_range,
        position=position,
        whole_list=bool(_WHOLE.search(rest)),
        single=single,
        threshold=_threshold(rest),
        subset=subset,
        years=_years(lowered),
        months=_months(lowered),
    )


LEVEL2_COLUMN = "level2:"  # a claim's column naming a second-level indicator instead of a rank column
METRIC_COLUMN = "metric:"  # a claim's column naming a stated figure (a place among the cities that have it)


_CLAUSE_BREAK = re.compile(
    r"\b(?:even though|although|though|but|while|whereas|yet|despite|when (?:its|their|it's))\b|虽然|尽管|但是?|可是|却|不过"
)


def _between(raw: str, mention, at: int) -> str:
    """The text between a mention and a position; a contrast word said right after the mention's subject
    ("发展成效却排到第7", "反而") belongs to its clause, so it is left out."""
    span = raw[min(mention.end, at) : max(mention.start, at)]
    return re.sub(r"^\s*(?:却|反而|反倒)", "", span) if mention.end <= at else span


def _column_at(mentions: Mentions, at: int, default: str, raw: str = "") -> str:
    """The rank column a stated rank refers to: the dimension named nearest to it ('13th overall'), or a
    second-level indicator ('产业覆盖度排第二' -> 'level2:产业覆盖度', checked against the ranks the text states)."""
    named = [*mentions.of("dimension"), *mentions.of("level2"), *mentions.of("metric")]
    if not named:
        return default
    if raw:
        # "dragging Nanjing down to 10th even though its knowledge creation is decent": a ranking named across a
        # contrast is not the one the place is on
        # ("环境支撑力却是第5": 却 said after the ranking is inside its clause, not a break before it)
        near = [m for m in named if not _CLAUSE_BREAK.search(_between(raw, m, at))]
        if not near:
            return TOTAL.column
        named = near
    # (the nearest; at equal distance the one in the same clause, then the one said before the place: "青岛GDP在
    # 样本城市里才排第12，凭啥总排名能进前十" puts 12 on GDP)
    nearest = min(
        named,
        key=lambda m: (
            min(abs(m.start - at), abs(m.end - at)),
            bool(re.search(r"[，,;；。？?]", raw[min(m.end, at) : max(m.start, at)])) if raw else False,
            m.start > at,
        ),
    )
    if nearest.kind == "level2":
        return f"{LEVEL2_COLUMN}{nearest.key}"
    if nearest.kind == "metric":
        # "广州2020年GDP是27670亿元，在样本城市里排第三": a place among the cities the report gives the figure for
        return f"{METRIC_COLUMN}{nearest.key}"
    return dimension(nearest.key).column


_SCOPE_OF_SUPERLATIVE = re.compile(
    r"(?:城市)?(?:里面?|中间?|之中|当中|内)(?:的)?[^，。？?,]{0,8}?(?:最|第一|头名|垫底|倒数第一)"
)


def _superlative_asked_apart(raw: str, mentions: Mentions, superlative: re.Match) -> bool:
    """A superlative that states nothing of the city before it: said after a question mark ("北京、上海、深圳…各是
    多少？最高和最低差几分？") or paired with its opposite ("最高和最低", "the highest and the lowest"), it asks."""
    before = [m for m in mentions.of("city") if m.end <= superlative.start()]
    if before and re.search(r"[？?。！!；;]", raw[before[-1].end : superlative.start()]):
        return True
    paired = r"\s*(?:和|与|跟|及|、|/|-|–|and|vs\.?|versus|to)\s*(?:the\s+)?"
    ahead = raw[superlative.end() : superlative.end() + 16]
    return (
        re.match(
            paired
            + r"(?:最低|最少|最小|最弱|最高|最多|最大|最强|lowest|highest|smallest|largest|least|most)",
            ahead,
        )
        is not None
    )


def _city_before(mentions: Mentions, at: int, raw: str = "") -> str | None:
    """The city named last before position `at` (the subject of what is said there), else the first city. A city
    a relation points at is not the subject ("深圳排在上海后面只拿了第三": 上海 is what 深圳 is placed against)."""
    before = [m for m in mentions.of("city") if m.start <= at]
    if len(before) > 1 and raw:
        before = [m for m in before if not _RELATIVE_TO.match(raw, m.end)] or before
    if before:
        return before[-1].key
    if raw and _ASKS_WHO.search(raw[:at]):
        return None  # "Which city has the second-most …, right after Shenzhen?": the place is what is asked
    cities = mentions.cities
    return cities[0] if len(cities) == 1 else None


# a score stated for a city ("北京总得分86.80分", "Beijing's overall score was 86.80"): a number with two decimals
# (how the report prints scores) or "N分", said with a score word; a bound ("得分超过80分") is a threshold, not a claim
_STATED_SCORE = re.compile(
    r"(?:得分|总分|分数|分值|打分|score[sd]?|scoring|points?)[^0-9，。,;；？?]{0,16}?(?<![\d.])(\d{2,3}(?:\.\d{1,2})?)(?![\d.%])"
    r"|(?<![\d.])(\d{2,3}\.\d{1,2})\s*(?:分|points?\b)"
    # a whole number of points with its bound ("深圳也有85分以上"), or a bound in English after an earlier score
    # word ("Beijing scored over 90 and Shenzhen more than 85")
    r"|(?<![\d.])(\d{2,3})\s*分\s*(?=以上|以下|多|出头)"
    r"|(?:more than|over|above|at least|below|under|less than)\s+(\d{2,3})(?![\d.%])"
)
_SCORE_BOUND = re.compile(
    r"(?:超过|高于|低于|不低于|不少于|以上|以下|above|below|over|under|at least|more than|less than)\s*$"
)


# a bound said after the number ("85分以上", "90多分", "60+ points", "80 or more")
_SCORE_BOUND_AFTER = re.compile(
    r"\s*(?:分\s*)?(?:以上|以下|多|出头|开外|\+|or (?:more|above|higher|less|below|lower)\b|plus\b|-plus\b)"
)
_BELOW = re.compile(r"低于|以下|below|under|less|lower")


def _score_claims(raw: str, mentions: Mentions) -> tuple[Claim, ...]:
    """A score the question states for a named city, on the dimension named before it in its clause (else the
    overall index): checked against the scores the report prints."""
    found: list[Claim] = []
    for match in _STATED_SCORE.finditer(raw):
        group = next(i for i in range(1, 5) if match.group(i))
        if group == 4 and not re.search(r"\bscor|\bpoints?\b", raw[: match.start()]):
            continue  # ("more than 85" is a score only after one was named)
        at = match.start(group)
        clause_start = max((m.end() for m in re.finditer(r"[，。,;；？?!！]", raw[:at])), default=0)
        bound = _SCORE_BOUND.search(raw[max(0, at - 12) : at]) or _SCORE_BOUND_AFTER.match(
            raw, match.end(group)
        )
        if bound:
            # "深圳第二也有85分以上", "北京总分90多分": a bound stated of the city said in the same clause (a bound
            # with no city of its own, "得分超过80分的城市", is a threshold asked with)
            if not any(clause_start <= m.start < at for m in mentions.of("city")):
                continue
            kind, side = "score_bound", ("<" if _BELOW.search(bound.group()) else ">")
        else:
            kind, side = "score", None
        city = _city_before(mentions, at, raw)
        if city is None:
            continue
        dims = [m for m in mentions.of("dimension") if clause_start <= m.start < at]
        column = dimension(dims[-1].key).column if dims else TOTAL.column
        found.append(Claim(kind, city, column, float(match.group(group)), other=side))
    return tuple(found)


def claims(text: str, mentions: Mentions) -> tuple[Claim, ...]:
    """What the question takes as given about a named city: a rank ('听说杭州总排名第三'), a top-N membership
    ('Since Chongqing made the top 10'), a figure ('Shenzhen has 27 AI unicorns'), or an order between two
    named cities ('Why did Shenzhen beat Beijing?', '深圳比北京强在哪'); about the report, the size of its
    sample ('这份报告覆盖了全国30个城市')."""
    lowered = _english_digits(text.lower())
    dims = mentions.dimensions
    column = dims[0].column if dims else TOTAL.column
    sample = _sample_size_claim(lowered)  # ("The report ranks 30 cities, right? Where does Dalian fall?")
    if not mentions.cities:
        beyond = place_beyond_sample(lowered) if _position(lowered) is None else None
        past = (Claim("beyond_sample", "", column, float(beyond[0])),) if beyond else ()
        return sample + past + _confirmed_claims(text.lower(), mentions)
    return sample + _city_claims(text, lowered, mentions, column)


def _city_claims(text: str, lowered: str, mentions: Mentions, column: str) -> tuple[Claim, ...]:
    """The claims about the cities a question names (`lowered`: its text lower-cased, English numbers as digits)."""
    order = _order_claim(text.lower(), mentions, column)  # (mention positions index the text as written)
    every = _first_on_every_dimension(lowered, mentions)
    if every:
        return (
            order + every + _score_claims(text.lower(), mentions) + _confirmed_claims(text.lower(), mentions)
        )
    each = places_of_each_city(text.lower(), mentions)
    scores = _score_claims(text.lower(), mentions)
    if each:
        return (
            order
            + tuple(c for c in each if c not in order)
            + scores
            + _confirmed_claims(text.lower(), mentions)
        )
    return (
        order
        + tuple(c for c in _single_city_claims(lowered, mentions, column, text.lower()) if c not in order)
        + scores
        + _confirmed_claims(text.lower(), mentions)
    )


# each of the four first-level dimensions, said of one city ("every one of the four", "四个一级指标都")
_ALL_FOUR_EN = r"\b(?:all|every (?:one|1) of|each of|every)\s+(?:the\s+|its\s+)?(?:four|4)\b"
_ALL_FOUR_ZH = r"(?:四个一级指标|四项(?:一级指标)?|四个维度|一级指标)(?:上)?(?:都|均|全|全都|全部)"
# first on each of them ("topped every one of the four dimensions", "四个一级指标都是第一")
_FIRST_ON_EVERY = re.compile(
    r"\b(?:topped|tops|tops out|leads?|led|came first|ranks? first|ranked first|is first|was first|number one|no\.? ?1)\b"
    rf"[^.?!]{{0,30}}?{_ALL_FOUR_EN}|"
    r"\b(?:all|every (?:one|1) of|each of)\s+(?:the\s+|its\s+)?(?:four|4)\s+(?:dimensions|pillars|first-level)"
    r"[^.?!]{0,20}?\b(?:first|1st|top)\b|"
    rf"{_ALL_FOUR_ZH}(?:是|排|排名|排在|位列|拿了?)?(?:第一|第1(?!\d)|榜首)"
)
# last on each of them ("Dalian ranks last on all four first-level dimensions", "四个一级指标都垫底")
_LAST_ON_EVERY = re.compile(
    r"\b(?:ranks?|ranked|is|was|came|comes|sits?|finished|placed)\s+(?:dead\s+)?(?:last|bottom)\b"
    rf"[^.?!]{{0,30}}?{_ALL_FOUR_EN}|"
    rf"{_ALL_FOUR_ZH}(?:是|排|排名|排在|位列)?(?:倒数第一|垫底|最后一名?)"
)


def _first_on_every_dimension(lowered: str, mentions: Mentions) -> tuple[Claim, ...]:
    """'Given that Beijing topped every one of the four dimensions, …', 'Dalian ranks last on all four': first (or
    last) place stated on each of the four, each checked on its own (Beijing is 2nd on environment support)."""
    cities = mentions.cities
    if len(set(cities)) != 1:
        return ()
    place = (
        1 if _FIRST_ON_EVERY.search(lowered) else (SAMPLE_SIZE if _LAST_ON_EVERY.search(lowered) else None)
    )
    if place is None:
        return ()
    return tuple(Claim("rank", cities[0], d.column, place) for d in FIRST_LEVEL)


def places_of_each_city(raw: str, mentions: Mentions) -> tuple[Claim, ...]:
    """'大连倒数第二、沈阳垫底，这俩城市的资源支持力分别排多少？': a place stated for each of two or more cities, each in
    its own clause, on the dimension named in that clause (none named there: the overall ranking, not the
    dimension the question goes on to ask about)."""
    found: list[Claim] = []
    for clause in re.finditer(r"(?:(?!\b(?:and|while|whereas|but)\b)[^，,、;；。？?！!—–])+", raw):
        start, end = clause.span()
        cities = {m.key for m in mentions.of("city") if start <= m.start < end}
        if len(cities) != 1:
            continue
        position = _position(_english_digits(clause.group()))
        if position is None:
            continue
        dims = [m for m in mentions.of("dimension") if start <= m.start < end]
        column = dimension(dims[0].key).column if dims else TOTAL.column
        found.append(Claim("rank", cities.pop(), column, float(position[0])))
    return tuple(found) if len({c.city for c in found}) >= 2 else ()


_SAMPLE_SIZE_STATED = re.compile(
    rf"(?:覆盖|涵盖|包括|包含|选了|选取了?|研究了?|评估了?|评了|比较了?|分析了?|共|一共|总共|全国)\s*(?:了)?\s*(?:全国)?\s*"
    rf"{NUM}\s*(?:个|座)\s*(?:样本)?城市"
    r"|\b(?:covers?|covered|covering|includes?|included|studies|studied|ranks?|ranked|evaluates?|evaluated|"
    r"looks? at|looked at|sample of|compares?|compared|all)\s+(?:the\s+|only\s+)?(\d{1,3})\s+(?:chinese\s+)?cities"
)


def _sample_size_claim(lowered: str) -> tuple[Claim, ...]:
    """'这份报告覆盖了全国30个城市', 'The report covers 30 cities, right?': the sample size stated, checked by the
    method answer against the report's."""
    match = _SAMPLE_SIZE_STATED.search(lowered)
    if not match:
        return ()
    value = number_word(next(g for g in match.groups() if g))
    return (Claim("sample_size", "", "cities", float(value)),) if value else ()


# Tag questions put after a statement for the asker to have it confirmed ("…, right?", "…对吧？"); the parser reads
# a clause ending in one as a premise (parser._TAGGED_STATEMENT)
TAG_EN = r"right|correct|isn't it|wasn't it|didn't it"
TAG_ZH = r"对吧|对吗|是吧|没错吧|(?<=[的了])吧"
# A question that states something and asks to have it confirmed ("…是2015年批下来的吧？", "…in 2015, right?")
_CONFIRMING = re.compile(
    r"(?:吧|对吧|对吗|对不对|是不是|没错吧|没错吗|是吗|没记错吧)[？?！!。\s]*$"
    r"|^(?:听说|据说|我记得|记得|好像)"
    r"|\b(?:right|correct|isn't it|wasn't it|didn't it|didn't they|is that right|is that correct|am i right)"
    r"[?？.!\s]*$|^(?:i (?:think|believe|heard|read|recall|remember))\b"
    # a tag question before a second ask ("… back in 2019, right? What's it done since then?")
    rf"|,\s*(?:{TAG_EN})\s*[?？]|(?:{TAG_ZH})[？?]"
    r"|(?:是这么|是这样)(?:写|说)的?吗|这么写的吗|属实吗|\bis (?:that|this) (?:true|accurate|what the report says)\b"
)
# words dating an event (an approval, a founding, a launch), which the report's sentences date
EVENT_WORDS = (
    r"获批|批准|批复|批下来|成立|设立|发布|揭牌|建成|入选|启动|挂牌|approved|approval|founded|set up|launched|unveiled|"
    r"selected|established|opened"
)
# a statement clause dating an event, before the question ("苏州是2019年获批…的，…？", "Suzhou, approved in 2019, …")
_DATED_PREMISE = re.compile(
    rf"[^，,？?。]*?(?<![0-9])((?:19|20)\d{{2}})(?![0-9])\s*年?[^，,？?。]*?(?:{EVENT_WORDS})[^，,？?。]*[，,]\s*\S"
)
# a why-question dating the event it asks about ("Why did Chengdu get its pilot-zone approval back in 2019?"): the
# year is taken as given, and checked
_WHY_DATED = re.compile(
    rf"(?=.*(?:{EVENT_WORDS}))\s*(?:why|how come|为什么|为何|为啥|怎么)[^？?。]*?(?<![0-9])((?:19|20)\d{{2}})(?![0-9])"
)
# a tag question before a second ask ("武汉是2019年获批的吧？它的方案是什么时候出的？")
TAG_BEFORE_ASK = re.compile(rf"(?:{TAG_ZH})[？?]|,\s*(?:{TAG_EN})\s*[?？]")
_ASKS_WHEN = re.compile(r"哪一?年|什么时候|何时|几月|\bwhen\b|\bwhat year\b|\bwhich year\b")
STATED_YEAR = re.compile(r"(?<![0-9])((?:19|20)\d{2})(?![0-9])")  # a year as written anywhere in a text


_STATED_AMOUNT = re.compile(r"(?<![0-9.])(\d+(?:\.\d+)?)\s*(亿美元|亿元|万元|亿核小时|p\b|%|家|所)")


# a statement clause giving an amount, before the question ("上海设了500亿的先导产业基金，主要投哪些领域？")
_AMOUNT_PREMISE = re.compile(
    r"(?P<clause>[^，,？?。]*?(?<![0-9.])(?P<value>\d+(?:\.\d+)?)\s*(?P<unit>亿美元|亿元|万元|亿|万)(?![0-9])[^，,？?。]*)"
    r"[，,]\s*\S"
)
_PREMISE_ASKS = re.compile(r"多少|几|哪|什么|啥|吗|是否|是不是|对吧|对不对|\?|？")


def _confirmed_claims(lowered: str, mentions: Mentions) -> tuple[Claim, ...]:
    """A year or an amount stated as fact in a question asking to confirm it ("深圳的国家超算中心是2015年批下来的
    吧？", "最高给50亿元支持，报告里是这么写的吗？"): the composer that finds the report's sentence checks it against
    what the sentence gives. Kinds "year" (column "year") and "amount" (column: the unit)."""
    premise = _DATED_PREMISE.match(lowered.strip()) or _WHY_DATED.match(lowered.strip())
    if premise and not _ASKS_WHEN.search(lowered):
        # "苏州是2019年获批…试验区的，它的核心区是哪里？": a year stated as given before the question, checked too
        city = mentions.cities[0] if mentions.cities else ""
        return (Claim("year", city, "premise", float(premise.group(1))),)  # (not asked to be confirmed)
    amount = _AMOUNT_PREMISE.match(lowered.strip())
    if amount and not _PREMISE_ASKS.search(amount.group("clause")):
        # "上海2020年设了500亿的先导产业基金，主要投哪些领域？": an amount stated as given, checked against the sentence
        city = mentions.cities[0] if mentions.cities else ""
        return (Claim("amount", city, amount.group("unit"), float(amount.group("value"))),)
    if not _CONFIRMING.search(lowered.strip()):
        return ()
    city = mentions.cities[0] if mentions.cities else ""
    found: list[Claim] = []
    years = [int(y) for y in STATED_YEAR.findall(lowered)]
    if len(set(years)) == 1 and not _ASKS_WHEN.search(lowered):
        found.append(Claim("year", city, "year", float(years[0])))
    for number, unit in _STATED_AMOUNT.findall(lowered):
        found.append(Claim("amount", city, unit, float(number)))
    return tuple(found)


_UNNAMED_SUBINDICATOR = re.compile(
    r"sub-?indicators?|sub-?ind(?:ex|ices)|second-level|二级指标|分项指标|某个指标|某项指标|one of its (?:indicators|measures)"
)


# where one stated place ends and the next may begin ("西安总排名12，可知识创造力和发展成效都排第7", "12th overall
# but 7th in knowledge creation and outcomes")
_PLACE_CLAUSE = re.compile(r"[，,;；。？?！!]|\b(?:but|while|whereas|yet|and yet)\b|可是?|但是?|却|而")
# two dimensions given one place together ("知识创造力和发展成效都排第7", "7th in knowledge creation and outcomes")
_BOTH_PLACED = re.compile(r"都|均|同样|both|each|\band\b|和|与|及")


def _further_places(lowered: str, raw: str, mentions: Mentions, first_at: int) -> tuple[Claim, ...]:
    """The places a question states after its first one, one per clause, each on the dimension(s) named in that
    clause ('西安总排名12，可知识创造力和发展成效都排第7' states 7th on knowledge creation and on outcomes). The
    city is left blank for the caller: these are said of the one city the question names."""
    found: list[Claim] = []
    at = first_at
    while True:
        brk = _PLACE_CLAUSE.search(lowered, at + 1)
        if brk is None:
            break
        start = brk.end()
        nxt = _position(lowered[start:])
        if nxt is None:
            break
        value, place_at = nxt[0], start + nxt[1]
        clause_start = max((m.end() for m in _PLACE_CLAUSE.finditer(lowered, 0, place_at)), default=0)
        end = _PLACE_CLAUSE.search(lowered, place_at)
        end_at = end.start() if end else len(lowered)
        dims = [m for m in mentions.of("dimension") if clause_start <= m.start < end_at]
        if len(dims) >= 2 and _BOTH_PLACED.search(
            raw[dims[0].end : dims[-1].start] + raw[dims[-1].end : end_at]
        ):
            found += [Claim("rank", "", dimension(m.key).column, value) for m in dims]
        elif dims:
            found.append(Claim("rank", "", _column_at(mentions, place_at, TOTAL.column, raw), value))
        at = place_at
    return tuple(found)


def _single_city_claims(lowered: str, mentions: Mentions, column: str, raw: str) -> tuple[Claim, ...]:
    """(`raw` is the lower-cased text the mentions' positions index; `lowered` has English numbers as digits.)"""
    dims = mentions.dimensions
    group_claim: tuple[Claim, ...] = ()
    # a named zone followed by 城市 ("…创新发展试验区城市") names the sample group, though the zone's name was read first
    zone_cities = [
        replace(m, kind=GROUP, key="试验区城市")
        for m in mentions.of("topic")
        if m.key == "试验区" and raw[m.end : m.end + 4].startswith(("城市", "建设城市"))
    ]
    # the city said to have been approved to build the zone ("青岛是哪一年获批建设…试验区的", "When was Qingdao
    # approved to build a … pilot zone"): the pilot-zone group taken as given
    approved = [
        replace(m, kind=GROUP, key="试验区城市")
        for m in mentions.of("topic")
        if m.key == "试验区"
        and re.search(
            r"(?:获批|批准|入选|成为|获得|拿到)[^，。？?]{0,12}$|\b(?:approved|selected|chosen|designated|became|become|"
            r"picked|named)\b[a-z -]{0,60}$",
            raw[max(0, m.start - 40) : m.start],
        )
    ]
    groups = sorted((*mentions.of(GROUP), *zone_cities), key=lambda m: m.start)
    if approved and not groups and len(set(mentions.cities)) == 1:
        group_claim = (Claim("group", mentions.cities[0], "试验区城市"),)
    # the city a group is said of: the only one named, or the one named just before the group in its clause
    # ("Qingdao is Shandong's provincial capital, right? How does it compare with … such as Nanjing?")
    said_of = None
    if groups:
        g = groups[0]
        if len(set(mentions.cities)) == 1:
            said_of = mentions.cities[0]
        else:
            before_group = [
                m
                for m in mentions.of("city")
                if m.end <= g.start and not re.search(r"[？?。!！]", raw[m.end : g.start])
            ]
            said_of = before_group[-1].key if before_group else None
        denied = re.search(
            r"(?:不是|并非|并不是|不属于|非|\bnot(?: one of)?|isn't|aren't|is not|are not)\s*(?:an?\s+|the\s+)?"
            r"(?:国家)?(?:新一代)?(?:人工智能)?(?:创新发展)?(?:national\s+)?(?:ai\s+)?$",
            raw[max(0, g.start - 24) : g.start],
        )
        if denied and said_of is not None:
            # "南京和青岛都进了前十但都不是试验区城市": the group denied of the city (of each city in that clause,
            # said with 都/both), checked as stated
            clause = [
                m.key
                for m in mentions.of("city")
                if m.end <= g.start and not re.search(r"[？?。!！]", raw[m.end : g.start])
            ]
            every = re.search(r"都|均|both|neither|all", raw[max(0, g.start - 24) : g.start])
            named = tuple(dict.fromkeys(clause)) if every else (said_of,)
            return tuple(Claim("not_group", c, g.key) for c in named)
    if said_of is not None and _SCOPE_OF_SUPERLATIVE.match(raw, g.end):
        # "大连应该是三个计划单列市里排名最高的吧？", "杭州是省会城市中最好的吗": the group is where the superlative
        # holds (the claim checked is the superlative), not a group the city is said to belong to
        said_of = None
    if said_of is not None:
        # "青岛作为省会城市，为什么…", "南京作为国家新一代人工智能创新发展试验区城市排第十", "As a provincial capital, why
        # is Qingdao…": a sample group taken as given (besides any rank the question also states)
        before = raw[max(0, g.start - 32) : g.start]
        if re.search(
            # ("one" may already read as 1: "as 1 of the")
            r"(?:作为|身为|属于)[^，。,？?]{0,16}$|是\s*(?:一个|一座)?$|\bas (?:a|an|(?:one|1) of the)\s*$|\bbeing (?:a|an)\s*$"
            r"|\b(?:is|was|being) (?:a|an|(?:one|1) of the|the only)\s*$|是唯一(?:的|一个)?$"
            # a province's capital ("is Shandong's provincial capital", "是山东的省会")
            r"|\b(?:is|was) (?:the )?[a-z]+(?:'s|’s) \s*$|是[\u4e00-\u9fff]{2,3}(?:省)?的?$"
            r"|\b(?:among|(?:one|1) of) (?:the )?(?:\d+ |fourteen |three )?(?:[a-z]+ ){0,3}$",
            before,
        ):
            group_claim = (Claim("group", said_of, g.key),)
    found = _position(lowered)
    if found and not mentions.of("level2") and _UNNAMED_SUBINDICATOR.search(lowered[: found[1]]):
        # "one of its sub-indicators is tied for No.1": a place on an indicator the question does not name is
        # not a place on the overall ranking
        found = None
    if not found:
        found = place_beyond_sample(
            lowered
        )  # "杭州是第25名吧": a place no sample city holds, corrected as a rank
    if found:
        city = _city_before(mentions, found[1], raw)
        ranked = (Claim("rank", city, _column_at(mentions, found[1], column, raw), found[0]),) if city else ()
        further = (
            _further_places(lowered, raw, mentions, found[1])
            if city and len(set(mentions.cities)) == 1
            else ()
        )
        return (
            group_claim
            + ranked
            + tuple(replace(c, city=city) for c in further if c.column != ranked[0].column)
        )
    if group_claim:
        return group_claim
    match = re.search(
        rf"(?:进了?|进入|挤进|跻身|位列|排进|入围|made|make|in|into|among|inside)\s*(?:the\s*)?(?:overall\s*)?(?:前|top\s*)\s*{NUM}",
        lowered,
    )
    superlative = _SUPERLATIVE_CLAIM.search(lowered)
    if match and superlative and superlative.start() < match.start():
        # "Is Suzhou the richest city in the top 10?": the top ten is where the superlative holds, not a claim
        said = _metric_before(mentions.of("metric"), superlative.end())
        claimed = _city_before(mentions, superlative.start())
        if said is not None and claimed and not _ASKS_WHO.search(lowered[: superlative.end() + 12]):
            return (Claim("min" if superlative.group("low") else "max", claimed, said),)
    if match:
        n, city = number_word(match.group(1)), _city_before(mentions, match.start())
        # the ranking the top N is on: a dimension said right by it ("进了环境支撑力前十", "top 10 overall"),
        # else the overall index ("make the top 10 even though its resource support is weak")
        near = [
            m
            for m in mentions.of("dimension")
            if min(abs(m.end - match.start()), abs(m.start - match.end())) <= 12
            and not _CLAUSE_BREAK.search(raw[min(m.end, match.start()) : max(m.start, match.end())])
        ]
        column = _column_at(mentions, match.start(), TOTAL.column) if near else TOTAL.column
        negated = re.search(
            r"(?:没有|没|未|不|非|isn't|is not|didn't|did not|not|never|failed to|outside)\s*(?:能|得|the)?\s*$",
            lowered[: match.start()],
        )
        if n and city:
            return (Claim("not_top" if negated else "top", city, column, n),)
    metrics = mentions.of("metric")
    superlative = _SUPERLATIVE_CLAIM.search(lowered)
    claimed = _city_before(mentions, superlative.start()) if superlative else None
    if superlative and claimed and _superlative_asked_apart(raw, mentions, superlative):
        claimed = None
    if superlative and claimed and not _ASKS_WHO.search(lowered[: superlative.end() + 12]):
        # "Given Shenzhen had the biggest 2020 GDP…", "既然北京知识创造力最强，它比上海…": a superlative taken as
        # given about the city said before it
        city = claimed
        highest = superlative.group("low") is None
        said = _metric_before(metrics, superlative.start())
        if said is not None and said.endswith("_cap"):
            said = None  # "最高给50亿元": a cap is "up to", not a city's superlative among cities
        elif said is not None:
            return (Claim("max" if highest else "min", city, said),)
        level2 = mentions.of("level2")
        if level2 and highest and not dims:
            # "Beijing tops the organisational environment sub-indicator": first on that indicator, as stated
            return (Claim("rank", city, f"{LEVEL2_COLUMN}{level2[0].key}", 1),)
        if dims and highest:
            return (Claim("rank", city, column, 1),)
    if metrics:
        # (as written: "can you name one" names no figure, so number words are not read here)
        for number in re.finditer(
            r"(?:(?:crossed|over|more than|above|exceeded|at least|fewer than|less than|under|below|at most|超过|突破|"
            r"跨上|跨过|逾|至少|不到|少于|不超过)\s*(?:the\s*)?)?"
            r"(?<![0-9.])(\d+(?:\.\d+)?)(?![0-9.])\s*(?:多|余)?\s*"
            r"(万亿元?|亿元?|万元?|(?:trillion|billion|million)(?: yuan)?|家|个|%|unicorns?)?",
            raw,
        ):
            if re.fullmatch(r"20[0-2]\d", number.group(1)) or _DATE_PART.match(raw, number.end(1)):
                continue  # a year, or a date's month or day ("2020年9月孵化的项目"): when, not a figure said
            city = _city_before(mentions, number.start())
            said = _metric_before(metrics, number.start())
            if city and said is not None:
                return (Claim("number", city, said, float(number.group(1)), said=number.group(0).strip()),)
            break
    return ()


# what makes a number part of a date or an order rather than a stated figure
_DATE_PART = re.compile(r"\s*(?:年|月|日|号|季度|届|批|期|轮)")


def _metric_before(metrics, at: int) -> str | None:
    """The figure a stated number or superlative is about: the only one named, else the one named last before it
    ("北京2020年GDP有38700亿，是…最高的，那它的GDP增速是多少": GDP, not the growth asked after)."""
    if len(metrics) == 1:
        return metrics[0].key
    before = [m for m in metrics if m.end <= at]
    return before[-1].key if before else None


# one named city said to rank above another: "A beat / outranks / is ahead of B", "A比B强 / 高 / 靠前", "A超过B"
_ORDER_EN = re.compile(
    r"^\s*(?:(?:really|actually|clearly|just|even)\s+)?(?:beat|beats|beating|outrank(?:s|ed)?|overt(?:ook|akes?)|"
    r"surpass(?:es|ed)?|edg(?:ed|es) out|(?:is |was |ranks? |ranked |placed |came |finished |sits? |sat )?"
    r"(?:ahead of|above|higher than|better than|in front of))\s*(?:the\s+)?$"
)
_ORDER_ZH_BETWEEN = re.compile(
    r"^\s*(?:的[^，。？?,]{0,8})?(?:超过了?|超越了?|领先于?|胜过|强于|高于|优于|比)\s*$"
)
# a city as the point another is placed against: "上海后面", "behind Shanghai" is read before the city
_RELATIVE_TO = re.compile(r"\s*(?:的)?(?:后面|之后|后头|前面|之前|下面|上面|后边|前边)")
_BEHIND_EN = re.compile(
    r"^\s*(?:is |was |ranks? |ranked |placed |came |comes |finished |sits? |sat |lies |trails? |trailed )?"
    r"(?:behind|below|lower than|worse than|after)\s*(?:the\s+)?$|^\s*(?:trails?|trailed|lost to|lags? behind)\s*$"
)
_BEHIND_ZH = re.compile(r"^\s*(?:排在|排|位于|落在|在|落后于?|不如|低于|输给了?)\s*$")
_ORDER_ZH_AFTER = re.compile(r"^[^，。？?,]{0,10}?(?:强|高|靠前|好|领先|厉害|突出)")


# the part of a ranking an order holds in, asked ("in which of the four dimensions does A outrank B", "在哪些维度上")
_ASKS_WHERE_ORDER = re.compile(r"\bwhich\b|\bwhere\b|\bin what\b|哪些|哪个|哪几|哪一|哪项|哪方面")


def _order_claim(lowered: str, mentions: Mentions, column: str) -> tuple[Claim, ...]:
    """'Why did Shenzhen beat Beijing for the top spot?': (Claim("order", 深圳, column, other=北京),) when the
    question says the first city ranks above the second; the column is the dimension named, else the overall."""
    named = [m for m in mentions.of("city")]
    for a, b in zip(named, named[1:], strict=False):
        if a.key == b.key:
            continue
        clause = re.split(r"[，。？?,;；:：!！]", lowered[: a.start])[-1]
        if _ASKS_WHERE_ORDER.search(clause):
            continue  # "in which dimensions does Shanghai outrank Shenzhen?": where it does is asked, not claimed
        between = lowered[a.end : b.start]
        if _ORDER_EN.match(between):
            return (Claim("order", a.key, column, other=b.key),)
        if _BEHIND_EN.match(between) or (
            _BEHIND_ZH.match(between)
            and (
                between.strip().startswith(("落后", "不如", "低于", "输给"))
                or _RELATIVE_TO.match(lowered, b.end)
            )
        ):
            # "深圳排在上海后面", "Why is Shenzhen behind Shanghai?": the second city is said to rank above the first
            return (Claim("order", b.key, column, other=a.key),)
        if _ORDER_ZH_BETWEEN.match(between) and (
            not between.strip().endswith("比") or _ORDER_ZH_AFTER.match(lowered[b.end :])
        ):
            if re.match(r"^[^，。？?,]{0,10}?(?:高|强|领先)?\s*(?:几|多少)", lowered[b.end :]):
                continue  # '广州比成都高几名' asks the size of a gap: the difference composer states the order
            return (Claim("order", a.key, column, other=b.key),)
    return ()


# a superlative said of the one named city ("had the biggest GDP", "知识创造力最强"); "low" when it is the least
_SUPERLATIVE_CLAIM = re.compile(
    r"(?:最高|最大|最多|最强|最领先|最富|最有钱|排第一|居首|夺冠|拿了?第一|biggest|highest|largest|greatest|most\b|strongest|leading|richest|wealthiest|"
    r"top-ranked|topped|tops\b|came (?:out )?(?:first|top)|(?:came|come|comes|finished|ended up|ranked|is|was) "
    r"(?:out )?(?:on|at) (?:the )?top\b|number one|no\. ?1\b|"
    r"more [a-z /&-]{0,60}than any other|比其他[^，。？?]{0,12}都(?:多|高|强))"
    r"|(?P<low>最低|最少|最小|最弱|垫底|smallest|lowest|fewest|least|weakest)"
)
# a question asking who holds the superlative states none ("哪个城市GDP最高", "which city has the most")
_ASKS_WHO = re.compile(r"谁|哪|\bwhich\b|\bwho\b|\bwhat cit")


def _publisher_names() -> tuple[str, ...]:
    """Every name of the report's publishers: data/metadata.csv's full and short names, and the lexicon's others."""
    from index_core.vocabulary import names

    return tuple(dict.fromkeys((*(n.lower() for n in names().publishers), *lexicon().publisher_words)))


PUBLISHER_NAMES = _publisher_names()
# a publisher of the report named ("上奇数科", "Beijing Shangqi", "AITISA"); Latin names as whole words
PUBLISHER_NAMED = re.compile(
    "|".join(rf"\b{re.escape(n)}\b" if n.isascii() else re.escape(n) for n in PUBLISHER_NAMES)
)

_ASPECTS = {
    "sample": (
        "样本",
        "入选",
        "哪些城市",
        "为什么选",
        "选取",
        "研究了",
        "sample",
        "which cities",
        "selected",
        "studied",
        "covered",
        "chosen",
        "how many cities",
        "many cities does it",
        "cities does it cover",
        "cities does the report cover",
        "多少个城市",
        "几个城市",
        "覆盖了多少",
        # how the sample was put together ("为什么挑的是这20个城市", "怎么凑出来的")
        "挑的",
        "挑了",
        "挑选",
        "挑这",
        "20个城市",
        "凑出",
        "凑成",
    ),
    "data": (
        "数据",
        "来源",
        "截止",
        "时间",
        "period",
        "source",
        "cut-off",
        "cutoff",
        "data",
        "come from",
        "how recent",
    ),
    "publisher": (
        "发布",
        "出版",
        "作者",
        "谁做",
        "谁写",
        "谁编",
        "机构",
        "publish",
        "put out",
        "who made",
        "who wrote",
        "author",
        "released",
        "issued by",
        "written by",
        "put out by",
        "produced by",
        "compiled by",
        "who compiled",
        *PUBLISHER_NAMES,
        "put together",
        "put this report together",
        "put the report together",
        "编制",
        "编写",
        "出的",
        "哪年出",
        "什么时候出",
        "came out",
        "come out",
        "publication date",
    ),
    "method": (
        "方法",
        "怎么算",
        "如何计算",
        "计算",
        "权重",
        "无量纲",
        "标准化",
        "加权",
        "打分",
        "评分",
        "method",
        "calculat",
        "comput",
        "weight",
        "normalis",
        "normaliz",
        "scored",
        "scoring",
        "aggregat",
        # the raw figures made comparable ("how does it handle data with different units")
        "量纲",
        "单位不同",
        "不同单位",
        "不同的单位",
        "原始数据",
        "different units",
        "units differ",
        "raw data",
        "raw figures",
        "comparable",
    ),
    # whether the indicators are measured figures or judgements ("are any of the indicators qualitative?")
    "indicator_type": ("定量", "定性", "主观", "quantitative", "qualitative", "subjective"),
}


def method_aspects(text: str) -> tuple[str, ...]:
    """Which parts of the method a question asks about (all four when it names none)."""
    lowered = text.lower()
    found = tuple(name for name, words in _ASPECTS.items() if any(w in lowered for w in words))
    return found


# ---- weight changes for what-if questions -----------------------------------------------------------------
_MULTIPLIERS: list[tuple[str, float | None]] = [
    (r"(\d+(?:\.\d+)?)\s*(?:倍|x|×|times)", None),
    (r"(?:x|×)\s*(\d+(?:\.\d+)?)", None),
    (r"加倍|翻倍|翻一番|double|twice", 2.0),
    (r"三倍|triple", 3.0),
    (r"减半|一半|halve|half", 0.5),
    (r"为\s*0|设为\s*0|归零|去掉|不计|忽略|不算|zero|remove|drop|ignore|without|exclude", 0.0),
]
_PERCENT = re.compile(r"(\d+(?:\.\d+)?)\s*%")
_ONLY = re.compile(r"只看|只考虑|仅看|仅考虑|\bonly\b")


def weights(text: str, mentions: Mentions) -> tuple[tuple[str, float], ...]:
    """Relative weights per first-level dimension key stated in the question; 1 = unchanged."""
    lowered = text.lower()
    keys = [d.key for d in FIRST_LEVEL]
    found = [(m.start, m.key) for m in mentions.of("dimension") if m.key in keys]
    result = {key: 1.0 for key in keys}
    percents: dict[str, float] = {}
    for i, (pos, key) in enumerate(found):
        end = found[i + 1][0] if i + 1 < len(found) else len(lowered)
        window = lowered[max(0, pos - 6) : end] if i == 0 else lowered[pos:end]
        if _ONLY.search(lowered[max(0, pos - 6) : pos + 1]):
            return tuple((k, 1.0 if k == key else 0.0) for k in keys)
        percent = _PERCENT.search(window)
        if percent:
            percents[key] = float(percent.group(1))
            continue
        for pattern, factor in _MULTIPLIERS:
            match = re.search(pattern, window)
            if match:
                result[key] = float(match.group(1)) if factor is None else factor
                break
    if percents:
        rest = [k for k in keys if k not in percents]
        remaining = max(0.0, 100.0 - sum(percents.values()))
        result = {k: percents.get(k, remaining / len(rest) if rest else 0.0) for k in keys}
    if sum(result.values()) <= 0:
        result = {key: 1.0 for key in keys}
    return tuple(result.items())
