//! The workflow steps the whole-workflow test does not take, on both engines: not
//! accepting with a reason, supervision areas, handlers, questions to the reporter,
//! merging duplicates, default due dates, and the queue's filters.

use app::complaints::model::{action_label, Action, NewTip, QueueFilter, Role, State, AREAS};
use qingdan::staff::accounts::StaffUser;
use qingdan::complaints::validate::Evidence;
use qingdan::state::AppState;

use crate::common::TestDb;
use crate::support::{self, COMMERCE};

on_both_engines!(not_accept_tag_and_assign, ask_the_reporter, merge_duplicates, forward_without_due_date, queue_filters, mails_and_receipts_link_the_portal, names_not_numbers);

const CLIENT: &str = "203.0.113.90";

async fn tip(portal: &AppState, text: &str) -> (String, String) {
    let receipt = portal.complaints.submit(support::named_tip(text), vec![], "online", None, CLIENT).await.expect("submit");
    (receipt.case_number, receipt.receipt)
}

async fn state_and_events(portal: &AppState, user: &StaffUser, number: &str) -> (State, usize) {
    let case = portal.complaints.case(user, number).await.expect("case");
    (case.state, case.events.len())
}

async fn not_accept_tag_and_assign(db: &TestDb) {
    let portal = db.portal(false).await;
    let staff = support::staff(&portal).await;
    let jw2 = support::user(&portal, "jw2", Role::Commission, None, None).await;
    let complaints = &portal.complaints;

    // Not accepted: a reason is required, and the reporter sees it.
    let (a, receipt) = tip(&portal, "反映区里某企业偷税漏税问题，不属于营商环境范围").await;
    let e = complaints.act(&staff.commission, &a, Action::NotAccept { reason: "  ".into() }).await.expect_err("no reason");
    assert_eq!(e.status(), 400);
    assert_eq!(state_and_events(&portal, &staff.commission, &a).await, (State::Submitted, 1));
    let reason = "所反映问题不属于本委受理范围，建议向区税务局反映";
    complaints.act(&staff.commission, &a, Action::NotAccept { reason: reason.into() }).await.expect("not accept");
    let status = complaints.status(&receipt, CLIENT).await.expect("status");
    assert_eq!(status.state, State::NotAccepted);
    assert!(
        status.timeline.iter().any(|t| t.label == action_label("not_accept") && t.note.as_deref() == Some(reason)),
        "{:?}",
        status.timeline
    );
    assert!(status.can_object, "a not-accepted reporter may object");
    assert!(complaints.act(&staff.commission, &a, Action::Accept).await.is_err(), "a not-accepted case is accepted");

    // Supervision areas: one of the five, nothing else.
    let (b, _) = tip(&portal, "区行政审批局办理施工许可超时限且不说明理由").await;
    complaints.act(&staff.commission, &b, Action::Accept).await.expect("accept");
    let area = AREAS[1];
    complaints.act(&staff.commission, &b, Action::TagArea { area: area.into() }).await.expect("tag area");
    let case = complaints.case(&staff.commission, &b).await.unwrap();
    assert_eq!(case.area.as_deref(), Some(area));
    assert!(case.events.iter().any(|e| e.action == action_label("tag_area") && e.note == area));
    let before = state_and_events(&portal, &staff.commission, &b).await;
    for invalid in ["行政审批", "", "政策落实 · 清廉的政治环境 "] {
        let e = complaints.act(&staff.commission, &b, Action::TagArea { area: invalid.into() }).await.expect_err("invalid area");
        assert_eq!(e.status(), 400, "{invalid:?}");
    }
    let case = complaints.case(&staff.commission, &b).await.unwrap();
    assert_eq!(case.area.as_deref(), Some(area), "a refused area changed the case");
    assert_eq!((case.state, case.events.len()), before);
    // Units do not tag.
    assert!(complaints.act(&staff.commerce, &b, Action::TagArea { area: AREAS[0].into() }).await.is_err());

    // Handlers: commission accounts only.
    complaints.act(&staff.commission, &b, Action::Assign { user_id: jw2.id }).await.expect("assign");
    let case = complaints.case(&staff.commission, &b).await.unwrap();
    assert_eq!(case.assignee.as_deref(), Some(jw2.display_name.as_str()));
    let logged = &case.events.last().expect("the assignment").note;
    assert_eq!(logged, &format!("承办人：{}", jw2.display_name), "the log names the handler, not an account number");
    let before = case.events.len();
    let e = complaints.act(&staff.commission, &b, Action::Assign { user_id: staff.commerce.id }).await.expect_err("a unit handler");
    assert_eq!(e.status(), 400);
    let e = complaints.act(&staff.commission, &b, Action::Assign { user_id: 987_654 }).await.expect_err("no such user");
    assert_eq!(e.status(), 400);
    let gone = support::user(&portal, "jw-left", Role::Commission, None, None).await;
    portal.accounts.set_active(gone.id, false).await.unwrap();
    let e = complaints.act(&staff.commission, &b, Action::Assign { user_id: gone.id }).await.expect_err("a disabled handler");
    assert_eq!(e.status(), 400);
    let case = complaints.case(&staff.commission, &b).await.unwrap();
    assert_eq!(case.assignee.as_deref(), Some(jw2.display_name.as_str()), "a refused assignment changed the handler");
    assert_eq!(case.events.len(), before);
    // Reassigning to another commission account works.
    complaints.act(&staff.commission, &b, Action::Assign { user_id: staff.commission.id }).await.expect("reassign");
    let case = complaints.case(&staff.commission, &b).await.unwrap();
    assert_eq!(case.assignee.as_deref(), Some(staff.commission.display_name.as_str()));
}

