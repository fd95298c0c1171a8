"""Chinese numerals (十六, 三万, 二〇二〇) as numbers: shared by question understanding and the LLM verifier."""

from __future__ import annotations

from decimal import Decimal

CN_DIGITS = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
CN_UNITS = {"十": 10, "百": 100, "千": 1000}


def cn_to_decimal(run: str) -> Decimal | None:
    """Parse a Chinese numeral (十六, 三万, 二〇二〇, 两千五百, 万亿); None when the run is not one number."""
    if not run:
        return None
    for big, factor in (("亿", Decimal(10) ** 8), ("万", Decimal(10) ** 4)):
        if big in run:
            head, _, tail = run.partition(big)
            high = cn_to_decimal(head) if head else Decimal(1)
            low = cn_to_decimal(tail) if tail else Decimal(0)
            return None if high is None or low is None else high * factor + low
    if len(run) >= 3 and all(ch in CN_DIGITS for ch in run):  # digit by digit: 二〇二〇
        return Decimal("".join(str(CN_DIGITS[ch]) for ch in run))
    total, digit, last_unit = 0, None, 10**9
    for ch in run:
        if ch in CN_DIGITS:
            if digit is not None and CN_DIGITS[ch] != 0:
                return None  # two digits in a row without a unit: 十三五, 一二
            digit = CN_DIGITS[ch] or None
        elif ch in CN_UNITS:
            unit = CN_UNITS[ch]
            if unit >= last_unit:
                return None
            total += (digit if digit is not None else 1) * unit
            digit, last_unit = None, unit
        else:
            return None
    return Decimal(total + (digit or 0))


def chinese_number(text: str) -> int | None:
    """A whole number written in digits or Chinese numerals (6, 六, 十六, 二十), else None."""
    text = text.strip()
    if text.isdigit():
        return int(text)
    value = cn_to_decimal(text)
    return int(value) if value is not None and value == value.to_integral_value() else None


def ordinal(n: int) -> str:
    """6 -> '6th', 22 -> '22nd': an English rank as people write it."""
    if 10 <= n % 100 <= 20:
        return f"{n}th"
    return f"{n}{ {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th') }"
