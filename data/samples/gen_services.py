#!/usr/bin/env python3
"""Generate data/samples/services.csv — the bundled sample 高频和重点民生服务事项优化清单.

ILLUSTRATIVE SAMPLE DATA. Every service, unit assignment, address, telephone
number, time limit, caseload and target in the output was written (or
generated) by the Qingdan project in the shape of a district's livelihood
service list. It is NOT the real list of any district. Only the life events
新生儿出生 and 入学 are named in the district's report; the other 13 follow
common Chinese life-event catalogues.

Deterministic: standard library only, fixed seed; running it twice produces a
byte-identical file.  Usage:  python3 data/samples/gen_services.py [OUT.csv]
"""

from __future__ import annotations

import csv
import random
import sys
from pathlib import Path

SEED = 20200528
OUT = Path(__file__).resolve().parent / "services.csv"

HEADER = [
    "事项编码", "事项名称", "生活事件", "实施单位", "办理层级", "办理地点", "办公时间", "咨询电话",
    "投诉电话", "法定时限", "承诺时限", "申请材料", "跑动次数", "网办深度", "掌上办", "收费标准",
    "设定依据", "年办件量", "基准承诺时限", "目标承诺时限", "基准材料数", "目标材料数", "基准跑动次数",
    "目标跑动次数", "基准网办深度", "目标网办深度", "基准办理层级", "目标办理层级", "对标地区",
    "一件事编号", "一件事名称", "一件事牵头单位",
]

HALL = "区政务服务中心（示例路 1 号）"
HOURS = "工作日 9:00-12:00，13:30-17:00（示例）"
COMPLAINT = "0532-8675-0000"
TOWNSHIPS = ["黄岛街道", "辛安街道", "薛家岛街道", "长江路街道", "灵珠山街道", "隐珠街道"]
BENCHMARKS = ["上海市", "深圳市", "浙江省", "北京市", "广州市", "杭州市"]

ID = "居民身份证（1份，原件）"
HUKOU = "居民户口簿（1份，原件）"
PHOTO = "近期免冠照片（2份，原件）"
FORM = "申请表（1份，原件）"
MARRIAGE = "结婚证（1份，复印件）"
BIRTH_CERT = "出生医学证明（1份，原件）"
PARENTS_ID = "父母居民身份证（2份，复印件）"
HOUSE = "不动产权证书（1份，原件）"
CONTRACT = "房屋买卖合同（1份，原件）"
BANK = "本人银行卡（1份，复印件）"
SOCIAL = "社会保障卡（1份，原件）"
DEATH = "居民死亡医学证明（推断）书（1份，原件）"
DISCHARGE = "退役证（1份，原件）"
DISABILITY = "残疾人证（1份，原件）"
DIAGNOSIS = "医院诊断证明（1份，原件）"
LICENSE = "机动车驾驶证（1份，原件）"

