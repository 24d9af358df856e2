//! What reaches the commission without anyone looking for it, on both engines: a unit's
//! report (with its written report attached) and a reporter's objection each flag the
//! case in the queue and mail its handler; an objection sets a new deadline and marks
//! the earlier reply as replaced; every step tells the person who took it what it did.

use app::complaints::model::{Action, Attention, QueueFilter, Role, State};

use crate::common::TestDb;
use crate::support::{self, COMMERCE, PASSWORD};

on_both_engines!(reports_and_objections_reach_the_handler);

const CLIENT: &str = "203.0.113.140";
const PDF: &[u8] = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n";

fn queued(items: &[app::complaints::model::QueueItem], number: &str) -> app::complaints::model::QueueItem {
    items.iter().find(|i| i.case_number == number).cloned().unwrap_or_else(|| panic!("{number} not in the queue"))
}

async fn reports_and_objections_reach_the_handler(db: &TestDb) {
    let portal = db.portal(false).await;
    let staff = support::staff(&portal).await;
    let handler = support::user(&portal, "jw_handler", Role::Commission, None, Some("handler@jiwei.example.org")).await;
    let complaints = &portal.complaints;
    let receipt = complaints.submit(support::named_tip("信号：稳岗返还批复后迟迟未拨付"), vec![], "online", None, CLIENT).await.unwrap();
    let number = receipt.case_number.clone();

    let done = complaints.act(&staff.commission, &number, Action::Accept).await.unwrap();
    assert!(done.starts_with("已受理") && done.contains("反馈期限 20"), "{done}");
    complaints.act(&staff.commission, &number, Action::Assign { user_id: handler.id }).await.unwrap();
    let forward = Action::Forward { unit: COMMERCE.into(), due: String::new(), instructions: "请核实拨付情况".into() };
    let done = complaints.act(&staff.commission, &number, forward).await.unwrap();
    let case = complaints.case(&staff.commission, &number).await.unwrap();
    assert_eq!(done, format!("已转交{COMMERCE}核查，期限 {} / forwarded", case.verify_due.clone().unwrap()));
    assert_eq!(case.attention, None);

    // The unit reports over HTTP, with its written report attached.
    let site_root = db.data_dir().join("site");
    std::fs::create_dir_all(&site_root).unwrap();
    let addr = support::serve(portal.clone(), site_root).await;
    let path = format!("/staff/case/{number}/report");
    let content_type = ("Content-Type", format!("multipart/form-data; boundary={}", support::BOUNDARY));
    let events_before = complaints.case(&staff.commission, &number).await.unwrap().events.len();
    let anonymous_post = support::request(addr, "POST", &path, &[content_type.clone()], support::multipart(&[("report", "未登录的报告")], &[])).await;
    assert_eq!(anonymous_post.status, 303, "{anonymous_post:?}");
    assert!(support::location(&anonymous_post).starts_with("/staff/login"), "{}", support::location(&anonymous_post));
    let cookie = support::login_cookie(addr, "swj", PASSWORD, "/staff").await;
    let page = support::get_with_cookie(addr, &format!("/staff/case/{number}"), &cookie).await;
    let html = page.text();
    assert!(html.contains(&format!("action=\"{path}\"")), "the unit's case page posts its report with files");
    let csrf = support::hidden_input(&html, "csrf").expect("a csrf input");
    let headers = [content_type.clone(), ("Cookie", cookie.clone())];
    let post = |report: &str, files: &[(&str, &str, &[u8])]| {
        let body = support::multipart(&[("csrf", csrf.as_str()), ("report", report)], files);
        support::request(addr, "POST", &path, &headers, body)
    };
    let forged = support::request(addr, "POST", &path, &[content_type.clone(), ("Cookie", cookie.clone())], support::multipart(&[("csrf", "forged"), ("report", "伪造")], &[])).await;
    assert_eq!(forged.status, 403);
    assert_eq!(complaints.case(&staff.commission, &number).await.unwrap().events.len(), events_before, "nothing written by refused posts");

    let sent = post("经核实，资金已于本周拨付到位。", &[("evidence", "核查报告.pdf", PDF)]).await;
    assert_eq!(sent.status, 303, "{sent:?}");
    let told = support::location(&sent);
    assert!(told.contains("ok=核查报告已提交"), "{told}");
    // Sent twice: refused, the first stands.
    let again = post("再次提交", &[]).await;
    assert!(support::location(&again).contains("error=核查报告已提交，等待"), "{}", support::location(&again));
    let unit_page = support::get_with_cookie(addr, &format!("/staff/case/{number}"), &cookie).await.text();
    assert!(unit_page.contains("id=\"report-sent\""), "the unit sees its report was sent");
    assert!(!unit_page.contains(&format!("action=\"{path}\"")), "the report form is closed");

    let case = complaints.case(&staff.commission, &number).await.unwrap();
    assert_eq!((case.state, case.attention), (State::Verifying, Some(Attention::ReportIn)));
    let report_file = case.files.iter().find(|f| f.name == "核查报告.pdf").expect("the written report is kept");
    assert_eq!((report_file.source.as_str(), report_file.content_type.as_str()), ("单位核查报告", "application/pdf"));
    let queue = complaints.queue(&staff.commission, &QueueFilter::default()).await.unwrap();
    assert_eq!(queued(&queue, &number).attention, Some(Attention::ReportIn));
    // The handler alone is told (not every commission member).
    let kinds = support::mail_kinds(&portal, &number).await;
    assert_eq!(kinds.iter().filter(|k| *k == "unit_reported").count(), 1, "{kinds:?}");

    let handle = Action::Handle { finding: "substantiated".into(), measures: vec![], note: String::new() };
    assert!(complaints.act(&staff.commission, &number, handle).await.unwrap().starts_with("已记录处置结果（属实）"));
    assert_eq!(complaints.case(&staff.commission, &number).await.unwrap().attention, None);
    complaints.act(&staff.commission, &number, Action::Feedback { text: "资金已拨付，经办人已被批评教育。".into() }).await.unwrap();

    // As if the case had been answered long ago: its old deadline has passed.
    let id = support::complaint_id(&portal, &number).await;
    sqlx::query("UPDATE complaint_status SET feedback_due = '2020-01-02' WHERE complaint_id = $1").bind(id).execute(&portal.db.pool).await.unwrap();

    let objected = complaints
        .reporter_action(&receipt.receipt, CLIENT, Action::Object { reason: "款项至今没有到账。".into() }, vec![])
        .await
        .unwrap();
    assert!(objected.starts_with("异议已提交"), "{objected}");
    let case = complaints.case(&handler, &number).await.unwrap();
    let today = qingdan::platform::clock::today();
    let new_due = complaints.deadlines.feedback_due(&today);
    assert_eq!((case.state, case.attention, case.feedback_due.as_deref()), (State::Accepted, Some(Attention::Objection), Some(new_due.as_str())));
    assert!(!case.overdue, "the objection's new deadline is ahead");
    let item = queued(&complaints.queue(&handler, &QueueFilter::default()).await.unwrap(), &number);
    assert_eq!((item.attention, item.due.as_deref(), item.overdue), (Some(Attention::Objection), Some(new_due.as_str()), false));
    let kinds = support::mail_kinds(&portal, &number).await;
    assert_eq!(kinds.iter().filter(|k| *k == "objection").count(), 1, "{kinds:?}");

    // The reporter: the earlier reply is marked as replaced, the new deadline shown.
    let status = complaints.status(&receipt.receipt, CLIENT).await.unwrap();
    assert_eq!(status.feedback, None);
    assert_eq!(status.earlier_feedback.as_deref(), Some("资金已拨付，经办人已被批评教育。"));
    let reply = status.timeline.iter().find(|e| e.label == "答复举报人").expect("the reply stays in the timeline");
    assert!(reply.superseded);
    let due = status.due.expect("a current deadline");
    assert_eq!((due.label.as_str(), due.date.as_str()), ("反馈期限", new_due.as_str()));
    assert_eq!(status.summary.description, "信号：稳岗返还批复后迟迟未拨付");
    assert_eq!(status.summary.subject_unit, COMMERCE);
    let accepted = status.timeline.iter().find(|e| e.label == "受理").expect("accepted");
    assert_eq!(accepted.note.as_deref(), Some("您的反映已受理，将依规核查办理。"));

    // Re-verifying settles the flag.
    let forward = Action::Forward { unit: COMMERCE.into(), due: String::new(), instructions: "请再次核实到账情况".into() };
    complaints.act(&handler, &number, forward).await.unwrap();
    assert_eq!(complaints.case(&handler, &number).await.unwrap().attention, None);
}
