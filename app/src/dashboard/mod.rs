//! 数据公开: the public dashboard.

pub mod api;
#[cfg(feature = "ssr")]
pub mod backend;
pub mod chart;
pub mod model;
pub mod page;
