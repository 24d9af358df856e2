//! The key a request's client is throttled by (its address, the proxy's forwarded one
//! when it came through a trusted proxy, an IPv6 client by its /64), put into the
//! request by the server's web layer for handlers and server functions alike.

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ClientKey(pub String);

/// The request's client key inside a server function ("" when the layer is absent).
pub async fn current() -> String {
    leptos_axum::extract::<axum::Extension<ClientKey>>().await.map(|axum::Extension(ClientKey(k))| k).unwrap_or_default()
}
