"""The report's own evidence for a claim about a city: the sentences that back what the question asks about.

"北京被说成资金、人才指标最为领先，依据是什么？", "What concretely backs Wuhan's 'support for settling'?": a rank or
a headline is the report's conclusion; the user wants the sentences it rests on. Those are in the city's profile
(and chapter two's sentences naming it), organised by the report as "资金支持方面，…。算力支持方面，…": a lead clause
naming the indicator, then the figures and names. This module scores the city's sentences against the claim's
words (the question's content words without the city and without the words every why-question has) and gives the
best few, each with the next sentence when it is a lead with no figure of its own (the figures follow it).

It writes nothing of its own: every line is a report sentence, verbatim, with its section and page.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from assistant.reply import Source

# Words every "why / on what evidence" question has: not what the claim is about.
GENERIC_WORDS = frozenset(
    """
    排名 排 名次 位次 第 位 名 原因 依据 证据 理由 根据 支撑 佐证 说明 体现 认为 判断 拿 凭 凭啥 底子 优势 突出 强
    表现 结论 概括 小标题 标题 题目 评价 点名 领先 靠前 靠后 靠 得分 分数 分值 水平 发展 人工智能 ai 城市 样本
    rank ranks ranked ranking place placed position why reason reasons evidence basis backs back backed backing up
    supports supported support behind headline headlines headlined single out strong strength strengths edge
    advantage claim cite cites cited point points show shows shown demonstrate justify justifies proof concrete
    profile describes described outstanding leading lead leads score scores scored level ai main key overview
    summary summarize summarise describe 主要 特点 概括 概述 总结
    """.split()
)
MIN_EVIDENCE = 0.3  # below this a sentence is not evidence for the claim (score_sentence's 0-1 scale)
LIMIT = 6
_FIGURE = re.compile(r"\d|[一二两三四五六七八九十百千万]+\s*[个家所名项笔次件位条届轮亿]")
_CAPTION = re.compile(r"^(?:表|图)\d+|^(?:资料|数据)来源")  # a table's or figure's caption, not a statement
_LEAD = re.compile(r"^[^，,。]{2,12}方面[，,]")


def claim_words(
    words: Sequence[str], cities: Sequence[str], city_words: Sequence[str] = ()
) -> tuple[str, ...]:
    """The words of the claim: content words that are neither a city's name nor generic why-question words."""
    from assistant.answers.passage import _city_of_word

    skip = {w.lower() for w in (*cities, *city_words)}
    return tuple(
        w
        for w in words
        if w and w.lower() not in skip and w.lower() not in GENERIC_WORDS and not _city_of_word(w.lower())
    )


@dataclass(frozen=True)
class _Segment:
    """A run of the city's sentences on one point: a lead ("资金支持方面，…") and what follows it up to the next
    lead, inside one dimension paragraph (section) of its profile; or one chapter-two sentence naming the city."""

    section_label: (
        str  # the paragraph's dimension (人工智能资源支持力), empty outside the profile's paragraphs
    )
    own_label: str  # the lead's topic (资金支持), empty for a paragraph's opening sentences
    sentences: tuple[tuple[int, str, Source], ...]


def _segments(city: str, sample: Sequence[str]) -> list[_Segment]:
    """The city's profile cut at the report's "X方面，" leads, and chapter two's sentences with it as a subject."""
    from assistant.answers.passage import report_sentences

    segments: list[_Segment] = []
    current: list[tuple[int, str, Source]] = []
    label, section = "", ""

    def close() -> None:
        if current:
            segments.append(_Segment(section.rsplit(">", 1)[-1].strip(), label, tuple(current)))

    for i, (sentence, source) in enumerate(report_sentences()):
        if "|" in sentence:
            continue  # policy table rows are answered by the policy composers
        if source.city == city:
            lead = _LEAD.match(sentence)
            if source.section != section or lead:
                close()
                current, section = [], source.section
                label = lead.group(0)[:-1].removesuffix("方面") if lead else ""
            current.append((i, sentence, source))
        elif source.city is None and city in sentence and sum(c in sentence for c in sample) < 4:
            segments.append(_Segment("", "", ((i, sentence, source),)))
    close()
    return segments


