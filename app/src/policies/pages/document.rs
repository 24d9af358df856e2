use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use crate::policies::api::get_document;
use crate::error::error_message;
use crate::components::{ErrorBox, Loading};
use crate::policies::components::{unit_href, PolicyBriefList};

#[component]
pub fn DocumentPage() -> impl IntoView {
    let params = use_params_map();
    let doc = Resource::new(move || params.read().get("number").unwrap_or_default(), get_document);
    view! {
        <div class="wrap">
            <Suspense fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    match doc.await {
                        Err(e) => view! { <Title text="未找到文件"/><h1>"未找到文件"</h1><ErrorBox message=error_message(&e)/> }.into_any(),
                        Ok(d) => view! {
                            <Title text=d.summary.title.clone()/>
                            <nav class="breadcrumb" aria-label="位置"><a href="/">"首页"</a>" › 政策文件"</nav>
                            <h1>{d.summary.title.clone()}</h1>
                            <dl class="facts inline">
                                <div><dt>"文号"</dt><dd>{d.summary.number.clone()}</dd></div>
                                <div><dt>"发布单位"</dt><dd><a href=unit_href(&d.summary.issuing_unit)>{d.summary.issuing_unit.clone()}</a></dd></div>
                                <div><dt>"发布日期"</dt><dd>{d.summary.publish_date.clone()}</dd></div>
                                <div><dt>"文件状态"</dt><dd>{d.summary.status.clone()}</dd></div>
                                <div><dt>"有效期"</dt><dd id="document-validity">{d.summary.validity()}</dd></div>
                            </dl>
                            <section aria-labelledby="items-h">
                                <h2 id="items-h">{format!("本文件包含的政策（{} 条）", d.summary.item_count)}</h2>
                                <PolicyBriefList items=d.items/>
                            </section>
                        }.into_any(),
                    }
                })}
            </Suspense>
        </div>
    }
}
