use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::error::error_message;
use crate::complaints::api::load_report_form;
use crate::complaints::model::{Kept, NewTip, CHANNELS, KINDS};
use crate::components::{ErrorBox, Loading, Notices};
use crate::policies::components::policy_href;

/// The tip form: a real multipart form that works without JavaScript. Errors come
/// back with everything typed kept (files excepted, which the browser cannot refill).
#[component]
pub fn ReportPage() -> impl IntoView {
    let query = use_query_map();
    let data = Resource::new(
        move || {
            let q = query.read();
            (
                q.get("policy").unwrap_or_default(),
                q.get("service").unwrap_or_default(),
                q.get("task").unwrap_or_default(),
                q.get("question").unwrap_or_default(),
                q.get("draft").unwrap_or_default(),
            )
        },
        |(policy, service, task, question, draft)| load_report_form(policy, service, task, question, draft),
    );
    view! {
        <Title text="我要反映"/>
        <div class="wrap narrow">
            <h1>"我要反映问题线索"</h1>
            <p class="lead">
                "涉企惠企政策不落实、刁难企业和企业家、损害营商环境等问题，可在此向区纪委监委反映，也可拨打监督举报电话 "
                <a href="tel:86757678">"86757678"</a>"。"
                <span lang="en" class="en">"Report policies not honoured, officials obstructing business, or harm to the business environment to the district discipline commission."</span>
            </p>
            <section class="notice" aria-labelledby="guide-h">
                <h2 id="guide-h">"如何反映更有效"</h2>
                <ul>
                    <li>"写清楚：什么单位、什么人、在什么时间和地点、做了什么、造成了什么影响。"</li>
                    <li>"涉及具体政策的，请写明政策名称或编号，以及您申请和被拒绝的经过。"</li>
                    <li>"可上传照片、通知书、聊天截图等证据（最多 5 个文件，每个不超过 10 MB，限图片、PDF、Office 文档）。"</li>
                </ul>
                <h2>"举报人保护"</h2>
                <p>"区纪委监委依规依纪对举报人信息严格保密。被反映的单位不会得知举报人是谁；实名举报的姓名、电话等信息加密保存，仅经记录的授权程序方可查看。匿名举报不记录您的 IP 地址或浏览器信息。"</p>
                <p class="notice-warn">"请如实反映。故意捏造事实、诬告陷害他人的，将依规依纪依法追究责任。"</p>
            </section>
            <Notices/>
            <Suspense fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Err(e) => view! { <ErrorBox message=error_message(&e)/> }.into_any(),
                        Ok(form) => view! {
                            {form.policy_title.clone().map(|t| view! {
                                <p class="notice">"反映的政策：" <a href=policy_href(&form.draft.policy_code)>{t}</a></p>
                            })}
                            {form.task_title.clone().map(|t| view! {
                                <p class="notice" id="task-notice">"反映的改革任务：" {t}"（未落实）"</p>
                            })}
                            {form.question_text.clone().map(|t| view! {
                                <p class="notice" id="question-notice">{format!("对照监督清单第 {} 条：{t}", form.draft.question)}</p>
                            })}
                            {form.service_title.clone().map(|t| view! {
                                <p class="notice" id="service-notice">"反映的办事事项：" {t}"（办不成事）"</p>
                            })}
                            <TipForm action="/report" units=form.units draft=form.draft kept=form.kept csrf=None/>
                        }.into_any(),
                    }
                })}
            </Suspense>
        </div>
    }
}

