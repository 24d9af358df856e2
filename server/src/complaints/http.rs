//! The complaint channel over HTTP: the JSON API (README.md), and the POST targets of
//! the pages' plain forms, which answer with a redirect (post/redirect/get) so every
//! flow works without JavaScript.


use app::complaints::model::{Action, Kept, NewTip, TipDraft, KINDS};
use app::cookies::{cookie_from, RECEIPT_COOKIE};
use app::error::PortalError;
use app::url::percent_encode;
use app::client::ClientKey;
use axum::extract::{DefaultBodyLimit, Multipart, Path, State};
use axum::Extension;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::{Deserialize, Serialize};

use crate::platform::uploads::{MAX_FILES, MAX_FILE_BYTES};
use super::validate::Evidence;
use crate::error::ApiError;
use crate::web::form::{self, read_multipart, trimmed, FileLimits, MultipartForm};
use crate::web::respond::{back_with_error, back_with_ok, see_other, set_cookie, set_session_cookie, with_cookie};
use crate::web::session::{self, CsrfForm, StaffForm};

use crate::web::HttpState;

/// Room for five 10 MB files and the text around them.
const MAX_FORM_BYTES: usize = MAX_FILES * MAX_FILE_BYTES + 1024 * 1024;

pub fn routes() -> Router<HttpState> {
    Router::new()
        .route("/api/v1/complaints", post(api_submit))
        .route("/api/v1/complaints/status", get(api_status))
        .route("/report", post(form_submit))
        .route("/track", post(track_enter))
        .route("/track/message", post(track_message))
        .route("/track/rate", post(track_rate))
        .route("/track/object", post(track_object))
        .route("/track/leave", post(track_leave))
        .route("/staff/intake", post(staff_intake))
        .route("/staff/case/{number}", post(staff_action))
        .route("/staff/case/{number}/file/{id}", get(staff_file))
        .route("/staff/case/{number}/report", post(unit_report))
        .layer(DefaultBodyLimit::max(MAX_FORM_BYTES))
}

const EVIDENCE: FileLimits = FileLimits { max_files: MAX_FILES, max_file_bytes: MAX_FILE_BYTES };

fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    cookie_from(headers, name)
}

/// What a kept draft holds, for the draft store's byte bound.
fn draft_size(tip: &NewTip) -> usize {
    [&tip.kind, &tip.subject_unit, &tip.policy_code, &tip.description, &tip.occurred_when, &tip.occurred_where, &tip.name, &tip.phone, &tip.email, &tip.company, &tip.question, &tip.task]
        .iter()
        .map(|f| f.len())
        .sum()
}

/// The tip form's text fields (the public form, and staff recording one from another
/// channel), as the form deserializer reads them.
#[derive(Deserialize, Default)]
#[serde(default)]
struct TipForm {
    #[serde(deserialize_with = "trimmed")]
    kind: String,
    #[serde(deserialize_with = "trimmed")]
    subject_unit: String,
    #[serde(deserialize_with = "trimmed")]
    policy_code: String,
    #[serde(deserialize_with = "trimmed")]
    description: String,
    #[serde(deserialize_with = "trimmed")]
    occurred_when: String,
    #[serde(deserialize_with = "trimmed")]
    occurred_where: String,
    /// `true` (匿名) or `false` (实名); the form has no default.
    #[serde(deserialize_with = "trimmed")]
    anonymous: String,
    #[serde(deserialize_with = "trimmed")]
    name: String,
    #[serde(deserialize_with = "trimmed")]
    phone: String,
    #[serde(deserialize_with = "trimmed")]
    email: String,
    #[serde(deserialize_with = "trimmed")]
    company: String,
    #[serde(deserialize_with = "trimmed")]
    question: String,
    #[serde(deserialize_with = "trimmed")]
    task: String,
    /// The public form's 如实反映承诺: `yes` when ticked.
    #[serde(deserialize_with = "trimmed")]
    pledge: String,
    /// Staff recording a tip: the session's token and the channel it came by.
    csrf: String,
    #[serde(deserialize_with = "trimmed")]
    channel: String,
}

