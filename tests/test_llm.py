"""The optional LLM path: real HTTP on loopback, real LangChain clients, and a verifier that lets no figure slip.

Every test builds `Reply` objects directly, so it needs neither the index nor the embedding model.
"""

from __future__ import annotations

import socket
import time
from dataclasses import replace
from decimal import Decimal

import pytest

from assistant.config import Settings
from assistant.llm import (
    Material,
    llm_mode,
    make_chat_model,
    reword,
    stream_reword,
    verify,
)
from assistant.llm.rewriter import sentence_cut
from assistant.llm.verifier import cn_to_decimal, extract
from assistant.reply import Reply, Source

try:
    from fake_openai_server import FakeLLMServer, Scripted
except ImportError:  # tests/ collected as a package
    from tests.fake_openai_server import FakeLLMServer, Scripted

MODEL = "qwen2.5-fake"
QUESTION = "北京的总体排名和得分是多少？"
RANK_SECTION = "二、城市人工智能发展指数排名 > (一) 总体指数排名"
BEIJING_SECTION = "三、人工智能发展十强城市情况分析 > (一) 北京：资金、人才指标最为领先 > 人工智能资源支持力"
DRAFT = (
    "北京在20个样本城市中总体排名第一，得分为88.72分[s2.1-p03]。"
    "2020年，北京市人工智能企业融资总额超过1000亿元，融资430笔[s3.1-p12]。"
)
GOOD = "北京总体排名第一，得分88.72分[s2.1-p03]。2020年北京市人工智能企业融资总额超过1000亿元，共430笔融资[s3.1-p12]。"
WRONG_FIRST = (
    "北京总体排名第一，得分89.72分[s2.1-p03]。2020年北京市人工智能企业融资总额超过1000亿元[s3.1-p12]。"
)
WRONG_SECOND = (
    "北京总体排名第一，得分88.72分[s2.1-p03]。2020年北京市人工智能企业融资总额超过1200亿元[s3.1-p12]。"
)


def make_reply() -> Reply:
    facts = [
        {
            "label": "总指数排名",
            "value": 1,
            "unit": "名",
            "city": "北京",
            "section": RANK_SECTION,
            "quote": "北京排名第一",
        },
        {
            "label": "总指数得分",
            "value": 88.72,
            "unit": "分",
            "city": "北京",
            "section": RANK_SECTION,
            "quote": "88.72 分",
        },
        {
            "label": "人工智能企业融资总额",
            "value": 1000,
            "unit": "亿元",
            "city": "北京",
            "section": BEIJING_SECTION,
            "quote": "融资总额超过1000亿元",
        },
    ]
    sources = [
        Source(
            "s2.1-p03",
            RANK_SECTION,
            3,
            None,
            "从总体指数来看北京排名第一,得分为 88.72 分;深圳排名第二,得分 77.63 分;上海排名第三,得分为 68.59 分。",
            0.91,
        ),
        Source(
            "s3.1-p12",
            BEIJING_SECTION,
            12,
            "北京",
            "2020年，北京市人工智能企业融资总额超过1000亿元，融资430笔，融资数量和金额均为全国第一。",
            0.83,
        ),
    ]
    return Reply(
        text=DRAFT,
        intent="rank",
        cities=["北京"],
        sources=sources,
        facts=facts,
        language="zh",
        notes=["draft"],
    )


def settings_for(url: str, provider: str = "openai", timeout: float = 5.0) -> Settings:
    return Settings(llm_provider=provider, llm_base_url=url, llm_model=MODEL, llm_timeout=timeout)


@pytest.fixture(autouse=True)
def direct_loopback(monkeypatch):
    """A proxy from the environment must not intercept calls to the loopback fake server."""
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    monkeypatch.setenv("no_proxy", "127.0.0.1,localhost")


@pytest.fixture
def server():
    with FakeLLMServer() as fake:
        yield fake


@pytest.fixture
def reply() -> Reply:
    return make_reply()


@pytest.fixture
def material(reply: Reply) -> Material:
    return Material.build(QUESTION, reply.text, reply.facts, reply.sources)


