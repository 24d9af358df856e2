//! The staff session behind a form post, checked once: the session cookie names a
//! live session, the form's CSRF token matches it, and the account has the role the
//! form needs. Every staff form handler goes through here.

use app::staff::model::Role;
use app::cookies::{cookie_from, STAFF_COOKIE};
use axum::extract::{FromRequest, Request};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use serde::de::DeserializeOwned;

use super::respond::see_other;
use super::HttpState;
use crate::staff::accounts::{same_token, Session};

/// The largest URL-encoded staff form (a feedback text of 5,000 characters and more).
const MAX_FORM_BYTES: usize = 256 * 1024;

/// The session of the request's cookie, or the redirect to the login page.
pub async fn current(state: &HttpState, headers: &HeaderMap) -> Result<(String, Session), Response> {
    let token = cookie_from(headers, STAFF_COOKIE).unwrap_or_default();
    match state.app.accounts.session(&token).await {
        Ok(Some(session)) => Ok((token, session)),
        Ok(None) => Err(see_other("/staff/login", &[("error", "请先登录 / Please log in".into())])),
        Err(e) => {
            let shown = crate::error::ServerError::from(e).public();
            Err(see_other("/staff/login", &[("error", shown.message().into())]))
        }
    }
}

/// The session, checked against the form's CSRF token; a forged or stale form gets a
/// 403 page that says nothing was done.
pub async fn checked(state: &HttpState, headers: &HeaderMap, csrf: &str, back: &str) -> Result<(String, Session), Response> {
    let (token, session) = current(state, headers).await?;
    if !same_token(csrf, &session.csrf) {
        let page = format!(
            "<!DOCTYPE html><html lang=\"zh-CN\"><meta charset=\"utf-8\"><title>表单已失效</title>\
             <p role=\"alert\">表单已失效或来源不明，未执行任何操作。请返回页面刷新后重试。\
             / The form expired or was forged; nothing was done.</p><p><a href=\"{back}\">返回 / Back</a></p></html>"
        );
        return Err((StatusCode::FORBIDDEN, Html(page)).into_response());
    }
    Ok((token, session))
}

/// Refuses a session whose role is not `role`, sending it to its own home.
pub fn require(session: &Session, role: Role, message: &str) -> Result<(), Response> {
    if session.user.role == role {
        Ok(())
    } else {
        let home = session.user.role.home();
        Err(see_other(home, &[("error", message.to_string())]))
    }
}

/// A form that carries its session's CSRF token.
pub trait CsrfForm {
    fn csrf(&self) -> &str;
    /// Where to send the user back to.
    fn back(&self) -> String;
}

/// A staff member's URL-encoded form post: session, CSRF and the typed form.
pub struct StaffForm<T> {
    pub token: String,
    pub session: Session,
    pub form: T,
}

impl<T: DeserializeOwned + CsrfForm + Send> FromRequest<HttpState> for StaffForm<T> {
    type Rejection = Response;

    async fn from_request(req: Request, state: &HttpState) -> Result<Self, Response> {
        let back_of_request = req.uri().path().to_string();
        let (parts, body) = req.into_parts();
        // The session first: no body is read for a request without one.
        current(state, &parts.headers).await?;
        let bytes = axum::body::to_bytes(body, MAX_FORM_BYTES)
            .await
            .map_err(|_| see_other(&back_of_request, &[("error", "提交的内容过大 / the form is too large".into())]))?;
        let form: T = super::form::parse(&bytes).map_err(|e| super::respond::back_with_error(&back_of_request, &e))?;
        let (token, session) = checked(state, &parts.headers, form.csrf(), &form.back()).await?;
        Ok(Self { token, session, form })
    }
}
