//! An item changed twice before the index catches up is found once, as its last
//! version: the index writer deletes an item's old copy only when one exists, in the
//! index or added earlier by the same sync (`platform::search::writer`), because
//! tantivy holds every delete in memory until the commit.

use std::time::Duration;

use qingdan::platform::changes;
use qingdan::platform::search::FEED_BATCH;
use qingdan::platform::sheet;
use qingdan::policies::import::validate;
use qingdan::policies::model::NewPolicy;

use crate::common::{self, csv_bytes, q, Row, FULL_HEADER};
use crate::ranking::row;

fn policies(rows: &[Row]) -> Vec<NewPolicy> {
    let sheet = sheet::read_csv(&csv_bytes(FULL_HEADER, rows)).expect("csv");
    validate(&sheet, &|_, _| {}).expect("valid rows")
}

fn version(attempt: usize, text: &str) -> Row {
    let content = format!("星港复核补助，{text}（第{attempt}轮）。");
    row("TWICE-1", "星港复核补助", &content, ("区测发〔2024〕77号", "有效"), "2024-01-15", "")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_item_changed_twice_in_one_sync_is_found_once() {
    let db = common::sqlite();
    let portal = db.portal(false).await;
    let (store, index) = (&portal.policies.store, &portal.policies.index);
    let fillers = FEED_BATCH as usize - 1;
    // The writer syncs once a second. The first version and the fillers fill one batch
    // of the feed exactly, the second version starts the next; both writes must land
    // between two syncs, or the case is tried again.
    let mut landed = false;
    for attempt in 0..10 {
        let mut first: Vec<Row> = (0..fillers)
            .map(|n| row(&format!("FILL-{n}"), &format!("填充政策{n}"), &format!("填充内容第{attempt}轮。"), ("区测发〔2024〕78号", "有效"), "2024-01-15", ""))
            .collect();
        first.push(version(attempt, "初版内容"));
        let (first, second) = (policies(&first), policies(&[version(attempt, "修订内容")]));
        index.sync().await.expect("sync");
        tokio::time::sleep(Duration::from_millis(300)).await;
        let before = changes::last_id(store.db()).await.expect("last change");
        store.import(&first, &|_, _| {}).await.expect("first version and fillers");
        store.import(&second, &|_, _| {}).await.expect("second version");
        let apart = changes::last_id(store.db()).await.expect("last change") - before > FEED_BATCH;
        if index.applied_change() <= before && apart {
            landed = true;
            break;
        }
    }
    assert!(landed, "the writer synced between the writes in every attempt");
    index.sync().await.expect("sync");
    assert_eq!(index.item_count(), 1 + fillers, "each item is in the index once");
    let found = index.search(&q("星港复核补助"), &common::today(), common::year()).expect("search");
    assert_eq!(found.total, 1);
    let hit = &found.hits[0];
    assert_eq!(hit.code, "TWICE-1");
    assert!(hit.earlier.is_empty(), "no stale copy folded under it: {:?}", hit.earlier);
    let revised = index.search(&q("修订内容"), &common::today(), common::year()).expect("search");
    assert_eq!(revised.total, 1, "the last version is the one found");
}
