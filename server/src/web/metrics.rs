//! Request metrics and the Prometheus text format (version 0.0.4) they and the rest of
//! `/metrics` are written in. Every request passes [`observe`]: one counter by route,
//! method and status, one duration histogram by route, and one line in the request log
//! (`access_log.rs`). Labels stay bounded: the route is axum's route template, not the
//! path, and an unmatched request counts as [`FALLBACK`].

use std::collections::HashMap;
use std::fmt::Display;
use std::hash::Hash;
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

use axum::extract::{MatchedPath, Request, State};
use axum::http::{Method, StatusCode};
use axum::middleware::Next;
use axum::response::Response;

use super::access_log;
use crate::platform::metrics::{Counter, Histogram, HistogramSnapshot};

/// The route label of a request no route matched (pages Leptos does not know, assets
/// outside `/pkg`, probes): one label, however many paths are tried.
pub const FALLBACK: &str = "fallback";

pub const CONTENT_TYPE: &str = "text/plain; version=0.0.4; charset=utf-8";

#[derive(Default)]
struct RouteStats {
    duration: Histogram,
    answers: RwLock<HashMap<(&'static str, u16), Counter>>,
}

/// Counts and times the requests of one process.
#[derive(Default)]
pub struct HttpMetrics {
    routes: RwLock<HashMap<String, RouteStats>>,
}

/// Runs `f` on the value under `key`, inserting a default first if there is none. The
/// usual case (the key exists) takes only the read lock.
fn with_entry<K, Q, V, R>(map: &RwLock<HashMap<K, V>>, key: &Q, owned: impl FnOnce() -> K, f: impl FnOnce(&V) -> R) -> R
where
    K: Eq + Hash + std::borrow::Borrow<Q>,
    Q: Eq + Hash + ?Sized,
    V: Default,
{
    {
        let read = map.read().unwrap_or_else(|e| e.into_inner());
        if let Some(value) = read.get(key) {
            return f(value);
        }
    }
    let mut write = map.write().unwrap_or_else(|e| e.into_inner());
    f(write.entry(owned()).or_default())
}

/// A request method as a label: the standard ones, anything else as `other`.
pub fn method_label(method: &Method) -> &'static str {
    match *method {
        Method::GET => "GET",
        Method::HEAD => "HEAD",
        Method::POST => "POST",
        Method::PUT => "PUT",
        Method::DELETE => "DELETE",
        Method::PATCH => "PATCH",
        Method::OPTIONS => "OPTIONS",
        _ => "other",
    }
}

impl HttpMetrics {
    pub fn record(&self, route: &str, method: &'static str, status: StatusCode, elapsed: Duration) {
        with_entry(&self.routes, route, || route.to_string(), |stats: &RouteStats| {
            stats.duration.observe(elapsed);
            let key = (method, status.as_u16());
            with_entry(&stats.answers, &key, || key, |counter: &Counter| counter.inc());
        });
    }

    /// `qingdan_http_requests_total` and `qingdan_http_request_duration_seconds`, in a
    /// stable order.
    pub fn render(&self, out: &mut Exposition) {
        let routes = self.routes.read().unwrap_or_else(|e| e.into_inner());
        let mut names: Vec<&String> = routes.keys().collect();
        names.sort();
        out.header("qingdan_http_requests_total", "counter", "HTTP requests answered, by route template, method and status.");
        for route in &names {
            let answers = routes[*route].answers.read().unwrap_or_else(|e| e.into_inner());
            let mut keys: Vec<&(&'static str, u16)> = answers.keys().collect();
            keys.sort();
            for key in keys {
                let status = key.1.to_string();
                let labels = [("route", route.as_str()), ("method", key.0), ("status", status.as_str())];
                out.sample("qingdan_http_requests_total", &labels, answers[key].get());
            }
        }
        out.header(
            "qingdan_http_request_duration_seconds",
            "histogram",
            "Time from a request's arrival to its response head, by route template.",
        );
        for route in &names {
            out.histogram("qingdan_http_request_duration_seconds", &[("route", route.as_str())], &routes[*route].duration.snapshot());
        }
    }
}

/// What the request middleware needs: where to count, and which routes the request
/// log may show with their path and query string.
#[derive(Clone)]
pub struct Observer {
    pub metrics: Arc<HttpMetrics>,
    pub logged_in_full: &'static [&'static str],
}

/// The middleware of every portal route: counts, times and logs the request.
pub async fn observe(State(observer): State<Observer>, request: Request, next: Next) -> Response {
    let started = Instant::now();
    let route = request.extensions().get::<MatchedPath>().map(|p| p.as_str().to_string());
    let route = route.unwrap_or_else(|| FALLBACK.to_string());
    let method = method_label(request.method());
    let shown = observer.logged_in_full.contains(&route.as_str()).then(|| request.uri().clone());
    let response = next.run(request).await;
    let elapsed = started.elapsed();
    observer.metrics.record(&route, method, response.status(), elapsed);
    access_log::request(method, &route, response.status(), elapsed, shown.as_ref());
    response
}

/// A `/metrics` body being written.
#[derive(Default)]
pub struct Exposition {
    out: String,
}

impl Exposition {
    pub fn header(&mut self, name: &str, kind: &str, help: &str) {
        self.out.push_str(&format!("# HELP {name} {help}\n# TYPE {name} {kind}\n"));
    }

    pub fn sample(&mut self, name: &str, labels: &[(&str, &str)], value: impl Display) {
        self.out.push_str(name);
        self.labels(labels, None);
        self.out.push_str(&format!(" {value}\n"));
    }

    /// The `_bucket`, `_sum` and `_count` lines of one histogram (after its header).
    pub fn histogram(&mut self, name: &str, labels: &[(&str, &str)], snapshot: &HistogramSnapshot) {
        let bucket = format!("{name}_bucket");
        for (bound, count) in &snapshot.cumulative {
            self.out.push_str(&bucket);
            self.labels(labels, Some(&bound.to_string()));
            self.out.push_str(&format!(" {count}\n"));
        }
        self.out.push_str(&bucket);
        self.labels(labels, Some("+Inf"));
        self.out.push_str(&format!(" {}\n", snapshot.count));
        self.sample(&format!("{name}_sum"), labels, snapshot.sum_seconds);
        self.sample(&format!("{name}_count"), labels, snapshot.count);
    }

    fn labels(&mut self, labels: &[(&str, &str)], le: Option<&str>) {
        if labels.is_empty() && le.is_none() {
            return;
        }
        let mut parts: Vec<String> = labels.iter().map(|(k, v)| format!("{k}=\"{}\"", escape(v))).collect();
        if let Some(le) = le {
            parts.push(format!("le=\"{le}\""));
        }
        self.out.push('{');
        self.out.push_str(&parts.join(","));
        self.out.push('}');
    }

    pub fn finish(self) -> String {
        self.out
    }
}

/// A label value as the text format wants it: backslash, quote and newline escaped.
fn escape(value: &str) -> String {
    value.replace('\\', "\\\\").replace('"', "\\\"").replace('\n', "\\n")
}

#[cfg(test)]
mod tests;
