pub mod document;
pub mod home;
pub mod policy;
pub mod search;
pub mod unit;
