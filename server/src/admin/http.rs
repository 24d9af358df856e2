//! The administrator page's form targets. Each answers with a redirect back to the
//! page and a notice, so everything works without JavaScript.

use app::staff::model::Role;
use app::error::PortalError;
use axum::extract::{DefaultBodyLimit, Multipart, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::Router;
use serde::Deserialize;

use super::service::AdminAction;
use crate::platform::units;
use crate::staff::accounts::Session;
use crate::staff::rules::NewAccount;
use crate::web::csv::csv_download;
use crate::web::form::trimmed;
use crate::web::respond::{back_with_ok, see_other};
use crate::web::session::{self, CsrfForm, StaffForm};
use crate::web::HttpState;

const PAGE: &str = "/staff/admin";
/// A policy list of several thousand rows fits with room to spare.
const MAX_UPLOAD_BYTES: usize = 20 * 1024 * 1024;

pub fn routes() -> Router<HttpState> {
    Router::new()
        .route(PAGE, post(admin_action))
        .route("/staff/admin/import-problems.csv", axum::routing::get(import_problems))
        .route("/staff/admin/template/{list}", axum::routing::get(template))
        .route("/staff/admin/import", post(admin_import).layer(DefaultBodyLimit::max(MAX_UPLOAD_BYTES + 64 * 1024)))
}

const ADMINS_ONLY: &str = "只有管理员可以进行此操作 / administrators only";

async fn admin_session(state: &HttpState, headers: &HeaderMap, csrf: &str) -> Result<Session, Response> {
    let (_, session) = session::checked(state, headers, csrf, PAGE).await?;
    session::require(&session, Role::Admin, ADMINS_ONLY)?;
    Ok(session)
}

#[derive(Deserialize, serde::Serialize, Clone, Copy)]
#[serde(rename_all = "snake_case")]
enum AdminActionKind {
    AddUser,
    DisableUser,
    EnableUser,
    ResetPassword,
    AddUnit,
    SetUnitContact,
    AddSynonyms,
    DeleteSynonyms,
    AddApiKey,
    RevokeApiKey,
}

#[derive(Deserialize)]
struct AdminForm {
    #[serde(default)]
    csrf: String,
    action: AdminActionKind,
    #[serde(default, deserialize_with = "trimmed")]
    username: String,
    #[serde(default, deserialize_with = "trimmed")]
    display_name: String,
    #[serde(default, deserialize_with = "trimmed")]
    role: String,
    #[serde(default, deserialize_with = "trimmed")]
    unit: String,
    #[serde(default, deserialize_with = "trimmed")]
    email: String,
    #[serde(default)]
    password: String,
    #[serde(default, deserialize_with = "trimmed")]
    user_id: String,
    #[serde(default, deserialize_with = "trimmed")]
    name: String,
    #[serde(default, deserialize_with = "trimmed")]
    address: String,
    #[serde(default, deserialize_with = "trimmed")]
    hours: String,
    #[serde(default, deserialize_with = "trimmed")]
    phone: String,
    #[serde(default, deserialize_with = "trimmed")]
    words: String,
    #[serde(default, deserialize_with = "trimmed")]
    group_id: String,
    #[serde(default, deserialize_with = "trimmed")]
    key_id: String,
}

impl CsrfForm for AdminForm {
    fn csrf(&self) -> &str {
        &self.csrf
    }
    fn back(&self) -> String {
        PAGE.into()
    }
}

impl AdminForm {
    /// What was typed, to refill the form after a refusal: never a password or a token.
    fn typed(&self) -> Vec<(String, String)> {
        let action = serde_json::to_value(self.action).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default();
        [
            ("action", action),
            ("username", self.username.clone()),
            ("display_name", self.display_name.clone()),
            ("role", self.role.clone()),
            ("unit", self.unit.clone()),
            ("email", self.email.clone()),
            ("name", self.name.clone()),
            ("address", self.address.clone()),
            ("hours", self.hours.clone()),
            ("phone", self.phone.clone()),
            ("words", self.words.clone()),
        ]
        .into_iter()
        .filter(|(_, v)| !v.is_empty())
        .map(|(k, v)| (k.to_string(), v))
        .collect()
    }

    /// The page's form this one is, for the redirect's anchor.
    fn anchor(&self) -> &'static str {
        match self.action {
            AdminActionKind::AddUser => "add-user",
            AdminActionKind::AddUnit => "add-unit",
            AdminActionKind::SetUnitContact => "unit-contact-form",
            AdminActionKind::AddSynonyms | AdminActionKind::DeleteSynonyms => "add-synonyms",
            AdminActionKind::AddApiKey | AdminActionKind::RevokeApiKey => "api-keys",
            _ => "users",
        }
    }

    fn into_action(self) -> Result<AdminAction, PortalError> {
        let user_id = || self.user_id.parse::<i64>().map_err(|_| PortalError::bad_request("缺少账号 / missing account"));
        Ok(match self.action {
            AdminActionKind::AddUser => AdminAction::AddUser(NewAccount {
                role: app::staff::model::Role::from_key(&self.role),
                username: self.username,
                display_name: self.display_name,
                unit: self.unit,
                email: self.email,
                password: self.password,
            }),
            AdminActionKind::DisableUser => AdminAction::SetActive { user_id: user_id()?, active: false },
            AdminActionKind::EnableUser => AdminAction::SetActive { user_id: user_id()?, active: true },
            AdminActionKind::ResetPassword => AdminAction::ResetPassword { user_id: user_id()?, password: self.password },
            AdminActionKind::AddUnit => AdminAction::AddUnit { name: self.name },
            AdminActionKind::SetUnitContact => AdminAction::SetUnitContact {
                name: self.name,
                contact: units::Contact { address: self.address, hours: self.hours, phone: self.phone },
            },
            AdminActionKind::AddSynonyms => AdminAction::AddSynonyms { words: self.words },
            AdminActionKind::DeleteSynonyms => AdminAction::DeleteSynonyms {
                id: self.group_id.parse().map_err(|_| PortalError::bad_request("缺少同义词组 / missing synonym group"))?,
            },
            AdminActionKind::AddApiKey => AdminAction::AddApiKey { name: self.name },
            AdminActionKind::RevokeApiKey => AdminAction::RevokeApiKey {
                id: self.key_id.parse().map_err(|_| PortalError::bad_request("缺少密钥 / missing key"))?,
            },
        })
    }
}

