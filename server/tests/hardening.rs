//! Hardening of the channel's edges: body limits before any work, the same-origin check
//! on every POST, headers that keep private pages out of caches, a key that must belong
//! to its database, and staff sessions that end when left idle. SQLite and PostgreSQL.

#[macro_use]
mod common;

#[path = "complaints/support.rs"]
#[allow(unused_imports)]
mod support;

#[path = "complaints/process.rs"]
#[allow(dead_code)]
mod process;

#[path = "hardening/edges.rs"]
mod edges;

#[path = "hardening/floods.rs"]
mod floods;
