//! The `qingdan` command line (README.md): serve, import, reindex, user.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::{Context, Result};

use crate::config::Config;
use crate::ops;
use crate::platform::changes;
use crate::platform::db::Db;
use crate::platform::sheet;
use crate::policies::import;
use crate::policies::index::PolicyIndex;
use crate::policies::store::PolicyStore;
use crate::services::index::ServiceIndex;
use crate::services::store::ServiceStore;
use crate::tasks::index::TaskIndex;
use crate::tasks::store::TaskStore;
use crate::state::AppState;
use crate::staff::accounts::Accounts;
use crate::staff::rules::NewAccount;

const USAGE: &str = "\
清单 Qingdan — 区涉企惠企政策清单门户 / the district list portal

用法 / usage:
  qingdan serve                      启动门户 / run the portal
  qingdan import policies FILE       导入政策清单 (CSV 或 XLSX) / import a policy list
  qingdan import services FILE       导入民生服务事项清单 / import the livelihood-services list
  qingdan import tasks FILE          导入改革攻坚任务清单 / import the reform-task ledger
  qingdan import supervision FILE    导入监督清单（100个是否）/ import the supervision checklist
  qingdan reindex                    从数据库重建搜索索引 / rebuild the search index
  qingdan backup DIR [--include-key] 在线备份到新目录 / back up a running portal
  qingdan restore DIR                从备份恢复到空的数据目录 / restore into an empty data dir
  qingdan user add --role commission|unit|certifier|admin [--unit 单位] [--email 邮箱]
                   [--name 显示名] 用户名
                                     创建工作人员账号，密码从标准输入读取或取自
                                     QINGDAN_PASSWORD / create a staff account
  qingdan version                    显示版本（含构建标识）/ show the version and build id
  qingdan help                       显示本帮助 / show this help

配置 / configuration: QINGDAN_DATA_DIR, QINGDAN_DATABASE_URL, QINGDAN_ADDR,
QINGDAN_SMTP_URL, QINGDAN_SAMPLE_DATA (见 README / see README)
";

pub fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    init_logging();
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("无法启动运行时 / cannot start the runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    let outcome = runtime.block_on(async {
        match args.as_slice() {
            ["serve"] | [] => serve().await,
            ["import", "policies", file] => import_policies(Path::new(file)).await,
            ["import", "services", file] => import_services(Path::new(file)).await,
            ["import", "tasks", file] => import_tasks(Path::new(file)).await,
            ["import", "supervision", file] => import_supervision(Path::new(file)).await,
            ["reindex"] => reindex().await,
            ["backup", dir] => backup(Path::new(dir), false).await,
            ["backup", dir, "--include-key"] | ["backup", "--include-key", dir] => backup(Path::new(dir), true).await,
            ["restore", dir] => restore(Path::new(dir)).await,
            ["user", "add", rest @ ..] => user_add(rest).await,
            ["version" | "--version"] => {
                println!("qingdan {}", crate::BUILD_ID);
                Ok(())
            }
            ["help" | "--help" | "-h"] => {
                print!("{USAGE}");
                Ok(())
            }
            _ => {
                eprint!("{USAGE}");
                return Err(anyhow::anyhow!("无法识别的命令 / unknown command"));
            }
        }
    });
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("错误 / error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn init_logging() {
    let filter = tracing_subscriber::EnvFilter::try_from_env("QINGDAN_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info,sqlx=warn,tantivy=warn"));
    let log = tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr);
    // QINGDAN_LOG_FORMAT=json: one JSON object per line, the event's fields at the top level.
    let _ = match std::env::var("QINGDAN_LOG_FORMAT").as_deref().map(str::trim) {
        Ok("json") => log.json().flatten_event(true).with_current_span(false).with_span_list(false).try_init(),
        _ => log.try_init(),
    };
}

