//! Task storage: import (all or nothing, with the public change history), the weekly
//! reports (append-only, one per task and week), and the reads behind the pages.

use std::collections::HashMap;

use anyhow::{Context, Result};
use app::error::PortalError;
use app::tasks::model::{ReportView, TaskRevision, STATE_OPEN};
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};

use super::model::{ImportSummary, NewTask, TaskRecord};
use crate::error::internal;
use crate::platform::changes::{self, ENTITY_TASK};
use crate::platform::clock;
use crate::platform::db::{self, rows_per_statement, select_by_keys, select_page, values_list, After, Db};
use crate::platform::units;

const SELECT: &str = "SELECT t.id, t.code, t.area, t.source, t.content, t.target, u.name, t.main_person, \
    t.charge_person, t.specific_person, t.deadline, t.start_date, t.state, t.closed_on, t.percent, t.last_week \
    FROM reform_tasks t JOIN units u ON u.id = t.unit_id";

const IMPORT_CHUNK: usize = 500;

fn record_from_row(row: &AnyRow) -> Result<(i64, TaskRecord)> {
    Ok((
        row.try_get(0)?,
        TaskRecord {
            code: row.try_get(1)?,
            area: row.try_get(2)?,
            source: row.try_get(3)?,
            content: row.try_get(4)?,
            target: row.try_get(5)?,
            unit: row.try_get(6)?,
            main_person: row.try_get(7)?,
            charge_person: row.try_get(8)?,
            specific_person: row.try_get(9)?,
            deadline: row.try_get(10)?,
            start_date: row.try_get(11)?,
            state: row.try_get(12)?,
            closed_on: row.try_get(13)?,
            percent: row.try_get::<i64, _>(14)?.clamp(0, 100) as u32,
            last_week: row.try_get(15)?,
        },
    ))
}

/// A unit's weekly report on one task.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct NewReport {
    pub percent: u32,
    pub progress: String,
    pub problems: String,
    pub coordination: String,
    pub next_plan: String,
}

pub struct TaskStore {
    db: Db,
}

impl TaskStore {
    pub fn new(db: Db) -> Self {
        Self { db }
    }

    pub fn db(&self) -> &Db {
        &self.db
    }

    /// Every report filed for `week`, by task code.
    pub async fn week_reports(&self, week: &str) -> Result<HashMap<String, ReportView>> {
        let rows = sqlx::query(
            "SELECT t.code, r.week, r.reported_at, r.percent, r.progress, r.problems, r.coordination, r.next_plan \
             FROM task_reports r JOIN reform_tasks t ON t.id = r.task_id WHERE r.week = $1",
        )
        .bind(week)
        .fetch_all(&self.db.pool)
        .await?;
        rows.iter()
            .map(|r| {
                Ok((
                    r.try_get(0)?,
                    ReportView {
                        week: r.try_get(1)?,
                        reported_at: r.try_get(2)?,
                        percent: r.try_get::<i64, _>(3)?.clamp(0, 100) as u32,
                        progress: r.try_get(4)?,
                        problems: r.try_get(5)?,
                        coordination: r.try_get(6)?,
                        next_plan: r.try_get(7)?,
                    },
                ))
            })
            .collect()
    }

    /// How many tips name the task (the complaint channel records the code it came from).
    pub async fn tips_naming(&self, code: &str) -> Result<u32> {
        let n: i64 = sqlx::query("SELECT COUNT(*) FROM complaints WHERE task_code = $1").bind(code).fetch_one(&self.db.pool).await?.try_get(0)?;
        Ok(n as u32)
    }

    pub async fn count(&self) -> Result<i64> {
        Ok(sqlx::query("SELECT COUNT(*) FROM reform_tasks").fetch_one(&self.db.pool).await?.try_get(0)?)
    }

