"""The app in real headless Chromium (Playwright), against the real Assistant and store. No mocks.

Each step saves a screenshot to artifacts/screenshots/ so a person can look at what the test saw.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from app_server import app_server  # noqa: F401  (session fixture)

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
SHOTS = Path(__file__).resolve().parent.parent / "artifacts" / "screenshots"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ANSWER_TIMEOUT = 60_000
WIDE = {"width": 1360, "height": 1000}

if not CHROMIUM.exists():
    pytest.skip(
        f"{CHROMIUM} is missing: install Debian's chromium to run the browser tests", allow_module_level=True
    )
sync_api = pytest.importorskip("playwright.sync_api", reason="playwright (python) is not installed")


@pytest.fixture(scope="module")
def browser() -> Iterator:
    SHOTS.mkdir(parents=True, exist_ok=True)
    with sync_api.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS, headless=True)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, app_server):  # noqa: F811
    context = browser.new_context(viewport=WIDE, accept_downloads=True, locale="zh-CN")
    page = context.new_page()
    page.dialogs = []  # any alert() would land here
    page.on("dialog", lambda d: (page.dialogs.append(d.message), d.dismiss()))
    open_app(page, app_server.url)
    yield page
    context.close()


def open_app(page, url: str) -> None:
    page.goto(url)
    page.wait_for_selector("#question textarea", timeout=ANSWER_TIMEOUT)


def shot(page, name: str) -> None:
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


def user_count(page) -> int:
    return page.locator("#chatbot .message-row.user-row").count()


LATEST_ANSWER = """() => {
  const rows = [...document.querySelectorAll('#chatbot .message-row')];
  let i = rows.map(r => r.classList.contains('user-row')).lastIndexOf(true);
  const bot = rows.slice(i + 1).filter(r => r.classList.contains('bot-row'));
  return bot.length ? bot[0].innerText : '';
}"""


def ask(page, question: str, submit: str = "button") -> str:
    """Type a question, send it, wait for the answer, return the answer body's text."""
    before = user_count(page)
    page.fill("#question textarea", question)
    if submit == "enter":
        page.press("#question textarea", "Enter")
    else:
        page.click("#send")
    page.wait_for_function(
        f"() => document.querySelectorAll('#chatbot .message-row.user-row').length > {before}",
        timeout=ANSWER_TIMEOUT,
    )
    page.wait_for_function(f"() => ({LATEST_ANSWER})().trim().length > 0", timeout=ANSWER_TIMEOUT)
    settle(page)
    return page.evaluate(LATEST_ANSWER)


def settle(page) -> None:
    """Wait until no component is still marked pending (Gradio fades outputs while an event runs)."""
    page.wait_for_function("() => !document.querySelector('.pending')", timeout=ANSWER_TIMEOUT)
    page.wait_for_timeout(300)


ROWS = """(where) => [...document.querySelectorAll(where + ' [role=row]')]
  .map(r => r.innerText.replace(/\\s+/g, ' ').trim())"""


def rendered_plot(page, where: str):
    """A Plotly chart drawn by plotly.js in the browser: its container holds an svg."""
    plot = page.locator(f"{where} .js-plotly-plot .main-svg").first
    plot.wait_for(state="visible", timeout=ANSWER_TIMEOUT)
    return plot


def open_tab(page, name: str) -> None:
    page.get_by_role("tab", name=re.compile(name)).click()


def choose(page, dropdown: str, option: str) -> None:
    """Pick an option in a Gradio dropdown by typing its text and clicking the match."""
    box = page.locator(f"{dropdown} input")
    box.click()
    box.fill(option)
    page.locator("[role=option]", has_text=option).first.click()


# --- chat -------------------------------------------------------------------------------------------------


