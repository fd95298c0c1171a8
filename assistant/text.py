"""Cleaning what users type before anything else reads it: width, control characters, length, language."""

from __future__ import annotations

import re
import unicodedata

from zhconv import convert as _to_simplified

MAX_QUESTION_CHARS = 500  # longer input is answered with a request to shorten, not parsed
# Caps on what comes with a question, checked on the raw input before any cleaning (NFKC, zhconv) reads it:
MAX_HISTORY_MESSAGES = 50  # only the most recent messages of a history are read
MAX_MESSAGE_CHARS = 8_000  # a longer history message is cut (an assistant answer) or skipped (a question)
MAX_BODY_BYTES = 64 * 1024  # an HTTP request body over this is refused (413) before it is parsed
_CONTROL = re.compile(
    r"[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]"
)
_CJK = re.compile(r"[\u4e00-\u9fff]")
_MARKUP = re.compile(r"<[^>]{0,200}>|\b(?:alert|script|javascript)\b", re.IGNORECASE)
_LATIN_WORD = re.compile(r"\b[A-Za-z]*[a-z][A-Za-z]*\b")  # words with a lower-case letter: not GDP, PE/VC


def clean(text: object) -> str:
    """NFKC (full-width digits and letters to ASCII), simplified characters (武漢 → 武汉), no control or bidi
    characters, a plain hyphen in a range of numbers, collapsed whitespace."""
    if text is None:
        return ""
    value = unicodedata.normalize("NFKC", str(text))
    value = _CONTROL.sub(" ", value)
    value = _NUMBER_DASH.sub("-", value)  # "ranked 11–20": one hyphen between numbers, however it was typed
    if _CJK.search(value):
        value = _to_simplified(value, "zh-cn")
        value = _SHORT_YEAR.sub(r"20\1年", value)
    return re.sub(r"\s+", " ", value).strip()


# an en / em dash or a figure dash between two numbers (a range: "11–20", "6—10")
_NUMBER_DASH = re.compile(r"(?<=\d)\s*[\u2010-\u2015\u2212]\s*(?=\d)")
# a year written short ("21年6月", "19年底"): the report's years, 2015-2022, in full
_SHORT_YEAR = re.compile(
    r"(?<![\d.])(1[5-9]|2[0-2])年(?=\s*(?:\d{1,2}\s*月|底|初|中|年?[上下]半年|以来|以前|之前|以后|之后|前|后|发布|出台|的|[，。？?,]|$))"
)


def language_of(text: str) -> str:
    """'en' when English words are at least as many as Chinese words (about two characters each), else 'zh'."""
    text = _MARKUP.sub(" ", text)  # <script>alert()</script>苏州排第几 is a Chinese question
    cjk = len(_CJK.findall(text))
    latin = len(_LATIN_WORD.findall(text))
    if latin == 0:
        return "zh"
    return "en" if latin >= cjk / 2 else "zh"


def has_cjk(text: str) -> bool:
    return bool(_CJK.search(text))
