"""How fast the chat app feels in a real browser: page load until the question box is usable, and answer times.

    .venv/bin/python benchmarks/app_timing.py [--runs 5] [--json out.json]

Starts the real app (real Assistant and store) on a free loopback port, the way the tests do
(tests/app_server.py), then drives Debian's /usr/bin/chromium headless with Playwright at 1440x900:

- load: navigation start until `#question textarea` is visible and enabled (median of --runs fresh pages);
- echo: Send clicked until the question shows in the chat;
- answer: Send clicked until the answer text shows in the chat;
- evidence: Send clicked until the evidence panel shows the answer's sources.

Each question is asked once in a fresh page after one warm-up round, so the times are for a warm server.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

QUESTIONS = [
    "为什么苏州排名第六？",
    "比较杭州和南京",
    "武汉有哪些人工智能政策？",
    "知识创造力前五名是哪些城市？",
    "Why does Suzhou rank 6th?",
]
ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"]
USER_ROWS = "document.querySelectorAll('#chatbot .message-row.user-row').length"
BOT_TEXT = """() => {
  const rows = [...document.querySelectorAll('#chatbot .message-row')];
  const i = rows.map(r => r.classList.contains('user-row')).lastIndexOf(true);
  const bot = rows.slice(i + 1).filter(r => r.classList.contains('bot-row') && !r.querySelector('.thinking'));
  return bot.length ? bot[0].innerText.trim().length > 0 : false;
}"""
EVIDENCE = "() => !!document.querySelector('#sources details, #sources .src-card')"


def ms(start: float) -> float:
    return (time.perf_counter() - start) * 1000


def load_time(browser, url: str) -> float:
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    page = context.new_page()
    start = time.perf_counter()
    page.goto(url, wait_until="commit")
    page.wait_for_selector("#question textarea:not([disabled])", state="visible", timeout=60_000)
    took = ms(start)
    context.close()
    return took


def answer_times(browser, url: str, question: str) -> dict[str, float]:
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    page = context.new_page()
    page.goto(url)
    page.wait_for_selector("#question textarea:not([disabled])", timeout=60_000)
    page.fill("#question textarea", question)
    page.wait_for_timeout(200)
    start = time.perf_counter()
    page.click("#send")
    page.wait_for_function(f"() => {USER_ROWS} > 0", timeout=60_000, polling=10)
    echo = ms(start)
    page.wait_for_function(BOT_TEXT, timeout=60_000, polling=10)
    answer = ms(start)
    page.wait_for_function(EVIDENCE, timeout=60_000, polling=10)
    evidence = ms(start)
    context.close()
    return {"echo": echo, "answer": answer, "evidence": evidence}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()

    from app_server import start
    from playwright.sync_api import sync_playwright

    served = start()
    url = served.url
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS, headless=True)
        load_time(browser, url)  # warm-up: static assets cached by the server
        for q in QUESTIONS:
            served.bot.ask(q)  # warm the Assistant's caches as a running server would be
        loads = [load_time(browser, url) for _ in range(args.runs)]
        answers = {q: answer_times(browser, url, q) for q in QUESTIONS}
        browser.close()
    served.app.close()

    result = {
        "load_ms_median": round(statistics.median(loads)),
        "load_ms": [round(x) for x in loads],
        "answers": {q: {k: round(v) for k, v in t.items()} for q, t in answers.items()},
    }
    print(
        f"page load until the question box is usable: median {result['load_ms_median']} ms {result['load_ms']}"
    )
    print(f"{'question':<34} {'echo':>7} {'answer':>7} {'evidence':>9}")
    for q, t in result["answers"].items():
        print(f"{q:<34} {t['echo']:>5} ms {t['answer']:>5} ms {t['evidence']:>7} ms")
    if args.json:
        args.json.write_text(json.dumps(result, ensure_ascii=False, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
