//! Shared helpers for the integration tests: a fresh database per test (SQLite in a
//! temporary directory, or a throw-away PostgreSQL database when `TEST_POSTGRES_URL`
//! is set), policy-list files built in the test, paging through search results and
//! a tiny HTTP/1.1 client.
#![allow(dead_code)]

use std::collections::HashMap;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use app::policies::model::PolicyHit;
use app::policies::query::SearchParams;
use qingdan::config::Config;
use qingdan::state::AppState;
use qingdan::policies::index::PolicyIndex as SearchService;
use sqlx::{Connection, Executor};
use tempfile::TempDir;

/// Runs `async fn $name(db: &TestDb)` once on SQLite and once on PostgreSQL, as
/// `$name::sqlite` and `$name::postgres`. The PostgreSQL variant fails when
/// `TEST_POSTGRES_URL` is not set, unless `QINGDAN_SKIP_POSTGRES=1` says to skip it.
#[allow(unused_macros)]
macro_rules! on_both_engines {
    ($($name:ident),* $(,)?) => {$(
        mod $name {
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                let db = $crate::common::sqlite();
                super::$name(&db).await;
            }

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                let Some(db) = $crate::common::postgres().await else { return };
                super::$name(&db).await;
            }
        }
    )*};
}

// ---------------------------------------------------------------------------
// Databases

/// A fresh, empty database and a data directory for the index.
pub struct TestDb {
    pub url: String,
    pub dir: TempDir,
    pg: Option<PgDatabase>,
}

struct PgDatabase {
    admin_url: String,
    name: String,
}

impl Drop for PgDatabase {
    fn drop(&mut self) {
        // Best effort, and from a thread of its own so it also works while the test's
        // runtime is busy or unwinding.
        let admin = self.admin_url.clone();
        let name = self.name.clone();
        let _ = std::thread::spawn(move || {
            let Ok(rt) = tokio::runtime::Builder::new_current_thread().enable_all().build() else { return };
            rt.block_on(async {
                if let Ok(mut conn) = sqlx::postgres::PgConnection::connect(&admin).await {
                    let sql = format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)");
                    if let Err(e) = conn.execute(sql.as_str()).await {
                        eprintln!("could not drop test database {name}: {e}");
                    }
                    let _ = conn.close().await;
                }
            });
        })
        .join();
    }
}

impl TestDb {
    pub fn data_dir(&self) -> &Path {
        self.dir.path()
    }

    pub fn is_postgres(&self) -> bool {
        self.pg.is_some()
    }

    pub fn config(&self, sample_data: bool) -> Config {
        config_for(self.dir.path().to_path_buf(), &self.url, sample_data)
    }

    /// The portal over this database, with its index in this test's data directory.
    pub async fn portal(&self, sample_data: bool) -> Arc<AppState> {
        AppState::start(&self.config(sample_data)).await.expect("the portal starts")
    }
}

pub fn config_for(data_dir: PathBuf, url: &str, sample_data: bool) -> Config {
    Config {
        data_dir,
        database_url: url.to_string(),
        addr: "127.0.0.1:0".parse().unwrap(),
        smtp_url: None,
        sample_data,
        key_file: None,
        insecure_cookies: false,
        trusted_proxies: Vec::new(),
        metrics_token: None,
        metrics_addr: None,
        public_url: None,
        page_cache: std::time::Duration::from_millis(1000),
    }
}

pub fn sqlite() -> TestDb {
    let dir = tempfile::tempdir().expect("temp dir");
    let url = format!("sqlite://{}?mode=rwc", dir.path().join("t.db").display());
    TestDb { url, dir, pg: None }
}

/// `postgres://user@host:port/postgres?x=y` → the same URL naming database `name`.
fn with_database(url: &str, name: &str) -> String {
    let (base, query) = match url.split_once('?') {
        Some((b, q)) => (b, Some(q)),
        None => (url, None),
    };
    let after_scheme = base.find("://").map(|i| i + 3).unwrap_or(0);
    let base = match base[after_scheme..].find('/') {
        Some(slash) => &base[..after_scheme + slash],
        None => base,
    };
    match query {
        Some(q) => format!("{base}/{name}?{q}"),
        None => format!("{base}/{name}"),
    }
}

