//! `import policies`: reading CSV and XLSX, validating every row, writing all or
//! nothing, and updating on re-import.

use std::collections::BTreeSet;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use qingdan::platform::db::Db;
use qingdan::platform::sheet::{self, ImportError, RowError};
use qingdan::policies::import::{self, REQUIRED_COLUMNS};
use {qingdan::policies::model::ImportSummary, qingdan::policies::store::PolicyStore as Store};

use crate::common::{self, csv_bytes, good_row, set, TestDb, FULL_HEADER};

async fn store(db: &TestDb) -> Store {
    Store::new(Db::connect(&db.url).await.expect("database connects and migrates"))
}

fn rows_of(bytes: &[u8]) -> Vec<qingdan::policies::model::NewPolicy> {
    let sheet = sheet::read_csv(bytes).unwrap_or_else(|e| panic!("CSV not read: {e}"));
    import::validate(&sheet, &|_, _| {}).unwrap_or_else(|e| panic!("CSV not valid: {e}"))
}

fn row_errors(result: Result<impl std::fmt::Debug, ImportError>) -> Vec<RowError> {
    match result {
        Err(ImportError::Rows(errors)) => errors,
        other => panic!("expected ImportError::Rows, got {other:?}"),
    }
}

fn has_error(errors: &[RowError], row: usize, column: &str) -> bool {
    errors.iter().any(|e| e.row == row && e.column == column)
}

on_both_engines!(good_csv, xlsx_fixture, bad_rows_write_nothing, reimport_updates_and_keeps_history, document_validity_spans_its_items, a_database_failure_part_way_writes_nothing);

