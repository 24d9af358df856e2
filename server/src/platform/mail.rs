//! Outgoing mail: an outbox table written inside the caller's transaction, and a worker
//! that delivers it with retries and exponential backoff.
//!
//! - A mail exists iff the event that caused it committed ([`enqueue`] takes the
//!   caller's transaction).
//! - A mail server that is down delays mail and loses none: a failed attempt only
//!   moves `next_attempt_at` forward; nothing is ever deleted.
//! - A restart resumes the outbox: the worker's state is the table.
//! - Several nodes may run workers on one database: a message is claimed with an
//!   optimistic lease (`attempts` as the version), so two nodes never send the same
//!   message at once. Delivery is at-least-once: a node that dies between the SMTP
//!   server's "250 OK" and the `sent_at` update will have the message sent again after
//!   the lease expires, with the same `Message-ID`, so receiving systems can tell.
//! - The recipient address is identity data: it is sealed in the table, and never
//!   appears in logs or in `last_error`.

use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use anyhow::{Context, Result};
use chrono::NaiveDateTime;
use lettre::message::header::{ContentType, Header, HeaderName, HeaderValue};
use lettre::message::Mailbox;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use serde::Serialize;
use sqlx::{AnyConnection, Row};

use crate::platform::clock;
use crate::config::Config;
use crate::platform::crypto::{random_token, Secrets};
use crate::platform::db::Db;

/// The sender of every message.
pub const FROM: &str = "清单门户 <noreply@qingdan.local>";
/// Messages claimed per pass.
const BATCH: i64 = 20;
/// How long one SMTP conversation may take (connect and each command).
const SMTP_TIMEOUT: Duration = Duration::from_secs(10);
/// A hard upper bound for one delivery attempt, whatever the transport does.
const ATTEMPT_TIMEOUT: Duration = Duration::from_secs(30);
/// Longest `last_error` kept, in characters.
const ERROR_CHARS: usize = 300;
const TIME_FORMAT: &str = "%Y-%m-%d %H:%M:%S";

/// Where mail goes.
#[derive(Clone)]
pub enum Transport {
    /// An SMTP server, by lettre's URL rules: `smtp://host:port` (plain, for a local
    /// relay), `smtp://host:port?tls=required` (STARTTLS), `smtps://user:pass@host`.
    Smtp(String),
    /// One `<outbox id>.eml` file per message in this directory.
    Files(PathBuf),
}

impl Transport {
    /// SMTP when `QINGDAN_SMTP_URL` is set, else files under `<data_dir>/mail/`.
    pub fn from_config(config: &Config) -> Self {
        match &config.smtp_url {
            Some(url) => Transport::Smtp(url.clone()),
            None => Transport::Files(config.mail_dir()),
        }
    }
}

impl fmt::Debug for Transport {
    // The URL may carry SMTP credentials.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Transport::Smtp(url) => f.debug_tuple("Smtp").field(&redact_url(url)).finish(),
            Transport::Files(dir) => f.debug_tuple("Files").field(dir).finish(),
        }
    }
}

/// Worker timings.
#[derive(Clone, Debug)]
pub struct MailSettings {
    /// Wait after the first failed attempt; doubled after each further failure.
    pub base_backoff: Duration,
    /// Upper bound of the wait between attempts.
    pub max_backoff: Duration,
    /// How often the outbox is looked at when it is idle.
    pub poll: Duration,
    /// How long a claimed message stays invisible to other workers while it is being
    /// sent. Longer than any attempt can take.
    pub lease: Duration,
}

impl MailSettings {
    pub fn from_env() -> Self {
        let mut settings = Self::default();
        if let Some(secs) = std::env::var("QINGDAN_MAIL_LEASE_SECS").ok().and_then(|v| v.trim().parse::<u64>().ok()).filter(|s| *s > 0) {
            settings.lease = Duration::from_secs(secs);
        }
        settings
    }
}

