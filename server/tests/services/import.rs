//! The service list file: every rule a row can break is named by row and column and
//! nothing is written; a re-import by code records what changed.

use qingdan::platform::sheet::{read_csv, ImportError};
use qingdan::services::import::{validate, REQUIRED_COLUMNS};
use qingdan::services::service::SAMPLE_SERVICES_CSV;

use crate::common::TestDb;

/// The sample file's header and rows as cells.
pub fn sample() -> (Vec<String>, Vec<Vec<String>>) {
    let sheet = read_csv(SAMPLE_SERVICES_CSV).expect("the sample reads");
    (sheet.header.clone(), sheet.rows.into_iter().map(|(_, cells)| cells).collect())
}

pub fn csv(header: &[String], rows: &[Vec<String>]) -> Vec<u8> {
    let quote = |c: &str| format!("\"{}\"", c.replace('"', "\"\""));
    let mut out = String::new();
    out.push_str(&header.iter().map(|h| quote(h)).collect::<Vec<_>>().join(","));
    out.push('\n');
    for r in rows {
        out.push_str(&r.iter().map(|c| quote(c)).collect::<Vec<_>>().join(","));
        out.push('\n');
    }
    out.into_bytes()
}

pub fn set(header: &[String], row: &mut [String], column: &str, value: &str) {
    let i = header.iter().position(|h| h == column).unwrap_or_else(|| panic!("no column {column}"));
    row[i] = value.to_string();
}

#[test]
fn the_sample_list_is_valid_and_complete() {
    let sheet = read_csv(SAMPLE_SERVICES_CSV).unwrap();
    let rows = validate(&sheet, &|_, _| {}).unwrap_or_else(|e| panic!("the sample list is invalid: {e}"));
    assert_eq!(rows.len(), 162);
    let events: std::collections::HashSet<&str> = rows.iter().map(|r| r.record.category.as_str()).collect();
    assert_eq!(events.len(), 15, "every life event has services");
    let bundles: std::collections::HashSet<&str> = rows.iter().filter_map(|r| r.bundle.as_ref().map(|b| b.code.as_str())).collect();
    assert!(bundles.len() >= 10, "about a dozen bundles, found {}", bundles.len());
    assert!(rows.iter().all(|r| !r.record.fee.is_empty()));
}

#[test]
fn every_bad_row_is_named_and_nothing_passes() {
    let (header, rows) = sample();
    let mut bad = rows[..8].to_vec();
    set(&header, &mut bad[0], "承诺时限", "30个工作日");
    set(&header, &mut bad[0], "法定时限", "20个工作日");
    set(&header, &mut bad[1], "目标跑动次数", "3");
    set(&header, &mut bad[1], "基准跑动次数", "1");
    set(&header, &mut bad[2], "收费标准", "");
    set(&header, &mut bad[3], "申请材料", "户口簿");
    set(&header, &mut bad[4], "生活事件", "出国旅游");
    let duplicate = bad[0][0].clone();
    set(&header, &mut bad[5], "事项编码", &duplicate);
    set(&header, &mut bad[6], "目标网办深度", "窗口办理");
    set(&header, &mut bad[6], "基准网办深度", "网上预审");
    set(&header, &mut bad[7], "咨询电话", "请拨打热线");
    let sheet = read_csv(&csv(&header, &bad)).unwrap();
    let Err(ImportError::Rows(errors)) = validate(&sheet, &|_, _| {}) else { panic!("a bad file passed") };
    let at = |row: usize, column: &str| errors.iter().any(|e| e.row == row && e.column == column);
    assert!(at(2, "承诺时限"), "committed longer than legal: {errors:?}");
    assert!(at(3, "目标跑动次数"), "a target worse than its baseline: {errors:?}");
    assert!(at(4, "收费标准"), "a blank fee: {errors:?}");
    assert!(at(5, "申请材料"), "materials without copies and form: {errors:?}");
    assert!(at(6, "生活事件"), "an unknown life event: {errors:?}");
    assert!(at(7, "事项编码"), "a duplicate code: {errors:?}");
    assert!(at(8, "目标网办深度"), "a worse online depth: {errors:?}");
    assert!(at(9, "咨询电话"), "not a phone: {errors:?}");
    let missing = read_csv("事项编码,事项名称\nA,B\n".as_bytes()).unwrap();
    let Err(ImportError::Rows(errors)) = validate(&missing, &|_, _| {}) else { panic!("missing columns passed") };
    assert_eq!(errors.len(), REQUIRED_COLUMNS.len() - 2, "each missing column is named");
}

