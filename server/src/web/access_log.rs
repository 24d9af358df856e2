//! One log line per request, at info level: method, route template, status and
//! duration. A reporter's receipt travels in a cookie, a header or a form body, and a
//! case number in a path, so headers and bodies are never logged, and the path and query
//! string only for the routes the router names as public lookups (the policy pages and
//! API); every other route, an unmatched one included, is logged as its template.

use std::time::Duration;

use axum::http::{StatusCode, Uri};

pub fn request(method: &str, route: &str, status: StatusCode, elapsed: Duration, shown: Option<&Uri>) {
    let status = status.as_u16();
    // Milliseconds to the microsecond.
    let duration_ms = (elapsed.as_secs_f64() * 1e6).round() / 1e3;
    match shown {
        Some(uri) => tracing::info!(
            method,
            route,
            status,
            duration_ms,
            path = uri.path(),
            query = uri.query(),
            "request"
        ),
        None => tracing::info!(method, route, status, duration_ms, "request"),
    }
}
