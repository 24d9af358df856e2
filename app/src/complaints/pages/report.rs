use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::error::error_message;
use crate::complaints::api::load_report_form;
use crate::complaints::model::{channel_label_in, kind_label_in, Kept, NewTip, CHANNELS, KINDS};
use crate::components::{ErrorBox, Loading, Notices};
use crate::lang::{island_locale, localize, td_string, use_locale, Locale, DATA_LANG};
use crate::policies::components::policy_href;

/// The tip form: a real multipart form that works without JavaScript. Errors come
/// back with everything typed kept (files excepted, which the browser cannot refill).
#[component]
pub fn ReportPage() -> impl IntoView {
    let l = use_locale();
    let query = use_query_map();
    let data = Resource::new(
        move || {
            let q = query.read();
            (
                q.get("policy").unwrap_or_default(),
                q.get("service").unwrap_or_default(),
                q.get("task").unwrap_or_default(),
                q.get("question").unwrap_or_default(),
                q.get("draft").unwrap_or_default(),
            )
        },
        |(policy, service, task, question, draft)| load_report_form(policy, service, task, question, draft),
    );
    view! {
        <Title text=td_string!(l, complaints.report_title)/>
        <div class="wrap narrow">
            <h1>{td_string!(l, complaints.report_heading)}</h1>
            <p class="lead">
                {td_string!(l, complaints.report_lead)}
                <a href="tel:86757678">"86757678"</a>{td_string!(l, complaints.report_lead_end)}
                {(l == Locale::zh_CN).then(|| view! { <span lang="en" class="en">{td_string!(Locale::en, complaints.report_lead_summary)}</span> })}
            </p>
            <section class="notice" aria-labelledby="guide-h">
                <h2 id="guide-h">{td_string!(l, complaints.guide_heading)}</h2>
                <ul>
                    <li>{td_string!(l, complaints.guide_specific)}</li>
                    <li>{td_string!(l, complaints.guide_policy)}</li>
                    <li>{td_string!(l, complaints.guide_evidence)}</li>
                </ul>
                <h2>{td_string!(l, complaints.protection_heading)}</h2>
                <p>{td_string!(l, complaints.protection_text)}</p>
                <p class="notice-warn">{td_string!(l, complaints.truthful_warning)}</p>
            </section>
            <Notices/>
            <Suspense fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Err(e) => view! { <ErrorBox message=error_message(&e)/> }.into_any(),
                        Ok(form) => view! {
                            {form.policy_title.clone().map(|t| view! {
                                <p class="notice">{td_string!(l, complaints.policy_notice)}
                                    <a href=localize(l, &policy_href(&form.draft.policy_code)) lang=DATA_LANG>{t}</a></p>
                            })}
                            {form.task_title.clone().map(|t| view! {
                                <p class="notice" id="task-notice">{td_string!(l, complaints.task_notice)}
                                    <span lang=DATA_LANG>{t}</span>{td_string!(l, complaints.task_notice_end)}</p>
                            })}
                            {form.question_text.clone().map(|t| view! {
                                <p class="notice" id="question-notice">{td_string!(l, complaints.question_notice, number = &form.draft.question)}
                                    <span lang=DATA_LANG>{t}</span></p>
                            })}
                            {form.service_title.clone().map(|t| view! {
                                <p class="notice" id="service-notice">{td_string!(l, complaints.service_notice)}
                                    <span lang=DATA_LANG>{t}</span>{td_string!(l, complaints.service_notice_end)}</p>
                            })}
                            <TipForm action="/report" units=form.units draft=form.draft kept=form.kept csrf=None/>
                        }.into_any(),
                    }
                })}
            </Suspense>
        </div>
    }
}

