"""`city-ai index [--rebuild]`: make the passage index match the current passages and embedding model.

Idempotent, so `make run` can call it every time: with nothing changed it only reads the collection's
metadata and returns.
"""

from __future__ import annotations

import argparse
import contextlib
import errno
import sys
import time
from collections.abc import Iterator
from typing import Any

from assistant.config import Settings
from assistant.retrieval.passages import PASSAGES_PATH, corpus_hash, load_passages
from assistant.retrieval.store import StoreUnavailable, open_store


class IndexBuildError(StoreUnavailable):
    """A step of `city-ai index` failed on the file system or in Chroma: what failed, where, and why.

    A StoreUnavailable, so callers that fall back to keyword search on an unusable store do so here too.
    """

    def __init__(self, step: str, path: object, exc: BaseException) -> None:
        self.step, self.path = step, str(path)
        reason = getattr(exc, "strerror", None) or str(exc) or type(exc).__name__
        super().__init__(f"{step} at {self.path} failed: {reason}{_hint(exc)}")


# Chroma's Rust core reports a full disk or a read-only folder in words (or not at all), not errno values.
_WRITE_SIGNS = (
    "disk i/o error",
    "disk is full",
    "readonly database",
    "read-only",
    "no space left",
    "permission denied",
    "failed to apply logs",
)
_FULL_OR_READ_ONLY = (
    " (the disk may be full or the folder read-only: free some space or make it writable, "
    "then run `city-ai index` again)"
)


def _hint(exc: BaseException) -> str:
    if isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG):
        return " (the disk is full: free some space and run `city-ai index` again)"
    if isinstance(exc, OSError) and exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
        return " (the folder cannot be written: make it writable or set CITY_AI_HOME to one that is)"
    if any(sign in str(exc).lower() for sign in _WRITE_SIGNS):
        return _FULL_OR_READ_ONLY
    return ""


def _failures() -> tuple[type[BaseException], ...]:
    """What a step may raise that is about the machine, not a bug: file-system and Chroma/SQLite errors."""
    import sqlite3

    from chromadb.errors import ChromaError

    return OSError, ChromaError, sqlite3.Error


@contextlib.contextmanager
def _step(what: str, path: object) -> Iterator[None]:
    """Turn a file-system or Chroma failure inside the block into an IndexBuildError naming `what` and `path`."""
    try:
        yield
    except StoreUnavailable:
        raise
    except _failures() as exc:
        where = getattr(exc, "filename", None) or path
        raise IndexBuildError(what, where, exc) from exc


def build_index(
    settings: Settings | None = None, rebuild: bool = False, progress: bool = True
) -> dict[str, Any]:
    """Ensure the model, then (re)build the Chroma collection if the corpus or the model changed.

    Returns {"built": bool, "reason": ..., "passages": n, "seconds": total, "model_id": ..., "corpus_hash": ...}.
    Raises StoreUnavailable when Chroma cannot be reached, and IndexBuildError (a StoreUnavailable) naming the
    step and the path when the disk is full, a folder is read-only or Chroma fails while writing. A damaged
    embedded store is wiped and rebuilt.
    """
    from assistant.retrieval import embeddings as emb

    settings = settings or Settings.from_env()
    start = time.perf_counter()
    location = (
        f"{settings.chroma_host}:{settings.chroma_port}" if settings.server_mode else settings.store_dir
    )
    with _step("preparing the embedding model", settings.model or settings.default_model_dir):
        emb.ensure_model(settings)
    with _step("reading the passages", PASSAGES_PATH):
        passages = load_passages()
        digest = corpus_hash()
    with _step("opening the passage store", location):
        store = open_store(settings)  # a damaged embedded store is wiped here and rebuilt below
        mid = emb.model_id(settings)
        current = not rebuild and store.is_current(digest, mid, len(passages))
    if current:
        result: dict[str, Any] = {"built": False, "reason": "up to date", "passages": len(passages)}
    else:
        with _step("loading the embedding model", settings.model_ref):
            store.embeddings = emb.E5Embeddings(emb.load_embedder(settings))
        with _step("writing the passages into the store", location):
            result = store.build(passages, digest, mid, rebuild=rebuild, progress=progress)
    result.update(model_id=mid, corpus_hash=digest, store=str(location))
    result["seconds"] = round(time.perf_counter() - start, 3)
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="city-ai index", description="Build the passage index (idempotent)."
    )
    parser.add_argument("--rebuild", action="store_true", help="re-embed everything even if nothing changed")
    parser.add_argument("--quiet", action="store_true", help="no progress bar")
    args = parser.parse_args(argv)
    try:
        result = build_index(Settings.from_env(), rebuild=args.rebuild, progress=not args.quiet)
    except StoreUnavailable as exc:  # IndexBuildError included: the step, the path and the reason, exit 2
        hint = "" if isinstance(exc, IndexBuildError) else _hint(exc)
        print(f"city-ai index: {exc}{hint}", file=sys.stderr)
        return 2
    if result["built"]:
        print(
            f"indexed {result['passages']} passages into {result['store']} in {result['seconds']} s ({result['reason']})"
        )
    else:
        print(f"index up to date: {result['passages']} passages in {result['store']} ({result['seconds']} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
