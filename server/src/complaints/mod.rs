//! Complaints and tips (监督举报): the workflow, its rules and its HTTP surface.

pub mod access;
pub mod backend;
pub mod deadlines;
pub mod figures;
pub mod http;
pub mod intake;
pub mod limits;
pub mod receipt_sessions;
pub mod seal_legacy;
pub mod notify;
pub mod service;
pub mod store;
pub mod validate;
