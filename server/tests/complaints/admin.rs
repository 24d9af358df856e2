//! The administrator's desk over HTTP (SQLite, the served router): accounts are
//! created, disabled, enabled and given new passwords, units added, policy lists
//! imported, each logged once in admin_log; bad input, commission accounts and
//! forged forms change nothing.

use std::net::SocketAddr;
use std::sync::Arc;

use app::complaints::model::Role;
use qingdan::state::AppState;
use sqlx::Row;

use crate::common::{self, csv_bytes, good_row, set, HttpResponse, TestDb, FULL_HEADER};
use crate::support::{self, body_text, get_with_cookie, location, login_cookie, login_response, post_form, server_fn, BOUNDARY};

const ADMIN_PAGE: &str = "/staff/admin";

struct Desk {
    _db: TestDb,
    portal: Arc<AppState>,
    addr: SocketAddr,
    cookie: String,
    csrf: String,
}

async fn desk() -> Desk {
    let db = common::sqlite();
    let portal = db.portal(false).await;
    support::user(&portal, "admin", Role::Admin, None, None).await;
    support::user(&portal, "jw", Role::Commission, None, None).await;
    let site_root = db.data_dir().join("site");
    std::fs::create_dir_all(&site_root).unwrap();
    let addr = support::serve(portal.clone(), site_root).await;
    // An administrator lands on the admin desk, not the case queue.
    let cookie = login_cookie(addr, "admin", support::PASSWORD, ADMIN_PAGE).await;
    let page = get_with_cookie(addr, ADMIN_PAGE, &cookie).await;
    assert_eq!(page.status, 200, "{}", body_text(&page));
    let html = body_text(&page);
    let csrf = support::hidden_input(&html, "csrf").unwrap_or_else(|| panic!("no csrf on the admin page: {html}"));
    Desk { _db: db, portal, addr, cookie, csrf }
}

impl Desk {
    async fn post(&self, pairs: &[(&str, &str)]) -> HttpResponse {
        let mut all = vec![("csrf", self.csrf.as_str())];
        all.extend_from_slice(pairs);
        post_form(self.addr, ADMIN_PAGE, Some(&self.cookie), &all).await
    }

    /// Posts an action that must succeed: a redirect back with an `ok` notice.
    async fn ok(&self, pairs: &[(&str, &str)]) -> String {
        let response = self.post(pairs).await;
        assert_eq!(response.status, 303, "{pairs:?}: {response:?}");
        let to = location(&response);
        assert!(to.starts_with("/staff/admin?ok="), "{pairs:?} was refused: {to}");
        to
    }

    /// Posts an action that must be refused: a redirect back with an `error`, and
    /// no account, unit or log row more than before.
    async fn refused(&self, pairs: &[(&str, &str)]) -> String {
        let before = self.rows().await;
        let response = self.post(pairs).await;
        assert_eq!(response.status, 303, "{pairs:?}: {response:?}");
        let to = location(&response);
        assert!(to.starts_with("/staff/admin?error="), "{pairs:?} was not refused: {to}");
        assert_eq!(self.rows().await, before, "{pairs:?} was refused but wrote something");
        to
    }

    async fn rows(&self) -> (i64, i64, i64) {
        (
            support::count(&self.portal, "staff_users").await,
            support::count(&self.portal, "units").await,
            support::count(&self.portal, "admin_log").await,
        )
    }

    async fn user_id(&self, username: &str) -> i64 {
        sqlx::query("SELECT id FROM staff_users WHERE username = $1")
            .bind(username)
            .fetch_one(&self.portal.policies.store.db().pool)
            .await
            .unwrap_or_else(|e| panic!("no user {username}: {e}"))
            .get(0)
    }

    async fn log_actions(&self) -> Vec<String> {
        sqlx::query("SELECT action FROM admin_log ORDER BY id")
            .fetch_all(&self.portal.policies.store.db().pool)
            .await
            .unwrap()
            .iter()
            .map(|r| r.get::<String, _>(0))
            .collect()
    }

    async fn import(&self, csrf: &str, cookie: &str, file_name: &str, bytes: &[u8]) -> HttpResponse {
        let body = support::multipart(&[("csrf", csrf)], &[("file", file_name, bytes)]);
        let headers = [("Content-Type", format!("multipart/form-data; boundary={BOUNDARY}")), ("Cookie", cookie.to_string())];
        support::request(self.addr, "POST", "/staff/admin/import", &headers, body).await
    }
}

