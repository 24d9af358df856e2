use super::*;

/// The outbox worker (platform, which knows no complaint types) seals on disk the
/// mail of the kinds it lists as a reporter's: they must be exactly these.
#[test]
fn the_outbox_seals_exactly_the_mail_to_reporters() {
    let to_reporter: Vec<&str> = MailKind::ALL
        .into_iter()
        .filter(|k| k.to_reporter())
        .map(MailKind::key)
        .collect();
    assert_eq!(
        crate::platform::mail::REPORTER_KINDS,
        to_reporter.as_slice()
    );
}
