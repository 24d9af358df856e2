//! What versions before schema 13 kept in clear — a tip's own words, every event's note
//! and data, mail bodies — sealed to their rows, and unkeyed file digests replaced by
//! keyed ones: at every start, before the portal serves, over the rows added since the
//! last start (a high-water mark per table in `settings`), so rows an older node wrote
//! during an upgrade are sealed at the next start. Batches of rows, each its own
//! transaction; a row changed by someone else meanwhile is left as it is (readers take
//! clear text too), so two nodes doing it at once do no harm.

use anyhow::Result;
use sqlx::Row;

use super::store::{case_binding, event_binding};
use crate::platform::crypto::Secrets;
use crate::platform::db::Db;
use crate::platform::mail::body_binding;

const MARK: &str = "sealed_at_rest";
const BATCH: i64 = 200;
/// Files are opened to be digested: fewer at a time.
const FILE_BATCH: i64 = 20;

/// The last id of `table` looked at by an earlier start.
async fn high_water(db: &Db, table: &str) -> Result<i64> {
    let value: Option<String> =
        sqlx::query_scalar("SELECT value FROM settings WHERE name = $1").bind(format!("{MARK}.{table}")).fetch_optional(&db.pool).await?;
    Ok(value.and_then(|v| v.parse().ok()).unwrap_or(0))
}

async fn set_high_water(db: &Db, table: &str, id: i64) -> Result<()> {
    sqlx::query("INSERT INTO settings (name, value) VALUES ($1, $2) ON CONFLICT (name) DO UPDATE SET value = excluded.value")
        .bind(format!("{MARK}.{table}"))
        .bind(id.to_string())
        .execute(&db.pool)
        .await?;
    Ok(())
}

/// How many values were sealed (0 when nothing was left in clear).
pub async fn seal_legacy(db: &Db, secrets: &Secrets) -> Result<u64> {
    let mut sealed = 0;
    sealed += complaints(db, secrets).await?;
    sealed += events(db, secrets).await?;
    sealed += mails(db, secrets).await?;
    sealed += files(db, secrets).await?;
    if sealed > 0 {
        tracing::info!("{sealed} 项旧数据已加密保存 / values kept in clear by an earlier version are now sealed");
    }
    Ok(sealed)
}

async fn done(db: &Db, table: &str, last: i64, sealed: u64) -> Result<u64> {
    set_high_water(db, table, last).await?;
    Ok(sealed)
}

async fn complaints(db: &Db, secrets: &Secrets) -> Result<u64> {
    let (mut after, mut sealed) = (high_water(db, "complaints").await?, 0u64);
    loop {
        let rows = sqlx::query(
            "SELECT id, case_number, description, occurred_when, occurred_where FROM complaints WHERE id > $1 ORDER BY id LIMIT $2",
        )
        .bind(after)
        .bind(BATCH)
        .fetch_all(&db.pool)
        .await?;
        let Some(last) = rows.last() else { return done(db, "complaints", after, sealed).await };
        after = last.try_get(0)?;
        let mut tx = db.pool.begin().await?;
        for row in &rows {
            let (id, number, description): (i64, String, String) = (row.try_get(0)?, row.try_get(1)?, row.try_get(2)?);
            if secrets.sealed_to(&case_binding("description", &number), &description) {
                continue;
            }
            let (when, place): (String, String) = (row.try_get(3)?, row.try_get(4)?);
            sealed += sqlx::query(
                "UPDATE complaints SET description = $2, occurred_when = $3, occurred_where = $4 WHERE id = $1 AND description = $5",
            )
            .bind(id)
            .bind(secrets.seal_bound(&case_binding("description", &number), &description))
            .bind(secrets.seal_bound(&case_binding("occurred_when", &number), &when))
            .bind(secrets.seal_bound(&case_binding("occurred_where", &number), &place))
            .bind(&description)
            .execute(&mut *tx)
            .await?
            .rows_affected();
        }
        tx.commit().await?;
    }
}

async fn events(db: &Db, secrets: &Secrets) -> Result<u64> {
    let (mut after, mut sealed) = (high_water(db, "complaint_events").await?, 0u64);
    loop {
        let rows = sqlx::query("SELECT id, note, data FROM complaint_events WHERE id > $1 ORDER BY id LIMIT $2")
            .bind(after)
            .bind(BATCH)
            .fetch_all(&db.pool)
            .await?;
        let Some(last) = rows.last() else { return done(db, "complaint_events", after, sealed).await };
        after = last.try_get(0)?;
        let mut tx = db.pool.begin().await?;
        for row in &rows {
            let (id, note, data): (i64, String, String) = (row.try_get(0)?, row.try_get(1)?, row.try_get(2)?);
            if secrets.sealed_to(&event_binding("note", id), &note) {
                continue;
            }
            sealed += sqlx::query("UPDATE complaint_events SET note = $2, data = $3 WHERE id = $1 AND note = $4")
                .bind(id)
                .bind(secrets.seal_bound(&event_binding("note", id), &note))
                .bind(secrets.seal_bound(&event_binding("data", id), &data))
                .bind(&note)
                .execute(&mut *tx)
                .await?
                .rows_affected();
        }
        tx.commit().await?;
    }
}

async fn mails(db: &Db, secrets: &Secrets) -> Result<u64> {
    let (mut after, mut sealed) = (high_water(db, "mail_outbox").await?, 0u64);
    loop {
        let rows = sqlx::query("SELECT id, message_id, body FROM mail_outbox WHERE id > $1 ORDER BY id LIMIT $2")
            .bind(after)
            .bind(BATCH)
            .fetch_all(&db.pool)
            .await?;
        let Some(last) = rows.last() else { return done(db, "mail_outbox", after, sealed).await };
        after = last.try_get(0)?;
        let mut tx = db.pool.begin().await?;
        for row in &rows {
            let (id, message_id, body): (i64, String, String) = (row.try_get(0)?, row.try_get(1)?, row.try_get(2)?);
            if secrets.sealed_to(&body_binding(&message_id), &body) {
                continue;
            }
            sealed += sqlx::query("UPDATE mail_outbox SET body = $2 WHERE id = $1 AND body = $3")
                .bind(id)
                .bind(secrets.seal_bound(&body_binding(&message_id), &body))
                .bind(&body)
                .execute(&mut *tx)
                .await?
                .rows_affected();
        }
        tx.commit().await?;
    }
}

async fn files(db: &Db, secrets: &Secrets) -> Result<u64> {
    let (mut after, mut sealed) = (high_water(db, "complaint_files").await?, 0u64);
    loop {
        let rows = sqlx::query("SELECT id, content_digest FROM complaint_files WHERE id > $1 ORDER BY id LIMIT $2")
            .bind(after)
            .bind(FILE_BATCH)
            .fetch_all(&db.pool)
            .await?;
        let Some(last) = rows.last() else { return done(db, "complaint_files", after, sealed).await };
        after = last.try_get(0)?;
        for row in &rows {
            let (id, digest): (i64, String) = (row.try_get(0)?, row.try_get(1)?);
            if digest.starts_with("hmac:") {
                continue;
            }
            let content: Vec<u8> = sqlx::query_scalar("SELECT content_sealed FROM complaint_files WHERE id = $1").bind(id).fetch_one(&db.pool).await?;
            let keyed = secrets.file_digest(&secrets.open(&content)?);
            sealed += sqlx::query("UPDATE complaint_files SET content_digest = $2 WHERE id = $1 AND content_digest = $3")
                .bind(id)
                .bind(keyed)
                .bind(&digest)
                .execute(&db.pool)
                .await?
                .rows_affected();
        }
    }
}
