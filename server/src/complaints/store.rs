//! Complaint storage: the rows of cases, events and files, read as named structs.
//! Events are only ever appended; the status row is their projection.

use anyhow::Result;
use app::complaints::model::{EventKind, State, Visibility};
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};

use super::validate::Evidence;
use crate::platform::uploads;
use crate::platform::clock;
use crate::platform::crypto::{sha256_hex, Secrets};
use crate::platform::db::Db;

pub const SELECT_CASE: &str = "SELECT c.id, c.case_number, c.kind, c.channel, c.subject_unit, c.policy_code, \
    c.description, c.occurred_when, c.occurred_where, c.anonymous, c.submitted_at, c.accept_due, \
    s.state, s.area, s.assignee_id, s.forwarded_unit, s.verify_due, s.feedback_due, s.last_event_id, s.question_no \
    FROM complaints c JOIN complaint_status s ON s.complaint_id = c.id";

/// A case and its current status, as one row.
pub struct CaseRow {
    pub id: i64,
    pub case_number: String,
    pub kind: String,
    pub channel: String,
    pub subject_unit: String,
    pub policy_code: Option<String>,
    pub description: String,
    pub occurred_when: String,
    pub occurred_where: String,
    pub anonymous: bool,
    pub submitted_at: String,
    pub accept_due: String,
    pub state: State,
    pub area: Option<String>,
    pub assignee_id: Option<i64>,
    pub forwarded_unit: Option<String>,
    pub verify_due: Option<String>,
    pub feedback_due: Option<String>,
    pub last_event_id: i64,
    pub question: Option<i64>,
}

pub fn case_from_row(row: &AnyRow) -> Result<CaseRow> {
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
        question: row.try_get(19)?,
    })
}

/// The deadlines a case can run against, as stored.
#[derive(Clone, Copy)]
enum Deadline {
    Accept,
    Verify,
    Feedback,
}

impl Deadline {
    /// Its column in [`SELECT_CASE`]'s join.
    fn column(self) -> &'static str {
        match self {
            Deadline::Accept => "c.accept_due",
            Deadline::Verify => "s.verify_due",
            Deadline::Feedback => "s.feedback_due",
        }
    }
}

/// The one rule of which deadline a case in a state runs against: the first of these
/// that is set. The queue ([`CaseRow::due`]) and the overdue count ([`count_overdue`])
/// both read it, so they cannot disagree.
fn deadlines(state: State) -> &'static [Deadline] {
    match state {
        State::Submitted => &[Deadline::Accept],
        State::Verifying => &[Deadline::Verify, Deadline::Feedback],
        State::Accepted | State::Handled => &[Deadline::Feedback],
        State::NotAccepted | State::FeedbackGiven | State::Closed => &[],
    }
}

impl CaseRow {
    pub fn due(&self) -> Option<&str> {
        deadlines(self.state).iter().find_map(|deadline| match deadline {
            Deadline::Accept => Some(self.accept_due.as_str()),
            Deadline::Verify => self.verify_due.as_deref(),
            Deadline::Feedback => self.feedback_due.as_deref(),
        })
    }
    pub fn overdue(&self, today: &str) -> bool {
        self.due().is_some_and(|due| due < today)
    }
}

/// [`CaseRow::overdue`] as one count in SQL (`$1` = today): only the states that have a
/// deadline are read, through the index on `complaint_status(state)`.
fn overdue_count_sql() -> String {
    let mut states = Vec::new();
    let mut clauses = Vec::new();
    for state in State::ALL {
        let columns: Vec<&str> = deadlines(state).iter().map(|d| d.column()).collect();
        let due = match columns.as_slice() {
            [] => continue,
            [one] => one.to_string(),
            many => format!("COALESCE({})", many.join(", ")),
        };
        states.push(format!("'{}'", state.key()));
        clauses.push(format!("(s.state = '{}' AND {due} < $1)", state.key()));
    }
    format!(
        "SELECT COUNT(*) FROM complaint_status s JOIN complaints c ON c.id = s.complaint_id \
         WHERE s.state IN ({}) AND ({})",
        states.join(", "),
        clauses.join(" OR ")
    )
}

