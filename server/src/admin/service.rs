//! The administrator's desk: staff accounts, units and policy list uploads. Only an
//! admin session reaches it; every change is appended to admin_log with who and when.

use std::sync::Arc;

use app::admin::model::{AdminLogEntry, AdminUnit, ImportProblem, ListColumns, SynonymGroup};
use app::staff::model::Role;
use app::error::PortalError;
use sqlx::Row;

use crate::error::internal;
use crate::platform::db::Db;
use crate::platform::search::synonyms;
use crate::platform::sheet::{self, ImportError};
use crate::platform::{clock, units};
use crate::policies::import;
use crate::policies::service::PolicyService;
use crate::services::service::ServicesService;
use crate::supervision::service::SupervisionService;
use crate::tasks::service::TaskService;
use crate::staff::accounts::{Accounts, Session};
use crate::staff::approvals::Approvals;
use crate::staff::rules::NewAccount;

pub enum AdminAction {
    AddUser(NewAccount),
    SetActive { user_id: i64, active: bool },
    ResetPassword { user_id: i64, password: String },
    AddUnit { name: String },
    SetUnitContact { name: String, contact: units::Contact },
    /// A group of synonyms as typed: words separated by commas.
    AddSynonyms { words: String },
    DeleteSynonyms { id: i64 },
    /// An Open311 API key for a client (`add_api_key` returns the key itself).
    AddApiKey { name: String },
    RevokeApiKey { id: i64 },
}


/// What an upload changed, whichever list it was.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Imported {
    pub inserted: usize,
    pub updated: usize,
    pub unchanged: usize,
}

pub struct AdminService {
    /// Each administrator's last refused upload, every problem (for the download).
    import_problems: std::sync::Mutex<std::collections::HashMap<i64, Vec<ImportProblem>>>,
    /// What a refused form had typed, to refill it (no passwords).
    pub drafts: crate::web::flash::Flash<Vec<(String, String)>>,
    db: Db,
    pub accounts: Arc<Accounts>,
    pub approvals: Arc<Approvals>,
    pub policies: Arc<PolicyService>,
    pub services: Arc<ServicesService>,
    pub tasks: Arc<TaskService>,
    pub supervision: Arc<SupervisionService>,
}

impl AdminService {
    pub fn new(
        db: Db,
        accounts: Arc<Accounts>,
        approvals: Arc<Approvals>,
        policies: Arc<PolicyService>,
        services: Arc<ServicesService>,
        tasks: Arc<TaskService>,
        supervision: Arc<SupervisionService>,
    ) -> Self {
        Self { import_problems: Default::default(), drafts: Default::default(), db, accounts, approvals, policies, services, tasks, supervision }
    }

    /// The admin session behind a cookie: `None` when not logged in, an error for
    /// staff who are not administrators.
    pub async fn admin_session(&self, cookie: Option<String>) -> Result<Option<Session>, PortalError> {
        let Some(session) = self.accounts.session_of_cookie(cookie).await? else { return Ok(None) };
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
            .execute(&self.db.pool)
            .await
            .map_err(internal)?;
        Ok(())
    }

