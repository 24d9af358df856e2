//! Pinyin without tones, for queries typed on a keyboard without a Chinese input
//! method: `butie`, `bu tie` and `yanfa` find 补贴 and 研发.
//!
//! The index holds, in a field of its own, the pinyin of every pair of neighbouring
//! Chinese characters of an item's title and keyword columns (补贴 → `butie`), the same
//! pairs the Chinese text is indexed by. A query word of Latin letters that splits into
//! two or more syllables is looked up there as its syllable pairs, and as text too, so
//! `SaaS` or `ISO` still match as words. One reading per character (the most common):
//! a heteronym matches only in that reading.

use std::collections::HashSet;
use std::sync::LazyLock;

use pinyin::ToPinyin;
use tantivy::tokenizer::{Token, Tokenizer};

use super::segment::{is_cjk, normalize_char, VecTokenStream};

pub const TOKENIZER_NAME: &str = "qingdan_pinyin";

/// The longest syllable (`zhuang`, `shuang`).
const LONGEST: usize = 6;
/// Query words longer than this are not tried as pinyin (a pasted identifier).
const MAX_LETTERS: usize = 40;
/// Ways of splitting one query word into syllables that are looked up.
const MAX_SPLITS: usize = 3;

/// The toneless syllable of a character, `ü` written `v` as on a keyboard.
fn syllable(c: char) -> Option<String> {
    c.to_pinyin().map(|p| p.plain().replace('ü', "v"))
}

/// Every syllable some common character is read as.
static SYLLABLES: LazyLock<HashSet<String>> = LazyLock::new(|| {
    (0x4E00u32..=0x9FFF).filter_map(char::from_u32).filter_map(syllable).collect()
});

pub fn warm_up() {
    LazyLock::force(&SYLLABLES);
}

/// The terms of the pinyin field for `text`: one per pair of neighbouring characters.
pub fn index_tokens(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut previous: Option<String> = None;
    for c in text.chars().map(normalize_char) {
        let current = if is_cjk(c) { syllable(c) } else { None };
        if let (Some(a), Some(b)) = (&previous, &current) {
            out.push(format!("{a}{b}"));
        }
        previous = current;
    }
    out
}

pub fn is_letters(word: &str) -> bool {
    !word.is_empty() && word.len() <= MAX_LETTERS && word.bytes().all(|b| b.is_ascii_lowercase())
}

/// Ways to read `word` (lower-case letters) as syllables, fewest syllables first; only
/// readings of at least `min` syllables. Empty when it is not pinyin.
pub fn splits(word: &str, min: usize) -> Vec<Vec<String>> {
    if !is_letters(word) {
        return Vec::new();
    }
    let mut found = Vec::new();
    let mut path = Vec::new();
    split_from(word, &mut path, &mut found);
    found.retain(|s: &Vec<String>| s.len() >= min);
    found.sort_by_key(|s| s.len());
    found.truncate(MAX_SPLITS);
    found
}

fn split_from(rest: &str, path: &mut Vec<String>, found: &mut Vec<Vec<String>>) {
    if found.len() >= 16 {
        return;
    }
    if rest.is_empty() {
        found.push(path.clone());
        return;
    }
    for len in (1..=LONGEST.min(rest.len())).rev() {
        let head = &rest[..len];
        if SYLLABLES.contains(head) {
            path.push(head.to_string());
            split_from(&rest[len..], path, found);
            path.pop();
        }
    }
}

/// The pinyin field's terms a reading must all have: its syllable pairs.
pub fn pairs(syllables: &[String]) -> Vec<String> {
    syllables.windows(2).map(|w| format!("{}{}", w[0], w[1])).collect()
}

#[derive(Clone, Default)]
pub struct PinyinTokenizer;

impl Tokenizer for PinyinTokenizer {
    type TokenStream<'a> = VecTokenStream;
    fn token_stream<'a>(&'a mut self, text: &'a str) -> VecTokenStream {
        let tokens = index_tokens(text)
            .into_iter()
            .enumerate()
            .map(|(position, text)| Token { offset_from: 0, offset_to: 0, position, text, position_length: 1 })
            .collect();
        VecTokenStream::new(tokens)
    }
}

#[cfg(test)]
mod tests;
