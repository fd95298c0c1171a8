"""The value every answer path returns: text plus the evidence behind it.

The CLI prints it, the Gradio app renders it, the optional LLM may reword `text` but never the rest.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pandas as pd


@dataclass(frozen=True)
class Source:
    """One retrieved report passage, cited by section and page."""

    id: str
    section: str
    page: int | None
    city: str | None
    text: str
    score: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "section": self.section,
            "page": self.page,
            "city": self.city,
            "text": self.text,
            "score": round(float(self.score), 4),
        }


@dataclass
class Reply:
    """An answer. `facts` holds the structured values (with provenance) the text was built from."""

    text: str
    intent: str
    cities: list[str] = field(default_factory=list)
    table: pd.DataFrame | None = None
    chart: Any = None  # plotly Figure or None
    sources: list[Source] = field(default_factory=list)
    facts: list[dict[str, Any]] = field(default_factory=list)
    language: str = "zh"
    notes: list[str] = field(default_factory=list)
    # the tables could not answer what was asked (a computation refused): the report's sentences are searched
    # for the whole question, not only for the words the text leaves out
    unanswered: bool = False

    def to_dict(self) -> dict[str, Any]:
        """JSON-safe form for `city-ai ask --json` and the API."""
        return {
            "text": self.text,
            "intent": self.intent,
            "cities": list(self.cities),
            "language": self.language,
            "table": None if self.table is None else self.table.to_dict(orient="records"),
            "chart": None
            if self.chart is None
            else self.chart.to_plotly_json().get("layout", {}).get("title"),
            "sources": [s.to_dict() for s in self.sources],
            "facts": self.facts,
            "notes": list(self.notes),
        }

    def referenced(self):
        """The answer for readers: every citation a `[n]` (passage ids too), one number per source, each
        cited in the body; see `assistant.citations.reference`."""
        from assistant.citations import reference

        return reference(self.text, self.facts, self.sources, self.language)
