//! Integration tests for the public dashboard: the figures of tips, with every count below
//! five suppressed in the page, the CSV and the JSON, and never a single case; the
//! reform ledger and the services beside them. SQLite and PostgreSQL.

#[macro_use]
mod common;

#[path = "complaints/support.rs"]
#[allow(unused_imports)]
mod support;

#[path = "dashboard/figures.rs"]
mod figures;
