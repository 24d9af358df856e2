//! Livelihood services over HTTP: the JSON API (README) and the rating form's target.
//! The pages reach the same backend through their server functions.


use app::error::PortalError;
use app::services::backend::ServiceBackend;
use app::services::model::{ServiceDetail, ServiceResults};
use app::services::query::ServiceParams;
use app::url::percent_encode;
use app::client::ClientKey;
use axum::extract::{DefaultBodyLimit, Path, RawQuery, State};
use axum::Extension;
use axum::response::Response;
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::Deserialize;

use crate::error::ApiError;
use crate::web::respond::{back_with_error, back_with_ok};
use crate::web::session::{self, CsrfForm, StaffForm};
use crate::web::{api_method_not_allowed, form, HttpState};

/// A rating form is a grade and a comment of at most 1,000 characters.
const MAX_RATING_BYTES: usize = 16 * 1024;

pub fn routes() -> Router<HttpState> {
    Router::new()
        .route("/api/v1/services", get(list_services).fallback(api_method_not_allowed))
        .route(super::feed::FEED_PATH, get(super::feed::feed))
        .route("/api/v1/services/{code}", get(get_service).fallback(api_method_not_allowed))
        .route("/service/{code}/rate", post(rate).layer(DefaultBodyLimit::max(MAX_RATING_BYTES)))
        .route("/staff/rectifications/{id}", post(answer))
}

fn bad_code() -> PortalError {
    PortalError::bad_request("事项编码不是有效的 UTF-8 文本 / The service code is not valid UTF-8")
}

async fn list_services(State(state): State<HttpState>, RawQuery(raw): RawQuery) -> Result<Json<ServiceResults>, ApiError> {
    let params = ServiceParams::from_query(raw.as_deref().unwrap_or(""))?;
    Ok(Json(state.app.services.search(params).await?))
}

async fn get_service(
    State(state): State<HttpState>,
    code: Result<Path<String>, axum::extract::rejection::PathRejection>,
) -> Result<Json<ServiceDetail>, ApiError> {
    let Path(code) = code.map_err(|_| bad_code())?;
    Ok(Json(state.app.services.service(&code).await?))
}

#[derive(Deserialize)]
struct RatingForm {
    #[serde(default, deserialize_with = "form::trimmed")]
    grade: String,
    #[serde(default)]
    comment: String,
}

async fn rate(
    State(state): State<HttpState>,
    Extension(ClientKey(client)): Extension<ClientKey>,
    code: Result<Path<String>, axum::extract::rejection::PathRejection>,
    body: axum::body::Bytes,
) -> Response {
    let Ok(Path(code)) = code else { return back_with_error("/services", &bad_code()) };
    let page = format!("/service/{}", percent_encode(&code));
    let rating = match form::parse::<RatingForm>(&body) {
        Ok(f) => f,
        Err(e) => return back_with_error(&page, &e),
    };
    match state.app.services.ratings.rate(&code, &rating.grade, &rating.comment, &client).await {
        Ok(None) => back_with_ok(&page, "感谢您的评价 / Thank you for your rating"),
        Ok(Some(due)) => back_with_ok(
            &page,
            format!("感谢您的评价。已转实施单位整改，限 {due} 前答复 / Thank you; the unit must rectify and answer by {due}"),
        ),
        Err(e) => back_with_error(&page, &e),
    }
}

const RECTIFICATIONS: &str = "/staff/rectifications";

#[derive(Deserialize)]
struct AnswerForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    reply: String,
}

impl CsrfForm for AnswerForm {
    fn csrf(&self) -> &str {
        &self.csrf
    }
    fn back(&self) -> String {
        RECTIFICATIONS.into()
    }
}

/// Only a unit answers, and only its own rectifications.
async fn answer(State(state): State<HttpState>, Path(id): Path<i64>, staff: StaffForm<AnswerForm>) -> Response {
    let StaffForm { session, form, .. } = staff;
    if let Err(response) = session::require(&session, app::staff::model::Role::Unit, "整改答复由实施单位填写 / only the delivering unit answers") {
        return response;
    }
    let unit = session.user.unit.clone().unwrap_or_default();
    match state.app.services.ratings.answer(id, &unit, &form.reply).await {
        Ok(()) => back_with_ok(RECTIFICATIONS, "整改答复已提交 / answer recorded"),
        Err(e) => back_with_error(RECTIFICATIONS, &e),
    }
}
