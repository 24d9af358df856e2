//! Subscribing (validated, throttled, a confirmation mail in the same transaction),
//! confirming and unsubscribing by the link's token; the page's view of a subscription.

use std::sync::Arc;
use std::time::Duration;

use app::alerts::backend::AlertBackend;
use app::alerts::model::{SubscriptionView, MANAGE_PATH, MAX_QUERY_CHARS, UNSUBSCRIBE_PATH};
use app::error::PortalError;
use app::policies::query::SearchParams;
use app::policies::vocab::{INDUSTRIES, NO_QUALIFICATION, QUALIFICATIONS, REGIONS, SIZES};
use serde::Deserialize;

use super::store::{self, NewSubscription};
use crate::error::internal;
use crate::platform::changes;
use crate::platform::clock;
use crate::platform::contact::valid_email;
use crate::platform::crypto::{random_token, token_hash, Secrets};
use crate::platform::db::Db;
use crate::platform::mail;
use crate::platform::throttle::Limiter;

pub const MAIL_CONFIRM: &str = "alert_confirm";
pub const MAIL_ALERT: &str = "policy_alert";
/// Unconfirmed subscriptions an address may have made in a day: the confirmation mail
/// is the only mail an unconfirmed address gets, and not many of those.
const PENDING_PER_ADDRESS: i64 = 3;
const LIVE_PER_ADDRESS: i64 = 20;

/// The subscribe form (`POST /alerts`).
#[derive(Debug, Default, Deserialize)]
pub struct AlertForm {
    #[serde(default)]
    pub email: String,
    #[serde(default)]
    pub q: String,
    #[serde(default)]
    pub industry: String,
    #[serde(default)]
    pub size: String,
    #[serde(default)]
    pub region: String,
    #[serde(default)]
    pub qualification: Vec<String>,
    #[serde(default)]
    pub founded: String,
    #[serde(default)]
    pub frequency: String,
}

impl AlertForm {
    /// The profile as the search's query string: each value from the portal's own
    /// lists, the whole checked by the search's rules.
    fn profile(&self) -> Result<String, Vec<String>> {
        let mut problems = Vec::new();
        let lists: [(&str, &str, &String, &[&str]); 3] =
            [("industry", "所属行业", &self.industry, INDUSTRIES), ("size", "企业规模", &self.size, SIZES), ("region", "所在镇街", &self.region, REGIONS)];
        let mut pairs: Vec<(&str, String)> = Vec::new();
        for (key, label, value, allowed) in lists {
            let value = value.trim();
            if value.is_empty() {
                continue;
            }
            if !allowed.contains(&value) {
                problems.push(format!("{label}「{value}」不在清单中 / unknown {key}"));
            }
            pairs.push((key, value.to_string()));
        }
        for q in self.qualification.iter().map(|q| q.trim()).filter(|q| !q.is_empty()) {
            if q != NO_QUALIFICATION && !QUALIFICATIONS.contains(&q) {
                problems.push(format!("企业资质「{q}」不在清单中 / unknown qualification"));
            }
            pairs.push(("qualification", q.to_string()));
        }
        if !self.founded.trim().is_empty() {
            pairs.push(("founded", self.founded.trim().to_string()));
        }
        let query = app::url::build_url("", &pairs).trim_start_matches('?').to_string();
        if let Err(e) = SearchParams::from_query(&query) {
            problems.push(e.message().to_string());
        }
        if problems.is_empty() { Ok(query) } else { Err(problems) }
    }
}

pub struct AlertService {
    db: Db,
    secrets: Arc<Secrets>,
    policies: Arc<crate::policies::store::PolicyStore>,
    public_url: Option<String>,
    per_client: Limiter,
}

/// The address of a subscription's page and of its one-click unsubscribe.
pub fn links(base_url: &str, token: &str) -> (String, String) {
    (format!("{base_url}{MANAGE_PATH}?token={token}"), format!("{base_url}{UNSUBSCRIBE_PATH}?token={token}"))
}

impl AlertService {
    pub fn new(db: Db, secrets: Arc<Secrets>, policies: Arc<crate::policies::store::PolicyStore>, public_url: Option<String>) -> Self {
        Self { db, secrets, policies, public_url, per_client: Limiter::new(5, Duration::from_secs(10 * 60)) }
    }

    /// The worker that mails alerts (each node runs one; `run_once` in tests).
    pub fn worker(&self) -> super::worker::AlertWorker {
        super::worker::AlertWorker::new(self.db.clone(), self.secrets.clone(), self.policies.clone())
    }

