//! The administrator's desk: staff accounts, units and the policy list upload, as the
//! browser and the server share them.

use serde::{Deserialize, Serialize};

use crate::staff::model::{Role, StaffUserView};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AdminUser {
    pub id: i64,
    pub username: String,
    pub display_name: String,
    pub role: Role,
    pub unit: Option<String>,
    pub email: Option<String>,
    pub active: bool,
    pub created_at: String,
}

/// A unit with what hangs on it, so an administrator sees what a rename or a new
/// account would touch.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AdminUnit {
    pub name: String,
    pub documents_issued: i64,
    pub items_executed: i64,
    pub accounts: i64,
}

/// An Open311 API key as the desk lists it (the key itself is shown once, when made).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ApiKeyView {
    pub id: i64,
    pub name: String,
    pub created_at: String,
    pub created_by: String,
    pub revoked_at: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AdminLogEntry {
    pub at: String,
    pub actor: String,
    pub action: String,
    pub detail: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AdminHome {
    pub me: StaffUserView,
    pub csrf: String,
    pub users: Vec<AdminUser>,
    pub units: Vec<AdminUnit>,
    pub log: Vec<AdminLogEntry>,
    pub policy_count: i64,
    pub synonyms: Vec<SynonymGroup>,
    /// Keys of the Open311 interface.
    #[serde(default)]
    pub api_keys: Vec<ApiKeyView>,
    /// The working-day calendar ends within a year: what to do about it.
    #[serde(default)]
    pub calendar_warning: Option<String>,
    /// The lists an upload can fill, with their columns (for the page and the templates).
    #[serde(default)]
    pub lists: Vec<ListColumns>,
    /// This administrator's last refused upload: its first problems, and how many in all
    /// (every one is in the downloadable table).
    #[serde(default)]
    pub import_problems: Vec<ImportProblem>,
    #[serde(default)]
    pub import_problem_count: usize,
    /// What a refused form had typed (never a password), to refill it: the form's
    /// `action` and its fields.
    #[serde(default)]
    pub draft: Vec<(String, String)>,
}

impl AdminHome {
    /// The value `field` had in the refused form `action`, if that was the one.
    pub fn typed(&self, action: &str, field: &str) -> String {
        if !self.draft.iter().any(|(k, v)| k == "action" && v == action) {
            return String::new();
        }
        self.draft.iter().find(|(k, _)| k == field).map(|(_, v)| v.clone()).unwrap_or_default()
    }
}

/// One list an upload can fill: its key (`list=`), its name and its columns.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ListColumns {
    pub key: String,
    pub label: String,
    pub required: Vec<String>,
    pub optional: Vec<String>,
}

/// One problem of a refused upload, by row and column.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ImportProblem {
    pub row: usize,
    pub column: String,
    pub reason: String,
}

/// Words a search treats as one (同义词、简称): any of them finds all of them.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SynonymGroup {
    pub id: i64,
    pub words: Vec<String>,
}

pub const ROLES: [Role; 4] = [Role::Commission, Role::Unit, Role::Certifier, Role::Admin];

pub fn admin_action_label(action: &str) -> &'static str {
    match action {
        "add_user" => "新建账号",
        "disable_user" => "停用账号",
        "enable_user" => "启用账号",
        "reset_password" => "重置密码",
        "add_unit" => "新增单位",
        "set_unit_contact" => "更新单位地址与电话",
        "import_policies" => "导入政策清单",
        "import_services" => "导入民生服务事项清单",
        "import_tasks" => "导入改革攻坚任务清单",
        "add_synonyms" => "新增同义词组",
        "delete_synonyms" => "删除同义词组",
        "add_api_key" => "生成 Open311 API 密钥",
        "revoke_api_key" => "停用 Open311 API 密钥",
        _ => "其他",
    }
}
