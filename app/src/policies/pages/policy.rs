use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_location, use_params_map};

use crate::policies::api::get_policy;
use crate::error::error_message;
use crate::components::{ErrorBox, Loading};
use crate::lang::{localize, td_string, use_locale, Locale, DATA_LANG};
use crate::policies::components::{data_list, document_href, unit_href, AutomaticTag, InForceBadge, VerdictBadge};
use crate::policies::model::{Conditions, PolicyDetail, Verdict};
use crate::url::percent_encode;

#[component]
pub fn PolicyPage() -> impl IntoView {
    let l = use_locale();
    let params = use_params_map();
    let location = use_location();
    let policy = Resource::new(
        move || (params.read().get("code").unwrap_or_default(), location.search.get()),
        |(code, query)| get_policy(code, query),
    );
    view! {
        <div class="wrap">
            <Suspense fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    match policy.await {
                        Err(e) => view! {
                            <Title text=td_string!(l, policies.policy_not_found)/>
                            <h1>{td_string!(l, policies.policy_not_found)}</h1>
                            <ErrorBox message=error_message(&e)/>
                        }.into_any(),
                        Ok((detail, verdict)) => view! { <PolicyView detail verdict/> }.into_any(),
                    }
                })}
            </Suspense>
        </div>
    }
}

fn condition_rows(l: Locale, c: &Conditions) -> Vec<(&'static str, AnyView)> {
    let sep = td_string!(l, policies.list_sep);
    let list = |v: &[String], all: &'static str| if v.is_empty() { all.into_any() } else { data_list(v, sep).into_any() };
    let mut rows = vec![
        (td_string!(l, policies.cond_industries), list(&c.industries, td_string!(l, policies.cond_any))),
        (td_string!(l, policies.cond_sizes), list(&c.sizes, td_string!(l, policies.cond_any))),
        (td_string!(l, policies.cond_regions), list(&c.regions, td_string!(l, policies.cond_whole_district))),
        (
            td_string!(l, policies.cond_qualifications),
            if c.qualifications.is_empty() {
                td_string!(l, policies.cond_none).into_any()
            } else {
                view! { {data_list(&c.qualifications, sep)}{td_string!(l, policies.cond_any_one)} }.into_any()
            },
        ),
    ];
    if let Some(n) = c.founded_within_years {
        rows.push((td_string!(l, policies.cond_founded), td_string!(l, policies.cond_founded_within, years = n).into_any()));
    }
    if let Some(n) = c.founded_at_least_years {
        rows.push((td_string!(l, policies.cond_founded), td_string!(l, policies.cond_founded_at_least, years = n).into_any()));
    }
    rows
}

