//! A rebuild reads the list in its cluster order (`Corpus::cluster`; policies: by
//! category, then code), so a category's items sit side by side in the index.

use std::collections::HashSet;

use qingdan::platform::db::After;

use crate::common::TestDb;

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
