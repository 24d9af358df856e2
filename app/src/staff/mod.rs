//! What all staff pages share: login, the staff bar and the session-aware loader.

pub mod model;
pub mod pages;