async fn serve() -> Result<()> {
    let config = Config::from_env()?;
    let app_state = AppState::start(&config).await?;
    let site_root = crate::web::find_site_root();
    if !site_root.join("pkg").join("qingdan.wasm").exists() {
        tracing::warn!(
            "未找到 wasm 前端 ({}): 页面可用但不会水合 / wasm bundle not found, pages will work without hydration",
            site_root.display()
        );
    }
    let (app, private) = crate::web::routes::routers(app_state.clone(), site_root, config.addr);
    if let Some(addr) = config.metrics_addr {
        let listener = tokio::net::TcpListener::bind(addr)
            .await
            .with_context(|| format!("无法监听 / cannot listen on {addr} (QINGDAN_METRICS_ADDR)"))?;
        let addr = listener.local_addr()?;
        tracing::info!("/metrics 与 /healthz 另在 http://{addr} 提供 / also serving /metrics and /healthz on http://{addr}");
        announce("metrics listening on", addr);
        tokio::spawn(async move { axum::serve(listener, private).with_graceful_shutdown(shutdown_signal()).await });
    }
    let listener = tokio::net::TcpListener::bind(config.addr)
        .await
        .with_context(|| format!("无法监听 / cannot listen on {}", config.addr))?;
    let addr = listener.local_addr()?;
    tracing::info!("清单门户已启动 / Qingdan is serving http://{addr} ({} policy items)", app_state.policies.index.item_count());
    announce("listening on", addr);
    axum::serve(listener, app.into_make_service_with_connect_info::<std::net::SocketAddr>())
        .with_graceful_shutdown(shutdown_signal()).await?;
    Ok(())
}

async fn shutdown_signal() {
    let ctrl_c = tokio::signal::ctrl_c();
    #[cfg(unix)]
    {
        let mut term = match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(s) => s,
            Err(_) => return ctrl_c.await.unwrap_or(()),
        };
        tokio::select! {
            _ = ctrl_c => {},
            _ = term.recv() => {},
        }
    }
    #[cfg(not(unix))]
    let _ = ctrl_c.await;
}

fn progress(stage: &'static str) -> impl Fn(usize, usize) {
    move |done, total| {
        if total >= 2000 && (done % 1000 == 0 || done == total) {
            eprint!("\r{stage} {done}/{total}");
            if done == total {
                eprintln!();
            }
            let _ = std::io::stderr().flush();
        }
    }
}

async fn import_policies(file: &Path) -> Result<()> {
    let config = Config::from_env()?;
    let sheet = sheet::read_file(file)?;
    eprintln!("读取 {} 行数据 / read {} data rows", sheet.rows.len(), sheet.rows.len());
    let rows = import::validate(&sheet, &progress("校验 / validating"))?;
    let db = Db::connect(&config.database_url).await?;
    let store = PolicyStore::new(db);
    let summary = store.import(&rows, &progress("写入 / writing")).await?;
    println!(
        "导入完成 / imported: 新增 {} 条，更新 {} 条，未变 {} 条 (new {}, updated {}, unchanged {})",
        summary.inserted, summary.updated, summary.unchanged, summary.inserted, summary.updated, summary.unchanged
    );
    println!("运行中的门户会在约 1 秒内更新搜索索引；未运行的门户在下次启动时更新。");
    println!("A running portal picks the changes up within about a second; a stopped one at its next start.");
    Ok(())
}

async fn import_services(file: &Path) -> Result<()> {
    let config = Config::from_env()?;
    let sheet = sheet::read_file(file)?;
    eprintln!("读取 {} 行数据 / read {} data rows", sheet.rows.len(), sheet.rows.len());
    let rows = crate::services::import::validate(&sheet, &progress("校验 / validating"))?;
    let db = Db::connect(&config.database_url).await?;
    let store = crate::services::store::ServiceStore::new(db);
    let s = store.import(&rows, &progress("写入 / writing")).await?;
    println!(
        "导入完成 / imported: 新增 {} 项，更新 {} 项，未变 {} 项，“一件事” {} 个 (new {}, updated {}, unchanged {}, bundles {})",
        s.inserted, s.updated, s.unchanged, s.bundles, s.inserted, s.updated, s.unchanged, s.bundles
    );
    println!("运行中的门户会在约 1 秒内更新搜索索引；未运行的门户在下次启动时更新。");
    println!("A running portal picks the changes up within about a second; a stopped one at its next start.");
    Ok(())
}

