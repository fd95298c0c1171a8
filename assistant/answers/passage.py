"""Answers from the report's own sentences, for what its tables do not hold.

Platforms, computing centres, events and dates, companies and deals, incentive amounts, parks, universities,
method details and recommendations live in the report's prose. This composer finds the one or two report
sentences that answer the question and quotes them verbatim with section and page, the answering clause in
bold; when no sentence covers the question well enough (`MIN_SCORE`) it says the report does not state it.
It never writes a figure of its own: every number shown is inside a quoted sentence.

Scoring: candidate passages come from hybrid retrieval (`ctx.find_passages`); each is split into sentences
(table rows whole) and every sentence is scored by how much of the question's content it mentions:
IDF-weighted coverage of the content words (IDF over all report sentences), times how well it is about the
asked cities, times whether it holds the kind of thing asked (a date for "when", a figure for "how many"),
times whether it speaks of the year asked, times a mild length and retrieval-rank factor. The score is in
[0, 1]. `coverage_addendum` uses the same scoring to add the report's sentence to a structured answer that
leaves part of the question unaddressed.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache

from assistant.answers.base import Context
from assistant.answers.enumeration import listed_names
from assistant.reply import Reply, Source
from assistant.retrieval.bm25 import (
    EN_TERMS,
    SAMPLE_CITIES,
    abbreviation_expansions,
    city_aliases,
    english_terms,
)
from assistant.understanding.grammar import STATED_YEAR

# Below this score the report "does not state it". Chosen on tests/passage_questions.jsonl (84 answerable, 31
# not-in-report questions written from the report; `python tests/test_passage_answers.py` prints the sweep):
# at 0.55 precision 0.95, recall 0.99, 27 of 31 not-in-report questions rejected. Correct answers score 0.61 or
# more (most 1.0), rejected questions 0.48 or less; 0.55 sits in that gap.
MIN_SCORE = 0.55
# a part of a question asking two things: its own best sentence, which says one of its words
PART_MIN_SCORE = 0.35

CANDIDATES = 6  # passages per retrieval call
# A city-filtered best below this also searches the whole report (general passages name cities too).
CONFIDENT = 0.9
CONTEXT_WEIGHT = 0.5  # a follow-up's words from the previous question count half
RANK_WEIGHT = 0.15  # how much a passage's retrieval rank counts against the sentence's own coverage
SECOND_RATIO = 0.85  # a second sentence is shown only when nearly as good as the first

# Report vocabulary that the question may say another way. A content word matches a sentence when any of its
# forms occurs in it. General vocabulary only, not answers to particular questions.
_FUTURE = ("将建", "将打造", "将推动", "将加快", "将重点", "力争")
_ISSUE_WORDS = ("发布", "出台", "印发", "推出")  # a policy put out
ZH_FORMS: dict[str, tuple[str, ...]] = {
    "第一部": ("第一部", "首部"),
    "牵头": ("牵头", "建设", "支持"),
    "各自": ("各自", "分别"),
    "方向": ("方向", "领域"),
    "牵头的": ("牵头", "建设", "支持"),
    "第一批": ("第一批", "首批"),
    "首批": ("首批", "第一批"),
    "地级市": ("地级市",),
    "批复": ("批复", "获批", "批准"),
    "拿到": ("拿到", "获批", "获得"),
    "前十名": ("前十名", "前十", "前10", "十强"),
    "前十": ("前十", "前十名", "前10", "十强"),
    "ai": ("人工智能", "ai"),
    "人工智能": ("人工智能", "ai"),
    "超算": ("超算", "超级计算"),
    "超算中心": ("超算中心", "超级计算", "超级云计算中心"),
    "超级计算": ("超级计算", "超算"),
    "超级计算中心": ("超级计算中心", "超算中心", "超级计算", "超级云计算中心"),
    "gdp": ("gdp", "地区生产总值", "经济总量", "生产总值"),
    "地区生产总值": ("地区生产总值", "gdp", "经济总量"),
    "经济总量": ("经济总量", "gdp", "地区生产总值"),
    "研发": ("研发", "r&d"),
    "研发投入": ("研发投入", "研发经费", "r&d投入"),
    "研发经费": ("研发经费", "研发投入"),
    "r&d": ("r&d", "研发"),
    "大学": ("大学", "高校", "院校"),
    "高校": ("高校", "大学", "院校"),
    "院校": ("院校", "高校", "大学"),
    "公司": ("公司", "企业"),
    "企业": ("企业", "公司"),
    "投资": ("投资", "融资"),
    "融资": ("融资", "投资"),
    "投融资": ("投融资", "融资", "投资"),
    "成立": ("成立", "组建", "设立"),
    "建立": ("建立", "建设", "组建", "成立", "建成"),
    "建了": ("建了", "建设了", "建成", "共建"),
    "创立": ("创立", "成立", "组建"),
    "园区": ("园区", "产业园", "科技园"),
    "产业园": ("产业园", "园区"),
    "产业园区": ("产业园区", "产业园", "园区"),
    "孵化器": ("孵化器", "众创空间"),
    "专业": ("专业",),
    "学者": ("学者", "人才"),
    "奖励": ("奖励", "奖补", "补助", "补贴"),
    "补贴": ("补贴", "补助", "奖励"),
    "补助": ("补助", "补贴", "奖励"),
    "产值": ("产值", "产业规模", "营收"),
    "营收": ("营收", "产值"),
    "目标": ("目标", "力争", "到20"),
    "首个": ("首个", "首部", "第一个", "首批"),
    "第一个": ("第一个", "首个", "首部"),
    "首部": ("首部", "首个", "第一部"),
    "落户": ("落户", "迁入", "招引"),
    # words that ask for a kind of figure: a sentence holding one answers them
    "比例": ("比例", "%", "占比", "比重"),
    "比重": ("比重", "%", "占比", "比例"),
    "占比": ("占比", "%", "比重", "比例"),
    "金额": ("金额", "元"),
    "额度": ("额度", "元"),
    "分布": ("分布", "差距", "相差", "梯队", "阶梯", "下降"),
    "总榜": ("总榜", "总体", "总指数", "总排名"),
    # what a city does about something, asked in general words ("算力方面有什么布局"): what it built or pushes
    "布局": ("布局", "建成", "打造", "项目", "部署"),
    "名次": ("名次", "排名", "排第", "top", "第一", "第二", "第三", "冠军"),  # a place on a list, said as one
    "拉不开": ("相差不大", "差距"),
    "法规": ("法规", "条例"),
    "立法": ("立法", "法规", "条例"),
    "条例": ("条例", "法规"),
    "世界纪录": ("世界纪录", "纪录"),
    "代表性": ("代表性", "代表"),
    "算力": ("算力",),
    "计算中心": ("计算中心", "超算中心", "智算中心"),
    "统计时间": ("统计时间", "截止时间"),
    "截止": ("截止", "截至"),
    "截至": ("截至", "截止"),
    "建议": ("建议",),
    "在建": ("在建", "建设"),
    "级别": ("级别", "级"),
    "聚集": ("聚集", "集聚"),
    "集聚": ("集聚", "聚集"),
    "引进": ("引进", "引入", "招引"),
    "引入": ("引入", "引进"),
    "举办": ("举办", "办", "召开"),
    "办过": ("举办", "办"),
    "头部": ("头部", "排名前", "前六", "前三"),  # (head and tail of a ranking)
    "尾部": ("尾部", "排名后", "后六", "靠后"),
    "两头": ("两头", "排名前", "排名后", "前六", "后六"),
    "中间": ("中间", "居中"),
    "分差": ("分差", "分数相差", "相差"),
    "开设": ("开设", "设有", "设置", "开办", "新增备案"),
    "开办": ("开办", "开设", "设有", "设置"),
    "设有": ("设有", "设置", "开设"),
    # a plan is often told as what the city will do (将建立…, 力争…, 拟…)
    "规划": ("规划", "计划", *_FUTURE),
    "计划": ("计划", "规划", *_FUTURE),
    "打算": ("计划", "规划", *_FUTURE),
}

# English question words -> the report's Chinese terms (in addition to assistant.retrieval.bm25.EN_TERMS). Keys are
# lower-case stems matched at the start of a word ("universities" -> "universit").
EN_FORMS: dict[str, tuple[str, ...]] = {
    "draft": ("草案",),
    "mid-rank": ("居中",),
    "close in": ("相差不大",),
    "close together": ("相差不大",),
    "live": ("启动运行", "上线", "投入使用", "启动"),
    "river": ("江",),
    "bank": ("岸",),
    # policy content and the prose's things, in the words an English reader uses
    "action": ("行动",),
    "co-author": ("编写", "联合推出", "联合"),
    "author": ("编写", "撰写"),
    "featur": ("特色",),
    "flagship": ("代表", "标杆", "龙头"),
    "signature": ("特色", "代表"),
    "priorit": ("重点", "优先"),
    "task": ("任务",),
    "specific": ("具体",),
    "new-gen": ("新一代",),
    "next-gen": ("新一代",),
    "spatial": ("空间",),
    "scene": ("场景",),
    "implement": ("实施",),
    "award": ("奖励",),
    "laborator": ("实验室",),
    "semiconductor": ("芯片", "集成电路"),
    "robot": ("机器人",),
    "autonomous": ("自动驾驶", "智能驾驶", "无人驾驶"),
    "self-driving": ("自动驾驶", "智能驾驶", "无人驾驶"),
    "driverless": ("无人驾驶", "自动驾驶"),
    "speech": ("语音",),
    "voice": ("语音",),
    "vision": ("视觉",),
    "conference": ("大会", "会议"),
    "summit": ("峰会",),
    "forum": ("论坛",),
    "alliance": ("联盟",),
    "unicorn": ("独角兽",),
    "listed": ("上市",),
    "ipo": ("上市",),
    "revenue": ("营收", "收入", "产值"),
    "ecosystem": ("生态",),
    "supply chain": ("产业链",),
    "industrial chain": ("产业链",),
    "value chain": ("产业链",),
    "demonstration": ("示范",),
    "world record": ("世界纪录",),
    "legislat": ("立法", "法规", "条例"),
    "founded": ("成立", "创立"),
    "open source": ("开源",),
    "open-source": ("开源",),
    "large model": ("大模型",),
    "parameter": ("参数",),
    "incubat": ("孵化",),
    "maker": ("众创",),
    "computing power": ("算力",),
    "data centre": ("数据中心",),
    "data center": ("数据中心",),
    "medical": ("医疗",),
    "healthcare": ("医疗",),
    "finance": ("金融",),
    "transport": ("交通",),
    "smart city": ("智慧城市",),
    "core zone": ("核心区",),
    "key core": ("关键核心",),
    "core tech": ("核心技术",),
    "cap": ("最高", "不超过", "上限"),
    "ceiling": ("最高", "不超过", "上限"),
    "at most": ("最高", "不超过"),
    "growth rate": ("增速", "增长"),
    "fast": ("增速", "速度", "增长"),  # how fast it grew
    "core area": ("核心区",),
    "city brain": ("城市大脑",),
    "researcher": ("研究人员", "科研人员", "学者"),
    "research institute": ("研究机构", "研究院", "研究所", "研究中心", "实验室"),
    "research institution": ("研究机构", "科研机构", "研究院", "研究所"),
    "research center": ("研究中心", "研究机构"),
    "research centre": ("研究中心", "研究机构"),
    "institute": ("研究院", "研究所", "研究机构"),
    "patent": ("专利",),
    "paper": ("论文",),
    "publication": ("论文",),
    "platform": ("平台",),
    "field": ("领域",),
    "accelerat": ("加快", "加速"),
    "speeding up": ("加快", "加速"),
    "person-times": ("人次",),
    "basis": ("基础上", "基础"),
    "battle": ("攻坚战", "作战"),
    "high-end manufacturing": ("高端制造",),
    "built on": ("基础上",),
    "person-time": ("人次",),
    "specialt": ("特色",),
    "corridor": ("走廊",),
    "sci-tech": ("科创", "科技"),
    "centre": ("中心",),
    "center": ("中心",),
    "built": ("建成", "建设", "建立", "打造"),
    "build": ("建成", "建设", "建立", "打造"),
    "construct": ("建设", "建成"),
    "universit": ("大学", "高校"),
    "college": ("学院", "高校"),
    "school": ("学院", "高校"),
    "offer": ("设有", "设置", "设立"),
    "found": ("成立", "组建", "设立"),
    "establish": ("成立", "组建", "设立"),
    "set up": ("成立", "设立", "构建", "建立", "建设"),
    "sets": ("成立", "设立", "构建", "建立"),
    "system": ("体系", "系统"),
    "polic": ("政策", "方案", "措施", "意见", "规划", "计划", "条例", "办法"),
    "call for": ("推动", "提出", "要求", "加强"),
    "calls for": ("推动", "提出", "要求", "加强"),
    "stage": ("阶段",),
    "unveil": ("揭牌",),
    "inaugurat": ("揭牌",),
    "launch": ("启动", "发布", "揭牌"),
    "start": ("启动", "开始"),
    "release": ("发布",),
    "publish": ("发布", "出台"),
    "issue": ("发布", "出台"),
    "supercomput": ("超算", "超级计算"),
    "rate": ("增速", "增长率", "增幅", "比例"),
    "core": ("核", "核心"),
    "user": ("用户",),
    "record": ("纪录",),
    "world": ("世界", "全球"),
    "champion": ("冠军",),
    "model": ("模型",),
    "largest": ("最大",),
    "biggest": ("最大",),
    "highest": ("最高",),
    "maximum": ("最高",),
    "up to": ("最高",),
    "headquarter": ("总部",),
    "relocat": ("迁入", "落户"),
    "move": ("迁入",),
    "project": ("项目",),
    "investment": ("投资",),
    "total": ("总",),
    "key": ("重点", "关键"),
    "research": ("研究", "科研"),
    "association": ("协会",),
    "statistic": ("统计",),
    "cut-off": ("截止",),
    "deadline": ("截止",),
    "source": ("来源",),
    "normalis": ("无量纲化",),
    "normaliz": ("无量纲化",),
    "dimensionless": ("无量纲化",),
    "composite": ("综合指数",),
    "law": ("法规", "条例"),
    "legislation": ("法规", "条例"),
    "regulation": ("条例", "法规"),
    "expo": ("博览会",),
    "exhibition": ("博览会",),
    "fair": ("博览会",),
    "valuation": ("估值",),
    "valued": ("估值",),
    "worth": ("估值",),
    "masters": ("硕士",),
    "master's": ("硕士",),
    "graduate": ("研究生",),
    "student": ("研究生", "学生"),
    "recruit": ("招收",),
    "admit": ("招收",),
    "scholar": ("学者",),
    "influential": ("高影响力",),
    "energy": ("能耗", "能源"),
    "carbon": ("减碳",),
    "share": ("共享", "占比", "占", "比重", "%"),
    "percent": ("%", "占比"),
    "ratio": ("%", "比重", "占比", "比例"),
    "duplicat": ("重复建设",),
    "trillion": ("万亿",),
    "billion": ("亿",),
    "yuan": ("元",),
    "dollar": ("美元",),
    "usd": ("美元",),
    "firm": ("企业",),
    "compan": ("企业", "公司"),
    "enterprise": ("企业",),
    "startup": ("创业", "初创"),
    "start-up": ("创业", "初创"),
    "scenario": ("场景",),
    "application": ("应用",),
    "smart": ("智能", "智慧"),
    "intelligen": ("智能",),
    "driving": ("驾驶",),
    "pilot": ("先导区", "试验区"),
    "zone": ("试验区", "先导区", "区"),
    "district": ("区",),
    "town": ("小镇",),
    "chip": ("芯片",),
    "fund": ("基金", "资金"),
    "grant": ("补助", "奖励", "资金支持"),
    "incentive": ("奖励", "补助", "支持"),
    "high-end": ("高端",),
    "co-publish": ("联合发布", "联合", "发布"),
    "campaign": ("攻势", "作战"),
    "offensive": ("攻势",),
    "subsid": ("补助", "补贴"),
    "reward": ("奖励",),
    "deal": ("融资",),
    "round": ("轮",),
    "raise": ("融资",),
    "recommend": ("建议",),
    "push": ("推动", "加快", "布局"),
    "beijing academy of artificial intelligence": ("智源",),
    "suggest": ("建议",),
    "advice": ("建议",),
    "advise": ("建议",),
    "sample": ("样本",),
    "selected": ("筛选", "样本"),
    "chosen": ("筛选", "样本"),
    "method": ("方法",),
    "weight": ("权重",),
    "first": ("首个", "首部", "第一", "首批"),
    "ranking": ("排行榜", "榜单", "排名"),
    "list": ("名单", "榜单"),
    "national": ("国家", "全国"),
    "chinese": ("中国", "我国", "全国"),
    "china": ("中国", "我国", "全国"),
    "china's": ("中国", "我国"),
    "international": ("国际",),
    "global": ("全球",),
    "lead": ("领先", "龙头", "头部", "引领", "先导"),
    "landmark": ("地标",),
    "overall": ("总体", "总指数", "整体"),
    "drop": ("下降",),
    "declin": ("下降",),
    "steep": ("坡度", "明显"),
    "middle": ("居中", "中间"),
    "flat": ("较缓", "平缓", "不大"),
    "pattern": ("格局", "呈现", "特征"),
    "tier": ("梯队",),
    "distribut": ("分布", "差距", "相差", "梯队", "阶梯", "下降"),
    "echelon": ("梯队",),
    "differ": ("相差", "差距", "差异"),
    "link": ("环节",),  # links of the industry chain
    "cover": ("覆盖",),
    "fall": ("下降",),
    "tail off": ("下降", "较缓"),
    "taper": ("下降", "较缓"),
    "apart": ("相差", "差距"),  # "hard to tell apart": scores close together
    "gap": ("差距", "相差"),
    "widen": ("拉大", "扩大"),
    "warn": ("注意", "避免", "警惕"),
    "caution": ("注意", "避免", "警惕"),
    "build out": ("布局", "建设"),
    "address": ("地址",),
    "office": ("地址", "办公"),
    "fax": ("传真",),
    "phone": ("电话",),
    "telephone": ("电话",),
    "contact": ("联系", "电话", "地址"),
    "gather": ("聚集", "集聚"),
    "january": ("年1月", "年 1 月"),
    "february": ("年2月", "年 2 月"),
    "march": ("年3月", "年 3 月"),
    "april": ("年4月", "年 4 月"),
    "june": ("年6月", "年 6 月"),
    "july": ("年7月", "年 7 月"),
    "august": ("年8月", "年 8 月"),
    "september": ("年9月", "年 9 月"),
    "october": ("年10月", "年 10 月"),
    "november": ("年11月", "年 11 月"),
    "december": ("年12月", "年 12 月"),
    "artificial intelligence": ("人工智能",),
    "academy": ("研究院", "科学院"),
    "science": ("科学", "科技"),
    "general": ("通用",),
    "work plan": ("工作方案",),
    "public": ("公共",),
    "pioneer": ("率先", "首个", "先行"),
    "demonstrat": ("示范",),
    "cluster": ("集群", "集聚"),
    "digital": ("数字",),
    "new infrastructure": ("新基建", "新型基础设施"),
    "three-year": ("三年",),
    "promot": ("促进", "推动", "推进"),
    "angel": ("天使",),
    "valley": ("谷",),
    "layout": ("格局", "布局"),
    "framing": ("战略", "格局"),
    "strateg": ("战略",),
    "education": ("教育",),
    "opinion": ("意见",),
    "measures": ("措施",),
    "characteristic": ("特色",),
    "sector": ("领域", "产业"),
    "environment": ("环境",),
    "econom": ("经济",),
    "knowledge": ("知识",),
    "creation": ("创造",),
    "creativ": ("创造",),
    "reserve": ("储备",),
    "output": ("成果", "产出"),
    "outcome": ("成效",),
    "organi": ("组织",),
    "settl": ("落户", "迁入"),
    "locat": ("落户", "迁入"),
    "weak": ("短板", "较弱", "偏弱", "较低"),
    "talent": ("人才",),
    "funding": ("资金", "融资"),
    "financ": ("融资", "金融"),
    "institution": ("机构", "院所", "高校", "事业单位"),
    "aim": ("目标", "力争", "到20"),
    "goal": ("目标", "力争", "到20"),
    "target": ("目标", "围绕", "重点", "达到"),
    "new-generation": ("新一代",),
    "advanc": ("推进", "推动"),
    "contain": ("包括", "包含"),
    "include": ("包括", "包含"),
    "science park": ("科技园",),
    "industrial park": ("工业园区", "产业园"),
    "against the trend": ("逆势",),
    "grew": ("增长",),
    "grow": ("增长",),
    "large": ("规模",),
    "size": ("规模",),
    "scale": ("规模",),
    "big-name": ("知名", "龙头", "头部"),
    "well-known": ("知名",),
    "famous": ("知名",),
    "domestic": ("国内",),
    "provinc": ("省",),
    "municipal": ("市级",),
    "technolog": ("技术", "科技"),
    "tech": ("科技", "技术"),
    "innovat": ("创新",),
    "industr": ("产业",),
    "data": ("数据",),
    "use": ("采用", "使用"),
    "invest": ("投资", "投入"),
    "spend": ("投入", "经费"),
    "brain": ("脑",),
    "prefecture": ("地级市",),
    "action plan": ("行动计划",),
    "development": ("发展",),
    "put out": ("出台", "发布", "印发"),
    "new generation": ("新一代",),
    "implementation plan": ("实施方案",),
    "key project": ("重点项目",),
    "guideline": ("导则", "指导意见", "实施意见", "意见", "指南", "指引"),
    "measure": ("措施",),
    "shangqi": ("上奇",),
    "co-publisher": ("编写单位", "发布"),
    "csrankings": ("csrankings",),
    "edition": ("届",),
    "host": ("举办", "承办", "依托", "设有", "建设有", "拥有"),
    "area": ("方面", "领域", "片区", "区域"),
    "partner": ("合作", "联合", "开展"),
    "hardware": ("集群", "硬件", "芯片"),
    "fourth": ("第四",),
    "turing": ("图灵",),
    "themed": ("特色",),
    "representative": ("代表",),
    "direction": ("方向",),
    "zhejiang lab": ("之江实验室",),
    "average": ("平均",),
    "growth": ("增长", "增速"),
    "past three years": ("近三年",),
    "top ten": ("前十", "top10", "top 10"),
    "top 10": ("前十", "top10", "top 10"),
    "bring": ("引进", "招引"),
    "big": ("重大", "大型", "头部", "龙头", "规模"),  # (how big: the scale)
    "cloud brain": ("云脑",),
    "comput": ("算力", "超算"),
    "support": ("支持", "扶持"),
    "put": _ISSUE_WORDS,  # (put out, put forward: "out" is a stop word)
    "approv": ("批准", "获批", "批复"),
    "public comment": ("征求意见",),
    "local": ("地方",),
    "backed": ("支持", "孵化", "投资", "投资方"),
    "backs": ("支持", "孵化", "投资"),
    "run": ("建设", "运营", "承建", "负责"),
    "backer": ("支持", "孵化", "投资", "投资方"),
    "run by": ("建设", "运营", "承建"),
    "operat": ("运营", "建设"),
    "plan": ("规划", "计划", "方案", *_FUTURE),
    "major": ("专业",),
    "hq": ("总部",),
    "manufactur": ("制造",),
    "cash": ("奖励", "资金"),
    "bring in": ("引进", "招引"),
    "brought in": ("引进", "招引"),
    "attract": ("引进", "吸引", "招引", "聚集", "集聚"),
    "introduc": ("引进", "引入"),
    "open": ("投入使用", "开放", "启动"),
    # names the report uses, in their usual English spelling
    "pengcheng": ("鹏城",),
    "peng cheng": ("鹏城",),
    "zhejiang": ("浙江",),
    "zhijiang": ("之江",),
    "tsinghua": ("清华",),
    "peking university": ("北京大学",),
    "fudan": ("复旦",),
    "tongji": ("同济",),
    "jiao tong": ("交通大学", "交大"),
    "jiaotong": ("交通大学", "交大"),
    "sichuan": ("四川",),
    "wuhan university": ("武汉大学",),
    "huawei": ("华为",),
    "tencent": ("腾讯",),
    "sensetime": ("商汤",),
    "alibaba": ("阿里巴巴",),
    "baidu": ("百度",),
    "iflytek": ("科大讯飞",),
    "pony": ("小马智行",),
    "hikvision": ("海康威视",),
    "zte": ("中兴",),
    "dji": ("大疆",),
    "ping an": ("平安",),
    "jd.com": ("京东",),
    "megvii": ("旷视",),
    "yitu": ("依图",),
    "cambricon": ("寒武纪",),
    "ainnovation": ("创新奇智",),
    "didi": ("滴滴",),
    "lenovo": ("联想",),
    "haier": ("海尔",),
    "hisense": ("海信",),
    "wudao": ("悟道",),
    "zhongguancun": ("中关村",),
    "nansha": ("南沙",),
    "pazhou": ("琶洲",),
    "longhua": ("龙华",),
    "zhangjiang": ("张江",),
    "lingang": ("临港",),
    "baai": ("智源",),
    "zhiyuan": ("智源",),
}

# English words matched whole, not as a stem (month abbreviations: "mar" is not "market").
EN_EXACT: dict[str, tuple[str, ...]] = {
    "set": ("设立", "成立"),  # "set up" said as two words ("companies to set up there")
    "lab": ("实验室",),
    "labs": ("实验室",),
    "jan": ("年1月", "年 1 月"),
    "feb": ("年2月", "年 2 月"),
    "mar": ("年3月", "年 3 月"),
    "apr": ("年4月", "年 4 月"),
    "jun": ("年6月", "年 6 月"),
    "jul": ("年7月", "年 7 月"),
    "aug": ("年8月", "年 8 月"),
    "sep": ("年9月", "年 9 月"),
    "oct": ("年10月", "年 10 月"),
    "nov": ("年11月", "年 11 月"),
    "dec": ("年12月", "年 12 月"),
    "sept": ("年9月", "年 9 月"),
    "top": ("前", "top"),
    "bottom": ("后", "末"),
}

_CLASSIFIERS = "个家所名项笔次件位条届轮只款"
_CN_NUM = "一二三四五六七八九十百千万两几数"
# What a sentence must contain to answer an asked attribute.
ATTRIBUTE_PATTERNS: dict[str, re.Pattern[str]] = {
    "time": re.compile(r"\d{4}\s*年|\d{1,2}\s*月|\d{4}\s*[至-]\s*\d{4}|近\s*\d+\s*年|截至|截止"),
    # a figure that is not a date (27万核, 1000P, 三万个, 15.72%)
    "count": re.compile(
        rf"\d+(?:\.\d+)?(?![\d.]*\s*[年月日号])|(?<![第{_CN_NUM}])[{_CN_NUM}]+\s*(?:[{_CLASSIFIERS}大]|人次)"
    ),
    "amount": re.compile(
        r"\d+(?:\.\d+)?\s*(?:余|多)?\s*(?:万亿|千万|百万|亿|万)?\s*(?:元|美元|人民币)|\d+(?:\.\d+)?\s*(?:亿|万)"
        r"|[千百数]万元|近亿元|[一二两三四五六七八九十]+亿"
    ),
    "name": re.compile(
        r"《[^》]+》|“[^”]+”|[A-Za-z][A-Za-z0-9]+|\S{2,}(?:中心|研究院|实验室|平台|公司|联盟|协会|园区|大学)"
    ),
}
_BOLDABLE = ("time", "count", "amount", "name")
_YEAR = re.compile(r"^(?:19|20)\d{2}$")

_SENTENCE_END = re.compile(r"(?<=[。；！？;!?])(?![”’」』）)])")
_CLAUSE = re.compile(r"(?<=[，,：:；;。！？!?])")
_MERGE_BELOW = 14  # a shorter piece ("人工智能资源支持力。") joins the sentence after it
_TABLE_KINDS = ("policy_table", "indicator_table", "ranking_table")
_CJK = re.compile(r"[\u3400-\u9fff]")

# Score factors (see the module docstring); tuned with MIN_SCORE on tests/passage_questions.jsonl.
GENERAL_FACTOR = 0.4  # a city's question, a sentence neither of that city's profile nor naming it
OTHER_CITY_FACTOR = 0.25  # a city's question, a sentence about another city
MISSING_ATTRIBUTE_FACTOR = 0.45  # "when" / "how many" / "how much" asked, no date / count / amount in it
OTHER_YEAR_FACTOR = 0.6  # a year asked, the sentence speaks of other years only
PARTIAL_CREDIT = 0.6  # a long word matched only through its parts (计算中心 -> 计算 + 中心)
ABSENT_WEIGHT = 1.5  # a word no report sentence contains, relative to the rarest word the report has
YEAR_WEIGHT = 0.5  # a year in the question qualifies it; OTHER_YEAR_FACTOR does the judging
# a Chinese word the report never uses but everyday Chinese uses a lot (起来, 意义, 成绩: jieba's dictionary counts
# it at least GENERAL_WORD_FREQ times) frames the question more than it names its subject: it weighs less
GENERAL_WORD_FREQ = 5000
GENERAL_ABSENT_WEIGHT = 0.8
UNKNOWN_ENGLISH_WEIGHT = 0.5  # an English word with no report term counts half the rarest word


@dataclass(frozen=True)
class SentenceHit:
    """One report sentence judged to answer the question: verbatim text, its passage, score, words it matched."""

    sentence: str
    source: Source
    score: float
    matched: tuple[str, ...]


# ---- the sentence index ---------------------------------------------------------------------------------


def split_sentences(text: str, kind: str = "prose") -> list[str]:
    """A passage's sentences, verbatim: table rows whole, prose cut after 。；！？ (and ; ! ?) and at line
    ends; a piece shorter than _MERGE_BELOW characters stays with the sentence after it."""
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    if kind in _TABLE_KINDS:
        return lines
    out: list[str] = []
    for line in lines:
        pieces = [p for p in _SENTENCE_END.split(line) if p.strip()]
        carry = ""
        for i, piece in enumerate(pieces):
            piece = carry + piece
            carry = ""
            if len(piece) < _MERGE_BELOW and i < len(pieces) - 1:
                carry = piece
                continue
            out.append(piece.strip())
    return out


@dataclass
class _SentenceIndex:
    sentences: list[str]  # lower-cased, for matching
    avg_len: float

    def __post_init__(self) -> None:
        self._df: dict[tuple[str, ...], int] = {}

    @property
    def n(self) -> int:
        return len(self.sentences)

    def df(self, forms: tuple[str, ...]) -> int:
        """How many report sentences contain any of the forms."""
        if forms not in self._df:
            self._df[forms] = sum(1 for s in self.sentences if any(f in s for f in forms))
        return self._df[forms]

    def idf(self, forms: tuple[str, ...]) -> float:
        df = self.df(forms)
        return math.log((self.n - df + 0.5) / (df + 0.5) + 1.0)

    @property
    def max_idf(self) -> float:
        return math.log((self.n + 0.5) / 0.5 + 1.0)


@lru_cache(maxsize=1)
def sentence_index() -> _SentenceIndex:
    """Every sentence of the report (from assistant.retrieval.passages.load_passages), built once."""
    from assistant.retrieval.passages import load_passages

    sentences = [
        s.lower() for p in load_passages() for s in split_sentences(p["text"], p.get("kind", "prose"))
    ]
    return _SentenceIndex(sentences, sum(map(len, sentences)) / max(1, len(sentences)))


# ---- the question's terms ----------------------------------------------------------------------------------


def _city_of_word(word: str) -> str | None:
    """The sample city a word names: 成都, chengdu, or a nickname (鹏城)."""
    if word in SAMPLE_CITIES:
        return word
    return city_aliases().get(word)


def _is_city_name(word: str) -> bool:
    """A word that only names a city (成都, chengdu): it sets the city filter, it is not a content term.
    Chinese nicknames the report uses as names (鹏城实验室) stay content terms too."""
    return word in SAMPLE_CITIES or (word.isascii() and word in city_aliases())


@lru_cache(maxsize=4096)
def forms_of(word: str) -> tuple[str, ...]:
    """The spellings a content word (or English phrase) may have in the report, lower-case: itself, ZH_FORMS,
    and for English the report's Chinese terms (assistant.retrieval.bm25.EN_TERMS, EN_FORMS)."""
    word = word.lower()
    forms = list(ZH_FORMS.get(word, ()))
    if word.isascii() and re.search(r"[a-z]", word):
        forms += english_terms(word)
        forms += EN_EXACT.get(word.rstrip("."), ())
        for stem, terms in EN_FORMS.items():
            if word.startswith(
                stem
            ):  # (not a regex per stem: hundreds of them would churn re's pattern cache)
                forms += terms
        forms = [f.lower() for f in forms]
        # The word itself only where the report uses it (gdp, pe/vc, atlas, hpc), not English prose.
        if sentence_index().df((word,)):
            forms.insert(0, word)
        elif not forms:
            forms += pinyin_names().get(word.replace("-", ""), ())  # houmo -> 后摩, futian -> 福田
        decade = re.fullmatch(r"((?:19|20)\d)0s", word)
        if decade:
            forms.append(decade.group(1))  # the 1970s -> 197x
        forms += _year_span_forms(word)
        if word in _NUMBER_WORDS:
            forms += [str(_NUMBER_WORDS[word]), _CN_DIGITS[_NUMBER_WORDS[word]]]  # four -> 4, 四
    else:
        forms.insert(0, word)
        forms += [
            full.lower() for full in abbreviation_expansions().get(word, ())
        ]  # 上奇数科 -> its full name
        forms += _year_span_forms(word)
    return tuple(dict.fromkeys(f for f in forms if f))


