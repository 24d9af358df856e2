//! `/metrics`: refused without the token, absent when not configured, served with the
//! token and on the private address; request counters, search and tip counts move with
//! what happened, and the gauges read from the database match the workflow.

use app::complaints::model::{Action, QueueFilter, Role, State};
use qingdan::staff::accounts::StaffUser;
use qingdan::state::AppState;

use crate::common::{self, TestDb};
use crate::support::{self, get_with, scrape, serve_both, Scrape, TOKEN};

on_both_engines!(metrics_need_the_token_on_the_main_address, counters_follow_requests_searches_and_tips, cases_by_state_follow_the_workflow);

const COMMERCE: &str = "区商务局";

async fn metrics_need_the_token_on_the_main_address(db: &TestDb) {
    let portal = support::portal(db, Some(TOKEN)).await;
    let (addr, private) = serve_both(portal, db).await;

    let refused: [(&str, Vec<(&str, String)>); 6] = [
        ("no header", vec![]),
        ("wrong token", support::bearer("metrics-token-1f7c2a9f")),
        ("a prefix of the token", support::bearer(&TOKEN[..TOKEN.len() - 1])),
        ("the token and more", support::bearer(&format!("{TOKEN}0"))),
        ("another scheme", vec![("Authorization", format!("Basic {TOKEN}"))]),
        ("the token alone", vec![("Authorization", TOKEN.to_string())]),
    ];
    for (what, headers) in refused {
        let response = get_with(addr, "/metrics", &headers).await;
        assert_eq!(response.status, 401, "{what}: {}", response.text());
        response.assert_json_error_body(what);
        assert_eq!(response.json()["code"], "unauthorized", "{what}");
        assert!(response.json()["error"].as_str().unwrap().contains(" / "), "{what}: Chinese / English");
        assert_eq!(response.header("www-authenticate"), Some("Bearer"), "{what}");
        assert!(!response.text().contains("qingdan_"), "{what}: metrics leaked");
    }

    let with_token = scrape(addr, Some(TOKEN)).await;
    assert_eq!(with_token.value("qingdan_database_up", &[]), 1.0);
    // The scheme is case-insensitive (RFC 7235).
    let lower = get_with(addr, "/metrics", &[("Authorization", format!("bearer {TOKEN}"))]).await;
    assert_eq!(lower.status, 200);
    // The refusals above were counted like any request.
    assert_eq!(with_token.value("qingdan_http_requests_total", &[("route", "/metrics"), ("method", "GET"), ("status", "401")]), 6.0);

    // The private address needs no token and serves nothing else.
    let open = scrape(private, None).await;
    assert_eq!(open.value("qingdan_database_up", &[]), 1.0);
    assert_eq!(get_with(private, "/", &[]).await.status, 404);
    assert_eq!(get_with(private, "/api/v1/policies", &[]).await.status, 404);
}

/// Without `QINGDAN_METRICS_TOKEN` the main address has no `/metrics` at all.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn metrics_are_not_served_without_configuration() {
    let db = common::sqlite();
    let portal = support::portal(&db, None).await;
    let site_root = db.data_dir().join("site");
    std::fs::create_dir_all(&site_root).unwrap();
    let addr = common::serve(portal, site_root).await;
    for headers in [vec![], support::bearer(TOKEN), support::bearer("")] {
        let response = get_with(addr, "/metrics", &headers).await;
        assert_eq!(response.status, 404, "{headers:?}: {}", response.text());
        assert!(!response.text().contains("qingdan_http"), "{headers:?}");
    }
    assert_eq!(get_with(addr, "/healthz", &[]).await.status, 200);
}

fn requests(scrape: &Scrape, route: &str, method: &str, status: &str) -> f64 {
    scrape.get("qingdan_http_requests_total", &[("route", route), ("method", method), ("status", status)]).unwrap_or(0.0)
}

async fn commission(portal: &AppState) -> StaffUser {
    let account = qingdan::staff::rules::NewAccount {
        username: "jw".into(),
        display_name: "纪委甲".into(),
        role: Some(Role::Commission),
        unit: String::new(),
        // No address: no notice mail, so the outbox holds only what the test puts there.
        email: String::new(),
        password: "correct-horse-battery".into(),
    };
    let id = portal.accounts.add(&account).await.expect("account");
    // The unit cases are forwarded to needs an account of its own to work them.
    qingdan::platform::units::add(&portal.db, COMMERCE).await.expect("the unit");
    let unit = qingdan::staff::rules::NewAccount {
        username: "swj".into(),
        display_name: "商务局甲".into(),
        role: Some(Role::Unit),
        unit: COMMERCE.into(),
        email: String::new(),
        password: "correct-horse-battery".into(),
    };
    portal.accounts.add(&unit).await.expect("a unit account");
    portal.accounts.user(id).await.unwrap().expect("the new user")
}

