//! The complaint workflow: reporters file tips and follow them by receipt; the
//! commission triages, forwards, handles and answers; units verify what they are sent.
//! Every write is one transaction that appends an event; the status row is a
//! projection of the events. Rules live beside it: `validate` (input), `access` (who
//! sees what), `notify` (mail), `store` (rows), `deadlines` (working days).

use std::sync::Arc;
use std::time::Duration;

use anyhow::Result;
use app::complaints::model::{
    apply, attention_after, label, Action, Actor, Attention, CaseEvent, CurrentDue, MailKind, TipSummary, EventKind, FileInfo, Identity, MailInfo, NewTip, PublicStatus,
    QueueFilter, QueueItem, Receipt, Role, StaffCase, State, TimelineEntry, Visibility, CHANNELS, KINDS,
};
use app::error::PortalError;
use chrono::NaiveDate;

pub use super::deadlines::Deadlines;
use super::intake::{Intake, NewCase, Recorder, TaggedQuestion};
use super::notify::{self, Mail};
use super::store::{self, insert_event, insert_files, CaseRow, EventRow, NewEvent, Projection, REPORTER};
use super::validate::{check_files, check_len, validate_tip, Evidence};
use super::access;
use super::limits::Limits;
use crate::platform::calendar;
use crate::platform::uploads;
use crate::error::internal;
use crate::platform::crypto::{new_receipt, Secrets};
use crate::platform::db::Db;
use crate::platform::metrics::KeyedCounters;
use crate::platform::throttle::Limiter;
use crate::platform::{clock, mail, units};
use crate::policies::store::PolicyStore;
use crate::services::store::ServiceStore;
use crate::supervision::questions::QuestionStore;
use crate::tasks::store::TaskStore;
use crate::staff::accounts::{Accounts, StaffUser};
use crate::web::flash::Flash;

pub struct ComplaintService {
    /// The portal's public address, for links in mails (QINGDAN_PUBLIC_URL).
    public_url: Option<String>,
    /// Changes to commission accounts waiting for another member (shown in the queue).
    pub approvals: Arc<crate::staff::approvals::Approvals>,
    db: Db,
    secrets: Arc<Secrets>,
    pub accounts: Arc<Accounts>,
    pub policies: Arc<PolicyStore>,
    /// The services a tip may be about ("此事项办不成").
    pub services: Arc<ServiceStore>,
    /// The reform tasks a tip may be about ("此任务未落实").
    pub tasks: Arc<TaskStore>,
    /// The supervision checklist a tip may point at.
    pub questions: Arc<QuestionStore>,
    pub deadlines: Deadlines,
    /// A receipt shown once on the page a tip redirects to.
    pub receipts: Flash<Receipt>,
    /// A refused tip, refilled into the form.
    pub drafts: Flash<app::complaints::model::TipDraft>,
    /// An identity just revealed: (user id, case number, identity).
    pub identities: Flash<(i64, String, Identity)>,
    /// Reporters following their case on /track: a token in a session cookie.
    pub receipt_sessions: super::receipt_sessions::ReceiptSessions,
    intake: Intake,
    tips_per_client: Limiter,
    anonymous_per_client: Limiter,
    tips_overall: Limiter,
    messages_per_case: Limiter,
    pub limits: Limits,
    receipt_per_client: Limiter,
    /// Wrong receipts from everyone together (guessing spread over many addresses).
    receipt_guesses_overall: Limiter,
    /// Tips committed to the database, by channel (`/metrics`).
    pub tips_received: KeyedCounters,
}

/// Wrong receipts from all clients together in ten minutes before look-ups pause.
pub const RECEIPT_GUESSES_OVERALL: u32 = 500;

fn not_found() -> PortalError {
    PortalError::not_found("未找到该案件，或回执码不正确 / No such case, or the receipt is wrong")
}

/// What staff are told of a case they may not see: the same whether it exists or not.
fn not_visible() -> PortalError {
    PortalError::not_found("无权查看或不存在该案件 / no such case, or not yours to see")
}

fn no_room() -> PortalError {
    PortalError::unavailable("存储空间不足，暂时不能接收附件：请先提交文字内容，或拨打 86757678 / storage is nearly full, files cannot be taken right now")
}

fn bad(msg: impl Into<String>) -> PortalError {
    PortalError::bad_request(msg)
}

