//! The server's one error type. Everything that can fail in a handler converts into
//! it; it is the only place that logs an internal error, and the only place that turns
//! an error into a response: JSON `{ "error", "code" }` for the API, and for pages a
//! message meant for the person who caused it — never internal text.

use app::error::PortalError;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Serialize;

/// What the public sees of any internal failure.
pub const INTERNAL_MESSAGE: &str = "服务器内部错误，您的操作未完成，请稍后再试 / Internal server error, nothing was done; please try again later";

#[derive(Debug)]
pub enum ServerError {
    /// A refusal meant for the user (bad input, not found, not allowed, too many).
    Public(PortalError),
    /// Anything else: logged here with its cause, shown as [`INTERNAL_MESSAGE`].
    Internal(anyhow::Error),
}

pub type ServerResult<T> = Result<T, ServerError>;

impl ServerError {
    pub fn bad_request(msg: impl Into<String>) -> Self {
        Self::Public(PortalError::bad_request(msg))
    }
    pub fn not_found(msg: impl Into<String>) -> Self {
        Self::Public(PortalError::not_found(msg))
    }

    /// The error as the UI and the API show it. Internal errors are logged here, once.
    pub fn public(self) -> PortalError {
        match self {
            Self::Public(e) => e,
            Self::Internal(e) => {
                tracing::error!("internal error: {e:#}");
                PortalError::internal(INTERNAL_MESSAGE)
            }
        }
    }
}

impl From<PortalError> for ServerError {
    fn from(e: PortalError) -> Self {
        match e {
            // An internal PortalError carries text from below: never show it.
            PortalError::Internal(m) => Self::Internal(anyhow::anyhow!(m)),
            other => Self::Public(other),
        }
    }
}

impl From<anyhow::Error> for ServerError {
    fn from(e: anyhow::Error) -> Self {
        match e.downcast::<PortalError>() {
            Ok(p) => p.into(),
            Err(e) => Self::Internal(e),
        }
    }
}

macro_rules! internal_from {
    ($($t:ty),*) => {$(
        impl From<$t> for ServerError {
            fn from(e: $t) -> Self {
                Self::Internal(e.into())
            }
        }
    )*};
}

internal_from!(sqlx::Error, serde_json::Error, std::io::Error, tokio::task::JoinError);

impl From<ServerError> for PortalError {
    fn from(e: ServerError) -> Self {
        e.public()
    }
}

/// Turns any storage failure into an internal [`PortalError`] (logged once, here).
pub fn internal(e: impl Into<ServerError>) -> PortalError {
    e.into().public()
}

/// Logs a failure that nobody is waiting for (a background step after the answer was
/// given: an index refresh, a link, the mail worker's setup). Internal errors are
/// logged here and in [`ServerError::public`], nowhere else.
pub fn log_internal(what: &str, e: &dyn std::fmt::Display) {
    tracing::error!("{what}: {e:#}");
}

#[derive(Serialize)]
struct ErrorBody<'a> {
    error: &'a str,
    code: &'a str,
}

/// An error as the JSON API answers it.
pub struct ApiError(pub PortalError);

impl<E: Into<ServerError>> From<E> for ApiError {
    fn from(e: E) -> Self {
        Self(e.into().public())
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status = StatusCode::from_u16(self.0.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        (status, Json(ErrorBody { error: self.0.message(), code: self.0.code() })).into_response()
    }
}

/// A JSON error with a status and code that are not one of the portal error kinds
/// (405, 413).
pub fn json_error(status: StatusCode, code: &str, message: &str) -> Response {
    (status, Json(ErrorBody { error: message, code })).into_response()
}

#[cfg(test)]
mod tests;
