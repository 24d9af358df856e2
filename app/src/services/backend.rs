//! What the service pages' server functions need from the server, provided through
//! Leptos context like the other features' backends.

use std::sync::Arc;

use super::model::{BundleDetail, Catalogue, RectificationPage, ServiceDetail, ServiceResults, UnitServices};
use super::query::ServiceParams;
use crate::error::PortalError;

#[async_trait::async_trait]
pub trait ServiceBackend: Send + Sync + 'static {
    async fn search(&self, params: ServiceParams) -> Result<ServiceResults, PortalError>;
    async fn catalogue(&self) -> Result<Catalogue, PortalError>;
    async fn count(&self) -> Result<u32, PortalError>;
    async fn service(&self, code: &str) -> Result<ServiceDetail, PortalError>;
    async fn bundle(&self, code: &str) -> Result<BundleDetail, PortalError>;
    async fn unit_services(&self, unit: &str) -> Result<UnitServices, PortalError>;
    /// The rectifications the session's account may see; `None` without a session.
    async fn rectifications(&self, session_cookie: Option<String>) -> Result<Option<RectificationPage>, PortalError>;
}

#[derive(Clone)]
pub struct ServiceContext(pub Arc<dyn ServiceBackend>);
