use std::time::Duration;

use app::complaints::model::Role;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

use crate::common::{self, TestDb};
use crate::support::{self, PASSWORD};

on_both_engines!(limits_origins_and_headers, the_key_belongs_to_its_database, idle_sessions_end, a_second_unit_sees_only_its_own_reports, clients_behind_a_trusted_proxy, crossed_merges_close_at_most_one, units_get_files_without_their_metadata, receipts_are_stored_as_keyed_hashes);

/// Declares a body of `declared` bytes, sends `sent` of them, and returns the status line.
async fn oversized(addr: std::net::SocketAddr, path: &str, declared: u64, sent: usize) -> String {
    let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    let head = format!(
        "POST {path} HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: {declared}\r\nConnection: close\r\n\r\n"
    );
    stream.write_all(head.as_bytes()).await.unwrap();
    let _ = stream.write_all(&vec![b'a'; sent]).await;
    let mut raw = Vec::new();
    let _ = tokio::time::timeout(Duration::from_secs(20), stream.read_to_end(&mut raw)).await;
    String::from_utf8_lossy(&raw).lines().next().unwrap_or_default().to_string()
}

fn rss_kb() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .unwrap()
        .lines()
        .find(|l| l.starts_with("VmRSS:"))
        .and_then(|l| l.split_whitespace().nth(1)?.parse().ok())
        .unwrap_or(0)
}

