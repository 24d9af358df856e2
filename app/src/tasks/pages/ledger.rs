//! `/tasks`: the public ledger — progress by area and by unit (an area's percent is the
//! mean of its tasks'), and the tasks themselves with facets, by links and GET forms.

use leptos::prelude::*;
use leptos_meta::{Link, Title};
use leptos_router::components::Form;
use leptos_router::hooks::use_location;

use crate::components::{ErrorBox, Loading, PartialNotice};
use crate::error::error_message;
use crate::policies::components::unit_href;
use crate::tasks::api::{get_overview, search_tasks};
use crate::tasks::model::{FacetValue, Progress, TaskHit, TaskResults};
use crate::tasks::query::TaskParams;
use crate::url::percent_encode;

/// The Atom feed of tasks added or changed (progress reports and certifications too).
pub const FEED_PATH: &str = "/tasks.atom";

pub fn task_href(code: &str) -> String {
    format!("/task/{}", percent_encode(code))
}

#[component]
pub fn ColourBadge(hit: TaskHit) -> impl IntoView {
    view! {
        {hit.colour.map(|c| view! { <span class=format!("tag light light-{}", c.key()) title=c.label()>{c.label()}</span> })}
        {hit.closed.then(|| view! { <span class="tag tag-ok">"已销号"</span> })}
        {hit.missing_report.then(|| view! { <span class="tag tag-warn">"未报送"</span> })}
    }
}

#[component]
pub fn TasksPage() -> impl IntoView {
    let raw = use_location().search;
    let params = Memo::new(move |_| TaskParams::from_query(&raw.get()).unwrap_or_default());
    let results = Resource::new(move || raw.get(), search_tasks);
    let overview = Resource::new(|| (), |_| get_overview());
    view! {
        <Title text="改革攻坚任务清单"/>
        <Link rel="alternate" type_="application/atom+xml" href=FEED_PATH title="改革攻坚任务：新增和进展（Atom）"/>
        <div class="wrap">
            <h1 class="page-title">"改革攻坚任务清单" <a class="feed-link" href=FEED_PATH>"订阅进展（Atom）"</a></h1>
            <p class="sample-note">"示例数据：以下任务为演示用的示例台账，并非区政府正式发布的清单。"</p>
            <p class="hint">"一周一调度、一月一认定，销号管理、跟踪问效。" <a href="/tasks/weekly" id="weekly-link">"周调度表"</a></p>
            <Suspense fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    match overview.await {
                        Err(e) => view! { <ErrorBox message=error_message(&e)/> }.into_any(),
                        Ok(o) => view! {
                            <p id="ledger-total">{format!("共 {} 项任务，已销号 {} 项；本周应报送 {} 当周进展。", o.total, o.closed, o.week_due)}</p>
                            <details open=true class="progress-block">
                                <summary><h2>"按改革领域"</h2></summary>
                                <ProgressTable rows=o.by_area link=|name| TaskParams { area: Some(name.to_string()), ..Default::default() }.url(1) id="by-area"/>
                            </details>
                            <details class="progress-block">
                                <summary><h2>"按责任单位"</h2></summary>
                                <ProgressTable rows=o.by_unit link=|name| unit_href(name) id="by-unit"/>
                            </details>
                        }.into_any(),
                    }
                })}
            </Suspense>
            {move || {
                let q = params.get().q;
                view! {
                    <Form method="GET" action="/tasks" {..} class="search-form" role="search">
                        <label for="tq" class="search-label">"搜索任务"</label>
                        <div class="search-row">
                            <input id="tq" name="q" type="search" value=q maxlength="200" placeholder="如：工程建设项目审批、不动产登记、一网通办"/>
                            <button type="submit">"搜索"</button>
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
    view! {
        <table class="progress" id=id>
            <thead><tr><th scope="col">"名称"</th><th scope="col">"任务"</th><th scope="col">"已销号"</th><th scope="col">"平均进度"</th><th scope="col">"红灯"</th><th scope="col">"黄灯"</th><th scope="col">"未报送"</th></tr></thead>
            <tbody>
                {rows.into_iter().map(|p| view! {
                    <tr>
                        <th scope="row"><a href=link(&p.name)>{p.name.clone()}</a></th>
                        <td>{p.tasks}</td><td>{p.closed}</td>
                        <td><span class="bar" style=format!("--pct:{}%", p.percent)></span>{format!("{}%", p.percent)}</td>
                        <td>{p.red}</td><td>{p.yellow}</td><td>{p.missing_reports}</td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
    }
}

const FACETS: &[(&str, &str)] = &[("area", "改革领域"), ("source", "任务来源"), ("state", "状态"), ("unit", "责任单位")];

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

fn state_label(v: &str) -> &str {
    match v {
        "open" => "推进中",
        "closed" => "已销号",
        other => other,
    }
}

#[component]
fn Results(params: TaskParams, results: TaskResults) -> impl IntoView {
    let pages = results.total.div_ceil(results.limit.max(1)).max(1);
    let page = params.page();
    view! {
        <div class="search-layout">
            <aside class="sidebar">
                <nav id="facets" aria-label="筛选条件">
                    {FACETS.iter().map(|(key, title)| {
                        let list = values(&results, key).to_vec();
                        let params = params.clone();
                        view! {
                            <section class="facet" data-facet=*key>
                                <h2>{*title}</h2>
                                <ul>
                                    {list.into_iter().map(|v| {
                                        let (next, active) = toggled(&params, key, &v.value);
                                        view! { <li><a class="facet-link" class:active=active href=next.url(1) aria-current=active.then_some("true")>
                                            {format!("{} ({})", state_label(&v.value), v.count)}</a></li> }
                                    }).collect_view()}
                                </ul>
                            </section>
                        }
                    }).collect_view()}
                </nav>
            </aside>
            <section class="results" aria-labelledby="tasks-h">
                <h2 id="tasks-h">{format!("任务（共 {} 项）", results.total)}</h2>
                {results.partial.then(|| view! { <PartialNotice/> })}
                <ol id="task-list" class="service-hits">
                    {results.hits.into_iter().map(|hit| view! {
                        <li class="hit task-hit">
                            <h3><a class="hit-title" href=task_href(&hit.code)>{hit.content.clone()}</a></h3>
                            <p class="hit-meta"><span class="tag">{hit.area.clone()}</span><span class="tag">{format!("来源：{}", hit.source)}</span><ColourBadge hit=hit.clone()/></p>
                            <p class="hit-units"><a href=unit_href(&hit.unit)>{hit.unit.clone()}</a>{format!(" · 完成时限 {} · 进度 {}% · {}", hit.deadline, hit.percent, hit.code)}</p>
                        </li>
                    }).collect_view()}
                </ol>
                {(pages > 1).then(|| view! {
                    <nav class="pagination" aria-label="分页">
                        {(page > 1).then(|| view! { <a rel="prev" href=params.url(page - 1)>"上一页"</a> })}
                        <span>{format!("第 {page} / {pages} 页")}</span>
                        {(page < pages).then(|| view! { <a rel="next" href=params.url(page + 1)>"下一页"</a> })}
                    </nav>
                })}
            </section>
        </div>
    }
}
