"""The Assistant: parse the question, compose the answer from the tables, cite passages; never raise."""

from __future__ import annotations

import contextlib
import functools
import gc
import logging
from collections.abc import Generator, Iterator
from dataclasses import dataclass

from assistant.answers import compose
from assistant.answers.base import Context
from assistant.config import Settings
from assistant.reply import Reply, Source
from assistant.text import MAX_HISTORY_MESSAGES, MAX_MESSAGE_CHARS, MAX_QUESTION_CHARS, clean, language_of
from assistant.understanding.parser import Understanding
from assistant.understanding.query import Operation, Query
from index_core.report import Report, load_report

log = logging.getLogger(__name__)


@dataclass
class _Turn:
    question: object
    history: list[dict] | None


class Assistant:
    """Deterministic answers over the report; retrieval supplies narrative and citations only."""

    def __init__(self, report: Report, retriever, settings: Settings | None = None):
        self.report = report
        self.retriever = retriever
        self.settings = settings or Settings.from_env()
        self.understanding = Understanding(report)

    @functools.cached_property
    def pipeline(self):
        """The same two steps as a LangChain runnable (understand -> compose), for composing with other
        runnables. Built on first use: LangChain's tracing machinery costs ~0.4 s to import, which `answer()`
        (calling the two steps directly) does not need. Model output is never executed anywhere in it."""
        from langchain_core.runnables import RunnableLambda

        return RunnableLambda(self._understand, name="understand") | RunnableLambda(
            self._compose, name="compose"
        )

    @classmethod
    def from_defaults(
        cls, settings: Settings | None = None, build: bool = True, lazy: bool = False
    ) -> Assistant:
        """Load data/ and open (or build, with `build`) the passage store; falls back to keyword search if the
        store is unusable.

        With `lazy` the store, torch and the embedding model are loaded on the first answer that needs passages
        instead: table look-ups, rankings, comparisons and policies never search, so `city-ai ask` answers
        those without them.
        """
        with _loading_without_gc():
            from assistant.retrieval.hybrid import HybridRetriever

            settings = settings or Settings.from_env()
            report = load_report()
            retriever = HybridRetriever(settings, auto_build=build, lazy=lazy)
            if not lazy:
                from assistant.answers.passage import warm

                warm()  # sentence indexes built once here, not inside the first answer that needs them
                from assistant.answers.registry import OPERATIONS, composer
                from assistant.understanding.content import warm as warm_cues
                from index_core.explain import explain_rank

                for city in report.sample:  # (each city's explanation from the tables, once: ~0.5 s in all)
                    explain_rank(city, report)
                for op in OPERATIONS:  # every composer's module imported now, not by its first question
                    composer(op)
                warm_cues()
                from assistant.understanding.spelling import dictionary_words

                dictionary_words()  # (the tokenizer's words, read once here: ~0.4 s)
            return cls(report, retriever, settings)

    @property
    def retrieval_note(self) -> str | None:
        return getattr(self.retriever, "note", None)

    def retrieve(self, query: str, k: int = 5, **filters) -> list[Source]:
        """Passages only (hybrid BM25 + dense), optionally filtered by city, dimension or kind."""
        if self.retriever is None:
            return []
        return self.retriever.search(query, k=k, **filters)

    def parse(self, question: object, history: list[dict] | None = None) -> Query:
        return self.understanding.parse(question, _plain_history(history))

    def _understand(self, turn: _Turn) -> Query:
        if isinstance(turn.question, str) and len(turn.question) > MAX_QUESTION_CHARS:
            # Refused on the raw length: a megabyte question is never normalised (NFKC, zhconv) just to be refused.
            head = clean(turn.question[:200])
            return Query(text=head[:80], language=language_of(head) if head else "zh",
                         operation=Operation.INVALID, problem="too-long")  # fmt: skip
        query = self.parse(turn.question, turn.history)
        if self.llm_on and query.operation in (Operation.CLARIFY, Operation.UNKNOWN) and not query.problem:
            from assistant.llm.parse import llm_query

            query = llm_query(query, self._chat_model(), self.understanding)
        return query

    def _compose(self, query: Query) -> Reply:
        ctx = Context(report=self.report, query=query, search=self.retrieve)
        reply = compose(ctx)
        # A lazy retriever that was never searched has nothing to report (and must not be loaded just to say so).
        if getattr(self.retriever, "dense_settled", True) and getattr(self.retriever, "degraded", False):
            note = self.retrieval_note
            if note:
                reply.notes.append(note)
        return reply

    def answer(self, question: object, history: list[dict] | None = None) -> Reply:
        """The deterministic answer; bad input gets a clear reply and internal errors a polite one, never a traceback."""
        try:
            return self._compose(self._understand(_Turn(question, capped_history(history))))
        except Exception:  # the last line of defence: log it, tell the user plainly, never raise from here
            try:  # the question itself may be what broke: a __str__ that raises, a list nested 100 000 deep
                shown = str(question)[:200]
            except Exception:  # describing the input must not fail the reply
                shown = "<a question that cannot be shown as text>"
            with contextlib.suppress(Exception):
                log.exception("failed to answer %r", shown)
            return Reply(
                text="抱歉，回答这个问题时出错了，请换个说法再试。 / Sorry, something went wrong answering that; please rephrase.",
                intent="error",
            )

    # ---- optional LLM wording --------------------------------------------------------------------------
    @property
    def llm_mode(self) -> str:
        from assistant.llm.config import llm_mode

        return llm_mode(self.settings)

    @property
    def llm_on(self) -> bool:
        return bool(self.settings.llm_provider)

    def _chat_model(self):
        """Built once; None when off. Misconfiguration is reported by reword() as a note, not raised."""
        if not hasattr(self, "_model_cache"):
            from assistant.llm.client import make_chat_model
            from assistant.llm.config import LLMConfigError

            try:
                self._model_cache = make_chat_model(self.settings)
            except LLMConfigError:
                self._model_cache = None
        return self._model_cache

    def ask(self, question: object, history: list[dict] | None = None) -> Reply:
        """Answer one question: deterministic by default; reworded by the configured LLM only if every figure checks."""
        reply = self.answer(question, history)
        if not self.llm_on or reply.intent in _NOT_REWORDED:
            return reply
        from assistant.llm.rewriter import reword

        return reword(str(question), reply, self.settings, self._chat_model())

    def ask_stream(self, question: object, history: list[dict] | None = None) -> Generator[str, None, Reply]:
        """Yield growing verified texts (the LLM streams when on); the generator returns the final Reply."""
        reply = self.answer(question, history)
        if not self.llm_on or reply.intent in _NOT_REWORDED:
            yield reply.text
            return reply
        from assistant.llm.rewriter import stream_reword

        return (yield from stream_reword(str(question), reply, self.settings, self._chat_model()))