impl TipForm {
    fn read(form: &MultipartForm) -> Result<Self, PortalError> {
        form.parse()
    }

    /// The named/anonymous choice, if one was made.
    fn anonymous(&self) -> Option<bool> {
        match self.anonymous.as_str() {
            "true" => Some(true),
            "false" => Some(false),
            _ => None,
        }
    }

    /// The tip as typed. Under 匿名 the identity fields (hidden on the page) are dropped
    /// here, so they are neither stored nor kept in a draft.
    fn tip(&self) -> NewTip {
        let anonymous = self.anonymous().unwrap_or(true);
        let identity = |field: &String| if anonymous { String::new() } else { field.clone() };
        NewTip {
            kind: self.kind.clone(),
            subject_unit: self.subject_unit.clone(),
            policy_code: self.policy_code.clone(),
            description: self.description.clone(),
            occurred_when: self.occurred_when.clone(),
            occurred_where: self.occurred_where.clone(),
            anonymous,
            name: identity(&self.name),
            phone: identity(&self.phone),
            email: identity(&self.email),
            company: identity(&self.company),
            question: self.question.clone(),
            task: self.task.clone(),
        }
    }

    /// Every problem the form has before it goes to the service: the choice, the
    /// pledge (public form only) and the tip's own.
    fn problems(&self, public: bool) -> Vec<String> {
        let mut problems = Vec::new();
        if self.anonymous().is_none() {
            problems.push("请选择实名反映或匿名反映 / Choose a named or an anonymous report".to_string());
        }
        problems.extend(super::validate::tip_problems(&self.tip()));
        if public && self.pledge != "yes" {
            problems.push("请阅读并勾选如实反映承诺 / Please confirm the pledge".to_string());
        }
        problems
    }
}

async fn form_submit(
    State(state): State<HttpState>,
    Extension(ClientKey(client)): Extension<ClientKey>,
    multipart: Multipart,
) -> Response {
    let complaints = &state.app.complaints;
    let form = match read_multipart(multipart, EVIDENCE).await {
        Ok(form) => form,
        Err(e) => return back_with_error("/report", &e),
    };
    let fields = match TipForm::read(&form) {
        Ok(fields) => fields,
        Err(e) => return back_with_error("/report", &e),
    };
    let tip = fields.tip();
    let kept = |files: usize| Kept { pledged: fields.pledge == "yes", anonymous: fields.anonymous(), files_dropped: files };
    let problems = fields.problems(true);
    if !problems.is_empty() {
        let draft = complaints.drafts.put_sized(TipDraft { tip: tip.clone(), kept: kept(form.files.len()) }, draft_size(&tip));
        return refused_tip(&problems.join("\n"), draft);
    }
    let files = form.files.len();
    match complaints.submit(tip.clone(), form.files, "online", None, &client).await {
        Ok(receipt) => {
            let token = complaints.receipts.put(receipt);
            see_other("/report/receipt", &[("t", token)])
        }
        Err(e) => {
            let draft = complaints.drafts.put_sized(TipDraft { tip: tip.clone(), kept: kept(files) }, draft_size(&tip));
            refused_tip(e.message(), draft)
        }
    }
}

/// Back to the form with every problem, the draft to refill it, and the error summary
/// in view (a phone's screen shows it, not the top of the page).
fn refused_tip(message: &str, draft: String) -> Response {
    let to = format!("{}#error-summary", app::url::build_url("/report", &[("error", message.to_string()), ("draft", draft)]));
    axum::response::Redirect::to(&to).into_response()
}