#[component]
fn PolicyView(detail: PolicyDetail, verdict: Verdict) -> impl IntoView {
    let PolicyDetail {
        code,
        title,
        content,
        category,
        support_type,
        document,
        issuing_unit,
        executing_unit,
        interpreter,
        conditions,
        delivery,
        max_amount_wan,
        application_period,
        application_window,
        materials,
        valid_from,
        valid_until,
        in_force,
        history,
        updated_at,
    } = detail;
    let l = use_locale();
    let report_href = localize(l, &format!("/report?policy={}", percent_encode(&code)));
    let tel = format!("tel:{}", interpreter.phone.replace([' ', '-'], ""));
    let has_verdict = !verdict.reasons.is_empty();
    let validity = match valid_until {
        Some(until) => td_string!(l, policies.validity_range, from = &valid_from, until = until),
        None => td_string!(l, policies.validity_long_term, from = &valid_from),
    };
    view! {
        <Title text=title.clone()/>
        <nav class="breadcrumb" aria-label=td_string!(l, policies.breadcrumb)>
            <a href=localize(l, "/")>{td_string!(l, common.nav_home)}</a>" › "
            <a href=localize(l, "/search")>{td_string!(l, policies.search_title)}</a>" › "<span>{code.clone()}</span>
        </nav>
        <article class="policy">
            <header class="policy-head">
                <p class="hit-meta">
                    <span class="tag" lang=DATA_LANG>{category}</span>
                    <span class="tag" lang=DATA_LANG>{support_type}</span>
                    {(delivery == crate::policies::vocab::DELIVERY_AUTOMATIC).then(|| view! { <AutomaticTag/> })}
                    <InForceBadge in_force/>
                    <span class="code">{td_string!(l, policies.policy_code)}" "{code.clone()}</span>
                </p>
                <h1 lang=DATA_LANG>{title}</h1>
                {(!in_force).then(|| view! {
                    <p class="notice notice-warn">{td_string!(l, policies.policy_expired_notice)}</p>
                })}
            </header>
            <div class="policy-grid">
                <div class="policy-main">
                    <section aria-labelledby="content-h">
                        <h2 id="content-h">{td_string!(l, policies.policy_content)}</h2>
                        <p class="content" lang=DATA_LANG>{content}</p>
                    </section>
                    {has_verdict.then(|| view! {
                        <section aria-labelledby="verdict-h" class="verdict-box">
                            <h2 id="verdict-h">{td_string!(l, policies.policy_verdict)}</h2>
                            <VerdictBadge verdict/>
                        </section>
                    })}
                    <section id="guide" aria-labelledby="guide-h">
                        <h2 id="guide-h">{td_string!(l, policies.policy_guide)}</h2>
                        <dl class="facts">
                            {condition_rows(l, &conditions).into_iter().map(|(k, v)| view! {
                                <div><dt>{k}</dt><dd>{v}</dd></div>
                            }).collect_view()}
                            <div><dt>{td_string!(l, policies.delivery)}</dt><dd lang=DATA_LANG>{delivery.clone()}</dd></div>
                            {max_amount_wan.map(|m| view! { <div><dt>{td_string!(l, policies.max_amount)}</dt><dd>{td_string!(l, policies.amount_wan, amount = m)}</dd></div> })}
                            <div><dt>{td_string!(l, policies.application_period)}</dt><dd lang=DATA_LANG>{application_period}</dd></div>
                            <div><dt>{td_string!(l, policies.application_window)}</dt><dd lang=DATA_LANG>{application_window}</dd></div>
                            <div><dt>{td_string!(l, policies.validity)}</dt><dd>{validity}</dd></div>
                        </dl>
                        <h3>{td_string!(l, policies.materials)}</h3>
                        {if materials.is_empty() {
                            view! { <p>{td_string!(l, policies.no_materials)}</p> }.into_any()
                        } else {
                            view! { <ol class="materials" lang=DATA_LANG>{materials.into_iter().map(|m| view! { <li>{m}</li> }).collect_view()}</ol> }.into_any()
                        }}
                    </section>
                    <section id="history" aria-labelledby="history-h">
                        <h2 id="history-h">{td_string!(l, policies.history)}</h2>
                        {if history.is_empty() {
                            view! { <p>{td_string!(l, policies.no_history)}</p> }.into_any()
                        } else {
                            view! {
                                <ol class="timeline">
                                    {history.into_iter().map(|r| view! {
                                        <li><time>{r.date}</time>" "<strong lang=DATA_LANG>{r.kind}</strong>" "<span lang=DATA_LANG>{r.note}</span></li>
                                    }).collect_view()}
                                </ol>
                            }.into_any()
                        }}
                        <p class="hint">{td_string!(l, policies.updated_at, date = updated_at)}</p>
                    </section>
                </div>
                <aside class="policy-side">
                    <section id="document" aria-labelledby="doc-h">
                        <h2 id="doc-h">{td_string!(l, policies.policy_document)}</h2>
                        <p><a href=localize(l, &document_href(&document.number)) lang=DATA_LANG>{document.title.clone()}</a></p>
                        <dl class="facts">
                            <div><dt>{td_string!(l, policies.document_number)}</dt><dd lang=DATA_LANG>{document.number.clone()}</dd></div>
                            <div><dt>{td_string!(l, policies.publish_date)}</dt><dd>{document.publish_date.clone()}</dd></div>
                            <div><dt>{td_string!(l, policies.document_status)}</dt><dd lang=DATA_LANG>{document.status.clone()}</dd></div>
                            <div><dt>{td_string!(l, policies.document_validity)}</dt><dd>{document.validity_in(l)}</dd></div>
                        </dl>
                    </section>
                    <section aria-labelledby="units-h">
                        <h2 id="units-h">{td_string!(l, policies.policy_units)}</h2>
                        <dl class="facts">
                            <div id="issuing-unit"><dt>{td_string!(l, policies.issuing_unit)}</dt><dd><a href=localize(l, &unit_href(&issuing_unit)) lang=DATA_LANG>{issuing_unit.clone()}</a></dd></div>
                            <div id="executing-unit"><dt>{td_string!(l, policies.executing_unit)}</dt><dd><a href=localize(l, &unit_href(&executing_unit)) lang=DATA_LANG>{executing_unit.clone()}</a></dd></div>
                            <div id="interpreter"><dt>{td_string!(l, policies.interpreter)}</dt><dd><span lang=DATA_LANG>{interpreter.name}</span>" "
                                <a href=tel class="tel">{interpreter.phone}</a></dd></div>
                        </dl>
                    </section>
                    <a id="report-button" class="report-button" href=report_href>{td_string!(l, policies.report_button)}</a>
                    <button type="button" class="print-button" onclick="window.print()">{td_string!(l, policies.print)}</button>
                </aside>
            </div>
        </article>
    }
}
