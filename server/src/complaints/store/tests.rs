use super::*;

#[test]
fn the_tip_files_are_those_of_the_filing_events() {
    assert_eq!(filing_kinds_sql(), "'submitted', 'recorded'");
}
