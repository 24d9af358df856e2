//! The supervision checklist (100个是否), inspections against it and their problems'
//! rectification, and the register of the ten measures with its public notices.

pub mod http;
pub mod import;
pub mod inspections;
pub mod measures;
pub mod questions;
pub mod service;
