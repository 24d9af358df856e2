//! What must hold for a portal opened on restored or upgraded data: every receipt still
//! opens its case in its state, the commission can still reveal every named reporter,
//! every evidence file decrypts to the bytes filed, every account still logs in, the
//! mail survived, and the search index (rebuilt) finds every policy.
#![allow(dead_code)]

use app::complaints::model::{Action, State};
use app::policies::query::SearchParams;
use qingdan::state::AppState;
use sqlx::Row;

use super::seed::Expected;
use crate::support;

pub async fn everything(portal: &AppState, expected: &Expected) {
    let complaints = &portal.complaints;
    for (i, account) in expected.staff.iter().enumerate() {
        portal
            .accounts
            .login(&account.username, &account.password, &format!("192.0.2.{}", i + 1))
            .await
            .unwrap_or_else(|e| panic!("{} cannot log in: {e:?}", account.username));
    }
    let commission = staff_user(portal, "jw").await;
    for case in &expected.cases {
        let status = complaints
            .status(&case.receipt, "192.0.2.100")
            .await
            .unwrap_or_else(|e| panic!("the receipt of {} no longer opens it: {e:?}", case.case_number));
        assert_eq!(status.case_number, case.case_number);
        // The reporter's own words still read as filed (sealed at rest since schema 13;
        // an older database is sealed at the upgrade's first start).
        assert!(status.summary.description.contains("演练举报"), "{}: {:?}", case.case_number, status.summary.description);
        if status.state == State::FeedbackGiven {
            assert_eq!(status.feedback.as_deref(), Some("经核查，您反映的问题属实，已督促兑现"));
        }
        assert_eq!(Some(status.state), State::from_key(&case.state), "state of {}", case.case_number);
        if let Some(name) = &case.name {
            let identity = complaints
                .reveal(&commission, &case.case_number, &Action::RevealIdentity { reason: "恢复演练核对".into() })
                .await
                .unwrap_or_else(|e| panic!("identity of {} cannot be revealed: {e:?}", case.case_number))
                .unwrap_or_else(|| panic!("identity of {} is gone", case.case_number));
            assert_eq!(&identity.name, name);
            assert_eq!(identity.phone, support::PHONE);
        }
        let view = complaints.case(&commission, &case.case_number).await.expect("the commission opens the case");
        let mut digests = Vec::new();
        for file in &view.files {
            let bytes = complaints
                .evidence(&commission, &case.case_number, file.id)
                .await
                .unwrap_or_else(|e| panic!("evidence of {} does not download: {e:?}", case.case_number))
                .bytes;
            digests.push(qingdan::platform::crypto::sha256_hex(&bytes));
        }
        assert_eq!(digests, case.evidence_sha256, "evidence of {}", case.case_number);
    }
    // Nothing of it is left in clear: every tip's words, event note and mail body is
    // sealed to its row, every file digest keyed.
    let pool = &portal.db.pool;
    for (what, sql) in [
        ("a description", "SELECT COUNT(*) FROM complaints WHERE description NOT LIKE 'v1:%' OR occurred_where NOT LIKE 'v1:%'"),
        ("an event note", "SELECT COUNT(*) FROM complaint_events WHERE note NOT LIKE 'v1:%' OR data NOT LIKE 'v1:%'"),
        ("a mail body", "SELECT COUNT(*) FROM mail_outbox WHERE body NOT LIKE 'v1:%'"),
        ("a file digest", "SELECT COUNT(*) FROM complaint_files WHERE content_digest NOT LIKE 'hmac:%'"),
    ] {
        let clear: i64 = sqlx::query_scalar(sql).fetch_one(pool).await.unwrap();
        assert_eq!(clear, 0, "{what} in clear");
    }
    let outbox = support::count(portal, "mail_outbox").await;
    assert!(outbox >= expected.mail_outbox, "mail lost: {outbox} < {}", expected.mail_outbox);

    let items = support::count(portal, "policy_items").await;
    assert!(items >= expected.policy_items);
    assert_eq!(portal.policies.index.item_count() as i64, items, "the rebuilt index holds every item");
    let found = portal
        .policies
        .index
        .search(&SearchParams { q: "备份演练".into(), ..Default::default() }, &crate::common::today(), crate::common::year())
        .expect("search answers");
    assert_eq!(found.total as i64, expected.policy_items, "every drill policy is found");
    if let Some(lists) = &expected.lists {
        lists_survived(portal, lists).await;
    }
    if let Some(supervision) = &expected.supervision {
        supervision_survived(portal, supervision).await;
    }
}

/// The checklist, a case's question tag, an inspection problem and a notice survive.
async fn supervision_survived(portal: &AppState, expected: &super::seed::Supervision) {
    use app::supervision::backend::SupervisionBackend;
    assert_eq!(portal.supervision.questions.count().await.unwrap(), expected.questions);
    let jw = staff_user(portal, "jw").await;
    let case = portal.complaints.case(&jw, &expected.tagged_case).await.expect("the tagged case");
    assert_eq!(case.question, Some(expected.question));
    let texts = portal.supervision.question_texts().await.unwrap();
    let problems = portal.supervision.inspections.problems(None, &texts).await.unwrap();
    assert!(problems.iter().any(|p| p.description == expected.problem && p.due == expected.problem_due), "the inspection problem survived");
    assert!(portal.supervision.notices().await.unwrap().iter().any(|n| n.facts == expected.notice), "the notice survived");
}

/// The services (with a rectification) and the task ledger (a report, a close-out with
/// its evidence) survive too, and their indexes are rebuilt.
async fn lists_survived(portal: &AppState, lists: &super::seed::Lists) {
    use app::services::backend::ServiceBackend;
    use app::tasks::backend::TaskBackend;
    assert_eq!(portal.services.index.item_count() as i64, lists.services);
    let detail = portal.services.service(&lists.rated).await.expect("the rated service");
    let queue = portal.services.ratings.queue(Some(&detail.unit)).await.unwrap();
    assert!(queue.iter().any(|r| r.service_code == lists.rated && r.due == lists.rectification_due), "the rectification survived");
    assert_eq!(portal.tasks.index.item_count() as i64, lists.tasks);
    let reported = portal.tasks.task(&lists.reported).await.unwrap();
    assert_eq!((reported.percent, reported.reports.len()), (lists.percent, 1));
    let closed = portal.tasks.task(&lists.closed).await.unwrap();
    assert_eq!(closed.state, "closed");
    let evidence = closed.events.iter().flat_map(|e| e.evidence.iter()).next().expect("close-out evidence");
    let (_, _, bytes, _) = portal.tasks.certification.evidence(evidence.id).await.unwrap().expect("the evidence file");
    assert_eq!(qingdan::platform::crypto::sha256_hex(&bytes), lists.evidence_sha256);
}

pub async fn staff_user(portal: &AppState, username: &str) -> qingdan::staff::accounts::StaffUser {
    let id: i64 = sqlx::query("SELECT id FROM staff_users WHERE username = $1")
        .bind(username)
        .fetch_one(&portal.db.pool)
        .await
        .unwrap_or_else(|e| panic!("no user {username}: {e}"))
        .try_get(0)
        .expect("an id");
    portal.accounts.user(id).await.expect("lookup").expect("the user exists")
}
