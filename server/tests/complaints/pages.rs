//! Authorization through the pages and the server functions behind them (SQLite,
//! the served router): a unit user of 区商务局 cannot open, list, download or tell
//! apart 区财政局's case, and never sees the reporter, not even in evidence names.

use std::net::SocketAddr;

use app::complaints::model::{Action, Role};
use qingdan::complaints::validate::Evidence;
use qingdan::state::AppState;

use crate::common::{self, HttpResponse};
use crate::support::{self, body_text, get_with_cookie, server_fn, COMMERCE, EMAIL, FINANCE, NAME, PHONE};

const OWN_TEXT: &str = "区商务局窗口对我公司的补贴申请一拖再拖，标记 own-case-7731";
const OTHER_TEXT: &str = "区财政局拨付贴息资金时要求企业先缴纳保证金，标记 other-case-4409";
const EVIDENCE_NAME: &str = "王小明的证据.png";

/// Files a named tip with one PNG named `EVIDENCE_NAME`, accepts it and forwards it to `unit`.
async fn forwarded_tip(portal: &AppState, commission: &qingdan::staff::accounts::StaffUser, text: &str, unit: &str) -> (String, i64) {
    let complaints = &portal.complaints;
    let receipt = complaints
        .submit(
            support::named_tip(text),
            vec![Evidence { name: EVIDENCE_NAME.into(), bytes: support::png(700) }],
            "online",
            None,
            "198.51.100.31",
        )
        .await
        .expect("submit");
    let number = receipt.case_number;
    complaints.act(commission, &number, Action::Accept).await.expect("accept");
    complaints
        .act(commission, &number, Action::Forward { unit: unit.into(), due: support::today_plus(10), instructions: String::new() })
        .await
        .expect("forward");
    let case = complaints.case(commission, &number).await.unwrap();
    assert_eq!(case.files.len(), 1);
    // Control: the commission does see the original file name.
    assert_eq!(case.files[0].name, EVIDENCE_NAME);
    (number, case.files[0].id)
}

/// `number` with its last digit changed: a plausible case number that does not exist.
fn one_digit_changed(number: &str) -> String {
    let mut chars: Vec<char> = number.chars().collect();
    let i = chars.iter().rposition(|c| c.is_ascii_digit()).expect("a digit in the case number");
    let d = chars[i].to_digit(10).unwrap();
    chars[i] = char::from_digit((d + 1) % 10, 10).unwrap();
    chars.into_iter().collect()
}

/// The text of the page's error box (`<div class="error-box" …>…</div>`), tags removed.
fn error_box(html: &str) -> Option<String> {
    let start = html.find("class=\"error-box\"")?;
    let open_end = start + html[start..].find('>')? + 1;
    let end = open_end + html[open_end..].find("</div>")?;
    let mut text = String::new();
    let mut in_tag = false;
    for c in html[open_end..end].chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    Some(text.trim().to_string())
}

/// A page with the case number and the per-response script nonce blanked out.
fn normalised(html: &str, number: &str) -> String {
    let mut out = html.replace(number, "N");
    if let Some(at) = out.find("nonce=\"") {
        let start = at + "nonce=\"".len();
        if let Some(len) = out[start..].find('"') {
            let nonce = out[start..start + len].to_string();
            out = out.replace(&nonce, "NONCE");
        }
    }
    out
}

fn assert_no_identity(text: &str, what: &str) {
    for secret in [NAME, PHONE, EMAIL, "青岛小明科技有限公司"] {
        assert!(!text.contains(secret), "{what} contains {secret}: {text}");
    }
}

