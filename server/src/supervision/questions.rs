//! The checklist's storage: replaced as a whole by an import (numbers are its identity),
//! read in order.

use anyhow::Result;
use app::supervision::model::Question;
use sqlx::Row;

use crate::platform::changes;
use crate::platform::clock;
use crate::platform::db::Db;

/// What an import changed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ImportSummary {
    pub inserted: usize,
    pub updated: usize,
    pub unchanged: usize,
}

pub struct QuestionStore {
    db: Db,
}

impl QuestionStore {
    pub fn new(db: Db) -> Self {
        Self { db }
    }

    pub fn db(&self) -> &Db {
        &self.db
    }

    pub async fn count(&self) -> Result<i64> {
        Ok(sqlx::query("SELECT COUNT(*) FROM supervision_questions").fetch_one(&self.db.pool).await?.try_get(0)?)
    }

    pub async fn all(&self) -> Result<Vec<Question>> {
        let rows = sqlx::query("SELECT number, area, question FROM supervision_questions ORDER BY number").fetch_all(&self.db.pool).await?;
        rows.iter()
            .map(|r| Ok(Question { number: r.try_get::<i64, _>(0)? as u32, area: r.try_get(1)?, question: r.try_get(2)? }))
            .collect()
    }

    pub async fn question(&self, number: u32) -> Result<Option<Question>> {
        let row = sqlx::query("SELECT number, area, question FROM supervision_questions WHERE number = $1")
            .bind(number as i64)
            .fetch_optional(&self.db.pool)
            .await?;
        row.map(|r| Ok(Question { number: r.try_get::<i64, _>(0)? as u32, area: r.try_get(1)?, question: r.try_get(2)? })).transpose()
    }

    /// Writes a validated checklist (every number 1–100) in one transaction.
    pub async fn import(&self, questions: &[Question]) -> Result<ImportSummary> {
        let now = clock::now();
        let mut summary = ImportSummary::default();
        let mut tx = self.db.pool.begin().await?;
        // Writers wait in line (two nodes loading the samples at once), then read what is there.
        changes::lock(&mut tx).await?;
        let existing: Vec<Question> = sqlx::query("SELECT number, area, question FROM supervision_questions ORDER BY number")
            .fetch_all(&mut *tx)
            .await?
            .iter()
            .map(|r| Ok(Question { number: r.try_get::<i64, _>(0)? as u32, area: r.try_get(1)?, question: r.try_get(2)? }))
            .collect::<Result<_>>()?;
        for q in questions {
            match existing.iter().find(|e| e.number == q.number) {
                Some(old) if old == q => summary.unchanged += 1,
                Some(_) => {
                    summary.updated += 1;
                    sqlx::query("UPDATE supervision_questions SET area = $2, question = $3, updated_at = $4 WHERE number = $1")
                        .bind(q.number as i64)
                        .bind(&q.area)
                        .bind(&q.question)
                        .bind(&now)
                        .execute(&mut *tx)
                        .await?;
                }
                None => {
                    summary.inserted += 1;
                    sqlx::query("INSERT INTO supervision_questions (number, area, question, updated_at) VALUES ($1, $2, $3, $4)")
                        .bind(q.number as i64)
                        .bind(&q.area)
                        .bind(&q.question)
                        .bind(&now)
                        .execute(&mut *tx)
                        .await?;
                }
            }
        }
        tx.commit().await?;
        Ok(summary)
    }
}
