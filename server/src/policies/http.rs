//! Policy lookup over HTTP: the JSON API (README). The pages reach the same backend
//! through their server functions.

use app::error::PortalError;
use app::policies::backend::PolicyBackend;
use app::policies::model::{FacetValue, PolicyDetail, PolicyHit, SearchResults};
use app::policies::query::SearchParams;
use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::{header, HeaderMap};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use serde::Serialize;

use crate::error::ApiError;
use crate::policies::index::Kept;
use crate::web::{api_method_not_allowed, HttpState};

pub fn routes() -> Router<HttpState> {
    Router::new()
        .route("/api/v1/policies", get(list_policies).fallback(api_method_not_allowed))
        .route(super::feed::FEED_PATH, get(super::feed::feed))
        .route("/api/v1/policies/{code}", get(get_policy).fallback(api_method_not_allowed))
}

fn snippet_html(hit: &PolicyHit) -> String {
    let escape = |s: &str| s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;");
    hit.snippet
        .iter()
        .map(|p| if p.hit { format!("<mark>{}</mark>", escape(&p.text)) } else { escape(&p.text) })
        .collect()
}

/// One hit as the JSON API shows it (README).
#[derive(Serialize)]
struct HitView<'a> {
    code: &'a str,
    title: &'a str,
    document: DocumentRefView<'a>,
    issuing_unit: &'a str,
    executing_unit: &'a str,
    interpreter: &'a app::policies::model::Interpreter,
    category: &'a str,
    support_type: &'a str,
    delivery: &'a str,
    valid_from: &'a str,
    valid_until: Option<&'a str>,
    in_force: bool,
    snippet: String,
    /// `null` when the request gave no profile.
    applicable: Option<bool>,
    reasons: Vec<&'a str>,
    /// Earlier versions of this policy, folded under it (README).
    earlier: Vec<EarlierView<'a>>,
}

#[derive(Serialize)]
struct EarlierView<'a> {
    code: &'a str,
    document: DocumentRefView<'a>,
    valid_from: &'a str,
    in_force: bool,
    matched: bool,
}

#[derive(Serialize)]
struct DocumentRefView<'a> {
    title: &'a str,
    number: &'a str,
}

impl<'a> HitView<'a> {
    fn new(hit: &'a PolicyHit, with_verdict: bool) -> Self {
        Self {
            code: &hit.code,
            title: &hit.title,
            document: DocumentRefView { title: &hit.document.title, number: &hit.document.number },
            issuing_unit: &hit.issuing_unit,
            executing_unit: &hit.executing_unit,
            interpreter: &hit.interpreter,
            category: &hit.category,
            support_type: &hit.support_type,
            delivery: &hit.delivery,
            valid_from: &hit.valid_from,
            valid_until: hit.valid_until.as_deref(),
            in_force: hit.in_force,
            snippet: snippet_html(hit),
            applicable: if with_verdict { hit.verdict.applicable } else { None },
            reasons: hit.verdict.reasons.iter().map(|r| r.text.as_str()).collect(),
            earlier: hit
                .earlier
                .iter()
                .map(|e| EarlierView {
                    code: &e.code,
                    document: DocumentRefView { title: &e.document.title, number: &e.document.number },
                    valid_from: &e.valid_from,
                    in_force: e.in_force,
                    matched: e.matched,
                })
                .collect(),
        }
    }
}

#[derive(Serialize)]
struct FacetsView<'a> {
    category: &'a [FacetValue],
    support_type: &'a [FacetValue],
    issuing_unit: &'a [FacetValue],
    executing_unit: &'a [FacetValue],
    delivery: &'a [FacetValue],
    in_force: &'a [FacetValue],
}

#[derive(Serialize)]
struct ResultsView<'a> {
    total: u32,
    offset: u32,
    limit: u32,
    hits: Vec<HitView<'a>>,
    facets: FacetsView<'a>,
    partial: bool,
    more: bool,
}

/// One policy with all its fields, and the verdict for the request's profile.
#[derive(Serialize)]
struct PolicyView {
    #[serde(flatten)]
    detail: PolicyDetail,
    applicable: Option<bool>,
    reasons: Vec<String>,
}

async fn list_policies(State(state): State<HttpState>, headers: HeaderMap, RawQuery(raw): RawQuery) -> Result<Response, ApiError> {
    let raw = raw.unwrap_or_default();
    let stamp = state.app.policies.index.stamp(&crate::platform::clock::today());
    let kept = if asks_fresh(&headers) { Kept::Skip } else { Kept::Use };
    if kept == Kept::Use {
        if let Some(body) = state.answers.get(&raw, &stamp) {
            return Ok(([(header::CONTENT_TYPE, "application/json")], body).into_response());
        }
    }
    let params = SearchParams::from_query(&raw)?;
    let with_verdict = !params.profile.is_empty();
    let results: SearchResults = state.app.policies.search_kept(&params, kept)?;
    let f = &results.facets;
    let view = ResultsView {
        total: results.total,
        offset: results.offset,
        limit: results.limit,
        hits: results.hits.iter().map(|h| HitView::new(h, with_verdict)).collect(),
        facets: FacetsView {
            category: &f.category,
            support_type: &f.support,
            issuing_unit: &f.issuer,
            executing_unit: &f.executor,
            delivery: &f.delivery,
            in_force: &f.in_force,
        },
        partial: results.partial,
        more: results.more,
    };
    let body = Bytes::from(serde_json::to_vec(&view).map_err(anyhow::Error::from)?);
    state.answers.put(raw, stamp, body.clone());
    Ok(([(header::CONTENT_TYPE, "application/json")], body).into_response())
}

/// `Cache-Control: no-cache` (or HTTP/1.0's `Pragma: no-cache`): the client wants an
/// answer computed now, not one kept from a recent identical request. It costs no more
/// than a query string never asked before, which anyone can send.
fn asks_fresh(headers: &HeaderMap) -> bool {
    let says = |name: header::HeaderName| {
        headers.get_all(name).iter().filter_map(|v| v.to_str().ok()).flat_map(|v| v.split(',')).any(|d| d.trim().eq_ignore_ascii_case("no-cache"))
    };
    says(header::CACHE_CONTROL) || says(header::PRAGMA)
}

async fn get_policy(
    State(state): State<HttpState>,
    code: Result<Path<String>, axum::extract::rejection::PathRejection>,
    RawQuery(raw): RawQuery,
) -> Result<Json<PolicyView>, ApiError> {
    let Path(code) = code.map_err(|_| {
        PortalError::bad_request("政策编号不是有效的 UTF-8 文本 / The policy code is not valid UTF-8")
    })?;
    let params = SearchParams::from_query(raw.as_deref().unwrap_or(""))?;
    let policies = &state.app.policies;
    let detail = policies.policy(&code).await?;
    let verdict = policies.verdict(&detail, &params.profile);
    let with_verdict = !params.profile.is_empty();
    Ok(Json(PolicyView {
        detail,
        applicable: if with_verdict { verdict.applicable } else { None },
        reasons: verdict.reasons.into_iter().map(|r| r.text).collect(),
    }))
}