impl Default for MailSettings {
    fn default() -> Self {
        Self {
            base_backoff: Duration::from_secs(5),
            max_backoff: Duration::from_secs(300),
            poll: Duration::from_secs(1),
            lease: Duration::from_secs(120),
        }
    }
}

/// One message's delivery state, for staff.
#[derive(Clone, Debug, Serialize)]
pub struct MailStatus {
    pub kind: String,
    pub created_at: String,
    pub attempts: i64,
    pub sent_at: Option<String>,
    pub last_error: Option<String>,
}

/// What one pass over the outbox did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Pass {
    /// Due messages seen.
    pub due: usize,
    /// Delivered in this pass.
    pub sent: usize,
    /// Attempted and failed in this pass (will be retried).
    pub failed: usize,
}

/// The binding a message's sealed body is authenticated with: its Message-ID.
pub fn body_binding(message_id: &str) -> String {
    format!("mail_outbox.body/{message_id}")
}

/// The binding of a message's sealed unsubscribe address (it holds the subscription's token).
pub fn unsubscribe_binding(message_id: &str) -> String {
    format!("mail_outbox.unsubscribe/{message_id}")
}

/// Queues a message (its body sealed to it). Call it inside the transaction of the event that causes the mail
/// (`enqueue(&mut *tx, …)`), so the mail exists iff the event committed.
pub async fn enqueue(
    conn: &mut AnyConnection,
    secrets: &Secrets,
    kind: &str,
    complaint_id: Option<i64>,
    recipient: &str,
    subject: &str,
    body: &str,
) -> Result<()> {
    enqueue_message(conn, secrets, kind, complaint_id, recipient, subject, body, None).await
}

/// [`enqueue`] for a mail the recipient may stop: `unsubscribe` is the address of its
/// one-click unsubscribe, sent as `List-Unsubscribe` with `List-Unsubscribe-Post`.
pub async fn enqueue_unsubscribable(
    conn: &mut AnyConnection,
    secrets: &Secrets,
    kind: &str,
    recipient: &str,
    subject: &str,
    body: &str,
    unsubscribe: &str,
) -> Result<()> {
    enqueue_message(conn, secrets, kind, None, recipient, subject, body, Some(unsubscribe)).await
}

#[allow(clippy::too_many_arguments)]
async fn enqueue_message(
    conn: &mut AnyConnection,
    secrets: &Secrets,
    kind: &str,
    complaint_id: Option<i64>,
    recipient: &str,
    subject: &str,
    body: &str,
    unsubscribe: Option<&str>,
) -> Result<()> {
    let recipient = recipient.trim();
    // A bad address must not undo the case action that wanted to tell someone;
    // addresses are checked where they are entered, so this is a last guard.
    if !crate::platform::contact::valid_email(recipient) {
        tracing::warn!("mail of kind {kind} skipped: the recipient address is not valid");
        return Ok(());
    }
    let now = clock::now();
    let message_id = format!("<{}@qingdan>", random_token());
    let body = secrets.seal_bound(&body_binding(&message_id), body);
    sqlx::query(
        "INSERT INTO mail_outbox (message_id, kind, complaint_id, recipient_sealed, subject, body, \
         created_at, attempts, next_attempt_at, sent_at, last_error, unsubscribe) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, 0, $8, NULL, NULL, $9)",
    )
    .bind(&message_id)
    .bind(kind)
    .bind(complaint_id)
    .bind(secrets.seal_text(recipient))
    .bind(subject)
    .bind(&body)
    .bind(now.clone())
    .bind(now)
    .bind(unsubscribe.map(|u| secrets.seal_bound(&unsubscribe_binding(&message_id), u)))
    .execute(&mut *conn)
    .await
    .context("无法写入发件箱 / cannot write to the mail outbox")?;
    Ok(())
}

