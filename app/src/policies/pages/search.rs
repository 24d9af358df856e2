use leptos::prelude::*;
use leptos_meta::{Link, Title};
use leptos_router::hooks::{use_location, use_navigate};
use leptos_router::NavigateOptions;

use crate::policies::api::search_policies;
use crate::error::error_message;
use crate::components::{ErrorBox, Loading, PartialNotice};
use crate::server_rendered::{kept, Kept, ServerRendered};
use crate::policies::components::{
    document_href, policy_href, unit_href, InForceBadge, ProfileFields, SearchForm, VerdictBadge,
};
use crate::policies::model::{EarlierVersion, FacetValue, PolicyHit, Profile, SearchResults};
use crate::policies::query::{profile_pairs, SearchParams};
use crate::url::{build_url, parse_pairs};
use crate::policies::vocab::NO_QUALIFICATION;

const PROFILE_KEY: &str = "qingdan.profile";

#[component]
pub fn SearchPage() -> impl IntoView {
    let location = use_location();
    let raw = location.search;
    // The results and facets are rendered by the server and kept by the browser when it
    // hydrates: their data is not sent a second time inside the page.
    let results: Resource<Kept<Result<SearchResults, ServerFnError>>, ServerRendered> =
        Resource::new_with_options(move || raw.get(), |raw| async move { Kept::Data(search_policies(raw).await) }, false);
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
    let navigate = use_navigate();
    let pathname = location.pathname;
    Effect::new(move |_| {
        // The location changes before this page unmounts; only act on the search page.
        let query = raw.get();
        if pathname.get() == "/search" {
            sync_profile_with_storage(&query, &navigate);
        }
    });

    view! {
        <Title text="政策查询"/>
        <Link rel="alternate" type_="application/atom+xml" href=crate::policies::components::FEED_PATH title="惠企政策：新增和变更（Atom）"/>
        <div class="wrap">
            <h1 class="page-title">"政策查询" <a class="feed-link" href=crate::policies::components::FEED_PATH>"订阅政策更新（Atom）"</a></h1>
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
                            kept(results.await, move |r| r.ok().map(|r| view! { <FacetNav params=params.get_untracked() facets=r/> }))
                        })}
                    </Suspense>
                </aside>
                <section class="results" aria-labelledby="results-h">
                    <h2 id="results-h" class="visually-hidden">"搜索结果"</h2>
                    <Suspense fallback=|| ()>
                        {move || {
                            // Read here, outside the future: the box follows the switch.
                            let narrowed = only_policies.get();
                            Suspend::new(async move {
                            services.await.filter(|s| s.total > 0).map(|s| {
                                let p = params.get_untracked();
                                let all = crate::services::query::ServiceParams { q: p.q.clone(), ..Default::default() }.url(1);
                                let mut pairs = p.pairs();
                                let both = crate::url::build_url("/search", &pairs);
                                pairs.push(("only", "policy".to_string()));
                                let policies = crate::url::build_url("/search", &pairs);
                                let current = |on: bool| if on { Some("page") } else { None };
                                let kinds = view! {
                                    <nav id="result-kinds" class="result-kinds" aria-label="结果类型">
                                        <a href=both aria-current=current(!narrowed)>"全部"</a>
                                        <a href=policies aria-current=current(narrowed)>"只看政策"</a>
                                        <a href=all.clone()>{format!("只看办事服务（{} 项）", s.total)}</a>
                                    </nav>
                                };
                                if narrowed {
                                    return kinds.into_any();
                                }
                                view! {
                                    {kinds}
                                    <aside id="also-services" class="also" aria-labelledby="also-services-h">
                                        <h3 id="also-services-h"><span class="tag">"办事服务"</span>{format!(" 办事服务中也有 {} 项结果", s.total)}</h3>
                                        <ul class="also-list">
                                            {s.hits.into_iter().map(|h| view! {
                                                <li><a href=crate::services::components::service_href(&h.code)>{h.name}</a>
                                                    <span class="meta">{format!(" · {} · {}", h.category, h.unit)}</span></li>
                                            }).collect_view()}
                                        </ul>
                                        <a class="more" href=all>{format!("只看办事服务（{} 项）→", s.total)}</a>
                                    </aside>
                                }.into_any()
                            })
                        })}}
                    </Suspense>
                    <Suspense fallback=|| view! { <Loading/> }>
                        {move || Suspend::new(async move {
                            kept(results.await, move |r| match r {
                                Err(e) => view! { <ErrorBox message=error_message(&e)/> }.into_any(),
                                Ok(r) => view! { <ResultList params=params.get_untracked() results=r/> }.into_any(),
                            })
                        })}
                    </Suspense>
                </section>
            </div>
        </div>
    }
}