/// An evidence file as a user may download it: decrypted, under the name they may see.
#[derive(Debug)]
pub struct EvidenceFile {
    pub name: String,
    pub content_type: String,
    pub bytes: Vec<u8>,
}

impl ComplaintService {
    pub fn new(
        db: Db,
        secrets: Arc<Secrets>,
        accounts: Arc<Accounts>,
        policies: Arc<PolicyStore>,
        services: Arc<ServiceStore>,
        tasks: Arc<TaskStore>,
        questions: Arc<QuestionStore>,
        deadlines: Deadlines,
        limits: Limits,
        public_url: Option<String>,
    ) -> Self {
        Self {
            public_url: public_url.clone(),
            approvals: Arc::new(crate::staff::approvals::Approvals::new(db.clone(), secrets.clone(), accounts.clone(), public_url.clone())),
            intake: Intake::start(db.clone(), secrets.clone()),
            db,
            secrets,
            accounts,
            policies,
            services,
            tasks,
            questions,
            deadlines,
            receipts: Flash::default(),
            drafts: Flash::default(),
            identities: Flash::default(),
            receipt_sessions: Default::default(),
            tips_per_client: Limiter::new(limits.tips_per_client, Duration::from_secs(10 * 60)),
            anonymous_per_client: Limiter::new(limits.anonymous_per_client, Duration::from_secs(10 * 60)),
            tips_overall: Limiter::new(limits.tips_per_minute, Duration::from_secs(60)),
            messages_per_case: Limiter::new(limits.messages_per_case, Duration::from_secs(60 * 60)),
            limits,
            receipt_per_client: Limiter::new(20, Duration::from_secs(10 * 60)),
            receipt_guesses_overall: Limiter::new(RECEIPT_GUESSES_OVERALL, Duration::from_secs(10 * 60)),
            tips_received: KeyedCounters::new(CHANNELS.iter().map(|(key, _)| *key)),
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
        let question = match tip.question.trim() {
            "" => None,
            n => {
                let q = n.parse::<u32>().ok();
                let found = match q {
                    Some(q) => self.questions.question(q).await.map_err(internal)?,
                    None => None,
                };
                Some(found.ok_or_else(|| bad("监督清单没有这一条 / no such checklist question"))?)
            }
        };
        let task = match tip.task.trim() {
            "" => None,
            code => match self.tasks.task(code).await.map_err(internal)? {
                Some(_) => Some(code.to_string()),
                None => return Err(bad("没有这一改革任务 / no such reform task")),
            },
        };
        if recorded_by.is_none() {
            // Per client first: a client already refused must not use up everyone's allowance.
            let client_ok = (!tip.anonymous || self.anonymous_per_client.allow(client)) && self.tips_per_client.allow(client);
            if !client_ok || !self.tips_overall.allow("all") {
                return Err(PortalError::too_many(
                    "提交过于频繁，请稍后再试；如情况紧急请拨打 86757678 / Too many reports from here, please try again later",
                ));
            }
        }
        if !files.is_empty() && !self.limits.disk_has_room() {
            return Err(no_room());
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
        let commission = self.accounts.users_with_role(Role::Commission, None).await.map_err(internal)?;
        let now = clock::now();
        let today = clock::today();
        let receipt = new_receipt();
        let case = NewCase {
            receipt_hash: self.secrets.receipt_hash(&receipt),
            receipt,
            accept_due: self.deadlines.accept_due(&today),
            channel: channel.to_string(),
            recorded_by: recorded_by.map(|u| Recorder { user_id: u.id, display_name: u.display_name.clone() }),
            identity_sealed,
            files,
            kinds,
            notify: commission.into_iter().filter_map(|u| u.email).collect(),
            question: question.map(|q| TaggedQuestion { number: q.number as i64, area: q.area }),
            task,
            tip,
            now,
            today,
            portal_url: self.public_url.clone(),
        };
        let receipt = self.intake.file(case).await?;
        self.tips_received.inc(channel);
        Ok(receipt)
    }

    async fn case_by_receipt(&self, receipt: &str, client: &str) -> Result<CaseRow, PortalError> {
        if !self.receipt_per_client.allow(client) || self.receipt_guesses_overall.blocked("all") {
            return Err(PortalError::too_many("查询过于频繁，请稍后再试 / Too many lookups, please try again later"));
        }
        let found = store::case_by_receipt_hash(&self.db, &self.secrets.receipt_hash(receipt)).await.map_err(internal)?;
        let Some(case) = found else {
            self.receipt_guesses_overall.allow("all");
            return Err(not_found());
        };
        // A right receipt takes back only its own attempt: wrong ones keep counting, so
        // guesses cannot hide between look-ups of one's own receipt.
        self.receipt_per_client.release(client);
        Ok(case)
    }

    async fn case_by_number(&self, number: &str) -> Result<Option<CaseRow>, PortalError> {
        store::case_by_number(&self.db, number).await.map_err(internal)
    }

    async fn events(&self, complaint_id: i64) -> Result<Vec<EventRow>, PortalError> {
        store::events(&self.db, &self.secrets, complaint_id).await.map_err(internal)
    }

    /// The public figures of the cases filed in the months `from..=to` (the dashboard);
    /// `units` are the district's units, the only 涉及单位 named in them.
    pub async fn figures(
        &self,
        from: (i32, u32),
        to: (i32, u32),
        units: &std::collections::HashSet<String>,
        today: chrono::NaiveDate,
    ) -> anyhow::Result<app::dashboard::model::TipFigures> {
        use app::dashboard::model::{month_text, next_month};
        let (start, until) = (format!("{}-01", month_text(from)), format!("{}-01", month_text(next_month(to))));
        let facts = super::figures::facts(&self.db, &self.secrets, &start, &until).await?;
        Ok(super::figures::aggregate(&facts, from, to, units, &self.deadlines, today))
    }

    /// What the reporter sees: state, public timeline and feedback, never internal notes.
    pub async fn status(&self, receipt: &str, client: &str) -> Result<PublicStatus, PortalError> {
        let case = self.case_by_receipt(receipt, client).await?;
        self.public_status(&case).await
    }

    async fn public_status(&self, case: &CaseRow) -> Result<PublicStatus, PortalError> {
        let events = self.events(case.id).await?;
        let mut timeline: Vec<TimelineEntry> = Vec::new();
        let mut feedback = None;
        let mut earlier_feedback = None;
        let mut feedback_line = None;
        let mut rating = None;
        let mut open_question = None;
        for e in events.iter().filter(|e| e.visibility == Visibility::Public) {
            match e.kind {
                EventKind::Feedback => {
                    feedback = Some(e.note.clone());
                    earlier_feedback = None;
                    feedback_line = Some(timeline.len());
                }
                // An objection or a reopening replaces the reply the reporter had.
                EventKind::Object | EventKind::Reopen => {
                    if let Some(line) = feedback_line.take() {
                        timeline[line].superseded = true;
                        earlier_feedback = feedback.take();
                    }
                }
                EventKind::Rate => rating = Some(e.note.clone()),
                EventKind::AskReporter => open_question = Some(e.note.clone()),
                EventKind::ReporterMessage => open_question = None,
                _ => {}
            }
            // Staff notes on these steps are for staff; the reporter reads what the step means.
            let shown_note = match e.kind.public_line() {
                Some(line) => Some(line.to_string()),
                None => Some(e.note.clone()).filter(|n| !n.is_empty()),
            };
            timeline.push(TimelineEntry {
                at: e.at.clone(),
                label: e.kind.label().to_string(),
                note: shown_note,
                from_reporter: e.from_reporter(),
                superseded: false,
            });
        }
        let has_feedback = feedback.is_some();
        let policy = match &case.policy_code {
            Some(code) => Some(self.policies.item(code).await.map_err(internal)?.map(|p| p.title).unwrap_or_else(|| code.clone())),
            None => None,
        };
        let files = store::files(&self.db, case.id, true).await.map_err(internal)?.len();
        let text = case.text(&self.secrets).map_err(internal)?;
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
            due: case.current_due().map(|(label, date)| CurrentDue {
                label: label.to_string(),
                date: date.to_string(),
                provisional: calendar::is_provisional_str(date),
            }),
            earlier_feedback,
            summary: TipSummary {
                subject_unit: case.subject_unit.clone(),
                policy,
                occurred_when: text.occurred_when,
                occurred_where: text.occurred_where,
                description: text.description,
                anonymous: case.anonymous,
                files,
            },
        })
    }

