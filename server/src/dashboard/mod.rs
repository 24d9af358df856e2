//! 数据公开: the public dashboard — the complaint channel's figures (suppressed below
//! five), the reform ledger's lights and the services' targets, as a page, CSV and JSON.

pub mod http;
pub mod service;