def test_explain_follow_up_and_new_conversation(page):
    shot(page, "01_home")
    status = page.inner_text("#status-line")
    assert "检索 Retrieval" in status and "LLM" in status

    answer = flat(ask(page, "为什么苏州排名第六"))
    for part in ("环境支撑力第6名", "资源支持力第4名", "知识创造力第15名", "发展成效第10名"):
        assert part in answer
    rendered_plot(page, "#answer-plot")
    sources = page.locator("#sources")
    sources.get_by_text("苏州：产业支撑资源丰富").first.wait_for(timeout=ANSWER_TIMEOUT)
    assert re.search(r"第\d+页", sources.inner_text())
    assert page.locator("#answer-table table").count() == 1
    shot(page, "02_explain_suzhou")

    follow = flat(ask(page, "那武汉呢？", submit="enter"))
    assert "武汉" in follow and "第7" in follow
    assert "苏州排名第六" not in follow[:40]
    shot(page, "03_follow_up_wuhan")

    page.click("#new-chat")
    page.wait_for_function("() => document.querySelectorAll('#chatbot .message-row').length === 0")
    assert page.locator("#answer-plot").is_hidden()
    shot(page, "04_new_conversation")

    compared = flat(ask(page, "比较杭州和南京"))
    assert "杭州第5" in compared and "南京第10" in compared
    rendered_plot(page, "#answer-plot")
    with page.expect_download(timeout=ANSWER_TIMEOUT) as download_info:
        page.locator("#download-csv").click()
    csv = Path(download_info.value.path()).read_text(encoding="utf-8-sig")
    assert csv.splitlines()[0].startswith("dimension")
    assert "杭州" in csv and "南京" in csv and "总指数" in csv
    shot(page, "05_compare_csv")


def test_example_click_asks(page):
    page.locator("#examples").get_by_text("知识创造力前五名是哪些城市？").click()
    page.wait_for_function(f"() => ({LATEST_ANSWER})().trim().length > 0", timeout=ANSWER_TIMEOUT)
    answer = flat(page.evaluate(LATEST_ANSWER))
    assert "知识创造力" in answer and "北京" in answer
    rendered_plot(page, "#answer-plot")
    shot(page, "06_example_top5")


def test_sessions_do_not_share_history(browser, app_server):  # noqa: F811
    first = browser.new_context(viewport=WIDE)
    second = browser.new_context(viewport=WIDE)
    try:
        a, b = first.new_page(), second.new_page()
        open_app(a, app_server.url)
        open_app(b, app_server.url)
        ask(a, "为什么苏州排名第六")
        assert b.locator("#chatbot .message-row").count() == 0
        b.reload()
        b.wait_for_selector("#question textarea")
        assert b.locator("#chatbot .message-row").count() == 0
        answer_b = flat(ask(b, "那武汉呢？"))  # no Suzhou context in this tab: not a "why" answer about 武汉
        assert "拉动排名的维度" not in answer_b
        assert "苏州" not in b.inner_text("#chatbot")
        assert "那武汉呢" not in a.inner_text("#chatbot")
        shot(a, "07_session_a")
        shot(b, "08_session_b")
    finally:
        first.close()
        second.close()


XSS = {
    "script": "<script>alert(1)</script>",
    "img": "<img src=x onerror=alert(1)>",
    "markup": "**bold** <b>x</b> [a](javascript:alert(1))",
}


@pytest.mark.parametrize("name", list(XSS))
def test_typed_html_is_shown_literally(page, name):
    attack = XSS[name]
    ask(page, attack)
    page.wait_for_timeout(500)
    shown = page.locator("#chatbot .message-row.user-row").last.inner_text().strip()
    assert shown == attack
    assert page.dialogs == []
    assert page.locator("#chatbot img[src='x'], #chatbot script, #chatbot b, #chatbot a").count() == 0
    shot(page, f"09_xss_{name}")


# --- the other tabs ---------------------------------------------------------------------------------------


def test_rankings_tab(page):
    open_tab(page, "排名总览")
    rendered_plot(page, "#heatmap")
    assert page.locator("#heatmap .js-plotly-plot .hm, #heatmap .js-plotly-plot .heatmaplayer").count() > 0
    table = page.locator("#ranking-table")
    for city in ("北京", "苏州", "大连"):
        assert city in table.inner_text()
    shot(page, "10_rankings")


