//! New tips reach the database through one writer per process that commits them in
//! groups: every tip that arrived while the previous group was being written shares
//! one transaction and one sync to disk. A receipt is given only after its group has
//! committed, so an acknowledged tip survives a crash; a tip that fails rolls back to
//! its own savepoint without touching the others in its group.

use std::sync::Arc;

use anyhow::Result;
use app::complaints::model::{label, EventKind, NewTip, Receipt, State, Visibility, CHANNELS};
use app::error::PortalError;
use sqlx::{AnyConnection, Connection, Row};
use tokio::sync::{mpsc, oneshot};

use super::notify;
use super::store::{case_binding, insert_event, insert_files, NewEvent, REPORTER};
use crate::platform::uploads::FileKind;
use super::validate::Evidence;
use crate::error::internal;
use crate::platform::crypto::{random_token, Secrets};
use crate::platform::db::Db;
use crate::platform::mail;

/// The most tips in one group: bounds the transaction, not the rate.
const MAX_GROUP: usize = 256;

/// A validated tip with everything decided that does not need the database.
pub struct NewCase {
    pub tip: NewTip,
    pub channel: String,
    /// The staff member recording a tip taken by phone or letter.
    pub recorded_by: Option<Recorder>,
    pub identity_sealed: Option<String>,
    pub files: Vec<Evidence>,
    pub kinds: Vec<FileKind>,
    /// Commission members to notify.
    pub notify: Vec<String>,
    /// The checklist question the tip points at.
    pub question: Option<TaggedQuestion>,
    /// The reform task the tip names (its code).
    pub task: Option<String>,
    pub now: String,
    pub today: String,
    pub accept_due: String,
    pub receipt: String,
    pub receipt_hash: String,
    /// The portal's public address (QINGDAN_PUBLIC_URL), for the mail's and the receipt's links.
    pub portal_url: Option<String>,
}

/// The staff member who records a tip taken by phone or letter.
pub struct Recorder {
    pub user_id: i64,
    pub display_name: String,
}

/// The supervision checklist question a tip points at, and its area.
pub struct TaggedQuestion {
    pub number: i64,
    pub area: String,
}

/// A tip waiting for the writer, and where its receipt goes.
struct Job {
    case: NewCase,
    reply: oneshot::Sender<Result<Receipt, PortalError>>,
}

#[derive(Clone)]
pub struct Intake {
    jobs: mpsc::Sender<Job>,
}

impl Intake {
    pub fn start(db: Db, secrets: Arc<Secrets>) -> Self {
        let (jobs, rx) = mpsc::channel(4 * MAX_GROUP);
        tokio::spawn(run(db, secrets, rx));
        Self { jobs }
    }

    /// Files the tip; returns its receipt once it is on disk.
    pub async fn file(&self, case: NewCase) -> Result<Receipt, PortalError> {
        let (reply, answer) = oneshot::channel();
        let stopped = || internal(anyhow::anyhow!("the tip writer stopped"));
        self.jobs.send(Job { case, reply }).await.map_err(|_| stopped())?;
        answer.await.map_err(|_| stopped())?
    }
}

async fn run(db: Db, secrets: Arc<Secrets>, mut rx: mpsc::Receiver<Job>) {
    while let Some(first) = rx.recv().await {
        let mut group = vec![first];
        while group.len() < MAX_GROUP {
            match rx.try_recv() {
                Ok(job) => group.push(job),
                Err(_) => break,
            }
        }
        let outcomes = write_group(&db, &secrets, &group).await;
        for (Job { reply, .. }, outcome) in group.into_iter().zip(outcomes) {
            let _ = reply.send(outcome);
        }
    }
}

async fn write_group(db: &Db, secrets: &Secrets, group: &[Job]) -> Vec<Result<Receipt, PortalError>> {
    let mut tx = match db.pool.begin().await {
        Ok(tx) => tx,
        Err(e) => {
            let e = internal(e);
            return group.iter().map(|_| Err(e.clone())).collect();
        }
    };
    let mut outcomes = Vec::with_capacity(group.len());
    for Job { case, .. } in group {
        outcomes.push(write_one(&mut tx, secrets, case).await.map_err(internal));
    }
    if let Err(e) = tx.commit().await {
        let e = internal(e);
        return group.iter().map(|_| Err(e.clone())).collect();
    }
    outcomes
}

