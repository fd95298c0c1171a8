"""Sentence-level answers from the report's prose, against the real retriever (real Chroma, real model).

tests/passage_questions.jsonl holds questions written from the report: answerable ones name the passage and a
distinctive span of the sentence that answers them; the others ask what the report does not state. Run this
file directly (`.venv/bin/python tests/test_passage_answers.py`) to print precision / recall per split and a
MIN_SCORE sweep, which is how MIN_SCORE was chosen.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from assistant.answers import passage as P
from assistant.answers.base import Context
from assistant.config import Settings
from assistant.retrieval.bm25 import cities_in
from assistant.retrieval.passages import load_passages
from assistant.understanding.content import asked_attributes, asked_unit, content_words
from assistant.understanding.query import Operation, Query

QUESTIONS = Path(__file__).with_name("passage_questions.jsonl")
# Measured with MIN_SCORE = 0.55 on all 115 questions: precision 0.954 (83 of 87 answers quote the right
# sentence), recall 0.988 (83 of 84), 27 of 31 not-in-report questions rejected (0.871). Floors just under those.
MIN_PRECISION = 0.94
MIN_RECALL = 0.97
MIN_REJECTED = 0.83  # share of not-in-report questions answered "the report does not state it"


def load_questions() -> list[dict]:
    return [json.loads(line) for line in QUESTIONS.read_text(encoding="utf-8").splitlines() if line.strip()]


def make_ctx(report, retriever, question: str) -> Context:
    """A Context whose query carries only what the passage composer reads (the parser is not under test)."""
    language = "zh" if re.search(r"[\u4e00-\u9fff]", question) else "en"
    query = Query(
        text=question,
        language=language,
        operation=Operation.PASSAGE,
        cities=tuple(cities_in(question)),
        content_words=content_words(question),
        asked=asked_attributes(question),
        asked_unit=asked_unit(question),
    )
    return Context(report=report, query=query, search=retriever.search)


def evaluate(report, retriever, rows: list[dict]) -> dict:
    """Answered / correct per question as passage_answer decides: correct when a quoted sentence holds the span."""
    results = []
    for row in rows:
        hits = P.passage_hits(make_ctx(report, retriever, row["question"]))
        correct = bool(row["answerable"]) and any(row["span"] in h.sentence for h in hits)
        results.append({**row, "answered": bool(hits), "correct": correct, "hits": hits})
    answered = sum(r["answered"] for r in results)
    correct = sum(r["correct"] for r in results)
    answerable = sum(bool(r["answerable"]) for r in results)
    rejected = sum(not r["answered"] for r in results if not r["answerable"])
    return {
        "precision": correct / answered if answered else 1.0,
        "recall": correct / answerable if answerable else 1.0,
        "rejected": rejected / max(1, len(results) - answerable),
        "results": results,
    }


@pytest.fixture(scope="module")
def report():
    from index_core.report import load_report

    return load_report()


@pytest.fixture(scope="module")
def retriever(embedder):
    from assistant.retrieval.hybrid import HybridRetriever

    r = HybridRetriever(Settings.from_env(), embeddings=embedder, auto_build=True)
    assert not r.degraded, r.notes  # real Chroma and the real model, not the BM25 fallback
    return r


@pytest.fixture(scope="module")
def measured(report, retriever):
    return evaluate(report, retriever, load_questions())


# ---- the question set itself --------------------------------------------------------------------------------


def test_question_set_is_well_formed():
    rows = load_questions()
    passages = {p["id"]: p for p in load_passages()}
    answerable = [r for r in rows if r["answerable"]]
    assert len(answerable) >= 40 and len(rows) - len(answerable) >= 15
    for row in answerable:
        assert row["span"] in passages[row["passage"]]["text"], row
    assert len({r["question"] for r in rows}) == len(rows)


# ---- content words and asked attributes ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("成都的人工智能计算中心基于什么平台建成？", ("成都", "人工智能", "计算中心", "基于", "平台", "建成")),
        ("北京有多少名高影响力学者入选AI 2000榜单？", ("北京", "影响力", "学者", "入选", "ai", "2000", "榜单")),
        ("PE/VC机构投融资数据的统计时间是哪一年？", ("pe/vc", "机构", "投融资", "数据", "统计", "时间")),
        ("鹏城云脑II的E级AI算力达到多少？", ("鹏城", "云脑", "ii", "e级", "ai", "算力")),
        ("What platform is Chengdu's AI computing centre built on?", ("platform", "chengdu", "ai", "computing", "centre", "built")),
    ],
)  # fmt: skip
def test_content_words(text, words):
    assert content_words(text) == words


@pytest.mark.parametrize(
    ("text", "asked"),
    [
        ("苏州超算中心什么时候揭牌？", ("time",)),
        ("苏州超算中心项目总投资多少？", ("amount",)),
        ("上海有几所大学设置了人工智能专业？", ("count",)),
        ("武汉对头部企业每年最高奖励多少钱？", ("amount",)),
        ("深圳支持哪些企业建设开放创新平台？", ("which",)),
        ("北京超级计算中心叫什么名字？", ("name",)),
        ("鹏城实验室在哪里？", ("place",)),
        ("报告建议如何布局算力？", ("how",)),
        ("为什么苏州排名第六？", ("why", "evidence")),
        ("南京“本土优质企业不断壮大”这一判断，报告拿什么来支撑？", ("what", "evidence")),
        ("What concretely backs that up?", ("what", "evidence")),
        ("深圳环境支撑力排第几？", ()),
        ("成都的计算中心基于什么平台？", ("what",)),
        ("How many cores does the Beijing center have?", ("count",)),
        ("How much did PE/VC invest in Hangzhou?", ("amount",)),
        ("When was the Suzhou supercomputing center unveiled?", ("time",)),
    ],
)
def test_asked_attributes(text, asked):
    assert asked_attributes(text) == asked


# ---- sentences -----------------------------------------------------------------------------------------------


def test_sentences_keep_table_rows_whole_and_merge_stubs():
    passages = {p["id"]: p for p in load_passages()}
    rows = P.split_sentences(passages["s3.8-p03"]["text"], "policy_table")
    assert any(
        r.startswith("2020年11月 | 《成都建设国家新一代人工智能创新发展试验区实施方案》") for r in rows
    )
    prose = P.split_sentences(passages["s3.8-p04"]["text"])
    assert prose[0].startswith("人工智能资源支持力。成都市")  # the 10-character lead stays with its sentence
    assert "".join(prose) == passages["s3.8-p04"]["text"]  # verbatim, nothing lost


def test_sentence_index_covers_the_report():
    index = P.sentence_index()
    assert index.n > 300
    assert index.idf(("伦理",)) > index.idf(("人工智能",))


# ---- answers with the real retriever ------------------------------------------------------------------------


def test_precision_and_recall(measured):
    wrong = [
        (r["question"], [h.sentence[:40] for h in r["hits"]])
        for r in measured["results"]
        if (r["answerable"] and not r["correct"]) or (not r["answerable"] and r["answered"])
    ]
    assert measured["precision"] >= MIN_PRECISION, wrong
    assert measured["recall"] >= MIN_RECALL, wrong
    assert measured["rejected"] >= MIN_REJECTED, wrong


SAMPLE = [
    "成都的人工智能计算中心基于什么平台建成？",
    "苏州超算中心什么时候揭牌？",
    "鹏城云脑II的E级AI算力达到多少？",
    "武汉对人工智能制造业重大项目最高给予多少资金支持？",
    "浙江大学哪一年开始招收人工智能方向的硕士研究生？",
    "上海有几所大学设置了人工智能专业？",
    "后摩智能在天使轮获得多少融资？",
    "各指标的权重是怎么确定的？",
    "报告对算力基础设施有什么建议？",
    "新一代人工智能产业技术创新战略联盟的法人实体是什么？",
]


@pytest.mark.parametrize("question", SAMPLE)
def test_answer_quotes_the_sentence_with_section_and_page(report, retriever, question):
    row = next(r for r in load_questions() if r["question"] == question)
    passage = next(p for p in load_passages() if p["id"] == row["passage"])
    reply = P.passage_answer(make_ctx(report, retriever, question))
    assert reply.intent == "passage"
    body = reply.text.split("\n\n---")[0]
    assert row["span"] in body.replace("**", "")
    page = f"，第{passage['page']}页" if passage.get("page") else ""
    lines = body.split("\n\n")
    assert lines[0] == "报告原文："  # the answer is the report's own sentence(s), not a paraphrase
    answer = next(line for line in lines[1:] if row["span"] in line.replace("**", ""))
    assert answer.endswith(f"（{passage['section']}{page}）")  # each sentence says where it stands
    sentence = answer[: answer.rindex("（")].replace("**", "")
    # one of the report's sentences, verbatim; a clause ending at "；" goes on to the end of its sentence
    assert any(
        sentence.startswith(s.strip())
        for s in P.split_sentences(passage["text"], passage.get("kind", "prose"))
    )
    assert sentence in passage["text"]
    assert "**" in body  # the answering clause is bold
    assert row["passage"] in [s.id for s in reply.sources]


def test_bold_span_is_the_answering_clause(report, retriever):
    reply = P.passage_answer(make_ctx(report, retriever, "国家超级计算深圳中心是哪一年获批成立的？"))
    assert "**2009年,国家超级计算深圳中心获国家科技部批准成立**" in reply.text
    reply = P.passage_answer(make_ctx(report, retriever, "苏州超算中心项目总投资多少？"))
    assert "**项目总投资2.1亿元**" in reply.text


def test_english_question_gets_the_chinese_sentence_with_an_english_lead(report, retriever):
    reply = P.passage_answer(
        make_ctx(report, retriever, "What platform is Chengdu's AI computing centre built on?")
    )
    lines = reply.text.split("\n\n")
    assert lines[0] == "The report states (quoted in the original Chinese):"
    assert "Atlas 900" in lines[1] and lines[1].endswith(", p.33)") and "**" in lines[1]
    assert reply.language == "en"


def _outside_quotes(text: str) -> str:
    return re.sub(r"“[^”]*”|「[^」]*」", "", text)


@pytest.mark.parametrize(
    "row", [r for r in load_questions() if not r["answerable"]], ids=lambda r: r["question"]
)
def test_not_in_report_says_so_without_a_number(report, retriever, row):
    reply = P.passage_answer(make_ctx(report, retriever, row["question"]))
    if P.passage_hits(make_ctx(report, retriever, row["question"])):
        pytest.skip("a known near miss (counted in test_precision_and_recall)")
    assert reply.text.startswith(("报告中没有找到关于", "The report does not state"))
    assert not re.search(r"\d", _outside_quotes(reply.text)), reply.text
    assert reply.sources == []


# ---- the coverage check for structured answers ----------------------------------------------------------------


def test_coverage_addendum_quotes_what_the_reply_leaves_out(report, retriever):
    ctx = make_ctx(report, retriever, "苏州超算中心什么时候揭牌？")
    block = P.coverage_addendum(ctx, "苏州的资源支持力排第4名[1]。")
    assert block is not None and block.startswith("\n\n**报告原文**\n\n")
    assert "2020年3月揭牌" in block and "第27页" in block
    assert ctx.passages == []  # pure: records nothing


def test_coverage_addendum_none_when_covered_or_not_in_report(report, retriever):
    ctx = make_ctx(report, retriever, "苏州超算中心什么时候揭牌？")
    assert P.coverage_addendum(ctx, "苏州超算中心于2020年3月揭牌，项目总投资2.1亿元。") is None
    ctx = make_ctx(report, retriever, "成都的地铁有几条线？")
    assert P.coverage_addendum(ctx, "成都排名第8。") is None


def test_coverage_addendum_english(report, retriever):
    ctx = make_ctx(report, retriever, "How many universities in Shanghai offer an AI major?")
    block = P.coverage_addendum(ctx, "Shanghai ranks #3 overall [1].")
    assert block is not None and block.startswith("\n\n**From the report** (Chinese original)\n\n")
    assert "10所大学" in block and ", p.19" in block


def test_works_with_the_parsed_query_type(report, retriever):
    """The real Query (content_words / asked filled by the parser, or left empty) is read the same way."""
    from assistant.understanding.parser import Understanding

    q = Understanding(report).parse("苏州超算中心什么时候揭牌？")
    assert q.cities == ("苏州",) and q.content_words
    reply = P.passage_answer(Context(report=report, query=q, search=retriever.search))
    assert "**苏州超算中心于2020年3月揭牌**" in reply.text
    assert reply.cities == ["苏州"]


def main() -> None:  # pragma: no cover - the tuning report
    from assistant.retrieval.hybrid import HybridRetriever
    from index_core.report import load_report

    report, retriever = load_report(), HybridRetriever(Settings.from_env())
    rows = load_questions()
    chosen = P.MIN_SCORE
    for threshold in (0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7):
        P.MIN_SCORE = threshold
        for split in ("dev", "test", "all"):
            m = evaluate(report, retriever, [r for r in rows if split == "all" or r["split"] == split])
            print(
                f"MIN_SCORE={threshold:.2f} {split:4} precision={m['precision']:.3f} "
                f"recall={m['recall']:.3f} rejected={m['rejected']:.3f}"
            )
    P.MIN_SCORE = chosen
    for r in evaluate(report, retriever, rows)["results"]:
        if (r["answerable"] and not r["correct"]) or (not r["answerable"] and r["answered"]):
            print("MISS", r["question"], [h.sentence[:50] for h in r["hits"]])


if __name__ == "__main__":  # pragma: no cover
    main()


def test_words_asking_for_a_kind_of_figure_reach_a_sentence_holding_one():
    assert "%" in P.forms_of("比例") and "元" in P.forms_of("金额")
    assert "%" in P.forms_of("percentage") or "%" in P.forms_of("percent")


def test_an_everyday_word_the_report_never_uses_weighs_less_than_an_unknown_name():
    """'有什么特别意义' frames the question; '元宇宙' names something the report does not cover."""
    (everyday,), (name,) = P._terms(["意义"]), P._terms(["元宇宙"])
    assert everyday.weight < name.weight
    assert content_words("鹏城云脑II算力有多强？") == ("鹏城", "云脑", "ii", "算力")
