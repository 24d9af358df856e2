//! Who a request comes from, for the per-client limits. Behind a reverse proxy every
//! peer is the proxy, so the proxy's `X-Forwarded-For` is believed, but only from the
//! peers `QINGDAN_TRUSTED_PROXIES` names; IPv6 clients are keyed by their /64, which
//! one household or host typically holds whole.

use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;

use app::client::ClientKey;
use axum::extract::{ConnectInfo, Request, State};
use axum::http::HeaderMap;
use axum::middleware::Next;
use axum::response::Response;

use crate::platform::cidr::{canonical, Cidr};
#[cfg(test)]
use crate::platform::cidr::parse_list;

/// One `X-Forwarded-For` entry (`1.2.3.4`, `1.2.3.4:5678`, `[::1]:80`, `::1`).
fn forwarded_ip(entry: &str) -> Option<IpAddr> {
    let entry = entry.trim();
    if let Ok(ip) = entry.parse() {
        return Some(ip);
    }
    if let Ok(sock) = entry.parse::<SocketAddr>() {
        return Some(sock.ip());
    }
    entry.strip_prefix('[').and_then(|e| e.split(']').next()).and_then(|e| e.parse().ok())
}

/// The client's address: the peer, unless the peer is a trusted proxy; then the
/// right-most forwarded address that is not itself a trusted proxy.
pub fn client_ip(peer: IpAddr, headers: &HeaderMap, trusted: &[Cidr]) -> IpAddr {
    let is_trusted = |ip: IpAddr| trusted.iter().any(|c| c.contains(ip));
    let mut ip = canonical(peer);
    if !is_trusted(ip) {
        return ip;
    }
    let entries: Vec<&str> = headers.get_all("x-forwarded-for").iter().filter_map(|v| v.to_str().ok()).flat_map(|v| v.split(',')).collect();
    for entry in entries.iter().rev() {
        let Some(next) = forwarded_ip(entry).map(canonical) else { return ip };
        ip = next;
        if !is_trusted(ip) {
            return ip;
        }
    }
    ip
}

/// The throttling key of an address: IPv4 as it is, IPv6 by its /64.
pub fn key_of(ip: IpAddr) -> String {
    match canonical(ip) {
        IpAddr::V4(v4) => v4.to_string(),
        IpAddr::V6(v6) => {
            let s = v6.segments();
            format!("{:x}:{:x}:{:x}:{:x}::/64", s[0], s[1], s[2], s[3])
        }
    }
}

/// Puts the request's `ClientKey` where handlers and server functions read it.
pub async fn identify(State(trusted): State<Arc<Vec<Cidr>>>, mut req: Request, next: Next) -> Response {
    let peer = req.extensions().get::<ConnectInfo<SocketAddr>>().map(|ConnectInfo(a)| a.ip());
    let key = peer.map(|p| key_of(client_ip(p, req.headers(), &trusted))).unwrap_or_default();
    req.extensions_mut().insert(ClientKey(key));
    next.run(req).await
}

#[cfg(test)]
mod tests;
