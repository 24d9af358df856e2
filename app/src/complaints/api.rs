//! Server functions of the complaint pages. Cookies are read from the request here and
//! handed to the backend; nothing about a reporter travels in a URL.

use leptos::prelude::*;

use super::model::{PublicStatus, Receipt, ReportForm, StaffCasePage, StaffHome};

#[cfg(feature = "ssr")]
use crate::cookies::{cookie, RECEIPT_COOKIE, STAFF_COOKIE};
#[cfg(feature = "ssr")]
use crate::error::server_error;

#[cfg(feature = "ssr")]
fn backend() -> Result<std::sync::Arc<dyn super::backend::ComplaintBackend>, ServerFnError> {
    crate::error::from_context::<super::backend::ComplaintContext>().map(|b| b.0)
}

#[server(endpoint = "load_report_form", output = crate::codec::JsonText)]
pub async fn load_report_form(policy: String, service: String, task: String, question: String, draft: String) -> Result<ReportForm, ServerFnError> {
    backend()?.report_form(&policy, &service, &task, &question, &draft).await.map_err(server_error)
}

#[server(endpoint = "take_receipt", output = crate::codec::JsonText)]
pub async fn take_receipt(token: String) -> Result<Option<Receipt>, ServerFnError> {
    Ok(backend()?.take_receipt(&token).await)
}

#[server(endpoint = "tracking", output = crate::codec::JsonText)]
pub async fn load_tracking() -> Result<Option<PublicStatus>, ServerFnError> {
    let client = crate::client::current().await;
    backend()?.tracking(cookie(RECEIPT_COOKIE).await, &client).await.map_err(server_error)
}

#[server(endpoint = "staff_home", output = crate::codec::JsonText)]
pub async fn load_staff_home(state: String, kind: String, unit: String, overdue: bool, area: String, question: String) -> Result<Option<StaffHome>, ServerFnError> {
    let some = |s: String| Some(s).filter(|s| !s.is_empty());
    let question = if question.trim().is_empty() {
        None
    } else {
        Some(question.trim().parse::<u32>().map_err(|_| server_error(crate::error::PortalError::bad_request("问题序号应为 1 到 100 的整数 / the question number must be 1 to 100")))?)
    };
    let filter = super::model::QueueFilter { state: some(state), kind: some(kind), unit: some(unit), overdue, area: some(area), question };
    backend()?.staff_home(cookie(STAFF_COOKIE).await, filter).await.map_err(server_error)
}

#[server(endpoint = "staff_case", output = crate::codec::JsonText)]
pub async fn load_staff_case(number: String, reveal: String) -> Result<Option<StaffCasePage>, ServerFnError> {
    backend()?.staff_case(cookie(STAFF_COOKIE).await, &number, &reveal).await.map_err(server_error)
}
