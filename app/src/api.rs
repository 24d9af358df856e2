//! Server functions: the UI's only way to the server. Each one parses its input with
//! the same code the JSON API uses and calls the backend found in context.

use leptos::prelude::*;

use crate::model::{DocumentDetail, HomeData, PolicyDetail, SearchResults, UnitDetail, Verdict};

#[cfg(feature = "ssr")]
fn backend() -> Result<std::sync::Arc<dyn crate::backend::PortalBackend>, ServerFnError> {
    use_context::<crate::backend::Backend>()
        .map(|b| b.0)
        .ok_or_else(|| ServerFnError::new("服务未就绪 / Service not ready"))
}

#[cfg(feature = "ssr")]
fn to_server_error(e: crate::error::PortalError) -> ServerFnError {
    if let Some(resp) = use_context::<leptos_axum::ResponseOptions>() {
        if let Ok(code) = axum::http::StatusCode::from_u16(e.status()) {
            resp.set_status(code);
        }
    }
    ServerFnError::new(e.message())
}

/// `query` is the page's URL query string, parsed exactly like the JSON API's.
#[server]
pub async fn search_policies(query: String) -> Result<SearchResults, ServerFnError> {
    let params = crate::query::SearchParams::from_query(&query).map_err(to_server_error)?;
    backend()?.search(params).await.map_err(to_server_error)
}

#[server]
pub async fn get_policy(code: String, profile_query: String) -> Result<(PolicyDetail, Verdict), ServerFnError> {
    let params = crate::query::SearchParams::from_query(&profile_query).map_err(to_server_error)?;
    let backend = backend()?;
    let detail = backend.policy(&code).await.map_err(to_server_error)?;
    let verdict = backend.verdict(&detail, &params.profile);
    Ok((detail, verdict))
}

#[server]
pub async fn get_document(number: String) -> Result<DocumentDetail, ServerFnError> {
    backend()?.document(&number).await.map_err(to_server_error)
}

#[server]
pub async fn get_unit(name: String) -> Result<UnitDetail, ServerFnError> {
    backend()?.unit(&name).await.map_err(to_server_error)
}

#[server]
pub async fn get_home() -> Result<HomeData, ServerFnError> {
    backend()?.home().await.map_err(to_server_error)
}

/// The message of a server-function error, without the framework's prefix.
pub fn error_message(e: &ServerFnError) -> String {
    match e {
        ServerFnError::ServerError(m) => m.clone(),
        other => other.to_string(),
    }
}
