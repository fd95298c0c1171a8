"""The tabs beside the chat: rankings, city profile, policy library, what-if weights.

Each builder lays out its components and wires its own events; the data comes from `views`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import gradio as gr

from assistant.app import views
from assistant.app.render import write_csv
from index_core import domain
from index_core.dimensions import FIRST_LEVEL
from index_core.engine import whatif
from index_core.report import Report

_PRIVATE = {"api_visibility": "private"}
POLICY_WIDTHS = ["8%", "12%", "28%", "36%", "16%"]  # city, date, title, summary, topics


@dataclass(frozen=True)
class Loader:
    """How to fill a tab when the page opens (its outputs start empty so start-up stays fast)."""

    fn: Callable[..., tuple]
    inputs: list
    outputs: list


def rankings_tab(report: Report) -> None:
    """Table 2 in full (sortable, downloadable) and the rank heat-map."""
    table = views.ranking_table(report)
    with gr.Row(equal_height=False):
        with gr.Column(scale=5, min_width=300):
            gr.Markdown(
                "#### 表2 总体指数排名 Table 2: overall and first-level ranks\n"
                "1 = 最好。点击表头可排序。 1 = best; click a header to sort."
            )
            gr.Dataframe(table, interactive=False, max_height=720, elem_id="ranking-table")
            gr.DownloadButton(
                "下载 CSV Download",
                value=write_csv(table, "table2"),
                size="sm",
                elem_id="ranking-csv",
            )
        with gr.Column(scale=4, min_width=300):
            gr.Plot(views.heatmap(report), label="排名热力图 Rank heat-map", elem_id="heatmap")


def _profile_outputs(report: Report, city: str) -> tuple:
    """Empty tables are hidden and named in one line instead, so a city outside the top ten reads cleanly."""
    profile = domain.city_profile(city, report)
    subranks, facts = views.profile_subranks(profile), views.profile_facts(profile)
    policies = views.policy_rows(profile.policies)
    timeline = views.policy_timeline(profile.policies, f"{profile.city}人工智能政策时间线")
    missing = [
        name
        for name, table in (("二级指标名次", subranks), ("具体数据", facts), ("政策表", policies))
        if table.empty
    ]
    note = f"报告没有给出{profile.city}的{'、'.join(missing)}。" if missing else ""
    return (
        views.profile_header(profile),
        views.profile_radar(profile),
        views.profile_ranks(profile),
        gr.update(value=subranks, visible=not subranks.empty),
        gr.update(value=facts, visible=not facts.empty),
        gr.update(value=timeline, visible=timeline is not None),
        gr.update(value=policies, visible=not policies.empty),
        gr.update(value=note, visible=bool(note)),
        views.profile_text_html(profile),
    )


def profile_tab(report: Report) -> Loader:
    """Dropdown of the 20 cities; radar, ranks, stated facts, policies and the report's own profile text."""
    choices = views.city_choices(report)
    first = choices[0][1]
    city = gr.Dropdown(choices, value=first, label="城市 City", elem_id="city-select", filterable=True)
    header = gr.Markdown(elem_id="profile-header")
    missing = gr.Markdown(visible=False, elem_id="profile-missing")
    with gr.Row(equal_height=False):
        with gr.Column(scale=1, min_width=300):
            radar = gr.Plot(label="一级指标排名雷达图 Rank radar", elem_id="profile-radar")
        with gr.Column(scale=1, min_width=300):
            ranks = gr.Dataframe(label="名次与得分 Ranks (表2)", interactive=False, elem_id="profile-ranks")
            subranks = gr.Dataframe(
                label="二级指标名次 Second-level placings",
                interactive=False,
                wrap=True,
                max_height=300,
                column_widths=["18%", "20%", "20%", "42%"],
                elem_id="profile-subranks",
            )
    facts = gr.Dataframe(
        label="报告给出的数据 Facts stated in the report",
        interactive=False,
        wrap=True,
        max_height=420,
        elem_id="profile-facts",
    )
    timeline = gr.Plot(label="政策时间线 Policy timeline", elem_id="profile-timeline")
    policies = gr.Dataframe(
        label="政策 Policies",
        interactive=False,
        wrap=True,
        max_height=420,
        column_widths=POLICY_WIDTHS,
        elem_id="profile-policies",
    )
    with gr.Accordion("报告原文 The report's profile text", open=False):
        text = gr.HTML(elem_id="profile-text")
    outputs = [header, radar, ranks, subranks, facts, timeline, policies, missing, text]

    def run(name: str) -> tuple:
        return _profile_outputs(report, name)

    city.change(run, city, outputs, **_PRIVATE)
    return Loader(run, [city], outputs)