    /// A reporter's message (with files), rating or objection.
    pub async fn reporter_action(
        &self,
        receipt: &str,
        client: &str,
        action: Action,
        files: Vec<Evidence>,
    ) -> Result<String, PortalError> {
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
        if matches!(action, Action::ReporterMessage { .. } | Action::Object { .. }) && !self.messages_per_case.allow(&case.case_number) {
            return Err(PortalError::too_many("留言过于频繁，请稍后再试 / Too many messages on this case, please try again later"));
        }
        self.check_room(&case, &files).await?;
        // An objection reopens the case with a new deadline, flagged for its handler.
        let feedback_due = self.deadlines.feedback_due(&clock::today());
        let objection = matches!(action, Action::Object { .. });
        let projection = |c: &CaseRow| {
            objection.then(|| {
                let mut p = Projection::of(c);
                p.feedback_due = Some(feedback_due.clone());
                p
            })
        };
        self.append(&case, REPORTER.into(), None, &action, transition.state, transition.visibility, note, projection, &files, &kinds)
            .await?;
        Ok(action.done())
    }

    /// Room for more files on a case: within its cap, and on a disk not nearly full.
    async fn check_room(&self, case: &CaseRow, files: &[Evidence]) -> Result<(), PortalError> {
        if files.is_empty() {
            return Ok(());
        }
        let held = store::count_files(&self.db, case.id).await.map_err(internal)?;
        if held as usize + files.len() > self.limits.files_per_case as usize {
            let max = self.limits.files_per_case;
            return Err(bad(format!("本案件最多保存 {max} 个附件，已达上限 / a case holds at most {max} files")));
        }
        if !self.limits.disk_has_room() {
            return Err(no_room());
        }
        Ok(())
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
        projection: impl Fn(&CaseRow) -> Option<Projection>,
        files: &[Evidence],
        kinds: &[uploads::FileKind],
    ) -> Result<(), PortalError> {
        let data = serde_json::to_string(action).map_err(internal)?;
        let mut p = projection(case).unwrap_or_else(|| Projection::of(case));
        p.attention = attention_after(case.attention, action);
        let mails = self.mails_for(case, action).await?;
        let mut tx = self.db.pool.begin().await.map_err(internal)?;
        let event = NewEvent { actor, actor_user_id, kind: action.kind(), state, visibility, note, data };
        let event_id = insert_event(&mut tx, &self.secrets, case.id, &event).await.map_err(internal)?;
        if let Action::Merge { into_case } = action {
            // Inside the transaction, after its first write (SQLite: the write lock; PostgreSQL:
            // one lock for all merges): A into B and B into A at once cannot close both.
            store::lock_merges(&mut tx).await.map_err(internal)?;
            let target = store::state_by_number(&mut tx, into_case.trim()).await.map_err(internal)?;
            if !target.is_some_and(|s| !matches!(s, State::Closed | State::NotAccepted)) {
                tx.rollback().await.map_err(internal)?;
                return Err(bad("只能并入尚在办理的案件 / merge only into a case that is still open"));
            }
        }
        let updated = store::update_status(&mut tx, case.id, state, &p, event_id, case.last_event_id).await.map_err(internal)?;
        if !updated {
            return Err(bad("案件刚被他人更新，请刷新后重试 / The case was just changed by someone else, reload and retry"));
        }
        insert_files(&mut tx, &self.secrets, case.id, event_id, files, kinds).await.map_err(internal)?;
        for m in mails {
            mail::enqueue(&mut tx, &self.secrets, m.kind.key(), Some(case.id), &m.to, &m.subject, &m.body).await.map_err(internal)?;
        }
        tx.commit().await.map_err(internal)?;
        Ok(())
    }

