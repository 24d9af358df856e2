//! `/tasks/weekly`: 一周一调度 — one week's reports grouped by area, the open tasks that
//! filed none marked 未报送, and the same sheet as XLSX for the dispatch meeting.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::components::{ErrorBox, Loading};
use crate::error::error_message;
use crate::lang::{localize, td_string, use_locale, DATA_LANG};
use crate::tasks::api::get_weekly_sheet;
use crate::tasks::pages::ledger::task_href;
use crate::url::build_url;

#[component]
pub fn WeeklySheetPage() -> impl IntoView {
    let l = use_locale();
    let query = use_query_map();
    let sheet = Resource::new(move || query.read().get("week").unwrap_or_default(), get_weekly_sheet);
    view! {
        <Title text=td_string!(l, tasks.weekly_title)/>
        <div class="wrap">
            <h1 class="page-title">{td_string!(l, tasks.weekly_heading)}</h1>
            <p class="sample-note">{td_string!(l, tasks.weekly_sample_note)}</p>
            <Suspense fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    match sheet.await {
                        Err(e) => view! { <ErrorBox message=error_message(&e)/> }.into_any(),
                        Ok(s) => {
                            let xlsx = build_url("/api/v1/tasks/weekly.xlsx", &[("week", s.week.clone())]);
                            view! {
                                <form method="get" action=localize(l, "/tasks/weekly") class="filter-row">
                                    <label for="week">{td_string!(l, tasks.week_label)}</label>
                                    <input id="week" name="week" type="date" value=s.week.clone()/>
                                    <button type="submit">{td_string!(l, tasks.week_show)}</button>
                                </form>
                                <p id="weekly-total">
                                    {td_string!(l, tasks.weekly_total, week = s.week.clone(), reported = s.reported, missing = s.missing)}
                                    " "<a href=xlsx id="weekly-xlsx" download>{td_string!(l, tasks.weekly_xlsx)}</a>
                                </p>
                                {s.areas.is_empty().then(|| view! { <p id="weekly-empty">{td_string!(l, tasks.weekly_empty)}</p> })}
                                {s.areas.into_iter().enumerate().map(|(i, a)| {
                                    let heading = format!("weekly-area-{}", i + 1);
                                    view! {
                                        <section class="weekly-area" aria-labelledby=heading.clone()>
                                            <h2 id=heading.clone() lang=DATA_LANG>{a.area.clone()}</h2>
                                            <table class="queue">
                                                <caption class="visually-hidden"><span lang=DATA_LANG>{a.area.clone()}</span>{td_string!(l, tasks.weekly_caption)}</caption>
                                                <thead><tr>
                                                    <th scope="col">{td_string!(l, tasks.col_task)}</th><th scope="col">{td_string!(l, tasks.unit)}</th>
                                                    <th scope="col">{td_string!(l, tasks.col_progress)}</th><th scope="col">{td_string!(l, tasks.col_this_week)}</th>
                                                    <th scope="col">{td_string!(l, tasks.col_problems)}</th><th scope="col">{td_string!(l, tasks.col_next_week)}</th>
                                                </tr></thead>
                                                <tbody>{a.rows.into_iter().map(|r| {
                                                    let missing = r.report.is_none();
                                                    view! {
                                                    <tr class:missing=missing data-code=r.code.clone()>
                                                        <td><a href=localize(l, &task_href(&r.code))>{r.code.clone()}</a>" "<span lang=DATA_LANG>{r.content}</span></td>
                                                        <td lang=DATA_LANG>{r.unit}</td>
                                                        {match r.report {
                                                            Some(p) => view! {
                                                                <td>{format!("{}%", p.percent)}</td>
                                                                <td lang=DATA_LANG>{p.progress}</td>
                                                                <td lang=DATA_LANG>{p.problems}" "{p.coordination}</td>
                                                                <td lang=DATA_LANG>{p.next_plan}</td>
                                                            }.into_any(),
                                                            None => view! { <td colspan="4"><span class="tag tag-warn">{td_string!(l, tasks.missing_report)}</span></td> }.into_any(),
                                                        }}
                                                    </tr>
                                                }}).collect_view()}</tbody>
                                            </table>
                                        </section>
                                    }
                                }).collect_view()}
                            }.into_any()
                        }
                    }
                })}
            </Suspense>
        </div>
    }
}
