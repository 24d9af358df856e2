use serde::{Deserialize, Serialize};

/// The one error type of the portal. Every message is written for the person who
/// caused it: Chinese first, English after a slash.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum PortalError {
    BadRequest(String),
    NotFound(String),
    Forbidden(String),
    TooManyRequests(String),
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
    pub fn internal(msg: impl Into<String>) -> Self {
        Self::Internal(msg.into())
    }
    pub fn message(&self) -> &str {
        match self {
            Self::BadRequest(m)
            | Self::NotFound(m)
            | Self::Forbidden(m)
            | Self::TooManyRequests(m)
            | Self::Internal(m) => m,
        }
    }
    pub fn status(&self) -> u16 {
        match self {
            Self::BadRequest(_) => 400,
            Self::Forbidden(_) => 403,
            Self::NotFound(_) => 404,
            Self::TooManyRequests(_) => 429,
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
