pub mod bundle;
pub mod catalogue;
pub mod service;
