//! The database connection: SQLite by default, PostgreSQL by URL, one code path
//! (sqlx's `Any` driver with `$n` placeholders, which both engines accept; long
//! statements built here leave them anonymous on SQLite, see [`numbered`]).

use std::str::FromStr;
use std::time::Duration;

use anyhow::{Context, Result};
use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::migrate::Migrator;
use sqlx::{AnyConnection, AnyPool, ConnectOptions, Executor};

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
    /// Connects and brings the schema up to date.
    pub async fn connect(url: &str) -> Result<Self> {
        let db = Self::open(url).await?;
        db.migrate().await?;
        Ok(db)
    }

    /// Connects without touching the schema (backups read a database as it is).
    pub async fn open(url: &str) -> Result<Self> {
        sqlx::any::install_default_drivers();
        let kind = kind_of(url)?;
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
                    // What is overwritten or deleted (text an earlier version kept in
                    // clear) is zeroed, not left in free pages.
                    conn.execute("PRAGMA secure_delete = ON").await?;
                    Ok(())
                })
            });
        }
        let pool = pool_options
            .connect_with(options)
            .await
            .with_context(|| format!("无法连接数据库 / cannot connect to the database ({})", redact(url)))?;
        // A read-only snapshot (a backup being checked) keeps its journal mode.
        if kind == DbKind::Sqlite && !url.contains("immutable=") {
            pool.execute("PRAGMA journal_mode = WAL").await?;
        }
        Ok(Db { pool, kind })
    }

    async fn migrate(&self) -> Result<()> {
        migrate_with(self, migrator(self.kind)).await
    }

    /// The newest migration applied to this database; 0 when it has none.
    pub async fn schema_version(&self) -> Result<i64> {
        schema_version_on(&mut *self.pool.acquire().await?, self.kind).await
    }

    pub async fn tables(&self) -> Result<Vec<String>> {
        tables_on(&mut *self.pool.acquire().await?, self.kind).await
    }
}

/// [`Db::schema_version`] on one connection (inside a caller's snapshot).
pub async fn schema_version_on(conn: &mut AnyConnection, kind: DbKind) -> Result<i64> {
    let tables = tables_on(conn, kind).await?;
    if !tables.iter().any(|t| t == "_sqlx_migrations") {
        return Ok(0);
    }
    let version: Option<i64> = sqlx::query_scalar("SELECT MAX(version) FROM _sqlx_migrations WHERE success = TRUE")
        .fetch_one(&mut *conn)
        .await?;
    Ok(version.unwrap_or(0))
}

/// Every table of the database, sorted.
pub async fn tables_on(conn: &mut AnyConnection, kind: DbKind) -> Result<Vec<String>> {
    let sql = match kind {
        DbKind::Sqlite => "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
        DbKind::Postgres => "SELECT tablename::TEXT FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename",
    };
    Ok(sqlx::query_scalar(sql).fetch_all(&mut *conn).await?)
}

pub fn kind_of(url: &str) -> Result<DbKind> {
    if url.starts_with("postgres:") || url.starts_with("postgresql:") {
        Ok(DbKind::Postgres)
    } else if url.starts_with("sqlite:") {
        Ok(DbKind::Sqlite)
    } else {
        anyhow::bail!("不支持的数据库地址 / unsupported database URL (use sqlite:// or postgres://)")
    }
}

pub fn migrator(kind: DbKind) -> &'static Migrator {
    match kind {
        DbKind::Sqlite => &SQLITE_MIGRATIONS,
        DbKind::Postgres => &POSTGRES_MIGRATIONS,
    }
}

/// The newest schema this binary knows.
pub fn known_schema_version(kind: DbKind) -> i64 {
    migrator(kind).iter().map(|m| m.version).max().unwrap_or(0)
}

/// Runs `migrator`: each migration in its own transaction, so one that fails leaves the
/// database as the previous one left it; the error names the migration and the cause.
pub async fn migrate_with(db: &Db, migrator: &Migrator) -> Result<()> {
    let Err(e) = migrator.run(&db.pool).await else { return Ok(()) };
    let at = db.schema_version().await.unwrap_or(0);
    let failed = migrator.iter().find(|m| m.version > at).map(|m| format!("{} {}", m.version, m.description)).unwrap_or_default();
    Err(anyhow::anyhow!(
        "数据库迁移 {failed} 失败，该迁移未做任何改动，数据库停在架构版本 {at} / database migration {failed} failed \
         and changed nothing; the database stays at schema version {at}: {e}"
    ))
}

/// The file behind a `sqlite://` URL.
pub fn sqlite_file(url: &str) -> Option<std::path::PathBuf> {
    let rest = url.strip_prefix("sqlite://").or_else(|| url.strip_prefix("sqlite:"))?;
    let path = rest.split('?').next().unwrap_or_default();
    (!path.is_empty() && path != ":memory:").then(|| std::path::PathBuf::from(path))
}

/// The most parameters one statement should carry. Statements with many are built with
/// [`values_list`] or [`select_by_keys`], whose parameters SQLite gets anonymous: named,
/// sqlx's SQLite driver looks each up by name, a cost that grows with the square of
/// their number (9,500 per statement spent three quarters of an import in that
/// look-up). Measured at a million rows: 200 named, 53–58 s; 200 anonymous, 45–51 s;
/// 1,000 anonymous, 40–41 s.
pub const MAX_PARAMS: usize = 1000;

