"""`city-ai eval`: accuracy per kind and warm latency over the hand-written question set (tests/questions.jsonl).

A question line is a JSON object:

    {"id": "q001", "kind": "explain", "question": "为什么苏州排名第六？",
     "history": ["prior user question", ...],            # optional; answered by the bot itself first
     "expect_intent": "explain" | ["rank", "city_dimension"],
     "must_contain": ["20170.45", ["2021-01", "2021年1月"], "re:第\\s*6(?![0-9])"],
     "must_not_contain": [...], "expect_cities": ["苏州"],  # optional; must be a subset of reply.cities
     "language": "zh" | "en" | ["zh", "en"], "note": "why", "scope": "answer" | "full"}

Instead of "question" a line may carry {"question_repeat": ["字", 20000]}, expanded by the loader.

Matching. Every entry of must_contain / must_not_contain is a string or a list of alternatives (any one
counts). A string starting with "re:" is a case-insensitive regular expression; any other string is a plain
substring. Both the reply and the expectation are NFKC-normalised (full-width letters, digits and brackets
become ASCII) and Markdown bold markers are dropped; plain strings are also compared without whitespace and
case, so "第 6 名" matches "第6名" and "Beijing" matches "beijing".

Scope. By default the checks look at the *answer*: the reply text above the citation footer ("\\n---\\n"), with
quoted report passages (Markdown ">" lines) removed, so an answer cannot pass merely because it quotes the
right passage while stating the wrong value. "scope": "full" checks the whole text (for things that must never
appear anywhere, such as an echoed <script> tag).
"""

from __future__ import annotations

import json
import math
import re
import sys
import time
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from assistant.citations import SOURCES_RULE as FOOTER

DEFAULT_QUESTIONS = Path(__file__).resolve().parent.parent / "tests" / "questions.jsonl"
LANGUAGES = ("zh", "en")
_CJK = re.compile(r"[\u3400-\u9fff]")
_WORD = re.compile(r"[A-Za-z]{3,}")


# ---- loading ---------------------------------------------------------------------------------------------
def load_questions(path: str | Path | None = None) -> list[dict]:
    """Read and check the question set; `question_repeat` is expanded into `question`."""
    path = Path(path) if path else DEFAULT_QUESTIONS
    questions: list[dict] = []
    seen: set[str] = set()
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
        except json.JSONDecodeError as exc:
            raise ValueError(f"{path}:{number}: not JSON ({exc})") from exc
        where = f"{path}:{number} ({item.get('id', '?')})"
        if "question_repeat" in item:
            unit, times = item.pop("question_repeat")
            item["question"] = str(unit) * int(times)
        for key in ("id", "kind", "question", "expect_intent", "language"):
            if key not in item:
                raise ValueError(f"{where}: missing {key!r}")
        if not isinstance(item["question"], str):
            raise ValueError(f"{where}: question must be a string")
        if item["id"] in seen:
            raise ValueError(f"{where}: duplicate id")
        seen.add(item["id"])
        languages = item["language"] if isinstance(item["language"], list) else [item["language"]]
        if not languages or any(lang not in LANGUAGES for lang in languages):
            raise ValueError(f"{where}: language must be zh, en or a list of them")
        item.setdefault("history", [])
        item.setdefault("must_contain", [])
        item.setdefault("must_not_contain", [])
        item.setdefault("expect_cities", [])
        item.setdefault("note", "")
        item.setdefault("scope", "answer")
        if item["scope"] not in ("answer", "full"):
            raise ValueError(f"{where}: scope must be 'answer' or 'full'")
        for key in ("must_contain", "must_not_contain"):
            for entry in item[key]:
                for alternative in entry if isinstance(entry, list) else [entry]:
                    if not isinstance(alternative, str) or not alternative:
                        raise ValueError(f"{where}: {key} entries must be non-empty strings or lists of them")
                    if alternative.startswith("re:"):
                        re.compile(alternative[3:])  # fail at load time, not mid-run
        questions.append(item)
    return questions


# ---- matching ----------------------------------------------------------------------------------------------
def _normal(text: str) -> str:
    return unicodedata.normalize("NFKC", text).replace("**", "")


def _squeezed(text: str) -> str:
    return re.sub(r"\s+", "", _normal(text)).lower()


def answer_part(text: str) -> str:
    """The reply without its citation footer and without quoted report passages."""
    body = text.split(FOOTER, 1)[0]
    return "\n".join(line for line in body.splitlines() if not line.lstrip().startswith(">"))


def matches(expected: str | list[str], text: str) -> bool:
    """True if `text` contains the expectation (or any of a list of alternatives)."""
    if isinstance(expected, list):
        return any(matches(alternative, text) for alternative in expected)
    if expected.startswith("re:"):
        # as the question writers are told: matched on the normalised text, and with whitespace removed
        # ("May 2019" meets "re:May,?2019"), since an answer's spacing is not its content
        return any(
            re.search(expected[3:], candidate, re.IGNORECASE) is not None
            for candidate in (_normal(text), re.sub(r"\s+", "", _normal(text)))
        )
    return _squeezed(expected) in _squeezed(text)