_NUMBER_WORDS = {
    w: i + 2
    for i, w in enumerate(
        "two three four five six seven eight nine ten eleven twelve thirteen fourteen".split()
    )
}
_CN_DIGITS = {i: c for i, c in enumerate("零一二三四五六七八九十", start=0)} | {
    11: "十一",
    12: "十二",
    13: "十三",
    14: "十四",
}
_YEAR_SPAN = re.compile(r"((?:19|20)\d{2})年?\s*(?:-|–|—|~|～|至|到|to)\s*((?:19|20)\d{2})年?")


def _year_span_forms(word: str) -> list[str]:
    """A span of years in any of the ways the report prints one (2010-2020, 2010至2020, 2019—2022)."""
    m = _YEAR_SPAN.fullmatch(word)
    if not m:
        return []
    a, b = m.groups()
    return [f"{a}{sep}{b}" for sep in ("-", "—", "至", "～", "年至", "年-")]


# A colloquial verb with a directional complement (批下来, 建起来, 搞出来): the report writes the verb's formal word
_COMPLEMENT = re.compile(r"^([\u3400-\u9fff]{1,2}?)(?:下来|起来|出来|下去|上来|过来|成了|好了|了)$")
_PLAIN_VERB: dict[str, tuple[str, ...]] = {
    "批": ("批准", "获批"),
    "建": ("建设", "建成", "建立"),
    "办": ("举办", "召开"),
    "搞": ("建设", "开展"),
    "开": ("开设", "开通", "召开"),
    "定": ("确定", "制定"),
    "发": ("发布", "印发"),
    "提": ("提出",),
    "立": ("成立", "设立"),
}


