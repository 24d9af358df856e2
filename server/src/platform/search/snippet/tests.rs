use super::*;

fn render(parts: &[SnippetPart]) -> String {
    parts
        .iter()
        .map(|p| {
            if p.hit {
                format!("[{}]", p.text)
            } else {
                p.text.clone()
            }
        })
        .collect()
}

#[test]
fn marks_words_and_pieces_of_long_words() {
    let parts = snippet("对企业给予研发补贴资金。", &["补贴".to_string()], 80);
    assert_eq!(render(&parts), "对企业给予研发[补贴]资金。");
    let parts = snippet("专精特新企业可申请。", &["专精特新小巨人".to_string()], 80);
    assert_eq!(render(&parts), "[专精特新]企业可申请。");
}

#[test]
fn windows_around_the_hits_and_keeps_original_characters() {
    let text = format!("{}對企業給予補貼{}", "甲".repeat(100), "乙".repeat(100));
    let parts = snippet(&text, &["补贴".to_string()], 30);
    let shown = render(&parts);
    assert!(shown.contains("[補貼]"), "{shown}");
    assert!(shown.starts_with('…') && shown.ends_with('…'), "{shown}");
}
