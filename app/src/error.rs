use serde::{Deserialize, Serialize};

/// The one error type of the portal. Every message is written for the person who
/// caused it: Chinese first, English after a slash.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum PortalError {
    BadRequest(String),
    NotFound(String),
    Forbidden(String),
    TooManyRequests(String),
    /// The portal cannot take this now (storage nearly full); nothing was written.
    Unavailable(String),
    Internal(String),
}

impl PortalError {
    pub fn bad_request(msg: impl Into<String>) -> Self {
        Self::BadRequest(msg.into())
    }
    pub fn not_found(msg: impl Into<String>) -> Self {
        Self::NotFound(msg.into())
    }
    pub fn too_many(msg: impl Into<String>) -> Self {
        Self::TooManyRequests(msg.into())
    }
    pub fn forbidden(msg: impl Into<String>) -> Self {
        Self::Forbidden(msg.into())
    }
    pub fn unavailable(msg: impl Into<String>) -> Self {
        Self::Unavailable(msg.into())
    }
    pub fn internal(msg: impl Into<String>) -> Self {
        Self::Internal(msg.into())
    }
    pub fn message(&self) -> &str {
        match self {
            Self::BadRequest(m)
            | Self::NotFound(m)
            | Self::Forbidden(m)
            | Self::TooManyRequests(m)
            | Self::Unavailable(m)
            | Self::Internal(m) => m,
        }
    }
    /// A stable snake_case name of the kind, for the JSON API's `code`.
    pub fn code(&self) -> &'static str {
        match self {
            Self::BadRequest(_) => "bad_request",
            Self::NotFound(_) => "not_found",
            Self::Forbidden(_) => "forbidden",
            Self::TooManyRequests(_) => "too_many_requests",
            Self::Unavailable(_) => "unavailable",
            Self::Internal(_) => "internal",
        }
    }
    pub fn status(&self) -> u16 {
        match self {
            Self::BadRequest(_) => 400,
            Self::Forbidden(_) => 403,
            Self::NotFound(_) => 404,
            Self::TooManyRequests(_) => 429,
            Self::Unavailable(_) => 503,
            Self::Internal(_) => 500,
        }
    }
}

impl std::fmt::Display for PortalError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.message())
    }
}

impl std::error::Error for PortalError {}

/// What a page says when a server function's answer could not be read (an error that
/// is not the portal's own). Pages call them in-process, so this is a last resort.
pub const OUT_OF_STEP: &str =
    "页面暂时无法读取服务器的回答，请稍后刷新重试 / The page could not read the server's answer; please reload it in a moment.";

/// The message of a server-function error for the person reading the page: the
/// portal's own message, or [`OUT_OF_STEP`], never the raw answer (an HTML error
/// page inside the results).
pub fn error_message(e: &leptos::prelude::ServerFnError) -> String {
    match e {
        leptos::prelude::ServerFnError::ServerError(m) => m.clone(),
        _ => OUT_OF_STEP.to_string(),
    }
}

/// A portal error as a server function returns it, with its HTTP status set on the
/// response of a server-rendered page.
#[cfg(feature = "ssr")]
pub fn server_error(e: PortalError) -> leptos::prelude::ServerFnError {
    if let Some(resp) = leptos::prelude::use_context::<leptos_axum::ResponseOptions>() {
        if let Ok(code) = axum::http::StatusCode::from_u16(e.status()) {
            resp.set_status(code);
        }
    }
    leptos::prelude::ServerFnError::new(e.message())
}

/// A backend the server put into Leptos context.
#[cfg(feature = "ssr")]
pub fn from_context<T: Clone + Send + Sync + 'static>() -> Result<T, leptos::prelude::ServerFnError> {
    leptos::prelude::use_context::<T>().ok_or_else(|| leptos::prelude::ServerFnError::new("服务未就绪 / Service not ready"))
}

#[cfg(test)]
mod tests;
