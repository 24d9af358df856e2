//! Configuration from `QINGDAN_*` environment variables (README.md's contract).

use std::net::SocketAddr;
use std::path::PathBuf;

use anyhow::{Context, Result};

/// The key file's name inside the data directory, unless `QINGDAN_KEY_FILE` names another.
pub const KEY_FILE: &str = "secret.key";

#[derive(Clone, Debug)]
pub struct Config {
    pub data_dir: PathBuf,
    pub database_url: String,
    pub addr: SocketAddr,
    pub smtp_url: Option<String>,
    pub sample_data: bool,
    pub key_file: Option<PathBuf>,
    pub insecure_cookies: bool,
    /// Peers whose `X-Forwarded-For` names the client (QINGDAN_TRUSTED_PROXIES).
    pub trusted_proxies: Vec<crate::platform::cidr::Cidr>,
    /// `/metrics` on the main listener for `Authorization: Bearer <token>`.
    pub metrics_token: Option<String>,
    /// A second listener serving `/metrics` and `/healthz` without a token.
    pub metrics_addr: Option<SocketAddr>,
    /// The portal's address as people reach it (`https://qingdan.example.gov.cn`), for
    /// the links in mails and on the receipt (QINGDAN_PUBLIC_URL).
    pub public_url: Option<String>,
    /// How long an anonymous search page may be sent again as rendered
    /// (QINGDAN_PAGE_CACHE_MS, default 1000; 0: every page is rendered).
    pub page_cache: std::time::Duration,
}

/// `QINGDAN_PUBLIC_URL`: an http(s) address without a trailing slash.
pub fn public_url(raw: Option<String>) -> Result<Option<String>> {
    let Some(url) = raw.map(|u| u.trim().trim_end_matches('/').to_string()) else { return Ok(None) };
    let host = url.strip_prefix("https://").or_else(|| url.strip_prefix("http://")).unwrap_or_default();
    if host.is_empty() || host.contains(char::is_whitespace) {
        anyhow::bail!("QINGDAN_PUBLIC_URL 应为 http:// 或 https:// 开头的门户地址 / must be the portal's http(s) address: {url}");
    }
    Ok(Some(url))
}

impl Config {
    pub fn from_env() -> Result<Self> {
        let var = |name: &str| std::env::var(name).ok().filter(|v| !v.trim().is_empty());
        let data_dir = PathBuf::from(var("QINGDAN_DATA_DIR").unwrap_or_else(|| "./data".into()));
        std::fs::create_dir_all(&data_dir)
            .with_context(|| format!("无法创建数据目录 / cannot create data dir {}", data_dir.display()))?;
        let database_url = match var("QINGDAN_DATABASE_URL") {
            Some(url) => url,
            None => format!("sqlite://{}?mode=rwc", data_dir.join("qingdan.db").display()),
        };
        let addr = var("QINGDAN_ADDR")
            .unwrap_or_else(|| "127.0.0.1:3000".into())
            .parse()
            .context("QINGDAN_ADDR 不是有效的地址 / QINGDAN_ADDR is not a valid host:port")?;
        let sample_data = var("QINGDAN_SAMPLE_DATA").map(|v| v != "0").unwrap_or(true);
        let metrics_addr = var("QINGDAN_METRICS_ADDR")
            .map(|a| a.parse())
            .transpose()
            .context("QINGDAN_METRICS_ADDR 不是有效的地址 / QINGDAN_METRICS_ADDR is not a valid host:port")?;
        Ok(Self {
            data_dir,
            database_url,
            addr,
            smtp_url: var("QINGDAN_SMTP_URL"),
            sample_data,
            key_file: var("QINGDAN_KEY_FILE").map(PathBuf::from),
            insecure_cookies: var("QINGDAN_INSECURE_COOKIES").is_some_and(|v| v == "1"),
            trusted_proxies: crate::platform::cidr::parse_list(&var("QINGDAN_TRUSTED_PROXIES").unwrap_or_default())
                .map_err(|e| anyhow::anyhow!("QINGDAN_TRUSTED_PROXIES: {e}"))?,
            metrics_token: var("QINGDAN_METRICS_TOKEN").map(|t| t.trim().to_string()),
            metrics_addr,
            public_url: public_url(var("QINGDAN_PUBLIC_URL"))?,
            page_cache: std::time::Duration::from_millis(match var("QINGDAN_PAGE_CACHE_MS") {
                Some(ms) => ms.trim().parse().context("QINGDAN_PAGE_CACHE_MS 应为毫秒数 / must be a number of milliseconds")?,
                None => 1000,
            }),
        })
    }

    /// The key that seals reporters' identities; nodes sharing a database share it.
    pub fn key_file(&self) -> PathBuf {
        self.key_file.clone().unwrap_or_else(|| self.data_dir.join(KEY_FILE))
    }

    pub fn index_dir(&self) -> PathBuf {
        self.data_dir.join("index")
    }

    pub fn service_index_dir(&self) -> PathBuf {
        self.data_dir.join("index-services")
    }

    pub fn task_index_dir(&self) -> PathBuf {
        self.data_dir.join("index-tasks")
    }

    /// Every list's index: derived data, rebuilt from the database when absent.
    pub fn index_dirs(&self) -> [PathBuf; 3] {
        [self.index_dir(), self.service_index_dir(), self.task_index_dir()]
    }

    /// The mail spool: one `.eml` file per message when no SMTP server is configured.
    pub fn mail_dir(&self) -> PathBuf {
        self.data_dir.join("mail")
    }
}