    /// Mail that an action causes: the unit of a forwarded case, and a named
    /// reporter with an e-mail address of feedback and questions.
    async fn mails_for(&self, case: &CaseRow, action: &Action) -> Result<Vec<Mail>, PortalError> {
        let mut out = Vec::new();
        match action {
            Action::Forward { unit, due, .. } => {
                for user in self.accounts.users_with_role(Role::Unit, Some(unit)).await.map_err(internal)? {
                    if let Some(email) = user.email {
                        out.push(notify::forwarded(email, unit, due, &case.case_number, self.public_url.as_deref()));
                    }
                }
            }
            Action::Object { .. } | Action::UnitReport { .. } => {
                let kind = if matches!(action, Action::Object { .. }) { MailKind::Objection } else { MailKind::UnitReported };
                for email in self.handler_addresses(case).await? {
                    out.push(notify::to_handler(kind, email, &case.case_number, self.public_url.as_deref()));
                }
            }
            Action::Feedback { .. } | Action::AskReporter { .. } if !case.anonymous => {
                let email = self.identity_of(case.id).await?.map(|i| i.email).unwrap_or_default();
                if !email.is_empty() {
                    out.push(notify::to_reporter(email, matches!(action, Action::Feedback { .. }), &case.case_number, self.public_url.as_deref()));
                }
            }
            _ => {}
        }
        Ok(out)
    }

