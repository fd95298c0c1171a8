"""Analytic questions: which computation over the tables a question asks for, as a typed `Analysis`.

`parse_analysis` reads the cleaned, lower-cased question together with the slots the caller already found
(cities, rank columns in order of mention, fact metrics, subset, N, direction, years, topic) and returns an
`Analysis` whose `kind` is one of `AnalysisKind`, or None when the question is not an analytic one (a plain
look-up, list or comparison is left to its own composer).

Wording is matched by families (comparison, quantifier, gap, difference, counting, policy words), never by
example sentences. Ranks: a smaller number is better, so "高于 / better than / ahead of" on ranks is `<`.

Parameters travel in `Analysis.extra` (strings); the composer reads them with `Analysis.param`:

| kind | columns | op / value | extra |
|---|---|---|---|
| rank_filter | condition columns | op in <= < >= > between bottom, value N (low) | match (all/any/at_least/exactly), at_least (k for at_least and exactly), high, conditions (per-column bounds "col:op:value[:high];..."), count_only, scope |
| column_order | left columns, then right columns | op < > <= >= == (on rank numbers) | split (number of left columns), match, count_only, scope |
| column_gap | (a, b); own difference: left columns, then right columns | | extreme (max/min/none), absolute (1/0), better (signed: the column that must rank better, the gap counted as its places ahead), n, scope; own difference (extreme none, scope named): split (number of left columns) |
| imbalance | columns compared (default the four) | | extreme (max/min), n, scope |
| extreme | (column,) | | best (1/0), n, scope |
| leaders | columns, each on its own (default the four) | | best (1/0: first / last place on each), scope |
| own_extreme | columns compared (default the four) | | best (1/0) (cities from the query: each city's own best / worst column) |
| rank_difference | columns (default total_rank) | | (cities from the query: a, b) |
| fact_difference | | op difference/ratio | national (1: compare with the national figure) |
| fact_total | | op sum/mean (over the query's two or more cities) | |
| score_total | (column,) | op sum/mean (over the query's printed scores) | |
| average | columns averaged (default the four) | | extreme (min = best average / max / none), n, scope |
| neighbours | (column,) | | places (how many), side (above/below/both; cities from the query) |
| policy_count | | | by (all/city/year/topic/issuer), extreme (max/min) |
| policy_extreme | | | which (earliest/latest), per_city (1/0) |
| policy_issuer | | | term (the body named), level (district/city) |
| policy_same_month | | | |

`scope` is written by `scope_param` and read by `subset_from_param`: "all", "group:试验区城市", "top:5:total_rank",
"bottom:5:total_rank", "range:5:10:total_rank", "named" (the query's cities). When present it replaces the
query's subset: the caller's "前十" may be this question's threshold, not its restriction ("四项都进前十").
"前十以外的城市里" / "among cities outside the top ten" is the scope "range:11:20:total_rank".

A named city's difference between its own columns ("西安的知识创造力和发展成效比总排名高几位") is `column_gap` with
extreme "none" and scope "named": the left columns are compared one by one with the right one(s), `split` telling
where the left ones end. Asked "X比Y高出最多" across cities, `better` makes the gap signed.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, replace
from enum import StrEnum
from typing import TYPE_CHECKING

from assistant.numerals import chinese_number
from assistant.understanding.grammar import (
    NON_PILOT,
    NOT_SQUEEZED_IN,
    OUTSIDE_GROUP,
    SET_ASIDE,
    SET_ASIDE_EN,
    SET_ASIDE_REACH,
    groups_scope,
    non_pilot_group,
)
from assistant.understanding.query import Analysis, Direction, Query, Subset

if TYPE_CHECKING:
    from index_core.analytics import Scope

TOTAL = "total_rank"
FOUR = ("env_rank", "resource_rank", "knowledge_rank", "outcome_rank")
FIVE = (TOTAL, *FOUR)
SAMPLE_SIZE = 20  # the report's sample; only used to read "后五名" as a scope


class AnalysisKind(StrEnum):
    RANK_FILTER = "rank_filter"
    COLUMN_ORDER = "column_order"
    COLUMN_GAP = "column_gap"
    IMBALANCE = "imbalance"
    EXTREME = "extreme"
    LEADERS = "leaders"
    OWN_EXTREME = "own_extreme"
    RANK_DIFFERENCE = "rank_difference"
    FACT_DIFFERENCE = "fact_difference"
    POLICY_COUNT = "policy_count"
    POLICY_EXTREME = "policy_extreme"
    POLICY_ISSUER = "policy_issuer"
    POLICY_SAME_MONTH = "policy_same_month"
    FACT_FILTER = "fact_filter"
    AVERAGE = "average"
    NEIGHBOURS = "neighbours"
    SCORE_GAP = "score_gap"
    SCORE_TOTAL = "score_total"
    FACT_TOTAL = "fact_total"


K = AnalysisKind

# ---------------------------------------------------------------- word families

_EN_NUM = {
    w: i
    for i, w in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
        "sixteen seventeen eighteen nineteen twenty".split()
    )
}
NUM = r"(\d{1,2}|[一二两三四五六七八九十]{1,3}|" + "|".join(sorted(_EN_NUM, key=len, reverse=True)) + r")"
ORD = r"(?:st|nd|rd|th)?"


def _num(text: str | None) -> int | None:
    if text is None:
        return None
    text = text.strip()
    if text in _EN_NUM:
        return _EN_NUM[text]
    return chinese_number(text)


def _any(words: str) -> re.Pattern[str]:
    return re.compile(words)


# where each rank column is named (to tell which side of a comparison or a "前五" it sits on)
_COLUMN_WORDS = {
    TOTAL: r"总指数|总排名|总名次|综合排名|综合名次|总体排名|总体名次|综合指数|总体|整体|总分|综合|总榜|overall|total|composite",
    "env_rank": r"环境支撑力?|环境|environment|enviro|\benv\b",
    "resource_rank": r"资源支持力?|资源|resource",
    "knowledge_rank": r"知识创造力?|创造力|知识|knowledge",
    "outcome_rank": r"发展成效|成效|outcome|development result|achievement",
}
# one dimension named with its noun ("the development outcomes dimension", "发展成效这个维度"): not the dimensions
_NAMED_DIMENSION_NOUN = re.compile(
    r"(?:"
    + "|".join(_COLUMN_WORDS[c] for c in ("env_rank", "resource_rank", "knowledge_rank", "outcome_rank"))
    + r")s?(?:\s*(?:support|creation|outcomes?))?\s*(?:这个|这一|这项|的)?\s*(?:dimension|pillar|维度|category)(?!s)"
)
_GENERIC_DIMS = _any(
    r"维度|各项|四项|五项|每一?项|某一?项|有一项|一级指标|分项|单项|各方面|[四五两三]列|排名表|dimension|pillar|first[- ]level\b(?: indicators?)?|main indicators?|sub-?ind(?:ex|ices)|categor(?:y|ies)"
)
# the four first-level dimensions named as the scope ("武汉的四个维度里…最弱的一项", "of its four pillars"): a dimension
# named beside it is one of the four compared, not the one whose second-level indicators are
_FOUR_SCOPE = _any(
    r"四个(?:一级)?(?:维度|方面|指标|分项)|四项|四大(?:维度|方面|指标)|一级指标|一级维度|"
    r"(?:four|4) (?:main |first-level )?(?:dimensions|pillars|areas|categories|indicators)|all four|first-level dimensions?"
)
_ALL_FIVE = _any(r"五项|五个|五列|all five|every one of the five|five (?:ranks|dimensions|columns)")
_ALL = _any(r"都|均|全部|全都|皆|同时|四项|五项|四个|每一?项|每个|各项|所有|both|\ball\b|every|each")
_ANY_ONE = _any(
    r"至少一|至少有一|任一|任何一|任意一|有一项|有一个|其中一|某一?项|某个|之一|"
    r"\bany\b(?!\s+(?:other\s+)?(?:cit|one\b|of the (?:\d+ )?cit|place|town))|at least one|one or more|\bsome\b(?!\s+cit)|either"
)
# in one of two lists and not the other ("只出现在其中一个榜单里", "in exactly one of the two top 10s")
_ONLY_ONE = _any(
    r"只(?:出现)?在其中一个|只(?:出现)?在(?:一个|其中一)|只进了?其中一|仅(?:出现)?在其中一|只上了?其中一|二者(?:只)?居其一|"
    r"\bexactly one of\b|\bonly one of (?:the|these|those|both) (?:two )?(?:lists|rankings|top|tables)|"
    r"\b(?:one|either) (?:list|ranking|top[ -]?\w+) but not (?:the other|both)\b|\bbut not (?:in )?both\b|"
    r"\bin (?:only )?one (?:list|ranking) but not the other\b"
)
_AT_LEAST = re.compile(
    rf"(?:至少|不少于|起码)\s*有?\s*{NUM}\s*(?:项|个|维|列)|at least {NUM}\b|{NUM} or more|"
    # "in three of the four first-level dimensions", "四个维度里有三个"
    rf"(?<!than )(?<!fewer )(?<!least )(?<!every )(?<!each )\b{NUM}\s+(?:out\s+)?of\s+(?:the\s+|its\s+|their\s+)?(?:four|4|five|5)\b|"
    rf"[四4五5]\s*(?:个|项|列)[^，。？?]{{0,8}}?(?:中|里)\s*有?\s*{NUM}\s*(?:个|项|列)|有\s*{NUM}\s*(?:个|项|列)[^，。？?]{{0,8}}?都"
)
# "in more than one of the four dimensions", "超过一项", "不止一项": at least one more than the number said
_MORE_THAN_K = re.compile(
    rf"more than {NUM}\b(?!\s*(?:place|point|spot|rank|%|percent))|(?:超过|多于|不止)\s*{NUM}\s*(?:项|个|维)"
)


def _at_least(text: str) -> int | None:
    """The k of 'at least k' (or 'more than k-1') dimensions, when the question says one."""
    least = _AT_LEAST.search(text)
    if least:
        return _num(next(g for g in least.groups() if g))
    more = _MORE_THAN_K.search(text)
    if more:
        n = _num(next(g for g in more.groups() if g))
        return n + 1 if n is not None else None
    return None


_NONE_OF = _any(
    r"\bno (?:dimension|pillar|categor|sub-?index)|none of (?:the|its|their)|not (?:a single|one|any) (?:dimension|of)|"
    r"\b(?:don't|doesn't|didn't|do not|does not|did not|never) (?:have|get|make|has|had|achieve|land|reach)\b[^?]{0,30}\bin any\b|"
    r"\bnot (?:in|among) the top[ -]?\w+ (?:in|on|for) any\b|"
    r"没有一项|没有任何一?项|一项都没|没有一个维度|没有任何维度|一个[^，。？?]{0,6}都没|一项[^，。？?]{0,6}都没|"
    r"都没(?:有)?进|均未进|全都没进"
)
_COUNT = _any(
    r"多少|几个|几座|几项|几位|有几|共几|几家|数量|how many|number of|\bcount(?:ed|s)?\b|tally|tallied"
)
_COUNT_CITIES = _any(
    r"几个|几座|几家|多少个|多少座|多少家|多少城市|城市数|数量|有几|共几|"
    r"how many(?! (?:places|positions|ranks|spots|steps))|number of cities|\bcount\b"
)
_LIST = _any(r"哪些|哪几|分别|名单|列出|\bwhich\b|\blist\b|\bname\b|\bwho\b")

_BETTER = _any(
    # ("领先的科技企业", "全球领先的", "超过300家" are no comparison of places)
    r"高于|好于|优于|强于|胜于|领先于|领先(?!的|型|者|科技|企业|技术|地位|水平|优势|全国|全球|世界|国内|国际|行业)|"
    r"超过(?!\s*[\d一二三四五六七八九十百千万两几])|超出(?!\s*[\d一二三四五六七八九十百千万两几])|靠前于|前于|"
    r"比[^，。？?,]{0,16}?(?:更)?(?:高|好|强|优|靠前|领先|提升|提高|上升|进步)|"
    r"better|higher|ahead|stronger|above|outrank|outperform|exceed|\bbeat"
)
_WORSE = _any(
    r"低于|差于|弱于|逊于|不如|落后于?|靠后于?|(?:比|相对)[^，。？?,]{0,16}?(?:更)?(?:低|差|弱|靠后|落后|掉|跌|滑)|"
    r"worse|lower|behind|weaker|below|trail|lag|\b(?:drops?|dropped|falls?|fell|slips?|slipped|sinks?|sank)\b"
)
_EQUAL = _any(r"相同|一样|一致|吻合|相符|相等|持平|等于|same|equal|identical|match|coincide")
_NUMERIC = _any(r"数字|数值|名次数|rank number|numerically")
_NUM_BIGGER = _any(r"大于|更大|较大|bigger|larger|greater")
_NUM_SMALLER = _any(r"小于|更小|较小|smaller|less")

_GAP = _any(
    r"差距|落差|相差|差值|差异|差别|区别|差多少|差几|差得|差了|高几|低几|领先几|落后几|分化|反差|离得最远|偏离|背离|脱节|"
    r"错位|不一致|悬殊|\bgap|difference|differ|spread|distance|furthest|farthest|far apart|diverge|disparit|"
    r"discrepanc|mismatch|out of (?:line|step|sync|kilter)|at odds"
)
_GAP_MIN = _any(r"最小|最接近|最少|最窄|smallest|narrowest|closest|least|lowest")
_GAP_MAX = _any(
    r"最大|最多|最悬殊|最明显|最宽|最远|biggest|largest|widest|greatest|most|highest|furthest|farthest"
)
_IMBALANCE = _any(
    r"偏科|不均衡|不平衡|失衡|参差|短板最明显|长短腿|unbalanced|imbalanced|lopsided|uneven|inconsistent|"
    r"least balanced|least consistent|most variable|spread between|widest spread|biggest spread|largest spread|"
    r"gap between (?:its|their) best and worst|best and worst (?:first-level )?ranks?|最好和最差|最高和最低名次|"
    # "the biggest gap between any two of Suzhou's first-level ranks"
    r"(?:biggest|largest|widest|greatest|max(?:imum)?) (?:gap|difference|spread) (?:between any two|among|across)"
)
_BALANCE = _any(r"均衡|平衡|全面|balanced|consistent|even(?:ly)?\b|well-rounded|all-round")
PLACES_ASKED = _any(
    r"几名|几位|几个?名次|多少名|多少位|多少个?名次|几个位次|几个排名|"
    r"how many (?:places|positions|ranks|spots|steps|rungs)|places? (?:ahead|behind|higher|lower|apart|between)|"
    r"by how (?:many|much)"
)
DIFFERENCE_ASKED = _any(
    r"差多少|差了多少|相差|差距|差额|差值|多多少|少多少|高多少|低多少|多出|高出|少了多少|多了多少|大多少|小多少|"
    r"高了多少|低了多少|领先多少|落后多少|差几分|差了几分|高几分|低几分|"
    r"difference|\bgap\b|how much (?:more|less|higher|lower|bigger|smaller|larger)|"
    r"by (?:roughly |about |approximately |around )?how (?:much|many)|how far apart|how (?:far|much)\b[^?？]{0,40}?\b(?:ahead|behind)\b|"
    r"percentage points?|百分点|大约差|差了大概|"
    # a lead asked or stated in points, the other city inside it ("领先北京多少分", "比深圳高大概十分", "高二十多分")
    r"(?:领先|落后|高出|高|低|超出|甩开|甩了)[^，,。;；？?]{0,6}?(?:多少|几)\s*分|"
    r"(?:领先|落后|高出|高|低|超出|甩开|甩了)(?:了)?\s*(?:[\u4e00-\u9fff]{2,3}?)?\s*(?:大概|大约|约|将近|近|超过|差不多|足足|整整)?\s*"
    r"[一二三四五六七八九十两\d.]+\s*多?\s*分(?![析类布钟之])|"
    r"how many points|\bby (?:about |roughly |around |some |nearly |almost |over )?\d+(?:\.\d+)? points|"
    r"(?:more|less|higher|lower|bigger|smaller|larger) than"
)
_RATIO = _any(r"几倍|多少倍|倍数|倍|how many times|times (?:as|more|larger|bigger|higher)|\bratios?\b")
# the highest against the lowest of several ("最高和最低差几分", "the spread between the highest and lowest")
SPREAD = _any(
    r"最高(?:的)?(?:和|与|跟|同)最低|最低(?:的)?(?:和|与|跟|同)最高|最大(?:和|与)最小|极差|首尾|"
    r"\bhighest and (?:the )?lowest\b|\blowest and (?:the )?highest\b|\btop and (?:the )?bottom\b|\bspread\b|"
    r"\bbest and (?:the )?worst\b|\bfirst and (?:the )?last\b"
)
_SCORE = _any(
    r"多少分|几分|分数|得分|总分|分差|平均分|均分|\bscor(?:e|es|ed)\b|\bpoints\b|\bpoint (?:gap|difference|lead|spread)|"
    # a gap said in points ("高出二十多分", "差了10分", "拿了98.72分")
    r"(?:高出|高了|低了|差了|领先|落后|拿了|得了|甩了|甩开|超出|超了)[^，。？?,]{0,6}?(?:\d|[一二三四五六七八九十几])\s*(?:多)?分(?![之钟类])|"
    # a printed score stated ("北京总指数98.72分")
    r"\d+\.\d+\s*分(?![之钟类析布])"
)
# a lead asked of one city, the rival left unsaid ("领先多少分", "领先第二名多少", "how far ahead", "its margin")
_LEAD = _any(r"领先|甩开|甩了|\bleads?\b|\bleading\b|\bahead\b|\bmargin\b")
_LED_OVER = re.compile(r"(?:领先|甩开|甩了|超过|超出|ahead of|leads? over|lead on)\s*(?:了|the\s+)?\s*$")


def _led_city_named(text: str, city: str) -> bool:
    """'第一是谁，领先北京多少分？': the one city named is the one led, not the leader (whose lead is then unknown here)."""
    from index_core.vocabulary import names

    forms = next((c.forms for c in names().cities if c.city == city), (city,))
    for form in sorted(forms, key=len, reverse=True):
        at = text.find(form.lower())
        if at >= 0:
            return bool(_LED_OVER.search(text[:at]))
    return False


_NATIONAL = _any(r"全国|national|nationwide|the country|china as a whole|china's average")
_RANKISH = _any(r"排名|名次|排位|位次|排第|rank|place|position")

# an average over a city's ranks ('合肥四个维度的平均名次', "Hefei's average rank across the four dimensions")
_AVERAGE = _any(r"平均|均值|\baverage|\bmean\b")
# every city the report gives a figure for ("十强城市…十个加起来", "all ten profiled cities", "每个城市都给了")
_EVERY_STATED = _any(
    r"十强|十个|10个|前十|每个城市|所有城市|全部城市|all (?:ten|10|the) (?:profiled |top[- ]?10 )?cities|"
    r"\bthe (?:ten|10) profiled\b|\bevery (?:profiled )?city\b|\ball of them\b"
)
# a sum of a city's ranks ('四个一级指标的排名加起来', "add up Shanghai's four ranks")
_SUM = _any(
    # ("一共有哪些" lists the cities found; it adds nothing up)
    r"加起来|加在一起|相加|之和|总和|加总|合计|(?:一共|总共)(?!\s*(?:有|是)?\s*(?:哪|几|多少))|\bsum\b|add(?:ed)? (?:up|together)|\btotal of\b|combined|together"
)
# "一共有几个", "how many … in all": a count of the cities found, not a sum of their ranks
_COUNTED_IN_ALL = _any(
    r"(?:一共|总共|合计|加起来)\s*(?:有)?\s*(?:几|多少)\s*(?:个|座|家)|"
    r"how many\b[^?？]*\b(?:in total|in all|altogether|combined)|(?:in total|in all|altogether),? how many"
)
# which of two sums / averages is the smaller or larger ('谁的和更小', 'which is lower')
_SMALLER = _any(r"更小|较小|最小|更低|更少|smaller|lower|less|fewer|better")
_LARGER = _any(r"更大|较大|最大|更高|更多|larger|bigger|higher|greater|worse")
# the cities next to one in a ranking ('排在它前面一位和后面一位的', 'who is just above and below Nanjing')
NEIGHBOUR = _any(
    r"前面一位|后面一位|前一位|后一位|前一名|后一名|上一名|下一名|上一位|下一位|前面的一名|后面的一名|紧随其后|紧挨|"
    r"相邻|挨着|前后(?:各|两|的|分别|是)|前面和后面|前面是谁|后面是谁|谁排在[^，。？?]{0,4}(?:前面|前头|后面)|"
    r"排在[^，。？?]{0,4}(?:前面|后面)的(?:是|城市|有)|"
    r"who(?:'s| is| was| are| were) (?:ranked |placed )?(?:just |right )?(?:ahead of|above|in front of|behind|below) (?:it|them|him|her|that city)|"
    r"\b(?:beat|beats|outrank(?:s|ed)?|overt(?:ook|akes?)|topped|tops|edged out) (?:it|them|that city)\b|"
    r"(?:just|right|immediately|directly|one place|one spot|one rank) (?:above|below|ahead|behind|higher|lower)|"
    r"next (?:above|below|higher|lower)|neighbou?r|either side|each side|sandwiched"
)
_NEIGHBOUR_PLACES = re.compile(
    rf"前后各\s*{NUM}|(?:上下|前后)\s*{NUM}\s*(?:名|位)|{NUM} (?:places|spots|ranks) (?:above|either side)"
)

_BEST = _any(
    r"最强|最好|最高|最靠前|最优|最领先|最突出|最出色|最前|第一|(?:相对|稍微|比较)?(?:好|强)(?:一点|一些)|\bbest|strongest|"
    r"highest|top-ranked|leads?\b"
)
# what holds a city back, said in English ("drags it down", "holds Guangzhou back"): worst in every reading below
_HOLDS_BACK = r"drags? [a-z' ]{0,20}down|holds? [a-z' ]{0,20}back"
_WORST = _any(
    r"最弱|最差|最低|最靠后|最落后|垫底|短板|最末|最不|拖后腿|拉后腿|掉队|吊车尾|\bworst|weakest|lowest|poorest|trails?\b|"
    rf"{_HOLDS_BACK}|weak spot"
)

# one city's own best / worst column ('青岛哪个维度最强', "What is Hefei's weakest dimension?")
_DIM_NOUN = _any(
    r"维度|哪一?项|一级指标|分项|单项|方面|领域|板块|指标|强项|弱项|长板|短板|dimension|pillar|sub-?ind(?:ex|ices)|"
    r"categor(?:y|ies)|\barea|\baspect"
)
_LEVEL2_NOUN = _any(r"二级指标|二级维度|second[- ]level|sub-?indicators?|sub-?dimensions?|sub-?pillars?")
_OWN_BEST = _any(
    r"最强|最好|最高|最靠前|最优|最领先|最突出|最出色|最拿手|看家本领|强项|长板|优势在哪|优势是什么|\bbest|strongest|highest|"
    r"strong (?:suit|point)|(?:its|their|main|biggest) strengths?\b|"
    r"\bexcels?\b"
)
# a city's columns where it is not first ("有没有哪个维度没拿第一", "any dimension where Beijing isn't number one")
_NOT_FIRST = _any(
    r"没拿第一|没有拿第一|没排第一|不是第一|not (?:ranked |placed )?first|wasn't first|isn't first|"
    r"didn't (?:come|rank|place) first|(?:isn't|is not|not|wasn't) (?:number one|no\.? ?1|#1|the (?:leader|best))"
)
_OWN_WORST = _any(
    r"唯一没|"
    + _NOT_FIRST.pattern
    + r"|最弱|最差|最低|最靠后|最落后|拖后腿|短板|弱项|最薄弱|\bworst|weakest|lowest|weak (?:spot|point|link)|"
    rf"{_HOLDS_BACK}|lags? (?:the )?most|\branks? (?:really |very |quite |particularly |surprisingly )?low\b"
)
_DRAGS = _any(rf"拖后腿|短板|弱项|薄弱|掉链子|weak (?:spot|point|link)|weakness|{_HOLDS_BACK}|achilles")
_MORE = _any(r"更强|更好|更高|更靠前|更优|更突出|stronger|better|higher")
_LESS = _any(r"更弱|更差|更低|更靠后|weaker|worse|lower")
_ASKS_WHICH = _any(r"哪|什么|是啥|\bwhich\b|\bwhat\b|\bwhere\b")
_CROSS_CITY = _any(
    r"谁|哪个城市|哪座城市|哪些城市|哪一个城市|哪几个城市|which cit|\bwho\b|what cit|which one of the cities"
)

# 'A or B: which ranks higher?', '天津和重庆谁排名更靠前', 'Does Tianjin rank higher than Chongqing?'
_WHO = r"(?:谁|哪个|哪一个|哪座|哪家|哪一方|哪个城市|哪座城市)"
_HIGHER_Q = _any(
    rf"{_WHO}[^，。？?]{{0,12}}?(?:排名|名次|排位|位次|排得|排在|排)[^，。？?]{{0,6}}?(?:更|比较|较|要)?(?:靠前|高|前|好|领先)|"
    rf"{_WHO}[^，。？?]{{0,12}}?(?:更|比较|较|要)?(?:靠前|领先|排在前面|在前面)|"
    rf"(?:排名|名次|排位|位次)[^，。？?]{{0,4}}?{_WHO}[^，。？?]{{0,4}}?(?:更|比较|较|要)?(?:靠前|高|前|好|领先)|"
    r"\b(?:which|who)\b[^?.;]{0,40}?\b(?:ranks?|ranked|placed|places|sits?|comes?|stands?)\b"
    r"[^?.;]{0,24}?\b(?:higher|better|ahead|first|above|lower|worse|behind)\b|"
    r"\b(?:which|who)\b[^?.;]{0,40}?\b(?:higher|lower|ahead|behind)\b[^?.;]{0,20}?\b(?:rank|ranks|ranking|rankings|index)\b|"
    r"\b(?:which|who)\b[^?.;]{0,30}?\b(?:higher|better|lower)[- ](?:ranked|placed)\b|"
    r"\b(?:rank|ranks|ranked|placed)\s+(?:higher|better|lower|worse|ahead of|above|below|behind)\b|"
    r"排名(?:比[^，。？?]{1,8}?(?:高|低|靠前|靠后)|高于|低于|领先于?|落后于?)"
)

# where the two sides of a comparison between columns meet: 'X比Y', 'X than Y', '与Y相比'
_ANCHOR_ZH = re.compile(r"(?<![相对无好])比(?![较重例率值上])|相对(?:于)?(?=[^，。？?,]{0,12}?排名)")
_AGAINST_ZH = re.compile(r"(?:与|和|跟|同|对比)([^，。？?,]{1,16}?)(?:相比|比较|相较|对比|比起来)")
# the comparison's other side is the one already named ("better than that", "比它高", "比这个靠前")
_THAN_THAT = re.compile(r"\s*(?:(?:that|it|this|those)\b|这个|那个|它|这|那)")
_ANCHOR_EN = re.compile(
    r"\bthan\b|compared (?:with|to)|relative to|\bversus\b|\bvs\b|ahead of|behind|\boutperform\w*|\boutrank\w*|"
    r"\bexceed\w*|\btrail\w*|\blags?\b|\blagging\b|\bbeats?\b"
)
# the amount asked for is the extreme one: '高出最多', 'by the most places', 'furthest ahead'
_AMOUNT_MAX = _any(
    r"最多|最大|最远|最明显|最悬殊|最狠|最厉害|最严重|最凶|by the most|the most places|most places|furthest|farthest|biggest|largest|widest|"
    r"greatest|\bmost\b"
)
# a bound on a gap in places ('at least five places better', '高出5名以上', '至少领先3名')
_GAP_AT_LEAST = _any(
    rf"at least\s+{NUM}\s+(?:places|positions|spots|ranks)|{NUM}\s+(?:or more\s+)?(?:places|positions)\s+or more|"
    rf"(?:高出|领先|高|靠前)\s*{NUM}\s*(?:名|位)\s*(?:以上|及以上|或以上)|至少\s*(?:高出|领先|高)?\s*{NUM}\s*(?:名|位)"
)
_AMOUNT_MIN = _any(r"最少|最小|最接近|by the fewest|fewest|smallest|narrowest|\bleast\b")
# the threshold is said of the asked column itself: 'X也进了前十', 'both ... in the top 10'
_ALSO = _any(r"也|同样|同时|都|均|\bboth\b|\balso\b|as well|\btoo\b")

# who holds first (last) place on each column: '各个一级指标的第一名分别是谁', 'Who is No. 1 on each dimension?'
_FIRST_PLACE = _any(
    r"第一|第1名|头名|榜首|冠军|居首|首位|夺冠|最强|最好|最高|最靠前|最优|最领先|"
    r"\bno\.?\s*1\b|number one|#\s*1\b|\bfirst\b|top spot|top-ranked|\btop(?:s|ped)?\b|\bleads?\b|\bleader|"
    r"\bbest\b|strongest|highest"
)
_LAST_PLACE = _any(
    r"倒数第一|倒数第1|最后一名|最后一位|最后|末位|末名|垫底|最末|最弱|最差|最低|最靠后|最落后|"
    r"\blast\b|\bbottom\b|\bworst\b|weakest|lowest"
)
# each column on its own ('分别', '各个维度', 'on each dimension'), against one city on all of them ('都', 'all four')
_PER_COLUMN = _any(r"分别|各自|逐项|逐一|respective")
_EACH = _any(r"各|每一?个|每一?项|\beach\b|\bper\b")
_EVERY_ONE = _any(
    r"都|(?<!平)均(?!衡)|全部|全都|皆|同时|\ball\b|every one of|\b(?:in|on) every\b|across the board|\bboth\b"
)
# first place said as a place, not as a superlative ("拿了第一", "first place", not "最好", "best")
_PLACE_WORD = _any(
    r"第一|第1名|头名|榜首|冠军|居首|首位|\bno\.?\s*1\b|number one|#\s*1\b|first place|top spot"
)
# a numbered place held ("第16名", "排第十六", "16th place", "at 16th")
_HELD_PLACE = _any(
    rf"第\s*{NUM}\s*(?:名|位)?|\b(?:at|in|sits?|ranks?|ranked|placed?)\s+(?:at\s+)?{NUM}(?:st|nd|rd|th)\b"
)
_NOT_PLACE = _any(r"first[- ]level|第一级|第一批|第一个月|第一项政策|at first|first of all")
_WHICH_CITIES = _any(
    r"哪些城市|哪几个城市|哪个城市|哪座城市|几个城市|几座城市|多少个?城市|的城市|城市有|有没有城市|"
    r"\bwhich cit|\bwhat cit|how many cit|number of cit|\bcities (?:that|which|with|where|ranked|placed)"
)
_ASKS_CITY = _any(
    r"谁|哪个城市|哪座城市|哪些城市|哪几个城市|的城市|有没有城市|城市|\bwho\b|\bwhich cit|\bwhat cit|\bcities\b|\bcity\b"
)

# (the second-level indicator 政策环境 / "policy environment" is a ranking, not the policy tables)
_POLICY = _any(r"政策(?!环境)|policy(?! environment)|policies")
_SAME_MONTH = _any(
    r"同一?个?月|同月|一个月内|当月|same (?:issue |release |publication )?month|in one month|within a month|"
    r"single month|share (?:a|the|an) (?:issue |release )?month"
)
# "哪些城市没有2021年的政策", "Which cities' tables contain no policy issued in 2021?"
_NO_POLICY = _any(
    r"没有[^，。？?]{0,10}政策|无[^，。？?]{0,4}政策|一项(?:政策)?都没有|\bno polic|\bcontain no\b|\bwithout (?:any |a )?polic|"
    r"\bnone (?:issued|from|in)\b|\bnot (?:issue|list|have) any"
)
_COUNTS_OTHER_THINGS = _any(
    r"标准|比例|额度|金额|上限|多少钱|补助|补贴|奖励|subsid|\bstandard|\brate\b|\bcap\b|"
    r"(?:多少|几)\s*(?:个|家|大)?\s*(?:重点)?(?:项目|企业|平台|场景|亿|万|方面|领域|行动|任务|集群)|how many (?:key |major )?"
    r"(?:projects|companies|enterprises|platforms|scenarios|aspects|areas|fields|ways|actions|tasks|clusters)"
)
# ("the first national development zone to focus on AI" is a distinction the report's sentences state, not a date)
_EARLIEST = _any(
    r"最早|最先|最初|(?:首个|第一项|第一个|第一份)[^，。？?]{0,8}政策|earliest|oldest|"
    r"\bfirst\b(?!\s+(?:[a-z-]+\s+){0,4}to\s+[a-z])"
)
_LATEST = _any(r"最晚|最新|最近|最迟|最后一|latest|newest|most recent|\blast\b")
_PER_CITY = _any(
    r"各城市|各个城市|每个城市|每座城市|各市|按城市|分城市|分别|每个市|each city|per city|every city|by city|for each"
)
_PER_YEAR = _any(
    r"每年|各年|逐年|按年|每一年|历年|年度分布|哪一?年|各年份|分年|per year|each year|by year|every year|a year|which year|year by year"
)
_PER_TOPIC = _any(r"主题|类别|领域|方向|topic|theme|categor|area")
# (a count's extreme said of the list: "the longest list of AI policies", "列得最长", "the shortest list")
_MOST = _any(r"最多|最长|most\b|longest|(?:largest|biggest|greatest|highest) (?:number|count|list)")
_FEWEST = _any(r"最少|最短|fewest|least|shortest|(?:smallest|lowest) (?:number|count|list)")
_ISSUE_VERB = _any(r"发布|出台|印发|制定|颁布|发文|出的|issued|released|published|enacted|\bby\b")
_DISTRICT_LEVEL = _any(r"区级|区县|区一级|各区|哪些区|哪个区|园区级|district|sub-city|county|zone-level")
_CITY_LEVEL = _any(r"市级|市政府|市本级|市一级|全市层面|municipal|city-level|city level|city government")
_ISSUER_ZH = re.compile(
    r"(中关村(?:国家自主创新示范区|科学城)?"
    r"|[\u4e00-\u9fff]{2}(?:新技术开发区|高新技术产业开发区|高新区|开发区|工业园区|新片区|科学城|科创大走廊|区))"
)
_NOT_ISSUER = re.compile(
    r"(?:地|城|市|全|本|该|各|辖|哪|些|个|每|试验|示范|先导|特|园|片|小|级)区$|[哪什么各几每是的了在由和与及或被对向把从策]"
)
_ISSUER_EN = re.compile(
    r"(?:issued|released|published|enacted|adopted)\s+by\s+(?:the\s+)?([a-z][a-z' -]*?)"
    r"(?:\s+(?:district|zone|park|science city|development zone|high-tech zone|new area|committee))?(?=\s*(?:$|[?,.;]|\s(?:in|and|for|during|from)\b))"
)

# "a document from Jianye District", "Futian District's policies": a district named in English
_NAMED_DISTRICT_EN = re.compile(
    r"\b((?:(?:east|west|south|north)\s+)?[a-z]{3,})\s+(?:district|new area|high-tech zone|development zone|"
    r"hi-tech zone|high-tech (?:development )?zone)\b"
)

_GROUPS = (
    (
        "试验区城市",
        _any(
            # a city set, not one named zone ("the Jinan-Qingdao AI pilot zone" is a place)
            r"试验区(?:建设)?城市|试验区的城市|pilot[- ]zone\s*(?:\([^)]{0,10}\)\s*)?cit|pilot zones\b|"
            r"experimental[- ]zone cit|pilot cities|试点城市"
        ),
    ),
    ("省会城市", _any(r"省会|provincial capital|capital cities")),
    (
        "计划单列市",
        _any(
            r"计划单列|单列市|separately[- ](?:planned|listed)|sub-provincial|specially designated|plan[- ]listed|"
            r"separate planning"
        ),
    ),
)
_AMONG_AFTER = (
    r"\s*(?:名|位|强)?\s*(?:的)?\s*(?:这些|那些|这几个|那几个|这|那)?\s*(?:[\d一二两三四五六七八九十]+\s*个)?\s*"
    r"(?:城市|个城市|座城市)?\s*(?:里面|里|之中|当中|中间|中|内部|范围内)"
)
_AMONG_BEFORE = (
    r"(?:among|of|within|from|amongst|looking at|look(?:ing)? only at|focusing on|focus on|considering|"
    r"restricted to|limited to|just|(?:^|[,;]\s*)for)\s+(?:(?:only|just)\s+)?(?:the\s+)?"
)


@dataclass(frozen=True)
class _Span:
    start: int
    end: int


@dataclass(frozen=True)
class _Cond:
    op: str
    value: int
    high: int | None
    span: _Span


# ---------------------------------------------------------------- scope (the cities a question is about)


def scope_param(subset: Subset | None) -> str:
    """The `scope` parameter for a Subset (None: every city); a second restriction follows after "&"."""
    if subset is None:
        return "all"
    if subset.also is not None:
        return f"{scope_param(replace(subset, also=None))}&{scope_param(subset.also)}"
    if subset.kind == "group":
        return f"group:{subset.group}"
    if subset.kind == "not_group":
        return f"notgroup:{subset.group}"
    if subset.kind in ("top", "bottom"):
        return f"{subset.kind}:{subset.n}:{subset.column}"
    if subset.kind == "range":
        return f"range:{subset.low}:{subset.high}:{subset.column}"
    if subset.kind == "named":
        return "named"
    return "all"


def analysis_scope(analysis: Analysis | None, query: Query) -> Scope:
    """The cities an analysis runs over: its own `scope` parameter (else the query's subset), with the cities the
    question sets aside ("除了北京，还有哪些…") left out. One reading for the parser (which city a pick finds, for
    "it" next) and the composer (the answer), so the two cannot differ."""
    from index_core.analytics import Scope

    raw = analysis.param("scope") if analysis is not None else None
    subset = subset_from_param(raw, tuple(query.cities)) if raw is not None else query.subset
    scope = Scope.of(subset)
    if scope.kind == "named" and not scope.cities:
        scope = Scope()
    if query.set_aside:
        scope = replace(scope, excluded=tuple(query.set_aside))
    return scope


def subset_from_param(value: str | None, cities: tuple[str, ...] = ()) -> Subset | None:
    """The Subset a `scope` parameter stands for; None for "all" or nothing."""
    if not value or value in ("all", "none"):
        return None
    if "&" in value:
        first, _, second = value.partition("&")
        base = subset_from_param(first, cities)
        return replace(base, also=subset_from_param(second, cities)) if base is not None else None
    head, _, rest = value.partition(":")
    parts = rest.split(":") if rest else []
    if head == "group":
        return Subset(kind="group", group=rest)
    if head == "notgroup":
        return Subset(kind="not_group", group=rest)
    if head in ("top", "bottom") and len(parts) == 2:
        return Subset(kind=head, n=int(parts[0]), column=parts[1])
    if head == "range" and len(parts) == 3:
        return Subset(kind="range", low=int(parts[0]), high=int(parts[1]), column=parts[2])
    if head == "named":
        return Subset(kind="named", cities=tuple(cities))
    return None


def _column_positions(text: str, columns: tuple[str, ...]) -> dict[str, int]:
    """Where each named column is first mentioned (columns whose words cannot be found are left out)."""
    out: dict[str, int] = {}
    masked = text
    for column in sorted(columns, key=lambda c: c == TOTAL):  # dimension words before 总/overall
        match = re.search(_COLUMN_WORDS.get(column, r"(?!x)x"), masked)
        if match:
            out[column] = match.start()
            masked = masked[: match.start()] + " " * (match.end() - match.start()) + masked[match.end() :]
    return out


def _column_before(text: str, start: int, columns: tuple[str, ...]) -> str | None:
    """The column named just before position `start` (within a short clause), if any."""
    best, where = None, -1
    for column, pos in _column_positions(text, columns).items():
        if pos < start and start - pos <= 12 and pos > where:
            best, where = column, pos
    return best


def _column_after(text: str, end: int, columns: tuple[str, ...]) -> str | None:
    """'top 5 on knowledge', 'the bottom five overall': the column named right after an English scope."""
    filler = re.match(r"\s*(?:cities\s+)?(?:(?:in|on|for|by)\s+(?:the\s+)?)?", text[end:])
    at = end + (filler.end() if filler else 0)
    for column, pos in _column_positions(text, columns).items():
        if pos == at:
            return column
    return None


def _scope_column(text: str, match: re.Match[str], english: bool, columns: tuple[str, ...]) -> str:
    """The rank column a scope phrase selects on: named inside it ('among the overall top ten'), just before it
    in Chinese ('知识创造力前五名里'), or just after it in English ('of the bottom five overall'); else total."""
    named = tuple(dict.fromkeys((*columns, *FIVE)))
    inside = [
        (pos, column)
        for column, pos in _column_positions(text, named).items()
        if match.start() <= pos < match.end()
    ]
    if inside:
        return min(inside)[1]
    if not english:
        return _column_before(text, match.start() + 2, named) or TOTAL
    return _column_after(text, match.end(), named) or TOTAL


# a place: '第16名', '第十六', '16名', '十六位' (a bare number needs 名 / 位)
_NTH = rf"(?:第\s*{NUM}\s*(?:名|位)?|{NUM}\s*(?:名|位))"
_COLUMN_ANY = "|".join(_COLUMN_WORDS.values())  # no capturing groups: the scope patterns capture numbers only
_EN_COLUMN = rf"(?:(?:{_COLUMN_ANY})\s+)?"
_EN_ASKS = r"(?=(?:\s+cities)?(?:\s+(?:overall|in total))?\s*(?:,|who\b|which\b|what\b|whose\b))"
_SCOPE_PATTERNS: tuple[tuple[str, str, bool], ...] = (
    # the top N set aside ("除了前三名，…", "Apart from the top three, which …"): the cities ranked N+1 .. last
    (
        "outside",
        rf"(?:除了|除去|除|不算|不包括|不含|排除|去掉)\s*(?:排名|总排名|总榜)?\s*前\s*{NUM}\s*(?:名|位|强)?\s*(?:的)?\s*(?:城市)?\s*(?:以外|之外|外)?",
        False,
    ),
    (
        "outside",
        rf"\b(?:{SET_ASIDE_EN})\s+(?:the\s+)?{_EN_COLUMN}top[ -]{NUM}\b",
        True,
    ),
    # outside the top N: the cities ranked N+1 .. last
    (
        "outside",
        rf"(?:排名|排在|位列)?\s*前\s*{NUM}\s*(?:名|位|强)?\s*(?:以外|之外|开外|外){_AMONG_AFTER}",
        False,
    ),
    (
        "outside",
        rf"(?:没有?进入?|未进入?|没能进入?|未能进入?|不在|跌出|掉出|排不进|进不了|{NOT_SQUEEZED_IN})\s*(?:入)?前\s*{NUM}{_AMONG_AFTER}",
        False,
    ),
    ("from", rf"{_NTH}\s*(?:及|或|和)\s*(?:以后|之后|以下|更靠后|靠后|更低|更后){_AMONG_AFTER}", False),
    ("outside", rf"{_NTH}\s*(?:以后|之后|开外|以外|之外){_AMONG_AFTER}", False),
    ("top", rf"(?:排名|排在|位列)?\s*前\s*{NUM}{_AMONG_AFTER}", False),
    # "只看总排名前十的城市，…": the cities looked at, said before the question
    (
        "top",
        rf"(?:只看|仅看|光看|只考虑|只算|限于|就看)\s*(?:总排名|总榜|总指数)?\s*(?:排名)?\s*前\s*{NUM}\s*(?:名|位|强)?\s*(?:的)?\s*(?:城市)?",
        False,
    ),
    ("bottom", rf"(?:排名|排在)?\s*(?:后|倒数)\s*{NUM}{_AMONG_AFTER}", False),
    (
        "range",
        rf"第?\s*{NUM}\s*(?:名|位)?\s*(?:到|至|-|~|—)\s*第?\s*{NUM}\s*(?:名|位)?{_AMONG_AFTER}",
        False,
    ),
    (
        "outside",
        rf"(?:{_AMONG_BEFORE}|\bfor\s+(?:the\s+)?)(?:cities\s+)?(?:(?:ranked|ranking|placed|that (?:are|rank|ranked)|"
        rf"which (?:are|rank))\s+)?(?:outside|beyond|below|not in|out of)\s+(?:of\s+)?(?:the\s+)?{_EN_COLUMN}top[ -]{NUM}\b",
        True,
    ),
    # "Which cities outside the overall top 10 still crack …": the cities the question looks at
    (
        "outside",
        rf"\bcities\s+(?:ranked\s+|ranking\s+|that (?:are|rank)\s+)?(?:outside|beyond|below)\s+(?:of\s+)?(?:the\s+)?{_EN_COLUMN}top[ -]{NUM}\b",
        True,
    ),
    ("top", rf"{_AMONG_BEFORE}{_EN_COLUMN}(?:top|first|leading)[ -]{NUM}\b(?:\s+overall\b)?", True),
    ("bottom", rf"{_AMONG_BEFORE}{_EN_COLUMN}(?:bottom|last)[ -]{NUM}\b", True),
    # "of the five lowest-ranked cities overall", "among the three highest-ranked ones": N, then the end
    (
        "bottom",
        rf"{_AMONG_BEFORE}{NUM}\s+(?:lowest|worst|weakest|bottom|last)(?:[- ](?:ranked|ranking|placed|scoring))?\s+(?:cities|ones)\b",
        True,
    ),
    (
        "top",
        rf"{_AMONG_BEFORE}{NUM}\s+(?:highest|best|strongest|leading|top)(?:[- ](?:ranked|ranking|placed|scoring))?\s+(?:cities|ones)\b",
        True,
    ),
    # "总排名最低的五个城市里", "排名最靠前的三个城市中"
    ("bottom", rf"(?:排名)?最(?:低|后|靠后|末|差|弱)的?\s*{NUM}\s*(?:个|座|名|位){_AMONG_AFTER}", False),
    ("top", rf"(?:排名)?最(?:高|前|靠前|好|强)的?\s*{NUM}\s*(?:个|座|名|位){_AMONG_AFTER}", False),
    ("top", rf"\bin\s+the\s+{_EN_COLUMN}top[ -]{NUM}\b{_EN_ASKS}", True),
    # "Which top-10 overall city ranks worst in …", "which top-5 cities …": the top N said before the noun
    (
        "top",
        rf"\b(?:which|what)\s+(?:of\s+the\s+)?{_EN_COLUMN}top[ -]{NUM}(?:\s+overall)?\s+(?:cit(?:y|ies)|ones?)\b",
        True,
    ),
    # "总排名前十的城市谁的知识创造力最差": the top N before the noun, then who
    ("top", rf"(?:排名|总排名|总榜)?前\s*{NUM}\s*(?:名|位|强)?\s*的?\s*城市\s*(?=谁|哪)", False),
    ("bottom", rf"\bin\s+the\s+{_EN_COLUMN}(?:bottom|last)[ -]{NUM}\b{_EN_ASKS}", True),
    (
        "range",
        rf"{_AMONG_BEFORE}(?:cities\s+)?(?:ranked|ranking|placed)\s+{NUM}{ORD}\s*(?:to|-|through|and)\s*{NUM}{ORD}",
        True,
    ),
)


# the zone's full name said before "试验区城市" ("不是国家新一代人工智能创新发展试验区城市"): not between a negation and it
_ZONE_NAME_TAIL = re.compile(r"(?:国家)?(?:新一代)?(?:人工智能)?(?:创新发展)?$")


def _before_group(text: str, start: int, size: int) -> str:
    """The `size` characters before a group's name, the zone's own full name left out."""
    before = text[:start]
    tail = _ZONE_NAME_TAIL.search(before)
    if tail and tail.group():
        before = before[: tail.start()]
    return before[max(0, len(before) - size) :]


def _find_scope(text: str, columns: tuple[str, ...]) -> tuple[Subset | None, list[_Span]]:
    """The question's own restriction: a sample group, 'among the top/bottom N', 'ranks 5-10 cities among',
    '前十以外的城市里' / 'among cities outside the top ten' (ranks N+1 to the last)."""
    spans: list[_Span] = []
    scope: Subset | None = None
    non_pilot = NON_PILOT.search(text)
    found = [(match, group) for group, pattern in _GROUPS for match in pattern.finditer(text)]
    if non_pilot:
        named = non_pilot_group([group for _, group in found])
        if named is not None:
            match = next(m for m, group in found if group == named)
            return Subset(kind="group", group=named), [_Span(match.start(), match.end())]
        # "the six non-pilot-zone sample cities (provincial capitals and separately planned cities)": one scope,
        # whatever groups the words after it name
        return Subset(kind="not_group", group="试验区城市"), [_Span(non_pilot.start(), non_pilot.end())]
    # "a city that is not one of the pilot-zone cities", "非试验区城市里": the cities outside the group
    outside = [
        (match, group)
        for match, group in found
        if OUTSIDE_GROUP.search(_before_group(text, match.start(), 36))
        or SET_ASIDE.search(_before_group(text, match.start(), SET_ASIDE_REACH))
    ]
    named = sorted((item for item in found if item not in outside), key=lambda item: item[0].start())
    outside.sort(key=lambda item: item[0].start())
    scope = groups_scope([group for _, group in named], [group for _, group in outside])
    if scope is not None:
        used = [named[0][0]] if scope.kind == "group" else [m for m, _ in (*named, *outside)]
        spans.extend(_Span(m.start(), m.end()) for m in used)
    for kind, pattern, english in _SCOPE_PATTERNS:
        match = re.search(pattern, text)
        if not match:
            continue
        numbers = [_num(g) for g in match.groups() if g]
        if not numbers or any(v is None or v < 1 for v in numbers):
            continue
        if kind == "outside" and numbers[0] >= SAMPLE_SIZE:  # type: ignore[operator]
            continue
        if kind == "from" and not 1 < numbers[0] <= SAMPLE_SIZE:  # type: ignore[operator]
            continue
        column = _scope_column(text, match, english, columns)
        if kind == "range":
            low, high = sorted(numbers[:2])  # type: ignore[type-var]
            found = Subset(kind="range", low=low, high=high, column=column)
        elif kind == "outside":
            found = Subset(kind="range", low=int(numbers[0]) + 1, high=SAMPLE_SIZE, column=column)  # type: ignore[arg-type]
        elif kind == "from":
            found = Subset(kind="range", low=int(numbers[0]), high=SAMPLE_SIZE, column=column)  # type: ignore[arg-type]
        else:
            found = Subset(kind=kind, n=numbers[0], column=column)
        if scope is None:
            scope = found
            spans.append(_Span(match.start(), match.end()))
        # else a group is the restriction; "前十名中有几个试验区城市" makes the top-N the threshold
        break
    return scope, spans


def _same_bound(cond: _Cond, subset: Subset) -> bool:
    """Whether a bound read from the text says no more than the caller's subset ('前十' read both ways)."""
    if subset.kind == "top":
        return cond.op == "<=" and cond.value == subset.n
    if subset.kind == "bottom":
        return cond.op == "bottom" and cond.value == subset.n
    if subset.kind == "range" and subset.low is not None:
        if cond.op == "between":
            return (cond.value, cond.high) == (subset.low, subset.high)
        if (subset.high or 0) >= SAMPLE_SIZE:
            return (cond.op == ">" and cond.value == subset.low - 1) or (
                cond.op == ">=" and cond.value == subset.low
            )
    return False


# ---------------------------------------------------------------- thresholds on rank columns


_TIME_SPAN = re.compile(
    r"\b(?:the\s+)?(?:past|last|previous|recent|next|first)\s+(?:\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten)"
    r"\s+(?:years?|months?|quarters?)\b|(?:近|过去|最近|前|后|未来)\s*[一二两三四五六七八九十\d]{1,2}\s*(?:年|个月)"
)


def _thresholds(text: str, taken: list[_Span]) -> list[_Cond]:
    """Bounds on ranks the question states, outside the scope's words."""
    found: list[_Cond] = []
    # ("over the past three years", "近三年": a span of time, no bound on a rank)
    busy = [*taken, *(_Span(m.start(), m.end()) for m in _TIME_SPAN.finditer(text))]

    def free(m: re.Match[str]) -> bool:
        return all(m.end() <= s.start or m.start() >= s.end for s in busy)

    rules: tuple[tuple[str, str], ...] = (
        # negated comparisons first: '不低于第五名' is 'rank <= 5', not a '低于第五名'
        (
            rf"(?:不低于|不差于|不弱于|不逊于|不次于|不落后于?|至少(?:是|排在?|位列|位居)?|起码(?:是|排在?)?)\s*{_NTH}",
            "<=",
        ),
        (rf"(?:不高于|不好于|不优于|不强于|不领先于?|至多(?:是|排在?)?)\s*{_NTH}", ">="),
        (
            rf"(?:no|not)\s+(?:lower|worse|below)\s+(?:than\s+)?(?:the\s+)?{NUM}{ORD}\b|"
            rf"at least\s+(?:the\s+)?{NUM}(?:st|nd|rd|th)\b",
            "<=",
        ),
        (rf"(?:no|not)\s+(?:higher|better|above)\s+(?:than\s+)?(?:the\s+)?{NUM}{ORD}\b", ">="),
        (rf"第?\s*{NUM}\s*(?:名|位)?\s*(?:到|至|~|—)\s*第?\s*{NUM}\s*(?:名|位)", "between"),
        (
            rf"(?:ranks?|ranked|places?|positions?|between)\s+{NUM}{ORD}\s*(?:to|-|through|and)\s*{NUM}{ORD}",
            "between",
        ),
        (
            rf"(?:不在|没进|没有进|未进|没能进|未能进入?|进不了|跌出|掉出|排不进|不是|{NOT_SQUEEZED_IN})\s*(?:了|入)?(?:[\u4e00-\u9fff]{{2,5}}?)?前\s*{NUM}",
            ">",
        ),
        (rf"前\s*{NUM}\s*(?:名|位|强)?\s*(?:之外|以外|开外|外)", ">"),
        (rf"(?:高于|好于|优于|强于|领先于?|超过|前于)\s*第\s*{NUM}\s*(?:名|位)?", "<"),
        (rf"(?:低于|差于|弱于|落后于?|不如)\s*第\s*{NUM}\s*(?:名|位)?", ">"),
        (rf"{_NTH}\s*(?:及|或|和)\s*(?:以后|之后|以下|更靠后|更后|更低|靠后|往后)", ">="),
        (rf"第\s*{NUM}\s*(?:名|位)?\s*(?:以内|之内|及以前|以前|之前|或以上|及以上|以上)", "<="),
        (rf"{_NTH}\s*(?:以后|之后|以下|开外|靠后|以外|之外)", ">"),
        (rf"(?:后|倒数)\s*{NUM}\s*(?:名|位)?", "bottom"),
        # the same place on several rankings ("知识创造力和发展成效都排第7", "both ranked 7th")
        (
            rf"(?:都|均|同时|并列)\s*(?:排|排名|排在|位列|位居|是)?\s*第\s*{NUM}(?!\s*(?:名|位)?\s*(?:以|之|及|或|开外|到|至))",
            "==",
        ),
        (rf"\bboth\s+(?:rank(?:ed)?|placed?|came|sit|at)\s+(?:in\s+)?{NUM}(?:st|nd|rd|th)\b", "=="),
        # one place held on at least one ranking ("Which cities finish dead last (20th) in at least one ranking?")
        (
            rf"\b(?:rank(?:s|ed)?|plac(?:e|es|ed)|finish(?:es|ed)?|comes?|came|sits?)\s+(?:dead\s+)?(?:last\s+)?"
            rf"\(?{NUM}(?:st|nd|rd|th)\)?(?!\s+(?:place\s+)?(?:or|and)\s+(?:worse|lower|below|later|after|beyond|"
            rf"better|higher|above|earlier))(?=[^?]*\b(?:at least one|any(?: one)?|one or more)\s+"
            rf"(?:of\s+the\s+)?(?:\w+\s+)?(?:rankings?|dimensions?|pillars?|indicators?|lists?)\b)",
            "==",
        ),
        (rf"\b(?:rank(?:ed|s)?|placed?|came|sits?)\s+{NUM}(?:st|nd|rd|th)\s+on\s+both\b", "=="),
        (rf"前\s*{NUM}", "<="),
        (rf"{NUM}\s*(?:名|位)\s*(?:以内|之内|内|及以前|及之前|或以前|以前|之前|或以上|及以上|以上)", "<="),
        (
            rf"(?:not|n't|n’t|never|outside|out of|miss(?:es|ed|ing)?|fail(?:s|ed|ing)? to (?:make|reach|enter|crack)|short of|"
            rf"(?:didn't|did not|don't|do not|doesn't|does not|couldn't|could not|can't|cannot) (?:make|reach|enter|crack|get into)|"
            rf"without)"
            rf"\s+(?:(?:being|getting|making it|making|reaching|cracking|entering|ranking|placing|appearing|featuring|"
            rf"also)\s+)?"
            rf"(?:in\s+|of\s+|into\s+|it into\s+|from\s+)?(?:the\s+)?(?:overall\s+)?"
            # ("missing from the environmental-support top 10": the ranking named inside the bound)
            rf"(?:(?:environment(?:al)?|resources?|knowledge|development|outcomes?|support|creation)[\s-]+){{0,3}}"
            rf"top[ -]?{NUM}\b",
            ">",
        ),
        (rf"(?:better|higher) than\s+(?:the\s+)?{NUM}{ORD}\b", "<"),
        (rf"(?:worse|lower) than\s+(?:the\s+)?{NUM}{ORD}\b", ">"),
        (rf"{NUM}{ORD}\s+or\s+(?:better|higher|above)", "<="),
        (rf"{NUM}{ORD}\s+(?:place\s+)?(?:or|and)\s+(?:worse|lower|below|later|after|beyond)", ">="),
        (rf"(?:below|after|beyond|past)\s+(?:the\s+)?{NUM}{ORD}\b(?!\s+(?:dimension|pillar|categor))", ">"),
        (rf"(?:bottom|last)[ -]{NUM}\b", "bottom"),
        (rf"top[ -]?{NUM}\b", "<="),
    )
    for pattern, op in rules:
        for match in re.finditer(pattern, text):
            if not free(match):
                continue
            values = [_num(g) for g in match.groups() if g]
            if not values or any(v is None or not 1 <= v <= SAMPLE_SIZE for v in values):
                continue
            if op == "between":
                low, high = sorted(values[:2])  # type: ignore[type-var]
                cond = _Cond("between", low, high, _Span(match.start(), match.end()))
            else:
                cond = _Cond(op, int(values[0]), None, _Span(match.start(), match.end()))  # type: ignore[arg-type]
            found.append(cond)
            busy.append(cond.span)
    return sorted(found, key=lambda c: c.span.start)


# two lists named, then one "but not" the other: "in the first list but not the second", "前者有而后者没有"
LIST_REFERENCE = re.compile(
    r"\bthe (?:first|second|former|latter)(?: (?:list|one|ranking|group|top[ -]?\w+))?\b|前者|后者|前一个榜|后一个榜|前一份|后一份"
)
# the second of two rankings sharing one bound, excluded ("top 10 for knowledge creation but not for outcomes")
_BUT_NOT_FOR = re.compile(r"\bbut not (?:for|in|on|among)\b(?! (?:the )?(?:first|former)\b)")


_FIRST_NOT_SECOND = re.compile(
    # ("in the top 10 for knowledge creation but not in the outcomes top 10": the second said again)
    rf"{_BUT_NOT_FOR.pattern}|"
    r"\b(?:the first|the former)(?: (?:list|one|ranking|group|top[ -]?\w+))? (?:but|and) not (?:in |on )?the (?:second|latter)\b|"
    r"前者(?:有|里有|中有)?(?:而|但|却)?后者(?:没有|没|不在|里没有|中没有)|前者[^，。？?]{0,3}(?:但|而|却)(?:不在|没在|没进|没有进?)\s*后者"
)
_SECOND_NOT_FIRST = re.compile(
    r"\b(?:the second|the latter)(?: (?:list|one|ranking|group|top[ -]?\w+))? (?:but|and) not (?:in |on )?the (?:first|former)\b|"
    r"后者(?:有|里有|中有)?(?:而|但|却)?前者(?:没有|没|不在|里没有|中没有)|后者[^，。？?]{0,3}(?:但|而|却)(?:不在|没在|没进|没有进?)\s*前者"
)


def _set_difference(text: str, conds: list[_Cond]) -> list[_Cond]:
    """Two bounds named one after the other, then "the first but not the second": the second bound reversed (the
    cities inside the first list and outside the second), or the first for "the second but not the first"."""
    if len(conds) != 2 or any(c.op != "<=" for c in conds):
        return conds
    first, second = conds
    if _FIRST_NOT_SECOND.search(text):
        return [first, replace(second, op=">")]
    if _SECOND_NOT_FIRST.search(text):
        return [replace(first, op=">"), second]
    return conds


# ---------------------------------------------------------------- helpers


def _extra(**items: object) -> tuple[tuple[str, str], ...]:
    return tuple((k, str(v)) for k, v in items.items() if v is not None and v != "")


def _count_only(text: str) -> str | None:
    return "1" if _COUNT.search(text) and not _LIST.search(text) else None


def _match(text: str, generic: bool, explicit: int) -> tuple[str, int | None]:
    """all / any / at_least k for several conditions. Without a quantifier several named columns mean all;
    a generic 'dimension' means all with 四/五/all/every, any otherwise ('有维度进前三')."""
    k = _at_least(text)
    if k is not None or _AT_LEAST.search(text):
        if k is not None and k > 1:
            return "at_least", k
        return "any", None
    if _ANY_ONE.search(text):
        return "any", None
    if _ALL.search(text) or explicit >= 2 or not generic:
        return "all", None
    return "any", None


def _superlative(text: str) -> bool | None:
    """True for best, False for worst, None when the question asks neither."""
    best, worst = _BEST.search(text), _WORST.search(text)
    if best and worst:
        asked = re.search(r"谁|哪|\bwhich\b|\bwho\b", text)
        if asked:
            # "这三个垫底的城市，谁的知识创造力相对好一点？": the word the question asks with, not the scope's
            after = [m for m in (_BEST.search(text, asked.start()), _WORST.search(text, asked.start())) if m]
            if after:
                return min(after, key=lambda m: m.start()).re is _BEST
        return best.start() < worst.start()
    if best or worst:
        return bool(best)
    return None


def _strip(text: str, spans: list[_Span]) -> str:
    for span in sorted(spans, key=lambda s: -s.start):
        text = text[: span.start] + " " * (span.end - span.start) + text[span.end :]
    return text


def _polarity(text: str) -> str | None:
    """The comparison the question makes between two rank columns, on the rank numbers."""
    if _NUMERIC.search(text):
        if _NUM_BIGGER.search(text) or re.search(r"高|higher", text):
            return ">"
        if _NUM_SMALLER.search(text) or re.search(r"低|lower", text):
            return "<"
    better, worse = _BETTER.search(text), _WORSE.search(text)
    if better and worse:
        return "<" if better.start() < worse.start() else ">"
    if better:
        return "<"
    if worse:
        return ">"
    if _EQUAL.search(text):
        return "=="
    return None


# ---------------------------------------------------------------- the parser


def parse_analysis(
    lowered: str,
    *,
    cities: tuple[str, ...],
    columns: tuple[str, ...],
    metrics: tuple[str, ...],
    subset: Subset | None,
    n: int | None,
    direction: Direction,
    years: tuple[int, ...],
    topic: str | None,
) -> Analysis | None:
    """The analysis a question asks for, or None when it is not an analytic question."""
    text = unicodedata.normalize("NFKC", lowered or "").lower()
    cities = tuple(dict.fromkeys(cities))
    columns = tuple(dict.fromkeys(c for c in columns if c in FIVE))
    if _POLICY.search(text):
        return _policy(text, cities, years, topic)
    if metrics and not columns:
        return _fact_filter(text, cities) or _fact_difference(text, cities)
    return _ranks(text, cities, columns, subset, n, direction)


# "GDP超过2万亿元的有哪几个", "Which cities had PE/VC investment above 10 billion yuan?"
_FACT_BOUND = re.compile(
    r"(超过|高于|大于|多于|不低于|不少于|以上|低于|少于|小于|不到|不足|above|over|more than|greater than|at least|"
    r"higher than|exceeding|exceeds?|below|under|less than|fewer than|lower than)\s*(?:人民币)?\s*"
    r"(\d+(?:\.\d+)?)\s*(万亿元|万亿|亿元|亿|万元|万|元|trillion(?: yuan)?|billion(?: yuan)?|million(?: yuan)?|%|个|家|名)?"
)
# a figure stated as the value itself ('产业覆盖度都是12.2%的城市', 'cities with exactly 12.2%'): a unit is required,
# so a year or a rank is never read as one
_FACT_EQUAL = re.compile(
    r"(都是|均为|都为|同为|为|是|都有|equal to|exactly|of|at|both)\s*(\d+(?:\.\d+)?)\s*(%|万亿元|亿元|万元|个|家|名)"
)
_BOUND_UNIT = {
    "万亿": ("万亿元", 1.0),
    "万亿元": ("万亿元", 1.0),
    "亿": ("亿元", 1.0),
    "亿元": ("亿元", 1.0),
    "万": ("万元", 1.0),
    "万元": ("万元", 1.0),
    "元": ("元", 1.0),
    "trillion": ("万亿元", 1.0),
    "billion": ("亿元", 10.0),
    "million": ("万元", 100.0),
}
_LOWER_BOUND = (
    "低于",
    "少于",
    "小于",
    "不到",
    "不足",
    "below",
    "under",
    "less than",
    "fewer than",
    "lower than",
)


def _fact_filter(text: str, cities: tuple[str, ...]) -> Analysis | None:
    asks_cities = _LIST.search(text) or _COUNT_CITIES.search(text) or _CROSS_CITY.search(text)
    if len(cities) >= 2 or not (asks_cities or re.search(r"的城市|哪[两三几些]个?城市|\bcities\b", text)):
        return None
    match = _FACT_BOUND.search(text) or _FACT_EQUAL.search(text)
    if not match:
        return None
    word, number, unit = match.group(1), float(match.group(2)), (match.group(3) or "").strip()
    if match.re is _FACT_EQUAL:
        scale_unit, factor = _BOUND_UNIT.get(unit.split(" ")[0], (unit or None, 1.0))
        return Analysis(
            kind=K.FACT_FILTER.value, op="==", value=number * factor, extra=_extra(unit=scale_unit)
        )
    unit_key = unit.split(" ")[0] if unit else ""
    scale_unit, factor = _BOUND_UNIT.get(unit_key, (unit or None, 1.0))
    lower = word in _LOWER_BOUND
    inclusive = word in ("不低于", "不少于", "at least", "以上")
    op = "<" if lower else (">=" if inclusive else ">")
    return Analysis(kind=K.FACT_FILTER.value, op=op, value=number * factor, extra=_extra(unit=scale_unit))


def _fact_difference(text: str, cities: tuple[str, ...]) -> Analysis | None:
    ratio = _RATIO.search(text)
    if (
        ratio
        and ratio.group(0).strip().startswith("ratio")
        and (len(cities) > 2 or re.search(r"\b(?:coverage|share|proportion|percentage)\s+ratios?\b", text))
    ):
        ratio = None  # "Compare the industry coverage ratios of A, B, C and D": the figure's name, not A ÷ B
    every = not cities and _EVERY_STATED.search(text) is not None
    if (
        (_SUM.search(text) or _AVERAGE.search(text))
        and (len(cities) >= 2 or every)
        and not (ratio or DIFFERENCE_ASKED.search(text))
    ):
        # '两市PE/VC投资加起来多少', '四个城市的GDP平均是多少'; '十强城市的GDP加起来' (every city the report gives it for)
        return Analysis(
            kind=K.FACT_TOTAL.value,
            op="sum" if _SUM.search(text) else "mean",
            extra=_extra(scope="stated" if every else None),
        )
    if not (ratio or DIFFERENCE_ASKED.search(text)):
        return None
    national = bool(_NATIONAL.search(text)) and len(cities) < 2
    if (
        len(cities) < 2
        and not national
        and not re.search(r"两市|两个城市|两城|两地|二者|两者|both|the two|each other", text)
    ):
        return None
    return Analysis(
        kind=K.FACT_DIFFERENCE.value,
        op="ratio" if ratio else "difference",
        extra=_extra(national="1" if national else None),
    )


def _policy(text: str, cities: tuple[str, ...], years: tuple[int, ...], topic: str | None) -> Analysis | None:
    if _SAME_MONTH.search(text):
        return Analysis(kind=K.POLICY_SAME_MONTH.value)
    counting_words = _COUNT.search(text) or _MOST.search(text) or _FEWEST.search(text)
    if counting_words and re.search(
        r"(?:哪个|哪些|各|每个|哪一个)\s*(?:区|开发区|园区)|(?:which|each|per|by) (?:district|zone|park)",
        text,
    ):
        extreme = "min" if _FEWEST.search(text) else ("max" if _MOST.search(text) else None)
        return Analysis(kind=K.POLICY_COUNT.value, extra=_extra(by="issuer", extreme=extreme))
    issuer = _issuer(text, cities)
    if issuer is not None:
        term, level = issuer
        return Analysis(kind=K.POLICY_ISSUER.value, extra=_extra(term=term, level=level))
    if _NO_POLICY.search(text) and re.search(
        r"哪些城市|哪个城市|哪几个城市|which cit|what cit|which of the", text
    ):
        return Analysis(kind=K.POLICY_COUNT.value, extra=_extra(by="city", extreme="zero"))
    earliest, latest = _EARLIEST.search(text), _LATEST.search(text)
    if earliest or latest:
        which = "earliest" if earliest and (not latest or earliest.start() < latest.start()) else "latest"
        if earliest and latest:
            which = "both"  # "哪项最早、哪项最新", "the earliest and the latest"
        per_city = bool(_PER_CITY.search(text)) or len(cities) > 1
        return Analysis(
            kind=K.POLICY_EXTREME.value, extra=_extra(which=which, per_city="1" if per_city else "0")
        )
    most, fewest = _MOST.search(text), _FEWEST.search(text)
    counting = _COUNT.search(text) or most or fewest or re.search(r"分布|统计|distribution|breakdown", text)
    if not counting or _COUNTS_OTHER_THINGS.search(text):
        return (
            None  # ("how many key projects does it mention": the policy's content, not a count of policies)
        )
    if _PER_YEAR.search(text) and not years:
        by = "year"
    elif re.search(
        r"(?:各|每个|哪个|哪类|哪一?类|按|不同)\s*(?:主题|类别|领域|方向)|(?:per|by|each|which|every)\s+(?:topic|theme|category|area)",
        text,
    ):
        by = "topic"
    elif (
        _PER_CITY.search(text)
        or len(cities) > 1
        or ((most or fewest) and len(cities) != 1)
        or re.search(r"哪个城市|哪座城市|哪些城市|哪几个城市|哪几座城市|涉及哪|which cit|what cit", text)
    ):
        by = "city"
    else:
        by = "all"
    extreme = ("both" if most and fewest else ("min" if fewest else "max")) if (most or fewest) else None
    return Analysis(kind=K.POLICY_COUNT.value, extra=_extra(by=by, extreme=extreme if by != "all" else None))


def _issuer(text: str, cities: tuple[str, ...]) -> tuple[str | None, str | None] | None:
    """(term, level) when the question asks which policies a district or body issued."""
    if re.search(r"区级|区一级|district[- ]level|sub-city", text):
        return None, "district"
    if re.search(r"市级|市一级|市本级|city[- ]level|municipal[- ]level", text):
        return None, "city"
    bare = text
    for city in sorted(cities, key=len, reverse=True):  # 深圳市福田区 → 福田区
        bare = bare.replace(city + "市", "，").replace(city, "，")
    for match in _ISSUER_ZH.finditer(bare):
        term = match.group(1)
        asked = re.search(r"(?:哪个|哪些|哪家|哪一个|什么)$", bare[max(0, match.start() - 3) : match.start()])
        if _NOT_ISSUER.search(term) or asked or term.startswith("国家"):
            continue
        return term, None
    match = _ISSUER_EN.search(text) or _NAMED_DISTRICT_EN.search(text)
    if match:
        term = match.group(1).strip()
        if term in ("district", "districts", "a district", "districts or zones", "zones"):
            return None, "district"
        if not re.fullmatch(
            r"(?:the )?(?:city|cities|municipal|government|city governments?|national|state|central|country)",
            term,
        ):
            return term, None
    if _ISSUE_VERB.search(text) or re.search(r"级|level", text):
        if _CITY_LEVEL.search(text):
            return None, "city"
        if _DISTRICT_LEVEL.search(text):
            return None, "district"
    return None


def _ranks(
    text: str,
    cities: tuple[str, ...],
    columns: tuple[str, ...],
    subset: Subset | None,
    n: int | None,
    direction: Direction,
) -> Analysis | None:
    generic = bool(_GENERIC_DIMS.search(_NAMED_DIMENSION_NOUN.sub(" ", text)))
    if (
        cities
        and _WHICH_CITIES.search(text)
        and not any(_said(c, text) for c in cities)
        and not NEIGHBOUR.search(text)
        and not _CHECKED_IT.search(text)
    ):
        # the caller's city came from a place ('at least 3rd' → the 3rd city), not from the question: a question
        # asking which cities does not name one
        cities = ()
    scope, scope_spans = _find_scope(text, columns)
    conds = _set_difference(text, _thresholds(text, scope_spans))
    if any(_said(c, text) for c in cities):
        # "西安总排名第12，可知识创造力和发展成效都是第7，…": the named city's places, stated, not a filter
        conds = [c for c in conds if c.op != "=="]
    if scope is None and subset is not None:
        dups = [
            c
            for c in conds
            if _same_bound(c, subset)
            or (
                subset.kind in ("top", "bottom")
                and c.value == subset.n
                and (c.op == "bottom") == (subset.kind == "bottom")
            )
        ]
        if not dups:
            scope = subset
        elif (
            len(dups) == len(conds)
            and _superlative(_strip(text, [c.span for c in dups])) is not None
            and not _ALSO.search(text)
        ):
            # '前十名里谁的X最弱' in words this parser does not know: the caller's subset is the restriction and
            # its phrase is not also a bound on X (only 'X也进了前十' / 'both ... in the top 10' would be one)
            scope, scope_spans, conds = subset, [c.span for c in dups], []
    if (
        scope is None
        and len(cities) >= 2
        and (
            re.search(r"中|里|之间|among|of these|of them|of those|between", text)
            # "重庆、成都、西安谁的总排名最高？": the best among the cities named
            or (
                len(cities) >= 3
                and re.search(r"最|\b(?:highest|lowest|best|worst|strongest|weakest|top)\b", text)
                and _superlative(text) is not None
                and re.search(r"谁|哪个|哪座|哪一个|\bwhich\b|\bwho\b", text)
            )
        )
    ):
        scope = Subset(kind="named", cities=cities)
    scope_column = scope.column if scope is not None and scope.kind in ("top", "bottom", "range") else None
    rest = _strip(text, scope_spans)
    # (the scope's column is a column of the question too when named again outside the scope: "只看总排名前十的城市，
    # 哪些城市的发展成效名次比总排名还靠前")
    again = bool(scope_column) and len(re.findall(_COLUMN_WORDS.get(scope_column, r"(?!x)x"), text)) >= 2
    own = tuple(c for c in columns if c != scope_column or again) or (() if scope_column else columns)
    if again:
        at = _column_positions(rest, own)
        own = tuple(sorted(own, key=lambda c: at.get(c, 10**6)))  # in the order the question names them
    scope_p = scope_param(scope)
    # how many results: the question's own count word, else the caller's N when no scope or bound used it
    want = n if n and 1 <= n <= SAMPLE_SIZE and scope is None and not conds else 1

    imbalance = _IMBALANCE.search(text)
    gap = _GAP.search(text)
    local = scope is None or scope.kind == "named"
    if len(cities) == 1 and not conds and _OWN_ORDER.search(text) and (generic or len(own) >= 2):
        # "Rank Hangzhou's four dimensions from strongest to weakest", "把南京四项从强到弱排一下": its own ranks in
        # order (the strongest first)
        return Analysis(
            kind=K.OWN_EXTREME.value,
            columns=own if len(own) >= 2 else (FIVE if _ALL_FIVE.search(text) else FOUR),
            extra=_extra(best="1"),
        )

    if (
        len(cities) == 1
        and set(own)
        <= {TOTAL}  # ("发展成效排到第六，主要靠的是哪方面？": what inside that dimension, explained)
        and _CARRIES.search(text)
        and (generic or _DIM_NOUN.search(text))
    ):
        # "Which dimension carries Nanjing into the top 10?", "南京靠哪个维度挤进前十？": its strongest dimension (the
        # top 10 is where it stands overall, not a bound on its columns); what carries it one level down too
        return Analysis(kind=K.OWN_EXTREME.value, columns=FOUR, extra=_extra(best="1", also_level2="1"))

    # a named city's columns where it is not first, with who is ("Is there any dimension where Beijing isn't
    # number one? Who beats it there?")
    if len(cities) == 1 and not conds and _NOT_FIRST.search(text) and (generic or _DIM_NOUN.search(text)):
        compared = own if len(own) >= 2 else (FIVE if _ALL_FIVE.search(text) else FOUR)
        return Analysis(
            kind=K.RANK_FILTER.value,
            columns=compared,
            op=">",
            value=1.0,
            extra=_extra(match="any", scope=_named(scope_p, cities)),
        )
    # the cities next to a named one in a ranking
    if (
        len(cities) == 1
        and NEIGHBOUR.search(text)
        and not conds
        # ("Is it first on all four dimensions? If not, which city beats it there?": a check of the city first)
        and not (_CHECKED_IT.search(text) and _EVERY_ONE.search(text))
    ):
        places = _NEIGHBOUR_PLACES.search(text)
        k = _num(next((g for g in places.groups() if g), None)) if places else None
        if k is None and (n or 0) >= 2:
            k = n  # "Which two cities are right behind Beijing?"
        above = re.search(r"前面|上一|之前|above|ahead|higher|beat|outrank|overt|topped|tops|edged out", text)
        below = re.search(r"后面|下一|之后|紧随其后|below|behind|lower|after", text)
        side = "above" if above and not below else ("below" if below and not above else "both")
        return Analysis(
            kind=K.NEIGHBOURS.value,
            columns=(own[0] if own else TOTAL,),
            extra=_extra(places=k if k and 1 <= k <= 5 else 1, side=side),
        )

    # a mean or sum of printed scores ('北京、深圳、上海三城总指数的平均分', '前三名城市总指数得分的平均分')
    totals = _SCORE.search(text) and (_AVERAGE.search(text) or _SUM.search(text))
    ranked_scope = scope is not None and scope.kind in ("top", "bottom", "range")
    if totals and not cities and not ranked_scope and n and 2 <= n <= SAMPLE_SIZE:
        # "前三名城市…的平均分": the caller's N names the cities (the top or bottom N on the dimension)
        kind = "bottom" if direction is Direction.BOTTOM else "top"
        scope = Subset(kind=kind, n=n, column=own[0] if own else TOTAL)
        scope_column, ranked_scope, scope_p = scope.column, True, scope_param(scope)
    if totals and (len(cities) >= 2 or ranked_scope):
        column = own[0] if len(own) == 1 else (scope_column if ranked_scope and scope_column else TOTAL)
        return Analysis(
            kind=K.SCORE_TOTAL.value,
            columns=(column,),
            op="mean" if _AVERAGE.search(text) else "sum",
            extra=_extra(scope=scope_p if ranked_scope and len(cities) < 2 else None),
        )

    # one city's lead on a dimension ('北京总指数领先多少分', 'By how much does it lead on environment support?'):
    # against the city next to it in that ranking (the runner-up, or the leader when the city is not first)
    if (
        len(cities) == 1
        and not conds
        and _LEAD.search(text)
        and not _led_city_named(text, cities[0])
        and (DIFFERENCE_ASKED.search(text) or re.search(r"多少|几分|how (?:much|far|big)", text))
    ):
        return Analysis(
            kind=K.SCORE_GAP.value, columns=(own[0] if len(own) == 1 else TOTAL,), extra=_extra(lead="1")
        )

    # a difference between two printed scores ('深圳和上海的总指数得分相差多少分', 'how many points separate …');
    # with more cities, each against the first ('Beijing from Shenzhen, and Beijing from Shanghai')
    if (
        len(cities) >= 2
        and _SCORE.search(text)
        and (
            DIFFERENCE_ASKED.search(text)
            or gap
            or re.search(r"separat|apart|between|behind|ahead|分差", text)
        )
    ):
        # (on the dimension named, or the one whose top N sets the scope: "环境支撑力前三里，上海比深圳高几分")
        gap_column = own[0] if len(own) == 1 else (scope_column if not own and scope_column else TOTAL)
        # ("最高和最低差几分？" over three cities: the highest printed score minus the lowest)
        spread = "1" if len(cities) >= 3 and SPREAD.search(text) else None
        return Analysis(kind=K.SCORE_GAP.value, columns=(gap_column,), extra=_extra(spread=spread))

    # a sum of ranks: one city's own, or which of the named cities has the smaller sum
    if (
        _SUM.search(text)
        and (_RANKISH.search(text) or generic or len(own) >= 2)
        and not _SCORE.search(text)
        and not _COUNTED_IN_ALL.search(text)
    ):
        summed = own if len(own) >= 2 else (FIVE if _ALL_FIVE.search(text) else FOUR)
        one = "min" if _SMALLER.search(rest) else ("max" if _LARGER.search(rest) else "none")
        if cities:
            return Analysis(
                kind=K.AVERAGE.value,
                columns=summed,
                extra=_extra(extreme=one if len(cities) >= 2 else "none", scope="named", sum="1"),
            )
        return Analysis(
            kind=K.AVERAGE.value,
            columns=summed,
            extra=_extra(
                extreme="min" if one == "none" else one, n=_n_of(rest, want), scope=scope_p, sum="1"
            ),
        )

    # a mean over ranks: one city's own average, or the cities with the best / worst average
    if (
        _AVERAGE.search(text)
        and (_RANKISH.search(text) or generic or len(own) >= 2)
        and not _SCORE.search(text)
    ):
        if (
            len(own) == 1
            and not generic
            and (
                (scope is not None and scope.kind in ("group", "top", "bottom", "range")) or len(cities) >= 2
            )
        ):
            # one column averaged over several cities ('三个计划单列市总排名的平均名次')
            over = scope_p if scope is not None else _named(scope_p, cities)
            return Analysis(kind=K.AVERAGE.value, columns=own, extra=_extra(over="cities", scope=over))
        averaged = own if len(own) >= 2 else (FIVE if _ALL_FIVE.search(text) else FOUR)
        if cities and local:
            return Analysis(
                kind=K.AVERAGE.value, columns=averaged, extra=_extra(extreme="none", scope="named")
            )
        worst = bool(_WORST.search(rest)) or direction is Direction.BOTTOM
        asks_one = _BEST.search(rest) or worst or _CROSS_CITY.search(rest) or re.search(r"最", rest)
        return Analysis(
            kind=K.AVERAGE.value,
            columns=averaged,
            extra=_extra(
                extreme=("max" if worst else "min") if asks_one else "none",
                n=_n_of(rest, want),
                scope=scope_p,
            ),
        )

    # one city's best and worst together ("重庆哪个维度最好、哪个最差？两者差了多少名"): its spread
    if (
        cities
        and local
        and not conds
        and _OWN_BEST.search(text)
        and _OWN_WORST.search(text)
        and (generic or _DIM_NOUN.search(text))
    ):
        return Analysis(kind=K.IMBALANCE.value, columns=FOUR, extra=_extra(extreme="none", scope="named"))

    # one city's own best / worst column ('青岛哪个维度最强', "What is Hefei's weakest dimension?")
    if cities and local and not conds and not imbalance and not gap:
        found = None if _picks_city(text, cities) else _own_extreme(text, own, generic, direction)
        if found is not None:
            return found

    # the cities whose own best (worst) first-level dimension is the one named
    own_best = _own_best_is(text, rest, cities, own, scope_p) if not conds else None
    if own_best is not None:
        return own_best

    # who is first (last) on each column; one city first (last) on all of them is a filter
    placed = _places_held(text, rest, cities, own, generic, scope, scope_p)
    if placed is not None and not conds and not imbalance and not gap and not _BALANCE.search(text):
        return placed

    # a named city's own difference between its columns ('西安的知识创造力比总排名高几位')
    if cities and local and not conds and not imbalance and not _SCORE.search(text):
        sides = _own_sides(text, own, generic)
        how_many = PLACES_ASKED.search(text) or gap or DIFFERENCE_ASKED.search(text)
        extreme_asked = _AMOUNT_MAX.search(text) or _AMOUNT_MIN.search(text) or _CROSS_CITY.search(text)
        if sides is not None and how_many and not extreme_asked and (len(cities) == 1 or sides[2]):
            left, right, _ = sides
            return Analysis(
                kind=K.COLUMN_GAP.value,
                columns=(*left, *right),
                extra=_extra(extreme="none", absolute="1", split=len(left), scope="named"),
            )

    # a difference in places between two cities (a difference in printed scores is not one), or which of two
    # ranks higher ('天津和重庆谁排名更靠前', 'Tianjin or Chongqing: which ranks higher?')
    if (
        (len(cities) == 2 or (len(cities) > 2 and PLACES_ASKED.search(text)))
        and not _SCORE.search(text)
        and (
            PLACES_ASKED.search(text)
            or (gap or DIFFERENCE_ASKED.search(text))
            and (columns or _RANKISH.search(text))
            or _HIGHER_Q.search(text)
            and (columns or _RANKISH.search(text) or re.search(r"靠前|领先|排在前面|在前面", text))
        )
    ):
        return Analysis(kind=K.RANK_DIFFERENCE.value, columns=columns or (TOTAL,))

    # how unbalanced a city is across its ranks
    balance = _BALANCE.search(text) and not imbalance
    if imbalance or (
        balance and (_BEST.search(text) or _GAP_MAX.search(text) or re.search(r"最|most", text))
    ):
        compared = own if len(own) >= 2 else (FIVE if _ALL_FIVE.search(text) else FOUR)
        return Analysis(
            kind=K.IMBALANCE.value,
            columns=compared,
            extra=_extra(
                extreme="max" if imbalance else "min", n=_n_of(rest, want), scope=_named(scope_p, cities)
            ),
        )
    # the most places one column is ahead of another ('哪个城市知识创造力比总排名高出最多')
    signed = _signed_gap(text, own)
    if signed is not None:
        left, right, better = signed
        least = _GAP_AT_LEAST.search(text)
        if least:
            # 'at least five places better on knowledge creation than overall': a bound on the gap, not an extreme
            k = _num(next(g for g in least.groups() if g))
            return Analysis(
                kind=K.COLUMN_GAP.value,
                columns=(left, right),
                extra=_extra(extreme="none", absolute="0", better=better, at_least=k, scope=scope_p),
            )
        smallest = _AMOUNT_MIN.search(rest) and not _AMOUNT_MAX.search(rest)
        return Analysis(
            kind=K.COLUMN_GAP.value,
            columns=(left, right),
            extra=_extra(
                extreme="min" if smallest else "max",
                absolute="0",
                better=better,
                n=_n_of(rest, want),
                scope=_named(scope_p, cities) if len(cities) >= 2 else scope_p,
            ),
        )
    if gap and (len(own) >= 2 or (len(own) == 1 and (generic or TOTAL not in own)) or generic):
        if len(own) >= 2:
            pair = own[:2]
        elif len(own) == 1 and own[0] != TOTAL and not generic:
            pair = (own[0], TOTAL)
        else:
            pair = ()
        superl = (
            _GAP_MIN.search(rest) or _GAP_MAX.search(rest) or re.search(r"最|哪个|哪座|哪些|which|who", rest)
        )
        if not pair:
            if not superl:
                return None
            return Analysis(
                kind=K.IMBALANCE.value,
                columns=FIVE if TOTAL in own or _ALL_FIVE.search(text) else FOUR,
                extra=_extra(
                    extreme="min" if _GAP_MIN.search(rest) else "max", n=_n_of(rest, want), scope=scope_p
                ),
            )
        if cities:
            return Analysis(
                kind=K.COLUMN_GAP.value,
                columns=pair,
                extra=_extra(extreme="none", absolute="1", split=1, scope="named"),
            )
        if superl:
            smallest = _GAP_MIN.search(rest) and not _GAP_MAX.search(rest)
            return Analysis(
                kind=K.COLUMN_GAP.value,
                columns=pair,
                extra=_extra(
                    extreme="min" if smallest else "max", absolute="1", n=_n_of(rest, want), scope=scope_p
                ),
            )

    # comparisons between a city's own columns; unless each column named has a bound of its own ("资源支持力进了
    # 前十、但知识创造力排在第15名或更靠后": two thresholds, "更靠后" qualifying the second)
    bounded = len(conds) >= 2 and len(own) >= 2 and _pair_conditions(text, conds, own) is not None
    order = (
        None
        if bounded or _picks_city(text, cities)
        else _column_order(rest if again else text, cities, own, generic, scope_p)
    )
    if order is not None:
        return order

    picked_within = _pick_within_bound(text, rest, scope, conds, own, want)
    if picked_within is not None:
        return picked_within

    # thresholds on one or several columns, all / any / at least k
    if conds:
        cond = conds[0]
        match, k = _match(rest, generic, len(own))
        quantified = bool(k) or bool(_ANY_ONE.search(rest))
        if (generic or quantified) and own in ((), (TOTAL,)):
            cond_columns = FIVE if _ALL_FIVE.search(text) else FOUR
        else:
            cond_columns = own or (TOTAL,)
        if cond.op == "<=" and _NONE_OF.search(rest):  # 'no dimension in the top 10': every one outside
            cond = _Cond(">", cond.value, None, cond.span)
            conds = [cond, *conds[1:]]
            match, k = "all", None
        several = len(cond_columns) >= 2
        restricted = scope is not None
        # one column: a plain top-N / bottom-N / range is a ranking list; other bounds are a filter here, and
        # so is a band counted ('发展成效排在第11到第15名的有几个城市')
        unusual = (
            cond.op in (">", "<", ">=") or (cond.op == "between" and _COUNT_CITIES.search(rest))
        ) and len(conds) == 1
        pairs = _pair_conditions(text, conds, cond_columns) if len(conds) >= 2 and several else None
        only_one = several and len(conds) >= 2 and bool(_ONLY_ONE.search(rest))
        if (
            pairs is None
            and len(conds) == 1
            and len(cond_columns) == 2
            and cond.op == "<="
            and _BUT_NOT_FOR.search(rest)
        ):
            # "in the top 10 for knowledge creation but not for outcomes": one bound, met on the first, not the second
            pairs = [(cond_columns[0], cond), (cond_columns[1], _Cond(">", cond.value, None, cond.span))]
        if several or restricted or k or pairs or unusual:
            return Analysis(
                kind=K.RANK_FILTER.value,
                columns=tuple(dict.fromkeys(c for c, _ in pairs)) if pairs else cond_columns,
                op=cond.op if not pairs else pairs[0][1].op,
                value=float(cond.value if not pairs else pairs[0][1].value),
                extra=_extra(
                    # ("有哪些城市只出现在其中一个榜单里": exactly one of the two bounds met)
                    match="exactly" if only_one else ("all" if pairs or not several else match),
                    at_least=1 if only_one else (k if not pairs else None),
                    high=(cond.high if not pairs else pairs[0][1].high),
                    conditions=";".join(_cond_param(c, x) for c, x in pairs) if pairs else None,
                    count_only=_count_only(rest),
                    scope=_named(scope_p, cities) if cities and not restricted else scope_p,
                ),
            )
        return None

    # the best or worst inside a restriction
    best = _superlative(rest)
    if (
        scope is not None
        and (best is not None or re.search(r"谁|哪个|哪座|which|who", rest))
        and len(own) <= 1
    ):
        if best is None:
            best = direction is not Direction.BOTTOM
        column = own[0] if own else (scope_column or TOTAL)
        return Analysis(
            kind=K.EXTREME.value,
            columns=(column,),
            extra=_extra(
                best="1" if best else "0",
                n=_n_of(rest, want),
                scope=scope_p,
                # "谁的环境支撑力得分最高？多少分？": the winner's printed score too, where the report gives one
                score="1" if _SCORE.search(text) else None,
            ),
        )
    return None


# a named dimension said to be a city's own best or worst, or better (worse) than its other three
_ITS_OWN_BEST = _any(
    r"(?:最好|最强|最高|最靠前|最突出|最优)的(?:一项|一个|维度|一级指标|方面|强项)|最强项|"
    r"比(?:其他|其余|另外)(?:三|3)?(?:个|项)?(?:一级指标|维度)?(?:都|均)?(?:好|强|高|靠前)|"
    r"(?:its|their) (?:own )?(?:best|strongest|top|highest)(?:[- ]ranked)? (?:first-level )?(?:dimension|pillar|area)|"
    r"(?:better|higher|stronger) than (?:all )?(?:of )?(?:its|their|the) (?:other|remaining) (?:three|3)"
)
_ITS_OWN_WORST = _any(
    r"(?:最差|最弱|最低|最靠后|最薄弱)的(?:一项|一个|维度|一级指标|方面)|最弱项|短板|"
    r"比(?:其他|其余|另外)(?:三|3)?(?:个|项)?(?:一级指标|维度)?(?:都|均)?(?:差|弱|低|靠后)|"
    r"(?:its|their) (?:own )?(?:worst|weakest|lowest)(?:[- ]ranked)? (?:first-level )?(?:dimension|pillar|area)|"
    r"(?:worse|lower|weaker) than (?:all )?(?:of )?(?:its|their|the) (?:other|remaining) (?:three|3)"
)
_TIES_COUNT = _any(r"并列|不严格|含并列|ties? (?:count|included|allowed)|or tied|joint")


def _own_best_is(
    text: str, rest: str, cities: tuple[str, ...], own: tuple[str, ...], scope_p: str
) -> Analysis | None:
    """'哪些城市的发展成效是它四个一级指标里排得最好的一项', 'For which cities is development outcomes their best
    dimension?': the cities whose rank on the named dimension is better (worse) than on each of their other three,
    strictly unless ties are said to count."""
    named = [c for c in own if c in FOUR]
    if (
        len(named) != 1
        or cities
        or not (_ASKS_CITY.search(rest) or _LIST.search(rest) or _COUNT.search(rest))
    ):
        return None
    best, worst = _ITS_OWN_BEST.search(text), _ITS_OWN_WORST.search(text)
    if not (best or worst):
        return None
    wants_best = bool(best) and (not worst or best.start() < worst.start())
    others = tuple(c for c in FOUR if c != named[0])
    strict = not (_TIES_COUNT.search(text) and not re.search(r"严格|strictly", text))
    op = ("<" if strict else "<=") if wants_best else (">" if strict else ">=")
    return Analysis(
        kind=K.COLUMN_ORDER.value,
        columns=(named[0], *others),
        op=op,
        extra=_extra(split=1, match="all", count_only=_count_only(rest), scope=scope_p),
    )


# the city in focus checked against a rule ("Is it last in every one …? If not, which city is below it there?"):
# the question is about it, whatever city it asks for after
_CHECKED_IT = re.compile(r"\b(?:is|was|does|did) (?:it|that city)\b|它(?:是不是|是否|有没有)")


def _said(city: str, text: str) -> bool:
    """Whether the question names `city` itself (the caller may have found it from a position or a pronoun)."""
    if city in text:
        return True
    try:
        from pypinyin import lazy_pinyin
    except ImportError:  # pragma: no cover - pypinyin is a project dependency
        return False
    return "".join(lazy_pinyin(city)).lower() in re.sub(r"[\s'’-]", "", text)


def _places_held(
    text: str,
    rest: str,
    cities: tuple[str, ...],
    own: tuple[str, ...],
    generic: bool,
    scope: Subset | None,
    scope_p: str,
) -> Analysis | None:
    """First (last) place on several columns. Each column on its own ('各个一级指标的第一名分别是谁', 'Who is No. 1
    on each of the four dimensions?', '各维度倒数第一') is `leaders`; one city on every column ('四个维度都排第一的城市',
    'at least two dimensions first') is a rank_filter on rank 1 (or the last rank)."""
    if not (generic or len(own) >= 2):
        return None
    words = _NOT_PLACE.sub(" ", rest)
    last, first = _LAST_PLACE.search(words), _FIRST_PLACE.search(_LAST_PLACE.sub(" ", words))
    place = _HELD_PLACE.search(words) if not (first or last) else None
    held = _num(next((g for g in place.groups() if g), None)) if place else None
    if not (first or last or (held and 1 < held <= SAMPLE_SIZE and _at_least(rest))):
        return None
    best = not last or (first is not None and first.start() < last.start())
    if len(own) >= 2:
        compared = own
    else:
        compared = FIVE if TOTAL in own or _ALL_FIVE.search(text) else FOUR
    said = tuple(c for c in cities if _said(c, text))
    # the city checked: named in the question, or carried by a pronoun into one that asks no "which city"
    # ("Is it also last on every one of the four dimensions?")
    # ("Dalian is last overall. Is it last in every one …? If not, which city is below it there?": "is it" checks
    # the city, whatever city is asked after)
    subject = said or (cities if cities and (not _ASKS_CITY.search(rest) or _CHECKED_IT.search(rest)) else ())
    per_column = _PER_COLUMN.search(rest)
    k = _at_least(rest)
    # "有没有城市在某个一级指标上是垫底的？都是谁": the cities holding that place on one column or more (a place said as
    # one, not a superlative: "does best in any single …")
    any_one = bool(
        (held or last or _PLACE_WORD.search(words))
        and _ANY_ONE.search(rest)
        and not _NONE_OF.search(rest)
        and not (k and k > 1)
    )
    if any_one or (_EVERY_ONE.search(rest) and not per_column) or (k and k > 1) or _NONE_OF.search(rest):
        none = bool(_NONE_OF.search(rest))
        match = "any" if any_one else ("all" if none or not (k and k > 1) else "at_least")
        op, value = ("==" if best else "bottom", 1)
        if held:  # "Which city sits at 16th place in three of the four dimensions?"
            op, value = "==", held
        if none:  # 'no dimension first': every one below first place (above the last)
            op, value = (">", 1) if best else ("<=", SAMPLE_SIZE - 1)
        return Analysis(
            kind=K.RANK_FILTER.value,
            columns=compared,
            op=op,
            value=float(value),
            extra=_extra(
                match=match,
                at_least=k if match == "at_least" else None,
                count_only=_count_only(rest),
                scope=_named(scope_p, subject) if subject and scope is None else scope_p,
            ),
        )
    if len(said) == 1 and scope is None and _COUNT.search(rest):
        # "大连四个一级指标里有几个是垫底的？", "How many of Beijing's dimensions are first?": the city's columns
        # holding that place, counted
        op, value = ("==" if best else "bottom", 1)
        return Analysis(
            kind=K.RANK_FILTER.value,
            columns=compared,
            op=op,
            value=float(value),
            extra=_extra(match="any", scope=_named(scope_p, said)),
        )
    if len(said) == 1 and scope is None:
        return None  # one city's own columns ('北京在哪个维度排第一'), not who leads them
    if cities and not said and not (per_column or _EACH.search(rest) or _ASKS_CITY.search(rest)):
        return None  # '它哪个维度最好': the city is the subject
    return Analysis(
        kind=K.LEADERS.value,
        columns=compared,
        extra=_extra(best="1" if best else "0", scope=scope_p),
    )


def _picks_city(text: str, cities: tuple[str, ...]) -> bool:
    """'Hangzhou or Suzhou — which is ahead overall, and which one has the better resource support?': with two
    cities named, "which" picks a city, not one of a city's own columns."""
    return len(cities) >= 2 and bool(
        re.search(r"\bwhich (?:one|is|has|city|of (?:the|them))\b|哪个城市|哪一个|谁", text)
    )


# a city's own columns put in order ("from strongest to weakest", "从强到弱", "sort its four dimensions")
_OWN_ORDER = _any(
    r"from (?:strongest|best|highest) to (?:weakest|worst|lowest)|from (?:weakest|worst|lowest) to (?:strongest|best|highest)|"
    r"\b(?:rank|order|sort) (?:its|their|the|[a-z']+'s) (?:four |five )?(?:dimensions|pillars|ranks)|"
    r"从强到弱|从弱到强|从高到低|从低到高|从好到差|排(?:个|一下)?序|排一排"
)


# what lifts a city to where it stands ("which dimension carries it there", "靠哪个维度挤进前十")
_CARRIES = _any(
    r"\bcarr(?:y|ies|ied)\b|\b(?:keeps?|kept|gets?|got|puts?|props?|propped|pulls?|pulled|lifts?|lifted|"
    r"pushe[sd]|push|holds?|held|drives?|drove|powers?|powered)\s+(?:it|them|[a-z]+)\s+(?:up|in(?:to)?|there|afloat|over)\b|"
    r"\bdoing the (?:heavy )?lifting\b|靠(?:的)?(?:是)?哪|凭(?:借)?(?:的)?(?:是)?哪|撑起|扛起|托起|拉动|带动|拉高"
)
# a superlative of a first-level dimension as such ("its best dimension", "最强的一级指标")
_BEST_DIMENSION = _any(
    r"(?:best|strongest|weakest|worst|top|highest|lowest)[- ]ranked\s+(?:first-level\s+)?(?:dimension|pillar)|"
    r"(?:best|strongest|weakest|worst|top|highest|lowest)\s+(?:first-level\s+)?(?:dimension|pillar)|"
    r"最[^，。？?的]{1,3}的(?:一级指标|维度)"
)


def _bound_as_subset(cond: _Cond, column: str) -> Subset | None:
    """A bound on one rank column as the cities it keeps ("didn't make the overall top 10": ranks 11-20)."""
    value = int(cond.value)
    if cond.op == "<=":
        return Subset("top", n=value, column=column)
    if cond.op == "<":
        return Subset("top", n=value - 1, column=column)
    if cond.op in (">", ">="):
        low = value + 1 if cond.op == ">" else value
        return Subset("range", low=low, high=SAMPLE_SIZE, column=column) if low <= SAMPLE_SIZE else None
    if cond.op == "between" and cond.high:
        return Subset("range", low=value, high=int(cond.high), column=column)
    return None


def _pick_within_bound(
    text: str,
    rest: str,
    scope: Subset | None,
    conds: list[_Cond],
    own: tuple[str, ...],
    want: int,
) -> Analysis | None:
    """The best or worst on one column among the cities that meet a bound on another (inside a sample group, when
    one is named): "Of the pilot-zone cities that didn't make the overall top 10, which has the strongest resource
    support rank?" (the group and the bound together are the scope; the superlative picks inside it)."""
    if not (
        (scope is None or (scope.kind in ("group", "not_group") and scope.also is None))
        and len(conds) == 1
        and len(own) == 2
        and re.search(r"谁|哪个|哪座|哪一个|\bwhich\b|\bwho\b", rest)
    ):
        return None
    best = _superlative(rest[conds[0].span.end :] if conds[0].span.end < len(rest) else rest)
    if best is None:
        return None
    at = _column_positions(text, own)
    if len(at) != 2:
        return None
    bound_column = min(own, key=lambda c: abs(at[c] - conds[0].span.start))
    picked = next(c for c in own if c != bound_column)
    bound = _bound_as_subset(conds[0], bound_column)
    if bound is None:
        return None
    within = replace(scope, also=bound) if scope is not None else bound
    return Analysis(
        kind=K.EXTREME.value,
        columns=(picked,),
        extra=_extra(best="1" if best else "0", n=_n_of(rest, want), scope=scope_param(within)),
    )


def _own_extreme(text: str, own: tuple[str, ...], generic: bool, direction: Direction) -> Analysis | None:
    """A named city's own best / worst column: '青岛哪个维度最强', '苏州最拖后腿的一级指标是哪个',
    "What is Hefei's weakest dimension?", '苏州的资源支持力和知识创造力哪个更强'. None when the question asks
    which city (a comparison across cities) or says no superlative."""
    if _CROSS_CITY.search(text):
        return None
    several = len(own) >= 2
    if not (_DIM_NOUN.search(text) or _LEVEL2_NOUN.search(text) or generic or several):
        return None
    if not (
        _ASKS_WHICH.search(text)
        or re.search(
            r"短板|长板|强项|弱项|拖后腿|(?:最\w{1,3}|拖后腿)的(?:一级指标|维度|方面|指标|一项|分项)", text
        )
    ):
        return None
    best, worst = _OWN_BEST.search(text), _OWN_WORST.search(text)
    if best or worst:
        wants_best = bool(best) and (not worst or best.start() < worst.start())
    elif several and not (_ANCHOR_ZH.search(text) or _ANCHOR_EN.search(text)):
        more, less = _MORE.search(text), _LESS.search(text)
        if not (more or less):
            return None
        wants_best = bool(more) and (not less or more.start() < less.start())
    else:
        return None
    within = own[0] if len(own) == 1 and own[0] in FOUR else None
    if within and _BEST_DIMENSION.search(text):
        within = (
            None  # "…environment support. Is that its best dimension?": the four, the named one among them
        )
    if (_LEVEL2_NOUN.search(text) or (within and not _FOUR_SCOPE.search(text))) and not several:
        # "深圳有没有哪个二级指标拖后腿？", "Shenzhen's weak spot within knowledge creation": the city's
        # second-level indicators (inside the one dimension named), by the ranks the text states
        return Analysis(
            kind=K.OWN_EXTREME.value,
            extra=_extra(best="1" if wants_best else "0", level="2", within=within),
        )
    compared = own if several else (FIVE if _ALL_FIVE.search(text) else FOUR)
    # '它有哪方面明显拖后腿': what holds a city back may sit below its four dimensions; the second-level
    # indicator the text states as its weakest is shown too
    drag = not wants_best and not several and bool(_DRAGS.search(text))
    return Analysis(
        kind=K.OWN_EXTREME.value,
        columns=compared,
        extra=_extra(best="1" if wants_best else "0", also_level2="1" if drag else None),
    )


def _anchored_sides(text: str, own: tuple[str, ...]) -> tuple[tuple[str, ...], tuple[str, ...]] | None:
    """The columns on each side of a comparison: 'X比Y', 'X than Y', 'X ahead of Y', '与Y相比 X'."""
    positions = _column_positions(text, own)
    named = [c for c in own if c in positions]
    against = _AGAINST_ZH.search(text)
    if against:
        right = [c for c in named if against.start(1) <= positions[c] < against.end(1)]
        left = [c for c in named if c not in right]
        if left and right:
            return tuple(left), tuple(right)
    anchor = _ANCHOR_ZH.search(text) or _ANCHOR_EN.search(text)
    if anchor:
        left = [c for c in named if positions[c] < anchor.start()]
        right = [c for c in named if positions[c] >= anchor.end()]
        if not left and re.match(r"compared|relative|against|versus|vs", anchor.group(0)):
            # 'Compared with its overall rank, how many places lower is ...': the clause names the right side
            stop = re.search(r"[,，;；]", text[anchor.end() :])
            end = anchor.end() + stop.start() if stop else len(text)
            right = [c for c in named if anchor.end() <= positions[c] < end]
            left = [c for c in named if c not in right]
        if len(left) >= 2 and not right:
            # "…the overall top 12, which cities rank better in knowledge creation than they do overall?": a column
            # named again after the anchor is the side compared against, wherever it was first named
            again = _column_positions(text[anchor.end() :], tuple(named))
            if again and len(again) < len(left):
                return tuple(c for c in left if c not in again), tuple(c for c in left if c in again)
        if len(left) >= 2 and not right and _THAN_THAT.match(text, anchor.end()):
            # "Xi'an is 12th overall — is its development outcomes rank better than that?": the column named last
            # before "than that" is compared with the one named earlier
            last = max(left, key=lambda c: positions[c])
            return (last,), tuple(c for c in left if c != last)
        if left and right:
            return tuple(left), tuple(right)
    return None


def _own_sides(
    text: str, own: tuple[str, ...], generic: bool
) -> tuple[tuple[str, ...], tuple[str, ...], bool] | None:
    """(left columns, right columns, whether a comparison word split them) for a city's own difference."""
    if len(own) >= 2:
        sides = _anchored_sides(text, own)
        if sides is not None:
            return sides[0], sides[1], True
        return own[:-1], own[-1:], False
    if generic and own == (TOTAL,):
        generic_at = _GENERIC_DIMS.search(text)
        total_at = _column_positions(text, (TOTAL,)).get(TOTAL, 10**6)
        if generic_at and generic_at.start() < total_at:
            return FOUR, (TOTAL,), True
        return (TOTAL,), FOUR, True
    return None


def _signed_gap(text: str, own: tuple[str, ...]) -> tuple[str, str, str] | None:
    """(left, right, the column asked to be better) for 'X比Y高出最多' / 'X ahead of Y by the most places'."""
    if len(own) < 2 or not (
        _AMOUNT_MAX.search(text) or _AMOUNT_MIN.search(text) or _GAP_AT_LEAST.search(text)
    ):
        return None
    op = _polarity(text)
    if op not in ("<", ">"):
        return None
    sides = _anchored_sides(text, own)
    if sides is None or len(sides[0]) != 1 or len(sides[1]) != 1:
        return None
    left, right = sides[0][0], sides[1][0]
    return left, right, left if op == "<" else right


def _cond_param(column: str, cond: _Cond) -> str:
    return ":".join(str(x) for x in (column, cond.op, cond.value, cond.high) if x is not None)


def conditions_from_param(value: str | None) -> list[tuple[str, str, int, int | None]]:
    """The `conditions` parameter as (column, op, value, high) tuples."""
    out = []
    for part in (value or "").split(";"):
        bits = part.split(":")
        if len(bits) >= 3:
            out.append((bits[0], bits[1], int(bits[2]), int(bits[3]) if len(bits) > 3 else None))
    return out


def _pair_conditions(
    text: str, conds: list[_Cond], columns: tuple[str, ...]
) -> list[tuple[str, _Cond]] | None:
    """Several bounds on several columns ('总排名前十但知识创造力不在前十'): each bound goes with the column named
    just before it in Chinese, just after it in English; None unless every bound finds its own column."""
    positions = _column_positions(text, columns)
    chinese = bool(re.search(r"[\u4e00-\u9fff]", text))
    pairs: list[tuple[str, _Cond]] = []
    for cond in conds:
        before = [(cond.span.start - p, c) for c, p in positions.items() if p < cond.span.start]
        after = [(p - cond.span.end, c) for c, p in positions.items() if p >= cond.span.end]
        inside = [
            (0, c) for c, p in positions.items() if cond.span.start <= p < cond.span.end
        ]  # "miss the overall top 10"
        if not chinese and TOTAL in columns and re.search(r"\boverall\s*$", text[: cond.span.start]):
            inside = [
                (0, TOTAL),
                *inside,
            ]  # "in the overall top ten": the word before the bound names its column
        elif not chinese:
            # "the development-outcomes top 10", "in the environment-support top 10": the column named right
            # before the bound is its column
            right_before = [
                c
                for c in columns
                if re.search(
                    rf"(?:{_COLUMN_WORDS.get(c, r'(?!x)x')})(?:s|al|['’]s)?(?:[\s-]+(?:support|creation|outcomes?))?[\s-]*$",
                    text[: cond.span.start],
                )
            ]
            inside = [(0, c) for c in right_before] + inside
        near = inside + (sorted(before) if chinese else sorted(after))
        far = sorted(after) if chinese else sorted(before)
        taken = {c for c, _ in pairs}
        choice = next((c for _, c in near if c not in taken), None) or next(
            (c for _, c in far if c not in taken), None
        )
        if choice is None:
            return None
        pairs.append((choice, cond))
        both = (
            re.search(
                r"[都均]\s*(?:进了?|进入|在|排在?|位列)?\s*$",
                text[max(0, cond.span.start - 6) : cond.span.start],
            )
            if chinese
            else re.match(r"\s+(?:in|on|for)\s+(?:both|each of)\b", text[cond.span.end :])
        )
        # the columns named together with the bound's own, each bound by it: "知识创造力和发展成效都排第7", "7th on
        # both knowledge creation and outcomes" (an equality), "top 10 in both knowledge creation and development
        # outcomes", "知识创造力和发展成效都进前十" (any bound said with both / 都)
        reach = 24 if cond.op == "==" else (45 if both else None)
        if reach is not None:
            pairs += [
                (c, cond)
                for d, c in (before if chinese else after)
                if d <= reach and c not in taken and c != choice
            ]
    return pairs


def _named(scope_p: str, cities: tuple[str, ...]) -> str:
    return "named" if cities and scope_p == "all" else scope_p


_GROUP_SIZE_AFTER = re.compile(
    r"[^，,。;；？?]*?(?:\s{2,}|试验区|试点|省会|计划单列|单列市|直辖市|样本|pilot|provincial capital|plan-listed|sample|"
    r"municipalit|profiled|重点分析|详细分析|专门分析|十强)"
)


def _n_of(text: str, default: int) -> int:
    """'差距最大的三个城市', 'the 3 most unbalanced': how many results are wanted."""
    matches = [
        *re.finditer(rf"(?<![那这]){NUM}\s*(?:个|座|家)\s*(?:城市)?", text),
        *re.finditer(rf"\b{NUM}\s+(?:most|least|cities|biggest|largest)", text),
    ]
    # "14个国家…试验区城市里": a number naming a sample group's size is not how many are wanted (the group's words
    # may already be blanked out as the scope)
    wanted = [
        m
        for m in matches
        if not _GROUP_SIZE_AFTER.match(text, m.start())
        # ("重点分析的十个城市里": the profiled cities' number)
        and not re.search(r"(?:分析|介绍)了?的那?$", text[max(0, m.start() - 8) : m.start()])
        # ("the ten cities the report profiles in depth": the profiled cities' number)
        and not re.match(
            r"\s*(?:cities\s+)?(?:(?:that\s+)?(?:the report|it)\s+(?:profiles|covers|analy[sz]es)|(?:that (?:are|were|get) )?profiled)",
            text[m.end() :],
        )
    ]
    match = wanted[0] if wanted else None
    value = _num(match.group(1)) if match else None
    return value if value and 1 <= value <= SAMPLE_SIZE else default


def _column_order(
    text: str, cities: tuple[str, ...], own: tuple[str, ...], generic: bool, scope_p: str
) -> Analysis | None:
    """'资源支持力排名高于知识创造力排名', '维度排名都高于总排名', 'better on knowledge than overall'."""
    explicit = len(own) >= 2
    generic_vs_total = generic and own in ((TOTAL,), ())
    if not (explicit or (generic_vs_total and TOTAL in own)):
        return None
    op = _polarity(text)
    if op is None:
        return None
    if explicit:
        left, right = own[:-1], own[-1:]
        if len(own) > 2 and generic:
            left, right = own, ()
        elif len(own) == 2:
            # "better on development outcomes than overall": the side after 比 / than is the one compared against
            sides = _anchored_sides(text, own)
            if sides is not None:
                left, right = sides
        if not right:
            return None
    else:
        dims = FOUR
        generic_at = _GENERIC_DIMS.search(text)
        total_at = _column_positions(text, (TOTAL,)).get(TOTAL, 10**6)
        if generic_at and generic_at.start() < total_at:
            left, right = dims, (TOTAL,)
        else:
            left, right = (TOTAL,), dims
    if len(left) == 1 and len(right) == 1:
        match = "all"
    else:
        match, _ = _match(text, True, 0)
        if match == "at_least":
            match = "any"
    return Analysis(
        kind=K.COLUMN_ORDER.value,
        columns=(*left, *right),
        op=op,
        extra=_extra(
            split=len(left), match=match, count_only=_count_only(text), scope=_named(scope_p, cities)
        ),
    )
