//! Pieces of the policy pages: links, the search box, badges and the brief list.

use leptos::prelude::*;
use leptos_router::components::Form;

use super::applicability::SHORT_LIST;
use super::model::{Check, Field, Outcome, PolicyBrief, Profile, Verdict};
use super::vocab::{INDUSTRIES, NO_QUALIFICATION, QUALIFICATIONS, REGIONS, SIZES};
use crate::i18n::td;
use crate::lang::{localize, td_string, use_locale, Locale, DATA_LANG};
use crate::url::percent_encode;

/// The Atom feed of new and changed policies.
pub const FEED_PATH: &str = "/policies.atom";

// The link helpers give the Chinese path (the feed and the mails use them as is):
// public pages pass it through `localize`.
pub fn policy_href(code: &str) -> String {
    format!("/policy/{}", percent_encode(code))
}

pub fn document_href(number: &str) -> String {
    format!("/document/{}", percent_encode(number))
}

pub fn unit_href(name: &str) -> String {
    format!("/unit/{}", percent_encode(name))
}

/// Items of the data (industries, townships…) marked Chinese, between the page's own
/// separators.
pub fn data_list(items: &[String], sep: &'static str) -> impl IntoView {
    items
        .iter()
        .enumerate()
        .map(|(i, item)| view! { {(i > 0).then_some(sep)}<span lang=DATA_LANG>{item.clone()}</span> })
        .collect_view()
}

/// One item of the data marked Chinese, as a value `td!` puts into a text.
pub fn data_value(text: String) -> impl Fn() -> AnyView + Clone + Send + Sync + 'static {
    move || view! { <span lang=DATA_LANG>{text.clone()}</span> }.into_any()
}

#[component]
pub fn SearchForm(#[prop(into)] q: String, #[prop(optional)] hidden: Vec<(&'static str, String)>) -> impl IntoView {
    let l = use_locale();
    view! {
        <Form method="GET" action=localize(l, "/search") {..} id="search-form" class="search-form" role="search">
            <label for="q" class="search-label">{td_string!(l, policies.search_label)}</label>
            <div class="search-row">
                <input
                    id="q"
                    name="q"
                    type="search"
                    value=q
                    maxlength="200"
                    placeholder=td_string!(l, policies.search_placeholder)
                    autocomplete="off"
                />
                {hidden
                    .into_iter()
                    .map(|(name, value)| view! { <input type="hidden" name=name value=value/> })
                    .collect_view()}
                <button type="submit">{td_string!(l, policies.search_button)}</button>
            </div>
        </Form>
    }
}

#[component]
pub fn InForceBadge(in_force: bool) -> impl IntoView {
    let l = use_locale();
    if in_force {
        view! { <span class="tag tag-ok">{td_string!(l, policies.in_force)}</span> }.into_any()
    } else {
        view! { <span class="tag tag-expired">{td_string!(l, policies.expired)}</span> }.into_any()
    }
}

/// The tag of a policy granted without application (免申即享).
#[component]
pub fn AutomaticTag() -> impl IntoView {
    view! { <span class="tag tag-auto">{td_string!(use_locale(), policies.automatic_tag)}</span> }
}

#[component]
pub fn VerdictBadge(verdict: Verdict) -> impl IntoView {
    let l = use_locale();
    let (class, text) = match verdict.applicable {
        Some(true) => ("badge badge-applicable", td_string!(l, policies.verdict_applicable)),
        Some(false) => ("badge badge-not-applicable", td_string!(l, policies.verdict_not_applicable)),
        None => ("badge badge-unknown", td_string!(l, policies.verdict_unknown)),
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
                                {reason_view(l, r.outcome, r.check)}
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        </div>
    }
}

