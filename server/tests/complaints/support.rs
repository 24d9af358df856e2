//! Helpers for the complaint-channel tests: staff accounts, tips, evidence bytes,
//! table counts, the router served *with* connect info (the complaint routes read the
//! client address), and a raw HTTP/1.1 client that can send any method, headers and
//! body bytes (including broken UTF-8 and 50 MB uploads).
#![allow(dead_code)]

use std::net::SocketAddr;

use app::complaints::model::{NewTip, Role};
use qingdan::staff::accounts::StaffUser;
use qingdan::state::AppState;
use sqlx::Row;

use crate::common::HttpResponse;

pub const PASSWORD: &str = "correct-horse-battery";

pub const NAME: &str = "王小明";
pub const PHONE: &str = "13912345678";
pub const EMAIL: &str = "wxm@example.com";

pub const COMMERCE: &str = "区商务局";
pub const FINANCE: &str = "区财政局";

/// The staff accounts most tests need.
pub struct Staff {
    pub commission: StaffUser,
    pub commerce: StaffUser,
}

/// Creates a user and returns it as the service sees it (no login needed).
pub async fn user(portal: &AppState, username: &str, role: Role, unit: Option<&str>, email: Option<&str>) -> StaffUser {
    let accounts = &portal.accounts;
    if let Some(unit) = unit {
        // An administrator adds the unit first (a no-op when the sample list has it).
        qingdan::platform::units::add(&portal.db, unit).await.expect("unit added");
    }
    let account = qingdan::staff::rules::NewAccount {
        username: username.into(),
        display_name: format!("{username} 的显示名"),
        role: Some(role),
        unit: unit.unwrap_or_default().into(),
        email: email.unwrap_or_default().into(),
        password: PASSWORD.into(),
    };
    let id = accounts.add(&account).await.unwrap_or_else(|e| panic!("add {username}: {e:#}"));
    accounts.user(id).await.expect("user lookup").expect("the new user exists")
}

/// Commission user "jw" and unit user "swj" of 区商务局, both with e-mail.
pub async fn staff(portal: &AppState) -> Staff {
    Staff {
        commission: user(portal, "jw", Role::Commission, None, Some("jw@jiwei.example.org")).await,
        commerce: user(portal, "swj", Role::Unit, Some(COMMERCE), Some("swj@shangwu.example.org")).await,
    }
}

pub fn named_tip(description: &str) -> NewTip {
    NewTip {
        kind: "policy_not_honoured".into(),
        subject_unit: COMMERCE.into(),
        description: description.into(),
        occurred_when: "2024年5月".into(),
        occurred_where: "区政务服务中心".into(),
        anonymous: false,
        name: NAME.into(),
        phone: PHONE.into(),
        email: EMAIL.into(),
        company: "青岛小明科技有限公司".into(),
        ..Default::default()
    }
}

pub fn png(len: usize) -> Vec<u8> {
    let mut bytes = b"\x89PNG\r\n\x1a\n".to_vec();
    bytes.resize(len.max(8), 0x42);
    bytes
}

/// Today plus `days` calendar days, as YYYY-MM-DD.
pub fn today_plus(days: i64) -> String {
    let today = chrono::NaiveDate::parse_from_str(&qingdan::platform::clock::today(), "%Y-%m-%d").expect("today parses");
    (today + chrono::Duration::days(days)).format("%Y-%m-%d").to_string()
}

pub async fn count(portal: &AppState, table: &str) -> i64 {
    sqlx::query(&format!("SELECT COUNT(*) FROM {table}"))
        .fetch_one(&portal.policies.store.db().pool)
        .await
        .unwrap_or_else(|e| panic!("count {table}: {e}"))
        .try_get(0)
        .expect("a count")
}

pub async fn complaint_id(portal: &AppState, case_number: &str) -> i64 {
    sqlx::query("SELECT id FROM complaints WHERE case_number = $1")
        .bind(case_number)
        .fetch_one(&portal.policies.store.db().pool)
        .await
        .unwrap_or_else(|e| panic!("no complaint {case_number}: {e}"))
        .try_get(0)
        .expect("an id")
}

/// The kinds of the mail queued for a case, in order.
pub async fn mail_kinds(portal: &AppState, case_number: &str) -> Vec<String> {
    let id = complaint_id(portal, case_number).await;
    qingdan::platform::mail::status_for(portal.policies.store.db(), id).await.expect("mail status").into_iter().map(|m| m.kind).collect()
}

// ---------------------------------------------------------------------------
// HTTP

pub use crate::common::{request, serve, try_request};

pub async fn post_json(addr: SocketAddr, path: &str, body: impl Into<Vec<u8>>) -> HttpResponse {
    request(addr, "POST", path, &[("Content-Type", "application/json".into())], body.into()).await
}

pub async fn post_form(addr: SocketAddr, path: &str, cookie: Option<&str>, pairs: &[(&str, &str)]) -> HttpResponse {
    let body = pairs.iter().map(|(k, v)| format!("{}={}", app::url::percent_encode(k), app::url::percent_encode(v))).collect::<Vec<_>>().join("&");
    let mut headers = vec![("Content-Type", "application/x-www-form-urlencoded".to_string())];
    if let Some(c) = cookie {
        headers.push(("Cookie", c.to_string()));
    }
    request(addr, "POST", path, &headers, body.into_bytes()).await
}

