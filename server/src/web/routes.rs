//! Router assembly: every feature's routes merged, the Leptos pages and server
//! functions with their backends in context, static assets and security headers. The
//! only module of the web layer that names the features (they import the rest of it).

use std::path::PathBuf;
use std::sync::Arc;

use app::admin::backend::{AdminBackend, AdminContext};
use app::complaints::backend::{ComplaintBackend, ComplaintContext};
use app::policies::backend::{PolicyBackend, PolicyContext};
use app::services::backend::{ServiceBackend, ServiceContext};
use app::supervision::backend::{SupervisionBackend, SupervisionContext};
use app::dashboard::backend::{DashboardBackend, DashboardContext};
use app::alerts::backend::{AlertBackend, AlertContext};
use app::tasks::backend::{TaskBackend, TaskContext};
use app::{shell, App};
use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};
use axum::middleware;
use axum::routing::get;
use axum::Router;
use leptos::prelude::*;
use leptos_axum::{generate_route_list, LeptosRoutes};
use tower_http::set_header::SetResponseHeaderLayer;

use super::assets::{pkg_service, AssetNames, PLAIN_STYLESHEET};
use super::metrics::{observe, Observer};
use super::page_cache::PageCache;
use super::{api_not_found, HttpState};
use crate::ops::health;
use crate::state::AppState;

const STYLE: &str = include_str!("../../../style/main.css");

/// Routes whose path and query string the request log may show: public policy lookups.
/// Every other route (tips, tracking, staff, server functions, unmatched paths) is
/// logged as its route template only (`access_log.rs`).
const LOGGED_IN_FULL: &[&str] = &[
    "/", "/search", "/policy/{code}", "/document/{number}", "/unit/{name}", "/api/v1/policies", "/api/v1/policies/{code}",
    "/en", "/en/search", "/en/policy/{code}", "/en/document/{number}", "/en/unit/{name}",
];

/// The portal's router.
pub fn router(app: Arc<AppState>, site_root: PathBuf, addr: std::net::SocketAddr) -> Router {
    routers(app, site_root, addr).0
}

/// The page routes, listed once per process. Listing them renders the app with resource
/// loading switched off process-wide (leptos-rs/leptos#4773): done again while another
/// router serves (tests run many in one process), a page rendering at that moment
/// would wait forever on its data.
static ROUTES: std::sync::LazyLock<Vec<leptos_axum::AxumRouteListing>> = std::sync::LazyLock::new(|| generate_route_list(App));

/// The portal's router and the private one for `QINGDAN_METRICS_ADDR` (`/metrics`
/// without a token, and `/healthz`), which reads the portal's request counts but is not
/// counted or logged itself: scrapes would drown the portal's own traffic.
pub fn routers(app: Arc<AppState>, site_root: PathBuf, addr: std::net::SocketAddr) -> (Router, Router) {
    let assets = AssetNames::load(&site_root);
    let mut leptos = LeptosOptions::builder()
        .output_name(assets.bundle.as_str())
        .site_root(site_root.to_string_lossy().to_string())
        .site_pkg_dir("pkg")
        .site_addr(addr)
        .build();
    leptos.site_addr = addr;
    let routes = ROUTES.clone();
    let policies = PolicyContext(app.policies.clone() as Arc<dyn PolicyBackend>);
    let complaints = ComplaintContext(app.complaints.clone() as Arc<dyn ComplaintBackend>);
    let admin = AdminContext(app.admin.clone() as Arc<dyn AdminBackend>);
    let services = ServiceContext(app.services.clone() as Arc<dyn ServiceBackend>);
    let tasks = TaskContext(app.tasks.clone() as Arc<dyn TaskBackend>);
    let supervision = SupervisionContext(app.supervision.clone() as Arc<dyn SupervisionBackend>);
    let dashboard = DashboardContext(app.dashboard.clone() as Arc<dyn DashboardBackend>);
    let alerts = AlertContext(app.alerts.clone() as Arc<dyn AlertBackend>);
    let context = move || {
        provide_context(policies.clone());
        provide_context(complaints.clone());
        provide_context(admin.clone());
        provide_context(services.clone());
        provide_context(tasks.clone());
        provide_context(supervision.clone());
        provide_context(dashboard.clone());
        provide_context(alerts.clone());
    };
    let metrics_token = app.metrics_token.is_some();
    let page_cache = Arc::new(PageCache::new(app.clone(), app.page_cache));
    let trusted_proxies = app.trusted_proxies.clone();
    let state = HttpState { leptos: leptos.clone(), app, metrics: Arc::default(), answers: Arc::default() };
    let observer = Observer { metrics: state.metrics.clone(), logged_in_full: LOGGED_IN_FULL };
    let private = Router::new()
        .route("/metrics", get(health::metrics))
        .route("/healthz", get(health::healthz))
        .with_state(state.clone());
    let portal = Router::new()
        .merge(crate::policies::http::routes())
        .merge(crate::services::http::routes())
        .merge(crate::tasks::http::routes())
        .merge(crate::supervision::http::routes())
        .merge(crate::complaints::http::routes())
        .merge(crate::dashboard::http::routes())
        .merge(crate::alerts::http::routes())
        .merge(crate::open311::http::routes())
        .merge(crate::staff::http::routes())
        .merge(crate::admin::http::routes())
        .route(crate::web::openapi::PATH, get(crate::web::openapi::openapi))
        .route("/api/v1/{*rest}", get(api_not_found).post(api_not_found))
        .route(PLAIN_STYLESHEET, get(stylesheet))
        .route("/pkg/{*file}", pkg_service(&site_root))
        .route("/healthz", get(health::healthz));
    // Without a token /metrics is not served here at all: it answers like any unknown page.
    let portal = if metrics_token { portal.route("/metrics", get(health::metrics_with_token)) } else { portal };
    let portal = portal
        .leptos_routes_with_context(&state, routes, context, {
            let leptos = leptos.clone();
            let stylesheet = assets.stylesheet.clone();
            move || shell(leptos.clone(), stylesheet.clone())
        })
        .fallback(leptos_axum::file_and_error_handler::<HttpState, _>({
            let stylesheet = assets.stylesheet.clone();
            move |leptos| shell(leptos, stylesheet.clone())
        }))
        .layer(middleware::from_fn_with_state(page_cache, crate::web::page_cache::page_cache))
        // Pages are rendered per request and name the current bundle: always revalidate.
        .layer(SetResponseHeaderLayer::if_not_present(header::CACHE_CONTROL, |response: &Response| {
            let html = response.headers().get(header::CONTENT_TYPE).is_some_and(|t| t.as_bytes().starts_with(b"text/html"));
            html.then_some(HeaderValue::from_static("no-cache"))
        }))
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
        .layer(middleware::from_fn(crate::web::locale::keep_language))
        .layer(middleware::from_fn(crate::web::guard::guard))
        .layer(middleware::from_fn_with_state(trusted_proxies, crate::web::client::identify))
        .layer(middleware::from_fn_with_state(observer, observe))
        .with_state(state);
    (portal, private)
}

async fn stylesheet() -> impl IntoResponse {
    ([(header::CONTENT_TYPE, "text/css; charset=utf-8"), (header::CACHE_CONTROL, "no-cache")], STYLE)
}