async fn setup() -> (common::TestDb, std::sync::Arc<AppState>, SocketAddr, String, (String, i64), (String, i64)) {
    let db = common::sqlite();
    let portal = db.portal(false).await;
    let staff = support::staff(&portal).await;
    support::user(&portal, "czj", Role::Unit, Some(FINANCE), None).await;
    let own = forwarded_tip(&portal, &staff.commission, OWN_TEXT, COMMERCE).await;
    let other = forwarded_tip(&portal, &staff.commission, OTHER_TEXT, FINANCE).await;
    let site_root = db.data_dir().join("site");
    std::fs::create_dir_all(&site_root).unwrap();
    let addr = support::serve(portal.clone(), site_root).await;
    let cookie = support::login_cookie(addr, "swj", support::PASSWORD, "/staff").await;
    (db, portal, addr, cookie, own, other)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn unit_pages_show_only_its_own_cases() {
    let (_db, portal, addr, cookie, (own, _), (other, _)) = setup().await;
    let fake = one_digit_changed(&other);
    assert_ne!(fake, other);

    // (a) Another unit's case page and a made-up number's page look the same.
    let other_page = get_with_cookie(addr, &format!("/staff/case/{other}"), &cookie).await;
    let fake_page = get_with_cookie(addr, &format!("/staff/case/{fake}"), &cookie).await;
    let other_html = body_text(&other_page);
    let fake_html = body_text(&fake_page);
    assert!(!other_html.contains(OTHER_TEXT) && !other_html.contains("other-case-4409"), "another unit's case leaks: {other_html}");
    assert_no_identity(&other_html, "another unit's case page");
    assert_eq!(other_page.status, fake_page.status, "another unit's case and no case answer with different statuses");
    let other_error = error_box(&other_html).unwrap_or_else(|| panic!("no error box on another unit's case page: {other_html}"));
    let fake_error = error_box(&fake_html).unwrap_or_else(|| panic!("no error box on a made-up case page: {fake_html}"));
    assert_eq!(other_error, fake_error, "another unit's case and no case have different errors");
    assert!(other_error.contains("无权查看或不存在"), "{other_error}");
    // Apart from the number in the URL, the two pages are the same page.
    assert_eq!(normalised(&other_html, &other), normalised(&fake_html, &fake), "the pages differ beyond the case number");

    // Control: its own case page opens and shows the description.
    let own_page = get_with_cookie(addr, &format!("/staff/case/{own}"), &cookie).await;
    assert_eq!(own_page.status, 200);
    let own_html = body_text(&own_page);
    assert!(own_html.contains(OWN_TEXT), "the unit cannot see its own case: {own_html}");
    assert!(error_box(&own_html).is_none(), "{own_html}");
    assert_no_identity(&own_html, "the unit's own case page");
    // Evidence under a neutral name: the original name carries the reporter's name.
    assert!(own_html.contains("证据1.png"), "no neutral evidence name: {own_html}");
    assert!(!own_html.contains(EVIDENCE_NAME), "the original evidence name reached the unit");

    // (b) The queue page lists its own case and not the other.
    let queue = get_with_cookie(addr, "/staff", &cookie).await;
    assert_eq!(queue.status, 200);
    let queue_html = body_text(&queue);
    assert!(queue_html.contains(own.as_str()), "own case missing from the queue: {queue_html}");
    assert!(!queue_html.contains(other.as_str()), "another unit's case in the queue");
    // Whatever filter the unit picks.
    for query in ["?unit=%E5%8C%BA%E8%B4%A2%E6%94%BF%E5%B1%80", "?state=verifying", "?kind=policy_not_honoured&overdue=1"] {
        let html = body_text(&get_with_cookie(addr, &format!("/staff{query}"), &cookie).await);
        assert!(!html.contains(other.as_str()), "another unit's case in the queue with {query}");
    }

    // Posting a report to another unit's case: the same answer as for no case, and
    // nothing recorded.
    let csrf = support::hidden_input(&queue_html, "csrf").expect("csrf on the queue page");
    let report = |number: String| {
        let (cookie, csrf) = (cookie.clone(), csrf.clone());
        async move {
            support::post_form(
                addr,
                &format!("/staff/case/{number}"),
                Some(&cookie),
                &[("csrf", &csrf), ("action", "unit_report"), ("report", "越权提交的核查报告")],
            )
            .await
        }
    };
    let events_before = support::count(&portal, "complaint_events").await;
    let to_other = report(other.clone()).await;
    let to_fake = report(fake.clone()).await;
    assert_eq!(to_other.status, 303, "{to_other:?}");
    assert_eq!(support::location(&to_other), support::location(&to_fake), "a report on another unit's case is answered differently");
    assert!(support::location(&to_other).contains("error="), "{}", support::location(&to_other));
    assert_eq!(support::count(&portal, "complaint_events").await, events_before, "the refused report was recorded");
}

fn assert_failed(response: &HttpResponse, what: &str) {
    assert!(!(200..300).contains(&response.status), "{what} succeeded: {} {}", response.status, body_text(response));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn unit_server_functions_and_downloads_are_confined() {
    let (_db, _portal, addr, cookie, (own, own_file), (other, other_file)) = setup().await;
    let fake = one_digit_changed(&other);

    // staff_case for another unit's case fails, exactly like a made-up number.
    let other_fn = server_fn(addr, "staff_case", &cookie, &format!("number={other}&reveal=")).await;
    let fake_fn = server_fn(addr, "staff_case", &cookie, &format!("number={fake}&reveal=")).await;
    assert_failed(&other_fn, "staff_case for another unit's case");
    let other_text = body_text(&other_fn);
    assert!(!other_text.contains(OTHER_TEXT) && !other_text.contains("other-case-4409"), "{other_text}");
    assert_eq!(other_fn.status, fake_fn.status);
    assert_eq!(other_text, body_text(&fake_fn), "another unit's case and no case answer differently");

    // Its own case: succeeds, without the reporter anywhere, evidence under a neutral name.
    let own_fn = server_fn(addr, "staff_case", &cookie, &format!("number={own}&reveal=")).await;
    assert_eq!(own_fn.status, 200, "{}", body_text(&own_fn));
    let own_text = body_text(&own_fn);
    assert!(own_text.contains(OWN_TEXT), "{own_text}");
    assert_no_identity(&own_text, "staff_case for the unit's own case");
    let json = own_fn.json();
    assert_eq!(json["case"]["files"][0]["name"], "证据1.png", "{json}");
    assert!(json["identity"].is_null(), "{json}");

    // staff_home lists only its own case, filtered or not.
    for body in ["state=&kind=&unit=&overdue=false&area=&question=", &format!("state=&kind=&unit={}&overdue=false&area=&question=", common::encode(FINANCE))] {
        let home = server_fn(addr, "staff_home", &cookie, body).await;
        assert_eq!(home.status, 200, "{}", body_text(&home));
        let json = home.json();
        let numbers: Vec<&str> = json["items"].as_array().expect("items").iter().filter_map(|i| i["case_number"].as_str()).collect();
        let expected: Vec<&str> = if body.contains("unit=&") { vec![own.as_str()] } else { vec![] };
        assert_eq!(numbers, expected, "staff_home with {body}");
        assert!(!body_text(&home).contains(OTHER_TEXT));
    }

    // Evidence downloads: its own works (neutral name, original bytes); another unit's
    // is refused like a file of no case.
    let download = get_with_cookie(addr, &format!("/staff/case/{own}/file/{own_file}"), &cookie).await;
    assert_eq!(download.status, 200, "{}", body_text(&download));
    assert_eq!(download.body, support::png(700));
    let disposition = download.header("content-disposition").unwrap_or_default().to_string();
    assert!(disposition.contains(&common::encode("证据1.png")), "{disposition}");
    assert!(!disposition.contains(&common::encode(NAME)), "{disposition}");

    let refused = get_with_cookie(addr, &format!("/staff/case/{other}/file/{other_file}"), &cookie).await;
    assert_failed(&refused, "downloading another unit's evidence");
    assert_ne!(refused.body, support::png(700));
    let nowhere = get_with_cookie(addr, &format!("/staff/case/{fake}/file/{other_file}"), &cookie).await;
    assert_eq!((refused.status, body_text(&refused)), (nowhere.status, body_text(&nowhere)));
    // Another unit's file id under its own case number is no way round.
    let crossed = get_with_cookie(addr, &format!("/staff/case/{own}/file/{other_file}"), &cookie).await;
    assert_failed(&crossed, "another unit's file under the unit's own case");
    assert_ne!(crossed.body, support::png(700));
}

/// The commission's queue page: an overdue case stands out (row class and label), the
/// overdue filter shows only it, and the filter form keeps what was chosen.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn overdue_cases_stand_out_in_the_queue_page() {
    let (_db, portal, addr, _unit_cookie, (own, _), (other, _)) = setup().await;
    sqlx::query("UPDATE complaint_status SET verify_due = $1 WHERE complaint_id = (SELECT id FROM complaints WHERE case_number = $2)")
        .bind("2020-01-02")
        .bind(&own)
        .execute(&portal.policies.store.db().pool)
        .await
        .expect("backdate verify_due");
    let cookie = support::login_cookie(addr, "jw", support::PASSWORD, "/staff").await;

    let html = body_text(&get_with_cookie(addr, "/staff", &cookie).await);
    let row_of = |html: &str, number: &str| -> String {
        let at = html.find(&format!(">{number}<")).unwrap_or_else(|| panic!("{number} not in the queue: {html}"));
        let start = html[..at].rfind("<tr").expect("row start");
        let end = at + html[at..].find("</tr>").expect("row end");
        html[start..end].to_string()
    };
    let own_row = row_of(&html, &own);
    let other_row = row_of(&html, &other);
    assert!(own_row.contains("overdue") && own_row.contains("已超期"), "the overdue case does not stand out: {own_row}");
    assert!(!other_row.contains("已超期") && !other_row.contains("class=\"overdue"), "a case in time is marked: {other_row}");

    let filtered = body_text(&get_with_cookie(addr, "/staff?overdue=1&state=verifying", &cookie).await);
    assert!(filtered.contains(&format!(">{own}<")) && !filtered.contains(&format!(">{other}<")), "{filtered}");
    assert!(filtered.contains("共 1 件"), "{filtered}");
    let checkbox_at = filtered.find("id=\"f-overdue\"").expect("overdue checkbox");
    let checkbox = &filtered[filtered[..checkbox_at].rfind('<').unwrap()..checkbox_at + filtered[checkbox_at..].find('>').unwrap()];
    assert!(checkbox.contains("checked"), "the filter forgot the overdue choice: {checkbox}");
    assert!(filtered.contains("value=\"verifying\" selected"), "the filter forgot the state choice");
}

/// `/staff/intake` (a tip taken by phone or letter): a unit account is refused, and so
/// is a commission session whose form carries a forged CSRF token; neither writes a
/// case. The commission with its own token records one.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn staff_intake_refuses_units_and_forged_forms() {
    let (_db, portal, addr, unit_cookie, _, _) = setup().await;
    // Without a session the body is not even read: a broken upload is answered with the login page.
    let anonymous = common::request(
        addr,
        "POST",
        "/staff/intake",
        &[("Content-Type", format!("multipart/form-data; boundary={}", support::BOUNDARY))],
        b"--not-the-boundary\r\n garbage".to_vec(),
    )
    .await;
    assert_eq!(anonymous.status, 303, "{anonymous:?}");
    assert!(support::location(&anonymous).starts_with("/staff/login"), "{}", support::location(&anonymous));
    let commission_cookie = support::login_cookie(addr, "jw", support::PASSWORD, "/staff").await;
    let token_of = |html: String| support::hidden_input(&html, "csrf").expect("the page carries a CSRF token");
    let unit_token = token_of(body_text(&get_with_cookie(addr, "/staff", &unit_cookie).await));
    let commission_token = token_of(body_text(&get_with_cookie(addr, "/staff", &commission_cookie).await));
    let post = |cookie: String, csrf: String| async move {
        let body = support::multipart(
            &[
                ("csrf", &csrf),
                ("channel", "hotline"),
                ("kind", "policy_not_honoured"),
                ("description", "电话反映：稳岗补贴申请材料齐全却被要求反复补正，标记 intake-boundary-5521"),
                ("anonymous", "true"),
            ],
            &[],
        );
        let headers = [
            ("Content-Type", format!("multipart/form-data; boundary={}", support::BOUNDARY)),
            ("Cookie", cookie),
        ];
        common::request(addr, "POST", "/staff/intake", &headers, body).await
    };
    let before = support::count(&portal, "complaints").await;

    let refused = post(unit_cookie.clone(), unit_token).await;
    assert!(refused.status == 403 || (refused.status == 303 && support::location(&refused).contains("error")), "{refused:?}");
    let forged = post(commission_cookie.clone(), "forged-token-0000".into()).await;
    assert_eq!(forged.status, 403, "{forged:?}");
    assert_eq!(support::count(&portal, "complaints").await, before, "a refused intake wrote a case");

    let recorded = post(commission_cookie, commission_token).await;
    assert_eq!(recorded.status, 303, "{recorded:?}");
    assert!(support::location(&recorded).starts_with("/report/receipt"), "{recorded:?}");
    assert_eq!(support::count(&portal, "complaints").await, before + 1);
}
