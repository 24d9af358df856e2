//! `/bundle/{code}`: a "one thing" (一件事) bundle — its lead and partner units, its
//! member services and one combined list of materials, each listed once.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use crate::components::{ErrorBox, Loading};
use crate::error::error_message;
use crate::lang::{localize, td_string, use_locale, DATA_LANG};
use crate::policies::components::unit_href;
use crate::services::api::get_bundle;
use crate::services::components::ServiceHitList;
use crate::services::model::original_label_in;

#[component]
pub fn BundlePage() -> impl IntoView {
    let l = use_locale();
    let params = use_params_map();
    let bundle = Resource::new(move || params.read().get("code").unwrap_or_default(), get_bundle);
    view! {
        <div class="wrap">
            <Suspense fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    match bundle.await {
                        Err(e) => view! {
                            <Title text=td_string!(l, services.bundle_not_found)/>
                            <h1>{td_string!(l, services.bundle_not_found)}</h1>
                            <ErrorBox message=error_message(&e)/>
                        }.into_any(),
                        Ok(b) => view! {
                            <Title text=b.name.clone()/>
                            <nav class="breadcrumb" aria-label=td_string!(l, services.breadcrumb_label)>
                                <a href=localize(l, "/")>{td_string!(l, common.nav_home)}</a>" › "
                                <a href=localize(l, "/services#bundles")>{td_string!(l, services.bundles_crumb)}</a></nav>
                            <h1 lang=DATA_LANG>{b.name.clone()}</h1>
                            <dl class="guide-facts">
                                <div><dt>{td_string!(l, services.lead_unit)}</dt><dd><a href=localize(l, &unit_href(&b.lead_unit)) lang=DATA_LANG>{b.lead_unit.clone()}</a></dd></div>
                                <div><dt>{td_string!(l, services.partner_units)}</dt><dd lang=DATA_LANG>{b.partner_units.iter().map(|u| view! { <a href=localize(l, &unit_href(u))>{u.clone()}</a>" " }).collect_view()}</dd></div>
                            </dl>
                            <section aria-labelledby="bm-h">
                                <h2 id="bm-h">{td_string!(l, services.bundle_materials, count = b.materials.len())}</h2>
                                <p class="hint">{td_string!(l, services.bundle_materials_hint)}</p>
                                <table class="materials" id="bundle-materials">
                                    <thead><tr>
                                        <th scope="col">{td_string!(l, services.material_name)}</th>
                                        <th scope="col">{td_string!(l, services.material_copies)}</th>
                                        <th scope="col">{td_string!(l, services.material_form)}</th>
                                        <th scope="col">{td_string!(l, services.material_used_for)}</th>
                                    </tr></thead>
                                    <tbody>
                                        {b.materials.into_iter().map(|m| view! {
                                            <tr><td lang=DATA_LANG>{m.name}</td><td>{m.copies}</td><td>{original_label_in(m.original, l)}</td><td lang=DATA_LANG>{m.services.join("、")}</td></tr>
                                        }).collect_view()}
                                    </tbody>
                                </table>
                            </section>
                            <section aria-labelledby="members-h">
                                <h2 id="members-h">{td_string!(l, services.bundle_members_heading, count = b.members.len())}</h2>
                                <ServiceHitList hits=b.members/>
                            </section>
                        }.into_any(),
                    }
                })}
            </Suspense>
        </div>
    }
}
