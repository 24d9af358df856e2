//! Integration tests for the supervision list: the checklist's numbering rules and
//! pages, tips and cases tagged by question and area, inspections and their
//! rectification, the measures register and the public notices (never a reporter).
//! SQLite and PostgreSQL.

#[macro_use]
mod common;

#[path = "complaints/support.rs"]
#[allow(unused_imports)]
mod support;

#[path = "supervision/checklist.rs"]
mod checklist;

#[path = "supervision/inspections.rs"]
mod inspections;

#[path = "supervision/measures.rs"]
mod measures;
