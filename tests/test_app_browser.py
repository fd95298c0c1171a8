"""The app in real headless Chromium (Playwright), against the real Assistant and store. No mocks.

Driven as a new user would, on a desktop (1440x900) and a phone (390x844, touch): evidence per answer,
citations that lead to the report's sentence, readable sortable tables, immediate feedback, every tab on a
phone. Each step saves a screenshot to artifacts/screenshots/ (kept as CI artefacts) so a person can look at
what the test saw, in light and dark mode.
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
DESKTOP = {"width": 1440, "height": 900}
PHONE = {"width": 390, "height": 844}
SNAKE = re.compile(r"^[a-z][a-z0-9]*(?:_[a-z0-9]+)+$")
TABS = ("对话", "排名总览", "城市档案", "政策库", "权重模拟")

if not CHROMIUM.exists():
    pytest.skip(
        f"{CHROMIUM} is missing: install Debian's chromium to run the browser tests", allow_module_level=True
    )
sync_api = pytest.importorskip("playwright.sync_api", reason="playwright (python) is not installed")


@pytest.fixture(scope="module")
def browser() -> Iterator:
    SHOTS.mkdir(parents=True, exist_ok=True)
    for old in SHOTS.glob("*.png"):  # the folder shows this run only
        old.unlink()
    with sync_api.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS, headless=True)
        yield chromium
        chromium.close()


def new_page(browser, url: str, *, phone: bool = False, dark: bool = False):
    options = {"viewport": PHONE, "is_mobile": True, "has_touch": True} if phone else {"viewport": DESKTOP}
    context = browser.new_context(
        **options, accept_downloads=True, locale="zh-CN", color_scheme="dark" if dark else "light"
    )
    page = context.new_page()
    page.dialogs = []  # any alert() would land here
    page.on("dialog", lambda d: (page.dialogs.append(d.message), d.dismiss()))
    open_app(page, url)
    return page


@pytest.fixture
def page(browser, app_server):  # noqa: F811
    page = new_page(browser, app_server.url)
    yield page
    page.context.close()


@pytest.fixture
def phone(browser, app_server):  # noqa: F811
    page = new_page(browser, app_server.url, phone=True)
    yield page
    page.context.close()


def open_app(page, url: str) -> None:
    page.goto(url)
    page.wait_for_selector("#question textarea", timeout=ANSWER_TIMEOUT)
    page.wait_for_function("() => window.__cityAi === true", timeout=ANSWER_TIMEOUT)


def shot(page, name: str, full: bool = True) -> None:
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=full)


def flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


def answer_count(page) -> int:
    return page.locator("#chatbot .message-row.bot-row").count()


def answer_text(page, i: int = -1) -> str:
    rows = page.locator("#chatbot .message-row.bot-row")
    return rows.nth(i if i >= 0 else rows.count() + i).inner_text()


def ask(page, question: str, submit: str = "button") -> str:
    """Type a question, send it, wait for its answer and evidence, return the answer's text."""
    before = answer_count(page)
    page.fill("#question textarea", question)
    if submit == "enter":
        page.press("#question textarea", "Enter")
    elif submit == "tap":
        page.tap("#send")
    else:
        page.click("#send")
    page.wait_for_function(
        f"() => document.querySelectorAll('#chatbot .message-row.bot-row').length > {before}",
        timeout=ANSWER_TIMEOUT,
    )
    page.wait_for_function(
        f"() => document.querySelector('#ev-head [data-turn=\"{before}\"]')", timeout=ANSWER_TIMEOUT
    )
    settle(page)
    return answer_text(page)


def settle(page) -> None:
    """Wait until no component is still marked pending (Gradio fades outputs while an event runs)."""
    page.wait_for_function("() => !document.querySelector('.pending')", timeout=ANSWER_TIMEOUT)
    page.wait_for_timeout(250)


def shown_turn(page) -> int | None:
    value = page.get_attribute("#ev-head [data-turn]", "data-turn")
    return None if value is None else int(value)


