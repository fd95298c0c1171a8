"""Split the report into citable passages that follow its own structure.

Retrieval only supplies narrative passages and citations, so a passage must be one thing a reader can check:
a paragraph (or a few tiny ones, or one part of a long one) or a whole table, always under exactly one
heading, with the page of that heading from the report's table of contents. The PDF-to-Markdown text has
page-break artefacts (paragraphs cut mid-sentence, table header rows repeated, table rows cut in two,
headings at random Markdown levels, one heading lost); they are repaired here so nothing downstream has to
know about them.

`python -m assistant.retrieval.passages` writes corpus/passages.jsonl; `--check` exits 1 if that file is stale.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import re
import sys
from dataclasses import dataclass, field
from functools import lru_cache

from assistant.config import PROJECT_ROOT
from index_core.paths import corpus_dir
from index_core.vocabulary import names

REPORT_PATH = corpus_dir() / "report.md"  # a checkout's corpus/, else the wheel's packaged copy
PASSAGES_PATH = corpus_dir() / "passages.jsonl"

MIN_CHARS = 100
MAX_CHARS = 400

KINDS = ("prose", "policy_table", "indicator_table", "ranking_table")
# Names that contain a city but are not about it (the report's publisher).
_NOT_A_CITY_MENTION = ("北京上奇数字科技有限公司",)

_NUMERALS = "一二三四五六七八九十"
# Characters next to which a space is a PDF artefact: CJK, full-width forms, and the ASCII ,;: the PDF
# sometimes uses inside Chinese sentences.
_CJK = r"\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef“”‘’…—,;:"
_SPACE_NEAR_CJK = re.compile(rf"(?<=[{_CJK}])[ \t\u00a0]+|[ \t\u00a0]+(?=[{_CJK}])")
_TOC_LINE = re.compile(r"^(.*?)\s*\.{3,}\s*(\d+)\s*$")
_CHAPTER = re.compile(rf"^([{_NUMERALS}]+)、\s*(.+)$")
_SECTION = re.compile(rf"^\(([{_NUMERALS}]+)\)\s*(.+)$")
# A paragraph that opens a first-level dimension's part of a profile ("人工智能资源支持力。").
_DIM_LEAD = re.compile(rf"^(?:\*\*)?(人工智能(?:{'|'.join(names().level1)})。)(?:\*\*)?(.*)$")
_ORG_LEAD = re.compile(r"^\*\*([^*。]+)\*\*(.+)$")
_FIGURE = re.compile(r"^图\s*\d+\s*(.*)$")
_TABLE_CAPTION = re.compile(r"^表\s*\d+\s")
_NOISE = re.compile(r"^(?:(?:数据|资料)来源\s*[:：]|电话\s*[:：]|传真\s*[:：]|地址\s*[:：])")
_SENTENCE_END = "。！？!?；;…”’）)》】"
_BROKEN_MIN_CHARS = 20  # a shorter unterminated line is a line of its own (signatures), not a cut paragraph

ABOUT_SECTION = "关于编写单位"


def clean(text: str) -> str:
    """Drop the PDF's stray spaces next to Chinese characters; keep spaces between Latin words."""
    text = re.sub(r"[ \t\u00a0]+", " ", text.strip())
    return _SPACE_NEAR_CJK.sub("", text)


def normalize_heading(text: str) -> str:
    """One spelling per heading: no Markdown, half-width parentheses, one space after "(六)"."""
    text = text.strip().lstrip("#").strip().replace("**", "").strip()
    text = text.replace("（", "(").replace("）", ")")
    text = re.sub(r"\s+", " ", text)
    return re.sub(r"^\(([^)]+)\)\s*", r"(\1) ", text)


def _key(text: str) -> str:
    return re.sub(r"\s+", "", normalize_heading(text))


@dataclass
class _Block:
    """A paragraph or table before sizing, with the heading scope it belongs to."""

    kind: str
    text: str
    scope: tuple[str, ...]
    broken: bool = False  # prose whose last line was cut by a page break
    page: int | None = None


