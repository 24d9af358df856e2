//! Helpers for the observability tests: a portal with a metrics token, served on its
//! main and private addresses; a strict reader of the Prometheus text format; a small
//! policy list.
#![allow(dead_code)]

use std::collections::{BTreeMap, HashMap};
use std::net::SocketAddr;
use std::sync::Arc;

use qingdan::platform::sheet;
use qingdan::state::AppState;

use crate::common::{self, csv_bytes, good_row, set, HttpResponse, TestDb, FULL_HEADER};

pub const TOKEN: &str = "metrics-token-1f7c2a9e";

/// The portal over `db` (no samples), with `/metrics` behind `token` when given.
pub async fn portal(db: &TestDb, token: Option<&str>) -> Arc<AppState> {
    let mut config = db.config(false);
    config.metrics_token = token.map(str::to_string);
    AppState::start(&config).await.expect("the portal starts")
}

/// The portal's router and its private metrics router, each on an ephemeral port, as
/// `qingdan serve` runs them with `QINGDAN_METRICS_ADDR`.
pub async fn serve_both(portal: Arc<AppState>, db: &TestDb) -> (SocketAddr, SocketAddr) {
    let site_root = db.data_dir().join("site");
    std::fs::create_dir_all(&site_root).unwrap();
    let main = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let private = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let (main_addr, private_addr) = (main.local_addr().unwrap(), private.local_addr().unwrap());
    let (app, metrics) = qingdan::web::routes::routers(portal, site_root, main_addr);
    tokio::spawn(async move {
        axum::serve(main, app.into_make_service_with_connect_info::<SocketAddr>()).await.expect("server runs");
    });
    tokio::spawn(async move {
        axum::serve(private, metrics).await.expect("metrics server runs");
    });
    (main_addr, private_addr)
}

/// Imports policy items `P-OBS-1` … with titles and waits until the index shows them.
pub async fn import(portal: &AppState, titles: &[&str]) {
    let rows: Vec<common::Row> =
        titles.iter().enumerate().map(|(i, t)| set(good_row(&format!("P-OBS-{}", i + 1)), "政策名称", t)).collect();
    let sheet = sheet::read_csv(&csv_bytes(FULL_HEADER, &rows)).expect("CSV read");
    portal.policies.import_sheet(&sheet).await.expect("import");
}

pub async fn get_with(addr: SocketAddr, path: &str, headers: &[(&str, String)]) -> HttpResponse {
    common::request(addr, "GET", path, headers, Vec::new()).await
}

pub fn bearer(token: &str) -> Vec<(&'static str, String)> {
    vec![("Authorization", format!("Bearer {token}"))]
}

// ---------------------------------------------------------------------------
// The Prometheus text format, read strictly

#[derive(Debug, Clone, PartialEq)]
pub struct Sample {
    pub name: String,
    pub labels: BTreeMap<String, String>,
    pub value: f64,
}

#[derive(Debug)]
pub struct Scrape {
    pub samples: Vec<Sample>,
    /// Family name → type, from the `# TYPE` lines.
    pub types: HashMap<String, String>,
}

fn valid_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_' || c == ':')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == ':')
}

/// The family a sample belongs to: histograms expose `_bucket`, `_sum` and `_count`.
fn family<'a>(name: &'a str, types: &HashMap<String, String>) -> Option<&'a str> {
    if types.contains_key(name) {
        return Some(name);
    }
    ["_bucket", "_sum", "_count"]
        .iter()
        .filter_map(|suffix| name.strip_suffix(suffix))
        .find(|base| types.get(*base).is_some_and(|t| t == "histogram"))
}

/// Parses an exposition, failing the test on anything the format does not allow: a
/// sample before its family's `# TYPE`, a bad name or label, an unquoted or badly
/// escaped value, a value that is not a number, the same series twice.
pub fn parse(text: &str) -> Scrape {
    let mut types = HashMap::new();
    let mut samples: Vec<Sample> = Vec::new();
    for line in text.lines() {
        if line.is_empty() {
            continue;
        }
        if let Some(rest) = line.strip_prefix("# TYPE ") {
            let (name, kind) = rest.split_once(' ').unwrap_or_else(|| panic!("bad TYPE line {line:?}"));
            assert!(valid_name(name), "bad family name in {line:?}");
            assert!(["counter", "gauge", "histogram", "summary", "untyped"].contains(&kind), "bad type in {line:?}");
            assert!(types.insert(name.to_string(), kind.to_string()).is_none(), "family {name} typed twice");
            continue;
        }
        if line.starts_with("# HELP ") || line.starts_with('#') {
            continue;
        }
        let sample = parse_sample(line);
        let fam = family(&sample.name, &types).unwrap_or_else(|| panic!("sample before its # TYPE: {line:?}"));
        if types[fam] == "counter" {
            assert!(sample.value >= 0.0, "negative counter: {line:?}");
        }
        assert!(
            !samples.iter().any(|s| s.name == sample.name && s.labels == sample.labels),
            "series twice: {line:?}"
        );
        samples.push(sample);
    }
    assert!(text.ends_with('\n'), "the exposition must end with a newline");
    Scrape { samples, types }
}