def rendered_plot(page, where: str):
    """A Plotly chart drawn by plotly.js in the browser: its container holds an svg."""
    plot = page.locator(f"{where} .js-plotly-plot .main-svg").first
    plot.wait_for(state="visible", timeout=ANSWER_TIMEOUT)
    return plot


def headers(page, where: str) -> list[str]:
    return [
        h.strip()
        for h in page.locator(f"{where} thead th").evaluate_all(
            "hs => hs.map(h => h.getAttribute('aria-label'))"
        )
    ]


def column(page, where: str, index: int) -> list[str]:
    return page.locator(f"{where} tbody tr").evaluate_all(
        f"rows => rows.map(r => r.cells[{index}].innerText.trim())"
    )


ROWS = """(where) => [...document.querySelectorAll(where + ' [role=row]')]
  .map(r => r.innerText.replace(/\\s+/g, ' ').trim())"""


def open_tab(page, name: str, tap: bool = False) -> None:
    tab = page.get_by_role("tab", name=re.compile(name))
    tab.tap() if tap else tab.click()


def choose(page, dropdown: str, option: str) -> None:
    """Pick an option in a Gradio dropdown by typing its text and clicking the match."""
    box = page.locator(f"{dropdown} input")
    box.click()
    box.fill(option)
    page.locator("[role=option]", has_text=option).first.click()


# --- chat: evidence per answer ------------------------------------------------------------------------


def test_evidence_follows_the_selected_answer(page):
    shot(page, "01_home")
    status = page.inner_text("#status-line")
    assert "检索 Retrieval" in status and "LLM" in status

    first = flat(ask(page, "为什么苏州排名第六"))
    for part in ("环境支撑力第6名", "资源支持力第4名", "知识创造力第15名", "发展成效第10名"):
        assert part in first
    second = flat(ask(page, "比较杭州和南京"))
    assert "杭州第5" in second and "南京第10" in second
    assert shown_turn(page) == 1  # the newest answer is selected by default
    assert "杭州 地区生产总值" in page.inner_text("#sources")
    shot(page, "02_two_answers_newest_selected")

    page.locator("#chatbot .message-row.bot-row").first.locator(".message").first.click(
        position={"x": 40, "y": 12}
    )
    page.wait_for_function(
        "() => document.querySelector('#ev-head [data-turn=\"0\"]')", timeout=ANSWER_TIMEOUT
    )
    settle(page)
    sources = page.inner_text("#sources")
    assert "苏州：产业支撑资源丰富" in sources and "苏州市 6 6 4 15 10" in sources
    assert "杭州 地区生产总值" not in sources
    assert "为什么苏州排名第六" in page.inner_text("#ev-head")
    assert "苏州" in page.inner_text("#answer-table-box")
    page.wait_for_function(
        "() => [...document.querySelectorAll('#answer-plot .legendtext')].some(e => e.textContent === '苏州')",
        timeout=ANSWER_TIMEOUT,
    )
    assert (
        page.locator("#chatbot .message-row.bot-row").first.get_attribute("class").count("ca-selected") == 1
    )
    shot(page, "03_first_answer_selected")


def test_citation_leads_to_its_source(page):
    body = ask(page, "为什么苏州排名第六？")
    assert not re.search(r"\[s\d", body), "an internal passage id shows in the answer"
    marker = page.locator('#chatbot a[href="#cite-0-3"]').first
    marker.hover()
    pop = page.locator("#cite-pop")
    pop.wait_for(state="visible", timeout=5_000)
    assert "PE/VC" in pop.inner_text() and "第27页" in pop.inner_text()
    marker.click()
    card = page.locator("#src-0-3")
    page.wait_for_function("() => document.querySelector('#src-0-3').classList.contains('hit')")
    page.wait_for_timeout(700)  # scrolled into view once the chart above it is drawn
    assert page.locator("#sources .src-card.hit").count() == 1
    assert "PE/VC 机构在苏州市人工智能领域的投资规模达 115 亿元" in card.inner_text()
    assert "第27页" in card.inner_text()
    box, panel = card.bounding_box(), page.locator("#evidence").bounding_box()
    assert panel["y"] - 1 <= box["y"] and box["y"] + 20 <= panel["y"] + panel["height"], "source not in view"
    shot(page, "04_citation_highlighted", full=False)

    # A passage the answer quotes is a numbered source too, and its number opens the passage.
    passages = page.locator("#sources details.src-passage")
    assert passages.count() >= 1
    n = passages.first.get_attribute("data-n")
    page.locator(f'#chatbot a[href="#cite-0-{n}"]').first.click()
    page.wait_for_function(f"() => document.querySelector('#src-0-{n}').open")


