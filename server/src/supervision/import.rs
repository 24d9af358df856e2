//! A checklist's rows through the shared sheet reader: numbered 1 to 100 without gaps
//! or repeats, each in one of the five areas.

use std::collections::HashMap;

use app::supervision::model::{area_of, Question, AREAS, QUESTION_COUNT};

use crate::platform::sheet::{ImportError, RowReader, Sheet};

pub const COLUMNS: [&str; 3] = ["序号", "监督领域", "监督内容"];

pub fn validate(sheet: &Sheet) -> Result<Vec<Question>, ImportError> {
    let mut seen: HashMap<u32, usize> = HashMap::new();
    let questions = sheet.read_rows(&COLUMNS, &|_, _| {}, |r| read_row(r, &mut seen))?;
    let missing: Vec<String> = (1..=QUESTION_COUNT).filter(|n| !seen.contains_key(n)).map(|n| n.to_string()).collect();
    if !missing.is_empty() {
        return Err(ImportError::File(format!(
            "序号应从 1 连续编到 {QUESTION_COUNT}，缺少第 {} 号 / numbers must run from 1 to {QUESTION_COUNT} without gaps; missing {}",
            missing.join("、"),
            missing.join(", ")
        )));
    }
    Ok(questions)
}

fn read_row(r: &mut RowReader, seen: &mut HashMap<u32, usize>) -> Option<Question> {
    let raw = r.required("序号", 5);
    let number = match raw.parse::<u32>() {
        Ok(n) if (1..=QUESTION_COUNT).contains(&n) => Some(n),
        _ if raw.is_empty() => None,
        _ => {
            r.fail("序号", format!("「{raw}」应为 1 到 {QUESTION_COUNT} 的整数 / must be a whole number from 1 to {QUESTION_COUNT}"));
            None
        }
    };
    if let Some(n) = number {
        if let Some(first) = seen.get(&n) {
            r.fail("序号", format!("第 {n} 号与第 {first} 行重复 / number {n} repeats row {first}"));
        } else {
            seen.insert(n, r.row);
        }
    }
    let area_text = r.required("监督领域", 50);
    let area = area_of(&area_text);
    if area.is_none() && !area_text.is_empty() {
        let names: Vec<&str> = AREAS.iter().map(|a| app::supervision::model::area_short(a)).collect();
        r.fail("监督领域", format!("「{area_text}」应为 {} 之一 / must be one of the five areas", names.join("、")));
    }
    let question = r.required("监督内容", 300);
    Some(Question { number: number?, area: area?.to_string(), question })
}