/// A fresh PostgreSQL database for one test, dropped when the `TestDb` is dropped;
/// `None` (after a note) when `TEST_POSTGRES_URL` is not set.
pub async fn postgres() -> Option<TestDb> {
    let Some(admin_url) = std::env::var("TEST_POSTGRES_URL").ok().filter(|u| !u.trim().is_empty()) else {
        // A PostgreSQL variant that passes without PostgreSQL proves nothing: it fails,
        // unless the run says explicitly that it goes without.
        if std::env::var("QINGDAN_SKIP_POSTGRES").is_ok_and(|v| v == "1") {
            eprintln!("SKIPPED (QINGDAN_SKIP_POSTGRES=1): the PostgreSQL variant of this test did not run");
            return None;
        }
        panic!(
            "TEST_POSTGRES_URL is not set: the PostgreSQL variant cannot run \
             (tools/test.sh sets it; set QINGDAN_SKIP_POSTGRES=1 to skip these variants knowingly)"
        );
    };
    let name = format!("qingdan_test_{:016x}", rand::random::<u64>());
    let mut conn = sqlx::postgres::PgConnection::connect(&admin_url)
        .await
        .unwrap_or_else(|e| panic!("cannot connect to TEST_POSTGRES_URL: {e}"));
    conn.execute(format!("CREATE DATABASE {name}").as_str())
        .await
        .unwrap_or_else(|e| panic!("cannot create database {name}: {e}"));
    let _ = conn.close().await;
    let url = with_database(&admin_url, &name);
    let dir = tempfile::tempdir().expect("temp dir");
    Some(TestDb { url, dir, pg: Some(PgDatabase { admin_url, name }) })
}

// ---------------------------------------------------------------------------
// Policy list files

/// Every column the importer knows, in the order of the bundled sample.
pub const FULL_HEADER: &[&str] = &[
    "政策编号", "政策名称", "文件名称", "文号", "发布单位", "发布日期", "文件状态", "执行单位",
    "政策解读人", "解读人电话", "政策类别", "支持方式", "政策内容", "适用行业", "适用规模", "适用区域",
    "资质要求", "成立年限", "兑现方式", "最高金额", "申报时间", "受理窗口", "申报材料", "生效日期",
    "失效日期", "评估修订",
];

pub type Row = HashMap<&'static str, String>;

