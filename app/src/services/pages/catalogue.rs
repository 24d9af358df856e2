//! `/services`: the catalogue by life event and the "one thing" bundles; with a query or
//! a filter, the matching services with facets. Links and GET forms only, so it works
//! without JavaScript.

use leptos::prelude::*;
use leptos_meta::{Link, Title};
use leptos_router::hooks::use_location;

use crate::components::{ErrorBox, Loading, PartialNotice};
use crate::error::error_message;
use crate::i18n::td;
use crate::lang::{localize, td_string, use_locale, Locale, DATA_LANG};
use crate::services::api::{get_catalogue, search_services};
use crate::services::components::{bundle_href, ServiceHitList, ServiceSearchForm};
use crate::services::model::{level_label_in, Catalogue, FacetValue, ServiceResults};
use crate::services::query::ServiceParams;

#[component]
pub fn ServicesPage() -> impl IntoView {
    let l = use_locale();
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
        <Title text=td_string!(l, services.page_title)/>
        <Link rel="alternate" type_="application/atom+xml" href=crate::services::components::FEED_PATH title=td_string!(l, services.feed_title)/>
        <div class="wrap">
            <h1 class="page-title">{td_string!(l, services.heading)}<a class="feed-link" href=crate::services::components::FEED_PATH>{td_string!(l, services.feed_link)}</a></h1>
            <p class="sample-note">{td_string!(l, services.sample_note_list)}</p>
            {move || view! { <ServiceSearchForm q=params.get().q/> }}
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    policies.await.filter(|n| *n > 0).map(|n| {
                        let href = localize(l, &crate::url::build_url("/search", &[("q", params.get_untracked().q)]));
                        view! { <p id="also-policies" class="also"><span class="tag">{td_string!(l, services.tag_policies)}</span>" "<a href=href>{td_string!(l, services.also_policies, count = n)}</a></p> }
                    })
                })}
            </Suspense>
            <Suspense fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    match results.await {
                        None => match catalogue.await {
                            Ok(c) => view! { <CatalogueView l catalogue=c/> }.into_any(),
                            Err(e) => view! { <ErrorBox message=error_message(&e)/> }.into_any(),
                        },
                        Some(Err(e)) => view! { <ErrorBox message=error_message(&e)/> }.into_any(),
                        Some(Ok(r)) => view! { <Results l params=params.get_untracked() results=r/> }.into_any(),
                    }
                })}
            </Suspense>
        </div>
    }
}

#[component]
fn CatalogueView(l: Locale, catalogue: Catalogue) -> impl IntoView {
    view! {
        <p id="total">{td_string!(l, services.catalogue_total, count = catalogue.total)}</p>
        <div class="life-events">
            {catalogue.events.into_iter().map(|event| {
                let all = localize(l, &ServiceParams { category: Some(event.name.clone()), ..Default::default() }.url(1));
                let heading_id = format!("ev-{}", event.name);
                let labelled_by = heading_id.clone();
                view! {
                    <section class="life-event" aria-labelledby=labelled_by>
                        <h2 id=heading_id><a href=all.clone() lang=DATA_LANG>{event.name.clone()}</a>" "<span class="count">{td_string!(l, services.event_count, count = event.count)}</span></h2>
                        <ul>
                            {event.top.into_iter().map(|s| view! {
                                <li><a href=localize(l, &crate::services::components::service_href(&s.code)) lang=DATA_LANG>{s.name}</a></li>
                            }).collect_view()}
                        </ul>
                        <a class="more" href=all>{td_string!(l, services.see_all, count = event.count)}</a>
                    </section>
                }
            }).collect_view()}
        </div>
        <section id="bundles" aria-labelledby="bundles-h">
            <h2 id="bundles-h">{td_string!(l, services.bundles_heading)}</h2>
            <p class="hint">{td_string!(l, services.bundles_hint)}</p>
            <ul class="brief-list">
                {catalogue.bundles.into_iter().map(|b| view! {
                    <li><a href=localize(l, &bundle_href(&b.code)) lang=DATA_LANG>{b.name}</a>
                        <span class="meta">{td_string!(l, services.bundle_lead_prefix)}<span lang=DATA_LANG>{b.lead_unit}</span>
                            {td_string!(l, services.bundle_members, count = b.members)}</span></li>
                }).collect_view()}
            </ul>
        </section>
    }
}

