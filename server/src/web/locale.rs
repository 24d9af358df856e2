//! Forms on English pages post to the same handlers as the Chinese ones; the answer
//! sends the person back to the English page. A form's POST carries its page in
//! `Referer` (same-origin, see the `Referrer-Policy` in routes.rs): when that page is
//! under `/en/`, a redirect to a site path gets the `/en` prefix. Staff pages have no
//! English version and keep their paths.

use axum::extract::Request;
use axum::http::{header, HeaderValue, Method};
use axum::middleware::Next;
use axum::response::Response;

use app::lang::{is_staff_path, locale_of_path, localize, Locale};

pub async fn keep_language(req: Request, next: Next) -> Response {
    let english = req.method() == Method::POST
        && req
            .headers()
            .get(header::REFERER)
            .and_then(|r| r.to_str().ok())
            .map(referer_path)
            .is_some_and(|path| locale_of_path(path) == Locale::en);
    let mut response = next.run(req).await;
    if english {
        if let Some(to) = response.headers().get(header::LOCATION).and_then(|l| l.to_str().ok()).and_then(english_target) {
            if let Ok(value) = HeaderValue::from_str(&to) {
                response.headers_mut().insert(header::LOCATION, value);
            }
        }
    }
    response
}

/// The path of a `Referer` (absolute URL or path).
fn referer_path(referer: &str) -> &str {
    let rest = match referer.split_once("://") {
        Some((_, rest)) => rest.find('/').map_or("/", |i| &rest[i..]),
        None => referer,
    };
    rest.split(['?', '#']).next().unwrap_or("/")
}

/// Where an English page's redirect goes: the English version of a public page.
fn english_target(location: &str) -> Option<String> {
    let path = location.split(['?', '#']).next().unwrap_or(location);
    let public = location.starts_with('/')
        && !location.starts_with("//")
        && locale_of_path(path) == Locale::zh_CN
        && !is_staff_path(path);
    public.then(|| localize(Locale::en, location))
}

#[cfg(test)]
mod tests;
