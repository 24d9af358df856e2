//! `qingdan import policies FILE`: reads a policy list (CSV or XLSX), validates every
//! row, and writes all rows or none.

use std::collections::HashMap;
use std::path::Path;

use app::model::{Conditions, Revision};
use app::vocab::{DELIVERY_AUTOMATIC, DELIVERY_ON_APPLICATION, SIZES, UNRESTRICTED};
use chrono::NaiveDate;

use crate::store::NewPolicy;

pub const REQUIRED_COLUMNS: &[&str] = &[
    "政策编号", "政策名称", "文件名称", "文号", "发布单位", "执行单位", "政策解读人", "解读人电话",
    "政策类别", "支持方式", "政策内容", "适用行业", "适用规模", "适用区域", "资质要求", "兑现方式",
    "生效日期", "失效日期",
];

/// A problem with one cell (or the whole row when `column` is empty). Rows are
/// numbered as a spreadsheet shows them: the header is row 1.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RowError {
    pub row: usize,
    pub column: String,
    pub reason: String,
}

impl std::fmt::Display for RowError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.column.is_empty() {
            write!(f, "第 {} 行：{}", self.row, self.reason)
        } else {
            write!(f, "第 {} 行「{}」列：{}", self.row, self.column, self.reason)
        }
    }
}

#[derive(Debug)]
pub enum ImportError {
    /// The file itself cannot be read (missing, not a spreadsheet, …).
    File(String),
    /// Rows that failed validation; nothing was written.
    Rows(Vec<RowError>),
}

impl std::fmt::Display for ImportError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ImportError::File(m) => f.write_str(m),
            ImportError::Rows(errors) => {
                writeln!(f, "发现 {} 处错误，未写入任何数据 / {} problems found, nothing was written:", errors.len(), errors.len())?;
                for e in errors {
                    writeln!(f, "  {e}")?;
                }
                Ok(())
            }
        }
    }
}

impl std::error::Error for ImportError {}

/// A sheet as text: the header row and the data rows, each with its row number.
pub struct Sheet {
    pub header: Vec<String>,
    pub rows: Vec<(usize, Vec<String>)>,
}

pub fn read_file(path: &Path) -> Result<Sheet, ImportError> {
    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("").to_ascii_lowercase();
    match ext.as_str() {
        "csv" | "txt" => {
            let bytes = std::fs::read(path)
                .map_err(|e| ImportError::File(format!("无法读取文件 / cannot read {}: {e}", path.display())))?;
            read_csv(&bytes)
        }
        "xlsx" | "xlsm" | "xls" | "ods" => read_spreadsheet(path),
        _ => Err(ImportError::File(format!(
            "不支持的文件类型「{ext}」，请使用 CSV 或 XLSX / unsupported file type, use CSV or XLSX"
        ))),
    }
}

pub fn read_csv(bytes: &[u8]) -> Result<Sheet, ImportError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(bytes);
    let mut header = None;
    let mut rows = Vec::new();
    let mut errors = Vec::new();
    for (i, record) in reader.byte_records().enumerate() {
        let row = i + 1;
        let record = record.map_err(|e| ImportError::File(format!("CSV 格式错误 / malformed CSV near row {row}: {e}")))?;
        let mut cells = Vec::with_capacity(record.len());
        for (col, field) in record.iter().enumerate() {
            match std::str::from_utf8(field) {
                Ok(text) => cells.push(text.trim().to_string()),
                Err(_) => {
                    errors.push(RowError {
                        row,
                        column: format!("第 {} 列", col + 1),
                        reason: "不是有效的 UTF-8 文本（如为 GBK 编码，请另存为 UTF-8 的 CSV 或 XLSX）/ not valid UTF-8".into(),
                    });
                    cells.push(String::new());
                }
            }
        }
        if header.is_none() {
            header = Some(cells);
        } else if cells.iter().any(|c| !c.is_empty()) {
            rows.push((row, cells));
        }
    }
    if !errors.is_empty() {
        return Err(ImportError::Rows(errors));
    }
    let header = header.ok_or_else(|| ImportError::File("文件为空 / the file is empty".into()))?;
    Ok(Sheet { header, rows })
}

