//! The ledger over HTTP: the JSON API, the exports (CSV in the import format, so it
//! re-imports by code with no change, and JSON), and the weekly report form's target.

use app::error::PortalError;
use app::tasks::backend::TaskBackend;
use app::tasks::model::{week_of, TaskDetail, TaskResults};
use app::tasks::query::TaskParams;
use axum::extract::{Path, RawQuery, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::Deserialize;

use super::model::COLUMNS;
use super::store::NewReport;
use crate::error::ApiError;
use crate::platform::clock;
use crate::web::respond::{back_with_error, back_with_ok};
use crate::web::session::{self, CsrfForm, StaffForm};
use crate::web::{api_method_not_allowed, HttpState};

pub fn routes() -> Router<HttpState> {
    Router::new()
        .route("/api/v1/tasks", get(list_tasks).fallback(api_method_not_allowed))
        .route("/api/v1/tasks/export.csv", get(export_csv).fallback(api_method_not_allowed))
        .route("/api/v1/tasks/export.json", get(export_json).fallback(api_method_not_allowed))
        .route("/api/v1/tasks/{code}", get(get_task).fallback(api_method_not_allowed))
        .route("/staff/tasks/{code}/report", post(report))
}

async fn list_tasks(State(state): State<HttpState>, RawQuery(raw): RawQuery) -> Result<Json<TaskResults>, ApiError> {
    let params = TaskParams::from_query(raw.as_deref().unwrap_or(""))?;
    Ok(Json(state.app.tasks.search(params).await?))
}

async fn get_task(
    State(state): State<HttpState>,
    code: Result<Path<String>, axum::extract::rejection::PathRejection>,
) -> Result<Json<TaskDetail>, ApiError> {
    let Path(code) = code.map_err(|_| PortalError::bad_request("任务编号不是有效的 UTF-8 文本 / The task code is not valid UTF-8"))?;
    Ok(Json(state.app.tasks.task(&code).await?))
}

async fn export_csv(State(state): State<HttpState>) -> Result<Response, ApiError> {
    let tasks = state.app.tasks.store.all().await?;
    let mut writer = csv::Writer::from_writer(b"\xEF\xBB\xBF".to_vec());
    writer.write_record(COLUMNS).map_err(anyhow::Error::from)?;
    for t in &tasks {
        writer.write_record(t.listed().cells()).map_err(anyhow::Error::from)?;
    }
    let body = writer.into_inner().map_err(|e| anyhow::anyhow!("{e}"))?;
    Ok((
        [(header::CONTENT_TYPE, "text/csv; charset=utf-8"), (header::CONTENT_DISPOSITION, "attachment; filename=\"tasks.csv\"")],
        body,
    )
        .into_response())
}

async fn export_json(State(state): State<HttpState>) -> Result<Response, ApiError> {
    let tasks = state.app.tasks.store.all().await?;
    let rows: Vec<serde_json::Map<String, serde_json::Value>> = tasks
        .iter()
        .map(|t| COLUMNS.iter().zip(t.listed().cells()).map(|(k, v)| (k.to_string(), serde_json::Value::from(v))).collect())
        .collect();
    Ok(Json(rows).into_response())
}

#[derive(Deserialize)]
struct ReportForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    percent: String,
    #[serde(default)]
    progress: String,
    #[serde(default)]
    problems: String,
    #[serde(default)]
    coordination: String,
    #[serde(default)]
    next_plan: String,
}

impl CsrfForm for ReportForm {
    fn csrf(&self) -> &str {
        &self.csrf
    }
    fn back(&self) -> String {
        BACK.into()
    }
}

const BACK: &str = "/staff/tasks";

impl ReportForm {
    fn validated(&self) -> Result<NewReport, PortalError> {
        let percent: u32 = self
            .percent
            .trim()
            .parse()
            .ok()
            .filter(|p| *p <= 100)
            .ok_or_else(|| PortalError::bad_request("完成百分比应为 0 到 100 的整数 / percent must be 0 to 100"))?;
        let text = |v: &str, name: &str, required: bool| -> Result<String, PortalError> {
            let t = v.trim();
            if required && t.is_empty() {
                return Err(PortalError::bad_request(format!("请填写{name} / {name} is required")));
            }
            if t.chars().count() > 2000 {
                return Err(PortalError::bad_request(format!("{name}最多 2000 字 / at most 2,000 characters")));
            }
            Ok(t.to_string())
        };
        Ok(NewReport {
            percent,
            progress: text(&self.progress, "本周进展", true)?,
            problems: text(&self.problems, "存在问题", false)?,
            coordination: text(&self.coordination, "需协调事项", false)?,
            next_plan: text(&self.next_plan, "下周计划", false)?,
        })
    }
}

/// A unit's weekly report on one of its own tasks.
async fn report(State(state): State<HttpState>, Path(code): Path<String>, staff: StaffForm<ReportForm>) -> Response {
    let StaffForm { session, form, .. } = staff;
    if let Err(response) = session::require(&session, app::staff::model::Role::Unit, "任务进展由责任单位报送 / only the responsible unit reports") {
        return response;
    }
    let report = match form.validated() {
        Ok(r) => r,
        Err(e) => return back_with_error(BACK, &e),
    };
    let unit = session.user.unit.clone().unwrap_or_default();
    let week = week_of(&clock::today());
    match state.app.tasks.store.report(&code, &unit, session.user.id, &week, &report).await {
        Ok(()) => {
            if let Err(e) = state.app.tasks.index.sync().await {
                tracing::error!("task index not yet updated after a report: {e:#}");
            }
            back_with_ok(BACK, format!("已报送 {code} 本周进展 / report filed"))
        }
        Err(e) => back_with_error(BACK, &e),
    }
}
