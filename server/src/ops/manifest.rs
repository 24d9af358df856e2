//! A backup's `manifest.json`: what made it, which schema and key it needs, how many
//! rows each table held in the snapshot, and a checksum for every file beside it.

use std::collections::BTreeMap;
use std::io::Read;
use std::path::Path;

use anyhow::{bail, Context, Result};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use sqlx::AnyConnection;

use crate::platform::db::{self, DbKind};

pub const MANIFEST: &str = "manifest.json";
pub const FORMAT: u32 = 1;
/// The database inside a backup, by engine.
pub const SQLITE_FILE: &str = "qingdan.db";
pub const PG_DUMP_FILE: &str = "qingdan.pgdump";
/// The key's name inside a backup made with `--include-key`.
pub const KEY_FILE: &str = "secret.key";
pub const MAIL_DIR: &str = "mail";

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct Manifest {
    pub format: u32,
    pub qingdan_version: String,
    pub engine: String,
    pub schema_version: i64,
    pub created_at: String,
    pub key: KeyNote,
    /// Rows per table in the snapshot.
    pub counts: BTreeMap<String, i64>,
    pub files: Vec<FileEntry>,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct KeyNote {
    pub fingerprint: String,
    pub included: bool,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct FileEntry {
    /// Relative to the backup directory, `/`-separated.
    pub path: String,
    pub bytes: u64,
    pub sha256: String,
}

pub fn engine_name(kind: DbKind) -> &'static str {
    match kind {
        DbKind::Sqlite => "sqlite",
        DbKind::Postgres => "postgres",
    }
}

impl Manifest {
    pub fn read(dir: &Path) -> Result<Self> {
        let path = dir.join(MANIFEST);
        let text = std::fs::read_to_string(&path).with_context(|| {
            format!("{} 中没有 manifest.json：不是完整的备份 / no manifest.json: not a complete backup", dir.display())
        })?;
        let manifest: Manifest =
            serde_json::from_str(&text).context("manifest.json 无法解析 / manifest.json is malformed")?;
        if manifest.format != FORMAT {
            bail!("备份格式 {} 不受支持 / backup format {} is not supported", manifest.format, manifest.format);
        }
        Ok(manifest)
    }

    /// Written last and renamed into place: a manifest means the backup is whole.
    pub fn write(&self, dir: &Path) -> Result<()> {
        let temp = dir.join(".manifest.json.tmp");
        std::fs::write(&temp, serde_json::to_vec_pretty(self)?)?;
        std::fs::File::open(&temp)?.sync_all()?;
        std::fs::rename(&temp, dir.join(MANIFEST))?;
        sync_dir(dir);
        Ok(())
    }

    /// Every listed file is present with its size and checksum.
    pub fn verify_files(&self, dir: &Path) -> Result<()> {
        for entry in &self.files {
            let path = dir.join(&entry.path);
            let actual = FileEntry::of(dir, &path).with_context(|| format!("备份缺少文件 / the backup lacks {}", entry.path))?;
            if actual.bytes != entry.bytes || actual.sha256 != entry.sha256 {
                bail!("备份文件 {} 的校验和不符，备份已损坏或被改动 / {} does not match its checksum: the backup is damaged", entry.path, entry.path);
            }
        }
        Ok(())
    }

    pub fn has_file(&self, path: &str) -> bool {
        self.files.iter().any(|f| f.path == path)
    }
}

impl FileEntry {
    pub fn of(root: &Path, path: &Path) -> Result<Self> {
        let relative = path.strip_prefix(root).unwrap_or(path);
        let name = relative.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/");
        let (bytes, sha256) = sha256_file(path)?;
        Ok(Self { path: name, bytes, sha256 })
    }
}

pub fn sha256_file(path: &Path) -> Result<(u64, String)> {
    let mut file = std::fs::File::open(path).with_context(|| format!("cannot open {}", path.display()))?;
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 1 << 16];
    let mut total = 0u64;
    loop {
        let n = file.read(&mut buf)?;
        if n == 0 {
            break;
        }
        total += n as u64;
        hasher.update(&buf[..n]);
    }
    Ok((total, hex::encode(hasher.finalize())))
}

/// The schema version and rows per table, read on one connection so that inside a
/// snapshot transaction they describe that snapshot.
pub async fn facts(conn: &mut AnyConnection, kind: DbKind) -> Result<(i64, BTreeMap<String, i64>)> {
    let schema = db::schema_version_on(conn, kind).await?;
    let mut counts = BTreeMap::new();
    for table in db::tables_on(conn, kind).await? {
        // Table names come from the catalogue, quoted all the same.
        let n: i64 = sqlx::query_scalar(&format!("SELECT COUNT(*) FROM \"{}\"", table.replace('"', "\"\"")))
            .fetch_one(&mut *conn)
            .await?;
        counts.insert(table, n);
    }
    Ok((schema, counts))
}

pub fn sync_dir(dir: &Path) {
    if let Ok(d) = std::fs::File::open(dir) {
        let _ = d.sync_all();
    }
}
