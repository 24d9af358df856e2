//! `/supervision`: the supervision checklist (100个是否) by area, each question with its
//! 我要反映 link, and the ten incentive and punishment measures.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::components::{ErrorBox, Loading};
use crate::error::error_message;
use crate::lang::{localize, td_string, use_locale, Locale, DATA_LANG};
use crate::supervision::api::get_checklist;
use crate::supervision::model::{area_short, INCENTIVES, PUNISHMENTS, TOLERANCE};

/// The tip form for a question, unlocalized.
pub fn report_href(number: u32) -> String {
    format!("/report?question={number}")
}

#[component]
pub fn ChecklistPage() -> impl IntoView {
    let l = use_locale();
    let checklist = Resource::new(|| (), |_| get_checklist());
    view! {
        <Title text=td_string!(l, supervision.checklist_title)/>
        <div class="wrap">
            <h1 class="page-title">{td_string!(l, supervision.checklist_heading)}</h1>
            <p class="sample-note">{td_string!(l, supervision.sample_note)}</p>
            <p class="lead">
                {td_string!(l, supervision.lead)}
                {(l == Locale::zh_CN).then(|| view! { <span lang="en" class="en">{td_string!(Locale::en, supervision.lead)}</span> })}
            </p>
            <Suspense fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    match checklist.await {
                        Err(e) => view! { <ErrorBox message=error_message(&e)/> }.into_any(),
                        Ok(c) => view! {
                            <nav aria-label=td_string!(l, supervision.areas_label) class="area-nav">
                                <ul>{c.areas.iter().enumerate().map(|(i, a)| view! {
                                    <li><a href=format!("#area-{}", i + 1)><span lang=DATA_LANG>{a.area.clone()}</span>{td_string!(l, supervision.area_count, count = a.questions.len())}</a></li>
                                }).collect_view()}</ul>
                            </nav>
                            {c.areas.into_iter().enumerate().map(|(i, a)| {
                                let start = a.questions.first().map(|q| q.number).unwrap_or(1);
                                let heading = format!("area-{}", i + 1);
                                view! {
                                    <section class="checklist-area" aria-labelledby=heading.clone()>
                                        <h2 id=heading.clone() lang=DATA_LANG>{a.area.clone()}</h2>
                                        <ol class="checklist" start=start.to_string()>
                                            {a.questions.into_iter().map(|q| view! {
                                                <li id=format!("q{}", q.number) data-number=q.number.to_string()>
                                                    <span class="question" lang=DATA_LANG>{q.question}</span>
                                                    " "
                                                    <a class="report-link" href=localize(l, &report_href(q.number))>
                                                        {td_string!(l, supervision.report_link)}
                                                        // The link's name says which question; the area is data, in Chinese.
                                                        <span class="visually-hidden">
                                                            {td_string!(l, supervision.report_which, number = q.number)}
                                                            <span lang=DATA_LANG>{area_short(&a.area)}</span>
                                                        </span>
                                                    </a>
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
                <h2 id="measures-h">{td_string!(l, supervision.measures_heading)}</h2>
                <h3>{td_string!(l, supervision.incentives_heading)}</h3>
                <ol class="measures">{INCENTIVES.iter().map(|m| view! { <li lang=DATA_LANG>{*m}</li> }).collect_view()}</ol>
                <h3>{td_string!(l, supervision.punishments_heading)}</h3>
                <ol class="measures">{PUNISHMENTS.iter().map(|m| view! { <li lang=DATA_LANG>{*m}</li> }).collect_view()}</ol>
                <p class="hint"><span lang=DATA_LANG>{TOLERANCE}</span>{td_string!(l, supervision.tolerance_hint)}</p>
                <p><a href=localize(l, "/notices")>{td_string!(l, supervision.notices_title)}</a></p>
            </section>
        </div>
    }
}
