//! Operating the portal. Like `state.rs` and `cli.rs` it may name every feature;
//! features never depend on it.

pub mod health;
