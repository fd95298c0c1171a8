"""Assemble the Blocks: header with a status line, then the chat and the four data tabs."""

from __future__ import annotations

import gradio as gr

from assistant.app import tabs
from assistant.app.chat import SCROLL_TO_TURN, ChatHandlers, chat_tab
from assistant.app.client import CLIENT_JS
from assistant.app.render import escape_answer
from assistant.app.theme import CSS, theme
from assistant.core import Assistant

TITLE = "城市人工智能发展指数助手 · City AI Index Assistant"
INTRO = (
    "基于《中国城市人工智能发展指数报告（2020-2021）》的问答：数字来自报告的表格，并注明出处。"
    " Answers come from the report's tables, with sources."
)


STATUS_REFRESH_S = 10.0


def retrieval_mode(bot: Assistant) -> str:
    """Hybrid when the vector store is up, keyword-only (and why) when the retriever degraded."""
    retriever = bot.retriever
    if retriever is None:
        return "无 none"
    if getattr(retriever, "degraded", False):
        note = bot.retrieval_note
        return "关键词 keyword-only (BM25)" + (f" — {note}" if note else "")
    return "混合 hybrid (BM25 + 向量 dense)"


def llm_status(bot: Assistant) -> str:
    """The optional LLM wording layer's mode; "off" when that module is absent or unset."""
    try:
        from assistant.llm.config import llm_mode
    except ImportError:
        return "off"
    try:
        return llm_mode(bot.settings)
    except Exception as exc:  # a broken LLM setup must not stop the app from starting
        return f"off ({type(exc).__name__})"


def status_line(bot: Assistant) -> str:
    return escape_answer(f"检索 Retrieval: {retrieval_mode(bot)} · 大模型 LLM: {llm_status(bot)}")


def build_app(assistant: Assistant | None = None) -> gr.Blocks:
    """The whole app around one Assistant (built from defaults when none is given; that loads the store)."""
    bot = assistant or Assistant.from_defaults()
    report = bot.report
    handlers = ChatHandlers(bot)
    with gr.Blocks(title="City AI Index Assistant", analytics_enabled=False, fill_width=False) as app:
        gr.Markdown(f"# {TITLE}\n{INTRO}", elem_id="app-title")
        status = gr.Markdown(status_line(bot), elem_id="status-line")
        # The retrieval mode is live (a Chroma server can stop and come back): the line follows it.
        gr.Timer(STATUS_REFRESH_S).tick(
            lambda: status_line(bot), outputs=status, show_progress="hidden", queue=False
        )
        loaders: list[tabs.Loader] = []
        with gr.Tabs(elem_id="tabs"):
            with gr.Tab("对话 Chat", id="chat", elem_id="tab-chat"):
                restore = chat_tab(handlers)
            with gr.Tab("排名总览 Rankings", id="rankings", elem_id="tab-rankings"):
                tabs.rankings_tab(report)
            with gr.Tab("城市档案 City profile", id="profile", elem_id="tab-profile"):
                loaders.append(tabs.profile_tab(report))
            with gr.Tab("政策库 Policies", id="policies", elem_id="tab-policies"):
                loaders.append(tabs.policies_tab(report))
            with gr.Tab("权重模拟 What-if", id="whatif", elem_id="tab-whatif"):
                loaders.append(tabs.whatif_tab(report))
        gr.api(handlers.ask_api, api_name="ask")
        # The page's script (citations, evidence sheet, sorting, the question box) needs no launch option.
        app.load(None, None, None, js=CLIENT_JS, api_visibility="private")
        app.load(**restore, show_progress="hidden", api_visibility="private").then(
            None, js=SCROLL_TO_TURN, api_visibility="private"
        )
        for loader in loaders:
            app.load(loader.fn, loader.inputs, loader.outputs, api_visibility="private")
    # Gradio 6 takes theme and CSS at launch(); keep them on the app so a plain app.launch() looks right too.
    app._deprecated_theme = theme()
    app._deprecated_css = CSS
    return app
