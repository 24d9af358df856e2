//! What the reporter writes after the tip (messages, the rating's comment, an
//! objection) stays with the commission, on both engines: a unit could recognise the
//! writer from it.

use app::complaints::model::{action_label, Action};

use crate::common::TestDb;
use crate::support::{self, COMMERCE, NAME, PHONE};

on_both_engines!(units_never_see_what_the_reporter_writes_later);

async fn units_never_see_what_the_reporter_writes_later(db: &TestDb) {
    let portal = db.portal(false).await;
    let staff = support::staff(&portal).await;
    let complaints = &portal.complaints;
    let client = "203.0.113.44";

    let receipt = complaints
        .submit(support::named_tip("区商务局对我公司的稳岗补贴申请推诿拖延，至今未兑现"), vec![], "online", None, client)
        .await
        .expect("submit");
    let (number, receipt) = (receipt.case_number, receipt.receipt);
    complaints.act(&staff.commission, &number, Action::Accept).await.expect("accept");
    complaints
        .act(&staff.commission, &number, Action::Forward { unit: COMMERCE.into(), due: support::today_plus(10), instructions: String::new() })
        .await
        .expect("forward");
    let unit_events_before = complaints.case(&staff.commerce, &number).await.expect("the unit opens its case").events.len();

    let message = format!("我是{NAME}，电话{PHONE}，上次窗口的李科长当面说过不给办");
    complaints
        .reporter_action(
            &receipt,
            client,
            Action::ReporterMessage { text: message.clone() },
            vec![qingdan::complaints::validate::Evidence { name: "王小明补充的聊天截图.png".into(), bytes: support::png(300) }],
        )
        .await
        .expect("the reporter writes");

    let unit_view = complaints.case(&staff.commerce, &number).await.expect("the unit opens its case");
    let unit_json = serde_json::to_string(&unit_view).unwrap();
    assert!(!unit_json.contains(&message), "the unit sees the reporter's message: {unit_json}");
    assert!(!unit_json.contains(NAME) && !unit_json.contains(PHONE) && !unit_json.contains("李科长"), "{unit_json}");
    assert!(unit_view.events.iter().all(|e| e.action != action_label("reporter_message")), "{:?}", unit_view.events);
    assert_eq!(unit_view.events.len(), unit_events_before, "the message added an event to the unit's view");
    assert!(unit_view.files.is_empty(), "the unit sees the file sent with the message: {:?}", unit_view.files);

    // Control: the commission does see it.
    let commission_view = complaints.case(&staff.commission, &number).await.expect("commission view");
    assert!(
        commission_view.events.iter().any(|e| e.action == action_label("reporter_message") && e.note == message),
        "{:?}",
        commission_view.events
    );
    assert_eq!(commission_view.files.len(), 1, "the commission sees the message's file");
    let hidden = commission_view.files[0].id;
    assert_eq!(complaints.evidence(&staff.commerce, &number, hidden).await.expect_err("unit download").status(), 404);

    // The rest of the case goes on; the rating's comment and an objection stay hidden too.
    complaints.act(&staff.commerce, &number, Action::UnitReport { report: "经核查情况属实".into() }).await.expect("unit report");
    let handle = Action::Handle { finding: "substantiated".into(), measures: vec![], note: String::new() };
    complaints.act(&staff.commission, &number, handle).await.expect("handle");
    complaints.act(&staff.commission, &number, Action::Feedback { text: "已督促兑现".into() }).await.expect("feedback");
    let comment = format!("{NAME}感谢纪委");
    complaints
        .reporter_action(&receipt, client, Action::Rate { rating: "不满意".into(), comment: comment.clone() }, vec![])
        .await
        .expect("rate");
    let objection = format!("钱还没到账，{PHONE}随时可以联系我");
    complaints.reporter_action(&receipt, client, Action::Object { reason: objection.clone() }, vec![]).await.expect("object");

    let unit_view = complaints.case(&staff.commerce, &number).await.expect("the unit still opens its case");
    let unit_json = serde_json::to_string(&unit_view).unwrap();
    for secret in [message.as_str(), comment.as_str(), objection.as_str(), NAME, PHONE] {
        assert!(!unit_json.contains(secret), "the unit sees {secret}: {unit_json}");
    }
    assert_eq!(unit_view.rating, None, "the unit sees the rating");
    assert!(unit_json.contains("经核查情况属实"), "control: the unit sees its own report");

    let commission_json = serde_json::to_string(&complaints.case(&staff.commission, &number).await.unwrap()).unwrap();
    for text in [message.as_str(), comment.as_str(), objection.as_str()] {
        assert!(commission_json.contains(text), "the commission does not see {text}");
    }
}
