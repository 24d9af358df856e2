#!/usr/bin/env python3
"""Generate a synthetic policy list for the benchmarks, in the import CSV format.

SYNTHETIC BENCHMARK DATA: every document, 文号, unit assignment, person and phone
number is made up; the text only has the shape of a district's policy list.

    python3 bench/gen_corpus.py N OUT.csv [--seed S] [--doc-start K] [--stats]

* N items, 10 items per document, written row by row (N = 1,000,000 takes well
  under a minute and little memory).
* Deterministic: the same N, seed and doc-start give a byte-identical file, and
  a smaller N is a prefix of a larger one.
* Each item is a distinct policy (its title carries the list's item number),
  except that some documents revise an earlier one: their items keep the
  earlier items' titles and so are new versions of those policies, as a
  re-issued document's are (the portal folds versions by normalised title).
  A title pool without numbers would make every title a version of thousands
  of others, and the folded search would list a few dozen policies.
* --doc-start K numbers documents from K + 1, so a second file (another seed)
  adds new items and new documents instead of updating existing ones; the bench
  uses it for the "import into a running portal" step.
* Only values the importer accepts (server/src/policies/import.rs, app/src/policies/vocab.rs):
  sizes 大型/中型/小型/微型, regions and qualifications from the fixed
  vocabularies, 兑现方式 免申即享/依申请, dates YYYY-MM-DD, phones 0532-8xxxxxxx.
* The query terms of the bench appear at deliberately different frequencies
  (share of items whose title, document title, text or qualifications contain
  the term, seed 20260101: 补贴 34 %, 高新技术企业 23 %, 创业 20 %, 技术改造 15 %,
  贴息 13 %, 上市 12 %, 房租 8 %, 担保费 1.9 %, 出口信用保险 1.8 %);
  --stats prints the actual shares.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import random
import sys
import time

HEADER = [
    "政策编号", "政策名称", "文件名称", "文号", "发布单位", "执行单位", "政策解读人", "解读人电话",
    "政策类别", "支持方式", "政策内容", "适用行业", "适用规模", "适用区域", "资质要求", "兑现方式",
    "生效日期", "失效日期",
]

# The bench's query set; used only for --stats.
TERMS = ["高新技术企业", "技术改造", "出口信用保险", "担保费", "贴息", "房租", "上市", "创业", "补贴"]

ITEMS_PER_DOC = 10
# Share of documents that revise one of the last RECENT_DOCS documents.
REVISED = 0.15
RECENT_DOCS = 1000

# ------------------------------------------------------------- vocabularies
# Same values as app/src/policies/vocab.rs (what the importer and the profile accept).

INDUSTRIES = [
    "农林牧渔业", "制造业", "建筑业", "批发零售业", "交通运输仓储邮政业", "住宿餐饮业",
    "信息技术服务业", "金融业", "房地产业", "租赁商务服务业", "科学研究技术服务业",
    "文化体育娱乐业", "卫生社会工作", "教育",
]
REGIONS = [
    "黄岛街道", "辛安街道", "薛家岛街道", "长江路街道", "红石崖街道", "灵珠山街道",
    "灵山卫街道", "隐珠街道", "珠海街道", "滨海街道", "铁山街道", "王台街道",
    "张家楼街道", "琅琊镇", "泊里镇", "大场镇", "大村镇", "六汪镇", "宝山镇", "藏南镇", "海青镇",
]
QUALIFICATIONS = [
    "高新技术企业", "科技型中小企业", "专精特新", "小巨人", "规上企业", "瞪羚企业",
    "隐形冠军", "外资企业", "上市企业",
]

# Issuing units with their 文号 abbreviation and weight.
ISSUERS = [
    ("区人民政府", "区政发", 30), ("区人民政府办公室", "区政办发", 20), ("区委、区人民政府", "区发", 4),
    ("区委组织部", "区组通字", 3), ("区发展和改革局", "区发改发", 4), ("区人力资源和社会保障局", "区人社发", 5),
    ("区商务局", "区商务发", 4), ("区科学技术局", "区科技发", 4), ("区地方金融监督管理局", "区金融发", 3),
    ("区海洋发展局", "区海发", 3), ("区农业农村局", "区农发", 3), ("区行政审批服务局", "区审批发", 2),
    ("区工业和信息化局", "区工信发", 4), ("区财政局", "区财发", 2),
]

# category -> (executing units, support types, document themes)
CATEGORIES = {
    "科技创新": (["区科学技术局", "区市场监督管理局", "区大数据发展管理局"],
             ["资金补助", "奖励", "贷款贴息"], ["加快科技创新", "推动高新技术产业发展", "强化企业创新主体地位"]),
    "产业发展": (["区工业和信息化局", "区发展和改革局", "区大数据发展管理局"],
             ["资金补助", "奖励", "贷款贴息"], ["推动制造业高质量发展", "促进工业稳增长", "加快数字经济发展"]),
    "金融支持": (["区地方金融监督管理局", "区财政局"],
             ["贷款贴息", "融资担保", "奖励", "资金补助"], ["强化金融服务实体经济", "推进企业上市", "缓解中小企业融资难融资贵"]),
    "外贸外资": (["区商务局", "区投资促进中心"],
             ["资金补助", "奖励"], ["稳外贸稳外资", "促进外贸高质量发展", "扩大对外开放"]),
    "稳岗就业": (["区人力资源和社会保障局"],
             ["社保补贴", "资金补助", "贷款贴息"], ["做好稳就业工作", "支持大众创业万众创新", "促进高校毕业生就业创业"]),
    "人才引进": (["区委组织部人才工作办公室", "区人力资源和社会保障局", "区住房和城乡建设局"],
             ["人才服务", "资金补助", "奖励"], ["实施人才强区战略", "加快集聚创新创业人才"]),
    "招商引资": (["区投资促进中心", "区发展和改革局", "区自然资源局"],
             ["奖励", "房租减免", "用地保障", "资金补助"], ["加强双招双引工作", "支持总部经济发展"]),
    "税费减免": (["区税务局", "区财政局"],
             ["税费减免"], ["减轻企业税费负担", "落实减税降费政策"]),
    "行政审批": (["区行政审批服务局", "区市场监督管理局", "区住房和城乡建设局"],
             ["审批便利", "政府采购"], ["优化营商环境", "深化放管服改革"]),
    "农业农村": (["区农业农村局"],
             ["资金补助", "贷款贴息", "奖励"], ["推进乡村振兴", "加快农业现代化"]),
    "海洋经济": (["区海洋发展局"],
             ["资金补助", "奖励"], ["加快海洋经济发展", "建设现代海洋产业体系"]),
    "文化旅游": (["区文化和旅游局"],
             ["资金补助", "奖励", "房租减免"], ["促进文化旅游融合发展", "提振文旅消费"]),
    "绿色低碳": (["区发展和改革局", "区生态环境分局", "区工业和信息化局"],
             ["资金补助", "奖励"], ["推动绿色低碳发展", "加强节能降碳"]),
}
CATEGORY_WEIGHTS = {
    "科技创新": 14, "产业发展": 12, "金融支持": 9, "外贸外资": 6, "稳岗就业": 10, "人才引进": 8,
    "招商引资": 7, "税费减免": 6, "行政审批": 6, "农业农村": 8, "海洋经济": 5, "文化旅游": 5, "绿色低碳": 4,
}

# Who a clause is about. 高新技术企业 is common; the rest give the text variety.
SUBJECTS = [
    ("高新技术企业", 14), ("科技型中小企业", 8), ("规模以上工业企业", 8), ("专精特新企业", 5),
    ("小微企业", 8), ("外贸企业", 3), ("农业产业化龙头企业", 3), ("海洋渔业企业", 2),
    ("软件和信息技术服务企业", 3), ("新落户企业", 3), ("民营企业", 6), ("个体工商户", 3),
    ("物流企业", 2), ("文化旅游企业", 2), ("总部企业", 2), ("瞪羚企业", 2), ("制造业企业", 6),
]
USES = ["购置生产设备", "技术研发", "扩大生产", "流动资金周转", "数字化改造", "新建厂房", "智能化升级"]

# Clause templates per category: (weight, title, text). Slots: {s} subject,
# {i} industry, {p}/{q} percentages, {a}/{b} amounts (万元), {y} years, {n} count,
# {u} use of a loan, {r} yuan.
CLAUSES = {
    "科技创新": [
        (6, "{s}技术改造补贴", "对{s}技术改造的，按比例给予补贴，按照设备投资额的{p}%给予补贴，单个项目最高{a}万元。"),
        (5, "高新技术企业认定奖励", "对首次认定的高新技术企业给予一次性奖励{a}万元；对重新认定的高新技术企业给予{b}万元奖励。"),
        (6, "企业研发投入补助", "对{s}年度研发投入较上年增长{p}%以上的，按照增量部分的{q}%给予研发补助，每年最高{a}万元。"),
        (3, "研发平台建设奖励", "支持{s}建设工程技术研究中心、重点实验室，经认定为省级以上的，给予{a}万元一次性奖励。"),
        (3, "知识产权质押融资贴息", "对以专利权质押方式获得银行贷款的{s}，按照实际发生利息的{p}%给予贴息，每年最高{b}万元。"),
        (2, "初创科技企业扶持", "对成立{y}年以内、入驻孵化器的初创科技企业，经评审给予最高{a}万元创业启动资金支持。"),
    ],
    "产业发展": [
        (6, "{s}技术改造项目补助", "对{s}实施技术改造、设备投资额在{a}万元以上的项目，按照设备投资额的{p}%给予补助。"),
        (4, "智能化改造补助", "对{s}实施智能化改造、数字化转型的项目，按照项目实际投资的{p}%给予补贴，最高{a}万元。"),
        (4, "规上企业培育奖励", "对首次纳入规模以上统计的{s}，给予{b}万元一次性奖励；连续三年增长的，再给予{b}万元奖励。"),
        (3, "技改项目贷款贴息", "对{s}技术改造项目贷款，按照贷款市场报价利率的{p}%给予贴息，贴息期限不超过{y}年。"),
        (3, "专精特新企业奖励", "对新认定的国家级专精特新“小巨人”企业给予{a}万元奖励，对省级专精特新企业给予{b}万元奖励。"),
    ],
    "金融支持": [
        (2, "融资担保费补贴", "对{s}通过区融资担保机构获得贷款的，按照实际发生担保费的{p}%给予补贴，每年最高{b}万元。"),
        (5, "贷款贴息", "对{s}获得银行贷款用于{u}的，按照贷款市场报价利率的{p}%给予贴息，贴息期限不超过{y}年。"),
        (5, "企业上市奖励", "对在境内外证券交易所首发上市的企业，分阶段给予最高{a}万元奖励；在新三板挂牌的给予{b}万元奖励。"),
        (3, "股份制改造奖励", "对{s}完成股份制改造并在区域性股权市场挂牌的，给予{b}万元奖励，为后续上市打好基础。"),
        (3, "发行债券补助", "对{s}发行企业债券、公司债券的，按照发行额的{q}‰给予补助，单个企业最高{a}万元。"),
        (2, "应急转贷服务", "设立{a}万元应急转贷资金，为{s}提供过桥服务，资金使用费按日{q}‰收取。"),
    ],
    "外贸外资": [
        (2, "出口信用保险保费补贴", "对{s}投保短期出口信用保险的，按照实际缴纳保费的{p}%给予补贴，每家最高{b}万元。"),
        (4, "进出口增长奖励", "对年度进出口额增长{p}%以上的{s}，给予{b}万元奖励。"),
        (4, "境外展会补助", "对{s}参加境外展会的，按照展位费的{p}%给予补助，每家最高{b}万元。"),
        (3, "外资到账奖励", "对新设外资企业实际使用外资达到{a}万美元的，按照实际到账外资的{q}%给予奖励。"),
    ],
    "稳岗就业": [
        (6, "一次性创业补贴", "对高校毕业生、返乡人员首次创业并正常经营{n}个月以上的，给予{b}万元一次性创业补贴。"),
        (4, "创业场地房租补贴", "对入驻创业孵化基地的初创企业，按照实际租用场地的房租给予{p}%补贴，期限不超过{y}年。"),
        (5, "社会保险补贴", "对{s}吸纳登记失业人员就业并缴纳社会保险的，按照每人每月{r}元给予社会保险补贴。"),
        (4, "创业担保贷款贴息", "个人创业担保贷款最高{b}万元，小微企业创业担保贷款最高{a}万元，按规定给予全额贴息。"),
        (4, "失业保险稳岗返还", "对不裁员或少裁员的{s}，按照上年度实际缴纳失业保险费的{p}%返还。"),
    ],
    "人才引进": [
        (5, "高层次人才安家补贴", "对新引进的高层次人才给予最高{a}万元安家补贴，不购房的可申请入住人才公寓。"),
        (4, "青年人才生活补贴", "对新引进到{s}工作的全日制硕士、博士研究生，按照每人每月{r}元发放生活补贴，最长{y}年。"),
        (3, "人才创业扶持", "对高层次人才携带项目来区创业且企业成立{y}年以内的，经评审给予最高{a}万元创业资助。"),
        (3, "企业引才补贴", "对{s}通过人力资源服务机构引进急需紧缺人才的，按照引才费用的{p}%给予补贴。"),
    ],
    "招商引资": [
        (5, "总部企业办公用房补贴", "对新引进的总部企业租赁自用办公用房的，前{y}年按照房租的{p}%给予补贴，每年最高{b}万元。"),
        (4, "新落户企业投资奖励", "对新落户的{s}，按照固定资产投资额的{q}%给予奖励，最高{a}万元。"),
        (3, "购置办公用房补助", "对{s}购置自用办公用房的，按照购房价款的{q}%给予补助，最高{a}万元。"),
        (3, "招商引荐奖励", "对引荐行业龙头企业来区投资且项目落地的中介机构，按照实际到位资金的{q}‰给予奖励。"),
    ],
    "税费减免": [
        (4, "小型微利企业所得税优惠", "对小型微利企业年应纳税所得额不超过{a}万元的部分，减按{q}%计入应纳税所得额。"),
        (4, "高新技术企业所得税优惠", "对国家重点扶持的高新技术企业，减按15%的税率征收企业所得税。"),
        (3, "城镇土地使用税减免", "对{s}缴纳的城镇土地使用税，符合条件的按规定给予减免。"),
        (3, "国有房产房租减免", "对承租国有资产类经营用房的{s}，减免{n}个月房租。"),
        (3, "研发费用加计扣除", "{s}开展研发活动实际发生的研发费用，按照实际发生额的100%在税前加计扣除。"),
    ],
    "行政审批": [
        (4, "拿地即开工", "对{s}投资建设项目实行“拿地即开工”审批服务，审批时限压缩至{n}个工作日以内。"),
        (4, "企业开办一日办结", "企业开办实行“一网通办”，营业执照、印章、发票{n}个工作日内办结，首套印章免费刻制。"),
        (3, "告知承诺审批", "对{n}项涉企经营许可事项实行告知承诺制，申请人书面承诺符合条件的当场作出审批决定。"),
    ],
    "农业农村": [
        (4, "农业龙头企业奖励", "对新认定的区级以上农业产业化龙头企业，给予{b}万元奖励。"),
        (4, "设施农业补助", "对{s}新建高标准农田、设施农业的，按照投资额的{p}%给予补助，最高{a}万元。"),
        (3, "涉农贷款贴息", "对农业经营主体获得银行贷款用于{u}的，按照实际利息的{p}%给予贴息。"),
        (2, "返乡创业扶持", "对返乡创业的农民工、大学生创办家庭农场的，给予{b}万元创业补贴。"),
    ],
    "海洋经济": [
        (4, "海洋牧场建设补助", "对{s}新建海洋牧场、远洋渔船项目的，按照投资额的{p}%给予补助，最高{a}万元。"),
        (3, "海洋高新技术企业技改补助", "对海洋领域高新技术企业实施技术改造的，给予{b}万元补助。"),
        (3, "海洋产业贷款贴息", "对海洋渔业企业购置渔船、养殖设施的贷款，按照贷款利息的{p}%给予贴息。"),
    ],
    "文化旅游": [
        (4, "A级景区奖励", "对新评定的国家4A级、5A级旅游景区，分别给予{b}万元、{a}万元奖励。"),
        (3, "文旅节会补贴", "对{s}举办文化旅游节会活动的，按照实际投入的{p}%给予补贴。"),
        (2, "文创园区房租补贴", "对入驻文化创意产业园区的小微企业，按照房租的{p}%给予补贴，期限{y}年。"),
    ],
    "绿色低碳": [
        (4, "节能技术改造奖励", "对{s}实施节能技术改造、年节能量达到{n}吨标准煤以上的，按照每吨标准煤{r}元给予奖励。"),
        (3, "分布式光伏补贴", "对新建分布式光伏项目，按照装机容量给予每千瓦{r}元补贴。"),
        (3, "绿色工厂奖励", "对新认定的国家级、省级绿色工厂，分别给予{a}万元、{b}万元奖励。"),
    ],
}

# Sentences appended to some items (weight, text); rarer terms live here too.
EXTRAS = [
    (20, "同一项目已获得市级以上同类资金支持的，区级按差额给予补足。"),
    (20, "申报企业应在区内依法注册、依法纳税，且统计关系在区内。"),
    (14, "奖补资金由区财政按规定列支，实行绩效管理。"),
    (12, "企业存在严重失信行为或近三年发生重大安全、环保、质量事故的，不得享受本政策。"),
    (6, "同一事项按照“就高不就低”原则执行，不重复享受区级同类补贴。"),
    (4, "拟上市企业在改制过程中涉及的补办手续，由相关部门协调办理。"),
    (3, "鼓励大学生创业，优先提供创业场地和创业指导服务。"),
    (1, "融资担保机构对小微企业的担保费率原则上不超过1%。"),
    (2, "对符合条件的高新技术企业，可同时申请技术改造项目支持。"),
    (1, "对投保出口信用保险的企业，优先推荐参加各类展会。"),
    (1, "对承租区属国有房产的，可按规定减免房租。"),
]

SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶潘杜戴夏钟汪田任姜范方石姚谭廖邹金陆郝孔崔康毛邱秦江史顾侯邵孟万段钱汤尹常武乔贺龚"
GIVEN = ["伟", "芳", "敏", "静", "磊", "军", "洋", "勇", "艳", "杰", "涛", "超", "鹏", "宁", "斌", "琳",
         "文静", "海涛", "晓燕", "国强", "振华", "立新", "春雷", "晓梅", "志刚", "玉兰", "建国", "永强",
         "丽娜", "俊杰", "明辉", "晓东", "海燕", "建华", "宏伟", "新民", "晓琳", "学军", "庆丰", "子龙"]

BASE_DATE = dt.date(2018, 1, 1)
DATE_SPAN_DAYS = (dt.date(2026, 10, 31) - BASE_DATE).days


def weighted(pairs):
    """(values, cumulative weights) for random.choices."""
    values = [v for v, _ in pairs]
    cum, total = [], 0
    for _, w in pairs:
        total += w
        cum.append(total)
    return values, cum


class Generator:
    def __init__(self, seed: int, doc_start: int):
        self.rng = random.Random(seed)
        self.doc_start = doc_start
        self.issuers = weighted([((name, abbr), w) for name, abbr, w in ISSUERS])
        self.categories = weighted(list(CATEGORY_WEIGHTS.items()))
        self.subjects = weighted(SUBJECTS)
        self.clauses = {c: weighted([((t, x), w) for w, t, x in items]) for c, items in CLAUSES.items()}
        self.extras = weighted([(x, w) for w, x in EXTRAS])
        # Interpreters: a fixed pool per executing unit, from their own seed so
        # the pool does not depend on the corpus seed.
        pool_rng = random.Random(8)
        units = sorted({u for units, _, _ in CATEGORIES.values() for u in units})
        self.interpreters = {
            u: [(pool_rng.choice(SURNAMES) + pool_rng.choice(GIVEN), f"0532-8{pool_rng.randrange(10**7):07d}")
                for _ in range(4)]
            for u in units
        }
        self.date_strings = {}
        # Recent documents' items (category, clause, title), for revisions to reuse.
        self.recent = []
        self.lineages = 0

    def pick(self, table):
        values, cum = table
        return self.rng.choices(values, cum_weights=cum)[0]

    def date(self, day: int) -> str:
        s = self.date_strings.get(day)
        if s is None:
            s = (BASE_DATE + dt.timedelta(days=day)).isoformat()
            self.date_strings[day] = s
        return s

    def fill(self, template: str) -> str:
        r = self.rng
        if "{" not in template:
            return template
        return template.format(
            s=self.pick(self.subjects),
            i=r.choice(INDUSTRIES),
            p=r.choice((10, 15, 20, 25, 30, 40, 50, 60, 80)),
            q=r.choice((1, 2, 3, 5, 8)),
            a=r.choice((50, 100, 200, 300, 500, 1000)),
            b=r.choice((2, 3, 5, 10, 20, 30)),
            y=r.choice((1, 2, 3, 5)),
            n=r.choice((3, 5, 6, 10, 12, 15, 20)),
            u=r.choice(USES),
            r=r.choice((200, 300, 500, 800, 1000, 1500, 2000)),
        )

    def documents(self, n_items: int):
        """Yields CSV rows, ITEMS_PER_DOC per document."""
        r = self.rng
        doc = self.doc_start
        remaining = n_items
        while remaining > 0:
            doc += 1
            count = min(ITEMS_PER_DOC, remaining)
            remaining -= count
            issuer, abbr = self.pick(self.issuers)
            theme_cat = self.pick(self.categories)
            theme = r.choice(CATEGORIES[theme_cat][2])
            publish = r.randrange(DATE_SPAN_DAYS)
            year = (BASE_DATE + dt.timedelta(days=publish)).year
            number = f"{abbr}〔{year}〕{doc}号"
            title = f"关于{theme}的若干政策措施（第{doc}号）"
            # A revision re-issues a recent document's policies under their titles.
            revised = self.recent[r.randrange(len(self.recent))] if self.recent and r.random() < REVISED else None
            lineage = []
            valid_from = self.date(publish + 10)
            # Half are open-ended; the rest run three to five years (some have lapsed).
            valid_until = "" if r.random() < 0.5 else self.date(publish + 10 + r.choice((1095, 1460, 1825)))
            for k in range(1, count + 1):
                if revised is not None and k <= len(revised):
                    cat, name_t, text_t, item_title = revised[k - 1]
                else:
                    cat = theme_cat if r.random() < 0.7 else self.pick(self.categories)
                    name_t, text_t = self.pick(self.clauses[cat])
                    item_title = None
                units, supports, _ = CATEGORIES[cat]
                unit = r.choice(units)
                person, phone = r.choice(self.interpreters[unit])
                content = self.fill(text_t)
                x = r.random()
                if x < 0.4:
                    content += self.pick(self.extras)
                elif x < 0.65:
                    content += self.fill(self.pick(self.clauses[cat])[1])
                    content += self.pick(self.extras)
                if r.random() < 0.3:
                    m = r.randint(1, 10)
                    content += f"申报时间为每年{m}月{r.randint(1, 15)}日至{m + r.randint(1, 2)}月{r.randint(10, 30)}日，逾期不予受理。"
                if item_title is None:
                    self.lineages += 1
                    name = self.fill(name_t) if "{" in name_t else name_t
                    item_title = f"{name}（第{self.lineages}项）"
                lineage.append((cat, name_t, text_t, item_title))
                yield [
                    f"BM-{doc:07d}-{k:02d}",
                    item_title,
                    title,
                    number,
                    issuer,
                    unit,
                    person,
                    phone,
                    cat,
                    r.choice(supports),
                    content,
                    self.industries(),
                    self.sizes(),
                    self.regions(),
                    self.qualifications(content),
                    "免申即享" if r.random() < 0.15 else "依申请",
                    valid_from,
                    valid_until,
                ]
            self.recent.append(lineage)
            if len(self.recent) > RECENT_DOCS:
                self.recent.pop(0)

    def industries(self) -> str:
        x = self.rng.random()
        if x < 0.55:
            return "全部"
        k = 1 if x < 0.85 else 2
        return "、".join(self.rng.sample(INDUSTRIES, k))

    def sizes(self) -> str:
        x = self.rng.random()
        if x < 0.7:
            return "全部"
        if x < 0.85:
            return "中型、小型、微型"
        if x < 0.95:
            return "小型、微型"
        return self.rng.choice(("大型", "中型、大型", "微型"))

    def regions(self) -> str:
        if self.rng.random() < 0.85:
            return "全区"
        return "、".join(self.rng.sample(REGIONS, self.rng.randint(1, 4)))

    def qualifications(self, content: str) -> str:
        # Clauses about 高新技术企业 usually require it; others rarely require anything.
        r = self.rng
        if "高新技术企业" in content and r.random() < 0.6:
            return "高新技术企业" if r.random() < 0.7 else "高新技术企业、科技型中小企业"
        if r.random() < 0.2:
            return "、".join(r.sample(QUALIFICATIONS, r.randint(1, 2)))
        return ""


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("n", type=int, help="number of policy items")
    ap.add_argument("out", help="output CSV path")
    ap.add_argument("--seed", type=int, default=20260101)
    ap.add_argument("--doc-start", type=int, default=0, help="number documents from K + 1")
    ap.add_argument("--stats", action="store_true", help="print the share of items containing each query term")
    args = ap.parse_args()
    if args.n <= 0:
        ap.error("N must be positive")
    started = time.perf_counter()
    gen = Generator(args.seed, args.doc_start)
    hits = dict.fromkeys(TERMS, 0)
    with open(args.out, "w", encoding="utf-8", newline="", buffering=1 << 20) as f:
        w = csv.writer(f)  # RFC 4180, CRLF line ends
        w.writerow(HEADER)
        if args.stats:
            for row in gen.documents(args.n):
                text = row[1] + row[2] + row[10] + row[14]
                for t in TERMS:
                    if t in text:
                        hits[t] += 1
                w.writerow(row)
        else:
            w.writerows(gen.documents(args.n))
    elapsed = time.perf_counter() - started
    print(f"wrote {args.n} items ({-(-args.n // ITEMS_PER_DOC)} documents) to {args.out} in {elapsed:.1f} s",
          file=sys.stderr)
    if args.stats:
        for t in TERMS:
            print(f"  {t}: {hits[t]} items ({100 * hits[t] / args.n:.1f} %)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
