"""`city-ai index [--rebuild]`: make the passage index match the current passages and embedding model.

Idempotent, so `make run` can call it every time: with nothing changed it only reads the collection's
metadata and returns.
"""

from __future__ import annotations

import argparse
import sys
import time
from typing import Any

from assistant.config import Settings
from assistant.retrieval.passages import corpus_hash, load_passages
from assistant.retrieval.store import StoreUnavailable, open_store


def build_index(
    settings: Settings | None = None, rebuild: bool = False, progress: bool = True
) -> dict[str, Any]:
    """Ensure the model, then (re)build the Chroma collection if the corpus or the model changed.

    Returns {"built": bool, "reason": ..., "passages": n, "seconds": total, "model_id": ..., "corpus_hash": ...}.
    Raises StoreUnavailable when Chroma cannot be reached. A damaged embedded store is wiped and rebuilt.
    """
    from assistant.retrieval import embeddings as emb

    settings = settings or Settings.from_env()
    start = time.perf_counter()
    emb.ensure_model(settings)
    passages = load_passages()
    store = open_store(settings)  # a damaged embedded store is wiped here and rebuilt below
    mid = emb.model_id(settings)
    if not rebuild and store.is_current(corpus_hash(), mid, len(passages)):
        result: dict[str, Any] = {"built": False, "reason": "up to date", "passages": len(passages)}
    else:
        store.embeddings = emb.E5Embeddings(emb.load_embedder(settings))
        result = store.build(passages, corpus_hash(), mid, rebuild=rebuild, progress=progress)
    result.update(
        model_id=mid,
        corpus_hash=corpus_hash(),
        store=f"{settings.chroma_host}:{settings.chroma_port}"
        if settings.server_mode
        else str(settings.store_dir),
        seconds=round(time.perf_counter() - start, 3),
    )
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
    except StoreUnavailable as exc:
        print(f"city-ai index: {exc}", file=sys.stderr)
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
