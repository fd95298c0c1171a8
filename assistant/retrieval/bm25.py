"""Lexical retrieval over the passages: BM25 with Chinese-aware tokenisation.

BM25 is the half of hybrid search that needs no model and no store, so it is also the fallback when Chroma is
unreachable. Two tokenisations are offered because neither is obviously better for short Chinese questions:
characters plus bigrams (no dictionary, robust to unknown names) and jieba words (fewer, more meaningful
terms). benchmarks/retrieval_bench.py measures both; DEFAULT_TOKENIZER is the winner.
"""

from __future__ import annotations

import logging
import re
import tempfile
from collections.abc import Callable, Iterable
from functools import lru_cache
from pathlib import Path

import numpy as np
from rank_bm25 import BM25Okapi

from assistant.config import Settings
from assistant.retrieval.passages import index_text
from index_core.vocabulary import names

TOKENIZERS = ("bigram", "jieba")
DEFAULT_TOKENIZER = "jieba"  # higher hybrid recall@5 and BM25 MRR in the benchmark; see README table

_CJK_RUN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+")
_LATIN = re.compile(r"[a-z]+|\d+(?:\.\d+)?")
_ZH_STOP = set(
    "的 了 是 在 和 与 及 有 哪 些 什 么 怎 样 如 何 吗 呢 吧 啊 请 问 多 少 几 个 这 那 其 各 对 中 为 从"
    " 把 被 都 也 就 哪些 什么 怎么 怎么样 如何 多少 哪个 哪里 是否 有没有 请问 一下 介绍 情况 方面 报告"
    " 提到 说 关于 主要".split()
)
_EN_STOP = set(
    "a an the of in on at to for from by with and or is are was were be been does do did what which who"
    " whom how why when where that this these those it its their there about tell me give list show any some"
    " has have report say says said according city cities".split()
)
# The report's recurring vocabulary in English -> its Chinese terms, so English questions can match Chinese
# passages lexically. Keys are lower-case stems matched at a word start ("patent" also matches "patents").
# General report vocabulary (indicator names, institutions, money, rankings), not answers to particular questions.
# The English names of the first- and second-level indicators come from data/indicators.csv; the words typed
# here are other ways to say them and the rest of the report's vocabulary.
EN_TERMS: dict[str, str] = {
    **{en.lower(): zh for i in names().indicators for zh, en in ((i.level1, i.level1_en), (i.level2, i.level2_en))},
    "environmental support": "环境支撑力", "development outcome": "发展成效", "development result": "发展成效",
    "organizational environment": "组织环境", "research result": "科研成果", "industry chain": "产业链",
    "industrial chain": "产业链", "coverage": "覆盖度", "indicator": "指标", "method": "方法", "weight": "权重",
    "sample": "样本", "data source": "数据来源", "rank": "排名", "score": "得分", "polic": "政策",
    "regulation": "条例", "plan": "规划 计划 方案", "measures": "措施", "r&d": "研发",
    "research and development": "研发", "patent": "专利", "invention": "发明", "universit": "高校 大学",
    "college": "高校 学院", "major": "专业", "discipline": "学科", "talent": "人才", "scholar": "学者",
    "researcher": "人才 学者", "unicorn": "独角兽", "listed compan": "上市企业", "compan": "企业 公司",
    "enterprise": "企业", "firm": "企业", "invest": "投资", "financ": "融资", "raised": "融资",
    "venture capital": "风投 投资", "fund": "资金 基金", "incubator": "孵化器", "maker space": "众创空间",
    "park": "园区 产业园", "carrier": "载体", "pilot zone": "试验区", "pilot area": "先导区",
    "open innovation platform": "开放创新平台", "innovation platform": "创新平台", "innovation cent": "创新中心", "institute": "研究院",
    "laborator": "实验室", "lab": "实验室", "research institution": "研究机构", "industry association": "协会",
    "industry organi": "行业组织", "alliance": "联盟", "computing power": "算力", "compute": "算力",
    "computing": "计算 算力", "supercomput": "超算 超级计算", "data cent": "数据中心",
    "scale": "规模", "how big": "规模", "size": "规模", "output value": "产值", "revenue": "营收",
    "application scenario": "应用场景", "scenario": "场景", "education": "教育", "headquarter": "总部",
    "reward": "奖励", "subsid": "补助 补贴", "recommend": "建议", "suggest": "建议", "advice": "建议",
    "energy": "能耗", "infrastructure": "基础设施", "valuation": "估值", "valued": "估值",
    "autonomous driving": "自动驾驶", "self-driving": "自动驾驶", "chip": "芯片", "robot": "机器人",
    "smart manufacturing": "智能制造", "intelligent manufacturing": "智能制造", "big data": "大数据",
    "cloud": "云计算", "digital economy": "数字经济", "growth": "增长", "share": "占比 比重",
    "proportion": "占比 比重", "percentage": "占比", "first": "第一", "gdp": "GDP 地区生产总值", "prefecture-level": "地级市", "prefecture level": "地级市", "local regulation": "地方性法规", "pengcheng": "鹏城", "cloud brain": "云脑", "city brain": "城市大脑", "biomedic": "生物医药", "integrated circuit": "集成电路", "chips": "集成电路 芯片",
}  # fmt: skip

