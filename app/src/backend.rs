//! What the UI's server functions need from the server, as a trait: the server crate
//! implements it over its storage and search index and provides it through context.

use std::sync::Arc;

use crate::error::PortalError;
use crate::model::{DocumentDetail, HomeData, PolicyDetail, Profile, SearchResults, UnitDetail, Verdict};
use crate::query::SearchParams;

#[async_trait::async_trait]
pub trait PortalBackend: Send + Sync + 'static {
    async fn search(&self, params: SearchParams) -> Result<SearchResults, PortalError>;
    async fn policy(&self, code: &str) -> Result<PolicyDetail, PortalError>;
    async fn document(&self, number: &str) -> Result<DocumentDetail, PortalError>;
    async fn unit(&self, name: &str) -> Result<UnitDetail, PortalError>;
    async fn home(&self) -> Result<HomeData, PortalError>;
    fn verdict(&self, policy: &PolicyDetail, profile: &Profile) -> Verdict;
}

#[derive(Clone)]
pub struct Backend(pub Arc<dyn PortalBackend>);

/// What the complaint pages need from the server. Cookies are passed in raw; the
/// server decides what they are worth.
#[async_trait::async_trait]
pub trait ComplaintBackend: Send + Sync + 'static {
    async fn report_form(&self, policy: &str, draft: &str) -> Result<crate::complaint::ReportForm, PortalError>;
    async fn take_receipt(&self, token: &str) -> Option<crate::complaint::Receipt>;
    async fn tracking(&self, receipt_cookie: Option<String>, client: &str) -> Result<Option<crate::complaint::PublicStatus>, PortalError>;
    async fn staff_home(&self, session_cookie: Option<String>, filter: crate::complaint::QueueFilter) -> Result<Option<crate::complaint::StaffHome>, PortalError>;
    async fn staff_case(&self, session_cookie: Option<String>, number: &str, reveal: &str) -> Result<Option<crate::complaint::StaffCasePage>, PortalError>;
}

#[derive(Clone)]
pub struct Complaints(pub Arc<dyn ComplaintBackend>);

/// What the administrator page needs: `None` without a session, an error for staff
/// who are not administrators.
#[async_trait::async_trait]
pub trait AdminBackend: Send + Sync + 'static {
    async fn admin_home(&self, session_cookie: Option<String>) -> Result<Option<crate::admin::AdminHome>, PortalError>;
}

#[derive(Clone)]
pub struct Admin(pub Arc<dyn AdminBackend>);