def policies_tab(report: Report) -> Loader:
    """Filter Tables 3-12 by city, year and a keyword over title, summary and topics."""
    with gr.Row():
        city = gr.Dropdown(
            [views.ALL, *domain.policy_cities(report)],
            value=views.ALL,
            label="城市 City",
            min_width=140,
            elem_id="policy-city",
        )
        year = gr.Dropdown(
            views.policy_years(report),
            value=views.ALL,
            label="年份 Year",
            min_width=120,
            elem_id="policy-year",
        )
        keyword = gr.Textbox(
            label="关键词 Keyword",
            placeholder="如：算力、人才、场景 / e.g. 算力",
            min_width=180,
            elem_id="policy-keyword",
        )
    count = gr.Markdown(elem_classes="count-line", elem_id="policy-count")
    table = gr.Dataframe(
        interactive=False, wrap=True, max_height=560, column_widths=POLICY_WIDTHS, elem_id="policy-table"
    )
    timeline = gr.Plot(label="政策时间线 Policy timeline", elem_id="policy-timeline")

    def run(c: str, y: str, k: str) -> tuple:
        found = views.filter_policies(report, c, y, k)
        fig = views.policy_timeline(found, "政策时间线 Policy timeline")
        return (
            views.policy_count(found),
            views.policy_rows(found),
            gr.update(value=fig, visible=fig is not None),
        )

    inputs, outputs = [city, year, keyword], [count, table, timeline]
    for trigger in (city.change, year.change, keyword.submit, keyword.change):
        trigger(run, inputs, outputs, trigger_mode="always_last", **_PRIVATE)
    return Loader(run, inputs, outputs)


def _whatif_outputs(report: Report, env: float, res: float, kno: float, out: float) -> tuple:
    weights = views.weights_of(env, res, kno, out)
    if sum(weights.values()) <= 0:
        return views.weights_text(weights), gr.skip(), gr.skip(), gr.skip()
    result = whatif.what_if(report.rankings, weights)
    mc = whatif.monte_carlo(report.rankings, n=2000, noise=0.25, seed=0, weights=weights)
    return (
        views.weights_text(weights),
        views.whatif_table(result),
        whatif.rank_shift_chart(result),
        whatif.rank_interval_chart(mc),
    )


def whatif_tab(report: Report) -> Loader:
    """Four weight sliders re-rank live; the method is an approximation and says so with its fidelity."""
    gr.Markdown(views.fidelity_text(report), elem_classes="approx-note", elem_id="approx-note")
    sliders = []
    with gr.Row():
        for d in FIRST_LEVEL:  # in views.WEIGHT_KEYS order
            label = f"{d.zh} {d.en}"
            sliders.append(
                gr.Slider(0, 3, value=1, step=0.1, label=label, min_width=160, elem_id=f"w-{d.key}")
            )
    with gr.Row():
        weights = gr.Markdown(elem_id="weights-text")
        reset = gr.Button("恢复等权 Reset", size="sm", scale=0, min_width=120)
    with gr.Row(equal_height=False):
        with gr.Column(scale=1, min_width=300):
            table = gr.Dataframe(
                label="近似名次 Approximate ranks（新名次 new · 等权 equal weights · 公布 published · 变化 shift, + = 上升 up）",
                interactive=False,
                max_height=640,
                elem_id="whatif-table",
            )
        with gr.Column(scale=1, min_width=300):
            shift = gr.Plot(label="名次变化 Rank shifts", elem_id="whatif-shift")
    interval = gr.Plot(label="排名稳定性 Monte Carlo rank intervals", elem_id="whatif-interval")
    outputs = [weights, table, shift, interval]

    def run(*values: float) -> tuple:
        return _whatif_outputs(report, *values)

    for slider in sliders:
        slider.change(run, sliders, outputs, trigger_mode="always_last", show_progress="hidden", **_PRIVATE)
    reset.click(lambda: [1, 1, 1, 1], None, sliders, **_PRIVATE)
    return Loader(run, sliders, outputs)
