"""The chat tab and the /ask API: one Assistant shared by all sessions, history kept per browser session.

The raw conversation lives in a gr.State (per session, never global), so two tabs never see each other's
history; the Chatbot only ever receives an escaped rendering of it.
"""

from __future__ import annotations

import json
from collections.abc import Generator, Iterator
from typing import Any

import gradio as gr

from assistant.app.render import chat_messages, escape_answer, reply_json, sources_html, write_csv
from assistant.app.views import polish
from assistant.core import Assistant
from assistant.reply import Reply

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
MAX_QUESTION_CHARS = 2000  # the text box limit; the API accepts anything and lets the Assistant refuse it
MAX_HISTORY_MESSAGES = 12  # follow-ups only need the last few turns
# Long answers: show the start of the newest turn, not the bottom of the sources fold.
SCROLL_TO_TURN = """() => { setTimeout(() => {
  const wrap = document.querySelector('#chatbot .bubble-wrap');
  const rows = wrap ? wrap.querySelectorAll('.message-row.user-row') : [];
  if (!rows.length) return;
  const last = rows[rows.length - 1];
  wrap.scrollTop += last.getBoundingClientRect().top - wrap.getBoundingClientRect().top - 44;
}, 60); }"""
EMPTY_EVIDENCE = '<div class="sources"><p class="src-empty">提问后这里显示回答引用的报告段落。 Sources of the answer appear here.</p></div>'


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


class ChatHandlers:
    """Event handlers bound to one Assistant."""

    def __init__(self, bot: Assistant):
        self.bot = bot

    def answers(self, question: str, history: list[dict[str, str]]) -> Generator[str, None, Reply]:
        """Growing answer texts, returning the final Reply. Only the optional LLM wording streams; the
        deterministic answer arrives in one piece."""
        context = recent(history) or None
        stream = getattr(self.bot, "ask_stream", None)
        if stream is None or not getattr(self.bot, "llm_on", False):
            return self.bot.ask(question, history=context)
        reply = yield from stream(question, history=context)
        return reply if reply is not None else self.bot.answer(question, history=context)

    def respond(self, question: str | None, history: list[dict[str, str]] | None) -> Iterator[tuple]:
        """A user turn: answer, append to this session's history, and fill the evidence panel."""
        history = list(history or [])
        question = (question or "").strip()
        if not question:
            yield (gr.skip(),) * 8
            return
        asked = [*history, {"role": "user", "content": question}]
        answers = self.answers(question, history)
        while True:
            try:
                partial = next(answers)
            except StopIteration as done:
                reply: Reply = done.value
                break
            shown = chat_messages([*asked, {"role": "assistant", "content": partial}])
            yield (shown, gr.skip(), "", *(gr.skip(),) * 5)
        history = [*asked, {"role": "assistant", "content": reply.text}]
        yield (chat_messages(history), history, "", *self.evidence(reply))

    def evidence(self, reply: Reply) -> tuple:
        """Chart, table, CSV download, source cards and notes for one reply."""
        has_table = reply.table is not None and not reply.table.empty
        csv = write_csv(reply.table, reply.intent) if has_table else None
        # The retrieval note is already in the status line.
        shown = [n for n in reply.notes if n and n != self.bot.retrieval_note]
        notes = "\n".join(f"- {escape_answer(n)}" for n in shown)
        return (
            gr.update(value=polish(reply.chart), visible=reply.chart is not None),
            gr.update(value=reply.table if has_table else None, visible=has_table),
            gr.update(value=csv, visible=csv is not None),
            sources_html(reply.sources, reply.facts),
            gr.update(value=notes, visible=bool(notes)),
        )

    def new_conversation(self) -> tuple:
        """Forget this session's history and clear the evidence panel."""
        return (
            [],
            [],
            "",
            gr.update(value=None, visible=False),
            gr.update(value=None, visible=False),
            gr.update(value=None, visible=False),
            EMPTY_EVIDENCE,
            gr.update(value="", visible=False),
        )

    def ask_api(self, question: str, history_json: str = "[]") -> dict[str, Any]:
        """Answer one question; `history_json` is a JSON list of {"role", "content"} messages for follow-ups."""
        history, note = parse_history(history_json)
        text = question if isinstance(question, str) else ""
        result = reply_json(self.bot.ask(text, history=recent(history) or None))
        if note:
            result["notes"].append(note)
        return result


def chat_tab(handlers: ChatHandlers) -> None:
    """Chat on the left; the evidence (chart, table + CSV, sources) on the right, stacking on narrow screens."""
    history = gr.State([])
    with gr.Row(equal_height=False):
        with gr.Column(scale=5, min_width=320):
            chatbot = gr.Chatbot(
                label="对话 Chat",
                height=560,
                sanitize_html=True,
                allow_tags=False,
                latex_delimiters=[],
                group_consecutive_messages=False,
                feedback_options=None,
                buttons=["copy"],
                autoscroll=False,
                elem_id="chatbot",
                placeholder="问一个关于报告的问题，或点击下方示例。<br>Ask about the report, or click an example below.",
            )
            with gr.Row(equal_height=True):
                question = gr.Textbox(
                    placeholder="输入问题 Ask a question…",
                    show_label=False,
                    max_length=MAX_QUESTION_CHARS,
                    lines=1,
                    scale=5,
                    min_width=200,
                    elem_id="question",
                    autofocus=True,
                )
                send = gr.Button("发送 Send", variant="primary", scale=1, min_width=90, elem_id="send")
            examples = gr.Dataset(
                components=[question],
                samples=[[q] for q in EXAMPLES],
                label="示例问题 Example questions（点击即问 click to ask）",
                samples_per_page=len(EXAMPLES),
                elem_id="examples",
            )
            new = gr.Button("新对话 New conversation", variant="secondary", size="sm", elem_id="new-chat")
        with gr.Column(scale=4, min_width=320, elem_id="evidence"):
            gr.Markdown("#### 回答依据 Evidence")
            notes = gr.Markdown(visible=False, elem_id="notes")
            plot = gr.Plot(label="图表 Chart", visible=False, elem_id="answer-plot")
            table = gr.Dataframe(
                label="数据表 Table（点击表头排序 click a header to sort）",
                interactive=False,
                visible=False,
                wrap=True,
                max_height=320,
                elem_id="answer-table",
            )
            download = gr.DownloadButton(
                "下载表格 CSV Download", visible=False, size="sm", elem_id="download-csv"
            )
            with gr.Accordion("出处 Sources", open=True):
                sources = gr.HTML(EMPTY_EVIDENCE, elem_id="sources")

    answer_outputs = [chatbot, history, question, plot, table, download, sources, notes]
    ask = {"fn": handlers.respond, "inputs": [question, history], "outputs": answer_outputs}
    for event in (send.click, question.submit):
        event(**ask, api_visibility="private").then(None, js=SCROLL_TO_TURN, api_visibility="private")
    examples.click(lambda sample: sample[0], examples, question, api_visibility="private").then(
        **ask, api_visibility="private"
    ).then(None, js=SCROLL_TO_TURN, api_visibility="private")
    new.click(handlers.new_conversation, None, answer_outputs, api_visibility="private")
    chatbot.clear(handlers.new_conversation, None, answer_outputs, api_visibility="private")
