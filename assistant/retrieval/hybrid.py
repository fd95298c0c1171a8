"""Hybrid passage search: BM25 and dense (Chroma) rankings fused by reciprocal rank.

BM25 catches exact names and figures (鹏城云脑II, 2.1亿元); the multilingual embedding catches paraphrase and
English questions over the Chinese text. Reciprocal-rank fusion needs no score calibration between the two.
When the store or the model is unavailable the retriever still answers, from BM25 alone, and says so
(`degraded`, `notes`) so the reply can tell the user.
"""

from __future__ import annotations

import logging
import time
from functools import lru_cache
from typing import Any

from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever
from pydantic import ConfigDict

from assistant.config import Settings
from assistant.reply import Source
from assistant.retrieval.bm25 import DEFAULT_TOKENIZER, BM25Index, expand_query
from assistant.retrieval.passages import load_passages, passages_hash
from assistant.retrieval.store import PassageStore, StoreUnavailable, open_store, where_clause

log = logging.getLogger(__name__)

RRF_K = 60  # the usual constant; the benchmark sweep is flat from 30 to 100
CANDIDATES = 20  # per side, before fusion
# BM25 counts double: it is the stronger side on this corpus (MRR 0.81 vs 0.71 alone). In the benchmark sweep
# 2:1 lifts hybrid recall@1 from 0.69 to 0.77 (0.55 -> 0.90 on the held-out questions), recall@5 unchanged.
WEIGHTS = {"bm25": 2.0, "dense": 1.0}


def rrf(
    rankings: dict[str, list[str]], k: int = RRF_K, weights: dict[str, float] | None = None
) -> dict[str, float]:
    """Reciprocal-rank fusion: each list adds weight / (k + rank) to every id it ranks."""
    weights = weights or WEIGHTS
    fused: dict[str, float] = {}
    for name, ids in rankings.items():
        w = weights.get(name, 1.0)
        for rank, pid in enumerate(ids, start=1):
            fused[pid] = fused.get(pid, 0.0) + w / (k + rank)
    return fused