async fn limits_origins_and_headers(db: &TestDb) {
    let portal = db.portal(true).await;
    let site_root = db.data_dir().join("site");
    std::fs::create_dir_all(&site_root).unwrap();
    let addr = common::serve(portal.clone(), site_root).await;

    // A 500 MB body to a server function or the JSON API: 413 before it is read.
    let before = rss_kb();
    for path in ["/api/search_policies", "/api/v1/complaints", "/staff/login", "/track"] {
        let status = oversized(addr, path, 500 * 1024 * 1024, 2 * 1024 * 1024).await;
        assert!(status.contains(" 413 "), "{path}: {status}");
    }
    assert!(rss_kb() < before + 100 * 1024, "the process did not grow by the bodies sent");
    // A body without a declared length is cut off while it streams.
    let chunked = {
        let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
        let head = format!("POST /api/v1/complaints HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n");
        stream.write_all(head.as_bytes()).await.unwrap();
        let chunk = vec![b' '; 64 * 1024];
        for _ in 0..40 {
            if stream.write_all(format!("{:x}\r\n", chunk.len()).as_bytes()).await.is_err() || stream.write_all(&chunk).await.is_err() || stream.write_all(b"\r\n").await.is_err() {
                break;
            }
        }
        let _ = stream.write_all(b"0\r\n\r\n").await;
        let mut raw = Vec::new();
        let _ = tokio::time::timeout(Duration::from_secs(20), stream.read_to_end(&mut raw)).await;
        String::from_utf8_lossy(&raw).lines().next().unwrap_or_default().to_string()
    };
    assert!(chunked.contains(" 413 ") || chunked.contains(" 400 "), "an endless JSON body is refused: {chunked}");
    assert_eq!(support::count(&portal, "complaints").await, 0);

    // A form posted from another site is refused before anything happens; this site's passes.
    let tip = [("kind", "other"), ("description", "跨站表单提交的测试内容足够长"), ("anonymous", "true"), ("pledge", "yes")];
    let body = support::multipart(&tip, &[]);
    let forged = common::request(
        addr,
        "POST",
        "/report",
        &[("Content-Type", format!("multipart/form-data; boundary={}", support::BOUNDARY)), ("Origin", "https://evil.example".into())],
        body.clone(),
    )
    .await;
    assert_eq!(forged.status, 403);
    let cross = common::request(addr, "POST", "/staff/login", &[("Sec-Fetch-Site", "cross-site".into()), ("Content-Type", "application/x-www-form-urlencoded".into())], b"username=jw&password=x".to_vec()).await;
    assert_eq!(cross.status, 403);
    assert_eq!(support::count(&portal, "complaints").await, 0, "nothing was filed");
    let own = common::request(
        addr,
        "POST",
        "/report",
        &[("Content-Type", format!("multipart/form-data; boundary={}", support::BOUNDARY)), ("Origin", format!("http://{addr}"))],
        body,
    )
    .await;
    assert_eq!(own.status, 303, "a form from this site goes through");
    assert_eq!(support::count(&portal, "complaints").await, 1);

    // Private pages are never cached; pages carry a CSP; the public search is not private.
    for path in ["/staff/login", "/track", "/report/receipt?t=x", "/api/v1/policies?q=补贴"] {
        let r = common::get(addr, path).await;
        assert_eq!(r.header("cache-control"), Some("no-store"), "{path}");
    }
    let page = common::get(addr, "/search?q=补贴").await;
    assert_eq!(page.header("cache-control"), Some("no-cache"));
    let csp = page.header("content-security-policy").expect("a CSP on pages");
    assert!(csp.contains("frame-ancestors 'none'") && csp.contains("object-src 'none'") && csp.contains("form-action 'self'"));
    // Inline scripts run only with this response's nonce: the page's own carry it, an
    // injected one would not; no 'unsafe-inline' for scripts.
    let script_src = csp.split(';').find(|d| d.trim().starts_with("script-src")).expect("script-src").to_string();
    assert!(!script_src.contains("unsafe-inline"), "{script_src}");
    let nonce = script_src.split("'nonce-").nth(1).and_then(|r| r.split('\'').next()).expect("a nonce in script-src").to_string();
    assert!(nonce.len() >= 16, "{nonce}");
    let html = page.text();
    let inline_scripts = html.matches("<script").count();
    assert!(inline_scripts > 0 && html.matches(&format!("nonce=\"{nonce}\"")).count() >= inline_scripts, "every script carries the nonce");
    let again = common::get(addr, "/search?q=补贴").await;
    assert_ne!(again.header("content-security-policy"), Some(csp), "a new nonce per response");
    // Pages the router does not know, and HTML that is not a rendered page, get a policy too.
    for path in ["/no-such-page"] {
        let r = common::get(addr, path).await;
        let csp = r.header("content-security-policy").unwrap_or_else(|| panic!("no CSP on {path}"));
        assert!(!csp.split(';').any(|d| d.trim().starts_with("script-src") && d.contains("unsafe-inline")), "{path}: {csp}");
    }
    assert!(page.header("strict-transport-security").is_none(), "no HSTS over plain HTTP");
    // The tracking cookie holds a token for this browser session, never the receipt.
    let tip = portal.complaints.submit(support::named_tip("回执码不进 Cookie：举报内容足够长"), vec![], "online", None, "192.0.2.30").await.unwrap();
    let entered = support::post_form(addr, "/track", None, &[("receipt", &tip.receipt)]).await;
    let raw = entered.headers.iter().find(|(k, v)| k.eq_ignore_ascii_case("set-cookie") && v.starts_with("qd_receipt=")).map(|(_, v)| v.clone()).expect("a tracking cookie");
    assert!(!raw.contains("Max-Age") && !raw.contains("Expires"), "a session cookie: {raw}");
    let token = support::set_cookie(&entered, "qd_receipt").unwrap();
    let compact = tip.receipt.replace('-', "");
    assert!(!token.contains(&tip.receipt) && !token.contains(&compact) && !common::encode(&tip.receipt).contains(&token), "the cookie is not the receipt");
    let page = support::get_with_cookie(addr, "/track", &format!("qd_receipt={token}")).await.text();
    assert!(page.contains(&tip.case_number), "the token opens the case");
    assert!(!support::get_with_cookie(addr, "/track", "qd_receipt=forged-token").await.text().contains(&tip.case_number));
    support::post_form(addr, "/track/leave", Some(&format!("qd_receipt={token}")), &[]).await;
    assert!(!support::get_with_cookie(addr, "/track", &format!("qd_receipt={token}")).await.text().contains(&tip.case_number), "退出 forgets it");
    let proxied = common::request(addr, "GET", "/", &[("X-Forwarded-Proto", "https".into())], Vec::new()).await;
    assert!(proxied.header("strict-transport-security").is_some_and(|v| v.contains("max-age=")), "HSTS behind a TLS proxy");
}

