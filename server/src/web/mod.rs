//! The web layer: router assembly (each feature's routes merged here), the Leptos
//! pages and server functions, static assets, and the answers shared by every API route.

pub mod flash;
pub mod form;
pub mod respond;
pub mod session;

use std::path::PathBuf;
use std::sync::Arc;

use app::admin::backend::{AdminBackend, AdminContext};
use app::complaints::backend::{ComplaintBackend, ComplaintContext};
use app::error::PortalError;
use app::policies::backend::{PolicyBackend, PolicyContext};
use app::{shell, App};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use leptos::prelude::*;
use leptos_axum::{generate_route_list, LeptosRoutes};
use tower_http::set_header::SetResponseHeaderLayer;

use crate::error::{json_error, ApiError};
use crate::state::AppState;

const STYLE: &str = include_str!("../../../style/main.css");

#[derive(Clone)]
pub struct HttpState {
    pub leptos: LeptosOptions,
    pub app: Arc<AppState>,
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

pub fn router(app: Arc<AppState>, site_root: PathBuf, addr: std::net::SocketAddr) -> Router {
    let mut leptos = LeptosOptions::builder()
        .output_name("qingdan")
        .site_root(site_root.to_string_lossy().to_string())
        .site_pkg_dir("pkg")
        .site_addr(addr)
        .build();
    leptos.site_addr = addr;
    let routes = generate_route_list(App);
    let policies = PolicyContext(app.policies.clone() as Arc<dyn PolicyBackend>);
    let complaints = ComplaintContext(app.complaints.clone() as Arc<dyn ComplaintBackend>);
    let admin = AdminContext(app.admin.clone() as Arc<dyn AdminBackend>);
    let context = move || {
        provide_context(policies.clone());
        provide_context(complaints.clone());
        provide_context(admin.clone());
    };
    let state = HttpState { leptos: leptos.clone(), app };
    Router::new()
        .merge(crate::policies::http::routes())
        .merge(crate::complaints::http::routes())
        .merge(crate::staff::http::routes())
        .merge(crate::admin::http::routes())
        .route("/api/v1/{*rest}", get(api_not_found).post(api_not_found))
        .route("/pkg/qingdan.css", get(stylesheet))
        .route("/healthz", get(|| async { "ok" }))
        .leptos_routes_with_context(&state, routes, context, {
            let leptos = leptos.clone();
            move || shell(leptos.clone())
        })
        .fallback(leptos_axum::file_and_error_handler::<HttpState, _>(shell))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::REFERRER_POLICY,
            HeaderValue::from_static("same-origin"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::X_FRAME_OPTIONS,
            HeaderValue::from_static("DENY"),
        ))
        .with_state(state)
}

async fn stylesheet() -> impl IntoResponse {
    ([(header::CONTENT_TYPE, "text/css; charset=utf-8"), (header::CACHE_CONTROL, "no-cache")], STYLE)
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