def is_fallback(out: Reply, original: Reply, marker: str) -> bool:
    return out.text == original.text and out.notes[:-1] == original.notes and marker in out.notes[-1]


# --- configuration -------------------------------------------------------------------------------------


def test_off_by_default(reply):
    settings = Settings()
    assert llm_mode(settings) == "off"
    assert make_chat_model(settings) is None
    out = reword(QUESTION, reply, settings)
    assert out.text == reply.text and out.notes == reply.notes
    assert list(stream_reword(QUESTION, reply, settings)) == [reply.text]


def test_mode_from_env(monkeypatch):
    monkeypatch.setenv("CITY_AI_LLM_PROVIDER", "openai")
    monkeypatch.setenv("CITY_AI_LLM_BASE_URL", "http://127.0.0.1:8000/v1")
    monkeypatch.setenv("CITY_AI_LLM_MODEL", "qwen2.5")
    assert llm_mode(Settings.from_env()) == "openai: qwen2.5 @ http://127.0.0.1:8000/v1"
    monkeypatch.setenv("CITY_AI_LLM_PROVIDER", "gpt")
    assert llm_mode(Settings.from_env()).startswith("off (misconfigured")


def test_misconfigured_falls_back(reply):
    out = reword(QUESTION, reply, Settings(llm_provider="openai"))  # no model name
    assert is_fallback(out, reply, "配置有误")


def test_openai_construction():
    from langchain_openai import ChatOpenAI

    model = make_chat_model(
        Settings(llm_provider="openai", llm_base_url="http://127.0.0.1:1/v1", llm_model=MODEL)
    )
    assert isinstance(model, ChatOpenAI)
    assert model.model_name == MODEL and model.max_retries == 0
    assert model.openai_api_base == "http://127.0.0.1:1/v1"
    assert model.openai_api_key.get_secret_value() == "not-needed"


def test_ollama_construction():
    from langchain_ollama import ChatOllama

    settings = Settings(llm_provider="ollama", llm_base_url="http://127.0.0.1:11434", llm_model="qwen2.5:7b")
    model = make_chat_model(settings)
    assert isinstance(model, ChatOllama)
    assert model.base_url == "http://127.0.0.1:11434" and model.model == "qwen2.5:7b"
    assert llm_mode(settings) == "ollama: qwen2.5:7b @ http://127.0.0.1:11434"
    default = make_chat_model(Settings(llm_provider="ollama", llm_model="qwen2.5:7b"))
    assert default.base_url == "http://localhost:11434"


# --- verifier ------------------------------------------------------------------------------------------


def test_chinese_numerals_normalise():
    assert cn_to_decimal("十六") == 16
    assert cn_to_decimal("三万") == 30000
    assert cn_to_decimal("二〇二〇") == 2020
    assert cn_to_decimal("一千零五") == 1005
    assert cn_to_decimal("十三五") is None  # not one number: compared literally instead
    kinds = {(i.kind, i.key) for i in extract("排名第六，前十名，2021 年 2 月，2021-04，三万个，4.9%")}
    assert {
        ("ordinal", 6),
        ("top", 10),
        ("date", (2021, 2)),
        ("date", (2021, 4)),
        ("percent", Decimal("4.9")),
    } <= kinds
    assert ("number", 30000) in kinds


def test_verifier_accepts_faithful_rewording(material):
    assert verify(GOOD, material).ok
    # the same figures in other notations: 十六-style numerals, scaled magnitudes, English
    english = Material.build(
        "What is Beijing's overall rank?", DRAFT, make_reply().facts, make_reply().sources
    )
    result = verify(
        "Beijing ranks first with 88.72 points [s2.1-p03]; AI firms raised over 100 billion yuan in 2020 [s3.1-p12].",
        english,
    )
    assert result.ok, result.summary()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (WRONG_FIRST, "89.72"),
        ("北京总体排名第五，得分88.72分[s2.1-p03]。", "第五"),
        ("北京总体排名第二，得分88.72分[s2.1-p03]。", "第二 (北京)"),  # 第二 is 深圳's rank, not 北京's
        ("上海得分88.72分[s2.1-p03]。", "88.72 (上海)"),
        ("北京总体排名第一，得分88.72分，比上年高出百分之五[s2.1-p03]。", "百分之五"),
        ("2021年3月，北京得分88.72分[s2.1-p03]。", "2021年3月"),
        ("北京得分88.72分，三万家企业受益[s2.1-p03]。", "三万"),
        ("北京得分88.72分，领先杭州[s2.1-p03]。", "杭州"),
        ("北京得分88.72分，超过 Hangzhou[s2.1-p03]。", "Hangzhou"),
        ("北京得分88.72分[s9.9-p99]。", "[s9.9-p99]"),
        ("北京在全国十四五规划中得分88.72分[s2.1-p03]。", "十四五"),
    ],
)
def test_verifier_rejects_unsupported(material, text, expected):
    result = verify(text, material)
    assert not result.ok
    assert expected in result.unsupported, result.summary()


