//! Small pieces every page may use.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

#[component]
pub fn ErrorBox(#[prop(into)] message: String) -> impl IntoView {
    view! {
        <div class="error-box" role="alert">
            <strong>"出错了 / Error: "</strong>
            {message}
        </div>
    }
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
