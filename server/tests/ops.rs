//! Operating the portal: backup and restore on both engines, upgrades from the
//! committed fixtures of earlier releases, and migrations that fail cleanly.

#[macro_use]
mod common;

#[path = "complaints/support.rs"]
#[allow(unused_imports)]
mod support;

#[path = "ops/seed.rs"]
mod seed;

#[path = "ops/verify.rs"]
mod verify;

#[path = "ops/backup.rs"]
mod backup;

#[path = "ops/upgrade.rs"]
mod upgrade;