/// A valid row; tests change the cells they care about.
pub fn good_row(code: &str) -> Row {
    let cells: &[(&'static str, &str)] = &[
        ("政策编号", code),
        ("政策名称", "测试企业研发补助"),
        ("文件名称", "关于测试惠企政策的若干措施"),
        ("文号", "区测发〔2024〕1号"),
        ("发布单位", "区人民政府"),
        ("发布日期", "2024-01-10"),
        ("文件状态", "有效"),
        ("执行单位", "区科学技术局"),
        ("政策解读人", "张晓明"),
        ("解读人电话", "0532-86990000"),
        ("政策类别", "科技创新"),
        ("支持方式", "资金补助"),
        ("政策内容", "对年度研发投入增长的企业给予资金补助，单个企业最高20万元。"),
        ("适用行业", "制造业、信息技术服务业"),
        ("适用规模", "全部"),
        ("适用区域", "全区"),
        ("资质要求", ""),
        ("成立年限", ""),
        ("兑现方式", "依申请"),
        ("最高金额", "20"),
        ("申报时间", "每年3月1日至4月30日"),
        ("受理窗口", "区政务服务中心二楼"),
        ("申报材料", "申请表；营业执照复印件"),
        ("生效日期", "2024-01-15"),
        ("失效日期", ""),
        ("评估修订", ""),
    ];
    cells.iter().map(|(k, v)| (*k, v.to_string())).collect()
}

pub fn set(mut row: Row, column: &'static str, value: &str) -> Row {
    row.insert(column, value.to_string());
    row
}

fn quote(cell: &str) -> String {
    format!("\"{}\"", cell.replace('"', "\"\""))
}

/// A CSV file (UTF-8 with a BOM) with `header` and one line per row.
pub fn csv_bytes(header: &[&str], rows: &[Row]) -> Vec<u8> {
    let mut out = String::from("\u{feff}");
    out.push_str(&header.iter().map(|h| quote(h)).collect::<Vec<_>>().join(","));
    out.push_str("\r\n");
    for row in rows {
        let line: Vec<String> = header.iter().map(|h| quote(row.get(h).map(String::as_str).unwrap_or(""))).collect();
        out.push_str(&line.join(","));
        out.push_str("\r\n");
    }
    out.into_bytes()
}

/// Runs the built `qingdan` binary on this test database (no samples, no mail).
pub fn qingdan_cli(db: &TestDb, args: &[&str]) -> std::process::Output {
    // Integration tests only (examples that share this module have no binary to run).
    let mut command = std::process::Command::new(option_env!("CARGO_BIN_EXE_qingdan").expect("built with the qingdan binary"));
    command
        .args(args)
        .current_dir(db.data_dir())
        .env("QINGDAN_DATA_DIR", db.data_dir())
        .env("QINGDAN_SAMPLE_DATA", "0")
        .env_remove("QINGDAN_ADDR")
        .env_remove("QINGDAN_SMTP_URL")
        .env_remove("QINGDAN_LOG");
    if db.is_postgres() {
        command.env("QINGDAN_DATABASE_URL", &db.url);
    } else {
        // The default: a SQLite file in the data directory.
        command.env_remove("QINGDAN_DATABASE_URL");
    }
    command.output().expect("the qingdan binary runs")
}

/// The address a `qingdan serve` started with `QINGDAN_ADDR=127.0.0.1:0` announced on
/// stdout (`qingdan: listening on http://…`, or `metrics listening on`), read from its
/// log after byte `from`; panics with the log if none comes within 60 s or `exited`.
pub fn announced_addr(log: &Path, from: u64, what: &str, mut exited: impl FnMut() -> bool) -> SocketAddr {
    let marker = format!("qingdan: {what} http://");
    let deadline = std::time::Instant::now() + Duration::from_secs(60);
    loop {
        let text = std::fs::read(log).unwrap_or_default();
        let tail = String::from_utf8_lossy(text.get(from as usize..).unwrap_or_default()).into_owned();
        if let Some(at) = tail.lines().find_map(|l| l.find(&marker).map(|i| &l[i + marker.len()..])) {
            let addr = at.split(|c: char| c == '"' || c.is_whitespace()).next().unwrap_or_default();
            return addr.parse().unwrap_or_else(|e| panic!("bad address {addr:?}: {e}"));
        }
        assert!(!exited(), "the server exited before it listened:\n{tail}");
        assert!(std::time::Instant::now() < deadline, "the server never said `{marker}`:\n{tail}");
        std::thread::sleep(Duration::from_millis(25));
    }
}

/// The length of `path` now (0 when it does not exist): where a new process's output starts.
pub fn file_len(path: &Path) -> u64 {
    std::fs::metadata(path).map(|m| m.len()).unwrap_or(0)
}

pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests").join("fixtures").join(name)
}

// ---------------------------------------------------------------------------
// Search

pub fn today() -> String {
    qingdan::platform::clock::today()
}

pub fn year() -> i32 {
    qingdan::platform::clock::current_year()
}

pub fn params(raw: &str) -> SearchParams {
    SearchParams::from_query(raw).unwrap_or_else(|e| panic!("query {raw:?} rejected: {e}"))
}

pub fn q(text: &str) -> SearchParams {
    SearchParams { q: text.to_string(), ..Default::default() }
}

/// Every matching item of `params` (every version: `versions=all`), paging 100 at a
/// time; also checks that `total` agrees.
pub fn all_hits(search: &SearchService, params: &SearchParams) -> Vec<PolicyHit> {
    let mut p = params.clone();
    p.all_versions = true;
    p.limit = 100;
    p.offset = 0;
    let mut hits = Vec::new();
    loop {
        let page = search.search(&p, &today(), year()).unwrap_or_else(|e| panic!("search {:?} failed: {e:?}", p.q));
        let n = page.hits.len();
        hits.extend(page.hits);
        if n < 100 || hits.len() >= page.total as usize {
            assert_eq!(hits.len(), page.total as usize, "total disagrees with the hits for {:?}", p.q);
            return hits;
        }
        p.offset += 100;
    }
}