async fn ask_the_reporter(db: &TestDb) {
    let portal = db.portal(false).await;
    let staff = support::staff(&portal).await;
    let complaints = &portal.complaints;
    let (number, receipt) = tip(&portal, "区商务局工作人员暗示需要请客才能加快审批").await;
    complaints.act(&staff.commission, &number, Action::Accept).await.expect("accept");

    let question = "请补充说明具体是哪位工作人员、在什么时间提出的要求？";
    complaints.act(&staff.commission, &number, Action::AskReporter { question: question.into() }).await.expect("ask");
    let status = complaints.status(&receipt, CLIENT).await.unwrap();
    assert_eq!(status.open_question.as_deref(), Some(question));
    assert_eq!(status.state, State::Accepted, "a question does not move the case");
    assert_eq!(support::mail_kinds(&portal, &number).await, vec!["new_tip", "question"], "the named reporter with e-mail is told");

    let answer = "是窗口的工作人员，5月12日上午在二楼窗口当面提出，录音见附件截图";
    let screenshot = support::png(1500);
    complaints
        .reporter_action(
            &receipt,
            CLIENT,
            Action::ReporterMessage { text: answer.into() },
            vec![Evidence { name: "截图.png".into(), bytes: screenshot.clone() }],
        )
        .await
        .expect("the reporter answers");
    let status = complaints.status(&receipt, CLIENT).await.unwrap();
    assert_eq!(status.open_question, None, "the question is answered");
    assert!(status.timeline.iter().any(|t| t.from_reporter && t.note.as_deref() == Some(answer)), "{:?}", status.timeline);

    let case = complaints.case(&staff.commission, &number).await.unwrap();
    let actions: Vec<&str> = case.events.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(actions, ["submitted", "accept", "ask_reporter", "reporter_message"].map(action_label));
    let message = case.events.last().unwrap();
    assert_eq!((message.note.as_str(), message.actor.as_str()), (answer, "举报人"));
    assert_eq!(case.files.len(), 1, "{:?}", case.files);
    assert_eq!((case.files[0].name.as_str(), case.files[0].content_type.as_str()), ("截图.png", "image/png"));
    let bytes = complaints.evidence(&staff.commission, &number, case.files[0].id).await.expect("the file").bytes;
    assert_eq!(bytes, screenshot);

    // An empty answer, or a file that is not what it claims, is refused and adds nothing.
    let e = complaints
        .reporter_action(&receipt, CLIENT, Action::ReporterMessage { text: " ".into() }, vec![])
        .await
        .expect_err("empty message");
    assert_eq!(e.status(), 400);
    let e = complaints
        .reporter_action(
            &receipt,
            CLIENT,
            Action::ReporterMessage { text: "再补充一份".into() },
            vec![Evidence { name: "scan.pdf".into(), bytes: b"MZ\x90\x00 not a pdf".to_vec() }],
        )
        .await
        .expect_err("a fake PDF");
    assert_eq!(e.status(), 400);
    let after = complaints.case(&staff.commission, &number).await.unwrap();
    assert_eq!((after.events.len(), after.files.len()), (case.events.len(), 1));
}

