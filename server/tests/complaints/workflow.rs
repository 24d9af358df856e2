//! The whole life of a named tip through the service, on both engines: submit with
//! evidence, accept, forward, unit report, handle, feedback, rating, close, objection;
//! the history, the reporter's view and the mail each step queues.

use app::complaints::model::{action_label, Action, State, Visibility};
use qingdan::complaints::validate::Evidence;

use crate::common::TestDb;
use crate::support::{self, COMMERCE, EMAIL, NAME, PHONE};

on_both_engines!(whole_workflow);

const SECRET_NOTE: &str = "内部备注：举报人疑似与被举报单位有经济纠纷，核查时注意甄别";
const UNIT_REPORT: &str = "经核查，该企业申报材料齐全，窗口未按时受理情况属实，已责令整改";
const FEEDBACK: &str = "经核查，您反映的惠企政策未按时兑现问题部分属实，已督促区商务局于五个工作日内兑现";

async fn whole_workflow(db: &TestDb) {
    let portal = db.portal(false).await;
    let staff = support::staff(&portal).await;
    let complaints = &portal.complaints;
    let client = "203.0.113.7";

    // Submit a named tip with one PNG.
    let evidence = support::png(2048);
    let tip = support::named_tip("区商务局对我公司申请的研发补助拖延半年未兑现，多次询问无果");
    let receipt = complaints
        .submit(tip, vec![Evidence { name: "凭证.png".into(), bytes: evidence.clone() }], "online", None, client)
        .await
        .expect("the tip is accepted");
    let number = receipt.case_number.clone();
    assert!(number.starts_with("JB"), "case number {number}");
    assert!(!receipt.receipt.is_empty());

    let status = complaints.status(&receipt.receipt, client).await.expect("status by receipt");
    assert_eq!(status.state, State::Submitted);
    assert_eq!(status.case_number, number);
    assert_eq!(status.feedback, None);
    assert!(!status.can_rate && !status.can_object);

    // The commission hears of it; nobody else does yet.
    assert_eq!(support::mail_kinds(&portal, &number).await, vec!["new_tip"]);

    // Commission: accept, an internal note, forward to the unit.
    complaints.act(&staff.commission, &number, Action::Accept).await.expect("accept");
    assert_eq!(complaints.status(&receipt.receipt, client).await.unwrap().state, State::Accepted);
    complaints
        .act(&staff.commission, &number, Action::InternalNote { note: SECRET_NOTE.into() })
        .await
        .expect("internal note");
    let due = support::today_plus(10);
    complaints
        .act(
            &staff.commission,
            &number,
            Action::Forward { unit: COMMERCE.into(), due: due.clone(), instructions: "请核实兑现进度".into() },
        )
        .await
        .expect("forward");
    assert_eq!(complaints.status(&receipt.receipt, client).await.unwrap().state, State::Verifying);
    assert_eq!(support::mail_kinds(&portal, &number).await, vec!["new_tip", "forwarded"]);

    // The unit sees the case in its queue and can open it and its evidence, but not
    // the commission's internal note.
    let queue = complaints.queue(&staff.commerce, &Default::default()).await.expect("unit queue");
    assert_eq!(queue.iter().map(|i| i.case_number.as_str()).collect::<Vec<_>>(), vec![number.as_str()]);
    assert_eq!(queue[0].forwarded_unit.as_deref(), Some(COMMERCE));
    assert_eq!(queue[0].due.as_deref(), Some(due.as_str()));
    let unit_view = complaints.case(&staff.commerce, &number).await.expect("the unit opens its case");
    assert_eq!(unit_view.state, State::Verifying);
    assert_eq!(unit_view.verify_due.as_deref(), Some(due.as_str()));
    assert!(unit_view.events.iter().all(|e| e.visibility != Visibility::Internal));
    assert!(!serde_json::to_string(&unit_view).unwrap().contains(SECRET_NOTE), "a unit sees an internal note");
    assert!(unit_view.mails.is_empty(), "units do not see the mail log");
    assert_eq!(unit_view.files.len(), 1);
    assert_eq!(unit_view.files[0].content_type, "image/png");
    let qingdan::complaints::service::EvidenceFile { name, content_type, bytes } =
        complaints.evidence(&staff.commerce, &number, unit_view.files[0].id).await.expect("the unit reads the evidence");
    assert_eq!((name.as_str(), content_type.as_str()), ("证据1.png", "image/png"), "units get neutral file names");
    assert_eq!(bytes, evidence, "evidence comes back byte for byte");

    complaints
        .act(&staff.commerce, &number, Action::UnitReport { report: UNIT_REPORT.into() })
        .await
        .expect("unit report");

    // Commission: handle and answer.
    complaints
        .act(
            &staff.commission,
            &number,
            Action::Handle { finding: "partly".into(), measures: vec!["严格问责追责".into()], note: "对窗口负责人问责".into() },
        )
        .await
        .expect("handle");
    assert_eq!(complaints.status(&receipt.receipt, client).await.unwrap().state, State::Handled);
    complaints.act(&staff.commission, &number, Action::Feedback { text: FEEDBACK.into() }).await.expect("feedback");
    assert_eq!(support::mail_kinds(&portal, &number).await, vec!["new_tip", "forwarded", "unit_reported", "feedback"]);

    let status = complaints.status(&receipt.receipt, client).await.unwrap();
    assert_eq!(status.state, State::FeedbackGiven);
    assert_eq!(status.feedback.as_deref(), Some(FEEDBACK));
    assert!(status.can_rate && status.can_object);

    // Reporter rates, commission closes, reporter objects and the case reopens.
    complaints
        .reporter_action(&receipt.receipt, client, Action::Rate { rating: "满意".into(), comment: "处理及时".into() }, vec![])
        .await
        .expect("rate");
    let status = complaints.status(&receipt.receipt, client).await.unwrap();
    assert_eq!(status.rating.as_deref(), Some("满意 处理及时"));
    assert!(!status.can_rate, "one rating per case");
    assert!(complaints
        .reporter_action(&receipt.receipt, client, Action::Rate { rating: "不满意".into(), comment: String::new() }, vec![])
        .await
        .is_err());
    complaints.act(&staff.commission, &number, Action::Close).await.expect("close");
    assert_eq!(complaints.status(&receipt.receipt, client).await.unwrap().state, State::Closed);
    complaints
        .reporter_action(&receipt.receipt, client, Action::Object { reason: "款项至今仍未到账".into() }, vec![])
        .await
        .expect("object");
    let status = complaints.status(&receipt.receipt, client).await.unwrap();
    assert_eq!(status.state, State::Accepted, "an objection reopens the case");

    // Every step is in the history, in order, with its actor.
    let case = complaints.case(&staff.commission, &number).await.expect("commission view");
    assert_eq!(case.state, State::Accepted);
    let actions: Vec<&str> = case.events.iter().map(|e| e.action.as_str()).collect();
    let expected: Vec<&str> = [
        "submitted", "accept", "internal_note", "forward", "unit_report", "handle", "feedback", "rate", "close", "object",
    ]
    .iter()
    .map(|a| action_label(a))
    .collect();
    assert_eq!(actions, expected);
    let actor_of = |label: &str| case.events.iter().find(|e| e.action == action_label(label)).unwrap().actor.clone();
    assert_eq!(actor_of("submitted"), "举报人");
    assert_eq!(actor_of("accept"), staff.commission.display_name);
    assert_eq!(actor_of("unit_report"), staff.commerce.display_name);
    assert_eq!(actor_of("object"), "举报人");
    assert!(case.events.iter().any(|e| e.note.contains(UNIT_REPORT)));
    // Control for the absence checks below: the commission does see its note.
    assert!(case.events.iter().any(|e| e.note == SECRET_NOTE && e.visibility == Visibility::Internal));
    assert!(case.events.iter().any(|e| e.note.contains("严格问责追责") && e.note.contains("部分属实")));
    assert_eq!(case.rating.as_deref(), Some("满意 处理及时"));
    assert_eq!(case.files.len(), 1);
    assert_eq!(case.mails.iter().map(|m| m.kind.as_str()).collect::<Vec<_>>(), vec!["new_tip", "forwarded", "unit_reported", "feedback", "objection"]);

    // The reporter's timeline: public steps only, never the internal note or the
    // unit's report.
    let timeline_labels: Vec<&str> = status.timeline.iter().map(|t| t.label.as_str()).collect();
    assert!(!timeline_labels.contains(&action_label("internal_note")), "{timeline_labels:?}");
    assert!(!timeline_labels.contains(&action_label("unit_report")), "{timeline_labels:?}");
    assert!(timeline_labels.contains(&action_label("feedback")) && timeline_labels.contains(&action_label("object")));
    let public = serde_json::to_string(&status).unwrap();
    assert!(!public.contains(SECRET_NOTE), "the internal note reached the reporter: {public}");
    assert!(!public.contains("经济纠纷"), "the internal note reached the reporter: {public}");
    assert!(!public.contains(UNIT_REPORT), "the unit's report reached the reporter");
    assert!(!public.contains(&staff.commission.display_name) && !public.contains(&staff.commerce.display_name));

    // The stored mails: the outbox has exactly these five, none carrying the
    // reporter's identity in subject or body.
    let id = support::complaint_id(&portal, &number).await;
    let rows = sqlx::query("SELECT kind, subject, body, recipient_sealed FROM mail_outbox WHERE complaint_id = $1 ORDER BY id")
        .bind(id)
        .fetch_all(&portal.policies.store.db().pool)
        .await
        .unwrap();
    assert_eq!(rows.len(), 5);
    for row in &rows {
        use sqlx::Row;
        let text: String = [row.get::<String, _>(1), row.get::<String, _>(2), row.get::<String, _>(3)].join("\n");
        for secret in [NAME, PHONE, EMAIL] {
            assert!(!text.contains(secret), "mail {} carries {secret}", row.get::<String, _>(0));
        }
    }
}

on_both_engines!(the_new_intake_channels_are_recorded);

/// 12345 转办, 巡察发现, 专项监督 and 办不成事 beside the hotline, letters and visits:
/// staff record a tip from each, and the case says where it came from.
async fn the_new_intake_channels_are_recorded(db: &TestDb) {
    let portal = db.portal(false).await;
    let staff = support::staff(&portal).await;
    for (key, label) in [("12345", "12345 转办"), ("inspection", "巡察发现"), ("special", "专项监督"), ("cant_do", "办不成事")] {
        let receipt = portal
            .complaints
            .submit(support::named_tip(&format!("经{label}渠道转来的线索：窗口工作人员推诿扯皮")), vec![], key, Some(&staff.commission), "10.0.0.1")
            .await
            .unwrap_or_else(|e| panic!("channel {key}: {e:?}"));
        let case = portal.complaints.case(&staff.commission, &receipt.case_number).await.unwrap();
        assert_eq!(case.channel, label);
    }
    assert!(portal.complaints.submit(support::named_tip("未知渠道"), vec![], "pigeon", Some(&staff.commission), "10.0.0.1").await.is_err());
}
