use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::error::error_message;
use crate::complaints::api::take_receipt;
use crate::complaints::model::Receipt;
use crate::components::{ErrorBox, Loading};
use crate::url::percent_encode;

/// The receipt, shown once. The page cannot show it again: the server keeps only a hash.
#[component]
pub fn ReceiptPage() -> impl IntoView {
    let query = use_query_map();
    let receipt = Resource::new(move || query.read().get("t").unwrap_or_default(), take_receipt);
    view! {
        <Title text="反映已提交"/>
        <div class="wrap narrow">
            <Suspense fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    match receipt.await {
                        Err(e) => view! { <ErrorBox message=error_message(&e)/> }.into_any(),
                        Ok(None) => view! {
                            <h1>"回执已显示过"</h1>
                            <p>"为保护举报人，回执码只显示一次。如已保存回执码，可"<a href="/track">"查询办理进度"</a>"。"</p>
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
    let track = receipt.track_url.clone().map(|u| format!("（{u}）")).unwrap_or_default();
    let text = format!(
        "区纪委监委 问题线索回执\n案件编号：{}\n提交时间：{}\n回执码：{}\n\n凭回执码在清单门户“查询办理进度”页面{track}查看进度、补充材料和评价。回执码遗失无法找回，请妥善保存。\n",
        receipt.case_number, receipt.submitted_at, receipt.receipt
    );
    let href = format!("data:text/plain;charset=utf-8,{}", percent_encode(&text));
    let file_name = format!("回执-{}.txt", receipt.case_number);
    // The copy button needs JavaScript and a secure page (the clipboard API), so it
    // appears only once the page has hydrated there; it says 已复制 only when the
    // browser confirms, since this code is shown only once.
    let can_copy = RwSignal::new(false);
    Effect::new(move |_| can_copy.set(web_sys::window().is_some_and(|w| w.is_secure_context())));
    let copy_state = RwSignal::new(CopyState::Ready);
    let code = receipt.receipt.clone();
    let copy_button = move || {
        let code = code.clone();
        can_copy.get().then(|| view! {
            <button type="button" class="secondary" id="receipt-copy" on:click=move |_| {
                let code = code.clone();
                leptos::task::spawn_local(async move {
                    copy_state.set(if copy_to_clipboard(&code).await { CopyState::Copied } else { CopyState::Failed });
                });
            }>{move || copy_state.get().label()}</button>
        })
    };
    view! {
        <h1>"您的反映已提交"</h1>
        <p class="lead">"已经安全保存。区纪委监委将于 "<strong id="accept-due">{receipt.accept_due.clone()}</strong>" 前（按工作日计算）告知是否受理。"</p>
        <div class="receipt-box" role="status">
            <p>"案件编号：" <strong id="case-number">{receipt.case_number.clone()}</strong></p>
            <p>"提交时间：" {receipt.submitted_at.clone()}</p>
            <p class="receipt-label">"回执码（只显示这一次）:"</p>
            <p><code id="receipt" class="receipt-code">{receipt.receipt.clone()}</code></p>
            <p class="receipt-actions">
                <a class="button-link" id="receipt-download" href=href download=file_name>"下载回执（文本文件）"</a>
                {copy_button}
            </p>
        </div>
        <p class="notice notice-warn">"请立即抄写或下载保存回执码。本站只保存其加密摘要，遗失后无法找回，也无法查询进度。"</p>
        <p><a href="/track">"查询办理进度 →"</a></p>
    }
}

#[derive(Clone, Copy, PartialEq)]
enum CopyState {
    Ready,
    Copied,
    Failed,
}

impl CopyState {
    fn label(self) -> &'static str {
        match self {
            CopyState::Ready => "复制回执码",
            CopyState::Copied => "已复制",
            CopyState::Failed => "复制失败，请手动抄写",
        }
    }
}

async fn copy_to_clipboard(text: &str) -> bool {
    let Some(window) = web_sys::window() else { return false };
    let promise = window.navigator().clipboard().write_text(text);
    wasm_bindgen_futures::JsFuture::from(promise).await.is_ok()
}