pub const BOUNDARY: &str = "----qingdan-test-boundary-7MA4YWxkTrZu0gW";

/// A multipart/form-data body of text fields and (name, file name, bytes) files.
pub fn multipart(fields: &[(&str, &str)], files: &[(&str, &str, &[u8])]) -> Vec<u8> {
    let mut out = Vec::new();
    for (name, value) in fields {
        out.extend_from_slice(format!("--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n").as_bytes());
    }
    for (name, file_name, bytes) in files {
        out.extend_from_slice(
            format!(
                "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{name}\"; filename=\"{file_name}\"\r\nContent-Type: application/octet-stream\r\n\r\n"
            )
            .as_bytes(),
        );
        out.extend_from_slice(bytes);
        out.extend_from_slice(b"\r\n");
    }
    out.extend_from_slice(format!("--{BOUNDARY}--\r\n").as_bytes());
    out
}

pub async fn post_multipart(addr: SocketAddr, path: &str, body: Vec<u8>) -> HttpResponse {
    let headers = [("Content-Type", format!("multipart/form-data; boundary={BOUNDARY}"))];
    request(addr, "POST", path, &headers, body).await
}

/// The decoded `Location` of a redirect.
pub fn location(response: &HttpResponse) -> String {
    let raw = response.header("location").unwrap_or_else(|| panic!("no Location in {response:?}"));
    app::url::percent_decode(raw).unwrap_or_else(|_| raw.to_string())
}

/// The value of cookie `name` set by a response (`Set-Cookie: name=value; …`).
pub fn set_cookie(response: &HttpResponse, name: &str) -> Option<String> {
    response
        .headers
        .iter()
        .filter(|(k, _)| k.eq_ignore_ascii_case("set-cookie"))
        .filter_map(|(_, v)| v.split(';').next()?.trim().split_once('=').map(|(k, v)| (k.to_string(), v.to_string())))
        .find(|(k, _)| k == name)
        .map(|(_, v)| v)
}

/// The `value` of the first `<input … name="NAME" … value="…">` in an HTML page.
pub fn hidden_input(html: &str, name: &str) -> Option<String> {
    let marker = format!("name=\"{name}\"");
    let at = html.find(&marker)?;
    let start = html[..at].rfind('<')?;
    let end = at + html[at..].find('>')?;
    let tag = &html[start..end];
    let v = tag.find("value=\"")? + "value=\"".len();
    let len = tag[v..].find('"')?;
    Some(tag[v..v + len].to_string())
}

/// Logs in through the staff form with `password`; returns the response (a redirect).
pub async fn login_response(addr: SocketAddr, username: &str, password: &str) -> HttpResponse {
    post_form(addr, "/staff/login", None, &[("username", username), ("password", password)]).await
}

/// Logs in through the staff form and returns `qd_staff=<token>`, ready for a
/// `Cookie` header; `home` is where the login must redirect to.
pub async fn login_cookie(addr: SocketAddr, username: &str, password: &str, home: &str) -> String {
    let response = login_response(addr, username, password).await;
    assert_eq!(response.status, 303, "login of {username}: {response:?}");
    assert_eq!(location(&response), home, "login of {username} redirects");
    let token = set_cookie(&response, "qd_staff").filter(|t| !t.is_empty()).unwrap_or_else(|| panic!("no session cookie: {response:?}"));
    format!("qd_staff={token}")
}

/// An account whose password an administrator set logs in for the first time: it is
/// sent to choose its own, can do nothing else meanwhile, chooses `own`, and logs in
/// again with it. Returns the cookie of that second login.
pub async fn first_login(addr: SocketAddr, username: &str, given: &str, own: &str, home: &str) -> String {
    let response = login_response(addr, username, given).await;
    assert_eq!(location(&response), "/staff/password?first=1", "{username}'s first login");
    let token = set_cookie(&response, "qd_staff").filter(|t| !t.is_empty()).unwrap_or_else(|| panic!("no session cookie: {response:?}"));
    let cookie = format!("qd_staff={token}");
    let elsewhere = body_text(&get_with_cookie(addr, home, &cookie).await);
    assert!(elsewhere.contains("请先登录"), "{username} reached {home} before choosing a password");
    let changed = post_form(addr, "/staff/password", Some(&cookie), &[("current", given), ("new", own), ("confirm", own)]).await;
    assert!(location(&changed).starts_with("/staff/login?ok="), "{}", location(&changed));
    login_cookie(addr, username, own, home).await
}

/// `GET path` with a cookie.
pub async fn get_with_cookie(addr: SocketAddr, path: &str, cookie: &str) -> HttpResponse {
    request(addr, "GET", path, &[("Cookie", cookie.to_string())], Vec::new()).await
}

/// A server function call (`POST /api/<name>`, URL-encoded arguments) with a cookie.
pub async fn server_fn(addr: SocketAddr, name: &str, cookie: &str, body: &str) -> HttpResponse {
    let headers = [
        ("Content-Type", "application/x-www-form-urlencoded".to_string()),
        ("Accept", "application/json".to_string()),
        ("Cookie", cookie.to_string()),
    ];
    request(addr, "POST", &format!("/api/{name}"), &headers, body.as_bytes().to_vec()).await
}

/// The HTTP body as text, lossily (pages and errors are UTF-8; this never panics).
pub fn body_text(response: &HttpResponse) -> String {
    String::from_utf8_lossy(&response.body).to_string()
}