def test_verifier_uses_material_not_world_knowledge(material):
    # 深圳 77.63 is in a passage the model was given: allowed. 上海's score 68.59 too; 2019 is not.
    assert verify("北京得分88.72分，深圳77.63分[s2.1-p03]。", material).ok
    assert "2019" in verify("2019年北京得分88.72分[s2.1-p03]。", material).unsupported


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("", "empty"),
        ("   ", "empty"),
        ("Beijing ranks first with 88.72 points [s2.1-p03].", "without Chinese"),
        ("北京得分88.72分<script>alert(1)</script>[s2.1-p03]。", "markup"),
        ("北京得分88.72分，详见javascript:alert(1)[s2.1-p03]。", "markup"),
        ("北京总体排名第一，得分88.72分。", "citations dropped"),
    ],
)
def test_verifier_whole_text_rules(material, text, problem):
    result = verify(text, material)
    assert not result.ok
    assert any(problem in p for p in result.problems), result.summary()


def test_english_question_answered_in_chinese_fails(reply):
    material = Material.build("What is Beijing's rank?", reply.text, reply.facts, reply.sources)
    assert not verify(GOOD, material).ok


def test_sentence_cut_waits_for_complete_sentences():
    assert sentence_cut("北京得分88.") == 0  # a decimal point is not a full stop
    assert sentence_cut("Beijing scored 88.72. Shen") == len("Beijing scored 88.72.")
    assert sentence_cut("得分88.72分[s2.1-p03; s3") == 0  # never inside a citation bracket
    assert sentence_cut("北京第一。深圳") == len("北京第一。")


# --- reword against a real OpenAI-compatible server ----------------------------------------------------


def test_correct_rewording_is_shown(server, reply):
    server.script(GOOD)
    out = reword(QUESTION, reply, settings_for(server.openai_url))
    assert out.text == GOOD
    assert out.sources == reply.sources and out.facts == reply.facts and out.intent == reply.intent
    assert out.notes[:-1] == reply.notes and "数字已核对" in out.notes[-1] and MODEL in out.notes[-1]
    assert reply.text == DRAFT and reply.notes == ["draft"]  # the input is not mutated

    [request] = server.requests
    assert request.path == "/v1/chat/completions"
    assert request.body["model"] == MODEL and not request.body.get("stream")
    system, human = request.body["messages"]
    assert system["role"] == "system" and "[s3.6-p04]" in system["content"]
    prompt = human["content"]
    assert QUESTION in prompt and DRAFT in prompt
    for fact in reply.facts:  # the structured facts, field by field
        assert f'"label": "{fact["label"]}"' in prompt and f'"value": {fact["value"]}' in prompt
        assert f'"section": "{fact["section"]}"' in prompt
    for source in reply.sources:  # the cited passages with id and section
        assert f"[{source.id}] {source.section}" in prompt and source.text in prompt


def test_wrong_number_falls_back(server, reply):
    server.script(WRONG_FIRST)
    out = reword(QUESTION, reply, settings_for(server.openai_url))
    assert is_fallback(out, reply, "未通过数字核对")
    assert "89.72" in out.notes[-1] and "89.72" not in out.text


def test_timeout_falls_back(server, reply):
    server.script(Scripted(content=GOOD, delay=5))
    started = time.monotonic()
    out = reword(QUESTION, reply, settings_for(server.openai_url, timeout=0.5))
    assert time.monotonic() - started < 3
    assert is_fallback(out, reply, "超时")


