//! 一月一认定、销号管理、跟踪问效: the certifier's monthly verdicts; close-out asked by
//! the responsible unit with evidence and decided by the certifier; reopening with a
//! logged reason; follow-up entries on closed tasks. Every step is an appended event.

use anyhow::Result;
use app::error::PortalError;
use app::tasks::model::{CertificationView, EvidenceRef, TaskEventView, STATE_CLOSED, STATE_CLOSING, STATE_OPEN, VERDICTS};
use sqlx::{AnyConnection, Row};

use crate::web::form::Upload as Evidence;
use crate::error::internal;
use crate::platform::changes::{self, ENTITY_TASK};
use crate::platform::clock;
use crate::platform::db::Db;
use crate::platform::uploads;

pub const MAX_NOTE_CHARS: usize = 2000;

fn note_of(text: &str, what: &str) -> Result<String, PortalError> {
    let t = text.trim();
    if t.is_empty() {
        return Err(PortalError::bad_request(format!("请填写{what} / {what} is required")));
    }
    if t.chars().count() > MAX_NOTE_CHARS {
        return Err(PortalError::bad_request(format!("{what}最多 {MAX_NOTE_CHARS} 字 / at most {MAX_NOTE_CHARS} characters")));
    }
    Ok(t.to_string())
}

pub struct Certification {
    db: Db,
}

/// The task's id and state, locked for this transaction's change.
async fn task_state(tx: &mut AnyConnection, code: &str) -> Result<(i64, String, String), PortalError> {
    let row = sqlx::query("SELECT t.id, t.state, u.name FROM reform_tasks t JOIN units u ON u.id = t.unit_id WHERE t.code = $1")
        .bind(code)
        .fetch_optional(&mut *tx)
        .await
        .map_err(internal)?
        .ok_or_else(|| PortalError::not_found(format!("未找到编号为「{code}」的任务 / No task with code {code}")))?;
    Ok((row.try_get(0).map_err(internal)?, row.try_get(1).map_err(internal)?, row.try_get(2).map_err(internal)?))
}

async fn append(tx: &mut AnyConnection, task_id: i64, kind: &str, actor: i64, note: &str) -> Result<i64, PortalError> {
    sqlx::query("INSERT INTO task_events (task_id, at, kind, actor_id, note) VALUES ($1, $2, $3, $4, $5) RETURNING id")
        .bind(task_id)
        .bind(clock::now())
        .bind(kind)
        .bind(actor)
        .bind(note)
        .fetch_one(&mut *tx)
        .await
        .map_err(internal)?
        .try_get(0)
        .map_err(internal)
}

async fn set_state(tx: &mut AnyConnection, code: &str, task_id: i64, state: &str, closed_on: Option<&str>) -> Result<(), PortalError> {
    let now = clock::now();
    sqlx::query("UPDATE reform_tasks SET state = $1, closed_on = $2, updated_at = $3 WHERE id = $4")
        .bind(state)
        .bind(closed_on)
        .bind(&now)
        .bind(task_id)
        .execute(&mut *tx)
        .await
        .map_err(internal)?;
    changes::record(tx, ENTITY_TASK, code, &now).await.map_err(internal)
}

impl Certification {
    pub fn new(db: Db) -> Self {
        Self { db }
    }

