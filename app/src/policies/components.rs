//! Pieces of the policy pages: links, the search box, badges and the brief list.

use leptos::prelude::*;
use leptos_router::components::Form;

use super::model::{Outcome, PolicyBrief, Profile, Verdict};
use super::vocab::{INDUSTRIES, NO_QUALIFICATION, QUALIFICATIONS, REGIONS, SIZES};
use crate::url::percent_encode;

/// The Atom feed of new and changed policies.
pub const FEED_PATH: &str = "/policies.atom";

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


/// The enterprise profile's fields (industry, size, township, qualifications, founding
/// year) as form controls: the search page's profile panel and the alerts form.
#[component]
pub fn ProfileFields(profile: Profile) -> impl IntoView {
    let selected = |current: &Option<String>, value: &str| current.as_deref() == Some(value);
    view! {
        <label for="p-industry">"所属行业"</label>
        <select id="p-industry" name="industry">
            <option value="">"未填写"</option>
            {INDUSTRIES.iter().map(|v| view! { <option value=*v selected=selected(&profile.industry, v)>{*v}</option> }).collect_view()}
        </select>
        <label for="p-size">"企业规模"</label>
        <select id="p-size" name="size">
            <option value="">"未填写"</option>
            {SIZES.iter().map(|v| view! { <option value=*v selected=selected(&profile.size, v)>{*v}</option> }).collect_view()}
        </select>
        <label for="p-region">"所在镇街"</label>
        <select id="p-region" name="region">
            <option value="">"未填写"</option>
            {REGIONS.iter().map(|v| view! { <option value=*v selected=selected(&profile.region, v)>{*v}</option> }).collect_view()}
        </select>
        <fieldset>
            <legend>"企业资质（可多选）"</legend>
            {QUALIFICATIONS.iter().chain(std::iter::once(&NO_QUALIFICATION)).enumerate().map(|(i, v)| {
                let id = format!("p-qual-{i}");
                let label = if *v == NO_QUALIFICATION { "无以上资质" } else { *v };
                view! {
                    <div class="check">
                        <input type="checkbox" id=id.clone() name="qualification" value=*v checked=profile.qualifications.iter().any(|q| q == v)/>
                        <label for=id>{label}</label>
                    </div>
                }
            }).collect_view()}
        </fieldset>
        <label for="p-founded">"成立年份"</label>
        <input id="p-founded" name="founded" type="number" inputmode="numeric" min="1900" max="2100"
            placeholder="如 2015" value=profile.founded.map(|y| y.to_string()).unwrap_or_default()/>
    }
}