def _plain_verb_forms(word: str) -> tuple[str, ...]:
    """批下来 -> the report's words for 批 (批准, 获批); () for a word the report uses or no such verb."""
    m = _COMPLEMENT.match(word)
    if not m or sentence_index().df((word,)):
        return ()
    return _PLAIN_VERB.get(m.group(1), ())


_COMPANY_NAME = re.compile(r"([\u3400-\u9fff]{2,6}?)(?:智能|科技|公司|集团|信息|数科|实验室|研究院)")
PINYIN_MIN = 5  # shorter Latin words are too often English words that happen to spell a syllable pair


@lru_cache(maxsize=1)
def pinyin_names() -> dict[str, tuple[str, ...]]:
    """The report's Chinese words (2-4 characters) by their toneless pinyin, for names an English question spells
    in pinyin (Houmo AI, Futian District, Zhongguancun): 'houmo' -> ('后摩',)."""
    from pypinyin import lazy_pinyin

    from assistant.understanding.content import _jieba

    found: dict[str, set[str]] = {}
    tokens_seen: set[str] = set()
    for sentence in sentence_index().sentences:
        for run in re.findall(r"[\u3400-\u9fff]+", sentence):
            tokens = _jieba().lcut_for_search(run)
            # a place's proper name without its suffix (福田区 -> 福田: "Futian District")
            tokens += [t[:-1] for t in tokens if len(t) >= 3 and t[-1] in "区市县镇路街园谷湖山"]
            # a company's name before its kind (后摩智能 -> 后摩: "Houmo AI"), which jieba may cut apart
            for m in _COMPANY_NAME.finditer(run):
                tokens += [m.group(1)[-n:] for n in (2, 3, 4) if len(m.group(1)) >= n]
            for token in tokens:
                if 2 <= len(token) <= 4 and token not in tokens_seen:
                    tokens_seen.add(token)
                    spelled = "".join(lazy_pinyin(token))
                    if len(spelled) >= PINYIN_MIN:
                        found.setdefault(spelled, set()).add(token)
    return {k: tuple(sorted(v)) for k, v in found.items()}


@lru_cache(maxsize=4096)
def _sub_forms(word: str) -> tuple[str, ...]:
    """Shorter words inside a long Chinese word (计算中心 -> 计算, 中心), for partial credit."""
    if len(word) < 3 or not _CJK.search(word):
        return ()
    from assistant.understanding.content import _jieba

    subs = [s for s in _jieba().lcut_for_search(word) if len(s) >= 2 and s != word]
    return tuple(dict.fromkeys(subs))


@dataclass(frozen=True)
class _Term:
    word: str
    forms: tuple[str, ...]
    weight: float  # IDF; a word the report never uses weighs the most
    subs: tuple[tuple[str, float], ...] = ()  # partial forms with their IDF


@lru_cache(maxsize=1)
def _english_phrases() -> tuple[str, ...]:
    keys = [k for k in (*EN_TERMS, *EN_FORMS) if " " in k]
    return tuple(sorted(dict.fromkeys(keys), key=len, reverse=True))


@lru_cache(maxsize=1)
def _english_phrase_pattern() -> re.Pattern[str]:
    """All multi-word English terms in one pattern, longest first: compiled once (one pattern per phrase would
    crowd the re module's cache and be compiled again on every question)."""
    return re.compile("(?<![a-z])(?:" + "|".join(re.escape(p) for p in _english_phrases()) + ")")


def _english_phrase_terms(words: Sequence[str]) -> tuple[list[str], list[str]]:
    """Multi-word English terms (maker space, peking university) found in the words, and the words left."""
    text = " ".join(words)
    taken = [False] * len(text)
    phrases = []
    for m in _english_phrase_pattern().finditer(text):
        phrases.append(m.group(0))
        taken[m.start() : m.end()] = [True] * (m.end() - m.start())
    rest, pos = [], 0
    for word in words:
        if not any(taken[pos : pos + len(word)]):
            rest.append(word)
        pos += len(word) + 1
    return phrases, rest


def _located(word: str) -> str:
    """A Chinese word the report never uses, glued to a locative (科技园里 cut as 园里): the word without it."""
    if len(word) >= 2 and word[-1] in "里中内上" and _CJK.search(word) and not sentence_index().df((word,)):
        stem = word[:-1]
        if sentence_index().df((stem,)):
            return stem
    return word


