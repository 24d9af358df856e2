pub mod ledger;
pub mod certify;
pub mod task;
pub mod weekly;
pub mod weekly_sheet;
