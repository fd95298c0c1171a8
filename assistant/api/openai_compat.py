"""The OpenAI-compatible chat API: `GET /v1/models` and `POST /v1/chat/completions` (plain and streamed).

Stateless: the conversation is the request's `messages` (the last one is the question, the earlier user and
assistant turns are its history); nothing is kept between requests, so any worker can answer any request.
The content is the assistant's Markdown answer with its sources; the same evidence comes structured in the
extra field `city_ai` (intent, cities, facts with section and quote, report passages, table, notes).
Errors use OpenAI's shape, {"error": {"message", "type", "param", "code"}}, with the matching status code.
"""

from __future__ import annotations

import json
import logging
import time
import uuid
from collections.abc import AsyncIterator, Iterator
from typing import Any

import anyio
from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, StreamingResponse
from pydantic import BaseModel, ConfigDict, ValidationError

from assistant.reply import Reply
from assistant.text import MAX_BODY_BYTES, MAX_MESSAGE_CHARS

log = logging.getLogger(__name__)

MODEL_ID = "city-ai"
CREATED = 1632960000  # the report's publication (September 2021), as the model's fixed creation time
MAX_MESSAGES = 200
MAX_CHARS = 100_000  # all message text together; the assistant itself answers very long questions politely
HISTORY_TURNS = 12  # the most recent messages passed on as history (the app keeps the same window)


class APIError(Exception):
    """An error answered in OpenAI's shape."""

    def __init__(
        self,
        status: int,
        message: str,
        type_: str = "invalid_request_error",
        param: str | None = None,
        code: str | None = None,
    ) -> None:
        super().__init__(message)
        self.status, self.message, self.type, self.param, self.code = status, message, type_, param, code

    def response(self) -> JSONResponse:
        return error_response(self.status, self.message, self.type, self.param, self.code)


def error_response(
    status: int,
    message: str,
    type_: str = "invalid_request_error",
    param: str | None = None,
    code: str | None = None,
) -> JSONResponse:
    body = {"error": {"message": message, "type": type_, "param": param, "code": code}}
    headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
    return JSONResponse(body, status_code=status, headers=headers)


class Message(BaseModel):
    model_config = ConfigDict(extra="allow")

    role: str
    content: str | list[dict[str, Any]] | None = None


class ChatRequest(BaseModel):
    """The standard request; sampling fields (temperature, top_p, max_tokens...) are accepted and ignored:
    the answer is computed from the report's tables, not sampled."""

    model_config = ConfigDict(extra="allow")

    model: str
    messages: list[Message]
    stream: bool = False
    stream_options: dict[str, Any] | None = None
    n: int | None = None


def _text(content: str | list[dict[str, Any]] | None) -> str:
    """A message's text: a string, or the text parts of a list of content parts."""
    if content is None:
        return ""
    if isinstance(content, str):
        return content
    return "\n".join(
        str(part.get("text", "")) for part in content if isinstance(part, dict) and part.get("type") == "text"
    )


def conversation(request: ChatRequest) -> tuple[str, list[dict[str, str]]]:
    """(question, history) from the messages: system prompts are ignored, the last message must be the user's."""
    if not request.messages:
        raise APIError(400, "messages must hold at least one message", param="messages")
    if len(request.messages) > MAX_MESSAGES:
        raise APIError(400, f"at most {MAX_MESSAGES} messages per request", param="messages")
    turns: list[dict[str, str]] = []
    for i, message in enumerate(request.messages):
        if message.role not in ("system", "developer", "user", "assistant", "tool", "function"):
            raise APIError(
                400, f"messages[{i}].role {message.role!r} is not a chat role", param=f"messages.{i}.role"
            )
        if message.role in ("user", "assistant"):
            text = _text(message.content)
            if (
                len(text) > MAX_MESSAGE_CHARS and i < len(request.messages) - 1
            ):  # the question: a polite reply
                raise APIError(400, f"messages[{i}] holds more than {MAX_MESSAGE_CHARS} characters",
                               param=f"messages.{i}.content", code="context_length_exceeded")  # fmt: skip
            turns.append({"role": message.role, "content": text})
    if sum(len(t["content"]) for t in turns) > MAX_CHARS:
        raise APIError(400, f"the messages hold more than {MAX_CHARS} characters", param="messages",
                       code="context_length_exceeded")  # fmt: skip
    if request.messages[-1].role != "user":
        raise APIError(400, "the last message must be the user's question", param="messages")
    question = turns.pop()["content"]
    return question, turns[-HISTORY_TURNS:]


