//! A flood of anonymous tips from one client is throttled (5 per client per 10
//! minutes, service.rs) without writing anything for the refused ones, and without
//! shutting out other clients.

use app::complaints::model::NewTip;

use crate::common;
use crate::support::{self, post_json};

/// Anonymous tips one client may file per window (`anonymous_per_client` in service.rs).
const PER_CLIENT: usize = 5;

fn anonymous_tip(i: usize) -> NewTip {
    NewTip {
        kind: "harming_environment".into(),
        subject_unit: "区市场监管局".into(),
        description: format!("第{i}条匿名反映：执法人员多次到同一企业重复检查，影响正常经营"),
        anonymous: true,
        ..Default::default()
    }
}

async fn written(portal: &qingdan::state::AppState) -> (i64, i64, i64) {
    (
        support::count(portal, "complaints").await,
        support::count(portal, "complaint_events").await,
        support::count(portal, "complaint_status").await,
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn anonymous_flood_is_throttled_per_client_over_http() {
    let db = common::sqlite();
    let portal = db.portal(false).await;
    let site_root = db.data_dir().join("site");
    std::fs::create_dir_all(&site_root).unwrap();
    let addr = support::serve(portal.clone(), site_root).await;

    let body = |i: usize| {
        serde_json::json!({ "category": "损害营商环境", "description": anonymous_tip(i).description, "anonymous": true }).to_string()
    };
    let mut accepted = 0;
    let mut first_refusal = None;
    for i in 0..PER_CLIENT + 5 {
        let response = post_json(addr, "/api/v1/complaints", body(i)).await;
        match response.status {
            201 => {
                assert!(first_refusal.is_none(), "tip {i} accepted after a refusal");
                accepted += 1;
            }
            429 => {
                let json = response.json();
                assert!(json["error"].as_str().is_some_and(|m| !m.is_empty()), "{json}");
                first_refusal.get_or_insert(i);
            }
            other => panic!("tip {i}: {other} {}", response.text()),
        }
    }
    assert_eq!(accepted, PER_CLIENT, "the flood was not throttled at {PER_CLIENT}");
    assert_eq!(first_refusal, Some(PER_CLIENT));
    let after_flood = written(&portal).await;
    assert_eq!(after_flood, (PER_CLIENT as i64, PER_CLIENT as i64, PER_CLIENT as i64), "refused tips left rows behind");

    // The form shares the limit: refused with a message, nothing written.
    let fields = [
        ("kind", "other"),
        ("description", "匿名反映：某单位要求企业购买指定服务才予办理"),
        ("anonymous", "true"),
        ("pledge", "yes"),
    ];
    let response = support::post_multipart(addr, "/report", support::multipart(&fields, &[("files", "a.png", &support::png(256))])).await;
    assert_eq!(response.status, 303, "{response:?}");
    let to = support::location(&response);
    assert!(to.starts_with("/report?") && to.contains("error="), "{to}");
    assert_eq!(written(&portal).await, after_flood);
    assert_eq!(support::count(&portal, "complaint_files").await, 0);

    // A named tip from the same client is not an anonymous flood.
    let named = serde_json::json!({ "category": "other", "description": "实名反映：区里补贴审核材料要求反复变化", "name": "赵六", "phone": "13600000000" });
    let response = post_json(addr, "/api/v1/complaints", named.to_string()).await;
    assert_eq!(response.status, 201, "{}", response.text());

    // Another client is still heard.
    let receipt = portal.complaints.submit(anonymous_tip(99), vec![], "online", None, "198.51.100.77").await.expect("another client");
    assert!(receipt.case_number.starts_with("JB"));
    assert_eq!(support::count(&portal, "complaints").await, PER_CLIENT as i64 + 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn anonymous_flood_is_throttled_per_client_in_the_service() {
    let db = common::sqlite();
    let portal = db.portal(false).await;
    let complaints = &portal.complaints;
    let flooder = "192.0.2.200";
    for i in 0..PER_CLIENT {
        complaints.submit(anonymous_tip(i), vec![], "online", None, flooder).await.unwrap_or_else(|e| panic!("tip {i}: {e:?}"));
    }
    let before = written(&portal).await;
    for i in PER_CLIENT..PER_CLIENT + 10 {
        let e = complaints.submit(anonymous_tip(i), vec![], "online", None, flooder).await.expect_err("throttled");
        assert_eq!(e.status(), 429, "tip {i}: {e:?}");
    }
    assert_eq!(written(&portal).await, before, "refused tips were written");

    // Another client key is accepted; tips staff record from the hotline are not throttled.
    complaints.submit(anonymous_tip(50), vec![], "online", None, "192.0.2.201").await.expect("another client");
    let jw = support::user(&portal, "jw", app::complaints::model::Role::Commission, None, None).await;
    complaints.submit(anonymous_tip(51), vec![], "hotline", Some(&jw), flooder).await.expect("staff intake");
    assert_eq!(support::count(&portal, "complaints").await, before.0 + 2);
}

/// One client that keeps going after being refused must not use up the allowance
/// of every other anonymous reporter: its refused attempts should not count
/// against the overall limit (120 a minute).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refused_client_does_not_use_up_everyone_elses_allowance() {
    let db = common::sqlite();
    let portal = db.portal(false).await;
    let complaints = &portal.complaints;
    let flooder = "192.0.2.210";
    let mut accepted = 0;
    for i in 0..130 {
        if complaints.submit(anonymous_tip(i), vec![], "online", None, flooder).await.is_ok() {
            accepted += 1;
        }
    }
    assert_eq!(accepted, PER_CLIENT);
    let other = complaints.submit(anonymous_tip(500), vec![], "online", None, "192.0.2.211").await;
    assert!(
        other.is_ok(),
        "after one client's {} refused attempts, a first tip from another client is refused: {:?}",
        130 - PER_CLIENT,
        other.err()
    );
}
