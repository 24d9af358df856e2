//! `/alerts`: subscribe to policy alerts (an address, an optional query and profile, at
//! once or as a daily digest); `/alerts/manage?token=…`: the link every alert mail carries —
//! confirm, see what is subscribed, unsubscribe. Plain forms: no JavaScript needed.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_location;

use super::api::get_subscription;
use super::model::{SubscriptionState, SubscriptionView, CONFIRM_PATH, MAX_QUERY_CHARS, SUBSCRIBE_PATH, UNSUBSCRIBE_PATH};
use crate::components::{ErrorBox, Loading, Notices};
use crate::error::error_message;
use crate::lang::{localize, td_string, use_locale, Locale, DATA_LANG};
use crate::policies::components::ProfileFields;
use crate::policies::query::SearchParams;
use crate::policies::vocab::NO_QUALIFICATION;
use crate::url::parse_pairs;

#[component]
pub fn AlertsPage() -> impl IntoView {
    let l = use_locale();
    let raw = use_location().search;
    // A link from the search page brings its query and profile along.
    let params = Memo::new(move |_| SearchParams::from_query(&raw.get()).unwrap_or_default());
    view! {
        <Title text=td_string!(l, alerts.title)/>
        <div class="wrap narrow">
            <h1 class="page-title">{td_string!(l, alerts.heading)}</h1>
            <p class="lead">
                {td_string!(l, alerts.lead)}
                {(l == Locale::zh_CN).then(|| view! { <span lang="en" class="en">{td_string!(Locale::en, alerts.lead)}</span> })}
            </p>
            <Notices/>
            {move || {
                let p = params.get();
                view! {
                    <form method="post" action=SUBSCRIBE_PATH class="alert-form profile-panel" id="alert-form">
                        <label for="a-email">
                            {td_string!(l, alerts.email_label)}
                            {(l == Locale::zh_CN).then(|| view! { <span lang="en">{td_string!(Locale::en, alerts.email_label)}</span> })}
                        </label>
                        <input id="a-email" name="email" type="email" required=true autocomplete="email" maxlength="254"/>
                        <label for="a-q">{td_string!(l, alerts.query_label)}</label>
                        <input id="a-q" name="q" type="text" value=p.q.clone() maxlength=MAX_QUERY_CHARS.to_string() placeholder=td_string!(l, alerts.query_placeholder)/>
                        <fieldset>
                            <legend>{td_string!(l, alerts.profile_legend)}</legend>
                            <ProfileFields profile=p.profile.clone()/>
                        </fieldset>
                        <fieldset>
                            <legend>{td_string!(l, alerts.frequency_legend)}</legend>
                            <div class="check"><input type="radio" id="a-now" name="frequency" value="now" checked=true/><label for="a-now">{td_string!(l, alerts.frequency_now)}</label></div>
                            <div class="check"><input type="radio" id="a-daily" name="frequency" value="daily"/><label for="a-daily">{td_string!(l, alerts.frequency_daily)}</label></div>
                        </fieldset>
                        <p class="hint">{td_string!(l, alerts.hint)}</p>
                        <button type="submit">{td_string!(l, alerts.subscribe)}</button>
                    </form>
                }
            }}
        </div>
    }
}

fn token_of(raw: &str) -> String {
    parse_pairs(raw).unwrap_or_default().into_iter().find(|(k, _)| k == "token").map(|(_, v)| v).unwrap_or_default()
}

#[component]
pub fn ManageAlertPage() -> impl IntoView {
    let l = use_locale();
    let raw = use_location().search;
    let found = Resource::new(move || token_of(&raw.get()), get_subscription);
    view! {
        <Title text=td_string!(l, alerts.manage_title)/>
        <div class="wrap narrow">
            <h1 class="page-title">{td_string!(l, alerts.manage_title)}</h1>
            <Notices/>
            <Suspense fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    let token = token_of(&raw.get_untracked());
                    match found.await {
                        Err(e) => view! { <ErrorBox message=error_message(&e)/> }.into_any(),
                        Ok(None) => view! {
                            <div class="error-box" role="alert" id="unknown-link">
                                {td_string!(l, alerts.unknown_link)}
                            </div>
                            <p><a href=localize(l, SUBSCRIBE_PATH)>{td_string!(l, alerts.subscribe_again)}</a></p>
                        }.into_any(),
                        Ok(Some(s)) => view! { <Subscription l=l s=s token=token/> }.into_any(),
                    }
                })}
            </Suspense>
        </div>
    }
}

#[component]
fn Subscription(l: Locale, s: SubscriptionView, token: String) -> impl IntoView {
    // What the alert is about: a label, then the subscriber's words or profile (data).
    let data = |v: &String| view! { <span lang=DATA_LANG>{v.clone()}</span> }.into_any();
    let mut what: Vec<(&str, AnyView)> = Vec::new();
    if !s.query.is_empty() {
        what.push((td_string!(l, alerts.chip_query), data(&s.query)));
    }
    let p = &s.profile;
    what.extend(p.industry.iter().map(|v| (td_string!(l, alerts.chip_industry), data(v))));
    what.extend(p.size.iter().map(|v| (td_string!(l, alerts.chip_size), data(v))));
    what.extend(p.region.iter().map(|v| (td_string!(l, alerts.chip_region), data(v))));
    what.extend(p.qualifications.iter().map(|v| {
        let value = if v == NO_QUALIFICATION { td_string!(l, alerts.chip_no_qualification).into_any() } else { data(v) };
        (td_string!(l, alerts.chip_qualification), value)
    }));
    let founded = p.founded.map(|y| td_string!(l, alerts.chip_founded, year = y));
    let nothing = what.is_empty() && founded.is_none();
    let (state, action) = match s.state {
        SubscriptionState::Pending => (td_string!(l, alerts.state_pending), Some((CONFIRM_PATH, td_string!(l, alerts.confirm)))),
        SubscriptionState::Live => (td_string!(l, alerts.state_live), Some((UNSUBSCRIBE_PATH, td_string!(l, alerts.unsubscribe)))),
        SubscriptionState::Ended => (td_string!(l, alerts.state_ended), None),
    };
    view! {
        <section id="subscription">
            <p id="subscription-state"><strong>{state}</strong></p>
            <ul class="chips">
                {what.into_iter().map(|(label, value)| view! { <li class="chip">{label}{value}</li> }).collect_view()}
                {founded.map(|f| view! { <li class="chip">{f}</li> })}
                {nothing.then(|| view! { <li class="chip">{td_string!(l, alerts.chip_everything)}</li> })}
            </ul>
            <p>{if s.digest { td_string!(l, alerts.digest_daily) } else { td_string!(l, alerts.digest_now) }}</p>
            {action.map(|(path, label)| view! {
                <form method="post" action=path>
                    <input type="hidden" name="token" value=token.clone()/>
                    <button type="submit" id="subscription-action">{label}</button>
                </form>
            })}
        </section>
    }
}
