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
    /// The working-day calendar ends within a year: what to do about it.
    #[serde(default)]
    pub calendar_warning: Option<String>,
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
        _ => "其他",
    }
}
