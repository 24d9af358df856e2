//! Open311 GeoReport v2: a key made on the admin desk (shown once, kept hashed, refused to
//! the commission, revocable); discovery, services, definitions, requests and tokens in
//! JSON and XML, every JSON answer valid against our GeoReport schemas (Python's
//! jsonschema); the PyPI client `georeport` lists services and requests; a tip filed with
//! the key goes through the portal's own checks and returns the case number, with the
//! receipt once in `service_notice`; public reads never carry a description, an identity
//! or the unit concerned.

use app::complaints::model::Role;
use qingdan::platform::clock;

use crate::common::{self, HttpResponse, TestDb};
use crate::support::{self, body_text, get_with_cookie, hidden_input, location, login_cookie, post_form};

const FORM: &str = "application/x-www-form-urlencoded";
const SECRET_WORDS: &str = "区商务局某科长以各种理由拖延兑现奖补资金，索要好处";

on_both_engines!(open311_files_and_lists_tips_privately);

fn schema_dir() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/open311")
}

/// Validates each (schema file, JSON body) pair with Python's jsonschema (draft 4).
fn validate(pairs: &[(&str, String)]) {
    const SCRIPT: &str = r#"
import sys, json, os, jsonschema
d = json.load(sys.stdin)
bad = []
for name, body in d['pairs']:
    schema = json.load(open(os.path.join(d['dir'], name)))
    for e in jsonschema.Draft4Validator(schema).iter_errors(json.loads(body)):
        bad.append(name + ': ' + e.message)
print('\n'.join(bad))
sys.exit(1 if bad else 0)
"#;
    let input = serde_json::json!({ "dir": schema_dir(), "pairs": pairs });
    let out = common::python(SCRIPT, input.to_string().as_bytes());
    assert!(out.status.success(), "schema validation (tools/test.sh installs jsonschema): {}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
}

/// Runs the PyPI client `georeport` against the portal and prints what it read.
fn georeport(base: &str, format: &str, case_number: &str) -> serde_json::Value {
    let script = format!(
        "import json\nfrom georeport import GeoReport\n\
         g = GeoReport('{base}', output_format='{format}')\n\
         services = g.get_service_list()\n\
         definition = g.get_service_definition('policy_not_honoured')\n\
         requests = g.get_service_requests(service_code='policy_not_honoured')\n\
         one = g.get_service_request('{case_number}')\n\
         print(json.dumps({{'services': services, 'definition': definition, 'requests': requests, 'one': one}}, default=str))\n"
    );
    let out = std::process::Command::new("python3").args(["-c", &script]).output().expect("python3 runs");
    assert!(out.status.success(), "georeport (tools/test.sh installs it): {}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).expect("the client's findings")
}

async fn post_tip(addr: std::net::SocketAddr, format: &str, pairs: &[(&str, &str)]) -> HttpResponse {
    let body: Vec<String> = pairs.iter().map(|(k, v)| format!("{}={}", common::encode(k), common::encode(v))).collect();
    common::request(addr, "POST", &format!("/open311/v2/requests.{format}"), &[("Content-Type", FORM.to_string())], body.join("&").into_bytes()).await
}

async fn open311_files_and_lists_tips_privately(db: &TestDb) {
    let portal = db.portal(true).await;
    support::user(&portal, "admin", Role::Admin, None, None).await;
    support::user(&portal, "jw", Role::Commission, None, None).await;
    let site_root = db.data_dir().join("site");
    std::fs::create_dir_all(&site_root).unwrap();
    let addr = support::serve(portal.clone(), site_root).await;
    let base = format!("http://{addr}/open311/v2");

    // A key, made on the admin desk and shown there once; the commission cannot make one.
    let jw = login_cookie(addr, "jw", support::PASSWORD, "/staff").await;
    let jw_csrf = hidden_input(&body_text(&get_with_cookie(addr, "/staff", &jw).await), "csrf").expect("a csrf token on the queue");
    let refused = post_form(addr, "/staff/admin", Some(&jw), &[("csrf", &jw_csrf), ("action", "add_api_key"), ("name", "越权")]).await;
    assert!(refused.status == 403 || location(&refused).contains("error="), "a commission member made a key: {} {}", refused.status, location(&refused));
    assert_eq!(support::count(&portal, "open311_keys").await, 0);
    let admin = login_cookie(addr, "admin", support::PASSWORD, "/staff/admin").await;
    let csrf = hidden_input(&body_text(&get_with_cookie(addr, "/staff/admin", &admin).await), "csrf").unwrap();
    let made = post_form(addr, "/staff/admin", Some(&admin), &[("csrf", &csrf), ("action", "add_api_key"), ("name", "区 12345 热线系统")]).await;
    let to = location(&made);
    assert!(to.starts_with("/staff/admin?ok=") && to.contains("draft="), "{to}");
    let draft = to.split("draft=").nth(1).and_then(|d| d.split(['#', '&']).next()).expect("a one-time token");
    let shown = get_with_cookie(addr, &format!("/staff/admin?draft={draft}"), &admin).await;
    assert_eq!(shown.status, 200, "{to}: {shown:?}");
    let page = body_text(&shown);
    let at = page.find("id=\"new-api-key\">").unwrap_or_else(|| panic!("the new key on the page: {}", &page[page.find("<main").unwrap_or(0)..].chars().take(3000).collect::<String>())) + "id=\"new-api-key\">".len();
    let key: String = page[at..].chars().take_while(|c| c.is_ascii_hexdigit()).collect();
    assert_eq!(key.len(), 64);
    let again = body_text(&get_with_cookie(addr, &format!("/staff/admin?draft={draft}"), &admin).await);
    assert!(again.contains("api-keys-h") && !again.contains(&key), "shown once, even with the same link");
    let stored: String = sqlx::query_scalar("SELECT key_hash FROM open311_keys").fetch_one(&portal.db.pool).await.unwrap();
    assert_eq!(stored, qingdan::platform::crypto::token_hash(&key), "only a hash is kept");
    let logged: Vec<String> = sqlx::query_scalar("SELECT detail FROM admin_log").fetch_all(&portal.db.pool).await.unwrap();
    assert!(logged.iter().any(|d| d.contains("12345")) && logged.iter().all(|d| !d.contains(&key)), "the log names the client, never the key");

    // Discovery, services and definitions, in both formats.
    let mut json_answers: Vec<(&str, String)> = Vec::new();
    for (path, schema) in [("discovery.json", "discovery.json"), ("services.json", "services.json"), ("services/policy_not_honoured.json", "service-definition.json")] {
        let r = common::get(addr, &format!("/open311/v2/{path}")).await;
        assert_eq!(r.status, 200, "{path}");
        assert!(r.header("content-type").unwrap().starts_with("application/json"));
        json_answers.push((schema, r.text()));
    }
    let services = common::get(addr, "/open311/v2/services.json").await.json();
    assert_eq!(services.as_array().map(Vec::len), Some(4));
    let xml = common::get(addr, "/open311/v2/services.xml").await;
    assert!(xml.header("content-type").unwrap().starts_with("text/xml"));
    assert!(xml.text().contains("<services><service><service_code>policy_not_honoured</service_code>"), "{}", xml.text());
    let unknown = common::get(addr, "/open311/v2/services/nothing.json").await;
    assert_eq!(unknown.status, 404);
    json_answers.push(("errors.json", unknown.text()));
    let unknown_xml = common::get(addr, "/open311/v2/services/nothing.xml").await.text();
    assert!(unknown_xml.contains("<errors><error><code>404</code><description>"), "{unknown_xml}");

    // Filing: no key, a wrong key: 403 before anything is read; a bad tip: the portal's own words.
    let tip = [("service_code", "policy_not_honoured"), ("description", SECRET_WORDS), ("attribute[anonymous]", "true"), ("attribute[subject_unit]", support::COMMERCE)];
    let no_key = post_tip(addr, "json", &tip).await;
    assert_eq!(no_key.status, 403);
    json_answers.push(("errors.json", no_key.text()));
    let mut wrong = tip.to_vec();
    wrong.push(("api_key", "0123456789abcdef"));
    assert_eq!(post_tip(addr, "xml", &wrong).await.status, 403);
    let mut named_no_phone = vec![("api_key", key.as_str()), ("service_code", "obstructing_business"), ("description", SECRET_WORDS), ("attribute[anonymous]", "false"), ("first_name", "小明"), ("last_name", "王")];
    let refused = post_tip(addr, "json", &named_no_phone).await;
    assert_eq!(refused.status, 400, "{}", refused.text());
    assert!(refused.text().contains("联系电话"), "{}", refused.text());
    assert_eq!(support::count(&portal, "complaints").await, 0, "nothing filed");

    let mut with_key = tip.to_vec();
    with_key.push(("api_key", &key));
    let filed = post_tip(addr, "json", &with_key).await;
    assert_eq!(filed.status, 201, "{}", filed.text());
    json_answers.push(("post-response.json", filed.text()));
    let answer = filed.json();
    let number = answer[0]["service_request_id"].as_str().unwrap().to_string();
    let notice = answer[0]["service_notice"].as_str().unwrap();
    let receipt_at = notice.find("回执码：").unwrap() + "回执码：".len();
    let receipt: String = notice[receipt_at..].chars().take_while(|c| *c != '（').collect();
    assert_ne!(number, receipt, "the id is the case number, never the receipt");
    let status = common::request(addr, "GET", "/api/v1/complaints/status", &[("X-Receipt", receipt.clone())], Vec::new()).await;
    assert_eq!(status.status, 200, "the receipt works on /track's API");
    assert_eq!(status.json()["case_number"], number.as_str());
    named_no_phone.push(("phone", support::PHONE));
    let named = post_tip(addr, "xml", &named_no_phone).await;
    assert_eq!(named.status, 201);
    assert!(named.text().contains("<service_requests><request><service_request_id>"), "{}", named.text());

    // Reading: the case, its category, state, day and deadline; nothing the reporter wrote.
    let list = common::get(addr, "/open311/v2/requests.json").await;
    assert_eq!(list.status, 200);
    json_answers.push(("requests.json", list.text()));
    let found = list.json();
    let mine = found.as_array().unwrap().iter().find(|r| r["service_request_id"] == number.as_str()).expect("the filed tip is listed").clone();
    assert_eq!(mine["status"], "open");
    assert_eq!(mine["service_code"], "policy_not_honoured");
    assert!(mine["description"].is_null());
    assert!(mine["updated_datetime"].is_null(), "when staff last worked on it is not public");
    let due = sqlx::query_scalar::<_, String>("SELECT accept_due FROM complaints WHERE case_number = $1").bind(&number).fetch_one(&portal.db.pool).await.unwrap();
    assert_eq!(mine["expected_datetime"], format!("{due}T23:59:59+08:00"), "the acceptance deadline on the working-day calendar");
    assert_eq!(mine["requested_datetime"], format!("{}T00:00:00+08:00", clock::today()));
    let one = common::get(addr, &format!("/open311/v2/requests/{number}.json")).await;
    assert_eq!(one.status, 200);
    json_answers.push(("requests.json", one.text()));
    let one_xml = common::get(addr, &format!("/open311/v2/requests/{number}.xml")).await.text();
    assert!(one_xml.contains(&format!("<service_request_id>{number}</service_request_id>")));
    for body in [list.text(), one.text(), one_xml, common::get(addr, "/open311/v2/requests.xml").await.text()] {
        assert!(!body.contains("拖延兑现") && !body.contains(support::COMMERCE), "a description or the unit published");
        assert!(!body.contains("王小明") && !body.contains(support::PHONE) && !body.contains(&receipt), "an identity or a receipt published");
    }
    assert_eq!(common::get(addr, "/open311/v2/requests/QD-0000-000000.json").await.status, 404);
    let receipt_as_id = common::get(addr, &format!("/open311/v2/requests/{}.json", common::encode(&receipt))).await;
    assert_eq!(receipt_as_id.status, 404, "a receipt opens nothing here");
    assert_eq!(common::get(addr, "/open311/v2/tokens/abc.json").await.status, 404);

    // Filters and their limits.
    let named_number = named.text().split("<service_request_id>").nth(1).and_then(|t| t.split('<').next()).unwrap().to_string();
    let both = common::get(addr, &format!("/open311/v2/requests.json?service_request_id={number},{named_number}&status=closed")).await.json();
    assert_eq!(both.as_array().map(Vec::len), Some(2), "ids override the other filters: {both}");
    let open = common::get(addr, "/open311/v2/requests.json?status=open&service_code=policy_not_honoured,obstructing_business").await.json();
    assert_eq!(open.as_array().map(Vec::len), Some(2), "{open}");
    let today = clock::today();
    let by_day = common::get(addr, &format!("/open311/v2/requests.json?start_date={today}&end_date={today}T23:59:59%2B08:00")).await.json();
    assert_eq!(by_day.as_array().map(Vec::len), Some(2), "a date alone is the start of that day; the end is included: {by_day}");
    let closed = common::get(addr, "/open311/v2/requests.json?status=closed").await.json();
    assert!(closed.as_array().unwrap().iter().all(|r| r["service_request_id"] != number.as_str()));
    let other = common::get(addr, "/open311/v2/requests.json?service_code=other").await.json();
    assert_eq!(other.as_array().map(Vec::len), Some(0));
    let wide = common::get(addr, "/open311/v2/requests.json?start_date=2026-01-01T00:00:00Z&end_date=2026-06-01T00:00:00Z").await;
    assert_eq!(wide.status, 400, "more than 90 days apart");
    json_answers.push(("errors.json", wide.text()));
    assert_eq!(common::get(addr, "/open311/v2/requests.json?start_date=yesterday").await.status, 400);
    assert_eq!(common::get(addr, "/open311/v2/requests.json?status=maybe").await.status, 400);

    validate(&json_answers);

    // A real client from PyPI reads the same, in JSON and in XML.
    for format in ["json", "xml"] {
        let seen = georeport(&base, format, &number);
        let services = seen["services"].as_array().unwrap_or_else(|| panic!("{format}: {seen}"));
        assert_eq!(services.len(), 4, "{format}");
        assert!(seen["definition"].to_string().contains("anonymous"), "{format}: {}", seen["definition"]);
        assert!(seen["requests"].to_string().contains(&number), "{format}: {}", seen["requests"]);
        assert!(seen["one"].to_string().contains(&number), "{format}: {}", seen["one"]);
    }

    // A revoked key files nothing.
    let key_id: i64 = sqlx::query_scalar("SELECT id FROM open311_keys").fetch_one(&portal.db.pool).await.unwrap();
    let revoked = post_form(addr, "/staff/admin", Some(&admin), &[("csrf", &csrf), ("action", "revoke_api_key"), ("key_id", &key_id.to_string())]).await;
    assert!(location(&revoked).starts_with("/staff/admin?ok="), "{}", location(&revoked));
    assert_eq!(post_tip(addr, "json", &with_key).await.status, 403);
}
