"""A conversation as turns: what each answer was, what the chat shows for it, and its Markdown export.

A turn record is plain JSON (question, answer text, intent, language, cities, the numbered figures and the ids
of the report passages cited), so it can live in the session, in the browser's localStorage and in an
export. Nothing in a record is trusted for display: everything is escaped again when shown, and passages are
looked up by id in the committed corpus, never taken from the record.
"""

from __future__ import annotations

import hashlib
import html
import json
import time
from functools import lru_cache
from typing import Any

from assistant.app.render import answer_markdown, download_dir, escape_user, references_markdown
from assistant.app.suggest import suggestions
from assistant.citations import Referenced, reference
from assistant.reply import Reply, Source
from index_core.report import Report

MAX_SAVED_TURNS = 30  # what the browser keeps across a reload
_TEXT_LIMIT = 20_000  # a stored answer longer than any real one is cut, not trusted


@lru_cache(maxsize=1)
def _passages() -> dict[str, Source]:
    from assistant.retrieval.passages import load_passages

    return {
        p["id"]: Source(p["id"], p["section"], p.get("page"), p.get("city"), p["text"])
        for p in load_passages()
    }


def record_of(question: str, reply: Reply) -> dict[str, Any]:
    """The JSON record of one turn."""
    return {
        "q": question,
        "text": reply.text,
        "intent": reply.intent,
        "language": reply.language,
        "cities": list(reply.cities),
        "facts": json.loads(json.dumps(reply.facts, ensure_ascii=False, default=str)),
        "sources": [s.id for s in reply.sources],
        "notes": list(reply.notes),
    }


def clean_record(value: object) -> dict[str, Any] | None:
    """A record read back from the browser, with only the fields and types a record has; None if unusable."""
    if not isinstance(value, dict):
        return None
    q, text = value.get("q"), value.get("text")
    if not isinstance(q, str) or not isinstance(text, str) or not q.strip():
        return None
    facts = [
        {k: str(v) if not isinstance(v, int | float) or isinstance(v, bool) else v for k, v in f.items()}
        for f in value.get("facts") or []
        if isinstance(f, dict)
    ]
    return {
        "q": q[:2000],
        "text": text[:_TEXT_LIMIT],
        "intent": str(value.get("intent") or "unknown"),
        "language": "en" if value.get("language") == "en" else "zh",
        "cities": [c for c in value.get("cities") or [] if isinstance(c, str)][:20],
        "facts": facts[:200],
        "sources": [s for s in value.get("sources") or [] if isinstance(s, str)][:20],
        "notes": [n for n in value.get("notes") or [] if isinstance(n, str)][:10],
    }


def saved(turns: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """What goes to localStorage: the records (no cached display), the newest MAX_SAVED_TURNS."""
    return [{k: v for k, v in t.items() if not k.startswith("_")} for t in turns[-MAX_SAVED_TURNS:]]


def sources_of(record: dict[str, Any]) -> list[Source]:
    known = _passages()
    return [known[i] for i in record.get("sources", []) if i in known]


def referenced(record: dict[str, Any]) -> Referenced:
    return reference(record["text"], record.get("facts"), sources_of(record), record.get("language", "zh"))


def history_of(turns: list[dict[str, Any]]) -> list[dict[str, str]]:
    """The plain message history the Assistant reads for follow-ups."""
    messages: list[dict[str, str]] = []
    for t in turns:
        messages += [{"role": "user", "content": t["q"]}, {"role": "assistant", "content": t["text"]}]
    return messages


def turns_of(history: list[dict[str, str]]) -> list[dict[str, Any]]:
    """Turns from a plain message history (user, assistant pairs); the answers carry no evidence."""
    turns, question = [], None
    for m in history:
        if m.get("role") == "user":
            question = m.get("content", "")
        elif m.get("role") == "assistant" and question is not None:
            turns.append({"q": question, "text": m.get("content", ""), "intent": "unknown", "language": "zh"})
            question = None
    return turns


def follow_ups(record: dict[str, Any], report: Report) -> list[str]:
    return suggestions(
        record.get("intent", ""),
        record.get("cities") or [],
        record.get("language", "zh"),
        record["q"],
        report,
    )


def shown_answer(i: int, record: dict[str, Any], report: Report) -> str:
    """The Chatbot's Markdown for turn i (cached on the record; never saved)."""
    if "_md" not in record:
        record["_md"] = answer_markdown(
            i, referenced(record), record.get("language", "zh"), follow_ups(record, report)
        )
    return record["_md"]


def chat_value(
    turns: list[dict[str, Any]], report: Report, pending: str | None = None
) -> list[dict[str, Any]]:
    """The Chatbot's value: each turn as the question (shown exactly as typed) and its linked answer."""
    shown: list[dict[str, Any]] = []
    for i, t in enumerate(turns):
        shown.append({"role": "user", "content": escape_user(t["q"])})
        shown.append({"role": "assistant", "content": shown_answer(i, t, report)})
    if pending is not None:
        shown.append({"role": "user", "content": escape_user(pending)})
    return shown


def evidence_head(i: int | None, record: dict[str, Any] | None, notes: list[str] | None = None) -> str:
    """The top of the evidence panel: which answer it belongs to (and the back button a phone needs)."""
    close = '<button type="button" id="ev-close" aria-label="返回对话 Back to chat">✕ 返回对话 Back</button>'
    if i is None or record is None:
        return (
            f'<div class="ev-head"><div class="ev-title"><span>回答依据 Evidence</span>{close}</div>'
            '<p class="ev-for">提问后这里显示回答的图表、表格和出处。点击任一回答可查看它的依据。<br>'
            "Ask a question to see its chart, table and sources; click any answer to see its own.</p></div>"
        )
    lis = "".join(f"<li>{html.escape(n)}</li>" for n in notes or [])
    question = record["q"] if len(record["q"]) <= 80 else record["q"][:79] + "…"
    return (
        f'<div class="ev-head" data-turn="{int(i)}"><div class="ev-title"><span>回答依据 Evidence</span>{close}</div>'
        f'<p class="ev-for">第 {i + 1} 个回答 · Answer {i + 1}：<q>{html.escape(question)}</q></p>'
        + (f'<ul class="ev-notes">{lis}</ul>' if lis else "")
        + "</div>"
    )


def export_markdown(turns: list[dict[str, Any]]) -> str:
    """The conversation as Markdown: each question, its answer with [n] markers, and its numbered sources."""
    stamp = time.strftime("%Y-%m-%d %H:%M")
    parts = [
        "# 城市人工智能发展指数助手 · 对话记录 Conversation",
        "",
        f"《中国城市人工智能发展指数报告（2020-2021）》 · 导出 exported {stamp}",
    ]
    for i, t in enumerate(turns, start=1):
        ref = referenced(t)
        question = " ".join(t["q"].split())
        parts += ["", f"## {i}. {question}", "", ref.body.strip()]
        if ref.references:
            title = "**Sources**" if t.get("language") == "en" else "**出处 Sources**"
            parts += ["", title, "", references_markdown(ref.references, t.get("language", "zh"))]
    return "\n".join(parts) + "\n"


def write_export(turns: list[dict[str, Any]]) -> str | None:
    """The export as a UTF-8 file (named by its content, so an unchanged conversation reuses it)."""
    if not turns:
        return None
    text = export_markdown(turns)
    digest = hashlib.sha1(text.encode("utf-8")).hexdigest()[:12]
    path = download_dir() / f"city-ai-conversation-{digest}.md"
    if not path.exists():
        path.write_text(text, encoding="utf-8")
    return str(path)
