//! Acknowledged tips survive a crash (SQLite, the real binary): tips are posted from
//! eight concurrent clients, the server is killed with SIGKILL halfway through, and
//! after a restart on the same data directory every receipt that was answered 201
//! still finds its case.

use std::net::SocketAddr;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::support::try_request;

const TOTAL: usize = 200;
const KILL_AFTER: usize = 100;
const CLIENTS: usize = 8;

/// The server process; killed when dropped, whatever the test does.
struct Server {
    child: Arc<Mutex<Option<Child>>>,
}

impl Server {
    fn start(data_dir: &Path, addr: SocketAddr, log: &Path) -> Server {
        let log = std::fs::OpenOptions::new().create(true).append(true).open(log).expect("log file");
        let child = Command::new(env!("CARGO_BIN_EXE_qingdan"))
            .arg("serve")
            .current_dir(data_dir)
            .env("QINGDAN_DATA_DIR", data_dir)
            .env("QINGDAN_SAMPLE_DATA", "0")
            .env("QINGDAN_ADDR", addr.to_string())
            .env("QINGDAN_LOG", "warn")
            .env_remove("QINGDAN_DATABASE_URL")
            .env_remove("QINGDAN_SMTP_URL")
            .env_remove("QINGDAN_KEY_FILE")
            .stdin(Stdio::null())
            .stdout(log.try_clone().unwrap())
            .stderr(log)
            .spawn()
            .expect("the qingdan binary starts");
        Server { child: Arc::new(Mutex::new(Some(child))) }
    }

    /// SIGKILL (what `Child::kill` sends on Unix), then reap.
    fn kill(child: &Mutex<Option<Child>>) {
        if let Some(mut c) = child.lock().unwrap_or_else(|e| e.into_inner()).take() {
            let _ = c.kill();
            let _ = c.wait();
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        Server::kill(&self.child);
    }
}

fn free_port() -> SocketAddr {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    listener.local_addr().unwrap()
}

async fn wait_healthy(addr: SocketAddr, log: &Path) {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        if let Ok(Ok(r)) = tokio::time::timeout(Duration::from_secs(5), try_request(addr, "GET", "/healthz", &[], Vec::new())).await {
            if r.status == 200 {
                return;
            }
        }
        assert!(
            Instant::now() < deadline,
            "the server did not come up on {addr}: {}",
            std::fs::read_to_string(log).unwrap_or_default()
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

fn tip(i: usize) -> Vec<u8> {
    serde_json::json!({
        "category": "policy_not_honoured",
        "description": format!("第{i}号线索：企业申报的稳岗补贴迟迟未到账，编号 durability-{i:04}"),
        "anonymous": false,
        "name": format!("测试者{i}"),
        "phone": format!("1390000{i:04}"),
    })
    .to_string()
    .into_bytes()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn acknowledged_tips_survive_sigkill() {
    let root = tempfile::tempdir().unwrap();
    let data_dir = root.path().join("data");
    std::fs::create_dir_all(&data_dir).unwrap();
    let log = root.path().join("server.log");
    let addr = free_port();
    let server = Server::start(&data_dir, addr, &log);
    wait_healthy(addr, &log).await;

    let next = Arc::new(AtomicUsize::new(0));
    let answered = Arc::new(AtomicUsize::new(0));
    let receipts = Arc::new(Mutex::new(Vec::<(usize, String, String)>::new()));
    let killed_at = Arc::new(Mutex::new(None::<Instant>));
    let started = Instant::now();
    let mut tasks = Vec::new();
    for _ in 0..CLIENTS {
        let (next, answered, receipts, killed_at, child) =
            (next.clone(), answered.clone(), receipts.clone(), killed_at.clone(), server.child.clone());
        tasks.push(tokio::spawn(async move {
            let mut failures = 0usize;
            loop {
                let i = next.fetch_add(1, Ordering::SeqCst);
                if i >= TOTAL {
                    return failures;
                }
                let headers = [("Content-Type", "application/json".to_string())];
                let outcome =
                    tokio::time::timeout(Duration::from_secs(30), try_request(addr, "POST", "/api/v1/complaints", &headers, tip(i))).await;
                match outcome {
                    Ok(Ok(response)) => {
                        if response.status == 201 {
                            let body = response.json();
                            let receipt = body["receipt"].as_str().expect("receipt").to_string();
                            let number = body["case_number"].as_str().expect("case number").to_string();
                            receipts.lock().unwrap().push((i, receipt, number));
                        } else {
                            // Anything but 201 before the kill is a failure of its own.
                            assert!(
                                killed_at.lock().unwrap().is_some(),
                                "tip {i}: {} {}",
                                response.status,
                                String::from_utf8_lossy(&response.body)
                            );
                        }
                        if answered.fetch_add(1, Ordering::SeqCst) + 1 == KILL_AFTER {
                            *killed_at.lock().unwrap() = Some(Instant::now());
                            Server::kill(&child);
                        }
                    }
                    _ => failures += 1,
                }
            }
        }));
    }
    let mut failures = 0;
    for t in tasks {
        failures += t.await.expect("client task");
    }
    let killed_at = killed_at.lock().unwrap().expect("the server was killed mid-run");
    let receipts = std::mem::take(&mut *receipts.lock().unwrap());
    assert!(receipts.len() >= KILL_AFTER - CLIENTS, "only {} tips were acknowledged", receipts.len());
    assert!(failures > 0, "the kill interrupted nothing: all {TOTAL} requests were answered");
    let elapsed = killed_at.duration_since(started).as_secs_f64();
    eprintln!(
        "durable intake (SQLite, synchronous=FULL, {CLIENTS} clients): {} tips acknowledged in {:.2} s = {:.0} tips/s; {} requests cut off by SIGKILL",
        receipts.len(),
        elapsed,
        receipts.len() as f64 / elapsed,
        failures
    );
    drop(server);

    // Restart on the same data directory (a new port, in case the old one lingers).
    let addr = free_port();
    let _server = Server::start(&data_dir, addr, &log);
    wait_healthy(addr, &log).await;
    let mut lost = Vec::new();
    for (i, receipt, number) in &receipts {
        let response = tokio::time::timeout(
            Duration::from_secs(30),
            try_request(addr, "GET", "/api/v1/complaints/status", &[("X-Receipt", receipt.clone())], Vec::new()),
        )
        .await
        .expect("status in time")
        .expect("status answered");
        if response.status != 200 {
            lost.push((i, response.status));
            continue;
        }
        let json = response.json();
        assert_eq!(json["case_number"], number.as_str(), "tip {i}");
        assert_eq!(json["state"], "submitted", "tip {i}");
    }
    assert!(lost.is_empty(), "{} of {} acknowledged tips are gone after the crash: {lost:?}", lost.len(), receipts.len());
    // And a wrong receipt is still refused (the lookups above did prove something).
    let response = try_request(addr, "GET", "/api/v1/complaints/status", &[("X-Receipt", "0000-0000-0000-0000-0000".into())], Vec::new())
        .await
        .unwrap();
    assert_eq!(response.status, 404);
}
