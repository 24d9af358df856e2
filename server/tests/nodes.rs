//! Several nodes on one PostgreSQL database (issue 8, README "多个节点 / Several
//! nodes"): two real `qingdan serve` processes, A and B, each with its own data
//! directory and search index, one database, one key file, one SMTP server.
//!
//! 1. A policy list uploaded at A's admin desk is found by B's search within 5 s.
//! 2. A tip filed on A (the no-JS form, with evidence) is accepted by commission staff
//!    logged in on B, who also download the evidence there; the reporter tracks it on
//!    A with the receipt and sees the new state.
//! 3. With both mail workers running, every queued mail reaches the SMTP server
//!    exactly once.
//! 4. SIGKILL of A under a burst of tips: B keeps serving, and every tip A
//!    acknowledged (201 with a receipt) is tracked on B.
//!
//! A second test checks the change feed that keeps every node's index current: ids
//! must become visible in order even when two nodes write to it at once.
//!
//! PostgreSQL only: without `TEST_POSTGRES_URL` the tests fail and say so.

#[macro_use]
#[allow(dead_code)]
mod common;

#[path = "common/smtp.rs"]
mod smtp;

#[path = "complaints/support.rs"]
#[allow(unused_imports)]
mod support;

#[path = "nodes/cluster.rs"]
mod cluster;

use std::collections::{HashMap, HashSet};
use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use qingdan::platform::changes::{self, ENTITY_POLICY};
use qingdan::platform::db::Db;
use sqlx::Row;

use cluster::{Cluster, Node, PASSWORD};
use common::{csv_bytes, encode, good_row, set, HttpResponse, FULL_HEADER};
use support::{body_text, get_with_cookie, hidden_input, location, login_cookie, post_form, request, set_cookie, BOUNDARY};

/// Commission members with an address: every new tip mails both.
const JW: &str = "jw@jiwei.example.org";
const JW2: &str = "jw2@jiwei.example.org";
/// The named reporter of phase 2, asked a question (a mail to them).
const REPORTER: &str = "reporter@example.com";

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_nodes_share_one_postgresql_database() {
    let started = Instant::now();
    let cluster = Cluster::start().await;
    eprintln!("two nodes up on one fresh PostgreSQL database in {:.1} s", started.elapsed().as_secs_f64());
    let db = Db::connect(&cluster.db.url).await.expect("the test reaches the database");

    // Both nodes raced to load the sample list into the empty database: it is there
    // once, and both indexes hold all of it.
    let samples = policy_count(&db).await;
    assert!(samples > 300, "the sample list was not loaded: {samples} items");
    for node in [&cluster.a, &cluster.b] {
        let total = search_total(node.addr, "").await;
        assert_eq!(total, samples, "node {}'s index holds {total} of {samples} items", node.name);
    }

    cluster.user_add(&["--role", "admin", "admin"]);
    cluster.user_add(&["--role", "commission", "--name", "张纪检", "--email", JW, "jw"]);
    cluster.user_add(&["--role", "commission", "--name", "李纪检", "--email", JW2, "jw2"]);

    let phase = Instant::now();
    import_on_a_is_searchable_on_b(&cluster).await;
    eprintln!("1. import on A searchable on B: {:.1} s", phase.elapsed().as_secs_f64());

    let phase = Instant::now();
    let case_number = tip_on_a_handled_on_b(&cluster).await;
    eprintln!("2. tip on A handled on B, tracked on A: {:.1} s", phase.elapsed().as_secs_f64());

    let phase = Instant::now();
    mail_is_sent_exactly_once(&cluster, &db, &case_number).await;
    eprintln!("3. mail exactly once with two workers: {:.1} s", phase.elapsed().as_secs_f64());

    let phase = Instant::now();
    sigkill_of_a_loses_nothing_acknowledged(&cluster, &db).await;
    eprintln!("4. SIGKILL of A under load: {:.1} s", phase.elapsed().as_secs_f64());
    eprintln!("total {:.1} s", started.elapsed().as_secs_f64());
}

// ---------------------------------------------------------------------------
// 1. Import on A, search on B

/// A word in no sample policy (checked before the import).
const TERM: &str = "量子蜂巢";

