//! The service search as it travels in a URL, shared by the pages and the JSON API.

use crate::error::PortalError;
use crate::policies::query::{DEFAULT_LIMIT, MAX_LIMIT, MAX_QUERY_CHARS};
use crate::url::{build_url, parse_pairs};

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

fn non_empty(v: &str) -> Option<String> {
    let t = v.trim();
    (!t.is_empty()).then(|| t.to_string())
}

fn flag(key: &str, v: &str) -> Result<Option<bool>, PortalError> {
    match v.trim() {
        "" => Ok(None),
        "true" | "1" => Ok(Some(true)),
        "false" | "0" => Ok(Some(false)),
        _ => Err(PortalError::bad_request(format!("参数 {key} 应为 true 或 false / {key} must be true or false"))),
    }
}

fn number(key: &str, v: &str) -> Result<Option<u32>, PortalError> {
    let t = v.trim();
    if t.is_empty() {
        return Ok(None);
    }
    t.parse().map(Some).map_err(|_| PortalError::bad_request(format!("参数 {key} 应为数字 / Parameter {key} must be a number")))
}

impl ServiceParams {
    pub fn from_query(raw: &str) -> Result<Self, PortalError> {
        let mut p = ServiceParams::default();
        let mut page = None;
        for (key, value) in parse_pairs(raw)? {
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
                "limit" => p.limit = number("limit", &value)?.unwrap_or(DEFAULT_LIMIT),
                "offset" => p.offset = number("offset", &value)?.unwrap_or(0),
                "page" => page = number("page", &value)?,
                _ => {}
            }
        }
        if let Some(page) = page {
            p.offset = page.saturating_sub(1).saturating_mul(p.limit.max(1));
        }
        p.validate()?;
        Ok(p)
    }

    pub fn validate(&self) -> Result<(), PortalError> {
        if self.q.chars().count() > MAX_QUERY_CHARS {
            return Err(PortalError::bad_request(format!(
                "搜索词过长，请控制在 {MAX_QUERY_CHARS} 字以内 / The query is too long (at most {MAX_QUERY_CHARS} characters)"
            )));
        }
        if self.limit == 0 || self.limit > MAX_LIMIT {
            return Err(PortalError::bad_request(format!("limit 应在 1 到 {MAX_LIMIT} 之间 / limit must be between 1 and {MAX_LIMIT}")));
        }
        Ok(())
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
        let mut pairs = self.pairs();
        if page > 1 {
            pairs.push(("page", page.to_string()));
        }
        let refs: Vec<(&str, String)> = pairs.into_iter().collect();
        build_url("/services", &refs)
    }

    pub fn page(&self) -> u32 {
        self.offset / self.limit.max(1) + 1
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_rebuilds() {
        let p = ServiceParams::from_query("q=%E5%87%BA%E7%94%9F&online=true&instant=0&page=2").unwrap();
        assert_eq!(p.q, "出生");
        assert_eq!((p.online, p.instant, p.offset), (Some(true), Some(false), 20));
        assert_eq!(ServiceParams::from_query(&p.url(2)[10..]).unwrap(), p);
        assert!(ServiceParams::from_query("online=maybe").is_err());
        assert!(ServiceParams::from_query("limit=101").is_err());
    }
}
