//! Policy lookup: the enterprise-support policy list — its import, storage, search
//! index, pages' backend and JSON API.

pub mod feed;
pub mod http;
pub mod import;
pub mod index;
pub mod model;
pub mod service;
pub mod store;
