//! Atom feeds (RFC 4287): one writer for every list's feed. Ids are `tag:` URIs that
//! never change; links are absolute, built from the request's host.

use axum::http::{header, HeaderMap};
use axum::response::{IntoResponse, Response};

use crate::platform::xml::escape;

pub struct Entry {
    /// Stable within the feed ("notice/12").
    pub key: String,
    pub title: String,
    /// RFC 3339.
    pub updated: String,
    pub link: String,
    pub content: String,
}

pub struct Feed {
    /// Stable ("notices").
    pub key: &'static str,
    pub title: String,
    pub author: String,
    /// Site-relative paths of the feed and of the page it follows.
    pub self_path: String,
    pub page_path: String,
    pub entries: Vec<Entry>,
}

/// `http(s)://host` of the request: the Host header when it looks like a host name,
/// the scheme from the proxy's X-Forwarded-Proto.
pub fn base_url(headers: &HeaderMap) -> String {
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .filter(|h| !h.is_empty() && h.len() <= 255 && h.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':' | '[' | ']')))
        .unwrap_or("localhost");
    let https = headers.get("x-forwarded-proto").and_then(|v| v.to_str().ok()).is_some_and(|v| v.eq_ignore_ascii_case("https"));
    format!("{}://{host}", if https { "https" } else { "http" })
}

/// A stored local time (`YYYY-MM-DD HH:MM:SS`, China Standard Time) as RFC 3339; a bare
/// date as the start of its day.
pub fn local_time(stored: &str) -> String {
    match stored.get(..19) {
        Some(t) if t.as_bytes().get(10) == Some(&b' ') => format!("{}T{}+08:00", &t[..10], &t[11..]),
        _ => day_start(stored.get(..10).unwrap_or(stored)),
    }
}

/// A `YYYY-MM-DD` date as the start of that day in China Standard Time.
pub fn day_start(date: &str) -> String {
    format!("{date}T00:00:00+08:00")
}

impl Feed {
    pub fn render(&self, base: &str) -> String {
        let updated = self.entries.iter().map(|e| e.updated.as_str()).max().unwrap_or("2020-01-01T00:00:00+08:00");
        let mut xml = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"zh-CN\">\n");
        xml.push_str(&format!("  <id>tag:qingdan,2026:{}</id>\n", escape(self.key)));
        xml.push_str(&format!("  <title>{}</title>\n", escape(&self.title)));
        xml.push_str(&format!("  <updated>{}</updated>\n", escape(updated)));
        xml.push_str(&format!("  <link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>\n", escape(&format!("{base}{}", self.self_path))));
        xml.push_str(&format!("  <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n", escape(&format!("{base}{}", self.page_path))));
        xml.push_str(&format!("  <author><name>{}</name></author>\n", escape(&self.author)));
        for e in &self.entries {
            xml.push_str("  <entry>\n");
            xml.push_str(&format!("    <id>tag:qingdan,2026:{}</id>\n", escape(&e.key)));
            xml.push_str(&format!("    <title>{}</title>\n", escape(&e.title)));
            xml.push_str(&format!("    <updated>{}</updated>\n", escape(&e.updated)));
            xml.push_str(&format!("    <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n", escape(&format!("{base}{}", e.link))));
            xml.push_str(&format!("    <content type=\"text\">{}</content>\n", escape(&e.content)));
            xml.push_str("  </entry>\n");
        }
        xml.push_str("</feed>\n");
        xml
    }

    pub fn response(&self, headers: &HeaderMap) -> Response {
        ([(header::CONTENT_TYPE, "application/atom+xml; charset=utf-8")], self.render(&base_url(headers))).into_response()
    }
}

#[cfg(test)]
mod tests;
