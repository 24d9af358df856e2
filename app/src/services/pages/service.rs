//! `/service/{code}`: the guide a resident takes to the window (materials, time limit,
//! place, phones, fee, basis), the optimisation target beside its 2019 baseline, the
//! bundles it belongs to, its change history, a rating form and the way to report that
//! it could not be done. The guide prints on at most two A4 pages (style/main.css).

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use crate::components::{ErrorBox, Loading, Notices};
use crate::error::error_message;
use crate::lang::{localize, td_string, use_locale, Locale, DATA_LANG};
use crate::policies::components::unit_href;
use crate::services::api::get_service;
use crate::services::components::{bundle_href, tel_href, ServiceBadges};
use crate::services::model::{
    days_label_in, depth_label_in, grade_label_in, level_label_in, original_label_in, Measures, ServiceDetail, ServiceHit, GRADES,
};
use crate::url::percent_encode;

#[component]
pub fn ServicePage() -> impl IntoView {
    let l = use_locale();
    let params = use_params_map();
    let service = Resource::new(move || params.read().get("code").unwrap_or_default(), get_service);
    view! {
        <div class="wrap">
            <Suspense fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    match service.await {
                        Err(e) => view! {
                            <Title text=td_string!(l, services.service_not_found)/>
                            <h1>{td_string!(l, services.service_not_found)}</h1>
                            <ErrorBox message=error_message(&e)/>
                        }.into_any(),
                        Ok(s) => view! { <Guide l s/> }.into_any(),
                    }
                })}
            </Suspense>
        </div>
    }
}

fn hit_of(s: &ServiceDetail) -> ServiceHit {
    ServiceHit {
        code: s.code.clone(),
        name: s.name.clone(),
        category: s.category.clone(),
        unit: s.unit.clone(),
        level: s.level.clone(),
        committed_days: s.committed_days,
        visits: s.visits,
        online_depth: s.online_depth.clone(),
        mobile: s.mobile,
        target_met: s.target_met,
        snippet: Vec::new(),
    }
}

/// A measure of the targets table, "—" where the list sets none.
fn shown<T>(v: Option<T>, label: impl FnOnce(T) -> String) -> String {
    v.map(label).unwrap_or_else(|| "—".into())
}