def test_every_source_is_cited_once(page):
    for question in ("为什么苏州排名第六？", "知识创造力前五名是哪些城市？", "报告给了哪些建议？"):
        ask(page, question)
        turn = shown_turn(page)
        numbers = page.locator("#sources .src-card").evaluate_all("cs => cs.map(c => c.dataset.n)")
        assert numbers and len(numbers) == len(set(numbers)), numbers  # one card per number
        bot = page.locator("#chatbot .message-row.bot-row").nth(turn)
        cited = set(
            bot.locator('a[href^="#cite-"]').evaluate_all("as => as.map(a => a.getAttribute('href'))")
        )
        for n in numbers:
            assert f"#cite-{turn}-{n}" in cited, f"source [{n}] of {question!r} is never cited"
        assert not re.search(r"\[s\d+(\.\d+)?-p\d+\]", bot.inner_text())
    shot(page, "05_top5_markers")


# --- tables ---------------------------------------------------------------------------------------------


def test_tables_are_for_people(page):
    questions = {
        "比较杭州和南京": "城市",
        "武汉有哪些人工智能政策？": "政策",
        "苏州的GDP是多少？": "数值",
        "Compare Hangzhou and Nanjing": "City",
        "What AI policies does Wuhan have?": "Policy",
    }
    for question, expected in questions.items():
        ask(page, question)
        shown = headers(page, "#answer-table")
        assert expected in " ".join(shown), (question, shown)
        assert not [h for h in shown if SNAKE.match(h) or h in ("city", "leader", "qualifier")], (
            question,
            shown,
        )
        if question.startswith(("Compare", "What")):
            assert not re.search(r"[\u4e00-\u9fff]", " ".join(shown)), (
                shown
            )  # English headers for English answers
    shot(page, "06_policy_table_english")

    ask(page, "北京、上海、广州、深圳四个城市比一比")
    shown = headers(page, "#answer-table")
    gdp = next(i for i, h in enumerate(shown) if h.startswith("地区生产总值"))
    assert "亿元" in shown[gdp]  # the unit is in the header, the cells are numbers
    page.locator("#answer-table thead th").nth(gdp).locator("button").click()
    values = [float(v) for v in column(page, "#answer-table", gdp) if v != "—"]
    assert values == sorted(values) and len(values) == 4
    page.locator("#answer-table thead th").nth(gdp).locator("button").click()
    values = [float(v) for v in column(page, "#answer-table", gdp) if v != "—"]
    assert values == sorted(values, reverse=True)
    assert column(page, "#answer-table", 0)[0] == "上海"  # largest GDP first
    assert "点击表头排序" in page.inner_text("#answer-table-box")
    shot(page, "07_table_sorted_by_gdp")

    with page.expect_download(timeout=ANSWER_TIMEOUT) as download_info:
        page.locator("#download-csv").click()
    csv = Path(download_info.value.path()).read_text(encoding="utf-8-sig")
    assert csv.splitlines()[0].startswith("dimension")  # the download keeps machine-friendly columns


# --- input and feedback -----------------------------------------------------------------------------------


