//! `/task/{code}`: one task — its persons, deadline, colour, the weekly reports on a
//! public timeline, and the changes to the list itself.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use crate::components::{ErrorBox, Loading};
use crate::error::error_message;
use crate::policies::components::unit_href;
use crate::tasks::api::get_task;
use crate::tasks::model::{TaskDetail, TaskHit};
use crate::tasks::pages::ledger::ColourBadge;

#[component]
pub fn TaskPage() -> impl IntoView {
    let params = use_params_map();
    let task = Resource::new(move || params.read().get("code").unwrap_or_default(), get_task);
    view! {
        <div class="wrap">
            <Suspense fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    match task.await {
                        Err(e) => view! { <Title text="未找到任务"/><h1>"未找到任务"</h1><ErrorBox message=error_message(&e)/> }.into_any(),
                        Ok(t) => view! { <Detail t/> }.into_any(),
                    }
                })}
            </Suspense>
        </div>
    }
}

#[component]
fn Detail(t: TaskDetail) -> impl IntoView {
    let hit = TaskHit {
        code: t.code.clone(),
        area: t.area.clone(),
        source: t.source.clone(),
        content: t.content.clone(),
        unit: t.unit.clone(),
        deadline: t.deadline.clone(),
        percent: t.percent,
        closed: t.state == crate::tasks::model::STATE_CLOSED,
        colour: t.colour,
        missing_report: t.missing_report,
    };
    view! {
        <Title text=t.content.clone()/>
        <nav class="breadcrumb" aria-label="位置"><a href="/">"首页"</a>" › "<a href="/tasks">"改革攻坚任务清单"</a></nav>
        <h1>{t.content.clone()}</h1>
        <p class="hit-meta"><span class="tag">{t.area.clone()}</span><ColourBadge hit/></p>
        <dl class="guide-facts" id="task-facts">
            <div><dt>"任务编号"</dt><dd>{t.code.clone()}</dd></div>
            <div><dt>"任务来源"</dt><dd>{t.source.clone()}</dd></div>
            <div><dt>"工作目标"</dt><dd>{t.target.clone()}</dd></div>
            <div><dt>"责任单位"</dt><dd><a href=unit_href(&t.unit)>{t.unit.clone()}</a></dd></div>
            <div><dt>"主要责任人"</dt><dd>{t.main_person.clone()}</dd></div>
            <div><dt>"分管责任人"</dt><dd>{t.charge_person.clone()}</dd></div>
            <div><dt>"具体责任人"</dt><dd>{t.specific_person.clone()}</dd></div>
            <div><dt>"完成时限"</dt><dd id="deadline">{t.deadline.clone()}</dd></div>
            <div><dt>"当前进度"</dt><dd id="percent">{format!("{}%", t.percent)}</dd></div>
            <div><dt>"状态"</dt><dd id="state">{crate::tasks::model::state_label(&t.state)}</dd></div>
            <div><dt>"销号日期"</dt><dd id="closed-on">{t.closed_on.clone().unwrap_or_else(|| "未销号".into())}</dd></div>
        </dl>
        <section aria-labelledby="reports-h">
            <h2 id="reports-h">"每周调度"</h2>
            {if t.reports.is_empty() {
                view! { <p>"尚无进展报送。"</p> }.into_any()
            } else {
                view! {
                    <ol class="timeline" id="reports">
                        {t.reports.into_iter().map(|r| view! {
                            <li>
                                <strong>{format!("{} 当周 · 进度 {}%", r.week, r.percent)}</strong>
                                <p>{r.progress}</p>
                                {(!r.problems.is_empty()).then(|| view! { <p>"存在问题："{r.problems.clone()}</p> })}
                                {(!r.coordination.is_empty()).then(|| view! { <p>"需协调事项："{r.coordination.clone()}</p> })}
                                {(!r.next_plan.is_empty()).then(|| view! { <p>"下周计划："{r.next_plan.clone()}</p> })}
                            </li>
                        }).collect_view()}
                    </ol>
                }.into_any()
            }}
        </section>
        {(!t.certifications.is_empty()).then(|| view! {
            <section aria-labelledby="cert-h">
                <h2 id="cert-h">"月度认定"</h2>
                <table class="progress" id="certifications">
                    <thead><tr><th scope="col">"月份"</th><th scope="col">"认定结果"</th><th scope="col">"说明"</th></tr></thead>
                    <tbody>{t.certifications.iter().map(|c| view! { <tr><td>{c.month.clone()}</td><td>{c.verdict.clone()}</td><td>{c.note.clone()}</td></tr> }).collect_view()}</tbody>
                </table>
            </section>
        })}
        {(!t.events.is_empty()).then(|| view! {
            <section aria-labelledby="events-h">
                <h2 id="events-h">"销号与跟踪问效"</h2>
                <ol class="timeline" id="task-events">
                    {t.events.iter().map(|e| view! {
                        <li><time>{e.at.clone()}</time>" "<strong>{crate::tasks::model::event_label(&e.kind)}</strong>" "{e.note.clone()}
                            {(!e.evidence.is_empty()).then(|| view! { <span class="meta">{format!("（佐证材料 {} 份）", e.evidence.len())}</span> })}</li>
                    }).collect_view()}
                </ol>
            </section>
        })}
        <p class="cant-do"><a href=format!("/report?task={}", crate::url::percent_encode(&t.code))>"此任务未落实？我要反映"</a>
            <span id="task-tips">{format!("（已收到 {} 条反映）", t.tips)}</span></p>
        <section aria-labelledby="task-history-h">
            <h2 id="task-history-h">"清单变更记录"</h2>
            <ol class="history">
                {t.history.into_iter().map(|r| view! { <li><span class="meta">{r.date}" "{r.kind}</span>" "{r.note}</li> }).collect_view()}
            </ol>
        </section>
    }
}
