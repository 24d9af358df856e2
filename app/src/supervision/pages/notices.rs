//! `/notices`: public naming (公开通报曝光) — the register's public entries of that
//! measure, with its Atom feed. Nothing about any reporter is ever shown.

use leptos::prelude::*;
use leptos_meta::{Link, Title};

use crate::components::{ErrorBox, Loading};
use crate::error::error_message;
use crate::lang::{td_string, use_locale, Locale, DATA_LANG};
use crate::supervision::api::get_notices;

pub const FEED_PATH: &str = "/notices.atom";

#[component]
pub fn NoticesPage() -> impl IntoView {
    let l = use_locale();
    let notices = Resource::new(|| (), |_| get_notices());
    view! {
        <Title text=td_string!(l, supervision.notices_title)/>
        <Link rel="alternate" type_="application/atom+xml" href=FEED_PATH title=td_string!(l, supervision.notices_feed_title)/>
        <div class="wrap">
            <h1 class="page-title">{td_string!(l, supervision.notices_title)}</h1>
            <p class="lead">
                {td_string!(l, supervision.notices_lead)}
                {(l == Locale::en).then_some(" ")}
                <a href=FEED_PATH>{td_string!(l, supervision.notices_feed_link)}</a>
                {(l == Locale::zh_CN).then(|| view! { <span lang="en" class="en">{td_string!(Locale::en, supervision.notices_lead)}</span> })}
            </p>
            <Suspense fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    match notices.await {
                        Err(e) => view! { <ErrorBox message=error_message(&e)/> }.into_any(),
                        Ok(list) if list.is_empty() => view! { <p id="no-notices">{td_string!(l, supervision.no_notices)}</p> }.into_any(),
                        Ok(list) => view! {
                            <ol class="notices" id="notices">
                                {list.into_iter().map(|n| view! {
                                    <li id=format!("notice-{}", n.id)>
                                        <article>
                                            <h2 lang=DATA_LANG>{format!("{}{}", n.unit, if n.post.is_empty() { String::new() } else { format!(" · {}", n.post) })}</h2>
                                            <p class="meta"><time datetime=n.date.clone()>{n.date.clone()}</time></p>
                                            <p><strong>{td_string!(l, supervision.facts_prefix)}</strong><span lang=DATA_LANG>{n.facts}</span></p>
                                            <p><strong>{td_string!(l, supervision.outcome_prefix)}</strong><span lang=DATA_LANG>{n.outcome}</span></p>
                                        </article>
                                    </li>
                                }).collect_view()}
                            </ol>
                        }.into_any(),
                    }
                })}
            </Suspense>
        </div>
    }
}