def test_question_shows_before_the_answer(page):
    page.wait_for_timeout(500)
    held = []
    page.route("**/gradio_api/queue/join**", lambda route: held.append(route))
    try:
        page.fill("#question textarea", "比较杭州和南京")
        page.click("#send")
        page.locator("#chatbot .message-row.user-row").get_by_text("比较杭州和南京").wait_for(timeout=5_000)
        page.wait_for_function("() => document.querySelector('#chatbot .message.pending')", timeout=5_000)
        assert answer_count(page) == 0  # the answer has not arrived: it is held back
        assert page.input_value("#question textarea") == ""
        assert page.locator("#send").is_disabled()
        assert "Thinking" in page.evaluate(
            "() => getComputedStyle(document.querySelector('#chatbot .message.pending .message-content'), '::after').content"
        )
        shot(page, "08_question_shown_thinking", full=False)
    finally:
        for route in held:
            route.continue_()
        page.unroute("**/gradio_api/queue/join**")
    page.wait_for_function(
        "() => document.querySelectorAll('#chatbot .message-row.bot-row').length === 1",
        timeout=ANSWER_TIMEOUT,
    )
    settle(page)
    assert page.locator("#send").is_disabled()  # the box is empty again
    page.fill("#question textarea", "苏州排第几")
    assert page.locator("#send").is_enabled()


def test_empty_and_too_long_input(page):
    assert page.locator("#send").is_disabled()
    assert page.inner_text("#q-counter .q-count") == "0 / 500"
    page.press("#question textarea", "Enter")
    page.locator("#q-counter").get_by_text("请先输入问题").wait_for(timeout=5_000)
    shot(page, "09_empty_enter", full=False)

    pasted = "苏州" * 2500
    page.fill("#question textarea", pasted)
    assert page.input_value("#question textarea") == pasted  # nothing silently cut
    assert page.inner_text("#q-counter .q-count") == "5000 / 500"
    assert "超出 4500 字" in page.inner_text("#q-counter")
    assert page.locator("#send").is_disabled()
    page.press("#question textarea", "Enter")
    page.wait_for_timeout(800)
    assert page.locator("#chatbot .message-row").count() == 0  # neither echoed nor sent
    shot(page, "10_too_long", full=False)

    page.fill("#question textarea", "苏州排第几？")
    assert page.locator("#send").is_enabled()


def test_follow_up_suggestions_ask(page):
    ask(page, "苏州排第几？")
    chips = page.locator('#chatbot a[href^="#ask-0-"]')
    texts = chips.all_inner_texts()
    assert "为什么苏州排第6？" in texts and any("比较苏州和" in t for t in texts)
    chips.filter(has_text="为什么苏州排第6").click()
    page.wait_for_function("() => document.querySelectorAll('#chatbot .message-row.bot-row').length === 2")
    settle(page)
    assert "为什么苏州排第6" in page.locator("#chatbot .message-row.user-row").last.inner_text()
    assert "拉动排名的维度" in answer_text(page)
    shot(page, "11_follow_up_clicked")


def test_reload_keeps_the_conversation_and_export(page):
    ask(page, "为什么苏州排名第六")
    ask(page, "那武汉呢？", submit="enter")
    assert "武汉" in answer_text(page)
    page.reload()
    page.wait_for_selector("#question textarea")
    page.wait_for_function(
        "() => document.querySelectorAll('#chatbot .message-row.bot-row').length === 2",
        timeout=ANSWER_TIMEOUT,
    )
    page.wait_for_function(
        "() => document.querySelector('#ev-head [data-turn=\"1\"]')", timeout=ANSWER_TIMEOUT
    )
    assert "武汉" in page.inner_text("#sources") or "武汉" in page.inner_text("#answer-table-box")
    shot(page, "12_after_reload")

    with page.expect_download(timeout=ANSWER_TIMEOUT) as download_info:
        page.locator("#export-md").click()
    exported = Path(download_info.value.path()).read_text(encoding="utf-8")
    assert "## 1. 为什么苏州排名第六" in exported and "## 2. 那武汉呢？" in exported
    assert "「苏州市 6 6 4 15 10」" in exported and "第27页" in exported

    page.click("#new-chat")
    page.wait_for_function("() => document.querySelectorAll('#chatbot .message-row').length === 0")
    assert page.locator("#answer-plot").is_hidden()
    page.reload()
    page.wait_for_selector("#question textarea")
    page.wait_for_timeout(1500)
    assert page.locator("#chatbot .message-row").count() == 0  # a new conversation stays new


