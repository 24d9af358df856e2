//! Charts drawn as SVG by the server (so they show without JavaScript), each with its
//! numbers in a table beside it for screen readers and for copying.

use leptos::prelude::*;

use super::model::{Cell, Progress, Row, SMALL_CELL, SMALL_TEXT};

const WIDTH: f64 = 560.0;
const LABEL: f64 = 190.0;
const BAR_SPACE: f64 = WIDTH - LABEL - 56.0;
const ROW: f64 = 26.0;

/// A label cut to what fits the chart's label column; the table keeps it whole.
fn fit(label: &str) -> String {
    let limit = 12;
    if label.chars().count() <= limit {
        label.to_string()
    } else {
        let mut cut: String = label.chars().take(limit - 1).collect();
        cut.push('…');
        cut
    }
}

fn scale(max: u32) -> impl Fn(u32) -> f64 {
    let max = max.max(SMALL_CELL) as f64;
    move |n| (n as f64 / max * BAR_SPACE).max(3.0)
}

/// Horizontal bars, one per row; a "<5" row gets a short hatched bar and no number.
#[component]
pub fn BarChart(id: &'static str, #[prop(into)] title: String, rows: Vec<Row>, #[prop(into)] head: String) -> impl IntoView {
    let max = rows.iter().filter_map(|r| r.count.value()).max().unwrap_or(0);
    let width = scale(max);
    let height = (rows.len() as f64 * ROW).max(ROW) + 6.0;
    let bars = rows
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let y = i as f64 * ROW + 4.0;
            let (w, class) = match r.count {
                Cell::Count(n) => (width(n), "bar-fill"),
                Cell::Small => (width(SMALL_CELL - 1), "bar-small"),
            };
            view! {
                <g>
                    <text x=LABEL - 8.0 y=y + 15.0 text-anchor="end" class="chart-label">{fit(&r.label)}</text>
                    <rect x=LABEL y=y + 2.0 width=w height=ROW - 8.0 class=class></rect>
                    <text x=LABEL + w + 6.0 y=y + 15.0 class="chart-value">{r.count.text()}</text>
                </g>
            }
        })
        .collect_view();
    let table_rows = rows
        .into_iter()
        .map(|r| view! { <tr><th scope="row">{r.label}</th><td>{r.count.text()}</td></tr> })
        .collect_view();
    view! { <ChartFrame id=id title=title height=height bars=bars.into_any() head=head columns=vec!["件数"] rows=table_rows.into_any()/> }
}

/// The reform ledger's traffic lights per group: green, yellow and red stacked.
#[component]
pub fn ColourChart(id: &'static str, #[prop(into)] title: String, rows: Vec<Progress>, #[prop(into)] head: String) -> impl IntoView {
    let max = rows.iter().map(|p| p.tasks).max().unwrap_or(0).max(1) as f64;
    let part = move |n: u32| n as f64 / max * BAR_SPACE;
    let height = (rows.len() as f64 * ROW).max(ROW) + 6.0;
    let bars = rows
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let y = i as f64 * ROW + 4.0;
            let green = p.tasks.saturating_sub(p.red + p.yellow);
            let (gw, yw, rw) = (part(green), part(p.yellow), part(p.red));
            view! {
                <g>
                    <text x=LABEL - 8.0 y=y + 15.0 text-anchor="end" class="chart-label">{fit(&p.name)}</text>
                    <rect x=LABEL y=y + 2.0 width=gw height=ROW - 8.0 class="light-green-fill"></rect>
                    <rect x=LABEL + gw y=y + 2.0 width=yw height=ROW - 8.0 class="light-yellow-fill"></rect>
                    <rect x=LABEL + gw + yw y=y + 2.0 width=rw height=ROW - 8.0 class="light-red-fill"></rect>
                    <text x=LABEL + gw + yw + rw + 6.0 y=y + 15.0 class="chart-value">{p.tasks}</text>
                </g>
            }
        })
        .collect_view();
    let table_rows = rows
        .into_iter()
        .map(|p| {
            let green = p.tasks.saturating_sub(p.red + p.yellow);
            view! { <tr><th scope="row">{p.name}</th><td>{p.tasks}</td><td>{green}</td><td>{p.yellow}</td><td>{p.red}</td><td>{p.closed}</td></tr> }
        })
        .collect_view();
    view! { <ChartFrame id=id title=title height=height bars=bars.into_any() head=head columns=vec!["任务", "绿灯", "黄灯", "红灯", "已销号"] rows=table_rows.into_any()/> }
}

/// A chart's frame: its caption, the SVG hidden from screen readers, and the table of the
/// same numbers beside it.
#[component]
fn ChartFrame(id: &'static str, title: String, height: f64, bars: AnyView, head: String, columns: Vec<&'static str>, rows: AnyView) -> impl IntoView {
    view! {
        <figure class="chart" id=id>
            <figcaption>{title.clone()}</figcaption>
            <div class="chart-body">
                <svg viewBox=format!("0 0 {WIDTH} {height}") width=WIDTH height=height aria-hidden="true" focusable="false" class="chart-svg">
                    {bars}
                </svg>
                <table class="chart-table">
                    <caption class="visually-hidden">{title}</caption>
                    <thead><tr><th scope="col">{head}</th>{columns.into_iter().map(|c| view! { <th scope="col">{c}</th> }).collect_view()}</tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        </figure>
    }
}

/// What "<5" means, under every chart of tips.
#[component]
pub fn SmallCellNote() -> impl IntoView {
    view! {
        <p class="hint small-note">
            {format!("“{SMALL_TEXT}”表示不足 5 件（含 0 件）：为保护举报人，少于 5 件的数字一律不公布；一组中只有一项不足 5 件时，另一项最小的也一并不公布。")}
            <span lang="en" class="en">"“<5” means fewer than five cases (or none): small numbers are never published, so no reporter can be singled out."</span>
        </p>
    }
}
