pub mod ledger;
pub mod task;
pub mod weekly;
