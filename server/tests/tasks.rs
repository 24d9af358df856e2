//! Integration tests for the reform-task ledger: import rules, the export that
//! re-imports unchanged, facets that add up, weekly reports and who may file them, the
//! JSON API and the pages. SQLite and PostgreSQL.

#[macro_use]
mod common;

#[path = "complaints/support.rs"]
#[allow(unused_imports)]
mod support;

#[path = "tasks/ledger.rs"]
mod ledger;

#[path = "tasks/certify.rs"]
mod certify;
