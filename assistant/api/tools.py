"""MCP tools: typed look-ups over the report, each value with its provenance (the report section and the
sentence or table row that states it), served over streamable HTTP at /mcp.

The tools call index_core's domain functions (index_core.domain, index_core.explain) directly, and the
Assistant for `search_report` (hybrid passage search) and `ask` (a whole answer). Stateless (no MCP session is
kept), so any worker can answer any call.
"""

from __future__ import annotations

import inspect
import json
from typing import Annotated, Any, Literal

import pandas as pd
from pydantic import Field

from assistant.text import MAX_QUESTION_CHARS
from index_core import domain
from index_core.dimensions import DIMENSIONS, dimension
from index_core.errors import UnknownCityError
from index_core.explain import explain_rank as _explain_rank

SAMPLE_SIZE = 20
# A city, dimension or keyword argument: longer is a validation error, never cleaned or searched.
MAX_NAME = 100
DIMENSION_HELP = (
    "总指数 (overall, the default), 环境支撑力 (environment support), 资源支持力 (resource support), "
    "知识创造力 (knowledge creation) or 发展成效 (development outcome); Chinese or English names, or keys "
    "total/env/resource/knowledge/outcome"
)


try:
    from mcp.server.mcpserver.exceptions import ToolError as _Anticipated
except ImportError:  # pragma: no cover - mcp is a dependency; the tools also work as plain functions
    _Anticipated = ValueError


class ToolInputError(_Anticipated):
    """A bad argument (unknown city or dimension): the caller gets the message, with the valid choices."""


def _records(frame: pd.DataFrame, columns: list[str] | None = None) -> list[dict[str, Any]]:
    if columns:
        frame = frame[[c for c in columns if c in frame.columns]]
    return json.loads(frame.to_json(orient="records", force_ascii=False))


def _provenance(row: Any) -> dict[str, str]:
    return {"section": str(row["section"]), "quote": str(row["quote"])}


def _city(name: str, report: Any) -> str:
    try:
        return domain.resolve(name, report)
    except UnknownCityError as err:
        raise ToolInputError(str(err)) from None


def _dimension(name: str | None):
    try:
        return dimension(name or "total")
    except KeyError:
        raise ToolInputError(f"unknown dimension {name!r}; use {DIMENSION_HELP}") from None


