//! Contact details typed by people — a reporter's phone, an interpreter's phone, a
//! staff member's e-mail — checked by one rule each, wherever they are entered.

use lettre::message::Mailbox;

/// 7–20 digits with the separators people write (`0532-8699 0000`, `+86 …`, `(0532)…`,
/// `…转123` for an extension).
pub fn valid_phone(phone: &str) -> bool {
    let digits = phone.chars().filter(|c| c.is_ascii_digit()).count();
    (7..=20).contains(&digits)
        && phone.chars().all(|c| c.is_ascii_digit() || matches!(c, '-' | ' ' | '(' | ')' | '+' | '转'))
}

/// True when the mail worker can send to `address` (`a@b.c` or `Name <a@b.c>`).
pub fn valid_email(address: &str) -> bool {
    address.trim().parse::<Mailbox>().is_ok()
}

#[cfg(test)]
mod tests;
