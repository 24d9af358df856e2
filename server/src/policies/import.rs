//! A policy list's rows, validated: the columns of the policy list file (README) turned
//! into `NewPolicy` values, every problem named by row and column.

use std::collections::HashMap;

use app::policies::model::{Conditions, Revision};
use app::policies::vocab::{DELIVERY_AUTOMATIC, DELIVERY_ON_APPLICATION, SIZES, UNRESTRICTED};
use chrono::NaiveDate;

use super::model::NewPolicy;
use crate::platform::contact::valid_phone;
use crate::platform::sheet::{split_list, ImportError, RowReader, Sheet};

pub const REQUIRED_COLUMNS: &[&str] = &[
    "政策编号", "政策名称", "文件名称", "文号", "发布单位", "执行单位", "政策解读人", "解读人电话",
    "政策类别", "支持方式", "政策内容", "适用行业", "适用规模", "适用区域", "资质要求", "兑现方式",
    "生效日期", "失效日期",
];

/// Columns a list may carry besides the required ones.
pub const OPTIONAL_COLUMNS: &[&str] = &["发布日期", "文件状态", "成立年限", "最高金额", "申报时间", "受理窗口", "申报材料", "评估修订"];

fn founded_condition(text: &str) -> Result<(Option<u32>, Option<u32>), String> {
    let t = text.trim();
    if t.is_empty() || UNRESTRICTED.contains(&t) {
        return Ok((None, None));
    }
    let digits: String = t.chars().filter(|c| c.is_ascii_digit()).collect();
    let n: u32 = digits.parse().map_err(|_| format!("「{t}」无法识别，应如「5年以内」或「满2年」"))?;
    if t.contains("以内") || t.contains("以下") || t.contains("不满") || t.ends_with("年内") {
        Ok((Some(n), None))
    } else if t.starts_with('满') || t.contains("以上") {
        Ok((None, Some(n)))
    } else {
        Err(format!("「{t}」无法识别，应如「5年以内」或「满2年」"))
    }
}

fn revisions(text: &str) -> Result<Vec<Revision>, String> {
    let mut out = Vec::new();
    for entry in text.split([';', '；']).map(str::trim).filter(|e| !e.is_empty()) {
        let (date, rest) = entry.split_once(' ').ok_or_else(|| format!("「{entry}」应为「YYYY-MM-DD 评估：说明」"))?;
        NaiveDate::parse_from_str(date, "%Y-%m-%d").map_err(|_| format!("「{entry}」的日期无效"))?;
        let (kind, note) = rest
            .split_once([':', '：'])
            .ok_or_else(|| format!("「{entry}」应为「YYYY-MM-DD 评估：说明」"))?;
        out.push(Revision { date: date.into(), kind: kind.trim().into(), note: note.trim().into() });
    }
    Ok(out)
}

fn valid_code(code: &str) -> bool {
    !code.is_empty()
        && code.len() <= 64
        && code.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
}

/// Validates every row; returns all rows or every problem found.
pub fn validate(sheet: &Sheet, progress: &(dyn Fn(usize, usize) + Sync)) -> Result<Vec<NewPolicy>, ImportError> {
    let mut seen_codes: HashMap<String, usize> = HashMap::new();
    let mut documents: HashMap<String, (String, String, usize)> = HashMap::new();
    sheet.read_rows(REQUIRED_COLUMNS, progress, |r| read_row(r, &mut seen_codes, &mut documents))
}