/// The fields of a tip, shared by the public form and the staff intake form.
#[component]
pub fn TipForm(
    action: &'static str,
    units: Vec<String>,
    draft: NewTip,
    #[prop(optional)] kept: Kept,
    csrf: Option<String>,
) -> impl IntoView {
    let l = use_locale();
    let staff = csrf.is_some();
    let kind = draft.kind.clone();
    // What the server prefilled from a service, task or question page is Chinese.
    let description_lang = draft.description.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)).then_some(DATA_LANG);
    view! {
        <form id="tip-form" class="tip-form" method="post" action=action enctype="multipart/form-data">
            {csrf.map(|t| view! { <input type="hidden" name="csrf" value=t/> })}
            {staff.then(|| view! {
                <fieldset>
                    <legend>{td_string!(l, complaints.channel_legend)}</legend>
                    {CHANNELS.iter().filter(|(k, _)| *k != "online").enumerate().map(|(i, (k, _))| view! {
                        <div class="check"><input type="radio" id=format!("ch-{k}") name="channel" value=*k checked=i == 0 required/>
                        <label for=format!("ch-{k}")>{channel_label_in(k, l)}</label></div>
                    }).collect_view()}
                </fieldset>
            })}
            <fieldset>
                <legend>{td_string!(l, complaints.kind_legend)}</legend>
                {KINDS.iter().map(|(k, _)| view! {
                    <div class="check">
                        <input type="radio" id=format!("kind-{k}") name="kind" value=*k checked=kind == *k required/>
                        <label for=format!("kind-{k}")>{kind_label_in(k, l)}</label>
                    </div>
                }).collect_view()}
            </fieldset>
            <label for="subject_unit">{td_string!(l, complaints.subject_unit)}</label>
            <input id="subject_unit" name="subject_unit" list="unit-list" maxlength="100" value=draft.subject_unit.clone()
                placeholder=td_string!(l, complaints.subject_unit_placeholder)/>
            <datalist id="unit-list">
                {units.into_iter().map(|u| view! { <option value=u/> }).collect_view()}
            </datalist>
            {(!draft.question.is_empty()).then(|| view! { <input type="hidden" name="question" value=draft.question.clone()/> })}
            {(!draft.task.is_empty()).then(|| view! { <input type="hidden" name="task" value=draft.task.clone()/> })}
            <label for="policy_code">{td_string!(l, complaints.policy_code)}</label>
            <input id="policy_code" name="policy_code" maxlength="64" value=draft.policy_code.clone()/>
            <label for="description">{td_string!(l, complaints.description)}</label>
            <textarea id="description" name="description" rows="8" minlength="10" maxlength="5000" required lang=description_lang>{draft.description.clone()}</textarea>
            <div class="two-inputs">
                <div>
                    <label for="occurred_when">{td_string!(l, complaints.occurred_when)}</label>
                    <input id="occurred_when" name="occurred_when" maxlength="200" value=draft.occurred_when.clone()
                        placeholder=td_string!(l, complaints.occurred_when_placeholder)/>
                </div>
                <div>
                    <label for="occurred_where">{td_string!(l, complaints.occurred_where)}</label>
                    <input id="occurred_where" name="occurred_where" maxlength="200" value=draft.occurred_where.clone()/>
                </div>
            </div>
            <label for="evidence">{td_string!(l, complaints.evidence)}</label>
            {(kept.files_dropped > 0).then(|| view! {
                <p class="notice notice-warn" id="files-again" role="status">
                    {td_string!(l, complaints.files_again, count = kept.files_dropped)}
                    {(l == Locale::zh_CN).then(|| view! { <span lang="en">" / "{td_string!(Locale::en, complaints.files_again_summary)}</span> })}
                </p>
            })}
            <input id="evidence" name="evidence" type="file" multiple
                accept=".png,.jpg,.jpeg,.gif,.webp,.pdf,.doc,.docx,.xls,.xlsx,.ppt,.pptx"/>
            <IdentityFields anonymous=kept.anonymous name=draft.name.clone() phone=draft.phone.clone()
                email=draft.email.clone() company=draft.company.clone()/>
            {(!staff).then(|| view! {
                <p class="notice notice-warn">
                    {td_string!(l, complaints.receipt_notice)}
                    <strong>{td_string!(l, complaints.receipt_notice_strong)}</strong>
                    {td_string!(l, complaints.receipt_notice_end)}
                </p>
                <div class="check">
                    <input type="checkbox" id="pledge" name="pledge" value="yes" required checked=kept.pledged/>
                    <label for="pledge">{td_string!(l, complaints.pledge)}</label>
                </div>
            })}
            <button type="submit">{if staff { td_string!(l, complaints.record_button) } else { td_string!(l, complaints.submit_button) }}</button>
        </form>
    }
}

/// 实名 or 匿名, and who the reporter is. No default: the reporter chooses. CSS shows
/// the identity fields only under 实名; once the browser has the page it also asks for
/// the name and phone there (the server checks them either way).
#[island]
fn IdentityFields(anonymous: Option<bool>, name: String, phone: String, email: String, company: String) -> impl IntoView {
    let l = island_locale();
    let named = RwSignal::new(anonymous == Some(false));
    view! {
        <fieldset>
            <legend>{td_string!(l, complaints.identity_legend)}</legend>
            <div class="check"><input type="radio" id="named" name="anonymous" value="false" required
                checked=anonymous == Some(false) on:change=move |_| named.set(true)/>
                <label for="named">{td_string!(l, complaints.named_option)}</label></div>
            <div class="check"><input type="radio" id="anon" name="anonymous" value="true"
                checked=anonymous == Some(true) on:change=move |_| named.set(false)/>
                <label for="anon">{td_string!(l, complaints.anonymous_option)}</label></div>
        </fieldset>
        <fieldset class="identity">
            <legend>{td_string!(l, complaints.named_details_legend)}</legend>
            <label for="name">{td_string!(l, complaints.name)}</label>
            <input id="name" name="name" maxlength="50" autocomplete="off" value=name required=move || named.get()/>
            <label for="phone">{td_string!(l, complaints.phone)}</label>
            <input id="phone" name="phone" type="tel" maxlength="20" autocomplete="off" value=phone required=move || named.get()/>
            <label for="email">{td_string!(l, complaints.email)}</label>
            <input id="email" name="email" type="email" maxlength="254" autocomplete="off" value=email/>
            <label for="company">{td_string!(l, complaints.company)}</label>
            <input id="company" name="company" maxlength="100" value=company/>
        </fieldset>
    }
}

pub fn channel_label(key: &str) -> &'static str {
    crate::complaints::model::label(CHANNELS, key)
}
