//! 政策提醒: subscriptions to new and changed policies by e-mail, confirmed before any
//! alert is sent, stopped with one click.

pub mod api;
#[cfg(feature = "ssr")]
pub mod backend;
pub mod model;
pub mod pages;