/// The JSON body of `POST /api/v1/complaints` (README); `category` is a kind's key or
/// its Chinese name.
#[derive(Deserialize)]
struct TipRequest {
    #[serde(default)]
    category: String,
    #[serde(default)]
    description: String,
    #[serde(default)]
    subject_unit: Option<String>,
    #[serde(default)]
    policy_code: Option<String>,
    #[serde(default)]
    occurred_when: Option<String>,
    #[serde(default)]
    occurred_where: Option<String>,
    #[serde(default)]
    anonymous: Option<bool>,
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    phone: Option<String>,
    #[serde(default)]
    email: Option<String>,
    #[serde(default)]
    company: Option<String>,
    /// A supervision checklist question (1–100).
    #[serde(default)]
    question: Option<u32>,
    /// A reform task's code.
    #[serde(default)]
    task: Option<String>,
}

impl TipRequest {
    fn into_tip(self) -> NewTip {
        let kind = KINDS
            .iter()
            .find(|(k, l)| *k == self.category || *l == self.category)
            .map(|(k, _)| k.to_string())
            .unwrap_or(self.category);
        let name = self.name.unwrap_or_default();
        NewTip {
            kind,
            subject_unit: self.subject_unit.unwrap_or_default(),
            policy_code: self.policy_code.unwrap_or_default(),
            description: self.description,
            occurred_when: self.occurred_when.unwrap_or_default(),
            occurred_where: self.occurred_where.unwrap_or_default(),
            anonymous: self.anonymous.unwrap_or(name.trim().is_empty()),
            name,
            phone: self.phone.unwrap_or_default(),
            email: self.email.unwrap_or_default(),
            company: self.company.unwrap_or_default(),
            question: self.question.map(|q| q.to_string()).unwrap_or_default(),
            task: self.task.unwrap_or_default(),
        }
    }
}

#[derive(Serialize)]
struct TipCreated {
    receipt: String,
    case_number: String,
    submitted_at: String,
}

/// `POST /api/v1/complaints` (JSON) → 201 `{ receipt, case_number }`.
async fn api_submit(
    State(state): State<HttpState>,
    Extension(ClientKey(client)): Extension<ClientKey>,
    body: Result<Json<TipRequest>, axum::extract::rejection::JsonRejection>,
) -> Result<Response, ApiError> {
    let Json(request) = body.map_err(|e| {
        tracing::debug!("complaint JSON rejected: {e}");
        PortalError::bad_request(
            "请求体应为 JSON 对象，字段类型正确（文本为字符串，anonymous 为 true 或 false），且为有效的 UTF-8 / the body must be a JSON object with fields of the right types, in UTF-8",
        )
    })?;
    let receipt = state.app.complaints.submit(request.into_tip(), Vec::new(), "online", None, &client).await?;
    let created = TipCreated { receipt: receipt.receipt, case_number: receipt.case_number, submitted_at: receipt.submitted_at };
    Ok((StatusCode::CREATED, Json(created)).into_response())
}

#[derive(Serialize)]
struct StatusView {
    case_number: String,
    kind: String,
    submitted_at: String,
    state: &'static str,
    state_label: String,
    timeline: Vec<TimelineView>,
    feedback: Option<String>,
    question: Option<String>,
    rating: Option<String>,
}

#[derive(Serialize)]
struct TimelineView {
    at: String,
    event: String,
    note: Option<String>,
    from_reporter: bool,
}

/// `GET /api/v1/complaints/status` with `X-Receipt`; 404 for unknown and wrong
/// receipts alike.
async fn api_status(
    State(state): State<HttpState>,
    Extension(ClientKey(client)): Extension<ClientKey>,
    headers: HeaderMap,
) -> Result<Json<StatusView>, ApiError> {
    let receipt = headers.get("x-receipt").and_then(|v| v.to_str().ok()).unwrap_or_default();
    let status = state.app.complaints.status(receipt, &client).await?;
    Ok(Json(StatusView {
        case_number: status.case_number,
        kind: status.kind,
        submitted_at: status.submitted_at,
        state: status.state.key(),
        state_label: status.state_label,
        timeline: status
            .timeline
            .into_iter()
            .map(|t| TimelineView { at: t.at, event: t.label, note: t.note, from_reporter: t.from_reporter })
            .collect(),
        feedback: status.feedback,
        question: status.open_question,
        rating: status.rating,
    }))
}

