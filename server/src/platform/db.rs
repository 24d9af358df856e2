//! The database connection: SQLite by default, PostgreSQL by URL, one code path
//! (sqlx's `Any` driver with `$n` placeholders, which both engines accept).

use std::str::FromStr;
use std::time::Duration;

use anyhow::{Context, Result};
use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::migrate::Migrator;
use sqlx::{AnyPool, ConnectOptions, Executor};

static SQLITE_MIGRATIONS: Migrator = sqlx::migrate!("../migrations/sqlite");
static POSTGRES_MIGRATIONS: Migrator = sqlx::migrate!("../migrations/postgres");

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DbKind {
    Sqlite,
    Postgres,
}

#[derive(Clone, Debug)]
pub struct Db {
    pub pool: AnyPool,
    pub kind: DbKind,
}

impl Db {
    pub async fn connect(url: &str) -> Result<Self> {
        sqlx::any::install_default_drivers();
        let kind = if url.starts_with("postgres:") || url.starts_with("postgresql:") {
            DbKind::Postgres
        } else if url.starts_with("sqlite:") {
            DbKind::Sqlite
        } else {
            anyhow::bail!("不支持的数据库地址 / unsupported database URL (use sqlite:// or postgres://)");
        };
        let options = AnyConnectOptions::from_str(url)
            .context("数据库地址格式错误 / malformed database URL")?
            .log_statements(tracing::log::LevelFilter::Trace);
        let mut pool_options = AnyPoolOptions::new()
            .max_connections(if kind == DbKind::Sqlite { 8 } else { 16 })
            .acquire_timeout(Duration::from_secs(30));
        if kind == DbKind::Sqlite {
            pool_options = pool_options.after_connect(|conn, _| {
                Box::pin(async move {
                    conn.execute("PRAGMA busy_timeout = 15000").await?;
                    conn.execute("PRAGMA foreign_keys = ON").await?;
                    // FULL: an acknowledged tip survives a power cut, not only a crash.
                    conn.execute("PRAGMA synchronous = FULL").await?;
                    Ok(())
                })
            });
        }
        let pool = pool_options
            .connect_with(options)
            .await
            .with_context(|| format!("无法连接数据库 / cannot connect to the database ({})", redact(url)))?;
        if kind == DbKind::Sqlite {
            pool.execute("PRAGMA journal_mode = WAL").await?;
        }
        let db = Db { pool, kind };
        db.migrate().await?;
        Ok(db)
    }

    async fn migrate(&self) -> Result<()> {
        let migrator = match self.kind {
            DbKind::Sqlite => &SQLITE_MIGRATIONS,
            DbKind::Postgres => &POSTGRES_MIGRATIONS,
        };
        migrator.run(&self.pool).await.context("数据库迁移失败 / database migration failed")
    }
}

/// A database URL without its password, for messages.
/// The most parameters one statement should carry. sqlx's SQLite driver looks each
/// parameter up by name, a cost that grows with the square of their number: measured,
/// 9,500 parameters per statement spent three quarters of an import in that look-up.
pub const MAX_PARAMS: usize = 200;

/// Rows of `cols` columns per multi-row statement.
pub fn rows_per_statement(cols: usize) -> usize {
    (MAX_PARAMS / cols).max(1)
}

/// `$start, …` for `count` parameters.
pub fn placeholders(start: usize, count: usize) -> String {
    (start..start + count).map(|i| format!("${i}")).collect::<Vec<_>>().join(", ")
}

/// `($1, $2), ($3, $4)`: the VALUES of a multi-row insert of `rows` rows of `cols` columns.
pub fn values_list(rows: usize, cols: usize) -> String {
    (0..rows).map(|r| format!("({})", placeholders(r * cols + 1, cols))).collect::<Vec<_>>().join(", ")
}

fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme), Some(at)) if at > scheme => format!("{}://…{}", &url[..scheme], &url[at..]),
        _ => url.to_string(),
    }
}
