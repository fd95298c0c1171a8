"""The dense half of retrieval: passage embeddings in Chroma, through langchain_chroma.

Embedded (a folder under the project home) by default, a Chroma server when CITY_AI_CHROMA_HOST is set.
The collection's metadata records which passages (corpus_hash) and which model (model_id) it was built
from, so building is a no-op when nothing changed and a clean rebuild when either did. Any failure to reach
or open Chroma is raised as StoreUnavailable, which callers turn into BM25-only answers instead of a crash.
"""

from __future__ import annotations

import contextlib
import logging
import shutil
import socket
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from assistant.config import Settings
from assistant.retrieval.locks import file_lock
from assistant.retrieval.passages import index_text

if TYPE_CHECKING:  # chromadb and langchain_chroma cost ~2.5 s to import: only when a store is opened
    import chromadb
    from chromadb.config import Settings as ChromaSettings
    from langchain_chroma import Chroma
    from langchain_core.embeddings import Embeddings

log = logging.getLogger(__name__)
BATCH_SIZE = 16
_CONNECT_TIMEOUT = 3.0


# What Chroma says when its embedded folder is damaged (sqlite overwritten or truncated, a stale cached
# system after such a failure); a busy or locked database is *not* among them and is never wiped.
_CORRUPTION_SIGNS = (
    "file is not a database",
    "malformed",
    "no such table",
    "no such column",
    "unsupported file format",
    "database corrupt",
    "has no attribute 'bindings'",
    "file exists",
    "not a directory",
)


class StoreUnavailable(RuntimeError):
    """Chroma cannot be reached or opened (server down, folder unusable); search can still use BM25.

    `corrupt` is True when the embedded folder itself is damaged, so rebuilding it from the passages is the fix.
    """

    def __init__(self, message: str, *, corrupt: bool = False) -> None:
        super().__init__(message)
        self.corrupt = corrupt


def _is_corruption(exc: BaseException) -> bool:
    text = f"{type(exc).__name__}: {exc}".lower()
    return isinstance(exc, FileExistsError | NotADirectoryError) or any(s in text for s in _CORRUPTION_SIGNS)


def _forget_system(path: Path) -> None:
    """Chroma caches one System per folder even when it failed to start; drop ours so a reopen starts afresh."""
    from chromadb.api.shared_system_client import SharedSystemClient

    system = SharedSystemClient._identifier_to_system.pop(str(path), None)
    SharedSystemClient._identifier_to_refcount.pop(str(path), None)
    if system is not None:
        with contextlib.suppress(Exception):
            system.stop()


def _client_settings() -> ChromaSettings:
    from chromadb.config import Settings as ChromaSettings

    return ChromaSettings(anonymized_telemetry=False, allow_reset=False)


def _check_port(host: str, port: int) -> None:
    """Fail in seconds, with the address in the message, rather than hang on an HTTP client's retries."""
    try:
        with socket.create_connection((host, port), timeout=_CONNECT_TIMEOUT):
            return
    except OSError as exc:
        raise StoreUnavailable(
            f"Chroma server at {host}:{port} is unreachable ({exc.strerror or exc}). Start it with "
            f"`chroma run --path <dir> --host {host} --port {port}`, or unset CITY_AI_CHROMA_HOST to use the "
            "embedded store."
        ) from None


def _heartbeat(host: str, port: int, timeout: float) -> None:
    """One heartbeat with a deadline before chromadb's own client (whose HTTP session has no timeout and whose
    constructor already makes requests) is created: a stopped server (SIGSTOP: the port still accepts
    connections) is reported in `timeout` seconds instead of hanging."""
    import urllib.request

    url = f"http://{host}:{port}/api/v2/heartbeat"
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:  # noqa: S310 - the configured server
            response.read(1024)
    except Exception as exc:
        raise StoreUnavailable(
            f"Chroma server at {host}:{port} did not answer in {timeout:g} s: {exc}"
        ) from None


def _bound_timeouts(client: Any, timeout: float) -> None:
    """Give chromadb's HTTP session explicit timeouts (it is created with none: a hung server hangs callers).
    The session is shared by every client of the same host and port, so this holds for later clients too."""
    import httpx

    session = getattr(getattr(client, "_server", None), "_session", None)
    if isinstance(session, httpx.Client):
        session.timeout = httpx.Timeout(timeout, connect=min(timeout, _CONNECT_TIMEOUT))


