//! Policy alerts end to end, with a real SMTP server: a bad form is refused and stores
//! nothing; a subscription is confirmed by the mailed link before anything else is sent;
//! an import that adds or changes policies applicable to the profile and holding the
//! words gives one mail, with List-Unsubscribe (one-click); an unchanged re-import gives
//! none; a daily digest mails once a day; one-click unsubscribe stops it; a forged token
//! opens nothing.

use std::time::Duration;

use qingdan::platform::sheet;
use qingdan::state::AppState;
use sqlx::Row as _;

use crate::common::{self, csv_bytes, good_row, set, TestDb, FULL_HEADER};
use crate::smtp::SmtpServer;
use crate::support;

on_both_engines!(alerts_are_confirmed_then_sent_once);

async fn kinds(portal: &AppState) -> Vec<(String, i64)> {
    sqlx::query("SELECT kind, COUNT(*) FROM mail_outbox GROUP BY kind ORDER BY kind")
        .fetch_all(&portal.db.pool)
        .await
        .unwrap()
        .iter()
        .map(|r| (r.get::<String, _>(0), r.get::<i64, _>(1)))
        .collect()
}

fn count(kinds: &[(String, i64)], kind: &str) -> i64 {
    kinds.iter().find(|(k, _)| k == kind).map_or(0, |(_, n)| *n)
}

fn token_in(body: &str) -> String {
    let at = body.find("token=").expect("a link with a token") + 6;
    body[at..].chars().take_while(|c| c.is_ascii_hexdigit()).collect()
}

async fn import(portal: &AppState, rows: &[common::Row]) {
    let sheet = sheet::read_csv(&csv_bytes(FULL_HEADER, rows)).expect("csv");
    portal.policies.import_sheet(&sheet).await.expect("import");
}

