//! API keys for filing tips through Open311: made on the admin desk (shown once), kept as
//! a hash, revoked there.

use anyhow::Result;
use sqlx::Row;

use crate::platform::clock;
use crate::platform::crypto::{random_token, token_hash};
use crate::platform::db::Db;

pub use app::admin::model::ApiKeyView as KeyRow;

/// A new key for `name`: the key itself, returned once.
pub async fn create(db: &Db, name: &str, by: &str) -> Result<String> {
    let key = random_token();
    sqlx::query("INSERT INTO open311_keys (name, key_hash, created_at, created_by) VALUES ($1, $2, $3, $4)")
        .bind(name)
        .bind(token_hash(&key))
        .bind(clock::now())
        .bind(by)
        .execute(&db.pool)
        .await?;
    Ok(key)
}

/// The name of the live key presented, if it is one.
pub async fn check(db: &Db, key: &str) -> Result<Option<String>> {
    if key.trim().is_empty() {
        return Ok(None);
    }
    let row = sqlx::query("SELECT name FROM open311_keys WHERE key_hash = $1 AND revoked_at IS NULL")
        .bind(token_hash(key.trim()))
        .fetch_optional(&db.pool)
        .await?;
    Ok(row.map(|r| r.try_get(0)).transpose()?)
}

pub async fn list(db: &Db) -> Result<Vec<KeyRow>> {
    let rows = sqlx::query("SELECT id, name, created_at, created_by, revoked_at FROM open311_keys ORDER BY id").fetch_all(&db.pool).await?;
    rows.iter()
        .map(|r| Ok(KeyRow { id: r.try_get(0)?, name: r.try_get(1)?, created_at: r.try_get(2)?, created_by: r.try_get(3)?, revoked_at: r.try_get(4)? }))
        .collect()
}

/// Revokes a live key; the name of the key, or `None` when there is no such live key.
pub async fn revoke(db: &Db, id: i64) -> Result<Option<String>> {
    let row = sqlx::query("UPDATE open311_keys SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL RETURNING name")
        .bind(id)
        .bind(clock::now())
        .fetch_optional(&db.pool)
        .await?;
    Ok(row.map(|r| r.try_get(0)).transpose()?)
}
