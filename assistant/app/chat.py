"""The chat tab and the /ask API: one Assistant shared by all sessions, the conversation kept per session.

A turn is shown the moment it is sent (the question, then a thinking indicator), then answered. Every answer
keeps its own evidence: clicking an answer (or its "依据 · Evidence" link, or one of its [n] markers) shows
that answer's chart, table and numbered sources; the newest answer is shown by default. The conversation is
kept per session on the server (gr.State: two tabs or users never share one) and copied to the browser's
localStorage so a reload brings it back. The Chatbot only ever receives escaped text.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Generator, Iterator
from typing import Any

import gradio as gr

from assistant.app import turns as T
from assistant.app.render import escape_answer, references_html, reply_json, write_csv
from assistant.app.tables import human_table, table_html
from assistant.app.views import chart_note, polish
from assistant.core import Assistant
from assistant.reply import Reply
from assistant.text import MAX_QUESTION_CHARS, clean

log = logging.getLogger(__name__)

EXAMPLES = [
    "为什么苏州排名第六？",
    "比较杭州和南京",
    "武汉有哪些人工智能政策？",
    "知识创造力前五名是哪些城市？",
    "如果知识创造力权重加倍，苏州排第几？",
    "北京AI独角兽数量",
    "Why does Suzhou rank 6th?",
    "Compare Hangzhou and Nanjing",
    "What AI policies does Wuhan have?",
]
MAX_HISTORY_MESSAGES = 12  # follow-ups only need the last few turns
MAX_CACHED_REPLIES = 3  # per session: the latest replies' charts and tables; others are recomputed on demand
STORAGE_KEY = "city-ai-conversation"
# Not a secret: Gradio obfuscates BrowserState with it; a fixed value keeps conversations across restarts.
STORAGE_SECRET = "city-ai-local-conversation-v1"
TABLE_CAPTION = "数据表 Table · 点击表头排序 click a header to sort"
EMPTY_SOURCES = '<div class="sources"><p class="src-empty">提问后这里显示回答引用的报告出处。 Sources of the answer appear here.</p></div>'
SORRY = (
    "抱歉，回答这个问题时出错了，请再试一次。 Sorry, something went wrong while answering; please try again."
)


def recent(history: list[dict[str, str]]) -> list[dict[str, str]]:
    return history[-MAX_HISTORY_MESSAGES:]


def parse_history(history_json: str | None) -> tuple[list[dict[str, str]], str | None]:
    """Messages from the API's JSON string; a malformed value is ignored (with a note), never an error."""
    if not history_json or not str(history_json).strip():
        return [], None
    try:
        data = json.loads(history_json)
    except (TypeError, ValueError):
        return [], "history_json is not valid JSON; answered without history"
    if not isinstance(data, list):
        return [], "history_json must be a JSON list of {role, content}; answered without history"
    messages = [
        {"role": str(m.get("role", "user")), "content": m["content"]}
        for m in data
        if isinstance(m, dict) and isinstance(m.get("content"), str)
    ]
    return messages, None


def turn_of(evt: gr.SelectData | None) -> int | None:
    """The turn a click in the Chatbot belongs to (each turn is a question and one answer)."""
    if evt is None:
        return None
    index = evt.index[0] if isinstance(evt.index, list | tuple) else evt.index
    try:
        return int(index) // 2
    except (TypeError, ValueError):
        return None


