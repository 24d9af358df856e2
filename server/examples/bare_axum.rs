//! The benchmark's baseline (bench/run.sh): a bare axum server answering every GET
//! with the same fixed bytes, read once from a file at start. The bench saves a
//! page or a JSON answer of the portal to a file and loads both servers with the
//! same load generator, so the ratio shows what the portal costs per request
//! beyond writing those bytes.
//!
//! ```sh
//! cargo run --release -p server --example bare_axum -- FILE [ADDR] [CONTENT-TYPE]
//! ```
//!
//! ADDR defaults to `$BARE_ADDR`, else 127.0.0.1:3099; CONTENT-TYPE defaults from
//! the file's extension (.html, .json, else application/octet-stream). Responses
//! carry the same fixed security headers as the portal's.

use std::net::SocketAddr;
use std::process::ExitCode;

use axum::body::Bytes;
use axum::http::{header, HeaderValue};
use axum::response::IntoResponse;
use axum::Router;

fn content_type_for(path: &str) -> &'static str {
    match path.rsplit('.').next().map(str::to_ascii_lowercase).as_deref() {
        Some("html" | "htm") => "text/html; charset=utf-8",
        Some("json") => "application/json",
        Some("txt") => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(file) = args.first() else {
        eprintln!("usage: bare_axum FILE [ADDR] [CONTENT-TYPE]   (ADDR defaults to $BARE_ADDR or 127.0.0.1:3099)");
        return ExitCode::from(2);
    };
    let body = match std::fs::read(file) {
        Ok(bytes) => Bytes::from(bytes),
        Err(e) => {
            eprintln!("cannot read {file}: {e}");
            return ExitCode::FAILURE;
        }
    };
    let addr_text = args
        .get(1)
        .cloned()
        .or_else(|| std::env::var("BARE_ADDR").ok().filter(|a| !a.is_empty()))
        .unwrap_or_else(|| "127.0.0.1:3099".into());
    let addr: SocketAddr = match addr_text.parse() {
        Ok(a) => a,
        Err(e) => {
            eprintln!("invalid address {addr_text}: {e}");
            return ExitCode::from(2);
        }
    };
    let content_type = match args.get(2) {
        Some(ct) => match HeaderValue::from_str(ct) {
            Ok(v) => v,
            Err(e) => {
                eprintln!("invalid content type {ct}: {e}");
                return ExitCode::from(2);
            }
        },
        None => HeaderValue::from_static(content_type_for(file)),
    };

    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("cannot start the runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    let outcome: Result<(), std::io::Error> = runtime.block_on(async move {
        let len = body.len();
        let handler = move || {
            let body = body.clone();
            let content_type = content_type.clone();
            async move {
                (
                    [
                        (header::CONTENT_TYPE, content_type),
                        (header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff")),
                        (header::REFERRER_POLICY, HeaderValue::from_static("same-origin")),
                        (header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY")),
                    ],
                    body,
                )
                    .into_response()
            }
        };
        let app = Router::new().fallback(handler);
        let listener = tokio::net::TcpListener::bind(addr).await?;
        eprintln!("bare_axum serving {len} bytes from {file} on http://{addr}");
        axum::serve(listener, app).await
    });
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("bare_axum: {e}");
            ExitCode::FAILURE
        }
    }
}
