//! One case as staff see it: its facts, history, files and mail, and the forms of the
//! actions the viewer's role may take.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

use crate::complaints::api::load_staff_case;
use crate::complaints::model::{next_step, Attention, MailKind, Role, StaffCasePage, State, AREAS, FINDINGS, MEASURES};
use crate::components::{ErrorBox, Loading, Notices};
use crate::error::error_message;
use crate::staff::pages::{not_logged_in, StaffBar};
use crate::url::percent_encode;

#[component]
pub fn StaffCasePage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let page = Resource::new(
        move || (params.read().get("number").unwrap_or_default(), query.read().get("reveal").unwrap_or_default()),
        |(number, reveal)| load_staff_case(number, reveal),
    );
    view! {
        <Title text="案件详情"/>
        <div class="wrap">
            <Notices/>
            <Suspense fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    match page.await {
                        Err(e) => view! { <h1>"案件"</h1><ErrorBox message=error_message(&e)/> }.into_any(),
                        Ok(None) => not_logged_in(),
                        Ok(Some(p)) => view! { <CaseView page=p/> }.into_any(),
                    }
                })}
            </Suspense>
        </div>
    }
}

#[component]
fn CaseActionForm(number: String, csrf: String, action: &'static str, title: &'static str, next: bool, children: Children) -> impl IntoView {
    let url = format!("/staff/case/{}", percent_encode(&number));
    view! {
        <form method="post" action=url class="action-form" class:next=next data-action=action>
            <input type="hidden" name="csrf" value=csrf/>
            <input type="hidden" name="action" value=action/>
            <h3>{title}{next.then(|| view! { <span class="tag next-tag">"下一步"</span> })}</h3>
            {children()}
        </form>
    }
}

/// The submit of a step that cannot be taken back: a first click opens the warning,
/// a second confirms (works without JavaScript).
#[component]
fn Confirm(label: &'static str, warning: &'static str) -> impl IntoView {
    view! {
        <details class="confirm">
            <summary>{label}</summary>
            <p class="hint">{warning}</p>
            <button type="submit">{format!("确认{label}")}</button>
        </details>
    }
}

