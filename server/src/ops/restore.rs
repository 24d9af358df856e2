//! `qingdan restore DIR`: a backup back into an empty data directory (and, on
//! PostgreSQL, an empty database). Everything is checked before anything is written —
//! the manifest, every checksum, the engine, the schema and the key — so a refused
//! restore leaves the target as it was. The search index is not in a backup: it is
//! removed here and rebuilt from the database.

use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};

use super::manifest::{self, Manifest, KEY_FILE, MAIL_DIR, PG_DUMP_FILE, SQLITE_FILE};
use crate::config::Config;
use crate::platform::crypto;
use crate::platform::db::{self, Db, DbKind};

pub struct Report {
    pub manifest: Manifest,
    pub mail_files: usize,
    pub key_path: PathBuf,
}

pub async fn run(config: &Config, dir: &Path) -> Result<Report> {
    let manifest = Manifest::read(dir)?;
    manifest.verify_files(dir)?;
    let kind = db::kind_of(&config.database_url)?;
    if manifest.engine != manifest::engine_name(kind) {
        bail!(
            "这是 {} 的备份，目标数据库是 {}：不支持跨数据库恢复 / a {} backup cannot be restored into {}",
            manifest.engine,
            manifest::engine_name(kind),
            manifest.engine,
            manifest::engine_name(kind)
        );
    }
    let known = db::known_schema_version(kind);
    if manifest.schema_version > known {
        bail!(
            "备份来自更新的版本 (架构 {}，本程序只认识到 {})，请用新版本恢复 / the backup comes from a newer release (schema {} > {})",
            manifest.schema_version,
            known,
            manifest.schema_version,
            known
        );
    }
    let key_path = config.key_file();
    let key = key_to_use(dir, &manifest, &key_path)?;
    check_target_empty(config, kind).await?;

    if !key_path.exists() {
        crypto::install_key(&key_path, &key)?;
    }
    match kind {
        DbKind::Sqlite => restore_sqlite(config, dir)?,
        DbKind::Postgres => restore_postgres(config, dir).await?,
    }
    let restored = Db::open(&config.database_url).await?;
    let facts = manifest::facts(&mut *restored.pool.acquire().await?, kind).await;
    restored.pool.close().await;
    let (_, counts) = facts?;
    if counts != manifest.counts {
        bail!("恢复后的行数与备份清单不符 / the restored row counts differ from the manifest: {counts:?}");
    }
    let mail_files = restore_spool(dir, &manifest, &config.mail_dir())?;
    for index in config.index_dirs() {
        if index.exists() {
            std::fs::remove_dir_all(&index).with_context(|| format!("cannot remove the old index {}", index.display()))?;
        }
    }
    Ok(Report { manifest, mail_files, key_path })
}

/// The key the sealed data needs: from the backup when it holds one, else the one
/// already at the configured path; either way it must be the key the backup names.
fn key_to_use(dir: &Path, manifest: &Manifest, key_path: &Path) -> Result<[u8; 32]> {
    let wanted = &manifest.key.fingerprint;
    let present = if key_path.exists() { Some(crypto::read_key(key_path)?) } else { None };
    if let Some(key) = present {
        if crypto::key_fingerprint(&key) != *wanted {
            bail!(
                "{} 处的密钥不是备份所用的密钥 (需要指纹 {wanted})：用它恢复将无法读取身份信息和证据 / \
                 the key at this path is not the backup's key (fingerprint {wanted}); sealed identities and evidence would be unreadable",
                key_path.display()
            );
        }
        return Ok(key);
    }
    if manifest.has_file(KEY_FILE) {
        let key = crypto::read_key(&dir.join(KEY_FILE))?;
        if crypto::key_fingerprint(&key) != *wanted {
            bail!("备份中的密钥与清单不符 / the key in the backup does not match its manifest");
        }
        return Ok(key);
    }
    bail!(
        "备份不含密钥。请把备份时的密钥文件（指纹 {wanted}）放到 {}，或用 QINGDAN_KEY_FILE 指向它，然后重试 / \
         the backup holds no key: put the key file it was made with (fingerprint {wanted}) at that path, or point QINGDAN_KEY_FILE at it, and retry",
        key_path.display()
    )
}

