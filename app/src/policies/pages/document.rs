use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use crate::policies::api::get_document;
use crate::error::error_message;
use crate::components::{ErrorBox, Loading};
use crate::lang::{localize, td_string, use_locale, DATA_LANG};
use crate::policies::components::{unit_href, PolicyBriefList};

#[component]
pub fn DocumentPage() -> impl IntoView {
    let l = use_locale();
    let params = use_params_map();
    let doc = Resource::new(move || params.read().get("number").unwrap_or_default(), get_document);
    view! {
        <div class="wrap">
            <Suspense fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    match doc.await {
                        Err(e) => view! {
                            <Title text=td_string!(l, policies.document_not_found)/>
                            <h1>{td_string!(l, policies.document_not_found)}</h1>
                            <ErrorBox message=error_message(&e)/>
                        }.into_any(),
                        Ok(d) => view! {
                            <Title text=d.summary.title.clone()/>
                            <nav class="breadcrumb" aria-label=td_string!(l, policies.breadcrumb)>
                                <a href=localize(l, "/")>{td_string!(l, common.nav_home)}</a>" › "{td_string!(l, policies.document_crumb)}
                            </nav>
                            <h1 lang=DATA_LANG>{d.summary.title.clone()}</h1>
                            <dl class="facts inline">
                                <div><dt>{td_string!(l, policies.document_number)}</dt><dd lang=DATA_LANG>{d.summary.number.clone()}</dd></div>
                                <div><dt>{td_string!(l, policies.issuing_unit)}</dt><dd><a href=localize(l, &unit_href(&d.summary.issuing_unit)) lang=DATA_LANG>{d.summary.issuing_unit.clone()}</a></dd></div>
                                <div><dt>{td_string!(l, policies.publish_date)}</dt><dd>{d.summary.publish_date.clone()}</dd></div>
                                <div><dt>{td_string!(l, policies.document_status)}</dt><dd lang=DATA_LANG>{d.summary.status.clone()}</dd></div>
                                <div><dt>{td_string!(l, policies.validity)}</dt><dd id="document-validity">{d.summary.validity_in(l)}</dd></div>
                            </dl>
                            <section aria-labelledby="items-h">
                                <h2 id="items-h">{td_string!(l, policies.document_items, count = d.summary.item_count)}</h2>
                                <PolicyBriefList items=d.items/>
                            </section>
                        }.into_any(),
                    }
                })}
            </Suspense>
        </div>
    }
}
