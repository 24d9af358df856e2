//! The complaint channel over real HTTP (SQLite, no sample data): bad JSON and bad
//! uploads are refused with nothing written, forged or replayed staff forms do
//! nothing, and the anonymous JSON flow works end to end.

use std::net::SocketAddr;
use std::sync::Arc;

use app::complaints::model::{Role, State};
use qingdan::staff::accounts::StaffUser;
use qingdan::state::AppState;

use crate::common::{self, HttpResponse, TestDb};
use crate::support::{self, location, multipart, post_form, post_json, post_multipart, request, set_cookie};

async fn server() -> (TestDb, Arc<AppState>, SocketAddr) {
    let db = common::sqlite();
    let portal = db.portal(false).await;
    let site_root = db.data_dir().join("site");
    std::fs::create_dir_all(&site_root).unwrap();
    let addr = support::serve(portal.clone(), site_root).await;
    (db, portal, addr)
}

fn assert_json_error(response: &HttpResponse, what: &str) {
    assert!(
        (400..500).contains(&response.status),
        "{what}: status {} {}",
        response.status,
        String::from_utf8_lossy(&response.body)
    );
    response.assert_json_error_body(what);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn bad_json_is_refused_and_nothing_is_written() {
    let (_db, portal, addr) = server().await;
    let path = "/api/v1/complaints";
    let long = "很".repeat(6000);
    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("empty body", Vec::new()),
        ("empty object", b"{}".to_vec()),
        ("description too short", r#"{"category":"其他问题","description":"太短了","anonymous":true}"#.as_bytes().to_vec()),
        (
            "6000-character description",
            format!(r#"{{"category":"other","description":"{long}","anonymous":true}}"#).into_bytes(),
        ),
        ("broken UTF-8", {
            let mut b = br#"{"category":"other","description":""#.to_vec();
            b.extend_from_slice(b"\xff\xfe\xe4\xb8 \xc3\x28 invalid bytes here \x80\x80");
            b.extend_from_slice(br#"","anonymous":true}"#);
            b
        }),
        ("invalid JSON", r#"{"category":"other","description":"区里有关部门故意拖延","#.as_bytes().to_vec()),
        ("a JSON array", b"[1,2,3]".to_vec()),
        ("unknown category", r#"{"category":"无此类别","description":"有关部门故意拖延兑现补贴","anonymous":true}"#.as_bytes().to_vec()),
        ("named without phone", r#"{"category":"other","description":"有关部门故意拖延兑现补贴","anonymous":false,"name":"某人"}"#.as_bytes().to_vec()),
        ("wrong field type", r#"{"category":"other","description":12345678901,"anonymous":true}"#.as_bytes().to_vec()),
    ];
    for (what, body) in cases {
        let response = post_json(addr, path, body).await;
        assert_json_error(&response, what);
        assert_eq!(support::count(&portal, "complaints").await, 0, "{what} wrote a complaint");
    }
    // Without a JSON content type.
    let response = request(addr, "POST", path, &[("Content-Type", "text/plain".into())], br#"{"category":"other"}"#.to_vec()).await;
    assert_json_error(&response, "text/plain body");
    assert_eq!(support::count(&portal, "complaints").await, 0);
    assert_eq!(support::count(&portal, "complaint_events").await, 0);

    // Exactly 5000 characters is still fine (the limit is inclusive), and the count moves.
    let max = "好".repeat(5000);
    let response = post_json(addr, path, format!(r#"{{"category":"other","description":"{max}","name":"张三","phone":"13800000000"}}"#)).await;
    assert_eq!(response.status, 201, "{}", response.text());
    assert_eq!(support::count(&portal, "complaints").await, 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn bad_uploads_are_refused_and_nothing_is_written() {
    let (_db, portal, addr) = server().await;
    let fields = [
        ("kind", "harming_environment"),
        ("subject_unit", "区商务局"),
        ("description", "窗口工作人员要求企业购买指定服务才予办理"),
        ("anonymous", "false"),
        ("name", "李四"),
        ("phone", "13900000000"),
        ("pledge", "yes"),
    ];

    // 50 MB: refused (at 10 MB), redirected back to the form with an error.
    let big = support::png(50 * 1024 * 1024);
    let started = std::time::Instant::now();
    let response = post_multipart(addr, "/report", multipart(&fields, &[("files", "big.png", &big)])).await;
    drop(big);
    assert_eq!(response.status, 303, "{response:?}");
    let to = location(&response);
    assert!(to.starts_with("/report?") && to.contains("error="), "{to}");
    assert!(to.contains("10 MB"), "{to}");
    assert!(started.elapsed() < std::time::Duration::from_secs(30));
    assert_eq!(support::count(&portal, "complaints").await, 0);
    assert_eq!(support::count(&portal, "complaint_files").await, 0);

    // A PDF that calls itself photo.jpg.
    let pdf = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n".to_vec();
    let response = post_multipart(addr, "/report", multipart(&fields, &[("files", "photo.jpg", &pdf)])).await;
    assert_eq!(response.status, 303, "{response:?}");
    let to = location(&response);
    assert!(to.starts_with("/report?") && to.contains("error="), "{to}");
    assert!(to.contains("photo.jpg"), "{to}");
    assert_eq!(support::count(&portal, "complaints").await, 0);

    // An executable that calls itself a PDF.
    let exe = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff".to_vec();
    let response = post_multipart(addr, "/report", multipart(&fields, &[("files", "scan.pdf", &exe)])).await;
    assert!(location(&response).contains("error="));
    // Six files, one too many.
    let small = support::png(64);
    let six: Vec<(&str, &str, &[u8])> = (0..6).map(|_| ("files", "a.png", small.as_slice())).collect();
    let response = post_multipart(addr, "/report", multipart(&fields, &six)).await;
    assert!(location(&response).contains("error="), "{:?}", location(&response));
    // A text field that is not UTF-8.
    let mut broken = multipart(&[("kind", "other"), ("pledge", "yes")], &[]);
    let tail = format!("--{}--\r\n", support::BOUNDARY);
    broken.truncate(broken.len() - tail.len());
    broken.extend_from_slice(format!("--{}\r\nContent-Disposition: form-data; name=\"description\"\r\n\r\n", support::BOUNDARY).as_bytes());
    broken.extend_from_slice(b"\xff\xfe\xfd broken \xc3\x28\r\n");
    broken.extend_from_slice(tail.as_bytes());
    let response = post_multipart(addr, "/report", broken).await;
    assert!(location(&response).contains("error="), "{:?}", location(&response));
    assert_eq!(support::count(&portal, "complaints").await, 0);
    assert_eq!(support::count(&portal, "complaint_files").await, 0);

    // Control: the same form with a real PNG under its own name goes through.
    let response = post_multipart(addr, "/report", multipart(&fields, &[("files", "photo.png", &support::png(4096))])).await;
    assert_eq!(response.status, 303);
    assert!(location(&response).starts_with("/report/receipt?t="), "{}", location(&response));
    assert_eq!(support::count(&portal, "complaints").await, 1);
    assert_eq!(support::count(&portal, "complaint_files").await, 1);
}

/// Logs in through the form; returns the session token from the cookie.
async fn login(addr: SocketAddr, username: &str) -> String {
    let response = post_form(addr, "/staff/login", None, &[("username", username), ("password", support::PASSWORD)]).await;
    assert_eq!(response.status, 303, "{response:?}");
    assert_eq!(location(&response), "/staff");
    set_cookie(&response, "qd_staff").filter(|t| !t.is_empty()).unwrap_or_else(|| panic!("no session cookie: {response:?}"))
}

async fn state_and_events(portal: &AppState, user: &StaffUser, number: &str) -> (State, usize) {
    let case = portal.complaints.case(user, number).await.expect("case");
    (case.state, case.events.len())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn forged_and_replayed_staff_forms_do_nothing() {
    let (_db, portal, addr) = server().await;
    let jw = support::user(&portal, "jw", Role::Commission, None, None).await;
    let mut numbers = Vec::new();
    for text in ["区商务局对补贴申请拖延不办超过三个月", "区市场监管局执法人员多次重复检查同一企业"] {
        let receipt = portal.complaints.submit(support::named_tip(text), vec![], "online", None, "192.0.2.5").await.unwrap();
        numbers.push(receipt.case_number);
    }
    let (a, b) = (&numbers[0], &numbers[1]);

    // A wrong password through the form: back to the login page, no cookie.
    let response = post_form(addr, "/staff/login", None, &[("username", "jw"), ("password", "not-the-password")]).await;
    assert_eq!(response.status, 303);
    assert!(location(&response).starts_with("/staff/login?error="));
    assert!(set_cookie(&response, "qd_staff").is_none());

    let token = login(addr, "jw").await;
    let cookie = format!("qd_staff={token}");
    let page = request(addr, "GET", "/staff", &[("Cookie", cookie.clone())], Vec::new()).await;
    assert_eq!(page.status, 200, "{}", page.text());
    let html = page.text();
    let csrf = support::hidden_input(&html, "csrf").unwrap_or_else(|| panic!("no csrf input in the queue page: {html}"));
    assert!(csrf.len() >= 32, "{csrf}");
    assert!(html.contains(a.as_str()) && html.contains(b.as_str()), "the queue lists both cases");

    // Forged and missing CSRF tokens: 403, nothing done.
    let case_path = format!("/staff/case/{a}");
    for forged in ["forged", "", &"0".repeat(csrf.len())] {
        let response = post_form(addr, &case_path, Some(&cookie), &[("action", "accept"), ("csrf", forged)]).await;
        assert_eq!(response.status, 403, "csrf {forged:?}: {response:?}");
    }
    let response = post_form(addr, &case_path, Some(&cookie), &[("action", "accept")]).await;
    assert_eq!(response.status, 403);
    assert_eq!(state_and_events(&portal, &jw, a).await, (State::Submitted, 1));

    // Control: the right token does act.
    let response = post_form(addr, &case_path, Some(&cookie), &[("action", "accept"), ("csrf", &csrf)]).await;
    assert_eq!(response.status, 303, "{response:?}");
    assert!(location(&response).contains("ok="), "{}", location(&response));
    assert_eq!(state_and_events(&portal, &jw, a).await, (State::Accepted, 2));

    // Logging out needs the token too.
    let response = post_form(addr, "/staff/logout", Some(&cookie), &[("csrf", "forged")]).await;
    assert_eq!(response.status, 403);
    assert!(portal.accounts.session(&token).await.unwrap().is_some(), "a forged logout ended the session");
    let response = post_form(addr, "/staff/logout", Some(&cookie), &[("csrf", &csrf)]).await;
    assert_eq!(response.status, 303);
    assert!(location(&response).starts_with("/staff/login"), "{}", location(&response));
    assert_eq!(set_cookie(&response, "qd_staff").as_deref(), Some(""), "the cookie is cleared");
    assert!(portal.accounts.session(&token).await.unwrap().is_none(), "the session survived logout");

    // The old cookie and token, replayed: sent to log in, nothing changes.
    for (number, action) in [(b, "accept"), (a, "internal_note")] {
        let before = state_and_events(&portal, &jw, number).await;
        let response = post_form(
            addr,
            &format!("/staff/case/{number}"),
            Some(&cookie),
            &[("action", action), ("note", "重放的会话"), ("csrf", &csrf)],
        )
        .await;
        assert_eq!(response.status, 303, "{response:?}");
        assert!(location(&response).starts_with("/staff/login"), "{}", location(&response));
        assert_eq!(state_and_events(&portal, &jw, number).await, before);
    }
    assert_eq!(state_and_events(&portal, &jw, b).await, (State::Submitted, 1));
    // The queue page no longer opens with it either.
    let page = request(addr, "GET", "/staff", &[("Cookie", cookie.clone())], Vec::new()).await;
    assert!(!page.text().contains(b.as_str()), "the ended session still lists cases");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn anonymous_json_tip_and_status() {
    let (_db, portal, addr) = server().await;
    let response = post_json(
        addr,
        "/api/v1/complaints",
        r#"{"category":"损害营商环境","description":"某街道要求企业必须使用指定的代账公司才给办理手续","anonymous":true}"#,
    )
    .await;
    assert_eq!(response.status, 201, "{}", response.text());
    let body = response.json();
    let receipt = body["receipt"].as_str().expect("a receipt").to_string();
    let number = body["case_number"].as_str().expect("a case number").to_string();
    assert!(receipt.len() >= 20 && number.starts_with("JB"), "{body}");
    assert_eq!(support::count(&portal, "complaints").await, 1);

    let status = request(addr, "GET", "/api/v1/complaints/status", &[("X-Receipt", receipt.clone())], Vec::new()).await;
    assert_eq!(status.status, 200, "{}", status.text());
    let json = status.json();
    assert_eq!(json["state"], "submitted");
    assert_eq!(json["case_number"], number.as_str());
    assert_eq!(json["kind"], "损害营商环境");
    assert!(json["timeline"].as_array().is_some_and(|t| !t.is_empty()), "{json}");

    let mut wrong = receipt.clone().into_bytes();
    wrong[0] = if wrong[0] == b'A' { b'B' } else { b'A' };
    let wrong = String::from_utf8(wrong).unwrap();
    let response = request(addr, "GET", "/api/v1/complaints/status", &[("X-Receipt", wrong)], Vec::new()).await;
    assert_eq!(response.status, 404);
    assert_json_error(&response, "wrong receipt");
    let unknown = request(addr, "GET", "/api/v1/complaints/status", &[("X-Receipt", "0000-0000-0000-0000-0000".into())], Vec::new()).await;
    assert_eq!(unknown.status, 404);
    assert_eq!(unknown.json(), response.json(), "wrong and unknown receipts look the same");
    let missing = request(addr, "GET", "/api/v1/complaints/status", &[], Vec::new()).await;
    assert_eq!(missing.status, 404);
    assert_eq!(missing.json(), response.json());
}

/// The `<input …>` tag with `id="{id}"` in a page.
fn input_tag<'a>(html: &'a str, id: &str) -> &'a str {
    let at = html.find(&format!("id=\"{id}\"")).unwrap_or_else(|| panic!("no #{id} in the page"));
    let start = html[..at].rfind('<').unwrap();
    let end = at + html[at..].find('>').unwrap();
    &html[start..=end]
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refused_tip_names_every_problem_and_keeps_what_it_can() {
    let (_db, portal, addr) = server().await;
    // No choice of 实名/匿名, a description of spaces, no pledge, a file chosen.
    let fields = [("kind", "other"), ("description", "          短"), ("name", "王小明"), ("phone", "12")];
    let response = post_multipart(addr, "/report", multipart(&fields, &[("evidence", "photo.png", &support::png(300))])).await;
    assert_eq!(response.status, 303, "{response:?}");
    let to = location(&response);
    assert!(to.starts_with("/report?") && to.ends_with("#error-summary"), "{to}");
    for problem in ["请选择实名反映或匿名反映", "至少 10 个字", "如实反映承诺"] {
        assert!(to.contains(problem), "{problem} missing from {to}");
    }
    assert_eq!(support::count(&portal, "complaints").await, 0);
    let raw = response.header("location").unwrap().trim_end_matches("#error-summary").to_string();
    let page = request(addr, "GET", &raw, &[], Vec::new()).await.text();
    assert!(page.contains("请修改以下 3 处"), "every problem at once");
    assert!(page.contains("id=\"error-summary\""));
    assert!(page.contains("id=\"files-again\"") && page.contains("1 个证据文件"), "the dropped file is named");
    for id in ["named", "anon", "pledge"] {
        assert!(!input_tag(&page, id).contains("checked"), "#{id} has no default: {}", input_tag(&page, id));
    }
    // The identity typed without choosing 实名 is not kept in the draft.
    assert!(!page.contains("王小明"));

    // 实名 with a bad phone, pledged: one problem; the choice and the pledge come back.
    let fields = [("kind", "other"), ("description", "窗口拒收申请材料且不说明理由"), ("anonymous", "false"), ("name", "王小明"), ("phone", "12"), ("pledge", "yes")];
    let response = post_multipart(addr, "/report", multipart(&fields, &[])).await;
    let to = location(&response);
    assert!(to.contains("有效的联系电话") && !to.contains("承诺"), "{to}");
    let raw = response.header("location").unwrap().trim_end_matches("#error-summary").to_string();
    let page = request(addr, "GET", &raw, &[], Vec::new()).await.text();
    assert!(input_tag(&page, "named").contains("checked") && input_tag(&page, "pledge").contains("checked"));
    assert!(input_tag(&page, "phone").contains("required"), "a named tip's phone is required in the browser too");
    assert!(page.contains("王小明"), "what was typed under 实名 is kept");

    // 匿名 with a name typed before switching: filed without any identity.
    let fields = [("kind", "other"), ("description", "窗口拒收申请材料且不说明理由"), ("anonymous", "true"), ("name", "王小明"), ("phone", "13912345678"), ("pledge", "yes")];
    let response = post_multipart(addr, "/report", multipart(&fields, &[])).await;
    assert!(location(&response).starts_with("/report/receipt"), "{}", location(&response));
    let sealed: Option<String> = sqlx::query_scalar("SELECT identity_sealed FROM complaints").fetch_one(&portal.db.pool).await.unwrap();
    assert_eq!(sealed, None, "an anonymous tip keeps no identity");
}