/// Each message of a complaint, oldest first, with its delivery state.
pub async fn status_for(db: &Db, complaint_id: i64) -> Result<Vec<MailStatus>> {
    let rows = sqlx::query(
        "SELECT kind, created_at, attempts, sent_at, last_error FROM mail_outbox \
         WHERE complaint_id = $1 ORDER BY id",
    )
    .bind(complaint_id)
    .fetch_all(&db.pool)
    .await?;
    rows.iter()
        .map(|row| {
            Ok(MailStatus {
                kind: row.try_get("kind")?,
                created_at: row.try_get("created_at")?,
                attempts: row.try_get("attempts")?,
                sent_at: row.try_get("sent_at")?,
                last_error: row.try_get("last_error")?,
            })
        })
        .collect()
}

/// Messages not yet delivered.
pub async fn pending_count(db: &Db) -> Result<i64> {
    let row = sqlx::query("SELECT COUNT(*) AS n FROM mail_outbox WHERE sent_at IS NULL")
        .fetch_one(&db.pool)
        .await?;
    Ok(row.try_get("n")?)
}

/// Messages not yet delivered, and how many of those have failed at least once (they
/// are retried with backoff): one pass over the unsent rows of `mail_outbox_due`.
pub async fn outbox_counts(db: &Db) -> Result<(i64, i64)> {
    let row = sqlx::query("SELECT COUNT(*), COUNT(last_error) FROM mail_outbox WHERE sent_at IS NULL")
        .fetch_one(&db.pool)
        .await?;
    Ok((row.try_get(0)?, row.try_get(1)?))
}

/// Starts a worker with the default settings (`QINGDAN_MAIL_LEASE_SECS` shortens the
/// lease, for tests of a worker that dies mid-delivery).
pub fn spawn(db: Db, secrets: Arc<Secrets>, transport: Transport) -> tokio::task::JoinHandle<()> {
    MailWorker::new(db, secrets, transport).with_settings(MailSettings::from_env()).spawn()
}

/// Delivers the outbox.
pub struct MailWorker {
    db: Db,
    secrets: Arc<Secrets>,
    sink: Sink,
    settings: MailSettings,
}

enum Sink {
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
    /// The SMTP URL could not be used; every attempt fails with this message, so the
    /// problem is visible in each message's state and nothing is lost.
    Broken(String),
    Files(PathBuf),
}

struct Outgoing {
    id: i64,
    kind: String,
    attempts: i64,
    message_id: String,
    recipient_sealed: String,
    subject: String,
    body: String,
    unsubscribe: Option<String>,
}

impl MailWorker {
    pub fn new(db: Db, secrets: Arc<Secrets>, transport: Transport) -> Self {
        let sink = match transport {
            Transport::Files(dir) => Sink::Files(dir),
            Transport::Smtp(url) => match AsyncSmtpTransport::<Tokio1Executor>::from_url(&url) {
                Ok(builder) => Sink::Smtp(builder.timeout(Some(SMTP_TIMEOUT)).build()),
                Err(e) => {
                    let message = format!("SMTP 地址无效 / invalid SMTP URL {}: {e}", redact_url(&url));
                    crate::error::log_internal("mail worker", &message);
                    Sink::Broken(message)
                }
            },
        };
        Self { db, secrets, sink, settings: MailSettings::default() }
    }

    pub fn with_settings(mut self, settings: MailSettings) -> Self {
        self.settings = settings;
        self
    }

    pub fn spawn(self) -> tokio::task::JoinHandle<()> {
        tokio::spawn(self.run())
    }

    /// Works the outbox forever.
    pub async fn run(self) {
        match &self.sink {
            Sink::Files(dir) => tracing::info!(dir = %dir.display(), "mail worker started: writing .eml files"),
            Sink::Smtp(_) => tracing::info!("mail worker started: SMTP"),
            Sink::Broken(message) => crate::error::log_internal("mail worker started with an unusable SMTP URL, mail stays queued", message),
        }
        loop {
            match self.run_once().await {
                // A full batch: more may be due right now.
                Ok(pass) if pass.due as i64 >= BATCH && pass.sent > 0 => continue,
                Ok(_) => {}
                Err(e) => tracing::warn!(error = %format!("{e:#}"), "mail outbox pass failed"),
            }
            tokio::time::sleep(self.settings.poll).await;
        }
    }

