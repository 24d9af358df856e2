//! Reporters' identities at rest (SQLite): sealed in the database file, its WAL and
//! shared memory, and in every other file of the data directory.

use std::path::{Path, PathBuf};

use app::complaints::model::{Action, Role};
use qingdan::complaints::validate::Evidence;

use crate::common;
use crate::support;

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap_or_else(|e| panic!("read {}: {e}", dir.display())) {
        let path = entry.unwrap().path();
        if path.is_dir() {
            walk(&path, out);
        } else {
            out.push(path);
        }
    }
}

const PEOPLE: [(&str, &str, &str, &str); 3] = [
    ("欧阳铁柱", "13700001111", "ouyang.tiezhu@example.net", "铁柱精密机械有限公司"),
    ("司马翠花", "021-55501234", "cuihua.sima@mail.example.org", "翠花餐饮管理中心"),
    ("诸葛大力", "+86 186 0000 9999", "dali.zhuge+tip@example.com", "大力物流集团"),
];

fn secrets() -> Vec<&'static str> {
    PEOPLE.iter().flat_map(|(n, p, e, c)| [*n, *p, *e, *c]).collect()
}

/// Files three named tips (with evidence) and returns their case numbers and descriptions.
async fn three_named_tips(portal: &qingdan::state::AppState) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for (i, (name, phone, email, company)) in PEOPLE.iter().enumerate() {
        let description = format!("第{i}件：街道办事处对企业反复检查且索要好处费，影响正常经营 marker-{i}-qd");
        let mut tip = support::named_tip(&description);
        tip.name = name.to_string();
        tip.phone = phone.to_string();
        tip.email = email.to_string();
        tip.company = company.to_string();
        let receipt = portal
            .complaints
            .submit(tip, vec![Evidence { name: format!("{name}的证据.png"), bytes: support::png(300) }], "online", None, "192.0.2.9")
            .await
            .expect("submit");
        out.push((receipt.case_number, description));
    }
    out
}

/// Waits until the file-transport mail worker has written `n` messages (`.eml`, or
/// `.eml.sealed` for mail to a reporter).
async fn wait_for_mail_files(dir: &Path, n: usize) {
    let mail_dir = dir.join("mail");
    let written = common::eventually(std::time::Duration::from_secs(20), || {
        std::fs::read_dir(&mail_dir).map(|d| d.filter_map(Result::ok).filter(|e| { let n = e.file_name().to_string_lossy().to_string(); !n.starts_with('.') && n.contains(".eml") }).count()).unwrap_or(0) >= n
    })
    .await;
    assert!(written, "the mail worker did not write {n} messages into {}", mail_dir.display());
}

/// Every file under `dir` that contains one of `secrets`, with the secret.
fn files_with(dir: &Path, secrets: &[&str]) -> Vec<(PathBuf, String)> {
    let mut files = Vec::new();
    walk(dir, &mut files);
    let mut hits = Vec::new();
    for path in files {
        let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()));
        for secret in secrets {
            if contains(&bytes, secret.as_bytes()) {
                hits.push((path.clone(), secret.to_string()));
            }
        }
    }
    hits
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn identities_are_sealed_on_disk() {
    let db = common::sqlite();
    let portal = db.portal(false).await;
    // A commission account with e-mail, so each tip also queues (and the file
    // transport writes) a "new tip" message.
    let jw = support::user(&portal, "jw", Role::Commission, None, Some("jw@jiwei.example.org")).await;
    let tips = three_named_tips(&portal).await;
    // What staff write about a case is sealed too: a reason to see the reporter, a note.
    let reason = "查看身份理由标记qd8";
    portal.complaints.reveal(&jw, &tips[0].0, &Action::RevealIdentity { reason: reason.into() }).await.expect("reveal");
    let note = "内部备注标记qd9";
    portal.complaints.act(&jw, &tips[0].0, Action::InternalNote { note: note.into() }).await.expect("note");
    let dir = db.data_dir().to_path_buf();
    wait_for_mail_files(&dir, 3).await;
    let secrets = secrets();

    // The SQLite files themselves, by name.
    let db_file = dir.join("t.db");
    assert!(db_file.exists());
    let mut sqlite_bytes = Vec::new();
    for suffix in ["", "-wal", "-shm"] {
        let path = PathBuf::from(format!("{}{suffix}", db_file.display()));
        if let Ok(bytes) = std::fs::read(&path) {
            for secret in &secrets {
                assert!(!contains(&bytes, secret.as_bytes()), "{} contains {secret}", path.display());
            }
            sqlite_bytes.extend(bytes);
        }
    }
    // A tip's words, staff notes and mail bodies are sealed too.
    for (_, description) in &tips {
        assert!(!contains(&sqlite_bytes, description.as_bytes()), "the database holds {description} in clear");
        assert!(!contains(&sqlite_bytes, b"marker-0-qd"));
    }
    for text in [reason, note, "收到新的问题线索", "渠道："] {
        assert!(!contains(&sqlite_bytes, text.as_bytes()), "the database holds {text} in clear");
    }
    // Sealed to its row: a description copied into another case does not open there.
    sqlx::query("UPDATE complaints SET description = (SELECT description FROM complaints WHERE case_number = $1) WHERE case_number = $2")
        .bind(&tips[0].0)
        .bind(&tips[1].0)
        .execute(&portal.db.pool)
        .await
        .unwrap();
    assert!(portal.complaints.case(&jw, &tips[1].0).await.is_err(), "a moved description opened in another case");
    assert!(portal.complaints.case(&jw, &tips[0].0).await.is_ok());
    // Control: the scan does see what stays in clear (case numbers), so what is missing
    // is absent and not merely unreadable.
    for (number, _) in &tips {
        assert!(contains(&sqlite_bytes, number.as_bytes()), "the scan does not see {number}");
    }

    // Every file of the data directory (database, index, key, mail files).
    let mut files = Vec::new();
    walk(&dir, &mut files);
    assert!(files.len() >= 5, "{files:?}");
    let hits = files_with(&dir, &secrets);
    assert!(hits.is_empty(), "identity data in the data directory: {hits:?}");
}

