//! Chinese text for search: normalisation (full-width → half-width, traditional →
//! simplified, lower case), jieba word segmentation with the district's domain words,
//! and the tantivy tokenizer built on them.
//!
//! The index holds jieba's search-mode words plus every CJK unigram and bigram, so a
//! two-character word (补贴) is found inside any longer word (研发补贴资金) whatever
//! jieba made of it.

use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::atomic::{AtomicU16, Ordering};
use std::sync::LazyLock;

use jieba_rs::Jieba;
use tantivy::tokenizer::{Token, TokenStream, Tokenizer};

/// Words jieba must keep whole; the profile vocabularies are added too.
const DOMAIN_WORDS: &[&str] = &[
    "专精特新", "小巨人", "高新技术企业", "高企", "科技型中小企业", "规上企业", "瞪羚企业",
    "隐形冠军", "独角兽企业", "免申即享", "依申请", "双招双引", "稳岗返还", "贷款贴息",
    "研发费用", "加计扣除", "首台套", "孵化器", "众创空间", "上市挂牌", "新三板", "一网通办",
    "网上可办", "一件事", "营商环境", "惠企政策", "政策解读人", "执行单位", "发布单位",
    "人才公寓", "创业担保贷款", "以工代训", "社保补贴", "海洋经济", "蓝色经济", "跨境电商",
    "外贸外资", "招商引资", "行政审批", "容缺受理", "告知承诺", "区纪委监委",
    "区科学技术局", "区工业和信息化局", "区发展和改革局", "区财政局", "区人力资源和社会保障局",
    "区商务局", "区投资促进中心", "区行政审批服务局", "区市场监督管理局", "区地方金融监督管理局",
    "区税务局", "区农业农村局", "区海洋发展局", "区文化和旅游局", "区住房和城乡建设局",
    "区自然资源局", "区交通运输局", "区教育和体育局", "区卫生健康局", "区生态环境分局",
    "区应急管理局", "区医疗保障局", "区大数据发展管理局",
];

const STOP_WORDS: &[&str] = &["的", "了", "和", "与", "及", "或", "等", "在", "对", "为", "是", "有", "之"];

static JIEBA: LazyLock<Jieba> = LazyLock::new(|| {
    let mut jieba = Jieba::new();
    let vocab = app::policies::vocab::INDUSTRIES
        .iter()
        .chain(app::policies::vocab::REGIONS)
        .chain(app::policies::vocab::QUALIFICATIONS);
    for word in DOMAIN_WORDS.iter().chain(vocab) {
        jieba.add_word(word, Some(100_000), None);
    }
    jieba
});

/// Loads the dictionary now rather than on the first search.
pub fn warm_up() {
    LazyLock::force(&JIEBA);
}

pub fn is_cjk(c: char) -> bool {
    matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2FA1F)
}

/// The simplified form of each character from U+3400 to U+FAFF, found by zhconv the
/// first time the character is met (0: not yet). A table rather than a map: indexing
/// looks up every character of every item, and hashing each was a few per cent of it.
static SIMPLIFIED_BMP: [AtomicU16; 0xFB00 - 0x3400] = [const { AtomicU16::new(0) }; 0xFB00 - 0x3400];

thread_local! {
    /// The same for the supplementary planes (rare characters).
    static SIMPLIFIED: RefCell<HashMap<char, char>> = RefCell::new(HashMap::new());
}

fn simplified(c: char) -> char {
    let converted = zhconv::zhconv(c.encode_utf8(&mut [0; 4]), zhconv::Variant::ZhHans);
    let mut chars = converted.chars();
    match (chars.next(), chars.next()) {
        (Some(s), None) => s,
        _ => c,
    }
}

/// One character in, one character out, so positions in the normalised text are
/// positions in the original (the snippets rely on it).
pub fn normalize_char(c: char) -> char {
    match c as u32 {
        0xFF01..=0xFF5E => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c).to_ascii_lowercase(),
        0x3000 => ' ',
        _ if c.is_ascii() => c.to_ascii_lowercase(),
        n @ 0x3400..=0xFAFF if is_cjk(c) => {
            let slot = &SIMPLIFIED_BMP[n as usize - 0x3400];
            match slot.load(Ordering::Relaxed) {
                0 => {
                    let s = simplified(c);
                    if let Ok(small) = u16::try_from(s as u32) {
                        slot.store(small, Ordering::Relaxed);
                    }
                    s
                }
                known => char::from_u32(u32::from(known)).unwrap_or(c),
            }
        }
        _ if is_cjk(c) => SIMPLIFIED.with(|cache| *cache.borrow_mut().entry(c).or_insert_with(|| simplified(c))),
        _ => c,
    }
}