def _everyday_word(word: str) -> bool:
    """A common word of everyday Chinese (jieba's dictionary frequency), not a name or a term of art."""
    from assistant.understanding.content import _jieba

    return bool(_CJK.search(word)) and _jieba().FREQ.get(word, 0) >= GENERAL_WORD_FREQ


def _terms(words: Sequence[str]) -> list[_Term]:
    """The content words as weighted terms (city names left out: they are the city filter)."""
    index = sentence_index()
    words = [w.lower() for w in words if w]
    english = bool(words) and not any(_CJK.search(w) for w in words)
    phrases, words = _english_phrase_terms(words) if english else ([], words)
    terms = []
    if english:
        # a hyphenated word the report has no term for is read as its parts (ai-themed -> ai, themed)
        words = [p for w in words for p in (w.split("-") if "-" in w and not forms_of(w) else [w]) if p]
    words = [_located(w) for w in words]
    for word in [*phrases, *words]:
        if _is_city_name(word) or (
            "-" in word and all(_is_city_name(part) for part in word.split("-") if part)
        ):
            continue  # (济南-青岛 / jinan-qingdao: two city names joined)
        forms = _plain_verb_forms(word) or forms_of(word)
        if forms and index.df(forms):
            weight = index.idf(forms)
        elif (english or word.isascii()) and not forms:
            # no report term for an English word (also in a question mixing scripts): unknown, not absent
            weight = UNKNOWN_ENGLISH_WEIGHT * index.max_idf
        elif _everyday_word(word):
            weight = GENERAL_ABSENT_WEIGHT * index.max_idf
        else:
            weight = ABSENT_WEIGHT * index.max_idf  # the report never says it: strong sign it does not answer
        if _YEAR.match(word):
            weight *= YEAR_WEIGHT  # a year qualifies the question; _year_factor judges other years
        subs = tuple((s, index.idf((s,))) for s in _sub_forms(word) if index.df((s,)))
        terms.append(_Term(word, forms, weight, subs))
    return terms


def _cities(words: Iterable[str], cities: Iterable[str]) -> tuple[str, ...]:
    found = [c for c in cities if c]
    found += [c for w in words if (c := _city_of_word(w.lower()))]
    return tuple(dict.fromkeys(found))


@dataclass(frozen=True)
class _Question:
    terms: tuple[_Term, ...]
    cities: tuple[str, ...]
    asked: tuple[str, ...]
    unit: str | None = None  # the counter asked for: 笔 in 多少笔
    years: tuple[str, ...] = ()
    policy_words: bool = False  # the question speaks of policies (policy table rows may answer it)


def _question(
    words: Sequence[str],
    cities: Sequence[str],
    asked: Sequence[str],
    unit: str | None = None,
    context: Sequence[str] = (),
) -> _Question:
    own = {w.lower() for w in words}
    extra = [
        replace(t, weight=CONTEXT_WEIGHT * t.weight)
        for t in _terms([w for w in context if w and w.lower() not in own])
    ]
    return _Question(
        terms=tuple(_terms(words)) + tuple(extra),
        cities=_cities(words, cities),
        asked=tuple(asked),
        unit=unit if "count" in asked else None,
        years=tuple(w for w in words if _YEAR.match(w)),
        policy_words=any(_POLICY_WORDS.search(w) for w in (*words, *context)),
    )


# ---- scoring ---------------------------------------------------------------------------------------------


_ISSUE_FORMS = frozenset(_ISSUE_WORDS)


HEADING_CREDIT = 0.6
_TAGLINE = re.compile(r"\([一二三四五六七八九十]+\)\s*[\u4e00-\u9fff]{2,3}：([^>]+)")


def _profile_tagline(section: str) -> str:
    """The headline of a top-10 city's profile in a section path ('(七) 武汉：落户支持力度强' -> '落户支持力度强')."""
    match = _TAGLINE.search(section or "")
    return match.group(1).strip() if match else ""


def _credit(term: _Term, sentence: str) -> float:
    """How much of a term's weight a sentence earns: all of it for any form, part of it for sub-words. A row of
    a policy table says the policy was issued (its date) without the word: 'issued' / 发布 is met there."""
    if any(f in sentence for f in term.forms):
        return term.weight
    if _ISSUE_FORMS & set(term.forms) and "《" in sentence and " | " in sentence:
        return term.weight
    if term.subs:
        total = sum(w for _, w in term.subs)
        got = sum(w for s, w in term.subs if s in sentence)
        return PARTIAL_CREDIT * term.weight * got / total if total else 0.0
    return 0.0


def _mentioned_cities(sentence: str) -> set[str]:
    text = sentence.replace("北京上奇数字科技有限公司", "")
    return {c for c in SAMPLE_CITIES if c in text}


def _city_factor(sentence: str, source: Source, cities: Sequence[str]) -> float:
    if not cities:
        return 1.0
    named = _mentioned_cities(sentence)
    if source.city in cities or named & set(cities):
        return 1.0
    if source.city is None and not named:
        return GENERAL_FACTOR  # a general statement (method, advice) rarely answers a city's question
    return OTHER_CITY_FACTOR


OTHER_CITY_MISSING_FACTOR = 0.6  # "which other city …" of a city, a sentence naming no other sample city


def _other_city_factor(sentence: str, q: _Question) -> float:
    """'Which other city shares that pilot zone with it?': the answer names a city besides the one asked about."""
    if "other_city" not in q.asked or not q.cities:
        return 1.0
    return 1.0 if _mentioned_cities(sentence) - set(q.cities) else OTHER_CITY_MISSING_FACTOR


def _holds(attribute: str, text: str, unit: str | None = None) -> bool:
    """Whether text holds the kind of value asked: a date, a figure (with the counter asked: 63名), an amount."""
    if attribute == "count" and unit and unit != "个":
        # a count, not an ordinal: "三届" answers "几届", "第四届" does not
        return (
            re.search(rf"(?<![第\d.{_CN_NUM}])(?:\d+(?:\.\d+)?|[{_CN_NUM}]+)\s*(?:余|多)?\s*{unit}", text)
            is not None
        )
    if attribute in ("time", "count"):
        # the years in a title ("（2019-2023年）") are neither when it was issued nor a count
        text = re.sub(r"《[^》]*》", "", text)
    pattern = ATTRIBUTE_PATTERNS.get(attribute)
    return bool(pattern and pattern.search(text))


CATEGORY_CREDIT = 0.5  # a category noun (企业, 高校) answered by names rather than said
_CATEGORY_NOUNS = {"企业", "公司", "高校", "大学", "机构", "平台", "园区", "项目"}
_MONEY = re.compile(
    r"投资|资金|钱|元|金额|经费|投入|invest|money|fund|cost|spend|yuan|dollar|cash|price|budget"
)


def _attribute_factor(sentence: str, q: _Question) -> float:
    wanted = [a for a in q.asked if a in ("time", "count", "amount")]
    if "particulars" in q.asked and not wanted:
        wanted = ["amount", "count"]  # "具体是怎么支持的": the sentence with the measure's figures
    if "amount" in wanted and not q.unit and not any(_MONEY.search(t.word) for t in q.terms):
        wanted.append("count")  # "how much compute": a figure (1000P) answers it; "总投资多少" wants money
    if not wanted or any(_holds(a, sentence, q.unit) for a in wanted):
        return 1.0
    if wanted == ["count"] and q.unit in (None, "个", "家", "所") and listed_names(sentence):
        return (
            1.0  # "上海有几个市级创新中心": a sentence naming them answers how many (counted in the answer)
        )
    return MISSING_ATTRIBUTE_FACTOR


def _year_factor(sentence: str, q: _Question) -> float:
    if not q.years or any(y in sentence for y in q.years):
        return 1.0
    return OTHER_YEAR_FACTOR if re.search(r"(?:19|20)\d{2}", sentence) else 1.0


POLICY_ROW_FACTOR = 0.9  # a policy table row answering a question that is not about policies
_POLICY_WORDS = re.compile(
    r"政策|措施|方案|计划|规划|意见|条例|通知|文件|polic|plan|measure|regulation|guideline|document"
)


def _policy_row_factor(sentence: str, q: _Question) -> float:
    """Policy rows are full of the report's general words; they answer questions about policies."""
    if "|" not in sentence or not re.match(r"\s*\d{4}年", sentence):
        return 1.0
    return 1.0 if q.policy_words else POLICY_ROW_FACTOR


def _length_factor(sentence: str) -> float:
    excess = max(0.0, len(sentence) / (2.0 * sentence_index().avg_len) - 1.0)
    return 1.0 / (1.0 + 0.15 * excess)


def _score(sentence: str, source: Source, q: _Question, rank: int = 0) -> tuple[float, tuple[str, ...]]:
    """(score in [0, 1], the content words the sentence matched)."""
    if not q.terms:
        return 0.0, ()
    lowered = sentence.lower()
    credits = [(t, _credit(t, lowered)) for t in q.terms]
    tagline = _profile_tagline(source.section) if "heading" in q.asked else ""
    if tagline:
        # "武汉那一节说它“落户支持力度强”，具体指什么": a word of the city's profile heading is what every sentence
        # of that profile is about, said or not
        credits = [(t, max(c, HEADING_CREDIT * t.weight) if _credit(t, tagline) else c) for t, c in credits]
    if {"which", "name"} & set(q.asked) and ATTRIBUTE_PATTERNS["name"].search(sentence):
        # "哪些企业 / which companies": a sentence naming them (科大讯飞、商汤科技…) answers the category word
        # without saying it
        credits = [
            (t, max(c, CATEGORY_CREDIT * t.weight) if set(t.forms) & _CATEGORY_NOUNS else c)
            for t, c in credits
        ]
    total = sum(t.weight for t in q.terms)
    coverage = sum(c for _, c in credits) / total if total else 0.0
    matched = tuple(t.word for t, c in credits if c >= 0.5 * t.weight)
    matched += tuple(c for c in q.cities if c in sentence or source.city == c)
    rank_factor = 1.0 - RANK_WEIGHT + RANK_WEIGHT / (1.0 + 0.5 * rank)
    score = (
        coverage
        * _city_factor(sentence, source, q.cities)
        * _other_city_factor(sentence, q)
        * _attribute_factor(sentence, q)
        * _year_factor(sentence, q)
        * _length_factor(sentence)
        * _policy_row_factor(sentence, q)
        * _definition_factor(lowered, q)
        * _reason_factor(sentence, q)
        * rank_factor
    )
    return round(score, 4), tuple(dict.fromkeys(matched))


DEFINITION_BOOST = (
    1.15  # "上奇数科是什么来头？": the sentence saying what it is ("北京上奇数字科技有限公司是…")
)
# asked in so many words ("一家什么样的公司", "what kind of company"): the words around the name describe it
# ("报告的联合发布方") rather than narrow the answer
DEFINE_BOOST = 2.0


REASON_BOOST = (
    1.15  # "why" asked: a sentence giving a cause or a consequence (因此…才能, 将会拉大…) answers it
)
_REASON = re.compile(r"因此|因为|由于|所以|从而|才能|将会|导致|使得|得益于")


def _reason_factor(sentence: str, q: _Question) -> float:
    return REASON_BOOST if "why" in q.asked and _REASON.search(sentence) else 1.0


def _largest_boost(q: _Question) -> float:
    """The most the boosting factors (_reason_factor, _definition_factor) can multiply a score by for `q`."""
    boost = REASON_BOOST if "why" in q.asked else 1.0
    if {"what", "who", "define"} & set(q.asked) and not {"time", "count", "amount"} & set(q.asked):
        boost *= max(DEFINE_BOOST, DEFINITION_BOOST)
    return boost


def _definition_factor(lowered: str, q: _Question) -> float:
    """A 'what / who is X' question prefers the sentence that opens with X and says what it is (X是… / X为…)."""
    if not {"what", "who", "define"} & set(q.asked) or {"time", "count", "amount"} & set(q.asked):
        return 1.0
    boost = DEFINE_BOOST if "define" in q.asked else DEFINITION_BOOST
    opening = lowered.lstrip('*“"「 ')
    for term in q.terms:
        for form in term.forms:
            at = opening.find(form)
            if len(form) >= 2 and 0 <= at <= 3:  # (a place before the name: 北京上奇数字科技有限公司是…)
                rest = opening[at + len(form) : at + len(form) + 24]
                if re.match(r"[^，。,；;]{0,20}?(?:是|为|系)", rest):
                    return boost
    return 1.0


def score_sentence(
    sentence: str,
    source: Source,
    words: Sequence[str],
    *,
    cities: Sequence[str] = (),
    asked: Sequence[str] = (),
    text: str = "",
    rank: int = 0,
) -> tuple[float, tuple[str, ...]]:
    """Score one sentence of `source` for a question's content words (as best_sentences does)."""
    return _score(sentence, source, _question_once(tuple(words), tuple(cities), tuple(asked), text), rank)


@lru_cache(maxsize=256)
def _question_once(
    words: tuple[str, ...], cities: tuple[str, ...], asked: tuple[str, ...], unit: str
) -> _Question:
    """The question's weighted terms, built once for the many sentences one answer scores against them."""
    return _question(words, cities, asked, unit)


def _dimension_name(dimension) -> str | None:
    if dimension is None:
        return None
    if isinstance(dimension, str):
        return dimension
    return None if getattr(dimension, "key", "") == "total" else getattr(dimension, "zh", None)


