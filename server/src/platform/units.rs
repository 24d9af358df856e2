//! The district's units (局、办、镇街): the one table every list and the complaint
//! channel point to, and the only code that queries it.

use std::collections::HashMap;

use anyhow::Result;
use sqlx::{AnyConnection, Row};

use super::db::Db;

pub const MAX_NAME_CHARS: usize = 100;

pub async fn names(db: &Db) -> Result<Vec<String>> {
    let rows = sqlx::query("SELECT name FROM units ORDER BY name").fetch_all(&db.pool).await?;
    rows.iter().map(|r| Ok(r.try_get(0)?)).collect()
}

pub async fn exists(db: &Db, name: &str) -> Result<bool> {
    Ok(id(&db.pool, name).await?.is_some())
}

pub async fn id<'e, E: sqlx::Executor<'e, Database = sqlx::Any>>(executor: E, name: &str) -> Result<Option<i64>> {
    let row = sqlx::query("SELECT id FROM units WHERE name = $1").bind(name).fetch_optional(executor).await?;
    Ok(row.map(|r| r.try_get(0)).transpose()?)
}

/// Adds a unit; false when one of that name exists already.
pub async fn add(db: &Db, name: &str) -> Result<bool> {
    let added = sqlx::query("INSERT INTO units (name) VALUES ($1) ON CONFLICT (name) DO NOTHING")
        .bind(name)
        .execute(&db.pool)
        .await?
        .rows_affected();
    Ok(added > 0)
}

/// The unit's id, creating it if a list names a unit for the first time (imports only:
/// accounts and forwarding refuse unknown units).
pub async fn id_or_create(conn: &mut AnyConnection, cache: &mut HashMap<String, i64>, name: &str) -> Result<i64> {
    if let Some(id) = cache.get(name) {
        return Ok(*id);
    }
    sqlx::query("INSERT INTO units (name) VALUES ($1) ON CONFLICT (name) DO NOTHING")
        .bind(name)
        .execute(&mut *conn)
        .await?;
    let id: i64 = sqlx::query("SELECT id FROM units WHERE name = $1").bind(name).fetch_one(&mut *conn).await?.try_get(0)?;
    cache.insert(name.to_string(), id);
    Ok(id)
}
