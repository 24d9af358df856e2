//! Search snippets: the stretch of a policy's text with the most query hits, with the
//! hits marked. Matching runs on normalised characters, display on the original ones.

use app::policies::model::SnippetPart;

use crate::platform::search::segment::{bigrams, normalize_char};

pub fn snippet(text: &str, words: &[String], width: usize) -> Vec<SnippetPart> {
    let original: Vec<char> = text.chars().collect();
    let norm: Vec<char> = original.iter().map(|c| normalize_char(*c)).collect();
    let mut hit = vec![false; norm.len()];
    let mut starts = vec![0u32; norm.len()];
    let mut mark = |needle: &str| -> bool {
        let needle: Vec<char> = needle.chars().collect();
        if needle.is_empty() || needle.len() > norm.len() {
            return false;
        }
        let mut found = false;
        for i in 0..=norm.len() - needle.len() {
            if norm[i..i + needle.len()] == needle[..] {
                found = true;
                starts[i] += 1;
                hit[i..i + needle.len()].iter_mut().for_each(|h| *h = true);
            }
        }
        found
    };
    for word in words {
        if !mark(word) && word.chars().count() > 2 {
            for piece in bigrams(word) {
                mark(&piece);
            }
        }
    }
    let width = width.max(1);
    let mut begin = 0;
    if norm.len() > width {
        let mut prefix = vec![0u32; norm.len() + 1];
        for i in 0..norm.len() {
            prefix[i + 1] = prefix[i] + starts[i];
        }
        let best = (0..=norm.len() - width)
            .max_by_key(|&i| (prefix[i + width] - prefix[i], std::cmp::Reverse(i)))
            .unwrap_or(0);
        // Start a little before the first hit so it has context.
        let first_hit = (best..best + width).find(|&i| starts[i] > 0).unwrap_or(best);
        begin = first_hit.saturating_sub(12).min(norm.len() - width);
    }
    let end = (begin + width).min(norm.len());
    let mut parts: Vec<SnippetPart> = Vec::new();
    for i in begin..end {
        match parts.last_mut() {
            Some(last) if last.hit == hit[i] => last.text.push(original[i]),
            _ => parts.push(SnippetPart { text: original[i].to_string(), hit: hit[i] }),
        }
    }
    let ellipsis = || SnippetPart { text: "…".into(), hit: false };
    if begin > 0 {
        parts.insert(0, ellipsis());
    }
    if end < norm.len() {
        parts.push(ellipsis());
    }
    parts
}

#[cfg(test)]
mod tests;