@pytest.mark.parametrize(
    "body",
    [
        "this is not json {",
        '{"id": "x", "object": "chat.completion", "model": "m"}',  # no choices
        '{"id": "x", "object": "chat.completion", "model": "m", "choices": null}',
    ],
)
def test_malformed_output_falls_back(server, reply, body):
    server.script(Scripted(raw_body=body))
    out = reword(QUESTION, reply, settings_for(server.openai_url))
    assert is_fallback(out, reply, "格式异常")


def test_server_error_and_refused_connection_fall_back(server, reply):
    server.script(Scripted(raw_body='{"error": {"message": "boom"}}', status=500))
    assert is_fallback(reword(QUESTION, reply, settings_for(server.openai_url)), reply, "不可用")
    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    out = reword(QUESTION, reply, settings_for(f"http://127.0.0.1:{port}/v1"))
    assert is_fallback(out, reply, "不可用")


def test_think_block_is_dropped(server, reply):
    server.script("<think>北京第二？不，第一。</think>\n" + GOOD)
    assert reword(QUESTION, reply, settings_for(server.openai_url)).text == GOOD


# --- streaming: verify-then-show -------------------------------------------------------------------------


def run_stream(question, reply, settings):
    """All yields plus the generator's return value (the final Reply)."""
    gen = stream_reword(question, reply, settings)
    yields = []
    while True:
        try:
            yields.append(next(gen))
        except StopIteration as stop:
            return yields, stop.value


def test_stream_correct_grows_to_verified_text(server, reply):
    server.script(Scripted(content=GOOD, chunk_size=3))  # 3-char chunks split "88.72" across tokens
    yields, final = run_stream(QUESTION, reply, settings_for(server.openai_url))
    assert server.requests[0].body["stream"] is True
    assert yields[-1] == GOOD == final.text and "数字已核对" in final.notes[-1]
    assert len(yields) >= 2
    assert all(b.startswith(a) and len(b) > len(a) for a, b in zip(yields, yields[1:], strict=False))
    assert yields[0] == GOOD[: GOOD.index("。") + 1]  # shown a whole sentence at a time


def test_stream_wrong_second_sentence_never_shown(server, reply):
    server.script(Scripted(content=WRONG_SECOND, chunk_size=4))
    yields, final = run_stream(QUESTION, reply, settings_for(server.openai_url))
    assert not any("1200" in y for y in yields)
    assert yields[0] == WRONG_SECOND[: WRONG_SECOND.index("。") + 1]  # the verified first sentence was shown
    assert yields[-1] == reply.text == final.text and "未通过数字核对" in final.notes[-1]


def test_stream_stall_times_out(server, reply):
    server.script(Scripted(content=GOOD, chunk_size=10, chunk_delay=2))
    started = time.monotonic()
    yields, final = run_stream(QUESTION, reply, settings_for(server.openai_url, timeout=1))
    assert time.monotonic() - started < 3
    assert yields[-1] == reply.text and "超时" in final.notes[-1]


def test_stream_malformed_falls_back(server, reply):
    server.script(Scripted(raw_body="not an event stream"))
    yields, final = run_stream(QUESTION, reply, settings_for(server.openai_url))
    assert yields == [reply.text] and "格式异常" in final.notes[-1]


# --- the Ollama path, for real over /api/chat -------------------------------------------------------------


def test_ollama_reword_and_stream(server, reply):
    settings = settings_for(server.url, provider="ollama")
    server.script(GOOD, Scripted(content=WRONG_SECOND, chunk_size=6))
    out = reword(QUESTION, reply, settings)
    assert out.text == GOOD and "数字已核对" in out.notes[-1]
    request = server.requests[0]
    assert request.path == "/api/chat" and request.body["model"] == MODEL
    assert DRAFT in request.body["messages"][1]["content"]

    yields, final = run_stream(QUESTION, replace(reply), settings)
    assert not any("1200" in y for y in yields) and yields[-1] == reply.text
    assert "未通过数字核对" in final.notes[-1]
