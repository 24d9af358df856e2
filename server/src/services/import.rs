//! A service list's rows, validated through the shared sheet reader: every problem
//! named by row and column, nothing written if any row is bad (README § 服务清单文件).

use std::collections::HashMap;

use app::services::model::{
    worse_than_baseline, Material, Measures, Targets, LEVELS, LEVEL_TOWNSHIP, LIFE_EVENTS, ONLINE_DEPTHS,
};

use super::model::{BundleRow, NewService, ServiceRecord};
use crate::platform::contact::valid_phone;
use crate::platform::sheet::{ImportError, RowReader, Sheet};

pub const REQUIRED_COLUMNS: &[&str] = &[
    "事项编码", "事项名称", "生活事件", "实施单位", "办理层级", "办理地点", "办公时间", "咨询电话",
    "投诉电话", "法定时限", "承诺时限", "申请材料", "跑动次数", "网办深度", "掌上办", "收费标准",
    "设定依据", "年办件量",
];

/// Optional columns: the 2019 baseline and the target of each measure, the benchmark,
/// and the "one thing" bundle a service belongs to.
pub const TARGET_COLUMNS: &[&str] = &[
    "基准承诺时限", "目标承诺时限", "基准材料数", "目标材料数", "基准跑动次数", "目标跑动次数",
    "基准网办深度", "目标网办深度", "基准办理层级", "目标办理层级", "对标地区",
];
pub const BUNDLE_COLUMNS: &[&str] = &["一件事编号", "一件事名称", "一件事牵头单位"];

const MAX_DAYS: u32 = 3650;

/// `即办` → 0; `20`, `20个工作日`, `20 工作日` → 20.
pub fn parse_days(text: &str) -> Result<u32, String> {
    let t = text.trim();
    if t == "即办" {
        return Ok(0);
    }
    let number = t.trim_end_matches("个工作日").trim_end_matches("工作日").trim();
    match number.parse::<u32>() {
        Ok(n) if n <= MAX_DAYS => Ok(n),
        _ => Err(format!("「{t}」应为「即办」或工作日数，如「5个工作日」/ expected 即办 or a number of working days")),
    }
}

fn parse_count(text: &str, unit: &str) -> Result<u32, String> {
    let t = text.trim();
    let number = t.trim_end_matches(unit).trim();
    number.parse::<u32>().map_err(|_| format!("「{t}」应为不小于 0 的整数 / expected a whole number"))
}

/// `出生医学证明（1份，原件）；父母身份证（2份，复印件）`; `无` or empty: none.
pub fn parse_materials(text: &str) -> Result<Vec<Material>, String> {
    let t = text.trim();
    if t.is_empty() || t == "无" {
        return Ok(Vec::new());
    }
    let mut out = Vec::new();
    for entry in t.split(['；', ';', '\n']).map(str::trim).filter(|e| !e.is_empty()) {
        let entry = entry.replace('(', "（").replace(')', "）");
        let shape = || format!("「{entry}」应写明份数和原件/复印件，如「居民身份证（1份，原件）」/ give copies and original or copy");
        let (name, rest) = entry.rsplit_once('（').ok_or_else(shape)?;
        let inner = rest.strip_suffix('）').ok_or_else(shape)?;
        let (copies, form) = inner.split_once(['，', ',']).ok_or_else(shape)?;
        let copies: u32 = copies.trim().trim_start_matches('各').trim_end_matches('份').trim().parse().map_err(|_| shape())?;
        let original = match form.trim() {
            "原件" | "原件及复印件" => true,
            "复印件" => false,
            _ => return Err(shape()),
        };
        let name = name.trim();
        if name.is_empty() || copies == 0 || copies > 99 {
            return Err(shape());
        }
        out.push(Material { name: name.to_string(), copies, original });
    }
    Ok(out)
}

fn valid_code(code: &str) -> bool {
    !code.is_empty() && code.len() <= 64 && code.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
}

pub fn validate(sheet: &Sheet, progress: &(dyn Fn(usize, usize) + Sync)) -> Result<Vec<NewService>, ImportError> {
    let mut codes: HashMap<String, usize> = HashMap::new();
    let mut bundles: HashMap<String, (String, String, usize)> = HashMap::new();
    sheet.read_rows(REQUIRED_COLUMNS, progress, |r| read_row(r, &mut codes, &mut bundles))
}

fn one_of(r: &mut RowReader, column: &str, allowed: &[&str]) -> String {
    let value = r.required(column, 20);
    if !value.is_empty() && !allowed.contains(&value.as_str()) {
        r.fail(column, format!("「{value}」应为 {} 之一 / must be one of them", allowed.join("、")));
    }
    value
}

fn days(r: &mut RowReader, column: &str, required: bool) -> Option<u32> {
    let text = r.get(column);
    if text.is_empty() {
        if required {
            r.fail(column, "不能为空 / required");
        }
        return None;
    }
    parse_days(&text).map_err(|e| r.fail(column, e)).ok()
}

fn count(r: &mut RowReader, column: &str, unit: &str, required: bool) -> Option<u32> {
    let text = r.get(column);
    if text.is_empty() {
        if required {
            r.fail(column, "不能为空 / required");
        }
        return None;
    }
    parse_count(&text, unit).map_err(|e| r.fail(column, e)).ok()
}

fn optional_of(r: &mut RowReader, column: &str, allowed: &[&str]) -> Option<String> {
    let value = r.get(column);
    if value.is_empty() {
        return None;
    }
    if !allowed.contains(&value.as_str()) {
        r.fail(column, format!("「{value}」应为 {} 之一 / must be one of them", allowed.join("、")));
        return None;
    }
    Some(value)
}

