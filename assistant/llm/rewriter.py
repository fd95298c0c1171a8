"""Swap a reply's text for a model's wording only when every figure in it checks out; otherwise keep the draft.

`reword` is the one-shot path. `stream_reword` serves the chat UI: it buffers tokens to sentence boundaries
and shows a sentence only after the whole text so far has passed `verify` (choice (a) of the issue:
verify-then-show). A failed sentence is never shown; the stream then ends with the deterministic text. The
last value yielded is always the text `reword` semantics would give: verified model text or the draft.
"""

from __future__ import annotations

import importlib
import queue
import re
import threading
import time
from collections.abc import Callable, Generator, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from functools import cache
from typing import Any, TypeVar

from assistant.config import Settings
from assistant.llm import prompts
from assistant.llm.client import make_chat_model
from assistant.llm.config import LLMConfigError
from assistant.llm.verifier import Material, VerifyResult, boundaries, verify
from assistant.reply import Reply

T = TypeVar("T")
THINK_RE = re.compile(r"^\s*<think>.*?</think>\s*", re.S)  # reasoning models' scratchpad, never shown


class Unverified(Exception):
    """The model's text names a figure, rank, date or city that is not in the material (or fails a rule)."""

    def __init__(self, result: VerifyResult):
        super().__init__(result.summary())
        self.result = result


class Malformed(Exception):
    """The model answered, but not with text we can check."""


@cache
def _errors(kind: str) -> tuple[type[BaseException], ...]:
    """Exception classes by failure kind, incl. optional SDKs' (looked up lazily: the LLM is usually off)."""
    optional = {
        "timeout": [("openai", "APITimeoutError"), ("httpx", "TimeoutException")],
        "malformed": [("openai", "APIResponseValidationError")],
        "unavailable": [
            ("openai", "APIConnectionError"),
            ("openai", "APIStatusError"),
            ("httpx", "TransportError"),
            ("httpx", "HTTPStatusError"),
            ("ollama", "ResponseError"),
        ],
    }[kind]
    builtin: dict[str, tuple[type[BaseException], ...]] = {
        "timeout": (TimeoutError,),
        "malformed": (Malformed,),
        "unavailable": (ConnectionError, OSError),
    }
    found = list(builtin[kind])
    for module, name in optional:
        try:
            found.append(getattr(importlib.import_module(module), name))
        except (ImportError, AttributeError):
            continue
    return tuple(found)


def note_for(error: BaseException, settings: Settings) -> str:
    """The user-facing fallback note for why the model's text is not shown."""
    if isinstance(error, Unverified):
        return prompts.NOTE_UNVERIFIED.format(detail=error.result.summary())
    if isinstance(error, LLMConfigError):
        return prompts.NOTE_MISCONFIGURED.format(detail=error)
    if isinstance(error, _errors("timeout")):
        return prompts.NOTE_TIMEOUT.format(timeout=settings.llm_timeout)
    if isinstance(error, _errors("malformed")):
        return prompts.NOTE_MALFORMED.format(detail=_brief(error))
    if isinstance(error, _errors("unavailable")):
        return prompts.NOTE_UNAVAILABLE.format(detail=_brief(error))
    return prompts.NOTE_MALFORMED.format(detail=_brief(error))  # KeyError/TypeError/JSON errors from parsing


def _brief(error: BaseException) -> str:
    message = str(error).splitlines()[0] if str(error) else ""
    return f"{type(error).__name__}: {message[:80]}" if message else type(error).__name__


def content_text(message: Any) -> str:
    """Plain text of a chat message or chunk; string or text-part lists only, anything else is malformed."""
    content = getattr(message, "content", None)
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        parts = []
        for part in content:
            if isinstance(part, str):
                parts.append(part)
            elif isinstance(part, dict) and part.get("type") == "text" and isinstance(part.get("text"), str):
                parts.append(part["text"])
        return "".join(parts)
    raise Malformed(f"content of type {type(content).__name__}")


def visible_text(raw: str) -> str | None:
    """Drop a leading <think>…</think> block; None while that block is still open (nothing to show yet)."""
    if raw.lstrip().startswith("<think>"):
        match = THINK_RE.match(raw)
        return None if match is None else raw[match.end() :]
    return raw


def material_for(question: str, reply: Reply) -> Material:
    """The verifier's view of exactly what the prompt shows."""
    return Material.build(question, reply.text, reply.facts, reply.sources)


def _model_name(settings: Settings, chat_model: Any) -> str:
    for attr in ("model_name", "model"):
        value = getattr(chat_model, attr, None)
        if isinstance(value, str) and value:
            return value
    return settings.llm_model or type(chat_model).__name__


