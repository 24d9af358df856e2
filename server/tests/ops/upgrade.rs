//! Upgrades keep everything: every committed fixture — a data directory and a
//! PostgreSQL backup made by an earlier release (examples/upgrade_fixture.rs) — is
//! opened by this binary, migrated, and checked like a restore. A migration that fails
//! changes nothing and says which one failed and why.

use std::path::{Path, PathBuf};

use qingdan::ops::restore;
use qingdan::platform::db::{self, Db};

use super::seed::Expected;
use super::verify;
use crate::common::{self, TestDb};

fn releases() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/upgrade");
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(&root)
        .unwrap_or_else(|e| panic!("no fixtures at {}: {e}", root.display()))
        .map(|e| e.expect("entry").path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    assert!(!dirs.is_empty(), "no upgrade fixture is committed");
    dirs
}

fn expected(dir: &Path) -> Expected {
    serde_json::from_slice(&std::fs::read(dir.join("expected.json")).expect("expected.json")).expect("expected.json parses")
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_sqlite_fixture_opens_with_everything_in_it() {
    for release in releases() {
        let work = tempfile::tempdir().unwrap();
        let data = work.path().join("data");
        copy_dir(&release.join("sqlite"), &data);
        let url = format!("sqlite://{}?mode=rwc", data.join("qingdan.db").display());
        let before = Db::open(&url).await.unwrap().schema_version().await.unwrap();
        assert!(before <= db::known_schema_version(db::DbKind::Sqlite));
        let portal = qingdan::state::AppState::start(&common::config_for(data.clone(), &url, false))
            .await
            .unwrap_or_else(|e| panic!("{} does not open: {e:#}", release.display()));
        assert_eq!(portal.db.schema_version().await.unwrap(), db::known_schema_version(db::DbKind::Sqlite));
        verify::everything(&portal, &expected(&release.join("sqlite"))).await;
        let spool: Vec<String> =
            std::fs::read_dir(data.join("mail")).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
        assert!(spool.iter().any(|n| n.ends_with(".eml.sealed")), "the sealed mail to reporters is there: {spool:?}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_postgres_fixture_restores_with_everything_in_it() {
    for release in releases() {
        let Some(target) = common::postgres().await else { return };
        let config = target.config(false);
        restore::run(&config, &release.join("postgres"))
            .await
            .unwrap_or_else(|e| panic!("{} does not restore: {e:#}", release.display()));
        let portal = target.portal(false).await;
        assert_eq!(portal.db.schema_version().await.unwrap(), db::known_schema_version(db::DbKind::Postgres));
        verify::everything(&portal, &expected(&release.join("postgres"))).await;
    }
}

on_both_engines!(a_failed_migration_changes_nothing_and_says_why);

async fn a_failed_migration_changes_nothing_and_says_why(target: &TestDb) {
    let portal = target.portal(false).await;
    super::seed::policies(&portal).await;
    let engine = if target.is_postgres() { "postgres" } else { "sqlite" };
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&Path::new(env!("CARGO_MANIFEST_DIR")).join("../migrations").join(engine), dir.path());
    // Its first statement would succeed; the second fails; neither may remain.
    std::fs::write(
        dir.path().join("9001_broken_upgrade.sql"),
        "CREATE TABLE upgrade_probe (id INTEGER);\nUPDATE policy_items SET title = 'x';\nINSERT INTO no_such_table VALUES (1);\n",
    )
    .unwrap();
    let migrator = sqlx::migrate::Migrator::new(dir.path()).await.expect("migrations read");
    let before = portal.db.schema_version().await.unwrap();
    let error = db::migrate_with(&portal.db, &migrator).await.err().expect("the broken migration fails");
    let message = format!("{error:#}");
    assert!(message.contains("9001 broken upgrade") && message.contains(&format!("架构版本 {before}")), "{message}");
    assert_eq!(portal.db.schema_version().await.unwrap(), before);
    assert!(!portal.db.tables().await.unwrap().contains(&"upgrade_probe".to_string()), "half a migration remained");
    let changed: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM policy_items WHERE title = 'x'").fetch_one(&portal.db.pool).await.unwrap();
    assert_eq!(changed, 0, "the failed migration's update remained");
}