# The 20 sample cities (short Chinese names), for modules that import them from here.
SAMPLE_CITIES: tuple[str, ...] = names().sample


@lru_cache(maxsize=1)
def city_aliases() -> dict[str, str]:
    """Lower-case other name (English, nickname) -> short Chinese city name, from data/cities.csv.

    Names that contain the short name (北京市) are found as the short name; one-character abbreviations
    (京 / 沪) are too ambiguous in text.
    """
    return {
        form.lower(): c.city
        for c in names().cities
        for form in c.forms
        if len(form) >= 2 and c.city not in form
    }


@lru_cache(maxsize=1)
def _city_pattern() -> re.Pattern[str]:
    """Short names and aliases, longest first; a Latin-script name only as a whole word."""
    forms = sorted([*SAMPLE_CITIES, *city_aliases()], key=len, reverse=True)
    return re.compile(
        "|".join(rf"(?<![a-z]){re.escape(f)}(?![a-z])" if f.isascii() else re.escape(f) for f in forms)
    )


def cities_in(text: str) -> list[str]:
    """Sample cities a question names, in order, in Chinese, English or by nickname (Suzhou, 魔都 -> 上海)."""
    found = [city_aliases().get(m.group(0), m.group(0)) for m in _city_pattern().finditer(text.lower())]
    return list(dict.fromkeys(found))


@lru_cache(maxsize=1)
def _term_pattern() -> re.Pattern[str]:
    keys = sorted(EN_TERMS, key=len, reverse=True)
    return re.compile(r"(?<![a-z])(?:" + "|".join(re.escape(k) for k in keys) + ")")


def english_terms(query: str) -> list[str]:
    """Chinese report terms for the English words of a query (empty for a Chinese query)."""
    terms: list[str] = []
    for m in _term_pattern().finditer(query.lower()):
        terms += EN_TERMS[m.group(0)].split()
    return list(dict.fromkeys(terms))


def expand_query(query: str) -> str:
    """Append the Chinese names of cities and terms the query says in English (or by nickname)."""
    extra = [c for c in cities_in(query) if c not in query] + english_terms(query)
    return " ".join([query, *dict.fromkeys(extra)]) if extra else query


def _latin_tokens(text: str) -> list[str]:
    return [t for t in _LATIN.findall(text.lower()) if t not in _EN_STOP]


def bigram_tokens(text: str) -> list[str]:
    """Each Chinese character and each adjacent pair; Latin words and numbers lower-cased."""
    tokens: list[str] = []
    for run in _CJK_RUN.findall(text):
        chars = [c for c in run]
        tokens += [c for c in chars if c not in _ZH_STOP]
        tokens += [a + b for a, b in zip(chars, chars[1:], strict=False)]
    return tokens + _latin_tokens(text)


def jieba_dir(settings: Settings | None = None) -> Path:
    """Where jieba caches its prefix dictionary: the project home, so it is built once, not per process."""
    home = (settings or Settings.from_env()).home
    path = home / "jieba"
    try:
        path.mkdir(parents=True, exist_ok=True)
        return path
    except OSError:
        return Path(tempfile.gettempdir())


