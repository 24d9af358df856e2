//! The request log of the real binary with `QINGDAN_LOG_FORMAT=json`: every line is a
//! JSON object, each request one line with its route, status and duration; a policy
//! search shows its query, while a named tip, its tracking (by header, form, cookie and
//! query string) and a staff case URL leave no receipt, name, phone, case number or
//! query string in the log. The private metrics address (`QINGDAN_METRICS_ADDR`)
//! answers without a token, and the main address has no `/metrics`.

use std::net::SocketAddr;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::common::{self, encode, HttpResponse, TestDb};
use crate::support::scrape;

on_both_engines!(request_log_is_json_and_keeps_tips_private);

const NAME: &str = "司马观澜";
const PHONE: &str = "13955556666";
const QUERY_MARK: &str = "QMARK7c1e";

struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

impl Server {
    /// Started on port 0 for both addresses: returns them as the server announced them.
    fn start(db: &TestDb, log_path: &Path) -> (Server, SocketAddr, SocketAddr) {
        let log = std::fs::File::create(log_path).expect("log file");
        let child = Command::new(env!("CARGO_BIN_EXE_qingdan"))
            .arg("serve")
            .current_dir(db.data_dir())
            .env("QINGDAN_DATA_DIR", db.data_dir())
            .env("QINGDAN_DATABASE_URL", &db.url)
            .env("QINGDAN_SAMPLE_DATA", "0")
            .env("QINGDAN_ADDR", "127.0.0.1:0")
            .env("QINGDAN_METRICS_ADDR", "127.0.0.1:0")
            .env("QINGDAN_LOG_FORMAT", "json")
            .env("QINGDAN_LOG", "info")
            .env_remove("QINGDAN_METRICS_TOKEN")
            .env_remove("QINGDAN_SMTP_URL")
            .env_remove("QINGDAN_KEY_FILE")
            .env_remove("RUST_LOG")
            .stdin(Stdio::null())
            .stdout(log.try_clone().expect("log handle"))
            .stderr(log)
            .spawn()
            .expect("the qingdan binary starts");
        let mut server = Server(child);
        let metrics = common::announced_addr(log_path, 0, "metrics listening on", || matches!(server.0.try_wait(), Ok(Some(_))));
        let addr = common::announced_addr(log_path, 0, "listening on", || matches!(server.0.try_wait(), Ok(Some(_))));
        (server, addr, metrics)
    }

