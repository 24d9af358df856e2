use leptos::prelude::*;
use leptos_meta::{Link, Title};
use leptos_router::hooks::use_location;

use crate::policies::api::search_policies;
use crate::error::error_message;
use crate::components::{ErrorBox, Loading, PartialNotice};
use crate::i18n::td;
use crate::lang::{locale_of_path, localize, td_string, use_locale, Locale, DATA_LANG};
use crate::policies::components::{
    data_value, document_href, policy_href, unit_href, AutomaticTag, InForceBadge, ProfileFields, SearchForm, VerdictBadge,
};
use crate::policies::model::{EarlierVersion, FacetValue, PolicyHit, Profile, SearchResults};
use crate::policies::query::{profile_pairs, SearchParams};
use crate::url::{build_url, parse_pairs};
use crate::policies::vocab::NO_QUALIFICATION;

const PROFILE_KEY: &str = "qingdan.profile";

#[component]
pub fn SearchPage() -> impl IntoView {
    let l = use_locale();
    let location = use_location();
    let raw = location.search;
    // Outside an island, so the server renders it and the page carries no copy of its data.
    let results = Resource::new(move || raw.get(), search_policies);
    // One search box for the lists: the same words among the services, typed as such.
    let services = Resource::new(
        move || SearchParams::from_query(&raw.get()).map(|p| p.q).unwrap_or_default(),
        |q| async move {
            if q.is_empty() {
                return None;
            }
            let query = crate::url::build_url("", &[("q", q), ("limit", "3".to_string())]);
            crate::services::api::search_services(query.trim_start_matches('?').to_string()).await.ok()
        },
    );
    let params = Memo::new(move |_| SearchParams::from_query(&raw.get()).unwrap_or_default());
    // `only=policy` narrows the one search box to policies (services have /services).
    let only_policies = Memo::new(move |_| {
        crate::url::parse_pairs(raw.get().trim_start_matches('?')).unwrap_or_default().iter().any(|(k, v)| k == "only" && v == "policy")
    });

    view! {
        <Title text=td_string!(l, policies.search_title)/>
        <Link rel="alternate" type_="application/atom+xml" href=crate::policies::components::FEED_PATH title=td_string!(l, policies.feed_title)/>
        <ProfileMemory/>
        <div class="wrap">
            <h1 class="page-title">{td_string!(l, policies.search_title)}<a class="feed-link" href=crate::policies::components::FEED_PATH>{td_string!(l, policies.feed_link)}</a></h1>
            {move || {
                let p = params.get();
                let mut keep = profile_pairs(&p.profile);
                if only_policies.get() {
                    keep.push(("only", "policy".to_string()));
                }
                view! { <SearchForm q=p.q.clone() hidden=keep/> }
            }}
            <div class="search-layout">
                <aside class="sidebar">
                    {move || view! { <ProfilePanel params=params.get()/> }}
                    <Suspense fallback=|| ()>
                        {move || Suspend::new(async move {
                            results.await.ok().map(|r| view! { <FacetNav params=params.get_untracked() facets=r/> })
                        })}
                    </Suspense>
                </aside>
                <section class="results" aria-labelledby="results-h">
                    <h2 id="results-h" class="visually-hidden">{td_string!(l, policies.search_results)}</h2>
                    <Suspense fallback=|| ()>
                        {move || {
                            // Read here, outside the future: the box follows the switch.
                            let narrowed = only_policies.get();
                            Suspend::new(async move {
                            services.await.filter(|s| s.total > 0).map(|s| {
                                let p = params.get_untracked();
                                let all = localize(l, &crate::services::query::ServiceParams { q: p.q.clone(), ..Default::default() }.url(1));
                                let mut pairs = p.pairs();
                                let both = localize(l, &crate::url::build_url("/search", &pairs));
                                pairs.push(("only", "policy".to_string()));
                                let policies = localize(l, &crate::url::build_url("/search", &pairs));
                                let current = |on: bool| if on { Some("page") } else { None };
                                let kinds = view! {
                                    <nav id="result-kinds" class="result-kinds" aria-label=td_string!(l, policies.result_kinds)>
                                        <a href=both aria-current=current(!narrowed)>{td_string!(l, policies.kinds_all)}</a>
                                        <a href=policies aria-current=current(narrowed)>{td_string!(l, policies.kinds_policies)}</a>
                                        <a href=all.clone()>{td_string!(l, policies.kinds_services, count = s.total)}</a>
                                    </nav>
                                };
                                if narrowed {
                                    return kinds.into_any();
                                }
                                view! {
                                    {kinds}
                                    <aside id="also-services" class="also" aria-labelledby="also-services-h">
                                        <h3 id="also-services-h"><span class="tag">{td_string!(l, policies.kind_service)}</span>" "{td_string!(l, policies.also_services, count = s.total)}</h3>
                                        <ul class="also-list">
                                            {s.hits.into_iter().map(|h| view! {
                                                <li><a href=localize(l, &crate::services::components::service_href(&h.code)) lang=DATA_LANG>{h.name}</a>
                                                    <span class="meta">" · "<span lang=DATA_LANG>{h.category}</span>" · "<span lang=DATA_LANG>{h.unit}</span></span></li>
                                            }).collect_view()}
                                        </ul>
                                        <a class="more" href=all>{td_string!(l, policies.kinds_services_more, count = s.total)}</a>
                                    </aside>
                                }.into_any()
                            })
                        })}}
                    </Suspense>
                    <Suspense fallback=|| view! { <Loading/> }>
                        {move || Suspend::new(async move {
                            match results.await {
                                Err(e) => view! { <ErrorBox message=error_message(&e)/> }.into_any(),
                                Ok(r) => view! { <ResultList params=params.get_untracked() results=r/> }.into_any(),
                            }
                        })}
                    </Suspense>
                </section>
            </div>
        </div>
    }
}