def _candidates(
    ctx: Context, text: str, cities: Sequence[str], dimension: str | None, with_city: bool
) -> dict[str, tuple[Source, int]]:
    """Retrieved passages (id -> (Source, best rank)) for the city/dimension filters asked."""
    calls: list[tuple[str | None, str | None]] = []
    for city in cities[:3] if with_city else [None]:
        if dimension:
            calls.append((city, dimension))
        calls.append((city, None))
    found: dict[str, tuple[Source, int]] = {}
    for city, dim in calls:
        for rank, source in enumerate(ctx.find_passages(text, k=CANDIDATES, city=city, dimension=dim)):
            if source.id not in found or found[source.id][1] > rank:
                found[source.id] = (source, rank)
    return found


@lru_cache(maxsize=1)
def _kinds() -> dict[str, str]:
    from assistant.retrieval.passages import load_passages

    return {p["id"]: p.get("kind", "prose") for p in load_passages()}


def _score_candidates(candidates: dict[str, tuple[Source, int]], q: _Question) -> list[SentenceHit]:
    hits: dict[str, SentenceHit] = {}
    for source, rank in candidates.values():
        for sentence in split_sentences(source.text, _kinds().get(source.id, "prose")):
            score, matched = _score(sentence, source, q, rank)
            if sentence not in hits or hits[sentence].score < score:
                hits[sentence] = SentenceHit(sentence, source, score, matched)
    # Best first; among equals the report's own order (retrieval order of passages, then sentence order).
    return sorted(hits.values(), key=lambda h: -h.score)


RETRIEVAL_EXTRA = 12  # Chinese terms added for English words: enough to find the passage, short to encode


def _retrieval_text(words: Sequence[str]) -> str:
    """The retrieval query: the content words, and for English words the report's Chinese terms for them (the
    first two of each, at most RETRIEVAL_EXTRA in all: the dense model's time grows with the text)."""
    extra = [f for w in words if w.isascii() for f in [x for x in forms_of(w) if not x.isascii()][:2]]
    return " ".join(dict.fromkeys([*words, *list(dict.fromkeys(extra))[:RETRIEVAL_EXTRA]]))


def best_sentences(
    ctx: Context,
    words: Sequence[str],
    *,
    cities: Sequence[str] = (),
    dimension=None,
    k: int = 2,
    asked: Sequence[str] = (),
    context: Sequence[str] = (),
    pool: dict[str, tuple[Source, int]] | None = None,
    lexical: bool = False,
) -> list[SentenceHit]:
    """The k report sentences that best answer a question with these content words, best first.

    Candidates are the passages hybrid retrieval finds for the words, filtered by the asked cities (and
    dimension) first, and unfiltered too unless that already gives a sentence scoring CONFIDENT. `asked` (from
    asked_attributes) prefers sentences holding what is asked for (a date, a count, an amount); the counter
    asked for (多少笔) is the query's asked_unit. `pool`: passages already retrieved (for the whole of a question
    asking two things), scored first; a part whose sentence is among them costs no retrieval. The passages
    retrieved here are added to it.
    """
    words = [w for w in words if w]
    q = _question(words, cities, asked, ctx.query.asked_unit, context)
    if not q.terms:
        return []
    if pool:
        pooled = _score_candidates(pool, q)
        if pooled and pooled[0].score >= MIN_SCORE:
            return pooled[:k]
    if lexical:
        # one part of a question asking two things: its words are few and specific, so a scan of every report
        # sentence finds its sentence without a second passage search (and a second encoding of the question)
        return _scan(q, MIN_SCORE / 2)[:k]
    text = _retrieval_text([*words, *context])
    dim = _dimension_name(dimension)
    candidates: dict[str, tuple[Source, int]] = {}
    hits: list[SentenceHit] = []
    if q.cities:
        candidates = _candidates(ctx, text, q.cities, dim, with_city=True)
        hits = _score_candidates(candidates, q)
    if not hits or hits[0].score < CONFIDENT:
        for pid, item in _candidates(ctx, text, q.cities, dim, with_city=False).items():
            if pid not in candidates or candidates[pid][1] > item[1]:
                candidates[pid] = item
        hits = _score_candidates(candidates, q)
    if not hits or hits[0].score < MIN_SCORE:
        # retrieval missed the sentence (a rare name the dense model does not know, 创新奇智): a scan of every
        # sentence by its words, bounded to those that could reach MIN_SCORE
        scanned = _scan(q, MIN_SCORE)
        if scanned and scanned[0].score >= MIN_SCORE:
            hits = scanned
    elif hits[0].score < CONFIDENT:
        # "What big model did BAAI (智源研究院) release in June 2021?": retrieval found passages that answer it only
        # in part (an English name, words in two scripts); a scan by its words finds a sentence saying more
        scanned = _scan(q, hits[0].score)
        if scanned and scanned[0].score > hits[0].score:
            seen = {h.sentence for h in scanned}
            hits = sorted([*scanned, *(h for h in hits if h.sentence not in seen)], key=lambda h: -h.score)
    if pool is not None:
        for pid, item in candidates.items():
            pool.setdefault(pid, item)
    return hits[:k]


# ---- the answering span ----------------------------------------------------------------------------------


def answer_span(hit: SentenceHit, asked: Sequence[str] = (), unit: str | None = None) -> str:
    """The clause (or table cell) of the sentence that answers, verbatim: the one holding the asked kind of
    value (a date for 'when', a figure for 'how many', a name) and the most matched words; a bare value
    ('2009年,') runs on to the neighbouring clause that says what it is the value of."""
    sentence = hit.sentence.strip()
    separator = " | " if " | " in sentence else None
    clauses = sentence.split(separator) if separator else [c for c in _CLAUSE.split(sentence) if c]
    if len(clauses) <= 1:
        return sentence
    index = sentence_index()
    words = [w for w in hit.matched if not _is_city_name(w)]

    def mass(clause: str) -> float:
        lowered = clause.lower()
        return sum(index.idf(forms_of(w)) for w in words if any(f in lowered for f in forms_of(w)))

    def value(i: int) -> float:
        bonus = sum(1.5 * index.max_idf for a in asked if a in _BOLDABLE and _holds(a, clauses[i], unit))
        return mass(clauses[i]) + bonus

    masses = [mass(c) for c in clauses]
    best = max(range(len(clauses)), key=value)  # the first of equals: the report's own order
    start = end = best
    richest = max(range(len(clauses)), key=lambda i: masses[i])
    if masses[best] < 0.5 * masses[richest] and abs(richest - best) == 1:
        start, end = min(best, richest), max(best, richest)
    for attribute in (a for a in asked if a in ("time", "count", "amount")):
        if any(_holds(attribute, c, unit) for c in clauses[start : end + 1]):
            continue
        # a question asking two things ("什么时候启动的，算力多大"): reach the nearest clause holding the other
        holding = [i for i, c in enumerate(clauses) if _holds(attribute, c, unit)]
        if holding:
            nearest = min(holding, key=lambda i: min(abs(i - start), abs(i - end)))
            if min(abs(nearest - start), abs(nearest - end)) <= 3:
                start, end = min(start, nearest), max(end, nearest)
    span = (separator or "").join(clauses[start : end + 1]).strip()
    return span.rstrip("，,：:；;。").strip() or sentence


def _bold(sentence: str, span: str) -> str:
    sentence = sentence.strip()
    if not span or span not in sentence or span == sentence:
        return f"**{sentence}**"
    start = sentence.index(span)
    return f"{sentence[:start]}**{span}**{sentence[start + len(span) :]}"


# ---- composing ---------------------------------------------------------------------------------------------


def _words(q) -> tuple[str, ...]:
    """The content words, without a year or a number the question states for the asker to have confirmed (it is
    checked against the sentence found, not searched for)."""
    claimed = _claimed_years(q) | {_number_text(c.value) for c in _claimed_amounts(q)}
    if q.level2 or q.level3:
        # "产业覆盖度这个二级指标，…": the indicator's level is how it is named, not what the sentence must say
        claimed |= _LEVEL_WORDS
    stated = bool(q.claims)
    return tuple(
        w
        for w in q.content_words
        if w not in claimed
        # (the rest of a figure the question states: "500亿左右、200来笔" leaves 亿左右, 200, 来笔)
        and not (stated and (_FIGURE_REST.fullmatch(w) or _approximate_figure(w, q.text or "")))
    )


def _approximate_figure(word: str, text: str) -> bool:
    """A number the question states roughly ("200来笔", "300多家"): a figure to check, not a word to find."""
    return word.isdigit() and re.search(re.escape(word) + r"\s*(?:来|多|余|左右|上下|出头)", text) is not None


_FIGURE_REST = re.compile(r"[亿万千百]?(?:左右|上下|来|多|余|出头)?[笔个家元亿万次项所人]?")
_LEVEL_WORDS = {
    "一级",
    "二级",
    "三级",
    "指标",
    "一级指标",
    "二级指标",
    "三级指标",
    "indicator",
    "sub-indicator",
}


def _claimed_years(q) -> set[str]:
    return {str(int(c.value)) for c in q.claims if c.kind == "year" and c.value is not None}


def _claimed_amounts(q) -> list:
    return [c for c in q.claims if c.kind == "amount" and c.value is not None]


def _number_text(value: float) -> str:
    return f"{value:g}"


def _asked(q) -> tuple[str, ...]:
    """The attributes asked; a year stated for confirmation asks for the sentence's date."""
    confirming = any(c.kind == "year" and c.column == "year" for c in q.claims)  # (not a premise's year)
    return tuple(q.asked) + (("time",) if confirming and "time" not in q.asked else ())


def _with_dating_sentence(
    ctx: Context, chosen: list[SentenceHit], hits: Sequence[SentenceHit]
) -> list[SentenceHit]:
    """A year stated in the question ("苏州是2019年获批…的") and no year in the sentences chosen: a close hit matching
    the same words that dates the event joins them, so the stated year is checked against the report's."""
    if not _claimed_years(ctx.query) or any(STATED_YEAR.search(h.sentence) for h in chosen):
        return chosen
    first = set(chosen[0].matched)
    dated = [
        h
        for h in hits
        if h not in chosen
        and STATED_YEAR.search(h.sentence)
        and h.score >= MIN_SCORE / 2
        and first <= set(h.matched) | set(_query_cities(ctx.query, _words(ctx.query)))
    ]
    return [*chosen, dated[0]] if dated else chosen


def _stated_value_correction(ctx: Context, chosen: Sequence[SentenceHit]) -> str | None:
    """'…是2015年批下来的吧？' where the sentence quoted dates it 2009, '最高给50亿元支持，是这么写的吗？' where it says
    5亿元: the correction to open the answer with. Only when the sentences quoted give a year (an amount in the
    same unit) and none is the one stated."""
    if not chosen:
        return None
    text = " ".join(h.sentence for h in chosen).lower()
    fixes_zh, fixes_en = [], []
    claimed = _claimed_years(ctx.query)
    said = STATED_YEAR.findall(text)
    if claimed and said and not claimed & set(said):
        stated, actual = sorted(claimed)[0], said[0]
        fixes_zh.append(f"报告说的是{actual}年，不是{stated}年")
        fixes_en.append(f"the report gives {actual}, not {stated}")
    for claim in _claimed_amounts(ctx.query):
        unit = claim.column
        found = [
            float(n)
            for n in re.findall(rf"(?<![0-9.])(\d+(?:\.\d+)?)\s*{re.escape(unit)}", text.replace(",", ""))
        ]
        if found and claim.value not in found:
            actual, stated = _number_text(found[0]), _number_text(claim.value)
            unit = unit.upper() if unit.isascii() else unit  # (the text was lower-cased: 1000P)
            fixes_zh.append(f"报告写的是{actual}{unit}，不是{stated}{unit}")
            fixes_en.append(f"the report says {actual}{unit}, not {stated}{unit}")
    if not fixes_zh:
        return None
    return ctx.t(f"**更正：{'；'.join(fixes_zh)}。**", f"**Correction: {'; '.join(fixes_en)}.**")


def _unit(ctx: Context) -> str | None:
    return ctx.query.asked_unit


def _query_cities(q, words: Sequence[str]) -> tuple[str, ...]:
    return _cities(words, tuple(getattr(q, "cities", ()) or ()))


def section_and_page(ctx: Context, source: Source) -> str:
    """ "section, p.N" (English) or "section，第N页": where a quoted sentence stands in the report."""
    if ctx.en:
        return f"{source.section}, p.{source.page}" if source.page else source.section
    return f"{source.section}，第{source.page}页" if source.page else source.section


def where_bracketed(ctx: Context, source: Source) -> str:
    """The section and page in brackets, as they follow a quoted sentence: "（…，第N页）" or " (…, p.N)"."""
    where = section_and_page(ctx, source)
    return ctx.t(f"（{where}）", f" ({where})")


def _topic(text: str) -> str:
    """The question as the user put it, for 'the report does not state …' (quoted, trimmed)."""
    topic = re.sub(r"^(?:请问|在?报告(?:中|里)?)", "", str(text).strip())
    topic = re.sub(r"[？?。.!！\s]+$", "", topic).strip()
    return topic if len(topic) <= 40 else topic[:40] + "…"


