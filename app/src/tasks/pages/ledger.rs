//! `/tasks`: the public ledger — progress by area and by unit (an area's percent is the
//! mean of its tasks'), and the tasks themselves with facets, by links and GET forms.

use leptos::prelude::*;
use leptos_meta::{Link, Title};
use leptos_router::components::Form;
use leptos_router::hooks::use_location;

use crate::components::{ErrorBox, Loading, PartialNotice};
use crate::error::error_message;
use crate::lang::{localize, td_string, use_locale, Locale, DATA_LANG};
use crate::policies::components::unit_href;
use crate::tasks::api::{get_overview, search_tasks};
use crate::tasks::model::{state_label_in, FacetValue, Progress, TaskHit, TaskResults};
use crate::tasks::query::TaskParams;
use crate::url::percent_encode;

/// The Atom feed of tasks added or changed (progress reports and certifications too).
pub const FEED_PATH: &str = "/tasks.atom";

/// The task's page, unlocalized (the Atom feed and staff pages use it as is).
pub fn task_href(code: &str) -> String {
    format!("/task/{}", percent_encode(code))
}

#[component]
pub fn ColourBadge(hit: TaskHit) -> impl IntoView {
    let l = use_locale();
    view! {
        {hit.colour.map(|c| view! { <span class=format!("tag light light-{}", c.key()) title=c.label_in(l)>{c.label_in(l)}</span> })}
        {hit.closed.then(|| view! { <span class="tag tag-ok">{td_string!(l, tasks.state_closed)}</span> })}
        {hit.missing_report.then(|| view! { <span class="tag tag-warn">{td_string!(l, tasks.missing_report)}</span> })}
    }
}

#[component]
pub fn TasksPage() -> impl IntoView {
    let l = use_locale();
    let raw = use_location().search;
    let params = Memo::new(move |_| TaskParams::from_query(&raw.get()).unwrap_or_default());
    let results = Resource::new(move || raw.get(), search_tasks);
    let overview = Resource::new(|| (), |_| get_overview());
    view! {
        <Title text=td_string!(l, tasks.title)/>
        <Link rel="alternate" type_="application/atom+xml" href=FEED_PATH title=td_string!(l, tasks.feed_title)/>
        <div class="wrap">
            <h1 class="page-title">{td_string!(l, tasks.title)}<a class="feed-link" href=FEED_PATH>{td_string!(l, tasks.feed_link)}</a></h1>
            <p class="sample-note">{td_string!(l, tasks.sample_note)}</p>
            <p class="hint">{td_string!(l, tasks.hint)}{(l == Locale::en).then_some(" ")}<a href=localize(l, "/tasks/weekly") id="weekly-link">{td_string!(l, tasks.weekly_link)}</a></p>
            <Suspense fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    match overview.await {
                        Err(e) => view! { <ErrorBox message=error_message(&e)/> }.into_any(),
                        Ok(o) => view! {
                            <p id="ledger-total">{td_string!(l, tasks.ledger_total, total = o.total, closed = o.closed, week = o.week_due)}</p>
                            <details open=true class="progress-block">
                                <summary><h2>{td_string!(l, tasks.by_area)}</h2></summary>
                                <ProgressTable rows=o.by_area link=|name| TaskParams { area: Some(name.to_string()), ..Default::default() }.url(1) id="by-area"/>
                            </details>
                            <details class="progress-block">
                                <summary><h2>{td_string!(l, tasks.by_unit)}</h2></summary>
                                <ProgressTable rows=o.by_unit link=|name| unit_href(name) id="by-unit"/>
                            </details>
                        }.into_any(),
                    }
                })}
            </Suspense>
            {move || {
                let q = params.get().q;
                view! {
                    <Form method="GET" action=localize(l, "/tasks") {..} class="search-form" role="search">
                        <label for="tq" class="search-label">{td_string!(l, tasks.search_label)}</label>
                        <div class="search-row">
                            <input id="tq" name="q" type="search" value=q maxlength="200" placeholder=td_string!(l, tasks.search_placeholder)/>
                            <button type="submit">{td_string!(l, tasks.search_button)}</button>
                        </div>
                    </Form>
                }
            }}
            <Suspense fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    match results.await {
                        Err(e) => view! { <ErrorBox message=error_message(&e)/> }.into_any(),
                        Ok(r) => view! { <Results params=params.get_untracked() results=r/> }.into_any(),
                    }
                })}
            </Suspense>
        </div>
    }
}

