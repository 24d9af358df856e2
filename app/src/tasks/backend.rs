//! What the ledger pages' server functions need from the server (through context).

use std::sync::Arc;

use super::model::{CertifyPage, LedgerOverview, TaskDetail, TaskResults, UnitTasksPage, WeeklySheet};
use super::query::TaskParams;
use crate::error::PortalError;

#[async_trait::async_trait]
pub trait TaskBackend: Send + Sync + 'static {
    async fn search(&self, params: TaskParams) -> Result<TaskResults, PortalError>;
    async fn overview(&self) -> Result<LedgerOverview, PortalError>;
    /// The weekly sheet of `week` (any date in it; empty: this week).
    async fn weekly_sheet(&self, week: String) -> Result<WeeklySheet, PortalError>;
    async fn task(&self, code: &str) -> Result<TaskDetail, PortalError>;
    /// The session's unit's open tasks for the weekly report; `None` without a session.
    async fn unit_tasks(&self, session_cookie: Option<String>) -> Result<Option<UnitTasksPage>, PortalError>;
    /// The certifier's desk; `None` without a session.
    async fn certify_page(&self, session_cookie: Option<String>) -> Result<Option<CertifyPage>, PortalError>;
}

#[derive(Clone)]
pub struct TaskContext(pub Arc<dyn TaskBackend>);