class ChatHandlers:
    """Event handlers bound to one Assistant."""

    def __init__(self, bot: Assistant):
        self.bot = bot
        self.report = bot.report

    # --- answering -----------------------------------------------------------------------------------

    def answers(self, question: str, history: list[dict[str, str]]) -> Generator[str, None, Reply]:
        """Growing answer texts, returning the final Reply. Only the optional LLM wording streams; the
        deterministic answer arrives in one piece."""
        context = recent(history) or None
        stream = getattr(self.bot, "ask_stream", None)
        if stream is None or not getattr(self.bot, "llm_on", False):
            return self.bot.ask(question, history=context)
        reply = yield from stream(question, history=context)
        return reply if reply is not None else self.bot.answer(question, history=context)

    def _safe_answers(self, question: str, history: list[dict[str, str]]) -> Generator[str, None, Reply]:
        try:
            return (yield from self.answers(question, history))
        except Exception:  # the chat must never stay pending: log it, say so
            log.exception("answering %r failed", question[:80])
            return Reply(text=SORRY, intent="error", language="en" if clean(question).isascii() else "zh")

    def evidence(self, turns: list[dict], i: int | None, cache: dict | None) -> tuple[tuple, dict]:
        """(head, chart, table, CSV, sources) for turn i, and the updated cache of recent replies. A reply no
        longer cached (an old turn, or one restored after a reload) is recomputed: answers are
        deterministic, so asking again with the same history gives the same chart and table."""
        cache = dict(cache or {})
        if i is None or not 0 <= i < len(turns):
            return self.empty_evidence(), cache
        record = turns[i]
        if i not in cache:
            history = T.history_of(turns[:i])
            *_, reply = _drain(self._safe_answers(record["q"], history))
            has_table = reply.table is not None and not reply.table.empty
            cache[i] = (reply, write_csv(reply.table, reply.intent) if has_table else None)
            for old in sorted(cache)[:-MAX_CACHED_REPLIES]:
                cache.pop(old)
        reply, csv = cache[i]
        language = record.get("language", "zh")
        table = human_table(reply.table, language, self.report)
        # The retrieval note repeats the status line while all is well; while keyword-only it is news: keep it.
        degraded = bool(getattr(self.bot.retriever, "degraded", False))
        notes = [n for n in record.get("notes", []) if n and (degraded or n != self.bot.retrieval_note)]
        chart = polish(reply.chart)
        if note := chart_note(chart):
            notes.append(note)
        ref = T.referenced(record)
        return (
            T.evidence_head(i, record, notes),
            gr.update(value=chart, visible=chart is not None),
            gr.update(
                value=table_html(table, elem_id="answer-table", caption=TABLE_CAPTION),
                visible=table is not None,
            ),
            gr.update(value=csv, visible=csv is not None),
            references_html(i, ref.references, language),
        ), cache

    @staticmethod
    def empty_evidence() -> tuple:
        return (
            T.evidence_head(None, None),
            gr.update(value=None, visible=False),
            gr.update(value="", visible=False),
            gr.update(value=None, visible=False),
            EMPTY_SOURCES,
        )

    # --- events --------------------------------------------------------------------------------------

    def echo(self, question: str | None, turns: list[dict] | None) -> tuple:
        """Show the question at once (the answer follows): (chatbot, box, pending question)."""
        question = (question or "").strip()
        if not question:
            return gr.skip(), gr.skip(), None
        if len(clean(question)) > MAX_QUESTION_CHARS:
            gr.Warning(
                f"问题太长（{len(clean(question))} 字），请缩短到 {MAX_QUESTION_CHARS} 字以内。"
                f" The question is too long; please keep it under {MAX_QUESTION_CHARS} characters."
            )
            return gr.skip(), gr.skip(), None
        return T.chat_value(list(turns or []), self.report, pending=question), "", question

    def answer(self, pending: str | None, turns: list[dict] | None, cache: dict | None) -> Iterator[tuple]:
        """Answer the pending question: (chatbot, turns, cache, selected, pending, head, chart, table, CSV,
        sources, saved, export)."""
        if not pending:
            yield (gr.skip(),) * 12
            return
        turns = list(turns or [])
        base = T.chat_value(turns, self.report)
        answers = self._safe_answers(pending, T.history_of(turns))
        while True:
            try:
                partial = next(answers)
            except StopIteration as done:
                reply: Reply = done.value
                break
            shown = [
                *base,
                {"role": "user", "content": T.escape_user(pending)},
                {"role": "assistant", "content": escape_answer(partial)},
            ]
            yield (shown, *(gr.skip(),) * 11)
        turns.append(T.record_of(pending, reply))
        i = len(turns) - 1
        has_table = reply.table is not None and not reply.table.empty
        cache = {k: v for k, v in (cache or {}).items() if k < i}
        cache[i] = (reply, write_csv(reply.table, reply.intent) if has_table else None)
        evidence, cache = self.evidence(turns, i, cache)
        yield (
            T.chat_value(turns, self.report),
            turns,
            cache,
            i,
            None,
            *evidence,
            T.saved(turns),
            self.export_update(turns),
        )

    def select(self, turns: list[dict] | None, cache: dict | None, selected: int | None, evt: gr.SelectData):
        """Clicking an answer (or its question) shows that answer's evidence: (selected, cache, evidence...)."""
        turns = list(turns or [])
        i = turn_of(evt)
        if i is None or i == selected or not 0 <= i < len(turns):
            return (gr.skip(),) * 7
        evidence, cache = self.evidence(turns, i, cache)
        return (i, cache, *evidence)

    def restore(self, saved: Any, turns: list[dict] | None) -> tuple:
        """After a reload: the conversation kept in localStorage, newest answer selected. (chatbot, turns,
        cache, selected, evidence..., export)"""
        records = (
            [r for r in (T.clean_record(x) for x in (saved or []) if saved) if r]
            if isinstance(saved, list)
            else []
        )
        if turns or not records:
            return (gr.skip(),) * 10
        records = records[-T.MAX_SAVED_TURNS :]
        i = len(records) - 1
        evidence, cache = self.evidence(records, i, {})
        return (T.chat_value(records, self.report), records, cache, i, *evidence, self.export_update(records))

    def new_conversation(self) -> tuple:
        """Forget this session's conversation (and the browser's copy) and clear the evidence panel:
        (chatbot, turns, cache, selected, pending, box, evidence..., saved, export)."""
        return ([], [], {}, None, None, "", *self.empty_evidence(), [], gr.update(value=None, visible=False))

    @staticmethod
    def export_update(turns: list[dict]) -> Any:
        path = T.write_export(turns)
        return gr.update(value=path, visible=path is not None)

    # --- API and scripts -----------------------------------------------------------------------------

    def ask_api(self, question: str, history_json: str = "[]") -> dict[str, Any]:
        """Answer one question; `history_json` is a JSON list of {"role", "content"} messages for follow-ups."""
        history, note = parse_history(history_json)
        text = question if isinstance(question, str) else ""
        reply = self.bot.ask(text, history=recent(history) or None)
        result = reply_json(reply)
        numbered = reply.referenced()
        result["body"] = numbered.body
        result["references"] = [r.to_dict() for r in numbered.references]
        if note:
            result["notes"].append(note)
        return result

    def respond(self, question: str | None, history: list[dict[str, str]] | None) -> Iterator[tuple]:
        """One whole turn from a plain message history, for scripts and tests: yields (chat value, history,
        box, chart, table, CSV, sources, notes/head) like the page shows them."""
        turns = T.turns_of(list(history or []))
        question = (question or "").strip()
        if not question:
            yield (gr.skip(),) * 8
            return
        *_, last = self.answer(question, turns, {})
        shown, new_turns, _cache, _i, _pending, head, chart, table, csv, sources, *_ = last
        yield (shown, T.history_of(new_turns), "", chart, table, csv, sources, head)


