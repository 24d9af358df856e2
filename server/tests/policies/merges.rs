//! Segments merged in the background reach searches without waiting for the next
//! change (`platform::search::writer`): until then searches would keep the merged-away
//! segments open, and with them the pages the merge read.

use std::time::Duration;

use std::collections::HashSet;

use qingdan::platform::db::After;
use qingdan::platform::sheet;

use crate::common::{self, csv_bytes, q, TestDb, FULL_HEADER};
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

on_both_engines!(a_rebuild_reads_the_list_category_by_category);

/// A rebuild adds the items of one category one after the other (`PolicyCorpus::cluster`):
/// paged as the rebuild pages, the sample list (whose codes mix its 13 categories in 93
/// runs) comes in one run per category, every item once.
async fn a_rebuild_reads_the_list_category_by_category(db: &TestDb) {
    let portal = db.portal(true).await;
    let store = &portal.policies.store;
    let mut after = After::default();
    let (mut seen, mut runs): (HashSet<String>, Vec<String>) = (HashSet::new(), Vec::new());
    loop {
        let page = store.page(&after, 7).await.expect("page");
        let Some(last) = page.last() else { break };
        after = After { cluster: last.category.clone(), key: last.code.clone() };
        for item in &page {
            assert!(seen.insert(item.code.clone()), "{} read twice", item.code);
            if runs.last() != Some(&item.category) {
                assert!(!runs.contains(&item.category), "{} comes back after {runs:?}", item.category);
                runs.push(item.category.clone());
            }
        }
    }
    assert_eq!(seen.len() as i64, store.policy_count().await.expect("count"), "every item once");
    assert_eq!(runs.len(), 13, "one run per category: {runs:?}");
}