async fn merge_duplicates(db: &TestDb) {
    let portal = db.portal(false).await;
    let staff = support::staff(&portal).await;
    let complaints = &portal.complaints;
    let (a, receipt_a) = tip(&portal, "区商务局研发补助迟迟不兑现（第一次反映）").await;
    let (b, _) = tip(&portal, "区商务局研发补助迟迟不兑现，已拖延半年（再次反映）").await;
    complaints.act(&staff.commission, &b, Action::Accept).await.expect("accept B");

    // Into a case that does not exist, or into itself: refused, A unchanged.
    // The mail worker may deliver A's notification meanwhile: compare the case without it.
    let without_mail = |mut case: app::complaints::model::StaffCase| {
        case.mails.clear();
        case
    };
    let before = without_mail(complaints.case(&staff.commission, &a).await.unwrap());
    for target in ["JB20000101-NOSUCH".to_string(), a.clone(), String::new()] {
        let e = complaints.act(&staff.commission, &a, Action::Merge { into_case: target.clone() }).await.expect_err("bad merge");
        assert_eq!(e.status(), 400, "merge into {target:?}");
    }
    assert_eq!(without_mail(complaints.case(&staff.commission, &a).await.unwrap()), before, "a refused merge changed A");
    assert_eq!(complaints.status(&receipt_a, CLIENT).await.unwrap().state, State::Submitted);
    let b_events = complaints.case(&staff.commission, &b).await.unwrap().events.len();

    // A unit cannot merge.
    assert!(complaints.act(&staff.commerce, &a, Action::Merge { into_case: b.clone() }).await.is_err());

    complaints.act(&staff.commission, &a, Action::Merge { into_case: b.clone() }).await.expect("merge A into B");
    let case_a = complaints.case(&staff.commission, &a).await.unwrap();
    assert_eq!(case_a.state, State::Closed);
    assert!(case_a.events.iter().any(|e| e.action == action_label("merge") && e.note.contains(b.as_str())));
    let status = complaints.status(&receipt_a, CLIENT).await.unwrap();
    assert_eq!(status.state, State::Closed);
    let public = serde_json::to_string(&status).unwrap();
    assert!(public.contains(b.as_str()), "the reporter is not told which case took over: {public}");

    let case_b = complaints.case(&staff.commission, &b).await.unwrap();
    assert_eq!(case_b.state, State::Accepted, "the merge moved B");
    assert_eq!(case_b.events.len(), b_events + 1);
    assert!(case_b.events.last().unwrap().note.contains(a.as_str()), "{:?}", case_b.events);

    // A merged (closed) case cannot be merged again, and nothing merges into it: B
    // into A would leave the tip with no open case.
    assert!(complaints.act(&staff.commission, &a, Action::Merge { into_case: b.clone() }).await.is_err());
    let e = complaints.act(&staff.commission, &b, Action::Merge { into_case: a.clone() }).await.expect_err("merge into a closed case");
    assert_eq!(e.status(), 400);
    assert_eq!(complaints.case(&staff.commission, &b).await.unwrap().state, State::Accepted, "B stays open");
}

