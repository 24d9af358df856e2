#![recursion_limit = "512"]
//! The `qingdan` server, one folder per feature (policies, complaints, staff, admin)
//! over a web layer and a platform layer. docs/ARCHITECTURE.md walks through it.

pub mod cli;
pub mod config;
pub mod error;
pub mod state;

pub mod open311;
pub mod ops;

pub mod platform;
pub mod web;

pub mod admin;
pub mod alerts;
pub mod complaints;
pub mod dashboard;
pub mod policies;
pub mod services;
pub mod staff;
pub mod supervision;
pub mod tasks;

/// What this server was built from (server/build.rs): tools/build.sh records it beside
/// the browser bundle, and the server warns at start when the two differ.
pub const BUILD_ID: &str = env!("QINGDAN_BUILD_ID");