/// Every hit of `params` as a person pages through them (versions folded): checks that
/// no policy repeats, that every matching item is shown or folded as a matching
/// earlier version exactly once, and that the folded count adds up to `total`.
pub fn folded_hits(search: &SearchService, params: &SearchParams, limit: u32) -> Vec<PolicyHit> {
    let mut p = params.clone();
    p.all_versions = false;
    p.limit = limit;
    p.offset = 0;
    let mut hits: Vec<PolicyHit> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    let mut total = None;
    loop {
        let page = search.search(&p, &today(), year()).unwrap_or_else(|e| panic!("search {:?} failed: {e:?}", p.q));
        assert!(total.is_none_or(|t| t == page.total), "total changed between pages");
        total = Some(page.total);
        let n = page.hits.len();
        for hit in &page.hits {
            assert!(seen.insert(hit.code.clone()), "{} shown twice", hit.code);
            for earlier in hit.earlier.iter().filter(|e| e.matched) {
                assert!(seen.insert(earlier.code.clone()), "{} folded twice or also shown", earlier.code);
            }
        }
        hits.extend(page.hits);
        assert_eq!(page.more, n == limit as usize && seen.len() < page.total as usize, "more at offset {}", p.offset);
        if !page.more {
            break;
        }
        p.offset += limit;
    }
    assert_eq!(seen.len() as u32, total.unwrap_or(0), "shown and folded items add up to the total for {:?}", p.q);
    hits
}

pub fn codes(hits: &[PolicyHit]) -> Vec<String> {
    let mut c: Vec<String> = hits.iter().map(|h| h.code.clone()).collect();
    c.sort();
    c
}