def _show(expected: str | list[str]) -> str:
    return " | ".join(expected) if isinstance(expected, list) else expected


def _language_ok(expected: list[str], reply, answer: str) -> bool:
    got = getattr(reply, "language", None)
    if got not in expected:
        return False
    if got == "zh":
        return bool(_CJK.search(answer)) or not answer.strip()
    return len(_WORD.findall(answer)) >= 3 or not answer.strip()


def check(question: dict, reply) -> list[str]:
    """Reasons the reply fails the question's expectations (empty when it passes)."""
    reasons: list[str] = []
    text = reply.text or ""
    scoped = text if question.get("scope") == "full" else answer_part(text)
    intents = question["expect_intent"]
    intents = intents if isinstance(intents, list) else [intents]
    if reply.intent not in intents:
        reasons.append(f"intent {reply.intent!r}, expected {' or '.join(intents)}")
    for expected in question.get("must_contain", []):
        if not matches(expected, scoped):
            reasons.append(f"missing {_show(expected)!r}")
    for unwanted in question.get("must_not_contain", []):
        if matches(unwanted, scoped):
            reasons.append(f"contains {_show(unwanted)!r}")
    missing_cities = [c for c in question.get("expect_cities", []) if c not in (reply.cities or [])]
    if missing_cities:
        reasons.append(f"cities {list(reply.cities or [])}, expected to include {missing_cities}")
    languages = question["language"] if isinstance(question["language"], list) else [question["language"]]
    if not _language_ok(languages, reply, answer_part(text)):
        got = getattr(reply, "language", None)
        detail = " but the answer text is not in that language" if got in languages else ""
        reasons.append(f"language {got!r}{detail}, expected {' or '.join(languages)}")
    return reasons


# ---- running -------------------------------------------------------------------------------------------------
@dataclass
class QuestionResult:
    id: str
    kind: str
    question: str
    passed: bool
    reasons: list[str]
    latency_ms: float
    intent: str | None
    text: str
    language: str
    error: str | None = None

    @property
    def short_question(self) -> str:
        q = self.question.replace("\n", " ")
        return q if len(q) <= 60 else f"{q[:40]}…({len(q)} chars)"


@dataclass
class EvalResult:
    results: list[QuestionResult] = field(default_factory=list)

    @property
    def n(self) -> int:
        return len(self.results)

    @property
    def passed(self) -> int:
        return sum(r.passed for r in self.results)

    @property
    def accuracy(self) -> float:
        return self.passed / self.n if self.n else 0.0

    @property
    def failures(self) -> list[QuestionResult]:
        return [r for r in self.results if not r.passed]

    def by(self, key: str) -> dict[str, tuple[int, int]]:
        """(n, passed) per value of `key` ("kind" or "language"), in first-seen order."""
        out: dict[str, list[int]] = {}
        for r in self.results:
            cell = out.setdefault(str(getattr(r, key)), [0, 0])
            cell[0] += 1
            cell[1] += int(r.passed)
        return {k: (v[0], v[1]) for k, v in out.items()}

    def latency(self) -> dict[str, float]:
        values = sorted(r.latency_ms for r in self.results)
        return {
            "p50": percentile(values, 50),
            "p95": percentile(values, 95),
            "p99": percentile(values, 99),
            "max": values[-1] if values else 0.0,
        }

    def by_id(self) -> dict[str, QuestionResult]:
        return {r.id: r for r in self.results}

    # ---- reports -----------------------------------------------------------------------------------------
    def table(self) -> str:
        rows = [(kind, n, ok) for kind, (n, ok) in self.by("kind").items()]
        width = max([len("kind"), len("overall")] + [_width(k) for k, _, _ in rows])
        lines = [f"{_pad('kind', width)}  {'n':>4}  {'passed':>6}  {'%':>6}", "-" * (width + 24)]
        for kind, n, ok in rows:
            lines.append(f"{_pad(kind, width)}  {n:>4}  {ok:>6}  {100 * ok / n:>5.1f}%")
        lines.append("-" * (width + 24))
        lines.append(f"{_pad('overall', width)}  {self.n:>4}  {self.passed:>6}  {100 * self.accuracy:>5.1f}%")
        by_language = ", ".join(
            f"{lang} {ok}/{n} ({100 * ok / n:.1f}%)" for lang, (n, ok) in self.by("language").items()
        )
        lat = self.latency()
        lines.append("")
        lines.append(f"by answer language: {by_language}")
        lines.append(
            f"latency (warm, ms): p50 {lat['p50']:.1f}  p95 {lat['p95']:.1f}  p99 {lat['p99']:.1f}  max {lat['max']:.1f}"
        )
        return "\n".join(lines)

    def markdown(self) -> str:
        lines = ["| kind | n | passed | accuracy |", "|---|---:|---:|---:|"]
        for kind, (n, ok) in self.by("kind").items():
            lines.append(f"| {kind} | {n} | {ok} | {100 * ok / n:.1f}% |")
        lines.append(f"| **overall** | **{self.n}** | **{self.passed}** | **{100 * self.accuracy:.1f}%** |")
        lat = self.latency()
        lines.append("")
        lines.append(
            f"Latency per question (warm, ms): p50 {lat['p50']:.1f} · p95 {lat['p95']:.1f} · "
            f"p99 {lat['p99']:.1f} · max {lat['max']:.1f}"
        )
        return "\n".join(lines)

    def failure_report(self) -> str:
        lines = []
        for r in self.failures:
            lines.append(f"{r.id} [{r.kind}] {r.short_question}")
            for reason in r.reasons:
                lines.append(f"    - {reason}")
            said = answer_part(r.text).strip().replace("\n", " ")
            lines.append(f"    said ({r.intent}): {said[:220]}{'…' if len(said) > 220 else ''}")
        return "\n".join(lines)


