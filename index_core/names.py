"""Resolving what people type (苏州, 苏州市, Suzhou, suzhou, Soochow, 苏洲) to one of the 20 sample cities.

Built from data/cities.csv, so adding an alias is a data change, not a code change.
"""

from __future__ import annotations

import difflib
import functools
import re
from dataclasses import dataclass

import pandas as pd
from pypinyin import Style, pinyin

from index_core.errors import UnknownCityError

_LATIN = re.compile(r"[a-z]+")


# characters that make ordinary words beside a city's character ("长啥样", "每天进行"): never a typo of a name
_FUNCTION_CHARACTERS = frozenset("啥的了是在有不得地着过么吗呢吧啊就都也还又进和与及或被把给让向对从")


@functools.lru_cache(maxsize=4096)
def _sounds(character: str) -> frozenset[str]:
    """Every toneless reading of a character (长: chang, zhang): a typo sounds like one reading of the city's."""
    return frozenset(pinyin(character, style=Style.NORMAL, heteronym=True)[0])


def _fold(text: str) -> str:
    return re.sub(r"[\s\-_.']+", "", text.strip().lower())


@dataclass(frozen=True)
class CityMention:
    """A city found in free text: which city, the surface form, where, and whether it was a fuzzy match."""

    city: str
    surface: str
    start: int
    fuzzy: bool = False


