//! `/services`: the catalogue by life event and the "one thing" bundles; with a query or
//! a filter, the matching services with facets. Links and GET forms only, so it works
//! without JavaScript.

use leptos::prelude::*;
use leptos_meta::{Link, Title};
use leptos_router::hooks::use_location;

use crate::components::{ErrorBox, Loading, PartialNotice};
use crate::error::error_message;
use crate::services::api::{get_catalogue, search_services};
use crate::services::components::{bundle_href, ServiceHitList, ServiceSearchForm};
use crate::services::model::{Catalogue, FacetValue, ServiceResults};
use crate::services::query::ServiceParams;

#[component]
pub fn ServicesPage() -> impl IntoView {
    let raw = use_location().search;
    let params = Memo::new(move |_| ServiceParams::from_query(&raw.get()).unwrap_or_default());
    let results = Resource::new(
        move || raw.get(),
        |raw| async move {
            let filtered = ServiceParams::from_query(&raw).map(|p| p.is_filtered()).unwrap_or(true);
            if filtered {
                Some(search_services(raw).await)
            } else {
                None
            }
        },
    );
    let catalogue = Resource::new(|| (), |_| get_catalogue());
    // The same words among the policies, for the one search box across the lists.
    let policies = Resource::new(
        move || ServiceParams::from_query(&raw.get()).map(|p| p.q).unwrap_or_default(),
        |q| async move {
            if q.is_empty() {
                return None;
            }
            let query = crate::url::build_url("", &[("q", q), ("limit", "1".to_string())]);
            crate::policies::api::search_policies(query.trim_start_matches('?').to_string()).await.ok().map(|r| r.total)
        },
    );
    view! {
        <Title text="办事服务"/>
        <Link rel="alternate" type_="application/atom+xml" href=crate::services::components::FEED_PATH title="办事服务：新增和变更（Atom）"/>
        <div class="wrap">
            <h1 class="page-title">"办事服务 · 高频民生服务事项" <a class="feed-link" href=crate::services::components::FEED_PATH>"订阅更新（Atom）"</a></h1>
            <p class="sample-note">"示例数据：以下事项为演示用的示例清单，并非区政府正式发布的清单。"</p>
            {move || view! { <ServiceSearchForm q=params.get().q/> }}
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    policies.await.filter(|n| *n > 0).map(|n| {
                        let href = crate::url::build_url("/search", &[("q", params.get_untracked().q)]);
                        view! { <p id="also-policies" class="also"><span class="tag">"政策"</span>" "<a href=href>{format!("政策清单中也有 {n} 条结果 →")}</a></p> }
                    })
                })}
            </Suspense>
            <Suspense fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    match results.await {
                        None => match catalogue.await {
                            Ok(c) => view! { <CatalogueView catalogue=c/> }.into_any(),
                            Err(e) => view! { <ErrorBox message=error_message(&e)/> }.into_any(),
                        },
                        Some(Err(e)) => view! { <ErrorBox message=error_message(&e)/> }.into_any(),
                        Some(Ok(r)) => view! { <Results params=params.get_untracked() results=r/> }.into_any(),
                    }
                })}
            </Suspense>
        </div>
    }
}

#[component]
fn CatalogueView(catalogue: Catalogue) -> impl IntoView {
    view! {
        <p id="total">{format!("共 {} 项服务，按 15 类生活事件分组", catalogue.total)}</p>
        <div class="life-events">
            {catalogue.events.into_iter().map(|event| {
                let all = ServiceParams { category: Some(event.name.clone()), ..Default::default() }.url(1);
                let heading_id = format!("ev-{}", event.name);
                let labelled_by = heading_id.clone();
                view! {
                    <section class="life-event" aria-labelledby=labelled_by>
                        <h2 id=heading_id><a href=all.clone()>{event.name.clone()}</a>" "<span class="count">{format!("{} 项", event.count)}</span></h2>
                        <ul>
                            {event.top.into_iter().map(|s| view! {
                                <li><a href=crate::services::components::service_href(&s.code)>{s.name}</a></li>
                            }).collect_view()}
                        </ul>
                        <a class="more" href=all>{format!("查看全部 {} 项 →", event.count)}</a>
                    </section>
                }
            }).collect_view()}
        </div>
        <section id="bundles" aria-labelledby="bundles-h">
            <h2 id="bundles-h">"“一件事”集成服务"</h2>
            <p class="hint">"几个相关事项合并办理：一次告知、一表申请、一套材料。"</p>
            <ul class="brief-list">
                {catalogue.bundles.into_iter().map(|b| view! {
                    <li><a href=bundle_href(&b.code)>{b.name}</a>
                        <span class="meta">{format!("牵头单位：{} · {} 个事项", b.lead_unit, b.members)}</span></li>
                }).collect_view()}
            </ul>
        </section>
    }
}

