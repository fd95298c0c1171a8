"""The learned router: which operation a question asks for, with a probability the parser can trust or not.

A logistic regression over character n-grams of the question with its names replaced by their kind
(苏州 -> ⓒ, 知识创造力 -> ⓓ, GDP -> ⓜ ...), English word n-grams, and slot features (how many cities, whether
a dimension, metric, year, range or position was found). Trained at load, deterministically, on the labelled
questions in `training/` and the project's own question set (never on a blind held-out file). Names being
replaced is what lets it generalise: "为什么ⓒ排名第六" is one pattern for all 20 cities.
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np

from assistant.understanding.vocabulary import Mentions

TRAINING_DIR = Path(__file__).with_name("training")
QUESTION_SET = Path(__file__).resolve().parents[2] / "tests" / "questions.jsonl"
BLIND_DIR = Path(__file__).resolve().parents[2] / "tests" / "blind"
FOLLOW_UP = "followup_same"  # a bare follow-up: keep the previous question's operation
# Labels in the question set that are guard outcomes, not operations the router chooses.
_NOT_ROUTED = {"invalid", "unknown_city", "error"}
_PLACEHOLDER = {
    "city": "ⓒ",
    "dimension": "ⓓ",
    "level2": "ⓛ",
    "level3": "ⓘ",
    "metric": "ⓜ",
    "topic": "ⓣ",
    "group": "ⓖ",
    "place": "ⓟ",
}
# Below this probability the parser does not trust the top reading (see tests/test_router.py, which measures
# accuracy above and below it on questions the router was not trained on).
CONFIDENT = 0.5
# Chosen with benchmarks/router_bench.py (5-fold accuracy over the training questions).
REGULARISATION_C = 30.0
SLOT_WEIGHT = 0.7


@dataclass(frozen=True)
class Example:
    text: str
    label: str


def masked(text: str, mentions: Mentions) -> str:
    """The question with every recognised name replaced by its kind, and digits by 9."""
    out = text.lower()
    for m in sorted(mentions.items, key=lambda m: -m.start):
        if m.kind in _PLACEHOLDER:
            out = out[: m.start] + _PLACEHOLDER[m.kind] + out[m.end :]
    return re.sub(r"\d", "9", out)


def slot_tokens(mentions: Mentions, extra: dict[str, object], cue_ops: tuple[str, ...] = ()) -> str:
    """Slot features as words: cities_0/1/2, has_dimension, has_metric, has_year, has_range, has_position...,
    and cue_<operation> for each operation whose cue words (lexicon.toml [cues]) occur."""
    n = len(mentions.cities)
    words = [f"cities_{min(n, 2)}", *(f"cue_{op}" for op in cue_ops)]
    for kind in ("dimension", "level2", "level3", "metric", "topic", "group", "place"):
        if mentions.of(kind):
            words.append(f"has_{kind}")
    for key, value in extra.items():
        if value:
            words.append(f"has_{key}")
    return " ".join(words)


def load_examples(paths: list[Path] | None = None) -> list[Example]:
    """The training questions: training/*.jsonl ({"text", "operation"}) and the question set's standalone ones."""
    examples: list[Example] = []
    for path in paths or sorted(TRAINING_DIR.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                item = json.loads(line)
                examples.append(Example(item["text"], item["operation"]))
    if paths is None and QUESTION_SET.exists():
        for line in QUESTION_SET.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            item = json.loads(line)
            intents = (
                item["expect_intent"] if isinstance(item["expect_intent"], list) else [item["expect_intent"]]
            )
            if item.get("history") or "question_repeat" in item or intents[0] in _NOT_ROUTED:
                continue
            examples.append(Example(item["question"], intents[0]))
    held_out = _blind_questions()
    return [e for e in examples if e.text not in held_out]


def _blind_questions() -> set[str]:
    """Questions of the blind held-out sets: never trained on, even when our own set words one the same way."""
    out: set[str] = set()
    for path in BLIND_DIR.glob("*.jsonl"):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                out.add(json.loads(line).get("question", ""))
    return out


_WHITESPACE = re.compile(r"\s\s+")


def _char_wb_ngrams(text: str, low: int = 1, high: int = 3) -> list[str]:
    """scikit-learn's char_wb analyzer: n-grams inside each space-padded word (lower-cased)."""
    out: list[str] = []
    for word in _WHITESPACE.sub(" ", text.lower()).split():
        padded = f" {word} "
        length = len(padded)
        for n in range(low, high + 1):
            offset = 0
            out.append(padded[offset : offset + n])
            while offset + n < length:
                offset += 1
                out.append(padded[offset : offset + n])
            if offset == 0:  # the whole word was shorter than n: counted once
                break
    return out


def _word_ngrams(text: str) -> list[str]:
    tokens = text.lower().split()
    return tokens + [" ".join(pair) for pair in zip(tokens, tokens[1:], strict=False)]


@dataclass(frozen=True)
class _Block:
    """One feature block of the fitted model: its vocabulary, idf (None: binary counts), sublinear tf, scale."""

    vocabulary: dict[str, int]
    idf: np.ndarray | None
    sublinear: bool
    scale: float

    def vector(self, terms: list[str]) -> np.ndarray:
        out = np.zeros(len(self.vocabulary))
        for term in terms:
            index = self.vocabulary.get(term)
            if index is not None:
                out[index] += 1.0
        if self.idf is None:
            return np.minimum(out, 1.0) * self.scale
        if self.sublinear:
            out[out > 0] = 1.0 + np.log(out[out > 0])
        out *= self.idf
        norm = np.linalg.norm(out)
        return (out / norm if norm else out) * self.scale


class Router:
    """Fit once on labelled questions; `rank` gives every operation label with its probability, best first.

    Fitting uses scikit-learn; the fitted state is kept as plain arrays (vocabularies, idf, coefficients) and
    predicting is a few NumPy operations, so answering a question never imports scikit-learn or SciPy.
    """

    def __init__(self, featurise, examples: list[Example]):
        self._featurise = featurise  # text -> (masked text, its words, slot and cue words)
        self._fit([featurise(e.text) for e in examples], [e.label for e in examples])

    @classmethod
    def cached(cls, featurise, examples: list[Example], cache_dir: Path | None, fingerprint: str) -> Router:
        """The router fitted on `examples`, read from `cache_dir` when the same inputs were fitted before.

        Fitting costs ~2 s (every example goes through the vocabulary); the fitted state is a pure function of
        the examples and of the code and data that featurise them, which `fingerprint` covers.
        """
        digest = hashlib.sha256(fingerprint.encode())
        for e in examples:
            digest.update(f"{e.text}\t{e.label}\n".encode())
        path = cache_dir / f"router-{digest.hexdigest()[:16]}.pkl" if cache_dir else None
        if path is not None and path.exists():
            try:
                router = cls.__new__(cls)
                router._featurise = featurise
                router._blocks, router._coef, router._intercept, router.labels = pickle.loads(
                    path.read_bytes()
                )
                return router
            except Exception:  # a damaged or foreign cache is rebuilt, never trusted
                path.unlink(missing_ok=True)
        router = cls(featurise, examples)
        if path is not None:
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
                tmp = path.with_suffix(f".{os.getpid()}.tmp")
                tmp.write_bytes(
                    pickle.dumps((router._blocks, router._coef, router._intercept, router.labels))
                )
                tmp.replace(path)
            except OSError:
                pass  # a read-only home only costs the fit at the next start
        return router

    def _fit(self, rows: list[tuple[str, str, str]], labels: list[str]) -> None:
        """rows: (masked text for character n-grams, its words, slot and cue words) per example."""
        from scipy.sparse import hstack
        from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer
        from sklearn.linear_model import LogisticRegression

        chars = TfidfVectorizer(analyzer="char_wb", ngram_range=(1, 3), sublinear_tf=True, min_df=1)
        words = TfidfVectorizer(analyzer="word", ngram_range=(1, 2), token_pattern=r"\S+")
        slots = CountVectorizer(token_pattern=r"\S+", binary=True)
        x = hstack(
            [
                chars.fit_transform([m for m, _, _ in rows]),
                words.fit_transform([w for _, w, _ in rows]),
                slots.fit_transform([s for _, _, s in rows]) * SLOT_WEIGHT,
            ]
        ).tocsr()
        model = LogisticRegression(C=REGULARISATION_C, max_iter=3000)
        model.fit(x, labels)
        self._blocks = (
            _Block({k: int(v) for k, v in chars.vocabulary_.items()}, chars.idf_.copy(), True, 1.0),
            _Block({k: int(v) for k, v in words.vocabulary_.items()}, words.idf_.copy(), False, 1.0),
            _Block({k: int(v) for k, v in slots.vocabulary_.items()}, None, False, SLOT_WEIGHT),
        )
        self._coef = np.asarray(model.coef_, dtype=float)
        self._intercept = np.asarray(model.intercept_, dtype=float)
        self.labels: tuple[str, ...] = tuple(str(c) for c in model.classes_)

    def probabilities(self, masked_text: str, words: str, slots: str) -> np.ndarray:
        chars, word_block, slot_block = self._blocks
        x = np.concatenate(
            [
                chars.vector(_char_wb_ngrams(masked_text)),
                word_block.vector(_word_ngrams(words)),
                slot_block.vector(slots.lower().split()),
            ]
        )
        scores = self._coef @ x + self._intercept
        scores = np.exp(scores - scores.max())
        return scores / scores.sum()

    def rank(self, text: str) -> list[tuple[str, float]]:
        probabilities = self.probabilities(*self._featurise(text))
        order = np.argsort(-probabilities, kind="stable")
        return [(self.labels[i], float(probabilities[i])) for i in order]


def fingerprint() -> str:
    """The sources a fitted router depends on besides its examples: featurising code, lexicon and names."""
    here = Path(__file__).parent
    files = [here / n for n in ("router.py", "grammar.py", "vocabulary.py", "parser.py", "lexicon.toml")]
    from index_core.paths import data_dir

    data = data_dir()  # the checkout's data/, the wheel's bundle or CITY_AI_DATA_DIR
    files += [data / n for n in ("cities.csv", "indicators.csv", "facts.csv", "policies.csv")]
    digest = hashlib.sha256()
    for f in files:
        digest.update(f.read_bytes() if f.exists() else b"")
    return digest.hexdigest()


@cache
def _cached_examples() -> tuple[Example, ...]:
    return tuple(load_examples())


def default_examples() -> list[Example]:
    return list(_cached_examples())