# (life event, unit, [(service, legal days, [materials], bundle or None)])
CATALOGUE = [
    ("新生儿出生", "区卫生健康局", [
        ("出生医学证明首次签发", 5, [PARENTS_ID, MARRIAGE, "住院分娩记录（1份，复印件）"], "YJS-01"),
        ("新生儿入户登记", 3, [BIRTH_CERT, HUKOU, PARENTS_ID, MARRIAGE], "YJS-01"),
        ("新生儿医保参保登记", 1, [BIRTH_CERT, HUKOU], "YJS-01"),
        ("新生儿社会保障卡申领", 10, [BIRTH_CERT, HUKOU, PHOTO], "YJS-01"),
        ("预防接种证办理", 1, [BIRTH_CERT, PARENTS_ID], "YJS-01"),
        ("生育登记服务", 1, [PARENTS_ID, MARRIAGE], None),
        ("出生医学证明补发", 20, [PARENTS_ID, "补发申请书（1份，原件）"], None),
        ("生育医疗费用报销", 15, [ID, "医疗费用发票（1份，原件）", BANK], None),
        ("独生子女父母光荣证办理", 10, [PARENTS_ID, HUKOU, MARRIAGE], None),
        ("新生儿重名查询", 0, [ID], None),
        ("出生医学证明信息变更", 10, [BIRTH_CERT, PARENTS_ID, "变更证明材料（1份，原件）"], None),
    ]),
    ("入学", "区教育和体育局", [
        ("小学新生入学报名", 20, [HUKOU, HOUSE, BIRTH_CERT], "YJS-02"),
        ("初中新生入学报名", 20, [HUKOU, HOUSE, "小学毕业证明（1份，复印件）"], "YJS-02"),
        ("随迁子女入学资格审核", 15, [HUKOU, "居住证（1份，原件）", "务工就业证明（1份，原件）"], "YJS-02"),
        ("学前教育幼儿资助申请", 30, [ID, HUKOU, "家庭经济困难证明（1份，原件）"], None),
        ("义务教育阶段转学", 10, [HUKOU, "学籍证明（1份，原件）"], None),
        ("学生资助资格认定", 30, [ID, "家庭经济困难学生认定申请表（1份，原件）"], None),
        ("教师资格认定", 60, [ID, PHOTO, "学历证书（1份，复印件）", "体检表（1份，原件）"], None),
        ("中小学生学籍信息变更", 10, [HUKOU, "学籍变更申请（1份，原件）"], None),
        ("民办学校招生简章备案", 20, [FORM, "招生简章（1份，原件）"], None),
        ("校外培训机构信息公示查询", 0, [], None),
        ("普通话水平测试报名", 5, [ID, PHOTO], None),
    ]),
    ("就业创业", "区人力资源和社会保障局", [
        ("就业登记", 5, [ID, "劳动合同（1份，复印件）"], None),
        ("失业登记", 5, [ID, "解除劳动合同证明（1份，原件）"], "YJS-03"),
        ("失业保险金申领", 10, [ID, BANK, "解除劳动合同证明（1份，原件）"], "YJS-03"),
        ("创业担保贷款申请", 15, [ID, "营业执照（1份，复印件）", "创业计划书（1份，原件）"], None),
        ("一次性创业补贴申领", 20, [ID, "营业执照（1份，复印件）", BANK], None),
        ("职业技能等级证书查询", 0, [ID], None),
        ("职业培训补贴申领", 20, [ID, "培训合格证书（1份，复印件）", BANK], None),
        ("就业困难人员认定", 15, [ID, HUKOU], "YJS-03"),
        ("高校毕业生就业见习补贴申领", 20, ["见习协议（1份，复印件）", BANK], None),
        ("个体工商户设立登记", 5, [ID, "经营场所证明（1份，复印件）"], None),
        ("灵活就业人员社保补贴申领", 20, [ID, BANK], None),
    ]),
    ("婚姻登记", "区民政局", [
        ("内地居民结婚登记", 0, [ID, HUKOU, "双方近期合影（3份，原件）"], "YJS-04"),
        ("内地居民离婚登记", 30, [ID, HUKOU, MARRIAGE, "离婚协议书（3份，原件）"], None),
        ("补领婚姻登记证", 0, [ID, HUKOU, PHOTO], None),
        ("婚姻登记档案查询", 0, [ID], None),
        ("婚前医学检查", 1, [ID], "YJS-04"),
        ("婚后户口迁移", 3, [ID, HUKOU, MARRIAGE], "YJS-04"),
        ("撤销受胁迫婚姻登记", 30, [ID, "受胁迫证明材料（1份，原件）"], None),
        ("涉外婚姻登记咨询预约", 1, [ID], None),
        ("婚姻状况证明开具", 1, [ID, HUKOU], None),
        ("婚俗改革宣传服务预约", 1, [], None),
    ]),
    ("生育收养", "区民政局", [
        ("收养登记", 30, [ID, HUKOU, "收养申请书（1份，原件）", "体检证明（1份，原件）"], None),
        ("解除收养关系登记", 30, [ID, "解除收养协议书（1份，原件）"], None),
        ("生育津贴申领", 15, [ID, BIRTH_CERT, BANK], None),
        ("计划生育家庭特别扶助金申请", 30, [ID, HUKOU, "独生子女死亡或伤残证明（1份，原件）"], None),
        ("农村部分计划生育家庭奖励扶助", 30, [ID, HUKOU], None),
        ("再生育审批", 20, [PARENTS_ID, MARRIAGE, HUKOU], None),
        ("孕产妇健康管理建档", 1, [ID], None),
        ("流动人口婚育证明办理", 5, [ID, HUKOU], None),
        ("生育保险待遇查询", 0, [ID], None),
        ("托育机构备案", 15, [FORM, "场地证明（1份，复印件）"], None),
    ]),
    ("住房保障", "区住房和城乡建设局", [
        ("公共租赁住房申请", 30, [ID, HUKOU, "家庭收入证明（1份，原件）"], "YJS-05"),
        ("住房租赁补贴申请", 30, [ID, HUKOU, "租赁合同（1份，复印件）"], "YJS-05"),
        ("住房公积金提取（租房）", 3, [ID, BANK, "租赁合同（1份，复印件）"], "YJS-05"),
        ("住房公积金提取（购房）", 3, [ID, BANK, CONTRACT], None),
        ("住房公积金个人贷款", 15, [ID, CONTRACT, "收入证明（1份，原件）"], None),
        ("商品房预售资金监管查询", 0, [], None),
        ("房屋租赁登记备案", 3, [ID, "租赁合同（1份，原件）", HOUSE], "YJS-05"),
        ("物业维修资金使用申请", 20, [FORM, "业主表决结果（1份，原件）"], None),
        ("人才住房补贴申请", 30, [ID, "学历证书（1份，复印件）", "劳动合同（1份，复印件）"], None),
        ("老旧小区改造意见征集", 10, [], None),
        ("住房公积金缴存证明开具", 0, [ID], None),
    ]),
    ("不动产登记", "区自然资源局", [
        ("国有建设用地使用权及房屋所有权转移登记", 30, [ID, HOUSE, CONTRACT, "完税凭证（1份，原件）"], "YJS-06"),
        ("不动产抵押权登记", 30, [ID, HOUSE, "抵押合同（1份，原件）"], "YJS-06"),
        ("不动产抵押权注销登记", 30, [ID, "抵押权注销证明（1份，原件）"], None),
        ("新建商品房首次转移登记", 30, [ID, CONTRACT, "完税凭证（1份，原件）"], "YJS-06"),
        ("不动产登记资料查询", 0, [ID], None),
        ("不动产更正登记", 30, [ID, HOUSE, "更正证明材料（1份，原件）"], None),
        ("不动产继承转移登记", 30, [ID, HOUSE, "继承公证书（1份，原件）"], "YJS-15"),
        ("不动产权证书补换", 30, [ID, "遗失声明（1份，原件）"], None),
        ("预告登记", 30, [ID, CONTRACT], None),
        ("水电气过户联动办理", 5, [ID, HOUSE], "YJS-06"),
        ("不动产登记证明打印", 0, [ID], None),
    ]),
    ("社会保险", "区人力资源和社会保障局", [
        ("城乡居民基本养老保险参保登记", 1, [ID, HUKOU], None),
        ("社会保障卡申领", 10, [ID, PHOTO], None),
        ("社会保障卡挂失与补换", 10, [ID, PHOTO], None),
        ("个人社保权益记录查询", 0, [ID], None),
        ("养老保险关系转移接续", 45, [ID, "参保缴费凭证（1份，原件）"], None),
        ("工伤认定申请", 60, [ID, "劳动关系证明（1份，复印件）", DIAGNOSIS], None),
        ("工伤保险待遇申领", 20, [ID, "工伤认定决定书（1份，复印件）", BANK], None),
        ("灵活就业人员参保登记", 1, [ID], None),
        ("社保缴费证明开具", 0, [ID], None),
        ("失业保险技能提升补贴申领", 20, [ID, "职业资格证书（1份，复印件）", BANK], None),
        ("企业职工参保登记", 1, [ID, "劳动合同（1份，复印件）"], None),
    ]),
    ("医疗保障", "区医疗保障局", [
        ("城乡居民医保参保登记", 1, [ID, HUKOU], None),
        ("异地就医备案", 1, [ID, SOCIAL], None),
        ("门诊慢特病待遇认定", 15, [ID, DIAGNOSIS], None),
        ("医疗费用零星报销", 20, [ID, "医疗费用发票（1份，原件）", BANK], None),
        ("医保关系转移接续", 15, [ID, "参保凭证（1份，原件）"], None),
        ("长期护理保险待遇申请", 20, [ID, "失能评估表（1份，原件）"], None),
        ("医保电子凭证激活", 0, [], None),
        ("医疗救助申请", 20, [ID, "低保或特困证明（1份，原件）", "医疗费用发票（1份，原件）"], None),
        ("生育保险待遇核定", 15, [ID, BIRTH_CERT], None),
        ("医保个人账户家庭共济备案", 1, [ID, HUKOU], None),
        ("定点医药机构查询", 0, [], None),
    ]),
    ("户籍证件", "区公安分局", [
        ("居民身份证申领", 20, [HUKOU, PHOTO], None),
        ("居民身份证换领", 20, [ID, HUKOU], None),
        ("居民身份证挂失补领", 20, [HUKOU], None),
        ("临时居民身份证办理", 1, [HUKOU], None),
        ("居住证申领", 15, [ID, "居住证明（1份，原件）"], None),
        ("户口迁入（投靠）", 20, [ID, HUKOU, "亲属关系证明（1份，原件）"], None),
        ("户口迁出", 3, [ID, HUKOU], None),
        ("户籍证明开具", 1, [ID], None),
        ("普通护照申领", 7, [ID, PHOTO], None),
        ("往来港澳通行证申领", 7, [ID, PHOTO], None),
        ("户口登记项目变更更正", 20, [ID, HUKOU, "变更依据材料（1份，原件）"], None),
    ]),
    ("交通出行", "区公安分局交通警察大队", [
        ("机动车驾驶证期满换证", 1, [LICENSE, "体检证明（1份，原件）"], None),
        ("机动车驾驶证补领", 1, [ID], None),
        ("机动车注册登记", 2, [ID, "购车发票（1份，原件）", "车辆合格证（1份，原件）"], "YJS-07"),
        ("机动车转移登记", 1, [ID, "机动车登记证书（1份，原件）"], None),
        ("机动车检验合格标志核发", 1, ["行驶证（1份，原件）", "交强险保单（1份，原件）"], None),
        ("交通违法处理", 0, [LICENSE], None),
        ("机动车临时号牌核发", 1, [ID, "购车发票（1份，原件）"], "YJS-07"),
        ("车辆购置税申报", 1, [ID, "购车发票（1份，原件）"], "YJS-07"),
        ("残疾人专用车驾驶证申领", 20, [ID, DISABILITY, "体检证明（1份，原件）"], None),
        ("公交老年卡办理", 5, [ID, PHOTO], None),
    ]),
    ("兵役退役", "区退役军人事务局", [
        ("退役士兵接收安置", 30, [DISCHARGE, ID, "档案材料（1份，原件）"], "YJS-08"),
        ("退役军人优待证申领", 20, [DISCHARGE, ID, PHOTO], "YJS-08"),
        ("退役士兵自主就业一次性经济补助", 20, [DISCHARGE, BANK], "YJS-08"),
        ("伤残等级评定", 60, [ID, DIAGNOSIS, "伤残情况说明（1份，原件）"], None),
        ("优抚对象抚恤金发放", 20, [ID, BANK, "优抚对象证件（1份，原件）"], None),
        ("义务兵家庭优待金发放", 30, [HUKOU, "入伍通知书（1份，复印件）"], None),
        ("应征入伍网上报名初审", 10, [ID, "学历证书（1份，复印件）"], None),
        ("退役军人信息采集", 5, [DISCHARGE, ID], "YJS-08"),
        ("军人子女入学优待", 20, [HUKOU, "军人证件（1份，复印件）"], None),
        ("烈士褒扬金发放", 30, [ID, "烈士证明书（1份，原件）"], None),
        ("退役军人创业贷款贴息申请", 20, [DISCHARGE, "贷款合同（1份，复印件）"], None),
    ]),
    ("残疾人服务", "区残疾人联合会", [
        ("残疾人证新办", 20, [ID, HUKOU, PHOTO], "YJS-09"),
        ("残疾人证换领", 20, [DISABILITY, PHOTO], None),
        ("困难残疾人生活补贴", 30, [ID, DISABILITY, "低保证明（1份，原件）"], "YJS-09"),
        ("重度残疾人护理补贴", 30, [ID, DISABILITY], "YJS-09"),
        ("残疾人辅助器具适配", 20, [DISABILITY, "适配评估表（1份，原件）"], None),
        ("残疾儿童康复救助", 20, [DISABILITY, "康复评估报告（1份，原件）"], None),
        ("残疾人职业培训补贴", 20, [DISABILITY, "培训证明（1份，原件）"], None),
        ("残疾人家庭无障碍改造", 30, [DISABILITY, HOUSE], None),
        ("残疾人机动轮椅车燃油补贴", 20, [DISABILITY, "机动轮椅车行驶证（1份，复印件）"], None),
        ("盲人按摩机构设立备案", 20, [FORM, "从业人员资格证（1份，复印件）"], None),
        ("残疾人就业保障金减免申请", 20, ["营业执照（1份，复印件）", FORM], None),
    ]),
    ("退休养老", "区人力资源和社会保障局", [
        ("企业职工基本养老保险待遇申领", 15, [ID, SOCIAL, BANK], "YJS-10"),
        ("职工退休审批", 20, [ID, "档案材料（1份，原件）"], "YJS-10"),
        ("城乡居民养老保险待遇申领", 15, [ID, HUKOU, BANK], None),
        ("高龄津贴申领", 20, [ID, HUKOU, BANK], "YJS-11"),
        ("养老服务补贴申请", 30, [ID, "能力评估报告（1份，原件）"], "YJS-11"),
        ("养老待遇资格认证", 0, [ID], None),
        ("老年人优待证办理", 5, [ID, PHOTO], "YJS-11"),
        ("养老机构备案", 20, [FORM, "场地证明（1份，复印件）", "消防检查合格证明（1份，复印件）"], None),
        ("居家养老服务预约", 1, [ID], None),
        ("退休人员医保待遇核定", 15, [ID, "退休审批表（1份，复印件）"], "YJS-10"),
        ("退休人员社会化管理服务登记", 5, [ID, "退休证（1份，原件）"], "YJS-10"),
    ]),
    ("身后事", "区民政局", [
        ("居民死亡医学证明开具", 1, [ID, DIAGNOSIS], "YJS-15"),
        ("户口注销", 1, [DEATH, HUKOU], "YJS-15"),
        ("遗体火化", 1, [DEATH, "死者居民身份证（1份，原件）"], "YJS-15"),
        ("社保待遇停发及丧葬补助金申领", 15, [DEATH, BANK], "YJS-15"),
        ("惠民殡葬补贴申领", 20, [DEATH, "火化证明（1份，原件）", BANK], "YJS-15"),
        ("公积金账户余额继承提取", 5, [DEATH, "继承公证书（1份，原件）", BANK], None),
        ("医保个人账户余额继承", 15, [DEATH, "继承证明（1份，原件）"], None),
        ("公益性公墓安葬申请", 10, [DEATH, "火化证明（1份，原件）"], None),
        ("骨灰寄存", 1, ["火化证明（1份，原件）", ID], None),
        ("遗体跨区运送审批", 1, [DEATH, ID], None),
        ("机动车驾驶证注销", 1, [DEATH], None),
    ]),
]

