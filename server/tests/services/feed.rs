//! `/services.atom`: valid Atom (a real feed parser), stable ids, a changed service first
//! with a later `updated`, nothing moved by an unchanged re-import.

use app::services::components::FEED_PATH;
use qingdan::platform::sheet::read_csv;

use crate::common::{self, TestDb};
use crate::import::{csv, sample, set};

on_both_engines!(service_feed_follows_changes);

async fn service_feed_follows_changes(db: &TestDb) {
    let portal = db.portal(false).await;
    let (header, rows) = sample();
    portal.services.import_sheet(&read_csv(&csv(&header, &rows[..10])).unwrap()).await.expect("import");
    let site_root = db.data_dir().join("site");
    std::fs::create_dir_all(&site_root).unwrap();
    let addr = common::serve(portal.clone(), site_root).await;
    let first = common::get(addr, FEED_PATH).await;
    assert_eq!(first.status, 200);
    let feed = common::parse_feed(first.text().as_bytes());
    assert_eq!(feed["bozo"], 0, "{}", feed["error"]);
    assert_eq!(feed["entries"].as_array().map(Vec::len), Some(10));
    let code = &rows[3][0];
    let id = format!("tag:qingdan,2026:service/{code}");
    let updated = |feed: &serde_json::Value| feed["entries"].as_array().unwrap().iter().find(|e| e["id"] == id).map(|e| e["updated"].clone()).expect("the service's entry");
    let before = updated(&feed);

    tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
    portal.services.import_sheet(&read_csv(&csv(&header, &rows[..10])).unwrap()).await.expect("re-import");
    assert_eq!(common::get(addr, FEED_PATH).await.text(), first.text(), "an unchanged re-import changes nothing");
    let mut changed = rows[..10].to_vec();
    set(&header, &mut changed[3], "办理地点", "区政务服务中心 5 楼（新址，示例）");
    portal.services.import_sheet(&read_csv(&csv(&header, &changed)).unwrap()).await.expect("change");
    let feed = common::parse_feed(common::get(addr, FEED_PATH).await.text().as_bytes());
    assert_eq!(feed["bozo"], 0);
    assert_eq!(feed["entries"][0]["id"], id, "the changed service first");
    assert!(updated(&feed).as_str() > before.as_str());
}
