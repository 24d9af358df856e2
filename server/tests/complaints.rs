//! Integration tests for the complaint channel: the workflow through the service on
//! SQLite and (with `TEST_POSTGRES_URL`) PostgreSQL, access rules and throttles,
//! identities at rest and in logs, bad input and forged forms over HTTP, pages and
//! server functions, the admin desk, and crash durability of the real binary.
//!
//! One test binary (they link slowly); the parts live in `tests/complaints/`.

#[macro_use]
mod common;

#[path = "complaints/support.rs"]
mod support;

#[path = "complaints/process.rs"]
mod process;

#[path = "complaints/workflow.rs"]
mod workflow;

#[path = "complaints/access.rs"]
mod access;

#[path = "complaints/at_rest.rs"]
mod at_rest;

#[path = "complaints/http.rs"]
mod http;

#[path = "complaints/durability.rs"]
mod durability;

#[path = "complaints/pages.rs"]
mod pages;

#[path = "complaints/visibility.rs"]
mod visibility;

#[path = "complaints/flood.rs"]
mod flood;

#[path = "complaints/steps.rs"]
mod steps;

#[path = "complaints/logs.rs"]
mod logs;

#[path = "complaints/admin.rs"]
mod admin;

#[path = "common/smtp.rs"]
mod smtp;

#[path = "complaints/mail_crash.rs"]
mod mail_crash;

#[path = "complaints/signals.rs"]
mod signals;

#[path = "complaints/open311.rs"]
mod open311;
