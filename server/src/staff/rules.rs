//! The rules a staff account must meet, the same for `qingdan user add` and the admin
//! desk: both build a [`NewAccount`] and [`Accounts::add`](super::accounts::Accounts::add)
//! refuses it with the same message either way.

use app::staff::model::Role;
use app::error::PortalError;

use crate::platform::contact::valid_email;

pub const MAX_USERNAME: usize = 64;
pub const MAX_DISPLAY_NAME: usize = 64;
pub const MIN_PASSWORD: usize = 10;
pub const MAX_PASSWORD_BYTES: usize = 200;

#[derive(Clone, Debug, Default)]
pub struct NewAccount {
    pub username: String,
    /// Empty: the user name is shown.
    pub display_name: String,
    pub role: Option<Role>,
    /// Empty for commission and admin accounts.
    pub unit: String,
    pub email: String,
    pub password: String,
}

impl NewAccount {
    pub fn username(&self) -> &str {
        self.username.trim()
    }
    pub fn display_name(&self) -> &str {
        match self.display_name.trim() {
            "" => self.username(),
            name => name,
        }
    }
    pub fn unit(&self) -> Option<&str> {
        Some(self.unit.trim()).filter(|u| !u.is_empty())
    }
    pub fn email(&self) -> Option<&str> {
        Some(self.email.trim()).filter(|e| !e.is_empty())
    }
}

fn bad(msg: &str) -> PortalError {
    PortalError::bad_request(msg)
}

/// Everything that can be checked without the database (the unit's existence is
/// checked where the account is written).
pub fn check(account: &NewAccount) -> Result<Role, PortalError> {
    let username = account.username();
    if username.is_empty() || username.len() > MAX_USERNAME {
        return Err(bad("用户名不能为空且不超过 64 字符 / username must be 1–64 characters"));
    }
    if !username.chars().all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.' | '@')) {
        return Err(bad("用户名只能包含字母、数字和 _ - . @ / username: letters, digits and _ - . @ only"));
    }
    if account.display_name().chars().count() > MAX_DISPLAY_NAME {
        return Err(bad("姓名不超过 64 字 / the display name must be at most 64 characters"));
    }
    let role = account.role.ok_or_else(|| bad("请选择角色（commission、unit、certifier 或 admin）/ choose a role"))?;
    match (role, account.unit()) {
        (Role::Unit, None) => return Err(bad("核查单位账号必须选择所属单位 / a unit account needs its unit")),
        (Role::Commission | Role::Admin | Role::Certifier, Some(_)) => {
            return Err(bad("只有核查单位账号填写所属单位 / only unit accounts belong to a unit"))
        }
        _ => {}
    }
    if account.email().is_some_and(|e| !valid_email(e)) {
        return Err(bad("邮箱地址格式不正确 / the email address is not valid"));
    }
    check_password(&account.password)?;
    Ok(role)
}

pub fn check_password(password: &str) -> Result<(), PortalError> {
    if password.chars().count() < MIN_PASSWORD {
        return Err(bad("密码至少 10 位 / the password must have at least 10 characters"));
    }
    if password.len() > MAX_PASSWORD_BYTES {
        return Err(bad("密码不超过 200 字符 / the password must not exceed 200 characters"));
    }
    Ok(())
}

/// `hint`: a near miss's suggestion ([`crate::platform::units::did_you_mean`]), or "".
pub fn no_such_unit(name: &str, hint: &str) -> PortalError {
    PortalError::bad_request(format!(
        "单位「{name}」不存在。{hint}如确为新单位，请先由管理员新增 / no such unit: an administrator must add it first"
    ))
}