/// Rows of `cols` columns per multi-row statement.
pub fn rows_per_statement(cols: usize) -> usize {
    (MAX_PARAMS / cols).max(1)
}

/// `$start, …` (or `?, …`, see [`numbered`]) for `count` parameters.
fn placeholders(numbered: bool, start: usize, count: usize) -> String {
    (start..start + count).map(|i| parameter(numbered, i)).collect::<Vec<_>>().join(", ")
}

/// The rows of `select` (a `SELECT … FROM …` without `WHERE`) whose `key_column` is one
/// of `keys`, read by `read`, many keys per statement: how every list reads its items by
/// code (an import's existing rows, the index's changed items).
pub async fn select_by_keys<T>(
    conn: &mut sqlx::AnyConnection,
    select: &str,
    key_column: &str,
    keys: &[&str],
    mut read: impl FnMut(&sqlx::any::AnyRow) -> Result<T>,
) -> Result<Vec<T>> {
    let mut out = Vec::with_capacity(keys.len());
    for chunk in keys.chunks(MAX_PARAMS) {
        let sql = format!("{select} WHERE {key_column} IN ({})", placeholders(numbered(conn), 1, chunk.len()));
        let mut query = sqlx::query(&sql);
        for key in chunk {
            query = query.bind(*key);
        }
        for row in query.fetch_all(&mut *conn).await? {
            out.push(read(&row)?);
        }
    }
    Ok(out)
}

/// Where a page of a list starts: after the row of this cluster value and key (see
/// [`select_page`]); the default starts at the beginning.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct After {
    pub cluster: String,
    pub key: String,
}

/// Up to `limit` rows of `select` after `after`, in `key_column` order, or with a
/// `cluster_column` in the order of cluster, then key (an index on both columns
/// serves it): how an index is rebuilt from a list, page by page.
pub async fn select_page<T>(
    db: &Db,
    select: &str,
    cluster_column: Option<&str>,
    key_column: &str,
    after: &After,
    limit: usize,
    read: impl FnMut(&sqlx::any::AnyRow) -> Result<T>,
) -> Result<Vec<T>> {
    let sql = match cluster_column {
        None => format!("{select} WHERE {key_column} > $1 ORDER BY {key_column} LIMIT $2"),
        Some(cluster) => format!("{select} WHERE ({cluster}, {key_column}) > ($1, $2) ORDER BY {cluster}, {key_column} LIMIT $3"),
    };
    let mut query = sqlx::query(&sql);
    if cluster_column.is_some() {
        query = query.bind(&after.cluster);
    }
    query = query.bind(&after.key);
    query.bind(limit as i64).fetch_all(&db.pool).await?.iter().map(read).collect()
}

/// `($1, $2), ($3, $4)`: the VALUES of a multi-row insert of `rows` rows of `cols` columns.
pub fn values_list(conn: &AnyConnection, rows: usize, cols: usize) -> String {
    let numbered = numbered(conn);
    (0..rows).map(|r| format!("({})", placeholders(numbered, r * cols + 1, cols))).collect::<Vec<_>>().join(", ")
}

/// Records revisions of a list's items, each naming its item by code: `(code, date,
/// kind, note)` rows into `table (item_column, revised_on, kind, note)`, the item found
/// in `items`, many rows per statement; `tail` ends each statement (a conflict clause).
pub async fn insert_revisions(
    conn: &mut AnyConnection,
    items: &str,
    table: &str,
    item_column: &str,
    revisions: &[(&str, &str, &str, &str)],
    tail: &str,
) -> Result<()> {
    let numbered = numbered(conn);
    for chunk in revisions.chunks(rows_per_statement(4)) {
        // One indexed look-up of the item per row (a join with a VALUES list may be
        // planned as a scan of every item).
        let rows: Vec<String> = (0..chunk.len())
            .map(|i| {
                let p = |k: usize| parameter(numbered, i * 4 + k);
                format!("((SELECT id FROM {items} WHERE code = {}), {}, {}, {})", p(1), p(2), p(3), p(4))
            })
            .collect();
        let sql = format!("INSERT INTO {table} ({item_column}, revised_on, kind, note) VALUES {} {tail}", rows.join(", "));
        let mut query = sqlx::query(&sql);
        for (code, date, kind, note) in chunk {
            query = query.bind(*code).bind(*date).bind(*kind).bind(*note);
        }
        query.execute(&mut *conn).await?;
    }
    Ok(())
}

/// Whether statements on this connection name their parameters `$n` (PostgreSQL) or
/// leave them anonymous (SQLite, which numbers `?` in order): sqlx's SQLite driver
/// looks a named parameter up by name, a linear search per parameter, and in a large
/// import that search took a ninth of the time.
pub fn numbered(conn: &AnyConnection) -> bool {
    conn.backend_name() != "SQLite"
}

/// The `n`th parameter (from 1) of a statement whose parameters appear in order.
pub fn parameter(numbered: bool, n: usize) -> String {
    if numbered {
        format!("${n}")
    } else {
        "?".to_string()
    }
}

/// A database URL without its password, for messages.
fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme), Some(at)) if at > scheme => format!("{}://…{}", &url[..scheme], &url[at..]),
        _ => url.to_string(),
    }
}
