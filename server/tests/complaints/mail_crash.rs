//! Mail when the sender dies at the worst moment: the real `qingdan serve` is SIGKILLed
//! after the SMTP server has answered "250" to a message and before the outbox records
//! it (its write is held back by a lock the test takes on the database). A second start
//! sends it again once the lease has run out: one duplicate at most, with the same
//! Message-ID, and nothing lost.

use std::time::Duration;

use sqlx::{Connection, Executor, Row};

use crate::process::{wait_healthy, ServerProcess};
use crate::smtp::SmtpServer;
use crate::support;

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_sender_killed_after_250_sends_once_more_with_the_same_message_id() {
    let root = tempfile::tempdir().unwrap();
    let data_dir = root.path().join("data");
    std::fs::create_dir_all(&data_dir).unwrap();
    let log = root.path().join("server.log");
    crate::process::add_commission_member(&data_dir, "info");

    let gate = root.path().join("gate");
    let held = std::path::PathBuf::from(format!("{}.held", gate.display()));
    let smtp = SmtpServer::start_holding(&root.path().join("maildir"), &gate, Duration::from_secs(120));
    let settings = [("QINGDAN_SMTP_URL", smtp.url()), ("QINGDAN_MAIL_LEASE_SECS", "3".to_string())];
    let settings: Vec<(&str, &str)> = settings.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let first = ServerProcess::start_with(&data_dir, &log, "info", &settings);
    wait_healthy(first.addr, &log).await;

    // A tip: the commission member is mailed about it.
    let tip = serde_json::json!({ "category": "other", "description": "邮件投递中断测试：反映窗口收费问题", "anonymous": true });
    let headers = [("Content-Type", "application/json".to_string())];
    let filed = support::request(first.addr, "POST", "/api/v1/complaints", &headers, tip.to_string().into_bytes()).await;
    assert_eq!(filed.status, 201, "{}", filed.text());

    // The SMTP server has the message and holds its "250"; the test takes the database's
    // write lock, then lets the "250" go: the worker cannot record the delivery.
    let stored = crate::common::eventually(Duration::from_secs(30), || held.exists()).await;
    assert!(stored, "the mail worker never sent the message: {}", std::fs::read_to_string(&log).unwrap_or_default());
    let url = format!("sqlite://{}", data_dir.join("qingdan.db").display());
    let mut lock = sqlx::SqliteConnection::connect(&url).await.expect("a second connection");
    lock.execute("BEGIN IMMEDIATE").await.expect("the write lock");
    std::fs::write(&gate, b"go").unwrap();
    tokio::time::sleep(Duration::from_millis(1500)).await;
    ServerProcess::kill(&first.child);
    lock.execute("ROLLBACK").await.unwrap();
    let row = lock.fetch_one("SELECT attempts, sent_at FROM mail_outbox").await.expect("one mail");
    let (attempts, sent_at): (i64, Option<String>) = (row.get(0), row.get(1));
    assert_eq!((attempts, sent_at.as_deref()), (1, None), "killed after the 250, before the outbox recorded it");
    assert_eq!(smtp.received().len(), 1);
    drop(lock);

    // Started again: once the lease has run out the message goes again, and is recorded.
    let second = ServerProcess::start_with(&data_dir, &log, "info", &settings);
    wait_healthy(second.addr, &log).await;
    let recorded = crate::common::eventually(Duration::from_secs(60), || {
        let text = std::fs::read_to_string(&log).unwrap_or_default();
        text.matches("mail delivered").count() >= 1
    })
    .await;
    assert!(recorded, "the resend was never recorded: {}", std::fs::read_to_string(&log).unwrap_or_default());
    tokio::time::sleep(Duration::from_secs(4)).await;
    let received = smtp.received();
    assert_eq!(received.len(), 2, "one duplicate at most, never a loss");
    assert_eq!(received[0].message_id, received[1].message_id, "the resend carries the same Message-ID");
    assert!(!received[0].message_id.is_empty());
    assert_eq!(received[0].rcpt_tos, received[1].rcpt_tos);
    let mut check = sqlx::SqliteConnection::connect(&url).await.unwrap();
    let row = check.fetch_one("SELECT attempts, sent_at FROM mail_outbox").await.unwrap();
    let (attempts, sent_at): (i64, Option<String>) = (row.get(0), row.get(1));
    assert_eq!(attempts, 2);
    assert!(sent_at.is_some(), "recorded as sent");
    second.stop();
}
