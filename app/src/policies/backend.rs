//! What the policy pages' server functions need from the server. The server crate
//! implements it over its storage and search index and provides it through context.

use std::sync::Arc;

use super::model::{DocumentDetail, HomeData, PolicyDetail, Profile, SearchResults, UnitDetail, Verdict};
use super::query::SearchParams;
use crate::error::PortalError;

#[async_trait::async_trait]
pub trait PolicyBackend: Send + Sync + 'static {
    async fn search(&self, params: SearchParams) -> Result<SearchResults, PortalError>;
    async fn policy(&self, code: &str) -> Result<PolicyDetail, PortalError>;
    async fn document(&self, number: &str) -> Result<DocumentDetail, PortalError>;
    async fn unit(&self, name: &str) -> Result<UnitDetail, PortalError>;
    async fn home(&self) -> Result<HomeData, PortalError>;
    fn verdict(&self, policy: &PolicyDetail, profile: &Profile) -> Verdict;
}

/// The backend as Leptos context holds it.
#[derive(Clone)]
pub struct PolicyContext(pub Arc<dyn PolicyBackend>);