    /// Who hears of what a case's handler must see: the handler, or with none assigned
    /// (or no address), every commission member with an address.
    async fn handler_addresses(&self, case: &CaseRow) -> Result<Vec<String>, PortalError> {
        if let Some(id) = case.assignee_id {
            if let Some(email) = self.accounts.user(id).await.map_err(internal)?.and_then(|u| u.email) {
                return Ok(vec![email]);
            }
        }
        let commission = self.accounts.users_with_role(Role::Commission, None).await.map_err(internal)?;
        Ok(commission.into_iter().filter_map(|u| u.email).collect())
    }

    async fn identity_of(&self, complaint_id: i64) -> Result<Option<Identity>, PortalError> {
        let sealed = store::sealed_identity(&self.db, complaint_id).await.map_err(internal)?;
        sealed
            .map(|s| self.secrets.open_text(&s).and_then(|json| Ok(serde_json::from_str(&json)?)))
            .transpose()
            .map_err(internal)
    }

    /// A case the user may see, or the same "not found" as for a case that does not
    /// exist: a unit cannot tell another unit's case from no case at all.
    async fn visible_case(&self, user: &StaffUser, number: &str) -> Result<CaseRow, PortalError> {
        let case = self.case_by_number(number).await?.ok_or_else(not_visible)?;
        if access::may_see(user, &case) {
            Ok(case)
        } else {
            Err(not_visible())
        }
    }

    pub async fn queue(&self, user: &StaffUser, filter: &QueueFilter) -> Result<Vec<QueueItem>, PortalError> {
        let Some(scope) = access::queue_scope(user) else {
            return Err(PortalError::not_found("该账号不处理案件 / this account does not handle cases"));
        };
        let cases = store::queue(&self.db, &scope).await.map_err(internal)?;
        let today = clock::today();
        let mut items: Vec<QueueItem> = cases
            .into_iter()
            .filter(|c| filter.state.as_deref().is_none_or(|s| s == c.state.key()))
            .filter(|c| filter.kind.as_deref().is_none_or(|k| k == c.kind))
            .filter(|c| filter.unit.as_deref().is_none_or(|u| c.forwarded_unit.as_deref() == Some(u) || c.subject_unit == u))
            .filter(|c| !filter.overdue || c.overdue(&today))
            .filter(|c| filter.area.as_deref().is_none_or(|a| c.area.as_deref() == Some(a)))
            .filter(|c| filter.question.is_none_or(|q| c.question == Some(q as i64)))
            .map(|c| QueueItem {
                question: c.question.map(|q| q as u32),
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
                attention: c.attention,
            })
            .collect();
        // New tips first, then what waits for the commission's eyes, then overdue ones,
        // then the rest, newest first.
        items.sort_by_key(|i| (i.state != State::Submitted, i.attention.is_none(), !i.overdue));
        Ok(items)
    }

