//! Follows the change feed: for each confirmed subscription behind it, the policies added
//! or changed since its position that apply to its profile and hold its words, in one
//! mail through the outbox — queued in the transaction that moves the subscription's
//! position, so a batch is mailed once even with several nodes (or none: an unchanged
//! re-import records no change). A daily digest waits for the next day once it has mailed.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Result;
use app::alerts::model::matches_query;
use app::policies::applicability::evaluate;
use app::policies::components::policy_href;
use app::policies::query::SearchParams;

use super::service::{links, MAIL_ALERT};
use super::store::{self, Subscription};
use crate::platform::changes::{self, ENTITY_POLICY};
use crate::platform::crypto::Secrets;
use crate::platform::db::Db;
use crate::platform::{clock, mail};
use crate::policies::model::ItemRecord;
use crate::policies::store::PolicyStore;

const POLL: Duration = Duration::from_secs(5);
const SUBSCRIPTIONS_PER_PASS: i64 = 500;
const CHANGES_PER_READ: i64 = 10_000;
const ITEMS_PER_READ: usize = 500;
/// Policies named in one mail; the rest are counted.
const LISTED: usize = 50;

pub struct AlertWorker {
    db: Db,
    secrets: Arc<Secrets>,
    policies: Arc<PolicyStore>,
}

/// What one subscription's mail will say.
#[derive(Default)]
struct Matches {
    count: usize,
    lines: Vec<String>,
}

impl AlertWorker {
    pub fn new(db: Db, secrets: Arc<Secrets>, policies: Arc<PolicyStore>) -> Self {
        Self { db, secrets, policies }
    }

    pub fn spawn(self) -> tokio::task::JoinHandle<()> {
        tokio::spawn(async move {
            loop {
                if let Err(e) = self.run_once(&clock::now()).await {
                    crate::error::log_internal("policy alerts", &e);
                }
                tokio::time::sleep(POLL).await;
            }
        })
    }

    /// One pass at local time `now` (`YYYY-MM-DD HH:MM:SS`): returns the mails queued.
    pub async fn run_once(&self, now: &str) -> Result<usize> {
        let position = changes::last_id(&self.db).await?;
        let today = now.get(..10).unwrap_or(now);
        let due: Vec<Subscription> = store::behind(&self.db, position, today, SUBSCRIPTIONS_PER_PASS).await?;
        let Some(from) = due.iter().map(|s| s.last_change_id).min() else { return Ok(0) };
        let changed = self.changed_policies(from, position).await?;
        let profiles: Vec<SearchParams> = due.iter().map(|s| SearchParams::from_query(&s.profile).unwrap_or_default()).collect();
        let mut matches: Vec<Matches> = due.iter().map(|_| Matches::default()).collect();
        let year = today.get(..4).and_then(|y| y.parse().ok()).unwrap_or(2026);
        let mut codes: Vec<(&String, &i64)> = changed.iter().collect();
        codes.sort();
        for chunk in codes.chunks(ITEMS_PER_READ) {
            let keys: Vec<String> = chunk.iter().map(|(c, _)| (*c).clone()).collect();
            for item in self.policies.many(&keys).await? {
                let change_id = changed.get(&item.code).copied().unwrap_or(0);
                for (i, s) in due.iter().enumerate() {
                    if change_id > s.last_change_id && wanted(&item, &s.query, &profiles[i], today, year) {
                        let m = &mut matches[i];
                        m.count += 1;
                        if m.lines.len() < LISTED {
                            m.lines.push(line(&item, &s.base_url));
                        }
                    }
                }
            }
        }
        let mut queued = 0;
        for (s, m) in due.iter().zip(matches) {
            // One subscription that cannot be mailed (a key that does not open it) must
            // not hold up the others: it is logged and tried again on the next pass.
            match self.deliver(s, &m, position, now).await {
                Ok(sent) => queued += sent as usize,
                Err(e) => crate::error::log_internal("policy alert", &e),
            }
        }
        Ok(queued)
    }

    /// Queues the subscription's mail (when anything matched) and moves it to `position`,
    /// in one transaction; `false` when nothing was queued (or another node was first).
    async fn deliver(&self, s: &Subscription, m: &Matches, position: i64, now: &str) -> Result<bool> {
        let mut tx = self.db.pool.begin().await?;
        if m.count > 0 {
            let email = self.secrets.open_text(&s.email_sealed)?;
            let token = self.secrets.open_text(&s.token_sealed)?;
            let (subject, body, unsubscribe) = message(s, &token, m);
            mail::enqueue_unsubscribable(&mut tx, &self.secrets, MAIL_ALERT, &email, &subject, &body, &unsubscribe).await?;
        }
        if store::advance(&mut tx, s.id, s.last_change_id, position, (m.count > 0).then_some(now)).await? {
            tx.commit().await?;
            Ok(m.count > 0)
        } else {
            tx.rollback().await?;
            Ok(false)
        }
    }

    /// Each policy code changed after `from` up to `to`, with its last change's id.
    async fn changed_policies(&self, from: i64, to: i64) -> Result<HashMap<String, i64>> {
        let mut changed = HashMap::new();
        let mut after = from;
        while after < to {
            let batch = changes::since(&self.db, after, CHANGES_PER_READ).await?;
            let Some(last) = batch.last() else { break };
            after = last.id;
            for c in batch.into_iter().filter(|c| c.id <= to && c.entity == ENTITY_POLICY) {
                changed.insert(c.key, c.id);
            }
        }
        Ok(changed)
    }
}

/// Whether an alert names this policy: it holds every word of the query, and applies to
/// the profile when one is given.
fn wanted(item: &ItemRecord, query: &str, params: &SearchParams, today: &str, year: i32) -> bool {
    let texts = [item.title.as_str(), item.content.as_str(), item.document.title.as_str(), item.category.as_str(), item.support_type.as_str(), item.executing_unit.as_str()];
    matches_query(query, &texts)
        && (params.profile.is_empty() || evaluate(&item.conditions, item.in_force(today), &params.profile, year).applicable == Some(true))
}

fn line(item: &ItemRecord, base: &str) -> String {
    format!(
        "· {}（{}）\n  执行单位：{}；有效期：{} 至 {}\n  {}{}",
        item.title,
        item.code,
        item.executing_unit,
        item.valid_from,
        item.valid_until.as_deref().unwrap_or("长期"),
        base,
        policy_href(&item.code)
    )
}

fn message(s: &Subscription, token: &str, m: &Matches) -> (String, String, String) {
    let (manage, unsubscribe) = links(&s.base_url, token);
    let subject = format!("惠企政策提醒：{} 项政策新增或变更 / {} policies added or changed", m.count, m.count);
    let mut body = String::from("您订阅的惠企政策有新增或变更：\n\n");
    body.push_str(&m.lines.join("\n\n"));
    if m.count > m.lines.len() {
        body.push_str(&format!("\n\n另有 {} 项，请到网站查看。", m.count - m.lines.len()));
    }
    body.push_str(&format!("\n\n管理或退订 / manage or unsubscribe：{manage}\n\n清单 · 惠企政策查询（示例站点）\n"));
    (subject, body, unsubscribe)
}