async fn the_key_belongs_to_its_database(db: &TestDb) {
    use qingdan::platform::key_guard::open_secrets;
    let portal = db.portal(false).await;
    portal.complaints.submit(support::named_tip("密钥校验：有一条加密保存的实名举报"), vec![], "online", None, "192.0.2.1").await.unwrap();
    let config = db.config(false);
    let key = config.key_file();
    // The right key opens it again.
    assert!(open_secrets(&portal.db, &key).await.is_ok());
    // A missing key is not silently replaced.
    let saved = std::fs::read(&key).unwrap();
    std::fs::remove_file(&key).unwrap();
    let e = open_secrets(&portal.db, &key).await.err().expect("a missing key is refused").to_string();
    assert!(e.contains(&key.display().to_string()) && e.contains("不存在"), "{e}");
    assert!(!key.exists(), "no new key was made");
    // Another key is refused, naming where it looked; so does the portal's start.
    qingdan::platform::crypto::install_key(&key, &[7u8; 32]).unwrap();
    let e = open_secrets(&portal.db, &key).await.err().expect("a wrong key is refused").to_string();
    assert!(e.contains(&key.display().to_string()) && e.contains("不符"), "{e}");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_qingdan"))
        .arg("serve")
        .env("QINGDAN_DATA_DIR", db.data_dir())
        .env("QINGDAN_DATABASE_URL", &db.url)
        .env("QINGDAN_ADDR", "127.0.0.1:0")
        .env("QINGDAN_SAMPLE_DATA", "0")
        .env_remove("QINGDAN_KEY_FILE")
        .output()
        .expect("qingdan runs");
    assert!(!out.status.success(), "the portal does not start with another key");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("不符") && stderr.contains(&key.display().to_string()), "{stderr}");
    std::fs::remove_file(&key).unwrap();
    std::fs::write(&key, &saved).unwrap();
    assert!(open_secrets(&portal.db, &key).await.is_ok(), "the original key works again");
    // A database that has sealed nothing yet gets its key made and remembered.
    let fresh = tempfile::tempdir().unwrap();
    let empty = if db.is_postgres() { None } else { Some(crate::common::sqlite()) };
    if let Some(empty) = empty {
        let other = qingdan::platform::db::Db::connect(&empty.url).await.unwrap();
        let new_key = fresh.path().join("k");
        assert!(open_secrets(&other, &new_key).await.is_ok() && new_key.exists());
        std::fs::remove_file(&new_key).unwrap();
        let e = open_secrets(&other, &new_key).await.err().expect("once remembered, the key must be there").to_string();
        assert!(e.contains("不存在"), "{e}");
    }
}

async fn idle_sessions_end(db: &TestDb) {
    let portal = db.portal(false).await;
    support::user(&portal, "jw", Role::Commission, None, None).await;
    let (token, _) = portal.accounts.login("jw", PASSWORD, "192.0.2.5").await.unwrap();
    assert!(portal.accounts.session(&token).await.unwrap().is_some());
    let idle = qingdan::platform::clock::minutes_ago(qingdan::staff::accounts::IDLE_MINUTES + 1);
    sqlx::query("UPDATE staff_sessions SET last_seen = $1").bind(&idle).execute(&portal.db.pool).await.unwrap();
    assert!(portal.accounts.session(&token).await.unwrap().is_none(), "30 minutes idle end the session");
    sqlx::query("UPDATE staff_sessions SET last_seen = $1").bind(qingdan::platform::clock::minutes_ago(5)).execute(&portal.db.pool).await.unwrap();
    assert!(portal.accounts.session(&token).await.unwrap().is_none(), "an ended session stays ended");
    let (token, _) = portal.accounts.login("jw", PASSWORD, "192.0.2.5").await.unwrap();
    sqlx::query("UPDATE staff_sessions SET last_seen = $1 WHERE ended_at IS NULL").bind(qingdan::platform::clock::minutes_ago(29)).execute(&portal.db.pool).await.unwrap();
    assert!(portal.accounts.session(&token).await.unwrap().is_some(), "29 minutes idle is still a session");
    let seen: String = sqlx::query_scalar("SELECT last_seen FROM staff_sessions WHERE ended_at IS NULL").fetch_one(&portal.db.pool).await.unwrap();
    assert!(seen > qingdan::platform::clock::minutes_ago(1), "a request refreshes the idle clock");
}

