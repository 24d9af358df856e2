//! Charts drawn as SVG by the server (so they show without JavaScript), each with its
//! numbers in a table beside it for screen readers and for copying.

use leptos::prelude::*;

use super::model::{label_in, Cell, Progress, Row, SMALL_CELL, SMALL_TEXT};
use crate::lang::{td_string, Locale, DATA_LANG};

const WIDTH: f64 = 560.0;
const LABEL: f64 = 190.0;
const BAR_SPACE: f64 = WIDTH - LABEL - 56.0;
const ROW: f64 = 26.0;

/// A label cut to what fits the chart's label column; the table keeps it whole.
fn fit(label: &str) -> String {
    // Latin letters take about half the width of Chinese characters.
    let limit = if label.is_ascii() { 24 } else { 12 };
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
pub fn BarChart(l: Locale, id: &'static str, #[prop(into)] title: String, rows: Vec<Row>, #[prop(into)] head: String) -> impl IntoView {
    let rows: Vec<_> = rows.into_iter().map(|r| (label_in(l, &r.label), r)).collect();
    let max = rows.iter().filter_map(|(_, r)| r.count.value()).max().unwrap_or(0);
    let width = scale(max);
    let height = (rows.len() as f64 * ROW).max(ROW) + 6.0;
    let bars = rows
        .iter()
        .enumerate()
        .map(|(i, ((label, lang), r))| {
            let y = i as f64 * ROW + 4.0;
            let (w, class) = match r.count {
                Cell::Count(n) => (width(n), "bar-fill"),
                Cell::Small => (width(SMALL_CELL - 1), "bar-small"),
            };
            view! {
                <g>
                    <text x=LABEL - 8.0 y=y + 15.0 text-anchor="end" class="chart-label" lang=*lang>{fit(label)}</text>
                    <rect x=LABEL y=y + 2.0 width=w height=ROW - 8.0 class=class></rect>
                    <text x=LABEL + w + 6.0 y=y + 15.0 class="chart-value">{r.count.text()}</text>
                </g>
            }
        })
        .collect_view();
    let table_rows = rows
        .into_iter()
        .map(|((label, lang), r)| view! { <tr><th scope="row" lang=lang>{label}</th><td>{r.count.text()}</td></tr> })
        .collect_view();
    let columns = vec![td_string!(l, dashboard.col_count)];
    view! { <ChartFrame id=id title=title height=height bars=bars.into_any() head=head columns=columns rows=table_rows.into_any()/> }
}

/// The reform ledger's traffic lights per group: green, yellow and red stacked.
#[component]
pub fn ColourChart(l: Locale, id: &'static str, #[prop(into)] title: String, rows: Vec<Progress>, #[prop(into)] head: String) -> impl IntoView {
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
                    <text x=LABEL - 8.0 y=y + 15.0 text-anchor="end" class="chart-label" lang=DATA_LANG>{fit(&p.name)}</text>
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
            view! { <tr><th scope="row" lang=DATA_LANG>{p.name}</th><td>{p.tasks}</td><td>{green}</td><td>{p.yellow}</td><td>{p.red}</td><td>{p.closed}</td></tr> }
        })
        .collect_view();
    let columns = vec![
        td_string!(l, dashboard.col_tasks),
        td_string!(l, dashboard.col_green),
        td_string!(l, dashboard.col_yellow),
        td_string!(l, dashboard.col_red),
        td_string!(l, dashboard.col_closed),
    ];
    view! { <ChartFrame id=id title=title height=height bars=bars.into_any() head=head columns=columns rows=table_rows.into_any()/> }
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
pub fn SmallCellNote(l: Locale) -> impl IntoView {
    view! {
        <p class="hint small-note">
            {td_string!(l, dashboard.small_note, small = SMALL_TEXT)}
            {(l == Locale::zh_CN).then(|| view! { <span lang="en" class="en">{td_string!(Locale::en, dashboard.small_note, small = SMALL_TEXT)}</span> })}
        </p>
    }
}