class ReportTools:
    """The tool functions over one Assistant (its validated report and its retriever)."""

    def __init__(self, bot: Any) -> None:
        self.bot = bot
        self.report = bot.report

    # ---- tables ---------------------------------------------------------------------------------------
    def city_rank(
        self,
        city: Annotated[
            str, Field(description="a sample city, in Chinese or English (苏州, Suzhou)", max_length=MAX_NAME)
        ],
        dimension: Annotated[str, Field(description=DIMENSION_HELP, max_length=MAX_NAME)] = "总指数",
    ) -> dict[str, Any]:
        """A city's rank (of 20) in the overall index or one first-level dimension, with the printed score where
        the report gives one, and where each figure is stated."""
        r = self.report
        name, dim = _city(city, r), _dimension(dimension)
        row = r.rankings[r.rankings["city"] == name].iloc[0]
        score = domain.score_of(name, dim, r)
        return {
            "city": name,
            "dimension": dim.zh,
            "dimension_en": dim.en,
            "rank": int(row[dim.column]),
            "of": SAMPLE_SIZE,
            "all_ranks": {d.zh: int(row[d.column]) for d in DIMENSIONS},
            "provenance": _provenance(row),
            "score": None
            if score is None
            else {
                "value": str(score["score"]),
                "kind": str(score["kind"]),
                "comparator": str(score.get("comparator", "")),
                "provenance": _provenance(score),
            },
            "score_note": None if score is not None else "the report prints no score for this city here",
        }

    def compare_cities(
        self,
        cities: Annotated[
            list[str], Field(description="two or more sample cities", min_length=2, max_length=20)
        ],
    ) -> dict[str, Any]:
        """Ranks of several cities side by side in every dimension, the leader of each, and each city's Table 2 row."""
        r = self.report
        names = list(dict.fromkeys(_city(c, r) for c in cities))
        table = domain.compare(names, r)
        rows = r.rankings.set_index("city").loc[names]
        return {
            "cities": names,
            "rows": _records(table),
            "provenance": [{"city": c, **_provenance(rows.loc[c])} for c in names],
        }

    def city_policies(
        self,
        city: Annotated[
            str,
            Field(description="one of the ten profiled cities (with a policy table)", max_length=MAX_NAME),
        ],
        year: Annotated[
            int | None, Field(description="only policies issued in this year", ge=1990, le=2100)
        ] = None,
        topic: Annotated[
            str | None,
            Field(description="a keyword in title, summary or topics (e.g. 算力, 人才)", max_length=MAX_NAME),
        ] = None,
    ) -> dict[str, Any]:
        """The AI policies the report lists for a city (Tables 3-12), oldest first, optionally by year and topic."""
        r = self.report
        name = _city(city, r)
        table = domain.policies(name, year=year, topic=topic or None, report=r)
        has_table = name in domain.policy_cities(r)
        return {
            "city": name,
            "year": year,
            "topic": topic,
            "count": len(table),
            "policies": _records(
                table,
                [
                    "id",
                    "table",
                    "date_printed",
                    "year",
                    "month",
                    "title",
                    "summary",
                    "topics",
                    "section",
                    "quote",
                ],
            ),
            "note": None
            if has_table
            else f"the report has no policy table for {name} (only the top ten cities)",
        }

    def top_cities(
        self,
        dimension: Annotated[str, Field(description=DIMENSION_HELP, max_length=MAX_NAME)] = "总指数",
        n: Annotated[int, Field(description="how many cities", ge=1, le=SAMPLE_SIZE)] = 10,
        direction: Annotated[
            Literal["top", "bottom"], Field(description="best first, or worst first")
        ] = "top",
    ) -> dict[str, Any]:
        """The n best (or worst) ranked cities in a dimension, each with its rank, printed score if any, and source."""
        dim = _dimension(dimension)
        frame = (domain.top if direction == "top" else domain.bottom)(dim, n, self.report)
        return {
            "dimension": dim.zh,
            "dimension_en": dim.en,
            "direction": direction,
            "n": n,
            "cities": _records(frame, ["rank", "city", "score", "section", "quote"]),
        }

    def explain_rank(
        self,
        city: Annotated[str, Field(description="a sample city, in Chinese or English", max_length=MAX_NAME)],
    ) -> dict[str, Any]:
        """Why a city ranks where it does: its four dimension ranks (which lift it, which drag it), the sub-ranks and
        facts the report gives under each, and how it differs from the cities one place above and below."""
        r = self.report
        e = _explain_rank(_city(city, r), r)

        def neighbour(n: Any) -> dict[str, Any] | None:
            if n is None:
                return None
            return {
                "city": n.city,
                "total_rank": n.total_rank,
                "position": n.position,
                "gaps": [
                    {"dimension": g.dimension, "city_rank": g.city_rank, "other_rank": g.other_rank}
                    for g in n.gaps
                ],  # fmt: skip
            }

        return {
            "city": e.city,
            "total_rank": e.total_rank,
            "of": SAMPLE_SIZE,
            "provenance": e.rank_source,
            "dimensions": [
                {
                    "dimension": d.dimension,
                    "rank": d.rank,
                    "effect": "lifts" if d.margin > 0 else "drags" if d.margin < 0 else "level",
                    "margin": d.margin,
                    "subranks": _records(
                        d.subranks,
                        ["indicator", "rank", "rank_min", "rank_max", "phrase", "section", "quote"],
                    ),  # fmt: skip
                    "facts": _records(
                        d.facts,
                        ["metric", "metric_zh", "value", "unit", "qualifier", "period", "section", "quote"],
                    ),  # fmt: skip
                }
                for d in e.dimensions
            ],
            "above": neighbour(e.above),
            "below": neighbour(e.below),
            "scores": _records(e.scores, ["dimension", "kind", "comparator", "score", "section", "quote"]),
            "profile_heading": e.profile_heading or None,
            "notes": list(e.notes),
        }

    # ---- text -----------------------------------------------------------------------------------------
    def search_report(
        self,
        query: Annotated[
            str, Field(description="what to look for in the report's text", min_length=1, max_length=2000)
        ],
        k: Annotated[int, Field(description="how many passages", ge=1, le=20)] = 5,
    ) -> dict[str, Any]:
        """The report passages that best match the query (hybrid keyword + embedding search), each with its
        section and page."""
        passages = self.bot.retrieve(query, k=k)
        return {
            "query": query,
            "passages": [p.to_dict() for p in passages],
            "note": self.bot.retrieval_note if getattr(self.bot.retriever, "degraded", False) else None,
        }

    def ask(
        self,
        question: Annotated[
            str,
            Field(
                description="a question about the report, in Chinese or English",
                max_length=MAX_QUESTION_CHARS * 8,
            ),
        ],
    ) -> dict[str, Any]:
        """The assistant's whole answer (Markdown with numbered sources), with the facts behind each [n] (section
        and quote) and the report passages it cites."""
        from assistant.api.openai_compat import evidence

        reply = self.bot.ask(question)
        return {"answer": reply.text, **evidence(reply)}

    def functions(self) -> list:
        return [
            self.city_rank,
            self.compare_cities,
            self.city_policies,
            self.top_cities,
            self.explain_rank,
            self.search_report,
            self.ask,
        ]


def build_mcp_server(bot: Any):
    """An MCPServer with the report tools (mcp SDK 2.x)."""
    from mcp.server.mcpserver import MCPServer
    from mcp.types import ToolAnnotations

    server = MCPServer(
        "city-ai",
        title="China City AI Development Index Report (2020-2021)",
        instructions=(
            "Look-ups over the China City AI Development Index Report (2020-2021): 20 cities, their ranks in the "
            "overall index and four dimensions, the report's explanation of each rank, AI policies of the top "
            "ten cities, and its text. Every value comes with the section and the report's own words."
        ),
        version="0.1.0",
        log_level="WARNING",
    )
    tools = ReportTools(bot)
    read_only = ToolAnnotations(readOnlyHint=True, idempotentHint=True, openWorldHint=False)
    for fn in tools.functions():
        server.add_tool(
            fn,
            name=fn.__name__,
            description=inspect.cleandoc(fn.__doc__ or ""),
            annotations=read_only,
            structured_output=True,
        )
    return server