async fn a_second_unit_sees_only_its_own_reports(db: &TestDb) {
    use app::complaints::model::Action;
    let portal = db.portal(false).await;
    let jw = support::user(&portal, "jw", Role::Commission, None, None).await;
    let a = support::user(&portal, "swj", Role::Unit, Some(support::COMMERCE), None).await;
    let b = support::user(&portal, "czj", Role::Unit, Some(support::FINANCE), None).await;
    let tip = portal.complaints.submit(support::named_tip("奖补资金迟迟不兑现，涉及两个部门"), vec![], "online", None, "192.0.2.9").await.unwrap();
    let number = tip.case_number.as_str();
    let c = &portal.complaints;
    let due = support::today_plus(10);
    c.act(&jw, number, Action::Accept).await.unwrap();
    c.act(&jw, number, Action::Forward { unit: support::COMMERCE.into(), due: due.clone(), instructions: "请核查".into() }).await.unwrap();
    c.act(&a, number, Action::UnitReport { report: "商务局核查：资金已拨付财政局，财政局尚未划转".into() }).await.unwrap();
    c.act(&jw, number, Action::Forward { unit: support::FINANCE.into(), due, instructions: "请财政局核查".into() }).await.unwrap();
    let seen_by_b = c.case(&b, number).await.unwrap();
    assert!(!seen_by_b.events.iter().any(|e| e.note.contains("商务局核查")), "the second unit does not see the first unit's report");
    c.act(&b, number, Action::UnitReport { report: "财政局核查：已于本周划转".into() }).await.unwrap();
    let seen_by_b = c.case(&b, number).await.unwrap();
    assert!(seen_by_b.events.iter().any(|e| e.note.contains("财政局核查")), "its own report it sees");
    let seen_by_jw = c.case(&jw, number).await.unwrap();
    assert!(seen_by_jw.events.iter().any(|e| e.note.contains("商务局核查")) && seen_by_jw.events.iter().any(|e| e.note.contains("财政局核查")));
    assert!(c.case(&a, number).await.is_err(), "the first unit no longer sees the case");

    // The commission's reason for reopening stays internal; the reporter sees the step.
    c.act(&jw, number, Action::Handle { finding: "substantiated".into(), measures: vec![], note: String::new() }).await.unwrap();
    c.act(&jw, number, Action::Feedback { text: "已督促财政局划转资金".into() }).await.unwrap();
    c.act(&jw, number, Action::Reopen { reason: "内部：承办人漏查了审计意见".into() }).await.unwrap();
    let status = c.status(&tip.receipt, "192.0.2.9").await.unwrap();
    assert!(status.timeline.iter().any(|t| t.label == "重新办理"), "the reporter sees that it was reopened");
    assert!(!status.timeline.iter().any(|t| t.note.as_deref().is_some_and(|n| n.contains("审计意见"))), "but not the internal reason");
}

async fn clients_behind_a_trusted_proxy(db: &TestDb) {
    let mut config = db.config(false);
    config.trusted_proxies = qingdan::platform::cidr::parse_list("127.0.0.1").unwrap();
    let portal = qingdan::state::AppState::start(&config).await.unwrap();
    let site_root = db.data_dir().join("site");
    std::fs::create_dir_all(&site_root).unwrap();
    let addr = common::serve(portal.clone(), site_root).await;
    let tip = |from: &'static str| async move {
        let body = r#"{"category":"other","description":"代理之后的匿名反映，内容足够长","anonymous":true}"#;
        common::request(addr, "POST", "/api/v1/complaints", &[("Content-Type", "application/json".into()), ("X-Forwarded-For", from.into())], body.as_bytes().to_vec()).await.status
    };
    // Five anonymous tips from one client behind the proxy, then that client waits …
    for _ in 0..5 {
        assert_eq!(tip("198.51.100.20").await, 201);
    }
    assert_eq!(tip("198.51.100.20").await, 429);
    // … while everyone else behind the same proxy goes on.
    assert_eq!(tip("198.51.100.21").await, 201);
    // IPv6 clients are one client per /64.
    for i in 0..5 {
        let from: &'static str = ["2001:db8:7:1::1", "2001:db8:7:1::2", "2001:db8:7:1:ffff::3", "2001:db8:7:1::4", "2001:db8:7:1::5"][i];
        assert_eq!(tip(from).await, 201);
    }
    assert_eq!(tip("2001:db8:7:1:abcd::9").await, 429, "the same /64");
    assert_eq!(tip("2001:db8:7:2::1").await, 201, "another /64");
}

