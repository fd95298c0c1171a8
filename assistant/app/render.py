"""Pure helpers that turn a Reply into what the page shows: escaped chat text, source cards, a CSV file.

Kept free of Gradio so they are easy to reason about: everything a user typed, and every passage, reaches
the browser as text, never as markup.
"""

from __future__ import annotations

import html
import json
import re
import tempfile
import uuid
from pathlib import Path
from typing import Any

import pandas as pd

from assistant.reply import Reply, Source

SOURCES_RULE = "\n---\n"
_MD_PUNCT = re.compile(r"([\\`*_{}\[\]()#+\-.!|>~$])")
_CSV_DIR = Path(tempfile.gettempdir()) / "city-ai-app"


def escape_user(text: str) -> str:
    """A question shown exactly as typed: Markdown punctuation backslash-escaped and '<' / '&' as entities."""
    escaped = _MD_PUNCT.sub(r"\\\1", text)
    return escaped.replace("&", "&amp;").replace("<", "&lt;")


def escape_answer(text: str) -> str:
    """Answers are Markdown we wrote, but quotes come from the report: no raw HTML may survive."""
    return text.replace("&", "&amp;").replace("<", "&lt;")


def split_sources(text: str) -> tuple[str, str]:
    """(answer body, numbered sources block) — the reply puts the sources after a '---' line."""
    body, sep, sources = text.partition(SOURCES_RULE)
    return body.strip(), sources.strip() if sep else ""


def chat_messages(history: list[dict[str, str]]) -> list[dict[str, Any]]:
    """The Chatbot's value from the raw conversation: escaped text, the sources block folded away."""
    shown: list[dict[str, Any]] = []
    for message in history:
        if message["role"] == "user":
            shown.append({"role": "user", "content": escape_user(message["content"])})
            continue
        body, sources = split_sources(message["content"])
        shown.append({"role": "assistant", "content": escape_answer(body)})
        if sources:
            shown.append(
                {
                    "role": "assistant",
                    "content": escape_answer(sources),
                    "metadata": {"title": "出处 Sources", "status": "done"},
                }
            )
    return shown


def page_label(source: Source) -> str:
    return f"第{source.page}页 p.{source.page}" if source.page else "页码未知 page n/a"


def _passage_card(source: Source, open_: bool) -> str:
    city = f" · {html.escape(source.city)}" if source.city else ""
    return (
        f"<details{' open' if open_ else ''}><summary>{html.escape(source.section)}"
        f'<br><span class="src-meta">{html.escape(page_label(source))}{city} · [{html.escape(source.id)}]</span>'
        f'</summary><div class="src-text">{html.escape(source.text)}</div></details>'
    )


def _fact_card(fact: dict[str, Any]) -> str:
    value = f"{fact.get('value', '')}{fact.get('unit', '') or ''}"
    return (
        f"<details><summary>[{html.escape(str(fact.get('n', '')))}] {html.escape(str(fact.get('label', '')))}"
        f'：{html.escape(value)}<br><span class="src-meta">{html.escape(str(fact.get("section", "")))}</span>'
        f'</summary><div class="src-text">「{html.escape(str(fact.get("quote", "")))}」</div></details>'
    )


def sources_html(sources: list[Source], facts: list[dict[str, Any]] | None = None) -> str:
    """Collapsible cards: the report passages cited (section, page, text), then the table rows behind each
    numbered figure (section and the report's own words). Everything escaped."""
    parts = []
    if sources:
        parts.append("<h5>报告原文段落 Report passages</h5>")
        parts += [_passage_card(s, i == 0) for i, s in enumerate(sources)]
    if facts:
        parts.append("<h5>数据出处 Where each number comes from</h5>")
        parts += [_fact_card(f) for f in facts]
    if not parts:
        parts.append('<p class="src-empty">此回答没有引用报告内容。 Nothing from the report was cited.</p>')
    return '<div class="sources">' + "".join(parts) + "</div>"


def write_csv(table: pd.DataFrame | None, stem: str = "answer") -> str | None:
    """The table behind an answer as UTF-8 CSV with a BOM (so Excel shows the Chinese); None without a table."""
    if table is None or table.empty:
        return None
    _CSV_DIR.mkdir(parents=True, exist_ok=True)
    safe = re.sub(r"[^A-Za-z0-9_-]+", "-", stem).strip("-") or "answer"
    path = _CSV_DIR / f"city-ai-{safe}-{uuid.uuid4().hex[:8]}.csv"
    table.to_csv(path, index=False, encoding="utf-8-sig")
    return str(path)


def records(table: pd.DataFrame | None) -> list[dict[str, Any]] | None:
    """JSON-safe rows (NaN becomes null, numpy scalars plain numbers)."""
    if table is None:
        return None
    return json.loads(table.to_json(orient="records", force_ascii=False))


def reply_json(reply: Reply) -> dict[str, Any]:
    """What the /ask API returns: the answer and its evidence, without the figure object."""
    return {
        "text": reply.text,
        "intent": reply.intent,
        "cities": list(reply.cities),
        "language": reply.language,
        "table": records(reply.table),
        "sources": [s.to_dict() for s in reply.sources],
        "facts": json.loads(json.dumps(reply.facts, ensure_ascii=False, default=str)),
        "notes": list(reply.notes),
    }
