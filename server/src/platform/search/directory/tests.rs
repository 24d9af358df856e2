use super::*;
use tantivy::schema::{Schema, STORED, STRING};
use tantivy::{Index, IndexSettings, TantivyDocument};

#[test]
fn items_are_stored_and_read_back_through_pread() {
    let dir = std::env::temp_dir().join(format!("qingdan-directory-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("dir");
    let mut schema = Schema::builder();
    let field = schema.add_text_field("key", STRING | STORED);
    let index = Index::create(
        IndexDirectory::open(&dir).expect("open"),
        schema.build(),
        IndexSettings::default(),
    )
    .expect("index");
    let mut writer: tantivy::IndexWriter = index.writer(15_000_000).expect("writer");
    for n in 0..5_000 {
        let mut doc = TantivyDocument::new();
        doc.add_text(field, format!("第{n}项"));
        writer.add_document(doc).expect("add");
    }
    writer.commit().expect("commit");
    let searcher = index.reader().expect("reader").searcher();
    let reader = searcher.segment_reader(0);
    let store = reader.get_store_reader(0).expect("store");
    for n in [0u32, 1, 2_500, 4_999] {
        let doc: TantivyDocument = store.get(n).expect("stored");
        let text = doc
            .get_first(field)
            .and_then(|v| tantivy::schema::Value::as_str(&v))
            .map(str::to_string);
        assert_eq!(text, Some(format!("第{n}项")));
    }
    let name = std::fs::read_dir(&dir)
        .expect("list")
        .filter_map(|e| e.ok().map(|e| e.file_name()))
        .find(|f| f.to_string_lossy().ends_with(".store"))
        .expect("a store file");
    let handle = IndexDirectory::open(&dir)
        .expect("open")
        .get_file_handle(Path::new(&name))
        .expect("handle");
    let on_disk = std::fs::read(dir.join(&name)).expect("read");
    assert_eq!(handle.len(), on_disk.len());
    assert_eq!(
        handle.read_bytes(3..40).expect("slice").as_slice(),
        &on_disk[3..40]
    );
    assert!(handle
        .read_bytes(7..7)
        .expect("empty")
        .as_slice()
        .is_empty());
    assert!(
        handle.read_bytes(0..on_disk.len() + 1).is_err(),
        "past the end is an error, not a short read"
    );
    std::fs::remove_dir_all(&dir).ok();
}
