//! `/dashboard`: 数据公开 — tips received and handled, within which deadlines, how
//! reporters rated the result; the reform ledger's lights; services meeting their targets.
//! Only aggregates, with small numbers suppressed (model.rs).

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Form;
use leptos_router::hooks::use_location;

use super::api::get_dashboard;
use super::chart::{BarChart, ColourChart, SmallCellNote};
use super::model::{Cell, Dashboard};
use crate::components::{ErrorBox, Loading};
use crate::error::error_message;
use crate::url::{build_url, parse_pairs};

pub const CSV_PATH: &str = "/dashboard.csv";
pub const API_PATH: &str = "/api/v1/dashboard";

fn query_value(raw: &str, key: &str) -> String {
    parse_pairs(raw).unwrap_or_default().into_iter().find(|(k, _)| k == key).map(|(_, v)| v).unwrap_or_default()
}

#[component]
pub fn DashboardPage() -> impl IntoView {
    let raw = use_location().search;
    let figures = Resource::new(
        move || {
            let raw = raw.get();
            (query_value(&raw, "from"), query_value(&raw, "to"))
        },
        |(from, to)| get_dashboard(from, to),
    );
    view! {
        <Title text="数据公开"/>
        <div class="wrap dashboard">
            <h1 class="page-title">"数据公开：监督举报办理情况"</h1>
            <p class="lead">
                "全区受理的问题线索、办理时限、举报人评价，以及改革任务和办事服务的达标情况，按月统计。"
                <span lang="en" class="en">"Public dashboard: tips received and handled, deadlines kept, ratings; reform tasks and services. Aggregates only."</span>
            </p>
            <Suspense fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    match figures.await {
                        Err(e) => view! { <RangeForm from=query_value(&raw.get_untracked(), "from") to=query_value(&raw.get_untracked(), "to")/><ErrorBox message=error_message(&e)/> }.into_any(),
                        Ok(d) => view! { <RangeForm from=d.from.clone() to=d.to.clone()/><Figures d=d/> }.into_any(),
                    }
                })}
            </Suspense>
        </div>
    }
}

#[component]
fn RangeForm(from: String, to: String) -> impl IntoView {
    let pairs = [("from", from.clone()), ("to", to.clone())];
    let csv = build_url(CSV_PATH, &pairs);
    let json = build_url(API_PATH, &pairs);
    view! {
        <Form method="GET" action="/dashboard" {..} class="range-form" id="range-form">
            <label for="from">"起始月份"</label>
            <input id="from" name="from" type="month" value=from.clone() min="2000-01" max="2100-12" pattern="[0-9]{4}-[0-9]{2}" placeholder="2026-01"/>
            <label for="to">"结束月份"</label>
            <input id="to" name="to" type="month" value=to.clone() min="2000-01" max="2100-12" pattern="[0-9]{4}-[0-9]{2}" placeholder="2026-12"/>
            <button type="submit">"查看"</button>
            <a href=csv id="csv-link" download="">"下载 CSV"</a>
            <a href=json id="json-link">"JSON"</a>
        </Form>
    }
}

fn days(d: Option<f64>) -> String {
    match d {
        Some(d) if d.fract() == 0.0 => format!("{d:.0}"),
        Some(d) => format!("{d:.1}"),
        None => "—".to_string(),
    }
}

fn percent(p: Option<u32>) -> String {
    p.map(|p| format!("{p}%")).unwrap_or_else(|| "—".to_string())
}

