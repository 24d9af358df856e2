use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use crate::policies::api::get_unit;
use crate::error::error_message;
use crate::components::{ErrorBox, Loading};
use crate::lang::{localize, td_string, use_locale, DATA_LANG};
use crate::policies::components::{document_href, PolicyBriefList};

#[component]
pub fn UnitPage() -> impl IntoView {
    let l = use_locale();
    let params = use_params_map();
    let unit = Resource::new(move || params.read().get("name").unwrap_or_default(), get_unit);
    let services = Resource::new(move || params.read().get("name").unwrap_or_default(), crate::services::api::get_unit_services);
    view! {
        <div class="wrap">
            <Suspense fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    match unit.await {
                        Err(e) => view! {
                            <Title text=td_string!(l, policies.unit_not_found)/>
                            <h1>{td_string!(l, policies.unit_not_found)}</h1>
                            <ErrorBox message=error_message(&e)/>
                        }.into_any(),
                        Ok(u) => view! {
                            <Title text=u.name.clone()/>
                            <nav class="breadcrumb" aria-label=td_string!(l, policies.breadcrumb)>
                                <a href=localize(l, "/")>{td_string!(l, common.nav_home)}</a>" › "{td_string!(l, policies.unit_crumb)}
                            </nav>
                            <h1 lang=DATA_LANG>{u.name.clone()}</h1>
                            <UnitContactFacts contact=u.contact.clone()/>
                            {services.await.ok().filter(|s| !s.services.is_empty()).map(|s| view! {
                                <section id="service-windows" aria-labelledby="windows-h">
                                    <h2 id="windows-h">{td_string!(l, policies.unit_windows)}</h2>
                                    <dl class="guide-facts">
                                        <div><dt>{td_string!(l, policies.unit_window_places)}</dt><dd lang=DATA_LANG>{s.locations.join("；")}</dd></div>
                                        <div><dt>{td_string!(l, policies.unit_window_hours)}</dt><dd lang=DATA_LANG>{s.hours.join("；")}</dd></div>
                                        <div><dt>{td_string!(l, policies.unit_window_phones)}</dt><dd>{s.phones.iter().map(|p| view! { <a href=crate::services::components::tel_href(p)>{p.clone()}</a>" " }).collect_view()}</dd></div>
                                    </dl>
                                </section>
                                <section id="unit-services" aria-labelledby="unit-services-h">
                                    <h2 id="unit-services-h">{td_string!(l, policies.unit_services, count = s.services.len())}</h2>
                                    <crate::services::components::ServiceHitList hits=s.services/>
                                </section>
                            })}
                            {(!u.interpreters.is_empty()).then(|| view! {
                                <section aria-labelledby="interp-h">
                                    <h2 id="interp-h">{td_string!(l, policies.unit_interpreters)}</h2>
                                    <ul class="interpreters">
                                        {u.interpreters.into_iter().map(|i| {
                                            let tel = format!("tel:{}", i.phone.replace([' ', '-'], ""));
                                            view! { <li><span lang=DATA_LANG>{i.name}</span>" "<a href=tel>{i.phone}</a></li> }
                                        }).collect_view()}
                                    </ul>
                                </section>
                            })}
                            <section id="issued" aria-labelledby="issued-h">
                                <h2 id="issued-h">{td_string!(l, policies.unit_issued, count = u.issued.len())}</h2>
                                {if u.issued.is_empty() {
                                    view! { <p>{td_string!(l, policies.none)}</p> }.into_any()
                                } else {
                                    view! {
                                        <ul class="brief-list">
                                            {u.issued.into_iter().map(|d| view! {
                                                <li><a href=localize(l, &document_href(&d.number)) lang=DATA_LANG>{d.title}</a>
                                                    <span class="meta"><span lang=DATA_LANG>{d.number}</span>" · "{d.publish_date}" · "<span lang=DATA_LANG>{d.status}</span></span></li>
                                            }).collect_view()}
                                        </ul>
                                    }.into_any()
                                }}
                            </section>
                            <section id="executed" aria-labelledby="executed-h">
                                <h2 id="executed-h">{td_string!(l, policies.unit_executed, count = u.executed.len())}</h2>
                                {if u.executed.is_empty() {
                                    view! { <p>{td_string!(l, policies.none)}</p> }.into_any()
                                } else {
                                    view! { <PolicyBriefList items=u.executed/> }.into_any()
                                }}
                            </section>
                        }.into_any(),
                    }
                })}
            </Suspense>
        </div>
    }
}

/// The unit's own address, hours and phone; says so when none has been set.
#[component]
fn UnitContactFacts(contact: crate::policies::model::UnitContact) -> impl IntoView {
    let l = use_locale();
    let shown = move |text: String| {
        if text.is_empty() {
            view! { <span>{td_string!(l, policies.unit_unpublished)}</span> }.into_any()
        } else {
            view! { <span lang=DATA_LANG>{text}</span> }.into_any()
        }
    };
    let phone = contact.phone.clone();
    view! {
        <section id="unit-contact" aria-labelledby="contact-h">
            <h2 id="contact-h">{td_string!(l, policies.unit_contact)}</h2>
            <dl class="guide-facts">
                <div><dt>{td_string!(l, policies.unit_address)}</dt><dd>{shown(contact.address)}</dd></div>
                <div><dt>{td_string!(l, policies.unit_hours)}</dt><dd>{shown(contact.hours)}</dd></div>
                <div><dt>{td_string!(l, policies.unit_phone)}</dt><dd>{if phone.is_empty() {
                    view! { <span>{td_string!(l, policies.unit_unpublished)}</span> }.into_any()
                } else {
                    view! { <a href=crate::services::components::tel_href(&phone)>{phone.clone()}</a> }.into_any()
                }}</dd></div>
            </dl>
        </section>
    }
}
