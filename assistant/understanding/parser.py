"""Understanding: cleaned text -> vocabulary mentions -> grammar -> router -> conversation focus -> `Query`.

Read top to bottom, this is the whole path a question takes before an answer is composed.
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

from assistant.citations import SOURCES_RULE as FOOTER
from assistant.numerals import chinese_number
from assistant.text import MAX_QUESTION_CHARS, clean, has_cjk, language_of
from assistant.understanding import focus as focus_rules
from assistant.understanding.analysis import (
    DIFFERENCE_ASKED,
    LIST_REFERENCE,
    NEIGHBOUR,
    PLACES_ASKED,
    SPREAD,
    analysis_scope,
    subset_from_param,
)
from assistant.understanding.focus import Focus
from assistant.understanding.grammar import (
    EVENT_WORDS,
    METRIC_COLUMN,
    PUBLISHER_NAMED,
    SAMPLE_SIZE,
    STATED_YEAR,
    TAG_BEFORE_ASK,
    TAG_EN,
    TAG_ZH,
    claims,
    method_aspects,
    number_word,
    places_of_each_city,
    quantities,
    weights,
)
from assistant.understanding.lexicon import lexicon
from assistant.understanding.query import Analysis, Claim, Direction, Operation, Query, Subset
from assistant.understanding.router import (
    CONFIDENT,
    FOLLOW_UP,
    Router,
    default_examples,
    fingerprint,
    masked,
    slot_tokens,
)
from assistant.understanding.spelling import corrected
from assistant.understanding.vocabulary import (
    DIMENSION,
    GROUP,
    LEVEL2,
    LEVEL3,
    METRIC,
    PLACE,
    TOPIC,
    Mentions,
    Vocabulary,
)
from index_core.dimensions import FIRST_LEVEL, TOTAL, dimension
from index_core.report import Report
from index_core.vocabulary import names

FOUR_COLUMNS = tuple(d.column for d in FIRST_LEVEL)
LEVEL2_PARENT = {name: d.key for d in FIRST_LEVEL for name in d.level2}
MAX_FOCUS_TURNS = 12  # earlier user turns read for the focus; older ones cannot matter to a follow-up
# Readings that say little about whether a question concerns the report ("北京明天天气" names a city too).
_WEAK_EVIDENCE = {"unknown", "profile", "help", "passage", "rank", "city_dimension", FOLLOW_UP}
_WORDLESS = re.compile(r"^[^\w\u3400-\u9fff]*$")
# Readings an analysis over the tables may refine: a list, a comparison, a policy count, an unsure reading.
_ANALYSABLE = {
    Operation.INDICATORS,  # "四个一级指标都在前十的城市" names the indicator level, asks about cities
    Operation.ANALYTIC,
    Operation.TOP,
    Operation.COMPARE,
    Operation.POLICIES,
    Operation.FACT_MAX,
    Operation.CLARIFY,
    Operation.UNKNOWN,
}
# Readings an analysis never replaces: the question is about something else entirely.
_NOT_ANALYSED = {Operation.INVALID, Operation.HELP, Operation.WHATIF, Operation.METHOD, Operation.INDICATORS}
# Readings that answer the same question in two ways: when the router hesitates only between such a pair,
# it is not unsure about what is asked, and the likelier one answers.
_NEIGHBOURS = [
    {"fact", "passage"},
    {"rank", "city_dimension"},
    {"explain", "city_dimension"},
    {"rank", "profile"},
    {"city_dimension", "profile"},
    {"top", "analytic"},
    {"method", "indicators"},
    {"fact", "fact_max"},
    {"policies", "analytic"},
]


def _per_city_analysis(analysis) -> bool:
    """An analysis computed for the cities the question names (a policy count, a city's own best dimension),
    which a follow-up naming another city repeats for that city."""
    if analysis.kind.startswith("policy") or analysis.kind in ("own_extreme", "neighbours"):
        return True
    if analysis.kind in ("score_gap", "rank_difference", "fact_difference", "fact_total", "score_total"):
        return (
            True  # "And between Shenzhen and Shanghai?" after a gap: the same computation on the new cities
        )
    return analysis.param("scope") == "named"


def _agreeing(ranked: list[tuple[str, float]], label: str) -> bool:
    """True when the two likeliest readings are neighbours that together are clearly likely."""
    (first, p1), (second, p2) = ranked[0], ranked[1]
    return label == first and {first, second} in _NEIGHBOURS and p1 + p2 >= 0.75


# "苏州的短板是哪个维度" asks for a dimension; "苏州的短板是什么" for the explanation.
_ASKS_WHICH_DIMENSION = re.compile(
    r"维度|一级指标|二级指标|哪个指标|哪项指标|哪个方面|哪方面|\bdimension|\bpillar|\bsub-?(?:indicator|dimension|pillar)"
)
# the words that ask why, in one place: _EXPLAIN_ASK and _WHY_LIKE add their own wider cues to them
_WHY_WORDS = (
    r"为什么|为何|为啥|凭什么|凭啥|怎么会|怎么能|怎么还能?|怎么就|怎么反而|怎么解释|如何解释|\bwhy\b|\bhow come\b|"
    r"\bwhat explains\b|\bhow (?:does|do|did) the report explain|\bwhat(?:'s| is| was) behind\b|"
    # "what's driving the outcomes score?", "what accounts for it"
    r"\bwhat(?:'s| is| was) (?:driving|powering|propping up)\b|\bwhat (?:drives|drove|accounts for)\b|"
    # "How does Qingdao make the top ten when …", "how did it manage to crack the top 5"
    r"\bhow (?:does|do|did|can|could|is|was) [a-z'’ -]{2,30}?(?:make|made|get|reach|manage|end up|stay|crack|"
    r"break|land|sneak|squeeze)s? (?:it )?(?:to )?(?:in|into )?(?:the )?(?:overall )?top"
)
_WHY = re.compile(_WHY_WORDS)
# a thing just found, pointed at as an object ("who is building that", "它是谁建的", "这个项目投了多少")
# each of the cities in focus, without a pronoun ("各排第几？", "respectively?")
_EACH = re.compile(r"^(?:那)?(?:各|分别)|\b(?:each|respectively)\b")
# which of the two cities in focus, asked without naming them ("知识创造力又是谁强？", "which is ahead on outcomes?")
_WHICH_OF_TWO = re.compile(
    r"谁(?:的[^，。？?]{0,8})?(?:更|又|比较)?(?:强|好|高|靠前|领先|厉害|占优)|"
    r"哪个(?:城市)?(?:的)?(?:[^，。？?]{0,8}?(?:更|又|比较)|(?:更|比较)?)(?:强|好|高|靠前|领先|厉害|占优)|"
    r"\bwhich (?:one |city |of (?:them|the two|those two|these two|the pair) )?(?:is |was |ranks? |did |does |has |had |gets? |got |"
    r"scores? |scored |comes? out |came out )?(?:the )?(?:better|higher|stronger|ahead)\b|"
    r"\bwho(?:'s| is| was)? (?:better|higher|stronger|ahead)\b"
)
# the leader of every city, not of the two in focus ("谁最强", "who leads the ranking", "所有城市里")
_ASKS_LEADER_OF_ALL = re.compile(r"最|\bmost\b|\bbest\b|\btop\b|\bleads? the\b|所有|全部|样本")
# a city's approval as a pilot zone or the like ("获批建设", "was it approved"): said of a city, never of the report
_APPROVED = re.compile(r"获批|批复|批准|获准|\bapproved\b|\bdesignated\b|\bgranted\b")
_POINTED_AT = re.compile(
    r"\b(?:that|this|it)\b(?!\s+(?:city|cities|one|ones)\b)|它(?!们)|这个|那个|该"
    # another edition of what was just found ("what is to be unveiled at the next one?" after an expo)
    r"|\bthe (?:next|previous|latest|last) (?:one|edition|session|event|expo|conference)\b|下一届|下届|上一届|上届"
)
# what a city's profile answers, said after its name ("Chengdu's AI development", "北京的整体情况")
_PROFILE_WORDS = frozenset(
    "ai 人工智能 development developments overall performance standing situation picture profile story status "
    "progress record results showing position ranking rankings rank ranks place strengths strength weaknesses "
    "weakness score scores index industry sector ecosystem overview summary case report section chapter heading "
    "headline 发展 整体 总体 情况 表现 水平 排名 名次 现状 优势 短板 得分 指数 产业 概况 整体情况 发展情况 总体情况".split()
)
# what a profile's section is asked with ("What does its section say?", "那一节的标题")
_SECTION_WORDS = frozenset("section say says heading headline title profile 标题 章节 那一节 怎么说".split())
# the second-level indicators under a dimension, asked of ("下面两个二级指标", "its sub-indicators")
_SECOND_LEVEL_ASKED = re.compile(
    r"二级指标|子指标|分项指标|下面(?:的)?(?:两|三|四|几)个(?:指标|分项)?|second[- ]level|sub-?indicators?|sub-?indices"
)
# a share asked of a figure ("what share of the national total", "占全国多少比例")
_SHARE_ASKED = re.compile(
    r"\bshare of\b|\bpercent(?:age)?\b|\bproportion\b|\bfraction\b|占比|比例|比重|百分之|占全国|占了?多少"
)
_STAND_OUT = re.compile(r"\bstand(?:s|ing)? out\b|\bstandout\b")
_ASKS_RANK = re.compile(r"排名|排第|名次|第几|排几|排多少|\brank|\bplac(?:e|ed|ing)\b|\bposition\b|\bstand")
_SCORE_WORDS = re.compile(r"总分|得分|多少分|几分|分数|分差|\bscored?\b|\bscores\b|\bpoints\b")
# a rank or a score asked of the city in focus ("它得了多少分？", "What's its score?"): on the dimension in focus
# a thing named after a figure's word, which then only describes it ("E级算力的人工智能平台", "computing platform")
_THING_AFTER = re.compile(
    r"\s*的?\s*(?:人工智能|ai\s*)?(?:平台|中心|项目|集群|系统|设施|基地|园区|实验室)|"
    r"\s*(?:ai\s+)?(?:platform|centre|center|cluster|project|facility|system|lab|laboratory)\b"
)
# the other side of a figure asked to be matched ("和哪个城市一样", "which city has the same")
_SAME_AS_WHICH_CITY = re.compile(
    r"(?:和|跟|与|同)(?:哪个|哪些|哪座|哪几个)城市(?:一样|相同|持平|一致|并列)|"
    r"\b(?:which|what) (?:other )?cit(?:y|ies) (?:has|have|had|shares?|is|are)? ?(?:the )?same\b"
)
# a count of one city's own columns ("in how many of the four dimensions", "几个维度")
_COLUMNS_COUNTED = re.compile(
    r"\bhow many (?:of )?(?:the |its )?(?:four |4 |five |5 )?(?:first-level )?(?:dimensions|pillars|indicators|"
    r"rankings)\b|几个(?:一级)?(?:指标|维度)|几项|多少个(?:一级)?(?:指标|维度)"
)
# an indicator's weight asked ("What weight does … carry", "权重是多少")
_WEIGHT_ASKED = re.compile(r"\bweight(?:s|ed|ing)?\b|\bweighs\b|权重|加权")
# a place among the country's cities, not among the 20 of the sample ("among Chinese cities", "全国排第几")
_NATIONAL_PLACE = re.compile(
    r"全国|国内|中国城市|\bnational(?:ly)?\b|\bnationwide\b|\bamong (?:all )?(?:chinese|china's) cities\b|"
    r"\b(?:in|across) (?:all of )?china\b|\bamong (?:all )?(?:the )?cities (?:in|of|across) china\b"
)
_ASKS_RANK_OR_SCORE = re.compile(
    _ASKS_RANK.pattern
    + r"|排|"
    + _SCORE_WORDS.pattern
    # how a city did on a ranking ("How did those three do overall?", "表现如何")
    + r"|\bhow (?:did|do|does|have|has)\b[^?？]{0,40}\b(?:do|fare|perform|stack up)\b|表现(?:如何|怎么样|怎样)"
)
# why a thing just named matters ("and why does it matter?", "为什么重要", "有什么意义")
_WHY_IT_MATTERS = re.compile(
    r"\bwhy\b[^?？]{0,40}\b(?:matters?|significant|important|notable|signific\w*)|"
    r"(?:为什么|为何|为啥)[^？?]{0,12}(?:重要|重视|意义|值得关注|特别)|有(?:什么|何)意义"
)
# a city's own document ("implementation plan", "实施方案"), not the report
_DOCUMENT_WORDS = re.compile(
    r"\bplan\b|\bpolic(?:y|ies)\b|regulation|measures|\blaws?\b|方案|政策|规划|条例|办法|措施|意见|法规"
)
# where one city stands, asked without naming it ("算倒数第几", "算什么水平", "where does it stand")
_PLACE_OF_IT = re.compile(
    r"倒数第几|算第几|排第几|排在第几|什么水平|什么位置|什么档次|哪个档次|哪个位置|\bwhere does (?:it|that) (?:stand|sit|rank)\b|"
    r"\bhow does (?:it|that) (?:rank|place|stand)\b|\bwhat(?:'s| is) (?:its|the) (?:rank|place|position)\b"
)
# how the sample was drawn, asked of a group ("why were the capitals chosen", "为什么选这些计划单列市")
_SAMPLE_CHOICE = re.compile(
    r"为什么选|为何选|怎么选|如何选|选取|选择|入选|挑选|纳入|标准|依据|\bwhy (?:were|was|are|did)\b|\bchos|\bselect|"
    r"\bpick|\bcriteri|\binclud|\bhow many\b|多少个|几个"
)
# a city named by its place, something else asked of it ("总排名第七的那个城市", "the city ranked 4th on …")
_CITY_AT_PLACE = re.compile(
    r"(?<![到至~\-—])(?:排名|排在|排|位列|位居)?(?P<from_end>倒数)?第\s*([一二三四五六七八九十]{1,3}|\d{1,2})\s*(?:名|位)?"
    r"的(?:那个|那座|这个|这座)?城市|"
    # the last place, said without a number ("the city that came dead last overall", "垫底的那个城市")
    r"(?P<last>\bthe city (?:that(?:'s| is)? |which (?:is )?)?(?:came|comes|finished|ranked|ranks|placed|sits|was) "
    r"(?:dead |stone[- ]cold |the very )?last\b|\bthe (?:last|bottom)[- ](?:placed|ranked) (?:city|one)\b|"
    r"(?:垫底|排名?最后|倒数第一)的(?:那个|那座|这个|这座)?城市)|"
    r"\bthe city (?:that(?:'s| is)? |which (?:is )?)?(?:rank(?:s|ed)|plac(?:es|ed)|sits|came|comes|finished) "
    r"(?:at |in )?(?:no\. ?|number |#)?(\d{1,2})(?:st|nd|rd|th)?\b(?: place)?(?: overall| on [a-z&' -]+?)?(?=\s*[—–,:;?-]|$)|"
    r"\bthe (\d{1,2}(?:st|nd|rd|th)|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth)[- ]"
    r"(?:placed|ranked) (?:city|one)\b|\bthe city in (\d{1,2})(?:st|nd|rd|th) place\b"
)
# the extreme of a figure asked among named cities ("谁最少", "which is lowest")
_EXTREME_ASKED = re.compile(
    r"最(?:少|多|高|低|大|小)|\b(?:least|most|lowest|highest|smallest|largest|biggest|fewest)\b"
)
_LOWEST_ASKED = re.compile(r"最(?:少|低|小)|\b(?:least|lowest|smallest|fewest)\b")
# a named city set against a place rather than a city ("北京比第二名高多少分？", "How far ahead of the No. 2 city
# is Beijing?"): the place, written as the city that holds it
_THAN_PLACE = re.compile(
    r"(?<=比)(?:排名|排在)?第\s*([一二三四五六七八九十]{1,3}|\d{1,2})\s*(?:名|位)(?:的(?:那个)?城市)?|"
    r"(?<=\bthan )(?:the )?(?:no\. ?|number |#)(\d{1,2})\b(?: city| one)?|"
    r"(?:(?<=\bthan )|(?<=\bof )|(?<=\bover ))the (\d{1,2}(?:st|nd|rd|th)|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth)"
    r"[- ](?:placed|ranked) (?:city|one)\b"
)
_PLACE_NAMED_GROUPS = {_CITY_AT_PLACE.groupindex["from_end"], _CITY_AT_PLACE.groupindex["last"]}
# the levels of the indicator system named ("一级指标", "first-level dimensions", "the indicators")
_INDICATOR_LEVELS = re.compile(
    r"[一二三]级指标|指标体系|几个维度|哪些维度|几个一级|(?:first|second|third|1st|2nd|3rd)[- ]level|\bdimensions\b|"
    r"\bindicators\b|\bpillars\b"
)
# what kind of city a sample city is ("属于什么类型", "what category are they")
_KIND_OF_CITY = re.compile(
    r"什么类型|哪种类型|哪一类|什么类别|哪类|属于什么|是什么身份|\bwhat (?:kind|type|category|sort)s?\b|\bcategor|\bclassified\b"
)
# a city's strengths, worded as an edge ("What's Hangzhou's edge?", "its strong suit")
_STRENGTH_WORDS = re.compile(
    r"(?:'s|’s|\bits|\btheir) (?:main |biggest |key |real |competitive |chief )?(?:edge|advantages?|forte|strong suit)\b|"
    r"\bwhat (?:is|are) [a-z]+ good at\b|优势在哪|优势是什么|长项|拿手"
)
# growth asked of a figure ("how fast did it grow", "增速多少")
_GROWTH = re.compile(r"\bgr[eo]w|\bgrowth\b|\bhow fast\b|增速|增长|增幅|涨了多少|涨幅")
# a year and every one after it ("2019年以后", "2019 or later", "since 2019")
_YEAR_ONWARDS = re.compile(
    r"(?:19|20)\d{2}\s*年?\s*(?:及|或)?\s*(?:以后|之后|以来|往后|起)|(?:19|20)\d{2}\s*(?:or|and) (?:later|after)|"
    r"\bsince (?:19|20)\d{2}\b|\bfrom (?:19|20)\d{2} on(?:wards?)?\b|(?:19|20)\d{2} onwards?|"
    r"(?:19|20)\d{2}(?: and|,)? beyond"
)
# a year and every one before it ("2020年之前", "before 2020", "2020 or earlier"); group 1 when the year itself
# counts too ("2020年及以前", "in or before 2020")
_YEAR_BEFORE = re.compile(
    r"(?:19|20)\d{2}\s*年?\s*(?P<with>及|或|和)?\s*(?:以前|之前|前|以往|往前)(?![十五三两\d])|"
    r"\b(?P<with_in>(?:in|during) or )?(?:before|prior to|earlier than|pre-?)\s*(?:19|20)\d{2}\b|(?:19|20)\d{2}\s*(?P<with_en>or|and) (?:earlier|before)"
)
# strictly after a year ("after 2019", "晚于2019年")
_YEAR_AFTER = re.compile(r"\b(?:after|later than)\s+(?:19|20)\d{2}\b|晚于\s*(?:19|20)\d{2}")
# the rest of a group just counted, asked for ("不是的是哪几个", "and which aren't?", "剩下的呢")
_THE_REST = re.compile(
    r"(?:那些|其余|剩下的?|其他的?)?\s*不是的?\s*(?:是|有)?\s*(?:哪|谁)|(?:其余|剩下)的?(?:是|有)?\s*(?:哪|谁)|"
    r"(?:and )?which (?:ones )?(?:are not|aren't|were not|weren't)\b|(?:and )?(?:the )?(?:others|rest)\b"
)
# a thing just discussed, pointed at ("the newer one", "那个中心"): not the city the question names
_THING_REFERENCE = re.compile(
    r"\b(?:the|that|this) (?:[a-z]+ )?one\b|这个(?!城市)|那个(?!城市)|这座(?!城市)|那座(?!城市)"
)
# the other city of a shared place, asked for ("which one?", "the city that's tied with it", "和哪个城市并列")
_PARTNER_ASKED = re.compile(
    r"\bwhich (?:one|city)\b|\bwho\b|\bthe (?:other )?city (?:that|it)|\bthe other (?:one|city)\b|哪个城市|哪座城市|"
    r"哪一个|哪个|谁|那个城市|另一个"
)
# a place shared with another city ("tied for first", "并列第一")
_TIED = re.compile(
    r"\btie[ds]?\b|\btying\b|并列|同列|\bshar(?:es|e|ed|ing) (?:(?:the|that|this|its|first|top|1st|same) ){0,2}"
    r"(?:place|spot|rank|position)"
)
# where a city ended up on a ranking, worded as a place reached ("where did it end up / land / finish")
_WHERE_PLACED = re.compile(
    r"\bwhere (?:did|does|do|has|have|is|was|would)\b[^?？.]{0,50}?\b(?:end(?:s|ed)? up|land(?:s|ed)?|"
    r"finish(?:es|ed)?|come in|came in|comes in|sits?|sat|fall|falls|fell|stands?|stood|rank(?:s|ed)?|"
    r"plac(?:e|es|ed)|wind up|wound up|shake out|shook out)\b|"
    r"排到了?哪|排在哪|落在哪|位列何处|名次落在|处在哪个位置|排到第几"
)
# the cities that lead something, asked for ("which cities come out on top", "哪几个城市", "谁最强")
_LEADING_CITIES = re.compile(
    r"\bwhich cit|\bwhat cities\b|\bwho\b|\bcities (?:lead|come|score|rank|do best)|come out on top|\bleaders?\b|"
    r"\bleads?\b|哪些城市|哪几个城市|哪个城市|哪几座|哪座城市|谁|领先的城市|靠前的城市|较高的城市|最强的城市"
)
_QUOTED_NAME = re.compile(r"[“\"「『][^”\"」』]{2,20}[”\"」』]")
# words about a figure rather than a new subject ("占全国多少比例", "what share", "its rank")
_FIGURE_WORDS = {
    # the same asks again ("那南京呢，两项都说下", "both of those")
    "两项",
    "两个",
    "两者",
    "几项",
    "各项",
    "说下",
    "说说",
    "讲讲",
    "讲下",
    "both",
    "count",
    "number",
    "figure",
    "数量",
    "数字",
    "exact",
    "precise",
    "具体",
    "准确",
    "确切",
    "put",
    "where",
    "stand",
    "place",
    "position",
    "ranked",
    "ranking",
    "占",
    "比例",
    "占比",
    "比重",
    "全国",
    "排名",
    "排第几",
    "排第",
    "第几",
    "名次",
    "样本",
    "样本城市",
    "位居",
    "位列",
    "增速",
    "增长",
    "同比",
    "多少",
    "总数",
    "数据",
    "share",
    "national",
    "total",
    "rank",
    "percent",
    "percentage",
    "growth",
    "rate",
    "year",
    "before",
    "previous",
    "sample",
    "cities",
    "compared",
    "among",
}
_THAT_DIMENSION = re.compile(
    r"\b(?:that|this|the same) (?:dimension|pillar|category)\b|该维度|这个维度|那个维度|这一维度|这个一级指标|该一级指标"
)
_POSSESSIVE = re.compile(r"的|\bits\b|\btheir\b|'s\b|\bof (?:it|them)\b|它|它们|其")
_OTHER_DIMENSIONS = re.compile(
    r"(?:其他|其余|另外|剩下|别的)的?\s*(?:[一二三两3]\s*个)?\s*(?:维度|一级指标|指标|方面)|"
    r"\b(?:the )?(?:other|remaining) (?:three |3 )?(?:dimensions|pillars|categories)|\brest of the dimensions"
)
# why-questions in more words than _WHY: "怎么连前十都没进", "问题出在哪"
# asking for the report's reasons ("报告认为杭州的优势到底在哪", "依据是什么", "举了什么例子")
# what carried a city to its place ("靠哪些维度撑进前六", "what carried it into the top 10")
_CARRIED_BY = re.compile(
    r"靠什么|靠哪些|靠哪几|靠哪个|撑进|撑起|\bwhat (?:carried|lifted|propped up|got) it\b|"
    # "…so what keeps it in the overall top 10?", "how did it end up in the top 10?", "怎么进的前十"
    r"\bwhat (?:keeps|kept|holds|held) (?:it|them)\b|\bhow did (?:it|they) (?:end up|get|make it|land|wind up|manage)\b|"
    r"怎么进的|怎么进了|如何进入|凭什么进|凭啥进|"
    # "怎么总排名还能进前十", "怎么还能排进前十"
    r"(?:怎么|为啥|咋)[^，。？?,]{0,8}?(?:还能|竟然|居然|却)?(?:排)?进(?:了|入)?\s*前"
)
_EXPLAIN_ASK = re.compile(
    _WHY_WORDS
    + r"|依据|原因|优势在哪|优势是什么|优势到底|短板|拖后腿|举了什么例子|\bevidence\b|\breasons?\b|"
    + _CARRIED_BY.pattern
)
# a place conceded before the one asked about ("even though its knowledge creation is decent")
_CONCEDED = re.compile(r"\b(?:even though|although|though|despite|even if)\b|虽然|尽管|虽说")
_WHY_LIKE = re.compile(
    _WHY_WORDS
    + r"|怎么连|怎么没|问题出在|原因|what went wrong|\bwhat makes\b|according to the report|报告(?:为什么|为何)?(?:说|认为)"
)
# particulars asked for ("具体有哪些奖励", "what concrete incentives"): the report's sentences, not an overview
_SPECIFIC_ASK = re.compile(
    r"具体(?!情况|表现)|\bconcrete\b|\bspecific(?:ally)?\b|\bexactly what\b|\bwhat exactly\b"
)
# a document asked for by what it says ("Which document introduced that?", "是哪份文件提出的"): a policy row
_ASKS_DOCUMENT = re.compile(
    r"\b(?:which|what) (?:document|policy|plan|regulation|measure|guideline|file)s?\b|"
    r"哪(?:一)?(?:份|个|项|部)(?:文件|政策|规划|方案|计划|条例|措施|导则)|什么(?:文件|政策|规划|方案|条例|导则)"
)
# a supposition: what a what-if question says even when its weight change is not read
_HYPOTHETICAL = re.compile(
    r"如果|假如|假设|假若|若是|要是|倘若|权重|\bif\b|suppos(?!ed to\b)|imagine|\bweight|\bwere\b|hypothetical|scenario"
)
# a city's strong and weak points asked for ("where is it weak", "我们哪里做得好、哪里落后"): the explanation
# said to stand out (a claim about the cities, not an order between them)
_STANDS_OUT = re.compile(
    r"突出|出色|领先|亮眼|强|\bstands? out\b|\bstrong\b|\bexcel|\bshines?\b|\bsingled out\b"
)
# which of them is ahead: a comparison, whatever else is asked
_COMPARATIVE_ASK = re.compile(
    r"(?<![相对无好])比(?![较重例率值上])|更|谁|哪个|哪一个|\bthan\b|\bwhich\b|\bwho\b|\bmore\b|\bahead\b|\bhigher\b|\bbetter\b"
)
_STRENGTHS_WEAKNESSES = re.compile(
    r"短板|弱项|弱点|薄弱|不足|劣势|优势|强项|长处|长板|亮点|拖后腿|落后|做得好|做得不好|差在哪|强在哪|"
    r"(?:哪一?块|哪方面|哪些方面|哪里|哪儿)(?:比较|相对|最|更)?(?:弱|差|强|好|突出|吃亏|拉胯)|"
    r"\bweak(?:ness(?:es)?|est|er)?\b|\bstrengths?\b|\b(?:particularly |especially |really )?strong (?:in|at|on)\b|"
    r"\bexcels? (?:in|at)\b|\bshines?\b|\bstands? out\b|\bgood at\b|\bbad at\b|\b(?:distinctive|competitive|main|real) edge\b|看家本领|拿手|"
    r"\b(?:main |key |biggest |chief )?(?:dis)?advantages?\b|\blagg?(?:ing|s)?\b|\bdoing (?:well|poorly|badly)\b|"
    r"\b(?:does|do|did) poorly\b|\bfalls? (?:short|behind)\b|\bshortcomings?\b|\bstrong points?\b|"
    r"\bwhere (?:is|are|does|do) (?:it|they|we|the city)\b[^?]{0,30}\b(?:struggl|behind|poor|weak|good|well|excel)"
)
# the overall ranking said in so many words ("overall", "总排名", "总榜"): not the dimension in focus
_OVERALL_SAID = re.compile(r"\boverall\b|\bin total\b|\bcomposite\b|总排名|总榜|总指数|总体|综合")
_OVERALL_PLACE = re.compile(
    r"前十|前10|前五|前5|top[ -]?(?:10|ten|5|five)|\bmake the top\b|进入?前|"
    # the place stated, pointed at ("它能排这么靠前", "how does it still rank so high")
    r"(?:排|排得|排名)(?:这么|那么)(?:靠前|高)|\brank(?:s|ed)? (?:so|this|that) high\b"
)
_CONTRAST = re.compile(r"但是|但|可是|然而|\byet\b|\bbut\b|\bwhile\b|\bwhereas\b|\bthough\b")
_CONTRAST_AFTER_SUBJECT = re.compile(r"却|反而|反倒")
_TURN = re.compile(r"但是|但|可是|然而|\byet\b|\bbut\b")
# Where a question asking two things breaks: a question mark, or a comma before a second question word.
_QUESTION_BREAK = re.compile(
    r"[？?；;]+|[，,—–]\s*(?=(?:那|而|并且|另外|以及|还有|and\s+)?\s*(?:其中|[^，,？?]{0,12}?(?:多少|几|哪|什么|谁|是否|how|what|which|when|who|where)))"
    # "…where does it rank and how many AI firms does it have?": a second question joined by "and" alone
    r"|(?<=[a-z0-9])\s+(?=and\s+(?:how (?:many|much)|when)\s+[A-Za-z/-]+(?:\s+[A-Za-z/-]+){0,4}\s+"
    r"(?:does|do|did|is|are|was|were|has|have)\b)"
    # "…is its relative strength, and within knowledge creation is it stronger on X or on Y?": a yes/no question
    r"|[，,]\s*(?=(?i:and\s+[^,，?？]{0,40}?\b(?:is|are|does|do|did|was|were|has|have)\s+(?:it|they|that|this|there)\b))"
    # "…separate Beijing from Shenzhen, and Shenzhen from Shanghai?": a second pair asked the same way
    r"|[，,]\s*(?=(?i:and\s+[a-z'’]+\s+(?:from|and|vs\.?|versus|to)\s+[a-z'’]+\s*[?？]?\s*$))"
    # "What was its score there, and its 2020 GDP?": a second thing asked about the same city, said as a noun
    r"|[，,]\s*(?=(?i:and\s+(?:its|their|her|his)\s+[^,，?？]{1,40}[?？]\s*$))"
)
# the period an indicator's data covers, asked about ("为啥用的是2019年数据", "what year is the data from")
_DATA_PERIOD = re.compile(
    r"(?:用|采用|使用|是)(?:的是)?\s*(?:哪一?年|\d{4}\s*年)的?数据|数据(?:是|为)?(?:哪一?年|什么时候|截至|统计时间|时期)|"
    r"统计(?:时间|时期|口径)|数据(?:应该|应当|都|全|也)*(?:是|为|用的是?)\s*\d{4}\s*年的|\b(?:which|what) year'?s? data\b|"
    r"\bdata (?:is |are )?(?:all |entirely )?(?:from|for) \d{4}\b|\b\d{4} data\b[^?]{0,20}\b(?:right|correct)\b|"
    r"\b(?:based on|uses?|using|relies on|rely on) \d{4} (?:data|figures)\b|数据[^，。？?]{0,8}(?:来源|从哪)|"
    r"从哪(?:些|里|儿)?(?:来源|渠道)?[^，。？?]{0,4}(?:拿|来|获取|取得|采集)的|\bdata (?:is |are )?(?:from|for) (?:which|what) (?:year|period)|"
    r"\buses? (?:\d{4}|older|old|last year'?s) (?:data|figures|numbers|statistics)\b|"
    r"\bwhy (?:does|is|do|are) [^?]{0,40}\b\d{4} (?:data|figures|numbers|statistics)\b|"
    r"(?:用|采用|使用)(?:的是)?\s*\d{4}\s*年的?(?:数字|统计|数)"
)


# one item of what was just listed ("the one about …", "which one of those", "哪一项", "那份")
_ONE_OF = re.compile(
    r"\bthe one\b|\bwhich one\b|\bthat one\b|哪一项|哪一份|哪份|哪项|那份|那项|这份|这项|其中一项"
)


# an earlier edition's ranking asked about ("和上一版报告相比", "compared with last year's ranking")
_EARLIER_EDITION = re.compile(
    r"上一版|上一期|上版|上届|上一届|往期|往年|去年的(?:排名|报告|榜单)|(?:上一?年度?|上年度|前一年)的?(?:排名|报告|榜单|名次)|"
    r"前一版|以前的排名|之前的排名|排名(?:上升|下降|变化|有没有变化)|"
    r"名次(?:上升|下降|变化|有变化)|\b(?:previous|last|earlier|prior|former) \(?(?:\d{4}\s*[-–/~]\s*\d{2,4}\)? )?(?:edition|report|year'?s (?:ranking|report|index|edition|score))|"
    r"(?<!\d)(?:2019|2018|2017)\s*年?\s*(?:的)?\s*(?:排名|得分|指数排名|名次|榜单|总指数)|"
    r"\b(?:2019|2018|2017) (?:ranking|index|score|edition)s?\b|"
    r"\d{4}\s*[-–/~]\s*(?:2020|20)\s*(?:年)?(?:版|edition)|"
    r"\bmoved up the most\b|\bclimbed the most\b|\bbiggest (?:climber|riser|jump)\b|进步最大|上升最多|"
    r"\b(?:moved|climbed|rose|fell|dropped) (?:up|down)? ?(?:\d+ |how many )?(?:places|spots|ranks)|\bsince last year\b"
)


# what a named body is ("一家什么样的公司", "什么来头", "what kind of company is", "what exactly is")
_WHAT_KIND_OF = re.compile(
    r"什么样的(?:公司|机构|企业|组织|单位)|什么来头|是(?:一家|一个|家|个)?什么(?:公司|机构|企业|组织)|"
    r"\bwhat (?:kind|sort|type) of (?:company|organi[sz]ation|firm|body|institution|outfit)\b|"
    r"\bwhat exactly is\b|\bwho exactly is\b|\bwho is behind\b"
)


# a place in a ranking named as a city ("第一名比第三名高出多少分")
# "第三名", and a place set against another without 名 ("跟第一差了多少分", "比第二高几分")
_PLACE_NAMED = re.compile(
    r"第\s*([一二三四五六七八九十两\d]{1,3})\s*名(?!单)|"
    r"(?<=[跟和与比离同])第\s*([一二三四五六七八九十两\d]{1,2})(?=\s*(?:差|相差|高|低|落后|领先|多|少|之间))"
)
# two places said together ("第7和第8", "第三、第四名")
_PLACES_JOINED = re.compile(
    r"第\s*([一二三四五六七八九十两\d]{1,3})\s*名?\s*(?:和|与|及|、|或|跟)\s*第\s*([一二三四五六七八九十两\d]{1,3})"
    r"(?!\s*(?:部|届|批|次|个|家|轮|项|条|年|季|期))"
)
_ORDINALS_EN = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth")
# "the first and the third (of them)", "the 1st and 3rd placed": places named in English
_PLACE_NAMED_EN = re.compile(
    r"\bthe ("
    + "|".join(_ORDINALS_EN)
    + r"|\d{1,2}(?:st|nd|rd|th))\b(?= (?:and|one|city|place|placed|of them)\b|[ ,?]*$)"
)


# a question answered yes or no about what it states ("Is it also last on …?", "它也是倒数第一吗？")
_YES_NO = re.compile(
    r"^(?:so |and |but |then )?(?:is|was|does|did|has|are|were)\s+(?:it|this|that|they|[a-z']+)\b(?![^?]*\b(?:or|which|who)\b)"
    r"|(?:吗|么|是不是|是否|对不对)[？?]?\s*$|是不是"
)
# the last place stated without a number ("dead last", "bottom", "垫底")
_LAST_PLACE = re.compile(r"\blast\b|\bbottom\b|垫底|倒数第一|最后一名|末位")


def _place_number(said: str) -> int:
    """A place as written: "2nd", "second", "二", "12" -> its number (0 when unreadable)."""
    word = re.sub(r"(?:st|nd|rd|th)$", "", said) if said[0].isdigit() else said
    return _ORDINALS_EN.index(word) + 1 if word in _ORDINALS_EN else (chinese_number(word) or int(word or 0))


def _places_named(text: str) -> list[int]:
    """The places a question names ("第一名比第三名…", "the first and the third of them", "No.1 and No.3"), in
    order."""
    lowered = text.lower()
    found = [(m.start(), chinese_number(m.group(1) or m.group(2)) or 0) for m in _PLACE_NAMED.finditer(text)]
    for m in _PLACE_NAMED_EN.finditer(lowered):
        word = m.group(1)
        found.append(
            (
                m.start(),
                _ORDINALS_EN.index(word) + 1 if word in _ORDINALS_EN else int(re.sub(r"\D", "", word)),
            )
        )
    found += [
        (m.start(), int(m.group(1)))
        for m in _PLACE_NUMBERED.finditer(lowered)
        if 1 <= int(m.group(1)) <= SAMPLE_SIZE
    ]
    found += [(m.start(), 1) for m in _THE_LEADER.finditer(lowered)]
    return [place for _, place in sorted(found)]


# the first place said without its number ("how far ahead was the top one over the third?")
_THE_LEADER = re.compile(
    r"\bthe (?:top|leading|first[- ]placed|number[- ]one|no\.\s*1) (?:one|city|spot)\b|\bthe leader\b"
)


# the dimension just discussed, pointed at ("这个指标", "that dimension", "this pillar")
_THIS_DIMENSION = re.compile(
    r"(?:这个|那个|该|这一?项|那一?项)(?:一级)?(?:指标|维度|方面)|这方面|那方面|"
    r"\b(?:that|this|the same) (?:dimension|pillar|indicator|area|category)\b"
)
# a place written as a number ("the No.1 and No.3 cities", "#2")
_PLACE_NUMBERED = re.compile(r"(?:\bno\.\s*|\bnumber\s+|#)(\d{1,2})(?!\d)")
# the places right after the first ("the two runners-up", "亚军和季军"): how many of them
_RUNNERS_UP = re.compile(
    r"\bthe (?P<n>two|three|2|3) runners?[- ]ups?\b|\bthe runners[- ]up\b|\brunner[- ]ups\b|亚军和季军|亚军、季军"
)
# a statement before the question ("I'm mapping talent pools. Which cities …?", "As an HR director: how …")
_REPORT_MENTIONS = re.compile(
    r"\b(?:the report|it) (?:mentions|talks about|says|describes|refers to|notes|cites|brings up)\b|"
    r"报告(?:里|中)?(?:提到|说到|讲到|写到|说|里面提到)"
)
_PREAMBLE = re.compile(r"^(.{4,200}?(?:[。：！]|[.:!](?=\s)|:(?=[\u4e00-\u9fff])))\s*(\S.*)$", re.S)


# the asker introducing themselves by their city ("我是大连的，…", "I'm from Dalian, …")
_SELF_INTRO = re.compile(
    r"^\s*(?:我是|我来自|我们是|我们来自|作为)[^，,。？?]{1,12}(?:的|人|市民|官员|政府)?[^，,。？?]{0,8}[，,。]"
    r"|^\s*(?:i'?m|i am|we'?re|we are)\s+(?:from|with|based in|an? [a-z ]{0,30}from)\s+[^,.?]{2,40}[,.]"
    r"|^\s*(?:i|we)\s+(?:work|works)\s+(?:for|at|in|with)\s+[^,.?]{2,60}[,.]"
)


# "Between Suzhou and Nanjing (both Jiangsu)," before the questions about them
_BETWEEN_CLAUSE = re.compile(
    r"\s*(?:between|for|comparing|compare|对比|比较|在)\s*[^?？]{0,60}?(?:\band\b|和|与|跟)[^?？]{0,60}$"
    # "武汉和成都比，…", "A跟B相比，…"
    r"|\s*[^?？，,]{2,20}(?:和|与|跟|同)[^?？，,]{2,20}(?:相比|对比|比较|比)(?:一下|起来|的话)?\s*$"
)


def _signature(query: Query) -> tuple:
    """What a part computes: two parts with one signature ask the same thing."""
    return (
        query.operation,
        query.analysis,
        query.metrics,
        query.dimension,
        query.level2,
        query.years,
        query.n,
        query.rank_range,
    )


# A clause that only restricts the question's scope ("总排名11到20的这些城市里，…", "among the top five, …"): the
# question goes on after it, so it is not a question of its own.
_SCOPE_CLAUSE = re.compile(
    r"(?:里面|里|之中|当中|中间|中|内|范围内|among (?:them|these|those)|of (?:these|them))\s*(?:[(（][^)）]*[)）])?\s*$"
)
# an English clause that only sets the scope ("Of the three provincial capitals that were picked as …,")
_LEADING_SCOPE = re.compile(r"\s*(?:of|among|amongst|out of|within|across) (?:the|these|those|all)\b")
_CONDITION = re.compile(r"\s*(?:如果|假如|假设|要是|倘若|若|if|suppose|assuming|what if)")
# a question about how an indicator is measured, not about the cities ("which cities' data feed it, how is it counted")
_MEASURED_BY = re.compile(
    r"怎么(?:算|衡量|计算|统计)|如何(?:衡量|计算|统计)|口径|权重|\bhow (?:is|are) (?:it|they|this)? ?(?:measured|calculated|computed|counted|weighted)\b|\bweight"
)
_CITY_QUESTION = re.compile(
    r"哪些城市|哪几个城市|哪个城市|哪座城市|哪些地方|哪[两三四五六七八九十]个城市|城市(?:都|还)?(?:有|是)(?:哪些|哪几个|谁)|\b(?:which|what) (?:[a-z'-]+ ){0,2}cit|\bwho\b"
)


_ASKING = re.compile(
    # ("那几个计划单列市", "这几个城市": those few, pointed at, not asked)
    r"吗|呢|么|是否|有没有|请|列出|列举|说说|讲讲|介绍|告诉|看看|给我|比较|对比|分析|解释|为什么|为何|怎么|如何|多少|(?<![那这])几|哪|什么|啥|咋|谁|"
    r"(?<![a-z])(?:how|what|which|when|who|whom|whose|why|where|is|are|was|were|does|do|did|can|could|list|name|"
    r"tell|show|give|compare|explain|describe)(?![a-z])"
)
# the same, with an English auxiliary asking only when it opens the clause ("Is it…", "and does it…") or tags it
# ("…, is it?"): "Hangzhou is 5th overall but 4th on outcomes — what's driving…" opens with a statement
_ASKING_OPENLY = re.compile(
    _ASKING.pattern.replace("|is|are|was|were|does|do|did|can|could", "")
    + r"|^\s*(?:(?:and|so|but|then|also|ok|okay|well)\s*,?\s+)?(?:is|are|was|were|does|do|did|can|could|has|have|"
    r"had|will|would|should)\b"
    r"|\b(?:is|are|was|were|does|do|did|can|could|has|have)\s+(?:it|they|there|that|this|he|she)\b\s*[^,.;]*\??\s*$"
)


# a conversational opener that says nothing of the question ("ok so how far behind …", "好的，那…", "嗯，")
_FILLER = re.compile(
    r"^(?:(?:ok(?:ay)?|alright|all right|hmm+|got it|i see|thanks|thank you|cool|great|nice|interesting|wow)"
    r"(?:[\s,.!;:—–-]+(?:so|then|now|and then)\b)?[\s,.!;:—–-]+|(?:好的|好吧|嗯+|哦+|噢|明白了?|了解了?|懂了|收到)[，,。！!\s]+)",
    re.IGNORECASE,
)


def _last_city(query: Query, found: tuple[str, ...], before: str | None) -> str | None:
    """The city "it" / "that city" points at after this turn: the last one asked about, else the first the answer
    found; a neighbour found ("And the one right above it?" answered 沈阳) rather than its anchor."""
    neighbour = query.analysis is not None and query.analysis.kind == "neighbours"
    if neighbour and len(found) == 1 and found[0] not in query.cities:
        return found[0]
    if query.cities:
        return query.cities[-1]
    return found[0] if found else before


_ELIDED_BOUND = re.compile(
    r"(进了?\s*(前\s*[十\d一二三四五六七八九]+名?))([^，。？?,]{0,12}?(?:没有|没|未)(?:能)?进(?:入)?)(?!\s*前)"
)


def _with_elided_bound(text: str) -> str:
    """'发展成效进前十而总排名没进的': the bound said once stands for both sides ('…总排名没进前十的')."""
    return _ELIDED_BOUND.sub(lambda m: m.group(1) + m.group(3) + m.group(2), text)


def _without_filler(text: str) -> str:
    """The question without its conversational opener (kept when nothing would be left)."""
    rest = _FILLER.sub("", text, count=1)
    return rest if len(rest.strip()) >= 2 else text


def _asks_something(piece: str) -> bool:
    """Whether a clause is a question or a request by itself (not only a scope or a topic); a clause opening
    with "Top 3 …" / "前三名…" asks for that list."""
    lowered = piece.lower()
    return _ASKING.search(lowered) is not None or _LIST_REQUEST.match(lowered) is not None


_LIST_REQUEST = re.compile(
    r"\s*(?:the\s+)?(?:top|bottom)\s*\d|\s*(?:前|后|倒数)[\d一二三四五六七八九十]+(?:名|位|个)"
)


def _question_pieces(text: str) -> list[str]:
    """The question split where it asks another thing (_QUESTION_BREAK); a list in brackets ("the top three
    (Shanghai, Beijing, Shenzhen): …") is never split."""
    shielded = re.sub(
        r"[(（][^()（）]*[)）]", lambda m: m.group(0).replace(",", "\x00").replace("，", "\x01"), text
    )
    pieces = [p.strip() for p in _QUESTION_BREAK.split(shielded) if p and p.strip()]
    joined: list[str] = []
    for piece in pieces:
        if joined and _CONNECTIVE_ONLY.fullmatch(joined[-1].lower()):
            joined[-1] = f"{joined[-1]}, {piece}"  # "Also, what …": a connective opens the question after it
        else:
            joined.append(piece)
    return [p.replace("\x00", ",").replace("\x01", "，") for p in joined]


# the two things just set side by side ("两者相差多少位", "the two")
_THE_TWO = re.compile(r"两者|二者|两项|两个名次|这两个|\bthe two\b|\bboth\b")
# a city's other ranking set against the one in focus ("比它自己的总排名", "than its own overall rank")
_AGAINST_ITS_OWN = re.compile(
    r"(?:比|跟|和|与|同)它(?:自己|本身)?的|\b(?:than|ahead of|behind|above|below) (?:its|that city's) (?:own )?|"
    r"\b(?:from|and|vs\.?|versus) its own\b"
)
_CONNECTIVE_ONLY = re.compile(
    r"\s*(?:also|and|plus|besides|moreover|additionally|separately|then|next|finally|lastly|one more thing|"
    r"by the way|btw|oh|另外|还有|此外|再者|顺便问一下|顺便问下|顺便|然后|最后|再问一下|再问下|那么|"
    r"反过来|反过来说|反之|相反|conversely|on the flip side|the other way round|the other way around|"
    r"in reverse|vice versa|on the other hand)[\s,，:：]*"
)


# a question opening by setting cities aside ("除了北京以外，", "Apart from Beijing and Shanghai, …")
_SET_ASIDE_LEAD = re.compile(
    r"^\s*(?:除了|除去|不算|不包括|排除|besides|apart from|other than|except(?: for)?|aside from|excluding)\s*"
    r"(?P<who>[^,，:：;；?？]{1,40}?)\s*(?:以外|之外|外)?\s*[,，:：;；]\s*(?P<rest>.+)$",
    re.IGNORECASE | re.DOTALL,
)


def _without_spans(text: str, spans: list[tuple[int, int]]) -> str:
    """``text`` with the (start, end) spans cut out (names, cue words)."""
    for start, end in sorted(spans, reverse=True):
        text = text[:start] + text[end:]
    return text


# "除了青岛…，还有哪个城市…", "Besides Qingdao, which other city …": the named city is set aside, the others asked
_SET_ASIDE_BEFORE = re.compile(
    r"(?:除了|除去|除|不算|不包括|排除|besides|other than|apart from|except(?: for)?|aside from)\s*(?:the\s+)?$"
)
# the city others are listed after, under a score bound ("which cities come after Beijing with scores above 60")
_AFTER_BEFORE = re.compile(r"(?:\bafter|\bbehind|\bbelow)\s*(?:the\s+)?$")
_AFTER_IT = re.compile(
    r"\b(?:after|behind|below|besides|other than|apart from|except(?: for)?|follow(?:s|ed|ing)?)\s+(?:it|them|that city|this city)\b|"
    r"除了?它|它(?:之后|后面|以外)"
)
# between two names of one list ("上海、北京和深圳", "Shanghai, Beijing and Shenzhen"); a comma only in English: in
# Chinese it ends the set-aside clause ("除了北京，上海和深圳谁更高")
_LIST_JOIN = re.compile(r"\s*(?:、|/|&|和|及|与|以及|跟|,?\s*(?:and|or)\b)\s*")
_LIST_JOIN_EN = re.compile(r"\s*(?:,|/|&|,?\s*(?:and|or)\b)\s*")
_ASKS_OTHER_CITY = re.compile(
    r"还有(?:哪|什么|别的|其他|其它)|(?:别的|其他|其它|另外)(?:哪些|哪个|的)?城市|哪些?(?:别的|其他|其它)|"
    r"\b(?:which|what) other\b|\bany (?:other )?cit(?:y|ies)\b|\bother cities\b|\belse\b|"
    r"有没有(?:别的|其他|其它)?城市|有(?:别的|其他|其它)?城市(?:在|也|能|进|拿|排)|还有谁|\bwho else\b"
)


# a request for the figure too, after a follow-up ("and on industry coverage? give me the actual percentage too",
# "那产业覆盖度呢？把具体数字也给我")
_ALSO_THE_FIGURE = re.compile(
    r"[,，.。;；]?\s*(?:(?:please|and|also|plus)\s+)*(?:give|show|tell|send|include|add|list)\s+(?:me|us)?\s*"
    r"(?:the\s+)?(?:actual|exact|real|precise|specific|underlying)?\s*(?:percentages?|figures?|numbers?|values?|"
    r"scores?|shares?|data|rates?|amounts?)\s*(?:too|as well|also|please)?\s*[.!?]?\s*$|"
    r"[,，。;；]?\s*(?:顺便|同时|另外)?(?:把|给出|给我|列出|附上)?(?:具体|实际|确切)?的?(?:百分比|数字|数值|数据|占比|比例)"
    r"(?:也|一并|一起)?(?:给我|给出|列出|说一下|告诉我)?(?:吧)?[。！!？?]?\s*$",
    re.IGNORECASE,
)


# the whole profile asked again, not one dimension of it
_WHOLE_PROFILE = re.compile(
    r"整体|全面|总体|概况|介绍一下|overview|profile|overall picture|tell me (?:more )?about|describe"
)


def _indicator_level2(query: Query) -> str | None:
    """The second-level indicator the question names, or the one its third-level measure belongs to."""
    return query.level2 or (names().parent_of(query.level3) if query.level3 else None)


def _cities_said_aside(query: Query, mentions: Mentions) -> tuple[str, ...]:
    """The cities said after 除了/besides/apart from (the whole list after it), or, under a score bound, after
    "after"."""
    lowered = query.text.lower()
    bounded = query.threshold is not None
    said: list[str] = []
    previous = None
    joins = _LIST_JOIN_EN if query.language == "en" else _LIST_JOIN
    for m in mentions.of("city"):
        before = lowered[max(0, m.start - 14) : m.start]
        if (
            _SET_ASIDE_BEFORE.search(before)
            or (bounded and _AFTER_BEFORE.search(before))
            or (
                previous is not None
                and previous.key in said
                and joins.fullmatch(lowered[previous.end : m.start])
            )
        ):
            said.append(m.key)  # "Apart from Shanghai, Beijing and Shenzhen, …": the whole list is set aside
        previous = m
    return tuple(dict.fromkeys(said))


def _with_cities_set_aside(query: Query, mentions: Mentions) -> Query:
    """The cities said after 除了/besides, when the question asks which other city: set aside, not asked about.
    Under a score bound, the city the others come after is set aside too ("Which cities come after it with scores
    above 60?", "除了北京，得分60分以上的城市有哪些")."""
    lowered = query.text.lower()
    if not query.cities or not (
        _ASKS_OTHER_CITY.search(lowered)
        or _CITY_QUESTION.search(lowered)
        or re.search(r"谁|哪个|哪一个|哪座", lowered)
        # "Of those, apart from Beijing, Shenzhen and Shanghai, which had the best development outcomes?"
        or re.search(
            r"\bwhich (?:one |of them |of those )?(?:had|has|is|was|did|does|ranks?|ranked|scored?|leads?|led|comes?|came)\b",
            lowered,
        )
    ):
        return query
    bounded = query.threshold is not None
    aside = _cities_said_aside(query, mentions)
    if not aside and bounded and query.carried and _AFTER_IT.search(lowered):
        aside = query.carried
    if not aside:
        return query
    return replace(
        query,
        cities=tuple(c for c in query.cities if c not in aside),
        claims=tuple(c for c in query.claims if c.city not in aside),
        set_aside=aside,
        carried=(),
    )


# a place in the list just given, pointed at ("the third one", "那第一个呢", "其中第二个城市"); not "第一个获批的"
_ORDINAL_ONE = re.compile(
    r"\bthe (first|second|third|fourth|fifth|last|1st|2nd|3rd|4th|5th) (?:one|city)(?:'s|’s)?|"
    r"(?:(?<=^)|(?<=那)|(?<=其中)|(?<=这)|(?<=里)|(?<=中))第([一二三四五]|[1-5])个(?:城市)?(?=呢|的|是|，|,|？|\?|$|排|得|有|在|它)|"
    # "Which one is profiled last?", "which city comes first in it?": the end of the list just given
    r"\bwhich (?:one|city) (?:is|was|comes?|came|gets?|got) (?:profiled |covered |listed |discussed |written up )?"
    r"(last|first)\b"
)
# an incentive asked for ("What cash incentives does Wuhan offer AI firms …?"): the figures named beside it (AI
# firms) say who gets it; only an incentive's own figure (an award or subsidy cap) is asked
_INCENTIVE = re.compile(r"incentive|subsid|reward|\bawards?\b|bonus|奖励|补贴|补助|奖补|扶持资金")
_INCENTIVE_METRIC = re.compile(r"award|subsidy|reward")


def _asked_metrics(text: str, mentions: Mentions) -> tuple[str, ...]:
    metrics = mentions.keys(METRIC)
    if not metrics or not _INCENTIVE.search(text.lower()):
        return metrics
    return tuple(m for m in metrics if _INCENTIVE_METRIC.search(m))


def _with_chain(query: Query, mentions: Mentions) -> Query:
    """'上海比北京高多少分？北京又比深圳高多少？', 'between Beijing and Shenzhen, and between Shenzhen and
    Shanghai': a city named twice links two gaps in a chain (each next pair), not each against the first."""
    a = query.analysis
    if a is None or a.kind not in ("score_gap", "rank_difference") or len(query.cities) != 3:
        return query
    said = [m.key for m in mentions.of("city")]
    # "between #1 and #2, and between #2 and #3": the cities at those places
    places = _places_named(query.text)
    chained = len(said) >= 4 and said.count(query.cities[1]) >= 2
    if not chained and not (not said and len(places) >= 4 and places.count(places[1]) >= 2):
        return query
    return replace(query, analysis=replace(a, extra=(*a.extra, ("chain", "1"))))


def _other_words(piece: str, resolver) -> list[str]:
    """A clause's own words that are not city names ("For Chongqing," and "那武汉呢" have none)."""
    return [w for w in _own_words(piece) if not resolver.try_resolve(w)]


def _answer_body(answer: str) -> str:
    """An answer without its sources."""
    return answer.split(FOOTER, 1)[0]


def _headline(answer: str) -> str:
    """An answer's first bold line: what it found (the cities or the dimension it names)."""
    return next((line for line in _answer_body(answer).splitlines() if line.startswith("**")), "")


def _as_follow_up(query: Query, focus: Focus, context: Operation | None, **changes) -> Query:
    """The question read as a follow-up of the conversation in focus: surely so, with what it changes."""
    return replace(
        query, follow_up=True, confidence=1.0, context=context, context_words=focus.words, **changes
    )


def _on_city_in_focus(query: Query, focus: Focus, context: Operation | None, **changes) -> Query:
    """A follow-up about the city in focus (the last one named), saying it was carried over."""
    return _as_follow_up(
        query, focus, context, cities=(focus.last_city,), carried=(focus.last_city,), **changes
    )


def _plural_cities(focus: Focus) -> tuple[str, ...]:
    """What 'they/它们/the two' points at: every city in play, or (when one turn named one city and the next
    another: "深圳…？", "上海呢？", "那它们俩…") the cities of the last two turns."""
    return focus.cities if len(focus.cities) >= 2 else (focus.recent[-2:] or focus.cities)


def _own_words(piece: str) -> tuple[str, ...]:
    """A clause's content words other than difference and question words ('and by how much?' has none)."""
    from assistant.understanding.content import content_words

    return tuple(
        w for w in content_words(piece) if not re.fullmatch(r"higher|lower|more|less|much|差|高|多", w)
    )


def _question_parts(text: str) -> tuple[tuple[tuple[str, ...], ...], tuple[tuple[str, ...], ...]]:
    from assistant.understanding.content import question_parts

    return question_parts(text)


# how an indicator is measured or made up
_MEASURED = re.compile(
    r"\bmeasured?\b|\bcalculated\b|\bmade up\b|\bconsists?\b|\bcomposed\b|\bmetrics?\b|衡量|怎么算|如何计算|由哪些|包括哪些指标|三级指标|构成"
)
# how the indicators become one index: the method, not the indicator list
_COMBINED = re.compile(
    # (weights are not here: "what weight does X carry" is answered with the indicator system, which says the
    # report does not publish them)
    r"\brolled? up\b|\baggregat|\bcombined? (?:in)?to\b|\bsurvey|\bquestionnaire|"
    r"\bnormali[sz]|合成|汇总成|综合成|怎么算出|如何算出|问卷|调查数据|无量纲|标准化|"
    # many indicators made into one number ("How does the report turn all those indicators into one score?")
    r"\binto (?:one|a single|a combined|one overall|an overall) (?:score|number|figure|value|index)\b|"
    r"变成一个(?:总)?(?:分|分数|数|得分)|得出(?:一个)?(?:总分|综合得分|综合值)"
)
# how the scores of a ranking spread ("分数分布", "scores distributed", "梯队")
# the first-level dimensions named generically ("哪个维度", "which pillar")
_FIRST_LEVEL_ASKED = re.compile(
    r"(?<!这个)(?<!这一)(?<![该此])(?:维度|一级指标|方面)|(?<!this )(?<!that )\b(?:dimensions?|pillars?|first-level)\b"
)
# a part asking a computation, a comparison or a place rather than the report's prose
_COMPUTED_PART = re.compile(
    DIFFERENCE_ASKED.pattern
    + r"|"
    + PLACES_ASKED.pattern
    + r"|"
    + _SCORE_WORDS.pattern
    + r"|谁|排第|排名|名次|几位|几名|更高|更强|更好|更多|强一点|高一点|百分点|\bwhich of\b|\bhigher\b|\bbetter\b|"
    r"\bgap\b|\brank|\bplace"
)
# the question a statement leads to ("…, so what keeps it …", "…，那它…")
_SO_THEN = re.compile(r"\s*(?:so|then|and so|hence|therefore)\b|\s*(?:所以|那么|那|因此)")
# a list or ranking other than the report's own ("HPC TOP100", "AI 2000榜单", "全球500强")
_OUTSIDE_LIST = re.compile(r"\btop\s*\d{3}|榜单|\d{3,4}\s*强|\bai\s*2000\b|\b(?:list|chart) of\b")
# the rest of what was just named ("另外还有哪些政策", "what other policies")
_OTHERS_ZH = r"另外|其他|其它|别的|其余"
_THE_OTHERS = re.compile(_OTHERS_ZH + r"|\bother\b|\belse\b|\bbesides\b|\bremaining\b")
# the other members of a set just named or counted ("剩下的是哪几个", "which were the other two?", "the rest")
_OTHER_MEMBERS = re.compile(_OTHERS_ZH + r"|剩下|剩余|\bothers?\b|\bthe rest\b|\bremaining\b")
_OTHER_POLICIES = re.compile(
    r"(?:还有|" + _OTHERS_ZH + r"|\bother|\belse)[^，。？?,]{0,10}"
    r"(?:政策|措施|方案|文件|规划|\bpolic|\bmeasures?\b|\bplans?\b)"
)
# a part asking what an indicator is or measures (not about a city's things it counts)
_ABOUT_THE_INDICATOR = re.compile(
    r"指标|衡量|测量|组成|包括|包含|构成|定义|含义|什么意思|怎么算|如何算|\bindicators?\b|\bmeasur|\bconsist|"
    r"\bmade up\b|\bcompris|\bdefin|\bmean"
)
_DISTRIBUTION = re.compile(
    r"分布|梯队|阶梯|distribut|spread|tiers?\b|echelon|clusters? of scores|"
    # scores close together ("why are the middle-ranked cities so hard to tell apart?", "中间那些城市为啥拉不开")
    r"tell (?:them )?apart|close together|bunched|拉不开|分不出|相差不大|差距不大|差别不大|"
    r"\b(?:fall|falls|drop|drops|tail|tails|taper|tapers) off\b|\bslope|坡度|下降得?(?:快|慢|陡|缓)"
)
# the pattern of a ranking's scores asked about (not a list of its cities)
_SCORE_PATTERN = re.compile(
    r"\bpattern|\bshape\b|\bhow (?:the|do|does)\b[^?]{0,30}\bscores?\b|规律|特点|趋势|怎么变化"
)
# the question quotes or paraphrases what the report says ("报告说…", "那段说“…”", "the report says …")
# what the report names, asked for ("what deals does the report mention", "报告提到了哪些")
_MENTION_ASKED = re.compile(
    r"\bmention(?:s|ed)?\b|\bcites?\b|\bnames?\b|\blist(?:s|ed)?\b|提到|提及|列举|列出|举了"
)
_REPORT_SAYS = re.compile(
    r"报告(?:里|中)?(?:说|提到|指出|认为|写道|称)|那段说|这句话|这段话|"
    r"the report (?:says|said|states|notes|mentions|claims|describes)"
)
# a place in the ranking just discussed, named by its role ("the leader", "the runner-up", "垫底的")
_HELD_PLACE = re.compile(
    r"(?P<first>\bthe (?:leader|top city|top one|first one|winner|number one|no\. ?1)\b|榜首|老大|排第一的那个|第一名那个|领头的)"
    r"|(?P<second>\bthe runner[- ]up\b|\bsecond place\b|\bthe second one\b|亚军|老二|第二名那个|排第二的那个)"
    r"|(?P<last>\bthe (?:last one|bottom one|laggard)\b|\b(?:which|what|who)(?: one| city)? (?:comes?|came|is|was|ranks?|ranked|sits?|finished) (?:dead )?(?:last|bottom)\b|"
    r"垫底的|倒数第一的那个|最后一名那个|谁垫底|哪个垫底|谁排最后|哪个排最后)"
)
# a city said to stand out on something ("哪些城市的知识储备实力比较突出", "which cities are strong on …"): the head of
# that ranking, as the report names it
_STANDS_OUT = re.compile(
    r"突出|较强|很强|最强|雄厚|领先|较多|最多|出色|优势|拔尖|靠前|名列前茅|(?:得分|分值|分数)(?:较|最|比较|很)?高|"
    r"\bstand(?:s|ing)? out\b|\bstrong(?:est)?\b|\blead(?:s|ing)?\b|\bexcel|\bnotable\b|\bprominent\b|\boutstanding\b"
)
# the cities of a list not yet asked about ("and the other two?", "另外两个呢", "其余的呢")
_OTHER_ONES = re.compile(
    r"\bthe other (?P<n>two|three|four|\d)?\s*(?:cities|ones?)?\b|\bthe (?:others|remaining (?:ones|cities|two|three))\b|"
    r"另外(?P<n2>[两二三四])?(?:个|座)?(?:城市)?呢|其他(?P<n3>[两二三四])(?:个|座)|其余(?:的|几个)?(?:城市)?呢|剩下(?:的)?(?:两|三|几)?(?:个|座)?(?:城市)?呢"
)
# a city's place in the sample asked about ("为啥会被选进样本", "why was it included in the study")
_CHOSEN_FOR_SAMPLE = re.compile(
    r"(?:选进|选入|入选|纳入|选为|被选|挑进|列入)(?:了)?(?:这份报告的?|报告的?)?(?:样本|研究)|"
    r"\b(?:included|chosen|selected|picked)\b[^?]{0,30}\b(?:sample|study|report|index)\b|\bin the sample\b"
)
# how the indicators are turned into scores (normalised, weighted): the method, not the indicator list
_HOW_SCORED = re.compile(
    r"comparable|different units|units differ|normali[sz]|standardi[sz]|dimensionless|\bweight|"
    r"无量纲|量纲|标准化|归一|单位不同|不同单位|权重|加权"
)
# a thing located by where the report mentions it ("the other startup mentioned right after Pony.ai", "紧接着小马智行
# 提到的那家公司是谁"): what it follows or precedes in the text
_BESIDE_MENTION = re.compile(
    r"\b(?:mentioned|named|listed|cited|described|comes?|coming)\s+(?:right |just |immediately |directly )?"
    r"(?P<side>after|before)\s+(?:the\s+)?(?P<en>[a-z0-9][\w.&'-]*(?:\s+[a-z0-9][\w.&'-]*){0,3}?)"
    r"(?=\s*(?:[-–—,;:?!]|\s(?:in|on|what|which|who|is|was|and|does|did)\b|$))|"
    r"(?:紧接着|紧跟着?|紧随)(?P<zh>[^，,。？?的]{2,12}?)(?:之后|后面|后边)?(?:提到|提及|介绍|说到|列出|出现)的"
    r"|(?:在|排在)?(?P<zh2>[^，,。？?的在]{2,12}?)(?P<side2>之后|后面|之前|前面)(?:紧接着)?(?:提到|提及|介绍|说到|列出)的"
)
# a description asked for by itself ("Which is the only prefecture-level city among the top ten?")
_WHICH_IS = re.compile(r"\s*(?:which|what|who)(?:'s| is| was)\b")
# a city described rather than named ("前十里唯一的那个地级市", "the city that hosts Pengcheng Lab", "拥有鹏城实验室的
# 那个城市")
_DESCRIBED = re.compile(
    r"\bthe (?:only )?(?:city|one) (?:that|which|where|whose|with|hosting|home to)\b|\bthe city (?:hosting|home to)\b|"
    # "one prefecture-level city that made the top ten", "the only sub-provincial city in …"
    r"\b(?:one|the only|the one|the sole|a single)\s+(?:[a-z-]+\s+){1,2}city (?:that|which|where|whose|with|in|among)\b|"
    r"唯一的?(?:那|一)个|那个[^，。？?,]{0,6}(?:城市|地级市|单列市|省会)|那个(?:有|拥有)[^，。？?,]{2,24}?的[^，。？?,]{0,6}(?:城市|地级市|地方)|"
    r"\bthe city (?:that's|that is|which is) home to\b|(?:有|拥有|建有|设有|诞生了?)[^，。？?,]{2,16}的那个(?:城市|地方)?"
)
# a publisher of the report named ("上奇数科", "Beijing Shangqi Digital Technology", "the alliance")
_PUBLISHER_NAMED = re.compile(
    PUBLISHER_NAMED.pattern + r"|编写单位|发布单位|\bpublishers?\b|\bthe alliance\b"
)
# the cities the report profiles one by one ("which cities get detailed profiles", "详细分析了哪十个城市")
_PROFILED_ASKED = re.compile(
    r"\bprofiles? (?:in detail|one by one|individually)\b|\bdoes the report profile\b|"
    r"\b(?:gets?|given|receives?|have|has) (?:a |their own |its own )?(?:detailed |full |dedicated |separate )?"
    r"(?:profiles?|sections?|analys[ie]s)\b|\bprofiled (?:in detail|one by one|individually)\b|"
    r"\b(?:cities|ones) (?:are|were|get|got) profiled\b|\bprofiled cities\b|"
    r"详细分析|重点分析|专门分析|单独分析|逐一分析|专题分析|详细介绍|单独介绍|十强城市情况"
)
# plans asked of a city ("打算干啥", "计划做什么", "what does it plan to do")
_PLANS_ASKED = re.compile(
    r"打算|准备(?:做|干|怎么)|计划(?:做|干|怎么|了什么|要)|规划了?(?:什么|啥|哪些)|要(?:做|干)(?:什么|啥)|"
    r"\bplans?\b(?! to (?:rank|place))|\bplanning\b|\bgoing to\b|\bintends?\b|\baims? to\b"
)
# the city in focus together with one named ("它跟青岛一起", "it and Qingdao", "with it")
_IT_TOGETHER_WITH = re.compile(
    r"它(?:跟|和|与|同)|(?:跟|和|与|同)它|\bit (?:and|with)\b|\bwith it\b|\band it\b"
)
# contact details themselves, asked of the publishers just named ("their address and phone number")
_CONTACT_DETAILS = re.compile(r"地址|电话|传真|联系方式|\baddress|\bphone|\bfax\b|\bcontact|\boffices?\b")
# one of the publishers just named, pointed at ("the second organisation", "the alliance", "那家公司", "后一个单位")
_A_PUBLISHER = re.compile(
    r"\b(?:organi[sz]ations?|orgs?|publishers?|alliance|company|firm|institution|body|bodies|co-publisher)\b"
    r"|联盟|公司|单位|机构|组织|" + PUBLISHER_NAMED.pattern
)
# …or where they are, asked of a publisher named in the question ("Where exactly is Beijing Shangqi based?")
_CONTACT_ASKED = re.compile(
    _CONTACT_DETAILS.pattern
    + r"|联系|在哪|位于|办公|\blocated\b|\bbased\b|\bwhere (?:is|are)\b|\breach (?:them|it)\b"
)
# a city described by its sample group ("the only provincial capital in the top 5", "that city with separate
# planning status that made the top 10"): read only when a group is named
_DESCRIBED_BY_GROUP = re.compile(
    r"\b(?:that|the|this)\s+(?:only\s+|one\s+|sole\s+|single\s+)?(?:[a-z-]+\s+){0,3}(?:city|capital|one)\b"
)
# the place right after a list just given ("and who's right behind them?", "紧随其后的是谁", "第四名呢")
_NEXT_IN_LINE = re.compile(
    r"\bright behind\b|\bjust behind\b|\bbehind (?:them|those|these)\b|\b(?:who|which(?: city| one)?) (?:comes?|is|'s) "
    r"(?:next|after (?:them|that|those))\b|\bnext in line\b|\bthe next one\b|\bnext (?:place|spot|city)\b|"
    r"紧随其后|紧跟其后|紧接着|接下来(?:是|的是|排)?(?:谁|哪)|再往后|往下(?:一名|是谁)|下一名|后面一名|后面(?:是|的是)(?:谁|哪)"
)
# a side-by-side asked in so many words ("对比一下", "compare them")
_COMPARE_ASKED = re.compile(
    r"对比|比较一下|比一比|比较下|\bcompare\b|side by side|head to head|\bversus\b|\bvs\b"
)


# a comparison with one side named and the other the city just discussed
_COMPARED_WITH = re.compile(
    r"compare[sd]? (?:with|to)|compared (?:with|to)|\bversus\b|\bvs\.?(?![a-z])|\bgap\b|difference|相比|比较|对比|"
    r"比起来|比呢|差多少|差了多少|差距|相差|高多少|低多少|多多少|少多少|差几|差了几|高几|低几|多几|少几|"
    r"高还是低|多还是少|大还是小|higher or lower|more or less|bigger or smaller|larger or smaller|times (?:bigger|larger|more|higher)|"
    r"\b(?:higher|lower|more|less|bigger|smaller|larger|greater) than\b|percentage points?|"
    r"how (?:many|much) (?:places?|points?|percentage points?) (?:apart|between|separate)|how far apart|"
    r"how (?:far|much)\b[^?？]{0,40}?\b(?:ahead|behind)\b"
)


# the highest or lowest of a stated figure across cities ("which had the smallest 2020 GDP", "谁的占比最低")
_FIGURE_HIGH = re.compile(r"最大|最多|最高|largest|biggest|highest|greatest|\bmost\b")
_FIGURE_LOW = re.compile(r"最小|最少|最低|smallest|lowest|\bleast\b|fewest")


def _figure_extreme(text: str) -> bool | None:
    """True for the highest, False for the lowest, None when neither is asked (the first said wins)."""
    high, low = _FIGURE_HIGH.search(text), _FIGURE_LOW.search(text)
    if high and low:
        return high.start() < low.start()
    return True if high else (False if low else None)


def _asked_unit(text: str) -> str | None:
    from assistant.understanding.content import asked_unit

    return asked_unit(text)


def _content(text: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Content words and asked-for attributes (assistant.understanding.content, when present). A remark about
    the asker after the question ("…correct? We're benchmarking it against Western HPC options.", "…多少分？我记得
    差距不大") is not what the report is searched for."""
    try:
        from assistant.understanding.content import asked_attributes, content_words
    except ImportError:  # pragma: no cover - the module is part of the package
        return (), ()
    asked_part = _ASKERS_REMARK.sub("?", text)
    return tuple(content_words(asked_part)), tuple(asked_attributes(asked_part))


# a remark about the asker after the question ("? We're benchmarking …", "？我记得差距不大"): not what is searched
# for, and no computation asked (_content, _analysis)
_ASKERS_REMARK = re.compile(
    r"[？?]\s*(?:我们|我在|我正在|我记得|记得|我觉得|我感觉|感觉|我印象中|印象中|好像|我猜|(?i:we're|we are|we've|"
    r"i'm|i am|i've|i think|i recall|i believe|i remember|i guess|if i remember|apparently|for context|fyi|"
    r"just curious|thanks|thank you))[^？?]*$"
)


def _cache_dir() -> Path | None:
    try:
        from assistant.config import Settings

        return Settings.from_env().home / "cache"
    except Exception:  # settings unreadable: fit in memory, every time
        return None


def _carried_slots(query: Query, focus: Focus) -> dict:
    """The slots a question leaves open, filled from the conversation focus (one rule for both directions:
    a follow-up reading the focus, and the focus remembering the question)."""
    return {
        # (a second-level indicator the question names speaks for its own dimension: none is carried over it)
        "dimension": query.dimension or (focus.dimension if not query.level2 else None),
        "level2": query.level2 or focus.level2,
        "metrics": query.metrics or focus.metrics,
        "metric_words": query.metric_words or focus.metric_words,
        "topic": query.topic or focus.topic,
        "years": query.years or focus.years,
    }


# a statement the question opens with before asking ("…都在前三，那它…", "既然…，", "Since …, ", "Given that …, ")
# a whole statement before the question ("Shanghai had a bigger GDP than Shenzhen yet ranks below it. By how much
# …?"): what it says is given; the question after it is what is computed
_SENTENCE_PREMISE = re.compile(
    r"^[^.?!。？！]{10,200}[.。]\s*(?=(?:by how|how|what|which|who|why|when|is|are|does|did|so|and|but|then|那|那么|所以|请问|为什么|为啥|怎么|哪|到底))"
)
_PREMISE_CLAUSE = re.compile(
    r"^(?:既然|因为|由于)?[^，,。？?！!]{4,60}[，,]\s*(?=那么?|所以|可是|但是?|那它|它)"
    r"|^(?:since|given that|as|now that)\b[^,?]{4,100},\s*|" + _SENTENCE_PREMISE.pattern
)
_QUESTION_WORD = re.compile(
    r"几|多少|哪|什么|谁|吗|是否|为什么|怎么|\b(?:how|what|which|when|who|why|whether)\b"
)


def _opening_premise(lowered: str) -> int | None:
    """Where the question proper starts after an opening statement ("深圳四个一级指标都在前三，那…", "Since X made
    the top 3 on all four, …"); None when there is none, or the opening clause itself asks something."""
    m = _PREMISE_CLAUSE.match(lowered)
    if not m or _QUESTION_WORD.search(m.group(0)):
        return None
    return m.end()


_TWO_CITY_GAPS = ("score_gap", "rank_difference", "fact_difference")
_AGAIN = re.compile(r"又|也|同样|\bagain\b|\blikewise\b|\bvs\.?\b|\bversus\b|之间")
_AHEAD_OR_BEHIND = re.compile(
    r"\b(?:ahead of|behind|lead over|trail(?:s|ed)?|above|below)\b|领先|落后|超出|超过"
)
# ordered by a figure ("rank the cities by their GDP", "按GDP排序", "sorted by R&D spending")
_ORDER_BY = re.compile(
    r"\b(?:rank|order|sort|list)(?:ed)?\b[^?？]{0,40}\bby\b|按[^，。？?]{1,12}(?:排序|排个序|排列|排一下|排名)"
)
# a distinction asked for ("the only prefecture-level city", "唯一一个…的城市")
_THE_ONLY = re.compile(r"\bthe only\b|\bonly one\b|唯一")
# a ranking compared with a named city's ("below Hangzhou", "比杭州高", "排在杭州后面"), read clause by clause
_CITY_SLOT = r"(?:[\u4e00-\u9fff]{2,3}|[a-z'’ .-]{2,12}|it|它)"
# the ranking just discussed, pointed at ("places 7 to 10 there", "这个榜上")
_ON_THAT_RANKING = re.compile(
    r"\bthere\b|\bon (?:that|this|the same) (?:one|list|ranking)\b|这个榜|该榜|这项上|同一榜"
)
# the cities just listed, pointed at as the ones to look among
_OF_THOSE = re.compile(
    r"\b(?:of|among) (?:those|these|them)\b|其中|这些(?:城市)?(?:里|中|当中)|它们(?:里|中|当中)"
)
# any one of the four first-level dimensions ("在某个一级指标上", "on any dimension")
_ANY_DIMENSION = re.compile(
    r"某个|某一|任何一|任一|任意一|哪个(?:一级)?(?:指标|维度)|哪一项|\bany (?:one |single )?(?:of (?:the|its) (?:four )?)?"
    r"(?:first-level )?(?:dimensions?|pillars?|indicators?|areas?)\b|\bon any\b|\bin any\b"
)
# a list of things asked, not of cities ("深圳有哪些领先科技企业", "which leading universities …")
_THINGS_ASKED = re.compile(
    r"哪些[^，。？?]{0,8}?(?:企业|公司|高校|大学|平台|机构|政策|项目|园区|中心|产业|领域|技术|人才|措施|实验室|基金|活动|会议|文件|成果)|"
    # a city's own columns asked for ("西安哪些一级指标的排名比它的总排名靠前"): not cities
    r"(?:哪些|哪几|哪个|哪一)[^，。？?]{0,4}?(?:指标|维度|项|方面|板块)|"
    r"\b(?:which|what) (?:[a-z-]+ ){0,3}(?:companies|firms|enterprises|universities|platforms|policies|projects|parks|"
    r"centres|centers|industries|fields|labs|funds|events|dimensions|indicators|pillars)\b"
)
_RELATIVE_BETTER = re.compile(
    rf"\b(?:above|ahead of|higher than|better than|outrank\w*|beats?)\s+{_CITY_SLOT}|"
    rf"(?:高于|好于|优于|领先于?|超过){_CITY_SLOT}|比{_CITY_SLOT}(?:排得?|排名|名次)?(?:还|更)?(?:高|好|靠前|强)|在{_CITY_SLOT}(?:之前|前面)"
)
_RELATIVE_WORSE = re.compile(
    rf"\b(?:below|behind|lower than|worse than|trail\w*)\s+{_CITY_SLOT}|"
    rf"(?:低于|差于|落后于?|不如){_CITY_SLOT}|比{_CITY_SLOT}(?:排得?|排名|名次)?(?:还|更)?(?:低|差|靠后|弱)|在{_CITY_SLOT}(?:之后|后面)"
)
# a follow-up naming only places ("那第四、第五呢？", "第六到第八呢"): those places on the ranking in focus
_PLACES_LISTED = re.compile(
    r"(?:那|那么|还有)?\s*(?:第\s*[一二三四五六七八九十两\d]{1,3}\s*(?:名|位)?\s*(?:、|,|，|和|及|到|至|-|~)?\s*){1,4}"
    r"(?:名|位)?\s*(?:又|都)?\s*(?:分别)?\s*(?:呢|是谁|是哪些|是哪个|是哪几个|是哪座城市)?\s*[?？]?"
)


def _places_listed(text: str) -> list[int]:
    """The places a bare list of places names ("那第四、第五呢？" -> [4, 5]); [] for anything else."""
    listed = _PLACES_LISTED.fullmatch(text.strip())
    if not listed:
        return []
    places = [
        chinese_number(p) or 0 for p in re.findall(r"第\s*([一二三四五六七八九十两\d]{1,3})", listed.group(0))
    ]
    return places if places and all(1 <= p <= SAMPLE_SIZE for p in places) else []


# a place named as a side ("ahead of second place", "比第二名"), not asked
_NAMED_PLACE = re.compile(
    r"\b(?:first|second|third|fourth|fifth|last|runner-up|\d{1,2}(?:st|nd|rd|th))\s+(?:place|spot|position)\b|"
    r"第\s*[一二三四五六七八九十\d]{1,3}\s*名"
)
# which of the cities the question names ("…, Chengdu or Suzhou?", "成都和苏州谁的企业更多")
_WHICH_OF_NAMED = re.compile(
    r"\bor\b|还是|谁|\b(?:more|fewer|higher|lower|bigger|larger|greater|less)\b|更多|更少|更高|更低|更大|更小"
)
_ORDER_THEM = re.compile(
    r"\b(?:rank|order|sort|list)(?:ed)? (?:them|these|those|the (?:three|two|cities))\b|排(?:个|一下)?序|排一排|"
    r"从高到低|从大到小|从多到少|由高到低|\bfrom (?:highest|largest|biggest|most) to\b|\bin (?:descending|ascending) order\b"
)
# a statement put up for confirmation ("…, right", "…对吧"): the premise of what is asked after it
_TAGGED_STATEMENT = re.compile(rf",\s*(?:{TAG_EN}|no)\s*$|(?:{TAG_ZH})\s*$")
_STATED_PLACE = re.compile(
    r"(?:排(?:在|名)?|掉到|升到|位列|拿了?)?\s*第\s*[0-9一二三四五六七八九十]{1,3}\s*(?:名|位)?"
)
_COUNT_UNITS = {"个", "家", "所", "名", "位", "项", "笔", "次", "届", "人次"}  # a figure that counts things


def _beside_mention(text: str) -> tuple[str, str] | None:
    """('after' | 'before', what it is beside) when the question locates its subject by the report's order."""
    found = _BESIDE_MENTION.search(text.lower())
    if found is None or re.fullmatch(
        r"[\d\s年月日.]+|(?:19|20)\d\d\w*",
        next(g for g in found.groups() if g and g not in ("after", "before")),
    ):
        return None  # ("mentioned after 2020": a date, not a place in the text)
    if found.group("en"):
        return found.group("side"), text[found.start("en") : found.end("en")].strip(" .")  # (as written)
    if found.group("zh"):
        return "after", found.group("zh")
    return ("before" if found.group("side2") in ("之前", "前面") else "after"), found.group("zh2")


class Understanding:
    """Parses questions against the report's vocabulary with the learned router and the conversation focus."""

    def __init__(self, report: Report, router: Router | None = None):
        self.report = report
        self.lex = lexicon()
        self.vocabulary = Vocabulary(report, self.lex)
        self._fact_metrics = tuple(
            str(m) for m in report.facts["metric"].unique()
        )  # (the figures' names, once)
        self.router = router or Router.cached(self._features, default_examples(), _cache_dir(), fingerprint())

    # ---- features for the router ---------------------------------------------------------------------------
    def _features(self, text: str) -> tuple[str, str, str]:
        text = clean(text)
        mentions = self.vocabulary.find(text)
        qty = quantities(text, mentions)
        extra = {
            "year": qty.years,
            "range": qty.rank_range,
            "n": qty.n,
            "position": qty.position,
            "subset": qty.subset,
            "threshold": qty.threshold,
            "bottom": qty.direction_stated and qty.direction.value == "bottom",
            "en": language_of(text) == "en",
        }
        masked_text = masked(text, mentions)
        words = " ".join(w for w, _, _ in self.vocabulary.tokens(masked_text) if w.strip())
        lowered = text.lower()
        cue_ops = tuple(
            op for op, cs in self.lex.operation_cues.items() if any(c.search(lowered) for c in cs)
        )
        return masked_text, words, slot_tokens(mentions, extra, cue_ops)

    # ---- public --------------------------------------------------------------------------------------------
    def parse(self, question: object, history: list[dict] | None = None) -> Query:
        text = corrected(clean(question))
        if not text:
            return Query(text="", language="zh", operation=Operation.INVALID, problem="empty")
        language = language_of(text)
        if len(text) > MAX_QUESTION_CHARS:
            return Query(text=text[:80], language=language, operation=Operation.INVALID, problem="too-long")
        if any(c.search(text.lower()) for c in self.lex.injection):
            return Query(text=text, language=language, operation=Operation.INVALID, problem="injection")
        text = _with_elided_bound(_without_filler(text))
        text = self._with_same_question(text, history or [])
        focus = self.focus_of(history or [])
        text = self._with_ordinal_named(text, focus)
        text = self._with_place_compared(self._with_city_at_place(text))
        query = self._with_preamble(self._parse(text, language, focus), language, focus)
        asked = self._asked_sentence(query)
        if asked is not None:
            # "天津资源支持力进了前十，但总排名没进前十。像这种…的城市一共有哪些？", "Chengdu is 8th overall. Which
            # cities …?": the sentences before the question are its asker's context (their claims still checked);
            # the question asks across the sample
            across = self._parse(asked, language, None)
            if (
                across.operation in (Operation.ANALYTIC, Operation.TOP, Operation.FACT_MAX)
                and not across.cities
            ):
                return replace(across, claims=tuple(dict.fromkeys((*query.claims, *across.claims))))
        return self._with_parts(query, language, focus)

    def _with_same_question(self, text: str, history: list[dict]) -> str:
        """'Same question for Shanghai.', '同一个口径，武汉是多少？': the last question asked again, its one city swapped
        for the one named (the question says nothing else of its own)."""
        cue = focus_rules.SAME_QUESTION.search(text.lower())
        named = self.vocabulary.find(text).of("city")
        several = len({m.key for m in named}) >= 2 and focus_rules.is_about(text)  # ("广州和苏州呢？")
        if not (cue and len({m.key for m in named}) == 1) and not several:
            return text
        rest = text.lower()
        spans = [(m.start, m.end) for m in named] + ([cue.span()] if cue else [])
        rest = _without_spans(rest, spans)
        rest = re.sub(
            r"是多少|多少|呢|呀|吗|请|那么?|和|与|及|以及|还有|分别|\b(?:the|for|please|then|and|too|as well|what'?s|is|it|"
            r"about|what|how|respectively)\b|[\W_]",
            "",
            rest,
        )
        last = next(
            (
                m["content"]
                for m in reversed(history)
                if m.get("role") == "user" and isinstance(m.get("content"), str)
            ),
            None,
        )
        if len(rest) > (4 if cue else 0) or not last:
            return text
        before = corrected(clean(last))
        old = self.vocabulary.find(before).of("city")
        if len({m.key for m in old}) != 1 or {m.key for m in old} & {m.key for m in named}:
            return text  # ("那上海呢？比深圳多了多少？" after Shenzhen's figure: a comparison, not the question again)
        english = language_of(before) == "en"
        said = (", " if english else "和").join(
            dict.fromkeys(self._city_name(m.key, english) for m in sorted(named, key=lambda m: m.start))
        )
        for m in sorted(old, key=lambda m: -m.start):
            before = before[: m.start] + said + before[m.end :]
        return before

    def _set_aside_first(self, text: str, language: str, focus: Focus | None) -> Query | None:
        """'Apart from Beijing, is there any city that comes first on one of the four dimensions?': the question
        after the clause, over the sample without the cities set aside, when it is a question over the tables."""
        lead = _SET_ASIDE_LEAD.match(text)
        if lead is None:
            return None
        who, rest = self.vocabulary.find(lead.group("who")), lead.group("rest")
        leftover = re.sub(
            r"和|与|及|、|\band\b|[\s,]",
            "",
            _without_spans(lead.group("who"), [(m.start, m.end) for m in who.of("city")]),
        )
        if not who.cities or leftover or self.vocabulary.find(rest).cities:
            return None
        if not (_ASKS_OTHER_CITY.search(rest.lower()) or _CITY_QUESTION.search(rest.lower())):
            return None
        across = self._parse(rest, language, focus)
        if across.operation not in (Operation.ANALYTIC, Operation.TOP, Operation.FACT_MAX) or across.cities:
            return None
        return replace(across, text=text, set_aside=tuple(dict.fromkeys(who.cities)))

    def _city_name(self, city: str, english: bool) -> str:
        """A sample city as a question in that language writes it."""
        name = self.report.cities.loc[self.report.cities["city"] == city, "name_en"]
        return str(name.iloc[0]) if english and len(name) else city

    def _with_city_at_place(self, text: str) -> str:
        """'总排名第七的那个城市，2020年PE/VC…是多少？', 'Take the city ranked 4th on development outcomes — how much…?':
        a city named by its place, with something else asked of it; the city at that place is written in beside
        the words that named it (the question names no city)."""
        matches = list(_CITY_AT_PLACE.finditer(text.lower()))
        if not matches or self.vocabulary.find(text).cities:
            return text
        rest = text
        for match in reversed(matches):
            rest = rest[: match.start()] + rest[match.end() :]
        if _CITY_QUESTION.search(rest.lower()) or re.search(
            r"是哪|是谁|有谁|哪一?个|哪些|哪几|列出|给一下|\bwhich\b|\bwho\b|\blist\b|\bname\b|\bwhat is it\b",
            rest.lower(),
        ):
            return text  # "排名第三的城市是哪个？": the city is what is asked
        on = self.vocabulary.find(text).dimensions  # ("the first-placed city and the third-placed one": each)
        size = len(self.report.rankings)
        for match in reversed(matches):
            if match.group("last"):
                place = size
            else:
                number = next(
                    g for k, g in enumerate(match.groups(), 1) if g and k not in _PLACE_NAMED_GROUPS
                )
                place = _place_number(number)
                if match.group("from_end"):
                    place = size + 1 - place  # "倒数第二的城市": counted from the bottom
            near = self.vocabulary.find(text[max(0, match.start() - 12) : match.end() + 30]).dimensions or on
            city = (
                self._city_at(place, near[0] if near else TOTAL)
                if 1 <= place <= len(self.report.rankings)
                else None
            )
            if city is None:
                return text
            said = self._city_name(city, language_of(text) == "en")
            text = f"{text[: match.start()]}{said}{text[match.end() :]}"
        return text

    def _with_place_compared(self, text: str) -> str:
        """'北京总指数比第二名高多少？', 'How far ahead of the 2nd-placed city is Beijing?': one named city set against a
        place; the city at that place (on the dimension named, else overall) is written in for the place, so the
        question reads as the two cities' gap."""
        match = _THAN_PLACE.search(text.lower())
        found = self.vocabulary.find(text).cities if match else ()
        if not match or len(found) != 1:
            return text
        place = _place_number(next(g for g in match.groups() if g))
        on = self.vocabulary.find(text).dimensions
        city = (
            self._city_at(place, on[0] if on else TOTAL) if 1 <= place <= len(self.report.rankings) else None
        )
        if city is None or city == found[0]:
            return text
        said = self._city_name(city, language_of(text) == "en")
        return f"{text[: match.start()]}{said}{text[match.end() :]}"

    def _with_ordinal_named(self, text: str, focus: Focus | None) -> str:
        """'What about the third one's patent share?' after the top three, '那第一个呢？' after two cities: the
        city at that place in what the conversation listed, written in for the ordinal (the question names none)."""
        if focus is None or len(focus.cities) < 2:
            return text
        match = _ORDINAL_ONE.search(text.lower())  # ("The last one on that list": capitalised)
        if not match or self.vocabulary.find(text).cities:
            return text
        word = next(g for g in match.groups() if g).lower()
        if word == "last":
            index = -1
        elif word in _ORDINALS_EN:
            index = _ORDINALS_EN.index(word)
        else:  # 1st … 5th, 一 … 五, 1 … 5
            index = (chinese_number(word) or int(re.sub(r"\D", "", word) or 0)) - 1
        if not -1 <= index < len(focus.cities):
            return text
        english = language_of(text) == "en"
        said = self._city_name(focus.cities[index], english)
        possessive = "'s" if match.group(0).endswith(("'s", "’s")) else ""
        written = text[: match.start()] + said + possessive + text[match.end() :]
        on = focus.dimension
        if (
            on is not None
            and on is not TOTAL
            and _SCORE_WORDS.search(text.lower())
            and not self.vocabulary.find(text).dimensions
        ):
            # "What did the first one score?" after a list on resource support: its score there
            written = f"{written.rstrip(' ?？')} ({on.en if english else on.zh})?"
        return written

    def _with_preamble(self, query: Query, language: str, focus: Focus | None) -> Query:
        """'I'm mapping talent pools. Which cities are in the top 10 for AI knowledge creation?', 'For park planning I
        care about resource support. Which five cities lead on it?': a statement before the question sets its
        context (cities, dimension) as a conversation turn would; the question after it is what is asked. Only
        when the whole reads unsure or as prose."""
        unsure = (
            Operation.PASSAGE,
            Operation.CLARIFY,
            Operation.UNKNOWN,
            Operation.PROFILE,
            Operation.METHOD,
        )
        found = _PREAMBLE.match(query.text)
        if query.operation not in unsure or not found:
            return query
        lead, rest = found.group(1), found.group(2)
        if _asks_something(lead) or not _asks_something(rest):
            return query
        stated = self._parse(lead, language, focus)
        # what the statement names is the context, however unsure a reading of the statement alone is
        context = Focus(
            # (a statement answers nothing: "something was said" is the neutral reading to follow on from)
            operation=focus.operation if focus and focus.operation else Operation.PASSAGE,
            cities=stated.cities or (focus.cities if focus else ()),
            last_city=stated.cities[-1] if stated.cities else (focus.last_city if focus else None),
            dimension=stated.dimension or (focus.dimension if focus else None),
            level2=stated.level2,
            metrics=stated.metrics,
            metric_words=stated.metric_words,
            years=stated.years,
            words=stated.content_words,
            recent=stated.cities,
        )
        asked = self._parse(rest, language, context)
        if asked.operation in (Operation.UNKNOWN, Operation.CLARIFY) and asked.cities:
            asked = replace(
                asked, operation=Operation.PASSAGE
            )  # unsure, with its city: the report's sentences
        if asked.operation in (Operation.UNKNOWN, Operation.CLARIFY, Operation.INVALID):
            return query
        if _REPORT_MENTIONS.search(lead.lower()) and asked.operation in (
            Operation.METHOD,
            Operation.INDICATORS,
        ):
            # "The report mentions China's first local AI law. What is it and when was it put out?": "it" is what
            # the statement names, which the report's sentences answer, not the report itself
            own = tuple(w for w in stated.content_words if w.lower() not in ("report", "报告"))
            return replace(
                asked,
                operation=Operation.PASSAGE,
                cities=asked.cities or stated.cities,
                content_words=tuple(dict.fromkeys((*own, *asked.content_words))),
                carried=(),
                follow_up=False,
            )
        words = tuple(dict.fromkeys((*asked.context_words, *stated.content_words)))
        return replace(asked, carried=(), follow_up=False, context_words=words)

    def _with_parts(self, query: Query, language: str, focus: Focus | None) -> Query:
        """A question that asks two different things ("北京列了几项政策？最早的是哪项", "哪年揭牌的？投了多少钱"
        when the tables hold both): each part as its own Query, the later ones reading the earlier as their
        conversation. Kept only when the parts ask different operations or figures; otherwise one Query answers.
        """
        pieces = _question_pieces(query.text)
        one_question = (  # (an unsure whole may still split into parts that are each clearly read)
            Operation.INVALID,
            Operation.PASSAGE,
            Operation.WHATIF,
            Operation.STABILITY,
        )
        look_up_first = (
            query.operation is Operation.PASSAGE
            and len(pieces) >= 2
            and self._parse(pieces[0], language, focus).operation
            in (
                Operation.METHOD,
                Operation.FACT,
                Operation.RANK,
                Operation.CITY_DIMENSION,
                Operation.POLICIES,
            )
        )  # ("这报告是谁出的？那个上奇是什么来头", "and Beijing's? which one is bigger": a look-up, then the rest)
        if (
            len(pieces) < 2
            or (query.operation in one_question and not look_up_first)
            or _CONDITION.match(query.text.lower())
        ):
            return query
        lowered = query.text.lower()
        if (
            len(pieces) == 2
            and _opening_premise(lowered) is not None
            and not _SENTENCE_PREMISE.match(lowered)
        ):
            return query  # "Since X is top 3 on all four pillars, which sub-indicator holds it back?": one question
        if any(LIST_REFERENCE.search(p.lower()) for p in pieces[1:]):
            return query  # "Compare the two top 10s — which cities are in the first list but not the second?"
        if query.operation is Operation.POLICIES and all(
            _WHY_IT_MATTERS.search(p.lower()) and not _ASKS_RANK_OR_SCORE.search(p.lower())
            for p in pieces[1:]
        ):
            return query  # "What AI law did Shenzhen put out in mid-2021, and why does it matter?": its policy line
        if not _QUESTION_WORD.search(pieces[0].lower()) and places_of_each_city(
            pieces[0].lower(), self.vocabulary.find(pieces[0])
        ):
            return query  # "Beijing is 1st and Shanghai 2nd overall — what are their …?": the places are premises
        if (
            len(pieces) == 2
            and focus_rules.is_about(pieces[0])
            and self.vocabulary.find(pieces[0]).cities
            and not _other_words(pieces[0], self.report.resolver)
            and focus_rules.reference(pieces[1]) == "singular"
            and not self.vocabulary.find(pieces[1]).cities
        ):
            return query  # "那武汉呢？它2020年PE/VC投资规模有多大？": the city is what the question after it asks about
        if len(pieces) == 2 and _TAGGED_STATEMENT.search(pieces[0].lower()):
            # "Beijing scored 98.72 overall, right? How far ahead of Shenzhen is that?": one question
            return self._question_after_tagged_premise(query, pieces, language, focus) or query
        extreme = (
            self._against_extreme(query, pieces, language, focus)
            if query.analysis is not None and query.analysis.kind == "fact_difference"
            else None
        )
        if extreme is not None:
            return extreme
        if (
            query.analysis is not None
            and query.analysis.kind
            in (
                "fact_difference",
                "rank_difference",
                "fact_total",
                "column_gap",
            )
            and any(len(_own_words(p)) < 2 and not self._names_a_ranking(p) for p in pieces[1:])
            and not self._finds_a_city_then_names_another(pieces, language, focus)
        ):
            # "which of the two is higher, and by how much?" is one computation; "By how much did Shanghai's GDP
            # exceed Shenzhen's, and what are the two cities' overall ranks?" asks two things, each in full
            return query
        intro = _SELF_INTRO.match(pieces[0].lower()) if pieces else None
        if intro and len(pieces) >= 2:
            # "我是大连的，…": the asker's introduction is not a question (a question after it in the same piece,
            # "I work in Tianjin's government. Where did Tianjin place overall", stays)
            rest = pieces[0][intro.end() :].strip()
            pieces = [rest, *pieces[1:]] if rest else pieces[1:]
            if len(pieces) < 2:
                return query
        lead_cities = set(self.vocabulary.find(pieces[0]).cities) if pieces else set()
        if len(pieces) >= 3 and (
            _BETWEEN_CLAUSE.match(pieces[0].lower())
            or (not _asks_something(pieces[0]) and len(lead_cities) >= 2)
            # "For Chongqing, how many places …, and what's its weakest dimension?": the city of each question
            or (
                not _asks_something(pieces[0])
                and lead_cities
                and not _other_words(pieces[0], self.report.resolver)
            )
        ):
            # "Between Suzhou and Nanjing, which did better overall, and which has the higher patent share?": the
            # leading clause names the cities of every question after it
            pieces = [f"{pieces[0]}, {p}" for p in pieces[1:]]
        if (
            len(pieces) >= 3
            and query.subset is not None
            and _LEADING_SCOPE.match(pieces[0].lower())
            and not lead_cities
            # ("Among the top five, who is weakest…, and what is its overall rank?": a bare scope, read alone, is no
            # subset yet)
            and (
                not _asks_something(pieces[0])
                or self._parse(pieces[0], language, focus).subset == query.subset
            )
        ):
            # "Of the three provincial capitals added on top of the pilot-zone cities, which one ranks highest
            # overall, and at what position?": the leading scope opens the question right after it
            pieces = [f"{pieces[0]}, {pieces[1]}", *pieces[2:]]
        if len(pieces) >= 3 and not _asks_something(pieces[0]) and _CITY_QUESTION.search(pieces[2].lower()):
            # "Of the 14 pilot-zone cities, how many made the top ten — and which top-ten cities are not pilot-zone
            # cities?": the scope belongs to the question right after it; the later one names its own cities
            pieces = [f"{pieces[0]}, {pieces[1]}", *pieces[2:]]
        # a clause ending in a question mark is a question, however it is worded ("Point gap between A and B?")
        marked = re.search(re.escape(pieces[0]) + r"\s*[?？]", query.text) is not None
        if (
            len(pieces) == 2
            and not marked
            and query.claims
            and not _QUESTION_WORD.search(pieces[0].lower())
            and _SO_THEN.match(pieces[1].lower())
        ):
            # "Qingdao's resource support is only 14th, so what keeps it in the overall top 10?": a stated place, then
            # the one question it leads to
            return query
        if focus_rules.SAME_QUESTION.fullmatch(pieces[0].strip(" ，,：:").lower()):
            return query  # "同一个口径，武汉是多少？": the cue opens the one question
        if (
            _SCOPE_CLAUSE.search(pieces[0].lower())
            or (
                len(pieces) == 2
                and _LEADING_SCOPE.match(pieces[0].lower())
                and not _QUESTION_WORD.search(pieces[0].lower())
            )
            or not (
                # (an English statement before a dash or comma is the premise of the one question after it:
                # "Hangzhou is 5th overall but 4th on outcomes — what's driving the outcomes score?")
                (_ASKING_OPENLY if len(pieces) == 2 else _ASKING).search(pieces[0].lower())
                or _LIST_REQUEST.match(pieces[0].lower())
                or marked
                or (focus is not None and focus_rules.is_about(pieces[0]))
            )
        ):
            # "总排名11到20的这些城市里，发展成效谁最高？排第几？", "样本里那三个计划单列市，哪个总排名最高？": the first
            # clause only sets the scope of one question
            return query  # "如果…，苏州排第几" is one question: the first clause is its condition
        parts: list[Query] = []
        current = focus
        placed_again = False
        for piece in pieces[:3]:
            # (each part is read as the question it is: its question mark was the split)
            asked_piece = (
                piece if re.search(r"[?？!！。.]$", piece) or not _asks_something(piece) else f"{piece}?"
            )
            part = self._parse(asked_piece, language, current)
            if (
                part.operation in (Operation.UNKNOWN, Operation.CLARIFY)
                and part.cities
                and len(part.content_words) >= 2
                and _asks_something(piece)
                # (a comparison, "How far ahead of Shenzhen is that?", is a computation, not the report's prose)
                and not (_COMPARED_WITH.search(piece.lower()) or _AHEAD_OR_BEHIND.search(piece.lower()))
            ):
                # "Which Huawei cluster is that built on? And remind me of Chengdu's overall rank.": an unsure
                # question about a city in a question asking two things is the report's sentences about it
                part = replace(part, operation=Operation.PASSAGE)
            if (
                parts
                and not part.cities
                and parts[-1].cities
                and part.operation
                in (Operation.TOP, Operation.CLARIFY, Operation.UNKNOWN, Operation.RANK, Operation.FACT_MAX)
                and _PLACE_OF_IT.search(piece.lower())
            ):
                # "它的资源支持力排第几？在前十城市里算什么水平？", "在20个城市里算倒数第几？": where the city just asked
                # about stands, not a list
                part = replace(
                    part,
                    operation=Operation.RANK,
                    cities=parts[-1].cities,
                    dimension=part.dimension or parts[-1].dimension,
                    subset=None,
                    n=None,
                    analysis=None,
                )
                placed_again = True
            if (
                parts
                and parts[-1].analysis is not None
                and parts[-1].analysis.param("score") == "1"
                and not self.vocabulary.find(piece).cities
                and _SCORE_WORDS.search(piece.lower())
                and len(_own_words(piece)) < 2
            ):
                continue  # "谁…得分最高？多少分？": the score of the one just found, which its answer gives
            if (
                parts
                and parts[-1].operation is Operation.ANALYTIC
                and part.operation in (Operation.INDICATORS, Operation.CLARIFY, Operation.UNKNOWN)
                and not (part.cities or part.dimension or part.level2 or part.metrics)
                and set(_own_words(piece)) <= {"指标", "城市", "indicator", "indicators", "dimension", "city"}
            ):
                continue  # "…有城市排在北京前面？是哪个城市、哪个指标？": the rows the computation just listed
            if (
                parts
                and part.analysis is not None
                and part.analysis.kind == "column_gap"
                and len(part.analysis.columns) == 2
                and part.analysis.columns[1] == TOTAL.column
                and TOTAL not in self.vocabulary.find(piece).dimensions
                and parts[-1].dimension is not None
                and parts[-1].dimension is not TOTAL
                and parts[-1].dimension.column != part.analysis.columns[0]
            ):
                # "苏州知识创造力排第几？跟它自己的资源支持力名次差几位？": the other side is the ranking just asked
                columns = (part.analysis.columns[0], parts[-1].dimension.column)
                part = replace(part, analysis=replace(part.analysis, columns=columns))
            elif (
                parts
                and part.analysis is not None
                and part.analysis.kind == "column_gap"
                and _THE_TWO.search(piece.lower())
                and not self.vocabulary.find(piece).dimensions
                and parts[-1].dimension is not None
                and focus is not None
                and focus.dimension is not None
                and focus.dimension != parts[-1].dimension
            ):
                # "那它的知识创造力排第几？两者相差多少位？" after its environment-support place: the ranking asked
                # before and the one just asked
                columns = (parts[-1].dimension.column, focus.dimension.column)
                part = replace(part, analysis=replace(part.analysis, columns=columns))
            if (
                parts
                and len(part.cities) == 2
                and (part.analysis is None or part.analysis.kind in ("rank_difference", "score_gap"))
                and _SCORE_WORDS.search(pieces[len(parts) - 1].lower())
                and (_COMPARED_WITH.search(piece.lower()) or DIFFERENCE_ASKED.search(piece.lower()))
                # (a place naming the other side is not a rank asked: "How far ahead of second place is that?")
                # ("差几分" / "高多少分" asks the gap itself)
                and not _ASKS_RANK_OR_SCORE.search(
                    re.sub(
                        r"(?:差|高|低|多|少|领先|落后)(?:了)?(?:几|多少)分",
                        " ",
                        _NAMED_PLACE.sub(" ", piece.lower()),
                    )
                )
            ):
                # "上海、北京、深圳分别多少分？上海比深圳高多少？", "谁的环境支撑力得分更高？差几分？": the gap between the
                # scores just asked, on their ranking
                on = self.vocabulary.find(piece).dimensions
                ranking = on[0] if on else (parts[-1].dimension or TOTAL)
                part = replace(
                    part,
                    operation=Operation.ANALYTIC,
                    dimension=ranking,
                    analysis=Analysis(kind="score_gap", columns=(ranking.column,)),
                )
            just_found = self._one_city_of(parts[-1]) if parts else None
            gap_kind = None
            if just_found is not None and len(part.cities) == 1 and just_found != part.cities[0]:
                if (
                    (part.analysis is None or part.analysis.kind != "score_gap")
                    and _SCORE_WORDS.search(piece.lower())
                    and DIFFERENCE_ASKED.search(piece.lower())
                ):
                    # "第一是谁，领先北京多少分？", "环境支撑力得分最高的是哪个城市？比北京高几分？"
                    gap_kind = "score_gap"
                elif PLACES_ASKED.search(piece.lower()):
                    # "Who is last on knowledge creation, and how many places behind Xiamen is it?"
                    gap_kind = "rank_difference"
            if gap_kind is not None:
                # the city just found against the one named, on the ranking the part before asked (unless this part
                # names one)
                on = self.vocabulary.find(piece).dimensions
                ranking = on[0] if on else (parts[-1].dimension or TOTAL)
                part = replace(
                    part,
                    operation=Operation.ANALYTIC,
                    cities=(just_found, part.cities[0]),
                    dimension=ranking,
                    analysis=Analysis(kind=gap_kind, columns=(ranking.column,)),
                )
            gap = self._gap_from_extreme(parts[-1], part, piece) if parts else None
            if gap is not None:
                # "苏州哪个一级指标最弱？比它的总排名低了几位？": the places between the column just found and the
                # overall rank
                part = replace(part, operation=Operation.ANALYTIC, analysis=gap, cities=parts[-1].cities)
            outside = self._the_rest_of_group(parts[-1], piece) if parts else None
            if outside is not None:
                # "前十里有几个是试验区城市？不是的是哪几个？": the same computation over the cities outside the group
                part = replace(outside, text=asked_piece)
            if (
                parts
                and parts[-1].cities
                and not part.cities
                and part.operation in (Operation.INDICATORS, Operation.CLARIFY, Operation.UNKNOWN)
                and not _ABOUT_THE_INDICATOR.search(piece.lower())
                and _own_words(piece)
                and _asks_something(piece)
                # (a computation over what was just asked stays one question: "相差几个百分点？", "谁强一点？"; a
                # place on a list outside the report's ranking is the report's sentence: "在HPC TOP100里拿了啥名次")
                and (not _COMPUTED_PART.search(piece.lower()) or _OUTSIDE_LIST.search(piece.lower()))
            ):
                # "那载体支持呢？有哪些代表性园区？" after a city's rank: the report's sentences on that city's parks,
                # not the indicator's definition
                part = replace(part, operation=Operation.PASSAGE, cities=parts[-1].cities)
            if part.operation in (Operation.INVALID, Operation.UNKNOWN, Operation.CLARIFY, Operation.HELP):
                return query  # a fragment that means nothing alone: the question is one question
            if (
                parts
                and part.operation
                in (Operation.ANALYTIC, Operation.POLICIES, Operation.TOP, Operation.FACT_MAX)
                and _signature(part) == _signature(parts[-1])
                and set(part.cities) <= set(parts[-1].cities)
                and set(part.content_words) - set(parts[-1].content_words)
                # ("…是哪年出的？青岛另外还有哪些AI相关政策？": the city's other policies, listed)
                and not (part.operation is Operation.POLICIES and _THE_OTHERS.search(piece.lower()))
            ):
                # "How many AI policies for Shanghai, and which one set up a 100-billion-yuan fund?": read again as
                # the same computation, the second part asks about something the report's sentences say
                part = replace(part, operation=Operation.PASSAGE, analysis=None, cities=parts[-1].cities)
            listed = self._listed_by(parts[-1]) if parts and not self.vocabulary.find(piece).cities else ()
            if (
                listed
                and focus_rules.reference(piece) == "plural"
                # ("第四、第五又分别是谁", "who's right behind them?": other places on the same ranking)
                and part.position is None
                and part.rank_range is None
                and not _places_listed(piece)
                and not _NEXT_IN_LINE.search(piece.lower())
            ):
                if part.operation in (Operation.RANK, Operation.TOP) and not part.metrics:
                    continue  # "And the two runners-up? what did they score?": the list shows their places and scores
                part = replace(part, cities=listed)  # "…? what are their GDPs?": the cities just listed
            if len(listed) == 1 and focus_rules.reference(piece) == "singular":
                counted = self._columns_counted_of(part, self.vocabulary.find(piece), listed)
                if counted is not None:
                    # "Who is bottom overall, and on how many of the four dimensions is it also last?"
                    part = replace(part, operation=Operation.ANALYTIC, analysis=counted, cities=listed)
                elif part.cities != listed and (
                    part.analysis is None
                    # ("…, and what is its knowledge creation rank?": the found city's place, not another pick)
                    or (part.analysis.kind == "extreme" and not _EXTREME_ASKED.search(piece.lower()))
                ):
                    # "Which of those ranks highest overall, and how does it do on outcomes?", "前五名里谁的发展成效
                    # 最弱？它的总排名第几？": read again with the city just found in focus
                    found = replace(current or Focus(), cities=listed, last_city=listed[0])
                    part = self._parse(asked_piece, language, found)
            parts.append(part if not parts else replace(part, carried=()))  # one answer: no "carried over"
            current = self._next_focus(current, part, None)
        if (
            len(parts) == 2
            and parts[0].operation is parts[1].operation is Operation.FACT
            and parts[0].metrics == parts[1].metrics
            and (
                set(parts[0].cities) < set(parts[1].cities)
                or (set(parts[0].cities) == set(parts[1].cities) and "same" in parts[1].asked)
            )
        ):
            # "北京呢？比上海高还是低" after Shanghai's GDP, "覆盖度是多少，和哪个城市一样？": the second part's answer
            # holds the first's
            return replace(parts[1], text=query.text)
        signatures = {
            (p.operation, p.metrics, p.analysis, p.cities, p.years, p.dimension, p.level2)
            # ("Who are the top three …, and which cities take 4th and 5th?": two stretches of one list)
            + ((p.n, p.rank_range, p.position, p.direction) if p.operation is Operation.TOP else ())
            # ("…那份方案是哪年出的？另外还有哪些政策？": one policy's date, then the whole list)
            + ((p.topic,) if p.operation is Operation.POLICIES else ())
            for p in parts
        }
        if len(signatures) < 2:
            # (a second part asking where the city stands again is the first part's look-up, whatever the whole
            # question's words read as)
            return replace(parts[0], text=query.text) if placed_again else query
        return replace(query, parts=tuple(parts))

    def _question_after_tagged_premise(
        self, query: Query, pieces: list[str], language: str, focus: Focus | None
    ) -> Query | None:
        """'Beijing was #1 in all four dimensions, right? What was its environment support score?': the premise's
        claims are checked and the question after it is what is asked; a computation the premise's own words read
        as (all four first) is not. None when the whole question is one question."""
        if query.analysis is None or not query.claims:
            return None
        premise = self._parse(pieces[0], language, focus)
        if premise.analysis is None or premise.analysis.kind != query.analysis.kind:
            return None
        second = self._parse(pieces[1], language, self._next_focus(focus, premise, None))
        if (
            second.operation in (Operation.INVALID, Operation.UNKNOWN, Operation.CLARIFY, Operation.HELP)
            or not second.cities
            or (second.analysis is not None and second.analysis.kind == premise.analysis.kind)
        ):
            return None
        return replace(second, text=query.text, claims=query.claims, carried=(), follow_up=False)

    def _finds_a_city_then_names_another(self, pieces: list[str], language: str, focus: Focus | None) -> bool:
        """'环境支撑力得分最高的是哪个城市？比北京高几分？': the first question finds a city, the second sets another
        against it (two questions, however short the second)."""
        if len(pieces) != 2 or self.vocabulary.find(pieces[0]).cities:
            return False
        named = self.vocabulary.find(pieces[1]).cities
        found = self._one_city_of(self._parse(pieces[0], language, focus)) if len(named) == 1 else None
        return found is not None and found != named[0]

    def _one_city_of(self, query: Query) -> str | None:
        """The one city a part is about or finds: the city it names, the one a best/worst pick finds, or the top of
        the ranking a "which city is highest" asks for; None otherwise."""
        if len(query.cities) == 1:
            return query.cities[0]
        if query.cities:
            return None
        if query.operation is Operation.TOP and query.single and query.n is None and query.rank_range is None:
            query = replace(query, n=1)
        found = self._listed_by(query)
        return found[0] if len(found) == 1 else None

    @staticmethod
    def _dimension_asked_why(text: str, mentions: Mentions):
        """The one first-level dimension the why-clause names ("…4th on outcomes. What is behind its outcomes?"),
        or None (the overall place) when it names none, several, or the overall index."""
        why = _WHY.search(text.lower())
        if why is None:
            return None
        asked = {m.key for m in mentions.of("dimension") if m.start >= why.start()}
        if len(asked) != 1 or TOTAL.key in asked:
            return None
        return dimension(asked.pop())

    def _listed_by(self, query: Query) -> tuple[str, ...]:
        """The cities a top (or bottom) list names, in its order, or the one city a best/worst pick among a scope
        finds ("Which of those ranks highest overall, and how does it do on outcomes?"); () for any other
        question."""
        a = query.analysis
        if query.operation is Operation.ANALYTIC and a is not None and a.kind == "extreme":
            from index_core.analytics import extreme

            scope = analysis_scope(a, query)
            column = a.columns[0] if a.columns else TOTAL.column
            found = extreme(
                column,
                best=a.param("best", "1") == "1",
                n=int(a.param("n") or 1),
                scope=scope,
                report=self.report,
            ).rows
            return tuple(found["city"]) if len(found) == 1 else ()
        if query.operation is not Operation.TOP:
            return ()
        column = (query.dimension or TOTAL).column
        r = self.report.rankings
        if query.direction is Direction.BOTTOM and not query.rank_range:
            # "Who is bottom overall, and …is it also last?": the last place (or the last N), worst first
            n = query.n or 1
            return tuple(r[r[column] > len(r) - n].sort_values(column, ascending=False)["city"])
        if query.direction is not Direction.TOP:
            return ()
        low, high = query.rank_range or (1, query.n or 0)
        return tuple(r[(r[column] >= low) & (r[column] <= high)].sort_values(column)["city"])

    def _group_member_in_scope(self, described: str, group: str) -> str | None:
        """The one member of a sample group inside the top N of a ranking the description names ("前十里…省会城市");
        None unless exactly one member fits."""
        bound = re.search(
            r"前\s*([一二三四五六七八九十\d]{1,3})|\btop[ -]?(\d{1,2}|ten|five|three|twenty)\b", described
        )
        if bound is None:
            return None
        n = number_word(next(g for g in bound.groups() if g))
        if not n:
            return None
        on = [d for d in self.vocabulary.find(described).dimensions if d is not TOTAL]
        column = (on[0] if on else TOTAL).column
        r = self.report.rankings
        members = set(self.report.cities.loc[self.report.cities["category"] == group, "city"])
        fits = r[(r[column] <= n) & r["city"].isin(members)]
        return str(fits["city"].iloc[0]) if len(fits) == 1 else None

    def _against_extreme(
        self, query: Query, pieces: list[str], language: str, focus: Focus | None
    ) -> Query | None:
        """'杭州、苏州、成都、武汉谁最少？杭州大概是它的几倍？': the extreme among the named cities, then the figure
        computed against it (the named city and the one the first part finds); None for any other question."""
        if len(pieces) < 2 or len(query.cities) < 3 or len(query.metrics) != 1:
            return None
        pieces = ["，".join(pieces[:-1]), pieces[-1]]  # (a scope said first belongs to the first question)
        if not _EXTREME_ASKED.search(pieces[0].lower()) or focus_rules.reference(pieces[1]) != "singular":
            return None
        named = self.vocabulary.find(pieces[1]).cities
        if len(named) != 1:
            return None
        from index_core.analytics import fact_extreme_city

        lowest = _LOWEST_ASKED.search(pieces[0].lower()) is not None
        extreme = fact_extreme_city(query.cities, query.metrics[0], lowest=lowest, report=self.report)
        if extreme is None or extreme == named[0]:
            return None
        first = self._parse(pieces[0], language, focus)
        second = replace(query, cities=(named[0], extreme), text=pieces[1], carried=())
        return replace(query, parts=(first, second))

    @staticmethod
    def _the_rest_of_group(before: Query, piece: str) -> Query | None:
        """'不是的是哪几个？', 'and which aren't?' after a computation over a sample group: the same computation over
        the cities outside that group; None for any other part."""
        if before.analysis is None or not _THE_REST.match(piece.strip().lower()):
            return None
        scope = str(before.analysis.param("scope") or "")
        if not scope.startswith("group:"):
            return None
        group = scope.split(":", 1)[1]
        extra = tuple((k, f"notgroup:{group}" if k == "scope" else v) for k, v in before.analysis.extra)
        return replace(
            before,
            analysis=replace(before.analysis, extra=extra),
            subset=Subset(kind="not_group", group=group),
        )

    def _relative_to_city(self, query: Query, mentions: Mentions) -> Analysis | None:
        """'Which cities rank below Hangzhou overall but above it on environment support?', '哪些城市总排名比杭州低，
        环境支撑力却比杭州高？': each clause bounds one ranking by the named city's place on it (a smaller number
        ranks higher); the named city itself meets no strict bound."""
        lowered = query.text.lower()
        plural = (
            re.search(
                r"\bcities\b|哪些|哪几个|\bany (?:other )?city\b|有没有(?:哪个|别的|其他)?城市|上有城市|有城市排",
                lowered,
            )
            is not None
        )
        if len(query.cities) != 1 or not (plural or _CITY_QUESTION.search(lowered)):
            return None
        if _THINGS_ASKED.search(lowered) and not re.search(
            r"哪些城市|哪几个城市|哪个城市|有城市|\bwhich cities\b|\bwhich city\b|\bany city\b", lowered
        ):
            return None
        neighbours = NEIGHBOUR.search(lowered) is not None
        city = query.cities[0]
        row = self.report.rankings[self.report.rankings["city"] == city]
        if row.empty:
            return None
        bounds: list[str] = []
        for clause in re.finditer(r"(?:(?!\b(?:but|yet|while|whereas)\b)[^，,;；但])+", lowered):
            better = _RELATIVE_BETTER.search(clause.group()) is not None
            if not better and _RELATIVE_WORSE.search(clause.group()) is None:
                continue
            named = [
                m
                for m in mentions.of("dimension")
                if clause.start() <= m.start < clause.end() and m.key != "total"
            ]
            if not named and _ANY_DIMENSION.search(clause.group()):
                # "有没有哪个城市在某个一级指标上排得比北京还靠前": any of the four, each against the city's own place
                any_of = [f"{c}:{'<' if better else '>'}:{int(row.iloc[0][c])}" for c in FOUR_COLUMNS]
                return Analysis(
                    kind="rank_filter",
                    columns=FOUR_COLUMNS,
                    extra=(("match", "any"), ("conditions", ";".join(any_of)), ("scope", "all")),
                )
            column = dimension(named[0].key).column if named else TOTAL.column
            bounds.append(f"{column}:{'<' if better else '>'}:{int(row.iloc[0][column])}")
        if (
            not bounds
            or (len(bounds) == 1 and not plural)
            or len({b.split(":")[0] for b in bounds}) < len(bounds)
            # "which cities sit directly above and below Xi'an?": its neighbours, not every city ("rank below
            # Suzhou overall but beat it on outcomes" bounds two rankings)
            or (neighbours and len(bounds) < 2)
        ):
            return None  # ("Which city is ahead of Wuhan?": the one just ahead, which the neighbours reading gives)
        columns = tuple(b.split(":")[0] for b in bounds)
        return Analysis(
            kind="rank_filter",
            columns=columns,
            op=None,
            value=None,
            extra=(("match", "all"), ("conditions", ";".join(bounds)), ("scope", "all")),
        )

    def _gap_from_extreme(self, before: Query, part: Query, piece: str) -> Analysis | None:
        """The gap a part asks between the column the part before it found (one city's best or worst dimension)
        and another rank it names ("比它的总排名低了几位？", "how many places below its overall rank?")."""
        found = before.analysis
        if (
            found is None
            or found.kind != "own_extreme"
            or len(before.cities) != 1
            or part.analysis is not None
        ):
            return None
        if not PLACES_ASKED.search(piece.lower()):
            return None
        from index_core import analytics

        result = analytics.own_extreme(
            before.cities[0], found.columns, best=found.param("best", "1") == "1", report=self.report
        )
        if result.refusal or result.rows.empty:
            return None
        chosen = str(result.rows["column"].iloc[0])
        against = part.dimension.column if part.dimension is not None else TOTAL.column
        if against == chosen:
            against = TOTAL.column
        return Analysis(
            kind="column_gap",
            columns=(chosen, against),
            extra=(("extreme", "none"), ("absolute", "1"), ("split", "1"), ("scope", "named")),
        )

    def _against_own_ranking(self, query: Query, focus: Focus, language: str) -> Query | None:
        """'比它自己的总排名靠前多少位？' after '重庆环境支撑力排第几？', 'How many places is that ahead of its overall
        rank?': the one city in focus, its ranking in focus set against another of its own rankings."""
        lowered = query.text.lower()
        if (
            query.cities not in ((), focus.cities)  # (a pronoun may already stand for the city in focus)
            or len(focus.cities) != 1
            or focus.dimension is None
            or not (
                _AGAINST_ITS_OWN.search(lowered)
                # ("Which of the two does better …?": two cities, not two rankings)
                or (_THE_TWO.search(lowered) and not re.search(r"\bwhich\b|\bwho\b|哪个|哪一个|谁", lowered))
            )
            or not (PLACES_ASKED.search(lowered) or DIFFERENCE_ASKED.search(lowered))
        ):
            return None
        named = self.vocabulary.find(query.text).dimensions
        if len(named) != 1 or named[0] == focus.dimension:
            return None
        if not _AGAINST_ITS_OWN.search(lowered) and len(set(_plural_cities(focus))) >= 2:
            # "How far apart are the two in knowledge creation?" after Hangzhou's place, then "And Suzhou?": the
            # two cities just asked about, not two rankings of the last one
            return None
        city, on = focus.cities[0], focus.dimension
        english = language == "en"
        if not _AGAINST_ITS_OWN.search(lowered):
            # "那它的资源支持力排第几？两者差几位？" after the city's place on development outcomes: the two rankings,
            # asked in so many words (the question read is that one)
            name = self._city_name(city, english)
            plain = (
                f"How many places apart are {name}'s {named[0].en} and {on.en} ranks?"
                if english
                else f"{city}的{named[0].zh}和{on.zh}两个名次相差几位？"
            )
            asked = self._parse(plain, language, None)
            if asked.analysis is None or asked.analysis.kind != "column_gap":
                return None
            return replace(asked, follow_up=True, carried=(city,))
        said = f"{self._city_name(city, english)}'s {on.en}: " if english else f"{city}的{on.zh}"
        asked = self._parse(f"{said}{query.text}", language, None)
        if asked.analysis is None or asked.analysis.kind != "column_gap":
            return None
        return replace(asked, text=query.text, follow_up=True, carried=(city,))

    def focus_of(self, history: list[dict]) -> Focus | None:
        """The focus after the conversation so far: one pass over the last user turns, each parsed once."""
        turns: list[tuple[str, str | None]] = []
        for i, message in enumerate(history):
            if message.get("role") != "user" or not isinstance(message.get("content"), str):
                continue
            answer = next(
                (m.get("content") for m in history[i + 1 :] if m.get("role") == "assistant"),
                None,
            )
            turns.append((message["content"], answer if isinstance(answer, str) else None))
        focus: Focus | None = None
        for question, answer in turns[-MAX_FOCUS_TURNS:]:
            text = clean(question)
            if not text or len(text) > MAX_QUESTION_CHARS:
                continue
            query = self._parse(text, language_of(text), focus)
            focus = self._next_focus(focus, query, answer)
        return focus

    def _next_focus(self, focus: Focus | None, query: Query, answer: str | None) -> Focus | None:
        cities = query.cities
        asked_which = not cities and _CITY_QUESTION.search(query.text.lower()) is not None
        unsure = query.operation in (Operation.UNKNOWN, Operation.CLARIFY)
        if (
            (unsure or query.operation is Operation.PASSAGE)
            and (not cities or (query.carried and len(cities) > 2))
            and not asked_which
            and answer
        ):
            # ("Which of them is the only prefecture-level city?" over the ten just listed: the one the answer names)
            # "What does the report say about Zhejiang Lab?": the city the quoted sentence is about stays in focus
            # ("the same city", "那里")
            said = "\n".join(
                line
                for line in _answer_body(answer).splitlines()
                if not line.startswith(("(Carried over", "（沿用上文"))
            )
            cities = self.vocabulary.find(clean(said)).cities[:1]
            query = replace(query, cities=cities) if query.carried else query
        if query.operation in (Operation.INVALID, Operation.HELP) or (
            unsure and not (asked_which and answer) and not cities
        ):
            return focus  # (an unsure reading still counts when its answer named the city asked for)
        if unsure:
            # an unsure reading about a named city was answered from the report's sentences about it: the
            # conversation is about that city and those words ("那个先导区是和哪个城市一起建设的？"); a conversation
            # already under way keeps its operation
            previous_op = focus.operation if focus is not None else None
            query = replace(query, operation=previous_op or Operation.PASSAGE)
        # ("Who published the report?": 北京 in a publisher's name is no city the conversation is about; the sample's
        # cities listed by a method answer are)
        asked_which = asked_which and (
            query.operation is not Operation.METHOD or bool({"sample", "profiled"} & set(query.aspects))
        )
        found: tuple[str, ...] = ()  # the cities the answer's headline names
        if (query.operation in focus_rules.LIST_OPERATIONS or asked_which) and answer:
            # the cities a list answer named, or the city the answer to "which city…" named
            body = _answer_body(answer)
            listed = self.vocabulary.find(clean(body)).cities
            # "Which two cities are right behind Beijing?": the cities listed, not the one the question named
            others = tuple(c for c in listed if c not in query.cities)
            cities = others or listed or cities
            if (
                query.analysis is not None
                and query.analysis.kind in _TWO_CITY_GAPS
                and len(query.cities) >= 2
            ):
                # "深圳和广州在产业覆盖度上差距大吗？" then "它们各排第几？": the two set against each other, not a city
                # the report's sentence under the answer happens to name
                cities = query.cities
            headline = _headline(answer)
            found = self.vocabulary.find(clean(headline)).cities if headline else ()
            checked_named = query.analysis is not None and str(
                query.analysis.param("scope") or ""
            ).startswith("named")
            if (
                query.operation is Operation.ANALYTIC
                and checked_named
                and query.analysis.kind == "rank_filter"
                and len(query.cities) >= 2
                and found
            ):
                # "ok and which of those are NOT in the overall top 10?": the cities its headline gives (重庆), not
                # every city the check went through
                cities = found
                query = replace(
                    query, cities=()
                )  # (so "it" next is the city found, not the last one checked)
        if (
            (not cities or (query.operation in (Operation.TOP, Operation.ANALYTIC) and not query.cities))
            and query.subset is not None
            and query.subset.kind == "group"
            and query.subset.group
        ):
            # "样本里的三个计划单列市是哪几个？": the group's cities are what "它们" points at next (not other cities
            # a note in the answer names: "Wuhan and Hangzhou are provincial capitals too, but…")
            members = self.report.cities.loc[self.report.cities["category"] == query.subset.group, "city"]
            # (the city the answer found first: "it" next is the one it named, "the other two" the rest)
            first = tuple(c for c in found[:1] if c in set(members))
            cities = tuple(dict.fromkeys((*first, *(str(c) for c in members))))
        previous = focus or Focus()
        picked = (
            self._listed_by(query)
            if query.operation is Operation.ANALYTIC
            and query.analysis is not None
            and query.analysis.kind == "extreme"
            else ()
        )  # ("Which of those three did best overall?" then "its weakest indicator": the one it picked)
        if query.operation is Operation.ANALYTIC and query.dimension is None and answer:
            # "它的哪个一级指标最好？" answered "发展成效": that dimension is what "这个指标" points at next
            named = [d for d in self.vocabulary.find(clean(_headline(answer))).dimensions if d is not TOTAL]
            if len({d.key for d in named}) == 1:
                query = replace(query, dimension=named[0])
        return Focus(
            operation=query.operation,
            cities=cities or previous.cities,
            last_city=picked[0] if len(picked) == 1 else _last_city(query, cities, previous.last_city),
            **_carried_slots(query, previous),
            months=query.months or (previous.months if not query.years else ()),
            n=query.n,
            direction=query.direction,
            rank_range=query.rank_range,
            recent=tuple(dict.fromkeys((*previous.recent, *(cities or query.cities))))[-4:],
            words=tuple(dict.fromkeys((*query.content_words, *query.context_words)))[:12],
            analysis=query.analysis,
        )

    # ---- one question ------------------------------------------------------------------------------------
    def _said_after_ahead(self, text: str, city: str) -> bool:
        """Whether the city is named as the one ahead ("after Shenzhen", "仅次于深圳")."""
        name = city if has_cjk(text) else self.report.english_names.get(city, city).lower()
        return (
            re.search(rf"(?:\bafter|\bbehind|仅次于|次于|only to)\s*{re.escape(name)}", text.lower())
            is not None
        )

    def _described_city(self, text: str) -> str | None:
        """The question with a city it describes rather than names ("前十里唯一的那个地级市，知识创造力排第几？",
        "The city that hosts Pengcheng Lab is 2nd on …") written as that city, when the report's sentences point
        at exactly one; None when there is no such description or no one city fits it."""
        found = _DESCRIBED.search(text.lower())
        if not found and self.vocabulary.find(text).keys(GROUP):
            found = _DESCRIBED_BY_GROUP.search(text.lower())  # "the only provincial capital in the top 5"
        if not found:
            return None
        # (an English sentence ends a clause too: "… made the overall top ten. How did that city rank …")
        clauses = list(re.finditer(r"[^，,;；。？?!！]+", re.sub(r"(?<=[a-z0-9])\.(?=\s)", ";", text)))
        clause = next((c for c in clauses if c.start() <= found.start() < c.end()), None)
        if (
            clause is None
            or _CITY_QUESTION.search(clause.group().lower())
            or _WHICH_IS.match(clause.group().lower())
        ):
            return None  # ("Which city is the one that hosts …?" asks for the city: the report's sentence answers)
        # the description itself: the clause up to the descriptor, and in English on to its verb ("the city that
        # hosts Pengcheng Lab | is 2nd on …")
        lowered = text.lower()
        tail = re.match(
            r"[^,，。？?;；—]*?(?=\s+(?:is|was|ranks?|ranked|placed|came|sits?)\b|\s[-–]\s|[,，。？?;；—]|$)",
            lowered[found.end() :],
        )
        described = lowered[clause.start() : found.end() + (tail.end() if tail else 0)]
        groups = self.vocabulary.find(described).keys(GROUP)
        if groups:
            # "总排名前十里唯一的那个省会城市", "the plan-listed city that made the overall top 10": the report's
            # sample group, bounded by a place on a ranking; exactly one member fits or no city is read
            city = self._group_member_in_scope(described, groups[0])
            if city is None:
                return None
            name = city if has_cjk(text) else self.report.english_names.get(city, city)
            return text[: clause.start()] + name + text[clause.start() + len(described) :]
        if re.search(
            r"第\s*[\d一二三四五六七八九十]+|\d+(?:st|nd|rd|th)\b|倒数|垫底|榜首|最后|"
            r"\b(?:top|bottom)\b(?![ -](?:\d|ten|five|three|half))|\blast\b|\bfirst\b",
            described,
        ):
            return None  # "排第23名的那个城市": a city named by its place, which the ranking resolves
        from assistant.answers.passage import city_described
        from assistant.understanding.content import content_words

        start, end = clause.start(), clause.end()
        if not has_cjk(text) and _asks_something(text[clause.start() : found.start()]):
            # the description sits inside the question ("Why does the report single out compute as the strength of
            # the city that's home to Huawei, ZTE, DJI and Ping An?"): only it, through its list of names
            listed = re.match(
                r"(?:[^,，。？?;；—]|,\s*(?=(?:and\s+)?[a-z0-9]))*?"
                r"(?=\s+(?:is|was|ranks?|ranked|placed|came|sits?)\b|[，。？?;；—]|$)",
                lowered[found.end() :],
            )
            start, end = found.start(), found.end() + (listed.end() if listed else 0)
        if re.search(
            r"(?:\b(?:is|was|isn't|wasn't) (?:it|that|this|she|he)|它(?:是不是|是|也是|算不算|算))\s*(?:the|a|an)?\s*$",
            text[:start].lower(),
        ):
            return None  # "Is it the only prefecture-level city in the top ten?": the description is checked of "it"
        generic = {"城市", "那个", "这个", "city", "one", "place", "which", "that", "the", "home"}
        words = [w for w in content_words(text[start:end]) if w.lower() not in generic]
        city = city_described(words)
        if city is None:
            return None
        name = city if has_cjk(text) else self.report.english_names.get(city, city)
        return text[:start] + name + text[end:]

    def _parse(self, text: str, language: str, focus: Focus | None) -> Query:
        from assistant.answers.registry import spec

        aside = self._set_aside_first(text, language, focus)
        if aside is not None:
            return aside
        mentions = self.vocabulary.find(text)
        if not mentions.cities and not mentions.of(PLACE):
            named = self._described_city(text)
            if named is not None:
                text = named
                mentions = self.vocabulary.find(text)
        quoted = [
            (at, at + len(t))
            for t in self.report.profile_taglines.values()
            if t and (at := text.find(t)) >= 0
        ]
        if quoted:
            # "青岛那节说“产业环境持续优化”，具体是怎么优化的": a profile's headline, quoted, names no dimension
            mentions = replace(
                mentions,
                items=tuple(
                    m
                    for m in mentions.items
                    if m.kind not in (DIMENSION, LEVEL2, LEVEL3, METRIC)
                    or not any(a <= m.start < b for a, b in quoted)
                ),
            )
        qty = quantities(text, mentions)
        dims = mentions.dimensions
        non_total = [d for d in dims if d is not TOTAL]
        level2s = mentions.keys(LEVEL2)
        level2 = next(iter(level2s), None)
        dim = non_total[0] if non_total else (dims[0] if dims else None)
        # a city written with a typo (苏洲) is searched for as the city it was read as (苏州)
        worded = text
        for m in (m for m in mentions.items if m.fuzzy):
            worded = worded.replace(m.surface, m.key)
        words, asked = _content(worded)
        if "heading" not in asked and any(t and t in text for t in self.report.profile_taglines.values()):
            asked = (*asked, "heading")  # "报告说武汉“落户支持力度强”，具体…": a profile's headline, quoted
        parts_words, parts_asked = _question_parts(worded)
        metrics = _asked_metrics(text, mentions)
        query = Query(
            text=text,
            language=language,
            operation=Operation.UNKNOWN,
            cities=mentions.cities,
            dimension=dim,
            dimensions_named=tuple(non_total),
            beside_mention=_beside_mention(text),
            level2=level2,
            more_level2=level2s[1:],
            level3=next(iter(mentions.keys(LEVEL3)), None),
            metrics=metrics,
            metric_words=tuple(m.surface.lower() for m in mentions.of(METRIC) if m.key in metrics),
            direction=qty.direction,
            direction_stated=qty.direction_stated,
            n=qty.n,
            rank_range=qty.rank_range,
            position=qty.position,
            whole_list=qty.whole_list,
            single=qty.single,
            threshold=qty.threshold,
            years=qty.years,
            months=qty.months,
            topic=next(iter(mentions.keys(TOPIC)), None),
            aspects=method_aspects(text),
            weights=weights(text, mentions),
            subset=qty.subset,
            claims=claims(text, mentions),
            content_words=words,
            asked=asked,
            asked_unit=_asked_unit(text),
            content_parts=parts_words,
            asked_parts=parts_asked,
            unknown_places=tuple(m.surface for m in mentions.of(PLACE)),
            fuzzy=mentions.fuzzy,
            regions=mentions.regions,
            earlier_edition=_EARLIER_EDITION.search(text.lower()) is not None,
        )
        tagged = TAG_BEFORE_ASK.search(text.lower())
        if tagged and query.years and "time" in query.asked and text[tagged.end() :].strip():
            # "成都是2021年3月才获批…的吧？它的试验区实施方案是啥时候出的？": a year said in a clause asking to be
            # confirmed, before a question asking when, is not the year to look in
            said = {int(y) for y in STATED_YEAR.findall(text[: tagged.end()])}
            after = {int(y) for y in STATED_YEAR.findall(text[tagged.end() :])}
            dropped = said - after
            if dropped:
                query = replace(query, years=tuple(y for y in query.years if y not in dropped), months=())
        onwards = _YEAR_ONWARDS.search(text.lower())
        if onwards and len(query.years) == 1:
            # "2019年以后出台的", "came out in 2019 or later": every year from it to the last the report lists
            last = int(self.report.policies["year"].max())
            query = replace(
                query,
                years=tuple(range(query.years[0], max(last, query.years[0]) + 1)),
                year_span=("from", query.years[0]),
            )
        before = _YEAR_BEFORE.search(text.lower())
        after = _YEAR_AFTER.search(text.lower())
        if len(query.years) == 1 and (before or after) and not onwards:
            # "有2020年之前的吗", "any before 2020?": the years the report lists on that side of it (none may be)
            year = query.years[0]
            listed = sorted(int(y) for y in self.report.policies["year"].unique())
            if before:
                inclusive = any(before.group(g) for g in ("with", "with_en", "with_in"))
                side = tuple(y for y in listed if y < year or (inclusive and y == year))
                span = ("through" if inclusive else "before", year)
            else:
                side = tuple(y for y in listed if y > year)
                span = ("after", year)
            query = replace(query, years=side, year_span=span)
        ranked = self.router.rank(text)
        scores = {str(label): round(float(p), 4) for label, p in ranked[:5]}
        query = replace(query, scores=scores)
        top_label, top_p = ranked[0]
        about_report = bool(
            dims
            or level2
            or mentions.keys(METRIC)
            or mentions.keys(GROUP)
            or (top_label not in _WEAK_EVIDENCE and top_p >= CONFIDENT)
        )
        if not about_report and any(c.search(text.lower()) for c in self.lex.out_of_scope):
            return replace(query, operation=Operation.INVALID, problem="out-of-scope")
        against_own = (
            self._against_own_ranking(query, focus, language)
            if focus is not None and focus.operation is not None
            else None
        )
        if against_own is not None:
            return against_own  # (read in full from the question it stands for)
        query = self._with_focus(query, mentions, ranked, focus)
        if query.operation is not Operation.UNKNOWN and query.follow_up:
            return _with_chain(self._finish(query, mentions, ranked), mentions)
        chosen, probability = self._choose(query, ranked, spec)
        alternatives = tuple(
            (Operation(label), p)
            for label, p in ranked[:4]
            if label not in (FOLLOW_UP, chosen.value) and p >= 0.05
        )
        query = replace(query, operation=chosen, confidence=probability, alternatives=alternatives[:3])
        return _with_chain(self._finish(query, mentions, ranked), mentions)

    def _choose(self, query: Query, ranked: list[tuple[str, float]], spec) -> tuple[Operation, float]:
        """The likeliest reading the question can support; below CONFIDENT, a clarifying reply instead."""
        has_position = query.position is not None and not query.cities
        passed_over = 0.0  # the likeliest reading set aside because the question lacks what it needs
        reason_passed_over = 0.0  # a confident "why" set aside for want of a city
        for label, probability in ranked:
            if label == FOLLOW_UP:
                continue
            op = Operation(label)
            s = spec(op)
            if len(query.cities) + len(query.unknown_places) < s.needs_cities or (
                s.needs_city and not query.cities and not has_position
            ):
                # (a place outside the sample still counts: the answer says it has no data)
                if (
                    op in (Operation.RANK, Operation.CITY_DIMENSION)
                    and not query.cities
                    and not has_position
                    and _CITY_QUESTION.search(query.text.lower())
                ):
                    # "Which two cities are tied for first place in AI industry coverage?": a rank reading with the
                    # cities as what is asked is the list
                    return Operation.TOP, probability
                if op is Operation.EXPLAIN and probability >= CONFIDENT and _WHY.search(query.text.lower()):
                    reason_passed_over = probability
                passed_over = max(passed_over, probability)
                continue
            if (
                op is Operation.WHATIF
                and all(w == 1.0 for _, w in query.weights)
                and not _HYPOTHETICAL.search(query.text.lower())
            ):
                # "…86.80, right? Just double-checking": no weight change and nothing supposed is no what-if
                passed_over = max(passed_over, probability)
                continue
            if (
                reason_passed_over
                and probability < 0.2
                and op not in (Operation.METHOD, Operation.INDICATORS, Operation.RECOMMENDATIONS)
            ):
                # "为啥说总榜中间那些城市分差不大？": a reason asked with no city to explain, and no other reading
                # near as likely, is the report's own reasoning, not a list
                return Operation.PASSAGE, reason_passed_over
            if (
                passed_over >= CONFIDENT
                and probability < 0.1
                and not (query.dimension or query.n or query.subset or query.metrics)
            ):
                # "排第几" with no city: not a 1% reading that needs none, but a question back
                return Operation.CLARIFY, passed_over
            if probability < CONFIDENT and ranked[0][1] < CONFIDENT and not _agreeing(ranked, label):
                if _WORDLESS.match(query.text) or not (query.cities or query.content_words or query.metrics):
                    return Operation.UNKNOWN, ranked[0][1]
                return Operation.CLARIFY, ranked[0][1]
            return op, probability
        return Operation.UNKNOWN, 0.0

    def _with_focus(self, query: Query, mentions: Mentions, ranked, focus: Focus | None) -> Query:
        """Fill what the question leaves open from the conversation, and say what was carried over."""
        if focus is None or focus.operation is None:
            return query
        text = query.text
        if query.cities and len(focus.cities) > len(query.cities) and focus_rules.reference(text) == "plural":
            aside = _cities_said_aside(query, mentions)
            if aside and set(query.cities) <= set(aside):
                # "Of those, apart from Beijing, Shenzhen and Shanghai, which had the best outcomes?": the cities in
                # focus are the scope; the ones named are set aside from it (by _with_cities_set_aside)
                carried = tuple(c for c in focus.cities if c not in aside)
                query = replace(query, cities=(*carried, *query.cities), carried=carried, follow_up=True)
        if (
            not query.cities
            and query.subset is None
            and len(focus.cities) >= 2
            and SPREAD.search(text.lower())
            and DIFFERENCE_ASKED.search(text.lower())
        ):
            # "最高的和最低的相差多少分？" after three cities' scores: the highest of those against the lowest
            return _as_follow_up(
                query,
                focus,
                focus.operation,
                operation=Operation.ANALYTIC,
                cities=focus.cities,
                carried=focus.cities,
                dimension=query.dimension or focus.dimension,
            )
        if not query.cities and not query.dimension and len(_places_named(text)) >= 2 and focus.dimension:
            # "第一名比第三名高出多少分？" after a ranking on a dimension: those places on that dimension
            return replace(query, dimension=focus.dimension, follow_up=True, context_words=focus.words)
        if (
            not query.cities
            and focus.last_city
            and len(_places_named(text)) == 1
            and _SCORE_WORDS.search(text.lower())
            and DIFFERENCE_ASKED.search(text.lower())
        ):
            # "跟第一差了多少分？" after the runner-up: that city against the one at the place named
            return _on_city_in_focus(
                query,
                focus,
                focus.operation,
                dimension=query.dimension or focus.dimension,
            )
        if (
            focus.operation is Operation.METHOD
            and "profiled" in focus.words
            and query.cities
            and not self._names_a_ranking(text)
            and not set(_other_words(text, self.report.resolver)) - _SECTION_WORDS
        ):
            # "Nanjing?", "那南京呢？" after the cities chapter three profiles: that city's profile, with its heading
            return _as_follow_up(query, focus, focus.operation, operation=Operation.PROFILE)
        if (
            "same" in query.asked
            and not query.cities
            and focus.last_city
            and (query.metrics or focus.metrics)
            and focus_rules.reference(text) != "plural"
            and not _CITY_QUESTION.search(_SAME_AS_WHICH_CITY.sub(" ", text.lower()))
        ):
            # "覆盖度具体是多少，和哪个城市一样？" after Nanjing's industry coverage: that city's figure, and the
            # cities with the same one
            return _on_city_in_focus(
                query,
                focus,
                focus.operation,
                operation=Operation.FACT,
                metrics=query.metrics or focus.metrics,
            )
        national = self._national_place_of_figure(query, ranked, focus)
        if national is not None:
            # "And Shenzhen's? where does that put it among Chinese cities?" after Beijing's GDP: the figure for
            # the city and the national place the report gives beside it, not the city's place in the index
            return _as_follow_up(
                query,
                focus,
                focus.operation,
                operation=Operation.FACT,
                metrics=national,
                cities=query.cities[:1] or (focus.last_city,),
                carried=() if query.cities else (focus.last_city,),
            )
        ref = focus_rules.reference(text)
        top_label = ranked[0][0]
        other_ones = _OTHER_ONES.search(text.lower())
        others = tuple(c for c in focus.recent if c != focus.last_city)
        if other_ones and not query.cities and focus.last_city and others:
            # "ok and the other two?" after the three capitals, then Nanjing: the cities of the list not yet asked
            # about, asked what the last question asked
            said = other_ones.group("n") or other_ones.group("n2") or other_ones.group("n3") or ""
            count = number_word(said) if said else None
            others = others[-count:] if count and count <= len(others) else others
            query = replace(query, cities=others)
            if query.operation in (Operation.UNKNOWN, Operation.CLARIFY, Operation.TOP, Operation.PASSAGE):
                # the last question asked of cities is asked again; one about the report (its method, the
                # sample's groups) named them without asking anything of them, so their ranks are what is asked
                from assistant.answers.registry import spec

                asked_of_cities = spec(focus.operation).many_cities or spec(focus.operation).needs_city
                query = replace(query, operation=focus.operation if asked_of_cities else Operation.RANK)
            return replace(
                query,
                dimension=query.dimension or focus.dimension,
                follow_up=True,
                carried=others,
                confidence=1.0,
                context=focus.operation,
                context_words=focus.words,
            )
        if (
            query.dimension is None
            and not query.level2
            and isinstance(focus.dimension, type(TOTAL))
            and focus.dimension is not TOTAL
            and focus.last_city
            and _THIS_DIMENSION.search(text.lower())
            and query.operation in (Operation.CLARIFY, Operation.UNKNOWN, Operation.PASSAGE, Operation.RANK)
        ):
            # "这个指标下面报告举了哪些具体例子？" after "its best dimension is development outcomes": that dimension,
            # for the city in focus
            cities = query.cities or (focus.last_city,)
            return _as_follow_up(
                query,
                focus,
                focus.operation,
                operation=Operation.RANK,
                cities=cities,
                carried=() if query.cities else cities,
                dimension=focus.dimension,
                # (the dimension's name is what its sentences say; "这个指标" is not)
                content_words=(focus.dimension.zh,),
            )
        if (
            focus.operation is Operation.METHOD
            and not query.cities
            and _CITY_QUESTION.search(text.lower())
            and _OTHER_MEMBERS.search(text.lower())
        ):
            # "剩下的是哪几个城市？" after "其中试验区城市有几个？": the sample's other cities, by group
            return _as_follow_up(
                query, focus, focus.operation, operation=Operation.METHOD, aspects=("sample",)
            )
        if focus.operation is Operation.METHOD and not query.cities and _A_PUBLISHER.search(text.lower()):
            # "What does the second organisation actually do?", "那家公司是做什么的？" after "Who published this
            # report?": who the publishers are, as the report's back page says
            return _as_follow_up(
                query, focus, focus.operation, operation=Operation.METHOD, aspects=("publisher",)
            )
        if focus.operation is Operation.METHOD and not query.cities and _CONTACT_DETAILS.search(text.lower()):
            # "What's their address and phone number?" after "Who published this report?": the back page's lines
            return _as_follow_up(
                query, focus, focus.operation, operation=Operation.METHOD, aspects=("publisher", "contact")
            )
        if (
            query.cities
            and focus.last_city
            and focus.last_city not in query.cities
            and _IT_TOGETHER_WITH.search(text.lower())
        ):
            # "报告里提到它跟青岛一起建了个什么区？" after Jinan: both cities, what the report says of them together
            cities = (focus.last_city, *query.cities)
            query = replace(query, cities=cities, carried=(focus.last_city,))
            if re.search(r"一起|共同|一同|联合|共建|合建|\btogether\b|\bjointly\b|\bshared?\b", text.lower()):
                # (something done together is in the report's sentences; "它跟合肥比…" compares the two)
                return _as_follow_up(query, focus, focus.operation, operation=Operation.PASSAGE)
        runners = _RUNNERS_UP.search(text.lower()) if not query.cities else None
        if runners:
            # "And the two runners-up? what did they score?" after the leader: the places after the first, on the
            # ranking in focus
            count = number_word(runners.group("n")) if runners.group("n") else 2
            return _as_follow_up(
                query,
                focus,
                focus.operation,
                operation=Operation.TOP,
                rank_range=(2, 1 + (count or 2)),
                n=None,
                direction=Direction.TOP,
                cities=(),
                dimension=query.dimension or focus.dimension,
            )
        places = _places_listed(text)
        if len(places) >= 2 and focus.operation in (Operation.TOP, Operation.RANK) and not query.cities:
            # "第四、第五又分别是谁？" after the top three on a ranking: those places on it
            return _as_follow_up(
                query,
                focus,
                focus.operation,
                operation=Operation.TOP,
                rank_range=(min(places), max(places)),
                n=None,
                direction=Direction.TOP,
                dimension=query.dimension or focus.dimension,
            )
        if (
            query.operation in (Operation.TOP, Operation.UNKNOWN, Operation.CLARIFY)
            and query.rank_range is not None
            and not query.cities
            and query.dimension is None
            and focus.operation in (Operation.TOP, Operation.RANK)
            and isinstance(focus.dimension, type(TOTAL))
            and focus.dimension is not TOTAL
            and not _OVERALL_SAID.search(text.lower())
        ):
            # "who came 2nd and 3rd?" after the leader on environment support: those places on that ranking
            return _as_follow_up(
                query,
                focus,
                focus.operation,
                operation=Operation.TOP,
                direction=Direction.TOP,
                n=None,
                dimension=focus.dimension,
            )
        end = (
            (focus.rank_range[1] if focus.rank_range else focus.n)
            if focus.operation is Operation.TOP
            else None
        )
        if (
            end
            and end < len(self.report.rankings)
            and focus.direction is Direction.TOP
            and not query.cities
            and query.position is None
            and _NEXT_IN_LINE.search(text.lower())
        ):
            # "Who takes the top three on development outcomes, and who's right behind them?": the city at the
            # place after the list, on the same ranking
            return replace(
                query,
                operation=Operation.RANK,
                position=end + 1,
                dimension=query.dimension or focus.dimension,
                follow_up=True,
                context=focus.operation,
                context_words=focus.words,
            )
        if (
            not query.cities
            and not (query.metrics or query.dimension or query.level2)
            and focus.metrics
            and focus.last_city
            and focus.operation is Operation.FACT
            and ref != "plural"
            and _ASKS_RANK.search(text.lower())
            and not _CITY_QUESTION.search(text.lower())
            and self._rank_metrics(focus.metrics)
        ):
            # "在样本城市里排第几？" after Guangzhou's GDP: the place the report gives that figure
            return replace(
                query,
                operation=Operation.FACT,
                cities=(focus.last_city,),
                carried=(focus.last_city,),
                metrics=focus.metrics,
                metric_words=focus.metric_words,
                follow_up=True,
                confidence=1.0,
                context=focus.operation,
                context_words=focus.words,
            )
        grown = (
            self._rank_metrics(focus.metrics, "growth")
            if focus.metrics and focus.last_city and not query.metrics and _GROWTH.search(text.lower())
            else ()
        )
        if grown and focus.operation is Operation.FACT:
            # "and how fast did it grow? faster than beijing?" after Hangzhou's GDP: the growth the report gives
            # beside that figure, for the city in focus and any named against it
            cities = tuple(dict.fromkeys((focus.last_city, *query.cities)))
            return replace(
                query,
                operation=Operation.FACT,
                cities=cities,
                carried=(focus.last_city,),
                metrics=grown,
                metric_words=(),
                follow_up=True,
                confidence=1.0,
                context=focus.operation,
                context_words=focus.words,
            )
        tied = ref == "singular" and focus.last_city and not query.level2 and _TIED.search(text.lower())
        # (the indicator in focus, else one its words name: looked up only when a shared place is asked)
        level2 = (
            (focus.level2 or next(iter(self.vocabulary.find(" ".join(focus.words)).keys(LEVEL2)), None))
            if tied
            else None
        )
        if level2:
            # "it's tied for first on that with another city — which one?", "what about the city that's tied with
            # it?" after a city's industry coverage: the city it shares that place with, and its figure
            s = self.report.subranks
            row = s[(s["city"] == focus.last_city) & (s["indicator"] == level2)]
            partner = str(row["tied_with"].iloc[0]) if len(row) else ""  # (one resolved city, or "")
            partners = (partner,) if partner else ()
            if not _PARTNER_ASKED.search(text.lower()):
                partners = ()  # "Is it tied with anyone on that?": the city's own place, which names the other
            return replace(
                query,
                operation=Operation.FACT if partners and focus.metrics else Operation.CITY_DIMENSION,
                level2=level2,
                metrics=focus.metrics if partners else (),
                metric_words=focus.metric_words if partners else (),
                cities=partners or (focus.last_city,),
                carried=partners or (focus.last_city,),
                position=None,
                single=False,
                follow_up=True,
                confidence=1.0,
                context=focus.operation,
                context_words=focus.words,
            )
        # (a request for the figure as well, "give me the actual percentage too", adds no subject of its own)
        asked = _ALSO_THE_FIGURE.sub(" ", text).strip()
        short = len(asked) <= 24 or (query.language == "en" and len(asked.split()) <= 9)
        own_scope = (
            bool(query.cities)
            # ("which of those are outside the overall top 10?": a bound on the cities pointed at, not a scope)
            or (query.subset is not None and not (ref == "plural" and _OF_THOSE.search(text.lower())))
            or (_CITY_QUESTION.search(text.lower()) is not None and ref is None)
        )
        carried_cities: tuple[str, ...] = ()
        if focus_rules.is_add(text) and query.cities:
            cities = tuple(dict.fromkeys(focus.cities + query.cities))
            op = (
                Operation.FACT
                if focus.operation in (Operation.FACT, Operation.FACT_MAX) and focus.metrics
                else (Operation.COMPARE if len(cities) >= 2 else focus.operation)
            )
            return replace(
                query,
                operation=op,
                cities=cities,
                metrics=query.metrics or focus.metrics,
                metric_words=query.metric_words or focus.metric_words,
                dimension=query.dimension or focus.dimension,
                years=query.years or focus.years,
                follow_up=True,
                carried=tuple(focus.cities),
                confidence=1.0,
            )
        if self._same_gap_again(query, focus, text):
            # "And Shenzhen vs Shanghai?", "深圳和上海之间又差多少？" after a gap between two other cities: the same
            # computation on the cities now named (on a dimension now named, else the one in focus)
            analysis = focus.analysis
            if query.dimension is not None and analysis.columns and analysis.kind != "fact_difference":
                analysis = replace(analysis, columns=(query.dimension.column,))
            lowered = text.lower()
            if (
                analysis.kind == "score_gap"
                and _ASKS_RANK.search(lowered)
                and not _SCORE_WORDS.search(lowered)
            ):
                # "那深圳和上海的排名呢？" after a score gap: the same two-city gap, in places
                analysis = replace(analysis, kind="rank_difference")
            elif analysis.kind == "rank_difference" and _SCORE_WORDS.search(lowered):
                analysis = replace(analysis, kind="score_gap")  # "那得分呢？" after a gap in places
            return replace(
                query,
                operation=Operation.ANALYTIC,
                analysis=analysis,
                dimension=query.dimension or focus.dimension,
                metrics=query.metrics or focus.metrics,
                metric_words=query.metric_words or focus.metric_words,
                years=query.years or focus.years,
                follow_up=True,
                confidence=1.0,
                context=focus.operation,
                context_words=focus.words,
            )
        top_p = ranked[0][1]
        # after a policy count or date question the conversation is about policies ("最早的是哪项")
        policy_analysis = focus.analysis is not None and focus.analysis.kind.startswith("policy")
        context = Operation.POLICIES if policy_analysis else focus.operation
        if (
            query.cities
            and context is Operation.PASSAGE
            and query.operation
            in (Operation.COMPARE, Operation.RANK, Operation.PROFILE, Operation.CLARIFY, Operation.UNKNOWN)
            and ("time" in query.asked or _AGAIN.search(text))
            and len([w for w in query.content_words if not self.report.resolver.try_resolve(w)]) <= 3
        ):
            # "那成都和广州又是什么时候获批的？" after when Suzhou was approved: the same thing the report says, asked
            # of the cities now named
            return replace(
                query,
                operation=Operation.PASSAGE,
                follow_up=True,
                confidence=1.0,
                context=context,
                context_words=focus.words,
            )
        if (
            not query.cities
            and query.position is not None
            and (focus.dimension or focus.level2 is None)
            and (
                _CITY_QUESTION.search(text.lower())
                or re.search(r"谁|哪个|\bwhich (?:one|city)\b|\bwho\b", text.lower())
                # "第一名得了多少分？" after "资源支持力前三是谁？": that place's score on the ranking just listed
                or (query.dimension is None and _SCORE_WORDS.search(text.lower()))
            )
        ):
            # "and who is second?" after a question on a ranking: the city at that place on the dimension in focus
            return replace(
                query,
                operation=Operation.RANK,
                dimension=query.dimension or focus.dimension,
                follow_up=True,
                context=context,
                context_words=focus.words,
            )
        held = _HELD_PLACE.search(text.lower())
        if (
            held
            and not query.cities
            and query.position is None
            and (focus.dimension or focus.operation in (Operation.TOP, Operation.ANALYTIC))
        ):
            # "What score did the leader get?", "And the runner-up?" after a ranking: the city at that place on the
            # ranking in focus
            place = 1 if held.group("first") else (2 if held.group("second") else len(self.report.rankings))
            lowered = text.lower()
            other = self._city_at(place, query.dimension or focus.dimension)
            both = None
            if other and focus.last_city and other != focus.last_city:
                if _COMPARED_WITH.search(lowered) or _AHEAD_OR_BEHIND.search(lowered):
                    # "how many points ahead of the runner-up is it?": the city in focus against the one at that place
                    both = Operation.ANALYTIC
                elif ref == "singular" and re.search(
                    r"\bplus\b|\band\b|\balso\b|\bas well\b|\btoo\b|和|以及|还有|加上|连同", lowered
                ):
                    # "And what was its score — plus the runner-up's?": the city in focus and the one at that place
                    both = Operation.RANK
            if both is not None:
                return replace(
                    query,
                    operation=both,
                    cities=(focus.last_city, other),
                    dimension=query.dimension or focus.dimension,
                    follow_up=True,
                    context=context,
                    context_words=focus.words,
                )
            op = query.operation
            if op not in (Operation.RANK, Operation.EXPLAIN, Operation.PROFILE, Operation.CITY_DIMENSION):
                op = Operation.RANK
            return replace(
                query,
                operation=op,
                position=place,
                dimension=query.dimension or focus.dimension,
                follow_up=True,
                context=context,
                context_words=focus.words,
            )
        if (
            not query.cities
            and focus.cities
            and context is Operation.POLICIES
            and query.years
            and not (query.dimension or query.metrics or query.level2)
            and (_OF_THOSE.search(text.lower()) or ref is not None)
        ):
            # "其中2021年4月发布的是哪两个？" after a city's policies: those of that date in the same list
            return _as_follow_up(
                query,
                focus,
                context,
                operation=Operation.POLICIES,
                cities=focus.cities,
                carried=focus.cities,
                n=None,
                topic=query.topic or focus.topic,
            )
        if (
            short
            and not query.cities
            and focus.cities
            and context in (Operation.POLICIES, Operation.PASSAGE)
            and query.operation in (Operation.CLARIFY, Operation.UNKNOWN, Operation.PASSAGE)
            and _SPECIFIC_ASK.search(text.lower())
        ):
            # "具体目标是啥" after the policy that names a 2025 target: the particulars of what was just found, in the
            # report's sentences on the city in focus, searched with the words the last question searched by
            return _as_follow_up(
                query,
                focus,
                context,
                operation=Operation.PASSAGE,
                cities=focus.cities,
                carried=focus.cities,
                content_words=tuple(dict.fromkeys((*query.content_words, *focus.words))),
            )
        # "What about its plans for computing power?" after a city's profile: a subject of its own (a topic or a
        # second-level indicator the last question did not name), asked of the city in focus, not the profile
        # again (after a rank, "那它的算力呢" asks the rank on that indicator)
        own_subject = (
            focus.operation in (Operation.PROFILE, Operation.EXPLAIN, Operation.COMPARE)
            and bool(query.topic or query.level2)
            and not (query.dimension or query.metrics or focus.level2 or focus.topic)
        )
        bare = (
            short
            and not query.subset
            and not own_subject
            and (
                top_label == FOLLOW_UP
                or (focus_rules.is_about(text) and top_p < 0.6)
                # "那排第二到第四的是哪几个": a list on what is in focus, whatever the router makes of it
                or (
                    focus_rules.is_about(text)
                    and (query.rank_range or (query.n or 0) > 1)
                    and not (query.cities or query.dimension or query.metrics)
                )
                # "那另外三个一级指标呢？": the same question on the dimensions not yet asked about
                or (_OTHER_DIMENSIONS.search(text.lower()) is not None and focus.dimension is not None)
            )
        )
        if bare:
            cities = query.cities or (
                _plural_cities(focus)
                if ref == "plural"
                else (focus.cities if ref != "singular" else (focus.last_city,))
            )
            cities = tuple(c for c in cities if c)
            if query.position is not None and not query.cities and ref is None:
                cities = ()  # "第二呢？" after "发展成效排第一的是哪个城市？": the city at that place, not the last one
            if own_scope and not query.cities and ref is None:
                cities = ()  # "and which other cities also cleared 60 points there?": the cities are what is asked
            compared = _COMPARED_WITH.search(text.lower()) is not None
            if compared and query.cities and focus.last_city and focus.last_city not in query.cities:
                # "那苏州呢？两个城市差多少？" after Hangzhou's figure: both cities, the figure compared
                cities = (focus.last_city, *query.cities)
            op = focus.operation
            if (
                op in (Operation.METHOD, Operation.INDICATORS, Operation.RECOMMENDATIONS, Operation.HELP)
                and query.cities
                and (_WHERE_PLACED.search(text.lower()) or _ASKS_RANK.search(text.lower()))
            ):
                # "… covers 50 cities, doesn't it? And where is Jinan placed?": the city's place, not the method again
                op = Operation.CITY_DIMENSION if query.dimension not in (None, TOTAL) else Operation.RANK
            if _WHY.search(text.lower()) and op in (
                Operation.RANK,
                Operation.CITY_DIMENSION,
                Operation.PROFILE,
            ):
                # "那知识创造力怎么还能排第二？" after a rank: why it holds that place
                op = Operation.EXPLAIN
            elif (
                op is Operation.RANK
                and {"which", "name"} & set(query.asked)
                and not query.metrics  # (names behind a counted figure: the report's sentences, in _finish)
                and not _ASKS_RANK.search(text.lower())
                and not _CITY_QUESTION.search(text.lower())
            ):
                # "那它在资金支持方面举了哪些融资案例？" after a rank: what the report says there, not the rank again
                op = Operation.CITY_DIMENSION if (query.dimension or query.level2) else Operation.PASSAGE
            if (
                op is Operation.PROFILE
                and (query.dimension not in (None, TOTAL) or query.level2)
                and not _WHOLE_PROFILE.search(text.lower())
            ):
                # "What about its knowledge creation?", "and on industry coverage?" after a city's profile: the
                # city on that dimension or indicator, not the whole profile again
                op = Operation.CITY_DIMENSION
            if op is Operation.PASSAGE and focus.metrics and {"count", "amount"} & set(query.asked):
                # "一共几所？" after "上海有哪些大学开设了人工智能专业？" (the report's sentence): the figure itself
                op = Operation.FACT
            if (
                op in (Operation.TOP, Operation.FACT_MAX)
                and ref == "singular"
                and focus.last_city
                and not query.cities
            ):
                # "and its score?" after "Which city tops the environment-support ranking?": that city's standing
                op = Operation.RANK if op is Operation.TOP else Operation.FACT
            if (
                op is Operation.ANALYTIC
                and ref == "singular"
                and len(cities) == 1
                and not query.cities
                and query.dimension is not None
                and not query.metrics
            ):
                # "And how does it do on knowledge creation?" after a check that found one city: its place there
                op = Operation.RANK
            if not query.cities and (
                query.rank_range
                or (query.n and query.n > 1)
                or (query.threshold is not None and _CITY_QUESTION.search(text.lower()))
            ):
                # "那排第二到第四的是哪几个" after a question on one city: a list on the dimension in focus; "which
                # cities follow it with 60+ points?" after the leader: the cities over that score there
                op, cities = Operation.TOP, ()
            new_subject = (
                op is Operation.FACT
                and not query.metrics
                and not compared
                and not self._about_figure(query, focus)
                and not focus_rules.SAME_QUESTION.search(text.lower())
            )
            if new_subject:
                # "它的超算中心呢？" after a figure: the same city, a new subject the report's sentences answer
                return replace(
                    query,
                    operation=Operation.PASSAGE,
                    cities=cities,
                    follow_up=True,
                    carried=() if query.cities else cities,
                    confidence=1.0,
                    context=context,
                    context_words=focus.words,
                )
            if op is Operation.COMPARE and len(cities) < 2:
                op = Operation.PROFILE
            per_city = focus.analysis is not None and _per_city_analysis(focus.analysis)
            if (
                op in (Operation.TOP, Operation.ANALYTIC, Operation.FACT_MAX)
                and query.cities
                and not per_city
            ):
                # a list question, then "那广州呢？": the city's own standing; a computation about one city
                # ("北京列了几项政策" -> "And in Shenzhen's table?") is done again for the new one
                op = Operation.RANK if not (query.metrics or focus.metrics) else Operation.FACT
            carried = () if query.cities or op is Operation.TOP else cities
            return replace(
                query,
                operation=op,
                n=query.n or (focus.n if op is Operation.TOP else None),
                direction=query.direction if query.direction_stated else focus.direction,
                rank_range=query.rank_range or (focus.rank_range if op is Operation.TOP else None),
                cities=() if op in (Operation.TOP,) else cities,
                **_carried_slots(query, focus),
                follow_up=True,
                carried=carried,
                confidence=1.0,
                context=context,
                context_words=focus.words,
                analysis=focus.analysis if op is Operation.ANALYTIC else None,
            )
        if (
            not (query.cities or query.metrics or query.dimension or query.level2)
            and focus.metrics
            and _figure_extreme(text.lower()) is not None
            and re.search(r"figure|number|share|value|数据|数值|数字|占比|比例|这个指标|该指标", text.lower())
        ):
            # "ok — among the ten profiled cities, which has the lowest figure?" after a figure: that figure,
            # ordered over every city the report gives it for
            best = _figure_extreme(text.lower())
            return replace(
                query,
                operation=Operation.FACT_MAX,
                metrics=focus.metrics,
                direction=Direction.TOP if best else Direction.BOTTOM,
                direction_stated=True,
                follow_up=True,
                confidence=1.0,
                context=context,
                context_words=focus.words,
            )
        if (
            policy_analysis
            and not (query.cities or query.metrics)
            and query.operation
            in (Operation.FACT_MAX, Operation.TOP, Operation.ANALYTIC, Operation.UNKNOWN, Operation.CLARIFY)
            and _CITY_QUESTION.search(text.lower())
        ):
            # "and which city has the most?" after a count of policies: the policies counted per city
            extreme = "min" if query.direction is Direction.BOTTOM else "max"
            return _as_follow_up(
                query,
                focus,
                context,
                operation=Operation.ANALYTIC,
                analysis=Analysis(kind="policy_count", extra=(("by", "city"), ("extreme", extreme))),
                years=query.years or focus.years,
                topic=query.topic or focus.topic,
            )
        if (
            not query.cities
            and context is Operation.POLICIES
            and focus.cities
            and (
                ref is not None
                or _ONE_OF.search(text.lower())
                # "What about the education one?" after a city's policies: its policy on that topic
                or (
                    query.topic is not None
                    and (
                        focus_rules.is_about(text) or re.search(r"\bone\b|那份|那项|这份|这项", text.lower())
                    )
                )
            )
            and not query.metrics
        ):
            # "which one of those is about the national pilot zone, and when did it come out?" after a city's
            # policies: that city's policy list again, the summary of the one meant shown whole ("Of those two
            # cities…" after one city's policies, then another's: both)
            cities = _plural_cities(focus) if ref == "plural" else focus.cities
            return replace(
                query,
                operation=Operation.POLICIES,
                cities=cities,
                years=query.years or focus.years,
                topic=query.topic or focus.topic,
                analysis=None,
                follow_up=True,
                carried=cities,
                confidence=1.0,
                context=context,
                context_words=focus.words,
            )
        if query.cities and ref and context is Operation.POLICIES and not query.years:
            # "其中武汉那两项分别叫什么？" after "2019年5月出台的政策有哪些城市？": that city's policies of that month
            return replace(
                query,
                operation=Operation.POLICIES,
                years=focus.years,
                months=focus.months,
                topic=query.topic or focus.topic,
                follow_up=True,
                confidence=1.0,
                context=context,
            )
        # the other side: the city just discussed, or (when that is the one named: "so how many times bigger is
        # shanghai's?" after Suzhou's figure, then "And Shanghai?") the one discussed before it
        other_side = next((c for c in reversed(focus.recent) if c not in query.cities), None)
        if (
            len(query.cities) == 1
            and other_side
            and (ref is not None or short or focus.last_city in query.cities)
            and _COMPARED_WITH.search(text.lower())
        ):
            # "How does that compare with Shenzhen's?", "跟深圳比差多少？": the city just discussed against the new one
            # ("which of the two got more, and how does Beijing compare with both?": the two, then the new one)
            sides = (
                tuple(c for c in _plural_cities(focus) if c not in query.cities)
                if ref == "plural"
                else (other_side,)
            )
            return replace(
                query,
                cities=(*sides, *query.cities)
                if focus.last_city not in query.cities
                else (*query.cities, *sides),
                metrics=query.metrics or focus.metrics,
                metric_words=query.metric_words or focus.metric_words,
                dimension=query.dimension or focus.dimension,
                years=query.years or focus.years,
                carried=sides,
                context=context,
                context_words=focus.words,
            )
        lowered = text.lower()
        if (
            len(query.cities) == 1
            and focus.last_city
            and focus.last_city != query.cities[0]
            and (
                _COMPARED_WITH.search(lowered)
                or _AHEAD_OR_BEHIND.search(lowered)
                or re.search(
                    r"(?:和|跟|与|同)[^，,。？?]{1,8}比(?![例重率])", lowered
                )  # "它跟长沙比，…谁更靠前"
            )
            and (
                ref == "singular"
                or focus_rules.SINGULAR.search(lowered)
                or re.search(r"\bthat\b|\bthis\b|这个|那个", lowered)
                # "和北京差了多少分？": a comparison opening with the city it is against has no other subject
                or re.match(r"\s*(?:那|那么|然后)?\s*(?:和|跟|与|同|比)", lowered)
            )
        ):
            # "how many points behind Beijing is that?" after Shenzhen's score: the city in focus against the one
            # named, on the ranking in focus
            return replace(
                query,
                cities=(focus.last_city, query.cities[0]),
                dimension=query.dimension or focus.dimension,
                follow_up=True,
                context=context,
                context_words=focus.words,
            )
        if (
            not mentions.of("city")
            and len(focus.cities) == 2
            and query.dimension is not None
            and _WHICH_OF_TWO.search(text.lower())
            and not _ASKS_LEADER_OF_ALL.search(text.lower())
        ):
            # "南京和成都谁的总排名靠前？知识创造力又是谁强？": the two cities just compared, on the dimension named now
            return _as_follow_up(
                query, focus, context, operation=Operation.COMPARE, cities=focus.cities, carried=focus.cities
            )
        if (
            not mentions.of("city")
            and focus.last_city
            and ref != "plural"
            and re.search(
                r"^(?:那)?(?:它|该市|这座城市|这个城市)|^(?:and |so )?(?:when|how) (?:was|did) (?:it|that city)\b",
                text.lower(),
            )
            and _APPROVED.search(text.lower())
        ):
            # "它是什么时候获批建设国家新一代AI创新发展试验区的？" after Chengdu's rank: the city's approval, in the
            # report's sentences (not the report's method, which the pilot-zone words alone suggest)
            return _on_city_in_focus(query, focus, context, operation=Operation.PASSAGE)
        if (
            focus.operation is Operation.PASSAGE
            and query.operation in (Operation.UNKNOWN, Operation.CLARIFY, Operation.PASSAGE)
            and not mentions.of("city")
            and focus.last_city
            and ref != "plural"
            # ("What does the report base that on?": the grounds of a claim; "它在HPC TOP100上排第几": a place)
            and "evidence" not in query.asked
            and not _ASKS_RANK_OR_SCORE.search(text.lower())
            and not (query.dimension or query.level2 or query.metrics or query.subset)
            and _POINTED_AT.search(text.lower())
            and _other_words(text, self.report.resolver)
            # ("它2020年出过什么AI相关的政策吗？" after a passage: its policy table, which the router is sure of)
            and not (ranked[0][0] == Operation.POLICIES.value and ranked[0][1] >= CONFIDENT)
        ):
            # "Who is building that, and on what hardware?" after Chengdu's computing centre: the report's sentences
            # about what was just found, for that city
            return _on_city_in_focus(query, focus, context, operation=Operation.PASSAGE)
        if (
            query.dimension is None
            and focus.dimension is not None
            and len(query.cities) >= 2
            and not (query.level2 or query.metrics)
            and _SCORE_WORDS.search(text.lower())
            and DIFFERENCE_ASKED.search(text.lower())
        ):
            # "上海比深圳高出几分？" after the environment-support top three's scores: their scores on that ranking
            return replace(query, dimension=focus.dimension, follow_up=True, context_words=focus.words)
        if query.cities or own_scope:
            own = [w for w in query.content_words if not self.report.resolver.try_resolve(w)]
            if (
                query.cities
                and short
                and len(own) <= 2
                and not (query.dimension or query.metrics or query.level2)
            ):
                # "when did Chengdu get approved?" after a question on the pilot zones: its own city, the subject
                # still the conversation's (for the report's sentences, at half weight)
                return replace(query, context_words=focus.words)
            if (
                query.dimension is None
                and focus.dimension is not None
                and (
                    _ON_THAT_RANKING.search(text.lower())
                    # "后面60分以上的还有哪些城市？" after resource support's leader: a score on that ranking
                    or (query.threshold is not None and not (query.level2 or query.metrics or query.cities))
                )
            ):
                # "… and which cities fill out places 7 through 10 there?": on the ranking just discussed
                return replace(query, dimension=focus.dimension, follow_up=True)
            if (ref == "plural" or _THING_REFERENCE.search(text.lower())) and not query.context_words:
                # "它们分别是哪几家公司建的？另外…深圳支持了几个" after Shenzhen's platforms: it names its city, yet
                # points back at what was just asked (the words of the report's sentences, at half weight); "it"
                # beside a named city is that city ("And Suzhou — when was it approved?")
                return replace(query, context_words=focus.words)
            return query
        if (
            query.threshold is not None
            and not query.cities
            and _CITY_QUESTION.search(text.lower())
            and query.operation
            in (Operation.TOP, Operation.RANK, Operation.ANALYTIC, Operation.UNKNOWN, Operation.CLARIFY)
        ):
            # "which cities follow it with 60+ points?" after resource support's leader: "it" is where the list
            # starts (set aside from it by _with_cities_set_aside), the cities over that score on the ranking in
            # focus are what is asked
            after_it = (focus.last_city,) if focus.last_city and _AFTER_IT.search(text.lower()) else ()
            return _as_follow_up(
                query,
                focus,
                context,
                operation=Operation.TOP,
                dimension=query.dimension or focus.dimension,
                cities=after_it,
                carried=after_it,
            )
        if ref == "plural":
            # "哪个更高？" after "深圳GDP多少？" then "上海呢？": both cities, though each turn named one
            carried_cities = _plural_cities(focus)
        elif ref == "singular":
            carried_cities = (focus.last_city,) if focus.last_city else ()
        elif short and context is Operation.POLICIES and self._policy_plan(query, mentions):
            carried_cities = focus.cities  # "最早的是哪项" after "北京列了几项政策"
        elif short and (
            top_label
            not in ("method", "indicators", "recommendations", "help", "top", "analytic", "fact_max")
            # "占全国的比例是多少？" right after a figure, whatever the unsure router makes of it
            or (
                query.operation in (Operation.CLARIFY, Operation.UNKNOWN)
                and bool(focus.metrics)
                and not (query.dimension or query.level2 or query.topic)
                and self._about_figure(query, focus)
            )
        ):
            carried_cities = (
                focus.cities if len(focus.cities) <= 3 else ((focus.last_city,) if focus.last_city else ())
            )
        if (
            query.operation in (Operation.INDICATORS, Operation.UNKNOWN, Operation.CLARIFY)
            and query.metrics
            and {"count", "amount"} & set(query.asked)
            and not query.cities
            and ref is None
            and focus.last_city
            and not re.search(r"指标|维度|衡量|怎么算|indicator|measure|dimension", text.lower())
        ):
            # "另外载体方面有多少园区和孵化器？" after Shenzhen's PE/VC figures: that city's figures, not Table 1
            return _on_city_in_focus(
                query,
                focus,
                context,
                operation=Operation.FACT,
            )
        counted = self._counted_sibling(query, focus)
        if (
            query.operation in (Operation.CLARIFY, Operation.UNKNOWN)
            and not query.cities
            and not mentions.of("city")
            and not (query.metrics or query.dimension or query.level2)
            and {"count", "amount"} & set(query.asked)
            and focus.operation in (Operation.FACT, Operation.PASSAGE)
            and focus.last_city
            and ref is None
            and counted is None  # ("投了多少次？": the count beside the amount, below)
            and not (_COMPARED_WITH.search(text.lower()) or DIFFERENCE_ASKED.search(text.lower()))
            and not re.search(
                r"加起来|合计|总共|一共多少|相加|\bin total\b|\bcombined\b|\btogether\b|\bsum\b", text.lower()
            )
            and _other_words(text, self.report.resolver)
        ):
            # "广东全省一共有几个？" after Guangzhou's provincial AI parks: the number the same sentence gives for
            # what the question names (a province is no city of the sample)
            return _as_follow_up(
                query, focus, context, operation=Operation.PASSAGE, cities=(focus.last_city,), carried=()
            )
        if not carried_cities:
            if (
                ref
                and (focus.level2 or focus.dimension)
                and not (query.level2 or query.dimension)
                and _CITY_QUESTION.search(text.lower())
            ):
                # "Which cities lead on it?" after a question on an indicator: who leads that indicator
                return replace(
                    query,
                    operation=Operation.TOP,
                    level2=focus.level2,
                    dimension=None if focus.level2 else focus.dimension,
                    follow_up=True,
                    context=context,
                    context_words=focus.words,
                )
            # "What share of the national total does that represent?": no city to carry, but what was just
            # discussed is the context of the words
            return replace(query, context_words=focus.words) if ref else query
        if (
            focus.operation is Operation.PASSAGE
            and query.operation in (Operation.PROFILE, Operation.UNKNOWN, Operation.CLARIFY)
            and ref is None
            and not mentions.of("city")
            and carried_cities
            and not (query.dimension or query.level2 or query.metrics)
            and _other_words(text, self.report.resolver)
        ):
            # "ok and the AI 2000 list?" after what the report says of Beijing's institutes: what it says of that
            return _as_follow_up(
                query,
                focus,
                context,
                operation=Operation.PASSAGE,
                cities=tuple(c for c in carried_cities if c),
                carried=tuple(c for c in carried_cities if c),
            )
        if (
            focus.operation in (Operation.PASSAGE, Operation.PROFILE)
            and ref is not None
            and not query.metrics
            and query.dimension in (None, TOTAL)
            and _SHARE_ASKED.search(text.lower())
        ):
            # "and what share of the national total person-times was that?" after a figure the report's sentence
            # gave: the same sentence's share, not a ranking ("total" there is no ranking)
            return _as_follow_up(
                query,
                focus,
                context,
                operation=Operation.PASSAGE,
                dimension=None,
                cities=tuple(c for c in carried_cities if c),
                carried=tuple(c for c in carried_cities if c),
            )
        grown = self._growth_in_focus(query, focus)
        if grown:
            # "how much did that grow compared with 2019?" after a district's AI output: that figure's growth,
            # which the report gives beside it
            return _on_city_in_focus(
                query,
                focus,
                context,
                operation=Operation.FACT,
                metrics=(grown,),
            )
        if counted:
            # "投了多少次？" after Shenzhen's PE/VC investment: the count the report gives beside that amount
            return _on_city_in_focus(
                query,
                focus,
                context,
                operation=Operation.FACT,
                metrics=(counted,),
            )
        # the figure in focus goes on: asked about again ("fact" reading), compared ("哪个更高"), or asked a
        # side of ("占全国多少比例？" right after a figure)
        same_figure = (
            top_label in ("fact", FOLLOW_UP)
            or ref == "plural"
            or (
                (
                    focus.operation is Operation.FACT
                    # "一共几所？" after "上海有哪些大学开设了人工智能专业？" (answered by the report's sentence)
                    or (focus.operation is Operation.PASSAGE and {"count", "amount"} & set(query.asked))
                )
                and (short or ref is not None)
                # ("What share of the national total is that?": "total" there is no ranking)
                and not ((query.dimension is not None and query.dimension is not TOTAL) or query.topic)
                and self._about_figure(query, focus)
            )
        )
        that_dimension = _THAT_DIMENSION.search(text.lower()) is not None
        asks_standing = (
            (ref is not None or _EACH.search(text.lower()) is not None)
            and not query.metrics
            and _ASKS_RANK_OR_SCORE.search(text.lower()) is not None
        )
        unsure = query.operation in (Operation.CLARIFY, Operation.UNKNOWN)
        # "两者差多少？" after two cities' scores on one dimension: compared on that dimension
        compared_in_focus = ref == "plural" and _COMPARED_WITH.search(text.lower()) is not None
        counted = self._columns_counted_of(query, mentions, carried_cities) if ref == "singular" else None
        if counted is not None:
            # "and in how many of the four dimensions is it also dead last?" after the last city: its own columns
            # holding that place, counted
            return _as_follow_up(
                query,
                focus,
                context,
                operation=Operation.ANALYTIC,
                analysis=counted,
                cities=tuple(c for c in carried_cities if c),
                carried=tuple(c for c in carried_cities if c),
            )
        return replace(
            query,
            operation=Operation.RANK if asks_standing and unsure else query.operation,
            follow_up=query.follow_up or (asks_standing and unsure),
            cities=tuple(c for c in carried_cities if c),
            dimension=query.dimension
            or (focus.dimension if that_dimension or asks_standing or compared_in_focus else None),
            # ("它们各排第几？" after a gap on industry coverage: their places on that indicator)
            level2=query.level2
            or (focus.level2 if asks_standing and not query.dimension and not query.topic else None),
            metrics=query.metrics or (focus.metrics if same_figure else ()),
            metric_words=query.metric_words or (focus.metric_words if same_figure else ()),
            carried=tuple(c for c in carried_cities if c),
            context=context,
            context_words=focus.words,
        )

    def _columns_counted_of(self, query: Query, mentions: Mentions, cities: tuple) -> Analysis | None:
        """The plan counting a city's own columns that meet a bound ("in how many of the four dimensions is it
        last?"), planned for the city carried over; None when the question counts no columns of it."""
        named = tuple(c for c in cities if c)
        if len(named) != 1 or not _COLUMNS_COUNTED.search(query.text.lower()):
            return None
        # (planned as if the question named the city where it says "it")
        name = named[0] if has_cjk(query.text) else self.report.english_names.get(named[0], named[0])
        text = re.sub(r"\b(?:it|that city)\b|它", name, query.text, count=1, flags=re.IGNORECASE)
        plan = self._analysis(replace(query, text=text, cities=named), self.vocabulary.find(text))
        if plan is None or plan.kind != "rank_filter" or plan.param("scope") != "named":
            return None
        return plan

    def _names_a_ranking(self, piece: str) -> bool:
        """'资源支持力呢？' names a ranking of its own (the same computation on it is a second part); 'and by how
        much?' names nothing."""
        found = self.vocabulary.find(piece)
        return bool(found.dimensions or found.of("level2"))

    @staticmethod
    def _same_gap_again(query: Query, focus: Focus, text: str) -> bool:
        """A gap between two cities just computed, and a question naming two cities that asks nothing else of
        its own: 'And Shenzhen vs Shanghai?', '深圳和上海之间又差多少？', '那深圳和上海呢？'."""
        if focus.analysis is None or focus.analysis.kind not in _TWO_CITY_GAPS or len(query.cities) != 2:
            return False
        if set(query.cities) == set(focus.cities[-2:]) or (query.metrics and query.metrics != focus.metrics):
            return False
        lowered = text.lower()
        return (
            bool(focus_rules.is_about(text) or _AGAIN.search(lowered) or _COMPARED_WITH.search(lowered))
            and len(_own_words(text)) <= 4
        )

    def _names_asked(self, query: Query) -> bool:
        """'成都有哪些高校开设了人工智能专业？', 'Which Beijing firms are unicorns?': which ones are asked of a city, and
        every figure named is a count (所, 家, 个 …), which cannot name them."""
        if "which" not in query.asked or "count" in query.asked or not query.cities or not query.metrics:
            return False
        if _CITY_QUESTION.search(query.text.lower()):
            return False  # "哪些城市…": the cities are the names asked for
        if len(query.cities) >= 2 and _WHICH_OF_NAMED.search(query.text.lower()):
            return False  # "Which has more AI companies, Chengdu or Suzhou?": one of the named cities is asked for
        facts = self.report.facts
        units = set(facts.loc[facts["metric"].isin(query.metrics), "unit"])
        return bool(units) and units <= _COUNT_UNITS

    def _finish(self, query: Query, mentions: Mentions, ranked) -> Query:
        """Resolve what the operation needs from the tables: the city at a position, the analysis plan."""
        query = _with_cities_set_aside(query, mentions)
        if (
            query.operation is Operation.EXPLAIN
            and len(query.cities) == 1
            and query.dimension is not None
            and query.dimension is not TOTAL
            and any(c.kind == "rank" and c.column == query.dimension.column for c in query.claims)
            and (
                any(m.key == TOTAL.key for m in mentions.of("dimension"))
                # "Why is Chongqing 5th in environmental support yet only 13th overall?"
                or (
                    re.search(r"\boverall\b|总排名|总榜|整体排名|总体排名", query.text.lower())
                    and re.search(r"\byet\b|\bbut\b|\bonly\b|却|但|只", query.text.lower())
                )
            )
        ):
            # "Qingdao's resource support is only 14th, so what keeps it in the overall top 10?": the stated rank is
            # the premise; its overall place is what is explained
            query = replace(query, dimension=None)
        if (
            query.operation in (Operation.CLARIFY, Operation.UNKNOWN, Operation.PASSAGE)
            and not query.cities
            and _WEIGHT_ASKED.search(query.text.lower())
        ):
            # "What weight does the knowledge creation dimension carry, as a percentage?": the method, which
            # says the weights follow each indicator's importance and prints no values
            query = replace(query, operation=Operation.METHOD)
        if (
            query.operation is Operation.PROFILE
            and len(set(query.cities)) == 1
            and query.metrics
            and any(
                0 <= m.start - c.end <= 4
                and re.fullmatch(r"\s*(?:'s|’s|的)?\s*", query.text[c.end : m.start].lower())
                for c in mentions.of("city")
                for m in mentions.of(METRIC)
            )
        ):
            # "Tell me about Suzhou's AI industry scale.": that figure of the city, not its whole profile
            query = replace(query, operation=Operation.FACT)
        if (
            query.operation is Operation.INDICATORS
            and query.metrics
            and not query.level2  # (a second-level indicator named: its leaders, read below)
            and not query.cities
            and _CITY_QUESTION.search(query.text.lower())
            and not _MEASURED_BY.search(query.text.lower())
        ):
            # "Which cities lead on R&D input under the environment-support sub-indicators?": the indicator names
            # where to look; the cities are what is asked (the figure's leaders, with chapter two's sentence)
            query = replace(query, operation=Operation.FACT_MAX)
        if (
            query.operation is Operation.POLICIES
            and query.cities
            and not query.set_aside
            and _ASKS_OTHER_CITY.search(query.text.lower())
            # ("青岛另外还有哪些AI相关政策": its other policies, listed)
            and not _OTHER_POLICIES.search(query.text.lower())
        ):
            # "which other city shares that pilot zone with it?" of Qingdao: a city named in the report's sentences
            # about it ("济南-青岛人工智能创新应用先导区"), not its policy list
            query = replace(query, operation=Operation.PASSAGE)
        places = _places_named(query.text)
        if not query.cities and len(places) >= 2:
            # "第一名比第三名高出多少分？": the cities at those places on the dimension asked (or in focus)
            at = [self._city_at(p, query.dimension) for p in places]
            if all(at):
                query = replace(query, cities=tuple(dict.fromkeys(c for c in at if c)))
        joined = _PLACES_JOINED.search(query.text)
        if (
            joined
            and not query.cities
            and not query.follow_up
            and (
                query.operation is Operation.TOP
                # ("总榜第二和第三分别是谁？": unsure with the places in words, the cities at them are asked)
                or (
                    query.operation in (Operation.CLARIFY, Operation.UNKNOWN, Operation.PASSAGE)
                    and re.search(r"谁|哪|\bwh(?:o|ich)\b", query.text.lower())
                )
            )
        ):
            # "发展成效排第7和第8的分别是哪个城市": the cities at the two places said together, each with its place
            at = [self._city_at(chinese_number(p) or 0, query.dimension) for p in joined.groups()]
            if all(at):
                query = replace(
                    query,
                    operation=Operation.RANK,
                    cities=tuple(dict.fromkeys(c for c in at if c)),
                    position=None,
                    rank_range=None,
                )
        if query.follow_up and query.dimension is not None and not mentions.dimensions and query.claims:
            # "…, and how far is Shanghai ahead of Shenzhen?" on the environment-support scores just discussed: a
            # stated order is on that ranking, not the overall one
            query = replace(
                query,
                claims=tuple(
                    replace(c, column=query.dimension.column) if c.column == TOTAL.column else c
                    for c in query.claims
                ),
            )
        lowered = query.text.lower()
        if (
            len(query.cities) == 1
            and len(places) == 1
            and _SCORE_WORDS.search(lowered)
            and DIFFERENCE_ASKED.search(lowered)
        ):
            # "北京总分98.72，比第二名高二十多分对吧？", "北京比第二名高多少分": the lead over the city at that place
            ranking = query.dimension or TOTAL
            other = self._city_at(places[0], ranking)
            if other and other != query.cities[0]:
                query = replace(
                    query,
                    operation=Operation.ANALYTIC,
                    cities=(query.cities[0], other),
                    analysis=Analysis(kind="score_gap", columns=(ranking.column,)),
                )
        op = query.operation
        stated = {c.column for c in query.claims if c.kind == "rank"}
        if query.dimension is not None and query.dimension.column in stated:
            # "既然北京知识创造力最强，那它的发展成效排第几？": the dimension of a premise is not the one asked about
            others = [d for d in mentions.dimensions if d is not TOTAL and d.column not in stated]
            if others:
                query = replace(query, dimension=others[0])
            elif (
                query.metrics
                and query.cities
                and op in (Operation.CITY_DIMENSION, Operation.RANK, Operation.PROFILE)
                and not _WHY.search(query.text.lower())
            ):
                # "Guangzhou is 4th overall but its industry coverage looks weak — what's the figure?": the place
                # is the premise, the figure named is what is asked
                query = replace(query, dimension=None, operation=Operation.FACT)
                op = Operation.FACT
        ranked_figures = self._rank_metrics(query.metrics) if query.metrics and query.cities else ()
        if ranked_figures and _ASKS_RANK.search(query.text.lower()) and not mentions.dimensions:
            # "广州GDP在样本城市里排第几？", "在样本城市里排第几？" after a figure: the place the report gives that
            # figure (GDP's place among the sample cities), not the city's place on the index
            # (the figure itself stays beside its place: "那南京呢，两项都说下" asks both again)
            metrics = tuple(dict.fromkeys((*query.metrics, *ranked_figures)))
            query = replace(query, operation=Operation.FACT, metrics=metrics, dimension=None)
            op = Operation.FACT
        if (
            query.metrics
            and query.cities
            and op
            in (
                Operation.PASSAGE,
                Operation.CLARIFY,
                Operation.UNKNOWN,
                Operation.METHOD,  # "And where does that put it among the sample cities?" after a figure
            )
        ):
            # a figure the tables hold, named for a city: the table answers, the coverage check adds prose; an unsure
            # reading that asks the city's place on rankings it names ("where does Wuhan land overall, and how does
            # it rank on resource support?", a figure word in the preamble) is that place
            ranks_named = (
                op in (Operation.CLARIFY, Operation.UNKNOWN)
                and bool(mentions.dimensions)
                and _ASKS_RANK.search(query.text.lower()) is not None
                and ranked[0][0] in (Operation.RANK.value, Operation.CITY_DIMENSION.value)
            )
            op = Operation.RANK if ranks_named else Operation.FACT
            query = replace(query, operation=op)
        if (
            op in (Operation.RANK, Operation.INDICATORS)
            and query.cities
            and not query.metrics
            and not _ASKS_RANK_OR_SCORE.search(query.text.lower())
            and not _COMPARED_WITH.search(query.text.lower())
            and {"amount", "count", "time"} & set(query.asked)
        ):
            # "那它研发环境方面的补助标准是多少？": a figure in the report's prose, not a rank
            query = replace(query, operation=Operation.PASSAGE)
            op = Operation.PASSAGE
        if (
            op is Operation.EXPLAIN
            and query.cities
            and query.dimension is None
            and re.search(EVENT_WORDS, query.text.lower())
            # ("成都为什么没能获批…？" states the event did not happen: its correction stays with the explanation)
            and not re.search(r"没能|没有|未能|未|没|\bnot\b|n't\b|\bnever\b|\bfail", query.text.lower())
            and not _ASKS_RANK_OR_SCORE.search(query.text.lower())
            and not any(c.kind in ("rank", "top", "not_top", "order") for c in query.claims)
        ):
            # "成都为什么在2020年获批试验区？": why an event happened is in the report's sentences, not its ranking
            op = Operation.PASSAGE
            query = replace(query, operation=op)
        if (
            op is Operation.PROFILE
            and query.cities
            and (_SPECIFIC_ASK.search(query.text.lower()) or _ASKS_DOCUMENT.search(query.text.lower()))
        ):
            if query.dimension is not None and _ASKS_RANK.search(query.text.lower()):
                # "Nanjing's rank on development outcomes specifically?": the place asked, on that ranking
                op = Operation.CITY_DIMENSION if query.dimension is not TOTAL else Operation.RANK
            else:
                # "Wuhan's profile is titled around strong landing support. What concrete incentives does it
                # offer?": the particulars the report's sentences give, not the city's overview
                op = Operation.PASSAGE
            query = replace(query, operation=op)
        if (
            query.metrics
            and query.cities
            and op is Operation.RANK
            and query.follow_up
            and not _ASKS_RANK.search(query.text.lower())
        ):
            # "And what's that city's industry coverage figure?" after a rank: the figure, not the rank again
            query = replace(query, operation=Operation.FACT, dimension=None)
            op = Operation.FACT
        if (
            op is Operation.RANK
            and query.metrics
            and query.cities
            and query.dimension is not None
            and {"amount", "count"} & set(query.asked)
        ):
            # "成都和杭州的总排名和GDP分别是多少？": the figure asked, with the ranking named beside it
            query = replace(query, operation=Operation.FACT)
            op = Operation.FACT
        if (
            op is Operation.RANK
            and query.metrics
            and len(query.cities) >= 2
            and _ORDER_THEM.search(query.text.lower())
        ):
            # "how much PE/VC money went into AI in Hangzhou, Suzhou and Chengdu? Rank them.": the figures, ordered
            query = replace(query, operation=Operation.FACT)
            op = Operation.FACT
        if op is Operation.FACT_MAX and query.cities and query.metrics and "same" in query.asked:
            # "What is Beijing's industry coverage, and which city has the same figure?": the city's figure and the
            # cities the report gives the same figure for
            query = replace(query, operation=Operation.FACT)
            op = Operation.FACT
        if op is Operation.FACT and self._thing_not_figure(query):
            # "成都那个E级算力的人工智能平台是基于什么建的？": a figure's word inside the name of a thing, asked what
            # it is built on, is a question for the report's sentences about the thing
            query = replace(query, operation=Operation.PASSAGE)
            op = Operation.PASSAGE
        if op is Operation.FACT and self._names_asked(query):
            # "那成都有哪些高校开设了人工智能专业？": the names behind a counted figure, which only the report's
            # sentences give
            query = replace(query, operation=Operation.PASSAGE)
            op = Operation.PASSAGE
        if (
            op is Operation.CLARIFY
            and query.dimension is not None
            and not (query.metrics or query.level2 or query.topic or query.claims)
        ):
            # unsure, yet the question names a ranking and nothing else to ask of it: "where's shenyang on the
            # resource support pillar lol" is the city's place on it; "Top 3 on environment support, with their
            # scores?" the head of it
            if len(query.cities) == 1:
                op = Operation.RANK
            elif not query.cities and (query.n or query.direction_stated or query.rank_range):
                op = Operation.TOP
            query = replace(query, operation=op)
        if (
            op in (Operation.CLARIFY, Operation.UNKNOWN, Operation.PASSAGE, Operation.EXPLAIN, Operation.RANK)
            and query.position
            and query.cities
            and _CITY_QUESTION.search(query.text.lower())
            and all(self._said_after_ahead(query.text, c) for c in query.cities)
        ):
            # "Which city has the second-most industry associations, after Shenzhen?", "second-highest overall
            # score after Beijing": the city said is the one ahead; the place asked is what is asked
            op = Operation.CLARIFY if query.level2 and query.dimension is None else Operation.RANK
            query = replace(query, cities=(), set_aside=query.cities, operation=op)
        if (
            op
            in (
                Operation.CLARIFY,
                Operation.UNKNOWN,
                Operation.PASSAGE,
                Operation.POLICIES,
                Operation.INDICATORS,
                Operation.TOP,
            )
            and query.level2
            and not (query.cities or query.metrics or query.subset or query.topic or query.years)
            and (
                query.direction_stated or query.n or query.position or _STANDS_OUT.search(query.text.lower())
            )
            and (
                _CITY_QUESTION.search(query.text.lower())
                or re.search(
                    r"城市(?:有|是)(?:哪些|哪几个|谁)|哪些城市|哪几个城市|"
                    r"(?:领先|突出|较高|最高|靠前|较多|最多)的(?:又)?是(?:哪些|哪几个|谁)",
                    query.text,
                )
            )
        ):
            # "Which cities rank highest on organisational environment?", "组织环境排名前三的城市有哪些": the
            # cities the report places at the head of that second-level indicator
            op = Operation.TOP
            query = replace(query, operation=op)
        if (
            op in (Operation.CLARIFY, Operation.UNKNOWN, Operation.PASSAGE)
            and not (query.cities or query.metrics or query.topic or query.subset)
            and _INDICATOR_LEVELS.search(query.text.lower())
            and not _CITY_QUESTION.search(query.text.lower())
        ):
            # "The index has five first-level dimensions, right? Can you name them?": the indicator system (which
            # gives the count the question states)
            op = Operation.INDICATORS
            query = replace(query, operation=op)
        if (
            op in (Operation.CLARIFY, Operation.UNKNOWN, Operation.PASSAGE)
            and len(query.cities) == 1
            and not (query.metrics or query.level2 or query.topic)
            and _STRENGTH_WORDS.search(query.text.lower())
        ):
            # "What's Hangzhou's edge according to the report?": its strengths, as the report explains them
            op = Operation.EXPLAIN
            query = replace(query, operation=op)
        if op is Operation.CITY_DIMENSION and len(query.cities) >= 2:
            # "whose industry coverage figure is higher, Shenzhen or Wuhan, and what are the two percentages?": a
            # figure for each named city side by side; a place asked for each is each city's look-up
            op = (
                Operation.FACT
                if query.metrics and not _ASKS_RANK.search(query.text.lower())
                else Operation.RANK
            )
            query = replace(query, operation=op)
        if (
            op in (Operation.CLARIFY, Operation.UNKNOWN, Operation.PASSAGE)
            and len(query.cities) == 1
            and not (query.metrics or query.level2 or query.topic)
            and not any(c.kind != "sample_size" for c in query.claims)
            and _WHERE_PLACED.search(query.text.lower())
        ):
            # "Where did Shenyang end up on AI resource support?", "沈阳最后落在哪个位置": the city's place on the
            # ranking named (overall unless one is), not a location in the report's prose
            op = Operation.CITY_DIMENSION if query.dimension is not None else Operation.RANK
            query = replace(query, operation=op)
        if (
            op in (Operation.CLARIFY, Operation.UNKNOWN, Operation.PASSAGE)
            and query.rank_range
            and not (query.cities or query.metrics or query.level2 or query.topic or query.claims)
            # ("how big is the gap between first and third?": two places compared, not a stretch listed)
            and not re.search(
                r"\bgap\b|differ|相差|差距|差了|差多少|高多少|低多少|\bvs\b|versus", query.text.lower()
            )
        ):
            # "排名第11到第15的城市分别是谁？", "who's ranked 6 to 10?": a range of places with nothing else asked of
            # it is that stretch of the ranking (overall unless one is named)
            op = Operation.TOP
            query = replace(query, operation=op)
        if (
            op in (Operation.CLARIFY, Operation.UNKNOWN)
            and query.metrics
            and not query.cities
            and _CITY_QUESTION.search(query.text.lower())
        ):
            # "十强城市的产业覆盖度中，有哪些城市数值相同？": a figure asked across cities is its table across them
            op = Operation.FACT_MAX
            query = replace(query, operation=op)
        if op is Operation.CLARIFY and len(query.cities) >= 2 and not query.metrics and not query.claims:
            # two or more named cities and no clear reading: set them side by side (the answer any reading needs)
            op = Operation.COMPARE
            query = replace(query, operation=op)
        if op is Operation.COMPARE and query.metrics and query.dimension is None and len(query.cities) >= 2:
            # "How did PE/VC investment compare across Beijing, Shanghai and Shenzhen?": the figures side by side
            op = Operation.FACT
            query = replace(query, operation=op)
        if (
            op is Operation.INDICATORS
            and query.level2
            and not query.cities
            and _LEADING_CITIES.search(query.text.lower())
        ):
            # "For the organizational-environment sub-indicator, which cities come out on top?", "产业覆盖度分值比较高的
            # 是哪几个城市": the cities the report names as leading that indicator, not the indicator's definition
            op = Operation.TOP
            query = replace(query, operation=op, dimension=None)
        if (
            op is Operation.INDICATORS
            and len(query.cities) == 1
            and re.search(
                r"靠后|最弱|最差|最低|短板|弱项|拖后腿|落后|靠前|最强|最好|强项|\bweakest\b|\bworst\b|\blowest\b|\blags?\b|"
                r"\bstrongest\b|\bbest\b|\bhighest\b",
                query.text.lower(),
            )
        ):
            # "深圳哪个二级指标排得特别靠后？": the city's weak (or strong) spots, one level down, not the indicator system
            op = Operation.EXPLAIN
            query = replace(query, operation=op)
        if (
            op is Operation.INDICATORS
            and query.cities
            and (query.follow_up or query.carried or _POSSESSIVE.search(query.text.lower()))
        ):
            # "And what about its four first-level dimensions?", "苏州的二级指标排名": a city's ranks on the indicators,
            # not the indicator system
            op = Operation.CITY_DIMENSION if query.dimension is not None else Operation.RANK
            query = replace(query, operation=op)
        if (
            query.level2
            and query.cities
            and op in (Operation.PASSAGE, Operation.CLARIFY, Operation.UNKNOWN)
            and _ASKS_RANK.search(query.text.lower())
        ):
            # "And how does it rank on the knowledge-reserve sub-indicator?": a city's standing on a second-level
            # indicator is a look-up (its composer also quotes the report's paragraph)
            op = Operation.CITY_DIMENSION
            query = replace(query, operation=op)
        held = None if query.set_aside else self._position_asked_of(query)
        if held is not None:
            # "Is it also dead last on resource support?", "它在资源支持力上也是倒数第一吗？": whether the city in
            # question holds that place — its look-up, with the place checked as a stated rank
            op = Operation.RANK
            query = replace(query, operation=op, claims=tuple(dict.fromkeys((*query.claims, held))))
        restated = op is Operation.RANK and _EXPLAIN_ASK.search(query.text.lower()) is not None
        ranked_claims = [
            c
            for c in query.claims
            if c.kind in ("rank", "top", "not_top", "order", "score")
            and not c.column.startswith(METRIC_COLUMN)
        ]
        if ranked_claims and query.metrics and {"count", "amount"} & set(query.asked):
            # "苏州作为省会城市能排第六挺厉害的，它2020年GDP多少？": the figure is asked; the premise is checked first
            op = Operation.FACT
            query = replace(query, operation=op)
        elif ranked_claims and (op in (Operation.PASSAGE, Operation.CLARIFY, Operation.UNKNOWN) or restated):
            # (a rank the question states itself, then "报告认为…优势在哪": the look-up is not what is asked)
            # "重庆排第三对吗" / "Is Nanjing in the top 5?": the look-up that settles the claim answers it; a stated
            # rank with an explanation among the likeliest readings ("广州发展成效只排第五，是哪个二级指标拉低了")
            # asks for the explanation
            explains = any(label == "explain" and p >= 0.2 for label, p in ranked[:3]) or bool(
                _EXPLAIN_ASK.search(query.text.lower())
            )
            op = Operation.EXPLAIN if explains else Operation.RANK
            query = replace(query, operation=op, cities=query.cities or (ranked_claims[0].city,))
        if (
            op is Operation.EXPLAIN
            and len(query.cities) >= 2
            and not query.carried
            and _STRENGTHS_WEAKNESSES.search(query.text.lower())
            and not _WHY_LIKE.search(query.text.lower())
        ):
            # "南京和天津总排名挨着，两者各自强在哪些指标？": each city's strengths side by side, not one city's ranking
            op = Operation.COMPARE
            query = replace(query, operation=op)
        if (
            op is Operation.COMPARE
            and len(query.cities) >= 2
            and not query.carried
            and _WHY.search(query.text.lower())
            and _STANDS_OUT.search(query.text.lower())
            and not _COMPARATIVE_ASK.search(query.text.lower())
        ):
            # "为什么说合肥和西安的知识创造力比较突出？": why the report singles them out (its sentence naming them),
            # not which of the two is ahead
            op = Operation.EXPLAIN
            query = replace(query, operation=op)
        stated_each = {c.city for c in query.claims if c.kind == "rank"}
        if (
            (
                op is Operation.EXPLAIN
                or (op in (Operation.TOP, Operation.CLARIFY, Operation.UNKNOWN) and len(stated_each) >= 2)
            )
            and len(query.cities) >= 2
            and _ASKS_RANK.search(query.text.lower())
            and not (
                _WHY_LIKE.search(query.text.lower())
                or _EXPLAIN_ASK.search(query.text.lower())
                or _STRENGTHS_WEAKNESSES.search(query.text.lower())
            )
        ):
            # "Beijing is 1st and Shanghai 2nd overall — what are their knowledge creation ranks?": the ranks of
            # the cities asked (their stated places checked first), not why one of them holds its place
            op = Operation.RANK
            query = replace(query, operation=op)
        if (
            not query.cities
            and not (query.level2 and query.dimension is None)
            and query.position
            and op
            in (
                Operation.RANK,
                Operation.TOP,
                Operation.EXPLAIN,
                Operation.PROFILE,
                Operation.CITY_DIMENSION,
            )
            and not query.subset
            and len(_places_listed(query.text)) < 2  # ("第四第五呢？": a stretch of the list, not one city)
        ):
            city = self._city_at(query.position, query.dimension)
            # ("除了北京，总榜第一名是谁？": the place held by a city set aside is first among the others; "the
            # second-highest after Beijing" is the city at that place)
            if city and city not in query.set_aside:
                query = replace(
                    query, cities=(city,), operation=Operation.RANK if op is Operation.TOP else op
                )
        others = _OTHER_DIMENSIONS.search(query.text.lower())
        if others and query.dimension is not None and query.dimension is not TOTAL:
            # "其他三个维度的第一名呢？" after a question on one dimension: the same question on the other three
            rest = tuple(c for c in FOUR_COLUMNS if c != query.dimension.column)
            own = mentions.cities
            other_plan = self._analysis(replace(query, cities=own), mentions, columns=rest)
            if other_plan is not None:
                return replace(
                    query,
                    operation=Operation.ANALYTIC,
                    analysis=other_plan,
                    cities=own,
                    dimension=None,
                    carried=(),
                )
        intro = _SELF_INTRO.search(query.text.lower())
        if (
            intro
            and query.cities
            and all(m.end <= intro.end() for m in mentions.of("city"))
            and _CITY_QUESTION.search(query.text.lower()[intro.end() :])
        ):
            # "I work for Chongqing's commission. Which cities outside the top 10 …?": the city introduces the
            # asker; the cities are what is asked
            query = replace(query, cities=(), claims=(), carried=())
            mentions = Mentions(tuple(m for m in mentions.items if m.kind != "city"))
            if op in (Operation.EXPLAIN, Operation.PROFILE, Operation.RANK, Operation.CITY_DIMENSION):
                op = Operation.ANALYTIC
                query = replace(query, operation=op)
        analysis = self._analysis(query, mentions)
        clauses = re.split(r"[，,;；:：—]", query.text.lower().rstrip("?？!！。. "))
        last_clause = clauses[-1]
        stated_before = len(clauses) >= 2 and re.search(
            r"前[十五三\d]|top[ -]?(?:\d+|ten|five|three)|试验区|pilot|省会|capital|计划单列|separately",
            " ".join(clauses[:-1]),
        )
        if (
            len(query.cities) >= 2
            and (query.claims or stated_before)
            and _COMPARE_ASKED.search(last_clause)
            and not self.vocabulary.find(last_clause).cities
        ):
            # "南京和青岛都进了前十但都不是试验区城市，它们的四个分项排名对比一下？": the clauses before the last state
            # premises (checked as claims); what is asked is the side-by-side of the cities named
            analysis = None
            op = Operation.COMPARE
            query = replace(query, operation=op, subset=None)
        if (
            query.follow_up
            and query.analysis is not None
            and query.analysis.kind in _TWO_CITY_GAPS
            and analysis is not None
            and analysis.kind in _TWO_CITY_GAPS
            and not (query.metrics and not query.analysis.kind == "fact_difference")
            and not _ASKS_RANK_OR_SCORE.search(query.text.lower())
        ):
            # "深圳和上海之间又差多少？" after a score gap: the same gap, which its own words do not restate (read
            # alone, a gap between two cities defaults to places)
            analysis = query.analysis
        if (
            analysis is not None
            and analysis.kind == "leaders"
            and len(set(query.cities)) == 2
            and analysis.param("scope") in (None, "all")
        ):
            # "Wuhan vs Chengdu: … where does Wuhan lead?": who leads where between the two named, not the sample's
            # leaders
            analysis = None
            op = Operation.COMPARE
            query = replace(query, operation=op)
        if (
            analysis is not None
            and analysis.kind == "extreme"
            and analysis.param("scope") == "named"
            and len(set(query.cities)) >= 2
            and _STRENGTHS_WEAKNESSES.search(query.text.lower())
        ):
            # "Tianjin vs Chongqing — which is higher overall, and where does each of them shine?": which is higher
            # and each one's strong points are both in their side-by-side comparison
            analysis = None
            op = Operation.COMPARE
            query = replace(query, operation=op)
        if analysis is None and any(c.kind == "rank" for c in query.claims):
            # "南京知识创造力第6，发展成效却掉到第15，中间差了几名？": the places are stated; what is asked is read
            # without them (the gap between the two columns)
            bare = _STATED_PLACE.sub("", query.text)
            if bare != query.text:
                analysis = self._analysis(replace(query, text=bare, position=None), mentions)
        if (
            analysis is not None
            and analysis.kind == "own_extreme"
            and op is Operation.EXPLAIN
            and _WHY.search(query.text.lower())
        ):
            # "北京为啥能排第一？…有没有哪个维度没拿第一？": the explanation lists what lifts and what holds it back
            analysis = None
        if (
            analysis is not None
            and analysis.kind in ("rank_filter", "column_order")
            and str(analysis.param("scope") or "").startswith("named")
            and len(query.cities) == 1
            and (_WHY.search(query.text.lower()) or _CARRIED_BY.search(query.text.lower()))
        ):
            # "我们天津资源支持力排第六，为什么总排名没进前十？", "…那它主要靠哪些维度撑进前六的？": why a named city
            # misses (or makes) a bound is the
            # explanation of its rank, not a check of the bound
            analysis = None
            op = Operation.EXPLAIN
            query = replace(query, operation=op, dimension=self._dimension_asked_why(query.text, mentions))
        if (
            analysis is not None
            and analysis.kind in _TWO_CITY_GAPS
            and _SENTENCE_PREMISE.match(query.text.lower())
            and (asked_after := self._asked_after_premise(query, mentions)) is not None
        ):
            # "Shanghai had a bigger GDP than Shenzhen yet ranks below it overall. By how much did its GDP exceed
            # Shenzhen's?": the gap asked is the one after the statement
            analysis = asked_after
        if (
            analysis is not None
            and analysis.kind == "rank_filter"
            and str(analysis.param("scope") or "").startswith("named")
            and _opening_premise(query.text.lower()) is not None
        ):
            # "深圳四个一级指标都在前三，那它有没有哪个二级指标拖后腿？": the bound is stated, not asked to be
            # checked; what is asked is the question after it (here the city's weakest second-level indicator;
            # with no computation of its own, the city's explanation)
            analysis = self._asked_after_premise(query, mentions)
            if analysis is None and op is Operation.ANALYTIC:
                op = Operation.EXPLAIN
                query = replace(query, operation=op)
        if analysis is not None and analysis.kind == "own_extreme" and query.claims:
            # "西安的知识创造力和发展成效都是第7，为啥总排名才第12？短板在哪": ranks stated in the question are its
            # premises; the weak spot is sought among the dimensions it did not settle
            stated = {c.column for c in query.claims if c.kind == "rank"} | {TOTAL.column}
            left = tuple(c for c in analysis.columns if c not in stated)
            analysis = replace(analysis, columns=left if len(left) >= 2 else FOUR_COLUMNS)
        if (
            analysis is not None
            and analysis.kind == "own_extreme"
            and query.dimension is not None
            and not mentions.of("dimension")
            and not query.level2
            and _FIRST_LEVEL_ASKED.search(query.text.lower())
        ):
            # "那它哪个维度最好？" after its resource-support rank: its best of the four dimensions, not the best
            # second-level indicator of the dimension in focus
            query = replace(query, dimension=None)
            analysis = self._analysis(query, mentions) or analysis
        if analysis is None and op is Operation.ANALYTIC and query.follow_up and query.analysis is not None:
            # "那广州呢？" after an analysis: the same computation for the new city; "环境支撑力呢？" after "谁总排名
            # 靠前": the same computation on the dimension now named
            analysis = query.analysis
            named = tuple(dict.fromkeys(dimension(m.key).column for m in mentions.of("dimension")))
            if named and analysis.kind in ("rank_difference", "extreme", "neighbours"):
                analysis = replace(
                    analysis, columns=named[:1] if analysis.kind != "rank_difference" else named
                )
        if (
            analysis is not None
            and len(query.cities) == 1
            and analysis.kind in ("rank_filter", "extreme", "leaders", "imbalance")
            and analysis.param("scope") not in ("named", None)
            and (
                any(label == "explain" and p >= 0.3 for label, p in ranked[:2])
                or _WHY_LIKE.search(query.text.lower())
            )
        ):
            # "天津也是试验区城市，怎么连前十都没进？从四个维度看问题出在哪？": Tianjin's ranking explained
            analysis = None
            op = Operation.EXPLAIN
            query = replace(query, operation=op)
        if (
            query.context is Operation.POLICIES
            and analysis is not None
            and analysis.kind.startswith("policy")
        ):
            return replace(query, operation=Operation.ANALYTIC, analysis=analysis)
        own_plan = analysis is not None and (
            analysis.kind == "own_extreme"
            or (analysis.kind in ("column_gap", "imbalance") and analysis.param("scope") == "named")
            # "Is Beijing first on every first-level indicator?": a named city checked against a rule
            or (analysis.kind == "rank_filter" and str(analysis.param("scope") or "").startswith("named"))
        )
        # a computation no other reading performs: an average over ranks, a city's neighbours in a ranking
        only_plan = analysis is not None and (
            analysis.kind in ("average", "neighbours", "score_gap", "score_total", "fact_total")
            # "Among the ten profiled cities, which had 2020 GDP under 1.5 trillion?": a bound on a stated figure
            or (analysis.kind == "fact_filter" and not query.cities)
            or (
                analysis.kind == "fact_difference"
                and (len(query.cities) >= 2 or analysis.param("national") == "1")
            )
            # "那成都呢？两个差几名？": the gap between the two cities' places, not their two look-ups
            or (
                analysis.kind == "rank_difference"
                and len(query.cities) >= 2
                and _COMPARED_WITH.search(query.text.lower()) is not None
            )
        )
        # a computation over the policy tables asked in so many words ("the most recent Shenzhen AI policy, and why
        # is it notable?"): the policy reading, whatever else the question asks
        policy_plan = (
            analysis is not None
            and analysis.kind in ("policy_extreme", "policy_count", "policy_same_month", "policy_issuer")
            and re.search(r"政策|措施|方案|\bpolic(?:y|ies)\b", query.text.lower()) is not None
            and op
            in (Operation.EXPLAIN, Operation.PROFILE, Operation.PASSAGE, Operation.CLARIFY, Operation.UNKNOWN)
        )
        if (
            analysis is not None
            and analysis.kind == "extreme"
            and query.threshold is not None
            and query.threshold.column == "score"
        ):
            # "Apart from the top three, which cities scored above 60 on environment support?": the cities the report
            # puts above that score, in the scope said, not the best of the scope
            scope = analysis.param("scope")
            subset = subset_from_param(scope, query.cities) if scope else query.subset
            analysis = None
            op = Operation.TOP
            query = replace(query, operation=op, subset=subset or query.subset)
        if analysis is not None and (
            policy_plan
            or (only_plan and op not in _NOT_ANALYSED)
            or op in _ANALYSABLE
            or any(label == "analytic" for label, _ in ranked[:3])
            or (
                own_plan
                and op
                in (
                    Operation.RANK,
                    Operation.CITY_DIMENSION,
                    Operation.PROFILE,
                    Operation.PASSAGE,
                    Operation.CLARIFY,
                    Operation.UNKNOWN,
                    Operation.INDICATORS,
                )
            )
            or (own_plan and op is Operation.EXPLAIN and _ASKS_WHICH_DIMENSION.search(query.text.lower()))
            # "…知识创造力第6，发展成效却掉到第15，中间差了几名？": the gap asked, not the explanation
            or (
                own_plan
                and op is Operation.EXPLAIN
                and analysis.kind == "column_gap"
                and _COMPARED_WITH.search(query.text.lower()) is not None
                and not _WHY.search(query.text.lower())
            )
        ):
            query = replace(query, operation=Operation.ANALYTIC, analysis=analysis)
        elif op is Operation.ANALYTIC:
            # (no computation found: a named city's figures are looked up, its standing otherwise)
            fallback = Operation.TOP if not query.cities else Operation.RANK
            if query.cities and query.metrics:
                fallback = Operation.FACT
            level2 = _indicator_level2(query)
            if not query.cities and query.dimension is None and (query.level2 or query.level3):
                # "哪些城市的地方行业组织数量比较多？": the cities the report names on that indicator (or its
                # sentences on a measure it ranks no one by), not the overall top ten
                fallback = Operation.TOP if level2 else Operation.PASSAGE
            query = replace(
                query, operation=fallback, level2=level2 if fallback is Operation.TOP else query.level2
            )
        if (
            query.operation
            in (Operation.CLARIFY, Operation.UNKNOWN, Operation.CITY_DIMENSION, Operation.PASSAGE)
            and not query.cities
            and (query.level2 or query.dimension)
            and _MEASURED.search(query.text.lower())
        ):
            # "How is 'computing power support' measured?", "资源支持力由哪些指标构成": the indicator system
            query = replace(query, operation=Operation.INDICATORS)
        if (
            query.operation is Operation.METHOD
            and query.cities
            # (a city the last answer named is not what "it" is in "And when was it published?"; a city's plan is)
            and (
                _DOCUMENT_WORDS.search(" ".join((*query.content_words, *query.context_words)))
                # ("When was it approved?" after a city's centre; not after a question about the report itself)
                or (query.carried and query.context is not Operation.METHOD)
                or (not query.carried and (query.topic or set(query.aspects) <= {"publisher"}))
            )
            and not re.search(
                r"报告|\breport\b|指标|\bindicator|\bmethod|方法|样本|\bsample", query.text.lower()
            )
        ):
            # "And the pilot-zone implementation plan came out later that same year? When exactly?" about Chengdu:
            # when a city's document came out is in the report's sentences, not when the report did
            query = replace(query, operation=Operation.PASSAGE, aspects=())
        lowered_text = query.text.lower()
        if (
            query.operation is Operation.TOP
            and len(query.cities) == 2
            and query.carried
            and not (query.n or query.rank_range or query.subset)
            and _WHICH_OF_TWO.search(lowered_text)
            and not _ASKS_LEADER_OF_ALL.search(lowered_text)
        ):
            # "这两个城市哪个资源支持力更好？" after two cities asked in two turns: the two compared, not the leader
            query = replace(query, operation=Operation.COMPARE)
        if (
            (
                query.operation in (Operation.INDICATORS, Operation.CLARIFY, Operation.UNKNOWN)
                or (query.operation is Operation.FACT_MAX and not query.metrics)
            )
            and not query.cities
            and (query.level2 or query.level3)
            and (
                _CITY_QUESTION.search(lowered_text) or re.search(r"哪几个城市|哪些城市|哪几座", lowered_text)
            )
            and not re.search(r"指标|\bindicator|衡量|\bmeasur|怎么算|如何算|构成|由哪些", lowered_text)
        ):
            # "行业组织数量多、组织环境好的城市有哪些", "知识储备方面报告点名表扬了哪几个城市？": the cities the report
            # names as leading on it (chapter two's statement), not the indicator tree; for a third-level measure
            # ("地方行业组织数量最多的是哪几个城市"), the second-level indicator it belongs to
            level2 = _indicator_level2(query)
            query = replace(query, operation=Operation.TOP if level2 else Operation.PASSAGE, level2=level2)
        if (
            query.operation in (Operation.EXPLAIN, Operation.CLARIFY, Operation.UNKNOWN)
            and query.cities
            and (query.months or query.years)
            and not (query.dimension or query.level2 or query.metrics)
            and _DOCUMENT_WORDS.search(lowered_text)
            and not _ASKS_RANK_OR_SCORE.search(lowered_text)
        ):
            # "Shenzhen's document dated June 2021 — why does the report call it significant?": why a dated policy
            # matters is its Table 4 line and the report's sentence on it, not why the city ranks where it does
            query = replace(query, operation=Operation.POLICIES)
        if (
            not query.cities
            and not (query.dimension or query.metrics or query.level2 or query.topic)
            # ("Which of the profiled cities have a policy dated 2016?": their policies, the profiles a scope)
            and not (query.operation is Operation.POLICIES and query.years)
            and _PROFILED_ASKED.search(lowered_text)
            and (_CITY_QUESTION.search(lowered_text) or re.search(r"哪|\bwhich\b|\blist\b", lowered_text))
        ):
            # "Which ten cities get detailed profiles in the report?": chapter three's cities, in its order
            query = replace(query, operation=Operation.METHOD, aspects=("profiled",))
        if (
            query.operation in (Operation.RANK, Operation.CITY_DIMENSION)
            and query.cities
            and (query.level2 or query.dimension)
            and _PLANS_ASKED.search(lowered_text)
            and not _ASKS_RANK.search(lowered_text)
        ):
            # "那在算力上它打算干啥？": what the city plans there is in the report's sentences, not a place
            query = replace(query, operation=Operation.PASSAGE)
        if (
            query.operation in (Operation.TOP, Operation.EXPLAIN, Operation.RANK, Operation.CITY_DIMENSION)
            and query.position is not None
            and query.claims
            and (
                _CITY_QUESTION.search(lowered_text)
                or re.search(r"是谁|谁是|是哪个城市|\bwho\b", lowered_text)
            )
        ):
            # "Given that Dalian ranks last on all four, which city is second-to-last in resource support?": the city
            # at that place is asked; the city named is the premise's (checked, and corrected, on its own)
            at = self._city_at(query.position, query.dimension or TOTAL)
            query = replace(query, operation=Operation.RANK, cities=(at,) if at else ())
        if _PUBLISHER_NAMED.search(lowered_text) and _CONTACT_ASKED.search(lowered_text):
            # "Where exactly is Beijing Shangqi based?", "上奇数科的地址和电话": the contact lines of the report's back
            # page, under its publishers
            query = replace(query, operation=Operation.METHOD, aspects=("publisher", "contact"), cities=())
        if (
            query.operation in (Operation.CLARIFY, Operation.UNKNOWN, Operation.PASSAGE)
            and not query.cities
            and "publisher" in query.aspects
            and re.search(r"报告|\breport\b|这份|\bit\b", lowered_text)
            and (
                "time" in query.asked
                or any(c.kind == "year" for c in query.claims)
                # "…says this report was put out by CAICT. Can you confirm?": who published it, as the report says
                or re.search(
                    r"\b(?:put out|published|issued|released|produced|written|compiled) by\b|由.{1,16}(?:发布|出品|编写|出的)",
                    lowered_text,
                )
            )
        ):
            # "这报告是2020年出的吧", "When did the report come out?": who published the report and when
            query = replace(query, operation=Operation.METHOD, aspects=("publisher",))
        if (
            query.operation in (Operation.CLARIFY, Operation.UNKNOWN, Operation.HELP, Operation.PASSAGE)
            and not query.cities
            and PUBLISHER_NAMED.search(lowered_text)
            and not re.search(r"地址|电话|传真|\baddress|\bphone|\bfax\b", lowered_text)
        ):
            # "What does Shangqi Digital Technology do?", "上奇数科是做什么的？": a publisher named, as the report's
            # back page describes it
            query = replace(query, operation=Operation.METHOD, aspects=("publisher",))
        if (
            query.operation in (Operation.INDICATORS, Operation.CLARIFY, Operation.UNKNOWN)
            and not query.cities
            and _COMBINED.search(query.text.lower())
        ):
            # "How are the indicators rolled up into one index number?": how the index is computed (the method)
            query = replace(query, operation=Operation.METHOD, aspects=query.aspects or ("method",))
        if (
            query.metrics
            and not query.cities
            and query.operation
            in (Operation.PASSAGE, Operation.CLARIFY, Operation.UNKNOWN, Operation.METHOD, Operation.TOP)
            and (best := _figure_extreme(query.text.lower())) is not None
        ):
            # "Among the ten profiled cities, which had the smallest 2020 GDP?", "which has the lowest figure?"
            # after a figure: the cities the report gives that figure for, ordered
            query = replace(
                query,
                operation=Operation.FACT_MAX,
                direction=Direction.TOP if best else Direction.BOTTOM,
                direction_stated=True,
                n=None,
                subset=None,
            )
        group_claim = next((c for c in query.claims if c.kind == "group"), None)
        if (
            group_claim is not None
            and query.metrics
            and {"count", "amount"} & set(query.asked)
            and query.operation in (Operation.RANK, Operation.EXPLAIN, Operation.PROFILE, Operation.CLARIFY)
        ):
            # "苏州作为前十里唯一的省会城市，它的AI产业规模有多大？": the group is a premise (corrected first); the
            # figure is what is asked
            query = replace(query, operation=Operation.FACT, cities=query.cities or (group_claim.city,))
        if group_claim is not None and (
            (
                query.subset is not None
                and query.subset.kind == "group"
                and query.subset.group == group_claim.column
            )
            or (query.analysis is not None and query.analysis.param("scope") == f"group:{group_claim.column}")
        ):
            # "苏州作为省会城市能进前十，报告是怎么评价的？": the group is a premise about the city (corrected first),
            # not the cities the question is about
            explained = {"why", "evidence"} & set(query.asked) or (
                query.operation is Operation.EXPLAIN and _WHY_LIKE.search(query.text.lower())
            )  # ("…, what makes it stand out?")
            op = Operation.EXPLAIN if explained else Operation.RANK
            if query.operation is Operation.COMPARE and len(query.cities) >= 2:
                op = Operation.COMPARE  # "X is a provincial capital, right? How does it stack up against Y?"
            if query.metrics and {"count", "amount"} & set(query.asked):
                op = Operation.FACT  # "苏州作为省会城市…，它2020年GDP多少？": the figure is what is asked
            query = replace(
                query, subset=None, analysis=None, operation=op, cities=query.cities or (group_claim.city,)
            )
        if (
            query.operation in (Operation.METHOD, Operation.CLARIFY)
            and query.subset is not None
            and query.subset.kind == "group"
            and (
                _ASKS_RANK_OR_SCORE.search(query.text.lower())
                # "How did the three separately planned cities do in the overall index?"
                or (
                    mentions.dimensions
                    and not (query.cities or query.metrics or query.level2 or query.topic)
                    and not _SAMPLE_CHOICE.search(query.text.lower())
                )
            )
        ):
            # "Give me the overall ranks of the three 计划单列市 in the sample": the group's ranks, not the sampling
            query = replace(query, operation=Operation.TOP, whole_list=True)
        if query.operation is Operation.TOP and query.subset is not None and query.subset.kind == "group":
            # "For the three cities picked as 计划单列市, how do they rank overall?": the group's cities, every one
            # ("three" counts the group, it is not a top 3)
            query = replace(query, whole_list=True, n=None)
        if (
            query.operation
            in (Operation.PASSAGE, Operation.CLARIFY, Operation.UNKNOWN, Operation.FACT, Operation.INDICATORS)
            and not query.cities
            and _DATA_PERIOD.search(query.text.lower())
        ):
            # "研发投入那项指标为啥用的是2019年数据", "Which year's data does the PE/VC indicator use?": the report's
            # data sources and periods
            query = replace(query, operation=Operation.METHOD, aspects=("data",))
        if (
            query.earlier_edition
            and query.cities
            and query.operation in (Operation.PASSAGE, Operation.CLARIFY, Operation.UNKNOWN)
        ):
            # "Did Shenzhen climb compared with the previous edition?": no earlier ranking (said first); its rank now
            query = replace(query, operation=Operation.RANK)
        if query.operation is Operation.RANK and query.metrics and not (query.level2 or query.dimension):
            # "这两个城市在样本城市里分别排第几？" after their industry-coverage figures: the rank on the second-level
            # indicator that figure measures (产业覆盖度)
            labels = set(self.report.facts.loc[self.report.facts["metric"].isin(query.metrics), "metric_zh"])
            named = [name for name in LEVEL2_PARENT if name in labels]
            if named:
                query = replace(query, level2=named[0])
        if (
            query.cities
            and query.months
            and query.operation
            in (Operation.FACT, Operation.CITY_DIMENSION, Operation.PASSAGE, Operation.RANK)
            and re.search(
                r"政策|措施|方案|规划|计划|意见|\bpolic(?:y|ies)\b|\bplan\b|\bmeasures\b", query.text.lower()
            )
        ):
            # "Shanghai's May 2020 policy on specialty industrial parks — what fund did it create?": that month's
            # policy, its summary in full
            query = replace(query, operation=Operation.POLICIES, metrics=(), analysis=None)
        if query.operation in (
            Operation.METHOD,
            Operation.CLARIFY,
            Operation.UNKNOWN,
        ) and _WHAT_KIND_OF.search(query.text.lower()):
            # "上奇数科是一家什么样的公司？", "What exactly is Shangqi, the data provider?": the sentence that says what it
            # is, not the report's list of data sources
            query = replace(query, operation=Operation.PASSAGE, aspects=(), asked=(*query.asked, "define"))
        intro = _SELF_INTRO.search(query.text.lower())
        if (
            intro
            and len(query.cities) == 1
            and _CITY_QUESTION.search(query.text.lower()[intro.end() :])
            and (query.n or query.rank_range or query.direction_stated or query.subset)
        ):
            # "我是大连的，想看看总排名倒数五名是哪几个城市？": the city introduces the asker; the list is asked
            query = replace(query, operation=Operation.TOP, cities=(), claims=())
        if (
            (
                query.operation
                in (Operation.METHOD, Operation.RECOMMENDATIONS, Operation.CLARIFY, Operation.UNKNOWN)
                # ("What pattern does the report see in how the overall scores fall off from top to bottom?": the
                # report's sentence on the slope, not a list)
                or (
                    query.operation is Operation.TOP
                    and query.n is None
                    and _SCORE_PATTERN.search(query.text.lower())
                )
            )
            and not query.cities
            and _DISTRIBUTION.search(query.text.lower())
        ):
            # "How are scores distributed in the development-outcomes ranking?": the report's sentences on it
            query = replace(query, operation=Operation.PASSAGE)
        if (
            query.operation is Operation.TOP
            and not query.cities
            and query.analysis is None
            and _REPORT_SAYS.search(query.text.lower())
            # ("报告里说哪几个城市的AI行业组织比较多？": the cities the report names on a sub-indicator, which that
            # list quotes)
            and not (query.level2 and _CITY_QUESTION.search(query.text.lower()))
        ):
            # "报告说排名前六和后六的城市分数下降坡度大，那排名居中的呢？", "The report says the overall scores drop
            # steeply at the top…": a statement of the report's asked about, not a list to look up
            query = replace(query, operation=Operation.PASSAGE)
        if (
            query.operation is Operation.EXPLAIN
            and query.dimension is not None
            and TOTAL not in mentions.dimensions
            and any(c.kind == "rank" and c.column == query.dimension.column for c in query.claims)
            and (query.n is not None or _OVERALL_PLACE.search(query.text.lower()))
        ):
            # "How does Qingdao make the top 10 when it's 14th on resource support?": the dimension's rank is
            # the premise, the overall place is what is explained
            query = replace(query, dimension=None)
        if (
            query.operation is Operation.EXPLAIN
            and query.dimension is None
            and query.level2
            and len(query.cities) == 1
            and not query.claims
            and not _ASKS_RANK_OR_SCORE.search(_STAND_OUT.sub(" ", query.text.lower()))
            and not re.search(
                r"\branks?\b|\branked\b|\bplace\b|排名|排第|名次|第[一二三四五六七八九十\d]",
                query.text.lower(),
            )
        ):
            # "What makes Shenzhen's computing power support stand out?": the explanation, with the report's own
            # sentences on that sub-indicator for that city
            query = replace(query, asked=tuple(dict.fromkeys((*query.asked, "evidence"))))
        if (
            query.operation is Operation.FACT
            and query.cities
            and query.metrics
            and set(query.asked) == {"what"}
            and _MENTION_ASKED.search(query.text.lower())
        ):
            # "What funding deals does the report mention for Qingdao?": the deals it names (a which), not a count
            query = replace(query, asked=("which",))
        if (
            query.operation is Operation.RANK
            and len(query.cities) == 1
            and query.dimension is not None
            and query.dimension is not TOTAL
            and not query.level2
            and _SECOND_LEVEL_ASKED.search(query.text.lower())
        ):
            # "南京知识创造力下面两个二级指标分别排多少？": the city's places on that dimension's second-level indicators
            query = replace(query, operation=Operation.CITY_DIMENSION)
        if (
            query.operation in (Operation.CLARIFY, Operation.UNKNOWN)
            and len(query.cities) == 1
            and query.level2
            and "why" in query.asked
        ):
            # "杭州创新发展这个二级指标为啥得分高？": the city on that indicator's dimension, with the report's reasons
            query = replace(
                query, operation=Operation.CITY_DIMENSION, dimension=dimension(LEVEL2_PARENT[query.level2])
            )
        if query.operation is Operation.EXPLAIN and query.dimension is None and query.level2:
            # "why does the report say computing power is Shenzhen's standout strength?": inside that dimension
            query = replace(query, dimension=dimension(LEVEL2_PARENT[query.level2]))
        if (
            query.operation is Operation.EXPLAIN
            and query.dimension is not None
            and TOTAL not in mentions.dimensions
        ):
            conceded = _CONCEDED.search(query.text.lower())
            if conceded and all(m.start >= conceded.start() for m in mentions.of("dimension")):
                # "What's dragging Nanjing down to 10th even though its knowledge creation is decent?": the dimension
                # is conceded; the place explained is the overall one
                query = replace(query, dimension=None)
        if query.operation is Operation.EXPLAIN and TOTAL in mentions.dimensions:
            # Both the overall rank and a dimension named: the "why" is about what follows the why-word
            # ("总排名才第12，为什么发展成效能排到第7" -> outcomes); otherwise about the overall rank
            # ("9th on environment yet 5th overall — what's carrying it?").
            lowered = query.text.lower()
            why = _WHY.search(lowered)
            after = [m for m in mentions.of("dimension") if why and m.start >= why.start()]
            # (a turn, not a concession: "even though its knowledge creation is weak" concedes the dimension)
            turn = _TURN.search(lowered, why.end()) if why and len(after) >= 2 else None
            turned = _CONTRAST_AFTER_SUBJECT.search(lowered, why.end()) if why and len(after) >= 2 else None
            if turn and any(m.start >= turn.start() for m in after):
                # "Why is Chongqing 5th in environment support yet only 13th overall?": what follows the turn
                after = [m for m in after if m.start >= turn.start()]
            elif (
                turned
                and after[0].end <= turned.start()
                and len([m for m in after if m.end <= turned.start()]) >= 2
            ):
                # "为什么重庆环境支撑力第5，总排名却只有13？": the subject of 却
                after = [m for m in after if m.end <= turned.start()][-1:]
            if not after:
                # the why-word comes last ("…可发展成效却排到第7，报告里怎么解释？"): the surprise is what follows
                # the contrast word ("却", "yet"); "4th on resources yet only 6th overall" asks about overall
                dims = mentions.of("dimension")
                subject_first = _CONTRAST_AFTER_SUBJECT.search(lowered)  # "发展成效却排到第7"
                contrast = _CONTRAST.search(lowered)  # "…, yet only 6th overall"
                asked = re.search(r"[^，,;；:：。]+$", lowered.rstrip("?？!！ "))
                if (
                    asked
                    and _OVERALL_PLACE.search(asked.group())
                    and all(m.end <= asked.start() for m in dims)
                ):
                    # "苏州总排名第6，但知识创造力只排到15，那它主要靠什么排进前六的？": the question clause asks about
                    # the overall place; the dimension before it is the premise
                    after = []
                elif subject_first:
                    after = [m for m in dims if m.end <= subject_first.start()][-1:]
                elif contrast:
                    after = [m for m in dims if m.start >= contrast.start()]
            target = after[0].key if after else "total"
            query = replace(query, dimension=None if target == "total" else dimension(target))
        elif (
            query.operation is Operation.EXPLAIN
            and query.dimension is not None
            and len({m.key for m in mentions.of("dimension")}) >= 2
            and (why := _WHY.search(query.text.lower())) is not None
        ):
            # "Hangzhou is only 9th on environment support but 4th on outcomes. What explains the strong
            # outcomes?": of two dimensions named, the one the why-clause names is explained
            asked_of = [m for m in mentions.of("dimension") if m.start >= why.start()]
            if len({m.key for m in asked_of}) == 1:
                query = replace(query, dimension=dimension(asked_of[0].key))
        grouped = [c for c in query.claims if c.kind == "group"]
        if (
            grouped
            and query.analysis is None
            and _OTHER_MEMBERS.search(query.text.lower())
            and re.search(r"哪|\b(?:which|what|who|name)\b", query.text.lower())
        ):
            # "Since Chongqing was one of the three provincial capitals in the sample, which were the other two?":
            # the group's members, from the sample (the membership stated is checked as a claim)
            group = str(grouped[0].column)
            query = replace(
                query,
                operation=Operation.METHOD,
                aspects=("sample",),
                subset=Subset(kind="group", group=group),
            )
        if query.operation in (Operation.METHOD, Operation.RECOMMENDATIONS) and _QUOTED_NAME.search(
            query.text
        ):
            # "“悟道2.0”是谁在什么时候发布的？": a named thing in quotes is asked about, not the report's own method;
            # a quoted indicator ("How is 'computing power support' measured?") is the indicator system's
            indicator = (query.level2 or query.dimension) and not query.cities
            query = replace(query, operation=Operation.INDICATORS if indicator else Operation.PASSAGE)
        if (
            query.analysis is None
            and query.cities
            and not query.metrics
            and not query.claims
            and query.operation
            in (
                Operation.RANK,
                Operation.PASSAGE,
                Operation.CLARIFY,
                Operation.UNKNOWN,
                Operation.INDICATORS,
                Operation.PROFILE,
            )
            and _STRENGTHS_WEAKNESSES.search(query.text.lower())
        ):
            # "Where is it weak — is there a sub-indicator where it does poorly?", "我们哪里做得好、哪里落后": the
            # explanation (ranks on every level, what lifts and holds it back, the report's sentences)
            query = replace(query, operation=Operation.EXPLAIN)
        if (
            query.operation is Operation.EXPLAIN
            and query.dimension is not None
            and any(c.kind in ("top", "not_top") and c.column == TOTAL.column for c in query.claims)
        ):
            # "Why does Qingdao make the top 10 even though its resource support is weak?": the overall place is
            # explained; the dimension is the premise against it
            query = replace(query, dimension=None)
        if (
            query.operation is Operation.EXPLAIN
            and query.dimension is not None
            and (sw := _STRENGTHS_WEAKNESSES.search(query.text.lower())) is not None
            and not any(
                not re.search(
                    r"[，。,.?？;；!！]", query.text.lower()[min(m.end, sw.start()) : max(m.start, sw.end())]
                )
                for m in mentions.of("dimension")
                if m.key == query.dimension.key
            )
        ):
            # "苏州总分第六，但知识创造力只排第15，报告怎么看苏州的强项和短板？": the dimension sits in a premise
            # clause; the strengths and weak spots asked about are the city's, over every dimension
            query = replace(query, dimension=None)
        if (
            query.threshold is not None
            and query.threshold.column == "score"
            and not query.cities
            and (
                query.operation in (Operation.CLARIFY, Operation.UNKNOWN, Operation.PASSAGE, Operation.METHOD)
                # ("Besides Beijing, which cities scored above 60?": the city looked up is set aside)
                or query.operation is Operation.RANK
            )
        ):
            # "资源支持力得分超过60分的城市有哪些？": the cities whose printed score (or stated bound) passes
            query = replace(query, operation=Operation.TOP)
        if (
            query.level2
            and query.dimension is None
            and re.search(
                r"别的城市|其他城市|其它城市|另外的城市|还有哪些城市|还有谁|\bother cit|\bany other\b|\banother city",
                query.text.lower(),
            )
            # ("it's tied for first on that with another city": the city's own place and whom it shares it with)
            and not (query.carried and _TIED.search(query.text.lower()))
        ):
            # "报告里还有别的城市也说自己组织环境第二吗？": every rank the text states on that indicator
            query = replace(query, operation=Operation.TOP, cities=(), claims=query.claims)
        if (
            query.operation is Operation.RANK
            and query.cities
            and query.position is not None
            and _WHY.search(query.text.lower())
        ):
            # "那知识创造力怎么还能排第二？" (the city from the conversation): why it holds the place it states
            query = replace(query, operation=Operation.EXPLAIN, position=None)
        if (
            query.operation in (Operation.TOP, Operation.PASSAGE, Operation.CLARIFY, Operation.UNKNOWN)
            and query.metrics
            and not (query.level2 or query.cities)
            and _ORDER_BY.search(query.text.lower())
            and not re.search(r"\bby (?:their |its )?(?:overall|total|rank)", query.text.lower())
        ):
            # "Rank the top-10 cities by their 2020 GDP": the report's figures ordered, not a rank table
            query = replace(query, operation=Operation.FACT_MAX, dimension=None, subset=None)
        if (
            query.operation in (Operation.PASSAGE, Operation.CLARIFY, Operation.UNKNOWN)
            and query.metrics
            and not query.cities
            and _CITY_QUESTION.search(query.text.lower())
            and re.search(r"数值|数字|数据|figures?\b|values?\b|numbers?\b", query.text.lower())
        ):
            # "…产业覆盖度中，有哪些城市数值相同？": the cities' figures side by side (the sentences hold no such list)
            query = replace(query, operation=Operation.FACT_MAX)
        if (
            query.operation in (Operation.TOP, Operation.ANALYTIC)
            and (query.analysis is None or query.analysis.kind == "extreme")
            # (the cities may be the ones just listed: "Which of them is the only prefecture-level city?")
            and not ((query.cities and not query.carried) or query.metrics or query.level2 or query.topic)
            and (query.subset is None or query.subset.kind in ("top", "bottom", "range"))
            and (query.dimension is None or query.dimension is TOTAL)
            and _THE_ONLY.search(query.text.lower())
        ):
            # "Which city in the top 10 is the only prefecture-level city?": a distinction the tables do not hold
            # (the report's sentence says it), not the head of a ranking
            query = replace(query, operation=Operation.PASSAGE, single=False, analysis=None)
        if (
            query.operation is Operation.FACT_MAX
            and query.metrics
            and len(query.cities) >= 2
            and not (query.carried or query.follow_up)
        ):
            # "北京和苏州哪个城市的人工智能企业更多？": which of the named cities, each with its figure or the report's
            # silence on it, not the cities the report happens to give the figure for
            query = replace(query, operation=Operation.FACT)
        relative = self._relative_to_city(query, mentions)
        if relative is not None:
            # "Which cities rank below Hangzhou overall but above it on environment support?": bounds set by the
            # named city's own places
            query = replace(query, operation=Operation.ANALYTIC, analysis=relative, cities=())
        places = _places_listed(query.text)
        if query.follow_up and not query.cities and query.operation is Operation.TOP and places:
            # "那第四、第五呢？" after the top three: those places on the ranking in focus
            query = replace(query, rank_range=(min(places), max(places)), n=None, direction=Direction.TOP)
        if (
            query.operation in (Operation.CLARIFY, Operation.UNKNOWN)
            and not query.cities
            and query.aspects
            and max(query.scores or {"": 0.0}, key=(query.scores or {"": 0.0}).get) == Operation.METHOD.value
            and query.scores[Operation.METHOD.value] >= 0.4
        ):
            # "研发投入这块数据用的是哪一年的？": the router leans to the method and the words name one of its aspects
            query = replace(query, operation=Operation.METHOD)
        if (
            query.operation in (Operation.CLARIFY, Operation.UNKNOWN)
            and not query.cities
            and "sample" in query.aspects
            and list(query.scores or {})[:2] == [Operation.EXPLAIN.value, Operation.METHOD.value]
            and query.scores[Operation.METHOD.value] >= 0.3
        ):
            # "为什么挑的是这20个城市？是怎么凑出来的？": a "why" with no city to explain, about how the sample was
            # drawn: the method's sample
            query = replace(query, operation=Operation.METHOD, aspects=("sample",))
        if (
            query.operation is Operation.COMPARE
            and "time" in query.asked
            and not (query.dimension or query.level2 or query.metrics or query.analysis)
            and re.search(EVENT_WORDS, query.text.lower())
        ):
            # "广州和苏州是什么时候获批建设…试验区的？": when each city's event happened, in the report's sentences
            query = replace(query, operation=Operation.PASSAGE)
        if (
            query.cities
            and "sample" in query.aspects
            and query.operation
            in (Operation.EXPLAIN, Operation.PASSAGE, Operation.CLARIFY, Operation.PROFILE)
            and _CHOSEN_FOR_SAMPLE.search(query.text.lower())
        ):
            # "青岛既不是试验区城市也不是省会，为啥会被选进样本？", "Why was Xiamen included in the sample?": how the
            # sample was drawn, and the group the city is in
            query = replace(query, operation=Operation.METHOD, aspects=("sample",))
        if (
            query.operation is Operation.INDICATORS
            and "method" in query.aspects
            and _HOW_SCORED.search(query.text.lower())
        ):
            # "how do they make raw indicators with different units comparable before weighting?": the method
            # (normalisation, weights), which the indicator words only frame
            query = replace(query, operation=Operation.METHOD)
        if not query.cities and any(c.kind == "beyond_sample" for c in query.claims):
            # "总排名第25的那个城市GDP多少？": no sample city holds that place; the sample, with the correction
            query = replace(query, operation=Operation.METHOD, aspects=("sample",))
        if (
            query.operation in (Operation.CLARIFY, Operation.UNKNOWN)
            and not query.cities
            and any(c.kind == "sample_size" for c in query.claims)
        ):
            # "The report ranks 25 cities, right?": the sample the method answer states (and checks the claim on)
            query = replace(query, operation=Operation.METHOD, aspects=("sample",))
        if (
            query.operation in (Operation.PASSAGE, Operation.CLARIFY, Operation.UNKNOWN, Operation.TOP)
            and not (query.cities or query.metrics or query.topic and query.topic != "试验区")
            and (query.subset is not None or self.vocabulary.find(query.text).of(GROUP))
            and _KIND_OF_CITY.search(query.text.lower())
        ):
            # "剩下那几个不是试验区的城市分别属于什么类型？": the sample's groups, as the method answer lists them
            query = replace(query, operation=Operation.METHOD, aspects=("sample",))
        if query.operation is Operation.METHOD and not query.aspects:
            query = replace(query, aspects=("method", "sample", "data", "publisher"))
        if (
            query.operation is Operation.PROFILE
            and len(query.cities) == 1
            and not (query.dimension or query.level2 or query.metrics or query.claims)
            and self._city_topic(query, mentions)
        ):
            # "Tell me about Chengdu's AI computing infrastructure", "What does the report say about Beijing's research
            # institutes?": what the report says of that, not the city's profile
            query = replace(query, operation=Operation.PASSAGE)
        return query

    def _city_topic(self, query: Query, mentions: Mentions) -> tuple[str, ...]:
        """The specific words said right after a city's possessive ("Chengdu's AI computing infrastructure" ->
        computing, infrastructure); () when there are none or only words any profile answers ("Chengdu's AI
        development", "北京的情况")."""
        lowered = query.text.lower()
        after = [
            lowered[m.end : m.end + 48]
            for m in mentions.of("city")
            if re.match(r"\s*(?:'s|’s|的)", lowered[m.end : m.end + 3])
        ]
        if not after:
            return ()
        from assistant.understanding.content import content_words

        said = content_words(re.split(r"[?？。.!！,，;；]", after[0], maxsplit=1)[0])
        return tuple(
            w for w in said if w.lower() not in _PROFILE_WORDS and not self.report.resolver.try_resolve(w)
        )

    def _thing_not_figure(self, query: Query) -> bool:
        """A figure question whose figure the report gives for none of its cities and which asks no amount or count
        (only what / which / how): the metric's word named a thing, not a figure asked for."""
        if not (query.cities and query.metrics) or {"count", "amount", "time"} & set(query.asked):
            return False
        if not {"what", "which", "how"} & set(query.asked):
            return False
        lowered = query.text.lower()
        named = [lowered.find(w) + len(w) for w in query.metric_words if w in lowered]
        if not any(_THING_AFTER.match(lowered, at) for at in named):
            return False  # ("What was Chongqing's 2020 GDP?": the figure itself)
        return not any(set(query.metrics) & self._metrics_held(city) for city in query.cities)

    def _metrics_held(self, city: str) -> set[str]:
        """The metrics the facts table gives for a city."""
        facts = self.report.facts
        return set(facts.loc[facts["city"] == city, "metric"])

    def _national_place_of_figure(self, query: Query, ranked, focus: Focus) -> tuple[str, ...] | None:
        """(figure, its national place) for a place asked among the country's cities right after a figure
        ("where does that put it among Chinese cities?", "全国排第几？"), when the report gives that place for the
        city (gdp -> gdp_rank_national); None otherwise (a place in the index is then what is asked)."""
        asks_place = ranked[0][0] == Operation.RANK.value or _ASKS_RANK.search(query.text.lower())
        if not asks_place or not focus.metrics or query.metrics or query.level2:
            return None
        if query.dimensions_named or not _NATIONAL_PLACE.search(query.text.lower()):
            return None
        city = query.cities[0] if len(query.cities) == 1 else (focus.last_city if not query.cities else None)
        if not city:
            return None
        held = self._metrics_held(city)
        for metric in focus.metrics:
            placed = f"{metric}_rank_national"
            if placed in held:
                return (metric, placed) if metric in held else (placed,)
        return None

    def _growth_in_focus(self, query: Query, focus: Focus) -> str | None:
        """The growth of the figure in focus ("<metric>_growth") for the city in focus, when the question asks a
        growth the city does not have under the name it used; None otherwise."""
        if not query.metrics or not all(m.endswith("_growth") for m in query.metrics) or query.cities:
            return None
        if not focus.metrics or not focus.last_city:
            return None
        held = self._metrics_held(focus.last_city)
        if set(query.metrics) & held:
            return None
        return next((f"{m}_growth" for m in focus.metrics if f"{m}_growth" in held), None)

    def _counted_sibling(self, query: Query, focus: Focus) -> str | None:
        """The metric counting in the unit asked ("多少次") that the report gives for the city in focus beside the
        figure in focus (pevc_investment -> pevc_deals, both "pevc_"); None when there is no such one."""
        if query.metrics or query.cities or "count" not in query.asked or not query.asked_unit:
            return None
        if not focus.metrics or not focus.last_city:
            return None
        facts = self.report.facts
        own = facts[(facts["city"] == focus.last_city) & (facts["unit"] == query.asked_unit)]
        for metric in focus.metrics:
            stem = metric.rsplit("_", 1)[0] + "_"
            found = [m for m in dict.fromkeys(own["metric"]) if m.startswith(stem) and m != metric]
            if len(found) == 1:
                return found[0]
        return None

    def _about_figure(self, query: Query, focus: Focus) -> bool:
        """Whether a follow-up still speaks of the figure just given ("占全国多少比例？" after the unicorn count:
        its words are in that figure's sentence, or are words about a figure), not of something new
        ("它的超算中心呢？" after GDP)."""
        from index_core.sentences import sentence_around

        words = [w for w in query.content_words if w not in focus.cities and w not in query.cities]
        words = [
            w
            for w in words
            if not self.vocabulary.find(w).cities
            and w.lower() not in _FIGURE_WORDS
            and not (len(w) <= 2 and re.search(r"排|第|名", w))  # rank-asking fragments ("里排")
        ]
        if not words:
            return True
        f = self.report.facts
        rows = f[f["metric"].isin(focus.metrics) & f["city"].isin(focus.cities)]
        sentences = [sentence_around(self.report.corpus, str(q)) or str(q) for q in rows["quote"]]
        return all(any(w in s for s in sentences) for w in words)

    def _policy_plan(self, query: Query, mentions: Mentions) -> bool:
        """Whether the question, read as being about policies, asks a policy computation (count, date, issuer)."""
        analysis = self._analysis(replace(query, context=Operation.POLICIES), mentions)
        return analysis is not None and analysis.kind.startswith("policy")

    def _position_asked_of(self, query: Query) -> Claim | None:
        """A yes/no question whether one city (named or carried) holds a place on a ranking: the place as a claim
        to check. None when the question is not yes/no, names no place, or already states a claim."""
        if len(query.cities) != 1 or query.operation not in (Operation.TOP, Operation.RANK):
            return None
        if any(c.kind != "rank" or c.city != query.cities[0] for c in query.claims):
            return None  # (a rank the question states of its city is the place asked about: "Is Dalian dead last?")
        lowered = query.text.lower().strip()
        if not _YES_NO.search(lowered):
            return None
        position = query.position
        if position is None and query.direction is Direction.BOTTOM and _LAST_PLACE.search(lowered):
            position = len(self.report.rankings)
        if position is None:
            return None
        return Claim("rank", query.cities[0], (query.dimension or TOTAL).column, float(position))

    def _city_at(self, position: int, d) -> str | None:
        if not 1 <= position <= len(self.report.rankings):
            return None
        column = (d or TOTAL).column
        row = self.report.rankings[self.report.rankings[column] == position]
        return None if row.empty else str(row.iloc[0]["city"])

    def _asked_after_premise(self, query: Query, mentions: Mentions):
        """The computation the clause after an opening statement asks ("深圳四个一级指标都在前三，那…", "Since X
        made the top 3 on all four, …"), or None."""
        end = _opening_premise(query.text.lower())
        if end is None:
            return None
        # (the bound the premise states is read off the whole text into n / subset: the clause is read bare)
        asked = replace(query, text=query.text[end:], n=None, subset=None, rank_range=None, threshold=None)
        return self._analysis(asked, mentions, columns=())

    def _rank_metrics(self, metrics: tuple[str, ...], kind: str = "rank") -> tuple[str, ...]:
        """The figures that give a place (or, kind "growth", the growth) of the ones named (gdp ->
        gdp_rank_in_sample, gdp_rank_national; gdp -> gdp_growth), as the facts table names them."""
        return tuple(
            k
            for m in metrics
            for k in self._fact_metrics
            if k != m and k.startswith(f"{m}_") and kind in k[len(m) :]
        )

    def _asked_sentence(self, query: Query) -> str | None:
        """The last sentence, when it alone asks an analysis: a city named only in the sentences before one that
        asks for cities ("天津资源支持力进了前十，但总排名没进前十。像这种…的城市一共有哪些？", "Tianjin is 6th on
        resource support. Which cities …?") is the asker's context; the question asks across the sample."""
        sentences = [s for s in re.split(r"(?<=[。！!])|(?<=[.])\s+(?=[A-Z])", query.text) if s.strip()]
        if len(sentences) < 2 or not query.cities or focus_rules.reference(sentences[-1]):
            return None
        asked = sentences[-1]
        if self.vocabulary.find(asked).cities or not (
            _CITY_QUESTION.search(asked.lower())
            or re.search(r"城市[^，,。？?]{0,8}?(?:哪些|哪几个|是谁)", asked)
        ):
            return None
        return asked

    def _analysis(self, query: Query, mentions: Mentions, columns: tuple[str, ...] | None = None):
        try:
            from assistant.understanding.analysis import parse_analysis
        except ImportError:
            return None
        if columns is None:
            columns = tuple(dict.fromkeys(dimension(m.key).column for m in mentions.of("dimension")))
            if not columns and (query.carried or query.follow_up) and query.dimension is not None:
                columns = (query.dimension.column,)  # the dimension the conversation is on ("两者差多少？")
        # a remark after the question ("…各自多少分？我记得差距不大") states an impression; it asks no computation
        text = _ASKERS_REMARK.sub("?", query.text.lower())
        for word in query.metric_words:
            if re.search(r"ratio|比重|占比|比例|share", word):
                # "R&D-to-GDP ratio" names a figure; it does not ask for the ratio of two cities' figures
                text = text.replace(word, " 指标 ")
        if query.context is Operation.POLICIES and not (
            query.topic or query.metrics or query.level2 or query.dimension
        ):
            # "其中最新的是哪一个？" after a policy list is about those policies ("这两个城市哪个GDP更高" names its own)
            text += " 政策"
        scored_before = {"得分", "分数", "score", "scores", "points"} & set(query.context_words)
        elliptical_gap = re.search(r"\bby how (?:many|much)\b|\bhow many more\b|高多少|差多少|多多少", text)
        if (
            scored_before
            and (_COMPARED_WITH.search(text) or elliptical_gap)
            and not _ASKS_RANK_OR_SCORE.search(text)
        ):
            text += (
                " 得分"  # "两者差多少？" after "上海的环境支撑力得分是多少？": the gap between their scores
            )
        if (
            query.follow_up
            and query.context is Operation.TOP
            and query.position is not None
            and _NEXT_IN_LINE.search(query.text.lower())
        ):
            # "and who's right behind them?" after a top three: the focus already placed it (the next place on
            # that ranking); its words are not read again as the neighbours of a city
            return None
        return parse_analysis(
            text,
            cities=query.cities,
            columns=columns,
            metrics=query.metrics,
            subset=query.subset,
            n=query.n,
            direction=query.direction,
            years=query.years,
            topic=query.topic,
        )


__all__ = ["Understanding"]
