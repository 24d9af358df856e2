//! A task list's rows, validated through the shared sheet reader. The responsible unit
//! must already exist (a typo would otherwise found a unit of its own).

use std::collections::{HashMap, HashSet};

use app::tasks::model::{AREAS, SOURCES};
use chrono::NaiveDate;

use super::model::{NewTask, COLUMNS};
use crate::platform::sheet::{ImportError, RowReader, Sheet};

fn valid_code(code: &str) -> bool {
    !code.is_empty() && code.len() <= 64 && code.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
}

/// Every row, or every problem; `units` are the names of the units that exist.
pub fn validate(sheet: &Sheet, units: &HashSet<String>, progress: &(dyn Fn(usize, usize) + Sync)) -> Result<Vec<NewTask>, ImportError> {
    let mut codes: HashMap<String, usize> = HashMap::new();
    sheet.read_rows(&COLUMNS, progress, |r| read_row(r, units, &mut codes))
}

fn one_of(r: &mut RowReader, column: &str, allowed: &[&str]) -> String {
    let value = r.required(column, 50);
    if !value.is_empty() && !allowed.contains(&value.as_str()) {
        r.fail(column, format!("「{value}」应为 {} 之一 / must be one of them", allowed.join("、")));
    }
    value
}

fn read_row(r: &mut RowReader, units: &HashSet<String>, codes: &mut HashMap<String, usize>) -> Option<NewTask> {
    let code = r.required("任务编号", 64);
    if !code.is_empty() && !valid_code(&code) {
        r.fail("任务编号", "只能包含字母、数字和 - _ . / only letters, digits and - _ .");
    }
    if let Some(first) = codes.get(&code) {
        r.fail("任务编号", format!("与第 {first} 行重复 / duplicate of row {first}"));
    } else if !code.is_empty() {
        codes.insert(code.clone(), r.row);
    }
    let area = one_of(r, "改革领域", &AREAS);
    let source = one_of(r, "任务来源", &SOURCES);
    let content = r.required("任务内容", 1000);
    let target = r.required("工作目标", 1000);
    let unit = r.required("责任单位", 100);
    if !unit.is_empty() && !units.contains(&unit) {
        let hint = crate::platform::units::did_you_mean(&unit, units);
        r.fail("责任单位", format!("「{unit}」不是已有单位。{hint}如确为新单位，请先在系统管理中新增 / not an existing unit; add it at the admin desk first"));
    }
    let main_person = r.required("主要责任人", 50);
    let charge_person = r.required("分管责任人", 50);
    let specific_person = r.required("具体责任人", 50);
    let deadline = r.required("完成时限", 10);
    if !deadline.is_empty() && NaiveDate::parse_from_str(&deadline, "%Y-%m-%d").is_err() {
        r.fail("完成时限", format!("日期「{deadline}」无效，应为 YYYY-MM-DD / invalid date"));
    }
    Some(NewTask { code, area, source, content, target, unit, main_person, charge_person, specific_person, deadline })
}
