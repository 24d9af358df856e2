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
mod tests {
    use super::*;

    #[test]
    fn phones() {
        for ok in ["0532-86990000", "13800000000", "+86 532 8699 0000", "(0532)86757678", "86757678转12"] {
            assert!(valid_phone(ok), "{ok}");
        }
        for bad in ["", "12345", "找张科长", "电话待定", "0532-8699x", &"1".repeat(21)] {
            assert!(!valid_phone(bad), "{bad}");
        }
    }

    #[test]
    fn emails() {
        assert!(valid_email("zhangsan@example.com"));
        assert!(valid_email("张三 <zhangsan@example.com>"));
        assert!(!valid_email("not an address"));
        assert!(!valid_email(""));
    }
}