    /// One pass: claims each due message (oldest first, at most a batch) and tries to
    /// deliver it.
    pub async fn run_once(&self) -> Result<Pass> {
        let rows = sqlx::query(
            "SELECT id, kind, attempts, message_id, recipient_sealed, subject, body, unsubscribe FROM mail_outbox \
             WHERE sent_at IS NULL AND next_attempt_at <= $1 ORDER BY id LIMIT $2",
        )
        .bind(clock::now())
        .bind(BATCH)
        .fetch_all(&self.db.pool)
        .await
        .context("cannot read the mail outbox")?;
        let mut pass = Pass { due: rows.len(), ..Pass::default() };
        for row in rows {
            let mail = Outgoing {
                id: row.try_get("id")?,
                kind: row.try_get("kind")?,
                attempts: row.try_get("attempts")?,
                message_id: row.try_get("message_id")?,
                recipient_sealed: row.try_get("recipient_sealed")?,
                subject: row.try_get("subject")?,
                body: row.try_get("body")?,
                unsubscribe: row.try_get("unsubscribe")?,
            };
            let Some(attempt) = self.claim(&mail).await? else { continue };
            let outcome = match tokio::time::timeout(ATTEMPT_TIMEOUT, self.deliver(&mail)).await {
                Ok(outcome) => outcome,
                Err(_) => Err("发送超时 / delivery timed out".to_string()),
            };
            match outcome {
                Ok(()) => {
                    self.mark_sent(mail.id).await?;
                    tracing::info!(outbox_id = mail.id, attempt, "mail delivered");
                    pass.sent += 1;
                }
                Err(error) => {
                    let wait = backoff(self.settings.base_backoff, self.settings.max_backoff, attempt);
                    sqlx::query(
                        "UPDATE mail_outbox SET last_error = $1, next_attempt_at = $2 \
                         WHERE id = $3 AND attempts = $4 AND sent_at IS NULL",
                    )
                    .bind(error.clone())
                    .bind(later(wait))
                    .bind(mail.id)
                    .bind(attempt)
                    .execute(&self.db.pool)
                    .await?;
                    tracing::warn!(outbox_id = mail.id, attempt, retry_in_s = wait.as_secs(), error = %error, "mail delivery failed");
                    pass.failed += 1;
                }
            }
        }
        Ok(pass)
    }

    /// Takes the message for this worker (bumping `attempts` and hiding it for the
    /// lease); `None` when another worker got there first. Returns the attempt number.
    async fn claim(&self, mail: &Outgoing) -> Result<Option<i64>> {
        let done = sqlx::query(
            "UPDATE mail_outbox SET attempts = attempts + 1, next_attempt_at = $1 \
             WHERE id = $2 AND attempts = $3 AND sent_at IS NULL",
        )
        .bind(later(self.settings.lease))
        .bind(mail.id)
        .bind(mail.attempts)
        .execute(&self.db.pool)
        .await?;
        Ok((done.rows_affected() == 1).then_some(mail.attempts + 1))
    }

    /// Records a delivery; retried briefly, because a lost update means a duplicate
    /// mail once the lease runs out.
    async fn mark_sent(&self, id: i64) -> Result<()> {
        let mut tries = 0;
        loop {
            let result = sqlx::query("UPDATE mail_outbox SET sent_at = $1, last_error = NULL WHERE id = $2")
                .bind(clock::now())
                .bind(id)
                .execute(&self.db.pool)
                .await;
            match result {
                Ok(_) => return Ok(()),
                Err(e) if tries < 5 => {
                    tries += 1;
                    tracing::warn!(outbox_id = id, error = %e, "cannot record a delivered mail yet; retrying");
                    tokio::time::sleep(Duration::from_millis(200 * tries)).await;
                }
                Err(e) => return Err(e).context("cannot record a delivered mail"),
            }
        }
    }

