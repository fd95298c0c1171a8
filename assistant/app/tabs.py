"""The tabs beside the chat: rankings, city profile, policy library, what-if weights.

Each builder lays out its components and wires its own events; the data comes from `views`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import gradio as gr

from assistant.app import views
from assistant.app.render import write_csv
from assistant.app.tables import table_html
from index_core import domain
from index_core.dimensions import FIRST_LEVEL
from index_core.engine import whatif
from index_core.report import Report

_PRIVATE = {"api_visibility": "private"}
SORT_HINT = "点击表头排序 click a header to sort"


def html_box(elem_id: str, value: str = "", visible: bool = True) -> gr.HTML:
    """A table (or text) rendered by us: escaped HTML, no Gradio click wiring."""
    return gr.HTML(value, elem_id=elem_id, visible=visible, padding=False, js_on_load=None)


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
            gr.Markdown("#### 表2 总体指数排名 Table 2: overall and first-level ranks")
            html_box(
                "ranking-table-box",
                table_html(
                    views.ranking_view(report), elem_id="ranking-table", caption=SORT_HINT, max_height=760
                ),
            )
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
    subranks, facts = views.profile_subranks_view(profile), views.profile_facts_view(profile)
    policies = views.policy_view(profile.policies)
    timeline = views.policy_timeline(profile.policies, f"{profile.city}人工智能政策时间线")
    missing = [
        name
        for name, table in (("二级指标名次", subranks), ("具体数据", facts), ("政策表", policies))
        if not table.rows
    ]
    note = f"报告没有给出{profile.city}的{'、'.join(missing)}。" if missing else ""

    def box(table, elem_id: str, caption: str, height: int = 420):
        html = table_html(table, elem_id=elem_id, caption=f"{caption} · {SORT_HINT}", max_height=height)
        return gr.update(value=html, visible=bool(table.rows))

    return (
        views.profile_header(profile),
        views.profile_radar(profile),
        table_html(
            views.profile_ranks_view(profile), elem_id="profile-ranks-table", caption="名次与得分 Ranks (表2)"
        ),
        box(subranks, "profile-subranks-table", "二级指标名次 Second-level placings", 320),
        box(facts, "profile-facts-table", "报告给出的数据 Facts stated in the report"),
        gr.update(value=timeline, visible=timeline is not None),
        box(policies, "profile-policies-table", "政策 Policies"),
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
            ranks = html_box("profile-ranks")
            subranks = html_box("profile-subranks")
    facts = html_box("profile-facts")
    timeline = gr.Plot(label="政策时间线 Policy timeline", elem_id="profile-timeline")
    policies = html_box("profile-policies")
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
    table = html_box("policy-table")
    timeline = gr.Plot(label="政策时间线 Policy timeline", elem_id="policy-timeline")

    def run(c: str, y: str, k: str) -> tuple:
        found = views.filter_policies(report, c, y, k)
        fig = views.policy_timeline(found, "政策时间线 Policy timeline")
        shown = table_html(
            views.policy_view(found),
            elem_id="policy-table-grid",
            caption=SORT_HINT,
            empty="没有符合条件的政策。 No policy matches.",
            max_height=560,
        )
        return views.policy_count(found), shown, gr.update(value=fig, visible=fig is not None)

    inputs, outputs = [city, year, keyword], [count, table, timeline]
    for trigger in (city.change, year.change, keyword.submit, keyword.change):
        trigger(run, inputs, outputs, trigger_mode="always_last", **_PRIVATE)
    return Loader(run, inputs, outputs)


def _whatif_outputs(report: Report, env: float, res: float, kno: float, out: float) -> tuple:
    weights = views.weights_of(env, res, kno, out)
    if sum(weights.values()) <= 0:  # nothing to rank: clear the old result rather than leave it standing
        return (
            views.weights_text(weights),
            gr.update(value="", visible=False),
            gr.update(value=None, visible=False),
            gr.update(value=None, visible=False),
        )
    result = whatif.what_if(report.rankings, weights)
    mc = whatif.monte_carlo(report.rankings, n=2000, noise=0.25, seed=0, weights=weights)
    caption = "近似名次 Approximate ranks（新名次 new · 等权 equal weights · 公布 published）· " + SORT_HINT
    return (
        views.weights_text(weights),
        gr.update(
            value=table_html(
                views.whatif_view(result), elem_id="whatif-grid", caption=caption, max_height=640
            ),
            visible=True,
        ),
        gr.update(value=views.polish(whatif.rank_shift_chart(result)), visible=True),
        gr.update(value=views.polish(whatif.rank_interval_chart(mc)), visible=True),
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
            table = html_box("whatif-table")
        with gr.Column(scale=1, min_width=300):
            shift = gr.Plot(label="名次变化 Rank shifts", elem_id="whatif-shift")
    interval = gr.Plot(label="排名稳定性 Monte Carlo rank intervals", elem_id="whatif-interval")
    outputs = [weights, table, shift, interval]

    def run(*values: float) -> tuple:
        return _whatif_outputs(report, *values)

    # One event for the four sliders: moved quickly, they re-rank once more with the latest weights, never
    # finishing out of order (four separate events could leave an older result standing).
    gr.on(
        [slider.change for slider in sliders],
        run,
        sliders,
        outputs,
        trigger_mode="always_last",
        show_progress="hidden",
        **_PRIVATE,
    )
    reset.click(lambda: [1, 1, 1, 1], None, sliders, **_PRIVATE)
    return Loader(run, sliders, outputs)
