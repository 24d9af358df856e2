//! `/supervision`: the supervision checklist (100个是否) by area, each question with its
//! 我要反映 link, and the ten incentive and punishment measures.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::components::{ErrorBox, Loading};
use crate::error::error_message;
use crate::supervision::api::get_checklist;
use crate::supervision::model::{area_short, INCENTIVES, PUNISHMENTS, TOLERANCE};

pub fn report_href(number: u32) -> String {
    format!("/report?question={number}")
}

#[component]
pub fn ChecklistPage() -> impl IntoView {
    let checklist = Resource::new(|| (), |_| get_checklist());
    view! {
        <Title text="监督清单（100个是否）"/>
        <div class="wrap">
            <h1 class="page-title">"监督清单 · 100个是否"</h1>
            <p class="sample-note">"示例数据：以下问题为演示用的示例清单，并非区纪委监委正式发布的监督清单。"</p>
            <p class="lead">
                "区纪委监委对照以下问题开展监督检查。发现哪一条没有做到，可以直接反映。"
                <span lang="en" class="en">"The checklist the district's supervisors work by: report any point not met."</span>
            </p>
            <Suspense fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    match checklist.await {
                        Err(e) => view! { <ErrorBox message=error_message(&e)/> }.into_any(),
                        Ok(c) => view! {
                            <nav aria-label="监督领域" class="area-nav">
                                <ul>{c.areas.iter().enumerate().map(|(i, a)| view! {
                                    <li><a href=format!("#area-{}", i + 1)>{format!("{}（{} 条）", a.area, a.questions.len())}</a></li>
                                }).collect_view()}</ul>
                            </nav>
                            {c.areas.into_iter().enumerate().map(|(i, a)| {
                                let start = a.questions.first().map(|q| q.number).unwrap_or(1);
                                let heading = format!("area-{}", i + 1);
                                view! {
                                    <section class="checklist-area" aria-labelledby=heading.clone()>
                                        <h2 id=heading.clone()>{a.area.clone()}</h2>
                                        <ol class="checklist" start=start.to_string()>
                                            {a.questions.into_iter().map(|q| view! {
                                                <li id=format!("q{}", q.number) data-number=q.number.to_string()>
                                                    <span class="question">{q.question}</span>
                                                    " "
                                                    <a class="report-link" href=report_href(q.number)
                                                        aria-label=format!("就第 {} 条（{}）我要反映", q.number, area_short(&a.area))>"我要反映"</a>
                                                </li>
                                            }).collect_view()}
                                        </ol>
                                    </section>
                                }
                            }).collect_view()}
                        }.into_any(),
                    }
                })}
            </Suspense>
            <section aria-labelledby="measures-h" id="measures">
                <h2 id="measures-h">"激励和惩戒措施清单"</h2>
                <h3>"激励措施"</h3>
                <ol class="measures">{INCENTIVES.iter().map(|m| view! { <li>{*m}</li> }).collect_view()}</ol>
                <h3>"惩戒措施"</h3>
                <ol class="measures">{PUNISHMENTS.iter().map(|m| view! { <li>{*m}</li> }).collect_view()}</ol>
                <p class="hint">{format!("{TOLERANCE}：坚持“三个区分开来”，对改革创新中出现的失误错误依规依纪依法容错免责。")}</p>
                <p><a href="/notices">"公开通报曝光"</a></p>
            </section>
        </div>
    }
}
