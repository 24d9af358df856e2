#!/usr/bin/env python3
"""Generate data/samples/tasks.csv — the bundled sample 改革攻坚任务清单 (reform-task ledger).

ILLUSTRATIVE SAMPLE DATA. Every task, target, unit assignment, person's name and
deadline in the output was written (or generated) by the Qingdan project in the
shape of a district's reform-task ledger: 294 tasks in 17 areas from 5 sources.
It is NOT the real ledger of any district. Only the areas 工程建设项目审批 and
不动产登记 are named in the district's report; the other 15 follow the indicators
of China's business-environment evaluation (中国营商环境评价), which is what such
ledgers are organised by (README).

Deterministic: standard library only, fixed seed.  Usage:  python3 data/samples/gen_tasks.py [OUT.csv]
"""

from __future__ import annotations

import csv
import random
import sys
from pathlib import Path

SEED = 20200528
OUT = Path(__file__).resolve().parent / "tasks.csv"
TOTAL = 294

HEADER = ["任务编号", "改革领域", "任务来源", "任务内容", "工作目标", "责任单位", "主要责任人", "分管责任人", "具体责任人", "完成时限"]

SOURCES = ["深圳市", "上海市", "山东省", "青岛市", "本区"]

# area → (responsible units, [(task content, target)])
AREAS = {
    "开办企业": (["区行政审批服务局", "区市场监督管理局"], [
        ("推行企业开办全程网办", "企业开办 1 个环节、0.5 个工作日内办结、零费用"),
        ("推广电子营业执照和电子印章同步发放", "新开办企业电子印章免费发放率 100%"),
        ("实行企业名称自主申报", "名称自主申报率达到 95% 以上"),
        ("推进企业开办一窗通办", "申请材料压减至 3 份以内"),
    ]),
    "工程建设项目审批": (["区住房和城乡建设局", "区行政审批服务局", "区自然资源局"], [
        ("深化工程建设项目审批制度改革", "一般社会投资项目全流程审批时间压减至 40 个工作日以内"),
        ("推行区域评估成果共享", "区域评估覆盖全部重点园区"),
        ("推行施工图联合审查", "施工图审查时间压减至 7 个工作日"),
        ("实行竣工联合验收", "联合验收 5 个工作日内办结"),
        ("推进小型低风险项目告知承诺制", "小型低风险项目审批 15 个工作日内办结"),
    ]),
    "获得电力": (["区发展和改革局", "区行政审批服务局"], [
        ("压减低压小微企业接电环节", "低压小微企业接电 2 个环节、零费用"),
        ("推行电力外线工程并联审批", "外线工程审批 5 个工作日内办结"),
        ("提升供电可靠性", "城市用户平均停电时间较上年下降 10%"),
    ]),
    "获得用水用气": (["区住房和城乡建设局", "区城市管理局"], [
        ("压缩用水报装时间", "无外线工程用水报装 3 个工作日内通水"),
        ("推行用气报装网上办理", "用气报装全程网办率 100%"),
        ("实行水电气联合报装", "水电气报装一表申请、一窗受理"),
    ]),
    "不动产登记": (["区自然资源局", "区税务局", "区住房和城乡建设局"], [
        ("优化不动产登记流程", "一般登记和抵押登记 1 个工作日内办结"),
        ("推行不动产登记与水电气联动过户", "联动过户覆盖全部二手房交易"),
        ("推进不动产登记税费一窗办理", "登记税费一次缴纳"),
        ("推广不动产抵押登记进银行", "合作银行网点覆盖率 80% 以上"),
    ]),
    "纳税": (["区税务局"], [
        ("扩大非接触式办税范围", "主要涉税事项网上办理率 95% 以上"),
        ("压缩纳税时间", "企业年纳税时间压缩至 100 小时以内"),
        ("推行增值税留抵退税快速办理", "留抵退税 3 个工作日内到账"),
    ]),
    "跨境贸易": (["区商务局", "区发展和改革局"], [
        ("压缩整体通关时间", "进出口整体通关时间较 2017 年压缩一半"),
        ("推进国际贸易单一窗口应用", "主要申报业务应用率 100%"),
        ("降低进出口环节合规成本", "集装箱进出口合规成本下降 20%"),
    ]),
    "获得信贷": (["区财政局", "区地方金融监督管理局"], [
        ("推进政府性融资担保扩面降费", "担保费率降至 1% 以下"),
        ("推广应收账款融资服务", "应收账款融资平台注册企业增长 30%"),
        ("建设中小企业信用信息共享平台", "归集信用信息覆盖全部在册企业"),
    ]),
    "保护中小投资者": (["区司法局", "区市场监督管理局"], [
        ("完善中小投资者纠纷多元化解机制", "证券期货纠纷调解组织覆盖全区"),
        ("加强上市公司信息披露监管协作", "建立信息共享机制"),
    ]),
    "执行合同": (["区人民法院", "区司法局"], [
        ("压缩商事案件审理周期", "商事案件平均审理周期压缩 15%"),
        ("推进网上立案和电子送达", "网上立案率达到 80% 以上"),
        ("完善诉调对接机制", "诉前调解成功率 30% 以上"),
    ]),
    "办理破产": (["区人民法院", "区市场监督管理局"], [
        ("建立企业破产府院联动机制", "形成常态化联动工作机制"),
        ("推行简易破产程序", "简易破产案件 6 个月内审结"),
    ]),
    "政府采购": (["区财政局"], [
        ("推行政府采购全流程电子化", "电子化采购率 100%"),
        ("降低供应商参与成本", "全面取消投标保证金"),
        ("加快政府采购资金支付", "合同约定条件成就后 5 个工作日内支付"),
    ]),
    "招标投标": (["区发展和改革局", "区公共资源交易中心"], [
        ("推进招标投标全流程电子化", "电子招标投标率 100%"),
        ("清理招标投标领域不合理限制", "清理规定全部公开"),
        ("推行电子保函替代保证金", "电子保函使用率 60% 以上"),
    ]),
    "劳动力市场监管": (["区人力资源和社会保障局"], [
        ("推行用工备案和社保登记一体化", "新招用员工登记一次办结"),
        ("建立根治欠薪长效机制", "欠薪案件动态清零"),
        ("完善劳动人事争议调解仲裁", "仲裁结案率 95% 以上"),
    ]),
    "知识产权创造保护和运用": (["区市场监督管理局", "区科学技术局"], [
        ("建设知识产权快速维权中心", "维权案件平均处理时间压缩至 30 天"),
        ("推进知识产权质押融资", "质押融资额较上年增长 20%"),
        ("加强商标专利侵权执法", "侵权案件办结率 100%"),
    ]),
    "市场监管": (["区市场监督管理局", "区商务局"], [
        ("全面推行“双随机、一公开”监管", "部门联合抽查比例 30% 以上"),
        ("推行包容审慎监管", "轻微违法行为免罚清单覆盖主要执法领域"),
        ("推进信用分级分类监管", "重点领域信用分类覆盖率 100%"),
    ]),
    "政务服务": (["区行政审批服务局", "区大数据发展管理局"], [
        ("推进政务服务一网通办", "网上可办率 100%，除特殊情形外一网通办"),
        ("推行“一件事”集成服务", "高频“一件事”全部上线"),
        ("推进政务服务事项下放镇街", "高频民生事项镇街可办率 90% 以上"),
        ("建设 24 小时自助服务区", "自助终端覆盖全部镇街便民服务中心"),
        ("推行证明事项告知承诺制", "证明事项告知承诺覆盖率 60% 以上"),
    ]),
}

SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕"
GIVEN = ["建国", "海燕", "志强", "晓明", "丽华", "国庆", "红梅", "文斌", "秀英", "立新", "春生", "玉兰", "振华", "雪梅", "德胜", "晓东"]
QUALIFIERS = ["全面", "深入", "持续", "加快", "着力"]
PHASES = ["（第一阶段）", "（第二阶段）", "（深化）", "（巩固提升）", ""]


def name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + rng.choice(GIVEN)


def rows() -> list[list[str]]:
    rng = random.Random(SEED)
    areas = list(AREAS.items())
    # Every area gets at least 12 tasks; the rest follow each area's weight.
    counts = {area: 12 for area, _ in areas}
    extra = TOTAL - 12 * len(areas)
    for _ in range(extra):
        area = rng.choice(areas)[0]
        counts[area] += 1
    out = []
    persons = {}
    for a_no, (area, (units, templates)) in enumerate(areas, start=1):
        for i in range(counts[area]):
            content, target = templates[i % len(templates)]
            phase = PHASES[(i // len(templates)) % len(PHASES)]
            unit = units[i % len(units)]
            if unit not in persons:
                persons[unit] = (name(rng), name(rng))
            main, charge = persons[unit]
            source = SOURCES[(a_no + i) % len(SOURCES)]
            # A ledger for the year ahead of the sample's "today" (2026-12).
            month = rng.choice([3, 6, 6, 9, 9, 12])
            deadline = f"2027-{month:02d}-{28 if month != 12 else 31}"
            out.append([
                f"GG{a_no:02d}{i + 1:03d}", area, source,
                f"{rng.choice(QUALIFIERS)}{content}{phase}（对标{source}）",
                target, unit, main, charge, name(rng), deadline,
            ])
    assert len(out) == TOTAL
    return out


def main() -> None:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else OUT
    data = rows()
    with out.open("w", encoding="utf-8", newline="") as f:
        f.write("\ufeff")
        w = csv.writer(f)
        w.writerow(HEADER)
        w.writerows(data)
    print(f"wrote {len(data)} tasks to {out}")


if __name__ == "__main__":
    main()