@dataclass
class _Scope:
    chapter: str | None = None
    chapter_no: int | None = None
    section: str | None = None
    section_no: int | None = None
    sub: str | None = None
    top: str | None = None  # 引言 / 关于编写单位: outside the numbered chapters
    seen: set[str] = field(default_factory=set)

    def path(self) -> tuple[str, ...]:
        parts = [self.top] if self.top else [self.chapter, self.section]
        return tuple(p for p in [*parts, self.sub] if p)


def _numeral(text: str) -> int:
    if text == "十":
        return 10
    if text.startswith("十"):
        return 10 + _NUMERALS.index(text[1]) + 1
    return _NUMERALS.index(text) + 1


def parse_toc(lines: list[str]) -> list[tuple[str, int]]:
    """(heading, start page) in order, from the 目录 lines ("(六) 苏州：产业支撑资源丰富 ..... 27")."""
    return [(normalize_heading(m.group(1)), int(m.group(2))) for m in map(_TOC_LINE.match, lines) if m]


def _lost_section(toc: list[tuple[str, int]], scope: _Scope, caption: str) -> str | None:
    """The TOC section of the current chapter that a figure belongs to although its heading is missing.

    The PDF text lost "(四) 人工智能知识创造力排名"; its figure "图 6 人工智能知识创造力" is what remains.
    """
    want = _key(caption).removesuffix("排名").removesuffix("城市")
    titles = [title for title, _ in toc]
    if scope.chapter not in titles:
        return None
    for title in titles[titles.index(scope.chapter) + 1 :]:
        if _CHAPTER.match(title):
            return None
        if _key(title) not in scope.seen and _key(title).split(")", 1)[-1].removesuffix("排名") == want:
            return title
    return None


def _table_rows(lines: list[str]) -> list[list[str]]:
    """Rows of a table cut by page breaks: drop repeated header rows, re-join rows cut in two."""
    rows: list[list[str]] = []
    seen: set[str] = set()
    after_repeat = False
    for line in lines:
        cells = [clean(c) for c in line.rstrip("\n").split("\t")]
        flat = "".join(cells)
        if not flat:
            continue
        if flat in seen:  # the header row, repeated at the top of the next page
            after_repeat = True
            continue
        seen.add(flat)
        if after_repeat and rows and not cells[0]:  # the rest of a row cut by the page break
            prev = rows[-1]
            prev.extend([""] * (len(cells) - len(prev)))
            rows[-1] = [p + c for p, c in zip(prev, cells + [""] * (len(prev) - len(cells)), strict=True)]
        else:
            rows.append(cells)
        after_repeat = False
    return rows


def _table_text(caption: str, rows: list[list[str]]) -> str:
    body = "\n".join(" | ".join(cells).rstrip(" |") for cells in rows)
    return f"{clean(caption)}\n{body}"


def _table_kind(caption: str) -> str:
    if "政策" in caption:
        return "policy_table"
    if "指标" in caption:
        return "indicator_table"
    return "ranking_table"


def _ends_sentence(text: str) -> bool:
    return text.rstrip()[-1:] in _SENTENCE_END


