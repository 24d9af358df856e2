//! The administrator's desk: staff accounts, units and policy list uploads.

pub mod backend;
pub mod http;
pub mod service;
