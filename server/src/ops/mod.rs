//! Operating the portal: backup and restore, health and the gauges read at scrape
//! time. Like `state.rs` and `cli.rs` it may name every feature's data; features never
//! depend on it.

pub mod backup;
pub mod health;
pub mod manifest;
pub mod restore;

/// Runs an outside tool (pg_dump, pg_restore) off the async workers.
async fn run_tool(mut command: std::process::Command) -> std::io::Result<std::process::Output> {
    tokio::task::spawn_blocking(move || command.output()).await.map_err(std::io::Error::other)?
}
