//! The reform-task ledger: import, storage, search index, weekly reports, the pages'
//! backend and the JSON/CSV API.

pub mod certify;
pub mod feed;
pub mod http;
pub mod import;
pub mod index;
pub mod model;
pub mod service;
pub mod store;