    /// Carries out one action and says what was done, for the page's notice.
    pub async fn admin_act(&self, session: &Session, action: AdminAction) -> Result<String, PortalError> {
        let auth = &self.accounts;
        match action {
            AdminAction::AddUser(account) => {
                let unit = account.unit().map(|u| format!("，{u}")).unwrap_or_default();
                let role = account.role.map(|r| r.label()).unwrap_or_default();
                if account.role == Some(Role::Commission) {
                    let id = auth.add_inactive(&account).await.map_err(internal)?;
                    let user = auth.user(id).await.map_err(internal)?.ok_or_else(|| PortalError::not_found("账号不存在 / no such account"))?;
                    self.approvals.request_activation(&user, session.user.id).await.map_err(internal)?;
                    self.log_admin(session, "add_user", &format!("{} ({role}，待批准)", account.username())).await?;
                    return Ok(format!(
                        "已创建纪委监委账号 {}，须经纪委监委另一名成员批准后才能登录 / created; a commission member must approve it before it can sign in",
                        account.username()
                    ));
                }
                auth.add_by_admin(&account).await.map_err(internal)?;
                self.log_admin(session, "add_user", &format!("{} ({role}{unit})", account.username())).await?;
                Ok(format!("已创建账号 {}，首次登录时须修改初始密码 / account created; its holder must change the password at the first login", account.username()))
            }
            AdminAction::SetActive { user_id, active } => {
                if user_id == session.user.id {
                    return Err(PortalError::bad_request("不能停用自己的账号 / you cannot disable your own account"));
                }
                let user = auth.user(user_id).await.map_err(internal)?.ok_or_else(|| PortalError::not_found("账号不存在 / no such account"))?;
                if active && Approvals::guarded(&user) {
                    self.approvals.request_activation(&user, session.user.id).await.map_err(internal)?;
                    self.log_admin(session, "enable_user", &format!("{}（待批准）", user.username)).await?;
                    return Ok(format!("已提交启用 {} 的申请，须经纪委监委另一名成员批准 / a commission member must approve", user.username));
                }
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
                if Approvals::guarded(&user) {
                    self.approvals.request_password(&user, &password, session.user.id).await.map_err(internal)?;
                    self.log_admin(session, "reset_password", &format!("{}（待批准）", user.username)).await?;
                    return Ok(format!("已提交 {} 的新密码，须经纪委监委另一名成员批准后生效 / a commission member must approve", user.username));
                }
                auth.set_password(user_id, &password).await.map_err(internal)?;
                self.log_admin(session, "reset_password", &user.username).await?;
                Ok(format!("已重置 {} 的密码，其登录会话已结束 / password reset", user.username))
            }
            AdminAction::AddUnit { name } => {
                let name = name.trim();
                if name.is_empty() || name.chars().count() > units::MAX_NAME_CHARS {
                    return Err(PortalError::bad_request("单位名称不能为空且不超过 100 字 / unit name must be 1–100 characters"));
                }
                let added = units::add(&self.db, name).await.map_err(internal)?;
                if !added {
                    return Err(PortalError::bad_request(format!("单位「{name}」已存在 / the unit already exists")));
                }
                self.log_admin(session, "add_unit", name).await?;
                Ok(format!("已新增单位「{name}」/ unit added"))
            }
            AdminAction::SetUnitContact { name, contact } => {
                let fields = [("地址", &contact.address), ("办公时间", &contact.hours), ("联系电话", &contact.phone)];
                if let Some((label, _)) = fields.iter().find(|(_, v)| v.chars().count() > units::MAX_CONTACT_CHARS) {
                    return Err(PortalError::bad_request(format!("{label}过长，最多 {} 字 / too long", units::MAX_CONTACT_CHARS)));
                }
                if !contact.phone.is_empty() && !crate::platform::contact::valid_phone(&contact.phone) {
                    return Err(PortalError::bad_request("联系电话格式不正确 / not a phone number"));
                }
                if !units::set_contact(&self.db, &name, &contact).await.map_err(internal)? {
                    return Err(PortalError::bad_request(format!("单位「{name}」不存在 / no such unit")));
                }
                self.log_admin(session, "set_unit_contact", &name).await?;
                Ok(format!("已更新「{name}」的地址与电话 / contact details saved"))
            }
            AdminAction::AddSynonyms { words } => {
                let words = synonyms::parse_words(&words)?;
                synonyms::add(&self.db, &words, &clock::now()).await.map_err(internal)?;
                let shown = words.join("、");
                self.log_admin(session, "add_synonyms", &shown).await?;
                self.search_sees_synonyms().await;
                Ok(format!("已新增同义词组「{shown}」/ synonym group added"))
            }
            AdminAction::AddApiKey { name } => {
                self.add_api_key(session, &name).await?;
                Ok(format!("已为「{name}」生成 API 密钥 / key made"))
            }
            AdminAction::RevokeApiKey { id } => {
                let name = crate::open311::keys::revoke(&self.db, id).await.map_err(internal)?.ok_or_else(|| PortalError::not_found("没有这个有效的密钥 / no such live key"))?;
                self.log_admin(session, "revoke_api_key", &name).await?;
                Ok(format!("已停用「{name}」的 API 密钥 / key revoked"))
            }
            AdminAction::DeleteSynonyms { id } => {
                let group = synonyms::delete(&self.db, id, &clock::now())
                    .await
                    .map_err(internal)?
                    .ok_or_else(|| PortalError::not_found("同义词组不存在 / no such synonym group"))?;
                let shown = group.words.join("、");
                self.log_admin(session, "delete_synonyms", &shown).await?;
                self.search_sees_synonyms().await;
                Ok(format!("已删除同义词组「{shown}」/ synonym group deleted"))
            }
        }
    }

