//! The ledger search as it travels in a URL, shared by the pages and the JSON API.

use crate::error::PortalError;
use crate::params::{check_query_and_limit, non_empty, page_of, page_url, Paging, DEFAULT_LIMIT};
use crate::url::parse_pairs;

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
        let mut paging = Paging::default();
        for (key, value) in parse_pairs(raw)? {
            if paging.read(&key, &value)? {
                continue;
            }
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

    pub fn url(&self, page: u32) -> String {
        let pairs = [("q", Some(&self.q)), ("area", self.area.as_ref()), ("source", self.source.as_ref()), ("unit", self.unit.as_ref()), ("state", self.state.as_ref())];
        page_url("/tasks", pairs.into_iter().filter_map(|(k, v)| Some((k, v?.clone()))).collect(), page)
    }

    pub fn page(&self) -> u32 {
        page_of(self.offset, self.limit)
    }
}
