//! Answers of the plain-HTML form handlers: post/redirect/get with a notice, and the
//! portal's cookies.

use app::url::build_url;
use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Redirect, Response};

/// A 303 to `path` with query pairs (`ok`/`error` notices, tokens).
pub fn see_other(path: &str, pairs: &[(&str, String)]) -> Response {
    Redirect::to(&build_url(path, pairs)).into_response()
}

/// Back to `path` with the error's message as the page's notice.
pub fn back_with_error(path: &str, e: &app::error::PortalError) -> Response {
    see_other(path, &[("error", e.message().to_string())])
}

/// Back to `path` with a success notice.
pub fn back_with_ok(path: &str, message: impl Into<String>) -> Response {
    see_other(path, &[("ok", message.into())])
}

/// An HttpOnly, SameSite=Strict cookie; `Secure` unless the deployment is plain HTTP.
pub fn set_cookie(insecure: bool, name: &str, value: &str, max_age: i64) -> HeaderValue {
    let secure = if insecure { "" } else { "; Secure" };
    HeaderValue::from_str(&format!("{name}={value}; Path=/; HttpOnly; SameSite=Strict; Max-Age={max_age}{secure}"))
        .unwrap_or_else(|_| HeaderValue::from_static(""))
}

/// Like `set_cookie`, but gone when the browser closes (no Max-Age).
pub fn set_session_cookie(insecure: bool, name: &str, value: &str) -> HeaderValue {
    let secure = if insecure { "" } else { "; Secure" };
    HeaderValue::from_str(&format!("{name}={value}; Path=/; HttpOnly; SameSite=Strict{secure}")).unwrap_or_else(|_| HeaderValue::from_static(""))
}

pub fn with_cookie(mut response: Response, cookie: HeaderValue) -> Response {
    response.headers_mut().append(header::SET_COOKIE, cookie);
    response
}