/// A good file with every column, then one with only README.md's required columns.
async fn good_csv(db: &TestDb) {
    let store = store(db).await;
    assert_eq!(store.policy_count().await.unwrap(), 0);

    let a1 = good_row("A-001");
    let a2 = set(
        set(
            set(set(set(good_row("A-002"), "执行单位", "区财政局"), "失效日期", "2025-12-31"), "资质要求", "高新技术企业；专精特新"),
            "成立年限",
            "5年以内",
        ),
        "政策名称",
        "测试贷款贴息",
    );
    let a3 = set(
        set(
            set(
                set(set(set(good_row("A-003"), "文号", "区科发〔2024〕7号"), "文件名称", "科技创新专项措施"), "发布单位", "区科学技术局"),
                "兑现方式",
                "免申即享",
            ),
            "评估修订",
            "2024-06-30 评估：执行良好，建议延续",
        ),
        "适用区域",
        "黄岛街道、辛安街道",
    );
    let bytes = csv_bytes(FULL_HEADER, &[a1, a2, a3]);
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "the test file carries a BOM");

    let sheet = sheet::read_csv(&bytes).expect("CSV read");
    assert_eq!(sheet.header[0], "政策编号", "the BOM is not part of the first column name");
    assert_eq!(sheet.rows.len(), 3);
    assert_eq!(sheet.rows.iter().map(|(n, _)| *n).collect::<Vec<_>>(), vec![2, 3, 4], "rows are numbered from the header = 1");
    let validated = AtomicUsize::new(0);
    let rows = import::validate(&sheet, &|done, total| {
        assert_eq!(total, 3);
        validated.store(done, Ordering::SeqCst);
    })
    .expect("valid");
    assert_eq!(validated.load(Ordering::SeqCst), 3);

    let written = AtomicUsize::new(0);
    let summary = store
        .import(&rows, &|done, _| {
            written.store(done, Ordering::SeqCst);
        })
        .await
        .expect("import");
    assert_eq!(summary, ImportSummary { inserted: 3, updated: 0, unchanged: 0 });
    assert_eq!(written.load(Ordering::SeqCst), 3);
    assert_eq!(store.policy_count().await.unwrap(), 3);
    assert_eq!(store.document_count().await.unwrap(), 2);
    // 区人民政府, 区科学技术局, 区财政局
    assert_eq!(qingdan::platform::units::names(store.db()).await.map(|n| n.len() as i64).unwrap(), 3);

    let a2 = store.item("A-002").await.unwrap().expect("A-002 stored");
    assert_eq!(a2.title, "测试贷款贴息");
    assert_eq!(a2.executing_unit, "区财政局");
    assert_eq!(a2.document.issuing_unit, "区人民政府");
    assert_eq!(a2.document.number, "区测发〔2024〕1号");
    assert_eq!(a2.interpreter.name, "张晓明");
    assert_eq!(a2.interpreter.phone, "0532-86990000");
    assert_eq!(a2.conditions.qualifications, vec!["高新技术企业", "专精特新"]);
    assert_eq!(a2.conditions.industries, vec!["制造业", "信息技术服务业"]);
    assert!(a2.conditions.sizes.is_empty(), "全部 means no restriction");
    assert!(a2.conditions.regions.is_empty(), "全区 means no restriction");
    assert_eq!(a2.conditions.founded_within_years, Some(5));
    assert_eq!(a2.valid_until.as_deref(), Some("2025-12-31"));
    assert_eq!(a2.max_amount_wan, Some(20.0));
    assert_eq!(a2.materials, vec!["申请表", "营业执照复印件"]);
    assert!(!a2.in_force("2026-01-01"));
    assert!(a2.in_force("2025-06-01"));

    let a3 = store.item("A-003").await.unwrap().expect("A-003 stored");
    assert_eq!(a3.delivery, "免申即享");
    assert_eq!(a3.conditions.regions, vec!["黄岛街道", "辛安街道"]);
    assert_eq!(a3.document.issuing_unit, "区科学技术局");
    let history = store.history(a3.id).await.unwrap();
    assert!(history.iter().any(|r| r.kind == "发布" && r.date == "2024-01-10"), "{history:?}");
    assert!(
        history.iter().any(|r| r.kind == "评估" && r.date == "2024-06-30" && r.note == "执行良好，建议延续"),
        "{history:?}"
    );

    let (doc, items) = store.document("区测发〔2024〕1号").await.unwrap().expect("document stored");
    assert_eq!(doc.item_count, 2);
    assert_eq!(items.iter().map(|i| i.code.as_str()).collect::<Vec<_>>(), vec!["A-001", "A-002"]);

    // Only the columns README.md requires, no BOM, in another order.
    let mut header: Vec<&str> = REQUIRED_COLUMNS.to_vec();
    header.reverse();
    let mut bytes = csv_bytes(&header, &[set(good_row("B-001"), "文号", "区测发〔2024〕9号")]);
    bytes.drain(..3);
    let rows = rows_of(&bytes);
    let summary = store.import(&rows, &|_, _| {}).await.expect("import");
    assert_eq!(summary, ImportSummary { inserted: 1, updated: 0, unchanged: 0 });
    let b1 = store.item("B-001").await.unwrap().expect("B-001 stored");
    assert_eq!(b1.document.publish_date, "2024-01-15", "without 发布日期 the document is dated by 生效日期");
    assert_eq!(b1.document.status, "有效");
    assert!(b1.materials.is_empty());
    assert_eq!(b1.max_amount_wan, None);
    assert_eq!(store.policy_count().await.unwrap(), 4);
}

