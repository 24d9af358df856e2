//! The administrator page's form targets. Each answers with a redirect back to the
//! page and a notice, so everything works without JavaScript.

use app::error::PortalError;
use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, Multipart, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use axum::routing::post;
use axum::Router;

use crate::admin::AdminAction;
use crate::auth::Session;
use crate::complaint_http::{field, read_urlencoded, see_other, staff_session};
use crate::http::HttpState;

const PAGE: &str = "/staff/admin";
/// A policy list of several thousand rows fits with room to spare.
const MAX_UPLOAD_BYTES: usize = 20 * 1024 * 1024;

pub fn routes() -> Router<HttpState> {
    Router::new()
        .route(PAGE, post(admin_action))
        .route("/staff/admin/import", post(admin_import).layer(DefaultBodyLimit::max(MAX_UPLOAD_BYTES + 64 * 1024)))
}

async fn admin_session(state: &HttpState, headers: &HeaderMap, csrf: &str) -> Result<Session, Response> {
    let (_, session) = staff_session(state, headers, csrf, PAGE).await?;
    if session.user.role != app::complaint::Role::Admin {
        return Err(see_other("/staff", &[("error", "只有管理员可以进行此操作 / administrators only".into())]));
    }
    Ok(session)
}

fn action_from_form(pairs: &[(String, String)]) -> Result<AdminAction, PortalError> {
    let f = |name: &str| field(pairs, name);
    let user_id = || f("user_id").parse::<i64>().map_err(|_| PortalError::bad_request("缺少账号 / missing account"));
    Ok(match f("action").as_str() {
        "add_user" => AdminAction::AddUser {
            username: f("username"),
            display_name: f("display_name"),
            role: f("role"),
            unit: f("unit"),
            email: f("email"),
            password: f("password"),
        },
        "disable_user" => AdminAction::SetActive { user_id: user_id()?, active: false },
        "enable_user" => AdminAction::SetActive { user_id: user_id()?, active: true },
        "reset_password" => AdminAction::ResetPassword { user_id: user_id()?, password: f("password") },
        "add_unit" => AdminAction::AddUnit { name: f("name") },
        _ => return Err(PortalError::bad_request("未知操作 / unknown action")),
    })
}

async fn admin_action(State(state): State<HttpState>, headers: HeaderMap, body: Bytes) -> Response {
    let pairs = match read_urlencoded(&body) {
        Ok(p) => p,
        Err(e) => return see_other(PAGE, &[("error", e.message().into())]),
    };
    let session = match admin_session(&state, &headers, &field(&pairs, "csrf")).await {
        Ok(s) => s,
        Err(response) => return response,
    };
    let outcome = match action_from_form(&pairs) {
        Ok(action) => state.portal.admin_act(&session, action).await,
        Err(e) => Err(e),
    };
    match outcome {
        Ok(message) => see_other(PAGE, &[("ok", message)]),
        Err(e) => see_other(PAGE, &[("error", e.message().into())]),
    }
}

/// The CSRF field comes before the file in the page's form, so the session is
/// checked before a large file is read.
async fn admin_import(State(state): State<HttpState>, headers: HeaderMap, mut multipart: Multipart) -> Response {
    let malformed = || see_other(PAGE, &[("error", "表单数据不完整或格式错误 / malformed form data".into())]);
    let too_big = || see_other(PAGE, &[("error", "文件超过 20 MB / the file is larger than 20 MB".into())]);
    let mut session = None;
    let mut upload = None;
    loop {
        let mut part = match multipart.next_field().await {
            Ok(Some(part)) => part,
            Ok(None) => break,
            Err(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => return too_big(),
            Err(_) => return malformed(),
        };
        match part.name().unwrap_or_default() {
            "csrf" => {
                let Ok(csrf) = part.text().await else { return malformed() };
                match admin_session(&state, &headers, &csrf).await {
                    Ok(s) => session = Some(s),
                    Err(response) => return response,
                }
            }
            "file" if session.is_some() => {
                let name = part.file_name().unwrap_or_default().to_string();
                let mut bytes = Vec::new();
                loop {
                    match part.chunk().await {
                        Ok(Some(chunk)) if bytes.len() + chunk.len() > MAX_UPLOAD_BYTES => return too_big(),
                        Ok(Some(chunk)) => bytes.extend_from_slice(&chunk),
                        Ok(None) => break,
                        Err(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => return too_big(),
                        Err(_) => return malformed(),
                    }
                }
                upload = Some((name, bytes));
            }
            _ => {}
        }
    }
    let Some(session) = session else {
        return match admin_session(&state, &headers, "").await {
            Ok(_) => malformed(),
            Err(response) => response,
        };
    };
    let Some((name, bytes)) = upload.filter(|(_, b)| !b.is_empty()) else {
        return see_other(PAGE, &[("error", "请选择要导入的文件 / choose a file to import".into())]);
    };
    match state.portal.admin_import(&session, &name, bytes).await {
        Ok(s) => see_other(
            PAGE,
            &[("ok", format!("导入完成：新增 {} 条，更新 {} 条，未变 {} 条 / imported: {} new, {} updated, {} unchanged", s.inserted, s.updated, s.unchanged, s.inserted, s.updated, s.unchanged))],
        ),
        Err(e) => see_other(PAGE, &[("error", e.message().into())]),
    }
}
