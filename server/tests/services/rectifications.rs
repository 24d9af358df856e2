//! Who may see and answer a rectification: the delivering unit answers its own; another
//! unit neither sees nor answers it; the commission sees every one but answers none; an
//! administrator has no such page; a forged form does nothing.

use app::complaints::model::Role;

use crate::common::{self, TestDb};
use crate::support::{self, PASSWORD};

on_both_engines!(only_the_delivering_unit_answers_its_rectification);

async fn only_the_delivering_unit_answers_its_rectification(db: &TestDb) {
    let portal = db.portal(true).await;
    let site_root = db.data_dir().join("site");
    std::fs::create_dir_all(&site_root).unwrap();
    let addr = common::serve(portal.clone(), site_root).await;
    support::user(&portal, "wjj", Role::Unit, Some("区卫生健康局"), None).await;
    support::user(&portal, "swj", Role::Unit, Some("区商务局"), None).await;
    support::user(&portal, "jw", Role::Commission, None, None).await;
    support::user(&portal, "root", Role::Admin, None, None).await;
    portal.services.ratings.rate("MS01001", "不满意", "等了两个小时", "198.51.100.20").await.expect("a poor rating");
    let id = portal.services.ratings.queue(Some("区卫生健康局")).await.unwrap()[0].id;
    let state = |portal: std::sync::Arc<qingdan::state::AppState>| async move {
        let all = portal.services.ratings.queue(None).await.unwrap();
        all.iter().find(|r| r.id == id).map(|r| r.state.clone()).unwrap()
    };

    // The unit that delivers the service sees it; another unit sees nothing.
    let wjj = support::login_cookie(addr, "wjj", PASSWORD, "/staff").await;
    let page = support::get_with_cookie(addr, "/staff/rectifications", &wjj).await.text();
    assert!(page.contains("出生医学证明首次签发") && page.contains("等了两个小时"), "the unit sees its rectification");
    let wjj_csrf = support::hidden_input(&page, "csrf").expect("a CSRF token");
    let swj = support::login_cookie(addr, "swj", PASSWORD, "/staff").await;
    let page = support::get_with_cookie(addr, "/staff/rectifications", &swj).await.text();
    assert!(page.contains("暂无整改事项") && !page.contains("等了两个小时"), "another unit sees it");
    let swj_csrf = support::hidden_input(&page, "csrf").expect("a CSRF token");

    // Another unit cannot answer it, even with its own valid session and token.
    let path = format!("/staff/rectifications/{id}");
    let r = support::post_form(addr, &path, Some(&swj), &[("csrf", &swj_csrf), ("reply", "已整改")]).await;
    assert_eq!(r.status, 303);
    assert!(support::location(&r).contains("error="), "{r:?}");
    assert_eq!(state(portal.clone()).await, "open");

    // The commission sees every unit's, but answers none.
    let jw = support::login_cookie(addr, "jw", PASSWORD, "/staff").await;
    let page = support::get_with_cookie(addr, "/staff/rectifications", &jw).await.text();
    assert!(page.contains("等了两个小时") && !page.contains("提交整改答复"), "the commission supervises without answering");
    let jw_csrf = support::hidden_input(&page, "csrf").unwrap();
    let r = support::post_form(addr, &path, Some(&jw), &[("csrf", &jw_csrf), ("reply", "已整改")]).await;
    assert!(support::location(&r).contains("error="));
    assert_eq!(state(portal.clone()).await, "open");

    // An administrator has no such page.
    let root = support::login_cookie(addr, "root", PASSWORD, "/staff/admin").await;
    let page = support::get_with_cookie(addr, "/staff/rectifications", &root).await.text();
    assert!(!page.contains("等了两个小时"));

    // A forged token and no session do nothing.
    let r = support::post_form(addr, &path, Some(&wjj), &[("csrf", "forged"), ("reply", "已整改")]).await;
    assert_eq!(r.status, 403);
    let r = support::post_form(addr, &path, None, &[("csrf", &wjj_csrf), ("reply", "已整改")]).await;
    assert!(support::location(&r).starts_with("/staff/login"));
    assert_eq!(state(portal.clone()).await, "open");

    // The unit answers; the item closes with the answer.
    let r = support::post_form(addr, &path, Some(&wjj), &[("csrf", &wjj_csrf), ("reply", "已增派窗口人员，高峰期开放预约")]).await;
    assert!(support::location(&r).contains("ok="), "{r:?}");
    assert_eq!(state(portal.clone()).await, "done");
    let page = support::get_with_cookie(addr, "/staff/rectifications", &wjj).await.text();
    assert!(page.contains("已增派窗口人员") && !page.contains("提交整改答复"));
    let r = support::post_form(addr, &path, Some(&wjj), &[("csrf", &wjj_csrf), ("reply", "再答一次")]).await;
    assert!(support::location(&r).contains("error="), "a closed item is not answered twice");
}
