//! The measures register: only the commission records; fault tolerance needs its
//! reasoning and is counted apart; /notices and its Atom feed show only public entries of
//! 公开通报曝光, and never anything about a reporter; units whose tasks all closed on
//! time are commendation candidates.

use app::complaints::model::Role;
use app::supervision::backend::SupervisionBackend;
use app::supervision::model::TOLERANCE;
use sqlx::Row;

use crate::common::{self, TestDb};
use crate::support::{self, PASSWORD};

on_both_engines!(register_notices_and_candidates);

async fn register_notices_and_candidates(db: &TestDb) {
    let portal = db.portal(true).await;
    let site_root = db.data_dir().join("site");
    std::fs::create_dir_all(&site_root).unwrap();
    let addr = common::serve(portal.clone(), site_root).await;
    support::user(&portal, "jw", Role::Commission, None, None).await;
    support::user(&portal, "swj", Role::Unit, Some(support::COMMERCE), None).await;
    support::user(&portal, "rd", Role::Certifier, None, None).await;
    // A named reporter's case is the basis of a public notice.
    let tip = portal.complaints.submit(support::named_tip("区商务局某科长以各种理由拖延兑现奖补资金"), vec![], "online", None, "198.51.100.9").await.unwrap();

    let jw = support::login_cookie(addr, "jw", PASSWORD, "/staff").await;
    let desk = support::get_with_cookie(addr, "/staff/measures", &jw).await;
    assert_eq!(desk.status, 200);
    let csrf = support::hidden_input(&desk.text(), "csrf").unwrap();
    let today = common::today();
    let record = |pairs: Vec<(&'static str, String)>| {
        let cookie = jw.clone();
        let mut all: Vec<(&str, String)> = vec![("csrf", csrf.clone()), ("body", "区纪委监委".into())];
        if !pairs.iter().any(|(k, _)| *k == "decided_on") {
            all.push(("decided_on", today.clone()));
        }
        all.extend(pairs);
        async move {
            let refs: Vec<(&str, &str)> = all.iter().map(|(k, v)| (*k, v.as_str())).collect();
            support::location(&support::post_form(addr, "/staff/measures", Some(&cookie), &refs).await)
        }
    };
    let notice = vec![
        ("measure", "公开通报曝光".to_string()),
        ("unit", support::COMMERCE.to_string()),
        ("post", "某科科长".to_string()),
        ("basis_kind", "case".to_string()),
        ("basis_ref", tip.case_number.clone()),
        ("facts", "拖延兑现企业奖补资金三个月".to_string()),
        ("outcome", "给予诫勉谈话并通报".to_string()),
        ("public", "1".to_string()),
    ];
    assert!(record(notice.clone()).await.contains("ok="));
    // The same measure, not public; a commendation, public: neither is a notice.
    let mut private = notice.clone();
    private.retain(|(k, _)| *k != "public");
    private.push(("facts", "内部掌握的问题".into()));
    private.retain(|(k, v)| *k != "facts" || v == "内部掌握的问题");
    assert!(record(private).await.contains("ok="));
    let praise = vec![
        ("measure", "表彰奖励".to_string()),
        ("unit", "区行政审批服务局".to_string()),
        ("basis_kind", "task".to_string()),
        ("basis_ref", "GG01001".to_string()),
        ("facts", "改革任务全部按期完成".to_string()),
        ("public", "1".to_string()),
    ];
    assert!(record(praise).await.contains("ok="));
    // Refused: a measure not among the ten (the old wording), no basis, a future date,
    // fault tolerance without its reasoning.
    let mut old_word = notice.clone();
    old_word[0].1 = "提拔使用".into();
    assert!(record(old_word).await.contains("error="));
    let mut no_basis = notice.clone();
    no_basis[4].1 = String::new();
    assert!(record(no_basis).await.contains("error="));
    let mut future = notice.clone();
    future.push(("decided_on", "2999-01-01".into()));
    assert!(record(future).await.contains("error="), "a decision is not dated in the future");
    let tolerance = vec![
        ("measure", TOLERANCE.to_string()),
        ("person", "李某".to_string()),
        ("basis_kind", "task".to_string()),
        ("basis_ref", "GG01002".to_string()),
        ("facts", "试点中探索性做法未达预期".to_string()),
    ];
    assert!(record(tolerance.clone()).await.contains("error="), "fault tolerance needs its reasoning");
    let mut reasoned = tolerance.clone();
    reasoned.push(("reasoning", "属于推进改革中因缺乏经验出现的失误，未谋取私利，予以容错免责".into()));
    assert!(record(reasoned).await.contains("ok="));
    let forged = support::post_form(addr, "/staff/measures", Some(&jw), &[("csrf", "forged"), ("measure", "表彰奖励")]).await;
    assert_eq!(forged.status, 403);

    // Counts: the ten measures, fault tolerance apart.
    let (counts, tolerated) = portal.supervision.register.counts().await.unwrap();
    assert_eq!(counts.len(), 10);
    assert_eq!(counts.iter().find(|(m, _)| m == "公开通报曝光").unwrap().1, 2);
    assert_eq!(counts.iter().find(|(m, _)| m == "表彰奖励").unwrap().1, 1);
    assert_eq!(counts.iter().map(|(_, n)| n).sum::<u32>(), 3, "fault tolerance is not one of the ten");
    assert_eq!(tolerated, 1);
    let desk = support::get_with_cookie(addr, "/staff/measures", &jw).await.text();
    assert!(desk.contains(&format!("{TOLERANCE}（单独统计）：1 次")));

    // Only the commission keeps the register.
    for (user, home) in [("swj", "/staff"), ("rd", "/staff/certify")] {
        let cookie = support::login_cookie(addr, user, PASSWORD, home).await;
        let page = support::get_with_cookie(addr, home, &cookie).await.text();
        let their_csrf = support::hidden_input(&page, "csrf").unwrap();
        let crossed = support::post_form(addr, "/staff/measures", Some(&cookie), &[("csrf", &their_csrf), ("measure", "表彰奖励"), ("unit", "x"), ("basis_kind", "task"), ("basis_ref", "x"), ("facts", "x"), ("body", "x"), ("decided_on", &today)]).await;
        assert!(support::location(&crossed).contains("error="), "{user} cannot record");
        let desk = support::server_fn(addr, "measures_desk", &cookie, "").await;
        assert_ne!(desk.status, 200, "{user} cannot read the register");
    }
    assert_eq!(portal.supervision.register.all().await.unwrap().len(), 4);

    // Notices: one entry, public fields only, nothing about the reporter.
    let notices = portal.supervision.notices().await.unwrap();
    assert_eq!(notices.len(), 1);
    assert_eq!(notices[0].facts, "拖延兑现企业奖补资金三个月");
    let page = common::get(addr, "/notices").await.text();
    let feed = common::get(addr, "/notices.atom").await;
    assert_eq!(feed.header("content-type"), Some("application/atom+xml; charset=utf-8"));
    let feed = feed.text();
    let api = common::get(addr, "/api/v1/notices").await.text();
    for body in [&page, &feed, &api] {
        assert!(body.contains("拖延兑现企业奖补资金三个月"));
        assert!(!body.contains("内部掌握的问题") && !body.contains("改革任务全部按期完成"), "only public notices");
        for secret in [support::NAME, support::PHONE, support::EMAIL, "青岛小明科技有限公司", tip.case_number.as_str(), tip.receipt.as_str()] {
            assert!(!body.contains(secret), "a notice never shows anything about a reporter ({secret})");
        }
    }
    // The feed is valid Atom with stable ids, as a real feed parser reads it.
    let parsed = common::parse_feed(feed.as_bytes());
    assert_eq!(parsed["bozo"], 0, "{}", parsed["error"]);
    assert_eq!(parsed["version"], "atom10");
    assert_eq!(parsed["entries"].as_array().map(Vec::len), Some(1));
    assert_eq!(parsed["entries"][0]["id"], format!("tag:qingdan,2026:notice/{}", notices[0].id));
    assert_eq!(parsed["entries"][0]["updated"], format!("{today}T00:00:00+08:00"));

    // Candidates for commendation: every task of the unit closed on or before its deadline.
    let rows = sqlx::query("SELECT t.id, t.deadline, u.name FROM reform_tasks t JOIN units u ON u.id = t.unit_id ORDER BY u.name, t.id")
        .fetch_all(&portal.db.pool)
        .await
        .unwrap();
    let unit_of = |i: usize| rows[i].try_get::<String, _>(2).unwrap();
    let first_unit = unit_of(0);
    let second_unit = rows.iter().map(|r| r.try_get::<String, _>(2).unwrap()).find(|u| *u != first_unit).unwrap();
    assert!(portal.supervision.register.candidates().await.unwrap().is_empty(), "no unit has closed all its tasks yet");
    for r in &rows {
        let unit: String = r.try_get(2).unwrap();
        let deadline: String = r.try_get(1).unwrap();
        let closed_on = if unit == first_unit { deadline.clone() } else if unit == second_unit { "2999-12-31".to_string() } else { continue };
        sqlx::query("UPDATE reform_tasks SET state = 'closed', closed_on = $2 WHERE id = $1")
            .bind(r.try_get::<i64, _>(0).unwrap())
            .bind(closed_on)
            .execute(&portal.db.pool)
            .await
            .unwrap();
    }
    let candidates = portal.supervision.register.candidates().await.unwrap();
    assert_eq!(candidates.iter().map(|c| c.unit.as_str()).collect::<Vec<_>>(), vec![first_unit.as_str()], "closed late is no candidate");
    assert!(support::get_with_cookie(addr, "/staff/measures", &jw).await.text().contains(&first_unit));
}