/// Keeps the enterprise profile in the browser: a profile in the URL is saved; a URL
/// without one gets the saved one; `profile=clear` forgets it.
fn sync_profile_with_storage(raw: &str, navigate: &impl Fn(&str, NavigateOptions)) {
    let Ok(Some(storage)) = window().local_storage() else { return };
    let Ok(params) = SearchParams::from_query(raw) else { return };
    let replace = NavigateOptions { replace: true, ..Default::default() };
    let clear = parse_pairs(raw)
        .map(|pairs| pairs.iter().any(|(k, v)| k == "profile" && v == "clear"))
        .unwrap_or(false);
    if clear {
        let _ = storage.remove_item(PROFILE_KEY);
        navigate(&params.to_url(1), replace);
    } else if !params.profile.is_empty() {
        let saved = build_url("", &profile_pairs(&params.profile));
        let _ = storage.set_item(PROFILE_KEY, saved.trim_start_matches('?'));
    } else if let Ok(Some(saved)) = storage.get_item(PROFILE_KEY) {
        if let Ok(stored) = SearchParams::from_query(&saved) {
            if !stored.profile.is_empty() {
                let with_profile = SearchParams { profile: stored.profile, ..params.clone() };
                navigate(&with_profile.to_url(params.page()), replace);
            }
        }
    }
}

#[component]
fn ProfilePanel(params: SearchParams) -> impl IntoView {
    let profile = params.profile.clone();
    let chips = profile_chips(&profile);
    let without_profile = SearchParams { profile: Profile::default(), offset: 0, ..params.clone() };
    let clear_href = {
        let mut pairs = without_profile.pairs();
        pairs.push(("profile", "clear".to_string()));
        build_url("/search", &pairs)
    };
    let hidden = without_profile.pairs();
    let mut alert_pairs = profile_pairs(&profile);
    if !params.q.trim().is_empty() {
        alert_pairs.insert(0, ("q", params.q.clone()));
    }
    let alert_href = build_url(crate::alerts::model::SUBSCRIBE_PATH, &alert_pairs);
    view! {
        <section class="profile-panel" aria-labelledby="profile-h">
            <h2 id="profile-h">"企业画像"</h2>
            <p class="hint">"填写贵企业的情况，逐条判断政策是否适用。画像只保存在您的浏览器中。"</p>
            <div id="profile-chips" aria-live="polite">
                {if chips.is_empty() {
                    view! { <p class="hint">"尚未填写画像。"</p> }.into_any()
                } else {
                    view! {
                        <ul class="chips">
                            {chips.into_iter().map(|c| view! { <li class="chip">{c}</li> }).collect_view()}
                        </ul>
                        <a class="clear-profile" href=clear_href>"清除画像"</a>
                    }.into_any()
                }}
            </div>
            <form id="profile-form" method="get" action="/search">
                {hidden.into_iter().map(|(name, value)| view! { <input type="hidden" name=name value=value/> }).collect_view()}
                <ProfileFields profile=profile.clone()/>
                <button type="submit">"匹配政策"</button>
            </form>
            <p class="hint"><a id="alert-link" href=alert_href>"有新政策时邮件提醒我"</a></p>
        </section>
    }
}

fn profile_chips(profile: &Profile) -> Vec<String> {
    let mut chips = Vec::new();
    chips.extend(profile.industry.iter().map(|v| format!("行业：{v}")));
    chips.extend(profile.size.iter().map(|v| format!("规模：{v}")));
    chips.extend(profile.region.iter().map(|v| format!("镇街：{v}")));
    chips.extend(profile.qualifications.iter().map(|v| {
        if v == NO_QUALIFICATION { "资质：无".to_string() } else { format!("资质：{v}") }
    }));
    chips.extend(profile.founded.iter().map(|y| format!("成立于{y}年")));
    chips
}

struct FacetSpec {
    key: &'static str,
    title: &'static str,
}