#[component]
fn Guide(l: Locale, s: ServiceDetail) -> impl IntoView {
    let now = s.measures();
    let days = |v: Option<u32>| shown(v, |d| days_label_in(d, l));
    let materials = |v: Option<u32>| shown(v, |n| td_string!(l, services.count_materials, count = n));
    let visits = |v: Option<u32>| shown(v, |n| td_string!(l, services.count_visits, count = n));
    let depth = |v: Option<String>| shown(v, |d| depth_label_in(&d, l).to_string());
    let level = |v: Option<String>| shown(v, |d| level_label_in(&d, l).to_string());
    let Measures { committed_days: b_days, materials: b_mat, visits: b_visits, online_depth: b_depth, level: b_level } = s.targets.baseline.clone();
    let Measures { committed_days: t_days, materials: t_mat, visits: t_visits, online_depth: t_depth, level: t_level } = s.targets.target.clone();
    let rows = vec![
        (td_string!(l, services.committed_days), days(b_days), days(now.committed_days), days(t_days)),
        (td_string!(l, services.materials), materials(b_mat), materials(now.materials), materials(t_mat)),
        (td_string!(l, services.visits), visits(b_visits), visits(now.visits), visits(t_visits)),
        (td_string!(l, services.online_depth), depth(b_depth), depth(now.online_depth), depth(t_depth)),
        (td_string!(l, services.level), level(b_level), level(now.level), level(t_level)),
    ];
    let report = localize(l, &format!("/report?service={}", percent_encode(&s.code)));
    let rate_action = format!("/service/{}/rate", percent_encode(&s.code));
    let category = localize(l, &crate::services::query::ServiceParams { category: Some(s.category.clone()), ..Default::default() }.url(1));
    view! {
        <Title text=s.name.clone()/>
        <nav class="breadcrumb" aria-label=td_string!(l, services.breadcrumb_label)>
            <a href=localize(l, "/")>{td_string!(l, common.nav_home)}</a>" › "
            <a href=localize(l, "/services")>{td_string!(l, common.nav_services)}</a>" › "
            <a href=category lang=DATA_LANG>{s.category.clone()}</a></nav>
        <article class="service-guide">
            <h1 lang=DATA_LANG>{s.name.clone()}</h1>
            <p class="hit-meta"><ServiceBadges hit=hit_of(&s)/></p>
            <p class="sample-note">{td_string!(l, services.sample_note_guide)}</p>
            <section aria-labelledby="materials-h">
                <h2 id="materials-h">{td_string!(l, services.materials)}</h2>
                {if s.materials.is_empty() {
                    view! { <p>{td_string!(l, services.no_materials)}</p> }.into_any()
                } else {
                    view! {
                        <table class="materials">
                            <thead><tr>
                                <th scope="col">{td_string!(l, services.material_name)}</th>
                                <th scope="col">{td_string!(l, services.material_copies)}</th>
                                <th scope="col">{td_string!(l, services.material_form)}</th>
                            </tr></thead>
                            <tbody>
                                {s.materials.iter().map(|m| view! {
                                    <tr><td lang=DATA_LANG>{m.name.clone()}</td><td>{m.copies}</td><td>{original_label_in(m.original, l)}</td></tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    }.into_any()
                }}
            </section>
            <section aria-labelledby="limits-h">
                <h2 id="limits-h">{td_string!(l, services.limits_heading)}</h2>
                <dl class="guide-facts">
                    <div><dt>{td_string!(l, services.committed_days)}</dt><dd id="committed">{days_label_in(s.committed_days, l)}</dd></div>
                    <div><dt>{td_string!(l, services.legal_days)}</dt><dd>{days_label_in(s.legal_days, l)}</dd></div>
                    <div><dt>{td_string!(l, services.visits)}</dt><dd>{td_string!(l, services.count_visits, count = s.visits)}</dd></div>
                    <div><dt>{td_string!(l, services.online_depth)}</dt><dd>{depth_label_in(&s.online_depth, l).to_string()}</dd></div>
                    <div><dt>{td_string!(l, services.mobile)}</dt><dd>{if s.mobile { td_string!(l, services.mobile_yes) } else { td_string!(l, services.mobile_no) }}</dd></div>
                    <div><dt>{td_string!(l, services.fee)}</dt><dd id="fee" lang=DATA_LANG>{s.fee.clone()}</dd></div>
                </dl>
            </section>
            <section aria-labelledby="where-h">
                <h2 id="where-h">{td_string!(l, services.where_heading)}</h2>
                <dl class="guide-facts">
                    <div><dt>{td_string!(l, services.unit)}</dt><dd><a href=localize(l, &unit_href(&s.unit)) lang=DATA_LANG>{s.unit.clone()}</a>
                        {td_string!(l, services.level_paren, level = level_label_in(&s.level, l))}</dd></div>
                    <div><dt>{td_string!(l, services.location)}</dt><dd id="location" lang=DATA_LANG>{s.location.clone()}</dd></div>
                    <div><dt>{td_string!(l, services.hours)}</dt><dd lang=DATA_LANG>{s.hours.clone()}</dd></div>
                    <div><dt>{td_string!(l, services.enquiry_phone)}</dt><dd id="enquiry"><a href=tel_href(&s.enquiry_phone)>{s.enquiry_phone.clone()}</a></dd></div>
                    <div><dt>{td_string!(l, services.complaint_phone)}</dt><dd><a href=tel_href(&s.complaint_phone)>{s.complaint_phone.clone()}</a></dd></div>
                </dl>
            </section>
            <section aria-labelledby="basis-h">
                <h2 id="basis-h">{td_string!(l, services.legal_basis)}</h2>
                <p id="basis" lang=DATA_LANG>{s.legal_basis.clone()}</p>
                <p class="meta">{td_string!(l, services.annual_cases, count = s.annual_cases)}</p>
            </section>
            <section aria-labelledby="target-h" class="targets">
                <h2 id="target-h">{td_string!(l, services.target_heading)}<span lang=DATA_LANG>{s.targets.benchmark.clone()}</span>{td_string!(l, services.target_heading_end)}</h2>
                <table>
                    <thead><tr>
                        <th scope="col">{td_string!(l, services.target_measure)}</th>
                        <th scope="col">{td_string!(l, services.target_baseline)}</th>
                        <th scope="col">{td_string!(l, services.target_now)}</th>
                        <th scope="col">{td_string!(l, services.target_goal)}</th>
                    </tr></thead>
                    <tbody>
                        {rows.into_iter().map(|(label, b, n, t)| view! {
                            <tr><th scope="row">{label}</th><td>{b}</td><td>{n}</td><td>{t}</td></tr>
                        }).collect_view()}
                    </tbody>
                </table>
                <p>{if s.target_met { td_string!(l, services.target_met_note) } else { td_string!(l, services.target_missed_note) }}</p>
            </section>
            {(!s.bundles.is_empty()).then(|| view! {
                <section aria-labelledby="bundle-h" class="no-print">
                    <h2 id="bundle-h">{td_string!(l, services.bundles_of_service)}</h2>
                    <ul>{s.bundles.iter().map(|b| view! { <li><a href=localize(l, &bundle_href(&b.code)) lang=DATA_LANG>{b.name.clone()}</a></li> }).collect_view()}</ul>
                </section>
            })}
            <section aria-labelledby="history-h" class="no-print">
                <h2 id="history-h">{td_string!(l, services.history_heading)}</h2>
                <ol class="history">
                    {s.history.iter().map(|r| view! { <li lang=DATA_LANG><span class="meta">{r.date.clone()}" "{r.kind.clone()}</span>" "{r.note.clone()}</li> }).collect_view()}
                </ol>
            </section>
            <section aria-labelledby="rate-h" class="no-print rate">
                <h2 id="rate-h">{td_string!(l, services.rate_heading)}</h2>
                <Notices/>
                <form method="post" action=rate_action>
                    <fieldset>
                        <legend>{td_string!(l, services.rate_legend)}</legend>
                        {GRADES.iter().enumerate().map(|(i, g)| {
                            let id = format!("grade-{i}");
                            view! { <div class="check"><input type="radio" id=id.clone() name="grade" value=*g required=true/><label for=id>{grade_label_in(*g, l)}</label></div> }
                        }).collect_view()}
                    </fieldset>
                    <label for="rate-comment">{td_string!(l, services.rate_comment)}</label>
                    <textarea id="rate-comment" name="comment" maxlength="1000" rows="3"></textarea>
                    <button type="submit">{td_string!(l, services.rate_submit)}</button>
                </form>
                <p class="cant-do"><a href=report>{td_string!(l, services.cant_do)}</a></p>
            </section>
        </article>
    }
}