#[component]
fn ProgressTable(rows: Vec<Progress>, link: fn(&str) -> String, id: &'static str) -> impl IntoView {
    let l = use_locale();
    view! {
        <table class="progress" id=id>
            <thead><tr>
                <th scope="col">{td_string!(l, tasks.col_name)}</th><th scope="col">{td_string!(l, tasks.col_tasks)}</th>
                <th scope="col">{td_string!(l, tasks.state_closed)}</th><th scope="col">{td_string!(l, tasks.col_mean_progress)}</th>
                <th scope="col">{td_string!(l, tasks.col_red)}</th><th scope="col">{td_string!(l, tasks.col_yellow)}</th>
                <th scope="col">{td_string!(l, tasks.missing_report)}</th>
            </tr></thead>
            <tbody>
                {rows.into_iter().map(|p| view! {
                    <tr>
                        <th scope="row"><a href=localize(l, &link(&p.name)) lang=DATA_LANG>{p.name.clone()}</a></th>
                        <td>{p.tasks}</td><td>{p.closed}</td>
                        <td><span class="bar" style=format!("--pct:{}%", p.percent)></span>{format!("{}%", p.percent)}</td>
                        <td>{p.red}</td><td>{p.yellow}</td><td>{p.missing_reports}</td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
    }
}

const FACETS: [&str; 4] = ["area", "source", "state", "unit"];

fn facet_title(l: Locale, key: &str) -> &'static str {
    match key {
        "area" => td_string!(l, tasks.facet_area),
        "source" => td_string!(l, tasks.source),
        "state" => td_string!(l, tasks.state),
        _ => td_string!(l, tasks.unit),
    }
}

fn values<'a>(r: &'a TaskResults, key: &str) -> &'a [FacetValue] {
    match key {
        "area" => &r.facets.area,
        "source" => &r.facets.source,
        "state" => &r.facets.state,
        _ => &r.facets.unit,
    }
}

fn toggled(params: &TaskParams, key: &str, value: &str) -> (TaskParams, bool) {
    let mut next = TaskParams { offset: 0, ..params.clone() };
    let slot = match key {
        "area" => &mut next.area,
        "source" => &mut next.source,
        "state" => &mut next.state,
        _ => &mut next.unit,
    };
    let active = slot.as_deref() == Some(value);
    *slot = (!active).then(|| value.to_string());
    (next, active)
}

#[component]
fn Results(params: TaskParams, results: TaskResults) -> impl IntoView {
    let l = use_locale();
    let pages = results.total.div_ceil(results.limit.max(1)).max(1);
    let page = params.page();
    view! {
        <div class="search-layout">
            <aside class="sidebar">
                <nav id="facets" aria-label=td_string!(l, tasks.facets_label)>
                    {FACETS.into_iter().map(|key| {
                        let list = values(&results, key).to_vec();
                        let params = params.clone();
                        view! {
                            <section class="facet" data-facet=key>
                                <h2>{facet_title(l, key)}</h2>
                                <ul>
                                    {list.into_iter().map(|v| {
                                        let (next, active) = toggled(&params, key, &v.value);
                                        // Area, source and unit are the sheet's words; the state is ours.
                                        let name = if key == "state" {
                                            view! { <span>{state_label_in(&v.value, l)}</span> }.into_any()
                                        } else {
                                            view! { <span lang=DATA_LANG>{v.value.clone()}</span> }.into_any()
                                        };
                                        view! { <li><a class="facet-link" class:active=active href=localize(l, &next.url(1)) aria-current=active.then_some("true")>
                                            {name}{format!(" ({})", v.count)}</a></li> }
                                    }).collect_view()}
                                </ul>
                            </section>
                        }
                    }).collect_view()}
                </nav>
            </aside>
            <section class="results" aria-labelledby="tasks-h">
                <h2 id="tasks-h">{td_string!(l, tasks.tasks_heading, total = results.total)}</h2>
                {results.partial.then(|| view! { <PartialNotice/> })}
                <ol id="task-list" class="service-hits">
                    {results.hits.into_iter().map(|hit| view! {
                        <li class="hit task-hit">
                            <h3><a class="hit-title" href=localize(l, &task_href(&hit.code)) lang=DATA_LANG>{hit.content.clone()}</a></h3>
                            <p class="hit-meta">
                                <span class="tag" lang=DATA_LANG>{hit.area.clone()}</span>
                                <span class="tag">{td_string!(l, tasks.source_prefix)}<span lang=DATA_LANG>{hit.source.clone()}</span></span>
                                <ColourBadge hit=hit.clone()/>
                            </p>
                            <p class="hit-units"><a href=localize(l, &unit_href(&hit.unit)) lang=DATA_LANG>{hit.unit.clone()}</a>" · "
                                {td_string!(l, tasks.hit_meta, deadline = hit.deadline.clone(), percent = hit.percent, code = hit.code.clone())}</p>
                        </li>
                    }).collect_view()}
                </ol>
                {(pages > 1).then(|| view! {
                    <nav class="pagination" aria-label=td_string!(l, common.pages_label)>
                        {(page > 1).then(|| view! { <a rel="prev" href=localize(l, &params.url(page - 1))>{td_string!(l, common.prev_page)}</a> })}
                        <span>{td_string!(l, common.page_of, page = page, pages = pages)}</span>
                        {(page < pages).then(|| view! { <a rel="next" href=localize(l, &params.url(page + 1))>{td_string!(l, common.next_page)}</a> })}
                    </nav>
                })}
            </section>
        </div>
    }
}
