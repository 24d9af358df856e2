//! What the administrator page needs: `None` without a session, an error for staff
//! who are not administrators.

use std::sync::Arc;

use super::model::AdminHome;
use crate::error::PortalError;

#[async_trait::async_trait]
pub trait AdminBackend: Send + Sync + 'static {
    /// `draft`: the token of a refused form's typed values, or "".
    async fn admin_home(&self, session_cookie: Option<String>, draft: &str) -> Result<Option<AdminHome>, PortalError>;
}

#[derive(Clone)]
pub struct AdminContext(pub Arc<dyn AdminBackend>);