#[derive(Deserialize)]
struct ReceiptForm {
    #[serde(default, deserialize_with = "trimmed")]
    receipt: String,
}

async fn track_enter(State(state): State<HttpState>, Extension(ClientKey(client)): Extension<ClientKey>, body: axum::body::Bytes) -> Response {
    let receipt = match form::parse::<ReceiptForm>(&body) {
        Ok(f) => f.receipt,
        Err(e) => return back_with_error("/track", &e),
    };
    match state.app.complaints.status(&receipt, &client).await {
        Ok(_) => {
            let token = state.app.complaints.receipt_sessions.open(&receipt);
            with_cookie(see_other("/track", &[]), set_session_cookie(state.app.insecure_cookies, RECEIPT_COOKIE, &token))
        }
        Err(e) => back_with_error("/track", &e),
    }
}

fn receipt_of(state: &HttpState, headers: &HeaderMap) -> Option<String> {
    cookie(headers, RECEIPT_COOKIE).and_then(|token| state.app.complaints.receipt_sessions.receipt(&token))
}

async fn reporter_action(state: &HttpState, client: &str, headers: &HeaderMap, action: Action, files: Vec<Evidence>) -> Response {
    let Some(receipt) = receipt_of(state, headers) else {
        return see_other("/track", &[("error", "请先输入回执码 / Enter your receipt first".into())]);
    };
    match state.app.complaints.reporter_action(&receipt, client, action, files).await {
        Ok(done) => back_with_ok("/track", &done),
        Err(e) => back_with_error("/track", &e),
    }
}

#[derive(Deserialize)]
struct MessageForm {
    #[serde(default, deserialize_with = "trimmed")]
    text: String,
}

async fn track_message(State(state): State<HttpState>, Extension(ClientKey(client)): Extension<ClientKey>, headers: HeaderMap, multipart: Multipart) -> Response {
    let (form, files) = match read_multipart(multipart, EVIDENCE).await.and_then(|f| Ok((f.parse::<MessageForm>()?, f.files))) {
        Ok(v) => v,
        Err(e) => return back_with_error("/track", &e),
    };
    let action = Action::ReporterMessage { text: form.text };
    reporter_action(&state, &client, &headers, action, files).await
}

#[derive(Deserialize)]
struct RateForm {
    #[serde(default, deserialize_with = "trimmed")]
    rating: String,
    #[serde(default, deserialize_with = "trimmed")]
    comment: String,
}

async fn track_rate(State(state): State<HttpState>, Extension(ClientKey(client)): Extension<ClientKey>, headers: HeaderMap, body: axum::body::Bytes) -> Response {
    let form: RateForm = match form::parse(&body) {
        Ok(f) => f,
        Err(e) => return back_with_error("/track", &e),
    };
    let action = Action::Rate { rating: form.rating, comment: form.comment };
    reporter_action(&state, &client, &headers, action, Vec::new()).await
}

#[derive(Deserialize)]
struct ObjectForm {
    #[serde(default, deserialize_with = "trimmed")]
    reason: String,
}

async fn track_object(State(state): State<HttpState>, Extension(ClientKey(client)): Extension<ClientKey>, headers: HeaderMap, body: axum::body::Bytes) -> Response {
    let form: ObjectForm = match form::parse(&body) {
        Ok(f) => f,
        Err(e) => return back_with_error("/track", &e),
    };
    let action = Action::Object { reason: form.reason };
    reporter_action(&state, &client, &headers, action, Vec::new()).await
}

async fn track_leave(State(state): State<HttpState>, headers: HeaderMap) -> Response {
    if let Some(token) = cookie(&headers, RECEIPT_COOKIE) {
        state.app.complaints.receipt_sessions.close(&token);
    }
    with_cookie(see_other("/track", &[]), set_cookie(state.app.insecure_cookies, RECEIPT_COOKIE, "", 0))
}

