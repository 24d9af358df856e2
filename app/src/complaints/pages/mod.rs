pub mod case;
pub mod intake;
pub mod queue;
pub mod receipt;
pub mod report;
pub mod track;
