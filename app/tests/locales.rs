//! Every interface text exists in both languages: the same keys in
//! app/locales/zh-CN and app/locales/en, namespace by namespace, none empty, and the
//! same `{{ placeholders }}` on both sides (a translation cannot drop a number).

use std::collections::BTreeMap;
use std::path::Path;

fn flatten(prefix: &str, value: &serde_json::Value, out: &mut BTreeMap<String, String>) {
    match value {
        serde_json::Value::Object(map) => {
            for (k, v) in map {
                let key = if prefix.is_empty() { k.clone() } else { format!("{prefix}.{k}") };
                flatten(&key, v, out);
            }
        }
        serde_json::Value::String(s) => {
            out.insert(prefix.to_string(), s.clone());
        }
        other => {
            out.insert(prefix.to_string(), other.to_string());
        }
    }
}

fn placeholders(text: &str) -> Vec<String> {
    let mut found: Vec<String> = text
        .split("{{")
        .skip(1)
        .filter_map(|rest| rest.split_once("}}").map(|(name, _)| name.trim().to_string()))
        .collect();
    found.sort();
    found
}

fn namespace(locale: &str, file: &str) -> BTreeMap<String, String> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("locales").join(locale).join(file);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let value: serde_json::Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut out = BTreeMap::new();
    flatten("", &value, &mut out);
    out
}

fn files(locale: &str) -> Vec<String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("locales").join(locale);
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn both_languages_have_every_key_and_the_same_placeholders() {
    let (zh_files, en_files) = (files("zh-CN"), files("en"));
    assert_eq!(zh_files, en_files, "the two languages have different namespaces");
    let mut problems = Vec::new();
    let mut total = 0;
    for file in &zh_files {
        let (zh, en) = (namespace("zh-CN", file), namespace("en", file));
        for key in zh.keys().filter(|k| !en.contains_key(*k)) {
            problems.push(format!("{file}: {key} missing in en"));
        }
        for key in en.keys().filter(|k| !zh.contains_key(*k)) {
            problems.push(format!("{file}: {key} missing in zh-CN"));
        }
        for (key, zh_text) in &zh {
            let Some(en_text) = en.get(key) else { continue };
            if zh_text.trim().is_empty() || en_text.trim().is_empty() {
                problems.push(format!("{file}: {key} is empty"));
            }
            if placeholders(zh_text) != placeholders(en_text) {
                problems.push(format!("{file}: {key} has different placeholders"));
            }
        }
        total += zh.len();
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    assert!(total > 100, "only {total} keys: the interface is not translated");
}

#[test]
fn the_checker_sees_a_missing_key() {
    let zh: serde_json::Value = serde_json::json!({"a": "甲", "b": {"c": "乙 {{ n }}"}});
    let en: serde_json::Value = serde_json::json!({"a": "A", "b": {"c": "B"}});
    let (mut z, mut e) = (BTreeMap::new(), BTreeMap::new());
    flatten("", &zh, &mut z);
    flatten("", &en, &mut e);
    assert_eq!(z.keys().collect::<Vec<_>>(), vec!["a", "b.c"]);
    assert_ne!(placeholders(&z["b.c"]), placeholders(&e["b.c"]));
    e.remove("a");
    assert!(!e.contains_key("a"));
}