/// An uploaded list: a spreadsheet when its bytes are one (whatever its name says),
/// CSV otherwise.
pub fn read_upload(name: &str, bytes: &[u8]) -> Result<Sheet, ImportError> {
    const ZIP: &[u8] = b"PK\x03\x04";
    const OLE: &[u8] = b"\xD0\xCF\x11\xE0";
    if bytes.starts_with(ZIP) || bytes.starts_with(OLE) {
        let workbook = calamine::open_workbook_auto_from_rs(std::io::Cursor::new(bytes))
            .map_err(|e| ImportError::File(format!("无法打开表格 / cannot open spreadsheet {name}: {e}")))?;
        return first_sheet(workbook);
    }
    let lower = name.to_ascii_lowercase();
    if [".xlsx", ".xlsm", ".xls", ".ods"].iter().any(|ext| lower.ends_with(ext)) {
        return Err(ImportError::File(format!("「{name}」不是有效的表格文件 / not a valid spreadsheet")));
    }
    read_csv(bytes)
}

fn read_spreadsheet(path: &Path) -> Result<Sheet, ImportError> {
    let workbook = calamine::open_workbook_auto(path)
        .map_err(|e| ImportError::File(format!("无法打开表格 / cannot open spreadsheet {}: {e}", path.display())))?;
    first_sheet(workbook)
}

fn first_sheet<RS: std::io::Read + std::io::Seek>(mut workbook: calamine::Sheets<RS>) -> Result<Sheet, ImportError> {
    use calamine::{Data, Reader};
    let range = workbook
        .worksheet_range_at(0)
        .ok_or_else(|| ImportError::File("表格中没有工作表 / the workbook has no sheet".into()))?
        .map_err(|e| ImportError::File(format!("无法读取第一个工作表 / cannot read the first sheet: {e}")))?;
    let first_row = range.start().map(|(r, _)| r as usize).unwrap_or(0);
    let mut header = None;
    let mut rows = Vec::new();
    for (i, cells) in range.rows().enumerate() {
        let row = first_row + i + 1;
        let text: Vec<String> = cells
            .iter()
            .map(|cell| match cell {
                Data::Empty => String::new(),
                Data::String(s) => s.trim().to_string(),
                Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
                Data::Float(f) => f.to_string(),
                Data::Int(n) => n.to_string(),
                Data::Bool(b) => b.to_string(),
                Data::DateTime(dt) => excel_date(dt.as_f64()),
                Data::DateTimeIso(s) => s.chars().take(10).collect(),
                Data::DurationIso(s) => s.clone(),
                Data::Error(e) => format!("#ERROR {e:?}"),
            })
            .collect();
        if header.is_none() {
            header = Some(text);
        } else if text.iter().any(|c| !c.is_empty()) {
            rows.push((row, text));
        }
    }
    let header = header.ok_or_else(|| ImportError::File("工作表为空 / the sheet is empty".into()))?;
    Ok(Sheet { header, rows })
}

/// Excel's serial date (days since 1899-12-30) as `YYYY-MM-DD`.
fn excel_date(serial: f64) -> String {
    NaiveDate::from_ymd_opt(1899, 12, 30)
        .and_then(|base| base.checked_add_signed(chrono::Duration::days(serial.floor() as i64)))
        .map(|d| d.format("%Y-%m-%d").to_string())
        .unwrap_or_else(|| serial.to_string())
}

fn split_list(cell: &str) -> Vec<String> {
    let items: Vec<String> = cell
        .split(['、', ';', '；', ',', '，'])
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .collect();
    if items.iter().any(|s| UNRESTRICTED.contains(&s.as_str())) {
        Vec::new()
    } else {
        items
    }
}

struct RowReader<'a> {
    row: usize,
    cells: &'a [String],
    columns: &'a HashMap<String, usize>,
    errors: Vec<RowError>,
}