    pub async fn case(&self, user: &StaffUser, number: &str) -> Result<StaffCase, PortalError> {
        let case = self.visible_case(user, number).await?;
        let unit_view = user.role == Role::Unit;
        let rows: Vec<EventRow> = self.events(case.id).await?.into_iter().filter(|e| access::may_see_event(user, e)).collect();
        let rating = rows.iter().rev().find(|e| e.kind == EventKind::Rate).map(|e| e.note.clone());
        let events = rows
            .into_iter()
            .map(|e| CaseEvent {
                actor: if e.from_reporter() {
                    "举报人".into()
                } else {
                    e.actor.strip_prefix("staff:").unwrap_or(&e.actor).to_string()
                },
                at: e.at,
                action: e.kind.label().to_string(),
                state: e.state,
                visibility: e.visibility,
                note: e.note,
            })
            .collect::<Vec<_>>();
        let files = self.files_for(user, case.id).await?;
        let policy_title = match &case.policy_code {
            Some(code) => self.policies.item(code).await.map_err(internal)?.map(|item| item.title),
            None => None,
        };
        let mails = if unit_view { Vec::new() } else { mail::status_for(&self.db, case.id).await.map_err(internal)? }
            .into_iter()
            .map(|m| MailInfo { kind: m.kind, created_at: m.created_at, attempts: m.attempts, sent_at: m.sent_at, last_error: m.last_error })
            .collect();
        let assignee = match case.assignee_id {
            Some(id) => self.accounts.user(id).await.map_err(internal)?.map(|u| u.display_name),
            None => None,
        };
        let today = clock::today();
        let dues = [Some(&case.accept_due), case.verify_due.as_ref(), case.feedback_due.as_ref()];
        let text = case.text(&self.secrets).map_err(internal)?;
        let provisional_dues: Vec<String> =
            dues.into_iter().flatten().filter(|d| calendar::is_provisional_str(d)).cloned().collect();
        Ok(StaffCase {
            provisional_dues,
            overdue: case.overdue(&today),
            case_number: case.case_number,
            kind: label(KINDS, &case.kind).to_string(),
            channel: label(CHANNELS, &case.channel).to_string(),
            subject_unit: case.subject_unit,
            policy_code: case.policy_code,
            policy_title,
            description: text.description,
            occurred_when: text.occurred_when,
            occurred_where: text.occurred_where,
            anonymous: case.anonymous,
            state: case.state,
            submitted_at: case.submitted_at,
            accept_due: case.accept_due,
            verify_due: case.verify_due,
            feedback_due: case.feedback_due,
            area: case.area,
            question: case.question.map(|q| q as u32),
            assignee,
            forwarded_unit: case.forwarded_unit,
            events,
            files,
            mails,
            rating,
            attention: case.attention,
        })
    }

    /// Evidence as a user may see it. A unit gets only the files of the tip itself (not
    /// those sent with later messages, which it does not see either), under neutral
    /// names ("证据1.png"), since a reporter's own file names can say who they are.
    async fn files_for(&self, user: &StaffUser, complaint_id: i64) -> Result<Vec<FileInfo>, PortalError> {
        if access::sees_all_files(user) {
            return self.files(complaint_id, false).await;
        }
        let mut files = self.files(complaint_id, true).await?;
        for (i, f) in files.iter_mut().enumerate() {
            f.name = access::neutral_name(i, &f.name);
        }
        Ok(files)
    }

    async fn files(&self, complaint_id: i64, tip_only: bool) -> Result<Vec<FileInfo>, PortalError> {
        let rows = store::files(&self.db, complaint_id, tip_only).await.map_err(internal)?;
        rows.into_iter()
            .map(|r| {
                let source = r.added_with.as_deref().and_then(EventKind::from_key).map(EventKind::label).unwrap_or("").to_string();
                Ok(FileInfo {
                    id: r.id,
                    name: self.secrets.open_text(&r.name_sealed)?,
                    content_type: r.content_type,
                    size: r.size,
                    source,
                    added_at: r.added_at.unwrap_or_default(),
                })
            })
            .collect::<Result<_>>()
            .map_err(internal)
    }

    /// An evidence file, decrypted, for a user who may see its case.
    pub async fn evidence(&self, user: &StaffUser, number: &str, file_id: i64) -> Result<EvidenceFile, PortalError> {
        let case = self.visible_case(user, number).await?;
        let stored = store::file_content(&self.db, case.id, file_id).await.map_err(internal)?.ok_or_else(not_visible)?;
        let name = self
            .files_for(user, case.id)
            .await?
            .into_iter()
            .find(|f| f.id == file_id)
            .map(|f| f.name)
            .ok_or_else(not_visible)?;
        let original = self.secrets.open(&stored.content_sealed).map_err(internal)?;
        // A photo's GPS position or a document's author could name the reporter: units get
        // a cleaned copy, the commission the original.
        let bytes = if access::sees_all_files(user) {
            original
        } else {
            // Parsing a file a reporter sent is work for the blocking pool, not the async workers.
            tokio::task::spawn_blocking(move || crate::platform::metadata::strip(&original)).await.map_err(|e| internal(anyhow::Error::new(e)))?
        };
        Ok(EvidenceFile { name, content_type: stored.content_type, bytes })
    }

