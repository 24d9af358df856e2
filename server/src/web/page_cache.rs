//! The search page, rendered once and sent many times. A person's search and the page's
//! reload, a link shared in a group chat, a crawler: the same `/search?…` is asked
//! again and again, and rendering it cost most of its time. An anonymous GET (no cookie:
//! no session, no flash, no form token) is answered from a copy made at most
//! [`PageCache::ttl`] ago while nothing it shows has changed (the policy and service
//! indexes' stamps and the day). Every copy sent gets a fresh CSP nonce: every
//! occurrence of the one Leptos rendered (on its scripts, and on its preload links) is
//! replaced in the body and the header, so no two answers share one and the rendered
//! nonce is never sent.

use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::Response;
use base64::Engine;
use rand::RngCore;

use crate::state::AppState;

/// Pages kept at most (a page is about 100 KB).
const KEPT: usize = 128;
/// A page larger than this is sent and not kept.
const MAX_PAGE: usize = 2 * 1024 * 1024;

pub struct PageCache {
    app: Arc<AppState>,
    /// How long a copy may be sent; zero: never kept (`QINGDAN_PAGE_CACHE_MS=0`).
    pub ttl: Duration,
    kept: Mutex<Kept>,
}

#[derive(Default)]
struct Kept {
    pages: HashMap<String, Page>,
    order: VecDeque<String>,
}

#[derive(Clone)]
struct Page {
    made: Instant,
    stamp: String,
    headers: HeaderMap,
    body: Bytes,
    nonce: String,
}

impl PageCache {
    pub fn new(app: Arc<AppState>, ttl: Duration) -> Self {
        Self { app, ttl, kept: Mutex::default() }
    }

    fn stamp(&self) -> String {
        let today = crate::platform::clock::today();
        format!("{}|{}", self.app.policies.index.stamp(&today), self.app.services.index.stamp())
    }

    fn get(&self, key: &str, stamp: &str) -> Option<Page> {
        let kept = self.kept.lock().unwrap_or_else(|e| e.into_inner());
        kept.pages.get(key).filter(|p| p.stamp == stamp && p.made.elapsed() < self.ttl).cloned()
    }

    fn put(&self, key: String, page: Page) {
        let mut kept = self.kept.lock().unwrap_or_else(|e| e.into_inner());
        if !kept.pages.contains_key(&key) {
            if kept.order.len() >= KEPT {
                if let Some(oldest) = kept.order.pop_front() {
                    kept.pages.remove(&oldest);
                }
            }
            kept.order.push_back(key.clone());
        }
        kept.pages.insert(key, page);
    }
}

/// Only the search page, asked for anonymously.
fn cacheable(req: &Request) -> bool {
    req.method() == Method::GET && app::lang::strip_locale(req.uri().path()) == "/search" && !req.headers().contains_key(header::COOKIE)
}

/// The nonce of a page's `script-src 'nonce-…'`.
fn nonce_of(headers: &HeaderMap) -> Option<String> {
    let csp = headers.get(header::CONTENT_SECURITY_POLICY)?.to_str().ok()?;
    let start = csp.find("'nonce-")? + "'nonce-".len();
    let len = csp[start..].find('\'')?;
    Some(csp[start..start + len].to_string())
}

fn fresh_nonce() -> String {
    let mut bytes = [0u8; 18];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

/// The kept page with `fresh` in place of its rendered nonce.
fn answer(page: &Page, fresh: &str) -> Response {
    let body = if page.nonce.is_empty() {
        page.body.clone()
    } else {
        // The nonce is random text made while rendering: no query can have put it there.
        let text = String::from_utf8_lossy(&page.body);
        Bytes::from(text.replace(&page.nonce, fresh))
    };
    let mut response = Response::new(Body::from(body));
    *response.headers_mut() = page.headers.clone();
    if let Some(csp) = page.headers.get(header::CONTENT_SECURITY_POLICY).and_then(|v| v.to_str().ok()) {
        let replaced = csp.replace(&format!("'nonce-{}'", page.nonce), &format!("'nonce-{fresh}'"));
        if let Ok(value) = HeaderValue::from_str(&replaced) {
            response.headers_mut().insert(header::CONTENT_SECURITY_POLICY, value);
        }
    }
    response
}

pub async fn page_cache(State(cache): State<Arc<PageCache>>, req: Request, next: Next) -> Response {
    if cache.ttl.is_zero() || !cacheable(&req) {
        return next.run(req).await;
    }
    let key = req.uri().to_string();
    // Read before rendering: a page rendered from older data is kept under the older stamp.
    let stamp = cache.stamp();
    if let Some(page) = cache.get(&key, &stamp) {
        return answer(&page, &fresh_nonce());
    }
    let response = next.run(req).await;
    let html = response.headers().get(header::CONTENT_TYPE).is_some_and(|t| t.as_bytes().starts_with(b"text/html"));
    if response.status() != StatusCode::OK || !html || response.headers().contains_key(header::SET_COOKIE) {
        return response;
    }
    let (parts, body) = response.into_parts();
    // The portal's own page, its size bounded by the search's limits: read whole, kept
    // only when small enough.
    let body = match axum::body::to_bytes(body, usize::MAX).await {
        Ok(body) => body,
        Err(e) => {
            crate::error::log_internal("search page", &e);
            let mut failed = Response::new(Body::from("页面生成失败，请重试 / the page could not be made; please try again"));
            *failed.status_mut() = StatusCode::INTERNAL_SERVER_ERROR;
            return failed;
        }
    };
    if body.len() > MAX_PAGE {
        return Response::from_parts(parts, Body::from(body));
    }
    let page = Page { made: Instant::now(), stamp, nonce: nonce_of(&parts.headers).unwrap_or_default(), headers: parts.headers.clone(), body };
    cache.put(key, page.clone());
    // Even the first answer does not carry the nonce kept with the page.
    answer(&page, &fresh_nonce())
}