impl RowReader<'_> {
    fn get(&self, column: &str) -> String {
        self.columns.get(column).and_then(|&i| self.cells.get(i)).cloned().unwrap_or_default()
    }
    fn fail(&mut self, column: &str, reason: impl Into<String>) {
        self.errors.push(RowError { row: self.row, column: column.into(), reason: reason.into() });
    }
    fn required(&mut self, column: &str, max_chars: usize) -> String {
        let value = self.get(column);
        if value.is_empty() {
            self.fail(column, "不能为空 / required");
        } else if value.chars().count() > max_chars {
            self.fail(column, format!("过长，最多 {max_chars} 字 / longer than {max_chars} characters"));
        }
        value
    }
    fn optional(&mut self, column: &str, max_chars: usize) -> String {
        let value = self.get(column);
        if value.chars().count() > max_chars {
            self.fail(column, format!("过长，最多 {max_chars} 字 / longer than {max_chars} characters"));
        }
        value
    }
    fn date(&mut self, column: &str, required: bool) -> Option<String> {
        let value = self.get(column);
        if value.is_empty() {
            if required {
                self.fail(column, "不能为空 / required");
            }
            return None;
        }
        match NaiveDate::parse_from_str(&value, "%Y-%m-%d") {
            Ok(d) => Some(d.format("%Y-%m-%d").to_string()),
            Err(_) => {
                self.fail(column, format!("日期「{value}」无效，应为 YYYY-MM-DD / invalid date, expected YYYY-MM-DD"));
                None
            }
        }
    }
}

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

fn valid_phone(phone: &str) -> bool {
    let digits = phone.chars().filter(|c| c.is_ascii_digit()).count();
    (5..=20).contains(&digits)
        && phone.chars().all(|c| c.is_ascii_digit() || matches!(c, '-' | ' ' | '(' | ')' | '+' | '转'))
}

/// Validates every row; returns all rows or every problem found.
pub fn validate(sheet: &Sheet, progress: &(dyn Fn(usize, usize) + Sync)) -> Result<Vec<NewPolicy>, ImportError> {
    let columns: HashMap<String, usize> = sheet
        .header
        .iter()
        .enumerate()
        .map(|(i, name)| (name.trim().trim_start_matches('\u{feff}').to_string(), i))
        .collect();
    let missing: Vec<RowError> = REQUIRED_COLUMNS
        .iter()
        .filter(|c| !columns.contains_key(**c))
        .map(|c| RowError { row: 1, column: c.to_string(), reason: "表头缺少此列 / missing column".into() })
        .collect();
    if !missing.is_empty() {
        return Err(ImportError::Rows(missing));
    }
    if sheet.rows.is_empty() {
        return Err(ImportError::File("文件中没有数据行 / the file has no data rows".into()));
    }
    let mut errors = Vec::new();
    let mut out = Vec::with_capacity(sheet.rows.len());
    let mut seen_codes: HashMap<String, usize> = HashMap::new();
    let mut documents: HashMap<String, (String, String, usize)> = HashMap::new();
    for (n, (row, cells)) in sheet.rows.iter().enumerate() {
        let mut r = RowReader { row: *row, cells, columns: &columns, errors: Vec::new() };
        let code = r.required("政策编号", 64);
        if !code.is_empty() && !valid_code(&code) {
            r.fail("政策编号", "只能包含字母、数字和 - _ . / only letters, digits and - _ .");
        }
        if let Some(first) = seen_codes.get(&code) {
            r.fail("政策编号", format!("与第 {first} 行重复 / duplicate of row {first}"));
        } else if !code.is_empty() {
            seen_codes.insert(code.clone(), *row);
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
        let publish_date = if columns.contains_key("发布日期") { r.date("发布日期", false) } else { None };
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
                    documents.insert(document_number.clone(), (document_title.clone(), issuing_unit.clone(), *row));
                }
            }
        }
        if r.errors.is_empty() {
            let valid_from = valid_from.unwrap_or_default();
            let status = document_status.unwrap_or_else(|| "有效".to_string());
            out.push(NewPolicy {
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
            });
        }
        errors.extend(r.errors);
        progress(n + 1, sheet.rows.len());
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(ImportError::Rows(errors))
    }
}

fn executing_unit_window() -> String {
    "请咨询执行单位".into()
}
