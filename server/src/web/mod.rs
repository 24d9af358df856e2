//! The web layer: router assembly (each feature's routes merged here), the Leptos
//! pages and server functions, static assets, and the answers shared by every API route.

pub mod access_log;
pub mod answers;
pub mod atom;
pub mod assets;
pub mod client;
pub mod csv;
pub mod flash;
pub mod guard;
pub mod locale;
pub mod form;
pub mod metrics;
pub mod openapi;
pub mod page_cache;
pub mod respond;
pub mod routes;
pub mod session;

use std::path::PathBuf;
use std::sync::Arc;

use app::error::PortalError;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::Response;
use leptos::prelude::*;

use crate::error::{json_error, ApiError};
use crate::state::AppState;

#[derive(Clone)]
pub struct HttpState {
    pub leptos: LeptosOptions,
    pub app: Arc<AppState>,
    /// The requests this process answered, for `/metrics`.
    pub metrics: Arc<metrics::HttpMetrics>,
    /// Recent public API answers, as sent.
    pub answers: Arc<answers::Answers>,
}

impl axum::extract::FromRef<HttpState> for LeptosOptions {
    fn from_ref(state: &HttpState) -> Self {
        state.leptos.clone()
    }
}

/// Where the wasm bundle lives: `LEPTOS_SITE_ROOT`, else `site/` beside the target
/// directory the binary was built into, else the workspace's `target/site`.
pub fn find_site_root() -> PathBuf {
    if let Ok(root) = std::env::var("LEPTOS_SITE_ROOT") {
        return PathBuf::from(root);
    }
    let mut candidates = Vec::new();
    if let Ok(exe) = std::env::current_exe() {
        if let Some(dir) = exe.parent() {
            candidates.push(dir.join("site"));
            candidates.push(dir.join("../site"));
        }
    }
    candidates.push(PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../target/site")));
    candidates
        .iter()
        .find(|c| c.join("pkg").is_dir())
        .cloned()
        .unwrap_or_else(|| candidates.last().cloned().unwrap_or_default())
}


/// The fallback of GET-only API routes.
pub async fn api_method_not_allowed() -> Response {
    let mut response =
        json_error(StatusCode::METHOD_NOT_ALLOWED, "method_not_allowed", "此接口只支持 GET / this endpoint only answers GET");
    response.headers_mut().insert(header::ALLOW, HeaderValue::from_static("GET"));
    response
}

async fn api_not_found() -> ApiError {
    ApiError(PortalError::not_found("没有这个接口 / No such API endpoint"))
}