async fn forward_without_due_date(db: &TestDb) {
    let portal = db.portal(false).await;
    let staff = support::staff(&portal).await;
    let complaints = &portal.complaints;
    let (number, _) = tip(&portal, "区商务局对企业申报材料要求反复变化，一次性告知不到位").await;
    complaints.act(&staff.commission, &number, Action::Accept).await.expect("accept");

    // Unknown units and past dates are refused.
    let to_nowhere = Action::Forward { unit: "区不存在局".into(), due: String::new(), instructions: String::new() };
    assert_eq!(complaints.act(&staff.commission, &number, to_nowhere).await.expect_err("unknown unit").status(), 400);
    let yesterday = Action::Forward { unit: COMMERCE.into(), due: support::today_plus(-1), instructions: String::new() };
    assert_eq!(complaints.act(&staff.commission, &number, yesterday).await.expect_err("a past due date").status(), 400);
    assert_eq!(state_and_events(&portal, &staff.commission, &number).await, (State::Accepted, 2));

    let forward = Action::Forward { unit: COMMERCE.into(), due: "  ".into(), instructions: "请核实".into() };
    complaints.act(&staff.commission, &number, forward).await.expect("forward without a due date");
    let case = complaints.case(&staff.commission, &number).await.unwrap();
    assert_eq!(case.state, State::Verifying);
    let due = case.verify_due.clone().expect("a default due date");
    let parsed = chrono::NaiveDate::parse_from_str(&due, "%Y-%m-%d").unwrap_or_else(|e| panic!("due {due}: {e}"));
    let today = chrono::NaiveDate::parse_from_str(&qingdan::platform::clock::today(), "%Y-%m-%d").unwrap();
    // 30 working days: later than 30 calendar days would be without weekends.
    assert!(parsed > today + chrono::Duration::days(30), "due {due} is not 30 working days after {today}");
    assert!(parsed < today + chrono::Duration::days(70), "due {due} is too far");
    assert!(case.events.iter().any(|e| e.action == action_label("forward") && e.note.contains(&due)));
    // The unit sees the same due date.
    let queue = complaints.queue(&staff.commerce, &QueueFilter::default()).await.unwrap();
    assert_eq!(queue.len(), 1);
    assert_eq!(queue[0].due.as_deref(), Some(due.as_str()));
    assert!(!queue[0].overdue);
}

fn numbers(items: &[app::complaints::model::QueueItem]) -> Vec<String> {
    let mut n: Vec<String> = items.iter().map(|i| i.case_number.clone()).collect();
    n.sort();
    n
}

fn sorted(mut v: Vec<String>) -> Vec<String> {
    v.sort();
    v
}

