//! Integration tests for the policy list: import, search, applicability, the JSON
//! API and pages over HTTP, and the command line. Storage and search tests run on
//! SQLite and, when `TEST_POSTGRES_URL` is set, on a fresh PostgreSQL database each.
//!
//! One test binary (they link slowly); the parts live in `tests/policies/`.

#[macro_use]
mod common;

// The staff helpers of the complaint tests (logins, forms), for the admin desk.
#[allow(unused_imports)]
#[path = "complaints/support.rs"]
mod support;

#[path = "policies/import.rs"]
mod import;

#[path = "policies/search.rs"]
mod search;

#[path = "policies/http.rs"]
mod http;

#[path = "policies/cli.rs"]
mod cli;

#[path = "policies/ranking.rs"]
mod ranking;

#[path = "policies/merges.rs"]
mod merges;

#[path = "policies/rebuild_order.rs"]
mod rebuild_order;

#[path = "policies/changed_twice.rs"]
mod changed_twice;

#[path = "policies/parallel.rs"]
mod parallel;

#[path = "policies/page_cache.rs"]
mod page_cache;

#[path = "policies/synonyms.rs"]
mod synonyms;

#[path = "policies/feed.rs"]
mod feed;

#[path = "common/smtp.rs"]
mod smtp;

#[path = "policies/alerts.rs"]
mod alerts;

#[path = "policies/openapi.rs"]
mod openapi;

#[path = "policies/english.rs"]
mod english;