def _ranked_with_parts(
    ctx: Context, k: int = 3
) -> tuple[list[SentenceHit], tuple[str, ...], tuple[str, ...], list[SentenceHit]]:
    """The best sentences for the whole question, and for a question asking two things ("哪一年获批的？一共完成了
    多少核小时计算？") the best sentence of each part."""
    q = ctx.query
    words, asked = _words(q), _asked(q)
    cities = _query_cities(q, words)
    # (a city the conversation named before is not a word of what this question asks about its own city)
    context = tuple(w for w in q.context_words if not (q.cities and _is_city_name(w)))
    pool: dict[str, tuple[Source, int]] = {}
    hits = best_sentences(
        ctx, words, cities=cities, dimension=q.dimension, k=k, asked=asked, context=context, pool=pool
    )
    if context and (not hits or hits[0].score < MIN_SCORE or not _answers_part(hits[0], words)):
        # the conversation's words outweigh a follow-up's own ("How many editions of the expo has it hosted?"
        # after two questions on its pilot zone): the question's own words, for the city in focus
        own = best_sentences(ctx, words, cities=cities, dimension=q.dimension, k=k, asked=asked, pool=pool)
        if own and (
            not hits
            or own[0].score > hits[0].score
            # ("那在算力上它打算干啥？" after its outcomes: a sentence saying only the conversation's words is not it)
            or (
                own[0].score >= MIN_SCORE
                and _answers_part(own[0], words)
                and not _answers_part(hits[0], words)
            )
        ):
            hits = own
    pool = dict(pool)  # the whole question's passages: each part looks there first
    quoted = _quoted_sentences(q.text)
    if quoted:
        # "报告说…“呈现阶梯型下降”，这话是什么意思": the sentence that says it, first
        hits = quoted + [h for h in hits if h.sentence not in {x.sentence for x in quoted}]
    part_best: list[SentenceHit] = []
    if len(q.content_parts) >= 2 or (q.content_parts and (not hits or hits[0].score < MIN_SCORE)):
        merged: dict[str, SentenceHit] = {}
        each: list[tuple[tuple[str, ...], list[SentenceHit]]] = []
        # (a Chinese part with no subject of its own speaks of what was named before it: "总规模多大？主要投哪几个
        # 产业？" after "上海搞了个先导产业基金")
        refers = re.search(r"\b(?:it|its|this|that)\b|它", (q.text or "").lower()) is not None or (
            q.language == "zh"
        )
        stated = set(q.content_words) - set(
            words
        )  # (a year or figure stated for checking is not searched for)
        for i, part in enumerate(tuple(w for w in p if w not in stated) for p in q.content_parts):
            # a short part ("what's it aiming for?") speaks of what the part before it named: those words are its
            # context (at half weight); its own words alone may find its sentence better ("它的核心区是哪里？"
            # after a long premise whose words the sentence does not repeat)
            before = tuple(q.content_parts[i - 1]) if i and len(part) <= 2 and refers else ()
            # (what this part asks: a date asked by the other part is not missing from this part's sentence)
            part_asked = q.asked_parts[i] if len(q.asked_parts) == len(q.content_parts) else asked

            def search(around: tuple[str, ...], part=part, part_asked=part_asked) -> list[SentenceHit]:
                return best_sentences(
                    ctx,
                    list(part),
                    cities=cities,
                    dimension=q.dimension,
                    k=k,
                    asked=part_asked,
                    context=around,
                    pool=dict(pool),
                    lexical=True,
                )

            found: list[SentenceHit] = []
            for extra in (before, ()) if before else ((),):
                if extra == () and before and found and found[0].score >= MIN_SCORE:
                    break  # (its words with the part before it found its sentence: one or two words alone do not
                    # outweigh that)
                tried = search((*context, *extra))
                if tried and (not found or tried[0].score > found[0].score):
                    found = tried
            if found and context and not _answers_part(found[0], part):
                # the conversation's words found a sentence saying none of this part's own ("what's the 'first in
                # the country' thing about its industrial park?" after a question on the top ten): its words alone
                alone = search(())
                if alone and _answers_part(alone[0], part):
                    found = alone
            each.append((part, found))
            for hit in found:
                if hit.sentence not in merged or merged[hit.sentence].score < hit.score:
                    merged[hit.sentence] = hit
        part_best = _distinct_part_hits(each)
        if not hits or hits[0].score < MIN_SCORE:
            # a question asking two things scores low as a whole: let each part find its own sentence
            hits = sorted(merged.values(), key=lambda h: -h.score)[:k] or hits
    return hits, words, asked, part_best


def _quoted_sentences(text: str, limit: int = 2) -> list[SentenceHit]:
    """Report sentences containing a phrase the question quotes from the report (“…”, 4+ characters)."""
    phrases = [re.sub(r"\s+", "", p) for p in re.findall(r"[“\"「『]([^”\"」』]{2,40})[”\"」』]", text or "")]
    # a short quoted term counts only where the report quotes it too ("试验区" in 简称“试验区”)
    phrases = [p for p in phrases if len(p) >= 4 or any(f"“{p}”" in s for s, _ in report_sentences())]
    if not phrases:
        return []
    found = []
    for sentence, source in report_sentences():
        squeezed = re.sub(r"\s+", "", sentence)
        if "|" not in sentence and any(p in squeezed for p in phrases):
            found.append(SentenceHit(sentence, source, 1.0, tuple(phrases)))
    # a quoted term where the report itself puts it in quotes first: that is where it defines it (简称“试验区”)
    found.sort(key=lambda h: not any(f"“{p}”" in re.sub(r"\s+", "", h.sentence) for p in phrases))
    return found[:limit]


def _distinct_part_hits(each: Sequence[tuple[tuple[str, ...], list[SentenceHit]]]) -> list[SentenceHit]:
    """Each part's best sentence that says one of its own words. When two parts find the same sentence and it
    says the other part's own words ("北京超级云计算中心规模有多大？在2020 HPC TOP100里拿了什么成绩": the HPC TOP100
    sentence), it answers that part; this one takes its next good sentence that does not."""
    tops = [found[0].sentence if found else None for _, found in each]
    best: list[SentenceHit] = []
    for i, (part, found) in enumerate(each):
        others = {w for j, (p, _) in enumerate(each) if j != i for w in p} - set(part)
        shared = found and any(j != i and tops[j] == found[0].sentence for j in range(len(each)))
        if shared and others and _says_any(found[0], others):
            own = [
                h
                for h in found[1:]
                if h.score >= PART_MIN_SCORE and not _says_any(h, others) and _answers_part(h, part)
            ]
            found = own[:1] or found
        best += [h for h in found[:1] if _answers_part(h, part)]
    return best


def _says_any(hit: SentenceHit, words: set[str]) -> bool:
    """Whether a sentence says one of these words (not a city name) in any of its report spellings."""
    lowered = hit.sentence.lower()
    return any(
        form in lowered
        for w in words
        if not _is_city_name(w.lower()) and len(w) >= 2 and not w.isdigit()
        for form in forms_of(w)
        if len(form) >= 2
    )


def _answers_part(hit: SentenceHit, part: Sequence[str]) -> bool:
    """Whether a sentence found for one part of a question says one of that part's own words (not only a city or
    the words of the conversation around it)."""
    own = {w.lower() for w in part if not _is_city_name(w)}
    return any(
        term.lower() in own or own & set(term.lower().split())
        for term in hit.matched
        if not _is_city_name(term)
    )


def _with_parts(
    chosen: list[SentenceHit], part_best: Sequence[SentenceHit], limit: int = 3
) -> list[SentenceHit]:
    """Each part's own best sentence joins the answer when it reaches PART_MIN_SCORE and is not already there:
    a part's words are few ("which area is supposed to be the core zone?"), so a sentence saying its one
    specific term is its answer beside the other part's."""
    if not chosen:
        return chosen
    out = list(chosen)
    for hit in part_best:
        if hit.score >= PART_MIN_SCORE and hit.sentence not in {h.sentence for h in out} and len(out) < limit:
            out.append(hit)
    return out


def _choose(hits: Sequence[SentenceHit]) -> list[SentenceHit]:
    """What to quote: the best hit if it reaches MIN_SCORE, and a second one nearly as good that adds words or
    continues the same passage; failing that, one that says it elsewhere (the policy-table row beside the
    profile's sentence: "which areas" may be answered by either)."""
    if not hits or hits[0].score < MIN_SCORE:
        return []
    first = hits[0]
    close = [h for h in hits[1:] if h.score >= max(MIN_SCORE, SECOND_RATIO * first.score)]
    adding = [h for h in close if set(h.matched) - set(first.matched) or h.source.id == first.source.id]
    squeezed = re.sub(r"\s+", "", first.sentence)
    elsewhere = [h for h in close if re.sub(r"\s+", "", h.sentence) not in squeezed]
    second = (adding or elsewhere)[:1]
    return [first, *second]


def _rest_of_sentence(hit: SentenceHit, max_chars: int = 160) -> str:
    return rest_of_sentence(hit.sentence, hit.source.text, max_chars)


_TOPIC_OPENER = re.compile(r"^[^，,。；]{2,12}方面[，,]")


def _continuation(hit: SentenceHit, max_chars: int = 120, topic: str | None = None) -> str:
    """A sentence opening one of the report's topics ("算力支持方面,苏州市不仅拥有…中心,还积极部署…建设。") goes on
    in the sentence after it ("苏州超算中心于2020年3月揭牌，项目总投资2.1亿元。"): that sentence, verbatim, when it
    is short, opens no topic of its own and holds a word the hit matched. When the question asks about that very
    topic (``topic``, a second-level indicator: "what makes Shenzhen's computing power support stand out?"), the
    whole topic is the answer: every sentence up to the next topic, at most three."""
    if not _TOPIC_OPENER.match(hit.sentence) or not hit.matched:
        return ""
    sentences = split_sentences(hit.source.text)
    try:
        after = sentences[sentences.index(hit.sentence) + 1]
    except (ValueError, IndexError):
        return ""
    if topic and hit.sentence.startswith(f"{topic}方面"):
        return _rest_of_topic(hit)
    if len(after) > max_chars or _TOPIC_OPENER.match(after) or "|" in after:
        return ""
    lowered = after.lower()
    return after if any(f in lowered for w in hit.matched for f in forms_of(w)) else ""


def _rest_of_topic(hit: SentenceHit, most: int = 3, max_chars: int = 400) -> str:
    """The sentences after a topic's opening one, in its section (its paragraph may be split across passages),
    up to the next topic: at most ``most`` sentences, ``max_chars`` characters."""
    report = report_sentences()
    at = next((i for i, (s, src) in enumerate(report) if s == hit.sentence and src.id == hit.source.id), None)
    if at is None:
        return ""
    rest: list[str] = []
    for sentence, source in report[at + 1 : at + 1 + most]:
        if source.section != hit.source.section or _TOPIC_OPENER.match(sentence) or "|" in sentence:
            break
        if len("".join(rest) + sentence) > max_chars:
            break
        rest.append(sentence)
    return "".join(rest)


def start_of_sentence(sentence: str, text: str, max_chars: int = 120) -> str:
    """A piece that follows a semicolon ("合肥和西安的实力也较为突出。" after "知识储备：北京…最为雄厚；") says what it
    says of the start of its sentence: that start, verbatim, so the quote keeps its subject."""
    at = text.find(sentence)
    if at <= 0 or not text[:at].rstrip().endswith(("；", ";")):
        return ""
    before = text[:at]
    start = max(before.rfind(mark) for mark in ("。", "\n", "！", "？", "!", "?")) + 1
    head = before[start:]
    return head if 0 < len(head.strip()) <= max_chars else ""


def rest_of_sentence(sentence: str, text: str, max_chars: int = 160) -> str:
    """A piece that ends at a semicolon is one clause of a longer sentence ("…每年最高奖励500万元；对…给予最高5亿元
    资金支持。"): the rest of that sentence in `text`, verbatim, so the answer reads as the report wrote it."""
    if not sentence.rstrip().endswith(("；", ";")):
        return ""
    at = text.find(sentence)
    if at < 0:
        return ""
    after = text[at + len(sentence) :]
    end = re.search(r"[。！？!?]|\n", after)
    rest = after[: end.end() if end and end.group() != "\n" else (end.start() if end else len(after))]
    return rest if 0 < len(rest.strip()) <= max_chars else ""


def stated_year_correction(ctx: Context) -> str | None:
    """A year stated in a question answered from the tables ("Suzhou got approved … back in 2019, right? How much
    did that help it reach 6th?"): checked against the report's sentence dating it, quoted with its place; None
    when that sentence agrees or none is found."""
    q = ctx.query
    claimed = _claimed_years(q)
    if not claimed:
        return None
    # the words of the clause that states the year ("成都是2019年获批…试验区的"), not the question asked after it
    clause = next(
        (c for c in re.split(r"[，,。；;？?！!]", q.text) if any(y in c for y in claimed)), q.text
    ).lower()
    words = [w for w in _words(q) if w.lower() in clause] or list(_words(q))
    cities = _query_cities(q, words)
    hits = best_sentences(ctx, words, cities=cities, k=3, asked=("time",))
    chosen = _with_dating_sentence(ctx, _choose(hits) or list(hits[:1]), hits)
    dated = [h for h in chosen if STATED_YEAR.search(h.sentence)][:1]
    correction = _stated_value_correction(ctx, dated)
    if correction is None:
        return None
    hit = dated[0]
    ctx.use([hit.source])
    return f"{correction}「{hit.sentence}」" + where_bracketed(ctx, hit.source)


