//! The ledger over HTTP: the JSON API, the exports (CSV in the import format, so it
//! re-imports by code with no change, and JSON), and the weekly report form's target.

use app::error::PortalError;
use app::tasks::backend::TaskBackend;
use app::tasks::model::{week_of, TaskDetail, TaskResults, WeeklySheet};
use app::tasks::query::TaskParams;
use axum::extract::{DefaultBodyLimit, Multipart, Path, RawQuery, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
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
use crate::platform::uploads::{MAX_FILES, MAX_FILE_BYTES};
use crate::web::csv::csv_download;
use crate::web::form::{read_multipart, trimmed, FileLimits};
use crate::web::{api_method_not_allowed, HttpState};
use app::staff::model::Role;

pub fn routes() -> Router<HttpState> {
    Router::new()
        .route("/api/v1/tasks", get(list_tasks).fallback(api_method_not_allowed))
        .route(super::feed::FEED_PATH, get(super::feed::feed))
        .route("/api/v1/tasks/export.csv", get(export_csv).fallback(api_method_not_allowed))
        .route("/api/v1/tasks/export.json", get(export_json).fallback(api_method_not_allowed))
        .route("/api/v1/tasks/weekly.xlsx", get(weekly_xlsx).fallback(api_method_not_allowed))
        .route("/api/v1/tasks/weekly.json", get(weekly_json).fallback(api_method_not_allowed))
        .route("/api/v1/tasks/{code}", get(get_task).fallback(api_method_not_allowed))
        .route("/staff/tasks/{code}/report", post(report))
        .route("/staff/tasks/{code}/closeout", post(request_closeout).layer(DefaultBodyLimit::max(CLOSEOUT_BYTES)))
        .route("/staff/tasks/{code}/follow-up", post(follow_up))
        .route("/staff/tasks/evidence/{id}", get(evidence))
        .route("/staff/certify/{code}", post(certify))
        .route("/staff/certify/{code}/closeout", post(decide))
        .route("/staff/certify/{code}/reopen", post(reopen))
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
    let header = COLUMNS.iter().map(|c| c.to_string()).collect();
    Ok(csv_download("tasks.csv", std::iter::once(header).chain(tasks.iter().map(|t| t.listed().cells().iter().map(|c| c.to_string()).collect()))))
}

fn week_query(raw: Option<&str>) -> Result<String, PortalError> {
    let pairs = app::url::parse_pairs(raw.unwrap_or(""))?;
    Ok(pairs.into_iter().find(|(k, _)| k == "week").map(|(_, v)| v).unwrap_or_default())
}

async fn weekly_json(State(state): State<HttpState>, RawQuery(raw): RawQuery) -> Result<Json<WeeklySheet>, ApiError> {
    let week = week_query(raw.as_deref())?;
    Ok(Json(state.app.tasks.weekly_sheet(week).await?))
}

/// The weekly sheet as a workbook for the dispatch meeting (一周一调度).
async fn weekly_xlsx(State(state): State<HttpState>, RawQuery(raw): RawQuery) -> Result<Response, ApiError> {
    let week = week_query(raw.as_deref())?;
    let sheet = state.app.tasks.weekly_sheet(week).await?;
    let bytes = crate::platform::xlsx::write(&format!("{} 周调度", sheet.week), &sheet.table())?;
    let disposition = format!("attachment; filename=\"weekly-{}.xlsx\"", sheet.week);
    Ok((
        [
            (header::CONTENT_TYPE, HeaderValue::from_static("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")),
            (header::CONTENT_DISPOSITION, HeaderValue::from_str(&disposition).map_err(anyhow::Error::from)?),
        ],
        bytes,
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
                crate::error::log_internal("task index not yet updated after a report", &e);
            }
            back_with_ok(BACK, format!("已报送 {code} 本周进展 / report filed"))
        }
        Err(e) => back_with_error(BACK, &e),
    }
}

const CERTIFY: &str = "/staff/certify";
const EVIDENCE: FileLimits = FileLimits { max_files: MAX_FILES, max_file_bytes: MAX_FILE_BYTES };
/// The close-out form: its evidence files and a few text fields.
const CLOSEOUT_BYTES: usize = MAX_FILES * MAX_FILE_BYTES + 256 * 1024;

/// A certifier's or a follow-up's form: a token and one text.
#[derive(Deserialize)]
struct NoteForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    verdict: String,
    #[serde(default)]
    decision: String,
    #[serde(default)]
    note: String,
    /// Where the form came from (`/staff/tasks` or `/staff/certify`).
    #[serde(default)]
    back: String,
}

impl CsrfForm for NoteForm {
    fn csrf(&self) -> &str {
        &self.csrf
    }
    fn back(&self) -> String {
        if self.back == BACK { BACK.into() } else { CERTIFY.into() }
    }
}

fn done(back: &str, outcome: Result<(), PortalError>, ok: &str) -> Response {
    match outcome {
        Ok(()) => back_with_ok(back, ok),
        Err(e) => back_with_error(back, &e),
    }
}