    /// One attempt. The error is short, and holds no address.
    async fn deliver(&self, mail: &Outgoing) -> std::result::Result<(), String> {
        if let Sink::Broken(message) = &self.sink {
            return Err(message.clone());
        }
        let recipient = self
            .secrets
            .open_text(&mail.recipient_sealed)
            .map_err(|_| "无法解密收件人（密钥不符？）/ cannot decrypt the recipient (wrong key?)".to_string())?;
        let body = self
            .secrets
            .open_bound_or_clear(&body_binding(&mail.message_id), &mail.body)
            .map_err(|_| "无法解密邮件正文（密钥不符？）/ cannot decrypt the body (wrong key?)".to_string())?;
        let unsubscribe = match &mail.unsubscribe {
            Some(sealed) => Some(
                self.secrets
                    .open_bound_or_clear(&unsubscribe_binding(&mail.message_id), sealed)
                    .map_err(|_| "无法解密退订地址（密钥不符？）/ cannot decrypt the unsubscribe address (wrong key?)".to_string())?,
            ),
            None => None,
        };
        let message = build_message(mail, &recipient, &body, unsubscribe.as_deref()).map_err(|e| scrub(&format!("邮件无法生成 / cannot build the message: {e}"), &recipient))?;
        match &self.sink {
            Sink::Smtp(smtp) => smtp.send(message).await.map(|_| ()).map_err(|e| {
                let kind = if e.is_permanent() {
                    "SMTP 拒收 / rejected"
                } else if e.is_transient() {
                    "SMTP 暂时失败 / temporary failure"
                } else if e.is_timeout() {
                    "SMTP 超时 / timeout"
                } else {
                    "SMTP 失败 / failed"
                };
                scrub(&format!("{kind}: {e}"), &recipient)
            }),
            Sink::Files(dir) => {
                let dir = dir.clone();
                let id = mail.id;
                // Mail to a reporter names them in its To: header; on disk it is
                // sealed like every other piece of their identity.
                let (bytes, name) = if REPORTER_KINDS.contains(&mail.kind.as_str()) {
                    (self.secrets.seal(&message.formatted()), format!("{id}.eml.sealed"))
                } else {
                    (message.formatted(), format!("{id}.eml"))
                };
                tokio::task::spawn_blocking(move || write_eml(&dir, &name, &bytes))
                    .await
                    .map_err(|e| format!("写入邮件文件失败 / cannot write the mail file: {e}"))?
                    .map_err(|e| scrub(&format!("写入邮件文件失败 / cannot write the mail file: {e:#}"), &recipient))
            }
            Sink::Broken(message) => Err(message.clone()),
        }
    }
}

/// Kinds of mail addressed to a reporter (their address is identity data), by the
/// key stored in `mail_outbox.kind`: the keys of `app::complaints::model::MailKind`'s
/// reporter kinds. The outbox stays free of complaint types; a test in
/// `complaints::notify` checks that this list and the enum agree.
pub const REPORTER_KINDS: &[&str] = &["feedback", "question"];

fn build_message(mail: &Outgoing, recipient: &str, body: &str, unsubscribe: Option<&str>) -> Result<Message> {
    let from: Mailbox = FROM.parse().context("FROM")?;
    let to: Mailbox = recipient.trim().parse().map_err(|_| anyhow::anyhow!("收件人地址无效 / invalid recipient address"))?;
    let mut builder = Message::builder().from(from).to(to).subject(mail.subject.clone()).message_id(Some(mail.message_id.clone()));
    if let Some(url) = unsubscribe {
        builder = builder.header(ListUnsubscribe(format!("<{url}>"))).header(ListUnsubscribePost);
    }
    Ok(builder.header(ContentType::TEXT_PLAIN).body(body.to_string())?)
}

/// `List-Unsubscribe: <https://…>` (RFC 2369).
#[derive(Clone)]
struct ListUnsubscribe(String);

impl Header for ListUnsubscribe {
    fn name() -> HeaderName {
        HeaderName::new_from_ascii_str("List-Unsubscribe")
    }
    fn parse(s: &str) -> std::result::Result<Self, Box<dyn std::error::Error + Send + Sync>> {
        Ok(Self(s.to_string()))
    }
    fn display(&self) -> HeaderValue {
        HeaderValue::new(Self::name(), self.0.clone())
    }
}