def passage_hits(ctx: Context) -> list[SentenceHit]:
    """The one or two report sentences passage_answer quotes; empty when the report does not state it."""
    hits, _, _, part_best = _ranked_with_parts(ctx)
    return _with_parts(_choose(hits), part_best)


def passage_answer(ctx: Context) -> Reply:
    """The composer for operation "passage": the report's own sentence(s), verbatim, with section and page,
    the answering clause in bold; or a plain statement that the report does not state it."""
    beside = _beside_mention_answer(ctx) if ctx.query.beside_mention else None
    if beside is not None:
        return beside
    hits, words, asked, part_best = _ranked_with_parts(ctx)
    cities = list(_query_cities(ctx.query, words))
    chosen = _with_parts(_choose(hits), part_best)
    if cities and not any(_SINGLED_OUT.search(h.sentence) for h in chosen):
        # (the city's own sentences do not make the distinction asked about: another city's may)
        other = _said_of_another_city(ctx, words, cities)
        if other is not None:
            return other
    if not chosen:
        headline = _headline_answer(ctx, words, cities)
        if headline is not None:
            return headline
        return ctx.reply("passage", _not_stated(ctx, hits), cities=cities)
    each = _for_each_city(ctx, chosen, asked)
    if each is not None:
        return each
    chosen = _with_dating_sentence(ctx, chosen, hits)
    lead = ctx.t("报告原文：", "The report states (quoted in the original Chinese):")
    correction = _stated_value_correction(ctx, chosen)
    counted = _names_counted(ctx, chosen, asked)
    blocks = [
        *([correction] if correction else []),
        *([counted] if counted else []),
        lead,
        *_quoted_lines(ctx, chosen, asked),
    ]
    rows = _policy_rows_quoted(ctx, chosen, asked)
    if rows:
        blocks.append(
            ctx.t("**报告政策表中的这项政策：**", "**The policy as the report's policy table lists it:**")
            + "\n"
            + "\n".join(rows)
        )
    ctx.use([hit.source for hit in chosen])
    return ctx.reply("passage", "\n\n".join(blocks), cities=cities)


def _policy_rows_quoted(ctx: Context, chosen: Sequence[SentenceHit], asked: Sequence[str]) -> list[str]:
    """'深圳那部首部地方性法规，是什么时候征求意见的？大致围绕哪些方面？': a sentence quoted names a policy by its
    title in 《》 that the report's policy tables list; what it covers (and when the table dates it) is that row,
    shown beside the sentence when the question asks more than when."""
    from assistant.answers.policies import policy_line

    if not {"which", "what", "particulars"} & set(asked):
        return []
    quoted_rows = "".join(h.sentence for h in chosen if "|" in h.sentence)
    table = ctx.report.policies
    titles = table["title"].map(_squeezed)
    lines: list[str] = []
    for hit in chosen:
        for title in re.findall(r"《([^》]{4,})》", hit.sentence):
            for _, row in table[titles == _squeezed(title)].iterrows():
                line = policy_line(ctx, row, full=True)
                if row["title"] not in quoted_rows and line not in lines:
                    lines.append(line)
    return lines


