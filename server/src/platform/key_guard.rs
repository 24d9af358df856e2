//! The key and the database belong together: the database keeps a check value of its
//! key (a fingerprint, never the key), so a missing or wrong key file is refused at
//! start instead of silently sealing new data with a new key while every receipt,
//! identity and evidence file already stored becomes unreadable.

use std::path::Path;

use anyhow::{bail, Result};
use sqlx::Row;

use super::crypto::{key_fingerprint, read_key, Secrets};
use super::db::Db;

const KEY_CHECK: &str = "key_check";

async fn stored_check(db: &Db) -> Result<Option<String>> {
    let row = sqlx::query("SELECT value FROM settings WHERE name = $1").bind(KEY_CHECK).fetch_optional(&db.pool).await?;
    Ok(row.map(|r| r.try_get(0)).transpose()?)
}

/// The secrets of the key at `path`, checked against the database's check value; a new
/// key is made only for a database that has never sealed anything.
pub async fn open_secrets(db: &Db, path: &Path) -> Result<Secrets> {
    let stored = stored_check(db).await?;
    if !path.exists() {
        let cases: i64 = sqlx::query("SELECT COUNT(*) FROM complaints").fetch_one(&db.pool).await?.try_get(0)?;
        if stored.is_some() || cases > 0 {
            bail!(
                "密钥文件 {} 不存在，但数据库中已有用密钥加密的数据：请把原密钥放回该位置（或用 QINGDAN_KEY_FILE 指向它），不会新建密钥。\n\
                 The key file {} is missing but this database holds data sealed with a key: put the original key back there \
                 (or point QINGDAN_KEY_FILE at it); no new key is made.",
                path.display(),
                path.display()
            );
        }
    }
    let secrets = Secrets::load_or_create(path)?;
    let fingerprint = key_fingerprint(&read_key(path)?);
    if stored.is_none() {
        // Two nodes starting at once: the first check value written wins, both compare.
        sqlx::query("INSERT INTO settings (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING")
            .bind(KEY_CHECK)
            .bind(&fingerprint)
            .execute(&db.pool)
            .await?;
    }
    match stored_check(db).await? {
        Some(check) if check == fingerprint => Ok(secrets),
        Some(check) => bail!(
            "密钥文件 {} 与本数据库不符（数据库要求的密钥指纹为 {check}，该文件为 {fingerprint}）：请使用本数据库原来的密钥。\n\
             The key file {} does not belong to this database (it expects key fingerprint {check}, the file has {fingerprint}): use this database's own key.",
            path.display(),
            path.display()
        ),
        None => bail!("无法记录密钥校验值 / the key check value could not be stored"),
    }
}
