//! 一月一认定、销号、跟踪问效 over HTTP, and who may do each: the certifier certifies
//! and decides; only the responsible unit asks for close-out, with evidence; a closed
//! task takes no reports; reopening needs a reason; every step is on the timeline.

use app::complaints::model::Role;
use app::tasks::backend::TaskBackend;

use crate::common::{self, TestDb};
use crate::support::{self, PASSWORD};

on_both_engines!(certify_close_out_follow_up_and_reopen);

fn closeout_body(csrf: &str, note: &str, file: Option<(&str, &[u8])>) -> Vec<u8> {
    let files: Vec<(&str, &str, &[u8])> = file.map(|(name, bytes)| vec![("evidence", name, bytes)]).unwrap_or_default();
    support::multipart(&[("csrf", csrf), ("note", note)], &files)
}

async fn certify_close_out_follow_up_and_reopen(db: &TestDb) {
    let portal = db.portal(true).await;
    let site_root = db.data_dir().join("site");
    std::fs::create_dir_all(&site_root).unwrap();
    let addr = common::serve(portal.clone(), site_root).await;
    let code = "GG01001";
    let unit = portal.tasks.task(code).await.unwrap().unit;
    support::user(&portal, "owner", Role::Unit, Some(&unit), None).await;
    support::user(&portal, "other", Role::Unit, Some("区农业农村局"), None).await;
    support::user(&portal, "rd", Role::Certifier, None, None).await;
    let certifier_with_unit = qingdan::staff::rules::NewAccount {
        username: "rd2".into(),
        role: Some(Role::Certifier),
        unit: unit.clone(),
        password: PASSWORD.into(),
        ..Default::default()
    };
    assert!(portal.accounts.add(&certifier_with_unit).await.is_err(), "a certifier belongs to no unit");

    let owner = support::login_cookie(addr, "owner", PASSWORD, "/staff").await;
    let owner_csrf = support::hidden_input(&support::get_with_cookie(addr, "/staff/tasks", &owner).await.text(), "csrf").unwrap();
    let other = support::login_cookie(addr, "other", PASSWORD, "/staff").await;
    let other_csrf = support::hidden_input(&support::get_with_cookie(addr, "/staff/tasks", &other).await.text(), "csrf").unwrap();
    let rd = support::login_cookie(addr, "rd", PASSWORD, "/staff/certify").await;
    let desk = support::get_with_cookie(addr, "/staff/certify", &rd).await.text();
    assert!(desk.contains("月度认定") && desk.contains(code), "the certifier's desk lists the open tasks");
    let rd_csrf = support::hidden_input(&desk, "csrf").unwrap();
    let ok = |r: &common::HttpResponse| support::location(r).contains("ok=");
    let refused = |r: &common::HttpResponse| support::location(r).contains("error=");

    // Monthly verdicts: the certifier, once a month; not a unit.
    let certify = format!("/staff/certify/{code}");
    assert!(refused(&support::post_form(addr, &certify, Some(&owner), &[("csrf", &owner_csrf), ("verdict", "已完成")]).await));
    assert!(refused(&support::post_form(addr, &certify, Some(&rd), &[("csrf", &rd_csrf), ("verdict", "差不多")]).await));
    assert!(ok(&support::post_form(addr, &certify, Some(&rd), &[("csrf", &rd_csrf), ("verdict", "序时推进"), ("note", "按计划推进")]).await));
    assert!(refused(&support::post_form(addr, &certify, Some(&rd), &[("csrf", &rd_csrf), ("verdict", "滞后")]).await), "one verdict a month");
    assert_eq!(support::post_form(addr, &certify, Some(&rd), &[("csrf", "forged"), ("verdict", "滞后")]).await.status, 403);
    let task = portal.tasks.task(code).await.unwrap();
    assert_eq!(task.certifications.len(), 1);
    assert_eq!(task.certifications[0].verdict, "序时推进");

    // Close-out: only the responsible unit asks, and only with evidence.
    let closeout = format!("/staff/tasks/{code}/closeout");
    let post_multipart = |cookie: &str, body: Vec<u8>| {
        let headers = [("Content-Type", format!("multipart/form-data; boundary={}", support::BOUNDARY)), ("Cookie", cookie.to_string())];
        let path = closeout.clone();
        async move { support::request(addr, "POST", &path, &headers, body).await }
    };
    let png = support::png(4096);
    assert!(refused(&post_multipart(&owner, closeout_body(&owner_csrf, "已全部完成", None)).await), "evidence is required");
    assert!(refused(&post_multipart(&owner, closeout_body(&owner_csrf, "已全部完成", Some(("说明.txt", b"plain text")))).await), "evidence is checked by content");
    assert!(refused(&post_multipart(&other, closeout_body(&other_csrf, "已全部完成", Some(("验收.png", &png)))).await), "another unit cannot ask");
    assert_eq!(post_multipart(&owner, closeout_body("forged", "已全部完成", Some(("验收.png", &png)))).await.status, 403);
    assert_eq!(portal.tasks.task(code).await.unwrap().state, "open");
    assert!(ok(&post_multipart(&owner, closeout_body(&owner_csrf, "系统已上线运行", Some(("验收.png", &png)))).await));
    assert_eq!(portal.tasks.task(code).await.unwrap().state, "closing");
    let report = [("csrf", owner_csrf.as_str()), ("percent", "100"), ("progress", "完成")];
    assert!(refused(&support::post_form(addr, &format!("/staff/tasks/{code}/report"), Some(&owner), &report).await), "no reports while closing");

    // The certifier sees the request and its evidence; other units cannot download it.
    let desk = support::get_with_cookie(addr, "/staff/certify", &rd).await.text();
    assert!(desk.contains("系统已上线运行") && desk.contains("验收.png"));
    let evidence_id = portal.tasks.task(code).await.unwrap().events[0].evidence[0].id;
    let file = format!("/staff/tasks/evidence/{evidence_id}");
    let r = support::get_with_cookie(addr, &file, &rd).await;
    assert_eq!((r.status, r.body.len()), (200, png.len()));
    assert_eq!(support::get_with_cookie(addr, &file, &owner).await.status, 200);
    assert_eq!(support::get_with_cookie(addr, &file, &other).await.status, 404);
    assert_ne!(common::get(addr, &file).await.status, 200, "not public");

    // Reject needs a reason and reopens the task; approve closes it today.
    let decide = format!("/staff/certify/{code}/closeout");
    assert!(refused(&support::post_form(addr, &decide, Some(&rd), &[("csrf", &rd_csrf), ("decision", "reject")]).await));
    assert!(refused(&support::post_form(addr, &decide, Some(&owner), &[("csrf", &owner_csrf), ("decision", "approve")]).await), "a unit cannot approve its own");
    assert!(ok(&support::post_form(addr, &decide, Some(&rd), &[("csrf", &rd_csrf), ("decision", "reject"), ("note", "缺少验收报告")]).await));
    assert_eq!(portal.tasks.task(code).await.unwrap().state, "open");
    assert!(ok(&post_multipart(&owner, closeout_body(&owner_csrf, "补充了验收报告", Some(("验收报告.png", &png)))).await));
    assert!(ok(&support::post_form(addr, &decide, Some(&rd), &[("csrf", &rd_csrf), ("decision", "approve")]).await));
    let task = portal.tasks.task(code).await.unwrap();
    assert_eq!(task.state, "closed");
    assert_eq!(task.closed_on.as_deref(), Some(qingdan::platform::clock::today().as_str()));
    assert!(refused(&support::post_form(addr, &format!("/staff/tasks/{code}/report"), Some(&owner), &report).await), "a closed task takes no reports");

    // Follow-ups on the closed task: its unit or a certifier; not another unit.
    let follow = format!("/staff/tasks/{code}/follow-up");
    assert!(ok(&support::post_form(addr, &follow, Some(&owner), &[("csrf", &owner_csrf), ("note", "运行三个月，办件量增长两成"), ("back", "/staff/tasks")]).await));
    assert!(refused(&support::post_form(addr, &follow, Some(&other), &[("csrf", &other_csrf), ("note", "代填"), ("back", "/staff/tasks")]).await));

    // Reopening needs a reason, and only the certifier does it.
    let reopen = format!("/staff/certify/{code}/reopen");
    assert!(refused(&support::post_form(addr, &reopen, Some(&rd), &[("csrf", &rd_csrf)]).await));
    assert!(refused(&support::post_form(addr, &reopen, Some(&owner), &[("csrf", &owner_csrf), ("note", "想重来")]).await));
    assert!(ok(&support::post_form(addr, &reopen, Some(&rd), &[("csrf", &rd_csrf), ("note", "群众反映系统仍不稳定")]).await));
    let task = portal.tasks.task(code).await.unwrap();
    assert_eq!((task.state.as_str(), task.closed_on.as_deref()), ("open", None));
    let kinds: Vec<&str> = task.events.iter().map(|e| e.kind.as_str()).collect();
    assert_eq!(kinds, ["closeout_requested", "closeout_rejected", "closeout_requested", "closeout_approved", "follow_up", "reopened"]);

    // All of it on the public page, and the way to report that it is not done.
    let html = common::get(addr, &format!("/task/{code}")).await.text();
    for text in ["月度认定", "序时推进", "准予销号", "跟踪问效", "重新启动", "群众反映系统仍不稳定", "此任务未落实？我要反映"] {
        assert!(html.contains(text), "the task page lacks {text}");
    }
}

on_both_engines!(a_task_not_carried_out_becomes_a_tip);

async fn a_task_not_carried_out_becomes_a_tip(db: &TestDb) {
    let portal = db.portal(true).await;
    let site_root = db.data_dir().join("site");
    std::fs::create_dir_all(&site_root).unwrap();
    let addr = common::serve(portal.clone(), site_root).await;
    let html = common::get(addr, "/report?task=GG02001").await.text();
    assert!(html.contains("id=\"task-notice\"") && html.contains("（任务编号 GG02001）未落实"), "the tip form names the task");
}
