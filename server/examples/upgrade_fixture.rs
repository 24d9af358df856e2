//! Writes this release's upgrade fixtures (tests/ops/upgrade.rs opens every one with the
//! newest binary). Run once per schema change, on a machine with PostgreSQL:
//!
//!   TEST_POSTGRES_URL=postgres://postgres@127.0.0.1:5432/postgres \
//!     cargo run -p server --example upgrade_fixture -- server/tests/fixtures/upgrade/v0.1.0-schema3
//!
//! `sqlite/` is a data directory as `qingdan serve` leaves it (index removed: it is
//! derived); `postgres/` is what `qingdan backup --include-key` writes. Each holds an
//! `expected.json` of receipts, identities, evidence digests and accounts. The keys
//! in them are test keys that seal only this made-up data.

#[macro_use]
#[path = "../tests/common/mod.rs"]
mod common;

#[path = "../tests/complaints/support.rs"]
#[allow(dead_code)]
#[allow(unused_imports)]
mod support;

#[path = "../tests/ops/seed.rs"]
mod seed;

use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::{bail, Context, Result};
use qingdan::ops::backup;
use qingdan::state::AppState;

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() -> Result<()> {
    let out = PathBuf::from(std::env::args().nth(1).context("usage: upgrade_fixture OUT_DIR")?);
    if out.exists() {
        bail!("{} exists: fixtures of a release are written once", out.display());
    }
    let sqlite = out.join("sqlite");
    std::fs::create_dir_all(&sqlite)?;
    let url = format!("sqlite://{}?mode=rwc", sqlite.join("qingdan.db").display());
    let config = common::config_for(sqlite.clone(), &url, false);
    let portal = AppState::start(&config).await?;
    let expected = seed::seed(&portal).await;
    spooled(&portal).await?;
    portal.db.pool.close().await;
    for index in config.index_dirs() {
        std::fs::remove_dir_all(index)?;
    }
    if sqlite.join("qingdan.db-wal").exists() {
        bail!("the database was not checkpointed");
    }
    write_expected(&sqlite, &expected)?;

    let pg = common::postgres().await.context("TEST_POSTGRES_URL is needed for the PostgreSQL fixture")?;
    let portal = pg.portal(false).await;
    let expected = seed::seed(&portal).await;
    spooled(&portal).await?;
    let made = backup::run(&pg.config(false), &out.join("postgres"), &backup::Options { include_key: true }).await?;
    write_expected(&out.join("postgres"), &expected)?;
    println!("fixtures written to {} (schema {})", out.display(), made.manifest.schema_version);
    Ok(())
}

/// Waits until the mail worker has written every queued message to the spool.
async fn spooled(portal: &AppState) -> Result<()> {
    for _ in 0..120 {
        if qingdan::platform::mail::pending_count(&portal.db).await? == 0 {
            return Ok(());
        }
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
    bail!("the mail worker did not spool the queued mail")
}

fn write_expected(dir: &Path, expected: &seed::Expected) -> Result<()> {
    std::fs::write(dir.join("expected.json"), serde_json::to_vec_pretty(expected)?)?;
    Ok(())
}
