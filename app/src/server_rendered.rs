//! Regions the server renders and the browser keeps as they are when it hydrates the
//! page. A resource's value is otherwise written into the page a second time, as text
//! the browser reads back: for the search page that was a third of its bytes and, with
//! the escaping Leptos gives it, a fifth of the server's time per page. A region
//! without event handlers of its own (links, `<details>`) needs no such data: its
//! resource sends nothing ([`ServerRendered`]), and after a navigation in the browser
//! it is fetched and rendered there as usual.

use std::convert::Infallible;

use leptos::prelude::*;
use leptos::server::codee::{Decoder, Encoder};

/// A resource's value: the data (on the server, or fetched after a navigation in the
/// browser), or, in the browser while it hydrates, the mark that the server rendered it.
#[derive(Clone)]
pub enum Kept<T> {
    Data(T),
    OnServer,
}

/// The codec of such a resource: nothing goes into the page, and nothing read back means
/// [`Kept::OnServer`].
pub struct ServerRendered;

impl<T> Encoder<Kept<T>> for ServerRendered {
    type Error = Infallible;
    type Encoded = String;

    fn encode(_: &Kept<T>) -> Result<String, Infallible> {
        Ok(String::new())
    }
}

impl<T> Decoder<Kept<T>> for ServerRendered {
    type Error = Infallible;
    type Encoded = str;

    fn decode(_: &str) -> Result<Kept<T>, Infallible> {
        Ok(Kept::OnServer)
    }
}

/// The region for `value`: on the server, `render(data)` as HTML inside a wrapper the
/// browser's hydration leaves alone; in the browser, the kept wrapper while hydrating,
/// else `render(data)` inside the same wrapper. The wrapper has `display: contents`.
pub fn kept<T, V: IntoView + 'static>(value: Kept<T>, render: impl FnOnce(T) -> V) -> AnyView {
    match value {
        #[cfg(feature = "ssr")]
        Kept::Data(data) => {
            let html = render(data).into_view().to_html();
            view! { <div class="server-rendered" inner_html=html></div> }.into_any()
        }
        #[cfg(not(feature = "ssr"))]
        Kept::Data(data) => view! { <div class="server-rendered">{render(data)}</div> }.into_any(),
        Kept::OnServer => view! { <div class="server-rendered" inner_html=String::new()></div> }.into_any(),
    }
}
