//! Pieces of the service pages: links, the search box, badges and the list of hits.

use leptos::prelude::*;
use leptos_router::components::Form;

use super::model::{days_label, ServiceHit, FULLY_ONLINE, LEVEL_TOWNSHIP};
use crate::policies::components::unit_href;
use crate::url::percent_encode;

/// The Atom feed of new and changed services.
pub const FEED_PATH: &str = "/services.atom";

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
    view! {
        <Form method="GET" action="/services" {..} id="service-search-form" class="search-form" role="search">
            <label for="sq" class="search-label">"搜索办事服务"</label>
            <div class="search-row">
                <input id="sq" name="q" type="search" value=q maxlength="200"
                    placeholder="如：出生医学证明、社保卡、公积金提取" autocomplete="off"/>
                <button type="submit">"搜索"</button>
            </div>
        </Form>
    }
}

/// The badges a resident scans for: 全程网办, 零跑动, 即办, 掌上办, 镇街办理, target met.
#[component]
pub fn ServiceBadges(hit: ServiceHit) -> impl IntoView {
    view! {
        <span class="tag">{hit.category.clone()}</span>
        {(hit.online_depth == FULLY_ONLINE).then(|| view! { <span class="tag tag-ok">"全程网办"</span> })}
        {(hit.visits == 0).then(|| view! { <span class="tag tag-ok">"零跑动"</span> })}
        {(hit.committed_days == 0).then(|| view! { <span class="tag tag-auto">"即办"</span> })}
        {hit.mobile.then(|| view! { <span class="tag">"掌上办"</span> })}
        {(hit.level == LEVEL_TOWNSHIP).then(|| view! { <span class="tag">"镇街办理"</span> })}
        {if hit.target_met {
            view! { <span class="tag tag-ok">"已达优化目标"</span> }.into_any()
        } else {
            view! { <span class="tag tag-warn">"未达优化目标"</span> }.into_any()
        }}
    }
}

#[component]
pub fn ServiceHitList(hits: Vec<ServiceHit>) -> impl IntoView {
    view! {
        <ol class="service-hits">
            {hits.into_iter().map(|hit| {
                let snippet = hit.snippet.clone();
                view! {
                    <li class="hit service-hit">
                        <h3><a class="hit-title" href=service_href(&hit.code)>{hit.name.clone()}</a></h3>
                        <p class="hit-meta"><ServiceBadges hit=hit.clone()/></p>
                        {(!snippet.is_empty()).then(|| view! {
                            <p class="snippet">{snippet.into_iter().map(|part| if part.hit {
                                view! { <mark>{part.text}</mark> }.into_any()
                            } else {
                                part.text.into_any()
                            }).collect_view()}</p>
                        })}
                        <p class="hit-units">
                            <a href=unit_href(&hit.unit)>{hit.unit.clone()}</a>
                            {format!(" · 承诺时限 {} · 跑动 {} 次 · {}", days_label(hit.committed_days), hit.visits, hit.online_depth)}
                        </p>
                    </li>
                }
            }).collect_view()}
        </ol>
    }
}
