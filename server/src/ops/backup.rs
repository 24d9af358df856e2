//! `qingdan backup DIR`: a consistent copy of a running portal's data. SQLite is copied
//! with `VACUUM INTO` (one read snapshot; writers go on); PostgreSQL with `pg_dump` of
//! an exported snapshot, in which the row counts are read too. Beside it the mail spool
//! and, only when asked, the key; `manifest.json` is written last.

use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};
use sqlx::Executor;

use super::manifest::{self, FileEntry, KeyNote, Manifest, KEY_FILE, MAIL_DIR, PG_DUMP_FILE, SQLITE_FILE};
use crate::config::Config;
use crate::platform::clock;
use crate::platform::crypto;
use crate::platform::db::{self, Db, DbKind};

pub struct Options {
    pub include_key: bool,
}

pub struct Report {
    pub manifest: Manifest,
    /// Where the key lives when it was left out of the backup.
    pub key_path: PathBuf,
}

pub async fn run(config: &Config, dir: &Path, options: &Options) -> Result<Report> {
    prepare_dir(dir)?;
    let key_path = config.key_file();
    let key = crypto::read_key(&key_path).context(
        "找不到密钥文件：没有它，备份中加密的身份信息和证据无法读取 / the key file is missing; without it sealed data in a backup cannot be read",
    )?;
    if let Some(path) = db::sqlite_file(&config.database_url) {
        if !path.exists() {
            bail!("数据库文件 {} 不存在 / the database file does not exist", path.display());
        }
    }
    let db = Db::open(&config.database_url).await?;
    let (schema_version, counts, db_file) = match db.kind {
        DbKind::Sqlite => sqlite_snapshot(&db, dir).await?,
        DbKind::Postgres => postgres_snapshot(&db, &config.database_url, dir).await?,
    };
    db.pool.close().await;

    let mut files = vec![FileEntry::of(dir, &db_file)?];
    files.extend(copy_spool(&config.mail_dir(), &dir.join(MAIL_DIR))?);
    if options.include_key {
        let copy = dir.join(KEY_FILE);
        crypto::install_key(&copy, &key)?;
        files.push(FileEntry::of(dir, &copy)?);
    }
    let manifest = Manifest {
        format: manifest::FORMAT,
        qingdan_version: env!("CARGO_PKG_VERSION").to_string(),
        engine: manifest::engine_name(db.kind).to_string(),
        schema_version,
        created_at: clock::now(),
        key: KeyNote { fingerprint: crypto::key_fingerprint(&key), included: options.include_key },
        counts,
        files,
    };
    manifest.write(dir)?;
    Ok(Report { manifest, key_path })
}

/// The target must be new or empty: a backup never mixes with another's files.
fn prepare_dir(dir: &Path) -> Result<()> {
    if dir.exists() {
        let mut entries = std::fs::read_dir(dir).with_context(|| format!("无法读取 / cannot read {}", dir.display()))?;
        if entries.next().is_some() {
            bail!("备份目录 {} 不是空的，请指定新目录 / the backup directory is not empty; name a new one", dir.display());
        }
    }
    std::fs::create_dir_all(dir).with_context(|| format!("无法创建备份目录 / cannot create {}", dir.display()))
}

async fn sqlite_snapshot(db: &Db, dir: &Path) -> Result<(i64, std::collections::BTreeMap<String, i64>, PathBuf)> {
    let target = dir.join(SQLITE_FILE);
    let literal = target.to_string_lossy().replace('\'', "''");
    db.pool
        .execute(format!("VACUUM INTO '{literal}'").as_str())
        .await
        .context("SQLite 在线备份失败 / the SQLite online backup failed")?;
    std::fs::File::open(&target)?.sync_all()?;
    // The counts come from the copy itself, so they describe exactly what was saved.
    let copy = Db::open(&format!("sqlite://{}?immutable=1", target.display())).await?;
    let facts = manifest::facts(&mut *copy.pool.acquire().await?, DbKind::Sqlite).await;
    copy.pool.close().await;
    let (schema, counts) = facts?;
    Ok((schema, counts, target))
}

async fn postgres_snapshot(db: &Db, url: &str, dir: &Path) -> Result<(i64, std::collections::BTreeMap<String, i64>, PathBuf)> {
    let target = dir.join(PG_DUMP_FILE);
    let mut conn = db.pool.acquire().await?;
    conn.execute("BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY").await?;
    let outcome = async {
        let snapshot: String = sqlx::query_scalar("SELECT pg_export_snapshot()").fetch_one(&mut *conn).await?;
        let facts = manifest::facts(&mut conn, DbKind::Postgres).await?;
        // pg_dump reads the very snapshot the counts were read in, held open meanwhile.
        let mut command = std::process::Command::new("pg_dump");
        command
            .arg("--format=custom")
            .arg("--no-owner")
            .arg("--no-privileges")
            .arg(format!("--snapshot={snapshot}"))
            .arg("--file")
            .arg(&target)
            .arg("--dbname")
            .arg(url);
        let dump = super::run_tool(command)
            .await
            .context("无法运行 pg_dump，请安装 PostgreSQL 客户端 / cannot run pg_dump (install the PostgreSQL client)")?;
        if !dump.status.success() {
            bail!("pg_dump 失败 / pg_dump failed: {}", String::from_utf8_lossy(&dump.stderr).trim());
        }
        Ok::<_, anyhow::Error>(facts)
    }
    .await;
    let _ = conn.execute("COMMIT").await;
    let (schema, counts) = outcome?;
    std::fs::File::open(&target)?.sync_all()?;
    Ok((schema, counts, target))
}

/// Copies the finished spool files, `.eml` and `.eml.sealed` (the worker writes each
/// under a hidden temporary name and renames it, so a visible file is whole).
fn copy_spool(from: &Path, to: &Path) -> Result<Vec<FileEntry>> {
    let mut names: Vec<_> = match std::fs::read_dir(from) {
        Ok(entries) => entries
            .filter_map(|e| e.ok())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| !n.starts_with('.'))
            .collect(),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(e).with_context(|| format!("cannot read {}", from.display())),
    };
    names.sort();
    std::fs::create_dir_all(to)?;
    let root = to.parent().unwrap_or(to);
    let mut files = Vec::with_capacity(names.len());
    for name in names {
        let target = to.join(&name);
        std::fs::copy(from.join(&name), &target).with_context(|| format!("cannot copy {name}"))?;
        files.push(FileEntry::of(root, &target)?);
    }
    manifest::sync_dir(to);
    Ok(files)
}
