//! Small pieces every page may use.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use crate::lang::{td_string, use_locale};

#[component]
pub fn ErrorBox(#[prop(into)] message: String) -> impl IntoView {
    if message == crate::error::OUT_OF_STEP {
        // The browser code cannot talk to this server: let the server render the page.
        Effect::new(move |_| reload_once());
    }
    view! {
        <div class="error-box" role="alert">
            <strong>{td_string!(use_locale(), common.error_prefix)}</strong>
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

/// The notice a form handler sent back with its redirect (`?ok=…` or `?error=…`). An
/// error of several lines is every problem of a form at once, listed; the box takes the
/// focus, so a phone's reader lands on it.
#[component]
pub fn Notices() -> impl IntoView {
    let l = use_locale();
    let query = use_query_map();
    let summary = NodeRef::<leptos::html::Div>::new();
    Effect::new(move |_| {
        if let Some(el) = summary.get() {
            let _ = el.focus();
        }
    });
    view! {
        {move || query.read().get("error").filter(|e| !e.is_empty()).map(|e| {
            let lines: Vec<String> = e.lines().map(str::trim).filter(|l| !l.is_empty()).map(str::to_string).collect();
            if lines.len() > 1 {
                view! {
                    <div class="error-box" role="alert" id="error-summary" tabindex="-1" node_ref=summary>
                        <strong>{td_string!(l, common.correct_these, count = lines.len())}</strong>
                        <ul>{lines.into_iter().map(|l| view! { <li>{l}</li> }).collect_view()}</ul>
                    </div>
                }.into_any()
            } else {
                view! {
                    <div class="error-box" role="alert" id="error-summary" tabindex="-1" node_ref=summary>
                        <strong>{td_string!(l, common.error_prefix)}</strong>{e}
                    </div>
                }.into_any()
            }
        })}
        {move || query.read().get("ok").filter(|e| !e.is_empty()).map(|m| view! { <p class="notice" role="status">{m}</p> })}
    }
}

#[component]
pub fn Loading() -> impl IntoView {
    view! { <p class="loading" aria-live="polite">{td_string!(use_locale(), common.loading)}</p> }
}

/// Said above results when no item holds every word of the query and the results hold
/// only some of them.
#[component]
pub fn PartialNotice() -> impl IntoView {
    view! {
        <p class="notice notice-warn" id="partial-notice" role="status">
            {td_string!(use_locale(), common.partial_notice)}
        </p>
    }
}