BUNDLES = {
    "YJS-01": ("新生儿出生“一件事”", "区卫生健康局"),
    "YJS-02": ("入学“一件事”", "区教育和体育局"),
    "YJS-03": ("失业“一件事”", "区人力资源和社会保障局"),
    "YJS-04": ("婚育“一件事”", "区民政局"),
    "YJS-05": ("租房“一件事”", "区住房和城乡建设局"),
    "YJS-06": ("二手房交易“一件事”", "区自然资源局"),
    "YJS-07": ("新车上路“一件事”", "区公安分局交通警察大队"),
    "YJS-08": ("退役军人安置“一件事”", "区退役军人事务局"),
    "YJS-09": ("残疾人服务“一件事”", "区残疾人联合会"),
    "YJS-10": ("退休“一件事”", "区人力资源和社会保障局"),
    "YJS-11": ("老年人服务“一件事”", "区民政局"),
    "YJS-15": ("身后“一件事”", "区民政局"),
}

# Services other units deliver within a life event (the rest take the event's unit).
UNIT_OF = {
    "新生儿入户登记": "区公安分局", "户口迁出": "区公安分局", "婚后户口迁移": "区公安分局",
    "户口注销": "区公安分局", "新生儿医保参保登记": "区医疗保障局", "新生儿社会保障卡申领": "区人力资源和社会保障局",
    "预防接种证办理": "区疾病预防控制中心", "婚前医学检查": "区妇幼保健院", "住房公积金提取（租房）": "区住房公积金管理中心",
    "住房公积金提取（购房）": "区住房公积金管理中心", "住房公积金个人贷款": "区住房公积金管理中心",
    "住房公积金缴存证明开具": "区住房公积金管理中心", "公积金账户余额继承提取": "区住房公积金管理中心",
    "水电气过户联动办理": "区行政审批服务局", "车辆购置税申报": "区税务局", "机动车驾驶证注销": "区公安分局交通警察大队",
    "居民死亡医学证明开具": "区卫生健康局", "医保个人账户余额继承": "区医疗保障局",
    "社保待遇停发及丧葬补助金申领": "区人力资源和社会保障局", "生育津贴申领": "区医疗保障局",
    "生育保险待遇查询": "区医疗保障局", "孕产妇健康管理建档": "区卫生健康局", "托育机构备案": "区卫生健康局",
    "个体工商户设立登记": "区行政审批服务局", "高龄津贴申领": "区民政局", "养老服务补贴申请": "区民政局",
    "老年人优待证办理": "区民政局", "养老机构备案": "区民政局", "居家养老服务预约": "区民政局",
    "退休人员医保待遇核定": "区医疗保障局", "公交老年卡办理": "区交通运输局",
}