async fn queue_filters(db: &TestDb) {
    let portal = db.portal(false).await;
    let staff = support::staff(&portal).await;
    let complaints = &portal.complaints;
    let (submitted, _) = tip(&portal, "区商务局对补贴申请迟迟不答复（新线索）").await;
    let (verifying, _) = tip(&portal, "区商务局窗口要求企业重复提交材料（转办）").await;
    let (accepted, _) = tip(&portal, "区商务局对企业诉求推诿扯皮（已受理）").await;
    let other_kind = complaints
        .submit(NewTip { kind: "other".into(), ..support::named_tip("其他问题：某街道办事处办事效率低下") }, vec![], "online", None, CLIENT)
        .await
        .expect("submit")
        .case_number;
    for n in [&verifying, &accepted] {
        complaints.act(&staff.commission, n, Action::Accept).await.expect("accept");
    }
    complaints
        .act(&staff.commission, &verifying, Action::Forward { unit: COMMERCE.into(), due: support::today_plus(7), instructions: String::new() })
        .await
        .expect("forward");

    let queue = |filter: QueueFilter| {
        let commission = staff.commission.clone();
        let portal = portal.clone();
        async move { portal.complaints.queue(&commission, &filter).await.expect("queue") }
    };
    let all = queue(QueueFilter::default()).await;
    assert_eq!(numbers(&all), sorted(vec![submitted.clone(), verifying.clone(), accepted.clone(), other_kind.clone()]));
    assert!(all.iter().all(|i| !i.overdue), "nothing is overdue yet: {all:?}");
    // New tips first.
    assert!(all.iter().take(2).all(|i| i.state == State::Submitted), "{all:?}");

    let by_state = queue(QueueFilter { state: Some("verifying".into()), ..Default::default() }).await;
    assert_eq!(numbers(&by_state), vec![verifying.clone()]);
    let by_state = queue(QueueFilter { state: Some("submitted".into()), ..Default::default() }).await;
    assert_eq!(numbers(&by_state), sorted(vec![submitted.clone(), other_kind.clone()]));
    let by_kind = queue(QueueFilter { kind: Some("other".into()), ..Default::default() }).await;
    assert_eq!(numbers(&by_kind), vec![other_kind.clone()]);
    let both = queue(QueueFilter { state: Some("submitted".into()), kind: Some("policy_not_honoured".into()), ..Default::default() }).await;
    assert_eq!(numbers(&both), vec![submitted.clone()]);
    assert!(queue(QueueFilter { overdue: true, ..Default::default() }).await.is_empty());

    // Overdue: the forwarded case's verification deadline and the new tip's
    // acceptance deadline set in the past.
    let pool = &portal.policies.store.db().pool;
    sqlx::query("UPDATE complaint_status SET verify_due = $1 WHERE complaint_id = $2")
        .bind("2020-01-02")
        .bind(support::complaint_id(&portal, &verifying).await)
        .execute(pool)
        .await
        .expect("backdate verify_due");
    let overdue = queue(QueueFilter { overdue: true, ..Default::default() }).await;
    assert_eq!(numbers(&overdue), vec![verifying.clone()]);
    assert!(overdue[0].overdue);
    assert_eq!(overdue[0].due.as_deref(), Some("2020-01-02"));
    assert!(complaints.case(&staff.commission, &verifying).await.unwrap().overdue);
    let all = queue(QueueFilter::default()).await;
    let flags: Vec<(String, bool)> = all.iter().map(|i| (i.case_number.clone(), i.overdue)).collect();
    assert!(flags.iter().all(|(n, o)| *o == (n == &verifying)), "{flags:?}");
    // The unit's queue flags it too.
    let unit_queue = complaints.queue(&staff.commerce, &QueueFilter { overdue: true, ..Default::default() }).await.unwrap();
    assert_eq!(numbers(&unit_queue), vec![verifying.clone()]);

    sqlx::query("UPDATE complaints SET accept_due = $1 WHERE case_number = $2")
        .bind("2020-01-03")
        .bind(&submitted)
        .execute(pool)
        .await
        .expect("backdate accept_due");
    let overdue = queue(QueueFilter { overdue: true, ..Default::default() }).await;
    assert_eq!(numbers(&overdue), sorted(vec![submitted.clone(), verifying.clone()]));
    assert!(overdue.iter().all(|i| i.overdue));
    let overdue_new = queue(QueueFilter { overdue: true, state: Some("submitted".into()), ..Default::default() }).await;
    assert_eq!(numbers(&overdue_new), vec![submitted.clone()]);
    // Ordering: new tips first, then overdue ones.
    let all = queue(QueueFilter::default()).await;
    let verifying_at = all.iter().position(|i| i.case_number == verifying).unwrap();
    let accepted_at = all.iter().position(|i| i.case_number == accepted).unwrap();
    assert!(verifying_at < accepted_at, "the overdue case is not ahead of the others: {all:?}");
}