def evidence(reply: Reply) -> dict[str, Any]:
    """The structured extra field: what the Markdown content says, as data."""
    table = None
    if reply.table is not None:
        table = json.loads(reply.table.to_json(orient="records", force_ascii=False))
    return {
        "intent": reply.intent,
        "cities": list(reply.cities),
        "language": reply.language,
        "facts": json.loads(json.dumps(reply.facts, ensure_ascii=False, default=str)),
        "sources": [s.to_dict() for s in reply.sources],
        "table": table,
        "notes": list(reply.notes),
    }


def content(reply: Reply) -> str:
    """The Markdown a chat client shows: the answer with its numbered sources, then any notes."""
    notes = "".join(f"\n\n> {note}" for note in reply.notes)
    return reply.text + notes


def _usage(question: str, history: list[dict[str, str]], answer: str) -> dict[str, int]:
    """Rough token counts (characters / 2 for mixed Chinese and English): clients display them, nothing bills."""
    prompt = (len(question) + sum(len(t["content"]) for t in history) + 1) // 2
    completion = (len(answer) + 1) // 2
    return {"prompt_tokens": prompt, "completion_tokens": completion, "total_tokens": prompt + completion}


def _pieces(text: str, size: int = 48) -> Iterator[str]:
    """A deterministic answer streamed in line-sized pieces, so clients render it as it arrives."""
    for line in text.splitlines(keepends=True):
        while len(line) > size:
            yield line[:size]
            line = line[size:]
        if line:
            yield line


