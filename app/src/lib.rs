//! Qingdan's shared half: the types the browser and the server agree on, the pure
//! domain rules (applicability), the server-function signatures and the Leptos UI.
#![recursion_limit = "512"]

pub mod admin;
pub mod applicability;
pub mod complaint;
pub mod error;
pub mod model;
pub mod query;
pub mod vocab;

pub mod api;
pub mod api_admin;
pub mod api_complaints;
pub mod components;
pub mod pages;
pub mod shell;

#[cfg(feature = "ssr")]
pub mod backend;

pub use shell::{shell, App};