    /// Writes every row in one transaction, or none. A task's progress and state are
    /// the units' and certifiers' business: an import changes only the listed fields.
    pub async fn import(&self, rows: &[NewTask], progress: &(dyn Fn(usize, usize) + Sync)) -> Result<ImportSummary> {
        let mut tx = self.db.pool.begin().await?;
        changes::lock(&mut tx).await?;
        let mut unit_ids = HashMap::new();
        for row in rows {
            units::id_or_create(&mut tx, &mut unit_ids, &row.unit).await?;
        }
        let now = clock::now();
        let today = clock::today();
        let mut summary = ImportSummary::default();
        let mut done = 0;
        for chunk in rows.chunks(IMPORT_CHUNK) {
            let found = existing(&mut tx, chunk).await?;
            let mut fresh = Vec::new();
            let mut changed = Vec::new();
            let mut revisions: Vec<(&str, &str, String)> = Vec::new();
            for row in chunk {
                match found.get(&row.code) {
                    None => {
                        summary.inserted += 1;
                        fresh.push(row);
                        changed.push(row.code.as_str());
                        revisions.push((&row.code, "列入", "列入改革攻坚任务清单".to_string()));
                    }
                    Some((id, old)) => {
                        let fields = old.listed().changed_fields(row);
                        if fields.is_empty() {
                            summary.unchanged += 1;
                            continue;
                        }
                        summary.updated += 1;
                        changed.push(row.code.as_str());
                        sqlx::query(
                            "UPDATE reform_tasks SET area = $2, source = $3, content = $4, target = $5, unit_id = $6, \
                             main_person = $7, charge_person = $8, specific_person = $9, deadline = $10, updated_at = $11 WHERE id = $1",
                        )
                        .bind(id)
                        .bind(&row.area)
                        .bind(&row.source)
                        .bind(&row.content)
                        .bind(&row.target)
                        .bind(unit_ids[&row.unit])
                        .bind(&row.main_person)
                        .bind(&row.charge_person)
                        .bind(&row.specific_person)
                        .bind(&row.deadline)
                        .bind(&now)
                        .execute(&mut *tx)
                        .await?;
                        revisions.push((&row.code, "更新", format!("清单更新，修改了：{}", fields.join("、"))));
                    }
                }
            }
            for part in fresh.chunks(rows_per_statement(16)) {
                let sql = format!(
                    "INSERT INTO reform_tasks (code, area, source, content, target, unit_id, main_person, charge_person, \
                     specific_person, deadline, start_date, state, percent, last_week, created_at, updated_at) VALUES {}",
                    values_list(&tx, part.len(), 16)
                );
                let mut query = sqlx::query(&sql);
                for row in part {
                    query = query
                        .bind(&row.code)
                        .bind(&row.area)
                        .bind(&row.source)
                        .bind(&row.content)
                        .bind(&row.target)
                        .bind(unit_ids[&row.unit])
                        .bind(&row.main_person)
                        .bind(&row.charge_person)
                        .bind(&row.specific_person)
                        .bind(&row.deadline)
                        .bind(&today)
                        .bind(STATE_OPEN)
                        .bind(0i64)
                        .bind(None::<String>)
                        .bind(&now)
                        .bind(&now);
                }
                query.execute(&mut *tx).await?;
            }
            let rows: Vec<(&str, &str, &str, &str)> =
                revisions.iter().map(|(code, kind, note)| (*code, today.as_str(), *kind, note.as_str())).collect();
            db::insert_revisions(&mut tx, "reform_tasks", "task_revisions", "task_id", &rows, "").await?;
            changes::record_many(&mut tx, ENTITY_TASK, &changed, &now).await?;
            done += chunk.len();
            progress(done, rows.len());
        }
        tx.commit().await.context("导入提交失败 / import commit failed")?;
        Ok(summary)
    }

    pub async fn page(&self, after: &After, limit: usize) -> Result<Vec<TaskRecord>> {
        select_page(&self.db, SELECT, None, "t.code", after, limit, |r| record_from_row(r).map(|(_, t)| t)).await
    }