/// How many cases are past their deadline on `today`, as the queue flags them.
pub async fn count_overdue(db: &Db, today: &str) -> Result<i64> {
    Ok(sqlx::query(&overdue_count_sql()).bind(today).fetch_one(&db.pool).await?.try_get(0)?)
}

/// How many cases are in each state, every state listed (0 included).
pub async fn count_by_state(db: &Db) -> Result<Vec<(State, i64)>> {
    let rows = sqlx::query("SELECT state, COUNT(*) FROM complaint_status GROUP BY state").fetch_all(&db.pool).await?;
    let mut counts: Vec<(State, i64)> = State::ALL.into_iter().map(|s| (s, 0)).collect();
    for row in rows {
        let state: String = row.try_get(0)?;
        if let Some(slot) = counts.iter_mut().find(|(s, _)| s.key() == state) {
            slot.1 = row.try_get(1)?;
        }
    }
    Ok(counts)
}

/// One event of a case's history.
pub struct EventRow {
    pub at: String,
    pub actor: String,
    pub kind: EventKind,
    pub state: State,
    pub visibility: Visibility,
    pub note: String,
    /// The unit of the staff member who wrote the event, if a unit's.
    pub actor_unit: Option<String>,
}

impl EventRow {
    pub fn from_reporter(&self) -> bool {
        self.actor == REPORTER
    }
}

/// The actor of events a reporter caused.
pub const REPORTER: &str = "reporter";

pub fn event_from_row(r: &AnyRow) -> Result<Option<EventRow>> {
    let kind: String = r.try_get(2)?;
    let state: String = r.try_get(3)?;
    let visibility: String = r.try_get(4)?;
    // An event kind from a newer version is skipped, not shown as something else.
    let Some(kind) = EventKind::from_key(&kind) else { return Ok(None) };
    Ok(Some(EventRow {
        at: r.try_get(0)?,
        actor: r.try_get(1)?,
        kind,
        state: State::from_key(&state).unwrap_or(State::Submitted),
        visibility: Visibility::from_key(&visibility),
        note: r.try_get(5)?,
        actor_unit: r.try_get(6)?,
    }))
}

pub const SELECT_EVENTS: &str = "SELECT e.at, e.actor, e.action, e.state, e.visibility, e.note, un.name FROM complaint_events e \
     LEFT JOIN staff_users su ON su.id = e.actor_user_id LEFT JOIN units un ON un.id = su.unit_id \
     WHERE e.complaint_id = $1 ORDER BY e.id";

pub struct NewEvent {
    pub actor: String,
    pub actor_user_id: Option<i64>,
    pub kind: EventKind,
    pub state: State,
    pub visibility: Visibility,
    pub note: String,
    pub data: String,
}

pub async fn insert_event(conn: &mut AnyConnection, complaint_id: i64, e: &NewEvent) -> Result<i64> {
    Ok(sqlx::query(
        "INSERT INTO complaint_events (complaint_id, at, actor, actor_user_id, action, state, visibility, note, data) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
    )
    .bind(complaint_id)
    .bind(clock::now())
    .bind(&e.actor)
    .bind(e.actor_user_id)
    .bind(e.kind.key())
    .bind(e.state.key())
    .bind(e.visibility.key())
    .bind(&e.note)
    .bind(&e.data)
    .fetch_one(conn)
    .await?
    .try_get(0)?)
}

pub async fn insert_files(
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

/// The status columns an action may change.
#[derive(Clone, Debug)]
pub struct Projection {
    pub area: Option<String>,
    pub assignee_id: Option<i64>,
    pub forwarded_unit: Option<String>,
    pub verify_due: Option<String>,
    pub feedback_due: Option<String>,
    pub question: Option<i64>,
}

impl Projection {
    pub fn of(case: &CaseRow) -> Self {
        Self {
            area: case.area.clone(),
            assignee_id: case.assignee_id,
            forwarded_unit: case.forwarded_unit.clone(),
            verify_due: case.verify_due.clone(),
            feedback_due: case.feedback_due.clone(),
            question: case.question,
        }
    }
}
