"""What a question is about, in words: its content words and the kind of thing it asks for.

Pure functions over the question text (jieba, with the report's own vocabulary, is loaded once). They feed
sentence-level answers from the report's prose (`assistant.answers.passage`): the content words are what a
report sentence must mention, the asked attributes what it must contain (a date for "when", a figure for
"how many"...).
"""

from __future__ import annotations

import re
from functools import lru_cache

# What kind of thing is asked, and the cues that say so. Chinese cues are substrings; English cues are matched
# as whole words or phrases on the lower-cased text. Order matters only for the order of the result.
ASKED_CUES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "time": (
        ("何时", "什么时候", "什么时间", "啥时候", "啥时", "几时", "哪一年", "哪年", "几月", "哪个月", "哪一天",
         "哪天", "几年", "何年"),
        ("when", "what year", "which year", "what month", "which month", "what date", "since when"),
    ),
    "count": (
        ("多少个", "多少家", "多少所", "多少名", "多少项", "多少笔", "多少次", "几个", "几家", "几所", "几条",
         "几项", "几名", "几位", "几届", "几轮", "几笔", "多少"),
        ("how many", "number of"),
    ),
    "amount": (
        ("金额", "多少钱", "多少亿", "多少万", "投资额", "融资额", "总投资", "规模多大", "估值多少", "奖励多少",
         "资金多少", "有多大", "多大规模", "规模有多大"),
        ("how much", "what amount", "amount of", "how large", "how big"),
    ),
    "which": (("哪些", "哪个", "哪家", "哪几", "哪所", "哪一"), ("which",)),
    "name": (
        ("叫什么", "名称", "名字", "什么名", "称为", "叫做"),
        ("what is the name", "what's the name", "name of", "called", "named"),
    ),
    "place": (("哪里", "在哪", "何处", "什么地方", "哪儿", "位于"), ("where",)),
    # a city besides the one named ("which other city shares that pilot zone with it?")
    "other_city": (
        ("另一个城市", "另一座城市", "别的城市", "其他城市", "其它城市", "还有哪个城市", "还有哪些城市", "和哪个城市",
         "与哪个城市", "跟哪个城市", "同哪个城市"),
        ("which other city", "what other city", "another city", "which other cities", "what other cities",
         "which city shares", "with which city"),
    ),
    # the same value as another city's ("覆盖度是多少，和哪个城市一样？", "which city has the same figure?")
    "same": (
        ("一样", "相同", "持平", "一致"),
        ("the same", "same as", "equal to", "identical"),
    ),
    "how": (("如何", "怎样", "怎么", "什么方式", "什么方法"), ("how",)),
    "why": (("为什么", "为何", "为啥", "凭啥", "什么原因", "原因"), ("why",)),
    "what": (("什么", "啥"), ("what",)),
    # the report's grounds for a claim: answered with its sentences that back it (assistant.answers.claims)
    "evidence": (
        ("依据", "证据", "根据什么", "凭什么", "凭啥", "拿什么", "来支撑", "支撑这", "佐证", "理由", "底子", "怎么说明",
         "如何说明", "体现在", "举了什么例子", "举了哪些例子", "有什么例子", "举了哪些具体例子", "哪些具体例子", "什么具体例子", "举例", "案例", "为什么", "为何", "为啥", "原因", "来说明", "怎么说",
         "怎么描述", "如何描述", "怎么评价", "如何评价", "说了什么", "讲了什么", "标题", "具体指", "解释", "介绍一下", "介绍下", "讲讲", "说说", "谈谈", "概述", "总结一下", "特点"),
        ("evidence", "back up", "backs up", "backed up", "backs that", "backs it", "supports that",
         "supports it", "supports this", "supports the claim", "support that", "support the claim", "basis",
         "grounds", "cite", "cites", "cited", "point to", "points to", "concretely", "what shows", "demonstrate",
         "justify", "justifies", "justification", "proof", "substantiate", "why", "reason", "what's behind",
         "what is behind", "what explains", "base that on", "based on", "bases that", "tell me about", "walk me through", "talk me through", "fill me in on", "describe", "overview", "summarize",
         "summarise", "summary of", "explain", "explains", "how come", "what does the report say", "what the report says", "how does the report describe",
         "how does the report characterise", "how does the report characterize", "headline", "headlines",
         "headlined", "examples", "for example", "for instance"),
    ),
    # the particulars of a measure ("具体是怎么支持的", "what concrete incentives"): its figures, not its gist
    "particulars": (
        ("具体是怎么", "具体怎么", "具体如何", "具体有哪些", "具体措施", "具体做法", "具体给", "具体支持", "具体奖励",
         "具体补贴", "怎么支持的", "如何支持的"),
        ("in concrete terms", "what concrete", "specifically how", "how specifically", "exactly how",
         "how exactly", "what specific"),
    ),
    # a profile's heading named or quoted ("武汉那一节说它“落户支持力度强”"): its words hold for the whole profile
    "heading": (
        ("标题", "那一节", "这一节", "那节", "这节", "小标题", "一节说", "一节里"),
        ("heading", "headline", "headlined", "titled", "title of", "section title"),
    ),
}  # fmt: skip

