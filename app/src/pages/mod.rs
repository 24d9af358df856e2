pub mod document;
pub mod home;
pub mod not_found;
pub mod policy;
pub mod report;
pub mod search;
pub mod unit;
