//! The browser bundle as the server hands it out: pages link the content-hashed names
//! from pkg/assets.json, hashed files are cached as immutable, and the `.br` / `.gz`
//! twins written by tools/build.sh are chosen by `Accept-Encoding`. The files here are
//! stand-ins whose bodies say which variant was sent.

#[macro_use]
mod common;

use std::net::SocketAddr;
use std::path::Path;

use common::{get, request, HttpResponse, TestDb};

const BUNDLE: &str = "qingdan.0123456789abcdef";
const CSS: &str = "qingdan.fedcba9876543210.css";
const IMMUTABLE: &str = "public, max-age=31536000, immutable";

fn write(pkg: &Path, name: &str, body: &str) {
    std::fs::write(pkg.join(name), body).unwrap();
}

/// A site root laid out as tools/build.sh leaves it.
fn built_site(root: &Path) {
    let pkg = root.join("pkg");
    std::fs::create_dir_all(&pkg).unwrap();
    for file in [format!("{BUNDLE}.js"), format!("{BUNDLE}.wasm"), CSS.to_string(), "qingdan.wasm".to_string()] {
        write(&pkg, &file, &format!("identity {file}"));
        write(&pkg, &format!("{file}.gz"), &format!("gzip {file}"));
        write(&pkg, &format!("{file}.br"), &format!("brotli {file}"));
    }
    write(&pkg, "assets.json", &format!(r#"{{"js": "{BUNDLE}.js", "wasm": "{BUNDLE}.wasm", "css": "{CSS}"}}"#));
}

async fn server(site: impl FnOnce(&Path)) -> (TestDb, SocketAddr) {
    let db = common::sqlite();
    let portal = db.portal(false).await;
    let site_root = db.data_dir().join("site");
    std::fs::create_dir_all(&site_root).unwrap();
    site(&site_root);
    let addr = common::serve(portal, site_root).await;
    (db, addr)
}

async fn get_encoded(addr: SocketAddr, path: &str, accept_encoding: Option<&str>) -> HttpResponse {
    let headers: Vec<(&str, String)> = accept_encoding.map(|e| ("Accept-Encoding", e.to_string())).into_iter().collect();
    let r = request(addr, "GET", path, &headers, Vec::new()).await;
    assert_eq!(r.status, 200, "GET {path} ({accept_encoding:?}): {}", String::from_utf8_lossy(&r.body));
    r
}

fn varies_on_encoding(r: &HttpResponse) -> bool {
    r.headers
        .iter()
        .filter(|(k, _)| k.eq_ignore_ascii_case("vary"))
        .any(|(_, v)| v.split(',').any(|p| p.trim().eq_ignore_ascii_case("accept-encoding")))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pages_link_the_hashed_bundle_and_are_revalidated() {
    let (_db, addr) = server(built_site).await;
    for path in ["/", "/search", "/no-such-page"] {
        let r = get(addr, path).await;
        let html = r.text();
        assert!(html.contains(&format!("/pkg/{BUNDLE}.js")), "{path} links the hashed js: {html}");
        assert!(html.contains(&format!("/pkg/{BUNDLE}.wasm")), "{path} links the hashed wasm");
        assert!(html.contains(&format!(r#"href="/pkg/{CSS}""#)), "{path} links the hashed css");
        assert!(!html.contains("/pkg/qingdan.css"), "{path} links no un-hashed css");
        assert!(!html.contains("/pkg/qingdan.js") && !html.contains("/pkg/qingdan.wasm"), "{path}");
        assert_eq!(r.header("cache-control"), Some("no-cache"), "{path}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hashed_assets_are_immutable_and_precompressed() {
    let (_db, addr) = server(built_site).await;
    let files = [
        (format!("{BUNDLE}.wasm"), "application/wasm"),
        (format!("{BUNDLE}.js"), "text/javascript"),
        (CSS.to_string(), "text/css"),
    ];
    for (file, content_type) in files {
        let path = format!("/pkg/{file}");
        for (accept, encoding, body) in [
            (Some("br"), Some("br"), format!("brotli {file}")),
            (Some("gzip"), Some("gzip"), format!("gzip {file}")),
            (Some("gzip, deflate, br"), Some("br"), format!("brotli {file}")),
            (Some("deflate"), None, format!("identity {file}")),
            (None, None, format!("identity {file}")),
        ] {
            let what = format!("GET {path} with Accept-Encoding {accept:?}");
            let r = get_encoded(addr, &path, accept).await;
            assert_eq!(r.text(), body, "{what}");
            assert_eq!(r.header("content-encoding"), encoding, "{what}");
            assert!(
                r.header("content-type").is_some_and(|t| t.starts_with(content_type)),
                "{what}: content type {:?}",
                r.header("content-type")
            );
            assert_eq!(r.header("cache-control"), Some(IMMUTABLE), "{what}");
            assert!(varies_on_encoding(&r), "{what}: {:?}", r.headers);
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unhashed_names_are_revalidated() {
    let (_db, addr) = server(built_site).await;
    let r = get_encoded(addr, "/pkg/qingdan.wasm", Some("br")).await;
    assert_eq!(r.text(), "brotli qingdan.wasm");
    assert_eq!(r.header("cache-control"), Some("no-cache"));
    // The stylesheet compiled into the server, for pages that still name it.
    let r = get_encoded(addr, "/pkg/qingdan.css", None).await;
    assert!(r.header("content-type").is_some_and(|t| t.starts_with("text/css")));
    assert_eq!(r.header("cache-control"), Some("no-cache"));
    assert!(r.text().contains('{'), "a stylesheet");

    assert_eq!(get(addr, "/pkg/qingdan.0000000000000000.wasm").await.status, 404);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_a_usable_manifest_pages_link_the_plain_names() {
    let no_manifest = |_: &Path| {};
    let manifest_of_missing_files = |root: &Path| {
        built_site(root);
        std::fs::remove_file(root.join("pkg").join(format!("{BUNDLE}.wasm"))).unwrap();
    };
    let broken_manifest = |root: &Path| {
        built_site(root);
        std::fs::write(root.join("pkg/assets.json"), "{").unwrap();
    };
    let sites: [(&str, &dyn Fn(&Path)); 3] =
        [("no manifest", &no_manifest), ("missing file", &manifest_of_missing_files), ("broken", &broken_manifest)];
    for (what, site) in sites {
        let (_db, addr) = server(site).await;
        let html = get(addr, "/").await.text();
        assert!(html.contains("/pkg/qingdan.js") && html.contains("/pkg/qingdan.wasm"), "{what}: {html}");
        assert!(html.contains(r#"href="/pkg/qingdan.css""#), "{what}");
        assert!(!html.contains(BUNDLE) && !html.contains(CSS), "{what}");
    }
}