def test_sessions_do_not_share_history(browser, app_server):  # noqa: F811
    a = new_page(browser, app_server.url)
    b = new_page(browser, app_server.url)
    try:
        ask(a, "为什么苏州排名第六")
        assert b.locator("#chatbot .message-row").count() == 0
        b.reload()
        b.wait_for_selector("#question textarea")
        b.wait_for_timeout(1000)
        assert b.locator("#chatbot .message-row").count() == 0
        answer_b = flat(ask(b, "那武汉呢？"))  # no Suzhou context in this tab: not a "why" answer about 武汉
        assert "拉动排名的维度" not in answer_b
        assert "苏州" not in b.inner_text("#chatbot .message-row.user-row")
        assert "那武汉呢" not in a.inner_text("#chatbot")
        shot(a, "13_session_a")
        shot(b, "14_session_b")
    finally:
        a.context.close()
        b.context.close()


XSS = {
    "script": "<script>alert(1)</script>",
    "img": "<img src=x onerror=alert(1)>",
    "markup": "**bold** <b>x</b> [a](javascript:alert(1))",
}


@pytest.mark.parametrize("name", list(XSS))
def test_typed_html_is_shown_literally(page, name):
    attack = XSS[name]
    ask(page, attack)
    shown = page.locator("#chatbot .message-row.user-row").last.inner_text().strip()
    assert shown == attack
    assert page.dialogs == []
    assert (
        page.locator("#chatbot img[src='x'], #chatbot script, #chatbot b, #chatbot .user-row a").count() == 0
    )
    assert page.locator("#chatbot a[href^='javascript']").count() == 0
    shot(page, f"15_xss_{name}")


# --- the other tabs ---------------------------------------------------------------------------------------


def test_rankings_tab(page):
    open_tab(page, "排名总览")
    rendered_plot(page, "#heatmap")
    assert page.locator("#heatmap .js-plotly-plot .hm, #heatmap .js-plotly-plot .heatmaplayer").count() > 0
    table = page.locator("#ranking-table")
    for city in ("北京", "苏州", "大连"):
        assert city in table.inner_text()
    shown = headers(page, "#ranking-table")
    assert shown[0] == "城市 City" and not [h for h in shown if SNAKE.match(h)]
    knowledge = next(i for i, h in enumerate(shown) if h.startswith("知识创造力"))
    page.locator("#ranking-table thead th").nth(knowledge).locator("button").click()
    assert [int(v) for v in column(page, "#ranking-table", knowledge)] == list(range(1, 21))
    assert column(page, "#ranking-table", 0)[:2] == ["北京", "深圳"]
    shot(page, "16_rankings_sorted")


def test_city_profile_tab(page):
    open_tab(page, "城市档案")
    choose(page, "#city-select", "苏州")
    page.locator("#profile-header").get_by_text("苏州市").wait_for(timeout=ANSWER_TIMEOUT)
    rendered_plot(page, "#profile-radar")
    page.wait_for_function(
        "() => document.querySelector('#profile-radar .legendtext')?.textContent === '苏州'",
        timeout=ANSWER_TIMEOUT,
    )
    assert "环境支撑力" in page.inner_text("#profile-ranks")
    rendered_plot(page, "#profile-timeline")
    assert "苏州" in page.inner_text("#profile-policies")
    for where in ("#profile-ranks", "#profile-subranks", "#profile-facts", "#profile-policies"):
        assert not [h for h in headers(page, where) if SNAKE.match(h)], where
    assert "指标 Metric" in headers(page, "#profile-facts")
    shot(page, "17_profile_suzhou")

    choose(page, "#city-select", "大连")
    page.locator("#profile-header").get_by_text("大连市").wait_for(timeout=ANSWER_TIMEOUT)
    page.get_by_text("报告没有该城市的专章分析").first.wait_for(timeout=ANSWER_TIMEOUT)
    page.locator("#profile-missing").get_by_text("政策表").wait_for(timeout=ANSWER_TIMEOUT)
    assert page.locator("#profile-policies").is_hidden()
    shot(page, "18_profile_dalian")


