//! The mail outbox against a real SMTP server (aiosmtpd, see `common/smtp.rs`):
//! delivery exactly once, an outage that delays and loses nothing, a restart that
//! resumes, sealed recipients, the file transport, and two workers sharing one outbox.

#[allow(dead_code)]
mod common;

#[path = "common/smtp.rs"]
mod smtp;

use std::collections::HashMap;
use std::future::Future;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use qingdan::config::Config;
use qingdan::platform::crypto::Secrets;
use qingdan::platform::db::Db;
use qingdan::platform::mail::{self, MailSettings, MailWorker, Transport};
use smtp::{free_port, SmtpServer};
use sqlx::Row;

const WAIT: Duration = Duration::from_secs(30);

fn secrets() -> Arc<Secrets> {
    Arc::new(Secrets::from_key([42; 32]))
}

fn fast() -> MailSettings {
    MailSettings {
        base_backoff: Duration::from_millis(200),
        poll: Duration::from_millis(100),
        ..MailSettings::default()
    }
}

/// Stops the worker task when the test ends, however it ends.
struct Worker(tokio::task::JoinHandle<()>);

impl Drop for Worker {
    fn drop(&mut self) {
        self.0.abort();
    }
}

fn start_worker(db: &Db, secrets: &Arc<Secrets>, transport: Transport) -> Worker {
    Worker(MailWorker::new(db.clone(), secrets.clone(), transport).with_settings(fast()).spawn())
}

async fn sqlite_db(dir: &Path) -> Db {
    Db::connect(&format!("sqlite://{}?mode=rwc", dir.join("t.db").display())).await.expect("open the database")
}

