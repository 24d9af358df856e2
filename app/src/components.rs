//! Small pieces every page may use.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

#[component]
pub fn ErrorBox(#[prop(into)] message: String) -> impl IntoView {
    if message == crate::error::OUT_OF_STEP {
        // The browser code cannot talk to this server: let the server render the page.
        Effect::new(move |_| reload_once());
    }
    view! {
        <div class="error-box" role="alert">
            <strong>"出错了 / Error: "</strong>
            {message}
        </div>
    }
}

/// A full load of the current address, so the server renders it; once per address in
/// a tab, so a server that is really down leaves the message standing instead.
fn reload_once() {
    let window = window();
    let Ok(href) = window.location().href() else { return };
    let Ok(Some(storage)) = window.session_storage() else { return };
    let key = format!("qingdan.reloaded:{href}");
    if storage.get_item(&key).ok().flatten().is_some() {
        return;
    }
    let _ = storage.set_item(&key, "1");
    let _ = window.location().reload();
}

/// The notice a form handler sent back with its redirect (`?ok=…` or `?error=…`).
#[component]
pub fn Notices() -> impl IntoView {
    let query = use_query_map();
    view! {
        {move || query.read().get("error").filter(|e| !e.is_empty()).map(|e| view! { <ErrorBox message=e/> })}
        {move || query.read().get("ok").filter(|e| !e.is_empty()).map(|m| view! { <p class="notice" role="status">{m}</p> })}
    }
}

#[component]
pub fn Loading() -> impl IntoView {
    view! { <p class="loading" aria-live="polite">"正在加载…"</p> }
}

/// Said above results when no item holds every word of the query and the results hold
/// only some of them.
#[component]
pub fn PartialNotice() -> impl IntoView {
    view! {
        <p class="notice notice-warn" id="partial-notice" role="status">
            "没有同时包含全部词语的结果，以下结果只包含部分词语"
            <span lang="en">" / No item contains every word; these contain some of them"</span>
        </p>
    }
}
