//! The browser bundle under `/pkg`: content-hashed names read from the manifest that
//! tools/build.sh writes, precompressed variants chosen by `Accept-Encoding`, and the
//! cache policy (hashed names never change, so they are immutable; everything else is
//! revalidated).
//!
//! Why a manifest in the site root rather than Leptos's `hash_files`: Leptos reads its
//! `hash.txt` from beside the running executable, which is a different directory for
//! `cargo run`, a test binary in `target/debug/deps` and a deployed binary, while the
//! site root travels with the files it describes. The js and wasm share one hash, so the
//! hashed stem (`qingdan.<hash>`) can simply be Leptos's `output_name`, from which
//! `HydrationScripts` builds both links.

use std::path::Path;

use axum::body::Body;
use axum::http::{header, HeaderValue, Request, Response};
use axum::middleware::{self, Next};
use axum::routing::MethodRouter;
use serde::Deserialize;
use tower_http::services::ServeDir;

/// The name the bundle has when no manifest names a hashed one.
pub const PLAIN_NAME: &str = "qingdan";
/// Served from the binary (routes.rs), so pages are styled even without a built site.
pub const PLAIN_STYLESHEET: &str = "/pkg/qingdan.css";
pub const MANIFEST: &str = "assets.json";

const IMMUTABLE: &str = "public, max-age=31536000, immutable";
const REVALIDATE: &str = "no-cache";

/// What the pages link to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AssetNames {
    /// Leptos's `output_name`: the js and wasm are `/pkg/<bundle>.js` and `.wasm`.
    pub bundle: String,
    /// The stylesheet's URL.
    pub stylesheet: String,
}

#[derive(Deserialize)]
struct Manifest {
    js: String,
    wasm: String,
    css: String,
    /// The build id of the server built with the bundle ([`crate::BUILD_ID`]).
    #[serde(default)]
    build: Option<String>,
}

impl AssetNames {
    pub fn plain() -> Self {
        AssetNames { bundle: PLAIN_NAME.to_string(), stylesheet: PLAIN_STYLESHEET.to_string() }
    }

    /// The names in `<site_root>/pkg/assets.json`, or the plain names when there is no
    /// usable manifest (no wasm built, or one that names missing files).
    pub fn load(site_root: &Path) -> Self {
        let pkg = site_root.join("pkg");
        let path = pkg.join(MANIFEST);
        let Ok(text) = std::fs::read_to_string(&path) else { return Self::plain() };
        match Self::from_manifest(&text, &pkg) {
            Ok(names) => names,
            Err(problem) => {
                tracing::warn!("{}: {problem}; linking the un-hashed bundle names", path.display());
                Self::plain()
            }
        }
    }

    fn from_manifest(text: &str, pkg: &Path) -> Result<Self, String> {
        let m: Manifest = serde_json::from_str(text).map_err(|e| e.to_string())?;
        if let Some(problem) = bundle_mismatch(m.build.as_deref()) {
            tracing::warn!("{}: {problem}", pkg.join(MANIFEST).display());
        }
        let bundle = m.js.strip_suffix(".js").ok_or("js does not end in .js")?;
        if m.wasm.strip_suffix(".wasm") != Some(bundle) {
            return Err(format!("{} and {} do not share a name", m.js, m.wasm));
        }
        for file in [&m.js, &m.wasm, &m.css] {
            if file.contains('/') || !pkg.join(file).is_file() {
                return Err(format!("{file} is not in {}", pkg.display()));
            }
        }
        Ok(AssetNames { bundle: bundle.to_string(), stylesheet: format!("/pkg/{}", m.css) })
    }
}

/// Why the bundle described by a manifest with `build` may not match this server, if it
/// may not: pages still render, but the browser code may not understand the server.
pub fn bundle_mismatch(build: Option<&str>) -> Option<String> {
    let ours = crate::BUILD_ID;
    match build {
        Some(theirs) if theirs == ours => None,
        Some(theirs) => Some(format!(
            "浏览器端程序与服务器版本不一致（{theirs} / 服务器 {ours}），请运行 tools/build.sh 重新构建 / \
             the browser bundle was built from another version than this server; rebuild with tools/build.sh"
        )),
        None => Some(format!(
            "浏览器端程序未注明版本（服务器 {ours}），可能与服务器不一致，请运行 tools/build.sh 重新构建 / \
             the browser bundle does not say which version it was built from; rebuild with tools/build.sh"
        )),
    }
}

/// `GET /pkg/*`: files under `<site_root>/pkg`, the `.br` or `.gz` twin when the client
/// accepts it.
pub fn pkg_service<S: Clone + Send + Sync + 'static>(site_root: &Path) -> MethodRouter<S> {
    let files = ServeDir::new(site_root).precompressed_br().precompressed_gzip();
    axum::routing::get_service(files).layer(middleware::from_fn(cache_headers))
}

async fn cache_headers(request: Request<Body>, next: Next) -> Response<Body> {
    let immutable = is_hashed(request.uri().path());
    let mut response = next.run(request).await;
    if response.status().is_success() || response.status() == axum::http::StatusCode::NOT_MODIFIED {
        let headers = response.headers_mut();
        let policy = if immutable { IMMUTABLE } else { REVALIDATE };
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(policy));
        headers.append(header::VARY, HeaderValue::from_static("accept-encoding"));
    }
    response
}

/// `name.<16 hex digits>.ext`, as tools/build.sh names what it hashes.
fn is_hashed(path: &str) -> bool {
    let file = path.rsplit('/').next().unwrap_or_default();
    let mut parts = file.rsplit('.');
    let (_ext, hash, name) = (parts.next(), parts.next(), parts.next());
    name.is_some_and(|n| !n.is_empty())
        && hash.is_some_and(|h| h.len() == 16 && h.bytes().all(|b| b.is_ascii_hexdigit()))
}

#[cfg(test)]
mod tests;
