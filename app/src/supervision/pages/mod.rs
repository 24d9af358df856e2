pub mod checklist;
pub mod inspections;
pub mod measures;
pub mod notices;