class ChatAPI:
    """The /v1 routes around one Assistant; `limiter` bounds concurrent answers (CPU-bound) per process."""

    def __init__(self, bot: Any, concurrency: int = 2) -> None:
        self.bot = bot
        self.limiter = anyio.CapacityLimiter(concurrency)
        self.router = APIRouter(prefix="/v1")
        self.router.add_api_route("/models", self.models, methods=["GET"])
        self.router.add_api_route("/models/{model_id}", self.model, methods=["GET"])
        self.router.add_api_route("/chat/completions", self.chat_completions, methods=["POST"])

    @staticmethod
    def _model_card() -> dict[str, Any]:
        return {"id": MODEL_ID, "object": "model", "created": CREATED, "owned_by": "city-ai"}

    async def models(self) -> dict[str, Any]:
        return {"object": "list", "data": [self._model_card()]}

    async def model(self, model_id: str) -> Any:
        if model_id != MODEL_ID:
            return error_response(
                404, f"The model '{model_id}' does not exist", param="model", code="model_not_found"
            )
        return self._model_card()

    async def _parse(self, request: Request) -> ChatRequest:
        body = await request.body()
        if len(body) > MAX_BODY_BYTES:
            raise APIError(413, f"request body over {MAX_BODY_BYTES} bytes")
        try:
            payload = json.loads(body or b"null")
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise APIError(400, f"the body is not valid JSON: {exc}") from None
        except RecursionError:
            raise APIError(400, "the body's JSON is nested too deeply") from None
        if not isinstance(payload, dict):
            raise APIError(400, "the body must be a JSON object")
        try:
            parsed = ChatRequest.model_validate(payload)
        except RecursionError:
            raise APIError(400, "the body's JSON is nested too deeply") from None
        except ValidationError as exc:
            first = exc.errors()[0]
            param = ".".join(str(p) for p in first.get("loc", ())) or None
            raise APIError(
                400, f"{param}: {first.get('msg')}" if param else str(first.get("msg")), param=param
            ) from None
        if parsed.model != MODEL_ID:
            raise APIError(404, f"The model '{parsed.model}' does not exist; use '{MODEL_ID}'", param="model",
                           code="model_not_found")  # fmt: skip
        if parsed.n not in (None, 1):
            raise APIError(400, "n must be 1: there is one answer per question", param="n")
        return parsed

    async def chat_completions(self, request: Request) -> Any:
        try:
            parsed = await self._parse(request)
            question, history = conversation(parsed)
        except APIError as err:
            return err.response()
        completion_id = f"chatcmpl-{uuid.uuid4().hex[:24]}"
        created = int(time.time())
        if parsed.stream:
            include_usage = bool((parsed.stream_options or {}).get("include_usage"))
            return StreamingResponse(
                self._stream(question, history, completion_id, created, include_usage),
                media_type="text/event-stream",
                headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"},
            )
        reply = await anyio.to_thread.run_sync(self._ask, question, history, limiter=self.limiter)
        text = content(reply)
        return {
            "id": completion_id,
            "object": "chat.completion",
            "created": created,
            "model": MODEL_ID,
            "system_fingerprint": None,
            "choices": [
                {
                    "index": 0,
                    "message": {"role": "assistant", "content": text, "refusal": None},
                    "logprobs": None,
                    "finish_reason": "stop",
                }
            ],
            "usage": _usage(question, history, text),
            "city_ai": evidence(reply),
        }

    def _ask(self, question: str, history: list[dict[str, str]]) -> Reply:
        return self.bot.ask(question, history=history or None)

    def _answer_stream(self, question: str, history: list[dict[str, str]]) -> Iterator[str | Reply]:
        """Text deltas, then the final Reply (runs in a worker thread)."""
        generator = self.bot.ask_stream(question, history=history or None)
        sent = ""
        try:
            while True:
                shown = next(generator)
                if shown.startswith(sent):
                    delta, sent = shown[len(sent) :], shown
                else:  # the LLM's wording was withdrawn for the checked answer: say so by starting afresh
                    delta, sent = "\n\n" + shown, sent + "\n\n" + shown
                yield from _pieces(delta) if not self.bot.llm_on else ([delta] if delta else [])
        except StopIteration as done:
            reply = done.value
        final = content(reply)
        if final.startswith(sent) and len(final) > len(sent):
            yield from _pieces(final[len(sent) :])
        yield reply

    async def _stream(
        self,
        question: str,
        history: list[dict[str, str]],
        completion_id: str,
        created: int,
        include_usage: bool,
    ) -> AsyncIterator[str]:
        def chunk(delta: dict[str, Any], finish: str | None = None, **extra: Any) -> str:
            body = {
                "id": completion_id,
                "object": "chat.completion.chunk",
                "created": created,
                "model": MODEL_ID,
                "system_fingerprint": None,
                "choices": [{"index": 0, "delta": delta, "logprobs": None, "finish_reason": finish}],
                **extra,
            }
            return f"data: {json.dumps(body, ensure_ascii=False)}\n\n"

        yield chunk({"role": "assistant", "content": ""})
        send, receive = anyio.create_memory_object_stream[Any](64)

        def produce() -> None:
            try:
                for item in self._answer_stream(question, history):
                    anyio.from_thread.run(send.send, item)
            except Exception as exc:  # the Assistant never raises; this is the transport's own last resort
                log.exception("streaming failed")
                anyio.from_thread.run(send.send, exc)
            finally:
                anyio.from_thread.run(send.aclose)

        text = ""
        reply: Reply | None = None
        async with anyio.create_task_group() as group:
            group.start_soon(lambda: anyio.to_thread.run_sync(produce, limiter=self.limiter))
            async with receive:
                async for item in receive:
                    if isinstance(item, Reply):
                        reply = item
                    elif isinstance(item, Exception):
                        error = {"message": "the answer failed; please try again", "type": "server_error",
                                 "param": None, "code": None}  # fmt: skip
                        yield f"data: {json.dumps({'error': error})}\n\n"
                    elif item:
                        text += item
                        yield chunk({"content": item})
        extra: dict[str, Any] = {"city_ai": evidence(reply)} if reply is not None else {}
        yield chunk({}, "stop", **extra)
        if include_usage:
            body = {
                "id": completion_id,
                "object": "chat.completion.chunk",
                "created": created,
                "model": MODEL_ID,
                "choices": [],
                "usage": _usage(question, history, text),
            }
            yield f"data: {json.dumps(body, ensure_ascii=False)}\n\n"
        yield "data: [DONE]\n\n"