/// Whether a queue page shows a logged-in user's queue (not the login prompt).
fn shows_queue(html: &str) -> bool {
    html.contains("id=\"queue\"")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn admin_manages_accounts_and_units() {
    let desk = desk().await;
    let addr = desk.addr;
    let page = body_text(&get_with_cookie(addr, ADMIN_PAGE, &desk.cookie).await);
    assert!(page.contains("id=\"users\""), "no users table: {page}");
    assert!(page.contains("data-user=\"jw\"") && page.contains("data-user=\"admin\""), "{page}");
    // The server function behind the page answers the administrator.
    let home = server_fn(addr, "admin_home", &desk.cookie, "").await;
    assert_eq!(home.status, 200, "{}", body_text(&home));
    let users: Vec<String> = home.json()["users"].as_array().unwrap().iter().map(|u| u["username"].as_str().unwrap().to_string()).collect();
    assert_eq!(users, vec!["admin", "jw"]);

    // A unit account, which can then log in.
    let unit_password = "unit-password-2024";
    let new_user = [
        ("action", "add_user"),
        ("username", "swj2"),
        ("display_name", "商务局核查员"),
        ("role", "unit"),
        ("unit", support::COMMERCE),
        ("email", "swj2@shangwu.example.org"),
        ("password", unit_password),
    ];
    // An account joins an existing unit only: a typo must not create a unit that no
    // case is ever forwarded to.
    let to = desk.refused(&new_user).await;
    assert!(to.contains("不存在"), "{to}");
    desk.ok(&[("action", "add_unit"), ("name", support::COMMERCE)]).await;
    let before = desk.rows().await;
    desk.ok(&new_user).await;
    assert_eq!(desk.rows().await, (before.0 + 1, before.1, before.2 + 1), "one account and one log row");
    let user = desk.portal.accounts.user(desk.user_id("swj2").await).await.unwrap().unwrap();
    assert_eq!((user.role, user.unit.as_deref(), user.display_name.as_str()), (Role::Unit, Some(support::COMMERCE), "商务局核查员"));
    // The password the administrator chose is replaced at the first login.
    let swj2_own = "swj2-own-password-1";
    let swj2 = support::first_login(addr, "swj2", unit_password, swj2_own, "/staff").await;
    assert!(shows_queue(&body_text(&get_with_cookie(addr, "/staff", &swj2).await)));
    assert_eq!(location(&login_response(addr, "swj2", unit_password).await), "/staff/login?error=用户名或密码错误 / Wrong user name or password");
    let page = body_text(&get_with_cookie(addr, ADMIN_PAGE, &desk.cookie).await);
    assert!(page.contains("data-user=\"swj2\""), "the new account is not listed");

    // Refused: a unit account without a unit, a short password, a bad e-mail, a
    // user name taken, an unknown role.
    let with = |key: &'static str, value: &'static str| -> Vec<(&'static str, &'static str)> {
        let mut pairs: Vec<(&str, &str)> = new_user.iter().map(|(k, v)| if *k == key { (*k, value) } else { (*k, *v) }).collect();
        if let Some(u) = pairs.iter_mut().find(|(k, _)| *k == "username") {
            if key != "username" {
                u.1 = "swj3";
            }
        }
        pairs
    };
    let to = desk.refused(&with("unit", "")).await;
    assert!(to.contains("unit"), "{to}");
    let to = desk.refused(&with("password", "12345")).await;
    assert!(to.contains("10"), "{to}");
    let to = desk.refused(&with("email", "not-an-email")).await;
    assert!(to.contains("邮箱") || to.contains("email"), "{to}");
    desk.refused(&with("username", "swj2")).await;
    desk.refused(&with("role", "superuser")).await;
    let to = desk.refused(&with("role", "commission")).await;
    assert!(to.contains("单位"), "a commission account with a unit: {to}");
    assert!(sqlx::query("SELECT id FROM staff_users WHERE username = 'swj3'")
        .fetch_optional(&desk.portal.policies.store.db().pool)
        .await
        .unwrap()
        .is_none());

    // Wrong password: the message every failed login gets.
    let wrong = login_response(addr, "swj2", "wrong-password-000").await;
    let wrong_to = location(&wrong);
    assert!(wrong_to.starts_with("/staff/login?error="), "{wrong_to}");

    // Disabling ends the account's session at once, and its login fails exactly
    // like a wrong password.
    let swj2_id = desk.user_id("swj2").await.to_string();
    let swj2_csrf = support::hidden_input(&body_text(&get_with_cookie(addr, "/staff", &swj2).await), "csrf").expect("csrf");
    desk.ok(&[("action", "disable_user"), ("user_id", &swj2_id)]).await;
    let html = body_text(&get_with_cookie(addr, "/staff", &swj2).await);
    assert!(!shows_queue(&html), "a disabled account still sees its queue");
    assert!(html.contains("请先登录"), "no login prompt for a disabled account: {html}");
    let response = post_form(addr, "/staff/logout", Some(&swj2), &[("csrf", &swj2_csrf)]).await;
    assert_eq!(response.status, 303);
    assert!(location(&response).starts_with("/staff/login"), "{}", location(&response));
    let response = post_form(addr, "/staff/case/JB20000101-ABCDEF", Some(&swj2), &[("csrf", &swj2_csrf), ("action", "unit_report"), ("report", "x")]).await;
    assert_eq!(response.status, 303);
    assert!(location(&response).starts_with("/staff/login"), "{}", location(&response));
    let disabled = login_response(addr, "swj2", swj2_own).await;
    assert!(support::set_cookie(&disabled, "qd_staff").is_none(), "a disabled account got a session");
    assert_eq!(location(&disabled), wrong_to, "a disabled account is told apart from a wrong password");
    let page = body_text(&get_with_cookie(addr, ADMIN_PAGE, &desk.cookie).await);
    assert!(page.contains("已停用"), "the page does not show the account as disabled");

    // Enabling restores the login.
    desk.ok(&[("action", "enable_user"), ("user_id", &swj2_id)]).await;
    let swj2 = login_cookie(addr, "swj2", swj2_own, "/staff").await;
    assert!(shows_queue(&body_text(&get_with_cookie(addr, "/staff", &swj2).await)));

    // A new password ends the old sessions; the old password stops working.
    desk.refused(&[("action", "reset_password"), ("user_id", &swj2_id), ("password", "short")]).await;
    assert!(shows_queue(&body_text(&get_with_cookie(addr, "/staff", &swj2).await)), "a refused reset ended the session");
    let new_password = "brand-new-password-77";
    desk.ok(&[("action", "reset_password"), ("user_id", &swj2_id), ("password", new_password)]).await;
    assert!(!shows_queue(&body_text(&get_with_cookie(addr, "/staff", &swj2).await)), "the old session survived the reset");
    assert_eq!(location(&login_response(addr, "swj2", swj2_own).await), wrong_to);
    let swj2 = support::first_login(addr, "swj2", new_password, "swj2-second-own-1", "/staff").await;
    assert!(shows_queue(&body_text(&get_with_cookie(addr, "/staff", &swj2).await)));

    // An administrator cannot disable themself.
    let admin_id = desk.user_id("admin").await.to_string();
    desk.refused(&[("action", "disable_user"), ("user_id", &admin_id)]).await;
    desk.refused(&[("action", "disable_user"), ("user_id", "987654")]).await;
    desk.refused(&[("action", "no_such_action")]).await;

    // Units: a new one is added (and listed); a duplicate or an empty name is refused.
    let before = desk.rows().await;
    desk.ok(&[("action", "add_unit"), ("name", "区营商环境建设局")]).await;
    assert_eq!(desk.rows().await, (before.0, before.1 + 1, before.2 + 1));
    let page = body_text(&get_with_cookie(addr, ADMIN_PAGE, &desk.cookie).await);
    assert!(page.contains("区营商环境建设局"), "the new unit is not listed");
    let to = desk.refused(&[("action", "add_unit"), ("name", "区营商环境建设局")]).await;
    assert!(to.contains("已存在"), "{to}");
    desk.refused(&[("action", "add_unit"), ("name", support::COMMERCE)]).await;
    desk.refused(&[("action", "add_unit"), ("name", "  ")]).await;

    // Its address, hours and phone: set here, shown on its public page (tel: link);
    // a bad phone, an unknown unit or an overlong field is refused and changes nothing.
    let unit_page = format!("/unit/{}", app::url::percent_encode("区营商环境建设局"));
    let page = body_text(&get_with_cookie(addr, &unit_page, &desk.cookie).await);
    assert!(page.contains("id=\"unit-contact\"") && page.contains("未公布"), "no contact yet");
    let contact = [("action", "set_unit_contact"), ("name", "区营商环境建设局"), ("address", "示例区人民路 9 号"), ("hours", "工作日 9:00-17:00"), ("phone", "0532-8888 0001")];
    desk.ok(&contact).await;
    let page = body_text(&get_with_cookie(addr, &unit_page, &desk.cookie).await);
    assert!(page.contains("示例区人民路 9 号") && page.contains("工作日 9:00-17:00") && page.contains("href=\"tel:053288880001\""), "the unit page shows its contact");
    let to = desk.refused(&[("action", "set_unit_contact"), ("name", "区营商环境建设局"), ("address", "别处"), ("phone", "请打电话")]).await;
    assert!(to.contains("联系电话"), "{to}");
    desk.refused(&[("action", "set_unit_contact"), ("name", "区不存在局"), ("address", "别处")]).await;
    let long = "长".repeat(201);
    desk.refused(&[("action", "set_unit_contact"), ("name", "区营商环境建设局"), ("address", long.as_str())]).await;
    let page = body_text(&get_with_cookie(addr, &unit_page, &desk.cookie).await);
    assert!(page.contains("示例区人民路 9 号") && !page.contains("别处"), "refusals change nothing");

    // One log row per successful action, in order, by the administrator.
    assert_eq!(desk.log_actions().await, vec!["add_unit", "add_user", "disable_user", "enable_user", "reset_password", "add_unit", "set_unit_contact"]);
    let admin_id: i64 = admin_id.parse().unwrap();
    let actors: Vec<i64> = sqlx::query("SELECT actor_user_id FROM admin_log")
        .fetch_all(&desk.portal.policies.store.db().pool)
        .await
        .unwrap()
        .iter()
        .map(|r| r.get(0))
        .collect();
    assert!(actors.iter().all(|a| *a == admin_id), "{actors:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn only_administrators_with_the_right_token_change_anything() {
    let desk = desk().await;
    let addr = desk.addr;
    let before = desk.rows().await;
    let add = |csrf: &'static str| {
        vec![
            ("csrf", csrf),
            ("action", "add_user"),
            ("username", "intruder"),
            ("display_name", "入侵者"),
            ("role", "admin"),
            ("unit", ""),
            ("email", ""),
            ("password", "intruder-password-1"),
        ]
    };

    // Forged and missing CSRF tokens from the administrator: 403, nothing done.
    for forged in ["forged", "", "0000000000000000000000000000000000000000000"] {
        let response = post_form(addr, ADMIN_PAGE, Some(&desk.cookie), &add(forged)).await;
        assert_eq!(response.status, 403, "csrf {forged:?}: {response:?}");
    }
    let pairs: Vec<(&str, &str)> = add("").into_iter().filter(|(k, _)| *k != "csrf").collect();
    assert_eq!(post_form(addr, ADMIN_PAGE, Some(&desk.cookie), &pairs).await.status, 403);
    let response = desk.import("forged", &desk.cookie, "list.csv", &csv_bytes(FULL_HEADER, &[good_row("FG-001")])).await;
    assert_eq!(response.status, 403, "{response:?}");
    assert_eq!(desk.rows().await, before);
    assert_eq!(desk.portal.policies.store.policy_count().await.unwrap(), 0);

    // Without a session: sent to log in.
    let response = post_form(addr, ADMIN_PAGE, None, &add("whatever")).await;
    assert_eq!(response.status, 303);
    assert!(location(&response).starts_with("/staff/login"), "{}", location(&response));

    // A commission account, with its own valid session and token, is refused.
    let jw = login_cookie(addr, "jw", support::PASSWORD, "/staff").await;
    let jw_csrf = support::hidden_input(&body_text(&get_with_cookie(addr, "/staff", &jw).await), "csrf").expect("csrf");
    let csrf: &'static str = Box::leak(jw_csrf.clone().into_boxed_str());
    let response = post_form(addr, ADMIN_PAGE, Some(&jw), &add(csrf)).await;
    assert_eq!(response.status, 303, "{response:?}");
    let to = location(&response);
    assert!(to.starts_with("/staff?error="), "{to}");
    let jw_id = desk.user_id("jw").await.to_string();
    let admin_id = desk.user_id("admin").await.to_string();
    for pairs in [
        vec![("csrf", csrf), ("action", "add_unit"), ("name", "区冒名局")],
        vec![("csrf", csrf), ("action", "disable_user"), ("user_id", admin_id.as_str())],
        vec![("csrf", csrf), ("action", "reset_password"), ("user_id", jw_id.as_str()), ("password", "another-password-9")],
    ] {
        let response = post_form(addr, ADMIN_PAGE, Some(&jw), &pairs).await;
        assert!(location(&response).contains("error="), "{pairs:?}: {}", location(&response));
    }
    let response = desk.import(csrf, &jw, "list.csv", &csv_bytes(FULL_HEADER, &[good_row("JW-001")])).await;
    assert!(location(&response).contains("error="), "{}", location(&response));
    assert_eq!(desk.rows().await, before, "a commission account changed something");
    assert_eq!(desk.portal.policies.store.policy_count().await.unwrap(), 0);
    // The admin still logs in with the old password.
    login_cookie(addr, "admin", support::PASSWORD, ADMIN_PAGE).await;

    // Nor does the admin page or its server function open for it.
    let api = server_fn(addr, "admin_home", &jw, "").await;
    assert!(!(200..300).contains(&api.status), "admin_home answered a commission account: {}", body_text(&api));
    assert!(!body_text(&api).contains("\"users\""), "{}", body_text(&api));
    let page = body_text(&get_with_cookie(addr, ADMIN_PAGE, &jw).await);
    assert!(!page.contains("id=\"users\"") && !page.contains("data-user="), "the admin page opened for a commission account");
    assert!(page.contains("error-box"), "{page}");
    assert!(desk.log_actions().await.is_empty());
}

fn import_ok(response: &HttpResponse) -> String {
    assert_eq!(response.status, 303, "{response:?}");
    let to = location(response);
    assert!(to.starts_with("/staff/admin?ok="), "the import was refused: {to}");
    to
}

fn import_refused(response: &HttpResponse) -> String {
    assert_eq!(response.status, 303, "{response:?}");
    let to = location(response);
    assert!(to.starts_with("/staff/admin?error="), "the import was not refused: {to}");
    to
}

async fn policy_status(addr: SocketAddr, code: &str) -> (u16, serde_json::Value) {
    let response = support::request(addr, "GET", &format!("/api/v1/policies/{code}"), &[], Vec::new()).await;
    (response.status, serde_json::from_slice(&response.body).unwrap_or_default())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn admin_imports_policy_lists() {
    let desk = desk().await;
    let addr = desk.addr;
    for column in qingdan::policies::import::REQUIRED_COLUMNS {
        assert!(FULL_HEADER.contains(column), "the test header lacks {column}");
    }
    let (cookie, csrf) = (desk.cookie.clone(), desk.csrf.clone());

    // A good CSV.
    let rows = [good_row("AD-001"), set(good_row("AD-002"), "政策名称", "测试首台套奖励")];
    let to = import_ok(&desk.import(&csrf, &cookie, "清单.csv", &csv_bytes(FULL_HEADER, &rows)).await);
    assert!(to.contains("新增 2"), "{to}");
    let (status, json) = policy_status(addr, "AD-002").await;
    assert_eq!(status, 200, "{json}");
    assert_eq!(json["title"], "测试首台套奖励");
    assert_eq!(desk.portal.policies.store.policy_count().await.unwrap(), 2);
    let page = body_text(&get_with_cookie(addr, ADMIN_PAGE, &cookie).await);
    assert!(page.contains("id=\"policy-count\">2<"), "the page does not count the import");

    // Two bad rows (3 and 5): refused, both named, nothing written.
    let rows = [
        good_row("BD-001"),
        set(good_row("BD-002"), "生效日期", "2024-13-45"),
        good_row("BD-003"),
        set(good_row("BD-004"), "兑现方式", "随便"),
    ];
    let to = import_refused(&desk.import(&csrf, &cookie, "bad.csv", &csv_bytes(FULL_HEADER, &rows)).await);
    assert!(to.contains("第 3 行") && to.contains("第 5 行"), "the error does not name both rows: {to}");
    assert!(!to.contains("第 2 行") && !to.contains("第 4 行"), "good rows reported: {to}");
    assert_eq!(desk.portal.policies.store.policy_count().await.unwrap(), 2, "a refused file wrote rows");
    assert_eq!(policy_status(addr, "BD-001").await.0, 404);

    // The XLSX fixture.
    let xlsx = std::fs::read(common::fixture("policies_small.xlsx")).expect("fixture");
    let to = import_ok(&desk.import(&csrf, &cookie, "policies_small.xlsx", &xlsx).await);
    assert!(to.contains("新增 5"), "{to}");
    let (status, json) = policy_status(addr, "XL-003").await;
    assert_eq!(status, 200, "{json}");
    assert_eq!(desk.portal.policies.store.policy_count().await.unwrap(), 7);

    // A text file that calls itself x.xlsx.
    let to = import_refused(&desk.import(&csrf, &cookie, "x.xlsx", "政策编号,政策名称\nX-1,假表格\n".as_bytes()).await);
    assert!(to.contains("x.xlsx") && to.contains("不是有效的表格文件"), "{to}");
    // No file at all.
    let body = support::multipart(&[("csrf", &csrf)], &[]);
    let headers = [("Content-Type", format!("multipart/form-data; boundary={BOUNDARY}")), ("Cookie", cookie.clone())];
    import_refused(&support::request(addr, "POST", "/staff/admin/import", &headers, body).await);
    assert_eq!(desk.portal.policies.store.policy_count().await.unwrap(), 7);

    // Re-importing the same CSV changes nothing but is still a logged action.
    let rows = [good_row("AD-001"), set(good_row("AD-002"), "政策名称", "测试首台套奖励")];
    let to = import_ok(&desk.import(&csrf, &cookie, "清单.csv", &csv_bytes(FULL_HEADER, &rows)).await);
    assert!(to.contains("未变 2"), "{to}");

    assert_eq!(desk.log_actions().await, vec!["import_policies"; 3], "one log row per successful import");
}

/// The same upload takes the services list when the form says so: a good file lands
/// and is searchable, a bad one names its row and writes nothing, an unknown list is refused.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn admin_imports_service_lists() {
    let desk = desk().await;
    let (cookie, csrf) = (desk.cookie.clone(), desk.csrf.clone());
    let upload = |list: &'static str, name: &'static str, bytes: Vec<u8>| {
        let (cookie, csrf, addr) = (cookie.clone(), csrf.clone(), desk.addr);
        async move {
            let body = support::multipart(&[("csrf", &csrf), ("list", list)], &[("file", name, &bytes)]);
            let headers = [("Content-Type", format!("multipart/form-data; boundary={BOUNDARY}")), ("Cookie", cookie)];
            support::request(addr, "POST", "/staff/admin/import", &headers, body).await
        }
    };
    let sample = std::str::from_utf8(qingdan::services::service::SAMPLE_SERVICES_CSV).unwrap();
    let lines: Vec<&str> = sample.lines().collect();
    let good = lines[..11].join("\n").into_bytes();
    let to = import_ok(&upload("services", "services.csv", good).await);
    assert!(to.contains("新增 10"), "{to}");
    assert_eq!(desk.portal.services.store.count().await.unwrap(), 10);
    let found = support::request(desk.addr, "GET", "/api/v1/services?limit=100", &[], Vec::new()).await;
    assert_eq!(serde_json::from_slice::<serde_json::Value>(&found.body).unwrap()["total"], 10, "searchable at once");

    // Row 3 promises more than the law allows: refused, named, nothing written.
    let mut reader = csv::Reader::from_reader(qingdan::services::service::SAMPLE_SERVICES_CSV);
    let header: Vec<String> = reader.headers().unwrap().iter().map(|h| h.trim_start_matches('\u{feff}').to_string()).collect();
    let mut records: Vec<Vec<String>> = reader.records().skip(10).take(2).map(|r| r.unwrap().iter().map(String::from).collect()).collect();
    let at = |name: &str| header.iter().position(|h| h == name).unwrap();
    let legal = qingdan::services::import::parse_days(&records[1][at("法定时限")]).unwrap();
    records[1][at("承诺时限")] = format!("{}个工作日", legal + 10);
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record(&header).unwrap();
    for r in &records {
        writer.write_record(r).unwrap();
    }
    let to = import_refused(&upload("services", "bad.csv", writer.into_inner().unwrap()).await);
    assert!(to.contains("第 3 行") && to.contains("承诺时限"), "{to}");
    assert!(!to.contains("第 2 行"), "{to}");
    assert_eq!(desk.portal.services.store.count().await.unwrap(), 10, "a refused file wrote rows");

    let to = import_refused(&upload("measures", "services.csv", lines[..3].join("\n").into_bytes()).await);
    assert!(to.contains("未知的清单类型"), "{to}");
    assert_eq!(desk.log_actions().await, vec!["import_services"], "one log row per successful import");
}

/// The two-person rule: an administrator's new commission account, its re-enabling and a
/// new password for it wait for another commission member, who approves on the queue
/// page; the holder is mailed; nobody approves a change to their own account, and a
/// unit or the administrator cannot approve at all. Unit accounts are not held up.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn commission_accounts_need_a_second_commission_member() {
    let desk = desk().await;
    let addr = desk.addr;
    let portal = &desk.portal;
    support::user(portal, "jw2", Role::Commission, None, Some("jw2@jiwei.example.org")).await;

    // A new commission account cannot sign in until approved.
    let password = "commission-new-password-1";
    let to = desk
        .ok(&[("action", "add_user"), ("username", "jw3"), ("display_name", "纪委丙"), ("role", "commission"), ("email", "jw3@jiwei.example.org"), ("password", password)])
        .await;
    assert!(to.contains("批准"), "{to}");
    let refused = login_response(addr, "jw3", password).await;
    assert!(support::set_cookie(&refused, "qd_staff").is_none(), "an unapproved commission account signed in");
    // A unit account is not held up.
    desk.ok(&[("action", "add_unit"), ("name", support::COMMERCE)]).await;
    desk.ok(&[("action", "add_user"), ("username", "swj9"), ("display_name", "商务局乙"), ("role", "unit"), ("unit", support::COMMERCE), ("password", password)]).await;
    let swj9_own = "swj9-own-password-1";
    support::first_login(addr, "swj9", password, swj9_own, "/staff").await;

    // The administrator and a unit cannot decide; the commission member sees it on the queue.
    let jw = login_cookie(addr, "jw", support::PASSWORD, "/staff").await;
    let queue = body_text(&get_with_cookie(addr, "/staff", &jw).await);
    assert!(queue.contains("id=\"approvals\"") && queue.contains("jw3"), "the queue lists the request");
    let id = {
        let at = queue.find("/staff/approvals/").expect("an approval form");
        queue[at + "/staff/approvals/".len()..].chars().take_while(|c| c.is_ascii_digit()).collect::<String>()
    };
    let jw_csrf = support::hidden_input(&queue, "csrf").expect("csrf");
    let path = format!("/staff/approvals/{id}");
    let by_admin = post_form(addr, &path, Some(&desk.cookie), &[("csrf", &desk.csrf), ("decision", "approve")]).await;
    assert!(location(&by_admin).contains("error="), "the administrator approved: {}", location(&by_admin));
    let unit = login_cookie(addr, "swj9", swj9_own, "/staff").await;
    let unit_csrf = support::hidden_input(&body_text(&get_with_cookie(addr, "/staff", &unit).await), "csrf").expect("csrf");
    let by_unit = post_form(addr, &path, Some(&unit), &[("csrf", &unit_csrf), ("decision", "approve")]).await;
    assert!(location(&by_unit).contains("error="), "a unit approved: {}", location(&by_unit));
    let forged = post_form(addr, &path, Some(&jw), &[("csrf", "forged"), ("decision", "approve")]).await;
    assert_eq!(forged.status, 403, "a forged token");
    assert!(support::set_cookie(&login_response(addr, "jw3", password).await, "qd_staff").is_none(), "still not approved");

    // The commission member approves: the account works, its holder is told.
    let ok = post_form(addr, &path, Some(&jw), &[("csrf", &jw_csrf), ("decision", "approve")]).await;
    assert!(location(&ok).contains("ok="), "{}", location(&ok));
    let jw3_own = "jw3-own-password-1";
    let jw3 = support::first_login(addr, "jw3", password, jw3_own, "/staff").await;
    assert!(body_text(&get_with_cookie(addr, "/staff", &jw3).await).contains("id=\"queue-filter\""));
    let again = post_form(addr, &path, Some(&jw), &[("csrf", &jw_csrf), ("decision", "approve")]).await;
    assert!(location(&again).contains("error="), "decided twice");

    // A new password for jw: the old one works until another member approves; jw cannot
    // approve it; jw2 can, and then only the new one works and jw's sessions end.
    let jw_id = desk.user_id("jw").await.to_string();
    desk.ok(&[("action", "reset_password"), ("user_id", &jw_id), ("password", "reset-by-admin-password-9")]).await;
    login_cookie(addr, "jw", support::PASSWORD, "/staff").await;
    let jw_user = portal.accounts.user(jw_id.parse().unwrap()).await.unwrap().expect("jw");
    let own = portal.approvals.pending(&jw_user).await.unwrap();
    assert!(own.is_empty(), "a member is not offered a change to their own account");
    let open: Vec<i64> = sqlx::query_scalar("SELECT id FROM account_approvals WHERE decision IS NULL").fetch_all(&portal.db.pool).await.unwrap();
    assert_eq!(open.len(), 1);
    let own_path = format!("/staff/approvals/{}", open[0]);
    let by_self = post_form(addr, &own_path, Some(&jw), &[("csrf", &jw_csrf), ("decision", "approve")]).await;
    assert!(location(&by_self).contains("error="), "approved own reset: {}", location(&by_self));
    let jw2 = login_cookie(addr, "jw2", support::PASSWORD, "/staff").await;
    let jw2_csrf = support::hidden_input(&body_text(&get_with_cookie(addr, "/staff", &jw2).await), "csrf").expect("csrf");
    let approved = post_form(addr, &own_path, Some(&jw2), &[("csrf", &jw2_csrf), ("decision", "approve")]).await;
    assert!(location(&approved).contains("ok="), "{}", location(&approved));
    assert!(support::set_cookie(&login_response(addr, "jw", support::PASSWORD).await, "qd_staff").is_none(), "the old password still works");
    support::first_login(addr, "jw", "reset-by-admin-password-9", "jw-own-again-password-9", "/staff").await;
    assert!(!body_text(&get_with_cookie(addr, "/staff", &jw).await).contains("id=\"queue-filter\""), "the old session survived");

    // Disabling a commission account is immediate; enabling it again waits for approval.
    let jw3_id = desk.user_id("jw3").await.to_string();
    desk.ok(&[("action", "disable_user"), ("user_id", &jw3_id)]).await;
    desk.ok(&[("action", "enable_user"), ("user_id", &jw3_id)]).await;
    assert!(support::set_cookie(&login_response(addr, "jw3", jw3_own).await, "qd_staff").is_none(), "re-enabled without approval");

    // The holders were told by mail: jw3 of the request and the approval.
    let kinds: Vec<(String, i64)> =
        sqlx::query_as("SELECT kind, COUNT(*) FROM mail_outbox GROUP BY kind ORDER BY kind").fetch_all(&portal.db.pool).await.unwrap();
    let account_mails = kinds.iter().find(|(k, _)| k == "account").map(|(_, n)| *n).unwrap_or(0);
    assert!(account_mails >= 3, "request and approval mails to jw3, the reset's request to jw is unmailed (no address): {kinds:?}");
}

