"""BM25, the Chroma store and hybrid search, with the real embedding model and real embedded Chroma."""

from __future__ import annotations

import json
import statistics
import time

import pytest
from conftest import free_port, make_settings

from assistant.config import PROJECT_ROOT
from assistant.reply import Source
from assistant.retrieval import bm25
from assistant.retrieval.bm25 import BM25Index, bigram_tokens, cities_in, english_terms, expand_query
from assistant.retrieval.hybrid import HybridRetriever
from assistant.retrieval.indexing import build_index
from assistant.retrieval.indexing import main as index_main
from assistant.retrieval.passages import corpus_hash, load_passages, passages_hash
from assistant.retrieval.store import PassageStore, StoreUnavailable

QUESTIONS = PROJECT_ROOT / "benchmarks" / "retrieval_questions.jsonl"


@pytest.fixture(scope="module")
def built(tmp_path_factory, model_ref):
    """One full index build in a fresh home, shared by this module's search tests."""
    settings = make_settings(tmp_path_factory.mktemp("city_ai") / "home", model_ref)
    return settings, build_index(settings, progress=False)


@pytest.fixture(scope="module")
def retriever(built, embedder) -> HybridRetriever:
    return HybridRetriever(built[0], embeddings=embedder)


def ids(sources: list[Source]) -> list[str]:
    return [s.id for s in sources]


# --- BM25 -------------------------------------------------------------------------------------------------


def test_bigram_tokens() -> None:
    expected = ["苏", "州", "算", "力", "苏州", "州算", "算力", "gdp", "20.5"]
    assert bigram_tokens("苏州算力 GDP 20.5%") == expected


def test_jieba_is_quiet_and_caches_its_dictionary_in_the_home(tmp_settings, capfd) -> None:
    tokens = bm25.make_tokenizer("jieba", tmp_settings)("苏州的算力支持和资源支持力怎么样")
    assert "苏州" in tokens and "算力支持" in tokens and "资源支持力" in tokens
    assert "的" not in tokens and "怎么样" not in tokens
    assert capfd.readouterr().err == ""
    assert (tmp_settings.home / "jieba" / "jieba.cache").is_file()


def test_english_city_names_and_nicknames_map_to_chinese() -> None:
    assert cities_in("How does Suzhou compare with Canton and 魔都?") == ["苏州", "广州", "上海"]
    assert cities_in("南京和北京") == ["南京", "北京"]  # 京 alone is no alias: it is inside both names
    assert cities_in("What about Xi'an, Xian and Shenzhen? Not taxi and bus") == ["西安", "深圳"]
    assert english_terms("How many AI unicorns and supercomputers?") == ["独角兽", "超算", "超级计算"]
    assert expand_query("Suzhou computing power") == "Suzhou computing power 苏州 算力"


@pytest.mark.parametrize("tokenizer", bm25.TOKENIZERS)
def test_bm25_finds_exact_names_and_respects_allowed(tokenizer, tmp_settings) -> None:
    passages = load_passages()
    index = BM25Index(passages, tokenizer, tmp_settings)
    top = [passages[i]["id"] for i, _ in index.search("鹏城云脑II的算力", 3)]
    assert top[0] == "s3.2-p05"
    suzhou = [i for i, p in enumerate(passages) if p["city"] == "苏州"]
    assert {passages[i]["city"] for i, _ in index.search("算力", 10, allowed=suzhou)} == {"苏州"}
    assert index.search("的 了 吗", 5) == []


# --- the store ---------------------------------------------------------------------------------------------


def test_build_index_is_idempotent(built) -> None:
    settings, first = built
    assert first["built"] and first["passages"] == len(load_passages())
    assert first["corpus_hash"] == corpus_hash() and first["model_id"]
    start = time.perf_counter()
    second = build_index(settings, progress=False)
    assert not second["built"] and second["reason"] == "up to date"
    assert time.perf_counter() - start < 10


def test_store_rebuilds_only_when_model_or_corpus_changes(tmp_settings, embedder) -> None:
    passages = [dict(p) for p in load_passages()[:6]]
    store = PassageStore(tmp_settings, embedder)
    assert store.build(passages, passages_hash(passages), "model-a", progress=False)["reason"] == "new"
    again = PassageStore(tmp_settings, embedder).build(
        passages, passages_hash(passages), "model-a", progress=False
    )
    assert again["built"] is False
    assert (
        store.build(passages, passages_hash(passages), "model-b", progress=False)["reason"] == "model changed"
    )
    passages[0]["text"] += "（修订）"
    changed = store.build(passages, passages_hash(passages), "model-b", progress=False)
    assert changed["reason"] == "corpus changed"
    stored = store.vectorstore.get(ids=[passages[0]["id"]])["documents"][0]
    assert stored.endswith("（修订）") and store.state()["count"] == 6
    assert store.build(passages, passages_hash(passages), "model-b", rebuild=True, progress=False)["built"]


