"""The MCP tools of a real `city-ai serve`, through the `mcp` Python client over streamable HTTP at /mcp.

Each tool returns values with where the report states them (section and quote, or section and page); a bad
argument is an error result whose message names the valid choices. The Gradio footer's MCP tab finds the tools too.
"""

from __future__ import annotations

import asyncio

import httpx
import pytest
from mcp import Client
from served import serve

TOOLS = {"city_rank", "compare_cities", "city_policies", "top_cities", "explain_rank", "search_report", "ask"}


@pytest.fixture(scope="module")
def url(tmp_path_factory) -> str:
    with serve(log=tmp_path_factory.mktemp("serve") / "serve.log") as base:
        yield base


def _session(url: str, calls: list[tuple[str, dict]]) -> tuple[list, list]:
    async def run():
        async with Client(url + "mcp") as client:
            listed = (await client.list_tools()).tools
            results = [await client.call_tool(name, args) for name, args in calls]
            return listed, results

    return asyncio.run(run())


def test_tools_are_listed_with_typed_inputs(url) -> None:
    tools, _ = _session(url, [])
    by_name = {t.name: t for t in tools}
    assert set(by_name) == TOOLS
    schema = by_name["top_cities"].input_schema
    assert schema["properties"]["n"]["type"] == "integer"
    assert set(schema["properties"]["direction"]["enum"]) == {"top", "bottom"}
    assert by_name["compare_cities"].input_schema["properties"]["cities"]["type"] == "array"
    assert all(t.description for t in tools)


def test_each_tool_returns_values_with_provenance(url) -> None:
    calls = [
        ("city_rank", {"city": "Suzhou", "dimension": "知识创造力"}),
        ("compare_cities", {"cities": ["杭州", "南京"]}),
        ("city_policies", {"city": "深圳", "year": 2019}),
        ("top_cities", {"dimension": "发展成效", "n": 3, "direction": "bottom"}),
        ("explain_rank", {"city": "苏州"}),
        ("search_report", {"query": "鹏城云脑II 算力", "k": 3}),
        ("ask", {"question": "北京的总指数得分是多少？"}),
    ]
    _, results = _session(url, calls)
    assert not any(r.is_error for r in results), [r.content for r in results if r.is_error]
    rank, compare, policies, bottom, explain, search, ask = (r.structured_content for r in results)

    assert rank["city"] == "苏州" and rank["dimension"] == "知识创造力" and rank["rank"] == 15
    assert rank["provenance"]["section"] and "苏州市" in rank["provenance"]["quote"]
    assert compare["cities"] == ["杭州", "南京"] and len(compare["rows"]) == 5
    assert all(p["quote"] for p in compare["provenance"])
    assert policies["count"] == len(policies["policies"]) > 0
    assert all(p["year"] == 2019 and p["section"] and p["quote"] for p in policies["policies"])
    assert [c["rank"] for c in bottom["cities"]] == [20, 19, 18] and all(c["quote"] for c in bottom["cities"])
    assert explain["total_rank"] == 6 and {d["effect"] for d in explain["dimensions"]} >= {"lifts", "drags"}
    assert explain["above"]["total_rank"] == 5 and explain["below"]["total_rank"] == 7
    assert search["passages"] and all(p["section"] and p["text"] for p in search["passages"])
    assert any("鹏城" in p["text"] for p in search["passages"])
    assert "88.72" in ask["answer"] and ask["facts"] and ask["facts"][0]["quote"]


def test_a_bad_argument_is_an_error_that_says_what_is_valid(url) -> None:
    _, (unknown_city, unknown_dim) = _session(
        url, [("city_rank", {"city": "东京"}), ("top_cities", {"dimension": "幸福感"})]
    )
    assert unknown_city.is_error and "20 sample cities" in unknown_city.content[0].text
    assert unknown_dim.is_error and "总指数" in unknown_dim.content[0].text


def test_the_footer_api_panel_finds_the_mcp_server(url) -> None:
    schema = httpx.get(url + "gradio_api/mcp/schema").json()
    assert {t["name"] for t in schema} == TOOLS and all("inputSchema" in t for t in schema)
    _, (result,) = _session(url + "gradio_api/", [("city_rank", {"city": "北京"})])
    assert result.structured_content["rank"] == 1