async fn import_on_a_is_searchable_on_b(cluster: &Cluster) {
    let (a, b) = (&cluster.a, &cluster.b);
    assert_eq!(search_total(b.addr, TERM).await, 0, "{TERM} is already found before the import");

    let cookie = login_cookie(a.addr, "admin", PASSWORD, "/staff/admin").await;
    let page = get_with_cookie(a.addr, "/staff/admin", &cookie).await;
    assert_eq!(page.status, 200, "{}", body_text(&page));
    let csrf = hidden_input(&body_text(&page), "csrf").expect("csrf on the admin desk");
    let rows: Vec<_> = (1..=3)
        .map(|i| set(good_row(&format!("ND-00{i}")), "政策名称", &format!("{TERM}企业培育专项补助（第{i}档）")))
        .collect();
    let body = support::multipart(&[("csrf", &csrf)], &[("file", "清单.csv", &csv_bytes(FULL_HEADER, &rows))]);
    let headers = [("Content-Type", format!("multipart/form-data; boundary={BOUNDARY}")), ("Cookie", cookie.clone())];
    let response = request(a.addr, "POST", "/staff/admin/import", &headers, body).await;
    assert_eq!(response.status, 303, "{response:?}");
    let to = location(&response);
    assert!(to.starts_with("/staff/admin?ok=") && to.contains("新增 3"), "the upload on A was refused: {to}");
    let imported = Instant::now();

    // B never saw the upload: only the change feed tells it.
    let deadline = imported + Duration::from_secs(5);
    let codes = loop {
        let hits = search_codes(b.addr, TERM).await;
        if hits.len() == 3 {
            break hits;
        }
        assert!(Instant::now() < deadline, "B's search finds {hits:?} for {TERM} 5 s after the import on A");
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    eprintln!("   B found the import after {} ms", imported.elapsed().as_millis());
    assert_eq!(codes, ["ND-001", "ND-002", "ND-003"]);
    // And A, which wrote it, finds it too (its index follows the same feed).
    assert_eq!(search_codes(a.addr, TERM).await, codes);
}

async fn search(addr: SocketAddr, q: &str) -> serde_json::Value {
    let response = request(addr, "GET", &format!("/api/v1/policies?limit=100&q={}", encode(q)), &[], Vec::new()).await;
    assert_eq!(response.status, 200, "search {q:?} on {addr}: {}", body_text(&response));
    response.json()
}

async fn search_total(addr: SocketAddr, q: &str) -> i64 {
    search(addr, q).await["total"].as_i64().expect("total")
}

async fn search_codes(addr: SocketAddr, q: &str) -> Vec<String> {
    let json = search(addr, q).await;
    let mut codes: Vec<String> = json["hits"].as_array().expect("hits").iter().map(|h| h["code"].as_str().unwrap().to_string()).collect();
    codes.sort();
    codes
}

async fn policy_count(db: &Db) -> i64 {
    sqlx::query("SELECT COUNT(*) FROM policy_items").fetch_one(&db.pool).await.unwrap().get(0)
}

// ---------------------------------------------------------------------------
// 2. A tip filed on A, handled on B, tracked on A

/// The text between `marker` and the next `<` in a page.
fn text_after(html: &str, marker: &str) -> Option<String> {
    let start = html.find(marker)? + marker.len();
    let end = start + html[start..].find('<')?;
    Some(html[start..end].trim().to_string())
}

async fn tip_on_a_handled_on_b(cluster: &Cluster) -> String {
    let (a, b) = (&cluster.a, &cluster.b);

    // The reporter files a named tip with a photo through A's no-JS form.
    let evidence = support::png(4096);
    let fields = [
        ("kind", "policy_not_honoured"),
        ("description", "申报的稳岗补贴审核通过三个月仍未拨付，多次询问无人答复"),
        ("occurred_when", "2024年6月"),
        ("anonymous", "false"),
        ("name", "王小明"),
        ("phone", "13912345678"),
        ("email", REPORTER),
        ("pledge", "yes"),
    ];
    let response = support::post_multipart(a.addr, "/report", support::multipart(&fields, &[("files", "凭证.png", &evidence)])).await;
    assert_eq!(response.status, 303, "{response:?}");
    let to = location(&response);
    assert!(to.starts_with("/report/receipt?t="), "the tip was not taken: {to}");
    // The one-time receipt page is kept in A's memory: the reporter's browser follows
    // the redirect to A (README: the proxy keeps a client on one node).
    let page = body_text(&request(a.addr, "GET", response.header("location").unwrap(), &[], Vec::new()).await);
    let receipt = text_after(&page, "class=\"receipt-code\">").unwrap_or_else(|| panic!("no receipt on A's receipt page: {page}"));
    let number = text_after(&page, "id=\"case-number\">").unwrap_or_else(|| panic!("no case number on the receipt page: {page}"));
    assert_eq!(receipt.len(), 24, "{receipt:?}");
    assert!(number.starts_with("JB"), "{number:?}");
    assert_eq!(track_state(a.addr, &receipt).await, "submitted");

    // Commission staff log in on B: the case is in B's queue.
    let cookie = login_cookie(b.addr, "jw", PASSWORD, "/staff").await;
    let queue = body_text(&get_with_cookie(b.addr, "/staff", &cookie).await);
    assert!(queue.contains(&number), "B's queue lacks {number}");
    let csrf = hidden_input(&queue, "csrf").expect("csrf on B's queue page");
    let case_path = format!("/staff/case/{number}");
    let case_page = body_text(&get_with_cookie(b.addr, &case_path, &cookie).await);
    assert_eq!(text_after(&case_page, "id=\"case-state\">").as_deref(), Some("已提交"), "B's case page: {case_page}");
    // The evidence uploaded to A is stored in the database (sealed), so B serves it.
    let file_marker = format!("{case_path}/file/");
    let at = case_page.find(&file_marker).unwrap_or_else(|| panic!("no evidence link on B's case page: {case_page}"));
    let id: String = case_page[at + file_marker.len()..].chars().take_while(char::is_ascii_digit).collect();
    let download = get_with_cookie(b.addr, &format!("{file_marker}{id}"), &cookie).await;
    assert_eq!(download.status, 200, "{}", body_text(&download));
    assert!(download.body == evidence, "B served {} bytes, not the {} uploaded to A", download.body.len(), evidence.len());

    // Accepted on B…
    let response = post_form(b.addr, &case_path, Some(&cookie), &[("csrf", &csrf), ("action", "accept")]).await;
    assert_eq!(response.status, 303, "{response:?}");
    assert!(location(&response).contains("ok="), "accept on B was refused: {}", location(&response));
    // …and a question to the reporter (a mail to them, queued on B).
    let question = "请补充拨付申请的受理编号。";
    let response = post_form(b.addr, &case_path, Some(&cookie), &[("csrf", &csrf), ("action", "ask_reporter"), ("question", question)]).await;
    assert!(location(&response).contains("ok="), "the question on B was refused: {}", location(&response));

    // The reporter tracks the case on A: JSON…
    let status = status_json(a.addr, &receipt).await;
    assert_eq!(status["case_number"], number.as_str());
    assert_eq!(status["state"], "accepted", "{status}");
    assert_eq!(status["state_label"], "已受理");
    assert_eq!(status["question"], question, "{status}");
    // …and the no-JS tracking page.
    let response = post_form(a.addr, "/track", None, &[("receipt", &receipt)]).await;
    assert_eq!(response.status, 303, "{response:?}");
    let tracking = set_cookie(&response, "qd_receipt").expect("a tracking cookie");
    let page = body_text(&get_with_cookie(a.addr, "/track", &format!("qd_receipt={tracking}")).await);
    assert!(page.contains(&number) && page.contains("已受理") && page.contains(question), "A's tracking page: {page}");
    number
}

async fn status_response(addr: SocketAddr, receipt: &str) -> HttpResponse {
    request(addr, "GET", "/api/v1/complaints/status", &[("X-Receipt", receipt.to_string())], Vec::new()).await
}

async fn status_json(addr: SocketAddr, receipt: &str) -> serde_json::Value {
    let response = status_response(addr, receipt).await;
    assert_eq!(response.status, 200, "status on {addr}: {}", body_text(&response));
    response.json()
}

async fn track_state(addr: SocketAddr, receipt: &str) -> String {
    status_json(addr, receipt).await["state"].as_str().unwrap().to_string()
}

// ---------------------------------------------------------------------------
// 3. Mail, exactly once

async fn post_tip(addr: SocketAddr, description: &str) -> HttpResponse {
    let body = serde_json::json!({
        "category": "harming_environment",
        "description": description,
        "name": "赵企业",
        "phone": "13600000000",
    });
    request(addr, "POST", "/api/v1/complaints", &[("Content-Type", "application/json".into())], body.to_string().into_bytes()).await
}

struct OutboxRow {
    message_id: String,
    subject: String,
    attempts: i64,
    sent: bool,
}

async fn outbox(db: &Db) -> Vec<OutboxRow> {
    sqlx::query("SELECT message_id, subject, attempts, sent_at FROM mail_outbox ORDER BY id")
        .fetch_all(&db.pool)
        .await
        .unwrap()
        .iter()
        .map(|r| OutboxRow {
            message_id: r.get(0),
            subject: r.get(1),
            attempts: r.get(2),
            sent: r.get::<Option<String>, _>(3).is_some(),
        })
        .collect()
}

fn delivered_lines(node: &Node) -> usize {
    node.log_text().lines().filter(|l| l.contains("mail delivered")).count()
}

async fn mail_is_sent_exactly_once(cluster: &Cluster, db: &Db, first_case: &str) {
    // A burst of tips on both nodes: each queues a mail to both commission members,
    // so both workers find a full outbox at once.
    let mut tasks = Vec::new();
    for i in 0..20 {
        let addr = if i % 2 == 0 { cluster.a.addr } else { cluster.b.addr };
        tasks.push(tokio::spawn(async move {
            let response = post_tip(addr, &format!("第{i}家企业反映：窗口要求重复提交已经提交过的材料")).await;
            assert_eq!(response.status, 201, "{}", body_text(&response));
            response.json()["case_number"].as_str().unwrap().to_string()
        }));
    }
    let mut cases = vec![first_case.to_string()];
    for t in tasks {
        cases.push(t.await.expect("tip task"));
    }

    // Everything sent, then long enough for both workers (1 s poll) to have looked
    // at the outbox several more times.
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let rows = outbox(db).await;
        if rows.iter().all(|r| r.sent) {
            break;
        }
        assert!(Instant::now() < deadline, "{} of {} mails unsent after 30 s", rows.iter().filter(|r| !r.sent).count(), rows.len());
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    tokio::time::sleep(Duration::from_secs(3)).await;

    let rows = outbox(db).await;
    // 21 tips × 2 commission members, and the question to the reporter.
    assert_eq!(rows.len(), 21 * 2 + 1, "queued mails");
    let received = cluster.smtp.received();
    let mut by_id: HashMap<&str, usize> = HashMap::new();
    for m in &received {
        *by_id.entry(m.message_id.as_str()).or_default() += 1;
    }
    let twice: Vec<_> = by_id.iter().filter(|(_, n)| **n > 1).collect();
    assert!(twice.is_empty(), "sent more than once: {twice:?}");
    assert_eq!(received.len(), rows.len(), "the SMTP server received {} messages for {} queued", received.len(), rows.len());
    for row in &rows {
        assert_eq!(by_id.get(row.message_id.as_str()), Some(&1), "{} ({}) was not received exactly once", row.message_id, row.subject);
        assert_eq!(row.attempts, 1, "{} was claimed {} times", row.subject, row.attempts);
    }
    // Per recipient and subject, as a person would count their inbox.
    for case in &cases {
        for to in [JW, JW2] {
            let n = received.iter().filter(|m| m.rcpt_tos == [to] && m.subject == format!("新问题线索 {case}")).count();
            assert_eq!(n, 1, "{to} got {n} mails about {case}");
        }
    }
    let to_reporter = received.iter().filter(|m| m.rcpt_tos == [REPORTER]).count();
    assert_eq!(to_reporter, 1, "the reporter got {to_reporter} mails");

    // Each delivery is logged by the node that made it: the logs add up to the count.
    let (by_a, by_b) = (delivered_lines(&cluster.a), delivered_lines(&cluster.b));
    eprintln!("   {} mails: {by_a} delivered by A, {by_b} by B", rows.len());
    assert_eq!(by_a + by_b, rows.len(), "the nodes logged {by_a} + {by_b} deliveries of {} mails", rows.len());
}

// ---------------------------------------------------------------------------
// 4. SIGKILL of A under load

const TOTAL: usize = 200;
const KILL_AFTER: usize = 60;
const CLIENTS: usize = 8;

async fn sigkill_of_a_loses_nothing_acknowledged(cluster: &Cluster, db: &Db) {
    let a = cluster.a.addr;
    let next = Arc::new(AtomicUsize::new(0));
    let answered = Arc::new(AtomicUsize::new(0));
    let receipts = Arc::new(Mutex::new(Vec::<(usize, String, String)>::new()));
    let killed = Arc::new(Mutex::new(false));
    let mut tasks = Vec::new();
    for _ in 0..CLIENTS {
        let (next, answered, receipts, killed, child) =
            (next.clone(), answered.clone(), receipts.clone(), killed.clone(), cluster.a.child.clone());
        tasks.push(tokio::spawn(async move {
            let mut cut_off = 0usize;
            loop {
                let i = next.fetch_add(1, Ordering::SeqCst);
                if i >= TOTAL {
                    return cut_off;
                }
                let body = serde_json::json!({
                    "category": "policy_not_honoured",
                    "description": format!("第{i}号线索：企业申报的稳岗补贴迟迟未到账，编号 nodes-{i:04}"),
                    "name": format!("测试者{i}"),
                    "phone": format!("1390000{i:04}"),
                });
                let headers = [("Content-Type", "application/json".to_string())];
                let outcome = tokio::time::timeout(
                    Duration::from_secs(30),
                    common::try_request(a, "POST", "/api/v1/complaints", &headers, body.to_string().into_bytes()),
                )
                .await;
                match outcome {
                    Ok(Ok(response)) => {
                        if response.status == 201 {
                            let json = response.json();
                            let receipt = json["receipt"].as_str().expect("receipt").to_string();
                            let number = json["case_number"].as_str().expect("case number").to_string();
                            receipts.lock().unwrap().push((i, receipt, number));
                        } else {
                            // Before the kill, anything but 201 is a failure of its own.
                            assert!(*killed.lock().unwrap(), "tip {i}: {} {}", response.status, body_text(&response));
                        }
                        if answered.fetch_add(1, Ordering::SeqCst) + 1 == KILL_AFTER {
                            *killed.lock().unwrap() = true;
                            Node::kill(&child);
                        }
                    }
                    _ => cut_off += 1,
                }
            }
        }));
    }
    let mut cut_off = 0;
    for t in tasks {
        cut_off += t.await.expect("client task");
    }
    assert!(*killed.lock().unwrap(), "A was never killed");
    assert!(!cluster.a.alive(), "A survived SIGKILL");
    let receipts = std::mem::take(&mut *receipts.lock().unwrap());
    assert!(receipts.len() >= KILL_AFTER - CLIENTS, "only {} tips were acknowledged before the kill", receipts.len());
    assert!(cut_off > 0, "the kill interrupted nothing: all {TOTAL} requests were answered");
    eprintln!("   A acknowledged {} tips before SIGKILL; {cut_off} requests cut off", receipts.len());

    // B is still serving: every acknowledged tip is tracked there, as submitted.
    let b = cluster.b.addr;
    let mut lost = Vec::new();
    for (i, receipt, number) in &receipts {
        let response = status_response(b, receipt).await;
        if response.status != 200 {
            lost.push((i, response.status));
            continue;
        }
        let json = response.json();
        assert_eq!(json["case_number"], number.as_str(), "tip {i}");
        assert_eq!(json["state"], "submitted", "tip {i}");
    }
    assert!(lost.is_empty(), "{} of {} tips acknowledged by A are not tracked on B: {lost:?}", lost.len(), receipts.len());
    // The lookups proved something: a wrong receipt is refused.
    assert_eq!(status_response(b, "0000-0000-0000-0000-0000").await.status, 404);

    // The database holds each acknowledged case once.
    let numbers: HashSet<&str> = receipts.iter().map(|(_, _, n)| n.as_str()).collect();
    assert_eq!(numbers.len(), receipts.len(), "two acknowledgements named one case");
    let stored: HashSet<String> = sqlx::query("SELECT case_number FROM complaints")
        .fetch_all(&db.pool)
        .await
        .unwrap()
        .iter()
        .map(|r| r.get(0))
        .collect();
    let missing: Vec<_> = numbers.iter().filter(|n| !stored.contains(**n)).collect();
    assert!(missing.is_empty(), "acknowledged cases missing from the database: {missing:?}");

    // B takes new tips, searches, and its staff see the cases A took before it died.
    let response = post_tip(b, "A 节点宕机后提交的线索：窗口拒收纸质材料").await;
    assert_eq!(response.status, 201, "B refused a tip after A died: {}", body_text(&response));
    let after = response.json()["case_number"].as_str().unwrap().to_string();
    assert_eq!(search_codes(b, TERM).await, ["ND-001", "ND-002", "ND-003"]);
    let cookie = login_cookie(b, "jw2", PASSWORD, "/staff").await;
    let queue = body_text(&get_with_cookie(b, "/staff", &cookie).await);
    assert!(queue.contains(&after), "B's queue lacks the tip filed on B after the kill");
    let (_, _, last_on_a) = receipts.last().unwrap();
    let case = get_with_cookie(b, &format!("/staff/case/{last_on_a}"), &cookie).await;
    assert_eq!(case.status, 200);
    assert!(body_text(&case).contains(last_on_a.as_str()));
    assert!(cluster.b.alive(), "B died");
}

// ---------------------------------------------------------------------------
// The change feed under concurrent writers

/// Each node's index applies the feed after the highest id it has seen. On PostgreSQL a
/// sequence hands out ids at insert time, so without care a writer that started first
/// and commits last (a large upload on one node) lands *below* a follower's position
/// after a quicker import on another node committed, and no index ever sees it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn change_feed_ids_become_visible_in_order() {
    cluster::postgres_url();
    let test_db = common::postgres().await.expect("TEST_POSTGRES_URL is set");
    let db = Db::connect(&test_db.url).await.expect("the test reaches the database");
    let dir = tempfile::tempdir().unwrap();

    // A slow writer: it has appended to the feed and not committed yet.
    let mut slow = db.pool.begin().await.unwrap();
    changes::record(&mut slow, ENTITY_POLICY, "SLOW-1", &qingdan::platform::clock::now()).await.unwrap();

    // Meanwhile another process imports a list (`qingdan import`, as on another machine).
    let file = dir.path().join("list.csv");
    let codes = ["FAST-001", "FAST-002", "FAST-003"];
    std::fs::write(&file, csv_bytes(FULL_HEADER, &codes.map(good_row))).unwrap();
    let mut command = cluster::qingdan_command(&test_db, dir.path(), &dir.path().join("key"));
    command.args(["import", "policies"]).arg(&file);
    let import = tokio::task::spawn_blocking(move || command.output().expect("the qingdan binary runs"));
    // Time for the import to finish if nothing holds it back.
    let deadline = Instant::now() + Duration::from_secs(3);
    while !import.is_finished() && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    eprintln!("the import {} while the slow writer was open", if import.is_finished() { "committed" } else { "waited" });

    // A follower polls now, then again after both have committed.
    let first = changes::since(&db, 0, 1000).await.unwrap();
    let position = first.last().map(|c| c.id).unwrap_or(0);
    slow.commit().await.unwrap();
    let out = import.await.unwrap();
    assert!(out.status.success(), "import: {}\n{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    let then = changes::since(&db, position, 1000).await.unwrap();
    let seen: HashSet<&str> = first.iter().chain(&then).map(|c| c.key.as_str()).collect();
    for key in codes.iter().copied().chain(["SLOW-1"]) {
        assert!(
            seen.contains(key),
            "a follower at id {position} never sees {key}: first poll {first:?}, second poll {then:?}"
        );
    }
}
