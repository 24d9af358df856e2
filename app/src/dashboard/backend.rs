//! What the dashboard's server function needs from the server (through context).

use std::sync::Arc;

use super::model::Dashboard;
use crate::error::PortalError;

#[async_trait::async_trait]
pub trait DashboardBackend: Send + Sync + 'static {
    /// The figures for the months `from`..=`to` (`YYYY-MM`; empty: the last 12 months).
    async fn dashboard(&self, from: String, to: String) -> Result<Dashboard, PortalError>;
}

#[derive(Clone)]
pub struct DashboardContext(pub Arc<dyn DashboardBackend>);
