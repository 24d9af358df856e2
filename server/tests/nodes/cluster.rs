//! Two real `qingdan serve` processes on one PostgreSQL database, the way README's
//! "多个节点 / Several nodes" section deploys them: one shared `QINGDAN_KEY_FILE`, one
//! `QINGDAN_DATABASE_URL`, a data directory (search index) and port per node, and both
//! delivering mail to one SMTP server. Every child process is killed when its guard
//! drops, however the test ends.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use tempfile::TempDir;

use crate::common::{self, try_request, TestDb};
use crate::smtp::SmtpServer;

/// The password of every account the test creates.
pub const PASSWORD: &str = crate::support::PASSWORD;

/// `TEST_POSTGRES_URL`, or a failure that says how to run the test: this test is about
/// PostgreSQL and must never pass by skipping.
pub fn postgres_url() -> String {
    match std::env::var("TEST_POSTGRES_URL") {
        Ok(url) if !url.trim().is_empty() => url,
        _ => panic!(
            "tests/nodes.rs runs two `qingdan serve` processes on one PostgreSQL database and needs \
             TEST_POSTGRES_URL, e.g. TEST_POSTGRES_URL=postgres://postgres@127.0.0.1:5432/postgres \
             (tools/test.sh sets it). It does not run on SQLite."
        ),
    }
}

/// One `qingdan serve` child process.
pub struct Node {
    pub name: &'static str,
    pub addr: SocketAddr,
    pub log: PathBuf,
    /// Shared so a client task can SIGKILL the node mid-burst.
    pub child: Arc<Mutex<Option<Child>>>,
}

impl Node {
    /// SIGKILL (what `Child::kill` sends on Unix), then reap. Idempotent.
    pub fn kill(child: &Mutex<Option<Child>>) {
        if let Some(mut c) = child.lock().unwrap_or_else(|e| e.into_inner()).take() {
            let _ = c.kill();
            let _ = c.wait();
        }
    }

    pub fn log_text(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }

    /// Whether the process is still running.
    pub fn alive(&self) -> bool {
        match self.child.lock().unwrap_or_else(|e| e.into_inner()).as_mut() {
            Some(c) => matches!(c.try_wait(), Ok(None)),
            None => false,
        }
    }
}

impl Drop for Node {
    fn drop(&mut self) {
        Node::kill(&self.child);
    }
}

/// Two nodes, their SMTP server and their database. Fields drop in order: the nodes
/// first (so nothing holds the database when it is dropped), then the SMTP server, the
/// database and the temporary directory.
pub struct Cluster {
    pub a: Node,
    pub b: Node,
    pub smtp: SmtpServer,
    pub db: TestDb,
    pub root: TempDir,
}

/// `qingdan` with only the variables this test sets: nothing `QINGDAN_*` leaks in from
/// the environment the tests run in.
pub fn qingdan_command(db: &TestDb, data_dir: &Path, key_file: &Path) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_qingdan"));
    for (name, _) in std::env::vars_os() {
        if name.to_string_lossy().starts_with("QINGDAN_") {
            command.env_remove(name);
        }
    }
    command
        .current_dir(data_dir)
        .env("QINGDAN_DATA_DIR", data_dir)
        .env("QINGDAN_DATABASE_URL", &db.url)
        .env("QINGDAN_KEY_FILE", key_file)
        // A load test: every tip comes from this one address.
        .env("QINGDAN_TIPS_PER_CLIENT", "100000")
        .env("QINGDAN_TIPS_PER_MINUTE", "100000")
        .env("RUST_BACKTRACE", "1")
        .stdin(Stdio::null());
    command
}

