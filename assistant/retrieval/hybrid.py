"""Hybrid passage search: BM25 and dense (Chroma) rankings fused by reciprocal rank.

BM25 catches exact names and figures (鹏城云脑II, 2.1亿元); the multilingual embedding catches paraphrase and
English questions over the Chinese text. Reciprocal-rank fusion needs no score calibration between the two.
When the store or the model is unavailable the retriever still answers, from BM25 alone, and says so
(`degraded`, `notes`) so the reply can tell the user.

With `lazy=True` nothing is loaded at construction: BM25 is built on the first search, and the dense side (Chroma,
torch, the embedding model: ~5 s) is opened on the first search too, or on the first look at `degraded`/`notes`.
A table look-up that never searches never pays for either; `warm()` loads both now (the server does, at start).

Chroma failing at run time is short and recoverable: a dense search has `settings.chroma_timeout` seconds (~2 s),
after which that answer uses BM25 alone; the retriever is then keyword-only (`mode`, `degraded`, `note` say so)
and a background probe (one daemon thread, backing off from 0.5 s to 5 s) reopens the collection by name and
restores dense search as soon as the server, or a rebuilt collection, answers again.
"""

from __future__ import annotations

import logging
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from functools import cache, lru_cache
from typing import TYPE_CHECKING, Any

from assistant.config import Settings
from assistant.reply import Source
from assistant.retrieval.bm25 import DEFAULT_TOKENIZER, BM25Index, expand_query
from assistant.retrieval.passages import load_passages, passages_hash
from assistant.retrieval.store import StoreUnavailable, open_store, where_clause

if TYPE_CHECKING:
    from assistant.retrieval.store import PassageStore

log = logging.getLogger(__name__)

