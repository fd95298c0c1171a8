"""Score a blind held-out question set: correct, not understood, and wrong-but-confident, reported apart.

    python benchmarks/blind_eval.py FILE.jsonl [--out results.json] [--verbose]

A held-out line is {"id", "kind", "question", "history": [user questions], "language", "answerable",
"must_contain", "must_not_contain", "note"}; the matching rules are `assistant.evaluation`'s (NFKC, case and
whitespace folded, "re:" for regular expressions, lists for alternatives), applied to the answer part of the
reply (above the citation footer, without quoted passages). A reply that fails is "not understood" when the
assistant said so (unknown / clarify / help / invalid / error) and "confidently wrong" otherwise: the first
costs the user a rephrasing, the second misleads them.

The held-out files never feed the router or any tuning; run each one once before changing anything.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

from assistant.evaluation import answer_part, conversation, matches, percentile

NOT_UNDERSTOOD = {"unknown", "clarify", "help", "invalid", "error"}


def load(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def user_turns(history: list) -> list[str]:
    """The earlier user questions. A writer may give the history as chat messages ({"role", "content"}); only the
    user turns are replayed, so the assistant turns the bot sees are its own answers, never the writer's."""
    out = []
    for turn in history:
        if isinstance(turn, dict):
            if turn.get("role") == "user" and isinstance(turn.get("content"), str):
                out.append(turn["content"])
        elif isinstance(turn, str):
            out.append(turn)
    return out


def grade(item: dict, reply) -> tuple[str, list[str]]:
    """('correct' | 'not_understood' | 'wrong', reasons)."""
    answer = answer_part(reply.text or "")
    reasons = [f"missing {e!r}" for e in item.get("must_contain", []) if not matches(e, answer)]
    reasons += [f"contains {e!r}" for e in item.get("must_not_contain", []) if matches(e, answer)]
    if not reasons:
        return "correct", []
    return ("not_understood" if reply.intent in NOT_UNDERSTOOD else "wrong"), reasons


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file", type=Path)
    parser.add_argument("--out", type=Path)
    parser.add_argument("--verbose", action="store_true")
    args = parser.parse_args()

    from assistant.core import Assistant

    items = load(args.file)
    bot = Assistant.from_defaults()
    bot.ask("为什么苏州排名第六？")  # warm-up
    rows, latencies = [], []
    for item in items:
        history = conversation(bot, user_turns(item.get("history", [])))
        start = time.perf_counter()
        reply = bot.ask(item["question"], history=history)
        latencies.append((time.perf_counter() - start) * 1000)
        verdict, reasons = grade(item, reply)
        rows.append(
            {
                "id": item["id"],
                "kind": item["kind"],
                "question": item["question"],
                "verdict": verdict,
                "reasons": reasons,
                "intent": reply.intent,
                "answer": answer_part(reply.text or "")[:600],
            }
        )
    totals = Counter(r["verdict"] for r in rows)
    per_kind: dict[str, Counter] = defaultdict(Counter)
    for r in rows:
        per_kind[r["kind"]][r["verdict"]] += 1
    n = len(rows)
    print(f"{args.file.name}: {n} questions")
    print(f"{'kind':<14}{'n':>4}{'correct':>9}{'not und.':>10}{'wrong':>7}")
    for kind, c in per_kind.items():
        print(f"{kind:<14}{sum(c.values()):>4}{c['correct']:>9}{c['not_understood']:>10}{c['wrong']:>7}")
    print(
        f"overall: correct {totals['correct']}/{n} ({100 * totals['correct'] / n:.1f}%), "
        f"not understood {totals['not_understood']} ({100 * totals['not_understood'] / n:.1f}%), "
        f"confidently wrong {totals['wrong']} ({100 * totals['wrong'] / n:.1f}%)"
    )
    lat = sorted(latencies)
    print(f"latency (warm, ms): p50 {percentile(lat, 50):.1f}  p95 {percentile(lat, 95):.1f}")
    if args.verbose:
        for r in rows:
            if r["verdict"] != "correct":
                print(f"\n{r['id']} [{r['kind']}] {r['verdict']} ({r['intent']}): {r['question']}")
                for reason in r["reasons"]:
                    print(f"    - {reason}")
                print("    said: " + r["answer"].replace("\n", " ")[:300])
    if args.out:
        args.out.write_text(json.dumps(rows, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
