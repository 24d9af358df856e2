//! Complaint storage and workflow. Every write is one transaction that appends an
//! event; a case's current state is a projection of its events.

use std::sync::Arc;
use std::time::Duration;

use anyhow::Result;
use app::complaint::{
    action_label, apply, label, Action, Actor, CaseEvent, FileInfo, Identity, MailInfo, NewTip, PublicStatus,
    QueueFilter, QueueItem, Receipt, Role, StaffCase, State, TimelineEntry, Visibility, CHANNELS, KINDS,
};
use app::error::PortalError;
use chrono::NaiveDate;
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};

use super::uploads;
use crate::auth::{Auth, StaffUser};
use crate::calendar;
use crate::clock;
use crate::crypto::{new_receipt, random_token, sha256_hex, Secrets};
use crate::db::Db;
use crate::mail;
use crate::throttle::Limiter;

/// Deadlines in working days (China's official calendar, see data/calendar/).
#[derive(Clone, Debug)]
pub struct Deadlines {
    pub accept_days: u32,
    pub verify_days: u32,
    pub feedback_days: u32,
}

impl Default for Deadlines {
    fn default() -> Self {
        Self { accept_days: 15, verify_days: 30, feedback_days: 60 }
    }
}

impl Deadlines {
    pub fn from_env() -> Self {
        let get = |name: &str, default: u32| {
            std::env::var(name).ok().and_then(|v| v.trim().parse().ok()).unwrap_or(default)
        };
        let d = Self::default();
        Self {
            accept_days: get("QINGDAN_ACCEPT_DAYS", d.accept_days),
            verify_days: get("QINGDAN_VERIFY_DAYS", d.verify_days),
            feedback_days: get("QINGDAN_FEEDBACK_DAYS", d.feedback_days),
        }
    }
}

pub struct Evidence {
    pub name: String,
    pub bytes: Vec<u8>,
}

pub struct Complaints {
    db: Db,
    secrets: Arc<Secrets>,
    pub auth: Arc<Auth>,
    pub deadlines: Deadlines,
    anonymous_per_client: Limiter,
    anonymous_overall: Limiter,
    receipt_per_client: Limiter,
}

const SELECT_CASE: &str = "SELECT c.id, c.case_number, c.kind, c.channel, c.subject_unit, c.policy_code, \
    c.description, c.occurred_when, c.occurred_where, c.anonymous, c.submitted_at, c.accept_due, \
    s.state, s.area, s.assignee_id, s.forwarded_unit, s.verify_due, s.feedback_due, s.last_event_id \
    FROM complaints c JOIN complaint_status s ON s.complaint_id = c.id";

struct CaseRow {
    id: i64,
    case_number: String,
    kind: String,
    channel: String,
    subject_unit: String,
    policy_code: Option<String>,
    description: String,
    occurred_when: String,
    occurred_where: String,
    anonymous: bool,
    submitted_at: String,
    accept_due: String,
    state: State,
    area: Option<String>,
    assignee_id: Option<i64>,
    forwarded_unit: Option<String>,
    verify_due: Option<String>,
    feedback_due: Option<String>,
    last_event_id: i64,
}

fn case_from_row(row: &AnyRow) -> Result<CaseRow> {
    let state: String = row.try_get(12)?;
    let anonymous: i64 = row.try_get(9)?;
    Ok(CaseRow {
        id: row.try_get(0)?,
        case_number: row.try_get(1)?,
        kind: row.try_get(2)?,
        channel: row.try_get(3)?,
        subject_unit: row.try_get(4)?,
        policy_code: row.try_get(5)?,
        description: row.try_get(6)?,
        occurred_when: row.try_get(7)?,
        occurred_where: row.try_get(8)?,
        anonymous: anonymous != 0,
        submitted_at: row.try_get(10)?,
        accept_due: row.try_get(11)?,
        state: State::from_key(&state).ok_or_else(|| anyhow::anyhow!("unknown state {state}"))?,
        area: row.try_get(13)?,
        assignee_id: row.try_get(14)?,
        forwarded_unit: row.try_get(15)?,
        verify_due: row.try_get(16)?,
        feedback_due: row.try_get(17)?,
        last_event_id: row.try_get(18)?,
    })
}

impl CaseRow {
    fn due(&self) -> Option<&str> {
        match self.state {
            State::Submitted => Some(&self.accept_due),
            State::Verifying => self.verify_due.as_deref().or(self.feedback_due.as_deref()),
            State::Accepted | State::Handled => self.feedback_due.as_deref(),
            _ => None,
        }
    }
    fn overdue(&self, today: &str) -> bool {
        self.due().is_some_and(|due| due < today)
    }
}

