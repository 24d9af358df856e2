//! What every request passes before any handler spends work on it: a body limit by
//! route (small everywhere, large only where files are uploaded), the same-origin check
//! on every state-changing request, and the response headers that keep pages with a
//! case, a receipt or an identity out of caches and other sites' frames.

use axum::body::Body;
use axum::extract::Request;
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::error::json_error;

/// Any request body outside the upload routes.
pub const MAX_BODY_BYTES: usize = 1024 * 1024;
/// Upload routes: above every upload route's own limit (which answers with a
/// friendlier message), so this is only the backstop.
pub const MAX_UPLOAD_BODY_BYTES: usize = 64 * 1024 * 1024;

/// The routes that take files (tips and their later material, staff intake, list
/// uploads, task close-out evidence, a unit's written report).
pub fn takes_uploads(path: &str) -> bool {
    matches!(path, "/report" | "/track/message" | "/staff/intake" | "/staff/admin/import")
        || (path.starts_with("/staff/tasks/") && path.ends_with("/closeout"))
        || (path.starts_with("/staff/case/") && path.ends_with("/report"))
}


/// Pages and answers that may hold a case, a receipt, an identity or a session.
fn private(path: &str) -> bool {
    let path = app::lang::strip_locale(path);
    path.starts_with("/staff")
        || path.starts_with("/track")
        || path.starts_with("/report/receipt")
        || path.starts_with("/api/")
        // The answer to a tip filed through Open311 carries its receipt.
        || path.starts_with("/open311/")
}

fn refuse(path: &str, status: StatusCode, code: &'static str, message: &'static str) -> Response {
    if path.starts_with("/api/") {
        json_error(status, code, message)
    } else {
        (status, [(header::CONTENT_TYPE, "text/plain; charset=utf-8")], message).into_response()
    }
}

/// Whether a state-changing request comes from this site: a browser names the page's
/// origin in `Origin` (and `Sec-Fetch-Site`); clients that send neither (the JSON API's
/// callers, scripts) are not browsers a forged form could ride on.
pub fn same_origin(headers: &HeaderMap) -> bool {
    if headers.get("sec-fetch-site").and_then(|v| v.to_str().ok()).is_some_and(|v| v.eq_ignore_ascii_case("cross-site")) {
        return false;
    }
    let Some(origin) = headers.get(header::ORIGIN) else { return true };
    let Some(authority) = origin.to_str().ok().and_then(|o| o.split_once("://")).map(|(_, rest)| rest.trim_end_matches('/')) else {
        return false;
    };
    [header::HOST.as_str(), "x-forwarded-host"]
        .iter()
        .filter_map(|h| headers.get(*h).and_then(|v| v.to_str().ok()))
        .any(|host| host.eq_ignore_ascii_case(authority))
}

pub async fn guard(req: Request, next: Next) -> Response {
    let path = req.uri().path().to_string();
    // TLS ends at the proxy, which says so; HSTS only means something over HTTPS.
    let over_tls = req.headers().get("x-forwarded-proto").and_then(|v| v.to_str().ok()).is_some_and(|v| v.eq_ignore_ascii_case("https"));
    let changes_state = !matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    if changes_state && !same_origin(req.headers()) {
        return refuse(&path, StatusCode::FORBIDDEN, "forbidden", "跨站提交被拒绝，请从本站页面提交 / cross-site request refused");
    }
    let limit = if takes_uploads(&path) { MAX_UPLOAD_BODY_BYTES } else { MAX_BODY_BYTES };
    let declared = req.headers().get(header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()).and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > limit as u64) {
        return refuse(&path, StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large", "提交的内容过大 / the request body is too large");
    }
    // A body without a declared length is cut off at the same limit while it streams.
    let (parts, body) = req.into_parts();
    let req = Request::from_parts(parts, Body::new(http_body_util::Limited::new(body, limit)));
    let mut response = next.run(req).await;
    let headers = response.headers_mut();
    if private(&path) {
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    // A rendered page brings its own policy with its scripts' nonce (`app::shell`); any
    // other HTML gets the same policy without one: no inline script at all.
    if headers.get(header::CONTENT_TYPE).is_some_and(|t| t.as_bytes().starts_with(b"text/html")) && !headers.contains_key(header::CONTENT_SECURITY_POLICY) {
        if let Ok(value) = HeaderValue::from_str(&app::shell::content_security_policy(None)) {
            headers.insert(header::CONTENT_SECURITY_POLICY, value);
        }
    }
    if over_tls {
        headers.insert(header::STRICT_TRANSPORT_SECURITY, HeaderValue::from_static("max-age=31536000"));
    }
    response
}

#[cfg(test)]
mod tests;