fn named_tip(description: &str) -> app::complaints::model::NewTip {
    app::complaints::model::NewTip {
        kind: "policy_not_honoured".into(),
        subject_unit: COMMERCE.into(),
        description: description.into(),
        anonymous: false,
        name: "欧阳观测".into(),
        phone: "13800001111".into(),
        ..Default::default()
    }
}

async fn counters_follow_requests_searches_and_tips(db: &TestDb) {
    let portal = support::portal(db, Some(TOKEN)).await;
    support::import(&portal, &["观测用研发补助", "观测用人才奖励"]).await;
    let staff = commission(&portal).await;
    let (addr, private) = serve_both(portal.clone(), db).await;
    let before = scrape(private, None).await;
    for (channel, _) in app::complaints::model::CHANNELS {
        assert_eq!(before.value("qingdan_tips_received_total", &[("channel", channel)]), 0.0, "{channel}");
    }
    assert_eq!(before.histogram_count("qingdan_search_duration_seconds", &[]), 0.0);

    for _ in 0..2 {
        assert_eq!(get_with(addr, "/policy/P-OBS-1", &[]).await.status, 200);
    }
    assert_eq!(get_with(addr, "/api/v1/policies/P-OBS-404", &[]).await.status, 404);
    assert_eq!(get_with(addr, "/no/such/page?x=1", &[]).await.status, 404);
    let searched = scrape(private, None).await;
    let response = get_with(addr, &format!("/api/v1/policies?q={}", common::encode("人才")), &[]).await;
    assert_eq!(response.status, 200);
    assert_eq!(response.json()["total"], 1, "{}", response.text());
    let after_search = scrape(private, None).await;
    let searches = |s: &Scrape| s.histogram_count("qingdan_search_duration_seconds", &[]);
    assert_eq!(searches(&after_search) - searches(&searched), 1.0, "one search, timed once");

    let body = serde_json::json!({
        "category": "policy_not_honoured",
        "subject_unit": COMMERCE,
        "description": "观测：补贴迟迟未兑现",
        "anonymous": false,
        "name": "欧阳观测",
        "phone": "13800001111",
    });
    let response = common::request(addr, "POST", "/api/v1/complaints", &[("Content-Type", "application/json".into())], body.to_string().into_bytes()).await;
    assert_eq!(response.status, 201, "{}", response.text());
    portal.complaints.submit(named_tip("观测：电话反映的线索"), vec![], "hotline", Some(&staff), "test").await.expect("hotline tip");
    // A refused tip is not counted.
    let refused = portal.complaints.submit(named_tip(""), vec![], "letter", Some(&staff), "test").await;
    assert!(refused.is_err());

    let after = scrape(private, None).await;
    let delta = |route: &str, method: &str, status: &str| requests(&after, route, method, status) - requests(&before, route, method, status);
    assert_eq!(delta("/policy/{code}", "GET", "200"), 2.0);
    assert_eq!(delta("/api/v1/policies/{code}", "GET", "404"), 1.0);
    assert_eq!(delta("/api/v1/policies", "GET", "200"), 1.0);
    assert_eq!(delta("fallback", "GET", "404"), 1.0);
    assert_eq!(delta("/api/v1/complaints", "POST", "201"), 1.0);
    assert_eq!(after.histogram_count("qingdan_http_request_duration_seconds", &[("route", "/policy/{code}")]), 2.0);
    assert_eq!(after.histogram_count("qingdan_http_request_duration_seconds", &[("route", "fallback")]), 1.0);
    // Routes are templates: no series names a concrete path.
    for sample in after.all("qingdan_http_requests_total") {
        let route = &sample.labels["route"];
        assert!(!route.contains("P-OBS") && !route.contains("/no/such"), "a path became a label: {route}");
    }
    // Scrapes on the private address are not counted.
    assert!(after.all("qingdan_http_requests_total").iter().all(|s| s.labels["route"] != "/metrics"));

    let tips = |channel: &str| after.value("qingdan_tips_received_total", &[("channel", channel)]);
    assert_eq!((tips("online"), tips("hotline"), tips("letter"), tips("visit")), (1.0, 1.0, 0.0, 0.0));
    assert_eq!(after.value("qingdan_cases", &[("state", "submitted")]), 2.0);
    assert_eq!(after.value("qingdan_index_items", &[]), 2.0);
    assert_eq!(after.value("qingdan_index_lag", &[]), 0.0);
    for name in ["qingdan_cases", "qingdan_cases_overdue", "qingdan_index_items", "qingdan_index_lag", "qingdan_mail_outbox_pending", "qingdan_mail_outbox_failed", "qingdan_database_up"] {
        assert_eq!(after.types.get(name).map(String::as_str), Some("gauge"), "{name}");
    }
    for name in ["qingdan_http_requests_total", "qingdan_tips_received_total"] {
        assert_eq!(after.types.get(name).map(String::as_str), Some("counter"), "{name}");
    }
}

