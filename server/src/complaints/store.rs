//! Complaint storage: the rows of cases, events and files, read as named structs.
//! Events are only ever appended; the status row is their projection.

use anyhow::Result;
use app::complaints::model::{Attention, EventKind, State, Visibility};
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};

use super::access::QueueScope;
use super::validate::Evidence;
use crate::platform::uploads;
use crate::platform::clock;
use crate::platform::crypto::Secrets;
use crate::platform::db::Db;

const SELECT_CASE: &str = "SELECT c.id, c.case_number, c.kind, c.channel, c.subject_unit, c.policy_code, \
    c.description, c.occurred_when, c.occurred_where, c.anonymous, c.submitted_at, c.accept_due, \
    s.state, s.area, s.assignee_id, s.forwarded_unit, s.verify_due, s.feedback_due, s.last_event_id, s.question_no, s.attention \
    FROM complaints c JOIN complaint_status s ON s.complaint_id = c.id";

/// A case and its current status, as one row.
pub struct CaseRow {
    pub id: i64,
    pub case_number: String,
    pub kind: String,
    pub channel: String,
    pub subject_unit: String,
    pub policy_code: Option<String>,
    /// The reporter's words, sealed to this case ([`CaseRow::text`] opens them).
    pub description_sealed: String,
    pub occurred_when_sealed: String,
    pub occurred_where_sealed: String,
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
    pub attention: Option<Attention>,
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
        description_sealed: row.try_get(6)?,
        occurred_when_sealed: row.try_get(7)?,
        occurred_where_sealed: row.try_get(8)?,
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
        attention: row.try_get::<Option<String>, _>(20)?.as_deref().and_then(Attention::from_key),
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
    fn label(self) -> &'static str {
        match self {
            Deadline::Accept => "受理期限",
            Deadline::Verify => "核查期限",
            Deadline::Feedback => "反馈期限",
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

/// The binding a case's sealed column is authenticated with: its table, column and
/// case number (drawn before the row is written, and never changed).
pub fn case_binding(column: &str, case_number: &str) -> String {
    format!("complaints.{column}/{case_number}")
}

/// The binding of an event's sealed column: its id.
pub fn event_binding(column: &str, event_id: i64) -> String {
    format!("complaint_events.{column}/{event_id}")
}

/// The reporter's own words of a case, opened.
pub struct CaseText {
    pub description: String,
    pub occurred_when: String,
    pub occurred_where: String,
}

impl CaseRow {
    pub fn text(&self, secrets: &Secrets) -> Result<CaseText> {
        let open = |column: &str, sealed: &str| secrets.open_bound_or_clear(&case_binding(column, &self.case_number), sealed);
        Ok(CaseText {
            description: open("description", &self.description_sealed)?,
            occurred_when: open("occurred_when", &self.occurred_when_sealed)?,
            occurred_where: open("occurred_where", &self.occurred_where_sealed)?,
        })
    }

    pub fn due(&self) -> Option<&str> {
        self.current_due().map(|(_, date)| date)
    }
    /// The deadline it runs against now, named (受理期限 …).
    pub fn current_due(&self) -> Option<(&'static str, &str)> {
        deadlines(self.state).iter().find_map(|deadline| {
            let date = match deadline {
                Deadline::Accept => Some(self.accept_due.as_str()),
                Deadline::Verify => self.verify_due.as_deref(),
                Deadline::Feedback => self.feedback_due.as_deref(),
            }?;
            Some((deadline.label(), date))
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

/// How many cases are in one state.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StateCount {
    pub state: State,
    pub count: i64,
}

/// How many cases are in each state, every state listed (0 included).
pub async fn count_states(db: &Db) -> Result<Vec<StateCount>> {
    let rows = sqlx::query("SELECT state, COUNT(*) FROM complaint_status GROUP BY state").fetch_all(&db.pool).await?;
    let mut counts: Vec<StateCount> = State::ALL.into_iter().map(|state| StateCount { state, count: 0 }).collect();
    for row in rows {
        let state: String = row.try_get(0)?;
        if let Some(slot) = counts.iter_mut().find(|c| c.state.key() == state) {
            slot.count = row.try_get(1)?;
        }
    }
    Ok(counts)
}

/// The case whose `column` (a unique one) holds `value`.
async fn case_where(db: &Db, column: &str, value: &str) -> Result<Option<CaseRow>> {
    sqlx::query(&format!("{SELECT_CASE} WHERE c.{column} = $1"))
        .bind(value)
        .fetch_optional(&db.pool)
        .await?
        .map(|r| case_from_row(&r))
        .transpose()
}

/// The case whose receipt has this keyed hash.
pub async fn case_by_receipt_hash(db: &Db, receipt_hash: &str) -> Result<Option<CaseRow>> {
    case_where(db, "receipt_hash", receipt_hash).await
}

pub async fn case_by_number(db: &Db, case_number: &str) -> Result<Option<CaseRow>> {
    case_where(db, "case_number", case_number).await
}

/// The cases of a staff queue, newest first.
pub async fn queue(db: &Db, scope: &QueueScope) -> Result<Vec<CaseRow>> {
    let rows = match scope {
        QueueScope::All => sqlx::query(&format!("{SELECT_CASE} ORDER BY c.id DESC")).fetch_all(&db.pool).await?,
        QueueScope::ForwardedTo(unit) => {
            sqlx::query(&format!("{SELECT_CASE} WHERE s.forwarded_unit = $1 ORDER BY c.id DESC"))
                .bind(unit)
                .fetch_all(&db.pool)
                .await?
        }
    };
    rows.iter().map(case_from_row).collect()
}

/// The sealed identity of a named reporter (`None` for an anonymous tip).
pub async fn sealed_identity(db: &Db, complaint_id: i64) -> Result<Option<String>> {
    Ok(sqlx::query("SELECT identity_sealed FROM complaints WHERE id = $1")
        .bind(complaint_id)
        .fetch_one(&db.pool)
        .await?
        .try_get(0)?)
}

/// The advisory lock that serialises merges on PostgreSQL.
const MERGE_LOCK: i64 = 0x7164_6d65_7267; // "qdmerg"

/// Serialises merges until the transaction ends. On PostgreSQL one advisory lock for
/// all merges; SQLite needs none, since the transaction already holds the write lock.
pub async fn lock_merges(conn: &mut AnyConnection) -> Result<()> {
    if conn.backend_name() == "PostgreSQL" {
        sqlx::query("SELECT pg_advisory_xact_lock($1)").bind(MERGE_LOCK).execute(&mut *conn).await?;
    }
    Ok(())
}

/// The state of a case, by its number (`None` for no such case, or a state this
/// version does not know).
pub async fn state_by_number(conn: &mut AnyConnection, case_number: &str) -> Result<Option<State>> {
    let state: Option<String> = sqlx::query_scalar(
        "SELECT s.state FROM complaint_status s JOIN complaints c ON c.id = s.complaint_id WHERE c.case_number = $1",
    )
    .bind(case_number)
    .fetch_optional(&mut *conn)
    .await?;
    Ok(state.as_deref().and_then(State::from_key))
}

/// Moves a case's status row to `state` and `projection` after the event `event_id`,
/// if its last event is still `last_event_id` (optimistic check). Returns whether it was.
pub async fn update_status(
    conn: &mut AnyConnection,
    complaint_id: i64,
    state: State,
    projection: &Projection,
    event_id: i64,
    last_event_id: i64,
) -> Result<bool> {
    let p = projection;
    let updated = sqlx::query(
        "UPDATE complaint_status SET state = $2, area = $3, assignee_id = $4, forwarded_unit = $5, verify_due = $6, \
         feedback_due = $7, last_event_id = $8, updated_at = $9, question_no = $11, attention = $12 WHERE complaint_id = $1 AND last_event_id = $10",
    )
    .bind(complaint_id)
    .bind(state.key())
    .bind(&p.area)
    .bind(p.assignee_id)
    .bind(&p.forwarded_unit)
    .bind(&p.verify_due)
    .bind(&p.feedback_due)
    .bind(event_id)
    .bind(clock::now())
    .bind(last_event_id)
    .bind(p.question)
    .bind(p.attention.map(Attention::key))
    .execute(&mut *conn)
    .await?;
    Ok(updated.rows_affected() == 1)
}

/// One event of a case's history.
pub struct EventRow {
    pub id: i64,
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

fn event_from_row(r: &AnyRow, secrets: &Secrets) -> Result<Option<EventRow>> {
    let kind: String = r.try_get(2)?;
    let state: String = r.try_get(3)?;
    let visibility: String = r.try_get(4)?;
    // An event kind from a newer version is skipped, not shown as something else.
    let Some(kind) = EventKind::from_key(&kind) else { return Ok(None) };
    let id: i64 = r.try_get(7)?;
    let note: String = r.try_get(5)?;
    Ok(Some(EventRow {
        id,
        at: r.try_get(0)?,
        actor: r.try_get(1)?,
        kind,
        state: State::from_key(&state).unwrap_or(State::Submitted),
        visibility: Visibility::from_key(&visibility),
        note: secrets.open_bound_or_clear(&event_binding("note", id), &note)?,
        actor_unit: r.try_get(6)?,
    }))
}

const SELECT_EVENTS: &str = "SELECT e.at, e.actor, e.action, e.state, e.visibility, e.note, un.name, e.id FROM complaint_events e \
     LEFT JOIN staff_users su ON su.id = e.actor_user_id LEFT JOIN units un ON un.id = su.unit_id \
     WHERE e.complaint_id = $1 ORDER BY e.id";

/// A case's events, oldest first, their notes opened; kinds this version does not know
/// are left out.
pub async fn events(db: &Db, secrets: &Secrets, complaint_id: i64) -> Result<Vec<EventRow>> {
    let rows = sqlx::query(SELECT_EVENTS).bind(complaint_id).fetch_all(&db.pool).await?;
    let events: Vec<Option<EventRow>> = rows.iter().map(|r| event_from_row(r, secrets)).collect::<Result<_>>()?;
    Ok(events.into_iter().flatten().collect())
}

pub struct NewEvent {
    pub actor: String,
    pub actor_user_id: Option<i64>,
    pub kind: EventKind,
    pub state: State,
    pub visibility: Visibility,
    pub note: String,
    pub data: String,
}

/// Appends an event. Its note and data are sealed to the event's id, so the row is
/// written first with neither and completed in the same transaction.
pub async fn insert_event(conn: &mut AnyConnection, secrets: &Secrets, complaint_id: i64, e: &NewEvent) -> Result<i64> {
    let id: i64 = sqlx::query(
        "INSERT INTO complaint_events (complaint_id, at, actor, actor_user_id, action, state, visibility, note, data) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, '', '') RETURNING id",
    )
    .bind(complaint_id)
    .bind(clock::now())
    .bind(&e.actor)
    .bind(e.actor_user_id)
    .bind(e.kind.key())
    .bind(e.state.key())
    .bind(e.visibility.key())
    .fetch_one(&mut *conn)
    .await?
    .try_get(0)?;
    sqlx::query("UPDATE complaint_events SET note = $2, data = $3 WHERE id = $1")
        .bind(id)
        .bind(secrets.seal_bound(&event_binding("note", id), &e.note))
        .bind(secrets.seal_bound(&event_binding("data", id), &e.data))
        .execute(&mut *conn)
        .await?;
    Ok(id)
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
            "INSERT INTO complaint_files (complaint_id, event_id, name_sealed, content_type, size, content_digest, content_sealed) \
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(complaint_id)
        .bind(event_id)
        .bind(secrets.seal_text(&file.name))
        .bind(kind.content_type())
        .bind(file.bytes.len() as i64)
        .bind(secrets.file_digest(&file.bytes))
        .bind(secrets.seal(&file.bytes))
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

/// One evidence file as listed, its name still sealed.
pub struct FileRow {
    pub id: i64,
    pub name_sealed: String,
    pub content_type: String,
    pub size: i64,
    /// When it came, and with which step (`EventKind` key): the tip, a later message …
    pub added_at: Option<String>,
    pub added_with: Option<String>,
}

/// The content of one evidence file, still sealed.
pub struct FileContent {
    pub content_type: String,
    pub content_sealed: Vec<u8>,
}

/// `'submitted', 'recorded'`: the event kinds that file a tip, for an SQL `IN` list.
fn filing_kinds_sql() -> String {
    EventKind::ALL.into_iter().filter(|k| k.is_filing()).map(|k| format!("'{}'", k.key())).collect::<Vec<_>>().join(", ")
}

/// The files of a case in the order they came; with `tip_only`, only those sent with
/// the tip itself (not with later messages).
pub async fn files(db: &Db, complaint_id: i64, tip_only: bool) -> Result<Vec<FileRow>> {
    let rows = sqlx::query(&format!(
        "SELECT f.id, f.name_sealed, f.content_type, f.size, e.at, e.action FROM complaint_files f \
         LEFT JOIN complaint_events e ON e.id = f.event_id \
         WHERE f.complaint_id = $1 AND ($2 = 0 OR e.action IN ({})) ORDER BY f.id",
        filing_kinds_sql()
    ))
    .bind(complaint_id)
    .bind(tip_only as i64)
    .fetch_all(&db.pool)
    .await?;
    rows.iter()
        .map(|r| -> Result<FileRow> {
            Ok(FileRow {
                id: r.try_get(0)?,
                name_sealed: r.try_get(1)?,
                content_type: r.try_get(2)?,
                size: r.try_get(3)?,
                added_at: r.try_get(4)?,
                added_with: r.try_get(5)?,
            })
        })
        .collect()
}

/// How many files a case holds.
pub async fn count_files(db: &Db, complaint_id: i64) -> Result<i64> {
    Ok(sqlx::query("SELECT COUNT(*) FROM complaint_files WHERE complaint_id = $1")
        .bind(complaint_id)
        .fetch_one(&db.pool)
        .await?
        .try_get(0)?)
}

/// One file of a case (`None` if the case has no file of that id).
pub async fn file_content(db: &Db, complaint_id: i64, file_id: i64) -> Result<Option<FileContent>> {
    sqlx::query("SELECT content_type, content_sealed FROM complaint_files WHERE id = $1 AND complaint_id = $2")
        .bind(file_id)
        .bind(complaint_id)
        .fetch_optional(&db.pool)
        .await?
        .map(|r| -> Result<FileContent> { Ok(FileContent { content_type: r.try_get(0)?, content_sealed: r.try_get(1)? }) })
        .transpose()
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
    pub attention: Option<Attention>,
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
            attention: case.attention,
        }
    }
}

#[cfg(test)]
mod tests;

/// What the public may know of a case (Open311 reads): never a word the reporter wrote,
/// nor who they are, nor the unit concerned.
#[derive(Clone, Debug)]
pub struct PublicCase {
    pub case_number: String,
    pub kind: String,
    pub submitted_at: String,
    pub state: String,
    pub updated_at: String,
    pub accept_due: String,
    pub verify_due: Option<String>,
    pub feedback_due: Option<String>,
}

/// Which public cases to list: by numbers (then nothing else counts), or by kinds, a
/// submission window `[from, until]` (local times) and open or closed.
pub struct PublicFilter {
    pub numbers: Vec<String>,
    pub kinds: Vec<String>,
    pub from: String,
    pub until: String,
    pub closed: Option<bool>,
    pub limit: i64,
}

pub async fn public_cases(db: &Db, f: &PublicFilter) -> Result<Vec<PublicCase>> {
    // Leads the commission found itself (inspections, special supervision) are not tips
    // anyone filed: they are not listed.
    let mut sql = String::from(
        "SELECT c.case_number, c.kind, c.submitted_at, s.state, s.updated_at, c.accept_due, s.verify_due, s.feedback_due \
         FROM complaints c JOIN complaint_status s ON s.complaint_id = c.id WHERE c.channel NOT IN ('inspection', 'special') AND ",
    );
    let mut binds: Vec<String> = Vec::new();
    let placeholder = |value: &str, binds: &mut Vec<String>| {
        binds.push(value.to_string());
        format!("${}", binds.len())
    };
    if !f.numbers.is_empty() {
        let list: Vec<String> = f.numbers.iter().map(|n| placeholder(n, &mut binds)).collect();
        sql.push_str(&format!("c.case_number IN ({})", list.join(", ")));
    } else {
        let (from, until) = (placeholder(&f.from, &mut binds), placeholder(&f.until, &mut binds));
        sql.push_str(&format!("c.submitted_at >= {from} AND c.submitted_at <= {until}"));
        if !f.kinds.is_empty() {
            let list: Vec<String> = f.kinds.iter().map(|k| placeholder(k, &mut binds)).collect();
            sql.push_str(&format!(" AND c.kind IN ({})", list.join(", ")));
        }
        let ended = format!("('{}', '{}')", State::Closed.key(), State::NotAccepted.key());
        match f.closed {
            Some(true) => sql.push_str(&format!(" AND s.state IN {ended}")),
            Some(false) => sql.push_str(&format!(" AND s.state NOT IN {ended}")),
            None => {}
        }
    }
    sql.push_str(&format!(" ORDER BY c.submitted_at DESC, c.id DESC LIMIT {}", f.limit.clamp(1, 1000)));
    let mut query = sqlx::query(&sql);
    for b in &binds {
        query = query.bind(b);
    }
    let rows = query.fetch_all(&db.pool).await?;
    rows.iter()
        .map(|r| {
            Ok(PublicCase {
                case_number: r.try_get(0)?,
                kind: r.try_get(1)?,
                submitted_at: r.try_get(2)?,
                state: r.try_get(3)?,
                updated_at: r.try_get(4)?,
                accept_due: r.try_get(5)?,
                verify_due: r.try_get(6)?,
                feedback_due: r.try_get(7)?,
            })
        })
        .collect()
}
