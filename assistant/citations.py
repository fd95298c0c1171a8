"""Numbered citations: every figure in an answer points at the table row, section and quote it came from."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from assistant.reply import Source


@dataclass
class Citations:
    """Collects cited rows while an answer is written; `[n]` markers go in the text, the list at the end."""

    items: list[dict[str, Any]] = field(default_factory=list)
    _index: dict[tuple[str, str], int] = field(default_factory=dict)

    def cite(
        self,
        section: str,
        quote: str,
        *,
        label: str = "",
        value: object = "",
        unit: str = "",
        city: str | None = None,
        table: str = "",
    ) -> str:
        """Record one fact and return its marker; the same (section, quote) reuses its number."""
        key = (str(section), str(quote))
        if key not in self._index:
            self._index[key] = len(self._index) + 1
        number = self._index[key]
        self.items.append(
            {
                "n": number,
                "label": label,
                "value": str(value),
                "unit": unit,
                "city": city,
                "table": table,
                "section": str(section),
                "quote": str(quote),
            }
        )
        return f"[{number}]"

    def cite_row(self, row: Any, *, label: str = "", value_column: str = "value", table: str = "") -> str:
        """Cite a data/ row (Series or namedtuple) by its own provenance columns."""
        get = row.get if hasattr(row, "get") else lambda k, d="": getattr(row, k, d)
        return self.cite(
            get("section", ""),
            get("quote", ""),
            label=label,
            value=get(value_column, ""),
            unit=str(get("unit", "") or ""),
            city=get("city", None) or None,
            table=table,
        )

    def render(self, language: str, passages: list[Source] | None = None) -> str:
        """The sources block: numbered table rows with their quotes, then the report passages used."""
        lines: list[str] = []
        seen: set[int] = set()
        for item in self.items:
            if item["n"] in seen:
                continue
            seen.add(item["n"])
            quote = " ".join(item["quote"].split())
            lines.append(f"[{item['n']}] {item['section']} — 「{quote}」")
        for source in passages or []:
            page = f", p.{source.page}" if source.page else ""
            lines.append(f"[{source.id}] {source.section}{page}")
        if not lines:
            return ""
        title = (
            "**Sources** (data/ tables, quoted from the report)"
            if language == "en"
            else "**出处**（data/ 表格，引自报告原文）"
        )
        return "\n" + SOURCES_RULE + title + "\n\n" + "\n".join(f"- {line}" for line in lines)

    @property
    def facts(self) -> list[dict[str, Any]]:
        return list(self.items)


# --- one number per source, for readers ---------------------------------------------------------------------

SOURCES_RULE = "\n---\n"
_MARKER = re.compile(r"\[(\d+)\](?!\()")


@dataclass(frozen=True)
class Reference:
    """One numbered source of an answer: a data/ row (`kind="fact"`, with the figures it backs) or a report
    passage (`kind="passage"`). `quote` is the report's own words: the row's sentence or the passage text."""

    n: int
    kind: str
    section: str
    quote: str
    page: int | None = None
    city: str | None = None
    source_id: str | None = None
    figures: tuple[tuple[str, str], ...] = ()  # (label, value with unit) for a fact row

    def to_dict(self) -> dict[str, Any]:
        return {
            "n": self.n,
            "kind": self.kind,
            "section": self.section,
            "page": self.page,
            "city": self.city,
            "source_id": self.source_id,
            "quote": self.quote,
            "figures": [{"label": label, "value": value} for label, value in self.figures],
        }


@dataclass(frozen=True)
class Referenced:
    """An answer body whose every citation is a `[n]` and every reference is cited at least once."""

    body: str
    references: list[Reference]

    def cited(self) -> set[int]:
        return {int(m) for m in _MARKER.findall(self.body)}


def _fact_references(facts: list[dict[str, Any]]) -> list[Reference]:
    """Facts sharing a number (one quote stating two figures) become one reference listing both figures."""
    grouped: dict[int, list[dict[str, Any]]] = {}
    for fact in facts:
        try:
            n = int(fact.get("n"))
        except (TypeError, ValueError):
            continue
        grouped.setdefault(n, []).append(fact)
    refs = []
    for n in sorted(grouped):
        items = grouped[n]
        figures = tuple(
            dict.fromkeys(
                (str(f.get("label", "")), f"{f.get('value', '')}{f.get('unit', '') or ''}") for f in items
            )
        )
        first = items[0]
        refs.append(
            Reference(
                n=n,
                kind="fact",
                section=str(first.get("section", "")),
                quote=" ".join(str(first.get("quote", "")).split()),
                city=first.get("city") or None,
                figures=figures,
            )
        )
    return refs


def _mark_after(body: str, needle: str, marker: str) -> str | None:
    """Insert `marker` after the first occurrence of `needle` not already followed by a marker; None if none."""
    start = 0
    while (at := body.find(needle, start)) >= 0:
        end = at + len(needle)
        if not _MARKER.match(body[end:].lstrip(" ")):
            return body[:end] + " " + marker + body[end:]
        start = end
    return None


def _passage_needles(source: Source) -> list[str]:
    """How a composer names a passage without its id: section with page (either language), then the section."""
    needles = []
    if source.page:
        needles += [f"{source.section}，第{source.page}页", f"{source.section}, p.{source.page}"]
    return needles + [source.section]


def _line_for(body: str, city: str | None, marker_free: bool) -> int | None:
    """The first answer line (not a block quote) naming `city`; with marker_free, only lines without a marker."""
    if not city:
        return None
    for i, line in enumerate(body.split("\n")):
        if line.lstrip().startswith(">") or city not in line:
            continue
        if marker_free and _MARKER.search(line):
            continue
        return i
    return None


def reference(
    text: str, facts: list[dict[str, Any]] | None, sources: list[Source] | None, language: str = "zh"
) -> Referenced:
    """Number an answer's sources for a reader: one number per source, no internal ids, nothing uncited.

    The body is the text before the sources block. Data rows keep their numbers (1..k, as in `facts`);
    report passages follow (k+1...), in the order of `sources`: their ids (`[s3.6-p01]`) become numbers, a
    passage named by section and page gets its number there, and a row or passage the body never points at
    gets its marker on the first line naming its city, else on a closing "related" line.
    """
    body = text.partition(SOURCES_RULE)[0].rstrip()
    refs = _fact_references(list(facts or []))
    n = max((r.n for r in refs), default=0)
    loose: list[str] = []
    for source in sources or []:
        n += 1
        marker = f"[{n}]"
        refs.append(
            Reference(
                n=n,
                kind="passage",
                section=source.section,
                quote=source.text,
                page=source.page,
                city=source.city,
                source_id=source.id,
            )
        )
        tagged = f"[{source.id}]"
        if tagged in body:
            body = body.replace(tagged, marker)
            continue
        for needle in _passage_needles(source):
            marked = _mark_after(body, needle, marker) if needle else None
            if marked is not None:
                body = marked
                break
        else:
            loose.append(marker)
    cited = {int(m) for m in _MARKER.findall(body)}
    for ref in refs:
        if ref.kind != "fact" or ref.n in cited:
            continue
        lines = body.split("\n")
        i = _line_for(body, ref.city, marker_free=True)
        if i is None:
            i = _line_for(body, ref.city, marker_free=False)
        if i is None:
            loose.append(f"[{ref.n}]")
            continue
        lines[i] = lines[i].rstrip() + f"[{ref.n}]"
        body = "\n".join(lines)
    if loose:
        label = "Related sources: " if language == "en" else "相关出处："
        body += "\n\n" + label + " ".join(sorted(loose, key=lambda m: int(m[1:-1])))
    refs.sort(key=lambda r: r.n)
    return Referenced(body=body, references=refs)
