//! The HTTP surface: Leptos pages, server functions, the JSON API and static files.

use std::path::PathBuf;
use std::sync::Arc;

use app::backend::{Admin, AdminBackend, Backend, ComplaintBackend, Complaints, PortalBackend};
use app::error::PortalError;
use app::model::{PolicyHit, SearchResults};
use app::query::SearchParams;
use app::{shell, App};
use axum::extract::{Path, RawQuery, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use leptos::prelude::*;
use leptos_axum::{generate_route_list, LeptosRoutes};
use serde_json::{json, Value};
use tower_http::set_header::SetResponseHeaderLayer;

use crate::portal::Portal;

const STYLE: &str = include_str!("../../style/main.css");

#[derive(Clone)]
pub struct HttpState {
    pub leptos: LeptosOptions,
    pub portal: Arc<Portal>,
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

pub fn router(portal: Arc<Portal>, site_root: PathBuf, addr: std::net::SocketAddr) -> Router {
    let mut leptos = LeptosOptions::builder()
        .output_name("qingdan")
        .site_root(site_root.to_string_lossy().to_string())
        .site_pkg_dir("pkg")
        .site_addr(addr)
        .build();
    leptos.site_addr = addr;
    let routes = generate_route_list(App);
    let backend = Backend(portal.clone() as Arc<dyn PortalBackend>);
    let complaints = Complaints(portal.clone() as Arc<dyn ComplaintBackend>);
    let admin = Admin(portal.clone() as Arc<dyn AdminBackend>);
    let context = move || {
        provide_context(backend.clone());
        provide_context(complaints.clone());
        provide_context(admin.clone());
    };
    let state = HttpState { leptos: leptos.clone(), portal };
    Router::new()
        .route("/api/v1/policies", get(list_policies).fallback(api_method_not_allowed))
        .route("/api/v1/policies/{code}", get(get_policy).fallback(api_method_not_allowed))
        .merge(crate::complaint_http::routes())
        .merge(crate::admin_http::routes())
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

pub struct ApiError(pub PortalError);

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status = StatusCode::from_u16(self.0.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        (status, Json(json!({ "error": self.0.message() }))).into_response()
    }
}

impl From<PortalError> for ApiError {
    fn from(e: PortalError) -> Self {
        Self(e)
    }
}

async fn api_method_not_allowed() -> Response {
    (
        StatusCode::METHOD_NOT_ALLOWED,
        [(header::ALLOW, HeaderValue::from_static("GET"))],
        Json(json!({ "error": "此接口只支持 GET / this endpoint only answers GET" })),
    )
        .into_response()
}

async fn api_not_found() -> ApiError {
    ApiError(PortalError::not_found("没有这个接口 / No such API endpoint"))
}

fn snippet_html(hit: &PolicyHit) -> String {
    let escape = |s: &str| s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;");
    hit.snippet
        .iter()
        .map(|p| if p.hit { format!("<mark>{}</mark>", escape(&p.text)) } else { escape(&p.text) })
        .collect()
}

fn hit_json(hit: &PolicyHit, with_verdict: bool) -> Value {
    let reasons: Vec<&str> = hit.verdict.reasons.iter().map(|r| r.text.as_str()).collect();
    json!({
        "code": hit.code,
        "title": hit.title,
        "document": { "title": hit.document.title, "number": hit.document.number },
        "issuing_unit": hit.issuing_unit,
        "executing_unit": hit.executing_unit,
        "interpreter": { "name": hit.interpreter.name, "phone": hit.interpreter.phone },
        "category": hit.category,
        "support_type": hit.support_type,
        "delivery": hit.delivery,
        "valid_from": hit.valid_from,
        "valid_until": hit.valid_until,
        "in_force": hit.in_force,
        "snippet": snippet_html(hit),
        "applicable": if with_verdict { json!(hit.verdict.applicable) } else { Value::Null },
        "reasons": reasons,
    })
}

fn facets_json(results: &SearchResults) -> Value {
    let f = &results.facets;
    let list = |values: &Vec<app::model::FacetValue>| -> Value {
        values.iter().map(|v| json!({ "value": v.value, "count": v.count })).collect()
    };
    json!({
        "category": list(&f.category),
        "support_type": list(&f.support),
        "issuing_unit": list(&f.issuer),
        "executing_unit": list(&f.executor),
        "delivery": list(&f.delivery),
        "in_force": list(&f.in_force),
    })
}

async fn list_policies(State(state): State<HttpState>, RawQuery(raw): RawQuery) -> Result<Json<Value>, ApiError> {
    let params = SearchParams::from_query(raw.as_deref().unwrap_or(""))?;
    let with_verdict = !params.profile.is_empty();
    let results = state.portal.search(params).await?;
    Ok(Json(json!({
        "total": results.total,
        "offset": results.offset,
        "limit": results.limit,
        "hits": results.hits.iter().map(|h| hit_json(h, with_verdict)).collect::<Vec<_>>(),
        "facets": facets_json(&results),
    })))
}

async fn get_policy(
    State(state): State<HttpState>,
    code: Result<Path<String>, axum::extract::rejection::PathRejection>,
    RawQuery(raw): RawQuery,
) -> Result<Json<Value>, ApiError> {
    let Path(code) = code.map_err(|_| {
        PortalError::bad_request("政策编号不是有效的 UTF-8 文本 / The policy code is not valid UTF-8")
    })?;
    let params = SearchParams::from_query(raw.as_deref().unwrap_or(""))?;
    let detail = state.portal.policy(&code).await?;
    let verdict = state.portal.verdict(&detail, &params.profile);
    let with_verdict = !params.profile.is_empty();
    let mut value = serde_json::to_value(&detail).map_err(|e| ApiError(PortalError::internal(e.to_string())))?;
    if let Some(obj) = value.as_object_mut() {
        obj.insert("applicable".into(), if with_verdict { json!(verdict.applicable) } else { Value::Null });
        obj.insert("reasons".into(), json!(verdict.reasons.iter().map(|r| &r.text).collect::<Vec<_>>()));
    }
    Ok(Json(value))
}
