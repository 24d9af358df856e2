//! The complaint channel over HTTP: the JSON API (DESIGN.md), and the POST targets of
//! the pages' plain forms, which answer with a redirect (post/redirect/get) so every
//! flow works without JavaScript.

use std::net::SocketAddr;

use app::api_complaints::{RECEIPT_COOKIE, STAFF_COOKIE};
use app::complaint::{Action, NewTip, KINDS};
use app::error::PortalError;
use app::query::{build_url, percent_encode};
use axum::body::Bytes;
use axum::extract::{ConnectInfo, DefaultBodyLimit, Multipart, Path, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde_json::{json, Value};

use crate::auth::{same_token, Session};
use crate::complaints::uploads::{MAX_FILES, MAX_FILE_BYTES};
use crate::complaints::Evidence;
use crate::http::{ApiError, HttpState};
use crate::portal::Portal;

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
        .route("/staff/login", post(staff_login))
        .route("/staff/logout", post(staff_logout))
        .route("/staff/intake", post(staff_intake))
        .route("/staff/case/{number}", post(staff_action))
        .route("/staff/case/{number}/file/{id}", get(staff_file))
        .layer(DefaultBodyLimit::max(MAX_FORM_BYTES))
}

fn client_key(addr: &SocketAddr) -> String {
    addr.ip().to_string()
}

fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    app::api_complaints::cookie_from(headers, name)
}

fn set_cookie(portal: &Portal, name: &str, value: &str, max_age: i64) -> HeaderValue {
    let secure = if portal.insecure_cookies { "" } else { "; Secure" };
    HeaderValue::from_str(&format!("{name}={value}; Path=/; HttpOnly; SameSite=Strict; Max-Age={max_age}{secure}"))
        .unwrap_or_else(|_| HeaderValue::from_static(""))
}

pub(crate) fn see_other(path: &str, pairs: &[(&str, String)]) -> Response {
    Redirect::to(&build_url(path, pairs)).into_response()
}

fn with_cookie(mut response: Response, cookie: HeaderValue) -> Response {
    response.headers_mut().append(header::SET_COOKIE, cookie);
    response
}

/// Text fields and evidence files of a multipart form. Files are checked as they
/// stream in, so a 50 MB upload is refused at 10 MB, not after it has all arrived.
struct FormData {
    fields: Vec<(String, String)>,
    files: Vec<Evidence>,
}

impl FormData {
    fn get(&self, name: &str) -> String {
        self.fields.iter().find(|(k, _)| k == name).map(|(_, v)| v.trim().to_string()).unwrap_or_default()
    }
}

