//! Fixed vocabularies the profile form offers and the import validates against.

pub const SIZES: &[&str] = &["大型", "中型", "小型", "微型"];

pub const INDUSTRIES: &[&str] = &[
    "农林牧渔业",
    "制造业",
    "建筑业",
    "批发零售业",
    "交通运输仓储邮政业",
    "住宿餐饮业",
    "信息技术服务业",
    "金融业",
    "房地产业",
    "租赁商务服务业",
    "科学研究技术服务业",
    "文化体育娱乐业",
    "卫生社会工作",
    "教育",
];

pub const REGIONS: &[&str] = &[
    "黄岛街道",
    "辛安街道",
    "薛家岛街道",
    "长江路街道",
    "红石崖街道",
    "灵珠山街道",
    "灵山卫街道",
    "隐珠街道",
    "珠海街道",
    "滨海街道",
    "铁山街道",
    "王台街道",
    "张家楼街道",
    "琅琊镇",
    "泊里镇",
    "大场镇",
    "大村镇",
    "六汪镇",
    "宝山镇",
    "藏南镇",
    "海青镇",
];

pub const QUALIFICATIONS: &[&str] = &[
    "高新技术企业",
    "科技型中小企业",
    "专精特新",
    "小巨人",
    "规上企业",
    "瞪羚企业",
    "隐形冠军",
    "外资企业",
    "上市企业",
];

/// The profile value meaning "the enterprise holds none of the qualifications".
pub const NO_QUALIFICATION: &str = "无";

pub const DELIVERY_AUTOMATIC: &str = "免申即享";
pub const DELIVERY_ON_APPLICATION: &str = "依申请";

/// Cell values that mean "no restriction" in the policy list file.
pub const UNRESTRICTED: &[&str] = &["全部", "全区", "不限", "无"];
