//! Backup while tips pour in, restore into an empty place, and everything is there; on
//! SQLite and PostgreSQL. A restore that would lose or mix data is refused before it
//! writes anything.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use qingdan::ops::{backup, manifest::Manifest, restore};

use super::{seed, verify};
use crate::common::{self, TestDb};
use crate::support;

on_both_engines!(backup_under_write_load_restores_everything);

async fn backup_under_write_load_restores_everything(source: &TestDb) {
    let portal = source.portal(false).await;
    let expected = seed::seed(&portal).await;

    // Tips keep arriving while the backup runs: recorded by the commission from the
    // hotline, as fast as they come (the online channel's flood limits do not apply).
    let recorder = verify::staff_user(&portal, "jw").await;
    let stop = Arc::new(AtomicBool::new(false));
    let started = Instant::now();
    let loaders: Vec<_> = (0..4)
        .map(|n| {
            let (portal, stop, recorder) = (portal.clone(), stop.clone(), recorder.clone());
            tokio::spawn(async move {
                let mut acked = Vec::new();
                let mut i = 0;
                while !stop.load(Ordering::Relaxed) {
                    i += 1;
                    let tip = support::named_tip(&format!("备份期间的举报 {n}-{i}：窗口拖延办理营业执照变更，多次往返"));
                    let receipt = portal.complaints.submit(tip, vec![], "hotline", Some(&recorder), "198.51.100.9").await.expect("a tip during the backup");
                    acked.push((Instant::now(), receipt.receipt));
                }
                acked
            })
        })
        .collect();
    tokio::time::sleep(Duration::from_millis(300)).await;
    let dir = tempfile::tempdir().expect("temp dir");
    let backup_dir = dir.path().join("backup");
    let backup_started = Instant::now();
    let made = backup::run(&source.config(false), &backup_dir, &backup::Options { include_key: false }).await.expect("the backup runs");
    let backup_ended = Instant::now();
    tokio::time::sleep(Duration::from_millis(100)).await;
    stop.store(true, Ordering::Relaxed);
    let mut acked = Vec::new();
    for loader in loaders {
        acked.extend(loader.await.expect("loader"));
    }
    let during = acked.iter().filter(|(at, _)| *at > backup_started && *at < backup_ended).count();
    eprintln!("{} tips in {:?}, {during} acknowledged during the backup", acked.len(), started.elapsed());
    assert!(during > 0, "tips were acknowledged while the backup ran");

    let manifest = Manifest::read(&backup_dir).expect("manifest");
    assert_eq!(manifest, made.manifest);
    assert!(!manifest.key.included && !backup_dir.join("secret.key").exists(), "the key stays out unless asked");
    assert!(manifest.counts["complaints"] >= expected.cases.len() as i64);
    let before_backup: Vec<&String> = acked.iter().filter(|(at, _)| *at < backup_started).map(|(_, r)| r).collect();

    // The target: an empty data directory (and an empty database).
    let target = if source.is_postgres() { common::postgres().await.expect("a second database") } else { common::sqlite() };
    let config = target.config(false);
    let refused = restore::run(&config, &backup_dir).await.err().expect("a restore without the key is refused");
    assert!(format!("{refused:#}").contains("备份不含密钥"), "{refused:#}");
    assert_target_untouched(&target).await;

    std::fs::copy(source.config(false).key_file(), config.key_file()).expect("the operator brings the key");
    let report = restore::run(&config, &backup_dir).await.expect("the restore runs");
    assert_eq!(report.manifest.counts, manifest.counts);
    let spooled = manifest.files.iter().filter(|f| f.path.starts_with("mail/")).count();
    assert_eq!(report.mail_files, spooled);
    let restored_spool: Vec<String> = std::fs::read_dir(config.mail_dir())
        .map(|d| d.map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect())
        .unwrap_or_default();
    assert_eq!(restored_spool.len(), spooled);
    for name in &restored_spool {
        assert!(source.config(false).mail_dir().join(name).exists(), "{name} was not in the source spool");
    }

    let restored = target.portal(false).await;
    verify::everything(&restored, &expected).await;
    assert_eq!(support::count(&restored, "complaints").await, manifest.counts["complaints"]);
    for receipt in before_backup {
        restored.complaints.status(receipt, "192.0.2.200").await.expect("a tip acknowledged before the backup is in it");
    }
}

async fn assert_target_untouched(target: &TestDb) {
    if target.is_postgres() {
        let db = qingdan::platform::db::Db::open(&target.url).await.expect("connect");
        let tables = db.tables().await.expect("tables");
        assert!(tables.is_empty(), "a refused restore wrote tables: {tables:?}");
    } else {
        let file = qingdan::platform::db::sqlite_file(&target.url).expect("file");
        assert!(!file.exists(), "a refused restore created the database");
    }
    assert!(!target.config(false).key_file().exists(), "a refused restore placed a key");
}

