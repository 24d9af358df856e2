//! Upgrades keep everything: every committed fixture — a data directory and a
//! PostgreSQL backup made by an earlier release (examples/upgrade_fixture.rs) — is
//! opened by this binary, migrated, and checked like a restore. A migration that fails
//! changes nothing and says which one failed and why.

use std::path::{Path, PathBuf};

use qingdan::ops::restore;
use qingdan::platform::db::{self, Db};

use super::seed::Expected;
use super::verify;
use crate::common;

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
        let spool = std::fs::read_dir(target.data_dir().join("mail")).map(|d| d.count()).unwrap_or(0);
        assert!(spool > 0, "{}: the mail spool came back", release.display());
    }
}

/// Each schema change adds its own fixture: the newest migration must have one (a
/// fixture folder is named after the highest migration it was made with).
#[test]
fn the_newest_schema_has_a_fixture() {
    let names: Vec<String> = releases().iter().map(|p| p.file_name().unwrap().to_string_lossy().into_owned()).collect();
    let newest: i64 = std::fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("../migrations/sqlite"))
        .unwrap()
        .filter_map(|e| e.ok()?.file_name().to_str()?.split('_').next()?.parse().ok())
        .max()
        .expect("migrations");
    assert!(
        names.iter().any(|n| n.ends_with(&format!("-schema{newest}"))),
        "migration {newest} has no upgrade fixture (cargo run -p server --example upgrade_fixture): {names:?}"
    );
}
