//! Floods: named tips and reporter messages are limited too, a case holds a bounded
//! number of files, no evidence is taken when the disk is nearly full, a text field is
//! capped while it is read, and refused forms' drafts are bounded.

use app::complaints::model::{Action, NewTip};

use crate::common::{self, TestDb};
use crate::process::{wait_healthy, ServerProcess};
use crate::support;

on_both_engines!(named_tips_and_messages_are_limited);

async fn named_tips_and_messages_are_limited(db: &TestDb) {
    let portal = db.portal(false).await;
    let c = &portal.complaints;
    let limits = c.limits.clone();
    // Named tips from one client: the per-client limit holds; another client goes on.
    let named = |i: u32| NewTip { name: format!("实名{i}"), ..support::named_tip(&format!("第{i}条实名反映：窗口要求重复提交材料")) };
    let mut first = None;
    for i in 0..limits.tips_per_client {
        let r = c.submit(named(i), vec![], "online", None, "203.0.113.50").await.unwrap_or_else(|e| panic!("tip {i}: {e:?}"));
        first.get_or_insert(r);
    }
    let e = c.submit(named(99), vec![], "online", None, "203.0.113.50").await.expect_err("over the limit");
    assert_eq!(e.status(), 429);
    assert!(c.submit(named(100), vec![], "online", None, "203.0.113.51").await.is_ok());
    let first = first.unwrap();

    // Reporter messages on one case: limited per case, whatever the client.
    for i in 0..limits.messages_per_case {
        let client = format!("203.0.113.{}", 100 + i);
        c.reporter_action(&first.receipt, &client, Action::ReporterMessage { text: format!("补充说明{i}") }, vec![]).await.unwrap_or_else(|e| panic!("message {i}: {e:?}"));
    }
    let e = c.reporter_action(&first.receipt, "203.0.113.200", Action::ReporterMessage { text: "再补充".into() }, vec![]).await.expect_err("too many");
    assert_eq!(e.status(), 429);

    // Files per case: a tip with five, then messages with five each up to the cap.
    let png = |i: usize| qingdan::complaints::validate::Evidence { name: format!("证据{i}.png"), bytes: support::png(2048 + i) };
    let five = || (0..5).map(png).collect::<Vec<_>>();
    let with_files = c.submit(NewTip { name: "附件多".into(), ..support::named_tip("附件上限测试：共有多份证据材料") }, five(), "online", None, "203.0.113.60").await.unwrap();
    let mut sent = 5;
    loop {
        match c.reporter_action(&with_files.receipt, "203.0.113.61", Action::ReporterMessage { text: "更多证据".into() }, five()).await {
            Ok(_) => sent += 5,
            Err(e) => {
                assert_eq!(e.status(), 400, "{e:?}");
                assert!(e.message().contains(&limits.files_per_case.to_string()));
                break;
            }
        }
        assert!(sent <= limits.files_per_case as usize, "the cap holds");
    }
    assert_eq!(sent, limits.files_per_case as usize);
    let held: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM complaint_files WHERE complaint_id = $1")
        .bind(support::complaint_id(&portal, &with_files.case_number).await)
        .fetch_one(&portal.db.pool)
        .await
        .unwrap();
    assert_eq!(held, limits.files_per_case as i64);

    // The draft store stays bounded however many refused forms arrive.
    let drafts = &c.drafts;
    let big = "长".repeat(10_000);
    for _ in 0..200 {
        drafts.put_sized(app::complaints::model::TipDraft { tip: NewTip { description: big.clone(), ..Default::default() }, kept: Default::default() }, big.len());
    }
    assert!(drafts.bytes() <= qingdan::web::flash::MAX_BYTES && drafts.len() <= qingdan::web::flash::MAX_ENTRIES);

    if db.is_postgres() {
        return;
    }
    // A real server: a 50 MB text field is refused while it is read; with the disk
    // nearly full a tip's text is still taken, its files are not.
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("server.log");
    let server = ServerProcess::start_with(dir.path(), &log, "warn", &[("QINGDAN_MIN_FREE_DISK_MB", "999999999999")]);
    let addr = server.addr;
    wait_healthy(addr, &log).await;
    let huge = "字".repeat(50 * 1024 * 1024 / 3);
    let body = support::multipart(&[("kind", "other"), ("description", &huge), ("anonymous", "true")], &[]);
    let r = common::request(addr, "POST", "/report", &[("Content-Type", format!("multipart/form-data; boundary={}", support::BOUNDARY))], body).await;
    assert_eq!(r.status, 303);
    assert!(support::location(&r).contains("内容过长"), "{}", support::location(&r));
    let tip = [("kind", "other"), ("description", "磁盘将满时的反映：文字仍然受理"), ("anonymous", "true"), ("pledge", "yes")];
    let evidence = support::png(4096);
    let with_file = support::multipart(&tip, &[("evidence", "证据.png", &evidence)]);
    let r = common::request(addr, "POST", "/report", &[("Content-Type", format!("multipart/form-data; boundary={}", support::BOUNDARY))], with_file).await;
    assert!(support::location(&r).contains("存储空间不足"), "{}", support::location(&r));
    let text_only = support::multipart(&tip, &[]);
    let r = common::request(addr, "POST", "/report", &[("Content-Type", format!("multipart/form-data; boundary={}", support::BOUNDARY))], text_only).await;
    assert!(support::location(&r).starts_with("/report/receipt"), "{}", support::location(&r));
    server.stop();
}
