use super::*;

#[test]
fn normalises_width_case_and_traditional_characters() {
    assert_eq!(normalize("ＡＢＣ１２３"), "abc123");
    assert_eq!(normalize("專精特新"), "专精特新");
    // The second time from the table the first one filled.
    for _ in 0..2 {
        assert_eq!(normalize("稅費減免"), "税费减免");
        assert_eq!(
            normalize("𠀋"),
            "𠀋",
            "a supplementary-plane character stays itself"
        );
    }
    assert_eq!(normalize("高新技术企业").chars().count(), 6);
}

#[test]
fn two_character_words_are_indexed_inside_longer_words() {
    let tokens = index_tokens("对区级现代农业园区给予研发补贴资金和贷款贴息，支持企业上市挂牌");
    for word in ["农业", "补贴", "贴息", "上市"] {
        assert!(
            tokens.iter().any(|t| t == word),
            "{word} missing from {tokens:?}"
        );
    }
}

#[test]
fn the_stream_gives_the_same_terms_in_order() {
    let text = "对区级現代农业园区给予研发补贴资金，ISO 认证 3 万元";
    let mut stream = ChineseTokenizer.token_stream(text);
    let mut seen = Vec::new();
    while stream.advance() {
        assert_eq!(stream.token().position, seen.len());
        seen.push(stream.token().text.clone());
    }
    assert_eq!(seen, index_tokens(text));
    assert!(seen.iter().any(|t| t == "现代农业"), "{seen:?}");
    assert!(seen.iter().any(|t| t == "iso"), "{seen:?}");
    assert_eq!(
        seen.iter().filter(|t| *t == "补贴").count(),
        1,
        "a two-character word once, as a pair: {seen:?}"
    );
}

/// `term_ranges` is jieba's search mode without the Chinese pairs: the same words,
/// in the same order, as `cut_for_search` kept through the same rule.
#[test]
fn the_words_are_jiebas_search_mode() {
    let texts = [
        "对区级现代农业园区给予研发补贴资金和贷款贴息，支持企业上市挂牌",
        "对高新技术企业技术改造的，按比例给予补贴；中华人民共和国卡拉OK厅、B超室与T恤工厂",
        "出口信用保险保费补贴 ISO9001 认证 3.5 万元，跨境电商综合试验区 AA制",
        "",
        "   ，。、 ",
        // Lines, some repeated (their words then come from what the thread remembers),
        // one longer than those remembered, and a Windows line break.
        // Pieces between characters jieba never joins across, and characters it does
        // join (or keeps as words of their own) that must not split a piece.
        "C++与C#、R&D（研发）占比3.5%以上；e-mail：a_b@x.cn “双创”·《通知》【2024】café naïve Straße 東京タワー 𠀋𠀌 \u{2FFF}① ②、Ⅳ类\u{3000}全角　空格",
        "区科学技术局\n高新技术企业\n区科学技术局\n对区级现代农业园区给予研发补贴资金和贷款贴息，支持企业上市挂牌；对高新技术企业技术改造的，按比例给予补贴\r\n高新技术企业 ISO9001\n\n区科学技术局",
    ];
    // Twice: the second time the short lines are remembered.
    for text in texts.iter().chain(&texts) {
        let norm = normalize(text);
        let expected: Vec<&str> = JIEBA
            .cut_for_search(&norm, false)
            .into_iter()
            .map(str::trim)
            .filter(|w| is_word(w) && !(w.chars().all(is_cjk) && w.chars().count() <= 2))
            .collect();
        let cjk = norm.chars().filter(|c| is_cjk(*c)).count();
        let ranges = term_ranges(&norm);
        let words: Vec<&str> = ranges[..ranges.len() - (2 * cjk).saturating_sub(runs(&norm))]
            .iter()
            .map(|(a, b)| &norm[*a..*b])
            .collect();
        assert_eq!(words, expected, "{text}");
    }
}

/// How many stretches of CJK characters `text` has (each has one pair fewer than characters).
fn runs(text: &str) -> usize {
    let mut count = 0;
    let mut inside = false;
    for c in text.chars() {
        let cjk = is_cjk(c);
        if cjk && !inside {
            count += 1;
        }
        inside = cjk;
    }
    count
}

#[test]
fn domain_words_stay_whole() {
    let words = query_words("专精特新小巨人企业免申即享");
    assert!(words.contains(&"专精特新".to_string()), "{words:?}");
    assert!(words.contains(&"小巨人".to_string()), "{words:?}");
    assert!(words.contains(&"免申即享".to_string()), "{words:?}");
}

#[test]
fn query_syntax_is_just_text() {
    assert_eq!(query_words("title:( AND OR \""), vec!["title", "and", "or"]);
    assert_eq!(
        query_words("<script>alert(1)</script>"),
        vec!["script", "alert", "1"]
    );
    assert!(query_words("\"").is_empty());
    assert_eq!(
        query_words("ＨＩＧＨ-tech 的 高企"),
        vec!["high", "tech", "高企"]
    );
}
