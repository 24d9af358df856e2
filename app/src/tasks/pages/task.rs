//! `/task/{code}`: one task — its persons, deadline, colour, the weekly reports on a
//! public timeline, and the changes to the list itself.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use crate::components::{ErrorBox, Loading};
use crate::error::error_message;
use crate::lang::{localize, td_string, use_locale, DATA_LANG};
use crate::policies::components::unit_href;
use crate::tasks::api::get_task;
use crate::tasks::model::{event_label_in, state_label_in, verdict_label_in, TaskDetail, TaskHit, STATE_CLOSED};
use crate::tasks::pages::ledger::ColourBadge;

#[component]
pub fn TaskPage() -> impl IntoView {
    let l = use_locale();
    let params = use_params_map();
    let task = Resource::new(move || params.read().get("code").unwrap_or_default(), get_task);
    view! {
        <div class="wrap">
            <Suspense fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    match task.await {
                        Err(e) => view! { <Title text=td_string!(l, tasks.not_found)/><h1>{td_string!(l, tasks.not_found)}</h1><ErrorBox message=error_message(&e)/> }.into_any(),
                        Ok(t) => view! { <Detail t/> }.into_any(),
                    }
                })}
            </Suspense>
        </div>
    }
}

#[component]
fn Detail(t: TaskDetail) -> impl IntoView {
    let l = use_locale();
    let hit = TaskHit {
        code: t.code.clone(),
        area: t.area.clone(),
        source: t.source.clone(),
        content: t.content.clone(),
        unit: t.unit.clone(),
        deadline: t.deadline.clone(),
        percent: t.percent,
        closed: t.state == STATE_CLOSED,
        colour: t.colour,
        missing_report: t.missing_report,
    };
    view! {
        <Title text=t.content.clone()/>
        <nav class="breadcrumb" aria-label=td_string!(l, tasks.breadcrumb)>
            <a href=localize(l, "/")>{td_string!(l, common.nav_home)}</a>" › "<a href=localize(l, "/tasks")>{td_string!(l, tasks.title)}</a>
        </nav>
        <h1 lang=DATA_LANG>{t.content.clone()}</h1>
        <p class="hit-meta"><span class="tag" lang=DATA_LANG>{t.area.clone()}</span><ColourBadge hit/></p>
        <dl class="guide-facts" id="task-facts">
            <div><dt>{td_string!(l, tasks.code)}</dt><dd>{t.code.clone()}</dd></div>
            <div><dt>{td_string!(l, tasks.source)}</dt><dd lang=DATA_LANG>{t.source.clone()}</dd></div>
            <div><dt>{td_string!(l, tasks.target)}</dt><dd lang=DATA_LANG>{t.target.clone()}</dd></div>
            <div><dt>{td_string!(l, tasks.unit)}</dt><dd><a href=localize(l, &unit_href(&t.unit)) lang=DATA_LANG>{t.unit.clone()}</a></dd></div>
            <div><dt>{td_string!(l, tasks.main_person)}</dt><dd lang=DATA_LANG>{t.main_person.clone()}</dd></div>
            <div><dt>{td_string!(l, tasks.charge_person)}</dt><dd lang=DATA_LANG>{t.charge_person.clone()}</dd></div>
            <div><dt>{td_string!(l, tasks.specific_person)}</dt><dd lang=DATA_LANG>{t.specific_person.clone()}</dd></div>
            <div><dt>{td_string!(l, tasks.deadline)}</dt><dd id="deadline">{t.deadline.clone()}</dd></div>
            <div><dt>{td_string!(l, tasks.current_progress)}</dt><dd id="percent">{format!("{}%", t.percent)}</dd></div>
            <div><dt>{td_string!(l, tasks.state)}</dt><dd id="state">{state_label_in(&t.state, l)}</dd></div>
            <div><dt>{td_string!(l, tasks.closed_on)}</dt><dd id="closed-on">{t.closed_on.clone().unwrap_or_else(|| td_string!(l, tasks.not_closed).into())}</dd></div>
        </dl>
        <section aria-labelledby="reports-h">
            <h2 id="reports-h">{td_string!(l, tasks.reports_heading)}</h2>
            {if t.reports.is_empty() {
                view! { <p>{td_string!(l, tasks.no_reports)}</p> }.into_any()
            } else {
                view! {
                    <ol class="timeline" id="reports">
                        {t.reports.into_iter().map(|r| view! {
                            <li>
                                <strong>{td_string!(l, tasks.report_week, week = r.week.clone(), percent = r.percent)}</strong>
                                <p lang=DATA_LANG>{r.progress}</p>
                                {(!r.problems.is_empty()).then(|| view! { <p>{td_string!(l, tasks.problems_prefix)}<span lang=DATA_LANG>{r.problems.clone()}</span></p> })}
                                {(!r.coordination.is_empty()).then(|| view! { <p>{td_string!(l, tasks.coordination_prefix)}<span lang=DATA_LANG>{r.coordination.clone()}</span></p> })}
                                {(!r.next_plan.is_empty()).then(|| view! { <p>{td_string!(l, tasks.next_plan_prefix)}<span lang=DATA_LANG>{r.next_plan.clone()}</span></p> })}
                            </li>
                        }).collect_view()}
                    </ol>
                }.into_any()
            }}
        </section>
        {(!t.certifications.is_empty()).then(|| view! {
            <section aria-labelledby="cert-h">
                <h2 id="cert-h">{td_string!(l, tasks.cert_heading)}</h2>
                <table class="progress" id="certifications">
                    <thead><tr>
                        <th scope="col">{td_string!(l, tasks.col_month)}</th><th scope="col">{td_string!(l, tasks.col_verdict)}</th><th scope="col">{td_string!(l, tasks.col_note)}</th>
                    </tr></thead>
                    <tbody>{t.certifications.iter().map(|c| view! {
                        <tr><td>{c.month.clone()}</td><td>{verdict_label_in(&c.verdict, l).to_string()}</td><td lang=DATA_LANG>{c.note.clone()}</td></tr>
                    }).collect_view()}</tbody>
                </table>
            </section>
        })}
        {(!t.events.is_empty()).then(|| view! {
            <section aria-labelledby="events-h">
                <h2 id="events-h">{td_string!(l, tasks.events_heading)}</h2>
                <ol class="timeline" id="task-events">
                    {t.events.iter().map(|e| view! {
                        <li><time>{e.at.clone()}</time>" "<strong>{event_label_in(&e.kind, l)}</strong>" "<span lang=DATA_LANG>{e.note.clone()}</span>
                            {(!e.evidence.is_empty()).then(|| view! { <span class="meta">{td_string!(l, tasks.evidence_count, count = e.evidence.len())}</span> })}</li>
                    }).collect_view()}
                </ol>
            </section>
        })}
        <p class="cant-do"><a href=localize(l, &format!("/report?task={}", crate::url::percent_encode(&t.code)))>{td_string!(l, tasks.report_task)}</a>
            <span id="task-tips">{td_string!(l, tasks.tips_count, count = t.tips)}</span></p>
        <section aria-labelledby="task-history-h">
            <h2 id="task-history-h">{td_string!(l, tasks.history_heading)}</h2>
            <ol class="history">
                {t.history.into_iter().map(|r| view! { <li lang=DATA_LANG><span class="meta">{r.date}" "{r.kind}</span>" "{r.note}</li> }).collect_view()}
            </ol>
        </section>
    }
}