class HybridRetriever:
    """search() -> list[Source]; BM25-only with degraded=True when Chroma or the embedding model is missing."""

    def __init__(
        self,
        settings: Settings | None = None,
        *,
        passages: list[dict] | None = None,
        tokenizer: str = DEFAULT_TOKENIZER,
        dense: bool = True,
        auto_build: bool = False,
        embeddings: Any = None,
        rrf_k: int = RRF_K,
        weights: dict[str, float] | None = None,
    ) -> None:
        self.settings = settings or Settings.from_env()
        self.passages = passages if passages is not None else load_passages()
        self.by_id = {p["id"]: p for p in self.passages}
        self.bm25 = BM25Index(self.passages, tokenizer, self.settings)
        self.rrf_k = rrf_k
        self.weights = dict(weights or WEIGHTS)
        self.degraded = False
        self.notes: list[str] = []
        self.embeddings = embeddings
        self.store: PassageStore | None = None
        if dense:
            self._open_dense(auto_build)
        else:
            self._degrade("dense search disabled; using keyword (BM25) search only")

    @property
    def note(self) -> str | None:
        return self.notes[0] if self.notes else None

    def _degrade(self, note: str) -> None:
        self.degraded = True
        self.store = None
        self._search.cache_clear()  # results fused with dense hits no longer describe what search() does
        if note not in self.notes:
            self.notes.append(note)
        log.warning(note)

    def _open_dense(self, auto_build: bool) -> None:
        """Open the store and the model; build the index only if asked. Any failure means BM25 only.

        With auto_build, a damaged embedded store (sqlite overwritten or truncated while stopped) is wiped and
        rebuilt here, and the build logs one line saying so.
        """
        from assistant.retrieval import embeddings as emb

        try:
            store = open_store(self.settings, self.embeddings, repair=auto_build)
            model_id = emb.model_id(self.settings)
            current = store.is_current(passages_hash(self.passages), model_id, len(self.passages))
            if not current and not auto_build:
                self._degrade(
                    "the passage index is missing or stale; run `city-ai index`. Keyword search only."
                )
                return
            if self.embeddings is None:
                self.embeddings = emb.E5Embeddings(emb.load_embedder(self.settings))
            if not current:
                store.embeddings = self.embeddings
                store.build(self.passages, passages_hash(self.passages), model_id, progress=False)
        except StoreUnavailable as exc:
            hint = "; `city-ai index` rebuilds it" if exc.corrupt else ""
            self._degrade(f"vector store unavailable, keyword search only: {exc}{hint}")
            return
        except Exception as exc:  # a missing or broken model must not take keyword search down with it
            log.exception("embedding model unavailable")
            self._degrade(f"embedding model unavailable, keyword search only: {type(exc).__name__}: {exc}")
            return
        self.store = store

    @lru_cache(maxsize=512)  # noqa: B019 - one retriever per process; repeated questions skip the encoder
    def _query_vector(self, query: str) -> tuple[float, ...]:
        # Encoding dominates the query path (~30 ms of ~33 ms warm); its torch thread policy belongs to
        # assistant.retrieval.embeddings (one thread: two stall against any other busy process on 2 cores).
        return tuple(self.embeddings.embed_query(query))

    def _allowed(self, city: str | None, dimension: str | None, kind: str | None) -> list[int] | None:
        if not (city or dimension or kind):
            return None
        return [
            i
            for i, p in enumerate(self.passages)
            if (not city or p.get("city") == city)
            and (not dimension or p.get("dimension") == dimension)
            and (not kind or p.get("kind") == kind)
        ]

    def rankings(
        self,
        query: str,
        city: str | None = None,
        dimension: str | None = None,
        kind: str | None = None,
        candidates: int = CANDIDATES,
    ) -> dict[str, list[str]]:
        """Each side's ranked passage ids (for fusion and for the benchmark)."""
        allowed = self._allowed(city, dimension, kind)
        out = {"bm25": [self.passages[i]["id"] for i, _ in self.bm25.search(query, candidates, allowed)]}
        if self.store is not None and not self.degraded:
            try:
                # English words also get their Chinese report terms: the small model matches those far better
                # than English alone (dense recall@5 0.74 -> 0.92 on the first 66 benchmark questions).
                vector = list(self._query_vector(expand_query(query)))
                hits = self.store.search(vector, candidates, where_clause(city, dimension, kind))
                out["dense"] = [pid for pid, _ in hits if pid in self.by_id]
            except StoreUnavailable as exc:
                self._degrade(f"vector store stopped answering, keyword search only: {exc}")
        return out

    def search(
        self,
        query: str,
        k: int = 5,
        city: str | None = None,
        dimension: str | None = None,
        kind: str | None = None,
    ) -> list[Source]:
        """The k best passages for the query, optionally only of one city, dimension or kind."""
        if not query or not query.strip():
            return []
        return list(self._search(query, k, city, dimension, kind))

    @lru_cache(maxsize=2048)  # noqa: B019 - answers re-ask the same templated queries; Sources are frozen
    def _search(
        self, query: str, k: int, city: str | None, dimension: str | None, kind: str | None
    ) -> tuple[Source, ...]:
        fused = rrf(self.rankings(query, city, dimension, kind), self.rrf_k, self.weights)
        best = sorted(fused.items(), key=lambda item: -item[1])[:k]
        return tuple(self._source(pid, score) for pid, score in best)

    def _source(self, pid: str, score: float) -> Source:
        p = self.by_id[pid]
        return Source(
            id=pid, section=p["section"], page=p.get("page"), city=p.get("city"), text=p["text"], score=score
        )

    def timed_search(self, query: str, **kwargs: Any) -> tuple[list[Source], float]:
        start = time.perf_counter()
        result = self.search(query, **kwargs)
        return result, (time.perf_counter() - start) * 1000.0

    def as_langchain(self, k: int = 5, **filters: str | None) -> PassageRetriever:
        """A LangChain BaseRetriever over this retriever, for runnable pipelines."""
        return PassageRetriever(hybrid=self, k=k, **filters)


class PassageRetriever(BaseRetriever):
    """LangChain adapter: Documents whose metadata is Source.to_dict() (id, section, page, city, score)."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    hybrid: Any
    k: int = 5
    city: str | None = None
    dimension: str | None = None
    kind: str | None = None

    def _get_relevant_documents(
        self, query: str, *, run_manager: CallbackManagerForRetrieverRun
    ) -> list[Document]:
        sources = self.hybrid.search(
            query, k=self.k, city=self.city, dimension=self.dimension, kind=self.kind
        )
        return [Document(page_content=s.text, metadata=s.to_dict(), id=s.id) for s in sources]
