//! `/notices`: public naming (公开通报曝光) — the register's public entries of that
//! measure, with its Atom feed. Nothing about any reporter is ever shown.

use leptos::prelude::*;
use leptos_meta::{Link, Title};

use crate::components::{ErrorBox, Loading};
use crate::error::error_message;
use crate::supervision::api::get_notices;

pub const FEED_PATH: &str = "/notices.atom";

#[component]
pub fn NoticesPage() -> impl IntoView {
    let notices = Resource::new(|| (), |_| get_notices());
    view! {
        <Title text="公开通报曝光"/>
        <Link rel="alternate" type_="application/atom+xml" href=FEED_PATH title="公开通报曝光（Atom）"/>
        <div class="wrap">
            <h1 class="page-title">"公开通报曝光"</h1>
            <p class="lead">
                "损害营商环境典型问题的通报。"
                <a href=FEED_PATH>"订阅（Atom）"</a>
                <span lang="en" class="en">"Public notices of cases harming the business environment."</span>
            </p>
            <Suspense fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    match notices.await {
                        Err(e) => view! { <ErrorBox message=error_message(&e)/> }.into_any(),
                        Ok(list) if list.is_empty() => view! { <p id="no-notices">"暂无通报。"</p> }.into_any(),
                        Ok(list) => view! {
                            <ol class="notices" id="notices">
                                {list.into_iter().map(|n| view! {
                                    <li id=format!("notice-{}", n.id)>
                                        <article>
                                            <h2>{format!("{}{}", n.unit, if n.post.is_empty() { String::new() } else { format!(" · {}", n.post) })}</h2>
                                            <p class="meta"><time datetime=n.date.clone()>{n.date.clone()}</time></p>
                                            <p><strong>"问题："</strong>{n.facts}</p>
                                            <p><strong>"处理："</strong>{n.outcome}</p>
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
