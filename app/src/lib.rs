//! Qingdan's shared half: the types the browser and the server agree on, the pure
//! domain rules (applicability, case transitions), the server-function signatures and
//! the Leptos UI, one folder per feature (docs/ARCHITECTURE.md).
#![recursion_limit = "512"]

pub mod codec;
pub mod components;
pub mod error;
pub mod lang;
pub mod not_found;
pub mod params;
pub mod shell;
pub mod url;

#[cfg(feature = "ssr")]
pub mod cookies;
#[cfg(feature = "ssr")]
pub mod client;

pub mod admin;
pub mod alerts;
pub mod complaints;
pub mod dashboard;
pub mod policies;
pub mod services;
pub mod staff;
pub mod supervision;
pub mod tasks;

pub use shell::{shell, App};

// The translations of app/locales, as the module `i18n` (Locale, td_string!, …), made by build.rs.
include!(concat!(env!("OUT_DIR"), "/i18n/mod.rs"));