async fn certify(State(state): State<HttpState>, Path(code): Path<String>, staff: StaffForm<NoteForm>) -> Response {
    let StaffForm { session, form, .. } = staff;
    if let Err(response) = session::require(&session, Role::Certifier, "任务认定由认定人员办理 / only certifiers certify") {
        return response;
    }
    let month = app::tasks::model::month_of(&clock::today());
    let outcome = state.app.tasks.certification.certify(&code, &month, form.verdict.trim(), &form.note, session.user.id).await;
    done(CERTIFY, outcome, &format!("已认定 {code} {month} / verdict recorded"))
}

async fn decide(State(state): State<HttpState>, Path(code): Path<String>, staff: StaffForm<NoteForm>) -> Response {
    let StaffForm { session, form, .. } = staff;
    if let Err(response) = session::require(&session, Role::Certifier, "销号由认定人员审核 / only certifiers decide close-out") {
        return response;
    }
    let approve = match form.decision.as_str() {
        "approve" => true,
        "reject" => false,
        _ => return back_with_error(CERTIFY, &PortalError::bad_request("请选择准予或不予销号 / approve or reject")),
    };
    let outcome = state.app.tasks.certification.decide_closeout(&code, approve, &form.note, session.user.id).await;
    let _ = state.app.tasks.index.sync().await;
    done(CERTIFY, outcome, if approve { "已准予销号 / closed" } else { "已退回销号申请 / close-out rejected" })
}

async fn reopen(State(state): State<HttpState>, Path(code): Path<String>, staff: StaffForm<NoteForm>) -> Response {
    let StaffForm { session, form, .. } = staff;
    if let Err(response) = session::require(&session, Role::Certifier, "重新启动由认定人员决定 / only certifiers reopen") {
        return response;
    }
    let outcome = state.app.tasks.certification.reopen(&code, &form.note, session.user.id).await;
    let _ = state.app.tasks.index.sync().await;
    done(CERTIFY, outcome, "任务已重新启动 / reopened")
}

/// A follow-up on a closed task: by its unit, or by a certifier.
async fn follow_up(State(state): State<HttpState>, Path(code): Path<String>, staff: StaffForm<NoteForm>) -> Response {
    let StaffForm { session, form, .. } = staff;
    let back = form.back();
    let unit = match session.user.role {
        Role::Unit => session.user.unit.clone(),
        Role::Certifier => None,
        _ => return back_with_error(&back, &PortalError::forbidden("跟踪问效由责任单位或认定人员记录 / units and certifiers record follow-ups")),
    };
    let outcome = state.app.tasks.certification.follow_up(&code, unit.as_deref(), session.user.id, &form.note).await;
    done(&back, outcome, "已记录跟踪问效 / follow-up recorded")
}

/// The close-out request's text fields (the files come beside them).
#[derive(Deserialize, Default)]
#[serde(default)]
struct CloseoutForm {
    csrf: String,
    #[serde(deserialize_with = "trimmed")]
    note: String,
}

/// The responsible unit asks for close-out, with evidence (multipart).
async fn request_closeout(State(state): State<HttpState>, Path(code): Path<String>, headers: HeaderMap, multipart: Multipart) -> Response {
    // No upload is read for a request without a session.
    if let Err(response) = session::current(&state, &headers).await {
        return response;
    }
    let form = match read_multipart(multipart, EVIDENCE).await {
        Ok(form) => form,
        Err(e) => return back_with_error(BACK, &e),
    };
    let fields: CloseoutForm = match form.parse() {
        Ok(fields) => fields,
        Err(e) => return back_with_error(BACK, &e),
    };
    let (_, session) = match session::checked(&state, &headers, &fields.csrf, BACK).await {
        Ok(s) => s,
        Err(response) => return response,
    };
    if let Err(response) = session::require(&session, Role::Unit, "销号由责任单位申请 / only the responsible unit asks for close-out") {
        return response;
    }
    let unit = session.user.unit.clone().unwrap_or_default();
    let note = fields.note;
    let files = form.files.into_iter().filter(|f| !f.bytes.is_empty()).collect();
    let outcome = state.app.tasks.certification.request_closeout(&code, &unit, session.user.id, &note, files).await;
    done(BACK, outcome, "已申请销号，等待认定 / close-out requested")
}

/// An evidence file, for a certifier or the task's own unit.
async fn evidence(State(state): State<HttpState>, Path(id): Path<i64>, headers: HeaderMap) -> Response {
    let session = match session::current(&state, &headers).await {
        Ok((_, s)) => s,
        Err(response) => return response,
    };
    let not_found = || (StatusCode::NOT_FOUND, "未找到文件 / no such file").into_response();
    let Ok(Some((name, content_type, bytes, unit))) = state.app.tasks.certification.evidence(id).await else { return not_found() };
    let allowed = session.user.role == Role::Certifier || (session.user.role == Role::Unit && session.user.unit.as_deref() == Some(unit.as_str()));
    if !allowed {
        return not_found();
    }
    let disposition = format!("attachment; filename*=UTF-8''{}", app::url::percent_encode(&name));
    (
        [
            (header::CONTENT_TYPE, HeaderValue::from_str(&content_type).unwrap_or(HeaderValue::from_static("application/octet-stream"))),
            (header::CONTENT_DISPOSITION, HeaderValue::from_str(&disposition).unwrap_or(HeaderValue::from_static("attachment"))),
            (header::CACHE_CONTROL, HeaderValue::from_static("no-store")),
        ],
        bytes,
    )
        .into_response()
}