def test_policies_tab(page):
    open_tab(page, "政策库")
    page.locator("#policy-count").get_by_text("共 48 条政策").wait_for(timeout=ANSWER_TIMEOUT)
    choose(page, "#policy-city", "武汉")
    page.locator("#policy-count").get_by_text("共 3 条政策").wait_for(timeout=ANSWER_TIMEOUT)
    assert "武汉" in page.inner_text("#policy-table")
    assert headers(page, "#policy-table")[:3] == ["城市 City", "日期 Date", "政策 Policy"]
    assert column(page, "#policy-table", 1) == ["2019-05", "2019-05", "2021-01"]
    page.fill("#policy-keyword textarea, #policy-keyword input", "东湖")
    page.press("#policy-keyword textarea, #policy-keyword input", "Enter")
    page.wait_for_function(
        "() => /共 [12] 条政策/.test(document.querySelector('#policy-count').innerText)",
        timeout=ANSWER_TIMEOUT,
    )
    shot(page, "19_policies_wuhan")


def test_whatif_tab(page):
    open_tab(page, "权重模拟")
    page.get_by_text("并非报告的原始得分").first.wait_for(timeout=ANSWER_TIMEOUT)
    note = page.inner_text("#approx-note")
    assert "Spearman" in note and "8" in note
    page.locator("#weights-text").get_by_text("知识创造力 25%").wait_for(timeout=ANSWER_TIMEOUT)
    rendered_plot(page, "#whatif-shift")
    rendered_plot(page, "#whatif-interval")
    shot(page, "20_whatif_equal")

    page.locator("#w-knowledge input[type=range]").fill("2")
    page.locator("#weights-text").get_by_text("知识创造力 40%").wait_for(timeout=ANSWER_TIMEOUT)
    page.wait_for_function(
        f"() => ({ROWS})('#whatif-table').includes('苏州 9 7 6 -2 -3')", timeout=ANSWER_TIMEOUT
    )  # Suzhou drops from 7th (equal weights) to 9th
    shot(page, "21_whatif_knowledge_doubled")

    for key in ("env", "resource", "knowledge", "outcome"):
        page.locator(f"#w-{key} input[type=range]").fill("0")
    page.locator("#weights-text").get_by_text("至少要有一个维度的权重大于 0").wait_for(timeout=ANSWER_TIMEOUT)
    page.wait_for_function("() => !document.querySelector('#whatif-table .ca-table')", timeout=ANSWER_TIMEOUT)
    page.locator("#whatif-shift").wait_for(state="hidden", timeout=ANSWER_TIMEOUT)
    page.locator("#whatif-interval").wait_for(state="hidden", timeout=ANSWER_TIMEOUT)
    shot(page, "22_whatif_all_zero_cleared")


# --- a phone ------------------------------------------------------------------------------------------------


