//! The `alert_subscriptions` table. Addresses are sealed; tokens and addresses are looked
//! up by hash only.

use anyhow::Result;
use app::alerts::model::SubscriptionState;
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};

use crate::platform::db::Db;

#[derive(Clone, Debug)]
pub struct Subscription {
    pub id: i64,
    pub token_sealed: String,
    pub email_sealed: String,
    pub query: String,
    /// The profile as a query string (`industry=…&size=…`).
    pub profile: String,
    pub base_url: String,
    pub digest: bool,
    pub confirmed: bool,
    pub ended: bool,
    pub last_change_id: i64,
    pub last_mail_at: Option<String>,
}

impl Subscription {
    pub fn state(&self) -> SubscriptionState {
        match (self.ended, self.confirmed) {
            (true, _) => SubscriptionState::Ended,
            (false, true) => SubscriptionState::Live,
            (false, false) => SubscriptionState::Pending,
        }
    }
}

const SELECT: &str = "SELECT id, token_sealed, email_sealed, query, profile, base_url, digest, confirmed_at, ended_at, last_change_id, last_mail_at FROM alert_subscriptions";

fn from_row(r: &AnyRow) -> Result<Subscription> {
    Ok(Subscription {
        id: r.try_get(0)?,
        token_sealed: r.try_get(1)?,
        email_sealed: r.try_get(2)?,
        query: r.try_get(3)?,
        profile: r.try_get(4)?,
        base_url: r.try_get(5)?,
        digest: r.try_get::<i64, _>(6)? == 1,
        confirmed: r.try_get::<Option<String>, _>(7)?.is_some(),
        ended: r.try_get::<Option<String>, _>(8)?.is_some(),
        last_change_id: r.try_get(9)?,
        last_mail_at: r.try_get(10)?,
    })
}

pub struct NewSubscription<'a> {
    pub token_hash: &'a str,
    pub token_sealed: &'a str,
    pub email_sealed: &'a str,
    pub email_hash: &'a str,
    pub query: &'a str,
    pub profile: &'a str,
    pub base_url: &'a str,
    pub digest: bool,
}

pub async fn insert(conn: &mut AnyConnection, s: &NewSubscription<'_>, now: &str) -> Result<i64> {
    Ok(sqlx::query(
        "INSERT INTO alert_subscriptions (token_hash, token_sealed, email_sealed, email_hash, query, profile, base_url, digest, created_at, last_change_id) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 0) RETURNING id",
    )
    .bind(s.token_hash)
    .bind(s.token_sealed)
    .bind(s.email_sealed)
    .bind(s.email_hash)
    .bind(s.query)
    .bind(s.profile)
    .bind(s.base_url)
    .bind(s.digest as i64)
    .bind(now)
    .fetch_one(&mut *conn)
    .await?
    .try_get(0)?)
}

/// Subscriptions of an address: (made since `since`, still waiting for confirmation),
/// and those live now.
pub async fn counts_of_address(db: &Db, email_hash: &str, since: &str) -> Result<(i64, i64)> {
    let row = sqlx::query(
        "SELECT COALESCE(SUM(CASE WHEN confirmed_at IS NULL AND ended_at IS NULL AND created_at >= $2 THEN 1 ELSE 0 END), 0), \
                COALESCE(SUM(CASE WHEN confirmed_at IS NOT NULL AND ended_at IS NULL THEN 1 ELSE 0 END), 0) \
         FROM alert_subscriptions WHERE email_hash = $1",
    )
    .bind(email_hash)
    .bind(since)
    .fetch_one(&db.pool)
    .await?;
    Ok((row.try_get(0)?, row.try_get(1)?))
}

pub async fn by_token(db: &Db, token_hash: &str) -> Result<Option<Subscription>> {
    sqlx::query(&format!("{SELECT} WHERE token_hash = $1")).bind(token_hash).fetch_optional(&db.pool).await?.map(|r| from_row(&r)).transpose()
}

/// Confirms a pending subscription; alerts start after the change feed's `position`.
pub async fn confirm(db: &Db, id: i64, now: &str, position: i64) -> Result<bool> {
    let done = sqlx::query("UPDATE alert_subscriptions SET confirmed_at = $2, last_change_id = $3 WHERE id = $1 AND confirmed_at IS NULL AND ended_at IS NULL")
        .bind(id)
        .bind(now)
        .bind(position)
        .execute(&db.pool)
        .await?;
    Ok(done.rows_affected() == 1)
}

pub async fn end(db: &Db, id: i64, now: &str) -> Result<bool> {
    let done = sqlx::query("UPDATE alert_subscriptions SET ended_at = $2 WHERE id = $1 AND ended_at IS NULL").bind(id).bind(now).execute(&db.pool).await?;
    Ok(done.rows_affected() == 1)
}

/// Live subscriptions behind the change feed's `position`, oldest position first; daily
/// digests only when they have not mailed on `today` (`YYYY-MM-DD`) or later.
pub async fn behind(db: &Db, position: i64, today: &str, limit: i64) -> Result<Vec<Subscription>> {
    let rows = sqlx::query(&format!(
        "{SELECT} WHERE ended_at IS NULL AND confirmed_at IS NOT NULL AND last_change_id < $1 \
         AND (digest = 0 OR last_mail_at IS NULL OR last_mail_at < $2) ORDER BY last_change_id, id LIMIT $3"
    ))
    .bind(position)
    .bind(today)
    .bind(limit)
    .fetch_all(&db.pool)
    .await?;
    rows.iter().map(from_row).collect()
}

/// Moves a subscription from `from` to `to` on the change feed (and records a mail when
/// one was queued), unless another node already did: `false` then, and the caller's
/// transaction, with its mail, must be rolled back.
pub async fn advance(conn: &mut AnyConnection, id: i64, from: i64, to: i64, mailed_at: Option<&str>) -> Result<bool> {
    let done = sqlx::query(
        "UPDATE alert_subscriptions SET last_change_id = $3, last_mail_at = COALESCE($4, last_mail_at) \
         WHERE id = $1 AND last_change_id = $2 AND ended_at IS NULL",
    )
    .bind(id)
    .bind(from)
    .bind(to)
    .bind(mailed_at)
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected() == 1)
}