def _label_weight(segment: _Segment, words: Sequence[str]) -> float:
    """How squarely a segment's topic is the claim's: a claim word in its own lead counts 2, in its dimension 1."""
    from assistant.answers.passage import forms_of

    def hits(label: str) -> int:
        label = label.lower()
        return sum(1 for w in words if label and any(f in label for f in forms_of(w)))

    return 2.0 * hits(segment.own_label) + 1.0 * hits(segment.section_label)


def claim_evidence(
    city: str,
    words: Sequence[str],
    sample: Sequence[str],
    *,
    shown: str = "",
    limit: int = LIMIT,
) -> list[tuple[str, Source]]:
    """The report sentences (with their passages) that best back a claim about `city` made in `words`, in the
    report's order, leaving out sentences already in `shown`; empty when the claim has no words of its own or
    nothing in the city's sentences speaks to it.

    The sentence that restates the claim comes first; then the points (segments) whose topic the claim names
    ("资金" -> the 资金支持方面 run with its figures), or, when it names none, the best-matching sentences each with
    the sentence after it when they hold no figure (the figures follow a lead)."""
    from assistant.answers.passage import rest_of_sentence, score_sentence

    if not words:
        return []
    squeezed = re.sub(r"\s+", "", shown)
    segments = _segments(city, sample)
    scores = {
        i: score_sentence(sentence, source, list(words), cities=(city,))[0]
        for segment in segments
        for i, sentence, source in segment.sentences
    }
    chosen: dict[int, tuple[str, Source]] = {}

    def take(i: int, sentence: str, source: Source) -> None:
        bare = re.sub(r"\s+", "", sentence)
        if len(chosen) >= limit or i in chosen or bare in squeezed or _CAPTION.match(bare):
            return
        if any(bare in re.sub(r"\s+", "", text) for text, _ in chosen.values()):
            return  # the rest of a sentence already shown whole
        chosen[i] = (sentence + rest_of_sentence(sentence, source.text), source)

    flat = [item for segment in segments for item in segment.sentences]
    best = max(flat, key=lambda item: (scores[item[0]], -item[0]), default=None)
    if best is not None and scores[best[0]] >= MIN_EVIDENCE:
        take(*best)  # the report restating the claim ("北京市在发展人工智能的资金和人才支持方面实力最为突出")
        if best[2].section.startswith("二"):
            # chapter two states it, then goes on about the city in the sentences that have it as their subject
            # ("苏州排名第六,是前十城市中唯一的地级市。…苏州是我国布局人工智能产业较早的城市之一,苏州工业园区…")
            for item in flat:
                if item[2].section == best[2].section and (item[1].startswith(city) or item[2].city == city):
                    take(*item)
    topical = sorted(
        (
            (w, max(scores[i] for i, _, _ in seg.sentences), n, seg)
            for n, seg in enumerate(segments)
            if (w := _label_weight(seg, words)) > 0
        ),
        key=lambda item: (-item[0], -item[1], item[2]),
    )
    for weight, _, _, segment in topical:
        if (
            weight >= 2
        ):  # the claim names the point itself ("资金" -> 资金支持方面): its run, figures included
            for item in segment.sentences[:3]:
                take(*item)
    ranked = sorted(flat, key=lambda item: (-scores[item[0]], item[0]))
    for i, sentence, source in ranked:
        if scores[i] < MIN_EVIDENCE:
            break
        take(i, sentence, source)
        after = next((x for x in flat if x[0] == i + 1), None)
        if after and not _FIGURE.search(sentence) and after[2].id == source.id and not _LEAD.match(after[1]):
            take(*after)  # a lead states the point; the figures follow it
    for weight, _, _, segment in topical:
        if weight < 2:  # only the paragraph's dimension matches: its opening sentences
            for item in segment.sentences[:2]:
                take(*item)
    return [chosen[i] for i in sorted(chosen)]  # the report's own order reads as its argument
