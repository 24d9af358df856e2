//! What the complaint pages need from the server. Cookies are passed in raw; the
//! server decides what they are worth.

use std::sync::Arc;

use super::model::{PublicStatus, QueueFilter, Receipt, ReportForm, StaffCasePage, StaffHome};
use crate::error::PortalError;

#[async_trait::async_trait]
pub trait ComplaintBackend: Send + Sync + 'static {
    async fn report_form(&self, policy: &str, service: &str, task: &str, question: &str, draft: &str) -> Result<ReportForm, PortalError>;
    async fn take_receipt(&self, token: &str) -> Option<Receipt>;
    async fn tracking(&self, receipt_cookie: Option<String>, client: &str) -> Result<Option<PublicStatus>, PortalError>;
    async fn staff_home(&self, session_cookie: Option<String>, filter: QueueFilter) -> Result<Option<StaffHome>, PortalError>;
    async fn staff_case(&self, session_cookie: Option<String>, number: &str, reveal: &str) -> Result<Option<StaffCasePage>, PortalError>;
}

#[derive(Clone)]
pub struct ComplaintContext(pub Arc<dyn ComplaintBackend>);