    /// The `limit` tasks changed last (an import, a weekly report, a certification), newest
    /// first, with when they changed (the Atom feed). A district's ledger is hundreds of
    /// tasks, so the sort needs no index.
    pub async fn recently_changed(&self, limit: i64) -> Result<Vec<(TaskRecord, String)>> {
        let sql = format!("{} ORDER BY t.updated_at DESC, t.id DESC LIMIT $1", SELECT.replacen(" FROM ", ", t.updated_at FROM ", 1));
        let rows = sqlx::query(&sql).bind(limit).fetch_all(&self.db.pool).await?;
        rows.iter().map(|r| Ok((record_from_row(r)?.1, r.try_get::<String, _>(16)?))).collect()
    }

    pub async fn many(&self, codes: &[String]) -> Result<Vec<TaskRecord>> {
        let codes: Vec<&str> = codes.iter().map(String::as_str).collect();
        let mut conn = self.db.pool.acquire().await?;
        select_by_keys(&mut conn, SELECT, "t.code", &codes, |r| record_from_row(r).map(|(_, t)| t)).await
    }

    pub async fn task(&self, code: &str) -> Result<Option<(i64, TaskRecord)>> {
        sqlx::query(&format!("{SELECT} WHERE t.code = $1"))
            .bind(code)
            .fetch_optional(&self.db.pool)
            .await?
            .map(|r| record_from_row(&r))
            .transpose()
    }

    /// Every task in code order (the ledger's overview and its export: a district
    /// ledger holds hundreds of tasks, not millions).
    pub async fn all(&self) -> Result<Vec<TaskRecord>> {
        sqlx::query(&format!("{SELECT} ORDER BY t.code"))
            .fetch_all(&self.db.pool)
            .await?
            .iter()
            .map(|r| record_from_row(r).map(|(_, t)| t))
            .collect()
    }

    /// A unit's tasks in one state, soonest deadline first.
    pub async fn of_unit(&self, unit: &str, state: &str) -> Result<Vec<TaskRecord>> {
        sqlx::query(&format!("{SELECT} WHERE u.name = $1 AND t.state = $2 ORDER BY t.deadline, t.code"))
            .bind(unit)
            .bind(state)
            .fetch_all(&self.db.pool)
            .await?
            .iter()
            .map(|r| record_from_row(r).map(|(_, t)| t))
            .collect()
    }

    /// Every task in one state, with its id, soonest deadline first.
    pub async fn in_state(&self, state: &str) -> Result<Vec<(i64, TaskRecord)>> {
        sqlx::query(&format!("{SELECT} WHERE t.state = $1 ORDER BY t.deadline, t.code"))
            .bind(state)
            .fetch_all(&self.db.pool)
            .await?
            .iter()
            .map(record_from_row)
            .collect()
    }

    pub async fn open_of_unit(&self, unit: &str) -> Result<Vec<TaskRecord>> {
        sqlx::query(&format!("{SELECT} WHERE u.name = $1 AND t.state = $2 ORDER BY t.deadline, t.code"))
            .bind(unit)
            .bind(STATE_OPEN)
            .fetch_all(&self.db.pool)
            .await?
            .iter()
            .map(|r| record_from_row(r).map(|(_, t)| t))
            .collect()
    }