fn spawn_node(name: &'static str, root: &Path, db: &TestDb, key_file: &Path, smtp_url: &str) -> Node {
    let data_dir = root.join(name);
    std::fs::create_dir_all(&data_dir).unwrap();
    let log = root.join(format!("{name}.log"));
    let file = std::fs::File::create(&log).expect("log file");
    let child = qingdan_command(db, &data_dir, key_file)
        .arg("serve")
        .env("QINGDAN_ADDR", "127.0.0.1:0")
        .env("QINGDAN_SMTP_URL", smtp_url)
        // Both nodes start on an empty database at once and both try to load the samples.
        .env("QINGDAN_SAMPLE_DATA", "1")
        // `info` for the mail worker's "mail delivered" lines, which the test counts.
        .env("QINGDAN_LOG", "info,sqlx=warn,tantivy=warn")
        .stdout(file.try_clone().unwrap())
        .stderr(file)
        .spawn()
        .expect("the qingdan binary starts");
    // Known once it has bound: see `listening`.
    let addr = SocketAddr::from(([0, 0, 0, 0], 0));
    Node { name, addr, log, child: Arc::new(Mutex::new(Some(child))) }
}

/// Waits for the node to say which port it got.
fn listening(mut node: Node) -> Node {
    let child = node.child.clone();
    let exited = move || child.lock().unwrap_or_else(|e| e.into_inner()).as_mut().is_none_or(|c| matches!(c.try_wait(), Ok(Some(_))));
    node.addr = crate::common::announced_addr(&node.log, 0, "listening on", exited);
    node
}

/// Waits for `/healthz`; fails with the node's log if it exits or does not come up.
pub async fn wait_healthy(node: &Node) {
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        if let Ok(Ok(r)) = tokio::time::timeout(Duration::from_secs(5), try_request(node.addr, "GET", "/healthz", &[], Vec::new())).await {
            if r.status == 200 {
                return;
            }
        }
        assert!(node.alive(), "node {} exited during start-up:\n{}", node.name, node.log_text());
        assert!(Instant::now() < deadline, "node {} did not come up on {}:\n{}", node.name, node.addr, node.log_text());
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

impl Cluster {
    /// A fresh database, an SMTP server, and nodes A and B started at the same moment
    /// on it (racing for the migrations, the sample list and the key file, as two
    /// machines booting together do).
    pub async fn start() -> Cluster {
        postgres_url();
        let db = common::postgres().await.expect("TEST_POSTGRES_URL is set");
        let root = tempfile::tempdir().unwrap();
        let smtp = SmtpServer::start_any(&root.path().join("maildir"));
        // One key file for both nodes; neither has created it yet.
        let key_file = root.path().join("shared").join("qingdan.key");
        std::fs::create_dir_all(key_file.parent().unwrap()).unwrap();
        // Both start at once; then each says where it listens.
        let a = spawn_node("a", root.path(), &db, &key_file, &smtp.url());
        let b = spawn_node("b", root.path(), &db, &key_file, &smtp.url());
        let (a, b) = (listening(a), listening(b));
        let cluster = Cluster { a, b, smtp, db, root };
        tokio::join!(wait_healthy(&cluster.a), wait_healthy(&cluster.b));
        cluster
    }

    pub fn key_file(&self) -> PathBuf {
        self.root.path().join("shared").join("qingdan.key")
    }

    /// `qingdan ARGS…` (not `serve`) on the shared database, with `QINGDAN_PASSWORD`.
    pub fn cli(&self, args: &[&str]) -> Output {
        let dir = self.root.path().join("cli");
        std::fs::create_dir_all(&dir).unwrap();
        qingdan_command(&self.db, &dir, &self.key_file())
            .args(args)
            .env("QINGDAN_PASSWORD", PASSWORD)
            .output()
            .expect("the qingdan binary runs")
    }

    /// `qingdan user add …`, which must succeed.
    pub fn user_add(&self, args: &[&str]) {
        let mut all = vec!["user", "add"];
        all.extend_from_slice(args);
        let out = self.cli(&all);
        assert!(
            out.status.success(),
            "qingdan {all:?} failed:\n{}\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }
}
