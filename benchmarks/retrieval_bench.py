"""Retrieval benchmark: recall@1/3/5, MRR and latency for BM25 (both tokenisations), dense and hybrid.

    .venv/bin/python benchmarks/retrieval_bench.py [--sweep]

Questions are benchmarks/retrieval_questions.jsonl, each with the passage ids that answer it (checked by
reading the passages). A question counts as found at k when any of its passages is in the top k. No filters
are passed: the assistant does not infer them either. Latency is measured warm (model loaded, one pass
already run) with the query-embedding cache cleared, so every dense query pays for its encoding.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assistant.config import Settings  # noqa: E402
from assistant.retrieval.bm25 import DEFAULT_TOKENIZER, TOKENIZERS, BM25Index, expand_query  # noqa: E402
from assistant.retrieval.hybrid import HybridRetriever, rrf  # noqa: E402
from assistant.retrieval.passages import load_passages  # noqa: E402

QUESTIONS = ROOT / "benchmarks" / "retrieval_questions.jsonl"
Rank = Callable[[str], list[str]]


def load_questions(path: Path = QUESTIONS) -> list[dict]:
    with path.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def evaluate(rank: Rank, questions: list[dict]) -> dict[str, float]:
    """Hit rate at 1/3/5 and mean reciprocal rank of the first relevant passage (0 when not ranked)."""
    hits = {1: 0, 3: 0, 5: 0}
    rr = 0.0
    for q in questions:
        ranked = rank(q["question"])
        relevant = set(q["relevant"])
        first = next((i for i, pid in enumerate(ranked, 1) if pid in relevant), None)
        for k in hits:
            hits[k] += bool(first and first <= k)
        rr += 1.0 / first if first else 0.0
    n = len(questions)
    return {"r1": hits[1] / n, "r3": hits[3] / n, "r5": hits[5] / n, "mrr": rr / n}


def latency(
    rank: Rank, questions: list[dict], before_each: Callable[[], None] = lambda: None
) -> dict[str, float]:
    """p50/p95 milliseconds per query, after one warm-up pass."""
    for q in questions:
        rank(q["question"])
    times = []
    for q in questions:
        before_each()
        start = time.perf_counter()
        rank(q["question"])
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    return {"p50": statistics.median(times), "p95": times[min(len(times) - 1, int(0.95 * len(times)))]}


def misses(rank: Rank, questions: list[dict], k: int = 5) -> list[str]:
    out = []
    for q in questions:
        top = rank(q["question"])[:k]
        if not set(top) & set(q["relevant"]):
            out.append(f"  {q['id']} {q['question']}  want {q['relevant']}  got {top}")
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sweep", action="store_true", help="also try RRF constants and side weights")
    parser.add_argument("--misses", action="store_true", help="list the questions each method misses at 5")
    args = parser.parse_args(argv)

    settings = Settings.from_env()
    questions = load_questions()
    passages = load_passages()
    methods: dict[str, tuple[Rank, Callable[[], None]]] = {}
    for tok in TOKENIZERS:
        index = BM25Index(passages, tok, settings)
        methods[f"BM25 ({tok})"] = (
            lambda q, index=index: [passages[i]["id"] for i, _ in index.search(q, 20)],
            _noop,
        )

    from assistant.retrieval.indexing import build_index

    result = build_index(settings, progress=True)
    print(
        f"index: {'built' if result['built'] else 'up to date'} ({result['passages']} passages)",
        file=sys.stderr,
    )
    hybrid = HybridRetriever(settings)
    if hybrid.degraded:
        print(f"dense search unavailable: {hybrid.notes}", file=sys.stderr)
    else:
        clear = hybrid._query_vector.cache_clear
        store = hybrid.store

        def dense(q: str) -> list[str]:
            return [pid for pid, _ in store.search(list(hybrid._query_vector(expand_query(q))), 20)]

        methods["dense (e5-small)"] = (dense, clear)
        methods[f"hybrid (RRF, BM25 {DEFAULT_TOKENIZER})"] = (
            lambda q: [s.id for s in hybrid.search(q, k=20)],
            clear,
        )

    print(f"{len(questions)} questions ({_langs(questions)}), {len(passages)} passages\n")
    print("| method | recall@1 | recall@3 | recall@5 | MRR | p50 ms | p95 ms |")
    print("|---|---|---|---|---|---|---|")
    for name, (rank, before) in methods.items():
        m = evaluate(rank, questions)
        t = latency(rank, questions, before)
        print(
            f"| {name} | {m['r1']:.2f} | {m['r3']:.2f} | {m['r5']:.2f} | {m['mrr']:.3f} "
            f"| {t['p50']:.1f} | {t['p95']:.1f} |"
        )
    hybrid_name = next((name for name in methods if name.startswith("hybrid")), None)
    if hybrid_name:
        print("\n| hybrid on | questions | recall@1 | recall@5 | MRR |\n|---|---|---|---|---|")
        subsets = {
            "Chinese": [q for q in questions if q["lang"] == "zh"],
            "English": [q for q in questions if q["lang"] == "en"],
            "held-out (written after the English glossary)": [q for q in questions if q.get("heldout")],
        }
        for label, subset in subsets.items():
            m = evaluate(methods[hybrid_name][0], subset)
            print(f"| {label} | {len(subset)} | {m['r1']:.2f} | {m['r5']:.2f} | {m['mrr']:.3f} |")
    if args.misses:
        for name, (rank, _) in methods.items():
            print(f"\nmissed at 5 by {name}:")
            print("\n".join(misses(rank, questions)) or "  none")
    if args.sweep and not hybrid.degraded:
        _sweep(hybrid, questions)
    return 0


def _sweep(hybrid: HybridRetriever, questions: list[dict]) -> None:
    cache = {q["question"]: hybrid.rankings(q["question"]) for q in questions}
    print("\n| RRF k | BM25 weight | dense weight | recall@1 | recall@5 | MRR |\n|---|---|---|---|---|---|")
    for k in (5, 10, 30, 60, 100):
        for wb, wd in ((1.0, 1.0), (1.0, 1.5), (1.5, 1.0), (1.0, 2.0), (2.0, 1.0)):

            def rank(q: str, k: int = k, wb: float = wb, wd: float = wd) -> list[str]:
                fused = rrf(cache[q], k, {"bm25": wb, "dense": wd})
                return [pid for pid, _ in sorted(fused.items(), key=lambda item: -item[1])]

            m = evaluate(rank, questions)
            print(f"| {k} | {wb} | {wd} | {m['r1']:.2f} | {m['r5']:.2f} | {m['mrr']:.3f} |")


def _noop() -> None:
    pass


def _langs(questions: list[dict]) -> str:
    zh = sum(q["lang"] == "zh" for q in questions)
    return f"{zh} Chinese, {len(questions) - zh} English"


if __name__ == "__main__":
    raise SystemExit(main())