/// The XLSX fixture (first sheet only; a note sheet follows it).
async fn xlsx_fixture(db: &TestDb) {
    let path = common::fixture("policies_small.xlsx");
    // Another helper may still be writing it.
    let start = std::time::Instant::now();
    while !path.exists() && start.elapsed() < Duration::from_secs(300) {
        tokio::time::sleep(Duration::from_secs(5)).await;
    }
    let sheet = sheet::read_file(&path).unwrap_or_else(|e| panic!("{} not read: {e}", path.display()));
    assert_eq!(sheet.rows.len(), 5);
    assert_eq!(sheet.rows[0].0, 2, "the first data row is row 2");
    let rows = import::validate(&sheet, &|_, _| {}).unwrap_or_else(|e| panic!("fixture not valid: {e}"));
    let codes: Vec<&str> = rows.iter().map(|r| r.code.as_str()).collect();
    assert_eq!(codes, vec!["XL-001", "XL-002", "XL-003", "XL-004", "XL-005"]);

    let store = store(db).await;
    let summary = store.import(&rows, &|_, _| {}).await.expect("import");
    assert_eq!(summary, ImportSummary { inserted: 5, updated: 0, unchanged: 0 });
    assert_eq!(store.policy_count().await.unwrap(), 5);
    assert_eq!(store.document_count().await.unwrap(), 1);

    let xl2 = store.item("XL-002").await.unwrap().expect("XL-002");
    assert_eq!(xl2.max_amount_wan, Some(2.5), "a number cell keeps its fraction");
    assert_eq!(xl2.valid_from, "2020-03-24", "a text date cell stays a date");
    assert_eq!(xl2.valid_until.as_deref(), Some("2027-12-31"));
    assert_eq!(xl2.conditions.sizes, vec!["中型", "小型", "微型"]);
    assert_eq!(xl2.interpreter.phone, "0532-86990102");
    let history = store.history(xl2.id).await.unwrap();
    assert!(history.iter().any(|r| r.kind == "评估" && r.date == "2021-06-30"), "{history:?}");

    let xl1 = store.item("XL-001").await.unwrap().expect("XL-001");
    assert_eq!(xl1.max_amount_wan, Some(50.0));
    assert_eq!(xl1.valid_until, None);
    let xl3 = store.item("XL-003").await.unwrap().expect("XL-003");
    assert_eq!(xl3.conditions.qualifications, vec!["高新技术企业"]);
    let xl4 = store.item("XL-004").await.unwrap().expect("XL-004");
    assert_eq!(xl4.delivery, "免申即享");
    assert_eq!(xl4.conditions.founded_at_least_years, Some(1));
    let xl5 = store.item("XL-005").await.unwrap().expect("XL-005");
    assert_eq!(xl5.conditions.regions, vec!["张家楼街道", "宝山镇"]);
    assert_eq!(xl5.conditions.founded_within_years, Some(5));
}

