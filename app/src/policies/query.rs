//! The policy search as it travels in a URL: parsing, validation and link building.
//! The same parser serves the pages and the JSON API, so both accept the same URLs.

use super::model::Profile;
use crate::error::PortalError;
use crate::url::{build_url, parse_pairs};

pub use crate::params::{DEFAULT_LIMIT, MAX_LIMIT, MAX_QUERY_CHARS};
use crate::params::{check_query_and_limit, flag, non_empty, number as parse_number, page_of, Paging};

#[derive(Clone, Debug, PartialEq)]
pub struct SearchParams {
    pub q: String,
    pub category: Option<String>,
    pub support: Option<String>,
    pub issuer: Option<String>,
    pub executor: Option<String>,
    pub delivery: Option<String>,
    pub in_force: Option<bool>,
    pub profile: Profile,
    /// `versions=all`: every version of a policy is a hit of its own, instead of the
    /// earlier ones folding under the newest.
    pub all_versions: bool,
    pub limit: u32,
    pub offset: u32,
}

impl Default for SearchParams {
    fn default() -> Self {
        Self {
            q: String::new(),
            category: None,
            support: None,
            issuer: None,
            executor: None,
            delivery: None,
            in_force: None,
            profile: Profile::default(),
            all_versions: false,
            limit: DEFAULT_LIMIT,
            offset: 0,
        }
    }
}


impl SearchParams {
    /// Parses a URL query string (`q=…&category=…`). `page` (1-based) is the pages'
    /// spelling of `offset`.
    pub fn from_query(raw: &str) -> Result<Self, PortalError> {
        let mut p = SearchParams::default();
        let mut paging = Paging::default();
        for (key, value) in parse_pairs(raw)? {
            if paging.read(&key, &value)? {
                continue;
            }
            match key.as_str() {
                "q" => p.q = value.trim().to_string(),
                "category" => p.category = non_empty(&value),
                "support" => p.support = non_empty(&value),
                "issuer" => p.issuer = non_empty(&value),
                "executor" => p.executor = non_empty(&value),
                "delivery" => p.delivery = non_empty(&value),
                "in_force" => p.in_force = flag("in_force", &value)?,
                "versions" => {
                    p.all_versions = match value.trim() {
                        "" | "current" => false,
                        "all" => true,
                        _ => {
                            return Err(PortalError::bad_request(
                                "参数 versions 应为 all 或 current / versions must be all or current",
                            ))
                        }
                    }
                }
                "industry" => p.profile.industry = non_empty(&value),
                "size" => p.profile.size = non_empty(&value),
                "region" => p.profile.region = non_empty(&value),
                "qualification" => {
                    if let Some(q) = non_empty(&value) {
                        if !p.profile.qualifications.contains(&q) {
                            p.profile.qualifications.push(q);
                        }
                    }
                }
                "founded" => p.profile.founded = parse_number("founded", &value)?,
                _ => {}
            }
        }
        (p.limit, p.offset) = paging.resolve();
        p.validate()?;
        Ok(p)
    }

    pub fn validate(&self) -> Result<(), PortalError> {
        check_query_and_limit(&self.q, self.limit)?;
        if let Some(year) = self.profile.founded {
            if !(1900..=2100).contains(&year) {
                return Err(PortalError::bad_request(
                    "成立年份应为 1900 至 2100 之间的年份 / founded must be a year between 1900 and 2100",
                ));
            }
        }
        Ok(())
    }

    pub fn page(&self) -> u32 {
        page_of(self.offset, self.limit)
    }

    /// Key/value pairs of everything but paging, in a stable order.
    pub fn pairs(&self) -> Vec<(&'static str, String)> {
        let mut out = Vec::new();
        if !self.q.is_empty() {
            out.push(("q", self.q.clone()));
        }
        let filters = [
            ("category", &self.category),
            ("support", &self.support),
            ("issuer", &self.issuer),
            ("executor", &self.executor),
            ("delivery", &self.delivery),
        ];
        for (key, value) in filters {
            if let Some(v) = value {
                out.push((key, v.clone()));
            }
        }
        if let Some(f) = self.in_force {
            out.push(("in_force", f.to_string()));
        }
        if self.all_versions {
            out.push(("versions", "all".to_string()));
        }
        out.extend(profile_pairs(&self.profile));
        out
    }

    /// The pages' URL for these parameters, on the given page.
    pub fn to_url(&self, page: u32) -> String {
        let mut pairs = self.pairs();
        if page > 1 {
            pairs.push(("page", page.to_string()));
        }
        build_url("/search", &pairs)
    }
}

pub fn profile_pairs(profile: &Profile) -> Vec<(&'static str, String)> {
    let mut out = Vec::new();
    if let Some(v) = &profile.industry {
        out.push(("industry", v.clone()));
    }
    if let Some(v) = &profile.size {
        out.push(("size", v.clone()));
    }
    if let Some(v) = &profile.region {
        out.push(("region", v.clone()));
    }
    for q in &profile.qualifications {
        out.push(("qualification", q.clone()));
    }
    if let Some(y) = profile.founded {
        out.push(("founded", y.to_string()));
    }
    out
}


#[cfg(test)]
mod tests;