async fn staff_intake(State(state): State<HttpState>, Extension(ClientKey(client)): Extension<ClientKey>, headers: HeaderMap, multipart: Multipart) -> Response {
    // Who is posting is known before up to 50 MB of evidence is read.
    if let Err(response) = session::current(&state, &headers).await {
        return response;
    }
    let form = match read_multipart(multipart, EVIDENCE).await {
        Ok(form) => form,
        Err(e) => return back_with_error("/staff/intake", &e),
    };
    let fields = match TipForm::read(&form) {
        Ok(fields) => fields,
        Err(e) => return back_with_error("/staff/intake", &e),
    };
    let (_, session) = match session::checked(&state, &headers, &fields.csrf, "/staff/intake").await {
        Ok(s) => s,
        Err(response) => return response,
    };
    if let Err(response) = session::require(&session, app::staff::model::Role::Commission, "只有纪委监委账号可以登记 / only commission staff record tips") {
        return response;
    }
    let problems = fields.problems(false);
    if !problems.is_empty() {
        return back_with_error("/staff/intake", &PortalError::bad_request(problems.join("\n")));
    }
    let complaints = &state.app.complaints;
    match complaints.submit(fields.tip(), form.files, &fields.channel, Some(&session.user), &client).await {
        Ok(receipt) => {
            let token = complaints.receipts.put(receipt);
            see_other("/report/receipt", &[("t", token)])
        }
        Err(e) => back_with_error("/staff/intake", &e),
    }
}

/// Which action a case form posts.
#[derive(Deserialize, Clone, Copy)]
#[serde(rename_all = "snake_case")]
enum CaseActionKind {
    Accept,
    NotAccept,
    TagArea,
    TagQuestion,
    Assign,
    Forward,
    UnitReport,
    Handle,
    Feedback,
    Close,
    Reopen,
    Merge,
    AskReporter,
    InternalNote,
    RevealIdentity,
}

/// Every field a case form may carry; `action` says which are read.
#[derive(Deserialize)]
struct CaseForm {
    #[serde(default)]
    csrf: String,
    action: CaseActionKind,
    #[serde(default, deserialize_with = "trimmed")]
    reason: String,
    #[serde(default, deserialize_with = "trimmed")]
    area: String,
    #[serde(default, deserialize_with = "trimmed")]
    user_id: String,
    #[serde(default, deserialize_with = "trimmed")]
    unit: String,
    #[serde(default, deserialize_with = "trimmed")]
    due: String,
    #[serde(default, deserialize_with = "trimmed")]
    instructions: String,
    #[serde(default, deserialize_with = "trimmed")]
    report: String,
    #[serde(default, deserialize_with = "trimmed")]
    finding: String,
    #[serde(default)]
    measures: Vec<String>,
    #[serde(default, deserialize_with = "trimmed")]
    note: String,
    #[serde(default, deserialize_with = "trimmed")]
    text: String,
    #[serde(default, deserialize_with = "trimmed")]
    into_case: String,
    #[serde(default, deserialize_with = "trimmed")]
    question: String,
}

impl CsrfForm for CaseForm {
    fn csrf(&self) -> &str {
        &self.csrf
    }
    fn back(&self) -> String {
        "/staff".into()
    }
}