async fn import_tasks(file: &Path) -> Result<()> {
    let config = Config::from_env()?;
    let sheet = sheet::read_file(file)?;
    eprintln!("读取 {} 行数据 / read {} data rows", sheet.rows.len(), sheet.rows.len());
    let db = Db::connect(&config.database_url).await?;
    let known = crate::tasks::service::unit_names(&db).await?;
    let rows = crate::tasks::import::validate(&sheet, &known, &progress("校验 / validating"))?;
    let s = crate::tasks::store::TaskStore::new(db).import(&rows, &progress("写入 / writing")).await?;
    println!(
        "导入完成 / imported: 新增 {} 项，更新 {} 项，未变 {} 项 (new {}, updated {}, unchanged {})",
        s.inserted, s.updated, s.unchanged, s.inserted, s.updated, s.unchanged
    );
    Ok(())
}

async fn import_supervision(file: &Path) -> Result<()> {
    let config = Config::from_env()?;
    let sheet = sheet::read_file(file)?;
    let questions = crate::supervision::import::validate(&sheet)?;
    let db = Db::connect(&config.database_url).await?;
    let s = crate::supervision::questions::QuestionStore::new(db).import(&questions).await?;
    println!(
        "导入完成 / imported: 新增 {} 条，更新 {} 条，未变 {} 条 (new {}, updated {}, unchanged {})",
        s.inserted, s.updated, s.unchanged, s.inserted, s.updated, s.unchanged
    );
    Ok(())
}

async fn reindex() -> Result<()> {
    let config = Config::from_env()?;
    let db = Db::connect(&config.database_url).await?;
    changes::request_reindex(&db).await?;
    let store = Arc::new(PolicyStore::new(db.clone()));
    // With no server holding the indexes, rebuild them here; otherwise the running
    // server sees the request in the change feed and rebuilds itself.
    let policies = PolicyIndex::open(&config.index_dir(), store).await;
    let services = ServiceIndex::open(&config.service_index_dir(), Arc::new(ServiceStore::new(db.clone()))).await;
    let tasks = TaskIndex::open(&config.task_index_dir(), Arc::new(TaskStore::new(db))).await;
    match (policies, services, tasks) {
        (Ok(p), Ok(s), Ok(t)) => {
            println!(
                "搜索索引已重建 / search indexes rebuilt: {} policy items, {} services, {} tasks",
                p.item_count(),
                s.item_count(),
                t.item_count()
            );
        }
        (Err(e), _, _) | (_, Err(e), _) | (_, _, Err(e)) if format!("{e:#}").contains("locked") => {
            println!("门户正在运行，已请求其重建索引 / the running portal will rebuild its indexes now");
        }
        (Err(e), _, _) | (_, Err(e), _) | (_, _, Err(e)) => return Err(e),
    }
    Ok(())
}

async fn backup(dir: &Path, include_key: bool) -> Result<()> {
    let config = Config::from_env()?;
    let report = ops::backup::run(&config, dir, &ops::backup::Options { include_key }).await?;
    let m = &report.manifest;
    let count = |t: &str| m.counts.get(t).copied().unwrap_or(0);
    println!(
        "备份完成 / backup written to {}: 架构版本 schema {}，政策条目 {} policy items，案件 {} cases，证据 {} evidence files，邮件 {} mails",
        dir.display(),
        m.schema_version,
        count("policy_items"),
        count("complaints"),
        count("complaint_files"),
        count("mail_outbox")
    );
    if m.key.included {
        println!("密钥已一并放入备份 (--include-key)：请把这个备份当作密钥本身一样保管。");
        println!("The key is inside this backup (--include-key): guard the backup as you would the key itself.");
    } else {
        println!(
            "密钥未放入备份：密钥文件在 {}（指纹 {}）。请把它另行保存在别处；与备份放在一起，拿到备份的人就能解开举报人身份和证据。需要时用 --include-key。",
            report.key_path.display(),
            m.key.fingerprint
        );
        println!(
            "The key is not in the backup: it is at {} (fingerprint {}). Keep a copy somewhere else; stored beside the backup, whoever takes the backup could open reporters' identities and evidence. Use --include-key to include it anyway.",
            report.key_path.display(),
            m.key.fingerprint
        );
    }
    Ok(())
}

