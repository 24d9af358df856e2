//! The one reader of the lists' spreadsheets (CSV or XLSX): cells as text with their
//! row numbers, and a row reader that collects every problem by row and column, so an
//! import can report all bad rows and write none.

use std::collections::HashMap;
use std::path::Path;

use app::policies::vocab::UNRESTRICTED;
use chrono::NaiveDate;

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
        "json" => {
            let bytes = std::fs::read(path)
                .map_err(|e| ImportError::File(format!("无法读取文件 / cannot read {}: {e}", path.display())))?;
            read_json(&bytes)
        }
        _ => Err(ImportError::File(format!(
            "不支持的文件类型「{ext}」，请使用 CSV、XLSX 或 JSON / unsupported file type, use CSV, XLSX or JSON"
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

/// A list exported as JSON (an array of objects, keys as column names), read like a
/// sheet whose header is row 1: what a JSON export writes re-imports as it is.
pub fn read_json(bytes: &[u8]) -> Result<Sheet, ImportError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let value: serde_json::Value = serde_json::from_slice(bytes)
        .map_err(|e| ImportError::File(format!("JSON 格式错误 / malformed JSON: {e}")))?;
    let serde_json::Value::Array(items) = value else {
        return Err(ImportError::File("JSON 应为对象数组 / the JSON must be an array of objects".into()));
    };
    let mut header: Vec<String> = Vec::new();
    let mut objects = Vec::with_capacity(items.len());
    let mut errors = Vec::new();
    for (i, item) in items.into_iter().enumerate() {
        match item {
            serde_json::Value::Object(map) => {
                for key in map.keys() {
                    if !header.contains(key) {
                        header.push(key.clone());
                    }
                }
                objects.push((i + 2, map));
            }
            _ => errors.push(RowError { row: i + 2, column: String::new(), reason: "不是 JSON 对象 / not an object".into() }),
        }
    }
    let mut rows = Vec::with_capacity(objects.len());
    for (row, map) in objects {
        let mut cells = Vec::with_capacity(header.len());
        for column in &header {
            cells.push(match map.get(column) {
                None | Some(serde_json::Value::Null) => String::new(),
                Some(serde_json::Value::String(text)) => text.trim().to_string(),
                Some(serde_json::Value::Number(n)) => n.to_string(),
                Some(serde_json::Value::Bool(b)) => b.to_string(),
                Some(_) => {
                    errors.push(RowError { row, column: column.clone(), reason: "应为文本或数字 / must be text or a number".into() });
                    String::new()
                }
            });
        }
        if cells.iter().any(|c| !c.is_empty()) {
            rows.push((row, cells));
        }
    }
    if !errors.is_empty() {
        return Err(ImportError::Rows(errors));
    }
    Ok(Sheet { header, rows })
}

/// An uploaded list: a spreadsheet when its bytes are one (whatever its name says),
/// JSON when it is named so or starts like an array, CSV otherwise.
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
    let text = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if lower.ends_with(".json") || text.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'[') {
        return read_json(bytes);
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

/// A cell holding a list (`、` `;` `；` `,`); `全部`/`全区` mean no restriction (empty).
pub fn split_list(cell: &str) -> Vec<String> {
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

/// Reads one data row by column name and collects its problems.
pub struct RowReader<'a> {
    pub row: usize,
    cells: &'a [String],
    columns: &'a HashMap<String, usize>,
    pub errors: Vec<RowError>,
}

impl RowReader<'_> {
    pub fn get(&self, column: &str) -> String {
        self.columns.get(column).and_then(|&i| self.cells.get(i)).cloned().unwrap_or_default()
    }
    pub fn fail(&mut self, column: &str, reason: impl Into<String>) {
        self.errors.push(RowError { row: self.row, column: column.into(), reason: reason.into() });
    }
    pub fn required(&mut self, column: &str, max_chars: usize) -> String {
        let value = self.get(column);
        if value.is_empty() {
            self.fail(column, "不能为空 / required");
        } else if value.chars().count() > max_chars {
            self.fail(column, format!("过长，最多 {max_chars} 字 / longer than {max_chars} characters"));
        }
        value
    }
    pub fn optional(&mut self, column: &str, max_chars: usize) -> String {
        let value = self.get(column);
        if value.chars().count() > max_chars {
            self.fail(column, format!("过长，最多 {max_chars} 字 / longer than {max_chars} characters"));
        }
        value
    }
    pub fn date(&mut self, column: &str, required: bool) -> Option<String> {
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


impl Sheet {
    /// Column positions by header name; every missing required column is an error on row 1.
    pub fn columns(&self, required: &[&str]) -> Result<HashMap<String, usize>, ImportError> {
        let columns: HashMap<String, usize> = self
            .header
            .iter()
            .enumerate()
            .map(|(i, name)| (name.trim().trim_start_matches('\u{feff}').to_string(), i))
            .collect();
        let missing: Vec<RowError> = required
            .iter()
            .filter(|c| !columns.contains_key(**c))
            .map(|c| RowError { row: 1, column: c.to_string(), reason: "表头缺少此列 / missing column".into() })
            .collect();
        if !missing.is_empty() {
            return Err(ImportError::Rows(missing));
        }
        if self.rows.is_empty() {
            return Err(ImportError::File("文件中没有数据行 / the file has no data rows".into()));
        }
        Ok(columns)
    }

    /// Reads every row with `read`, keeping each valid row's value and every problem;
    /// all rows or none.
    pub fn read_rows<T>(
        &self,
        required: &[&str],
        progress: &(dyn Fn(usize, usize) + Sync),
        mut read: impl FnMut(&mut RowReader) -> Option<T>,
    ) -> Result<Vec<T>, ImportError> {
        let columns = self.columns(required)?;
        let mut errors = Vec::new();
        let mut out = Vec::with_capacity(self.rows.len());
        for (n, (row, cells)) in self.rows.iter().enumerate() {
            let mut r = RowReader { row: *row, cells, columns: &columns, errors: Vec::new() };
            let value = read(&mut r);
            if r.errors.is_empty() {
                out.extend(value);
            }
            errors.extend(r.errors);
            progress(n + 1, self.rows.len());
        }
        if errors.is_empty() {
            Ok(out)
        } else {
            Err(ImportError::Rows(errors))
        }
    }
}

impl RowReader<'_> {
    pub fn has_column(&self, column: &str) -> bool {
        self.columns.contains_key(column)
    }
}

/// What every list's upload does once its rows are valid: writes them (all or nothing),
/// then waits until its index shows them. A storage failure is logged and reported as
/// a file-level error without internal detail; nothing was written.
pub async fn write_then_index<S>(
    write: impl std::future::Future<Output = anyhow::Result<S>>,
    sync: impl std::future::Future<Output = anyhow::Result<()>>,
) -> Result<S, ImportError> {
    let summary = write.await.map_err(|e| storage_failed("import failed", &e))?;
    sync.await.map_err(|e| {
        crate::error::log_internal("imported, but the index is not yet updated", &e);
        ImportError::File("已导入，搜索索引稍后更新 / imported; the search index will catch up shortly".into())
    })?;
    Ok(summary)
}

/// A storage failure during an import, logged; the uploader learns only that nothing
/// was written.
pub fn storage_failed(what: &str, e: &anyhow::Error) -> ImportError {
    crate::error::log_internal(what, e);
    ImportError::File("导入时数据库出错，未写入任何数据，请稍后重试 / the database failed; nothing was written, please try again".into())
}