/// The desk after a mistake: a refused form comes back filled in (never the password) at
/// the form itself, a near-miss unit name is answered with the existing one, a refused
/// upload lists its problems with every one of them downloadable, and each list's
/// columns and template are on the page.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn the_desk_explains_mistakes_and_keeps_what_was_typed() {
    let desk = desk().await;
    let addr = desk.addr;
    desk.ok(&[("action", "add_unit"), ("name", support::COMMERCE)]).await;

    // 商务局 for 区商务局: refused, the existing unit suggested, the form refilled.
    let typed = [("action", "add_user"), ("username", "swj7"), ("display_name", "商务局丙"), ("role", "unit"), ("unit", "商务局"), ("email", "swj7@shangwu.example.org"), ("password", "secret-password-77")];
    let response = desk.post(&typed).await;
    let raw = response.header("location").expect("a redirect").to_string();
    let to = location(&response);
    assert!(to.contains("不存在") && to.contains("您是否要找「区商务局」"), "{to}");
    assert!(raw.ends_with("#add-user"), "back at the refused form: {raw}");
    let page = body_text(&get_with_cookie(addr, raw.trim_end_matches("#add-user"), &desk.cookie).await);
    for value in ["value=\"swj7\"", "value=\"商务局丙\"", "value=\"商务局\"", "value=\"swj7@shangwu.example.org\""] {
        assert!(page.contains(value), "the form lost {value}");
    }
    assert!(!page.contains("secret-password-77"), "a password came back");
    // The refill is for that one look: the plain page is empty again.
    let plain = body_text(&get_with_cookie(addr, ADMIN_PAGE, &desk.cookie).await);
    assert!(!plain.contains("value=\"swj7\""));

    // A sheet with a bad cell in each of 30 rows: refused; 30 problems, all downloadable.
    let (cookie, csrf) = (desk.cookie.clone(), desk.csrf.clone());
    let rows: Vec<common::Row> = (1..=30).map(|i| common::set(common::good_row(&format!("ER-{i:03}")), "兑现方式", "随便")).collect();
    let refused = desk.import(&csrf, &cookie, "bad.csv", &common::csv_bytes(common::FULL_HEADER, &rows)).await;
    assert!(location(&refused).contains("error="), "{}", location(&refused));
    let page = body_text(&get_with_cookie(addr, ADMIN_PAGE, &cookie).await);
    assert!(page.contains("id=\"import-problems\"") && page.contains("共 30 处问题"), "the page names the refused upload");
    let download = get_with_cookie(addr, "/staff/admin/import-problems.csv", &cookie).await;
    assert_eq!(download.status, 200);
    assert!(download.header("content-type").unwrap_or_default().starts_with("text/csv"));
    let text = body_text(&download);
    let lines: Vec<&str> = text.trim_start_matches('\u{feff}').lines().collect();
    assert_eq!(lines.len(), 31, "a header and one line per problem: {text}");
    assert_eq!(lines[0], "行,列,问题");
    assert!(lines[1].starts_with("2,兑现方式,") && lines[30].starts_with("31,兑现方式,"), "{text}");
    // Only administrators read it.
    let jw = login_cookie(addr, "jw", support::PASSWORD, "/staff").await;
    let stolen = get_with_cookie(addr, "/staff/admin/import-problems.csv", &jw).await;
    assert!(stolen.status == 303 && !body_text(&stolen).contains("兑现方式"), "{stolen:?}");

    // Columns and templates: the template's header is the list's columns, required first.
    assert!(page.contains("id=\"list-columns\""));
    for column in qingdan::policies::import::REQUIRED_COLUMNS {
        assert!(page.contains(column), "the page does not list {column}");
    }
    let template = get_with_cookie(addr, "/staff/admin/template/policies.csv", &cookie).await;
    assert_eq!(template.status, 200);
    let header = body_text(&template).trim_start_matches('\u{feff}').lines().next().unwrap_or_default().to_string();
    let expected: Vec<&str> = qingdan::policies::import::REQUIRED_COLUMNS.iter().chain(qingdan::policies::import::OPTIONAL_COLUMNS).copied().collect();
    assert_eq!(header, expected.join(","));
    assert_eq!(get_with_cookie(addr, "/staff/admin/template/nothing.csv", &cookie).await.status, 404);
    // The template, filled in with a good row, imports; the problems are then gone.
    let good = common::csv_bytes(&expected, &[common::good_row("TP-001")]);
    assert!(location(&desk.import(&csrf, &cookie, "filled.csv", &good).await).contains("ok="));
    let page = body_text(&get_with_cookie(addr, ADMIN_PAGE, &cookie).await);
    assert!(!page.contains("id=\"import-problems\""), "a good upload clears the last refusal");
}

/// Guessing the current password on /staff/password counts like failed logins.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn guesses_of_the_current_password_are_throttled() {
    let desk = desk().await;
    let addr = desk.addr;
    let jw = login_cookie(addr, "jw", support::PASSWORD, "/staff").await;
    let change = |current: &'static str| {
        let jw = jw.clone();
        async move {
            let response = post_form(addr, "/staff/password", Some(&jw), &[("current", current), ("new", "a-brand-new-password-1"), ("confirm", "a-brand-new-password-1")]).await;
            location(&response)
        }
    };
    for _ in 0..5 {
        assert!(change("not-the-password-1").await.contains("当前密码不正确"));
    }
    let blocked = change(support::PASSWORD).await;
    assert!(blocked.contains("尝试次数过多"), "{blocked}");
    assert!(location(&login_response(addr, "jw", support::PASSWORD).await).contains("过多"), "the account's login is held too");
}
