"""Replies for input the report cannot answer: empty, too long, injection, off-topic, unknown places, help."""

from __future__ import annotations

from assistant.answers.base import Context
from assistant.reply import Reply
from assistant.text import MAX_QUESTION_CHARS

EXAMPLES_ZH = [
    "为什么苏州排名第六？",
    "比较杭州和南京",
    "武汉有哪些人工智能政策？",
    "知识创造力前五名是哪些城市？",
    "北京AI独角兽数量",
    "指标体系是怎样的？",
]
EXAMPLES_EN = [
    "Why does Suzhou rank 6th?",
    "Compare Hangzhou and Nanjing",
    "What AI policies does Wuhan have?",
    "Top 5 cities in knowledge creation",
    "Which city has the highest GDP?",
    "How is the index calculated?",
]


def _examples(ctx: Context) -> str:
    items = EXAMPLES_EN if ctx.en else EXAMPLES_ZH
    return "\n".join(f"- {e}" for e in items)


def _sample(ctx: Context) -> str:
    return ctx.t("、", ", ").join(ctx.city(c) for c in ctx.report.sample)


def help_reply(ctx: Context, intent: str = "help") -> Reply:
    body = ctx.t(
        f"我回答关于《中国城市人工智能发展指数报告（2020-2021）》的问题：20个样本城市的排名与得分、排名原因、城市对比、政策、指标体系、研究方法和报告中的数据。所有数字都来自报告并注明出处。\n\n可以这样问：\n{_examples(ctx)}",
        f"I answer questions about the *China City AI Development Index Report (2020-2021)*: ranks and scores of its 20 sample cities, why a city ranks where it does, comparisons, policies, the indicator system, the method and the report's figures. Every number comes from the report, with its source.\n\nTry:\n{_examples(ctx)}",
    )
    return ctx.reply(intent, body)


def invalid(ctx: Context) -> Reply:
    problem = ctx.query.problem
    if problem == "empty":
        body = ctx.t(
            f"请输入一个问题。例如：\n{_examples(ctx)}",
            f"Please type a question. For example:\n{_examples(ctx)}",
        )
    elif problem == "too-long":
        body = ctx.t(
            f"问题太长了（超过{MAX_QUESTION_CHARS}字）。请用一两句话提问，例如：\n{_examples(ctx)}",
            f"That is too long (over {MAX_QUESTION_CHARS} characters). Please ask in a sentence or two, for example:\n{_examples(ctx)}",
        )
    elif problem == "injection":
        body = ctx.t(
            f"我只根据报告回答问题，不会改变规则、执行代码或读取文件。请问一个关于报告的问题，例如：\n{_examples(ctx)}",
            f"I only answer from the report; I don't change my rules, run code or read files. Ask me something about the report, for example:\n{_examples(ctx)}",
        )
    else:
        body = ctx.t(
            f"这个问题超出了报告的范围，我无法回答。我只能回答《中国城市人工智能发展指数报告（2020-2021）》中的内容，例如：\n{_examples(ctx)}",
            f"That is outside the report, so I cannot answer it. I can only answer from the *China City AI Development Index Report (2020-2021)*, for example:\n{_examples(ctx)}",
        )
    return ctx.reply("invalid", body)


def unknown_place(ctx: Context) -> Reply:
    places = ctx.t("、", ", ").join(ctx.query.unknown_places)
    body = ctx.t(
        f"**{places}不在报告的20个样本城市中**，报告没有关于它的排名或数据，我不做推测。\n\n样本城市：{_sample(ctx)}。",
        f"**{places} is not among the report's 20 sample cities**, so the report has no rank or figures for it, and I won't guess.\n\nSample cities: {_sample(ctx)}.",
    )
    return ctx.reply("unknown_city", body)


def unknown(ctx: Context) -> Reply:
    body = ctx.t(
        f"没太明白这个问题。我可以回答报告中的排名、原因、对比、政策、指标和数据，例如：\n{_examples(ctx)}",
        f"I didn't understand that. I can answer about the report's ranks, reasons, comparisons, policies, indicators and figures, for example:\n{_examples(ctx)}",
    )
    return ctx.reply("unknown", body)
