//! Who may see what of a case. The commission sees everything; a unit sees only cases
//! forwarded to it, never the reporter's identity, internal notes, or what the reporter
//! wrote after the tip, and the tip's files under neutral names. Every read of a case
//! by staff passes through here.

use app::complaints::model::{Role, Visibility};

use super::store::{CaseRow, EventRow};
use crate::staff::accounts::StaffUser;

/// Whether `user` may open `case`. A refusal must look like "no such case".
pub fn may_see(user: &StaffUser, case: &CaseRow) -> bool {
    match user.role {
        Role::Commission => true,
        Role::Unit => case.forwarded_unit.is_some() && case.forwarded_unit == user.unit,
        Role::Admin | Role::Certifier => false,
    }
}

/// Which cases a staff queue lists.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum QueueScope {
    /// Every case (the commission).
    All,
    /// The cases forwarded to this unit.
    ForwardedTo(String),
}

/// The cases `user`'s queue lists (opening one still passes [`may_see`]); `None` for a
/// role that does not handle cases.
pub fn queue_scope(user: &StaffUser) -> Option<QueueScope> {
    match user.role {
        Role::Commission => Some(QueueScope::All),
        Role::Unit => Some(QueueScope::ForwardedTo(user.unit.clone().unwrap_or_default())),
        Role::Admin | Role::Certifier => None,
    }
}

/// Whether `user` (who may see the case) may see this event of it.
pub fn may_see_event(user: &StaffUser, event: &EventRow) -> bool {
    if user.role == Role::Commission {
        return true;
    }
    // A unit's own reports only: a case forwarded again must not show the next unit
    // what the first one found.
    let other_units = event.actor_unit.is_some() && event.actor_unit != user.unit;
    event.visibility != Visibility::Internal && !event.kind.from_reporter_later() && !other_units
}

/// Only the commission sees files sent with later messages and their real names.
pub fn sees_all_files(user: &StaffUser) -> bool {
    user.role == Role::Commission
}

/// "证据2.pdf" for the second file, keeping only the extension of its real name.
pub fn neutral_name(index: usize, name: &str) -> String {
    let ext = name.rsplit_once('.').map(|(_, e)| e).filter(|e| !e.is_empty() && e.len() <= 5 && e.chars().all(|c| c.is_ascii_alphanumeric()));
    match ext {
        Some(ext) => format!("证据{}.{}", index + 1, ext.to_ascii_lowercase()),
        None => format!("证据{}", index + 1),
    }
}