/// With no SMTP server configured, mail goes to `<data dir>/mail/*.eml`. A named
/// reporter's feedback notice is addressed to the reporter: the address must not end
/// up in the data directory in the clear (the outbox seals it as identity data).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reporter_mail_does_not_leave_addresses_on_disk() {
    let db = common::sqlite();
    let portal = db.portal(false).await;
    let commission = support::user(&portal, "jw", Role::Commission, None, None).await;
    let tips = three_named_tips(&portal).await;
    for (number, _) in &tips {
        portal.complaints.act(&commission, number, Action::Accept).await.unwrap();
        let handle = Action::Handle { finding: "substantiated".into(), measures: vec![], note: String::new() };
        portal.complaints.act(&commission, number, handle).await.unwrap();
        portal.complaints.act(&commission, number, Action::Feedback { text: "已核查处理完毕".into() }).await.unwrap();
    }
    assert_eq!(support::count(&portal, "mail_outbox WHERE kind = 'feedback'").await, 3);
    let dir = db.data_dir().to_path_buf();
    wait_for_mail_files(&dir, 3).await;
    let hits = files_with(&dir, &secrets());
    assert!(hits.is_empty(), "reporters' identity data in the clear in the data directory: {hits:?}");
}

/// An older node still running during an upgrade may append rows in clear: they are read
/// as they are, and sealed by the next start's pass (which also leaves sealed rows alone).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rows_an_older_node_writes_in_clear_are_sealed_at_the_next_start() {
    let db = common::sqlite();
    let portal = db.portal(false).await;
    let jw = support::user(&portal, "jw", Role::Commission, None, None).await;
    let tip = portal.complaints.submit(support::named_tip("旧节点在升级期间写入的明文记录，内容足够长"), vec![], "online", None, "192.0.2.77").await.unwrap();
    let id = support::complaint_id(&portal, &tip.case_number).await;
    sqlx::query(
        "INSERT INTO complaint_events (complaint_id, at, actor, actor_user_id, action, state, visibility, note, data) \
         VALUES ($1, '2026-01-01 00:00:00', 'staff:旧节点', NULL, 'internal_note', 'submitted', 'internal', '旧节点明文备注', '{}')",
    )
    .bind(id)
    .execute(&portal.db.pool)
    .await
    .unwrap();
    let case = portal.complaints.case(&jw, &tip.case_number).await.expect("a clear row is read");
    assert!(case.events.iter().any(|e| e.note == "旧节点明文备注"));

    // The next start's pass.
    let key = qingdan::platform::crypto::Secrets::from_key(qingdan::platform::crypto::read_key(&db.config(false).key_file()).unwrap());
    let sealed = qingdan::complaints::seal_legacy::seal_legacy(&portal.db, &key).await.unwrap();
    assert_eq!(sealed, 1, "only the clear row");
    let stored: String = sqlx::query_scalar("SELECT note FROM complaint_events WHERE actor = 'staff:旧节点'").fetch_one(&portal.db.pool).await.unwrap();
    assert!(stored.starts_with("v1:") && !stored.contains("旧节点"), "{stored}");
    let case = portal.complaints.case(&jw, &tip.case_number).await.unwrap();
    assert!(case.events.iter().any(|e| e.note == "旧节点明文备注"), "the sealed note reads the same");
    assert_eq!(qingdan::complaints::seal_legacy::seal_legacy(&portal.db, &key).await.unwrap(), 0, "nothing left to do");
}
