//! Operating the portal (issue 13): `/healthz` says whether the database and the search
//! index answer and how far the index lags; `/metrics` speaks the Prometheus text
//! format, behind a bearer token or on a private address; the request log is one JSON
//! line per request and keeps reporters' receipts, names and tip queries out.
//!
//! One test binary; the parts live in `tests/observe/`.

#[macro_use]
mod common;

#[path = "observe/support.rs"]
mod support;

#[path = "observe/health.rs"]
mod health;

#[path = "observe/metrics.rs"]
mod metrics;

#[path = "observe/log.rs"]
mod log;

#[path = "observe/bundle.rs"]
mod bundle;
