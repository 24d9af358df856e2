//! What versions before schema 13 kept in clear — a tip's own words, every event's note
//! and data, mail bodies — sealed to their rows, and unkeyed file digests replaced by
//! keyed ones: at every start, before the portal serves, over the rows added since the
//! last start (a high-water mark per table in `settings`), so rows an older node wrote
//! during an upgrade are sealed at the next start. Batches of rows, each its own
//! transaction; a row changed by someone else meanwhile is left as it is (readers take
//! clear text too), so two nodes doing it at once do no harm.

use anyhow::Result;
use sqlx::any::AnyRow;
use sqlx::Row;

use super::store::{case_binding, event_binding};
use crate::platform::crypto::Secrets;
use crate::platform::db::Db;
use crate::platform::mail::body_binding;

const MARK: &str = "sealed_at_rest";
const BATCH: i64 = 200;
/// Files are read whole to be digested: fewer at a time.
const FILE_BATCH: i64 = 8;

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
    let complaints = seal_table(db, "complaints", "case_number, description, occurred_when, occurred_where", BATCH, |row| {
        let (number, description): (String, String) = (row.try_get(1)?, row.try_get(2)?);
        if secrets.sealed_to(&case_binding("description", &number), &description) {
            return Ok(None);
        }
        let seal = |column: &'static str, at: usize| -> Result<(&'static str, String)> {
            Ok((column, secrets.seal_bound(&case_binding(column, &number), &row.try_get::<String, _>(at)?)))
        };
        Ok(Some(Sealed { set: vec![seal("description", 2)?, seal("occurred_when", 3)?, seal("occurred_where", 4)?], unless: ("description", description) }))
    })
    .await?;
    let events = seal_table(db, "complaint_events", "note, data", BATCH, |row| {
        let (id, note, data): (i64, String, String) = (row.try_get(0)?, row.try_get(1)?, row.try_get(2)?);
        if secrets.sealed_to(&event_binding("note", id), &note) {
            return Ok(None);
        }
        let set = vec![("note", secrets.seal_bound(&event_binding("note", id), &note)), ("data", secrets.seal_bound(&event_binding("data", id), &data))];
        Ok(Some(Sealed { set, unless: ("note", note) }))
    })
    .await?;
    let mails = seal_table(db, "mail_outbox", "message_id, body", BATCH, |row| {
        let (message_id, body): (String, String) = (row.try_get(1)?, row.try_get(2)?);
        if secrets.sealed_to(&body_binding(&message_id), &body) {
            return Ok(None);
        }
        Ok(Some(Sealed { set: vec![("body", secrets.seal_bound(&body_binding(&message_id), &body))], unless: ("body", body) }))
    })
    .await?;
    let files = seal_table(db, "complaint_files", "content_digest, content_sealed", FILE_BATCH, |row| {
        let digest: String = row.try_get(1)?;
        if digest.starts_with("hmac:") {
            return Ok(None);
        }
        let keyed = secrets.file_digest(&secrets.open(&row.try_get::<Vec<u8>, _>(2)?)?);
        Ok(Some(Sealed { set: vec![("content_digest", keyed)], unless: ("content_digest", digest) }))
    })
    .await?;
    let sealed = complaints + events + mails + files;
    if sealed > 0 {
        tracing::info!("{sealed} 项旧数据已加密保存 / values kept in clear by an earlier version are now sealed");
    }
    Ok(sealed)
}

/// A row's new values, written only while `unless` still holds what was read.
struct Sealed {
    set: Vec<(&'static str, String)>,
    unless: (&'static str, String),
}

/// Walks `table` from its high-water mark in batches of `batch` rows (`id` first, then
/// `columns`), writing what `seal` returns for each row, one transaction per batch.
async fn seal_table(db: &Db, table: &str, columns: &str, batch: i64, seal: impl Fn(&AnyRow) -> Result<Option<Sealed>>) -> Result<u64> {
    let select = format!("SELECT id, {columns} FROM {table} WHERE id > $1 ORDER BY id LIMIT $2");
    let (mut after, mut sealed) = (high_water(db, table).await?, 0u64);
    loop {
        let rows = sqlx::query(&select).bind(after).bind(batch).fetch_all(&db.pool).await?;
        let Some(last) = rows.last() else {
            set_high_water(db, table, after).await?;
            return Ok(sealed);
        };
        after = last.try_get(0)?;
        let mut tx = db.pool.begin().await?;
        for row in &rows {
            let Some(Sealed { set, unless }) = seal(row)? else { continue };
            let assignments: Vec<String> = set.iter().enumerate().map(|(i, (column, _))| format!("{column} = ${}", i + 2)).collect();
            let update = format!("UPDATE {table} SET {} WHERE id = $1 AND {} = ${}", assignments.join(", "), unless.0, set.len() + 2);
            let mut query = sqlx::query(&update).bind(row.try_get::<i64, _>(0)?);
            for (_, value) in set {
                query = query.bind(value);
            }
            sealed += query.bind(unless.1).execute(&mut *tx).await?.rows_affected();
        }
        tx.commit().await?;
    }
}
