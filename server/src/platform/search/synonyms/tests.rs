use super::*;

fn words(list: &[&str]) -> Vec<String> {
    list.iter().map(|w| w.to_string()).collect()
}

#[test]
fn runs_of_words_that_spell_a_member_become_one_term() {
    let groups = [Group {
        id: 1,
        words: words(&["研发", "研究开发"]),
    }];
    let synonyms = Synonyms::new(&groups);
    let t = terms(&words(&["研究", "开发", "补贴"]), &synonyms);
    assert_eq!(t.len(), 2, "{t:?}");
    assert!(t[0].alternatives.contains(&words(&["研发"])), "{t:?}");
    let t = terms(&words(&["研发"]), &synonyms);
    assert_eq!(t.len(), 1);
    assert!(
        t[0].alternatives.iter().any(|a| a.concat() == "研究开发"),
        "{t:?}"
    );
}

#[test]
fn latin_words_that_read_as_pinyin_join() {
    let t = terms(&words(&["bu", "tie"]), &Synonyms::default());
    assert_eq!(t.len(), 1);
    assert_eq!(t[0].pinyin[0], words(&["bu", "tie"]));
    let t = terms(&words(&["saas", "iso"]), &Synonyms::default());
    assert_eq!(t.len(), 2);
    assert!(t.iter().all(|t| t.pinyin.is_empty()));
}

#[test]
fn the_admin_form_splits_on_commas() {
    assert_eq!(
        parse_words("研发、研究开发").unwrap(),
        words(&["研发", "研究开发"])
    );
    assert_eq!(
        parse_words("高企, 高新技术企业，高企").unwrap(),
        words(&["高企", "高新技术企业"])
    );
    assert!(parse_words("研发").is_err());
    assert!(parse_words("、，").is_err());
}