/// Polls `check` every 100 ms until it holds or `timeout` passes.
pub async fn eventually(timeout: Duration, mut check: impl FnMut() -> bool) -> bool {
    let start = std::time::Instant::now();
    loop {
        if check() {
            return true;
        }
        if start.elapsed() > timeout {
            return false;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

// ---------------------------------------------------------------------------
// HTTP

/// The portal's router served on an ephemeral port as `qingdan serve` does it, with the
/// peer address as `ConnectInfo` (the complaint routes throttle by it). The task ends
/// with the test's runtime.
pub async fn serve(portal: Arc<AppState>, site_root: PathBuf) -> SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().unwrap();
    let app = qingdan::web::routes::router(portal, site_root, addr);
    tokio::spawn(async move {
        axum::serve(listener, app.into_make_service_with_connect_info::<SocketAddr>()).await.expect("server runs");
    });
    addr
}

#[derive(Debug)]
pub struct HttpResponse {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl HttpResponse {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }

    pub fn text(&self) -> String {
        String::from_utf8(self.body.clone()).expect("response body is UTF-8")
    }

    /// A JSON body `{ "error": "<non-empty message>" }`, as README.md's JSON API section promises.
    pub fn assert_json_error_body(&self, what: &str) {
        assert!(
            self.header("content-type").is_some_and(|c| c.starts_with("application/json")),
            "{what}: content type {:?}",
            self.header("content-type")
        );
        let body = self.json();
        let message = body["error"].as_str().unwrap_or_else(|| panic!("{what}: no error message in {body}"));
        assert!(!message.is_empty(), "{what}");
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&self.body)))
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

fn dechunk(mut data: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    loop {
        let line_end = find(data, b"\r\n").expect("chunk size line");
        let size_text = std::str::from_utf8(&data[..line_end]).unwrap();
        let size = usize::from_str_radix(size_text.split(';').next().unwrap().trim(), 16).expect("chunk size");
        data = &data[line_end + 2..];
        if size == 0 {
            return out;
        }
        out.extend_from_slice(&data[..size]);
        data = &data[size + 2..];
    }
}

/// `GET path` over a fresh connection (HTTP/1.1, `Connection: close`).
pub async fn get(addr: SocketAddr, path: &str) -> HttpResponse {
    send(addr, "GET", path).await
}

/// A body-less request with any method.
pub async fn send(addr: SocketAddr, method: &str, path: &str) -> HttpResponse {
    request(addr, method, path, &[("Accept", "text/html,application/json".into())], Vec::new()).await
}

fn parse(raw: &[u8]) -> Option<HttpResponse> {
    let split = find(raw, b"\r\n\r\n")?;
    let head = String::from_utf8_lossy(&raw[..split]).to_string();
    let mut lines = head.split("\r\n");
    let status: u16 = lines.next()?.split(' ').nth(1)?.parse().ok()?;
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
        .collect();
    let mut response = HttpResponse { status, headers, body: raw[split + 4..].to_vec() };
    if response.header("transfer-encoding").is_some_and(|v| v.eq_ignore_ascii_case("chunked")) {
        response.body = dechunk(&response.body);
    }
    Some(response)
}

/// One request over a fresh connection, any method, headers and body bytes (broken
/// UTF-8, 50 MB uploads). The body is written from a task of its own while the
/// response is read, so a server that answers before it has read a large body (and
/// then closes) is seen answering. `Err` when no response header arrived.
pub async fn try_request(
    addr: SocketAddr,
    method: &str,
    path: &str,
    headers: &[(&str, String)],
    body: Vec<u8>,
) -> std::io::Result<HttpResponse> {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let stream = tokio::net::TcpStream::connect(addr).await?;
    let (mut reader, mut writer) = stream.into_split();
    let mut head = format!("{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n");
    for (k, v) in headers {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    if method != "GET" || !body.is_empty() {
        head.push_str(&format!("Content-Length: {}\r\n", body.len()));
    }
    head.push_str("\r\n");
    let writer_task = tokio::spawn(async move {
        writer.write_all(head.as_bytes()).await?;
        for chunk in body.chunks(256 * 1024) {
            writer.write_all(chunk).await?;
        }
        writer.flush().await?;
        // Keep the write half open (no shutdown): Connection: close lets the server end it.
        std::io::Result::Ok(writer)
    });
    let mut raw = Vec::new();
    let mut buf = vec![0u8; 64 * 1024];
    loop {
        match reader.read(&mut buf).await {
            Ok(0) => break,
            Ok(n) => raw.extend_from_slice(&buf[..n]),
            Err(e) => {
                if find(&raw, b"\r\n\r\n").is_none() {
                    writer_task.abort();
                    return Err(e);
                }
                break;
            }
        }
    }
    writer_task.abort();
    parse(&raw).ok_or_else(|| {
        std::io::Error::new(std::io::ErrorKind::UnexpectedEof, format!("no HTTP response: {:?}", String::from_utf8_lossy(&raw)))
    })
}

pub async fn request(addr: SocketAddr, method: &str, path: &str, headers: &[(&str, String)], body: Vec<u8>) -> HttpResponse {
    let shown: String = path.chars().take(200).collect();
    tokio::time::timeout(Duration::from_secs(60), try_request(addr, method, path, headers, body))
        .await
        .unwrap_or_else(|_| panic!("{method} {shown} timed out"))
        .unwrap_or_else(|e| panic!("{method} {shown}: {e}"))
}

pub fn encode(s: &str) -> String {
    app::url::percent_encode(s)
}

pub fn html_escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}

#[cfg(test)]
mod tests {
    use super::with_database;

    #[test]
    fn database_name_replaces_the_path() {
        assert_eq!(with_database("postgres://p@127.0.0.1:5432/postgres", "x"), "postgres://p@127.0.0.1:5432/x");
        assert_eq!(with_database("postgres://p@h/postgres?sslmode=disable", "x"), "postgres://p@h/x?sslmode=disable");
        assert_eq!(with_database("postgres://p@h:5432", "x"), "postgres://p@h:5432/x");
    }
}

/// An Atom or RSS document as Python's feedparser reads it (a real feed parser, PyPI):
/// `bozo` (0 for a well-formed feed), the feed's version and id, and each entry's id,
/// title, link and updated time.
#[allow(dead_code)]
pub fn parse_feed(xml: &[u8]) -> serde_json::Value {
    const SCRIPT: &str = "import sys, json, feedparser\n\
        d = feedparser.parse(sys.stdin.buffer.read())\n\
        print(json.dumps({'bozo': int(d.bozo), 'error': str(d.get('bozo_exception', '')), 'version': d.version,\n\
          'id': d.feed.get('id'), 'title': d.feed.get('title'), 'updated': d.feed.get('updated'),\n\
          'entries': [{'id': e.get('id'), 'title': e.get('title'), 'link': e.get('link'), 'updated': e.get('updated'), 'summary': e.get('summary')} for e in d.entries]}))\n";
    let out = python(SCRIPT, xml);
    assert!(out.status.success(), "feedparser (tools/test.sh installs it): {}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).expect("feedparser's JSON")
}

/// Runs a Python script with `input` on its standard input (the PyPI tools the tests
/// check against: feedparser, jsonschema, openapi-spec-validator, georeport).
#[allow(dead_code)]
pub fn python(script: &str, input: &[u8]) -> std::process::Output {
    use std::io::Write;
    let mut child = std::process::Command::new("python3")
        .args(["-c", script])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("python3 runs");
    child.stdin.take().expect("stdin").write_all(input).expect("input written to python3");
    child.wait_with_output().expect("python3 ends")
}
