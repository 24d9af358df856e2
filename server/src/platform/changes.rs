//! The change feed: every write that a search index must see appends a row here in
//! the same transaction, and every node's index follows it (docs/ARCHITECTURE.md).
//!
//! A follower remembers the highest id it has applied and asks for `id > last`. That
//! is only sound if ids become visible in order. SQLite guarantees it (one writer at a
//! time, until commit). PostgreSQL does not: a sequence hands out ids when rows are
//! inserted, not when they commit, so a long import on one node could commit ids
//! *below* those of a short import on another node that committed first, after every
//! follower had moved past them: those changes would never reach any index. So on
//! PostgreSQL every transaction that appends to the feed first takes one
//! transaction-scoped advisory lock ([`lock`]), held until it commits: feed writers
//! run one at a time and their ids are visible in id order.

use anyhow::Result;
use sqlx::{AnyConnection, Row};

use super::clock;
use super::db::Db;

/// The entity of a request to rebuild every index from the database.
pub const ENTITY_REINDEX: &str = "reindex";
pub const ENTITY_POLICY: &str = "policy";
pub const ENTITY_SERVICE: &str = "service";
pub const ENTITY_TASK: &str = "task";
/// The search synonyms changed (`platform/search/synonyms.rs`): every engine reloads them.
pub const ENTITY_SYNONYMS: &str = "synonyms";

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Change {
    pub id: i64,
    pub entity: String,
    pub key: String,
}

/// The PostgreSQL advisory lock key of feed writers ("qingdan" and 1).
const FEED_LOCK: i64 = 0x7169_6e67_6461_6e01;

/// Makes this transaction the only one appending to the feed until it ends. Call it
/// first in a transaction that will record changes, before it reads or locks any rows,
/// so writers always wait in the same order; [`record`] and [`record_many`] call it too,
/// so a writer that forgets is still safe. Taking it again in the same transaction is
/// harmless.
///
/// On SQLite it makes the transaction a writer at once (waiting out the busy timeout):
/// a deferred transaction that read first and wrote later would instead fail at once
/// with "database is locked" whenever another writer committed in between.
pub async fn lock(conn: &mut AnyConnection) -> Result<()> {
    if conn.backend_name() == "PostgreSQL" {
        sqlx::query("SELECT pg_advisory_xact_lock($1)").bind(FEED_LOCK).execute(&mut *conn).await?;
    } else {
        sqlx::query("UPDATE change_feed SET entity = entity WHERE 0").execute(&mut *conn).await?;
    }
    Ok(())
}

pub async fn record(conn: &mut AnyConnection, entity: &str, key: &str, at: &str) -> Result<()> {
    lock(&mut *conn).await?;
    sqlx::query("INSERT INTO change_feed (entity, entity_key, changed_at) VALUES ($1, $2, $3)")
        .bind(entity)
        .bind(key)
        .bind(at)
        .execute(conn)
        .await?;
    Ok(())
}

/// Records a change for each key, in as few statements as the engines allow.
pub async fn record_many(conn: &mut AnyConnection, entity: &str, keys: &[&str], at: &str) -> Result<()> {
    if keys.is_empty() {
        return Ok(());
    }
    lock(&mut *conn).await?;
    for chunk in keys.chunks(super::db::rows_per_statement(3)) {
        let sql = format!(
            "INSERT INTO change_feed (entity, entity_key, changed_at) VALUES {}",
            super::db::values_list(conn, chunk.len(), 3)
        );
        let mut query = sqlx::query(&sql);
        for key in chunk {
            query = query.bind(entity).bind(*key).bind(at);
        }
        query.execute(&mut *conn).await?;
    }
    Ok(())
}

pub async fn since(db: &Db, after: i64, limit: i64) -> Result<Vec<Change>> {
    let rows = sqlx::query("SELECT id, entity, entity_key FROM change_feed WHERE id > $1 ORDER BY id LIMIT $2")
        .bind(after)
        .bind(limit)
        .fetch_all(&db.pool)
        .await?;
    rows.iter()
        .map(|r| Ok(Change { id: r.try_get(0)?, entity: r.try_get(1)?, key: r.try_get(2)? }))
        .collect()
}

pub async fn last_id(db: &Db) -> Result<i64> {
    let row = sqlx::query("SELECT MAX(id) FROM change_feed").fetch_one(&db.pool).await?;
    Ok(row.try_get::<Option<i64>, _>(0)?.unwrap_or(0))
}

/// Asks every running node to rebuild its index from the database.
pub async fn request_reindex(db: &Db) -> Result<()> {
    let mut tx = db.pool.begin().await?;
    record(&mut tx, ENTITY_REINDEX, "*", &clock::now()).await?;
    tx.commit().await?;
    Ok(())
}
