//! Server functions of the complaint pages. Cookies are read from the request here and
//! handed to the backend; nothing about a reporter travels in a URL.

use leptos::prelude::*;

use crate::complaint::{PublicStatus, Receipt, ReportForm, StaffCasePage, StaffHome};

pub const RECEIPT_COOKIE: &str = "qd_receipt";
pub const STAFF_COOKIE: &str = "qd_staff";

#[cfg(feature = "ssr")]
fn backend() -> Result<std::sync::Arc<dyn crate::backend::ComplaintBackend>, ServerFnError> {
    use_context::<crate::backend::Complaints>()
        .map(|b| b.0)
        .ok_or_else(|| ServerFnError::new("服务未就绪 / Service not ready"))
}

#[cfg(feature = "ssr")]
pub fn server_error(e: crate::error::PortalError) -> ServerFnError {
    if let Some(resp) = use_context::<leptos_axum::ResponseOptions>() {
        if let Ok(code) = axum::http::StatusCode::from_u16(e.status()) {
            resp.set_status(code);
        }
    }
    ServerFnError::new(e.message())
}

/// A cookie of the current request, if present.
#[cfg(feature = "ssr")]
pub async fn cookie(name: &str) -> Option<String> {
    let headers: axum::http::HeaderMap = leptos_axum::extract().await.ok()?;
    cookie_from(&headers, name)
}

#[cfg(feature = "ssr")]
pub fn cookie_from(headers: &axum::http::HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(axum::http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_string())
}

#[server]
pub async fn load_report_form(policy: String, draft: String) -> Result<ReportForm, ServerFnError> {
    backend()?.report_form(&policy, &draft).await.map_err(server_error)
}

#[server]
pub async fn take_receipt(token: String) -> Result<Option<Receipt>, ServerFnError> {
    Ok(backend()?.take_receipt(&token).await)
}

#[server(endpoint = "tracking")]
pub async fn load_tracking() -> Result<Option<PublicStatus>, ServerFnError> {
    use axum::extract::ConnectInfo;
    let client = leptos_axum::extract::<ConnectInfo<std::net::SocketAddr>>()
        .await
        .map(|ConnectInfo(addr)| addr.ip().to_string())
        .unwrap_or_default();
    backend()?.tracking(cookie(RECEIPT_COOKIE).await, &client).await.map_err(server_error)
}

#[server(endpoint = "staff_home")]
pub async fn load_staff_home(state: String, kind: String, unit: String, overdue: bool) -> Result<Option<StaffHome>, ServerFnError> {
    let some = |s: String| Some(s).filter(|s| !s.is_empty());
    let filter = crate::complaint::QueueFilter { state: some(state), kind: some(kind), unit: some(unit), overdue };
    backend()?.staff_home(cookie(STAFF_COOKIE).await, filter).await.map_err(server_error)
}

#[server(endpoint = "staff_case")]
pub async fn load_staff_case(number: String, reveal: String) -> Result<Option<StaffCasePage>, ServerFnError> {
    backend()?.staff_case(cookie(STAFF_COOKIE).await, &number, &reveal).await.map_err(server_error)
}