async fn alerts_are_confirmed_then_sent_once(db: &TestDb) {
    let server = SmtpServer::start_any(&db.data_dir().join("smtp"));
    let mut config = db.config(false);
    config.smtp_url = Some(server.url());
    let portal = AppState::start(&config).await.expect("portal");
    let manufacturing = good_row("AL-1");
    let building = set(set(good_row("AL-2"), "适用行业", "建筑业"), "政策名称", "测试建筑业研发补助");
    import(&portal, &[manufacturing.clone(), building.clone()]).await;
    let site_root = db.data_dir().join("site");
    std::fs::create_dir_all(&site_root).unwrap();
    let addr = common::serve(portal.clone(), site_root).await;

    // Every problem at once, the form refilled but for the address, nothing stored.
    let bad = support::post_form(addr, "/alerts", None, &[("email", "不是邮箱"), ("q", "研发"), ("industry", "不存在的行业"), ("frequency", "hourly")]).await;
    let to = support::location(&bad);
    assert!(to.starts_with("/alerts?error="), "{to}");
    let message = app::url::parse_pairs(to.split_once('?').unwrap().1).unwrap();
    let error = &message.iter().find(|(k, _)| k == "error").unwrap().1;
    assert_eq!(error.lines().count(), 3, "{error}");
    assert!(message.iter().any(|(k, v)| k == "q" && v == "研发"));
    assert!(!to.contains("email"));
    assert_eq!(support::count(&portal, "alert_subscriptions").await, 0);
    // A display name is not an address; a forged Host cannot carry the links elsewhere.
    let named = support::post_form(addr, "/alerts", None, &[("email", "Someone <qy@example.com>")]).await;
    assert!(support::location(&named).contains("error="));
    let form = qingdan::alerts::service::AlertForm { email: "qy@example.com".into(), ..Default::default() };
    let forged = portal.alerts.subscribe(&form, "203.0.113.9", "http://evil.example").await.expect_err("links to another host");
    assert_eq!(forged.status(), 503);
    assert!(forged.message().contains("QINGDAN_PUBLIC_URL"));
    assert_eq!(support::count(&portal, "alert_subscriptions").await, 0);

    let ok = support::post_form(addr, "/alerts", None, &[("email", "qy@example.com"), ("q", "研发 补助"), ("industry", "制造业"), ("frequency", "now")]).await;
    assert!(support::location(&ok).starts_with("/alerts?ok="));
    let daily = support::post_form(addr, "/alerts", None, &[("email", "daily@example.com"), ("frequency", "daily")]).await;
    assert!(support::location(&daily).starts_with("/alerts?ok="));
    assert!(common::eventually(Duration::from_secs(30), || server.received().len() == 2).await, "two confirmation mails");
    let confirmations = server.received();
    let mail_to = |who: &str| confirmations.iter().find(|m| m.rcpt_tos.iter().any(|r| r == who)).unwrap_or_else(|| panic!("a mail to {who}"));
    let first = mail_to("qy@example.com");
    assert!(first.subject.contains("请确认订阅"));
    let token = token_in(&first.body);
    let daily_token = token_in(&mail_to("daily@example.com").body);
    let raw = String::from_utf8_lossy(&first.raw).to_string();
    assert!(raw.contains(&format!("List-Unsubscribe: <http://127.0.0.1:{}/alerts/unsubscribe?token={token}>", addr.port())), "{raw}");
    assert!(raw.contains("List-Unsubscribe-Post: List-Unsubscribe=One-Click"));

    // Unconfirmed: a change sends nothing.
    import(&portal, &[set(manufacturing.clone(), "申报时间", "每年5月"), building.clone()]).await;
    portal.alerts.worker().run_once(&qingdan::platform::clock::now()).await.unwrap();
    assert_eq!(count(&kinds(&portal).await, "policy_alert"), 0, "no alert to an unconfirmed address");

    let page = common::get(addr, &format!("/alerts/manage?token={token}")).await;
    assert_eq!(page.status, 200);
    assert!(page.text().contains("尚未确认") && !page.text().contains("qy@example.com"));
    for t in [&token, &daily_token] {
        let confirmed = support::post_form(addr, "/alerts/confirm", None, &[("token", t)]).await;
        assert!(support::location(&confirmed).contains("ok="), "{}", support::location(&confirmed));
    }
    assert!(common::get(addr, &format!("/alerts/manage?token={token}")).await.text().contains("已生效"));

    // One import: AL-1 changed (applies), AL-2 changed (another industry), AL-3 new (applies).
    let changed = set(manufacturing.clone(), "政策内容", "对年度研发投入增长的企业给予资金补助，单个企业最高30万元。");
    let building2 = set(building.clone(), "申报时间", "每年6月");
    let third = set(good_row("AL-3"), "政策名称", "测试技术改造研发补助");
    import(&portal, &[changed.clone(), building2.clone(), third.clone()]).await;
    // Two workers at once, as on two nodes, then one more pass.
    let now = qingdan::platform::clock::now();
    let (a, b) = (portal.alerts.worker(), portal.alerts.worker());
    let (ra, rb) = tokio::join!(a.run_once(&now), b.run_once(&now));
    ra.unwrap();
    rb.unwrap();
    portal.alerts.worker().run_once(&now).await.unwrap();
    assert_eq!(count(&kinds(&portal).await, "policy_alert"), 2, "one mail each, however many workers run");
    assert!(common::eventually(Duration::from_secs(30), || server.received().len() == 4).await);
    let alerts: Vec<_> = server.received().into_iter().filter(|m| m.subject.contains("惠企政策提醒：")).collect();
    let to_qy = alerts.iter().find(|m| m.rcpt_tos.iter().any(|r| r == "qy@example.com")).expect("the alert");
    assert!(to_qy.subject.contains("2 项"), "{}", to_qy.subject);
    assert!(to_qy.body.contains("AL-1") && to_qy.body.contains("AL-3") && !to_qy.body.contains("AL-2"), "{}", to_qy.body);
    assert!(String::from_utf8_lossy(&to_qy.raw).contains("List-Unsubscribe-Post: List-Unsubscribe=One-Click"));
    let to_daily = alerts.iter().find(|m| m.rcpt_tos.iter().any(|r| r == "daily@example.com")).expect("the digest");
    assert!(to_daily.subject.contains("3 项"), "no query, no profile: every change");

    // The same file again: nothing changed, nothing sent.
    import(&portal, &[changed.clone(), building2.clone(), third.clone()]).await;
    portal.alerts.worker().run_once(&qingdan::platform::clock::now()).await.unwrap();
    assert_eq!(count(&kinds(&portal).await, "policy_alert"), 2);

    // The digest has mailed today: the next change waits for tomorrow; the other one goes now.
    import(&portal, &[set(changed.clone(), "申报时间", "每年7月"), building2.clone(), third.clone()]).await;
    let now = qingdan::platform::clock::now();
    portal.alerts.worker().run_once(&now).await.unwrap();
    assert_eq!(count(&kinds(&portal).await, "policy_alert"), 3, "only the immediate subscriber");
    let tomorrow = format!("{} 08:00:00", support::today_plus(1));
    portal.alerts.worker().run_once(&tomorrow).await.unwrap();
    assert_eq!(count(&kinds(&portal).await, "policy_alert"), 4, "the digest, the next day");

    // One-click unsubscribe, as a mail program does it; then nothing more.
    let one_click = common::request(addr, "POST", &format!("/alerts/unsubscribe?token={token}"), &[("content-type", "application/x-www-form-urlencoded".into())], b"List-Unsubscribe=One-Click".to_vec()).await;
    assert_eq!(one_click.status, 200, "{}", one_click.text());
    assert!(common::get(addr, &format!("/alerts/manage?token={token}")).await.text().contains("已退订"));
    import(&portal, &[set(changed, "申报时间", "每年8月"), building2, third]).await;
    portal.alerts.worker().run_once(&qingdan::platform::clock::now()).await.unwrap();
    assert_eq!(count(&kinds(&portal).await, "policy_alert"), 4, "nothing after unsubscribing (the digest waits for tomorrow)");

    // A forged or unknown token opens nothing.
    let forged = "0".repeat(64);
    assert!(common::get(addr, &format!("/alerts/manage?token={forged}")).await.text().contains("链接无效"));
    let forged_click = common::request(addr, "POST", &format!("/alerts/unsubscribe?token={forged}"), &[], b"List-Unsubscribe=One-Click".to_vec()).await;
    assert_eq!(forged_click.status, 404);
}
