//! Integration tests for staff accounts: the rules every account must meet, the same
//! for the command line and the admin desk.

#[macro_use]
mod common;

#[path = "staff/rules.rs"]
mod rules;
