//! The reform-task ledger (改革攻坚任务清单): 294 tasks in 17 areas, each with a
//! responsible unit, three responsible persons and a deadline, run by weekly reports.

pub mod api;
pub mod model;
pub mod pages;
pub mod query;

#[cfg(feature = "ssr")]
pub mod backend;