fn internal(e: impl std::fmt::Display) -> PortalError {
    tracing::error!("complaint storage error: {e}");
    PortalError::internal("服务器内部错误，您的操作未完成，请稍后再试 / Internal error, nothing was saved")
}

fn not_found() -> PortalError {
    PortalError::not_found("未找到该案件，或回执码不正确 / No such case, or the receipt is wrong")
}

fn bad(msg: impl Into<String>) -> PortalError {
    PortalError::bad_request(msg)
}

fn check_len(value: &str, max: usize, what: &str) -> Result<(), PortalError> {
    if value.chars().count() > max {
        Err(bad(format!("{what}过长，最多 {max} 字 / {what} is longer than {max} characters")))
    } else {
        Ok(())
    }
}

fn valid_phone(phone: &str) -> bool {
    let digits = phone.chars().filter(|c| c.is_ascii_digit()).count();
    (7..=20).contains(&digits) && phone.chars().all(|c| c.is_ascii_digit() || matches!(c, '-' | ' ' | '+' | '(' | ')'))
}

/// What a reporter writes after the tip stays with the commission: a unit could
/// recognise the writer.
const REPORTER_ONLY_FOR_COMMISSION: &[&str] = &["reporter_message", "rate", "object"];

/// "证据2.pdf" for the second file, keeping only the extension of its real name.
fn neutral_name(index: usize, name: &str) -> String {
    let ext = name.rsplit_once('.').map(|(_, e)| e).filter(|e| !e.is_empty() && e.len() <= 5 && e.chars().all(|c| c.is_ascii_alphanumeric()));
    match ext {
        Some(ext) => format!("证据{}.{}", index + 1, ext.to_ascii_lowercase()),
        None => format!("证据{}", index + 1),
    }
}

/// Checks a tip before anything is written; every message names the field.
pub fn validate_tip(tip: &NewTip) -> Result<(), PortalError> {
    if !KINDS.iter().any(|(k, _)| *k == tip.kind) {
        return Err(bad("请选择问题类别 / Choose the kind of problem"));
    }
    let description = tip.description.trim();
    if description.chars().count() < 10 {
        return Err(bad("请具体描述反映的问题（至少 10 个字）/ Describe what happened (at least 10 characters)"));
    }
    check_len(description, 5000, "问题描述")?;
    check_len(&tip.subject_unit, 100, "涉及单位")?;
    check_len(&tip.policy_code, 64, "相关政策编号")?;
    check_len(&tip.occurred_when, 200, "发生时间")?;
    check_len(&tip.occurred_where, 200, "发生地点")?;
    if !tip.anonymous {
        if tip.name.trim().is_empty() {
            return Err(bad("实名反映请填写姓名 / A named report needs your name"));
        }
        check_len(&tip.name, 50, "姓名")?;
        if !valid_phone(tip.phone.trim()) {
            return Err(bad("实名反映请填写有效的联系电话 / A named report needs a valid phone number"));
        }
        if !tip.email.trim().is_empty() && !crate::mail::valid_address(tip.email.trim()) {
            return Err(bad("电子邮箱格式不正确 / The e-mail address is not valid"));
        }
        check_len(&tip.company, 100, "单位或企业名称")?;
    }
    Ok(())
}

fn check_files(files: &[Evidence]) -> Result<Vec<uploads::FileKind>, PortalError> {
    if files.len() > uploads::MAX_FILES {
        return Err(bad("最多上传 5 个文件 / At most 5 files"));
    }
    files.iter().map(|f| uploads::check(&f.name, &f.bytes).map_err(bad)).collect()
}

fn add_working_days(from: &str, days: u32) -> String {
    NaiveDate::parse_from_str(from, "%Y-%m-%d")
        .map(|d| calendar::bundled().add_working_days(d, days).format("%Y-%m-%d").to_string())
        .unwrap_or_else(|_| from.to_string())
}

struct NewEvent<'a> {
    actor: String,
    actor_user_id: Option<i64>,
    action: &'a str,
    state: State,
    visibility: Visibility,
    note: String,
    data: String,
}

async fn insert_event(conn: &mut AnyConnection, complaint_id: i64, e: &NewEvent<'_>) -> Result<i64> {
    Ok(sqlx::query(
        "INSERT INTO complaint_events (complaint_id, at, actor, actor_user_id, action, state, visibility, note, data) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
    )
    .bind(complaint_id)
    .bind(clock::now())
    .bind(&e.actor)
    .bind(e.actor_user_id)
    .bind(e.action)
    .bind(e.state.key())
    .bind(e.visibility.key())
    .bind(&e.note)
    .bind(&e.data)
    .fetch_one(conn)
    .await?
    .try_get(0)?)
}

