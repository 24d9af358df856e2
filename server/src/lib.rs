#![recursion_limit = "512"]
//! The `qingdan` server: storage, search, import and the HTTP surface.

pub mod admin;
pub mod admin_http;
pub mod auth;
pub mod calendar;
pub mod cli;
pub mod clock;
pub mod complaint_http;
pub mod complaint_pages;
pub mod complaints;
pub mod config;
pub mod crypto;
pub mod db;
pub mod flash;
pub mod http;
pub mod import;
pub mod mail;
pub mod portal;
pub mod search;
pub mod segment;
pub mod snippet;
pub mod store;
pub mod throttle;
