use super::*;

#[test]
fn pairs_of_characters_become_pinyin() {
    assert_eq!(index_tokens("研发补贴"), vec!["yanfa", "fabu", "butie"]);
    assert_eq!(index_tokens("ISO 补贴"), vec!["butie"]);
    assert_eq!(index_tokens("綠色"), vec!["lvse"]);
}

#[test]
fn words_split_into_syllables() {
    assert_eq!(splits("butie", 2)[0], vec!["bu", "tie"]);
    assert_eq!(splits("yanfa", 2)[0], vec!["yan", "fa"]);
    assert!(splits("saas", 2).is_empty());
    assert!(splits("iso", 2).is_empty());
    assert!(splits("bu", 2).is_empty());
    assert_eq!(splits("bu", 1), vec![vec!["bu".to_string()]]);
    assert!(splits("xian", 2).contains(&vec!["xi".to_string(), "an".to_string()]));
}
