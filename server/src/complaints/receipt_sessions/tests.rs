use super::*;

#[test]
fn tokens_stand_for_receipts_until_closed() {
    let s = ReceiptSessions::default();
    let t = s.open("ABCD-EFGH");
    assert_ne!(t, "ABCD-EFGH");
    assert_eq!(s.receipt(&t).as_deref(), Some("ABCD-EFGH"));
    assert_eq!(s.receipt("forged"), None);
    s.close(&t);
    assert_eq!(s.receipt(&t), None);
}
