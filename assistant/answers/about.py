"""Questions about the report itself: the indicator system, the method, sample, data periods, publishers, advice."""

from __future__ import annotations

from assistant.answers.base import GROUPS_EN, Context
from assistant.answers.evidence import meta_phrase as _meta
from assistant.answers.evidence import unit_en
from assistant.reply import Reply
from index_core.dimensions import FIRST_LEVEL
from index_core.domain import indicator_tree


def indicators(ctx: Context) -> Reply:
    tree = indicator_tree(ctx.report)
    q = ctx.query
    d = q.dimension if q.dimension in FIRST_LEVEL else None
    shown = tree if d is None else tree[tree["level1"] == d.zh]
    under_named = d is not None and q.level2 in d.level2 and not q.level3
    if (
        q.level3 or q.level2
    ) and not under_named:  # one indicator asked about: its branch, not the whole tree
        # ("Under resource support, what are the second-level indicators, and how is computing power measured?":
        # the dimension's branch, which holds the indicator's own line)
        # (every second-level indicator named: "what sits under computing power support and carrier support?")
        named = (
            tree[(tree["level3"] == q.level3)]
            if q.level3
            else tree[tree["level2"].isin((q.level2, *q.more_level2))]
        )
        shown = named if not named.empty else shown
    marker = ctx.cites.cite_row(
        ctx.report.metadata[ctx.report.metadata["key"] == "indicator_counts"].iloc[0],
        label="indicator counts",
        table="metadata",
    )
    lines = [
        ctx.t(
            f"**指标体系**（表1）由4个一级指标、12个二级指标和23个三级指标组成{marker}，均为定量指标。",
            f"**The indicator system** (Table 1) has 4 first-level, 12 second-level and 23 third-level indicators{marker}, all quantitative.",
        )
    ]
    provenance = ctx.report.indicators.set_index("no")  # Table 1's rows with their section and quote
    for level1, group in shown.groupby("level1", sort=False):
        first = group.iloc[0]
        name = first.get("level1_en", level1) if ctx.en else level1
        lines.append(f"\n**{name}**")
        for level2, sub in group.groupby("level2", sort=False):
            l2 = sub.iloc[0].get("level2_en", level2) if ctx.en else level2
            items = []
            for _, row in sub.iterrows():
                marker = ctx.cites.cite_row(
                    provenance.loc[row["no"]].to_dict() | dict(row),
                    label=f"indicator {row['no']}",
                    value_column="level3",
                    table="indicators",
                )
                l3 = f"{row['level3_en']} ({row['level3']})" if ctx.en else row["level3"]
                items.append(f"{l3} [{unit_en(row['unit']) if ctx.en else row['unit']}]{marker}")
            lines.append(f"- {l2}{ctx.t('：', ': ')}" + ctx.t("；", "; ").join(items))
    lines.append(
        ctx.t(
            "\n报告没有公布各指标的权重，只说明“各指标的权重根据其相对重要性确定”。",
            "\nThe report does not publish the weights; it says only that each weight reflects the indicator's relative importance.",
        )
    )
    return ctx.reply("indicators", "\n".join(lines), table=shown.reset_index(drop=True))


def _profiled(ctx: Context) -> list[str]:
    """The cities chapter three profiles one by one (cities.csv `profiled`), in its order, each with its heading."""
    from assistant.answers.passage import report_sentences

    rows = ctx.report.cities[ctx.report.cities["profiled"] == "yes"]
    lines = [
        ctx.t(
            f"**报告第三章逐一分析了{len(rows)}个城市**（总排名前十），每个城市一节：",
            f"**Chapter three of the report profiles {len(rows)} cities one by one** (the overall top ten), a "
            "section each (headings quoted in Chinese):",
        )
    ]
    for i, row in enumerate(rows.itertuples(), 1):
        heading = str(row.profile_heading)
        section = next(
            (src.section for _, src in report_sentences() if src.section.endswith(heading)), heading
        )
        marker = ctx.cites.cite(
            section, heading, label=f"{row.city} 城市分析", city=str(row.city), table="cities"
        )
        lines.append(f"{i}. {ctx.city(str(row.city))}{ctx.t('：', ': ')}{heading}{marker}")
    return lines


