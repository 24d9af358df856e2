//! `/tasks/weekly`: 一周一调度 — one week's reports grouped by area, the open tasks that
//! filed none marked 未报送, and the same sheet as XLSX for the dispatch meeting.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::components::{ErrorBox, Loading};
use crate::error::error_message;
use crate::tasks::api::get_weekly_sheet;
use crate::tasks::pages::ledger::task_href;
use crate::url::build_url;

#[component]
pub fn WeeklySheetPage() -> impl IntoView {
    let query = use_query_map();
    let sheet = Resource::new(move || query.read().get("week").unwrap_or_default(), get_weekly_sheet);
    view! {
        <Title text="改革任务周调度表"/>
        <div class="wrap">
            <h1 class="page-title">"改革任务 · 周调度表"</h1>
            <p class="sample-note">"示例数据：以下任务为演示用的示例台账。"</p>
            <Suspense fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    match sheet.await {
                        Err(e) => view! { <ErrorBox message=error_message(&e)/> }.into_any(),
                        Ok(s) => {
                            let xlsx = build_url("/api/v1/tasks/weekly.xlsx", &[("week", s.week.clone())]);
                            view! {
                                <form method="get" action="/tasks/weekly" class="filter-row">
                                    <label for="week">"周次（该周任意一天）"</label>
                                    <input id="week" name="week" type="date" value=s.week.clone()/>
                                    <button type="submit">"查看"</button>
                                </form>
                                <p id="weekly-total">
                                    {format!("{} 起一周：已报送 {} 项，未报送 {} 项。", s.week, s.reported, s.missing)}
                                    " "<a href=xlsx id="weekly-xlsx" download>"下载 Excel（XLSX）"</a>
                                </p>
                                {s.areas.is_empty().then(|| view! { <p id="weekly-empty">"该周没有需要报送的任务。"</p> })}
                                {s.areas.into_iter().enumerate().map(|(i, a)| {
                                    let heading = format!("weekly-area-{}", i + 1);
                                    view! {
                                        <section class="weekly-area" aria-labelledby=heading.clone()>
                                            <h2 id=heading.clone()>{a.area.clone()}</h2>
                                            <table class="queue">
                                                <caption class="visually-hidden">{format!("{} 本周进展", a.area)}</caption>
                                                <thead><tr><th scope="col">"任务"</th><th scope="col">"责任单位"</th><th scope="col">"进度"</th><th scope="col">"本周进展"</th><th scope="col">"存在问题 / 需协调"</th><th scope="col">"下周计划"</th></tr></thead>
                                                <tbody>{a.rows.into_iter().map(|r| {
                                                    let missing = r.report.is_none();
                                                    view! {
                                                    <tr class:missing=missing data-code=r.code.clone()>
                                                        <td><a href=task_href(&r.code)>{r.code.clone()}</a>" "{r.content}</td>
                                                        <td>{r.unit}</td>
                                                        {match r.report {
                                                            Some(p) => view! {
                                                                <td>{format!("{}%", p.percent)}</td>
                                                                <td>{p.progress}</td>
                                                                <td>{p.problems}" "{p.coordination}</td>
                                                                <td>{p.next_plan}</td>
                                                            }.into_any(),
                                                            None => view! { <td colspan="4"><span class="tag tag-warn">"未报送"</span></td> }.into_any(),
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
