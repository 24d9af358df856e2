//! The portal's cookies, read the same way by server functions and form handlers.

pub const RECEIPT_COOKIE: &str = "qd_receipt";
pub const STAFF_COOKIE: &str = "qd_staff";

/// A cookie of the current request (inside a server function), if present.
pub async fn cookie(name: &str) -> Option<String> {
    let headers: axum::http::HeaderMap = leptos_axum::extract().await.ok()?;
    cookie_from(&headers, name)
}

pub fn cookie_from(headers: &axum::http::HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(axum::http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_string())
}