    /// Every index reloads the synonyms from the change feed within its poll interval;
    /// waiting for this node's makes the change visible to the admin's next search.
    async fn search_sees_synonyms(&self) {
        if let Err(e) = self.policies.index.sync().await {
            crate::error::log_internal("search synonyms not yet reloaded", &e);
        }
        if let Err(e) = self.services.index.sync().await {
            crate::error::log_internal("search synonyms not yet reloaded", &e);
        }
    }

    /// A new Open311 key for the client `name`: the key, to be shown once.
    pub async fn add_api_key(&self, session: &Session, name: &str) -> Result<String, PortalError> {
        let name = name.trim();
        if name.is_empty() || name.chars().count() > 50 {
            return Err(PortalError::bad_request("请填写使用方名称（最多 50 字）/ name the client (at most 50 characters)"));
        }
        let key = crate::open311::keys::create(&self.db, name, &session.user.username).await.map_err(internal)?;
        self.log_admin(session, "add_api_key", name).await?;
        Ok(key)
    }

    pub async fn api_keys(&self) -> Result<Vec<app::admin::model::ApiKeyView>, PortalError> {
        crate::open311::keys::list(&self.db).await.map_err(internal)
    }

    pub async fn synonym_groups(&self) -> Result<Vec<SynonymGroup>, PortalError> {
        let groups = synonyms::list(&self.db).await.map_err(internal)?;
        Ok(groups.into_iter().map(|g| SynonymGroup { id: g.id, words: g.words }).collect())
    }

    /// Validates an uploaded list (`policies` or `services`) as a whole and imports it,
    /// or writes nothing. Parsing runs off the async workers (a large sheet takes a
    /// while, and a malformed one must not take a worker down with it).
    /// The lists an upload can fill, with their columns, in the page's order.
    pub fn lists() -> Vec<ListColumns> {
        let list = |key: &str, label: &str, required: &[&str], optional: &[&str]| ListColumns {
            key: key.into(),
            label: label.into(),
            required: required.iter().map(|c| c.to_string()).collect(),
            optional: optional.iter().map(|c| c.to_string()).collect(),
        };
        let service_optional: Vec<&str> = crate::services::import::TARGET_COLUMNS.iter().chain(crate::services::import::BUNDLE_COLUMNS).copied().collect();
        vec![
            list("policies", "涉企惠企政策清单", import::REQUIRED_COLUMNS, import::OPTIONAL_COLUMNS),
            list("services", "高频民生服务事项清单", crate::services::import::REQUIRED_COLUMNS, &service_optional),
            list("tasks", "改革攻坚任务清单", &crate::tasks::model::COLUMNS, &[]),
            list("supervision", "监督清单", &crate::supervision::import::COLUMNS, &[]),
        ]
    }

    /// Every problem of this administrator's last refused upload (empty after a good one).
    pub fn import_problems(&self, user_id: i64) -> Vec<ImportProblem> {
        self.import_problems.lock().unwrap_or_else(|e| e.into_inner()).get(&user_id).cloned().unwrap_or_default()
    }

    /// An upload, all or nothing. A refusal's problems are kept for the administrator's
    /// page and download, the latest upload's only.
    pub async fn admin_import(&self, session: &Session, list: &str, file_name: &str, bytes: Vec<u8>) -> Result<Imported, PortalError> {
        let outcome = self.import_list(session, list, file_name, bytes).await;
        let problems = match &outcome {
            Err((Some(ImportError::Rows(rows)), _)) => {
                rows.iter().take(MAX_KEPT_PROBLEMS).map(|r| ImportProblem { row: r.row, column: r.column.clone(), reason: r.reason.clone() }).collect()
            }
            _ => Vec::new(),
        };
        let mut kept = self.import_problems.lock().unwrap_or_else(|e| e.into_inner());
        if problems.is_empty() {
            kept.remove(&session.user.id);
        } else {
            kept.insert(session.user.id, problems);
        }
        outcome.map_err(|(_, e)| e)
    }

