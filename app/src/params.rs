//! The query-string parameters every list's search shares: trimmed text, numbers and
//! yes/no flags with their messages, and the bounds of the query and the page size.

use serde::{Deserialize, Serialize};

use crate::error::PortalError;

pub const MAX_QUERY_CHARS: usize = 200;
pub const DEFAULT_LIMIT: u32 = 20;
pub const MAX_LIMIT: u32 = 100;

/// A trimmed value; `None` when empty.
pub fn non_empty(v: &str) -> Option<String> {
    let t = v.trim();
    (!t.is_empty()).then(|| t.to_string())
}

/// A number, or `None` when empty.
pub fn number<T: std::str::FromStr>(key: &str, v: &str) -> Result<Option<T>, PortalError> {
    let t = v.trim();
    if t.is_empty() {
        return Ok(None);
    }
    t.parse()
        .map(Some)
        .map_err(|_| PortalError::bad_request(format!("参数 {key} 应为数字 / Parameter {key} must be a number")))
}

/// `true`/`1` or `false`/`0`, or `None` when empty.
pub fn flag(key: &str, v: &str) -> Result<Option<bool>, PortalError> {
    match v.trim() {
        "" => Ok(None),
        "true" | "1" => Ok(Some(true)),
        "false" | "0" => Ok(Some(false)),
        _ => Err(PortalError::bad_request(format!("参数 {key} 应为 true 或 false / {key} must be true or false"))),
    }
}

/// The query's length and the page size every list accepts.
pub fn check_query_and_limit(q: &str, limit: u32) -> Result<(), PortalError> {
    if q.chars().count() > MAX_QUERY_CHARS {
        return Err(PortalError::bad_request(format!(
            "搜索词过长，请控制在 {MAX_QUERY_CHARS} 字以内 / The query is too long (at most {MAX_QUERY_CHARS} characters)"
        )));
    }
    if limit == 0 || limit > MAX_LIMIT {
        return Err(PortalError::bad_request(format!("limit 应在 1 到 {MAX_LIMIT} 之间 / limit must be between 1 and {MAX_LIMIT}")));
    }
    Ok(())
}

/// The paging keys every list reads from its URL: `limit`, `offset`, and `page`
/// (1-based, the pages' spelling of `offset`, which it overrides).
#[derive(Clone, Copy, Debug, Default)]
pub struct Paging {
    limit: Option<u32>,
    offset: Option<u32>,
    page: Option<u32>,
}

impl Paging {
    /// Reads `key` if it is a paging key; false for any other key.
    pub fn read(&mut self, key: &str, value: &str) -> Result<bool, PortalError> {
        match key {
            "limit" => self.limit = number("limit", value)?,
            "offset" => self.offset = number("offset", value)?,
            "page" => self.page = number("page", value)?,
            _ => return Ok(false),
        }
        Ok(true)
    }

    /// `(limit, offset)`.
    pub fn resolve(&self) -> (u32, u32) {
        let limit = self.limit.unwrap_or(DEFAULT_LIMIT);
        let offset = match self.page {
            Some(page) => page.saturating_sub(1).saturating_mul(limit.max(1)),
            None => self.offset.unwrap_or(0),
        };
        (limit, offset)
    }
}

/// The 1-based page an offset falls on.
pub fn page_of(offset: u32, limit: u32) -> u32 {
    offset / limit.max(1) + 1
}

/// A list's URL for `pairs` on `page` (page 1 needs no key).
pub fn page_url(path: &str, mut pairs: Vec<(&'static str, String)>, page: u32) -> String {
    pairs.retain(|(_, v)| !v.is_empty());
    if page > 1 {
        pairs.push(("page", page.to_string()));
    }
    crate::url::build_url(path, &pairs)
}

/// One value of a facet and how many items have it (given the other filters).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct FacetValue {
    pub value: String,
    pub count: u32,
}
