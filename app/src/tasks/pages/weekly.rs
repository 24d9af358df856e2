//! `/staff/tasks`: a unit's open tasks and the weekly report form for each (一周一调度).

use leptos::prelude::*;
use leptos_meta::Title;

use crate::components::Notices;
use crate::tasks::api::load_unit_tasks;
use crate::tasks::model::UnitTasksPage;
use crate::tasks::pages::ledger::{task_href, ColourBadge};
use crate::staff::pages::{staff_view, StaffBar};

#[component]
pub fn WeeklyReportPage() -> impl IntoView {
    let page = Resource::new(|| (), |_| load_unit_tasks());
    view! {
        <Title text="任务进展报送"/>
        <div class="wrap">
            <h1>"改革任务 · 每周进展报送"</h1>
            <Notices/>
            {staff_view(page, render)}
        </div>
    }
}

fn render(page: UnitTasksPage) -> AnyView {
    let csrf = page.csrf.clone();
    let csrf2 = page.csrf.clone();
    let week = page.week.clone();
    view! {
        <StaffBar me=page.me.clone() csrf=page.csrf.clone()/>
        <p class="hint">{format!("本周（{week} 起）每项未销号任务报送一次；报送后不可修改，周五下班前截止。")}</p>
        {if page.tasks.is_empty() {
            view! { <p id="no-tasks">"本单位没有推进中的任务。"</p> }.into_any()
        } else {
            view! {
                <ol class="queue" id="unit-tasks">
                    {page.tasks.into_iter().map(|t| {
                        let done = page.reported.contains(&t.code);
                        let action = format!("/staff/tasks/{}/report", t.code);
                        let id = |f: &str| format!("{f}-{}", t.code);
                        view! {
                            <li class="task-report" data-code=t.code.clone()>
                                <h2><a href=task_href(&t.code)>{t.content.clone()}</a></h2>
                                <p class="hit-meta"><ColourBadge hit=t.clone()/>{format!(" 完成时限 {} · 当前进度 {}%", t.deadline, t.percent)}</p>
                                <details class="closeout">
                                    <summary>"申请销号"</summary>
                                    <form method="post" action=format!("/staff/tasks/{}/closeout", t.code) enctype="multipart/form-data" class="action-form">
                                        <input type="hidden" name="csrf" value=csrf.clone()/>
                                        <label for=id("closeout-note")>"完成情况说明"</label>
                                        <textarea id=id("closeout-note") name="note" required maxlength="2000" rows="2"></textarea>
                                        <label for=id("closeout-file")>"佐证材料（至少一份；图片、PDF 或 Office 文档，每份不超过 10 MB）"</label>
                                        <input id=id("closeout-file") name="evidence" type="file" required multiple/>
                                        <button type="submit">"申请销号"</button>
                                    </form>
                                </details>
                                {if done {
                                    view! { <p class="notice">"本周已报送。"</p> }.into_any()
                                } else {
                                    view! {
                                        <form method="post" action=action class="action-form">
                                            <input type="hidden" name="csrf" value=csrf.clone()/>
                                            <label for=id("progress")>"本周进展"</label>
                                            <textarea id=id("progress") name="progress" required maxlength="2000" rows="2"></textarea>
                                            <label for=id("percent")>"完成百分比（0–100）"</label>
                                            <input id=id("percent") name="percent" type="number" min="0" max="100" required value=t.percent.to_string()/>
                                            <label for=id("problems")>"存在问题"</label>
                                            <textarea id=id("problems") name="problems" maxlength="2000" rows="1"></textarea>
                                            <label for=id("coordination")>"需协调事项"</label>
                                            <textarea id=id("coordination") name="coordination" maxlength="2000" rows="1"></textarea>
                                            <label for=id("next_plan")>"下周计划"</label>
                                            <textarea id=id("next_plan") name="next_plan" maxlength="2000" rows="1"></textarea>
                                            <button type="submit">"报送"</button>
                                        </form>
                                    }.into_any()
                                }}
                            </li>
                        }
                    }).collect_view()}
                </ol>
            }.into_any()
        }}
        {(!page.closed.is_empty()).then(|| view! {
            <section aria-labelledby="followup-h">
                <h2 id="followup-h">"已销号任务 · 跟踪问效"</h2>
                <ol class="queue" id="closed-tasks">
                    {page.closed.into_iter().map(|t| {
                        let field = format!("follow-{}", t.code);
                        view! {
                            <li data-code=t.code.clone()>
                                <h3><a href=task_href(&t.code)>{t.content.clone()}</a></h3>
                                <form method="post" action=format!("/staff/tasks/{}/follow-up", t.code) class="action-form">
                                    <input type="hidden" name="csrf" value=csrf2.clone()/>
                                    <input type="hidden" name="back" value="/staff/tasks"/>
                                    <label for=field.clone()>"跟踪问效情况"</label>
                                    <textarea id=field name="note" required maxlength="2000" rows="2"></textarea>
                                    <button type="submit">"记录"</button>
                                </form>
                            </li>
                        }
                    }).collect_view()}
                </ol>
            </section>
        })}
    }
    .into_any()
}