def test_city_profile_tab(page):
    open_tab(page, "城市档案")
    choose(page, "#city-select", "苏州")
    page.locator("#profile-header").get_by_text("苏州市").wait_for(timeout=ANSWER_TIMEOUT)
    rendered_plot(page, "#profile-radar")
    page.wait_for_function(
        "() => document.querySelector('#profile-radar .legendtext')?.textContent === '苏州'",
        timeout=ANSWER_TIMEOUT,
    )
    assert page.locator("#profile-radar .scatterpolar, #profile-radar .trace").count() > 0
    assert "环境支撑力" in page.inner_text("#profile-ranks")
    rendered_plot(page, "#profile-timeline")
    assert "苏州" in page.inner_text("#profile-policies")
    shot(page, "11_profile_suzhou")

    choose(page, "#city-select", "大连")
    page.locator("#profile-header").get_by_text("大连市").wait_for(timeout=ANSWER_TIMEOUT)
    page.get_by_text("报告没有该城市的专章分析").first.wait_for(timeout=ANSWER_TIMEOUT)
    page.locator("#profile-missing").get_by_text("政策表").wait_for(timeout=ANSWER_TIMEOUT)
    assert page.locator("#profile-policies").is_hidden()
    shot(page, "12_profile_dalian")


def test_policies_tab(page):
    open_tab(page, "政策库")
    page.locator("#policy-count").get_by_text("共 48 条政策").wait_for(timeout=ANSWER_TIMEOUT)
    choose(page, "#policy-city", "武汉")
    page.locator("#policy-count").get_by_text("共 3 条政策").wait_for(timeout=ANSWER_TIMEOUT)
    assert "武汉" in page.inner_text("#policy-table")
    page.fill("#policy-keyword textarea, #policy-keyword input", "东湖")
    page.press("#policy-keyword textarea, #policy-keyword input", "Enter")
    page.wait_for_function(
        "() => /共 [12] 条政策/.test(document.querySelector('#policy-count').innerText)",
        timeout=ANSWER_TIMEOUT,
    )
    shot(page, "13_policies_wuhan")


def test_whatif_tab(page):
    open_tab(page, "权重模拟")
    page.get_by_text("并非报告的原始得分").first.wait_for(timeout=ANSWER_TIMEOUT)
    note = page.inner_text("#approx-note")
    assert "Spearman" in note and "8" in note
    page.locator("#weights-text").get_by_text("知识创造力 25%").wait_for(timeout=ANSWER_TIMEOUT)
    rendered_plot(page, "#whatif-shift")
    rendered_plot(page, "#whatif-interval")
    shot(page, "14_whatif_equal")

    page.locator("#w-knowledge input[type=range]").fill("2")
    page.locator("#weights-text").get_by_text("知识创造力 40%").wait_for(timeout=ANSWER_TIMEOUT)
    page.wait_for_function(
        f"() => ({ROWS})('#whatif-table').includes('苏州 9 7 6 -2 -3')", timeout=ANSWER_TIMEOUT
    )  # Suzhou drops from 7th (equal weights) to 9th
    shot(page, "15_whatif_knowledge_doubled")


# --- narrow screens ---------------------------------------------------------------------------------------


def test_narrow_viewport(browser, app_server):  # noqa: F811
    context = browser.new_context(viewport={"width": 400, "height": 860}, is_mobile=True, has_touch=True)
    try:
        page = context.new_page()
        open_app(page, app_server.url)
        shot(page, "16_narrow_home")
        answer = flat(ask(page, "比较杭州和南京"))
        assert "杭州第5" in answer
        rendered_plot(page, "#answer-plot")
        width = page.evaluate("() => document.documentElement.scrollWidth")
        assert width <= 410, f"page scrolls sideways at 400px ({width}px wide)"
        chat, evidence = page.locator("#chatbot").bounding_box(), page.locator("#evidence").bounding_box()
        assert evidence["y"] > chat["y"] + chat["height"] - 1  # stacked, not squeezed side by side
        shot(page, "17_narrow_answer")
    finally:
        context.close()
