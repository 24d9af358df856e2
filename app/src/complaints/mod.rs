//! Complaints and tips: the reporter's form, receipt and tracking page, and the staff's
//! queue, case and intake pages.

pub mod api;
pub mod model;
pub mod pages;

#[cfg(feature = "ssr")]
pub mod backend;