#[component]
fn Figures(d: Dashboard) -> impl IntoView {
    let t = d.tips;
    let tiles: [(&str, &str, Cell); 5] = [
        ("received", "收到线索", t.received),
        ("accepted", "已受理", t.accepted),
        ("not-accepted", "不予受理", t.not_accepted),
        ("forwarded", "转单位核查", t.forwarded),
        ("closed", "已办结", t.closed),
    ];
    let durations = t.durations.into_iter().map(|x| view! {
        <tr><th scope="row">{x.label}</th><td>{days(x.median_days)}</td></tr>
    }).collect_view();
    let limits = t.limits.into_iter().map(|l| view! {
        <tr><th scope="row">{l.label}</th><td>{format!("{} 个工作日", l.working_days)}</td><td>{l.due.text()}</td><td>{l.met.text()}</td><td>{l.missed.text()}</td><td>{percent(l.percent)}</td></tr>
    }).collect_view();
    let services_rows = d.services_by_unit.into_iter().map(|s| view! {
        <tr><th scope="row">{s.unit}</th><td>{s.services}</td><td>{s.met}</td></tr>
    }).collect_view();
    view! {
        <p id="range-echo" class="hint">{format!("统计范围：{} 至 {}（按提交月份，只统计已结束的月份），办理情况截至 {}。", d.from, d.to, d.today)}</p>
        <section aria-labelledby="tips-heading">
            <h2 id="tips-heading">"问题线索"</h2>
            <ul class="tiles" id="tip-totals">
                {tiles.into_iter().map(|(id, label, c)| view! {
                    <li id=format!("tile-{id}")><span class="tile-value">{c.text()}</span><span class="tile-label">{label}</span></li>
                }).collect_view()}
            </ul>
            <SmallCellNote/>
            <div class="chart-grid">
                <BarChart id="by-month" title="按月份" rows=t.by_month head="月份"/>
                <BarChart id="by-kind" title="按问题类别" rows=t.by_kind head="类别"/>
                <BarChart id="by-channel" title="按来源渠道" rows=t.by_channel head="渠道"/>
                <BarChart id="by-unit" title="按涉及单位" rows=t.by_unit head="单位"/>
            </div>
            <h3>"办理用时（工作日，中位数）"</h3>
            <table class="figures" id="durations">
                <thead><tr><th scope="col">"环节"</th><th scope="col">"中位数（工作日）"</th></tr></thead>
                <tbody>{durations}</tbody>
            </table>
            <h3>"按期办理"</h3>
            <table class="figures" id="limits">
                <thead><tr><th scope="col">"环节"</th><th scope="col">"时限"</th><th scope="col">"应办件数"</th><th scope="col">"按期"</th><th scope="col">"逾期"</th><th scope="col">"按期率"</th></tr></thead>
                <tbody>{limits}</tbody>
            </table>
            <p class="hint">"“应办件数”为已办理或已过期限的件数；按期或逾期不足 5 件时两项都不公布；“—”表示件数太少、不公布中位数或比例。"</p>
            <div class="chart-grid">
                <BarChart id="ratings" title="举报人评价" rows=t.ratings head="评价"/>
            </div>
            <p id="objections">{format!("已评价 {} 件；举报人提出异议 {} 件，占已反馈件数的 {}。", t.rated.text(), t.objected.text(), percent(t.objected_percent))}</p>
        </section>
        <section aria-labelledby="tasks-heading">
            <h2 id="tasks-heading">"改革攻坚任务（截至今日）"</h2>
            <p class="hint">"绿灯正常推进，黄灯进度滞后，红灯严重滞后或超期；已销号的任务计为绿灯。" <a href="/tasks">"查看任务台账"</a></p>
            <div class="chart-grid">
                <ColourChart id="tasks-by-area" title="按改革领域" rows=d.tasks_by_area head="领域"/>
                <ColourChart id="tasks-by-unit" title="按责任单位" rows=d.tasks_by_unit head="单位"/>
            </div>
        </section>
        <section aria-labelledby="services-heading">
            <h2 id="services-heading">"办事服务达标情况"</h2>
            <p id="services-total">{format!("共 {} 项服务事项，{} 项已达到优化目标。", d.services_total, d.services_met)} <a href="/services?target_met=true">"查看已达标事项"</a></p>
            <table class="figures" id="services-by-unit">
                <thead><tr><th scope="col">"单位"</th><th scope="col">"事项"</th><th scope="col">"已达标"</th></tr></thead>
                <tbody>{services_rows}</tbody>
            </table>
        </section>
    }
}
