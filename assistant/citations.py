"""Numbered citations: every figure in an answer points at the table row, section and quote it came from."""

from __future__ import annotations

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
        return "\n\n---\n" + title + "\n\n" + "\n".join(f"- {line}" for line in lines)

    @property
    def facts(self) -> list[dict[str, Any]]:
        return list(self.items)