async fn set_date(portal: &AppState, sql: &str, date: &str, case_number: &str) {
    let id: i64 = sqlx::Row::try_get(
        &sqlx::query("SELECT id FROM complaints WHERE case_number = $1").bind(case_number).fetch_one(&portal.db.pool).await.unwrap(),
        0,
    )
    .unwrap();
    sqlx::query(sql).bind(date).bind(id).execute(&portal.db.pool).await.unwrap_or_else(|e| panic!("{sql}: {e}"));
}

async fn cases_by_state_follow_the_workflow(db: &TestDb) {
    let portal = support::portal(db, Some(TOKEN)).await;
    qingdan::platform::units::add(&portal.db, COMMERCE).await.expect("unit");
    let staff = commission(&portal).await;
    let (_, private) = serve_both(portal.clone(), db).await;
    let cases = |s: &Scrape| -> Vec<(String, f64)> {
        State::ALL.iter().map(|state| (state.key().to_string(), s.value("qingdan_cases", &[("state", state.key())]))).collect()
    };
    let expect = |pairs: &[(&str, f64)]| -> Vec<(String, f64)> {
        State::ALL
            .iter()
            .map(|state| (state.key().to_string(), pairs.iter().find(|(k, _)| *k == state.key()).map(|(_, n)| *n).unwrap_or(0.0)))
            .collect()
    };

    let empty = scrape(private, None).await;
    assert_eq!(cases(&empty), expect(&[]), "every state is reported, 0 included");
    assert_eq!(empty.all("qingdan_cases").len(), State::ALL.len());

    let mut numbers = Vec::new();
    for text in ["观测：甲线索，补贴申请迟迟没有答复", "观测：乙线索，窗口要求重复提交材料", "观测：丙线索，贴息资金半年未拨付"] {
        numbers.push(portal.complaints.submit(named_tip(text), vec![], "online", None, "test").await.expect("tip").case_number);
    }
    let (a, b, c) = (&numbers[0], &numbers[1], &numbers[2]);
    assert_eq!(cases(&scrape(private, None).await), expect(&[("submitted", 3.0)]));

    portal.complaints.act(&staff, a, Action::Accept).await.expect("accept");
    assert_eq!(cases(&scrape(private, None).await), expect(&[("submitted", 2.0), ("accepted", 1.0)]));
    let forward = Action::Forward { unit: COMMERCE.into(), due: String::new(), instructions: String::new() };
    portal.complaints.act(&staff, a, forward).await.expect("forward");
    portal.complaints.act(&staff, b, Action::NotAccept { reason: "不属于受理范围".into() }).await.expect("not accept");
    let now = scrape(private, None).await;
    assert_eq!(cases(&now), expect(&[("submitted", 1.0), ("verifying", 1.0), ("not_accepted", 1.0)]));
    assert_eq!(now.value("qingdan_cases_overdue", &[]), 0.0);

    // Past deadlines: the verification of a, the acceptance of c — and of b, which was
    // not accepted and so runs against no deadline. The staff queue's rule decides.
    set_date(&portal, "UPDATE complaint_status SET verify_due = $1 WHERE complaint_id = $2", "2020-01-02", a).await;
    set_date(&portal, "UPDATE complaints SET accept_due = $1 WHERE id = $2", "2020-01-02", c).await;
    set_date(&portal, "UPDATE complaints SET accept_due = $1 WHERE id = $2", "2020-01-02", b).await;
    let queue = portal.complaints.queue(&staff, &QueueFilter { overdue: true, ..Default::default() }).await.expect("queue");
    let mut overdue: Vec<&str> = queue.iter().map(|i| i.case_number.as_str()).collect();
    overdue.sort();
    let mut want = vec![a.as_str(), c.as_str()];
    want.sort();
    assert_eq!(overdue, want, "the queue's own rule");
    let now = scrape(private, None).await;
    assert_eq!(now.value("qingdan_cases_overdue", &[]), 2.0, "the gauge agrees with the queue");

    // The outbox: one message failing and waiting for its retry, one fresh, one sent.
    for (id, sent, error) in [("<a@obs>", None, Some("smtp: 451 try later")), ("<b@obs>", None, None), ("<c@obs>", Some("2024-01-01 00:00:00"), None)] {
        sqlx::query(
            "INSERT INTO mail_outbox (message_id, kind, complaint_id, recipient_sealed, subject, body, created_at, attempts, \
             next_attempt_at, sent_at, last_error) VALUES ($1, 'test', NULL, 'sealed', 's', 'b', '2024-01-01 00:00:00', 1, \
             '2999-01-01 00:00:00', $2, $3)",
        )
        .bind(id)
        .bind(sent)
        .bind(error)
        .execute(&portal.db.pool)
        .await
        .expect("outbox row");
    }
    let now = scrape(private, None).await;
    assert_eq!(now.value("qingdan_mail_outbox_pending", &[]), 2.0);
    assert_eq!(now.value("qingdan_mail_outbox_failed", &[]), 1.0);
}