/// Keeps the enterprise profile in the browser: a profile in the URL is saved; a URL
/// without one gets the saved one; `profile=clear` forgets it.
#[island]
fn ProfileMemory() -> impl IntoView {
    Effect::new(move |_| {
        let location = window().location();
        let (Ok(path), Ok(query)) = (location.pathname(), location.search()) else { return };
        if let Some(target) = remembered_profile(locale_of_path(&path), &query) {
            let _ = location.replace(&target);
        }
    });
}

/// Saves or forgets the profile of a search address; the address to load instead when
/// it should carry the saved profile or drop `profile=clear`.
fn remembered_profile(l: Locale, raw: &str) -> Option<String> {
    let storage = window().local_storage().ok().flatten()?;
    let params = SearchParams::from_query(raw).ok()?;
    let clear = parse_pairs(raw.trim_start_matches('?'))
        .map(|pairs| pairs.iter().any(|(k, v)| k == "profile" && v == "clear"))
        .unwrap_or(false);
    if clear {
        let _ = storage.remove_item(PROFILE_KEY);
        return Some(localize(l, &params.to_url(1)));
    }
    if !params.profile.is_empty() {
        let saved = build_url("", &profile_pairs(&params.profile));
        let _ = storage.set_item(PROFILE_KEY, saved.trim_start_matches('?'));
        return None;
    }
    let saved = storage.get_item(PROFILE_KEY).ok().flatten()?;
    let stored = SearchParams::from_query(&saved).ok()?;
    (!stored.profile.is_empty()).then(|| localize(l, &SearchParams { profile: stored.profile, ..params.clone() }.to_url(params.page())))
}

#[component]
fn ProfilePanel(params: SearchParams) -> impl IntoView {
    let l = use_locale();
    let profile = params.profile.clone();
    let chips = profile_chips(l, &profile);
    let without_profile = SearchParams { profile: Profile::default(), offset: 0, ..params.clone() };
    let clear_href = {
        let mut pairs = without_profile.pairs();
        pairs.push(("profile", "clear".to_string()));
        localize(l, &build_url("/search", &pairs))
    };
    let hidden = without_profile.pairs();
    let mut alert_pairs = profile_pairs(&profile);
    if !params.q.trim().is_empty() {
        alert_pairs.insert(0, ("q", params.q.clone()));
    }
    let alert_href = localize(l, &build_url(crate::alerts::model::SUBSCRIBE_PATH, &alert_pairs));
    view! {
        <section class="profile-panel" aria-labelledby="profile-h">
            <h2 id="profile-h">{td_string!(l, policies.profile_title)}</h2>
            <p class="hint">{td_string!(l, policies.profile_hint)}</p>
            <div id="profile-chips" aria-live="polite">
                {if chips.is_empty() {
                    view! { <p class="hint">{td_string!(l, policies.profile_empty)}</p> }.into_any()
                } else {
                    view! {
                        <ul class="chips">
                            {chips.into_iter().map(|c| view! { <li class="chip">{c}</li> }).collect_view()}
                        </ul>
                        <a class="clear-profile" href=clear_href>{td_string!(l, policies.profile_clear)}</a>
                    }.into_any()
                }}
            </div>
            <form id="profile-form" method="get" action=localize(l, "/search")>
                {hidden.into_iter().map(|(name, value)| view! { <input type="hidden" name=name value=value/> }).collect_view()}
                <ProfileFields profile=profile.clone()/>
                <button type="submit">{td_string!(l, policies.profile_submit)}</button>
            </form>
            <p class="hint"><a id="alert-link" href=alert_href>{td_string!(l, policies.profile_alert)}</a></p>
        </section>
    }
}