class CityResolver:
    """Exact names and aliases first, then homophone typos (same pinyin) and near-miss English spellings."""

    def __init__(self, cities: pd.DataFrame):
        self._order: list[str] = list(cities["city"])
        names: dict[str, str] = {}
        short_aliases: dict[str, str] = {}
        for row in cities.itertuples(index=False):
            forms = [row.city, row.full_name, row.name_en, f"{row.name_en} City"]
            forms += [a for a in str(getattr(row, "aliases", "") or "").split(";") if a.strip()]
            for form in forms:
                folded = _fold(str(form))
                if not folded:
                    continue
                # One-character abbreviations (沪, 京) are too ambiguous inside running text.
                (short_aliases if len(folded) == 1 else names)[folded] = row.city
        self._names = names
        self._short = short_aliases

    @property
    def sample(self) -> list[str]:
        return list(self._order)

    def resolve(self, name: str) -> str:
        """The short Chinese name of the city meant by `name`, or UnknownCityError listing the sample."""
        found = self.try_resolve(name)
        if found is None:
            raise UnknownCityError(name, self._order)
        return found

    def try_resolve(self, name: str) -> str | None:
        folded = _fold(name)
        if not folded:
            return None
        if folded in self._names:
            return self._names[folded]
        if folded in self._short:
            return self._short[folded]
        if folded.endswith("市") and folded[:-1] in self._names:
            return self._names[folded[:-1]]
        mentions = self.find(name)
        if len({m.city for m in mentions}) == 1 and len(mentions[0].surface) >= len(folded) - 1:
            return mentions[0].city
        if _LATIN.fullmatch(folded):
            close = difflib.get_close_matches(folded, [k for k in self._names if _LATIN.fullmatch(k)], 1, 0.8)
            if close:
                return self._names[close[0]]
        return None

    def find(self, text: str) -> list[CityMention]:
        """Every sample city mentioned in `text`, in order of appearance, longest names first, no overlaps."""
        lowered = text.lower()
        taken: list[tuple[int, int]] = []
        found: list[CityMention] = []

        def free(start: int, end: int) -> bool:
            return all(end <= s or start >= e for s, e in taken)

        for form in sorted(self._names, key=len, reverse=True):
            for start in _occurrences(lowered, form):  # a literal search: no pattern per name to compile
                end = start + len(form)
                if _LATIN.fullmatch(form) and not _word_bounded(lowered, start, end):
                    continue
                if free(start, end):
                    taken.append((start, end))
                    found.append(CityMention(self._names[form], text[start:end], start))
        found += self._find_spaced(lowered, text, free, taken)
        found += self._find_homophones(text, free, taken)
        found += self._find_english_typos(lowered, text, free, taken)
        found.sort(key=lambda m: m.start)
        return found

    def _find_spaced(self, lowered: str, text: str, free, taken) -> list[CityMention]:
        """A pinyin name written as its syllables apart ("Shen Zhen", "Guang-zhou"): the city, as written."""
        out: list[CityMention] = []
        for match in re.finditer(r"(?=\b([a-z]{2,6})[ -]([a-z]{2,6})\b)", lowered):
            joined = match.group(1) + match.group(2)
            start = match.start()
            end = start + len(match.group(1)) + 1 + len(match.group(2))
            if joined in self._names and _LATIN.fullmatch(joined) and free(start, end):
                taken.append((start, end))
                out.append(CityMention(self._names[joined], text[start:end], start, fuzzy=True))
        return out

    def _find_homophones(self, text: str, free, taken) -> list[CityMention]:
        """Two Chinese characters that sound like a city and share one character with it (苏洲 → 苏州)."""
        out: list[CityMention] = []
        for i in range(len(text) - 1):
            window = text[i : i + 2]
            if not all("\u4e00" <= ch <= "\u9fff" for ch in window) or not free(i, i + 2):
                continue
            for city in self._order:
                if len(city) != 2 or window == city or not (window[0] == city[0] or window[1] == city[1]):
                    continue
                k = 1 if window[0] == city[0] else 0  # the one character that differs
                if window[k] not in _FUNCTION_CHARACTERS and _sounds(window[k]) & _sounds(city[k]):
                    taken.append((i, i + 2))
                    out.append(CityMention(city, window, i, fuzzy=True))
                    break
        return out

    def _find_english_typos(self, lowered: str, text: str, free, taken) -> list[CityMention]:
        out: list[CityMention] = []
        for match in re.finditer(r"[a-z]{5,}", lowered):
            start, end = match.span()
            if not free(start, end):
                continue
            name = self._typo_of(match.group())
            if name is not None:
                taken.append((start, end))
                out.append(CityMention(self._names[name], text[start:end], start, fuzzy=True))
        return out

    def _typo_of(self, word: str) -> str | None:
        """The Latin city name `word` is a typo of, or None; remembered per word (a question is read several
        times, and difflib over every name is the slowest step of reading it)."""
        cache = self.__dict__.setdefault("_typos", {})
        if len(cache) > 50_000:
            cache.clear()  # (bounded: a long-running server reads endless new words)
        if word not in cache:
            latin_names = [k for k in self._names if _LATIN.fullmatch(k) and len(k) >= 5]
            # two neighbouring letters swapped ("hefie", "chengud") is the commonest typo: always a match
            swapped = [n for n in latin_names if len(n) == len(word) and _one_swap(word, n)]
            close = swapped or difflib.get_close_matches(word, latin_names, 1, 0.84)
            # a typo keeps the first letter: not "ranking" → nanjing
            cache[word] = close[0] if close and close[0][0] == word[0] else None
        return cache[word]


def _word_bounded(text: str, start: int, end: int) -> bool:
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    return not (before.isascii() and before.isalpha()) and not (after.isascii() and after.isalpha())


def _occurrences(text: str, form: str) -> list[int]:
    """Where `form` occurs in `text` (non-overlapping, left to right)."""
    found, at = [], text.find(form) if form else -1
    while at >= 0:
        found.append(at)
        at = text.find(form, at + len(form))
    return found


def _one_swap(word: str, name: str) -> bool:
    """Whether `word` is `name` with two neighbouring letters swapped (the first letter kept)."""
    diffs = [i for i, (a, b) in enumerate(zip(word, name, strict=True)) if a != b]
    return (
        len(diffs) == 2
        and diffs[0] > 0
        and diffs[1] == diffs[0] + 1
        and word[diffs[0]] == name[diffs[1]]
        and word[diffs[1]] == name[diffs[0]]
    )
