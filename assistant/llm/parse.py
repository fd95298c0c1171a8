"""Optional: let the configured LLM fill the same typed `Query` when the router is unsure.

The model only classifies: its JSON is parsed (never executed), every value is checked against the vocabulary
built from data/ (cities must resolve, operation / dimension / metric must be known), and anything else is
dropped. Numbers in the answer still come only from the tables. The default stays offline: without an LLM,
or when its reply is unusable, the router's reading stands.
"""

from __future__ import annotations

import json
import logging
import re
from dataclasses import replace

from assistant.llm.prompts import parse_messages
from assistant.understanding.query import Direction, Operation, Query
from index_core.dimensions import DIMENSIONS

log = logging.getLogger(__name__)
# What the model may choose: the operations that answer something (guards and clarifying stay ours).
CHOICES = [
    op
    for op in Operation
    if op not in (Operation.INVALID, Operation.CLARIFY, Operation.HELP, Operation.UNKNOWN)
]
_JSON = re.compile(r"\{.*\}", re.S)


def _reply_text(message) -> str:
    content = getattr(message, "content", message)
    if isinstance(content, list):
        content = " ".join(str(c.get("text", "")) if isinstance(c, dict) else str(c) for c in content)
    return str(content)


def validated(raw: str, query: Query, understanding) -> Query | None:
    """The query with the model's slots, if its JSON is well-formed and every value is known; else None."""
    match = _JSON.search(raw or "")
    if not match:
        return None
    try:
        data = json.loads(match.group(0))
    except json.JSONDecodeError:
        return None
    if not isinstance(data, dict):
        return None
    try:
        op = Operation(str(data.get("operation", "")))
    except ValueError:
        return None
    if op not in CHOICES:
        return None
    cities: list[str] = []
    for name in data.get("cities") or []:
        city = understanding.vocabulary.resolve_city(str(name))
        if city is None:
            return None  # a city outside the sample (or invented) is not ours to guess about
        cities.append(city)
    dimension = query.dimension
    if data.get("dimension"):
        named = (
            {d.key: d for d in DIMENSIONS}
            | {d.zh: d for d in DIMENSIONS}
            | {d.en.lower(): d for d in DIMENSIONS}
        )
        dimension = named.get(str(data["dimension"]).strip().lower()) or named.get(
            str(data["dimension"]).strip()
        )
        if dimension is None:
            return None
    metrics = query.metrics
    if data.get("metric"):
        metric = str(data["metric"])
        if metric not in set(understanding.report.facts["metric"]):
            return None
        metrics = (metric,)
    n = data.get("n")
    n = int(n) if isinstance(n, int) and 1 <= n <= 20 else query.n
    direction = Direction.BOTTOM if data.get("direction") == "bottom" else query.direction
    years = tuple(int(y) for y in data.get("years") or [] if isinstance(y, int) and 2000 <= y <= 2030)
    candidate = replace(
        query,
        operation=op,
        cities=tuple(dict.fromkeys(cities)) or query.cities,
        dimension=dimension,
        metrics=metrics,
        n=n,
        direction=direction,
        years=years or query.years,
        confidence=query.confidence,
    )
    from assistant.answers.registry import spec

    s = spec(op)
    if len(candidate.cities) < s.needs_cities or (s.needs_city and not candidate.cities):
        return None
    return candidate


def llm_query(query: Query, chat_model, understanding) -> Query:
    """Ask the model to read an unsure question; keep the router's reading unless the model's checks out."""
    if chat_model is None:
        return query
    report = understanding.report
    messages = parse_messages(
        query.text,
        [op.value for op in CHOICES],
        list(report.sample),
        [d.key for d in DIMENSIONS],
        sorted(set(report.facts["metric"])),
    )
    try:
        raw = _reply_text(chat_model.invoke(messages))
    except Exception as exc:  # a slow or failing model costs the reading, never the answer
        log.info("LLM parsing unavailable: %s", type(exc).__name__)
        return query
    better = validated(raw, query, understanding)
    return better or query
