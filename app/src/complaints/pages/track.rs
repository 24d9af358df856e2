use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::error::error_message;
use crate::complaints::api::load_tracking;
use crate::complaints::model::{PublicStatus, RATINGS};
use crate::components::{ErrorBox, Loading, Notices};

#[component]
pub fn TrackPage() -> impl IntoView {
    let query = use_query_map();
    let status = Resource::new(move || query.read().get("v").unwrap_or_default(), |_| load_tracking());
    view! {
        <Title text="查询办理进度"/>
        <div class="wrap narrow">
            <h1>"查询办理进度"</h1>
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
    view! {
        <form id="track-form" method="post" action="/track" class="tip-form">
            <label for="receipt">"回执码"</label>
            <input id="receipt" name="receipt" required maxlength="64" autocomplete="off" spellcheck="false"
                placeholder="XXXX-XXXX-XXXX-XXXX-XXXX"/>
            <button type="submit">"查询"</button>
        </form>
        <p class="hint">"回执码在提交反映时显示。为保护举报人，回执码遗失后无法找回。"</p>
    }
}

#[component]
fn StatusView(status: PublicStatus) -> impl IntoView {
    view! {
        <section aria-labelledby="state-h" class="status-box">
            <h2 id="state-h">"案件 " {status.case_number.clone()}</h2>
            <p>"类别：" {status.kind.clone()} " · 提交于 " {status.submitted_at.clone()}</p>
            <p>"当前状态：" <strong id="case-state">{status.state_label.clone()}</strong></p>
            <p id="state-meaning">{status.state.meaning()}</p>
            {status.due.clone().map(|d| view! {
                <p id="current-due">{d.label}"：" <strong>{d.date}</strong>
                    {d.provisional.then(|| view! { <span class="provisional" title="该年度节假日安排尚未正式公布，期限按暂定日历计算">"（暂定）"</span> })}
                    <span class="hint">"（按法定工作日计算，节假日顺延）"</span></p>
            })}
        </section>
        {status.feedback.clone().map(|f| view! {
            <section aria-labelledby="fb-h" class="notice"><h2 id="fb-h">"办理答复"</h2><p id="feedback">{f}</p></section>
        })}
        {status.earlier_feedback.clone().map(|f| view! {
            <section aria-labelledby="efb-h" id="earlier-feedback">
                <h2 id="efb-h">"此前的答复（已因异议或重新办理而失效，以新的答复为准）"</h2>
                <p class="superseded">{f}</p>
            </section>
        })}
        {status.open_question.clone().map(|q| view! {
            <section aria-labelledby="q-h" class="notice notice-warn"><h2 id="q-h">"区纪委监委向您提问"</h2><p id="question">{q}</p></section>
        })}
        <TipSummaryView summary=status.summary.clone()/>
        <section aria-labelledby="tl-h">
            <h2 id="tl-h">"办理过程"</h2>
            <ol class="timeline" id="timeline">
                {status.timeline.into_iter().map(|e| view! {
                    <li class:from-reporter=e.from_reporter>
                        <time>{e.at}</time>" "<strong>{e.label}</strong>
                        {e.note.map(|n| view! { <span class:superseded=e.superseded>" "{n}</span> })}
                        {e.superseded.then(|| view! { <span class="tag">"已被新的办理取代"</span> })}
                    </li>
                }).collect_view()}
            </ol>
        </section>
        <section aria-labelledby="msg-h">
            <h2 id="msg-h">"补充情况或回答提问"</h2>
            <form id="message-form" method="post" action="/track/message" enctype="multipart/form-data" class="tip-form">
                <label for="text">"留言"</label>
                <textarea id="text" name="text" rows="4" maxlength="5000" required></textarea>
                <label for="files">"补充材料（选填）"</label>
                <input id="files" name="evidence" type="file" multiple accept=".png,.jpg,.jpeg,.gif,.webp,.pdf,.doc,.docx,.xls,.xlsx,.ppt,.pptx"/>
                <button type="submit">"发送"</button>
            </form>
        </section>
        {status.can_rate.then(|| view! {
            <section aria-labelledby="rate-h">
                <h2 id="rate-h">"评价办理结果"</h2>
                <form id="rate-form" method="post" action="/track/rate" class="tip-form">
                    <fieldset>
                        <legend>"您对办理结果是否满意"</legend>
                        {RATINGS.iter().enumerate().map(|(i, r)| view! {
                            <div class="check"><input type="radio" id=format!("rate-{i}") name="rating" value=*r required/>
                            <label for=format!("rate-{i}")>{*r}</label></div>
                        }).collect_view()}
                    </fieldset>
                    <label for="comment">"意见（选填）"</label>
                    <textarea id="comment" name="comment" rows="3" maxlength="1000"></textarea>
                    <button type="submit">"提交评价"</button>
                </form>
            </section>
        })}
        {status.rating.clone().map(|note| {
            let (rating, comment) = crate::complaints::model::split_rating(&note);
            let (rating, comment) = (rating.to_string(), comment.to_string());
            view! {
                <p>"您的评价：" <strong id="rating">{rating}</strong>
                    {(!comment.is_empty()).then(|| view! { <span id="rating-comment">"（"{comment}"）"</span> })}</p>
            }
        })}
        {status.can_object.then(|| view! {
            <section aria-labelledby="obj-h">
                <h2 id="obj-h">"提出异议"</h2>
                <form id="object-form" method="post" action="/track/object" class="tip-form">
                    <label for="reason">"异议理由（提出后案件将重新办理）"</label>
                    <textarea id="reason" name="reason" rows="3" maxlength="2000" required></textarea>
                    <button type="submit">"提出异议"</button>
                </form>
            </section>
        })}
        <form method="post" action="/track/leave"><button type="submit" class="secondary">"退出查询"</button></form>
    }
}

/// What the reporter filed, for the reporter only (behind the receipt).
#[component]
fn TipSummaryView(summary: crate::complaints::model::TipSummary) -> impl IntoView {
    let or_unfilled = |t: &str| if t.trim().is_empty() { "未填写".to_string() } else { t.to_string() };
    view! {
        <section aria-labelledby="mine-h" id="my-tip">
            <h2 id="mine-h">"您反映的内容"</h2>
            <dl class="facts">
                <div><dt>"涉及单位"</dt><dd>{or_unfilled(&summary.subject_unit)}</dd></div>
                {summary.policy.clone().map(|p| view! { <div><dt>"相关政策"</dt><dd>{p}</dd></div> })}
                <div><dt>"发生时间"</dt><dd>{or_unfilled(&summary.occurred_when)}</dd></div>
                <div><dt>"发生地点"</dt><dd>{or_unfilled(&summary.occurred_where)}</dd></div>
                <div><dt>"举报方式"</dt><dd>{if summary.anonymous { "匿名" } else { "实名" }}</dd></div>
                <div><dt>"证据材料"</dt><dd>{format!("{} 个文件", summary.files)}</dd></div>
            </dl>
            <p class="content" id="my-description">{summary.description.clone()}</p>
        </section>
    }
}