def test_unreachable_server_is_a_clear_error(tmp_path, model_ref, capsys, monkeypatch) -> None:
    port = free_port()
    settings = make_settings(tmp_path, model_ref, chroma_host="127.0.0.1", chroma_port=port)
    with pytest.raises(StoreUnavailable, match=f"127.0.0.1:{port} is unreachable"):
        PassageStore(settings)
    monkeypatch.setenv("CITY_AI_HOME", str(tmp_path))
    monkeypatch.setenv("CITY_AI_MODEL", model_ref)
    monkeypatch.setenv("CITY_AI_CHROMA_HOST", "127.0.0.1")
    monkeypatch.setenv("CITY_AI_CHROMA_PORT", str(port))
    assert index_main(["--quiet"]) == 2
    err = capsys.readouterr().err
    assert "unreachable" in err and "Traceback" not in err


# --- hybrid search -----------------------------------------------------------------------------------------


def test_hybrid_uses_both_sides(retriever) -> None:
    assert not retriever.degraded and retriever.notes == []
    sides = retriever.rankings("How many AI unicorns does Beijing have?")
    assert set(sides) == {"bm25", "dense"} and sides["dense"]
    top = retriever.search("How many AI unicorns does Beijing have?", k=5)
    assert "s3.1-p08" in ids(top)
    assert all(isinstance(s, Source) and s.section and s.text for s in top)
    assert [s.score for s in top] == sorted((s.score for s in top), reverse=True)


def test_filters_apply_to_both_sides(retriever) -> None:
    by_city = retriever.search("算力支持", k=8, city="苏州")
    assert by_city and {s.city for s in by_city} == {"苏州"}
    by_dim = retriever.search("资金", k=8, dimension="资源支持力")
    assert by_dim and {retriever.by_id[s.id]["dimension"] for s in by_dim} == {"资源支持力"}
    tables = retriever.search("人工智能政策", k=20, kind="policy_table")
    assert len(tables) == 10 and {retriever.by_id[s.id]["kind"] for s in tables} == {"policy_table"}
    assert ids(retriever.search("政策", k=5, city="苏州", kind="policy_table")) == ["s3.6-p03"]
    sides = retriever.rankings("算力", city="深圳", dimension="资源支持力")
    for side in ("bm25", "dense"):
        assert sides[side] and all(pid.startswith("s3.2-") for pid in sides[side])
    assert retriever.search("算力", k=5, city="厦门") == []  # no passage is about Xiamen


def test_recall_floor_on_the_benchmark(retriever) -> None:
    questions = [json.loads(line) for line in QUESTIONS.read_text(encoding="utf-8").splitlines() if line]
    assert len(questions) >= 40
    found = [bool(set(ids(retriever.search(q["question"], k=5))) & set(q["relevant"])) for q in questions]
    recall = sum(found) / len(found)
    missed = [q["question"] for q, ok in zip(questions, found, strict=True) if not ok]
    assert recall >= 0.95, missed


def test_langchain_adapter(retriever) -> None:
    from langchain_core.runnables import RunnableLambda

    lc = retriever.as_langchain(k=3, city="深圳")
    docs = lc.invoke("算力支撑")
    assert len(docs) == 3 and {d.metadata["city"] for d in docs} == {"深圳"}
    assert docs[0].metadata["id"] and docs[0].metadata["section"] and docs[0].page_content
    chain = RunnableLambda(lambda q: q.strip()) | lc
    assert [d.metadata["id"] for d in chain.invoke("  算力支撑 ")] == [d.metadata["id"] for d in docs]


def test_query_latency_when_warm(retriever) -> None:
    questions = ["苏州的算力支持怎么样？", "How many AI unicorns does Beijing have?", "报告有哪些建议？"] * 3
    for q in questions:
        retriever.search(q)
    times = []
    for i, q in enumerate(questions):
        retriever._query_vector.cache_clear()
        start = time.perf_counter()
        retriever.search(f"{q} {i}")
        times.append((time.perf_counter() - start) * 1000)
    # The goal is < 30 ms on 2 idle cores (see the benchmark); here only a bound a shared CI box keeps.
    assert statistics.median(times) < 250, times


# --- degraded modes ----------------------------------------------------------------------------------------


def test_bm25_fallback_when_the_server_is_unreachable(tmp_path, model_ref) -> None:
    settings = make_settings(tmp_path, model_ref, chroma_host="127.0.0.1", chroma_port=free_port())
    retriever = HybridRetriever(settings)
    assert retriever.degraded and "unreachable" in retriever.note
    assert ids(retriever.search("鹏城云脑II的算力达到多少？", k=3))[0] == "s3.2-p05"
    assert {s.city for s in retriever.search("算力", k=5, city="苏州")} == {"苏州"}


def test_missing_index_degrades_with_a_hint(tmp_settings) -> None:
    retriever = HybridRetriever(tmp_settings)
    assert retriever.degraded and "city-ai index" in retriever.note
    assert retriever.search("杭州有多少家独角兽企业？", k=3)[0].id == "s3.5-p06"
    assert retriever.search("   ") == []