    async fn begin(&self) -> Result<sqlx::Transaction<'static, sqlx::Any>, PortalError> {
        let mut tx = self.db.pool.begin().await.map_err(internal)?;
        changes::lock(&mut tx).await.map_err(internal)?;
        Ok(tx)
    }

    /// One verdict per task and month.
    pub async fn certify(&self, code: &str, month: &str, verdict: &str, note: &str, certifier: i64) -> Result<(), PortalError> {
        if !VERDICTS.contains(&verdict) {
            return Err(PortalError::bad_request(format!("认定结果应为 {} 之一 / choose a verdict", VERDICTS.join("、"))));
        }
        let note = note.trim();
        if note.chars().count() > MAX_NOTE_CHARS {
            return Err(PortalError::bad_request("说明最多 2000 字 / at most 2,000 characters"));
        }
        let mut tx = self.begin().await?;
        let (id, state, _) = task_state(&mut tx, code).await?;
        if state == STATE_CLOSED {
            return Err(PortalError::bad_request("任务已销号，无需再认定 / the task is closed"));
        }
        let inserted = sqlx::query(
            "INSERT INTO task_certifications (task_id, month, verdict, note, certifier_id, at) VALUES ($1, $2, $3, $4, $5, $6) \
             ON CONFLICT (task_id, month) DO NOTHING",
        )
        .bind(id)
        .bind(month)
        .bind(verdict)
        .bind(note)
        .bind(certifier)
        .bind(clock::now())
        .execute(&mut *tx)
        .await
        .map_err(internal)?
        .rows_affected();
        if inserted == 0 {
            return Err(PortalError::bad_request(format!("{month} 已认定过这项任务 / this month's verdict was recorded already")));
        }
        changes::record(&mut tx, ENTITY_TASK, code, &clock::now()).await.map_err(internal)?;
        tx.commit().await.map_err(internal)
    }

    /// The responsible unit asks for close-out, with at least one evidence file.
    pub async fn request_closeout(&self, code: &str, unit: &str, actor: i64, note: &str, files: Vec<Evidence>) -> Result<(), PortalError> {
        let note = note_of(note, "完成情况说明")?;
        if files.is_empty() {
            return Err(PortalError::bad_request("申请销号须上传至少一份佐证材料 / attach at least one piece of evidence"));
        }
        let kinds: Vec<uploads::FileKind> =
            files.iter().map(|f| uploads::check(&f.name, &f.bytes)).collect::<Result<_, _>>().map_err(PortalError::bad_request)?;
        let mut tx = self.begin().await?;
        let (id, state, owner) = task_state(&mut tx, code).await?;
        if owner != unit {
            return Err(PortalError::not_found("本单位没有这项任务 / no such task of your unit"));
        }
        if state != STATE_OPEN {
            return Err(PortalError::bad_request("只有推进中的任务可以申请销号 / only an open task can ask for close-out"));
        }
        let event = append(&mut tx, id, "closeout_requested", actor, &note).await?;
        for (file, kind) in files.iter().zip(kinds) {
            sqlx::query("INSERT INTO task_evidence (event_id, name, content_type, content) VALUES ($1, $2, $3, $4)")
                .bind(event)
                .bind(&file.name)
                .bind(kind.content_type())
                .bind(&file.bytes)
                .execute(&mut *tx)
                .await
                .map_err(internal)?;
        }
        set_state(&mut tx, code, id, STATE_CLOSING, None).await?;
        tx.commit().await.map_err(internal)
    }

    /// The certifier approves (the task closes today, publicly) or rejects with a reason.
    pub async fn decide_closeout(&self, code: &str, approve: bool, reason: &str, certifier: i64) -> Result<(), PortalError> {
        let reason = if approve { reason.trim().to_string() } else { note_of(reason, "不予销号的理由")? };
        let mut tx = self.begin().await?;
        let (id, state, _) = task_state(&mut tx, code).await?;
        if state != STATE_CLOSING {
            return Err(PortalError::bad_request("这项任务没有待审核的销号申请 / no close-out request to decide"));
        }
        if approve {
            append(&mut tx, id, "closeout_approved", certifier, &reason).await?;
            set_state(&mut tx, code, id, STATE_CLOSED, Some(&clock::today())).await?;
        } else {
            append(&mut tx, id, "closeout_rejected", certifier, &reason).await?;
            set_state(&mut tx, code, id, STATE_OPEN, None).await?;
        }
        tx.commit().await.map_err(internal)
    }

    /// A closed task starts again only with a reason, on the record.
    pub async fn reopen(&self, code: &str, reason: &str, certifier: i64) -> Result<(), PortalError> {
        let reason = note_of(reason, "重新启动的理由")?;
        let mut tx = self.begin().await?;
        let (id, state, _) = task_state(&mut tx, code).await?;
        if state != STATE_CLOSED {
            return Err(PortalError::bad_request("只有已销号的任务可以重新启动 / only a closed task can be reopened"));
        }
        append(&mut tx, id, "reopened", certifier, &reason).await?;
        set_state(&mut tx, code, id, STATE_OPEN, None).await?;
        tx.commit().await.map_err(internal)
    }

    /// A dated follow-up entry on a closed task, by its unit (`unit`) or a certifier (`None`).
    pub async fn follow_up(&self, code: &str, unit: Option<&str>, actor: i64, note: &str) -> Result<(), PortalError> {
        let note = note_of(note, "跟踪问效情况")?;
        let mut tx = self.begin().await?;
        let (id, state, owner) = task_state(&mut tx, code).await?;
        if unit.is_some_and(|u| u != owner) {
            return Err(PortalError::not_found("本单位没有这项任务 / no such task of your unit"));
        }
        if state != STATE_CLOSED {
            return Err(PortalError::bad_request("跟踪问效记在已销号的任务上 / follow-ups are for closed tasks"));
        }
        append(&mut tx, id, "follow_up", actor, &note).await?;
        changes::record(&mut tx, ENTITY_TASK, code, &clock::now()).await.map_err(internal)?;
        tx.commit().await.map_err(internal)
    }

    pub async fn certifications(&self, task_id: i64) -> Result<Vec<CertificationView>> {
        let rows = sqlx::query("SELECT month, verdict, note, at FROM task_certifications WHERE task_id = $1 ORDER BY month DESC")
            .bind(task_id)
            .fetch_all(&self.db.pool)
            .await?;
        rows.iter().map(|r| Ok(CertificationView { month: r.try_get(0)?, verdict: r.try_get(1)?, note: r.try_get(2)?, at: r.try_get(3)? })).collect()
    }

    /// The task's events in order, each with its evidence files' names.
    pub async fn events(&self, task_id: i64) -> Result<Vec<TaskEventView>> {
        let rows = sqlx::query("SELECT id, at, kind, note FROM task_events WHERE task_id = $1 ORDER BY id").bind(task_id).fetch_all(&self.db.pool).await?;
        let files = sqlx::query(
            "SELECT e.event_id, e.id, e.name FROM task_evidence e JOIN task_events v ON v.id = e.event_id WHERE v.task_id = $1 ORDER BY e.id",
        )
        .bind(task_id)
        .fetch_all(&self.db.pool)
        .await?;
        rows.iter()
            .map(|r| {
                let id: i64 = r.try_get(0)?;
                let evidence = files
                    .iter()
                    .filter(|f| f.try_get::<i64, _>(0).is_ok_and(|e| e == id))
                    .map(|f| Ok(EvidenceRef { id: f.try_get(1)?, name: f.try_get(2)? }))
                    .collect::<Result<_>>()?;
                Ok(TaskEventView { at: r.try_get(1)?, kind: r.try_get(2)?, note: r.try_get(3)?, evidence })
            })
            .collect()
    }

    /// The certifier's month: which tasks were certified already.
    pub async fn certified_in(&self, month: &str) -> Result<Vec<String>> {
        let rows = sqlx::query("SELECT t.code FROM task_certifications c JOIN reform_tasks t ON t.id = c.task_id WHERE c.month = $1")
            .bind(month)
            .fetch_all(&self.db.pool)
            .await?;
        rows.iter().map(|r| Ok(r.try_get(0)?)).collect()
    }

    /// An evidence file with the unit of its task: (name, content type, bytes, unit).
    pub async fn evidence(&self, id: i64) -> Result<Option<(String, String, Vec<u8>, String)>> {
        let row = sqlx::query(
            "SELECT e.name, e.content_type, e.content, u.name FROM task_evidence e JOIN task_events v ON v.id = e.event_id \
             JOIN reform_tasks t ON t.id = v.task_id JOIN units u ON u.id = t.unit_id WHERE e.id = $1",
        )
        .bind(id)
        .fetch_optional(&self.db.pool)
        .await?;
        row.map(|r| Ok((r.try_get(0)?, r.try_get(1)?, r.try_get(2)?, r.try_get(3)?))).transpose()
    }
}
