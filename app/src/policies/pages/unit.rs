use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use crate::policies::api::get_unit;
use crate::error::error_message;
use crate::components::{ErrorBox, Loading};
use crate::policies::components::{document_href, PolicyBriefList};

#[component]
pub fn UnitPage() -> impl IntoView {
    let params = use_params_map();
    let unit = Resource::new(move || params.read().get("name").unwrap_or_default(), get_unit);
    let services = Resource::new(move || params.read().get("name").unwrap_or_default(), crate::services::api::get_unit_services);
    view! {
        <div class="wrap">
            <Suspense fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    match unit.await {
                        Err(e) => view! { <Title text="未找到单位"/><h1>"未找到单位"</h1><ErrorBox message=error_message(&e)/> }.into_any(),
                        Ok(u) => view! {
                            <Title text=u.name.clone()/>
                            <nav class="breadcrumb" aria-label="位置"><a href="/">"首页"</a>" › 单位"</nav>
                            <h1>{u.name.clone()}</h1>
                            <UnitContactFacts contact=u.contact.clone()/>
                            {services.await.ok().filter(|s| !s.services.is_empty()).map(|s| view! {
                                <section id="service-windows" aria-labelledby="windows-h">
                                    <h2 id="windows-h">"服务窗口"</h2>
                                    <dl class="guide-facts">
                                        <div><dt>"办理地点"</dt><dd>{s.locations.join("；")}</dd></div>
                                        <div><dt>"窗口办公时间"</dt><dd>{s.hours.join("；")}</dd></div>
                                        <div><dt>"窗口电话"</dt><dd>{s.phones.iter().map(|p| view! { <a href=crate::services::components::tel_href(p)>{p.clone()}</a>" " }).collect_view()}</dd></div>
                                    </dl>
                                </section>
                                <section id="unit-services" aria-labelledby="unit-services-h">
                                    <h2 id="unit-services-h">{format!("办理的服务事项（{} 项）", s.services.len())}</h2>
                                    <crate::services::components::ServiceHitList hits=s.services/>
                                </section>
                            })}
                            {(!u.interpreters.is_empty()).then(|| view! {
                                <section aria-labelledby="interp-h">
                                    <h2 id="interp-h">"政策解读人"</h2>
                                    <ul class="interpreters">
                                        {u.interpreters.into_iter().map(|i| {
                                            let tel = format!("tel:{}", i.phone.replace([' ', '-'], ""));
                                            view! { <li>{i.name}" "<a href=tel>{i.phone}</a></li> }
                                        }).collect_view()}
                                    </ul>
                                </section>
                            })}
                            <section id="issued" aria-labelledby="issued-h">
                                <h2 id="issued-h">{format!("发布的政策文件（{} 件）", u.issued.len())}</h2>
                                {if u.issued.is_empty() {
                                    view! { <p>"无。"</p> }.into_any()
                                } else {
                                    view! {
                                        <ul class="brief-list">
                                            {u.issued.into_iter().map(|d| view! {
                                                <li><a href=document_href(&d.number)>{d.title}</a>
                                                    <span class="meta">{d.number}" · "{d.publish_date}" · "{d.status}</span></li>
                                            }).collect_view()}
                                        </ul>
                                    }.into_any()
                                }}
                            </section>
                            <section id="executed" aria-labelledby="executed-h">
                                <h2 id="executed-h">{format!("负责执行的政策（{} 条）", u.executed.len())}</h2>
                                {if u.executed.is_empty() {
                                    view! { <p>"无。"</p> }.into_any()
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
    let unset = || view! { <span>"未公布"</span> };
    let phone = contact.phone.clone();
    view! {
        <section id="unit-contact" aria-labelledby="contact-h">
            <h2 id="contact-h">"地址与电话"</h2>
            <dl class="guide-facts">
                <div><dt>"地址"</dt><dd>{if contact.address.is_empty() { unset().into_any() } else { contact.address.into_any() }}</dd></div>
                <div><dt>"办公时间"</dt><dd>{if contact.hours.is_empty() { unset().into_any() } else { contact.hours.into_any() }}</dd></div>
                <div><dt>"联系电话"</dt><dd>{if phone.is_empty() {
                    unset().into_any()
                } else {
                    view! { <a href=crate::services::components::tel_href(&phone)>{phone.clone()}</a> }.into_any()
                }}</dd></div>
            </dl>
        </section>
    }
}