@contextlib.contextmanager
def _loading_without_gc() -> Iterator[None]:
    """Load with the cyclic GC paused, then freeze what was loaded.

    Loading creates ~0.8 M long-lived objects (torch, transformers, the model, the tables). With the GC on,
    every full collection re-scans all of them: ~10 collections cost ~1.4 s of a ~7.5 s start, and each
    one later pauses an answer for ~0.3 s (measured; see docs/performance.md). gc.freeze() moves them out of
    the collector's sight; objects created afterwards are collected as usual. The unreachable cycles frozen
    with them are ~10 k objects, well under 1 MB, once per load.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if was_enabled:
            gc.enable()


def _not_reworded() -> set[str]:
    from assistant.answers.registry import not_rewordable

    return not_rewordable()


_NOT_REWORDED = _not_reworded()


def capped_history(history: object) -> list[dict] | None:
    """The history as the Assistant reads it, capped before any cleaning: the last MAX_HISTORY_MESSAGES
    messages; a question longer than MAX_QUESTION_CHARS is dropped (it was refused when asked) and any other
    message cut to MAX_MESSAGE_CHARS. Only the kept messages are copied, so a huge history costs nothing."""
    if not history or not isinstance(history, list | tuple):
        return None
    out: list[dict] = []
    for message in history[-MAX_HISTORY_MESSAGES:]:
        if not isinstance(message, dict):
            continue
        content = message.get("content")
        if isinstance(content, list):
            parts, size = [], 0
            for part in content[:MAX_HISTORY_MESSAGES]:
                text = part.get("text", "") if isinstance(part, dict) else part
                if isinstance(text, str):
                    parts.append(text[: MAX_MESSAGE_CHARS - size])
                    size += len(parts[-1])
            content = " ".join(parts)
        if not isinstance(content, str):
            continue
        role = message.get("role", "user")
        if role == "user" and len(content) > MAX_QUESTION_CHARS:
            continue
        out.append({"role": role, "content": content[:MAX_MESSAGE_CHARS]})
    return out


def _plain_history(history: list[dict] | None) -> list[dict]:
    """Gradio may hand over messages whose content is a list or component; keep role + text only."""
    out: list[dict] = []
    for message in history or []:
        if not isinstance(message, dict):
            continue
        content = message.get("content")
        if isinstance(content, list):
            content = " ".join(
                str(part.get("text", "")) if isinstance(part, dict) else str(part) for part in content
            )
        if isinstance(content, str):
            out.append({"role": message.get("role", "user"), "content": content})
    return out