    pub async fn reports(&self, id: i64) -> Result<Vec<ReportView>> {
        let rows = sqlx::query(
            "SELECT week, reported_at, percent, progress, problems, coordination, next_plan FROM task_reports \
             WHERE task_id = $1 ORDER BY week DESC",
        )
        .bind(id)
        .fetch_all(&self.db.pool)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(ReportView {
                    week: r.try_get(0)?,
                    reported_at: r.try_get(1)?,
                    percent: r.try_get::<i64, _>(2)?.clamp(0, 100) as u32,
                    progress: r.try_get(3)?,
                    problems: r.try_get(4)?,
                    coordination: r.try_get(5)?,
                    next_plan: r.try_get(6)?,
                })
            })
            .collect()
    }

    pub async fn history(&self, id: i64) -> Result<Vec<TaskRevision>> {
        let rows = sqlx::query("SELECT revised_on, kind, note FROM task_revisions WHERE task_id = $1 ORDER BY id")
            .bind(id)
            .fetch_all(&self.db.pool)
            .await?;
        rows.iter().map(|r| Ok(TaskRevision { date: r.try_get(0)?, kind: r.try_get(1)?, note: r.try_get(2)? })).collect()
    }

    /// The weeks this unit already reported on, among `codes`, for `week`.
    pub async fn reported(&self, unit: &str, week: &str) -> Result<Vec<String>> {
        let rows = sqlx::query(
            "SELECT t.code FROM task_reports r JOIN reform_tasks t ON t.id = r.task_id JOIN units u ON u.id = t.unit_id \
             WHERE u.name = $1 AND r.week = $2",
        )
        .bind(unit)
        .bind(week)
        .fetch_all(&self.db.pool)
        .await?;
        rows.iter().map(|r| Ok(r.try_get(0)?)).collect()
    }

    /// Files a unit's report on its own open task for `week`: once per week, never
    /// edited; the task's progress follows the latest report.
    pub async fn report(&self, code: &str, unit: &str, author_id: i64, week: &str, r: &NewReport) -> Result<(), PortalError> {
        let mut tx = self.db.pool.begin().await.map_err(internal)?;
        changes::lock(&mut tx).await.map_err(internal)?;
        let Some(row) = sqlx::query(
            "SELECT t.id, t.state FROM reform_tasks t JOIN units u ON u.id = t.unit_id WHERE t.code = $1 AND u.name = $2",
        )
        .bind(code)
        .bind(unit)
        .fetch_optional(&mut *tx)
        .await
        .map_err(internal)?
        else {
            return Err(PortalError::not_found("本单位没有这项任务 / no such task of your unit"));
        };
        let id: i64 = row.try_get(0).map_err(internal)?;
        let state: String = row.try_get(1).map_err(internal)?;
        if state != STATE_OPEN {
            return Err(PortalError::bad_request("任务已销号，不再报送进展 / the task is closed; no more reports"));
        }
        let now = clock::now();
        let inserted = sqlx::query(
            "INSERT INTO task_reports (task_id, week, reported_at, author_id, percent, progress, problems, coordination, next_plan) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (task_id, week) DO NOTHING",
        )
        .bind(id)
        .bind(week)
        .bind(&now)
        .bind(author_id)
        .bind(r.percent as i64)
        .bind(&r.progress)
        .bind(&r.problems)
        .bind(&r.coordination)
        .bind(&r.next_plan)
        .execute(&mut *tx)
        .await
        .map_err(internal)?
        .rows_affected();
        if inserted == 0 {
            return Err(PortalError::bad_request("本周已报送过这项任务，报送后不可修改 / this week's report was filed already"));
        }
        sqlx::query("UPDATE reform_tasks SET percent = $1, last_week = $2, updated_at = $3 WHERE id = $4")
            .bind(r.percent as i64)
            .bind(week)
            .bind(&now)
            .bind(id)
            .execute(&mut *tx)
            .await
            .map_err(internal)?;
        changes::record(&mut tx, ENTITY_TASK, code, &now).await.map_err(internal)?;
        tx.commit().await.map_err(internal)?;
        Ok(())
    }
}

async fn existing(tx: &mut AnyConnection, rows: &[NewTask]) -> Result<HashMap<String, (i64, TaskRecord)>> {
    let codes: Vec<&str> = rows.iter().map(|r| r.code.as_str()).collect();
    let found = select_by_keys(tx, SELECT, "t.code", &codes, record_from_row).await?;
    Ok(found.into_iter().map(|(id, task)| (task.code.clone(), (id, task))).collect())
}