def test_phone_every_tab_is_reachable(phone):
    tabs = phone.get_by_role("tab")
    assert tabs.count() == len(TABS)
    for name in TABS:
        tab = phone.get_by_role("tab", name=re.compile(name))
        assert tab.is_visible(), f"tab {name} is not on screen at 390 px"
        box = tab.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    shot(phone, "23_phone_home")
    for name, where in (
        ("排名总览", "#heatmap"),
        ("城市档案", "#profile-radar"),
        ("政策库", "#policy-timeline"),
        ("权重模拟", "#whatif-interval"),
    ):
        open_tab(phone, name, tap=True)
        rendered_plot(phone, where)
        phone.wait_for_timeout(400)
        assert phone.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"] + 1
        for plot in phone.locator(".js-plotly-plot .main-svg:first-child").all():
            if plot.is_visible():
                box = plot.bounding_box()
                assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"] + 1, (
                    f"chart clipped in {name}"
                )
        for th in phone.locator(".ca-table th .h-name").all():
            if th.is_visible():
                box = th.bounding_box()  # a header never squashed to one character per line
                assert box["width"] >= 28, (name, th.inner_text(), box)
        shot(phone, f"24_phone_tab_{name}")


def test_phone_evidence_is_one_tap_away(phone):
    ask(phone, "为什么苏州排名第六？", submit="tap")
    ask(phone, "比较杭州和南京", submit="tap")
    assert phone.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"] + 1
    shot(phone, "25_phone_answers", full=False)

    link = phone.locator('#chatbot a[href="#ev-0"]')
    link.scroll_into_view_if_needed()
    link.tap()
    phone.wait_for_function("() => document.body.classList.contains('ca-ev-open')")
    phone.wait_for_function(
        "() => document.querySelector('#ev-head [data-turn=\"0\"]')", timeout=ANSWER_TIMEOUT
    )
    settle(phone)
    sheet = phone.locator("#evidence").bounding_box()
    assert sheet["y"] <= 1 and sheet["width"] <= PHONE["width"] + 1  # the evidence covers the screen
    assert "苏州市 6 6 4 15 10" in phone.inner_text("#sources")
    shot(phone, "26_phone_evidence_sheet", full=False)
    phone.locator("#ev-close").tap()
    phone.wait_for_function("() => !document.body.classList.contains('ca-ev-open')")

    marker = phone.locator('#chatbot a[href="#cite-1-3"]').first
    marker.scroll_into_view_if_needed()
    marker.tap()  # first tap: the report's sentence
    pop = phone.locator("#cite-pop")
    pop.wait_for(state="visible", timeout=5_000)
    assert "16106亿元" in pop.inner_text()
    shot(phone, "27_phone_cite_popup", full=False)
    pop.locator(".pop-open").tap()  # second tap: the source in the evidence
    phone.wait_for_function("() => document.querySelector('#src-1-3')?.classList.contains('hit')")
    assert phone.evaluate("() => document.body.classList.contains('ca-ev-open')")
    phone.wait_for_function(  # scrolled into view on the sheet
        "() => { const y = document.querySelector('#src-1-3').getBoundingClientRect().top; return y >= 0 && y < innerHeight - 60; }",
        timeout=5_000,
    )
    phone.wait_for_timeout(300)  # the sheet has finished sliding in
    shot(phone, "28_phone_source_highlighted", full=False)


# --- dark mode, and pictures of the whole thing ------------------------------------------------------------------


@pytest.mark.parametrize("device", ["desktop", "phone"])
def test_dark_mode_charts_and_screenshots(browser, app_server, device):  # noqa: F811
    page = new_page(browser, app_server.url, phone=device == "phone", dark=True)
    try:
        ask(page, "比较杭州和南京", submit="tap" if device == "phone" else "button")
        if device == "phone":
            page.locator('#chatbot a[href="#ev-0"]').tap()
            page.wait_for_function("() => document.body.classList.contains('ca-ev-open')")
        plot = rendered_plot(page, "#answer-plot")
        page.wait_for_timeout(300)
        paper = plot.evaluate("e => getComputedStyle(e).backgroundColor")
        assert paper in ("rgba(0, 0, 0, 0)", "transparent"), paper  # not a white card on a dark page
        tick = page.locator("#answer-plot .main-svg text").first.evaluate("e => getComputedStyle(e).fill")
        assert tick != "rgb(42, 63, 95)"  # Plotly's dark-blue text would vanish on a dark background
        shot(page, f"29_dark_{device}_chat", full=device == "desktop")
    finally:
        page.context.close()