def percentile(sorted_values: list[float], pct: float) -> float:
    """Nearest-rank percentile of an already sorted list."""
    if not sorted_values:
        return 0.0
    rank = max(1, math.ceil(pct / 100 * len(sorted_values)))
    return float(sorted_values[min(rank, len(sorted_values)) - 1])


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))


def conversation(bot, history_questions: list[str]) -> list[dict]:
    """The history as alternating user/assistant messages, the assistant turns being the bot's own answers."""
    messages: list[dict] = []
    for prior in history_questions:
        reply = bot.ask(prior, history=list(messages))
        messages += [{"role": "user", "content": prior}, {"role": "assistant", "content": reply.text}]
    return messages


def answer_after(bot, text: str, history: list[str] | None = None) -> str:
    """The answer part of the bot's reply to `text`, asked after the earlier questions `history` (its sources
    left off): what a user reads, for tests and probes."""
    return answer_part(bot.ask(text, history=conversation(bot, history) if history else None).text)


def parsed_after(understanding, text: str, history: list[str] | None = None):
    """The Query `understanding` reads from `text` after the earlier user questions `history` (no answers
    replayed: the focus comes from the questions alone), for tests of the parse."""
    return understanding.parse(text, [{"role": "user", "content": h} for h in history or []])


def evaluate_one(bot, question: dict) -> QuestionResult:
    """Ask one question (after replaying its history) and check the reply; exceptions become failures."""
    text, intent, language, error = "", None, "", None
    latency = 0.0
    try:
        history = conversation(bot, question.get("history", []))
        start = time.perf_counter()
        reply = bot.ask(question["question"], history=history)
        latency = (time.perf_counter() - start) * 1000
        reasons = check(question, reply)
        text, intent, language = reply.text or "", reply.intent, getattr(reply, "language", "")
        if intent == "error":
            reasons.insert(0, "the assistant answered with its internal-error reply")
    except Exception as exc:  # a report, not a crash: record it and go on
        error = f"{type(exc).__name__}: {exc}"
        reasons = [f"raised {error}"]
    return QuestionResult(
        id=question["id"],
        kind=question["kind"],
        question=question["question"],
        passed=not reasons,
        reasons=reasons,
        latency_ms=latency,
        intent=intent,
        text=text,
        language=language,
        error=error,
    )


def run(bot, questions: list[dict]) -> EvalResult:
    return EvalResult([evaluate_one(bot, q) for q in questions])


def main(file: str | Path | None = None, verbose: bool = False) -> int:
    """Build the real assistant, warm it up once, run every question and print the report. Always exits 0."""
    from assistant.core import Assistant

    questions = load_questions(file)
    start = time.perf_counter()
    bot = Assistant.from_defaults()
    load_s = time.perf_counter() - start
    start = time.perf_counter()
    bot.ask("为什么苏州排名第六？")  # warm-up: first-call costs (jieba, embeddings, Chroma) are not counted
    warm_s = time.perf_counter() - start
    result = run(bot, questions)
    kinds = Counter(q["kind"] for q in questions)
    print(
        f"city-ai eval: {len(questions)} questions in {len(kinds)} kinds "
        f"(assistant loaded in {load_s:.1f}s, warm-up question {warm_s * 1000:.0f} ms)"
    )
    if bot.retrieval_note:
        print(f"retrieval: {bot.retrieval_note}")
    print()
    print(result.table())
    print()
    print("Markdown (for the README):")
    print()
    print(result.markdown())
    if verbose and result.failures:
        print()
        print(f"Failures ({len(result.failures)}):")
        print(result.failure_report())
    elif result.failures:
        print(f"\n{len(result.failures)} failing questions; run with --verbose to list them.")
    sys.stdout.flush()
    return 0


if __name__ == "__main__":
    args = sys.argv[1:]
    sys.exit(main(next((a for a in args if not a.startswith("-")), None), verbose="--verbose" in args))