impl CaseForm {
    fn into_action(self) -> Result<Action, PortalError> {
        use CaseActionKind as K;
        Ok(match self.action {
            K::Accept => Action::Accept,
            K::NotAccept => Action::NotAccept { reason: self.reason },
            K::TagArea => Action::TagArea { area: self.area },
            // The area and wording are the checklist's, filled in by the service.
            K::TagQuestion => Action::TagQuestion {
                number: self.question.parse().map_err(|_| PortalError::bad_request("问题序号应为 1 到 100 的整数 / the question number must be 1 to 100"))?,
                area: String::new(),
                question: String::new(),
            },
            K::Assign => Action::Assign {
                user_id: self.user_id.parse().map_err(|_| PortalError::bad_request("请选择承办人 / choose a handler"))?,
            },
            K::Forward => Action::Forward { unit: self.unit, due: self.due, instructions: self.instructions },
            K::UnitReport => Action::UnitReport { report: self.report },
            K::Handle => Action::Handle { finding: self.finding, measures: self.measures, note: self.note },
            K::Feedback => Action::Feedback { text: self.text },
            K::Close => Action::Close,
            K::Reopen => Action::Reopen { reason: self.reason },
            K::Merge => Action::Merge { into_case: self.into_case },
            K::AskReporter => Action::AskReporter { question: self.question },
            K::InternalNote => Action::InternalNote { note: self.note },
            K::RevealIdentity => Action::RevealIdentity { reason: self.reason },
        })
    }
}

async fn staff_action(State(state): State<HttpState>, Path(number): Path<String>, staff: StaffForm<CaseForm>) -> Response {
    let back = format!("/staff/case/{}", percent_encode(&number));
    let StaffForm { session, form, .. } = staff;
    let action = match form.into_action() {
        Ok(a) => a,
        Err(e) => return back_with_error(&back, &e),
    };
    let complaints = &state.app.complaints;
    if matches!(action, Action::RevealIdentity { .. }) {
        return match complaints.reveal(&session.user, &number, &action).await {
            Ok(identity) => {
                let token = complaints.identities.put((session.user.id, number.clone(), identity.unwrap_or_default()));
                see_other(&back, &[("reveal", token)])
            }
            Err(e) => back_with_error(&back, &e),
        };
    }
    match complaints.act(&session.user, &number, action).await {
        Ok(done) => back_with_ok(&back, &done),
        Err(e) if e.status() == 404 => back_with_error("/staff", &e),
        Err(e) => back_with_error(&back, &e),
    }
}

#[derive(Deserialize)]
struct UnitReportForm {
    #[serde(default)]
    csrf: String,
    #[serde(default, deserialize_with = "trimmed")]
    report: String,
}

/// A unit's verification report, with its written report attached (same checks as
/// evidence). The session is known before the body is read.
async fn unit_report(State(state): State<HttpState>, Path(number): Path<String>, headers: HeaderMap, multipart: Multipart) -> Response {
    let back = format!("/staff/case/{}", percent_encode(&number));
    if let Err(response) = session::current(&state, &headers).await {
        return response;
    }
    let (form, files) = match read_multipart(multipart, EVIDENCE).await.and_then(|f| Ok((f.parse::<UnitReportForm>()?, f.files))) {
        Ok(v) => v,
        Err(e) => return back_with_error(&back, &e),
    };
    let (_, session) = match session::checked(&state, &headers, &form.csrf, &back).await {
        Ok(s) => s,
        Err(response) => return response,
    };
    match state.app.complaints.act_with_files(&session.user, &number, Action::UnitReport { report: form.report }, files).await {
        Ok(done) => back_with_ok(&back, &done),
        Err(e) if e.status() == 404 => back_with_error("/staff", &e),
        Err(e) => back_with_error(&back, &e),
    }
}

async fn staff_file(State(state): State<HttpState>, Path((number, id)): Path<(String, i64)>, headers: HeaderMap) -> Response {
    let session = match session::current(&state, &headers).await {
        Ok((_, s)) => s,
        Err(response) => return response,
    };
    match state.app.complaints.evidence(&session.user, &number, id).await {
        Ok(super::service::EvidenceFile { name, content_type, bytes }) => {
            let disposition = format!("attachment; filename*=UTF-8''{}", percent_encode(&name));
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
        Err(e) => (StatusCode::from_u16(e.status()).unwrap_or(StatusCode::NOT_FOUND), e.message().to_string()).into_response(),
    }
}