    /// Records a pending subscription and queues its confirmation mail, in one
    /// transaction. `request_base` is used for links when no public address is configured.
    pub async fn subscribe(&self, form: &AlertForm, client: &str, request_base: &str) -> Result<(), PortalError> {
        let mut problems = Vec::new();
        let email = match address(&form.email) {
            Ok(a) => a,
            Err(e) => {
                problems.push(e.to_string());
                String::new()
            }
        };
        let query = form.q.trim();
        if query.chars().count() > MAX_QUERY_CHARS {
            problems.push(format!("关键词最多 {MAX_QUERY_CHARS} 个字 / at most {MAX_QUERY_CHARS} characters of keywords"));
        }
        let profile = form.profile().unwrap_or_else(|mut found| {
            problems.append(&mut found);
            String::new()
        });
        let digest = match form.frequency.trim() {
            "" | "now" => false,
            "daily" => true,
            _ => {
                problems.push("提醒方式应为“有变化即提醒”或“每日汇总” / frequency must be now or daily".to_string());
                false
            }
        };
        if !problems.is_empty() {
            return Err(PortalError::bad_request(problems.join("\n")));
        }
        if !self.per_client.allow(client) {
            return Err(PortalError::too_many("订阅过于频繁，请稍后再试 / too many subscriptions, please try later"));
        }
        let base = self.link_base(request_base)?;
        let email_hash = self.secrets.address_hash(&email);
        let day_ago = clock::minutes_ago(24 * 60);
        let (pending, live) = store::counts_of_address(&self.db, &email_hash, &day_ago).await.map_err(internal)?;
        if pending >= PENDING_PER_ADDRESS || live >= LIVE_PER_ADDRESS {
            // The same answer as a subscription made: the form must not tell anyone what an
            // address is subscribed to. Its owner has the earlier mails.
            return Ok(());
        }
        let token = random_token();
        let (manage, unsubscribe) = links(&base, &token);
        let body = format!(
            "您好：\n\n有人（希望是您本人）用此邮箱订阅了惠企政策提醒。请打开下面的链接确认订阅；确认前不会发送任何提醒：\n\n{manage}\n\n\
             如非本人操作，请忽略本邮件，不会再收到我们的邮件。\n\n\
             Someone (we hope you) subscribed this address to policy alerts. Open the link above to confirm; \
             nothing is sent until you do. If it was not you, ignore this mail.\n\n清单 · 惠企政策查询（示例站点）\n"
        );
        let mut tx = self.db.pool.begin().await.map_err(internal)?;
        let row = NewSubscription {
            token_hash: &token_hash(&token),
            token_sealed: &self.secrets.seal_text(&token),
            email_sealed: &self.secrets.seal_text(&email),
            email_hash: &email_hash,
            query,
            profile: &profile,
            base_url: &base,
            digest,
        };
        store::insert(&mut tx, &row, &clock::now()).await.map_err(internal)?;
        mail::enqueue_unsubscribable(&mut tx, &self.secrets, MAIL_CONFIRM, &email, "请确认订阅惠企政策提醒 / Please confirm your policy alerts", &body, &unsubscribe)
            .await
            .map_err(internal)?;
        tx.commit().await.map_err(internal)?;
        Ok(())
    }

    /// Where the links in mails point: the configured public address, or the request's
    /// own when it is this machine (a try-out or a test). Otherwise a forged Host header
    /// would send the confirmation link, token and all, to another site.
    fn link_base(&self, request_base: &str) -> Result<String, PortalError> {
        if let Some(url) = &self.public_url {
            return Ok(url.trim_end_matches('/').to_string());
        }
        let host = request_base.split_once("://").map_or(request_base, |(_, h)| h);
        let name = host.rsplit_once(':').map_or(host, |(n, port)| if port.chars().all(|c| c.is_ascii_digit()) { n } else { host });
        if matches!(name, "localhost" | "127.0.0.1" | "[::1]") {
            return Ok(request_base.to_string());
        }
        Err(PortalError::unavailable("本站尚未配置对外地址（QINGDAN_PUBLIC_URL），暂不能订阅提醒 / alerts need QINGDAN_PUBLIC_URL to be set"))
    }

    /// Confirms the subscription of the token; `false` for an unknown or ended one.
    pub async fn confirm(&self, token: &str) -> Result<bool, PortalError> {
        let Some(s) = store::by_token(&self.db, &token_hash(token.trim())).await.map_err(internal)? else { return Ok(false) };
        if s.ended {
            return Ok(false);
        }
        if s.confirmed {
            return Ok(true);
        }
        let position = changes::last_id(&self.db).await.map_err(internal)?;
        store::confirm(&self.db, s.id, &clock::now(), position).await.map_err(internal)?;
        Ok(true)
    }

    /// Ends the subscription of the token; `false` for an unknown token.
    pub async fn unsubscribe(&self, token: &str) -> Result<bool, PortalError> {
        let Some(s) = store::by_token(&self.db, &token_hash(token.trim())).await.map_err(internal)? else { return Ok(false) };
        store::end(&self.db, s.id, &clock::now()).await.map_err(internal)?;
        Ok(true)
    }
}

/// The bare address of the form's field (no display name, so one address is one address
/// for the limits, and nobody chooses the name a mail is addressed to).
fn address(field: &str) -> Result<String, &'static str> {
    let field = field.trim();
    if field.is_empty() {
        return Err("请填写电子邮箱 / the e-mail address is required");
    }
    match field.parse::<lettre::message::Mailbox>() {
        Ok(m) if m.name.is_none() && field.chars().count() <= 254 && valid_email(field) => Ok(m.email.to_string()),
        _ => Err("电子邮箱格式不正确 / the e-mail address is not valid"),
    }
}

#[async_trait::async_trait]
impl AlertBackend for AlertService {
    async fn subscription(&self, token: String) -> Result<Option<SubscriptionView>, PortalError> {
        if token.trim().is_empty() {
            return Ok(None);
        }
        let Some(s) = store::by_token(&self.db, &token_hash(token.trim())).await.map_err(internal)? else { return Ok(None) };
        let profile = SearchParams::from_query(&s.profile).map(|p| p.profile).unwrap_or_default();
        Ok(Some(SubscriptionView { state: s.state(), query: s.query, profile, digest: s.digest }))
    }
}
