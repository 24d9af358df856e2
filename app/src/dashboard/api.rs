//! The dashboard page's server function.

use leptos::prelude::*;

use super::model::Dashboard;

#[server(endpoint = "dashboard", output = crate::codec::JsonText)]
pub async fn get_dashboard(from: String, to: String) -> Result<Dashboard, ServerFnError> {
    let backend = crate::error::from_context::<super::backend::DashboardContext>()?.0;
    backend.dashboard(from, to).await.map_err(crate::error::server_error)
}