/// The command line, as an operator types it: the key kept out by default and why,
/// a full target refused, a damaged backup refused, a wrong key refused.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_commands_refuse_what_would_lose_data() {
    let source = common::sqlite();
    let data = source.dir.path();
    let url = format!("sqlite://{}?mode=rwc", data.join("qingdan.db").display());
    let config = common::config_for(data.to_path_buf(), &url, false);
    let portal = qingdan::state::AppState::start(&config).await.expect("portal");
    seed::policies(&portal).await;
    let tip = support::named_tip("命令行备份演练：窗口工作人员要求企业重复提交材料");
    let receipt = portal.complaints.submit(tip, vec![], "online", None, "198.51.100.3").await.expect("tip");

    let work = tempfile::tempdir().expect("temp dir");
    let run = |args: &[&str], data_dir: &std::path::Path| {
        let output = std::process::Command::new(env!("CARGO_BIN_EXE_qingdan"))
            .args(args)
            .env_clear()
            .env("PATH", std::env::var("PATH").unwrap_or_default())
            .env("QINGDAN_DATA_DIR", data_dir)
            .env("QINGDAN_SAMPLE_DATA", "0")
            .output()
            .expect("the binary runs");
        (output.status.success(), String::from_utf8_lossy(&output.stdout).into_owned() + &String::from_utf8_lossy(&output.stderr))
    };
    let plain = work.path().join("plain");
    let (ok, out) = run(&["backup", plain.to_str().unwrap()], data);
    assert!(ok, "{out}");
    assert!(out.contains("密钥未放入备份") && out.contains(&config.key_file().display().to_string()) && out.contains("--include-key"), "{out}");
    assert!(!plain.join("secret.key").exists());
    let (ok, out) = run(&["backup", plain.to_str().unwrap()], data);
    assert!(!ok && out.contains("不是空的"), "a second backup into a full directory: {out}");

    let keyed = work.path().join("keyed");
    let (ok, out) = run(&["backup", keyed.to_str().unwrap(), "--include-key"], data);
    assert!(ok && out.contains("--include-key"), "{out}");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(keyed.join("secret.key")).expect("the key is in").permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }

    // A byte flipped in the database copy: refused, nothing written.
    let damaged = work.path().join("damaged");
    std::fs::create_dir_all(damaged.join("mail")).unwrap();
    for entry in std::fs::read_dir(&keyed).unwrap() {
        let entry = entry.unwrap();
        if entry.file_type().unwrap().is_file() {
            std::fs::copy(entry.path(), damaged.join(entry.file_name())).unwrap();
        }
    }
    let mut bytes = std::fs::read(damaged.join("qingdan.db")).unwrap();
    let middle = bytes.len() / 2;
    bytes[middle] ^= 0x55;
    std::fs::write(damaged.join("qingdan.db"), bytes).unwrap();
    let fresh = work.path().join("fresh");
    let (ok, out) = run(&["restore", damaged.to_str().unwrap()], &fresh);
    assert!(!ok && out.contains("校验和不符"), "{out}");
    assert!(!fresh.join("qingdan.db").exists());

    // A backup of the other engine, or from a newer release: refused, nothing written.
    for (field, value, says) in [("engine", serde_json::json!("postgres"), "跨数据库"), ("schema_version", serde_json::json!(999), "更新的版本")] {
        let edited = work.path().join(format!("edited-{field}"));
        std::fs::create_dir_all(edited.join("mail")).unwrap();
        for entry in std::fs::read_dir(&keyed).unwrap() {
            let entry = entry.unwrap();
            if entry.file_type().unwrap().is_file() {
                std::fs::copy(entry.path(), edited.join(entry.file_name())).unwrap();
            }
        }
        for entry in std::fs::read_dir(keyed.join("mail")).into_iter().flatten() {
            let entry = entry.unwrap();
            std::fs::copy(entry.path(), edited.join("mail").join(entry.file_name())).unwrap();
        }
        let path = edited.join("manifest.json");
        let mut manifest: serde_json::Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
        manifest[field] = value;
        std::fs::write(&path, serde_json::to_vec_pretty(&manifest).unwrap()).unwrap();
        let (ok, out) = run(&["restore", edited.to_str().unwrap()], &fresh);
        assert!(!ok && out.contains(says), "{field}: {out}");
        assert!(!fresh.join("qingdan.db").exists(), "{field}: nothing written");
    }

    // No key in the backup and none in place: refused with the fingerprint to look for.
    let (ok, out) = run(&["restore", plain.to_str().unwrap()], &fresh);
    assert!(!ok && out.contains("备份不含密钥"), "{out}");
    let manifest = Manifest::read(&plain).unwrap();
    assert!(out.contains(&manifest.key.fingerprint), "{out}");

    // Another key already in the target: refused.
    let other = work.path().join("other");
    std::fs::create_dir_all(&other).unwrap();
    qingdan::platform::crypto::install_key(&other.join("secret.key"), &[9u8; 32]).unwrap();
    let (ok, out) = run(&["restore", keyed.to_str().unwrap()], &other);
    assert!(!ok && out.contains("不是备份所用的密钥"), "{out}");
    assert!(!other.join("qingdan.db").exists());

    // The whole backup: restored, indexed, and a second restore on top is refused.
    let (ok, out) = run(&["restore", keyed.to_str().unwrap()], &fresh);
    assert!(ok, "{out}");
    assert!(out.contains(&format!("{} policy items", seed::POLICY_ITEMS)), "{out}");
    let (ok, out) = run(&["restore", keyed.to_str().unwrap()], &fresh);
    assert!(!ok && out.contains("已存在"), "{out}");

    let restored_config = common::config_for(fresh.clone(), &format!("sqlite://{}?mode=rwc", fresh.join("qingdan.db").display()), false);
    let restored = qingdan::state::AppState::start(&restored_config).await.expect("the restored portal starts");
    let status = restored.complaints.status(&receipt.receipt, "192.0.2.9").await.expect("the receipt opens its case");
    assert_eq!(status.case_number, receipt.case_number);
}