# Function words and question words: never content. Chinese entries are whole jieba tokens.
ZH_STOP = frozenset(
    """
    的 了 是 在 和 与 及 或 有 没有 有没有 吗 呢 吧 啊 呀 么 嘛 哦 请 请问 问 一下 告诉 我 我们 你 你们 它 他们
    其 其中 这 这个 这些 那 那个 那些 此 该 各 每 都 也 就 还 又 把 被 给 对 对于 从 向 为 以 于 由 将 让 要 会 能
    可以 可 应 应该 是否 是不是 多 少 几 个 哪 哪些 哪个 哪家 哪里 哪儿 哪年 哪一年 哪个月 几月 何时 何处 什么 啥
    什么样 怎么 怎么样 怎样 如何 为什么 为何 为啥 干嘛 咋 多少 多少钱 多大 谁 时候 时间点 叫 叫做 称为 名称 名字 报告 本报告 报告中
    城市 市 提到 提及 说 讲 写 关于 介绍 情况 方面 主要 具体 相关 一些 等 等等 呢 啦 吗 上 中 里 之 所 地 得 着 过
    到底 究竟 一共 总共 共 分别 大概 大约 原文 根据 按照 显示 表示 指出 知道 列出 列举 举例 特点 现在 目前 如今
    内容 东西 哪方面 样子 什么样 怎么回事 过程 过程中 期间 当时 的时候 之后 以后 以来 达到 属于 位于
    结论 结论是 听说 据说 听人说 这么 那么 这样 那样 当地 是这么 这么写 真的 确实 所在 所在的 所在地 这家 那家 这所 那所 一起 一同 共同
    华中 华东 华南 华北 西南 西北 东北 中部 西部 东部 南方 北方 沿海
    既然 所以 因此 因为 由于 可见 成为 那份 这份 那项 这项 那条 这条 这一点 那一点 一点 这点 那点
    类似 相似 类似的 同样 同样的 差不多 已经 一起 一家 一个 一所 一座 一种 来头 那节 这节 一节 章节 小节 描述 描写 形容 评价 表述 说法 怎么说 讲到 谈到 说到 点名 特意 专门 凭啥 凭什么 理解 意思 解释 看法 被 所谓
    案例 例子 事例 实例 例证 举个例子 它们 他们 她们 另外 此外 还有 以及 比较 相对 较为 打算 作为 准备 意味着 意味 参与
    搞了个 搞了 搞的 搞出 搞出了 弄了个 弄了 弄出 整了个 整了 弄的 出了个 做了个 推了个 搞个 弄个
    代表性 代表性的 典型 典型的 有代表性 有代表性的
    """.split()
)
EN_STOP = frozenset(
    """
    see sees saw off down
    a an the of in on at to for from by with and or is are was were be been being does do did done what which
    who whom whose how why when where that this these those it its their there here about tell me us give list
    show any some has have had having report reports say says said state states stated according city cities
    much many number name named called kind sort type can could would should will shall may might must please
    i you we they he she them his her our your my mention mentioned mentions describe describes explain
    into onto than then so as if not no yes also only just very more most per each every all both
    year years month date time long whether know let under over within among via represent represents account accounts
    numbers figures kind cover covers covered period
    make made makes concretely specifically exactly actually really claim claims single singled detail details
    what's whats described description portray portrayed characterise characterised characterize characterized
    serve serves served serving act acts acted acting function functions functioned either neither
    regarding concerning talk talks discuss discusses discussed noted through e.g eg one ones same back but out anything something context thing things stuff
    special notable noteworthy interesting particular comes come meant mean means drive drives since
    right correct isn't wasn't didn't true get got gets getting i'm i've we're we've you're
    came later earlier push pushes pushed far ok okay other others two three similar similarly likewise anything too
    example examples instance instances vs versus look looks looked like shares shared sharing
    roughly approximately nearly almost forward everyone everybody talking late document documents afterwards afterward go goes went doing
    bigger larger higher lower smaller greater fewer part runner-up runners-up runner runners
    supposed due expected slated lay lays laid concrete
    """.split()
)
# Question words jieba keeps whole (几条 几家 多少家 哪一年 哪所 ...).
_QUESTION_PREFIXES = ("几", "多少", "哪", "有多")
# Question phrases cut out before segmentation, so they cannot glue onto a content word (多少名高影响力学者 ->
# 名高, 核心数是多少 -> 数是, 排名第几 -> 排名第): "(是|为|有)(第)多少/几 + classifier", "什么时候",
# "哪(一) + one classifier (哪一年, 哪所, 哪一层)" and the like.
# how the asker wants it told ("给小朋友讲讲", "通俗地说", "in simple terms"): not what is asked about
_TELLING_REQUEST = re.compile(
    r"给(?:小朋友|孩子们?|学生们?|外行|老人|大家)(?:讲讲|讲一讲|听听?|解释一下|说说|介绍一下)?|通俗(?:地|一点|点)?(?:讲讲|讲|说说|说)|"
    r"简单(?:地|点)?(?:讲讲|说说|介绍一下)|in (?:simple|plain) (?:terms|words|english)|like i'?m (?:five|5)|"
    r"for (?:kids|children|a child|a kid|beginners|a layman)|"
    # what is notable about it, asked in so many words ("有什么特别的地方", "特别之处")
    r"有什么特别(?:的地方|之处)?|特别(?:的地方|之处)|特别在哪(?:里|儿)?|"
    r"(?:比较|很|有点|相当|挺|为何|为什么)?(?:特殊|独特|与众不同)(?:的地方|之处|在哪(?:里|儿)?)?"
)
_QUESTION_PHRASE = re.compile(
    r"(?:是|为|有)?第?(?:多少|几)[个家所名项笔次件位条届轮只款种人元年月]?|什么时候|什么时间|啥时候|啥时|几时"
    r"|哪一?[\u4e00-\u9fff]?|是什么|是谁|是否|有没有|叫什么"
)