# Devolved to townships (下放镇街) in the target, and delivered there now when met.
TOWNSHIP_SERVICES = {
    "生育登记服务", "独生子女父母光荣证办理", "城乡居民基本养老保险参保登记", "城乡居民医保参保登记",
    "高龄津贴申领", "老年人优待证办理", "居家养老服务预约", "困难残疾人生活补贴", "重度残疾人护理补贴",
    "就业困难人员认定", "灵活就业人员参保登记", "养老待遇资格认证", "户籍证明开具", "婚姻状况证明开具",
    "流动人口婚育证明办理", "农村部分计划生育家庭奖励扶助", "义务兵家庭优待金发放", "退役军人信息采集",
}

PHONE_PREFIX = {}


def phone(unit: str, rng: random.Random) -> str:
    if unit not in PHONE_PREFIX:
        PHONE_PREFIX[unit] = f"0532-8{rng.randint(600, 899):03d}"
    return f"{PHONE_PREFIX[unit]}-{rng.randint(1000, 9999)}"


def days(n: int) -> str:
    return "即办" if n == 0 else f"{n}个工作日"


def legal_basis(event: str, name: str) -> str:
    laws = {
        "新生儿出生": "《中华人民共和国母婴保健法》《中华人民共和国户口登记条例》",
        "入学": "《中华人民共和国义务教育法》",
        "就业创业": "《中华人民共和国就业促进法》《失业保险条例》",
        "婚姻登记": "《婚姻登记条例》",
        "生育收养": "《中华人民共和国人口与计划生育法》《中华人民共和国民法典》",
        "住房保障": "《住房公积金管理条例》《公共租赁住房管理办法》",
        "不动产登记": "《不动产登记暂行条例》",
        "社会保险": "《中华人民共和国社会保险法》",
        "医疗保障": "《中华人民共和国社会保险法》《医疗保障基金使用监督管理条例》",
        "户籍证件": "《中华人民共和国居民身份证法》《中华人民共和国户口登记条例》",
        "交通出行": "《中华人民共和国道路交通安全法》《机动车登记规定》",
        "兵役退役": "《中华人民共和国退役军人保障法》《军人抚恤优待条例》",
        "残疾人服务": "《中华人民共和国残疾人保障法》",
        "退休养老": "《中华人民共和国社会保险法》《中华人民共和国老年人权益保障法》",
        "身后事": "《殡葬管理条例》《中华人民共和国户口登记条例》",
    }
    return laws[event] + "（示例引用，以现行有效文本为准）"


