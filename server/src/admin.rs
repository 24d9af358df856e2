//! The administrator's desk: staff accounts, units and policy list uploads. Only an
//! admin session reaches it; every change is appended to admin_log with who and when.

use app::admin::{AdminHome, AdminLogEntry, AdminUnit};
use app::backend::AdminBackend;
use app::complaint::Role;
use app::error::PortalError;
use sqlx::Row;

use crate::auth::Session;
use crate::clock;
use crate::import::{self, ImportError};
use crate::portal::Portal;
use crate::store::ImportSummary;

pub enum AdminAction {
    AddUser { username: String, display_name: String, role: String, unit: String, email: String, password: String },
    SetActive { user_id: i64, active: bool },
    ResetPassword { user_id: i64, password: String },
    AddUnit { name: String },
}

fn internal(e: impl std::fmt::Display) -> PortalError {
    tracing::error!("admin storage error: {e}");
    PortalError::internal("服务器内部错误，请稍后再试 / Internal server error")
}

/// A refused input shows its message; a storage failure is an internal error whose
/// details go to the log only.
fn bad(e: anyhow::Error) -> PortalError {
    if e.chain().any(|cause| cause.downcast_ref::<sqlx::Error>().is_some()) {
        return internal(format!("{e:#}"));
    }
    tracing::info!("admin action refused: {e:#}");
    PortalError::bad_request(e.to_string())
}

const MAX_UNIT_NAME: usize = 100;

impl Portal {
    /// The admin session behind a cookie: `None` when not logged in, an error for
    /// staff who are not administrators.
    pub async fn admin_session(&self, cookie: Option<String>) -> Result<Option<Session>, PortalError> {
        let Some(token) = cookie else { return Ok(None) };
        let Some(session) = self.complaints.auth.session(&token).await.map_err(internal)? else { return Ok(None) };
        if session.user.role != Role::Admin {
            return Err(PortalError::forbidden("只有管理员可以进入系统管理 / administrators only"));
        }
        Ok(Some(session))
    }

    async fn log_admin(&self, session: &Session, action: &str, detail: &str) -> Result<(), PortalError> {
        sqlx::query("INSERT INTO admin_log (at, actor_user_id, action, detail) VALUES ($1, $2, $3, $4)")
            .bind(clock::now())
            .bind(session.user.id)
            .bind(action)
            .bind(detail)
            .execute(&self.store.db().pool)
            .await
            .map_err(internal)?;
        Ok(())
    }

    /// Carries out one action and says what was done, for the page's notice.
    pub async fn admin_act(&self, session: &Session, action: AdminAction) -> Result<String, PortalError> {
        let auth = &self.complaints.auth;
        match action {
            AdminAction::AddUser { username, display_name, role, unit, email, password } => {
                let role = Role::from_key(&role).ok_or_else(|| PortalError::bad_request("请选择角色 / choose a role"))?;
                let display = if display_name.trim().is_empty() { username.trim() } else { display_name.trim() };
                let unit = Some(unit.trim()).filter(|u| !u.is_empty());
                match (role, unit) {
                    (Role::Unit, None) => return Err(PortalError::bad_request("核查单位账号必须选择单位 / a unit account needs its unit")),
                    (Role::Unit, Some(name)) if !self.unit_exists(name).await? => {
                        return Err(PortalError::bad_request(format!(
                            "单位「{name}」不存在，请先在下方新增单位 / no such unit: add it first"
                        )))
                    }
                    (Role::Commission | Role::Admin, Some(_)) => {
                        return Err(PortalError::bad_request("只有核查单位账号填写所属单位 / only unit accounts belong to a unit"))
                    }
                    _ => {}
                }
                let email = Some(email.trim()).filter(|e| !e.is_empty());
                auth.add_user(&username, display, role, unit, email, &password).await.map_err(bad)?;
                let detail = format!("{} ({}{})", username.trim(), role.label(), unit.map(|u| format!("，{u}")).unwrap_or_default());
                self.log_admin(session, "add_user", &detail).await?;
                Ok(format!("已创建账号 {} / account created", username.trim()))
            }
            AdminAction::SetActive { user_id, active } => {
                if user_id == session.user.id {
                    return Err(PortalError::bad_request("不能停用自己的账号 / you cannot disable your own account"));
                }
                let user = auth.user(user_id).await.map_err(internal)?.ok_or_else(|| PortalError::not_found("账号不存在 / no such account"))?;
                auth.set_active(user_id, active).await.map_err(internal)?;
                self.log_admin(session, if active { "enable_user" } else { "disable_user" }, &user.username).await?;
                Ok(if active {
                    format!("已启用账号 {} / account enabled", user.username)
                } else {
                    format!("已停用账号 {}，其登录会话已结束 / account disabled", user.username)
                })
            }
            AdminAction::ResetPassword { user_id, password } => {
                let user = auth.user(user_id).await.map_err(internal)?.ok_or_else(|| PortalError::not_found("账号不存在 / no such account"))?;
                auth.set_password(user_id, &password).await.map_err(bad)?;
                self.log_admin(session, "reset_password", &user.username).await?;
                Ok(format!("已重置 {} 的密码，其登录会话已结束 / password reset", user.username))
            }
            AdminAction::AddUnit { name } => {
                let name = name.trim();
                if name.is_empty() || name.chars().count() > MAX_UNIT_NAME {
                    return Err(PortalError::bad_request("单位名称不能为空且不超过 100 字 / unit name must be 1–100 characters"));
                }
                let added = sqlx::query("INSERT INTO units (name) VALUES ($1) ON CONFLICT (name) DO NOTHING")
                    .bind(name)
                    .execute(&self.store.db().pool)
                    .await
                    .map_err(internal)?
                    .rows_affected();
                if added == 0 {
                    return Err(PortalError::bad_request(format!("单位「{name}」已存在 / the unit already exists")));
                }
                self.log_admin(session, "add_unit", name).await?;
                Ok(format!("已新增单位「{name}」/ unit added"))
            }
        }
    }

