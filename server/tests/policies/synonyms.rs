//! Synonyms from the admin desk (`/staff/admin`), over HTTP: only an administrator with
//! a valid form adds or deletes a group, each change is logged, and search uses it at
//! once on this node and within seconds on another, without a reindex.

use std::time::Duration;

use app::complaints::model::Role;
use qingdan::state::AppState;
use sqlx::Row as _;

use crate::common::{self, all_hits, codes, q, TestDb};
use crate::ranking::{portal_with, row};
use crate::support::{self, body_text, get_with_cookie, location, login_cookie, post_form};

const ADMIN_PAGE: &str = "/staff/admin";

on_both_engines!(synonyms_from_the_admin_desk);

fn find(portal: &AppState, query: &str) -> Vec<String> {
    codes(&all_hits(&portal.policies.index, &q(query)))
}

async fn synonym_rows(portal: &AppState) -> i64 {
    support::count(portal, "search_synonyms").await
}

async fn log_actions(portal: &AppState) -> Vec<String> {
    sqlx::query("SELECT action FROM admin_log ORDER BY id")
        .fetch_all(&portal.db.pool)
        .await
        .unwrap()
        .iter()
        .map(|r| r.get::<String, _>(0))
        .collect()
}

async fn synonyms_from_the_admin_desk(db: &TestDb) {
    let portal = portal_with(
        db,
        &[
            row("S-1", "海洋碳汇项目奖励", "支持海洋碳汇项目。", ("区测发〔2024〕51号", "有效"), "2024-01-15", ""),
            row("S-2", "蓝碳交易补贴", "支持蓝碳交易。", ("区测发〔2024〕52号", "有效"), "2024-01-15", ""),
            row("S-3", "高新技术企业认定奖励", "对认定企业给予奖励。", ("区测发〔2024〕53号", "有效"), "2024-01-15", ""),
        ],
    )
    .await;
    support::user(&portal, "admin", Role::Admin, None, None).await;
    support::user(&portal, "jw", Role::Commission, None, None).await;
    support::user(&portal, "swj", Role::Unit, Some(support::COMMERCE), None).await;
    let node_b_dir = tempfile::tempdir().unwrap();
    // Nodes share the database and its key (README: several nodes).
    let node_b_config = qingdan::config::Config { key_file: Some(db.config(false).key_file()), ..common::config_for(node_b_dir.path().to_path_buf(), &db.url, false) };
    let node_b = AppState::start(&node_b_config).await.expect("node B");
    let site_root = db.data_dir().join("site");
    std::fs::create_dir_all(&site_root).unwrap();
    let addr = support::serve(portal.clone(), site_root).await;

    // The seeded groups work out of the box: 高企 is 高新技术企业.
    assert_eq!(find(&portal, "高企"), vec!["S-3"]);
    assert_eq!(find(&portal, "蓝碳"), vec!["S-2"]);
    assert_eq!(find(&portal, "海洋碳汇"), vec!["S-1"]);
    let seeded = synonym_rows(&portal).await;
    assert!(seeded >= 12, "migration 0006 seeds the groups: {seeded}");

    let admin = login_cookie(addr, "admin", support::PASSWORD, ADMIN_PAGE).await;
    let page = body_text(&get_with_cookie(addr, ADMIN_PAGE, &admin).await);
    let csrf = support::hidden_input(&page, "csrf").expect("csrf on the admin page");
    assert!(page.contains("id=\"synonyms\"") && page.contains("研发、研究开发"), "the desk lists the groups");
    let add = |csrf: &str| vec![("csrf".to_string(), csrf.to_string()), ("action".into(), "add_synonyms".into()), ("words".into(), "蓝碳、海洋碳汇".into())];
    let post = |cookie: String, pairs: Vec<(String, String)>| async move {
        let pairs: Vec<(&str, &str)> = pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        post_form(addr, ADMIN_PAGE, Some(&cookie), &pairs).await
    };

    // Refused: a forged or missing token, a commission account, a unit account, and
    // words that are not a group. Nothing is written.
    for forged in ["forged", ""] {
        assert_eq!(post(admin.clone(), add(forged)).await.status, 403, "csrf {forged:?}");
    }
    for (user, home) in [("jw", "/staff"), ("swj", "/staff")] {
        let cookie = login_cookie(addr, user, support::PASSWORD, home).await;
        let their_csrf = support::hidden_input(&body_text(&get_with_cookie(addr, home, &cookie).await), "csrf").expect("csrf");
        let response = post(cookie.clone(), add(&their_csrf)).await;
        assert_eq!(response.status, 303, "{user}: {response:?}");
        assert!(location(&response).starts_with("/staff?error="), "{user}: {}", location(&response));
    }
    let single = vec![("csrf".to_string(), csrf.clone()), ("action".into(), "add_synonyms".into()), ("words".into(), "蓝碳".into())];
    let response = post(admin.clone(), single).await;
    assert!(location(&response).starts_with("/staff/admin?error="), "{}", location(&response));
    assert_eq!(synonym_rows(&portal).await, seeded, "refused forms add nothing");
    assert!(log_actions(&portal).await.is_empty());
    assert_eq!(find(&portal, "蓝碳"), vec!["S-2"]);

    // Added by the administrator: found at once here, soon on node B, no reindex.
    let reindexes_before = reindex_requests(&portal).await;
    let response = post(admin.clone(), add(&csrf)).await;
    assert_eq!(response.status, 303);
    assert!(location(&response).starts_with("/staff/admin?ok="), "{}", location(&response));
    assert_eq!(synonym_rows(&portal).await, seeded + 1);
    assert_eq!(log_actions(&portal).await, vec!["add_synonyms"]);
    assert_eq!(find(&portal, "蓝碳"), vec!["S-1", "S-2"]);
    assert_eq!(find(&portal, "海洋碳汇"), vec!["S-1", "S-2"]);
    let seen = common::eventually(Duration::from_secs(5), || find(&node_b, "蓝碳") == vec!["S-1", "S-2"]).await;
    assert!(seen, "node B did not see the new group within 5 s");
    assert_eq!(reindex_requests(&portal).await, reindexes_before, "no reindex was asked for");
    let hit = portal.policies.index.search(&q("蓝碳"), &common::today(), common::year()).unwrap();
    let s1 = hit.hits.iter().find(|h| h.code == "S-1").unwrap();
    assert!(s1.snippet.iter().any(|p| p.hit && p.text.contains("海洋碳汇")), "the synonym is marked: {:?}", s1.snippet);

    // Listed on the desk; deleted by the administrator: gone here and on node B.
    let page = body_text(&get_with_cookie(addr, ADMIN_PAGE, &admin).await);
    assert!(page.contains("蓝碳、海洋碳汇"), "the new group is listed");
    let id: i64 = sqlx::query("SELECT id FROM search_synonyms WHERE words LIKE '%蓝碳%'")
        .fetch_one(&portal.db.pool)
        .await
        .unwrap()
        .get(0);
    assert!(page.contains(&format!("data-synonyms=\"{id}\"")));
    let delete = vec![("csrf".to_string(), csrf.clone()), ("action".into(), "delete_synonyms".into()), ("group_id".into(), id.to_string())];
    let response = post(admin.clone(), delete.clone()).await;
    assert!(location(&response).starts_with("/staff/admin?ok="), "{}", location(&response));
    assert_eq!(log_actions(&portal).await, vec!["add_synonyms", "delete_synonyms"]);
    assert_eq!(synonym_rows(&portal).await, seeded);
    assert_eq!(find(&portal, "蓝碳"), vec!["S-2"]);
    let gone = common::eventually(Duration::from_secs(5), || find(&node_b, "蓝碳") == vec!["S-2"]).await;
    assert!(gone, "node B still uses the deleted group after 5 s");
    // Deleting it again is refused.
    let response = post(admin.clone(), delete).await;
    assert!(location(&response).starts_with("/staff/admin?error="), "{}", location(&response));
}

async fn reindex_requests(portal: &AppState) -> i64 {
    sqlx::query("SELECT COUNT(*) FROM change_feed WHERE entity = 'reindex'").fetch_one(&portal.db.pool).await.unwrap().get(0)
}
