//! Integration tests for the livelihood-services list: import rules and the change
//! history, bundles, facets that count exactly what they filter, ratings that open a
//! rectification due in working days, the JSON API, the pages and the "can't get it
//! done" tip. SQLite and PostgreSQL.

#[macro_use]
mod common;

#[path = "services/import.rs"]
mod import;

#[path = "services/search.rs"]
mod search;

#[path = "services/http.rs"]
mod http;

#[path = "complaints/support.rs"]
#[allow(unused_imports)]
mod support;

#[path = "services/rectifications.rs"]
mod rectifications;

#[path = "services/feed.rs"]
mod feed;
