"""Router accuracy on questions it was not trained on, and how its confidence threshold trades coverage.

    python benchmarks/router_bench.py [--folds 5]

K-fold over the labelled training questions (training/*.jsonl plus the question set's standalone ones; never a
blind held-out file): fit on K-1 folds, predict the rest. Prints overall accuracy, accuracy and coverage above
the parser's CONFIDENT threshold, and the per-label accuracy, so the threshold is chosen from numbers.
"""

from __future__ import annotations

import argparse
from collections import Counter

from assistant.understanding.parser import Understanding
from assistant.understanding.router import CONFIDENT, Router, default_examples
from index_core.report import load_report


def cross_validate(folds: int = 5) -> list[tuple[str, str, float]]:
    """(gold, predicted, probability) for every example, each predicted by a router that never saw it."""
    understanding = Understanding(load_report())
    examples = default_examples()
    out: list[tuple[str, str, float]] = []
    for k in range(folds):
        train = [e for i, e in enumerate(examples) if i % folds != k]
        test = [e for i, e in enumerate(examples) if i % folds == k]
        router = Router(understanding._features, train)
        for e in test:
            label, p = router.rank(e.text)[0]
            out.append((e.label, label, p))
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folds", type=int, default=5)
    args = parser.parse_args()
    rows = cross_validate(args.folds)
    n = len(rows)
    correct = sum(g == p for g, p, _ in rows)
    print(f"router, {args.folds}-fold: {correct}/{n} = {100 * correct / n:.1f}% correct")
    for threshold in (0.3, 0.4, CONFIDENT, 0.5, 0.6, 0.7):
        sure = [(g, p) for g, p, prob in rows if prob >= threshold]
        ok = sum(g == p for g, p in sure)
        unsure = [(g, p) for g, p, prob in rows if prob < threshold]
        print(
            f"  p >= {threshold:.2f}: covers {100 * len(sure) / n:5.1f}%, accuracy {100 * ok / max(1, len(sure)):5.1f}%"
            f"   | below: {len(unsure)} questions, accuracy {100 * sum(g == p for g, p in unsure) / max(1, len(unsure)):5.1f}%"
            + ("   <- CONFIDENT" if threshold == CONFIDENT else "")
        )
    per = Counter(g for g, _, _ in rows)
    hits = Counter(g for g, p, _ in rows if g == p)
    print("per label:", ", ".join(f"{label} {hits[label]}/{per[label]}" for label in sorted(per)))
    confusions = Counter((g, p) for g, p, _ in rows if g != p)
    print("most confused:", ", ".join(f"{g}->{p} {c}" for (g, p), c in confusions.most_common(8)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
