//! Staff accounts, sessions and login, shared by the commission, the units and the
//! administrators.

pub mod accounts;
pub mod approvals;
pub mod http;
pub mod rules;
