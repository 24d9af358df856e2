//! The case queue of the commission (every case) and of a unit (cases forwarded to it).

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::complaints::api::load_staff_home;
use crate::complaints::model::{QueueItem, Role, StaffHome, State, AREAS, KINDS};
use crate::components::Notices;
use crate::staff::pages::{staff_view, StaffBar};
use crate::url::{build_url, percent_encode};

#[component]
pub fn StaffQueuePage() -> impl IntoView {
    let query = use_query_map();
    let home = Resource::new(
        move || {
            let q = query.read();
            (
                q.get("state").unwrap_or_default(),
                q.get("kind").unwrap_or_default(),
                q.get("unit").unwrap_or_default(),
                q.get("overdue").is_some_and(|v| v == "1"),
                q.get("area").unwrap_or_default(),
                q.get("question").unwrap_or_default(),
            )
        },
        |(state, kind, unit, overdue, area, question)| load_staff_home(state, kind, unit, overdue, area, question),
    );
    view! {
        <Title text="案件队列"/>
        <div class="wrap">
            <h1>"问题线索队列"</h1>
            <Notices/>
            {staff_view(home, |h| view! { <QueueView home=h/> }.into_any())}
        </div>
    }
}

#[component]
fn QueueView(home: StaffHome) -> impl IntoView {
    let StaffHome { me, csrf, items, units, by_area, by_question, approvals } = home;
    let approval_csrf = csrf.clone();
    let commission = me.role == Role::Commission;
    let query = use_query_map();
    let current = move |key: &str| query.read_untracked().get(key).unwrap_or_default();
    let (f_state, f_kind, f_unit, f_overdue) = (current("state"), current("kind"), current("unit"), current("overdue") == "1");
    let (f_area, f_question) = (current("area"), current("question"));
    let empty = items.is_empty();
    view! {
        <StaffBar me csrf/>
        {(!approvals.is_empty()).then(|| view! { <crate::staff::pages::PendingApprovals items=approvals csrf=approval_csrf/> })}
        <form id="queue-filter" method="get" action="/staff" class="filter-row">
            <label for="f-state">"状态"</label>
            <select id="f-state" name="state">
                <option value="">"全部"</option>
                {State::ALL.iter().map(|s| view! { <option value=s.key() selected=f_state == s.key()>{s.label()}</option> }).collect_view()}
            </select>
            <label for="f-kind">"类别"</label>
            <select id="f-kind" name="kind">
                <option value="">"全部"</option>
                {KINDS.iter().map(|(k, l)| view! { <option value=*k selected=f_kind == *k>{*l}</option> }).collect_view()}
            </select>
            {commission.then(|| view! {
                <label for="f-unit">"单位"</label>
                <select id="f-unit" name="unit">
                    <option value="">"全部"</option>
                    {units.into_iter().map(|u| { let selected = f_unit == u; let label = u.clone(); view! { <option value=u selected=selected>{label}</option> } }).collect_view()}
                </select>
            })}
            {commission.then(|| view! {
                <label for="f-area">"监督领域"</label>
                <select id="f-area" name="area">
                    <option value="">"全部"</option>
                    {AREAS.iter().map(|a| view! { <option value=*a selected=f_area == *a>{*a}</option> }).collect_view()}
                </select>
                <label for="f-question">"监督清单序号"</label>
                <input id="f-question" name="question" type="number" min="1" max="100" value=f_question.clone()/>
            })}
            <div class="check"><input type="checkbox" id="f-overdue" name="overdue" value="1" checked=f_overdue/><label for="f-overdue">"只看超期"</label></div>
            <button type="submit">"筛选"</button>
        </form>
        <p id="queue-total">{format!("共 {} 件", items.len())}</p>
        {(commission && !by_area.is_empty()).then(|| view! {
            <details class="queue-counts" id="area-counts">
                <summary>"按监督领域和监督清单问题统计"</summary>
                <ul>{by_area.into_iter().map(|(a, n)| {
                    let href = build_url("/staff", &[("area", a.clone())]);
                    view! { <li><a href=href>{a}</a>{format!("：{n} 件")}</li> }
                }).collect_view()}</ul>
                <ul id="question-counts">{by_question.into_iter().map(|(q, n)| {
                    let href = build_url("/staff", &[("question", q.to_string())]);
                    view! { <li><a href=href>{format!("第 {q} 条")}</a>{format!("：{n} 件")}</li> }
                }).collect_view()}</ul>
            </details>
        })}
        <table class="queue cards" id="queue">
            <caption class="visually-hidden">"案件列表"</caption>
            <thead><tr><th scope="col">"案件编号"</th><th scope="col">"类别"</th><th scope="col">"涉及单位"</th><th scope="col">"渠道"</th><th scope="col">"状态"</th><th scope="col">"提交时间"</th><th scope="col">"期限"</th></tr></thead>
            <tbody>
                {items.into_iter().map(|i| view! { <QueueRow item=i/> }).collect_view()}
            </tbody>
        </table>
        {empty.then(|| view! { <p id="queue-empty">"暂无符合条件的案件。"</p> })}
    }
}

#[component]
fn QueueRow(item: QueueItem) -> impl IntoView {
    let href = format!("/staff/case/{}", percent_encode(&item.case_number));
    view! {
        <tr class:overdue=item.overdue class:new-tip=item.state == State::Submitted>
            <td data-label="案件编号"><a href=href>{item.case_number.clone()}</a></td>
            <td data-label="类别">{item.kind}</td>
            <td data-label="涉及单位">{item.subject_unit}</td>
            <td data-label="渠道">{item.channel}</td>
            <td data-label="状态">{item.state.label()}{item.forwarded_unit.map(|u| format!("({u})"))}
                {item.attention.map(|a| view! { " " <strong class="attention-tag">{a.label()}</strong> })}</td>
            <td data-label="提交时间">{item.submitted_at}</td>
            <td data-label="期限" class="due">{item.due.unwrap_or_default()}{item.overdue.then(|| view! { <strong class="overdue-tag">" 已超期"</strong> })}</td>
        </tr>
    }
}

pub fn queue_url(state: &str) -> String {
    build_url("/staff", &[("state", state.to_string())])
}