struct FacetSpec {
    key: &'static str,
    title: &'static str,
}

const FACETS: &[FacetSpec] = &[
    FacetSpec { key: "category", title: "生活事件" },
    FacetSpec { key: "online", title: "全程网办" },
    FacetSpec { key: "zero_visits", title: "零跑动" },
    FacetSpec { key: "instant", title: "即办" },
    FacetSpec { key: "devolved", title: "下放镇街" },
    FacetSpec { key: "target_met", title: "优化目标" },
    FacetSpec { key: "level", title: "办理层级" },
    FacetSpec { key: "unit", title: "实施单位" },
];

fn values<'a>(r: &'a ServiceResults, key: &str) -> &'a [FacetValue] {
    let f = &r.facets;
    match key {
        "category" => &f.category,
        "online" => &f.online,
        "zero_visits" => &f.zero_visits,
        "instant" => &f.instant,
        "devolved" => &f.devolved,
        "target_met" => &f.target_met,
        "level" => &f.level,
        _ => &f.unit,
    }
}

/// A yes/no facet's value as the page shows it.
pub fn flag_label(key: &str, value: bool) -> &'static str {
    match (key, value) {
        ("target_met", true) => "已达目标",
        ("target_met", false) => "未达目标",
        (_, true) => "是",
        (_, false) => "否",
    }
}

fn toggled(params: &ServiceParams, key: &str, value: &str) -> (ServiceParams, bool) {
    let mut next = ServiceParams { offset: 0, ..params.clone() };
    let text_slot = match key {
        "category" => Some(&mut next.category),
        "level" => Some(&mut next.level),
        "unit" => Some(&mut next.unit),
        _ => None,
    };
    if let Some(slot) = text_slot {
        let active = slot.as_deref() == Some(value);
        *slot = (!active).then(|| value.to_string());
        return (next, active);
    }
    let wanted = value == "true";
    let slot = match key {
        "online" => &mut next.online,
        "zero_visits" => &mut next.zero_visits,
        "instant" => &mut next.instant,
        "devolved" => &mut next.devolved,
        _ => &mut next.target_met,
    };
    let active = *slot == Some(wanted);
    *slot = (!active).then_some(wanted);
    (next, active)
}

#[component]
fn Results(params: ServiceParams, results: ServiceResults) -> impl IntoView {
    let pages = results.total.div_ceil(results.limit.max(1)).max(1);
    let page = params.page();
    view! {
        <div class="search-layout">
            <aside class="sidebar">
                <nav id="facets" aria-label="筛选条件">
                    {FACETS.iter().map(|spec| {
                        let list = values(&results, spec.key).to_vec();
                        let params = params.clone();
                        (!list.is_empty()).then(|| view! {
                            <section class="facet" data-facet=spec.key>
                                <h2>{spec.title}</h2>
                                <ul>
                                    {list.into_iter().map(|v| {
                                        let (next, active) = toggled(&params, spec.key, &v.value);
                                        let label = match v.value.as_str() {
                                            "true" => flag_label(spec.key, true).to_string(),
                                            "false" => flag_label(spec.key, false).to_string(),
                                            other => other.to_string(),
                                        };
                                        view! {
                                            <li><a class="facet-link" class:active=active href=next.url(1)
                                                aria-current=active.then_some("true")>{format!("{label} ({})", v.count)}</a></li>
                                        }
                                    }).collect_view()}
                                </ul>
                            </section>
                        })
                    }).collect_view()}
                </nav>
                <p><a href="/services">"← 返回全部生活事件"</a></p>
            </aside>
            <section class="results" aria-labelledby="results-h">
                <h2 id="results-h" class="visually-hidden">"搜索结果"</h2>
                <p id="total" aria-live="polite">{format!("共 {} 项", results.total)}
                    {(!params.q.is_empty()).then(|| view! { <span class="query-echo">" · 搜索“"{params.q.clone()}"”"</span> })}</p>
                {results.partial.then(|| view! { <PartialNotice/> })}
                {(results.total == 0).then(|| view! { <p class="empty">"没有找到符合条件的服务事项。可尝试更换关键词，或减少筛选条件。"</p> })}
                <ServiceHitList hits=results.hits/>
                {(pages > 1).then(|| view! {
                    <nav class="pagination" aria-label="分页">
                        {(page > 1).then(|| view! { <a rel="prev" href=params.url(page - 1)>"上一页"</a> })}
                        <span>{format!("第 {page} / {pages} 页")}</span>
                        {(page < pages).then(|| view! { <a rel="next" href=params.url(page + 1)>"下一页"</a> })}
                    </nav>
                })}
            </section>
        </div>
    }
}