/// Every bad row is reported with its number and column, and nothing is written;
/// the same goes for a file with broken UTF-8.
async fn bad_rows_write_nothing(db: &TestDb) {
    let portal = db.portal(false).await;
    let rows = vec![
        good_row("C-001"),                                     // row 2: fine
        set(good_row("C-002"), "生效日期", "2024-13-45"),       // row 3
        set(good_row("C-003"), "政策编号", ""),                  // row 4
        set(good_row("C-004"), "兑现方式", "随便"),              // row 5
        set(good_row("C-005"), "解读人电话", "找张科长"),         // row 6
        good_row("C-001"),                                     // row 7: duplicate of row 2
        good_row("C-006"),                                     // row 8: fine
        set(good_row("C-007"), "适用规模", "超大型"),            // row 9
    ];
    let sheet = sheet::read_csv(&csv_bytes(FULL_HEADER, &rows)).expect("the file itself is fine");
    let result = portal.policies.import_sheet(&sheet).await;
    let message = match &result {
        Err(e) => e.to_string(),
        Ok(_) => String::new(),
    };
    let errors = row_errors(result);
    assert!(has_error(&errors, 3, "生效日期"), "{errors:#?}");
    assert!(has_error(&errors, 4, "政策编号"), "{errors:#?}");
    assert!(has_error(&errors, 5, "兑现方式"), "{errors:#?}");
    assert!(has_error(&errors, 6, "解读人电话"), "{errors:#?}");
    assert!(has_error(&errors, 7, "政策编号"), "{errors:#?}");
    assert!(has_error(&errors, 9, "适用规模"), "{errors:#?}");
    let bad_rows: BTreeSet<usize> = errors.iter().map(|e| e.row).collect();
    assert_eq!(bad_rows, BTreeSet::from([3, 4, 5, 6, 7, 9]), "only the bad rows are reported: {errors:#?}");
    let duplicate = errors.iter().find(|e| e.row == 7).unwrap();
    assert!(duplicate.reason.contains('2'), "the duplicate names the first row: {duplicate:?}");
    for n in [3, 4, 5, 6, 7, 9] {
        assert!(message.contains(&format!("第 {n} 行")), "message lacks row {n}: {message}");
    }
    assert!(message.contains("随便"), "{message}");

    // Broken UTF-8 (a GBK-encoded cell) in row 3, column 2.
    let mut bytes = csv_bytes(FULL_HEADER, &[good_row("D-001")]);
    bytes.extend_from_slice("\"D-002\",\"".as_bytes());
    bytes.extend_from_slice(b"\xB2\xE2\xCA\xD4\xD5\xFE\xB2\xDF");
    bytes.extend_from_slice("\",\"x\"\r\n".as_bytes());
    let errors = row_errors(sheet::read_csv(&bytes).map(|s| s.rows.len()));
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert_eq!(errors[0].row, 3);
    assert_eq!(errors[0].column, "第 2 列");
    assert!(errors[0].reason.contains("UTF-8"), "{:?}", errors[0]);
    assert!(errors[0].to_string().contains("第 3 行"), "{}", errors[0]);

    // A bad row later in a long file still stops the good ones before it.
    let mut many: Vec<_> = (1..=50).map(|i| good_row(&format!("E-{i:03}"))).collect();
    many.push(set(good_row("E-051"), "失效日期", "2020-01-01"));
    let sheet = sheet::read_csv(&csv_bytes(FULL_HEADER, &many)).unwrap();
    let errors = row_errors(portal.policies.import_sheet(&sheet).await);
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert_eq!((errors[0].row, errors[0].column.as_str()), (52, "失效日期"));

    let store = &portal.policies.store;
    assert_eq!(store.policy_count().await.unwrap(), 0, "nothing was written");
    assert_eq!(store.document_count().await.unwrap(), 0);
    assert_eq!(qingdan::platform::units::names(store.db()).await.map(|n| n.len() as i64).unwrap(), 0);
    assert_eq!(qingdan::platform::changes::last_id(store.db()).await.unwrap(), 0);
    assert_eq!(portal.policies.index.search(&common::q(""), &common::today(), common::year()).unwrap().total, 0);

    // The same database takes a good file afterwards.
    let sheet = sheet::read_csv(&csv_bytes(FULL_HEADER, &[good_row("C-001")])).unwrap();
    let summary = portal.policies.import_sheet(&sheet).await.expect("good file imports");
    assert_eq!(summary.inserted, 1);
    assert_eq!(portal.policies.index.search(&common::q(""), &common::today(), common::year()).unwrap().total, 1);
}