const FACETS: [&str; 8] = ["category", "online", "zero_visits", "instant", "devolved", "target_met", "level", "unit"];

fn facet_title(key: &str, l: Locale) -> &'static str {
    match key {
        "category" => td_string!(l, services.facet_category),
        "online" => td_string!(l, services.depth_full),
        "zero_visits" => td_string!(l, services.zero_visits),
        "instant" => td_string!(l, services.days_instant),
        "devolved" => td_string!(l, services.facet_devolved),
        "target_met" => td_string!(l, services.facet_target),
        "level" => td_string!(l, services.level),
        _ => td_string!(l, services.unit),
    }
}

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
pub fn flag_label(key: &str, value: bool, l: Locale) -> &'static str {
    match (key, value) {
        ("target_met", true) => td_string!(l, services.flag_target_met),
        ("target_met", false) => td_string!(l, services.flag_target_missed),
        (_, true) => td_string!(l, services.flag_yes),
        (_, false) => td_string!(l, services.flag_no),
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
fn Results(l: Locale, params: ServiceParams, results: ServiceResults) -> impl IntoView {
    let pages = results.total.div_ceil(results.limit.max(1)).max(1);
    let page = params.page();
    view! {
        <div class="search-layout">
            <aside class="sidebar">
                <nav id="facets" aria-label=td_string!(l, services.filters_label)>
                    {FACETS.into_iter().map(|key| {
                        let list = values(&results, key).to_vec();
                        let params = params.clone();
                        // Life events and units are the data's own words.
                        let data = matches!(key, "category" | "unit");
                        (!list.is_empty()).then(|| view! {
                            <section class="facet" data-facet=key>
                                <h2>{facet_title(key, l)}</h2>
                                <ul>
                                    {list.into_iter().map(|v| {
                                        let (next, active) = toggled(&params, key, &v.value);
                                        let label = match v.value.as_str() {
                                            "true" => flag_label(key, true, l).to_string(),
                                            "false" => flag_label(key, false, l).to_string(),
                                            other if key == "level" => level_label_in(other, l).to_string(),
                                            other => other.to_string(),
                                        };
                                        view! {
                                            <li><a class="facet-link" class:active=active href=localize(l, &next.url(1))
                                                aria-current=active.then_some("true")><span lang=data.then_some(DATA_LANG)>{label}</span>{format!(" ({})", v.count)}</a></li>
                                        }
                                    }).collect_view()}
                                </ul>
                            </section>
                        })
                    }).collect_view()}
                </nav>
                <p><a href=localize(l, "/services")>{td_string!(l, services.back_to_events)}</a></p>
            </aside>
            <section class="results" aria-labelledby="results-h">
                <h2 id="results-h" class="visually-hidden">{td_string!(l, services.results_heading)}</h2>
                <p id="total" aria-live="polite">{td_string!(l, services.results_total, count = results.total)}
                    {(!params.q.is_empty()).then(|| {
                        let q = params.q.clone();
                        view! { <span class="query-echo">{td!(l, services.query_echo, q = move || view! { <span lang=DATA_LANG>{q.clone()}</span> })}</span> }
                    })}</p>
                {results.partial.then(|| view! { <PartialNotice/> })}
                {(results.total == 0).then(|| view! { <p class="empty">{td_string!(l, services.no_results)}</p> })}
                <ServiceHitList hits=results.hits/>
                {(pages > 1).then(|| view! {
                    <nav class="pagination" aria-label=td_string!(l, common.pages_label)>
                        {(page > 1).then(|| view! { <a rel="prev" href=localize(l, &params.url(page - 1))>{td_string!(l, common.prev_page)}</a> })}
                        <span>{td_string!(l, common.page_of, page = page, pages = pages)}</span>
                        {(page < pages).then(|| view! { <a rel="next" href=localize(l, &params.url(page + 1))>{td_string!(l, common.next_page)}</a> })}
                    </nav>
                })}
            </section>
        </div>
    }
}
