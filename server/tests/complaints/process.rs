//! The real `qingdan serve` as a child process on port 0 (it says which port it got), for
//! the tests that kill it or read everything it prints. It is killed when dropped,
//! whatever the test does.

use std::net::SocketAddr;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::support::try_request;

pub struct ServerProcess {
    /// Shared so a client task can SIGKILL the server mid-burst.
    pub child: Arc<Mutex<Option<Child>>>,
    /// Where it listens (the port it was given by the system).
    pub addr: SocketAddr,
}

impl ServerProcess {
    /// Starts the server on SQLite in `data_dir`, appending stdout and stderr to `log`,
    /// with `log_level` as QINGDAN_LOG and RUST_LOG.
    pub fn start(data_dir: &Path, log: &Path, log_level: &str) -> ServerProcess {
        Self::start_with(data_dir, log, log_level, &[])
    }

    /// `start` with more `QINGDAN_*` settings.
    pub fn start_with(data_dir: &Path, log_path: &Path, log_level: &str, settings: &[(&str, &str)]) -> ServerProcess {
        let from = crate::common::file_len(log_path);
        let log = std::fs::OpenOptions::new().create(true).append(true).open(log_path).expect("log file");
        let mut command = Command::new(env!("CARGO_BIN_EXE_qingdan"));
        command
            .arg("serve")
            .current_dir(data_dir)
            .env("QINGDAN_DATA_DIR", data_dir)
            .env("QINGDAN_SAMPLE_DATA", "0")
            // A load test: every tip comes from this one address.
            .env("QINGDAN_TIPS_PER_CLIENT", "100000")
            .env("QINGDAN_TIPS_PER_MINUTE", "100000")
            .env("QINGDAN_ADDR", "127.0.0.1:0")
            .env("QINGDAN_LOG", log_level)
            .env("RUST_LOG", log_level)
            .env("RUST_BACKTRACE", "1")
            .env_remove("QINGDAN_DATABASE_URL")
            .env_remove("QINGDAN_SMTP_URL")
            .env_remove("QINGDAN_KEY_FILE")
            .stdin(Stdio::null())
            .stdout(log.try_clone().expect("log handle"))
            .stderr(log);
        // Last, so a test's settings win over the defaults above.
        for (k, v) in settings {
            command.env(k, v);
        }
        let child = command.spawn().expect("the qingdan binary starts");
        let child = Arc::new(Mutex::new(Some(child)));
        let watched = child.clone();
        let exited = move || {
            watched.lock().unwrap_or_else(|e| e.into_inner()).as_mut().is_none_or(|c| matches!(c.try_wait(), Ok(Some(_))))
        };
        let addr = crate::common::announced_addr(log_path, from, "listening on", exited);
        ServerProcess { child, addr }
    }

    /// SIGKILL (what `Child::kill` sends on Unix), then reap.
    pub fn kill(child: &Mutex<Option<Child>>) {
        if let Some(mut c) = child.lock().unwrap_or_else(|e| e.into_inner()).take() {
            let _ = c.kill();
            let _ = c.wait();
        }
    }

    /// SIGTERM (graceful shutdown, so buffered output is flushed), SIGKILL after 10 s.
    pub fn stop(&self) {
        let Some(mut child) = self.child.lock().unwrap_or_else(|e| e.into_inner()).take() else { return };
        let _ = Command::new("kill").arg("-TERM").arg(child.id().to_string()).status();
        let deadline = Instant::now() + Duration::from_secs(10);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = child.kill();
        let _ = child.wait();
    }
}

impl Drop for ServerProcess {
    fn drop(&mut self) {
        ServerProcess::kill(&self.child);
    }
}

/// Waits for /healthz, failing with the server's log if it does not come up.
pub async fn wait_healthy(addr: SocketAddr, log: &Path) {
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        if let Ok(Ok(r)) = tokio::time::timeout(Duration::from_secs(5), try_request(addr, "GET", "/healthz", &[], Vec::new())).await {
            if r.status == 200 {
                return;
            }
        }
        assert!(Instant::now() < deadline, "the server did not come up on {addr}: {}", std::fs::read_to_string(log).unwrap_or_default());
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// `qingdan user add --role commission … jw` on `data_dir` (SQLite), the way the README
/// makes the first accounts: 纪委甲, mailed at jw@jiwei.example.org. `log_level` is the
/// command's QINGDAN_LOG (a test may want its trace in the log it scans).
pub fn add_commission_member(data_dir: &Path, log_level: &str) {
    let out = Command::new(env!("CARGO_BIN_EXE_qingdan"))
        .args(["user", "add", "--role", "commission", "--email", "jw@jiwei.example.org", "--name", "纪委甲", "jw"])
        .env("QINGDAN_DATA_DIR", data_dir)
        .env("QINGDAN_PASSWORD", crate::support::PASSWORD)
        .env("QINGDAN_LOG", log_level)
        .env_remove("QINGDAN_DATABASE_URL")
        .env_remove("QINGDAN_KEY_FILE")
        .output()
        .expect("qingdan user add runs");
    assert!(out.status.success(), "user add: {}", String::from_utf8_lossy(&out.stderr));
}
