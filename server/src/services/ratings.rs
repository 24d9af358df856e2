//! Residents' ratings of a service on the five government grades (好差评). A poor
//! rating (不满意, 非常不满意) opens a rectification in the delivering unit's queue, due
//! in 15 working days on the official calendar, in the same transaction.

use std::time::Duration;

use anyhow::Result;
use app::error::PortalError;
use app::services::model::{grade_is_poor, RectificationView, GRADES, RECTIFICATION_DAYS};
use sqlx::Row;

use crate::error::internal;
use crate::platform::calendar;
use crate::platform::clock;
use crate::platform::db::Db;
use crate::platform::throttle::Limiter;

pub const MAX_COMMENT_CHARS: usize = 1000;

pub struct Ratings {
    db: Db,
    per_client: Limiter,
}

impl Ratings {
    pub fn new(db: Db) -> Self {
        // Ten ratings an hour from one address: enough for a family, not for a flood.
        Self { db, per_client: Limiter::new(10, Duration::from_secs(3600)) }
    }

    /// Records a rating; returns the rectification's due date when it opened one.
    pub async fn rate(&self, code: &str, grade: &str, comment: &str, client: &str) -> Result<Option<String>, PortalError> {
        if !GRADES.contains(&grade) {
            return Err(PortalError::bad_request(format!("请选择评价等级：{} / choose a grade", GRADES.join("、"))));
        }
        let comment = comment.trim();
        if comment.chars().count() > MAX_COMMENT_CHARS {
            return Err(PortalError::bad_request(format!("意见建议最多 {MAX_COMMENT_CHARS} 字 / at most {MAX_COMMENT_CHARS} characters")));
        }
        if !self.per_client.allow(client) {
            return Err(PortalError::too_many("评价过于频繁，请稍后再试 / Too many ratings from here, please try again later"));
        }
        let mut tx = self.db.pool.begin().await.map_err(internal)?;
        // It reads, then writes: a writer from the start (see `changes::lock`).
        crate::platform::changes::lock(&mut tx).await.map_err(internal)?;
        let service = sqlx::query("SELECT id, unit_id FROM service_items WHERE code = $1")
            .bind(code)
            .fetch_optional(&mut *tx)
            .await
            .map_err(internal)?
            .ok_or_else(|| PortalError::not_found(format!("未找到编码为「{code}」的服务事项 / No service with code {code}")))?;
        let service_id: i64 = service.try_get(0).map_err(internal)?;
        let unit_id: i64 = service.try_get(1).map_err(internal)?;
        let rating_id: i64 = sqlx::query("INSERT INTO service_ratings (service_id, grade, comment, rated_at) VALUES ($1, $2, $3, $4) RETURNING id")
            .bind(service_id)
            .bind(grade)
            .bind(comment)
            .bind(clock::now())
            .fetch_one(&mut *tx)
            .await
            .map_err(internal)?
            .try_get(0)
            .map_err(internal)?;
        let mut due = None;
        if grade_is_poor(grade) {
            let today = clock::today();
            let date = calendar::add_working_days_str(&today, RECTIFICATION_DAYS);
            sqlx::query(
                "INSERT INTO service_rectifications (rating_id, unit_id, opened_on, due, state) VALUES ($1, $2, $3, $4, 'open')",
            )
            .bind(rating_id)
            .bind(unit_id)
            .bind(&today)
            .bind(&date)
            .execute(&mut *tx)
            .await
            .map_err(internal)?;
            due = Some(date);
        }
        tx.commit().await.map_err(internal)?;
        Ok(due)
    }

    /// The rectifications of one unit, or of every unit (`None`): open ones first,
    /// soonest due first.
    pub async fn queue(&self, unit: Option<&str>) -> Result<Vec<RectificationView>> {
        let today = clock::today();
        let sql = format!(
            "SELECT r.id, s.code, s.name, u.name, g.grade, g.comment, r.opened_on, r.due, r.state, r.reply \
             FROM service_rectifications r \
             JOIN service_ratings g ON g.id = r.rating_id \
             JOIN service_items s ON s.id = g.service_id \
             JOIN units u ON u.id = r.unit_id {} ORDER BY r.state DESC, r.due, r.id",
            if unit.is_some() { "WHERE u.name = $1" } else { "" }
        );
        let mut query = sqlx::query(&sql);
        if let Some(unit) = unit {
            query = query.bind(unit);
        }
        let rows = query.fetch_all(&self.db.pool).await?;
        rows.iter()
            .map(|r| {
                let state: String = r.try_get(8)?;
                let due: String = r.try_get(7)?;
                Ok(RectificationView {
                    id: r.try_get(0)?,
                    service_code: r.try_get(1)?,
                    service_name: r.try_get(2)?,
                    unit: r.try_get(3)?,
                    grade: r.try_get(4)?,
                    comment: r.try_get(5)?,
                    opened_on: r.try_get(6)?,
                    overdue: state == "open" && due.as_str() < today.as_str(),
                    due,
                    state,
                    reply: r.try_get(9)?,
                })
            })
            .collect()
    }

    /// A unit answers its own open rectification, which closes it.
    pub async fn answer(&self, id: i64, unit: &str, reply: &str) -> Result<(), PortalError> {
        let reply = reply.trim();
        if reply.is_empty() || reply.chars().count() > 2000 {
            return Err(PortalError::bad_request("请填写整改情况（最多 2000 字）/ describe the rectification (at most 2,000 characters)"));
        }
        let done = sqlx::query(
            "UPDATE service_rectifications SET state = 'done', reply = $1, closed_at = $2 \
             WHERE id = $3 AND state = 'open' AND unit_id = (SELECT id FROM units WHERE name = $4)",
        )
        .bind(reply)
        .bind(clock::now())
        .bind(id)
        .bind(unit)
        .execute(&self.db.pool)
        .await
        .map_err(internal)?
        .rows_affected();
        if done == 0 {
            return Err(PortalError::not_found("没有本单位待答复的这条整改事项 / no open rectification of your unit with this number"));
        }
        Ok(())
    }
}
