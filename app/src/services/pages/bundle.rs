//! `/bundle/{code}`: a "one thing" (一件事) bundle — its lead and partner units, its
//! member services and one combined list of materials, each listed once.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use crate::components::{ErrorBox, Loading};
use crate::error::error_message;
use crate::policies::components::unit_href;
use crate::services::api::get_bundle;
use crate::services::components::ServiceHitList;

#[component]
pub fn BundlePage() -> impl IntoView {
    let params = use_params_map();
    let bundle = Resource::new(move || params.read().get("code").unwrap_or_default(), get_bundle);
    view! {
        <div class="wrap">
            <Suspense fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    match bundle.await {
                        Err(e) => view! { <Title text="未找到“一件事”"/><h1>"未找到“一件事”"</h1><ErrorBox message=error_message(&e)/> }.into_any(),
                        Ok(b) => view! {
                            <Title text=b.name.clone()/>
                            <nav class="breadcrumb" aria-label="位置"><a href="/">"首页"</a>" › "<a href="/services#bundles">"“一件事”"</a></nav>
                            <h1>{b.name.clone()}</h1>
                            <dl class="guide-facts">
                                <div><dt>"牵头单位"</dt><dd><a href=unit_href(&b.lead_unit)>{b.lead_unit.clone()}</a></dd></div>
                                <div><dt>"协同单位"</dt><dd>{b.partner_units.iter().map(|u| view! { <a href=unit_href(u)>{u.clone()}</a>" " }).collect_view()}</dd></div>
                            </dl>
                            <section aria-labelledby="bm-h">
                                <h2 id="bm-h">{format!("一套材料（{} 件）", b.materials.len())}</h2>
                                <p class="hint">"几个事项都需要的材料只需提交一次。"</p>
                                <table class="materials" id="bundle-materials">
                                    <thead><tr><th scope="col">"材料名称"</th><th scope="col">"份数"</th><th scope="col">"原件/复印件"</th><th scope="col">"用于"</th></tr></thead>
                                    <tbody>
                                        {b.materials.into_iter().map(|m| view! {
                                            <tr><td>{m.name}</td><td>{m.copies}</td><td>{if m.original { "原件" } else { "复印件" }}</td><td>{m.services.join("、")}</td></tr>
                                        }).collect_view()}
                                    </tbody>
                                </table>
                            </section>
                            <section aria-labelledby="members-h">
                                <h2 id="members-h">{format!("包含的事项（{} 项）", b.members.len())}</h2>
                                <ServiceHitList hits=b.members/>
                            </section>
                        }.into_any(),
                    }
                })}
            </Suspense>
        </div>
    }
}