fn parse_sample(line: &str) -> Sample {
    let bad = || -> ! { panic!("bad sample line {line:?}") };
    let name_end = line.find(['{', ' ']).unwrap_or_else(|| bad());
    let name = &line[..name_end];
    assert!(valid_name(name), "bad metric name in {line:?}");
    let mut labels = BTreeMap::new();
    let mut rest = &line[name_end..];
    if let Some(after) = rest.strip_prefix('{') {
        let mut chars = after.char_indices().peekable();
        loop {
            // label name
            let start = chars.peek().map(|(i, _)| *i).unwrap_or_else(|| bad());
            let mut end = start;
            while let Some((i, c)) = chars.peek().copied() {
                if c == '=' {
                    end = i;
                    break;
                }
                chars.next();
            }
            let key = &after[start..end];
            assert!(valid_name(key), "bad label name {key:?} in {line:?}");
            assert_eq!(chars.next().map(|(_, c)| c), Some('='), "{line:?}");
            assert_eq!(chars.next().map(|(_, c)| c), Some('"'), "unquoted label value in {line:?}");
            let mut value = String::new();
            loop {
                match chars.next().map(|(_, c)| c) {
                    Some('\\') => match chars.next().map(|(_, c)| c) {
                        Some('\\') => value.push('\\'),
                        Some('"') => value.push('"'),
                        Some('n') => value.push('\n'),
                        _ => bad(),
                    },
                    Some('"') => break,
                    Some(c) => value.push(c),
                    None => bad(),
                }
            }
            assert!(labels.insert(key.to_string(), value).is_none(), "label {key} twice in {line:?}");
            match chars.next() {
                Some((_, ',')) => continue,
                Some((i, '}')) => {
                    rest = &after[i + 1..];
                    break;
                }
                _ => bad(),
            }
        }
    }
    let value = rest.strip_prefix(' ').unwrap_or_else(|| bad());
    assert!(!value.contains(' '), "timestamps are not expected: {line:?}");
    let value: f64 = match value {
        "+Inf" => f64::INFINITY,
        "-Inf" => f64::NEG_INFINITY,
        v => v.parse().unwrap_or_else(|_| bad()),
    };
    Sample { name: name.to_string(), labels, value }
}

impl Scrape {
    pub fn get(&self, name: &str, labels: &[(&str, &str)]) -> Option<f64> {
        let want: BTreeMap<String, String> = labels.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        self.samples.iter().find(|s| s.name == name && s.labels == want).map(|s| s.value)
    }

    /// The value of one series; fails the test when it is missing.
    pub fn value(&self, name: &str, labels: &[(&str, &str)]) -> f64 {
        self.get(name, labels).unwrap_or_else(|| {
            let known: Vec<String> = self.samples.iter().filter(|s| s.name == name).map(|s| format!("{:?}", s.labels)).collect();
            panic!("no series {name}{labels:?}; {name} has {known:?}")
        })
    }

    /// Every series of a family name with these labels among theirs.
    pub fn all(&self, name: &str) -> Vec<&Sample> {
        self.samples.iter().filter(|s| s.name == name).collect()
    }

    /// Checks a histogram series: cumulative buckets that never decrease, ending in
    /// `+Inf`, which equals `_count`. Returns the count.
    pub fn histogram_count(&self, name: &str, labels: &[(&str, &str)]) -> f64 {
        assert_eq!(self.types.get(name).map(String::as_str), Some("histogram"), "{name} is not a histogram");
        let want: BTreeMap<String, String> = labels.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        let mut buckets: Vec<(f64, f64)> = self
            .samples
            .iter()
            .filter(|s| s.name == format!("{name}_bucket"))
            .filter(|s| {
                let mut without_le = s.labels.clone();
                without_le.remove("le");
                without_le == want
            })
            .map(|s| {
                let le = &s.labels["le"];
                (if le == "+Inf" { f64::INFINITY } else { le.parse().expect("le is a number") }, s.value)
            })
            .collect();
        assert!(buckets.len() > 2, "{name}{labels:?} has too few buckets: {buckets:?}");
        buckets.sort_by(|a, b| a.0.partial_cmp(&b.0).unwrap());
        assert!(buckets.windows(2).all(|w| w[0].1 <= w[1].1), "{name}{labels:?}: buckets decrease: {buckets:?}");
        let (last_bound, last) = *buckets.last().unwrap();
        assert!(last_bound.is_infinite(), "{name}{labels:?}: no +Inf bucket");
        let count = self.value(&format!("{name}_count"), labels);
        assert_eq!(last, count, "{name}{labels:?}: +Inf bucket and _count disagree");
        let sum = self.value(&format!("{name}_sum"), labels);
        assert!(sum >= 0.0 && (count > 0.0 || sum == 0.0), "{name}{labels:?}: sum {sum} for count {count}");
        count
    }
}

/// Scrapes `/metrics` (with a bearer token when given), checks the response is the text
/// format, and parses it.
pub async fn scrape(addr: SocketAddr, token: Option<&str>) -> Scrape {
    let headers = token.map(bearer).unwrap_or_default();
    let response = get_with(addr, "/metrics", &headers).await;
    assert_eq!(response.status, 200, "/metrics: {}", response.text());
    assert_eq!(response.header("content-type"), Some("text/plain; version=0.0.4; charset=utf-8"));
    parse(&response.text())
}

#[test]
fn the_reader_refuses_what_the_format_does_not_allow() {
    let ok = "# HELP a_total A.\n# TYPE a_total counter\na_total{route=\"/p/{code}\",x=\"q\\\"\"} 3\n";
    assert_eq!(parse(ok).value("a_total", &[("route", "/p/{code}"), ("x", "q\"")]), 3.0);
    for bad in [
        "a_total 3\n",                                       // no TYPE
        "# TYPE a_total counter\na_total{route=/p} 3\n",      // unquoted
        "# TYPE a_total counter\na_total 3\na_total 4\n",     // twice
        "# TYPE a_total counter\na_total three\n",            // not a number
        "# TYPE a_total counter\na_total 3",                  // no final newline
    ] {
        assert!(std::panic::catch_unwind(|| parse(bad)).is_err(), "accepted {bad:?}");
    }
}