/// With QINGDAN_PUBLIC_URL, "请登录清单门户处理" is a link: the new-tip and forwarding mails
/// link the case, the reporter's mail and the receipt link the tracking page.
async fn mails_and_receipts_link_the_portal(db: &TestDb) {
    let base = "https://qingdan.example.gov.cn";
    let config = qingdan::config::Config { public_url: qingdan::config::public_url(Some(format!("{base}/"))).unwrap(), ..db.config(false) };
    let portal = AppState::start(&config).await.expect("the portal starts");
    let staff = support::staff(&portal).await;
    let receipt = portal.complaints.submit(support::named_tip("门户链接：补贴申请材料被反复退回"), vec![], "online", None, "198.51.100.60").await.unwrap();
    assert_eq!(receipt.track_url.as_deref(), Some("https://qingdan.example.gov.cn/track"));
    let number = receipt.case_number.clone();
    portal.complaints.act(&staff.commission, &number, Action::Accept).await.unwrap();
    portal.complaints.act(&staff.commission, &number, Action::Forward { unit: COMMERCE.into(), due: String::new(), instructions: String::new() }).await.unwrap();
    portal.complaints.act(&staff.commission, &number, Action::AskReporter { question: "请补充经办窗口".into() }).await.unwrap();
    // Bodies are sealed to their messages: opened here with the data directory's key.
    let key = qingdan::platform::crypto::Secrets::from_key(qingdan::platform::crypto::read_key(&config.key_file()).unwrap());
    let sealed: Vec<(String, String, String)> = sqlx::query_as("SELECT kind, message_id, body FROM mail_outbox ORDER BY id").fetch_all(&portal.db.pool).await.unwrap();
    let mails: Vec<(String, String)> = sealed
        .into_iter()
        .map(|(kind, id, body)| {
            assert!(!body.contains("清单门户"), "a mail body in clear");
            (kind, key.open_bound(&qingdan::platform::mail::body_binding(&id), &body).expect("the body opens with its message"))
        })
        .collect();
    let body = |kind: &str| mails.iter().find(|(k, _)| k == kind).map(|(_, b)| b.clone()).unwrap_or_else(|| panic!("no {kind} mail: {mails:?}"));
    let case_link = format!("{base}/staff/case/{number}");
    assert!(body("new_tip").contains(&case_link), "{}", body("new_tip"));
    assert!(body("forwarded").contains(&case_link), "{}", body("forwarded"));
    assert!(body("question").contains(&format!("{base}/track")), "{}", body("question"));
    // Without the setting the words stay, with no made-up address.
    assert!(qingdan::config::public_url(Some("qingdan.example.gov.cn".into())).is_err(), "a bare host is refused");
    assert_eq!(qingdan::config::public_url(None).unwrap(), None);
}

/// The case page names things: the related policy by its title, each file with where it
/// came from and when.
async fn names_not_numbers(db: &TestDb) {
    let portal = db.portal(true).await;
    let staff = support::staff(&portal).await;
    let hits = portal.policies.index.search(&crate::common::q("补贴"), &crate::common::today(), crate::common::year()).unwrap().hits;
    let policy = hits.first().expect("a sample policy").clone();
    let mut tip = support::named_tip("名称而非编号：这条政策的补贴至今未兑现");
    tip.policy_code = policy.code.clone();
    let evidence = Evidence { name: "收据.png".into(), bytes: support::png(300) };
    let number = portal.complaints.submit(tip, vec![evidence], "online", None, "198.51.100.70").await.unwrap().case_number;
    let case = portal.complaints.case(&staff.commission, &number).await.unwrap();
    assert_eq!(case.policy_title.as_deref(), Some(policy.title.as_str()));
    assert_eq!(case.files.len(), 1);
    assert_eq!(case.files[0].source, "提交举报");
    assert!(case.files[0].added_at.starts_with(&crate::common::today()), "{}", case.files[0].added_at);
}