/// Polls `check` until it is true; fails the test with `what` after `WAIT`.
async fn wait_for<F, Fut>(what: &str, mut check: F)
where
    F: FnMut() -> Fut,
    Fut: Future<Output = bool>,
{
    let deadline = Instant::now() + WAIT;
    while !check().await {
        assert!(Instant::now() < deadline, "timed out after {WAIT:?} waiting for: {what}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[derive(Clone, Debug)]
struct Sent {
    recipient: String,
    subject: String,
    body: String,
}

fn letter(i: usize) -> Sent {
    Sent {
        recipient: format!("reporter.{i}@example.com"),
        subject: format!("【清单门户】您的投诉已受理（第{i}号）"),
        body: format!(
            "张先生您好：\n\n您反映的“惠企政策兑现不及时”问题（案件编号 QD-2024-{i:04}）已受理，\
             我们将在十五个工作日内核查并反馈。\n\n区纪委监委 清单门户\n"
        ),
    }
}

/// Enqueues each letter in its own committed transaction.
async fn enqueue_all(db: &Db, secrets: &Secrets, complaint_id: Option<i64>, letters: &[Sent]) {
    for l in letters {
        let mut tx = db.pool.begin().await.unwrap();
        mail::enqueue(&mut *tx, secrets, "accepted", complaint_id, &l.recipient, &l.subject, &l.body)
            .await
            .expect("enqueue");
        tx.commit().await.unwrap();
    }
}

/// A minimal complaint row, so outbox rows can point at it.
async fn insert_complaint(db: &Db) -> i64 {
    let row = sqlx::query(
        "INSERT INTO complaints (case_number, receipt_hash, kind, channel, subject_unit, policy_code, \
         description, occurred_when, occurred_where, anonymous, identity_sealed, submitted_at, accept_due) \
         VALUES ($1, $2, 'complaint', 'web', '区科学技术局', NULL, '测试', '2024-05-01', '区政务服务中心', 0, NULL, \
         '2024-05-01 09:00:00', '2024-05-08') RETURNING id",
    )
    .bind(format!("QD-TEST-{:08x}", rand::random::<u32>()))
    .bind(format!("{:032x}", rand::random::<u128>()))
    .fetch_one(&db.pool)
    .await
    .expect("insert a complaint");
    row.try_get("id").unwrap()
}

struct OutboxRow {
    id: i64,
    message_id: String,
    attempts: i64,
    sent_at: Option<String>,
    last_error: Option<String>,
}

async fn outbox(db: &Db) -> Vec<OutboxRow> {
    sqlx::query("SELECT id, message_id, attempts, sent_at, last_error FROM mail_outbox ORDER BY id")
        .fetch_all(&db.pool)
        .await
        .unwrap()
        .iter()
        .map(|r| OutboxRow {
            id: r.try_get("id").unwrap(),
            message_id: r.try_get("message_id").unwrap(),
            attempts: r.try_get("attempts").unwrap(),
            sent_at: r.try_get("sent_at").unwrap(),
            last_error: r.try_get("last_error").unwrap(),
        })
        .collect()
}

/// Every outbox message arrived exactly once, nothing else arrived, and each arrived
/// intact (envelope, headers, UTF-8 subject and body).
async fn assert_delivered_once(db: &Db, server: &SmtpServer, letters: &[Sent]) {
    let rows = outbox(db).await;
    assert_eq!(rows.len(), letters.len());
    let received = server.received();
    let mut by_id: HashMap<&str, Vec<&smtp::Received>> = HashMap::new();
    for r in &received {
        by_id.entry(r.message_id.as_str()).or_default().push(r);
    }
    assert_eq!(received.len(), letters.len(), "delivered {} messages for {} queued", received.len(), letters.len());
    for (row, l) in rows.iter().zip(letters) {
        assert!(row.sent_at.is_some(), "outbox row {} is not marked sent", row.id);
        assert!(row.last_error.is_none());
        let got = by_id.get(row.message_id.as_str()).map(Vec::as_slice).unwrap_or_default();
        assert_eq!(got.len(), 1, "Message-ID {} arrived {} times", row.message_id, got.len());
        let m = got[0];
        assert_eq!(m.rcpt_tos, vec![l.recipient.clone()]);
        assert_eq!(m.to, l.recipient);
        assert_eq!(m.mail_from, "noreply@qingdan.local");
        assert!(m.from.contains("清单门户") && m.from.contains("<noreply@qingdan.local>"), "From: {}", m.from);
        assert_eq!(m.subject, l.subject);
        assert_eq!(m.content_type, "text/plain");
        assert_eq!(m.charset, "utf-8");
        assert_eq!(m.body.replace("\r\n", "\n").trim_end(), l.body.trim_end());
        let raw = String::from_utf8_lossy(&m.raw);
        assert_eq!(raw.matches(row.message_id.as_str()).count(), 1, "the Message-ID header carries the stored id");
    }
}

// ---------------------------------------------------------------------------
// (1) delivery, on SQLite and on PostgreSQL

async fn delivers_each_message_exactly_once(db: &Db, dir: &Path) {
    let secrets = secrets();
    let complaint = insert_complaint(db).await;
    let letters: Vec<Sent> = (1..=5).map(letter).collect();
    enqueue_all(db, &secrets, Some(complaint), &letters).await;
    assert_eq!(mail::pending_count(db).await.unwrap(), 5);
    let queued = mail::status_for(db, complaint).await.unwrap();
    assert_eq!(queued.len(), 5);
    assert!(queued.iter().all(|s| s.attempts == 0 && s.sent_at.is_none() && s.kind == "accepted"));

    let server = SmtpServer::start_any(&dir.join("maildir"));
    let _worker = start_worker(db, &secrets, Transport::Smtp(server.url()));
    wait_for("every message sent", || async { mail::pending_count(db).await.unwrap() == 0 }).await;
    // A few more polls must not send anything again.
    tokio::time::sleep(fast().poll * 5).await;
    assert_delivered_once(db, &server, &letters).await;

    let status = mail::status_for(db, complaint).await.unwrap();
    assert_eq!(status.len(), 5);
    for s in &status {
        assert_eq!(s.attempts, 1);
        assert!(s.sent_at.as_deref().is_some_and(|t| t >= s.created_at.as_str()));
        assert!(s.last_error.is_none());
    }
    assert!(mail::status_for(db, complaint + 1000).await.unwrap().is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn delivery_sqlite() {
    let dir = tempfile::tempdir().unwrap();
    let db = sqlite_db(dir.path()).await;
    delivers_each_message_exactly_once(&db, dir.path()).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn delivery_postgres() {
    let Some(pg) = common::postgres().await else { return };
    let db = Db::connect(&pg.url).await.expect("connect to the test database");
    delivers_each_message_exactly_once(&db, pg.data_dir()).await;
    db.pool.close().await;
}

// ---------------------------------------------------------------------------
// (2) an outage delays mail and loses none

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn outage_delays_and_loses_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = sqlite_db(dir.path()).await;
    let secrets = secrets();
    let port = free_port(); // nothing listens here yet
    let letters: Vec<Sent> = (1..=4).map(letter).collect();
    enqueue_all(&db, &secrets, None, &letters).await;
    let _worker = start_worker(&db, &secrets, Transport::Smtp(format!("smtp://127.0.0.1:{port}")));

    wait_for("every message failed at least twice", || async {
        outbox(&db).await.iter().all(|r| r.attempts >= 2 && r.last_error.is_some())
    })
    .await;
    let rows = outbox(&db).await;
    for r in &rows {
        assert!(r.sent_at.is_none());
        let error = r.last_error.as_deref().unwrap();
        assert!(!error.contains('@') && !error.contains("example.com"), "last_error leaks an address: {error}");
        assert!(error.chars().count() <= 300);
    }
    assert_eq!(mail::pending_count(&db).await.unwrap(), 4);

    let server = SmtpServer::start(port, &dir.path().join("maildir"));
    wait_for("every message sent after the server came back", || async {
        mail::pending_count(&db).await.unwrap() == 0
    })
    .await;
    tokio::time::sleep(fast().poll * 5).await;
    assert_delivered_once(&db, &server, &letters).await;
    assert!(outbox(&db).await.iter().all(|r| r.attempts >= 3));
}

// ---------------------------------------------------------------------------
// (3) a restart resumes the outbox

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn restart_resumes_the_outbox() {
    let dir = tempfile::tempdir().unwrap();
    let letters: Vec<Sent> = (1..=3).map(letter).collect();
    {
        let db = sqlite_db(dir.path()).await;
        enqueue_all(&db, &Secrets::from_key([42; 32]), None, &letters).await;
        db.pool.close().await;
    } // the "process" ends without a worker having run

    let db = sqlite_db(dir.path()).await;
    assert_eq!(mail::pending_count(&db).await.unwrap(), 3);
    let server = SmtpServer::start_any(&dir.path().join("maildir"));
    let _worker = start_worker(&db, &secrets(), Transport::Smtp(server.url()));
    wait_for("the reopened outbox is delivered", || async { mail::pending_count(&db).await.unwrap() == 0 }).await;
    tokio::time::sleep(fast().poll * 5).await;
    assert_delivered_once(&db, &server, &letters).await;
}

// ---------------------------------------------------------------------------
// (4) the recipient is never in clear text in the database

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn recipients_are_sealed_in_the_database() {
    let dir = tempfile::tempdir().unwrap();
    let db = sqlite_db(dir.path()).await;
    let secrets = secrets();
    let address = "zhang.san.whistleblower@example.com";
    let l = Sent { recipient: address.into(), subject: "受理通知".into(), body: "您的投诉已受理。".into() };
    enqueue_all(&db, &secrets, None, &[l]).await;

    let db_files = || -> Vec<PathBuf> {
        ["t.db", "t.db-wal", "t.db-shm"].iter().map(|f| dir.path().join(f)).filter(|p| p.exists()).collect()
    };
    let assert_no_clear_text = |when: &str| {
        let files = db_files();
        assert!(files.iter().any(|p| p.ends_with("t.db")));
        for path in files {
            let bytes = std::fs::read(&path).unwrap();
            for needle in [address, "zhang.san.whistleblower"] {
                assert!(
                    !bytes.windows(needle.len()).any(|w| w == needle.as_bytes()),
                    "{when}: {} holds the recipient in clear text",
                    path.display()
                );
            }
        }
    };
    assert_no_clear_text("queued");

    // Delivered (to files), the row is updated and still holds no clear address.
    let spool = dir.path().join("mail");
    let _worker = start_worker(&db, &secrets, Transport::Files(spool.clone()));
    wait_for("the message is written", || async { mail::pending_count(&db).await.unwrap() == 0 }).await;
    assert_no_clear_text("sent");
    // The message itself of course carries it, and the sealed value opens to it.
    let eml = std::fs::read_to_string(spool.join(format!("{}.eml", outbox(&db).await[0].id))).unwrap();
    assert!(eml.contains(address));
    let sealed: String = sqlx::query("SELECT recipient_sealed FROM mail_outbox")
        .fetch_one(&db.pool)
        .await
        .unwrap()
        .try_get("recipient_sealed")
        .unwrap();
    assert_eq!(secrets.open_text(&sealed).unwrap(), address);
}

// ---------------------------------------------------------------------------
// (5) the file transport

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn file_transport_writes_one_eml_per_message() {
    let dir = tempfile::tempdir().unwrap();
    let db = sqlite_db(dir.path()).await;
    let secrets = secrets();
    let config = Config {
        data_dir: dir.path().to_path_buf(),
        database_url: String::new(),
        addr: "127.0.0.1:0".parse().unwrap(),
        smtp_url: None,
        sample_data: false,
        key_file: None,
        insecure_cookies: false,
        trusted_proxies: Vec::new(),
        metrics_token: None,
        metrics_addr: None,
        public_url: None,
        page_cache: std::time::Duration::from_millis(1000),
    };
    let transport = Transport::from_config(&config);
    assert!(matches!(&transport, Transport::Files(p) if p == &dir.path().join("mail")));
    let with_smtp = Config { smtp_url: Some("smtp://127.0.0.1:2525".into()), ..config.clone() };
    assert!(matches!(Transport::from_config(&with_smtp), Transport::Smtp(u) if u == "smtp://127.0.0.1:2525"));

    let letters: Vec<Sent> = (1..=3).map(letter).collect();
    enqueue_all(&db, &secrets, None, &letters).await;
    let _worker = start_worker(&db, &secrets, transport);
    wait_for("every message written", || async { mail::pending_count(&db).await.unwrap() == 0 }).await;

    let spool = dir.path().join("mail");
    let rows = outbox(&db).await;
    let mut names: Vec<String> =
        std::fs::read_dir(&spool).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    names.sort();
    let mut expected: Vec<String> = rows.iter().map(|r| format!("{}.eml", r.id)).collect();
    expected.sort();
    assert_eq!(names, expected, "exactly one .eml per message and no temporary files");
    for (row, l) in rows.iter().zip(&letters) {
        let eml = std::fs::read_to_string(spool.join(format!("{}.eml", row.id))).unwrap();
        assert!(eml.contains(&format!("Message-ID: {}", row.message_id)), "{eml}");
        assert!(eml.contains(&format!("To: {}", l.recipient)), "{eml}");
        assert!(eml.contains("noreply@qingdan.local"));
        assert!(eml.to_ascii_lowercase().contains("content-type: text/plain; charset=utf-8"), "{eml}");
        assert!(row.sent_at.is_some() && row.attempts == 1);
    }
}

// ---------------------------------------------------------------------------
// Transactions, validation, and two workers on one outbox

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn mail_exists_only_if_the_transaction_commits() {
    let dir = tempfile::tempdir().unwrap();
    let db = sqlite_db(dir.path()).await;
    let secrets = secrets();
    let l = letter(1);
    let mut tx = db.pool.begin().await.unwrap();
    mail::enqueue(&mut *tx, &secrets, "accepted", None, &l.recipient, &l.subject, &l.body).await.unwrap();
    tx.rollback().await.unwrap();
    assert_eq!(mail::pending_count(&db).await.unwrap(), 0);

    // A bad address is skipped, not an error: it must not undo the case action whose
    // transaction the mail rides in.
    let mut tx = db.pool.begin().await.unwrap();
    mail::enqueue(&mut *tx, &secrets, "accepted", None, "not an address", "s", "b").await.expect("skipped, not failed");
    tx.commit().await.unwrap();
    assert_eq!(mail::pending_count(&db).await.unwrap(), 0, "a bad address was queued");

    enqueue_all(&db, &secrets, None, &[l]).await;
    assert_eq!(mail::pending_count(&db).await.unwrap(), 1);
    let ids: Vec<String> = outbox(&db).await.into_iter().map(|r| r.message_id).collect();
    assert!(ids[0].starts_with('<') && ids[0].ends_with("@qingdan>"), "{}", ids[0]);
}

async fn two_workers_race(db: &Db, other: &Db, dir: &Path) {
    let secrets = secrets();
    let letters: Vec<Sent> = (1..=30).map(letter).collect();
    enqueue_all(db, &secrets, None, &letters).await;
    let server = SmtpServer::start_any(&dir.join("maildir"));
    let _a = start_worker(db, &secrets, Transport::Smtp(server.url()));
    let _b = start_worker(other, &secrets, Transport::Smtp(server.url()));
    wait_for("every message sent", || async { mail::pending_count(db).await.unwrap() == 0 }).await;
    tokio::time::sleep(fast().poll * 5).await;
    assert_delivered_once(db, &server, &letters).await;
    assert!(outbox(db).await.iter().all(|r| r.attempts == 1));
}

/// Two "nodes": separate pools over the same database, each with its worker.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_workers_never_send_a_message_twice_sqlite() {
    let dir = tempfile::tempdir().unwrap();
    let db = sqlite_db(dir.path()).await;
    let other = sqlite_db(dir.path()).await;
    two_workers_race(&db, &other, dir.path()).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_workers_never_send_a_message_twice_postgres() {
    let Some(pg) = common::postgres().await else { return };
    let db = Db::connect(&pg.url).await.expect("connect to the test database");
    let other = Db::connect(&pg.url).await.expect("a second pool");
    two_workers_race(&db, &other, pg.data_dir()).await;
    db.pool.close().await;
    other.pool.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn an_expired_lease_sends_at_most_one_duplicate() {
    let dir = tempfile::tempdir().unwrap();
    let db = sqlite_db(dir.path()).await;
    let secrets = secrets();
    let letters = vec![letter(1)];
    enqueue_all(&db, &secrets, None, &letters).await;
    let gate = dir.path().join("gate");
    let held = PathBuf::from(format!("{}.held", gate.display()));
    // The first "250" comes only after 4 s; the lease is 1 s.
    let server = SmtpServer::start_holding(&dir.path().join("maildir"), &gate, Duration::from_secs(4));
    let short = MailSettings { lease: Duration::from_secs(1), ..fast() };
    let stalled = Worker(MailWorker::new(db.clone(), secrets.clone(), Transport::Smtp(server.url())).with_settings(short.clone()).spawn());
    wait_for("the first attempt reaches the server", || async { held.exists() }).await;
    let other = sqlite_db(dir.path()).await;
    let _second = Worker(MailWorker::new(other, secrets.clone(), Transport::Smtp(server.url())).with_settings(short).spawn());
    wait_for("a second copy after the lease", || async { server.received().len() == 2 }).await;
    wait_for("recorded as sent", || async { mail::pending_count(&db).await.unwrap() == 0 }).await;
    // The stalled worker gets its "250" at 4 s and records it too; nothing more is sent.
    tokio::time::sleep(Duration::from_secs(5)).await;
    drop(stalled);
    let received = server.received();
    assert_eq!(received.len(), 2, "one duplicate at most");
    assert_eq!(received[0].message_id, received[1].message_id, "the resend carries the same Message-ID");
    let rows = outbox(&db).await;
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].attempts, 2);
}