async fn crossed_merges_close_at_most_one(db: &TestDb) {
    use app::complaints::model::{Action, State};
    let portal = db.portal(false).await;
    let jw = support::user(&portal, "jw", Role::Commission, None, None).await;
    for round in 0..8 {
        let mut numbers = Vec::new();
        for side in ["甲", "乙"] {
            let tip = support::named_tip(&format!("第{round}轮{side}：同一问题被两次反映，内容足够长"));
            let r = portal.complaints.submit(tip, vec![], "online", None, &format!("192.0.2.{}", 100 + round)).await.unwrap();
            portal.complaints.act(&jw, &r.case_number, Action::Accept).await.unwrap();
            numbers.push(r.case_number);
        }
        let (a, b) = (numbers[0].clone(), numbers[1].clone());
        let (p1, p2, j1, j2) = (portal.clone(), portal.clone(), jw.clone(), jw.clone());
        let (a1, b1, a2, b2) = (a.clone(), b.clone(), a.clone(), b.clone());
        let first = tokio::spawn(async move { p1.complaints.act(&j1, &a1, Action::Merge { into_case: b1 }).await });
        let second = tokio::spawn(async move { p2.complaints.act(&j2, &b2, Action::Merge { into_case: a2 }).await });
        let (first, second) = (first.await.unwrap(), second.await.unwrap());
        let states = [portal.complaints.case(&jw, &a).await.unwrap().state, portal.complaints.case(&jw, &b).await.unwrap().state];
        assert!(states.iter().filter(|s| **s == State::Closed).count() <= 1, "round {round}: {states:?} ({first:?}, {second:?})");
        assert_eq!(first.is_ok() as usize + second.is_ok() as usize, states.iter().filter(|s| **s == State::Closed).count(), "each successful merge closed its case");
    }
}

