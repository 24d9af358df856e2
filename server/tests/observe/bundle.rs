//! A server started beside a browser bundle built from another version says so at
//! start (the pages still render; the browser code may not understand the server), and
//! says nothing when tools/build.sh built both together.

use std::process::{Command, Stdio};

use crate::common::{self, TestDb};

fn build_id() -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_qingdan")).arg("version").output().expect("qingdan version runs");
    assert!(out.status.success(), "{out:?}");
    let text = String::from_utf8(out.stdout).expect("UTF-8");
    text.trim().strip_prefix("qingdan ").unwrap_or_else(|| panic!("{text:?}")).to_string()
}

/// The log of a server started beside a bundle whose manifest records `build`, up to the
/// moment it listens.
fn start_log(build: Option<&str>) -> String {
    let db: TestDb = common::sqlite();
    let pkg = db.data_dir().join("site").join("pkg");
    std::fs::create_dir_all(&pkg).unwrap();
    for file in ["qingdan.0123456789abcdef.js", "qingdan.0123456789abcdef.wasm", "qingdan.fedcba9876543210.css", "qingdan.wasm"] {
        std::fs::write(pkg.join(file), "stand-in").unwrap();
    }
    let build = build.map(|b| format!(r#", "build": "{b}""#)).unwrap_or_default();
    let manifest = format!(r#"{{"js": "qingdan.0123456789abcdef.js", "wasm": "qingdan.0123456789abcdef.wasm", "css": "qingdan.fedcba9876543210.css"{build}}}"#);
    std::fs::write(pkg.join("assets.json"), manifest).unwrap();
    let log_path = db.data_dir().join("server.log");
    let log = std::fs::File::create(&log_path).unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_qingdan"))
        .arg("serve")
        .current_dir(db.data_dir())
        .env("QINGDAN_DATA_DIR", db.data_dir())
        .env("QINGDAN_DATABASE_URL", &db.url)
        .env("QINGDAN_SAMPLE_DATA", "0")
        .env("QINGDAN_ADDR", "127.0.0.1:0")
        .env("LEPTOS_SITE_ROOT", db.data_dir().join("site"))
        .env("QINGDAN_LOG", "info")
        .env_remove("QINGDAN_METRICS_ADDR")
        .env_remove("QINGDAN_KEY_FILE")
        .env_remove("QINGDAN_SMTP_URL")
        .stdin(Stdio::null())
        .stdout(log.try_clone().unwrap())
        .stderr(log)
        .spawn()
        .expect("the qingdan binary starts");
    common::announced_addr(&log_path, 0, "listening on", || matches!(child.try_wait(), Ok(Some(_))));
    let _ = child.kill();
    let _ = child.wait();
    std::fs::read_to_string(&log_path).unwrap()
}

#[test]
fn a_bundle_from_another_version_is_named_at_start() {
    let ours = build_id();
    assert!(ours.starts_with(env!("CARGO_PKG_VERSION")), "{ours}");
    let other = start_log(Some("0.0.1-0000000000000000"));
    assert!(other.contains("浏览器端程序与服务器版本不一致") && other.contains("0.0.1-0000000000000000"), "{other}");
    let unmarked = start_log(None);
    assert!(unmarked.contains("浏览器端程序未注明版本"), "{unmarked}");
    let same = start_log(Some(&ours));
    assert!(!same.contains("浏览器端程序"), "built together, nothing to say:\n{same}");
}