async fn insert_files(
    conn: &mut AnyConnection,
    secrets: &Secrets,
    complaint_id: i64,
    event_id: i64,
    files: &[Evidence],
    kinds: &[uploads::FileKind],
) -> Result<()> {
    for (file, kind) in files.iter().zip(kinds) {
        sqlx::query(
            "INSERT INTO complaint_files (complaint_id, event_id, name_sealed, content_type, size, sha256, content_sealed) \
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(complaint_id)
        .bind(event_id)
        .bind(secrets.seal_text(&file.name))
        .bind(kind.content_type())
        .bind(file.bytes.len() as i64)
        .bind(sha256_hex(&file.bytes))
        .bind(secrets.seal(&file.bytes))
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

impl Complaints {
    pub fn new(db: Db, secrets: Arc<Secrets>, auth: Arc<Auth>, deadlines: Deadlines) -> Self {
        Self {
            db,
            secrets,
            auth,
            deadlines,
            anonymous_per_client: Limiter::new(5, Duration::from_secs(10 * 60)),
            anonymous_overall: Limiter::new(120, Duration::from_secs(60)),
            receipt_per_client: Limiter::new(20, Duration::from_secs(10 * 60)),
        }
    }

    /// Files a tip. The receipt is returned only after the transaction committed;
    /// only its keyed hash is stored.
    pub async fn submit(
        &self,
        tip: NewTip,
        files: Vec<Evidence>,
        channel: &str,
        recorded_by: Option<&StaffUser>,
        client: &str,
    ) -> Result<Receipt, PortalError> {
        validate_tip(&tip)?;
        if !CHANNELS.iter().any(|(k, _)| *k == channel) {
            return Err(bad("受理渠道无效 / unknown channel"));
        }
        let kinds = check_files(&files)?;
        if tip.anonymous && recorded_by.is_none() {
            // Per client first: a client already refused must not use up everyone's allowance.
            if !self.anonymous_per_client.allow(client) || !self.anonymous_overall.allow("all") {
                return Err(PortalError::too_many(
                    "提交过于频繁，请稍后再试；如情况紧急请拨打 86757678 / Too many reports from here, please try again later",
                ));
            }
        }
        let identity = (!tip.anonymous).then(|| Identity {
            name: tip.name.trim().to_string(),
            phone: tip.phone.trim().to_string(),
            email: tip.email.trim().to_string(),
            company: tip.company.trim().to_string(),
        });
        let identity_sealed = identity
            .as_ref()
            .map(|i| serde_json::to_string(i).map(|json| self.secrets.seal_text(&json)))
            .transpose()
            .map_err(internal)?;
        let commission = self.auth.users_with_role(Role::Commission, None).await.map_err(internal)?;
        let now = clock::now();
        let today = clock::today();
        let accept_due = add_working_days(&today, self.deadlines.accept_days);
        let receipt = new_receipt();
        let receipt_hash = self.secrets.receipt_hash(&receipt);
        let policy_code = Some(tip.policy_code.trim().to_string()).filter(|c| !c.is_empty());
        for _attempt in 0..5 {
            let case_number = format!("JB{}-{}", today.replace('-', ""), &random_token()[..6].to_uppercase());
            let mut tx = self.db.pool.begin().await.map_err(internal)?;
            let inserted = sqlx::query(
                "INSERT INTO complaints (case_number, receipt_hash, kind, channel, subject_unit, policy_code, description, \
                 occurred_when, occurred_where, anonymous, identity_sealed, submitted_at, accept_due) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id",
            )
            .bind(&case_number)
            .bind(&receipt_hash)
            .bind(&tip.kind)
            .bind(channel)
            .bind(tip.subject_unit.trim())
            .bind(&policy_code)
            .bind(tip.description.trim())
            .bind(tip.occurred_when.trim())
            .bind(tip.occurred_where.trim())
            .bind(tip.anonymous as i64)
            .bind(&identity_sealed)
            .bind(&now)
            .bind(&accept_due)
            .fetch_one(&mut *tx)
            .await;
            let id: i64 = match inserted {
                Ok(row) => row.try_get(0).map_err(internal)?,
                Err(sqlx::Error::Database(e)) if e.is_unique_violation() => continue,
                Err(e) => return Err(internal(e)),
            };
            let event = NewEvent {
                actor: recorded_by.map(|u| format!("staff:{}", u.display_name)).unwrap_or_else(|| "reporter".into()),
                actor_user_id: recorded_by.map(|u| u.id),
                action: if recorded_by.is_some() { "recorded" } else { "submitted" },
                state: State::Submitted,
                visibility: Visibility::Public,
                note: format!("渠道：{}", label(CHANNELS, channel)),
                data: "{}".into(),
            };
            let event_id = insert_event(&mut tx, id, &event).await.map_err(internal)?;
            sqlx::query(
                "INSERT INTO complaint_status (complaint_id, state, last_event_id, updated_at) VALUES ($1, $2, $3, $4)",
            )
            .bind(id)
            .bind(State::Submitted.key())
            .bind(event_id)
            .bind(&now)
            .execute(&mut *tx)
            .await
            .map_err(internal)?;
            insert_files(&mut tx, &self.secrets, id, event_id, &files, &kinds).await.map_err(internal)?;
            for user in commission.iter().filter(|u| u.email.is_some()) {
                let body = format!(
                    "区纪委监委：\n\n收到新的问题线索。\n案件编号：{case_number}\n类别：{}\n涉及单位：{}\n渠道：{}\n受理期限：{accept_due}\n\n请登录清单门户处理（举报人信息不在邮件中）。",
                    label(KINDS, &tip.kind),
                    if tip.subject_unit.trim().is_empty() { "未填写" } else { tip.subject_unit.trim() },
                    label(CHANNELS, channel),
                );
                mail::enqueue(
                    &mut tx,
                    &self.secrets,
                    "new_tip",
                    Some(id),
                    user.email.as_deref().unwrap_or_default(),
                    &format!("新问题线索 {case_number}"),
                    &body,
                )
                .await
                .map_err(internal)?;
            }
            tx.commit().await.map_err(internal)?;
            return Ok(Receipt { receipt, case_number, submitted_at: now, accept_due });
        }
        Err(internal("could not allocate a case number"))
    }

    async fn case_by_receipt(&self, receipt: &str, client: &str) -> Result<CaseRow, PortalError> {
        if !self.receipt_per_client.allow(client) {
            return Err(PortalError::too_many("查询过于频繁，请稍后再试 / Too many lookups, please try again later"));
        }
        let row = sqlx::query(&format!("{SELECT_CASE} WHERE c.receipt_hash = $1"))
            .bind(self.secrets.receipt_hash(receipt))
            .fetch_optional(&self.db.pool)
            .await
            .map_err(internal)?;
        let case = row.map(|r| case_from_row(&r)).transpose().map_err(internal)?.ok_or_else(not_found)?;
        // A right receipt does not count against the limit.
        self.receipt_per_client.forget(client);
        Ok(case)
    }

    async fn case_by_number(&self, number: &str) -> Result<Option<CaseRow>, PortalError> {
        sqlx::query(&format!("{SELECT_CASE} WHERE c.case_number = $1"))
            .bind(number)
            .fetch_optional(&self.db.pool)
            .await
            .map_err(internal)?
            .map(|r| case_from_row(&r))
            .transpose()
            .map_err(internal)
    }

    async fn events(&self, complaint_id: i64) -> Result<Vec<(String, String, String, State, Visibility, String)>, PortalError> {
        let rows = sqlx::query(
            "SELECT at, actor, action, state, visibility, note FROM complaint_events WHERE complaint_id = $1 ORDER BY id",
        )
        .bind(complaint_id)
        .fetch_all(&self.db.pool)
        .await
        .map_err(internal)?;
        rows.iter()
            .map(|r| {
                let state: String = r.try_get(3)?;
                let visibility: String = r.try_get(4)?;
                Ok((
                    r.try_get(0)?,
                    r.try_get(1)?,
                    r.try_get(2)?,
                    State::from_key(&state).unwrap_or(State::Submitted),
                    Visibility::from_key(&visibility),
                    r.try_get(5)?,
                ))
            })
            .collect::<Result<_, sqlx::Error>>()
            .map_err(internal)
    }

    /// What the reporter sees: state, public timeline and feedback, never internal notes.
    pub async fn status(&self, receipt: &str, client: &str) -> Result<PublicStatus, PortalError> {
        let case = self.case_by_receipt(receipt, client).await?;
        self.public_status(&case).await
    }

    async fn public_status(&self, case: &CaseRow) -> Result<PublicStatus, PortalError> {
        let events = self.events(case.id).await?;
        let mut timeline = Vec::new();
        let mut feedback = None;
        let mut rating = None;
        let mut open_question = None;
        for (at, actor, action, _state, visibility, note) in &events {
            if *visibility != Visibility::Public {
                continue;
            }
            let from_reporter = actor == "reporter";
            match action.as_str() {
                "feedback" => feedback = Some(note.clone()),
                "rate" => rating = Some(note.clone()),
                "ask_reporter" => open_question = Some(note.clone()),
                "reporter_message" => open_question = None,
                _ => {}
            }
            let shown_note = match action.as_str() {
                "submitted" | "recorded" | "accept" | "forward" | "handle" | "close" => None,
                _ => Some(note.clone()).filter(|n| !n.is_empty()),
            };
            timeline.push(TimelineEntry { at: at.clone(), label: action_label(action).to_string(), note: shown_note, from_reporter });
        }
        let has_feedback = feedback.is_some();
        Ok(PublicStatus {
            case_number: case.case_number.clone(),
            kind: label(KINDS, &case.kind).to_string(),
            submitted_at: case.submitted_at.clone(),
            state: case.state,
            state_label: case.state.label().to_string(),
            timeline,
            feedback,
            rating: rating.clone(),
            can_rate: has_feedback && rating.is_none() && matches!(case.state, State::FeedbackGiven | State::Closed),
            can_object: matches!(case.state, State::FeedbackGiven | State::Closed | State::NotAccepted),
            open_question,
        })
    }

    /// A reporter's message (with files), rating or objection.
    pub async fn reporter_action(
        &self,
        receipt: &str,
        client: &str,
        action: Action,
        files: Vec<Evidence>,
    ) -> Result<(), PortalError> {
        if !matches!(action, Action::ReporterMessage { .. } | Action::Rate { .. } | Action::Object { .. }) {
            return Err(bad("不允许的操作 / not allowed"));
        }
        let kinds = check_files(&files)?;
        let case = self.case_by_receipt(receipt, client).await?;
        let status = self.public_status(&case).await?;
        let transition = apply(case.state, Actor::Reporter, &action, status.feedback.is_some()).map_err(bad)?;
        if matches!(action, Action::Rate { .. }) && status.rating.is_some() {
            return Err(bad("您已经评价过了 / You have already rated this case"));
        }
        let note = action.note();
        check_len(&note, 5000, "内容")?;
        self.append(&case, "reporter".into(), None, &action, transition.state, transition.visibility, note, |_| None, &files, &kinds)
            .await
    }

    #[allow(clippy::too_many_arguments)]
    async fn append(
        &self,
        case: &CaseRow,
        actor: String,
        actor_user_id: Option<i64>,
        action: &Action,
        state: State,
        visibility: Visibility,
        note: String,
        projection: impl Fn(&CaseRow) -> Option<(Option<String>, Option<i64>, Option<String>, Option<String>, Option<String>)>,
        files: &[Evidence],
        kinds: &[uploads::FileKind],
    ) -> Result<(), PortalError> {
        let data = serde_json::to_string(action).map_err(internal)?;
        let (area, assignee, unit, verify_due, feedback_due) = projection(case).unwrap_or((
            case.area.clone(),
            case.assignee_id,
            case.forwarded_unit.clone(),
            case.verify_due.clone(),
            case.feedback_due.clone(),
        ));
        let mails = self.mails_for(case, action).await?;
        let mut tx = self.db.pool.begin().await.map_err(internal)?;
        let event = NewEvent { actor, actor_user_id, action: action.key(), state, visibility, note, data };
        let event_id = insert_event(&mut tx, case.id, &event).await.map_err(internal)?;
        let updated = sqlx::query(
            "UPDATE complaint_status SET state = $2, area = $3, assignee_id = $4, forwarded_unit = $5, verify_due = $6, \
             feedback_due = $7, last_event_id = $8, updated_at = $9 WHERE complaint_id = $1 AND last_event_id = $10",
        )
        .bind(case.id)
        .bind(state.key())
        .bind(&area)
        .bind(assignee)
        .bind(&unit)
        .bind(&verify_due)
        .bind(&feedback_due)
        .bind(event_id)
        .bind(clock::now())
        .bind(case.last_event_id)
        .execute(&mut *tx)
        .await
        .map_err(internal)?;
        if updated.rows_affected() != 1 {
            return Err(bad("案件刚被他人更新，请刷新后重试 / The case was just changed by someone else, reload and retry"));
        }
        insert_files(&mut tx, &self.secrets, case.id, event_id, files, kinds).await.map_err(internal)?;
        for (kind, to, subject, body) in mails {
            mail::enqueue(&mut tx, &self.secrets, kind, Some(case.id), &to, &subject, &body).await.map_err(internal)?;
        }
        tx.commit().await.map_err(internal)?;
        Ok(())
    }

    /// Mail that an action causes: the unit of a forwarded case, and a named
    /// reporter with an e-mail address of feedback and questions.
    async fn mails_for(&self, case: &CaseRow, action: &Action) -> Result<Vec<(&'static str, String, String, String)>, PortalError> {
        let mut out = Vec::new();
        match action {
            Action::Forward { unit, due, .. } => {
                for user in self.auth.users_with_role(Role::Unit, Some(unit)).await.map_err(internal)? {
                    if let Some(email) = user.email {
                        out.push((
                            "forwarded",
                            email,
                            format!("转办核查 {}", case.case_number),
                            format!(
                                "{unit}:\n\n区纪委监委转来问题线索 {}，请于 {due} 前完成核查并在清单门户提交核查报告。\n（举报人信息依规保密，不随件转交。）",
                                case.case_number
                            ),
                        ));
                    }
                }
            }
            Action::Feedback { .. } | Action::AskReporter { .. } if !case.anonymous => {
                let email = self.identity_of(case.id).await?.map(|i| i.email).unwrap_or_default();
                if !email.is_empty() {
                    let what = if matches!(action, Action::Feedback { .. }) { "答复" } else { "提问" };
                    out.push((
                        if what == "答复" { "feedback" } else { "question" },
                        email,
                        format!("您反映的问题 {} 有新的{what}", case.case_number),
                        format!(
                            "您好：\n\n区纪委监委对您反映的问题（案件编号 {}）作出了{what}。\n请在清单门户“查询办理进度”页面凭回执码查看。\n\n本邮件不含回执码，请勿回复。",
                            case.case_number
                        ),
                    ));
                }
            }
            _ => {}
        }
        Ok(out)
    }

    async fn identity_of(&self, complaint_id: i64) -> Result<Option<Identity>, PortalError> {
        let sealed: Option<String> = sqlx::query("SELECT identity_sealed FROM complaints WHERE id = $1")
            .bind(complaint_id)
            .fetch_one(&self.db.pool)
            .await
            .map_err(internal)?
            .try_get(0)
            .map_err(internal)?;
        sealed
            .map(|s| self.secrets.open_text(&s).and_then(|json| Ok(serde_json::from_str(&json)?)))
            .transpose()
            .map_err(internal)
    }

    /// A case the user may see, or the same "not found" as for a case that does not
    /// exist: a unit cannot tell another unit's case from no case at all.
    async fn visible_case(&self, user: &StaffUser, number: &str) -> Result<CaseRow, PortalError> {
        let case = self.case_by_number(number).await?.ok_or_else(not_found)?;
        match user.role {
            Role::Commission => Ok(case),
            Role::Unit if case.forwarded_unit.is_some() && case.forwarded_unit == user.unit => Ok(case),
            _ => Err(not_found()),
        }
    }

    pub async fn queue(&self, user: &StaffUser, filter: &QueueFilter) -> Result<Vec<QueueItem>, PortalError> {
        let rows = match user.role {
            Role::Commission => sqlx::query(&format!("{SELECT_CASE} ORDER BY c.id DESC")).fetch_all(&self.db.pool).await,
            Role::Unit => {
                sqlx::query(&format!("{SELECT_CASE} WHERE s.forwarded_unit = $1 ORDER BY c.id DESC"))
                    .bind(user.unit.clone().unwrap_or_default())
                    .fetch_all(&self.db.pool)
                    .await
            }
            Role::Admin => return Err(PortalError::not_found("管理员账号不处理案件 / admins do not handle cases")),
        }
        .map_err(internal)?;
        let today = clock::today();
        let mut items: Vec<QueueItem> = rows
            .iter()
            .map(case_from_row)
            .collect::<Result<Vec<_>>>()
            .map_err(internal)?
            .into_iter()
            .filter(|c| filter.state.as_deref().is_none_or(|s| s == c.state.key()))
            .filter(|c| filter.kind.as_deref().is_none_or(|k| k == c.kind))
            .filter(|c| filter.unit.as_deref().is_none_or(|u| c.forwarded_unit.as_deref() == Some(u) || c.subject_unit == u))
            .filter(|c| !filter.overdue || c.overdue(&today))
            .map(|c| QueueItem {
                overdue: c.overdue(&today),
                due: c.due().map(str::to_string),
                case_number: c.case_number,
                kind: label(KINDS, &c.kind).to_string(),
                channel: label(CHANNELS, &c.channel).to_string(),
                subject_unit: c.subject_unit,
                state: c.state,
                submitted_at: c.submitted_at,
                area: c.area,
                forwarded_unit: c.forwarded_unit,
            })
            .collect();
        // New tips first, then overdue ones, then the rest, newest first.
        items.sort_by_key(|i| (i.state != State::Submitted, !i.overdue));
        Ok(items)
    }

    pub async fn case(&self, user: &StaffUser, number: &str) -> Result<StaffCase, PortalError> {
        let case = self.visible_case(user, number).await?;
        let unit_view = user.role == Role::Unit;
        let events = self
            .events(case.id)
            .await?
            .into_iter()
            .filter(|e| !unit_view || (e.4 != Visibility::Internal && !REPORTER_ONLY_FOR_COMMISSION.contains(&e.2.as_str())))
            .map(|(at, actor, action, state, visibility, note)| CaseEvent {
                at,
                actor: if actor.starts_with("staff:") { actor.trim_start_matches("staff:").to_string() } else if actor == "reporter" { "举报人".into() } else { actor },
                action: action_label(&action).to_string(),
                state,
                visibility,
                note,
            })
            .collect::<Vec<_>>();
        let rating = events.iter().rev().find(|e| e.action == action_label("rate")).map(|e| e.note.clone());
        let files = self.files_for(user, case.id).await?;
        let mails = if unit_view { Vec::new() } else { mail::status_for(&self.db, case.id).await.map_err(internal)? }
            .into_iter()
            .map(|m| MailInfo { kind: m.kind, created_at: m.created_at, attempts: m.attempts, sent_at: m.sent_at, last_error: m.last_error })
            .collect();
        let assignee = match case.assignee_id {
            Some(id) => self.auth.user(id).await.map_err(internal)?.map(|u| u.display_name),
            None => None,
        };
        let today = clock::today();
        Ok(StaffCase {
            overdue: case.overdue(&today),
            case_number: case.case_number,
            kind: label(KINDS, &case.kind).to_string(),
            channel: label(CHANNELS, &case.channel).to_string(),
            subject_unit: case.subject_unit,
            policy_code: case.policy_code,
            description: case.description,
            occurred_when: case.occurred_when,
            occurred_where: case.occurred_where,
            anonymous: case.anonymous,
            state: case.state,
            submitted_at: case.submitted_at,
            accept_due: case.accept_due,
            verify_due: case.verify_due,
            feedback_due: case.feedback_due,
            area: case.area,
            assignee,
            forwarded_unit: case.forwarded_unit,
            events,
            files,
            mails,
            rating,
        })
    }

    /// Evidence as a user may see it. A unit gets only the files of the tip itself (not
    /// those sent with later messages, which it does not see either), under neutral
    /// names ("证据1.png"), since a reporter's own file names can say who they are.
    async fn files_for(&self, user: &StaffUser, complaint_id: i64) -> Result<Vec<FileInfo>, PortalError> {
        if user.role == Role::Commission {
            return self.files(complaint_id, false).await;
        }
        let mut files = self.files(complaint_id, true).await?;
        for (i, f) in files.iter_mut().enumerate() {
            f.name = neutral_name(i, &f.name);
        }
        Ok(files)
    }

    async fn files(&self, complaint_id: i64, tip_only: bool) -> Result<Vec<FileInfo>, PortalError> {
        let rows = sqlx::query(
            "SELECT f.id, f.name_sealed, f.content_type, f.size FROM complaint_files f \
             LEFT JOIN complaint_events e ON e.id = f.event_id \
             WHERE f.complaint_id = $1 AND ($2 = 0 OR e.action IN ('submitted', 'recorded')) ORDER BY f.id",
        )
        .bind(complaint_id)
        .bind(tip_only as i64)
            .fetch_all(&self.db.pool)
            .await
            .map_err(internal)?;
        rows.iter()
            .map(|r| {
                let sealed: String = r.try_get(1)?;
                Ok(FileInfo {
                    id: r.try_get(0)?,
                    name: self.secrets.open_text(&sealed)?,
                    content_type: r.try_get(2)?,
                    size: r.try_get(3)?,
                })
            })
            .collect::<Result<_>>()
            .map_err(internal)
    }

    /// An evidence file, decrypted, for a user who may see its case.
    pub async fn file(&self, user: &StaffUser, number: &str, file_id: i64) -> Result<(String, String, Vec<u8>), PortalError> {
        let case = self.visible_case(user, number).await?;
        let row = sqlx::query("SELECT name_sealed, content_type, content_sealed FROM complaint_files WHERE id = $1 AND complaint_id = $2")
            .bind(file_id)
            .bind(case.id)
            .fetch_optional(&self.db.pool)
            .await
            .map_err(internal)?
            .ok_or_else(not_found)?;
        let name = self
            .files_for(user, case.id)
            .await?
            .into_iter()
            .find(|f| f.id == file_id)
            .map(|f| f.name)
            .ok_or_else(not_found)?;
        let sealed: Vec<u8> = row.try_get(2).map_err(internal)?;
        Ok((
            name,
            row.try_get(1).map_err(internal)?,
            self.secrets.open(&sealed).map_err(internal)?,
        ))
    }

    /// A staff action on a case, recorded as an event with actor and time.
    pub async fn act(&self, user: &StaffUser, number: &str, action: Action) -> Result<(), PortalError> {
        if matches!(action, Action::RevealIdentity { .. }) {
            return self.reveal(user, number, &action).await.map(|_| ());
        }
        let case = self.visible_case(user, number).await?;
        let status = self.public_status(&case).await?;
        let today = clock::today();
        let action = match action {
            Action::Forward { unit, due, instructions } if due.trim().is_empty() => {
                Action::Forward { unit, due: add_working_days(&today, self.deadlines.verify_days), instructions }
            }
            other => other,
        };
        let transition = apply(case.state, Actor::Staff(user.role), &action, status.feedback.is_some()).map_err(bad)?;
        let note = action.note();
        check_len(&note, 5000, "内容")?;
        if let Action::Forward { unit, due, .. } = &action {
            let known = sqlx::query("SELECT id FROM units WHERE name = $1")
                .bind(unit)
                .fetch_optional(&self.db.pool)
                .await
                .map_err(internal)?;
            if known.is_none() {
                return Err(bad(format!("未知单位「{unit}」/ unknown unit")));
            }
            if NaiveDate::parse_from_str(due, "%Y-%m-%d").is_err() || due.as_str() < today.as_str() {
                return Err(bad("核查期限应为今天或以后的日期 / the due date must be today or later"));
            }
        }
        if let Action::Assign { user_id } = &action {
            let handlers = self.auth.users_with_role(Role::Commission, None).await.map_err(internal)?;
            if !handlers.iter().any(|u| u.id == *user_id) {
                return Err(bad("承办人须为纪委监委账号 / the handler must be a commission account"));
            }
        }
        let merge_target = match &action {
            Action::Merge { into_case } => match self.case_by_number(into_case.trim()).await? {
                Some(target) if target.case_number != number && !matches!(target.state, State::Closed | State::NotAccepted) => Some(target),
                Some(target) if target.case_number != number => {
                    return Err(bad("只能并入尚在办理的案件 / merge only into a case that is still open"))
                }
                _ => return Err(bad("要合并到的案件不存在 / the case to merge into does not exist")),
            },
            _ => None,
        };
        let feedback_days = self.deadlines.feedback_days;
        let action_for_projection = action.clone();
        let projection = move |c: &CaseRow| {
            let mut p = (c.area.clone(), c.assignee_id, c.forwarded_unit.clone(), c.verify_due.clone(), c.feedback_due.clone());
            match &action_for_projection {
                Action::Accept | Action::Reopen { .. } | Action::Object { .. } => {
                    p.4 = Some(add_working_days(&today, feedback_days));
                }
                Action::TagArea { area } => p.0 = Some(area.clone()),
                Action::Assign { user_id } => p.1 = Some(*user_id),
                Action::Forward { unit, due, .. } => {
                    p.2 = Some(unit.clone());
                    p.3 = Some(due.clone());
                }
                _ => {}
            }
            Some(p)
        };
        let actor = format!("staff:{}", user.display_name);
        self.append(&case, actor.clone(), Some(user.id), &action, transition.state, transition.visibility, note, projection, &[], &[])
            .await?;
        if let Some(mut target) = merge_target {
            // The duplicate is closed already; the note on the target is retried on a fresh
            // read if someone acted on the target in between.
            let link = Action::InternalNote { note: format!("案件 {number} 反映同一问题，已并入本案 / case {number} was merged into this one") };
            let mut attempts = 0;
            loop {
                let written = self
                    .append(&target, actor.clone(), Some(user.id), &link, target.state, Visibility::Internal, link.note(), |_| None, &[], &[])
                    .await;
                attempts += 1;
                match written {
                    Ok(()) => break,
                    Err(e) if attempts < 5 => {
                        tracing::info!("merge note retried: {e}");
                        target = self.case_by_number(&target.case_number).await?.ok_or_else(not_found)?;
                    }
                    Err(e) => return Err(e),
                }
            }
        }
        Ok(())
    }

    /// Shows a named reporter's identity to the commission; the reason is logged in
    /// the case history first, so no one sees an identity without a trace.
    pub async fn reveal(&self, user: &StaffUser, number: &str, action: &Action) -> Result<Option<Identity>, PortalError> {
        let case = self.visible_case(user, number).await?;
        let transition = apply(case.state, Actor::Staff(user.role), action, false).map_err(bad)?;
        if case.anonymous {
            return Err(bad("匿名举报没有身份信息 / an anonymous report has no identity"));
        }
        let actor = format!("staff:{}", user.display_name);
        self.append(&case, actor, Some(user.id), action, transition.state, transition.visibility, action.note(), |_| None, &[], &[])
            .await?;
        self.identity_of(case.id).await
    }
}
