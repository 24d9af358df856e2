use leptos::prelude::*;
use leptos_meta::Title;

use crate::policies::api::get_home;
use crate::error::error_message;
use crate::components::{ErrorBox, Loading};
use crate::i18n::td;
use crate::lang::{localize, td_string, use_locale, Locale, DATA_LANG};
use crate::policies::components::{PolicyBriefList, SearchForm};
use crate::url::{build_url, percent_encode};

#[component]
pub fn HomePage() -> impl IntoView {
    let l = use_locale();
    let home = Resource::new(|| (), |_| get_home());
    let services = Resource::new(|| (), |_| crate::services::api::get_service_count());
    let tasks = Resource::new(|| (), |_| crate::tasks::api::search_tasks("limit=1".to_string()));
    let checklist = Resource::new(|| (), |_| crate::supervision::api::get_checklist());
    view! {
        <Title text=""/>
        <section class="hero">
            <div class="wrap">
                <h1>{td_string!(l, policies.home_title)}</h1>
                <p class="lead">
                    {td_string!(l, policies.home_lead)}
                    {(l == Locale::zh_CN).then(|| view! { <span lang="en" class="en">{td_string!(Locale::en, policies.home_lead)}</span> })}
                </p>
                <SearchForm q=""/>
            </div>
        </section>
        <div class="wrap">
            <Suspense fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    match home.await {
                        Err(e) => view! { <ErrorBox message=error_message(&e)/> }.into_any(),
                        Ok(data) => view! {
                            <section id="lists" aria-labelledby="lists-h">
                                <h2 id="lists-h">{td_string!(l, policies.home_lists)}</h2>
                                <ul class="list-cards">
                                    <li><a href=localize(l, "/search")><span class="cat-name">{td_string!(l, policies.home_card_policies)}</span>
                                        <span class="cat-count" id="card-policies">{td_string!(l, policies.home_card_policies_count, count = data.policy_count)}</span></a></li>
                                    <li><a href=localize(l, "/services")><span class="cat-name">{td_string!(l, policies.home_card_services)}</span>
                                        <span class="cat-count" id="card-services">{services.await.map(|n| td_string!(l, policies.home_card_services_count, count = n)).unwrap_or_default()}</span></a></li>
                                    <li><a href=localize(l, "/tasks")><span class="cat-name">{td_string!(l, policies.home_card_tasks)}</span>
                                        <span class="cat-count" id="card-tasks">{tasks.await.map(|r| td_string!(l, policies.home_card_tasks_count, count = r.total)).unwrap_or_default()}</span></a></li>
                                    <li><a href=localize(l, "/supervision")><span class="cat-name">{td_string!(l, policies.home_card_supervision)}</span>
                                        <span class="cat-count" id="card-supervision">{checklist.await.map(|c| td_string!(l, policies.home_card_supervision_count, count = c.areas.iter().map(|a| a.questions.len()).sum::<usize>())).unwrap_or_default()}</span></a></li>
                                    <li><a href=localize(l, "/supervision#measures")><span class="cat-name">{td_string!(l, policies.home_card_measures)}</span>
                                        <span class="cat-count" id="card-measures">{td_string!(l, policies.home_card_measures_count, count = crate::supervision::model::MEASURES.len())}</span></a></li>
                                </ul>
                            </section>
                            <p class="stats">
                                {td!(l, policies.home_stats,
                                    documents = move || view! { <strong>{data.document_count}</strong> },
                                    items = move || view! { <strong>{data.policy_count}</strong> },
                                    units = move || view! { <strong>{data.unit_count}</strong> })}
                            </p>
                            <section id="categories" aria-labelledby="categories-h">
                                <h2 id="categories-h">{td_string!(l, policies.home_categories)}</h2>
                                <ul class="category-grid">
                                    {data.categories.into_iter().map(|c| {
                                        let href = localize(l, &build_url("/search", &[("category", c.value.clone())]));
                                        view! {
                                            <li><a href=href>
                                                <span class="cat-name" lang=DATA_LANG>{c.value}</span>
                                                <span class="cat-count">{td_string!(l, policies.home_category_count, count = c.count)}</span>
                                            </a></li>
                                        }
                                    }).collect_view()}
                                </ul>
                            </section>
                            <div class="two-col">
                                <section id="auto-benefits" aria-labelledby="auto-h">
                                    <h2 id="auto-h">{td_string!(l, policies.home_automatic)}</h2>
                                    <p class="hint">{td_string!(l, policies.home_automatic_hint)}</p>
                                    <PolicyBriefList items=data.automatic/>
                                    <a class="more" href=localize(l, &format!("/search?delivery={}", percent_encode(crate::policies::vocab::DELIVERY_AUTOMATIC)))>
                                        {td_string!(l, policies.home_automatic_all)}
                                    </a>
                                </section>
                                <section id="newest" aria-labelledby="newest-h">
                                    <h2 id="newest-h">{td_string!(l, policies.home_newest)}</h2>
                                    <PolicyBriefList items=data.newest/>
                                    <a class="more" href=localize(l, "/search")>{td_string!(l, policies.home_browse_all)}</a>
                                </section>
                            </div>
                        }.into_any(),
                    }
                })}
            </Suspense>
        </div>
    }
}