def _squeezed(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", str(text)))


def _beside_mention_answer(ctx: Context) -> Reply | None:
    """'The other startup mentioned right after Pony.ai — what's notable about it?': the report's sentence right
    after (or before) the one that mentions it, in the same passage, the city's own first; None when the report
    never mentions it (the question is then read by its words)."""
    side, what = ctx.query.beside_mention or ("after", "")
    forms = tuple(f for f in forms_of(what) if len(f) >= 2)
    if not forms:
        return None
    sentences = report_sentences()
    cities = set(ctx.query.cities)
    spots = [i for i, (sentence, _) in enumerate(sentences) if any(f in sentence.lower() for f in forms)]
    spots.sort(
        key=lambda i: not (sentences[i][1].city in cities or any(c in sentences[i][0] for c in cities))
    )
    for i in spots:
        j = i + 1 if side == "after" else i - 1
        if not 0 <= j < len(sentences) or sentences[j][1].id != sentences[i][1].id:
            continue
        anchor, beside = sentences[i], sentences[j]
        hits = [SentenceHit(beside[0], beside[1], 1.0, ()), SentenceHit(anchor[0], anchor[1], 0.5, ())]
        lead = ctx.t(
            f"报告在提到“{what}”的那句{'之后' if side == 'after' else '之前'}写道：",
            f"Right {side} the sentence that mentions “{what}”, the report says (quoted in the original Chinese):",
        )
        lines = _quoted_lines(ctx, hits[:1], ctx.query.asked)
        context = ctx.t("提到它的那句：", "The sentence that mentions it:")
        ctx.use([beside[1]])
        return ctx.reply(
            "passage",
            "\n\n".join([lead, *lines, context, *_quoted_lines(ctx, hits[1:], ())]),
            cities=list(cities),
        )
    return None


_VAGUE_ONE = re.compile(r"一大批|一批|一系列|一些|一流|一体|一大")  # (no count: "一大批…企业")


def _names_counted(ctx: Context, chosen: Sequence[SentenceHit], asked: Sequence[str]) -> str:
    """'How many innovation centres does the report list for Shanghai?' answered by a sentence that names them
    rather than counts them: how many names it lists, and which (a count of the quoted names, said as such)."""
    if "count" not in asked or any(
        _holds("count", _VAGUE_ONE.sub("", h.sentence), _unit(ctx)) for h in chosen
    ):
        return ""
    for hit in chosen:
        names = listed_names(hit.sentence)
        if names:
            return ctx.t(
                f"**报告这句列出了{len(names)}个**：{'、'.join(names)}（报告未给出总数，这是句中列举的个数）。",
                f"**The report's sentence names {len(names)}**: {', '.join(names)} (the report gives no total; this "
                "counts the names it lists).",
            )
    return ""


def _quoted_lines(ctx: Context, chosen: Sequence[SentenceHit], asked: Sequence[str]) -> list[str]:
    """The report's own sentence(s), verbatim, the answering span in bold, each followed by where it stands."""
    lines: list[str] = []
    shown: list[str] = []  # the report's text already quoted (a sentence's continuation may be the next hit)
    for hit in chosen:
        if any(hit.sentence in text for text in shown):
            continue
        span = answer_span(hit, asked, _unit(ctx))
        where = where_bracketed(ctx, hit.source)
        more = _rest_of_sentence(hit) or _continuation(hit, topic=ctx.query.level2)
        shown.append(hit.sentence + more)
        line = f"{_bold(hit.sentence, span)}{more}{where}"
        if line not in lines:
            lines.append(line)
    return lines


def _said_of(hit: SentenceHit, city: str) -> bool:
    return hit.source.city == city or city in _mentioned_cities(hit.sentence)


def _for_each_city(ctx: Context, chosen: Sequence[SentenceHit], asked: Sequence[str]) -> Reply | None:
    """'what about Guangzhou and Suzhou?' after a question on when Chengdu was approved: the report's sentence for
    each city named, grouped by city, when the sentences found for all of them together leave one out."""
    q = ctx.query
    if not 2 <= len(q.cities) <= 4 or all(any(_said_of(h, c) for h in chosen) for c in q.cities):
        return None
    found: dict[str, list[SentenceHit]] = {}
    for city in q.cities:
        others = set(q.cities) - {city}
        own = tuple(w for w in q.content_words if _city_of_word(w.lower()) not in others)
        alone = replace(ctx, query=replace(q, cities=(city,), parts=(), content_words=own, content_parts=()))
        hits, _, _, part_best = _ranked_with_parts(alone)
        found[city] = [h for h in _with_parts(_choose(hits), part_best) if _said_of(h, city)]
    if sum(1 for hits in found.values() if hits) < 2:
        return None
    blocks = [
        ctx.t("报告原文（按城市）：", "The report states, city by city (quoted in the original Chinese):")
    ]
    for city, hits in found.items():
        lines = _quoted_lines(ctx, hits, asked) or [
            ctx.t("报告没有写到这一点。", "The report does not state this for it.")
        ]
        blocks.append(f"**{ctx.city(city)}**\n\n" + "\n\n".join(lines))
        ctx.use([hit.source for hit in hits])
    return ctx.reply("passage", "\n\n".join(blocks), cities=list(q.cities))


def _headline_answer(ctx: Context, words: Sequence[str], cities: Sequence[str]) -> Reply | None:
    """'报告认为上海在哪几方面的支持力度特别强？': when no sentence answers but the city's profile headline holds the
    question's words, the headline the report gave that city is its answer, cited by its section."""
    if len(cities) != 1:
        return None
    city = cities[0]
    tagline = ctx.report.profile_taglines.get(city)
    own = [w for w in words if not _is_city_name(w)]
    if not tagline or len(own) < 2:
        return None
    held = [w for w in own if any(f in tagline.lower() for f in forms_of(w))]
    if len(held) < 2 or len(held) < 0.5 * len(own):
        return None
    intro, _ = ctx.city_passages(city, tagline, k=1)
    if not intro:
        return None
    ctx.use(intro[:1])
    return ctx.reply(
        "passage",
        ctx.t(
            f"报告为{city}一节所加的标题概括了这一点：**“{tagline}”**（{section_and_page(ctx, intro[0])}）。",
            f"The report's heading for {ctx.city(city)}'s profile says it: **“{tagline}”** ({section_and_page(ctx, intro[0])}).",
        ),
        cities=[city],
    )


OTHER_CITY_SCORE = 0.7  # how well a sentence about another city must cover the rest of the question
# what only one city can be (the only / the first): a premise other answers check too, where superlatives such as
# 最多 are figures the tables check
_DISTINCTION = re.compile(
    r"首个|第一个|首部|首家|唯一|数量最多|最多的|\bthe (?:first|only|sole)\b|\bthe (?:country|nation|china)'?s first\b|"
    r"\bmore\b[a-z ]{0,60}\bthan any other\b|\bthe most\b",
    re.IGNORECASE,
)
_SINGLED_OUT = re.compile(
    r"首个|第一个|首部|首批|唯一|最早|率先|最大|最高|最多|最强|全国第一|全球最大|"
    r"\bfirst\b|\bonly\b|\bearliest\b|\blargest\b|\bbiggest\b|\bhighest\b|\bmost\b",
    re.IGNORECASE,
)


def _best_over_report(words: Sequence[str], singled: re.Pattern[str]) -> SentenceHit | None:
    """The report's best sentence for these words that singles something out, by word overlap over all its
    sentences (no city filter)."""
    question = _question([w for w in words if w], (), ())
    if not question.terms:
        return None
    scanned = [h for h in _scan(question, OTHER_CITY_SCORE) if singled.search(h.sentence)]
    return scanned[0] if scanned else None


def said_of_another_city(
    ctx: Context, words: Sequence[str], cities: Sequence[str], singled: re.Pattern[str] | None = None
) -> tuple[str, SentenceHit] | None:
    """'深圳是哪一年成为全国首个建设试验区的城市？': (the city the report says it of, its sentence) when a sentence covers
    everything else the question says and names another sample city instead (北京是我国首个…); None otherwise.
    `singled`: the distinction words that make a statement about one city alone (default _SINGLED_OUT)."""
    singled = singled or _SINGLED_OUT
    rest = [
        w for w in words if not _city_of_word(w.lower())
    ]  # the question without its city: who is it said of?
    if not singled.search(ctx.query.text or ""):
        return None  # only a distinction is said of one city alone ("首个", "the only", "largest")
    hit = _best_over_report(
        rest, singled
    )  # a scan of every sentence by its words: no passage search or encoding
    if hit is None or hit.score < OTHER_CITY_SCORE:
        # a premise before another question ("Since Hangzhou was the first city to …, how did that shape its
        # ranking?"): the part that states the distinction, on its own
        # (English drops "only" / "first" as function words: every part may be the one, and the sentence found
        # must make the distinction itself)
        for part in ctx.query.content_parts:
            found = _best_over_report([w for w in part if not _city_of_word(w.lower())], singled)
            if found is not None and (hit is None or found.score > hit.score):
                hit = found
    if hit is None or hit.score < OTHER_CITY_SCORE or not singled.search(hit.sentence):
        return None
    named = _mentioned_cities(hit.sentence)
    others = [c for c in named if c not in cities]
    if not others or named & set(cities) or hit.source.city in cities:
        return None
    mark = singled.search(hit.sentence)
    before = [c for c in others if hit.sentence.index(c) < mark.start()]
    # the city the distinction is said of: the one named last before it ("深圳…;苏州排名第六,是…唯一的地级市")
    return (max(before, key=hit.sentence.index) if before else min(others, key=hit.sentence.index)), hit


def distinction_correction(ctx: Context, words: Sequence[str], cities: Sequence[str]) -> str | None:
    """The correction that opens an answer whose question says a city is the only / the first something the
    report says of another city ("Since Nanjing is the only prefecture-level city in the top ten, …"), with
    the report's sentence quoted."""
    found = said_of_another_city(ctx, words, cities, _DISTINCTION)
    if found is None:
        return None
    other, hit = found
    asked = ctx.t("、".join(cities), ", ".join(ctx.city(c) for c in cities))
    ctx.use([hit.source])
    where = where_bracketed(ctx, hit.source)
    return ctx.t(
        f"**更正：报告这样说的是{other}，不是{asked}**：「{_bold(hit.sentence, answer_span(hit))}」{where}",
        f"**Correction: the report says this of {ctx.city(other)}, not {asked}** (quoted in the original "
        f"Chinese): 「{_bold(hit.sentence, answer_span(hit))}」{where}",
    )


def _said_of_another_city(ctx: Context, words: Sequence[str], cities: Sequence[str]) -> Reply | None:
    """The passage answer when the report says what the question says of its city of another city: the
    correction and the sentence; a date or figure asked is moot once the premise is wrong."""
    found = said_of_another_city(ctx, words, cities)
    if found is None:
        return None
    other, hit = found
    asked = ctx.t("、".join(cities), ", ".join(ctx.city(c) for c in cities))
    where = where_bracketed(ctx, hit.source)
    head = ctx.t(
        f"**更正：报告这样说的是{other}，不是{asked}。**",
        f"**Correction: the report says this of {ctx.city(other)}, not {asked}.**",
    )
    lead = ctx.t("报告原文：", "The report states (quoted in the original Chinese):")
    ctx.use([hit.source])
    body = f"{head}\n\n{lead}\n\n{_bold(hit.sentence, answer_span(hit))}{where}"
    return ctx.reply("passage", body, cities=[other, *cities])


def _not_stated(ctx: Context, hits: Sequence[SentenceHit]) -> str:
    """'The report does not state it', naming the closest section (no page, no figure: nothing to misread)."""
    topic = _topic(ctx.query.text)
    closest = hits[0].source.section if hits and hits[0].score >= MIN_SCORE / 2 else None
    near = _near_sentence(ctx, hits)
    if ctx.en:
        text = f"The report does not state this (“{topic}”)." if topic else "The report does not state this."
        if near:
            return text + " The nearest it comes, which may correct what the question assumes:\n\n" + near
        if closest:
            text += f" The closest passage, in “{closest}”, does not answer it."
        return text
    text = f"报告中没有找到关于“{topic}”的说明。" if topic else "报告中没有找到相关说明。"
    if near:
        return text + "报告最接近的说法如下（可能与问题的前提不同）：\n\n" + near
    if closest:
        text += f"最接近的内容在“{closest}”一节，但没有回答这个问题。"
    return text


NEAR_SCORE = (
    0.28  # a sentence this close, saying three or more of the question's own words, is shown verbatim
)


def _near_sentence(ctx: Context, hits: Sequence[SentenceHit]) -> str:
    """The closest sentence(s), quoted, when they say several of the question's distinctive words though they do
    not answer as asked ("深圳2019年就正式施行了全国首部人工智能地方性法规…" meets the report's 2021 draft law): the
    reader sees what the report does say rather than a bare 'not stated'. Two about as close are both shown."""
    asked = _asked(ctx.query)
    if not hits or hits[0].score < NEAR_SCORE or {"count", "amount"} & set(asked):
        return ""  # (a figure asked for and not found: a nearby figure would be misread as the answer)
    near = [
        h
        for h in hits[:2]
        if h.score >= max(NEAR_SCORE, 0.87 * hits[0].score)
        and "|" not in h.sentence  # (a table row out of its table says little: an indicator or a policy row)
        and len([w for w in h.matched if not _is_city_name(w)]) >= 3
    ]
    if not near:
        return ""
    ctx.use([h.source for h in near])
    return "\n\n".join(_quoted_lines(ctx, near, asked))


# ---- coverage check for structured answers -------------------------------------------------------------


def _addressed(word: str, reply_lower: str) -> bool:
    return word.lower() in reply_lower or any(f in reply_lower for f in forms_of(word))


@lru_cache(maxsize=1)
def report_sentences() -> tuple[tuple[str, Source], ...]:
    """Every report sentence with its passage as a Source: what the coverage check scores directly."""
    from assistant.retrieval.passages import load_passages

    out = []
    for p in load_passages():
        source = Source(p["id"], p["section"], p.get("page"), p.get("city"), p["text"])
        out += [(s, source) for s in split_sentences(p["text"], p.get("kind", "prose"))]
    return tuple(out)


def _lexical_hits(ctx: Context, k: int = 4, words: Sequence[str] | None = None) -> list[SentenceHit]:
    """The best report sentences for the query by word overlap alone, over the whole report.

    The coverage check runs after almost every structured answer and asks only for sentences holding words the
    answer lacks, which is lexical by nature; scoring the report's ~1,000 sentences directly costs a few
    milliseconds, where hybrid retrieval would encode the question with the dense model (tens of ms)."""
    q = ctx.query
    words, asked = (_words(q) if words is None else tuple(words)), _asked(q)
    question = _question([w for w in words if w], _query_cities(q, words), asked, q.asked_unit)
    if not question.terms:
        return []
    hits: dict[str, SentenceHit] = {}
    for hit in _scan(question, MIN_SCORE):
        if (
            hit.score >= MIN_SCORE and hit.sentence not in hits
        ):  # best first: the first of a sentence is its best
            hits[hit.sentence] = hit
    return list(hits.values())[:k]


def _scan(q: _Question, floor: float) -> list[SentenceHit]:
    """Every report sentence whose words could reach `floor`, scored, best first (the report's order among
    equals): the scan that replaces a passage search where the words alone decide."""
    everything = report_sentences()
    hits = [
        SentenceHit(
            everything[i][0], everything[i][1], *_score(everything[i][0], everything[i][1], q, CANDIDATES)
        )
        for i in _could_reach(q, floor)
    ]
    return sorted(hits, key=lambda h: -h.score)


@lru_cache(maxsize=1)
def _lowered_sentences() -> tuple[str, ...]:
    return tuple(s.lower() for s, _ in report_sentences())


@lru_cache(maxsize=8192)
def _containing(forms: tuple[str, ...]) -> frozenset[int]:
    """The report sentences (indexes into report_sentences) that contain any of the forms."""
    return frozenset(i for i, s in enumerate(_lowered_sentences()) if any(f in s for f in forms))


def _could_reach(q: _Question, floor: float) -> list[int]:
    """The sentences whose word coverage alone could reach `floor`: every other factor only lowers a score, except
    the boosts for a sentence that defines or gives a cause, so the floor is lowered by those that can apply; the
    rest need not be scored (the coverage check scans the whole report after almost every answer)."""
    total = sum(t.weight for t in q.terms)
    if total <= 0:
        return []
    floor = floor / _largest_boost(q)
    bound: dict[int, float] = {}
    category = {"which", "name"} & set(q.asked)
    for t in q.terms:
        credit = {i: t.weight for i in _containing(t.forms)}
        if t.subs:
            for i in _containing(tuple(sub for sub, _ in t.subs)):
                credit.setdefault(i, PARTIAL_CREDIT * t.weight)
        if category and set(t.forms) & _CATEGORY_NOUNS:
            return list(range(len(report_sentences())))  # names may answer a category word: no bound
        for i, c in credit.items():
            bound[i] = bound.get(i, 0.0) + c
    return sorted(i for i, b in bound.items() if b / total >= floor - 1e-9)


def coverage_hit(ctx: Context, reply_text: str, everything: bool = False) -> SentenceHit | None:
    """A report sentence covering what a composed reply leaves out (content words it never mentions, or a
    date / count / amount asked for that it does not give), if one scores MIN_SCORE or more; else None.
    `everything`: the reply could not answer (a refused computation), so every content word is left out."""
    words, asked = _words(ctx.query), _asked(ctx.query)
    lowered = "" if everything else reply_text.lower()
    missing_words = {w for w in words if not _is_city_name(w.lower()) and not _addressed(w, lowered)}
    # a hyphenated word is scored by its parts ("ai-themed" -> "themed"): a part may be what a sentence matched
    missing_words |= {
        p for w in list(missing_words) if "-" in w for p in w.split("-") if p and not _addressed(p, lowered)
    }
    unit = _unit(ctx)
    missing_asked = [a for a in asked if a in ("time", "count", "amount") and not _holds(a, reply_text, unit)]
    if "which" in asked and ctx.query.operation.value == "fact":
        # "有几个？分别是哪些": a figure answers the count, never the names
        missing_words |= {w for w in words if not _is_city_name(w.lower())}
    if not missing_words and not missing_asked:
        return None  # the reply addresses the whole question: no search at all
    hit = _covering(_lexical_hits(ctx, k=4), reply_text, missing_words, missing_asked, unit)
    if hit is not None or len(ctx.query.content_parts) < 2:
        return hit
    cities = [w for w in _words(ctx.query) if _is_city_name(w.lower())]
    for part in ctx.query.content_parts:
        if missing_words & set(part):
            # "Who's behind this report, and who founded the alliance that co-published it?": the part the reply
            # leaves out, searched on its own words when the whole question's words find nothing
            own = [w for w in part if not _is_city_name(w.lower())]
            hit = _covering(
                _lexical_hits(ctx, k=2, words=own + cities), reply_text, missing_words, missing_asked, unit
            )
            if hit is not None:
                return hit
    return None


def _covering(
    hits: Sequence[SentenceHit],
    reply_text: str,
    missing_words: set[str],
    missing_asked: list[str],
    unit: str | None,
) -> SentenceHit | None:
    """The first hit (best first) that scores MIN_SCORE, is not already in the reply, and holds a word or a value
    the reply leaves out."""
    for hit in hits:
        if hit.score < MIN_SCORE:
            break
        if hit.sentence.strip() in reply_text or hit.sentence.strip() in reply_text.replace("**", ""):
            continue  # (quoted already, perhaps with its answering span in bold)
        if missing_words & set(hit.matched) or any(_holds(a, hit.sentence, unit) for a in missing_asked):
            return hit
    return None


def coverage_addendum(ctx: Context, reply_text: str, everything: bool = False) -> str | None:
    """A '报告原文' block giving the report sentence that covers what reply_text does not address, or None:
    the sentence verbatim (answering span in bold) followed by its section and page, as passage answers are.

    Pure given ctx: it searches passages and records nothing; a caller that appends the block may
    `ctx.use([coverage_hit(ctx, reply_text).source])` to list the passage among the sources.
    """
    hit = coverage_hit(ctx, reply_text, everything)
    return None if hit is None else coverage_block(ctx, hit)


def coverage_block(ctx: Context, hit: SentenceHit) -> str:
    """The '报告原文' block for a coverage hit: the sentence verbatim (answering span in bold), section and page."""
    sentence = _bold(hit.sentence, answer_span(hit, _asked(ctx.query), _unit(ctx))) + _rest_of_sentence(hit)
    title = ctx.t("**报告原文**", "**From the report** (Chinese original)")
    where = where_bracketed(ctx, hit.source)
    return f"\n\n{title}\n\n{sentence}{where}"


def warm() -> None:
    """Build the sentence-level indexes now (report sentences, pinyin spellings, the report's short names), so the
    first question that needs one does not pay for it; a served assistant calls this at start."""
    sentence_index()
    report_sentences()
    _lowered_sentences()
    pinyin_names()
    abbreviation_expansions()


# ---- a city described rather than named ----------------------------------------------------------------


def city_described(words: Sequence[str]) -> str | None:
    """The one sample city a description points at ("前十里唯一的那个地级市", "the city that hosts Pengcheng
    Lab"): the city the report's best-matching sentence is about, when that sentence scores MIN_SCORE on the
    description's words and names (or sits in the profile of) exactly one city; None otherwise."""
    words = [w for w in words if w and not _is_city_name(w)]
    if len(words) < 1:
        return None
    q = _question(words, (), ())
    if not q.terms:
        return None
    hits = _scan(q, MIN_SCORE)
    if not hits or hits[0].score < MIN_SCORE:
        return _city_covering(q)
    if len(hits) > 1 and hits[1].score >= hits[0].score * 0.95:
        first, second = _about(hits[0]), _about(hits[1])
        if first != second:
            # two sentences as close, about different cities: no one sentence decides
            return _city_covering(q)
    return _about(hits[0]) or _city_covering(q)


def _city_covering(q: _Question) -> str | None:
    """The one sample city whose sentences (its profile's, or ones naming it alone) hold most of a description's
    words between them ("the city that's home to Zhejiang University and Alibaba": Hangzhou's profile names both,
    in different sentences); None when no city holds two of them or two cities hold as many."""
    held: dict[str, set[int]] = {}
    for sentence, source in report_sentences():
        named = _mentioned_cities(sentence)
        city = next(iter(named)) if len(named) == 1 else (source.city if not named else None)
        if city not in SAMPLE_CITIES:
            continue
        lowered = sentence.lower()
        for i, term in enumerate(q.terms):
            if _credit(term, lowered) >= 0.5 * term.weight:
                held.setdefault(city, set()).add(i)
    total = sum(t.weight for t in q.terms)
    scored = sorted(
        ((sum(q.terms[i].weight for i in terms), city) for city, terms in held.items()), reverse=True
    )
    if not scored or scored[0][0] < 0.5 * total:
        return None
    top = held[scored[0][1]]
    others = set().union(*(terms for city, terms in held.items() if city != scored[0][1]))
    if len(top) < 2 and not top - others:
        return None  # one word in common is a coincidence, unless no other city's sentences hold it ("东湖")
    if len(scored) > 1 and scored[1][0] >= scored[0][0]:
        return None
    return scored[0][1]


def _about(hit: SentenceHit) -> str | None:
    named = _mentioned_cities(hit.sentence)
    if len(named) == 1:
        return next(iter(named))
    return hit.source.city if not named and hit.source.city in SAMPLE_CITIES else None