def rows() -> list[list[str]]:
    rng = random.Random(SEED)
    out = []
    n = 0
    for event_no, (event, event_unit, services) in enumerate(CATALOGUE, start=1):
        for i, (name, legal, materials, bundle) in enumerate(services, start=1):
            n += 1
            code = f"MS{event_no:02d}{i:03d}"
            unit = UNIT_OF.get(name, event_unit)
            township = name in TOWNSHIP_SERVICES
            level = "镇街" if township and rng.random() < 0.8 else "区级"
            location = f"{rng.choice(TOWNSHIPS)}便民服务中心（示例）" if level == "镇街" else f"{HALL}{rng.randint(1, 3)}楼{unit}窗口"
            # 2019 baseline: slower, more paper, more trips.
            base_days = legal if legal > 0 else 0
            base_mat = len(materials) + rng.randint(1, 3)
            base_visits = rng.choice([1, 2, 2, 3]) if legal > 0 else 1
            base_depth = rng.choice(["窗口办理", "窗口办理", "网上预审"])
            # The target, against the best level in China.
            target_days = 0 if legal <= 3 else max(1, legal // rng.choice([2, 3, 4]))
            target_mat = max(len(materials) - rng.randint(0, 1), 0) if materials else 0
            target_visits = 0 if rng.random() < 0.7 else 1
            target_depth = "全程网办" if target_visits == 0 else "网上预审"
            # Where it stands now: most services reached the target, some not yet.
            reached = rng.random() < 0.75
            committed = target_days if reached else min(legal, target_days + rng.randint(1, 5))
            visits = target_visits if reached else target_visits + 1
            depth = target_depth if reached else ("网上预审" if target_depth == "全程网办" else "窗口办理")
            mobile = "是" if depth == "全程网办" and rng.random() < 0.8 else "否"
            target_level = "镇街" if township else ""
            if township and not reached:
                level = "区级"
                location = f"{HALL}{rng.randint(1, 3)}楼{unit}窗口"
            fee = "不收费" if rng.random() < 0.93 else "按规定标准收取工本费 20 元（示例）"
            cases = int(rng.lognormvariate(7.2, 1.1))
            b_name, b_lead = BUNDLES.get(bundle, ("", "")) if bundle else ("", "")
            out.append([
                code, name, event, unit, level, location, HOURS, phone(unit, rng), COMPLAINT,
                days(legal), days(committed), "；".join(materials) if materials else "无",
                str(visits), depth, mobile, fee, legal_basis(event, name), str(cases),
                days(base_days), days(target_days), str(base_mat), str(target_mat), str(base_visits),
                str(target_visits), base_depth, target_depth, "区级", target_level,
                rng.choice(BENCHMARKS), bundle or "", b_name, b_lead,
            ])
    return out


def main() -> None:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else OUT
    data = rows()
    with out.open("w", encoding="utf-8", newline="") as f:
        f.write("\ufeff")
        w = csv.writer(f)
        w.writerow(HEADER)
        w.writerows(data)
    print(f"wrote {len(data)} services to {out}")


if __name__ == "__main__":
    main()
