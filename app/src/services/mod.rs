//! Livelihood services (民生服务事项): the 162-service list by life event, each with its
//! guide and its optimisation target, "one thing" bundles, and residents' ratings.

pub mod api;
pub mod components;
pub mod model;
pub mod pages;
pub mod query;

#[cfg(feature = "ssr")]
pub mod backend;
