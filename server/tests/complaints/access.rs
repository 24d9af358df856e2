//! Who may see and do what (SQLite): another unit cannot tell a case from no case, a
//! unit never sees the reporter, revealing an identity leaves a trace, receipts and
//! passwords cannot be guessed at speed.

use app::complaints::model::{action_label, Action, Role, State};
use app::error::PortalError;
use qingdan::complaints::validate::Evidence;

use crate::common;
use crate::support::{self, COMMERCE, EMAIL, FINANCE, NAME, PHONE};

fn status_and_message(e: &PortalError) -> (u16, String) {
    (e.status(), e.message().to_string())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn units_see_only_their_cases_and_never_the_reporter() {
    let db = common::sqlite();
    let portal = db.portal(false).await;
    let staff = support::staff(&portal).await;
    let finance = support::user(&portal, "czj", Role::Unit, Some(FINANCE), Some("czj@caizheng.example.org")).await;
    let complaints = &portal.complaints;

    let receipt = complaints
        .submit(
            support::named_tip("区商务局窗口工作人员以材料不全为由多次拒收我公司补贴申请"),
            vec![Evidence { name: "回执.png".into(), bytes: support::png(512) }],
            "online",
            None,
            "198.51.100.1",
        )
        .await
        .expect("submit");
    let number = receipt.case_number.clone();
    complaints.act(&staff.commission, &number, Action::Accept).await.expect("accept");
    complaints
        .act(
            &staff.commission,
            &number,
            Action::Forward { unit: COMMERCE.into(), due: support::today_plus(10), instructions: String::new() },
        )
        .await
        .expect("forward");
    let file_id = complaints.case(&staff.commission, &number).await.unwrap().files[0].id;
    let events_before = complaints.case(&staff.commission, &number).await.unwrap().events.len();

    // 区财政局 sees nothing, and its "not found" is word for word the one for a case
    // that does not exist.
    assert!(complaints.queue(&finance, &Default::default()).await.expect("queue").is_empty());
    let missing = complaints.case(&finance, "JB20000101-NOSUCH").await.expect_err("no such case");
    assert_eq!(missing.status(), 404);
    assert!(missing.message().contains("无权查看或不存在"), "staff are not told about receipts: {}", missing.message());
    let other = complaints.case(&finance, &number).await.expect_err("another unit's case");
    assert_eq!(status_and_message(&other), status_and_message(&missing));
    let acted = complaints
        .act(&finance, &number, Action::UnitReport { report: "越权提交的核查报告".into() })
        .await
        .expect_err("a report on another unit's case");
    assert_eq!(status_and_message(&acted), status_and_message(&missing));
    let acted_missing = complaints
        .act(&finance, "JB20000101-NOSUCH", Action::UnitReport { report: "越权提交的核查报告".into() })
        .await
        .expect_err("a report on no case");
    assert_eq!(status_and_message(&acted), status_and_message(&acted_missing));
    let file = complaints.evidence(&finance, &number, file_id).await.expect_err("another unit's evidence");
    assert_eq!(status_and_message(&file), status_and_message(&missing));
    let revealed = complaints
        .reveal(&finance, &number, &Action::RevealIdentity { reason: "想知道是谁".into() })
        .await
        .expect_err("another unit reveals");
    assert_eq!(revealed.status(), 404);

    // 区商务局 sees its case, but no identity anywhere in it.
    let view = complaints.case(&staff.commerce, &number).await.expect("own case");
    let json = serde_json::to_value(&view).unwrap();
    let text = json.to_string();
    for secret in [NAME, PHONE, EMAIL, "青岛小明科技有限公司"] {
        assert!(!text.contains(secret), "the unit's case view contains {secret}: {text}");
    }
    let keys: Vec<&String> = json.as_object().unwrap().keys().collect();
    for field in ["identity", "name", "phone", "email", "company", "reporter"] {
        assert!(!keys.iter().any(|k| k.as_str() == field), "StaffCase has a field {field}: {keys:?}");
    }
    // Nor does the commission's ordinary case view carry the identity.
    let commission_view = serde_json::to_string(&complaints.case(&staff.commission, &number).await.unwrap()).unwrap();
    assert!(!commission_view.contains(NAME) && !commission_view.contains(PHONE), "identity shown without a reveal");

    // A unit cannot do the commission's work or reveal the reporter.
    let accept = complaints.act(&staff.commerce, &number, Action::Accept).await.expect_err("a unit accepts");
    assert_eq!(accept.status(), 400);
    let reveal = complaints
        .reveal(&staff.commerce, &number, &Action::RevealIdentity { reason: "核实需要".into() })
        .await
        .expect_err("a unit reveals");
    assert_eq!(reveal.status(), 400);
    let via_act = complaints
        .act(&staff.commerce, &number, Action::RevealIdentity { reason: "核实需要".into() })
        .await
        .expect_err("a unit reveals through act");
    assert_eq!(via_act.status(), 400);
    let handle = Action::Handle { finding: "substantiated".into(), measures: vec![], note: String::new() };
    assert!(complaints.act(&staff.commerce, &number, handle).await.is_err(), "a unit handles");
    let after = complaints.case(&staff.commission, &number).await.unwrap();
    assert_eq!(after.state, State::Verifying);
    assert_eq!(after.events.len(), events_before, "refused actions left events behind");

    // The commission reveals, with a reason, and the history says so.
    let no_reason = complaints.reveal(&staff.commission, &number, &Action::RevealIdentity { reason: "  ".into() }).await;
    assert!(no_reason.is_err(), "a reveal needs a reason");
    let reason = "需当面核实举报材料原件";
    let identity = complaints
        .reveal(&staff.commission, &number, &Action::RevealIdentity { reason: reason.into() })
        .await
        .expect("reveal")
        .expect("a named tip has an identity");
    assert_eq!((identity.name.as_str(), identity.phone.as_str(), identity.email.as_str()), (NAME, PHONE, EMAIL));
    let case = complaints.case(&staff.commission, &number).await.unwrap();
    assert_eq!(case.events.len(), events_before + 1);
    let event = case.events.last().unwrap();
    assert_eq!(event.action, action_label("reveal_identity"));
    assert_eq!(event.action, "查看举报人身份");
    assert_eq!(event.note, reason);
    assert_eq!(event.actor, staff.commission.display_name);
    assert_eq!(case.state, State::Verifying, "revealing does not move the case");
    // The unit does not learn that (or why) the identity was looked at, nor does the reporter.
    let unit_view = serde_json::to_string(&complaints.case(&staff.commerce, &number).await.unwrap()).unwrap();
    assert!(!unit_view.contains(reason));
    let public = serde_json::to_string(&complaints.status(&receipt.receipt, "198.51.100.1").await.unwrap()).unwrap();
    assert!(!public.contains(reason));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn receipts_and_passwords_cannot_be_guessed() {
    let db = common::sqlite();
    let portal = db.portal(false).await;
    support::user(&portal, "jw", Role::Commission, None, None).await;
    let complaints = &portal.complaints;
    let receipt = complaints
        .submit(support::named_tip("有关部门对惠企政策申请故意拖延不予答复"), vec![], "online", None, "192.0.2.1")
        .await
        .expect("submit")
        .receipt;

    // A wrong receipt (one character changed) and one that never existed get the same answer.
    let mut wrong: Vec<char> = receipt.chars().collect();
    wrong[0] = if wrong[0] == 'A' { 'B' } else { 'A' };
    let wrong: String = wrong.into_iter().collect();
    assert_ne!(qingdan::platform::crypto::normalize_receipt(&wrong), qingdan::platform::crypto::normalize_receipt(&receipt));
    let e_wrong = complaints.status(&wrong, "192.0.2.2").await.expect_err("wrong receipt");
    let e_unknown = complaints.status("ZZZZ-ZZZZ-ZZZZ-ZZZZ-ZZZZ", "192.0.2.2").await.expect_err("unknown receipt");
    let e_garbage = complaints.status("not a receipt at all", "192.0.2.2").await.expect_err("garbage");
    assert_eq!(e_wrong.status(), 404);
    assert_eq!(status_and_message(&e_wrong), status_and_message(&e_unknown));
    assert_eq!(status_and_message(&e_wrong), status_and_message(&e_garbage));
    // Normalisation: lower case and without dashes is still the receipt.
    let relaxed = receipt.to_lowercase().replace('-', "");
    assert!(complaints.status(&relaxed, "192.0.2.2").await.is_ok());

    // Twenty wrong guesses from one client, then even the right receipt waits.
    let guesser = "192.0.2.66";
    for i in 0..20 {
        let e = complaints.status(&format!("AAAA-BBBB-CCCC-DDDD-{i:04}"), guesser).await.expect_err("a guess");
        assert_eq!(e.status(), 404, "guess {i}");
    }
    let blocked = complaints.status(&receipt, guesser).await.expect_err("the 21st try is throttled");
    assert_eq!(blocked.status(), 429);
    let blocked = complaints
        .reporter_action(&receipt, guesser, Action::ReporterMessage { text: "补充材料".into() }, vec![])
        .await
        .expect_err("reporter actions share the limit");
    assert_eq!(blocked.status(), 429);
    // Another client is not affected, and right receipts do not use up the allowance.
    for _ in 0..25 {
        complaints.status(&receipt, "192.0.2.67").await.expect("right receipts are not counted");
    }

    // Guesses interleaved with look-ups of one's own receipt still count.
    let mixer = "192.0.2.68";
    let mut guesses = 0;
    loop {
        match complaints.status(&format!("EEEE-FFFF-GGGG-HHHH-{guesses:04}"), mixer).await {
            Err(e) if e.status() == 404 => guesses += 1,
            Err(e) => {
                assert_eq!(e.status(), 429);
                break;
            }
            Ok(_) => panic!("a made-up receipt opened a case"),
        }
        let own = complaints.status(&receipt, mixer).await;
        if guesses < 20 {
            own.expect("the own receipt opens while guesses remain");
        } else {
            assert_eq!(own.expect_err("twenty wrong guesses: even the own receipt waits").status(), 429);
        }
        assert!(guesses <= 20, "guesses between right look-ups were never throttled");
    }
    assert_eq!(guesses, 20, "twenty wrong guesses, then the limit");

    // Wrong receipts from many addresses together pause look-ups for everyone.
    let mut spread = 0u32;
    'clients: for client in 0..100u32 {
        for i in 0..19 {
            match complaints.status(&format!("JJJJ-KKKK-LLLL-{client:04}-{i:04}"), &format!("198.18.{}.{}", client / 250, client % 250)).await {
                Err(e) if e.status() == 404 => spread += 1,
                Err(e) => {
                    assert_eq!(e.status(), 429);
                    break 'clients;
                }
                Ok(_) => panic!("a made-up receipt opened a case"),
            }
        }
    }
    assert!(spread >= qingdan::complaints::service::RECEIPT_GUESSES_OVERALL - 60 && spread <= qingdan::complaints::service::RECEIPT_GUESSES_OVERALL, "the overall limit holds: {spread}");
    assert_eq!(complaints.status(&receipt, "192.0.2.99").await.expect_err("paused for everyone").status(), 429);

    // Five wrong passwords, then even the right one waits.
    let auth = &complaints.accounts;
    for i in 0..5 {
        let e = auth.login("jw", "wrong-password-123", "192.0.2.80").await.expect_err("wrong password");
        assert_eq!(e.status(), 400, "attempt {i}");
    }
    let e = auth.login("jw", support::PASSWORD, "192.0.2.80").await.expect_err("the 6th login is throttled");
    assert_eq!(e.status(), 429);
    // Per user name: a fresh client address does not help (upper case neither).
    let e = auth.login("JW", support::PASSWORD, "192.0.2.81").await.expect_err("throttled per user");
    assert_eq!(e.status(), 429);
    // A different account is not blocked.
    support::user(&portal, "jw2", Role::Commission, None, None).await;
    let (token, session) = auth.login("jw2", support::PASSWORD, "192.0.2.80").await.expect("other user logs in");
    assert_eq!(session.user.username, "jw2");
    assert!(auth.session(&token).await.unwrap().is_some());
}

/// A case forwarded to a unit without an active unit account would go unseen: the form
/// marks such units and chooses none, and the forward is refused, recording nothing.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cases_go_only_to_units_that_can_work_them() {
    let db = common::sqlite();
    let portal = db.portal(false).await;
    let staff = support::staff(&portal).await;
    qingdan::platform::units::add(&portal.db, FINANCE).await.unwrap();
    let mut tip = support::named_tip("反映的单位没有写：材料被要求重复提交");
    tip.subject_unit = String::new();
    let number = portal.complaints.submit(tip, vec![], "online", None, "198.51.100.40").await.unwrap().case_number;
    let complaints = &portal.complaints;
    complaints.act(&staff.commission, &number, Action::Accept).await.expect("accepted");
    let events = complaints.case(&staff.commission, &number).await.unwrap().events.len();

    let refused = complaints
        .act(&staff.commission, &number, Action::Forward { unit: FINANCE.into(), due: String::new(), instructions: String::new() })
        .await
        .expect_err("a unit nobody can sign in for");
    assert!(refused.message().contains("尚无单位账号"), "{}", refused.message());
    let unchosen = complaints
        .act(&staff.commission, &number, Action::Forward { unit: String::new(), due: String::new(), instructions: String::new() })
        .await
        .expect_err("no unit chosen");
    assert!(unchosen.message().contains("核查单位"), "{}", unchosen.message());
    let case = complaints.case(&staff.commission, &number).await.unwrap();
    assert_eq!((case.state, case.events.len()), (State::Accepted, events), "nothing was recorded");

    // The page: no unit chosen for a tip that names none; the unstaffed one is marked and disabled.
    let page = app::complaints::backend::ComplaintBackend::staff_case(&*portal.complaints, None, &number, "").await;
    assert!(page.is_ok());
    let html_units = {
        let (token, _) = portal.accounts.login("jw", support::PASSWORD, "198.51.100.41").await.unwrap();
        app::complaints::backend::ComplaintBackend::staff_case(&*portal.complaints, Some(token), &number, "").await.unwrap().expect("a session")
    };
    assert!(html_units.unstaffed_units.contains(&FINANCE.to_string()) && !html_units.unstaffed_units.contains(&COMMERCE.to_string()));

    complaints
        .act(&staff.commission, &number, Action::Forward { unit: COMMERCE.into(), due: String::new(), instructions: String::new() })
        .await
        .expect("a unit with an account");
    assert_eq!(complaints.case(&staff.commission, &number).await.unwrap().state, State::Verifying);
}
