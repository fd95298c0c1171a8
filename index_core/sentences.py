"""The report's whole sentence around a quoted figure: a fact row quotes a clause ("累计投资数量 149 次"); the
sentence it sits in often says more the reader asked for (the amount beside the count, the share beside the
total), so answers show it in the report's words."""

from __future__ import annotations

import re
from functools import lru_cache

_END = "。；！？!?;"
_SPACE = re.compile(r"\s+")


@lru_cache(maxsize=4)
def _squeezed_index(corpus: str) -> tuple[str, tuple[int, ...]]:
    """The corpus without whitespace, and for each kept character its position in the corpus."""
    kept = [(i, ch) for i, ch in enumerate(corpus) if not ch.isspace()]
    return "".join(ch for _, ch in kept), tuple(i for i, _ in kept)


@lru_cache(maxsize=2048)
def sentence_around(corpus: str, quote: str, max_chars: int = 240, whole: bool = False) -> str | None:
    """The sentence of `corpus` that contains `quote` (whitespace ignored), trimmed to `max_chars` around the
    quote; None when the quote is not found. Sentences end at 。；！？ or a line break (`whole`: not at ；, for
    the clauses after the quoted one that say more of the same)."""
    ends = _END.replace("；", "") if whole else _END
    needle = _SPACE.sub("", quote or "")
    if len(needle) < 4:
        return None
    squeezed, positions = _squeezed_index(corpus)
    at = squeezed.find(needle)
    if at < 0:
        return None
    start, end = positions[at], positions[at + len(needle) - 1] + 1
    left = max(corpus.rfind(ch, 0, start) for ch in ends + "\n") + 1
    right_candidates = [p for p in (corpus.find(ch, end) for ch in ends + "\n") if p >= 0]
    right = min(right_candidates) + 1 if right_candidates else len(corpus)
    sentence = corpus[left:right].strip()
    sentence = re.sub(
        r"^\*\*[^*]{0,20}\*\*", "", sentence
    ).strip()  # a bold paragraph lead ("**人工智能…。**")
    if len(sentence) > max_chars:
        offset = max(0, start - left - max_chars // 3)
        sentence = "…" + sentence[offset : offset + max_chars].strip() + "…"
    return sentence
