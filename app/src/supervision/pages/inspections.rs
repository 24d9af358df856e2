//! `/staff/inspections`: the commission records an inspection against the checklist
//! (是 / 否 / 不适用 with evidence per question); every 否 becomes a problem its unit
//! rectifies by a due date, closed out by the commission or turned into a case.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::components::Notices;
use crate::staff::model::Role;
use crate::staff::pages::{staff_view, StaffBar};
use crate::supervision::api::load_inspections_desk;
use crate::supervision::model::{
    problem_event_label, problem_state_label, InspectionsDesk, Problem, ANSWERS, METHODS, PROBLEM_CLOSING, PROBLEM_OPEN,
};

#[component]
pub fn InspectionsDeskPage() -> impl IntoView {
    let desk = Resource::new(|| (), |_| load_inspections_desk());
    view! {
        <Title text="监督检查与整改"/>
        <div class="wrap">
            <h1>"监督检查 · 问题整改"</h1>
            <Notices/>
            {staff_view(desk, render)}
        </div>
    }
}

fn render(desk: InspectionsDesk) -> AnyView {
    let InspectionsDesk { me, csrf, inspections, problems, units, checklist } = desk;
    let commission = me.role == Role::Commission;
    let csrf_form = csrf.clone();
    view! {
        <StaffBar me csrf=csrf.clone()/>
        <section aria-labelledby="problems-h">
            <h2 id="problems-h">{format!("整改事项（{} 项）", problems.len())}</h2>
            {problems.is_empty().then(|| view! { <p id="no-problems">"暂无整改事项。"</p> })}
            <ol class="queue" id="problems">
                {problems.into_iter().map(|p| view! { <ProblemItem problem=p csrf=csrf.clone() commission/> }).collect_view()}
            </ol>
        </section>
        {commission.then(|| view! {
            <section aria-labelledby="inspections-h">
                <h2 id="inspections-h">{format!("检查记录（{} 次）", inspections.len())}</h2>
                <table class="queue" id="inspections">
                    <caption class="visually-hidden">"检查记录"</caption>
                    <thead><tr><th scope="col">"编号"</th><th scope="col">"单位"</th><th scope="col">"期间"</th><th scope="col">"方式"</th><th scope="col">"是 / 否 / 不适用"</th></tr></thead>
                    <tbody>{inspections.into_iter().map(|i| view! {
                        <tr><td>{format!("JC{}", i.id)}</td><td>{i.unit}</td><td>{i.period}</td><td>{i.method}</td><td>{format!("{} / {} / {}", i.yes, i.no, i.na)}</td></tr>
                    }).collect_view()}</tbody>
                </table>
            </section>
            <section aria-labelledby="new-h">
                <h2 id="new-h">"记录一次检查"</h2>
                <form method="post" action="/staff/inspections" class="tip-form" id="inspection-form">
                    <input type="hidden" name="csrf" value=csrf_form/>
                    <label for="i-unit">"被检查单位"</label>
                    <select id="i-unit" name="unit" required>
                        <option value="">"请选择"</option>
                        {units.into_iter().map(|u| { let l = u.clone(); view! { <option value=u>{l}</option> } }).collect_view()}
                    </select>
                    <label for="i-period">"检查期间（如 2026年第四季度）"</label>
                    <input id="i-period" name="period" required maxlength="50"/>
                    <label for="i-method">"检查方式"</label>
                    <select id="i-method" name="method">{METHODS.iter().map(|m| view! { <option value=*m>{*m}</option> }).collect_view()}</select>
                    <label for="i-summary">"检查情况概述"</label>
                    <textarea id="i-summary" name="summary" maxlength="2000" rows="2"></textarea>
                    <p class="hint">"逐条作答；答“否”的须写明发现的问题，将生成整改事项。未作答的按“不适用”记录。"</p>
                    {checklist.into_iter().map(|a| view! {
                        <fieldset class="inspection-area">
                            <legend>{a.area}</legend>
                            {a.questions.into_iter().map(|q| {
                                let n = q.number;
                                view! {
                                    <fieldset class="inspection-question" id=format!("iq{n}")>
                                        <legend>{format!("{n}. {}", q.question)}</legend>
                                        <div class="radio-row">
                                            {ANSWERS.iter().map(|(k, l)| {
                                                let id = format!("a{n}-{k}");
                                                view! {
                                                    <input type="radio" id=id.clone() name=format!("a{n}") value=*k checked=*k == "na"/>
                                                    <label for=id>{*l}</label>
                                                }
                                            }).collect_view()}
                                        </div>
                                        <label for=format!("e{n}")>"依据或发现的问题"</label>
                                        <input id=format!("e{n}") name=format!("e{n}") maxlength="200"/>
                                    </fieldset>
                                }
                            }).collect_view()}
                        </fieldset>
                    }).collect_view()}
                    <button type="submit">"保存检查记录"</button>
                </form>
            </section>
        })}
    }
    .into_any()
}

#[component]
fn ProblemItem(problem: Problem, csrf: String, commission: bool) -> impl IntoView {
    let p = problem;
    let base = format!("/staff/inspections/problem/{}", p.id);
    let id = |f: &str| format!("{f}-{}", p.id);
    let open = p.state == PROBLEM_OPEN;
    let closing = p.state == PROBLEM_CLOSING;
    view! {
        <li class:overdue=p.overdue data-problem=p.id.to_string()>
            <h3>{format!("JC{} · {} · 第 {} 条", p.inspection_id, p.unit, p.question)}</h3>
            <p class="meta">{p.question_text.clone()}</p>
            <p>{p.description.clone()}</p>
            <p class="hit-meta">
                <span class="tag">{problem_state_label(&p.state)}</span>
                {format!(" 整改期限 {}", p.due)}
                {p.closed_on.clone().map(|d| format!(" · {d} 销号"))}
                {p.overdue.then(|| view! { <strong class="overdue-tag">" 已超期"</strong> })}
                {p.case_number.clone().map(|c| view! { " · 已转问题线索 " <a href=format!("/staff/case/{c}")>{c.clone()}</a> })}
            </p>
            <ul class="timeline">{p.events.into_iter().map(|e| view! { <li>{format!("{} {}：{}", e.at, problem_event_label(&e.kind), e.note)}</li> }).collect_view()}</ul>
            {(!commission && open).then(|| view! {
                <form method="post" action=format!("{base}/report") class="action-form">
                    <input type="hidden" name="csrf" value=csrf.clone()/>
                    <label for=id("rep")>"整改情况"</label>
                    <textarea id=id("rep") name="note" required maxlength="2000" rows="2"></textarea>
                    <button type="submit">"报送整改情况，申请销号"</button>
                </form>
            })}
            {(commission && closing).then(|| view! {
                <form method="post" action=format!("{base}/decide") class="action-form">
                    <input type="hidden" name="csrf" value=csrf.clone()/>
                    <label for=id("dec")>"审核意见（退回时必填）"</label>
                    <textarea id=id("dec") name="note" maxlength="2000" rows="2"></textarea>
                    <button type="submit" name="decision" value="approve">"准予销号"</button>
                    " "
                    <button type="submit" name="decision" value="reject" class="secondary">"退回整改"</button>
                </form>
            })}
            {(commission && p.case_number.is_none()).then(|| view! {
                <form method="post" action=format!("{base}/case") class="inline-form">
                    <input type="hidden" name="csrf" value=csrf.clone()/>
                    <button type="submit" class="secondary">"转为问题线索（巡察发现）"</button>
                </form>
            })}
        </li>
    }
}
