//! The administrator page's backend.

use app::admin::backend::AdminBackend;
use app::admin::model::AdminHome;
use app::error::PortalError;

use super::service::AdminService;
use crate::error::internal;

#[async_trait::async_trait]
impl AdminBackend for AdminService {
    async fn admin_home(&self, session_cookie: Option<String>, draft: &str) -> Result<Option<AdminHome>, PortalError> {
        let Some(session) = self.admin_session(session_cookie).await? else { return Ok(None) };
        let users = self.accounts.all_users().await.map_err(internal)?;
        let problems = self.import_problems(session.user.id);
        Ok(Some(AdminHome {
            me: session.user.view(),
            csrf: session.csrf,
            users,
            units: self.admin_units().await?,
            log: self.admin_log().await?,
            synonyms: self.synonym_groups().await?,
            api_keys: self.api_keys().await?,
            policy_count: self.policies.store.policy_count().await.map_err(internal)?,
            calendar_warning: crate::platform::calendar::coverage_warning_str(&crate::platform::clock::today()),
            lists: Self::lists(),
            import_problem_count: problems.len(),
            import_problems: problems.into_iter().take(SHOWN_PROBLEMS).collect(),
            draft: if draft.is_empty() { Vec::new() } else { self.drafts.take(draft).unwrap_or_default() },
        }))
    }
}

/// Problems of a refused upload listed on the page; the download has them all.
const SHOWN_PROBLEMS: usize = 50;