fn read_row(
    r: &mut RowReader,
    seen_codes: &mut HashMap<String, usize>,
    documents: &mut HashMap<String, (String, String, usize)>,
) -> Option<NewPolicy> {
    let row = r.row;
    {
        let code = r.required("政策编号", 64);
        if !code.is_empty() && !valid_code(&code) {
            r.fail("政策编号", "只能包含字母、数字和 - _ . / only letters, digits and - _ .");
        }
        if let Some(first) = seen_codes.get(&code) {
            r.fail("政策编号", format!("与第 {first} 行重复 / duplicate of row {first}"));
        } else if !code.is_empty() {
            seen_codes.insert(code.clone(), row);
        }
        let title = r.required("政策名称", 200);
        let document_title = r.required("文件名称", 200);
        let document_number = r.required("文号", 100);
        let issuing_unit = r.required("发布单位", 100);
        let executing_unit = r.required("执行单位", 100);
        let interpreter_name = r.required("政策解读人", 50);
        let interpreter_phone = r.required("解读人电话", 30);
        if !interpreter_phone.is_empty() && !valid_phone(&interpreter_phone) {
            r.fail("解读人电话", format!("「{interpreter_phone}」不是有效的电话号码 / not a phone number"));
        }
        let category = r.required("政策类别", 50);
        let support_type = r.required("支持方式", 50);
        let content = r.required("政策内容", 20_000);
        let industries = split_list(&r.optional("适用行业", 500));
        let sizes = split_list(&r.optional("适用规模", 100));
        for size in &sizes {
            if !SIZES.contains(&size.as_str()) {
                r.fail("适用规模", format!("「{size}」应为 大型、中型、小型、微型 之一"));
            }
        }
        let regions = split_list(&r.optional("适用区域", 1000));
        let qualifications = split_list(&r.optional("资质要求", 500));
        let delivery = r.required("兑现方式", 10);
        if !delivery.is_empty() && delivery != DELIVERY_AUTOMATIC && delivery != DELIVERY_ON_APPLICATION {
            r.fail("兑现方式", format!("「{delivery}」应为「免申即享」或「依申请」"));
        }
        let valid_from = r.date("生效日期", true);
        let valid_until = r.date("失效日期", false);
        if let (Some(from), Some(until)) = (&valid_from, &valid_until) {
            if until < from {
                r.fail("失效日期", "早于生效日期 / before the start date");
            }
        }
        let publish_date = if r.has_column("发布日期") { r.date("发布日期", false) } else { None };
        let (founded_within_years, founded_at_least_years) = match founded_condition(&r.get("成立年限")) {
            Ok(v) => v,
            Err(reason) => {
                r.fail("成立年限", reason);
                (None, None)
            }
        };
        let max_amount_wan = match r.get("最高金额").trim_end_matches("万元") {
            "" => None,
            text => match text.trim().parse::<f64>() {
                Ok(v) if v >= 0.0 && v.is_finite() => Some(v),
                _ => {
                    r.fail("最高金额", format!("「{text}」应为以万元计的数字 / must be a number (10k CNY)"));
                    None
                }
            },
        };
        let document_status = match r.get("文件状态").as_str() {
            "" => None,
            s @ ("有效" | "已失效" | "已修订") => Some(s.to_string()),
            other => {
                r.fail("文件状态", format!("「{other}」应为 有效、已失效 或 已修订"));
                None
            }
        };
        let history = match revisions(&r.get("评估修订")) {
            Ok(v) => v,
            Err(reason) => {
                r.fail("评估修订", reason);
                Vec::new()
            }
        };
        let application_period = r.optional("申报时间", 500);
        let application_window = r.optional("受理窗口", 500);
        let materials = r
            .optional("申报材料", 2000)
            .split([';', '；', '\n'])
            .map(|m| m.trim().to_string())
            .filter(|m| !m.is_empty())
            .collect();
        if !document_number.is_empty() {
            match documents.get(&document_number) {
                Some((t, u, first)) if *t != document_title || *u != issuing_unit => r.fail(
                    "文号",
                    format!("与第 {first} 行同一文号但文件名称或发布单位不同 / same number as row {first} with a different title or issuer"),
                ),
                Some(_) => {}
                None => {
                    documents.insert(document_number.clone(), (document_title.clone(), issuing_unit.clone(), row));
                }
            }
        }
        if !r.errors.is_empty() {
            return None;
        }
        {
            let valid_from = valid_from.unwrap_or_default();
            let status = document_status.unwrap_or_else(|| "有效".to_string());
            Some(NewPolicy {
                code,
                title,
                content,
                category,
                support_type,
                document_title,
                document_number,
                issuing_unit,
                publish_date: publish_date.unwrap_or_else(|| valid_from.clone()),
                document_status: status,
                executing_unit,
                interpreter_name,
                interpreter_phone,
                conditions: Conditions {
                    industries,
                    sizes,
                    regions,
                    qualifications,
                    founded_within_years,
                    founded_at_least_years,
                },
                delivery,
                max_amount_wan,
                application_period: if application_period.is_empty() { "详见政策原文".into() } else { application_period },
                application_window: if application_window.is_empty() { executing_unit_window() } else { application_window },
                materials,
                valid_from,
                valid_until,
                revisions: history,
            })
        }
    }
}

fn executing_unit_window() -> String {
    "请咨询执行单位".into()
}