    async fn import_list(&self, session: &Session, list: &str, file_name: &str, bytes: Vec<u8>) -> Result<Imported, (Option<ImportError>, PortalError)> {
        let refused = |e: ImportError| {
            let message = PortalError::bad_request(import_message(&e));
            (Some(e), message)
        };
        let plain = |e: PortalError| (None, e);
        let name = file_name.to_string();
        let sheet = tokio::task::spawn_blocking(move || sheet::read_upload(&name, &bytes))
            .await
            .map_err(|e| {
                tracing::warn!("upload could not be parsed: {e}");
                plain(PortalError::bad_request("无法读取该文件，请另存为 CSV（UTF-8）或 XLSX 后重试 / the file could not be read"))
            })?
            .map_err(refused)?;
        let (summary, action) = match list {
            "services" => {
                let rows = crate::services::import::validate(&sheet, &|_, _| {}).map_err(refused)?;
                let s = self.services.store.import(&rows, &|_, _| {}).await.map_err(|e| plain(internal(e)))?;
                if let Err(e) = self.services.index.sync().await {
                    crate::error::log_internal("service index not yet updated after an upload", &e);
                }
                (Imported { inserted: s.inserted, updated: s.updated, unchanged: s.unchanged }, "import_services")
            }
            "tasks" => {
                let known = crate::tasks::service::unit_names(&self.db).await.map_err(|e| plain(internal(e)))?;
                let rows = crate::tasks::import::validate(&sheet, &known, &|_, _| {}).map_err(refused)?;
                let s = self.tasks.store.import(&rows, &|_, _| {}).await.map_err(|e| plain(internal(e)))?;
                if let Err(e) = self.tasks.index.sync().await {
                    crate::error::log_internal("task index not yet updated after an upload", &e);
                }
                (Imported { inserted: s.inserted, updated: s.updated, unchanged: s.unchanged }, "import_tasks")
            }
            "supervision" => {
                let rows = crate::supervision::import::validate(&sheet).map_err(refused)?;
                let s = self.supervision.questions.import(&rows).await.map_err(|e| plain(internal(e)))?;
                (Imported { inserted: s.inserted, updated: s.updated, unchanged: s.unchanged }, "import_supervision")
            }
            "policies" | "" => {
                let rows = import::validate(&sheet, &|_, _| {}).map_err(refused)?;
                let s = self.policies.store.import(&rows, &|_, _| {}).await.map_err(|e| plain(internal(e)))?;
                // The index follows the change feed anyway; waiting here makes the import
                // visible to the admin's next search.
                if let Err(e) = self.policies.index.sync().await {
                    crate::error::log_internal("search index not yet updated after an upload", &e);
                }
                (Imported { inserted: s.inserted, updated: s.updated, unchanged: s.unchanged }, "import_policies")
            }
            _ => return Err(plain(PortalError::bad_request("未知的清单类型 / unknown list"))),
        };
        let detail = format!("{file_name}：新增 {}，更新 {}，未变 {}", summary.inserted, summary.updated, summary.unchanged);
        self.log_admin(session, action, &detail).await.map_err(plain)?;
        Ok(summary)
    }

    pub async fn admin_units(&self) -> Result<Vec<AdminUnit>, PortalError> {
        let rows = sqlx::query(
            "SELECT u.name, \
             (SELECT COUNT(*) FROM policy_documents d WHERE d.issuing_unit_id = u.id), \
             (SELECT COUNT(*) FROM policy_items i WHERE i.executing_unit_id = u.id), \
             (SELECT COUNT(*) FROM staff_users s WHERE s.unit_id = u.id) \
             FROM units u ORDER BY u.name",
        )
        .fetch_all(&self.db.pool)
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

    pub async fn admin_log(&self) -> Result<Vec<AdminLogEntry>, PortalError> {
        let rows = sqlx::query(
            "SELECT l.at, s.display_name, s.username, l.action, l.detail FROM admin_log l \
             JOIN staff_users s ON s.id = l.actor_user_id ORDER BY l.id DESC LIMIT 200",
        )
        .fetch_all(&self.db.pool)
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
/// Problems of one refused upload kept for its download (a whole sheet of bad rows).
const MAX_KEPT_PROBLEMS: usize = 100_000;

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

