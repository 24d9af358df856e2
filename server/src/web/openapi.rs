//! `/api/v1/openapi.json`: the OpenAPI 3.1 description of the JSON API, written by hand
//! beside the code it describes; a test checks every path of it against real answers.

use axum::http::header;
use axum::response::IntoResponse;

pub const PATH: &str = "/api/v1/openapi.json";
const DESCRIPTION: &str = include_str!("openapi.json");

pub async fn openapi() -> impl IntoResponse {
    ([(header::CONTENT_TYPE, "application/json; charset=utf-8")], DESCRIPTION)
}