def user_words() -> list[str]:
    """Words jieba must keep whole: city names and first- and second-level indicator names (from data/)."""
    n = names()
    words = [*n.sample, *(c.full_name for c in n.cities), *n.level1, *n.level2]
    words += ["人工智能" + d for d in n.level1] + ["算力", "超算", "独角兽", "发明专利", "试验区", "先导区"]
    words += defined_abbreviations()
    return list(dict.fromkeys(words))


@lru_cache(maxsize=1)
def defined_abbreviations() -> tuple[str, ...]:
    """Short names the report defines for itself ("以下简称“上奇数科”"): kept whole, as the report uses them."""
    try:
        from index_core.report import load_report

        corpus = load_report().corpus
    except Exception:  # the report's tables unreadable: the tokenizer still works without these
        return ()
    return tuple(dict.fromkeys(re.findall(r"简称[“\"]([^”\"]{2,12})[”\"]", corpus)))


@lru_cache(maxsize=1)
def abbreviation_expansions() -> dict[str, tuple[str, ...]]:
    """Each short name the report defines, with the full name it stands for ("上奇数科" -> "北京上奇数字科技有限公司"),
    read from the report's own "X(以下简称“Y”)": a question may use either, the report's sentences use both."""
    try:
        from index_core.report import load_report

        corpus = load_report().corpus
    except Exception:  # the report's tables unreadable: no expansions
        return {}
    found: dict[str, list[str]] = {}
    pattern = r"([\u4e00-\u9fffA-Za-z0-9]{2,30})\s*[(（]\s*(?:以下)?简称\s*[“\"]([^”\"]{2,12})[”\"]"
    for run, short in re.findall(pattern, corpus):
        # the name is the shortest tail of the run that spells the short name in order (数据主要来源于北京上奇数字科技
        # 有限公司 -> 上奇数字科技有限公司): the words before it are the sentence, not the name
        for start in range(len(run) - len(short), -1, -1):
            tail = iter(run[start:])
            if run[start] == short[0] and all(ch in tail for ch in short):
                if run[start:] != short:
                    found.setdefault(short, []).append(run[start:])
                break
    return {k: tuple(dict.fromkeys(v)) for k, v in found.items()}


@lru_cache(maxsize=4)
def _jieba(cache_dir: str):
    import jieba

    jieba.setLogLevel(logging.WARNING)  # no "Building prefix dict..." chatter on stderr
    tokenizer = jieba.Tokenizer()
    tokenizer.tmp_dir = cache_dir
    tokenizer.initialize()
    for word in user_words():
        tokenizer.add_word(word, freq=200000)
    return tokenizer


def jieba_tokenizer(settings: Settings | None = None) -> Callable[[str], list[str]]:
    tokenizer = _jieba(str(jieba_dir(settings)))

    def tokens(text: str) -> list[str]:
        out: list[str] = []
        for run in _CJK_RUN.findall(text):
            out += [w for w in tokenizer.lcut_for_search(run) if w not in _ZH_STOP]
        return out + _latin_tokens(text)

    return tokens


def make_tokenizer(
    name: str = DEFAULT_TOKENIZER, settings: Settings | None = None
) -> Callable[[str], list[str]]:
    if name == "bigram":
        return bigram_tokens
    if name == "jieba":
        return jieba_tokenizer(settings)
    raise ValueError(f"unknown tokenizer {name!r}; choose one of {TOKENIZERS}")


class BM25Index:
    """BM25 over passages (heading context + text); search returns (passage index, score) best first."""

    def __init__(
        self, passages: list[dict], tokenizer: str = DEFAULT_TOKENIZER, settings: Settings | None = None
    ):
        self.passages = passages
        self.tokenizer_name = tokenizer
        self._tokens = make_tokenizer(tokenizer, settings)
        self._bm25 = BM25Okapi([self._tokens(index_text(p)) for p in passages])

    def search(
        self, query: str, k: int = 20, allowed: Iterable[int] | None = None
    ) -> list[tuple[int, float]]:
        terms = self._tokens(expand_query(query))
        if not terms:
            return []
        scores = self._bm25.get_scores(terms)
        if allowed is not None:
            mask = np.full(len(scores), -np.inf)
            idx = list(allowed)
            mask[idx] = scores[idx]
            scores = mask
        order = np.argsort(-scores, kind="stable")[:k]
        return [(int(i), float(scores[i])) for i in order if np.isfinite(scores[i]) and scores[i] > 0]
