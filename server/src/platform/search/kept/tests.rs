use super::*;
use crate::platform::search::pairs::WORDS;
use tantivy::schema::{Schema, TEXT};
use tantivy::Index;

/// Ten thousand documents; `a` is in every 3rd, `n` times in document n (mod 300),
/// so some frequencies pass 255; `c` is in every 700th.
fn index() -> (Index, tantivy::schema::Field) {
    let mut schema = Schema::builder();
    let field = schema.add_text_field("t", TEXT);
    let index = Index::create_in_ram(schema.build());
    let mut writer: tantivy::IndexWriter = index.writer_with_num_threads(1, 50_000_000).expect("writer");
    for n in 0..10_000u32 {
        let mut text = String::from("x");
        if n % 3 == 0 {
            text.push_str(&" a".repeat((n % 300 + 1) as usize));
        }
        if n % 700 == 0 {
            text.push_str(" c");
        }
        let mut d = tantivy::TantivyDocument::new();
        d.add_text(field, &text);
        writer.add_document(d).expect("add");
    }
    writer.commit().expect("commit");
    (index, field)
}

fn blocks(reader: &SegmentReader, term: &Term) -> BlockSegmentPostings {
    reader
        .inverted_index(term.field())
        .expect("inverted index")
        .read_block_postings(term, IndexRecordOption::WithFreqs)
        .expect("postings")
        .expect("term")
}

#[test]
fn a_kept_list_walks_as_its_postings_do() {
    let (index, field) = index();
    let searcher = index.reader().expect("reader").searcher();
    let reader = searcher.segment_reader(0);
    let term = Term::from_field_text(field, "a");
    let kept = Arc::new(KeptList::decode(blocks(reader, &term), reader.max_doc(), true));
    assert_eq!(kept.doc_freq(), 3334);
    let mut from_blocks = Cursor::from_blocks(blocks(reader, &term));
    let mut from_kept = Cursor::from_kept(kept.clone());
    // Windows from unaligned starts, one ending past the last document.
    for start in [0, 5, 4163, 4200, 8191, 8999] {
        let end = start + WINDOW;
        assert_eq!(from_kept.skip_to(start), from_blocks.skip_to(start), "skip to {start}");
        let (mut want, mut got) = ([0u64; WORDS], [0u64; WORDS]);
        let mut freqs = vec![0u32; WINDOW as usize];
        from_blocks.mark_counted(start, end, &mut want, &mut freqs);
        from_kept.mark_counted(start, end, &mut got, &mut []);
        assert_eq!(got, want, "window from {start}");
        for at in 0..WINDOW {
            let doc = start + at;
            if want[(at / 64) as usize] & (1 << (at % 64)) != 0 {
                assert_eq!(kept.freq(doc), freqs[at as usize], "doc {doc}");
                assert_eq!(kept.freq(doc), doc % 300 + 1, "doc {doc}");
            }
        }
        assert_eq!(from_kept.skip_to(end), from_blocks.skip_to(end), "after the window from {start}");
    }
    assert_eq!(from_kept.skip_to(10_000), TERMINATED);
    let mut fresh = Cursor::from_kept(kept);
    assert_eq!(fresh.skip_to(9_998), 9_999);
    assert_eq!(fresh.skip_to(10_000), TERMINATED);
}

#[test]
fn marks_only_from_the_cursor_to_the_end_asked() {
    let (index, field) = index();
    let searcher = index.reader().expect("reader").searcher();
    let reader = searcher.segment_reader(0);
    let kept = KeptList::decode(blocks(reader, &Term::from_field_text(field, "a")), reader.max_doc(), false);
    let mut bits = [0u64; WORDS];
    kept.mark(130, 100, 300, &mut bits);
    let marked: Vec<u32> = (0..WINDOW).filter(|at| bits[(*at / 64) as usize] & (1 << (at % 64)) != 0).map(|at| 100 + at).collect();
    let want: Vec<u32> = (130..300).filter(|n| n % 3 == 0).collect();
    assert_eq!(marked, want);
}

#[test]
fn only_frequent_terms_are_kept() {
    let (index, field) = index();
    let searcher = index.reader().expect("reader").searcher();
    let reader = searcher.segment_reader(0);
    let (a, c) = (Term::from_field_text(field, "a"), Term::from_field_text(field, "c"));
    assert!(open(reader, &a, IndexRecordOption::WithFreqs).expect("open").is_some_and(|l| l.kept().is_some()));
    assert!(is_kept(reader, &a, true));
    assert!(!is_kept(reader, &a, false));
    assert!(open(reader, &c, IndexRecordOption::WithFreqs).expect("open").is_some_and(|l| l.kept().is_none()));
    assert!(!is_kept(reader, &c, true));
    assert!(open(reader, &Term::from_field_text(field, "zzz"), IndexRecordOption::Basic).expect("open").is_none());
}

#[test]
fn the_least_recently_used_lists_make_room() {
    let mut kept = Kept::default();
    let key = |n: u8| (SegmentId::generate_random(), Term::from_field_text(tantivy::schema::Field::from_field_id(0), &n.to_string()), false);
    let (one, two, three) = (key(1), key(2), key(3));
    let half = KEPT_BYTES / 2;
    assert!(kept.slot(one.clone(), half).is_some());
    assert!(kept.slot(two.clone(), half).is_some());
    assert!(kept.slot(one.clone(), half).is_some(), "used again");
    assert!(kept.slot(three.clone(), half).is_some());
    assert!(kept.lists.contains_key(&one) && kept.lists.contains_key(&three));
    assert!(!kept.lists.contains_key(&two), "the least recently used went");
    assert_eq!(kept.bytes, 2 * half);
    assert!(kept.slot(key(4), KEPT_BYTES + 1).is_none(), "too large to keep at all");
    assert_eq!(kept.lists.len(), 2);
}

#[test]
fn small_segments_are_read_from_their_postings() {
    let mut schema = Schema::builder();
    let field = schema.add_text_field("t", TEXT);
    let index = Index::create_in_ram(schema.build());
    let mut writer: tantivy::IndexWriter = index.writer_with_num_threads(1, 15_000_000).expect("writer");
    for _ in 0..KEEP_MIN_DOCS - 1 {
        let mut d = tantivy::TantivyDocument::new();
        d.add_text(field, "a");
        writer.add_document(d).expect("add");
    }
    writer.commit().expect("commit");
    let searcher = index.reader().expect("reader").searcher();
    let reader = searcher.segment_reader(0);
    let a = Term::from_field_text(field, "a");
    let list = open(reader, &a, IndexRecordOption::Basic).expect("open").expect("list");
    assert!(list.kept().is_none());
    assert_eq!(list.doc_freq(), KEEP_MIN_DOCS - 1);
    assert!(!is_kept(reader, &a, false));
}
