//! Exact deadlines through the complaint service, with "today" set by the one clock
//! (`platform::clock::set_now`): acceptance (15 working days), verification (30) and
//! feedback (60) across 国庆 2024 — with its make-up Sunday 9/29 and Saturday 10/12 —
//! and 春节 2027. The expected dates were counted by hand on the State Council's 2024
//! notice and the calendar's provisional 2027 rows, not by the code under test.
//! SQLite and PostgreSQL. Its own test binary: the clock is process-wide.

#[macro_use]
mod common;

#[path = "complaints/support.rs"]
#[allow(dead_code, unused_imports)]
mod support;

use app::complaints::model::Action;
use qingdan::platform::{calendar, clock};

use common::TestDb;

/// One test moves the clock at a time.
static CLOCK: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

struct Walk {
    filed: &'static str,
    accepted: &'static str,
    forwarded: &'static str,
    accept_due: &'static str,
    feedback_due: &'static str,
    verify_due: &'static str,
}

async fn walk(db: &TestDb, w: Walk) {
    let _one_at_a_time = CLOCK.lock().await;
    let portal = db.portal(false).await;
    let staff = support::staff(&portal).await;
    let at = |day: &str| clock::set_now(clock::parse_china_time(&format!("{day}T10:00:00")).expect("a date"));

    at(w.filed);
    assert_eq!(clock::today(), w.filed, "the clock reads the day set");
    let receipt = portal
        .complaints
        .submit(support::named_tip("窗口要求企业先交押金才受理补贴申请"), vec![], "online", None, "203.0.113.7")
        .await
        .expect("the tip is taken");
    assert_eq!(receipt.accept_due, w.accept_due, "acceptance due, filed {}", w.filed);
    assert!(receipt.submitted_at.starts_with(w.filed));

    at(w.accepted);
    portal.complaints.act(&staff.commission, &receipt.case_number, Action::Accept).await.expect("accepted");
    at(w.forwarded);
    let forward = Action::Forward { unit: support::COMMERCE.into(), due: String::new(), instructions: "请核查".into() };
    portal.complaints.act(&staff.commission, &receipt.case_number, forward).await.expect("forwarded");

    let case = portal.complaints.case(&staff.commission, &receipt.case_number).await.expect("the case");
    assert_eq!(case.accept_due, w.accept_due);
    assert_eq!(case.feedback_due.as_deref(), Some(w.feedback_due), "feedback due, accepted {}", w.accepted);
    assert_eq!(case.verify_due.as_deref(), Some(w.verify_due), "verification due, forwarded {}", w.forwarded);
    // The same dates are counted the same way by the calendar's own arithmetic.
    assert_eq!(calendar::add_working_days_str(w.filed, 15), w.accept_due);
    // Dates in a year whose holidays are not yet published are marked as such.
    let provisional = w.filed.starts_with("2027");
    assert_eq!(case.provisional_dues.len(), if provisional { 3 } else { 0 }, "{:?}", case.provisional_dues);
    // The reporter sees the deadline the case runs against now (核查期限), marked the same way.
    let status = portal.complaints.status(&receipt.receipt, "203.0.113.7").await.expect("the reporter's view");
    let due = status.due.expect("a current deadline");
    assert_eq!((due.label.as_str(), due.date.as_str(), due.provisional), ("核查期限", w.verify_due, provisional));
    let warning = calendar::coverage_warning_str(&clock::today());
    assert_eq!(warning.is_some(), provisional, "the calendar ends 2027-12-31: warned within a year of it");
    // The administrator's desk says so too.
    let admin = support::user(&portal, "admin", app::staff::model::Role::Admin, None, None).await;
    let (token, _) = portal.accounts.login(&admin.username, support::PASSWORD, "203.0.113.8").await.expect("admin login");
    let desk = app::admin::backend::AdminBackend::admin_home(&*portal.admin, Some(token), "").await.expect("the desk").expect("a session");
    assert_eq!(desk.calendar_warning.is_some(), provisional, "{:?}", desk.calendar_warning);
    if let Some(text) = desk.calendar_warning {
        assert!(text.contains("2027-12-31") && text.contains("2027 年为暂定"), "{text}");
    }
    clock::set_now(chrono::Utc::now().fixed_offset());
}

on_both_engines!(national_day_2024, spring_festival_2027);

async fn national_day_2024(db: &TestDb) {
    walk(
        db,
        Walk {
            // Friday before the holiday: Sunday 9/29 works, 10/1–10/7 off, Saturday 10/12 works.
            filed: "2024-09-27",
            accepted: "2024-09-30",
            forwarded: "2024-10-08",
            accept_due: "2024-10-23",
            feedback_due: "2024-12-27",
            verify_due: "2024-11-18",
        },
    )
    .await;
}

async fn spring_festival_2027(db: &TestDb) {
    walk(
        db,
        Walk {
            // 2/5–2/12 off, Saturday 2/20 works (provisional until the State Council publishes 2027).
            filed: "2027-02-03",
            accepted: "2027-02-04",
            forwarded: "2027-02-15",
            accept_due: "2027-03-03",
            feedback_due: "2027-05-11",
            verify_due: "2027-03-26",
        },
    )
    .await;
}

/// Past the calendar's end only Monday–Friday is known: such dates are marked too.
#[test]
fn dates_past_the_calendar_are_provisional() {
    let last = calendar::bundled().last();
    assert!(calendar::is_provisional_str(&(last + chrono::Duration::days(1)).format("%Y-%m-%d").to_string()));
    assert!(!calendar::is_provisional_str("2024-10-23"));
    assert!(calendar::coverage_warning_str(&(last - chrono::Duration::days(400)).format("%Y-%m-%d").to_string()).is_none());
    assert!(calendar::coverage_warning_str(&(last - chrono::Duration::days(30)).format("%Y-%m-%d").to_string()).is_some());
}

on_both_engines!(a_poor_rating_is_due_in_15_working_days);

/// A 不满意 rating filed the Friday before 国庆 2024 opens a rectification due on the
/// fifteenth working day after it: 2024-10-23 (9/29 and 10/12 work, 10/1–10/7 do not).
async fn a_poor_rating_is_due_in_15_working_days(db: &TestDb) {
    let _one_at_a_time = CLOCK.lock().await;
    let portal = db.portal(true).await;
    clock::set_now(clock::parse_china_time("2024-09-27T15:30:00").expect("a time"));
    let opened = portal.services.ratings.rate("MS01001", "不满意", "材料要求与指南不一致", "203.0.113.9").await.expect("rated");
    assert!(opened.is_some(), "a poor rating opens a rectification");
    let queue = portal.services.ratings.queue(Some("区卫生健康局")).await.expect("the unit's queue");
    assert_eq!(queue.len(), 1);
    assert_eq!((queue[0].opened_on.as_str(), queue[0].due.as_str()), ("2024-09-27", "2024-10-23"));
    clock::set_now(chrono::Utc::now().fixed_offset());
}