async fn restore(dir: &Path) -> Result<()> {
    let config = Config::from_env()?;
    let report = ops::restore::run(&config, dir).await?;
    let db = Db::connect(&config.database_url).await?;
    let schema = db.schema_version().await?;
    let index = PolicyIndex::open(&config.index_dir(), Arc::new(PolicyStore::new(db.clone()))).await?;
    let services = ServiceIndex::open(&config.service_index_dir(), Arc::new(ServiceStore::new(db.clone()))).await?;
    TaskIndex::open(&config.task_index_dir(), Arc::new(TaskStore::new(db))).await?;
    println!(
        "恢复完成 / restored from {}: 架构版本 schema {} → {}，邮件 {} mail files，密钥 key {}，搜索索引已重建 index rebuilt ({} policy items, {} services)",
        dir.display(),
        report.manifest.schema_version,
        schema,
        report.mail_files,
        report.key_path.display(),
        index.item_count(),
        services.item_count()
    );
    Ok(())
}

async fn user_add(args: &[&str]) -> Result<()> {
    let mut role = None;
    let mut unit = None;
    let mut email = None;
    let mut display = None;
    let mut username = None;
    let mut rest = args.iter();
    while let Some(arg) = rest.next() {
        let mut value = || rest.next().map(|v| v.to_string()).ok_or_else(|| anyhow::anyhow!("{arg} 需要一个值 / {arg} needs a value"));
        match *arg {
            "--role" => role = Some(value()?),
            "--unit" => unit = Some(value()?),
            "--email" => email = Some(value()?),
            "--name" => display = Some(value()?),
            other if other.starts_with("--") => anyhow::bail!("未知选项 / unknown option {other}"),
            other => username = Some(other.to_string()),
        }
    }
    let username = username.ok_or_else(|| anyhow::anyhow!("请给出用户名 / give a user name"))?;
    let role = match role.as_deref() {
        Some(key) => Some(
            app::staff::model::Role::from_key(key)
                .ok_or_else(|| anyhow::anyhow!("--role 应为 commission、unit、certifier 或 admin / --role must be commission, unit, certifier or admin"))?,
        ),
        None => None,
    };
    let password = match std::env::var("QINGDAN_PASSWORD") {
        Ok(p) if !p.is_empty() => p,
        _ => {
            eprint!("为 {username} 设置密码(至少 10 位)/ password for {username}: ");
            let _ = std::io::stderr().flush();
            let mut line = String::new();
            let hide = std::io::IsTerminal::is_terminal(&std::io::stdin()) && stty("-echo");
            let read = std::io::stdin().read_line(&mut line);
            if hide {
                stty("echo");
                eprintln!();
            }
            read?;
            line.trim_end_matches(['\r', '\n']).to_string()
        }
    };
    let config = Config::from_env()?;
    let db = Db::connect(&config.database_url).await?;
    let account = NewAccount {
        username: username.clone(),
        display_name: display.unwrap_or_default(),
        role,
        unit: unit.unwrap_or_default(),
        email: email.unwrap_or_default(),
        password,
    };
    let id = Accounts::new(db).add(&account).await?;
    let label = account.role.map(|r| r.label()).unwrap_or_default();
    println!("已创建账号 / created account #{id}: {} ({label})", account.username());
    Ok(())
}

/// Turns terminal echo off or on for a password prompt; false where stty is missing.
fn stty(arg: &str) -> bool {
    std::process::Command::new("stty")
        .arg(arg)
        .stdin(std::process::Stdio::inherit())
        .status()
        .is_ok_and(|s| s.success())
}

/// One line on stdout with the address actually bound (`QINGDAN_ADDR=127.0.0.1:0` picks a
/// free port): what scripts and tests wait for before they connect.
fn announce(what: &str, addr: std::net::SocketAddr) {
    let line = format!("qingdan: {what} http://{addr}");
    if std::env::var("QINGDAN_LOG_FORMAT").is_ok_and(|f| f.eq_ignore_ascii_case("json")) {
        let at = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Micros, true);
        println!("{{\"timestamp\":\"{at}\",\"level\":\"INFO\",\"message\":\"{line}\"}}");
    } else {
        println!("{line}");
    }
    let _ = std::io::stdout().flush();
}
