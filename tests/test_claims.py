"""The report's grounds for a claim about a city (assistant.answers.claims) and names spelled in pinyin.

The expectations are report facts checked by hand against the report text (the sentences that carry a point's
figures), not answers keyed to any question set."""

from __future__ import annotations

import pytest

from assistant.answers.claims import _segments, claim_evidence, claim_words
from assistant.answers.passage import forms_of, pinyin_names
from index_core.report import load_report


@pytest.fixture(scope="module")
def sample() -> list[str]:
    return list(load_report().sample)


def test_claim_words_leave_out_the_city_and_why_words():
    words = ("北京", "资金", "人才", "依据", "排名", "beijing", "funding", "evidence", "backs")
    assert claim_words(words, ("北京", "beijing")) == ("资金", "人才", "funding")


def test_profile_is_cut_at_the_reports_leads(sample):
    segments = _segments("北京", sample)
    labels = [s.own_label for s in segments if s.own_label]
    assert {"资金支持", "算力支持", "载体支持", "知识储备", "科研成果"} <= set(labels)
    funding = next(s for s in segments if s.own_label == "资金支持")
    assert funding.section_label.endswith("资源支持力")
    assert any("430" in sentence for _, sentence, _ in funding.sentences)


def test_a_named_point_brings_its_figures(sample):
    text = " ".join(s for s, _ in claim_evidence("北京", ("资金", "人才"), sample))
    assert "1000亿元" in text and "430笔" in text  # the 资金支持 run: the lead and the figures after it
    assert "资金和人才支持方面实力最为突出" in text  # the profile restating the claim


def test_english_claim_words_find_the_same_point(sample):
    text = " ".join(s for s, _ in claim_evidence("武汉", ("companies", "locate", "incentives"), sample))
    assert "500万元" in text and "5亿元" in text


def test_evidence_leaves_out_what_is_already_shown(sample):
    first = claim_evidence("南京", ("本土", "优质", "企业", "壮大"), sample)
    assert first
    again = claim_evidence("南京", ("本土", "优质", "企业", "壮大"), sample, shown=first[0][0])
    assert first[0][0] not in [s for s, _ in again]


def test_no_claim_words_no_evidence(sample):
    assert claim_evidence("北京", (), sample) == []
    assert claim_evidence("大连", ("量子", "计算"), sample) == []  # nothing the report says of Dalian


def test_names_spelled_in_pinyin_reach_the_reports_words():
    assert "福田" in forms_of("futian")  # 福田区 without its suffix
    assert "后摩" in forms_of("houmo")  # 后摩智能, a company name jieba cuts apart
    assert pinyin_names().get("zhongguancun") == ("中关村",)
    assert forms_of("change") == ()  # an English word is not read as pinyin


def test_short_names_the_report_defines_reach_their_full_names():
    from assistant.retrieval.bm25 import abbreviation_expansions

    expansions = abbreviation_expansions()
    assert expansions["上奇数科"] == ("上奇数字科技有限公司",)  # the name, not the sentence before it
    assert "上奇数字科技有限公司" in forms_of("上奇数科")
