//! The ledger pages' server functions.

use leptos::prelude::*;

use super::model::{CertifyPage, LedgerOverview, TaskDetail, TaskResults, UnitTasksPage, WeeklySheet};

#[cfg(feature = "ssr")]
fn backend() -> Result<std::sync::Arc<dyn super::backend::TaskBackend>, ServerFnError> {
    crate::error::from_context::<super::backend::TaskContext>().map(|b| b.0)
}

#[cfg(feature = "ssr")]
use crate::error::server_error as to_server_error;

#[server(endpoint = "search_tasks", output = crate::codec::JsonText)]
pub async fn search_tasks(query: String) -> Result<TaskResults, ServerFnError> {
    let params = super::query::TaskParams::from_query(&query).map_err(to_server_error)?;
    backend()?.search(params).await.map_err(to_server_error)
}

#[server(endpoint = "ledger_overview", output = crate::codec::JsonText)]
pub async fn get_overview() -> Result<LedgerOverview, ServerFnError> {
    backend()?.overview().await.map_err(to_server_error)
}

#[server(endpoint = "weekly_sheet", output = crate::codec::JsonText)]
pub async fn get_weekly_sheet(week: String) -> Result<WeeklySheet, ServerFnError> {
    backend()?.weekly_sheet(week).await.map_err(to_server_error)
}

#[server(endpoint = "get_task", output = crate::codec::JsonText)]
pub async fn get_task(code: String) -> Result<TaskDetail, ServerFnError> {
    backend()?.task(&code).await.map_err(to_server_error)
}

#[server(endpoint = "unit_tasks", output = crate::codec::JsonText)]
pub async fn load_unit_tasks() -> Result<Option<UnitTasksPage>, ServerFnError> {
    use crate::cookies::{cookie, STAFF_COOKIE};
    backend()?.unit_tasks(cookie(STAFF_COOKIE).await).await.map_err(to_server_error)
}

#[server(endpoint = "certify_page", output = crate::codec::JsonText)]
pub async fn load_certify_page() -> Result<Option<CertifyPage>, ServerFnError> {
    use crate::cookies::{cookie, STAFF_COOKIE};
    backend()?.certify_page(cookie(STAFF_COOKIE).await).await.map_err(to_server_error)
}