def read_blocks(text: str) -> list[_Block]:
    """Walk the report once: headings set the scope, everything else becomes prose or table blocks."""
    lines = text.splitlines()
    toc_start = next(i for i, line in enumerate(lines) if _key(line) == "目录")
    toc_end = next(i for i in range(toc_start + 1, len(lines)) if lines[i].startswith("#"))
    toc = parse_toc([line.strip() for line in lines[toc_start:toc_end]])
    pages = {_key(title): page for title, page in toc}
    last_chapter = max(_numeral(m.group(1)) for title, _ in toc if (m := _CHAPTER.match(title)))
    scope = _Scope()
    blocks: list[_Block] = []
    i = 0
    started = False

    def add_prose(line: str) -> None:
        body = clean(line.replace("**", ""))
        last = blocks[-1] if blocks else None
        if last and last.kind == "prose" and last.broken and last.scope == scope.path():
            last.text += body
            last.broken = len(line.strip()) >= _BROKEN_MIN_CHARS and not _ends_sentence(body)
            return
        broken = len(line.strip()) >= _BROKEN_MIN_CHARS and not _ends_sentence(body)
        blocks.append(_Block("prose", body, scope.path(), broken))

    def enter_section(key_title: str) -> None:
        m = _SECTION.match(key_title)
        assert m, key_title
        scope.section, scope.section_no, scope.sub = key_title, _numeral(m.group(1)), None
        scope.seen.add(_key(key_title))

    while i < len(lines):
        raw = lines[i]
        line = raw.strip()
        i += 1
        if raw.startswith("#"):
            heading = normalize_heading(raw)
            if heading == "引言":
                started, scope.top, scope.sub = True, "引言", None
            elif _key(heading) == "目录":
                i = toc_end
            elif m := _CHAPTER.match(heading):
                scope.top, scope.chapter, scope.chapter_no = None, heading, _numeral(m.group(1))
                scope.section = scope.section_no = scope.sub = None
                scope.seen.add(_key(heading))
            elif _SECTION.match(heading):
                enter_section(heading)
            continue
        if not started or not line:
            continue
        if fig := _FIGURE.match(line):  # image captions are noise, but may reveal a lost heading
            if lost := _lost_section(toc, scope, fig.group(1)):
                enter_section(lost)
            continue
        if _NOISE.match(line):
            continue
        if _TABLE_CAPTION.match(line):
            body: list[str] = []
            while i < len(lines) and ("\t" in lines[i] or not lines[i].strip()):
                body.append(lines[i])
                i += 1
            blocks.append(_Block(_table_kind(line), _table_text(line, _table_rows(body)), scope.path()))
            continue
        if m := _DIM_LEAD.match(line):
            scope.sub = m.group(1).rstrip("。")
            add_prose(m.group(1) + m.group(2))
            continue
        if (m := _ORG_LEAD.match(line)) and scope.chapter_no == last_chapter:  # back-cover notes
            scope.top, scope.sub = ABOUT_SECTION, m.group(1)
            add_prose(m.group(1) + m.group(2))
            continue
        add_prose(line)
    for block in blocks:  # a passage gets the start page of its section, else of its chapter
        for part in block.scope[:2]:
            block.page = pages.get(_key(part), block.page)
    return blocks


def _split_long(text: str) -> list[str]:
    """Cut a long paragraph at sentence ends into near-equal parts of at most MAX_CHARS where possible."""
    if len(text) <= MAX_CHARS:
        return [text]
    sentences = [s for s in re.split(r"(?<=。)", text) if s]
    parts = math.ceil(len(text) / MAX_CHARS)
    target = len(text) / parts
    chunks: list[str] = []
    current = ""
    for sentence in sentences:
        if current and len(current) + len(sentence) / 2 > target and len(chunks) < parts - 1:
            chunks.append(current)
            current = ""
        current += sentence
    chunks.append(current)
    return chunks


def _size(blocks: list[_Block]) -> list[_Block]:
    """Split long prose at 。 and merge tiny prose into its neighbour under the same (sub)heading."""
    out: list[_Block] = []
    for block in blocks:
        pieces = _split_long(block.text) if block.kind == "prose" else [block.text]
        for piece in pieces:
            prev = out[-1] if out else None
            can_merge = prev and prev.kind == "prose" == block.kind and prev.scope == block.scope
            if can_merge and (len(prev.text) < MIN_CHARS or len(piece) < MIN_CHARS):
                if len(prev.text) + len(piece) <= MAX_CHARS or min(len(prev.text), len(piece)) < 40:
                    prev.text += "\n" + piece
                    continue
            out.append(_Block(block.kind, piece, block.scope, page=block.page))
    return out


