//! `/healthz`: the database and the index answer, and the index has applied every
//! change in the feed; 503 when the database is gone, with nothing of the failure shown.

use qingdan::platform::{changes, sheet};
use qingdan::policies::import;

use crate::common::{csv_bytes, good_row, TestDb, FULL_HEADER};
use crate::support::{self, get_with, scrape, serve_both, TOKEN};

on_both_engines!(healthz_reports_database_index_and_lag, healthz_is_unavailable_without_the_database);

fn keys(value: &serde_json::Value) -> Vec<String> {
    let mut keys: Vec<String> = value.as_object().expect("an object").keys().cloned().collect();
    keys.sort();
    keys
}

async fn healthz_reports_database_index_and_lag(db: &TestDb) {
    let portal = support::portal(db, None).await;
    support::import(&portal, &["观测用研发补助", "观测用人才奖励", "观测用贷款贴息"]).await;
    let (addr, private) = serve_both(portal.clone(), db).await;

    let response = get_with(addr, "/healthz", &[]).await;
    assert_eq!(response.status, 200, "{}", response.text());
    assert!(response.header("content-type").is_some_and(|c| c.starts_with("application/json")));
    assert_eq!(response.header("cache-control"), Some("no-store"));
    let body = response.json();
    assert_eq!(keys(&body), ["database", "index", "status"], "{body}");
    assert_eq!(body["status"], "ok", "{body}");
    assert_eq!(body["database"], serde_json::json!({ "ok": true }), "{body}");
    assert_eq!(keys(&body["index"]), ["items", "lag", "ok"], "{body}");
    assert_eq!(body["index"]["ok"], true, "{body}");
    assert_eq!(body["index"]["items"], 3, "{body}");
    // The import wrote to the change feed and waited for the index: nothing left to apply.
    let last = changes::last_id(&portal.db).await.unwrap();
    assert!(last >= 3, "the import recorded its changes: {last}");
    assert_eq!(portal.policies.index.applied_change(), last);
    assert_eq!(body["index"]["lag"], 0, "{body}");

    // Changes written by "another process" (no sync): until the index's follower (polling
    // once a second) applies one, /healthz and /metrics both report the lag. The follower
    // may win a race now and then, so a few tries; a lag always reported as 0 never passes.
    let mut seen = None;
    let mut behind = last;
    for attempt in 0..5 {
        let rows = import::validate(
            &sheet::read_csv(&csv_bytes(FULL_HEADER, &[good_row(&format!("P-OBS-{}", 9 + attempt))])).unwrap(),
            &|_, _| {},
        )
        .unwrap();
        portal.policies.store.import(&rows, &|_, _| {}).await.expect("direct import");
        behind = changes::last_id(&portal.db).await.unwrap();
        assert!(behind > last);
        let body = get_with(addr, "/healthz", &[]).await.json();
        let metrics = scrape(private, None).await.value("qingdan_index_lag", &[]);
        let lag = body["index"]["lag"].as_i64().expect("lag is a number");
        if lag >= 1 && metrics >= 1.0 {
            seen = Some((lag, metrics));
            break;
        }
    }
    assert!(seen.is_some(), "an unapplied change never showed as index lag");
    portal.policies.index.sync().await.expect("sync");
    let body = get_with(addr, "/healthz", &[]).await.json();
    let items = body["index"]["items"].as_i64().expect("items");
    assert!(items >= 4, "{body}");
    assert_eq!(body["index"]["lag"].as_i64(), Some(0), "{body}");
    assert_eq!(portal.policies.index.applied_change(), behind);

    // The private address answers the same.
    let body = get_with(private, "/healthz", &[]).await.json();
    assert_eq!(body["status"], "ok", "{body}");
    assert_eq!(body["index"]["items"].as_i64(), Some(items), "{body}");
}

async fn healthz_is_unavailable_without_the_database(db: &TestDb) {
    let portal = support::portal(db, Some(TOKEN)).await;
    support::import(&portal, &["观测用研发补助", "观测用人才奖励"]).await;
    let (addr, private) = serve_both(portal.clone(), db).await;
    assert_eq!(get_with(addr, "/healthz", &[]).await.status, 200);
    let before = scrape(addr, Some(TOKEN)).await;
    assert_eq!(before.value("qingdan_database_up", &[]), 1.0);
    assert!(before.get("qingdan_cases", &[("state", "submitted")]).is_some());

    portal.db.pool.close().await;

    for at in [addr, private] {
        let response = get_with(at, "/healthz", &[]).await;
        assert_eq!(response.status, 503, "{}", response.text());
        let body = response.json();
        assert_eq!(body["status"], "unavailable", "{body}");
        assert_eq!(body["database"], serde_json::json!({ "ok": false }), "{body}");
        // The index still answers from memory; how far it lags is unknown.
        assert_eq!(body["index"]["items"], 2, "{body}");
        assert!(body["index"]["lag"].is_null(), "{body}");
        let text = response.text().to_lowercase();
        for leak in ["pool", "closed", "error", "sqlite", "postgres", "127.0.0.1"] {
            assert!(!text.contains(leak), "/healthz shows {leak:?}: {text}");
        }
    }

    // /metrics still answers from memory, says the database is down, and leaves out
    // the counts it could not read rather than reporting zeros.
    let after = scrape(addr, Some(TOKEN)).await;
    assert_eq!(after.value("qingdan_database_up", &[]), 0.0);
    assert_eq!(after.value("qingdan_index_items", &[]), 2.0);
    assert!(after.all("qingdan_cases").is_empty(), "{:?}", after.all("qingdan_cases"));
    assert!(after.get("qingdan_mail_outbox_pending", &[]).is_none());
    assert!(after.get("qingdan_index_lag", &[]).is_none());
}