const FACETS: &[FacetSpec] = &[
    FacetSpec { key: "category", title: "政策类别" },
    FacetSpec { key: "support", title: "支持方式" },
    FacetSpec { key: "delivery", title: "兑现方式" },
    FacetSpec { key: "in_force", title: "是否有效" },
    FacetSpec { key: "executor", title: "执行单位" },
    FacetSpec { key: "issuer", title: "发布单位" },
];

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
            let wanted = value == "有效";
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
    view! {
        <nav id="facets" aria-label="筛选条件">
            {FACETS.iter().map(|spec| {
                let values = facet_values(&facets, spec.key).to_vec();
                let params = params.clone();
                (!values.is_empty()).then(|| view! {
                    <section class="facet" data-facet=spec.key>
                        <h2>{spec.title}</h2>
                        <ul>
                            {values.into_iter().map(|v| {
                                let (next, active) = toggled(&params, spec.key, &v.value);
                                view! {
                                    <li>
                                        <a class="facet-link" class:active=active href=next.to_url(1)
                                            aria-current=active.then_some("true")>
                                            {format!("{} ({})", v.value, v.count)}
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
    let show_verdict = !params.profile.is_empty();
    let page = params.page();
    // `total` counts every version, so only `more` says whether a next page exists.
    let more = results.more;
    let folded = results.hits.iter().any(|h| !h.earlier.is_empty());
    let heading = if folded { format!("共 {} 条（含同一政策的其他版本）", results.total) } else { format!("共 {} 条", results.total) };
    view! {
        <p id="total" aria-live="polite">
            {heading}
            {(!params.q.is_empty()).then(|| view! { <span class="query-echo">" · 搜索“"{params.q.clone()}"”"</span> })}
        </p>
        <a class="profile-jump" href="#profile-h">"填写企业画像 ↓"</a>
        {results.partial.then(|| view! { <PartialNotice/> })}
        {(results.total == 0).then(|| view! {
            <p class="empty">"没有找到符合条件的政策。可尝试更换关键词，或减少筛选条件。"</p>
        })}
        <ol id="results">
            {results.hits.into_iter().map(|hit| view! { <HitItem hit show_verdict/> }).collect_view()}
        </ol>
        {(page > 1 || more).then(|| view! {
            <nav class="pagination" aria-label="分页">
                {(page > 1).then(|| view! { <a rel="prev" href=params.to_url(page - 1)>"上一页"</a> })}
                <span>{format!("第 {page} 页")}</span>
                {more.then(|| view! { <a rel="next" href=params.to_url(page + 1)>"下一页"</a> })}
            </nav>
        })}
    }
}

#[component]
fn HitItem(hit: PolicyHit, show_verdict: bool) -> impl IntoView {
    let tel = format!("tel:{}", hit.interpreter.phone);
    // Matching versions folded under this hit: they count in the total.
    let folded = hit.earlier.iter().filter(|e| e.matched).count().to_string();
    view! {
        <li class="hit" data-folded=folded>
            <h3><a class="hit-title" href=policy_href(&hit.code)>{hit.title}</a></h3>
            <p class="hit-meta">
                <span class="tag tag-kind">"政策"</span>
                <span class="tag">{hit.category}</span>
                <span class="tag">{hit.support_type}</span>
                {(hit.delivery == crate::policies::vocab::DELIVERY_AUTOMATIC).then(|| view! { <span class="tag tag-auto">"免申即享"</span> })}
                <InForceBadge in_force=hit.in_force/>
                <a class="doc-ref" href=document_href(&hit.document.number)>{hit.document.number.clone()}</a>
            </p>
            <p class="snippet">
                {hit.snippet.into_iter().map(|part| {
                    if part.hit {
                        view! { <mark>{part.text}</mark> }.into_any()
                    } else {
                        part.text.into_any()
                    }
                }).collect_view()}
            </p>
            <dl class="hit-units">
                <div><dt>"发布单位"</dt><dd><a href=unit_href(&hit.issuing_unit)>{hit.issuing_unit.clone()}</a></dd></div>
                <div><dt>"执行单位"</dt><dd><a href=unit_href(&hit.executing_unit)>{hit.executing_unit.clone()}</a></dd></div>
                <div><dt>"政策解读人"</dt><dd>{hit.interpreter.name}" "<a href=tel>{hit.interpreter.phone}</a></dd></div>
            </dl>
            {show_verdict.then(|| view! { <VerdictBadge verdict=hit.verdict/> })}
            {(!hit.earlier.is_empty()).then(|| view! { <EarlierVersions versions=hit.earlier/> })}
        </li>
    }
}

/// The other versions folded under a hit: a count, and a link to each.
#[component]
fn EarlierVersions(versions: Vec<EarlierVersion>) -> impl IntoView {
    view! {
        <details class="earlier">
            <summary>{format!("其他版本 {} 个", versions.len())}</summary>
            <ul>
                {versions.into_iter().map(|v| view! {
                    <li>
                        <a href=policy_href(&v.code)>{v.document.number.clone()}</a>
                        " "{v.document.title}" · "{v.valid_from}" 起"
                        {(!v.in_force).then(|| view! { " " <span class="tag tag-expired">"已失效"</span> })}
                    </li>
                }).collect_view()}
            </ul>
        </details>
    }
}
