//! Pieces of the policy pages: links, the search box, badges and the brief list.

use leptos::prelude::*;
use leptos_router::components::Form;

use super::model::{Outcome, PolicyBrief, Verdict};
use crate::url::percent_encode;

pub fn policy_href(code: &str) -> String {
    format!("/policy/{}", percent_encode(code))
}

pub fn document_href(number: &str) -> String {
    format!("/document/{}", percent_encode(number))
}

pub fn unit_href(name: &str) -> String {
    format!("/unit/{}", percent_encode(name))
}

#[component]
pub fn SearchForm(#[prop(into)] q: String, #[prop(optional)] hidden: Vec<(&'static str, String)>) -> impl IntoView {
    view! {
        <Form method="GET" action="/search" {..} id="search-form" class="search-form" role="search">
            <label for="q" class="search-label">"搜索政策和办事服务"</label>
            <div class="search-row">
                <input
                    id="q"
                    name="q"
                    type="search"
                    value=q
                    maxlength="200"
                    placeholder="如：研发补贴、贷款贴息、出生医学证明"
                    autocomplete="off"
                />
                {hidden
                    .into_iter()
                    .map(|(name, value)| view! { <input type="hidden" name=name value=value/> })
                    .collect_view()}
                <button type="submit">"搜索"</button>
            </div>
        </Form>
    }
}

#[component]
pub fn InForceBadge(in_force: bool) -> impl IntoView {
    if in_force {
        view! { <span class="tag tag-ok">"有效"</span> }.into_any()
    } else {
        view! { <span class="tag tag-expired">"已失效"</span> }.into_any()
    }
}

#[component]
pub fn VerdictBadge(verdict: Verdict) -> impl IntoView {
    let (class, text) = match verdict.applicable {
        Some(true) => ("badge badge-applicable", "适用"),
        Some(false) => ("badge badge-not-applicable", "不适用"),
        None => ("badge badge-unknown", "待确认"),
    };
    view! {
        <div class="verdict">
            <span class=class>{text}</span>
            <ul class="reasons">
                {verdict
                    .reasons
                    .into_iter()
                    .map(|r| {
                        let (cls, mark) = match r.outcome {
                            Outcome::Met => ("reason-met", "✓"),
                            Outcome::NotMet => ("reason-not-met", "✗"),
                            Outcome::Unknown => ("reason-unknown", "?"),
                        };
                        view! {
                            <li class=cls>
                                <span aria-hidden="true">{mark}" "</span>
                                {r.text}
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        </div>
    }
}

#[component]
pub fn PolicyBriefList(items: Vec<PolicyBrief>) -> impl IntoView {
    view! {
        <ul class="brief-list">
            {items
                .into_iter()
                .map(|p| {
                    view! {
                        <li>
                            <a href=policy_href(&p.code)>{p.title}</a>
                            <span class="meta">
                                <span class="tag">{p.category}</span>
                                {(p.delivery == super::vocab::DELIVERY_AUTOMATIC)
                                    .then(|| view! { <span class="tag tag-auto">"免申即享"</span> })}
                                {(!p.in_force).then(|| view! { <span class="tag tag-expired">"已失效"</span> })}
                                <span class="unit">{p.executing_unit}</span>
                            </span>
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
}