def _verified(reply: Reply, text: str, name: str) -> Reply:
    return replace(reply, text=text, notes=[*reply.notes, prompts.NOTE_VERIFIED.format(model=name)])


def _fallback(reply: Reply, note: str) -> Reply:
    return replace(reply, notes=[*reply.notes, note])


def _with_deadline(call: Callable[[], T], timeout: float) -> T:
    """Run `call` but give up after `timeout` seconds even if the client ignores its own timeout."""
    pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="city-ai-llm")
    try:
        return pool.submit(call).result(timeout=timeout)
    finally:
        pool.shutdown(wait=False, cancel_futures=True)


def _check(text: str, material: Material, *, final: bool) -> str:
    result = verify(text, material, final=final)
    if not result.ok:
        raise Unverified(result)
    return text


def reword(question: str, reply: Reply, settings: Settings, chat_model: Any = None) -> Reply:
    """A copy of `reply` with the model's verified wording, or `reply` plus a note saying why not."""
    try:
        model = chat_model if chat_model is not None else make_chat_model(settings)
    except LLMConfigError as err:
        return _fallback(reply, note_for(err, settings))
    if model is None:
        return replace(reply, notes=list(reply.notes))
    messages = prompts.build_messages(question, reply.text, reply.facts, reply.sources)
    try:
        message = _with_deadline(lambda: model.invoke(messages), settings.llm_timeout)
        text = visible_text(content_text(message))
        if text is None:
            raise Malformed("unterminated <think> block")
        text = _check(text.strip(), material_for(question, reply), final=True)
    except Exception as err:  # noqa: BLE001 - any failure means: show the deterministic answer
        return _fallback(reply, note_for(err, settings))
    return _verified(reply, text, _model_name(settings, model))


def _stream_chunks(model: Any, messages: list, timeout: float) -> Iterator[str]:
    """Token texts from `model.stream`, pumped by a daemon thread so a stalled stream cannot outlive `timeout`."""
    chunks: queue.Queue[tuple[str, Any]] = queue.Queue()
    stop = threading.Event()

    def pump() -> None:
        try:
            for chunk in model.stream(messages):
                if stop.is_set():
                    return
                chunks.put(("text", content_text(chunk)))
            chunks.put(("done", None))
        except BaseException as err:  # noqa: BLE001 - handed to the consumer thread
            chunks.put(("error", err))

    threading.Thread(target=pump, name="city-ai-llm-stream", daemon=True).start()
    deadline = time.monotonic() + timeout
    try:
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError(f"no complete answer within {timeout:g}s")
            try:
                kind, value = chunks.get(timeout=remaining)
            except queue.Empty:
                raise TimeoutError(f"no complete answer within {timeout:g}s") from None
            if kind == "done":
                return
            if kind == "error":
                raise value
            yield value
    finally:
        stop.set()


def sentence_cut(text: str) -> int:
    """End of the last complete sentence in `text` (0 if none): what may be verified and shown so far."""
    ends = boundaries(text)
    return ends[-1] if ends else 0


def stream_reword(
    question: str, reply: Reply, settings: Settings, chat_model: Any = None
) -> Generator[str, None, Reply]:
    """Yield growing, already-verified partial texts; the generator's return value is the final `Reply`.

    Each yield is the whole text shown so far. Nothing unverified is ever yielded: a prefix is shown only once
    it ends at a sentence boundary and passes `verify`. On any failure the last yield is `reply.text`.
    """
    try:
        model = chat_model if chat_model is not None else make_chat_model(settings)
    except LLMConfigError as err:
        final = _fallback(reply, note_for(err, settings))
        yield final.text
        return final
    if model is None:
        yield reply.text
        return replace(reply, notes=list(reply.notes))
    material = material_for(question, reply)
    messages = prompts.build_messages(question, reply.text, reply.facts, reply.sources)
    raw, shown = "", ""
    try:
        for piece in _stream_chunks(model, messages, settings.llm_timeout):
            raw += piece
            text = visible_text(raw)
            if text is None:
                continue
            candidate = text[: sentence_cut(text)].strip()
            if len(candidate) > len(shown):
                shown = _check(candidate, material, final=False)
                yield shown
        text = visible_text(raw)
        if text is None:
            raise Malformed("unterminated <think> block")
        text = _check(text.strip(), material, final=True)
    except Exception as err:  # noqa: BLE001 - any failure means: show the deterministic answer
        final = _fallback(reply, note_for(err, settings))
        yield final.text
        return final
    if text != shown:
        yield text
    return _verified(reply, text, _model_name(settings, model))