_CJK_RUN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+")
# Latin tokens keep their inner & / . + - (PE/VC, R&D, 2.1, Pre-A) and a following 级 (E级).
_LATIN = re.compile(r"[a-z0-9](?:[a-z0-9&/.+'\-]*[a-z0-9])?(?:级)?")
_NUMBER_UNIT = re.compile(r"^\d+(?:\.\d+)?(?:年|月|日|号)$")


@lru_cache(maxsize=1)
def _jieba():
    """The project's jieba tokenizer (the report's cities and indicator names as whole words), loaded once."""
    from assistant.retrieval.bm25 import _jieba as shared
    from assistant.retrieval.bm25 import jieba_dir

    return shared(str(jieba_dir()))


def _zh_words(run: str) -> list[str]:
    words = []
    pieces = [p for p in _QUESTION_PHRASE.split(run) if p]
    for word in (w for piece in pieces for w in _jieba().lcut(piece)):
        if word in ZH_STOP or word.startswith(_QUESTION_PREFIXES) or len(word) < 2 and not word.isdigit():
            continue
        words.append(word)
    return words


def _normalise(text: str) -> str:
    text = text.replace("（", "(").replace("）", ")").replace("／", "/").replace("＆", "&")
    # Full-width Latin letters and digits to ASCII (ＧＤＰ, ２０２０).
    return "".join(chr(ord(c) - 0xFEE0) if "\uff01" <= c <= "\uff5e" else c for c in text)


