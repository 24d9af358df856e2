//! Policy lookup: the enterprise-support policy list, its search, and which policies
//! apply to an enterprise profile.

pub mod api;
pub mod applicability;
pub mod components;
pub mod model;
pub mod pages;
pub mod query;
pub mod vocab;

#[cfg(feature = "ssr")]
pub mod backend;