/// Re-importing a code updates it, records the change in its history and the change
/// feed; an unchanged row changes nothing.
async fn reimport_updates_and_keeps_history(db: &TestDb) {
    let store = store(db).await;
    let first = vec![good_row("R-001"), good_row("R-002")];
    let summary = store.import(&rows_of(&csv_bytes(FULL_HEADER, &first)), &|_, _| {}).await.unwrap();
    assert_eq!(summary, ImportSummary { inserted: 2, updated: 0, unchanged: 0 });
    let before = store.item("R-001").await.unwrap().unwrap();
    let history_before = store.history(before.id).await.unwrap();
    let changes_before = qingdan::platform::changes::last_id(store.db()).await.unwrap();
    assert!(changes_before > 0, "the first import is in the change feed");

    let new_content = "对年度研发投入增长的企业给予资金补助，单个企业最高30万元（修订）。";
    let second = vec![set(good_row("R-001"), "政策内容", new_content), good_row("R-002")];
    let summary = store.import(&rows_of(&csv_bytes(FULL_HEADER, &second)), &|_, _| {}).await.unwrap();
    assert_eq!(summary, ImportSummary { inserted: 0, updated: 1, unchanged: 1 });
    assert_eq!(store.policy_count().await.unwrap(), 2);
    let after = store.item("R-001").await.unwrap().unwrap();
    assert_eq!(after.id, before.id, "updated in place, not duplicated");
    assert_eq!(after.content, new_content);
    let history = store.history(after.id).await.unwrap();
    assert_eq!(history.len(), history_before.len() + 1, "{history:?}");
    let update = history.iter().find(|r| r.kind == "更新").expect("an 更新 entry");
    assert!(update.note.contains("政策内容"), "{update:?}");
    assert_eq!(update.date, common::today());
    let changes = qingdan::platform::changes::since(store.db(), changes_before, 100).await.unwrap();
    assert_eq!(changes.iter().map(|c| c.key.as_str()).collect::<Vec<_>>(), vec!["R-001"]);
    let untouched = store.item("R-002").await.unwrap().unwrap();
    assert_eq!(untouched.content, good_row("R-002")["政策内容"]);

    // The same file again: nothing changes.
    let changes_mid = qingdan::platform::changes::last_id(store.db()).await.unwrap();
    let summary = store.import(&rows_of(&csv_bytes(FULL_HEADER, &second)), &|_, _| {}).await.unwrap();
    assert_eq!(summary, ImportSummary { inserted: 0, updated: 0, unchanged: 2 });
    assert_eq!(store.history(after.id).await.unwrap(), history);
    assert_eq!(qingdan::platform::changes::last_id(store.db()).await.unwrap(), changes_mid, "an unchanged row is not a change");
    assert_eq!(store.item("R-001").await.unwrap().unwrap().updated_at, after.updated_at);
}

#[test]
fn missing_columns_are_named() {
    let header: Vec<&str> = FULL_HEADER.iter().copied().filter(|c| *c != "兑现方式" && *c != "文号").collect();
    let sheet = sheet::read_csv(&csv_bytes(&header, &[good_row("M-001")])).unwrap();
    let errors = row_errors(import::validate(&sheet, &|_, _| {}).map(|r| r.len()));
    let missing: BTreeSet<&str> = errors.iter().map(|e| e.column.as_str()).collect();
    assert_eq!(missing, BTreeSet::from(["兑现方式", "文号"]), "{errors:#?}");
    assert!(errors.iter().all(|e| e.row == 1), "a missing column is a header problem: {errors:#?}");
    let message = ImportError::Rows(errors).to_string();
    assert!(message.contains("兑现方式") && message.contains("文号"), "{message}");
}

#[test]
fn unreadable_files_are_file_errors() {
    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join("list.pdf");
    std::fs::write(&pdf, b"%PDF-1.4").unwrap();
    assert!(matches!(sheet::read_file(&pdf), Err(ImportError::File(_))));
    assert!(matches!(sheet::read_file(&dir.path().join("missing.csv")), Err(ImportError::File(_))));
    let fake = dir.path().join("fake.xlsx");
    std::fs::write(&fake, b"not a zip").unwrap();
    assert!(matches!(sheet::read_file(&fake), Err(ImportError::File(_))));
    // A header and no rows.
    let sheet = sheet::read_csv(&csv_bytes(FULL_HEADER, &[])).unwrap();
    assert!(matches!(import::validate(&sheet, &|_, _| {}), Err(ImportError::File(_))));
}

