//! The service pages' server functions: parse with the JSON API's parser, call the
//! backend in context.

use leptos::prelude::*;

use super::model::{BundleDetail, Catalogue, RectificationPage, ServiceDetail, ServiceResults, UnitServices};

#[cfg(feature = "ssr")]
fn backend() -> Result<std::sync::Arc<dyn super::backend::ServiceBackend>, ServerFnError> {
    crate::error::from_context::<super::backend::ServiceContext>().map(|b| b.0)
}

#[cfg(feature = "ssr")]
use crate::error::server_error as to_server_error;

#[server(endpoint = "search_services", output = crate::codec::JsonText)]
pub async fn search_services(query: String) -> Result<ServiceResults, ServerFnError> {
    let params = super::query::ServiceParams::from_query(&query).map_err(to_server_error)?;
    backend()?.search(params).await.map_err(to_server_error)
}

#[server(endpoint = "service_catalogue", output = crate::codec::JsonText)]
pub async fn get_catalogue() -> Result<Catalogue, ServerFnError> {
    backend()?.catalogue().await.map_err(to_server_error)
}

/// How many services the list holds (the home page's card).
#[server(endpoint = "service_count", output = crate::codec::JsonText)]
pub async fn get_service_count() -> Result<u32, ServerFnError> {
    backend()?.count().await.map_err(to_server_error)
}

#[server(endpoint = "get_service", output = crate::codec::JsonText)]
pub async fn get_service(code: String) -> Result<ServiceDetail, ServerFnError> {
    backend()?.service(&code).await.map_err(to_server_error)
}

#[server(endpoint = "unit_services", output = crate::codec::JsonText)]
pub async fn get_unit_services(unit: String) -> Result<UnitServices, ServerFnError> {
    backend()?.unit_services(&unit).await.map_err(to_server_error)
}

#[server(endpoint = "rectifications", output = crate::codec::JsonText)]
pub async fn load_rectifications() -> Result<Option<RectificationPage>, ServerFnError> {
    use crate::cookies::{cookie, STAFF_COOKIE};
    backend()?.rectifications(cookie(STAFF_COOKIE).await).await.map_err(to_server_error)
}

#[server(endpoint = "get_bundle", output = crate::codec::JsonText)]
pub async fn get_bundle(code: String) -> Result<BundleDetail, ServerFnError> {
    backend()?.bundle(&code).await.map_err(to_server_error)
}
