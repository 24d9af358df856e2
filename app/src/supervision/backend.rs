//! What the supervision pages' server functions need from the server (through context).

use std::sync::Arc;

use super::model::{Checklist, InspectionsDesk, MeasuresDesk, Notice};
use crate::error::PortalError;

#[async_trait::async_trait]
pub trait SupervisionBackend: Send + Sync + 'static {
    async fn checklist(&self) -> Result<Checklist, PortalError>;
    async fn notices(&self) -> Result<Vec<Notice>, PortalError>;
    /// The commission's measures register; `None` without a session.
    async fn measures_desk(&self, session_cookie: Option<String>) -> Result<Option<MeasuresDesk>, PortalError>;
    /// Inspections and their problems (the commission's, or a unit's own); `None` without a session.
    async fn inspections_desk(&self, session_cookie: Option<String>) -> Result<Option<InspectionsDesk>, PortalError>;
}

#[derive(Clone)]
pub struct SupervisionContext(pub Arc<dyn SupervisionBackend>);
