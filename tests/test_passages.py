"""The passage splitter follows the report's structure and the committed JSONL matches the report."""

from __future__ import annotations

import csv
import re
import subprocess
import sys

import pytest

from assistant.config import PROJECT_ROOT
from assistant.retrieval.passages import (
    KINDS,
    MAX_CHARS,
    MIN_CHARS,
    REPORT_PATH,
    build_passages,
    clean,
    corpus_hash,
    load_passages,
    normalize_heading,
)
from index_core.vocabulary import names

PROFILED = ["北京", "深圳", "上海", "广州", "杭州", "苏州", "武汉", "成都", "青岛", "南京"]
REPORT = REPORT_PATH.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def passages() -> list[dict]:
    return load_passages()


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_check_passes_on_committed_jsonl() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "assistant.retrieval.passages", "--check"],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert load_passages() == build_passages()


def test_check_fails_with_a_clear_message_when_stale(tmp_path, monkeypatch) -> None:
    import assistant.retrieval.passages as mod

    stale = tmp_path / "passages.jsonl"
    stale.write_text(
        mod.PASSAGES_PATH.read_text(encoding="utf-8").replace("苏州", "苏洲", 1), encoding="utf-8"
    )
    monkeypatch.setattr(mod, "PASSAGES_PATH", stale)
    monkeypatch.setattr(mod, "PROJECT_ROOT", tmp_path)
    assert mod.main(["--check"]) == 1


def test_metadata_fields_and_unique_stable_ids(passages) -> None:
    ids = [p["id"] for p in passages]
    assert len(ids) == len(set(ids))
    for p in passages:
        assert set(p) == {"id", "city", "section", "dimension", "kind", "page", "text"}
        assert re.fullmatch(r"(s\d+(\.\d+)?|intro|about)-p\d{2}", p["id"]), p["id"]
        assert p["kind"] in KINDS
        assert p["dimension"] in (*names().level1, None)
        assert "（" not in p["section"] and "）" not in p["section"]
    assert {"s3.6-p03", "s1.3-p02", "s2.1-p03", "s4-p01"} <= set(ids)


def test_no_passage_crosses_a_heading(passages) -> None:
    headings = [normalize_heading(line) for line in REPORT.splitlines() if line.startswith("#")]
    lead = re.compile(r"^人工智能(环境支撑力|资源支持力|知识创造力|发展成效)。", re.M)
    for p in passages:
        body = p["text"]
        for heading in headings:
            assert _squash(heading) not in _squash(body), (p["id"], heading)
        # a dimension lead ("人工智能资源支持力。") opens a sub-section: only ever at a passage's start
        assert all(m.start() == 0 for m in lead.finditer(body)), p["id"]
        if lead.match(body):
            assert p["section"].endswith(lead.match(body).group(0).rstrip("。")), p["id"]


def test_every_passage_text_comes_from_the_report(passages) -> None:
    squashed = _squash(REPORT.replace("**", ""))
    for p in passages:
        if p["kind"] != "prose":
            continue
        for line in p["text"].split("\n"):
            for sentence in filter(None, re.split(r"(?<=。)", line)):
                assert _squash(sentence) in squashed, (p["id"], sentence)


def test_noise_is_dropped(passages) -> None:
    text = "\n".join(p["text"] for p in passages)
    for noise in ("数据来源", "资料来源", "雷达图", "ISHANGQI", "AITISA", "电话", "传真", "....."):
        assert noise not in text, noise
    assert not any("  " in p["text"] for p in passages if p["kind"] == "prose")
    assert not re.search(r"^图\s*\d", text, re.M)


def test_page_breaks_inside_paragraphs_are_repaired(passages) -> None:
    text = {p["id"]: p["text"] for p in passages}
    assert "2020年GDP较高，排名靠前。" in text["s2.2-p02"]
    assert "资金支持和载体支持较为充足" in text["s3.1-p05"]
    assert "组织、经济、研发、政策环境" in text["s3.2-p02"]  # the lead there is not bold in the PDF text
    for p in passages:
        if p["kind"] == "prose" and p["id"].startswith("s"):  # the preface ends with a signature and date
            assert p["text"].rstrip()[-1] in "。！？）)”", (p["id"], p["text"][-20:])


