//! Inspections against the checklist: one answer (是 / 否 / 不适用, with evidence) per
//! question; each 否 becomes a problem its unit rectifies by a working-day due date,
//! reported by the unit and closed out (or sent back) by the commission.

use std::collections::HashMap;

use anyhow::Result;
use app::error::PortalError;
use app::supervision::model::{
    Answer, InspectionSummary, Problem, ProblemEvent, ANSWERS, METHODS, PROBLEM_CLOSED, PROBLEM_CLOSING, PROBLEM_OPEN,
};
use sqlx::{AnyConnection, Row};

use crate::error::internal;
use crate::platform::calendar::add_working_days_str;
use crate::platform::clock;
use crate::platform::db::Db;
use crate::platform::units;

/// Working days a unit has to rectify a problem an inspection found.
pub const RECTIFY_WORKING_DAYS: u32 = 30;

/// An inspection as the commission records it.
#[derive(Clone, Debug, Default)]
pub struct NewInspection {
    pub unit: String,
    pub period: String,
    pub method: String,
    pub summary: String,
    pub answers: Vec<Answer>,
}

fn bad(message: impl Into<String>) -> PortalError {
    PortalError::bad_request(message)
}

pub struct Inspections {
    db: Db,
}

async fn event(conn: &mut AnyConnection, problem: i64, kind: &str, actor: i64, note: &str) -> Result<()> {
    sqlx::query("INSERT INTO problem_events (problem_id, at, kind, actor_id, note) VALUES ($1, $2, $3, $4, $5)")
        .bind(problem)
        .bind(clock::now())
        .bind(kind)
        .bind(actor)
        .bind(note)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

impl Inspections {
    pub fn new(db: Db) -> Self {
        Self { db }
    }

    /// Records an inspection and opens a problem for each 否, all in one transaction.
    pub async fn record(&self, new: &NewInspection, questions: &HashMap<u32, String>, recorded_by: i64) -> Result<i64, PortalError> {
        if !METHODS.contains(&new.method.as_str()) {
            return Err(bad(format!("检查方式应为 {} 之一 / unknown method", METHODS.join("、"))));
        }
        let period = new.period.trim();
        if period.is_empty() || period.chars().count() > 50 {
            return Err(bad("请填写检查期间（50 字以内）/ the period is required"));
        }
        if new.summary.chars().count() > 2000 {
            return Err(bad("检查情况概述最多 2000 字 / the summary is too long"));
        }
        let unit_id = units::id(&self.db.pool, new.unit.trim())
            .await
            .map_err(internal)?
            .ok_or_else(|| bad(format!("未知单位「{}」/ unknown unit", new.unit.trim())))?;
        let mut seen = std::collections::HashSet::new();
        for a in &new.answers {
            if !questions.contains_key(&a.number) || !seen.insert(a.number) {
                return Err(bad(format!("监督清单没有第 {} 条，或重复作答 / unknown or repeated question", a.number)));
            }
            if !ANSWERS.iter().any(|(k, _)| *k == a.answer) {
                return Err(bad(format!("第 {} 条的回答无效 / invalid answer", a.number)));
            }
            if a.evidence.chars().count() > 200 {
                return Err(bad(format!("第 {} 条的说明最多 200 字 / too long", a.number)));
            }
            if a.answer == "no" && a.evidence.trim().is_empty() {
                return Err(bad(format!("第 {} 条答“否”，请写明发现的问题 / describe the problem found", a.number)));
            }
        }
        let now = clock::now();
        let due = add_working_days_str(&clock::today(), RECTIFY_WORKING_DAYS);
        let mut tx = self.db.pool.begin().await.map_err(internal)?;
        let id: i64 = sqlx::query(
            "INSERT INTO inspections (unit_id, period, method, summary, recorded_by, recorded_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
        )
        .bind(unit_id)
        .bind(period)
        .bind(&new.method)
        .bind(new.summary.trim())
        .bind(recorded_by)
        .bind(&now)
        .fetch_one(&mut *tx)
        .await
        .and_then(|r| r.try_get(0))
        .map_err(internal)?;
        for a in &new.answers {
            sqlx::query("INSERT INTO inspection_answers (inspection_id, question_no, answer, evidence) VALUES ($1, $2, $3, $4)")
                .bind(id)
                .bind(a.number as i64)
                .bind(&a.answer)
                .bind(a.evidence.trim())
                .execute(&mut *tx)
                .await
                .map_err(internal)?;
            if a.answer == "no" {
                let problem: i64 = sqlx::query(
                    "INSERT INTO inspection_problems (inspection_id, question_no, description, due, state) VALUES ($1, $2, $3, $4, $5) RETURNING id",
                )
                .bind(id)
                .bind(a.number as i64)
                .bind(a.evidence.trim())
                .bind(&due)
                .bind(PROBLEM_OPEN)
                .fetch_one(&mut *tx)
                .await
                .and_then(|r| r.try_get(0))
                .map_err(internal)?;
                event(&mut tx, problem, "found", recorded_by, &format!("{}：{}，整改期限 {due}", new.method, a.evidence.trim())).await.map_err(internal)?;
            }
        }
        tx.commit().await.map_err(internal)?;
        Ok(id)
    }

    pub async fn summaries(&self) -> Result<Vec<InspectionSummary>> {
        let rows = sqlx::query(
            "SELECT i.id, u.name, i.period, i.method, i.recorded_at, \
             COUNT(CASE WHEN a.answer = 'yes' THEN 1 END), COUNT(CASE WHEN a.answer = 'no' THEN 1 END), COUNT(CASE WHEN a.answer = 'na' THEN 1 END) \
             FROM inspections i JOIN units u ON u.id = i.unit_id LEFT JOIN inspection_answers a ON a.inspection_id = i.id \
             GROUP BY i.id, u.name, i.period, i.method, i.recorded_at ORDER BY i.id DESC",
        )
        .fetch_all(&self.db.pool)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(InspectionSummary {
                    id: r.try_get(0)?,
                    unit: r.try_get(1)?,
                    period: r.try_get(2)?,
                    method: r.try_get(3)?,
                    recorded_at: r.try_get(4)?,
                    yes: r.try_get::<i64, _>(5)? as u32,
                    no: r.try_get::<i64, _>(6)? as u32,
                    na: r.try_get::<i64, _>(7)? as u32,
                })
            })
            .collect()
    }

    /// The problems (of one unit, or all), open ones first, with their timelines.
    pub async fn problems(&self, unit: Option<&str>, questions: &HashMap<u32, String>) -> Result<Vec<Problem>> {
        let sql = "SELECT p.id, p.inspection_id, u.name, p.question_no, p.description, p.due, p.state, p.closed_on, p.case_number \
                   FROM inspection_problems p JOIN inspections i ON i.id = p.inspection_id JOIN units u ON u.id = i.unit_id";
        let rows = match unit {
            Some(unit) => sqlx::query(&format!("{sql} WHERE u.name = $1 ORDER BY p.id DESC")).bind(unit).fetch_all(&self.db.pool).await?,
            None => sqlx::query(&format!("{sql} ORDER BY p.id DESC")).fetch_all(&self.db.pool).await?,
        };
        // Every listed problem's timeline in one read, not one query per problem.
        let mut events: HashMap<i64, Vec<ProblemEvent>> = HashMap::new();
        let timeline = "SELECT e.problem_id, e.at, e.kind, e.note FROM problem_events e JOIN inspection_problems p ON p.id = e.problem_id \
                        JOIN inspections i ON i.id = p.inspection_id JOIN units u ON u.id = i.unit_id";
        let event_rows = match unit {
            Some(unit) => sqlx::query(&format!("{timeline} WHERE u.name = $1 ORDER BY e.id")).bind(unit).fetch_all(&self.db.pool).await?,
            None => sqlx::query(&format!("{timeline} ORDER BY e.id")).fetch_all(&self.db.pool).await?,
        };
        for e in &event_rows {
            events.entry(e.try_get(0)?).or_default().push(ProblemEvent { at: e.try_get(1)?, kind: e.try_get(2)?, note: e.try_get(3)? });
        }
        let today = clock::today();
        let mut problems = Vec::with_capacity(rows.len());
        for r in &rows {
            let id: i64 = r.try_get(0)?;
            let question = r.try_get::<i64, _>(3)? as u32;
            let due: String = r.try_get(5)?;
            let state: String = r.try_get(6)?;
            let events = events.remove(&id).unwrap_or_default();
            problems.push(Problem {
                id,
                inspection_id: r.try_get(1)?,
                unit: r.try_get(2)?,
                question,
                question_text: questions.get(&question).cloned().unwrap_or_default(),
                description: r.try_get(4)?,
                overdue: state != PROBLEM_CLOSED && due.as_str() < today.as_str(),
                due,
                state,
                closed_on: r.try_get(7)?,
                case_number: r.try_get::<Option<String>, _>(8)?.filter(|c| c != CLAIMED),
                events,
            });
        }
        problems.sort_by_key(|p| p.state == PROBLEM_CLOSED);
        Ok(problems)
    }

    /// (unit, question number, description, state, case number) of one problem.
    pub async fn problem(&self, id: i64) -> Result<Option<(String, u32, String, String, Option<String>)>> {
        let row = sqlx::query(
            "SELECT u.name, p.question_no, p.description, p.state, p.case_number FROM inspection_problems p \
             JOIN inspections i ON i.id = p.inspection_id JOIN units u ON u.id = i.unit_id WHERE p.id = $1",
        )
        .bind(id)
        .fetch_optional(&self.db.pool)
        .await?;
        row.map(|r| Ok((r.try_get(0)?, r.try_get::<i64, _>(1)? as u32, r.try_get(2)?, r.try_get(3)?, r.try_get(4)?))).transpose()
    }

    /// Moves a problem from one state to another only if it is still in the first
    /// (two staff acting at once cannot both succeed).
    async fn step(&self, id: i64, from: &str, to: &str, closed_on: Option<String>, kind: &str, actor: i64, note: &str) -> Result<bool, PortalError> {
        let mut tx = self.db.pool.begin().await.map_err(internal)?;
        let moved = sqlx::query("UPDATE inspection_problems SET state = $3, closed_on = $4 WHERE id = $1 AND state = $2")
            .bind(id)
            .bind(from)
            .bind(to)
            .bind(closed_on)
            .execute(&mut *tx)
            .await
            .map_err(internal)?
            .rows_affected();
        if moved == 0 {
            return Ok(false);
        }
        event(&mut tx, id, kind, actor, note).await.map_err(internal)?;
        tx.commit().await.map_err(internal)?;
        Ok(true)
    }

    /// The inspected unit reports its rectification and asks for close-out.
    pub async fn report(&self, id: i64, unit: &str, actor: i64, note: &str) -> Result<(), PortalError> {
        let note = note.trim();
        if note.is_empty() || note.chars().count() > 2000 {
            return Err(bad("请填写整改情况（2000 字以内）/ describe the rectification"));
        }
        let Some((owner, ..)) = self.problem(id).await.map_err(internal)? else { return Err(PortalError::not_found("未找到整改事项 / no such problem")) };
        if owner != unit {
            return Err(PortalError::not_found("未找到整改事项 / no such problem"));
        }
        if !self.step(id, PROBLEM_OPEN, PROBLEM_CLOSING, None, "report", actor, note).await? {
            return Err(bad("该事项不在整改中 / the problem is not open"));
        }
        Ok(())
    }

    /// The commission closes a reported problem out, or sends it back with a reason.
    pub async fn decide(&self, id: i64, approve: bool, note: &str, actor: i64) -> Result<(), PortalError> {
        let note = note.trim();
        if !approve && note.is_empty() {
            return Err(bad("退回整改须写明理由 / a rejection needs a reason"));
        }
        if note.chars().count() > 2000 {
            return Err(bad("审核意见最多 2000 字 / too long"));
        }
        let stepped = if approve {
            self.step(id, PROBLEM_CLOSING, PROBLEM_CLOSED, Some(clock::today()), "approve", actor, note).await?
        } else {
            self.step(id, PROBLEM_CLOSING, PROBLEM_OPEN, None, "reject", actor, note).await?
        };
        if !stepped {
            return Err(bad("该事项没有待审核的整改报告 / nothing to decide"));
        }
        Ok(())
    }

    /// Reserves a problem for opening a case from it: true for exactly one caller.
    pub async fn claim_case(&self, id: i64) -> Result<bool> {
        let claimed = sqlx::query("UPDATE inspection_problems SET case_number = $2 WHERE id = $1 AND case_number IS NULL")
            .bind(id)
            .bind(CLAIMED)
            .execute(&self.db.pool)
            .await?
            .rows_affected();
        Ok(claimed == 1)
    }

    /// Gives a claim back when the case could not be opened.
    pub async fn release_case(&self, id: i64) -> Result<()> {
        sqlx::query("UPDATE inspection_problems SET case_number = NULL WHERE id = $1 AND case_number = $2").bind(id).bind(CLAIMED).execute(&self.db.pool).await?;
        Ok(())
    }

    /// Records the case opened from a claimed problem.
    pub async fn link_case(&self, id: i64, case_number: &str, actor: i64) -> Result<()> {
        let mut tx = self.db.pool.begin().await?;
        sqlx::query("UPDATE inspection_problems SET case_number = $2 WHERE id = $1 AND case_number = $3")
            .bind(id)
            .bind(case_number)
            .bind(CLAIMED)
            .execute(&mut *tx)
            .await?;
        event(&mut tx, id, "case", actor, case_number).await?;
        tx.commit().await?;
        Ok(())
    }
}

/// The placeholder a claimed problem holds while its case is being opened.
const CLAIMED: &str = "-";
