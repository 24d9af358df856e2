//! Segments merged in the background reach searches without waiting for the next
//! change (`platform::search::writer`): until then searches would keep the merged-away
//! segments open, and with them the pages the merge read.

use std::time::Duration;

use qingdan::platform::sheet;

use crate::common::{self, csv_bytes, q, FULL_HEADER};
use crate::ranking::row;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn searches_see_merged_segments_without_a_new_change() {
    let db = common::sqlite();
    let portal = db.portal(false).await;
    // Each import commits one segment; the eighth makes tantivy merge them, and no
    // later commit reloads the searcher.
    for n in 0..8 {
        let code = format!("M-{n}");
        let rows = [row(&code, &format!("灯塔合并补助{n}"), "支持灯塔渔港建设。", ("区测发〔2024〕61号", "有效"), "2024-01-15", "")];
        let sheet = sheet::read_csv(&csv_bytes(FULL_HEADER, &rows)).expect("csv");
        portal.policies.import_sheet(&sheet).await.expect("import");
    }
    let index = &portal.policies.index;
    let merged = common::eventually(Duration::from_secs(10), || index.segment_count() < 8).await;
    assert!(merged, "searches still walk {} segments", index.segment_count());
    let found = index.search(&q("灯塔合并补助"), &common::today(), common::year()).expect("search");
    assert_eq!(found.total, 8, "every item is found in the merged segments");
}
