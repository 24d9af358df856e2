//! Acknowledged tips survive a crash (SQLite, the real binary): tips are posted from
//! eight concurrent clients, the server is killed with SIGKILL halfway through, and
//! after a restart on the same data directory every receipt that was answered 201
//! still finds its case.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::process::{wait_healthy, ServerProcess};
use crate::support::try_request;

const TOTAL: usize = 200;
const KILL_AFTER: usize = 100;
const CLIENTS: usize = 8;


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
    let server = ServerProcess::start(&data_dir, &log, "warn");
    let addr = server.addr;
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
                            ServerProcess::kill(&child);
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
    let _server = ServerProcess::start(&data_dir, &log, "warn");
    let addr = _server.addr;
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

on_both_engines!(concurrent_tips_each_get_their_own_case);

/// Tips filed at once are written in shared commits: each still gets its own case
/// number and receipt, and each receipt finds its own case afterwards.
async fn concurrent_tips_each_get_their_own_case(db: &crate::common::TestDb) {
    let portal = db.portal(false).await;
    let mut tasks = Vec::new();
    for i in 0..64 {
        let portal = portal.clone();
        tasks.push(tokio::spawn(async move {
            let description = format!("并发线索{i}：惠企政策兑现被拖延，编号 group-{i:03}");
            let receipt = portal
                .complaints
                .submit(crate::support::named_tip(&description), vec![], "online", None, &format!("192.0.2.{i}"))
                .await
                .unwrap_or_else(|e| panic!("tip {i}: {e:?}"));
            (i, receipt)
        }));
    }
    let mut numbers = std::collections::HashSet::new();
    for task in tasks {
        let (i, receipt) = task.await.unwrap();
        assert!(numbers.insert(receipt.case_number.clone()), "case number {} given twice", receipt.case_number);
        let status = portal.complaints.status(&receipt.receipt, "198.51.100.1").await.expect("the receipt finds its case");
        assert_eq!(status.case_number, receipt.case_number, "tip {i}");
    }
    assert_eq!(numbers.len(), 64);
}
