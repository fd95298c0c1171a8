"""The hand-written question set (tests/questions.jsonl) through the real assistant.

One test per question, named by its id, so a failure says which question and why. The assistant is the real
one (Assistant.from_defaults(): the persisted Chroma store and the E5 embedding model), built once per session;
loading it takes ~30 s, after which the whole set runs in well under a minute. Each question is answered at
most once per session (the replies are cached for the robustness test below).
"""

from __future__ import annotations

import pytest

from assistant.evaluation import QuestionResult, answer_part, evaluate_one, load_questions, matches

QUESTIONS = load_questions()
BY_ID = {q["id"]: q for q in QUESTIONS}

REQUIRED_KINDS = {
    "explain",
    "rank",
    "dimension_rank",
    "level2_rank",
    "score",
    "score_missing",
    "compare",
    "policies",
    "policies_missing",
    "top",
    "indicators",
    "method",
    "recommendations",
    "fact",
    "fact_max",
    "whatif",
    "stability",
    "followup",
    "english",
    "help",
    "bad_input",
    "out_of_scope",
}


@pytest.fixture(scope="session")
def bot():
    from assistant.core import Assistant

    assistant = Assistant.from_defaults()
    assistant.ask("为什么苏州排名第六？")  # warm-up
    return assistant


@pytest.fixture(scope="session")
def answered(bot):
    """id -> QuestionResult, filled lazily so `-k q042` answers only that question."""
    cache: dict[str, QuestionResult] = {}

    def get(qid: str) -> QuestionResult:
        if qid not in cache:
            cache[qid] = evaluate_one(bot, BY_ID[qid])
        return cache[qid]

    return get


# ---- the set itself ------------------------------------------------------------------------------------------
def test_set_is_large_and_covers_every_kind():
    assert len(QUESTIONS) >= 150
    kinds = {q["kind"] for q in QUESTIONS}
    assert REQUIRED_KINDS <= kinds, f"missing kinds: {sorted(REQUIRED_KINDS - kinds)}"
    assert len({q["id"] for q in QUESTIONS}) == len(QUESTIONS)


def test_set_has_the_required_variety():
    texts = [q["question"] for q in QUESTIONS]
    assert any(len(t) >= 20000 for t in texts), "the 20,000-character question"
    assert any(t == "" for t in texts) and any(t and not t.strip() for t in texts), (
        "empty and whitespace input"
    )
    assert sum(q["language"] == "en" for q in QUESTIONS) >= 20, "English questions with English answers"
    assert sum(bool(q["history"]) for q in QUESTIONS) >= 10, "follow-ups with history"
    assert any(any("\uff01" <= ch <= "\uff5e" for ch in t) for t in texts), "full-width characters"
    for city in ("重庆", "西安", "大连"):
        assert any(q["kind"] == "explain" and city in q.get("expect_cities", []) for q in QUESTIONS), city


def test_every_answerable_question_checks_content():
    """Questions that have an answer in the report must say what the answer has to contain."""
    for q in QUESTIONS:
        intents = q["expect_intent"] if isinstance(q["expect_intent"], list) else [q["expect_intent"]]
        if q["kind"] not in ("bad_input", "help") and "invalid" not in intents:
            assert q["must_contain"], f"{q['id']} has no must_contain"


def test_matching_rules():
    assert matches("第6名", "**苏州总指数排名第 6 名**")
    assert matches(["#6", "第6"], "ranks #6 of 20")
    assert matches("re:第\\s*(?:6|六)(?![0-9])", "排名第六")
    assert not matches("re:第\\s*(?:1|一)(?![0-9一二三四五六七八九十])", "第15名")
    assert matches("GDP", "ＧＤＰ")  # NFKC: full-width letters
    text = "苏州排名第6[1]。\n> 报告原文：北京排名第一\n\n---\n**出处**\n- [1] 北京 88.72"
    assert answer_part(text) == "苏州排名第6[1]。"


# ---- every question through the real assistant ---------------------------------------------------------------
@pytest.mark.parametrize("qid", [q["id"] for q in QUESTIONS])
def test_question(qid, answered):
    result = answered(qid)
    question = BY_ID[qid]
    if not result.passed:
        pytest.fail(
            f"{qid} [{question['kind']}] {result.short_question!r} ({question.get('note', '')}): "
            + "; ".join(result.reasons)
            + f"\n--- answer ({result.intent}) ---\n{answer_part(result.text)[:800]}",
            pytrace=False,
        )


def test_no_reply_is_an_error_and_nothing_raises(bot, answered):
    problems = []
    for q in QUESTIONS:
        result = answered(q["id"])
        if result.error is not None or result.intent == "error":
            problems.append(f"{q['id']} {result.short_question!r}: {result.error or 'intent error'}")
    odd_inputs = [
        None,
        42,
        3.5,
        ["苏州"],
        {"question": "苏州"},
        b"\xe8\x8b\x8f\xe5\xb7\x9e",
        "\x00\x01\x02",
        "\u202e苏州",
    ]
    odd_histories = [
        [{"role": "user"}],
        [None, "苏州排第几", 7],
        [{"role": "user", "content": ["苏州排第几"]}, {"role": "assistant", "content": {"x": 1}}],
        [{"role": "user", "content": "字" * 20000}],
    ]
    cases = [(value, None) for value in odd_inputs] + [("那广州呢？", history) for history in odd_histories]
    for question, history in cases:
        try:
            reply = bot.ask(question, history=history)
        except Exception as exc:  # pragma: no cover - the point of the test
            problems.append(f"{question!r} / {history!r}: raised {type(exc).__name__}: {exc}")
            continue
        if reply.intent == "error" or not (reply.text or "").strip():
            problems.append(f"{question!r} / {history!r}: intent {reply.intent!r}, text {reply.text[:80]!r}")
    assert not problems, "\n".join(problems)
