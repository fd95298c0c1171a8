"""The names a report sentence lists ("建设有商汤、依图、上汽…等市级人工智能创新中心"), for a "how many" the report
answers by naming rather than counting: the count is of the names quoted, never a figure of its own."""

from __future__ import annotations

import re

# a list of three or more short names joined by 、 (the last may be joined by 和/及/与)
_LIST = re.compile(r"(?:[^、，,。；;：:（）()《》“”\s|]{1,20}、)+[^、，,。；;：:（）()《》“”\s|]{1,30}")
# what opens a list inside its first item ("建设有商汤" -> "商汤", "包括清华大学" -> "清华大学")
_OPENER = (
    re.compile(
        r"^.*?(?:分别为|分别是|建设有|拥有|包括|包含|涵盖|例如|比如|诸如|集聚了|聚集了|引进了|引进|落地了|设有|有|如|为|是)"
    ),
    re.compile(
        r"^.*(?:分别为|分别是|建设有|拥有|包括|包含|涵盖|例如|比如|诸如|集聚了|聚集了|引进了|引进|落地了|设有|有|如|为|是)"
    ),
)
# what closes a list inside its last item ("优刻得等市级人工智能创新中心" -> "优刻得")
_CLOSER = re.compile(r"(?:等|在内|共同|分别|都|均|也|已|已经|相继|先后|纷纷).*$")
_LAST_JOIN = re.compile(r"以及|和|及|与")


def listed_names(sentence: str) -> list[str]:
    """The names of the longest 、-list in the sentence, trimmed of the words that open and close it; [] when the
    sentence lists fewer than three."""
    best: list[str] = []
    for match in _LIST.finditer(re.sub(r"《[^》]*》", "《》", sentence)):
        items = match.group(0).split("、")
        others = max(len(i) for i in items[1:-1]) if len(items) > 2 else len(items[1])
        first = items[0]
        if len(first) > others + 1:
            opened = [o.sub("", first) for o in _OPENER]
            first = next((o for o in opened if 2 <= len(o) <= others + 2), first)
        last = _CLOSER.sub("", items[-1])
        tail = [p for p in _LAST_JOIN.split(last) if p] if len(last) > others + 1 else [last]
        tail = tail if all(len(p) <= others + 2 for p in tail) else [last]
        names = [first, *items[1:-1], *tail]
        if len(names) >= 3 and all(names) and len(names) > len(best):
            best = names
    return best