/// A document's validity is the span of its items: the earliest start, and the latest
/// end only when every item has one.
async fn document_validity_spans_its_items(db: &TestDb) {
    let store = store(db).await;
    let doc = |row, number: &str| set(set(row, "文号", number), "文件名称", &format!("{number} 文件"));
    let rows = [
        set(set(doc(good_row("V-001"), "区测发〔2019〕1号"), "生效日期", "2019-03-01"), "失效日期", "2021-12-31"),
        set(set(doc(good_row("V-002"), "区测发〔2019〕1号"), "生效日期", "2019-01-15"), "失效日期", "2022-06-30"),
        set(set(doc(good_row("V-003"), "区测发〔2020〕2号"), "生效日期", "2020-05-01"), "失效日期", "2023-01-01"),
        set(set(doc(good_row("V-004"), "区测发〔2020〕2号"), "生效日期", "2020-02-01"), "失效日期", ""),
    ];
    store.import(&rows_of(&csv_bytes(FULL_HEADER, &rows)), &|_, _| {}).await.expect("import");

    let (closed, _) = store.document("区测发〔2019〕1号").await.unwrap().expect("document");
    assert_eq!((closed.valid_from.as_str(), closed.valid_until.as_deref()), ("2019-01-15", Some("2022-06-30")));
    assert_eq!(closed.validity(), "2019-01-15 至 2022-06-30");
    let (open, _) = store.document("区测发〔2020〕2号").await.unwrap().expect("document");
    assert_eq!((open.valid_from.as_str(), open.valid_until.as_deref()), ("2020-02-01", None));
    assert_eq!(open.validity(), "2020-02-01 起长期有效");
}

/// Valid rows, but the database refuses row k (a trigger raises an error on it): the
/// import fails and leaves nothing behind: no item, document, unit, revision or change.
async fn a_database_failure_part_way_writes_nothing(db: &TestDb) {
    let portal = db.portal(false).await;
    portal.policies.import_sheet(&sheet::read_csv(&csv_bytes(FULL_HEADER, &[good_row("F-001")])).unwrap()).await.expect("a first import");
    let pool = &portal.db.pool;
    if db.is_postgres() {
        sqlx::query(
            "CREATE FUNCTION refuse_row_k() RETURNS trigger AS $$ BEGIN \
             IF NEW.code = 'F-007' THEN RAISE EXCEPTION 'forced failure at row k'; END IF; RETURN NEW; END $$ LANGUAGE plpgsql",
        )
        .execute(pool)
        .await
        .unwrap();
        sqlx::query("CREATE TRIGGER refuse_row_k BEFORE INSERT ON policy_items FOR EACH ROW EXECUTE FUNCTION refuse_row_k()").execute(pool).await.unwrap();
    } else {
        sqlx::query(
            "CREATE TRIGGER refuse_row_k BEFORE INSERT ON policy_items WHEN NEW.code = 'F-007' \
             BEGIN SELECT RAISE(ABORT, 'forced failure at row k'); END",
        )
        .execute(pool)
        .await
        .unwrap();
    }
    let count = |table: &'static str| async move {
        sqlx::query_scalar::<_, i64>(&format!("SELECT COUNT(*) FROM {table}")).fetch_one(pool).await.unwrap()
    };
    let tables = ["policy_items", "policy_documents", "units", "change_feed"];
    let mut before = Vec::new();
    for t in tables {
        before.push(count(t).await);
    }
    // Rows 2..=11: new units and documents among them, row k = 7 is F-007.
    let rows: Vec<_> = (2..=11)
        .map(|i| {
            let row = set(good_row(&format!("F-{i:03}")), "执行单位", &format!("区失败测试{i}局"));
            set(row, "文号", &format!("区失败〔2026〕{i}号"))
        })
        .collect();
    let result = portal.policies.import_sheet(&sheet::read_csv(&csv_bytes(FULL_HEADER, &rows)).unwrap()).await;
    assert!(result.is_err(), "the forced failure reaches the caller");
    let mut after = Vec::new();
    for t in tables {
        after.push(count(t).await);
    }
    assert_eq!(before, after, "{tables:?}: nothing of the failed import remains");
    assert!(portal.policies.store.item("F-002").await.unwrap().is_none());
    assert!(portal.policies.store.item("F-001").await.unwrap().is_some(), "the earlier import stands");
}
