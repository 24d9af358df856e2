//! Staff accounts as the pages see them: the role and the account.

use serde::{Deserialize, Serialize};

/// What a staff account may do: the commission works cases, a unit verifies what is
/// forwarded to it, the admin manages accounts and lists.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Role {
    Commission,
    Unit,
    Admin,
    /// Certifies the reform tasks' monthly progress and close-out (一月一认定、销号),
    /// kept apart from the units that report on them.
    Certifier,
}

impl Role {
    pub fn key(self) -> &'static str {
        match self {
            Role::Commission => "commission",
            Role::Unit => "unit",
            Role::Admin => "admin",
            Role::Certifier => "certifier",
        }
    }
    pub fn from_key(key: &str) -> Option<Role> {
        match key {
            "commission" => Some(Role::Commission),
            "unit" => Some(Role::Unit),
            "admin" => Some(Role::Admin),
            "certifier" => Some(Role::Certifier),
            _ => None,
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            Role::Commission => "纪委监委",
            Role::Unit => "核查单位",
            Role::Admin => "管理员",
            Role::Certifier => "任务认定",
        }
    }

    /// Where an account of this role lands after logging in.
    pub fn home(self) -> &'static str {
        match self {
            Role::Admin => "/staff/admin",
            Role::Certifier => "/staff/certify",
            Role::Commission | Role::Unit => "/staff",
        }
    }
}


#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StaffUserView {
    pub id: i64,
    pub username: String,
    pub display_name: String,
    pub role: Role,
    pub unit: Option<String>,
}

/// A change to a commission account that waits for another commission member.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PendingApproval {
    pub id: i64,
    /// What would change, in words (启用纪委监委账号 …).
    pub what: String,
    pub username: String,
    pub display_name: String,
    /// Who asked for it (an administrator's name).
    pub requested_by: String,
    pub requested_at: String,
}