pub fn normalize(text: &str) -> String {
    text.chars().map(normalize_char).collect()
}

fn is_word(w: &str) -> bool {
    w.chars().any(is_letter)
}

fn is_letter(c: char) -> bool {
    // The basic and extension A blocks are all letters: no table look-up.
    (is_cjk(c) && (c as u32) < 0xF900) || c.is_alphanumeric()
}

/// Where in `norm` (normalised text) the index terms are, as byte ranges: jieba's
/// search-mode words, then every CJK character and every pair of neighbouring ones.
/// Ranges rather than strings: indexing a million items made a string per term, and
/// allocating and freeing them was a seventh of the indexing time. HMM is off here:
/// it only guesses words missing from the dictionary, and those are found through
/// their character pairs anyway. Two-character Chinese words are left to the pairs,
/// which hold them already.
///
/// Search mode is jieba's `cut_for_search`, done here: it looks every pair of a long
/// word up in the dictionary, and the Chinese pairs it finds are the ones dropped
/// above, so only pairs with other characters are looked up (a test compares both).
fn term_ranges(norm: &str) -> Vec<(usize, usize)> {
    // About three terms per Chinese character, of three bytes each.
    let mut out: Vec<(usize, usize)> = Vec::with_capacity(norm.len() + 16);
    // jieba never joins words across a character outside its word runs (punctuation,
    // spaces, line breaks), so a text's words are its pieces'.
    let base = norm.as_ptr() as usize;
    for piece in norm.split(breaks_words).filter(|p| !p.is_empty()) {
        let at = piece.as_ptr() as usize - base;
        if piece.len() <= REMEMBERED_BYTES {
            remembered_words(piece, at, &mut out);
        } else {
            words(piece, at, &mut out);
        }
    }
    let mut previous: Option<usize> = None; // where the CJK character just before starts
    for (at, c) in norm.char_indices() {
        if !is_cjk(c) {
            previous = None;
            continue;
        }
        let end = at + c.len_utf8();
        out.push((at, end));
        if let Some(start) = previous {
            out.push((start, end));
        }
        previous = Some(at);
    }
    out
}

/// Where jieba's word runs end: a character outside them (`RE_HAN_DEFAULT` in
/// jieba-rs: CJK ideographs, ASCII letters and digits, `+#&._%-`) that could not be a
/// word of its own (not a letter), so that dropping it drops nothing.
fn breaks_words(c: char) -> bool {
    let in_runs = matches!(c as u32,
        0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2A6DF | 0x2A700..=0x2B73F
        | 0x2B740..=0x2B81F | 0x2B820..=0x2CEAF | 0x2CEB0..=0x2EBEF | 0x2F800..=0x2FA1F)
        || c.is_ascii_alphanumeric()
        || matches!(c, '+' | '#' | '&' | '.' | '_' | '%' | '-');
    !in_runs && !is_letter(c)
}

/// Pieces (between punctuation) up to this long, in bytes, are remembered with their
/// words, per indexing thread: an item's category, units and document lines, and the
/// phrases of policy text (给予一次性奖励, 按照实际发生, 每家最高), recur in thousands
/// of items, and segmenting them again was a large part of the time of indexing them.
const REMEMBERED_BYTES: usize = 120;
/// Pieces remembered at most; all are let go when full.
const REMEMBERED_PIECES: usize = 8192;

thread_local! {
    static PIECE_WORDS: RefCell<HashMap<String, Vec<(usize, usize)>>> = RefCell::new(HashMap::new());
}

/// [`words`] of a short piece, from what this thread remembers when it can.
fn remembered_words(piece: &str, at: usize, out: &mut Vec<(usize, usize)>) {
    PIECE_WORDS.with(|pieces| {
        let mut pieces = pieces.borrow_mut();
        if let Some(found) = pieces.get(piece) {
            out.extend(found.iter().map(|(a, b)| (at + a, at + b)));
            return;
        }
        let mut found = Vec::new();
        words(piece, 0, &mut found);
        out.extend(found.iter().map(|(a, b)| (at + a, at + b)));
        if pieces.len() >= REMEMBERED_PIECES {
            pieces.clear();
        }
        pieces.insert(piece.to_string(), found);
    });
}