_A_NOT_A = re.compile(r"(.)[不没]\1")


def content_words(text: str) -> tuple[str, ...]:
    """The question's content words in question order, each once: jieba words for Chinese (cities and
    indicator names whole), lower-cased words for Latin script; numbers and Latin tokens kept (pe/vc, gdp,
    e级, 2020), stop words and question words dropped.

    >>> content_words("成都的人工智能计算中心基于什么平台建成？")
    ('成都', '人工智能', '计算中心', '基于', '平台', '建成')
    """
    text = _TELLING_REQUEST.sub(" ", _normalise(str(text or "")).lower())
    words: list[str] = []
    # Walk the text once so Chinese and Latin words keep their order ("2020年PE/VC投资").
    for match in re.finditer(rf"{_CJK_RUN.pattern}|{_LATIN.pattern}", text):
        token = match.group(0)
        if _CJK_RUN.fullmatch(token):
            if match.start() and text[match.start() - 1].isdigit() and token[0] in "年月日号":
                token = token[
                    1:
                ]  # "2020年设了" -> "设了": the date's unit is not the next word's first character
            words += _zh_words(token) if token else []
            continue
        token = token.removesuffix("'s").strip("'.-")
        if not token or token in EN_STOP:
            continue
        if len(token) == 1 and not token.isdigit():
            continue
        words.append(token)
    out = []
    for word in words:
        if _A_NOT_A.fullmatch(word):
            continue  # 大不大, 高不高: a yes-no question's words, not its subject
        if _NUMBER_UNIT.match(word):  # 2020年 -> 2020: the report writes the year in many ways
            word = re.sub(r"\D+$", "", word)
        if word.endswith("市") and len(word) == 3:  # 成都市 -> 成都
            word = word[:-1]
        out.append(word)
    return tuple(dict.fromkeys(out))


def warm() -> None:
    """Compile every English cue's pattern now, so the first English question does not pay for them."""
    for _, en_cues in ASKED_CUES.values():
        for cue in en_cues:
            _cue_pattern(cue)
    for cue in ("how many", "how", "what"):
        _cue_pattern(cue)


def _has_en_cue(lowered: str, cue: str) -> bool:
    return _cue_pattern(cue).search(lowered) is not None


@lru_cache(maxsize=1024)
def _cue_pattern(cue: str) -> re.Pattern[str]:
    """An English cue as a whole word or phrase, compiled once (kept here, not in the re module's small cache)."""
    return re.compile(rf"(?<![a-z]){re.escape(cue)}(?![a-z])")