on_both_engines!(reimport_records_what_changed);

async fn reimport_records_what_changed(db: &TestDb) {
    let portal = db.portal(false).await;
    let services = &portal.services;
    let (header, rows) = sample();
    let first = read_csv(&csv(&header, &rows[..20])).unwrap();
    let summary = services.import_sheet(&first).await.expect("import");
    assert_eq!((summary.inserted, summary.updated, summary.unchanged), (20, 0, 0));
    let mut changed = rows[..20].to_vec();
    set(&header, &mut changed[3], "办理地点", "区政务服务中心 5 楼（新址，示例）");
    let second = read_csv(&csv(&header, &changed)).unwrap();
    let summary = services.import_sheet(&second).await.expect("re-import");
    assert_eq!((summary.inserted, summary.updated, summary.unchanged), (0, 1, 19));
    use app::services::backend::ServiceBackend;
    let detail = services.service(&rows[3][0]).await.expect("the service");
    assert_eq!(detail.location, "区政务服务中心 5 楼（新址，示例）");
    let kinds: Vec<&str> = detail.history.iter().map(|h| h.kind.as_str()).collect();
    assert_eq!(kinds, ["发布", "更新"]);
    assert!(detail.history[1].note.contains("办理地点"), "{:?}", detail.history);

    // A bad file changes nothing, even with good rows in it.
    let mut broken = changed.clone();
    set(&header, &mut broken[0], "事项名称", "改过的名称");
    set(&header, &mut broken[1], "承诺时限", "9999个工作日");
    let third = read_csv(&csv(&header, &broken)).unwrap();
    assert!(services.import_sheet(&third).await.is_err());
    assert_eq!(services.service(&rows[0][0]).await.unwrap().name, rows[0][1]);
}

on_both_engines!(the_command_line_imports_csv_and_xlsx);

/// `qingdan import services FILE`: a bad CSV names its rows and columns and writes
/// nothing; the same rows as XLSX import; a re-import changes nothing.
async fn the_command_line_imports_csv_and_xlsx(db: &TestDb) {
    let (header, rows) = sample();
    let files = tempfile::tempdir().unwrap();
    let mut bad_rows: Vec<Vec<String>> = rows[..4].to_vec();
    set(&header, &mut bad_rows[1], "收费标准", "");
    set(&header, &mut bad_rows[3], "生活事件", "买彩票");
    let bad = files.path().join("bad.csv");
    std::fs::write(&bad, csv(&header, &bad_rows)).unwrap();
    let out = crate::common::qingdan_cli(db, &["import", "services", bad.to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(!out.status.success(), "a bad file fails: {stderr}");
    for (row, column) in [(3, "收费标准"), (5, "生活事件")] {
        assert!(stderr.contains(&format!("第 {row} 行")) && stderr.contains(column), "row {row} {column}: {stderr}");
    }

    let mut sheet = vec![header.clone()];
    sheet.extend(rows[..6].iter().cloned());
    let xlsx = files.path().join("services.xlsx");
    std::fs::write(&xlsx, qingdan::platform::xlsx::write("服务事项", &sheet).unwrap()).unwrap();
    let out = crate::common::qingdan_cli(db, &["import", "services", xlsx.to_str().unwrap()]);
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(out.status.success(), "xlsx: {stdout}\n{}", String::from_utf8_lossy(&out.stderr));
    assert!(stdout.contains("新增 6"), "{stdout}");
    let good = files.path().join("good.csv");
    std::fs::write(&good, csv(&header, &rows[..6])).unwrap();
    let out = crate::common::qingdan_cli(db, &["import", "services", good.to_str().unwrap()]);
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(out.status.success() && stdout.contains("未变 6"), "{stdout}");
    let url = if db.is_postgres() { db.url.clone() } else { format!("sqlite://{}?mode=rwc", db.data_dir().join("qingdan.db").display()) };
    let store = qingdan::services::store::ServiceStore::new(qingdan::platform::db::Db::connect(&url).await.unwrap());
    assert_eq!(store.count().await.unwrap(), 6, "only the good rows, once");
}