/// The profile as chips: the page's words, the list's values marked Chinese.
fn profile_chips(l: Locale, profile: &Profile) -> Vec<AnyView> {
    let value = |v: &String| data_value(v.clone());
    let mut chips = Vec::new();
    chips.extend(profile.industry.iter().map(|v| td!(l, policies.chip_industry, value = value(v)).into_any()));
    chips.extend(profile.size.iter().map(|v| td!(l, policies.chip_size, value = value(v)).into_any()));
    chips.extend(profile.region.iter().map(|v| td!(l, policies.chip_region, value = value(v)).into_any()));
    chips.extend(profile.qualifications.iter().map(|v| {
        if v == NO_QUALIFICATION {
            td_string!(l, policies.chip_no_qualification).into_any()
        } else {
            td!(l, policies.chip_qualification, value = value(v)).into_any()
        }
    }));
    chips.extend(profile.founded.iter().map(|y| td_string!(l, policies.chip_founded, year = y).into_any()));
    chips
}

/// The facet groups, in the order the sidebar shows them.
const FACETS: [&str; 6] = ["category", "support", "delivery", "in_force", "executor", "issuer"];

fn facet_title(l: Locale, key: &str) -> &'static str {
    match key {
        "category" => td_string!(l, policies.facet_category),
        "support" => td_string!(l, policies.facet_support),
        "delivery" => td_string!(l, policies.delivery),
        "in_force" => td_string!(l, policies.facet_in_force),
        "executor" => td_string!(l, policies.executing_unit),
        _ => td_string!(l, policies.issuing_unit),
    }
}

/// The value the server names an `in_force` facet value by.
const IN_FORCE_VALUE: &str = "有效";

fn facet_values<'a>(r: &'a SearchResults, key: &str) -> &'a [FacetValue] {
    match key {
        "category" => &r.facets.category,
        "support" => &r.facets.support,
        "issuer" => &r.facets.issuer,
        "executor" => &r.facets.executor,
        "delivery" => &r.facets.delivery,
        _ => &r.facets.in_force,
    }
}

/// The parameters with one facet toggled: set to `value`, or cleared when it already is.
fn toggled(params: &SearchParams, key: &str, value: &str) -> (SearchParams, bool) {
    let mut next = SearchParams { offset: 0, ..params.clone() };
    let slot = match key {
        "category" => &mut next.category,
        "support" => &mut next.support,
        "issuer" => &mut next.issuer,
        "executor" => &mut next.executor,
        "delivery" => &mut next.delivery,
        _ => {
            let wanted = value == IN_FORCE_VALUE;
            let active = params.in_force == Some(wanted);
            next.in_force = (!active).then_some(wanted);
            return (next, active);
        }
    };
    let active = slot.as_deref() == Some(value);
    *slot = (!active).then(|| value.to_string());
    (next, active)
}