fn phone(r: &mut RowReader, column: &str) -> String {
    let value = r.required(column, 30);
    if !value.is_empty() && !valid_phone(&value) {
        r.fail(column, format!("「{value}」不是有效的电话号码 / not a phone number"));
    }
    value
}

fn read_row(
    r: &mut RowReader,
    codes: &mut HashMap<String, usize>,
    bundles: &mut HashMap<String, (String, String, usize)>,
) -> Option<NewService> {
    let row = r.row;
    let code = r.required("事项编码", 64);
    if !code.is_empty() && !valid_code(&code) {
        r.fail("事项编码", "只能包含字母、数字和 - _ . / only letters, digits and - _ .");
    }
    if let Some(first) = codes.get(&code) {
        r.fail("事项编码", format!("与第 {first} 行重复 / duplicate of row {first}"));
    } else if !code.is_empty() {
        codes.insert(code.clone(), row);
    }
    let name = r.required("事项名称", 200);
    let category = one_of(r, "生活事件", &LIFE_EVENTS);
    let unit = r.required("实施单位", 100);
    let level = one_of(r, "办理层级", &LEVELS);
    let location = r.required("办理地点", 300);
    let hours = r.required("办公时间", 200);
    let enquiry_phone = phone(r, "咨询电话");
    let complaint_phone = phone(r, "投诉电话");
    let legal_days = days(r, "法定时限", true);
    let committed_days = days(r, "承诺时限", true);
    if let (Some(legal), Some(committed)) = (legal_days, committed_days) {
        if committed > legal {
            r.fail("承诺时限", format!("承诺时限（{committed}）长于法定时限（{legal}）/ the committed limit is longer than the legal one"));
        }
    }
    let materials = match parse_materials(&r.optional("申请材料", 5000)) {
        Ok(m) => m,
        Err(e) => {
            r.fail("申请材料", e);
            Vec::new()
        }
    };
    let visits = count(r, "跑动次数", "次", true);
    let online_depth = one_of(r, "网办深度", &ONLINE_DEPTHS);
    let mobile = match r.required("掌上办", 2).as_str() {
        "是" => true,
        "否" | "" => false,
        other => {
            r.fail("掌上办", format!("「{other}」应为「是」或「否」"));
            false
        }
    };
    // "不收费" is a value: a blank fee is an error, never a free service.
    let fee = r.required("收费标准", 500);
    let legal_basis = r.required("设定依据", 2000);
    let annual_cases = count(r, "年办件量", "件", true);

    let baseline = Measures {
        committed_days: days(r, "基准承诺时限", false),
        materials: count(r, "基准材料数", "件", false),
        visits: count(r, "基准跑动次数", "次", false),
        online_depth: optional_of(r, "基准网办深度", &ONLINE_DEPTHS),
        level: optional_of(r, "基准办理层级", &LEVELS),
    };
    let target = Measures {
        committed_days: days(r, "目标承诺时限", false),
        materials: count(r, "目标材料数", "件", false),
        visits: count(r, "目标跑动次数", "次", false),
        online_depth: optional_of(r, "目标网办深度", &ONLINE_DEPTHS),
        level: optional_of(r, "目标办理层级", &LEVELS),
    };
    let targets = Targets { baseline, target, benchmark: r.optional("对标地区", 100) };
    if targets.target != Measures::default() && targets.benchmark.is_empty() {
        r.fail("对标地区", "设定了优化目标时须写明对标地区 / name the benchmark region of the target");
    }
    for measure in worse_than_baseline(&targets) {
        let column = match measure {
            "承诺时限" => "目标承诺时限",
            "材料数" => "目标材料数",
            "跑动次数" => "目标跑动次数",
            "网办深度" => "目标网办深度",
            _ => "目标办理层级",
        };
        r.fail(column, format!("目标{measure}比 2019 年基准更差 / the target is worse than its baseline"));
    }
    if targets.target.level.as_deref() == Some(LEVEL_TOWNSHIP) && level.is_empty() {
        r.fail("办理层级", "不能为空 / required");
    }

    let bundle_code = r.optional("一件事编号", 64);
    let bundle = if bundle_code.is_empty() {
        None
    } else {
        if !valid_code(&bundle_code) {
            r.fail("一件事编号", "只能包含字母、数字和 - _ . / only letters, digits and - _ .");
        }
        let bundle_name = r.required("一件事名称", 200);
        let lead_unit = r.required("一件事牵头单位", 100);
        match bundles.get(&bundle_code) {
            Some((n, l, first)) if *n != bundle_name || *l != lead_unit => {
                let first = *first;
                r.fail("一件事名称", format!("与第 {first} 行的同一“一件事”名称或牵头单位不一致 / differs from row {first}"));
            }
            Some(_) => {}
            None => {
                bundles.insert(bundle_code.clone(), (bundle_name.clone(), lead_unit.clone(), row));
            }
        }
        Some(BundleRow { code: bundle_code, name: bundle_name, lead_unit })
    };

    Some(NewService {
        record: ServiceRecord {
            code,
            name,
            category,
            unit,
            level,
            location,
            hours,
            enquiry_phone,
            complaint_phone,
            legal_days: legal_days.unwrap_or(0),
            committed_days: committed_days.unwrap_or(0),
            materials,
            visits: visits.unwrap_or(0),
            online_depth,
            mobile,
            fee,
            legal_basis,
            annual_cases: annual_cases.unwrap_or(0),
            targets,
            updated_at: String::new(),
        },
        bundle,
    })
}

#[cfg(test)]
mod tests;