def _city_of(scope: tuple[str, ...], text: str) -> str | None:
    """The city a passage is about: its chapter-three profile, or the only sample city it names."""
    sample = names().sample
    if len(scope) > 1 and scope[0].startswith("三、"):
        title = scope[1].split(") ", 1)[-1]
        return next((c for c in sample if title.startswith(c)), None)
    if not _CHAPTER.match(scope[0]):  # the preface and the publishers' notes name cities only in passing
        return None
    for name in _NOT_A_CITY_MENTION:
        text = text.replace(name, "")
    named = [c for c in sample if c in text]
    return named[0] if len(named) == 1 else None


def _dimension_of(scope: tuple[str, ...]) -> str | None:
    for part in reversed(scope[1:]):
        for dim in names().level1:
            if dim in part:
                return dim
    return None


def _id_prefix(scope: tuple[str, ...]) -> str:
    if scope[0] == "引言":
        return "intro"
    if scope[0] == ABOUT_SECTION:
        return "about"
    chapter = _CHAPTER.match(scope[0])
    prefix = f"s{_numeral(chapter.group(1))}"
    if len(scope) > 1 and (section := _SECTION.match(scope[1])):
        prefix += f".{_numeral(section.group(1))}"
    return prefix


def build_passages(text: str | None = None) -> list[dict]:
    """All passages of the report, in reading order, with id, city, section, dimension, kind, page, text."""
    text = REPORT_PATH.read_text(encoding="utf-8") if text is None else text
    blocks = _size(read_blocks(text))
    counters: dict[str, int] = {}
    passages = []
    for block in blocks:
        prefix = _id_prefix(block.scope)
        counters[prefix] = counters.get(prefix, 0) + 1
        passages.append(
            {
                "id": f"{prefix}-p{counters[prefix]:02d}",
                "city": _city_of(block.scope, block.text),
                "section": " > ".join(block.scope),
                "dimension": _dimension_of(block.scope),
                "kind": block.kind,
                "page": block.page,
                "text": block.text,
            }
        )
    return passages


def index_text(passage: dict) -> str:
    """What search engines index: the heading path (without its numbering) then the text.

    The second half of a split paragraph, or a table row, often names neither the city nor the dimension;
    its headings do.
    """
    parts = [
        re.sub(rf"^(?:[{_NUMERALS}]+、|\([{_NUMERALS}]+\) )", "", s) for s in passage["section"].split(" > ")
    ]
    return " > ".join(parts) + "\n" + passage["text"]


def to_jsonl(passages: list[dict]) -> str:
    return "".join(json.dumps(p, ensure_ascii=False) + "\n" for p in passages)


@lru_cache(maxsize=1)
def load_passages() -> list[dict]:
    """The committed passages (cached): what the index and BM25 are built from."""
    with PASSAGES_PATH.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def passages_hash(passages: list[dict]) -> str:
    """Content hash of a passage list, so any change to ids, text or metadata forces a re-index."""
    return hashlib.sha256(to_jsonl(passages).encode("utf-8")).hexdigest()[:16]


@lru_cache(maxsize=1)
def corpus_hash() -> str:
    return passages_hash(load_passages())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m assistant.retrieval.passages", description=__doc__.splitlines()[0]
    )
    parser.add_argument("--check", action="store_true", help="exit 1 if corpus/passages.jsonl is stale")
    args = parser.parse_args(argv)
    expected = to_jsonl(build_passages())
    name = PASSAGES_PATH.relative_to(PROJECT_ROOT)
    count = expected.count("\n")
    if args.check:
        current = PASSAGES_PATH.read_text(encoding="utf-8") if PASSAGES_PATH.exists() else ""
        if current != expected:
            print(
                f"{name} is out of date with corpus/report.md; "
                "run `python -m assistant.retrieval.passages` and commit the result.",
                file=sys.stderr,
            )
            return 1
        print(f"{name} is up to date ({count} passages).")
        return 0
    PASSAGES_PATH.write_text(expected, encoding="utf-8")
    print(f"wrote {count} passages to {name}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
