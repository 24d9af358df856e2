//! `/dashboard`: 数据公开 — tips received and handled, within which deadlines, how
//! reporters rated the result; the reform ledger's lights; services meeting their targets.
//! Only aggregates, with small numbers suppressed (model.rs).

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Form;
use leptos_router::hooks::use_location;

use super::api::get_dashboard;
use super::chart::{BarChart, ColourChart, SmallCellNote};
use super::model::{label_in, Cell, Dashboard};
use crate::components::{ErrorBox, Loading};
use crate::error::error_message;
use crate::lang::{localize, td_string, use_locale, Locale, DATA_LANG};
use crate::url::{build_url, parse_pairs};

pub const CSV_PATH: &str = "/dashboard.csv";
pub const API_PATH: &str = "/api/v1/dashboard";

fn query_value(raw: &str, key: &str) -> String {
    parse_pairs(raw).unwrap_or_default().into_iter().find(|(k, _)| k == key).map(|(_, v)| v).unwrap_or_default()
}

#[component]
pub fn DashboardPage() -> impl IntoView {
    let l = use_locale();
    let raw = use_location().search;
    let figures = Resource::new(
        move || {
            let raw = raw.get();
            (query_value(&raw, "from"), query_value(&raw, "to"))
        },
        |(from, to)| get_dashboard(from, to),
    );
    view! {
        <Title text=td_string!(l, dashboard.title)/>
        <div class="wrap dashboard">
            <h1 class="page-title">{td_string!(l, dashboard.heading)}</h1>
            <p class="lead">
                {td_string!(l, dashboard.lead)}
                {(l == Locale::zh_CN).then(|| view! { <span lang="en" class="en">{td_string!(Locale::en, dashboard.lead)}</span> })}
            </p>
            <Suspense fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    match figures.await {
                        Err(e) => view! { <RangeForm l=l from=query_value(&raw.get_untracked(), "from") to=query_value(&raw.get_untracked(), "to")/><ErrorBox message=error_message(&e)/> }.into_any(),
                        Ok(d) => view! { <RangeForm l=l from=d.from.clone() to=d.to.clone()/><Figures l=l d=d/> }.into_any(),
                    }
                })}
            </Suspense>
        </div>
    }
}

