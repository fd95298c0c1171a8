"""Every operation declared once: its composer, what it needs, whether the LLM may reword it, how ties break.

The parser consults `spec(op)` to keep only readings the question can support (a comparison needs two
cities); `compose` looks up the composer here. Adding a kind of question is one entry in OPERATIONS.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from assistant.understanding.query import Operation


@dataclass(frozen=True)
class OperationSpec:
    composer: str  # "module:function" under assistant.answers, imported on first use
    needs_city: bool = False  # one named (or carried-over) city at least
    needs_cities: int = 0  # at least this many cities (compare: 2)
    many_cities: bool = False  # answers for several cities at once (policies, facts, ranks)
    lists_cities: bool = False  # the answer is a list of cities: "它们" afterwards means those
    rewordable: bool = True  # the optional LLM may reword it (figures still verified)
    priority: int = 50  # ties between equally likely readings: lower wins
    label_zh: str = ""
    label_en: str = ""


Op = Operation
OPERATIONS: dict[Operation, OperationSpec] = {
    Op.EXPLAIN: OperationSpec(
        "explain:explain",
        needs_city=True,
        many_cities=True,
        priority=10,
        label_zh="排名原因",
        label_en="why it ranks there",
    ),
    Op.WHATIF: OperationSpec("whatif:whatif", priority=5, label_zh="权重模拟", label_en="what-if weights"),
    Op.STABILITY: OperationSpec(
        "whatif:stability", priority=6, label_zh="排名稳定性", label_en="rank stability"
    ),
    Op.ANALYTIC: OperationSpec(
        "analytic:analytic",
        lists_cities=True,
        priority=12,
        label_zh="表格分析",
        label_en="analysis over Table 2",
    ),
    Op.POLICIES: OperationSpec(
        "policies:policies", many_cities=True, priority=15, label_zh="政策", label_en="policies"
    ),
    Op.RECOMMENDATIONS: OperationSpec(
        "about:recommendations", priority=20, label_zh="报告建议", label_en="the report's recommendations"
    ),
    Op.INDICATORS: OperationSpec(
        "about:indicators", priority=21, label_zh="指标体系", label_en="the indicator system"
    ),
    Op.METHOD: OperationSpec(
        "about:method", priority=22, label_zh="研究方法与数据", label_en="method and data"
    ),
    Op.COMPARE: OperationSpec(
        "compare:compare",
        needs_cities=2,
        many_cities=True,
        priority=25,
        label_zh="城市对比",
        label_en="comparison",
    ),
    Op.FACT_MAX: OperationSpec(
        "facts:fact_max", lists_cities=True, priority=30, label_zh="数据排行", label_en="which city has most"
    ),
    Op.FACT: OperationSpec(
        "facts:fact", many_cities=True, priority=31, label_zh="报告数据", label_en="a figure"
    ),
    Op.PASSAGE: OperationSpec(
        "passage:passage_answer",
        many_cities=True,
        priority=32,
        label_zh="报告原文",
        label_en="the report's text",
    ),
    Op.TOP: OperationSpec(
        "ranks:top", lists_cities=True, priority=35, label_zh="排行榜", label_en="ranking list"
    ),
    Op.CITY_DIMENSION: OperationSpec(
        "ranks:city_dimension",
        needs_city=True,
        priority=40,
        label_zh="城市单项表现",
        label_en="a city on one dimension",
    ),
    Op.RANK: OperationSpec(
        "ranks:rank",
        needs_city=True,
        many_cities=True,
        priority=41,
        label_zh="排名与得分",
        label_en="rank and score",
    ),
    Op.PROFILE: OperationSpec(
        "ranks:profile", needs_city=True, priority=45, label_zh="城市概况", label_en="city overview"
    ),
    Op.HELP: OperationSpec("guard:help_reply", rewordable=False, priority=60),
    Op.CLARIFY: OperationSpec("clarify:clarify", rewordable=False, priority=70),
    Op.UNKNOWN: OperationSpec("guard:unknown", rewordable=False, priority=80),
    Op.INVALID: OperationSpec("guard:invalid", rewordable=False, priority=90),
}


def spec(op: Operation) -> OperationSpec:
    return OPERATIONS[op]


def composer(op: Operation) -> Callable:
    """The composer function for an operation (imported lazily: what-if pulls in the engine)."""
    from importlib import import_module

    module, _, name = OPERATIONS[op].composer.partition(":")
    return getattr(import_module(f"assistant.answers.{module}"), name)


def not_rewordable() -> set[str]:
    return {op.value for op, s in OPERATIONS.items() if not s.rewordable} | {"unknown_city", "error"}
