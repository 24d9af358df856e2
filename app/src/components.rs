//! Small pieces every page may use.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use crate::lang::{td_string, use_locale};

#[component]
pub fn ErrorBox(#[prop(into)] message: String) -> impl IntoView {
    view! {
        <div class="error-box" role="alert">
            <strong>{td_string!(use_locale(), common.error_prefix)}</strong>
            {message}
        </div>
    }
}

/// The notice a form handler sent back with its redirect (`?ok=…` or `?error=…`). An
/// error of several lines is every problem of a form at once, listed; the box takes the
/// focus, so a phone's reader lands on it.
#[component]
pub fn Notices() -> impl IntoView {
    let l = use_locale();
    let query = use_query_map();
    view! {
        {move || query.read().get("error").filter(|e| !e.is_empty()).map(|e| {
            let lines: Vec<String> = e.lines().map(str::trim).filter(|l| !l.is_empty()).map(str::to_string).collect();
            if lines.len() > 1 {
                view! {
                    <div class="error-box" role="alert" id="error-summary" tabindex="-1">
                        <strong>{td_string!(l, common.correct_these, count = lines.len())}</strong>
                        <ul>{lines.into_iter().map(|l| view! { <li>{l}</li> }).collect_view()}</ul>
                    </div>
                    <FocusErrorSummary/>
                }.into_any()
            } else {
                view! {
                    <div class="error-box" role="alert" id="error-summary" tabindex="-1">
                        <strong>{td_string!(l, common.error_prefix)}</strong>{e}
                    </div>
                    <FocusErrorSummary/>
                }.into_any()
            }
        })}
        {move || query.read().get("ok").filter(|e| !e.is_empty()).map(|m| view! { <p class="notice" role="status">{m}</p> })}
    }
}

/// Moves the focus to the page's error summary once the browser has the page.
#[island]
fn FocusErrorSummary() -> impl IntoView {
    Effect::new(move |_| {
        use wasm_bindgen::JsCast;
        if let Some(el) = document().get_element_by_id("error-summary").and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()) {
            let _ = el.focus();
        }
    });
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
