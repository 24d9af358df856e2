//! The service search as it travels in a URL, shared by the pages and the JSON API.

use crate::error::PortalError;
use crate::params::{check_query_and_limit, flag, non_empty, page_of, page_url, Paging, DEFAULT_LIMIT};
use crate::url::parse_pairs;

#[derive(Clone, Debug, PartialEq)]
pub struct ServiceParams {
    pub q: String,
    pub category: Option<String>,
    pub unit: Option<String>,
    pub level: Option<String>,
    /// 全程网办 or not.
    pub online: Option<bool>,
    /// 零跑动: no visit needed.
    pub zero_visits: Option<bool>,
    /// 即办: done at once.
    pub instant: Option<bool>,
    /// 下放镇街: delivered by the township or street.
    pub devolved: Option<bool>,
    pub target_met: Option<bool>,
    pub limit: u32,
    pub offset: u32,
}

impl Default for ServiceParams {
    fn default() -> Self {
        Self {
            q: String::new(),
            category: None,
            unit: None,
            level: None,
            online: None,
            zero_visits: None,
            instant: None,
            devolved: None,
            target_met: None,
            limit: DEFAULT_LIMIT,
            offset: 0,
        }
    }
}

impl ServiceParams {
    pub fn from_query(raw: &str) -> Result<Self, PortalError> {
        let mut p = ServiceParams::default();
        let mut paging = Paging::default();
        for (key, value) in parse_pairs(raw)? {
            if paging.read(&key, &value)? {
                continue;
            }
            match key.as_str() {
                "q" => p.q = value.trim().to_string(),
                "category" => p.category = non_empty(&value),
                "unit" => p.unit = non_empty(&value),
                "level" => p.level = non_empty(&value),
                "online" => p.online = flag("online", &value)?,
                "zero_visits" => p.zero_visits = flag("zero_visits", &value)?,
                "instant" => p.instant = flag("instant", &value)?,
                "devolved" => p.devolved = flag("devolved", &value)?,
                "target_met" => p.target_met = flag("target_met", &value)?,
                _ => {}
            }
        }
        (p.limit, p.offset) = paging.resolve();
        p.validate()?;
        Ok(p)
    }

    pub fn validate(&self) -> Result<(), PortalError> {
        check_query_and_limit(&self.q, self.limit)
    }

    /// Whether anything narrows the list (the page then shows results, not the catalogue).
    pub fn is_filtered(&self) -> bool {
        !self.q.is_empty()
            || self.category.is_some()
            || self.unit.is_some()
            || self.level.is_some()
            || self.online.is_some()
            || self.zero_visits.is_some()
            || self.instant.is_some()
            || self.devolved.is_some()
            || self.target_met.is_some()
    }

    fn pairs(&self) -> Vec<(&'static str, String)> {
        let mut pairs = Vec::new();
        let mut add = |k: &'static str, v: Option<String>| {
            if let Some(v) = v.filter(|v| !v.is_empty()) {
                pairs.push((k, v));
            }
        };
        add("q", Some(self.q.clone()));
        add("category", self.category.clone());
        add("unit", self.unit.clone());
        add("level", self.level.clone());
        add("online", self.online.map(|b| b.to_string()));
        add("zero_visits", self.zero_visits.map(|b| b.to_string()));
        add("instant", self.instant.map(|b| b.to_string()));
        add("devolved", self.devolved.map(|b| b.to_string()));
        add("target_met", self.target_met.map(|b| b.to_string()));
        pairs
    }

    /// The listing URL for these parameters and `page` (1-based).
    pub fn url(&self, page: u32) -> String {
        page_url("/services", self.pairs(), page)
    }

    pub fn page(&self) -> u32 {
        page_of(self.offset, self.limit)
    }
}

#[cfg(test)]
mod tests;
