//! What the alert pages' server function needs from the server (through context).

use std::sync::Arc;

use super::model::SubscriptionView;
use crate::error::PortalError;

#[async_trait::async_trait]
pub trait AlertBackend: Send + Sync + 'static {
    /// The subscription the link's token opens; `None` for an unknown token.
    async fn subscription(&self, token: String) -> Result<Option<SubscriptionView>, PortalError>;
}

#[derive(Clone)]
pub struct AlertContext(pub Arc<dyn AlertBackend>);