#[component]
fn CaseView(page: StaffCasePage) -> impl IntoView {
    let StaffCasePage { me, csrf, case, identity, units, unstaffed_units, handlers } = page;
    let commission = me.role == Role::Commission;
    let unit_user = me.role == Role::Unit;
    let n = case.case_number.clone();
    let file_base = format!("/staff/case/{}/file/", percent_encode(&n));
    let state = case.state;
    let attention = case.attention;
    let (next_action, next_text) = next_step(state, attention);
    let c = csrf.clone();
    let form = move |action: &'static str, title: &'static str, body: AnyView| {
        let next = commission && next_action == Some(action);
        view! { <CaseActionForm number=n.clone() csrf=c.clone() action title next>{body}</CaseActionForm> }
    };
    let report_url = format!("/staff/case/{}/report", percent_encode(&case.case_number));
    let report_in = attention == Some(Attention::ReportIn);
    view! {
        <StaffBar me=me.clone() csrf=csrf.clone()/>
        <h1>"案件 " <span id="case-number">{case.case_number.clone()}</span></h1>
        <p>"状态：" <strong id="case-state">{state.label()}</strong>
            {case.overdue.then(|| view! { <strong class="overdue-tag">" 已超期"</strong> })}
            {attention.map(|a| view! { " " <strong class="attention-tag" id="case-attention">{a.label()}</strong> })}</p>
        {commission.then(|| view! { <p id="next-step" class="next-step">{next_text}</p> })}
        <dl class="facts">
            <div><dt>"类别"</dt><dd>{case.kind.clone()}</dd></div>
            <div><dt>"渠道"</dt><dd>{case.channel.clone()}</dd></div>
            <div><dt>"涉及单位"</dt><dd>{or_unfilled(&case.subject_unit)}</dd></div>
            {case.policy_code.clone().map(|p| {
                let shown = case.policy_title.clone().map(|t| format!("{t}（{p}）")).unwrap_or_else(|| p.clone());
                view! { <div><dt>"相关政策"</dt><dd id="related-policy"><a href=format!("/policy/{}", percent_encode(&p))>{shown}</a></dd></div> }
            })}
            <div><dt>"发生时间"</dt><dd>{or_unfilled(&case.occurred_when)}</dd></div>
            <div><dt>"发生地点"</dt><dd>{or_unfilled(&case.occurred_where)}</dd></div>
            <div><dt>"提交时间"</dt><dd>{case.submitted_at.clone()}</dd></div>
            <div><dt>"受理期限"</dt><dd>{case.accept_due.clone()}<Provisional date=case.accept_due.clone() marked=case.provisional_dues.clone()/></dd></div>
            {case.verify_due.clone().map(|d| view! { <div><dt>"核查期限"</dt><dd>{d.clone()}<Provisional date=d marked=case.provisional_dues.clone()/></dd></div> })}
            {case.feedback_due.clone().map(|d| view! { <div><dt>"反馈期限"</dt><dd>{d.clone()}<Provisional date=d marked=case.provisional_dues.clone()/></dd></div> })}
            {case.area.clone().map(|a| view! { <div><dt>"监督领域"</dt><dd>{a}</dd></div> })}
            {case.question.map(|n| view! { <div><dt>"监督清单"</dt><dd><a href=format!("/supervision#q{n}")>{format!("第 {n} 条")}</a></dd></div> })}
            {case.assignee.clone().map(|a| view! { <div><dt>"承办人"</dt><dd>{a}</dd></div> })}
            {case.forwarded_unit.clone().map(|u| view! { <div><dt>"核查单位"</dt><dd>{u}</dd></div> })}
            <div><dt>"举报方式"</dt><dd id="reporter-kind">{if case.anonymous { "匿名" } else { "实名（身份信息加密保存）" }}</dd></div>
            {case.rating.clone().map(|r| view! { <div><dt>"举报人评价"</dt><dd>{r}</dd></div> })}
        </dl>
        <section aria-labelledby="desc-h"><h2 id="desc-h">"反映内容"</h2><p class="content" id="description">{case.description.clone()}</p></section>
        {identity.map(|i| view! {
            <section class="notice notice-warn" id="identity" aria-labelledby="id-h">
                <h2 id="id-h">"举报人身份（本次查看已记录）"</h2>
                <p>"姓名："{i.name}" · 电话："{i.phone}" · 邮箱："{i.email}" · 单位："{i.company}</p>
            </section>
        })}
        {(!case.files.is_empty()).then(|| view! {
            <section aria-labelledby="files-h"><h2 id="files-h">"证据材料"</h2>
                <ul>{case.files.iter().map(|f| view! {
                    <li data-file=f.id.to_string()><a href=format!("{}{}", file_base, f.id)>{f.name.clone()}</a>
                        {format!("（{}，{} 字节）", f.content_type, f.size)}
                        <span class="meta file-source">{format!(" · {} · {}", if f.source.is_empty() { "来源不详" } else { f.source.as_str() }, f.added_at)}</span></li>
                }).collect_view()}</ul>
            </section>
        })}
        <section aria-labelledby="hist-h">
            <h2 id="hist-h">"办理记录"</h2>
            <ol class="timeline" id="history">
                {case.events.iter().map(|e| view! {
                    <li><time>{e.at.clone()}</time>" "<strong>{e.action.clone()}</strong>" · "{e.actor.clone()}" → "{e.state.label()}
                        {(!e.note.is_empty()).then(|| view! { <span>" "{e.note.clone()}</span> })}</li>
                }).collect_view()}
            </ol>
        </section>
        {commission.then(|| view! {
            <section aria-labelledby="mail-h"><h2 id="mail-h">"邮件通知"</h2>
                {if case.mails.is_empty() { view! { <p>"无。"</p> }.into_any() } else { view! {
                    <ul id="mails">{case.mails.iter().map(|m| view! {
                        <li>{mail_label(&m.kind)}" · "{m.created_at.clone()}" · "
                            {match &m.sent_at { Some(t) => format!("已发送 {t}"), None => format!("待发送（已尝试 {} 次）{}", m.attempts, m.last_error.clone().map(|e| format!(":{e}")).unwrap_or_default()) }}</li>
                    }).collect_view()}</ul>
                }.into_any() }}
            </section>
        })}
        <section aria-labelledby="act-h" class="actions">
            <h2 id="act-h">"办理操作"</h2>
            {(commission && state == State::Submitted).then(|| view! {
                {form("accept", "受理", view! {
                    <Confirm label="受理" warning="受理后举报人将看到“已受理”，反馈期限开始计算。"/> }.into_any())}
                {form("not_accept", "不予受理", view! {
                    <label for="na-reason">"理由（举报人可见）"</label><textarea id="na-reason" name="reason" required></textarea>
                    <Confirm label="不予受理" warning="举报人将看到不予受理及理由。"/> }.into_any())}
            })}
            {(commission && matches!(state, State::Accepted | State::Verifying)).then(|| view! {
                {form("forward", "转交单位核查", view! {
                    <label for="fw-unit">"核查单位"</label>
                    <select id="fw-unit" name="unit" required aria-describedby="fw-unit-hint">
                        // No unit is chosen for the commission: the tip may name none, or the wrong one.
                        <option value="" selected=!units.contains(&case.subject_unit) || unstaffed_units.contains(&case.subject_unit)>"请选择单位"</option>
                        {units.iter().map(|u| {
                            let unstaffed = unstaffed_units.contains(u);
                            let label = if unstaffed { format!("{u}（无单位账号，不能转交）") } else { u.clone() };
                            view! { <option value=u.clone() disabled=unstaffed selected=*u == case.subject_unit && !unstaffed>{label}</option> }
                        }).collect_view()}
                    </select>
                    <p id="fw-unit-hint" class="hint">"只能转交给已开通单位账号的单位；其他单位请先请管理员开通账号。"</p>
                    <label for="fw-due">"核查期限（留空则按默认工作日期限）"</label><input id="fw-due" name="due" type="date"/>
                    <label for="fw-ins">"核查要求"</label><textarea id="fw-ins" name="instructions"></textarea>
                    <button type="submit">"转交"</button> }.into_any())}
            })}
            {(commission && state == State::Verifying && report_in).then(|| view! {
                {form("handle", "处置", view! {
                    <label for="h-finding">"核查结论"</label>
                    <select id="h-finding" name="finding" required>
                        <option value="" selected>"请选择"</option>
                        {FINDINGS.iter().map(|(k, l)| view! { <option value=*k>{*l}</option> }).collect_view()}
                    </select>
                    <fieldset><legend>"处置措施"</legend>
                        {MEASURES.iter().enumerate().map(|(i, m)| view! {
                            <div class="check"><input type="checkbox" id=format!("m-{i}") name="measures" value=*m/><label for=format!("m-{i}")>{*m}</label></div>
                        }).collect_view()}
                    </fieldset>
                    <label for="h-note">"说明"</label><textarea id="h-note" name="note"></textarea>
                    <button type="submit">"记录处置结果"</button> }.into_any())}
            })}
            {(commission && matches!(state, State::Handled | State::FeedbackGiven)).then(|| view! {
                {form("feedback", "答复举报人", view! {
                    <label for="fb-text">"答复内容（举报人可见）"</label><textarea id="fb-text" name="text" required></textarea>
                    <button type="submit">"发送答复"</button> }.into_any())}
            })}
            {(commission && matches!(state, State::FeedbackGiven | State::NotAccepted)).then(|| view! {
                {form("close", "办结", view! {
                    <Confirm label="办结" warning="办结后举报人将看到“已办结”；如需继续办理须写明理由重新办理。"/> }.into_any())}
            })}
            {(commission && matches!(state, State::FeedbackGiven | State::Closed | State::NotAccepted)).then(|| view! {
                {form("reopen", "重新办理", view! {
                    <label for="ro-reason">"理由"</label><textarea id="ro-reason" name="reason" required></textarea>
                    <button type="submit">"重新办理"</button> }.into_any())}
            })}
            {(commission && !matches!(state, State::Closed | State::NotAccepted)).then(|| view! {
                {form("tag_area", "标注监督领域", view! {
                    <label for="ta-area">"监督领域"</label>
                    <select id="ta-area" name="area">{AREAS.iter().map(|a| view! { <option value=*a>{*a}</option> }).collect_view()}</select>
                    <button type="submit">"标注"</button> }.into_any())}
                {form("tag_question", "对照监督清单", view! {
                    <label for="tq-number">"监督清单问题序号（1–100，同时标注其监督领域）"</label>
                    <input id="tq-number" name="question" type="number" min="1" max="100" required/>
                    <button type="submit">"标注"</button> }.into_any())}
                {form("assign", "指定承办人", view! {
                    <label for="as-user">"承办人"</label>
                    <select id="as-user" name="user_id">{handlers.iter().map(|h| view! { <option value=h.id.to_string()>{h.display_name.clone()}</option> }).collect_view()}</select>
                    <button type="submit">"指定"</button> }.into_any())}
                {form("ask_reporter", "向举报人提问", view! {
                    <label for="ask-q">"问题（举报人可见）"</label><textarea id="ask-q" name="question" required></textarea>
                    <button type="submit">"发送"</button> }.into_any())}
                {form("merge", "合并到其他案件", view! {
                    <label for="mg-into">"并入案件编号"</label><input id="mg-into" name="into_case" required/>
                    <button type="submit">"合并"</button> }.into_any())}
            })}
            {commission.then(|| view! {
                {form("internal_note", "内部备注", view! {
                    <label for="in-note">"备注（仅纪委监委可见）"</label><textarea id="in-note" name="note" required></textarea>
                    <button type="submit">"保存备注"</button> }.into_any())}
            })}
            {(commission && !case.anonymous).then(|| view! {
                {form("reveal_identity", "查看实名举报人身份", view! {
                    <p class="hint">"查看将记入办理记录，请写明理由。"</p>
                    <label for="rv-reason">"理由"</label><textarea id="rv-reason" name="reason" required></textarea>
                    <button type="submit">"查看身份"</button> }.into_any())}
            })}
            {(unit_user && state == State::Verifying && report_in).then(|| view! {
                <p id="report-sent" class="notice">"核查报告已提交，等待区纪委监委处理。"</p>
            })}
            {(unit_user && state == State::Verifying && !report_in).then(|| view! {
                <form method="post" action=report_url.clone() enctype="multipart/form-data" class="action-form" data-action="unit_report">
                    <input type="hidden" name="csrf" value=csrf.clone()/>
                    <h3>"提交核查报告"</h3>
                    <label for="ur-text">"核查情况"</label><textarea id="ur-text" name="report" required></textarea>
                    <label for="ur-files">"书面报告（选填，PDF、Word、图片等，每个不超过 10 MB）"</label>
                    <input id="ur-files" name="evidence" type="file" multiple accept=".png,.jpg,.jpeg,.gif,.webp,.pdf,.doc,.docx,.xls,.xlsx,.ppt,.pptx"/>
                    <button type="submit">"提交"</button>
                </form>
            })}
        </section>
    }
}

fn or_unfilled(text: &str) -> String {
    if text.trim().is_empty() { "未填写".to_string() } else { text.to_string() }
}

fn mail_label(kind: &str) -> &'static str {
    MailKind::from_key(kind).map(MailKind::label).unwrap_or("邮件")
}

/// "（暂定）" after a due date counted on holidays not yet published.
#[component]
fn Provisional(date: String, marked: Vec<String>) -> impl IntoView {
    marked.contains(&date).then(|| view! {
        <span class="provisional" title="该年度节假日安排尚未正式公布，期限按暂定日历计算">"（暂定）"</span>
    })
}
