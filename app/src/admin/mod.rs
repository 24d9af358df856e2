//! The administrator's desk: staff accounts, units and list uploads.

pub mod api;
pub mod model;
pub mod page;

#[cfg(feature = "ssr")]
pub mod backend;