RRF_K = 60  # the usual constant; the benchmark sweep is flat from 30 to 100
CANDIDATES = 20  # per side, before fusion
# BM25 counts double: it is the stronger side on this corpus (MRR 0.81 vs 0.71 alone). In the benchmark sweep
# 2:1 lifts hybrid recall@1 from 0.69 to 0.77 (0.55 -> 0.90 on the held-out questions), recall@5 unchanged.
WEIGHTS = {"bm25": 2.0, "dense": 1.0}
PROBE_FIRST, PROBE_MAX = 0.5, 5.0  # re-probe back-off (seconds) while Chroma is down
PROBE_GIVE_UP = 24 * 3600.0  # a probe thread ends after this long; the next failed search starts another


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
        lazy: bool = False,
    ) -> None:
        self.settings = settings or Settings.from_env()
        self.passages = passages if passages is not None else load_passages()
        self.by_id = {p["id"]: p for p in self.passages}
        self._tokenizer = tokenizer
        self._bm25: BM25Index | None = None
        self.rrf_k = rrf_k
        self.weights = dict(weights or WEIGHTS)
        self._degraded = False
        self._notes: list[str] = []
        self._outage: str | None = None  # why dense search is down for now (it comes back by itself)
        self._probe: threading.Thread | None = None
        self._pool: ThreadPoolExecutor | None = None
        self.embeddings = embeddings
        self.store: PassageStore | None = None
        self._auto_build = auto_build
        self._lock = threading.RLock()
        self.dense_settled = False  # True once the dense side was opened or given up on
        if not dense:
            self._degrade("dense search disabled; using keyword (BM25) search only")
        elif not lazy:
            self.warm()

    # ---- lazy parts -------------------------------------------------------------------------------------
    @property
    def bm25(self) -> BM25Index:
        if self._bm25 is None:
            with self._lock:
                if self._bm25 is None:
                    self._bm25 = BM25Index(self.passages, self._tokenizer, self.settings)
        return self._bm25

    def _ensure_dense(self) -> None:
        if not self.dense_settled:
            from assistant.core import _loading_without_gc

            with (
                self._lock,
                _loading_without_gc(),
            ):  # torch + the model: long-lived objects, kept out of GC scans
                if not self.dense_settled:
                    self._open_dense(self._auto_build)
                    self.dense_settled = True

    def warm(self) -> HybridRetriever:
        """Load BM25 and open the dense side now (a server does this once at start)."""
        self.bm25  # noqa: B018 - builds it
        self._ensure_dense()
        return self

    @property
    def degraded(self) -> bool:
        """True when answers come from BM25 alone (opens the dense side first if that was not tried yet)."""
        self._ensure_dense()
        return self._degraded or self._outage is not None

    @property
    def mode(self) -> str:
        """The live retrieval mode: 'hybrid' (BM25 + dense) or 'keyword-only' (for the status line, /healthz)."""
        return "keyword-only" if self.degraded else "hybrid"

    @property
    def notes(self) -> list[str]:
        self._ensure_dense()
        return self._notes + ([self._outage] if self._outage else [])

    @property
    def note(self) -> str | None:
        return self.notes[0] if self.notes else None

    def _degrade(self, note: str) -> None:
        self._degraded = True
        self.dense_settled = True
        self.store = None
        self._search.cache_clear()  # results fused with dense hits no longer describe what search() does
        if note not in self._notes:
            self._notes.append(note)
        log.warning(note)

    # ---- outages: short and recoverable ---------------------------------------------------------------------
    def _dense_hits(
        self, vector: list[float], candidates: int, where: dict | None
    ) -> list[tuple[str, float]]:
        """The store's hits within the deadline (server mode); a hung or failed query raises StoreUnavailable."""
        store = self.store
        if store is None:
            raise StoreUnavailable("no store")
        if not self.settings.server_mode:
            return store.search(vector, candidates, where)
        if self._pool is None:
            with self._lock:
                if self._pool is None:
                    self._pool = ThreadPoolExecutor(max_workers=4, thread_name_prefix="city-ai-dense")
        future = self._pool.submit(store.search, vector, candidates, where)
        try:
            return future.result(timeout=self.settings.chroma_timeout)
        except FutureTimeout:
            raise StoreUnavailable(
                f"Chroma did not answer within {self.settings.chroma_timeout:g} s"
            ) from None

    def _outage_started(self, why: str, note: str | None = None) -> None:
        """Keyword-only from now until the probe restores dense search."""
        with self._lock:
            first = self._outage is None
            self._outage = note or f"vector store not answering, keyword search only for now: {why}"
            self._search.cache_clear()
            if first:
                log.warning(self._outage)
            if self._probe is None or not self._probe.is_alive():
                self._probe = threading.Thread(target=self._reprobe, name="city-ai-chroma-probe", daemon=True)
                self._probe.start()

    def _reprobe(self) -> None:
        """Reopen the store until it answers (and is current), then restore dense search. Bounded back-off."""
        from assistant.retrieval import embeddings as emb

        delay, started = PROBE_FIRST, time.monotonic()
        while self._outage is not None and time.monotonic() - started < PROBE_GIVE_UP:
            time.sleep(delay)
            delay = min(delay * 2, PROBE_MAX)
            try:
                store = open_store(self.settings, self.embeddings, repair=False)
                if self.embeddings is None:  # the server was down at start: the model was never loaded
                    self.embeddings = emb.E5Embeddings(emb.load_embedder(self.settings))
                    store.embeddings = self.embeddings
                if not store.is_current(
                    passages_hash(self.passages), emb.model_id(self.settings), len(self.passages)
                ):
                    continue  # a rebuild under way: wait for it to finish
                store.search(list(self._query_vector("算力")), 1)  # a real query, not only a heartbeat
            except Exception as exc:  # still down: keep probing
                log.debug("Chroma re-probe failed: %s", exc)
                continue
            with self._lock:
                self.store = store
                self._outage = None
                self._search.cache_clear()
            log.warning("vector store answering again: hybrid search restored")
            return

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
            note = f"vector store unavailable, keyword search only: {exc}{hint}"
            if self.settings.server_mode and not exc.corrupt:  # a server may come up later: keep probing
                self._outage_started(str(exc), note)
            else:
                self._degrade(note)
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
        self._ensure_dense()
        if self.store is not None and not self._degraded and self._outage is None:
            try:
                # English words also get their Chinese report terms: the small model matches those far better
                # than English alone (dense recall@5 0.74 -> 0.92 on the first 66 benchmark questions).
                vector = list(self._query_vector(expand_query(query)))
                where = where_clause(city, dimension, kind)
                try:
                    hits = self._dense_hits(vector, candidates, where)
                except StoreUnavailable as exc:
                    if "does not exist" not in str(exc):
                        raise
                    # a stale collection handle (the server reloaded it, e.g. after a pause): reopen by name once
                    self.store = open_store(self.settings, self.embeddings, repair=False)
                    hits = self._dense_hits(vector, candidates, where)
                out["dense"] = [pid for pid, _ in hits if pid in self.by_id]
            except StoreUnavailable as exc:
                self._outage_started(str(exc))
            except Exception as exc:  # reopening failed: the server is not answering properly
                self._outage_started(f"{type(exc).__name__}: {exc}")
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

    def as_langchain(self, k: int = 5, **filters: str | None) -> Any:
        """A LangChain BaseRetriever over this retriever, for runnable pipelines."""
        return _passage_retriever_class()(hybrid=self, k=k, **filters)


@cache
def _passage_retriever_class() -> type:
    """Defined on first use: langchain_core.retrievers costs ~1 s to import, which a table look-up never needs."""
    from langchain_core.callbacks import CallbackManagerForRetrieverRun
    from langchain_core.documents import Document
    from langchain_core.retrievers import BaseRetriever
    from pydantic import ConfigDict

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

    return PassageRetriever


def __getattr__(name: str) -> Any:
    if name == "PassageRetriever":
        return _passage_retriever_class()
    raise AttributeError(name)