/// The fields of a tip, shared by the public form and the staff intake form.
#[component]
pub fn TipForm(
    action: &'static str,
    units: Vec<String>,
    draft: NewTip,
    #[prop(optional)] kept: Kept,
    csrf: Option<String>,
) -> impl IntoView {
    let staff = csrf.is_some();
    let kind = draft.kind.clone();
    // No default: the reporter chooses. Once 实名 is chosen the browser asks for the
    // name and phone (the server checks them either way).
    let named = RwSignal::new(kept.anonymous == Some(false));
    view! {
        <form id="tip-form" class="tip-form" method="post" action=action enctype="multipart/form-data">
            {csrf.map(|t| view! { <input type="hidden" name="csrf" value=t/> })}
            {staff.then(|| view! {
                <fieldset>
                    <legend>"受理渠道"</legend>
                    {CHANNELS.iter().filter(|(k, _)| *k != "online").enumerate().map(|(i, (k, l))| view! {
                        <div class="check"><input type="radio" id=format!("ch-{k}") name="channel" value=*k checked=i == 0 required/>
                        <label for=format!("ch-{k}")>{*l}</label></div>
                    }).collect_view()}
                </fieldset>
            })}
            <fieldset>
                <legend>"问题类别（必选）"</legend>
                {KINDS.iter().map(|(k, l)| view! {
                    <div class="check">
                        <input type="radio" id=format!("kind-{k}") name="kind" value=*k checked=kind == *k required/>
                        <label for=format!("kind-{k}")>{*l}</label>
                    </div>
                }).collect_view()}
            </fieldset>
            <label for="subject_unit">"涉及单位"</label>
            <input id="subject_unit" name="subject_unit" list="unit-list" maxlength="100" value=draft.subject_unit.clone()
                placeholder="可从列表选择，也可直接填写"/>
            <datalist id="unit-list">
                {units.into_iter().map(|u| view! { <option value=u/> }).collect_view()}
            </datalist>
            {(!draft.question.is_empty()).then(|| view! { <input type="hidden" name="question" value=draft.question.clone()/> })}
            {(!draft.task.is_empty()).then(|| view! { <input type="hidden" name="task" value=draft.task.clone()/> })}
            <label for="policy_code">"相关政策编号（选填）"</label>
            <input id="policy_code" name="policy_code" maxlength="64" value=draft.policy_code.clone()/>
            <label for="description">"问题描述（必填，至少 10 字）"</label>
            <textarea id="description" name="description" rows="8" minlength="10" maxlength="5000" required>{draft.description.clone()}</textarea>
            <div class="two-inputs">
                <div>
                    <label for="occurred_when">"发生时间"</label>
                    <input id="occurred_when" name="occurred_when" maxlength="200" value=draft.occurred_when.clone() placeholder="如：2026年10月中旬"/>
                </div>
                <div>
                    <label for="occurred_where">"发生地点"</label>
                    <input id="occurred_where" name="occurred_where" maxlength="200" value=draft.occurred_where.clone()/>
                </div>
            </div>
            <label for="evidence">"证据材料（选填，最多 5 个，每个不超过 10 MB）"</label>
            {(kept.files_dropped > 0).then(|| view! {
                <p class="notice notice-warn" id="files-again" role="status">
                    {format!("您之前选择的 {} 个证据文件未随表单保存，请重新选择。", kept.files_dropped)}
                    <span lang="en">" / Please choose your evidence files again."</span>
                </p>
            })}
            <input id="evidence" name="evidence" type="file" multiple
                accept=".png,.jpg,.jpeg,.gif,.webp,.pdf,.doc,.docx,.xls,.xlsx,.ppt,.pptx"/>
            <fieldset>
                <legend>"实名或匿名（必选）"</legend>
                <div class="check"><input type="radio" id="named" name="anonymous" value="false" required
                    checked=kept.anonymous == Some(false) on:change=move |_| named.set(true)/>
                    <label for="named">"实名反映（便于核实和反馈）"</label></div>
                <div class="check"><input type="radio" id="anon" name="anonymous" value="true"
                    checked=kept.anonymous == Some(true) on:change=move |_| named.set(false)/>
                    <label for="anon">"匿名反映（不记录姓名和联系方式）"</label></div>
            </fieldset>
            <fieldset class="identity">
                <legend>"实名信息（加密保存）"</legend>
                <label for="name">"姓名（实名必填）"</label>
                <input id="name" name="name" maxlength="50" autocomplete="off" value=draft.name.clone() required=move || named.get()/>
                <label for="phone">"联系电话（实名必填）"</label>
                <input id="phone" name="phone" type="tel" maxlength="20" autocomplete="off" value=draft.phone.clone() required=move || named.get()/>
                <label for="email">"电子邮箱（选填，用于接收答复提醒）"</label>
                <input id="email" name="email" type="email" maxlength="254" autocomplete="off" value=draft.email.clone()/>
                <label for="company">"所在企业或单位（选填）"</label>
                <input id="company" name="company" maxlength="100" value=draft.company.clone()/>
            </fieldset>
            {(!staff).then(|| view! {
                <p class="notice notice-warn">
                    "提交后会显示一个回执码。回执码只显示这一次，本站只保存它的加密摘要，"
                    <strong>"遗失后无法找回"</strong>
                    "，请务必抄写或下载保存。凭回执码可查询办理进度、补充材料和评价。"
                </p>
                <div class="check">
                    <input type="checkbox" id="pledge" name="pledge" value="yes" required checked=kept.pledged/>
                    <label for="pledge">"我承诺所反映情况属实，知悉诬告陷害将被依法追究责任"</label>
                </div>
            })}
            <button type="submit">{if staff { "登记" } else { "提交反映" }}</button>
        </form>
    }
}

pub fn channel_label(key: &str) -> &'static str {
    crate::complaints::model::label(CHANNELS, key)
}
