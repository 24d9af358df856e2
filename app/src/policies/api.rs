//! The policy pages' server functions. Each one parses its input with the same code the
//! JSON API uses and calls the backend found in context.

use leptos::prelude::*;

use super::model::{DocumentDetail, HomeData, PolicyDetail, SearchResults, UnitDetail, Verdict};

#[cfg(feature = "ssr")]
fn backend() -> Result<std::sync::Arc<dyn super::backend::PolicyBackend>, ServerFnError> {
    crate::error::from_context::<super::backend::PolicyContext>().map(|b| b.0)
}

#[cfg(feature = "ssr")]
use crate::error::server_error as to_server_error;

/// `query` is the page's URL query string, parsed exactly like the JSON API's.
#[server(endpoint = "search_policies", output = crate::codec::JsonText)]
pub async fn search_policies(query: String) -> Result<SearchResults, ServerFnError> {
    let params = super::query::SearchParams::from_query(&query).map_err(to_server_error)?;
    backend()?.search(params).await.map_err(to_server_error)
}

#[server(endpoint = "get_policy", output = crate::codec::JsonText)]
pub async fn get_policy(code: String, profile_query: String) -> Result<(PolicyDetail, Verdict), ServerFnError> {
    let params = super::query::SearchParams::from_query(&profile_query).map_err(to_server_error)?;
    let backend = backend()?;
    let detail = backend.policy(&code).await.map_err(to_server_error)?;
    let verdict = backend.verdict(&detail, &params.profile);
    Ok((detail, verdict))
}

#[server(endpoint = "get_document", output = crate::codec::JsonText)]
pub async fn get_document(number: String) -> Result<DocumentDetail, ServerFnError> {
    backend()?.document(&number).await.map_err(to_server_error)
}

#[server(endpoint = "get_unit", output = crate::codec::JsonText)]
pub async fn get_unit(name: String) -> Result<UnitDetail, ServerFnError> {
    backend()?.unit(&name).await.map_err(to_server_error)
}

#[server(endpoint = "get_home", output = crate::codec::JsonText)]
pub async fn get_home() -> Result<HomeData, ServerFnError> {
    backend()?.home().await.map_err(to_server_error)
}
