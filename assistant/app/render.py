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
from functools import lru_cache
from pathlib import Path
from typing import Any

import pandas as pd

from assistant.citations import Reference, Referenced
from assistant.reply import Reply, Source

_MD_PUNCT = re.compile(r"([\\`*_{}\[\]()#+\-.!|>~$])")


def download_dir() -> Path:
    """Where CSV and Markdown downloads are written: under the temp folder in force when they are written
    (the server may switch to a private one after this module is imported)."""
    folder = Path(tempfile.gettempdir()) / "city-ai-app"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def escape_user(text: str) -> str:
    """A question shown exactly as typed: Markdown punctuation backslash-escaped and '<' / '&' as entities."""
    escaped = _MD_PUNCT.sub(r"\\\1", text)
    return escaped.replace("&", "&amp;").replace("<", "&lt;")


def escape_answer(text: str) -> str:
    """Answers are Markdown we wrote, but quotes come from the report: no raw HTML may survive."""
    return text.replace("&", "&amp;").replace("<", "&lt;")


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
    safe = re.sub(r"[^A-Za-z0-9_-]+", "-", stem).strip("-") or "answer"
    path = download_dir() / f"city-ai-{safe}-{uuid.uuid4().hex[:8]}.csv"
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


# --- numbered citations for readers ----------------------------------------------------------------------

_MARKER = re.compile(r"\[(\d+)\](?!\()")
_TITLE_UNSAFE = str.maketrans({'"': "”", "\\": "＼", "<": "‹", ">": "›", "\n": " ", "\t": " ", "\r": " "})
EVIDENCE_LINK = "依据 · Evidence"
FOLLOW_UP = {"zh": "接着问：", "en": "Ask next: "}


@lru_cache(maxsize=1)
def _passage_index() -> tuple[tuple[str, str, int | None], ...]:
    """(section, text without whitespace or table bars, page) for every report passage."""
    from assistant.retrieval.passages import load_passages

    return tuple(
        (str(p.get("section", "")), re.sub(r"[\s|]+", "", str(p.get("text", ""))), p.get("page"))
        for p in load_passages()
    )


@lru_cache(maxsize=4096)
def page_of(section: str, quote: str) -> int | None:
    """The report page a data/ row's quote stands on: the passage holding the quote, else its section's."""
    needle = re.sub(r"[\s|]+", "", quote)
    index = _passage_index()
    if needle:
        for sec, text, page in index:
            if needle in text and (sec.startswith(section) or section.startswith(sec)):
                return page
        for _sec, text, page in index:
            if needle in text:
                return page
    for sec, _text, page in index:
        if sec == section or sec.startswith(section) or section.startswith(sec):
            return page
    return None


def ref_page(ref: Reference) -> int | None:
    return ref.page if ref.kind == "passage" else page_of(ref.section, ref.quote)


def where(ref: Reference, language: str = "zh") -> str:
    page = ref_page(ref)
    if not page:
        return ref.section
    return f"{ref.section}, p.{page}" if language == "en" else f"{ref.section}，第{page}页"


def cite_title(ref: Reference, language: str = "zh") -> str:
    """What hovering a [n] shows: the report's sentence (a passage's opening) and where it stands."""
    quote = ref.quote if ref.kind == "fact" else _clip(ref.quote, 140)
    return f"[{ref.n}] 「{_clip(quote, 220)}」 — {where(ref, language)}".translate(_TITLE_UNSAFE)


def _clip(text: str, n: int) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= n else text[: n - 1].rstrip() + "…"


def _md_text(text: str) -> str:
    """Text inside a Markdown link label: punctuation escaped, no raw markup."""
    return escape_user(text)


def answer_markdown(
    turn: int, referenced: Referenced, language: str, suggestions: list[str] | None = None
) -> str:
    """One answer as the Chatbot shows it: escaped Markdown whose [n] markers are links to the evidence
    (hover shows the quote), then the "依据 · Evidence" link and clickable follow-up questions."""
    titles = {r.n: cite_title(r, language) for r in referenced.references}

    def link(m: re.Match) -> str:
        n = int(m.group(1))
        if n not in titles:
            return m.group(0)
        return f'[\\[{n}\\]](#cite-{turn}-{n} "{titles[n]}")'

    body = _MARKER.sub(link, escape_answer(referenced.body))
    foot = [f"[{EVIDENCE_LINK}](#ev-{turn})"]
    if suggestions:
        chips = " ".join(f"[{_md_text(s)}](#ask-{turn}-{k})" for k, s in enumerate(suggestions))
        foot.append(FOLLOW_UP.get(language, FOLLOW_UP["zh"]) + chips)
    return body + "\n\n" + "\n\n".join(foot)


def _figures(ref: Reference) -> str:
    shown = [(label, value) for label, value in ref.figures if not _SNAKE_LABEL.match(label)]
    return "；".join(f"{label}：{value}" if label else value for label, value in shown)


_SNAKE_LABEL = re.compile(r"^[a-z][a-z0-9_]*$")


def references_html(turn: int | None, references: list[Reference], language: str = "zh") -> str:
    """The numbered sources of one answer, in the order of their numbers: a data row shows its figures, the
    report's sentence and its section and page; a passage folds its text under section and page."""
    if not references:
        return (
            '<div class="sources"><p class="src-empty">此回答没有引用报告内容。 '
            "Nothing from the report was cited.</p></div>"
        )
    t = "x" if turn is None else str(int(turn))
    cards = []
    for ref in references:
        page = ref_page(ref)
        meta = html.escape(ref.section) + (
            f' · <span class="src-page">第{page}页 p.{page}</span>' if page else ""
        )
        ident = f'id="src-{t}-{ref.n}" data-n="{ref.n}"'
        num = f'<span class="src-n">[{ref.n}]</span>'
        if ref.kind == "fact":
            figures = _figures(ref)
            head = f'{num} <span class="src-fig">{html.escape(figures)}</span>' if figures else num
            cards.append(
                f'<div class="src-card src-fact" {ident}><div class="src-head">{head}</div>'
                f'<blockquote class="src-quote">「{html.escape(ref.quote)}」</blockquote>'
                f'<div class="src-meta">{meta}</div></div>'
            )
        else:
            city = f" · {html.escape(ref.city)}" if ref.city else ""
            cards.append(
                f'<details class="src-card src-passage" {ident}><summary>{num} '
                f'<span class="src-sec">{html.escape(ref.section)}</span><br><span class="src-meta">'
                f"{'第' + str(page) + '页 p.' + str(page) if page else '页码未知 page n/a'}{city} · "
                f"{'Report passage' if language == 'en' else '报告原文段落'}</span></summary>"
                f'<div class="src-text">{html.escape(ref.quote)}</div></details>'
            )
    title = (
        "Sources — click a [n] in the answer to find its source"
        if language == "en"
        else "出处 Sources（点击回答里的 [n] 定位）"
    )
    return f'<div class="sources" data-turn="{t}"><h5>{html.escape(title)}</h5>{"".join(cards)}</div>'


def references_markdown(references: list[Reference], language: str = "zh") -> str:
    """The sources block of an exported answer: number, where it stands, the report's own words."""
    lines = []
    for ref in references:
        figures = _figures(ref)
        lead = f"{figures} — " if figures else ""
        quote = ref.quote if ref.kind == "fact" else _clip(ref.quote, 400)
        lines.append(f"- **[{ref.n}]** {lead}{where(ref, language)}\n  > 「{' '.join(quote.split())}」")
    return "\n".join(lines)
