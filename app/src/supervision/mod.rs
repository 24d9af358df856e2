//! The supervision checklist (监督清单, "100个是否"), inspections against it, and the
//! register of the ten incentive and punishment measures with its public notices.

pub mod api;
pub mod model;
pub mod pages;

#[cfg(feature = "ssr")]
pub mod backend;