async fn check_target_empty(config: &Config, kind: DbKind) -> Result<()> {
    match kind {
        DbKind::Sqlite => {
            let file = db::sqlite_file(&config.database_url).context("无法从数据库地址得出文件 / the SQLite URL names no file")?;
            for path in [file.clone(), wal_sibling(&file, "-wal")] {
                if path.exists() {
                    bail!(
                        "{} 已存在：恢复只写入空的数据目录，不会覆盖现有数据 / it exists: a restore writes only into an empty data directory",
                        path.display()
                    );
                }
            }
        }
        DbKind::Postgres => {
            let db = Db::open(&config.database_url).await?;
            let tables = db::tables_on(&mut *db.pool.acquire().await?, kind).await;
            db.pool.close().await;
            if !tables?.is_empty() {
                bail!("目标数据库不是空的：请恢复到新建的空数据库 / the target database is not empty: restore into a new, empty database");
            }
        }
    }
    let spool = config.mail_dir();
    if std::fs::read_dir(&spool).map(|mut d| d.next().is_some()).unwrap_or(false) {
        bail!("{} 不是空的：恢复只写入空的数据目录 / the mail spool is not empty", spool.display());
    }
    Ok(())
}

fn wal_sibling(file: &Path, suffix: &str) -> PathBuf {
    let mut name = file.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

/// Copied under a temporary name and renamed: the database appears whole or not at all.
fn restore_sqlite(config: &Config, dir: &Path) -> Result<()> {
    let file = db::sqlite_file(&config.database_url).context("the SQLite URL names no file")?;
    if let Some(parent) = file.parent() {
        std::fs::create_dir_all(parent)?;
    }
    let temp = wal_sibling(&file, ".restoring");
    std::fs::copy(dir.join(SQLITE_FILE), &temp).context("无法复制数据库 / cannot copy the database")?;
    std::fs::File::open(&temp)?.sync_all()?;
    std::fs::rename(&temp, &file)?;
    if let Some(parent) = file.parent() {
        manifest::sync_dir(parent);
    }
    Ok(())
}

/// One transaction: a dump that fails half way leaves the database empty.
async fn restore_postgres(config: &Config, dir: &Path) -> Result<()> {
    let mut command = std::process::Command::new("pg_restore");
    command
        .args(["--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction"])
        .arg("--dbname")
        .arg(&config.database_url)
        .arg(dir.join(PG_DUMP_FILE));
    let output = super::run_tool(command)
        .await
        .context("无法运行 pg_restore，请安装 PostgreSQL 客户端 / cannot run pg_restore (install the PostgreSQL client)")?;
    if !output.status.success() {
        bail!("pg_restore 失败，数据库未改动 / pg_restore failed and changed nothing: {}", String::from_utf8_lossy(&output.stderr).trim());
    }
    Ok(())
}

fn restore_spool(dir: &Path, manifest: &Manifest, spool: &Path) -> Result<usize> {
    let prefix = format!("{MAIL_DIR}/");
    let mut copied = 0;
    for entry in manifest.files.iter().filter(|f| f.path.starts_with(&prefix)) {
        std::fs::create_dir_all(spool)?;
        let name = &entry.path[prefix.len()..];
        if name.contains('/') || name.starts_with('.') {
            bail!("清单中的邮件文件名无效 / bad mail file name in the manifest: {}", entry.path);
        }
        std::fs::copy(dir.join(&entry.path), spool.join(name)).with_context(|| format!("cannot restore {}", entry.path))?;
        copied += 1;
    }
    manifest::sync_dir(spool);
    Ok(copied)
}
