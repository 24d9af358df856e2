//! The administrator page's backend.

use app::admin::backend::AdminBackend;
use app::admin::model::AdminHome;
use app::error::PortalError;

use super::service::AdminService;
use crate::error::internal;

#[async_trait::async_trait]
impl AdminBackend for AdminService {
    async fn admin_home(&self, session_cookie: Option<String>) -> Result<Option<AdminHome>, PortalError> {
        let Some(session) = self.admin_session(session_cookie).await? else { return Ok(None) };
        let users = self.accounts.all_users().await.map_err(internal)?;
        Ok(Some(AdminHome {
            me: session.user.view(),
            csrf: session.csrf,
            users,
            units: self.admin_units().await?,
            log: self.admin_log().await?,
            synonyms: self.synonym_groups().await?,
            policy_count: self.policies.store.policy_count().await.map_err(internal)?,
            calendar_warning: crate::platform::calendar::coverage_warning_str(&crate::platform::clock::today()),
        }))
    }
}
