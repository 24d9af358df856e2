#![recursion_limit = "512"]
//! The `qingdan` server, one folder per feature (policies, complaints, staff, admin)
//! over a web layer and a platform layer. docs/ARCHITECTURE.md walks through it.

pub mod cli;
pub mod config;
pub mod error;
pub mod state;

pub mod ops;

pub mod platform;
pub mod web;

pub mod admin;
pub mod complaints;
pub mod policies;
pub mod services;
pub mod staff;
pub mod supervision;
pub mod tasks;
