pub mod bundle;
pub mod catalogue;
pub mod rectifications;
pub mod service;