def test_sizes(passages) -> None:
    prose = [p for p in passages if p["kind"] == "prose"]
    for p in prose:
        sentences = re.split(r"(?<=。)", p["text"])
        assert len(p["text"]) <= MAX_CHARS or max(map(len, sentences)) > MAX_CHARS / 2, p["id"]
    for i, p in enumerate(passages):  # a short passage had no prose neighbour under its heading to merge with
        if p["kind"] == "prose" and len(p["text"]) < MIN_CHARS:
            neighbours = [q for q in passages[max(i - 1, 0) : i + 2] if q is not p]
            assert not [q for q in neighbours if q["kind"] == "prose" and q["section"] == p["section"]], p[
                "id"
            ]
    lengths = sorted(len(p["text"]) for p in prose)
    assert MIN_CHARS <= lengths[len(lengths) // 2] <= MAX_CHARS


def test_tables_are_whole(passages) -> None:
    kinds = [p["kind"] for p in passages]
    assert kinds.count("indicator_table") == 1 and kinds.count("ranking_table") == 1
    table1 = next(p for p in passages if p["kind"] == "indicator_table")["text"]
    assert [int(m) for m in re.findall(r"^(\d+) \|", table1, re.M)] == list(range(1, 24))
    assert table1.count("序号") == 1  # the header repeated on each page is kept once
    table2 = next(p for p in passages if p["kind"] == "ranking_table")["text"]
    assert len(re.findall(r"^\S+市 \| \d+", table2, re.M)) == 20


def test_each_profiled_city_has_its_whole_policy_table(passages) -> None:
    tables = {p["city"]: p for p in passages if p["kind"] == "policy_table"}
    assert sorted(tables) == sorted(PROFILED)
    for city, p in tables.items():
        assert p["section"].startswith("三、") and p["dimension"] == "环境支撑力" and p["page"]
        caption = re.search(rf"表\s*\d+\s*{city}市部分人工智能政策", REPORT)
        table_lines = REPORT[caption.end() :].split("资料来源", 1)[0]
        dates = re.findall(r"^(\d{4}\s*年\s*\d{1,2}\s*月)\t", table_lines, re.M)
        rows = [line for line in p["text"].split("\n")[2:] if line]
        assert len(rows) == len(dates), city
        for row in rows:  # a row cut by a page break is re-joined: title and summary both complete
            date, title, summary = row.split(" | ")
            assert title.startswith("《") and title.endswith("》"), (city, row)
            assert summary, (city, row)


def test_policy_titles_from_data_are_in_their_city_table(passages) -> None:
    path = PROJECT_ROOT / "data" / "policies.csv"
    if not path.exists():
        pytest.skip("data/policies.csv not written yet")
    tables = {p["city"]: _squash(p["text"]) for p in passages if p["kind"] == "policy_table"}
    with path.open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            assert _squash(row["title"]) in tables[row["city"]], row["title"]


def test_city_dimension_and_page_metadata(passages) -> None:
    by_id = {p["id"]: p for p in passages}
    suzhou = by_id["s3.6-p04"]
    assert suzhou["city"] == "苏州" and suzhou["dimension"] == "资源支持力" and suzhou["page"] == 27
    assert (
        suzhou["section"]
        == "三、人工智能发展十强城市情况分析 > (六) 苏州：产业支撑资源丰富 > 人工智能资源支持力"
    )
    for p in passages:
        if p["section"].startswith("三、"):
            assert p["city"] in PROFILED, p["id"]
    # the lost heading "(四) 人工智能知识创造力排名" is restored from the table of contents
    assert by_id["s2.4-p01"]["section"].endswith("(四) 人工智能知识创造力排名")
    assert by_id["s2.4-p01"]["dimension"] == "知识创造力" and by_id["s2.4-p01"]["page"] == 8
    assert by_id["s2.1-p05"]["city"] == "苏州"  # outside chapter three: a passage about one city only
    assert by_id["s2.1-p04"]["city"] is None
    assert by_id["intro-p01"]["page"] is None and by_id["about-p01"]["city"] is None


def test_clean_and_headings() -> None:
    assert clean("2020 年 GDP 达 25019.11 亿元") == "2020年GDP达25019.11亿元"
    assert clean("HPC TOP100 榜单") == "HPC TOP100榜单"
    assert normalize_heading("#### **（十）南京：本土优质企业不断壮大**") == "(十) 南京：本土优质企业不断壮大"


def test_corpus_hash_is_stable() -> None:
    assert corpus_hash() == corpus_hash() and len(corpus_hash()) == 16