def make_client(settings: Settings) -> chromadb.ClientAPI:
    """An HttpClient in server mode (every request bounded by explicit timeouts), else a PersistentClient at
    settings.store_dir."""
    import chromadb

    if settings.server_mode:
        host, port = str(settings.chroma_host), int(settings.chroma_port)
        _check_port(host, port)
        _heartbeat(host, port, settings.chroma_timeout + 1.0)
        try:
            client = chromadb.HttpClient(host=host, port=port, settings=_client_settings())
            _bound_timeouts(client, settings.chroma_timeout + 1.0)
            client.heartbeat()
            return client
        except Exception as exc:  # chromadb raises ValueError, httpx errors, ... for the same condition
            raise StoreUnavailable(f"Chroma server at {host}:{port} did not answer: {exc}") from None
    try:
        settings.store_dir.mkdir(parents=True, exist_ok=True)
        return chromadb.PersistentClient(path=str(settings.store_dir), settings=_client_settings())
    except Exception as exc:
        _forget_system(settings.store_dir)
        raise StoreUnavailable(
            f"cannot open the embedded Chroma store at {settings.store_dir}: {exc}",
            corrupt=_is_corruption(exc),
        ) from None


def _build_lock(settings: Settings) -> contextlib.AbstractContextManager[None]:
    """One builder at a time per project home."""
    return file_lock(settings.home / ".chroma-build.lock")


def _metadata(passage: dict) -> dict[str, Any]:
    """Chroma metadata for filtering; Chroma takes no None values, so absent means null."""
    keys = ("id", "section", "city", "dimension", "kind", "page")
    return {k: passage[k] for k in keys if passage.get(k) is not None}


def where_clause(
    city: str | None = None, dimension: str | None = None, kind: str | None = None
) -> dict | None:
    """Chroma `where` for the given filters; several conditions need an explicit $and."""
    conditions = [{k: v} for k, v in (("city", city), ("dimension", dimension), ("kind", kind)) if v]
    if not conditions:
        return None
    return conditions[0] if len(conditions) == 1 else {"$and": conditions}


class PassageStore:
    """One Chroma collection of passage embeddings, tagged with the corpus and model it was built from."""

    def __init__(self, settings: Settings, embeddings: Embeddings | None = None) -> None:
        self.settings = settings
        self.embeddings = embeddings
        self.repaired: str | None = None  # why open_store() wiped the folder, if it did
        self.client = make_client(settings)
        self.vectorstore = self._open()

    @property
    def location(self) -> str:
        if self.settings.server_mode:
            return f"{self.settings.chroma_host}:{self.settings.chroma_port}"
        return str(self.settings.store_dir)

    def close(self) -> None:
        """Release Chroma's hold on the folder (before it is wiped)."""
        with contextlib.suppress(Exception):
            self.client.close()

    def _open(self, metadata: dict | None = None) -> Chroma:
        from langchain_chroma import Chroma

        try:
            return Chroma(
                client=self.client,
                collection_name=self.settings.collection,
                embedding_function=self.embeddings,
                collection_metadata=metadata,
                collection_configuration={"hnsw": {"space": "cosine"}},
            )
        except Exception as exc:
            raise StoreUnavailable(
                f"cannot open Chroma collection {self.settings.collection!r}: {exc}",
                corrupt=_is_corruption(exc),
            ) from None

    def refresh(self) -> None:
        """Re-open the collection by name: another process may have rebuilt it under a new id."""
        self.vectorstore = self._open()

    def state(self) -> dict[str, Any]:
        """What the collection holds: corpus_hash, model_id (None when never built) and count."""
        self.refresh()
        collection = self.vectorstore._collection
        try:
            meta = collection.metadata or {}
            count = collection.count()
        except Exception as exc:
            raise StoreUnavailable(
                f"cannot read Chroma collection {self.settings.collection!r}: {exc}",
                corrupt=_is_corruption(exc),
            ) from None
        return {"corpus_hash": meta.get("corpus_hash"), "model_id": meta.get("model_id"), "count": count}

    def is_current(self, corpus_hash: str, model_id: str, count: int) -> bool:
        state = self.state()
        return (state["corpus_hash"], state["model_id"], state["count"]) == (corpus_hash, model_id, count)

    def build(
        self,
        passages: list[dict],
        corpus_hash: str,
        model_id: str,
        rebuild: bool = False,
        progress: bool = True,
        batch_size: int = BATCH_SIZE,
    ) -> dict[str, Any]:
        """Embed and store all passages unless the collection already holds exactly these; returns counts.

        Holds the project home's build lock, and checks again inside it: when the CLI, the app and a test
        start at once, one builds and the others find the collection current.
        """
        start = time.perf_counter()
        if not rebuild and self.is_current(corpus_hash, model_id, len(passages)):
            return {
                "built": False,
                "passages": len(passages),
                "seconds": round(time.perf_counter() - start, 3),
            }
        if self.embeddings is None:
            raise ValueError("PassageStore.build needs an embeddings object")
        with _build_lock(self.settings):
            if not rebuild and self.is_current(corpus_hash, model_id, len(passages)):
                return {
                    "built": False,
                    "passages": len(passages),
                    "seconds": round(time.perf_counter() - start, 3),
                }
            return self._build(passages, corpus_hash, model_id, rebuild, progress, batch_size, start)

    def _build(
        self,
        passages: list[dict],
        corpus_hash: str,
        model_id: str,
        rebuild: bool,
        progress: bool,
        batch_size: int,
        start: float,
    ) -> dict[str, Any]:
        previous = self.state()
        vectors = self._embed_all(passages, progress, batch_size)
        self.client.delete_collection(self.settings.collection)
        # The hashes are written last: a build that dies half-way leaves a collection that is not "current".
        self.vectorstore = self._open({"corpus_hash": "", "model_id": ""})
        collection = self.vectorstore._collection
        for i in range(0, len(passages), batch_size):  # inserted in corpus order, as always
            batch = passages[i : i + batch_size]
            collection.add(
                ids=[p["id"] for p in batch],
                embeddings=vectors[i : i + batch_size],
                documents=[p["text"] for p in batch],
                metadatas=[_metadata(p) for p in batch],
            )
        collection.modify(metadata={"corpus_hash": corpus_hash, "model_id": model_id})
        reason = "forced" if rebuild else _reason(previous, corpus_hash, model_id)
        if self.repaired:  # the one line that says the damaged store was noticed and rebuilt
            reason = f"rebuilt: {self.repaired}"
            log.warning("indexed %d passages into %s (%s)", len(passages), self.location, reason)
            self.repaired = None
        else:
            log.info("indexed %d passages into %s (%s)", len(passages), self.location, reason)
        return {
            "built": True,
            "reason": reason,
            "passages": len(passages),
            "seconds": round(time.perf_counter() - start, 3),
        }

    def _embed_all(self, passages: list[dict], progress: bool, batch_size: int) -> list[list[float]]:
        """Every passage's vector, embedded in batches of similar length: a batch is padded to its longest
        passage (66 to 501 tokens here), so corpus-order batches spent more than half their time on padding
        (87 passages: 14.1 s -> 6.3 s on one thread; vectors equal to 1e-7)."""
        from tqdm import tqdm

        texts = [index_text(p) for p in passages]
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        vectors: list[list[float]] = [[] for _ in texts]
        with tqdm(total=len(texts), desc="embedding passages", unit="passage", disable=not progress) as bar:
            for start in range(0, len(order), batch_size):
                chunk = order[start : start + batch_size]
                for i, vector in zip(
                    chunk, self.embeddings.embed_documents([texts[i] for i in chunk]), strict=True
                ):
                    vectors[i] = vector
                bar.update(len(chunk))
        return vectors

    def search(self, vector: list[float], k: int, where: dict | None = None) -> list[tuple[str, float]]:
        """(passage id, cosine similarity) for the k nearest passages that match `where`."""
        try:
            hits = self.vectorstore.similarity_search_by_vector_with_relevance_scores(
                vector, k=k, filter=where
            )
        except Exception as exc:
            raise StoreUnavailable(f"Chroma query failed: {exc}") from None
        return [(doc.metadata["id"], 1.0 - float(distance)) for doc, distance in hits]


