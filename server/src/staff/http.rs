//! Logging in and out. Every other staff form goes through the web layer's session
//! check (`web::session`).


use app::cookies::STAFF_COOKIE;
use app::staff::model::Role;
use app::client::ClientKey;
use axum::extract::State;
use axum::Extension;
use axum::response::Response;
use axum::routing::post;
use axum::Router;
use serde::Deserialize;

use crate::web::respond::{back_with_error, see_other, set_cookie, with_cookie};
use crate::web::session::{CsrfForm, StaffForm};
use crate::web::HttpState;

pub fn routes() -> Router<HttpState> {
    Router::new()
        .route("/staff/login", post(login))
        .route("/staff/logout", post(logout))
        .route("/staff/password", post(change_password))
        .route("/staff/approvals/{id}", post(decide))
}

#[derive(Deserialize)]
struct DecisionForm {
    #[serde(default)]
    csrf: String,
    decision: Decision,
}

#[derive(Deserialize, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
enum Decision {
    Approve,
    Reject,
}

impl CsrfForm for DecisionForm {
    fn csrf(&self) -> &str {
        &self.csrf
    }
    fn back(&self) -> String {
        "/staff".into()
    }
}

/// A commission member approves or rejects a change to another member's account.
async fn decide(State(state): State<HttpState>, axum::extract::Path(id): axum::extract::Path<i64>, staff: StaffForm<DecisionForm>) -> Response {
    let StaffForm { session, form, .. } = staff;
    if let Err(response) = crate::web::session::require(&session, Role::Commission, "只有纪委监委成员可以批准 / only commission members approve") {
        return response;
    }
    match state.app.approvals.decide(id, &session.user, form.decision == Decision::Approve).await {
        Ok(message) => crate::web::respond::back_with_ok("/staff", message),
        Err(e) => back_with_error("/staff", &e),
    }
}

/// The client a throttle counts against.

#[derive(Deserialize)]
struct LoginForm {
    #[serde(default)]
    username: String,
    #[serde(default)]
    password: String,
}

async fn login(
    State(state): State<HttpState>,
    Extension(ClientKey(client)): Extension<ClientKey>,
    body: axum::body::Bytes,
) -> Response {
    let form: LoginForm = match crate::web::form::parse(&body) {
        Ok(f) => f,
        Err(e) => return back_with_error("/staff/login", &e),
    };
    match state.app.accounts.login(&form.username, &form.password, &client).await {
        Ok((token, session)) => {
            // A password an administrator set is replaced before anything else.
            let to = if session.user.must_change_password { "/staff/password?first=1" } else { session.user.role.home() };
            with_cookie(see_other(to, &[]), set_cookie(state.app.insecure_cookies, STAFF_COOKIE, &token, 8 * 3600))
        }
        Err(e) => back_with_error("/staff/login", &e),
    }
}

#[derive(Deserialize)]
struct PasswordForm {
    #[serde(default)]
    current: String,
    #[serde(default)]
    new: String,
    #[serde(default)]
    confirm: String,
}

/// A staff member changes their own password. The current password is the proof (no
/// CSRF token is needed: a forged form cannot know it). Every session then ends.
async fn change_password(State(state): State<HttpState>, request: axum::extract::Request) -> Response {
    let back = "/staff/password";
    let headers = request.headers().clone();
    let session = match app::cookies::cookie_from(&headers, STAFF_COOKIE) {
        Some(token) => state.app.accounts.password_session(&token).await.ok().flatten(),
        None => None,
    };
    let Some(session) = session else {
        return see_other("/staff/login", &[("error", "请先登录 / Please log in first".into())]);
    };
    // The body is read only once the session is known.
    let Ok(body) = axum::body::to_bytes(request.into_body(), crate::web::guard::MAX_BODY_BYTES).await else {
        return back_with_error(back, &app::error::PortalError::bad_request("表单数据过大或不完整 / malformed form data"));
    };
    let form: PasswordForm = match crate::web::form::parse(&body) {
        Ok(f) => f,
        Err(e) => return back_with_error(back, &e),
    };
    if form.new != form.confirm {
        return back_with_error(back, &app::error::PortalError::bad_request("两次输入的新密码不一致 / the two new passwords differ"));
    }
    match state.app.accounts.change_password(session.user.id, &form.current, &form.new).await {
        Ok(()) => with_cookie(
            see_other("/staff/login", &[("ok", "密码已修改，请用新密码登录 / Password changed; log in with the new one".into())]),
            set_cookie(state.app.insecure_cookies, STAFF_COOKIE, "", 0),
        ),
        Err(e) => back_with_error(back, &e),
    }
}

#[derive(Deserialize)]
struct LogoutForm {
    #[serde(default)]
    csrf: String,
}

impl CsrfForm for LogoutForm {
    fn csrf(&self) -> &str {
        &self.csrf
    }
    fn back(&self) -> String {
        "/staff".into()
    }
}

async fn logout(State(state): State<HttpState>, staff: StaffForm<LogoutForm>) -> Response {
    if let Err(e) = state.app.accounts.logout(&staff.token).await {
        // Logged out on the client either way; the error is logged by `public()`.
        let _ = crate::error::ServerError::from(e).public();
    }
    with_cookie(
        see_other("/staff/login", &[("ok", "已退出登录 / Logged out".into())]),
        set_cookie(state.app.insecure_cookies, STAFF_COOKIE, "", 0),
    )
}

