//! `/staff/certify`: the certifier's desk (一月一认定、销号管理) — this month's verdict on
//! each open task, the close-out requests with their evidence, and closed tasks that can
//! be reopened with a reason or followed up.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::components::Notices;
use crate::staff::pages::{staff_view, StaffBar};
use crate::tasks::api::load_certify_page;
use crate::tasks::model::{CertifyPage, VERDICTS};
use crate::tasks::pages::ledger::{task_href, ColourBadge};

#[component]
pub fn CertifyDeskPage() -> impl IntoView {
    let page = Resource::new(|| (), |_| load_certify_page());
    view! {
        <Title text="任务认定与销号"/>
        <div class="wrap">
            <h1>"改革任务 · 认定与销号"</h1>
            <Notices/>
            {staff_view(page, render)}
        </div>
    }
}

fn render(page: CertifyPage) -> AnyView {
    let csrf = page.csrf.clone();
    let month = page.month.clone();
    let hidden = move || view! { <input type="hidden" name="csrf" value=csrf.clone()/> };
    let hidden2 = hidden.clone();
    let hidden3 = hidden.clone();
    view! {
        <StaffBar me=page.me.clone() csrf=page.csrf.clone()/>
        <section aria-labelledby="requests-h">
            <h2 id="requests-h">{format!("待审核的销号申请（{} 项）", page.requests.len())}</h2>
            <ol class="queue" id="closeout-requests">
                {page.requests.into_iter().map(|r| {
                    let action = format!("/staff/certify/{}/closeout", r.task.code);
                    let field = format!("decide-{}", r.task.code);
                    view! {
                        <li data-code=r.task.code.clone()>
                            <h3><a href=task_href(&r.task.code)>{r.task.content.clone()}</a></h3>
                            <p class="meta">{format!("{} · {} 申请", r.task.unit, r.at)}</p>
                            <p>{r.note.clone()}</p>
                            <ul>{r.evidence.iter().map(|e| view! { <li><a href=format!("/staff/tasks/evidence/{}", e.id)>{e.name.clone()}</a></li> }).collect_view()}</ul>
                            <form method="post" action=action class="action-form">
                                {hidden()}
                                <label for=field.clone()>"审核意见（不予销号时必填）"</label>
                                <textarea id=field name="note" maxlength="2000" rows="2"></textarea>
                                <button type="submit" name="decision" value="approve">"准予销号"</button>
                                " "
                                <button type="submit" name="decision" value="reject" class="secondary">"不予销号"</button>
                            </form>
                        </li>
                    }
                }).collect_view()}
            </ol>
        </section>
        <section aria-labelledby="certify-h">
            <h2 id="certify-h">{format!("{month} 月度认定")}</h2>
            <ol class="queue" id="to-certify">
                {page.to_certify.into_iter().map(|t| {
                    let done = page.certified.contains(&t.code);
                    let action = format!("/staff/certify/{}", t.code);
                    let select = format!("verdict-{}", t.code);
                    let note = format!("note-{}", t.code);
                    view! {
                        <li data-code=t.code.clone()>
                            <h3><a href=task_href(&t.code)>{t.content.clone()}</a></h3>
                            <p class="hit-meta"><ColourBadge hit=t.clone()/>{format!(" {} · 完成时限 {} · 进度 {}%", t.unit, t.deadline, t.percent)}</p>
                            {if done {
                                view! { <p class="notice">"本月已认定。"</p> }.into_any()
                            } else {
                                view! {
                                    <form method="post" action=action class="action-form inline-certify">
                                        {hidden2()}
                                        <label for=select.clone()>"认定结果"</label>
                                        <select id=select name="verdict">{VERDICTS.iter().map(|v| view! { <option value=*v>{*v}</option> }).collect_view()}</select>
                                        <label for=note.clone()>"说明"</label>
                                        <input id=note name="note" maxlength="2000"/>
                                        <button type="submit">"认定"</button>
                                    </form>
                                }.into_any()
                            }}
                        </li>
                    }
                }).collect_view()}
            </ol>
        </section>
        <section aria-labelledby="closed-h">
            <h2 id="closed-h">{format!("已销号（{} 项）", page.closed.len())}</h2>
            <ol class="queue" id="closed-tasks">
                {page.closed.into_iter().map(|t| {
                    let reopen = format!("/staff/certify/{}/reopen", t.code);
                    let field = format!("reopen-{}", t.code);
                    view! {
                        <li data-code=t.code.clone()>
                            <h3><a href=task_href(&t.code)>{t.content.clone()}</a></h3>
                            <form method="post" action=reopen class="action-form">
                                {hidden3()}
                                <label for=field.clone()>"重新启动的理由"</label>
                                <input id=field name="note" required maxlength="2000"/>
                                <button type="submit" class="secondary">"重新启动"</button>
                            </form>
                        </li>
                    }
                }).collect_view()}
            </ol>
        </section>
    }
    .into_any()
}
