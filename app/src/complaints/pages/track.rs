use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::error::error_message;
use crate::complaints::api::load_tracking;
use crate::complaints::model::{due_label_in, key_of, kind_label_in, rating_label_in, split_rating, PublicStatus, TipSummary, KINDS, RATINGS};
use crate::components::{ErrorBox, Loading, Notices};
use crate::lang::{td_string, use_locale, DATA_LANG};

#[component]
pub fn TrackPage() -> impl IntoView {
    let l = use_locale();
    let query = use_query_map();
    let status = Resource::new(move || query.read().get("v").unwrap_or_default(), |_| load_tracking());
    view! {
        <Title text=td_string!(l, complaints.track_title)/>
        <div class="wrap narrow">
            <h1>{td_string!(l, complaints.track_title)}</h1>
            <Notices/>
            <Suspense fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    match status.await {
                        Err(e) => view! { <ErrorBox message=error_message(&e)/> }.into_any(),
                        Ok(None) => view! { <ReceiptForm/> }.into_any(),
                        Ok(Some(s)) => view! { <StatusView status=s/> }.into_any(),
                    }
                })}
            </Suspense>
        </div>
    }
}

#[component]
fn ReceiptForm() -> impl IntoView {
    let l = use_locale();
    view! {
        <form id="track-form" method="post" action="/track" class="tip-form">
            <label for="receipt">{td_string!(l, complaints.receipt_code)}</label>
            <input id="receipt" name="receipt" required maxlength="64" autocomplete="off" spellcheck="false"
                placeholder="XXXX-XXXX-XXXX-XXXX-XXXX"/>
            <button type="submit">{td_string!(l, complaints.look_up)}</button>
        </form>
        <p class="hint">{td_string!(l, complaints.receipt_hint)}</p>
    }
}

/// A word of the case's vocabulary in the page's language; a text the page does not
/// know stays as the server wrote it, marked Chinese.
fn term(known: Option<&'static str>, raw: String) -> AnyView {
    match known {
        Some(text) => text.into_any(),
        None => view! { <span lang=DATA_LANG>{raw}</span> }.into_any(),
    }
}

