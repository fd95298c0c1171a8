"""One-letter typos in English words the report's vocabulary knows ("knowlege creation" -> "knowledge creation").

The known words are the lexicon's English terms (dimensions, second-level indicators, metrics, groups, topics,
operation cues) and the sample's English city names; only words of six letters or more are corrected, and only
when exactly one known word is one edit away (insert, delete, substitute or swap), so a correction is never a
guess between two readings.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path

from assistant.understanding.lexicon import lexicon

_WORD = re.compile(r"[A-Za-z]{6,}")


@lru_cache(maxsize=1)
def known_words() -> frozenset[str]:
    lex = lexicon()
    phrases: list[str] = []
    for table in (lex.dimensions, lex.level2, lex.groups, lex.topic_words, lex.metric_words):
        for words in table.values():
            phrases += words
    for cues in lex.operation_cues.values():
        phrases += [c.text for c in cues if not c.text.startswith("re:")]
    phrases += lex.other_places_en
    words = {w.lower() for p in phrases for w in re.findall(r"[A-Za-z]+", p) if len(w) >= 5}
    return frozenset(words)


@lru_cache(maxsize=1)
def protected_words() -> frozenset[str]:
    """Names never corrected: the sample cities in English and their Latin aliases (Hangzhou is not Changzhou)."""
    from index_core.vocabulary import names

    out: set[str] = set()
    for city in names().cities:
        for alias in (city.name_en, *city.aliases):
            out |= {w.lower() for w in re.findall(r"[A-Za-z]+", alias)}
    return frozenset(out)


@lru_cache(maxsize=1)
def dictionary_words() -> frozenset[str]:
    """English words the embedding model's tokenizer holds whole ("▁leaving", "▁sending"): real words, so never
    corrected into a known word one letter away. Empty when the model is not on disk (a configured hub model):
    then only the other guards apply."""
    try:
        from assistant.config import Settings

        path = Path(Settings.from_env().model_ref) / "tokenizer.json"
        vocab = json.loads(path.read_text(encoding="utf-8"))["model"]["vocab"]
    except (OSError, KeyError, TypeError, ValueError):
        return frozenset()
    return frozenset(
        piece[1:].lower()
        for piece, *_ in vocab
        if piece.startswith("\u2581") and len(piece) >= 7 and piece[1:].isascii() and piece[1:].isalpha()
    )


def _one_edit(word: str) -> set[str]:
    letters = "abcdefghijklmnopqrstuvwxyz"
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    deletes = {a + b[1:] for a, b in splits if b}
    swaps = {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
    replaces = {a + c + b[1:] for a, b in splits if b for c in letters}
    inserts = {a + c + b for a, b in splits for c in letters}
    return deletes | swaps | replaces | inserts


@lru_cache(maxsize=4096)
def correct_word(word: str) -> str:
    lowered = word.lower()
    known = known_words()
    if lowered in known or lowered in protected_words() or lowered in dictionary_words():
        return word  # ("leaving" is a word, not a slip of "leading")
    candidates = {
        c
        for c in _one_edit(lowered) & (known | protected_words())
        # a slip inside the word: "valued" is not a typo of "value", nor "scores" of "cores"
        if c[0] == lowered[0] and c[-1] == lowered[-1] and c not in lowered and lowered not in c
    }
    if len(candidates) != 1:
        return word
    fixed = next(iter(candidates))
    return fixed.capitalize() if word[:1].isupper() else fixed


@lru_cache(maxsize=1)
def _chinese_slips() -> tuple[re.Pattern[str], dict[str, str]]:
    """One pattern finding a dimension's or second-level indicator's Chinese name (four characters or more) with
    one character slipped ("知识创照力"), and the slip -> name table it is read through."""
    lex = lexicon()
    names = {
        w
        for table in (lex.dimensions, lex.level2)
        for words in table.values()
        for w in words
        if len(w) >= 4 and re.fullmatch(r"[\u4e00-\u9fff]+", w)
    }
    alternatives = [
        re.escape(name[:i]) + r"[\u4e00-\u9fff]" + re.escape(name[i + 1 :])
        for name in names
        for i in range(1, len(name))
    ]
    return re.compile("|".join(sorted(alternatives, key=len, reverse=True))), {n: n for n in names}


@lru_cache(maxsize=1)
def _report_text() -> str:
    from assistant.retrieval.passages import load_passages

    return "\n".join(p["text"] for p in load_passages())


def _chinese_name(match: re.Match[str]) -> str:
    """The known name one slipped character away from the match; the match itself when it is a name or is one
    character away from two names (never a guess between two readings)."""
    slip = match.group(0)
    _, names = _chinese_slips()
    if slip in names or slip in _report_text():
        return slip  # (a phrase the report itself uses is no slip: 产业规模 is not 企业规模)
    near = [
        n for n in names if len(n) == len(slip) and sum(a != b for a, b in zip(n, slip, strict=True)) == 1
    ]
    return near[0] if len(near) == 1 else slip


def corrected(text: str) -> str:
    """The text with one-letter typos in known English words and one-character slips in the Chinese names of
    dimensions and indicators corrected ("知识创照力"), and idioms whose words mislead put plainly ("on top of
    that" is not the top of a ranking); everything else unchanged."""
    text = _WORD.sub(lambda m: correct_word(m.group(0)), text)
    if re.search(r"[\u4e00-\u9fff]", text):
        text = _chinese_slips()[0].sub(_chinese_name, text)
    for idiom, plain in _IDIOMS:
        text = idiom.sub(plain, text)
    return text


_IDIOMS = (
    (re.compile(r"\bon top of (?:that|this|it|those|these)\b", re.I), "in addition"),
    (re.compile(r"\bat the end of the day\b", re.I), "in short"),
    # slang for the weakest ("哪一项最拉胯", "最拉垮", "最菜"): the plain word the question vocabulary knows
    (re.compile(r"最?(?:拉胯|拉垮|拉跨|菜)(?=[的？?，,。]|$)"), "最弱"),
    # slang for a place ("排老几", "算老几", "排行老几"): the plain question
    (re.compile(r"(排|排名|排行|算|位列)老几"), r"\1第几"),
    # homophone slips in the words for strengths and weak spots ("短版", "长版", "弱相")
    (re.compile(r"短版|短扳"), "短板"),
    (re.compile(r"弱相(?!关)"), "弱项"),
)