#[component]
fn FacetNav(params: SearchParams, facets: SearchResults) -> impl IntoView {
    let l = use_locale();
    view! {
        <nav id="facets" aria-label=td_string!(l, policies.facets_label)>
            {FACETS.iter().map(|&key| {
                let values = facet_values(&facets, key).to_vec();
                let params = params.clone();
                (!values.is_empty()).then(|| view! {
                    <section class="facet" data-facet=key>
                        <h2>{facet_title(l, key)}</h2>
                        <ul>
                            {values.into_iter().map(|v| {
                                let (next, active) = toggled(&params, key, &v.value);
                                // The validity values are the server's words, not the list's.
                                let name = match key {
                                    "in_force" if v.value == IN_FORCE_VALUE => td_string!(l, policies.in_force).into_any(),
                                    "in_force" => td_string!(l, policies.expired).into_any(),
                                    _ => view! { <span lang=DATA_LANG>{v.value}</span> }.into_any(),
                                };
                                view! {
                                    <li>
                                        <a class="facet-link" class:active=active href=localize(l, &next.to_url(1))
                                            aria-current=active.then_some("true")>
                                            {name}{format!(" ({})", v.count)}
                                        </a>
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    </section>
                })
            }).collect_view()}
        </nav>
    }
}

#[component]
fn ResultList(params: SearchParams, results: SearchResults) -> impl IntoView {
    let l = use_locale();
    let show_verdict = !params.profile.is_empty();
    let page = params.page();
    // `total` counts every version, so only `more` says whether a next page exists.
    let more = results.more;
    let folded = results.hits.iter().any(|h| !h.earlier.is_empty());
    let heading = if folded {
        td_string!(l, policies.total_with_versions, count = results.total)
    } else {
        td_string!(l, policies.total, count = results.total)
    };
    let q = params.q.clone();
    view! {
        <p id="total" aria-live="polite">
            {heading}
            {(!q.is_empty()).then(|| view! {
                <span class="query-echo">" · "{td!(l, policies.query_echo, query = data_value(q.clone()))}</span>
            })}
        </p>
        <a class="profile-jump" href="#profile-h">{td_string!(l, policies.profile_jump)}</a>
        {results.partial.then(|| view! { <PartialNotice/> })}
        {(results.total == 0).then(|| view! {
            <p class="empty">{td_string!(l, policies.no_results)}</p>
        })}
        <ol id="results">
            {results.hits.into_iter().map(|hit| view! { <HitItem hit show_verdict/> }).collect_view()}
        </ol>
        {(page > 1 || more).then(|| view! {
            <nav class="pagination" aria-label=td_string!(l, common.pages_label)>
                {(page > 1).then(|| view! { <a rel="prev" href=localize(l, &params.to_url(page - 1))>{td_string!(l, common.prev_page)}</a> })}
                <span>{td_string!(l, policies.page, page = page)}</span>
                {more.then(|| view! { <a rel="next" href=localize(l, &params.to_url(page + 1))>{td_string!(l, common.next_page)}</a> })}
            </nav>
        })}
    }
}

#[component]
fn HitItem(hit: PolicyHit, show_verdict: bool) -> impl IntoView {
    let l = use_locale();
    let tel = format!("tel:{}", hit.interpreter.phone);
    // Matching versions folded under this hit: they count in the total.
    let folded = hit.earlier.iter().filter(|e| e.matched).count().to_string();
    view! {
        <li class="hit" data-folded=folded>
            <h3><a class="hit-title" href=localize(l, &policy_href(&hit.code)) lang=DATA_LANG>{hit.title}</a></h3>
            <p class="hit-meta">
                <span class="tag tag-kind">{td_string!(l, policies.kind_policy)}</span>
                <span class="tag" lang=DATA_LANG>{hit.category}</span>
                <span class="tag" lang=DATA_LANG>{hit.support_type}</span>
                {(hit.delivery == crate::policies::vocab::DELIVERY_AUTOMATIC).then(|| view! { <AutomaticTag/> })}
                <InForceBadge in_force=hit.in_force/>
                <a class="doc-ref" href=localize(l, &document_href(&hit.document.number)) lang=DATA_LANG>{hit.document.number.clone()}</a>
            </p>
            <p class="snippet" lang=DATA_LANG>
                {hit.snippet.into_iter().map(|part| {
                    if part.hit {
                        view! { <mark>{part.text}</mark> }.into_any()
                    } else {
                        part.text.into_any()
                    }
                }).collect_view()}
            </p>
            <dl class="hit-units">
                <div><dt>{td_string!(l, policies.issuing_unit)}</dt><dd><a href=localize(l, &unit_href(&hit.issuing_unit)) lang=DATA_LANG>{hit.issuing_unit.clone()}</a></dd></div>
                <div><dt>{td_string!(l, policies.executing_unit)}</dt><dd><a href=localize(l, &unit_href(&hit.executing_unit)) lang=DATA_LANG>{hit.executing_unit.clone()}</a></dd></div>
                <div><dt>{td_string!(l, policies.interpreter)}</dt><dd><span lang=DATA_LANG>{hit.interpreter.name}</span>" "<a href=tel>{hit.interpreter.phone}</a></dd></div>
            </dl>
            {show_verdict.then(|| view! { <VerdictBadge verdict=hit.verdict/> })}
            {(!hit.earlier.is_empty()).then(|| view! { <EarlierVersions versions=hit.earlier/> })}
        </li>
    }
}

/// The other versions folded under a hit: a count, and a link to each.
#[component]
fn EarlierVersions(versions: Vec<EarlierVersion>) -> impl IntoView {
    let l = use_locale();
    view! {
        <details class="earlier">
            <summary>{td_string!(l, policies.other_versions, count = versions.len())}</summary>
            <ul>
                {versions.into_iter().map(|v| view! {
                    <li>
                        <a href=localize(l, &policy_href(&v.code)) lang=DATA_LANG>{v.document.number.clone()}</a>
                        " "<span lang=DATA_LANG>{v.document.title}</span>" · "{td_string!(l, policies.valid_from, date = v.valid_from)}
                        {(!v.in_force).then(|| view! { " " <InForceBadge in_force=false/> })}
                    </li>
                }).collect_view()}
            </ul>
        </details>
    }
}
