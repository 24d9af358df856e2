//! The measures register: each application of one of the ten measures (or of fault
//! tolerance) with its basis, date and deciding body; the public notices drawn from it;
//! and the units whose tasks all closed on time, as candidates for commendation.

use anyhow::Result;
use app::error::PortalError;
use app::supervision::model::{measure_problem, Candidate, MeasureKind, MeasureRecord, NewMeasure, Notice, MEASURES, NOTICE_MEASURE, TOLERANCE};
use app::tasks::model::STATE_CLOSED;
use chrono::NaiveDate;
use sqlx::any::AnyRow;
use sqlx::Row;

use crate::error::internal;
use crate::platform::clock;
use crate::platform::db::Db;

const SELECT: &str = "SELECT id, measure, unit, person, post, basis_kind, basis_ref, facts, outcome, decided_on, body, public, reasoning FROM measure_records";

fn record(row: &AnyRow) -> Result<MeasureRecord> {
    let measure: String = row.try_get(1)?;
    Ok(MeasureRecord {
        id: row.try_get(0)?,
        kind: MeasureKind::of(&measure).unwrap_or(MeasureKind::Punishment),
        measure,
        unit: row.try_get(2)?,
        person: row.try_get(3)?,
        post: row.try_get(4)?,
        basis_kind: row.try_get(5)?,
        basis_ref: row.try_get(6)?,
        facts: row.try_get(7)?,
        outcome: row.try_get(8)?,
        decided_on: row.try_get(9)?,
        body: row.try_get(10)?,
        public: row.try_get::<i64, _>(11)? != 0,
        reasoning: row.try_get(12)?,
    })
}

fn too_long(m: &NewMeasure) -> Option<&'static str> {
    let fields: [(&str, usize, &'static str); 9] = [
        (&m.unit, 100, "单位"),
        (&m.person, 50, "个人"),
        (&m.post, 100, "职务"),
        (&m.basis_ref, 64, "依据编号"),
        (&m.facts, 2000, "事实"),
        (&m.outcome, 2000, "处理结果"),
        (&m.body, 100, "决定机关"),
        (&m.reasoning, 2000, "认定理由"),
        (&m.decided_on, 10, "决定日期"),
    ];
    fields.iter().find(|(v, max, _)| v.chars().count() > *max).map(|(_, _, name)| *name)
}

pub struct Register {
    db: Db,
}

impl Register {
    pub fn new(db: Db) -> Self {
        Self { db }
    }

    pub async fn add(&self, m: &NewMeasure, recorded_by: i64) -> Result<i64, PortalError> {
        if let Some(problem) = measure_problem(m) {
            return Err(PortalError::bad_request(problem));
        }
        if let Some(field) = too_long(m) {
            return Err(PortalError::bad_request(format!("{field}过长 / {field} is too long")));
        }
        let date = NaiveDate::parse_from_str(m.decided_on.trim(), "%Y-%m-%d")
            .map_err(|_| PortalError::bad_request("决定日期无效，应为 YYYY-MM-DD / invalid date"))?;
        if date.format("%Y-%m-%d").to_string() > clock::today() {
            return Err(PortalError::bad_request("决定日期不能晚于今天 / the decision cannot be dated in the future"));
        }
        let row = sqlx::query(
            "INSERT INTO measure_records (measure, unit, person, post, basis_kind, basis_ref, facts, outcome, decided_on, body, public, reasoning, recorded_by, recorded_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) RETURNING id",
        )
        .bind(m.measure.trim())
        .bind(m.unit.trim())
        .bind(m.person.trim())
        .bind(m.post.trim())
        .bind(m.basis_kind.trim())
        .bind(m.basis_ref.trim())
        .bind(m.facts.trim())
        .bind(m.outcome.trim())
        .bind(date.format("%Y-%m-%d").to_string())
        .bind(m.body.trim())
        .bind(m.public as i64)
        .bind(m.reasoning.trim())
        .bind(recorded_by)
        .bind(clock::now())
        .fetch_one(&self.db.pool)
        .await
        .map_err(internal)?;
        row.try_get(0).map_err(internal)
    }

    pub async fn all(&self) -> Result<Vec<MeasureRecord>> {
        let rows = sqlx::query(&format!("{SELECT} ORDER BY decided_on DESC, id DESC")).fetch_all(&self.db.pool).await?;
        rows.iter().map(record).collect()
    }

    /// The public notices: only public entries of 公开通报曝光, only their public fields.
    pub async fn notices(&self) -> Result<Vec<Notice>> {
        let rows = sqlx::query("SELECT id, unit, post, facts, outcome, decided_on FROM measure_records WHERE measure = $1 AND public = 1 ORDER BY decided_on DESC, id DESC")
            .bind(NOTICE_MEASURE)
            .fetch_all(&self.db.pool)
            .await?;
        rows.iter()
            .map(|r| {
                Ok(Notice {
                    id: r.try_get(0)?,
                    unit: r.try_get(1)?,
                    post: r.try_get(2)?,
                    facts: r.try_get(3)?,
                    outcome: r.try_get(4)?,
                    date: r.try_get(5)?,
                })
            })
            .collect()
    }

    /// Applications per measure in the ten measures' order, and fault tolerance apart.
    pub async fn counts(&self) -> Result<(Vec<(String, u32)>, u32)> {
        let rows = sqlx::query("SELECT measure, COUNT(*) FROM measure_records GROUP BY measure").fetch_all(&self.db.pool).await?;
        let mut by: std::collections::HashMap<String, u32> = std::collections::HashMap::new();
        for r in &rows {
            by.insert(r.try_get(0)?, r.try_get::<i64, _>(1)? as u32);
        }
        let counts = MEASURES.iter().map(|m| (m.to_string(), by.get(*m).copied().unwrap_or(0))).collect();
        Ok((counts, by.get(TOLERANCE).copied().unwrap_or(0)))
    }

    /// Units whose tasks all closed on or before their deadlines.
    pub async fn candidates(&self) -> Result<Vec<Candidate>> {
        let rows = sqlx::query(
            "SELECT u.name, COUNT(*), MAX(t.closed_on), \
             COUNT(CASE WHEN t.state = $1 AND t.closed_on IS NOT NULL AND t.closed_on <= t.deadline THEN 1 END) \
             FROM reform_tasks t JOIN units u ON u.id = t.unit_id GROUP BY u.name ORDER BY u.name",
        )
        .bind(STATE_CLOSED)
        .fetch_all(&self.db.pool)
        .await?;
        let mut out = Vec::new();
        for r in &rows {
            let total: i64 = r.try_get(1)?;
            let on_time: i64 = r.try_get(3)?;
            if total > 0 && on_time == total {
                out.push(Candidate { unit: r.try_get(0)?, tasks: total as u32, last_closed: r.try_get::<Option<String>, _>(2)?.unwrap_or_default() });
            }
        }
        Ok(out)
    }
}
