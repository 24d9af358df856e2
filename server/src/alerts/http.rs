//! The alert forms: subscribe (`POST /alerts`), confirm, and unsubscribe — from the page,
//! or in one POST by a mail program (RFC 8058: `List-Unsubscribe=One-Click`).

use app::alerts::model::{CONFIRM_PATH, MANAGE_PATH, SUBSCRIBE_PATH, UNSUBSCRIBE_PATH};
use app::client::ClientKey;
use app::error::PortalError;
use axum::body::Bytes;
use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::{Extension, Router};
use serde::Deserialize;

use super::service::AlertForm;
use crate::web::atom::base_url;
use crate::web::form::parse;
use crate::web::respond::{back_with_error, see_other};
use crate::web::HttpState;

pub fn routes() -> Router<HttpState> {
    Router::new()
        .route(SUBSCRIBE_PATH, post(subscribe))
        .route(CONFIRM_PATH, post(confirm))
        .route(UNSUBSCRIBE_PATH, post(unsubscribe).get(unsubscribe_page))
}

async fn subscribe(State(state): State<HttpState>, Extension(ClientKey(client)): Extension<ClientKey>, headers: HeaderMap, body: Bytes) -> Response {
    let form: AlertForm = match parse(&body) {
        Ok(f) => f,
        Err(e) => return back_with_error(SUBSCRIBE_PATH, &e),
    };
    match state.app.alerts.subscribe(&form, &client, &base_url(&headers)).await {
        Ok(()) => see_other(SUBSCRIBE_PATH, &[("ok", "确认邮件已发送，请查收并点击其中的链接；确认后才会开始提醒。/ Check your mail and confirm.".to_string())]),
        Err(e) => {
            // The form comes back filled in, except for the address.
            let mut pairs: Vec<(&str, String)> = vec![("error", e.message().to_string()), ("q", form.q.clone())];
            for (k, v) in [("industry", &form.industry), ("size", &form.size), ("region", &form.region), ("founded", &form.founded)] {
                pairs.push((k, v.clone()));
            }
            pairs.extend(form.qualification.iter().map(|q| ("qualification", q.clone())));
            pairs.retain(|(_, v)| !v.is_empty());
            see_other(SUBSCRIBE_PATH, &pairs)
        }
    }
}

#[derive(Deserialize, Default)]
struct TokenForm {
    #[serde(default)]
    token: String,
}

fn manage(token: &str, key: &str, message: &str) -> Response {
    see_other(MANAGE_PATH, &[("token", token.to_string()), (key, message.to_string())])
}

async fn confirm(State(state): State<HttpState>, body: Bytes) -> Response {
    let form: TokenForm = match parse(&body) {
        Ok(f) => f,
        Err(e) => return back_with_error(SUBSCRIBE_PATH, &e),
    };
    match state.app.alerts.confirm(&form.token).await {
        Ok(true) => manage(&form.token, "ok", "订阅已确认，有新的或变更的政策时会提醒您。/ Confirmed."),
        Ok(false) => manage(&form.token, "error", "链接无效或订阅已退订 / the link is not valid"),
        Err(e) => manage(&form.token, "error", e.message()),
    }
}

/// A mail program that opens the `List-Unsubscribe` address in a browser lands on the
/// subscription's page (its button unsubscribes); a GET changes nothing.
async fn unsubscribe_page(RawQuery(raw): RawQuery) -> Response {
    let token = app::url::parse_pairs(raw.as_deref().unwrap_or("")).ok().and_then(|p| p.into_iter().find(|(k, _)| k == "token").map(|(_, v)| v)).unwrap_or_default();
    see_other(MANAGE_PATH, &[("token", token)])
}

/// The token from the address (`?token=…`, as in `List-Unsubscribe`) or from the form.
async fn unsubscribe(State(state): State<HttpState>, RawQuery(raw): RawQuery, body: Bytes) -> Response {
    let from_query = app::url::parse_pairs(raw.as_deref().unwrap_or("")).ok().and_then(|p| p.into_iter().find(|(k, _)| k == "token").map(|(_, v)| v));
    // RFC 8058: `List-Unsubscribe=One-Click`, form-encoded or as a multipart field.
    let one_click = std::str::from_utf8(&body).is_ok_and(|b| b.contains("List-Unsubscribe") && b.contains("One-Click"));
    let token = match from_query {
        Some(t) => t,
        None => match parse::<TokenForm>(&body) {
            Ok(f) => f.token,
            Err(e) => return back_with_error(SUBSCRIBE_PATH, &e),
        },
    };
    let result = state.app.alerts.unsubscribe(&token).await;
    if one_click {
        return match result {
            Ok(true) => (StatusCode::OK, "已退订 / unsubscribed").into_response(),
            Ok(false) => (StatusCode::NOT_FOUND, "链接无效 / unknown link").into_response(),
            Err(e) => (StatusCode::from_u16(e.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR), e.message().to_string()).into_response(),
        };
    }
    match result {
        Ok(true) => manage(&token, "ok", "已退订，不会再收到提醒。/ Unsubscribed."),
        Ok(false) => manage(&token, "error", "链接无效 / the link is not valid"),
        Err(e) => manage(&token, "error", &PortalError::from(e).message().to_string()),
    }
}
