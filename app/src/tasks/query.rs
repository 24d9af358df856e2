//! The ledger search as it travels in a URL, shared by the pages and the JSON API.

use crate::error::PortalError;
use crate::params::{check_query_and_limit, non_empty, number, DEFAULT_LIMIT};
use crate::url::{build_url, parse_pairs};

#[derive(Clone, Debug, PartialEq)]
pub struct TaskParams {
    pub q: String,
    pub area: Option<String>,
    pub source: Option<String>,
    pub unit: Option<String>,
    /// `open` or `closed`.
    pub state: Option<String>,
    pub limit: u32,
    pub offset: u32,
}

impl Default for TaskParams {
    fn default() -> Self {
        Self { q: String::new(), area: None, source: None, unit: None, state: None, limit: DEFAULT_LIMIT, offset: 0 }
    }
}

impl TaskParams {
    pub fn from_query(raw: &str) -> Result<Self, PortalError> {
        let mut p = TaskParams::default();
        let mut page: Option<u32> = None;
        for (key, value) in parse_pairs(raw)? {
            match key.as_str() {
                "q" => p.q = value.trim().to_string(),
                "area" => p.area = non_empty(&value),
                "source" => p.source = non_empty(&value),
                "unit" => p.unit = non_empty(&value),
                "state" => {
                    p.state = match value.trim() {
                        "" => None,
                        s @ ("open" | "closed") => Some(s.to_string()),
                        _ => return Err(PortalError::bad_request("参数 state 应为 open 或 closed / state must be open or closed")),
                    }
                }
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
        check_query_and_limit(&self.q, self.limit)
    }

    pub fn url(&self, page: u32) -> String {
        let mut pairs: Vec<(&str, String)> = Vec::new();
        let mut add = |k: &'static str, v: &Option<String>| {
            if let Some(v) = v.as_ref().filter(|v| !v.is_empty()) {
                pairs.push((k, v.clone()));
            }
        };
        add("q", &Some(self.q.clone()));
        add("area", &self.area);
        add("source", &self.source);
        add("unit", &self.unit);
        add("state", &self.state);
        if page > 1 {
            pairs.push(("page", page.to_string()));
        }
        build_url("/tasks", &pairs)
    }

    pub fn page(&self) -> u32 {
        self.offset / self.limit.max(1) + 1
    }
}
