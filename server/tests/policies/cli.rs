//! The built `qingdan` binary: `import policies FILE` and `reindex`.

use std::process::Output;

use qingdan::platform::db::Db;
use qingdan::policies::store::PolicyStore as Store;

use crate::common::{self, csv_bytes, good_row, set, TestDb, FULL_HEADER};

fn qingdan(db: &TestDb, args: &[&str]) -> Output {
    common::qingdan_cli(db, args)
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn database_url(db: &TestDb) -> String {
    if db.is_postgres() {
        db.url.clone()
    } else {
        format!("sqlite://{}?mode=rwc", db.data_dir().join("qingdan.db").display())
    }
}

on_both_engines!(import_and_reindex);

async fn import_and_reindex(db: &TestDb) {
    let files = tempfile::tempdir().unwrap();
    let bad = files.path().join("bad.csv");
    std::fs::write(
        &bad,
        csv_bytes(
            FULL_HEADER,
            &[
                good_row("K-001"),
                set(good_row("K-002"), "生效日期", "2024/01/15"),
                good_row("K-003"),
                set(good_row("K-004"), "兑现方式", "随便"),
                set(good_row("K-005"), "解读人电话", "电话待定"),
            ],
        ),
    )
    .unwrap();
    let out = qingdan(db, &["import", "policies", bad.to_str().unwrap()]);
    let stderr = text(&out.stderr);
    assert!(!out.status.success(), "a bad file fails: {stderr}");
    for (row, column) in [(3, "生效日期"), (5, "兑现方式"), (6, "解读人电话")] {
        assert!(stderr.contains(&format!("第 {row} 行")), "stderr lacks row {row}: {stderr}");
        assert!(stderr.contains(column), "stderr lacks {column}: {stderr}");
    }
    assert!(!stderr.contains("第 2 行") && !stderr.contains("第 4 行"), "good rows are not reported: {stderr}");

    let good = files.path().join("good.csv");
    std::fs::write(&good, csv_bytes(FULL_HEADER, &[good_row("K-001"), good_row("K-002"), good_row("K-003")])).unwrap();
    let out = qingdan(db, &["import", "policies", good.to_str().unwrap()]);
    assert!(out.status.success(), "good file: {}\n{}", text(&out.stdout), text(&out.stderr));
    assert!(text(&out.stdout).contains("新增 3 条"), "{}", text(&out.stdout));

    // The XLSX fixture through the same command.
    let out = qingdan(db, &["import", "policies", common::fixture("policies_small.xlsx").to_str().unwrap()]);
    assert!(out.status.success(), "xlsx: {}\n{}", text(&out.stdout), text(&out.stderr));
    assert!(text(&out.stdout).contains("新增 5 条"), "{}", text(&out.stdout));

    // Re-importing the CSV changes nothing.
    let out = qingdan(db, &["import", "policies", good.to_str().unwrap()]);
    assert!(out.status.success());
    assert!(text(&out.stdout).contains("未变 3 条"), "{}", text(&out.stdout));

    let out = qingdan(db, &["reindex"]);
    assert!(out.status.success(), "reindex: {}\n{}", text(&out.stdout), text(&out.stderr));
    assert!(text(&out.stdout).contains("8 policy items"), "{}", text(&out.stdout));
    assert!(db.data_dir().join("index").join(qingdan::platform::search::VERSION_MARKER).exists());

    // Exactly the good rows are in the database: the bad file wrote nothing.
    let store = Store::new(Db::connect(&database_url(db)).await.unwrap());
    assert_eq!(store.policy_count().await.unwrap(), 8);
    assert!(store.item("K-004").await.unwrap().is_none());

    // Unknown commands and unreadable files fail with a message.
    let out = qingdan(db, &["import", "policies", files.path().join("missing.csv").to_str().unwrap()]);
    assert!(!out.status.success());
    assert!(!text(&out.stderr).trim().is_empty());
    let out = qingdan(db, &["frobnicate"]);
    assert!(!out.status.success());
}

/// Progress on a large file, and an index whose schema version is stale is rebuilt
/// from the database when it is opened.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn large_import_progress_and_stale_index_rebuild() {
    let db = common::sqlite();
    let files = tempfile::tempdir().unwrap();
    let big = files.path().join("big.csv");
    let rows: Vec<_> = (0..2500).map(|i| good_row(&format!("BIG-{i:05}"))).collect();
    std::fs::write(&big, csv_bytes(FULL_HEADER, &rows)).unwrap();
    let out = qingdan(&db, &["import", "policies", big.to_str().unwrap()]);
    let stderr = text(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    for step in ["1000/2500", "2000/2500", "2500/2500"] {
        assert!(stderr.contains(step), "progress {step} missing: {stderr}");
    }

    let out = qingdan(&db, &["reindex"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let index = db.data_dir().join("index");
    let marker = index.join(qingdan::platform::search::VERSION_MARKER);
    std::fs::write(&marker, "0-stale").unwrap();

    let store = std::sync::Arc::new(Store::new(Db::connect(&database_url(&db)).await.unwrap()));
    let search = qingdan::policies::index::PolicyIndex::open(&index, store).await.expect("the index opens");
    assert_eq!(search.item_count(), 2500, "rebuilt from the database");
    let written = std::fs::read_to_string(&marker).unwrap();
    assert!(written.starts_with(&format!("{}.", qingdan::platform::search::SCHEMA_VERSION)), "{written}");
    let hits = common::all_hits(&search, &common::params(""));
    assert_eq!(hits.len(), 2500, "the rebuilt index answers");
}