#[component]
fn StatusView(status: PublicStatus) -> impl IntoView {
    let l = use_locale();
    let kind = term(key_of(KINDS, &status.kind).map(|k| kind_label_in(k, l)), status.kind.clone());
    view! {
        <section aria-labelledby="state-h" class="status-box">
            <h2 id="state-h">{td_string!(l, complaints.case_heading)} {status.case_number.clone()}</h2>
            <p>{td_string!(l, complaints.kind_prefix)} {kind} {td_string!(l, complaints.submitted_on)} {status.submitted_at.clone()}</p>
            <p>{td_string!(l, complaints.current_state)} <strong id="case-state">{status.state.label_in(l)}</strong></p>
            <p id="state-meaning">{status.state.meaning(l)}</p>
            {status.due.clone().map(|d| view! {
                <p id="current-due">{term(due_label_in(&d.label, l), d.label)}{td_string!(l, complaints.colon)} <strong>{d.date}</strong>
                    {d.provisional.then(|| view! {
                        <span class="provisional" title=td_string!(l, complaints.provisional_title)>{td_string!(l, complaints.provisional)}</span>
                    })}
                    <span class="hint">{td_string!(l, complaints.working_days_hint)}</span></p>
            })}
        </section>
        {status.feedback.clone().map(|f| view! {
            <section aria-labelledby="fb-h" class="notice"><h2 id="fb-h">{td_string!(l, complaints.feedback_heading)}</h2><p id="feedback" lang=DATA_LANG>{f}</p></section>
        })}
        {status.earlier_feedback.clone().map(|f| view! {
            <section aria-labelledby="efb-h" id="earlier-feedback">
                <h2 id="efb-h">{td_string!(l, complaints.earlier_feedback_heading)}</h2>
                <p class="superseded" lang=DATA_LANG>{f}</p>
            </section>
        })}
        {status.open_question.clone().map(|q| view! {
            <section aria-labelledby="q-h" class="notice notice-warn"><h2 id="q-h">{td_string!(l, complaints.question_heading)}</h2><p id="question" lang=DATA_LANG>{q}</p></section>
        })}
        <TipSummaryView summary=status.summary.clone()/>
        <section aria-labelledby="tl-h">
            <h2 id="tl-h">{td_string!(l, complaints.timeline_heading)}</h2>
            <ol class="timeline" id="timeline">
                {status.timeline.into_iter().map(|e| {
                    let kind = e.kind();
                    // A step's standard line is the page's; any other note is what someone wrote.
                    let line = kind.filter(|k| k.public_line() == e.note.as_deref()).and_then(|k| k.public_line_in(l));
                    let (note, note_lang) = match line {
                        Some(line) => (Some(line.to_string()), None),
                        None => (e.note, Some(DATA_LANG)),
                    };
                    view! {
                        <li class:from-reporter=e.from_reporter>
                            <time>{e.at}</time>" "<strong>{term(kind.map(|k| k.label_in(l)), e.label)}</strong>
                            {note.map(|n| view! { <span class:superseded=e.superseded lang=note_lang>" "{n}</span> })}
                            {e.superseded.then(|| view! { <span class="tag">{td_string!(l, complaints.superseded_tag)}</span> })}
                        </li>
                    }
                }).collect_view()}
            </ol>
        </section>
        <section aria-labelledby="msg-h">
            <h2 id="msg-h">{td_string!(l, complaints.message_heading)}</h2>
            <form id="message-form" method="post" action="/track/message" enctype="multipart/form-data" class="tip-form">
                <label for="text">{td_string!(l, complaints.message)}</label>
                <textarea id="text" name="text" rows="4" maxlength="5000" required></textarea>
                <label for="files">{td_string!(l, complaints.more_files)}</label>
                <input id="files" name="evidence" type="file" multiple accept=".png,.jpg,.jpeg,.gif,.webp,.pdf,.doc,.docx,.xls,.xlsx,.ppt,.pptx"/>
                <button type="submit">{td_string!(l, complaints.send)}</button>
            </form>
        </section>
        {status.can_rate.then(|| view! {
            <section aria-labelledby="rate-h">
                <h2 id="rate-h">{td_string!(l, complaints.rate_heading)}</h2>
                <form id="rate-form" method="post" action="/track/rate" class="tip-form">
                    <fieldset>
                        <legend>{td_string!(l, complaints.rate_legend)}</legend>
                        {RATINGS.iter().enumerate().map(|(i, r)| view! {
                            <div class="check"><input type="radio" id=format!("rate-{i}") name="rating" value=*r required/>
                            <label for=format!("rate-{i}")>{term(rating_label_in(r, l), r.to_string())}</label></div>
                        }).collect_view()}
                    </fieldset>
                    <label for="comment">{td_string!(l, complaints.rate_comment)}</label>
                    <textarea id="comment" name="comment" rows="3" maxlength="1000"></textarea>
                    <button type="submit">{td_string!(l, complaints.rate_submit)}</button>
                </form>
            </section>
        })}
        {status.rating.clone().map(|note| {
            let (rating, comment) = split_rating(&note);
            let (rating, comment) = (term(rating_label_in(rating, l), rating.to_string()), comment.to_string());
            view! {
                <p>{td_string!(l, complaints.your_rating)} <strong id="rating">{rating}</strong>
                    {(!comment.is_empty()).then(|| view! {
                        <span id="rating-comment">{td_string!(l, complaints.open_paren)}<span lang=DATA_LANG>{comment}</span>{td_string!(l, complaints.close_paren)}</span>
                    })}</p>
            }
        })}
        {status.can_object.then(|| view! {
            <section aria-labelledby="obj-h">
                <h2 id="obj-h">{td_string!(l, complaints.object_heading)}</h2>
                <form id="object-form" method="post" action="/track/object" class="tip-form">
                    <label for="reason">{td_string!(l, complaints.object_reason)}</label>
                    <textarea id="reason" name="reason" rows="3" maxlength="2000" required></textarea>
                    <button type="submit">{td_string!(l, complaints.object_submit)}</button>
                </form>
            </section>
        })}
        <form method="post" action="/track/leave"><button type="submit" class="secondary">{td_string!(l, complaints.leave)}</button></form>
    }
}

/// What the reporter filed, for the reporter only (behind the receipt).
#[component]
fn TipSummaryView(summary: TipSummary) -> impl IntoView {
    let l = use_locale();
    let fact = move |t: &str| {
        if t.trim().is_empty() {
            view! { <dd>{td_string!(l, complaints.not_given)}</dd> }.into_any()
        } else {
            view! { <dd lang=DATA_LANG>{t.to_string()}</dd> }.into_any()
        }
    };
    view! {
        <section aria-labelledby="mine-h" id="my-tip">
            <h2 id="mine-h">{td_string!(l, complaints.my_tip_heading)}</h2>
            <dl class="facts">
                <div><dt>{td_string!(l, complaints.subject_unit)}</dt>{fact(&summary.subject_unit)}</div>
                {summary.policy.clone().map(|p| view! { <div><dt>{td_string!(l, complaints.related_policy)}</dt><dd lang=DATA_LANG>{p}</dd></div> })}
                <div><dt>{td_string!(l, complaints.occurred_when)}</dt>{fact(&summary.occurred_when)}</div>
                <div><dt>{td_string!(l, complaints.occurred_where)}</dt>{fact(&summary.occurred_where)}</div>
                <div><dt>{td_string!(l, complaints.reporting_mode)}</dt>
                    <dd>{if summary.anonymous { td_string!(l, complaints.mode_anonymous) } else { td_string!(l, complaints.mode_named) }}</dd></div>
                <div><dt>{td_string!(l, complaints.evidence_files)}</dt><dd>{td_string!(l, complaints.file_count, count = summary.files)}</dd></div>
            </dl>
            <p class="content" id="my-description" lang=DATA_LANG>{summary.description.clone()}</p>
        </section>
    }
}