def _wipe(settings: Settings) -> None:
    """Remove the embedded store folder: it holds only embeddings derived from corpus/passages.jsonl."""
    folder = settings.store_dir
    _forget_system(folder)
    if folder.is_symlink():
        raise StoreUnavailable(f"{folder} is a symlink; not wiping it")
    if folder.is_dir():
        shutil.rmtree(folder)
    elif folder.exists():
        folder.unlink()


def _opened(settings: Settings, embeddings: Embeddings | None) -> PassageStore:
    """A store whose first read worked: a damaged sqlite file fails here (in the constructor or at state())."""
    store = PassageStore(settings, embeddings)
    try:
        store.state()
    except StoreUnavailable:
        store.close()
        raise
    return store


def open_store(
    settings: Settings, embeddings: Embeddings | None = None, *, repair: bool = True
) -> PassageStore:
    """Open the passage store. Embedded mode with `repair`: a damaged folder is wiped, so the store comes back
    empty (not current) and the caller's build refills it; `store.repaired` then says why.

    A server, a store that is merely busy, and anything not recognised as damage raise StoreUnavailable as before.
    """
    try:
        return _opened(settings, embeddings)
    except StoreUnavailable as exc:
        if settings.server_mode or not repair or not exc.corrupt:
            raise
        reason = f"it was unreadable: {exc}"
    with _build_lock(settings):
        try:  # another process may have repaired it while we waited for the lock
            return _opened(settings, embeddings)
        except StoreUnavailable as exc:
            if not exc.corrupt:
                raise
        _wipe(settings)
        store = PassageStore(settings, embeddings)
    store.repaired = reason
    return store


def _reason(previous: dict, corpus_hash: str, model_id: str) -> str:
    if previous["corpus_hash"] is None and previous["model_id"] is None:
        return "new"
    changed = [
        name
        for name, old, new in (
            ("corpus", previous["corpus_hash"], corpus_hash),
            ("model", previous["model_id"], model_id),
        )
        if old != new
    ]
    return " and ".join(changed) + " changed" if changed else "incomplete"
