//! Is the portal well: `/healthz` for load balancers and `/metrics` for Prometheus.
//! Both are polled, so each reads what is already counted in memory and asks the
//! database only indexed questions (`/healthz` one, `/metrics` four). Neither shows an
//! error's text: the reasons go to the log.

use std::future::Future;
use std::time::Duration;

use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Serialize;

use crate::complaints::store::{count_overdue, count_states, StateCount};
use crate::error::json_error;
use crate::platform::metrics::HistogramSnapshot;
use crate::platform::{changes, clock, crypto, mail};
use crate::state::AppState;
use crate::web::metrics::{Exposition, CONTENT_TYPE};
use crate::web::HttpState;

/// How long `/healthz` waits for the database: a load balancer's probe must not hang.
const HEALTH_TIMEOUT: Duration = Duration::from_secs(2);
/// How long `/metrics` waits for its counts (Prometheus' default scrape timeout is 10 s).
const SCRAPE_TIMEOUT: Duration = Duration::from_secs(5);

#[derive(Serialize)]
pub struct Health {
    /// `ok`, `degraded` (the database answers, the index does not keep up) or
    /// `unavailable` (the database does not answer).
    pub status: &'static str,
    pub database: DatabaseHealth,
    pub index: IndexHealth,
}

#[derive(Serialize)]
pub struct DatabaseHealth {
    pub ok: bool,
}

#[derive(Serialize)]
pub struct IndexHealth {
    pub ok: bool,
    pub items: u64,
    /// Changes in the feed the index has not applied yet; unknown without the database.
    pub lag: Option<i64>,
}

async fn within<T>(limit: Duration, what: &str, work: impl Future<Output = anyhow::Result<T>>) -> Option<T> {
    match tokio::time::timeout(limit, work).await {
        Ok(Ok(value)) => Some(value),
        Ok(Err(e)) => {
            tracing::warn!("{what}: the database did not answer: {e:#}");
            None
        }
        Err(_) => {
            tracing::warn!("{what}: the database did not answer within {} s", limit.as_secs());
            None
        }
    }
}

/// The change feed's last id answers both questions: the database is there, and how far
/// behind it the index is.
pub async fn check(app: &AppState) -> Health {
    let index = &app.policies.index;
    let last = within(HEALTH_TIMEOUT, "health check", changes::last_id(&app.db)).await;
    let index_ok = index.writer_ok();
    let status = match (last, index_ok) {
        (None, _) => "unavailable",
        (Some(_), false) => "degraded",
        (Some(_), true) => "ok",
    };
    Health {
        status,
        database: DatabaseHealth { ok: last.is_some() },
        index: IndexHealth {
            ok: index_ok,
            items: index.item_count() as u64,
            lag: last.map(|last| (last - index.applied_change()).max(0)),
        },
    }
}

/// `GET /healthz`: 200 while the database answers, 503 when it does not.
pub async fn healthz(State(state): State<HttpState>) -> Response {
    let health = check(&state.app).await;
    let status = if health.database.ok { StatusCode::OK } else { StatusCode::SERVICE_UNAVAILABLE };
    let mut response = (status, Json(health)).into_response();
    response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// `GET /metrics` on the main listener: only with `Authorization: Bearer <token>` (the
/// route exists only when a token is configured).
pub async fn metrics_with_token(State(state): State<HttpState>, headers: HeaderMap) -> Response {
    let presented = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split_once(' '))
        .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
        .map(|(_, token)| token.trim());
    let allowed = match (presented, state.app.metrics_token.as_deref()) {
        (Some(presented), Some(expected)) => crypto::same_secret(presented, expected),
        _ => false,
    };
    if !allowed {
        let mut response = json_error(
            StatusCode::UNAUTHORIZED,
            "unauthorized",
            "需要有效的访问令牌 / A valid bearer token is required",
        );
        response.headers_mut().insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        return response;
    }
    metrics(State(state)).await
}

/// `GET /metrics` on the private listener (`QINGDAN_METRICS_ADDR`), without a token.
pub async fn metrics(State(state): State<HttpState>) -> Response {
    let body = render(&state).await;
    ([(header::CONTENT_TYPE, CONTENT_TYPE), (header::CACHE_CONTROL, "no-store")], body).into_response()
}

/// What the database says at scrape time.
struct Counts {
    last_change: i64,
    cases: Vec<StateCount>,
    overdue: i64,
    outbox: (i64, i64),
}

async fn counts(app: &AppState) -> anyhow::Result<Counts> {
    Ok(Counts {
        last_change: changes::last_id(&app.db).await?,
        cases: count_states(&app.db).await?,
        overdue: count_overdue(&app.db, &clock::today()).await?,
        outbox: mail::outbox_counts(&app.db).await?,
    })
}

async fn render(state: &HttpState) -> String {
    let app = &state.app;
    let mut out = Exposition::default();
    state.metrics.render(&mut out);

    let search: HistogramSnapshot = app.policies.index.search_duration.snapshot();
    out.header("qingdan_search_duration_seconds", "histogram", "Time spent in policy searches, cached answers included.");
    out.histogram("qingdan_search_duration_seconds", &[], &search);

    out.header("qingdan_tips_received_total", "counter", "Tips committed to the database by this process, by channel.");
    for (channel, count) in app.complaints.tips_received.values() {
        out.sample("qingdan_tips_received_total", &[("channel", channel)], count);
    }

    out.header("qingdan_index_items", "gauge", "Items in this node's policy search index.");
    out.sample("qingdan_index_items", &[], app.policies.index.item_count());

    let counts = within(SCRAPE_TIMEOUT, "metrics", counts(app)).await;
    out.header("qingdan_database_up", "gauge", "Whether the database answered this scrape's counts (1) or not (0).");
    out.sample("qingdan_database_up", &[], u8::from(counts.is_some()));
    let Some(counts) = counts else { return out.finish() };

    out.header("qingdan_index_lag", "gauge", "Changes in the database's change feed this node's index has not applied yet.");
    out.sample("qingdan_index_lag", &[], (counts.last_change - app.policies.index.applied_change()).max(0));
    out.header("qingdan_cases", "gauge", "Cases by state.");
    for StateCount { state, count } in &counts.cases {
        out.sample("qingdan_cases", &[("state", state.key())], count);
    }
    out.header("qingdan_cases_overdue", "gauge", "Cases past their deadline, as the staff queue marks them.");
    out.sample("qingdan_cases_overdue", &[], counts.overdue);
    out.header("qingdan_mail_outbox_pending", "gauge", "Mail not yet delivered.");
    out.sample("qingdan_mail_outbox_pending", &[], counts.outbox.0);
    out.header(
        "qingdan_mail_outbox_failed",
        "gauge",
        "Mail not yet delivered whose last attempt failed (it is retried with backoff).",
    );
    out.sample("qingdan_mail_outbox_failed", &[], counts.outbox.1);
    out.finish()
}
