//! A real SMTP server for tests: Python's aiosmtpd (`python3 -m pip install
//! aiosmtpd==1.4.6`), run as a child process that is killed when the guard drops.
//! Each message it accepts becomes `<dir>/<uuid>.eml` (the bytes as received) and
//! `<dir>/<uuid>.json` (the envelope and the headers and body as Python's `email`
//! package decodes them), both written atomically, the `.json` last.
//!
//! Use it from a test file with `#[path = "common/smtp.rs"] mod smtp;`.
#![allow(dead_code)]

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const SINK: &str = r#"
import asyncio, email, json, os, sys, uuid
from email import policy
from aiosmtpd.smtp import SMTP

host, port, out, ready = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
# Optional: hold the reply to the first message (stored at once, "250" only when the
# gate file appears or after `hold` seconds), to test a sender that dies or stalls then.
gate = sys.argv[5] if len(sys.argv) > 5 else ""
hold = float(sys.argv[6]) if len(sys.argv) > 6 else 0.0
held = [False]
os.makedirs(out, exist_ok=True)

def put(name, data):
    tmp = os.path.join(out, "." + name + ".tmp")
    with open(tmp, "wb") as f:
        f.write(data)
        f.flush()
        os.fsync(f.fileno())
    os.rename(tmp, os.path.join(out, name))

class Sink:
    async def handle_DATA(self, server, session, envelope):
        raw = envelope.original_content or envelope.content
        if isinstance(raw, str):
            raw = raw.encode("utf-8")
        msg = email.message_from_bytes(raw, policy=policy.default)
        body = msg.get_body(preferencelist=("plain",))
        record = {
            "mail_from": envelope.mail_from,
            "rcpt_tos": list(envelope.rcpt_tos),
            "message_id": str(msg["Message-ID"] or ""),
            "from": str(msg["From"] or ""),
            "to": str(msg["To"] or ""),
            "subject": str(msg["Subject"] or ""),
            "content_type": msg.get_content_type(),
            "charset": msg.get_content_charset(),
            "body": body.get_content() if body is not None else "",
        }
        name = uuid.uuid4().hex
        put(name + ".eml", raw)
        put(name + ".json", json.dumps(record, ensure_ascii=False).encode("utf-8"))
        if gate and not held[0]:
            held[0] = True
            open(gate + ".held", "w").close()
            waited = 0.0
            while not os.path.exists(gate) and waited < hold:
                await asyncio.sleep(0.05)
                waited += 0.05
        return "250 OK"

async def main():
    # Port 0: the system picks a free one; the ready file says which.
    server = await asyncio.get_running_loop().create_server(lambda: SMTP(Sink()), host, port)
    put_ready = ready + ".tmp"
    with open(put_ready, "w") as f:
        f.write(str(server.sockets[0].getsockname()[1]))
    os.rename(put_ready, ready)
    await server.serve_forever()

asyncio.run(main())
"#;

/// The exact command that installs the server's Python package.
pub const PIP_INSTALL: &str = "python3 -m pip install --quiet aiosmtpd==1.4.6";

/// One message as the server received it.
#[derive(Clone, Debug)]
pub struct Received {
    pub mail_from: String,
    pub rcpt_tos: Vec<String>,
    pub message_id: String,
    pub from: String,
    pub to: String,
    pub subject: String,
    pub content_type: String,
    pub charset: String,
    pub body: String,
    pub raw: Vec<u8>,
}

pub struct SmtpServer {
    child: Child,
    pub port: u16,
    pub dir: PathBuf,
}

/// A port nobody listens on right now: only for a test that must know the address
/// before the server exists (the portal configured while the mail server is down).
/// Everything else starts the server on port 0.
pub fn free_port() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind an ephemeral port");
    listener.local_addr().expect("local address").port()
}

impl SmtpServer {
    /// Starts a server on a free port that drops what it receives into `dir`, and waits
    /// until it accepts connections.
    pub fn start_any(dir: &Path) -> Self {
        Self::start(0, dir)
    }

    /// [`start_any`](Self::start_any), holding its "250" to the first message until
    /// `gate` exists or `hold` passes; `gate` + `.held` appears once that message is stored.
    pub fn start_holding(dir: &Path, gate: &Path, hold: Duration) -> Self {
        Self::launch(0, dir, &[gate.display().to_string(), hold.as_secs_f64().to_string()])
    }

    /// [`start_any`](Self::start_any) on `127.0.0.1:port` (0: a free one).
    pub fn start(port: u16, dir: &Path) -> Self {
        Self::launch(port, dir, &[])
    }

    fn launch(port: u16, dir: &Path, extra: &[String]) -> Self {
        let check = Command::new("python3").args(["-c", "import aiosmtpd"]).output();
        match check {
            Ok(out) if out.status.success() => {}
            _ => panic!("these tests need python3 with aiosmtpd; install it with: {PIP_INSTALL}"),
        }
        std::fs::create_dir_all(dir).expect("create the mail directory");
        let ready = dir.with_extension(format!("ready-{port}-{}", std::process::id()));
        let _ = std::fs::remove_file(&ready);
        let log_path = dir.with_extension(format!("log-{port}"));
        let log = std::fs::File::create(&log_path).expect("create the server log");
        let child = Command::new("python3")
            .arg("-c")
            .arg(SINK)
            .arg("127.0.0.1")
            .arg(port.to_string())
            .arg(dir)
            .arg(&ready)
            .args(extra)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::from(log))
            .spawn()
            .expect("start python3");
        let mut server = SmtpServer { child, port, dir: dir.to_path_buf() };
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            if let Ok(bound) = std::fs::read_to_string(&ready) {
                server.port = bound.trim().parse().expect("the port the server bound");
                return server;
            }
            if let Ok(Some(status)) = server.child.try_wait() {
                let log = std::fs::read_to_string(&log_path).unwrap_or_default();
                panic!("the SMTP server exited ({status}) before it was ready:\n{log}");
            }
            if Instant::now() > deadline {
                let log = std::fs::read_to_string(&log_path).unwrap_or_default();
                panic!("the SMTP server on port {port} did not become ready in 30 s:\n{log}");
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    pub fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.port)
    }

    /// Everything received so far, in no particular order.
    pub fn received(&self) -> Vec<Received> {
        let mut out = Vec::new();
        let Ok(entries) = std::fs::read_dir(&self.dir) else { return out };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.extension().and_then(|e| e.to_str()) != Some("json") {
                continue;
            }
            let text = std::fs::read_to_string(&path).expect("read a received message");
            let v: serde_json::Value = serde_json::from_str(&text).expect("the sink writes JSON");
            let s = |k: &str| v[k].as_str().unwrap_or_default().to_string();
            out.push(Received {
                mail_from: s("mail_from"),
                rcpt_tos: v["rcpt_tos"]
                    .as_array()
                    .map(|a| a.iter().filter_map(|x| x.as_str().map(str::to_string)).collect())
                    .unwrap_or_default(),
                message_id: s("message_id"),
                from: s("from"),
                to: s("to"),
                subject: s("subject"),
                content_type: s("content_type"),
                charset: s("charset"),
                body: s("body"),
                raw: std::fs::read(path.with_extension("eml")).unwrap_or_default(),
            });
        }
        out
    }
}

impl Drop for SmtpServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