def method(ctx: Context) -> Reply:
    aspects = ctx.query.aspects or ("method", "sample", "data", "publisher")
    lines: list[str] = []
    if "profiled" in aspects:
        lines += _profiled(ctx)
    if any(c.kind in ("sample_size", "beyond_sample") for c in ctx.query.claims) and "sample" not in aspects:
        aspects = ("sample", *aspects)  # (the stated size or place is corrected by the premise check)
    if "method" in aspects:
        lines.append(ctx.t("**研究方法**：", "**Method** (quoted in Chinese): ") + _meta(ctx, "method"))
        lines += [
            f"- {_meta(ctx, k)}" for k in ("method_description", "method_normalisation", "method_weights")
        ]
        # what the composite is built over: the indicator system's size and its four first-level indicators
        lines.append(
            ctx.t("- 指标体系：", "- Indicator system (quoted in Chinese): ")
            + _meta(ctx, "indicator_counts")
            + ctx.t("；一级指标：", "; first level: ")
            + _meta(ctx, "level1_indicators")
        )
        lines.append(
            ctx.t(
                "**报告没有公布具体的无量纲化方法和权重数值。**本助手可以按报告所述思路做近似重算（问“如果知识创造力权重加倍，苏州排第几？”），结果会标明是近似。",
                "**The report does not publish the exact normalisation or the weights.** This assistant can approximate what-if re-weightings from the published ranks (ask “If knowledge creation's weight doubled, where would Suzhou rank?”), clearly labelled as approximate.",
            )
        )
    if "sample" in aspects:
        table = ctx.report.cities
        for city in ctx.query.cities:
            # "青岛既不是试验区城市也不是省会，为啥会被选进样本？": the group the report drew it in as
            row = table[table["city"] == city]
            if row.empty:
                continue
            group = str(row.iloc[0]["category"])
            marker = ctx.cites.cite_row(
                row.iloc[0], label=f"{group} 样本分组", value_column="city", table="cities"
            )
            lines.append(
                ctx.t(
                    f"**{city}是作为{group}选入样本的**{marker}。",
                    f"**{ctx.city(city)} is in the sample as one of the report's {GROUPS_EN.get(group, group)}**{marker}.",
                )
            )
        lines.append(
            ctx.t("\n**样本**：", "\n**Sample**: ")
            + _meta(ctx, "sample_composition")
            + ctx.t("，共", ", in all ")
            + _meta(ctx, "sample_size", ctx.t("个城市", " cities"))
            + ctx.t("。", ".")
        )
        lines.append(ctx.t("选取原则：", "Selection: ") + _meta(ctx, "sample_selection_criteria"))
        for category, group in ctx.report.cities.groupby("category", sort=False):
            lines.append(
                f"- {ctx.t(category, f'{GROUPS_EN.get(category, category)} ({category})')}{ctx.t('：', ': ')}"
                + ctx.t("、", ", ").join(ctx.city(c) for c in group["city"])
            )
    if "data" in aspects:
        lines.append(
            ctx.t("\n**数据来源与时间**：", "\n**Data sources and periods**: ") + _meta(ctx, "data_sources")
        )
        lines.append(
            ctx.t(
                f"- PE/VC投融资数据：{_meta(ctx, 'pevc_period')}\n- 研发投入：{_meta(ctx, 'rd_period')}（2020年数据暂未披露）\n- 其余数据截止时间：{_meta(ctx, 'data_cutoff')}",
                f"- PE/VC investment data: {_meta(ctx, 'pevc_period')} (all of 2020)\n- R&D spending: {_meta(ctx, 'rd_period')} (2019 data; 2020 not yet published)\n- Everything else: cut-off {_meta(ctx, 'data_cutoff')} (June 2021)",
            )
        )
    if "indicator_type" in aspects:
        lines.append(
            ctx.t("\n**指标类型**：", "\n**Kind of indicators**: all quantitative (quoted in Chinese): ")
            + _meta(ctx, "indicator_type")
        )
    if "contact" in aspects:
        # the contact lines printed on the report's back page, under its two publishers
        lines.append(
            ctx.t(
                f"**报告封底的联系方式**（印在编写单位介绍之后）：\n- 地址：{_meta(ctx, 'address')}\n"
                f"- 电话：{_meta(ctx, 'phone')}\n- 传真：{_meta(ctx, 'fax')}",
                f"**Contact details on the report's back page** (printed after the publishers' descriptions):\n"
                f"- Address: {_meta(ctx, 'address')} (Mudan Chuangye Building, 2 Huayuan Road, Haidian District, "
                f"Beijing)\n- Phone: {_meta(ctx, 'phone')}\n- Fax: {_meta(ctx, 'fax')}",
            )
        )
    if "publisher" in aspects:
        published = ctx.report.meta("publication_month") or ""
        claimed = [int(c.value) for c in ctx.query.claims if c.kind == "year" and c.value is not None]
        if claimed and published and str(claimed[0]) not in published:
            # "这报告是2020年出的吧": the year stated for the report, checked against its publication date
            lines.insert(
                0,
                ctx.t(
                    f"**更正：报告发布于{_meta(ctx, 'publication_month')}，不是{claimed[0]}年**。",
                    f"**Correction: the report was published in {_meta(ctx, 'publication_month')}, not {claimed[0]}**.",
                ),
            )
        lines.append(ctx.t("\n**报告**：", "\n**The report**: ") + _meta(ctx, "title"))
        lines.append(
            ctx.t(
                f"- 发布单位：{_meta(ctx, 'publisher_1')}、{_meta(ctx, 'publisher_2')}\n- 发布时间：{_meta(ctx, 'publication_month')}",
                f"- Publishers: {_meta(ctx, 'publisher_1')} (New Generation AI Industry Technology Innovation Strategic Alliance) and {_meta(ctx, 'publisher_2')} (Beijing Shangqi Digital Technology)\n- Published: {_meta(ctx, 'publication_month')} (September 2021)",
            )
        )
        # who the publishers are, as the report's back page says ("who founded the alliance?", "上奇和智源什么关系")
        founder, entity, about, base = (
            _meta(ctx, "publisher_1_founder"),
            _meta(ctx, "publisher_1_legal_entity"),
            _meta(ctx, "publisher_2_description"),
            _meta(ctx, "publisher_1_built_on"),
        )
        if founder:
            on_zh = f"，在科技部试点联盟{base}的基础上" if base else ""
            on_en = (
                f", on the basis of the Ministry of Science and Technology's pilot alliance {base}"
                if base
                else ""
            )
            lines.append(
                ctx.t(
                    f"- 联盟由{founder}联合业内企业、高校、科研院所、投资机构等{on_zh}发起成立；法人实体：{entity}",
                    f"- The alliance was founded by {founder} (Peking University) with companies, universities, "
                    f"research institutes and investors{on_en}; legal entity: {entity}",
                )
            )
        if about:
            built = _meta(ctx, "publisher_2_built")
            made_zh = f"；研发了{built}" if built else ""
            made_en = (
                f"; it built {built} (the world's first “industry knowledge computing engine”)"
                if built
                else ""
            )
            lines.append(
                ctx.t(f"- 上奇数科：{about}{made_zh}", f"- Shangqi Digital Technology: {about}{made_en}")
            )
    return ctx.reply("method", "\n".join(lines))


def recommendations(ctx: Context) -> Reply:
    lines = [
        ctx.t(
            "**报告第四章“对城市发展人工智能的思考与建议”**",
            "**Chapter 4, “Thoughts and recommendations for cities developing AI”** (quoted in Chinese)",
        )
    ]
    lines.append(ctx.t("\n判断：", "\nFindings:"))
    lines += [f"- {_meta(ctx, f'finding_{i}')}" for i in (1, 2, 3, 4) if _meta(ctx, f"finding_{i}")]
    lines.append(ctx.t("\n建议：", "\nRecommendations:"))
    lines += [
        f"{i}. {_meta(ctx, f'recommendation_{i}')}" for i in (1, 2, 3) if _meta(ctx, f"recommendation_{i}")
    ]
    if ctx.en:
        lines.append(
            "\nIn short: cities that can should build computing-power infrastructure quickly, share it across regions and hours to avoid duplicate construction, and cut its carbon footprint through hardware innovation, clean energy and smart operations."
        )
    ctx.use(ctx.find_passages("对城市发展人工智能的思考与建议 算力 基础设施", k=2))
    return ctx.reply("recommendations", "\n".join(lines))