def asked_attributes(text: str) -> tuple[str, ...]:
    """The kinds of thing the question asks for (time, count, amount, which, name, place, how, why, what), from
    ASKED_CUES, in that table's order. "多少钱" is an amount, not also a count; "how many" is not also "how".

    >>> asked_attributes("苏州超算中心什么时候揭牌，总投资多少？")
    ('time', 'amount')
    """
    # "when it comes to AI" frames the subject; it asks no time
    lowered = re.sub(r"\bwhen it comes to\b", "regarding", _normalise(str(text or "")).lower())
    found: list[str] = []
    for attribute, (zh_cues, en_cues) in ASKED_CUES.items():
        if any(cue in lowered for cue in zh_cues) or any(_has_en_cue(lowered, cue) for cue in en_cues):
            found.append(attribute)
    # A wider cue already explains a narrower one: 多少钱 is an amount; how many / how much are not "how";
    # 什么时候 / 叫什么 / what year are not a bare "what".
    if "amount" in found and "count" in found and not _counts(lowered):
        found.remove("count")
    if "count" in found and "哪几" in lowered:
        rest = re.sub(r"哪几[个家所项座位条名]?", "", lowered)
        if not re.search(r"多少|几|how many|number of", rest):
            found.remove("count")  # "哪几家机构": which ones, not how many
    if "how" in found and not _bare_how(lowered):
        found.remove("how")
    if "what" in found and not _bare_what(lowered):
        found.remove("what")
    return tuple(found)


def _counts(lowered: str) -> bool:
    """A count cue besides an amount cue: a counter (多少家, 几所, how many), not a bare 多少 (总投资多少)."""
    stripped = lowered
    for cue in ASKED_CUES["amount"][0]:
        stripped = stripped.replace(cue, " ")
    counted = [cue for cue in ASKED_CUES["count"][0] if cue != "多少"]
    return any(cue in stripped for cue in counted) or _has_en_cue(lowered, "how many")


def _bare_how(lowered: str) -> bool:
    stripped = re.sub(r"\bhow\s+(?:many|much|large|big|long|old)\b", " ", lowered)
    zh = any(cue in lowered for cue in ASKED_CUES["how"][0])
    return zh or _has_en_cue(stripped, "how")


def _bare_what(lowered: str) -> bool:
    stripped = lowered
    for attribute in ("time", "name", "place", "how", "why"):
        for cue in ASKED_CUES[attribute][0]:
            if "什么" in cue:
                stripped = stripped.replace(cue, " ")
    stripped_en = re.sub(
        r"\bwhat(?:'s)?\s+(?:year|month|date|is the name|amount)\b|\bwhat's the name\b", " ", lowered
    )
    return "什么" in stripped or "啥" in stripped or _has_en_cue(stripped_en, "what")


# Counters a count question names: 多少笔 (deals), 几所 (universities), 多少家 (companies).
CLASSIFIERS = "个家所名项笔次件位条届轮只款"
_ASKED_UNIT = re.compile(rf"(?:多少|几)\s*([{CLASSIFIERS}])")


def asked_unit(text: str) -> str | None:
    """The counter a count question names ('多少笔' -> '笔'), so the answer can prefer a figure in it."""
    match = _ASKED_UNIT.search(text or "")
    return match.group(1) if match else None


_PARTS = re.compile(r"[？?；;！!。，,]|(?<=[a-z)])\.\s+(?=[A-Z])|\band\s+(?=what|how|when|which|who)")


def question_parts(text: str) -> tuple[tuple[tuple[str, ...], ...], tuple[tuple[str, ...], ...]]:
    """The content words of each part of a question that asks two things ("哪年揭牌的？投了多少钱"), so each part
    can find its own sentence, and what each part asks for (asked_attributes, same order: "…when was it approved,
    and which area serves as its core zone?" asks a date of one part only); both empty when it asks one thing."""
    parts = _parts(text)
    if len(parts) < 2:
        return (), ()
    return tuple(words for words, _ in parts), tuple(asked for _, asked in parts)


def content_parts(text: str) -> tuple[tuple[str, ...], ...]:
    """The content words of each part (question_parts)."""
    return question_parts(text)[0]


def asked_parts(text: str) -> tuple[tuple[str, ...], ...]:
    """What each part asks for (question_parts)."""
    return question_parts(text)[1]


def _parts(text: str) -> list[tuple[tuple[str, ...], tuple[str, ...]]]:
    return [(words, asked_attributes(p)) for p in _PARTS.split(text or "") if (words := content_words(p))]