    async fn unit_exists(&self, name: &str) -> Result<bool, PortalError> {
        Ok(sqlx::query("SELECT id FROM units WHERE name = $1")
            .bind(name)
            .fetch_optional(&self.store.db().pool)
            .await
            .map_err(internal)?
            .is_some())
    }

    /// Validates an uploaded policy list as a whole and imports it, or writes nothing.
    /// Parsing runs off the async workers (a large sheet takes a while, and a malformed
    /// one must not take a worker down with it).
    pub async fn admin_import(&self, session: &Session, file_name: &str, bytes: Vec<u8>) -> Result<ImportSummary, PortalError> {
        let name = file_name.to_string();
        let rows = tokio::task::spawn_blocking(move || {
            let sheet = import::read_upload(&name, &bytes)?;
            import::validate(&sheet, &|_, _| {})
        })
        .await
        .map_err(|e| {
            tracing::warn!("policy upload could not be parsed: {e}");
            PortalError::bad_request("无法读取该文件，请另存为 CSV（UTF-8）或 XLSX 后重试 / the file could not be read")
        })?
        .map_err(|e| PortalError::bad_request(import_message(&e)))?;
        let summary = self.store.import(&rows, &|_, _| {}).await.map_err(internal)?;
        let detail = format!("{file_name}：新增 {}，更新 {}，未变 {}", summary.inserted, summary.updated, summary.unchanged);
        self.log_admin(session, "import_policies", &detail).await?;
        // The index follows the change feed anyway; waiting here makes the import visible
        // to the admin's next search.
        if let Err(e) = self.search.sync().await {
            tracing::error!("search index not yet updated after an upload: {e:#}");
        }
        Ok(summary)
    }

    async fn admin_units(&self) -> Result<Vec<AdminUnit>, PortalError> {
        let rows = sqlx::query(
            "SELECT u.name, \
             (SELECT COUNT(*) FROM policy_documents d WHERE d.issuing_unit_id = u.id), \
             (SELECT COUNT(*) FROM policy_items i WHERE i.executing_unit_id = u.id), \
             (SELECT COUNT(*) FROM staff_users s WHERE s.unit_id = u.id) \
             FROM units u ORDER BY u.name",
        )
        .fetch_all(&self.store.db().pool)
        .await
        .map_err(internal)?;
        rows.iter()
            .map(|r| {
                Ok(AdminUnit {
                    name: r.try_get(0)?,
                    documents_issued: r.try_get(1)?,
                    items_executed: r.try_get(2)?,
                    accounts: r.try_get(3)?,
                })
            })
            .collect::<Result<_, sqlx::Error>>()
            .map_err(internal)
    }

    async fn admin_log(&self) -> Result<Vec<AdminLogEntry>, PortalError> {
        let rows = sqlx::query(
            "SELECT l.at, s.display_name, s.username, l.action, l.detail FROM admin_log l \
             JOIN staff_users s ON s.id = l.actor_user_id ORDER BY l.id DESC LIMIT 200",
        )
        .fetch_all(&self.store.db().pool)
        .await
        .map_err(internal)?;
        rows.iter()
            .map(|r| {
                let display: String = r.try_get(1)?;
                let username: String = r.try_get(2)?;
                Ok(AdminLogEntry { at: r.try_get(0)?, actor: format!("{display}（{username}）"), action: r.try_get(3)?, detail: r.try_get(4)? })
            })
            .collect::<Result<_, sqlx::Error>>()
            .map_err(internal)
    }
}

/// An import failure as one message: the first rows' problems, and how many more.
fn import_message(e: &ImportError) -> String {
    const SHOWN: usize = 20;
    match e {
        ImportError::File(m) => m.clone(),
        ImportError::Rows(errors) => {
            let mut text = format!("发现 {} 处错误，未写入任何数据 / {} problems found, nothing was written：", errors.len(), errors.len());
            let shown: Vec<String> = errors.iter().take(SHOWN).map(|e| e.to_string()).collect();
            text.push_str(&shown.join("；"));
            if errors.len() > SHOWN {
                text.push_str(&format!("；……另有 {} 处 / and {} more", errors.len() - SHOWN, errors.len() - SHOWN));
            }
            text
        }
    }
}

#[async_trait::async_trait]
impl AdminBackend for Portal {
    async fn admin_home(&self, session_cookie: Option<String>) -> Result<Option<AdminHome>, PortalError> {
        let Some(session) = self.admin_session(session_cookie).await? else { return Ok(None) };
        let users = self.complaints.auth.all_users().await.map_err(internal)?;
        Ok(Some(AdminHome {
            me: session.user.view(),
            csrf: session.csrf,
            users,
            units: self.admin_units().await?,
            log: self.admin_log().await?,
            policy_count: self.store.policy_count().await.map_err(internal)?,
        }))
    }
}