/// jieba's search-mode words of `line` (without Chinese pairs, see [`term_ranges`]), as
/// byte ranges offset by `at`, the line's place in its text.
fn words(line: &str, at: usize, out: &mut Vec<(usize, usize)>) {
    let base = line.as_ptr() as usize;
    let keep = |piece: &str, out: &mut Vec<(usize, usize)>| {
        let trimmed = piece.trim();
        let mut chars = 0;
        let mut all_cjk = true;
        let mut word = false;
        for c in trimmed.chars() {
            chars += 1;
            all_cjk &= is_cjk(c);
            word = word || is_letter(c);
        }
        if word && !(all_cjk && chars <= 2) {
            let start = trimmed.as_ptr() as usize - base + at;
            out.push((start, start + trimmed.len()));
        }
    };
    let mut bounds: Vec<usize> = Vec::with_capacity(16);
    for word in JIEBA.cut(line, false) {
        bounds.clear();
        bounds.extend(word.char_indices().map(|(at, _)| at));
        bounds.push(word.len());
        let chars = bounds.len() - 1;
        if chars > 2 {
            for w in bounds.windows(3) {
                let gram = &word[w[0]..w[2]];
                if !gram.chars().all(is_cjk) && JIEBA.has_word(gram) {
                    keep(gram, out);
                }
            }
        }
        if chars > 3 {
            for w in bounds.windows(4) {
                let gram = &word[w[0]..w[3]];
                if JIEBA.has_word(gram) {
                    keep(gram, out);
                }
            }
        }
        keep(word, out);
    }
}

/// The terms stored in the index for `text`.
pub fn index_tokens(text: &str) -> Vec<String> {
    let norm = normalize(text);
    term_ranges(&norm).into_iter().map(|(a, b)| norm[a..b].to_string()).collect()
}

/// The words of a query typed by the public: never syntax, only words. Punctuation,
/// operators and markup are just characters that are not words.
pub fn query_words(query: &str) -> Vec<String> {
    let norm = normalize(query);
    let mut words: Vec<String> = Vec::new();
    for w in JIEBA.cut(&norm, true) {
        let w = w.trim();
        if !is_word(w) || STOP_WORDS.contains(&w) {
            continue;
        }
        let cleaned: String = w.chars().filter(|c| c.is_alphanumeric()).collect();
        if !cleaned.is_empty() && !words.contains(&cleaned) {
            words.push(cleaned);
        }
    }
    words.truncate(32);
    words
}

/// Overlapping character pairs of a word: the pieces a long query word is matched by.
pub fn bigrams(word: &str) -> Vec<String> {
    let chars: Vec<char> = word.chars().collect();
    chars.windows(2).map(|w| w.iter().collect()).collect()
}

pub const TOKENIZER_NAME: &str = "qingdan_zh";

#[derive(Clone, Default)]
pub struct ChineseTokenizer;

pub struct VecTokenStream {
    tokens: Vec<Token>,
    index: usize,
}

impl VecTokenStream {
    pub fn new(tokens: Vec<Token>) -> Self {
        Self { tokens, index: 0 }
    }
}

impl TokenStream for VecTokenStream {
    fn advance(&mut self) -> bool {
        if self.index < self.tokens.len() {
            self.index += 1;
            true
        } else {
            false
        }
    }
    fn token(&self) -> &Token {
        &self.tokens[self.index - 1]
    }
    fn token_mut(&mut self) -> &mut Token {
        &mut self.tokens[self.index - 1]
    }
}

/// The terms of one text, written one after the other into the same token.
pub struct ChineseTokenStream {
    norm: String,
    ranges: std::vec::IntoIter<(usize, usize)>,
    token: Token,
}

impl TokenStream for ChineseTokenStream {
    fn advance(&mut self) -> bool {
        let Some((start, end)) = self.ranges.next() else { return false };
        self.token.text.clear();
        self.token.text.push_str(&self.norm[start..end]);
        self.token.position = self.token.position.wrapping_add(1);
        true
    }
    fn token(&self) -> &Token {
        &self.token
    }
    fn token_mut(&mut self) -> &mut Token {
        &mut self.token
    }
}

impl Tokenizer for ChineseTokenizer {
    type TokenStream<'a> = ChineseTokenStream;
    fn token_stream<'a>(&'a mut self, text: &'a str) -> ChineseTokenStream {
        let norm = normalize(text);
        let ranges = term_ranges(&norm).into_iter();
        // Positions count from 0: the first advance wraps usize::MAX to 0.
        let token = Token { offset_from: 0, offset_to: 0, position: usize::MAX, text: String::with_capacity(16), position_length: 1 };
        ChineseTokenStream { norm, ranges, token }
    }
}

#[cfg(test)]
mod tests;
