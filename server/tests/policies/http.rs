//! The JSON API and the server-rendered pages over real HTTP, on the sample list.

use std::net::SocketAddr;
use std::sync::Arc;

use qingdan::state::AppState;
use serde_json::Value;

use crate::common::{self, encode, get, html_escape, TestDb};

/// The portal with the sample list behind a real listener; the site root has no wasm
/// bundle (the API and pages must work without it).
async fn server() -> (TestDb, Arc<AppState>, SocketAddr) {
    let db = common::sqlite();
    let portal = db.portal(true).await;
    let site_root = db.data_dir().join("site");
    std::fs::create_dir_all(&site_root).unwrap();
    let addr = common::serve(portal.clone(), site_root).await;
    (db, portal, addr)
}

fn assert_json_error(response: &common::HttpResponse, status: u16, what: &str) {
    assert_eq!(response.status, status, "{what}: {}", String::from_utf8_lossy(&response.body));
    response.assert_json_error_body(what);
}

fn str_field<'a>(value: &'a Value, path: &[&str]) -> &'a str {
    let mut v = value;
    for key in path {
        v = &v[*key];
    }
    v.as_str().unwrap_or_else(|| panic!("{path:?} is not a string in {value}"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn json_search() {
    let (_db, _portal, addr) = server().await;

    let r = get(addr, &format!("/api/v1/policies?q={}&limit=5", encode("补贴"))).await;
    assert_eq!(r.status, 200, "{}", r.text());
    assert!(r.header("content-type").is_some_and(|c| c.starts_with("application/json")));
    let body = r.json();
    let total = body["total"].as_u64().expect("total");
    assert!(total > 5, "补贴 is all over the sample: {total}");
    let hits = body["hits"].as_array().expect("hits");
    assert_eq!(hits.len(), 5, "limit=5");
    for hit in hits {
        assert!(!str_field(hit, &["code"]).is_empty());
        assert!(!str_field(hit, &["title"]).is_empty());
        assert!(!str_field(hit, &["document", "title"]).is_empty());
        assert!(!str_field(hit, &["document", "number"]).is_empty());
        assert!(!str_field(hit, &["issuing_unit"]).is_empty());
        assert!(!str_field(hit, &["executing_unit"]).is_empty());
        assert!(!str_field(hit, &["interpreter", "name"]).is_empty());
        let phone = str_field(hit, &["interpreter", "phone"]);
        assert!(phone.chars().filter(|c| c.is_ascii_digit()).count() >= 5, "{phone}");
        assert!(!str_field(hit, &["category"]).is_empty());
        assert!(hit["in_force"].is_boolean());
        assert!(hit["snippet"].is_string());
        assert!(hit["applicable"].is_null(), "no profile, no verdict: {hit}");
        assert!(hit["reasons"].as_array().expect("reasons").is_empty());
    }
    assert!(
        hits.iter().any(|h| str_field(h, &["snippet"]).contains("<mark>补贴</mark>")),
        "snippets mark the word"
    );
    let facets = &body["facets"];
    for facet in ["category", "support_type", "issuing_unit", "executing_unit", "in_force"] {
        let values = facets[facet].as_array().unwrap_or_else(|| panic!("facet {facet} in {facets}"));
        let sum: u64 = values.iter().map(|v| v["count"].as_u64().unwrap()).sum();
        assert_eq!(sum, total, "facet {facet} adds up to the total");
        assert!(values.iter().all(|v| v["value"].is_string()));
    }

    // With a profile field every hit has a verdict and its reasons.
    let r = get(addr, &format!("/api/v1/policies?q={}&industry={}&limit=50", encode("补贴"), encode("制造业"))).await;
    assert_eq!(r.status, 200, "{}", r.text());
    let body = r.json();
    let hits = body["hits"].as_array().unwrap();
    assert!(!hits.is_empty());
    for hit in hits {
        assert!(hit["applicable"].is_boolean() || hit["applicable"].is_null(), "{hit}");
        let reasons = hit["reasons"].as_array().unwrap();
        assert!(!reasons.is_empty(), "{} has no reasons", hit["code"]);
        assert!(reasons.iter().all(|r| r.as_str().is_some_and(|t| !t.is_empty())));
        if hit["in_force"] == Value::Bool(false) {
            assert_eq!(hit["applicable"], Value::Bool(false), "an expired policy is never applicable: {hit}");
        }
    }

    // An empty query lists everything, newest first; in_force=true leaves out the old.
    let all = get(addr, "/api/v1/policies?limit=100").await.json();
    let in_force = get(addr, "/api/v1/policies?in_force=true&limit=100").await.json();
    assert!(in_force["total"].as_u64().unwrap() < all["total"].as_u64().unwrap());
    assert!(in_force["hits"].as_array().unwrap().iter().all(|h| h["in_force"] == Value::Bool(true)));
    let category = get(addr, &format!("/api/v1/policies?category={}", encode("科技创新"))).await.json();
    let tech = all["facets"]["category"]
        .as_array()
        .unwrap()
        .iter()
        .find(|v| v["value"] == "科技创新")
        .map(|v| v["count"].as_u64().unwrap())
        .unwrap();
    assert_eq!(category["total"].as_u64().unwrap(), tech);

    // Bad input is a 400 with a JSON error, never a 500.
    let long = format!("/api/v1/policies?q={}", encode(&"税".repeat(5000)));
    assert_json_error(&get(addr, &long).await, 400, "5000-character query");
    assert_json_error(&get(addr, "/api/v1/policies?limit=1000").await, 400, "limit=1000");
    assert_json_error(&get(addr, "/api/v1/policies?limit=0").await, 400, "limit=0");
    assert_json_error(&get(addr, "/api/v1/policies?q=%FF%FE").await, 400, "broken UTF-8");
    assert_json_error(&get(addr, "/api/v1/policies?founded=abc").await, 400, "founded=abc");
    assert_json_error(&get(addr, "/api/v1/policies?in_force=maybe").await, 400, "in_force=maybe");
    for hostile in ["%22", "title%3A(", "AND+OR", "%3Cscript%3Ealert(1)%3C%2Fscript%3E"] {
        let r = get(addr, &format!("/api/v1/policies?q={hostile}")).await;
        assert_eq!(r.status, 200, "q={hostile}: {}", r.text());
        assert!(r.json()["total"].is_u64());
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn json_policy_detail() {
    let (_db, portal, addr) = server().await;
    let hit = portal.policies.index.search(&common::q("贴息"), &common::today(), common::year()).unwrap().hits.remove(0);

    let r = get(addr, &format!("/api/v1/policies/{}", encode(&hit.code))).await;
    assert_eq!(r.status, 200, "{}", r.text());
    let body = r.json();
    assert_eq!(str_field(&body, &["code"]), hit.code);
    assert_eq!(str_field(&body, &["title"]), hit.title);
    assert_eq!(str_field(&body, &["interpreter", "name"]), hit.interpreter.name);
    assert_eq!(str_field(&body, &["interpreter", "phone"]), hit.interpreter.phone);
    assert_eq!(str_field(&body, &["document", "number"]), hit.document.number);
    assert!(str_field(&body, &["content"]).contains("贴息"));
    assert!(body["conditions"].is_object());
    let history = body["history"].as_array().expect("history");
    assert!(history.iter().any(|h| h["kind"] == "发布"), "{history:?}");
    assert!(body["applicable"].is_null());

    let r = get(addr, &format!("/api/v1/policies/{}?industry={}", encode(&hit.code), encode("制造业"))).await;
    assert_eq!(r.status, 200);
    let body = r.json();
    assert!(body["applicable"].is_boolean() || body["applicable"].is_null());
    assert!(!body["reasons"].as_array().unwrap().is_empty());

    assert_json_error(&get(addr, "/api/v1/policies/NO-SUCH").await, 404, "unknown code");
    assert_json_error(&get(addr, "/api/v1/policies/%FF%FE").await, 400, "broken UTF-8 code");
    assert_json_error(&get(addr, &format!("/api/v1/policies/{}?founded=1", encode(&hit.code))).await, 400, "founded=1");
    assert_json_error(&get(addr, "/api/v1/no-such-endpoint").await, 404, "unknown endpoint");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn html_pages() {
    let (_db, portal, addr) = server().await;
    let hits = portal.policies.index.search(&common::q("补贴"), &common::today(), common::year()).unwrap().hits;
    let hit = hits.iter().find(|h| !h.title.contains(['&', '<', '>', '"'])).expect("a plain title").clone();

    for query in ["%22", "title%3A(", "%3Cscript%3Ealert(1)%3C%2Fscript%3E", "AND+OR"] {
        let r = get(addr, &format!("/search?q={query}")).await;
        assert_eq!(r.status, 200, "/search?q={query}");
        assert!(r.header("content-type").is_some_and(|c| c.starts_with("text/html")));
        let html = r.text();
        assert!(html.contains("政策查询"), "/search?q={query} renders the search page");
        assert!(!html.contains("<script>alert(1)</script>"), "the query is escaped");
    }

    let r = get(addr, &format!("/search?q={}", encode("补贴"))).await;
    assert_eq!(r.status, 200);
    let html = r.text();
    assert!(html.contains(&html_escape(&hits[0].title)), "the search page lists {}", hits[0].title);
    assert!(html.contains("tel:"), "hits carry a phone link");

    let r = get(addr, &format!("/policy/{}", encode(&hit.code))).await;
    assert_eq!(r.status, 200);
    let html = r.text();
    assert!(html.contains(&html_escape(&hit.title)), "the policy page shows its title");
    let tel = format!("tel:{}", hit.interpreter.phone.replace([' ', '-'], ""));
    assert!(html.contains(&tel), "the policy page links {tel}");
    assert!(html.contains(&hit.interpreter.name));
    // "更新于" is the policy's last real change (its history), not the day the sample
    // list was loaded.
    let detail = app::policies::backend::PolicyBackend::policy(&*portal.policies, &hit.code).await.expect("the policy");
    let last = detail.history.iter().map(|r| r.date.clone()).max().expect("a history");
    assert!(last < common::today(), "the samples were published before today: {last}");
    assert_eq!(detail.updated_at, last);
    let shown = html.replace("<!>", "").replace("<!---->", "");
    assert!(shown.contains(&format!("本条信息更新于 {last}")), "the page shows {last}");

    let r = get(addr, "/policy/NO-SUCH").await;
    assert_eq!(r.status, 404, "an unknown policy page is a 404");
    assert!(r.text().contains("未找到"));

    let r = get(addr, "/no/such/page").await;
    assert_eq!(r.status, 404);

    let r = get(addr, "/healthz").await;
    assert_eq!((r.status, r.json()["status"].as_str()), (200, Some("ok")), "{}", r.text());
    let r = get(addr, "/").await;
    assert_eq!(r.status, 200);
    assert_eq!(r.header("x-content-type-options"), Some("nosniff"));
}

/// The islands a page asks the browser to hydrate, by name (`HydrationMark_123…` → `HydrationMark`).
fn islands_of(html: &str) -> Vec<String> {
    html.split("<leptos-island data-component=\"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .map(|id| id.rsplit_once('_').map_or(id, |(name, _)| name).to_string())
        .collect()
}

/// Islands: the browser hydrates only the few interactive parts, and no page carries a
/// second copy of the data it shows for a hydrating browser to read back.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pages_hydrate_only_their_islands_and_carry_no_data_twice() {
    let (_db, portal, addr) = server().await;
    let code = portal.policies.index.search(&common::q("补贴"), &common::today(), common::year()).unwrap().hits[0].code.clone();
    let pages: [(String, &[&str]); 8] = [
        ("/".into(), &["HydrationMark"]),
        (format!("/search?q={}", encode("补贴")), &["HydrationMark", "ProfileMemory"]),
        (format!("/policy/{}", encode(&code)), &["HydrationMark"]),
        ("/report".into(), &["HydrationMark", "IdentityFields"]),
        (format!("/report?error={}", encode("请填写内容\n请选择")), &["HydrationMark", "FocusErrorSummary", "IdentityFields"]),
        ("/track".into(), &["HydrationMark"]),
        ("/en/services".into(), &["HydrationMark"]),
        ("/staff/login".into(), &["HydrationMark"]),
    ];
    for (path, expected) in pages {
        let r = get(addr, &path).await;
        assert_eq!(r.status, 200, "{path}");
        let html = r.text();
        assert_eq!(islands_of(&html), expected, "the islands of {path}");
        assert!(html.contains("__RESOLVED_RESOURCES=[]"), "{path} carries no resource data for the browser");
    }
    // The search page's results are in it once, as HTML: not again as data.
    let r = get(addr, &format!("/search?q={}", encode("补贴"))).await;
    let html = r.text();
    let phone = portal.policies.index.search(&common::q("补贴"), &common::today(), common::year()).unwrap().hits[0].interpreter.phone.clone();
    assert!(html.contains(&phone), "the first hit's phone is on the page");
    assert!(!html.contains("\"interpreter\""), "no hit is written into the page as JSON");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn listing_defaults_newest_first_and_json_405() {
    let (_db, portal, addr) = server().await;

    let r = get(addr, "/api/v1/policies").await;
    assert_eq!(r.status, 200, "{}", r.text());
    let body = r.json();
    let total = body["total"].as_u64().expect("total");
    assert_eq!(total, portal.policies.store.policy_count().await.unwrap() as u64, "no q and no filter lists every policy");
    assert_eq!(body["hits"].as_array().expect("hits").len(), 20, "limit defaults to 20");

    let mut dates = Vec::new();
    for offset in (0..total).step_by(100) {
        let page = get(addr, &format!("/api/v1/policies?limit=100&offset={offset}&versions=all")).await.json();
        for hit in page["hits"].as_array().expect("hits") {
            dates.push((hit["in_force"].as_bool().expect("in_force"), str_field(hit, &["valid_from"]).to_string()));
        }
    }
    assert_eq!(dates.len() as u64, total, "with versions=all, paging reaches every policy once");
    assert!(dates.windows(2).all(|w| w[0].0 || !w[1].0), "an empty q lists policies in force first");
    let in_force: Vec<&String> = dates.iter().filter(|d| d.0).map(|d| &d.1).collect();
    assert!(in_force.windows(2).all(|w| w[0] >= w[1]), "an empty q lists newest first among those in force");
    assert_ne!(dates.first(), dates.last(), "the sample spans several dates");

    for (method, path) in [("POST", "/api/v1/policies"), ("DELETE", "/api/v1/policies/ZC-2017-001"), ("PUT", "/api/v1/policies")] {
        let r = common::send(addr, method, path).await;
        assert_json_error(&r, 405, &format!("{method} {path}"));
        assert_eq!(r.header("allow"), Some("GET"), "{method} {path}");
    }
}
