//! Livelihood services: the 162-service list by life event — its import, storage,
//! search index, the pages' backend, ratings and the JSON API.

pub mod feed;
pub mod http;
pub mod import;
pub mod index;
pub mod model;
pub mod ratings;
pub mod service;
pub mod store;