/// `List-Unsubscribe-Post: List-Unsubscribe=One-Click` (RFC 8058): a mail program may
/// unsubscribe with one POST, without opening a page.
#[derive(Clone)]
struct ListUnsubscribePost;

impl Header for ListUnsubscribePost {
    fn name() -> HeaderName {
        HeaderName::new_from_ascii_str("List-Unsubscribe-Post")
    }
    fn parse(_: &str) -> std::result::Result<Self, Box<dyn std::error::Error + Send + Sync>> {
        Ok(Self)
    }
    fn display(&self) -> HeaderValue {
        HeaderValue::new(Self::name(), "List-Unsubscribe=One-Click".to_string())
    }
}

/// `<dir>/<name>`, whole or not at all: written to a temporary name, synced, renamed.
fn write_eml(dir: &Path, name: &str, bytes: &[u8]) -> Result<()> {
    use std::io::Write;
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let target = dir.join(name);
    let temp = dir.join(format!(".{name}.{}.tmp", &random_token()[..16]));
    let write = || -> Result<()> {
        let mut file = std::fs::File::create(&temp)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        std::fs::rename(&temp, &target)?;
        Ok(())
    };
    let result = write();
    if result.is_err() {
        let _ = std::fs::remove_file(&temp);
    }
    result
}

/// `base · 2^(attempt−1)`, at most `max`.
fn backoff(base: Duration, max: Duration, attempt: i64) -> Duration {
    let doublings = (attempt - 1).clamp(0, 30) as u32;
    base.checked_mul(1u32 << doublings).unwrap_or(max).min(max)
}

/// `clock::now()` plus `delay`, rounded up to whole seconds (the stored times have
/// second resolution and compare as text).
fn later(delay: Duration) -> String {
    let now = clock::now();
    let secs = delay.as_secs() + u64::from(delay.subsec_nanos() > 0);
    match NaiveDateTime::parse_from_str(&now, TIME_FORMAT) {
        Ok(t) => (t + chrono::Duration::seconds(secs.min(i64::MAX as u64 / 2000) as i64)).format(TIME_FORMAT).to_string(),
        Err(_) => now,
    }
}

/// Drops anything address-like from an error message and keeps it short.
fn scrub(message: &str, recipient: &str) -> String {
    let mut text = message.to_string();
    let recipient = recipient.trim();
    if !recipient.is_empty() {
        text = replace_ignore_case(&text, recipient, "<…>");
    }
    let words: Vec<String> = text
        .split(' ')
        .map(|word| if word.contains('@') { "<…>".to_string() } else { word.to_string() })
        .collect();
    let text = words.join(" ").replace(['\r', '\n'], " ");
    if text.chars().count() > ERROR_CHARS {
        text.chars().take(ERROR_CHARS - 1).chain(['…']).collect()
    } else {
        text
    }
}

fn replace_ignore_case(haystack: &str, needle: &str, with: &str) -> String {
    let lower_hay = haystack.to_lowercase();
    let lower_needle = needle.to_lowercase();
    // Lower-casing can change byte lengths outside ASCII; fall back to exact matching.
    if lower_hay.len() != haystack.len() || lower_needle.len() != needle.len() {
        return haystack.replace(needle, with);
    }
    let mut out = String::with_capacity(haystack.len());
    let mut rest = 0;
    for (start, _) in lower_hay.match_indices(&lower_needle) {
        if start < rest {
            continue;
        }
        out.push_str(&haystack[rest..start]);
        out.push_str(with);
        rest = start + needle.len();
    }
    out.push_str(&haystack[rest..]);
    out
}

/// A URL without its password, for messages.
fn redact_url(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme), Some(at)) if at > scheme => format!("{}://…{}", &url[..scheme], &url[at..]),
        _ => url.to_string(),
    }
}

#[cfg(test)]
mod tests;