async fn admin_action(State(state): State<HttpState>, staff: StaffForm<AdminForm>) -> Response {
    if let Err(response) = session::require(&staff.session, Role::Admin, ADMINS_ONLY) {
        return response;
    }
    let (typed, anchor) = (staff.form.typed(), staff.form.anchor());
    let outcome = match staff.form.into_action() {
        Ok(AdminAction::AddApiKey { name }) => match state.app.admin.add_api_key(&staff.session, &name).await {
            // The key is shown once, on the page this redirects to, through the one-time
            // store (never in the address).
            Ok(key) => {
                let shown = state.app.admin.drafts.put(vec![("action".to_string(), "add_api_key".to_string()), ("new_key".to_string(), key)]);
                let ok = format!("已为「{name}」生成 API 密钥，只显示这一次 / key made, shown once");
                let to = format!("{}#{anchor}", app::url::build_url(PAGE, &[("ok", ok), ("draft", shown)]));
                return axum::response::Redirect::to(&to).into_response();
            }
            Err(e) => Err(e),
        },
        Ok(action) => state.app.admin.admin_act(&staff.session, action).await,
        Err(e) => Err(e),
    };
    match outcome {
        Ok(message) => back_with_ok(PAGE, message),
        Err(e) => {
            // Back with what was typed (no password), at the form that was refused.
            let draft = state.app.admin.drafts.put_sized(typed.clone(), typed.iter().map(|(k, v)| k.len() + v.len()).sum());
            let to = format!("{}#{anchor}", app::url::build_url(PAGE, &[("error", e.message().to_string()), ("draft", draft)]));
            axum::response::Redirect::to(&to).into_response()
        }
    }
}

/// The administrator's session for a download (no form, so no CSRF token to check).
async fn admin_reader(state: &HttpState, headers: &HeaderMap) -> Result<Session, Response> {
    let (_, session) = session::current(state, headers).await?;
    session::require(&session, Role::Admin, ADMINS_ONLY)?;
    Ok(session)
}

/// Every problem of the administrator's last refused upload: row, column, reason.
async fn import_problems(State(state): State<HttpState>, headers: HeaderMap) -> Response {
    let session = match admin_reader(&state, &headers).await {
        Ok(s) => s,
        Err(response) => return response,
    };
    let mut rows = vec![vec!["行".to_string(), "列".to_string(), "问题".to_string()]];
    rows.extend(state.app.admin.import_problems(session.user.id).into_iter().map(|p| vec![p.row.to_string(), p.column, p.reason]));
    csv_download("导入错误.csv", rows)
}

/// An empty list in the upload format: its header row, required columns first.
async fn template(State(state): State<HttpState>, headers: HeaderMap, axum::extract::Path(list): axum::extract::Path<String>) -> Response {
    if let Err(response) = admin_reader(&state, &headers).await {
        return response;
    }
    let key = list.trim_end_matches(".csv");
    let Some(list) = super::service::AdminService::lists().into_iter().find(|l| l.key == key) else {
        return (StatusCode::NOT_FOUND, "未知的清单 / unknown list").into_response();
    };
    let header: Vec<String> = list.required.iter().chain(&list.optional).cloned().collect();
    csv_download(&format!("{}模板.csv", list.label), vec![header])
}

/// The CSRF field comes before the file in the page's form, so the session is
/// checked before a large file is read.
async fn admin_import(State(state): State<HttpState>, headers: HeaderMap, mut multipart: Multipart) -> Response {
    let malformed = || see_other(PAGE, &[("error", "表单数据不完整或格式错误 / malformed form data".into())]);
    let too_big = || see_other(PAGE, &[("error", "文件超过 20 MB / the file is larger than 20 MB".into())]);
    let mut session = None;
    let mut upload = None;
    let mut list = String::new();
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
            "list" => {
                let Ok(value) = part.text().await else { return malformed() };
                list = value.trim().to_string();
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
    match state.app.admin.admin_import(&session, &list, &name, bytes).await {
        Ok(s) => see_other(
            PAGE,
            &[("ok", format!("导入完成：新增 {} 条，更新 {} 条，未变 {} 条 / imported: {} new, {} updated, {} unchanged", s.inserted, s.updated, s.unchanged, s.inserted, s.updated, s.unchanged))],
        ),
        Err(e) => see_other(PAGE, &[("error", e.message().into())]),
    }
}