fn docx_by(author: &str) -> Vec<u8> {
    use std::io::Write;
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default();
    let core = format!(
        "<?xml version=\"1.0\"?><cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\"><dc:creator>{author}</dc:creator></cp:coreProperties>"
    );
    for (name, body) in [
        ("[Content_Types].xml", "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>".to_string()),
        ("word/document.xml", "<w:document>证据正文：窗口要求的额外证明</w:document>".to_string()),
        ("docProps/core.xml", core),
        ("docProps/app.xml", format!("<Properties><Company>{author}的公司</Company></Properties>")),
    ] {
        zip.start_file(name, options).unwrap();
        zip.write_all(body.as_bytes()).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

async fn units_get_files_without_their_metadata(db: &TestDb) {
    use app::complaints::model::Action;
    let portal = db.portal(false).await;
    let jw = support::user(&portal, "jw", Role::Commission, None, None).await;
    let unit = support::user(&portal, "swj", Role::Unit, Some(support::COMMERCE), None).await;
    let mut photo = vec![0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x04, b'J', b'F'];
    let exif = "Exif\0\0GPS 36.0671N 120.3826E Camera-Serial 0042 王小明".as_bytes();
    photo.extend([0xFF, 0xE1]);
    photo.extend(((exif.len() + 2) as u16).to_be_bytes());
    photo.extend(exif);
    photo.extend([0xFF, 0xDA, 0x00, 0x02, 7, 7, 7, 0xFF, 0xD9]);
    let pdf = "%PDF-1.4\n1 0 obj << /Author (王小明) /Creator (小明的电脑) >> endobj\n%%EOF".as_bytes().to_vec();
    let files = vec![
        qingdan::complaints::validate::Evidence { name: "现场.jpg".into(), bytes: photo.clone() },
        qingdan::complaints::validate::Evidence { name: "通知.pdf".into(), bytes: pdf.clone() },
        qingdan::complaints::validate::Evidence { name: "说明.docx".into(), bytes: docx_by("王小明") },
    ];
    let tip = portal.complaints.submit(support::named_tip("附件带有作者和位置信息的实名反映"), files, "online", None, "192.0.2.40").await.unwrap();
    let c = &portal.complaints;
    c.act(&jw, &tip.case_number, Action::Accept).await.unwrap();
    c.act(&jw, &tip.case_number, Action::Forward { unit: support::COMMERCE.into(), due: support::today_plus(10), instructions: String::new() }).await.unwrap();
    let listed = c.case(&unit, &tip.case_number).await.unwrap().files;
    assert_eq!(listed.len(), 3);
    let has = |bytes: &[u8], what: &str| bytes.windows(what.len()).any(|w| w == what.as_bytes());
    for f in &listed {
        let for_unit = c.evidence(&unit, &tip.case_number, f.id).await.unwrap().bytes;
        let original = c.evidence(&jw, &tip.case_number, f.id).await.unwrap().bytes;
        assert!(has(&original, "王小明") || f.name.ends_with(".docx"), "the commission gets the original");
        assert!(!has(&for_unit, "王小明") && !has(&for_unit, "GPS") && !has(&for_unit, "小明的电脑"), "{}: metadata left for the unit", f.name);
        if f.name.ends_with(".docx") {
            let mut archive = zip::ZipArchive::new(std::io::Cursor::new(for_unit.clone())).expect("still an Office file");
            let mut core = String::new();
            std::io::Read::read_to_string(&mut archive.by_name("docProps/core.xml").unwrap(), &mut core).unwrap();
            assert!(!core.contains("王小明"));
            let mut body = String::new();
            std::io::Read::read_to_string(&mut archive.by_name("word/document.xml").unwrap(), &mut body).unwrap();
            assert!(body.contains("证据正文"), "the content stays");
            let mut original_core = String::new();
            let mut original_archive = zip::ZipArchive::new(std::io::Cursor::new(original)).unwrap();
            std::io::Read::read_to_string(&mut original_archive.by_name("docProps/core.xml").unwrap(), &mut original_core).unwrap();
            assert!(original_core.contains("王小明"), "the commission's copy is the original");
        }
        if f.name.ends_with(".jpg") {
            assert!(for_unit.ends_with(&[0xFF, 0xDA, 0x00, 0x02, 7, 7, 7, 0xFF, 0xD9]), "the image data stays");
        }
        if f.name.ends_with(".pdf") {
            assert_eq!(for_unit.len(), pdf.len(), "the PDF keeps its offsets");
        }
    }
}

async fn receipts_are_stored_as_keyed_hashes(db: &TestDb) {
    use qingdan::platform::crypto::{read_key, sha256_hex, Secrets};
    let portal = db.portal(false).await;
    let tip = portal.complaints.submit(support::named_tip("回执码只以带密钥的摘要保存，内容足够长"), vec![], "online", None, "192.0.2.41").await.unwrap();
    let stored: String = sqlx::query_scalar("SELECT receipt_hash FROM complaints WHERE case_number = $1")
        .bind(&tip.case_number)
        .fetch_one(&portal.db.pool)
        .await
        .unwrap();
    let key = read_key(&db.config(false).key_file()).unwrap();
    let compact = tip.receipt.replace('-', "");
    assert_eq!(stored, Secrets::from_key(key).receipt_hash(&tip.receipt), "the stored value is the keyed hash");
    let mut other = key;
    other[0] ^= 1;
    assert_ne!(stored, Secrets::from_key(other).receipt_hash(&tip.receipt), "another key gives another hash");
    for plain in [&tip.receipt, &compact] {
        assert_ne!(stored, sha256_hex(plain.as_bytes()), "not an unkeyed digest");
        assert!(!stored.contains(plain.as_str()));
    }
    // An evidence file's digest is keyed too: a stolen database cannot confirm that a
    // known document was submitted.
    let known = support::png(700);
    let with_file = portal
        .complaints
        .submit(support::named_tip("证据文件的摘要带密钥保存，内容足够长"), vec![qingdan::complaints::validate::Evidence { name: "通知书.png".into(), bytes: known.clone() }], "online", None, "192.0.2.42")
        .await
        .unwrap();
    let digest: String = sqlx::query_scalar(
        "SELECT f.content_digest FROM complaint_files f JOIN complaints c ON c.id = f.complaint_id WHERE c.case_number = $1",
    )
    .bind(&with_file.case_number)
    .fetch_one(&portal.db.pool)
    .await
    .unwrap();
    assert_eq!(digest, Secrets::from_key(key).file_digest(&known));
    assert!(!digest.contains(&sha256_hex(&known)), "not the file's plain SHA-256");
    if !db.is_postgres() {
        // Nowhere in the database files (the WAL included, checkpointed or not).
        sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)").execute(&portal.db.pool).await.unwrap();
        let file = std::path::PathBuf::from(db.url.trim_start_matches("sqlite://").split('?').next().unwrap());
        let name = file.file_name().unwrap().to_string_lossy().to_string();
        let mut scanned = 0;
        for entry in std::fs::read_dir(file.parent().unwrap()).unwrap() {
            let path = entry.unwrap().path();
            if path.file_name().is_some_and(|n| n.to_string_lossy().starts_with(&name)) {
                scanned += 1;
                let bytes = std::fs::read(&path).unwrap();
                for plain in [&tip.receipt, &compact] {
                    assert!(!bytes.windows(plain.len()).any(|w| w == plain.as_bytes()), "{} holds the receipt", path.display());
                }
            }
        }
        assert!(scanned >= 1, "the database file was read");
    }
}