#[component]
fn RangeForm(l: Locale, from: String, to: String) -> impl IntoView {
    let pairs = [("from", from.clone()), ("to", to.clone())];
    let csv = build_url(CSV_PATH, &pairs);
    let json = build_url(API_PATH, &pairs);
    view! {
        <Form method="GET" action=localize(l, "/dashboard") {..} class="range-form" id="range-form">
            <label for="from">{td_string!(l, dashboard.from_label)}</label>
            <input id="from" name="from" type="month" value=from.clone() min="2000-01" max="2100-12" pattern="[0-9]{4}-[0-9]{2}" placeholder="2026-01"/>
            <label for="to">{td_string!(l, dashboard.to_label)}</label>
            <input id="to" name="to" type="month" value=to.clone() min="2000-01" max="2100-12" pattern="[0-9]{4}-[0-9]{2}" placeholder="2026-12"/>
            <button type="submit">{td_string!(l, dashboard.show)}</button>
            <a href=csv id="csv-link" download="">{td_string!(l, dashboard.download_csv)}</a>
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
fn Figures(l: Locale, d: Dashboard) -> impl IntoView {
    let t = d.tips;
    let tiles: [(&str, &str, Cell); 5] = [
        ("received", td_string!(l, dashboard.tile_received), t.received),
        ("accepted", td_string!(l, dashboard.tile_accepted), t.accepted),
        ("not-accepted", td_string!(l, dashboard.tile_not_accepted), t.not_accepted),
        ("forwarded", td_string!(l, dashboard.tile_forwarded), t.forwarded),
        ("closed", td_string!(l, dashboard.tile_closed), t.closed),
    ];
    let durations = t.durations.into_iter().map(|x| {
        let (label, lang) = label_in(l, &x.label);
        view! { <tr><th scope="row" lang=lang>{label}</th><td>{days(x.median_days)}</td></tr> }
    }).collect_view();
    let limits = t.limits.into_iter().map(|x| {
        let (label, lang) = label_in(l, &x.label);
        view! {
            <tr><th scope="row" lang=lang>{label}</th><td>{td_string!(l, dashboard.working_days, days = x.working_days)}</td><td>{x.due.text()}</td><td>{x.met.text()}</td><td>{x.missed.text()}</td><td>{percent(x.percent)}</td></tr>
        }
    }).collect_view();
    // Chinese runs a link on after a sentence; English needs a space.
    let space = (l == Locale::en).then_some(" ");
    let services_rows = d.services_by_unit.into_iter().map(|s| view! {
        <tr><th scope="row" lang=DATA_LANG>{s.unit}</th><td>{s.services}</td><td>{s.met}</td></tr>
    }).collect_view();
    view! {
        <p id="range-echo" class="hint">{td_string!(l, dashboard.range_echo, from = &d.from, to = &d.to, today = &d.today)}</p>
        <section aria-labelledby="tips-heading">
            <h2 id="tips-heading">{td_string!(l, dashboard.tips_heading)}</h2>
            <ul class="tiles" id="tip-totals">
                {tiles.into_iter().map(|(id, label, c)| view! {
                    <li id=format!("tile-{id}")><span class="tile-value">{c.text()}</span><span class="tile-label">{label}</span></li>
                }).collect_view()}
            </ul>
            <SmallCellNote l=l/>
            <div class="chart-grid">
                <BarChart l=l id="by-month" title=td_string!(l, dashboard.chart_by_month) rows=t.by_month head=td_string!(l, dashboard.head_month)/>
                <BarChart l=l id="by-kind" title=td_string!(l, dashboard.chart_by_kind) rows=t.by_kind head=td_string!(l, dashboard.head_kind)/>
                <BarChart l=l id="by-channel" title=td_string!(l, dashboard.chart_by_channel) rows=t.by_channel head=td_string!(l, dashboard.head_channel)/>
                <BarChart l=l id="by-unit" title=td_string!(l, dashboard.chart_by_unit) rows=t.by_unit head=td_string!(l, dashboard.head_unit)/>
            </div>
            <h3>{td_string!(l, dashboard.durations_heading)}</h3>
            <table class="figures" id="durations">
                <thead><tr><th scope="col">{td_string!(l, dashboard.col_step)}</th><th scope="col">{td_string!(l, dashboard.col_median)}</th></tr></thead>
                <tbody>{durations}</tbody>
            </table>
            <h3>{td_string!(l, dashboard.limits_heading)}</h3>
            <table class="figures" id="limits">
                <thead><tr>
                    <th scope="col">{td_string!(l, dashboard.col_step)}</th>
                    <th scope="col">{td_string!(l, dashboard.col_limit)}</th>
                    <th scope="col">{td_string!(l, dashboard.col_due)}</th>
                    <th scope="col">{td_string!(l, dashboard.col_met)}</th>
                    <th scope="col">{td_string!(l, dashboard.col_missed)}</th>
                    <th scope="col">{td_string!(l, dashboard.col_rate)}</th>
                </tr></thead>
                <tbody>{limits}</tbody>
            </table>
            <p class="hint">{td_string!(l, dashboard.limits_hint)}</p>
            <div class="chart-grid">
                <BarChart l=l id="ratings" title=td_string!(l, dashboard.chart_ratings) rows=t.ratings head=td_string!(l, dashboard.head_rating)/>
            </div>
            <p id="objections">{td_string!(l, dashboard.objections, rated = t.rated.text(), objected = t.objected.text(), share = percent(t.objected_percent))}</p>
        </section>
        <section aria-labelledby="tasks-heading">
            <h2 id="tasks-heading">{td_string!(l, dashboard.tasks_heading)}</h2>
            <p class="hint">{td_string!(l, dashboard.tasks_hint)}{space} <a href=localize(l, "/tasks")>{td_string!(l, dashboard.tasks_link)}</a></p>
            <div class="chart-grid">
                <ColourChart l=l id="tasks-by-area" title=td_string!(l, dashboard.chart_tasks_by_area) rows=d.tasks_by_area head=td_string!(l, dashboard.head_area)/>
                <ColourChart l=l id="tasks-by-unit" title=td_string!(l, dashboard.chart_tasks_by_unit) rows=d.tasks_by_unit head=td_string!(l, dashboard.head_unit)/>
            </div>
        </section>
        <section aria-labelledby="services-heading">
            <h2 id="services-heading">{td_string!(l, dashboard.services_heading)}</h2>
            <p id="services-total">
                {td_string!(l, dashboard.services_total, total = d.services_total, met = d.services_met)}
                {space}<a href=localize(l, "/services?target_met=true")>{td_string!(l, dashboard.services_link)}</a>
            </p>
            <table class="figures" id="services-by-unit">
                <thead><tr>
                    <th scope="col">{td_string!(l, dashboard.head_unit)}</th>
                    <th scope="col">{td_string!(l, dashboard.col_services)}</th>
                    <th scope="col">{td_string!(l, dashboard.col_services_met)}</th>
                </tr></thead>
                <tbody>{services_rows}</tbody>
            </table>
        </section>
    }
}