async fn read_multipart(mut multipart: Multipart) -> Result<FormData, PortalError> {
    let too_big = || PortalError::bad_request("上传的文件超过 10 MB / a file is larger than 10 MB");
    let mut data = FormData { fields: Vec::new(), files: Vec::new() };
    loop {
        let field = match multipart.next_field().await {
            Ok(Some(field)) => field,
            Ok(None) => break,
            Err(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => {
                return Err(PortalError::bad_request("提交的内容过大（每个文件不超过 10 MB，最多 5 个）/ the upload is too large"))
            }
            Err(_) => return Err(PortalError::bad_request("表单数据不完整或格式错误 / malformed form data")),
        };
        let name = field.name().unwrap_or_default().to_string();
        if let Some(file_name) = field.file_name().map(str::to_string) {
            let mut field = field;
            let mut bytes = Vec::new();
            while let Some(chunk) = field.chunk().await.map_err(|e| {
                if e.status() == StatusCode::PAYLOAD_TOO_LARGE { too_big() } else { PortalError::bad_request("文件上传中断 / the upload was interrupted") }
            })? {
                if bytes.len() + chunk.len() > MAX_FILE_BYTES {
                    return Err(too_big());
                }
                bytes.extend_from_slice(&chunk);
            }
            if file_name.is_empty() && bytes.is_empty() {
                continue;
            }
            if data.files.len() >= MAX_FILES {
                return Err(PortalError::bad_request("最多上传 5 个文件 / at most 5 files"));
            }
            data.files.push(Evidence { name: file_name, bytes });
        } else {
            let bytes: Bytes = field.bytes().await.map_err(|_| PortalError::bad_request("表单数据不完整 / malformed form data"))?;
            let text = String::from_utf8(bytes.to_vec())
                .map_err(|_| PortalError::bad_request(format!("「{name}」不是有效的 UTF-8 文本 / field is not valid UTF-8")))?;
            data.fields.push((name, text));
        }
    }
    Ok(data)
}

pub(crate) fn read_urlencoded(body: &Bytes) -> Result<Vec<(String, String)>, PortalError> {
    let text = std::str::from_utf8(body).map_err(|_| PortalError::bad_request("表单不是有效的 UTF-8 / form is not valid UTF-8"))?;
    app::query::parse_pairs(text)
}

pub(crate) fn field(pairs: &[(String, String)], name: &str) -> String {
    pairs.iter().find(|(k, _)| k == name).map(|(_, v)| v.trim().to_string()).unwrap_or_default()
}

fn tip_from_form(form: &FormData) -> NewTip {
    NewTip {
        kind: form.get("kind"),
        subject_unit: form.get("subject_unit"),
        policy_code: form.get("policy_code"),
        description: form.get("description"),
        occurred_when: form.get("occurred_when"),
        occurred_where: form.get("occurred_where"),
        anonymous: form.get("anonymous") != "false",
        name: form.get("name"),
        phone: form.get("phone"),
        email: form.get("email"),
        company: form.get("company"),
    }
}

async fn form_submit(
    State(state): State<HttpState>,
    ConnectInfo(addr): ConnectInfo<SocketAddr>,
    multipart: Multipart,
) -> Response {
    let portal = &state.portal;
    let form = match read_multipart(multipart).await {
        Ok(form) => form,
        Err(e) => return see_other("/report", &[("error", e.message().to_string())]),
    };
    let tip = tip_from_form(&form);
    if form.get("pledge") != "yes" {
        let draft = portal.drafts.put(tip);
        return see_other("/report", &[("error", "请阅读并勾选如实反映承诺 / Please confirm the pledge".into()), ("draft", draft)]);
    }
    match portal.complaints.submit(tip.clone(), form.files, "online", None, &client_key(&addr)).await {
        Ok(receipt) => {
            let token = portal.receipts.put(receipt);
            see_other("/report/receipt", &[("t", token)])
        }
        Err(e) => {
            let draft = portal.drafts.put(tip);
            see_other("/report", &[("error", e.message().to_string()), ("draft", draft)])
        }
    }
}

/// DESIGN.md: `POST /api/v1/complaints` (JSON) → 201 `{ receipt, case_number }`.
async fn api_submit(
    State(state): State<HttpState>,
    ConnectInfo(addr): ConnectInfo<SocketAddr>,
    body: Result<Json<Value>, axum::extract::rejection::JsonRejection>,
) -> Result<Response, ApiError> {
    let Json(body) = body.map_err(|_| {
        PortalError::bad_request("请求体应为 JSON 对象，且为有效的 UTF-8 / the body must be a JSON object in UTF-8")
    })?;
    let text = |key: &str| -> Result<String, PortalError> {
        match body.get(key) {
            None | Some(Value::Null) => Ok(String::new()),
            Some(Value::String(s)) => Ok(s.clone()),
            Some(_) => Err(PortalError::bad_request(format!("字段 {key} 应为字符串 / {key} must be a string"))),
        }
    };
    let category = text("category")?;
    let kind = KINDS
        .iter()
        .find(|(k, l)| *k == category || *l == category)
        .map(|(k, _)| k.to_string())
        .unwrap_or(category);
    let name = text("name")?;
    let anonymous = match body.get("anonymous") {
        None | Some(Value::Null) => name.trim().is_empty(),
        Some(Value::Bool(b)) => *b,
        Some(_) => return Err(PortalError::bad_request("字段 anonymous 应为 true 或 false / anonymous must be a boolean").into()),
    };
    let tip = NewTip {
        kind,
        subject_unit: text("subject_unit")?,
        policy_code: text("policy_code")?,
        description: text("description")?,
        occurred_when: text("occurred_when")?,
        occurred_where: text("occurred_where")?,
        anonymous,
        name,
        phone: text("phone")?,
        email: text("email")?,
        company: text("company")?,
    };
    let receipt = state.portal.complaints.submit(tip, Vec::new(), "online", None, &client_key(&addr)).await?;
    Ok((
        StatusCode::CREATED,
        Json(json!({ "receipt": receipt.receipt, "case_number": receipt.case_number, "submitted_at": receipt.submitted_at })),
    )
        .into_response())
}

/// DESIGN.md: `GET /api/v1/complaints/status` with `X-Receipt`; 404 for unknown and
/// wrong receipts alike.
async fn api_status(
    State(state): State<HttpState>,
    ConnectInfo(addr): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
) -> Result<Json<Value>, ApiError> {
    let receipt = headers.get("x-receipt").and_then(|v| v.to_str().ok()).unwrap_or_default();
    let status = state.portal.complaints.status(receipt, &client_key(&addr)).await?;
    Ok(Json(json!({
        "case_number": status.case_number,
        "kind": status.kind,
        "submitted_at": status.submitted_at,
        "state": status.state.key(),
        "state_label": status.state_label,
        "timeline": status.timeline.iter().map(|t| json!({ "at": t.at, "event": t.label, "note": t.note, "from_reporter": t.from_reporter })).collect::<Vec<_>>(),
        "feedback": status.feedback,
        "question": status.open_question,
        "rating": status.rating,
    })))
}

async fn track_enter(State(state): State<HttpState>, ConnectInfo(addr): ConnectInfo<SocketAddr>, body: Bytes) -> Response {
    let portal = &state.portal;
    let receipt = match read_urlencoded(&body) {
        Ok(pairs) => field(&pairs, "receipt"),
        Err(e) => return see_other("/track", &[("error", e.message().into())]),
    };
    match portal.complaints.status(&receipt, &client_key(&addr)).await {
        Ok(_) => with_cookie(see_other("/track", &[]), set_cookie(portal, RECEIPT_COOKIE, &percent_encode(&receipt), 1800)),
        Err(e) => see_other("/track", &[("error", e.message().into())]),
    }
}

fn receipt_of(headers: &HeaderMap) -> Option<String> {
    cookie(headers, RECEIPT_COOKIE).and_then(|v| app::query::percent_decode(&v).ok())
}

async fn reporter_action(state: &HttpState, addr: &SocketAddr, headers: &HeaderMap, action: Action, files: Vec<Evidence>, ok: &str) -> Response {
    let Some(receipt) = receipt_of(headers) else {
        return see_other("/track", &[("error", "请先输入回执码 / Enter your receipt first".into())]);
    };
    match state.portal.complaints.reporter_action(&receipt, &client_key(addr), action, files).await {
        Ok(()) => see_other("/track", &[("ok", ok.into())]),
        Err(e) => see_other("/track", &[("error", e.message().into())]),
    }
}

async fn track_message(State(state): State<HttpState>, ConnectInfo(addr): ConnectInfo<SocketAddr>, headers: HeaderMap, multipart: Multipart) -> Response {
    let form = match read_multipart(multipart).await {
        Ok(form) => form,
        Err(e) => return see_other("/track", &[("error", e.message().into())]),
    };
    let action = Action::ReporterMessage { text: form.get("text") };
    reporter_action(&state, &addr, &headers, action, form.files, "留言已发送 / Message sent").await
}

async fn track_rate(State(state): State<HttpState>, ConnectInfo(addr): ConnectInfo<SocketAddr>, headers: HeaderMap, body: Bytes) -> Response {
    let pairs = match read_urlencoded(&body) {
        Ok(p) => p,
        Err(e) => return see_other("/track", &[("error", e.message().into())]),
    };
    let action = Action::Rate { rating: field(&pairs, "rating"), comment: field(&pairs, "comment") };
    reporter_action(&state, &addr, &headers, action, Vec::new(), "感谢您的评价 / Thank you for rating").await
}

async fn track_object(State(state): State<HttpState>, ConnectInfo(addr): ConnectInfo<SocketAddr>, headers: HeaderMap, body: Bytes) -> Response {
    let pairs = match read_urlencoded(&body) {
        Ok(p) => p,
        Err(e) => return see_other("/track", &[("error", e.message().into())]),
    };
    let action = Action::Object { reason: field(&pairs, "reason") };
    reporter_action(&state, &addr, &headers, action, Vec::new(), "异议已提交，案件将重新办理 / Objection recorded").await
}

async fn track_leave(State(state): State<HttpState>) -> Response {
    with_cookie(see_other("/track", &[]), set_cookie(&state.portal, RECEIPT_COOKIE, "", 0))
}

async fn staff_login(State(state): State<HttpState>, ConnectInfo(addr): ConnectInfo<SocketAddr>, body: Bytes) -> Response {
    let portal = &state.portal;
    let pairs = match read_urlencoded(&body) {
        Ok(p) => p,
        Err(e) => return see_other("/staff/login", &[("error", e.message().into())]),
    };
    match portal.complaints.auth.login(&field(&pairs, "username"), &field(&pairs, "password"), &client_key(&addr)).await {
        Ok((token, session)) => {
            let home = if session.user.role == app::complaint::Role::Admin { "/staff/admin" } else { "/staff" };
            with_cookie(see_other(home, &[]), set_cookie(portal, STAFF_COOKIE, &token, 8 * 3600))
        }
        Err(e) => see_other("/staff/login", &[("error", e.message().into())]),
    }
}

/// The session behind the cookie and a matching CSRF token, or the redirect to show.
pub(crate) async fn staff_session(state: &HttpState, headers: &HeaderMap, csrf: &str, back: &str) -> Result<(String, Session), Response> {
    let token = cookie(headers, STAFF_COOKIE).unwrap_or_default();
    let session = match state.portal.complaints.auth.session(&token).await {
        Ok(Some(s)) => s,
        Ok(None) => return Err(see_other("/staff/login", &[("error", "请先登录 / Please log in".into())])),
        Err(e) => {
            tracing::error!("session lookup failed: {e:#}");
            return Err(see_other("/staff/login", &[("error", "服务器内部错误 / Internal error".into())]));
        }
    };
    if !same_token(csrf, &session.csrf) {
        let page = format!(
            "<!DOCTYPE html><html lang=\"zh-CN\"><meta charset=\"utf-8\"><title>表单已失效</title>\
             <p role=\"alert\">表单已失效或来源不明，未执行任何操作。请返回页面刷新后重试。\
             / The form expired or was forged; nothing was done.</p><p><a href=\"{back}\">返回 / Back</a></p></html>"
        );
        return Err((StatusCode::FORBIDDEN, axum::response::Html(page)).into_response());
    }
    Ok((token, session))
}

async fn staff_logout(State(state): State<HttpState>, headers: HeaderMap, body: Bytes) -> Response {
    let pairs = read_urlencoded(&body).unwrap_or_default();
    match staff_session(&state, &headers, &field(&pairs, "csrf"), "/staff").await {
        Ok((token, _)) => {
            if let Err(e) = state.portal.complaints.auth.logout(&token).await {
                tracing::error!("logout failed: {e:#}");
            }
            with_cookie(see_other("/staff/login", &[("ok", "已退出登录 / Logged out".into())]), set_cookie(&state.portal, STAFF_COOKIE, "", 0))
        }
        Err(response) => response,
    }
}

async fn staff_intake(State(state): State<HttpState>, ConnectInfo(addr): ConnectInfo<SocketAddr>, headers: HeaderMap, multipart: Multipart) -> Response {
    let form = match read_multipart(multipart).await {
        Ok(form) => form,
        Err(e) => return see_other("/staff/intake", &[("error", e.message().into())]),
    };
    let (_, session) = match staff_session(&state, &headers, &form.get("csrf"), "/staff/intake").await {
        Ok(s) => s,
        Err(response) => return response,
    };
    if session.user.role != app::complaint::Role::Commission {
        return see_other("/staff", &[("error", "只有纪委监委账号可以登记 / only commission staff record tips".into())]);
    }
    let channel = form.get("channel");
    match state.portal.complaints.submit(tip_from_form(&form), form.files, &channel, Some(&session.user), &client_key(&addr)).await {
        Ok(receipt) => {
            let token = state.portal.receipts.put(receipt);
            see_other("/report/receipt", &[("t", token)])
        }
        Err(e) => see_other("/staff/intake", &[("error", e.message().into())]),
    }
}

fn action_from_form(pairs: &[(String, String)]) -> Result<Action, PortalError> {
    let f = |name: &str| field(pairs, name);
    Ok(match f("action").as_str() {
        "accept" => Action::Accept,
        "not_accept" => Action::NotAccept { reason: f("reason") },
        "tag_area" => Action::TagArea { area: f("area") },
        "assign" => Action::Assign {
            user_id: f("user_id").parse().map_err(|_| PortalError::bad_request("请选择承办人 / choose a handler"))?,
        },
        "forward" => Action::Forward { unit: f("unit"), due: f("due"), instructions: f("instructions") },
        "unit_report" => Action::UnitReport { report: f("report") },
        "handle" => Action::Handle {
            finding: f("finding"),
            measures: pairs.iter().filter(|(k, _)| k == "measures").map(|(_, v)| v.clone()).collect(),
            note: f("note"),
        },
        "feedback" => Action::Feedback { text: f("text") },
        "close" => Action::Close,
        "reopen" => Action::Reopen { reason: f("reason") },
        "merge" => Action::Merge { into_case: f("into_case") },
        "ask_reporter" => Action::AskReporter { question: f("question") },
        "internal_note" => Action::InternalNote { note: f("note") },
        "reveal_identity" => Action::RevealIdentity { reason: f("reason") },
        _ => return Err(PortalError::bad_request("未知操作 / unknown action")),
    })
}

async fn staff_action(State(state): State<HttpState>, Path(number): Path<String>, headers: HeaderMap, body: Bytes) -> Response {
    let back = format!("/staff/case/{}", percent_encode(&number));
    let pairs = match read_urlencoded(&body) {
        Ok(p) => p,
        Err(e) => return see_other(&back, &[("error", e.message().into())]),
    };
    let (_, session) = match staff_session(&state, &headers, &field(&pairs, "csrf"), &back).await {
        Ok(s) => s,
        Err(response) => return response,
    };
    let action = match action_from_form(&pairs) {
        Ok(a) => a,
        Err(e) => return see_other(&back, &[("error", e.message().into())]),
    };
    let complaints = &state.portal.complaints;
    if matches!(action, Action::RevealIdentity { .. }) {
        return match complaints.reveal(&session.user, &number, &action).await {
            Ok(identity) => {
                let token = state.portal.identities.put((session.user.id, number.clone(), identity.unwrap_or_default()));
                see_other(&back, &[("reveal", token)])
            }
            Err(e) => see_other(&back, &[("error", e.message().into())]),
        };
    }
    match complaints.act(&session.user, &number, action).await {
        Ok(()) => see_other(&back, &[("ok", "已记录 / Recorded".into())]),
        Err(e) if e.status() == 404 => see_other("/staff", &[("error", e.message().into())]),
        Err(e) => see_other(&back, &[("error", e.message().into())]),
    }
}

async fn staff_file(State(state): State<HttpState>, Path((number, id)): Path<(String, i64)>, headers: HeaderMap) -> Response {
    let token = cookie(&headers, STAFF_COOKIE).unwrap_or_default();
    let session = match state.portal.complaints.auth.session(&token).await {
        Ok(Some(s)) => s,
        _ => return see_other("/staff/login", &[("error", "请先登录 / Please log in".into())]),
    };
    match state.portal.complaints.file(&session.user, &number, id).await {
        Ok((name, content_type, bytes)) => {
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

