//! `/policies.atom`: valid Atom as a real feed parser reads it; each policy one entry with
//! a stable id; a change moves its `updated` and puts it first; an unchanged re-import
//! changes nothing.

use app::policies::components::FEED_PATH;
use qingdan::platform::sheet;

use crate::common::{self, csv_bytes, good_row, set, TestDb, FULL_HEADER};

on_both_engines!(policy_feed_follows_changes);

async fn policy_feed_follows_changes(db: &TestDb) {
    let rows = vec![good_row("FEED-1"), set(good_row("FEED-2"), "政策名称", "测试企业上市奖励")];
    let portal = db.portal(false).await;
    let import = |rows: Vec<common::Row>| {
        let portal = portal.clone();
        async move {
            let sheet = sheet::read_csv(&csv_bytes(FULL_HEADER, &rows)).expect("csv");
            portal.policies.import_sheet(&sheet).await.expect("import");
        }
    };
    import(rows.clone()).await;
    let site_root = db.data_dir().join("site");
    std::fs::create_dir_all(&site_root).unwrap();
    let addr = common::serve(portal.clone(), site_root).await;

    let first = common::get(addr, FEED_PATH).await;
    assert_eq!(first.status, 200);
    assert!(first.header("content-type").unwrap().starts_with("application/atom+xml"));
    let feed = common::parse_feed(first.text().as_bytes());
    assert_eq!(feed["bozo"], 0, "{}", feed["error"]);
    assert_eq!(feed["version"], "atom10");
    let entries = feed["entries"].as_array().unwrap();
    assert_eq!(entries.len(), 2);
    let entry = |feed: &serde_json::Value, code: &str| {
        feed["entries"].as_array().unwrap().iter().find(|e| e["id"] == format!("tag:qingdan,2026:policy/{code}")).cloned().unwrap_or_else(|| panic!("{code} in the feed"))
    };
    let before = entry(&feed, "FEED-1");
    assert!(before["link"].as_str().unwrap().ends_with("/policy/FEED-1"));
    assert!(before["title"].as_str().unwrap().contains("测试企业研发补助"));

    // Stored times have whole seconds: let one pass, so a change shows.
    tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
    import(rows.clone()).await;
    assert_eq!(common::get(addr, FEED_PATH).await.text(), first.text(), "an unchanged re-import changes nothing");

    let changed = vec![set(good_row("FEED-1"), "政策内容", "对年度研发投入增长的企业给予资金补助，单个企业最高30万元。"), rows[1].clone()];
    import(changed).await;
    let feed = common::parse_feed(common::get(addr, FEED_PATH).await.text().as_bytes());
    assert_eq!(feed["bozo"], 0, "{}", feed["error"]);
    assert_eq!(feed["entries"][0]["id"], "tag:qingdan,2026:policy/FEED-1", "the changed policy comes first");
    let after = entry(&feed, "FEED-1");
    assert_ne!(after["updated"], before["updated"], "updated moves with the change");
    assert!(after["updated"].as_str() > before["updated"].as_str());
    assert_eq!(entry(&feed, "FEED-2")["updated"], entry(&common::parse_feed(first.text().as_bytes()), "FEED-2")["updated"]);
    assert!(after["summary"].as_str().unwrap().contains("30万元"));
}
