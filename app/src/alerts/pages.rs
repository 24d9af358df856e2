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
use crate::policies::components::ProfileFields;
use crate::policies::query::SearchParams;
use crate::url::parse_pairs;

#[component]
pub fn AlertsPage() -> impl IntoView {
    let raw = use_location().search;
    // A link from the search page brings its query and profile along.
    let params = Memo::new(move |_| SearchParams::from_query(&raw.get()).unwrap_or_default());
    view! {
        <Title text="政策提醒"/>
        <div class="wrap narrow">
            <h1 class="page-title">"订阅政策提醒"</h1>
            <p class="lead">
                "有新的或变更的惠企政策适用于贵企业、或包含您关心的关键词时，我们会发邮件提醒您。"
                <span lang="en" class="en">"Get an e-mail when a policy that applies to your company, or matches your words, is added or changed."</span>
            </p>
            <Notices/>
            {move || {
                let p = params.get();
                view! {
                    <form method="post" action=SUBSCRIBE_PATH class="alert-form profile-panel" id="alert-form">
                        <label for="a-email">"电子邮箱（必填）" <span lang="en">"E-mail"</span></label>
                        <input id="a-email" name="email" type="email" required=true autocomplete="email" maxlength="254"/>
                        <label for="a-q">"关键词（可选，多个词用空格分开）"</label>
                        <input id="a-q" name="q" type="text" value=p.q.clone() maxlength=MAX_QUERY_CHARS.to_string() placeholder="如：研发 补助"/>
                        <fieldset>
                            <legend>"企业画像（可选）：只提醒适用于贵企业的政策"</legend>
                            <ProfileFields profile=p.profile.clone()/>
                        </fieldset>
                        <fieldset>
                            <legend>"提醒方式"</legend>
                            <div class="check"><input type="radio" id="a-now" name="frequency" value="now" checked=true/><label for="a-now">"有变化即提醒"</label></div>
                            <div class="check"><input type="radio" id="a-daily" name="frequency" value="daily"/><label for="a-daily">"每日汇总（每天最多一封）"</label></div>
                        </fieldset>
                        <p class="hint">"提交后我们会先发一封确认邮件；点击其中的链接确认后才会开始提醒。每封邮件都可一键退订。邮箱只用于发送提醒，加密保存。"</p>
                        <button type="submit">"订阅"</button>
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
    let raw = use_location().search;
    let found = Resource::new(move || token_of(&raw.get()), get_subscription);
    view! {
        <Title text="管理政策提醒"/>
        <div class="wrap narrow">
            <h1 class="page-title">"管理政策提醒"</h1>
            <Notices/>
            <Suspense fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    let token = token_of(&raw.get_untracked());
                    match found.await {
                        Err(e) => view! { <ErrorBox message=error_message(&e)/> }.into_any(),
                        Ok(None) => view! {
                            <div class="error-box" role="alert" id="unknown-link">
                                "链接无效或已过期。/ This link is not valid."
                            </div>
                            <p><a href=SUBSCRIBE_PATH>"重新订阅"</a></p>
                        }.into_any(),
                        Ok(Some(s)) => view! { <Subscription s=s token=token/> }.into_any(),
                    }
                })}
            </Suspense>
        </div>
    }
}

#[component]
fn Subscription(s: SubscriptionView, token: String) -> impl IntoView {
    let mut what = Vec::new();
    if !s.query.is_empty() {
        what.push(format!("关键词：{}", s.query));
    }
    let p = &s.profile;
    what.extend(p.industry.iter().map(|v| format!("行业：{v}")));
    what.extend(p.size.iter().map(|v| format!("规模：{v}")));
    what.extend(p.region.iter().map(|v| format!("镇街：{v}")));
    what.extend(p.qualifications.iter().map(|v| format!("资质：{v}")));
    what.extend(p.founded.iter().map(|y| format!("成立于{y}年")));
    if what.is_empty() {
        what.push("全部新增和变更的政策".to_string());
    }
    let (state, action) = match s.state {
        SubscriptionState::Pending => ("尚未确认：确认后才会收到提醒。", Some((CONFIRM_PATH, "确认订阅"))),
        SubscriptionState::Live => ("已生效。", Some((UNSUBSCRIBE_PATH, "退订"))),
        SubscriptionState::Ended => ("已退订，不会再收到提醒。", None),
    };
    view! {
        <section id="subscription">
            <p id="subscription-state"><strong>{state}</strong></p>
            <ul class="chips">{what.into_iter().map(|w| view! { <li class="chip">{w}</li> }).collect_view()}</ul>
            <p>{if s.digest { "提醒方式：每日汇总" } else { "提醒方式：有变化即提醒" }}</p>
            {action.map(|(path, label)| view! {
                <form method="post" action=path>
                    <input type="hidden" name="token" value=token.clone()/>
                    <button type="submit" id="subscription-action">{label}</button>
                </form>
            })}
        </section>
    }
}
