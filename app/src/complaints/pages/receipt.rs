use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::error::error_message;
use crate::complaints::api::take_receipt;
use crate::complaints::model::Receipt;
use crate::components::{ErrorBox, Loading};
use crate::lang::{island_locale, localize, td_string, use_locale, Locale};
use crate::url::percent_encode;

/// The receipt, shown once. The page cannot show it again: the server keeps only a hash.
#[component]
pub fn ReceiptPage() -> impl IntoView {
    let l = use_locale();
    let query = use_query_map();
    let receipt = Resource::new(move || query.read().get("t").unwrap_or_default(), take_receipt);
    view! {
        <Title text=td_string!(l, complaints.receipt_title)/>
        <div class="wrap narrow">
            <Suspense fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    match receipt.await {
                        Err(e) => view! { <ErrorBox message=error_message(&e)/> }.into_any(),
                        Ok(None) => view! {
                            <h1>{td_string!(l, complaints.receipt_gone_heading)}</h1>
                            <p>{td_string!(l, complaints.receipt_gone_text)}<a href=localize(l, "/track")>{td_string!(l, complaints.receipt_gone_link)}</a>
                                {td_string!(l, complaints.receipt_gone_end)}</p>
                        }.into_any(),
                        Ok(Some(r)) => view! { <ReceiptView receipt=r/> }.into_any(),
                    }
                })}
            </Suspense>
        </div>
    }
}

#[component]
pub fn ReceiptView(receipt: Receipt) -> impl IntoView {
    let l = use_locale();
    // The server gives the Chinese tracking page's address; an English receipt names the English one.
    let track = receipt
        .track_url
        .clone()
        .map(|u| match u.strip_suffix("/track") {
            Some(base) => format!("{base}{}", localize(l, "/track")),
            None => u,
        })
        .map(|url| td_string!(l, complaints.receipt_file_url, url = url))
        .unwrap_or_default();
    let text = td_string!(
        l,
        complaints.receipt_file_text,
        case_number = &receipt.case_number,
        submitted_at = &receipt.submitted_at,
        receipt = &receipt.receipt,
        track = track
    );
    let href = format!("data:text/plain;charset=utf-8,{}", percent_encode(&text));
    let file_name = td_string!(l, complaints.receipt_file_name, case_number = &receipt.case_number);
    view! {
        <h1>{td_string!(l, complaints.submitted_heading)}</h1>
        <p class="lead">{td_string!(l, complaints.accept_due)}<strong id="accept-due">{receipt.accept_due.clone()}</strong>{td_string!(l, complaints.accept_due_end)}</p>
        <div class="receipt-box" role="status">
            <p>{td_string!(l, complaints.case_number)} <strong id="case-number">{receipt.case_number.clone()}</strong></p>
            <p>{td_string!(l, complaints.submitted_at)} {receipt.submitted_at.clone()}</p>
            <p class="receipt-label">{td_string!(l, complaints.receipt_code_once)}</p>
            <p><code id="receipt" class="receipt-code">{receipt.receipt.clone()}</code></p>
            <p class="receipt-actions">
                <a class="button-link" id="receipt-download" href=href download=file_name>{td_string!(l, complaints.receipt_download)}</a>
                <CopyReceipt/>
            </p>
        </div>
        <p class="notice notice-warn">{td_string!(l, complaints.receipt_keep_warning)}</p>
        <p><a href=localize(l, "/track")>{td_string!(l, complaints.track_link)}</a></p>
    }
}

/// The copy button. It needs JavaScript and a secure page (the clipboard API), so it
/// appears only once the browser has the page there; it says 已复制 only when the
/// browser confirms, since the code is shown only once. It copies the code shown on
/// the page (`#receipt`), so the code is not written into the page a second time.
#[island]
fn CopyReceipt() -> impl IntoView {
    let l = island_locale();
    let can_copy = RwSignal::new(false);
    Effect::new(move |_| can_copy.set(web_sys::window().is_some_and(|w| w.is_secure_context())));
    let copy_state = RwSignal::new(CopyState::Ready);
    move || {
        can_copy.get().then(|| view! {
            <button type="button" class="secondary" id="receipt-copy" on:click=move |_| {
                let code = document().get_element_by_id("receipt").and_then(|e| e.text_content()).unwrap_or_default();
                leptos::task::spawn_local(async move {
                    copy_state.set(if copy_to_clipboard(&code).await { CopyState::Copied } else { CopyState::Failed });
                });
            }>{move || copy_state.get().label(l)}</button>
        })
    }
}

#[derive(Clone, Copy, PartialEq)]
enum CopyState {
    Ready,
    Copied,
    Failed,
}

impl CopyState {
    fn label(self, l: Locale) -> &'static str {
        match self {
            CopyState::Ready => td_string!(l, complaints.copy_ready),
            CopyState::Copied => td_string!(l, complaints.copy_done),
            CopyState::Failed => td_string!(l, complaints.copy_failed),
        }
    }
}

async fn copy_to_clipboard(text: &str) -> bool {
    let Some(window) = web_sys::window() else { return false };
    let promise = window.navigator().clipboard().write_text(text);
    wasm_bindgen_futures::JsFuture::from(promise).await.is_ok()
}