    /// SIGTERM, so everything is written, then wait (SIGKILL after 10 s).
    fn stop(mut self) {
        let _ = Command::new("kill").arg("-TERM").arg(self.0.id().to_string()).status();
        let deadline = Instant::now() + Duration::from_secs(10);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.0.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

async fn wait_healthy(addr: SocketAddr, log: &Path) {
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let probe = tokio::time::timeout(Duration::from_secs(5), common::try_request(addr, "GET", "/healthz", &[], Vec::new())).await;
        if let Ok(Ok(r)) = probe {
            if r.status == 200 {
                return;
            }
        }
        assert!(Instant::now() < deadline, "the server did not come up on {addr}: {}", std::fs::read_to_string(log).unwrap_or_default());
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

async fn call(addr: SocketAddr, method: &str, path: &str, headers: &[(&str, String)], body: Vec<u8>) -> HttpResponse {
    common::request(addr, method, path, headers, body).await
}

fn set_cookie(response: &HttpResponse, name: &str) -> Option<String> {
    response
        .headers
        .iter()
        .filter(|(k, _)| k.eq_ignore_ascii_case("set-cookie"))
        .filter_map(|(_, v)| v.split(';').next()?.trim().split_once('=').map(|(k, v)| (k.to_string(), v.to_string())))
        .find(|(k, _)| k == name)
        .map(|(_, v)| v)
}

async fn request_log_is_json_and_keeps_tips_private(db: &TestDb) {
    let log_path = db.data_dir().join("server.log");
    let (server, addr, metrics) = Server::start(db, &log_path);
    wait_healthy(addr, &log_path).await;

    // A policy search: its query may be logged (and is: the control for the checks below).
    let search = format!("/search?q={}", encode("贴息"));
    assert_eq!(call(addr, "GET", &search, &[], Vec::new()).await.status, 200);

    // A named tip, then tracked by header, by form (which sets the receipt cookie), by
    // cookie, and with the receipt in a query string.
    let tip = serde_json::json!({
        "category": "刁难企业和企业家",
        "subject_unit": "区商务局",
        "description": "观测：窗口要求提供与办事无关的材料",
        "anonymous": false,
        "name": NAME,
        "phone": PHONE,
    });
    let response =
        call(addr, "POST", "/api/v1/complaints", &[("Content-Type", "application/json".into())], tip.to_string().into_bytes()).await;
    assert_eq!(response.status, 201, "{}", response.text());
    let receipt = response.json()["receipt"].as_str().expect("a receipt").to_string();
    let case_number = response.json()["case_number"].as_str().expect("a case number").to_string();

    let status = call(addr, "GET", "/api/v1/complaints/status", &[("X-Receipt", receipt.clone())], Vec::new()).await;
    assert_eq!(status.status, 200, "{}", status.text());
    let form = format!("receipt={}", encode(&receipt)).into_bytes();
    let entered = call(addr, "POST", "/track", &[("Content-Type", "application/x-www-form-urlencoded".into())], form).await;
    assert_eq!(entered.status, 303, "{entered:?}");
    let cookie = set_cookie(&entered, "qd_receipt").expect("the receipt cookie");
    let page = call(addr, "GET", "/track", &[("Cookie", format!("qd_receipt={cookie}"))], Vec::new()).await;
    assert_eq!(page.status, 200);
    assert!(page.text().contains(&case_number), "the tracking page shows the case");
    let with_query = format!("/track?receipt={}&note={QUERY_MARK}", encode(&receipt));
    call(addr, "GET", &with_query, &[], Vec::new()).await;
    call(addr, "GET", &format!("/report?policy={QUERY_MARK}&draft={}", encode(&receipt)), &[], Vec::new()).await;
    call(addr, "GET", &format!("/staff/case/{case_number}?reveal={QUERY_MARK}"), &[], Vec::new()).await;

    // Metrics on the private address without a token; none on the main one.
    let scraped = scrape(metrics, None).await;
    assert_eq!(scraped.value("qingdan_tips_received_total", &[("channel", "online")]), 1.0);
    assert_eq!(scraped.value("qingdan_http_requests_total", &[("route", "/api/v1/complaints"), ("method", "POST"), ("status", "201")]), 1.0);
    assert_eq!(call(addr, "GET", "/metrics", &[], Vec::new()).await.status, 404);

    server.stop();
    let log = std::fs::read_to_string(&log_path).expect("the log");
    let lines: Vec<serde_json::Value> = log
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("a log line is not JSON ({e}): {l}")))
        .collect();
    assert!(lines.iter().all(|l| l.is_object() && l["level"].is_string() && l["timestamp"].is_string()), "{log}");
    let requests: Vec<&serde_json::Value> = lines.iter().filter(|l| l["message"] == "request").collect();

    let filed = requests
        .iter()
        .find(|l| l["route"] == "/api/v1/complaints")
        .unwrap_or_else(|| panic!("no request line for the tip: {log}"));
    assert_eq!(filed["method"], "POST");
    assert_eq!(filed["status"], 201);
    assert!(filed["duration_ms"].as_f64().is_some_and(|ms| ms >= 0.0), "{filed}");
    assert_eq!(filed["level"], "INFO");

    let searched = requests.iter().find(|l| l["route"] == "/search").unwrap_or_else(|| panic!("no search line: {log}"));
    assert_eq!(searched["path"], "/search");
    assert_eq!(searched["query"], format!("q={}", encode("贴息")), "{searched}");

    // Tip routes: the template only.
    for route in ["/api/v1/complaints/status", "/track", "/report", "/staff/case/{number}"] {
        let lines: Vec<&&serde_json::Value> = requests.iter().filter(|l| l["route"] == route).collect();
        assert!(!lines.is_empty(), "no request line for {route}: {log}");
        for line in lines {
            assert!(line.get("path").is_none() && line.get("query").is_none(), "{route} logged beyond its template: {line}");
        }
    }
    let track_lines = requests.iter().filter(|l| l["route"] == "/track").count();
    assert_eq!(track_lines, 3, "POST, GET with cookie, GET with query: {log}");

    let encoded_receipt = encode(&receipt);
    let bare_receipt = receipt.replace('-', "");
    for secret in [receipt.as_str(), encoded_receipt.as_str(), bare_receipt.as_str(), &cookie, NAME, PHONE, QUERY_MARK, &case_number] {
        assert!(!log.contains(secret), "the log contains {secret:?}:\n{log}");
    }
}