/// A reason in the page's language, the data in it marked Chinese (the Chinese words
/// are those of `Reason::text`).
fn reason_view(l: Locale, outcome: Outcome, check: Check) -> AnyView {
    let sep = td_string!(l, policies.list_sep);
    let list = move |items: Vec<String>| move || data_list(&items, sep);
    let short = move |items: Vec<String>, field: Field| {
        move || match field {
            _ if items.len() <= SHORT_LIST => data_list(&items, sep).into_any(),
            Field::Region => td!(l, policies.reason_regions_many, first = data_value(items[0].clone()), count = items.len()).into_any(),
            _ => td!(l, policies.reason_industries_many, first = data_value(items[0].clone()), count = items.len()).into_any(),
        }
    };
    let given = |v: Option<String>| data_value(v.unwrap_or_default());
    match check {
        Check::Expired => td_string!(l, policies.reason_expired).into_any(),
        Check::Unrestricted => td_string!(l, policies.reason_unrestricted).into_any(),
        Check::OneOf { field: Field::Size, allowed, given: value } => match outcome {
            Outcome::Unknown => td!(l, policies.reason_size_unknown, list = list(allowed)).into_any(),
            Outcome::Met => td!(l, policies.reason_size_met, value = given(value)).into_any(),
            Outcome::NotMet => td!(l, policies.reason_size_not_met, list = list(allowed), value = given(value)).into_any(),
        },
        Check::OneOf { field: Field::Industry, allowed, given: value } => {
            let list = short(allowed, Field::Industry);
            match outcome {
                Outcome::Unknown => td!(l, policies.reason_industry_unknown, list = list).into_any(),
                Outcome::Met => td!(l, policies.reason_industry_met, value = given(value)).into_any(),
                Outcome::NotMet => td!(l, policies.reason_industry_not_met, list = list, value = given(value)).into_any(),
            }
        }
        Check::OneOf { field: Field::Region, allowed, given: value } => {
            let list = short(allowed, Field::Region);
            match outcome {
                Outcome::Unknown => td!(l, policies.reason_region_unknown, list = list).into_any(),
                Outcome::Met => td!(l, policies.reason_region_met, value = given(value)).into_any(),
                Outcome::NotMet => td!(l, policies.reason_region_not_met, list = list, value = given(value)).into_any(),
            }
        }
        Check::Qualification { wanted, held } => {
            let or = td_string!(l, policies.or_sep);
            let one = wanted.len() == 1;
            let list = move || data_list(&wanted, or);
            let needed = move || {
                if one {
                    td!(l, policies.reason_qualification_one, list = list.clone()).into_any()
                } else {
                    td!(l, policies.reason_qualification_any, list = list.clone()).into_any()
                }
            };
            match outcome {
                Outcome::Met => td!(l, policies.reason_qualification_met, value = given(held)).into_any(),
                Outcome::NotMet => needed().into_any(),
                Outcome::Unknown => view! { {needed()}{td_string!(l, policies.reason_qualifications_not_given)} }.into_any(),
            }
        }
        Check::FoundedWithin { years, age } => match (outcome, age) {
            (Outcome::Met, Some(age)) => td_string!(l, policies.reason_within_met, age = age, years = years).into_any(),
            (Outcome::NotMet, Some(age)) => td_string!(l, policies.reason_within_not_met, age = age, years = years).into_any(),
            _ => (td_string!(l, policies.reason_within, years = years) + td_string!(l, policies.reason_founded_not_given)).into_any(),
        },
        Check::FoundedAtLeast { years, age } => match (outcome, age) {
            (Outcome::Met, Some(age)) => td_string!(l, policies.reason_at_least_met, age = age, years = years).into_any(),
            (Outcome::NotMet, Some(age)) => td_string!(l, policies.reason_at_least_not_met, age = age, years = years).into_any(),
            _ => (td_string!(l, policies.reason_at_least, years = years) + td_string!(l, policies.reason_founded_not_given)).into_any(),
        },
    }
}

#[component]
pub fn PolicyBriefList(items: Vec<PolicyBrief>) -> impl IntoView {
    let l = use_locale();
    view! {
        <ul class="brief-list">
            {items
                .into_iter()
                .map(|p| {
                    view! {
                        <li>
                            <a href=localize(l, &policy_href(&p.code)) lang=DATA_LANG>{p.title}</a>
                            <span class="meta">
                                <span class="tag" lang=DATA_LANG>{p.category}</span>
                                {(p.delivery == super::vocab::DELIVERY_AUTOMATIC).then(|| view! { <AutomaticTag/> })}
                                {(!p.in_force).then(|| view! { <InForceBadge in_force=false/> })}
                                <span class="unit" lang=DATA_LANG>{p.executing_unit}</span>
                            </span>
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
}

/// The enterprise profile's fields (industry, size, township, qualifications, founding
/// year) as form controls: the search page's profile panel and the alerts form. The
/// choices are the list's own words, so they stay Chinese.
#[component]
pub fn ProfileFields(profile: Profile) -> impl IntoView {
    let l = use_locale();
    let selected = |current: &Option<String>, value: &str| current.as_deref() == Some(value);
    let not_given = td_string!(l, policies.profile_not_given);
    view! {
        <label for="p-industry">{td_string!(l, policies.profile_industry)}</label>
        <select id="p-industry" name="industry">
            <option value="">{not_given}</option>
            {INDUSTRIES.iter().map(|v| view! { <option value=*v lang=DATA_LANG selected=selected(&profile.industry, v)>{*v}</option> }).collect_view()}
        </select>
        <label for="p-size">{td_string!(l, policies.profile_size)}</label>
        <select id="p-size" name="size">
            <option value="">{not_given}</option>
            {SIZES.iter().map(|v| view! { <option value=*v lang=DATA_LANG selected=selected(&profile.size, v)>{*v}</option> }).collect_view()}
        </select>
        <label for="p-region">{td_string!(l, policies.profile_region)}</label>
        <select id="p-region" name="region">
            <option value="">{not_given}</option>
            {REGIONS.iter().map(|v| view! { <option value=*v lang=DATA_LANG selected=selected(&profile.region, v)>{*v}</option> }).collect_view()}
        </select>
        <fieldset>
            <legend>{td_string!(l, policies.profile_qualifications)}</legend>
            {QUALIFICATIONS.iter().chain(std::iter::once(&NO_QUALIFICATION)).enumerate().map(|(i, v)| {
                let id = format!("p-qual-{i}");
                let none = *v == NO_QUALIFICATION;
                let label = if none { td_string!(l, policies.profile_no_qualification) } else { *v };
                view! {
                    <div class="check">
                        <input type="checkbox" id=id.clone() name="qualification" value=*v checked=profile.qualifications.iter().any(|q| q == v)/>
                        <label for=id lang=(!none).then_some(DATA_LANG)>{label}</label>
                    </div>
                }
            }).collect_view()}
        </fieldset>
        <label for="p-founded">{td_string!(l, policies.profile_founded)}</label>
        <input id="p-founded" name="founded" type="number" inputmode="numeric" min="1900" max="2100"
            placeholder=td_string!(l, policies.profile_founded_placeholder) value=profile.founded.map(|y| y.to_string()).unwrap_or_default()/>
    }
}