/// Writes one tip inside its own savepoint; a taken case number is drawn again.
async fn write_one(conn: &mut AnyConnection, secrets: &Secrets, case: &NewCase) -> Result<Receipt> {
    for _attempt in 0..5 {
        let case_number = format!("JB{}-{}", case.today.replace('-', ""), &random_token()[..6].to_uppercase());
        let mut savepoint = conn.begin().await?;
        match write_case(&mut savepoint, secrets, case, &case_number).await {
            Ok(()) => {
                savepoint.commit().await?;
                return Ok(Receipt {
                    receipt: case.receipt.clone(),
                    case_number,
                    submitted_at: case.now.clone(),
                    accept_due: case.accept_due.clone(),
                    track_url: case.portal_url.as_ref().map(|base| format!("{base}/track")),
                });
            }
            Err(e) => {
                savepoint.rollback().await?;
                let taken = e
                    .downcast_ref::<sqlx::Error>()
                    .and_then(|e| e.as_database_error())
                    .is_some_and(|e| e.is_unique_violation());
                if !taken {
                    return Err(e);
                }
            }
        }
    }
    anyhow::bail!("could not allocate a case number")
}

async fn write_case(conn: &mut AnyConnection, secrets: &Secrets, case: &NewCase, case_number: &str) -> Result<()> {
    let tip = &case.tip;
    let policy_code = Some(tip.policy_code.trim().to_string()).filter(|c| !c.is_empty());
    let id: i64 = sqlx::query(
        "INSERT INTO complaints (case_number, receipt_hash, kind, channel, subject_unit, policy_code, description, \
         occurred_when, occurred_where, anonymous, identity_sealed, submitted_at, accept_due, question_no, task_code) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) RETURNING id",
    )
    .bind(case_number)
    .bind(&case.receipt_hash)
    .bind(&tip.kind)
    .bind(&case.channel)
    .bind(tip.subject_unit.trim())
    .bind(&policy_code)
    .bind(secrets.seal_bound(&case_binding("description", case_number), tip.description.trim()))
    .bind(secrets.seal_bound(&case_binding("occurred_when", case_number), tip.occurred_when.trim()))
    .bind(secrets.seal_bound(&case_binding("occurred_where", case_number), tip.occurred_where.trim()))
    .bind(tip.anonymous as i64)
    .bind(&case.identity_sealed)
    .bind(&case.now)
    .bind(&case.accept_due)
    .bind(case.question.as_ref().map(|q| q.number))
    .bind(&case.task)
    .fetch_one(&mut *conn)
    .await?
    .try_get(0)?;
    let event = NewEvent {
        actor: case.recorded_by.as_ref().map(|r| format!("staff:{}", r.display_name)).unwrap_or_else(|| REPORTER.into()),
        actor_user_id: case.recorded_by.as_ref().map(|r| r.user_id),
        kind: if case.recorded_by.is_some() { EventKind::Recorded } else { EventKind::Submitted },
        state: State::Submitted,
        visibility: Visibility::Public,
        note: format!("渠道：{}", label(CHANNELS, &case.channel)),
        data: "{}".into(),
    };
    let event_id = insert_event(conn, secrets, id, &event).await?;
    sqlx::query("INSERT INTO complaint_status (complaint_id, state, last_event_id, updated_at, question_no, area) VALUES ($1, $2, $3, $4, $5, $6)")
        .bind(id)
        .bind(State::Submitted.key())
        .bind(event_id)
        .bind(&case.now)
        .bind(case.question.as_ref().map(|q| q.number))
        .bind(case.question.as_ref().map(|q| q.area.clone()))
        .execute(&mut *conn)
        .await?;
    insert_files(conn, secrets, id, event_id, &case.files, &case.kinds).await?;
    for to in &case.notify {
        let m = notify::new_tip(to.clone(), case_number, tip, &case.channel, &case.accept_due, case.portal_url.as_deref());
        mail::enqueue(conn, secrets, m.kind.key(), Some(id), &m.to, &m.subject, &m.body).await?;
    }
    Ok(())
}