def _drain(gen: Generator[str, None, Reply]) -> list:
    """Run an answer generator to its end; the last item is the Reply."""
    items: list = []
    while True:
        try:
            items.append(next(gen))
        except StopIteration as done:
            items.append(done.value)
            return items


def chat_tab(handlers: ChatHandlers) -> dict[str, Any]:
    """Chat on the left; the selected answer's evidence (chart, table + CSV, numbered sources) on the right.
    On a phone the evidence opens over the chat from each answer's "依据 · Evidence" link (see theme.CSS).
    Returns the page-load restore (fn, inputs, outputs) for build_app to wire."""
    turns = gr.State([])
    cache = gr.State({})
    selected = gr.State(None)
    pending = gr.State(None)
    saved = gr.BrowserState([], storage_key=STORAGE_KEY, secret=STORAGE_SECRET)
    with gr.Row(equal_height=False, elem_id="chat-row"):
        with gr.Column(scale=5, min_width=320, elem_id="chat-col"):
            chatbot = gr.Chatbot(
                label="对话 Chat",
                show_label=False,
                height=560,
                sanitize_html=True,
                allow_tags=False,
                latex_delimiters=[],
                group_consecutive_messages=False,
                feedback_options=None,
                buttons=[],
                autoscroll=False,
                elem_id="chatbot",
                placeholder="问一个关于报告的问题，或点击下方示例。<br>Ask about the report, or click an example below.",
            )
            with gr.Row(equal_height=True, elem_id="ask-row"):
                question = gr.Textbox(
                    placeholder="输入问题 Ask a question…",
                    show_label=False,
                    lines=1,
                    max_lines=6,
                    scale=5,
                    min_width=200,
                    elem_id="question",
                    autofocus=True,
                )
                send = gr.Button("发送 Send", variant="primary", scale=1, min_width=90, elem_id="send")
            gr.HTML(
                f'<div class="q-counter" aria-live="polite"><span class="q-count">0 / {MAX_QUESTION_CHARS}</span>'
                '<span class="q-hint"></span></div>',
                elem_id="q-counter",
                padding=False,
                js_on_load=None,
            )
            examples = gr.Dataset(
                components=[question],
                samples=[[q] for q in EXAMPLES],
                label="示例问题 Example questions（点击即问 click to ask）",
                samples_per_page=len(EXAMPLES),
                elem_id="examples",
            )
            with gr.Row(elem_id="chat-tools"):
                new = gr.Button("新对话 New conversation", variant="secondary", size="sm", elem_id="new-chat")
                export = gr.DownloadButton(
                    "导出对话 Export (Markdown)",
                    visible=False,
                    size="sm",
                    variant="secondary",
                    elem_id="export-md",
                )
        with gr.Column(scale=4, min_width=320, elem_id="evidence"):
            head = gr.HTML(T.evidence_head(None, None), elem_id="ev-head", padding=False, js_on_load=None)
            plot = gr.Plot(label="图表 Chart", visible=False, elem_id="answer-plot")
            table = gr.HTML("", visible=False, elem_id="answer-table-box", padding=False, js_on_load=None)
            download = gr.DownloadButton(
                "下载表格 CSV Download", visible=False, size="sm", elem_id="download-csv"
            )
            sources = gr.HTML(EMPTY_SOURCES, elem_id="sources", padding=False, js_on_load=None)

    evidence = [head, plot, table, download, sources]
    private = {"api_visibility": "private"}
    echo = {"fn": handlers.echo, "inputs": [question, turns], "outputs": [chatbot, question, pending]}
    answer = {
        "fn": handlers.answer,
        "inputs": [pending, turns, cache],
        "outputs": [chatbot, turns, cache, selected, pending, *evidence, saved, export],
    }
    for trigger in (send.click, question.submit):
        trigger(**echo, queue=False, show_progress="hidden", **private).then(
            None, js=SCROLL_TO_END, **private
        ).then(**answer, show_progress="minimal", **private).then(None, js=SCROLL_TO_TURN, **private)
    examples.click(lambda sample: sample[0], examples, question, queue=False, **private).then(
        **echo, queue=False, show_progress="hidden", **private
    ).then(None, js=SCROLL_TO_END, **private).then(**answer, show_progress="minimal", **private).then(
        None, js=SCROLL_TO_TURN, **private
    )
    chatbot.select(
        handlers.select,
        [turns, cache, selected],
        [selected, cache, *evidence],
        show_progress="hidden",
        **private,
    )
    reset = [chatbot, turns, cache, selected, pending, question, *evidence, saved, export]
    new.click(handlers.new_conversation, None, reset, **private)
    chatbot.clear(handlers.new_conversation, None, reset, **private)
    return {
        "fn": handlers.restore,
        "inputs": [saved, turns],
        "outputs": [chatbot, turns, cache, selected, *evidence, export],
    }


# The newest question in view as soon as it is shown, and the start of the newest turn once it is answered.
SCROLL_TO_END = """() => { setTimeout(() => {
  const wrap = document.querySelector('#chatbot .bubble-wrap');
  if (wrap) wrap.scrollTop = wrap.scrollHeight;
}, 30); }"""
SCROLL_TO_TURN = """() => { setTimeout(() => {
  const wrap = document.querySelector('#chatbot .bubble-wrap');
  const rows = wrap ? wrap.querySelectorAll('.message-row.user-row') : [];
  if (!rows.length) return;
  const last = rows[rows.length - 1];
  wrap.scrollTop += last.getBoundingClientRect().top - wrap.getBoundingClientRect().top - 44;
}, 60); }"""
