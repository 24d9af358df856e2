//! Pieces of the service pages: links, the search box, badges and the list of hits.

use leptos::prelude::*;
use leptos_router::components::Form;

use super::model::{days_label_in, depth_label_in, ServiceHit, FULLY_ONLINE, LEVEL_TOWNSHIP};
use crate::lang::{localize, td_string, use_locale, DATA_LANG};
use crate::policies::components::unit_href;
use crate::url::percent_encode;

/// The Atom feed of new and changed services.
pub const FEED_PATH: &str = "/services.atom";

// The link helpers give the Chinese path (the feed and staff pages use them as is):
// public pages pass it through `localize`.
pub fn service_href(code: &str) -> String {
    format!("/service/{}", percent_encode(code))
}

pub fn bundle_href(code: &str) -> String {
    format!("/bundle/{}", percent_encode(code))
}

/// A phone number as a `tel:` link target.
pub fn tel_href(phone: &str) -> String {
    format!("tel:{}", phone.replace([' ', '-'], ""))
}

#[component]
pub fn ServiceSearchForm(#[prop(into)] q: String) -> impl IntoView {
    let l = use_locale();
    view! {
        <Form method="GET" action=localize(l, "/services") {..} id="service-search-form" class="search-form" role="search">
            <label for="sq" class="search-label">{td_string!(l, services.search_label)}</label>
            <div class="search-row">
                <input id="sq" name="q" type="search" value=q maxlength="200"
                    placeholder=td_string!(l, services.search_placeholder) autocomplete="off"/>
                <button type="submit">{td_string!(l, services.search_button)}</button>
            </div>
        </Form>
    }
}

/// The badges a resident scans for: 全程网办, 零跑动, 即办, 掌上办, 镇街办理, target met.
#[component]
pub fn ServiceBadges(hit: ServiceHit) -> impl IntoView {
    let l = use_locale();
    view! {
        <span class="tag" lang=DATA_LANG>{hit.category.clone()}</span>
        {(hit.online_depth == FULLY_ONLINE).then(|| view! { <span class="tag tag-ok">{td_string!(l, services.depth_full)}</span> })}
        {(hit.visits == 0).then(|| view! { <span class="tag tag-ok">{td_string!(l, services.zero_visits)}</span> })}
        {(hit.committed_days == 0).then(|| view! { <span class="tag tag-auto">{td_string!(l, services.days_instant)}</span> })}
        {hit.mobile.then(|| view! { <span class="tag">{td_string!(l, services.mobile)}</span> })}
        {(hit.level == LEVEL_TOWNSHIP).then(|| view! { <span class="tag">{td_string!(l, services.badge_township)}</span> })}
        {if hit.target_met {
            view! { <span class="tag tag-ok">{td_string!(l, services.badge_target_met)}</span> }.into_any()
        } else {
            view! { <span class="tag tag-warn">{td_string!(l, services.badge_target_missed)}</span> }.into_any()
        }}
    }
}

#[component]
pub fn ServiceHitList(hits: Vec<ServiceHit>) -> impl IntoView {
    let l = use_locale();
    view! {
        <ol class="service-hits">
            {hits.into_iter().map(move |hit| {
                let snippet = hit.snippet.clone();
                view! {
                    <li class="hit service-hit">
                        <h3><a class="hit-title" href=localize(l, &service_href(&hit.code)) lang=DATA_LANG>{hit.name.clone()}</a></h3>
                        <p class="hit-meta"><ServiceBadges hit=hit.clone()/></p>
                        {(!snippet.is_empty()).then(|| view! {
                            <p class="snippet" lang=DATA_LANG>{snippet.into_iter().map(|part| if part.hit {
                                view! { <mark>{part.text}</mark> }.into_any()
                            } else {
                                part.text.into_any()
                            }).collect_view()}</p>
                        })}
                        <p class="hit-units">
                            <a href=localize(l, &unit_href(&hit.unit)) lang=DATA_LANG>{hit.unit.clone()}</a>
                            {td_string!(l, services.hit_meta, days = days_label_in(hit.committed_days, l), visits = hit.visits, depth = depth_label_in(&hit.online_depth, l))}
                        </p>
                    </li>
                }
            }).collect_view()}
        </ol>
    }
}