    /// A staff action on a case, recorded as an event with actor and time. Returns what
    /// to tell the person who acted.
    pub async fn act(&self, user: &StaffUser, number: &str, action: Action) -> Result<String, PortalError> {
        self.act_with_files(user, number, action, Vec::new()).await
    }

    /// [`Self::act`], with files for the steps that take them (a unit's report).
    pub async fn act_with_files(&self, user: &StaffUser, number: &str, action: Action, files: Vec<Evidence>) -> Result<String, PortalError> {
        if matches!(action, Action::RevealIdentity { .. }) {
            return self.reveal(user, number, &action).await.map(|_| action.done());
        }
        if !files.is_empty() && !matches!(action, Action::UnitReport { .. }) {
            return Err(bad("此操作不能附带文件 / this step takes no files"));
        }
        let kinds = check_files(&files)?;
        let case = self.visible_case(user, number).await?;
        if matches!(action, Action::UnitReport { .. }) && case.attention == Some(Attention::ReportIn) {
            return Err(bad("核查报告已提交，等待区纪委监委处理 / the report was already sent"));
        }
        self.check_room(&case, &files).await?;
        let status = self.public_status(&case).await?;
        let today = clock::today();
        let action = match action {
            Action::Forward { unit, due, instructions } if due.trim().is_empty() => {
                Action::Forward { unit, due: self.deadlines.verify_due(&today), instructions }
            }
            Action::TagQuestion { number, .. } => {
                let q = self.questions.question(number).await.map_err(internal)?.ok_or_else(|| bad("监督清单没有这一条 / no such checklist question"))?;
                Action::TagQuestion { number, area: q.area, question: q.question }
            }
            other => other,
        };
        let transition = apply(case.state, Actor::Staff(user.role), &action, status.feedback.is_some()).map_err(bad)?;
        let mut note = action.note();
        check_len(&note, 5000, "内容")?;
        if let Action::Forward { unit, due, .. } = &action {
            if unit.trim().is_empty() {
                return Err(bad("请选择核查单位 / choose the unit to verify"));
            }
            if !units::exists(&self.db, unit).await.map_err(internal)? {
                return Err(bad(format!("未知单位「{unit}」/ unknown unit")));
            }
            if !self.accounts.staffed_units().await.map_err(internal)?.contains(unit) {
                return Err(bad(format!(
                    "「{unit}」尚无单位账号，转交后无人能处理；请先请管理员为该单位开通账号 / the unit has no account to work the case"
                )));
            }
            if NaiveDate::parse_from_str(due, "%Y-%m-%d").is_err() || due.as_str() < today.as_str() {
                return Err(bad("核查期限应为今天或以后的日期 / the due date must be today or later"));
            }
        }
        if let Action::Assign { user_id } = &action {
            let handlers = self.accounts.users_with_role(Role::Commission, None).await.map_err(internal)?;
            let Some(handler) = handlers.iter().find(|u| u.id == *user_id) else {
                return Err(bad("承办人须为纪委监委账号 / the handler must be a commission account"));
            };
            // The log names the handler, not an account number.
            note = format!("承办人：{}", handler.display_name);
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
        let feedback_due = self.deadlines.feedback_due(&today);
        let action_for_projection = action.clone();
        let due_for_projection = feedback_due.clone();
        let projection = move |c: &CaseRow| {
            let mut p = Projection::of(c);
            match &action_for_projection {
                Action::Accept | Action::Reopen { .. } | Action::Object { .. } => {
                    p.feedback_due = Some(due_for_projection.clone());
                }
                Action::TagArea { area } => p.area = Some(area.clone()),
                Action::TagQuestion { number, area, .. } => {
                    p.area = Some(area.clone());
                    p.question = Some(*number as i64);
                }
                Action::Assign { user_id } => p.assignee_id = Some(*user_id),
                Action::Forward { unit, due, .. } => {
                    p.forwarded_unit = Some(unit.clone());
                    p.verify_due = Some(due.clone());
                }
                _ => {}
            }
            Some(p)
        };
        let actor = format!("staff:{}", user.display_name);
        self.append(&case, actor.clone(), Some(user.id), &action, transition.state, transition.visibility, note, projection, &files, &kinds)
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
        Ok(match action {
            Action::Accept | Action::Reopen { .. } => format!("{}；反馈期限 {feedback_due}", action.done()),
            other => other.done(),
        })
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
