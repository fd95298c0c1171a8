"""The OpenAI-compatible API of a real `city-ai serve`, through the official `openai` client.

History comes from the request (nothing is kept on the server); streaming yields `chat.completion.chunk`s whose
text adds up to the plain answer; errors come in OpenAI's shape with the right status; the bearer key is enforced.
"""

from __future__ import annotations

import httpx
import openai
import pytest
from served import serve

KEY = "test-key-123"


@pytest.fixture(scope="module")
def url(tmp_path_factory) -> str:
    log = tmp_path_factory.mktemp("serve") / "serve.log"
    with serve(env={"CITY_AI_API_KEY": KEY}, log=log) as base:
        yield base


@pytest.fixture(scope="module")
def client(url: str) -> openai.OpenAI:
    return openai.OpenAI(base_url=url + "v1", api_key=KEY, max_retries=0, timeout=120)


def _extra(obj) -> dict:
    return (obj.model_extra or {}).get("city_ai")


def test_models_lists_one_model(client) -> None:
    assert [m.id for m in client.models.list().data] == ["city-ai"]
    assert client.models.retrieve("city-ai").id == "city-ai"


def test_a_table_answer_with_its_sources_as_markdown_and_as_data(client) -> None:
    completion = client.chat.completions.create(
        model="city-ai", messages=[{"role": "user", "content": "苏州排第几"}]
    )
    assert completion.object == "chat.completion" and completion.model == "city-ai"
    choice = completion.choices[0]
    assert choice.finish_reason == "stop" and choice.message.role == "assistant"
    text = choice.message.content
    assert "第6" in text and "出处" in text and "「苏州市" in text  # the table row's quote, as Markdown
    extra = _extra(completion)
    assert extra["intent"] and extra["cities"] == ["苏州"]
    assert extra["facts"] and extra["facts"][0]["section"] and "苏州市" in extra["facts"][0]["quote"]
    assert completion.usage.total_tokens > 0


def test_an_explanation_cites_report_passages(client) -> None:
    completion = client.chat.completions.create(
        model="city-ai", messages=[{"role": "user", "content": "为什么苏州排名第六"}]
    )
    extra = _extra(completion)
    assert extra["sources"] and all(s["section"] and s["text"] for s in extra["sources"])
    assert any(s["page"] for s in extra["sources"])


def test_history_comes_from_the_request(client) -> None:
    first = client.chat.completions.create(
        model="city-ai", messages=[{"role": "user", "content": "比较杭州和南京"}]
    )
    follow = client.chat.completions.create(
        model="city-ai",
        messages=[
            {"role": "system", "content": "You are a helpful assistant."},  # ignored, not an error
            {"role": "user", "content": "比较杭州和南京"},
            {"role": "assistant", "content": first.choices[0].message.content},
            {"role": "user", "content": [{"type": "text", "text": "再加上深圳"}]},
        ],
    )
    assert set(_extra(follow)["cities"]) >= {"杭州", "南京", "深圳"}
    alone = client.chat.completions.create(
        model="city-ai", messages=[{"role": "user", "content": "再加上深圳"}]
    )
    assert set(_extra(alone)["cities"]) != {"杭州", "南京", "深圳"}  # the server kept nothing


def test_streaming_adds_up_to_the_plain_answer(client) -> None:
    messages = [{"role": "user", "content": "比较杭州和南京"}]
    plain = client.chat.completions.create(model="city-ai", messages=messages).choices[0].message.content
    stream = client.chat.completions.create(
        model="city-ai", messages=messages, stream=True, stream_options={"include_usage": True}
    )
    chunks = list(stream)
    assert all(c.object == "chat.completion.chunk" for c in chunks)
    pieces = [c.choices[0].delta.content or "" for c in chunks if c.choices]
    assert len([p for p in pieces if p]) > 1  # it streams, not one lump
    assert "".join(pieces) == plain
    finals = [c for c in chunks if c.choices and c.choices[0].finish_reason]
    assert [c.choices[0].finish_reason for c in finals] == ["stop"]
    assert set(_extra(finals[0])["cities"]) == {"杭州", "南京"}
    assert chunks[-1].usage is not None and chunks[-1].usage.total_tokens > 0


def test_errors_in_openai_shape(client, url) -> None:
    with pytest.raises(openai.NotFoundError) as err:
        client.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": "hi"}])
    assert err.value.status_code == 404 and err.value.code == "model_not_found"
    with pytest.raises(openai.BadRequestError) as err:
        client.chat.completions.create(model="city-ai", messages=[])
    assert err.value.status_code == 400 and err.value.param == "messages"
    with pytest.raises(openai.BadRequestError):
        client.chat.completions.create(model="city-ai", messages=[{"role": "assistant", "content": "hi"}])
    raw = httpx.post(
        url + "v1/chat/completions", content=b"{not json", headers={"Authorization": f"Bearer {KEY}"}
    )
    assert raw.status_code == 400 and raw.json()["error"]["type"] == "invalid_request_error"


def test_the_key_is_required_for_the_apis_but_not_the_page(url) -> None:
    wrong = openai.OpenAI(base_url=url + "v1", api_key="wrong", max_retries=0)
    with pytest.raises(openai.AuthenticationError) as err:
        wrong.models.list()
    assert err.value.status_code == 401 and err.value.code == "invalid_api_key"
    assert httpx.post(url + "mcp", json={}).status_code == 401
    assert httpx.get(url).status_code == 200  # the Gradio page
